"""``python -m analysis events``: articles -> publication dates -> mentions -> events.

Writes ``articles.csv``, ``mentions.csv`` and ``events.csv`` (atomically, stable column
order, sorted rows, so reruns are byte-identical). Unreadable, duplicate or
foreign-language articles are printed one line each and recorded in the ``problem``
column of ``articles.csv``; they never stop the run. The pipeline itself is
:func:`analysis.events.pipeline.build_tables`; this module parses options and writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.commands._options import add_shared_options
from analysis.events.pipeline import ARTICLE_COLUMNS, build_tables
from analysis.io import write_together
from analysis.parallel import add_scheduler_options, scheduler_from_args

__all__ = ["ARTICLE_COLUMNS", "register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``events`` sub-command."""
    parser = subparsers.add_parser(
        "events",
        help="articles -> dated mentions -> merged event catalog (data/processed)",
        description=(
            "Read the articles, date them (metadata, dateline, inference), extract dated "
            "trade-war mentions, merge them into events, apply the analyst overrides, "
            "link to the curated catalog; write articles.csv, mentions.csv, events.csv. "
            "Publication dates are anchored on --dating-timeline."
        ),
    )
    parser.add_argument("--articles", type=Path, default=config.SEEDS_DIR,
                        help="folder of .txt articles (default: %(default)s)")
    add_shared_options(parser, "--out", "--catalog", "--dating-timeline")
    parser.add_argument("--overrides", type=Path, default=config.OVERRIDES_CSV,
                        help="analyst overrides CSV (default: %(default)s)")
    add_scheduler_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the tables and write them to ``--out``."""
    tables = build_tables(Path(args.articles), Path(args.catalog), Path(args.overrides),
                          scheduler_from_args(args), Path(args.dating_timeline))
    for note in tables.notes:
        print(f"warning: {note}", file=sys.stderr)
    out = Path(args.out)
    # The three tables refer to each other: replaced together or not at all.
    write_together({out / config.ARTICLES_CSV.name: tables.articles,
                    out / config.MENTIONS_CSV.name: tables.mentions,
                    out / config.EVENTS_CSV.name: tables.events})
    for r in tables.articles.to_dict("records"):
        if r["published_source"] != "skipped":
            span = (f" [{r['published_earliest']}..{r['published_latest']}]"
                    if r["published_earliest"] != r["published_latest"] else "")
            print(f"{r['article_id']} ({r['language']}): published {r['published'] or '?'}"
                  f" ({r['published_source']}){span}")
    n_dated = int((tables.mentions["date"].astype(str) != "").sum())
    print(f"{len(tables.mentions)} mentions ({n_dated} dated), {len(tables.events)} events "
          f"-> {out}")
    return 0
