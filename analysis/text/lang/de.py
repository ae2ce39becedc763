"""German word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="de",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "z.b", "bzw", "ca", "dr", "nr", "usw", "vgl", "mio", "mrd", "hr", "prof",
        "inkl", "ggf", "d.h", "u.a", "jan", "feb", "okt", "nov", "dez", "sept", "st",

    }),
    boundary_words=frozenset({"dass", "weil", "als", "wenn", "nachdem"}),
    scheduling_prepositions=frozenset({"ab", "bis"}),
    clause_openers=frozenset({"dass", "ob"}),
    months={
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
        "dezember": 12, "jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7,
        "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
    },
    weekdays={
        "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
        "samstag": 5, "sonnabend": 5, "sonntag": 6,
    },
    weekday_modifiers={
        "am": "?", "letzten": "last", "vergangenen": "last", "kommenden": "future",
        "nächsten": "future", "diesen": "nearest", "seit": "last",
    },
    day_words={"heute": 0, "gestern": -1, "vorgestern": -2, "übermorgen": 2},
    relative={
        "letzte woche": ("week", ("week", -1), "past"),
        "vergangene woche": ("week", ("week", -1), "past"),
        "in der vergangenen woche": ("week", ("week", -1), "past"),
        "nächste woche": ("week", ("week", 1), "future"),
        "kommende woche": ("week", ("week", 1), "future"),
        "in der kommenden woche": ("week", ("week", 1), "future"),
        "diese woche": ("week", ("week", 0), None),
        "in dieser woche": ("week", ("week", 0), None),
        "letzten monat": ("month", ("month_rel", -1), "past"),
        "vergangenen monat": ("month", ("month_rel", -1), "past"),
        "nächsten monat": ("month", ("month_rel", 1), "future"),
        "letztes jahr": ("year", ("year_rel", -1), "past"),
        "vergangenes jahr": ("year", ("year_rel", -1), "past"),
        "im vergangenen jahr": ("year", ("year_rel", -1), "past"),
        "nächstes jahr": ("year", ("year_rel", 1), "future"),
        "im nächsten jahr": ("year", ("year_rel", 1), "future"),
        "in zwei wochen": ("week", ("week", 2), "future"),
    },
    month_prepositions=("im", "seit", "bis", "ab", "anfang", "mitte", "ende", "vom"),
    year_prepositions=("im jahr", "seit", "bis", "im"),
    future_words=frozenset({"wird", "werden", "soll", "sollen", "würden", "würde", "künftig",
                            "geplant", "geplanten", "bevorstehend"}),
    past_words=frozenset({"hat", "hatte", "hatten", "war", "waren", "wurde", "wurden",
                          "erklärte", "sagte", "kündigte", "teilte", "verhängte",
                          "zuvor", "bereits", "vergangene", "letzte"}),
    participle_auxiliaries=frozenset({"werden"}),
    publication_words=("veröffentlicht am", "veröffentlicht", "aktualisiert am",
                       "aktualisiert", "stand"),
    scheduling_words=frozenset({"tritt", "treten", "beginnt", "beginnen", "läuft",
        # planned, scheduled or put off to a day: that day lies ahead
        "angesetzt", "vorgesehen", "geplant", "verschoben", "verschiebt", "aufgeschoben",
        "terminiert", "anberaumt"}),
    past_suffixes=("te", "ten"),
    reporting_words=frozenset({"sagte", "erklärte", "teilte", "berichtete", "meldete",
                               "sagt", "erklärt", "betonte"}),
    category={
        "currency": (r"yuan", r"renminbi", r"währung\w*", r"wechselkurs\w*",
                     r"währungsmanipul\w+", r"manipulat\w+"),
        "tech": (r"huaweis?", r"ztes?", r"technologie\w*", r"schwarze\w* liste", r"chips?",
                 r"halbleiter\w*", r"lizenz\w*"),
        "agriculture": (r"sojabohne\w*", r"soja", r"landwirt\w*", r"agrar\w*",
                        r"schweinefleisch", r"farmer\w*",
                        r"bauern\w*"),
        "tariff": (r"\w*zöll\w*", r"\w*zoll\w*", r"strafzöll\w*", r"abgaben",
                   r"vergeltungsmaßnahme\w*", r"gegenangriff", r"gegenma\w+"),
        "talks": (r"\w*gespräch\w*", r"\w*verhandl\w+", r"treffen", r"gipfel\w*",
                  r"\w*abkommen", r"\w*vereinbarung\w*", r"einigung", r"deal",
                  r"unterzeichn\w+"),
    },
    direction={
        "escalation": (r"strafzöll\w*", r"in kraft", r"inkrafttreten", r"gegenangriff",
                       r"vergeltung\w*", r"verhängt\w*", r"erhöh\w+", r"\w*schikane",
                       r"eskal\w+", r"stopp\w*", r"abgebrochen"),
        "de-escalation": (r"aufgeschoben", r"verschoben", r"ausgesetzt", r"einigung",
                          r"abkommen", r"ausnahme\w*", r"senk\w+", r"fortschritt\w*"),
    },
    trade_terms=(r"handel\w*", r"\w*handelskonflikt\w*", r"handelskrieg\w*"),
    speech_verbs=(r"sagte", r"erklärte", r"teilte mit", r"berichtete", r"meldete"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"in kraft", r"inkrafttreten"),
        "signing": (r"unterzeichn\w+", r"unterschrieb\w*", r"unterschrift\w*"),
        "phase_one": (r"phase[- ]eins", r"erste\w* phase", r"phase[- ]1"),
    },
    time_of_day=(r"um mitternacht", r"seit mitternacht", r"heute morgen", r"heute nacht",
                 r"in der nacht"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("zöll", "zoll", "strafzöll", "us-zöll", "abgabe", "gegenma"),
        "purchase": ("käuf", "kauf", "sojabohn", "agrarprodukt", "importe", "farm", "bauern",
                     "landwirt", "verkauf", "verkäuf"),
        "talks": ("gespräch", "verhandl", "abkommen", "einigung", "vereinbarung", "gipfel",
                  "telefonat"),
        "tech": ("schwarze liste", "lizenz", "huawei", "exportverbot", "sanktion"),
        "currency": ("währung", "yuan", "wechselkurs", "manipul", "einstufung"),
    },
    escalation={
        "tariff": ("verhäng", "erhöh", "in kraft", "inkrafttreten", "einführ", "folgen",
                   "belegen", "droh", "nachlegen", "gegenangriff", "forder"),
        "purchase": ("stopp", "einstell", "ausgesetzt", "abgesagt", "absag"),
        "talks": ("abgebrochen", "gescheitert", "scheiter", "verschoben", "geplatzt", "platzt",
                  "stock"),
        "tech": ("setzt", "gesetzt", "verbot", "festgenommen", "verhaft", "beschränk"),
        "currency": ("abwert", "schwäch", "eingestuft", "einstuf", "fiel", "fällt"),
    },
    deescalation={
        "tariff": ("aufgeschoben", "verschoben", "ausgesetzt", "gesenkt", "senk", "ausnahme",
                   "aufgehoben", "verschieb", "aufschieb", "aussetz", "vertag"),
        "purchase": ("kauf", "gekauft", "wieder aufgenommen", "bestätig", "verkauft"),
        "talks": ("einig", "unterzeichn", "erzielt", "fortschritt", "wieder aufgenommen",
                  "treff", "trafen", "getroffen", "reis", "besuch", "beginn", "begonnen",
                  "fortsetz", "fortgesetzt", "geplant", "abhalt", "abgehalten", "führ",
                  "geführt", "aufgenommen", "telefonier"),
        "tech": ("lizenz", "erlaubt", "verlänger", "genehmig", "ausnahme"),
        "currency": ("aufgehoben", "gestrichen", "stärk", "zurückgenommen"),
    },
    standalone_escalation=("gegenangriff", "vergeltung", "handelsschikane", "strafzöll",
                           "eskal"),
    standalone_deescalation=("waffenstillstand", "einigung", "durchbruch"),
    negations=("nicht", "kein", "keine", "nie"),
    reversers=("nicht", "kein", "aussetzen", "verschieben", "verzicht", "abgesagt", "absag",
               "gestrichen", "streich", "zurückgezogen"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"hat", "haben"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"hatte", "hatten"})
