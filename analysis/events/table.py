"""The events table: its schema, reading it (:func:`load_events`) and analyst overrides.

:func:`apply_overrides` applies ``data/external/events_curated.csv`` last. May import:
``analysis.defaults``, ``analysis.io``, ``analysis.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import defaults
from analysis.io import AnalysisError, read_csv_checked, require_columns
from analysis.text.mentions import month_range

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "date", "date_precision", "timing", "category", "direction", "status",
    "articles", "evidence", "catalog_id", "date_end", "n_mentions", "override",
    "description", "substance", "catalog_candidates",
)
OVERRIDE_COLUMNS: tuple[str, ...] = (
    "action", "event_id", "date", "timing", "category", "direction", "note",
)
OVERRIDE_ACTIONS: tuple[str, ...] = ("fix_date", "set_timing", "drop", "add")
EVENT_TIMINGS: tuple[str, ...] = tuple(dict.fromkeys((*defaults.TIMINGS, "non_trading_day")))
MAX_EVENTS: int = 100_000
"""Rows an events table may have. News-based event studies have tens to thousands of
events; a million-row file is a mistake (a joined panel, a log) that would run for most of
an hour before saying anything, so it is refused at once."""
EVENT_STATUSES: tuple[str, ...] = ("scheduled", "announced", "occurred")
"""``status`` values (:func:`analysis.text.mentions` tense classes); empty is allowed."""
EVENT_DATE_SPAN: tuple[str, str] = ("1925-01-01", "2035-12-31")
"""Event dates outside this span are refused when the table is read: it lies within the
exchange calendars' span (``analysis.market.calendars.CALENDAR_SPAN``, a test checks), so
no day-0 arithmetic can leave the calendar or overflow (``9999-12-31``)."""
EXCHANGE_TZ: str = "America/New_York"
"""Time zone of the session the timings refer to (the NYSE's; every study ticker is a US
listing). A timestamp with an offset is converted to it before its date is taken."""
SESSION_HOURS: tuple[str, str] = ("09:30", "16:00")
"""Regular session (open, close) in :data:`EXCHANGE_TZ`: a timestamp before the open is
``before_open``, one at or after the close ``after_close`` (day 0 the next session)."""
COARSE_PRECISIONS: tuple[str, ...] = ("month", "quarter", "year")
"""``date_precision`` values with no day: such events are carried but get no day 0."""
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{1,2}$|^[A-Za-z]+\.?\s+\d{4}$")
_YEAR = re.compile(r"^\d{4}$")
_ZONED_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\s*(Z|[+-]\d{2}(:?\d{2})?)$", re.IGNORECASE)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?"
                        r"\s*(Z|[+-]\d{2}(:?\d{2})?)?$", re.IGNORECASE)
# 07/08/2019, 7.8.2019, 07-08-19: day and month order cannot be told apart value by value.
_NUMERIC_DMY = re.compile(r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\s*$")


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Stable row order: date, then id."""
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------
# Overrides


def _valid_date(value: str) -> str | None:
    """``YYYY-MM-DD`` -> day, ``YYYY-MM`` -> month, else ``None``."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return "day"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
            return "month"
    except ValueError:
        return None
    return None


def load_events(path: Path | str) -> pd.DataFrame:
    """Read an events table for the event study or the regressions (strings, ``""`` empty).

    Accepts the extracted catalog (``events.csv``) or the curated one, whose
    ``catalog_id`` stands in for a missing ``event_id``.

    Raises
    ------
    AnalysisError
        On a missing ``event_id``/``date`` column, no rows, an empty or a duplicated id,
        a numeric date without a clear day/month order (``07/08/2019``: dates must be ISO
        ``YYYY-MM-DD``, or spelled out) or an unknown ``timing`` (naming line and event).
    """
    path = Path(path)
    frame = read_csv_checked(path, dtype=str, keep_default_na=False)
    # "event_id , date": a spreadsheet's padding is not part of the column's name.
    frame.columns = [str(c).strip() for c in frame.columns]
    if "event_id" not in frame.columns and "catalog_id" in frame.columns:
        frame = frame.rename(columns={"catalog_id": "event_id"})
    require_columns(frame, ("event_id", "date"), path)
    if frame.empty:
        raise AnalysisError(f"{path}: no events")
    if len(frame) > MAX_EVENTS:
        raise AnalysisError(
            f"{path}: {len(frame):,} events; at most {MAX_EVENTS:,} per run (split the file, "
            "e.g. by year or category, and run the study on each part)")
    if (frame["event_id"].str.strip() == "").any():
        raise AnalysisError(f"{path}: empty event_id")
    dup = frame["event_id"][frame["event_id"].duplicated()]
    if len(dup):
        raise AnalysisError(f"{path}: duplicated event_id {dup.iloc[0]}")
    _refuse_first(frame, frame["date"].str.match(_NUMERIC_DMY), path,
                  lambda r: f"date {r['date']!r} has no unambiguous day/month order; write "
                            "dates as YYYY-MM-DD")
    if "timing" in frame.columns:
        timing = frame["timing"].str.strip().str.lower()
        _refuse_first(frame, ~timing.isin((*EVENT_TIMINGS, "", "nan", "none", "<na>", "nat")),
                      path, lambda r: f"unknown timing {r['timing']!r} (expected one of "
                                      f"{', '.join(EVENT_TIMINGS)} or empty)")
    for col, allowed in (("category", defaults.CATEGORIES), ("direction", defaults.DIRECTIONS),
                         ("status", EVENT_STATUSES)):
        if col in frame.columns:
            _refuse_first(frame, ~frame[col].str.strip().isin((*allowed, "")), path,
                          lambda r, c=col, a=allowed: f"unknown {c} {r[c]!r} (expected one "
                                                      f"of {', '.join(a)} or empty)")
    return exact_dates(frame, path)


def exact_dates(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Make every event date exact or refuse it (naming file, line and event).

    * ``YYYY-MM-DD`` (or a spelled-out day, ``July 18, 2019``) is a day; it must be a
      calendar date inside :data:`EVENT_DATE_SPAN`.
    * ``YYYY-MM``, ``July 2019`` and ``YYYY`` have no day: they are carried with
      ``date_precision`` ``month``/``year`` (filled in when the column is absent or
      empty) and get no day 0, like :data:`COARSE_PRECISIONS` rows; ``date_precision``
      ``day`` on such a date is refused.
    * A timestamp (``2019-08-01T23:30:00-05:00``, ``2019-08-01T14:00Z``; one without an
      offset is exchange time) is converted to :data:`EXCHANGE_TZ`; its local date becomes
      ``date`` and its time the ``timing`` (:data:`SESSION_HOURS`), so news after the
      close moves day 0 to the next session. An explicit ``timing`` that contradicts the
      time is refused.
    * A date with an offset but no time (``2019-08-01Z``) is refused: midnight UTC is the
      previous evening in New York, which is rarely what was meant.

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``date`` (and ``timing``, ``date_precision`` where derived) set.
    """
    frame = frame.copy()
    text = frame["date"].str.strip()
    prec = (frame["date_precision"].str.strip().str.lower() if "date_precision" in frame
            else pd.Series("", index=frame.index))
    timing = (frame["timing"].str.strip().str.lower() if "timing" in frame
              else pd.Series("", index=frame.index))
    dates, timings, precisions = text.copy(), timing.copy(), prec.copy()
    seen: dict[tuple[str, str], tuple[str | None, str, str | None, str | None]] = {}
    for i, value in enumerate(text):
        key = (value, prec.iloc[i])  # a large table repeats a few hundred dates
        if key not in seen:
            seen[key] = _one_date(*key)
        problem, day, when, coarse = seen[key]
        if problem is not None:
            row = frame.iloc[i]
            raise AnalysisError(f"{path}: line {i + 2}: event {row['event_id']}: date "
                                f"{frame['date'].iloc[i]!r} {problem}")
        if coarse is not None and not prec.iloc[i]:
            precisions.iloc[i] = coarse
        if when is not None:
            if timing.iloc[i] not in ("", "unknown", "nan", "none", when):
                row = frame.iloc[i]
                raise AnalysisError(
                    f"{path}: line {i + 2}: event {row['event_id']}: timing "
                    f"{row['timing']!r} contradicts the time of {row['date']!r} ({when} in "
                    f"{EXCHANGE_TZ})")
            dates.iloc[i], timings.iloc[i] = day, when
    changed = (dates != text) | (timings != timing)
    if changed.any():
        frame.loc[changed, "date"] = dates[changed]
        frame["timing"] = timings.where(changed, frame.get("timing", ""))
    if (precisions != prec).any():
        frame["date_precision"] = precisions
    return frame


def _one_date(value: str, precision: str) -> tuple[str | None, str, str | None, str | None]:
    """``(problem, local day, timing, coarse precision)`` of one date text."""
    if value == "":
        return None, value, None, None  # carried: "missing date", no day 0
    if _YEAR.match(value) or _MONTH.match(value):
        coarse = "year" if _YEAR.match(value) else "month"
        if precision == "day":
            return "has no day, though date_precision is 'day'", value, None, None
        return _in_span(value + ("-01-01" if coarse == "year" else "")), value, None, coarse
    if precision in COARSE_PRECISIONS:
        return None, value, None, None
    if _ZONED_DAY.match(value):
        return ("has a time zone but no time of day (write the local date YYYY-MM-DD, or a "
                "full timestamp such as 2019-08-01T14:00Z)"), value, None, None
    if _TIMESTAMP.match(value):
        return _timestamp(value)
    if _DAY.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "is not a calendar date", value, None, None
        return _in_span(value), value, None, None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        ts = pd.NaT
    if pd.isna(ts) or ts.tzinfo is not None or ts != ts.normalize():
        return "is not a date (write YYYY-MM-DD, or an ISO timestamp)", value, None, None
    return _in_span(ts.strftime("%Y-%m-%d")), value, None, None


def _in_span(day: str) -> str | None:
    """A problem when ``day`` (``YYYY...``, or a spelled-out date) is outside the span."""
    lo, hi = EVENT_DATE_SPAN
    if not re.match(r"^\d{4}", day):
        try:
            day = pd.Timestamp(day).strftime("%Y-%m-%d")
        except (ValueError, TypeError, OverflowError):
            return None  # spelled-out month ("July 2019"): carried, no day 0
    return None if lo <= day[:10] <= hi else f"is outside the supported span {lo}..{hi}"


def _timestamp(value: str) -> tuple[str | None, str, str | None, str | None]:
    """A timestamp's local date and timing in :data:`EXCHANGE_TZ`."""
    problem = _in_span(value[:10])
    if problem is not None:
        return problem, value, None, None
    try:
        ts = pd.Timestamp(value.upper().replace(" Z", "Z"))
    except (ValueError, TypeError, OverflowError):
        return "is not a valid timestamp", value, None, None
    local = (ts.tz_convert(EXCHANGE_TZ) if ts.tzinfo is not None
             else ts.tz_localize(EXCHANGE_TZ, ambiguous="NaT", nonexistent="NaT"))
    if pd.isna(local):
        return f"does not exist in {EXCHANGE_TZ} (a daylight-saving change)", value, None, None
    clock = local.strftime("%H:%M")
    opens, closes = SESSION_HOURS
    when = ("before_open" if clock < opens else "after_close" if clock >= closes
            else "during_session")
    return None, local.strftime("%Y-%m-%d"), when, None


def _refuse_first(frame: pd.DataFrame, bad: pd.Series, path: Path,
                  problem: Callable[[pd.Series], str]) -> None:
    """Raise for the first ``bad`` row, naming the file, its line (header = 1) and event."""
    if bad.any():
        i = int(bad.to_numpy().argmax())
        row = frame.iloc[i]
        raise AnalysisError(f"{path}: line {i + 2}: event {row['event_id']}: {problem(row)}")


def load_overrides(path: Path | str) -> pd.DataFrame:
    """Read and validate the analyst overrides file.

    A missing file means no overrides. Every row is checked: a known ``action``; an
    ``event_id``; a valid ``date`` for ``fix_date``/``add``; a known ``timing`` for
    ``set_timing``; ``category``/``direction`` from the project vocabularies for
    ``add``.

    Raises
    ------
    AnalysisError
        Naming the file and the line (header = line 1) of the first bad row.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    df = read_csv_checked(path, required=("action", "event_id"), dtype=str,
                          keep_default_na=False)
    for col in OVERRIDE_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    for line, rec in enumerate(df.to_dict("records"), start=2):
        where = f"{path} line {line}"
        action = rec["action"].strip()
        if action not in OVERRIDE_ACTIONS:
            raise AnalysisError(
                f"{where}: action {action!r} not one of {', '.join(OVERRIDE_ACTIONS)}"
            )
        if not rec["event_id"].strip():
            raise AnalysisError(f"{where}: empty event_id")
        if action in ("fix_date", "add") and _valid_date(rec["date"].strip()) is None:
            raise AnalysisError(f"{where}: date {rec['date']!r} is not YYYY-MM-DD or YYYY-MM")
        if action == "set_timing" and rec["timing"].strip() not in EVENT_TIMINGS:
            raise AnalysisError(
                f"{where}: timing {rec['timing']!r} not one of {', '.join(EVENT_TIMINGS)}"
            )
        if rec["timing"].strip() and rec["timing"].strip() not in EVENT_TIMINGS:
            raise AnalysisError(f"{where}: timing {rec['timing']!r} not known")
        if action == "add" and rec["category"].strip() not in defaults.CATEGORIES:
            raise AnalysisError(f"{where}: category {rec['category']!r} not known")
        if rec["category"].strip() and rec["category"].strip() not in defaults.CATEGORIES:
            raise AnalysisError(f"{where}: category {rec['category']!r} not known")
        if rec["direction"].strip() and rec["direction"].strip() not in defaults.DIRECTIONS:
            raise AnalysisError(f"{where}: direction {rec['direction']!r} not known")
    return df[list(OVERRIDE_COLUMNS)].map(str.strip).reset_index(drop=True)


def apply_overrides(
    events: pd.DataFrame, overrides: pd.DataFrame, source: str = "overrides"
) -> tuple[pd.DataFrame, list[str]]:
    """Apply analyst overrides in file order; record each in the ``override`` column.

    ``fix_date`` sets the date (precision from its form) and keeps the id;
    ``set_timing`` sets the timing; ``drop`` removes the event; ``add`` appends an
    analyst event (``articles`` empty, ``evidence`` ``analyst``). An override naming an
    event that is not there (another article set) is skipped and reported, naming
    ``source`` (the file) and the line.

    Returns
    -------
    events : pandas.DataFrame
        Sorted like :func:`merge_mentions`' output.
    notes : list of str
        One line per skipped override.
    """
    rows = {r["event_id"]: dict(r) for r in events.to_dict("records")}
    order = list(rows)
    notes: list[str] = []

    def record(ev: dict[str, Any], text: str) -> None:
        ev["override"] = f"{ev['override']}; {text}" if ev["override"] else text

    for line, o in enumerate(overrides.to_dict("records"), start=2):
        eid, action = o["event_id"], o["action"]
        tag = f"{action}" + (f" ({o['note']})" if o["note"] else "")
        if action == "add":
            if eid in rows:
                notes.append(f"{source} line {line}: add {eid}: event already exists, skipped")
                continue
            precision = _valid_date(o["date"]) or "day"
            start = dt.date.fromisoformat(o["date"] if precision == "day" else o["date"] + "-01")
            end = start if precision == "day" else month_range(start)[1]
            rows[eid] = {
                "event_id": eid, "date": o["date"], "date_precision": precision,
                "timing": o["timing"] or "unknown", "category": o["category"],
                "direction": o["direction"] or "neutral", "status": "occurred",
                "articles": "", "evidence": "analyst", "catalog_id": "",
                "date_end": end.isoformat(), "n_mentions": 0, "override": tag,
                "description": o["note"], "substance": "", "catalog_candidates": "",
            }
            order.append(eid)
            continue
        if eid not in rows:
            notes.append(f"{source} line {line}: {action} {eid}: no such event, skipped")
            continue
        ev = rows[eid]
        if action == "drop":
            del rows[eid]
            order.remove(eid)
        elif action == "fix_date":
            precision = _valid_date(o["date"]) or "day"
            start = dt.date.fromisoformat(o["date"] if precision == "day" else o["date"] + "-01")
            end = start if precision == "day" else month_range(start)[1]
            ev.update(date=o["date"], date_precision=precision, date_end=end.isoformat())
            if o["timing"]:
                ev["timing"] = o["timing"]
            record(ev, tag)
        elif action == "set_timing":
            ev["timing"] = o["timing"]
            record(ev, tag)
    out = pd.DataFrame([rows[e] for e in order], columns=list(EVENT_COLUMNS))
    return sort_events(out), notes
