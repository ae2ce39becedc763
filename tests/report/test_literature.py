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
    assert set(table["verdict"]) <= set(literature.VERDICTS)
    papers = table[table["claim_id"].isin(["agkw-2021-next-session", "akw-2020-day0"])]
    assert len(papers) == 2
    assert papers["published"].tolist() == [-11.5, -8.9]
    # Neither paper's day list is in the shared reference: not comparable, no sum over
    # the catalog's set beside the paper's, and the row says why.
    assert (papers["verdict"] == "not comparable").all()
    assert papers["project"].isna().all() and papers["agrees"].isna().all()
    assert papers["project_per_day"].notna().all()
    for note in papers["note"]:
        assert note.startswith("NOT COMPARABLE: the paper's day list is not available")
        assert "a sum over sets of different size is not compared" in note
    agkw = papers.set_index("claim_id").loc["agkw-2021-next-session"]
    assert agkw["n_published_days"] == 11
    assert agkw["published_per_day"] == pytest.approx(-11.5 / 11)
    assert "the paper's 11 days" in agkw["note"] and "reads day 0 instead" in agkw["note"]
    for row in table.itertuples():
        if row.verdict == "disagrees":
            assert "DISAGREES" in row.note and ":" in row.note.split("DISAGREES")[1]
        assert (row.verdict == "agrees") == (not pd.isna(row.agrees) and bool(row.agrees))


def _day0_by_hand(closes: pd.DataFrame) -> tuple[pd.Series, list[pd.Timestamp]]:
    events = literature.announcement_days(load_catalog(config.CURATED_CATALOG_CSV))
    gspc = closes[closes["ticker"] == "^GSPC"].set_index("date")["close"]
    nyse = gspc.index
    # Day 0 by hand: after-close and non-session news move to the next session.
    day0 = set()
    for rec in events.itertuples():
        d = pd.Timestamp(rec.date)
        on = nyse[nyse >= d][0]
        day0.add(nyse[nyse > d][0] if rec.timing == "after_close" and on == d else on)
    return gspc.pct_change(), sorted(day0)


def test_catalog_context_is_the_day0_mean_for_both_papers(closes: pd.DataFrame,
                                                          table: pd.DataFrame) -> None:
    ret, day0 = _day0_by_hand(closes)
    rows = table.set_index("claim_id")
    for claim_id in ("akw-2020-day0", "agkw-2021-next-session"):
        # The project's day-0 rule for both: no "session after" for news priced that day.
        assert rows.loc[claim_id, "project_per_day"] == pytest.approx(100 * ret[day0].mean())
        assert rows.loc[claim_id, "n_project_days"] == len(day0)


def test_a_paper_day_list_is_reproduced_like_for_like(closes: pd.DataFrame) -> None:
    gspc = closes[closes["ticker"] == "^GSPC"].set_index("date")["close"]
    ret = gspc.pct_change()
    days = ("2018-03-22", "2019-05-13", "2019-08-23")      # the paper's own list
    after = [gspc.index[gspc.index > pd.Timestamp(d)][0] for d in days]
    catalog = load_catalog(config.CURATED_CATALOG_CSV)
    for statistic, sessions in (("sum_day0_pct", [pd.Timestamp(d) for d in days]),
                                ("sum_next_session_pct", after)):
        by_hand = 100 * ret[sessions].sum()
        right = Claim("p", "test", "^GSPC", "their 3 days", statistic, round(by_hand, 1),
                      "%", 1, None, n_days=3, days=days)
        wrong = Claim("q", "test", "^GSPC", "their 3 days", statistic,
                      round(by_hand, 1) + 0.3, "%", 1, None, n_days=3, days=days)
        out = literature.compare(closes, catalog, [right, wrong]).set_index("claim_id")
        assert out.loc["p", "project"] == pytest.approx(by_hand)
        assert out.loc["p", "project_per_day"] == pytest.approx(by_hand / 3)
        assert out.loc["p", "published_per_day"] == pytest.approx(round(by_hand, 1) / 3)
        assert out.loc["p", "verdict"] == "agrees" and bool(out.loc["p", "agrees"])
        assert out.loc["q", "verdict"] == "disagrees" and "DISAGREES by -0.3" in out.loc[
            "q", "note"]


def test_a_mismatched_day_set_is_not_comparable(closes: pd.DataFrame) -> None:
    # The paper says 11 days; the list given has 3: another set, whatever the sum says.
    days = ("2018-03-22", "2019-05-13", "2019-08-23")
    claim = Claim("m", "test", "^GSPC", "their days", "sum_day0_pct", -7.5, "%", 1, None,
                  n_days=11, days=days)
    row = literature.compare(closes, load_catalog(config.CURATED_CATALOG_CSV),
                             [claim]).iloc[0]
    assert row["verdict"] == "not comparable" and pd.isna(row["agrees"])
    assert "the paper counts 11 days but its list gives 3" in row["note"]
    off = Claim("o", "test", "^GSPC", "their days", "sum_day0_pct", -1.0, "%", 1, None,
                n_days=1, days=("2019-08-24",))
    with pytest.raises(AnalysisError, match="no session on 2019-08-24"):
        literature.compare(closes, load_catalog(config.CURATED_CATALOG_CSV), [off])


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
    assert not row["agrees"] and row["verdict"] == "disagrees"
    assert "DISAGREES by +0.41 pp" in row["note"]


def test_bad_inputs_name_the_problem(closes: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="no session on 2019-08-24"):
        literature.day_change(closes, "^GSPC", "2019-08-24")
    with pytest.raises(AnalysisError, match="no GC=F closes"):
        literature.day_change(closes, "GC=F", "2019-08-23")
    with pytest.raises(AnalysisError, match="missing column"):
        literature.announcement_days(pd.DataFrame({"date": ["2019-01-01"]}))
