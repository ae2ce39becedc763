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
from analysis.study.stattests import (
    PRIMARY_TEST,
    bmp_kp_t,
    bmp_t,
    clustered_bmp,
    correlation_moments,
)

EST = (-250, -11)


def first_principles(r: np.ndarray, X: np.ndarray, positions: list[int],
                     window: tuple[int, int]) -> dict[str, float]:
    """The clustered BMP t by plain loops: OLS per event, CAR weights, the covariance
    sigma_j sigma_k a_j'a_k, same-day events merged, then the formulas of the docstring."""
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
    z = [car[i] / np.sqrt(C[i, i]) for i in range(D)]
    R = [[C[i, j] / np.sqrt(C[i, i] * C[j, j]) for j in range(D)] for i in range(D)]
    one_r_one = sum(R[i][j] for i in range(D) for j in range(D))
    zbar = sum(z) / D
    Q = sum((zi - zbar) ** 2 for zi in z)
    kappa = Q / (D - one_r_one / D)
    t = sum(z) / np.sqrt(kappa * one_r_one)
    M = np.eye(D) - np.ones((D, D)) / D
    MR = M @ np.array(R)
    nu = np.trace(MR) ** 2 / np.trace(MR @ MR)
    return {"t": t, "p": 2 * stats.t.sf(abs(t), nu), "nu": nu,
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


def test_correlation_moments_by_hand() -> None:
    # R = [[1, .5, 0], [.5, 1, 0], [0, 0, 1]]: 1'R1 = 4, tr(MR) = 3 - 4/3 = 5/3 and
    # 36 MRM = [[16, -2, -14], [-2, 16, -14], [-14, -14, 28]], so
    # ||MRM||_F^2 = (2 * 256 + 784 + 2 * (4 + 2 * 196)) / 1296 = 2088 / 1296 = 29/18.
    i, j = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2])
    sum_r, trace, frob = correlation_moments(3, i, j, np.array([1.0, 0.5, 1.0, 1.0]))
    assert sum_r == pytest.approx(4.0)
    assert trace == pytest.approx(5.0 / 3.0)
    assert frob == pytest.approx(29.0 / 18.0)
