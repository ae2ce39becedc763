"""Swedish predicate-object direction tables (the Swedish date words live in
:mod:`analysis.text.calwords` and :mod:`analysis.text.datepatterns`, the lexicon in
:mod:`analysis.text.lexicon`)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables

DIRECTION = DirectionTables(
    objects={
        "tariff": ("tull", "strafftull", "importtull", "avgift"),
        "purchase": ("köp", "inköp", "sojaböno", "jordbruksvar", "import"),
        "talks": ("samtal", "förhandl", "avtal", "handelsavtal", "fas 1", "överenskommelse",
                  "möte", "toppmöte", "vapenvila"),
        "tech": ("svarta listan", "licens", "huawei"),
        "currency": ("valutamanipul", "yuan", "valuta"),
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
        "purchase": ("köp", "återupptar", "återuppta", "lov"),
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
