"""Cross-document publication dates with less work per article: the solver of
:func:`analysis.text.pubdates.rounds.date_articles`, fed per round with one representative of
each block of interchangeable anchors.

Why not blocks of articles
--------------------------
The rounds of :func:`~analysis.text.pubdates.rounds.date_articles` let every undated article
link to every anchor of its category and specific key, however far in time: a link's
anchors each propose candidate days (the days most links agree on win, wherever they
are), and a *bound* ("a remark comes after the event") or the *announcement* rule is
met by anchors of any date. So cutting the articles into date windows would change
dates, and the connected components of the (category, key) graph are one block on a
real or generated corpus (1,000 generated articles: 15 keys, one component). What
grows with the corpus is the number of anchors each article is compared with, and most
of them are copies: many articles report the same call on the same day.

Blocks of anchors
-----------------
Two anchors that differ only in ``source`` and ``evidence`` constrain an article in the
same way. The solver of one article (:func:`~analysis.text.pubdates.inference.infer_publication`)
uses, of each such block,

* for links and bounds: the first anchor in list order whose source is not the article
  itself (``check`` returns the first anchor that holds; its evidence is quoted);
* for the announcement rule: the anchor with the smallest ``(start, source)`` (first
  in list order among equals), again not the article's own.

So keeping, per block, the first anchor and the first one from another source (links
and bounds), or the first anchor of each of the two smallest sources (announcements),
in list order, gives every article the same constraints, the same chosen anchors and
the same evidence, byte for byte, while the list an article is compared with is bounded
by the distinct (date range, category, keys, kind) combinations, not by the corpus.
:func:`date_articles_linear` runs the same rounds as ``date_articles`` on that reduced
list; a test asserts both give identical results on the seeds, the corpus and a
generated corpus of 2,000 articles.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from analysis.text.mentions import ArticleAnalysis
from analysis.text.pubdates.inference import Anchor
from analysis.text.pubdates.rounds import RoundSolver, date_articles
from analysis.text.pubdates.stamps import PublicationDate

# Every field but where the anchor comes from: equal on these, two anchors are one block.
_BLOCK_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Anchor) if f.name not in ("source", "evidence")
)


def _block(a: Anchor) -> tuple[Any, ...]:
    return tuple(getattr(a, name) for name in _BLOCK_FIELDS)


def representatives(anchors: Sequence[Anchor]) -> list[Anchor]:
    """The anchors an article's solver can use, at most two per block, in list order.

    Links and bounds use the first anchor of a block that is not the article's own, so
    the first anchor and the first from another source are kept; the announcement rule
    uses the smallest ``(start, source)``, so the first anchor of each of the block's two
    smallest sources is kept (the second stands in when the first is the article's own).
    """
    smallest: dict[tuple[Any, ...], list[str]] = {}
    for a in anchors:
        if a.announcement:
            srcs = smallest.setdefault(_block(a), [])
            if a.source not in srcs:
                srcs.append(a.source)
                srcs.sort()
                del srcs[2:]
    kept: list[Anchor] = []
    first_source: dict[tuple[Any, ...], str] = {}
    second: set[tuple[Any, ...]] = set()
    taken: set[tuple[tuple[Any, ...], str]] = set()
    for a in anchors:
        key = _block(a)
        if a.announcement:
            if a.source in smallest[key] and (key, a.source) not in taken:
                taken.add((key, a.source))
                kept.append(a)
        elif key not in first_source:
            first_source[key] = a.source
            kept.append(a)
        elif key not in second and a.source != first_source[key]:
            second.add(key)
            kept.append(a)
    return kept


def date_articles_linear(
    analyses: Iterable[ArticleAnalysis],
    catalog_anchors: Sequence[Anchor],
    metadata: Mapping[str, PublicationDate] | None = None,
    solve: RoundSolver | None = None,
    fixed: Mapping[str, PublicationDate] | None = None,
) -> dict[str, PublicationDate]:
    """Publication dates of a set of articles, identical to
    :func:`analysis.text.pubdates.rounds.date_articles` (with ``crossdoc``) but linear in the
    number of articles: each round's undated articles are solved against
    :func:`representatives` of the anchors instead of all of them.

    Parameters
    ----------
    analyses
        The analysed articles.
    catalog_anchors
        From :func:`analysis.text.pubdates.inference.anchors_from_catalog` (may be empty).
    metadata
        ``article_id -> PublicationDate`` from the sidecar.
    solve
        Where each round's articles are solved (see ``date_articles``).
    fixed
        Days taken as given (see ``date_articles``).
    """
    return date_articles(analyses, catalog_anchors, metadata, reduce_anchors=representatives,
                         solve=solve, fixed=fixed)
