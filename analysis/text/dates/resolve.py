"""Date expressions in news text, and their resolution to dates.

English and Swedish have hand-written patterns; every other language shares one
pattern set built from its tables (:mod:`analysis.text.lang`). The patterns and their
handlers live in :mod:`analysis.text.dates.patterns`, the English and Swedish calendar
fragments in :mod:`analysis.text.dates.words`, the tense cues in
:mod:`analysis.text.dates.tense`; this module finds, directs and resolves.

Two steps, kept apart so that a publication date found later (by cross-document
inference, say) can be applied without re-reading the text:

1. :func:`find_date_expressions` finds every expression with its character offsets,
   its kind, precision and a *direction* read from the sentence's tense, plus a small
   hashable ``rule`` from which the date follows for any base date.
2. :func:`resolve` turns an expression into an inclusive date range given the
   article's publication date (the *base*).

Candidate spans come from this module's own regular expressions; dateparser only
parses a short absolute span already found (cached), never a whole text. Measured
traps this avoids: ``search_dates`` with ``languages=['sv']`` reads "18 juli" as the
year 2018 unless ``DATE_ORDER='DMY'``, "Sept." with a period breaks it, the verb
"may" and "2% on Monday" come back as dates, and "i torsdags", "i juni" and
"this past week" are missed.

Rules (``DateExpr.rule``)
-------------------------
``('date', year|None, month, day)``
    A calendar day; a missing year is chosen at resolution.
``('month', year|None, month, part|None)``
    A month, or its ``early`` (1-10), ``mid`` (11-20) or ``late`` (21-end) part.
``('year', year)``
    A calendar year.
``('weekday', weekday, mode)``
    ``weekday`` 0 = Monday. ``mode``: ``past`` = the most recent such day on or before
    the base (news style names the publication day itself by its weekday: a Tuesday
    story's "said Tuesday" is that Tuesday); ``last`` = strictly before the base
    ("last Tuesday", "i tisdags"); ``future`` = strictly after ("will meet Tuesday",
    "next Tuesday", a Swedish "på tisdag"); ``coming`` = on or after (an English
    future-tense weekday and "later Tuesday": news names the publication day by its
    weekday, so "are scheduled to continue on Friday" in a Friday story is that day);
    ``nearest`` = the closest such day, base included.
``('days', offset)``
    ``base + offset`` ("yesterday" -1, "i dag" 0, "tomorrow" +1, "three days ago" -3).
``('days_span', first, last)``
    ``base + first .. base + last`` ("this past week" -6..0).
``('week', offset)``
    The Monday-Sunday week ``offset`` weeks from the base's week; on a Saturday or
    Sunday base a past offset counts the week now ending as "last week".
``('weekend', mode)``
    ``past``: the latest Saturday-Sunday starting on or before the base; ``this``: the
    weekend of the base's week; ``future``: the same, or the next one from a Sunday.
    "over the weekend" with no future cue is ``past``.
``('week_part', 'earlier'|'later')``
    The days of the base's Monday-Sunday week before (after) the base: "earlier this
    week", "tidigare i veckan", "tidligere på ugen".
``('month_rel', offset)``, ``('year_rel', offset)``
    The month (year) ``offset`` months (years) from the base's.

Directions
----------
``past``/``future`` come from the expression itself when it says so ("last week",
"next week", "yesterday", "i torsdags", "earlier Tuesday", "since May") and
otherwise from the nearest tense cue in the same clause (then in the same sentence):
"will", "is expected to", "set for", "delayed to", "kommer att" are future; "said",
"met", "-ed" verbs, "sa", "-ade"/"-des" verbs are past. A reporting verb the date
hangs on wins ("said on Twitter on Friday that he would..." is a past Friday); one
that introduces an unmarked reported clause does not count ("said talks resume
Sept. 19"), and the walk stops at "that"/"att", whose clause has its own tense. No
cue gives ``unknown``. A weekday with an unknown direction resolves as ``past`` when
its sentence has a reporting verb (said, reported, revealed, announced...) and as
``nearest`` otherwise; a ``past`` weekday falling on the day after the base is that
day (Beijing's calendar runs ahead of a US-dated page).

A day written without its year ("Oct. 1", "15 de enero") takes its direction from its
*own clause* only (:func:`analysis.text.dates.tense.yearless_direction`): scheduling words
("delayed until", "from", "planned", "deadline", "will") point forward, "last",
"earlier" and past tenses back, and the sentence's reporting verb never decides
unless the day is the report's own ("reported July 21"). With no such cue it is
``unknown`` and resolves to its nearest occurrence around the base.

The words are rules of thumb for news prose, not a parser: a cue in the wrong clause
can still mislead them, which is why yearless days keep a slack
(:data:`DIRECTION_SLACK_DAYS`) and every expression keeps its quoted span.
"""


from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from analysis.text.dates.patterns import candidates, knows, non_overlapping
from analysis.text.dates.tense import (
    future_weekday_mode,
    has_reporting_verb,
    sentence_starts,
    tense_of,
    yearless_direction,
)

KINDS: tuple[str, ...] = ("absolute", "partial", "relative")
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
DIRECTIONS: tuple[str, ...] = ("past", "future", "unknown")

# A yearless day named in past (future) tense may still fall this many days after
# (before) the base: the base itself is often an estimate, and a story filed late on
# the 21st may say "met on July 22" in Asia's time zone. Without it the year would
# jump by one.
DIRECTION_SLACK_DAYS: int = 7


@dataclass(frozen=True)
class DateExpr:
    """One date expression found in a text.

    Attributes
    ----------
    start, end : int
        Character offsets: ``text[start:end]`` of the searched text.
    text : str
        The matched span. Modifiers that carry meaning are part of it ("in May",
        "in late June", "early August", "earlier Tuesday", "i torsdags", "på tisdag",
        "over the weekend", "Thursday (Sept 19)"); a bare English "on" and other
        prepositions before a month are not ("Tuesday", "Sept 1", "since May" -> "May").
    kind : str
        ``absolute``, ``partial`` (a month or year) or ``relative``.
    precision : str
        ``day``, ``week``, ``month`` or ``year``.
    direction : str
        ``past``, ``future`` or ``unknown`` (see the module notes).
    rule : tuple
        Hashable description from which :func:`resolve` computes the date for any base.
    """

    start: int
    end: int
    text: str
    kind: str
    precision: str
    direction: str
    rule: tuple[object, ...]


@dataclass(frozen=True)
class ResolvedDate:
    """An inclusive date range: ``start == end`` for a day; a week runs Monday-Sunday."""

    start: dt.date
    end: dt.date
    precision: str



def find_date_expressions(text: str, lang: str = "en") -> list[DateExpr]:
    """Find every date expression in ``text``.

    Parameters
    ----------
    text : str
        Article text (offsets refer to it).
    lang : str
        A code of :data:`analysis.text.lang.REGISTRY`; any other code uses the English
        rules.

    Returns
    -------
    list of DateExpr
        Sorted by ``start`` and non-overlapping (the longest candidate wins).
    """
    lang = lang if knows(lang) else "en"
    chosen = non_overlapping(candidates(text, lang))
    if not chosen:
        return []
    starts = sentence_starts(text)
    out: list[DateExpr] = []
    for cand in chosen:
        i = bisect.bisect_right(starts, cand.start) - 1
        lo = starts[i]
        hi = max(starts[i + 1] if i + 1 < len(starts) else len(text), cand.end)
        rule = cand.rule
        if (cand.intrinsic is None and rule[0] == "date" and rule[1] is None
                and not cand.with_weekday):
            direction = yearless_direction(text, lo, hi, cand.start, cand.end, lang)
        else:
            direction = cand.intrinsic or tense_of(text, lo, hi, cand.start, cand.end, lang)
        if rule[0] == "weekday" and rule[2] == "?":
            # English news names the publication day itself by its weekday ("will
            # continue on Friday" in a Friday story); Swedish says "i dag" for that,
            # so a Swedish "på fredag" is a later Friday.
            future_mode = future_weekday_mode(lang)
            mode = {"past": "past", "future": future_mode}.get(direction)
            if mode is None:
                mode = "past" if has_reporting_verb(text, lo, hi) else "nearest"
            rule = ("weekday", rule[1], mode)
        elif rule[0] == "weekend" and rule[1] == "?":
            rule = ("weekend", "future" if direction == "future" else "past")
        out.append(DateExpr(
            start=cand.start, end=cand.end, text=text[cand.start:cand.end], kind=cand.kind,
            precision=cand.precision, direction=direction, rule=rule,
        ))
    return out


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _resolve_date(rule: tuple[object, ...], direction: str,
                  base: dt.date | None) -> ResolvedDate | None:
    _, year, month, day, *printed = rule
    assert isinstance(month, int) and isinstance(day, int)
    if isinstance(year, int):
        try:
            day_ = dt.date(year, month, day)
        except ValueError:
            return None
        return ResolvedDate(day_, day_, "day")
    if base is None:
        return None
    # Ascending, so the latest day on or before a limit is the last one passing it.
    candidates = _yearless_candidates(base.year, month, day)
    if not candidates:
        return None
    if printed:
        # Weekday/date agreement: "Monday, September 24" is the September 24 that is a
        # Monday. Within the three candidate years it is usually one; the tense only
        # chooses when the weekday fits none or several.
        agreeing = tuple(c for c in candidates if c.weekday() == printed[0])
        if len(agreeing) == 1:
            return _day_range(agreeing[0])
        candidates = agreeing or candidates
    if direction == "past":
        # the latest candidate not after base + slack, else the earliest one
        limit = base + dt.timedelta(days=DIRECTION_SLACK_DAYS)
        chosen = candidates[0]
        for c in candidates:
            if c <= limit:
                chosen = c
    elif direction == "future":
        # the earliest candidate not before base - slack, else the latest one
        limit = base - dt.timedelta(days=DIRECTION_SLACK_DAYS)
        chosen = candidates[-1]
        for c in candidates:
            if c >= limit:
                chosen = c
                break
    else:
        chosen = min(candidates, key=lambda c: (abs((c - base).days), c > base))
    return _day_range(chosen)


@lru_cache(maxsize=4096)
def _yearless_candidates(year: int, month: int, day: int) -> tuple[dt.date, ...]:
    """``month``/``day`` in ``year - 1 .. year + 1`` where it exists, ascending. Cached:
    the inference resolves the same yearless day against hundreds of candidate bases."""
    out = []
    for y in (year - 1, year, year + 1):
        try:
            out.append(dt.date(y, month, day))
        except ValueError:
            continue  # Feb 29 outside a leap year
    return tuple(out)


@lru_cache(maxsize=4096)
def _day_range(day: dt.date) -> ResolvedDate:
    """The one-day range of ``day`` (immutable, so one shared instance per day)."""
    return ResolvedDate(day, day, "day")


def _resolve_month(rule: tuple[object, ...], direction: str,
                   base: dt.date | None) -> ResolvedDate | None:
    _, year, month, part = rule
    assert isinstance(month, int)
    if isinstance(year, int):
        y = year
    elif base is None:
        return None
    else:
        here = base.year * 12 + base.month - 1
        options = [(y_, (y_ * 12 + month - 1) - here) for y_ in
                   (base.year - 1, base.year, base.year + 1)]
        if direction == "past":
            y = max(o for o in options if o[1] <= 0)[0]
        elif direction == "future":
            y = min(o for o in options if o[1] >= 0)[0]
        else:
            y = min(options, key=lambda o: (abs(o[1]), o[1] > 0))[0]
    last = calendar.monthrange(y, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(
        str(part), (1, last)
    )
    return ResolvedDate(dt.date(y, month, first_day), dt.date(y, month, last_day), "month")


def _resolve_weekday(weekday: int, mode: str, base: dt.date) -> ResolvedDate:
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if mode == "past":
        # A reported weekday one day after the base is that next day, not six days back:
        # Beijing's calendar runs a day ahead of a US-dated page ("China said on Tuesday"
        # in a Monday story). News says "last Tuesday" for the older one.
        day = base + dt.timedelta(days=1) if back == 6 else base - dt.timedelta(days=back)
    elif mode == "last":
        day = base - dt.timedelta(days=back or 7)
    elif mode == "future":
        day = base + dt.timedelta(days=ahead or 7)
    elif mode == "coming":
        day = base + dt.timedelta(days=ahead)
    else:
        day = base - dt.timedelta(days=back) if back <= ahead else base + dt.timedelta(days=ahead)
    return _day_range(day)


def resolve(expr: DateExpr, base: dt.date | None) -> ResolvedDate | None:
    """Resolve an expression against the publication date ``base``.

    Parameters
    ----------
    expr : DateExpr
    base : datetime.date or None
        The publication date. ``None`` resolves only expressions that carry their
        year ("July 18, 2019", "2019-09-20", "May 2019"); everything relative to the
        base then gives ``None``: the module never guesses.

    Returns
    -------
    ResolvedDate or None
        Inclusive range. A yearless day or month takes the year that puts it nearest
        the base in the expression's direction: past = on or before the base (a day
        may be up to :data:`DIRECTION_SLACK_DAYS` after it), future = on or after,
        unknown = nearest. Weekdays follow the rule's mode (module notes). The result
        depends only on ``expr.rule``, ``expr.direction`` and ``base``, so callers may
        cache on those.
    """
    rule = expr.rule
    name = rule[0]
    if name == "date":
        return _resolve_date(rule, expr.direction, base)
    if name == "month":
        return _resolve_month(rule, expr.direction, base)
    if name == "year":
        year = int(rule[1])  # type: ignore[call-overload]
        return ResolvedDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if base is None:
        return None
    if name == "weekday":
        return _resolve_weekday(int(rule[1]), str(rule[2]), base)  # type: ignore[call-overload]
    if name == "days":
        day = base + dt.timedelta(days=int(rule[1]))  # type: ignore[call-overload]
        return _day_range(day)
    if name == "days_span":
        first = base + dt.timedelta(days=int(rule[1]))  # type: ignore[call-overload]
        last = base + dt.timedelta(days=int(rule[2]))  # type: ignore[call-overload]
        return ResolvedDate(first, last, "week")
    if name == "week":
        offset = int(rule[1])  # type: ignore[call-overload]
        if offset < 0 and base.weekday() >= 5:
            # Once the working week is over, "last week" is the week now ending.
            offset += 1
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
        return ResolvedDate(monday, monday + dt.timedelta(days=6), "week")
    if name == "week_part":
        monday = base - dt.timedelta(days=base.weekday())
        if rule[1] == "earlier":
            return ResolvedDate(monday, max(monday, base - dt.timedelta(days=1)), "week")
        sunday = monday + dt.timedelta(days=6)
        return ResolvedDate(min(sunday, base + dt.timedelta(days=1)), sunday, "week")
    if name == "weekend":
        saturday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=5)
        if rule[1] == "past" and base.weekday() < 5:
            saturday -= dt.timedelta(weeks=1)
        elif rule[1] == "future" and base.weekday() == 6:
            saturday += dt.timedelta(weeks=1)  # on a Sunday the coming weekend is next
        return ResolvedDate(saturday, saturday + dt.timedelta(days=1), "week")
    if name == "month_rel":
        y, m = _shift_month(base.year, base.month, int(rule[1]))  # type: ignore[call-overload]
        return ResolvedDate(dt.date(y, m, 1), _month_end(y, m), "month")
    if name == "year_rel":
        y = base.year + int(rule[1])  # type: ignore[call-overload]
        return ResolvedDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    raise ValueError(f"unknown date rule {rule!r}")


def resolve_all(text: str, lang: str,
                base: dt.date | None) -> list[tuple[DateExpr, ResolvedDate | None]]:
    """:func:`find_date_expressions` then :func:`resolve` each against ``base``."""
    return [(expr, resolve(expr, base)) for expr in find_date_expressions(text, lang)]

