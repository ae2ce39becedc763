"""The event-study estimator: :class:`EventStudy` plans and fits every (event, asset)
pair and returns :class:`analysis.study.results.EventStudyResults`.

May import: ``analysis.market``, ``analysis.windows``, ``analysis.study.engine``,
``analysis.study.panel``, ``analysis.study.results``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from analysis import defaults
from analysis.io import AnalysisError, require_columns
from analysis.market.calendars import map_day0
from analysis.market.day0 import locate_day0
from analysis.study.engine import (
    AssetData,
    Estimates,
    estimate,
    event_span,
    sq_pvalues,
    t_pvalue,
    window_car,
)
from analysis.study.panel import (
    UnitPanel,
    asset_timeline,
    clusters,
    design_matrix,
    drop_roll_sessions,
    pool_units,
    roll_days,
    stack_assets,
)
from analysis.study.results import AR_COLUMNS, CAR_COLUMNS, PARAM_COLUMNS, EventStudyResults
from analysis.windows import Window, check_windows, format_window

MODELS: tuple[str, ...] = ("constant", "market-adjusted", "market", "factor")
CLUSTER_MODES: tuple[str, ...] = ("flag", "pool")
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
    # Gathered as arrays: indexing an Index once per pair was a Python step per date.
    u_text = pd.Series(np.asarray(d_uniq, dtype=object)[pairs // len(p_uniq)],
                       dtype="string").str.strip()
    u_prec = pd.Series(np.asarray(p_uniq, dtype=object)[pairs % len(p_uniq)],
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
    require_columns(events, ("event_id", "date"), "events")
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

@dataclass(frozen=True)
class FitSettings:
    """How :meth:`EventStudy.fit` fits: windows and the options every fit of a study shares.

    Attributes
    ----------
    estimation : tuple of int
        Estimation window relative to day 0 (sessions).
    windows : tuple of tuple of int
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
    keep_roll_days : bool
        Keep futures roll sessions (``roll`` flag) in the estimation windows. By
        default they are left out: a roll-day return mixes two contracts (ZS=F: sd
        1.84 % on roll days vs 1.08 % otherwise) and would inflate the estimated
        residual variance. They are dropped from event windows too
        (:func:`analysis.study.panel.drop_roll_sessions`), so both windows treat them
        alike; with this option both keep them (and event windows flag them).
    """

    estimation: Window = defaults.ESTIMATION_WINDOW
    windows: tuple[Window, ...] = defaults.EVENT_WINDOWS
    exclude_event_days: bool = False
    min_estimation: int = defaults.MIN_ESTIMATION
    cluster: str = "flag"
    drop_flagged: bool = False
    keep_roll_days: bool = False

    def with_options(self, **options: Any) -> FitSettings:
        """These settings with ``options`` replaced, windows as ints, checked.

        Raises
        ------
        AnalysisError
            An unknown option or cluster mode, or windows :func:`check_windows` refuses.
        """
        unknown = sorted(set(options) - {f.name for f in fields(self)})
        if unknown:
            raise AnalysisError(f"unknown fit option(s) {', '.join(unknown)}")
        s = replace(self, **options)
        if s.cluster not in CLUSTER_MODES:
            raise AnalysisError(f"unknown cluster mode {s.cluster!r}")
        estimation = (int(s.estimation[0]), int(s.estimation[1]))
        wins = tuple((int(w[0]), int(w[1])) for w in s.windows)
        check_windows(estimation, wins)
        return replace(s, estimation=estimation, windows=wins)

    def options(self) -> dict[str, Any]:
        """The settings as keyword arguments of :meth:`EventStudy.fit`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


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
    calendars : mapping of str to str
        Ticker -> exchange calendar (``pandas_market_calendars`` name) that defines its
        sessions; a ticker absent from it trades on the dates its returns have. Default:
        the project's table, :data:`analysis.defaults.TICKER_CALENDAR`.
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
        calendars: Mapping[str, str] = defaults.TICKER_CALENDAR,
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
        self.calendars: dict[str, str] = dict(calendars)
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
        plain = [t for t in todo if t not in self.calendars]
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
            if t in self.calendars:
                self._timelines[t] = asset_timeline(self.returns, t,
                                                    self.calendars[t])

    def _locate(self, ticker: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tl = self._timelines[ticker]
        # Tickers on the same calendar with the same timeline share one mapping.
        key = (self.calendars.get(ticker, ""), id(tl))
        if key not in self._day0:
            mapper = self.day0_mapper
            if mapper is None and ticker in self.calendars:
                mapper = partial(map_day0, calendar=self.calendars[ticker])
            self._day0[key] = locate_day0(self.events, ticker, tl, mapper)
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
                key = (self.calendars.get(ticker, ""), id(self._timelines[ticker]))
                groups.setdefault(key, []).append(t_i)
            else:
                mine = tix == t_i
                reason[mine] = [r or f"ticker {ticker} not in returns" for r in reason[mine]]
        for members in groups.values():
            p_all, r_all, d_all = self._locate(tickers[members[0]])
            mine = np.isin(np.arange(len(tickers)), members)[tix]
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
        settings: FitSettings | None = None,
        *,
        tickers: Sequence[str] | None = None,
        **options: Any,
    ) -> EventStudyResults:
        """Fit ``model`` for every (event, ticker) pair.

        Parameters
        ----------
        model : {"constant", "market-adjusted", "market", "factor"}
            Normal-return model.
        settings : FitSettings, optional
            Estimation window, event windows and the other options below, as one object
            (e.g. shared by every fit of a study); default :class:`FitSettings()`.
        tickers : sequence of str, optional
            Subset of the estimator's tickers.
        **options
            Fields of :class:`FitSettings` overriding ``settings``: ``estimation``
            (default ``(-250, -11)``), ``windows`` (default ``((0, 0), (-1, 1), (0, 1),
            (0, 5), (-5, 5))``), ``exclude_event_days`` (``False``), ``min_estimation``
            (``120``), ``cluster`` (``"flag"``), ``drop_flagged`` (``False``),
            ``keep_roll_days`` (``False``).

        Returns
        -------
        EventStudyResults
        """
        s = (settings or FitSettings()).with_options(**options)
        if model not in MODELS:
            raise AnalysisError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
        wins = list(s.windows)
        span = (min(w[0] for w in wins), max(w[1] for w in wins))
        tickers = self.tickers if tickers is None else list(dict.fromkeys(tickers))
        u, asset, present = self._fit_units(model, s, tickers, span)
        iv = np.flatnonzero((u["pos"] >= 0) & (u["asset"] >= 0))
        # Roll sessions leave the estimation windows unless kept (FitSettings).
        rolls = None if s.keep_roll_days else roll_days(asset)
        est, spanned, event_days = _estimate_units(asset, model, s, u, iv, span, rolls)
        panel = UnitPanel(model=model, asset=asset, estimation=s.estimation,
                          min_estimation=s.min_estimation, span=span,
                          keys=_unit_keys(u, iv), est=est, extra=u["extra"][iv],
                          spanned=spanned, event_spans=event_days, windows=wins,
                          est_exclude=rolls)
        record = {
            "model": model, **s.options(), "windows": wins, "market": self.market_name,
            "tickers": list(present),
            "roll_days_left_out": 0 if rolls is None else int(rolls.sum()),
            "roll_days_in_event_windows": 0 if rolls is None else int(
                (rolls & event_days).sum()),
        }
        return EventStudyResults(
            car=_frame(_car_columns(asset, model, wins, u, iv, est, spanned), CAR_COLUMNS),
            ar=_frame(_ar_columns(asset, model, u, iv, est, spanned), AR_COLUMNS),
            params=_frame(self._param_columns(model, u, iv, est), PARAM_COLUMNS),
            panels=[panel] if len(iv) else [], settings=[record],
        )

    def _fit_units(self, model: str, s: FitSettings, tickers: list[str], span: Window
                   ) -> tuple[dict[str, np.ndarray], AssetData, list[str]]:
        """The units of a fit, (event, ticker) pairs grouped by ticker in the order asked
        (pooled when ``s.cluster`` says so), the stacked assets and the tickers present.

        Raises
        ------
        AnalysisError
            When ``model`` lacks its regressors (before any work).
        """
        self._prepare_timelines(tickers)
        if model != "constant":
            design_matrix(model, pd.DatetimeIndex([]), self.market, self.factors)
        present = [t for t in tickers if t in self.returns.columns]
        u = self._units(tickers, {t: a for a, t in enumerate(present)}, model, span)
        if s.cluster == "pool" and (u["cluster_id"] > 0).any():
            u = pool_units(u)
        asset = stack_assets(self.returns, present, [self._timelines[t] for t in present],
                             model, self.market, self.factors, self.flags, s.drop_flagged)
        asset = asset if s.keep_roll_days else drop_roll_sessions(asset)  # as in estimation
        return u, asset, present

    def _param_columns(self, model: str, u: dict[str, np.ndarray], iv: np.ndarray,
                       est: Estimates) -> dict[str, Any]:
        """Columns of the parameter table: one row per fitted unit."""
        nv = len(iv)
        k = est.beta.shape[1]
        alpha = est.beta[:, 0] if model != "market-adjusted" else np.zeros(nv)
        if model in ("market", "factor") and k > 1 and self.market is not None:
            beta = est.beta[:, 1]
        elif model == "market-adjusted":
            beta = np.ones(nv)
        else:
            beta = np.full(nv, np.nan)
        cols: dict[str, Any] = {
            "event_id": u["event_id"][iv], "ticker": u["ticker"][iv],
            "model": np.full(nv, model, dtype=object), "day0": u["day0"][iv],
            "alpha": alpha, "beta": beta, "sigma": np.sqrt(est.sigma2),
            "n_est": est.n_est, "n_missing": est.n_missing, "dof": est.dof,
        }
        if model == "factor" and self.factors is not None:
            first = 2 if self.market is not None else 1
            for j, name in enumerate(self.factors.columns):
                cols[f"beta_{name}"] = est.beta[:, first + j]
        return cols


def _estimate_units(
    asset: AssetData, model: str, s: FitSettings, u: dict[str, np.ndarray], iv: np.ndarray,
    span: Window, rolls: np.ndarray | None,
) -> tuple[Estimates, dict[str, np.ndarray], np.ndarray]:
    """Estimate the normal-return model of every located unit and span its event window.

    ``rolls`` are the sessions left out of every estimation window (``None``: none).
    Returns the estimates, the spanned event windows (:func:`engine.event_span`) and the
    sessions inside any located event's span (for ``exclude_event_days`` and the
    placebo draws).
    """
    a_v = u["asset"][iv]
    gpos = asset.starts[a_v] + u["pos"][iv]
    lo, hi = asset.starts[a_v], asset.ends[a_v]
    diff = np.zeros(len(asset.dates) + 1, dtype=np.int64)
    np.add.at(diff, np.clip(gpos + span[0], lo, hi), 1)
    np.add.at(diff, np.clip(gpos + span[1] + u["extra"][iv] + 1, lo, hi), -1)
    event_days = np.cumsum(diff[:-1]) > 0
    est_exclude = np.zeros(len(asset.dates), dtype=bool) if rolls is None else rolls
    if s.exclude_event_days:
        est_exclude = est_exclude | event_days
    est = estimate(asset, model, s.estimation, gpos, s.min_estimation,
                   exclude=est_exclude if est_exclude.any() else None, lo=lo, hi=hi)
    return est, event_span(asset, model, est, span, u["extra"][iv]), event_days


def _unit_keys(u: dict[str, np.ndarray], iv: np.ndarray) -> pd.DataFrame:
    """Keys of the fitted units, as :class:`UnitPanel` holds them."""
    return pd.DataFrame({
        "asset": u["asset"][iv], "ticker": u["ticker"][iv], "event_id": u["event_id"][iv],
        "category": u["category"][iv], "direction": u["direction"][iv],
        "cluster_id": u["cluster_id"][iv], "day0": u["day0"][iv],
    })


def _ar_columns(asset: AssetData, model: str, u: dict[str, np.ndarray], iv: np.ndarray,
                est: Estimates, spanned: dict[str, np.ndarray]) -> dict[str, Any]:
    """Columns of the abnormal-return table: fitted units, sessions inside the data."""
    rel = spanned["rel"]
    W = len(rel)
    fitted = np.repeat(est.ok, W) & spanned["within"].ravel()
    dates = np.where(spanned["in_range"], asset.dates.to_numpy()[spanned["idx"]],
                     np.datetime64("NaT")).ravel()
    return {
        "event_id": np.repeat(u["event_id"][iv], W)[fitted],
        "ticker": np.repeat(u["ticker"][iv], W)[fitted],
        "model": np.full(int(fitted.sum()), model, dtype=object),
        "rel_day": np.tile(rel, len(iv)).astype(np.int64)[fitted],
        "date": pd.DatetimeIndex(dates[fitted]).normalize().to_numpy(dtype="datetime64[ns]"),
        "ret": spanned["ret"].ravel()[fitted],
        "expected": spanned["expected"].ravel()[fitted],
        "ar": spanned["ar"].ravel()[fitted],
    }


def _car_columns(asset: AssetData, model: str, wins: list[Window], u: dict[str, np.ndarray],
                 iv: np.ndarray, est: Estimates, spanned: dict[str, np.ndarray]
                 ) -> dict[str, Any]:
    """Columns of the CAR table: rows by ticker, then window, then event.

    Units without a fit keep their reason and get NaN CARs; ``p_sq`` is the SQ test of
    each CAR against the unit's estimation residuals.
    """
    n = len(u["pos"])
    nw = len(wins)
    dof = np.full(n, np.nan)
    dof[iv] = est.dof
    n_est = np.zeros(n, dtype=np.int64)
    n_est[iv] = est.n_est
    car = np.full((nw, n), np.nan)
    var = np.full((nw, n), np.nan)
    p_sq = np.full((nw, n), np.nan)
    flags = np.full((nw, n), "", dtype=object)
    reasons = np.tile(u["reason"], (nw, 1)).astype(object)
    for j, w in enumerate(wins):
        wc = window_car(asset, model, est, spanned, w, u["extra"][iv])
        car[j, iv], var[j, iv] = wc.car, wc.var
        p_sq[j, iv] = sq_pvalues(asset, model, est, wc.car, wc.n_days)
        reasons[j, iv] = wc.reason
        flags[j, iv] = wc.flags
    se = np.sqrt(var.ravel())
    with np.errstate(invalid="ignore", divide="ignore"):
        tstat = car.ravel() / se
    unit = np.tile(np.arange(n), nw)
    wid = np.repeat(np.arange(nw), n)
    # Units are already grouped by ticker in order; sort rows by (ticker block, window).
    block = np.tile(np.cumsum(np.r_[True, u["ticker"][1:] != u["ticker"][:-1]]), nw) \
        if n else np.zeros(0, dtype=np.int64)
    order = np.lexsort((unit, wid, block))
    cols = {
        "event_id": np.tile(u["event_id"], nw), "ticker": np.tile(u["ticker"], nw),
        "model": np.full(n * nw, model, dtype=object),
        "window": np.repeat(np.asarray([format_window(w) for w in wins], dtype=object), n),
        "day0": np.tile(u["day0"], nw), "car": car.ravel(), "car_se": se, "scar": tstat,
        "t_stat": tstat, "p_value": t_pvalue(tstat, np.tile(dof, nw)),
        "n_est": np.tile(n_est, nw), "flags": flags.ravel(),
        "reason": reasons.ravel(), "cluster_id": np.tile(u["cluster_id"], nw),
        "event_day": np.tile(_event_days(u), nw),
        "category": np.tile(u["category"], nw), "direction": np.tile(u["direction"], nw),
        "p_sq": p_sq.ravel(),
    }
    cols = {k: v[order] for k, v in cols.items()}
    # 0 = in no cluster: missing in the table.
    cols["cluster_id"] = pd.arrays.IntegerArray(cols["cluster_id"].astype(np.int64),
                                                cols["cluster_id"] == 0)
    return cols


def _event_days(u: dict[str, np.ndarray]) -> np.ndarray:
    """Per unit, the ``+``-joined ids of every event of its ticker on its day 0.

    Same-day duplicates are one event-day in the primary test; every event id that maps
    to it is kept. ``""`` for units without a day 0. The same in every window, so it is
    built once per unit, not per CAR row.
    """
    out = np.full(len(u["day0"]), "", dtype=object)
    located = np.flatnonzero(~np.isnat(u["day0"]))
    if len(located):
        ticker = pd.factorize(u["ticker"][located])[0]
        day = u["day0"][located].view(np.int64)
        order = np.lexsort((day, ticker))
        new = np.r_[True, (np.diff(ticker[order]) != 0) | (np.diff(day[order]) != 0)]
        codes = np.empty(len(located), dtype=np.int64)
        codes[order] = np.cumsum(new) - 1
        out[located] = join_by_group(u["event_id"][located].astype(str), codes)
    return out


def join_by_group(ids: np.ndarray, codes: np.ndarray, sep: str = "+") -> np.ndarray:
    """``sep``-joined ``ids`` of each group, in row order, broadcast back to every row.

    Vectorised (the same as ``groupby(codes).transform(sep.join)`` without a Python call
    per group): rows are sorted by group, and the k-th member of every group is appended
    to its group's string in one array operation per rank k, so the Python loop runs as
    many times as the largest group has members (a handful of same-day events), not once
    per group.

    Parameters
    ----------
    ids : np.ndarray
        ``(N,)`` object array of strings.
    codes : np.ndarray
        ``(N,)`` non-negative group codes.
    sep : str
        Separator.
    """
    ids = np.asarray(ids, dtype=object)
    n = len(ids)
    if n == 0:
        return ids.copy()
    order = np.argsort(codes, kind="stable")
    sorted_codes = np.asarray(codes)[order]
    first = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    size = np.diff(np.r_[first, n])
    group = np.repeat(np.arange(len(first)), size)
    rank = np.arange(n) - np.repeat(first, size)
    members = ids[order]
    joined = members[first].copy()
    # Members of rank >= 1 only, grouped by rank (stable: groups stay in order).
    later = np.flatnonzero(rank > 0)
    later = later[np.argsort(rank[later], kind="stable")]
    bounds = np.searchsorted(rank[later], np.arange(1, int(size.max()) + 1))
    for r0, r1 in itertools.pairwise(bounds):
        rows = later[r0:r1]
        joined[group[rows]] = joined[group[rows]] + sep + members[rows]
    out = np.empty(n, dtype=object)
    out[order] = joined[group]
    return out


def _frame(cols: dict[str, Any], columns: Sequence[str]) -> pd.DataFrame:
    """One frame from columns already in their final dtypes: ``columns`` first, in that
    order, then any others (e.g. ``beta_<factor>``); no rows -> just ``columns``."""
    if not cols or not len(next(iter(cols.values()))):
        return pd.DataFrame(columns=list(columns))
    lead = [c for c in columns if c in cols]
    return pd.DataFrame({c: cols[c] for c in lead + [c for c in cols if c not in lead]})
