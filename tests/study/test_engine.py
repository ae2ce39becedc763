"""The estimation engine against numbers worked out by hand (analysis.study.engine).

Every expected value below is computed in the comment next to it from the textbook
formulas (MacKinlay 1997), not read back from the code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.study.engine import (
    _window_sums,
    estimate,
    event_span,
    residuals,
    sq_pvalue,
    sq_pvalues,
    t_pvalue,
    window_car,
)
from analysis.study.panel import build_asset, stack_assets

DAYS = pd.bdate_range("2019-01-01", periods=6)


def one_asset(a: list[float], m: list[float] | None = None, model: str = "constant"):
    frame = pd.DataFrame({"A": a, "M": m if m is not None else [0.0] * len(a)}, index=DAYS)
    market = frame["M"] if model != "constant" else None
    return build_asset(frame, "A", model, market, None, None, False)


def test_constant_mean_estimate_car_and_exact_variance() -> None:
    asset = one_asset([0.01, 0.02, 0.03, 0.04, 0.05, 0.06])
    est = estimate(asset, "constant", (-3, -1), np.array([3]), min_estimation=2)
    # Estimation sample 0.01, 0.02, 0.03: mean 0.02, sigma^2 = (1e-4 + 0 + 1e-4) / 2.
    assert est.ok[0] and est.n_est[0] == 3 and est.dof[0] == 2
    assert est.beta[0, 0] == pytest.approx(0.02)
    assert est.sigma2[0] == pytest.approx(1e-4)
    spanned = event_span(asset, "constant", est, (0, 1))
    one = window_car(asset, "constant", est, spanned, (0, 0))
    two = window_car(asset, "constant", est, spanned, (0, 1))
    # Day 0: 0.04 - 0.02; days 0..1: 0.02 + 0.03.
    assert one.car[0] == pytest.approx(0.02) and two.car[0] == pytest.approx(0.05)
    # Var(CAR) = sigma^2 (L2 + L2^2 / L1): 1e-4 (1 + 1/3) and 1e-4 (2 + 4/3).
    assert one.var[0] == pytest.approx(1e-4 * 4 / 3)
    assert two.var[0] == pytest.approx(1e-4 * 10 / 3)
    assert list(one.n_days) == [1] and list(two.n_days) == [2]
    # Estimation residuals by relative day -3..-1: -0.01, 0, 0.01.
    np.testing.assert_allclose(residuals(asset, "constant", est)[0], [-0.01, 0.0, 0.01],
                               atol=1e-15)


def test_market_model_ols_and_prediction_variance() -> None:
    asset = one_asset([0.01, 0.03, 0.04, 0.06, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0, 0.0, 0.0],
                      model="market")
    est = estimate(asset, "market", (-3, -1), np.array([3]), min_estimation=3)
    # x = 0, 1, 2; y = .01, .03, .04: b = Sxy/Sxx = 0.03/2, a = ybar - b xbar = 0.08/3 - b.
    assert est.beta[0] == pytest.approx([0.08 / 3 - 0.015, 0.015])
    # Residuals -1/600, 1/300, -1/600: SSR = 1/60000 over one degree of freedom.
    assert est.dof[0] == 1
    assert est.sigma2[0] == pytest.approx(1 / 60000)
    # (X'X)^-1 = [[5, -3], [-3, 3]] / 6.
    np.testing.assert_allclose(est.xtx_inv[0], np.array([[5, -3], [-3, 3]]) / 6)
    spanned = event_span(asset, "market", est, (0, 0))
    wc = window_car(asset, "market", est, spanned, (0, 0))
    # AR = 0.06 - (a + 3 b) = 0.06 - 0.0566667; Var = sigma^2 (1 + x0'(X'X)^-1 x0),
    # x0 = (1, 3): 5/6 - 18/6 + 27/6 = 7/3.
    assert wc.car[0] == pytest.approx(0.06 - (0.011666666666666667 + 0.045))
    assert wc.var[0] == pytest.approx((1 / 60000) * (1 + 7 / 3))


def test_market_adjusted_variance_is_sigma2_times_days() -> None:
    asset = one_asset([0.02, 0.01, 0.05, 0.03, 0.04, 0.0], [0.01, 0.01, 0.02, 0.01, 0.01, 0.0],
                      model="market-adjusted")
    est = estimate(asset, "market-adjusted", (-3, -1), np.array([3]), min_estimation=2)
    # e = R - Rm = 0.01, 0.00, 0.03: their sample variance (n - 1 = 2 dof) = 7/3 * 1e-4.
    e = np.array([0.01, 0.0, 0.03])
    assert est.sigma2[0] == pytest.approx(7e-4 / 3) == e.var(ddof=1)
    spanned = event_span(asset, "market-adjusted", est, (0, 1))
    wc = window_car(asset, "market-adjusted", est, spanned, (0, 1))
    # CAR = (0.03 - 0.01) + (0.04 - 0.01); Var = sigma^2 * 2 (nothing estimated).
    assert wc.car[0] == pytest.approx(0.05)
    assert wc.var[0] == pytest.approx(2 * e.var(ddof=1))


def test_missing_returns_shorten_the_estimation_window_and_block_a_car() -> None:
    asset = one_asset([0.01, np.nan, 0.03, 0.04, np.nan, 0.06])
    est = estimate(asset, "constant", (-3, -1), np.array([3]), min_estimation=2)
    # Two usable sessions (0.01, 0.03): mean 0.02, sigma^2 = 2e-4 / 1.
    assert (est.n_est[0], est.n_missing[0], est.dof[0]) == (2, 1, 1)
    assert est.sigma2[0] == pytest.approx(2e-4)
    spanned = event_span(asset, "constant", est, (0, 1))
    wc = window_car(asset, "constant", est, spanned, (0, 1))
    assert np.isnan(wc.car[0]) and wc.reason[0] == "missing return on 2019-01-07"
    short = estimate(asset, "constant", (-3, -1), np.array([3]), min_estimation=3)
    assert not short.ok[0]
    assert short.reason[0] == "estimation window too short (2 usable sessions < 3)"


def test_window_past_the_data_has_no_car() -> None:
    asset = one_asset([0.01, 0.02, 0.03, 0.04, 0.05, 0.06])
    est = estimate(asset, "constant", (-3, -1), np.array([5]), min_estimation=2)
    spanned = event_span(asset, "constant", est, (0, 1))
    wc = window_car(asset, "constant", est, spanned, (0, 1))
    assert np.isnan(wc.car[0]) and wc.reason[0] == "window past the data"


def test_sq_pvalue_is_the_two_sided_empirical_quantile() -> None:
    resid = np.array([[-1.0, 0.0, 1.0, 2.0]])
    # One-day sums are the residuals: 3 of 4 are <= 1.5, 1 of 4 is >= 1.5 -> 2 * 1/4.
    assert sq_pvalue(np.array([1.5]), resid, np.array([1]))[0] == pytest.approx(0.5)
    # Two-day sums -1, 1, 3: CAR 3 is the largest -> 2 * 1/3.
    assert sq_pvalue(np.array([3.0]), resid, np.array([2]))[0] == pytest.approx(2 / 3)
    assert np.isnan(sq_pvalue(np.array([np.nan]), resid, np.array([1]))[0])


def test_t_pvalue() -> None:
    got = t_pvalue(np.array([0.0, np.nan, 2.0, 1.0]), np.array([5.0, 5.0, 0.0, 1.0]))
    # t = 0 -> 1; t = 1 with one dof (Cauchy): 2 (1/2 - atan(1)/pi) = 1/2.
    assert got[0] == pytest.approx(1.0)
    assert np.isnan(got[1]) and np.isnan(got[2])
    assert got[3] == pytest.approx(0.5)


def _stacked_panel(model: str):
    """Three assets, two sharing a timeline and one starting late, with holes."""
    rng = np.random.default_rng(11)
    days = pd.bdate_range("2016-01-01", periods=400)
    m = rng.normal(0.0, 0.01, len(days))
    frame = pd.DataFrame({c: 0.001 * i + 0.9 * m + rng.normal(0, 0.02, len(days))
                          for i, c in enumerate("ABC")}, index=days)
    frame = frame.mask(rng.random(frame.shape) < 0.03)
    frame.iloc[:150, 2] = np.nan  # C starts late: its estimation windows are clipped
    market = pd.Series(m, index=days)
    timelines = [days, days, days[150:]]
    asset = stack_assets(frame, list("ABC"), timelines, model,
                         None if model == "constant" else market, None, None, False)
    return asset


@pytest.mark.parametrize("model", ["constant", "market", "market-adjusted"])
def test_sq_pvalues_equal_sq_pvalue_on_the_residuals(model: str) -> None:
    # The rolling-sum SQ test must give the reference's p-values, including runs that
    # touch missing returns, excluded sessions and the start of a late asset.
    asset = _stacked_panel(model)
    rng = np.random.default_rng(5)
    a = rng.integers(0, 3, 300)
    local = rng.integers(40, 240, 300)
    pos = asset.starts[a] + np.minimum(local, asset.ends[a] - asset.starts[a] - 12)
    exclude = rng.random(len(asset.dates)) < 0.02
    est = estimate(asset, model, (-120, -11), pos, min_estimation=30, exclude=exclude,
                   lo=asset.starts[a], hi=asset.ends[a])
    assert est.ok.sum() > 200 and (~est.ok).any()  # some units have no fit
    spanned = event_span(asset, model, est, (-5, 5))
    resid = residuals(asset, model, est)
    checked = 0
    for window in [(0, 0), (-1, 1), (-5, 5)]:
        wc = window_car(asset, model, est, spanned, window, with_text=False)
        got = sq_pvalues(asset, model, est, wc.car, wc.n_days)
        want = sq_pvalue(wc.car, resid, wc.n_days)
        np.testing.assert_array_equal(got, want)
        checked += int(np.isfinite(want).sum())
    assert checked > 600


def test_window_sums_per_block_equal_one_prefix_sum_per_asset() -> None:
    # Assets of one length are accumulated as one 2-D block: bit for bit the sums of a
    # separate prefix sum per asset.
    rng = np.random.default_rng(2)
    lengths = [50, 50, 50, 20, 70, 70]
    seg_starts = np.cumsum([0, *lengths[:-1]])
    values = rng.normal(0, 1, sum(lengths))
    seg = rng.integers(0, len(lengths), 200)
    start = seg_starts[seg] + rng.integers(0, 10, 200)
    ends = seg_starts + np.asarray(lengths)
    stop = np.minimum(start + rng.integers(0, 40, 200), ends[seg])

    def own_prefix_sum(g: int, b: int, e: int) -> float:
        c = np.cumsum(np.r_[0.0, values[seg_starts[g]:seg_starts[g] + lengths[g]]])
        return c[e - seg_starts[g]] - c[b - seg_starts[g]]

    want = np.array([own_prefix_sum(*t) for t in zip(seg, start, stop, strict=True)])
    got = _window_sums(values, start, stop, seg, seg_starts)
    np.testing.assert_array_equal(got, want)
