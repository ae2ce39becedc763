"""Sentences, classification and mentions (merging and overrides: tests/events)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.lexicon import split_sentences
from analysis.text.mentions import (
    MENTION_COLUMNS,
    analyse_article,
    classify_actor,
    classify_category,
    classify_direction,
    classify_status,
    is_trade_news,
    resolve_mentions,
    substance_keys,
)

# ----------------------------------------------------------------------------------------
# Sentences


def test_split_sentences_offsets_and_abbreviations() -> None:
    text = (
        "Mr. Trump met Xi in Osaka. The U.S. and China agreed on Sept. 1 to talk.\n"
        "Intel Corp. and Qualcomm Inc. were invited. Will they go? Yes!\n\nCopyright 2019"
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Mr. Trump met Xi in Osaka.",
        "The U.S. and China agreed on Sept. 1 to talk.",
        "Intel Corp. and Qualcomm Inc. were invited.",
        "Will they go?",
        "Yes!",
        "Copyright 2019",
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert sents[0].paragraph == sents[1].paragraph != sents[2].paragraph


def test_split_sentences_lowercase_continuation_and_empty() -> None:
    assert [s.text for s in split_sentences("It rose 2.5 per cent. e.g. not a cut")] == [
        "It rose 2.5 per cent. e.g. not a cut"
    ]
    assert split_sentences("") == []
    assert split_sentences("   \n\n  ") == []


# ----------------------------------------------------------------------------------------
# Lexicon classifiers: English and Swedish


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The two sides spoke by phone to discuss the next step of negotiations", "talks"),
        ("Trump raised tariffs on $200 billion of Chinese goods", "tariff"),
        ("Chinese companies asked about buying agricultural products and tariff exemptions",
         "agriculture"),
        ("Officials invited technology companies to discuss sales to Huawei", "tech"),
        ("The yuan broke 7 per dollar and Treasury named China a currency manipulator",
         "currency"),
        ("The weather was fine", "other"),
        ("handelssändebud ska hålla samtal ansikte mot ansikte", "talks"),
        ("Peking höjde tullarna på kinesiska varor", "tariff"),
        ("Kinesiska företag vill importera amerikanska jordbruksvaror", "agriculture"),
        ("begränsningar på exporten till Huawei", "tech"),
    ],
)
def test_classify_category(text: str, category: str) -> None:
    assert classify_category(text) == category


def test_category_tie_goes_to_the_keyword_next_to_the_date() -> None:
    text = "an in-person meeting next week and more imports of U.S. soybeans"
    assert classify_category(text, anchor=text.index("next week")) == "talks"
    # without a nearby keyword the priority order decides (agriculture before tariff)
    text = "revealed Sunday that China lets importers apply to have tariffs lifted on soybeans"
    assert classify_category(text, anchor=text.index("Sunday")) == "agriculture"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Trump raised tariffs and threatened more", "escalation"),
        ("Beijing made goodwill gestures and asked for exemptions", "de-escalation"),
        ("A White House spokesman declined to comment", "neutral"),
        ("Peking blockerade importen och höjde tullarna", "escalation"),
        ("Kina är villiga att köpa mer och återuppta samtalen", "de-escalation"),
    ],
)
def test_classify_direction(text: str, direction: str) -> None:
    assert classify_direction(text) == direction


def test_classify_status_actor_keys_and_news() -> None:
    assert classify_status("negotiators will meet in Shanghai") == "scheduled"
    assert classify_status("Trump announced new tariffs", "past") == "announced"
    assert classify_status("the talks collapsed", "past") == "occurred"
    assert classify_status("will travel", "past") == "occurred"
    assert classify_status("sändebud kommer att träffas", None) == "scheduled"
    assert classify_status("met", "future") == "scheduled"
    assert classify_actor("Trump said") == "US"
    assert classify_actor("Peking svarade") == "China"
    assert classify_actor("U.S. and Chinese negotiators") == "both"
    assert classify_actor("The weather") == ""
    assert substance_keys("Xinhua reported a face-to-face meeting in Shanghai") == {
        "xinhua", "in_person", "shanghai"}
    assert substance_keys("samtal ansikte mot ansikte efter G20-mötet") >= {"in_person"}
    assert is_trade_news("Talks resumed in Washington.")
    assert is_trade_news("Handelskriget fortsätter.")
    assert not is_trade_news("Copyright (c) 2019 Dow Jones & Company, Inc. trade")
    assert not is_trade_news("The weather was fine.")


# ----------------------------------------------------------------------------------------
# Mentions

TEXT = (
    "U.S. negotiators will travel to Shanghai for talks next week, officials said.\n\n"
    "The two sides spoke by phone on July 18 to discuss tariffs, Xinhua reported Sunday.\n\n"
    "The last round of talks took place in May. Mr. Trump subsequently raised tariffs.\n\n"
    "China has asked about soybean purchases.\n\n"
    "The weather in Beijing was hot."
)


@pytest.fixture(scope="module")
def analysis():
    return analyse_article("a1", TEXT, "en")


def test_mentions_one_per_expression_with_own_dates(analysis) -> None:
    m = resolve_mentions(analysis, dt.date(2019, 7, 23))
    assert tuple(m.columns) == MENTION_COLUMNS
    assert set(m["sentence"]) == {
        s.text for s in split_sentences(TEXT) if "weather" not in s.text
    }
    by_text = m.set_index("text")
    assert by_text.loc["next week", "date"] == "2019-07-29"
    assert by_text.loc["next week", "date_precision"] == "week"
    assert by_text.loc["next week", "status"] == "scheduled"
    assert by_text.loc["July 18", ["date", "category"]].tolist() == ["2019-07-18", "talks"]
    assert "phone_call" in by_text.loc["July 18", "substance"]
    sunday = by_text.loc["Sunday"]
    assert sunday["date"] == "2019-07-21" and sunday["remark"]
    assert "xinhua" in sunday["substance"]
    assert by_text.loc["in May", ["date", "date_precision"]].tolist() == ["2019-05", "month"]
    for _, row in m[m["text"] != ""].iterrows():
        assert TEXT[int(row["start"]):int(row["end"])] == row["text"]


def test_lead_reports_own_news_and_says_so(analysis) -> None:
    m = resolve_mentions(analysis, dt.date(2019, 7, 23))
    own = m[m["date_source"] == "publication"]
    assert len(own) == 1
    assert own.iloc[0]["date"] == "2019-07-23"
    assert own.iloc[0]["sentence"].startswith("U.S. negotiators will travel")


def test_undated_sentence_stays_undated_and_sequence_rule(analysis) -> None:
    m = resolve_mentions(analysis, dt.date(2019, 7, 23))
    soy = m[m["sentence"].str.startswith("China has asked")]
    assert len(soy) == 1 and soy.iloc[0]["date"] == "" and soy.iloc[0]["date_source"] == ""
    seq = m[m["sentence"].str.contains("subsequently")].iloc[0]
    assert (seq["date"], seq["date_precision"], seq["date_source"], seq["category"]) == (
        "2019-05", "month", "sequence", "tariff")


def test_no_base_leaves_relative_dates_unresolved(analysis) -> None:
    m = resolve_mentions(analysis, None)
    assert (m["date"] == "").all()
    text = "Officials met on July 18, 2019 to discuss tariffs, and will meet again next week."
    m = resolve_mentions(analyse_article("a2", text, "en"), None)
    dated = m[m["date"] != ""]
    assert list(dated["date"]) == ["2019-07-18"]


def test_swedish_mentions() -> None:
    text = ("Handelsministeriet sa i torsdags att företagen vill köpa jordbruksvaror, "
            "som sändebud ska träffas i Shanghai nästa vecka för samtal.")
    m = resolve_mentions(analyse_article("sv1", text, "sv"), dt.date(2019, 7, 26))
    got = m.set_index("text")[["date", "category", "remark"]]
    assert got.loc["i torsdags"].tolist() == ["2019-07-25", "agriculture", True]
    assert got.loc["nästa vecka"].tolist() == ["2019-07-29", "talks", False]


def test_dateline_is_not_a_mention() -> None:
    text = " date 2019-09-20 WASHINGTON - Talks resumed on Thursday (Sept 19) in Washington."
    m = resolve_mentions(analyse_article("d", text, "en"), dt.date(2019, 9, 20))
    assert "2019-09-20" not in set(m["text"])
    assert "2019-09-19" in set(m["date"])
