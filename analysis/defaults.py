"""Literal defaults of the analysis: tickers, exchange calendars, spans, event-study
conventions and the event vocabularies. No path, no environment, no import.

This is the one place stage modules (``analysis.text``, ``analysis.events``,
``analysis.market``, ``analysis.study``) may take a default from: they import
``analysis.defaults`` for argument defaults and vocabularies, never ``analysis.config``
(paths anchored at the repository root and the environment, read only by the commands
and the notebooks). ``analysis.config`` re-exports every name here, so the edge reads
``config.ESTIMATION_WINDOW`` and a library user reads the same value in the signature,
e.g. ``EventStudy.fit(estimation=(-250, -11))``. ``tests/test_architecture.py`` enforces
both rules.
"""

from __future__ import annotations

__all__ = [
    "CATEGORIES",
    "CONFIRMATORY",
    "CONTROL_TICKERS",
    "CROSS_ASSET_MODELS",
    "CROSS_ASSET_TICKERS",
    "DEFAULT_MODELS",
    "DEFAULT_TICKERS",
    "DIRECTIONS",
    "ESTIMATION_WINDOW",
    "EVENT_WINDOWS",
    "KNOWN_TICKERS",
    "MARKET_TICKER",
    "MIN_ESTIMATION",
    "PRICE_END",
    "PRICE_START",
    "PRICE_TICKERS",
    "STUDY_TICKERS",
    "TICKER_CALENDAR",
    "TIMINGS",
    "VALIDATION_END",
    "VALIDATION_START",
]

# Tickers ------------------------------------------------------------------------------
MARKET_TICKER: str = "^GSPC"
STUDY_TICKERS: tuple[str, ...] = ("^GSPC", "ZS=F")
CONTROL_TICKERS: tuple[str, ...] = ("ZC=F", "ZW=F")
DEFAULT_TICKERS: tuple[str, ...] = STUDY_TICKERS + CONTROL_TICKERS
# The cross-asset study (issue 12): equity index and its trackers, the crops, a
# safe haven (T-note, gold), the dollar and oil. ``prices`` loads all of them by default
# so ``study --tickers`` can name any of them; the two-asset study is unaffected.
CROSS_ASSET_TICKERS: tuple[str, ...] = (
    "^GSPC", "SPY", "ES=F", "ZS=F", "ZC=F", "ZW=F", "ZN=F", "GC=F", "DX=F", "CL=F",
)
PRICE_TICKERS: tuple[str, ...] = tuple(dict.fromkeys(DEFAULT_TICKERS + CROSS_ASSET_TICKERS))
KNOWN_TICKERS: tuple[str, ...] = (
    "^GSPC", "SPY", "ES=F", "ZS=F", "ZC=F", "ZW=F", "DX=F", "ZN=F", "GC=F", "CL=F",
)

# Ticker -> pandas_market_calendars calendar name.
TICKER_CALENDAR: dict[str, str] = {
    "^GSPC": "NYSE",
    "SPY": "NYSE",
    "ES=F": "CME_Equity",
    "ZS=F": "CME_Agriculture",
    "ZC=F": "CME_Agriculture",
    "ZW=F": "CME_Agriculture",
    "ZN=F": "CME_Bond",
    "DX=F": "ICE",
    "GC=F": "CMEGlobex_Gold",
    "CL=F": "CMEGlobex_Energy",
}

# Spans ---------------------------------------------------------------------------------
# Prices start well before 2018 so events in early 2018 still get a 250-session
# estimation window.
PRICE_START: str = "2016-06-01"
PRICE_END: str = "2020-12-31"
VALIDATION_START: str = "2000-01-01"
VALIDATION_END: str = "2019-12-31"

# Event-study defaults (MacKinlay 1997 conventions) -------------------------------------
ESTIMATION_WINDOW: tuple[int, int] = (-250, -11)
EVENT_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5))
MIN_ESTIMATION: int = 120
# ^GSPC is the market itself, so it gets the constant-mean model; other assets are also
# reported under the market model on ^GSPC.
DEFAULT_MODELS: dict[str, tuple[str, ...]] = {
    "^GSPC": ("constant",),
    "ZS=F": ("constant", "market"),
    "ZC=F": ("constant", "market"),
    "ZW=F": ("constant", "market"),
    "SPY": ("constant",),
    "ES=F": ("constant",),
    "ZN=F": ("constant", "market"),
    "GC=F": ("constant", "market"),
    "DX=F": ("constant", "market"),
    "CL=F": ("constant", "market"),
}
# The one model per asset the cross-asset comparison reads: constant mean for the S&P 500
# and its two trackers (a market model on ^GSPC would leave them almost no abnormal
# return to measure), the market model on ^GSPC for everything else.
CROSS_ASSET_MODELS: dict[str, str] = {
    t: ("constant" if t in ("^GSPC", "SPY", "ES=F") else "market") for t in CROSS_ASSET_TICKERS
}

# Multiplicity (issue 20): the one confirmatory cell per question (ticker), fixed before
# any cell's result was read: (model, group, window) of its primary test. The group is
# the seed corpus's own news, the resumed US-China talks of July 2019 (de-escalation; a
# signed question, where "all" would average it with escalation). It was first set to
# escalation and moved on the group sizes of the seed study alone (1 escalation event,
# no test possible; 12 de-escalation events on 9 event-days), before any p-value of a
# cell was looked at. 0:1 is day 0 (the first session the news could reach) and the
# next, for news that spreads overnight, without the pre-event session; the model is the
# one each asset is read with (as in CROSS_ASSET_MODELS). Every other cell is
# exploratory and Holm-adjusted.
CONFIRMATORY: dict[str, tuple[str, str, str]] = {
    "^GSPC": ("constant", "direction=de-escalation", "0:1"),
    "ZS=F": ("market", "direction=de-escalation", "0:1"),
}

CATEGORIES: tuple[str, ...] = ("talks", "tariff", "agriculture", "tech", "currency", "other")
DIRECTIONS: tuple[str, ...] = ("escalation", "de-escalation", "neutral")
TIMINGS: tuple[str, ...] = (
    "before_open", "during_session", "after_close", "non_trading_day", "unknown",
)
