"""Command-line entry point: ``python -m analysis <command> ...``.

Each sub-command lives in ``analysis/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable
taking the parsed namespace and returning an exit code. May import every stage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from analysis import config
from analysis.commands import compare, evaluate, events, prices, regress, report, study, validate
from analysis.io import LOCK_WAIT_S, AnalysisError, output_lock

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


def describe_os_error(exc: OSError) -> str:
    """``<path>: <reason>`` for an operating-system error (``<reason>`` when it names none).

    >>> describe_os_error(PermissionError(13, "Permission denied", "/x/a.txt"))
    '/x/a.txt: Permission denied'
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return reason
    where = str(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {exc.filename2}"
    return f"{where}: {reason}"


def output_folder(args: argparse.Namespace) -> Path | None:
    """The folder a command writes its group into (``--out``, or its default), if any."""
    out = getattr(args, "out", None)
    if out is None and args.command == "prices":
        return config.INTERIM_DIR
    return None if out is None else Path(out)


def lock_wait() -> float:
    """Seconds to wait for a busy output folder: ``ANALYSIS_LOCK_WAIT_S`` or the default."""
    text = os.environ.get("ANALYSIS_LOCK_WAIT_S", "")
    try:
        return float(text) if text.strip() else LOCK_WAIT_S
    except ValueError:
        raise AnalysisError(f"ANALYSIS_LOCK_WAIT_S={text!r} is not a number of seconds") from None


def run_locked(args: argparse.Namespace) -> int:
    """Run the command holding its output folder's lock (one run per folder at a time)."""
    folder = output_folder(args)
    guard = (output_lock(folder, wait=lock_wait(),
                         on_wait=lambda msg: print(f"note: {msg}", file=sys.stderr))
             if folder is not None else contextlib.nullcontext())
    with guard:
        return int(args.func(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command: the CLI's one error boundary.

    User errors (:class:`AnalysisError`) and operating-system errors (unreadable input,
    read-only or full output folder, EIO) become one ``error:`` line naming the file and
    exit code 2; Ctrl-C becomes ``error: interrupted`` and exit code 130. Writes are
    atomic (:mod:`analysis.io`), so a failure leaves the previous outputs as they were.
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        # Library warnings are shown one line each, never with a traceback.
        warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
        return run_locked(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
