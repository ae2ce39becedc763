"""Publication-day inference: anchors, constraints and the solver.

Part of the dating order metadata > dateline > inferred > inferred-crossdoc > unknown
(the rounds that apply it are in :mod:`analysis.text.pubdates.rounds`).

Order of evidence
-----------------
1. ``metadata``: the folder's ``metadata.csv`` sidecar
   (:func:`analysis.text.pubdates.metadata.load_metadata`).
2. ``dateline``: a date printed at the head or the foot of the article
   (:func:`analysis.text.pubdates.stamps.find_dateline`).
3. ``inferred`` / ``inferred-crossdoc``: solved from constraints (below) over candidate
   publication days.
4. ``unknown``: no anchor at all. Nothing is guessed, and the article's relative dates
   stay unresolved.

Anchors and constraints
-----------------------
An *anchor* is a dated happening known independently of the article: an event of the
curated catalog (its span), or a dated mention from an article whose publication date
is already known (dateline, metadata, or inferred in an earlier round). A mention of
the article *links* to an anchor when both have the same category and share a specific
substance key (``phone_call``, ``xinhua``, ``shanghai``, ``in_person``, ``g20``,
``huawei``, ``white_house``, ``farm_visit``; see :mod:`analysis.events`).

For a candidate publication day ``D`` every expression is resolved with
``dates.resolve(expr, D)`` and these constraints are counted:

* **link** (the anchoring kind): the mention's resolved date overlaps one of its
  anchors of the same kind, event with event or remark with remark ("Xinhua revealed
  Sunday" = the report another article dates July 21). An anchor coarser than the
  expression (a month for a day or a week) is not used: it cannot pin it. Only days from which the
  expression can reach an anchor can satisfy it, and they are the candidates.
* **bound**: a remark ("speaking Friday about the call") is on or after the event it
  discusses; an event is on or before a remark about it.
* **internal link**: two mentions of the article that link to each other (same
  category and specific key, one absolute, one relative: "the call last week" and
  "spoke by phone July 18") get overlapping dates. These tie two expressions of one
  text, with no cross-document identification that could be wrong, so they weigh 2.
* **order**: news reports what has happened: an ``occurred`` absolute date is not after
  ``D`` and a ``scheduled`` one is not before it.
* **announcement** (the explicit rule for remarks on plans): a remark dated in a
  sentence that also mentions a scheduled event postdates the announcement of that
  event, i.e. the earliest anchored *own-news* mention of it (an article's lead
  reporting the plan, dated by its publication day). E.g. the ministry's remarks
  "i torsdags" about the Shanghai round are on or after 2019-07-23, the day 002
  reports the trip's announcement.

Candidate days are the days on which at least one link holds (within ``WINDOW_DAYS``
of its anchor, less for weekdays, weeks and months). The feasible set is, among the
candidates agreeing with the most links, those with the highest weighted count of the
other constraints satisfied: links place the date, the other constraints choose within
what the links allow (an article with no link at all stays ``unknown``). The reported
range is the feasible set's first and last day.
**Rule for the chosen day: the earliest feasible day**, since news is published soon
after the latest event it reports. Its precision is ``day`` with the range in
``earliest``/``latest``; a feasible set wider than ``MAX_RANGE_DAYS`` is too ambiguous
and gives ``unknown`` (with the range in the evidence).

The source is ``inferred`` when the article's own absolute days ("July 21") take part
in a satisfied link or internal link at the chosen day (the text dates itself; the
year may still come from an anchor, and the evidence then says so), and
``inferred-crossdoc`` when only its relative expressions, tied to anchors from other
documents or the catalog, date it. Articles are dated in rounds: each round
uses the anchors of the articles dated before it, until no article changes.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from analysis.text.dates.resolve import DateExpr, ResolvedDate, resolve
from analysis.text.lexicon import SPECIFIC_KEYS
from analysis.text.mentions import (
    ArticleAnalysis,
    RawMention,
    resolve_expr,
    substance_keys,
)
from analysis.text.pubdates.catalog import amount_tokens
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate

MATCH_KEYS: frozenset[str] = SPECIFIC_KEYS | {"signing", "phase_one", "in_force"}
"""Keys a catalog row keeps to tie mentions to it: the specific ones, a signing, phase one
and a measure taking effect (*in force*: its start day's row, not the announcement's)."""
WINDOW_DAYS: int = 45
MAX_RANGE_DAYS: int = 31
_ABSOLUTE_RE = re.compile(
    r"\d|jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec|first|second|third",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Anchor:
    """A dated happening an article's mentions can be tied to.

    ``announcement`` marks an own-news mention (a plan reported in an article's lead,
    dated by its publication day): used only by the announcement rule.
    """

    start: dt.date
    end: dt.date
    category: str
    keys: frozenset[str]
    remark: bool
    status: str
    source: str
    evidence: str
    announcement: bool = False
    precision: str = "day"
    direction: str = ""
    numbers: frozenset[str] = frozenset()


def anchors_from_catalog(catalog: pd.DataFrame) -> list[Anchor]:
    """Catalog rows as anchors (their span; keys from the description)."""
    out = []
    for r in catalog.to_dict("records"):
        out.append(
            Anchor(
                dt.date.fromisoformat(r["span_start"]),
                dt.date.fromisoformat(r["span_end"]),
                r["category"],
                substance_keys(r["description"], "en") & MATCH_KEYS,
                False,
                "occurred",
                r["catalog_id"],
                f"catalog {r['catalog_id']}",
                direction=str(r["direction"]),
                numbers=amount_tokens(str(r["description"])),
            )
        )
    return out


def _mention_range(row: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    date, end = str(row["date"]), str(row["date_end"])
    start = dt.date.fromisoformat(date if len(date) == 10 else end[:8] + "01" if len(date) == 7
                                  else date + "-01-01")
    return start, dt.date.fromisoformat(end)


def anchors_from_mentions(
    mentions: pd.DataFrame | Sequence[Mapping[str, Any]], published: Mapping[str, str]
) -> list[Anchor]:
    """Dated mentions (own expression or own news) of dated articles as anchors.

    ``mentions``: a table of :data:`analysis.text.mentions.MENTION_COLUMNS`, or its
    records as :func:`analysis.text.mentions.mention_records` gives them (the rounds of
    :func:`date_articles` pass records: no table is built per article).
    """
    records = mentions.to_dict("records") if isinstance(mentions, pd.DataFrame) else mentions
    out = []
    for r in records:
        if r["date_source"] not in ("expression", "publication") or not r["date"]:
            continue
        keys = frozenset(str(r["substance"]).split()) & SPECIFIC_KEYS
        if not keys:
            continue
        start, end = _mention_range(r)
        own = r["date_source"] == "publication"
        quote = r["text"] if r["text"] else r["sentence"][:50]
        out.append(
            Anchor(
                start, end, r["category"], keys, bool(r["remark"]), r["status"],
                r["article_id"],
                f"{r['article_id']} ({published.get(r['article_id'], '?')}) "
                f"'{quote}' = {r['date']}",
                announcement=own,
                precision=str(r["date_precision"]),
                direction=str(r.get("direction", "") or ""),
            )
        )
    return out


def _overlap(a0: dt.date, a1: dt.date, b0: dt.date, b1: dt.date) -> bool:
    return a0 <= b1 and b0 <= a1


def _agrees(res: Any, m: RawMention, a: Anchor) -> bool:
    if m.remark == a.remark:
        return _overlap(res.start, res.end, a.start, a.end)
    if m.remark:  # a remark about an event comes after it
        return res.end >= a.start
    return res.start <= a.end


def _first_agreeing(bounds: Sequence[Anchor], remark: bool) -> Callable[[Any], Any]:
    """The first anchor of ``bounds`` that ``_agrees`` with a resolved date of a mention
    with ``remark`` (the anchors have the other one), bisected instead of scanned: a
    remark agrees with an anchor starting by its end, an event with one ending after its
    start, and the first such anchor sets a new least start (greatest end) in the list.
    """
    keys: list[int] = []
    kept: list[Anchor] = []
    for a in bounds:
        # remark: starts, negated so the records increase; event: ends
        key = -a.start.toordinal() if remark else a.end.toordinal()
        if not keys or key > keys[-1]:
            keys.append(key)
            kept.append(a)

    def first(res: Any) -> Any:
        x = -res.end.toordinal() if remark else res.start.toordinal()
        i = bisect_left(keys, x)
        return kept[i] if i < len(kept) else None

    return first


# How far from the publication day an expression can land, by rule: candidate days are
# taken within this reach of the anchors it links to (year-level expressions propose
# none; a yearless day gets the full window).
_REACH_DAYS: dict[str, int] = {
    "weekday": 8, "days": 8, "days_span": 15, "week": 15, "week_part": 8, "weekend": 15,
    "month_rel": 70,
    "month": 70, "year": 0, "year_rel": 0,
}


_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}


def _reach(expr: Any, window: int) -> int:
    rule = getattr(expr, "rule", ("",))
    return min(window, _REACH_DAYS.get(str(rule[0]), window))


class _Resolver:
    """One expression rule resolved against any publication day, memoised per day.

    The inference asks the same few rules about the same candidate days many times
    (link windows, order, internal links, bounds, across articles): a plain dict per
    rule is much cheaper than hashing the whole rule tuple again for every day. A rule
    that resolves without a base (it carries its year) gives the same answer for every
    base (see :func:`analysis.text.dates.resolve`), kept in ``fixed``.
    """

    __slots__ = ("expr", "fixed", "memo")

    def __init__(self, rule: tuple[Any, ...], direction: str, kind: str,
                 precision: str) -> None:
        self.expr = DateExpr(0, 0, "", kind, precision, direction, rule)
        self.fixed: ResolvedDate | None = resolve(self.expr, None)
        self.memo: dict[dt.date, ResolvedDate | None] = {}

    def at(self, day: dt.date) -> ResolvedDate | None:
        """``dates.resolve`` of the rule with ``day`` as the publication date."""
        if self.fixed is not None:
            return self.fixed
        try:
            return self.memo[day]
        except KeyError:
            out = self.memo[day] = resolve(self.expr, day)
            return out


@lru_cache(maxsize=16384)
def _resolver(rule: tuple[Any, ...], direction: str, kind: str, precision: str) -> _Resolver:
    """The shared :class:`_Resolver` of a rule (cached: corpora repeat expressions)."""
    return _Resolver(rule, direction, kind, precision)


def _resolver_of(expr: Any) -> _Resolver:
    return _resolver(expr.rule, expr.direction, expr.kind, expr.precision)


def release_link_cache() -> None:
    """Empty the cache of :func:`_link_days`, which holds every (expression, window) of
    a dating run: unbounded within a run (a bounded LRU evicted past ~2,000 articles and
    made the cost grow faster than the corpus), released when the run ends."""
    _link_days.cache_clear()


# Unbounded: the keys of one run are what it needs (a bounded LRU thrashed past a few
# thousand articles); :func:`release_link_cache` empties it after each dating run.
@cache
def _link_days(
    rule: tuple[Any, str, str, str], first: dt.date, last: dt.date, reach: int
) -> frozenset[dt.date]:
    """Publication days from which an expression (``rule``: its rule, direction, kind
    and precision) lands on ``first..last``. Pure, so cached: corpora repeat both the
    expressions and the anchors."""
    resolver = _resolver(*rule)
    days = _days_around(first, last, reach)
    fixed = resolver.fixed
    if fixed is not None:
        # The same range from every day: all of the window or none of it.
        return frozenset(days) if fixed.start <= last and first <= fixed.end else frozenset()
    # ``_Resolver.at`` inlined: this loop runs for every day of every link window.
    memo, expr = resolver.memo, resolver.expr
    out = []
    for day in days:
        r = memo.get(day, _UNSEEN)
        if r is _UNSEEN:
            r = memo[day] = resolve(expr, day)
        if r is not None and r.start <= last and first <= r.end:
            out.append(day)
    return frozenset(out)


_UNSEEN: Any = object()


@lru_cache(maxsize=65536)
def _days_around(first: dt.date, last: dt.date, reach: int) -> tuple[dt.date, ...]:
    """The days ``first - reach .. last + reach`` (cached: rules share anchor windows)."""
    base = first.toordinal()
    return tuple(dt.date.fromordinal(base + k)
                 for k in range(-reach, (last - first).days + reach + 1))


def _describer(m: RawMention) -> Any:
    def describe(a: Anchor) -> str:
        rel = "=" if a.remark == m.remark else ">=" if m.remark else "<="
        return f"'{m.expr.text}' {rel} {a.evidence}"

    return describe


def _is_absolute(expr: Any) -> bool:
    kind = str(getattr(expr, "kind", ""))
    if kind:
        return kind in ("absolute", "partial")
    return bool(_ABSOLUTE_RE.search(str(getattr(expr, "text", ""))))


@dataclass
class _Constraint:
    kind: str
    check: Any
    describe: Any
    own: bool = False
    equal: Any = None
    days: set[dt.date] | None = None
    count: int = 1  # how many mentions (pairs) with the same signature it stands for

    @property
    def weight(self) -> int:
        """Internal links tie two expressions of one text, with no cross-document
        identification that could be wrong: they count double. A constraint standing
        for ``count`` identical ones weighs as much as they would."""
        return (2 if self.kind == "internal" else 1) * self.count


def _order_check(m: RawMention, resolver: _Resolver) -> Any:
    """The order constraint of ``m``: news reports the past, so an occurred date is not
    after the publication day and a scheduled one not before it. Returns ``m`` when it
    holds, else ``None`` (also when the expression does not resolve)."""
    fixed = resolver.fixed
    if fixed is not None:
        # A date with its year: one comparison per day.
        if m.status == "occurred":
            start = fixed.start
            return lambda day: m if start <= day else None
        end = fixed.end
        return lambda day: m if end >= day else None
    at = resolver.at
    if m.status == "occurred":
        def occurred(day: dt.date) -> Any:
            r = at(day)
            return m if r is not None and r.start <= day else None

        return occurred

    def scheduled(day: dt.date) -> Any:
        r = at(day)
        return m if r is not None and r.end >= day else None

    return scheduled


def _signature(m: RawMention) -> tuple[Any, ...]:
    """What a mention's constraints depend on: mentions sharing it give identical ones."""
    return (m.expr.rule, m.expr.direction, m.expr.kind, m.expr.precision, m.category,
            m.keys, m.remark, m.status)


@dataclass(frozen=True)
class _Dated:
    """An article's dated mentions grouped by :func:`_signature` (one representative
    each), with what the constraint builders need of every group."""

    groups: dict[tuple[Any, ...], list[RawMention]]
    dated: list[RawMention]
    count_of: dict[int, int]
    sentences_of: dict[int, Counter[int]]
    # Each representative's resolver (shared by equal rules): this is the inner loop.
    at_of: dict[int, Any]


def _dated_groups(analysis: ArticleAnalysis) -> _Dated:
    groups: dict[tuple[Any, ...], list[RawMention]] = {}
    for m in analysis.mentions:
        if m.expr is not None:
            groups.setdefault(_signature(m), []).append(m)
    dated = [g[0] for g in groups.values()]
    return _Dated(
        groups, dated,
        count_of={id(g[0]): len(g) for g in groups.values()},
        sentences_of={id(g[0]): Counter(x.sentence.start for x in g) for g in groups.values()},
        at_of={id(m): _resolver_of(m.expr).at for m in dated},
    )


def _link_constraint(m: RawMention, same_kind: Sequence[Anchor], reach: int,
                     count: int) -> _Constraint:
    """An equality link: only days within reach of one of its anchors can hold it."""
    rule = (m.expr.rule, m.expr.direction, m.expr.kind, m.expr.precision)
    # The days depend on an anchor's span alone, and ``check`` returns the first
    # anchor whose days hold: a later anchor with an earlier one's span never
    # wins, so one per span (the first) gives the same answers and days.
    first_of_span: dict[tuple[dt.date, dt.date], Anchor] = {}
    for a in same_kind:
        first_of_span.setdefault((a.start, a.end), a)
    per_anchor = [(a, _link_days(rule, a.start, a.end, reach))
                  for a in first_of_span.values()]

    def check(day: dt.date, per_anchor: list[Any] = per_anchor) -> Any:
        for a, days in per_anchor:
            if day in days:
                return a
        return None

    return _Constraint("link", check, _describer(m),
                       own=_is_absolute(m.expr) and m.expr.precision == "day",
                       equal=lambda a: True,
                       days=set().union(*(d for _, d in per_anchor)), count=count)


def _directions_link(mine: str, theirs: str) -> bool:
    """Whether two directions may report one event: the same, or either undirected."""
    directed = ("escalation", "de-escalation")
    return mine == theirs or mine not in directed or theirs not in directed


def _mention_constraints(m: RawMention, index: AnchorIndex,
                         dated: _Dated, window: int) -> list[_Constraint]:
    """The link, bound and order constraints of one representative mention."""
    out: list[_Constraint] = []
    count = dated.count_of[id(m)]
    spec = m.keys & SPECIFIC_KEYS
    rank = _PRECISION_RANK.get(m.expr.precision, 3)
    linked = [
        a for a in index.sharing(m.category, spec)
        if not (m.remark and not a.remark and a.status == "scheduled")
        # a licence extended is not the indictment it shares a name with: only
        # compatible directions link (either neutral, or the same)
        and _directions_link(m.direction, a.direction)
        # a month-level anchor cannot pin a day or a week
        and _PRECISION_RANK.get(a.precision, 3) <= rank
    ]
    same_kind = [a for a in linked if a.remark == m.remark]
    bounds = [a for a in linked if a.remark != m.remark]
    reach = _reach(m.expr, window)
    if same_kind and reach > 0:
        out.append(_link_constraint(m, same_kind, reach, count))
    if bounds:
        # a remark comes after the event it discusses, an event before a remark on it
        agreeing = _first_agreeing(bounds, m.remark)
        at_m = dated.at_of[id(m)]

        def bound(day: dt.date, first_agreeing: Any = agreeing, at: Any = at_m) -> Any:
            r = at(day)
            return None if r is None else first_agreeing(r)

        out.append(_Constraint("bound", bound, _describer(m),
                               equal=lambda a: False, count=count))
    # order: what occurred is not after publication, what is scheduled not before
    if m.status in ("occurred", "scheduled") and _is_absolute(m.expr):
        order = _order_check(m, _resolver_of(m.expr))
        out.append(_Constraint("order", order,
                               lambda m, day=None: f"'{m.expr.text}' {m.status}", own=True,
                               count=count))
    return out


def _internal_constraints(dated: _Dated) -> list[_Constraint]:
    """Internal links between two mentions of this article, within buckets of the same
    category, remark and specific key (a pair sharing two keys is found once)."""
    buckets: dict[tuple[str, bool, str], list[RawMention]] = {}
    for m in dated.dated:
        for key in sorted(m.keys & SPECIFIC_KEYS):
            buckets.setdefault((m.category, m.remark, key), []).append(m)
    order_of = {id(m): i for i, m in enumerate(dated.dated)}
    pairs: dict[tuple[int, int], tuple[RawMention, RawMention]] = {}
    for bucket in buckets.values():
        absolute = [m for m in bucket if _is_absolute(m.expr)]
        relative = [m for m in bucket if not _is_absolute(m.expr)]
        for a in absolute:
            for r in relative:
                m, n = (a, r) if order_of[id(a)] < order_of[id(r)] else (r, a)
                pairs[(order_of[id(m)], order_of[id(n)])] = (m, n)
    out: list[_Constraint] = []
    for _, (m, n) in sorted(pairs.items()):
        sm, sn = dated.sentences_of[id(m)], dated.sentences_of[id(n)]
        # every pair of their mentions but those sharing a sentence
        count = dated.count_of[id(m)] * dated.count_of[id(n)] - sum(
            k * sn[s] for s, k in sm.items())
        if count <= 0:
            continue

        pair = (dated.at_of[id(m)], dated.at_of[id(n)])

        def internal(day: dt.date, m: RawMention = m, n: RawMention = n,
                     pair: tuple[Any, Any] = pair) -> Any:
            at_m, at_n = pair
            a, b = at_m(day), at_n(day)
            if a is None or b is None:
                return None
            return (m, n) if _overlap(a.start, a.end, b.start, b.end) else None

        out.append(_Constraint("internal", internal,
                               lambda p: f"'{p[0].expr.text}' = '{p[1].expr.text}'",
                               own=True, count=count))
    return out


def _announcement_constraints(analysis: ArticleAnalysis, others: Sequence[Anchor],
                              dated: _Dated) -> list[_Constraint]:
    """A remark on a scheduled event postdates its announcement."""
    scheduled_in: dict[int, list[RawMention]] = {}
    for s_ in analysis.mentions:
        if s_.status == "scheduled":
            scheduled_in.setdefault(s_.sentence.start, []).append(s_)
    announcements = [a for a in others if a.announcement]
    seen: dict[tuple[Any, ...], _Constraint] = {}
    out: list[_Constraint] = []
    for group in dated.groups.values():
        for m in group:
            if not m.remark:
                continue
            same = [s_ for s_ in scheduled_in.get(m.sentence.start, ()) if s_ is not m]
            announced = [
                a for s_ in same for a in announcements
                if a.category == s_.category and s_.keys & a.keys & SPECIFIC_KEYS
            ]
            if not announced:
                continue
            first = min(announced, key=lambda a: (a.start, a.source))
            key = (_signature(m), first.start, first.source)
            if key in seen:
                seen[key].count += 1
                continue
            at_first = dated.at_of[id(group[0])]

            def after(day: dt.date, m: RawMention = m, first: Anchor = first,
                      at: Any = at_first) -> Any:
                r = at(day)
                if r is None:
                    return None
                return first if r.start >= first.start else None

            def describe_after(a: Anchor, m: RawMention = m) -> str:
                return f"remark '{m.expr.text}' on a scheduled event postdates its " \
                       f"announcement: {a.evidence}"

            seen[key] = _Constraint("announcement", after, describe_after)
            out.append(seen[key])
    return out


@dataclass(frozen=True)
class AnchorIndex:
    """Anchors indexed once for every article solved against them (one round of
    :func:`analysis.text.pubdates.rounds.date_articles`): scanning the whole list per
    article and per mention grew with the corpus.

    ``links`` maps (category, specific key) to the positions, in list order, of the
    anchors that are not announcements; ``announcements`` keeps those in list order.
    """

    anchors: tuple[Anchor, ...]
    sources: frozenset[str]
    links: dict[tuple[str, str], list[int]]
    announcements: list[Anchor]

    def sharing(self, category: str, keys: frozenset[str]) -> list[Anchor]:
        """Non-announcement anchors of ``category`` sharing a key with ``keys``, in
        list order (what a scan filtered on ``keys & a.keys`` gives)."""
        hits: set[int] = set()
        for key in keys:
            hits.update(self.links.get((category, key), ()))
        return [self.anchors[i] for i in sorted(hits)]


def index_anchors(anchors: Sequence[Anchor]) -> AnchorIndex:
    """The :class:`AnchorIndex` of ``anchors``."""
    kept = tuple(anchors)
    links: dict[tuple[str, str], list[int]] = {}
    for i, a in enumerate(kept):
        if not a.announcement:
            for key in a.keys & SPECIFIC_KEYS:
                links.setdefault((a.category, key), []).append(i)
    return AnchorIndex(kept, frozenset(a.source for a in kept), links,
                       [a for a in kept if a.announcement])


def _build_constraints(
    analysis: ArticleAnalysis, anchors: Sequence[Anchor], window: int = WINDOW_DAYS,
    index: AnchorIndex | None = None,
) -> list[_Constraint]:
    """Constraints on the publication day (link constraints carry their days).

    Mentions with the same :func:`_signature` give identical constraints, so each
    signature is built once with a ``count``: the work grows with the distinct dates of
    a text, not with its length (a 1 MB text repeats its dates thousands of times), and
    the internal links are looked for within one (category, remark, key) bucket, not
    over all pairs of mentions.
    """
    dated = _dated_groups(analysis)
    # An index of ``anchors`` serves when none of them is the article's own (an undated
    # article has none); else one of the others is built here.
    if index is None or analysis.article_id in index.sources:
        index = index_anchors([a for a in anchors if a.source != analysis.article_id])
    constraints: list[_Constraint] = []
    for m in dated.dated:
        constraints.extend(_mention_constraints(m, index, dated, window))
    constraints.extend(_internal_constraints(dated))
    constraints.extend(_announcement_constraints(analysis, index.announcements, dated))
    return constraints


def infer_publication(
    analysis: ArticleAnalysis,
    anchors: Sequence[Anchor],
    *,
    window: int = WINDOW_DAYS,
    max_range: int = MAX_RANGE_DAYS,
    index: AnchorIndex | None = None,
    within: tuple[dt.date, dt.date] | None = None,
) -> PublicationDate:
    """Infer an article's publication day from its mentions and the anchors.

    Parameters
    ----------
    analysis
        From :func:`analysis.events.analyse_article`.
    anchors
        Catalog anchors and anchors from already dated articles (the article's own
        entries are ignored).
    window, max_range
        Candidate days lie within ``window`` days of a linked anchor (less for
        expressions that cannot reach that far: a weekday within 8 days, a week
        within 15, a month within 70); a feasible set wider than ``max_range`` days
        is ambiguous (``unknown``).
    index
        :func:`index_anchors` of ``anchors``, when many articles are solved against
        the same list (built here otherwise).
    within
        A hard window for the day (a month-only stamp's month: the page says when, to
        the month): candidate days outside it are dropped before the links are counted.

    Returns
    -------
    PublicationDate
        Source ``inferred`` or ``inferred-crossdoc`` with the feasible range and
        evidence, or :data:`analysis.text.pubdates.stamps.UNKNOWN_PUBLICATION`.
    """
    constraints = _build_constraints(analysis, anchors, window, index)
    feasible = _feasible_days(constraints, within)
    if feasible is None:
        return UNKNOWN_PUBLICATION
    best_days, best_score = feasible
    earliest, latest = best_days[0], best_days[-1]
    if (latest - earliest).days > max_range:
        return PublicationDate(
            None, "unknown", "unknown", earliest, latest,
            f"ambiguous: {len(best_days)} candidate days {earliest}..{latest} satisfy "
            f"{best_score} of {len(constraints)} constraints",
        )
    return _chosen_day(analysis, constraints, best_days, best_score)


def _feasible_days(constraints: Sequence[_Constraint],
                   within: tuple[dt.date, dt.date] | None = None,
                   ) -> tuple[list[dt.date], int] | None:
    """The feasible days (ascending) and their weighted score, or ``None`` when no link
    gives a candidate day (in ``within``, when given): links decide first, the other
    constraints choose among the days most links agree on."""
    anchoring = [c for c in constraints if c.kind == "link"]
    rest = [c for c in constraints if c.kind != "link"]
    days: set[dt.date] = set()
    for c in anchoring:
        days |= c.days or set()
    if within is not None:
        days = {d for d in days if within[0] <= d <= within[1]}
    if not days:
        return None
    # Each day's weighted count of the links it satisfies.
    anchor_score = dict.fromkeys(days, 0)
    for c in anchoring:
        weight = c.weight  # a property: read once per link, not once per day
        for day in c.days or ():
            if day in anchor_score:
                anchor_score[day] += weight
    rest_weight = sum(c.weight for c in rest)
    top = max(anchor_score.values())
    best_score, best_days = -1, []
    for day in sorted(d for d in days if anchor_score[d] == top):
        score = anchor_score[day] + rest_weight
        for c in rest:
            if c.check(day) is None:
                score -= c.weight
                if score < best_score:
                    break
        if score > best_score:
            best_score, best_days = score, [day]
        elif score == best_score:
            best_days.append(day)
    best_days.sort()
    return (best_days, best_score) if best_days else None


def _chosen_day(analysis: ArticleAnalysis, constraints: Sequence[_Constraint],
                best_days: list[dt.date], best_score: int) -> PublicationDate:
    """The earliest feasible day, its source and the evidence that pins it."""
    earliest, latest = best_days[0], best_days[-1]
    chosen = earliest
    satisfied = [(c, c.check(chosen)) for c in constraints]
    satisfied = [(c, h) for c, h in satisfied if h is not None]
    own = any(c.own and c.kind in ("internal",) for c, _ in satisfied) or any(
        c.kind == "link" and c.own for c, _ in satisfied
    )
    source = "inferred" if own else "inferred-crossdoc"
    parts = []
    for c, h in satisfied:
        # inequality links ("a remark is after the event") hold almost anywhere: listed
        # only when they are the equalities that pin the date
        if c.kind in ("announcement", "link"):
            parts.append(c.describe(h))
        elif c.kind == "internal":
            parts.append("same event " + c.describe(h))
    gaps = "" if len(best_days) == (latest - earliest).days + 1 else " (not contiguous)"
    evidence = (
        f"feasible {earliest}..{latest}{gaps}: score {best_score} of "
        f"{sum(c.weight for c in constraints)} (weighted constraints); "
        "chosen the earliest feasible day; "
        + "; ".join(dict.fromkeys(parts))
    )
    if source == "inferred":
        evidence += "; year from the anchors above (the text names none)" if not any(
            resolve_expr(m.expr, None) for m in analysis.mentions if m.expr is not None
        ) else ""
    return PublicationDate(chosen, "day", source, earliest, latest, evidence)
