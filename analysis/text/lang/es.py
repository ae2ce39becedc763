"""Spanish word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="es",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "sr", "sra", "srta", "dr", "dra", "ee.uu", "etc", "aprox", "núm", "pág", "mill",
        "p.ej", "ud", "uds", "vs", "ene", "feb", "abr", "sept", "oct", "nov", "dic",
    }),
    boundary_words=frozenset({"cuando", "porque", "después"}),
    scheduling_prepositions=frozenset({"desde", "hasta"}),
    clause_openers=frozenset({"que", "si"}),
    months={
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7,
        "ago": 8, "sep": 9, "oct": 10, "nov": 11, "dic": 12,
    },
    weekdays={
        "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
        "sábado": 5, "sabado": 5, "domingo": 6,
    },
    weekday_modifiers={"el": "?", "este": "nearest", "desde el": "last",
                       "el próximo": "future", "el pasado": "last"},
    day_words={"hoy": 0, "ayer": -1, "anteayer": -2, "pasado mañana": 2},
    relative={
        "la semana pasada": ("week", ("week", -1), "past"),
        "la próxima semana": ("week", ("week", 1), "future"),
        "la semana próxima": ("week", ("week", 1), "future"),
        "la semana que viene": ("week", ("week", 1), "future"),
        "esta semana": ("week", ("week", 0), None),
        "el mes pasado": ("month", ("month_rel", -1), "past"),
        "el próximo mes": ("month", ("month_rel", 1), "future"),
        "este mes": ("month", ("month_rel", 0), None),
        "el año pasado": ("year", ("year_rel", -1), "past"),
        "el próximo año": ("year", ("year_rel", 1), "future"),
        "este año": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("en", "desde", "hasta", "a principios de", "a mediados de",
                        "a finales de"),
    year_prepositions=("en", "desde", "hasta"),
    day_month_joiners=("de",),
    future_words=frozenset({"firmará", "será", "serán", "viajará", "va", "van", "próximo",
                            "próxima", "previsto", "prevista", "programado"}),
    past_words=frozenset({"dijo", "afirmó", "escribió", "informó", "fue", "era", "había",
                          "compró", "alcanzada", "pasada", "pasado"}),
    participle_auxiliaries=frozenset({"ser"}),
    future_suffixes=("ará", "erá", "irá", "arán", "erán", "irán"),
    scheduling_words=frozenset({"entra", "entran", "comienza", "comienzan", "vence", "vencen",
                                "partir",
        # planned, scheduled or put off to a day: that day lies ahead
        "programada", "programadas", "programado", "programados", "planea", "planean", "prevé",
        "prevén", "aplazado", "aplazada", "pospuesto", "pospuesta", "postergado", "postergada",
        "fijado", "fijada"}),
    publication_words=("publicado el", "publicado", "actualizado el", "actualizado"),
    past_suffixes=("ó", "aron", "ieron"),
    reporting_words=frozenset({"dijo", "afirmó", "escribió", "informó", "declaró",
                               "anunció", "aseguró", "dice"}),
    category={
        "currency": (r"yuan", r"renminbi", r"divisa\w*", r"moneda\w*", r"manipulador\w*",
                     r"tipo de cambio"),
        "tech": (r"huaweis?", r"ztes?", r"tecnolog\w+", r"lista negra", r"chips?",
                 r"semiconductor\w*", r"licencias?"),
        "agriculture": (r"soja", r"soya", r"agr[ií]col\w*", r"agricultor\w*",
                        r"cerdo", r"granjer\w*", r"granjas?"),
        "tariff": (r"arancel\w*", r"tarifa\w*", r"gravámenes"),
        "talks": (r"acuerdo\w*", r"negociaci\w+", r"conversaciones", r"reuni\w+",
                  r"cumbre", r"tratado", r"firma\w*", r"ceremonia"),
    },
    direction={
        "escalation": (r"represalia\w*", r"imponer", r"impuso", r"aumento de aranceles",
                       r"subir\w*", r"escalada", r"tensi\w+"),
        "de-escalation": (r"acuerdo\w*", r"reducir\w*", r"reduciría", r"firma\w*",
                          r"tregua", r"impulsar\w*", r"impulsaría", r"compras"),
    },
    trade_terms=(r"comerci\w+", r"guerra comercial"),
    speech_verbs=(r"dijo", r"afirmó", r"escribió", r"informó", r"declaró", r"anunció"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"entr\w* en vigor", r"en vigor"),
        "signing": (r"firma\w*", r"rubricar"),
        "phase_one": (r"fase 1", r"fase uno", r"primera fase"),
    },
    time_of_day=(r"(?:la pasada|a|desde la) medianoche", r"esta mañana", r"esta noche",
                 r"esta madrugada"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("arancel", "tarifa", "gravamen", "gravámenes"),
        "purchase": ("compra", "soja", "soya", "productos agrícolas", "importacion", "granja",
                     "agricultor", "granjero", "venta"),
        "talks": ("acuerdo", "negociacion", "conversacion", "tratado", "fase 1", "cumbre",
                  "reunión", "ceremonia", "llamada"),
        "tech": ("lista negra", "licencia", "huawei", "sanci"),
        "currency": ("manipulador", "yuan", "moneda", "divisa", "designación", "etiqueta"),
    },
    escalation={
        "tariff": ("impon", "impus", "aument", "sub", "elev", "amenaz", "aplic",
                   "exig", "reclam", "entr en vigor"),
        "purchase": ("suspend", "deten", "cancel", "frena"),
        "talks": ("rompi", "fracas", "suspend", "cancel", "aplaz", "estanc", "bloque", "colaps"),
        "tech": ("agreg", "inclu", "prohib", "arrest", "detenid", "detuv", "restring", "coloc"),
        "currency": ("devalu", "debilit", "design", "calific", "cay", "cae", "tild"),
    },
    deescalation={
        "tariff": ("reduc", "aplaz", "suspend", "exim", "elimin", "baj", "pospon", "pospus",
                   "posterg", "retras", "demor"),
        "purchase": ("compr", "impuls", "reanud", "aumento de importacion", "visit", "confirm",
                     "vend"),
        "talks": ("firm", "alcanz", "rubric", "reanud", "acord", "comenzar las negociaciones",
                  "reun", "viaj", "visit", "inici", "comenz", "continu", "celebr", "program",
                  "previst", "sostend", "sostuv", "encabez"),
        "tech": ("licencia", "autoriz", "prorrog", "otorg", "conced", "exim", "excepción"),
        "currency": ("retir", "elimin", "fortalec", "levant"),
    },
    standalone_escalation=("represalia", "escalada", "guerra comercial"),
    standalone_deescalation=("tregua", "ceremonia"),
    negations=("no", "nunca", "sin", "ningún", "ninguna"),
    reversers=("no", "suspend", "aplaz", "cancel", "renunci", "desist", "retir", "abandon"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"ha", "han"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"había", "habían"})
