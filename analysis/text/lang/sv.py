"""Swedish word tables (see :mod:`analysis.text.lang` for how they are used)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LexiconWords

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5,
    "söndag": 6,
}
NUMBERS: dict[str, int] = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "ett par": 2,
}

WORDS = LexiconWords(
    category={
        "currency": (r"valuta\w*",),
        "tech": (r"teknikförsäljning\w*", r"teknologi\w*", r"telekom\w*", r"svarta listan"),
        "agriculture": (r"jordbruk\w*", r"sojaböno?r?\w*", r"lantbruk\w*", r"grödor"),
        "tariff": (r"tull\w*", r"strafftull\w*", r"importtull\w*", r"handelstull\w*",
                   r"extratull\w*", r"motåtgärd\w*"),
        "talks": (
            r"samtal\w*", r"förhandl\w+", r"träffa\w*", r"möte\w*", r"överens", r"avtal\w*",
            r"toppmöte\w*", r"delegation\w*", r"handelsavtal\w*", r"handelssamtal\w*",
            r"handelsförhandl\w+", r"fas 1-avtal\w*", r"överenskommelse\w*",
        ),
    },
    direction={
        "escalation": (
            r"blockerade", r"höjde", r"begränsning\w*", r"skrotade", r"sviker", r"kritik",
            r"anklagade", r"tullhöjning\w*", r"drabbat", r"raserat",
        ),
        "de-escalation": (
            r"återuppta\w*", r"villig\w*", r"framsteg", r"köpa", r"importera",
            r"undantag\w*", r"avsluta\w*", r"ansikte mot ansikte",
        ),
    },
    status={
        "scheduled": (
            r"kommer att", r"ska", r"skulle", r"nästa vecka", r"planera\w*", r"förberedda",
        ),
        "announced": (r"tillkännag\w+", r"meddelade"),
    },
    actor={
        "US": (r"amerikansk\w*", r"usa:s"),
        "China": (r"kina\w*", r"kinesisk\w*", r"peking", r"ministeriet",
                  r"handelsministeriet"),
    },
    speech_verbs=(
        r"sa", r"sade", r"säger", r"sagt", r"uppgav", r"meddelade", r"bekräftade",
        r"rapporterade", r"avslöjade", r"skrev", r"twittrade",
    ),
    trade_terms=(r"handel\w*", r"tullkrig\w*"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"träd(?:er|de|t) i kraft", r"i kraft", r"börja(?:r|de)? gälla"),
        "phone_call": (r"telefon\w*", r"telefonsamtal\w*"),
        "in_person": (r"ansikte mot ansikte", r"personliga samtal"),
        "g20": (r"toppmöte\w*",),
        "white_house": (r"vita huset",),
        "farm_visit": (r"besöka \w+ gårdar",),
        "purchases": (r"köp\w*", r"inköp\w*"),
        "exemption": (r"undantag\w*",),
        "signing": (r"undertecknad\w*", r"undertecknade", r"signera\w*", r"signering\w*"),
        "phase_one": (r"fas 1", r"fas ett", r"första fasen", r"fas 1-avtal\w*"),
    },
    sequence=(r"därefter",),
    time_of_day=(r"vid midnatt", r"i natt", r"i morse", r"i kväll", r"under natten"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("tull", "strafftull", "importtull", "avgift"),
        "purchase": ("köp", "inköp", "sojaböno", "jordbruksvar", "import"),
        "talks": ("samtal", "förhandl", "avtal", "handelsavtal", "fas 1", "överenskommelse",
                  "möte", "toppmöte", "vapenvila"),
        "tech": ("svarta listan", "licens", "huawei"),
        "currency": ("yuan", "valuta"),
    },
    escalation={
        "tariff": ("inför", "höj", "slå", "hot", "följde", "utvidg", "utöka", "trappa upp",
                   "vedergäll"),
        "purchase": ("stopp", "avbryt", "avbröt"),
        "talks": ("dröj", "avbryt", "avbröt", "kollaps", "sviker", "skrota", "strand"),
        "tech": ("svartlist", "förbj"),
        "currency": ("försvag", "stämpl"),
    },
    deescalation={
        "tariff": ("skjut", "sänk", "undanta", "slopa", "ta bort", "pausa"),
        "purchase": ("köp", "återuppta", "lov"),
        "talks": ("underteckn", "signer", "enas", "enades", "kom överens", "återuppta",
                  "nått", "nådde", "teckna"),
        "tech": ("licens", "tillåt"),
        "currency": ("stryk", "ta bort", "tog bort"),
    },
    standalone_escalation=("handelskrig", "vedergällning", "motåtgärd"),
    standalone_deescalation=("vapenvila", "framsteg", "goodwill", "historiskt steg",
                             "milstolpe"),
    negations=("inte", "ej", "aldrig", "inga", "ingen"),
    reversers=("skjuter upp", "sköt upp", "pausa", "avstå", "inte", "ej", "stoppa"),
)
