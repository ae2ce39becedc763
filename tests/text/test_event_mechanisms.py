"""Event mechanisms of issue 16 on invented sentences of every supported language: the
sentence splitter (abbreviations, ordinals, quotes, short speech tags joined to their
sentence), follow-on dating, lead news dated to the publication day, and categories and
directions read from verb + object classes."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.lexicon import is_short_speech, split_sentences
from analysis.text.mentions import analyse_article, mention_records

PUBLISHED = dt.date(2019, 5, 8)  # a Wednesday


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


# ----------------------------------------------------------------------------------------
# The splitter

@pytest.mark.parametrize(("text", "first"), [
    ("The U.S. and China met on Nov. 20 in Washington. Markets rose.",
     "The U.S. and China met on Nov. 20 in Washington."),
    ("Die Zölle steigen am 15. Oktober auf 100 Mrd. Dollar. Die Börsen fielen.",
     "Die Zölle steigen am 15. Oktober auf 100 Mrd. Dollar."),
    ("Tolden stiger den 3. maj med bl.a. 25 procent. Markederne faldt.",
     "Tolden stiger den 3. maj med bl.a. 25 procent."),
    ("Tollen økes 1. Juni med f.eks. 10 prosent. Børsene falt.",
     "Tollen økes 1. Juni med f.eks. 10 prosent."),
    ("Tullarna höjs den 1. Juni, bl.a. på stål. Börserna föll.",
     "Tullarna höjs den 1. Juni, bl.a. på stål."),
    ("Les droits de douane augmentent le 1er juin selon M. Dupont et Mme Li. "
     "Les marchés ont chuté.",
     "Les droits de douane augmentent le 1er juin selon M. Dupont et Mme Li."),
    ("Los aranceles de EE.UU. suben el 1 de junio. Las bolsas cayeron.",
     "Los aranceles de EE.UU. suben el 1 de junio."),
    ("As tarifas sobem, disse o Sr. Silva. As bolsas caíram.",
     "As tarifas sobem, disse o Sr. Silva."),
    ("De heffingen stijgen met bijv. 25 procent tot 200 mrd. dollar. De beurzen daalden.",
     "De heffingen stijgen met bijv. 25 procent tot 200 mrd. dollar."),
])
def test_abbreviations_and_ordinals_end_no_sentence(text: str, first: str) -> None:
    assert _texts(text)[0] == first
    assert len(_texts(text)) == 2


@pytest.mark.parametrize("text", [
    "„Das ist erst der Anfang.“ Die Börsen fielen.",
    "»Det er kun begyndelsen.« Markederne faldt.",
    "« C’est un début. » Les marchés ont chuté.",
    "«Es solo el comienzo.» Las bolsas cayeron.",
])
def test_quotes_of_every_style_close_a_sentence(text: str) -> None:
    assert len(_texts(text)) == 2


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The U.S. will raise tariffs on Chinese goods. Trump said on Wednesday."),
    ("de", "Die USA erhöhen die Zölle auf chinesische Waren. Das sagte Trump am Mittwoch."),
    ("da", "USA hæver tolden på kinesiske varer. Det sagde Trump onsdag."),
    ("sv", "USA höjer tullarna på kinesiska varor. Det sa Trump under onsdagen."),
    ("no", "USA øker tollen på kinesiske varer. Det sa Trump onsdag."),
    ("fr", "Les États-Unis relèvent les droits de douane. Trump a déclaré cela mercredi."),
    ("es", "Estados Unidos sube los aranceles. Lo dijo Trump el miércoles."),
    ("pt", "Os Estados Unidos aumentam as tarifas. Foi o que disse Trump na quarta-feira."),
    ("nl", "De VS verhogen de heffingen. Dat zei Trump woensdag."),
])
def test_a_short_speech_tag_joins_its_sentence_and_dates_its_event(lang: str,
                                                                   text: str) -> None:
    sentences = _texts(text)
    assert len(sentences) == 1
    rows = [r for r in mention_records(analyse_article("a", text, lang), PUBLISHED)
            if r["date"]]
    assert rows and all(r["category"] == "tariff" for r in rows)
    assert rows[0]["date"] == "2019-05-08"


def test_a_long_sentence_with_a_speech_verb_stays_apart() -> None:
    text = ("The U.S. will raise tariffs. China said it would answer with duties on "
            "American soybeans, pork and aircraft.")
    assert len(_texts(text)) == 2
    assert not is_short_speech(_texts(text)[1])


def test_a_speech_tag_in_a_new_paragraph_stays_apart() -> None:
    assert len(_texts("The U.S. will raise tariffs.\nTrump said on Wednesday.")) == 2


def test_a_speech_sentence_with_a_clause_of_its_own_stays_apart() -> None:
    assert len(_texts("Talks resumed. China said so, and the U.S. agreed.")) == 2
