"""Project configuration, read at the edge (commands, notebooks): paths anchored at the
repository root, the data locations the environment may override (``MARKET_DATA_DIR``,
``ANALYSIS_DATA_DIR``, ``ANALYSIS_REPORTS_DIR``), and every literal default of
:mod:`analysis.defaults` re-exported, so the CLI, the Makefile and the notebooks agree.

Stage modules never import this module (``tests/test_architecture.py`` checks it): they
take explicit arguments whose defaults come from :mod:`analysis.defaults`.
"""

from __future__ import annotations

import os
from pathlib import Path

# Every literal default is re-exported: the edge reads config.X for all of them.
from analysis.defaults import *  # noqa: F403

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
# The broader, sourced timeline that anchors publication dates only (the study and the
# event links stay on the curated catalog).
DATING_TIMELINE_CSV: Path = EXTERNAL_DIR / "trade_war_dating_timeline.csv"
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
SOY_SPREAD_EVENTS_CSV: Path = PROCESSED_DIR / "soybean_spread_events.csv"
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


def price_source() -> Path | None:
    """Folder :func:`analysis.market.prices.load_prices` reads at the edge.

    The offline snapshot (:func:`market_data_dir`) when there is one, else the raw cache
    :data:`RAW_DIR` when it holds a manifest, else ``None`` (no market data on disk).
    """
    snapshot = market_data_dir()
    if snapshot is not None:
        return snapshot
    return RAW_DIR if (RAW_DIR / "manifest.json").is_file() else None
