"""Tense cues around a date expression (analysis.text.dates.tense), read-only here: these pin
the rules the date resolver relies on. The module is being restructured (issue 19,
text/dates/), so the tests go through its current helpers by name."""

from __future__ import annotations

import pytest

from analysis.text.dates import tense


def direction(text: str, expr: str, lang: str = "en", yearless: bool = False) -> str:
    start = text.index(expr)
    read = tense.yearless_direction if yearless else tense.tense_of
    return read(text, 0, len(text), start, start + len(expr), lang)


@pytest.mark.parametrize(
    ("text", "expr", "lang", "expected"),
    [
        ("Talks will resume on Tuesday.", "Tuesday", "en", "future"),
        ("Negotiators say they'll meet on Tuesday.", "Tuesday", "en", "future"),
        ("Tariffs are expected to rise on Sept. 1.", "Sept. 1", "en", "future"),
        ("Talks resumed on Tuesday.", "Tuesday", "en", "past"),
        ("The officials met on Tuesday.", "Tuesday", "en", "past"),
        ("Nothing on Tuesday.", "Tuesday", "en", "unknown"),
        # "May" capitalised is the month, not the modal: the past tense decides.
        ("The May 10 increase took effect.", "May 10", "en", "past"),
        ("Samtalen kommer att fortsätta på fredag.", "på fredag", "sv", "future"),
    ],
)
def test_nearest_cue_decides(text: str, expr: str, lang: str, expected: str) -> None:
    assert direction(text, expr, lang) == expected


def test_a_reported_clause_has_its_own_tense() -> None:
    text = "Trump said Tuesday that tariffs will rise on Sept. 1."
    # The day of the report is past; the complementiser "that" opens the reported
    # clause, whose "will" makes Sept. 1 future.
    assert direction(text, "Tuesday") == "past"
    assert direction(text, "Sept. 1") == "future"


@pytest.mark.parametrize(
    ("text", "expr", "expected"),
    [
        ("Tariffs were delayed until Dec. 15.", "Dec. 15", "future"),
        ("Tariffs rise from Sept. 1.", "Sept. 1", "future"),
        ("Officials reported July 21 that exports fell.", "July 21", "past"),
        ("Talks resumed on Tuesday.", "Tuesday", "past"),
        ("Nothing on Tuesday.", "Tuesday", "unknown"),
    ],
)
def test_a_yearless_day_reads_only_its_own_clause(text: str, expr: str,
                                                  expected: str) -> None:
    assert direction(text, expr, yearless=True) == expected


def test_future_weekday_mode_per_language() -> None:
    # Swedish and Danish name the publication day "i dag": "på fredag" is a later Friday.
    assert tense.future_weekday_mode("sv") == "future"
    assert tense.future_weekday_mode("da") == "future"
    assert tense.future_weekday_mode("en") == "coming"


def test_sentence_starts_and_reporting_verbs() -> None:
    text = "Talks resumed. China said so, and the U.S. agreed. New tariffs follow."
    # "U.S." is an abbreviation, not a sentence end.
    assert tense.sentence_starts(text) == [0, 15, 51]
    assert tense.has_reporting_verb("China said so.", 0, 14)
    assert not tense.has_reporting_verb("Tariffs rise.", 0, 13)
