"""Date-expression candidates: the patterns of each language, their handlers, and the
trigger tokens that wake them.

:func:`candidates` runs each pattern only in a small window around a trigger token (a
month or weekday name, a relative word, a 19xx/20xx number); :func:`non_overlapping`
keeps the longest. Handlers return a :class:`Candidate` whose ``rule`` is the hashable
description :func:`analysis.text.dates.resolve.resolve` computes a date from. English
and Swedish have hand-written patterns whose words come from their tables; every other
language in :data:`analysis.text.lang.REGISTRY` shares one generic pattern set built
from its :class:`~analysis.text.lang.tables.LanguageTables` (:func:`knows`).
May import: ``analysis.text.dates.words``, ``analysis.text.lang``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser

from analysis.text.dates.words import (
    DAY,
    EN_MON,
    EN_MONTH_FULL,
    EN_MONTH_NAMES,
    EN_MONTHS,
    EN_ORDINAL_WORD,
    EN_ORDINALS,
    EN_WEEKDAY,
    EN_WEEKDAYS,
    NO_DAY_AFTER,
    PARTS,
    SV_MON,
    SV_MONTH_NAMES,
    SV_MONTHS,
    SV_WEEKDAY,
    SV_WEEKDAYS,
    WEEKDAY_NAME_AFTER,
    WEEKDAY_NAME_BEFORE,
    YEAR,
    alt,
)
from analysis.text.lang import LANGUAGE_TABLES, REGISTRY, LanguageTables, en, sv

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
    return REGISTRY[lang].months[name.lower().rstrip(".")]


def _absolute_rule(year: str | None, month: int, day: int,
                   lang: str) -> tuple[object, ...] | None:
    """``('date', year, month, day)`` once dateparser confirms the month and day.

    The span handed to dateparser is rebuilt from the parts this module read
    ("18 juli", "September 19"), without the year, which ``datetime.date`` checks: so
    at most 366 distinct parses per language ever reach dateparser (a fraction of a
    millisecond each) and the cache serves every later one.
    """
    # Spelled out here rather than by the locale-dependent ``calendar.month_name``.
    name = SV_MONTH_NAMES[month - 1] if lang == "sv" else EN_MONTH_NAMES[month - 1]
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
class Candidate:
    start: int
    end: int
    kind: str
    precision: str
    rule: tuple[object, ...]
    # Direction implied by the words themselves ("last", "next", "i torsdags"), or None.
    intrinsic: str | None = None
    # A day named with its weekday ("Thursday (Aug 15)"): the weekday's tense rules apply.
    with_weekday: bool = False


_Handler = Callable[[re.Match[str], str, str], "Candidate | None"]


def _g(match: re.Match[str], name: str) -> str | None:
    try:
        return match.group(name)
    except IndexError:
        return None


def _span(match: re.Match[str], group: str = "span") -> tuple[int, int]:
    if _g(match, group) is not None:
        return match.start(group), match.end(group)
    return match.start(), match.end()


def _h_month_day(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"July 18", "Sept. 19", "18 juli", "the first of October", "September first"."""
    month = _month_number(match.group("mon"), lang)
    ordw = _g(match, "ordw")
    day = EN_ORDINALS.get(ordw.lower(), 0) if ordw else int(match.group("day"))
    year = _g(match, "year")
    rule = _absolute_rule(year, month, day, lang)
    if rule is None:
        return None
    start, end = _span(match)
    return Candidate(start, end, "absolute", "day", rule)


def _h_weekday_date(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"Thursday (Sept 19)", "Sunday, May 5, 2019": the date wins over the weekday."""
    if _weekday_is_name(match, text, match.start("wd"), match.end("wd")):
        return None
    found = _h_month_day(match, text, lang)
    if found is None:
        return None
    word = match.group("wd").lower()
    # "måndagen", "tisdags": the weekday whose name the word starts with
    weekday = next((n for name, n in {**EN_WEEKDAYS, **SV_WEEKDAYS}.items()
                    if word.startswith(name)), None)
    return replace(found, with_weekday=True, rule=_with_weekday(found.rule, weekday))


def _h_sv_weekday_date(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"måndagen den 5 augusti": the day as :func:`_h_month_day` reads it (its tense from
    its own clause), with the weekday kept for its year."""
    found = _h_month_day(match, text, lang)
    if found is None:
        return None
    word = match.group("wd").lower()
    weekday = next((n for name, n in SV_WEEKDAYS.items() if word.startswith(name)), None)
    return replace(found, rule=_with_weekday(found.rule, weekday))


def _with_weekday(rule: tuple[object, ...], weekday: int | None) -> tuple[object, ...]:
    """A year-less day keeps the weekday printed with it (``('date', None, 9, 24, 0)``
    for "Monday, September 24"): weekday/date agreement picks its year
    (:func:`analysis.text.dates.resolve`). A day with its year needs none."""
    if rule[1] is not None or weekday is None:
        return rule
    return (*rule, weekday)


def _h_iso(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    year, month, day = (int(match.group(k)) for k in ("year", "monthnum", "day"))
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return Candidate(match.start(), match.end(), "absolute", "day", ("date", year, month, day))


def _h_month(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """Months with a cue word: "in May", "late June", "i slutet av juni", "May 2019"."""
    month = _month_number(match.group("mon"), lang)
    part_word = _g(match, "part")
    part = PARTS.get(part_word.lower().rstrip("-").split()[-1]) if part_word else None
    year = _g(match, "year")
    rel = (_g(match, "rel") or "").lower()
    intrinsic = _MONTH_MODIFIERS.get(rel)
    start, end = _span(match)
    if intrinsic is None and _SINCE_BEFORE.search(text, max(0, start - 8), start):
        intrinsic = "past"  # "since May", "sedan i maj"
    return Candidate(
        start, end, "partial", "month",
        ("month", int(year) if year else None, month, part), intrinsic,
    )


_MONTH_MODIFIERS: dict[str, str] = {**en.TABLES.month_modifiers, **sv.TABLES.month_modifiers}
_SINCE_BEFORE = re.compile(
    rf"\b(?i:{alt((*en.TABLES.since_words, *sv.TABLES.since_words))})\s+$")


def _h_year(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    start, end = _span(match)
    return Candidate(start, end, "partial", "year", ("year", int(match.group("year"))))


def _weekday_is_name(match: re.Match[str], text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start]
    after = text[end:end + 20]
    return bool(WEEKDAY_NAME_BEFORE.search(before) or WEEKDAY_NAME_AFTER.match(after))


def weekday_intrinsic(mode: str) -> str | None:
    """The direction a weekday mode implies by itself (``last``/``past`` back,
    ``future``/``coming`` ahead, ``nearest`` and ``?`` none)."""
    return {"last": "past", "past": "past", "future": "future", "coming": "future"}.get(mode)


def _h_en_weekday(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"Tuesday", "earlier Tuesday", "last Friday", "Tuesday night"."""
    if _weekday_is_name(match, text, match.start("wd"), match.end("wd")):
        return None
    weekday = EN_WEEKDAYS[match.group("wd").lower()]
    modifier = " ".join((_g(match, "mod") or "").lower().split())
    mode = en.TABLES.weekday_modifiers.get(modifier, "?")
    intrinsic = weekday_intrinsic(mode)
    start, end = _span(match)
    return Candidate(start, end, "relative", "day", ("weekday", weekday, mode), intrinsic)


def _h_sv_weekday(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"i torsdags" (last Thursday), "på tisdag", "nästa fredag", "förra måndagen"."""
    weekday = SV_WEEKDAYS.get(match.group("wd").lower())
    if weekday is None:
        return None  # a case-insensitive match whose lower case differs ("TİSDAG")
    prep = (_g(match, "prep") or "").lower()
    suffix = (_g(match, "suffix") or "").lower()
    if suffix == sv.TABLES.weekday_suffix_last:
        if prep != "i":
            return None  # "tisdags" outside "i tisdags" is a genitive compound
        mode = "last"
    else:
        mode = sv.TABLES.weekday_modifiers.get(prep, "?")
    intrinsic = weekday_intrinsic(mode)
    start, end = _span(match)
    return Candidate(start, end, "relative", "day", ("weekday", weekday, mode), intrinsic)


def _direction_of_offset(offset: int) -> str | None:
    return "past" if offset < 0 else "future" if offset > 0 else None


def _fixed(kind: str, precision: str, rule: tuple[object, ...],
           intrinsic: str | None) -> _Handler:
    def handler(match: re.Match[str], text: str, lang: str) -> Candidate:
        start, end = _span(match)
        return Candidate(start, end, kind, precision, rule, intrinsic)
    return handler


def _h_ago(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"three days ago", "för två veckor sedan"."""
    raw = match.group("n").lower()
    numbers = REGISTRY[lang].numbers
    n = int(raw) if raw.isdigit() else numbers.get(" ".join(raw.split()))
    if n is None or n > 60:
        return None
    sign = -1 if (_g(match, "ago") or _g(match, "sedan")) else 1
    unit = match.group("unit").lower()
    start, end = _span(match)
    intrinsic = "past" if sign < 0 else "future"
    if unit.startswith(("day", "dag")):
        return Candidate(start, end, "relative", "day", ("days", sign * n), intrinsic)
    if unit.startswith(("week", "veck")):
        return Candidate(start, end, "relative", "week", ("week", sign * n), intrinsic)
    if unit.startswith(("month", "månad")):
        return Candidate(start, end, "relative", "month", ("month_rel", sign * n), intrinsic)
    return Candidate(start, end, "relative", "year", ("year_rel", sign * n), intrinsic)


def _h_weekend(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    rel = " ".join((_g(match, "rel") or "").lower().split())
    mode = _WEEKEND_MODES.get(rel, "?")
    intrinsic = {"past": "past", "future": "future"}.get(mode)
    start, end = _span(match)
    return Candidate(start, end, "relative", "week", ("weekend", mode), intrinsic)


_WEEKEND_MODES: dict[str, str] = {**en.TABLES.weekend_modes, **sv.TABLES.weekend_modes}
_REL_UNITS_EN: dict[str, tuple[str, str]] = en.TABLES.relative_units
_REL_WORDS_EN: dict[str, tuple[int, str | None]] = en.TABLES.relative_offsets


def _h_en_rel_unit(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"last week", "next month", "earlier this year", "this past week"."""
    rel = " ".join(match.group("rel").lower().split())
    unit = match.group("unit").lower()
    start, end = _span(match)
    if rel in {"this past", "the past"}:
        if unit != "week":
            return None  # "the past year" is a rolling window, not a calendar period
        return Candidate(start, end, "relative", "week", ("days_span", -6, 0), "past")
    if rel not in _REL_WORDS_EN:
        return None
    offset, intrinsic = _REL_WORDS_EN[rel]
    name, precision = _REL_UNITS_EN[unit]
    if unit == "week" and rel in ("earlier this", "later this"):
        # the part of this week before (after) the publication day, not all of it
        part = "earlier" if rel == "earlier this" else "later"
        return Candidate(start, end, "relative", "week", ("week_part", part), intrinsic)
    return Candidate(start, end, "relative", precision, (name, offset), intrinsic)


_SV_REL: dict[str, tuple[str, tuple[object, ...], str | None]] = sv.TABLES.relative


def _h_sv_rel(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    phrase = " ".join(match.group(0).lower().split())
    if phrase not in _SV_REL:
        return None  # "İ går": matched case-insensitively, lowers to another string
    precision, rule, intrinsic = _SV_REL[phrase]
    return Candidate(match.start(), match.end(), "relative", precision, rule, intrinsic)


def _h_en_day_word(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    offset = en.TABLES.day_words.get(" ".join(match.group(0).lower().split()))
    if offset is None:
        return None
    return Candidate(match.start(), match.end(), "relative", "day", ("days", offset),
                     _direction_of_offset(offset))


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
    (rf"(?P<span>{EN_WEEKDAY}(?:,\s*|\s+\(\s*|\s+){EN_MON}\s+{DAY}(?:,?\s+{YEAR})?\)?)",
     _h_weekday_date),
    # "July 18", "Sept. 19", "July 18, 2019"
    (rf"(?P<span>{EN_MON}\s+{DAY}(?:,?\s+{YEAR})?)", _h_month_day),
    # "18 July", "18th of July 2019"
    (rf"(?P<span>(?:\b[Tt]he\s+)?\b{DAY}\s+(?:of\s+)?{EN_MON}(?:,?\s+{YEAR})?)",
     _h_month_day),
    # "the first of October", "September first"
    (rf"(?P<span>(?:\b[Tt]he\s+)?\b{EN_ORDINAL_WORD}\s+of\s+{EN_MON}(?:,?\s+{YEAR})?)",
     _h_month_day),
    (rf"(?P<span>{EN_MON}\s+{EN_ORDINAL_WORD})\b(?!-)", _h_month_day),
    # Months: "late June", "mid-July", "the end of June", "in May", "since May 2019"
    (rf"(?P<span>(?i:\b(?:in\s+)?(?:the\s+)?"
     rf"{_EN_PART}(?:\s+of)?)\s*{EN_MON}(?:,?\s+{YEAR})?)", _h_month),
    (rf"(?P<span>\b[Ii]n\s+{EN_MON}(?:,?\s+{YEAR})?){NO_DAY_AFTER}", _h_month),
    (rf"\b(?:[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Dd]uring|[Tt]hrough|[Ff]rom|[Bb]efore|"
     rf"[Aa]fter|of|for|[Tt]o|[Tt]his|[Ee]arlier\s+in|[Ll]ater\s+in)\s+"
     rf"(?P<span>{EN_MON}(?:,?\s+{YEAR})?){NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<rel>[Ll]ast|[Nn]ext)\s+{EN_MON}(?:,?\s+{YEAR})?){NO_DAY_AFTER}",
     _h_month),
    (rf"(?P<span>\b(?P<mon>{EN_MONTH_FULL})\s+{YEAR})", _h_month),
    # Years with a preposition: "in 2018", "since 2019"
    (rf"(?P<span>\b(?i:in|since|until|by|during|before|after|of|from)\s+{YEAR})"
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
     rf"this\s+coming|coming|this))\s+(?:on\s+)?)?{EN_WEEKDAY})"
     r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?", _h_en_weekday),
)

_SV_PATTERNS: tuple[tuple[str, _Handler], ...] = (
    (_EN_PATTERNS[0][0], _h_iso),
    # "18 juli", "den 18 juli 2019", "18:e juli"
    (rf"(?P<span>(?:\b[Dd]en\s+)?\b{DAY}(?::[ae])?\s+{SV_MON}(?:\s+{YEAR})?)",
     _h_month_day),
    # "måndagen den 5 augusti", "tisdag 6 augusti 2019"
    (rf"(?P<span>\b(?i:{SV_WEEKDAY})(?:en)?,?\s+(?:[Dd]en\s+)?{DAY}(?::[ae])?\s+{SV_MON}"
     rf"(?:\s+{YEAR})?)", _h_sv_weekday_date),
    # "i slutet av juni", "i början av augusti", "i mitten av juli", "mitten av maj"
    (rf"(?P<span>(?i:\b(?:i\s+)?)(?P<part>(?i:början|mitten|slutet))"
     rf"\s+av\s+{SV_MON}(?:\s+{YEAR})?)", _h_month),
    # "i juni", "i juni 2019"
    (rf"(?P<span>\b[Ii]\s+{SV_MON}(?:\s+{YEAR})?){NO_DAY_AFTER}", _h_month),
    (rf"\b(?i:sedan|till|tills|före|efter|under|från|av|inför|fram\s+till)\s+"
     rf"(?P<span>{SV_MON}(?:\s+{YEAR})?){NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<rel>(?i:förra|nästa))\s+{SV_MON}(?:\s+{YEAR})?){NO_DAY_AFTER}", _h_month),
    (rf"(?P<span>\b(?P<mon>januari|februari|mars|april|maj|juni|juli|augusti|september|"
     rf"oktober|november|december)\s+{YEAR})", _h_month),
    (rf"(?P<span>\b(?i:i|sedan|till|under|före|efter|från)\s+{YEAR})(?!\s*[-–]\s*\d)",
     _h_year),
    # Relative phrases (longest alternatives first)
    (rf"\b(?i:{alt(_SV_REL)})\b", _h_sv_rel),
    # "för tre dagar sedan"
    (r"(?P<span>\b(?i:för)\s+(?P<n>\d{1,2}|(?i:ett\s+par|en|ett|två|tre|fyra|fem|sex|sju|"
     r"åtta|nio|tio))\s+(?P<unit>(?i:dagar|dag|veckor|vecka|månader|månad|år))\s+"
     r"(?P<sedan>sedan)\b)", _h_ago),
    # Weekend: "i helgen", "förra helgen", "nästa helg", "under helgen"
    (r"(?P<span>\b(?:(?P<rel>(?i:förra|nästa|kommande))\s+|(?i:i|under|över)\s+)"
     r"(?i:helgen|helg)\b)", _h_weekend),
    # Weekdays: "i torsdags", "på tisdag(en)", "nästa fredag", "förra måndagen", "tisdag"
    (rf"(?P<span>(?:\b(?P<prep>(?i:i|på|nästa|förra|under))\s+)?"
     rf"\b(?i:{SV_WEEKDAY})(?P<suffix>s|en)?)\b", _h_sv_weekday),
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
    **dict.fromkeys(EN_MONTHS, "M"),
    **dict.fromkeys(EN_WEEKDAYS, "W"),
    **en.TABLES.trigger_words,
}
_SV_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(SV_MONTHS, "M"),
    **{f"{day}{ending}": "W" for day in SV_WEEKDAYS
       for ending in ("", *sv.TABLES.weekday_endings)},
    **sv.TABLES.trigger_words,
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


# ----------------------------------------------------------------------------------------
# German, Danish, French, Spanish: one pattern set built from each language's tables



def _h_table_day_month(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"15 de enero", "1. Dezember 2019", "13 décembre", "12. september": the tables
    are the parser (no dateparser round trip), so only calendar validity is checked."""
    month = _month_number(match.group("mon"), lang)
    day = int(match.group("day"))
    year = _g(match, "year")
    try:
        dt.date(int(year) if year else 2000, month, day)  # 2000: Feb 29 is valid
    except ValueError:
        return None
    start, end = _span(match)
    return Candidate(start, end, "absolute", "day",
                      ("date", int(year) if year else None, month, day))


def _h_table_weekday_date(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    """"Montag, 24. September", "lundi 24 septembre", "el lunes 24 de septiembre",
    "mandag den 24. september": the date, with the weekday kept for its year."""
    found = _h_table_day_month(match, text, lang)
    weekday = REGISTRY[lang].weekdays.get(match.group("wd").lower())
    if found is None or weekday is None:
        return None
    return Candidate(match.start(), match.end(), found.kind, found.precision,
                      _with_weekday(found.rule, weekday), with_weekday=True)


def _h_table_weekday(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    tables = REGISTRY[lang]
    weekday = tables.weekdays.get(match.group("wd").lower())
    if weekday is None:
        return None
    mod = " ".join((_g(match, "mod") or "").lower().split())
    suffix = (_g(match, "suffix") or "").lower()
    if suffix:
        if not tables.weekday_suffix_last or mod != "i":
            return None  # a genitive compound ("torsdagsmøde"), not a date
        mode = "last"
    else:
        mode = tables.weekday_modifiers.get(mod, "?")
    intrinsic = weekday_intrinsic(mode)
    start, end = _span(match)
    return Candidate(start, end, "relative", "day", ("weekday", weekday, mode), intrinsic)


def _h_table_day_word(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    offset = REGISTRY[lang].day_words.get(" ".join(match.group(0).lower().split()))
    if offset is None:
        return None
    return Candidate(match.start(), match.end(), "relative", "day", ("days", offset),
                     _direction_of_offset(offset))


def _h_table_relative(match: re.Match[str], text: str, lang: str) -> Candidate | None:
    entry = REGISTRY[lang].relative.get(" ".join(match.group(0).lower().split()))
    if entry is None:
        return None
    precision, rule, intrinsic = entry
    return Candidate(match.start(), match.end(), "relative", precision, rule, intrinsic)


def _full_month_names(months: dict[str, int]) -> list[str]:
    """Names that are not a shorter form of another name of the same month."""
    return [k for k, v in months.items()
            if not any(o != k and o.startswith(k) and months[o] == v for o in months)]


def _phrase(words: Iterable[str]) -> str:
    """Case-insensitive alternation of phrases, any run of spaces between their words."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split())
                    for p in sorted(words, key=len, reverse=True))


def _table_language(t: LanguageTables) -> _Language:
    full = _full_month_names(t.months)
    short = [k for k in t.months if k not in full]
    mon = (rf"(?P<mon>(?i:{alt(full)})\b"
           + (rf"|(?i:{alt(short)})\." if short else "") + ")")
    joiners = "".join(rf"(?:{j}\s+)?" for j in t.day_month_joiners)
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:\.|er|º)?"
    year = rf"(?:\s+(?:{joiners}|,\s*)?{YEAR})?"
    patterns: list[tuple[str, _Handler]] = [
        (_EN_PATTERNS[0][0], _h_iso),
        # "06.07.2018": dotted numeric dates are day-first in these languages
        (r"(?<![\d.])(?P<day>0?[1-9]|[12]\d|3[01])\.(?P<monthnum>0?[1-9]|1[0-2])\."
         r"(?P<year>(?:19|20)\d{2})(?![\d.])", _h_iso),
        (rf"(?P<span>\b{day}\s+{joiners}{mon}{year})(?![\d%])", _h_table_day_month),
        (rf"(?P<span>\b(?P<wd>(?i:{alt(t.weekdays)})),?\s+(?:(?i:den|dem|le|el|de|der)\s+)?"
         rf"{day}\s+{joiners}{mon}{year})(?![\d%])", _h_table_weekday_date),
        (rf"(?P<span>\b(?i:{_phrase(t.month_prepositions)})\s+{mon}{year})"
         + NO_DAY_AFTER, _h_month),
        (rf"(?P<span>\b(?P<mon>(?i:{alt(full)}))\s+{YEAR})", _h_month),
        (rf"(?P<span>\b(?i:{_phrase(t.year_prepositions)})\s+{YEAR})(?!\s*[-–]\s*\d)",
         _h_year),
        (rf"(?<![\w'’-])(?i:{_phrase(t.day_words)})(?![\w-])", _h_table_day_word),
        (rf"(?<![\w'’-])(?i:{_phrase(t.relative)})(?![\w-])", _h_table_relative),
        (rf"(?P<span>(?:\b(?P<mod>(?i:{_phrase(t.weekday_modifiers)}))\s+)?"
         rf"\b(?P<wd>(?i:{alt(t.weekdays)}))"
         rf"(?P<suffix>{re.escape(t.weekday_suffix_last) if t.weekday_suffix_last else '(?!)'})?)"
         r"(?![\w-])", _h_table_weekday),
    ]
    categories = ("Y", "Y", "M", "M", "M", "M", "Y", "D", "D", "W")
    triggers: dict[str, str] = dict.fromkeys(t.months, "M")
    for name in t.weekdays:
        triggers[name] = "W"
        if t.weekday_suffix_last:
            triggers[name + t.weekday_suffix_last] = "W"
    for phrase in (*t.day_words, *t.relative):
        # the longest word of a phrase wakes it ("semana" in "la semana pasada")
        triggers.setdefault(max(_WORD.findall(phrase.lower()), key=len), "D")
    return _language(tuple(patterns), categories, triggers)


_WORD = re.compile(r"\w+")
_HAND_WRITTEN: dict[str, _Language] = {
    "en": _language(_EN_PATTERNS, _EN_CATEGORIES, _EN_TRIGGERS),
    "sv": _language(_SV_PATTERNS, _SV_CATEGORIES, _SV_TRIGGERS),
}
# Table languages, compiled from the registry's tables (kept with them, so a table
# registered again under the same code is compiled again).
_COMPILED: dict[str, tuple[LanguageTables, _Language]] = {}


def _compiled(lang: str) -> _Language:
    hand = _HAND_WRITTEN.get(lang)
    if hand is not None:
        return hand
    tables = REGISTRY[lang]
    hit = _COMPILED.get(lang)
    if hit is None or hit[0] is not tables:
        hit = (tables, _table_language(tables))
        _COMPILED[lang] = hit
    return hit[1]


def knows(lang: str) -> bool:
    """Whether ``lang`` has date patterns (hand-written or from registered tables)."""
    return lang in _HAND_WRITTEN or lang in REGISTRY


for _tables in LANGUAGE_TABLES:  # the known table languages, compiled once at import
    _compiled(_tables.code)
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



def candidates(text: str, lang: str) -> list[Candidate]:
    """Run each pattern only in a small window around the trigger tokens it needs."""
    language = _compiled(lang)
    n = len(text)
    found: list[Candidate] = []
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


def non_overlapping(found: list[Candidate]) -> list[Candidate]:
    """Longest span wins; equal lengths go to the earlier start, then to pattern order."""
    chosen: list[Candidate] = []
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

