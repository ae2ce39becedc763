"""Cross-event tests of the cumulative average abnormal return (CAAR).

For :math:`N` events with cumulative abnormal returns :math:`CAR_i` over a window of
:math:`L_2` sessions, standard errors :math:`s_i` (MacKinlay 1997, forecast-error
corrected) and estimation-window residuals :math:`e_{it}`, this module computes

* the primary test, a clustered BMP t over distinct event-days: standardised CARs,
  their scale taken from their own cross-sectional dispersion (robust to event-induced
  variance) and the exact correlation of overlapping CARs kept
  (:func:`clustered_bmp`, see :mod:`analysis.study.overlap`),
* the CAAR t over distinct event-days with the exact estimation-period covariance of
  overlapping CARs (:func:`clustered_t`, the primary test before issue 20); the others
  are robustness checks that treat events as independent,
* the cross-sectional t test,
* Patell (1976) Z,
* Boehmer, Musumeci and Poulsen (1991) standardized cross-sectional test (BMP),
* BMP with the Kolari and Pynnönen (2010) adjustment for cross-correlation,
* the Corrado (1989) rank test with the Corrado and Zivney (1992) treatment of missing
  returns, extended to multi-day windows as in Cowan (1992),
* Cowan's (1992) generalized sign test,
* the Wilcoxon signed-rank test on the CARs,
* a permutation test that draws placebo event days from the same assets.

Every p-value is two-sided. :func:`battery` works on plain arrays (used by the
size/power study); :func:`analysis.study.caar.caar_table` runs it on fitted panels.

References
----------
Satterthwaite, F. E. (1946). An approximate distribution of estimates of variance
components. *Biometrics Bulletin* 2(6), 110-114.
Boehmer, E., Musumeci, J., Poulsen, A. (1991). Event-study methodology under conditions
of event-induced variance. *Journal of Financial Economics* 30, 253-272.
Corrado, C. (1989). A nonparametric test for abnormal security-price performance in
event studies. *Journal of Financial Economics* 23, 385-395.
Corrado, C., Zivney, T. (1992). The specification and power of the sign test in event
study hypothesis tests using daily stock returns. *JFQA* 27(3), 465-478.
Cowan, A. (1992). Nonparametric event study tests. *Review of Quantitative Finance and
Accounting* 2, 343-358.
Kolari, J., Pynnönen, S. (2010). Event study testing with cross-sectional correlation of
abnormal returns. *Review of Financial Studies* 23(11), 3996-4025.
MacKinlay, A. C. (1997). Event studies in economics and finance. *JEL* 35(1), 13-39.
Patell, J. (1976). Corporate forecasts of earnings per share and stock price behavior.
*Journal of Accounting Research* 14(2), 246-276.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

PRIMARY_TEST: str = "clustered_bmp_t"
"""The one test marked ``primary`` in ``caar.csv``, chosen before looking at results
(from its properties and a simulation, ``scripts/simulate_event_variance.py``)."""

MIN_CLUSTERS: int = 3
"""Fewest distinct event-days :func:`clustered_bmp` reads: below it the cross-sectional
variance would rest on one residual degree of freedom or none, so value and p are NaN."""

TESTS: tuple[str, ...] = (
    PRIMARY_TEST, "clustered_t", "csect_t", "patell_z", "bmp_t", "bmp_kp_t", "corrado_rank",
    "generalized_sign", "wilcoxon", "permutation",
)
"""Statistic names, in output order."""

TEST_LABELS: dict[str, str] = {
    PRIMARY_TEST: "primary: clustered BMP t over distinct event-days, scale from the "
                  "event period, exact correlation of overlapping CARs (NaN below "
                  f"{MIN_CLUSTERS} event-days)",
    "clustered_t": "CAAR t over distinct event-days, exact covariance of overlapping CARs "
                   "(estimation-period variance: over-rejects under event-induced variance)",
    "csect_t": "cross-sectional t (assumes independent events)",
    "patell_z": "Patell Z, CLM J2 form (assumes independent events)",
    "bmp_t": "BMP standardized cross-sectional t (assumes independent events)",
    "bmp_kp_t": "BMP with Kolari-Pynnonen r-bar (event-time correlation only; "
                "ignores partly overlapping windows)",
    "corrado_rank": "Corrado-Zivney rank, Cowan multi-day (assumes independent events)",
    "generalized_sign": "Cowan generalized sign (assumes independent events)",
    "wilcoxon": "Wilcoxon signed rank on the CARs (assumes independent events)",
    "permutation": "permutation, placebo days drawn independently (ignores clustering)",
}
"""What each statistic is and what it assumes, written to ``caar.csv`` as ``test``."""

CAAR_COLUMNS: tuple[str, ...] = (
    "ticker", "model", "group", "window", "n_events", "n_sessions", "n_effective", "caar",
    "se", "statistic", "value", "p_value", "primary", "confirmatory", "p_holm", "q_bh",
    "test", "note",
)
MIN_OVERLAP: int = 30
"""Minimum common estimation days for a pairwise residual correlation (Kolari-Pynnönen)."""


def _norm_p(z: float) -> float:
    return float(2.0 * stats.norm.sf(abs(z))) if np.isfinite(z) else float("nan")


def _t_p(t: float, dof: float) -> float:
    return float(2.0 * stats.t.sf(abs(t), dof)) if np.isfinite(t) and dof > 0 else float("nan")


def cross_sectional_t(car: np.ndarray) -> tuple[float, float]:
    r"""Cross-sectional t test of the CAAR.

    .. math::

        t = \frac{\overline{CAR}}{s_{CAR} / \sqrt{N}}, \qquad
        s_{CAR}^2 = \frac{1}{N-1} \sum_i (CAR_i - \overline{CAR})^2,

    with :math:`t \sim t_{N-1}` under the null.
    """
    car = np.asarray(car, dtype=float)
    n = len(car)
    if n < 2:
        return float("nan"), float("nan")
    sd = car.std(ddof=1)
    if not sd > 0:
        return float("nan"), float("nan")
    t = car.mean() / (sd / np.sqrt(n))
    return float(t), _t_p(t, n - 1)


def clustered_t(day_car: np.ndarray, cov_sum: float, dof: float) -> tuple[float, float]:
    r"""CAAR t over distinct event-days with overlapping windows (estimation variance).

    Same-day duplicates are one event-day; the :math:`D` event-days' CARs have the
    covariance matrix :math:`C` of :func:`analysis.study.overlap.car_covariance`
    (MacKinlay's Var(CAR) algebra, off the diagonal too), so

    .. math::

        \overline{CAR} = \frac1D \sum_d CAR_d, \qquad
        t = \frac{\sum_d CAR_d}{\sqrt{1'C1}} \sim t_{\nu},

    with :math:`\nu` the smallest estimation degrees of freedom of the event-days.
    The variance is the estimation-window one, so a cluster of events on nine
    consecutive sessions counts as what it is: one stretch of returns; and so an
    event-period variance above it (news days) is read as an effect: on the seed
    pattern's season copies (``make validate``) its size under day-0 variance x2 at
    window 0:0 is 13.1 % on ^GSPC and 17.6-24.8 % on ZS=F, where :func:`clustered_bmp`
    stays at 3.3-6.5 %.
    """
    day_car = np.asarray(day_car, dtype=float)
    if len(day_car) == 0 or not cov_sum > 0:
        return float("nan"), float("nan")
    t = float(day_car.sum() / np.sqrt(cov_sum))
    return t, _t_p(t, dof)


@dataclass(frozen=True)
class ClusteredBMP:
    r"""Result of :func:`clustered_bmp`.

    Attributes
    ----------
    t, p_value : float
        The statistic and its two-sided p-value (NaN when ``reason`` says why).
    dof : float
        Satterthwaite degrees of freedom of the reference t distribution.
    ratio : float
        :math:`\hat\kappa`, the event-period variance over the estimation-period one.
    n_clusters : int
        Distinct event-days :math:`D`.
    reason : str
        Why the test is undefined (``""`` when it is defined).
    """

    t: float
    p_value: float
    dof: float
    ratio: float
    n_clusters: int
    reason: str = ""


def clustered_bmp(day_car: np.ndarray, pair_i: np.ndarray, pair_j: np.ndarray,
                  pair_cov: np.ndarray) -> ClusteredBMP:
    r"""The primary test: clustered BMP t over distinct event-days (event-period scale).

    Same-day duplicates are one event-day; the :math:`D` event-days' CARs have the
    estimation-period covariance :math:`C` of
    :func:`analysis.study.overlap.car_covariance` (overlapping windows and shared
    estimation windows included). Each CAR is standardised by its own prediction-error
    sd, as in Boehmer, Musumeci and Poulsen (1991), and :math:`C` becomes a
    correlation matrix:

    .. math::

        z_d = \frac{CAR_d}{\sqrt{C_{dd}}}, \qquad
        R = \operatorname{diag}(C)^{-1/2}\, C\, \operatorname{diag}(C)^{-1/2}.

    **Assumption** (BMP's): in the event period :math:`\operatorname{Cov}(z) = \kappa R`
    for one unknown :math:`\kappa > 0`: news may scale every event-day's variance by the
    same factor, but the correlation the overlaps imply is kept. With
    :math:`M = I - \tfrac1D 11'` the cross-sectional sum of squares
    :math:`Q = \sum_d (z_d - \bar z)^2 = z'Mz` has
    :math:`E\,Q = \kappa \operatorname{tr}(MR) = \kappa (D - 1'R1/D)`, so

    .. math::

        \hat\kappa = \frac{Q}{D - 1'R1/D}, \qquad
        t = \frac{\sum_d z_d}{\sqrt{\hat\kappa\, 1'R1}} \approx t_{\nu}, \qquad
        \nu = \frac{\operatorname{tr}(MR)^2}{\operatorname{tr}\big((MR)^2\big)}
            = \frac{(D - 1'R1/D)^2}{\lVert MRM \rVert_F^2},

    :math:`\nu` by Satterthwaite's (1946) moment match of :math:`Q/\kappa` (a weighted
    sum of :math:`\chi^2_1` under normality) to a scaled :math:`\chi^2_\nu`. The scale
    :math:`\hat\kappa` comes from the event period itself, so a variance rise on news
    days widens the test instead of reading as an effect; :math:`\kappa` cancels.
    With :math:`R = I` (no overlap) :math:`t` is BMP's
    :math:`\bar z / (s_z/\sqrt D)` and :math:`\nu = D - 1`; with equicorrelated
    :math:`R` (:math:`\bar r` off the diagonal) it is Kolari and Pynnönen's (2010)
    :math:`t_{BMP}\sqrt{(1-\bar r)/(1+(D-1)\bar r)}`. The reference distribution is
    exact for :math:`R = I` under normality; otherwise :math:`1'z` and :math:`Mz` are
    independent only when :math:`R1 \propto 1` and :math:`\nu` is an approximation.
    The price of the event-period scale is power: :math:`\nu \le D - 1` instead of the
    estimation window's hundreds of degrees of freedom.

    Fewer than :data:`MIN_CLUSTERS` event-days give NaN (``reason`` says so): the
    scale would rest on at most one degree of freedom.

    Parameters
    ----------
    day_car : np.ndarray
        ``(D,)`` CARs of the distinct event-days.
    pair_i, pair_j, pair_cov : np.ndarray
        Pairs ``i <= j`` of indices into ``day_car`` (the diagonal included) and
        :math:`C_{ij}`; pairs not listed have zero covariance.

    Returns
    -------
    ClusteredBMP
    """
    car = np.asarray(day_car, dtype=float)
    n = len(car)
    nan = float("nan")
    if n < MIN_CLUSTERS:
        return ClusteredBMP(nan, nan, nan, nan, n, f"fewer than {MIN_CLUSTERS} event-days ({n})")
    i, j = np.asarray(pair_i, np.int64), np.asarray(pair_j, np.int64)
    cov = np.asarray(pair_cov, dtype=float)
    var = np.zeros(n)
    var[i[i == j]] = cov[i == j]
    if not np.all(var > 0) or not np.all(np.isfinite(car)):
        return ClusteredBMP(nan, nan, nan, nan, n, "an event-day without a CAR variance")
    sd = np.sqrt(var)
    z = car / sd
    sum_r, h, frob = correlation_moments(n, i, j, cov / (sd[i] * sd[j]))
    if not h > 1e-9 * n or not frob > 0:
        return ClusteredBMP(nan, nan, nan, nan, n, "event-days perfectly correlated")
    kappa = float(((z - z.mean()) ** 2).sum() / h)
    if not kappa > 0:
        return ClusteredBMP(nan, nan, nan, kappa, n, "no cross-sectional dispersion")
    t = float(z.sum() / np.sqrt(kappa * sum_r))
    dof = float(h * h / frob)
    return ClusteredBMP(t, _t_p(t, dof), dof, kappa, n)


def correlation_moments(n: int, pair_i: np.ndarray, pair_j: np.ndarray,
                        pair_r: np.ndarray) -> tuple[float, float, float]:
    r"""The three moments of a correlation matrix :func:`clustered_bmp` needs.

    :math:`R` (``n x n``) is given as pairs ``i <= j`` with :math:`R_{ij}` (the diagonal
    included, pairs not listed are zero), so a long sample of mostly non-overlapping
    event-days never builds the dense matrix. With :math:`M = I - \tfrac1n 11'`:

    .. math::

        1'R1, \qquad \operatorname{tr}(MR) = n - 1'R1/n, \qquad
        \lVert MRM \rVert_F^2 = \sum_{ij} (R_{ij} - v_i - v_j)^2,
        \quad v = R1/n - 1'R1/(2n^2),

    the last expanded over the listed pairs only.

    Parameters
    ----------
    n : int
        Size of :math:`R`.
    pair_i, pair_j, pair_r : np.ndarray
        Pairs ``i <= j`` and :math:`R_{ij}`, each diagonal entry listed once (it is 1:
        :math:`1'R1` counts it as such).

    Returns
    -------
    (sum_r, trace, frob) : tuple of float
        :math:`1'R1`, :math:`\operatorname{tr}(MR)` and :math:`\lVert MRM \rVert_F^2`.
    """
    i, j = np.asarray(pair_i, np.int64), np.asarray(pair_j, np.int64)
    r = np.asarray(pair_r, dtype=float)
    diag = i == j
    off = ~diag
    sum_r = float(n + 2.0 * r[off].sum())
    row = np.bincount(i, r, n) + np.bincount(j[off], r[off], n)          # R1
    v = row / n - sum_r / (2.0 * n * n)
    frob = float((r[diag] ** 2).sum() + 2.0 * (r[off] ** 2).sum() - 4.0 * (v * row).sum()
                 + 2.0 * n * (v**2).sum() + 2.0 * v.sum() ** 2)
    return sum_r, n - sum_r / n, frob


def patell_z(scar: np.ndarray, dof: np.ndarray) -> tuple[float, float]:
    r"""Patell (1976) Z of standardized CARs.

    :math:`SCAR_i = CAR_i / s_i` has variance :math:`d_i / (d_i - 2)` under the null
    (:math:`t_{d_i}`, :math:`d_i` the estimation degrees of freedom), so

    .. math::

        Z = \frac{\sum_i SCAR_i}{\sqrt{\sum_i d_i / (d_i - 2)}} \sim N(0, 1).
    """
    scar = np.asarray(scar, dtype=float)
    dof = np.asarray(dof, dtype=float)
    if len(scar) == 0 or np.any(dof <= 2):
        return float("nan"), float("nan")
    z = scar.sum() / np.sqrt((dof / (dof - 2.0)).sum())
    return float(z), _norm_p(z)


def bmp_t(scar: np.ndarray) -> tuple[float, float]:
    r"""Boehmer-Musumeci-Poulsen (1991) standardized cross-sectional test.

    .. math::

        t_{BMP} = \frac{\overline{SCAR}}{s_{SCAR} / \sqrt{N}}, \qquad
        s_{SCAR}^2 = \frac{1}{N-1}\sum_i (SCAR_i - \overline{SCAR})^2,

    compared with :math:`t_{N-1}`.
    """
    return cross_sectional_t(scar)


EXACT_CORRELATION_MAX: int = 300
"""Above this many events :func:`average_correlation` uses the linear-time identity."""


def average_correlation(resid: np.ndarray, min_overlap: int = MIN_OVERLAP) -> float:
    r"""Average pairwise correlation :math:`\bar r` of estimation residuals.

    Residual series are aligned in event time (relative day), as in Kolari and
    Pynnönen (2010) where events share a calendar date; each pair uses the days both
    have (at least ``min_overlap``), pairs with fewer are left out.

    .. math::

        \bar r = \frac{2}{N(N-1)} \sum_{i<j} \operatorname{corr}(e_i, e_j)

    The pairwise form costs :math:`O(N^2 L_1)`; above
    :data:`EXACT_CORRELATION_MAX` events each series is standardized over its own days
    (:math:`z_i`, missing days zero, masks :math:`m_i`) and

    .. math::

        \bar r \approx \frac{\lVert\sum_i z_i\rVert^2 - \sum_i \lVert z_i\rVert^2}
            {\lVert\sum_i m_i\rVert^2 - \sum_i \lVert m_i\rVert^2},

    which is exact without missing days and costs :math:`O(N L_1)`.
    """
    e = np.asarray(resid, dtype=float)
    n = e.shape[0]
    if n < 2:
        return 0.0
    m = np.isfinite(e).astype(float)
    e0 = np.where(m > 0, e, 0.0)
    if n > EXACT_CORRELATION_MAX:
        cnt = m.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = e0.sum(axis=1, keepdims=True) / cnt
            dev = np.where(m > 0, e0 - mean, 0.0)
            sd = np.sqrt((dev**2).sum(axis=1, keepdims=True) / cnt)
            z = np.where((m > 0) & (sd > 0), dev / sd, 0.0)
        keep = (cnt[:, 0] >= min_overlap) & (sd[:, 0] > 0)
        z, mk = z[keep], m[keep]
        num = float((z.sum(axis=0) ** 2).sum() - (z**2).sum())
        den = float((mk.sum(axis=0) ** 2).sum() - (mk**2).sum())
        return num / den if den > 0 else 0.0
    # einsum instead of ``@``: these matrices are tiny and a multi-threaded BLAS call
    # costs more in thread hand-off than it saves (badly so on a busy machine).
    cnt = np.einsum("it,jt->ij", m, m)
    sxy = np.einsum("it,jt->ij", e0, e0)
    sx = np.einsum("it,jt->ij", e0, m)
    sy = sx.T
    sxx = np.einsum("it,jt->ij", e0**2, m)
    syy = sxx.T
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = sxy - sx * sy / cnt
        vx = sxx - sx**2 / cnt
        vy = syy - sy**2 / cnt
        r = cov / np.sqrt(vx * vy)
    iu = np.triu_indices(n, k=1)
    vals = r[iu]
    keep = (cnt[iu] >= min_overlap) & np.isfinite(vals)
    return float(vals[keep].mean()) if keep.any() else 0.0


def bmp_kp_t(scar: np.ndarray, rbar: float) -> tuple[float, float]:
    r"""BMP adjusted for cross-correlation (Kolari and Pynnönen 2010, eq. 15).

    .. math::

        t_{KP} = t_{BMP} \sqrt{\frac{1 - \bar r}{1 + (N-1)\bar r}}
    """
    t, _ = bmp_t(scar)
    n = len(scar)
    denom = 1.0 + (n - 1) * rbar
    if not np.isfinite(t) or denom <= 0:
        return float("nan"), float("nan")
    t_adj = t * np.sqrt((1.0 - rbar) / denom)
    return float(t_adj), _t_p(t_adj, n - 1)


def corrado_rank(est_resid: np.ndarray, window_ar: np.ndarray) -> tuple[float, float]:
    r"""Corrado rank test with missing data (Corrado and Zivney 1992), multi-day window.

    Each event's abnormal returns over the estimation window and the test window
    (:math:`M_i` non-missing values) are ranked; :math:`U_{it} = K_{it} / (1 + M_i)`.
    With :math:`\bar U_t` the mean over the events observed on day :math:`t` and
    :math:`S_U^2 = \frac{1}{T}\sum_t \frac{n_t}{N}(\bar U_t - \tfrac12)^2` over the
    :math:`T` days of the combined window (:math:`n_t` events observed on day
    :math:`t`; the weight keeps :math:`S_U` the spread of an :math:`N`-event mean when
    pooled windows leave some days with one event), each event's test-window ranks are
    standardized over its *own* :math:`L_{2,i}` observed window days and then averaged,

    .. math::

        T_{rank} = \frac{1}{N S_U} \sum_i \frac{1}{\sqrt{L_{2,i}}}
            \sum_{t \in w_i} (U_{it} - \tfrac12) \sim N(0, 1),

    which equals Cowan's (1992)
    :math:`\sum_{t \in w} (\bar U_t - \tfrac12) / (\sqrt{L_2} S_U)` when every event
    has the same window, and stays valid when pooled clusters have windows of
    different lengths (dividing by the union's length there gives a statistic with a
    standard deviation near 2).

    Parameters
    ----------
    est_resid : np.ndarray
        ``(N, L1)`` estimation abnormal returns aligned by relative day, NaN = missing.
    window_ar : np.ndarray
        ``(N, L2)`` test-window abnormal returns aligned by relative day, NaN = missing
        (or outside a shorter window).
    """
    k = np.hstack([np.asarray(est_resid, float), np.asarray(window_ar, float)])
    if k.shape[0] == 0:
        return float("nan"), float("nan")
    missing = np.isnan(k)
    # Missing values ranked last (as +inf) leave the ranks of the others unchanged.
    ranks = stats.rankdata(np.where(missing, np.inf, k), axis=1)
    ranks[missing] = np.nan
    m = (~missing).sum(axis=1, keepdims=True)
    u = ranks / (1.0 + m)
    obs = np.isfinite(u).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = np.nansum(u, axis=0) / obs
    days = obs > 0
    # Days seen by fewer events have a noisier mean: weight by obs_t / N, so S_U stays
    # the standard deviation of an N-event mean (unchanged when every day has N).
    s_u = np.sqrt(np.mean(obs[days] / k.shape[0] * (ubar[days] - 0.5) ** 2))
    l1 = est_resid.shape[1]
    uw = u[:, l1:]
    l2_i = np.isfinite(uw).sum(axis=1)
    has = l2_i > 0
    if not has.any() or not s_u > 0:
        return float("nan"), float("nan")
    per_event = np.nansum(uw[has] - 0.5, axis=1) / np.sqrt(l2_i[has])
    stat = per_event.mean() / s_u
    return float(stat), _norm_p(stat)


def generalized_sign(car: np.ndarray, est_resid: np.ndarray) -> tuple[float, float]:
    r"""Generalized sign test (Cowan 1992).

    :math:`\hat p = \frac1N \sum_i \frac{1}{L_{1,i}} \sum_{t} 1[e_{it} > 0]` is the
    expected share of positive abnormal returns, from the estimation windows; with
    :math:`w` events of positive CAR,

    .. math::

        Z = \frac{w - N\hat p}{\sqrt{N \hat p (1 - \hat p)}} \sim N(0, 1).
    """
    car = np.asarray(car, dtype=float)
    e = np.asarray(est_resid, dtype=float)
    n = len(car)
    if n == 0:
        return float("nan"), float("nan")
    valid = np.isfinite(e)
    per_event = (np.where(valid, e, 0.0) > 0).sum(axis=1) / valid.sum(axis=1)
    p_hat = float(per_event.mean())
    if not 0.0 < p_hat < 1.0:
        return float("nan"), float("nan")
    w = float((car > 0).sum())
    z = (w - n * p_hat) / np.sqrt(n * p_hat * (1.0 - p_hat))
    return float(z), _norm_p(z)


def wilcoxon(car: np.ndarray) -> tuple[float, float]:
    r"""Wilcoxon signed-rank test of :math:`H_0`: CARs symmetric around 0.

    The statistic is the one :func:`scipy.stats.wilcoxon` returns for a two-sided test,
    :math:`\min(W^+, W^-)` with :math:`W^+ = \sum_{i: CAR_i > 0}
    \operatorname{rank}(|CAR_i|)` and :math:`W^-` the same over negative CARs (exact
    p-value up to 50 events without ties, normal approximation otherwise).
    """
    car = np.asarray(car, dtype=float)
    if len(car) == 0 or not np.any(car != 0):
        return float("nan"), float("nan")
    nonzero = np.abs(car[car != 0])
    # Ties (same-day duplicates share a CAR) send scipy's "auto" to a slow permutation
    # null; the exact null without ties, the normal approximation with them.
    exact = len(nonzero) <= 50 and len(np.unique(nonzero)) == len(nonzero)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.wilcoxon(car, method="exact" if exact else "approx")
    return float(res.statistic), float(res.pvalue)


def permutation_test(
    car: np.ndarray,
    pools: Sequence[np.ndarray],
    pool_index: np.ndarray,
    n_permutations: int = 1000,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    r"""Permutation test of the CAAR with placebo event days from the same assets.

    Each draw :math:`b` replaces event :math:`i` by the CAR at a random session of the
    same asset (pool ``pools[pool_index[i]]``: sessions with a full estimation window,
    outside the real events' windows) and records the placebo CAAR
    :math:`\bar C_b`. The two-sided p-value is

    .. math::

        p = \min\left(1, 2 \min\left(
            \frac{1 + \#\{\bar C_b \ge \overline{CAR}\}}{B + 1},
            \frac{1 + \#\{\bar C_b \le \overline{CAR}\}}{B + 1}\right)\right),

    which does not assume the placebo distribution is centred at zero. The statistic
    returned is the observed CAAR's percentile in the placebo distribution.
    """
    car = np.asarray(car, dtype=float)
    n = len(car)
    if n == 0 or n_permutations <= 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(0) if rng is None else rng
    total = np.zeros(n_permutations)
    for k, pool in enumerate(pools):
        count = int((pool_index == k).sum())
        if count == 0:
            continue
        if len(pool) == 0:
            return float("nan"), float("nan")
        draws = rng.integers(0, len(pool), size=(n_permutations, count))
        total += pool[draws].sum(axis=1)
    placebo = total / n
    obs = car.mean()
    # Exact ties (e.g. a single-event pool drawn against itself) count on both sides.
    ge = (1 + np.sum(placebo >= obs - 1e-15)) / (n_permutations + 1)
    le = (1 + np.sum(placebo <= obs + 1e-15)) / (n_permutations + 1)
    pct = float(np.mean(placebo < obs))
    return pct, float(min(1.0, 2.0 * min(ge, le)))


@dataclass
class Sample:
    """Arrays describing ``N`` events for one window (rows aligned).

    Attributes
    ----------
    car, se, dof : np.ndarray
        CAR, its standard error and the estimation degrees of freedom.
    est_resid : np.ndarray
        ``(N, L1)`` estimation-window abnormal returns by relative day (NaN = missing).
    window_ar : np.ndarray
        ``(N, L2)`` test-window abnormal returns by relative day (NaN = missing).
    pools : list of np.ndarray
        Placebo CAR pools for the permutation test.
    pool_index : np.ndarray
        ``(N,)`` pool of each event.
    rbar : float, optional
        Precomputed :func:`average_correlation` of ``est_resid``.
    day_car : np.ndarray, optional
        CARs of the distinct event-days (for :func:`clustered_t` and
        :func:`clustered_bmp`).
    day_cov : float, optional
        :math:`1'C1`, the variance of the sum of ``day_car``.
    day_pairs : tuple of np.ndarray, optional
        ``(i, j, cov)``: the covariance of the event-days' CARs as pairs of indices into
        ``day_car`` (:meth:`analysis.study.overlap.EventDays.pairs`), for
        :func:`clustered_bmp`.
    """

    car: np.ndarray
    se: np.ndarray
    dof: np.ndarray
    est_resid: np.ndarray
    window_ar: np.ndarray
    pools: list[np.ndarray]
    pool_index: np.ndarray
    rbar: float | None = None
    day_car: np.ndarray | None = None
    day_cov: float | None = None
    day_pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def _clustered(name: str, sample: Sample) -> tuple[float, float]:
    """The two event-day tests (NaN when the sample lacks its event-days)."""
    nan = float("nan")
    if sample.day_car is None:
        return nan, nan
    if name == "clustered_bmp_t":
        if sample.day_pairs is None:
            return nan, nan
        res = clustered_bmp(sample.day_car, *sample.day_pairs)
        return res.t, res.p_value
    if sample.day_cov is None:
        return nan, nan
    dof = float(np.min(sample.dof)) if len(sample.dof) else nan
    return clustered_t(sample.day_car, sample.day_cov, dof)


def battery(
    sample: Sample,
    n_permutations: int = 1000,
    rng: np.random.Generator | None = None,
    tests: Sequence[str] | None = None,
) -> list[tuple[str, float, float]]:
    """Run every test on one sample; returns ``(name, value, p_value)`` in :data:`TESTS` order."""
    tests = TESTS if tests is None else tuple(tests)
    car = sample.car
    scar = car / sample.se
    out: list[tuple[str, float, float]] = []
    for name in TESTS:
        if name not in tests:
            continue
        if name in ("clustered_bmp_t", "clustered_t"):
            v, p = _clustered(name, sample)
        elif name == "csect_t":
            v, p = cross_sectional_t(car)
        elif name == "patell_z":
            v, p = patell_z(scar, sample.dof)
        elif name == "bmp_t":
            v, p = bmp_t(scar)
        elif name == "bmp_kp_t":
            rbar = (average_correlation(sample.est_resid) if sample.rbar is None
                    else sample.rbar)
            v, p = bmp_kp_t(scar, rbar)
        elif name == "corrado_rank":
            v, p = corrado_rank(sample.est_resid, sample.window_ar)
        elif name == "generalized_sign":
            v, p = generalized_sign(car, sample.est_resid)
        elif name == "wilcoxon":
            v, p = wilcoxon(car)
        else:
            v, p = permutation_test(car, sample.pools, sample.pool_index, n_permutations, rng)
        out.append((name, v, p))
    return out


def _finite_sorted(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``p`` as floats, an all-NaN result of its shape, and the positions of its finite
    values in ascending order (stable): the family every adjustment works on."""
    p = np.asarray(p, dtype=float)
    ok = np.flatnonzero(np.isfinite(p))
    return p, np.full(p.shape, np.nan), ok[np.argsort(p[ok], kind="stable")]


def holm(p: np.ndarray) -> np.ndarray:
    r"""Holm (1979) step-down adjusted p-values (NaN kept out of the family).

    With the :math:`m` finite p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`,

    .. math::

        \tilde p_{(i)} = \min\Big(1, \max_{j \le i} (m - j + 1)\, p_{(j)}\Big).
    """
    p, out, order = _finite_sorted(p)
    m = len(order)
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adj, 1.0)
    return out


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    r"""Benjamini-Hochberg (1995) q-values (NaN kept out of the family).

    .. math::

        q_{(i)} = \min\Big(1, \min_{j \ge i} \frac{m}{j}\, p_{(j)}\Big).
    """
    p, out, order = _finite_sorted(p)
    m = len(order)
    if m == 0:
        return out
    raw = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(raw[::-1])[::-1]
    out[order] = np.minimum(q, 1.0)
    return out
