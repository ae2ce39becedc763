"""The fit plan: every (ticker, model) of a study fitted and stacked, and the CAAR
battery of several study variants side by side.

One home for the loop that ``python -m analysis study`` and the notebooks' sensitivity
runs (:func:`study_battery`) both need.

May import: ``analysis.windows``, ``analysis.study.eventstudy``, ``analysis.study.results``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import config
from analysis.study.eventstudy import EventStudy
from analysis.study.results import EventStudyResults
from analysis.windows import parse_window


def fit_plan(study: EventStudy, plan: Mapping[str, Sequence[str]],
             **settings: Any) -> EventStudyResults:
    """Fit every model of ``plan`` (ticker -> models) on its ticker and stack the results.

    ``settings`` go to :meth:`EventStudy.fit` unchanged (windows, estimation, cluster,
    ...), so every (ticker, model) is fitted the same way.
    """
    fits = [study.fit(model=model, tickers=[ticker], **settings)
            for ticker, models in plan.items() for model in models]
    return EventStudyResults.concat(fits)


def _model_plan(tickers: Sequence[str], models: Sequence[str] | Mapping[str, str],
                market: str) -> dict[str, list[str]]:
    if isinstance(models, Mapping):
        return {t: [str(models[t])] for t in tickers if t in models}
    # The market cannot be explained by itself: it only gets the constant-mean model.
    plan: dict[str, list[str]] = {}
    for m in models:
        for t in tickers:
            if t != market or m == "constant":
                plan.setdefault(t, []).append(m)
    return plan


def study_battery(
    returns: pd.DataFrame,
    studies: Mapping[str, tuple[pd.DataFrame, str]],
    *,
    tickers: Sequence[str],
    models: Sequence[str] | Mapping[str, str],
    windows: Sequence[str],
    tests: Sequence[str] = ("csect_t",),
    by: Sequence[str] = (),
    flags: pd.DataFrame | None = None,
    market: str = config.MARKET_TICKER,
    n_permutations: int = 1000,
) -> pd.DataFrame:
    r"""CAAR test battery of several event-study variants, stacked with a ``study`` column.

    Each variant is an event table and a cluster mode (``"flag"`` or ``"pool"``) run
    through :class:`analysis.study.eventstudy.EventStudy` with the same returns, models
    and windows, so the rows differ only in what the variant changes.

    Parameters
    ----------
    returns : DataFrame
        Wide returns (sessions x tickers), as from :func:`analysis.market.prices.read_returns`.
    studies : mapping
        Variant name -> (events, cluster mode).
    tickers : sequence of str
        Assets studied.
    models : sequence of str or mapping
        Models to run on every asset (the market only gets ``"constant"``), or one model
        per ticker.
    windows : sequence of str
        Event windows, e.g. ``["0:0", "-1:1"]``.
    tests : sequence of str
        Tests of :data:`analysis.study.stattests.TESTS` to run besides the primary one
        (``clustered_t``, always run).
    by : sequence of str
        Event columns to group by besides ``"all"`` (e.g. ``("category", "direction")``).
    flags : DataFrame, optional
        Data-quality flags passed to the estimator.
    market : str
        Market ticker (a column of ``returns``).
    n_permutations : int
        Draws of the permutation test, when it is among ``tests``.

    Returns
    -------
    DataFrame
        ``study`` then the columns of :func:`analysis.study.caar.caar_table` (``se`` is
        the standard error of the row's ``caar`` where its test has one).
    """
    parsed = [parse_window(w) for w in windows]
    plan = _model_plan(tickers, models, market)
    parts = []
    for name, (events, cluster) in studies.items():
        estimator = EventStudy(returns, events, market=market, flags=flags,
                               tickers=list(tickers))
        results = fit_plan(estimator, plan, windows=parsed, cluster=cluster)
        table = results.caar(by=tuple(by), window=list(windows), tests=list(tests),
                             n_permutations=n_permutations)
        parts.append(table.assign(study=name))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        return out
    lead = ["study", "ticker", "model", "group", "window"]
    return out[lead + [c for c in out.columns if c not in lead]].reset_index(drop=True)
