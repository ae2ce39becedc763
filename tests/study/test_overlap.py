"""Clustered events: event-days, the exact covariance of overlapping CARs, the SQ test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.study.engine import sq_pvalue
from analysis.study.eventstudy import EventStudy
from analysis.study.overlap import car_covariance, event_days


def _car_weights(T: int, p: int, window: tuple[int, int], est: tuple[int, int],
                 X: np.ndarray) -> np.ndarray:
    """CAR_p = a' eps under the null: explicit weights over every session."""
    e = np.arange(p + est[0], p + est[1] + 1)
    w = np.arange(p + window[0], p + window[1] + 1)
    Xe = X[e]
    proj = X[w].sum(axis=0) @ np.linalg.inv(Xe.T @ Xe) @ Xe.T   # s' (X'X)^-1 X'
    a = np.zeros(T)
    a[w] += 1.0
    a[e] -= proj
    return a


@pytest.mark.parametrize("model", ["constant", "market"])
def test_covariance_of_overlapping_cars_equals_the_explicit_algebra(model: str) -> None:
    rng = np.random.default_rng(3)
    T = 700
    dates = pd.bdate_range("2015-01-05", periods=T)
    m = rng.normal(0, 0.01, T)
    returns = pd.DataFrame({"A": 0.5 * m + rng.normal(0, 0.01, T), "M": m}, index=dates)
    positions = [300, 300, 302, 306, 320, 420]   # duplicate, overlaps, shared estimation
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(positions))],
                           "date": [str(dates[p].date()) for p in positions]})
    window, est = (0, 5), (-250, -11)
    res = EventStudy(returns, events, market="M", tickers=["A"]).fit(
        model, estimation=est, windows=[window])
    panel = res.panels[0]
    days = car_covariance(panel.asset, model, panel.est, window,
                          np.arange(len(positions)))
    assert len(days.rep) == 5 and days.unit_day[0] == days.unit_day[1]
    X = panel.asset.regressors
    reps = [positions[i] for i in days.rep]
    A = np.stack([_car_weights(T, p, window, est, X) for p in reps])
    sig = np.sqrt(panel.est.sigma2[days.rep])
    expected = (A @ A.T) * np.outer(sig, sig)
    got = np.zeros_like(expected)
    got[days.i, days.j] = days.cov
    got[days.j, days.i] = days.cov
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-14)
    # the diagonal is the engine's MacKinlay variance
    car_var = res.car["car_se"].to_numpy() ** 2
    np.testing.assert_allclose(np.diag(got), car_var[days.rep], rtol=1e-9)
    total, trace = days.variance_of_sum(np.ones(5, dtype=bool))
    assert total == pytest.approx(expected.sum()) and trace == pytest.approx(np.trace(expected))


def test_event_days_merge_same_asset_same_day_only() -> None:
    unit_day, rep = event_days(np.array([0, 0, 5, 0]), np.array([10, 10, 10, 12]),
                               np.zeros(4, dtype=np.int64))
    assert unit_day[0] == unit_day[1] and len(set(unit_day)) == 3 and len(rep) == 3


def test_sq_pvalue_is_the_empirical_quantile_of_window_sums() -> None:
    resid = np.array([[-3.0, -1.0, 0.0, 1.0, 2.0, np.nan, 4.0]])
    # one-day CAR of 2.5: one of six residuals is >= 2.5 -> p = 2 * 1/6
    assert sq_pvalue(np.array([2.5]), resid, np.array([1]))[0] == pytest.approx(2 / 6)
    # two-day sums of consecutive observed days: -4, -1, 1, 3 (the NaN breaks two runs)
    assert sq_pvalue(np.array([-4.0]), resid, np.array([2]))[0] == pytest.approx(2 / 4)
    assert sq_pvalue(np.array([0.0]), resid, np.array([2]))[0] == pytest.approx(1.0)
    assert np.isnan(sq_pvalue(np.array([np.nan]), resid, np.array([1]))[0])


def test_sq_test_has_nominal_size_on_fat_tailed_returns() -> None:
    rng = np.random.default_rng(8)
    resid = rng.standard_t(3, size=(4000, 240)) * 0.01
    car = rng.standard_t(3, size=4000) * 0.01
    p = sq_pvalue(car, resid, np.ones(4000, dtype=np.int64))
    assert 0.035 < float((p < 0.05).mean()) < 0.065
