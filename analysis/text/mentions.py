"""From article text to dated mentions.

Pipeline (all rule-based and transparent, no model):

1. :func:`split_sentences` cuts the text into sentences with character offsets
   (abbreviations such as ``U.S.``, ``Mr.``, ``Sept.``, ``Corp.`` do not end a sentence;
   a line break always does).
2. :func:`analyse_article` finds the date expressions (:mod:`analysis.text.dates.resolve`) and turns
   every sentence that reports trade-war news into one or more :class:`RawMention`:
   one per date expression in the sentence, or a single undated one. Each is
   classified from the *clause* around its expression (falling back to the rest of the
   sentence) with the lexicons below: category, direction, status, actor, substance
   keys, and whether the expression dates a *remark* ("said Tuesday", "sa i torsdags")
   rather than the event itself.
3. :func:`resolve_mentions` dates the raw mentions against the article's publication
   date. A mention keeps its own expression's date or stays undated; it is never given
   a date from elsewhere, with three recorded exceptions (column ``date_source``):

   * ``publication``: the article's lead (its first two news sentences) announcing
     something (status scheduled/announced), or reporting it in the present perfect or
     with a bare time of day ("has imposed", "took effect at midnight"), without a past
     day of its own reports the article's own news, dated to the publication day;
   * ``sequence``: a sentence whose only time cue is "subsequently"/"därefter" follows
     the dated sentence before it in the same paragraph; it takes that date at *month*
     precision at most (never a day), as a documented lower-bound reading;
   * ``follow_on``: an undated news sentence of another category right after a sentence
     dated to a past day, in the same paragraph, neither looking ahead nor back (the
     pluperfect), takes that day: the same day's second event ("The U.S. raised
     tariffs on Monday. China halted its soybean purchases.").

Merging mentions into events lives in :mod:`analysis.events.merge`.

May import: ``analysis.text.lexicon``, ``analysis.text.dates.resolve``, ``analysis.text.articles``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.text.dates.resolve import DateExpr, find_date_expressions, resolve
from analysis.text.direction import event_classes, predicate_direction
from analysis.text.lexicon import (
    ACTOR_RE,
    BOILER_RE,
    CATEGORY_PRIORITY,
    CLAUSE_SPLIT_RE,
    LEAD_SENTENCES,
    PERFECT_AUXILIARIES,
    PLUPERFECT_AUXILIARIES,
    SEQUENCE_RE,
    SPEECH_AFTER_RE,
    SPEECH_BEFORE_RE,
    STATUS_RE,
    TIME_OF_DAY,
    Sentence,
    lexicon_of,
    lowered,
    matches,
    may_match,
    split_sentences,
)
from analysis.text.pubdates.stamps import find_dateline, find_yearless_dateline

MENTION_COLUMNS: tuple[str, ...] = (
    "article_id", "start", "end", "text", "date", "date_precision", "category",
    "direction", "status", "sentence", "actor", "date_end", "date_source", "remark",
    "substance", "sentence_start", "event_id",
)


def classify_category(text: str, anchor: tuple[int, int] | int | None = None,
                      lang: str = "en") -> str:
    """Category of ``text`` by keyword counts (``other`` when none match).

    Ties go to the tied category with the keyword nearest the date expression
    (``anchor``: its offsets in ``text``) when that keyword is within
    ``_NEAR_CHARS`` characters of it and strictly nearer than the others' keywords;
    otherwise to :data:`CATEGORY_PRIORITY`.
    """
    low = lowered(text)
    hits = {k: [(m.start(), m.end()) for m in rx.finditer(text)] if may_match(rx, low) else []
            for k, rx in lexicon_of(lang).category.items()}
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


def classify_direction(text: str, lang: str = "en") -> str:
    """``escalation``, ``de-escalation`` or ``neutral`` by keyword counts (ties neutral)."""
    low = lowered(text)
    table = lexicon_of(lang).direction
    esc_rx, dee_rx = table["escalation"], table["de-escalation"]
    esc = len(esc_rx.findall(text)) if may_match(esc_rx, low) else 0
    dee = len(dee_rx.findall(text)) if may_match(dee_rx, low) else 0
    if esc > dee:
        return "escalation"
    if dee > esc:
        return "de-escalation"
    return "neutral"


def direction_of(text: str, lang: str = "en") -> str:
    """Direction by predicate and object (:func:`analysis.text.direction.predicate_direction`),
    else by word counts (:func:`classify_direction`)."""
    return predicate_direction(text, lang) or classify_direction(text, lang)


def classify_status(text: str, expr_direction: str | None = None) -> str:
    """``scheduled`` (future), ``announced`` or ``occurred``.

    A future-directed date expression makes the mention scheduled; otherwise the
    status words of the clause decide, and a past-directed expression rules out
    ``scheduled`` (it can still be ``announced``).
    """
    if expr_direction == "future":
        return "scheduled"
    low = lowered(text)
    if matches(STATUS_RE["announced"], text, low):
        return "announced"
    if expr_direction != "past" and matches(STATUS_RE["scheduled"], text, low):
        return "scheduled"
    return "occurred"


def classify_actor(text: str) -> str:
    """``US``, ``China``, ``both`` or empty, by which side the text names."""
    low = lowered(text)
    us = matches(ACTOR_RE["US"], text, low)
    cn = matches(ACTOR_RE["China"], text, low)
    if us and cn:
        return "both"
    return "US" if us else "China" if cn else ""


def substance_keys(text: str, lang: str = "en") -> frozenset[str]:
    """Substance keys named in ``text`` (see :data:`SUBSTANCE_LEXICON`).

    English and Swedish share one table; other languages add their words to it.
    """
    low = lowered(text)
    return frozenset(k for k, rx in lexicon_of(lang).substance.items()
                     if matches(rx, text, low))


def is_trade_news(text: str, lang: str = "en") -> bool:
    """Whether a sentence reports trade-war news (and is not boilerplate)."""
    if BOILER_RE.search(text):
        return False
    low = lowered(text)
    lexicon = lexicon_of(lang)
    if matches(lexicon.trade, text, low):
        return True
    return any(matches(rx, text, low) for rx in lexicon.category.values())


def _clause_bounds(sentence: str, pos: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding ``[pos, end)``: cut at punctuation."""
    left = 0
    for m in CLAUSE_SPLIT_RE.finditer(sentence, 0, pos):
        left = m.end()
    m = CLAUSE_SPLIT_RE.search(sentence, end)
    right = m.start() if m else len(sentence)
    return left, right


# ----------------------------------------------------------------------------------------
# Raw mentions


@dataclass(frozen=True)
class RawMention:
    """A classified mention before dating.

    ``expr`` is the :class:`analysis.text.dates.resolve.DateExpr` dating it (``None`` when the
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
    follows: Any = None


@dataclass
class ArticleAnalysis:
    """Sentences, date expressions, raw mentions and the dateline (a
    :class:`analysis.text.pubdates.stamps.PublicationDate` or ``None``) of one article; a
    dateline printed without its year is ``yearless_dateline``
    (:class:`analysis.text.pubdates.stamps.YearlessDateline`), its year left to the content."""

    article_id: str
    language: str
    text: str
    sentences: list[Sentence]
    expressions: list[Any]
    mentions: list[RawMention] = field(default_factory=list)
    dateline: Any = None
    yearless_dateline: Any = None


def _is_remark(sentence: str, rel_start: int, rel_end: int) -> bool:
    before = sentence[max(0, rel_start - 30):rel_start]
    after = sentence[rel_end:rel_end + 30]
    return bool(SPEECH_BEFORE_RE.search(before) or SPEECH_AFTER_RE.search(after))


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


def _has_category(text: str, lang: str = "en") -> bool:
    low = lowered(text)
    return any(matches(rx, text, low) for rx in lexicon_of(lang).category.values())


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
        for expr, (events, status, actor, keys, remark) in zip(firsts, labels, strict=True)
        for cat, drc in events
    ]


def _events_of(text: str, anchor: tuple[int, int] | None, lang: str,
               wider: tuple[str, ...] = (), several: bool = True,
               ) -> tuple[tuple[str, str], ...]:
    """(category, direction) of every event ``text`` reports: the keyword category first
    (its direction from its own predicate-object pair when there is one, else from the
    first of the ``wider`` texts, its clause and sentence, that has one), then each
    other category the text reports an act on ("talks Saturday in which Washington
    agreed to hold off on new tariffs" is talks *and* tariff) when ``several``."""
    category = classify_category(text, anchor, lang)
    acts = dict(event_classes(text, lang))
    category = _act_category(category, acts, text, lang)
    direction = acts.pop(category, None) or predicate_direction(text, lang)
    for other in wider:
        if direction is not None:
            break
        direction = dict(event_classes(other, lang)).get(category)
    first = (category, direction or classify_direction(text, lang))
    if category == "other" or not several:
        return (first,)
    # Tariffs on farm goods and farm-goods exemptions are one event seen from two sides
    # (the corpus convention): never a second event of the sibling category.
    siblings = _SIBLINGS.get(category, ())
    return (first, *sorted((c, d) for c, d in acts.items() if c not in siblings))


_SIBLINGS: dict[str, tuple[str, ...]] = {"tariff": ("agriculture",),
                                         "agriculture": ("tariff",)}


def _act_category(category: str, acts: dict[str, str], text: str, lang: str) -> str:
    """The category of what the text's act is done to. Farm goods named beside a
    tariff are the goods the tariff covers ("tariffs on 106 products, soybeans among
    them" is tariff news); the text is agricultural news only when something is done
    to the purchases themselves (bought, halted, pledged, a farm visit cancelled)."""
    if category != "agriculture" or "agriculture" in acts:
        return category
    if "tariff" in acts or matches(lexicon_of(lang).category["tariff"], text, lowered(text)):
        return "tariff"
    return category


@lru_cache(maxsize=16384)
def _classify_sentence(
    s: str, spans: tuple[tuple[int, int, int, str], ...], lang: str
) -> tuple[tuple[tuple[tuple[str, str], ...], str, str, frozenset[str], bool], ...]:
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
        if _has_category(own, lang):
            ctext, canchor = own, (rel0 - shift, rel1 - shift)
        elif _has_category(shared, lang):
            ctext, canchor = own + " " + shared, None
        else:
            ctext, canchor = s, (rel0, rel1)
        # Keys come from the expression's own region plus the sentence's shared part
        # before it (its subject: "Xinhua, ..., reported Sunday"), never from another
        # expression's region: "The call last week ... since ... in late June" gives
        # the call to "last week" and not to "late June".
        keys = substance_keys(own + " " + shared[:shift], lang)
        c0, c1 = _clause_bounds(s, rel0, rel1)
        remark = _is_remark(s, rel0, rel1)
        # The acts of the expression's own words are all its events; so are those of a
        # report it dates ("X and Y happened, officials said on Sunday"). An expression
        # in a clause of its own ("..., which he began imposing on Sept 1") dates that
        # clause's act only, not the rest of the sentence.
        out.append((
            _events_of(ctext, canchor, lang, (s[c0:c1], s), ctext == own or remark),
            classify_status(own, direction), classify_actor(ctext), keys, remark,
        ))
    return tuple(out)


@lru_cache(maxsize=16384)
def _sentence_profile(s: str, lang: str) -> tuple[bool, str, str, str, str, frozenset[str]]:
    """(is news, category, direction, status, actor, keys) of a whole sentence."""
    if not is_trade_news(s, lang):
        return (False, "", "", "", "", frozenset())
    category = _act_category(classify_category(s, None, lang), dict(event_classes(s, lang)),
                             s, lang)
    return (True, category, direction_of(s, lang),
            classify_status(s),
            classify_actor(s), substance_keys(s, lang))


_WIRE_DATELINE_AFTER = re.compile(r"\s*\([A-Za-z. ]{2,25}\)\s*(?:-|–|—|:)")


def _is_dateline_expr(expr: Any, text: str, dateline: Any) -> bool:
    """An expression that *is* the article's dateline (head or foot, same day)."""
    if expr.start < 300 and _WIRE_DATELINE_AFTER.match(text, expr.end):
        return True  # "WASHINGTON, May 15 (Reuters) -": the wire's dateline, not news
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
        :func:`analysis.text.dates.resolve.find_date_expressions` when omitted. The article's own
        dateline is never a mention.
    """
    exprs, dateline, yearless = _article_expressions(text, lang, expressions)
    sentences = split_sentences(text)
    analysis = ArticleAnalysis(article_id, lang, text, sentences, list(exprs),
                               dateline=dateline, yearless_dateline=yearless)
    news_seen = 0
    lead_open = True
    dates_days = any(getattr(e, "precision", "") == "day" for e in exprs)
    prev_dated: dict[int, RawMention] = {}
    just_dated: list[RawMention] = []
    previous: tuple[Sentence, str, str, str, frozenset[str]] | None = None
    j = 0
    for sent in sentences:
        inside, j = _inside(exprs, j, sent)
        news, cat, drc, sentence_status, actor, skeys = _sentence_profile(sent.text, lang)
        if not news:
            analysis.mentions.extend(_follow_on(article_id, sent, inside, previous))
            previous = None
            just_dated = []
            continue
        news_seen += 1
        made = _mentions_of_sentence(article_id, sent, inside, lang)
        if _dates_itself(inside):
            lead_open = False
        base = dict(
            article_id=article_id, sentence=sent, expr=None, category=cat, direction=drc,
            status=sentence_status, actor=actor, keys=skeys, remark=False,
        )
        if lead_open and news_seen <= LEAD_SENTENCES and _is_own_news(
                sent, sentence_status, dates_days, lang):
            made.append(RawMention(**base, own_news=True))
        elif not inside:
            prev = prev_dated.get(sent.paragraph)
            if prev is not None and SEQUENCE_RE.search(sent.text):
                made.append(RawMention(**base, sequence_of=prev))
            else:
                made.append(RawMention(**base, follows=_followed(just_dated, sent, cat,
                                                                 sentence_status, lang)))
        analysis.mentions.extend(made)
        dated = [m for m in made if m.expr is not None]
        just_dated = dated
        if dated:
            prev_dated[sent.paragraph] = dated[-1]
        previous = (sent, cat, drc, actor, skeys) if cat != "other" else None
    return analysis


def _followed(just_dated: Sequence[RawMention], sent: Sentence, category: str,
              status: str, lang: str) -> RawMention | None:
    """The dated mention an undated news sentence continues: the last day-dated mention
    of the sentence right before it in the same paragraph, when it is of another
    category ("The U.S. raised tariffs on Friday. China halted its soybean purchases."
    is the same day's second event). Only a day that lies behind, for a sentence that
    does not look ahead (a plan mentioned after an effective date is not that date's
    event) nor back past it (the pluperfect: "had threatened")."""
    cands = [m for m in just_dated
             if m.sentence.paragraph == sent.paragraph and m.category != category
             and getattr(m.expr, "precision", "") == "day"
             and getattr(m.expr, "direction", "") != "future"]
    if not cands or category == "other" or status == "scheduled":
        return None
    aux = PLUPERFECT_AUXILIARIES.get(lang, PLUPERFECT_AUXILIARIES["en"])
    if any(w.lower() in aux for w in _AUX_TOKEN_RE.findall(sent.text)):
        return None
    return cands[-1]


def _article_expressions(text: str, lang: str, expressions: Sequence[Any] | None
                         ) -> tuple[list[Any], Any, Any]:
    """The article's date expressions in text order without its own dateline (nor the
    day of a year-less dateline), with the dateline and the year-less dateline."""
    if expressions is None:
        expressions = find_date_expressions(text, lang)
    dateline = find_dateline(text)
    exprs = sorted(
        (e for e in expressions if not _is_dateline_expr(e, text, dateline)),
        key=lambda e: (e.start, e.end),
    )
    yearless = find_yearless_dateline(text) if dateline is None else None
    if yearless is not None:
        # the dateline's own day is not news
        exprs = [e for e in exprs if not (e.start < 300 and e.rule[0] == "date"
                                          and e.rule[1] is None
                                          and e.rule[2:4] == (yearless.month, yearless.day))]
    return exprs, dateline, yearless


def _inside(exprs: Sequence[Any], j: int, sent: Sentence) -> tuple[list[Any], int]:
    """The expressions wholly inside ``sent``, and the index to resume from (sentences
    and expressions both come in text order)."""
    inside = []
    while j < len(exprs) and exprs[j].start < sent.start:
        j += 1
    k = j
    while k < len(exprs) and exprs[k].start < sent.end:
        if exprs[k].end <= sent.end:
            inside.append(exprs[k])
        k += 1
    return inside, j


def _dates_itself(inside: Sequence[Any]) -> bool:
    """The lead reports the article's own news unless it dates that news itself with a
    past (or undirected) day or week: then the rest of the lead elaborates it."""
    return any(
        getattr(e, "precision", "") in ("day", "week")
        and getattr(e, "direction", "") in ("past", "unknown")
        for e in inside
    )


def _is_own_news(sent: Sentence, status: str, dates_days: bool, lang: str = "en") -> bool:
    """Whether an open lead sentence is the day's news.

    An occurred lead is the day's news only in a text that dates nothing to the day
    itself ("Since 6 a.m. the duties are in force"): otherwise a lead in the past tense
    usually recaps an older event the text dates further on. A lead that names a bare
    time of day ("took effect at midnight", "la pasada medianoche") is the day's news
    whatever else the text dates: a time of day without a day is the document's own day
    (TimeML's document-date default). So is a lead in the present perfect ("has
    imposed tariffs on ...", "hat Zölle verhängt"): the perfect reports what is new
    today, a past tense what happened on a day the text names.
    """
    return (status != "occurred" or not dates_days or bool(_TIME_OF_DAY_RE.search(sent.text))
            or _in_perfect(sent.text, lang))


_LEAD_WORDS: int = 12
_AUX_TOKEN_RE = re.compile(r"\w+")


def _in_perfect(text: str, lang: str) -> bool:
    """Whether the main clause of ``text`` (its first :data:`_LEAD_WORDS` words) is in
    the present perfect: one of the language's perfect auxiliaries among them."""
    aux = PERFECT_AUXILIARIES.get(lang, PERFECT_AUXILIARIES["en"])
    words = [w.lower() for w in _AUX_TOKEN_RE.findall(text)[:_LEAD_WORDS]]
    return any(w in aux for w in words)


_TIME_OF_DAY_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(TIME_OF_DAY, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def _follow_on(article_id: str, sent: Sentence, inside: Sequence[Any],
               previous: tuple[Sentence, str, str, str, frozenset[str]] | None,
               ) -> list[RawMention]:
    """Mentions of a sentence that names no trade subject but dates one: the follow-on
    of the news sentence right before it in the same paragraph ("The US raised tariffs
    on $200 billion of goods. They took effect at midnight on Monday.", "..., sagte
    Trump am Mittwoch."), which continues that sentence's event (discourse continuity:
    the subject is carried over, not repeated). Only day-precise expressions count;
    the category, actor and keys are the previous sentence's, the direction and status
    the sentence's own when it has them."""
    if previous is None or not inside:
        return []
    prev, cat, drc, actor, keys = previous
    if prev.paragraph != sent.paragraph and not _continues(prev, sent):
        return []
    out = []
    seen: set[tuple[object, ...]] = set()
    lang_drc = drc
    for e in inside:
        if getattr(e, "precision", "") != "day" or (e.rule, e.direction) in seen:
            continue
        seen.add((e.rule, e.direction))
        rel0, rel1 = e.start - sent.start, e.end - sent.start
        out.append(RawMention(
            article_id=article_id, sentence=sent, expr=e, category=cat,
            direction=lang_drc, status=classify_status(sent.text, e.direction),
            actor=actor, keys=keys, remark=_is_remark(sent.text, rel0, rel1),
        ))
    return out


_NAME_RE = re.compile(r"(?<![\w-])[^\W\d_][^\W\d_]*[a-zà-ÿ][^\W\d_]*(?![\w-])")


def _names(text: str, skip_first: bool) -> set[str]:
    """Capitalised words of ``text`` (names, not acronyms), without its first word when
    ``skip_first`` (any sentence starts with a capital)."""
    words = [m.group(0) for m in _NAME_RE.finditer(text)]
    if skip_first and words and text.lstrip().startswith(words[0]):
        words = words[1:]
    return {w for w in words if w[0].isupper() and len(w) >= 3}


def _continues(prev: Sentence, sent: Sentence) -> bool:
    """Whether ``sent``, opening the paragraph after ``prev``'s (the sentence right
    before it), goes on about ``prev``'s subject: it names one of the names ``prev``
    names ("Huawei's CFO Meng Wanzhou was arrested." / "Meng ... was apprehended on 1
    December."). News paragraphs are often one sentence long; the name carries the
    subject across."""
    return bool(_names(prev.text, True) & _names(sent.text, False))


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


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of ``day``'s month."""
    first = day.replace(day=1)
    return first, day.replace(day=calendar.monthrange(day.year, day.month)[1])


def resolve_expr(expr: Any, base: dt.date | None) -> Any:
    """Resolve one expression against ``base`` with :func:`analysis.text.dates.resolve`.

    With ``base=None`` only expressions carrying their year resolve; relative and
    yearless dates stay unresolved rather than guessed. Results are cached on the
    expression's (hashable) rule and direction.
    """
    return _resolve_cached(expr.rule, expr.direction, expr.kind, expr.precision, base)


@lru_cache(maxsize=65536)
def _resolve_cached(rule: tuple[object, ...], direction: str, kind: str, precision: str,
                    base: dt.date | None) -> Any:
    return resolve(DateExpr(0, 0, "", kind, precision, direction, rule), base)


def _base_for(expr: Any, base: dt.date | None, published_precision: str) -> dt.date | None:
    """The base an expression resolves against: the publication day; with a month-only
    publication date only a day or month written without its year resolves (against the
    middle of that month: its nearest occurrence is the same from any day of it, bar
    the last fortnight of a half-year), never a relative date."""
    if published_precision == "day" or base is None:
        return base
    if published_precision == "month" and expr.rule[0] in ("date", "month"):
        return base.replace(day=15)
    return None


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
        The publication date (the chosen day for an inferred one; the first of the
        month for a month-only one), or ``None``.
    published_precision
        Own-news mentions get the publication date only when it is day-precise; with
        ``month`` only days and months written without a year resolve.

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
            res = resolve_expr(m.expr, _base_for(m.expr, base, published_precision))
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
        elif m.follows is not None:
            res = resolved_of.get(id(m.follows))
            if res is not None and res.precision == "day":
                row.update(date=_iso(res.start), date_end=_iso(res.end), date_precision="day",
                           date_source="follow_on")
        elif m.sequence_of is not None:
            res = resolved_of.get(id(m.sequence_of))
            if res is not None and res.precision in ("day", "week", "month"):
                first, last = month_range(res.start)
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
