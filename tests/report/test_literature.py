"""The literature table: the press figures reproduced from the real snapshot, the
announcement-day sums computed on the catalog, and the rules behind them."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.events.catalog import load_catalog
from analysis.io import AnalysisError
from analysis.market import prices
from analysis.report import literature
from analysis.report.published import CLAIMS, STATISTICS, Claim

# The four press figures of issue 12, with the tolerance the issue sets.
PRESS: dict[str, tuple[float, float]] = {
    "wsj-2018-03-22-change": (-2.52, 0.01),
    "wsj-2018-03-22-close": (2643.69, 0.01),
    "star-2019-05-13-change": (-2.4, 0.01),
    "star-2019-05-13-close": (2811.87, 0.01),
    "axios-2019-08-23-change": (-2.59, 0.01),
    "farm-2018-04-04-change": (-22.75, 0.25),
    "farm-2018-04-04-settle": (1015.25, 0.25),  # cents/bu; published as $10.1525
}


@pytest.fixture(scope="module")
def closes() -> pd.DataFrame:
    bars = prices.load_prices(["^GSPC", "ZS=F"], "2017-12-01", "2020-02-28",
                              source=config.price_source())
    return bars.loc[:, ["date", "ticker", "close"]]


@pytest.fixture(scope="module")
def table(closes: pd.DataFrame) -> pd.DataFrame:
    return literature.compare(closes, load_catalog(config.CURATED_CATALOG_CSV))


def test_claims_are_well_formed() -> None:
    ids = [c.claim_id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    assert {c.statistic for c in CLAIMS} <= set(STATISTICS)
    assert set(PRESS) <= set(ids)
    for claim in CLAIMS:
        assert claim.source and claim.unit and claim.asset in config.CROSS_ASSET_TICKERS


def test_press_figures_reproduced_from_the_snapshot(table: pd.DataFrame) -> None:
    rows = table.set_index("claim_id")
    for claim_id, (published, tol) in PRESS.items():
        project = float(rows.loc[claim_id, "project"])
        if claim_id == "farm-2018-04-04-settle":
            project *= 100.0  # USD/bu -> cents/bu
        decimals = 1 if claim_id == "star-2019-05-13-change" else 2
        assert abs(round(project, decimals) - published) <= tol + 1e-9, claim_id
        assert bool(rows.loc[claim_id, "agrees"]), claim_id
    # The unrounded figures, so a wrong previous session cannot hide behind rounding.
    assert rows.loc["star-2019-05-13-change", "project"] == pytest.approx(-2.4131, abs=1e-4)
    assert rows.loc["axios-2019-08-23-change", "project"] == pytest.approx(-2.5946, abs=1e-4)
    assert "May 2018 (ZSK18)" in rows.loc["farm-2018-04-04-change", "note"]


def test_table_has_the_contract_columns_and_both_paper_rows(table: pd.DataFrame) -> None:
    assert tuple(table.columns) == literature.LITERATURE_COLUMNS
    papers = table[table["claim_id"].isin(["agkw-2021-next-session", "akw-2020-day0"])]
    assert len(papers) == 2
    assert papers["published"].tolist() == [-11.5, -8.9]
    assert papers["project"].notna().all()
    for note in papers["note"]:
        assert "day sets differ" in note and "tolerance" in note
    for row in table.itertuples():
        if not row.agrees:
            assert "DISAGREES" in row.note and ":" in row.note.split("DISAGREES")[1]


def test_announcement_sums_match_a_direct_computation(closes: pd.DataFrame,
                                                      table: pd.DataFrame) -> None:
    catalog = load_catalog(config.CURATED_CATALOG_CSV)
    events = literature.announcement_days(catalog)
    gspc = closes[closes["ticker"] == "^GSPC"].set_index("date")["close"]
    ret = gspc.pct_change()
    nyse = gspc.index
    # Day 0 by hand: after-close and non-session news move to the next session.
    day0 = set()
    after = set()
    for rec in events.itertuples():
        d = pd.Timestamp(rec.date)
        on = nyse[nyse >= d][0]
        day0.add(nyse[nyse > d][0] if rec.timing == "after_close" and on == d else on)
        after.add(nyse[nyse > d][0])
    rows = table.set_index("claim_id")
    assert rows.loc["akw-2020-day0", "project"] == pytest.approx(100 * ret[sorted(day0)].sum())
    assert rows.loc["agkw-2021-next-session", "project"] == pytest.approx(
        100 * ret[sorted(after)].sum())


def test_announcement_days_drop_implementation_days() -> None:
    catalog = load_catalog(config.CURATED_CATALOG_CSV)
    ids = set(literature.announcement_days(catalog)["catalog_id"])
    assert {"TW-2018-03-22-tariff", "TW-2018-04-04-agriculture", "TW-2019-05-05-tariff",
            "TW-2019-08-01-tariff", "TW-2019-08-23-tariff"} <= ids
    # Duties taking effect, de-escalations and non-tariff escalations are out.
    assert not ids & {"TW-2018-07-06-agriculture", "TW-2018-09-24-tariff",
                      "TW-2019-05-10-tariff", "TW-2019-09-01-tariff", "TW-2019-09-20-agriculture",
                      "TW-2019-12-13-tariff", "TW-2018-12-05-tech"}


def test_soybean_front_month_follows_the_cbot_rule() -> None:
    assert literature.soybean_front_month("2018-04-04") == (
        "May 2018 (ZSK18)", pd.Timestamp("2018-05-14"))
    assert literature.soybean_front_month("2018-03-14")[0] == "March 2018 (ZSH18)"
    assert literature.soybean_front_month("2018-03-15")[0] == "May 2018 (ZSK18)"
    assert literature.soybean_front_month("2019-12-20")[0] == "January 2020 (ZSF20)"


def test_snapshot_rolls_to_may_when_march_expires() -> None:
    # The continuous series' volume jumps when it moves to the next contract: the day
    # after the March 2018 contract's last trading day (2018-03-14).
    bars = prices.load_prices(["ZS=F"], "2018-03-08", "2018-03-20",
                              source=config.price_source()).set_index("date")
    last = literature.soybean_last_trading_day(2018, 3)
    assert last == pd.Timestamp("2018-03-14")
    before = bars.loc[bars.index < last, "volume"].median()
    assert bars.loc[last, "volume"] > 50 * before


def test_disagreement_is_explained(closes: pd.DataFrame) -> None:
    wrong = Claim("x", "test", "^GSPC", "2019-08-23", "close_change_pct", -3.0, "%", 2, 0.01)
    row = literature.compare(closes, load_catalog(config.CURATED_CATALOG_CSV), [wrong]).iloc[0]
    assert not row["agrees"]
    assert "DISAGREES by +0.41 pp" in row["note"]


def test_bad_inputs_name_the_problem(closes: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="no session on 2019-08-24"):
        literature.day_change(closes, "^GSPC", "2019-08-24")
    with pytest.raises(AnalysisError, match="no GC=F closes"):
        literature.day_change(closes, "GC=F", "2019-08-23")
    with pytest.raises(AnalysisError, match="missing column"):
        literature.announcement_days(pd.DataFrame({"date": ["2019-01-01"]}))
