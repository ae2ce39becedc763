"""The dateline grammar of :mod:`analysis.text.pubdates.stamps` (issue 16, class 1) and
the year of a year-less dateline from the content (:mod:`analysis.text.pubdates.rounds`),
on invented datelines and sentences in every supported language."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.dates.resolve import find_date_expressions, resolve
from analysis.text.mentions import analyse_article
from analysis.text.pubdates.catalog import match_catalog
from analysis.text.pubdates.inference import Anchor
from analysis.text.pubdates.rounds import (
    known_publication,
    refine_stamp,
    with_yearless_day,
    yearless_publication,
)
from analysis.text.pubdates.stamps import (
    PublicationDate,
    find_dateline,
    find_yearless_dateline,
)

_BODY = "The two governments said little more about the plan. " * 8


@pytest.mark.parametrize(("text", "day"), [
    # en: place, state, date with year, no agency, a hyphen glued to the text
    ("Farm prices fall\nSPRINGFIELD, Ill., Sept. 24, 2019-Growers said", "2019-09-24"),
    ("Headline\nWASHINGTON, DC, March 3, 2019 - The talks went on", "2019-03-03"),
    ("Headline\nBOSTON, Monday, March 4, 2019 (Agency) - The talks", "2019-03-04"),
    # en: date + outlet on its own line
    ("Headline\nOct 11, 2019 - Example Daily News\nThe talks", "2019-10-11"),
    ("Headline\nTuesday, Oct. 8, 2019 — Wire Service\nThe talks", "2019-10-08"),
    # en: place, agency, separator, date
    ("Headline\nLONDON (Agency) - Dec 13, 2019 - The talks", "2019-12-13"),
    # sv, no, da, de, fr, es, pt, nl: place, day-first date in the language's words
    ("Rubrik\nGÖTEBORG, 20 november 2019 (Byrån) – Kina svarade", "2019-11-20"),
    ("Tittel\nBERGEN, 20. november 2019 (Byrå): Kina svarte", "2019-11-20"),
    ("Overskrift\nAarhus, 20. november 2019 - Kina svarede", "2019-11-20"),
    ("Titel\nHamburg, 20. November 2019 (Agentur) - China reagierte", "2019-11-20"),
    ("Titre\nLyon, le 20 novembre 2019 - La Chine a répondu", "2019-11-20"),
    ("Titular\nSevilla, 20 de noviembre de 2019 (Agencia) - China respondió", "2019-11-20"),
    ("Título\nRecife, 20 de novembro de 2019 (Agência) - A China respondeu", "2019-11-20"),
    ("Kop\nUtrecht, 20 november 2019 (Bureau) - China reageerde", "2019-11-20"),
])
def test_dateline_grammar_with_year(text: str, day: str) -> None:
    found = find_dateline(text)
    assert found is not None and found.date == dt.date.fromisoformat(day)
    assert found.source == "dateline" and found.precision == "day"


def test_dateline_grammar_at_the_foot() -> None:
    found = find_dateline("Headline\n" + _BODY + "\n\nBOSTON, Dec 13, 2019")
    assert found is not None and found.date == dt.date(2019, 12, 13)


@pytest.mark.parametrize(("text", "month", "day", "weekday"), [
    ("Headline\nNov 20 (Agency) - Soybean futures rose", 11, 20, None),
    ("Headline\nBOSTON, Nov. 20 /Newswire/ -- The company said", 11, 20, None),
    ("Headline\nBOSTON, Monday, Nov. 19 (Agency) - The company said", 11, 19, 0),
    ("Rubrik\nMALMÖ, 20 november (Byrån) – Kina", 11, 20, None),
    ("Tittel\nBERGEN, 20. november (Byrå): Kina", 11, 20, None),
    ("Overskrift\nAarhus, 20. november - Kina", 11, 20, None),
    ("Titel\nHamburg, Mittwoch, 20. November (Agentur) - China", 11, 20, 2),
    ("Titre\nLyon, 20 novembre (Agence) - La Chine", 11, 20, None),
    ("Titular\nSevilla, 20 nov (Agencia).- China", 11, 20, None),
    ("Título\nRecife, 20 de novembro (Agência) - A China", 11, 20, None),
    ("Kop\nUtrecht, 20 november (Bureau) - China", 11, 20, None),
])
def test_yearless_dateline_grammar_in_every_language(
        text: str, month: int, day: int, weekday: int | None) -> None:
    found = find_yearless_dateline(text)
    assert found is not None and (found.month, found.day) == (month, day)
    assert found.weekday == weekday
    assert find_dateline(text) is None


@pytest.mark.parametrize("text", [
    "Headline\nThe talks went on in Boston, Oct 11 - said the minister.",
    "Headline\nThe minister, speaking on Monday, March 4 - a holiday - said more.",
    "Headline\nIn May 5, 2019 - about the dispute - a lot was said, and more.",
])
def test_not_a_dateline(text: str) -> None:
    assert find_dateline(text) is None
    assert find_yearless_dateline(text) is None


def _anchor(day: str, category: str) -> Anchor:
    d = dt.date.fromisoformat(day)
    return Anchor(d, d, category, frozenset(), False, "occurred", "c", "catalog c")


def test_printed_weekday_of_a_yearless_dateline_names_the_year() -> None:
    catalog = [_anchor("2018-06-01", "tariff"), _anchor("2020-06-01", "tariff")]
    # Nov 19 is a Monday in 2018, a Tuesday in 2019, a Thursday in 2020
    text = "BOSTON, Monday, Nov. 19 (Agency) - Officials discussed trade talks with China."
    pub = yearless_publication(analyse_article("x", text, "en"), catalog)
    assert pub is not None and pub.date == dt.date(2018, 11, 19)


def _inferred(day: str, lo: str | None = None, hi: str | None = None) -> PublicationDate:
    d = dt.date.fromisoformat(day) if day else None
    return PublicationDate(d, "day" if d else "unknown", "inferred",
                           dt.date.fromisoformat(lo or day), dt.date.fromisoformat(hi or day),
                           "inferred from the events")


@pytest.mark.parametrize(("text", "lang"), [
    ("BOSTON, Nov. 20 (Agency) - Officials met.", "en"),
    ("MALMÖ, 20 november (Byrån) – Tjänstemännen möttes.", "sv"),
    ("BERGEN, 20. november (Byrå): Tjenestemennene møttes.", "no"),
    ("Aarhus, 20. november - Embedsmændene mødtes.", "da"),
    ("Hamburg, 20. November (Agentur) - Die Beamten trafen sich.", "de"),
    ("Lyon, 20 novembre (Agence) - Les responsables se sont réunis.", "fr"),
    ("Sevilla, 20 nov (Agencia).- Los funcionarios se reunieron.", "es"),
    ("Recife, 20 de novembro (Agência) - Os funcionários se reuniram.", "pt"),
    ("Utrecht, 20 november (Bureau) - De ambtenaren kwamen bijeen.", "nl"),
])
def test_yearless_dateline_takes_the_year_of_the_inferred_day(text: str, lang: str) -> None:
    analysis = analyse_article("x", text, lang)
    assert analysis.yearless_dateline is not None
    # the content places the article around 2019-11-22: the dateline's day wins, in 2019
    pub = with_yearless_day(analysis, _inferred("2019-11-22"))
    assert pub.date == dt.date(2019, 11, 20) and pub.source == "dateline"
    # an inferred range of a few weeks that holds the day: still one year
    ranged = with_yearless_day(analysis, _inferred("", "2019-11-01", "2019-12-10"))
    assert ranged.date == dt.date(2019, 11, 20)
    # content far from any Nov 20: the dateline cannot take a year, the inference stands
    far = with_yearless_day(analysis, _inferred("2019-05-10"))
    assert far.date == dt.date(2019, 5, 10)


@pytest.mark.parametrize(("lang", "text", "base", "expected"), [
    # a passive or infinitive participle after an auxiliary points forward (class 2)
    ("en", "The pact is set to be signed on January 15 in the capital.", "2019-12-30",
     "2020-01-15"),
    ("en", "The new duties will be imposed on Jan. 10, the office said.", "2019-12-20",
     "2020-01-10"),
    ("en", "The duties were imposed on Dec. 20 after the talks.", "2020-01-05", "2019-12-20"),
    ("no", "Avtalen skal bli undertegnet 10. januar.", "2019-12-20", "2020-01-10"),
    ("fr", "L'accord sera signé le 10 janvier.", "2019-12-20", "2020-01-10"),
    ("sv", "Avtalet ska undertecknas den 10 januari.", "2019-12-20", "2020-01-10"),
    ("da", "Aftalen skal underskrives den 10. januar.", "2019-12-20", "2020-01-10"),
    ("de", "Das Abkommen soll am 10. Januar unterzeichnet werden.", "2019-12-20",
     "2020-01-10"),
    ("es", "El acuerdo será firmado el 10 de enero.", "2019-12-20", "2020-01-10"),
    ("pt", "O acordo será assinado em 10 de janeiro.", "2019-12-20", "2020-01-10"),
    ("nl", "Het akkoord zal op 10 januari worden getekend.", "2019-12-20", "2020-01-10"),
])
def test_yearless_future_dates_resolve_forward(lang: str, text: str, base: str,
                                               expected: str) -> None:
    exprs = [e for e in find_date_expressions(text, lang) if e.rule[0] == "date"]
    assert len(exprs) == 1
    found = resolve(exprs[0], dt.date.fromisoformat(base))
    assert found is not None and found.start == dt.date.fromisoformat(expected)


_ORDER_TEXTS = {
    "en": "The US will impose new tariffs on Chinese goods from Sept. 24, the ministry "
          "said on Monday.",
    "no": "USA vil innføre ny toll på kinesiske varer fra 24. september, sa departementet "
          "mandag.",
    "sv": "USA ska införa nya tullar på kinesiska varor från den 24 september, sa "
          "ministeriet i måndags.",
    "da": "USA vil indføre ny told på kinesiske varer fra den 24. september, sagde "
          "ministeriet mandag.",
    "de": "Die USA werden ab dem 24. September neue Strafzölle auf chinesische Waren "
          "erheben, sagte das Ministerium am Montag.",
    "fr": "Les États-Unis imposeront de nouveaux droits de douane sur les produits chinois "
          "à partir du 24 septembre, a déclaré le ministère lundi.",
    "es": "Estados Unidos impondrá nuevos aranceles a productos chinos a partir del 24 de "
          "septiembre, dijo el ministerio el lunes.",
    "pt": "Os EUA vão impor novas tarifas sobre produtos chineses a partir de 24 de "
          "setembro, disse o ministério na segunda-feira.",
    "nl": "De VS zullen vanaf 24 september nieuwe importheffingen op Chinese goederen "
          "invoeren, zei het ministerie maandag.",
}


@pytest.mark.parametrize("lang", sorted(_ORDER_TEXTS))
def test_a_future_yearless_day_bounds_the_publication_day(lang: str) -> None:
    # Two Mondays with a catalog tariff: the remark's Monday fits both, but the
    # effective day announced in the future tense rules the later one out.
    def anchor(day: str) -> Anchor:
        d = dt.date.fromisoformat(day)
        return Anchor(d, d, "tariff", frozenset(), False, "occurred", "c", "catalog c",
                      direction="escalation")

    analysis = analyse_article("x", _ORDER_TEXTS[lang], lang)
    found = match_catalog(analysis, [anchor("2018-09-17"), anchor("2018-09-24")],
                          dt.date(2018, 9, 1), dt.date(2018, 9, 30), min_score=1.0)
    assert found is not None and dt.date(2018, 9, 16) <= found.date <= dt.date(2018, 9, 18)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Les droits de douane augmenteront le 10 janvier."),
    ("es", "Los aranceles subirán el 10 de enero."),
    ("pt", "As tarifas subirão em 10 de janeiro."),
])
def test_a_synthetic_future_verb_points_forward(lang: str, text: str) -> None:
    exprs = [e for e in find_date_expressions(text, lang) if e.rule[0] == "date"]
    assert exprs and exprs[0].direction == "future"
    found = resolve(exprs[0], dt.date(2019, 12, 20))
    assert found is not None and found.start == dt.date(2020, 1, 10)


_WEEKDAY_DATE_TEXTS = {
    "en": "New tariffs on Chinese goods took effect on Monday, September 24.",
    "sv": "De nya tullarna på kinesiska varor trädde i kraft måndagen den 24 september.",
    "no": "Den nye tollen på kinesiske varer trådte i kraft mandag 24. september.",
    "da": "Den nye told på kinesiske varer trådte i kraft mandag den 24. september.",
    "de": "Die neuen Strafzölle auf chinesische Waren traten am Montag, dem 24. September, "
          "in Kraft.",
    "fr": "Les nouveaux droits de douane sur les produits chinois sont entrés en vigueur "
          "lundi 24 septembre.",
    "es": "Los nuevos aranceles a productos chinos entraron en vigor el lunes 24 de "
          "septiembre.",
    "pt": "As novas tarifas sobre produtos chineses entraram em vigor na segunda-feira, 24 "
          "de setembro.",
    "nl": "De nieuwe importheffingen op Chinese goederen gingen maandag 24 september in.",
}


@pytest.mark.parametrize("lang", sorted(_WEEKDAY_DATE_TEXTS))
def test_weekday_date_agreement_dates_an_undated_article(lang: str) -> None:
    # September 24 is a Monday in 2018 only (a Tuesday in 2019): the catalog's tariff of
    # 2019-09-24 does not fit, the one of 2018-09-24 does.
    def anchor(day: str) -> Anchor:
        d = dt.date.fromisoformat(day)
        return Anchor(d, d, "tariff", frozenset(), False, "occurred", "c", "catalog c",
                      direction="escalation")

    analysis = analyse_article("x", _WEEKDAY_DATE_TEXTS[lang], lang)
    found = match_catalog(analysis, [anchor("2018-09-24"), anchor("2019-09-24"),
                                     anchor("2020-02-14")],
                          dt.date(2018, 1, 1), dt.date(2020, 12, 31), min_score=1.0)
    assert found is not None and found.date == dt.date(2018, 9, 24)



_ABSOLUTE_ORDER_TEXTS = {
    "en": "China raised tariffs on US goods on Monday. The earlier duties took "
          "effect on March 1, 2019.",
    "sv": "Kina höjde tullarna på amerikanska varor i måndags. De tidigare "
          "tullarna trädde i kraft den 1 mars 2019.",
    "no": "Kina økte tollen på amerikanske varer mandag. Den tidligere tollen "
          "trådte i kraft 1. mars 2019.",
    "da": "Kina hævede tolden på amerikanske varer mandag. Den tidligere told "
          "trådte i kraft den 1. marts 2019.",
    "de": "China erhöhte am Montag die Zölle auf US-Waren. Die früheren Zölle "
          "traten am 1. März 2019 in Kraft.",
    "fr": "La Chine a relevé lundi les droits de douane sur les produits "
          "américains. Les droits précédents sont entrés en vigueur le 1er mars "
          "2019.",
    "es": "China elevó el lunes los aranceles a productos estadounidenses. Los "
          "aranceles anteriores entraron en vigor el 1 de marzo de 2019.",
    "pt": "A China elevou na segunda-feira as tarifas sobre produtos americanos. "
          "As tarifas anteriores entraram em vigor em 1 de março de 2019.",
    "nl": "China verhoogde maandag de importheffingen op Amerikaanse goederen. De"
          " eerdere heffingen gingen op 1 maart 2019 in.",
}


@pytest.mark.parametrize("lang", sorted(_ABSOLUTE_ORDER_TEXTS))
def test_a_dated_past_event_rules_out_earlier_publication_days(lang: str) -> None:
    # Two Mondays with a catalog tariff; the text reports March 1, 2019 as past, so the
    # Monday of 2018 is ruled out.
    def anchor(day: str) -> Anchor:
        d = dt.date.fromisoformat(day)
        return Anchor(d, d, "tariff", frozenset(), False, "occurred", "c", "catalog c",
                      direction="escalation")

    analysis = analyse_article("x", _ABSOLUTE_ORDER_TEXTS[lang], lang)
    found = match_catalog(analysis, [anchor("2018-09-17"), anchor("2019-05-13")],
                          dt.date(2018, 1, 1), dt.date(2020, 12, 31), min_score=1.0)
    assert found is not None and dt.date(2019, 5, 12) <= found.date <= dt.date(2019, 5, 15)


@pytest.mark.parametrize(("text", "day"), [
    # every language's publication words, clock-time joiners and slashed dates
    ("Headline\nLast Updated: 13th December, 2019 10:30 IST\nText", "2019-12-13"),
    ("Headline\n12/13/2019 10:30 AM\nText", "2019-12-13"),
    ("Headline\nBy Jane Doe Dec. 13, 2019\nText", "2019-12-13"),
    ("Rubrik\nUppdaterad 13 dec 2019 kl. 10.30\nText", "2019-12-13"),
    ("Tittel\nPublisert 13. desember 2019 kl. 10.30\nTekst", "2019-12-13"),
    ("Overskrift\nPubliceret 13. december 2019 kl. 10.30\nTekst", "2019-12-13"),
    ("Titel\nAktualisiert am 13.12.2019, 10:30 Uhr\nText", "2019-12-13"),
    ("Titre\nPublié le 13/12/2019 à 10h30\nTexte", "2019-12-13"),
    ("Titular\n13 DIC 2019 - 10:30 CET\nTexto", "2019-12-13"),
    ("Titular\nActualizado: 05/12/2019 10:30h\nTexto", "2019-12-05"),
    ("Título\nAtualizado em 05/12/2019 às 10h30\nTexto", "2019-12-05"),
    ("Kop\nGepubliceerd op 13 dec. 2019 om 10:30\nTekst", "2019-12-13"),
])
def test_publication_lines_in_every_language(text: str, day: str) -> None:
    found = find_dateline(text)
    assert found is not None and found.date == dt.date.fromisoformat(day)


def test_an_ambiguous_slashed_date_is_not_read() -> None:
    # 05/06/2019 could be May 6 or June 5: without a language's keyword, no date
    assert find_dateline("Headline\n05/06/2019 10:30 AM\nText") is None


@pytest.mark.parametrize(("lang", "text"), [
    # from 2019-05-20 the nearest Dec. 15 is 2018's; the present tense of taking effect
    # puts it ahead
    ("en", "The duties take effect Dec. 15 under the plan."),
    ("sv", "Tullarna träder i kraft den 15 december enligt planen."),
    ("no", "Tollen trer i kraft 15. desember etter planen."),
    ("da", "Tolden træder i kraft den 15. december efter planen."),
    ("de", "Der Zoll tritt am 15. Dezember in Kraft."),
    ("fr", "Les droits commencent le 15 décembre selon le plan."),
    ("es", "Los aranceles entran en vigor el 15 de diciembre según el plan."),
    ("pt", "As tarifas entram em vigor em 15 de dezembro segundo o plano."),
    ("nl", "De heffing treedt op 15 december in werking."),
])
def test_a_present_tense_effect_verb_schedules_a_yearless_day(lang: str, text: str) -> None:
    exprs = [e for e in find_date_expressions(text, lang) if e.rule[0] == "date"]
    assert exprs and exprs[0].direction == "future"
    found = resolve(exprs[0], dt.date(2019, 5, 20))
    assert found is not None and found.start == dt.date(2019, 12, 15)



_CONTRADICTED_TEXTS = {
    "en": "China let the yuan weaken past 7 per dollar on Monday. The "
          "Treasury labelled China a currency manipulator on Monday.",
    "sv": "Kina lät yuanen försvagas förbi 7 per dollar i måndags. "
          "Finansdepartementet stämplade Kina som valutamanipulatör i "
          "måndags.",
    "no": "Kina lot yuanen svekkes forbi 7 per dollar mandag. "
          "Finansdepartementet stemplet Kina som valutamanipulator mandag.",
    "da": "Kina lod yuanen svækkes forbi 7 per dollar mandag. "
          "Finansministeriet stemplede Kina som valutamanipulator mandag.",
    "de": "China ließ den Yuan am Montag über 7 je Dollar fallen. Das "
          "Finanzministerium erklärte China am Montag zum "
          "Währungsmanipulator.",
    "fr": "La Chine a laissé le yuan passer 7 pour un dollar lundi. Le Trésor"
          " a désigné la Chine comme manipulateur de devises lundi.",
    "es": "China dejó caer el yuan por encima de 7 por dólar el lunes. El "
          "Tesoro calificó a China de manipulador de divisas el lunes.",
    "pt": "A China deixou o yuan passar de 7 por dólar na segunda-feira. O "
          "Tesouro classificou a China como manipuladora de moeda na segunda-"
          "feira.",
    "nl": "China liet de yuan maandag voorbij 7 per dollar zakken. Het "
          "ministerie noemde China maandag een valutamanipulator.",
}


@pytest.mark.parametrize("lang", sorted(_CONTRADICTED_TEXTS))
def test_a_stamp_the_content_contradicts_is_doubted(lang: str) -> None:
    # "on Monday" twice about the catalog's event of 2019-08-05; resolved against a
    # stamp four weeks later they match nothing: the stamp is flagged and the content's
    # day preferred. A stamp that agrees with the content stands.
    def anchor(day: str, category: str) -> Anchor:
        d = dt.date.fromisoformat(day)
        return Anchor(d, d, category, frozenset(), False, "occurred", "c", "catalog c",
                      direction="escalation")

    catalog = [anchor("2019-08-05", "currency"), anchor("2019-09-01", "tariff")]
    wrong = analyse_article("x", " date 2019-09-03 " + _CONTRADICTED_TEXTS[lang], lang)
    pub = refine_stamp(wrong, known_publication(wrong), catalog)
    assert pub.date is not None and abs((pub.date - dt.date(2019, 8, 5)).days) <= 1
    assert pub.evidence.startswith("stamp doubted")
    right = analyse_article("x", " date 2019-08-06 " + _CONTRADICTED_TEXTS[lang], lang)
    assert refine_stamp(right, known_publication(right), catalog).date == dt.date(2019, 8, 6)


@pytest.mark.parametrize("lang,extra", [
    ("en", " The talks resumed on Thursday (Sept 19)."),
    ("de", " Die Gespräche begannen am Donnerstag, dem 19. September."),
    ("sv", " Samtalen återupptogs torsdagen den 19 september."),
])
def test_a_printed_day_that_agrees_keeps_the_stamp(lang: str, extra: str) -> None:
    # The same contradicting weekdays, but the text also prints a calendar day one day
    # before the stamp: the writer's own calendar agrees with it, so it stands.
    d = dt.date(2019, 8, 5)
    catalog = [Anchor(d, d, "currency", frozenset(), False, "occurred", "c", "catalog c",
                      direction="escalation")]
    text = " date 2019-09-20 " + _CONTRADICTED_TEXTS[lang] + extra
    a = analyse_article("x", text, lang)
    pub = refine_stamp(a, known_publication(a), catalog)
    assert pub.date == dt.date(2019, 9, 20) and pub.source == "dateline"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The signing is planned for December 15 in Washington."),
    ("sv", "Undertecknandet är planerat till den 15 december."),
    ("de", "Die Unterzeichnung ist für den 15. Dezember angesetzt."),
    ("de", "Die Zölle sind für den 15. Dezember vorgesehen."),
    ("de", "Die Zölle wurden auf den 15. Dezember verschoben."),
    ("da", "Underskrivelsen er planlagt til den 15. december."),
    ("da", "Tolden er udskudt til den 15. december."),
    ("fr", "La signature est programmée pour le 15 décembre."),
    ("fr", "Washington prévoit d'imposer les droits de douane le 15 décembre."),
    ("es", "La firma está programada para el 15 de diciembre."),
    ("es", "Washington planea imponer los aranceles el 15 de diciembre."),
    ("no", "Signeringen er berammet til 15. desember."),
    ("no", "Tollen er utsatt til 15. desember."),
    ("nl", "De heffingen zijn uitgesteld tot 15 december."),
    ("pt", "A assinatura está programada para 15 de dezembro."),
    ("pt", "Washington planeja impor as tarifas em 15 de dezembro."),
])
def test_a_planned_or_postponed_yearless_day_lies_ahead(lang: str, text: str) -> None:
    # planned, scheduled, put off to a day: in a May article that day is the coming
    # December, not the last one
    exprs = [e for e in find_date_expressions(text, lang) if e.rule[0] == "date"]
    assert exprs and exprs[0].direction == "future"
    found = resolve(exprs[0], dt.date(2019, 5, 20))
    assert found is not None and found.start == dt.date(2019, 12, 15)
