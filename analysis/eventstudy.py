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

Cross-event tests (CAAR, Patell, BMP, Corrado, ...) live in :mod:`analysis.stattests`.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis import config
from analysis.io import AnalysisError

MODELS: tuple[str, ...] = ("constant", "market-adjusted", "market", "factor")
CLUSTER_MODES: tuple[str, ...] = ("flag", "pool")
FLAG_KINDS: tuple[str, ...] = ("stale", "thin", "roll")

AR_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "rel_day", "date", "ret", "expected", "ar",
)
CAR_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "window", "day0", "car", "car_se", "scar", "t_stat",
    "p_value", "n_est", "flags", "reason", "cluster_id", "category", "direction",
)
PARAM_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "day0", "alpha", "beta", "sigma", "n_est", "n_missing",
    "dof",
)

Window = tuple[int, int]


# --------------------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------------------
def parse_window(text: str, what: str = "window") -> Window:
    """Parse ``"-1:1"`` into ``(-1, 1)``.

    Raises
    ------
    AnalysisError
        When the text is not two integers ``a:b`` with ``a <= b``.
    """
    match = re.fullmatch(r"\s*(-?\d+)\s*:\s*(-?\d+)\s*", str(text))
    if not match:
        raise AnalysisError(f"bad {what} {text!r}: expected two integers like -1:1")
    start, end = int(match.group(1)), int(match.group(2))
    if start > end:
        raise AnalysisError(f"bad {what} {text!r}: start must not exceed end")
    return start, end


def format_window(window: Window) -> str:
    """Format ``(-1, 1)`` as ``"-1:1"``."""
    return f"{window[0]}:{window[1]}"


def _check_windows(estimation: Window, windows: Sequence[Window]) -> None:
    e0, e1 = estimation
    if e0 > e1:
        raise AnalysisError(f"bad estimation window {format_window(estimation)}: start > end")
    if not windows:
        raise AnalysisError("no event windows given")
    for w in windows:
        if w[0] > w[1]:
            raise AnalysisError(f"bad event window {format_window(w)}: start > end")
        if e1 >= w[0] and e0 <= w[1]:
            raise AnalysisError(
                f"estimation window {format_window(estimation)} overlaps event window "
                f"{format_window(w)}"
            )


_MONTH_ONLY = re.compile(r"^\s*\d{4}-\d{1,2}\s*$|^\s*[A-Za-z]+\.?\s+\d{4}\s*$")


def parse_event_dates(events: pd.DataFrame) -> pd.DataFrame:
    """Parse ``date`` into ``date_parsed`` and a ``date_reason`` for unusable dates.

    Month-precision dates (``date_precision`` of month/quarter/year, or text like
    ``2019-07``) and text that does not parse get ``NaT`` and a reason; nothing is dropped.
    Each distinct (date, precision) text is parsed once.
    """
    out = events.copy()
    # Factorize first: thousands of events share a few hundred distinct dates.
    d_codes, d_uniq = pd.factorize(out["date"].astype("string").fillna(""))
    if "date_precision" in out.columns:
        p_codes, p_uniq = pd.factorize(out["date_precision"].astype("string").fillna(""))
    else:
        p_codes, p_uniq = np.zeros(len(out), dtype=np.int64), pd.Index([""])
    codes, pairs = pd.factorize(d_codes.astype(np.int64) * len(p_uniq) + p_codes)
    u_text = pd.Series([str(d_uniq[c // len(p_uniq)]) for c in pairs],
                       dtype="string").str.strip()
    u_prec = pd.Series([str(p_uniq[c % len(p_uniq)]) for c in pairs],
                       dtype="string").str.strip().str.lower()
    coarse = (u_prec.isin(["month", "year", "quarter"]) | u_text.str.match(_MONTH_ONLY)).to_numpy()
    empty = (u_text == "").to_numpy()
    # The local (wall-clock) date is the event's date: offsets are dropped, not converted.
    try:
        parsed = pd.to_datetime(u_text.where(~(coarse | empty)), format="ISO8601",
                                errors="coerce")
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
        values = parsed.to_numpy(dtype="datetime64[ns]").copy()
    except (ValueError, TypeError):  # mixed offsets: parse value by value below
        values = np.full(len(u_text), np.datetime64("NaT"), dtype="datetime64[ns]")
    reasons = np.full(len(u_text), "", dtype=object)
    for i in np.flatnonzero(np.isnat(values) | coarse):
        if coarse[i]:
            reasons[i] = f"{u_prec.iloc[i] or 'month'}-precision date {u_text.iloc[i]}: no day 0"
            values[i] = np.datetime64("NaT")
            continue
        if empty[i]:
            reasons[i] = "missing date"
            continue
        # Rare non-ISO spellings ("July 18, 2019") get a second, per-value chance.
        try:
            ts = pd.Timestamp(str(u_text.iloc[i]))
        except (ValueError, TypeError, OverflowError):
            ts = pd.NaT
        if pd.isna(ts):
            reasons[i] = f"unparseable date {u_text.iloc[i]!r}"
        else:
            values[i] = (ts.tz_localize(None) if ts.tzinfo is not None else ts).to_datetime64()
    out["date_parsed"] = pd.DatetimeIndex(values[codes]).normalize().astype("datetime64[ns]")
    out["date_reason"] = reasons[codes]
    return out


def prepare_events(events: pd.DataFrame) -> pd.DataFrame:
    """Validate the events frame: ids present and unique, optional columns filled.

    Raises
    ------
    AnalysisError
        On a missing ``event_id``/``date`` column or duplicated ids.
    """
    if "event_id" not in events.columns and "catalog_id" in events.columns:
        events = events.rename(columns={"catalog_id": "event_id"})
    missing = [c for c in ("event_id", "date") if c not in events.columns]
    if missing:
        raise AnalysisError(f"events: missing column(s) {', '.join(missing)}")
    out = events.reset_index(drop=True).copy()
    out["event_id"] = out["event_id"].astype("string")
    if out["event_id"].isna().any():
        raise AnalysisError("events: empty event_id")
    dup = out["event_id"][out["event_id"].duplicated()]
    if len(dup):
        raise AnalysisError(f"events: duplicated event_id {dup.iloc[0]}")
    for col, default in (("timing", "unknown"), ("category", ""), ("direction", "")):
        if col not in out.columns:
            out[col] = default
        out[col] = out[col].astype("string").fillna(default)
    return parse_event_dates(out)


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
    bounded by that asset's history, not by the whole stacked panel.
    """
    seg_ends = np.append(seg_starts[1:], len(values))
    out = np.empty(len(values) + len(seg_starts), dtype=values.dtype)
    for a, (s0, s1) in enumerate(zip(seg_starts, seg_ends, strict=True)):
        out[s0 + a] = 0
        np.cumsum(values[s0:s1], out=out[s0 + a + 1:s1 + a + 1])
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
    n_units = len(pos)
    T = len(asset.dates)
    lo = np.zeros(n_units, dtype=np.int64) if lo is None else np.asarray(lo, dtype=np.int64)
    hi = np.full(n_units, T, dtype=np.int64) if hi is None else np.asarray(hi, dtype=np.int64)
    start = np.clip(pos + estimation[0], lo, hi)
    stop = np.maximum(np.clip(pos + estimation[1] + 1, lo, hi), start)
    # Prefix sums restart at every asset's first session (see _window_sums).
    seg_starts = np.unique(np.concatenate([[0], asset.starts[asset.starts < T]]))
    segment = np.searchsorted(seg_starts, lo, side="right") - 1

    def wsum(values: np.ndarray) -> np.ndarray:
        return _window_sums(values, start, stop, segment, seg_starts)

    excluded = np.zeros(T, dtype=bool) if exclude is None else np.asarray(exclude, dtype=bool)
    use = asset.usable & ~excluded
    n = wsum(use.astype(np.int64))
    missing = ~asset.usable & ~asset.dropped & ~excluded
    n_missing = wsum(missing.astype(np.int64))
    y = np.where(use, asset.ret, 0.0)
    if model == "market-adjusted":
        k = 0
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
    else:
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
    ok &= sigma2 > 0
    reasons = [""] * n_units
    for i in np.flatnonzero(~ok):
        if n[i] < max(min_estimation, k + 1, 2):
            reasons[i] = (
                f"estimation window too short ({int(n[i])} usable sessions < {min_estimation})"
            )
        elif not (sigma2[i] > 0):
            reasons[i] = "zero residual variance in the estimation window"
        else:
            reasons[i] = "singular design matrix in the estimation window"
    return Estimates(pos=pos, n_est=n, n_missing=n_missing, dof=dof, beta=beta,
                     sigma2=sigma2, xtx_inv=xtx_inv, ok=ok, lo=lo, hi=hi,
                     estimation=estimation, excluded=excluded, reason=reasons)


def residuals(asset: AssetData, model: str, est: Estimates,
              rows: np.ndarray | None = None) -> np.ndarray:
    r"""Estimation-window abnormal returns by relative day, ``(N, L1)``, NaN where unused.

    For the market-adjusted model these are :math:`R_t - R_{m,t}`; otherwise
    :math:`R_t - X_t\hat\theta`. ``rows`` selects units (default all).
    """
    sel = np.arange(len(est.pos)) if rows is None else np.asarray(rows)
    pos, lo, hi = est.pos[sel], est.lo[sel], est.hi[sel]
    T = len(asset.dates)
    rel = np.arange(est.estimation[0], est.estimation[1] + 1)
    idx = pos[:, None] + rel[None, :]
    in_range = (idx >= lo[:, None]) & (idx < hi[:, None])
    idc = np.clip(idx, 0, max(T - 1, 0))
    use = in_range & asset.usable[idc] & est.ok[sel][:, None]
    if est.excluded is not None:
        use &= ~est.excluded[idc]
    if model == "market-adjusted":
        fitted = asset.regressors[idc, 0]
    else:
        b = np.nan_to_num(est.beta[sel])
        fitted = sum(b[:, j, None] * asset.regressors[idc, j] for j in range(b.shape[1]))
    return np.where(use, asset.ret[idc] - fitted, np.nan)


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
# --------------------------------------------------------------------------------------
def _calendars() -> Any:
    """Import the foundation's calendar module; missing means a broken install."""
    try:
        return importlib.import_module("analysis.calendars")
    except ImportError as exc:
        raise ImportError(
            "analysis.calendars is required for day-0 mapping but is missing"
        ) from exc


def asset_timeline(returns: pd.DataFrame, ticker: str) -> pd.DatetimeIndex:
    """The asset's own sessions: its exchange sessions within its data span.

    Tickers with a known exchange calendar (``config.TICKER_CALENDAR``) keep the rows of
    ``returns`` that are sessions of that exchange, so a ``NaN`` return on a session is
    *missing data* (dropped from estimation, flagged in an event window) rather than a
    holiday. Other tickers (synthetic data) use every row of ``returns``.
    """
    col = returns[ticker]
    valid = col.index[col.notna().to_numpy()]
    if len(valid) == 0:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    index = returns.index[(returns.index >= valid[0]) & (returns.index <= valid[-1])]
    if ticker in config.TICKER_CALENDAR:
        sess = pd.DatetimeIndex(_calendars().sessions(ticker, index[0], index[-1]))
        sess = sess.tz_localize(None) if sess.tz is not None else sess
        index = index[index.isin(sess.normalize()) | returns.loc[index, ticker].notna()]
    return pd.DatetimeIndex(index)


def flag_labels(flags: pd.DataFrame | None, ticker: str, dates: pd.DatetimeIndex) -> np.ndarray:
    """``"stale+roll"``-style labels of the flagged sessions of ``ticker`` on ``dates``."""
    out = np.full(len(dates), "", dtype=object)
    if flags is None or len(flags) == 0:
        return out
    sub = flags[flags["ticker"].astype("string") == ticker]
    if sub.empty:
        return out
    kinds = [k for k in FLAG_KINDS if k in sub.columns]
    if not kinds and "flag" in sub.columns:
        kinds = ["flag"]
    lab = pd.Series("", index=pd.DatetimeIndex(pd.to_datetime(sub["date"])).normalize())
    for kind in kinds:
        hit = sub[kind].fillna(False).astype(bool).to_numpy()
        lab[hit] = np.where(lab[hit] == "", kind, lab[hit] + "+" + kind)
    lab = lab[lab != ""]
    lab = lab[~lab.index.duplicated(keep="last")]
    got = lab.reindex(dates).fillna("")
    return got.to_numpy(dtype=object)


def _design(model: str, dates: pd.DatetimeIndex, market: pd.Series | None,
            factors: pd.DataFrame | None) -> np.ndarray:
    """Regressors of ``model`` on ``dates`` (constant first; market alone if adjusted)."""
    cols: list[np.ndarray] = []
    if model in ("market", "market-adjusted") or (model == "factor" and market is not None):
        if market is None:
            raise AnalysisError(f"model {model!r} needs a market series")
        cols.append(market.reindex(dates).to_numpy(dtype=float))
    if model == "factor":
        if factors is None or factors.shape[1] == 0:
            raise AnalysisError("model 'factor' needs a factors frame")
        block = factors.reindex(dates)
        cols.extend(block[c].to_numpy(dtype=float) for c in factors.columns)
    if model == "market-adjusted":
        return np.column_stack(cols)
    return np.column_stack([np.ones(len(dates)), *cols])


def stack_assets(
    returns: pd.DataFrame,
    tickers: Sequence[str],
    timelines: Sequence[pd.DatetimeIndex],
    model: str,
    market: pd.Series | None,
    factors: pd.DataFrame | None,
    flags: pd.DataFrame | None,
    drop_flagged: bool,
) -> AssetData:
    """Stack several tickers' arrays end to end (tickers sharing a timeline in one block)."""
    n_assets = len(tickers)
    rets: list[np.ndarray] = []
    regs: list[np.ndarray] = []
    dates: list[np.ndarray] = []
    lengths = np.zeros(n_assets, dtype=np.int64)
    order: list[int] = []
    groups: dict[int, list[int]] = {}
    for a, tl in enumerate(timelines):
        groups.setdefault(id(tl), []).append(a)
    for members in groups.values():
        tl = timelines[members[0]]
        T = len(tl)
        block = returns[[tickers[a] for a in members]].reindex(tl).to_numpy(dtype=float)
        rets.append(block.ravel(order="F"))
        design = _design(model, tl, market, factors)
        regs.append(np.tile(design, (len(members), 1)))
        dates.append(np.tile(tl.to_numpy(dtype="datetime64[ns]"), len(members)))
        lengths[members] = T
        order.extend(members)
    # Blocks come grouped by timeline; starts follow that order.
    starts = np.zeros(n_assets, dtype=np.int64)
    offset = 0
    for a in order:
        starts[a] = offset
        offset += lengths[a]
    ends = starts + lengths
    ret = np.concatenate(rets) if rets else np.zeros(0)
    k = regs[0].shape[1] if regs else 1
    regressors = np.concatenate(regs) if regs else np.zeros((0, k))
    labels = np.full(len(ret), "", dtype=object)
    if flags is not None and len(flags):
        flagged_tickers = set(flags["ticker"].astype(str))
        for a, ticker in enumerate(tickers):
            if ticker in flagged_tickers:
                labels[starts[a]:ends[a]] = flag_labels(flags, ticker, timelines[a])
    flagged = labels != ""
    dropped = flagged.copy() if drop_flagged else np.zeros(len(ret), dtype=bool)
    usable = np.isfinite(ret) & np.isfinite(regressors).all(axis=1) & ~dropped
    all_dates = pd.DatetimeIndex(np.concatenate(dates) if dates
                                 else np.zeros(0, dtype="datetime64[ns]"))
    return AssetData(tickers=tuple(tickers), starts=starts, ends=ends, dates=all_dates,
                     ret=ret, regressors=regressors, usable=usable, dropped=dropped,
                     flag_label=labels, flagged=flagged)


def build_asset(
    returns: pd.DataFrame,
    ticker: str,
    model: str,
    market: pd.Series | None,
    factors: pd.DataFrame | None,
    flags: pd.DataFrame | None,
    drop_flagged: bool,
    timeline: pd.DatetimeIndex | None = None,
) -> AssetData:
    """Assemble :class:`AssetData` for one ticker and one model."""
    dates = asset_timeline(returns, ticker) if timeline is None else timeline
    return stack_assets(returns, [ticker], [dates], model, market, factors, flags,
                        drop_flagged)


def locate_day0(
    events: pd.DataFrame, ticker: str, timeline: pd.DatetimeIndex,
    mapper: Callable[..., pd.DataFrame] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day-0 positions of ``events`` on ``timeline`` via ``calendars.map_day0``.

    The calendar mapping moves non-trading days and after-close news to the next
    session of the asset's calendar; that session is then located on the asset's own
    data sessions (the next one if the data lack it). Each distinct (date, timing) is
    mapped once. Returns positions (``-1`` when there is no day 0), a reason per event
    (object array) and the day-0 dates (``datetime64[ns]``).
    """
    n = len(events)
    pos = np.full(n, -1, dtype=np.int64)
    reasons = events["date_reason"].astype(str).to_numpy(dtype=object).copy()
    day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    raw = events["date_parsed"].to_numpy(dtype="datetime64[ns]")
    good = ~np.isnat(raw)
    if len(timeline) == 0:
        reasons[good] = f"no returns for {ticker}"
        return pos, reasons, day0
    if not good.any():
        return pos, reasons, day0
    tl = timeline.to_numpy(dtype="datetime64[ns]")
    first, last = timeline[0].date(), timeline[-1].date()
    timing = events["timing"].astype(str).to_numpy(dtype=object)
    pairs = pd.DataFrame({"date": raw[good], "timing": timing[good]})
    uniq = pairs.drop_duplicates(ignore_index=True)
    codes = pd.MultiIndex.from_frame(uniq).get_indexer(pd.MultiIndex.from_frame(pairs))
    mapper = _calendars().map_day0 if mapper is None else mapper
    mapped = mapper(uniq, ticker, sessions=timeline)
    cal_day0 = pd.to_datetime(mapped["day0"]).to_numpy(dtype="datetime64[ns]")[codes]
    cal_reason = (mapped["day0_reason"].astype("string").fillna("").to_numpy(dtype=object)
                  if "day0_reason" in mapped.columns
                  else np.full(len(uniq), "", dtype=object))[codes]
    g = np.flatnonzero(good)
    graw = raw[good]
    before = graw < tl[0]
    nat = np.isnat(cal_day0)
    p = np.searchsorted(tl, np.where(nat, tl[-1], cal_day0), side="left")
    after = ~before & ((nat & (graw > tl[-1])) | (~nat & (p >= len(tl))))
    failed = ~before & ~after & nat
    ok = ~before & ~after & ~failed
    reasons[g[before]] = f"event before the data ({ticker} starts {first})"
    reasons[g[after]] = f"event after the data ({ticker} ends {last})"
    for j in np.flatnonzero(failed):
        reasons[g[j]] = f"no day 0: {cal_reason[j] or 'calendar mapping failed'}"
    pos[g[ok]] = p[ok]
    day0[g[ok]] = tl[p[ok]]
    _require_single_session(events, ticker, timeline, mapper, pos, reasons, day0)
    return pos, reasons, day0


def _require_single_session(
    events: pd.DataFrame, ticker: str, timeline: pd.DatetimeIndex,
    mapper: Callable[..., pd.DataFrame], pos: np.ndarray, reasons: np.ndarray,
    day0: np.ndarray,
) -> None:
    """Withdraw day 0 from a date range (``date``..``date_end``) spanning several sessions.

    A week-precision mention ("last week") covers several sessions, and picking one
    would invent a day; a range with no session inside (a weekend) still has one day 0,
    the next session. Modifies ``pos``, ``reasons`` and ``day0`` in place.
    """
    if "date_end" not in events.columns:
        return
    end = pd.to_datetime(events["date_end"].astype("string"), errors="coerce",
                         format="ISO8601").to_numpy(dtype="datetime64[ns]")
    start = events["date_parsed"].to_numpy(dtype="datetime64[ns]")
    ranged = np.flatnonzero((pos >= 0) & ~np.isnat(end) & (end > start))
    if not len(ranged):
        return
    mapped = mapper(pd.DataFrame({"date": end[ranged], "timing": "unknown"}), ticker,
                    sessions=timeline)
    end_day0 = pd.to_datetime(mapped["day0"]).to_numpy(dtype="datetime64[ns]")
    for k, i in enumerate(ranged):
        if np.isnat(end_day0[k]) or end_day0[k] != day0[i]:
            reasons[i] = (f"date range {str(start[i])[:10]}..{str(end[i])[:10]} spans "
                          f"several {ticker} sessions: no single day 0")
            pos[i] = -1
            day0[i] = np.datetime64("NaT")


def clusters(pos: np.ndarray, span: Window, group: np.ndarray | None = None) -> np.ndarray:
    """Cluster ids (``0`` = alone) of positions whose event spans overlap.

    Two events on the same asset (same ``group``) overlap when their spans
    :math:`[p+a, p+b]` (``a``, ``b`` the earliest and latest window bounds) share a
    session; overlap is transitive. Ids count from 1 within each group, by position.
    """
    pos = np.asarray(pos, dtype=np.int64)
    grp = np.zeros(len(pos), dtype=np.int64) if group is None else np.asarray(group)
    out = np.zeros(len(pos), dtype=np.int64)
    valid = np.flatnonzero(pos >= 0)
    if len(valid) < 2:
        return out
    order = valid[np.lexsort((pos[valid], grp[valid]))]
    # Sorted spans overlap their predecessor iff same asset and the gap is at most the
    # span width; a chain of such links is one cluster.
    link = (np.diff(pos[order]) <= span[1] - span[0]) & (np.diff(grp[order]) == 0)
    if not link.any():
        return out
    chain = np.cumsum(np.concatenate([[True], ~link]))
    multi = np.bincount(chain)[chain] > 1
    firsts = np.flatnonzero(multi & np.concatenate([[True], ~link]))
    # Number the clusters 1, 2, ... within each group.
    cgrp = grp[order][firsts]
    seq = np.arange(len(firsts))
    _, first_of_grp = np.unique(cgrp, return_index=True)
    start_of = np.repeat(first_of_grp, np.diff(np.append(first_of_grp, len(firsts))))
    local = seq - start_of + 1
    chain_id = np.zeros(chain.max() + 1, dtype=np.int64)
    chain_id[chain[firsts]] = local
    out[order] = np.where(multi, chain_id[chain], 0)
    return out


def _pool_units(u: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Pool each ticker's clusters (see :func:`_pool`), keeping tickers grouped."""
    parts: list[dict[str, np.ndarray]] = []
    bounds = np.flatnonzero(np.r_[True, u["ticker"][1:] != u["ticker"][:-1], True])
    for s0, s1 in itertools.pairwise(bounds):
        part = {k: v[s0:s1] for k, v in u.items()}
        if (part["cluster_id"] > 0).any():
            keys = pd.DataFrame({c: part[c] for c in ("event_id", "category", "direction",
                                                      "cluster_id", "day0", "reason")})
            keys, pos, extra = _pool(keys, part["pos"])
            m = len(keys)
            part = {
                "asset": np.full(m, part["asset"][0]), "ticker": np.full(m, part["ticker"][0],
                                                                       dtype=object),
                "event_id": keys["event_id"].to_numpy(dtype=object),
                "category": keys["category"].to_numpy(dtype=object),
                "direction": keys["direction"].to_numpy(dtype=object), "pos": pos,
                "reason": keys["reason"].to_numpy(dtype=object),
                "day0": keys["day0"].to_numpy(dtype="datetime64[ns]"),
                "cluster_id": keys["cluster_id"].to_numpy(dtype=np.int64), "extra": extra,
            }
        parts.append(part)
    return {k: np.concatenate([p[k] for p in parts]) for k in u}


# --------------------------------------------------------------------------------------
# Public estimator
# --------------------------------------------------------------------------------------
@dataclass
class UnitPanel:
    """Everything the cross-event tests need about the fitted units of one fit.

    One per :meth:`EventStudy.fit`; rows align with the fitted units in ``keys``
    (columns ``asset``, ``ticker``, ``event_id``, ``category``, ``direction``,
    ``cluster_id``, ``day0``).
    """

    model: str
    asset: AssetData
    estimation: Window
    min_estimation: int
    span: Window
    keys: pd.DataFrame
    est: Estimates
    extra: np.ndarray
    spanned: dict[str, np.ndarray]
    event_spans: np.ndarray
    windows: list[Window]


class EventStudy:
    """Event-study estimator over a wide frame of returns.

    Parameters
    ----------
    returns : pd.DataFrame
        Sessions x tickers of simple (or log) returns, ``DatetimeIndex``.
    events : pd.DataFrame
        ``event_id``, ``date`` and optionally ``timing``, ``category``, ``direction``,
        ``assets`` (tickers separated by ``;`` or ``,``; empty = every ticker) and
        ``date_precision``.
    market : str or pd.Series, optional
        Market return: a column of ``returns`` or a date-indexed series.
    factors : pd.DataFrame, optional
        Extra regressors for ``model="factor"`` (date index, one column each).
    flags : pd.DataFrame, optional
        Data-quality flags, tidy ``date, ticker`` with bool ``stale``, ``thin``, ``roll``.
    tickers : sequence of str, optional
        Assets to study; default every column except the market column.
    day0_mapper : callable, optional
        Replacement for ``calendars.map_day0`` (same signature).
    """

    def __init__(
        self,
        returns: pd.DataFrame,
        events: pd.DataFrame,
        market: str | pd.Series | None = None,
        factors: pd.DataFrame | None = None,
        flags: pd.DataFrame | None = None,
        tickers: Sequence[str] | None = None,
        day0_mapper: Callable[..., pd.DataFrame] | None = None,
    ) -> None:
        if not isinstance(returns.index, pd.DatetimeIndex):
            raise AnalysisError("returns: index must be dates")
        self.returns = returns.sort_index()
        self.events = prepare_events(events)
        self.market_name: str | None = None
        if isinstance(market, str):
            if market not in returns.columns:
                raise AnalysisError(f"market ticker {market} not in returns")
            self.market_name = market
            self.market: pd.Series | None = self.returns[market]
        else:
            self.market = market
            if market is not None:
                self.market_name = str(market.name) if market.name is not None else "market"
        self.factors = factors
        self.flags = flags
        if tickers is None:
            tickers = [str(c) for c in returns.columns if str(c) != self.market_name]
        self.tickers = list(dict.fromkeys(str(t) for t in tickers))
        self.day0_mapper = day0_mapper
        ev = self.events
        self._ids = ev["event_id"].astype(str).to_numpy(dtype=object)
        self._cats = ev["category"].astype(str).to_numpy(dtype=object)
        self._dirs = ev["direction"].astype(str).to_numpy(dtype=object)
        # "assets" limits an event to some tickers ("ZS=F;ZC=F"); empty = every ticker.
        everyone = np.arange(len(ev), dtype=np.int64)
        self._named: dict[str, np.ndarray] = {}
        if "assets" in ev.columns:
            codes, uniq = pd.factorize(ev["assets"].astype("string").fillna(""))
            parsed = [[a.strip() for a in re.split(r"[;,]", str(t)) if a.strip()] for t in uniq]
            named_code = np.asarray([bool(p) for p in parsed] + [False])[codes]
            everyone = np.flatnonzero(~named_code)
            # Rows of each distinct assets text, then of each ticker named in them.
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(len(uniq) + 1))
            by_name: dict[str, list[np.ndarray]] = {}
            for c, names in enumerate(parsed):
                for name in dict.fromkeys(names):
                    by_name.setdefault(name, []).append(order[bounds[c]:bounds[c + 1]])
            for name, chunks in by_name.items():
                self._named[name] = np.sort(np.concatenate(chunks))
        self._everyone = everyone
        self._timelines: dict[str, pd.DatetimeIndex] = {}
        self._day0: dict[tuple[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # Internal helpers -------------------------------------------------------------------
    def _event_rows(self, ticker: str) -> np.ndarray:
        """Rows of the events that apply to ``ticker``, in file order."""
        own = self._named.get(ticker)
        if own is None:
            return self._everyone
        if len(self._everyone) == 0:
            return own
        return np.union1d(self._everyone, own)

    def _prepare_timelines(self, tickers: Sequence[str]) -> None:
        """Timelines of ``tickers``; identical timelines are one shared object."""
        todo = [t for t in tickers if t not in self._timelines and t in self.returns.columns]
        if not todo:
            return
        plain = [t for t in todo if t not in config.TICKER_CALENDAR]
        index = self.returns.index
        shared: dict[tuple[int, int], pd.DatetimeIndex] = {}
        if plain:
            valid = self.returns[plain].notna().to_numpy()
            has = valid.any(axis=0)
            first = valid.argmax(axis=0)
            last = len(index) - 1 - valid[::-1].argmax(axis=0)
            for j, t in enumerate(plain):
                key = (int(first[j]), int(last[j])) if has[j] else (0, -1)
                if key not in shared:
                    shared[key] = pd.DatetimeIndex(index[key[0]:key[1] + 1])
                self._timelines[t] = shared[key]
        for t in todo:
            if t in config.TICKER_CALENDAR:
                self._timelines[t] = asset_timeline(self.returns, t)

    def _locate(self, ticker: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tl = self._timelines[ticker]
        # Tickers on the same calendar with the same timeline share one mapping.
        key = (config.TICKER_CALENDAR.get(ticker, ""), id(tl))
        if key not in self._day0:
            self._day0[key] = locate_day0(self.events, ticker, tl, self.day0_mapper)
        return self._day0[key]

    def _units(self, tickers: list[str], a_of: dict[str, int], model: str,
               span: Window) -> dict[str, np.ndarray]:
        """Unit arrays (one entry per event x ticker), vectorised over tickers."""
        rows_list = [self._event_rows(t) for t in tickers]
        counts = np.asarray([len(r) for r in rows_list], dtype=np.int64)
        rows = np.concatenate(rows_list) if rows_list else np.zeros(0, dtype=np.int64)
        tix = np.repeat(np.arange(len(tickers)), counts)
        n = len(rows)
        pos = np.full(n, -1, dtype=np.int64)
        reason = self.events["date_reason"].to_numpy(dtype=object)[rows].copy()
        day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        groups: dict[tuple[str, int], list[int]] = {}
        for t_i, ticker in enumerate(tickers):
            if ticker in a_of:
                key = (config.TICKER_CALENDAR.get(ticker, ""), id(self._timelines[ticker]))
                groups.setdefault(key, []).append(t_i)
            else:
                mine = tix == t_i
                reason[mine] = [r or f"ticker {ticker} not in returns" for r in reason[mine]]
        for members in groups.values():
            p_all, r_all, d_all = self._locate(tickers[members[0]])
            mine = np.isin(tix, members)
            r = rows[mine]
            pos[mine] = p_all[r]
            reason[mine] = r_all[r]
            day0[mine] = d_all[r]
        if model in ("market", "market-adjusted") and self.market_name in tickers:
            mine = tix == tickers.index(self.market_name)
            hit = mine & (pos >= 0)
            reason[hit] = f"{self.market_name} is the market series: model {model} is degenerate"
            pos[mine] = -1
        asset_of = np.asarray([*(a_of.get(t, -1) for t in tickers), -1], dtype=np.int64)
        return {
            "asset": asset_of[tix], "ticker": np.asarray([*tickers, ""], dtype=object)[tix],
            "event_id": self._ids[rows], "category": self._cats[rows],
            "direction": self._dirs[rows], "pos": pos, "reason": reason, "day0": day0,
            "cluster_id": clusters(pos, span, tix), "extra": np.zeros(n, dtype=np.int64),
        }

    # Fit ---------------------------------------------------------------------------------
    def fit(
        self,
        model: str = "constant",
        estimation: Window = config.ESTIMATION_WINDOW,
        windows: Sequence[Window] = config.EVENT_WINDOWS,
        exclude_event_days: bool = False,
        min_estimation: int = config.MIN_ESTIMATION,
        cluster: str = "flag",
        drop_flagged: bool = False,
        tickers: Sequence[str] | None = None,
    ) -> EventStudyResults:
        """Fit ``model`` for every (event, ticker) pair.

        Parameters
        ----------
        model : {"constant", "market-adjusted", "market", "factor"}
            Normal-return model.
        estimation : tuple of int
            Estimation window relative to day 0 (sessions), default ``(-250, -11)``.
        windows : sequence of tuple of int
            Event windows for CARs.
        exclude_event_days : bool
            Remove every event's window sessions from the estimation windows.
        min_estimation : int
            Minimum usable estimation sessions.
        cluster : {"flag", "pool"}
            ``"flag"`` marks overlapping events with ``cluster_id``; ``"pool"`` replaces
            each cluster by one event whose window spans from the first to the last day 0.
        drop_flagged : bool
            Drop stale/thin/roll sessions from estimation and event windows.
        tickers : sequence of str, optional
            Subset of the estimator's tickers.

        Returns
        -------
        EventStudyResults
        """
        if model not in MODELS:
            raise AnalysisError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
        if cluster not in CLUSTER_MODES:
            raise AnalysisError(f"unknown cluster mode {cluster!r}")
        wins: list[Window] = [(int(w[0]), int(w[1])) for w in windows]
        estimation = (int(estimation[0]), int(estimation[1]))
        _check_windows(estimation, wins)
        span = (min(w[0] for w in wins), max(w[1] for w in wins))
        tickers = self.tickers if tickers is None else list(dict.fromkeys(tickers))
        self._prepare_timelines(tickers)
        if model != "constant":  # fail early when the model lacks its regressors
            _design(model, pd.DatetimeIndex([]), self.market, self.factors)
        wlabels = [format_window(w) for w in wins]

        # Units: (event, ticker) pairs, grouped by ticker in the order asked.
        present = [t for t in tickers if t in self.returns.columns]
        a_of = {t: a for a, t in enumerate(present)}
        u = self._units(tickers, a_of, model, span)
        if cluster == "pool" and (u["cluster_id"] > 0).any():
            u = _pool_units(u)

        asset = stack_assets(self.returns, present, [self._timelines[t] for t in present],
                             model, self.market, self.factors, self.flags, drop_flagged)
        valid = (u["pos"] >= 0) & (u["asset"] >= 0)
        iv = np.flatnonzero(valid)
        a_v = u["asset"][iv]
        gpos = asset.starts[a_v] + u["pos"][iv]
        lo, hi = asset.starts[a_v], asset.ends[a_v]
        # Event spans of every located event (for exclude_event_days and placebo draws).
        T = len(asset.dates)
        diff = np.zeros(T + 1, dtype=np.int64)
        s0 = np.clip(gpos + span[0], lo, hi)
        s1 = np.clip(gpos + span[1] + u["extra"][iv] + 1, lo, hi)
        np.add.at(diff, s0, 1)
        np.add.at(diff, s1, -1)
        event_days = np.cumsum(diff[:-1]) > 0
        est = estimate(asset, model, estimation, gpos, min_estimation,
                       exclude=event_days if exclude_event_days else None, lo=lo, hi=hi)
        spanned = event_span(asset, model, est, span, u["extra"][iv])

        n_units = len(u["pos"])
        dof = np.full(n_units, np.nan)
        dof[iv] = est.dof
        n_est = np.zeros(n_units, dtype=np.int64)
        n_est[iv] = est.n_est
        cars, variances, flag_cols, reason_cols = [], [], [], []
        for w in wins:
            wc = window_car(asset, model, est, spanned, w, u["extra"][iv])
            car = np.full(n_units, np.nan)
            var = np.full(n_units, np.nan)
            car[iv] = wc.car
            var[iv] = wc.var
            rs = u["reason"].copy()
            fl = np.full(n_units, "", dtype=object)
            rs[iv] = wc.reason
            fl[iv] = wc.flags
            cars.append(car)
            variances.append(var)
            flag_cols.append(fl)
            reason_cols.append(rs)
        car_cols = _car_columns(u, model, wlabels, cars, variances, dof, n_est, flag_cols,
                                reason_cols)
        # AR table (fitted units only)
        rel = spanned["rel"]
        W = len(rel)
        fitted = np.repeat(est.ok, W) & spanned["within"].ravel()
        dates = np.where(spanned["in_range"], asset.dates.to_numpy()[spanned["idx"]],
                         np.datetime64("NaT")).ravel()
        ar_cols = {
            "event_id": np.repeat(u["event_id"][iv], W)[fitted],
            "ticker": np.repeat(u["ticker"][iv], W)[fitted],
            "model": np.full(int(fitted.sum()), model, dtype=object),
            "rel_day": np.tile(rel, len(iv))[fitted],
            "date": dates[fitted],
            "ret": spanned["ret"].ravel()[fitted],
            "expected": spanned["expected"].ravel()[fitted],
            "ar": spanned["ar"].ravel()[fitted],
        }
        k = est.beta.shape[1]
        nv = len(iv)
        alpha = est.beta[:, 0] if model != "market-adjusted" else np.zeros(nv)
        if model in ("market", "factor") and k > 1 and self.market is not None:
            beta = est.beta[:, 1]
        elif model == "market-adjusted":
            beta = np.ones(nv)
        else:
            beta = np.full(nv, np.nan)
        par_cols: dict[str, Any] = {
            "event_id": u["event_id"][iv], "ticker": u["ticker"][iv],
            "model": np.full(nv, model, dtype=object), "day0": u["day0"][iv],
            "alpha": alpha, "beta": beta, "sigma": np.sqrt(est.sigma2),
            "n_est": est.n_est, "n_missing": est.n_missing, "dof": est.dof,
        }
        if model == "factor" and self.factors is not None:
            first = 2 if self.market is not None else 1
            for j, name in enumerate(self.factors.columns):
                par_cols[f"beta_{name}"] = est.beta[:, first + j]
        keys = pd.DataFrame({
            "asset": a_v, "ticker": u["ticker"][iv], "event_id": u["event_id"][iv],
            "category": u["category"][iv], "direction": u["direction"][iv],
            "cluster_id": u["cluster_id"][iv], "day0": u["day0"][iv],
        })
        panel = UnitPanel(model=model, asset=asset, estimation=estimation,
                          min_estimation=min_estimation, span=span, keys=keys, est=est,
                          extra=u["extra"][iv], spanned=spanned, event_spans=event_days,
                          windows=wins)
        settings = {
            "model": model, "estimation": estimation, "windows": wins,
            "exclude_event_days": exclude_event_days, "min_estimation": min_estimation,
            "cluster": cluster, "drop_flagged": drop_flagged, "market": self.market_name,
        }
        car_df = _frame([car_cols], CAR_COLUMNS)
        if len(car_df):
            car_df["day0"] = pd.to_datetime(car_df["day0"])
            car_df["cluster_id"] = pd.array(car_df["cluster_id"].to_numpy(), dtype="Int64")
            car_df.loc[car_df["cluster_id"] == 0, "cluster_id"] = pd.NA
            car_df["n_est"] = car_df["n_est"].astype("int64")
        ar_df = _frame([ar_cols], AR_COLUMNS)
        if len(ar_df):
            ar_df["date"] = pd.DatetimeIndex(ar_df["date"]).normalize()
            ar_df["rel_day"] = ar_df["rel_day"].astype("int64")
        return EventStudyResults(
            car=car_df, ar=ar_df, params=_frame([par_cols], PARAM_COLUMNS),
            panels=[panel] if nv else [], settings=[settings],
        )


def _car_columns(
    u: dict[str, np.ndarray], model: str, wlabels: list[str], cars: list[np.ndarray],
    variances: list[np.ndarray], dof: np.ndarray, n_est: np.ndarray,
    flags: list[np.ndarray], reasons: list[np.ndarray],
) -> dict[str, Any]:
    """Columns of the CAR table: rows by ticker, then window, then event."""
    n = len(u["pos"])
    nw = len(wlabels)
    car = np.concatenate(cars)
    se = np.sqrt(np.concatenate(variances))
    with np.errstate(invalid="ignore", divide="ignore"):
        tstat = car / se
    unit = np.tile(np.arange(n), nw)
    wid = np.repeat(np.arange(nw), n)
    # Units are already grouped by ticker in order; sort rows by (ticker block, window).
    block = np.tile(np.cumsum(np.r_[True, u["ticker"][1:] != u["ticker"][:-1]]), nw) \
        if n else np.zeros(0, dtype=np.int64)
    order = np.lexsort((unit, wid, block))
    cols = {
        "event_id": np.tile(u["event_id"], nw), "ticker": np.tile(u["ticker"], nw),
        "model": np.full(n * nw, model, dtype=object),
        "window": np.repeat(np.asarray(wlabels, dtype=object), n),
        "day0": np.tile(u["day0"], nw), "car": car, "car_se": se, "scar": tstat,
        "t_stat": tstat, "p_value": t_pvalue(tstat, np.tile(dof, nw)),
        "n_est": np.tile(n_est, nw), "flags": np.concatenate(flags),
        "reason": np.concatenate(reasons), "cluster_id": np.tile(u["cluster_id"], nw),
        "category": np.tile(u["category"], nw), "direction": np.tile(u["direction"], nw),
    }
    return {k: v[order] for k, v in cols.items()}


def _frame(parts: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """One frame from column dicts (missing optional columns -> NaN)."""
    parts = [p for p in parts if p and len(next(iter(p.values())))]
    if not parts:
        return pd.DataFrame(columns=list(columns))
    names = list(dict.fromkeys(c for p in parts for c in p))
    data = {}
    for c in names:
        pieces = [p[c] if c in p else np.full(len(next(iter(p.values()))), np.nan)
                  for p in parts]
        data[c] = np.concatenate(pieces)
    out = pd.DataFrame(data)
    lead = [c for c in columns if c in out.columns]
    return out[lead + [c for c in out.columns if c not in lead]]


def _pool(keys: pd.DataFrame, pos: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Merge each cluster into one unit starting at its first day 0."""
    rows: list[dict[str, Any]] = []
    new_pos: list[int] = []
    extra: list[int] = []
    seen: set[int] = set()
    for i in range(len(keys)):
        c = int(keys["cluster_id"].iloc[i])
        if c == 0:
            rows.append(keys.iloc[i].to_dict())
            new_pos.append(int(pos[i]))
            extra.append(0)
            continue
        if c in seen:
            continue
        seen.add(c)
        members = np.flatnonzero(keys["cluster_id"].to_numpy() == c)
        members = members[np.argsort(pos[members], kind="stable")]
        grp = keys.iloc[members]

        def joined(col: str, grp: pd.DataFrame = grp) -> str:
            vals = list(dict.fromkeys(grp[col].astype(str)))
            return vals[0] if len(vals) == 1 else "mixed"

        rows.append({
            "event_id": "+".join(grp["event_id"].astype(str)),
            "category": joined("category"), "direction": joined("direction"),
            "cluster_id": c, "day0": grp["day0"].iloc[0], "reason": "",
        })
        new_pos.append(int(pos[members[0]]))
        extra.append(int(pos[members[-1]] - pos[members[0]]))
    out = pd.DataFrame(rows, columns=list(keys.columns))
    out["day0"] = pd.to_datetime(out["day0"])
    return out, np.asarray(new_pos, dtype=np.int64), np.asarray(extra, dtype=np.int64)


def _concat(parts: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(columns))
    out = pd.concat(parts, ignore_index=True)
    lead = [c for c in columns if c in out.columns]
    return out[lead + [c for c in out.columns if c not in lead]]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
class Summary:
    """Text/HTML rendering of an :class:`EventStudyResults` (``str`` or notebook)."""

    def __init__(self, title: str, table: pd.DataFrame, notes: list[str]) -> None:
        self.title = title
        self.table = table
        self.notes = notes

    def as_text(self) -> str:
        """Plain-text rendering."""
        body = self.table.to_string(index=False, float_format=lambda x: f"{x:.4f}")
        width = max(len(line) for line in body.splitlines()) if len(self.table) else 40
        lines = [self.title.center(width), "=" * width, body, "-" * width, *self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{n}</p>" for n in self.notes)
        table = self.table.to_html(index=False, float_format=lambda x: f"{x:.4f}", na_rep="")
        return f"<h4>{self.title}</h4>{table}{notes}"


class EventStudyResults:
    """Fitted event study: labelled frames ``ar``, ``car``, ``params`` and tests.

    Attributes
    ----------
    ar : pd.DataFrame
        ``event_id, ticker, model, rel_day, date, ret, expected, ar``.
    car : pd.DataFrame
        One row per event x ticker x model x window (see :data:`CAR_COLUMNS`); events
        that could not be studied keep their row with ``NaN`` statistics and a reason.
    """

    def __init__(self, car: pd.DataFrame, ar: pd.DataFrame, params: pd.DataFrame,
                 panels: list[UnitPanel], settings: list[dict[str, Any]]) -> None:
        self.car = car
        self.ar = ar
        self._params = params
        self.panels = panels
        self.settings = settings

    @classmethod
    def concat(cls, results: Sequence[EventStudyResults]) -> EventStudyResults:
        """Stack several fits (e.g. one per model) into one results object."""
        return cls(
            car=_concat([r.car for r in results], CAR_COLUMNS),
            ar=_concat([r.ar for r in results], AR_COLUMNS),
            params=_concat([r._params for r in results], PARAM_COLUMNS),
            panels=[p for r in results for p in r.panels],
            settings=[s for r in results for s in r.settings],
        )

    def _indexed(self, column: str) -> pd.Series:
        return self.car.set_index(["event_id", "ticker", "model", "window"])[column]

    @property
    def params(self) -> pd.DataFrame:
        """Per event/asset/model ``alpha``, ``beta``, ``sigma``, ``n_est``, ``dof``."""
        return self._params.set_index(["event_id", "ticker", "model"])

    @property
    def cars(self) -> pd.Series:
        """CAR indexed by event, ticker, model, window."""
        return self._indexed("car")

    @property
    def std_errors(self) -> pd.Series:
        r"""Standard error :math:`\sqrt{\gamma' V \gamma}` of each CAR."""
        return self._indexed("car_se")

    @property
    def tstats(self) -> pd.Series:
        """t statistic (= SCAR) of each CAR."""
        return self._indexed("t_stat")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-value of each CAR (t distribution, estimation dof)."""
        return self._indexed("p_value")

    def summary(self) -> Summary:
        """Compact table of CARs with stars, rendered as text or HTML."""
        cols = ["event_id", "ticker", "model", "window", "day0", "car", "car_se", "t_stat",
                "p_value", "n_est", "reason"]
        table = self.car[cols].copy()
        table["day0"] = pd.to_datetime(table["day0"]).dt.strftime("%Y-%m-%d").fillna("")
        n_bad = int(self.car["car"].isna().sum())
        models = ", ".join(sorted({str(s["model"]) for s in self.settings}))
        notes = [f"models: {models}; rows: {len(self.car)}; without a CAR: {n_bad}",
                 "Var(CAR) = gamma' V gamma with V from MacKinlay (1997); t ~ t(dof_est)."]
        return Summary("Event study: cumulative abnormal returns", table, notes)

    def caar(
        self,
        by: Sequence[str] = ("category", "direction"),
        window: str | Window | Sequence[str | Window] | None = None,
        n_permutations: int = 1000,
        seed: int = 0,
        tests: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Cross-event test battery, per ticker, model, group and window.

        See :func:`analysis.stattests.caar_table` for the statistics.
        """
        from analysis import stattests

        return stattests.caar_table(self, by=by, window=window, n_permutations=n_permutations,
                                    seed=seed, tests=tests)
