"""``python -m analysis study``: event study of the events on the study tickers.

Writes ``event_study.csv``, ``abnormal_returns.csv`` and ``caar.csv`` (atomically) to
``data/processed`` or ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.commands._options import (
    MAX_ESTIMATION_REACH,
    MAX_EVENT_WINDOW,
    accept_negative_ranges,
    add_shared_options,
    check_permutations,
    check_reach,
    parse_tickers,
)
from analysis.events.table import load_events
from analysis.io import AnalysisError, write_together
from analysis.market import prices, quality
from analysis.parallel import add_scheduler_options, scheduler_from_args
from analysis.study import battery
from analysis.study.battery import model_plan, needs_market
from analysis.study.eventstudy import MODELS, EventStudy, FitSettings
from analysis.study.results import AR_COLUMNS as ABNORMAL_COLUMNS
from analysis.study.results import EVENT_STUDY_COLUMNS, EventStudyResults
from analysis.study.stattests import PRIMARY_TEST
from analysis.windows import format_window, parse_window, parse_windows, window_sort_key


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``study`` sub-command."""
    parser = subparsers.add_parser(
        "study",
        help="event study: abnormal returns, CARs and the CAAR test battery",
        description=(
            "Map every event to day 0 on each ticker's calendar, fit the normal-return "
            "model(s) on the estimation window and write event_study.csv, "
            "abnormal_returns.csv and caar.csv."
        ),
    )
    add_shared_options(parser, "--events", "--tickers")
    parser.add_argument("--model", choices=[m for m in MODELS if m != "factor"], default=None,
                        help="one model for every ticker (default: config.DEFAULT_MODELS)")
    add_shared_options(parser, "--market")
    parser.add_argument("--estimation", default=format_window(config.ESTIMATION_WINDOW),
                        help="estimation window in sessions, a:b (default: %(default)s)")
    parser.add_argument("--windows",
                        default=",".join(format_window(w) for w in config.EVENT_WINDOWS),
                        help="event windows a:b, comma-separated (default: %(default)s)")
    parser.add_argument("--min-estimation", type=int, default=config.MIN_ESTIMATION,
                        help="minimum usable estimation sessions (default: %(default)s)")
    parser.add_argument("--exclude-event-days", action="store_true",
                        help="drop every event's window sessions from estimation windows")
    parser.add_argument("--cluster", choices=("flag", "pool"), default="flag",
                        help="overlapping events: flag them or pool each cluster (default: flag)")
    parser.add_argument("--drop-flagged", action="store_true",
                        help="drop stale/thin/roll sessions (data-quality flags)")
    parser.add_argument("--keep-roll-days", action="store_true",
                        help="keep futures roll sessions in the estimation and event windows "
                             "(default: left out of both)")
    add_shared_options(parser, "--returns", "--returns-file", "--quality-file", "--permutations")
    parser.add_argument("--seed", type=int, default=0,
                        help="base permutation seed; each (ticker, model) draws from a seed "
                             "derived from it (default: 0)")
    add_shared_options(parser, "--out")
    add_scheduler_options(parser)
    accept_negative_ranges(parser)
    parser.set_defaults(func=run)


def run_study(args: argparse.Namespace) -> tuple[EventStudyResults, pd.DataFrame]:
    """Check the options, read the inputs and run the stage; no file is written here."""
    estimation = parse_window(args.estimation, "--estimation")
    windows = parse_windows(args.windows)
    tickers = parse_tickers(args.tickers)
    if args.min_estimation < 2:
        raise AnalysisError("--min-estimation must be at least 2")
    check_permutations(args.permutations)
    check_reach([estimation], "--estimation", MAX_ESTIMATION_REACH)
    check_reach(windows, "--windows", MAX_EVENT_WINDOW)
    events = load_events(args.events)
    returns = prices.read_returns(args.returns_file, kind=args.returns)
    prices.require_tickers(tickers, returns.columns, args.returns_file)
    plan = model_plan(tickers, args.model, market=args.market,
                      default_models=config.DEFAULT_MODELS)
    market = needs_market(plan)
    if market and args.market not in returns.columns:
        raise AnalysisError(f"--market {args.market}: not in {args.returns_file}")
    study = EventStudy(returns, events, market=args.market if market else None,
                       flags=quality.read_flags(args.quality_file), tickers=tickers,
                       calendars=config.TICKER_CALENDAR)
    settings = FitSettings(
        estimation=estimation, windows=tuple(windows),
        exclude_event_days=args.exclude_event_days, min_estimation=args.min_estimation,
        cluster=args.cluster, drop_flagged=args.drop_flagged,
        keep_roll_days=args.keep_roll_days,
    )
    return battery.run_study(study, plan, settings, n_permutations=args.permutations,
                             seed=args.seed, scheduler=scheduler_from_args(args))


def tidy_outputs(results: EventStudyResults) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stable column order, ISO dates and sorted rows for the two event tables."""
    car = results.car.copy()
    car["day0"] = pd.to_datetime(car["day0"]).dt.strftime("%Y-%m-%d")
    car = car.sort_values(["ticker", "model", "event_id", "window"], kind="stable",
                          key=lambda s: s.map(window_sort_key) if s.name == "window" else s)
    car = car.loc[:, list(EVENT_STUDY_COLUMNS)].reset_index(drop=True)
    ar = results.ar.copy()
    ar["date"] = pd.to_datetime(ar["date"]).dt.strftime("%Y-%m-%d")
    ar = ar.sort_values(["ticker", "model", "event_id", "rel_day"], kind="stable")
    return car, ar.loc[:, list(ABNORMAL_COLUMNS)].reset_index(drop=True)


def run(args: argparse.Namespace) -> int:
    """Run the study and write the three tables."""
    results, caar = run_study(args)
    car, ar = tidy_outputs(results)
    out = Path(args.out)
    write_together({out / config.EVENT_STUDY_CSV.name: car,
                    out / config.ABNORMAL_RETURNS_CSV.name: ar,
                    out / config.CAAR_CSV.name: caar})
    confirmatory = "; ".join(f"{t} {m} {g} [{w}]" for t, (m, g, w) in config.CONFIRMATORY.items())
    n_events = car["event_id"].nunique()
    no_car = car.loc[car["car"].isna(), "event_id"].nunique()
    rolls: dict[str, tuple[int, int]] = {}
    for s in results.settings:
        key = ",".join(s["tickers"])
        old = rolls.get(key, (0, 0))
        rolls[key] = (max(old[0], int(s["roll_days_left_out"])),
                      max(old[1], int(s.get("roll_days_in_event_windows", 0))))
    roll_note = ("roll sessions kept in estimation and event windows (--keep-roll-days)"
                 if args.keep_roll_days else
                 "roll sessions left out of estimation and event windows: "
                 + (", ".join(f"{t} {n} ({k} inside event windows)"
                              for t, (n, k) in rolls.items() if n) or "none flagged"))
    bad = quality.implausible_counts(quality.read_flags(args.quality_file),
                                     parse_tickers(args.tickers))
    bad_note = ("spike/level_shift sessions excluded (no return): "
                + (", ".join(f"{t} {n}" for t, n in bad.items() if n) or "none flagged"))
    if len(car) and car["car"].isna().all():
        reasons = car["reason"].astype(str).value_counts()
        print(f"warning: no event has a CAR in any window (most often: {reasons.index[0]})",
              file=sys.stderr)
        gaps = "no event has a CAR in any window, see 'reason'"
    else:
        gaps = f"{no_car} events lack a CAR in some window, see 'reason'"
    print(f"study: {n_events} events x {car['ticker'].nunique()} tickers -> {len(car)} CAR rows "
          f"({gaps}); wrote "
          f"{config.EVENT_STUDY_CSV.name}, {config.ABNORMAL_RETURNS_CSV.name}, "
          f"{config.CAAR_CSV.name} to {out}; {roll_note}; {bad_note}; primary test: "
          f"{PRIMARY_TEST} (column 'primary'); confirmatory cells: {confirmatory} "
          "(column 'confirmatory', read alone; the rest Holm-adjusted)")
    return 0
