"""``python -m analysis study``: event study of the events on the study tickers.

Writes ``event_study.csv``, ``abnormal_returns.csv`` and ``caar.csv`` (atomically) to
``data/processed`` or ``--out``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.commands._options import accept_negative_ranges
from analysis.events.table import load_events
from analysis.io import AnalysisError, read_csv_checked, write_csv_atomic
from analysis.market import prices
from analysis.parallel import add_scheduler_options, map_ordered, scheduler_from_args, task_seed
from analysis.study.eventstudy import MODELS, EventStudy
from analysis.study.results import EventStudyResults
from analysis.windows import format_window, parse_window

EVENT_STUDY_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "window", "day0", "car", "car_se", "t_stat", "p_value",
    "n_est", "flags", "scar", "reason", "cluster_id", "category", "direction",
)
ABNORMAL_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "rel_day", "date", "ret", "expected", "ar",
)


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
    parser.add_argument("--events", type=Path, default=config.EVENTS_CSV,
                        help="CSV with event_id (or catalog_id) and date (default: %(default)s)")
    parser.add_argument("--tickers", default=",".join(config.STUDY_TICKERS),
                        help="comma-separated tickers (default: %(default)s)")
    parser.add_argument("--model", choices=[m for m in MODELS if m != "factor"], default=None,
                        help="one model for every ticker (default: config.DEFAULT_MODELS)")
    parser.add_argument("--market", default=config.MARKET_TICKER,
                        help="market ticker for the market models (default: %(default)s)")
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
    parser.add_argument("--returns", choices=("simple", "log"), default="simple",
                        help="return definition (default: %(default)s)")
    parser.add_argument("--returns-file", type=Path, default=config.RETURNS_CSV,
                        help="interim returns table (default: %(default)s)")
    parser.add_argument("--quality-file", type=Path, default=config.QUALITY_CSV,
                        help="data-quality flags, used when present (default: %(default)s)")
    parser.add_argument("--permutations", type=int, default=1000,
                        help="placebo draws of the permutation test (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0,
                        help="base permutation seed; each (ticker, model) draws from a seed "
                             "derived from it (default: 0)")
    parser.add_argument("--out", type=Path, default=config.PROCESSED_DIR,
                        help="output folder (default: %(default)s)")
    add_scheduler_options(parser)
    accept_negative_ranges(parser)
    parser.set_defaults(func=run)


def parse_windows(text: str) -> list[tuple[int, int]]:
    """``"-1:1,0:0"`` -> ``[(-1, 1), (0, 0)]`` (duplicates dropped)."""
    items = [t for t in (s.strip() for s in str(text).split(",")) if t]
    if not items:
        raise AnalysisError("--windows: no window given")
    return list(dict.fromkeys(parse_window(t, "--windows value") for t in items))


def parse_tickers(text: str) -> list[str]:
    """``"^GSPC, ZS=F"`` -> ``["^GSPC", "ZS=F"]``."""
    tickers = list(dict.fromkeys(t.strip() for t in str(text).split(",") if t.strip()))
    if not tickers:
        raise AnalysisError("--tickers: no ticker given")
    return tickers


def read_flags(path: Path) -> pd.DataFrame | None:
    """Data-quality flags (``date, ticker, stale, thin, roll``) or ``None`` when absent."""
    if not Path(path).is_file():
        return None
    frame = read_csv_checked(path, required=("date", "ticker"), dtype={"ticker": str},
                             keep_default_na=False, na_values=[""])
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    for col in ("stale", "thin", "roll"):
        if col in frame.columns:
            frame[col] = frame[col].astype(str).str.lower().isin(("true", "1"))
    return frame[frame["date"].notna()].reset_index(drop=True)


def models_for(ticker: str, model: str | None, market: str) -> tuple[str, ...]:
    """Models fitted for ``ticker``: ``--model`` or ``config.DEFAULT_MODELS``."""
    if model is not None:
        return (model,)
    if ticker in config.DEFAULT_MODELS:
        return config.DEFAULT_MODELS[ticker]
    return ("constant",) if ticker == market else ("constant", "market")


def run_study(args: argparse.Namespace) -> tuple[EventStudyResults, pd.DataFrame]:
    """Fit every (ticker, model) and run the battery; no file is written here."""
    estimation = parse_window(args.estimation, "--estimation")
    windows = parse_windows(args.windows)
    tickers = parse_tickers(args.tickers)
    if args.min_estimation < 2:
        raise AnalysisError("--min-estimation must be at least 2")
    events = load_events(args.events)
    returns = prices.read_returns(args.returns_file, kind=args.returns)
    unknown = [t for t in tickers if t not in returns.columns]
    if unknown:
        raise AnalysisError(
            f"unknown ticker {', '.join(unknown)}: {args.returns_file} has "
            f"{', '.join(map(str, returns.columns))}"
        )
    plan = {t: models_for(t, args.model, args.market) for t in tickers}
    needs_market = any(m in ("market", "market-adjusted") for ms in plan.values() for m in ms)
    if needs_market and args.market not in returns.columns:
        raise AnalysisError(f"--market {args.market}: not in {args.returns_file}")
    flags = read_flags(args.quality_file)
    study = EventStudy(returns, events, market=args.market if needs_market else None,
                       flags=flags, tickers=tickers)
    settings = dict(
        estimation=estimation, windows=windows, exclude_event_days=args.exclude_event_days,
        min_estimation=args.min_estimation, cluster=args.cluster,
        drop_flagged=args.drop_flagged,
    )
    tasks = [(ticker, model) for ticker, models in plan.items() for model in models]
    done = map_ordered(fit_task, tasks, scheduler_from_args(args),
                       context=StudyTask(study, settings, args.permutations, args.seed),
                       label="fits")
    results = EventStudyResults.concat([fit for fit, _ in done])
    # Each task's battery is sorted within its (ticker, model); a stable sort on those two
    # keys gives the table one caar_table call over every fit would.
    tables = [table for _, table in done if len(table)]
    caar = pd.concat(tables, ignore_index=True) if tables else done[0][1]
    caar = caar.sort_values(["ticker", "model"], kind="stable").reset_index(drop=True)
    return results, caar


@dataclass(frozen=True)
class StudyTask:
    """What every (ticker, model) task shares: the estimator and the run's settings."""

    study: EventStudy
    settings: dict[str, Any]
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
    fit = shared.study.fit(model=model, tickers=[ticker], **shared.settings)
    caar = fit.caar(by=("category", "direction"), n_permutations=shared.n_permutations,
                    seed=task_seed(shared.seed, ticker, model))
    return fit, caar


def _window_key(s: pd.Series) -> pd.Series:
    return s.map(lambda w: tuple(int(x) for x in str(w).split(":")))


def tidy_outputs(results: EventStudyResults) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stable column order, ISO dates and sorted rows for the two event tables."""
    car = results.car.copy()
    car["day0"] = pd.to_datetime(car["day0"]).dt.strftime("%Y-%m-%d")
    car = car.sort_values(["ticker", "model", "event_id", "window"], kind="stable",
                          key=lambda s: _window_key(s) if s.name == "window" else s)
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
    write_csv_atomic(car, out / config.EVENT_STUDY_CSV.name)
    write_csv_atomic(ar, out / config.ABNORMAL_RETURNS_CSV.name)
    write_csv_atomic(caar, out / config.CAAR_CSV.name)
    n_events = car["event_id"].nunique()
    no_car = car.loc[car["car"].isna(), "event_id"].nunique()
    print(f"study: {n_events} events x {car['ticker'].nunique()} tickers -> {len(car)} CAR rows "
          f"({no_car} events lack a CAR in some window, see 'reason'); wrote "
          f"{config.EVENT_STUDY_CSV.name}, {config.ABNORMAL_RETURNS_CSV.name}, "
          f"{config.CAAR_CSV.name} to {out}")
    return 0
