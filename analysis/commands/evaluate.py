"""``python -m analysis evaluate``: run the events stage on a labelled corpus and score it.

Prints the four measures of issue 8 with the value each needs, then the breakdown per
language and per category; writes ``evaluation.csv`` (the misses), ``summary.csv``,
``by_language.csv`` and ``by_category.csv`` to ``--out`` (atomically). Exit code 0
whatever the scores: the command measures, the test suite decides.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.commands._options import add_shared_options
from analysis.events.evaluate import (
    ablation_table,
    evaluate_folder,
    evaluate_folds,
    format_folds,
    format_summary,
)
from analysis.io import write_csv_atomic

RULES = """\
scoring rules (issue 8):
  published   right when the stage gives a day within published_tolerance_days of the
              gold day (month-only or unknown answers are wrong; a gold YYYY-MM accepts
              any day of that month; an empty gold date accepts only 'unknown')
  core_found  a core gold row (core=1) is found when one of its own article's dated
              mentions has the gold category and a date range wholly inside
              event_date +- event_tolerance_days
  direction   among found core events: the matching mentions' majority of escalation
              and de-escalation (neutral mentions do not vote; a tie or no vote is
              neutral) equals the gold direction; needed >= 80%
  wrong_year  mentions dated by a day written without its year that land more than 183
              days from the gold publication date (unless a gold event of the article
              lies within 7 days of it: an old date the text quotes); needed 0
  needed      30/33 and 36/42 of issue 8, as shares of the gold file's counts (rounded up)

folds (--folds K):
  each article goes to fold sha256(article_id) mod K (deterministic, stable when the
  corpus grows). Nothing is fitted in this rule-based stage, so a fold is not a test
  half: each fold is dated, resolved and scored ALONE (only its own articles and the
  catalog, no cross-document anchors from the other folds), as a new batch of news
  would be. The table gives each fold's counts, then per measure the pooled share,
  mean, min, max and standard deviation of the fold shares (percent).

ablation (--ablate):
  lists every lexicon entry, direction stem and relative-date phrase that fires in
  exactly one article of --articles: likely written for that article (overfit).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` sub-command."""
    parser = subparsers.add_parser(
        "evaluate",
        help="score the events stage against a labelled corpus (gold.csv)",
        description="Run the events stage on --articles and score it against --gold.",
        epilog=RULES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=Path, required=True,
                        help="folder of .txt articles")
    parser.add_argument("--gold", type=Path, required=True,
                        help="gold events CSV in the corpus format")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for evaluation.csv and the breakdowns (default: none)")
    add_shared_options(parser, "--catalog", "--dating-timeline")
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="also score K folds of articles, each alone (see below)")
    parser.add_argument("--ablate", action="store_true",
                        help="list the entries that fire in only one article")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run, score, print, write."""
    ev = evaluate_folder(Path(args.articles), Path(args.gold), Path(args.catalog),
                         Path(args.dating_timeline))
    print(format_summary(ev))
    print()
    print(ev.by_language.to_string(index=False))
    print()
    print(ev.by_category.to_string(index=False))
    if args.out is not None:
        out = Path(args.out)
        write_csv_atomic(ev.misses, out / "evaluation.csv")
        write_csv_atomic(ev.summary, out / "summary.csv")
        write_csv_atomic(ev.by_language, out / "by_language.csv")
        write_csv_atomic(ev.by_category, out / "by_category.csv")
        print(f"{len(ev.misses)} misses -> {out / 'evaluation.csv'}")
    if args.folds:
        report = evaluate_folds(Path(args.articles), Path(args.gold), Path(args.catalog),
                                args.folds, Path(args.dating_timeline))
        print()
        print(f"folds ({args.folds}, each scored alone):")
        print(format_folds(report))
        if args.out is not None:
            write_csv_atomic(report.per_fold, Path(args.out) / "folds.csv")
            write_csv_atomic(report.spread, Path(args.out) / "folds_spread.csv")
    if args.ablate:
        single = ablation_table(Path(args.articles))
        print()
        print(f"entries firing in only one article ({len(single)}):")
        print(single.to_string(index=False) if len(single) else "none")
        if args.out is not None:
            write_csv_atomic(single, Path(args.out) / "ablation.csv")
    return 0
