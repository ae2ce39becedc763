"""Publication dates printed in the text: the :class:`PublicationDate` record every
dating step returns, datelines at the head or foot of an article (:func:`find_dateline`)
and year-less wire datelines (:func:`find_yearless_dateline`).

One dateline grammar (:func:`grammar_datelines`) reads the place/agency/date forms in
every supported language's month and weekday words, with or without the year: ``City,
ST, Month D, YYYY-Text``, ``CITY, Nov. 20 (Agency) --``, ``Mon DD, YYYY - Outlet``,
``CITY, Monday, Nov. 19 -``, a whole-line ``CITY, Dec 13, 2019`` at the foot. Publication
keywords come from the languages' ``publication_words``.

Dates found here carry their provenance (``dateline``); nothing is guessed.
May import: ``analysis.text.dates``, ``analysis.text.lang``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from analysis.text.dates.words import EN_MONTHS, EN_WEEKDAYS
from analysis.text.lang import HAND_WRITTEN, LANGUAGE_TABLES, sv

# Datelines sit in the first or last few lines; absolute dates in the body are events.
_HEAD_CHARS: int = 300
_TAIL_CHARS: int = 300


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published, how precisely, and how we know.

    Attributes
    ----------
    date : datetime.date or None
        The chosen date (the first day of the period for month or year precision).
    precision : str
        ``day``, ``month``, ``year`` or ``unknown``.
    source : str
        ``metadata``, ``dateline``, ``inferred``, ``inferred-crossdoc`` or ``unknown``.
    earliest, latest : datetime.date or None
        The feasible range (inclusive); equal to ``date`` for a day-precise dateline.
    evidence : str
        The quoted text or an explanation.
    """

    date: dt.date | None
    precision: str
    source: str
    earliest: dt.date | None
    latest: dt.date | None
    evidence: str


UNKNOWN_PUBLICATION = PublicationDate(None, "unknown", "unknown", None, None, "no evidence")


# ----------------------------------------------------------------------------------------
# Datelines

# Dateline months: THE month table of the package (English names and abbreviations).
_MONTHS: dict[str, int] = EN_MONTHS
_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY_RE = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)"
)
# A clock time after a date, with the joiners the languages put between them ("at",
# "kl.", "om", "à", "às", "um", "a las", a dash or a bar): "13 dec. 2019 om 10:30",
# "13 DIC 2019 - 10:30 CET", "Publié le 13/12/2019 à 10h30".
_TIME_RE = r"(?:,?\s+(?:(?:at|kl\.?|klokken|om|à|às|um|a\s+las|-|–|\|)\s+)?" \
           r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?" \
           r"(?:\s*\(?[A-Z]{1,5}\)?)?)"
_KEYWORD_RE = (
    r"(?i:date[d:]?|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?"
    r"|first\s+published)"
)

# Month-name datelines: "July 23, 2019 15:53 ET", "Published Sunday, May 5, 2019".
_MDY = (
    rf"{_WEEKDAY_RE}?{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>(?:19|20)\d{2})"
)
# "Tue, 06 Aug 2019 01:23 GMT", "20 September 2019".
_DMY = (rf"{_WEEKDAY_RE}?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+"
        r"(?P<year>(?:19|20)\d{2})")
_BOTH = (_MDY, _DMY)  # month-first, then day-first: each dateline form in both orders
_ISO_DAY = r"(?P<year>(?:19|20)\d{2})-(?P<monthnum>\d{2})-(?P<day>\d{2})"
_ISO_MONTH = r"(?P<year>(?:19|20)\d{2})-(?P<monthnum>\d{2})(?![-\d])"

_DATELINE_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE if insensitive else 0), standalone)
    for pattern, insensitive, standalone in (
        # keyword + any date form: a dateline wherever it sits in the head or foot
        (rf"\b{_KEYWORD_RE}\s*:?\s+(?:{_ISO_DAY})", True, False),
        (rf"\b{_KEYWORD_RE}\s*:?\s+(?:{_ISO_MONTH})", True, False),
        *((rf"\b{_KEYWORD_RE}\s*:?\s+(?:{d}){_TIME_RE}?", False, False) for d in _BOTH),
        # a date with a clock time: only a dateline prints one
        *((rf"(?:{d}){_TIME_RE}", False, False) for d in _BOTH),
        # a wire dateline: "WASHINGTON, July 23, 2019 (Reuters) -"
        (rf"\b[A-Z][A-Z.'/ -]*[A-Z.],\s+(?:{_MDY})\s*\([A-Za-z. ]{{2,25}}\)\s*(?:-|–|—|:)",
         False, False),
        # a full date led by its weekday ending a line of the head:
        # "- The Washington Times - Wednesday, July 31, 2019"
        *((rf"(?m:{_WEEKDAY_RE}(?:{d})[ \t]*$)", False, False) for d in _BOTH),
        # a date after a byline separator: "By Jane Doe | May 15, 2019", "• 15 May 2019"
        *((rf"[|•·]\s*(?:{d})", False, False) for d in _BOTH),
        # a year-first date with slashes: "2019/08/23"
        (r"(?<![\d/])(?P<year>(?:19|20)\d{2})/(?P<monthnum>\d{1,2})/(?P<day>\d{1,2})(?![\d/])",
         False, False),
        # an ISO date opening a line ("2019-09-20 WASHINGTON")
        (rf"(?m:^[ \t]*{_ISO_DAY}\b)", False, False),
        # a date alone on its line
        *((rf"(?m:^[ \t]*(?:{d})[ \t]*$)", False, True) for d in _BOTH),
    )
)
# Datelines of the other languages: "6. Juli 2018", "13 décembre 2019", "31 de diciembre
# de 2019", "12. september 2019", "06.07.2018" (dotted numeric dates are day-first
# wherever they are written), after a publication keyword, with a clock time, or alone
# on their line.
_INTL_MONTHS: dict[str, int] = {
    name: month
    for table in (sv.TABLES.months, *(t.months for t in LANGUAGE_TABLES))
    for name, month in table.items() if len(name) >= 3
}
_INTL_MONTH_RE = "|".join(sorted(map(re.escape, _INTL_MONTHS), key=len, reverse=True))
_DMY_INTL = (
    rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<intlmonth>(?i:{_INTL_MONTH_RE}))\.?,?\s+"
    r"(?:de\s+)?(?P<year>(?:19|20)\d{2})(?!\d)"
)
_DOTTED = r"(?<![\d.])(?P<day>\d{1,2})\.(?P<monthnum>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?![\d.])"
# Publication keywords: every language's ``publication_words`` (the old spellings kept).
_PUBLICATION_WORDS = sorted(
    {w for t in (sv.TABLES, *LANGUAGE_TABLES, *HAND_WRITTEN) for w in t.publication_words},
    key=len, reverse=True)
_INTL_KEYWORD_RE = (
    r"(?i:(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _PUBLICATION_WORDS)
    + r")(?:\s+(?:le|el|am|den|on|em|op))?|"
    r"publi(?:é|e|cado|cerad|ceret|shed)(?:\s+(?:le|el|am|den|on))?|"
    r"ver(?:ö|oe)ffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|mis\s+à\s+jour(?:\s+le)?|"
    r"actualizado(?:\s+el)?|udgivet|opdateret|uppdaterad|stand:?)"
)
# A slashed numeric date: day-first after another language's keyword; otherwise only
# when one of its numbers cannot be a month ("12/13/2019", "13/12/2019").
_SLASHED = (r"(?<![\d/])(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<year>(?:19|20)\d{2})(?![\d/])")
_INTL_DATELINES: tuple[re.Pattern[str], ...] = (
    *(re.compile(pattern)
      for form in (_DMY_INTL, _DOTTED)
      for pattern in (
          rf"{_INTL_KEYWORD_RE}\s*:?\s+(?:\w+,?\s+)?(?:{form})",
          rf"(?:{form}){_TIME_RE}",
          rf"(?m:^[ \t]*(?:\w+,?\s+)?(?:{form})[ \t]*$)",
      )),
    re.compile(rf"{_INTL_KEYWORD_RE}\s*:?\s+(?:\w+,?\s+)?(?:{_SLASHED})"),
    re.compile(rf"(?:{_SLASHED}){_TIME_RE}"),
    # a byline ending in the date: "By Jane Doe Dec. 13, 2019", "Av Kari Nordmann 13.12.2019"
    *(re.compile(rf"(?m:^(?:By|Av|Af|Von|Par|Por|Door)\s[^\n]{{1,60}}?\s(?:{form})[ \t]*$)")
      for form in (_MDY, _DMY, _DMY_INTL, _DOTTED)),
)

# The year every dateline pattern above and below requires.
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
# A keyword-less month-name date counts in the foot only when it is the whole line.
_FOOT_DATELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"(?m:^[ \t]*(?:{form}){_TIME_RE}?(?:\s*\([^)\n]{{1,20}}\))?[ \t]*$)")
    for form in (_MDY, _DMY)
)
# At the foot: the keyword forms (the first four), a whole-line date, then a date with a
# clock time (the next two: "Source: Outlet May 8, 2018 03:00 UTC"; after the whole-line
# form, which keeps a trailing "(19:53 GMT)"), then the other languages'.
_FOOT_PATTERNS: tuple[re.Pattern[str], ...] = (
    *(p for p, _ in _DATELINE_PATTERNS[:4]), *_FOOT_DATELINES,
    *(p for p, _ in _DATELINE_PATTERNS[4:6]), *_INTL_DATELINES)


def _dateline_from_match(match: re.Match[str]) -> PublicationDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("sa"):
        a, b = int(groups["sa"]), int(groups["sb"])
        keyword = re.match(_INTL_KEYWORD_RE, match.group(0)) is not None
        english = re.match(r"(?i:published|updated|posted|last|first)", match.group(0))
        if keyword and not english:
            groups = {**groups, "day": str(a), "monthnum": str(b)}  # day-first languages
        elif a > 12 >= b:
            groups = {**groups, "day": str(a), "monthnum": str(b)}
        elif b > 12 >= a:
            groups = {**groups, "day": str(b), "monthnum": str(a)}
        else:
            return None  # "05/06/2019": which is the month, the page does not say
    if groups.get("monthnum"):
        month = int(groups["monthnum"])
    elif groups.get("intlmonth"):
        month = _INTL_MONTHS[groups["intlmonth"].lower()]
    else:
        month = _MONTHS[groups["month"].lower().rstrip(".")]
    evidence = " ".join(match.group(0).split())
    if not 1 <= month <= 12:
        return None
    if groups.get("day") is None:
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return PublicationDate(first, "month", "dateline", first, last, evidence)
    try:
        day = dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None
    return PublicationDate(day, "day", "dateline", day, day, evidence)


# A weekday printed with a full date anywhere in the head ("... trade deal Thursday,
# January 16, 2020 U.S. President ..."): a stamp when the weekday agrees with the date,
# which a date quoted in the body rarely bothers to add and never gets wrong by chance
# (one day in seven).
_WEEKDAY_NAMES: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
_AGREEING_WEEKDAY = tuple(
    re.compile(rf"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
               rf"(?:{form})")
    for form in (_MDY.replace(_WEEKDAY_RE + "?", ""), _DMY.replace(_WEEKDAY_RE + "?", ""))
)


def _weekday_agrees(match: re.Match[str], found: PublicationDate) -> bool:
    wd = _WEEKDAY_NAMES[match.group("wd")[:3].lower()]
    return found.date is not None and found.date.weekday() == wd


def find_dateline(text: str) -> PublicationDate | None:
    """The printed dateline (:func:`_printed_dateline`), else a weekday-and-date pair
    of the head whose weekday agrees with the date (``Thursday, January 16, 2020``)."""
    found = _printed_dateline(text)
    if found is not None:
        return found
    head = text[:_HEAD_CHARS]
    for pattern in _AGREEING_WEEKDAY:
        for match in pattern.finditer(head):
            day = _dateline_from_match(match)
            if day is not None and _weekday_agrees(match, day):
                return PublicationDate(day.date, "day", "dateline", day.date, day.date,
                                       f"{day.evidence} (weekday agrees with the date)")
    return None


# ----------------------------------------------------------------------------------------
# The dateline grammar: one set of forms in every supported language's month and weekday
# words, with or without the year.
#
#   PLACE, [le|el|den|am|em] [WEEKDAY,] DATE [(AGENCY) | /AGENCY/] SEP   "WASHINGTON, Nov. 20
#                                        (Reuters) --", "DES MOINES, Iowa, Sept. 24, 2019-"
#   PLACE (AGENCY) SEP DATE SEP                     "WASHINGTON (Reuters) - Dec 13, 2019 -"
#   ^[WEEKDAY,] DATE (AGENCY) SEP                   "Nov 20 (Reuters) -"
#   ^[WEEKDAY,] DATE-with-year SEP OUTLET$          "Oct 11, 2019 - Bloomberg News"
#   ^PLACE, DATE-with-year$                         (at the foot: "WASHINGTON, Dec 13, 2019")
#
# DATE is month-first ("Nov. 20", "Sept. 24, 2019") or day-first ("20. November 2019",
# "20 de noviembre de 2019"). A year-less form gives a :class:`YearlessDateline` (the year
# comes from the content), a form with its year a day dateline.
_ALL_MONTHS: dict[str, int] = {**_INTL_MONTHS, **_MONTHS}
_ALL_WEEKDAYS: dict[str, int] = {
    **{name: day for table in (sv.TABLES, *LANGUAGE_TABLES)
       for name, day in table.weekdays.items()},
    **_WEEKDAY_NAMES, **EN_WEEKDAYS,
    "tues": 1, "thur": 3, "thurs": 3,
}


def _alternation(words: dict[str, int]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _g_date(n: int) -> str:
    """The DATE of the grammar with its groups numbered ``n`` (a pattern names each
    group once)."""
    month = rf"(?i:(?:{_alternation(_ALL_MONTHS)}))\b\.?"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º)?(?![\d:%])"
    return (
        rf"(?:(?P<gwd{n}>(?i:{_alternation(_ALL_WEEKDAYS)}))\b\.?,?\s+)?"
        rf"(?:(?P<gmona{n}>{month})\s+(?P<gdaya{n}>{day})"
        rf"|(?P<gdayb{n}>{day})\.?\s+(?:de\s+)?(?P<gmonb{n}>{month}))"
        rf"(?:,?\s+(?:de\s+)?(?P<gyear{n}>(?:19|20)\d{{2}})(?!\d))?"
    )


_G_PLACE = (r"(?P<city>[A-ZÀ-Ý][\w.'’-]*(?:[ -](?:(?:de|do|da|del|am|an|la|le)\s)?"
            r"[A-ZÀ-Ý][\w.'’-]*){0,3}(?:,\s*[A-ZÀ-Ý][\w.]{1,14}){0,2})")
_G_AGENCY = r"(?:\s*(?:\([^)\n]{0,30}\)|/[^/\n]{1,30}/))"
_G_SEP = r"(?:\s*\.?\s*(?:-{1,2}|–|—|:|\|)|\s\.(?=\s))"
_G_LEAD = r"(?:(?:le|el|den|am|em|on)\s+)?"
# A whole line at the head or the foot: "WASHINGTON, Dec 13, 2019".
_GRAMMAR_FOOT: re.Pattern[str] = re.compile(
    rf"(?m:^[ \t]*){_G_PLACE},\s+{_G_LEAD}{_g_date(1)}[ \t]*$", re.MULTILINE)


_GRAMMAR: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("place", re.compile(
        rf"(?m:^|(?<=\s)){_G_PLACE},\s+{_G_LEAD}{_g_date(1)}{_G_AGENCY}?{_G_SEP}")),
    ("place", re.compile(
        rf"(?m:^|(?<=\s)){_G_PLACE}{_G_AGENCY}{_G_SEP}\s*{_g_date(1)}(?:{_G_SEP}|[ \t]*$)",
        re.MULTILINE)),
    ("line", re.compile(rf"(?m:^[ \t]*){_g_date(1)}{_G_AGENCY}{_G_SEP}")),
    ("outlet", re.compile(
        rf"(?m:^[ \t]*){_g_date(1)}{_G_SEP}[ \t]*[A-Z][\w.&'’ ]{{1,40}}[ \t]*$", re.MULTILINE)),
    ("line", _GRAMMAR_FOOT),
)
@dataclass(frozen=True)
class _GrammarDate:
    month: int
    day: int
    year: int | None
    weekday: int | None
    evidence: str


def _grammar_date(match: re.Match[str]) -> _GrammarDate | None:
    """The date of a grammar match, or ``None`` when it is no calendar day or its printed
    weekday disagrees with its printed year (then it is prose, not a stamp)."""
    g = match.groupdict()
    name = (g["gmona1"] or g["gmonb1"]).lower().rstrip(".")
    month = _ALL_MONTHS.get(name)
    day = int(re.match(r"\d+", g["gdaya1"] or g["gdayb1"]).group(0))  # type: ignore[union-attr]
    weekday = _ALL_WEEKDAYS.get(g["gwd1"].lower()) if g.get("gwd1") else None
    if weekday is None and g.get("city") and "," in g["city"]:
        # "WASHINGTON, Monday, Nov. 19": the place's last part was the weekday
        weekday = _ALL_WEEKDAYS.get(g["city"].rsplit(",", 1)[1].strip().lower().rstrip("."))
    year = int(g["gyear1"]) if g.get("gyear1") else None
    if month is None or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return None
    if year is not None and weekday is not None and \
            dt.date(year, month, day).weekday() != weekday:
        return None
    return _GrammarDate(month, day, year, weekday, " ".join(match.group(0).split()))


def _opens(head: str, match: re.Match[str], form: str) -> bool:
    """A dateline opens a line (or follows the headline after a wide gap), unless its
    place is in the wire's capitals: "He said in Paris, May 5 -" is prose."""
    start = match.start()
    if start == 0 or head[start - 1] == "\n" or head[max(0, start - 2):start] == "  ":
        return True
    return form == "place" and match.group("city").split(",")[0].isupper()


def grammar_datelines(text: str) -> list[_GrammarDate]:
    """Every dateline of the grammar in the first ~300 characters, in text order.

    Parameters
    ----------
    text : str

    Returns
    -------
    list
        Month, day, year (``None`` when not printed), printed weekday (``None`` when
        none) and the dateline as printed; a printed weekday that disagrees with a
        printed year rejects the match (prose, not a stamp).
    """
    head = text[:_HEAD_CHARS]
    found: list[tuple[int, _GrammarDate]] = []
    for form, pattern in _GRAMMAR:
        for match in pattern.finditer(head):
            if form == "place" and not _opens(head, match, form):
                continue
            date = _grammar_date(match)
            if date is not None:
                found.append((match.start(), date))
    return [d for _, d in sorted(found, key=lambda p: p[0])]


def _grammar_publication(text: str) -> PublicationDate | None:
    """A dateline of the grammar with its year, at the head, else a whole-line one at
    the foot."""
    dated = [d for d in grammar_datelines(text) if d.year is not None]
    if not dated and len(text) > _HEAD_CHARS:
        tail = text[max(_HEAD_CHARS, len(text) - _TAIL_CHARS):]
        dated = [d for m in _GRAMMAR_FOOT.finditer(tail)
                 if (d := _grammar_date(m)) is not None and d.year is not None]
    if not dated:
        return None
    first = dated[0]
    day = dt.date(first.year, first.month, first.day)  # type: ignore[arg-type]
    return PublicationDate(day, "day", "dateline", day, day, first.evidence)


@dataclass(frozen=True)
class YearlessDateline:
    """A dateline with day and month but no year (the year must come from the content).

    Attributes
    ----------
    month, day : int
    evidence : str
        The dateline as printed.
    """

    month: int
    day: int
    evidence: str
    weekday: int | None = None


def find_yearless_dateline(text: str) -> YearlessDateline | None:
    """The first year-less dateline of the grammar (:func:`grammar_datelines`) in the
    first ~300 characters, or ``None``. Only the grammar's forms count (a place, a
    comma and a date opening a line or with its place in capitals, then an agency and/or
    a separator; or a date and an agency opening a line): a bare "Nov. 20" in a sentence
    is not a dateline. A printed weekday ("Monday, Nov. 19") is kept: it names the year."""
    for found in grammar_datelines(text):
        if found.year is None:
            return YearlessDateline(found.month, found.day, found.evidence, found.weekday)
    return None


def _printed_dateline(text: str) -> PublicationDate | None:
    """Find a dateline at the head or foot of an article.

    Recognised: ``date 2019-09-20``, ``date 2019-05`` (month precision), a wire dateline
    (``WASHINGTON, July 23, 2019 (Reuters) -``), a weekday-led date ending a head line,
    the other languages' dates (``Veröffentlicht am 6. Juli 2018``, ``13 décembre 2019
    10:30``, ``06.07.2018`` alone on its line),
    ``July 23, 2019 15:53 ET``, ``Published Sunday, May 5, 2019``,
    ``Tue, 06 Aug 2019 01:23 GMT``, an ISO date opening a line, and a full date
    standing alone on a line. Only the first ~300 characters are searched, plus
    the last ~300 for a keyword date, a date with a clock time (``Source: Outlet May 8,
    2018 03:00 UTC``) or a date line that is the whole line (wire services such as
    Dow Jones print ``July 23, 2019 15:53 ET (19:53 GMT)`` at the foot), so absolute
    dates in the body never count. The date is taken as printed (no time-zone shift).

    Parameters
    ----------
    text : str

    Returns
    -------
    PublicationDate or None
        Source ``dateline``; ``None`` when the article has no dateline.
    """
    head = text[:_HEAD_CHARS]
    # Every dateline form has a 19xx/20xx year: without one the patterns cannot match,
    # and one search is cheaper than trying them all.
    if _ANY_YEAR.search(head):
        for pattern in (*(p for p, _ in _DATELINE_PATTERNS), *_INTL_DATELINES):
            for match in pattern.finditer(head):
                found = _dateline_from_match(match)
                if found is not None:
                    return found
        grammar = _grammar_publication(text[:_HEAD_CHARS])
        if grammar is not None:
            return grammar
    if len(text) > _HEAD_CHARS:
        tail = text[max(_HEAD_CHARS, len(text) - _TAIL_CHARS):]
        if not _ANY_YEAR.search(tail):
            return None
        for pattern in _FOOT_PATTERNS:
            for match in pattern.finditer(tail):
                found = _dateline_from_match(match)
                if found is not None:
                    return found
        return _grammar_publication(text)
    return None
