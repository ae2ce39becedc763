"""English predicate-object direction tables (the English date words live in
:mod:`analysis.text.calwords` and :mod:`analysis.text.datepatterns`, the lexicon in
:mod:`analysis.text.lexicon`)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables

DIRECTION = DirectionTables(
    objects={
        "tariff": ("tariff", "duties", "duty", "levies", "levy", "penalt", "list of",
                   "tariff list", "countermeasure", "counter-measure"),
        "purchase": ("purchas", "buying", "soybean", "soya", "farm product", "farm good",
                     "agricultural product", "agricultural good", "imports of"),
        "talks": ("talk", "negotiat", "deal", "agreement", "truce", "meeting", "summit",
                  "discussion", "ceasefire"),
        "tech": ("entity list", "blacklist", "black list", "licen", "authority", "huawei"),
        "currency": ("manipulator", "designation", "label", "yuan", "renminbi", "currency"),
    },
    escalation={
        "tariff": ("impos", "rais", "hike", "increas", "slap", "levy", "levie", "retaliat",
                   "unveil", "threat", "threaten", "target", "collect", "publish",
                   "propos", "plan", "take effect", "took effect", "go into effect",
                   "went into effect", "in force", "start", "resum", "order", "respond",
                   "hit", "apply", "applie", "begin", "began", "escalat", "add"),
        "purchase": ("stop", "halt", "suspend", "cancel", "ban", "cut", "curb", "slash",
                     "no longer"),
        "talks": ("collaps", "fell apart", "fall apart", "break off", "broke off", "stall",
                  "cancel", "reneg", "abandon", "walk away", "walked away", "sour"),
        "tech": ("add", "put", "putting", "ban", "blacklist", "arrest", "bar", "restrict",
                 "deni"),
        "currency": ("weaken", "breach", "skid", "slump", "fell", "fall", "devalu",
                     "designated", "designates", "labeled", "labelled", "brand"),
    },
    deescalation={
        "tariff": ("delay", "postpon", "suspend", "exempt", "waiv", "lift", "remov", "cut",
                   "reduc", "lower", "drop", "hold off", "held off", "roll back", "rolled back",
                   "exclu", "spare", "refrain", "back down", "backing down", "ease", "eas"),
        "purchase": ("resum", "pledg", "buy", "bought", "purchas", "agree", "ship", "made",
                     "make", "promis", "approv", "boost", "increas", "import"),
        "talks": ("agree", "reach", "resum", "restart", "extend", "held", "hold", "sign",
                  "conclud", "land", "strike", "struck", "progress", "constructive",
                  "productive", "back on track", "enjoy", "welcom", "work on", "work toward",
                  "working on", "working toward", "keep talking", "intensify"),
        "tech": ("licen", "grant", "extend", "issu", "approv", "allow", "resum", "remov",
                 "exempt", "waiv", "lift"),
        "currency": ("remov", "lift", "drop", "strengthen", "rebound"),
    },
    standalone_escalation=("retaliat", "hit back", "escalat", "punitive", "tit-for-tat",
                           "trade war", "arrest", "apprehend", "blacklist", "irritant",
                           "threat"),
    standalone_deescalation=("truce", "goodwill", "good will", "de-escalat", "deal",
                             "phase one", "constructive", "optimis", "on hold", "ceasefire",
                             "relief", "breakthrough", "detente"),
    negations=("not", "no", "never", "n't", "won't", "without", "neither", "nor", "lack"),
    reversers=("suspend", "halt", "refrain", "hold off", "held off", "delay", "postpon",
               "drop", "abandon", "not", "no", "won't", "never", "stop", "avoid", "without",
               "back down", "backing down", "lack of"),
)
