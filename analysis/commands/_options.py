"""Options shared by several commands."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from analysis import config
from analysis.io import AnalysisError

# Event windows ("-1:1", "-250:-11", "-1:1,0:0") and negative numbers are values.
_NEGATIVE_VALUE = re.compile(r"^-\d+(:-?\d+)?(,-?\d+:-?\d+)*$|^-\d*\.\d+$")


def accept_negative_ranges(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` take values such as ``--window -1:1`` without ``=``.

    argparse treats any argument starting with ``-`` as an option unless it looks like
    a negative number; its (private, but long-stable) matcher is widened to windows.
    """
    parser._negative_number_matcher = _NEGATIVE_VALUE


def comma_list(text: str, option: str, empty: str = "nothing given") -> list[str]:
    """``"a, b,a"`` -> ``["a", "b"]``: order kept, blanks and duplicates dropped.

    Raises
    ------
    AnalysisError
        ``"<option>: <empty>"`` when nothing is left.
    """
    items = list(dict.fromkeys(t.strip() for t in str(text).split(",") if t.strip()))
    if not items:
        raise AnalysisError(f"{option}: {empty}")
    return items


def parse_tickers(text: str) -> list[str]:
    """``"^GSPC, ZS=F"`` -> ``["^GSPC", "ZS=F"]`` (order kept, duplicates dropped)."""
    return comma_list(text, "--tickers", "no ticker given")


MAX_PERMUTATIONS: int = 100_000
"""Most placebo draws a run may ask for (each draw is a pass over every event)."""
MAX_EVENT_WINDOW: int = 250
"""Furthest session from day 0 an event window may reach (a trading year)."""
MAX_ESTIMATION_REACH: int = 2520
"""Furthest session from day 0 an estimation window may reach (ten trading years): a
longer one would silently shrink to the data's start for most events."""


def check_permutations(n: int, name: str = "--permutations") -> int:
    """``n`` within ``0..MAX_PERMUTATIONS``, else an :class:`AnalysisError` naming the bound."""
    if n < 0:
        raise AnalysisError(f"{name} must be 0 or more, not {n}")
    if n > MAX_PERMUTATIONS:
        raise AnalysisError(f"{name} must be at most {MAX_PERMUTATIONS:,}, not {n:,}")
    return n


def check_reach(windows: list[tuple[int, int]], name: str, limit: int) -> None:
    """Every window's bounds within ``-limit..limit`` sessions of day 0."""
    for a, b in windows:
        if max(abs(a), abs(b)) > limit:
            raise AnalysisError(f"{name} {a}:{b} reaches beyond {limit} sessions from day 0 "
                                f"(allowed: -{limit}..{limit})")


# The options several commands take, declared once: the same flag has the same default,
# type and help wherever it appears (the project's artefact paths and study tickers).
SHARED_OPTIONS: dict[str, dict[str, Any]] = {
    "--events": dict(type=Path, default=config.EVENTS_CSV,
                     help="events CSV with event_id (or catalog_id) and date "
                          "(default: %(default)s)"),
    "--tickers": dict(default=",".join(config.STUDY_TICKERS),
                      help="comma-separated tickers (default: %(default)s)"),
    "--market": dict(default=config.MARKET_TICKER,
                     help="market ticker, the regressor of the market models "
                          "(default: %(default)s)"),
    "--returns": dict(choices=("simple", "log"), default="simple",
                      help="simple (close-to-close) or log returns (default: %(default)s)"),
    "--returns-file": dict(type=Path, default=config.RETURNS_CSV,
                           help="interim returns table written by `prices` "
                                "(default: %(default)s)"),
    "--quality-file": dict(type=Path, default=config.QUALITY_CSV,
                           help="data-quality flags, used when present (default: %(default)s)"),
    "--permutations": dict(type=int, default=1000,
                           help="placebo draws of the permutation test (default: %(default)s)"),
    "--catalog": dict(type=Path, default=config.CURATED_CATALOG_CSV,
                      help="curated catalog CSV (default: %(default)s)"),
    "--dating-timeline": dict(type=Path, default=config.DATING_TIMELINE_CSV,
                              help="sourced timeline whose events anchor publication "
                                   "dates; links and the study keep --catalog "
                                   "(default: %(default)s)"),
    "--out": dict(type=Path, default=config.PROCESSED_DIR,
                  help="output folder (default: %(default)s)"),
}
"""Keyword arguments of ``add_argument`` per shared flag (see :func:`add_shared_options`)."""


def add_shared_options(parser: argparse.ArgumentParser, *flags: str) -> None:
    """Add the :data:`SHARED_OPTIONS` named by ``flags`` to ``parser``, in that order."""
    for flag in flags:
        parser.add_argument(flag, **SHARED_OPTIONS[flag])
