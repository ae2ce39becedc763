"""Date expressions: a phrase table in English and Swedish, the seeds, and resolution rules."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest

from analysis import config
from analysis.text.articles import read_article
from analysis.text.dates.resolve import (
    DateExpr,
    ResolvedDate,
    find_date_expressions,
    resolve,
    resolve_all,
)

D = dt.date

# (sentence, lang, base, expected span, expected start, expected end, precision).
# Bases: 2019-07-23 is a Tuesday, 2019-07-25 a Thursday, 2019-09-20 a Friday.
PHRASES: list[tuple[str, str, dt.date | None, str, dt.date | None, dt.date | None, str]] = [
    # --- English absolute
    ("The two sides spoke by phone July 18.", "en", D(2019, 7, 23),
     "July 18", D(2019, 7, 18), D(2019, 7, 18), "day"),
    # "Sept." with a period breaks dateparser's search_dates
    ("Officials said talks resume Sept. 19 in Washington.", "en", D(2019, 9, 10),
     "Sept. 19", D(2019, 9, 19), D(2019, 9, 19), "day"),
    ("Higher tariffs are now set for Oct 15.", "en", D(2019, 9, 20),
     "Oct 15", D(2019, 10, 15), D(2019, 10, 15), "day"),
    ("Talks began on Thursday (Sept 19) in Washington.", "en", D(2019, 9, 20),
     "Thursday (Sept 19)", D(2019, 9, 19), D(2019, 9, 19), "day"),
    ("The deadline is the first of October.", "en", D(2019, 9, 20),
     "the first of October", D(2019, 10, 1), D(2019, 10, 1), "day"),
    ("New tariffs will take effect September first.", "en", D(2019, 8, 2),
     "September first", D(2019, 9, 1), D(2019, 9, 1), "day"),
    ("They met on the twenty-first of June.", "en", D(2019, 7, 23),
     "the twenty-first of June", D(2019, 6, 21), D(2019, 6, 21), "day"),
    ("The report was filed 2019-09-20 in Washington.", "en", None,
     "2019-09-20", D(2019, 9, 20), D(2019, 9, 20), "day"),
    ("The call took place on July 18, 2019.", "en", None,
     "July 18, 2019", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("A deal was struck on 18 July 2019.", "en", None,
     "18 July 2019", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("Shares rose on Thursday, July 18.", "en", D(2019, 7, 23),
     "Thursday, July 18", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("The levies were delayed to Dec 15.", "en", D(2019, 9, 20),
     "Dec 15", D(2019, 12, 15), D(2019, 12, 15), "day"),
    ("He began imposing the tariffs on Sept 1.", "en", D(2019, 9, 20),
     "Sept 1", D(2019, 9, 1), D(2019, 9, 1), "day"),
    # yearless dates across the new year
    ("The tariffs took effect Dec. 15.", "en", D(2020, 1, 10),
     "Dec. 15", D(2019, 12, 15), D(2019, 12, 15), "day"),
    ("Talks will resume Jan. 5 in Beijing.", "en", D(2019, 12, 20),
     "Jan. 5", D(2020, 1, 5), D(2020, 1, 5), "day"),
    ("Leaders will meet on the twenty-ninth of February.", "en", D(2020, 1, 10),
     "the twenty-ninth of February", D(2020, 2, 29), D(2020, 2, 29), "day"),
    # --- English partial
    ("Negotiations collapsed in May.", "en", D(2019, 7, 23),
     "in May", D(2019, 5, 1), D(2019, 5, 31), "month"),
    ("Negotiations collapsed in May.", "en", D(2020, 1, 10),
     "in May", D(2019, 5, 1), D(2019, 5, 31), "month"),
    ("The presidents met in Japan in late June.", "en", D(2019, 7, 23),
     "in late June", D(2019, 6, 21), D(2019, 6, 30), "month"),
    ("Leaders are likely to leave Beijing from early August.", "en", D(2019, 7, 22),
     "early August", D(2019, 8, 1), D(2019, 8, 10), "month"),
    ("Top-level talks are expected to follow in October.", "en", D(2019, 9, 20),
     "in October", D(2019, 10, 1), D(2019, 10, 31), "month"),
    ("Officials said on Monday they had met in mid-July.", "en", D(2019, 8, 5),
     "in mid-July", D(2019, 7, 11), D(2019, 7, 20), "month"),
    ("The meeting happened at the end of June.", "en", D(2019, 7, 23),
     "the end of June", D(2019, 6, 21), D(2019, 6, 30), "month"),
    ("In June, Trump and Xi met in Osaka.", "en", D(2019, 7, 23),
     "In June", D(2019, 6, 1), D(2019, 6, 30), "month"),
    ("Tariffs have been in place since May 2019.", "en", None,
     "May 2019", D(2019, 5, 1), D(2019, 5, 31), "month"),
    ("In March 10% of the trade was hit.", "en", D(2019, 7, 23),
     "In March", D(2019, 3, 1), D(2019, 3, 31), "month"),
    ("The tariffs took effect in 2018.", "en", None,
     "in 2018", D(2018, 1, 1), D(2018, 12, 31), "year"),
    # --- English relative
    ("Kudlow told reporters yesterday that talks would resume.", "en", D(2019, 7, 23),
     "yesterday", D(2019, 7, 22), D(2019, 7, 22), "day"),
    ("The delegation arrives today.", "en", D(2019, 7, 23),
     "today", D(2019, 7, 23), D(2019, 7, 23), "day"),
    ("The delegation arrives tomorrow.", "en", D(2019, 7, 23),
     "tomorrow", D(2019, 7, 24), D(2019, 7, 24), "day"),
    ("Mr. Kudlow told reporters earlier Tuesday.", "en", D(2019, 7, 23),
     "earlier Tuesday", D(2019, 7, 23), D(2019, 7, 23), "day"),
    ("Mr. Trump said Monday the U.S. agreed to timely licensing.", "en", D(2019, 7, 23),
     "Monday", D(2019, 7, 22), D(2019, 7, 22), "day"),
    ("Xinhua reported Sunday that firms asked about prices.", "en", D(2019, 7, 23),
     "Sunday", D(2019, 7, 21), D(2019, 7, 21), "day"),
    ("The two sides will hold talks on Tuesday.", "en", D(2019, 7, 25),
     "Tuesday", D(2019, 7, 30), D(2019, 7, 30), "day"),
    # a future weekday naming the publication day is that day (news style)
    ("The talks are scheduled to continue on Friday.", "en", D(2019, 9, 20),
     "Friday", D(2019, 9, 20), D(2019, 9, 20), "day"),
    # no tense cue and no reporting verb: the nearest Friday
    ("Markets open Friday.", "en", D(2019, 7, 23),
     "Friday", D(2019, 7, 26), D(2019, 7, 26), "day"),
    ("Prices fell last Friday.", "en", D(2019, 7, 26),
     "last Friday", D(2019, 7, 19), D(2019, 7, 19), "day"),
    ("They will meet next Tuesday.", "en", D(2019, 7, 23),
     "next Tuesday", D(2019, 7, 30), D(2019, 7, 30), "day"),
    ("He will speak later Tuesday.", "en", D(2019, 7, 23),
     "later Tuesday", D(2019, 7, 23), D(2019, 7, 23), "day"),
    # "2% on Monday": the date is Monday, the number is not part of it
    ("Soybean futures fell 2% on Monday.", "en", D(2019, 7, 23),
     "Monday", D(2019, 7, 22), D(2019, 7, 22), "day"),
    ("Markets were calm on Sunday night.", "en", D(2019, 7, 22),
     "Sunday", D(2019, 7, 21), D(2019, 7, 21), "day"),
    ("The talks went well last week.", "en", D(2019, 7, 22),
     "last week", D(2019, 7, 15), D(2019, 7, 21), "week"),
    # on a Sunday the week now ending is "last week"
    ("The call took place last week.", "en", D(2019, 7, 21),
     "last week", D(2019, 7, 15), D(2019, 7, 21), "week"),
    ("Trump complained again this past week.", "en", D(2019, 7, 22),
     "this past week", D(2019, 7, 16), D(2019, 7, 22), "week"),
    ("Envoys will meet in Shanghai next week.", "en", D(2019, 7, 25),
     "next week", D(2019, 7, 29), D(2019, 8, 4), "week"),
    ("The G-20 summit last month set the tone.", "en", D(2019, 7, 23),
     "last month", D(2019, 6, 1), D(2019, 6, 30), "month"),
    ("Exports could recover next month.", "en", D(2019, 12, 5),
     "next month", D(2020, 1, 1), D(2020, 1, 31), "month"),
    ("Beijing made goodwill gestures over the weekend.", "en", D(2019, 7, 22),
     "over the weekend", D(2019, 7, 20), D(2019, 7, 21), "week"),
    ("Negotiators began speaking again earlier this month.", "en", D(2019, 7, 23),
     "earlier this month", D(2019, 7, 1), D(2019, 7, 31), "month"),
    ("Tariffs imposed earlier this year hurt farmers.", "en", D(2019, 7, 23),
     "earlier this year", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("The two sides met three days ago.", "en", D(2019, 7, 23),
     "three days ago", D(2019, 7, 20), D(2019, 7, 20), "day"),
    # the reporting verb the date attaches to sets the tense, not the reported clause
    ("Trump said on Twitter on Friday that he would raise tariffs on Sept. 1.", "en",
     D(2019, 8, 5), "Friday", D(2019, 8, 2), D(2019, 8, 2), "day"),
    ("Trump said on Twitter on Friday that he would raise tariffs on Sept. 1.", "en",
     D(2019, 8, 5), "Sept. 1", D(2019, 9, 1), D(2019, 9, 1), "day"),
    # relative expressions need a base: never guessed
    ("The talks went well last week.", "en", None, "last week", None, None, "week"),
    ("Negotiations collapsed in May.", "en", None, "in May", None, None, "month"),
    ("The two sides spoke by phone July 18.", "en", None, "July 18", None, None, "day"),
    # --- Swedish
    # "i torsdags" is always a Thursday strictly before the base
    ("Handelsministeriet sa i torsdags att företagen vill köpa.", "sv", D(2019, 7, 26),
     "i torsdags", D(2019, 7, 25), D(2019, 7, 25), "day"),
    ("Handelsministeriet sa i torsdags att företagen vill köpa.", "sv", D(2019, 7, 25),
     "i torsdags", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("Sändebuden ska träffas i Shanghai nästa vecka.", "sv", D(2019, 7, 25),
     "nästa vecka", D(2019, 7, 29), D(2019, 8, 4), "week"),
    ("Gao talade om nästa veckas samtal.", "sv", D(2019, 7, 25),
     "nästa veckas", D(2019, 7, 29), D(2019, 8, 4), "week"),
    ("Delegationen kommer att hålla samtal på tisdag.", "sv", D(2019, 7, 26),
     "på tisdag", D(2019, 7, 30), D(2019, 7, 30), "day"),
    ("Regeringen sa i juni att inköpen måste vara rimliga.", "sv", D(2019, 7, 25),
     "i juni", D(2019, 6, 1), D(2019, 6, 30), "month"),
    # with languages=['sv'] dateparser alone reads "18 juli" as the year 2018
    ("Avtalet undertecknades den 18 juli.", "sv", D(2019, 7, 25),
     "den 18 juli", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("Samtalen hölls 18 juli 2019 i Washington.", "sv", None,
     "18 juli 2019", D(2019, 7, 18), D(2019, 7, 18), "day"),
    ("Trump införde begränsningar förra månaden.", "sv", D(2019, 7, 25),
     "förra månaden", D(2019, 6, 1), D(2019, 6, 30), "month"),
    ("Priserna steg igår.", "sv", D(2019, 7, 25),
     "igår", D(2019, 7, 24), D(2019, 7, 24), "day"),
    ("Priserna steg i går.", "sv", D(2019, 7, 25),
     "i går", D(2019, 7, 24), D(2019, 7, 24), "day"),
    ("Mötet hålls idag.", "sv", D(2019, 7, 25),
     "idag", D(2019, 7, 25), D(2019, 7, 25), "day"),
    ("Mötet hålls imorgon.", "sv", D(2019, 7, 25),
     "imorgon", D(2019, 7, 26), D(2019, 7, 26), "day"),
    ("Kina gick förra året med på att köpa mer.", "sv", D(2019, 7, 25),
     "förra året", D(2018, 1, 1), D(2018, 12, 31), "year"),
    ("Förhandlingarna avbröts i slutet av maj.", "sv", D(2019, 7, 25),
     "i slutet av maj", D(2019, 5, 21), D(2019, 5, 31), "month"),
    ("Handelsombuden träffades förra veckan.", "sv", D(2019, 7, 25),
     "förra veckan", D(2019, 7, 15), D(2019, 7, 21), "week"),
    ("Exporten ökade för två veckor sedan.", "sv", D(2019, 7, 25),
     "för två veckor sedan", D(2019, 7, 8), D(2019, 7, 14), "week"),
    ("Ministern talade i helgen.", "sv", D(2019, 7, 22),
     "i helgen", D(2019, 7, 20), D(2019, 7, 21), "week"),
    ("Tullarna höjdes i mars.", "sv", D(2019, 7, 25),
     "i mars", D(2019, 3, 1), D(2019, 3, 31), "month"),
    ("Förhandlingarna återupptas i oktober.", "sv", D(2019, 9, 20),
     "i oktober", D(2019, 10, 1), D(2019, 10, 31), "month"),
    ("Samtalen ska fortsätta på fredag.", "sv", D(2019, 9, 20),
     "på fredag", D(2019, 9, 27), D(2019, 9, 27), "day"),
    ("Måndagen den 5 augusti föll börserna kraftigt.", "sv", D(2019, 8, 8),
     "Måndagen den 5 augusti", D(2019, 8, 5), D(2019, 8, 5), "day"),
    # "att" opens a reported clause: "twittrade" (past) does not date "den 1 oktober"
    ("Trump twittrade på fredagen att tullarna höjs den 1 oktober.", "sv", D(2019, 8, 26),
     "den 1 oktober", D(2019, 10, 1), D(2019, 10, 1), "day"),
    # "sedan" (since) makes it a past May, though May 2020 is nearer the base
    ("Sedan i maj har handeln minskat.", "sv", D(2020, 1, 10),
     "i maj", D(2019, 5, 1), D(2019, 5, 31), "month"),
]

# Sentences where no date may be found at all.
NEGATIVES: list[tuple[str, str]] = [
    ("The two sides may meet for discussions soon.", "en"),  # the modal "may"
    ("May I ask one more question?", "en"),
    ("Farmers march on Washington.", "en"),  # the verb
    ("March on Washington organisers said nothing.", "en"),  # capitalised, still no date
    ("Leaders met at the Group of 20 summit.", "en"),
    ("The index rose 2% as investors cheered.", "en"),
    ("Black Friday sales were strong.", "en"),  # a weekday inside a name
    ("The Sunday Times reported the story.", "en"),
    ("This is not a 10-minute process.", "en"),
    ("Tariffs on $300 billion of goods rose to 15 per cent from 10 per cent.", "en"),
    ("Mayday calls and Augusta golf had nothing to do with it.", "en"),
    ("De kan mötas snart.", "sv"),
    ("Det är en fråga om tid och pengar.", "sv"),
    ("Företaget har varnat för att försäljningen skadas.", "sv"),
]


def _find(sentence: str, lang: str, span: str) -> DateExpr:
    exprs = find_date_expressions(sentence, lang)
    matching = [e for e in exprs if e.text == span]
    assert matching, f"{span!r} not found in {sentence!r}: {[e.text for e in exprs]}"
    return matching[0]


def test_phrase_table_is_large_and_bilingual() -> None:
    assert len(PHRASES) >= 60
    assert sum(lang == "sv" for _, lang, *_ in PHRASES) >= 15


@pytest.mark.parametrize(
    ("sentence", "lang", "base", "span", "start", "end", "precision"), PHRASES,
    ids=[f"{i:02d}-{row[3]}" for i, row in enumerate(PHRASES)],
)
def test_phrase(sentence: str, lang: str, base: dt.date | None, span: str,
                start: dt.date | None, end: dt.date | None, precision: str) -> None:
    expr = _find(sentence, lang, span)
    assert sentence[expr.start:expr.end] == span
    assert expr.precision == precision
    resolved = resolve(expr, base)
    if start is None:
        assert resolved is None
    else:
        assert resolved == ResolvedDate(start, end, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(("sentence", "lang"), NEGATIVES)
def test_no_false_dates(sentence: str, lang: str) -> None:
    assert find_date_expressions(sentence, lang) == []


def test_number_is_not_part_of_weekday() -> None:
    exprs = find_date_expressions("Soybean futures fell 2% on Monday.")
    assert [e.text for e in exprs] == ["Monday"]


@pytest.mark.parametrize(("sentence", "span", "direction"), [
    ("The two sides will hold talks on Tuesday.", "Tuesday", "future"),
    ("The spokesman said Tuesday that talks went well.", "Tuesday", "past"),
    ("Envoys will meet next week.", "next week", "future"),
    ("Envoys met last week.", "last week", "past"),
    ("Talks began on Thursday and are scheduled to continue on Friday.", "Thursday", "past"),
    ("Talks began on Thursday and are scheduled to continue on Friday.", "Friday", "future"),
    ("Perdue said on Thursday that officials will visit farms next week.", "Thursday", "past"),
    ("Tariffs were delayed to Dec 15.", "Dec 15", "future"),
    ("Markets open Friday.", "Friday", "unknown"),
    ("The ministry said in a statement on Thursday (Aug 15) it would retaliate.",
     "Thursday (Aug 15)", "past"),
    ("He said Tuesday that tariffs rise on Sept. 1.", "Sept. 1", "unknown"),
    ("He said talks resume Sept. 19.", "Sept. 19", "unknown"),
    ("The tariffs, which took effect on Sept. 1, will rise again Oct. 1.", "Sept. 1", "past"),
    ("The tariffs, which took effect on Sept. 1, will rise again Oct. 1.", "Oct. 1", "future"),
])
def test_direction_from_tense(sentence: str, span: str, direction: str) -> None:
    assert _find(sentence, "en", span).direction == direction


def test_swedish_direction_from_tense() -> None:
    text = ("Gao bekräftade att sändebuden på tisdag kommer att hålla samtal på tisdagen "
            "sedan Trump och Xi i juni kom överens.")
    exprs = {e.text: e for e in find_date_expressions(text, "sv")}
    assert exprs["på tisdag"].direction == "future"
    assert exprs["på tisdagen"].direction == "future"
    assert exprs["i juni"].direction == "past"
    assert exprs["i juni"].rule == ("month", None, 6, None)


def test_rules_are_hashable_and_base_independent() -> None:
    exprs = find_date_expressions("Envoys met last week and will meet again on Friday.")
    assert {e.rule for e in exprs} == {("week", -1), ("weekday", 4, "coming")}
    assert all(isinstance(hash(e), int) for e in exprs)
    week = exprs[0]
    assert resolve(week, D(2019, 7, 23)) == ResolvedDate(D(2019, 7, 15), D(2019, 7, 21), "week")
    assert resolve(week, D(2020, 1, 2)) == ResolvedDate(D(2019, 12, 23), D(2019, 12, 29), "week")


def test_overlaps_resolved_longest_wins() -> None:
    exprs = find_date_expressions("The talks resumed on Thursday (Sept 19) in Washington.")
    assert [e.text for e in exprs] == ["Thursday (Sept 19)"]
    exprs = find_date_expressions("They met in May 2019 and again on May 5, 2019.")
    assert [e.text for e in exprs] == ["in May 2019", "May 5, 2019"]


def test_other_language_uses_english_rules() -> None:
    exprs = find_date_expressions("The talks went well last week.", "it")
    assert [e.text for e in exprs] == ["last week"]


# German, Danish, French, Spanish (tables in analysis/text/lang). Base: Tue 2019-12-31.
@pytest.mark.parametrize(("lang", "sentence", "span", "start", "end"), [
    ("es", "Trump dijo el martes que el acuerdo se firmará el 15 de enero.", "el martes",
     D(2019, 12, 31), D(2019, 12, 31)),
    ("es", "Trump dijo el martes que el acuerdo se firmará el 15 de enero.", "15 de enero",
     D(2020, 1, 15), D(2020, 1, 15)),
    ("es", "La semana pasada, Trump afirmó que habría una ceremonia.", "La semana pasada",
     D(2019, 12, 23), D(2019, 12, 29)),
    ("es", "El South China Morning Post informó el lunes que Liu He visitaría Washington.",
     "el lunes", D(2019, 12, 30), D(2019, 12, 30)),
    ("fr", "La Chine a annoncé vendredi un accord commercial préliminaire.", "vendredi",
     D(2019, 12, 27), D(2019, 12, 27)),
    ("fr", "Les négociations ont repris le 13 décembre 2019 à Pékin.", "13 décembre 2019",
     D(2019, 12, 13), D(2019, 12, 13)),
    ("fr", "Le texte a été signé hier à Washington.", "hier", D(2019, 12, 30),
     D(2019, 12, 30)),
    ("da", "Kinesiske virksomheder har torsdag købt sojabønner.", "torsdag",
     D(2019, 12, 26), D(2019, 12, 26)),
    ("da", "Kina fornyede tidligere på ugen løfter om at købe svinekød.",
     "tidligere på ugen", D(2019, 12, 30), D(2019, 12, 30)),
    ("da", "Kina købte svinekød i sidste uge.", "i sidste uge", D(2019, 12, 23),
     D(2019, 12, 29)),
    ("da", "Aftalen blev indgået i torsdags.", "i torsdags", D(2019, 12, 26),
     D(2019, 12, 26)),
    ("de", "Die Zölle sind seit dem 1. Dezember in Kraft.", "1. Dezember", D(2019, 12, 1),
     D(2019, 12, 1)),
    ("de", "Peking erklärte am Freitag, es werde einen Gegenangriff starten.", "am Freitag",
     D(2019, 12, 27), D(2019, 12, 27)),
    ("de", "Gestern wurden weitere Zölle angekündigt.", "Gestern", D(2019, 12, 30),
     D(2019, 12, 30)),
    ("de", "Die Gespräche beginnen nächste Woche.", "nächste Woche", D(2020, 1, 6),
     D(2020, 1, 12)),
])
def test_table_languages(lang: str, sentence: str, span: str, start: dt.date,
                         end: dt.date) -> None:
    expr = _find(sentence, lang, span)
    resolved = resolve(expr, D(2019, 12, 31))
    assert resolved is not None and (resolved.start, resolved.end) == (start, end)


def test_table_languages_ignore_genitive_compounds() -> None:
    assert find_date_expressions("Torsdagsmødet blev aflyst.", "da") == []
    assert find_date_expressions("Mai-Ling sagte nichts.", "de") == []


def test_resolve_all_pairs_expressions_with_dates() -> None:
    pairs = resolve_all("He said yesterday that talks resume July 30.", "en", D(2019, 7, 23))
    assert [(e.text, r.start if r else None) for e, r in pairs] == [
        ("yesterday", D(2019, 7, 22)), ("July 30", D(2019, 7, 30)),
    ]
    assert [r for _, r in resolve_all("He said yesterday.", "en", None)] == [None]


def test_invalid_calendar_days_are_not_dates() -> None:
    assert find_date_expressions("Talks were set for Feb 30.") == []
    assert find_date_expressions("Samtalen hölls den 31 juni.", "sv") == []


def test_yearless_february_29_outside_leap_years() -> None:
    expr = _find("They met on Feb 29.", "en", "Feb 29")
    # 2019 has no 29 February: the nearest leap-year candidate in range is 2020
    assert resolve(expr, D(2019, 7, 1)) == ResolvedDate(D(2020, 2, 29), D(2020, 2, 29), "day")


# ---------------------------------------------------------------------------------------
# Seeds


def _seed(prefix: str) -> tuple[str, list[DateExpr]]:
    path = next(config.SEEDS_DIR.glob(f"{prefix}_*.txt"))
    article = read_article(path)
    return article.text, find_date_expressions(article.text, article.language)


def _seed_paths() -> list[Path]:
    return sorted(config.SEEDS_DIR.glob("*.txt"))


@pytest.mark.parametrize("path", _seed_paths(), ids=lambda p: p.name[:3])
def test_seed_offsets_sorted_and_disjoint(path: Path) -> None:
    article = read_article(path)
    exprs = find_date_expressions(article.text, article.language)
    assert exprs
    for expr in exprs:
        assert article.text[expr.start:expr.end] == expr.text
    for a, b in itertools.pairwise(exprs):
        assert a.end <= b.start


def test_seed_003_dates() -> None:
    _text, exprs = _seed("003")
    texts = [e.text for e in exprs]
    for span in ("Thursday (Sept 19)", "Sept 1", "Dec 15", "Oct 15", "in late July",
                 "in October", "next week"):
        assert span in texts, span
    base = D(2019, 9, 20)
    got = {e.text: resolve(e, base) for e in exprs}
    assert got["Thursday (Sept 19)"] == ResolvedDate(D(2019, 9, 19), D(2019, 9, 19), "day")
    assert got["Sept 1"] == ResolvedDate(D(2019, 9, 1), D(2019, 9, 1), "day")
    assert got["Dec 15"] == ResolvedDate(D(2019, 12, 15), D(2019, 12, 15), "day")
    assert got["Oct 15"] == ResolvedDate(D(2019, 10, 15), D(2019, 10, 15), "day")
    assert got["in late July"] == ResolvedDate(D(2019, 7, 21), D(2019, 7, 31), "month")
    assert got["in October"] == ResolvedDate(D(2019, 10, 1), D(2019, 10, 31), "month")
    assert got["next week"] == ResolvedDate(D(2019, 9, 23), D(2019, 9, 29), "week")


def test_seed_000_swedish() -> None:
    _text, exprs = _seed("000")
    texts = [e.text for e in exprs]
    for span in ("i torsdags", "nästa vecka", "på tisdag", "i juni", "nästa veckas",
                 "förra året", "förra månaden"):
        assert span in texts, span
    # dated from the Shanghai round: Friday 26 July 2019 as base
    got = {e.text: resolve(e, D(2019, 7, 26)) for e in exprs}
    assert got["i torsdags"] == ResolvedDate(D(2019, 7, 25), D(2019, 7, 25), "day")
    assert got["på tisdag"] == ResolvedDate(D(2019, 7, 30), D(2019, 7, 30), "day")
    assert got["nästa vecka"] == ResolvedDate(D(2019, 7, 29), D(2019, 8, 4), "week")
    assert got["i juni"] == ResolvedDate(D(2019, 6, 1), D(2019, 6, 30), "month")
    # without a base nothing relative resolves
    assert all(resolve(e, None) is None for e in exprs)


def test_seed_002() -> None:
    _text, exprs = _seed("002")
    by_text: dict[str, list[DateExpr]] = {}
    for e in exprs:
        by_text.setdefault(e.text, []).append(e)
    for span in ("next week", "last month", "in May", "earlier Tuesday", "Monday", "Sunday"):
        assert span in by_text, span
    base = D(2019, 7, 23)
    assert resolve(by_text["earlier Tuesday"][0], base) == ResolvedDate(base, base, "day")
    assert resolve(by_text["Sunday"][0], base).start == D(2019, 7, 21)  # type: ignore[union-attr]
    assert resolve(by_text["Monday"][0], base).start == D(2019, 7, 22)  # type: ignore[union-attr]
    for may in by_text["in May"]:
        assert resolve(may, base) == ResolvedDate(D(2019, 5, 1), D(2019, 5, 31), "month")
    assert resolve(by_text["last month"][0], base).start == D(2019, 6, 1)  # type: ignore[union-attr]
    assert "may" not in {e.text.lower() for e in exprs}  # "companies may make"


def test_seed_001_and_004() -> None:
    _, exprs = _seed("001")
    got = {e.text: resolve(e, D(2019, 7, 22)) for e in exprs}
    assert got["July 21"] == ResolvedDate(D(2019, 7, 21), D(2019, 7, 21), "day")
    assert got["July 18"] == ResolvedDate(D(2019, 7, 18), D(2019, 7, 18), "day")
    assert got["this past week"].precision == "week"  # type: ignore[union-attr]
    assert got["in late June"] == ResolvedDate(D(2019, 6, 21), D(2019, 6, 30), "month")
    assert not any(e.text == "20" or "Group" in e.text for e in exprs)
    _, exprs = _seed("004")
    texts = [e.text for e in exprs]
    assert texts.count("last week") == 2 and "Sunday" in texts and "Friday" in texts
    assert all(e.kind == "relative" for e in exprs)  # no absolute date in 004


# ---------------------------------------------------------------------------------------
# Rules, one by one


def _expr(rule: tuple[object, ...], direction: str = "unknown") -> DateExpr:
    return DateExpr(0, 1, "x", "relative", "day", direction, rule)


TUESDAY = D(2019, 7, 23)


@pytest.mark.parametrize(("rule", "direction", "base", "expected"), [
    # weekday modes on the same weekday as the base
    (("weekday", 1, "past"), "past", TUESDAY, (TUESDAY, TUESDAY)),
    (("weekday", 1, "last"), "past", TUESDAY, (D(2019, 7, 16), D(2019, 7, 16))),
    (("weekday", 1, "future"), "future", TUESDAY, (D(2019, 7, 30), D(2019, 7, 30))),
    (("weekday", 1, "coming"), "future", TUESDAY, (TUESDAY, TUESDAY)),
    (("weekday", 1, "nearest"), "unknown", TUESDAY, (TUESDAY, TUESDAY)),
    # nearest: from a Tuesday, Saturday is 3 days back (4 ahead), Thursday 2 ahead (5 back)
    (("weekday", 5, "nearest"), "unknown", TUESDAY, (D(2019, 7, 20), D(2019, 7, 20))),
    (("weekday", 3, "nearest"), "unknown", TUESDAY, (D(2019, 7, 25), D(2019, 7, 25))),
    (("days", -2), "past", TUESDAY, (D(2019, 7, 21), D(2019, 7, 21))),
    (("days_span", -6, 0), "past", TUESDAY, (D(2019, 7, 17), TUESDAY)),
    (("week", 0), "unknown", TUESDAY, (D(2019, 7, 22), D(2019, 7, 28))),
    (("week", -1), "past", D(2019, 7, 27), (D(2019, 7, 22), D(2019, 7, 28))),  # Saturday
    (("week", 1), "future", D(2019, 7, 28), (D(2019, 7, 29), D(2019, 8, 4))),  # Sunday
    (("weekend", "past"), "past", TUESDAY, (D(2019, 7, 20), D(2019, 7, 21))),
    (("weekend", "past"), "past", D(2019, 7, 21), (D(2019, 7, 20), D(2019, 7, 21))),
    (("weekend", "future"), "future", TUESDAY, (D(2019, 7, 27), D(2019, 7, 28))),
    (("weekend", "future"), "future", D(2019, 7, 28), (D(2019, 8, 3), D(2019, 8, 4))),
    (("weekend", "this"), "unknown", D(2019, 7, 28), (D(2019, 7, 27), D(2019, 7, 28))),
    (("month_rel", -1), "past", D(2020, 1, 15), (D(2019, 12, 1), D(2019, 12, 31))),
    (("month_rel", 1), "future", D(2019, 12, 15), (D(2020, 1, 1), D(2020, 1, 31))),
    (("year_rel", -1), "past", TUESDAY, (D(2018, 1, 1), D(2018, 12, 31))),
    (("year", 2018), "unknown", None, (D(2018, 1, 1), D(2018, 12, 31))),
    (("month", 2019, 2, "late"), "unknown", None, (D(2019, 2, 21), D(2019, 2, 28))),
    (("month", 2020, 2, "late"), "unknown", None, (D(2020, 2, 21), D(2020, 2, 29))),
    (("month", None, 8, "mid"), "future", TUESDAY, (D(2019, 8, 11), D(2019, 8, 20))),
    # a past month equal to the base month is this month, a future one too
    (("month", None, 7, None), "past", TUESDAY, (D(2019, 7, 1), D(2019, 7, 31))),
    (("month", None, 7, None), "future", TUESDAY, (D(2019, 7, 1), D(2019, 7, 31))),
    # unknown direction: nearest month (January is nearer forward from December)
    (("month", None, 1, None), "unknown", D(2019, 12, 5), (D(2020, 1, 1), D(2020, 1, 31))),
    # a past (future) day may lie up to 7 days after (before) the base: uncertain bases
    (("date", None, 7, 29), "past", TUESDAY, (D(2019, 7, 29), D(2019, 7, 29))),
    (("date", None, 8, 15), "past", TUESDAY, (D(2018, 8, 15), D(2018, 8, 15))),
    (("date", None, 7, 17), "future", TUESDAY, (D(2019, 7, 17), D(2019, 7, 17))),
    (("date", None, 7, 15), "future", TUESDAY, (D(2020, 7, 15), D(2020, 7, 15))),
    (("date", None, 7, 1), "future", TUESDAY, (D(2020, 7, 1), D(2020, 7, 1))),
])
def test_rule_resolution(rule: tuple[object, ...], direction: str, base: dt.date | None,
                         expected: tuple[dt.date, dt.date]) -> None:
    resolved = resolve(_expr(rule, direction), base)
    assert resolved is not None
    assert (resolved.start, resolved.end) == expected


@pytest.mark.parametrize("rule", [
    ("weekday", 1, "past"), ("days", -1), ("days_span", -6, 0), ("week", 1),
    ("weekend", "past"), ("month_rel", -1), ("year_rel", 0), ("date", None, 7, 18),
    ("month", None, 5, None),
])
def test_no_base_no_date(rule: tuple[object, ...]) -> None:
    assert resolve(_expr(rule, "past"), None) is None


def test_unknown_rule_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown date rule"):
        resolve(_expr(("fortnight", 1)), TUESDAY)


def test_article_without_dates() -> None:
    text = ("Chinese companies are willing to import more American farm goods, the ministry "
            "said, as envoys prepared for talks aimed at ending a tariff war.\n") * 20
    assert find_date_expressions(text) == []
    assert resolve_all(text, "en", TUESDAY) == []


def test_odd_unicode_does_not_crash() -> None:
    # "İ" matches "i" case-insensitively but lowers to two characters
    assert find_date_expressions("İ GÅR TİSDAG İstanbul", "sv") == []
    exprs = find_date_expressions("İstanbul officials said on Tuesday July 18 talks ended.")
    assert [e.text for e in exprs] == ["Tuesday July 18"]


def test_random_phrase_soup_keeps_invariants() -> None:
    soup = ("July 18 Sept. 19 the first of October 18 juli 2019-09-20 in May i juni late "
             "yesterday igår today on Tuesday på tisdag earlier last week förra veckan next "
             "may March Group of 20 2% ( ) , . said will that att since sedan 2018 Feb 29 31 "
             "i helgen för två veckor sedan three days ago Måndagen den Black Friday")
    vocab = soup.split()
    rng = random.Random(7)
    for _ in range(300):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 20)))
        for lang in ("en", "sv"):
            exprs = find_date_expressions(text, lang)
            assert all(text[e.start:e.end] == e.text for e in exprs)
            assert all(a.end <= b.start for a, b in itertools.pairwise(exprs))
            for e in exprs:
                r = resolve(e, TUESDAY)
                assert r is None or r.start <= r.end


# Year-less days: the nearest occurrence around the publication date unless the day's own
# clause says otherwise; the sentence's reporting verb never decides (issue 8).
@pytest.mark.parametrize(("sentence", "base", "span", "expected"), [
    ("The U.S. has agreed to delay increasing tariffs from Oct. 1 to Oct. 15.",
     D(2019, 9, 11), "Oct. 1", D(2019, 10, 1)),
    ("Trump said on Thursday he would be vowing to impose 10% tariffs from September 1st.",
     D(2019, 8, 6), "September 1st", D(2019, 9, 1)),
    ("The U.S. will begin collecting tariffs on Aug 23, the office said on Tuesday.",
     D(2018, 8, 8), "Aug 23", D(2018, 8, 23)),
    ("Only five lines were deleted from a list initially proposed on June 15.",
     D(2018, 8, 8), "June 15", D(2018, 6, 15)),
    ("He has not made a decision on whether to increase tariffs on Dec. 15.",
     D(2019, 10, 11), "Dec. 15", D(2019, 12, 15)),
    ("The measures were in place before May 13 when we put them on the list.",
     D(2019, 11, 22), "May 13", D(2019, 5, 13)),
    ("Xinhua reported July 21 that purchases resumed.", D(2019, 7, 23), "July 21",
     D(2019, 7, 21)),
    ("Officials said the signing will be Jan. 15 at the White House.", D(2019, 12, 31),
     "Jan. 15", D(2020, 1, 15)),
])
def test_yearless_day_takes_its_own_clause(sentence: str, base: dt.date, span: str,
                                           expected: dt.date) -> None:
    expr = _find(sentence, "en", span)
    resolved = resolve(expr, base)
    assert resolved is not None and resolved.start == expected
