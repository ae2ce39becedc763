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
        Relative phrases -> (precision, rule, intrinsic direction or None), as the
        Swedish table of :mod:`analysis.text.dates.resolve`.
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


@dataclass(frozen=True)
class LexiconWords:
    """The classifier words of English or Swedish (regular expressions, matched
    case-insensitively on word boundaries by :mod:`analysis.text.lexicon`, which joins
    the two languages into one table). Field meanings as in :class:`LanguageTables`;
    ``status`` maps ``scheduled``/``announced`` to their words, ``actor`` ``US``/``China``
    to theirs, ``sequence`` holds the "subsequently" words."""

    category: dict[str, tuple[str, ...]]
    direction: dict[str, tuple[str, ...]]
    status: dict[str, tuple[str, ...]]
    actor: dict[str, tuple[str, ...]]
    speech_verbs: tuple[str, ...]
    trade_terms: tuple[str, ...]
    substance: dict[str, tuple[str, ...]]
    sequence: tuple[str, ...] = ()
    time_of_day: tuple[str, ...] = ()
