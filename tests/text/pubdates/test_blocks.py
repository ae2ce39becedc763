"""The linear cross-document dating gives exactly the dates of the unpartitioned solver."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.events.catalog import load_catalog
from analysis.events.pipeline import process_article
from analysis.parallel import map_ordered
from analysis.text.articles import keep_distinct, list_article_paths
from analysis.text.pubdates.blocks import date_articles_linear, representatives
from analysis.text.pubdates.inference import Anchor, anchors_from_catalog
from analysis.text.pubdates.metadata import load_metadata, metadata_publication
from analysis.text.pubdates.rounds import date_articles

CORPUS = config.ROOT.parent / "shared" / "corpus" / "articles"


def _inputs(folder: Path) -> tuple[list, dict]:
    records = map_ordered(process_article, list_article_paths(folder))
    articles, _ = keep_distinct(records)
    meta = load_metadata(folder)
    metadata = {r["article_id"]: metadata_publication(r) for r in meta.to_dict("records")}
    return [a.analysis for a in articles if a.analysis is not None], metadata


def _assert_identical(folder: Path, crossdoc: bool) -> None:
    analyses, metadata = _inputs(folder)
    anchors = anchors_from_catalog(load_catalog(config.CURATED_CATALOG_CSV))
    want = date_articles(analyses, anchors, metadata)
    got = date_articles_linear(analyses, anchors, metadata)
    assert list(got) == list(want)
    for article_id, pub in want.items():
        assert got[article_id] == pub, article_id  # every field, evidence text included
    if crossdoc:  # the case the reduction is for: dates from other articles' anchors
        assert any(p.source == "inferred-crossdoc" for p in want.values())


def test_seeds_identical() -> None:
    analyses, metadata = _inputs(config.SEEDS_DIR)
    anchors = anchors_from_catalog(load_catalog(config.CURATED_CATALOG_CSV))
    assert date_articles_linear(analyses, anchors, metadata) == date_articles(
        analyses, anchors, metadata)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_corpus_identical() -> None:
    _assert_identical(CORPUS, crossdoc=False)


@pytest.mark.slow
def test_generated_corpus_identical(tmp_path: Path) -> None:
    sys.path.insert(0, str(config.ROOT / "benchmarks"))
    try:
        from bench_articles import make_corpus
    finally:
        sys.path.remove(str(config.ROOT / "benchmarks"))
    make_corpus(tmp_path, 2000)
    _assert_identical(tmp_path, crossdoc=True)


def _anchor(source: str, announcement: bool = False, start: int = 1) -> Anchor:
    import datetime as dt

    day = dt.date(2019, 7, start)
    return Anchor(day, day, "talks", frozenset({"phone_call"}), False, "occurred", source,
                  f"evidence of {source}", announcement=announcement)


def test_representatives_keep_what_the_solver_can_pick() -> None:
    # Links: the first, and the first from another source; announcements: the first of
    # each of the two smallest sources; other blocks separately, order kept.
    a1, a2, a3, a4 = _anchor("b"), _anchor("b"), _anchor("c"), _anchor("d")
    n1, n2, n3, n4 = (_anchor(s, announcement=True) for s in ("z", "x", "y", "x"))
    other = _anchor("b", start=2)
    kept = representatives([a1, n1, a2, n2, other, a3, n3, a4, n4])
    assert kept == [a1, n2, other, a3, n3]
    assert kept[0] is a1 and kept[1] is n2
