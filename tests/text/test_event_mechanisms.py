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


# ----------------------------------------------------------------------------------------
# Category and direction from verb + object classes

def _events(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    rows = mention_records(analyse_article("a", text, lang), PUBLISHED)
    return tuple((r["category"], r["direction"]) for r in rows)


DELAY = {
    "en": "The United States will delay the new tariffs on Chinese goods.",
    "sv": "USA skjuter upp de nya tullarna på kinesiska varor.",
    "da": "USA udskyder den nye told på kinesiske varer.",
    "no": "USA utsetter den nye tollen på kinesiske varer.",
    "de": "Die USA verschieben die neuen Zölle auf chinesische Waren.",
    "fr": "Les États-Unis repoussent les nouveaux droits de douane sur les produits chinois.",
    "es": "Estados Unidos pospone los nuevos aranceles a los productos chinos.",
    "pt": "Os Estados Unidos adiaram as novas tarifas sobre produtos chineses.",
    "nl": "De VS hebben de nieuwe heffingen op Chinese producten uitgesteld.",
}
CANCELLED_RAISE = {
    "en": "The White House cancelled plans to raise tariffs on Chinese goods.",
    "sv": "Vita huset ställde in höjningen av tullarna på kinesiska varor.",
    "da": "Det Hvide Hus aflyste planerne om at hæve tolden på kinesiske varer.",
    "no": "Det hvite hus avlyste planene om å øke tollen på kinesiske varer.",
    "de": "Das Weiße Haus verzichtet auf die geplante Erhöhung der Zölle.",
    "fr": "La Maison Blanche a annulé son projet de relever les droits de douane.",
    "es": "La Casa Blanca canceló sus planes de elevar los aranceles.",
    "pt": "A Casa Branca cancelou os planos de aumentar as tarifas.",
    "nl": "Het Witte Huis annuleert de verhoging van de heffingen.",
}
TRAVEL_FOR_TALKS = {
    "en": "Chinese negotiators will travel to Washington for trade talks.",
    "sv": "Kinesiska förhandlare reser till Washington för samtal om handel.",
    "da": "Kinesiske forhandlere rejser til Washington for at mødes til forhandlinger.",
    "no": "Kinesiske forhandlere reiser til Washington for nye forhandlinger.",
    "de": "Chinesische Unterhändler reisen nach Washington zu Gesprächen über den Handel.",
    "fr": "Les négociateurs chinois se rendent à Washington pour des négociations commerciales.",
    "es": "Los negociadores chinos viajarán a Washington para una reunión comercial.",
    "pt": "Os negociadores chineses viajam a Washington para uma reunião comercial.",
    "nl": "Chinese onderhandelaars ontmoeten de Amerikanen voor gesprekken over handel.",
}
CANCELLED_FARM_VISIT = {
    "en": "The Chinese delegation cancelled its visit to farms in Montana.",
    "sv": "Den kinesiska delegationen ställde in sitt besök hos bönder i Montana.",
    "da": "Den kinesiske delegation aflyste sit besøg hos landmænd i Montana.",
    "no": "Den kinesiske delegasjonen avlyste besøket hos bønder i Montana.",
    "de": "Die chinesische Delegation hat ihren Besuch bei Farmern in Montana abgesagt.",
    "fr": "La délégation chinoise a annulé sa visite chez des agriculteurs du Montana.",
    "es": "La delegación china canceló su visita a granjas de Montana.",
    "pt": "A delegação chinesa cancelou a visita a fazendas em Montana.",
    "nl": "De Chinese delegatie heeft het bezoek aan boeren in Montana afgezegd.",
}
MEMO_CALLING_FOR_TARIFFS = {
    "en": "Trump signed a memorandum calling for tariffs on Chinese imports.",
    "sv": "Trump undertecknade ett dokument som kräver tullar på kinesisk import.",
    "da": "Trump underskrev et notat, der kræver told på kinesisk import.",
    "no": "Trump undertegnet et notat som krever toll på kinesisk import.",
    "de": "Trump unterzeichnete ein Memorandum, das Zölle auf chinesische Importe fordert.",
    "fr": "Trump a signé un mémorandum qui réclame des droits de douane sur les importations.",
    "es": "Trump firmó un memorando que exige aranceles a las importaciones chinas.",
    "pt": "Trump assinou um memorando que exige tarifas sobre as importações chinesas.",
    "nl": "Trump ondertekende een memorandum dat heffingen op Chinese import eist.",
}


@pytest.mark.parametrize(("table", "expected"), [
    (DELAY, ("tariff", "de-escalation")),
    (CANCELLED_RAISE, ("tariff", "de-escalation")),
    (TRAVEL_FOR_TALKS, ("talks", "de-escalation")),
    (CANCELLED_FARM_VISIT, ("agriculture", "escalation")),
    (MEMO_CALLING_FOR_TARIFFS, ("tariff", "escalation")),
], ids=["delay", "cancelled-raise", "travel-for-talks", "cancelled-farm-visit", "memo"])
@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_category_and_direction_from_verb_and_object(table: dict[str, str],
                                                     expected: tuple[str, str],
                                                     lang: str) -> None:
    assert _events(table[lang], lang)[0] == expected


def test_a_negation_reverses_only_as_a_whole_word() -> None:
    # "notat" (a memo) and "now" begin like "not" and "no" and reverse nothing.
    assert _events("Trump now raises tariffs on Chinese goods.", "en")[0] == (
        "tariff", "escalation")
    assert _events("Trump underskrev et notat, der hæver tolden.", "da")[0] == (
        "tariff", "escalation")


TARIFF_ON_FARM_GOODS = {
    "en": "Soybeans and pork are among the goods hit by the new Chinese tariffs.",
    "sv": "Sojabönor och fläsk finns bland varorna som får de nya kinesiska tullarna.",
    "da": "Sojabønner og svinekød er blandt varerne med den nye kinesiske told.",
    "no": "Soyabønner og svinekjøtt er blant varene med den nye kinesiske tollen.",
    "de": "Sojabohnen und Schweinefleisch gehören zu den Waren mit den neuen Zöllen.",
    "fr": "Le soja et le porc figurent parmi les produits visés par les nouvelles taxes.",
    "es": "La soja y el cerdo están entre los productos con los nuevos aranceles.",
    "pt": "A soja e a carne suína estão entre os produtos com as novas tarifas.",
    "nl": "Sojabonen en varkensvlees zijn enkele producten met de nieuwe heffingen.",
}
PURCHASE_OF_FARM_GOODS = {
    "en": "China bought American soybeans despite the tariffs.",
    "sv": "Kina köpte amerikanska sojabönor trots tullarna.",
    "da": "Kina købte amerikanske sojabønner trods tolden.",
    "no": "Kina kjøpte amerikanske soyabønner til tross for tollen.",
    "de": "China kaufte trotz der Zölle amerikanische Sojabohnen.",
    "fr": "La Chine a acheté du soja américain malgré les taxes.",
    "es": "China compró soja estadounidense pese a los aranceles.",
    "pt": "A China comprou soja americana apesar das tarifas.",
    "nl": "China kocht Amerikaanse sojabonen ondanks de heffingen.",
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_farm_goods_beside_a_tariff_are_tariff_news_unless_bought(lang: str) -> None:
    assert _events(TARIFF_ON_FARM_GOODS[lang], lang)[0][0] == "tariff"
    assert _events(PURCHASE_OF_FARM_GOODS[lang], lang)[0] == ("agriculture", "de-escalation")


# ----------------------------------------------------------------------------------------
# The document date for lead news in the present perfect

PERFECT_LEADS = {
    "en": ("The United States has imposed new tariffs on Chinese goods.",
           "China answered on Monday."),
    "sv": ("USA har infört nya tullar på kinesiska varor.", "Kina svarade i måndags."),
    "da": ("USA har indført ny told på kinesiske varer.", "Kina svarede mandag."),
    "no": ("USA har innført ny toll på kinesiske varer.", "Kina svarte mandag."),
    "de": ("Die USA hat neue Zölle auf chinesische Waren verhängt.",
           "China antwortete am Montag."),
    "fr": ("Washington a imposé de nouveaux droits de douane sur les produits chinois.",
           "Pékin a répondu lundi."),
    "es": ("Estados Unidos ha impuesto nuevos aranceles a los productos chinos.",
           "China respondió el lunes."),
    "pt": ("Os Estados Unidos têm imposto novas tarifas sobre produtos chineses.",
           "A China respondeu na segunda-feira."),
    "nl": ("De VS heeft nieuwe heffingen op Chinese producten opgelegd.",
           "China reageerde maandag."),
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_a_lead_in_the_perfect_is_the_publication_days_news(lang: str) -> None:
    lead, later = PERFECT_LEADS[lang]
    rows = mention_records(analyse_article("a", f"{lead}\n{later}", lang), PUBLISHED)
    own = [r for r in rows if r["sentence"] == lead and r["date_source"] == "publication"]
    assert own and own[0]["date"] == PUBLISHED.isoformat()
    assert own[0]["category"] == "tariff"


def test_a_lead_in_the_past_tense_still_recaps_a_day_the_text_names() -> None:
    text = "The United States imposed new tariffs on Chinese goods.\nChina answered on Monday."
    rows = mention_records(analyse_article("a", text, "en"), PUBLISHED)
    assert not any(r["date_source"] == "publication" for r in rows)


# ----------------------------------------------------------------------------------------
# A follow-on sentence of another category takes the day of the sentence before it

FOLLOW_ONS = {
    "en": ("The United States raised tariffs on Chinese goods on Monday.",
           "China halted its purchases of American soybeans."),
    "sv": ("USA höjde tullarna på kinesiska varor i måndags.",
           "Kina stoppade sina köp av amerikanska sojabönor."),
    "da": ("USA hævede tolden på kinesiske varer mandag.",
           "Kina stoppede sine køb af amerikanske sojabønner."),
    "no": ("USA økte tollen på kinesiske varer mandag.",
           "Kina stanset sine kjøp av amerikanske soyabønner."),
    "de": ("Die USA erhöhten am Montag die Zölle auf chinesische Waren.",
           "China stoppte seine Käufe amerikanischer Sojabohnen."),
    "fr": ("Les États-Unis ont relevé lundi les droits de douane sur les produits chinois.",
           "La Chine a suspendu ses achats de soja américain."),
    "es": ("Estados Unidos aumentó el lunes los aranceles a los productos chinos.",
           "China suspendió sus compras de soja estadounidense."),
    "pt": ("Os Estados Unidos aumentaram na segunda-feira as tarifas sobre produtos chineses.",
           "A China suspendeu suas compras de soja americana."),
    "nl": ("De VS verhoogden maandag de heffingen op Chinese producten.",
           "China stopte zijn aankopen van Amerikaanse sojabonen."),
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_a_follow_on_of_another_category_takes_the_previous_day(lang: str) -> None:
    first, second = FOLLOW_ONS[lang]
    rows = mention_records(analyse_article("a", f"{first} {second}", lang), PUBLISHED)
    follow = [r for r in rows if r["sentence"] == second]
    assert follow and follow[0]["date"] == "2019-05-06"
    assert follow[0]["date_source"] == "follow_on"
    assert (follow[0]["category"], follow[0]["direction"]) == ("agriculture", "escalation")


@pytest.mark.parametrize("second", [
    "China will halt its purchases of American soybeans.",       # looks ahead
    "China had halted its purchases of American soybeans.",      # looks back
    "They also raised tariffs on Chinese steel.",                # the same category
])
def test_a_follow_on_keeps_no_day_of_another_time_or_the_same_event(second: str) -> None:
    first = "The United States raised tariffs on Chinese goods on Monday."
    rows = mention_records(analyse_article("a", f"{first} {second}", "en"), PUBLISHED)
    assert not any(r["date_source"] == "follow_on" for r in rows)


def test_a_follow_on_needs_the_same_paragraph_for_its_day() -> None:
    first, second = FOLLOW_ONS["en"]
    rows = mention_records(analyse_article("a", f"{first}\n{second}", "en"), PUBLISHED)
    assert not any(r["date_source"] == "follow_on" for r in rows)


NAMED_FOLLOW_ONS = {
    "en": ("Huawei's finance chief Meng Lin was arrested in Canada.",
           "Meng was detained in Vancouver on Monday, the court said."),
    "sv": ("Huaweis finanschef Meng Lin har gripits i Kanada.",
           "Meng greps i Vancouver i måndags, enligt domstolen."),
    "da": ("Huaweis finansdirektør Meng Lin er anholdt i Canada.",
           "Meng blev tilbageholdt i Vancouver mandag, oplyste retten."),
    "no": ("Huaweis finanssjef Meng Lin er arrestert i Canada.",
           "Meng ble pågrepet i Vancouver mandag, opplyste retten."),
    "de": ("Huaweis Finanzchefin Meng Lin wurde in Kanada festgenommen.",
           "Meng wurde am Montag in Vancouver festgehalten, teilte das Gericht mit."),
    "fr": ("La directrice financière de Huawei, Meng Lin, a été arrêtée au Canada.",
           "Meng a été interpellée lundi à Vancouver, selon le tribunal."),
    "es": ("La directora financiera de Huawei, Meng Lin, fue detenida en Canadá.",
           "Meng fue arrestada el lunes en Vancouver, según el tribunal."),
    "pt": ("A diretora financeira da Huawei, Meng Lin, foi presa no Canadá.",
           "Meng foi detida na segunda-feira em Vancouver, segundo o tribunal."),
    "nl": ("De financieel directeur van Huawei, Meng Lin, is in Canada gearresteerd.",
           "Meng werd maandag in Vancouver vastgehouden, aldus de rechtbank."),
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_a_name_carries_the_subject_into_the_next_paragraph(lang: str) -> None:
    first, second = NAMED_FOLLOW_ONS[lang]
    rows = mention_records(analyse_article("a", f"{first}\n\n{second}", lang), PUBLISHED)
    follow = [r for r in rows if r["sentence"] == second]
    assert follow and follow[0]["date"] == "2019-05-06" and follow[0]["category"] == "tech"


def test_without_a_shared_name_the_next_paragraph_stays_apart() -> None:
    first = "Huawei's finance chief Meng Lin was arrested in Canada."
    second = "Markets in Tokyo fell on Monday, traders said."
    rows = mention_records(analyse_article("a", f"{first}\n\n{second}", "en"), PUBLISHED)
    assert not [r for r in rows if r["sentence"] == second]


CONFIRMED_SALES = {
    "en": "The agency confirmed a sale of American soybeans to China.",
    "sv": "Myndigheten bekräftade en försäljning av amerikanska sojabönor till Kina.",
    "da": "Styrelsen bekræftede et salg af amerikanske sojabønner til Kina.",
    "no": "Etaten bekreftet et salg av amerikanske soyabønner til Kina.",
    "de": "Die Behörde bestätigte einen Verkauf amerikanischer Sojabohnen an China.",
    "fr": "L'agence a confirmé une vente de soja américain à la Chine.",
    "es": "La agencia confirmó una venta de soja estadounidense a China.",
    "pt": "A agência confirmou uma venda de soja americana para a China.",
    "nl": "Het agentschap bevestigde een verkoop van Amerikaanse sojabonen aan China.",
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_a_confirmed_sale_of_farm_goods_is_a_purchase(lang: str) -> None:
    assert _events(CONFIRMED_SALES[lang], lang)[0] == ("agriculture", "de-escalation")


TALKS_COLLAPSED = {
    "en": "The trade talks broke down in Washington.",
    "sv": "Handelssamtalen bröt samman i Washington.",
    "da": "Handelsforhandlingerne brød sammen i Washington.",
    "no": "Handelsforhandlingene brøt sammen i Washington.",
    "de": "Die Handelsgespräche in Washington sind geplatzt.",
    "fr": "Les négociations commerciales sont bloquées à Washington.",
    "es": "Las negociaciones comerciales se estancaron en Washington.",
    "pt": "As negociações comerciais estagnaram em Washington.",
    "nl": "De handelsgesprekken in Washington zijn geklapt.",
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_talks_breaking_down_are_escalation(lang: str) -> None:
    # sv, de and nl write the object as a compound ("Handelsgespräche"): its head counts.
    assert _events(TALKS_COLLAPSED[lang], lang)[0] == ("talks", "escalation")


LICENCE_EXTENDED = {
    "en": "Commerce extended the licences that let firms supply Huawei.",
    "sv": "Handelsdepartementet förlängde licenserna för leveranser till Huawei.",
    "da": "Handelsministeriet forlængede licenserne til leverancer til Huawei.",
    "no": "Handelsdepartementet forlenget lisensene for leveranser til Huawei.",
    "de": "Das Handelsministerium verlängerte die Lizenzen für Lieferungen an Huawei.",
    "fr": "Le département du Commerce a prolongé les licences de Huawei.",
    "es": "El Departamento de Comercio prorrogó las licencias de Huawei.",
    "pt": "O Departamento de Comércio prorrogou as licenças da Huawei.",
    "nl": "Het ministerie van Handel verlengde de licenties voor Huawei.",
}
LABELLED_MANIPULATOR = {
    "en": "The Treasury labelled China a currency manipulator.",
    "sv": "Finansdepartementet pekade ut Kina som valutamanipulatör.",
    "da": "Finansministeriet udpegede Kina som valutamanipulator.",
    "no": "Finansdepartementet utpekte Kina som valutamanipulator.",
    "de": "Das Finanzministerium hat China als Währungsmanipulator eingestuft.",
    "fr": "Le Trésor a désigné la Chine comme manipulateur de devises.",
    "es": "El Tesoro designó a China como manipulador de divisas.",
    "pt": "O Tesouro designou a China como manipuladora de moeda.",
    "nl": "Het ministerie heeft China aangemerkt als valutamanipulator.",
}


@pytest.mark.parametrize("lang", ["en", "sv", "da", "no", "de", "fr", "es", "pt", "nl"])
def test_tech_and_currency_acts_in_every_language(lang: str) -> None:
    assert _events(LICENCE_EXTENDED[lang], lang)[0] == ("tech", "de-escalation")
    assert _events(LABELLED_MANIPULATOR[lang], lang)[0] == ("currency", "escalation")


def test_a_speech_tag_naming_its_speaker_in_full_still_joins() -> None:
    text = ("China will raise tariffs on American cars. "
            "Commerce Ministry spokesman Gao Feng said so on Thursday.")
    assert len(_texts(text)) == 1


@pytest.mark.parametrize("sentence,tag", [
    ("Das sagte Trump am Mittwoch.", True),
    ("Trump said on Wednesday.", True),
    ("Das Finanzministerium erklärte China am Montag zum Währungsmanipulator.", False),
    ("The Treasury said China was a currency manipulator.", False),
    ("Ministeriet meddelte tolden mandag.", False),
])
def test_a_speech_tag_carries_no_news_of_its_own(sentence: str, tag: bool) -> None:
    assert is_short_speech(sentence) is tag
