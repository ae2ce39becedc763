"""Publication days from what an article reports: its relative dates matched to the catalog.

An article without a usable date stamp is usually datable from the events it reports:
"China let the yuan weaken past 7 on Monday" is the catalog's 2019-08-05 row, so the
article was published on or soon after Monday 2019-08-05. For every candidate day ``D``
of a feasible range (the stamp's month, or the catalog's whole span for an undated
text) each dated mention whose day depends on ``D`` (weekdays, "today", "yesterday")
and the lead's undated news are resolved against ``D`` and scored:

.. math::

    S(D) = \\sum_m (w_m + b_m)\\,[\\exists c:\\ |r_m(D) - c| \\le 1]
           \\;-\\; \\sum_m [\\text{order violated}]

where ``c`` runs over the catalog events of a compatible category (the same, or tariff
with agriculture: retaliatory tariffs on soybeans are both) and a compatible direction
(a purchase does not match a purchase halt; a directed mention matches a neutral event
only of its own category and with its own date expression: :func:`_directions_fit`),
``w_m`` is 1 for a mention
with its own date expression and ½ for the undated news of the lead (its first two news
sentences: ``r_m(D) = D``), ``b_m`` is ½ when ``m`` and the matched ``c`` share a
substance key and 1 for each distinctive amount they both name, up to two
(:func:`amount_tokens`: "$50 billion", "128 products", in every supported language's word
for billion), and an order violation is a future-tense mention dated before ``D`` or a
past-tense one after it (news reports the past and announces the future).

Days written without a year take the year nearest the candidate day and count twice,
weakly: (1) by the news convention that a year-less day is of the current year (AP
style), a past one in another year more than :data:`CROSS_YEAR_DAYS` before ``D`` (a
future one after it) is half a violation; (2) one matching a catalog event of its kind
within :data:`YEARLESS_REACH` days of ``D`` adds :data:`YEARLESS_WEIGHT`, but only to
days the other evidence already qualifies: it breaks ties between weeks, it never dates
a text alone. The lead's undated news of a direction opposite to the only events of
its category within a weekday's reach of ``D`` costs its weight ("US drops the
manipulator label" is not the week the label was given).

Ties go to the day on which the mentions' dates fall nearest the catalog's days, then
nearest ``D`` itself (news is published soon after what it reports), then to the
earliest. A best score below :data:`MIN_SCORE` (unless the evidence reaches
:data:`SINGLE_WEEK_SCORE` in one week only of the range), or best-scoring days more
than :data:`AMBIGUOUS_DAYS` apart (the same evidence fits two weeks), gives ``None``:
the caller says ``unknown`` with the range; a day is never invented.

May import: ``analysis.text.articles``, ``analysis.text.direction``, ``analysis.text.mentions``,
``analysis.text.dates.resolve``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from analysis.text.direction import called_off
from analysis.text.mentions import ArticleAnalysis, RawMention, resolve_expr, substance_keys
from analysis.text.pubdates.stamps import PublicationDate

# Keys read on the mention's whole sentence, not only its expression's clause.
_SENTENCE_KEYS: frozenset[str] = frozenset({"in_force"})

# Rules whose date moves with the publication day, and how far from it they can land.
# Only day-precise ones: a week ("last week") would match some event in most weeks.
_RELATIVE_REACH: dict[str, int] = {"weekday": 7, "days": 2}
# A year-less day printed with its weekday ("Monday, September 24") names its year by
# weekday/date agreement (one year in seven): evidence like a relative date, reported
# within a few days of the publication day.
WEEKDAY_DATE_REACH: int = 3


def _reach(expr: object) -> int | None:
    """How far from the publication day a dated mention can lie, or ``None`` when its
    date does not depend on the publication day in a way the matcher can use."""
    rule = getattr(expr, "rule", ())
    if rule and rule[0] in _RELATIVE_REACH:
        return _RELATIVE_REACH[str(rule[0])]
    if rule and rule[0] == "date" and rule[1] is None and len(rule) > 4 \
            and rule[4] is not None:
        return WEEKDAY_DATE_REACH
    return None
_COMPATIBLE: dict[str, frozenset[str]] = {
    "tariff": frozenset({"tariff", "agriculture"}),
    "agriculture": frozenset({"agriculture", "tariff"}),
    "talks": frozenset({"talks"}),
    "tech": frozenset({"tech"}),
    "currency": frozenset({"currency"}),
}
MATCH_DAYS: int = 1
"""A mention matches a catalog event within this many days (the Beijing/Washington
calendar day and the event's own span)."""
AMBIGUOUS_DAYS: int = 7
MIN_SCORE: float = 1.5
"""One weekday alone does not date an undated article when it fits several weeks: a
second expression, the lead's own news or a shared key or amount must agree (a weekday
that fits one week only of the whole range is enough: :data:`SINGLE_WEEK_SCORE`). Within
a month-only stamp (a range of one month, not of two years) one match is enough:
``min_score=1``."""
_ONE = dt.timedelta(days=1)
OWN_NEWS_WEIGHT: float = 0.5
LEAD_SENTENCES: int = 2
KEY_BONUS: float = 0.5
AMOUNT_BONUS: float = 1.0
"""A distinctive amount named by both ("$34 billion") is worth a full match."""
MAX_AMOUNTS: int = 2
"""Each distinctive amount the sentence shares with the event adds :data:`AMOUNT_BONUS`, up
to this many: "$50 billion" fits every list of that size, "$50 billion" *and* "106
products" one announcement."""


class CatalogEvent(Protocol):
    """What the matcher needs of a catalog row
    (:class:`analysis.text.pubdates.inference.Anchor`)."""

    start: dt.date
    end: dt.date
    category: str
    direction: str
    keys: frozenset[str]
    numbers: frozenset[str]
    source: str


# "billion" in each supported language (the ``bn`` group): en billion/bn, sv and nl
# miljard(er), da/no/de/fr milliard(er/en/s) (de Mrd., no/da mia.), es mil millones /
# millardo, pt bilhão/bilhões. An amount in billions is distinctive whatever its language.
_NUMBER_RE = re.compile(
    r"(?<![\w.,])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?:(?P<pct>%|per\s?cent|percent|procent|prozent|pct)"
    r"|(?P<bn>bn\b|billion|mil\s+millones|millardos?|miljard|milliard|bilh[õo]es|bilh[ãa]o"
    r"|mrd\b|mia\b|md\b))?",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def amount_tokens(text: str) -> frozenset[str]:
    """Distinctive numbers of a text: amounts in billions ("$50 billion", "50bn",
    "34 Milliarden" -> ``50bn``/``34bn``) and counts of 20 or more that are not years
    ("128 US products" -> ``128``). Percentages and small numbers are too common to tie
    a text to a catalog row."""
    out = set()
    for m in _NUMBER_RE.finditer(text):
        raw = m.group(1).replace(",", "")
        if m.group("bn"):
            out.add(f"{float(raw):g}bn")
        elif not m.group("pct") and "." not in raw:
            value = int(raw)
            if value >= 20 and not 1900 <= value <= 2100:
                out.add(str(value))
    return frozenset(out)


@dataclass(frozen=True)
class _Evidence:
    mention: RawMention
    weight: float
    generates: bool  # whether it proposes candidate days (relative and own news)
    # the catalog events of a compatible category and direction, with the bonus of what
    # each shares with the mention
    events: tuple[tuple[CatalogEvent, float], ...] = ()
    # day -> (days off the nearest fitting event, its bonus): every match is a lookup
    near: dict[dt.date, tuple[int, float]] = field(default_factory=dict)
    # a day written without its year: only its order with the publication day counts
    order_only: bool = False
    # how far from the publication day its date may lie and still match (0: the default
    # reach of its rule)
    reach: int = 0
    # days on which the catalog holds an event of the mention's category and the opposite
    # direction (and none of its own): the lead's news cannot be that event
    opposed: frozenset[dt.date] = frozenset()


def _with_events(ev: _Evidence, events: Sequence[CatalogEvent], lang: str) -> _Evidence:
    m = ev.mention
    amounts = amount_tokens(m.sentence.text)
    # Like its amounts, whether the sentence reports a measure taking effect is read on
    # the whole sentence: "overnight to Monday the duties took effect" is the start
    # day's row, not the announcement's, whichever clause holds the weekday.
    keys = m.keys | (substance_keys(m.sentence.text, lang) & _SENTENCE_KEYS)
    fitting = tuple(
        (c, max(KEY_BONUS if keys & c.keys else 0.0,
                AMOUNT_BONUS * min(len(amounts & c.numbers), MAX_AMOUNTS)))
        for c in events
        if c.category in _COMPATIBLE[m.category] and _directions_fit(m, c)
    )
    near: dict[dt.date, tuple[int, float]] = {}
    for c, bonus in fitting:
        day = c.start - dt.timedelta(days=MATCH_DAYS)
        while day <= c.end + dt.timedelta(days=MATCH_DAYS):
            off = max(0, (c.start - day).days, (day - c.end).days)
            if day not in near or (off, -bonus) < (near[day][0], -near[day][1]):
                near[day] = (off, bonus)
            day += _ONE
    return _Evidence(m, ev.weight, ev.generates, fitting, near, reach=ev.reach,
                     opposed=_opposed_days(m, events) - near.keys())


def _directions_fit(m: RawMention, c: CatalogEvent) -> bool:
    """Whether a mention's direction allows it to be catalog event ``c``.

    A purchase is not a purchase halt (opposite directions never fit). A neutral
    mention fits any event. A directed mention fits a neutral or undirected event only
    of its own category and only with a date expression of its own: the lead's undated
    claim ("Trump lifts the duties") is the article's headline news and is not a
    neutral round of talks or an aid package; and a tariff mention is an agriculture
    event (retaliation on soybeans) only when both move the same way.
    """
    if m.direction == "neutral" or c.direction == m.direction:
        return True
    if c.direction not in ("neutral", ""):
        return False
    return c.category == m.category and m.expr is not None


_WEEK_REACH: int = max(_RELATIVE_REACH.values())
_OPPOSITE: dict[str, str] = {"escalation": "de-escalation", "de-escalation": "escalation"}


def _opposed_days(m: RawMention, events: Sequence[CatalogEvent]) -> frozenset[dt.date]:
    """The days from which a catalog event of ``m``'s own category and the opposite
    direction lies within reach of the text's weekdays (:data:`MATCH_DAYS` before it to
    a week after it), only for the lead's undated news, whose direction is the
    article's headline claim: "US drops the manipulator label" is not reported in the
    week the label was given."""
    if m.expr is not None or m.direction not in _OPPOSITE:
        return frozenset()
    out = set()
    for c in events:
        if c.category == m.category and c.direction == _OPPOSITE[m.direction]:
            # every day from which a weekday of the text could still reach the event
            day = c.start - dt.timedelta(days=MATCH_DAYS)
            while day <= c.end + dt.timedelta(days=MATCH_DAYS + _WEEK_REACH):
                out.add(day)
                day += _ONE
    return frozenset(out)


def _evidence(analysis: ArticleAnalysis, events: Sequence[CatalogEvent]) -> list[_Evidence]:
    out = []
    lead = sorted({m.sentence.start for m in analysis.mentions})[:LEAD_SENTENCES]
    for m in analysis.mentions:
        if m.category not in _COMPATIBLE:
            continue
        if m.expr is None:
            # The lead's undated news is the article's own: dated by its publication day.
            if m.own_news or m.sentence.start in lead:
                out.append(_Evidence(m, OWN_NEWS_WEIGHT, True))
            continue
        if _date_of_called_off(m, analysis.language):
            continue
        # Other dated mentions only order the publication day (:func:`_order_penalty`):
        # a day without its year fits whichever year the relative dates propose.
        if _reach(m.expr) is not None:
            out.append(_Evidence(m, 1.0, True))
            continue
        if _orders(m):
            out.append(_Evidence(m, 0.0, False, order_only=True))
        if _yearless_day(m.expr):
            # "will meet on June 28" beside a catalog event on June 29: the year-less day
            # takes the year nearest the candidate day and, matching an event of its
            # kind, tells apart weeks the relative dates fit equally (it proposes and
            # anchors no day itself: a day without its year fits every year).
            out.append(_Evidence(m, YEARLESS_WEIGHT, False, reach=YEARLESS_REACH))
    return [ev if ev.order_only else _with_events(ev, events, analysis.language)
            for ev in out]


def _date_of_called_off(m: RawMention, lang: str) -> bool:
    """Whether ``m``'s date follows a called-off escalation in its sentence ("canceled
    the planned tariff increase due Sunday", "aflyste planerne om at indføre ny told
    søndag"): the day the measure was due, which never came, so no evidence of when
    the calling off (the catalog's de-escalation) was. A date before it ("on Sunday
    called off the tariff rise") is the calling off's own and counts."""
    assert m.expr is not None
    before = m.sentence.text[:max(0, m.expr.start - m.sentence.start)]
    return bool(before) and called_off(before, lang)


YEARLESS_WEIGHT: float = 0.5
"""A year-less day matching a catalog event of its kind: half a relative date (it breaks
ties between the weeks the relative dates allow; it never dates a text alone)."""
YEARLESS_REACH: int = 31
"""How far from the publication day a year-less day may lie and still tell its week: news
dates the recent past and the coming weeks without a year."""


def _yearless_day(expr: object) -> bool:
    rule = getattr(expr, "rule", ())
    return len(rule) >= 4 and rule[0] == "date" and rule[1] is None


def _orders(m: RawMention) -> bool:
    """Whether a dated mention's tense or status orders it with the publication day: a
    year-less day in a past or future tense, a day or month with its year reported as
    past or scheduled."""
    assert m.expr is not None
    rule, tensed = m.expr.rule, m.expr.direction in ("past", "future")
    if rule[0] == "date" and rule[1] is None:
        return tensed
    return rule[0] in ("date", "month") and isinstance(rule[1], int) and (
        tensed or m.status in ("occurred", "scheduled"))


def _nearest_day(rule: tuple[object, ...], day: dt.date) -> dt.date | None:
    """A year-less day (``("date", None, month, day, ...)``) in the year nearest ``day``."""
    options = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            options.append(dt.date(year, int(rule[2]), int(rule[3])))  # type: ignore[call-overload]
        except ValueError:
            continue
    return min(options, key=lambda c: abs((c - day).days)) if options else None


def _order_penalty(ev: _Evidence, day: dt.date) -> float:
    """Order of a year-less day with the publication day ``day``: a day announced in the
    future tense ("will take effect on Sept. 24") lies after it (on it: half a
    violation, the news would say "today"), one in the past tense not after it (a day
    of slack for the Beijing/Washington calendar). Read in the year nearest ``day``: in
    the tense's own direction a year-less day fits every day."""
    expr = ev.mention.expr
    assert expr is not None
    if isinstance(expr.rule[1], int):
        # a date with its year: an occurred one is not after the publication day, a
        # scheduled one not before it (a day of slack either way)
        fixed = resolve_expr(expr, None)
        if fixed is None:
            return 0.0
        ahead = expr.direction == "future" or (
            expr.direction != "past" and ev.mention.status == "scheduled")
        if ahead:
            return 1.0 if fixed.end < day - _ONE else 0.0
        return 1.0 if fixed.start > day + _ONE else 0.0
    near = _nearest_day(expr.rule, day)
    if near is None:
        return 0.0
    if expr.direction == "future":
        penalty = 1.0 if near < day else 0.5 if near == day else 0.0
    else:
        penalty = 1.0 if near > day + _ONE else 0.0
    return max(penalty, _other_year_penalty(expr.rule, day, expr.direction == "future"))


CROSS_YEAR_DAYS: int = 45
"""How far across New Year a day written without its year may lie from the publication day
(``Dec. 20`` in a January article); beyond it a year-less day is one of the current year."""
OTHER_YEAR_PENALTY: float = 0.5


def _other_year_penalty(rule: tuple[object, ...], day: dt.date, future: bool) -> float:
    """The news convention for year-less days (AP style: the year is omitted for a day of
    the current year): the occurrence a tense points to (the last one on or before
    ``day`` for the past, the next one for the future) lies in ``day``'s year, or within
    :data:`CROSS_YEAR_DAYS` across New Year. Otherwise the day is half a violation: "was
    arrested on 1 December" fits December and January, not the following May."""
    month, dom = int(rule[2]), int(rule[3])  # type: ignore[call-overload]
    options = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            options.append(dt.date(year, month, dom))
        except ValueError:
            continue
    pointed = [o for o in options if (o >= day if future else o <= day + _ONE)]
    if not pointed:
        return 0.0
    target = min(pointed) if future else max(pointed)
    if target.year == day.year or abs((target - day).days) <= CROSS_YEAR_DAYS:
        return 0.0
    return OTHER_YEAR_PENALTY


def _resolved(ev: _Evidence, day: dt.date) -> tuple[dt.date, dt.date] | None:
    if ev.mention.expr is None:
        return day, day
    res = resolve_expr(ev.mention.expr, day)
    return None if res is None else (res.start, res.end)


def _match(span: tuple[dt.date, dt.date], ev: _Evidence) -> tuple[int, float] | None:
    """(days off the nearest fitting catalog event, the bonus of what it shares:
    :data:`KEY_BONUS` for a substance key, :data:`AMOUNT_BONUS` for an amount)."""
    if span[0] == span[1]:
        return ev.near.get(span[0])
    best: tuple[int, float] | None = None
    for c, bonus in ev.events:
        off = max(0, (c.start - span[1]).days, (span[0] - c.end).days)
        if off <= MATCH_DAYS and (best is None or (off, -bonus) < (best[0], -best[1])):
            best = (off, bonus)
    return best


def _score(day: dt.date, evidence: Sequence[_Evidence]) -> tuple[float, int, int, float]:
    """(score, distance of the mentions' dates from ``day``, days off the catalog, the
    score without the year-less days' matches).

    The score is 0 unless a relative expression of the article matches, or the lead
    names an amount or key of the event it matches: undated news on its own fits any
    day near an event of its category.
    """
    score, recency, off_total, anchored, yearless = 0.0, 0, 0, False, 0.0
    # One expression reporting several events (a sentence on talks *and* tariffs) is one
    # piece of evidence: its best-matching mention counts.
    best_of: dict[int, float] = {}
    for ev in evidence:
        if ev.order_only:
            score -= _order_penalty(ev, day)
            continue
        span = _resolved(ev, day)
        if span is None:
            continue
        m = ev.mention
        # Order, only where the expression's own tense says it ("last Monday", "on
        # Friday" after "will"): news reports the past and announces the future.
        tense = m.expr.direction if m.expr is not None else ""
        late = tense == "future" and span[1] < day - _ONE
        if late or (tense == "past" and span[0] > day + _ONE):
            score -= 1
        distance = min(abs((span[0] - day).days), abs((span[1] - day).days))
        if not ev.reach:  # a year-less day's distance is its own, not the text's recency
            recency += distance
        hit = _match(span, ev)
        if hit is None and day in ev.opposed:
            score -= ev.weight  # the headline's news contradicts the day's event
        if hit is not None and distance > (ev.reach or WEEKDAY_DATE_REACH) \
                and m.expr is not None and m.expr.rule[0] == "date":
            hit = None  # a weekday-dated day far from ``day`` does not date it
        if hit is not None:
            key = m.expr.start if m.expr is not None else -1 - m.sentence.start
            gain = ev.weight + hit[1]
            if gain > best_of.get(key, 0.0):
                score += gain - best_of.get(key, 0.0)
                if ev.reach:
                    yearless += gain - best_of.get(key, 0.0)
                best_of[key] = gain
            if not ev.reach:
                off_total += hit[0]
            # the lead anchors only through what it shares with the event (an amount)
            anchored = anchored or (ev.generates and (m.expr is not None or hit[1] > 0))
    if not anchored:
        return 0.0, recency, off_total, 0.0
    return score, recency, off_total, score - yearless


def _candidates(evidence: Sequence[_Evidence], lo: dt.date, hi: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for ev in evidence:
        if not ev.generates:
            continue
        reach = 0 if ev.mention.expr is None else _reach(ev.mention.expr) or 0
        for c, _ in ev.events:
            first = max(lo, c.start - dt.timedelta(days=reach + MATCH_DAYS))
            last = min(hi, c.end + dt.timedelta(days=reach + MATCH_DAYS))
            day = first
            while day <= last:
                days.add(day)
                day += dt.timedelta(days=1)
    return days


def score_day(analysis: ArticleAnalysis, events: Sequence[CatalogEvent],
              day: dt.date) -> float:
    """:math:`S(D)` of one day (used to weigh a date stamp against its day-first reading),
    without the year-less days' matches: like in :func:`match_catalog`, they only choose
    among days the other evidence dates."""
    return _score(day, _evidence(analysis, events))[3]


SINGLE_WEEK_SCORE: float = 1.0
"""A score below :data:`MIN_SCORE` (one relative date matching) still dates a text when it
is reached in one week only of the whole range: the evidence is weak but not ambiguous
(a rare kind of event: "the yuan was labelled manipulated this Tuesday")."""


def _one_week(
    every: dict[dt.date, tuple[float, int, int, float]],
) -> dict[dt.date, tuple[float, int, int, float]]:
    """The days scoring at least :data:`SINGLE_WEEK_SCORE` when they lie within
    :data:`AMBIGUOUS_DAYS` of each other, else none."""
    weak = {d: s for d, s in every.items() if s[3] >= SINGLE_WEEK_SCORE}
    if not weak or max(weak) - min(weak) > dt.timedelta(days=AMBIGUOUS_DAYS):
        return {}
    return weak


def match_catalog(
    analysis: ArticleAnalysis, events: Sequence[CatalogEvent], lo: dt.date, hi: dt.date,
    source: str = "inferred", min_score: float = MIN_SCORE,
) -> PublicationDate | None:
    """The publication day in ``lo..hi`` that best matches the catalog (module notes).

    Returns
    -------
    PublicationDate or None
        Day precision, ``earliest``/``latest`` the days sharing the best score; ``None``
        when nothing matches or the best days are too far apart to choose.
    """
    evidence = _evidence(analysis, events)
    if not evidence:
        return None
    days = _candidates(evidence, lo, hi)
    if not days:
        return None
    # The year-less days only choose among days the other evidence already dates: a day
    # qualifies on its score without them (:data:`YEARLESS_WEIGHT`).
    every = {d: _score(d, evidence) for d in sorted(days)}
    scored = {d: s for d, s in every.items() if s[3] >= min_score}
    if not scored and min_score <= MIN_SCORE:  # never where the caller asks for more
        scored = _one_week(every)
    if not scored:
        return None
    best = max(s[0] for s in scored.values())
    top = sorted(d for d, s in scored.items() if s[0] == best)
    ranked = sorted(top, key=lambda d: (scored[d][2], scored[d][1], d))
    chosen = ranked[0]
    if top[-1] - top[0] > dt.timedelta(days=AMBIGUOUS_DAYS):
        return None  # the same evidence fits far-apart weeks: the text does not say which
    evidence_text = (
        f"catalog match: score {best:g} on {chosen} (days with that score {top[0]}..{top[-1]}; "
        f"chosen where the article's dates lie nearest the catalog, then nearest it); "
        + "; ".join(
            f"'{ev.mention.expr.text if ev.mention.expr is not None else 'lead'}' "
            f"{ev.mention.category}" for ev in evidence
            if not ev.order_only and (span := _resolved(ev, chosen)) is not None
            and _match(span, ev) is not None
        )
    )
    return PublicationDate(chosen, "day", source, top[0], top[-1], evidence_text[:500])
