"""Command-line entry point: ``python -m analysis <command> ...``.

Each sub-command lives in ``analysis/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable
taking the parsed namespace and returning an exit code. May import every stage.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from analysis.commands import compare, evaluate, events, prices, regress, report, study, validate
from analysis.io import AnalysisError

COMMANDS = (prices, events, evaluate, study, regress, validate, report, compare)


def build_parser() -> argparse.ArgumentParser:
    """Collect every sub-command module's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="News-driven event studies of the 2019 US-China trade war.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors become a one-line message and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Library warnings are shown one line each, never with a traceback.
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
    try:
        return int(args.func(args) or 0)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
