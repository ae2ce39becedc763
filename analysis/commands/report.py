"""``python -m analysis report notebook|index``: execute notebooks headless, build the index."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from analysis.io import AnalysisError
from analysis.report.index import write_index
from analysis.report.notebooks import CELL_TIMEOUT_S, execute_notebook


def _parse_parameter(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise AnalysisError(f"parameter {text!r}: expected NAME=VALUE")
    name, value = text.split("=", 1)
    try:
        parsed: Any = json.loads(value)
    except json.JSONDecodeError:
        parsed = value  # bare strings need no quotes on the command line
    return name.strip(), parsed


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report`` with its ``notebook`` and ``index`` actions."""
    parser = subparsers.add_parser(
        "report",
        help="execute notebooks headless into reports/ and build reports/index.html",
        description="Execute the notebooks headless into reports/ and build reports/index.html.",
    )
    sub = parser.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    nb = sub.add_parser("notebook", help="execute notebook(s) into REPORTS_DIR (.ipynb + .html)")
    nb.add_argument("notebooks", nargs="+", type=Path, help="notebooks/NN-x.ipynb")
    nb.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                    help="override a parameter (VALUE parsed as JSON when it can be)")
    nb.add_argument("--kernel", default=None, help="Jupyter kernel (default: analysis, python3)")
    nb.add_argument("--timeout", type=int, default=CELL_TIMEOUT_S, help="per-cell limit (s)")
    sub.add_parser("index", help="write REPORTS_DIR/index.html linking notebooks and figures")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Execute the notebooks or write the index."""
    if args.report_command == "notebook":
        params = dict(_parse_parameter(p) for p in args.parameter)
        for path in args.notebooks:
            ipynb, page = execute_notebook(path, parameters=params, kernel=args.kernel,
                                           timeout=args.timeout)
            print(f"wrote {ipynb} and {page}")
    else:
        print(f"wrote {write_index()}")
    return 0
