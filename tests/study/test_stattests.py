"""The cross-event test battery against hand-computed numbers."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.market import calendars
from analysis.study.eventstudy import EventStudy
from analysis.study.stattests import (
    CAAR_COLUMNS,
    PRIMARY_TEST,
    TESTS,
    Sample,
    average_correlation,
    battery,
    benjamini_hochberg,
    bmp_kp_t,
    bmp_t,
    corrado_rank,
    cross_sectional_t,
    generalized_sign,
    holm,
    patell_z,
    permutation_test,
    wilcoxon,
)


def test_cross_sectional_t_by_hand() -> None:
    t, p = cross_sectional_t(np.array([1.0, 2.0, 3.0, 4.0]))
    # mean 2.5, sd sqrt(5/3): t = 2.5 / (sqrt(5/3) / 2)
    assert t == pytest.approx(2.5 / (math.sqrt(5 / 3) / 2))
    assert p == pytest.approx(2 * stats.t.sf(t, 3))
    assert all(math.isnan(x) for x in cross_sectional_t(np.array([1.0])))


def test_patell_z_by_hand() -> None:
    z, p = patell_z(np.array([1.0, 2.0]), np.array([10, 12]))
    assert z == pytest.approx(3 / math.sqrt(10 / 8 + 12 / 10))
    assert p == pytest.approx(2 * stats.norm.sf(z))


def test_bmp_and_kolari_pynnonen_by_hand() -> None:
    scar = np.array([0.5, 1.5, 2.5, -0.5])
    t, _ = bmp_t(scar)
    mean, sd = 1.0, math.sqrt(((0.5 - 1) ** 2 + 0.5**2 + 1.5**2 + 1.5**2) / 3)
    assert t == pytest.approx(mean / (sd / 2))
    t_kp, p_kp = bmp_kp_t(scar, 0.1)
    assert t_kp == pytest.approx(t * math.sqrt(0.9 / (1 + 3 * 0.1)))
    assert p_kp == pytest.approx(2 * stats.t.sf(abs(t_kp), 3))
    assert bmp_kp_t(scar, 0.0)[0] == pytest.approx(t)


def test_average_correlation_matches_pairwise_pandas() -> None:
    rng = np.random.default_rng(0)
    common = rng.normal(size=120)
    e = np.vstack([common + rng.normal(size=120) for _ in range(4)])
    e[1, :10] = np.nan
    e[3, 50:60] = np.nan
    expected = pd.DataFrame(e.T).corr(min_periods=30).to_numpy()[np.triu_indices(4, 1)].mean()
    assert average_correlation(e) == pytest.approx(expected, rel=1e-12)
    assert 0.3 < average_correlation(e) < 0.7
    short = e.copy()
    short[0, 20:] = np.nan  # only 20 days in common with the others: left out
    expected2 = pd.DataFrame(short.T).corr(min_periods=30).to_numpy()[np.triu_indices(4, 1)]
    assert average_correlation(short) == pytest.approx(np.nanmean(expected2), rel=1e-12)


def _corrado_loop(est: np.ndarray, war: np.ndarray) -> float:
    """Corrado-Zivney rank statistic with explicit loops (independent implementation)."""
    n, l1 = est.shape
    full = np.hstack([est, war])
    u = np.full(full.shape, np.nan)
    for i in range(n):
        vals = full[i]
        ok = ~np.isnan(vals)
        ranks = stats.rankdata(vals[ok])
        u[i, ok] = ranks / (ok.sum() + 1)
    ubar = []
    for t in range(full.shape[1]):
        col = [u[i, t] for i in range(n) if not np.isnan(u[i, t])]
        ubar.append(sum(col) / len(col) if col else np.nan)
    seen = [sum(not np.isnan(u[i, t]) for i in range(n)) for t in range(full.shape[1])]
    days = [(x, m) for x, m in zip(ubar, seen, strict=True) if not np.isnan(x)]
    s_u = math.sqrt(sum(m / n * (x - 0.5) ** 2 for x, m in days) / len(days))
    # Each event's window ranks standardized over its own observed window days.
    per_event = []
    for i in range(n):
        wv = [u[i, l1 + t] for t in range(war.shape[1]) if not np.isnan(u[i, l1 + t])]
        if wv:
            per_event.append(sum(x - 0.5 for x in wv) / math.sqrt(len(wv)))
    return sum(per_event) / len(per_event) / s_u


def test_corrado_rank_pooled_windows_of_different_length_has_unit_variance() -> None:
    # Pooled clusters: one event with a 9-day window among 1-day windows. Dividing by
    # the union's length gave a statistic with sd near 2; per-event standardization
    # keeps it near 1.
    rng = np.random.default_rng(11)
    stats_ = []
    for _ in range(800):
        est = rng.normal(size=(10, 120))
        war = np.full((10, 9), np.nan)
        war[:, 0] = rng.normal(size=10)
        war[0, :] = rng.normal(size=9)
        stats_.append(corrado_rank(est, war)[0])
    assert 0.85 < float(np.std(stats_)) < 1.15


def test_corrado_rank_small_example_by_hand() -> None:
    # Two events, four estimation days, one event day: event 1 ranks its day-0 AR top
    # (5 of 5), event 2 second (4 of 5).
    est = np.array([[0.1, -0.2, 0.0, 0.3], [0.2, -0.1, 0.5, -0.3]])
    war = np.array([[0.9], [0.3]])
    u1 = np.array([3, 1, 2, 4, 5]) / 6
    u2 = np.array([3, 2, 5, 1, 4]) / 6
    ubar = (u1 + u2) / 2
    s_u = math.sqrt(np.mean((ubar - 0.5) ** 2))
    expected = (ubar[-1] - 0.5) / s_u
    stat, p = corrado_rank(est, war)
    assert stat == pytest.approx(expected)
    assert p == pytest.approx(2 * stats.norm.sf(abs(expected)))


def test_corrado_rank_with_missing_data_matches_loop() -> None:
    rng = np.random.default_rng(4)
    est = rng.normal(size=(6, 50))
    war = rng.normal(size=(6, 3)) + 0.5
    est[0, :5] = np.nan
    est[2, 10:13] = np.nan
    war[4, 1] = np.nan
    assert corrado_rank(est, war)[0] == pytest.approx(_corrado_loop(est, war), rel=1e-12)


def test_generalized_sign_by_hand() -> None:
    est = np.array([[1.0, -1.0, 1.0, 1.0], [-1.0, -1.0, 1.0, np.nan]])
    # p-hat = (3/4 + 1/3) / 2 = 13/24; two events, one positive CAR
    p_hat = 13 / 24
    z, p = generalized_sign(np.array([0.2, -0.1]), est)
    assert z == pytest.approx((1 - 2 * p_hat) / math.sqrt(2 * p_hat * (1 - p_hat)))
    assert p == pytest.approx(2 * stats.norm.sf(abs(z)))


def test_wilcoxon_exact_small_sample() -> None:
    # |CAR| ranks 1..5; negative only the rank-2 value: W- = 2; P(W <= 2) = 3/32
    stat, p = wilcoxon(np.array([1.0, -2.0, 3.0, 4.0, 5.0]))
    assert stat == 2
    assert p == pytest.approx(2 * 3 / 32)


def test_permutation_p_values() -> None:
    pool = [np.array([-1.0, 1.0])]
    idx = np.zeros(1, dtype=int)
    rng = np.random.default_rng(0)
    _, p_extreme = permutation_test(np.array([2.0]), pool, idx, 999, rng)
    assert p_extreme == pytest.approx(2 / 1000)
    _, p_mid = permutation_test(np.array([0.0]), pool, idx, 999, rng)
    assert p_mid > 0.9
    # Two events, four draws each from {-1, 1}: the sum is 2 with probability 1/4.
    rng = np.random.default_rng(1)
    pct, p = permutation_test(np.array([1.0, 1.0]), pool, np.zeros(2, dtype=int), 20000, rng)
    assert p == pytest.approx(2 * 0.25, abs=0.02)
    assert pct == pytest.approx(0.75, abs=0.02)


def test_battery_order_and_null_behaviour() -> None:
    rng = np.random.default_rng(9)
    n = 40
    est = rng.normal(0, 0.01, size=(n, 200))
    car = rng.normal(0, 0.01, size=n)
    sample = Sample(car=car, se=np.full(n, 0.01), dof=np.full(n, 198.0), est_resid=est,
                    window_ar=car[:, None], pools=[rng.normal(0, 0.01, 3000)],
                    pool_index=np.zeros(n, dtype=int), day_car=car, day_cov=n * 0.01**2)
    out = battery(sample, n_permutations=300, rng=rng)
    # no event-day pairs given: the primary is undefined, the event-day t is not
    assert out[0][0] == PRIMARY_TEST == "clustered_bmp_t" and np.isnan(out[0][2])
    assert out[1][0] == "clustered_t"
    assert out[1][1] == pytest.approx(car.sum() / np.sqrt(n * 0.01**2))
    assert [name for name, _, _ in out] == list(TESTS)
    assert all(0 <= p <= 1 for _, _, p in out[1:])
    # independent event-days (diagonal pairs only): the primary is BMP on the event-days
    idx = np.arange(n)
    with_pairs = battery(replace(sample, day_pairs=(idx, idx, np.full(n, 0.01**2))),
                         n_permutations=0, rng=rng, tests=[PRIMARY_TEST])
    assert with_pairs[0][1] == pytest.approx(bmp_t(car / 0.01)[0])


def test_caar_table_groups_and_columns() -> None:
    sessions = calendars.sessions("NYSE", "2016-01-04", "2019-12-31")
    rng = np.random.default_rng(2)
    R = pd.DataFrame({"A": rng.normal(0, 0.01, len(sessions))},
                     index=pd.DatetimeIndex(sessions, name="date"))
    pos = [400, 450, 500, 550, 600, 650]
    events = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(6)],
        "date": [str(sessions[p].date()) for p in pos],
        "category": ["tariff", "tariff", "talks", "talks", "tariff", ""],
        "direction": ["escalation"] * 3 + ["de-escalation"] * 3,
    })
    res = EventStudy(R, events).fit(model="constant", windows=[(0, 0), (-1, 1)])
    table = res.caar(n_permutations=100)
    assert list(table.columns) == list(CAAR_COLUMNS)
    groups = set(table["group"])
    assert groups == {"all", "category=talks", "category=tariff", "direction=de-escalation",
                      "direction=escalation"}
    sub = table[(table["group"] == "category=tariff") & (table["window"] == "0:0")]
    cars = res.car[(res.car["window"] == "0:0") & (res.car["category"] == "tariff")]["car"]
    assert sub["n_events"].iloc[0] == 3
    assert sub["caar"].iloc[0] == pytest.approx(cars.mean())
    assert table.equals(res.caar(n_permutations=100))  # seeded: reproducible
    one = res.caar(by=(), window="-1:1", tests=["csect_t"], n_permutations=10)
    assert list(one["statistic"]) == [PRIMARY_TEST, "csect_t"]  # primary always run
    prim = table.groupby(["ticker", "model", "group", "window"])["primary"].sum()
    assert (prim == 1).all()
    assert set(table.loc[table["primary"], "statistic"]) == {PRIMARY_TEST}
    # Far-apart events: n_sessions = n_events = n_effective, and CAAR as usual.
    assert (sub["n_sessions"] == 3).all()
    # (estimation windows still overlap, so the shared mean estimate couples them a little)
    assert sub["n_effective"].iloc[0] == pytest.approx(3.0, rel=0.05)


def test_holm_and_benjamini_hochberg_match_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.01, 0.04, 0.03, 0.5, np.nan, 0.002])
    ok = np.isfinite(p)
    holm_p, bh_q = holm(p), benjamini_hochberg(p)
    np.testing.assert_allclose(holm_p[ok], multipletests(p[ok], method="holm")[1])
    np.testing.assert_allclose(bh_q[ok], multipletests(p[ok], method="fdr_bh")[1])
    assert np.isnan(holm_p[4]) and np.isnan(bh_q[4])


def test_primary_merges_same_day_duplicates_and_widens_for_overlaps() -> None:
    sessions = calendars.sessions("NYSE", "2016-01-04", "2019-12-31")
    rng = np.random.default_rng(5)
    R = pd.DataFrame({"A": rng.normal(0, 0.01, len(sessions))},
                     index=pd.DatetimeIndex(sessions, name="date"))
    pos = [500, 500, 501, 502, 700]   # a duplicate and a run of overlapping 0:5 windows
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(5)],
                           "date": [str(sessions[p].date()) for p in pos]})
    res = EventStudy(R, events).fit(model="constant", windows=[(0, 5)])
    row = res.caar(by=(), n_permutations=0).set_index("statistic").loc["clustered_t"]
    assert (row["n_events"], row["n_sessions"]) == (5, 4)
    cars = res.car.drop_duplicates("day0")["car"]
    # every event id of a merged event-day is kept
    assert list(res.car["event_day"][:3]) == ["e0+e1", "e0+e1", "e2"]
    assert row["caar"] == pytest.approx(cars.mean())
    # overlapping windows: fewer independent event-days than event-days
    assert 1.5 < row["n_effective"] < 3.0
    for cluster in ("flag", "pool"):
        pooled = EventStudy(R, events).fit(model="constant", windows=[(0, 5)], cluster=cluster)
        table = pooled.caar(by=(), n_permutations=0).set_index("statistic")
        assert table["primary"].sum() == 1
        assert np.isfinite(table.at["clustered_t", "p_value"])
        # flagged: 4 event-days, the primary is defined; pooled: the run of three is one
        # event-day, two remain, too few for a cross-sectional scale
        prim = table.loc[PRIMARY_TEST]
        if cluster == "flag":
            assert np.isfinite(prim["p_value"]) and prim["note"] == ""
        else:
            assert np.isnan(prim["p_value"]) and prim["note"] == "fewer than 3 event-days (2)"
