"""Calendar words of the hand-written languages (English, Swedish) as the patterns use
them, and the regular-expression fragments built on them.

The words themselves are the languages' :class:`~analysis.text.lang.tables.LanguageTables`
(:mod:`analysis.text.lang.en`, :mod:`analysis.text.lang.sv`); this module only names
them for the patterns. :data:`EN_MONTHS` is THE English month table of the package
(:mod:`analysis.text.pubdates.stamps` reads datelines with it).
May import: ``analysis.text.lang``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.text.lang import en, sv

EN_MONTHS: dict[str, int] = en.TABLES.months
SV_MONTHS: dict[str, int] = sv.TABLES.months
# Spelled out from the tables rather than by the locale-dependent ``calendar.month_name``.
EN_MONTH_NAMES: tuple[str, ...] = tuple(m.capitalize() for m in list(EN_MONTHS)[:12])
SV_MONTH_NAMES: tuple[str, ...] = tuple(list(SV_MONTHS)[:12])
EN_WEEKDAYS: dict[str, int] = en.TABLES.weekdays
SV_WEEKDAYS: dict[str, int] = sv.TABLES.weekdays
EN_ORDINALS: dict[str, int] = en.TABLES.ordinals
PARTS: dict[str, str] = {**en.TABLES.month_parts, **sv.TABLES.month_parts}


def alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first so "Sept" wins over "Sep"."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _names(months: dict[str, int]) -> tuple[list[str], list[str]]:
    """A month table's full names (its first twelve) and its abbreviations, longest
    first (so "sept" is tried before "sep")."""
    words = list(months)
    return words[:12], sorted(words[12:], key=len, reverse=True)


_EN_FULL, _EN_ABBR = _names(EN_MONTHS)
_SV_FULL, _SV_ABBR = _names(SV_MONTHS)
EN_MONTH_FULL = "|".join(m.capitalize() for m in _EN_FULL)
_EN_MONTH_ABBR = "|".join(m.capitalize() for m in _EN_ABBR)
# English month names must be capitalised: that alone removes the modal "may" and the
# verb "march" (a capitalised bare "May" or "March" still needs a cue word or a day).
EN_MON = rf"(?P<mon>(?:{EN_MONTH_FULL})\b|(?:{_EN_MONTH_ABBR})\b\.?)"
SV_MON = rf"(?P<mon>(?:{'|'.join(_SV_FULL)})\b|(?:{'|'.join(_SV_ABBR)})\b\.?)"
# A day number: not part of a longer number, a percentage, a clock time or an amount.
DAY = (
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\d%:/]|\.\d|,\d|\s*(?:%|per\s?cent|percent|billion|million|bn|m\b))"
)
YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
# A month followed by a day number is a day, not a month ("in May 5" is May 5), but
# "In March 10% of trade..." is still March.
NO_DAY_AFTER = (
    r"(?!\s+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\d%]|\s*(?:%|per\s?cent|percent)))"
)
EN_WEEKDAY = rf"(?P<wd>{'|'.join(w.capitalize() for w in EN_WEEKDAYS)})\b"
SV_WEEKDAY = rf"(?P<wd>{'|'.join(SV_WEEKDAYS)})"
EN_ORDINAL_WORD = rf"(?P<ordw>{alt(EN_ORDINALS)})"

# Words that make a weekday part of a name ("Black Friday", "the Sunday Times").
WEEKDAY_NAME_BEFORE = re.compile(
    r"(?:Black|Good|Super|Cyber|Ash|Easter|Palm|Holy|Maundy|Bloody|Shrove|Giving|Man)"
    r"\s+$"
)
WEEKDAY_NAME_AFTER = re.compile(
    r"^\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Star|Independent|Night\s+Live|"
    r"Morning\s+Post|Harbor|Weld)\b"
)

