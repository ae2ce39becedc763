"""Project constants: paths anchored at the repository root, tickers, study defaults.

Only data *locations* may be overridden from the environment (``MARKET_DATA_DIR``,
``ANALYSIS_DATA_DIR``, ``ANALYSIS_REPORTS_DIR``); every analytical default lives here
so the CLI, the Makefile and the notebooks agree.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[1]

DATA_DIR: Path = Path(os.environ.get("ANALYSIS_DATA_DIR", ROOT / "data")).resolve()
RAW_DIR: Path = DATA_DIR / "raw"
INTERIM_DIR: Path = DATA_DIR / "interim"
PROCESSED_DIR: Path = DATA_DIR / "processed"
EXTERNAL_DIR: Path = DATA_DIR / "external"

SEEDS_DIR: Path = ROOT / "seeds"
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
REPORTS_DIR: Path = Path(os.environ.get("ANALYSIS_REPORTS_DIR", ROOT / "reports")).resolve()
FIGURES_DIR: Path = REPORTS_DIR / "figures"

# yfinance keeps a timezone/cookie cache in the user's home by default; keep it in the project.
YF_CACHE_DIR: Path = DATA_DIR / ".yfinance-cache"

# Artefacts: the CLI, the Makefile and the notebooks meet at these names.
ARTICLES_CSV: Path = PROCESSED_DIR / "articles.csv"
MENTIONS_CSV: Path = PROCESSED_DIR / "mentions.csv"
EVENTS_CSV: Path = PROCESSED_DIR / "events.csv"
CURATED_CATALOG_CSV: Path = EXTERNAL_DIR / "trade_war_catalog.csv"
OVERRIDES_CSV: Path = EXTERNAL_DIR / "events_curated.csv"
RAW_MANIFEST: Path = RAW_DIR / "manifest.json"
PRICES_CSV: Path = INTERIM_DIR / "prices.csv"
RETURNS_CSV: Path = INTERIM_DIR / "returns.csv"
QUALITY_CSV: Path = INTERIM_DIR / "quality.csv"
QUALITY_SUMMARY_CSV: Path = INTERIM_DIR / "quality_summary.csv"
EVENT_STUDY_CSV: Path = PROCESSED_DIR / "event_study.csv"
ABNORMAL_RETURNS_CSV: Path = PROCESSED_DIR / "abnormal_returns.csv"
CAAR_CSV: Path = PROCESSED_DIR / "caar.csv"
REGRESSIONS_CSV: Path = PROCESSED_DIR / "regressions.csv"
# The cross-asset study of the curated catalog writes its three study tables here.
CROSS_ASSET_DIR: Path = PROCESSED_DIR / "crossasset"
CROSS_ASSET_CSV: Path = PROCESSED_DIR / "crossasset_caar.csv"
SOY_CONTRAST_CSV: Path = PROCESSED_DIR / "soybean_contrast.csv"
LITERATURE_CSV: Path = PROCESSED_DIR / "literature.csv"

SHARED_MARKET_DATA: Path = ROOT.parent / "shared" / "market-data"
CORPUS_DIR: Path = ROOT.parent / "shared" / "corpus"
"""The labelled development corpus (``articles/``, ``gold.csv``) next to the repository."""


def market_data_dir() -> Path | None:
    """Offline snapshot folder, or ``None`` when prices must come from yfinance.

    ``MARKET_DATA_DIR`` wins when set (an empty value disables the snapshot);
    otherwise ``../shared/market-data`` is used when that folder exists.
    """
    env = os.environ.get("MARKET_DATA_DIR")
    if env is not None:
        return Path(env).expanduser().resolve() if env.strip() else None
    return SHARED_MARKET_DATA if SHARED_MARKET_DATA.is_dir() else None


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

CATEGORIES: tuple[str, ...] = ("talks", "tariff", "agriculture", "tech", "currency", "other")
DIRECTIONS: tuple[str, ...] = ("escalation", "de-escalation", "neutral")
TIMINGS: tuple[str, ...] = (
    "before_open", "during_session", "after_close", "non_trading_day", "unknown",
)
