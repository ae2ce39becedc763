"""The per-language word tables: complete and well-formed, one module per language."""

from __future__ import annotations

import re

import pytest

from analysis.text.lang import LANGUAGE_TABLES, da, de, en, es, fr, sv
from analysis.text.lexicon import LEXICONS, lexicon_of

CLASSES = {"tariff", "purchase", "talks", "tech", "currency"}
CATEGORIES = {"tariff", "agriculture", "talks", "tech", "currency"}


@pytest.mark.parametrize("module", [en, sv, de, da, fr, es], ids=lambda m: m.__name__[-2:])
def test_direction_tables_cover_every_object_class(module) -> None:
    d = module.DIRECTION
    assert set(d.objects) == CLASSES
    assert set(d.escalation) <= CLASSES and set(d.deescalation) <= CLASSES
    words = [w for table in (d.objects, d.escalation, d.deescalation) for ws in table.values()
             for w in ws]
    assert all(w == w.lower() and w.strip() == w for w in words)


@pytest.mark.parametrize("module", [en, sv], ids=["en", "sv"])
def test_english_and_swedish_calendars(module) -> None:
    assert set(module.TABLES.months.values()) == set(range(1, 13))
    assert sorted(module.TABLES.weekdays.values()) == list(range(7))
    assert set(module.TABLES.category) == CATEGORIES


@pytest.mark.parametrize("tables", LANGUAGE_TABLES, ids=lambda t: t.code)
def test_table_languages_are_complete(tables) -> None:
    assert set(tables.months.values()) == set(range(1, 13))
    assert sorted(set(tables.weekdays.values())) == list(range(7))
    assert set(tables.category) == CATEGORIES
    assert set(tables.direction) == {"escalation", "de-escalation"}
    for words in (*tables.category.values(), *tables.direction.values(), tables.trade_terms):
        for w in words:
            re.compile(w)
    assert tables.code in LEXICONS and lexicon_of(tables.code) is LEXICONS[tables.code]


def test_unknown_language_gets_the_english_and_swedish_words() -> None:
    assert lexicon_of("it") is LEXICONS["en"]
