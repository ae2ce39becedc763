"""Publication dates: metadata > dateline > inferred > inferred-crossdoc > unknown.

Order of evidence
-----------------
1. ``metadata``: the folder's ``metadata.csv`` sidecar (:func:`analysis.articles.load_metadata`).
2. ``dateline``: a date printed at the head or the foot of the article
   (:func:`analysis.articles.find_dateline`).
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

* **link**: the mention's resolved date agrees with one of its anchors: overlap when
  both are events or both remarks ("Xinhua revealed Sunday" = the report another
  article dates July 21); a remark ("speaking Friday about the call") is on or after
  the event it discusses; an event is on or before a remark about it.
* **internal link**: two mentions of the article that link to each other (same
  category and specific key, e.g. "the call last week" and "spoke by phone July 18")
  get overlapping dates.
* **order**: news reports what has happened: an ``occurred`` mention is not after ``D``
  and a ``scheduled`` one is not before it.
* **announcement** (the explicit rule for remarks on plans): a remark dated in a
  sentence that also mentions a scheduled event postdates the announcement of that
  event, i.e. the earliest anchored *own-news* mention of it (an article's lead
  reporting the plan, dated by its publication day). E.g. the ministry's remarks
  "i torsdags" about the Shanghai round are on or after 2019-07-23, the day 002
  reports the trip's announcement.

Candidate days are the days from which a linking expression could reach its anchor
(within ``WINDOW_DAYS``, less for weekdays, weeks and months), or near a date with an
explicit year in the text. The feasible set is the candidates
that satisfy the most constraints (at least one of them a link or announcement
constraint, otherwise the article stays ``unknown``); the reported range is its first
and last day. **Rule for the chosen day: the earliest feasible day**, since news is
published soon after the latest event it reports. Its precision is ``day`` with the
range in ``earliest``/``latest``; a feasible set wider than ``MAX_RANGE_DAYS`` is too
ambiguous and gives ``unknown``.

The source is ``inferred`` when the article's own absolute dates take part in a
satisfied internal or order constraint (the text dates itself; the year may still come
from an anchor, and the evidence says so), and ``inferred-crossdoc`` when only anchors
from other documents or the catalog date it. Articles are dated in rounds: each round
uses the anchors of the articles dated before it, until no article changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.articles import UNKNOWN_PUBLICATION, PublicationDate, find_dateline
from analysis.events import SPECIFIC_KEYS, ArticleAnalysis, RawMention, resolve_expr

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


def anchors_from_catalog(catalog: pd.DataFrame) -> list[Anchor]:
    """Catalog rows as anchors (their span; keys from the description)."""
    from analysis.events import substance_keys

    out = []
    for r in catalog.to_dict("records"):
        out.append(
            Anchor(
                dt.date.fromisoformat(r["span_start"]),
                dt.date.fromisoformat(r["span_end"]),
                r["category"],
                substance_keys(r["description"], "en") & SPECIFIC_KEYS,
                False,
                "occurred",
                r["catalog_id"],
                f"catalog {r['catalog_id']}",
            )
        )
    return out


def _mention_range(row: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    date, end = str(row["date"]), str(row["date_end"])
    start = dt.date.fromisoformat(date if len(date) == 10 else end[:8] + "01" if len(date) == 7
                                  else date + "-01-01")
    return start, dt.date.fromisoformat(end)


def anchors_from_mentions(mentions: pd.DataFrame, published: Mapping[str, str]) -> list[Anchor]:
    """Dated mentions (own expression or own news) of dated articles as anchors."""
    out = []
    for r in mentions.to_dict("records"):
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


# How far from the publication day an expression can land, by rule: candidate days are
# taken within this reach of the anchors it links to (year-level expressions propose
# none; a yearless day gets the full window).
_REACH_DAYS: dict[str, int] = {
    "weekday": 8, "days": 8, "days_span": 15, "week": 15, "weekend": 15, "month_rel": 70,
    "month": 70, "year": 0, "year_rel": 0,
}


def _reach(expr: Any, window: int) -> int:
    rule = getattr(expr, "rule", ("",))
    return min(window, _REACH_DAYS.get(str(rule[0]), window))


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

    @property
    def weight(self) -> int:
        """Internal links tie two expressions of one text, with no cross-document
        identification that could be wrong: they count double."""
        return 2 if self.kind == "internal" else 1


def _build_constraints(
    analysis: ArticleAnalysis, anchors: Sequence[Anchor], window: int = WINDOW_DAYS
) -> tuple[list[_Constraint], set[dt.date]]:
    """Constraints on the publication day, and the candidate days."""
    dated = [m for m in analysis.mentions if m.expr is not None]
    cache: dict[tuple[int, dt.date], Any] = {}

    def res(m: RawMention, day: dt.date) -> Any:
        key = (id(m.expr), day)
        if key not in cache:
            cache[key] = resolve_expr(m.expr, day)
        return cache[key]

    constraints: list[_Constraint] = []
    centres: set[dt.date] = set()

    def around(first: dt.date, last: dt.date, reach: int) -> None:
        if reach > 0:
            span = (last - first).days
            centres.update(first + dt.timedelta(days=k) for k in range(-reach, span + reach + 1))

    others = [a for a in anchors if a.source != analysis.article_id]
    for m in dated:
        spec = m.keys & SPECIFIC_KEYS
        linked = [
            a for a in others
            if not a.announcement and a.category == m.category and spec & a.keys
            and not (m.remark and not a.remark and a.status == "scheduled")
        ]
        if linked:
            reach = _reach(m.expr, window)
            for a in linked:
                around(a.start, a.end, reach)

            def check(day: dt.date, m: RawMention = m, linked: list[Anchor] = linked) -> Any:
                r = res(m, day)
                if r is None:
                    return None
                hits = [a for a in linked if _agrees(r, m, a)]
                return hits[0] if hits else None

            def describe(a: Anchor, m: RawMention = m) -> str:
                rel = "=" if a.remark == m.remark else ">=" if m.remark else "<="
                return f"'{m.expr.text}' {rel} {a.evidence}"

            constraints.append(
                _Constraint("link", check, describe,
                            own=_is_absolute(m.expr) and m.expr.precision == "day",
                            equal=lambda a, m=m: a.remark == m.remark)
            )
        # order: what occurred is not after publication, what is scheduled not before
        if m.status in ("occurred", "scheduled") and _is_absolute(m.expr):

            def order(day: dt.date, m: RawMention = m) -> Any:
                r = res(m, day)
                if r is None:
                    return None
                ok = r.start <= day if m.status == "occurred" else r.end >= day
                return m if ok else None

            constraints.append(
                _Constraint("order", order,
                            lambda m, day=None: f"'{m.expr.text}' {m.status}", own=True)
            )
        explicit = resolve_expr(m.expr, None)
        if explicit is not None:
            around(explicit.start, explicit.end, window)
    # internal links between two mentions of this article
    for i, m in enumerate(dated):
        for n in dated[i + 1:]:
            if (m.category == n.category and m.remark == n.remark
                    and m.keys & n.keys & SPECIFIC_KEYS
                    and m.sentence.start != n.sentence.start
                    and (_is_absolute(m.expr) != _is_absolute(n.expr))):

                def internal(day: dt.date, m: RawMention = m, n: RawMention = n) -> Any:
                    a, b = res(m, day), res(n, day)
                    if a is None or b is None:
                        return None
                    return (m, n) if _overlap(a.start, a.end, b.start, b.end) else None

                constraints.append(
                    _Constraint("internal", internal,
                                lambda p: f"'{p[0].expr.text}' = '{p[1].expr.text}'", own=True)
                )
    # announcement rule: a remark on a scheduled event postdates its announcement
    for m in dated:
        if not m.remark:
            continue
        same = [s for s in analysis.mentions
                if s.sentence.start == m.sentence.start and s is not m
                and s.status == "scheduled"]
        announced = [
            a for s in same for a in others
            if a.announcement and a.category == s.category and s.keys & a.keys & SPECIFIC_KEYS
        ]
        if not announced:
            continue
        first = min(announced, key=lambda a: (a.start, a.source))
        around(first.start, first.end, _reach(m.expr, window))

        def after(day: dt.date, m: RawMention = m, first: Anchor = first) -> Any:
            r = res(m, day)
            if r is None:
                return None
            return first if r.start >= first.start else None

        def describe_after(a: Anchor, m: RawMention = m) -> str:
            return f"remark '{m.expr.text}' on a scheduled event postdates its announcement: " \
                   f"{a.evidence}"

        constraints.append(_Constraint("announcement", after, describe_after))
    return constraints, centres


def infer_publication(
    analysis: ArticleAnalysis,
    anchors: Sequence[Anchor],
    *,
    window: int = WINDOW_DAYS,
    max_range: int = MAX_RANGE_DAYS,
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

    Returns
    -------
    PublicationDate
        Source ``inferred`` or ``inferred-crossdoc`` with the feasible range and
        evidence, or :data:`analysis.articles.UNKNOWN_PUBLICATION`.
    """
    constraints, days = _build_constraints(analysis, anchors, window)
    anchoring = [c for c in constraints if c.kind in ("link", "announcement")]
    rest = [c for c in constraints if c.kind not in ("link", "announcement")]
    if not anchoring or not days:
        return UNKNOWN_PUBLICATION
    best_score, best_days = -1, []
    for day in sorted(days):
        score = sum(c.weight for c in anchoring if c.check(day) is not None)
        if score == 0:
            continue  # no anchor agrees with this day
        score += sum(c.weight for c in rest if c.check(day) is not None)
        if score > best_score:
            best_score, best_days = score, [day]
        elif score == best_score:
            best_days.append(day)
    if not best_days:
        return UNKNOWN_PUBLICATION
    earliest, latest = best_days[0], best_days[-1]
    if (latest - earliest).days > max_range:
        return PublicationDate(
            None, "unknown", "unknown", earliest, latest,
            f"ambiguous: {len(best_days)} candidate days {earliest}..{latest} satisfy "
            f"{best_score} of {len(constraints)} constraints",
        )
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
        if c.kind == "announcement" or (c.kind == "link" and c.equal(h)):
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


def known_publication(
    analysis: ArticleAnalysis, metadata: PublicationDate | None = None
) -> PublicationDate | None:
    """Metadata, else a dateline (head or foot), else ``None``."""
    if metadata is not None and metadata.source == "metadata" and metadata.date is not None:
        return metadata
    return find_dateline(analysis.text)


def date_articles(
    analyses: Iterable[ArticleAnalysis],
    catalog_anchors: Sequence[Anchor],
    metadata: Mapping[str, PublicationDate] | None = None,
    *,
    crossdoc: bool = True,
) -> dict[str, PublicationDate]:
    """Publication dates of a set of articles, in rounds (see the module docstring).

    Parameters
    ----------
    analyses
        The analysed articles.
    catalog_anchors
        From :func:`anchors_from_catalog` (may be empty).
    metadata
        ``article_id -> PublicationDate`` from the sidecar.
    crossdoc
        When false, articles are dated from the catalog anchors only (no other article).
    """
    from analysis.events import resolve_mentions

    metadata = metadata or {}
    items = sorted(analyses, key=lambda a: a.article_id)
    result: dict[str, PublicationDate] = {}
    for a in items:
        found = known_publication(a, metadata.get(a.article_id))
        if found is not None:
            result[a.article_id] = found
    anchors = list(catalog_anchors)

    def add_anchors(ids: Iterable[str]) -> None:
        for a in items:
            if a.article_id in ids:
                pub = result[a.article_id]
                mentions = resolve_mentions(a, pub.date, pub.precision)
                anchors.extend(
                    anchors_from_mentions(mentions, {a.article_id: str(pub.date)})
                )

    if crossdoc:
        add_anchors(set(result))
    undated: dict[str, PublicationDate] = {}
    while True:
        new: dict[str, PublicationDate] = {}
        for a in items:
            if a.article_id in result:
                continue
            pub = infer_publication(a, anchors)
            if pub.date is not None:
                new[a.article_id] = pub
            else:
                undated[a.article_id] = pub
        if not new:
            break
        result.update(new)
        if not crossdoc:
            break
        add_anchors(set(new))
    for a in items:
        if a.article_id not in result:
            result[a.article_id] = undated.get(a.article_id, UNKNOWN_PUBLICATION)
    return result
