"""The project's curated 2018-2020 US-China trade-war catalog: build, load, validate, link.

The catalog (``analysis.config.CURATED_CATALOG_CSV``, committed) is built by
``scripts/build_catalog.py`` from ``../shared/reference/trade_war_timeline_2018_2020.csv``.
It keeps the reference's facts (date, timing, timing note, category, direction,
confirmation flag, sources) and replaces its notes with short descriptions written for
this project, plus the span of multi-day talks (``span_start``..``span_end``).

Provenance note: this machine is offline, so the rows were **not** re-fetched from their
sources. They were checked for internal consistency only (:func:`consistency_report`):
the date against its weekday and the NYSE session calendar (``non_trading_day`` rows
must fall on a day without a session, timed rows on a session day), weekday names in
the timing note against the date, the category/direction/timing/confirmation
vocabularies, and duplicate ids or (date, category) pairs.

Columns
-------
catalog_id
    ``TW-<date>-<category>`` (a ``-2``, ``-3`` suffix if a date carries two rows of one
    category); unique and stable.
date, span_start, span_end
    ISO days; ``span_start <= date <= span_end`` (equal to ``date`` for one-day events).
timing
    ``before_open``, ``during_session``, ``after_close``, ``non_trading_day`` or ``unknown``
    relative to the US cash session.
timing_note, category, direction, confirmation, description, sources
    As described above; ``sources`` is a space-separated list of URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis import defaults
from analysis.io import AnalysisError, read_csv_checked, require_columns
from analysis.text.mentions import substance_keys

CATALOG_COLUMNS: tuple[str, ...] = (
    "catalog_id",
    "date",
    "span_start",
    "span_end",
    "timing",
    "timing_note",
    "category",
    "direction",
    "confirmation",
    "description",
    "sources",
)
# The reference adds "non_trading_day" (weekend or exchange holiday) to defaults.TIMINGS.
CATALOG_TIMINGS: tuple[str, ...] = (*defaults.TIMINGS, "non_trading_day")
CONFIRMATIONS: tuple[str, ...] = ("CONFIRMED", "PARTIAL")
REFERENCE_COLUMNS: tuple[str, ...] = (
    "date",
    "timing",
    "timing_note",
    "category",
    "direction",
    "confirmation",
    "sources",
)
_ID_RE = re.compile(r"^TW-\d{4}-\d{2}-\d{2}-[a-z]+(-\d+)?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def make_catalog_id(date: str, category: str) -> str:
    """Stable id of a catalog row, e.g. ``TW-2019-05-05-tariff``."""
    return f"TW-{date}-{category}"


def build_catalog(
    reference: pd.DataFrame,
    descriptions: Mapping[tuple[str, str], str],
    spans: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Turn the reference timeline into the catalog table.

    Parameters
    ----------
    reference
        The reference rows (all columns as strings); needs ``REFERENCE_COLUMNS``.
    descriptions
        ``(date, category) -> description`` in the project's own words; every
        reference row must have one.
    spans
        ``(date, category) -> (span_start, span_end)`` for multi-day events.

    Returns
    -------
    pandas.DataFrame
        ``CATALOG_COLUMNS``, sorted by date then id.
    """
    spans = spans or {}
    require_columns(reference, REFERENCE_COLUMNS, "reference timeline")
    rows = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(reference.to_dict("records"), start=2):
        date = str(rec["date"]).strip()
        category = str(rec["category"]).strip()
        key = (date, category)
        if key not in descriptions:
            raise AnalysisError(f"reference timeline line {i}: no description for {key}")
        base = make_catalog_id(date, category)
        seen[base] = seen.get(base, 0) + 1
        cid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        start, end = spans.get(key, (date, date))
        rows.append(
            {
                "catalog_id": cid,
                "date": date,
                "span_start": start,
                "span_end": end,
                "timing": str(rec["timing"]).strip(),
                "timing_note": str(rec["timing_note"]).strip(),
                "category": category,
                "direction": str(rec["direction"]).strip(),
                "confirmation": str(rec["confirmation"]).strip(),
                "description": descriptions[key].strip(),
                "sources": " ".join(str(rec["sources"]).split()),
            }
        )
    out = pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))
    return out.sort_values(["date", "catalog_id"], kind="stable").reset_index(drop=True)


def _valid_day(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        pd.Timestamp(value)
    except ValueError:
        return False
    return True


def validate_catalog(df: pd.DataFrame, path: Path | str) -> pd.DataFrame:
    """Check the catalog's schema and vocabularies.

    Raises
    ------
    AnalysisError
        Naming ``path`` and the offending CSV line (header = line 1) and field.
    """
    require_columns(df, CATALOG_COLUMNS, path)
    vocab = {
        "timing": CATALOG_TIMINGS,
        "category": defaults.CATEGORIES,
        "direction": defaults.DIRECTIONS,
        "confirmation": CONFIRMATIONS,
    }
    ids: set[str] = set()
    for line, rec in enumerate(df.to_dict("records"), start=2):
        where = f"{path} line {line}"
        cid = str(rec["catalog_id"])
        if not _ID_RE.match(cid):
            raise AnalysisError(f"{where}: bad catalog_id {cid!r}")
        if cid in ids:
            raise AnalysisError(f"{where}: duplicate catalog_id {cid!r}")
        ids.add(cid)
        for col in ("date", "span_start", "span_end"):
            if not _valid_day(str(rec[col])):
                raise AnalysisError(f"{where}: {col} {rec[col]!r} is not a valid YYYY-MM-DD day")
        if not str(rec["span_start"]) <= str(rec["date"]) <= str(rec["span_end"]):
            raise AnalysisError(f"{where}: date {rec['date']} outside its span")
        for col, allowed in vocab.items():
            if str(rec[col]) not in allowed:
                raise AnalysisError(
                    f"{where}: {col} {rec[col]!r} not one of {', '.join(allowed)}"
                )
        if not str(rec["description"]).strip():
            raise AnalysisError(f"{where}: empty description")
        if not str(rec["sources"]).strip():
            raise AnalysisError(f"{where}: no sources")
        if not cid.startswith(make_catalog_id(str(rec["date"]), str(rec["category"]))):
            raise AnalysisError(f"{where}: catalog_id {cid!r} does not match date/category")
    return df


def load_catalog(path: Path | str) -> pd.DataFrame:
    """Read and validate the curated catalog (all columns as strings)."""
    df = read_csv_checked(Path(path), dtype=str, keep_default_na=False)
    df = validate_catalog(df, path)
    return df[list(CATALOG_COLUMNS)].reset_index(drop=True)


def consistency_report(df: pd.DataFrame, sessions: Iterable[str] | None = None) -> list[str]:
    """List internal inconsistencies of catalog rows (empty list = all consistent).

    Checks: ``non_trading_day`` rows fall on a day without an NYSE session and timed rows
    (``before_open``/``during_session``/``after_close``) on a session day; a weekday named
    in the timing note matches the date's weekday (when the note names any full weekday);
    no duplicate (date, category) pairs.

    Parameters
    ----------
    df
        The catalog.
    sessions
        NYSE session days (ISO strings); by default from ``pandas_market_calendars``.
    """
    if sessions is None:
        import pandas_market_calendars as mcal

        cal = mcal.get_calendar("NYSE")
        days = cal.valid_days(df["date"].min(), df["date"].max())
        sessions = {d.strftime("%Y-%m-%d") for d in days}
    session_set = set(sessions)
    issues = []
    for rec in df.to_dict("records"):
        cid, date, timing = rec["catalog_id"], rec["date"], rec["timing"]
        is_session = date in session_set
        if timing == "non_trading_day" and is_session:
            issues.append(f"{cid}: timing non_trading_day but {date} is an NYSE session")
        if timing in ("before_open", "during_session", "after_close") and not is_session:
            issues.append(f"{cid}: timing {timing} but {date} has no NYSE session")
        named = [w for w in _WEEKDAYS if re.search(rf"\b{w}\b", str(rec["timing_note"]).lower())]
        weekday = _WEEKDAYS[pd.Timestamp(date).day_of_week]
        if named and weekday not in named:
            issues.append(f"{cid}: timing note names {', '.join(named)} but {date} is a {weekday}")
    dup = df.duplicated(["date", "category"], keep=False)
    issues.extend(f"{cid}: duplicate (date, category)" for cid in df.loc[dup, "catalog_id"])
    return issues


def _overlaps(a0: str, a1: str, b0: str, b1: str) -> bool:
    return a0 <= b1 and b0 <= a1


def link_events(
    events: pd.DataFrame, catalog: pd.DataFrame, keys_of: Mapping[str, frozenset[str]] | None = None
) -> pd.DataFrame:
    """Attach ``catalog_id`` (and ``catalog_candidates``) to extracted events.

    An event matches a catalog row of the same category when its date range
    (``date``..``date_end``; a day, a week or a month) overlaps the row's span. A
    day-level event must fall inside the span (exact day, or e.g. 07-30 inside the
    Shanghai round 07-30..31). When several rows match, those sharing a substance key
    with the event (``substance`` column, e.g. ``g20``, ``shanghai``) are preferred.
    ``catalog_id`` is set only when exactly one row remains; the others are listed in
    ``catalog_candidates``.

    Parameters
    ----------
    events
        Needs ``date``, ``date_end``, ``category`` and ``substance`` (space-separated keys).
    catalog
        The curated catalog.
    keys_of
        ``catalog_id -> substance keys``; computed from the descriptions by default.
    """
    if keys_of is None:
        keys_of = {
            r["catalog_id"]: substance_keys(r["description"], "en")
            for r in catalog.to_dict("records")
        }
    cat_records = catalog.to_dict("records")
    ids, cands = [], []
    for ev in events.to_dict("records"):
        date, end = str(ev.get("date") or ""), str(ev.get("date_end") or ev.get("date") or "")
        if not date:
            ids.append("")
            cands.append("")
            continue
        keys = frozenset(str(ev.get("substance") or "").split())
        match = [
            r["catalog_id"]
            for r in cat_records
            if r["category"] == ev["category"]
            and _overlaps(date, end, r["span_start"], r["span_end"])
        ]
        if len(match) > 1 and keys:
            narrowed = [m for m in match if keys & keys_of.get(m, frozenset())]
            match = narrowed or match
        ids.append(match[0] if len(match) == 1 else "")
        cands.append(";".join(sorted(match)) if len(match) > 1 else "")
    out = events.copy()
    out["catalog_id"] = ids
    out["catalog_candidates"] = cands
    return out
