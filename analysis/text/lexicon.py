"""The classifiers built from the word tables, and the one sentence splitter.

The words live in one module per language (:mod:`analysis.text.lang`: ``en``, ``sv``,
``de``, ``da``, ``fr``, ``es``); here they become regular expressions matched
case-insensitively on word boundaries (English and Swedish joined in one table, each
other language added to it). :func:`split_sentences` cuts a text into sentences with offsets;
abbreviations of every language (``U.S.``, ``Mr.``, ``Sept.``, ``Mrd.``, ``bl.a.``, ``EE.UU.``)
and day ordinals before a month ("dem 15. Oktober", "den 3. maj") do not end a sentence,
the closing quotes of every style do, a line break always does, and a short speech tag
("Trump said on Wednesday.", "Das sagte Trump am Mittwoch.") is joined to the sentence
before it in its paragraph, whose event it dates. May import: ``analysis.text.lang``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.text.lang import LANGUAGE_TABLES, REGISTRY, da, de, en, es, fr, nl, no, pt, sv

# ----------------------------------------------------------------------------------------
# Lexicons: regular expressions matched case-insensitively on word boundaries.

def _union(*tables: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Per key, the words of every table in order (English first)."""
    out: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for key, words in table.items():
            out[key] = out.get(key, ()) + tuple(words)
    return out


# English and Swedish share one table: the seeds mix the two, and names are common.
CATEGORY_LEXICON: dict[str, tuple[str, ...]] = _union(en.TABLES.category, sv.TABLES.category)
# Ties go to the keyword nearest the date expression, else to this order (the more
# specific subjects first: a sentence on tariffs on soybeans is agricultural news).
CATEGORY_PRIORITY: tuple[str, ...] = ("currency", "tech", "agriculture", "tariff", "talks")

# A sentence is trade-war news when it matches a category keyword or one of these.
TRADE_TERMS: tuple[str, ...] = en.TABLES.trade_terms + sv.TABLES.trade_terms

# Lines that are bylines, credits or boilerplate never become mentions.
BOILERPLATE: tuple[str, ...] = (
    r"copyright", r"all rights reserved", r"alla rättigheter", r"^by ", r"write to",
    r"contributed to", r"additional reporting", r"\(end\)", r"for more news", r"©",
)

DIRECTION_LEXICON: dict[str, tuple[str, ...]] = _union(en.TABLES.direction, sv.TABLES.direction)
STATUS_LEXICON: dict[str, tuple[str, ...]] = _union(en.TABLES.status, sv.TABLES.status)
ACTOR_LEXICON: dict[str, tuple[str, ...]] = _union(en.TABLES.actor, sv.TABLES.actor)
# Verbs of saying: an expression right next to one dates a remark, not the event.
SPEECH_VERBS: tuple[str, ...] = en.TABLES.speech_verbs + sv.TABLES.speech_verbs
# Substance keys: what an event is about, beyond its category. The *specific* ones name
# one happening (a call, a report, a venue) and are what links mentions across articles
# and to the catalog.
SUBSTANCE_LEXICON: dict[str, tuple[str, ...]] = _union(en.TABLES.substance, sv.TABLES.substance)
SPECIFIC_KEYS: frozenset[str] = frozenset(
    {"phone_call", "xinhua", "shanghai", "in_person", "g20", "huawei", "white_house",
     "farm_visit"}
)

SEQUENCE_WORDS: tuple[str, ...] = en.TABLES.sequence + sv.TABLES.sequence
# Bare times of day of every language ("at midnight", "la pasada medianoche"): a lead
# that names one without a day reports the publication day's news.
TIME_OF_DAY: tuple[str, ...] = (*en.TABLES.time_of_day, *sv.TABLES.time_of_day,
                                *(w for t in LANGUAGE_TABLES for w in t.time_of_day))

# Abbreviations whose period ends no sentence, of every language at once.
_ABBREVIATIONS: frozenset[str] = frozenset().union(*(t.abbreviations for t in REGISTRY.values()))
LEAD_SENTENCES: int = 2
# Present-perfect auxiliaries per language: a lead sentence in the perfect ("has imposed",
# "hat verhängt", "har infört") reports the day's news (TimeML's document-date default).
PERFECT_AUXILIARIES: dict[str, frozenset[str]] = {
    m.TABLES.code: m.PERFECT_AUXILIARIES for m in (da, de, en, es, fr, nl, no, pt, sv)
}
# Past-perfect auxiliaries: a sentence in the pluperfect ("had threatened") looks back to
# a time before the one of the sentence before it.
PLUPERFECT_AUXILIARIES: dict[str, frozenset[str]] = {
    m.TABLES.code: m.PLUPERFECT_AUXILIARIES for m in (da, de, en, es, fr, nl, no, pt, sv)
}



# Literal-prefix prefilter for the lexicon patterns. A case-insensitive alternation with a
# lookbehind in front is scanned position by position, and most sentences hold none of
# a given lexicon's words. Every word of a lexicon starts with literal characters
# ("currenc" for ``currenc\w+``, "soybean" for ``soybeans?``); when none of those
# prefixes occurs in the lower-cased text the pattern cannot match there, and a few
# substring tests are much cheaper than the scan. Exact: a text holding a character that
# matches a prefix letter case-insensitively without being that letter or its plain
# capital (the Kelvin sign, "ſ", dotless "ı", "İ"...) skips the prefilter.
_NEEDLES: dict[re.Pattern[str], tuple[str, ...] | None] = {}
_REGEX_SYNTAX = frozenset("\\()[]{}?*+|.^$")
_QUANTIFIERS = frozenset("?*+{")


def _literal_prefix(word: str) -> str:
    """The literal characters every match of the regex ``word`` starts with, lower-cased
    (empty when it starts with regex syntax)."""
    out = []
    for i, ch in enumerate(word):
        if ch in _REGEX_SYNTAX or word[i + 1:i + 2] in _QUANTIFIERS:
            break
        out.append(ch.lower())
    return "".join(out)


def _needles(words: Iterable[str]) -> tuple[str, ...] | None:
    """Prefixes of which one occurs in every text the words' pattern matches (``None``
    when a word has no literal prefix). A prefix containing another is redundant."""
    prefixes = {_literal_prefix(w) for w in words}
    if "" in prefixes:
        return None
    return tuple(sorted(p for p in prefixes if not any(q != p and q in p for q in prefixes)))


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    words = tuple(words)
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
    _NEEDLES[rx] = _needles(words)
    return rx


_CATEGORY_RE = {k: _compile(v) for k, v in CATEGORY_LEXICON.items()}
_TRADE_RE = _compile(TRADE_TERMS)
BOILER_RE = re.compile("|".join(BOILERPLATE), re.IGNORECASE)
_DIRECTION_RE = {k: _compile(v) for k, v in DIRECTION_LEXICON.items()}
STATUS_RE = {k: _compile(v) for k, v in STATUS_LEXICON.items()}
ACTOR_RE = {k: _compile(v) for k, v in ACTOR_LEXICON.items()}
_SUBSTANCE_RE = {k: _compile(v) for k, v in SUBSTANCE_LEXICON.items()}
SEQUENCE_RE = _compile(SEQUENCE_WORDS)
_SPEECH = "|".join((*SPEECH_VERBS, *(w for t in LANGUAGE_TABLES for w in t.speech_verbs)))


def _extended(base: dict[str, tuple[str, ...]],
              extra: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    """``base``'s words plus ``extra``'s, per key, compiled."""
    return {k: _compile((*base.get(k, ()), *extra.get(k, ())))
            for k in dict.fromkeys((*base, *extra))}


@dataclass(frozen=True)
class Lexicon:
    """The compiled classifiers of one language (the English and Swedish words plus the
    language's own: news in any language quotes English names, tweets and acronyms)."""

    category: dict[str, re.Pattern[str]]
    direction: dict[str, re.Pattern[str]]
    trade: re.Pattern[str]
    substance: dict[str, re.Pattern[str]]


_BASE_LEXICON = Lexicon(_CATEGORY_RE, _DIRECTION_RE, _TRADE_RE, _SUBSTANCE_RE)
LEXICONS: dict[str, Lexicon] = {
    "en": _BASE_LEXICON,
    "sv": _BASE_LEXICON,
    **{t.code: Lexicon(
        _extended(CATEGORY_LEXICON, t.category),
        _extended(DIRECTION_LEXICON, t.direction),
        _compile((*TRADE_TERMS, *t.trade_terms)),
        _extended(SUBSTANCE_LEXICON, t.substance),
    ) for t in LANGUAGE_TABLES},
}


# The splitter does not know the language: a speech tag is judged on every language's
# category words at once (a category word of any language marks news, not a tag).
_ANY_CATEGORY_RE = _compile(
    (*(w for words in CATEGORY_LEXICON.values() for w in words),
     *(w for t in LANGUAGE_TABLES for words in t.category.values() for w in words)))


def lexicon_of(lang: str) -> Lexicon:
    """The classifiers of ``lang`` (English and Swedish words for any other code)."""
    return LEXICONS.get(lang, _BASE_LEXICON)


def _fold_gate() -> re.Pattern[str]:
    """Characters that match a prefix character case-insensitively but are neither it
    nor its plain capital: where the prefilter's ``str.lower`` would disagree with the
    regex engine."""
    chars = {ch for needles in _NEEDLES.values() for n in needles or () for ch in n}
    plain = set(chars) | {c.upper() for c in chars if len(c.upper()) == 1}
    return re.compile(
        "(?i)(?!(?-i:[" + "".join(map(re.escape, sorted(plain))) + "]))["
        + "".join(map(re.escape, sorted(chars))) + "]"
    )


_FOLD_GATE = _fold_gate()


@lru_cache(maxsize=1024)
def lowered(text: str) -> str | None:
    """``text`` lower-cased for the prefilter, or ``None`` where it would not be exact
    (cached: the classifiers look at the same clause several times)."""
    return None if _FOLD_GATE.search(text) else text.lower()


def may_match(rx: re.Pattern[str], low: str | None) -> bool:
    """False only when ``rx`` (a lexicon pattern) certainly has no match in the text
    whose :func:`lowered` form is ``low``."""
    needles = _NEEDLES.get(rx)
    if low is None or needles is None:
        return True
    return any(map(low.__contains__, needles))


def matches(rx: re.Pattern[str], text: str, low: str | None) -> bool:
    return may_match(rx, low) and rx.search(text) is not None


SPEECH_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?:{_SPEECH})\s+(?:reporters\s+|journalister\s+)?"
    rf"(?:(?:on|in|i|på|last)\s+)?$",
    re.IGNORECASE
)
SPEECH_AFTER_RE = re.compile(rf"^[\s,]*(?:{_SPEECH})(?![\w-])", re.IGNORECASE)
CLAUSE_SPLIT_RE = re.compile(r"[,;:()\u2014\u2013\"\u201c\u201d]")
_TOKEN_RE = re.compile(r"([\w.]+)$")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# A sentence end: its punctuation, then the closing quotes of every language's style
# (English ", German/Danish “ and «, French/Spanish », also after a space: "fin. »").
_BOUNDARY_RE = re.compile(r"[.!?]+(?:[\"'\u201d\u2019\u201c\u00bb\u00ab\u203a)]| \u00bb)*(?=\s)|\n")
# What may open the next sentence besides a capital or digit: the opening quotes.
_OPENERS: str = "\"\u201c\u201e\u00ab\u00bb\u2039'("


# ----------------------------------------------------------------------------------------
# Sentences


# Every month name and abbreviation of every language: a day number with a period
# before one is an ordinal date ("dem 15. Oktober", "den 1. december", "24. september"),
# never a sentence end, whatever the language of the text.
_ALL_MONTHS: frozenset[str] = frozenset(
    name for table in (en.TABLES.months, sv.TABLES.months, *(t.months for t in LANGUAGE_TABLES))
    for name in table)
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_]+)")


def _is_ordinal_date(token: str, text: str, end: int) -> bool:
    """Whether the period after ``token`` (ending at ``end``) closes a day ordinal
    followed by a month name: "15." before "Oktober"."""
    if not (token.isdigit() and len(token) <= 2 and 1 <= int(token) <= 31):
        return False
    nxt = _NEXT_WORD_RE.match(text, end)
    return nxt is not None and nxt.group(1).lower() in _ALL_MONTHS


@dataclass(frozen=True)
class Sentence:
    """A sentence and its ``[start, end)`` character offsets in the article text."""

    start: int
    end: int
    text: str
    paragraph: int


MAX_SENTENCE_CHARS: int = 2_000
"""A run of text longer than this with no sentence end is cut at white space: no news
sentence is that long, and every per-sentence step (tense cues, clause regions) would
otherwise grow with the square of a run-on text's length."""


def _bounded(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """``text[start:end]`` as one sentence, or as pieces of at most
    :data:`MAX_SENTENCE_CHARS` cut at white space (trimmed, offsets kept)."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut == -1:
            cut = start + MAX_SENTENCE_CHARS
        piece = text[start:cut].rstrip()
        if piece:
            out.append(Sentence(start, start + len(piece), piece, paragraph))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets (see :func:`_split_sentences`; cached:
    the date finder and the mention extractor both ask for the same text)."""
    return list(_split_sentences(text))


@lru_cache(maxsize=32)
def _split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences with offsets.

    A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes) followed by white
    space and a capital letter, digit or quote, unless the word before the period is a
    known abbreviation or a single letter (``U.S.``); every line break ends one too.
    Leading and trailing white space is trimmed from each sentence; offsets point into
    ``text`` so ``text[s.start:s.end] == s.text``. A run-on longer than
    :data:`MAX_SENTENCE_CHARS` is cut at white space.
    """
    out: list[Sentence] = []
    start = 0
    paragraph = 0
    cut_points: list[tuple[int, bool]] = []
    for match in _BOUNDARY_RE.finditer(text):
        if match.group(0) == "\n":
            cut_points.append((match.start(), True))
            continue
        end = match.end()
        nxt = text[end:end + 3].lstrip()
        if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPENERS):
            continue
        if match.group(0)[0] == ".":
            word = _TOKEN_RE.search(text, max(0, match.start() - 12), match.start())
            token = word.group(1) if word else ""
            if token.lower() in _ABBREVIATIONS or _INITIALS_RE.fullmatch(token):
                continue
            if _is_ordinal_date(token, text, end):
                continue
        cut_points.append((end, False))
    cut_points.append((len(text), True))
    for cut, is_newline in cut_points:
        chunk = text[start:cut]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s0 = start + lead
            out.extend(_bounded(text, s0, s0 + len(stripped), paragraph))
        if is_newline:
            if stripped or (out and not chunk.strip()):
                paragraph += 1
            start = cut + 1
        else:
            start = cut
    return tuple(_attach_reported_speech(text, out))


# A short sentence that only says who said it and when ("Trump said on Wednesday.",
# "Das sagte Trump am Mittwoch.", "Det sagde ministeriet onsdag.", "a déclaré le
# ministère mercredi.") belongs to the sentence before it: its date is that sentence's
# (the statement's) date, and as a sentence of its own it would name no subject.
SHORT_SPEECH_WORDS: int = 10
_SPEECH_WORD_RE = re.compile(rf"(?<![\w-])(?:{_SPEECH})(?![\w-])", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")


_CLAUSE_MARK_RE = re.compile("[,;:\"\u201c\u201d\u201e\u00ab\u00bb]")


def is_short_speech(sentence: str) -> bool:
    """Whether ``sentence`` is a bare speech tag: at most :data:`SHORT_SPEECH_WORDS`
    words, one of them a verb of saying of any language, no clause of its own
    (no comma, colon or quote: "China said so, and the U.S. agreed." says more) and no
    news of its own: a word of any category ("declared China a currency manipulator on
    Monday") makes it a sentence that reports an event, not a tag."""
    return (len(_WORD_RE.findall(sentence)) <= SHORT_SPEECH_WORDS
            and _CLAUSE_MARK_RE.search(sentence) is None
            and _SPEECH_WORD_RE.search(sentence) is not None
            and _ANY_CATEGORY_RE.search(sentence) is None)


def _attach_reported_speech(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` with each short speech tag joined to the sentence before it in
    the same paragraph (offsets kept: the joined sentence spans both)."""
    out: list[Sentence] = []
    for sent in sentences:
        prev = out[-1] if out else None
        if (prev is not None and prev.paragraph == sent.paragraph
                and sent.end - prev.start <= MAX_SENTENCE_CHARS
                and is_short_speech(sent.text)):
            out[-1] = Sentence(prev.start, sent.end, text[prev.start:sent.end], prev.paragraph)
        else:
            out.append(sent)
    return out


# ----------------------------------------------------------------------------------------
# Classification


