"""The :class:`LanguageTables` structure every language module fills in."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageTables:
    """Everything language-specific the text stage needs for one language.

    Attributes
    ----------
    code : str
        ISO 639-1 code.
    months : dict
        Lower-case month names and abbreviations -> 1..12.
    weekdays : dict
        Lower-case weekday names -> 0 (Monday) .. 6.
    weekday_modifiers : dict
        A word before a weekday -> weekday mode (``last``, ``future``, ``past``,
        ``nearest``, ``?`` = from the tense); see :mod:`analysis.text.dates.resolve`.
    weekday_suffix_last : str
        A suffix that makes a weekday "last <weekday>" (Danish "i torsdags"), or empty.
    day_words : dict
        Relative day words -> offset from the publication day ("heute" 0).
    relative : dict
        Relative phrases -> (precision, rule, intrinsic direction or None) (rules as in
        :mod:`analysis.text.dates.resolve`).
    month_prepositions : tuple
        Words that make a bare month a date ("im Mai", "en mayo").
    year_prepositions : tuple
        Words that make a bare year a date ("im Jahr 2018", "en 2017").
    day_month_joiners : tuple
        Words between a day number and its month ("15 de enero": ``de``).
    future_words, past_words : frozenset
        Tense cues.
    past_suffixes : tuple
        Endings of past-tense verbs.
    reporting_words : frozenset
        Verbs of saying.
    category, direction, status, actor, substance : dict
        Lexicon regular expressions (matched case-insensitively on word boundaries).
    trade_terms, speech_verbs : tuple
        Words that make a sentence trade news; verbs of saying (lexicon form).
    time_of_day : tuple
        Bare times of day ("midnight", "this morning"; lexicon form): without a day
        named, they are the publication day's.
    sequence : tuple
        "Subsequently" words (lexicon form).
    numbers : dict
        Number words of "three days ago" -> 1..10.
    ordinals : dict
        Ordinal words of "the first of October" -> 1..31.
    month_parts : dict
        Words for a part of a month -> ``early``, ``mid`` or ``late``.
    month_modifiers : dict
        A word before a month that gives its direction ("last May" -> ``past``).
    since_words : tuple
        Words that make the month after them a past one ("since May").
    relative_offsets : dict
        Words before a week/month/year unit -> (offset, intrinsic direction or None)
        ("last week" -> -1, past).
    relative_units : dict
        Unit words -> (rule name, precision) ("week" -> (``week``, ``week``)).
    weekend_modes : dict
        A word before "weekend" -> ``past``, ``future`` or ``this``.
    weekday_endings : tuple
        Endings a weekday name takes and still names the day ("tisdagen", "tisdags").
    trigger_words : dict
        Words that wake the hand-written patterns besides months and weekdays: ``D`` a
        day word or relative noun, ``U`` a week/month/year/day unit, ``H`` a weekend.
    future_pairs : frozenset
        Word pairs that mark the future ("expected to", "kommer att").
    future_suffixes : tuple
        Endings of synthetic future verbs ("imposera", "impondrá"): a future cue.
    participle_auxiliaries : frozenset
        Words before a past participle that make it a future or infinitive passive ("to
        *be* signed", "skal *bli* undertegnet"): the participle is then no past cue.
    not_past : frozenset
        Words with a past-tense ending that are not past events ("scheduled").
    boundary_words : frozenset
        Clause openers for the tense reader (the table languages share theirs).
    clause_verbs : frozenset
        Verbs of saying that head a reported clause ("said", "sa").
    date_prepositions : frozenset
        Words that may sit between a reporting verb and its date ("said on").
    complementisers : frozenset
        Words that end the tense walk ("that", "att").
    scheduling_words : frozenset
        Words that put a year-less day ahead of the publication ("deadline", "senast").
    scheduling_prepositions : frozenset
        Prepositions right before a year-less day that put it ahead ("from", "bis").
    clause_openers : frozenset
        Words that end the walk of a year-less day's own clause ("that", "dass").
    future_weekday_mode : str
        Mode of a future-tense weekday: ``coming`` (on or after the publication day,
        English news naming that day by its weekday) or ``future`` (strictly after,
        where "i dag" names the publication day).
    publication_words : tuple
        Words that introduce a page's own date ("Publisert", "Gepubliceerd",
        "Atualizado"; lower case, matched case-insensitively), with any article after them.
    abbreviations : frozenset
        Lower-case abbreviations (without their final period) whose period ends no
        sentence ("mr", "jan", "bl.a").
    """

    code: str
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_modifiers: dict[str, str]
    day_words: dict[str, int]
    relative: dict[str, tuple[str, tuple[object, ...], str | None]]
    month_prepositions: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    future_words: frozenset[str]
    past_words: frozenset[str]
    reporting_words: frozenset[str]
    category: dict[str, tuple[str, ...]]
    direction: dict[str, tuple[str, ...]]
    trade_terms: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    weekday_suffix_last: str = ""
    day_month_joiners: tuple[str, ...] = ()
    past_suffixes: tuple[str, ...] = ()
    status: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actor: dict[str, tuple[str, ...]] = field(default_factory=dict)
    substance: dict[str, tuple[str, ...]] = field(default_factory=dict)
    time_of_day: tuple[str, ...] = ()
    sequence: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    month_parts: dict[str, str] = field(default_factory=dict)
    month_modifiers: dict[str, str] = field(default_factory=dict)
    since_words: tuple[str, ...] = ()
    relative_offsets: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    relative_units: dict[str, tuple[str, str]] = field(default_factory=dict)
    weekend_modes: dict[str, str] = field(default_factory=dict)
    weekday_endings: tuple[str, ...] = ()
    trigger_words: dict[str, str] = field(default_factory=dict)
    future_pairs: frozenset[tuple[str, str]] = frozenset()
    not_past: frozenset[str] = frozenset()
    participle_auxiliaries: frozenset[str] = frozenset()
    future_suffixes: tuple[str, ...] = ()
    boundary_words: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()
    date_prepositions: frozenset[str] = frozenset()
    complementisers: frozenset[str] = frozenset()
    scheduling_words: frozenset[str] = frozenset()
    scheduling_prepositions: frozenset[str] = frozenset()
    clause_openers: frozenset[str] = frozenset()
    future_weekday_mode: str = "coming"
    abbreviations: frozenset[str] = frozenset()
    publication_words: tuple[str, ...] = ()



@dataclass(frozen=True)
class DirectionTables:
    """Predicate-object rules for the direction of a trade-war event (CAMEO-style: the
    verb class and what it acts on decide, not a bag of words).

    All entries are lower-case word *stems* (a token matches when it starts with one);
    an entry with spaces matches that many consecutive tokens.

    Attributes
    ----------
    objects : dict
        Object class (``tariff``, ``purchase``, ``talks``, ``tech``, ``currency``) -> stems.
    escalation, deescalation : dict
        Object class (or ``any``) -> predicate stems acting on it in that direction:
        ``tariff``: impose/raise -> escalation, delay/exempt -> de-escalation;
        ``purchase``: halt -> escalation, resume/pledge -> de-escalation...
    standalone_escalation, standalone_deescalation : tuple
        Words that carry a direction on their own ("retaliation", "truce").
    negations : tuple
        Words that negate the predicate after them ("not", "no longer").
    reversers : tuple
        Predicates that reverse the one right after them ("suspend plans to hike",
        "refrain from raising", "halt the imposition of").
    """

    objects: dict[str, tuple[str, ...]]
    escalation: dict[str, tuple[str, ...]]
    deescalation: dict[str, tuple[str, ...]]
    standalone_escalation: tuple[str, ...] = ()
    standalone_deescalation: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    reversers: tuple[str, ...] = ()
