"""Merging dated mentions across articles into events with stable ids.

Mentions fall in one event when they share category, date and precision. Ids are
deterministic from that content: ``EV-2019-07-18-talks``, ``EV-2019-06-talks`` (month),
``EV-2019-W31-talks`` (ISO week), ``EV-2019-07-20-to-07-21-talks`` (another range).
May import: ``analysis.text``, ``analysis.events.table``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis import defaults
from analysis.events.table import EVENT_COLUMNS, sort_events


def _week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _event_base_id(date: str, date_end: str, precision: str, category: str) -> str:
    """``EV-<date>-<category>``: a day, ``YYYY-MM``, ``YYYY``, an ISO week
    (``2019-W31``) for a Monday-Sunday week, else ``<start>-to-<MM-DD end>``."""
    if precision == "week":
        start, end = dt.date.fromisoformat(date), dt.date.fromisoformat(date_end)
        if start.weekday() == 0 and (end - start).days == 6:
            label = _week_label(start)
        else:
            label = f"{date}-to-{date_end[5:]}"
    elif precision in ("day", "month", "year"):
        label = date
    else:
        label = f"{date}-to-{date_end}"
    return f"EV-{label}-{category}"


def _vote(values: Sequence[str], order: Sequence[str], default: str) -> str:
    """The most frequent of ``order`` in ``values`` (a tie or no vote: ``default``).
    ``default`` itself does not vote: a mention with no signal ("neutral") does not
    outweigh one that has one."""
    counts = {v: values.count(v) for v in order if v != default}
    best = max(counts.values()) if counts else 0
    if best == 0:
        return default
    top = [v for v in order if counts.get(v) == best]
    return top[0] if len(top) == 1 else default


def merge_mentions(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge dated mentions across articles into events.

    Mentions fall in one event when they share category, date (the day, the ISO week or
    other week range, the month or the year) and precision: on the seeds one category
    on one day is one piece of news, and it is the unit the event study uses. The
    union of the mentions' substance keys is kept in ``substance``. A month-level
    mention ("late June", "in June") never joins a day event: it stays month-level.

    Returns
    -------
    events : pandas.DataFrame
        ``EVENT_COLUMNS``, sorted by date then id; ``timing`` ``unknown``, no catalog link
        yet.
    mentions : pandas.DataFrame
        The input with ``event_id`` filled for dated mentions.
    """
    mentions = mentions.copy()
    dated = mentions[mentions["date"].astype(str) != ""]
    events = []
    event_of: dict[int, str] = {}
    frame = dated.reset_index()
    # Column lists zipped into dicts: ``to_dict("records")`` boxes every cell one by one,
    # which on a large corpus costs more than the grouping itself. ``tolist`` gives the
    # same Python values.
    columns = list(frame.columns)
    records = [dict(zip(columns, row, strict=True))
               for row in zip(*(frame[c].tolist() for c in columns), strict=True)]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in records:
        key = (str(r["date"]), str(r["date_precision"]), str(r["category"]))
        groups.setdefault(key, []).append(r)
    used: set[str] = set()
    for (date, precision, category), cluster in sorted(groups.items()):
        date_end = max(str(r["date_end"]) for r in cluster)
        event_id = _event_base_id(date, date_end, precision, category)
        n = 2
        while event_id in used:  # never expected; keeps ids unique whatever happens
            event_id = f"{_event_base_id(date, date_end, precision, category)}-{n}"
            n += 1
        used.add(event_id)
        keys = sorted({k for r in cluster for k in str(r["substance"]).split()})
        cluster.sort(key=lambda r: (r["article_id"], int(r["sentence_start"]),
                                    str(r["start"])))
        statuses = [r["status"] for r in cluster]
        status = ("occurred" if "occurred" in statuses
                  else "announced" if "announced" in statuses else "scheduled")
        evidence = " | ".join(
            f"{r['article_id']}@{r['start'] if r['start'] != '' else r['sentence_start']}"
            f" [{r['date_source']}] {r['text'] or r['sentence'][:60]!s}"
            for r in cluster
        )
        first = cluster[0]["sentence"]
        events.append(
            {
                "event_id": event_id,
                "date": date,
                "date_precision": precision,
                "timing": "unknown",
                "category": category,
                "direction": _vote([r["direction"] for r in cluster],
                                   defaults.DIRECTIONS, "neutral"),
                "status": status,
                "articles": ";".join(sorted({r["article_id"] for r in cluster})),
                "evidence": evidence,
                "catalog_id": "",
                "date_end": date_end,
                "n_mentions": len(cluster),
                "override": "",
                "description": first if len(first) <= 160 else first[:157] + "...",
                "substance": " ".join(keys),
                "catalog_candidates": "",
            }
        )
        for r in cluster:
            event_of[r["index"]] = event_id
    mentions["event_id"] = [event_of.get(i, "") for i in mentions.index]
    out = pd.DataFrame(events, columns=list(EVENT_COLUMNS))
    return sort_events(out), mentions


