"""Publication dates in rounds: metadata > dateline > inferred > inferred-crossdoc >
unknown, for one article (:func:`date_one`) or a batch (:func:`date_articles`, each round
using the anchors of the articles dated before it), plus the year of a year-less
dateline (:func:`yearless_publication`) and the check of a printed stamp against the
content (:func:`refine_stamp`). The solver is :mod:`analysis.text.pubdates.inference`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from analysis.text.dates.resolve import resolve
from analysis.text.mentions import (
    ArticleAnalysis,
    mention_records,
    resolve_expr,
)
from analysis.text.pubdates.catalog import match_catalog, score_day
from analysis.text.pubdates.inference import (
    Anchor,
    AnchorIndex,
    anchors_from_mentions,
    index_anchors,
    infer_publication,
    release_link_cache,
)
from analysis.text.pubdates.periods import day_in_month
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate

RoundSolver = Callable[[list[ArticleAnalysis], Sequence[Anchor], AnchorIndex],
                       list[PublicationDate]]


def known_publication(
    analysis: ArticleAnalysis, metadata: PublicationDate | None = None
) -> PublicationDate | None:
    """Metadata, else a dateline (head or foot), else ``None``."""
    if metadata is not None and metadata.source == "metadata" and metadata.date is not None:
        return metadata
    return analysis.dateline


PRINTED_WEEKDAY_WEIGHT: float = 2.0
"""A weekday printed in the year-less dateline itself agrees with one year of seven: worth
two catalog matches."""
YEARLESS_MIN_SCORE: float = 1.0
"""The least evidence that gives a year-less dateline its year: one catalog match or one
agreeing weekday."""


def _yearless_score(analysis: ArticleAnalysis, catalog_anchors: Sequence[Anchor],
                    day: dt.date, named_years: frozenset[int]) -> float:
    """How well ``day`` (a year-less dateline in one candidate year) fits the content.

    .. math::

        s(D) = S(D) + [w(D) = w_\\text{lead}] + \\tfrac12 [w(D - 1) = w_\\text{lead}]
               + \\tfrac12 [\\text{year}(D) \\in Y_\\text{named}]
               + 2 [w(D) = w_\\text{printed}]
               - \\#\\{m: \\text{occurred},\\ \\text{start}(m) > D\\}

    with :math:`S(D)` of :func:`analysis.text.pubdates.catalog.score_day` (the relative dates
    and the lead's news against the catalog); the weekday terms are HeidelTime-style
    weekday/date agreement: a weekday of the lead ("WASHINGTON, Nov 1 - Trump on
    Thursday said") names the dateline's day, or, for half the weight, the day before
    (reported the morning after); the last term is the order rule: a dated happening
    reported as past cannot lie after the publication day."""
    total = score_day(analysis, catalog_anchors, day) if catalog_anchors else 0.0
    lead = sorted({m.sentence.start for m in analysis.mentions})[:3]
    weekdays = {m.expr.rule[1] for m in analysis.mentions
                if m.expr is not None and m.expr.rule[0] == "weekday"
                and m.sentence.start in lead}
    printed = getattr(analysis.yearless_dateline, "weekday", None)
    if printed is not None and day.weekday() == printed:
        total += PRINTED_WEEKDAY_WEIGHT  # "WASHINGTON, Monday, Nov. 19 -": one year in seven
    if day.weekday() in weekdays:
        total += 1.0
    elif (day - dt.timedelta(days=1)).weekday() in weekdays:
        total += 0.5
    if day.year in named_years:
        total += 0.5
    for m in analysis.mentions:
        if m.expr is None or m.status != "occurred":
            continue
        fixed = resolve_expr(m.expr, None)
        if fixed is not None and fixed.start > day:
            total -= 1.0
    return total


def yearless_publication(analysis: ArticleAnalysis,
                         catalog_anchors: Sequence[Anchor]) -> PublicationDate | None:
    """The publication day of a year-less dateline (``WASHINGTON, Nov 1 -``), its year
    taken from the content: each year of the catalog's span (and each year the text
    names) is scored with :func:`_yearless_score`; the best year wins when it is
    unique and reaches :data:`YEARLESS_MIN_SCORE`, else ``None`` (never a guess)."""
    yl = getattr(analysis, "yearless_dateline", None)
    if yl is None:
        return None
    named = frozenset(
        int(m.expr.rule[1]) for m in analysis.mentions
        if m.expr is not None and m.expr.rule[0] in ("date", "month", "year")
        and isinstance(m.expr.rule[1], int))
    years = set(named)
    if catalog_anchors:
        years |= set(range(min(a.start.year for a in catalog_anchors),
                           max(a.end.year for a in catalog_anchors) + 1))
    scored = []
    for year in sorted(years):
        try:
            day = dt.date(year, yl.month, yl.day)
        except ValueError:
            continue
        scored.append((_yearless_score(analysis, catalog_anchors, day, named), day))
    if not scored:
        return None
    scored.sort(key=lambda p: (-p[0], p[1]))
    best, day = scored[0]
    if best < YEARLESS_MIN_SCORE or (len(scored) > 1 and scored[1][0] == best):
        return None
    runner = f"; next best {scored[1][1].year} scores {scored[1][0]:g}" if len(scored) > 1 \
        else ""
    return PublicationDate(day, "day", "dateline", day, day,
                           f"{yl.evidence} (year-less dateline: {day.year} scores {best:g} "
                           f"on catalog matches, weekday agreement and named years{runner})")


YEARLESS_REACH_DAYS: int = 45
"""How far the content's anchored events may lie from a year-less dateline's day in the
year they choose (as far as a stamp may be doubted: :data:`DOUBT_WINDOW_DAYS`)."""


def with_yearless_day(analysis: ArticleAnalysis, pub: PublicationDate) -> PublicationDate:
    """A year-less dateline's day in the year the content's anchored events give.

    When :func:`yearless_publication` found no year but the inference dated the article
    (``pub``, or left it a range), the dateline's month and day are put in the year that
    puts them within :data:`YEARLESS_REACH_DAYS` of the inferred range, when one year
    does: the printed day wins over the inferred one, the content gives only the year.
    Otherwise (no year that near: content and dateline disagree; or several) ``pub``
    stands.
    """
    yl = getattr(analysis, "yearless_dateline", None)
    lo, hi = pub.earliest or pub.date, pub.latest or pub.date
    if yl is None or lo is None or hi is None:
        return pub
    options = []
    for year in range(lo.year - 1, hi.year + 2):
        try:
            day = dt.date(year, yl.month, yl.day)
        except ValueError:
            continue
        options.append((max(0, (lo - day).days, (day - hi).days), day))
    near = [o for o in options if o[0] <= YEARLESS_REACH_DAYS]
    if len(near) != 1:
        return pub  # no year near the content, or several: the text does not say which
    day = near[0][1]
    return PublicationDate(day, "day", "dateline", day, day,
                           f"{yl.evidence} (year-less dateline: year {day.year} from the "
                           f"content, {pub.evidence})"[:500])


def date_articles(
    analyses: Iterable[ArticleAnalysis],
    catalog_anchors: Sequence[Anchor],
    metadata: Mapping[str, PublicationDate] | None = None,
    *,
    crossdoc: bool = True,
    reduce_anchors: Callable[[Sequence[Anchor]], list[Anchor]] | None = None,
    solve: RoundSolver | None = None,
    fixed: Mapping[str, PublicationDate] | None = None,
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
    reduce_anchors
        Applied to the anchor list before each round's articles are solved against it;
        it must keep every constraint the solver can use
        (:func:`analysis.text.pubdates.blocks.representatives` keeps one anchor per block of
        interchangeable ones, which makes the rounds linear in the corpus).
    solve
        ``solve(articles, anchors, index)`` -> their :func:`infer_publication` results
        in order (e.g. on a scheduler's workers); default: a loop here. The articles
        of one round are independent, so where they are solved changes nothing.
    fixed
        ``article_id -> PublicationDate`` with a day, taken as given (not re-read,
        refined or doubted): an earlier dating's days, so that only the other
        articles are solved, against those days' mentions.
    """
    try:
        return _date_sorted(sorted(analyses, key=lambda a: a.article_id), catalog_anchors,
                            metadata, crossdoc, reduce_anchors, solve, dict(fixed or {}))
    finally:
        release_link_cache()


def _date_sorted(
    items: list[ArticleAnalysis], catalog_anchors: Sequence[Anchor],
    metadata: Mapping[str, PublicationDate] | None, crossdoc: bool,
    reduce_anchors: Callable[[Sequence[Anchor]], list[Anchor]] | None,
    solve: RoundSolver | None, given: dict[str, PublicationDate],
) -> dict[str, PublicationDate]:
    """:func:`date_articles` on the articles in id order (its body; see there)."""
    result = {**_stamped([a for a in items if a.article_id not in given], metadata or {},
                         catalog_anchors),
              **{a.article_id: given[a.article_id] for a in items if a.article_id in given}}
    anchors = list(catalog_anchors)

    def add_anchors(ids: Iterable[str]) -> None:
        for a in items:
            if a.article_id in ids:
                pub = result[a.article_id]
                mentions = mention_records(a, pub.date, pub.precision)
                anchors.extend(
                    anchors_from_mentions(mentions, {a.article_id: str(pub.date)})
                )

    if crossdoc:
        add_anchors(set(result))
    undated: dict[str, PublicationDate] = {}
    while True:
        new: dict[str, PublicationDate] = {}
        usable = reduce_anchors(anchors) if reduce_anchors is not None else anchors
        index = index_anchors(usable)  # once per round, for every article of it
        todo = [a for a in items if a.article_id not in result]
        pubs = (solve(todo, usable, index) if solve is not None
                else [infer_publication(a, usable, index=index) for a in todo])
        for a, pub in zip(todo, pubs, strict=True):
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
    if crossdoc:
        usable = reduce_anchors(anchors) if reduce_anchors is not None else anchors
        _days_in_months(items, result, usable)
    return _finished(items, result, undated, catalog_anchors)


def _days_in_months(items: Sequence[ArticleAnalysis], result: dict[str, PublicationDate],
                    anchors: Sequence[Anchor]) -> None:
    """After the rounds: each month-only stamp the catalog left a month is given its day
    by the links to the dated articles, the month a hard window
    (:func:`analysis.text.pubdates.periods.day_in_month`); in place."""
    monthly = [a for a in items
               if a.article_id in result and result[a.article_id].precision == "month"]
    if not monthly:
        return
    index = index_anchors(anchors)
    for a in monthly:
        result[a.article_id] = day_in_month(a, result[a.article_id], anchors, index)


def _stamped(items: Sequence[ArticleAnalysis], metadata: Mapping[str, PublicationDate],
             catalog_anchors: Sequence[Anchor]) -> dict[str, PublicationDate]:
    """Round 0: the articles whose metadata or dateline dates them (refined)."""
    result: dict[str, PublicationDate] = {}
    for a in items:
        found = (known_publication(a, metadata.get(a.article_id))
                 or yearless_publication(a, catalog_anchors))
        if found is not None:
            result[a.article_id] = refine_stamp(a, found, catalog_anchors)
    return result


def _finished(items: Sequence[ArticleAnalysis], result: dict[str, PublicationDate],
              undated: Mapping[str, PublicationDate],
              catalog_anchors: Sequence[Anchor]) -> dict[str, PublicationDate]:
    """After the rounds: the catalog matcher for what they left undated, then the
    year-less datelines' days placed in the dated year."""
    span = _catalog_span(catalog_anchors)
    for a in items:
        if a.article_id in result:
            continue
        matched = None
        if span is not None:
            matched = match_catalog(a, catalog_anchors, *span)
        result[a.article_id] = matched or undated.get(a.article_id, UNKNOWN_PUBLICATION)
    for a in items:
        if a.yearless_dateline is not None and result[a.article_id].source != "dateline":
            result[a.article_id] = with_yearless_day(a, result[a.article_id])
    return result


def date_one(analysis: ArticleAnalysis, catalog_anchors: Sequence[Anchor],
             metadata: PublicationDate | None = None) -> PublicationDate:
    """The publication date of one article from its own text and the catalog alone
    (no other article): metadata or dateline (refined by :func:`refine_stamp`), else
    the link inference, else the catalog matcher, else ``unknown``. A pure function of
    the article and the catalog, so it can run on any worker."""
    found = known_publication(analysis, metadata) or yearless_publication(
        analysis, catalog_anchors)
    if found is not None:
        return refine_stamp(analysis, found, catalog_anchors)
    pub = infer_publication(analysis, catalog_anchors)
    if pub.date is None:
        span = _catalog_span(catalog_anchors)
        matched = match_catalog(analysis, catalog_anchors, *span) if span is not None else None
        pub = matched or pub
    return with_yearless_day(analysis, pub)


def _catalog_span(anchors: Sequence[Anchor]) -> tuple[dt.date, dt.date] | None:
    if not anchors:
        return None
    slack = dt.timedelta(days=7)
    return min(a.start for a in anchors) - slack, max(a.end for a in anchors) + slack


_NUMERIC_STAMP = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def refine_stamp(analysis: ArticleAnalysis, pub: PublicationDate,
                 catalog_anchors: Sequence[Anchor]) -> PublicationDate:
    """Sharpen a printed publication date with what the article reports.

    * A month-only stamp (``date 2019-05``) becomes a day when the catalog matcher
      (:func:`analysis.text.pubdates.catalog.match_catalog`) pins one within the month.
    * A numeric ``YYYY-MM-DD`` dateline whose day could be a month (day <= 12) is read
      day-first instead when that reading matches at least one more reported event
      (day/month order is the classic stamp error; the printed order wins ties). The
      metadata sidecar's dates are never re-read."""
    if pub.date is None or not catalog_anchors:
        return pub
    if pub.precision == "month" and pub.earliest and pub.latest:
        found = match_catalog(analysis, catalog_anchors, pub.earliest, pub.latest,
                              source=pub.source, min_score=1.0)
        if found is None:
            return pub
        return PublicationDate(found.date, "day", "inferred", found.earliest, found.latest,
                               f"{pub.evidence} refined by {found.evidence}")
    stamp = _NUMERIC_STAMP.search(pub.evidence)
    day = pub.date
    if pub.source != "dateline" or pub.precision != "day":
        return pub  # the sidecar's dates are the analyst's: never re-read
    if stamp is None or day.day > 12 or day.day == day.month:
        return _doubted_stamp(analysis, pub, catalog_anchors)
    swapped = dt.date(day.year, day.day, day.month)
    mine = score_day(analysis, catalog_anchors, day)
    theirs = score_day(analysis, catalog_anchors, swapped)
    if theirs < mine + 1:
        return _doubted_stamp(analysis, pub, catalog_anchors)
    return PublicationDate(
        swapped, "day", pub.source, swapped, swapped,
        f"{pub.evidence} read day-first: the reported events match {theirs:g} catalog "
        f"rows on {swapped} against {mine:g} on {day}",
    )


DOUBT_WINDOW_DAYS: int = 45
"""How far from a stamp the content may place the article when it contradicts the stamp."""
DOUBT_MIN_DAYS: int = 7
"""Content placing the article within this many days of its stamp does not contradict it
(the stamp wins: a page dated a few days after the news it reports is ordinary)."""
DOUBT_MIN_SCORE: float = 2.0
"""The content must be strong to overrule a printed stamp: two agreeing pieces of
evidence (:func:`analysis.text.pubdates.catalog.match_catalog`'s score), not one weekday."""


def _printed_day_agrees(analysis: ArticleAnalysis, day: dt.date) -> bool:
    """Whether the text prints a calendar day ("Thursday (Sept 19)", "on 3 May") that,
    read against the stamp, lies within :data:`DOUBT_MIN_DAYS` of it. Such a day is the
    writer's own calendar agreeing with the stamp; a catalog match of relative words
    (weaker: it depends on the category and direction read from the sentence) must not
    overrule it."""
    limit = dt.timedelta(days=DOUBT_MIN_DAYS)
    # The mentions' expressions too: the per-article step drops the unused ones.
    exprs = [*analysis.expressions, *(m.expr for m in analysis.mentions if m.expr is not None)]
    for expr in exprs:
        if expr.kind != "absolute" or expr.precision != "day":
            continue
        found = resolve(expr, day)
        if found is not None and abs(found.start - day) <= limit:
            return True
    return False


def _doubted_stamp(analysis: ArticleAnalysis, pub: PublicationDate,
                   catalog_anchors: Sequence[Anchor]) -> PublicationDate:
    """A day stamp checked against the content's own relative dates (the stamp-vs-
    content consistency check). When, resolved against the stamp, the article's
    weekdays and day words match no catalog event (score 0) while resolved against a
    day more than :data:`DOUBT_MIN_DAYS` away (within :data:`DOUBT_WINDOW_DAYS`) they
    match with a score of at least :data:`DOUBT_MIN_SCORE` and one best day, the stamp
    is doubted and the content's day is preferred (the evidence says so); otherwise
    the stamp stands."""
    day = pub.date
    if day is None or score_day(analysis, catalog_anchors, day) > 0:
        return pub
    if _printed_day_agrees(analysis, day):
        return pub
    window = dt.timedelta(days=DOUBT_WINDOW_DAYS)
    found = match_catalog(analysis, catalog_anchors, day - window, day + window,
                          source="inferred", min_score=DOUBT_MIN_SCORE)
    if found is None or found.date is None or abs((found.date - day).days) <= DOUBT_MIN_DAYS:
        return pub
    return PublicationDate(
        found.date, "day", "inferred", found.earliest, found.latest,
        f"stamp doubted: {pub.evidence} contradicts the content ({found.evidence})"[:500],
    )
