"""Cross-asset tables: the primary test, intervals, and the soybean contrast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import defaults
from analysis.io import AnalysisError
from analysis.study import crossasset
from analysis.study.eventstudy import EventStudy, FitSettings
from analysis.study.stattests import PRIMARY_TEST, Sample, battery


def _caar_rows(car: np.ndarray, ticker: str, model: str, group: str, window: str
               ) -> list[dict[str, object]]:
    rng = np.random.default_rng(0)
    from_battery = battery_rows(car, rng)
    return [{"ticker": ticker, "model": model, "group": group, "window": window,
             "n_events": len(car), "caar": float(car.mean()), "statistic": name,
             "value": value, "p_value": p} for name, value, p in from_battery]


def battery_rows(car: np.ndarray, rng: np.random.Generator) -> list[tuple[str, float, float]]:
    n = len(car)
    sample = Sample(car=car, se=np.full(n, 0.01), dof=np.full(n, 200.0),
                    est_resid=rng.normal(0, 0.01, (n, 200)), window_ar=car[:, None],
                    pools=[rng.normal(0, 0.01, 500)], pool_index=np.zeros(n, dtype=int))
    return battery(sample, 200, rng, ("csect_t", "wilcoxon"))


@pytest.fixture
def caar_table() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows: list[dict[str, object]] = []
    cars = {}
    for ticker, model in (("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")):
        for direction, shift in (("escalation", -0.01), ("de-escalation", 0.008)):
            car = rng.normal(shift, 0.02, 25 if direction == "escalation" else 12)
            cars[(ticker, model, direction)] = car
            rows += _caar_rows(car, ticker, model, f"direction={direction}", "-1:1")
        rows += _caar_rows(rng.normal(0, 0.02, 30), ticker, model, "all", "-1:1")
    table = pd.DataFrame(rows)
    table.attrs["cars"] = cars
    return table


def test_primary_falls_back_to_the_cross_sectional_t(caar_table: pd.DataFrame) -> None:
    rows = crossasset.primary_rows(caar_table)
    assert set(rows["statistic"]) == {"csect_t"}
    assert len(rows) == 9


def test_primary_column_wins_when_present(caar_table: pd.DataFrame) -> None:
    marked = caar_table.assign(primary=(caar_table["statistic"] == "wilcoxon").map(
        {True: "True", False: "False"}))
    rows = crossasset.primary_rows(marked)
    assert set(rows["statistic"]) == {"wilcoxon"}
    both = caar_table.assign(primary=True)
    with pytest.raises(AnalysisError, match="several primary tests"):
        crossasset.primary_rows(both)


def test_direction_caar_reads_the_headline_model_with_exact_t_interval(
        caar_table: pd.DataFrame) -> None:
    models = {"^GSPC": "constant", "ZS=F": "market"}
    out = crossasset.direction_caar(caar_table, models=models)
    assert tuple(out.columns) == crossasset.DIRECTION_COLUMNS
    assert out[["ticker", "model", "direction"]].values.tolist() == [
        ["^GSPC", "constant", "escalation"], ["^GSPC", "constant", "de-escalation"],
        ["ZS=F", "market", "escalation"], ["ZS=F", "market", "de-escalation"]]
    for row in out.itertuples():
        car = caar_table.attrs["cars"][(row.ticker, row.model, row.direction)]
        lo, hi = stats.t.interval(0.95, len(car) - 1, loc=car.mean(), scale=stats.sem(car))
        assert row.caar == pytest.approx(car.mean())
        assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi))
        t = stats.ttest_1samp(car, 0.0)
        assert row.value == pytest.approx(t.statistic)


def test_interval_from_any_statistic_excludes_zero_exactly_when_significant() -> None:
    caar = np.array([0.01, 0.01, -0.02])
    p = np.array([0.01, 0.2, 0.05])
    lo, hi = crossasset.interval(caar, np.array([2.0, 1.0, -1.9]), p, np.array([20, 20, 20]),
                                 ["wilcoxon"] * 3)
    assert lo[0] > 0 and lo[1] < 0 < hi[1]
    assert hi[2] == pytest.approx(0.0, abs=1e-12)


def _event_study() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(14):
        direction = "escalation" if i < 9 else "de-escalation"
        day0 = f"2019-0{1 + i % 9}-1{i % 5}"
        for ticker in ("ZS=F", "ZC=F", "ZW=F", "^GSPC"):
            for model in ("constant", "market"):
                car = rng.normal(-0.01 if ticker == "ZS=F" and direction == "escalation"
                                 else 0.0, 0.01)
                # Event 13: wheat is missing its CAR; event 12: corn has another day 0.
                if i == 13 and ticker == "ZW=F":
                    car = np.nan
                d0 = "2019-02-01" if (i == 12 and ticker == "ZC=F") else day0
                rows.append({"event_id": f"E{i:02d}", "ticker": ticker, "model": model,
                             "window": "0:0", "day0": d0, "car": car, "category": "tariff",
                             "direction": direction})
    return pd.DataFrame(rows)


def test_soybean_contrast_by_hand() -> None:
    es = _event_study()
    per_event = crossasset.soybean_contrast(es)
    assert tuple(per_event.columns) == crossasset.CONTRAST_EVENT_COLUMNS
    assert set(per_event["event_id"]) == {f"E{i:02d}" for i in range(12)}
    market = es[es["model"] == "market"].pivot(index="event_id", columns="ticker", values="car")
    expected = market["ZS=F"] - (market["ZC=F"] + market["ZW=F"]) / 2
    got = per_event.set_index("event_id")["contrast"]
    pd.testing.assert_series_equal(got, expected.loc[got.index], check_names=False)

    table = crossasset.contrast_summary(_spread_caar(), per_event)
    assert tuple(table.columns) == crossasset.CONTRAST_COLUMNS
    naive = table[table["window"] == "0:0"].set_index("direction")
    esc = got[per_event.set_index("event_id")["direction"] == "escalation"].to_numpy()
    de = got[per_event.set_index("event_id")["direction"] == "de-escalation"].to_numpy()
    one = stats.ttest_1samp(esc, 0.0)
    assert naive.loc["escalation", "naive_t_stat"] == pytest.approx(one.statistic)
    assert naive.loc["escalation", "naive_p_value"] == pytest.approx(one.pvalue)
    welch = stats.ttest_ind(esc, de, equal_var=False)
    diff = naive.loc["escalation minus de-escalation"]
    assert diff["naive_t_stat"] == pytest.approx(welch.statistic)
    assert diff["naive_p_value"] == pytest.approx(welch.pvalue)
    assert diff["naive_n_events"] == len(esc) + len(de)
    # No primary test for a difference of two groups: its cells stay empty.
    assert np.isnan(diff["value"]) and "no " in diff["test"]


def test_soybean_contrast_needs_every_leg() -> None:
    es = _event_study()
    with pytest.raises(AnalysisError, match="no market-model CARs for ZW=F"):
        crossasset.soybean_contrast(es[es["ticker"] != "ZW=F"])
    with pytest.raises(AnalysisError, match="distinct controls"):
        crossasset.soybean_contrast(es, controls=("ZS=F",))


# --------------------------------------------------------------------------------------
# The spread as a synthetic asset
# --------------------------------------------------------------------------------------
SETTINGS = FitSettings(estimation=(-60, -11), windows=((0, 0), (-1, 1), (0, 2)),
                       min_estimation=30)
LEGS = ("ZS=F", "ZC=F", "ZW=F")


def _legs_returns(seed: int = 5, n: int = 260) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2019-01-01", periods=n)
    common = rng.normal(0, 0.01, n)  # what the three crops share
    frame = pd.DataFrame({t: common + rng.normal(0.0005 * k, 0.008, n)
                          for k, t in enumerate(LEGS)}, index=idx)
    frame["^GSPC"] = rng.normal(0, 0.01, n)
    return frame


def _spread_events(index: pd.DatetimeIndex) -> pd.DataFrame:
    days = [index[90], index[90], index[91], index[130], index[170], index[200], index[230]]
    return pd.DataFrame({
        "event_id": [f"S{i}" for i in range(len(days))],
        "date": [d.strftime("%Y-%m-%d") for d in days],
        "timing": "during_session", "category": "tariff",
        "direction": ["escalation"] * 4 + ["de-escalation"] * 3,
    })


def _spread_caar() -> pd.DataFrame:
    returns = _legs_returns()
    _, caar = crossasset.spread_study(returns, _spread_events(returns.index), SETTINGS,
                                      legs=LEGS, calendars={}, n_permutations=20)
    return caar


def test_spread_returns_need_every_leg_on_the_session() -> None:
    returns = _legs_returns().iloc[:5].copy()
    returns.iloc[2, 1] = np.nan   # ZC=F missing on the third session
    d = crossasset.spread_returns(returns, "ZS=F", ("ZC=F", "ZW=F"))
    assert d.name == crossasset.SPREAD_TICKER
    assert np.isnan(d.iloc[2])
    for k in (0, 1, 3, 4):
        row = returns.iloc[k]
        assert d.iloc[k] == pytest.approx(row["ZS=F"] - (row["ZC=F"] + row["ZW=F"]) / 2)
    with pytest.raises(AnalysisError, match="no CL=F column"):
        crossasset.spread_returns(returns, "ZS=F", ("CL=F",))


def test_spread_flags_are_the_union_of_the_legs() -> None:
    flags = pd.DataFrame({
        "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-01-03", "2019-01-04"]),
        "ticker": ["ZS=F", "ZC=F", "ZW=F", "^GSPC"],
        "roll": [True, False, False, True], "stale": [False, False, True, False],
    })
    out = crossasset.spread_flags(flags, LEGS).set_index("date")
    assert set(out["ticker"]) == {crossasset.SPREAD_TICKER}
    assert out.loc["2019-01-02", "roll"] and not out.loc["2019-01-02", "stale"]
    assert out.loc["2019-01-03", "stale"] and not out.loc["2019-01-03", "roll"]
    assert pd.Timestamp("2019-01-04") not in out.index   # ^GSPC is not a leg


def test_spread_car_is_the_target_minus_the_mean_of_the_controls_under_constant_mean(
) -> None:
    returns = _legs_returns()
    events = _spread_events(returns.index)
    fit, caar = crossasset.spread_study(returns, events, SETTINGS, legs=LEGS, calendars={},
                                        n_permutations=20)
    legs = EventStudy(returns[list(LEGS)], events, tickers=list(LEGS), calendars={}).fit(
        "constant", SETTINGS).car.pivot_table(index=["event_id", "window"],
                                              columns="ticker", values="car")
    expected = legs["ZS=F"] - (legs["ZC=F"] + legs["ZW=F"]) / 2
    got = crossasset.spread_events(fit).set_index(["event_id", "window"])["car"]
    assert len(got) == len(events) * len(SETTINGS.windows)
    pd.testing.assert_series_equal(got.sort_index(), expected.loc[got.sort_index().index],
                                   check_names=False, rtol=1e-10)
    # The summary's primary cells are the battery's primary row of the spread asset.
    summary = crossasset.contrast_summary(caar).set_index(["window", "direction"])
    row = caar[caar["primary"] & (caar["group"] == "direction=escalation")
               & (caar["window"] == "0:0")].iloc[0]
    mine = summary.loc[("0:0", "escalation")]
    assert row["statistic"] == PRIMARY_TEST == mine["statistic"]
    assert (mine["mean"], mine["value"], mine["p_value"]) == pytest.approx(
        (row["caar"], row["value"], row["p_value"]))
    # Two escalation events share a day 0: one event-day in the primary test.
    assert (mine["n_events"], mine["n_sessions"]) == (4, 3)
    assert mine["ci_low"] < mine["mean"] < mine["ci_high"]
    assert np.isnan(mine["naive_mean"])   # no naive table given


def test_spread_study_uses_the_target_calendar_for_day0() -> None:
    returns = _legs_returns()   # business days, 2019-01-01 onwards
    events = _spread_events(returns.index)
    # 2019-01-21 (Martin Luther King Day) is a business day but no CBOT session: on the
    # target's calendar a during-session event that day is read on the next session.
    events.loc[0, "date"] = "2019-01-21"
    events.loc[1, "timing"] = "after_close"
    cal = {"ZS=F": defaults.TICKER_CALENDAR["ZS=F"]}
    fit, _ = crossasset.spread_study(returns, events, SETTINGS, legs=LEGS, calendars=cal,
                                     n_permutations=0)
    per = crossasset.spread_events(fit)
    day0 = per[per["window"] == "0:0"].set_index("event_id")["day0"]
    assert day0["S0"] == "2019-01-22"
    assert day0["S1"] == returns.index[91].strftime("%Y-%m-%d")
