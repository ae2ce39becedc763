"""General mechanisms of issue 16, on invented sentences of each supported language:
ordinal dates in the splitter, the dateline grammar (year-less datelines, weekday/date
agreement), the year of a year-less dateline from the content, follow-on sentences,
the Norwegian, Dutch and Portuguese tables, and the single-article ablation list."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.ablation import single_article_entries
from analysis.text.articles import SUPPORTED_LANGUAGES
from analysis.text.dates.resolve import find_date_expressions, resolve
from analysis.text.lexicon import split_sentences
from analysis.text.mentions import analyse_article, resolve_mentions
from analysis.text.pubdates.inference import Anchor
from analysis.text.pubdates.rounds import refine_stamp, yearless_publication
from analysis.text.pubdates.stamps import find_dateline, find_yearless_dateline


@pytest.mark.parametrize("text", [
    "Die neuen Zölle gelten ab dem 15. Oktober. Die Börsen fielen.",
    "Tolden træder i kraft den 1. December. Markederne faldt.",
    "Tollen økes fra 24. September. Børsene falt.",
])
def test_ordinal_day_before_a_month_does_not_end_a_sentence(text: str) -> None:
    sentences = [s.text for s in split_sentences(text)]
    assert len(sentences) == 2
    assert sentences[0].endswith(".") and any(ch.isdigit() for ch in sentences[0])


def test_a_number_before_another_word_still_ends_a_sentence() -> None:
    assert len(split_sentences("Es kamen 15. Dann gingen sie.")) == 2


@pytest.mark.parametrize(("text", "month", "day"), [
    ("WASHINGTON, Nov. 20 (Reuters) -- The Commerce Department said", 11, 20),
    ("BEIJING, Oct 3 (Xinhua) — China said", 10, 3),
    ("Berlin, 15. Oktober (dpa) - Die Regierung", 10, 15),
    ("Madrid, 6 jul (EFE).- El Gobierno", 7, 6),
    ("NEW YORK, NY, March 3 - Stocks fell", 3, 3),
    ("WASHINGTON, Nov 1 . The president said", 11, 1),
])
def test_yearless_dateline_grammar(text: str, month: int, day: int) -> None:
    found = find_yearless_dateline(text)
    assert found is not None and (found.month, found.day) == (month, day)
    assert find_dateline(text) is None  # no year: not a dateline on its own


@pytest.mark.parametrize("text", [
    "He said in Paris, May 5 - not later - that talks would go on.",
    "Talks resumed on May 5 in Washington.",
    "WASHINGTON, May 5, 2019 (Reuters) - The talks",  # has its year: not year-less
])
def test_not_a_yearless_dateline(text: str) -> None:
    assert find_yearless_dateline(text) is None


def test_weekday_date_in_the_head_counts_only_when_they_agree() -> None:
    # 2020-01-16 was a Thursday, not a Friday
    good = find_dateline("Deal signed Thursday, January 16, 2020 The two sides met.")
    assert good is not None and good.date == dt.date(2020, 1, 16)
    assert find_dateline("Deal signed Friday, January 16, 2020 The two sides met.") is None


def _anchor(day: str, category: str) -> Anchor:
    d = dt.date.fromisoformat(day)
    return Anchor(d, d, category, frozenset(), False, "occurred", "c", "catalog c")


def test_yearless_dateline_takes_the_year_the_weekday_agrees_with() -> None:
    catalog = [_anchor("2018-06-01", "tariff"), _anchor("2020-06-01", "tariff")]

    def year_of(text: str) -> int | None:
        pub = yearless_publication(analyse_article("x", text, "en"), catalog)
        return None if pub is None else pub.date.year

    lead = " said he had good trade talks with China."
    # Nov 1 is a Thursday in 2018 (a Friday in 2019: the day after, half the weight)
    assert year_of("WASHINGTON, Nov 1 (Agency) - The president on Thursday" + lead) == 2018
    # Nov 5 is a Tuesday in 2019, a Monday in 2018
    assert year_of("WASHINGTON, Nov 5 (Agency) - The president on Tuesday" + lead) == 2019
    # Nov 7 is a Saturday in 2020 (Thursday 2019, Wednesday 2018)
    assert year_of("WASHINGTON, Nov 7 (Agency) - The president on Saturday" + lead) == 2020
    # no weekday, no catalog match, no named year: no year is invented
    assert year_of("WASHINGTON, Nov 7 (Agency) - The president" + lead) is None


def test_a_past_event_after_the_day_rules_a_year_out() -> None:
    catalog = [_anchor("2018-06-01", "tariff"), _anchor("2020-06-01", "tariff")]
    # Nov 8: Thursday in 2018, Friday in 2019; the talks of March 2019 already happened
    text = ("WASHINGTON, Nov 8 (Agency) - The president on Thursday said trade talks "
            "with China went well. The talks began in March 2019.")
    pub = yearless_publication(analyse_article("x", text, "en"), catalog)
    assert pub is not None and pub.date == dt.date(2019, 11, 8)


def test_follow_on_sentence_carries_the_previous_subject() -> None:
    text = ("The US raised tariffs on $200 billion of Chinese goods to 25 percent. "
            "The increase took effect at midnight on Monday.")
    analysis = analyse_article("x", text, "en")
    dated = [m for m in analysis.mentions if m.expr is not None]
    assert [(m.category, m.expr.text) for m in dated] == [("tariff", "Monday")]


def test_follow_on_needs_the_same_paragraph() -> None:
    text = ("The US raised tariffs on $200 billion of Chinese goods.\n\n"
            "The weather was fine on Monday.")
    analysis = analyse_article("x", text, "en")
    assert not [m for m in analysis.mentions if m.expr is not None]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("no", "Tollen trådte i kraft mandag.", ("weekday", 0)),
    ("no", "Tollen økes fra 1. januar 2019.", ("date", 2019, 1, 1)),
    ("nl", "De Chinese onderhandelaar komt donderdag aan.", ("weekday", 3)),
    ("nl", "De heffingen gaan op 10 mei 2019 omhoog.", ("date", 2019, 5, 10)),
    ("pt", "Os países concordaram em 1 de dezembro de 2018 com uma trégua.",
     ("date", 2018, 12, 1)),
    ("pt", "A China comprou soja na quarta-feira.", ("weekday", 2)),
])
def test_new_languages_read_their_dates(lang: str, text: str, expected: tuple) -> None:
    assert lang in SUPPORTED_LANGUAGES
    rules = [e.rule[:len(expected)] for e in find_date_expressions(text, lang)]
    assert expected in rules


def test_norwegian_weekday_resolves_against_the_publication_day() -> None:
    (expr,) = find_date_expressions("Samtalene ble innledet torsdag.", "no")
    got = resolve(expr, dt.date(2019, 10, 11))  # a Friday
    assert got is not None and got.start == dt.date(2019, 10, 10)


def test_ablation_lists_entries_of_one_article_only() -> None:
    texts = [
        ("a", "en", "China hit back with retaliatory tariffs on soybeans."),
        ("b", "en", "The tariffs on soybeans rose; Beijing vowed retaliation."),
        ("c", "en", "Talks resumed in a constructive tone."),
    ]
    single = single_article_entries(texts)
    rows = {(r["table"], r["entry"]): r["article"] for r in single.to_dict("records")}
    assert rows[("direction.deescalation", "constructive")] == "c"
    # "soybeans" fires in two articles: not listed
    assert not any(entry.startswith("soybean") for _, entry in rows)
    # a table language's own words are checked on its articles only
    assert not any(r["language"] == "de" for r in single.to_dict("records"))


def _currency_catalog() -> list[Anchor]:
    d = dt.date(2019, 8, 5)
    return [Anchor(d, d, "currency", frozenset(), False, "occurred", "c", "catalog c",
                   direction="escalation")]


_YUAN = ("The yuan weakened past 7 per dollar on Monday, a decade low. On Monday "
         "evening the Treasury labelled China a currency manipulator.")


def test_a_stamp_the_content_contradicts_is_doubted() -> None:
    analysis = analyse_article("x", " date 2019-06-20 " + _YUAN, "en")
    stamp = analysis.dateline
    assert stamp is not None and stamp.date == dt.date(2019, 6, 20)
    got = refine_stamp(analysis, stamp, _currency_catalog())
    assert got.date is not None and abs((got.date - dt.date(2019, 8, 5)).days) <= 1
    assert got.evidence.startswith("stamp doubted")


def test_a_stamp_the_content_agrees_with_stands() -> None:
    analysis = analyse_article("x", " date 2019-08-06 " + _YUAN, "en")
    assert refine_stamp(analysis, analysis.dateline, _currency_catalog()) == analysis.dateline


def test_one_weekday_does_not_overrule_a_stamp() -> None:
    text = " date 2019-06-20 The yuan weakened past 7 per dollar on Monday."
    analysis = analyse_article("x", text, "en")
    assert refine_stamp(analysis, analysis.dateline, _currency_catalog()) == analysis.dateline


def test_lead_naming_a_time_of_day_is_the_publication_days_news() -> None:
    # the lead reports the day's news in the past tense; the text dates other days too,
    # but "at midnight" without a day is the document's own day
    text = ("The new duties on $34 billion of Chinese goods took effect at midnight. "
            "On Thursday, Beijing had warned it would retaliate with tariffs.")
    analysis = analyse_article("x", text, "en")
    own = [m for m in analysis.mentions if m.own_news]
    assert [m.sentence.text[:12] for m in own] == ["The new duti"]
    table = resolve_mentions(analysis, dt.date(2018, 7, 6), "day")
    lead = table[table["sentence"].str.startswith("The new duties")]
    assert list(lead["date"]) == ["2018-07-06"]


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "Los aranceles a productos de China entraron en vigor la pasada medianoche. "
           "El jueves, Pekín había amenazado con represalias arancelarias."),
    ("no", "Tollen på kinesiske varer trådte i kraft ved midnatt. "
           "Torsdag hadde Kina truet med mottiltak og toll."),
    ("de", "Die Strafzölle auf chinesische Waren gelten seit Mitternacht. "
           "Am Donnerstag hatte China mit Zöllen gedroht."),
])
def test_time_of_day_lead_in_other_languages(lang: str, text: str) -> None:
    analysis = analyse_article("x", text, lang)
    assert [m.category for m in analysis.mentions if m.own_news] == ["tariff"]


def test_past_lead_without_a_time_of_day_still_recaps() -> None:
    text = ("The new duties on $34 billion of Chinese goods took effect. "
            "On Thursday, Beijing had warned it would retaliate with tariffs.")
    assert not [m for m in analyse_article("x", text, "en").mentions if m.own_news]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "On Monday, September 24, the tariffs took effect."),
    ("de", "Die Zölle gelten seit Montag, dem 24. September."),
    ("fr", "Les droits entrent en vigueur lundi 24 septembre."),
    ("es", "Los aranceles entraron en vigor el lunes 24 de septiembre."),
    ("da", "Tolden trådte i kraft mandag den 24. september."),
    ("sv", "Tullarna infördes måndagen den 24 september."),
])
def test_weekday_and_date_agree_on_one_year(lang: str, text: str) -> None:
    (expr,) = [e for e in find_date_expressions(text, lang) if e.rule[0] == "date"]
    # 2018-09-24 was a Monday; 2019-09-24 a Tuesday. From a base in 2019, a bare
    # "September 24" in the past would be 2018 or 2019 by tense alone; the weekday says
    # 2018 whatever the tense reads.
    for base in (dt.date(2019, 1, 10), dt.date(2019, 9, 30), dt.date(2018, 9, 18)):
        got = resolve(expr, base)
        assert got is not None and got.start == dt.date(2018, 9, 24)


def test_a_weekday_fitting_no_candidate_leaves_the_tense_to_choose() -> None:
    # 24 September is a Monday in 2018 only; "Friday" fits none of 2018-2020 -> tense
    (expr,) = [e for e in find_date_expressions("It happened on Friday, September 24.", "en")
               if e.rule[0] == "date"]
    got = resolve(expr, dt.date(2019, 10, 1))
    assert got is not None and got.start == dt.date(2019, 9, 24)
