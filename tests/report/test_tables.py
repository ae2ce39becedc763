"""The report's table formatter, compact layouts and the 00-summary sentences."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.io import AnalysisError
from analysis.report import summary, tables
from analysis.study.stattests import PRIMARY_TEST
from tests.report.htmltables import parse_tables


def test_numbers_are_formatted_by_kind() -> None:
    assert tables.percent(0.01484) == "1.48"
    assert tables.percent(-0.0123) == "−1.23"
    assert tables.percent(-0.00001) == "0.00"  # no "−0.00"
    assert tables.percent(np.nan) == tables.EM_DASH
    assert tables.pvalue(0.04219) == "0.042"
    assert tables.pvalue(0.0004) == "<0.001"
    assert tables.pvalue(0.0421, with_stars=True) == "0.042**"
    assert tables.pvalue(0.009, with_stars=True) == "0.009***"
    assert tables.pvalue(0.07, with_stars=True) == "0.070*"
    assert tables.pvalue(0.2, with_stars=True) == "0.200"
    assert tables.pvalue(None) == tables.EM_DASH
    assert tables.fixed(4)(2643.689941) == "2643.6899"


def test_table_uses_words_percent_stars_and_dashes() -> None:
    frame = pd.DataFrame({"event_id": ["A", "B"], "car": [0.01484, np.nan],
                          "car_se": [0.01847, np.nan], "p_value": [0.0312, np.nan],
                          "p_holm": [0.0624, np.nan]})
    html = tables.table(frame).to_html()
    (parsed,) = parse_tables(html)
    assert parsed.headers == ["event", "CAR (%)", "s.e. (%)", "p (primary)", "p (Holm)"]
    assert parsed.column("CAR (%)") == ["1.48", "—"]
    assert parsed.column("s.e. (%)") == ["1.85", "—"]
    assert parsed.column("p (primary)") == ["0.031**", "—"]
    assert parsed.column("p (Holm)") == ["0.062", "—"]  # stars only on the primary test
    assert "Stars on the primary test" in html
    # No primary test in the table: plain "p", no stars, no note.
    plain = tables.table(frame, primary=None).to_html()
    (parsed,) = parse_tables(plain)
    assert parsed.column("p") == ["0.031", "—"]
    assert "Stars" not in plain
    # Same content, same HTML (ids derive from the content).
    assert tables.table(frame).to_html() == html


def test_pivoted_columns_are_formatted_by_their_measure() -> None:
    long = pd.DataFrame({"ticker": ["X", "X", "Y", "Y"], "window": ["0:0", "-1:1"] * 2,
                         "caar": [0.011, -0.022, 0.0, 0.5], "p_value": [0.5, 0.04, 0.9, 0.001]})
    wide = long.pivot_table(index="ticker", columns="window", values=["caar", "p_value"],
                            sort=False)
    (parsed,) = parse_tables(tables.table(wide).to_html())
    assert parsed.column("CAAR (%)") == ["1.10", "−2.20", "0.00", "50.00"]
    assert parsed.column("p (primary)") == ["0.500", "0.040**", "0.900", "0.001***"]


def test_compact_folds_long_tables_and_split_makes_one_per_asset() -> None:
    frame = pd.DataFrame({"ticker": ["X"] * 45 + ["Y"] * 5, "car": np.linspace(0, 0.1, 50)})
    short = tables.compact(frame.head(40))._repr_html_()
    assert "<details" not in short
    body = tables.compact(frame, top=7, what="events")._repr_html_()
    visible, folded = body.split("<details", 1)
    assert len(parse_tables(visible)[0].rows) == 7
    assert "All 50 events" in folded
    assert len(parse_tables(folded)[0].rows) == 50
    parts = tables.split(frame, "ticker", titles={"X": "Asset X"})._repr_html_()
    assert "<h4>Asset X</h4>" in parts and "<h4>Y</h4>" in parts
    assert parts.count("<details") == 1  # X has 45 rows, Y five
    with pytest.raises(AnalysisError, match="no column 'nope'"):
        tables.split(frame, "nope")


def test_events_without_day0_become_one_line() -> None:
    reasons = {"M1": "month-precision date 2019-05: no day 0",
               "M2": "month-precision date 2019-06: no day 0",
               "W1": "date range 2019-07-16..2019-07-22 spans several ZS=F sessions: "
                     "no single day 0",
               "Y1": "year-precision date 2018: no day 0"}
    rows = [{"event_id": e, "ticker": t, "model": m, "car": np.nan, "reason": r}
            for e, r in reasons.items() for t, m in (("ZS=F", "constant"), ("ZS=F", "market"),
                                                     ("^GSPC", "constant"))]
    rows.append({"event_id": "D1", "ticker": "ZS=F", "model": "constant", "car": 0.01,
                 "reason": np.nan})
    rows.append({"event_id": "X1", "ticker": "ZS=F", "model": "constant", "car": np.nan,
                 "reason": "too few estimation days"})
    line = tables.no_day0_lines(pd.DataFrame(rows))
    assert line.splitlines()[0] == ("2 month-level events, 1 week range, 1 year-level event: "
                                    "no single day 0; listed in `events.csv`.")
    assert "1 event(s): too few estimation days." in line
    assert list(tables.with_car(pd.DataFrame(rows))["event_id"]) == ["D1"]
    assert tables.no_day0_lines(pd.DataFrame(rows[-2:-1])) == ""


def test_primary_with_robustness_puts_other_tests_beside_the_primary() -> None:
    battery = pd.DataFrame({
        "ticker": ["X"] * 3, "group": ["all"] * 3, "n_events": [4] * 3, "caar": [0.01] * 3,
        "se": [0.02] * 3, "statistic": ["clustered_t", "csect_t", "permutation"],
        "p_value": [0.3, 0.04, 0.5], "primary": [True, False, False]})
    side, labels = tables.primary_with_robustness(battery, ["ticker", "group"])
    assert side.to_dict("records") == [{"ticker": "X", "group": "all", "n_events": 4,
                                        "caar": 0.01, "se": 0.02, "p_value": 0.3,
                                        "p_csect_t": 0.04, "p_permutation": 0.5}]
    (parsed,) = parse_tables(tables.table(side, labels=labels).to_html())
    assert parsed.column("p (csect_t)") == ["0.040"]
    assert parsed.column("p (primary)") == ["0.300"]


def _caar_rows(groups: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = []
    for ticker in ("^GSPC", "ZS=F"):
        for group, (caar, p) in groups.items():
            rows.append({"ticker": ticker, "model": "constant", "group": group,
                         "window": "-1:1", "n_events": 5, "n_sessions": 4, "caar": caar,
                         "se": 0.01, "statistic": "clustered_t", "value": 1.0, "p_value": p,
                         "primary": True, "p_holm": min(1.0, 3 * p)})
            rows.append({**rows[-1], "statistic": "csect_t", "primary": False, "p_value": 0.001})
    return pd.DataFrame(rows)


def test_headline_reads_the_primary_rows_and_the_answer_follows_them() -> None:
    caar = _caar_rows({"direction=escalation": (0.02, 0.3), "all": (0.01, 0.2),
                       "category=talks": (-0.015, 0.4)})
    rows = summary.headline(caar, {"ZS=F": "constant", "^GSPC": "constant"}, "-1:1")
    assert list(rows["ticker"]) == ["ZS=F"] * 3 + ["^GSPC"] * 3
    assert list(rows["group"])[:3] == ["all events", "talks", "escalation"]
    assert np.allclose(rows["p_value"], [0.2, 0.4, 0.3] * 2)  # the primary, not csect_t
    assert (rows["ci_low"] < rows["caar"]).all() and (rows["caar"] < rows["ci_high"]).all()
    text = summary.answer(rows)
    assert "talks −1.50 %" in text and "None of the 6 group CAARs" in text
    hit = _caar_rows({"all": (0.05, 0.001)})
    text = summary.answer(summary.headline(hit, {"ZS=F": "constant"}, "-1:1"))
    assert "1 of the 1 group CAARs differ from zero" in text
    (parsed,) = parse_tables(summary.headline_table(rows).to_html())
    # One row per group, one block of columns per asset.
    assert parsed.column("CAAR (%)") == ["1.00", "1.00", "−1.50", "−1.50", "2.00", "2.00"]


def test_confirmatory_names_each_assets_fixed_cell_and_why_it_is_untested() -> None:
    caar = _caar_rows({"direction=escalation": (0.02, 0.03), "all": (0.01, 0.2)})
    caar["statistic"] = np.where(caar["primary"], PRIMARY_TEST, caar["statistic"])
    caar["confirmatory"] = caar["primary"] & (caar["group"] == "direction=escalation")
    caar["note"] = ""
    caar.loc[caar["confirmatory"] & (caar["ticker"] == "ZS=F"), "p_value"] = np.nan
    caar.loc[caar["confirmatory"] & (caar["ticker"] == "ZS=F"), "note"] = "fewer than 3 " \
        "event-days (2)"
    text = summary.confirmatory(caar)
    assert f"read alone at 5% with the primary test ({PRIMARY_TEST})" in text
    assert "**S&P 500**, escalation days, window [-1:1], constant model: CAAR 2.00 % " \
           "(p = 0.030, 5 events on 4 event-days)" in text
    assert "no test (fewer than 3 event-days (2))" in text
    assert text.count("escalation days") == 2 and "all events" not in text
    assert "no `confirmatory` column" in summary.confirmatory(caar.drop(columns="confirmatory"))
    # read back from CSV the column is text
    assert summary.confirmatory(caar.assign(confirmatory=caar["confirmatory"].astype(str))) \
        == text


def test_validation_verdict_reads_size_power_or_says_it_was_not_run(tmp_path: Path) -> None:
    models = {"^GSPC": "constant"}
    missing = summary.validation_verdict(None, models, "-1:1")
    assert missing.startswith("Validation was not run")
    table = pd.DataFrame([
        {"design": "seed pattern, 182-day steps", "ticker": "^GSPC", "model": "constant",
         "window": "-1:1", "statistic": PRIMARY_TEST, "n_samples": 37, "size": 0.0811,
         "size_lo": 0.028, "size_hi": 0.213, "power_1pct": 0.757, "power_2pct": 0.946},
        {"design": "random, N=50", "ticker": "^GSPC", "model": "constant", "window": "-1:1",
         "statistic": PRIMARY_TEST, "n_samples": 1000, "size": 0.5, "size_lo": 0.4,
         "size_hi": 0.6, "power_1pct": 0.9, "power_2pct": 1.0},
    ])
    text = summary.validation_verdict(table, models, "-1:1")
    assert "On 37 copies" in text and "size 8.1%" in text and "power 76% at +1 %" in text
    assert re.search(r"50\.0%", text) is None  # the random design is not the seed pattern
    assert "no seed-pattern row" in summary.validation_verdict(table, models, "0:5")
