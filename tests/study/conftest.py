"""Fixtures of the study tests: the one synthetic-returns generator."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from analysis.market import calendars

ReturnsFactory = Callable[..., pd.DataFrame]


def make_returns(
    n_days: int = 700,
    seed: int = 7,
    start: str = "2015-01-05",
    *,
    assets: dict[str, tuple[float, float, float]] | None = None,
    market: str = "MKT",
    market_mean: float = 0.0003,
    calendar: str | None = "NYSE",
) -> pd.DataFrame:
    """Market-model returns: ``market`` ~ N(market_mean, 1 %), asset = alpha + beta m + e.

    ``assets`` maps a column to ``(alpha, beta, sd of e)``; the market is drawn first,
    then each asset's noise in order. The index is the ``calendar``'s sessions from
    ``start`` (every row a session) or business days when ``calendar`` is None.
    """
    assets = {"A": (0.0001, 1.3, 0.012), "B": (-0.0002, 0.4, 0.02)} if assets is None else assets
    rng = np.random.default_rng(seed)
    if calendar is None:
        dates = pd.bdate_range(start, periods=n_days)
    else:
        dates = calendars.sessions(calendar, start, "2030-12-31")[:n_days]
    m = rng.normal(market_mean, 0.01, n_days)
    cols = {market: m}
    for name, (alpha, beta, sd) in assets.items():
        cols[name] = alpha + beta * m + rng.normal(0, sd, n_days)
    return pd.DataFrame(cols, index=pd.DatetimeIndex(dates, name="date"))


@pytest.fixture
def synthetic() -> ReturnsFactory:
    """The generator :func:`make_returns` (call it with the arguments a test needs)."""
    return make_returns
