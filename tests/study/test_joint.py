"""Stacked (SUR-style) Wald test across assets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.io import AnalysisError
from analysis.study.joint import joint_wald
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
    out = joint_wald(fits, term).iloc[0]
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
    p = [joint_wald(_fit(*_two_assets(0.8, s)), "group:tariff/escalation")["p_value"].iloc[0]
         for s in range(300)]
    assert 0.02 < float(np.mean(np.array(p) < 0.05)) < 0.09


def test_joint_wald_refuses_missing_terms_and_one_asset() -> None:
    fits = _fit(*_two_assets(0.0, 2))
    with pytest.raises(AnalysisError, match="at least two"):
        joint_wald(fits[:1], "group:talks/escalation")
    with pytest.raises(AnalysisError, match="not a term"):
        joint_wald(fits, "group:nothing/escalation")
