"""``python -m analysis regress``: event-dummy regressions -> data/processed/regressions.csv."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.commands._options import (
    MAX_EVENT_WINDOW,
    accept_negative_ranges,
    add_shared_options,
    check_reach,
    comma_list,
)
from analysis.events.table import load_events
from analysis.io import AnalysisError, require_columns, write_csv_atomic
from analysis.market import prices
from analysis.study.regressbattery import RegressionPlan, regression_battery
from analysis.study.regressions import COV_TYPES, DEFAULT_GROUP_BY, DUMMY_TYPES
from analysis.windows import parse_window


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``regress`` sub-command."""
    parser = subparsers.add_parser(
        "regress",
        help="event-dummy regressions -> data/processed/regressions.csv",
        description=(
            "Regress each asset's returns on the market (dropped when the asset is the "
            "market: constant mean) and event dummies per event day, per event window or "
            "per category/direction group; add Wald tests that talks and tariff news (and "
            "escalation and de-escalation) have equal effects. Writes regressions.csv."
        ),
    )
    add_shared_options(parser, "--events", "--returns-file", "--returns", "--tickers",
                       "--market")
    parser.add_argument("--dummies", default=",".join(DUMMY_TYPES),
                        help="day, window and/or category, comma-separated (default: %(default)s)")
    parser.add_argument("--window", default=None,
                        help="event window a:b for window/category dummies "
                             "(default: -1:1 for window, 0:0 for category)")
    parser.add_argument("--group-by", default=",".join(DEFAULT_GROUP_BY),
                        help="event columns defining category dummies (default: %(default)s)")
    parser.add_argument("--cov", default="nonrobust", choices=COV_TYPES,
                        help="coefficient covariance (default: %(default)s; robust/HAC are "
                             "refused on single-session dummies)")
    parser.add_argument("--hac-lags", type=int, default=None,
                        help="Newey-West lags for --cov HAC (default: 4(n/100)^(2/9))")
    parser.add_argument("--sample", default=None,
                        help="regression sample start:end, e.g. 2018-01-01:2020-12-31 "
                             "(default: every session in the returns)")
    add_shared_options(parser, "--out")
    accept_negative_ranges(parser)
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------------------
# Argument parsing
# --------------------------------------------------------------------------------------
def parse_sample(text: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """``"2018-01-01:2020-12-31"`` -> two timestamps (either side may be empty)."""
    if text is None:
        return None
    parts = str(text).split(":")
    if len(parts) != 2:
        raise AnalysisError(
            f"--sample: expected start:end like 2018-01-01:2020-12-31, not {text!r}")
    out = []
    for part in parts:
        if not part.strip():
            out.append(None)
            continue
        try:
            out.append(pd.Timestamp(pd.to_datetime(part.strip(), format="%Y-%m-%d")))
        except (ValueError, TypeError):
            raise AnalysisError(f"--sample: not a date: {part!r}") from None
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        raise AnalysisError(f"--sample {text}: start after end")
    return out[0], out[1]


def _read_events(path: Path, group_by: tuple[str, ...]) -> pd.DataFrame:
    """The events file as the regressions read it, with the ``group_by`` columns."""
    # Empty cells are missing values for the regressions; a precomputed day0 column
    # would bypass the calendar mapping.
    events = load_events(path).replace({"": np.nan})
    events = events.drop(columns=[c for c in ("day0",) if c in events.columns])
    require_columns(events, group_by, path, need="category dummies")
    return events


def run(args: argparse.Namespace) -> int:
    """Entry point of ``python -m analysis regress``."""
    tickers = comma_list(args.tickers, "--tickers")
    dummies = comma_list(args.dummies, "--dummies")
    unknown = [d for d in dummies if d not in DUMMY_TYPES]
    if unknown:
        raise AnalysisError(
            f"--dummies: unknown type(s) {', '.join(unknown)}; use {', '.join(DUMMY_TYPES)}")
    window = None if args.window is None else parse_window(args.window, "--window")
    if window is not None:
        check_reach([window], "--window", MAX_EVENT_WINDOW)
    group_by = tuple(comma_list(args.group_by, "--group-by"))
    sample = parse_sample(args.sample)
    if args.hac_lags is not None and args.hac_lags < 0:
        raise AnalysisError("--hac-lags must be >= 0")
    if args.hac_lags is not None and args.cov != "HAC":
        raise AnalysisError(f"--hac-lags applies to --cov HAC only (got --cov {args.cov})")
    events = _read_events(args.events, group_by if "category" in dummies else ())
    returns = prices.read_returns(args.returns_file, kind=args.returns)
    plan = RegressionPlan(dummies=tuple(dummies), window=window, group_by=group_by,
                          cov_type=args.cov, hac_lags=args.hac_lags, sample=sample)
    table, fitted = regression_battery(returns, events, tickers, args.market, plan)
    out = Path(args.out) / config.REGRESSIONS_CSV.name
    write_csv_atomic(table, out)
    for res in fitted:
        n_ex = len(res.notes)
        print(f"{res.ticker:>6} {res.spec:<45} nobs={res.nobs} dummies={len(res.terms)}"
              + (f" notes={n_ex}" if n_ex else ""))
    print(f"wrote {out} ({len(table)} rows)")
    return 0
