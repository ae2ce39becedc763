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
from analysis.io import AnalysisError, read_csv_checked, separator_hint
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
    if "event_id" not in frame.columns and "catalog_id" in frame.columns:
        frame = frame.rename(columns={"catalog_id": "event_id"})
    missing = [c for c in ("event_id", "date") if c not in frame.columns]
    if missing:
        raise AnalysisError(
            f"{path}: missing column(s) {', '.join(missing)}{separator_hint(frame)}")
    if frame.empty:
        raise AnalysisError(f"{path}: no events")
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
    return frame


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
