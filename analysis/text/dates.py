"""Date expressions in English and Swedish news text, and their resolution to dates.

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
``nearest`` otherwise.

The words are rules of thumb for news prose, not a parser: a cue in the wrong clause
can still mislead them, which is why yearless days keep a slack
(:data:`DIRECTION_SLACK_DAYS`) and every expression keeps its quoted span.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser

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


# ----------------------------------------------------------------------------------------
# Vocabulary

_EN_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_SV_MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_EN_MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_SV_MONTH_NAMES: tuple[str, ...] = tuple(list(_SV_MONTHS)[:12])
_EN_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SV_WEEKDAYS: dict[str, int] = {
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5,
    "söndag": 6,
}
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
    "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
    "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
}
_EN_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2,
}
_SV_NUMBERS: dict[str, int] = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "ett par": 2,
}
_PARTS: dict[str, str] = {
    "early": "early", "beginning": "early", "start": "early", "början": "early",
    "mid": "mid", "middle": "mid", "mitten": "mid",
    "late": "late", "end": "late", "slutet": "late",
}


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first so "Sept" wins over "Sep"."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_EN_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|" \
    "November|December"
_EN_MONTH_ABBR = "Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# English month names must be capitalised: that alone removes the modal "may" and the
# verb "march" (a capitalised bare "May" or "March" still needs a cue word or a day).
_EN_MON = rf"(?P<mon>(?:{_EN_MONTH_FULL})\b|(?:{_EN_MONTH_ABBR})\b\.?)"
_SV_MON = (
    r"(?P<mon>(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
    r"november|december)\b|(?:sept|jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\b\.?)"
)
# A day number: not part of a longer number, a percentage, a clock time or an amount.
_DAY = (
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\d%:/]|\.\d|,\d|\s*(?:%|per\s?cent|percent|billion|million|bn|m\b))"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
# A month followed by a day number is a day, not a month ("in May 5" is May 5), but
# "In March 10% of trade..." is still March.
_NO_DAY_AFTER = (
    r"(?!\s+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\d%]|\s*(?:%|per\s?cent|percent)))"
)
_EN_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_SV_WEEKDAY = r"(?P<wd>måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)"
_EN_ORDINAL_WORD = rf"(?P<ordw>{_alt(_EN_ORDINALS)})"

# Words that make a weekday part of a name ("Black Friday", "the Sunday Times").
_WEEKDAY_NAME_BEFORE = re.compile(
    r"(?:Black|Good|Super|Cyber|Ash|Easter|Palm|Holy|Maundy|Bloody|Shrove|Giving|Man)"
    r"\s+$"
)
_WEEKDAY_NAME_AFTER = re.compile(
    r"^\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Star|Independent|Night\s+Live|"
    r"Morning\s+Post|Harbor|Weld)\b"
)


# ----------------------------------------------------------------------------------------
# dateparser: only ever on a short span this module already found


_DATEPARSER_SETTINGS_BASE: dict[str, object] = {
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    # A fixed leap-year base, so a yearless "Feb 29" still parses and results never
    # depend on today's date.
    "RELATIVE_BASE": dt.datetime(2000, 6, 15),
    # Only dateparser's absolute-date parser: the spans are always "<month name> <day>"
    # or "<day> <month name>", which the timestamp, relative ("3 days ago") and
    # no-spaces parsers it would try first never read. Checked on every span
    # _absolute_rule can build (both languages, days 0-31 of every month): the same
    # answers as the default parser list, in about half the time.
    "PARSERS": ["absolute-time"],
}


@lru_cache(maxsize=4)
def _date_parser(lang: str) -> dateparser.DateDataParser:
    """One dateparser parser per language, built once (what ``dateparser.parse`` would
    build on every call). Swedish is read day-first: with ``languages=['sv']`` alone
    dateparser reads "18 juli" as July 2018."""
    settings = dict(_DATEPARSER_SETTINGS_BASE)
    settings["DATE_ORDER"] = "DMY" if lang == "sv" else "MDY"
    return dateparser.DateDataParser(languages=[lang], settings=settings)


@lru_cache(maxsize=1024)
def _parse_day_month(span: str, lang: str) -> tuple[int, int] | None:
    """Month and day of a short absolute span such as "Sep 19" or "18 juli"."""
    parsed = _date_parser(lang).get_date_data(span).date_obj
    if parsed is None:
        return None
    return parsed.month, parsed.day


def _month_number(name: str, lang: str) -> int:
    key = name.lower().rstrip(".")
    table = _SV_MONTHS if lang == "sv" else _EN_MONTHS
    return table[key]


def _absolute_rule(year: str | None, month: int, day: int,
                   lang: str) -> tuple[object, ...] | None:
    """``('date', year, month, day)`` once dateparser confirms the month and day.

    The span handed to dateparser is rebuilt from the parts this module read
    ("18 juli", "September 19"), without the year, which ``datetime.date`` checks: so
    at most 366 distinct parses per language ever reach dateparser (a fraction of a
    millisecond each) and the cache serves every later one.
    """
    # Spelled out here rather than by the locale-dependent ``calendar.month_name``.
    name = _SV_MONTH_NAMES[month - 1] if lang == "sv" else _EN_MONTH_NAMES[month - 1]
    parsed = _parse_day_month(f"{day} {name}" if lang == "sv" else f"{name} {day}", lang)
    if parsed is None or parsed != (month, day):
        return None
    if year is not None:
        try:
            dt.date(int(year), month, day)
        except ValueError:
            return None  # Feb 29 in a common year
    return ("date", int(year) if year else None, month, day)


# ----------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    precision: str
    rule: tuple[object, ...]
    # Direction implied by the words themselves ("last", "next", "i torsdags"), or None.
    intrinsic: str | None = None
    # A day named with its weekday ("Thursday (Aug 15)"): the weekday's tense rules apply.
    with_weekday: bool = False


_Handler = Callable[[re.Match[str], str, str], "_Candidate | None"]


def _g(match: re.Match[str], name: str) -> str | None:
    try:
        return match.group(name)
    except IndexError:
        return None


def _span(match: re.Match[str], group: str = "span") -> tuple[int, int]:
    if _g(match, group) is not None:
        return match.start(group), match.end(group)
    return match.start(), match.end()


def _h_month_day(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"July 18", "Sept. 19", "18 juli", "the first of October", "September first"."""
    month = _month_number(match.group("mon"), lang)
    ordw = _g(match, "ordw")
    day = _EN_ORDINALS.get(ordw.lower(), 0) if ordw else int(match.group("day"))
    year = _g(match, "year")
    rule = _absolute_rule(year, month, day, lang)
    if rule is None:
        return None
    start, end = _span(match)
    return _Candidate(start, end, "absolute", "day", rule)


def _h_weekday_date(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"Thursday (Sept 19)", "Sunday, May 5, 2019": the date wins over the weekday."""
    if _weekday_is_name(match, text, match.start("wd"), match.end("wd")):
        return None
    found = _h_month_day(match, text, lang)
    return None if found is None else replace(found, with_weekday=True)


def _h_iso(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    year, month, day = (int(match.group(k)) for k in ("year", "monthnum", "day"))
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return _Candidate(match.start(), match.end(), "absolute", "day", ("date", year, month, day))


def _h_month(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """Months with a cue word: "in May", "late June", "i slutet av juni", "May 2019"."""
    month = _month_number(match.group("mon"), lang)
    part_word = _g(match, "part")
    part = _PARTS.get(part_word.lower().rstrip("-").split()[-1]) if part_word else None
    year = _g(match, "year")
    rel = (_g(match, "rel") or "").lower()
    intrinsic = {"last": "past", "next": "future", "förra": "past", "nästa": "future"}.get(rel)
    start, end = _span(match)
    if intrinsic is None and _SINCE_BEFORE.search(text, max(0, start - 8), start):
        intrinsic = "past"  # "since May", "sedan i maj"
    return _Candidate(
        start, end, "partial", "month",
        ("month", int(year) if year else None, month, part), intrinsic,
    )


_SINCE_BEFORE = re.compile(r"\b(?i:since|sedan)\s+$")


def _h_year(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    start, end = _span(match)
    return _Candidate(start, end, "partial", "year", ("year", int(match.group("year"))))


def _weekday_is_name(match: re.Match[str], text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start]
    after = text[end:end + 20]
    return bool(_WEEKDAY_NAME_BEFORE.search(before) or _WEEKDAY_NAME_AFTER.match(after))


_EN_WEEKDAY_MODES: dict[str, tuple[str, str | None]] = {
    # modifier -> (mode, intrinsic direction)
    "earlier": ("past", "past"),
    "early": ("?", None),
    "late": ("?", None),
    "later": ("coming", "future"),
    "last": ("last", "past"),
    "this past": ("last", "past"),
    "past": ("last", "past"),
    "next": ("future", "future"),
    "this coming": ("future", "future"),
    "coming": ("future", "future"),
    "this": ("nearest", None),
}


def _h_en_weekday(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"Tuesday", "earlier Tuesday", "last Friday", "Tuesday night"."""
    if _weekday_is_name(match, text, match.start("wd"), match.end("wd")):
        return None
    weekday = _EN_WEEKDAYS[match.group("wd").lower()]
    modifier = " ".join((_g(match, "mod") or "").lower().split())
    mode, intrinsic = _EN_WEEKDAY_MODES.get(modifier, ("?", None))
    start, end = _span(match)
    return _Candidate(start, end, "relative", "day", ("weekday", weekday, mode), intrinsic)


def _h_sv_weekday(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"i torsdags" (last Thursday), "på tisdag", "nästa fredag", "förra måndagen"."""
    weekday = _SV_WEEKDAYS.get(match.group("wd").lower())
    if weekday is None:
        return None  # a case-insensitive match whose lower case differs ("TİSDAG")
    prep = (_g(match, "prep") or "").lower()
    suffix = (_g(match, "suffix") or "").lower()
    if suffix == "s":
        if prep != "i":
            return None  # "tisdags" outside "i tisdags" is a genitive compound
        mode, intrinsic = "last", "past"
    elif prep == "förra":
        mode, intrinsic = "last", "past"
    elif prep == "nästa":
        mode, intrinsic = "future", "future"
    else:
        mode, intrinsic = "?", None
    start, end = _span(match)
    return _Candidate(start, end, "relative", "day", ("weekday", weekday, mode), intrinsic)


def _direction_of_offset(offset: int) -> str | None:
    return "past" if offset < 0 else "future" if offset > 0 else None


def _fixed(kind: str, precision: str, rule: tuple[object, ...],
           intrinsic: str | None) -> _Handler:
    def handler(match: re.Match[str], text: str, lang: str) -> _Candidate:
        start, end = _span(match)
        return _Candidate(start, end, kind, precision, rule, intrinsic)
    return handler


def _h_ago(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"three days ago", "för två veckor sedan"."""
    raw = match.group("n").lower()
    numbers = _SV_NUMBERS if lang == "sv" else _EN_NUMBERS
    n = int(raw) if raw.isdigit() else numbers.get(" ".join(raw.split()))
    if n is None or n > 60:
        return None
    sign = -1 if (_g(match, "ago") or _g(match, "sedan")) else 1
    unit = match.group("unit").lower()
    start, end = _span(match)
    intrinsic = "past" if sign < 0 else "future"
    if unit.startswith(("day", "dag")):
        return _Candidate(start, end, "relative", "day", ("days", sign * n), intrinsic)
    if unit.startswith(("week", "veck")):
        return _Candidate(start, end, "relative", "week", ("week", sign * n), intrinsic)
    if unit.startswith(("month", "månad")):
        return _Candidate(start, end, "relative", "month", ("month_rel", sign * n), intrinsic)
    return _Candidate(start, end, "relative", "year", ("year_rel", sign * n), intrinsic)


def _h_weekend(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    rel = " ".join((_g(match, "rel") or "").lower().split())
    if rel in {"last", "past", "the past", "this past", "förra", "förra helgen"}:
        mode, intrinsic = "past", "past"
    elif rel in {"next", "coming", "the coming", "this coming", "nästa", "kommande"}:
        mode, intrinsic = "future", "future"
    elif rel == "this":
        mode, intrinsic = "this", None
    else:
        mode, intrinsic = "?", None
    start, end = _span(match)
    return _Candidate(start, end, "relative", "week", ("weekend", mode), intrinsic)


_REL_UNITS_EN: dict[str, tuple[str, str]] = {
    "week": ("week", "week"), "month": ("month_rel", "month"), "year": ("year_rel", "year"),
}
_REL_WORDS_EN: dict[str, tuple[int, str | None]] = {
    "last": (-1, "past"), "the previous": (-1, "past"), "the prior": (-1, "past"),
    "next": (1, "future"), "the following": (1, "future"), "the coming": (1, "future"),
    "this coming": (1, "future"), "the next": (1, "future"),
    "this": (0, None), "earlier this": (0, "past"), "later this": (0, "future"),
    "the current": (0, None),
}


def _h_en_rel_unit(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    """"last week", "next month", "earlier this year", "this past week"."""
    rel = " ".join(match.group("rel").lower().split())
    unit = match.group("unit").lower()
    start, end = _span(match)
    if rel in {"this past", "the past"}:
        if unit != "week":
            return None  # "the past year" is a rolling window, not a calendar period
        return _Candidate(start, end, "relative", "week", ("days_span", -6, 0), "past")
    if rel not in _REL_WORDS_EN:
        return None
    offset, intrinsic = _REL_WORDS_EN[rel]
    name, precision = _REL_UNITS_EN[unit]
    return _Candidate(start, end, "relative", precision, (name, offset), intrinsic)


_SV_REL: dict[str, tuple[str, tuple[object, ...], str | None]] = {
    # normalised phrase -> (precision, rule, intrinsic direction)
    "i går": ("day", ("days", -1), "past"),
    "igår": ("day", ("days", -1), "past"),
    "i förrgår": ("day", ("days", -2), "past"),
    "i dag": ("day", ("days", 0), None),
    "idag": ("day", ("days", 0), None),
    "i kväll": ("day", ("days", 0), None),
    "ikväll": ("day", ("days", 0), None),
    "i morse": ("day", ("days", 0), "past"),
    "i morgon": ("day", ("days", 1), "future"),
    "imorgon": ("day", ("days", 1), "future"),
    "i övermorgon": ("day", ("days", 2), "future"),
    "förra veckan": ("week", ("week", -1), "past"),
    "förra veckans": ("week", ("week", -1), "past"),
    "nästa vecka": ("week", ("week", 1), "future"),
    "nästa veckas": ("week", ("week", 1), "future"),
    "kommande vecka": ("week", ("week", 1), "future"),
    "den kommande veckan": ("week", ("week", 1), "future"),
    "i veckan": ("week", ("week", 0), None),
    "denna vecka": ("week", ("week", 0), None),
    "den här veckan": ("week", ("week", 0), None),
    "senare i veckan": ("week", ("week", 0), "future"),
    "tidigare i veckan": ("week", ("week", 0), "past"),
    "den gångna veckan": ("week", ("days_span", -6, 0), "past"),
    "veckan som gick": ("week", ("days_span", -6, 0), "past"),
    "förra månaden": ("month", ("month_rel", -1), "past"),
    "förra månadens": ("month", ("month_rel", -1), "past"),
    "nästa månad": ("month", ("month_rel", 1), "future"),
    "nästa månads": ("month", ("month_rel", 1), "future"),
    "denna månad": ("month", ("month_rel", 0), None),
    "den här månaden": ("month", ("month_rel", 0), None),
    "tidigare i månaden": ("month", ("month_rel", 0), "past"),
    "senare i månaden": ("month", ("month_rel", 0), "future"),
    "förra året": ("year", ("year_rel", -1), "past"),
    "förra årets": ("year", ("year_rel", -1), "past"),
    "i fjol": ("year", ("year_rel", -1), "past"),
    "ifjol": ("year", ("year_rel", -1), "past"),
    "nästa år": ("year", ("year_rel", 1), "future"),
    "nästa års": ("year", ("year_rel", 1), "future"),
    "i år": ("year", ("year_rel", 0), None),
    "tidigare i år": ("year", ("year_rel", 0), "past"),
    "senare i år": ("year", ("year_rel", 0), "future"),
}


def _h_sv_rel(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    phrase = " ".join(match.group(0).lower().split())
    if phrase not in _SV_REL:
        return None  # "İ går": matched case-insensitively, lowers to another string
    precision, rule, intrinsic = _SV_REL[phrase]
    return _Candidate(match.start(), match.end(), "relative", precision, rule, intrinsic)


_EN_DAY_WORDS: dict[str, tuple[int, str | None]] = {
    "yesterday": (-1, "past"), "today": (0, None), "tonight": (0, None),
    "tomorrow": (1, "future"), "the day before yesterday": (-2, "past"),
    "the day after tomorrow": (2, "future"),
}


def _h_en_day_word(match: re.Match[str], text: str, lang: str) -> _Candidate | None:
    key = " ".join(match.group(0).lower().split())
    if key not in _EN_DAY_WORDS:
        return None
    offset, intrinsic = _EN_DAY_WORDS[key]
    return _Candidate(match.start(), match.end(), "relative", "day", ("days", offset), intrinsic)


# Month cue words: a bare month name is never taken as a date (that is what keeps
# "March on Washington" and sentence-initial "May" out).
_EN_PART = (
    r"(?P<part>early|mid-?|late|(?:the\s+)?(?:beginning|start|middle|end)(?=\s+of))"
)
_EN_PATTERNS: tuple[tuple[str, _Handler], ...] = (
    # ISO date
    (r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<monthnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
     r"(?![\d-])", _h_iso),
    # Weekday + date: "Thursday (Sept 19)", "Sunday, May 5, 2019"
    (rf"(?P<span>{_EN_WEEKDAY}(?:,\s*|\s+\(\s*|\s+){_EN_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\)?)",
     _h_weekday_date),
    # "July 18", "Sept. 19", "July 18, 2019"
    (rf"(?P<span>{_EN_MON}\s+{_DAY}(?:,?\s+{_YEAR})?)", _h_month_day),
    # "18 July", "18th of July 2019"
    (rf"(?P<span>(?:\b[Tt]he\s+)?\b{_DAY}\s+(?:of\s+)?{_EN_MON}(?:,?\s+{_YEAR})?)",
     _h_month_day),
    # "the first of October", "September first"
    (rf"(?P<span>(?:\b[Tt]he\s+)?\b{_EN_ORDINAL_WORD}\s+of\s+{_EN_MON}(?:,?\s+{_YEAR})?)",
     _h_month_day),
    (rf"(?P<span>{_EN_MON}\s+{_EN_ORDINAL_WORD})\b(?!-)", _h_month_day),
    # Months: "late June", "mid-July", "the end of June", "in May", "since May 2019"
    (rf"(?P<span>(?i:\b(?:in\s+)?(?:the\s+)?"
     rf"{_EN_PART}(?:\s+of)?)\s*{_EN_MON}(?:,?\s+{_YEAR})?)", _h_month),
    (rf"(?P<span>\b[Ii]n\s+{_EN_MON}(?:,?\s+{_YEAR})?){_NO_DAY_AFTER}", _h_month),
    (rf"\b(?:[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Dd]uring|[Tt]hrough|[Ff]rom|[Bb]efore|"
     rf"[Aa]fter|of|for|[Tt]o|[Tt]his|[Ee]arlier\s+in|[Ll]ater\s+in)\s+"
     rf"(?P<span>{_EN_MON}(?:,?\s+{_YEAR})?){_NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<rel>[Ll]ast|[Nn]ext)\s+{_EN_MON}(?:,?\s+{_YEAR})?){_NO_DAY_AFTER}",
     _h_month),
    (rf"(?P<span>\b(?P<mon>{_EN_MONTH_FULL})\s+{_YEAR})", _h_month),
    # Years with a preposition: "in 2018", "since 2019"
    (rf"(?P<span>\b(?i:in|since|until|by|during|before|after|of|from)\s+{_YEAR})"
     r"(?!\s*[-–]\s*\d)", _h_year),
    # Relative day words
    (r"\b(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|"
     r"today|tonight|tomorrow)\b", _h_en_day_word),
    # "last week", "this past week", "earlier this month", "next year"
    (r"(?P<span>\b(?P<rel>(?i:this\s+past|the\s+past|earlier\s+this|later\s+this|"
     r"the\s+previous|the\s+prior|the\s+following|the\s+coming|this\s+coming|the\s+next|"
     r"the\s+current|last|next|this))\s+(?P<unit>(?i:week|month|year))\b)(?!'s\s+\d)",
     _h_en_rel_unit),
    # "three days ago", "in two weeks"
    (r"(?P<span>\b(?P<n>\d{1,2}|(?i:a\s+couple\s+of|couple\s+of|an?|one|two|three|four|"
     r"five|six|seven|eight|nine|ten))\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+"
     r"(?P<ago>ago)\b)", _h_ago),
    (r"(?P<span>\b[Ii]n\s+(?P<n>\d{1,2}|(?i:a|one|two|three|four|five|six|seven|eight|"
     r"nine|ten))\s+(?P<unit>(?i:days?|weeks?|months?))\b)(?!\s+(?:of|since|after)\b)",
     _h_ago),
    # Weekend
    (r"(?P<span>\b(?i:(?:over|during|at|on)\s+)?(?:(?P<rel>(?i:this\s+past|this\s+coming|"
     r"the\s+past|the\s+coming|last|next|this|past|coming))\s+|(?i:the)\s+)"
     r"(?i:weekend)\b)", _h_weekend),
    # Weekdays with their modifier
    (rf"(?P<span>(?:\b(?P<mod>(?i:earlier|later|early|late|last|this\s+past|past|next|"
     rf"this\s+coming|coming|this))\s+(?:on\s+)?)?{_EN_WEEKDAY})"
     r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?", _h_en_weekday),
)

_SV_PATTERNS: tuple[tuple[str, _Handler], ...] = (
    (_EN_PATTERNS[0][0], _h_iso),
    # "18 juli", "den 18 juli 2019", "18:e juli"
    (rf"(?P<span>(?:\b[Dd]en\s+)?\b{_DAY}(?::[ae])?\s+{_SV_MON}(?:\s+{_YEAR})?)",
     _h_month_day),
    # "måndagen den 5 augusti", "tisdag 6 augusti 2019"
    (rf"(?P<span>\b(?i:{_SV_WEEKDAY})(?:en)?,?\s+(?:[Dd]en\s+)?{_DAY}(?::[ae])?\s+{_SV_MON}"
     rf"(?:\s+{_YEAR})?)", _h_month_day),
    # "i slutet av juni", "i början av augusti", "i mitten av juli", "mitten av maj"
    (rf"(?P<span>(?i:\b(?:i\s+)?)(?P<part>(?i:början|mitten|slutet))"
     rf"\s+av\s+{_SV_MON}(?:\s+{_YEAR})?)", _h_month),
    # "i juni", "i juni 2019"
    (rf"(?P<span>\b[Ii]\s+{_SV_MON}(?:\s+{_YEAR})?){_NO_DAY_AFTER}", _h_month),
    (rf"\b(?i:sedan|till|tills|före|efter|under|från|av|inför|fram\s+till)\s+"
     rf"(?P<span>{_SV_MON}(?:\s+{_YEAR})?){_NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<rel>(?i:förra|nästa))\s+{_SV_MON}(?:\s+{_YEAR})?){_NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<mon>januari|februari|mars|april|maj|juni|juli|augusti|september|"
     rf"oktober|november|december)\s+{_YEAR})", _h_month),
    (rf"(?P<span>\b(?i:i|sedan|till|under|före|efter|från)\s+{_YEAR})(?!\s*[-–]\s*\d)",
     _h_year),
    # Relative phrases (longest alternatives first)
    (rf"\b(?i:{_alt(_SV_REL)})\b", _h_sv_rel),
    # "för tre dagar sedan"
    (r"(?P<span>\b(?i:för)\s+(?P<n>\d{1,2}|(?i:ett\s+par|en|ett|två|tre|fyra|fem|sex|sju|"
     r"åtta|nio|tio))\s+(?P<unit>(?i:dagar|dag|veckor|vecka|månader|månad|år))\s+"
     r"(?P<sedan>sedan)\b)", _h_ago),
    # Weekend: "i helgen", "förra helgen", "nästa helg", "under helgen"
    (r"(?P<span>\b(?:(?P<rel>(?i:förra|nästa|kommande))\s+|(?i:i|under|över)\s+)"
     r"(?i:helgen|helg)\b)", _h_weekend),
    # Weekdays: "i torsdags", "på tisdag(en)", "nästa fredag", "förra måndagen", "tisdag"
    (rf"(?P<span>(?:\b(?P<prep>(?i:i|på|nästa|förra|under))\s+)?"
     rf"\b(?i:{_SV_WEEKDAY})(?P<suffix>s|en)?)\b", _h_sv_weekday),
)


# Which trigger tokens wake which patterns: M month name, W weekday, D day word
# (Swedish: every relative noun), U week/month/year/day unit, H Swedish weekend,
# Y a 19xx/20xx number.
_EN_CATEGORIES: tuple[str, ...] = (
    "Y", "WM", "M", "M", "M", "M", "M", "M", "M", "M", "M", "Y", "D", "U", "U", "U", "U", "W",
)
_SV_CATEGORIES: tuple[str, ...] = (
    "Y", "M", "WM", "M", "M", "M", "M", "M", "Y", "D", "D", "H", "W",
)

_EN_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(_EN_MONTHS, "M"),
    **dict.fromkeys(_EN_WEEKDAYS, "W"),
    **dict.fromkeys(("yesterday", "today", "tonight", "tomorrow"), "D"),
    **dict.fromkeys(("week", "weeks", "month", "months", "year", "years", "day", "days",
                     "weekend", "weekends"), "U"),
}
_SV_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(_SV_MONTHS, "M"),
    **{f"{day}{suffix}": "W" for day in _SV_WEEKDAYS for suffix in ("", "s", "en")},
    **dict.fromkeys(("går", "igår", "förrgår", "dag", "idag", "dagar", "kväll", "ikväll",
                     "morse", "morgon", "imorgon", "övermorgon", "vecka", "veckan", "veckans",
                     "veckas", "veckor", "månad", "månaden", "månadens", "månads", "månader",
                     "år", "året", "årets", "års", "fjol", "ifjol"), "D"),
    **dict.fromkeys(("helg", "helgen"), "H"),
}


def _stems(tokens: Iterable[str]) -> tuple[str, ...]:
    """Fewest needles whose occurrences cover every trigger token ("week" finds "weekend")."""
    stems: list[str] = []
    for token in sorted(tokens, key=len):
        if not any(token.startswith(stem) for stem in stems):
            stems.append(token)
    return tuple(stems)


@dataclass(frozen=True)
class _Language:
    triggers: dict[str, str]
    stems: tuple[str, ...]
    by_category: dict[str, tuple[tuple[re.Pattern[str], _Handler], ...]]


def _language(patterns: tuple[tuple[str, _Handler], ...], categories: tuple[str, ...],
              triggers: dict[str, str]) -> _Language:
    assert len(patterns) == len(categories)
    compiled = [(re.compile(p), h) for p, h in patterns]
    by_category = {
        cat: tuple(c for c, cats in zip(compiled, categories, strict=True) if cat in cats)
        for cat in "MWDUHY"
    }
    return _Language(triggers, _stems(triggers), by_category)


_LANGUAGES: dict[str, _Language] = {
    "en": _language(_EN_PATTERNS, _EN_CATEGORIES, _EN_TRIGGERS),
    "sv": _language(_SV_PATTERNS, _SV_CATEGORIES, _SV_TRIGGERS),
}
_WORD = re.compile(r"\w+")
# Every expression lies within this many characters of its trigger token.
_WINDOW_BEFORE: int = 48
_WINDOW_AFTER: int = 40


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") grow when lowered; keep them so offsets stay aligned.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _triggers(text: str, language: _Language) -> list[tuple[int, int, str]]:
    """Trigger tokens (start, end, category): whole words found with ``str.find``, which
    is several times faster than a regular expression over the whole text."""
    low = _lower_same_length(text)
    found: dict[int, tuple[int, int, str]] = {}
    for stem in language.stems:
        i = low.find(stem)
        while i != -1:
            if i == 0 or not low[i - 1].isalnum():
                word = _WORD.match(low, i)
                if word is not None:
                    category = language.triggers.get(word.group(0))
                    if category is not None:
                        found[i] = (i, word.end(), category)
            i = low.find(stem, i + 1)
    for digits in ("19", "20"):
        i = low.find(digits)
        while i != -1:
            if (low[i + 2:i + 4].isdigit() and (i == 0 or not low[i - 1].isdigit())
                    and not low[i + 4:i + 5].isdigit()):
                found[i] = (i, i + 4, "Y")
            i = low.find(digits, i + 1)
    return sorted(found.values())


# ----------------------------------------------------------------------------------------
# Tense cues and clauses: read from the whitespace-split words around an expression,
# which is much cheaper than a cue regex over the whole text.

_EN_FUTURE_WORDS: frozenset[str] = frozenset({
    "will", "won't", "shall", "would", "may", "might", "upcoming", "next",
})
_EN_FUTURE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    [(w, "to") for w in ("expected", "scheduled", "slated", "set", "likely", "plans",
                         "plan", "planning", "intends", "intend", "aims", "hopes", "going",
                         "is", "are", "poised", "due", "delayed", "postponed", "moved",
                         "extended", "pushed")]
    + [(w, "for") for w in ("scheduled", "slated", "set", "planned", "due")]
    + [(w, "until") for w in ("delayed", "postponed", "extended", "pushed")]
    + [("pushed", "back"), ("put", "off")]
)
_EN_PAST_WORDS: frozenset[str] = frozenset({
    "said", "told", "reported", "revealed", "announced", "confirmed", "added", "stated",
    "wrote", "tweeted", "was", "were", "had", "did", "met", "began", "begun", "spoke",
    "took", "gave", "made", "came", "went", "held", "rose", "fell", "sent", "left", "got",
    "saw", "became", "brought", "won", "lost", "struck", "sold", "bought", "paid", "grew",
    "ago", "earlier", "last", "previously", "recently", "agreed", "freed",
})
# "-ed" words that are adjectives or plans rather than past events.
_EN_NOT_PAST: frozenset[str] = frozenset({
    "expected", "scheduled", "planned", "proposed", "based", "concerned", "interested",
    "related", "unnamed", "detailed", "limited", "united", "advanced", "need", "indeed",
    "proceed", "exceed", "succeed", "speed", "seed", "feed", "breed", "hundred", "red",
    "bed", "shed", "weed", "heed", "greed", "deed", "owned", "armed", "skilled",
    "talented", "called", "wed", "embed", "slated", "poised", "delayed", "postponed",
    "extended", "pushed", "moved",
})
_SV_FUTURE_WORDS: frozenset[str] = frozenset({
    "ska", "skall", "skulle", "väntas", "förväntas", "beräknas", "planerar", "planeras",
    "avser", "ämnar", "nästa", "kommande", "framöver", "snart",
})
_SV_FUTURE_PAIRS: frozenset[tuple[str, str]] = frozenset({("kommer", "att")})
_SV_PAST_WORDS: frozenset[str] = frozenset({
    "sa", "sade", "sagt", "uppgav", "meddelade", "bekräftade", "berättade", "skrev",
    "träffades", "möttes", "var", "hade", "blev", "kom", "gick", "gav", "tog", "fick",
    "höll", "såg", "införde", "höjde", "sänkte", "inledde", "avslutade", "tidigare",
    "förra", "nyligen", "föll", "steg", "sjönk", "gjorde", "började", "slutade", "skedde",
    "beslutade", "kunde", "ville", "sades",
})
_SV_NOT_PAST: frozenset[str] = frozenset({"bade", "lade", "mercedes"})
_EN_BOUNDARY_WORDS: frozenset[str] = frozenset({
    "that", "which", "who", "where", "when", "while", "since", "after", "before",
    "because", "although", "though", "whereas", "what", "following",
})
_SV_BOUNDARY_WORDS: frozenset[str] = frozenset({
    "att", "som", "där", "när", "medan", "sedan", "efter", "innan", "eftersom", "fast",
    "trots", "vad",
})
_REPORTING_WORDS: frozenset[str] = frozenset({
    "said", "says", "told", "tells", "reported", "reports", "revealed", "announced",
    "confirmed", "stated", "wrote", "tweeted", "speaking", "sa", "sade", "säger", "uppgav",
    "uppger", "meddelade", "bekräftade", "skrev",
})
_CLAUSE_TAKING_VERBS: frozenset[str] = frozenset({
    "said", "says", "say", "sa", "sade", "säger", "uppgav", "uppger",
})
_PREPOSITIONS: frozenset[str] = frozenset({
    "on", "in", "at", "during", "via", "through", "to", "late", "early", "earlier", "i",
    "på", "under", "vid", "till", "enligt",
})
_COMPLEMENTISERS: frozenset[str] = frozenset({"that", "att"})
_STRIP = ".,;:!?\"“”‘’'()[]«»"
_CLAUSE_PUNCT = (",", ";", ":", "(", ")", '"', "“", "”")
_DASHES = frozenset({"-", "–", "—", "--"})
# Sentence ends: ., ! or ? (with closing quotes) and whitespace, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(]?[A-ZÅÄÖ0-9])|\n")
_ABBREVIATIONS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gov", "sen", "rep", "inc", "corp", "co", "ltd", "jr",
    "gen", "no", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct",
    "nov", "dec", "vs", "u.s", "u.k", "u.n", "e.u", "p.m", "a.m",
})
# Cues further than this many words away are not looked at.
_MAX_CUE_WORDS: int = 40


@dataclass(frozen=True)
class _Tense:
    future_words: frozenset[str]
    future_pairs: frozenset[tuple[str, str]]
    past_words: frozenset[str]
    not_past: frozenset[str]
    past_suffixes: tuple[str, ...]
    boundary_words: frozenset[str]


_TENSES: dict[str, _Tense] = {
    "en": _Tense(_EN_FUTURE_WORDS, _EN_FUTURE_PAIRS, _EN_PAST_WORDS, _EN_NOT_PAST, ("ed",),
                 _EN_BOUNDARY_WORDS),
    # -ade/-ades: first conjugation; -des/-tes/-dde: passives and short verbs.
    "sv": _Tense(_SV_FUTURE_WORDS, _SV_FUTURE_PAIRS, _SV_PAST_WORDS, _SV_NOT_PAST,
                 ("ade", "ades", "des", "tes", "dde"), _SV_BOUNDARY_WORDS),
}


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start; "Mr. Kudlow", "U.S. Trade", "Sept. 19" do not end one."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group(0) != "\n":
            before = text[max(0, match.start() - 5):match.start()].split()
            if before and (before[-1].lower().lstrip("(") in _ABBREVIATIONS
                           or (len(before[-1]) == 1 and before[-1].isupper())):
                continue
        starts.append(end)
    return starts


def _normalise(words: list[str]) -> list[str]:
    return [w.strip(_STRIP).lower() for w in words]


def _cue(raw: str, word: str, prev: str | None, nxt: str | None,
         tense: _Tense) -> str | None:
    """Direction signalled by one word (``raw`` as written, ``word`` normalised, with
    normalised neighbours), or None."""
    if not word or (word == "may" and raw.lstrip(_STRIP).startswith("M")):
        return None  # "May" is the month, not the modal
    if word.endswith(("'ll", "’ll")):
        return "future"
    if (prev is not None and (prev, word) in tense.future_pairs) or (
            nxt is not None and (word, nxt) in tense.future_pairs):
        return "future"
    if word in tense.future_words:
        return "future"
    if word in tense.past_words:
        return "past"
    if (len(word) > 4 and word.endswith(tense.past_suffixes) and word.isalpha()
            and word not in tense.not_past):
        return "past"
    return None


def _scan(raws: list[str], words: list[str], tense: _Tense,
          forward: bool) -> tuple[str, int, bool, bool] | None:
    """First cue walking away from the expression over ``raws`` (normalised: ``words``).

    Returns (direction, distance in words, whether a clause boundary was crossed on the
    way, whether it is a reporting verb the date attaches to: "said on Twitter on Friday").
    A complementiser ("that", "att") ends the walk: the tense of a reported clause is not
    the tense of the report ("said Tuesday that tariffs rise on Sept. 1").
    """
    n = len(words)
    order = range(n) if forward else range(n - 1, -1, -1)
    crossed = False
    for distance, i in enumerate(order):
        raw = raws[i]
        word = words[i]
        if not forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
            crossed = True  # this word closes the clause before ours
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < n else None
        if not forward and word in _CLAUSE_TAKING_VERBS:
            if distance <= 1 or nxt in _PREPOSITIONS:
                return "past", distance, crossed, not crossed
            # "said talks resume Sept. 19": the verb heads a reported clause whose own
            # tense is unmarked.
            crossed = True
            continue
        direction = _cue(raw, word, prev, nxt, tense)
        if direction is not None:
            return direction, distance, crossed, False
        if word in _COMPLEMENTISERS and (prev, word) not in tense.future_pairs:
            break
        if word in tense.boundary_words or raw.startswith(_CLAUSE_PUNCT):
            crossed = True
        if forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
            crossed = True
    return None


def _tense_of(text: str, lo: int, hi: int, start: int, end: int, lang: str) -> str:
    """Direction from the nearest cue in the clause (else in the sentence ``text[lo:hi]``)
    around ``text[start:end]``."""
    tense = _TENSES.get(lang, _TENSES["en"])
    left_raw = text[lo:start].split()[-_MAX_CUE_WORDS:]
    right_raw = text[end:hi].split()[:_MAX_CUE_WORDS]
    left = _scan(left_raw, _normalise(left_raw), tense, False)
    if left is not None and left[3]:
        return left[0]
    found = [c for c in (left, _scan(right_raw, _normalise(right_raw), tense, True)) if c]
    in_clause = [c for c in found if not c[2]]
    pool = in_clause or found
    # min() keeps the first of equals: ties go to the left-hand cue.
    return min(pool, key=lambda c: c[1])[0] if pool else "unknown"


# Words that put a year-less day ahead of the publication date when they sit in the
# day's own clause ("delayed until Dec. 15", "from Sept. 1", "planned Sept. 1 increase").
_SCHEDULING_WORDS: frozenset[str] = frozenset({
    "starting", "effective", "deadline", "planned", "scheduled",
    "due", "slated", "set", "upcoming", "next", "delayed", "postponed", "extended",
    "pushed", "moved", "deferred", "senast",
})
# ... and these only right before it ("from Sept. 1", "until Dec. 15", "från 1 juni").
_SCHEDULING_PREPOSITIONS: frozenset[str] = frozenset({
    "from", "until", "till", "från", "tills", "ab", "bis", "à", "dès", "desde", "hasta",
    "fra", "indtil",
})
# Words that open another clause: the walk stops there.
_CLAUSE_OPENERS: frozenset[str] = frozenset({
    "that", "whether", "if", "which", "who", "because", "although", "while", "whereas",
    "att", "om", "som", "eftersom", "dass", "ob", "que", "si", "at", "hvis",
})
_CLAUSE_WORDS: int = 12


def _yearless_direction(text: str, lo: int, hi: int, start: int, end: int,
                        lang: str) -> str:
    """Direction of a day written without its year, read from its *own* clause only.

    Scheduling words and future tense point forward, "last"/"earlier"/past tenses and
    participles back; reporting verbs ("said", "has agreed") never decide, since the
    tense of the report is not the tense of the date. The walk stops at clause
    punctuation, a dash or a complementiser. No cue: ``unknown`` (nearest occurrence).
    """
    tense = _TENSES.get(lang, _TENSES["en"])
    left = text[lo:start].split()[-_CLAUSE_WORDS:]
    right = text[end:hi].split()[:_CLAUSE_WORDS]
    cues: list[tuple[int, str]] = []
    for forward, raws in ((False, left[::-1]), (True, right)):
        for distance, raw in enumerate(raws):
            if not forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
                break
            word = raw.strip(_STRIP).lower()
            if word in _CLAUSE_OPENERS or raw in _DASHES or "—" in raw or "–" in raw:
                break
            if distance == 0 and not forward and word in _SCHEDULING_PREPOSITIONS:
                cues.append((distance, "future"))
                continue
            if word in _REPORTING_WORDS or word in _CLAUSE_TAKING_VERBS:
                # The day of the report itself ("reported July 21", "told Fox Business
                # July 17", "said on Sept. 3") is past; a reporting verb further off
                # heads another clause and says nothing about this day.
                between = left[len(left) - distance:] if not forward else []
                if not forward and all(w in _PREPOSITIONS or w[:1].isupper()
                                       for w in between):
                    cues.append((distance, "past"))
            elif word in _SCHEDULING_WORDS or word in tense.future_words or word.endswith(
                    ("'ll", "’ll")):
                cues.append((distance, "future"))
            elif word in tense.past_words or (
                    len(word) > 4 and word.endswith(tense.past_suffixes) and word.isalpha()
                    and word not in tense.not_past):
                cues.append((distance, "past"))
            if forward and (raw.endswith(_CLAUSE_PUNCT) or raw.endswith(".")):
                break
    return min(cues)[1] if cues else "unknown"


def _has_reporting_verb(text: str, lo: int, hi: int) -> bool:
    return any(w in _REPORTING_WORDS for w in _normalise(text[lo:hi].split()))


# ----------------------------------------------------------------------------------------
# Public API


def _candidates(text: str, lang: str) -> list[_Candidate]:
    """Run each pattern only in a small window around the trigger tokens it needs."""
    language = _LANGUAGES[lang]
    n = len(text)
    found: list[_Candidate] = []
    seen: set[tuple[int, int, int]] = set()
    for t_start, t_end, category in _triggers(text, language):
        if category == "M" and lang == "en" and text[t_start].islower():
            continue  # English months are capitalised: "may", "march" are verbs
        lo = max(0, t_start - _WINDOW_BEFORE)
        hi = min(n, t_end + _WINDOW_AFTER)
        for pattern, handler in language.by_category[category]:
            # The matches finditer would give, one search at a time (no pattern matches
            # an empty string): most windows hold none, and one ``search`` is cheaper
            # than an iterator. Matches come in start order, so once one starts after
            # the trigger none of the rest can cover it.
            match = pattern.search(text, lo, hi)
            while match is not None:
                m_start, m_end = match.span()
                if m_start > t_start:
                    break
                if m_end >= t_end:
                    key = (id(pattern), m_start, m_end)
                    if key not in seen:
                        seen.add(key)
                        candidate = handler(match, text, lang)
                        if candidate is not None:
                            found.append(candidate)
                # else another trigger's match; found from that trigger
                match = pattern.search(text, m_end, hi)
    return found


def _non_overlapping(found: list[_Candidate]) -> list[_Candidate]:
    """Longest span wins; equal lengths go to the earlier start, then to pattern order."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect.bisect_left(taken, (cand.start, cand.end))
        if i > 0 and taken[i - 1][1] > cand.start:
            continue
        if i < len(taken) and taken[i][0] < cand.end:
            continue
        taken.insert(i, (cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def find_date_expressions(text: str, lang: str = "en") -> list[DateExpr]:
    """Find every date expression in ``text``.

    Parameters
    ----------
    text : str
        Article text (offsets refer to it).
    lang : str
        ``en`` or ``sv``; any other code uses the English rules.

    Returns
    -------
    list of DateExpr
        Sorted by ``start`` and non-overlapping (the longest candidate wins).
    """
    lang = lang if lang in _LANGUAGES else "en"
    chosen = _non_overlapping(_candidates(text, lang))
    if not chosen:
        return []
    starts = _sentence_starts(text)
    out: list[DateExpr] = []
    for cand in chosen:
        i = bisect.bisect_right(starts, cand.start) - 1
        lo = starts[i]
        hi = max(starts[i + 1] if i + 1 < len(starts) else len(text), cand.end)
        rule = cand.rule
        if (cand.intrinsic is None and rule[0] == "date" and rule[1] is None
                and not cand.with_weekday):
            direction = _yearless_direction(text, lo, hi, cand.start, cand.end, lang)
        else:
            direction = cand.intrinsic or _tense_of(text, lo, hi, cand.start, cand.end, lang)
        if rule[0] == "weekday" and rule[2] == "?":
            # English news names the publication day itself by its weekday ("will
            # continue on Friday" in a Friday story); Swedish says "i dag" for that,
            # so a Swedish "på fredag" is a later Friday.
            future_mode = "future" if lang == "sv" else "coming"
            mode = {"past": "past", "future": future_mode}.get(direction)
            if mode is None:
                mode = "past" if _has_reporting_verb(text, lo, hi) else "nearest"
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
    _, year, month, day = rule
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
        day = base - dt.timedelta(days=back)
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
