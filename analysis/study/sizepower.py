"""What the size/power studies share: the plan, the study on copies, rates and labels.

:mod:`analysis.study.validation` (random samples, step copies of the seed pattern) and
:mod:`analysis.study.seasonal` (season copies) measure rejection rates the same way;
the pieces they both need live here once:

* :func:`study_plan`: the ticker -> models plan a run covers (the study's own, or
  the one given);
* :func:`copies_study`: one :class:`~analysis.study.eventstudy.EventStudy` on copies
  of the seed events, with the market only when a model of the plan needs it;
* :func:`reject_count`: rejections at :data:`ALPHA` and valid p-values;
  :func:`wilson`: the 95 % Wilson interval of such a count;
* :func:`pct` and :func:`statistic_label`: how the markdown tables print a rate and name a
  statistic (the primary one marked).

May import: ``analysis.defaults``, ``analysis.study`` modules below it (battery,
eventstudy, stattests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis import defaults
from analysis.study.battery import model_plan, needs_market
from analysis.study.eventstudy import EventStudy
from analysis.study.stattests import PRIMARY_TEST

ALPHA: float = 0.05
"""Nominal level of every size and power figure."""


def study_plan(returns: pd.DataFrame, models: Mapping[str, Sequence[str]] | None,
               market: str = defaults.MARKET_TICKER,
               default_models: Mapping[str, Sequence[str]] = defaults.DEFAULT_MODELS,
               ) -> dict[str, tuple[str, ...]]:
    """``models`` as a plan, or the study's plan on the tickers of ``returns`` that
    ``default_models`` names (:func:`analysis.study.battery.model_plan`)."""
    if models is not None:
        return model_plan(list(models), models, market=market)
    tickers = [t for t in returns.columns if t in default_models]
    return model_plan(tickers, market=market, default_models=default_models)


def copies_study(returns: pd.DataFrame, copies: pd.DataFrame,
                 plan: Mapping[str, Sequence[str]], *, flags: pd.DataFrame | None,
                 market: str, calendars: Mapping[str, str]) -> EventStudy:
    """The event study of ``copies`` on ``returns`` for the tickers of ``plan`` (the
    ``market`` column only when one of its models needs it)."""
    return EventStudy(returns, copies, market=market if needs_market(plan) else None,
                      flags=flags, tickers=list(plan), calendars=calendars)


def reject_count(p: np.ndarray, alpha: float = ALPHA) -> tuple[int, int]:
    """``(rejections, valid)``: p-values below ``alpha`` and finite p-values."""
    p = np.asarray(p, dtype=float)
    return int((p < alpha).sum()), int(np.isfinite(p).sum())


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95 % Wilson interval of a binomial proportion ``k / n``."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def pct(x: float) -> str:
    """A rate in percent with one decimal; ``""`` for NaN."""
    return "" if not np.isfinite(x) else f"{100 * x:.1f}"


def statistic_label(statistic: str) -> str:
    """The statistic's name in a markdown table, the primary one in bold and marked."""
    return f"**{statistic}** (primary)" if statistic == PRIMARY_TEST else statistic
