"""Command-line entry point: ``python -m analysis <command> ...``.

Each sub-command lives in ``analysis/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable
taking the parsed namespace and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import warnings
from collections.abc import Sequence

from analysis.io import AnalysisError

COMMAND_MODULES: tuple[str, ...] = ("prices", "events", "study", "regress", "validate")

# Event windows ("-1:1", "-250:-11", "-1:1,0:0") and negative numbers are values.
_NEGATIVE_VALUE = re.compile(r"^-\d+(:-?\d+)?(,-?\d+:-?\d+)*$|^-\d*\.\d+$")


def accept_negative_ranges(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` take values such as ``--window -1:1`` without ``=``.

    argparse treats any argument starting with ``-`` as an option unless it looks like
    a negative number; its (private, but long-stable) matcher is widened to windows.
    """
    parser._negative_number_matcher = _NEGATIVE_VALUE


def build_parser() -> argparse.ArgumentParser:
    """Collect every sub-command module's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="News-driven event studies of the 2019 US-China trade war.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"analysis.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"analysis.commands.{name}":
                continue  # command not built (yet); the others still work
            raise
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
