"""Direction by predicate and object, and one sentence reporting several events."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.direction import called_off, event_classes, predicate_direction
from analysis.text.mentions import analyse_article, mention_records


@pytest.mark.parametrize(("lang", "text", "direction"), [
    # tariffs: raise/impose/retaliate vs delay/suspend/exempt
    ("en", "China will impose tariffs on $60 billion of U.S. goods.", "escalation"),
    ("en", "The U.S. will raise tariffs on $250 billion to 30 percent.", "escalation"),
    ("en", "Many new tariffs would be delayed until Dec. 15.", "de-escalation"),
    ("en", "The U.S. is suspending a tariff hike on $250 billion.", "de-escalation"),
    ("en", "China exempted 16 kinds of U.S. products from tariffs.", "de-escalation"),
    # purchases: halt vs resume/pledge/buy
    ("en", "Chinese companies have stopped buying US agricultural products.", "escalation"),
    ("en", "China resumed purchases of U.S. soybeans.", "de-escalation"),
    ("en", "China agreed to buy up to $50 billion in U.S. farm products.", "de-escalation"),
    # negation and reversers turn an act over
    ("en", "Washington committed not to impose any new tariffs.", "de-escalation"),
    ("en", "Trump suspends plans to hike tariffs.", "de-escalation"),
    ("en", "The U.S. will refrain from raising those tariffs to 25 percent.", "de-escalation"),
    # modality keeps the act: a threat of tariffs is escalation
    ("en", "Trump threatened to impose 10% tariffs on the rest.", "escalation"),
    # talks, tech, currency
    ("en", "Negotiators agreed to extend trade talks until Wednesday.", "de-escalation"),
    ("en", "Negotiations fell apart in May.", "escalation"),
    ("en", "Commerce is adding Huawei to its Entity List.", "escalation"),
    ("en", "The Treasury removed China's designation as a currency manipulator.",
     "de-escalation"),
    # the other languages' tables
    ("sv", "Trump undertecknade idag ett handelsavtal med Kina.", "de-escalation"),
    ("sv", "I måndags införde Kina tullar på 128 amerikanska produkter.", "escalation"),
    ("sv", "Handelsavtalet med Kina kan dröja till efter valet.", "escalation"),
    ("de", "Die USA verhängten Strafzölle auf chinesische Waren.", "escalation"),
    ("da", "Kinesiske virksomheder har købt sojabønner fra USA.", "de-escalation"),
    ("fr", "La Chine a annoncé un accord commercial préliminaire.", "de-escalation"),
    ("es", "La fase 1 del acuerdo comercial se firmará el 15 de enero.", "de-escalation"),
])
def test_predicate_and_object(lang: str, text: str, direction: str) -> None:
    assert predicate_direction(text, lang) == direction


def test_no_act_no_direction() -> None:
    assert predicate_direction("The weather in Beijing was mild.", "en") is None


def test_several_events_in_one_sentence() -> None:
    text = ("Trump said talks were back on track after excellent talks Saturday with Xi "
            "in which Washington agreed to hold off on new tariffs.")
    assert dict(event_classes(text, "en")) == {"talks": "de-escalation",
                                               "tariff": "de-escalation"}
    analysis = analyse_article("a", "date 2019-06-29 " + text, "en")
    got = {(m.expr.text, m.category, m.direction) for m in analysis.mentions if m.expr}
    assert ("Saturday", "talks", "de-escalation") in got
    assert ("Saturday", "tariff", "de-escalation") in got


def test_deal_is_talks_even_with_farm_purchases() -> None:
    text = ("President Trump said Friday the two sides reached a phase one deal, under "
            "which China would buy farm products.")
    analysis = analyse_article("a", "date 2019-10-11 " + text, "en")
    cats = {m.category for m in analysis.mentions if m.expr is not None}
    assert "talks" in cats


def test_occurred_lead_is_the_days_news_only_when_the_text_dates_nothing() -> None:
    undated = ("Since 6 a.m. the U.S. tariffs on $34 billion of Chinese goods are in force.\n\n"
               "Beijing vowed to retaliate.")
    rows = mention_records(analyse_article("a", undated, "en"), dt.date(2018, 7, 6))
    assert any(r["date_source"] == "publication" and r["category"] == "tariff" for r in rows)
    dated = ("The U.S. imposed tariffs on $34 billion of Chinese goods.\n\n"
             "The duties took effect on July 6, officials said.")
    rows = mention_records(analyse_article("b", dated, "en"), dt.date(2018, 7, 9))
    assert not any(r["date_source"] == "publication" for r in rows)


@pytest.mark.parametrize(("lang", "text", "direction"), [
    # putting off a tariff rise is de-escalation in every language (the reverser before
    # the predicate), and "exposed to" is not "put off"
    ("da", "Trump har udsat de planlagte toldsatser på kinesiske varer.", "de-escalation"),
    ("da", "USA udskyder toldforhøjelsen på kinesiske varer.", "de-escalation"),
    ("da", "De danske landmænd er udsat for Kinas nye told.", "neutral"),
    ("de", "Die USA verschieben die Zollerhöhung auf chinesische Waren.", "de-escalation"),
    ("no", "USA utsetter tolløkningen på kinesiske varer.", "de-escalation"),
    ("sv", "USA skjuter upp tullhöjningen på kinesiska varor.", "de-escalation"),
    ("fr", "Washington reporte la hausse des droits de douane sur les produits chinois.",
     "de-escalation"),
    ("es", "Washington aplaza la subida de aranceles a los productos chinos.", "de-escalation"),
    ("pt", "Washington adiou o aumento das tarifas sobre produtos chineses.", "de-escalation"),
])
def test_putting_off_a_tariff_is_de_escalation(lang: str, text: str, direction: str) -> None:
    found = [m for m in analyse_article("x", text, lang).mentions if m.category == "tariff"]
    assert found and found[0].direction == direction


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The talks failed on Friday."),
    ("de", "Die Gespräche scheiterten am Freitag."),
    ("sv", "Samtalen misslyckades i fredags."),
    ("da", "Forhandlingerne mislykkedes fredag."),
    ("no", "Forhandlingene mislyktes fredag."),
    ("fr", "Les négociations ont échoué vendredi."),
    ("es", "Las negociaciones fracasaron el viernes."),
    ("nl", "De onderhandelingen mislukten vrijdag."),
    ("pt", "As negociações fracassaram na sexta-feira."),
])
def test_failed_talks_are_escalation(lang: str, text: str) -> None:
    # talks that fail, in any tense ("scheiterten", "mislyktes"), move away from a deal
    found = [m for m in analyse_article("x", text, lang).mentions if m.category == "talks"]
    assert found and found[0].direction == "escalation"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The White House canceled the planned tariff increase.", True),
    ("en", "Washington will impose new tariffs.", False),
    ("en", "Washington canceled the tariff exemptions.", False),
    ("da", "Washington aflyste planerne om at indføre ny told.", True),
    ("es", "Washington canceló sus planes de imponer nuevos aranceles.", True),
    ("nl", "Washington schrapte de plannen om nieuwe heffingen op te leggen.", True),
])
def test_called_off_escalation(lang: str, text: str, expected: bool) -> None:
    assert called_off(text, lang) is expected
