"""Build ``data/external/trade_war_catalog.csv`` from the shared reference timeline.

Usage::

    .venv/bin/python scripts/build_catalog.py [REFERENCE_CSV] [OUT_CSV]

The reference (``../shared/reference/trade_war_timeline_2018_2020.csv``) supplies the
facts: date, timing, timing note, category, direction, confirmation flag and sources.
The catalog keeps those facts and replaces the reference's ``notes`` with a short
description written for this project (``DESCRIPTIONS`` below, keyed by date and
category), plus the span of multi-day talks (``SPANS``). The rows were checked for
internal consistency (see :func:`analysis.catalog.consistency_report`) and were *not*
re-fetched from their sources: this machine is offline.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config
from analysis.events.catalog import build_catalog, consistency_report, validate_catalog
from analysis.io import read_csv_checked, write_csv_atomic

REFERENCE_CSV = ROOT.parent / "shared" / "reference" / "trade_war_timeline_2018_2020.csv"

# Our own short, factual wording; keyed by (date, category) of the reference row.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("2018-03-01", "tariff"): (
        "US says it will put Section 232 duties on steel (25%) and aluminum (10%) from all "
        "countries."
    ),
    ("2018-03-22", "tariff"): (
        "Trump signs a Section 301 memorandum aimed at $50-60bn of imports from China, plus a"
        " WTO complaint and limits on investment."
    ),
    ("2018-03-23", "tariff"): (
        "China proposes counter-duties on about $3bn of US goods (128 tariff lines) in answer"
        " to the steel and aluminum duties."
    ),
    ("2018-04-01", "tariff"): (
        "China's 15-25% duties on 128 US products (about $3bn) are put in force from April 2."
    ),
    ("2018-04-03", "tariff"): (
        "USTR lists 1,333 products (about $50bn) for a proposed 25% Section 301 duty."
    ),
    ("2018-04-04", "agriculture"): (
        "China answers with a proposed 25% duty on 106 US products (about $50bn), soybeans "
        "included; soybean futures fall sharply."
    ),
    ("2018-04-05", "tariff"): (
        "Trump asks USTR to study a further $100bn of duties on Chinese goods."
    ),
    ("2018-05-20", "talks"): (
        "After the Washington round, the two governments commit in a joint text to larger US "
        "farm and energy sales; Mnuchin calls the trade war on hold."
    ),
    ("2018-05-29", "tariff"): (
        "White House says 25% duties on $50bn of Chinese goods will go ahead, with the final "
        "list due June 15."
    ),
    ("2018-06-15", "tariff"): (
        "The US publishes its final 25% list on $50bn; Beijing answers the same day with "
        "equal 25% duties on about $50bn, farm goods included."
    ),
    ("2018-06-18", "tariff"): (
        "Trump instructs USTR to draw up a list of $200bn in Chinese imports to be taxed at "
        "10%."
    ),
    ("2018-07-06", "agriculture"): (
        "First US list (25% on $34bn) and China's matching duties on $34bn, soybeans "
        "included, take effect."
    ),
    ("2018-07-10", "tariff"): (
        "USTR proposes a 10% duty on a $200bn list of Chinese goods (List 3)."
    ),
    ("2018-07-24", "agriculture"): (
        "USDA unveils up to $12bn in support for farmers who lost sales to retaliation."
    ),
    ("2018-08-01", "tariff"): (
        "Trump tells USTR to weigh a 25% rate, up from 10%, for the planned $200bn list."
    ),
    ("2018-08-03", "tariff"): (
        "China proposes 5-25% duties on about $60bn of US goods should the $200bn list go "
        "ahead."
    ),
    ("2018-08-07", "tariff"): (
        "USTR publishes the final List 2 (25%, $16bn of Chinese goods), effective August 23."
    ),
    ("2018-08-08", "tariff"): (
        "China sets 25% duties on $16bn of US goods from August 23."
    ),
    ("2018-08-23", "tariff"): (
        "US List 2 ($16bn) and China's $16bn counter-duties take effect."
    ),
    ("2018-09-17", "tariff"): (
        "Trump confirms List 3: a 10% duty on $200bn from September 24, scheduled to reach "
        "25% on January 1, 2019."
    ),
    ("2018-09-18", "tariff"): (
        "China announces 5-10% counter-duties on $60bn of US goods from September 24."
    ),
    ("2018-09-24", "tariff"): (
        "The 10% duty on $200bn (List 3) and China's counter-duties on $60bn start to apply."
    ),
    ("2018-11-01", "talks"): (
        "Trump reports a long, very good phone call with Xi; a G20 meeting is being arranged."
    ),
    ("2018-12-01", "talks"): (
        "Trump and Xi agree a truce at the Buenos Aires G20: the January rise to 25% is "
        "postponed for 90 days of talks and China will buy more US goods."
    ),
    ("2018-12-04", "tariff"): (
        "Trump calls himself a 'Tariff Man' on Twitter; US stocks fall steeply the same day."
    ),
    ("2018-12-05", "tech"): (
        "The Vancouver arrest of Huawei's CFO Meng Wanzhou (on December 1) becomes public."
    ),
    ("2019-01-07", "talks"): (
        "Vice-ministerial talks in Beijing, January 7-9, run a day longer than planned."
    ),
    ("2019-01-28", "tech"): (
        "US Justice Department charges Huawei on the eve of Liu He's Washington visit."
    ),
    ("2019-01-30", "talks"): (
        "Liu He meets Lighthizer and Mnuchin for two days of senior-level negotiations in "
        "Washington, January 30-31."
    ),
    ("2019-02-24", "tariff"): (
        "Trump says on Twitter he will postpone the March 1 rise (10% to 25% on $200bn), "
        "citing progress."
    ),
    ("2019-05-05", "tariff"): (
        "Trump tweets that the duty on $200bn rises from 10% to 25% that Friday and threatens"
        " 25% on the remaining $325bn."
    ),
    ("2019-05-10", "tariff"): (
        "The List 3 rate goes from 10% to 25% as the Washington round with Liu He (May 9-10) "
        "ends without a deal."
    ),
    ("2019-05-13", "tariff"): (
        "China says it will raise duties on about $60bn of US goods from June 1; USTR "
        "proposes List 4 on about $300bn."
    ),
    ("2019-05-15", "tech"): (
        "Executive order on ICT supply-chain security; Commerce puts Huawei and affiliates on"
        " the Entity List."
    ),
    ("2019-05-23", "agriculture"): (
        "A $16bn aid package for farmers is announced."
    ),
    ("2019-06-01", "tariff"): (
        "Beijing's raised duties (10-25%) on about $60bn of American goods start to apply."
    ),
    ("2019-06-18", "talks"): (
        "Trump reports a very good phone call with Xi; the two plan an extended meeting at "
        "the end of June."
    ),
    ("2019-06-29", "talks"): (
        "At the Osaka G20, Trump and Xi agree to restart talks, hold off new duties on the "
        "remaining ~$300bn and let US firms resume some sales to Huawei."
    ),
    ("2019-07-24", "agriculture"): (
        "Reports say Beijing cleared five companies to import as much as 3m tonnes of US "
        "soybeans without retaliatory duties."
    ),
    ("2019-07-31", "talks"): (
        "Face-to-face round in Shanghai (July 30-31) between Lighthizer/Mnuchin and Liu He "
        "ends; the sides plan to meet again in Washington in September."
    ),
    ("2019-08-01", "tariff"): (
        "Trump tweets a 10% duty on the rest of Chinese imports (about $300bn) from September"
        " 1."
    ),
    ("2019-08-05", "currency"): (
        "The yuan weakens past 7 per dollar, Beijing stops buying US farm goods and the US "
        "Treasury formally names China a manipulator of its currency."
    ),
    ("2019-08-13", "tariff"): (
        "USTR pushes part of List 4 (including cellphones, laptops, game consoles and "
        "clothing) to December 15 and drops some items."
    ),
    ("2019-08-23", "tariff"): (
        "China announces 5-10% duties on $75bn of US goods; Trump answers after the close "
        "with higher rates on $250bn and $300bn."
    ),
    ("2019-09-01", "tariff"): (
        "List 4A (15% on about $112bn) takes effect, as does the first part of China's duties"
        " on $75bn."
    ),
    ("2019-09-05", "talks"): (
        "Phone call between Liu He and Lighthizer/Mnuchin; both sides plan senior-level "
        "negotiations in Washington at the start of October."
    ),
    ("2019-09-11", "tariff"): (
        "China exempts 16 kinds of US products; Trump moves the October 1 rise on $250bn to "
        "October 15."
    ),
    ("2019-09-13", "agriculture"): (
        "Beijing says soybeans, pork and other American farm products will be spared its "
        "additional duties."
    ),
    ("2019-09-20", "agriculture"): (
        "Deputy negotiators end their Washington meeting (September 19-20) and the Chinese "
        "delegation calls off its planned farm visits."
    ),
    ("2019-10-07", "tech"): (
        "Commerce puts 28 Chinese organisations, Hikvision among them, on the Entity List."
    ),
    ("2019-10-11", "talks"): (
        "After the October 10-11 round in Washington, Trump describes an oral 'phase one' "
        "agreement and suspends the October 15 rise."
    ),
    ("2019-12-12", "talks"): (
        "Trump says a big deal with China is very close; reports say phase-one terms are "
        "agreed."
    ),
    ("2019-12-13", "tariff"): (
        "Phase One deal announced: List 4B suspended, List 4A cut in half to 7.5%, China "
        "drops its December 15 duties."
    ),
    ("2020-01-15", "talks"): (
        "The Phase One deal is signed by Trump and Liu He in a White House ceremony."
    ),
    ("2020-02-14", "tariff"): (
        "The List 4A rate falls from 15% to 7.5%."
    ),
}

# Multi-day talks: (date, category) -> (span_start, span_end), from the reference's
# timing notes.
SPANS: dict[tuple[str, str], tuple[str, str]] = {
    ("2019-01-07", "talks"): ("2019-01-07", "2019-01-09"),
    ("2019-01-30", "talks"): ("2019-01-30", "2019-01-31"),
    ("2019-07-31", "talks"): ("2019-07-30", "2019-07-31"),
    ("2019-09-20", "agriculture"): ("2019-09-19", "2019-09-20"),
    ("2019-10-11", "talks"): ("2019-10-10", "2019-10-11"),
}


def main(argv: list[str]) -> int:
    """Read the reference, build and validate the catalog, print the checks, write it."""
    reference = Path(argv[1]) if len(argv) > 1 else REFERENCE_CSV
    out = Path(argv[2]) if len(argv) > 2 else config.CURATED_CATALOG_CSV
    ref = read_csv_checked(reference, dtype=str, keep_default_na=False)
    catalog = build_catalog(ref, DESCRIPTIONS, SPANS)
    validate_catalog(catalog, out)
    for line in consistency_report(catalog):
        print(line)
    write_csv_atomic(catalog, out)
    print(f"wrote {out} ({len(catalog)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
