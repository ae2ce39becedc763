"""Dutch word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="nl",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "dhr", "mevr", "mr", "dr", "bijv", "o.a", "m.b.t", "mln", "mld", "mrd", "ca",
        "enz", "blz", "nr", "d.w.z", "i.p.v", "jan", "feb", "aug", "sept", "okt", "nov",
        "dec",
    }),
    months={
        "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
        "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    },
    weekdays={
        "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
        "zaterdag": 5, "zondag": 6,
    },
    weekday_modifiers={
        "op": "?", "afgelopen": "last", "vorige": "last", "komende": "future",
        "volgende": "future", "sinds": "last", "tot": "future",
    },
    day_words={"vandaag": 0, "gisteren": -1, "eergisteren": -2, "morgen": 1,
               "overmorgen": 2},
    relative={
        "vorige week": ("week", ("week", -1), "past"),
        "afgelopen week": ("week", ("week", -1), "past"),
        "volgende week": ("week", ("week", 1), "future"),
        "komende week": ("week", ("week", 1), "future"),
        "deze week": ("week", ("week", 0), None),
        "vorige maand": ("month", ("month_rel", -1), "past"),
        "volgende maand": ("month", ("month_rel", 1), "future"),
        "vorig jaar": ("year", ("year_rel", -1), "past"),
        "volgend jaar": ("year", ("year_rel", 1), "future"),
        "dit jaar": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("in", "sinds", "vanaf", "tot", "begin", "half", "eind", "medio"),
    year_prepositions=("in", "sinds", "vanaf", "tot"),
    future_words=frozenset({"zal", "zullen", "gaat", "gaan", "komt", "verwacht",
                            "gepland", "volgende", "komende"}),
    past_words=frozenset({"heeft", "hebben", "had", "hadden", "was", "waren", "werd",
                          "werden", "zei", "kondigde", "eerder", "afgelopen"}),
    participle_auxiliaries=frozenset({"worden"}),
    publication_words=("gepubliceerd op", "gepubliceerd", "bijgewerkt op",
                       "bijgewerkt", "laatste update"),
    scheduling_words=frozenset({"treedt", "treden", "begint", "beginnen", "verloopt",
        # planned, scheduled or put off to a day: that day lies ahead
        "ingepland", "uitgesteld", "uitgestelde", "verschoven", "verzet"}),
    past_suffixes=("de", "te", "den", "ten"),
    reporting_words=frozenset({"zei", "zegt", "verklaarde", "meldde", "schreef",
                               "twitterde", "liet weten"}),
    category={
        "currency": (r"yuan", r"renminbi", r"valuta\w*", r"munt", r"wisselkoers\w*",
                     r"valutamanipul\w+"),
        "tech": (r"huaweis?", r"ztes?", r"technologie\w*", r"zwarte lijst", r"chips?",
                 r"licentie\w*"),
        "agriculture": (r"soja\w*", r"sojabon\w*", r"landbouw\w*", r"boeren", r"boerderij\w*",
                        r"varkensvlees"),
        "tariff": (r"\w*heffing\w*", r"\w*tarie\w+", r"importtarie\w+", r"invoerheffing\w*",
                   r"handelsbeperking\w*"),
        "talks": (r"\w*onderhandel\w*", r"\w*gesprek\w*", r"overleg", r"\w*deal",
                  r"akkoord\w*", r"overeenkomst\w*", r"top", r"topontmoeting\w*",
                  r"handelsdeal\w*"),
    },
    direction={
        "escalation": (r"verhoog\w*", r"verhoging\w*", r"opgelegd", r"oplegg\w*",
                       r"vergelding\w*", r"handelsoorlog\w*", r"dreig\w*", r"escal\w+",
                       r"ondermijn\w*", r"beperking\w*"),
        "de-escalation": (r"uitgesteld", r"uitstel", r"akkoord\w*", r"vooruitgang",
                          r"verlaag\w*", r"opgeschort", r"bestand", r"constructie\w*"),
    },
    trade_terms=(r"handel\w*", r"handelsoorlog\w*", r"handelsconflict\w*"),
    speech_verbs=(r"zei", r"zegt", r"verklaarde", r"meldde", r"schreef"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"van kracht", r"in werking"),
        "purchases": (r"aankop\w*", r"koop\w*", r"kocht\w*"),
        "signing": (r"onderteken\w*", r"getekend"),
        "phase_one": (r"fase 1", r"fase een", r"eerste fase"),
        "white_house": (r"witte huis",),
    },
    time_of_day=(r"om middernacht", r"sinds middernacht", r"vanochtend", r"vannacht", r"vanavond"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("heffing", "tarie", "importtarie", "invoerheffing", "handelsbeperking"),
        "purchase": ("aankop", "sojabon", "landbouwproduct", "boerderij", "boeren", "landbouw",
                     "verkoop"),
        "talks": ("onderhandel", "gesprek", "overleg", "deal", "akkoord", "overeenkomst",
                  "handelsdeal", "telefoongesprek"),
        "tech": ("zwarte lijst", "licentie", "huawei", "exportverbod", "sanctie"),
        "currency": ("valuta", "yuan", "wisselkoers", "manipul", "etiket"),
    },
    escalation={
        "tariff": ("verhoog", "verhog", "opleg", "opgelegd", "invoer", "dreig", "aankondig",
                   "aangekondigd", "kondigde", "eis", "eist", "in werking", "van kracht"),
        "purchase": ("stop", "gestopt", "opgeschort", "afgezegd", "afgelast", "geannuleerd",
                     "annuleer"),
        "talks": ("ondermijn", "afgebroken", "mislukt", "vastgelopen", "geklapt", "klapt",
                  "stukgelopen"),
        "tech": ("verbied", "verbod", "gearresteerd", "arresteer", "opgepakt", "beperk",
                 "geplaatst", "zet"),
        "currency": ("verzwak", "devalu", "aangemerkt", "bestempeld", "gedaald", "daal", "zakt"),
    },
    deescalation={
        "tariff": ("uitgesteld", "uitstel", "verlaag", "opgeschort", "afgeschaft", "uitstellen",
                   "opschort", "verdaag", "stelt uit", "uitgestel"),
        "purchase": ("koop", "kocht", "gekocht", "hervat", "bevestig", "verkocht"),
        "talks": ("akkoord", "ondertekend", "bereikt", "hervat", "vooruitgang", "eens",
                  "ontmoet", "reis", "bezoek", "begin", "begonnen", "voortgez", "gepland",
                  "houd", "gehouden"),
        "tech": ("licentie", "toegestaan", "verleng", "verleen", "verleend", "uitzondering"),
        "currency": ("geschrapt", "versterk", "ingetrokken"),
    },
    standalone_escalation=("handelsoorlog", "vergelding", "escal"),
    standalone_deescalation=("bestand", "doorbraak", "wapenstilstand"),
    negations=("niet", "geen", "nooit"),
    reversers=("niet", "geen", "uitstel", "opschort", "afgezegd", "afgelast", "geannuleerd",
               "annuleer", "schrap", "geschrapt", "afgezien"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"heeft", "hebben"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"had", "hadden"})
