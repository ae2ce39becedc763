"""Refresh ``data/external/trade_war_dating_timeline.csv`` from the curated catalog.

Usage::

    .venv/bin/python scripts/build_dating_timeline.py [TIMELINE_CSV] [CATALOG_CSV]

The timeline is the catalog's rows copied unchanged (``origin = curated``) plus the
rows added from public timelines (``origin = added``, each with its source URL). This
script re-copies the catalog's current rows, keeps the ``added`` rows of the existing
timeline, sorts, checks the result (:func:`analysis.events.dating.validate_timeline`
and :func:`analysis.events.catalog.consistency_report`: weekdays and NYSE sessions) and
writes it atomically. To add an event, append a row with ``origin`` ``added`` (any
``catalog_id``; it is remade from date and category) and run the script.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config
from analysis.events.catalog import consistency_report, load_catalog
from analysis.events.dating import merge_timeline, validate_timeline
from analysis.io import AnalysisError, read_csv_checked, write_csv_atomic


def main(argv: list[str]) -> int:
    """Rebuild the timeline at ``argv[0]`` (default: the project's) from the catalog."""
    out = Path(argv[0]) if argv else config.DATING_TIMELINE_CSV
    catalog = load_catalog(Path(argv[1]) if len(argv) > 1 else config.CURATED_CATALOG_CSV)
    old = read_csv_checked(out, ("origin",), dtype=str, keep_default_na=False)
    added = old[old["origin"] == "added"].to_dict("records")
    timeline = validate_timeline(merge_timeline(catalog, added), out)
    issues = consistency_report(timeline)
    if issues:
        raise AnalysisError(f"{out}: {len(issues)} inconsistent row(s): {issues[0]}")
    write_csv_atomic(timeline, out)
    print(f"{len(catalog)} curated + {len(added)} added rows -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
