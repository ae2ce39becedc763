"""Norwegian word tables (Bokmål and Nynorsk, both coded ``no``)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="no",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "bl.a", "f.eks", "mill", "mrd", "ca", "dvs", "nr", "kr", "jf", "pst", "hr", "jan",
        "feb", "aug", "sept", "okt", "nov",
    }),
    months={
        "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
        "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "okt": 10, "nov": 11, "des": 12,
    },
    weekdays={
        "mandag": 0, "måndag": 0, "tirsdag": 1, "tysdag": 1, "onsdag": 2, "torsdag": 3,
        "fredag": 4, "lørdag": 5, "laurdag": 5, "søndag": 6, "sundag": 6,
    },
    weekday_modifiers={
        "på": "?", "sist": "last", "forrige": "last", "neste": "future", "kommende": "future",
        "i": "?", "natt til": "?", "innen": "future", "fra": "?",
    },
    weekday_suffix_last="s",
    day_words={"i dag": 0, "i går": -1, "i forgårs": -2, "i morgen": 1, "i overmorgen": 2,
               "i dag tidlig": 0},
    relative={
        "forrige uke": ("week", ("week", -1), "past"),
        "sist uke": ("week", ("week", -1), "past"),
        "i forrige uke": ("week", ("week", -1), "past"),
        "neste uke": ("week", ("week", 1), "future"),
        "i neste uke": ("week", ("week", 1), "future"),
        "denne uken": ("week", ("week", 0), None),
        "denne veka": ("week", ("week", 0), None),
        "i uken": ("week", ("week", 0), None),
        "tidligere i uken": ("week", ("week_part", "earlier"), "past"),
        "senere i uken": ("week", ("week_part", "later"), "future"),
        "forrige måned": ("month", ("month_rel", -1), "past"),
        "neste måned": ("month", ("month_rel", 1), "future"),
        "i fjor": ("year", ("year_rel", -1), "past"),
        "neste år": ("year", ("year_rel", 1), "future"),
        "i år": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("i", "siden", "fra", "til", "innen", "midten av", "slutten av",
                        "starten av", "begynnelsen av", "utgangen av"),
    year_prepositions=("i", "siden", "fra", "til"),
    future_words=frozenset({"vil", "skal", "kommer", "ventet", "venta", "planlagt",
                            "planlagde", "snart", "neste"}),
    past_words=frozenset({"har", "hadde", "var", "ble", "vart", "sa", "uttalte", "opplyste",
                          "innførte", "trådte", "tidligere", "allerede"}),
    participle_auxiliaries=frozenset({"bli", "verte"}),
    publication_words=("publisert", "oppdatert", "sist oppdatert"),
    scheduling_words=frozenset({"trer", "begynner", "starter", "utløper",
        # planned, scheduled or put off to a day: that day lies ahead
        "berammet", "planlagt", "planlegger", "utsatt", "utsetter", "utsettes", "fastsatt"}),
    past_suffixes=("et", "te", "de", "a"),
    reporting_words=frozenset({"sa", "sier", "uttalte", "opplyste", "opplyser", "skriver",
                               "skrev", "meldte", "melder", "kunngjorde"}),
    category={
        "currency": (r"yuan", r"renminbi", r"valuta\w*", r"valutamanipul\w+"),
        "tech": (r"huaweis?", r"ztes?", r"teknologi\w*", r"svartelist\w*", r"chips?",
                 r"lisens\w*"),
        "agriculture": (r"soyabønne\w*", r"soya", r"landbruk\w*", r"jordbruk\w*",
                        r"bønder", r"svinekjøtt", r"matvare\w*", r"gård\w*"),
        "tariff": (r"\w*toll\w*", r"avgift\w*", r"straffetoll\w*", r"tollsats\w*"),
        "talks": (r"\w*forhandling\w*", r"samtale\w*", r"møte\w*", r"toppmøte\w*",
                  r"\w*avtale\w*", r"delegasjon\w*", r"våpenkvile", r"våpenhvile"),
    },
    direction={
        "escalation": (r"trapper opp", r"trappe opp", r"opptrapping\w*", r"innfør\w*",
                       r"øke\w*", r"økt\w*", r"gjengjeld\w*", r"straffetoll\w*",
                       r"handelskrig\w*", r"avviser", r"avvis\w*"),
        "de-escalation": (r"kjøp\w*", r"utsett\w*", r"unnta\w*", r"framgang", r"fremgang",
                          r"fremskritt", r"enig\w*", r"våpenkvile", r"våpenhvile",
                          r"gjenoppta\w*", r"fjerne\w*", r"konstruktiv\w*"),
    },
    trade_terms=(r"handel\w*", r"handelskrig\w*", r"handelskonflikt\w*"),
    speech_verbs=(r"sa", r"sier", r"uttalte", r"opplyste", r"skriver", r"skrev"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"tr(?:er|ådte|ått|å) i kraft", r"i kraft"),
        "purchases": (r"kjøp\w*", r"innkjøp\w*"),
        "signing": (r"underteg\w+", r"signer\w*"),
        "phase_one": (r"fase 1", r"fase en", r"første fase"),
        "white_house": (r"det hvite hus", r"kvite hus\w*"),
    },
    time_of_day=(r"ved midnatt", r"i natt", r"i morges", r"i kveld", r"natt til \w+"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("toll", "straffetoll", "avgift"),
        "purchase": ("kjøp", "innkjøp", "soyabønne", "landbruksvar", "landbruksprodukt", "gård",
                     "bønder", "landbruk", "salg"),
        "talks": ("forhandling", "handelsforhandling", "samtale", "avtale", "møte",
                  "handelsavtale", "telefonsamtale"),
        "tech": ("svarteliste", "lisens", "huawei", "eksportforbud", "sanksjon"),
        "currency": ("valuta", "yuan", "valutamanipul", "stempel"),
    },
    escalation={
        "tariff": ("innfør", "øk", "trapp", "ilegg", "pålegg", "true", "trådte i kraft",
                   "trer i kraft", "iverks", "krev"),
        "purchase": ("stans", "stopp", "avlys"),
        "talks": ("bryt", "brøt", "avlys", "avvis", "stans", "mislyk", "brøt sammen",
                  "bryter sammen", "strand"),
        "tech": ("svartelist", "forby", "satt på", "sette på", "arrester", "pågrep", "begrens"),
        "currency": ("svekk", "devaluer", "utpek", "stempl", "falt", "faller"),
    },
    deescalation={
        "tariff": ("utsett", "senk", "fjern", "unnta", "reduser", "utsatt", "suspender", "skyv"),
        "purchase": ("kjøp", "gjenoppta", "lov", "besøk", "bekreft", "solgt", "selg"),
        "talks": ("enig", "underteg", "gjenoppta", "inngå", "framgang", "fremgang",
                  "konstruktiv", "innled", "hold", "gjennomfør", "møt", "reis", "besøk", "begynn",
                  "fortsett", "planlag", "start"),
        "tech": ("lisens", "tillat", "innvilg", "forleng", "unnta"),
        "currency": ("fjern", "styrk", "oppheve", "opphev"),
    },
    standalone_escalation=("handelskrig", "gjengjeld", "opptrapping"),
    standalone_deescalation=("våpenkvile", "våpenhvile", "enighet", "gjennombrudd"),
    negations=("ikke", "ikkje", "aldri", "ingen"),
    reversers=("ikke", "ikkje", "utsett", "stans", "avlys", "skrot", "dropp", "trekk tilbake",
               "utsatt"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"har"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"hadde"})
