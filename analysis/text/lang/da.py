"""Danish word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="da",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "bl.a", "f.eks", "mio", "mia", "ca", "dvs", "hr", "nr", "kr", "jf", "pct", "mht",
        "jan", "feb", "aug", "sept", "okt", "nov", "dec",
    }),
    boundary_words=frozenset({"at", "som", "da", "når", "efter"}),
    scheduling_prepositions=frozenset({"fra", "indtil"}),
    clause_openers=frozenset({"at", "hvis"}),
    # "i dag" names the publication day, so "på fredag" is a later Friday.
    future_weekday_mode="future",
    months={
        "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
        "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    },
    weekdays={
        "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5,
        "søndag": 6,
    },
    weekday_modifiers={
        "på": "future", "sidste": "last", "forrige": "last", "næste": "future",
        "tidligere": "past", "senere": "coming", "i": "?",
    },
    weekday_suffix_last="s",
    day_words={"i dag": 0, "i går": -1, "i forgårs": -2, "i morgen": 1, "i overmorgen": 2},
    relative={
        "sidste uge": ("week", ("week", -1), "past"),
        "i sidste uge": ("week", ("week", -1), "past"),
        "forrige uge": ("week", ("week", -1), "past"),
        "næste uge": ("week", ("week", 1), "future"),
        "i næste uge": ("week", ("week", 1), "future"),
        "i denne uge": ("week", ("week", 0), None),
        "i ugen": ("week", ("week", 0), None),
        "tidligere på ugen": ("week", ("week_part", "earlier"), "past"),
        "senere på ugen": ("week", ("week_part", "later"), "future"),
        "sidste måned": ("month", ("month_rel", -1), "past"),
        "i sidste måned": ("month", ("month_rel", -1), "past"),
        "næste måned": ("month", ("month_rel", 1), "future"),
        "sidste år": ("year", ("year_rel", -1), "past"),
        "sidste års": ("year", ("year_rel", -1), "past"),
        "i fjor": ("year", ("year_rel", -1), "past"),
        "næste år": ("year", ("year_rel", 1), "future"),
        "i år": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("i", "siden", "fra", "til", "midt i", "primo", "medio", "ultimo",
                        "starten af", "slutningen af", "begyndelsen af"),
    year_prepositions=("i", "siden", "fra", "til"),
    day_month_joiners=(),
    future_words=frozenset({"vil", "skal", "kommende", "forventes", "planlagt", "planlagte",
                            "snart"}),
    past_words=frozenset({"har", "havde", "var", "blev", "købte", "købt", "sagde",
                          "oplyste", "tidligere", "fornyede", "varslede", "sprang"}),
    participle_auxiliaries=frozenset({"blive"}),
    publication_words=("publiceret", "udgivet", "opdateret"),
    scheduling_words=frozenset({"træder", "begynder", "starter", "udløber",
        # planned, scheduled or put off to a day: that day lies ahead
        "planlagt", "planlægger", "udskudt", "udskyder", "udsat", "udsætter", "berammet",
        "fastsat"}),
    past_suffixes=("ede", "te"),
    reporting_words=frozenset({"sagde", "siger", "oplyste", "oplyser", "skriver", "skrev",
                               "meddelte", "varslede"}),
    category={
        "currency": (r"yuan", r"renminbi", r"valuta\w*", r"valutamanipul\w+"),
        "tech": (r"huaweis?", r"ztes?", r"teknologi\w*", r"sorte liste", r"chips?",
                 r"licens\w*"),
        "agriculture": (r"sojabønne\w*", r"soyabønne\w*", r"soja", r"landbrug\w*",
                        r"svinekød", r"afgrøde\w*", r"landmænd\w*", r"gård\w*"),
        "tariff": (r"\w*told\w*", r"afgift\w*"),
        "talks": (r"forhandling\w*", r"handelsforhandling\w*", r"samtal\w*", r"møde\w*",
                  r"topmøde\w*", r"aftale\w*", r"handelsaftale\w*"),
    },
    direction={
        "escalation": (r"stop\w*", r"indfør\w*", r"hæve\w*", r"optrap\w*", r"gengæld\w*",
                       r"toldforhøjelse\w*", r"aflyst\w*"),
        "de-escalation": (r"købt", r"købe", r"køb", r"indkøb\w*", r"tø\w* op",
                          r"løfte\w*", r"udsæt\w*", r"undtag\w*", r"fremskridt",
                          r"genoptag\w*", r"aftale\w*"),
    },
    trade_terms=(r"handel\w*", r"handelskrig\w*", r"handelsforhold\w*"),
    speech_verbs=(r"sagde", r"siger", r"oplyste", r"skriver", r"skrev", r"meddelte"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"træ(?:der|dte|dt) i kraft", r"i kraft"),
        "purchases": (r"køb\w*", r"indkøb\w*"),
        "signing": (r"underskr\w+",),
        "phase_one": (r"fase 1", r"fase et", r"første fase"),
    },
    time_of_day=(r"ved midnat", r"i nat", r"i morges", r"i aften"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("told", "afgift"),
        "purchase": ("køb", "indkøb", "sojabønne", "soyabønne", "svinekød", "landbrugsvar",
                     "landbrugsprodukt", "skibslast", "gård", "landmænd", "landbrug", "salg"),
        "talks": ("forhandling", "handelsforhandling", "samtale", "aftale", "møde",
                  "telefonsamtale"),
        "tech": ("sorte liste", "licens", "huawei", "eksportforbud", "sanktion"),
        "currency": ("valuta", "yuan", "valutamanipul", "betegnelse"),
    },
    escalation={
        "tariff": ("indfør", "hæv", "pålæg", "optrap", "true", "kræv", "træder i kraft",
                   "trådte i kraft"),
        "purchase": ("stop", "indstil", "aflys"),
        "talks": ("afbrud", "aflys", "udskyd", "brød sammen", "bryder sammen", "strand",
                  "mislyk"),
        "tech": ("sortlist", "forbyd", "sat på", "sætte på", "anhold", "arrester", "begræns"),
        "currency": ("svæk", "devaluer", "udpeg", "stempl", "faldt", "falder"),
    },
    deescalation={
        "tariff": ("udsæt", "sænk", "fjern", "undtag", "udskyd", "suspender", "droppe"),
        "purchase": ("køb", "genoptag", "løfte", "fornyede", "besøg", "bekræft", "solgt", "sælg"),
        "talks": ("enig", "underskr", "genoptag", "tø op", "tø lidt op", "indgå", "mød", "rejs",
                  "besøg", "indled", "begynd", "fortsæt", "afhold", "planlag",
                  "start"),
        "tech": ("licens", "tillad", "bevilg", "forlæng", "undtag"),
        "currency": ("fjern", "styrk", "ophæv"),
    },
    standalone_escalation=("handelskrig", "gengæld"),
    standalone_deescalation=("tø op", "tø lidt op", "løfte", "våbenhvile"),
    negations=("ikke", "aldrig", "ingen"),
    # put off: "udskyder"/"udskudt", "udsætter"/"har udsat" ("udsat for" alone is
    # "exposed to", so the participle only after its auxiliary)
    reversers=("ikke", "udsæt", "stop", "aflys", "skrot", "dropp", "trække tilbage", "udskyd",
               "udskudt", "har udsat"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"har"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"havde"})
