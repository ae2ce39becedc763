"""Event-study estimator: abnormal returns, CARs and their exact variances.

The estimator follows MacKinlay (1997), "Event Studies in Economics and Finance",
*Journal of Economic Literature* 35(1), 13-39. For every (event, asset) pair the
normal-return model is fitted on an estimation window of sessions relative to day 0
(default :math:`[-250, -11]`), abnormal returns are formed over the event windows, and
the variance of each cumulative abnormal return (CAR) includes the estimation error of
the model parameters.

All (event, asset) pairs are fitted in one batch: the assets' return vectors are
stacked end to end (:func:`stack_assets`), the OLS sufficient statistics of every
estimation window are differences of per-asset prefix sums, the normal equations are
inverted in batch, and event windows become index arrays; no Python loop runs per
event or per asset.

Cross-event tests (CAAR, Patell, BMP, Corrado, ...) live in :mod:`analysis.study.stattests`.

May import: ``analysis.windows``, ``analysis.io`` (settings come in as arguments).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analysis.windows import Window


# --------------------------------------------------------------------------------------
# Per-asset data and the batch engine
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssetData:
    """Assets' timelines stacked end to end, and the arrays the engine indexes into.

    Asset ``a`` occupies positions ``starts[a]`` to ``ends[a] - 1``; every window is
    checked against its own asset's bounds, so all assets are fitted in one batch.

    Attributes
    ----------
    tickers : tuple of str
        Column names in the returns frame, one per stacked asset.
    starts, ends : np.ndarray
        Bounds of each asset in the stacked arrays.
    dates : pd.DatetimeIndex
        The assets' own sessions (their timelines), length ``T`` in total.
    ret : np.ndarray
        Returns on those sessions, ``NaN`` where missing.
    regressors : np.ndarray
        ``(T, k)`` design matrix of the normal-return model (constant first), or the
        market return alone for the market-adjusted model.
    usable : np.ndarray
        ``(T,)`` bool: return and regressors finite and the session not dropped.
    dropped : np.ndarray
        ``(T,)`` bool: flagged sessions removed by ``drop_flagged``.
    flag_label : np.ndarray
        ``(T,)`` object: ``"stale+thin"`` etc. for flagged sessions, ``""`` otherwise.
    flagged : np.ndarray
        ``(T,)`` bool: ``flag_label != ""``.
    """

    tickers: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray
    dates: pd.DatetimeIndex
    ret: np.ndarray
    regressors: np.ndarray
    usable: np.ndarray
    dropped: np.ndarray
    flag_label: np.ndarray
    flagged: np.ndarray

    @property
    def ticker(self) -> str:
        """The ticker of a single-asset :class:`AssetData`."""
        return self.tickers[0]


@dataclass
class Estimates:
    """Batch output of :func:`estimate` for ``N`` positions (rows aligned with ``pos``)."""

    pos: np.ndarray
    n_est: np.ndarray
    n_missing: np.ndarray
    dof: np.ndarray
    beta: np.ndarray
    sigma2: np.ndarray
    xtx_inv: np.ndarray
    ok: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    estimation: Window
    excluded: np.ndarray | None = None
    reason: list[str] = field(default_factory=list)


def _window_sums(values: np.ndarray, start: np.ndarray, stop: np.ndarray,
                 segment: np.ndarray, seg_starts: np.ndarray) -> np.ndarray:
    """``values[start:stop].sum()`` for every unit at once, via prefix sums.

    Each asset (segment) gets its own prefix sum, so the round-off of a window sum is
    bounded by that asset's history, not by the whole stacked panel. Consecutive
    segments of one length (assets sharing a timeline) are accumulated as one
    ``(assets, sessions)`` block: the same sequential sums as one prefix sum per asset,
    without a Python call per asset.
    """
    lengths = np.diff(np.append(seg_starts, len(values)))
    out = np.empty(len(values) + len(seg_starts), dtype=values.dtype)
    runs = np.flatnonzero(np.r_[True, lengths[1:] != lengths[:-1]])
    for a0, a1 in zip(runs, np.append(runs[1:], len(lengths)), strict=True):
        count, size, s0 = int(a1 - a0), int(lengths[a0]), int(seg_starts[a0])
        dst = out[s0 + a0:s0 + a0 + count * (size + 1)].reshape(count, size + 1)
        dst[:, 0] = 0
        np.cumsum(values[s0:s0 + count * size].reshape(count, size), axis=1, out=dst[:, 1:])
    return out[stop + segment] - out[start + segment]


def estimate(
    asset: AssetData,
    model: str,
    estimation: Window,
    pos: np.ndarray,
    min_estimation: int,
    exclude: np.ndarray | None = None,
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> Estimates:
    r"""Fit the normal-return model for every day-0 position in ``pos`` at once.

    For position :math:`p` the estimation sample is the usable sessions among
    :math:`p+e_0, \dots, p+e_1`. With design :math:`X` (:math:`L_1 \times k`) and returns
    :math:`R`,

    .. math::

        \hat\theta = (X'X)^{-1} X'R, \qquad
        \hat\sigma^2 = \frac{1}{L_1 - k} (R - X\hat\theta)'(R - X\hat\theta),

    so the constant-mean model (:math:`k = 1`) has :math:`L_1 - 1` and the market model
    (:math:`k = 2`) :math:`L_1 - 2` degrees of freedom (MacKinlay 1997, eqs. 8-9).
    The market-adjusted model estimates nothing; its
    :math:`\hat\sigma^2 = \frac{1}{L_1-1}\sum_t (e_t - \bar e)^2` with
    :math:`e_t = R_t - R_{m,t}`.

    The sufficient statistics :math:`X'X`, :math:`X'R` and :math:`R'R` of every window
    are differences of prefix sums over the asset's sessions (unusable sessions count
    as zero), so the cost is :math:`O(T + N)` rather than :math:`O(N L_1)`, and
    :math:`\hat\sigma^2 (L_1 - k) = R'R - 2\hat\theta'X'R + \hat\theta'X'X\hat\theta`.

    Parameters
    ----------
    asset : AssetData
        The (stacked) assets' arrays.
    model : str
        One of :data:`MODELS`.
    estimation : tuple of int
        Estimation window relative to day 0.
    pos : np.ndarray
        Day-0 positions in the stacked arrays.
    min_estimation : int
        Minimum usable sessions; below it the unit is not fitted.
    exclude : np.ndarray, optional
        ``(T,)`` bool of sessions removed from every estimation window.
    lo, hi : np.ndarray, optional
        Per-unit bounds of its asset in the stacked arrays (default: the whole array).

    Returns
    -------
    Estimates
        Parameters, :math:`\hat\sigma^2` and :math:`(X'X)^{-1}` per position; see
        :func:`residuals` for the estimation-window residuals.
    """
    pos = np.asarray(pos, dtype=np.int64)
    T = len(asset.dates)
    lo = np.zeros(len(pos), dtype=np.int64) if lo is None else np.asarray(lo, dtype=np.int64)
    hi = np.full(len(pos), T, dtype=np.int64) if hi is None else np.asarray(hi, dtype=np.int64)
    wsum = _window_summer(asset, lo, pos + estimation[0], pos + estimation[1] + 1, hi)
    excluded = np.zeros(T, dtype=bool) if exclude is None else np.asarray(exclude, dtype=bool)
    use = asset.usable & ~excluded
    missing = ~asset.usable & ~asset.dropped & ~excluded
    n = wsum(use.astype(np.int64))
    n_missing = wsum(missing.astype(np.int64))
    if model == "market-adjusted":
        k = 0
        beta, sigma2, xtx_inv, ok, dof = _fit_market_adjusted(asset, use, n, wsum,
                                                              min_estimation)
    else:
        k = asset.regressors.shape[1]
        beta, sigma2, xtx_inv, ok, dof = _fit_ols(asset, use, n, wsum, min_estimation)
    ok &= sigma2 > 0
    reasons = _unfitted_reasons(ok, n, sigma2, k, min_estimation)
    return Estimates(pos=pos, n_est=n, n_missing=n_missing, dof=dof, beta=beta,
                     sigma2=sigma2, xtx_inv=xtx_inv, ok=ok, lo=lo, hi=hi,
                     estimation=estimation, excluded=excluded, reason=reasons)


WindowSum = Callable[[np.ndarray], np.ndarray]
"""``values -> (N,)`` sums of ``values`` over every unit's estimation window."""


def _window_summer(asset: AssetData, lo: np.ndarray, first: np.ndarray, stop: np.ndarray,
                   hi: np.ndarray) -> WindowSum:
    """Sums over the windows ``[first, stop)`` clipped to each unit's asset ``[lo, hi)``."""
    T = len(asset.dates)
    start = np.clip(first, lo, hi)
    stop = np.maximum(np.clip(stop, lo, hi), start)
    # Prefix sums restart at every asset's first session (see _window_sums).
    seg_starts = np.unique(np.concatenate([[0], asset.starts[asset.starts < T]]))
    segment = np.searchsorted(seg_starts, lo, side="right") - 1

    def wsum(values: np.ndarray) -> np.ndarray:
        return _window_sums(values, start, stop, segment, seg_starts)

    return wsum


def _fit_market_adjusted(asset: AssetData, use: np.ndarray, n: np.ndarray, wsum: WindowSum,
                         min_estimation: int) -> tuple[np.ndarray, ...]:
    r"""Nothing to estimate: :math:`\hat\sigma^2` of :math:`e_t = R_t - R_{m,t}`, n - 1 dof.

    Returns ``(beta, sigma2, xtx_inv, ok, dof)`` as :func:`estimate` stores them.
    """
    n_units = len(n)
    e = np.where(use, asset.ret - asset.regressors[:, 0], 0.0)
    dof = n - 1
    enough = n >= max(min_estimation, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = wsum(e) / n
        ss = wsum(e * e) - n * mean**2
    sigma2 = np.where(enough, ss / np.maximum(dof, 1), np.nan)
    beta = np.zeros((n_units, 0))
    xtx_inv = np.zeros((n_units, 0, 0))
    ok = enough & np.isfinite(sigma2)
    return beta, sigma2, xtx_inv, ok, dof


def _fit_ols(asset: AssetData, use: np.ndarray, n: np.ndarray, wsum: WindowSum,
             min_estimation: int) -> tuple[np.ndarray, ...]:
    """OLS of every unit from the window sums of :math:`X'X`, :math:`X'R` and :math:`R'R`.

    Returns ``(beta, sigma2, xtx_inv, ok, dof)`` as :func:`estimate` stores them.
    """
    n_units = len(n)
    y = np.where(use, asset.ret, 0.0)
    k = asset.regressors.shape[1]
    cols = [np.where(use, asset.regressors[:, j], 0.0) for j in range(k)]
    xtx = np.empty((n_units, k, k))
    xty = np.empty((n_units, k))
    for j in range(k):
        xty[:, j] = wsum(cols[j] * y)
        for m in range(j, k):
            xtx[:, j, m] = xtx[:, m, j] = wsum(cols[j] * cols[m])
    syy = wsum(y * y)
    dof = n - k
    enough = n >= max(min_estimation, k + 1)
    # A singular design (e.g. a market series that is constant in the window)
    # must give a reason, not a LinAlgError for the whole batch.
    det_ok = np.abs(np.linalg.det(xtx)) > 1e-300
    ok = enough & det_ok
    beta = np.full((n_units, k), np.nan)
    xtx_inv = np.full((n_units, k, k), np.nan)
    if ok.any():
        inv = np.linalg.inv(xtx[ok])
        xtx_inv[ok] = inv
        beta[ok] = np.einsum("nkj,nj->nk", inv, xty[ok])
    b = np.nan_to_num(beta)
    ssr = syy - 2.0 * np.einsum("nk,nk->n", b, xty) + np.einsum("nk,nkj,nj->n", b, xtx, b)
    # Round-off can leave a perfect fit at -1e-20: that is zero variance, not a fit.
    ssr = np.where(ssr > 1e-14 * np.maximum(syy, 1e-300), ssr, 0.0)
    sigma2 = np.divide(ssr, dof, out=np.full(n_units, np.nan), where=ok & (dof > 0))
    ok &= np.isfinite(sigma2)
    return beta, sigma2, xtx_inv, ok, dof


def _unfitted_reasons(ok: np.ndarray, n: np.ndarray, sigma2: np.ndarray, k: int,
                      min_estimation: int) -> list[str]:
    """Why each unit without a fit has none ("" for fitted units)."""
    reasons = [""] * len(ok)
    for i in np.flatnonzero(~ok):
        if n[i] < max(min_estimation, k + 1, 2):
            reasons[i] = (
                f"estimation window too short ({int(n[i])} usable sessions < {min_estimation})"
            )
        elif not (sigma2[i] > 0):
            reasons[i] = "zero residual variance in the estimation window"
        else:
            reasons[i] = "singular design matrix in the estimation window"
    return reasons


def residuals(asset: AssetData, model: str, est: Estimates,
              rows: np.ndarray | None = None) -> np.ndarray:
    r"""Estimation-window abnormal returns by relative day, ``(N, L1)``, NaN where unused.

    For the market-adjusted model these are :math:`R_t - R_{m,t}`; otherwise
    :math:`R_t - X_t\hat\theta`. ``rows`` selects units (default all).
    """
    sel = np.arange(len(est.pos)) if rows is None else np.asarray(rows)
    pos, lo, hi = est.pos[sel], est.lo[sel], est.hi[sel]
    rel = np.arange(est.estimation[0], est.estimation[1] + 1)
    idx = pos[:, None] + rel[None, :]
    in_range = (idx >= lo[:, None]) & (idx < hi[:, None])
    # Whole windows are copied row by row (sliding views), not gathered element by
    # element through a 2-D index: the (N, L1) arrays are the engine's largest.
    first = pos + rel[0] if len(rel) else pos
    use = in_range & _rows(asset.usable, first, len(rel), False) & est.ok[sel][:, None]
    if est.excluded is not None:
        use &= ~_rows(est.excluded, first, len(rel), True)
    if model == "market-adjusted":
        fitted = _rows(asset.regressors[:, 0], first, len(rel), 0.0)
    else:
        b = np.nan_to_num(est.beta[sel])
        fitted = sum(b[:, j, None] * _rows(asset.regressors[:, j], first, len(rel), 0.0)
                     for j in range(b.shape[1]))
    return np.where(use, _rows(asset.ret, first, len(rel), 0.0) - fitted, np.nan)


def _rows(values: np.ndarray, first: np.ndarray, length: int, fill: object) -> np.ndarray:
    """``values[first[i]:first[i] + length]`` for every ``i``, as an ``(N, length)`` array.

    Positions outside ``values`` get ``fill``; callers mask them (they are outside the
    unit's asset), as they masked the clipped positions before.
    """
    if len(first) == 0 or length == 0:
        return np.empty((len(first), length), dtype=values.dtype)
    view, pad = _row_view(values, first, length, fill)
    return view[first + pad]


def _row_view(values: np.ndarray, first: np.ndarray, length: int,
              fill: object) -> tuple[np.ndarray, int]:
    """Sliding windows of ``length`` over ``values`` padded with ``fill``, and the pad.

    ``view[f + pad]`` is ``values[f:f + length]`` for every ``f`` in ``first`` (no copy
    until rows are picked, so callers can pick them chunk by chunk).
    """
    n = len(values)
    pad = int(max(0, -first.min(), first.max() + length - n)) if len(first) else 0
    padded = np.concatenate([np.full(pad, fill, dtype=values.dtype),
                             np.ascontiguousarray(values),
                             np.full(pad, fill, dtype=values.dtype)])
    return np.lib.stride_tricks.sliding_window_view(padded, length), pad


@dataclass
class WindowCars:
    """CARs of one window for ``N`` positions (see :func:`window_car`)."""

    car: np.ndarray
    var: np.ndarray
    n_days: np.ndarray
    reason: list[str]
    flags: list[str]


def event_span(
    asset: AssetData, model: str, est: Estimates, span: Window, extra: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Returns, expected returns and abnormal returns over ``span`` (+ ``extra`` days).

    Returns a dict of ``(N, W)`` arrays: ``rel`` (relative days, 1-D), ``idx``,
    ``in_range``, ``ret``, ``expected``, ``ar``, ``X`` (``(N, W, k)``), ``within``
    (inside the unit's own span when pooled windows differ in length).
    """
    n_units = len(est.pos)
    extra = np.zeros(n_units, dtype=np.int64) if extra is None else np.asarray(extra)
    max_extra = int(extra.max()) if n_units else 0
    T = len(asset.dates)
    rel = np.arange(span[0], span[1] + max_extra + 1)
    idx = est.pos[:, None] + rel[None, :]
    in_range = (idx >= est.lo[:, None]) & (idx < est.hi[:, None])
    idc = np.clip(idx, 0, max(T - 1, 0))
    ret = np.where(in_range, asset.ret[idc], np.nan)
    X = np.where(in_range[..., None], asset.regressors[idc], np.nan)
    expected = (X[..., 0] if model == "market-adjusted"
                else np.einsum("nwk,nk->nw", X, est.beta))
    expected = np.where(est.ok[:, None], expected, np.nan)
    within = rel[None, :] <= span[1] + extra[:, None]
    return {"rel": rel, "idx": idc, "in_range": in_range, "ret": ret,
            "expected": expected, "ar": ret - expected, "X": X, "within": within}


def window_car(
    asset: AssetData,
    model: str,
    est: Estimates,
    spanned: dict[str, np.ndarray],
    window: Window,
    extra: np.ndarray | None = None,
    with_text: bool = True,
) -> WindowCars:
    r"""CAR over ``window`` and its variance :math:`\gamma' V \gamma`.

    With :math:`\gamma` the 0/1 vector selecting the window's usable days and
    :math:`X^*` the event-window design,

    .. math::

        V = \hat\sigma^2 \left[ I + X^* (X'X)^{-1} X^{*\prime} \right], \qquad
        \operatorname{Var}(CAR) = \gamma' V \gamma
            = \hat\sigma^2 \left[ \gamma'\gamma + s'(X'X)^{-1}s \right],
        \quad s = X^{*\prime}\gamma,

    which for the constant-mean model is :math:`\hat\sigma^2 [L_2 + L_2^2 / L_1]`
    (:math:`V = \hat\sigma^2 [I + 11'/L_1]`) and for the market-adjusted model
    :math:`\hat\sigma^2 L_2` (:math:`V = \hat\sigma^2 I`). A pooled cluster's window
    runs from ``window[0]`` after the first day 0 to ``window[1]`` after the last.
    """
    n_units = len(est.pos)
    extra = np.zeros(n_units, dtype=np.int64) if extra is None else np.asarray(extra)
    rel = spanned["rel"]
    inside = (rel[None, :] >= window[0]) & (rel[None, :] <= window[1] + extra[:, None])
    in_range = spanned["in_range"]
    idc = spanned["idx"]
    dropped = asset.dropped[idc] & in_range
    use = inside & ~dropped
    outside_data = (inside & ~in_range).any(axis=1)
    usable_day = asset.usable[idc] | dropped
    missing = use & in_range & ~usable_day
    has_missing = missing.any(axis=1)
    ar = np.where(use, spanned["ar"], 0.0)
    car = ar.sum(axis=1)
    n_days = use.sum(axis=1)
    if model == "market-adjusted":
        var = est.sigma2 * n_days
    else:
        s = np.where(use[..., None], spanned["X"], 0.0).sum(axis=1)
        var = est.sigma2 * (n_days + np.einsum("nk,nkj,nj->n", s, est.xtx_inv, s))
    bad = ~est.ok | outside_data | has_missing | (n_days == 0)
    car = np.where(bad, np.nan, car)
    var = np.where(bad, np.nan, var)
    reasons = [""] * n_units
    flags = [""] * n_units
    if with_text:
        dates = asset.dates
        for i in np.flatnonzero(bad):
            if not est.ok[i]:
                reasons[i] = est.reason[i]
            elif outside_data[i]:
                reasons[i] = "window past the data"
            elif has_missing[i]:
                days = [dates[j].date().isoformat() for j in idc[i][missing[i]]]
                reasons[i] = "missing return on " + ";".join(days)
            else:
                reasons[i] = "every session in the window was dropped as flagged"
        flagged = asset.flagged[idc] & inside & in_range
        for i in np.flatnonzero(flagged.any(axis=1)):
            parts = [f"{dates[j].date().isoformat()}:{asset.flag_label[j]}"
                     for j in idc[i][flagged[i]]]
            flags[i] = ";".join(parts)
            n_drop = int((dropped[i] & inside[i]).sum())
            if n_drop and not reasons[i]:
                reasons[i] = f"dropped {n_drop} flagged session(s)"
    return WindowCars(car=car, var=var, n_days=n_days, reason=reasons, flags=flags)


def sq_pvalue(car: np.ndarray, resid: np.ndarray, n_days: np.ndarray) -> np.ndarray:
    r"""SQ test of Gelbach, Helland and Klick (2013): single-event p-values from quantiles.

    Under the null an event's CAR over :math:`L_2` sessions is distributed like a sum of
    :math:`L_2` consecutive abnormal returns of its own estimation window, whatever the
    shape of that distribution (fat tails included). With :math:`S_1, \dots, S_M` the
    sums of every run of :math:`L_2` consecutive observed estimation residuals and
    :math:`\hat F` their empirical distribution,

    .. math::

        p_{SQ} = \min\Big(1, 2 \minig(\hat F(CAR), 1 - \hat F(CAR^-)ig)\Big),

    with :math:`\hat F(CAR^-)` the share strictly below. Gelbach, J., Helland, E., Klick,
    J. (2013). Valid inference in single-firm, single-event studies. *American Law and
    Economics Review* 15(2), 495-541.

    Parameters
    ----------
    car : np.ndarray
        ``(N,)`` CARs (NaN = none).
    resid : np.ndarray
        ``(N, L1)`` estimation residuals by relative day, NaN where unused.
    n_days : np.ndarray
        ``(N,)`` sessions in each CAR.
    """
    car = np.asarray(car, dtype=float)
    resid = np.asarray(resid, dtype=float)
    n_days = np.asarray(n_days, dtype=np.int64)
    out = np.full(len(car), np.nan)
    ok = np.isfinite(resid)
    csum = np.concatenate([np.zeros((len(car), 1)), np.cumsum(np.where(ok, resid, 0.0), 1)], 1)
    ccnt = np.concatenate([np.zeros((len(car), 1)), np.cumsum(ok, axis=1)], axis=1)
    for length in np.unique(n_days[np.isfinite(car) & (n_days > 0)]):
        rows = np.flatnonzero((n_days == length) & np.isfinite(car))
        L = int(length)
        if resid.shape[1] < L:
            continue
        # Usually every unit has the same window length: no (N, L1) row copies then.
        cs, cc = (csum, ccnt) if len(rows) == len(car) else (csum[rows], ccnt[rows])
        sums = cs[:, L:] - cs[:, :-L]
        valid = (cc[:, L:] - cc[:, :-L]) == L
        c = car[rows, None]
        m = np.count_nonzero(valid, axis=1)
        below = np.count_nonzero(valid & (sums <= c), axis=1)
        above = np.count_nonzero(valid & (sums >= c), axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.minimum(1.0, 2.0 * np.minimum(below, above) / m)
        out[rows] = np.where(m > 0, p, np.nan)
    return out


SQ_CHUNK: int = 512
"""Units per block in :func:`sq_pvalues`: ``(512, L_1)`` temporaries stay in cache."""


def sq_pvalues(asset: AssetData, model: str, est: Estimates, car: np.ndarray,
               n_days: np.ndarray) -> np.ndarray:
    r""":func:`sq_pvalue` of every unit, without its ``(N, L_1)`` residuals.

    A run of :math:`L` consecutive estimation residuals sums to

    .. math::

        S_j = \sum_{t=j}^{j+L-1} (R_t - X_t\hat\theta)
            = \Big(\sum_{t=j}^{j+L-1} R_t\Big)
              - \Big(\sum_{t=j}^{j+L-1} X_t\Big)\hat\theta,

    so the rolling :math:`L`-sums of the returns and regressors are formed once over the
    stacked sessions (each an exact sum of :math:`L` terms) and every unit only reads
    its own window of them; a run counts when its :math:`L` sessions are all usable and
    inside the unit's asset. Same p-values as :func:`sq_pvalue` on
    :func:`residuals` (up to round-off in :math:`S_j`), at a fraction of the memory
    traffic; units are taken :data:`SQ_CHUNK` at a time.

    Parameters
    ----------
    asset, model, est
        As for :func:`residuals`.
    car : np.ndarray
        ``(N,)`` CARs (NaN = none).
    n_days : np.ndarray
        ``(N,)`` sessions in each CAR.
    """
    car = np.asarray(car, dtype=float)
    n_days = np.asarray(n_days, dtype=np.int64)
    out = np.full(len(car), np.nan)
    use = asset.usable if est.excluded is None else asset.usable & ~est.excluded
    if model == "market-adjusted":
        cols, coef = [asset.regressors[:, 0]], np.ones((len(car), 1))
    else:
        cols = [asset.regressors[:, j] for j in range(est.beta.shape[1])]
        coef = np.nan_to_num(est.beta)
    # A constant regressor sums to L over a run of L usable sessions: its term moves to
    # the threshold, one (N, L1) pass fewer.
    const = model != "market-adjusted" and bool(np.all(cols[0] == 1.0))
    if const:
        cols, coef, shift = cols[1:], coef[:, 1:], coef[:, 0]
    else:
        shift = np.zeros(len(car))
    series = [np.where(use, v, 0.0) for v in (asset.ret, *cols)]
    first = est.pos + est.estimation[0]
    L1 = est.estimation[1] - est.estimation[0] + 1
    todo = np.isfinite(car) & (n_days > 0) & est.ok
    for length in np.unique(n_days[todo]):
        L = int(length)
        if L1 < L:
            continue
        rows = np.flatnonzero(todo & (n_days == L))
        full = _rolling_sum(use.astype(np.int64), L) == L
        views = [_row_view(v, first[rows], L1 - L + 1, fill)
                 for v, fill in ((full, False), *((_rolling_sum(v, L), 0.0) for v in series))]
        pad = views[0][1]  # the same for every view: same rows, same run count
        arrays = [v for v, _ in views]
        clean = _clean_runs(full, first, L1 - L + 1, est.lo - first, est.hi - L - first)
        for c0 in range(0, len(rows), SQ_CHUNK):
            r = rows[c0:c0 + SQ_CHUNK]
            out[r] = _sq_block(arrays, first[r] + pad, coef[r], car[r] + shift[r] * L,
                               est.lo[r] - first[r], est.hi[r] - L - first[r],
                               clean=bool(clean[r].all()))
    return out


def _clean_runs(full: np.ndarray, first: np.ndarray, width: int, j_lo: np.ndarray,
                j_hi: np.ndarray) -> np.ndarray:
    """Per unit: are all ``width`` runs from ``first`` usable and inside its asset?
    Then :func:`_sq_block` needs no mask (the usual case), from one prefix count of the
    unusable runs instead of an ``(N, width)`` pass."""
    bad = np.concatenate([[0], np.cumsum(~full)])
    inside = (first >= 0) & (first + width <= len(full))
    a = np.clip(first, 0, len(full))
    b = np.clip(first + width, 0, len(full))
    return inside & (bad[b] == bad[a]) & (j_lo <= 0) & (j_hi >= width - 1)


def _rolling_sum(values: np.ndarray, length: int) -> np.ndarray:
    """``values[t:t + length].sum()`` for every ``t`` (``len(values) - length + 1`` sums).

    A sum of ``length`` shifted slices, not a difference of prefix sums over the whole
    stacked panel, so its round-off is that of ``length`` terms.
    """
    m = max(len(values) - length + 1, 0)
    out = values[:m].copy()
    for s in range(1, length):
        out += values[s:s + m]
    return out


def _sq_block(views: list[np.ndarray], at: np.ndarray, coef: np.ndarray,
              threshold: np.ndarray, j_lo: np.ndarray, j_hi: np.ndarray, *,
              clean: bool = False) -> np.ndarray:
    """SQ p-values of one block of units from the rolling-sum views (:func:`sq_pvalues`).

    ``views`` are (all sessions usable, return sums, regressor sums...) windows, read at
    rows ``at``; runs ``j`` outside ``[j_lo, j_hi]`` leave the unit's asset. ``clean``:
    every run of every unit is usable and inside (:func:`_clean_runs`), so no mask.
    """
    full, ret, *xs = views
    sums = ret[at]
    for k, x in enumerate(xs):
        sums -= coef[:, k, None] * x[at]
    if clean:
        c = threshold[:, None]
        below = np.count_nonzero(sums <= c, axis=1)
        above = np.count_nonzero(sums >= c, axis=1)
        return np.minimum(1.0, 2.0 * np.minimum(below, above) / sums.shape[1])
    j = np.arange(sums.shape[1])
    valid = full[at] & (j >= j_lo[:, None]) & (j <= j_hi[:, None])
    np.copyto(sums, np.nan, where=~valid)  # NaN compares false: counts neither way
    c = threshold[:, None]
    m = np.count_nonzero(valid, axis=1)
    below = np.count_nonzero(sums <= c, axis=1)
    above = np.count_nonzero(sums >= c, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.minimum(1.0, 2.0 * np.minimum(below, above) / m)
    return np.where(m > 0, p, np.nan)


def t_pvalue(t: np.ndarray, dof: np.ndarray) -> np.ndarray:
    """Two-sided p-value of ``t`` under Student's t with ``dof`` degrees of freedom."""
    t = np.asarray(t, dtype=float)
    dof = np.asarray(dof, dtype=float)
    out = np.full(t.shape, np.nan)
    good = np.isfinite(t) & (dof > 0)
    out[good] = 2.0 * stats.t.sf(np.abs(t[good]), dof[good])
    return out


# --------------------------------------------------------------------------------------
# Building asset data from frames
