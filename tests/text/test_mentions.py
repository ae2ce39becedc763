"""Sentences, classification, mentions, merging and overrides."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.events.merge import merge_mentions
from analysis.events.table import EVENT_COLUMNS, apply_overrides, load_overrides
from analysis.io import AnalysisError
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


# ----------------------------------------------------------------------------------------
# Merging


def _mention(article: str, date: str, end: str, precision: str, category: str,
             start: int = 0, substance: str = "") -> dict[str, object]:
    row = dict.fromkeys(MENTION_COLUMNS, "")
    row.update(article_id=article, date=date, date_end=end, date_precision=precision,
               category=category, start=start, end=start + 4, text="July",
               direction="neutral", status="occurred", sentence=f"{article} says {category}",
               sentence_start=start, substance=substance, date_source="expression",
               remark=False)
    return row


def test_merge_across_articles_with_stable_ids() -> None:
    mentions = pd.DataFrame([
        _mention("b", "2019-07-18", "2019-07-18", "day", "talks", 5, "phone_call"),
        _mention("a", "2019-07-18", "2019-07-18", "day", "talks", 9),
        _mention("a", "2019-07-18", "2019-07-18", "day", "tariff", 20),
        _mention("c", "2019-06", "2019-06-30", "month", "talks", 1, "g20"),
        _mention("a", "2019-07-15", "2019-07-21", "week", "talks", 30),
        _mention("a", "2019-07-16", "2019-07-22", "week", "agriculture", 40),
        _mention("a", "", "", "", "talks", 50),
    ])
    events, out = merge_mentions(mentions)
    assert tuple(events.columns) == EVENT_COLUMNS
    assert list(events["event_id"]) == [
        "EV-2019-06-talks", "EV-2019-W29-talks", "EV-2019-07-16-to-07-22-agriculture",
        "EV-2019-07-18-talks", "EV-2019-07-18-tariff",
    ]
    call = events.set_index("event_id").loc["EV-2019-07-18-talks"]
    assert call["articles"] == "a;b" and call["n_mentions"] == 2
    assert call["evidence"].startswith("a@9")
    june = events.set_index("event_id").loc["EV-2019-06-talks"]
    assert (june["date"], june["date_precision"]) == ("2019-06", "month")
    assert list(out["event_id"])[-1] == ""
    # content-derived: shuffling the input changes nothing
    again, _ = merge_mentions(mentions.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(events, again)


# ----------------------------------------------------------------------------------------
# Overrides


def _events() -> pd.DataFrame:
    events, _ = merge_mentions(pd.DataFrame([
        _mention("a", "2019-07-18", "2019-07-18", "day", "talks"),
        _mention("a", "2019-09-01", "2019-09-01", "day", "tariff", 10),
    ]))
    return events


def _overrides(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("action,event_id,date,timing,category,direction,note\n" + body)
    return path


def test_overrides_drop_add_fix_and_timing(tmp_path: Path) -> None:
    path = _overrides(tmp_path, (
        "set_timing,EV-2019-09-01-tariff,,non_trading_day,,,Sunday\n"
        "fix_date,EV-2019-07-18-talks,2019-07-19,after_close,,,late call\n"
        "add,EV-2019-08-01-tariff,2019-08-01,during_session,tariff,escalation,tweet\n"
        "drop,EV-2019-09-01-tariff,,,,,\n"
        "drop,EV-2030-01-01-talks,,,,,not there\n"
    ))
    events, notes = apply_overrides(_events(), load_overrides(path), str(path))
    got = events.set_index("event_id")
    assert list(got.index) == ["EV-2019-07-18-talks", "EV-2019-08-01-tariff"]
    fixed = got.loc["EV-2019-07-18-talks"]
    assert (fixed["date"], fixed["timing"]) == ("2019-07-19", "after_close")
    assert fixed["override"] == "fix_date (late call)"
    added = got.loc["EV-2019-08-01-tariff"]
    assert (added["category"], added["direction"], added["timing"], added["evidence"]) == (
        "tariff", "escalation", "during_session", "analyst")
    assert notes == [f"{path} line 6: drop EV-2030-01-01-talks: no such event, skipped"]


def test_override_month_fix_keeps_month_precision(tmp_path: Path) -> None:
    path = _overrides(tmp_path, "fix_date,EV-2019-07-18-talks,2019-07,,,,only the month\n")
    events, _ = apply_overrides(_events(), load_overrides(path))
    row = events.set_index("event_id").loc["EV-2019-07-18-talks"]
    assert (row["date"], row["date_precision"], row["date_end"]) == (
        "2019-07", "month", "2019-07-31")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("explode,EV-1,,,,,\n", "line 2: action 'explode'"),
        ("fix_date,EV-1,2019-13-01,,,,\n", "line 2: date '2019-13-01'"),
        ("set_timing,EV-1,,lunchtime,,,\n", "line 2: timing 'lunchtime'"),
        ("drop,EV-1,,,,,\ndrop,,,,,,\n", "line 3: empty event_id"),
        ("add,EV-1,2019-01-01,,weather,,\n", "line 2: category 'weather'"),
        ("add,EV-1,2019-01-01,,tariff,sideways,\n", "line 2: direction 'sideways'"),
        ('drop,"EV-1\n', "cannot parse CSV"),
    ],
)
def test_malformed_overrides_name_file_and_row(tmp_path: Path, body: str,
                                               message: str) -> None:
    path = _overrides(tmp_path, body)
    with pytest.raises(AnalysisError, match=message) as info:
        load_overrides(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_overrides_file_means_none(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "absent.csv").empty


def test_load_events_accepts_catalog_ids_and_rejects_bad_tables(tmp_path: Path) -> None:
    from analysis.events.table import load_events

    curated = load_events(config.CURATED_CATALOG_CSV)
    assert curated["event_id"].str.startswith("TW-").all()
    assert curated["event_id"].is_unique
    bad = tmp_path / "ev.csv"
    for body, message in (
        ("event_id,when\na,2019-07-18\n", "missing column(s) date"),
        ("event_id,date\n", "no events"),
        ("event_id,date\na,2019-07-18\na,2019-07-19\n", "duplicated event_id a"),
        ("event_id,date\n ,2019-07-18\n", "empty event_id"),
    ):
        bad.write_text(body)
        with pytest.raises(AnalysisError, match=re.escape(message)):
            load_events(bad)
