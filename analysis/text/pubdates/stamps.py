"""Publication dates printed in the text: the :class:`PublicationDate` record every
dating step returns, datelines at the head or foot of an article (:func:`find_dateline`)
and year-less wire datelines (:func:`find_yearless_dateline`).

Dates found here carry their provenance (``dateline``); nothing is guessed.
May import: ``analysis.text.dates``, ``analysis.text.lang``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from analysis.text.dates.words import EN_MONTHS
from analysis.text.lang import LANGUAGE_TABLES, sv

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
_TIME_RE = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?" \
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
_DMY = rf"{_WEEKDAY_RE}?(?P<day>\d{{1,2}})\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d{{2}})"
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
_INTL_KEYWORD_RE = (
    r"(?i:publi(?:é|e|cado|cerad|ceret|shed)(?:\s+(?:le|el|am|den|on))?|"
    r"ver(?:ö|oe)ffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|mis\s+à\s+jour(?:\s+le)?|"
    r"actualizado(?:\s+el)?|udgivet|opdateret|uppdaterad|stand:?)"
)
_INTL_DATELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for form in (_DMY_INTL, _DOTTED)
    for pattern in (
        rf"{_INTL_KEYWORD_RE}\s*:?\s+(?:\w+,?\s+)?(?:{form})",
        rf"(?:{form}){_TIME_RE}",
        rf"(?m:^[ \t]*(?:\w+,?\s+)?(?:{form})[ \t]*$)",
    )
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


# A year-less dateline: a place, a comma, a day and month (either order), then an agency
# in parentheses and/or a separator ("WASHINGTON, Nov. 20 (Reuters) --",
# "WASHINGTON, Nov 1 .", "Washington, 6 jul (.).-"). The year must come from elsewhere.
_ANY_MONTH_RE = "|".join(sorted(
    {re.escape(m) for m in (*_MONTHS, *_INTL_MONTHS)}, key=len, reverse=True))
_YEARLESS_DATELINE = re.compile(
    r"(?m:^|(?<=\s))(?P<city>[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){0,3}"
    r"(?:,\s*[A-Z][\w.]{1,14})?),\s+"
    rf"(?:(?P<mon1>(?i:{_ANY_MONTH_RE}))\.?\s+(?P<day1>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\.?\s+(?P<mon2>(?i:{_ANY_MONTH_RE}))\.?)"
    r"(?!\s*,?\s*(?:19|20)\d{2})"
    r"\s*(?:\([^)\n]{0,25}\)\s*)?(?:\.?\s*(?:-{1,2}|–|—|:)|\s\.(?=\s))"
)


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


def find_yearless_dateline(text: str) -> YearlessDateline | None:
    """A year-less dateline in the first ~300 characters (see :data:`_YEARLESS_DATELINE`),
    or ``None``. Only the place-comma-date-separator form counts, opening a line or with
    its place in capitals: a bare "Nov. 20" in a sentence is not a dateline."""
    head = text[:_HEAD_CHARS]
    for match in _YEARLESS_DATELINE.finditer(head):
        start = match.start()
        # A dateline opens a line (or follows the headline after a wide gap), unless
        # its place is in the wire's capitals: "He said in Paris, May 5 -" is prose.
        opens = start == 0 or head[start - 1] == "\n" or head[max(0, start - 2):start] == "  "
        if not (opens or match.group("city").isupper()):
            continue
        name = (match.group("mon1") or match.group("mon2")).lower().rstrip(".")
        month = _MONTHS.get(name) or _INTL_MONTHS.get(name)
        day = int(match.group("day1") or match.group("day2"))
        if month is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
            continue
        return YearlessDateline(month, day, " ".join(match.group(0).split()))
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
    if len(text) > _HEAD_CHARS:
        tail = text[max(_HEAD_CHARS, len(text) - _TAIL_CHARS):]
        if not _ANY_YEAR.search(tail):
            return None
        for pattern in _FOOT_PATTERNS:
            for match in pattern.finditer(tail):
                found = _dateline_from_match(match)
                if found is not None:
                    return found
    return None
