"""Publication days from what a text reports: the catalog matcher, month stamps, the
day-first reading of a numeric stamp, wire datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.mentions import analyse_article, substance_keys
from analysis.text.pubdates.catalog import amount_tokens, match_catalog, score_day
from analysis.text.pubdates.inference import Anchor
from analysis.text.pubdates.rounds import date_one, refine_stamp
from analysis.text.pubdates.stamps import find_dateline

D = dt.date


def _event(day: dt.date, category: str, direction: str, text: str = "") -> Anchor:
    return Anchor(day, day, category, frozenset(), False, "occurred", f"TW-{day}",
                  f"catalog {day}", direction=direction, numbers=amount_tokens(text))


# A made-up timeline: tariffs on Thu 2019-08-01, the yuan past 7 on Mon 2019-08-05, a
# tariff list with $34 billion on Fri 2018-07-06, talks on Fri 2019-12-13.
CATALOG = [
    _event(D(2019, 8, 1), "tariff", "escalation"),
    _event(D(2019, 8, 5), "currency", "escalation"),
    _event(D(2018, 7, 6), "tariff", "escalation", "duties on $34bn of goods take effect"),
    _event(D(2019, 12, 13), "talks", "de-escalation"),
    _event(D(2019, 5, 13), "tariff", "escalation"),
]
UNDATED = ("The yuan weakened past 7 per dollar today as the currency slid.\n\n"
           "Trump rattled markets on Thursday by vowing to impose new tariffs.")


def test_amount_tokens() -> None:
    assert amount_tokens("a $50 billion list of 128 products, 25% duties in 2019") == {
        "50bn", "128"}
    assert amount_tokens("Zölle im Wert von 34 Milliarden US-Dollar") == {"34bn"}


@pytest.mark.parametrize("text", [
    "told på varer for 34 milliarder dollar",  # da/no
    "tullar på varor för 34 miljarder dollar",  # sv
    "heffingen op 34 miljard dollar aan goederen",  # nl
    "des droits sur 34 milliards de dollars",  # fr
    "aranceles sobre 34 mil millones de dólares",  # es
    "tarifas sobre US$ 34 bilhões em produtos",  # pt
    "Zölle auf Waren für 34 Mrd. Dollar",  # de, abbreviated
])
def test_amount_in_billions_in_every_language(text: str) -> None:
    assert amount_tokens(text) == {"34bn"}


def test_amount_in_billions_dates_a_danish_weekday() -> None:
    catalog = [*CATALOG, _event(D(2018, 4, 5), "tariff", "escalation",
                                "a further $100bn of duties studied")]
    text = ("Præsidenten vil lægge told på varer for yderligere 100 milliarder dollar.\n\n"
            "Han bad torsdag handelsministeriet om at undersøge tolden.")
    pub = date_one(analyse_article("x", text, "da"), catalog)
    assert pub.date is not None and D(2018, 4, 5) <= pub.date <= D(2018, 4, 6)


def test_undated_text_pinned_by_two_agreeing_dates() -> None:
    analysis = analyse_article("x", UNDATED, "en")
    pub = match_catalog(analysis, CATALOG, D(2018, 1, 1), D(2020, 12, 31))
    assert pub is not None and pub.date == D(2019, 8, 5) and pub.precision == "day"


def test_one_weekday_alone_dates_nothing() -> None:
    analysis = analyse_article("x", "Trump vowed on Thursday to impose new tariffs.", "en")
    assert match_catalog(analysis, CATALOG, D(2018, 1, 1), D(2020, 12, 31)) is None
    assert date_one(analysis, CATALOG).date is None  # unknown, never invented


def test_amount_in_the_lead_ties_a_text_to_its_event() -> None:
    text = ("Since this morning duties on goods worth $34 billion are in force.\n\n"
            "Beijing promised to retaliate.")
    pub = date_one(analyse_article("x", text, "en"), CATALOG)
    assert pub.date == D(2018, 7, 6)


def test_month_stamp_refined_to_the_day() -> None:
    text = " date 2019-12 China announced on Friday a preliminary trade deal with the U.S."
    analysis = analyse_article("x", text, "en")
    stamp = find_dateline(text)
    assert stamp is not None and stamp.precision == "month"
    pub = refine_stamp(analysis, stamp, CATALOG)
    assert (pub.date, pub.precision) == (D(2019, 12, 13), "day")


def test_numeric_stamp_read_day_first_when_the_content_says_so() -> None:
    text = (" date 2019-05-08 The yuan weakened past 7 per dollar on Monday, "
            "the currency's lowest in a decade.")
    analysis = analyse_article("x", text, "en")
    pub = refine_stamp(analysis, find_dateline(text), CATALOG)
    assert pub.date == D(2019, 8, 5)
    # the printed order wins when the content does not prefer the other reading
    plain = " date 2019-05-08 Officials met in Washington."
    kept = refine_stamp(analyse_article("y", plain, "en"), find_dateline(plain), CATALOG)
    assert kept.date == D(2019, 5, 8)


def test_wire_dateline_is_the_publication_date_not_an_event() -> None:
    text = ("WASHINGTON, July 23, 2019 (Reuters) - U.S. and Chinese negotiators will meet "
            "next week in Shanghai, the White House said on Tuesday.")
    pub = find_dateline(text)
    assert pub is not None and pub.date == D(2019, 7, 23) and pub.precision == "day"
    analysis = analyse_article("x", text, "en")
    assert all(m.expr is None or m.expr.text != "July 23, 2019" for m in analysis.mentions)
    yearless = "BEIJING, May 15 (Reuters) - China said on Wednesday it would retaliate."
    analysis = analyse_article("y", yearless, "en")
    assert all(m.expr is None or m.expr.text != "May 15" for m in analysis.mentions)


def test_weekday_led_dateline_in_the_head() -> None:
    pub = find_dateline("- The Daily Paper - Wednesday, July 31, 2019\n\nTalks ended.")
    assert pub is not None and pub.date == D(2019, 7, 31)


def test_other_languages_datelines() -> None:
    cases = {
        "Veröffentlicht am 6. Juli 2018\nSeit 6 Uhr sind die Zölle in Kraft.": D(2018, 7, 6),
        "Publié le 13 décembre 2019 à 10:30\nLa Chine a annoncé un accord.": D(2019, 12, 13),
        "31 de diciembre de 2019\nEl presidente dijo el martes.": D(2019, 12, 31),
        "06.07.2018\nDie Zölle gelten.": D(2018, 7, 6),
        "By Jane Doe | May 15, 2019\nTariffs rose.": D(2019, 5, 15),
        "Business 2019/08/23 China raised tariffs.": D(2019, 8, 23),
    }
    for text, day in cases.items():
        pub = find_dateline(text)
        assert pub is not None and (pub.date, pub.precision) == (day, "day"), text
    # a date inside a sentence of the body is news, not the page's date
    assert find_dateline("Les pourparlers du 13 décembre 2019 ont eu lieu à Pékin.") is None


# Two Mondays of one made-up month with tariff rows: an announcement on the 8th and the
# duties taking effect on the 15th (the catalog row's description says so: key in_force).
_MONDAYS = [
    _event(D(2018, 10, 8), "tariff", "escalation"),
    Anchor(D(2018, 10, 15), D(2018, 10, 15), "tariff", frozenset({"in_force"}), False,
           "occurred", "TW-in-force", "catalog in force", direction="escalation"),
]


@pytest.mark.parametrize(("lang", "sentence"), [
    # invented two-sentence leads: the weekday's sentence follows on from the tariff
    # sentence, so "in force" lies outside the expression's own keys
    ("en", "Washington put new duties on machinery. "
           "Since Monday the higher rates have been in force."),
    ("de", "Washington verhängte neue Strafzölle auf Maschinen. "
           "In der Nacht zum Montag traten die höheren Sätze in Kraft."),
    ("no", "USA har innført toll på maskiner. "
           "Ved midnatt natt til mandag trådte de nye satsene i kraft."),
    ("es", "Washington impuso nuevos aranceles a la maquinaria. "
           "El lunes entraron en vigor las tasas más altas."),
])
def test_month_stamp_in_force_sentence_picks_the_start_day(lang: str, sentence: str) -> None:
    analysis = analyse_article("x", " date 2018-10 " + sentence, lang)
    assert all(not m.keys for m in analysis.mentions)  # the sentence, not the clause
    pub = refine_stamp(analysis, analysis.dateline, _MONDAYS)
    # the in-force Monday (or the day after it), never the announcement's
    assert pub.precision == "day" and pub.date in (D(2018, 10, 15), D(2018, 10, 16))
    # the key decides: moved to the other Monday's row, the day follows it
    swapped = [
        Anchor(D(2018, 10, 8), D(2018, 10, 8), "tariff", frozenset({"in_force"}), False,
               "occurred", "TW-in-force", "catalog in force", direction="escalation"),
        _event(D(2018, 10, 15), "tariff", "escalation"),
    ]
    assert refine_stamp(analysis, analysis.dateline, swapped).date in (D(2018, 10, 8),
                                                                       D(2018, 10, 9))


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "The duties went into effect at midnight."),
    ("sv", "Tullarna trädde i kraft vid midnatt."),
    ("da", "Tolden trådte i kraft ved midnat."),
    ("fr", "Les droits de douane sont entrés en vigueur à minuit."),
    ("nl", "De heffingen zijn van kracht sinds middernacht."),
    ("pt", "As tarifas entraram em vigor à meia-noite."),
])
def test_in_force_key_in_every_language(lang: str, sentence: str) -> None:
    assert "in_force" in substance_keys(sentence, lang)
    assert "in_force" not in substance_keys("The duties were announced at midnight.", lang)


def _keyed(day: dt.date, category: str, key: str) -> Anchor:
    return Anchor(day, day, category, frozenset({key}), False, "occurred", f"TW-{day}",
                  f"catalog {day}", direction="escalation")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Huawei's finance chief was arrested on 1 December.\n\n"
           "The arrest of the Huawei executive was made public on Wednesday, officials said."),
    ("es", "La directora financiera de Huawei fue detenida el 1 de diciembre.\n\n"
           "La detención de la ejecutiva de Huawei se conoció el miércoles, dijeron "
           "funcionarios."),
])
def test_yearless_past_day_is_of_the_current_year(lang: str, text: str) -> None:
    # Two Wednesdays with a matching event: a past "1 December" fits the December one,
    # not the May of the following year (the year would have been written).
    catalog = [_keyed(D(2018, 12, 5), "tech", "huawei"), _keyed(D(2019, 5, 15), "tech", "huawei")]
    pub = match_catalog(analyse_article("x", text, lang), catalog, D(2018, 1, 1), D(2020, 3, 1))
    assert pub is not None and pub.date == D(2018, 12, 5)


def test_yearless_day_across_new_year_is_allowed() -> None:
    catalog = [_keyed(D(2019, 1, 9), "tech", "huawei"), _keyed(D(2019, 5, 15), "tech", "huawei")]
    text = ("Huawei's finance chief was arrested on 20 December.\n\n"
            "The Huawei executive was charged on Wednesday, officials said.")
    pub = match_catalog(analyse_article("x", text, "en"), catalog, D(2018, 1, 1), D(2020, 3, 1))
    assert pub is not None and pub.date == D(2019, 1, 9)


_TWO_TUESDAYS = [_event(D(2019, 6, 18), "talks", "de-escalation"),
                 _event(D(2019, 1, 29), "talks", "de-escalation"),
                 _event(D(2019, 6, 29), "talks", "de-escalation")]
_TIE_TEXTS = {
    "en": ("Trade negotiators of both countries resumed their talks.",
           "They met on Tuesday for talks, officials said.",
           "The two presidents will meet for talks on June 28."),
    "fr": ("Les négociateurs des deux pays ont repris les négociations commerciales.",
           "Ils se sont réunis mardi pour des négociations.",
           "Les deux présidents se rencontreront pour des négociations le 28 juin."),
    "de": ("Die Unterhändler beider Länder haben ihre Handelsgespräche wieder aufgenommen.",
           "Sie trafen sich am Dienstag zu Gesprächen.",
           "Die beiden Präsidenten werden sich am 28. Juni zu Gesprächen treffen."),
    "sv": ("Förhandlarna från båda länderna återupptog handelssamtalen.",
           "De möttes i tisdags för samtal.",
           "De två presidenterna ska mötas för samtal den 28 juni."),
    "es": ("Los negociadores de ambos países reanudaron las negociaciones comerciales.",
           "Se reunieron el martes para negociar.",
           "Los dos presidentes se reunirán para negociar el 28 de junio."),
}


@pytest.mark.parametrize("lang", sorted(_TIE_TEXTS))
def test_yearless_day_breaks_a_tie_between_weeks(lang: str) -> None:
    lead, weekday, yearless = _TIE_TEXTS[lang]
    span = (D(2018, 1, 1), D(2020, 3, 1))
    # the Tuesday fits two weeks with talks: ambiguous, nothing is dated
    tied = analyse_article("x", f"{lead}\n\n{weekday}", lang)
    assert match_catalog(tied, _TWO_TUESDAYS, *span) is None
    # the coming meeting "on June 28" (a catalog event on June 29) picks the June week
    told = analyse_article("x", f"{lead}\n\n{weekday}\n\n{yearless}", lang)
    pub = match_catalog(told, _TWO_TUESDAYS, *span)
    assert pub is not None and pub.date is not None
    assert D(2019, 6, 17) <= pub.date <= D(2019, 6, 19)


def test_yearless_day_alone_dates_nothing() -> None:
    text = "Trade negotiators resumed their talks.\n\nThe presidents will meet on June 28."
    assert match_catalog(analyse_article("x", text, "en"), _TWO_TUESDAYS,
                         D(2018, 1, 1), D(2020, 3, 1)) is None


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "China on Tuesday rejected being labelled a currency manipulator by the United States."),
    ("es", "China rechazó este martes ser calificada como manipuladora de divisas por Estados "
           "Unidos."),
    ("no", "Kina avviste tirsdag å bli stemplet som valutamanipulator av USA."),
    ("de", "China wies am Dienstag zurück, von den USA als Währungsmanipulator bezeichnet zu "
           "werden."),
    ("fr", "La Chine a rejeté mardi l'accusation de manipulation de devises lancée par les "
           "États-Unis."),
])
def test_one_weekday_dates_a_text_when_only_one_week_fits(lang: str, text: str) -> None:
    # one currency event in the whole catalog: the weekday fits one week only
    pub = match_catalog(analyse_article("x", text, lang), CATALOG, D(2018, 1, 1), D(2020, 12, 31))
    assert pub is not None and pub.date == D(2019, 8, 6)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "China hit back with tariffs of 25 percent on 106 American products worth "
           "$50 billion."),
    ("de", "China verhängt Strafzölle von 25 Prozent auf 106 US-Produkte im Wert von "
           "50 Milliarden Dollar."),
    ("sv", "Kina införde tullar på 25 procent på 106 amerikanska varor värda 50 miljarder "
           "dollar."),
    ("fr", "La Chine impose des droits de douane de 25 % sur 106 produits américains d'une "
           "valeur de 50 milliards de dollars."),
])
def test_two_shared_amounts_tell_apart_lists_of_one_size(lang: str, text: str) -> None:
    # two $50bn rows: the one that also names "106 products" is the text's
    catalog = [_event(D(2018, 4, 4), "tariff", "escalation", "25% on 106 products ($50bn)"),
               _event(D(2018, 6, 15), "tariff", "escalation", "25% duties on $50bn")]
    pub = match_catalog(analyse_article("x", text, lang), catalog, D(2018, 1, 1),
                        D(2020, 12, 31))
    assert pub is not None and pub.date == D(2018, 4, 4)


@pytest.mark.parametrize(("lang", "lead", "weekday"), [
    ("en", "The United States lifts its designation of China as a currency manipulator.",
     "The Treasury published its report on the yuan and currencies on Monday."),
    ("fr", "Les États-Unis retirent à la Chine l'étiquette de manipulateur de devises.",
     "Le Trésor a publié lundi son rapport sur le yuan et les devises."),
    ("es", "Estados Unidos retira a China la etiqueta de manipulador de divisas.",
     "El Tesoro publicó el lunes su informe sobre el yuan y las divisas."),
])
def test_a_headline_contradicting_the_event_dates_nothing(lang: str, lead: str,
                                                          weekday: str) -> None:
    # the only currency event is an escalation: a text whose lead reports a
    # de-escalation is not of that week, however well its Monday fits
    text = f"{lead}\n\n{weekday}"
    span = (D(2018, 1, 1), D(2020, 12, 31))
    assert match_catalog(analyse_article("x", text, lang), CATALOG, *span) is None
    agreeing = ("China lets the yuan weaken past 7 per dollar, the currency's lowest in a "
                "decade.\n\nThe Treasury published its report on "
                "the yuan and currencies on Monday.")
    pub = match_catalog(analyse_article("y", agreeing, "en"), CATALOG, *span)
    assert pub is not None and pub.date == D(2019, 8, 5)


# Precision of the matcher: what counts as evidence (invented sentences).
THU = D(2019, 5, 9)  # a Thursday


@pytest.mark.parametrize(("lang", "lead", "weekday"), [
    ("en", "Talks collapsed as Washington accused Beijing of reneging on the deal.",
     "The Chinese negotiator arrives on Thursday for talks."),
    ("sv", "Samtalen bröt samman när Washington anklagade Peking för att svika avtalet.",
     "Kinas förhandlare kommer på torsdag för samtal."),
    ("fr", "Les négociations ont échoué, Washington accusant Pékin de renier l'accord.",
     "Le négociateur chinois arrive jeudi pour des négociations."),
    ("es", "Las negociaciones fracasaron y Washington acusó a Pekín de incumplir el acuerdo.",
     "El negociador chino llega el jueves para mantener conversaciones."),
    ("da", "Forhandlingerne brød sammen, da Washington anklagede Beijing for at løbe fra "
           "aftalen.", "Den kinesiske forhandler ankommer torsdag til forhandlinger."),
    ("no", "Forhandlingene brøt sammen da Washington anklaget Beijing for å bryte avtalen.",
     "Den kinesiske forhandleren kommer torsdag for forhandlinger."),
    ("nl", "De onderhandelingen liepen vast nadat Washington Peking beschuldigde de deal te "
           "ondermijnen.", "De Chinese onderhandelaar komt donderdag aan voor gesprekken."),
])
def test_a_directed_lead_is_not_a_neutral_event(lang: str, lead: str, weekday: str) -> None:
    # the catalog's only talks row is a neutral round: the lead's undated claim of a
    # breakdown is not that round, so only the weekday counts
    catalog = [_event(THU, "talks", "neutral")]
    both = analyse_article("x", f"{lead}\n\n{weekday}", lang)
    alone = analyse_article("y", weekday, lang)
    assert score_day(both, catalog, THU) == score_day(alone, catalog, THU) == 1.0


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Washington lifts the tariffs on Chinese goods.\n\n"
           "Farmers got a new aid package on Thursday."),
    ("sv", "Washington slopar tullarna på kinesiska varor.\n\n"
           "Bönderna fick ett nytt stödpaket på torsdagen."),
    ("fr", "Washington supprime les droits de douane sur les produits chinois.\n\n"
           "Les agriculteurs ont reçu jeudi une nouvelle aide."),
])
def test_a_tariff_lead_is_not_a_neutral_farm_event(lang: str, text: str) -> None:
    # lifting tariffs (de-escalation) is not a farm aid package (neutral): across
    # categories a lead fits only an event moving the same way
    catalog = [_event(THU, "agriculture", "neutral")]
    analysis = analyse_article("x", text, lang)
    assert score_day(analysis, catalog, THU) == 1.0  # the weekday alone


@pytest.mark.parametrize(("lang", "after"), [
    ("en", "The White House canceled the planned tariff increase due Sunday."),
    ("sv", "Washington skrotade planerna på att införa nya tullar på söndag."),
    ("da", "Washington aflyste planerne om at indføre ny told søndag."),
    ("no", "Washington avlyste planene om å innføre ny toll søndag."),
    ("es", "Washington canceló sus planes de imponer nuevos aranceles el domingo."),
    ("pt", "Washington cancelou os planos de impor novas tarifas no domingo."),
])
def test_the_day_of_a_called_off_measure_is_no_evidence(lang: str, after: str) -> None:
    # a day after the called-off escalation is when the measure was due (it never
    # came), not the day of the catalog's de-escalation
    sunday = D(2019, 2, 24)
    catalog = [_event(sunday, "tariff", "de-escalation")]
    assert score_day(analyse_article("x", after, lang), catalog, sunday) == 0.0


@pytest.mark.parametrize(("lang", "before"), [
    ("en", "On Sunday the White House canceled the planned tariff increase."),
    ("es", "El domingo Washington canceló sus planes de imponer nuevos aranceles."),
    ("pt", "No domingo Washington cancelou os planos de impor novas tarifas."),
])
def test_the_day_of_the_calling_off_is_evidence(lang: str, before: str) -> None:
    # a day before the calling off is the de-escalation's own day
    sunday = D(2019, 2, 24)
    catalog = [_event(sunday, "tariff", "de-escalation")]
    assert score_day(analyse_article("y", before, lang), catalog, sunday) >= 1.0
