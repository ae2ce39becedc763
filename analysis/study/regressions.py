"""Event-dummy regressions: abnormal returns as coefficients of event indicators.

One regression per asset over a sample of sessions,

.. math::

    R_t = \\alpha + \\beta R_{m,t} + \\sum_k \\gamma_k D_{k,t} + \\varepsilon_t ,

fitted by OLS (statsmodels). The dummies are one of

* ``"day"``: one dummy per event, equal to one on the event's day 0 only;
  :math:`\\hat\\gamma_k` is then exactly the market-model abnormal return of day 0 with
  the other sessions of the sample as estimation window, and its OLS variance is
  MacKinlay's (1997) :math:`\\hat\\sigma^2[1 + x_0'(X'X)^{-1}x_0]`;
* ``"window"``: one dummy per event, equal to one on every session of the event
  window :math:`[a, b]`; :math:`\\hat\\gamma_k` is the average daily abnormal return and
  :math:`L_k\\hat\\gamma_k` the implied CAR over the :math:`L_k` sessions it covers;
* ``"category"``: one dummy per group of events (by default category and direction,
  e.g. every tariff-escalation day shares one dummy), one on every session of every
  group member's window.

Robust (HC) and HAC covariances are refused for a dummy that covers a single session:
OLS fits that session exactly, its residual is zero, and the "robust" variance of the
coefficient collapses towards zero (an event with t = 2.8 under OLS reached t = 38.7
under HC0). They are meaningful for group dummies that cover many sessions.

Day 0 comes from :func:`analysis.market.day0.locate_day0`, the rule the event study uses.
The estimator lives here; its results (:class:`EventDummyResults`, the implied CARs, the
Wald and equal-effect tests) in :mod:`analysis.study.dummyresults`.
May import: ``analysis.market``, ``analysis.windows``, ``analysis.study.eventstudy``,
``analysis.study.dummyresults``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.io import AnalysisError, require_columns
from analysis.market.day0 import locate_day0
from analysis.study.dummyresults import (
    CONST_TERM,
    MARKET_TERM,
    NOTE_COLUMNS,
    TERM_COLUMNS,
    EventDummyResults,
    equal_effect_tests,
)
from analysis.study.eventstudy import parse_event_dates
from analysis.windows import as_window

DUMMY_TYPES: tuple[str, ...] = ("day", "window", "category")
ROBUST_COV_TYPES: tuple[str, ...] = ("HC0", "HC1", "HC2", "HC3", "HAC")
COV_TYPES: tuple[str, ...] = ("nonrobust", *ROBUST_COV_TYPES)
DEFAULT_GROUP_BY: tuple[str, ...] = ("category", "direction")


# --------------------------------------------------------------------------------------
# Estimator
# --------------------------------------------------------------------------------------
class EventDummyRegression:
    """Event-dummy regression of one asset's returns on the market and event indicators.

    .. math::

        R_t = \\alpha + \\beta R_{m,t} + \\sum_k \\gamma_k D_{k,t} + \\varepsilon_t

    Parameters
    ----------
    returns : pandas.Series
        The asset's returns indexed by session date (NaN = no session for the asset).
    market : pandas.Series or None
        Market returns on the same kind of index; ``None`` drops :math:`\\beta R_{m,t}`
        (constant mean, used when the asset is the market itself).
    events : pandas.DataFrame
        ``event_id`` and ``date`` (ISO day), optionally ``timing``, ``category``,
        ``direction``, ``date_precision``, ``assets`` (tickers separated by ``;`` or
        ``,``; empty = every asset) and ``day0`` (a precomputed session date, which
        then replaces the calendar mapping).
    ticker : str
        The asset's ticker: names it in messages and picks its exchange calendar for
        day 0 (:func:`analysis.market.calendars.map_day0`).
    market_name : str, optional
        Shown in the specification label.
    """

    def __init__(
        self,
        returns: pd.Series,
        market: pd.Series | None,
        events: pd.DataFrame,
        ticker: str,
        *,
        market_name: str = "market",
    ) -> None:
        self.ticker = str(ticker)
        self.returns = _check_series(returns, self.ticker)
        self.market = None if market is None else _check_series(market, f"{market_name}")
        self.market_name = market_name
        require_columns(events, ("event_id", "date"), "events")
        if events["event_id"].duplicated().any():
            dup = events.loc[events["event_id"].duplicated(), "event_id"].iloc[0]
            raise AnalysisError(f"events: duplicate event_id {dup!r}")
        self.events = events.reset_index(drop=True)

    # ---------------------------------------------------------------------------------
    def fit(
        self,
        dummies: str = "day",
        window: tuple[int, int] = (0, 0),
        group_by: Sequence[str] = DEFAULT_GROUP_BY,
        cov_type: str = "nonrobust",
        hac_lags: int | None = None,
        sample: tuple[Any, Any] | pd.DatetimeIndex | None = None,
    ) -> EventDummyResults:
        """Fit the regression.

        Parameters
        ----------
        dummies : {"day", "window", "category"}
            One dummy per event on day 0, per event on its window, or per group.
        window : tuple of int
            Event window :math:`[a, b]` in sessions relative to day 0 (``"window"`` and
            ``"category"``; ``"day"`` always uses day 0 alone).
        group_by : sequence of str
            Event columns that define the groups of ``"category"`` dummies.
        cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"}
            Coefficient covariance. Robust types are refused when a dummy covers a
            single session (its residual is exactly zero).
        hac_lags : int, optional
            Newey-West lags; default :math:`\\lfloor 4 (n/100)^{2/9} \\rfloor`.
        sample : (start, end) or DatetimeIndex, optional
            Sessions used: an inclusive date span, or an explicit set of sessions (e.g.
            an event study's estimation window plus its event days). Default: all.

        Returns
        -------
        EventDummyResults
        """
        (a, b), group_by = self._check_fit(dummies, window, group_by, cov_type)
        frame = self._design_frame(sample)
        terms, D, notes = self._dummies(dummies, (a, b), group_by, frame.index)
        X = pd.concat([frame.drop(columns="y"), D], axis=1)
        y = frame["y"]
        self._check_rank(X)
        _check_cov(cov_type, terms, hac_lags, self.ticker)
        ols, lags = _fit_ols(sm.OLS(y, X), cov_type, hac_lags)

        mean = (f"market({self.market_name})" if self.market is not None
                else "constant(asset is the market)")
        label = {"day": "day", "window": "window",
                 "category": "/".join(group_by)}[dummies]
        spec = f"{mean}+{label}[{a}:{b}]"
        notes = notes.sort_values("event_id", kind="stable").reset_index(drop=True)
        return EventDummyResults(
            ticker=self.ticker,
            spec=spec,
            dummies=dummies,
            window=(a, b),
            cov_type=cov_type,
            params=ols.params.rename("coef"),
            std_errors=ols.bse.rename("std_err"),
            tstats=ols.tvalues.rename("t_stat"),
            pvalues=ols.pvalues.rename("p_value"),
            nobs=int(ols.nobs),
            df_resid=round(float(ols.df_resid)),
            sigma2=float(ols.scale),
            terms=terms,
            notes=notes.loc[:, list(NOTE_COLUMNS)],
            ols=ols,
            hac_lags=lags,
        )

    def _check_fit(self, dummies: str, window: tuple[int, int], group_by: Sequence[str],
                   cov_type: str) -> tuple[tuple[int, int], tuple[str, ...]]:
        """The fit's window (day 0 alone for day dummies) and groups, or a one-line error."""
        if dummies not in DUMMY_TYPES:
            raise AnalysisError(
                f"unknown dummy type {dummies!r}; use one of {', '.join(DUMMY_TYPES)}"
            )
        if cov_type not in COV_TYPES:
            raise AnalysisError(f"unknown cov_type {cov_type!r}; use one of {', '.join(COV_TYPES)}")
        a, b = as_window(window)
        if dummies == "day":
            a, b = 0, 0
        group_by = tuple(group_by)
        if dummies == "category":
            require_columns(self.events, group_by, "events", need="category dummies")
        return (a, b), group_by

    def _dummies(self, dummies: str, window: tuple[int, int], group_by: tuple[str, ...],
                 index: pd.DatetimeIndex) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Dummy terms, the dummy columns on ``index`` and every note on the events."""
        sessions = self.returns.dropna().index
        mine, notes = _events_for(self.events, self.ticker)
        located, day0_notes = locate_events(mine, self.ticker, sessions)
        spans, more_notes = _event_sessions(located, sessions, index, window)
        if dummies == "category":
            terms, D, merge_notes = _group_dummies(located, spans, index, group_by)
        else:
            terms, D, merge_notes = _event_dummies(located, spans, index)
        notes = pd.concat([notes, day0_notes, more_notes, merge_notes], ignore_index=True)
        return terms, D, notes

    # ---------------------------------------------------------------------------------
    def _design_frame(self, sample: tuple[Any, Any] | pd.DatetimeIndex | None) -> pd.DataFrame:
        """y, const and market on the sessions where every regressor is observed."""
        cols: dict[str, pd.Series] = {"y": self.returns}
        if self.market is not None:
            cols[MARKET_TERM] = self.market
        frame = pd.concat(cols, axis=1, join="inner" if self.market is not None else "outer")
        frame = frame.dropna()
        frame.insert(1, CONST_TERM, 1.0)
        if sample is not None:
            if isinstance(sample, pd.DatetimeIndex):
                keep = frame.index.isin(sample)
            else:
                if len(sample) != 2:
                    raise AnalysisError("sample must be (start, end) or a DatetimeIndex")
                start, end = (pd.Timestamp(s) if s is not None else None for s in sample)
                keep = np.ones(len(frame), dtype=bool)
                if start is not None:
                    keep &= frame.index >= start
                if end is not None:
                    keep &= frame.index <= end
            frame = frame.loc[keep]
        if len(frame) < 3:
            raise AnalysisError(f"{self.ticker}: only {len(frame)} session(s) in the sample")
        return frame

    def _check_rank(self, X: pd.DataFrame) -> None:
        if X.shape[0] <= X.shape[1]:
            raise AnalysisError(
                f"{self.ticker}: {X.shape[1]} coefficients but only {X.shape[0]} sessions"
            )
        rank = np.linalg.matrix_rank(X.to_numpy(dtype=float))
        if rank < X.shape[1]:
            raise AnalysisError(
                f"{self.ticker}: event dummies are collinear (rank {rank} < {X.shape[1]}); "
                "overlapping windows or a dummy covering every session"
            )


# --------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------
def _check_series(s: pd.Series, name: str) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise AnalysisError(f"{name}: returns must be a pandas Series")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise AnalysisError(f"{name}: returns must be indexed by date")
    if s.index.has_duplicates:
        raise AnalysisError(f"{name}: duplicate dates in returns")
    s = pd.to_numeric(s, errors="coerce").astype(float).sort_index()
    if np.isinf(s.to_numpy()).any():
        raise AnalysisError(f"{name}: infinite returns")
    return s


def _fit_ols(model: Any, cov_type: str, hac_lags: int | None) -> tuple[Any, int | None]:
    """Fit the statsmodels OLS with the covariance asked for; returns it and the HAC lags."""
    if cov_type == "HAC":
        lags = hac_lags if hac_lags is not None else _default_hac_lags(int(model.nobs))
        return model.fit(cov_type="HAC", cov_kwds={"maxlags": lags}), lags
    if cov_type == "nonrobust":
        return model.fit(), None
    return model.fit(cov_type=cov_type), None


def _default_hac_lags(n: int) -> int:
    return int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def _events_for(events: pd.DataFrame, ticker: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events that concern ``ticker``: all, unless an ``assets`` list names others only."""
    if "assets" not in events.columns:
        return events, pd.DataFrame(columns=list(NOTE_COLUMNS))
    lists = events["assets"].astype("string").fillna("").tolist()
    names = [[a.strip() for a in re.split(r"[;,]", text) if a.strip()] for text in lists]
    keep = np.array([not n or ticker in n for n in names], dtype=bool)
    notes = [{"event_id": str(eid), "reason": f"not an event for {ticker} (assets: {text})"}
             for eid, text, k in zip(events["event_id"], lists, keep, strict=True) if not k]
    return events.loc[keep], pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def locate_events(
    events: pd.DataFrame, ticker: str, sessions: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Day 0 of each event on the asset's sessions.

    Events keep their columns and gain ``day0`` (a session) and ``day0_reason``. An
    event with a month- or year-precision date, an unparseable date, or no session on
    or after its date gets no day 0 and a row in the returned notes instead.

    Parameters
    ----------
    events : pandas.DataFrame
        ``event_id``, ``date`` and optionally ``timing``, ``date_precision``, ``day0``.
    ticker : str
        Selects the exchange calendar for :func:`analysis.market.calendars.map_day0`.
    sessions : pandas.DatetimeIndex
        The asset's observed sessions; day 0 is located on them.

    Returns
    -------
    (located, notes) : tuple of pandas.DataFrame
    """
    ev = events.copy()
    notes: list[dict[str, str]] = []
    sessions = pd.DatetimeIndex(sessions).sort_values()
    if "day0" in ev.columns:
        ok = pd.Series(True, index=ev.index)
        day0 = pd.to_datetime(ev["day0"], errors="coerce")
        bad = day0.notna() & ~day0.isin(sessions)
        ev["day0"] = day0.where(~bad)
        ev["day0_reason"] = np.where(bad, "given day 0 is not a session of the asset", "given")
    else:
        # THE day-0 rule of the study (analysis.market.day0): calendar mapping, a date
        # range only when it covers one session (a weekend range -> next session).
        parsed = parse_event_dates(ev.assign(
            timing=ev["timing"].astype("string").fillna("unknown")
            if "timing" in ev.columns else "unknown"))
        _, reasons, day0 = locate_day0(parsed, ticker, sessions)
        ev["day0"] = pd.DatetimeIndex(day0)
        ev["day0_reason"] = [str(r) for r in reasons]
        ok = pd.Series(True, index=ev.index)
    ev = ev.loc[ok].copy()
    missing = ev["day0"].isna()
    for i in ev.index[missing]:
        reason = ev.at[i, "day0_reason"]
        notes.append({"event_id": str(ev.at[i, "event_id"]),
                      "reason": f"no day 0 for {ticker}: {reason}"})
    # chronological order makes terms and their event lists independent of input order
    located = (ev.loc[~missing]
               .assign(_id=lambda d: d["event_id"].astype(str))
               .sort_values(["day0", "_id"], kind="stable")
               .drop(columns="_id").reset_index(drop=True))
    return located, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _event_sessions(
    located: pd.DataFrame,
    sessions: pd.DatetimeIndex,
    sample_index: pd.DatetimeIndex,
    window: tuple[int, int],
) -> tuple[dict[str, pd.DatetimeIndex], pd.DataFrame]:
    """Sessions of each event's window [a, b] that are in the regression sample."""
    a, b = window
    sessions = pd.DatetimeIndex(sessions).sort_values()
    spans: dict[str, pd.DatetimeIndex] = {}
    notes: list[dict[str, str]] = []
    for _, row in located.iterrows():
        eid = str(row["event_id"])
        pos = int(sessions.get_loc(row["day0"]))
        lo, hi = pos + a, pos + b
        if lo < 0 or hi >= len(sessions):
            notes.append({"event_id": eid,
                          "reason": f"window {a}:{b} around {row['day0']:%Y-%m-%d} "
                                    "runs beyond the asset's data"})
            lo, hi = max(lo, 0), min(hi, len(sessions) - 1)
        days = sessions[lo:hi + 1]
        inside = days[days.isin(sample_index)]
        if len(inside) == 0:
            notes.append({"event_id": eid,
                          "reason": f"day 0 {row['day0']:%Y-%m-%d} outside the sample "
                                    "(or no market return on its window)"})
            continue
        if len(inside) < b - a + 1:
            notes.append({"event_id": eid,
                          "reason": f"window {a}:{b} has {len(inside)} of {b - a + 1} "
                                    "sessions in the sample"})
        spans[eid] = inside
    return spans, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _attr(row: pd.Series, col: str) -> str:
    if col not in row.index or pd.isna(row[col]):
        return ""
    return str(row[col])


def _event_dummies(
    located: pd.DataFrame, spans: dict[str, pd.DatetimeIndex], index: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One dummy per event; events with identical dummy columns share one term."""
    by_key: dict[tuple[pd.Timestamp, ...], list[pd.Series]] = {}
    for _, row in located.iterrows():
        eid = str(row["event_id"])
        if eid in spans:
            by_key.setdefault(tuple(spans[eid]), []).append(row)
    term_rows: list[dict[str, Any]] = []
    columns: dict[str, np.ndarray] = {}
    notes: list[dict[str, str]] = []
    for key, rows in by_key.items():
        ids = [str(r["event_id"]) for r in rows]
        term = "event:" + "+".join(ids)
        if len(ids) > 1:
            for eid in ids:
                notes.append({"event_id": eid, "reason":
                              f"same sessions as {', '.join(i for i in ids if i != eid)}: "
                              f"one dummy {term}"})
        days = pd.DatetimeIndex(list(key))
        columns[term] = index.isin(days).astype(float)
        term_rows.append({
            "term": term, "kind": "event", "event_ids": ";".join(ids),
            "category": _join_attr(rows, "category"),
            "direction": _join_attr(rows, "direction"),
            "n_days": len(days), "first_day": days.min(), "last_day": days.max(),
        })
    notes.extend(_overlap_notes(term_rows, columns))
    return _finish_terms(term_rows, columns, index, notes)


def _overlap_notes(
    term_rows: list[dict[str, Any]], columns: dict[str, np.ndarray]
) -> list[dict[str, str]]:
    """Events whose window dummies share sessions (clustered events).

    On a shared session the abnormal return is the sum of both coefficients, so
    neither :math:`\\gamma` alone is that event's average daily abnormal return.
    """
    names = list(columns)
    if len(names) < 2:
        return []
    D = np.column_stack([columns[n] for n in names])
    shared = D.T @ D
    notes: list[dict[str, str]] = []
    for i, row in enumerate(term_rows):
        others = [names[j] for j in np.flatnonzero(shared[i] > 0) if j != i]
        if others:
            for eid in str(row["event_ids"]).split(";"):
                notes.append({"event_id": eid, "reason":
                              f"window shares sessions with {', '.join(others)}: "
                              "its CAR there is the sum of both dummies"})
    return notes


def _join_attr(rows: list[pd.Series], col: str) -> str:
    values = sorted({_attr(r, col) for r in rows})
    return "+".join(values)


def _group_dummies(
    located: pd.DataFrame,
    spans: dict[str, pd.DatetimeIndex],
    index: pd.DatetimeIndex,
    group_by: tuple[str, ...],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One dummy per group: one on the union of its member events' window sessions.

    Groups whose events fall on exactly the same sessions cannot be told apart (their
    columns are identical): they share one term, ``group:a/b+c/d``, with a note.
    """
    groups: dict[tuple[str, ...], list[pd.Series]] = {}
    for _, row in located.iterrows():
        if str(row["event_id"]) in spans:
            key = tuple(_attr(row, c) or "unknown" for c in group_by)
            groups.setdefault(key, []).append(row)
    same_days: dict[tuple[pd.Timestamp, ...], list[tuple[str, ...]]] = {}
    for key in sorted(groups):
        ids = [str(r["event_id"]) for r in groups[key]]
        days = tuple(sorted(set().union(*(spans[i] for i in ids))))
        same_days.setdefault(days, []).append(key)
    term_rows: list[dict[str, Any]] = []
    columns: dict[str, np.ndarray] = {}
    notes: list[dict[str, str]] = []
    for day_key, keys in same_days.items():
        rows = [r for k in keys for r in groups[k]]
        ids = [str(r["event_id"]) for r in rows]
        days = pd.DatetimeIndex(list(day_key))
        term = "group:" + "+".join("/".join(k) for k in keys)
        if len(keys) > 1:
            notes.extend({"event_id": eid, "reason": f"its group has the same sessions as "
                          f"another group: one dummy {term}"} for eid in ids)
        columns[term] = index.isin(days).astype(float)
        attrs = dict(zip(group_by, keys[0], strict=True)) if len(keys) == 1 else {}
        term_rows.append({
            "term": term, "kind": "group", "event_ids": ";".join(ids),
            "category": attrs.get("category", _join_attr(rows, "category")),
            "direction": attrs.get("direction", _join_attr(rows, "direction")),
            "n_days": len(days), "first_day": days.min(), "last_day": days.max(),
        })
    return _finish_terms(term_rows, columns, index, notes)


def _finish_terms(
    term_rows: list[dict[str, Any]],
    columns: dict[str, np.ndarray],
    index: pd.DatetimeIndex,
    notes: list[dict[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    terms = pd.DataFrame(term_rows, columns=list(TERM_COLUMNS))
    D = pd.DataFrame(columns, index=index) if columns else pd.DataFrame(index=index)
    return terms, D, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _runs(days: pd.DatetimeIndex, index: pd.DatetimeIndex) -> int:
    """Longest run of consecutive sample sessions among ``days``."""
    pos = np.sort(index.get_indexer(days))
    if len(pos) == 0:
        return 0
    breaks = np.flatnonzero(np.diff(pos) != 1)
    bounds = np.concatenate(([0], breaks + 1, [len(pos)]))
    return int(np.max(np.diff(bounds)))


def _check_cov(cov_type: str, terms: pd.DataFrame, hac_lags: int | None, ticker: str) -> None:
    """Refuse robust covariances where they collapse (single-session dummies)."""
    if cov_type == "nonrobust" or terms.empty:
        return
    single = terms.loc[terms["n_days"] <= 1, "term"].tolist()
    if single:
        shown = ", ".join(single[:3]) + (f" and {len(single) - 3} more" if len(single) > 3 else "")
        raise AnalysisError(
            f"{ticker}: {cov_type} standard errors collapse on single-session dummies "
            f"({shown}): OLS fits that session exactly, so its residual is zero; use "
            "cov_type='nonrobust' (MacKinlay variance) or group dummies covering many sessions"
        )
    few = terms.loc[terms["n_days"] < 10, "term"].tolist()
    if few:
        warnings.warn(
            f"{ticker}: {cov_type} standard errors on dummies covering fewer than 10 sessions "
            f"({', '.join(few[:3])}{' ...' if len(few) > 3 else ''}) rest on a handful of "
            "residuals that OLS forces to sum to zero; they are biased towards zero",
            UserWarning,
            stacklevel=3,
        )


__all__ = [
    "COV_TYPES",
    "DUMMY_TYPES",
    "EventDummyRegression",
    "EventDummyResults",
    "equal_effect_tests",
    "locate_events",
]
