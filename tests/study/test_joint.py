"""Stacked (SUR-style) Wald test across assets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.sandwich_covariance import S_hac_simple

from analysis.io import AnalysisError
from analysis.study.joint import MIN_HAC_SESSIONS, hac_covariance, joint_wald, newey_west_lags
from analysis.study.regressions import EventDummyRegression


def _two_assets(rho: float, seed: int, n: int = 300) -> tuple[pd.Series, pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2019-01-01", periods=n)
    m = rng.normal(0, 0.01, n)
    z1, z2 = rng.normal(size=(2, n))
    e2 = rho * z1 + np.sqrt(1 - rho**2) * z2
    a = pd.Series(0.5 * m + 0.01 * z1, index=idx)
    b = pd.Series(0.2 * m + 0.01 * e2, index=idx)
    return a, b, pd.Series(m, index=idx)


EVENTS = pd.DataFrame({
    "event_id": ["e1", "e2", "e3", "e4"],
    "date": ["2019-03-05", "2019-04-10", "2019-06-12", "2019-09-03"],
    "category": ["talks", "talks", "tariff", "tariff"], "direction": "escalation",
})


def _fit(a: pd.Series, b: pd.Series, m: pd.Series) -> list:
    return [EventDummyRegression(s, m, EVENTS, t).fit(dummies="category")
            for t, s in (("A", a), ("B", b))]


def test_joint_wald_matches_the_stacked_covariance_by_hand() -> None:
    a, b, m = _two_assets(0.6, 1)
    fits = _fit(a, b, m)
    term = "group:talks/escalation"
    out = joint_wald(fits, term, cov="nonrobust").iloc[0]
    assert out["cov_type"] == "nonrobust" and pd.isna(out["hac_lags"])
    X = fits[0].ols.model.exog  # same sessions and regressors in both equations
    V = np.linalg.inv(X.T @ X)
    k = list(fits[0].params.index).index(term)
    ea, eb = np.asarray(fits[0].ols.resid), np.asarray(fits[1].ols.resid)
    C = np.array([[fits[0].std_errors[term] ** 2, ea @ eb / len(ea) * V[k, k]],
                  [ea @ eb / len(ea) * V[k, k], fits[1].std_errors[term] ** 2]])
    g = np.array([fits[0].params[term], fits[1].params[term]])
    f = g @ np.linalg.solve(C, g) / 2
    assert out["statistic"] == pytest.approx(f, rel=1e-10)
    assert out["df_num"] == 2
    assert out["p_value"] == pytest.approx(stats.f.sf(f, 2, fits[0].df_resid), rel=1e-10)


@pytest.mark.slow  # a size/power simulation or a whole `make` run: make test-fast skips it
def test_joint_wald_has_nominal_size_with_correlated_assets() -> None:
    p = [joint_wald(_fit(*_two_assets(0.8, s)), "group:tariff/escalation",
                    cov="nonrobust")["p_value"].iloc[0]
         for s in range(300)]
    assert 0.02 < float(np.mean(np.array(p) < 0.05)) < 0.09


def test_joint_wald_refuses_missing_terms_and_one_asset() -> None:
    fits = _fit(*_two_assets(0.0, 2))
    with pytest.raises(AnalysisError, match="at least two"):
        joint_wald(fits[:1], "group:talks/escalation")
    with pytest.raises(AnalysisError, match="not a term"):
        joint_wald(fits, "group:nothing/escalation")


def test_hac_covariance_equals_statsmodels_on_a_known_series() -> None:
    rng = np.random.default_rng(7)
    e = rng.normal(size=(400, 3))
    U = e + 0.6 * np.roll(e, 1, axis=0)   # MA(1): autocorrelated, cross-correlated columns
    U[:, 2] += 0.5 * U[:, 0]
    for lags in (0, 1, 4, 9):
        np.testing.assert_allclose(hac_covariance(U, lags), S_hac_simple(U, nlags=lags),
                                   rtol=1e-12)
    assert newey_west_lags(100) == 4 and newey_west_lags(250) == 4
    assert newey_west_lags(1200) == 6


MANY = pd.DataFrame({
    "event_id": [f"m{i}" for i in range(14)],
    "date": [d.strftime("%Y-%m-%d") for d in pd.bdate_range("2019-01-01", periods=300)[20:290:20]],
    "category": "tariff", "direction": "escalation",
})


def _heteroskedastic(seed: int, n: int = 300) -> tuple[pd.Series, pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2019-01-01", periods=n)
    vol = 0.005 + 0.02 * (np.arange(n) % 20 < 3)   # volatile around every event
    m = rng.normal(0, 0.01, n)
    z = rng.normal(size=(2, n))
    a = pd.Series(0.5 * m + vol * z[0], index=idx)
    b = pd.Series(0.2 * m + vol * (0.7 * z[0] + 0.71 * z[1]), index=idx)
    return a, b, pd.Series(m, index=idx)


def test_joint_hac_diagonal_is_statsmodels_hac_and_the_whole_matrix_its_groupsum() -> None:
    a, b, m = _heteroskedastic(3)
    fits = [EventDummyRegression(s, m, MANY, t).fit(dummies="category", window=(0, 1))
            for t, s in (("A", a), ("B", b))]
    term = "group:tariff/escalation"
    out = joint_wald(fits, term, lags=3).iloc[0]
    assert out["cov_type"] == "HAC" and out["hac_lags"] == 3 and "Newey-West" in out["assumes"]
    k = list(fits[0].params.index).index(term)
    # Each equation alone: statsmodels' own HAC variance of the dummy.
    se = [sm.OLS(f.ols.model.endog, f.ols.model.exog).fit(
        cov_type="HAC", cov_kwds={"maxlags": 3}).bse[k] for f in fits]
    # Both at once: the stacked block-diagonal OLS with Driscoll-Kraay (scores summed
    # over the two equations per session, then Newey-West over sessions).
    Xa, Xb = fits[0].ols.model.exog, fits[1].ols.model.exog
    n, p = Xa.shape
    X = np.block([[Xa, np.zeros((n, p))], [np.zeros((n, p)), Xb]])
    y = np.concatenate([fits[0].ols.model.endog, fits[1].ols.model.endog])
    stacked = sm.OLS(y, X).fit(cov_type="hac-groupsum", cov_kwds={
        "time": np.tile(np.arange(n), 2), "maxlags": 3, "use_correction": False})
    V = stacked.cov_params()[np.ix_([k, p + k], [k, p + k])]
    np.testing.assert_allclose(np.sqrt(np.diag(V)), se, rtol=1e-10)
    g = stacked.params[[k, p + k]]
    assert out["statistic"] == pytest.approx(g @ np.linalg.solve(V, g) / 2, rel=1e-10)
    naive = joint_wald(fits, term, cov="nonrobust").iloc[0]
    assert naive["statistic"] != pytest.approx(out["statistic"], rel=1e-3)


def test_joint_auto_falls_back_to_nonrobust_on_few_sessions_and_says_why() -> None:
    a, b, m = _two_assets(0.3, 4)
    fits = [EventDummyRegression(s, m, EVENTS, t).fit(dummies="category", window=(0, 0))
            for t, s in (("A", a), ("B", b))]
    term = "group:talks/escalation"   # two events of one session each
    auto = joint_wald(fits, term).iloc[0]
    assert auto["cov_type"] == "nonrobust"
    assert f"< {MIN_HAC_SESSIONS}" in auto["assumes"]
    assert auto["statistic"] == pytest.approx(
        joint_wald(fits, term, cov="nonrobust")["statistic"].iloc[0])
    with pytest.raises(AnalysisError, match="unknown covariance"):
        joint_wald(fits, term, cov="HC0")
    with pytest.raises(AnalysisError, match="lags must be"):
        joint_wald(fits, term, cov="HAC", lags=-1)
