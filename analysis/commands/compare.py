"""``python -m analysis compare``: the project's figures beside the press and the literature.

Writes ``literature.csv`` (every published figure of
:data:`analysis.report.published.CLAIMS` with the project's own figure and whether they
agree) and, when the cross-asset study of the curated catalog has been run into
``--study-dir``, ``crossasset_caar.csv`` (escalation vs de-escalation CAAR per asset) and
``soybean_contrast.csv`` (soybeans minus corn and wheat). All atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.events.catalog import load_catalog
from analysis.io import AnalysisError, read_csv_checked, write_csv_atomic
from analysis.report import literature
from analysis.study import crossasset

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
    parser.add_argument("--catalog", type=Path, default=config.CURATED_CATALOG_CSV,
                        help="curated catalog (default: %(default)s)")
    parser.add_argument("--study-dir", type=Path, default=config.CROSS_ASSET_DIR,
                        help="folder of the cross-asset study's caar.csv and event_study.csv "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, default=config.PROCESSED_DIR,
                        help="output folder (default: %(default)s)")
    parser.set_defaults(func=run)


def cross_asset_tables(study_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Direction CAARs and the soybean-contrast summary, or ``None`` without a study."""
    caar_path = Path(study_dir) / config.CAAR_CSV.name
    car_path = Path(study_dir) / config.EVENT_STUDY_CSV.name
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
    model = config.CROSS_ASSET_MODELS[target]
    per_event = crossasset.soybean_contrast(cars, target=target, model=model,
                                            controls=config.CONTROL_TICKERS)
    contrast = crossasset.contrast_summary(per_event, target=target, model=model,
                                           controls=config.CONTROL_TICKERS)
    return directions, contrast


def run(args: argparse.Namespace) -> int:
    """Compute the tables, then write them."""
    closes = literature.read_closes(args.prices_file)
    catalog = load_catalog(args.catalog)
    table = literature.compare(closes, catalog)
    cross = cross_asset_tables(args.study_dir)
    out = Path(args.out)
    write_csv_atomic(table, out / config.LITERATURE_CSV.name)
    agree = int(table["agrees"].sum())
    print(f"compare: {agree} of {len(table)} published figures agree; wrote "
          f"{config.LITERATURE_CSV.name} to {out}")
    if cross is None:
        print(f"compare: no cross-asset study in {args.study_dir}; run "
              + STUDY_COMMAND.format(dir=args.study_dir) + " for the cross-asset tables")
        return 0
    directions, contrast = cross
    write_csv_atomic(directions, out / config.CROSS_ASSET_CSV.name)
    write_csv_atomic(contrast, out / config.SOY_CONTRAST_CSV.name)
    print(f"compare: wrote {config.CROSS_ASSET_CSV.name} ({len(directions)} rows) and "
          f"{config.SOY_CONTRAST_CSV.name} ({len(contrast)} rows) to {out}")
    return 0
