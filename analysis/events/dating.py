"""The dating timeline: a broader, sourced list of trade-war events used only as anchors
for publication-date inference.

The curated catalog (:mod:`analysis.events.catalog`, 55 rows from
``../shared/reference``) stays the event study's catalog and the target of event links.
News about the same trade war reports many more dated events than those 55 rows (talks
rounds, phone calls, purchases, licences, WTO filings, currency reports); an article
that shares only such events with the catalog cannot be dated from it. The dating
timeline (``analysis.config.DATING_TIMELINE_CSV``, committed) is the catalog's rows
copied unchanged (``origin = curated``) plus rows added from public trade-war timelines
and news reports (``origin = added``), each with the public URL it was taken from.
Rows were chosen from the sources (notable dated events), never from what a corpus
article needs; see ``data/external/README.md`` for provenance and refresh.

Columns
-------
The catalog's :data:`analysis.events.catalog.CATALOG_COLUMNS`, with the same meaning and
vocabulary, plus

source
    The public URL the row was taken from (the first of ``sources``).
origin
    ``curated`` (a catalog row, identical to it) or ``added``.

May import: ``analysis.events.catalog``, ``analysis.io``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis.events.catalog import (
    CATALOG_COLUMNS,
    make_catalog_id,
    validate_catalog,
)
from analysis.io import AnalysisError, read_csv_checked

TIMELINE_COLUMNS: tuple[str, ...] = (*CATALOG_COLUMNS, "source", "origin")
ORIGINS: tuple[str, ...] = ("curated", "added")
_URL_RE = re.compile(r"^https?://\S+$")


def _check_row(rec: Mapping[str, str], where: str, seen: dict[tuple[str, str], str]) -> None:
    """The timeline's own rules for one row (the catalog's are checked before)."""
    source = str(rec["source"]).strip()
    if not _URL_RE.match(source):
        raise AnalysisError(f"{where}: source {source!r} is not an http(s) URL")
    urls = str(rec["sources"]).split()
    if source not in urls:
        raise AnalysisError(f"{where}: source {source!r} is not one of its sources")
    bad = [u for u in urls if not _URL_RE.match(u)]
    if bad:
        raise AnalysisError(f"{where}: sources entry {bad[0]!r} is not an http(s) URL")
    if str(rec["origin"]) not in ORIGINS:
        raise AnalysisError(
            f"{where}: origin {rec['origin']!r} not one of {', '.join(ORIGINS)}")
    # One row per day and category: a second row of the same kind on the same day adds
    # nothing to dating (anchors match by day and category) and hides which one a
    # mention fits.
    key = (str(rec["date"]), str(rec["category"]))
    if key in seen:
        raise AnalysisError(f"{where}: a second {key[1]} row on {key[0]} "
                            f"(first: {seen[key]})")
    seen[key] = str(rec["catalog_id"])


def validate_timeline(df: pd.DataFrame, path: Path | str) -> pd.DataFrame:
    """Check the timeline's schema: the catalog's columns and vocabularies
    (:func:`analysis.events.catalog.validate_catalog`), then ``source``, ``origin`` and
    one row per (date, category).

    Raises
    ------
    AnalysisError
        One line naming ``path``, the CSV line (header = line 1) and the problem.
    """
    missing = [c for c in TIMELINE_COLUMNS if c not in df.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    if df.empty:
        raise AnalysisError(f"{path}: no rows")
    validate_catalog(df, path)
    seen: dict[tuple[str, str], str] = {}
    for line, rec in enumerate(df.to_dict("records"), start=2):
        _check_row(rec, f"{path} line {line}", seen)
    return df


def load_dating_timeline(path: Path | str) -> pd.DataFrame:
    """Read and validate the dating timeline (all columns as strings, file order).

    The frame has the catalog's columns, so
    :func:`analysis.text.pubdates.inference.anchors_from_catalog` turns it into anchors.
    """
    df = read_csv_checked(Path(path), dtype=str, keep_default_na=False)
    df = validate_timeline(df, path)
    return df[list(TIMELINE_COLUMNS)].reset_index(drop=True)


def curated_mismatches(timeline: pd.DataFrame, catalog: pd.DataFrame) -> list[str]:
    """How the timeline's ``curated`` rows differ from the catalog (empty: identical).

    Each catalog row must appear once, unchanged in every catalog column, and no
    ``curated`` row may be missing from the catalog.
    """
    cols = list(CATALOG_COLUMNS)
    mine = {r["catalog_id"]: r for r in
            timeline[timeline["origin"] == "curated"][cols].to_dict("records")}
    theirs = {r["catalog_id"]: r for r in catalog[cols].to_dict("records")}
    out = [f"{cid}: catalog row missing from the timeline" for cid in theirs
           if cid not in mine]
    out += [f"{cid}: curated row not in the catalog" for cid in mine if cid not in theirs]
    for cid in sorted(set(mine) & set(theirs)):
        diff = [c for c in cols if str(mine[cid][c]) != str(theirs[cid][c])]
        if diff:
            out.append(f"{cid}: differs from the catalog in {', '.join(diff)}")
    return out


def merge_timeline(catalog: pd.DataFrame, added: Iterable[Mapping[str, str]]) -> pd.DataFrame:
    """The timeline: every catalog row (``origin = curated``, ``source`` = its first
    URL) and the ``added`` rows, sorted by date then id.

    ``added`` rows need every catalog column but ``catalog_id`` (made from date and
    category, with the catalog's ``-2`` suffix rule) and may leave ``span_start`` /
    ``span_end`` empty (a one-day event); their ``source`` is their first URL.
    """
    rows = [{**r, "source": str(r["sources"]).split()[0], "origin": "curated"}
            for r in catalog[list(CATALOG_COLUMNS)].to_dict("records")]
    taken = {r["catalog_id"] for r in rows}
    for rec in added:
        date, category = str(rec["date"]), str(rec["category"])
        base, n = make_catalog_id(date, category), 1
        cid = base
        while cid in taken:
            n += 1
            cid = f"{base}-{n}"
        taken.add(cid)
        urls = " ".join(str(rec["sources"]).split())
        rows.append({
            **{c: str(rec.get(c, "")).strip() for c in CATALOG_COLUMNS},
            "catalog_id": cid, "sources": urls,
            "span_start": str(rec.get("span_start") or date),
            "span_end": str(rec.get("span_end") or date),
            "source": urls.split()[0] if urls else "", "origin": "added",
        })
    out = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    return out.sort_values(["date", "catalog_id"], kind="stable").reset_index(drop=True)


def load_dating_anchor_table(timeline_path: Path | str | None,
                             catalog: pd.DataFrame) -> pd.DataFrame:
    """The table publication dates are anchored on: the timeline at ``timeline_path``,
    or ``catalog`` itself when no path is given (the stage's behaviour before the
    timeline existed)."""
    if timeline_path is None:
        return catalog
    return load_dating_timeline(timeline_path)


__all__ = [
    "ORIGINS", "TIMELINE_COLUMNS", "curated_mismatches", "load_dating_anchor_table",
    "load_dating_timeline", "merge_timeline", "validate_timeline",
]
