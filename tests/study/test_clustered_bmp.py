"""The primary test, the clustered BMP t (analysis.study.stattests.clustered_bmp), against a
from-first-principles computation, its special cases, and its size under event-induced
variance where the estimation-variance event-day t (clustered_t) over-rejects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.study.caar import caar_table
from analysis.study.eventstudy import EventStudy
from analysis.study.overlap import EventDays, car_covariance
from analysis.study.stattests import (
    PRIMARY_TEST,
    bmp_kp_t,
    bmp_t,
    clustered_bmp,
    whitened_moments,
)

EST = (-250, -11)


def first_principles(r: np.ndarray, X: np.ndarray, positions: list[int],
                     window: tuple[int, int]) -> dict[str, float]:
    """The clustered BMP t by plain loops: OLS per event, CAR weights, the covariance
    sigma_j sigma_k a_j'a_k, same-day events merged, then the whitened scale of the
    docstring by a dense Cholesky factor and an explicit projection."""
    T = len(r)
    days = sorted(set(positions))
    car, sig, weights = [], [], []
    for p in days:
        e = list(range(p + EST[0], p + EST[1] + 1))
        w = list(range(p + window[0], p + window[1] + 1))
        Xe = X[e]
        beta = np.linalg.solve(Xe.T @ Xe, Xe.T @ r[e])
        resid = r[e] - Xe @ beta
        sig.append(np.sqrt(resid @ resid / (len(e) - X.shape[1])))
        car.append(sum(r[t] - X[t] @ beta for t in w))
        a = np.zeros(T)
        for t in w:
            a[t] += 1.0
        proj = X[w].sum(axis=0) @ np.linalg.inv(Xe.T @ Xe) @ Xe.T
        for k, t in enumerate(e):
            a[t] -= proj[k]
        weights.append(a)
    D = len(days)
    C = np.zeros((D, D))
    for i in range(D):
        for j in range(D):
            C[i, j] = sig[i] * sig[j] * float(weights[i] @ weights[j])
    z = np.array([car[i] / np.sqrt(C[i, i]) for i in range(D)])
    R = np.array([[C[i, j] / np.sqrt(C[i, i] * C[j, j]) for j in range(D)] for i in range(D)])
    one_r_one = sum(R[i][j] for i in range(D) for j in range(D))
    # whitened: w = L^{-1} z, a = L'1; the part of w orthogonal to a gives the scale
    L = np.linalg.cholesky(R)
    w = np.linalg.solve(L, z)
    a = L.T @ np.ones(D)
    resid = w - a * (a @ w) / (a @ a)
    kappa = float(resid @ resid) / (D - 1)
    t = sum(z) / np.sqrt(kappa * one_r_one)
    return {"t": t, "p": 2 * stats.t.sf(abs(t), D - 1), "nu": D - 1,
            "se": np.sqrt(kappa * C.sum()) / D, "caar": sum(car) / D}


@pytest.mark.parametrize("model", ["constant", "market"])
@pytest.mark.parametrize("window", [(0, 0), (0, 5), (-1, 1)])
def test_primary_equals_the_first_principles_computation(model: str,
                                                         window: tuple[int, int]) -> None:
    rng = np.random.default_rng(11)
    T = 800
    dates = pd.bdate_range("2012-01-02", periods=T)
    m = rng.normal(0.0003, 0.01, T)
    r = 0.8 * m + rng.normal(0, 0.012, T)
    # a same-day duplicate, overlapping windows, shared estimation windows, a far event
    positions = [300, 300, 302, 306, 320, 320, 420, 650]
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(positions))],
                           "date": [str(dates[p].date()) for p in positions],
                           "timing": "during_session"})
    study = EventStudy(pd.DataFrame({"A": r, "M": m}, index=dates), events, market="M",
                       tickers=["A"], calendars={})
    res = study.fit(model, estimation=EST, windows=[window])
    row = caar_table(res.panels, by=(), tests=()).set_index("statistic").loc[PRIMARY_TEST]
    X = (np.ones((T, 1)) if model == "constant" else np.column_stack([np.ones(T), m]))
    want = first_principles(r, X, positions, window)
    assert row["n_sessions"] == 6 and row["n_events"] == 8
    assert row["value"] == pytest.approx(want["t"], rel=1e-9)
    assert row["p_value"] == pytest.approx(want["p"], rel=1e-8)
    assert row["se"] == pytest.approx(want["se"], rel=1e-9)
    assert row["caar"] == pytest.approx(want["caar"], rel=1e-9)
    got = clustered_bmp(np.array([1.0, -1.0, 2.0, 0.5, 0.0, 1.0]), *_dense_pairs(np.eye(6)))
    assert got.dof == pytest.approx(5.0)  # no overlap: D - 1


def _dense_pairs(C: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    i, j = np.triu_indices(len(C))
    keep = C[i, j] != 0
    return i[keep], j[keep], C[i, j][keep]


def test_special_cases_are_bmp_and_kolari_pynnonen() -> None:
    rng = np.random.default_rng(4)
    car = rng.normal(0.002, 0.01, 9)
    sd = rng.uniform(0.005, 0.02, 9)
    # independent event-days: BMP on the standardised CARs, D - 1 degrees of freedom
    res = clustered_bmp(car, *_dense_pairs(np.diag(sd**2)))
    t, p = bmp_t(car / sd)
    assert (res.t, res.p_value, res.dof) == pytest.approx((t, p, 8.0))
    # equicorrelated: Kolari-Pynnonen's adjustment of BMP
    rbar = 0.3
    R = np.full((9, 9), rbar) + (1 - rbar) * np.eye(9)
    res = clustered_bmp(car, *_dense_pairs(R * np.outer(sd, sd)))
    assert res.t == pytest.approx(bmp_kp_t(car / sd, rbar)[0])
    # the scale is the standardised CARs' own: multiplying every CAR changes nothing
    assert clustered_bmp(3 * car, *_dense_pairs(np.diag(sd**2))).t == pytest.approx(t)
    assert clustered_bmp(3 * car, *_dense_pairs(np.diag(sd**2))).ratio == pytest.approx(
        9 * clustered_bmp(car, *_dense_pairs(np.diag(sd**2))).ratio)


def test_fewer_than_three_event_days_is_nan_with_a_reason() -> None:
    two = clustered_bmp(np.array([0.01, 0.02]), *_dense_pairs(np.eye(2) * 1e-4))
    assert np.isnan(two.t) and np.isnan(two.p_value) and two.n_clusters == 2
    assert two.reason == "fewer than 3 event-days (2)"
    # three event-days that are one stretch of returns (perfectly correlated): no scale
    same = clustered_bmp(np.array([0.01, 0.01, 0.01]), *_dense_pairs(np.full((3, 3), 1e-4)))
    assert np.isnan(same.p_value) and same.reason == "event-days perfectly correlated"


def _copies_p(n_copies: int, scenario: str, seed: int) -> pd.DataFrame:
    """Per-copy p-values of the primary and clustered_t on ``n_copies`` copies of a
    seed-like pattern (5 event-days: a duplicate, overlapping windows, a lone event),
    one copy every 300 sessions of i.i.d. normal returns."""
    rng = np.random.default_rng(seed)
    pattern = np.array([0, 0, 2, 3, 6, 40])
    parts = []
    for first in range(0, n_copies, 80):
        k = min(80, n_copies - first)
        T = 300 * (k + 1)
        r = rng.normal(0.0, 0.01, T)
        pos = (300 * np.arange(1, k + 1)[:, None] + pattern[None, :]).ravel()
        if scenario == "var x2":
            day0 = np.unique(pos)
            r[day0] += rng.normal(0.0, 0.01, len(day0))
        dates = pd.bdate_range("1926-01-04", periods=T)
        events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(pos))],
                               "date": [str(dates[p].date()) for p in pos],
                               "timing": "during_session",
                               "category": np.repeat([f"c{i}" for i in range(k)], len(pattern))})
        res = EventStudy(pd.DataFrame({"A": r}, index=dates), events, tickers=["A"],
                         calendars={}).fit("constant", windows=[(0, 0), (0, 1)])
        table = caar_table(res.panels, by=("category",), tests=("clustered_t",),
                           n_permutations=0)
        parts.append(table[table["group"] != "all"])
    return pd.concat(parts, ignore_index=True)


def test_size_under_day0_variance_x2_is_nominal_where_clustered_t_is_not() -> None:
    table = _copies_p(400, "var x2", seed=20)
    size = (table.assign(rej=table["p_value"] < 0.05)
            .groupby(["window", "statistic"])["rej"].mean())
    # 400 copies: binomial sd 1.1 points at 5 %; clustered_t's size here is about 15 %
    for window in ("0:0", "0:1"):
        assert 0.02 <= size[(window, PRIMARY_TEST)] <= 0.085, size
        assert size[(window, "clustered_t")] >= 0.09, size
    null = _copies_p(240, "null", seed=21)
    assert 0.01 <= float((null.loc[null["statistic"] == PRIMARY_TEST, "p_value"] < 0.05)
                         .mean()) <= 0.09


def test_small_cases_by_hand() -> None:
    # R = [[1, .5, 0], [.5, 1, 0], [0, 0, 1]] (row sums 1.5, 1.5, 1), z = (1, 2, 0), sd 1:
    # R^-1 has the block [[4, -2], [-2, 4]] / 3, so z'R^-1 z = (4 - 8 + 16) / 3 = 4,
    # 1'R1 = 4, 1'z = 3, kappa = (4 - 9/4) / 2 = 7/8, t = 3 / sqrt(7/8 * 4) on 2 dof.
    i, j = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2])
    r = np.array([1.0, 0.5, 1.0, 1.0])
    z = np.array([1.0, 2.0, 0.0])
    assert whitened_moments(3, i, j, r, z) == pytest.approx((4.0, 4.0, 3))
    res = clustered_bmp(z, i, j, r)
    assert (res.t, res.dof, res.ratio) == pytest.approx((3 / np.sqrt(3.5), 2.0, 7 / 8))
    assert res.p_value == pytest.approx(2 * stats.t.sf(3 / np.sqrt(3.5), 2))
    # the former scale (spread around the mean, 2 / (3 - 4/3) = 6/5) differs here
    assert res.t != pytest.approx(3 / np.sqrt(1.2 * 4))
    # CARs scaled by their sd: C = diag(sd) R diag(sd) gives the same t
    sd = np.array([0.01, 0.02, 0.005])
    scaled = clustered_bmp(z * sd, i, j, r * sd[i] * sd[j])
    assert scaled.t == pytest.approx(res.t) and scaled.ratio == pytest.approx(res.ratio)


def test_singular_correlation_uses_the_pseudo_inverse() -> None:
    # event-days 0 and 1 are the same sessions (r = 1), 2 and 3 alone: rank 3, 2 dof.
    # R+ on the block: eigenvalue 2 on (1, 1)/sqrt 2, so z'R+z = (2/sqrt 2)^2 / 2 + 4 = 5;
    # 1'R1 = 6, 1'z = 4: kappa = (5 - 16/6) / 2 = 7/6, t = 4 / sqrt(7) on 2 dof.
    i, j = np.array([0, 0, 1, 2, 3]), np.array([0, 1, 1, 2, 3])
    r = np.array([1.0, 1.0, 1.0, 1.0, 1.0])
    z = np.array([1.0, 1.0, 2.0, 0.0])
    assert whitened_moments(4, i, j, r, z) == pytest.approx((6.0, 5.0, 3))
    res = clustered_bmp(z, i, j, r)
    assert (res.t, res.dof, res.ratio) == pytest.approx((4 / np.sqrt(7), 2.0, 7 / 6))


def test_banded_factor_equals_the_dense_inverse() -> None:
    rng = np.random.default_rng(3)
    n, width = 300, 6
    W = np.zeros((n, 2 * n + width))   # windows of 6 sessions at random distinct starts
    for d, start in enumerate(np.sort(rng.choice(2 * n, n, replace=False))):
        W[d, start:start + width] = 1.0
    C = W @ W.T + 0.01 * np.eye(n)
    sd = np.sqrt(np.diag(C))
    R = C / np.outer(sd, sd)
    z = rng.normal(size=n)
    i, j = np.triu_indices(n)
    keep = R[i, j] != 0
    got = whitened_moments(n, i[keep], j[keep], R[i, j][keep], z)
    assert got[0] == pytest.approx(R.sum())
    assert got[1] == pytest.approx(z @ np.linalg.solve(R, z), rel=1e-9)
    assert got[2] == n


SEED_PATTERN: tuple[int, ...] = (0, 1, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 8, 10, 10, 11, 35, 48, 48,
                                 49, 50, 66, 109)
"""Day-0 sessions of a pattern like the seeds': a run of event-days on consecutive
sessions with same-day duplicates, a second run, lone days (15 event-days)."""


def _seed_covariance(model: str, window: tuple[int, int]) -> EventDays:
    """Event-days of :data:`SEED_PATTERN` and the exact covariance of their CARs on one
    fitted asset (i.i.d. normal returns, the study's own estimation and overlap code)."""
    rng = np.random.default_rng(5)
    T = 700
    dates = pd.bdate_range("2012-01-02", periods=T)
    m = rng.normal(0.0003, 0.01, T)
    r = 0.8 * m + rng.normal(0, 0.01, T)
    pos = [400 + p for p in SEED_PATTERN]
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(pos))],
                           "date": [str(dates[p].date()) for p in pos],
                           "timing": "during_session"})
    panel = EventStudy(pd.DataFrame({"A": r, "M": m}, index=dates), events, market="M",
                       tickers=["A"], calendars={}).fit(model, windows=[window]).panels[0]
    return car_covariance(panel.asset, panel.model, panel.est, window,
                          np.arange(len(panel.est.pos)), panel.extra)


@pytest.mark.parametrize(("model", "window"), [("constant", (0, 5)), ("market", (0, 1))])
def test_null_size_is_exact_on_the_seed_pattern(model: str, window: tuple[int, int]) -> None:
    """CARs drawn from N(0, kappa C) with the pattern's exact C: the rejection rate at 5 %
    lies in the 99.9 % binomial interval around 5 % (the former spread-based scale: about
    3.4 % at 0:5, outside it)."""
    days = _seed_covariance(model, window)
    D = len(days.rep)
    C = np.zeros((D, D))
    C[days.i, days.j] = days.cov
    C = C + np.triu(C, 1).T
    n_draws = 8000
    rng = np.random.default_rng(20)
    cars = 1.7 * rng.standard_normal((n_draws, D)) @ np.linalg.cholesky(C).T  # kappa = 2.89
    p = np.array([clustered_bmp(c, days.i, days.j, days.cov).p_value for c in cars])
    lo, hi = stats.binom.interval(0.999, n_draws, 0.05)
    assert D == 15 and lo <= int((p < 0.05).sum()) <= hi, (p < 0.05).mean()
    assert np.allclose(np.sort(p), np.linspace(0, 1, n_draws + 1)[1:], atol=0.02)
    if window == (0, 5):
        # the former form: spread around the mean, Satterthwaite dof -> conservative
        sd = np.sqrt(np.diag(C))
        R, z = C / np.outer(sd, sd), cars / sd
        M = np.eye(D) - 1.0 / D
        h = np.trace(M @ R)
        q = ((z - z.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
        old = z.sum(axis=1) / np.sqrt(q / h * R.sum())
        p_old = 2 * stats.t.sf(np.abs(old), h * h / np.trace(M @ R @ M @ R))
        assert int((p_old < 0.05).sum()) < lo
