"""Month-only stamps as hard windows: the day of a page stamped ``date 2019-12``.

A page stamp may give only the month. The catalog matcher refines it when the content
matches a catalog row in that month (:func:`analysis.text.pubdates.rounds.refine_stamp`);
when it does not, the links to other dated articles still may: the same solver that
dates an undated text (:func:`analysis.text.pubdates.inference.infer_publication`) runs
with the month as a hard window, so a link can choose a day of the month but never move
the article out of it (the stamp is the page's own word on the month). A month the
content does not pin to one stretch of days stays month-precise: no day is invented.

May import: ``analysis.text.mentions``, ``analysis.text.pubdates`` (inference, stamps).
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.text.mentions import ArticleAnalysis
from analysis.text.pubdates.inference import (
    MAX_RANGE_DAYS,
    Anchor,
    AnchorIndex,
    infer_publication,
)
from analysis.text.pubdates.stamps import PublicationDate

MONTH_RANGE_DAYS: int = 7
"""The widest stretch of feasible days inside the month that still names its day (a
week: the solver's choice within it is the earliest day; more is the whole month)."""


def day_in_month(analysis: ArticleAnalysis, pub: PublicationDate, anchors: Sequence[Anchor],
                 index: AnchorIndex | None = None) -> PublicationDate:
    """``pub`` (a month-only stamp) refined to a day by the links to ``anchors``.

    Parameters
    ----------
    analysis
        The article.
    pub
        Its publication date; anything but a month-only stamp printed on the page
        (source ``dateline``, month precision, with its range) is returned unchanged:
        the metadata sidecar's dates are the analyst's and never re-read.
    anchors, index
        The catalog's and the dated articles' anchors (the article's own are ignored by
        the solver), and their index when one is at hand.

    Returns
    -------
    PublicationDate
        A day inside the month (source ``inferred`` or ``inferred-crossdoc``, the stamp
        quoted in the evidence) when the feasible days lie within
        :data:`MONTH_RANGE_DAYS` of each other; else ``pub``.
    """
    if pub.source != "dateline" or pub.precision != "month" or pub.earliest is None \
            or pub.latest is None:
        return pub
    found = infer_publication(analysis, anchors, index=index,
                              max_range=min(MAX_RANGE_DAYS, MONTH_RANGE_DAYS),
                              within=(pub.earliest, pub.latest))
    if found.date is None or found.earliest is None or found.latest is None:
        return pub
    return PublicationDate(found.date, "day", found.source, found.earliest, found.latest,
                           f"{pub.evidence} refined by {found.evidence}"[:500])
