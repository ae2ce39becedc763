"""``python -m analysis compare``: the project's figures beside the press and the literature.

Writes ``literature.csv`` (every published figure of
:data:`analysis.report.published.CLAIMS` with the project's own figure and the verdict:
agrees, disagrees or not comparable) and, when the cross-asset study of the curated
catalog has been run into ``--study-dir``, ``crossasset_caar.csv`` (escalation vs
de-escalation CAAR per asset),
``soybean_contrast.csv`` (soybeans minus corn and wheat: the spread studied as an asset
with the primary test, the per-event t beside it as a naive column) and
``soybean_spread_events.csv`` (the spread's CAR per event). All together, atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.commands._options import add_shared_options
from analysis.events.catalog import load_catalog
from analysis.io import AnalysisError, read_csv_checked, write_csv_atomic, write_together
from analysis.market import prices, quality
from analysis.report import literature
from analysis.study import crossasset
from analysis.study.eventstudy import FitSettings
from analysis.study.stattests import PRIMARY_TEST

STUDY_COMMAND = (
    "python -m analysis study --events data/external/trade_war_catalog.csv "
    f"--tickers {','.join(config.CROSS_ASSET_TICKERS)} --out {{dir}}"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``compare`` sub-command."""
    parser = subparsers.add_parser(
        "compare",
        help="published figures vs the project's; cross-asset CAARs and soybean contrast",
        description=(
            "Recompute published press and literature figures from the project's prices "
            "and curated catalog (literature.csv) and summarise the cross-asset study "
            "(crossasset_caar.csv, soybean_contrast.csv)."
        ),
    )
    parser.add_argument("--prices-file", type=Path, default=config.PRICES_CSV,
                        help="interim prices table (default: %(default)s)")
    add_shared_options(parser, "--catalog")
    parser.add_argument("--study-dir", type=Path, default=config.CROSS_ASSET_DIR,
                        help="folder of the cross-asset study's caar.csv and event_study.csv "
                             "(default: %(default)s)")
    # The soybean spread reads the returns and flags, and tests as the study does.
    add_shared_options(parser, "--returns-file", "--quality-file", "--permutations", "--out")
    parser.set_defaults(func=run)


def cross_asset_tables(args: argparse.Namespace
                       ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    """Direction CAARs, the soybean-contrast summary and the spread's per-event CARs, or
    ``None`` without a cross-asset study in ``args.study_dir``."""
    study_dir = Path(args.study_dir)
    caar_path = study_dir / config.CAAR_CSV.name
    car_path = study_dir / config.EVENT_STUDY_CSV.name
    if not caar_path.is_file() and not car_path.is_file():
        return None
    caar = read_csv_checked(caar_path, dtype={"ticker": str, "window": str})
    cars = read_csv_checked(car_path, dtype={"ticker": str, "window": str, "event_id": str},
                            keep_default_na=False, na_values=[""])
    missing = [t for t in config.CROSS_ASSET_TICKERS if t not in set(cars["ticker"])]
    if missing:
        raise AnalysisError(f"{car_path}: no CARs for {', '.join(missing)}; run "
                            + STUDY_COMMAND.format(dir=study_dir))
    directions = crossasset.direction_caar(caar, models=config.CROSS_ASSET_MODELS)
    target = "ZS=F"
    legs = (target, *config.CONTROL_TICKERS)
    # The spread is studied as the study command studies an asset, with its defaults.
    settings = FitSettings(estimation=config.ESTIMATION_WINDOW,
                           windows=tuple(config.EVENT_WINDOWS),
                           min_estimation=config.MIN_ESTIMATION)
    fit, spread_caar = crossasset.spread_study(
        prices.read_returns(args.returns_file), load_catalog(args.catalog), settings,
        flags=quality.read_flags(args.quality_file), legs=legs,
        calendars=config.TICKER_CALENDAR, n_permutations=args.permutations)
    naive_model = config.CROSS_ASSET_MODELS[target]
    naive = crossasset.soybean_contrast(cars, target=target, model=naive_model,
                                        controls=config.CONTROL_TICKERS)
    contrast = crossasset.contrast_summary(spread_caar, naive, naive_model=naive_model)
    return directions, contrast, crossasset.spread_events(fit)


def run(args: argparse.Namespace) -> int:
    """Compute the tables, then write them."""
    closes = literature.read_closes(args.prices_file)
    catalog = load_catalog(args.catalog)
    if args.permutations < 0:
        raise AnalysisError("--permutations must be >= 0")
    table = literature.compare(closes, catalog)
    cross = cross_asset_tables(args)
    out = Path(args.out)
    write_csv_atomic(table, out / config.LITERATURE_CSV.name)
    counts = table["verdict"].value_counts()
    verdicts = ", ".join(f"{v} {int(counts.get(v, 0))}" for v in literature.VERDICTS)
    print(f"compare: {len(table)} published figures: {verdicts}; wrote "
          f"{config.LITERATURE_CSV.name} to {out}")
    if cross is None:
        print(f"compare: no cross-asset study in {args.study_dir}; run "
              + STUDY_COMMAND.format(dir=args.study_dir) + " for the cross-asset tables")
        return 0
    directions, contrast, spread = cross
    write_together({out / config.CROSS_ASSET_CSV.name: directions,
                    out / config.SOY_CONTRAST_CSV.name: contrast,
                    out / config.SOY_SPREAD_EVENTS_CSV.name: spread})
    print(f"compare: wrote {config.CROSS_ASSET_CSV.name} ({len(directions)} rows), "
          f"{config.SOY_CONTRAST_CSV.name} ({len(contrast)} rows: {crossasset.SPREAD_TICKER} "
          f"as an asset, {crossasset.SPREAD_MODEL} mean, primary test {PRIMARY_TEST}; naive "
          f"per-event t beside it) and {config.SOY_SPREAD_EVENTS_CSV.name} to {out}")
    return 0
