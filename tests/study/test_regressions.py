"""Event-dummy regressions against hand computations and MacKinlay's formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import config
from analysis.io import AnalysisError
from analysis.market import prices
from analysis.market.calendars import sessions as cal_sessions
from analysis.study.eventstudy import EventStudy
from analysis.study.regressions import EventDummyRegression, equal_effect_tests
from tests.study.conftest import make_returns

ALPHA, BETA = 0.0003, 0.8


def _market_data(n: int = 400, seed: int = 7) -> tuple[pd.Series, pd.Series]:
    frame = make_returns(n, seed, "2018-01-02", assets={"ZS=F": (ALPHA, BETA, 0.012)},
                         market="^GSPC", market_mean=0.0004, calendar=None)
    return frame["ZS=F"], frame["^GSPC"]


def _events(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """event_id, day0 (given, a session), category, direction."""
    df = pd.DataFrame(rows, columns=["event_id", "date", "category", "direction"])
    df["day0"] = df["date"]
    return df


def _mackinlay(r: np.ndarray, rm: np.ndarray, est: np.ndarray, t0: int) -> tuple[float, float]:
    """Market-model AR on day t0 and MacKinlay's Var = s2 [1 + x0'(X'X)^-1 x0], by hand."""
    X = np.column_stack([np.ones(est.size), rm[est]])
    coef, *_ = np.linalg.lstsq(X, r[est], rcond=None)
    resid = r[est] - X @ coef
    s2 = resid @ resid / (est.size - 2)
    x0 = np.array([1.0, rm[t0]])
    ar = r[t0] - x0 @ coef
    var = s2 * (1.0 + x0 @ np.linalg.solve(X.T @ X, x0))
    return float(ar), float(var)


# -- day dummies ------------------------------------------------------------------------
def test_day_dummy_is_the_market_model_ar_with_mackinlay_variance() -> None:
    r, rm = _market_data()
    t0 = 300
    est = np.arange(t0 - 250, t0 - 10)  # estimation window (-250, -11)
    day0 = r.index[t0]
    sample = r.index[np.concatenate([est, [t0]])]
    events = _events([("E1", f"{day0:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F", market_name="^GSPC").fit(
        dummies="day", sample=sample)
    ar, var = _mackinlay(r.to_numpy(), rm.to_numpy(), est, t0)
    assert res.params["event:E1"] == pytest.approx(ar, abs=1e-14)
    assert res.std_errors["event:E1"] ** 2 == pytest.approx(var, rel=1e-10)
    assert res.nobs == 241 and res.df_resid == 240 - 2  # sigma^2 on L1 - 2 dof
    assert res.params["market"] == pytest.approx(
        np.polyfit(rm.to_numpy()[est], r.to_numpy()[est], 1)[0], rel=1e-10)
    assert res.cov_type == "nonrobust"
    assert res.spec == "market(^GSPC)+day[0:0]"


def test_day_dummies_equal_the_event_study_engine() -> None:
    r, rm = _market_data(600)
    t0 = 400
    day0 = r.index[t0]
    wide = pd.concat({"^GSPC": rm, "ZS=F": r}, axis=1)
    events = pd.DataFrame({"event_id": ["E1"], "date": [f"{day0:%Y-%m-%d}"],
                           "timing": ["during_session"]})
    try:
        fitted = EventStudy(wide.loc[:, ["ZS=F"]], events, market=rm).fit(
            model="market", estimation=(-250, -11), windows=[(0, 0)])
    except AnalysisError as exc:  # synthetic weekdays that are exchange holidays
        pytest.skip(f"engine refused synthetic calendar: {exc}")
    ar = fitted.ar
    row = ar[(ar["event_id"] == "E1") & (ar["rel_day"] == 0) & (ar["ticker"] == "ZS=F")]
    assert len(row) == 1
    engine_day0 = pd.Timestamp(row["date"].iloc[0])
    t0 = r.index.get_loc(engine_day0)
    est = np.arange(t0 - 250, t0 - 10)
    sample = r.index[np.concatenate([est, [t0]])]
    ev = events.assign(day0=engine_day0)
    res = EventDummyRegression(r, rm, ev, "ZS=F").fit(dummies="day", sample=sample)
    assert abs(res.params["event:E1"] - float(row["ar"].iloc[0])) < 1e-12
    car = fitted.car
    car0 = car[(car["event_id"] == "E1") & (car["window"] == "0:0")]
    assert res.std_errors["event:E1"] == pytest.approx(float(car0["car_se"].iloc[0]), rel=1e-10)


def test_several_day_dummies_share_the_other_sessions_as_estimation_window() -> None:
    r, rm = _market_data()
    t = [120, 200, 310]
    events = _events([(f"E{i}", f"{r.index[k]:%Y-%m-%d}", "talks", "neutral")
                      for i, k in enumerate(t)])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="day")
    est = np.setdiff1d(np.arange(len(r)), t)
    for i, k in enumerate(t):
        ar, var = _mackinlay(r.to_numpy(), rm.to_numpy(), est, k)
        assert res.params[f"event:E{i}"] == pytest.approx(ar, abs=1e-13)
        # n - 2 - K residual dof = L1 - 2: the same sigma^2 as the event study's
        assert res.std_errors[f"event:E{i}"] ** 2 == pytest.approx(var, rel=1e-10)
    assert res.df_resid == len(r) - 2 - 3


def test_constant_mean_day_dummy_when_asset_is_the_market() -> None:
    r, _ = _market_data()
    t0 = 300
    events = _events([("E1", f"{r.index[t0]:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, None, events, "^GSPC").fit(dummies="day")
    others = np.delete(r.to_numpy(), t0)
    L1 = others.size
    s2 = others.var(ddof=1)
    assert "market" not in res.params.index
    assert res.params["event:E1"] == pytest.approx(r.iloc[t0] - others.mean(), abs=1e-14)
    assert res.std_errors["event:E1"] ** 2 == pytest.approx(s2 * (1 + 1 / L1), rel=1e-10)
    assert res.spec.startswith("constant(asset is the market)")


def test_events_sharing_day0_share_one_dummy_and_say_so() -> None:
    r, rm = _market_data()
    d = f"{r.index[250]:%Y-%m-%d}"
    events = _events([("A", d, "talks", "neutral"), ("B", d, "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="day")
    assert "event:A+B" in res.params.index
    assert set(res.notes["event_id"]) == {"A", "B"}
    assert res.notes["reason"].str.contains("one dummy event:A\\+B").all()


# -- window dummies ---------------------------------------------------------------------
def test_window_dummy_recovers_a_constant_abnormal_return_exactly() -> None:
    idx = pd.bdate_range("2019-01-02", periods=60)
    rng = np.random.default_rng(1)
    rm = pd.Series(rng.normal(0, 0.01, 60), index=idx)
    r = 0.001 + 1.2 * rm
    r.iloc[29:32] += 0.02  # days -1, 0, +1 of an event at position 30
    events = _events([("E1", f"{idx[30]:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="window", window=(-1, 1))
    assert res.params["event:E1"] == pytest.approx(0.02, abs=1e-12)
    assert res.params["const"] == pytest.approx(0.001, abs=1e-12)
    assert res.params["market"] == pytest.approx(1.2, abs=1e-10)
    car = res.car().set_index("term").loc["event:E1"]
    assert car["n_days"] == 3
    assert car["car"] == pytest.approx(0.06, abs=1e-12)


def test_window_dummy_is_the_average_daily_ar_and_car_se_scales() -> None:
    r, rm = _market_data()
    t0 = 200
    events = _events([("E1", f"{r.index[t0]:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="window", window=(-1, 1))
    # Frisch-Waugh: gamma = (D'MD)^-1 D'My with M the annihilator of [1, R_m]
    Z = np.column_stack([np.ones(len(r)), rm.to_numpy()])
    M = np.eye(len(r)) - Z @ np.linalg.solve(Z.T @ Z, Z.T)
    D = np.zeros(len(r))
    D[t0 - 1:t0 + 2] = 1.0
    y = r.to_numpy()
    gamma = (D @ M @ y) / (D @ M @ D)
    e = M @ y - (M @ D) * gamma
    s2 = e @ e / (len(r) - 3)
    assert res.params["event:E1"] == pytest.approx(gamma, abs=1e-13)
    assert res.std_errors["event:E1"] == pytest.approx(np.sqrt(s2 / (D @ M @ D)), rel=1e-10)
    car = res.car().set_index("term").loc["event:E1"]
    assert car["car"] == pytest.approx(3 * gamma, abs=1e-13)
    assert car["car_se"] == pytest.approx(3 * res.std_errors["event:E1"], rel=1e-12)
    assert car["p_value"] == pytest.approx(res.pvalues["event:E1"], rel=1e-10)


def test_window_cut_by_the_sample_is_noted_and_counted() -> None:
    r, rm = _market_data()
    t0 = 100
    events = _events([("E1", f"{r.index[t0]:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(
        dummies="window", window=(-2, 2), sample=(r.index[t0 - 1], None))
    assert res.terms.loc[0, "n_days"] == 4
    assert "4 of 5 sessions" in res.notes.loc[0, "reason"]
    assert res.car().loc[0, "n_days"] == 4


# -- category dummies -------------------------------------------------------------------
def _category_setup() -> tuple[pd.Series, pd.Series, pd.DataFrame, list[int], list[int]]:
    idx = pd.bdate_range("2019-01-02", periods=120)
    rng = np.random.default_rng(3)
    rm = pd.Series(rng.normal(0, 0.01, 120), index=idx)
    r = 0.0005 + 0.9 * rm
    esc, talks = [20, 50, 90], [35, 70]
    r.iloc[esc] += -0.015
    r.iloc[talks] += 0.01
    events = _events(
        [(f"T{k}", f"{idx[k]:%Y-%m-%d}", "tariff", "escalation") for k in esc]
        + [(f"K{k}", f"{idx[k]:%Y-%m-%d}", "talks", "de-escalation") for k in talks]
    )
    return r, rm, events, esc, talks


def test_category_dummies_recover_group_effects_exactly() -> None:
    r, rm, events, _, _ = _category_setup()
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="category")
    assert res.params["group:tariff/escalation"] == pytest.approx(-0.015, abs=1e-12)
    assert res.params["group:talks/de-escalation"] == pytest.approx(0.01, abs=1e-12)
    terms = res.terms.set_index("term")
    assert terms.loc["group:tariff/escalation", "n_days"] == 3
    assert terms.loc["group:tariff/escalation", "event_ids"] == "T20;T50;T90"
    assert res.spec.endswith("+category/direction[0:0]")


def test_groups_on_the_same_sessions_share_one_dummy() -> None:
    """Two groups whose events fall on the same days would make identical columns (a
    rank-deficient design); they become one term, with a note per event."""
    r, rm, events, esc, _ = _category_setup()
    idx = r.index
    same = _events([(f"A{k}", f"{idx[k]:%Y-%m-%d}", "agriculture", "de-escalation")
                    for k in esc])
    both = pd.concat([events, same], ignore_index=True)
    res = EventDummyRegression(r, rm, both, "ZS=F").fit(dummies="category")
    term = "group:agriculture/de-escalation+tariff/escalation"
    assert term in res.params.index
    assert res.params[term] == pytest.approx(-0.015, abs=1e-12)
    assert res.params["group:talks/de-escalation"] == pytest.approx(0.01, abs=1e-12)
    notes = res.notes.set_index("event_id")["reason"]
    assert all(term in notes[f"A{k}"] for k in esc)


def test_category_dummies_match_lstsq_with_noise() -> None:
    r, rm, events, esc, talks = _category_setup()
    r = r + np.random.default_rng(9).normal(0, 0.01, len(r))
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(
        dummies="category", window=(0, 1), group_by=("category",))
    X = np.column_stack([np.ones(len(r)), rm.to_numpy(), np.zeros(len(r)), np.zeros(len(r))])
    for k in talks:
        X[k:k + 2, 2] = 1.0
    for k in esc:
        X[k:k + 2, 3] = 1.0
    coef, *_ = np.linalg.lstsq(X, r.to_numpy(), rcond=None)
    resid = r.to_numpy() - X @ coef
    cov = resid @ resid / (len(r) - 4) * np.linalg.inv(X.T @ X)
    assert list(res.params.index) == ["const", "market", "group:talks", "group:tariff"]
    np.testing.assert_allclose(res.params.to_numpy(), coef, atol=1e-13)
    np.testing.assert_allclose(res.std_errors.to_numpy(), np.sqrt(np.diag(cov)), rtol=1e-10)
    car = res.car().set_index("term")
    assert car.loc["group:talks", "car"] == pytest.approx(2 * coef[2], abs=1e-13)


# -- robust / HAC -----------------------------------------------------------------------
def test_robust_errors_on_one_day_dummies_are_refused() -> None:
    r, rm = _market_data()
    events = _events([("E1", f"{r.index[300]:%Y-%m-%d}", "tariff", "escalation")])
    reg = EventDummyRegression(r, rm, events, "ZS=F")
    for cov in ("HC0", "HC1", "HAC"):
        with pytest.raises(AnalysisError, match="collapse on single-session dummies"):
            reg.fit(dummies="day", cov_type=cov)
    # why: the event day's residual is exactly zero, so HC0 gives a near-zero se
    X = np.column_stack([np.ones(len(r)), rm.to_numpy(), np.zeros(len(r))])
    X[300, 2] = 1.0
    ols = sm.OLS(r.to_numpy(), X).fit()
    assert abs(ols.resid[300]) < 1e-15
    assert ols.get_robustcov_results("HC0").bse[2] < 0.1 * ols.bse[2]
    assert reg.fit(dummies="day").cov_type == "nonrobust"


def test_hac_on_group_dummies_covering_many_days() -> None:
    r, rm = _market_data()
    days = list(range(20, 380, 15))  # 24 tariff days
    events = _events([(f"T{k}", f"{r.index[k]:%Y-%m-%d}", "tariff", "escalation") for k in days])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(
        dummies="category", cov_type="HAC", hac_lags=3)
    X = np.column_stack([np.ones(len(r)), rm.to_numpy(), np.zeros(len(r))])
    X[days, 2] = 1.0
    ref = sm.OLS(r.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
    np.testing.assert_allclose(res.std_errors.to_numpy(), ref.bse, rtol=1e-12)
    assert res.cov_type == "HAC" and res.hac_lags == 3


def test_hac_on_short_group_dummies_warns() -> None:
    r, rm, events, _, _ = _category_setup()
    with pytest.warns(UserWarning, match="biased towards zero"):
        EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="category", cov_type="HAC")


# -- joint tests ------------------------------------------------------------------------
def test_talks_equal_tariff_wald_matches_manual_f() -> None:
    r, rm, events, _, _ = _category_setup()
    r = r + np.random.default_rng(11).normal(0, 0.01, len(r))
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(
        dummies="category", group_by=("category",))
    row = res.equal_effects("category", "talks", "tariff").iloc[0]
    g = res.params
    cov = res.ols.cov_params()
    diff = g["group:talks"] - g["group:tariff"]
    var = (cov.loc["group:talks", "group:talks"] + cov.loc["group:tariff", "group:tariff"]
           - 2 * cov.loc["group:talks", "group:tariff"])
    F = diff**2 / var
    assert row["hypothesis"] == "wald: talks = tariff"
    assert row["estimate"] == pytest.approx(diff, abs=1e-14)
    assert row["statistic"] == pytest.approx(F, rel=1e-10)
    assert row["df_num"] == 1 and row["df_denom"] == res.df_resid
    assert row["p_value"] == pytest.approx(stats.f.sf(F, 1, res.df_resid), rel=1e-9)
    same = res.wald_test("group:talks = group:tariff").iloc[0]
    assert same["statistic"] == pytest.approx(F, rel=1e-10)
    assert same["estimate"] == pytest.approx(diff, abs=1e-14)


def test_joint_wald_with_two_restrictions_matches_manual() -> None:
    r, rm, events, _, _ = _category_setup()
    r = r + np.random.default_rng(5).normal(0, 0.01, len(r))
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="category")
    names = ["group:talks/de-escalation", "group:tariff/escalation"]
    b = res.params.loc[names].to_numpy()
    V = res.ols.cov_params().loc[names, names].to_numpy()
    F = b @ np.linalg.solve(V, b) / 2
    row = res.wald_test(f"{names[0]} = 0, {names[1]} = 0").iloc[0]
    assert row["df_num"] == 2
    assert row["statistic"] == pytest.approx(F, rel=1e-10)
    assert np.isnan(row["estimate"])


def test_equal_effect_tests_escalation_side_missing_is_reported() -> None:
    r, rm, events, _, _ = _category_setup()
    res = EventDummyRegression(r, rm, events.iloc[:3], "ZS=F").fit(dummies="day")
    out = equal_effect_tests(res)
    assert list(out["hypothesis"].str.slice(0, 20)) == [
        "wald: talks = tariff", "wald: escalation = d"]
    assert out["hypothesis"].str.contains("not testable").all()
    assert out["statistic"].isna().all()


def test_equal_effects_with_day_dummies_averages_terms() -> None:
    r, rm, events, _, _ = _category_setup()
    r = r + np.random.default_rng(2).normal(0, 0.01, len(r))
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="day")
    row = res.equal_effects("direction", "escalation", "de-escalation").iloc[0]
    esc = res.params[[t for t in res.params.index if t.startswith("event:T")]].mean()
    deesc = res.params[[t for t in res.params.index if t.startswith("event:K")]].mean()
    assert row["estimate"] == pytest.approx(esc - deesc, abs=1e-14)


# -- day 0, notes and bad input ---------------------------------------------------------
def test_day0_from_the_exchange_calendar_and_notes_for_dropped_events() -> None:
    idx = cal_sessions("^GSPC", "2019-01-02", "2019-12-31")
    rng = np.random.default_rng(4)
    rm = pd.Series(rng.normal(0, 0.01, len(idx)), index=idx)
    r = 0.5 * rm + rng.normal(0, 0.01, len(idx))
    events = pd.DataFrame({
        "event_id": ["sat", "late", "month", "bad", "early"],
        "date": ["2019-07-20", "2019-07-23", "2019-05", "2019-13-45", "2018-06-01"],
        "date_precision": ["day", "day", "month", "day", "day"],
        "timing": ["unknown", "after_close", "", "", ""],
        "category": ["talks"] * 5,
        "direction": ["neutral"] * 5,
    })
    res = EventDummyRegression(r, rm, events.iloc[[0, 1, 2, 3]], "^GSPC").fit(dummies="day")
    assert res.terms.set_index("term").loc["event:sat", "first_day"] == pd.Timestamp("2019-07-22")
    assert res.terms.set_index("term").loc["event:late", "first_day"] == pd.Timestamp("2019-07-24")
    notes = res.notes.set_index("event_id")["reason"]
    assert "month-precision" in notes["month"]
    assert "unparseable date" in notes["bad"]
    res2 = EventDummyRegression(r, rm, events.iloc[[0, 4]], "^GSPC").fit(
        dummies="day", sample=("2019-03-01", "2019-12-31"))
    assert list(res2.terms["term"]) == ["event:sat"]
    assert "early" in set(res2.notes["event_id"])


def test_summary_renders_as_text_and_html() -> None:
    r, rm, events, _, _ = _category_setup()
    r = r + np.random.default_rng(2).normal(0, 0.01, len(r))
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="window", window=(-1, 1))
    summary = res.summary()
    text = str(summary)
    assert "ZS=F" in text and "event:T20" in text and "Implied CAR" in text
    assert repr(summary) == text and str(res) == text
    html = summary._repr_html_()
    assert "<table" in html and "event:K35" in html and html == res._repr_html_()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"dummies": "week"}, "unknown dummy type"),
        ({"cov_type": "HC9"}, "unknown cov_type"),
        ({"dummies": "window", "window": (2, -1)}, "after its end"),
        ({"dummies": "category", "group_by": ("sector",)}, "need column"),
        ({"sample": ("2030-01-01", "2030-12-31")}, "session"),
    ],
)
def test_bad_fit_arguments_are_one_line_errors(kwargs: dict, match: str) -> None:
    r, rm, events, _, _ = _category_setup()
    with pytest.raises(AnalysisError, match=match) as info:
        EventDummyRegression(r, rm, events, "ZS=F").fit(**kwargs)
    assert "\n" not in str(info.value)


def test_bad_events_are_one_line_errors() -> None:
    r, rm, events, _, _ = _category_setup()
    with pytest.raises(AnalysisError, match="missing column"):
        EventDummyRegression(r, rm, events.drop(columns="date"), "ZS=F")
    dup = pd.concat([events, events.iloc[:1]])
    with pytest.raises(AnalysisError, match="duplicate event_id"):
        EventDummyRegression(r, rm, dup, "ZS=F")


def test_events_for_other_assets_get_no_dummy_and_a_note() -> None:
    r, rm, events, _, _ = _category_setup()
    events = events.assign(assets=["ZS=F;ZC=F", "", "^GSPC", "", ""])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="day")
    assert "event:T90" not in res.params.index
    assert {"event:T20", "event:T50", "event:K35", "event:K70"} <= set(res.params.index)
    note = res.notes.set_index("event_id").loc["T90", "reason"]
    assert note == "not an event for ZS=F (assets: ^GSPC)"


def test_overlapping_event_windows_are_noted() -> None:
    r, rm = _market_data()
    events = _events([("A", f"{r.index[200]:%Y-%m-%d}", "talks", "neutral"),
                      ("B", f"{r.index[201]:%Y-%m-%d}", "tariff", "escalation"),
                      ("C", f"{r.index[300]:%Y-%m-%d}", "tariff", "escalation")])
    res = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="window", window=(-1, 1))
    notes = res.notes.set_index("event_id")["reason"]
    assert notes["A"].startswith("window shares sessions with event:B")
    assert notes["B"].startswith("window shares sessions with event:A")
    assert "C" not in notes.index
    X = np.column_stack([np.ones(len(r)), rm.to_numpy(), np.zeros((len(r), 3))])
    X[199:202, 2] = X[200:203, 3] = X[299:302, 4] = 1.0
    coef, *_ = np.linalg.lstsq(X, r.to_numpy(), rcond=None)
    np.testing.assert_allclose(res.params.to_numpy(), coef, atol=1e-13)


def test_day_dummies_equal_the_engine_on_real_soybeans_and_sp500() -> None:
    bars = prices.load_prices(["^GSPC", "ZS=F"], "2018-01-01", "2019-12-31",
                              source=config.price_source())
    wide = prices.returns_wide(prices.returns_table(bars))
    events = pd.DataFrame({
        "event_id": ["sun", "pre", "call", "tweet", "retal", "sep1", "deal"],
        "date": ["2019-05-05", "2019-05-10", "2019-07-18", "2019-08-01", "2019-08-23",
                 "2019-09-01", "2019-10-11"],
        "timing": ["non_trading_day", "before_open", "during_session", "during_session",
                   "after_close", "non_trading_day", "during_session"],
    })
    fitted = EventStudy(wide, events, market="^GSPC", tickers=["ZS=F"]).fit(
        model="market", estimation=(-250, -11), windows=[(0, 0)])
    ar = fitted.ar[fitted.ar["rel_day"] == 0].set_index("event_id")
    se = fitted.car.set_index("event_id")["car_se"]
    assert set(ar.index) == set(events["event_id"])
    r, rm = wide["ZS=F"], wide["^GSPC"]
    sessions = r.dropna().index
    for eid, row in ar.iterrows():
        p = sessions.get_loc(pd.Timestamp(row["date"]))
        sample = sessions[np.r_[p - 250:p - 10, p]]
        one = events[events["event_id"] == eid]
        res = EventDummyRegression(r, rm, one, "ZS=F").fit(dummies="day", sample=sample)
        # same day 0 from the calendar mapping, same AR, same MacKinlay standard error
        assert res.terms.loc[0, "first_day"] == pd.Timestamp(row["date"])
        assert abs(res.params[f"event:{eid}"] - row["ar"]) < 1e-12
        assert res.std_errors[f"event:{eid}"] == pytest.approx(se[eid], rel=1e-10)


def test_study_and_regressions_share_one_day0_rule_for_week_ranges() -> None:
    # A weekend-only range gets day 0 on the next session in both; a range over
    # several sessions gets none in both (it used to be dropped by the regressions only).
    idx = cal_sessions("ZS=F", "2018-06-01", "2019-12-31")
    rng = np.random.default_rng(6)
    rm = pd.Series(rng.normal(0, 0.01, len(idx)), index=idx)
    r = 0.5 * rm + rng.normal(0, 0.01, len(idx))
    events = pd.DataFrame({
        "event_id": ["weekend", "week", "day"],
        "date": ["2019-07-20", "2019-07-15", "2019-07-25"],
        "date_end": ["2019-07-21", "2019-07-21", "2019-07-25"],
        "date_precision": ["week", "week", "day"],
        "category": ["talks"] * 3, "direction": ["neutral"] * 3,
    })
    reg = EventDummyRegression(r, rm, events, "ZS=F").fit(dummies="day")
    reg_day0 = {t.removeprefix("event:"): d for t, d in
                zip(reg.terms["term"], reg.terms["first_day"], strict=True)}
    study = EventStudy(pd.DataFrame({"ZS=F": r, "^GSPC": rm}), events, market="^GSPC",
                       tickers=["ZS=F"]).fit("market", windows=[(0, 0)]).car
    study_day0 = dict(zip(study["event_id"], study["day0"], strict=True))
    assert reg_day0["weekend"] == study_day0["weekend"] == pd.Timestamp("2019-07-22")
    assert reg_day0["day"] == study_day0["day"] == pd.Timestamp("2019-07-25")
    assert "week" not in reg_day0 and pd.isna(study_day0["week"])
