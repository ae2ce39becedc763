"""Adding a language is one LanguageTables: an invented one is registered here, in the
test alone (no package module edited), and its sentences get dated; and no module of
the text stage outside ``lang/`` holds language words of its own."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import config
from analysis.text.dates.resolve import find_date_expressions, resolve
from analysis.text.dates.tense import future_weekday_mode
from analysis.text.lang import REGISTRY, LanguageTables, en, register

D = dt.date

# "Zemblan", invented for this test: Latin-like month and weekday names no real
# language's tables hold, so any date found below can only come from these tables.
ZEMBLAN = LanguageTables(
    code="zx",
    months={"primus": 1, "secundus": 2, "tertius": 3, "quartus": 4, "quintus": 5,
            "sextus": 6, "septimus": 7, "octavus": 8, "nonus": 9, "decimus": 10,
            "undecimus": 11, "duodecimus": 12},
    weekdays={"lunis": 0, "martis": 1, "mercuris": 2, "iovis": 3, "veneris": 4,
              "saturnis": 5, "solis": 6},
    weekday_modifiers={"proximo": "future", "priore": "last"},
    day_words={"hodie": 0, "heri": -1, "cras": 1},
    relative={"hebdomade proxima": ("week", ("week", 1), "future")},
    month_prepositions=("mense",),
    year_prepositions=("anno",),
    future_words=frozenset({"erit", "erunt"}),
    past_words=frozenset({"fuit", "fuerunt"}),
    reporting_words=frozenset({"dixit"}),
    category={"tariff": (r"vectigal\w*",)},
    direction={"escalation": (r"auxit",), "de-escalation": (r"minuit",)},
    trade_terms=(r"mercatur\w*",),
    speech_verbs=(r"dixit",),
)


@pytest.fixture
def zemblan() -> Iterator[LanguageTables]:
    register(ZEMBLAN)
    yield ZEMBLAN
    REGISTRY.pop(ZEMBLAN.code)


def _dated(text: str, base: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    for expr in find_date_expressions(text, "zx"):
        r = resolve(expr, base)
        assert r is not None
        out.append((expr.text, r.start, r.end))
    return out


def test_an_unregistered_language_gets_the_english_rules() -> None:
    assert find_date_expressions("Vectigal auxit 5 octavus 2019.", "zx") == []


def test_a_registered_table_language_is_dated(zemblan: LanguageTables) -> None:
    base = D(2019, 8, 7)  # a Wednesday
    assert _dated("Minister dixit vectigal auxit 5 octavus 2019.", base) == [
        ("5 octavus 2019", D(2019, 8, 5), D(2019, 8, 5))]
    assert _dated("Heri minister dixit.", base) == [("Heri", D(2019, 8, 6), D(2019, 8, 6))]
    assert _dated("Colloquia hebdomade proxima erunt.", base) == [
        ("hebdomade proxima", D(2019, 8, 12), D(2019, 8, 18))]
    assert _dated("Colloquia proximo veneris erunt.", base) == [
        ("proximo veneris", D(2019, 8, 9), D(2019, 8, 9))]
    assert _dated("Vectigal mense sextus fuit.", base) == [
        ("mense sextus", D(2019, 6, 1), D(2019, 6, 30))]


def test_its_tense_words_direct_a_yearless_day(zemblan: LanguageTables) -> None:
    base = D(2019, 9, 1)
    # the same day, written without its year: the table's own future and past words
    # choose the year
    assert _dated("Vectigal 15 octavus erit.", base) == [
        ("15 octavus", D(2020, 8, 15), D(2020, 8, 15))]
    assert _dated("Vectigal 15 octavus fuit.", base) == [
        ("15 octavus", D(2019, 8, 15), D(2019, 8, 15))]
    assert future_weekday_mode("zx") == "coming"


def test_hand_written_languages_cannot_be_replaced() -> None:
    with pytest.raises(ValueError, match="hand-written"):
        register(dataclasses.replace(en.TABLES, months={}))
    assert REGISTRY["en"] is en.TABLES


# Language words live in lang/ ------------------------------------------------------------
# The calendar, relative and tense words of every language's tables; a module of the
# text stage outside lang/ that spells three of them in one module-level table holds
# language words of its own. Rule and precision names (day, week...), which the code
# uses as identifiers, and language codes do not count.
_WORD_FIELDS = ("months", "weekdays", "numbers", "ordinals", "day_words", "relative",
                "relative_offsets", "weekday_modifiers", "weekend_modes", "month_parts",
                "month_modifiers", "future_words", "past_words", "not_past",
                "reporting_words", "boundary_words", "clause_verbs", "clause_openers",
                "scheduling_words", "scheduling_prepositions", "abbreviations")
_IDENTIFIERS = frozenset({"day", "days", "week", "weekend", "month", "year", "first"})


def _language_words() -> frozenset[str]:
    words: set[str] = set()
    for tables in REGISTRY.values():
        for name in _WORD_FIELDS:
            words |= {w.lower() for w in getattr(tables, name) if isinstance(w, str)}
    return frozenset(words - _IDENTIFIERS - set(REGISTRY))


def _word_tables(path: Path, words: frozenset[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            found = [c.value for c in ast.walk(node.value)
                     if isinstance(c, ast.Constant) and isinstance(c.value, str)
                     and c.value.lower() in words]
            if len(found) >= 3:
                bad.append(f"line {node.lineno}: {found[:5]}")
    return bad


def test_no_text_module_outside_lang_defines_language_words() -> None:
    words = _language_words()
    text = config.ROOT / "analysis" / "text"
    bad = {str(p.relative_to(text)): found for p in sorted(text.rglob("*.py"))
           if p.parent.name != "lang" and (found := _word_tables(p, words))}
    assert not bad, f"language words belong in analysis/text/lang: {bad}"


def test_the_word_checker_sees_a_word_table(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}\n'
                      'COLUMNS = ("date", "ticker", "close")\n', encoding="utf-8")
    assert _word_tables(sample, _language_words()) == [
        "line 1: ['yesterday', 'today', 'tomorrow']"]
