"""Estimator tests: exact MacKinlay variances, day 0, clusters, flags and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.io import AnalysisError
from analysis.market import calendars
from analysis.study.eventstudy import EventStudy
from analysis.study.panel import clusters
from analysis.study.results import AR_COLUMNS, CAR_COLUMNS, EventStudyResults
from analysis.windows import parse_window
from tests.study.conftest import ReturnsFactory
from tests.study.reference import make_reference

REF_DIR = Path(__file__).resolve().parent / "reference"


def one_event(date: str, event_id: str = "e1", **extra: str) -> pd.DataFrame:
    return pd.DataFrame({"event_id": [event_id], "date": [date], **{k: [v] for k, v in
                                                                   extra.items()}})


def row(res: EventStudyResults, event_id: str, ticker: str, window: str) -> pd.Series:
    car = res.car
    sel = car[(car["event_id"] == event_id) & (car["ticker"] == ticker)
              & (car["window"] == window)]
    assert len(sel) == 1
    return sel.iloc[0]


# --------------------------------------------------------------------------------------
# Exact variances
# --------------------------------------------------------------------------------------
def test_market_model_var_car_equals_gamma_v_gamma_from_statsmodels(
    synthetic: ReturnsFactory,
) -> None:
    R = synthetic()
    date = R.index[400]
    res = EventStudy(R, one_event(str(date.date())), market="MKT", tickers=["A"]).fit(
        model="market", estimation=(-250, -11), windows=[(0, 0), (-1, 1), (0, 5), (-5, 5)])
    y, m = R["A"].to_numpy(), R["MKT"].to_numpy()
    est = np.arange(400 - 250, 400 - 11 + 1)
    X = sm.add_constant(m[est])
    fit = sm.OLS(y[est], X).fit()
    sigma2 = fit.ssr / (len(est) - 2)
    xtx_inv = np.linalg.inv(X.T @ X)
    params = res.params.loc[("e1", "A", "market")]
    assert params["alpha"] == pytest.approx(fit.params[0], rel=1e-10)
    assert params["beta"] == pytest.approx(fit.params[1], rel=1e-10)
    assert params["sigma"] == pytest.approx(np.sqrt(sigma2), rel=1e-10)
    assert params["dof"] == len(est) - 2
    for a, b in [(0, 0), (-1, 1), (0, 5), (-5, 5)]:
        ev = np.arange(400 + a, 400 + b + 1)
        Xs = np.column_stack([np.ones(len(ev)), m[ev]])
        V = sigma2 * (np.eye(len(ev)) + Xs @ xtx_inv @ Xs.T)
        gamma = np.ones(len(ev))
        car = gamma @ (y[ev] - Xs @ fit.params)
        var = gamma @ V @ gamma
        got = row(res, "e1", "A", f"{a}:{b}")
        assert got["car"] == pytest.approx(car, rel=1e-10)
        assert got["car_se"] ** 2 == pytest.approx(var, rel=1e-10)
        t = car / np.sqrt(var)
        assert got["t_stat"] == pytest.approx(t, rel=1e-10)
        assert got["scar"] == pytest.approx(t, rel=1e-10)
        assert got["p_value"] == pytest.approx(2 * stats.t.sf(abs(t), len(est) - 2), rel=1e-9)
        # The naive variance without the estimation-error term is strictly smaller.
        assert var > sigma2 * len(ev)
    ar = res.ar[res.ar["rel_day"] == 0].iloc[0]
    assert ar["ar"] == pytest.approx(y[400] - fit.params[0] - fit.params[1] * m[400], rel=1e-10)
    assert ar["date"] == date


def test_constant_mean_variance_and_dof(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    res = EventStudy(R, one_event(str(R.index[300].date())), tickers=["B"]).fit(
        model="constant", estimation=(-200, -11), windows=[(-2, 3)])
    y = R["B"].to_numpy()
    est = y[100:290]
    L1 = len(est)
    mu = est.mean()
    sigma2 = ((est - mu) ** 2).sum() / (L1 - 1)
    L2 = 6
    V = sigma2 * (np.eye(L2) + np.ones((L2, L2)) / L1)
    got = row(res, "e1", "B", "-2:3")
    assert got["car"] == pytest.approx((y[298:304] - mu).sum(), rel=1e-10)
    assert got["car_se"] ** 2 == pytest.approx(np.ones(L2) @ V @ np.ones(L2), rel=1e-10)
    assert got["car_se"] ** 2 == pytest.approx(sigma2 * (L2 + L2**2 / L1), rel=1e-10)
    t = got["car"] / got["car_se"]
    assert got["p_value"] == pytest.approx(2 * stats.t.sf(abs(t), L1 - 1), rel=1e-9)
    assert res.params.loc[("e1", "B", "constant"), "dof"] == L1 - 1


def test_market_adjusted_variance(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    res = EventStudy(R, one_event(str(R.index[300].date())), market="MKT",
                     tickers=["A"]).fit(model="market-adjusted", windows=[(0, 1)])
    e = (R["A"] - R["MKT"]).to_numpy()
    est = e[50:290]
    sigma2 = est.var(ddof=1)
    got = row(res, "e1", "A", "0:1")
    assert got["car"] == pytest.approx(e[300] + e[301], rel=1e-10)
    assert got["car_se"] ** 2 == pytest.approx(2 * sigma2, rel=1e-10)


def test_factor_model_matches_statsmodels(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    rng = np.random.default_rng(3)
    factors = pd.DataFrame({"SMB": rng.normal(0, 0.005, len(R))}, index=R.index)
    y = R["A"].to_numpy() + 0.5 * factors["SMB"].to_numpy()
    R2 = R.assign(A=y)
    res = EventStudy(R2, one_event(str(R.index[500].date())), market="MKT", factors=factors,
                     tickers=["A"]).fit(model="factor", windows=[(-1, 1)])
    est = np.arange(250, 490)
    X = np.column_stack([np.ones(len(est)), R["MKT"].to_numpy()[est],
                         factors["SMB"].to_numpy()[est]])
    fit = sm.OLS(y[est], X).fit()
    sigma2 = fit.ssr / (len(est) - 3)
    ev = np.arange(499, 502)
    Xs = np.column_stack([np.ones(3), R["MKT"].to_numpy()[ev], factors["SMB"].to_numpy()[ev]])
    var = np.ones(3) @ (sigma2 * (np.eye(3) + Xs @ np.linalg.inv(X.T @ X) @ Xs.T)) @ np.ones(3)
    got = row(res, "e1", "A", "-1:1")
    assert got["car"] == pytest.approx((y[ev] - Xs @ fit.params).sum(), rel=1e-10)
    assert got["car_se"] ** 2 == pytest.approx(var, rel=1e-10)
    assert res.params.loc[("e1", "A", "factor"), "beta_SMB"] == pytest.approx(fit.params[2])


def test_matches_committed_reference_loop() -> None:
    ref = json.loads((REF_DIR / "reference_values.json").read_text())
    module = make_reference
    returns, events = module.make_data()
    windows = [tuple(w) for w in ref["windows"]]
    res = EventStudy(returns, events, market="MKT", tickers=["A"]).fit(
        model="market", estimation=tuple(ref["estimation"]), windows=windows,
        min_estimation=100)
    for eid, rec in ref["events"].items():
        par = res.params.loc[(eid, "A", "market")]
        assert par["beta"] == pytest.approx(rec["beta"], rel=1e-9)
        assert par["sigma"] ** 2 == pytest.approx(rec["sigma2"], rel=1e-9)
        for key, w in rec["windows"].items():
            got = row(res, eid, "A", key)
            assert got["car"] == pytest.approx(w["car"], rel=1e-9)
            assert got["car_se"] ** 2 == pytest.approx(w["var"], rel=1e-9)
            assert got["p_value"] == pytest.approx(w["p"], rel=1e-8)
    table = res.caar(by=(), n_permutations=200)
    for key, tests in ref["tests"].items():
        sub = table[table["window"] == key].set_index("statistic")
        assert sub["caar"].iloc[0] == pytest.approx(tests["caar"], rel=1e-9)
        for name in ("csect_t", "bmp_t", "patell_z", "generalized_sign"):
            assert sub.loc[name, "value"] == pytest.approx(tests[name], rel=1e-9), name


# --------------------------------------------------------------------------------------
# Simulation: inject a known abnormal return and recover it
# --------------------------------------------------------------------------------------
def test_injected_abnormal_return_is_recovered(synthetic: ReturnsFactory) -> None:
    R = synthetic(n_days=1500, seed=11)
    rng = np.random.default_rng(5)
    positions = np.sort(rng.choice(np.arange(300, 1450, 20), size=30, replace=False))
    injected = 0.03
    y = R["A"].to_numpy().copy()
    y[positions] += injected
    R2 = R.assign(A=y)
    events = pd.DataFrame({"event_id": [f"s{i:02d}" for i in range(len(positions))],
                           "date": [str(R.index[p].date()) for p in positions]})
    res = EventStudy(R2, events, market="MKT", tickers=["A"]).fit(model="market")
    day0 = res.car[res.car["window"] == "0:0"]
    assert day0["day0"].tolist() == list(R.index[positions])
    assert day0["car"].mean() == pytest.approx(injected, abs=0.005)
    table = res.caar(by=(), window="0:0", n_permutations=500)
    vals = table.set_index("statistic")
    assert vals.loc["csect_t", "value"] > 8
    assert vals.loc["patell_z", "value"] > 8
    assert (vals["p_value"] < 0.01).all()
    # Without the injection nothing is significant at 1 %.
    null = EventStudy(R, events, market="MKT", tickers=["A"]).fit(model="market")
    nt = null.caar(by=(), window="0:0", n_permutations=200).set_index("statistic")
    assert abs(nt.loc["csect_t", "value"]) < 2.8


# --------------------------------------------------------------------------------------
# Day 0
# --------------------------------------------------------------------------------------
def nyse_returns() -> pd.DataFrame:
    sessions = calendars.sessions("^GSPC", "2018-01-02", "2019-12-31")
    rng = np.random.default_rng(1)
    return pd.DataFrame({"^GSPC": rng.normal(0, 0.01, len(sessions))},
                        index=pd.DatetimeIndex(sessions, name="date"))


def test_day0_weekend_holiday_and_after_close() -> None:
    R = nyse_returns()
    events = pd.DataFrame({
        "event_id": ["sat", "after", "before", "holiday"],
        "date": ["2019-08-03", "2019-08-05", "2019-08-05", "2019-07-04"],
        "timing": ["unknown", "after_close", "before_open", "during_session"],
    })
    res = EventStudy(R, events).fit(model="constant", windows=[(0, 0)])
    got = res.car.set_index("event_id")["day0"]
    assert got["sat"] == pd.Timestamp("2019-08-05")
    assert got["after"] == pd.Timestamp("2019-08-06")
    assert got["before"] == pd.Timestamp("2019-08-05")
    assert got["holiday"] == pd.Timestamp("2019-07-05")
    ar = res.ar.set_index("event_id")
    assert ar.loc["after", "ret"] == R.loc["2019-08-06", "^GSPC"]



def test_date_ranges_get_day0_only_when_they_cover_one_session() -> None:
    R = nyse_returns()
    events = pd.DataFrame({
        "event_id": ["weekend", "week", "day"],
        "date": ["2019-07-20", "2019-07-15", "2019-07-18"],
        "date_end": ["2019-07-21", "2019-07-21", ""],
        "date_precision": ["week", "week", "day"],
    })
    res = EventStudy(R, events).fit(model="constant", windows=[(0, 0)])
    car = res.car.set_index("event_id")
    assert car.loc["weekend", "day0"] == pd.Timestamp("2019-07-22")
    assert np.isfinite(car.loc["weekend", "car"])
    assert pd.isna(car.loc["week", "day0"]) and np.isnan(car.loc["week", "car"])
    assert "spans several ^GSPC sessions" in car.loc["week", "reason"]
    assert car.loc["day", "day0"] == pd.Timestamp("2019-07-18")

def test_day0_moves_to_next_data_session_when_data_lack_the_session() -> None:
    R = nyse_returns().drop(pd.Timestamp("2019-08-06"))
    res = EventStudy(R, one_event("2019-08-06")).fit(model="constant", windows=[(0, 0)])
    assert res.car["day0"].iloc[0] == pd.Timestamp("2019-08-07")


# --------------------------------------------------------------------------------------
# Bad input: every event keeps a row with a reason
# --------------------------------------------------------------------------------------
def test_every_bad_event_keeps_a_row_with_a_reason(synthetic: ReturnsFactory) -> None:
    R = synthetic(n_days=600, start="2015-01-05")
    last = R.index[-1]
    events = pd.DataFrame({
        "event_id": ["before", "short", "garbage", "month", "past", "after", "ok", "empty"],
        "date": ["2010-06-01", str(R.index[100].date()), "next tuesday-ish", "2016-03",
                 str(R.index[-2].date()), str((last + pd.Timedelta(days=30)).date()),
                 str(R.index[400].date()), ""],
    })
    res = EventStudy(R, events, tickers=["A", "NOPE"]).fit(
        model="constant", windows=[(0, 0), (0, 5)])
    car = res.car
    assert len(car) == len(events) * 2 * 2
    assert list(car.columns) == list(CAR_COLUMNS)
    a = car[car["ticker"] == "A"].set_index(["event_id", "window"])
    assert "before the data" in a.loc[("before", "0:0"), "reason"]
    assert "too short" in a.loc[("short", "0:0"), "reason"]
    assert a.loc[("short", "0:0"), "n_est"] == 100 - 11 + 1
    assert "unparseable date" in a.loc[("garbage", "0:0"), "reason"]
    assert "month-precision" in a.loc[("month", "0:0"), "reason"]
    assert "after the data" in a.loc[("after", "0:0"), "reason"]
    assert a.loc[("empty", "0:0"), "reason"] == "missing date"
    assert a.loc[("past", "0:0"), "reason"] == ""
    assert np.isfinite(a.loc[("past", "0:0"), "car"])
    assert a.loc[("past", "0:5"), "reason"] == "window past the data"
    assert np.isnan(a.loc[("past", "0:5"), "car"])
    assert a.loc[("ok", "0:5"), "reason"] == ""
    bad = a.drop(index=["ok", "past"], level=0)
    assert bad["car"].isna().all() and bad["t_stat"].isna().all()
    nope = car[car["ticker"] == "NOPE"]
    assert nope["car"].isna().all()
    assert (nope.loc[nope["event_id"] == "ok", "reason"] == "ticker NOPE not in returns").all()


def test_nan_returns_in_estimation_are_dropped_and_counted(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    y = R["A"].to_numpy().copy()
    y[[200, 210, 220]] = np.nan
    R2 = R.assign(A=y)
    res = EventStudy(R2, one_event(str(R.index[400].date())), market="MKT",
                     tickers=["A"]).fit(model="market", windows=[(0, 0)])
    par = res.params.loc[("e1", "A", "market")]
    assert par["n_est"] == 240 - 3
    assert par["n_missing"] == 3
    assert par["dof"] == 240 - 3 - 2
    keep = np.setdiff1d(np.arange(150, 390), [200, 210, 220])
    fit = sm.OLS(y[keep], sm.add_constant(R["MKT"].to_numpy()[keep])).fit()
    assert par["beta"] == pytest.approx(fit.params[1], rel=1e-10)


def test_nan_return_in_event_window_flags_the_car(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    y = R["A"].to_numpy().copy()
    y[401] = np.nan
    res = EventStudy(R.assign(A=y), one_event(str(R.index[400].date())), tickers=["A"]).fit(
        model="constant", windows=[(0, 0), (0, 1)])
    assert np.isfinite(row(res, "e1", "A", "0:0")["car"])
    got = row(res, "e1", "A", "0:1")
    assert np.isnan(got["car"])
    assert got["reason"] == f"missing return on {R.index[401].date()}"


def test_bad_arguments_raise_one_line_errors(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    es = EventStudy(R, one_event(str(R.index[400].date())), tickers=["A"])
    with pytest.raises(AnalysisError, match="unknown model"):
        es.fit(model="capm")
    with pytest.raises(AnalysisError, match="overlaps"):
        es.fit(estimation=(-10, 0))
    with pytest.raises(AnalysisError, match="start must not exceed"):
        parse_window("3:1")
    with pytest.raises(AnalysisError, match="expected two integers"):
        parse_window("a:b")
    with pytest.raises(AnalysisError, match="needs a market"):
        es.fit(model="market")
    with pytest.raises(AnalysisError, match="duplicated event_id"):
        EventStudy(R, pd.DataFrame({"event_id": ["x", "x"], "date": ["2016-01-05"] * 2}))
    with pytest.raises(AnalysisError, match="missing column"):
        EventStudy(R, pd.DataFrame({"id": ["x"], "date": ["2016-01-05"]}))


def test_market_model_on_the_market_itself_is_refused_per_event(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    res = EventStudy(R, one_event(str(R.index[400].date())), market="MKT",
                     tickers=["MKT"]).fit(model="market", windows=[(0, 0)])
    assert "is the market series" in res.car["reason"].iloc[0]
    assert np.isnan(res.car["car"].iloc[0])


# --------------------------------------------------------------------------------------
# Clusters, exclusion of event days, flags
# --------------------------------------------------------------------------------------
def test_cluster_ids_are_transitive() -> None:
    got = clusters(np.array([100, 104, 112, 300, -1, 140]), (-5, 5))
    assert got.tolist() == [1, 1, 1, 0, 0, 0]


def test_clusters_flagged_and_pooled(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    events = pd.DataFrame({"event_id": ["a", "b", "c"],
                           "date": [str(R.index[p].date()) for p in (400, 402, 500)],
                           "category": ["tariff", "tariff", "talks"]})
    es = EventStudy(R, events, tickers=["A"])
    flagged = es.fit(model="constant", windows=[(-1, 1)])
    ids = flagged.car.set_index("event_id")["cluster_id"]
    assert ids["a"] == ids["b"] == 1
    assert pd.isna(ids["c"])
    pooled = es.fit(model="constant", windows=[(-1, 1)], cluster="pool")
    assert sorted(pooled.car["event_id"]) == ["a+b", "c"]
    got = row(pooled, "a+b", "A", "-1:1")
    y = R["A"].to_numpy()
    est = y[400 - 250:400 - 10]
    mu = est.mean()
    assert got["car"] == pytest.approx((y[399:404] - mu).sum(), rel=1e-10)
    sigma2 = est.var(ddof=1)
    assert got["car_se"] ** 2 == pytest.approx(sigma2 * (5 + 25 / 240), rel=1e-10)
    assert got["day0"] == R.index[400]
    ar = pooled.ar[pooled.ar["event_id"] == "a+b"]
    assert ar["rel_day"].min() == -1 and ar["rel_day"].max() == 3


def test_exclude_event_days_removes_other_events_from_estimation(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    events = pd.DataFrame({"event_id": ["early", "late"],
                           "date": [str(R.index[p].date()) for p in (300, 400)]})
    es = EventStudy(R, events, tickers=["A"])
    base = es.fit(model="constant", windows=[(-1, 1)])
    excl = es.fit(model="constant", windows=[(-1, 1)], exclude_event_days=True)
    assert base.params.loc[("late", "A", "constant"), "n_est"] == 240
    assert excl.params.loc[("late", "A", "constant"), "n_est"] == 240 - 3
    assert excl.params.loc[("early", "A", "constant"), "n_est"] == 240
    y = R["A"].to_numpy()
    keep = np.setdiff1d(np.arange(150, 390), [299, 300, 301])
    assert excl.params.loc[("late", "A", "constant"), "alpha"] == pytest.approx(y[keep].mean())


def test_flagged_sessions_listed_and_dropped(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    d0, d1 = R.index[400], R.index[401]
    flags = pd.DataFrame({"date": [d1, R.index[300]], "ticker": ["A", "A"],
                          "stale": [True, False], "thin": [True, True], "roll": [False, False]})
    es = EventStudy(R, one_event(str(d0.date())), tickers=["A"], flags=flags)
    kept = es.fit(model="constant", windows=[(0, 1)])
    got = row(kept, "e1", "A", "0:1")
    assert got["flags"] == f"{d1.date()}:stale+thin"
    assert got["reason"] == ""
    dropped = es.fit(model="constant", windows=[(0, 1)], drop_flagged=True)
    got2 = row(dropped, "e1", "A", "0:1")
    y = R["A"].to_numpy()
    est = np.setdiff1d(np.arange(150, 390), [300])
    assert got2["car"] == pytest.approx(y[400] - y[est].mean(), rel=1e-10)
    assert got2["reason"] == "dropped 1 flagged session(s)"
    assert dropped.params.loc[("e1", "A", "constant"), "n_est"] == 239


# --------------------------------------------------------------------------------------
# Results object
# --------------------------------------------------------------------------------------
def test_results_frames_and_summary(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    events = pd.DataFrame({"event_id": ["a", "b"],
                           "date": [str(R.index[p].date()) for p in (350, 500)]})
    es = EventStudy(R, events, market="MKT", tickers=["A", "B"])
    res = EventStudyResults.concat([es.fit(model="constant"), es.fit(model="market")])
    assert list(res.ar.columns) == list(AR_COLUMNS)
    assert len(res.ar) == 2 * 2 * 2 * 11
    assert res.std_errors.index.names == ["event_id", "ticker", "model", "window"]
    assert len(res.tstats) == len(res.pvalues) == 2 * 2 * 2 * 5
    assert set(res.params.columns) >= {"alpha", "beta", "sigma", "n_est"}
    text = str(res.summary())
    assert "cumulative abnormal returns" in text and "-1:1" in text
    assert "<table" in res.summary()._repr_html_()
    table = res.caar(n_permutations=50)
    assert set(table["model"]) == {"constant", "market"}


def test_assets_column_limits_events_to_their_tickers(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    events = pd.DataFrame({
        "event_id": ["onlyA", "both", "all", "onlyB"],
        "date": [str(R.index[p].date()) for p in (300, 350, 400, 450)],
        "assets": ["A", "A; B", "", "B"],
    })
    res = EventStudy(R, events, tickers=["A", "B"]).fit(model="constant", windows=[(0, 0)])
    got = res.car.groupby("ticker")["event_id"].apply(sorted).to_dict()
    assert got == {"A": ["all", "both", "onlyA"], "B": ["all", "both", "onlyB"]}
    # the same event on two assets: each on its own returns
    y = R["B"].to_numpy()
    assert row(res, "onlyB", "B", "0:0")["car"] == pytest.approx(
        y[450] - y[450 - 250:450 - 10].mean(), rel=1e-10)


def test_date_precision_column_and_non_iso_dates(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    d = R.index[400]
    events = pd.DataFrame({
        "event_id": ["month", "day", "spelled"],
        "date": [str(d.date()), str(d.date()), d.strftime("%B %d, %Y")],
        "date_precision": ["month", "day", ""],
    })
    res = EventStudy(R, events, tickers=["A"]).fit(model="constant", windows=[(0, 0)])
    car = res.car.set_index("event_id")
    assert "month-precision" in car.loc["month", "reason"]
    assert np.isnan(car.loc["month", "car"])
    assert car.loc["day", "day0"] == car.loc["spelled", "day0"] == d
    assert car.loc["day", "car"] == car.loc["spelled", "car"]


def test_clusters_are_per_asset() -> None:
    got = clusters(np.array([100, 104, 300, 100, 102, 500, 505]), (-5, 5),
                   np.array([0, 0, 0, 1, 1, 1, 1]))
    assert got.tolist() == [1, 1, 0, 1, 1, 2, 2]


def test_pooling_on_several_tickers_keeps_each_tickers_rows(synthetic: ReturnsFactory) -> None:
    R = synthetic()
    events = pd.DataFrame({"event_id": ["a", "b", "c"],
                           "date": [str(R.index[p].date()) for p in (400, 402, 500)]})
    res = EventStudy(R, events, tickers=["A", "B"]).fit(
        model="constant", windows=[(-1, 1)], cluster="pool")
    assert res.car[["ticker", "event_id"]].values.tolist() == [
        ["A", "a+b"], ["A", "c"], ["B", "a+b"], ["B", "c"]]
    ids = res.car["cluster_id"]
    assert (ids[res.car["event_id"] == "a+b"] == 1).all()
    assert ids[res.car["event_id"] == "c"].isna().all()
    table = res.caar(by=(), n_permutations=50)
    assert set(table["ticker"]) == {"A", "B"}
    assert (table["n_events"] == 2).all()


def test_engine_matches_a_plain_loop_on_many_assets_with_missing_data(
    synthetic: ReturnsFactory,
) -> None:
    """Batch (prefix-sum) estimates equal per-event lstsq on every asset, NaNs included."""
    R = synthetic(n_days=800, seed=21)
    rng = np.random.default_rng(0)
    cols = {f"S{i}": 0.3 * R["MKT"].to_numpy() + rng.normal(0, 0.01, len(R))
            for i in range(6)}
    wide = pd.DataFrame(cols, index=R.index)
    wide.iloc[rng.choice(len(R), 40, replace=False), 2] = np.nan
    positions = rng.choice(np.arange(300, 780), size=12, replace=False)
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(12)],
                           "date": [str(R.index[p].date()) for p in positions]})
    res = EventStudy(wide, events, market=R["MKT"]).fit(
        model="market", windows=[(0, 2)], min_estimation=100)
    m = R["MKT"].to_numpy()
    for ticker in wide.columns:
        y = wide[ticker].to_numpy()
        for eid, p in zip(events["event_id"], positions, strict=True):
            got = row(res, eid, ticker, "0:2")
            est = np.arange(p - 250, p - 10)
            est = est[np.isfinite(y[est])]
            X = np.column_stack([np.ones(len(est)), m[est]])
            coef, ssr, *_ = np.linalg.lstsq(X, y[est], rcond=None)
            ev = np.arange(p, p + 3)
            if not np.isfinite(y[ev]).all():
                assert np.isnan(got["car"]) and got["reason"].startswith("missing return")
                continue
            Xs = np.column_stack([np.ones(3), m[ev]])
            sigma2 = ssr[0] / (len(est) - 2)
            s = Xs.sum(axis=0)
            assert got["car"] == pytest.approx((y[ev] - Xs @ coef).sum(), rel=1e-9, abs=1e-13)
            assert got["car_se"] ** 2 == pytest.approx(
                sigma2 * (3 + s @ np.linalg.inv(X.T @ X) @ s), rel=1e-9)
            assert got["n_est"] == len(est)


def test_dates_with_offsets_keep_their_local_date_and_catalog_id_is_accepted() -> None:
    from analysis.study.eventstudy import parse_event_dates, prepare_events

    got = parse_event_dates(pd.DataFrame({"date": [
        "2019-07-18T20:30:00-04:00", "2019-07-19 09:00+08:00", "2019-07-18"]}))
    assert got["date_parsed"].tolist() == [pd.Timestamp("2019-07-18"),
                                           pd.Timestamp("2019-07-19"),
                                           pd.Timestamp("2019-07-18")]
    ev = prepare_events(pd.DataFrame({"catalog_id": ["TW-1"], "date": ["2019-07-18"]}))
    assert ev["event_id"].tolist() == ["TW-1"]


def test_roll_sessions_leave_event_windows_as_they_leave_estimation_windows() -> None:
    rng = np.random.default_rng(12)
    dates = pd.bdate_range("2015-01-05", periods=400)
    r = rng.normal(0, 0.01, 400)
    r[301] = 0.08                                 # a contract-roll jump the day after day 0
    returns = pd.DataFrame({"A": r}, index=dates)
    events = pd.DataFrame({"event_id": ["e1"], "date": [str(dates[300].date())],
                           "timing": "during_session"})
    flags = pd.DataFrame({"date": [str(dates[301].date()), str(dates[200].date())],
                          "ticker": "A", "roll": True})
    study = EventStudy(returns, events, tickers=["A"], calendars={}, flags=flags)
    res = study.fit("constant", windows=[(0, 0), (0, 1)])
    car = res.car.set_index("window")
    # the roll session adds nothing to the 0:1 CAR and is named in flags and reason
    assert car.at["0:1", "car"] == pytest.approx(car.at["0:0", "car"])
    assert car.at["0:1", "car_se"] == pytest.approx(car.at["0:0", "car_se"])
    assert car.at["0:1", "flags"] == f"{dates[301].date()}:roll"
    assert car.at["0:1", "reason"] == "dropped 1 flagged session(s)"
    assert res.settings[0]["roll_days_left_out"] == 2
    assert res.settings[0]["roll_days_in_event_windows"] == 1
    kept = study.fit("constant", windows=[(0, 0), (0, 1)], keep_roll_days=True)
    kc = kept.car.set_index("window")
    assert kc.at["0:1", "car"] == pytest.approx(kc.at["0:0", "car"] + 0.08, abs=0.01)
    assert kept.settings[0]["roll_days_in_event_windows"] == 0
    # a window that is only the roll session has no CAR
    only = study.fit("constant", windows=[(1, 1)]).car
    assert np.isnan(only["car"].iloc[0])
