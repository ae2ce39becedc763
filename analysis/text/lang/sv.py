"""Swedish word tables (see :mod:`analysis.text.lang` for how they are used)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="sv",
    months={
        "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
        "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    },
    weekdays={
        "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5,
        "söndag": 6,
    },
    numbers={
        "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
        "åtta": 8, "nio": 9, "tio": 10, "ett par": 2,
    },
    month_parts={"början": "early", "mitten": "mid", "slutet": "late"},
    month_modifiers={"förra": "past", "nästa": "future"},
    since_words=("sedan",),
    # "i torsdags" is last Thursday ("i" + the ending "s"); see LanguageTables.
    weekday_modifiers={"förra": "last", "nästa": "future"},
    weekday_suffix_last="s",
    weekday_endings=("s", "en"),
    day_words={},
    relative={
        # normalised phrase -> (precision, rule, intrinsic direction)
        "i går": ("day", ("days", -1), "past"),
        "igår": ("day", ("days", -1), "past"),
        "i förrgår": ("day", ("days", -2), "past"),
        "i dag": ("day", ("days", 0), None),
        "idag": ("day", ("days", 0), None),
        "i kväll": ("day", ("days", 0), None),
        "ikväll": ("day", ("days", 0), None),
        "i morse": ("day", ("days", 0), "past"),
        "i morgon": ("day", ("days", 1), "future"),
        "imorgon": ("day", ("days", 1), "future"),
        "i övermorgon": ("day", ("days", 2), "future"),
        "förra veckan": ("week", ("week", -1), "past"),
        "förra veckans": ("week", ("week", -1), "past"),
        "nästa vecka": ("week", ("week", 1), "future"),
        "nästa veckas": ("week", ("week", 1), "future"),
        "kommande vecka": ("week", ("week", 1), "future"),
        "den kommande veckan": ("week", ("week", 1), "future"),
        "i veckan": ("week", ("week", 0), None),
        "denna vecka": ("week", ("week", 0), None),
        "den här veckan": ("week", ("week", 0), None),
        "senare i veckan": ("week", ("week_part", "later"), "future"),
        "tidigare i veckan": ("week", ("week_part", "earlier"), "past"),
        "den gångna veckan": ("week", ("days_span", -6, 0), "past"),
        "veckan som gick": ("week", ("days_span", -6, 0), "past"),
        "förra månaden": ("month", ("month_rel", -1), "past"),
        "förra månadens": ("month", ("month_rel", -1), "past"),
        "nästa månad": ("month", ("month_rel", 1), "future"),
        "nästa månads": ("month", ("month_rel", 1), "future"),
        "denna månad": ("month", ("month_rel", 0), None),
        "den här månaden": ("month", ("month_rel", 0), None),
        "tidigare i månaden": ("month", ("month_rel", 0), "past"),
        "senare i månaden": ("month", ("month_rel", 0), "future"),
        "förra året": ("year", ("year_rel", -1), "past"),
        "förra årets": ("year", ("year_rel", -1), "past"),
        "i fjol": ("year", ("year_rel", -1), "past"),
        "ifjol": ("year", ("year_rel", -1), "past"),
        "nästa år": ("year", ("year_rel", 1), "future"),
        "nästa års": ("year", ("year_rel", 1), "future"),
        "i år": ("year", ("year_rel", 0), None),
        "tidigare i år": ("year", ("year_rel", 0), "past"),
        "senare i år": ("year", ("year_rel", 0), "future"),
    },
    weekend_modes={
        "förra": "past", "förra helgen": "past", "nästa": "future", "kommande": "future",
    },
    trigger_words={
        **dict.fromkeys(("går", "igår", "förrgår", "dag", "idag", "dagar", "kväll", "ikväll",
                         "morse", "morgon", "imorgon", "övermorgon", "vecka", "veckan",
                         "veckans", "veckas", "veckor", "månad", "månaden", "månadens",
                         "månads", "månader", "år", "året", "årets", "års", "fjol",
                         "ifjol"), "D"),
        **dict.fromkeys(("helg", "helgen"), "H"),
    },
    month_prepositions=(),
    year_prepositions=(),
    future_words=frozenset({
        "ska", "skall", "skulle", "väntas", "förväntas", "beräknas", "planerar", "planeras",
        "avser", "ämnar", "nästa", "kommande", "framöver", "snart",
    }),
    abbreviations=frozenset({"bl.a", "t.ex", "mdr", "milj", "ca", "dvs", "nr", "kr", "jfr", "resp",
                            "s.k", "jan", "feb", "aug", "sept", "okt", "nov", "dec"}),
    future_pairs=frozenset({("kommer", "att")}),
    past_words=frozenset({
        "sa", "sade", "sagt", "uppgav", "meddelade", "bekräftade", "berättade", "skrev",
        "träffades", "möttes", "var", "hade", "blev", "kom", "gick", "gav", "tog", "fick",
        "höll", "såg", "införde", "höjde", "sänkte", "inledde", "avslutade", "tidigare",
        "förra", "nyligen", "föll", "steg", "sjönk", "gjorde", "började", "slutade",
        "skedde", "beslutade", "kunde", "ville", "sades",
    }),
    not_past=frozenset({"bade", "lade", "mercedes"}),
    # -ade/-ades: first conjugation; -des/-tes/-dde: passives and short verbs.
    participle_auxiliaries=frozenset({"bli", "bliva"}),
    publication_words=("publicerad", "publicerat", "uppdaterad", "uppdaterat"),
    past_suffixes=("ade", "ades", "des", "tes", "dde"),
    boundary_words=frozenset({
        "att", "som", "där", "när", "medan", "sedan", "efter", "innan", "eftersom", "fast",
        "trots", "vad",
    }),
    reporting_words=frozenset({
        "sa", "sade", "säger", "uppgav", "uppger", "meddelade", "bekräftade", "skrev",
    }),
    clause_verbs=frozenset({"sa", "sade", "säger", "uppgav", "uppger"}),
    date_prepositions=frozenset({"i", "på", "under", "vid", "till", "enligt"}),
    complementisers=frozenset({"att"}),
    scheduling_words=frozenset({"träder", "börjar", "löper", "senast",
        # planned, scheduled or put off to a day: that day lies ahead
        "planerat", "planerad", "planerade", "tänkt", "tänkta", "uppskjuten", "uppskjutet",
        "uppskjutna", "senarelagt", "senareläggs", "skjuts"}),
    scheduling_prepositions=frozenset({"från", "tills", "till"}),
    clause_openers=frozenset({"att", "om", "som", "eftersom"}),
    future_weekday_mode="future",
    category={
        "currency": (r"valuta\w*",),
        "tech": (r"teknikförsäljning\w*", r"teknologi\w*", r"telekom\w*", r"svarta listan"),
        "agriculture": (r"jordbruk\w*", r"sojaböno?r?\w*", r"lantbruk\w*", r"grödor",
                        r"bönder(?:na)?",
                        r"gård\w*"),
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
        "purchase": ("köp", "inköp", "sojaböno", "jordbruksvar", "import", "gård", "bönder",
                     "jordbruk", "försäljning"),
        "talks": ("samtal", "förhandl", "avtal", "handelsavtal", "fas 1", "överenskommelse",
                  "möte", "toppmöte", "vapenvila", "telefonsamtal"),
        "tech": ("svarta listan", "licens", "huawei", "exportförbud", "sanktion"),
        "currency": ("yuan", "valuta", "valutamanipul", "stämpel"),
    },
    escalation={
        "tariff": ("inför", "höj", "slå", "hot", "följde", "utvidg", "utöka", "trappa upp",
                   "vedergäll", "kräv", "träder i kraft", "trädde i kraft"),
        "purchase": ("stopp", "avbryt", "avbröt", "ställ in", "ställde in", "inställ", "avbok"),
        "talks": ("dröj", "avbryt", "avbröt", "kollaps", "misslyck", "sviker", "skrota", "strand",
                  "bröt samman", "sprack", "spruck"),
        "tech": ("svartlist", "förbj", "sätts upp", "satte upp", "sattes upp", "placer",
                 "grep", "gripen", "arrester", "begräns"),
        "currency": ("försvag", "stämpl", "utpeka", "pekade ut", "föll", "faller"),
    },
    deescalation={
        "tariff": ("skjut", "sänk", "undanta", "slopa", "ta bort", "pausa", "uppskj", "skjutit",
                   "sköt"),
        "purchase": ("köp", "återuppta", "lov", "besök", "bekräft", "sålde", "sälj"),
        "talks": ("underteckn", "signer", "enas", "enades", "kom överens", "återuppta",
                  "nått", "nådde", "teckna", "träff", "möt", "mött", "reser", "reste", "besök",
                  "inled", "börja", "fortsätt", "håll", "höll", "planer",
                  "samtala"),
        "tech": ("licens", "tillåt", "bevilj", "förläng", "undanta", "lyft"),
        "currency": ("stryk", "ta bort", "tog bort", "lyft", "stärk"),
    },
    standalone_escalation=("handelskrig", "vedergällning", "motåtgärd"),
    standalone_deescalation=("vapenvila", "framsteg", "goodwill", "historiskt steg",
                             "milstolpe"),
    negations=("inte", "ej", "aldrig", "inga", "ingen"),
    reversers=("skjuter upp", "sköt upp", "pausa", "avstå", "inte", "ej", "stoppa", "ställ in",
               "ställde in", "avbryt", "avbröt", "skrota", "drar tillbaka"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"har"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"hade"})
