"""French word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="fr",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "mm", "mme", "dr", "env", "etc", "mrd", "md", "mds", "st", "ste",
        "p.ex", "cf", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc",
    }),
    boundary_words=frozenset({"que", "qui", "quand", "lorsque", "après"}),
    scheduling_prepositions=frozenset({"à", "dès"}),
    clause_openers=frozenset({"que", "si"}),
    months={
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
        "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
        "novembre": 11, "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4,
        "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12,
    },
    weekdays={
        "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
        "dimanche": 6,
    },
    weekday_modifiers={"dès": "future", "depuis": "last", "ce": "nearest"},
    day_words={"aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "avant-hier": -2,
               "demain": 1, "après-demain": 2},
    relative={
        "la semaine dernière": ("week", ("week", -1), "past"),
        "la semaine passée": ("week", ("week", -1), "past"),
        "la semaine prochaine": ("week", ("week", 1), "future"),
        "cette semaine": ("week", ("week", 0), None),
        "le mois dernier": ("month", ("month_rel", -1), "past"),
        "le mois prochain": ("month", ("month_rel", 1), "future"),
        "ce mois-ci": ("month", ("month_rel", 0), None),
        "l'an dernier": ("year", ("year_rel", -1), "past"),
        "l’an dernier": ("year", ("year_rel", -1), "past"),
        "l'année dernière": ("year", ("year_rel", -1), "past"),
        "l’année dernière": ("year", ("year_rel", -1), "past"),
        "l'an prochain": ("year", ("year_rel", 1), "future"),
        "l'année prochaine": ("year", ("year_rel", 1), "future"),
        "cette année": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("en", "depuis", "jusqu'en", "début", "mi", "fin", "dès"),
    year_prepositions=("en", "depuis", "jusqu'en"),
    day_month_joiners=(),
    future_words=frozenset({"va", "vont", "doit", "doivent", "devrait", "devraient",
                            "prochain", "prochaine", "prévu", "prévue", "sera", "seront"}),
    past_words=frozenset({"a", "ont", "avait", "était", "fut", "annoncé", "déclaré",
                          "indiqué", "souligné", "dernier", "dernière", "hier"}),
    participle_auxiliaries=frozenset({"être"}),
    future_suffixes=("eront", "iront", "era", "ira"),
    scheduling_words=frozenset({"entrent", "commence", "commencent", "expire", "partir",
        # planned, scheduled or put off to a day: that day lies ahead
        "programmé", "programmée", "programmés", "programmées", "prévoit", "prévoient",
        "reporté", "reportée", "reportés", "reportées", "repoussé", "repoussée", "planifié",
        "planifiée"}),
    publication_words=("publié le", "publié", "mis à jour le", "mis à jour", "modifié le"),
    past_suffixes=("é", "ée", "és"),
    reporting_words=frozenset({"annoncé", "déclaré", "indiqué", "souligné", "affirmé",
                               "assuré", "dit", "a", "selon"}),
    category={
        "currency": (r"yuan", r"renminbi", r"devise\w*", r"monnaie\w*",
                     r"manipulat\w+", r"taux de change"),
        "tech": (r"huaweis?", r"ztes?", r"technolog\w+", r"liste noire", r"puces?",
                 r"semi-conducteurs?", r"licences?"),
        "agriculture": (r"soja", r"agricole\w*", r"agricult\w+", r"porc", r"fermiers?",
                        r"fermes?", r"agriculteurs?"),
        "tariff": (r"droits? \w+ douane\w*", r"tarif\w*",
                   r"taxe\w*", r"surtaxe\w*", r"douan\w+"),
        "talks": (r"accord\w*", r"négociat\w+", r"pourparlers", r"discussions?",
                  r"rencontre\w*", r"sommet", r"entretien\w*"),
    },
    direction={
        "escalation": (r"imposition", r"représailles", r"riposte\w*", r"punitifs?",
                       r"hausse\w*", r"relèvement", r"tensions?", r"escalade"),
        "de-escalation": (r"accord\w*", r"réduction\w*", r"trêve", r"optimist\w+",
                          r"report\w*", r"suspend\w*", r"exempt\w*", r"identité de vues"),
    },
    trade_terms=(r"commerc\w+", r"guerre commerciale", r"échanges"),
    speech_verbs=(r"a annoncé", r"a déclaré", r"a indiqué", r"a souligné", r"a affirmé"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"entr\w* en vigueur", r"en vigueur"),
        "signing": (r"sign\w+",),
        "phase_one": (r"phase un", r"phase 1", r"première phase", r"phase one"),
    },
    time_of_day=(r"à minuit", r"depuis minuit", r"ce matin", r"cette nuit", r"ce soir"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("droit de douane", "tarif", "taxe", "surtaxe"),
        "purchase": ("achat", "soja", "produits agricoles", "ferme", "agriculteur",
                     "fermier", "vente"),
        "talks": ("accord", "négociation", "pourparler", "discussion", "sommet", "rencontre",
                  "entretien", "appel téléphonique"),
        "tech": ("liste noire", "licence", "huawei", "sanction"),
        "currency": ("manipulat", "yuan", "devise", "monnaie", "désignation", "étiquette"),
    },
    escalation={
        "tariff": ("impos", "relev", "augment", "hausse", "riposte", "menac", "appliqu",
                   "instaur", "réclam", "exig", "entr en vigueur"),
        "purchase": ("suspend", "arrêt", "cess", "annul"),
        "talks": ("rompu", "échou", "suspendu", "report", "bloqu", "enlis", "capot"),
        "tech": ("ajout", "inscri", "interdi", "arrêt", "interpell", "restrei", "plac"),
        "currency": ("dévalu", "affaibli", "désign", "qualifi", "tomb", "chut", "franchi"),
    },
    deescalation={
        "tariff": ("réduction", "rédui", "suspend", "report", "exempt", "suppr", "lev", "différ",
                   "repouss", "ajourn", "exon"),
        "purchase": ("achet", "repris", "reprend", "engag", "visit", "confirm", "vend"),
        "talks": ("annonc", "conclu", "parvenu", "sign", "repris", "progress", "accept",
                  "rencontr", "réun", "rend", "entam", "commenc", "poursuiv", "tenu", "tiendr",
                  "prévu", "dirig", "visit", "début"),
        "tech": ("licence", "autoris", "prolong", "accord", "exempt", "exception"),
        "currency": ("retir", "lev", "renforc", "abandonn"),
    },
    standalone_escalation=("représailles", "escalade", "punitif", "bras de fer"),
    standalone_deescalation=("trêve", "identité de vues", "optimis", "préliminaire"),
    negations=("pas", "jamais", "aucun", "aucune", "sans"),
    reversers=("pas", "suspend", "report", "renonc", "annul", "abandonn", "retir"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"a", "ont"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"avait", "avaient"})
