"""Portuguese word tables."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="pt",
    # Abbreviations whose period ends no sentence (the splitter of lexicon.py).
    abbreviations=frozenset({
        "sr", "sra", "dr", "dra", "etc", "nº", "pág", "aprox", "jan",
        "fev", "abr", "jun", "jul", "nov", "dez",
    }),
    months={
        "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "abril": 4, "maio": 5,
        "junho": 6, "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11,
        "dezembro": 12, "jan": 1, "fev": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7,
        "ago": 8, "set": 9, "out": 10, "nov": 11, "dez": 12,
    },
    weekdays={
        "segunda-feira": 0, "segunda": 0, "terça-feira": 1, "terça": 1, "quarta-feira": 2,
        "quarta": 2, "quinta-feira": 3, "quinta": 3, "sexta-feira": 4, "sexta": 4,
        "sábado": 5, "domingo": 6,
    },
    weekday_modifiers={"na": "?", "no": "?", "nesta": "nearest", "neste": "nearest",
                       "desde": "last", "na próxima": "future", "no próximo": "future",
                       "na última": "last", "no último": "last", "na passada": "last"},
    day_words={"hoje": 0, "ontem": -1, "anteontem": -2, "amanhã": 1},
    relative={
        "na semana passada": ("week", ("week", -1), "past"),
        "semana passada": ("week", ("week", -1), "past"),
        "na próxima semana": ("week", ("week", 1), "future"),
        "próxima semana": ("week", ("week", 1), "future"),
        "nesta semana": ("week", ("week", 0), None),
        "esta semana": ("week", ("week", 0), None),
        "no mês passado": ("month", ("month_rel", -1), "past"),
        "mês passado": ("month", ("month_rel", -1), "past"),
        "no próximo mês": ("month", ("month_rel", 1), "future"),
        "no ano passado": ("year", ("year_rel", -1), "past"),
        "ano passado": ("year", ("year_rel", -1), "past"),
        "no próximo ano": ("year", ("year_rel", 1), "future"),
        "este ano": ("year", ("year_rel", 0), None),
    },
    month_prepositions=("em", "desde", "até", "no início de", "em meados de", "no fim de",
                        "no final de", "início de"),
    year_prepositions=("em", "desde", "até"),
    day_month_joiners=("de",),
    future_words=frozenset({"vai", "vão", "irá", "irão", "será", "serão", "próximo",
                            "próxima", "previsto", "prevista", "deve", "devem"}),
    past_words=frozenset({"disse", "afirmou", "informou", "foi", "era", "havia",
                          "comprou", "concordaram", "confirmaram", "passada", "passado"}),
    participle_auxiliaries=frozenset({"ser"}),
    future_suffixes=("ará", "erá", "irá", "arão", "erão", "irão"),
    scheduling_words=frozenset({"entra", "entram", "começa", "começam", "vence", "vencem",
                                "partir",
        # planned, scheduled or put off to a day: that day lies ahead
        "programada", "programado", "programadas", "programados", "planeja", "planejam",
        "prevê", "preveem", "adiado", "adiada", "agendado", "agendada", "marcado", "marcada"}),
    publication_words=("publicado em", "publicado", "atualizado em", "atualizado"),
    past_suffixes=("ou", "aram", "eram", "iram", "eu", "iu"),
    reporting_words=frozenset({"disse", "afirmou", "informou", "declarou", "anunciou",
                               "diz", "confirmou"}),
    category={
        "currency": (r"yuan", r"renminbi", r"moeda\w*", r"câmbio", r"manipulador\w*"),
        "tech": (r"huaweis?", r"ztes?", r"tecnolog\w+", r"lista negra", r"chips?",
                 r"licenças?"),
        "agriculture": (r"soja", r"agr[ií]col\w*", r"agricultor\w*", r"safra\w*",
                        r"produtores rurais", r"carne suína", r"grãos?",
                        r"fazend\w*"),
        "tariff": (r"tarifa\w*", r"\w*taxa\w*", r"sobretaxa\w*", r"impostos? de importação"),
        "talks": (r"acordo\w*", r"negocia\w+", r"conversa\w*", r"reuni\w+", r"cúpula",
                  r"trégua", r"assinatura"),
    },
    direction={
        "escalation": (r"retalia\w*", r"aumentar\w*", r"aumentaria", r"impor", r"impôs",
                       r"escalada", r"tens\w+", r"guerra comercial"),
        "de-escalation": (r"acordo\w*", r"trégua", r"compra\w*", r"vendas?", r"reduzir\w*",
                          r"adiar\w*", r"adiou", r"suspens\w+", r"concordaram"),
    },
    trade_terms=(r"comérci\w+", r"guerra comercial", r"comercial"),
    speech_verbs=(r"disse", r"afirmou", r"informou", r"declarou", r"anunciou"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"entr\w* em vigor", r"em vigor"),
        "purchases": (r"compra\w*", r"vendas?", r"importa\w+"),
        "signing": (r"assina\w+",),
        "phase_one": (r"fase 1", r"fase um", r"primeira fase"),
        "white_house": (r"casa branca",),
    },
    time_of_day=(r"(?:à|desde a) meia-noite", r"esta manhã", r"nesta madrugada", r"esta noite"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("tarifa", "taxa", "sobretaxa", "imposto"),
        "purchase": ("compra", "venda", "soja", "produtos agrícola", "importaç", "fazenda",
                     "agricultor", "fazendeiro", "produtor"),
        "talks": ("acordo", "negocia", "conversa", "reuni", "trégua", "cúpula",
                  "telefonema"),
        "tech": ("lista negra", "licen", "huawei", "sanç"),
        "currency": ("moeda", "yuan", "câmbio", "manipulad", "rótulo", "designação"),
    },
    escalation={
        "tariff": ("aument", "impor", "impôs", "impost", "elev", "retalia", "ameaç",
                   "exig", "reclam", "entr em vigor"),
        "purchase": ("suspend", "interromp", "cancel", "paralis"),
        "talks": ("romp", "fracass", "cancel", "estagn", "emperr", "colaps"),
        "tech": ("proib", "vet", "pres", "detid", "restring", "coloc", "inclu"),
        "currency": ("desvaloriz", "enfraquec", "design", "rotul", "caiu", "cai"),
    },
    deescalation={
        "tariff": ("reduz", "suspend", "retir", "isent", "adiad", "adiar", "adiou", "adiam",
                   "posterg", "prorrog", "atras"),
        "purchase": ("compr", "retom", "confirm", "vend", "visit"),
        "talks": ("concord", "assin", "alcanç", "fecha", "retom", "avanç", "firm", "reun",
                  "viaj", "visit", "inici", "começ", "continu", "realiz", "program", "previst",
                  "lider", "encontr"),
        "tech": ("licen", "autoriz", "prorrog", "conced", "isent", "exceç"),
        "currency": ("retir", "remov", "fortalec"),
    },
    standalone_escalation=("guerra comercial", "retaliação", "represália"),
    standalone_deescalation=("trégua", "avanço", "acordo"),
    negations=("não", "nunca", "sem", "nenhum", "nenhuma"),
    # put off: "adiar", "adiou", "adiado(s)/adiada(s)", "adiamento", "adiam" (not the stem
    # "adia": "adiantar" is to bring forward)
    reversers=("não", "adiar", "adiou", "adiad", "adiament", "adiam", "suspend", "cancel",
               "desist", "renunci", "retir", "abandon"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"tem", "têm"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"tinha", "tinham", "havia", "haviam"})
