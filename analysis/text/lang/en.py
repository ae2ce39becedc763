"""English word tables (see :mod:`analysis.text.lang` for how they are used)."""

from __future__ import annotations

from analysis.text.lang.tables import DirectionTables, LanguageTables

TABLES = LanguageTables(
    code="en",
    months={
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    },
    weekdays={
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
        "saturday": 5, "sunday": 6,
    },
    numbers={
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2,
    },
    ordinals={
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
        "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
        "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
        "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
        "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
        "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
    },
    month_parts={
        "early": "early", "beginning": "early", "start": "early", "mid": "mid",
        "middle": "mid", "late": "late", "end": "late",
    },
    month_modifiers={"last": "past", "next": "future"},
    since_words=("since",),
    # A weekday's modifier -> its mode (see LanguageTables.weekday_modifiers).
    weekday_modifiers={
        "earlier": "past", "early": "?", "late": "?", "later": "coming", "last": "last",
        "this past": "last", "past": "last", "next": "future", "this coming": "future",
        "coming": "future", "this": "nearest",
    },
    day_words={
        "yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
        "the day before yesterday": -2, "the day after tomorrow": 2,
    },
    relative={},
    relative_offsets={
        "last": (-1, "past"), "the previous": (-1, "past"), "the prior": (-1, "past"),
        "next": (1, "future"), "the following": (1, "future"), "the coming": (1, "future"),
        "this coming": (1, "future"), "the next": (1, "future"),
        "this": (0, None), "earlier this": (0, "past"), "later this": (0, "future"),
        "the current": (0, None),
    },
    relative_units={
        "week": ("week", "week"), "month": ("month_rel", "month"),
        "year": ("year_rel", "year"),
    },
    weekend_modes={
        "last": "past", "past": "past", "the past": "past", "this past": "past",
        "next": "future", "coming": "future", "the coming": "future",
        "this coming": "future", "this": "this",
    },
    trigger_words={
        **dict.fromkeys(("yesterday", "today", "tonight", "tomorrow"), "D"),
        **dict.fromkeys(("week", "weeks", "month", "months", "year", "years", "day", "days",
                         "weekend", "weekends"), "U"),
    },
    month_prepositions=(),
    year_prepositions=(),
    abbreviations=frozenset({
        "mr", "mrs", "ms", "messrs", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov",
        "corp", "inc", "co", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc", "approx", "dept", "prof",
        "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "ca", "ltd",
    }),
    future_words=frozenset({
        "will", "won't", "shall", "would", "may", "might", "upcoming", "next",
    }),
    future_pairs=frozenset(
        [(w, "to") for w in ("expected", "scheduled", "slated", "set", "likely", "plans",
                             "plan", "planning", "intends", "intend", "aims", "hopes",
                             "going", "is", "are", "poised", "due", "delayed", "postponed",
                             "moved", "extended", "pushed")]
        + [(w, "for") for w in ("scheduled", "slated", "set", "planned", "due")]
        + [(w, "until") for w in ("delayed", "postponed", "extended", "pushed")]
        + [("pushed", "back"), ("put", "off")]
    ),
    past_words=frozenset({
        "said", "told", "reported", "revealed", "announced", "confirmed", "added", "stated",
        "wrote", "tweeted", "was", "were", "had", "did", "met", "began", "begun", "spoke",
        "took", "gave", "made", "came", "went", "held", "rose", "fell", "sent", "left",
        "got", "saw", "became", "brought", "won", "lost", "struck", "sold", "bought", "paid",
        "grew", "ago", "earlier", "last", "previously", "recently", "agreed", "freed",
    }),
    # "-ed" words that are adjectives or plans rather than past events.
    not_past=frozenset({
        "expected", "scheduled", "planned", "proposed", "based", "concerned", "interested",
        "related", "unnamed", "detailed", "limited", "united", "advanced", "need", "indeed",
        "proceed", "exceed", "succeed", "speed", "seed", "feed", "breed", "hundred", "red",
        "bed", "shed", "weed", "heed", "greed", "deed", "owned", "armed", "skilled",
        "talented", "called", "wed", "embed", "slated", "poised", "delayed", "postponed",
        "extended", "pushed", "moved",
    }),
    participle_auxiliaries=frozenset({"be", "being"}),
    publication_words=("published", "updated", "posted", "last updated", "first published"),
    past_suffixes=("ed",),
    boundary_words=frozenset({
        "that", "which", "who", "where", "when", "while", "since", "after", "before",
        "because", "although", "though", "whereas", "what", "following",
    }),
    reporting_words=frozenset({
        "said", "says", "told", "tells", "reported", "reports", "revealed", "announced",
        "confirmed", "stated", "wrote", "tweeted", "speaking",
    }),
    clause_verbs=frozenset({"said", "says", "say"}),
    date_prepositions=frozenset({
        "on", "in", "at", "during", "via", "through", "to", "late", "early", "earlier",
    }),
    complementisers=frozenset({"that"}),
    scheduling_words=frozenset({
        # present-tense verbs of taking effect or starting: a year-less day in their
        # clause is scheduled ("take effect Dec. 15")
        "take", "takes", "kicks", "begins", "starts", "expires",
        "starting", "effective", "deadline", "planned", "scheduled", "due", "slated", "set",
        "upcoming", "next", "delayed", "postponed", "extended", "pushed", "moved",
        "deferred",
    }),
    scheduling_prepositions=frozenset({"from", "until", "till"}),
    clause_openers=frozenset({
        "that", "whether", "if", "which", "who", "because", "although", "while", "whereas",
    }),
    category={
        "currency": (
            r"yuan\w*", r"renminbi", r"currenc\w+", r"manipulat\w+", r"exchange rates?",
            r"devalu\w+",
        ),
        "tech": (
            r"huaweis?", r"ztes?", r"blacklist\w*", r"entity list", r"technology compan\w+",
            r"tech compan\w+", r"chips?", r"semiconductor\w*", r"licens\w+", r"5g",
        ),
        "agriculture": (
            r"soybeans?", r"soy", r"soya", r"agricultur\w+", r"farm\w*",
            r"crops?", r"pork", r"corn", r"wheat",
        ),
        "tariff": (r"tariffs?", r"duties", r"levies"),
        "talks": (
            r"talks?", r"negotiat\w+", r"meetings?", r"met in", r"trip", r"phone", r"calls?",
            r"telephone", r"delegation", r"summit", r"g-?20", r"group of 20", r"deal",
            r"agreement", r"signing", r"signed", r"phase one",
        ),
    },
    direction={
        "escalation": (
            r"rais\w+ tariff\w*", r"increas\w+", r"impos\w+", r"retaliat\w+",
            r"blacklist\w*", r"threat\w*", r"ban\w*", r"block\w*", r"halt\w*",
            r"collaps\w+", r"impasse", r"punitive", r"irritant", r"restrict\w+",
            r"complain\w*", r"escalat\w+", r"ratchet\w*", r"cancel\w*", r"frustrat\w+",
            r"manipulat\w+",
        ),
        "de-escalation": (
            r"good-?will", r"good will", r"resum\w+", r"exemption\w*", r"waiv\w+", r"truce",
            r"optimis\w+", r"progress", r"delay\w*", r"relief", r"lift\w*",
            r"eas\w+", r"went well", r"very good", r"sincerity", r"purchas\w+", r"buy\w*",
            r"agreed to",
            # Talks resuming in person are the trade-war literature's de-escalation signal.
            r"face-to-face", r"in-person", r"next step", r"groundwork",
        ),
    },
    status={
        "scheduled": (
            r"will", r"expected to", r"scheduled", r"set for", r"plans? to", r"planned",
            r"could happen", r"may meet", r"to travel", r"is to", r"are to", r"next week",
        ),
        "announced": (
            r"announc\w+", r"pledg\w+", r"promis\w+", r"declar\w+", r"unveil\w+",
        ),
    },
    # Names are the same in every language; they are listed once, here.
    actor={
        "US": (
            r"trump", r"u\.s\.", r"us", r"usa", r"united states", r"washington",
            r"white house", r"lighthizer", r"mnuchin", r"kudlow", r"ross", r"ustr",
            r"american\w*", r"gerrish",
        ),
        "China": (
            r"china\w*", r"chinese", r"beijing", r"xi", r"liu he", r"xinhua", r"gao feng",
            r"gao", r"liao min",
        ),
    },
    speech_verbs=(
        r"said", r"says", r"say", r"told", r"tells", r"speaking", r"reported", r"revealed",
        r"stated", r"tweeted", r"stressed", r"reiterated", r"added", r"confirmed", r"wrote",
    ),
    trade_terms=(r"trade", r"trade war"),
    substance={
        # a measure taking effect, not its announcement
        "in_force": (r"takes? effect", r"took effect", r"taking effect",
                     r"(?:go|goes|went|gone|going) into effect", r"in force",
                     r"(?:come|comes|came|coming) into force", r"start(?:s|ed)? to apply",
                     r"kick(?:s|ed)? in"),
        "phone_call": (r"phone", r"telephone", r"call"),
        "xinhua": (r"xinhua",),
        "shanghai": (r"shanghai",),
        "in_person": (r"face-to-face", r"in-person", r"in person"),
        "g20": (r"g-?20", r"group of 20", r"osaka", r"japan"),
        "huawei": (r"huaweis?",),
        "white_house": (r"white house",),
        "farm_visit": (r"visit \w+ farm\w*", r"farm visits?"),
        "purchases": (r"purchas\w+", r"buy\w*", r"import\w*"),
        "exemption": (r"exemption\w*", r"waiv\w+"),
        "signing": (r"signing", r"signed", r"to sign", r"will sign"),
        "phase_one": (r"phase one", r"phase 1", r"phase-one"),
    },
    sequence=(r"subsequently", r"afterwards"),
    time_of_day=(r"(?:at|after|since|from) midnight", r"this morning", r"tonight",
                 r"this evening", r"\d{1,2}(?::\d{2})?\s*[ap]\.m\.", r"overnight"),
)

DIRECTION = DirectionTables(
    objects={
        "tariff": ("tariff", "duties", "duty", "levies", "levy", "penalt", "list of",
                   "tariff list", "countermeasure", "counter-measure"),
        "purchase": ("purchas", "buying", "soybean", "soya", "farm product", "farm good",
                     "agricultural product", "agricultural good", "imports of", "farm", "sale"),
        "talks": ("talk", "negotiat", "deal", "agreement", "truce", "meeting", "summit",
                  "discussion", "ceasefire", "phone call", "conversation"),
        "tech": ("entity list", "blacklist", "black list", "licen", "authority", "huawei"),
        "currency": ("manipulator", "designation", "label", "yuan", "renminbi", "currency"),
    },
    escalation={
        "tariff": ("impos", "rais", "hike", "increas", "slap", "levy", "levie", "retaliat",
                   "unveil", "threat", "target", "collect", "publish",
                   "propos", "plan", "take effect", "took effect", "go into effect",
                   "went into effect", "in force", "start", "resum", "order", "respond",
                   "hit", "apply", "applie", "begin", "began", "escalat", "add",
                   "call for", "calling for", "calls for", "demand"),
        "purchase": ("stop", "halt", "suspend", "cancel", "ban", "cut", "curb", "slash",
                     "no longer"),
        "talks": ("collaps", "fell apart", "fall apart", "break off", "broke off", "stall",
                  "cancel", "reneg", "abandon", "walk away", "sour", "broke down", "break down",
                  "breaks down", "derail", "failed"),
        "tech": ("add", "put", "ban", "blacklist", "arrest", "bar", "restrict",
                 "deni"),
        "currency": ("weaken", "breach", "fell", "fall", "devalu",
                     "designated", "designates", "labeled", "labelled", "brand"),
    },
    deescalation={
        "tariff": ("delay", "postpon", "suspend", "exempt", "waiv", "lift", "remov", "cut",
                   "reduc", "lower", "drop", "hold off", "held off", "roll back",
                   "exclu", "spare", "refrain", "back down", "eas"),
        "purchase": ("resum", "pledg", "buy", "bought", "purchas", "agree", "ship", "made",
                     "make", "promis", "approv", "boost", "increas", "import", "visit", "confirm",
                     "sell", "sold"),
        "talks": ("agree", "reach", "resum", "restart", "extend", "held", "hold", "sign",
                  "conclud", "land", "strike", "struck", "progress", "constructive",
                  "productive", "work on", "work toward", "intensify", "meet",
                  "travel", "visit", "kick", "begin", "began", "start", "continu",
                  "schedul", "speak", "spoke", "look forward", "sit down", "sat down", "welcom",
                  "head to",
                  "heads to", "heading to", "headed to"),
        "tech": ("licen", "grant", "extend", "issu", "approv", "allow", "resum", "remov",
                 "exempt", "waiv", "lift"),
        "currency": ("remov", "lift", "drop", "strengthen", "rebound"),
    },
    standalone_escalation=("retaliat", "hit back", "escalat", "punitive", "trade war",
                           "arrest", "blacklist", "irritant",
                           "threat"),
    standalone_deescalation=("truce", "goodwill", "good will", "de-escalat", "deal",
                             "phase one", "constructive", "optimis", "ceasefire",
                             "relief", "breakthrough", "detente"),
    negations=("not", "no", "never", "n't", "won't", "without", "neither", "nor", "lack"),
    reversers=("suspend", "halt", "refrain", "hold off", "held off", "delay", "postpon",
               "drop", "abandon", "not", "no", "won't", "never", "stop", "avoid", "without",
               "back down", "lack of", "cancel", "scrap", "call off", "called off", "shelv",
               "withdr"),
)


# Present-perfect auxiliaries: a lead in the perfect reports the day's news (mentions.py).
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"has", "have"})
# Past-perfect auxiliaries: a sentence in the pluperfect looks back before the day before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"had"})
