r"""Clustered events: same-day duplicates merged, overlapping windows in the covariance.

The event-day CAAR tests of the study (:func:`analysis.study.stattests.clustered_bmp`,
the primary one, and :func:`analysis.study.stattests.clustered_t`) need,
for the events of one group on one asset,

1. the distinct *event-days*: events with the same day 0 (and, when pooled, the same
   span) on one asset have identical CARs, so they are one observation, not several;
2. the covariance of the event-days' CARs. Under the normal-return model with i.i.d.
   disturbances :math:`\varepsilon_t \sim (0, \sigma^2)` the abnormal return of event
   :math:`j` on session :math:`t` is
   :math:`AR_{jt} = \varepsilon_t - x_t'(\hat\theta_j - \theta)` with
   :math:`\hat\theta_j - \theta = (X_j'X_j)^{-1}X_j'\varepsilon_{E_j}` fitted on the
   estimation sessions :math:`E_j`. With :math:`W_j` the event window,
   :math:`s_j = \sum_{t \in W_j} x_t` and :math:`V_j = (X_j'X_j)^{-1}`,

   .. math::

       \operatorname{Cov}(CAR_j, CAR_k) = \sigma^2 \Big[ |W_j \cap W_k|
           - \Big(\sum_{t \in W_j \cap E_k} x_t\Big)' V_k s_k
           - \Big(\sum_{t \in W_k \cap E_j} x_t\Big)' V_j s_j
           + s_j' V_j \Big(\sum_{t \in E_j \cap E_k} x_t x_t'\Big) V_k s_k \Big],

   which on the diagonal is MacKinlay's (1997) :math:`\sigma^2[L_2 + s'(X'X)^{-1}s]`
   (the window is outside its own estimation window). For the market-adjusted model
   nothing is estimated and only :math:`\sigma^2 |W_j \cap W_k|` remains. Each pair uses
   :math:`\hat\sigma_j\hat\sigma_k`.

Every sum is a difference of prefix sums over the asset's sessions, and only pairs
whose windows or estimation windows can meet are formed, so the cost is linear in the
number of event-days times the (fixed) estimation length.

May import: ``analysis.windows``, ``analysis.study.engine``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.study.engine import AssetData, Estimates
from analysis.windows import Window


@dataclass
class EventDays:
    r"""Distinct event-days of a set of units and the covariance of their CARs.

    Attributes
    ----------
    unit_day : np.ndarray
        ``(N,)`` index of the event-day of each input unit.
    rep : np.ndarray
        ``(D,)`` one representative unit (index into the input units) per event-day.
    i, j : np.ndarray
        Pairs of event-days (``i <= j``, diagonal included) with a covariance.
    cov : np.ndarray
        :math:`\operatorname{Cov}(CAR_i, CAR_j)` of each pair.
    """

    unit_day: np.ndarray
    rep: np.ndarray
    i: np.ndarray
    j: np.ndarray
    cov: np.ndarray

    def variance_of_sum(self, days: np.ndarray) -> tuple[float, float]:
        r""":math:`1'C1` and :math:`\operatorname{tr}C` over the event-days in ``days``.

        ``days`` is a boolean mask over the event-days.
        """
        both = days[self.i] & days[self.j]
        diag = both & (self.i == self.j)
        total = float(self.cov[diag].sum() + 2.0 * self.cov[both & ~diag].sum())
        return total, float(self.cov[diag].sum())

    def pairs(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(i, j, cov)`` of the pairs within the event-days in ``days`` (a boolean mask),
        ``i`` and ``j`` renumbered ``0 .. days.sum() - 1`` in event-day order."""
        local = np.cumsum(days) - 1
        both = days[self.i] & days[self.j]
        return local[self.i[both]], local[self.j[both]], self.cov[both]


def event_days(asset_of: np.ndarray, pos: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray,
                                                                                  np.ndarray]:
    """Group units with the same (asset, day-0 position, span): ``(unit_day, rep)``."""
    key = np.stack([np.asarray(asset_of, np.int64), np.asarray(pos, np.int64),
                    np.asarray(extra, np.int64)], axis=1)
    if len(key) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, rep, unit_day = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return unit_day.ravel().astype(np.int64), rep.astype(np.int64)


def _prefix(values: np.ndarray) -> np.ndarray:
    """Prefix sums along axis 0 with a leading zero row."""
    out = np.zeros((len(values) + 1, *values.shape[1:]))
    np.cumsum(values, axis=0, out=out[1:])
    return out


def _interval_sum(prefix: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Sum over ``[start, stop)`` (empty when ``stop <= start``)."""
    stop = np.maximum(stop, start)
    return prefix[stop] - prefix[start]


def _close_pairs(pos: np.ndarray, lo: np.ndarray, reach: int,
                 n_dates: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)`` (each pair once, ``i == j`` included) of event-days on the
    same asset (same ``lo``) at most ``reach`` sessions apart, by one sorted search."""
    n = len(pos)
    order = np.lexsort((pos, lo))
    key = lo[order].astype(float) * (4.0 * (n_dates + reach + 1)) + pos[order]
    stop = np.searchsorted(key, key + reach, side="right")
    counts = stop - np.arange(n)
    ii = np.repeat(np.arange(n), counts)
    jj = ii + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    return order[ii], order[jj]


def car_covariance(
    asset: AssetData,
    model: str,
    est: Estimates,
    window: Window,
    units: np.ndarray,
    extra: np.ndarray | None = None,
) -> EventDays:
    r"""Event-days of ``units`` (rows of ``est``) and the covariance of their CARs.

    Parameters
    ----------
    asset : AssetData
        The stacked assets the estimates were fitted on.
    model : str
        Normal-return model of ``est``.
    est : Estimates
        Batch estimates (positions, bounds, :math:`(X'X)^{-1}`, :math:`\hat\sigma^2`).
    window : tuple of int
        Event window relative to day 0.
    units : np.ndarray
        Rows of ``est`` to use (units with a finite CAR).
    extra : np.ndarray, optional
        Extra sessions of each row of ``est`` (pooled clusters), default zero.

    Returns
    -------
    EventDays
    """
    units = np.asarray(units, dtype=np.int64)
    ext_all = np.zeros(len(est.pos), np.int64) if extra is None else np.asarray(extra, np.int64)
    pos, lo, ext = est.pos[units], est.lo[units], ext_all[units]
    unit_day, rep = event_days(lo, pos, ext)
    r = units[rep]
    p, lo_r, hi_r, x_r = est.pos[r], est.lo[r], est.hi[r], ext_all[r]
    n_days = len(r)
    if n_days == 0:
        empty = np.zeros(0, dtype=np.int64)
        return EventDays(unit_day, rep, empty, empty, np.zeros(0))
    # Pairs whose windows or estimation windows can meet: same asset, close positions.
    e0, e1 = est.estimation
    a, b = window
    reach = max(e1 - e0, b + int(x_r.max()) - e0, e1 - a, b + int(x_r.max()) - a, 0)
    i, j = _close_pairs(p, lo_r, reach, len(asset.dates))

    sig = np.sqrt(est.sigma2[r])
    not_dropped = ~asset.dropped
    w0 = np.clip(p + a, lo_r, hi_r)
    w1 = np.clip(p + b + x_r + 1, lo_r, hi_r)
    pw = _prefix(not_dropped.astype(float))
    overlap = _interval_sum(pw, np.maximum(w0[i], w0[j]), np.minimum(w1[i], w1[j]))
    cov = overlap
    if model != "market-adjusted":
        use = asset.usable.copy()
        if est.excluded is not None:
            use &= ~est.excluded
        # Regressors are NaN where the market is missing: such days are in no estimation
        # sample, and a window holding one has no CAR, so they count as zero here.
        X = np.where(np.isfinite(asset.regressors), asset.regressors, 0.0)
        px_win = _prefix(np.where(not_dropped[:, None], X, 0.0))
        px_est = _prefix(np.where(use[:, None], X, 0.0))
        pxx_est = _prefix(np.where(use[:, None, None], X[:, :, None] * X[:, None, :], 0.0))
        s0 = np.clip(p + e0, lo_r, hi_r)
        s1 = np.maximum(np.clip(p + e1 + 1, lo_r, hi_r), s0)
        s = _interval_sum(px_win, w0, w1)                        # (D, k)
        v = np.nan_to_num(est.xtx_inv[r])                        # (D, k, k)
        vs = np.einsum("dkl,dl->dk", v, s)                       # V_d s_d
        # sum of x over W_i within E_j (estimation-usable sessions only), and vice versa
        wi_ej = _interval_sum(px_est, np.maximum(w0[i], s0[j]), np.minimum(w1[i], s1[j]))
        wj_ei = _interval_sum(px_est, np.maximum(w0[j], s0[i]), np.minimum(w1[j], s1[i]))
        ee = _interval_sum(pxx_est, np.maximum(s0[i], s0[j]), np.minimum(s1[i], s1[j]))
        cov = (overlap - np.einsum("nk,nk->n", wi_ej, vs[j])
               - np.einsum("nk,nk->n", wj_ei, vs[i])
               + np.einsum("nk,nkl,nl->n", vs[i], ee, vs[j]))
    cov = cov * sig[i] * sig[j]
    lo_ij, hi_ij = np.minimum(i, j), np.maximum(i, j)
    return EventDays(unit_day=unit_day, rep=rep, i=lo_ij, j=hi_ij, cov=cov)
