"""Season copies of the seed pattern: offsets, day-0 shocks, block bootstrap, rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.market import calendars
from analysis.study.eventstudy import EventStudy
from analysis.study.seasonal import (
    MONTH_COLUMNS,
    RATE_COLUMNS,
    SEASON_MONTHS,
    SeasonDesign,
    block_bootstrap,
    copy_rates,
    day0_shock,
    month_markdown,
    month_span,
    pattern_rates,
    pooled_markdown,
    season_offsets,
    season_pattern,
    shifted_copies,
    wilson,
    year_days,
)
from analysis.study.stattests import PRIMARY_TEST, TESTS

SEED_DAYS = ["2019-07-18", "2019-07-19", "2019-07-19", "2019-07-22", "2019-07-23",
             "2019-07-25", "2019-07-30", "2019-09-19", "2019-09-20", "2019-12-16"]


def seed_events() -> pd.DataFrame:
    return pd.DataFrame({"event_id": [f"e{i}" for i in range(len(SEED_DAYS))],
                         "date": SEED_DAYS})


def iid_returns(seed: int = 5, start: str = "2000-01-03") -> pd.DataFrame:
    sessions = calendars.sessions("NYSE", start, "2019-12-31")
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"X": rng.normal(0.0, 0.01, len(sessions))},
                        index=pd.DatetimeIndex(sessions, name="date"))


def test_season_offsets_land_in_the_seeds_season_and_keep_weekdays() -> None:
    meta = season_offsets(seed_events(), weeks=4, first="2001-01-01", last="2018-02-28")
    # 2001..2017 (2018 would end after the last date), nine weekly shifts each
    assert sorted(set(meta["years"])) == list(range(-18, -1))
    assert len(meta) == 17 * 9
    assert (meta["offset_days"] % 7 == 0).all()
    assert set(meta["month"]) == {6, 7, 8}
    assert (meta["block"] == meta["years"]).all()
    assert meta["copy"].is_unique
    # the unshifted copy of each year lands within 3 days of the same calendar date
    plain = meta[meta["weeks"] == 0]
    got = pd.DatetimeIndex(plain["anchor"])
    same_date = pd.to_datetime([f"{y}-07-24" for y in got.year])  # median seed date
    assert np.all(np.abs((got - same_date).days) <= 3)
    assert set(plain["month"]) == {7}
    copies = shifted_copies(seed_events(), meta)
    assert len(copies) == len(meta) * len(SEED_DAYS)
    dates = pd.to_datetime(copies["date"])
    assert dates.min() >= pd.Timestamp("2001-01-01")
    assert dates.max() <= pd.Timestamp("2018-02-28")
    seeds = pd.to_datetime(pd.Series(SEED_DAYS * len(meta)))
    assert (dates.dt.day_of_week.to_numpy() == seeds.dt.day_of_week.to_numpy()).all()


def test_year_days_stay_near_whole_years() -> None:
    anchor = pd.Timestamp("2019-07-24")
    for k in (-30, -7, -3, -1, 1, 4, 19):
        days = year_days(k, anchor)
        assert days % 7 == 0
        target = pd.Timestamp(f"{2019 + k}-07-24")
        assert abs((anchor + pd.Timedelta(days=days) - target).days) <= 3


def test_block_bootstrap_covers_the_truth_on_iid_copies() -> None:
    rng = np.random.default_rng(11)
    reps, n, p = 400, 200, 0.05
    hits = (rng.random((reps, n)) < p).astype(float)  # every copy its own block
    ci = block_bootstrap(hits, np.ones_like(hits), 1000, np.random.default_rng(1))
    covered = (ci[:, 0] <= p) & (p <= ci[:, 1])
    assert 0.88 <= covered.mean() <= 0.99, covered.mean()
    # independent copies: about as wide as the binomial interval
    wide = np.array([np.subtract(*wilson(int(k), n)[::-1]) for k in hits.sum(axis=1)])
    ratio = (ci[:, 1] - ci[:, 0]) / wide
    assert 0.8 < np.median(ratio) < 1.2


def test_block_bootstrap_is_wider_than_binomial_on_overlapping_copies() -> None:
    rng = np.random.default_rng(4)
    years, per_year = 20, 9
    # overlapping copies of one year share their outcome most of the time
    shared = rng.random(years) < 0.1
    hits = np.repeat(shared, per_year).astype(float)
    flip = rng.random(years * per_year) < 0.02
    hits = np.where(flip, 1.0 - hits, hits)
    block = np.repeat(np.arange(years), per_year)
    h = np.zeros((1, years))
    np.add.at(h[0], block, hits)
    ci = block_bootstrap(h, np.full((1, years), per_year), 2000, np.random.default_rng(0))
    lo, hi = wilson(int(hits.sum()), len(hits))
    assert ci[0, 1] - ci[0, 0] > 1.8 * (hi - lo)
    assert ci[0, 0] <= hits.mean() <= ci[0, 1]


def _fitted_copies() -> tuple[EventStudy, object, np.ndarray]:
    meta = season_offsets(seed_events(), weeks=1, first="2001-01-01", last="2018-02-28")
    copies = shifted_copies(seed_events(), meta)
    study = EventStudy(iid_returns(), copies, tickers=["X"], calendars={})
    panel = study.fit("constant", windows=((0, 0), (0, 5))).panels[0]
    code = {c: i for i, c in enumerate(meta["copy"])}
    return study, panel, panel.keys["category"].map(code).to_numpy(dtype=np.int64)


def test_day0_variance_scenario_doubles_the_variance_of_day0_ars() -> None:
    _, panel, group = _fitted_copies()
    col = int(np.flatnonzero(panel.spanned["rel"] == 0)[0])
    ok = panel.est.ok
    base = panel.spanned["ar"][ok, col]
    ratios = []
    for seed in range(3):
        noisy = day0_shock(panel, group, 0.0, 2.0, np.random.default_rng(seed))
        ratios.append(np.var(noisy.spanned["ar"][ok, col]) / np.var(base))
    assert 1.75 < np.mean(ratios) < 2.25, ratios
    # estimates are left alone; only the AR (and return) matrices change
    assert noisy.est is panel.est
    with pytest.raises(ValueError, match="generator"):
        day0_shock(panel, group, 0.0, 2.0, None)


def test_day0_shock_reaches_the_copys_own_windows_only() -> None:
    _, panel, group = _fitted_copies()
    shifted = day0_shock(panel, group, 0.01)
    add = shifted.spanned["ar"] - panel.spanned["ar"]
    rel = panel.spanned["rel"]
    ok = panel.est.ok
    assert np.allclose(add[ok][:, rel == 0], 0.01)
    idx = panel.spanned["idx"]
    day0 = {(int(g), int(p)) for g, p in zip(group[ok], panel.est.pos[ok], strict=True)}
    expect = np.array([[(int(g), int(i)) in day0 for i in row]
                       for g, row in zip(group, idx, strict=True)]) & panel.spanned["in_range"]
    got = np.isclose(add, 0.01)
    assert (got[ok] == expect[ok]).all()
    # the 2019-07-18 copy's window [0, 5] holds the 07-19 and 07-22 days 0: three shocks
    assert got[ok].sum(axis=1).max() >= 3


def test_copy_rates_pool_months_and_holm() -> None:
    rng = np.random.default_rng(2)
    rows = []
    for ticker in ("A", "B"):
        for c in range(60):
            for scen, shift in (("null", 0.0), ("var2", 0.0), ("plus1", 0.5), ("plus2", 0.9)):
                p = rng.random() * (1.0 - shift)
                rows.append({"ticker": ticker, "model": "constant", "window": "0:0",
                             "statistic": PRIMARY_TEST, "scenario": scen,
                             "month": 6 + c % 3, "block": c // 3, "p_value": p})
    per = pd.DataFrame(rows)
    pooled, by_month = copy_rates(per, "d", n_boot=300)
    assert list(pooled.columns) == list(RATE_COLUMNS)
    assert list(by_month.columns) == list(MONTH_COLUMNS)
    assert (pooled["n_copies"] == 60).all() and (pooled["n_blocks"] == 20).all()
    assert pooled["primary"].all()
    assert (pooled["binom_p_holm"] >= pooled["binom_p"] - 1e-12).all()
    a = per[(per["ticker"] == "A") & (per["scenario"] == "null")]
    assert pooled.loc[pooled["ticker"] == "A", "size"].iloc[0] == pytest.approx(
        (a["p_value"] < 0.05).mean())
    assert set(by_month["month"]) == {6, 7, 8} and (by_month["n_copies"] == 20).all()
    july = a[a["month"] == 7]
    got = by_month[(by_month["ticker"] == "A") & (by_month["month"] == 7)]["size"].iloc[0]
    assert got == pytest.approx((july["p_value"] < 0.05).mean())
    assert "(primary)" in pooled_markdown(pooled) and "| Jun | Jul | Aug |" in month_markdown(
        by_month)


@pytest.mark.slow  # a size/power simulation: make test-fast skips it
def test_season_pattern_every_statistic_and_power_grows_with_the_effect() -> None:
    design = SeasonDesign(weeks=2, windows=((0, 0), (0, 5)), n_permutations=50, n_boot=300)
    pooled, by_month, per = season_pattern(iid_returns(), seed_events(),
                                           models={"X": ("constant",)}, design=design,
                                           calendars={})
    assert set(pooled["statistic"]) == set(TESTS)
    assert pooled.loc[pooled["primary"], "statistic"].eq(PRIMARY_TEST).all()
    assert set(per["scenario"]) == {"null", "var2", "plus1", "plus2"}
    prim = pooled[pooled["primary"]].set_index("window")
    n = 17 * 5
    assert (prim["n_copies"] == n).all()
    # iid returns: the primary test holds its size (85 copies: binomial sd 2.4 pp)
    assert prim["size"].between(0.0, 0.13).all(), prim["size"]
    d0 = prim.loc["0:0"]
    assert d0["size"] < d0["power_1pct"] < d0["power_2pct"]
    assert d0["power_2pct"] > 0.9
    assert prim.loc["0:5", "power_1pct"] < d0["power_1pct"]
    # the variance scenario makes the primary test reject more often than the null
    assert prim["var2_size"].sum() >= prim["size"].sum()
    assert set(by_month["month"]) <= {6, 7, 8}
    # the same seed gives the same tables
    again = season_pattern(iid_returns(), seed_events(), models={"X": ("constant",)},
                           design=design, calendars={})[0]
    pd.testing.assert_frame_equal(pooled, again)


def test_pattern_rates_date_step_copies_by_month_and_year() -> None:
    per = pd.DataFrame({
        "ticker": "X", "model": "constant", "window": "0:0", "statistic": PRIMARY_TEST,
        "group": [f"category=copy{k:02d}" for k in range(1, 9)] * 2,
        "delta": [0.0] * 8 + [0.01] * 8,
        "p_value": [0.01, 0.5, 0.5, 0.5, 0.02, 0.5, 0.5, 0.5] + [0.0] * 8,
    })
    pooled, by_month = pattern_rates(per, seed_events(), 182, "d", n_boot=200)
    # the seeds' median date 2019-07-24 moved back 182 days: January, then July, ...
    assert set(by_month["month"]) == {1, 7}
    jan = by_month[by_month["month"] == 1].iloc[0]
    assert jan["n_copies"] == 4 and jan["size"] == pytest.approx(0.5)  # copies 1, 3, 5, 7
    assert by_month[by_month["month"] == 7]["size"].iloc[0] == 0.0
    assert pooled["size"].iloc[0] == pytest.approx(0.25)  # injected rows are left out
    # calendar years of the copies: 2019, 2018 x2, 2017 x2, 2016 x2, 2015
    assert pooled["n_blocks"].iloc[0] == 5


def test_default_season_is_june_to_september_every_weekly_shift() -> None:
    meta = season_offsets(seed_events(), weeks=None, first="2001-01-01", last="2018-02-28")
    assert SEASON_MONTHS == (6, 7, 8, 9)
    assert set(meta["month"]) == {6, 7, 8, 9}
    # every weekly shift that lands June..September, about 17 a year, none outside
    per_year = meta.groupby("years").size()
    assert per_year.between(16, 19).all(), per_year
    anchors = pd.DatetimeIndex(meta["anchor"])
    assert anchors.month.isin([6, 7, 8, 9]).all()
    capped = season_offsets(seed_events(), weeks=4, first="2001-01-01", last="2018-02-28")
    assert set(capped["copy"]) <= set(meta["copy"]) and len(capped) == 17 * 9
    september = season_offsets(seed_events(), None, "2001-01-01", "2018-02-28", months=(9,))
    assert set(september["month"]) == {9} and set(september["copy"]) <= set(meta["copy"])
    assert month_span((6, 7, 8, 9)) == "Jun-Sep" and month_span((9, 6)) == "Jun, Sep"
