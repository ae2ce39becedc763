"""The fit plan: which models each ticker gets, every (ticker, model) fitted and stacked,
and the CAAR battery of one study or of several study variants side by side.

The one home for the model-plan rule (:func:`model_plan`) and for the fit loop: the
``study`` command (:func:`run_study`), the validation study and the notebooks'
sensitivity runs (:func:`study_battery`) all go through it.

May import: ``analysis.defaults``, ``analysis.parallel``, ``analysis.windows``,
``analysis.study.caar``, ``analysis.study.eventstudy``, ``analysis.study.results``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis import defaults
from analysis.parallel import Scheduler, map_ordered, task_seed
from analysis.study.caar import finish_table
from analysis.study.eventstudy import EventStudy, FitSettings
from analysis.study.results import EventStudyResults
from analysis.windows import parse_window

MARKET_MODELS: tuple[str, ...] = ("market", "market-adjusted")
"""Models that regress on (or subtract) the market: degenerate on the market itself."""


def model_plan(
    tickers: Sequence[str],
    models: str | Sequence[str] | Mapping[str, str | Sequence[str]] | None = None,
    *,
    market: str = defaults.MARKET_TICKER,
    default_models: Mapping[str, Sequence[str]] = defaults.DEFAULT_MODELS,
) -> dict[str, tuple[str, ...]]:
    """Which models each ticker gets: the one rule of every study.

    Parameters
    ----------
    tickers : sequence of str
        Assets of the study, in order.
    models : str, sequence of str, mapping or None
        ``None``: ``default_models[ticker]``; a ticker it does not name gets the
        constant-mean model when it is the market and the constant-mean and market
        models otherwise. A mapping: its models for the tickers it names (others are
        left out). One model or a sequence: those models on every ticker, except that
        the market only gets the models that do not use the market (the constant mean),
        unless nothing else was asked for, so its rows then say why there is no CAR.
    market : str
        Market ticker.
    default_models : mapping
        Ticker -> models when ``models`` is ``None``.

    Returns
    -------
    dict of str to tuple of str
        Ticker -> models, in the order of ``tickers``; tickers without a model are absent.
    """
    plan: dict[str, tuple[str, ...]] = {}
    for ticker in dict.fromkeys(tickers):
        if models is None:
            fallback = ("constant",) if ticker == market else ("constant", "market")
            chosen = tuple(default_models.get(ticker, fallback))
        elif isinstance(models, Mapping):
            if ticker not in models:
                continue
            named = models[ticker]
            chosen = (named,) if isinstance(named, str) else tuple(named)
        else:
            asked = (models,) if isinstance(models, str) else tuple(models)
            chosen = asked
            if ticker == market:
                chosen = tuple(m for m in asked if m not in MARKET_MODELS) or asked
        if chosen:
            plan[ticker] = chosen
    return plan


def needs_market(plan: Mapping[str, Sequence[str]]) -> bool:
    """Whether any model of ``plan`` uses the market return."""
    return any(m in MARKET_MODELS for ms in plan.values() for m in ms)


def fit_plan(study: EventStudy, plan: Mapping[str, Sequence[str]],
             **settings: Any) -> EventStudyResults:
    """Fit every model of ``plan`` (ticker -> models) on its ticker and stack the results.

    ``settings`` go to :meth:`EventStudy.fit` unchanged (windows, estimation, cluster,
    ...), so every (ticker, model) is fitted the same way.
    """
    fits = [study.fit(model=model, tickers=[ticker], **settings)
            for ticker, models in plan.items() for model in models]
    return EventStudyResults.concat(fits)


@dataclass(frozen=True)
class StudyTask:
    """What every (ticker, model) task shares: the estimator and the run's settings."""

    study: EventStudy
    settings: FitSettings
    n_permutations: int
    seed: int


def fit_task(shared: StudyTask, task: tuple[str, str]
             ) -> tuple[EventStudyResults, pd.DataFrame]:
    """Fit one (ticker, model) and run its CAAR battery: the unit of parallel work.

    The permutation draws use :func:`analysis.parallel.task_seed` of the base seed, the
    ticker and the model, so they are the same whichever worker runs the task and
    whatever ran before it.
    """
    ticker, model = task
    fit = shared.study.fit(model, shared.settings, tickers=[ticker])
    caar = fit.caar(by=("category", "direction"), n_permutations=shared.n_permutations,
                    seed=task_seed(shared.seed, ticker, model))
    return fit, caar


def run_study(
    study: EventStudy,
    plan: Mapping[str, Sequence[str]],
    settings: FitSettings,
    *,
    n_permutations: int = 1000,
    seed: int = 0,
    scheduler: Scheduler | None = None,
) -> tuple[EventStudyResults, pd.DataFrame]:
    """Fit every (ticker, model) of ``plan`` and run its CAAR battery by category and
    direction, in parallel when ``scheduler`` says so; the ``study`` command's stage.

    Parameters
    ----------
    study : EventStudy
        The estimator (returns, events, market, flags, calendars).
    plan : mapping
        Ticker -> models, as from :func:`model_plan`.
    settings : FitSettings
        Fit options shared by every (ticker, model).
    n_permutations : int
        Placebo draws of the permutation test.
    seed : int
        Base seed; each (ticker, model) draws from :func:`analysis.parallel.task_seed`.
    scheduler : Scheduler, optional
        Where the tasks run; default in this process.

    Returns
    -------
    (results, caar) : tuple
        The stacked fits and the CAAR table (``q_bh`` and the row order computed once on
        the gathered rows).
    """
    tasks = [(ticker, model) for ticker, models in plan.items() for model in models]
    done = map_ordered(fit_task, tasks, scheduler or Scheduler(),
                       context=StudyTask(study, settings, n_permutations, seed),
                       label="fits")
    results = EventStudyResults.concat([fit for fit, _ in done])
    # Each task's battery covers its (ticker, model); the table-wide columns (the BH
    # q-values across every row, the row order) are finished once on the gathered rows.
    tables = [table for _, table in done if len(table)]
    caar = finish_table(pd.concat(tables, ignore_index=True)) if tables else done[0][1]
    return results, caar


def study_battery(
    returns: pd.DataFrame,
    studies: Mapping[str, tuple[pd.DataFrame, str]],
    *,
    tickers: Sequence[str],
    models: Sequence[str] | Mapping[str, str],
    windows: Sequence[str],
    tests: Sequence[str] = ("csect_t",),
    by: Sequence[str] = (),
    n_permutations: int = 1000,
    **estimator: Any,
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
        Models for every asset, or one model per ticker (:func:`model_plan`).
    windows : sequence of str
        Event windows, e.g. ``["0:0", "-1:1"]``.
    tests : sequence of str
        Tests of :data:`analysis.study.stattests.TESTS` to run besides the primary one
        (``clustered_bmp_t``, always run).
    by : sequence of str
        Event columns to group by besides ``"all"`` (e.g. ``("category", "direction")``).
    n_permutations : int
        Draws of the permutation test, when it is among ``tests``.
    **estimator
        Keyword arguments of :class:`analysis.study.eventstudy.EventStudy` (``flags``,
        ``calendars``, ``market``: default :data:`analysis.defaults.MARKET_TICKER`, a
        column of ``returns``).

    Returns
    -------
    DataFrame
        ``study`` then the columns of :func:`analysis.study.caar.caar_table` (``se`` is
        the standard error of the row's ``caar`` where its test has one).
    """
    parsed = [parse_window(w) for w in windows]
    options = {"market": defaults.MARKET_TICKER, **estimator}
    plan = model_plan(tickers, models, market=options["market"])
    parts = []
    for name, (events, cluster) in studies.items():
        study = EventStudy(returns, events, tickers=list(tickers), **options)
        results = fit_plan(study, plan, windows=parsed, cluster=cluster)
        table = results.caar(by=tuple(by), window=list(windows), tests=list(tests),
                             n_permutations=n_permutations)
        parts.append(table.assign(study=name))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        return out
    lead = ["study", "ticker", "model", "group", "window"]
    return out[lead + [c for c in out.columns if c not in lead]].reset_index(drop=True)
