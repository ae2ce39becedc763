"""The event-dummy regression battery: every (ticker, dummy type) fitted and stacked.

The one home for the fit loop of ``python -m analysis regress``
(:func:`regression_battery`) and for the tidy layout of ``regressions.csv``
(:data:`OUTPUT_COLUMNS`, :func:`tidy_results`, :func:`joint_rows`, :func:`sort_rows`).
Each asset gets one :class:`analysis.study.regressions.EventDummyRegression` per dummy
type, on the market when it is not the market itself (the market regressed on itself
is a perfect fit, so it gets the constant mean); with category dummies on several assets,
the joint (stacked, SUR-style) Wald tests of :mod:`analysis.study.joint` follow.

May import: ``analysis.market.prices``, ``analysis.study.dummyresults``,
``analysis.study.joint``, ``analysis.study.regressions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.market.prices import require_tickers
from analysis.study.dummyresults import EventDummyResults, equal_effect_tests
from analysis.study.joint import joint_wald
from analysis.study.regressions import DEFAULT_GROUP_BY, DUMMY_TYPES, EventDummyRegression

OUTPUT_COLUMNS: tuple[str, ...] = (
    "ticker", "spec", "term", "coef", "std_err", "t_stat", "p_value", "nobs", "cov_type",
    "statistic", "df_num", "df_denom", "note",
)
"""Columns of ``regressions.csv``, in order."""

DEFAULT_WINDOWS: dict[str, tuple[int, int]] = {"day": (0, 0), "window": (-1, 1), "category": (0, 0)}
"""Window of each dummy type when none is given: day 0 alone except for per-event window
dummies."""

_ROW_ORDER: tuple[str, ...] = ("const", "market", "event:", "group:", "car[", "wald:",
                               "joint:", "note:", "excluded:")


@dataclass(frozen=True)
class RegressionPlan:
    """What every asset's regressions share: the dummy types and how each is fitted.

    Attributes
    ----------
    dummies : tuple of str
        Dummy types of :data:`analysis.study.regressions.DUMMY_TYPES`, fitted in order.
    window : (int, int) or None
        Event window of the window and category dummies; ``None``: :data:`DEFAULT_WINDOWS`.
    group_by : tuple of str
        Event columns that define the category dummies' groups.
    cov_type : str
        Coefficient covariance (:data:`analysis.study.regressions.COV_TYPES`).
    hac_lags : int or None
        Newey-West lags for ``cov_type="HAC"``; ``None``: the automatic rule.
    sample : (start, end) or None
        Inclusive span of sessions (either side may be ``None``); ``None``: every session.
    """

    dummies: tuple[str, ...] = DUMMY_TYPES
    window: tuple[int, int] | None = None
    group_by: tuple[str, ...] = DEFAULT_GROUP_BY
    cov_type: str = "nonrobust"
    hac_lags: int | None = None
    sample: tuple[Any, Any] | None = None

    def window_of(self, kind: str) -> tuple[int, int]:
        """The window the ``kind`` dummies are fitted on."""
        return DEFAULT_WINDOWS[kind] if self.window is None else self.window


def regression_battery(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    tickers: Sequence[str],
    market: str,
    plan: RegressionPlan | None = None,
) -> tuple[pd.DataFrame, list[EventDummyResults]]:
    """Fit every (ticker, dummy type) of ``plan`` and stack the tidy rows.

    Parameters
    ----------
    returns : DataFrame
        Wide returns (sessions x tickers), as from :func:`analysis.market.prices.read_returns`.
    events : DataFrame
        Events as :class:`analysis.study.regressions.EventDummyRegression` reads them.
    tickers : sequence of str
        Assets, each regressed on its own.
    market : str
        Market ticker, a column of ``returns``.
    plan : RegressionPlan, optional
        Dummy types and fit options; default :class:`RegressionPlan` ().

    Returns
    -------
    (DataFrame, list of EventDummyResults)
        The rows of ``regressions.csv`` (:data:`OUTPUT_COLUMNS`, :func:`sort_rows` order)
        and every fitted regression, ticker by ticker, dummy type by dummy type.

    Raises
    ------
    AnalysisError
        A ticker or the market has no returns column, or a fit fails (see
        :meth:`analysis.study.regressions.EventDummyRegression.fit`).
    """
    plan = RegressionPlan() if plan is None else plan
    require_tickers([*tickers, market], returns.columns)
    parts: list[pd.DataFrame] = []
    fitted: list[EventDummyResults] = []
    for ticker in tickers:
        # the market regressed on itself is a perfect fit: use the constant mean
        mkt = None if ticker == market else returns[market]
        reg = EventDummyRegression(returns[ticker], mkt, events, ticker, market_name=market)
        for kind in plan.dummies:
            res = reg.fit(dummies=kind, window=plan.window_of(kind), group_by=plan.group_by,
                          cov_type=plan.cov_type, hac_lags=plan.hac_lags, sample=plan.sample)
            fitted.append(res)
            parts.append(tidy_results(res))
    parts.append(joint_rows(fitted, plan.cov_type))
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return sort_rows(table), fitted


# Tidy rows -------------------------------------------------------------------------------

def _term_notes(res: EventDummyResults) -> dict[str, str]:
    notes: dict[str, str] = {}
    for row in res.terms.itertuples(index=False):
        span = (f"{row.first_day:%Y-%m-%d}" if row.n_days == 1
                else f"{row.first_day:%Y-%m-%d}..{row.last_day:%Y-%m-%d}")
        kind = "/".join(x for x in (row.category, row.direction) if x)
        notes[row.term] = f"{kind}; events {row.event_ids}; {row.n_days} session(s) {span}"
    return notes


def _coef_rows(res: EventDummyResults, base: dict[str, object]) -> list[dict[str, object]]:
    """Coefficients, then the implied CARs of window dummies."""
    notes = _term_notes(res)
    rows: list[dict[str, object]] = [
        {**base, "term": row.term, "coef": row.coef, "std_err": row.std_err,
         "t_stat": row.t_stat, "p_value": row.p_value, "note": notes.get(row.term, "")}
        for row in res.coef_table().itertuples(index=False)]
    a, b = res.window
    if b > a:  # a one-session dummy's CAR is its coefficient
        rows += [{**base, "term": f"car[{a}:{b}]: {row.term}", "coef": row.car,
                  "std_err": row.car_se, "t_stat": row.t_stat, "p_value": row.p_value,
                  "note": f"implied CAR = {row.n_days} x gamma"}
                 for row in res.car().itertuples(index=False)]
    return rows


def _test_rows(res: EventDummyResults, base: dict[str, object]) -> list[dict[str, object]]:
    """Equal-effect Wald tests, then the notes on kept and excluded events."""
    rows: list[dict[str, object]] = []
    for row in equal_effect_tests(res).itertuples(index=False):
        testable = bool(np.isfinite(row.statistic))
        term, _, why = str(row.hypothesis).partition(" (")
        rows.append({**base, "term": term, "coef": row.estimate, "std_err": row.std_err,
                     "t_stat": row.estimate / row.std_err if testable else np.nan,
                     "p_value": row.p_value, "statistic": row.statistic,
                     "df_num": row.df_num if testable else np.nan,
                     "df_denom": row.df_denom,
                     "note": ("F test; coef = mean gamma difference" if testable
                              else why.rstrip(")"))})
    kept = {eid for ids in res.terms["event_ids"] for eid in str(ids).split(";")}
    for row in res.notes.itertuples(index=False):
        # a kept event's note (shared dummy, overlap, cut window) vs an event left out
        kind = "note" if str(row.event_id) in kept else "excluded"
        rows.append({**base, "term": f"{kind}: {row.event_id}", "note": row.reason})
    return rows


def tidy_results(res: EventDummyResults) -> pd.DataFrame:
    """One fitted regression as rows: coefficients, implied CARs, Wald tests, exclusions."""
    base = {"ticker": res.ticker, "spec": res.spec, "nobs": res.nobs, "cov_type": res.cov_type}
    rows = _coef_rows(res, base) + _test_rows(res, base)
    return pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))


def joint_rows(fitted: list[EventDummyResults], cov_type: str) -> pd.DataFrame:
    """Joint (stacked) Wald tests across assets, one per group dummy.

    For category dummies fitted on several assets: is the group's coefficient zero on
    every asset at once (:func:`analysis.study.joint.joint_wald`: Newey-West HAC across
    equations whatever ``cov_type`` the per-asset fits used, with those fits' lags when
    they are HAC, or the non-robust form for dummies on fewer than
    :data:`~analysis.study.joint.MIN_HAC_SESSIONS` sessions, as the row says)? Rows have
    ticker ``"^GSPC+ZS=F"`` and term ``"joint: group:..."``.
    """
    rows: list[dict[str, object]] = []
    by_spec: dict[tuple[str, tuple[int, int]], list[EventDummyResults]] = {}
    for res in fitted:
        if res.dummies == "category":
            by_spec.setdefault((res.spec.split("+", 1)[1], res.window), []).append(res)
    for (label, _), group in by_spec.items():
        if len(group) < 2:
            continue
        lags = group[0].hac_lags if cov_type == "HAC" else None
        common = [t for t in group[0].terms["term"]
                  if all(t in r.params.index for r in group[1:])]
        for term in common:
            row = joint_wald(group, term, cov="auto", lags=lags).iloc[0]
            rows.append({
                "ticker": "+".join(r.ticker for r in group), "spec": f"joint+{label}",
                "term": f"joint: {term}", "p_value": row.p_value, "statistic": row.statistic,
                "df_num": row.df_num, "df_denom": row.df_denom,
                "nobs": min(r.nobs for r in group), "cov_type": row.cov_type,
                "note": "stacked OLS Wald: the dummy is zero on every asset; cross-asset "
                        f"covariance {row.assumes}",
            })
    return pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))


def _row_rank(term: str) -> int:
    for rank, prefix in enumerate(_ROW_ORDER):
        if term == prefix or (prefix.endswith((":", "[")) and term.startswith(prefix)):
            return rank
    return 99


def sort_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Stable row order: ticker, spec, then const, market, dummies, CARs, tests, notes."""
    rank = table["term"].map(_row_rank)
    out = table.assign(_rank=rank).sort_values(
        ["ticker", "spec", "_rank", "term"], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True).loc[:, list(OUTPUT_COLUMNS)]
