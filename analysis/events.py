"""From article text to dated mentions, merged events and analyst overrides.

Pipeline (all rule-based and transparent, no model):

1. :func:`split_sentences` cuts the text into sentences with character offsets
   (abbreviations such as ``U.S.``, ``Mr.``, ``Sept.``, ``Corp.`` do not end a sentence;
   a line break always does).
2. :func:`analyse_article` finds the date expressions (:mod:`analysis.dates`) and turns
   every sentence that reports trade-war news into one or more :class:`RawMention`:
   one per date expression in the sentence, or a single undated one. Each is
   classified from the *clause* around its expression (falling back to the rest of the
   sentence) with the lexicons below: category, direction, status, actor, substance
   keys, and whether the expression dates a *remark* ("said Tuesday", "sa i torsdags")
   rather than the event itself.
3. :func:`resolve_mentions` dates the raw mentions against the article's publication
   date. A mention keeps its own expression's date or stays undated; it is never given
   a date from elsewhere, with two recorded exceptions (column ``date_source``):

   * ``publication``: the article's lead (its first two news sentences) announcing
     something (status scheduled/announced) without a past day of its own reports the
     article's own news, dated to the publication day;
   * ``sequence``: a sentence whose only time cue is "subsequently"/"därefter" follows
     the dated sentence before it in the same paragraph; it takes that date at *month*
     precision at most (never a day), as a documented lower-bound reading.

4. :func:`merge_mentions` groups dated mentions across articles into events: same
   category, same date and precision (see there). Month-level mentions stay
   month-level events. Ids are deterministic from that content:
   ``EV-2019-07-18-talks``, ``EV-2019-06-talks`` (month), ``EV-2019-W31-talks`` (ISO
   week), ``EV-2019-07-20-to-07-21-talks`` (another week-long range).
5. :func:`apply_overrides` applies ``data/external/events_curated.csv`` last.

Lexicon tables are module constants (``CATEGORY_LEXICON`` ...), English and Swedish.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.io import AnalysisError, read_csv_checked

# ----------------------------------------------------------------------------------------
# Lexicons: regular expressions matched case-insensitively on word boundaries.

CATEGORY_LEXICON: dict[str, tuple[str, ...]] = {
    "currency": (
        r"yuan\w*", r"renminbi", r"currenc\w+", r"manipulat\w+", r"exchange rates?",
        r"valuta\w*", r"devalu\w+",
    ),
    "tech": (
        r"huawei", r"zte", r"blacklist\w*", r"entity list", r"technology compan\w+",
        r"tech compan\w+", r"chips?", r"semiconductor\w*", r"licens\w+", r"5g",
        r"teknikförsäljning\w*", r"teknologi\w*", r"telekom\w*", r"svarta listan",
    ),
    "agriculture": (
        r"soybeans?", r"soy", r"agricultur\w+", r"farm\w*", r"crops?", r"pork", r"corn",
        r"wheat", r"jordbruk\w*", r"sojaböno?r?\w*", r"lantbruk\w*", r"grödor",
    ),
    "tariff": (
        r"tariffs?", r"duties", r"levies", r"tull\w*",
    ),
    "talks": (
        r"talks?", r"negotiat\w+", r"meetings?", r"met in", r"trip", r"phone", r"calls?",
        r"telephone", r"delegation", r"summit", r"g-?20", r"group of 20", r"deal",
        r"agreement", r"samtal\w*", r"förhandl\w+", r"träffa\w*", r"möte\w*",
        r"överens", r"avtal\w*", r"toppmöte\w*", r"delegation\w*",
    ),
}
# Ties go to the keyword nearest the date expression, else to this order (the more
# specific subjects first: a sentence on tariffs on soybeans is agricultural news).
CATEGORY_PRIORITY: tuple[str, ...] = ("currency", "tech", "agriculture", "tariff", "talks")

# A sentence is trade-war news when it matches a category keyword or one of these.
TRADE_TERMS: tuple[str, ...] = (r"trade", r"handel\w*", r"tullkrig\w*", r"trade war")

# Lines that are bylines, credits or boilerplate never become mentions.
BOILERPLATE: tuple[str, ...] = (
    r"copyright", r"all rights reserved", r"alla rättigheter", r"^by ", r"write to",
    r"contributed to", r"additional reporting", r"\(end\)", r"for more news", r"©",
)

DIRECTION_LEXICON: dict[str, tuple[str, ...]] = {
    "escalation": (
        r"rais\w+ tariff\w*", r"increas\w+", r"impos\w+", r"retaliat\w+", r"blacklist\w*",
        r"threat\w*", r"ban\w*", r"block\w*", r"halt\w*", r"collaps\w+", r"impasse",
        r"punitive", r"irritant", r"restrict\w+", r"complain\w*", r"escalat\w+",
        r"ratchet\w*", r"cancel\w*", r"frustrat\w+", r"manipulat\w+",
        r"blockerade", r"höjde", r"begränsning\w*", r"skrotade", r"sviker", r"kritik",
        r"anklagade", r"tullhöjning\w*", r"drabbat", r"raserat",
    ),
    "de-escalation": (
        r"good-?will", r"good will", r"resum\w+", r"exemption\w*", r"waiv\w+", r"truce",
        r"optimis\w+", r"hopeful\w*", r"progress", r"delay\w*", r"relief", r"lift\w*",
        r"eas\w+", r"went well", r"very good", r"sincerity", r"purchas\w+", r"buy\w*",
        r"agreed to", r"återuppta\w*", r"villig\w*", r"framsteg", r"köpa", r"importera",
        r"undantag\w*", r"avsluta\w*",
        # Talks resuming in person are the trade-war literature's de-escalation signal.
        r"face-to-face", r"in-person", r"next step", r"groundwork", r"ansikte mot ansikte",
    ),
}

STATUS_LEXICON: dict[str, tuple[str, ...]] = {
    "scheduled": (
        r"will", r"expected to", r"scheduled", r"set for", r"plans? to", r"planned",
        r"could happen", r"may meet", r"to travel", r"is to", r"are to", r"next week",
        r"kommer att", r"ska", r"skulle", r"nästa vecka", r"planera\w*", r"förberedda",
    ),
    "announced": (
        r"announc\w+", r"pledg\w+", r"promis\w+", r"declar\w+", r"unveil\w+",
        r"tillkännag\w+", r"meddelade",
    ),
}

ACTOR_LEXICON: dict[str, tuple[str, ...]] = {
    "US": (
        r"trump", r"u\.s\.", r"us", r"usa", r"united states", r"washington", r"white house",
        r"lighthizer", r"mnuchin", r"kudlow", r"ross", r"perdue", r"ustr", r"american\w*",
        r"amerikansk\w*", r"usa:s", r"gerrish",
    ),
    "China": (
        r"china\w*", r"chinese", r"beijing", r"xi", r"liu he", r"xinhua", r"kina\w*",
        r"kinesisk\w*", r"peking", r"gao feng", r"gao", r"ministeriet", r"handelsministeriet",
        r"liao min",
    ),
}

# Verbs of saying: an expression right next to one dates a remark, not the event.
SPEECH_VERBS: tuple[str, ...] = (
    r"said", r"says", r"say", r"told", r"tells", r"speaking", r"reported", r"revealed",
    r"stated", r"tweeted", r"stressed", r"reiterated", r"added", r"confirmed", r"wrote",
    r"sa", r"sade", r"säger", r"sagt", r"uppgav", r"meddelade", r"bekräftade",
    r"rapporterade", r"avslöjade", r"skrev", r"twittrade",
)

# Substance keys: what an event is about, beyond its category. The *specific* ones name
# one happening (a call, a report, a venue) and are what links mentions across articles
# and to the catalog.
SUBSTANCE_LEXICON: dict[str, tuple[str, ...]] = {
    "phone_call": (r"phone", r"telephone", r"call", r"telefon\w*", r"telefonsamtal\w*"),
    "xinhua": (r"xinhua",),
    "shanghai": (r"shanghai",),
    "in_person": (
        r"face-to-face", r"in-person", r"in person", r"ansikte mot ansikte",
        r"personliga samtal",
    ),
    "g20": (r"g-?20", r"group of 20", r"osaka", r"japan", r"toppmöte\w*"),
    "huawei": (r"huawei",),
    "white_house": (r"white house", r"vita huset"),
    "farm_visit": (r"visit \w+ farm\w*", r"farm visits?", r"besöka \w+ gårdar"),
    "purchases": (r"purchas\w+", r"buy\w*", r"import\w*", r"köp\w*", r"inköp\w*"),
    "exemption": (r"exemption\w*", r"waiv\w+", r"undantag\w*"),
}
SPECIFIC_KEYS: frozenset[str] = frozenset(
    {"phone_call", "xinhua", "shanghai", "in_person", "g20", "huawei", "white_house",
     "farm_visit"}
)

SEQUENCE_WORDS: tuple[str, ...] = (r"subsequently", r"afterwards", r"därefter")

_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "messrs", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov",
        "corp", "inc", "co", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc", "approx", "dept", "prof",
        "u.s", "u.k", "u.n", "a.m", "p.m", "ca", "bl.a", "t.ex",
    }
)
_LEAD_SENTENCES: int = 2

MENTION_COLUMNS: tuple[str, ...] = (
    "article_id", "start", "end", "text", "date", "date_precision", "category",
    "direction", "status", "sentence", "actor", "date_end", "date_source", "remark",
    "substance", "sentence_start", "event_id",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "date", "date_precision", "timing", "category", "direction", "status",
    "articles", "evidence", "catalog_id", "date_end", "n_mentions", "override",
    "description", "substance", "catalog_candidates",
)
OVERRIDE_COLUMNS: tuple[str, ...] = (
    "action", "event_id", "date", "timing", "category", "direction", "note",
)
OVERRIDE_ACTIONS: tuple[str, ...] = ("fix_date", "set_timing", "drop", "add")
EVENT_TIMINGS: tuple[str, ...] = (*config.TIMINGS, "non_trading_day")


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
_BOILER_RE = re.compile("|".join(BOILERPLATE), re.IGNORECASE)
_DIRECTION_RE = {k: _compile(v) for k, v in DIRECTION_LEXICON.items()}
_STATUS_RE = {k: _compile(v) for k, v in STATUS_LEXICON.items()}
_ACTOR_RE = {k: _compile(v) for k, v in ACTOR_LEXICON.items()}
_SUBSTANCE_RE = {k: _compile(v) for k, v in SUBSTANCE_LEXICON.items()}
_SEQUENCE_RE = _compile(SEQUENCE_WORDS)
_SPEECH = "|".join(SPEECH_VERBS)


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
def _lowered(text: str) -> str | None:
    """``text`` lower-cased for the prefilter, or ``None`` where it would not be exact
    (cached: the classifiers look at the same clause several times)."""
    return None if _FOLD_GATE.search(text) else text.lower()


def _may_match(rx: re.Pattern[str], low: str | None) -> bool:
    """False only when ``rx`` (a lexicon pattern) certainly has no match in the text
    whose :func:`_lowered` form is ``low``."""
    needles = _NEEDLES.get(rx)
    if low is None or needles is None:
        return True
    return any(map(low.__contains__, needles))


def _search(rx: re.Pattern[str], text: str, low: str | None) -> bool:
    return _may_match(rx, low) and rx.search(text) is not None


_SPEECH_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?:{_SPEECH})\s+(?:reporters\s+|journalister\s+)?"
    rf"(?:(?:on|in|i|på|last)\s+)?$",
    re.IGNORECASE
)
_SPEECH_AFTER_RE = re.compile(rf"^[\s,]*(?:{_SPEECH})(?![\w-])", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r"[,;:()\u2014\u2013\"\u201c\u201d]")
_TOKEN_RE = re.compile(r"([\w.]+)$")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s)|\n")


# ----------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Sentence:
    """A sentence and its ``[start, end)`` character offsets in the article text."""

    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets.

    A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes) followed by white
    space and a capital letter, digit or quote, unless the word before the period is a
    known abbreviation or a single letter (``U.S.``); every line break ends one too.
    Leading and trailing white space is trimmed from each sentence; offsets point into
    ``text`` so ``text[s.start:s.end] == s.text``.
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
        if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"\u201c'("):
            continue
        if match.group(0)[0] == ".":
            word = _TOKEN_RE.search(text, max(0, match.start() - 12), match.start())
            token = word.group(1) if word else ""
            if token.lower() in _ABBREVIATIONS or _INITIALS_RE.fullmatch(token):
                continue
        cut_points.append((end, False))
    cut_points.append((len(text), True))
    for cut, is_newline in cut_points:
        chunk = text[start:cut]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s0 = start + lead
            out.append(Sentence(s0, s0 + len(stripped), stripped, paragraph))
        if is_newline:
            if stripped or (out and not chunk.strip()):
                paragraph += 1
            start = cut + 1
        else:
            start = cut
    return out


# ----------------------------------------------------------------------------------------
# Classification


def classify_category(text: str, anchor: tuple[int, int] | int | None = None) -> str:
    """Category of ``text`` by keyword counts (``other`` when none match).

    Ties go to the tied category with the keyword nearest the date expression
    (``anchor``: its offsets in ``text``) when that keyword is within
    ``_NEAR_CHARS`` characters of it and strictly nearer than the others' keywords;
    otherwise to :data:`CATEGORY_PRIORITY`.
    """
    low = _lowered(text)
    hits = {k: [(m.start(), m.end()) for m in rx.finditer(text)] if _may_match(rx, low) else []
            for k, rx in _CATEGORY_RE.items()}
    best = max(len(v) for v in hits.values())
    if best == 0:
        return "other"
    tied = [c for c in CATEGORY_PRIORITY if len(hits[c]) == best]
    if len(tied) > 1 and anchor is not None:
        a0, a1 = anchor if isinstance(anchor, tuple) else (anchor, anchor)
        dist = {c: min(max(0, a0 - e, s - a1) for s, e in hits[c]) for c in tied}
        ranked = sorted(tied, key=lambda c: dist[c])
        if dist[ranked[0]] <= _NEAR_CHARS and dist[ranked[0]] < dist[ranked[1]]:
            return ranked[0]
    return tied[0]


_NEAR_CHARS: int = 25


def classify_direction(text: str) -> str:
    """``escalation``, ``de-escalation`` or ``neutral`` by keyword counts (ties neutral)."""
    low = _lowered(text)
    esc_rx, dee_rx = _DIRECTION_RE["escalation"], _DIRECTION_RE["de-escalation"]
    esc = len(esc_rx.findall(text)) if _may_match(esc_rx, low) else 0
    dee = len(dee_rx.findall(text)) if _may_match(dee_rx, low) else 0
    if esc > dee:
        return "escalation"
    if dee > esc:
        return "de-escalation"
    return "neutral"


def classify_status(text: str, expr_direction: str | None = None) -> str:
    """``scheduled`` (future), ``announced`` or ``occurred``.

    A future-directed date expression makes the mention scheduled; otherwise the
    status words of the clause decide, and a past-directed expression rules out
    ``scheduled`` (it can still be ``announced``).
    """
    if expr_direction == "future":
        return "scheduled"
    low = _lowered(text)
    if _search(_STATUS_RE["announced"], text, low):
        return "announced"
    if expr_direction != "past" and _search(_STATUS_RE["scheduled"], text, low):
        return "scheduled"
    return "occurred"


def classify_actor(text: str) -> str:
    """``US``, ``China``, ``both`` or empty, by which side the text names."""
    low = _lowered(text)
    us = _search(_ACTOR_RE["US"], text, low)
    cn = _search(_ACTOR_RE["China"], text, low)
    if us and cn:
        return "both"
    return "US" if us else "China" if cn else ""


def substance_keys(text: str, lang: str = "en") -> frozenset[str]:
    """Substance keys named in ``text`` (see :data:`SUBSTANCE_LEXICON`).

    ``lang`` is accepted for symmetry with the other classifiers: the tables hold both
    languages' words.
    """
    low = _lowered(text)
    return frozenset(k for k, rx in _SUBSTANCE_RE.items() if _search(rx, text, low))


def is_trade_news(text: str) -> bool:
    """Whether a sentence reports trade-war news (and is not boilerplate)."""
    if _BOILER_RE.search(text):
        return False
    low = _lowered(text)
    if _search(_TRADE_RE, text, low):
        return True
    return any(_search(rx, text, low) for rx in _CATEGORY_RE.values())


def _clause_bounds(sentence: str, pos: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding ``[pos, end)``: cut at punctuation."""
    left = 0
    for m in _CLAUSE_SPLIT_RE.finditer(sentence, 0, pos):
        left = m.end()
    m = _CLAUSE_SPLIT_RE.search(sentence, end)
    right = m.start() if m else len(sentence)
    return left, right


# ----------------------------------------------------------------------------------------
# Raw mentions


@dataclass(frozen=True)
class RawMention:
    """A classified mention before dating.

    ``expr`` is the :class:`analysis.dates.DateExpr` dating it (``None`` when the
    sentence has none); offsets are absolute in the article text.
    """

    article_id: str
    sentence: Sentence
    expr: Any
    category: str
    direction: str
    status: str
    actor: str
    keys: frozenset[str]
    remark: bool
    own_news: bool = False
    sequence_of: Any = None


@dataclass
class ArticleAnalysis:
    """Sentences, date expressions, raw mentions and the dateline (a
    :class:`analysis.articles.PublicationDate` or ``None``) of one article."""

    article_id: str
    language: str
    text: str
    sentences: list[Sentence]
    expressions: list[Any]
    mentions: list[RawMention] = field(default_factory=list)
    dateline: Any = None


def _is_remark(sentence: str, rel_start: int, rel_end: int) -> bool:
    before = sentence[max(0, rel_start - 30):rel_start]
    after = sentence[rel_end:rel_end + 30]
    return bool(_SPEECH_BEFORE_RE.search(before) or _SPEECH_AFTER_RE.search(after))


_SUBORDINATOR_RE = re.compile(
    r"(?<![\w-])(?:since|after|before|when|while|following|sedan|efter|innan|när|medan)(?![\w-])",
    re.IGNORECASE,
)


def _cut(sentence: str, a: int, b: int) -> int:
    """Where to part two expressions' regions in ``sentence[a:b]``: before the last
    subordinating word in the gap ("... last week was the second *since* ... June"),
    else at the middle."""
    last = None
    for m in _SUBORDINATOR_RE.finditer(sentence, a, b):
        last = m.start()
    return last if last is not None else (a + b) // 2


def _regions(sentence: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each expression's own region of the sentence: its clause (cut at punctuation),
    split further against other expressions sharing that clause."""
    out = []
    for i, (s0, s1) in enumerate(spans):
        left, right = _clause_bounds(sentence, s0, s1)
        for j, (t0, t1) in enumerate(spans):
            if j == i or not (left <= t0 and t1 <= right):
                continue
            if t1 <= s0:
                left = max(left, _cut(sentence, t1, s0))
            elif t0 >= s1:
                right = min(right, _cut(sentence, s1, t0))
        out.append((left, right))
    return out


def _has_category(text: str) -> bool:
    low = _lowered(text)
    return any(_search(rx, text, low) for rx in _CATEGORY_RE.values())


def _mentions_of_sentence(
    article_id: str, sent: Sentence, inside: Sequence[Any], lang: str
) -> list[RawMention]:
    """One raw mention per distinct date expression of a news sentence."""
    # The same rule twice in a sentence ("på tisdag ... på tisdagen") is one date.
    groups: dict[tuple[object, ...], list[Any]] = {}
    for e in inside:
        groups.setdefault((e.rule, e.direction), []).append(e)
    firsts = [g[0] for g in groups.values()]
    spans = tuple(
        (e.start - sent.start, e.end - sent.start, firsts.index(groups[(e.rule, e.direction)][0]),
         e.direction)
        for e in inside
    )
    labels = _classify_sentence(sent.text, spans, lang)
    return [
        RawMention(
            article_id=article_id, sentence=sent, expr=expr, category=cat, direction=drc,
            status=status, actor=actor, keys=keys, remark=remark,
        )
        for expr, (cat, drc, status, actor, keys, remark) in zip(firsts, labels, strict=True)
    ]


@lru_cache(maxsize=16384)
def _classify_sentence(
    s: str, spans: tuple[tuple[int, int, int, str], ...], lang: str
) -> tuple[tuple[str, str, str, str, frozenset[str], bool], ...]:
    """Labels of each distinct expression of sentence ``s`` (cached: corpora repeat
    sentences). ``spans``: (start, end, group, direction) of every expression."""
    regions = _regions(s, [(a, b) for a, b, _, _ in spans])
    cuts = sorted(regions)
    pieces, pos = [], 0
    for left, right in cuts:
        if left > pos:
            pieces.append(s[pos:left])
        pieces.append(" " * max(0, right - max(left, pos)))
        pos = max(pos, right)
    pieces.append(s[pos:])
    shared = "".join(pieces)
    out = []
    for g in sorted({sp[2] for sp in spans}):
        idx = [i for i, sp in enumerate(spans) if sp[2] == g]
        own = " ... ".join(s[regions[i][0]:regions[i][1]] for i in idx)
        rel0, rel1, _, direction = spans[idx[0]]
        shift = regions[idx[0]][0]
        canchor: tuple[int, int] | None
        if _has_category(own):
            ctext, canchor = own, (rel0 - shift, rel1 - shift)
        elif _has_category(shared):
            ctext, canchor = own + " " + shared, None
        else:
            ctext, canchor = s, (rel0, rel1)
        # Keys come from the expression's own region plus the sentence's shared part
        # before it (its subject: "Xinhua, ..., reported Sunday"), never from another
        # expression's region: "The call last week ... since ... in late June" gives
        # the call to "last week" and not to "late June".
        keys = substance_keys(own + " " + shared[:shift], lang)
        out.append((
            classify_category(ctext, canchor), classify_direction(ctext),
            classify_status(own, direction), classify_actor(ctext), keys,
            _is_remark(s, rel0, rel1),
        ))
    return tuple(out)


@lru_cache(maxsize=16384)
def _sentence_profile(s: str, lang: str) -> tuple[bool, str, str, str, str, frozenset[str]]:
    """(is news, category, direction, status, actor, keys) of a whole sentence."""
    if not is_trade_news(s):
        return (False, "", "", "", "", frozenset())
    return (True, classify_category(s), classify_direction(s), classify_status(s),
            classify_actor(s), substance_keys(s, lang))


def _is_dateline_expr(expr: Any, text: str, dateline: Any) -> bool:
    """An expression that *is* the article's dateline (head or foot, same day)."""
    if dateline is None or dateline.date is None:
        return False
    if not (expr.start < 300 or expr.end > len(text) - 300):
        return False
    res = resolve_expr(expr, None)
    return res is not None and res.start == dateline.date


def analyse_article(
    article_id: str, text: str, lang: str, expressions: Sequence[Any] | None = None
) -> ArticleAnalysis:
    """Sentences, date expressions and classified raw mentions of one article.

    Parameters
    ----------
    article_id, text, lang
        The article (``lang`` an ISO code; anything but ``sv`` uses the English rules).
    expressions
        Date expressions already found in ``text``; found with
        :func:`analysis.dates.find_date_expressions` when omitted. The article's own
        dateline is never a mention.
    """
    from analysis.articles import find_dateline

    if expressions is None:
        from analysis.dates import find_date_expressions

        expressions = find_date_expressions(text, lang if lang in ("en", "sv") else "en")
    dateline = find_dateline(text)
    exprs = sorted(
        (e for e in expressions if not _is_dateline_expr(e, text, dateline)),
        key=lambda e: (e.start, e.end),
    )
    sentences = split_sentences(text)
    analysis = ArticleAnalysis(article_id, lang, text, sentences, list(exprs),
                               dateline=dateline)
    news_seen = 0
    lead_open = True
    prev_dated: dict[int, RawMention] = {}
    j = 0
    for sent in sentences:
        inside = []
        while j < len(exprs) and exprs[j].start < sent.start:
            j += 1
        k = j
        while k < len(exprs) and exprs[k].start < sent.end:
            if exprs[k].end <= sent.end:
                inside.append(exprs[k])
            k += 1
        news, cat, drc, sentence_status, actor, skeys = _sentence_profile(sent.text, lang)
        if not news:
            continue
        news_seen += 1
        made = _mentions_of_sentence(article_id, sent, inside, lang)
        # The lead reports the article's own news unless it dates that news itself with
        # a past (or undirected) day or week: then the rest of the lead elaborates it.
        dated_itself = any(
            getattr(e, "precision", "") in ("day", "week")
            and getattr(e, "direction", "") in ("past", "unknown")
            for e in inside
        )
        if dated_itself:
            lead_open = False
        base = dict(
            article_id=article_id, sentence=sent, expr=None, category=cat, direction=drc,
            status=sentence_status, actor=actor, keys=skeys, remark=False,
        )
        if lead_open and news_seen <= _LEAD_SENTENCES and sentence_status != "occurred":
            made.append(RawMention(**base, own_news=True))
        elif not inside:
            prev = prev_dated.get(sent.paragraph)
            if prev is not None and _SEQUENCE_RE.search(sent.text):
                made.append(RawMention(**base, sequence_of=prev))
            else:
                made.append(RawMention(**base))
        analysis.mentions.extend(made)
        dated = [m for m in made if m.expr is not None]
        if dated:
            prev_dated[sent.paragraph] = dated[-1]
    return analysis


# ----------------------------------------------------------------------------------------
# Dating


def _iso(day: dt.date) -> str:
    return day.isoformat()


def date_label(start: dt.date, end: dt.date, precision: str) -> str:
    """How a date range is written: a day, ``YYYY-MM``, a week's first day, ``YYYY``."""
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if precision == "year":
        return f"{start.year:04d}"
    return _iso(start)


def _month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    return first, day.replace(day=calendar.monthrange(day.year, day.month)[1])


def resolve_expr(expr: Any, base: dt.date | None) -> Any:
    """Resolve one expression against ``base`` with :func:`analysis.dates.resolve`.

    With ``base=None`` only expressions carrying their year resolve; relative and
    yearless dates stay unresolved rather than guessed. Results are cached on the
    expression's (hashable) rule and direction.
    """
    return _resolve_cached(expr.rule, expr.direction, expr.kind, expr.precision, base)


@lru_cache(maxsize=65536)
def _resolve_cached(rule: tuple[object, ...], direction: str, kind: str, precision: str,
                    base: dt.date | None) -> Any:
    from analysis.dates import DateExpr, resolve

    return resolve(DateExpr(0, 0, "", kind, precision, direction, rule), base)


def resolve_mentions(
    analysis: ArticleAnalysis,
    base: dt.date | None,
    published_precision: str = "day",
) -> pd.DataFrame:
    """Date an article's raw mentions: :func:`mention_records` as a DataFrame."""
    return pd.DataFrame(mention_records(analysis, base, published_precision),
                        columns=list(MENTION_COLUMNS))


def mention_records(
    analysis: ArticleAnalysis,
    base: dt.date | None,
    published_precision: str = "day",
) -> list[dict[str, Any]]:
    """Date an article's raw mentions against its publication date.

    Parameters
    ----------
    analysis
        From :func:`analyse_article`.
    base
        The publication date (the chosen day for an inferred one), or ``None``.
    published_precision
        Own-news mentions get the publication date only when it is day-precise.

    Returns
    -------
    list of dict
        One record per mention with the keys ``MENTION_COLUMNS`` (``event_id`` empty),
        in text order.
    """
    rows = []
    resolved_of: dict[int, Any] = {}
    for m in analysis.mentions:
        row: dict[str, Any] = {
            "article_id": m.article_id,
            "start": "",
            "end": "",
            "text": "",
            "date": "",
            "date_precision": "",
            "category": m.category,
            "direction": m.direction,
            "status": m.status,
            "sentence": m.sentence.text,
            "actor": m.actor,
            "date_end": "",
            "date_source": "",
            "remark": m.remark,
            "substance": " ".join(sorted(m.keys)),
            "sentence_start": m.sentence.start,
            "event_id": "",
        }
        if m.expr is not None:
            row.update(start=m.expr.start, end=m.expr.end, text=m.expr.text)
            res = resolve_expr(m.expr, base)
            resolved_of[id(m)] = res
            if res is not None:
                row.update(
                    date=date_label(res.start, res.end, res.precision),
                    date_end=_iso(res.end),
                    date_precision=res.precision,
                    date_source="expression",
                )
        elif m.own_news and base is not None and published_precision == "day":
            row.update(
                date=_iso(base), date_end=_iso(base), date_precision="day",
                date_source="publication",
            )
        elif m.sequence_of is not None:
            res = resolved_of.get(id(m.sequence_of))
            if res is not None and res.precision in ("day", "week", "month"):
                first, last = _month_range(res.start)
                row.update(
                    date=date_label(first, last, "month"), date_end=_iso(last),
                    date_precision="month", date_source="sequence",
                )
        rows.append(row)
    return rows


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame(columns=list(MENTION_COLUMNS))


# ----------------------------------------------------------------------------------------
# Merging


def _week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _event_base_id(date: str, date_end: str, precision: str, category: str) -> str:
    """``EV-<date>-<category>``: a day, ``YYYY-MM``, ``YYYY``, an ISO week
    (``2019-W31``) for a Monday-Sunday week, else ``<start>-to-<MM-DD end>``."""
    if precision == "week":
        start, end = dt.date.fromisoformat(date), dt.date.fromisoformat(date_end)
        if start.weekday() == 0 and (end - start).days == 6:
            label = _week_label(start)
        else:
            label = f"{date}-to-{date_end[5:]}"
    elif precision in ("day", "month", "year"):
        label = date
    else:
        label = f"{date}-to-{date_end}"
    return f"EV-{label}-{category}"


def _vote(values: Sequence[str], order: Sequence[str], default: str) -> str:
    counts = {v: values.count(v) for v in order}
    best = max(counts.values()) if counts else 0
    if best == 0:
        return default
    top = [v for v in order if counts[v] == best]
    return top[0] if len(top) == 1 else default


def merge_mentions(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge dated mentions across articles into events.

    Mentions fall in one event when they share category, date (the day, the ISO week or
    other week range, the month or the year) and precision: on the seeds one category
    on one day is one piece of news, and it is the unit the event study uses. The
    union of the mentions' substance keys is kept in ``substance``. A month-level
    mention ("late June", "in June") never joins a day event: it stays month-level.

    Returns
    -------
    events : pandas.DataFrame
        ``EVENT_COLUMNS``, sorted by date then id; ``timing`` ``unknown``, no catalog link
        yet.
    mentions : pandas.DataFrame
        The input with ``event_id`` filled for dated mentions.
    """
    mentions = mentions.copy()
    dated = mentions[mentions["date"].astype(str) != ""]
    events = []
    event_of: dict[int, str] = {}
    frame = dated.reset_index()
    # Column lists zipped into dicts: ``to_dict("records")`` boxes every cell one by one,
    # which on a large corpus costs more than the grouping itself. ``tolist`` gives the
    # same Python values.
    columns = list(frame.columns)
    records = [dict(zip(columns, row, strict=True))
               for row in zip(*(frame[c].tolist() for c in columns), strict=True)]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in records:
        key = (str(r["date"]), str(r["date_precision"]), str(r["category"]))
        groups.setdefault(key, []).append(r)
    used: set[str] = set()
    for (date, precision, category), cluster in sorted(groups.items()):
        date_end = max(str(r["date_end"]) for r in cluster)
        event_id = _event_base_id(date, date_end, precision, category)
        n = 2
        while event_id in used:  # never expected; keeps ids unique whatever happens
            event_id = f"{_event_base_id(date, date_end, precision, category)}-{n}"
            n += 1
        used.add(event_id)
        keys = sorted({k for r in cluster for k in str(r["substance"]).split()})
        cluster.sort(key=lambda r: (r["article_id"], int(r["sentence_start"]),
                                    str(r["start"])))
        statuses = [r["status"] for r in cluster]
        status = ("occurred" if "occurred" in statuses
                  else "announced" if "announced" in statuses else "scheduled")
        evidence = " | ".join(
            f"{r['article_id']}@{r['start'] if r['start'] != '' else r['sentence_start']}"
            f" [{r['date_source']}] {r['text'] or r['sentence'][:60]!s}"
            for r in cluster
        )
        first = cluster[0]["sentence"]
        events.append(
            {
                "event_id": event_id,
                "date": date,
                "date_precision": precision,
                "timing": "unknown",
                "category": category,
                "direction": _vote([r["direction"] for r in cluster],
                                   config.DIRECTIONS, "neutral"),
                "status": status,
                "articles": ";".join(sorted({r["article_id"] for r in cluster})),
                "evidence": evidence,
                "catalog_id": "",
                "date_end": date_end,
                "n_mentions": len(cluster),
                "override": "",
                "description": first if len(first) <= 160 else first[:157] + "...",
                "substance": " ".join(keys),
                "catalog_candidates": "",
            }
        )
        for r in cluster:
            event_of[r["index"]] = event_id
    mentions["event_id"] = [event_of.get(i, "") for i in mentions.index]
    out = pd.DataFrame(events, columns=list(EVENT_COLUMNS))
    return sort_events(out), mentions


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Stable row order: date, then id."""
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------
# Overrides


def _valid_date(value: str) -> str | None:
    """``YYYY-MM-DD`` -> day, ``YYYY-MM`` -> month, else ``None``."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return "day"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
            return "month"
    except ValueError:
        return None
    return None


def load_events(path: Path | str = config.EVENTS_CSV) -> pd.DataFrame:
    """Read an events table for the event study or the regressions (strings, ``""`` empty).

    Accepts the extracted catalog (``events.csv``) or the curated one, whose
    ``catalog_id`` stands in for a missing ``event_id``.

    Raises
    ------
    AnalysisError
        On a missing ``event_id``/``date`` column, no rows, an empty or a duplicated id.
    """
    path = Path(path)
    frame = read_csv_checked(path, dtype=str, keep_default_na=False)
    if "event_id" not in frame.columns and "catalog_id" in frame.columns:
        frame = frame.rename(columns={"catalog_id": "event_id"})
    missing = [c for c in ("event_id", "date") if c not in frame.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise AnalysisError(f"{path}: no events")
    if (frame["event_id"].str.strip() == "").any():
        raise AnalysisError(f"{path}: empty event_id")
    dup = frame["event_id"][frame["event_id"].duplicated()]
    if len(dup):
        raise AnalysisError(f"{path}: duplicated event_id {dup.iloc[0]}")
    return frame


def load_overrides(path: Path | str = config.OVERRIDES_CSV) -> pd.DataFrame:
    """Read and validate the analyst overrides file.

    A missing file means no overrides. Every row is checked: a known ``action``; an
    ``event_id``; a valid ``date`` for ``fix_date``/``add``; a known ``timing`` for
    ``set_timing``; ``category``/``direction`` from the project vocabularies for
    ``add``.

    Raises
    ------
    AnalysisError
        Naming the file and the line (header = line 1) of the first bad row.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    df = read_csv_checked(path, required=("action", "event_id"), dtype=str,
                          keep_default_na=False)
    for col in OVERRIDE_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    for line, rec in enumerate(df.to_dict("records"), start=2):
        where = f"{path} line {line}"
        action = rec["action"].strip()
        if action not in OVERRIDE_ACTIONS:
            raise AnalysisError(
                f"{where}: action {action!r} not one of {', '.join(OVERRIDE_ACTIONS)}"
            )
        if not rec["event_id"].strip():
            raise AnalysisError(f"{where}: empty event_id")
        if action in ("fix_date", "add") and _valid_date(rec["date"].strip()) is None:
            raise AnalysisError(f"{where}: date {rec['date']!r} is not YYYY-MM-DD or YYYY-MM")
        if action == "set_timing" and rec["timing"].strip() not in EVENT_TIMINGS:
            raise AnalysisError(
                f"{where}: timing {rec['timing']!r} not one of {', '.join(EVENT_TIMINGS)}"
            )
        if rec["timing"].strip() and rec["timing"].strip() not in EVENT_TIMINGS:
            raise AnalysisError(f"{where}: timing {rec['timing']!r} not known")
        if action == "add" and rec["category"].strip() not in config.CATEGORIES:
            raise AnalysisError(f"{where}: category {rec['category']!r} not known")
        if rec["category"].strip() and rec["category"].strip() not in config.CATEGORIES:
            raise AnalysisError(f"{where}: category {rec['category']!r} not known")
        if rec["direction"].strip() and rec["direction"].strip() not in config.DIRECTIONS:
            raise AnalysisError(f"{where}: direction {rec['direction']!r} not known")
    return df[list(OVERRIDE_COLUMNS)].map(str.strip).reset_index(drop=True)


def apply_overrides(
    events: pd.DataFrame, overrides: pd.DataFrame, source: str = "overrides"
) -> tuple[pd.DataFrame, list[str]]:
    """Apply analyst overrides in file order; record each in the ``override`` column.

    ``fix_date`` sets the date (precision from its form) and keeps the id;
    ``set_timing`` sets the timing; ``drop`` removes the event; ``add`` appends an
    analyst event (``articles`` empty, ``evidence`` ``analyst``). An override naming an
    event that is not there (another article set) is skipped and reported, naming
    ``source`` (the file) and the line.

    Returns
    -------
    events : pandas.DataFrame
        Sorted like :func:`merge_mentions`' output.
    notes : list of str
        One line per skipped override.
    """
    rows = {r["event_id"]: dict(r) for r in events.to_dict("records")}
    order = list(rows)
    notes: list[str] = []

    def record(ev: dict[str, Any], text: str) -> None:
        ev["override"] = f"{ev['override']}; {text}" if ev["override"] else text

    for line, o in enumerate(overrides.to_dict("records"), start=2):
        eid, action = o["event_id"], o["action"]
        tag = f"{action}" + (f" ({o['note']})" if o["note"] else "")
        if action == "add":
            if eid in rows:
                notes.append(f"{source} line {line}: add {eid}: event already exists, skipped")
                continue
            precision = _valid_date(o["date"]) or "day"
            start = dt.date.fromisoformat(o["date"] if precision == "day" else o["date"] + "-01")
            end = start if precision == "day" else _month_range(start)[1]
            rows[eid] = {
                "event_id": eid, "date": o["date"], "date_precision": precision,
                "timing": o["timing"] or "unknown", "category": o["category"],
                "direction": o["direction"] or "neutral", "status": "occurred",
                "articles": "", "evidence": "analyst", "catalog_id": "",
                "date_end": _iso(end), "n_mentions": 0, "override": tag,
                "description": o["note"], "substance": "", "catalog_candidates": "",
            }
            order.append(eid)
            continue
        if eid not in rows:
            notes.append(f"{source} line {line}: {action} {eid}: no such event, skipped")
            continue
        ev = rows[eid]
        if action == "drop":
            del rows[eid]
            order.remove(eid)
        elif action == "fix_date":
            precision = _valid_date(o["date"]) or "day"
            start = dt.date.fromisoformat(o["date"] if precision == "day" else o["date"] + "-01")
            end = start if precision == "day" else _month_range(start)[1]
            ev.update(date=o["date"], date_precision=precision, date_end=_iso(end))
            if o["timing"]:
                ev["timing"] = o["timing"]
            record(ev, tag)
        elif action == "set_timing":
            ev["timing"] = o["timing"]
            record(ev, tag)
    out = pd.DataFrame([rows[e] for e in order], columns=list(EVENT_COLUMNS))
    return sort_events(out), notes
