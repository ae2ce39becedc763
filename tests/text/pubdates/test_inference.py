"""Publication dates of the seeds (acceptance) and the inference mechanism."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import config
from analysis.events.catalog import load_catalog
from analysis.text.articles import read_articles
from analysis.text.mentions import analyse_article, resolve_mentions
from analysis.text.pubdates import inference
from analysis.text.pubdates.inference import (
    anchors_from_catalog,
    anchors_from_mentions,
    infer_publication,
)
from analysis.text.pubdates.rounds import date_articles
from analysis.text.pubdates.stamps import PublicationDate

D = dt.date


@pytest.fixture(scope="module")
def analyses():
    articles, problems = read_articles(config.SEEDS_DIR)
    assert problems.empty
    return {a.article_id[:3]: analyse_article(a.article_id, a.text, a.language)
            for a in articles}


@pytest.fixture(scope="module")
def catalog_anchors():
    return anchors_from_catalog(load_catalog(config.CURATED_CATALOG_CSV))


@pytest.fixture(scope="module")
def dated(analyses, catalog_anchors):
    out = date_articles(analyses.values(), catalog_anchors)
    return {k[:3]: v for k, v in out.items()}


def test_datelines_head_and_foot(dated) -> None:
    assert (dated["003"].date, dated["003"].source) == (D(2019, 9, 20), "dateline")
    assert (dated["002"].date, dated["002"].source) == (D(2019, 7, 23), "dateline")
    assert "July 23, 2019 15:53 ET" in dated["002"].evidence


def test_001_inferred_from_its_own_dates(dated) -> None:
    pub = dated["001"]
    assert (pub.date, pub.precision, pub.source) == (D(2019, 7, 22), "day", "inferred")
    assert (pub.earliest, pub.latest) == (D(2019, 7, 22), D(2019, 7, 26))
    # the call "last week" is the July 18 call; the year comes from another document
    assert "same event 'July 18' = 'last week'" in pub.evidence
    assert "'July 21' = 002" in pub.evidence
    assert "year from the anchors" in pub.evidence


def test_004_dated_across_documents(dated) -> None:
    pub = dated["004"]
    assert (pub.date, pub.source) == (D(2019, 7, 22), "inferred-crossdoc")
    assert pub.earliest == D(2019, 7, 22)
    assert D(2019, 7, 26) <= pub.latest <= D(2019, 7, 28)
    assert "'Sunday' = 002" in pub.evidence


def test_000_swedish_dated_by_the_shanghai_round_and_its_announcement(dated) -> None:
    pub = dated["000"]
    assert (pub.date, pub.source) == (D(2019, 7, 26), "inferred-crossdoc")
    assert (pub.earliest, pub.latest) == (D(2019, 7, 26), D(2019, 7, 28))
    assert "TW-2019-07-31-talks" in pub.evidence
    assert "postdates its announcement: 002" in pub.evidence


def test_announcement_rule_narrows_the_range(analyses, catalog_anchors) -> None:
    """Without 002 (which reports the trip's announcement on 07-23) only the Shanghai
    round anchors 000: the range is wider and starts before Thursday 07-25."""
    pub = infer_publication(analyses["000"], catalog_anchors)
    assert pub.source == "inferred-crossdoc"
    assert "announcement" not in pub.evidence
    assert (pub.earliest, pub.latest) == (D(2019, 7, 23), D(2019, 7, 28))


def test_dates_resolved_against_the_inferred_day(analyses, dated) -> None:
    # one sentence may report several events: every mention of an expression has its date
    m = resolve_mentions(analyses["000"], dated["000"].date).set_index("text")
    assert set(m.loc[["i torsdags"], "date"]) == {"2019-07-25"}
    assert set(m.loc[["på tisdag"], "date"]) == {"2019-07-30"}
    m = resolve_mentions(analyses["004"], dated["004"].date).set_index("text")
    assert set(m.loc[["Sunday"], "date"]) == {"2019-07-21"}


def test_no_anchor_means_unknown_and_unresolved(catalog_anchors) -> None:
    text = ("Officials said on Tuesday that talks went well last week and will resume "
            "next week, the ministry said.")
    an = analyse_article("x", text, "en")
    out = date_articles([an], catalog_anchors)
    assert out["x"].source == "unknown" and out["x"].date is None
    m = resolve_mentions(an, out["x"].date)
    assert (m["date"] == "").all()


def test_metadata_beats_dateline(analyses, catalog_anchors) -> None:
    meta = PublicationDate(D(2019, 7, 24), "day", "metadata", D(2019, 7, 24), D(2019, 7, 24),
                           "metadata.csv")
    out = date_articles([analyses["002"]], catalog_anchors,
                        {analyses["002"].article_id: meta})
    assert out[analyses["002"].article_id] is meta


def test_anchors_from_mentions_keep_only_keyed_dated_mentions(analyses, dated) -> None:
    mentions = resolve_mentions(analyses["002"], dated["002"].date)
    anchors = anchors_from_mentions(mentions, {})
    assert anchors and all(a.keys for a in anchors)
    own = [a for a in anchors if a.announcement]
    assert {a.start for a in own} == {D(2019, 7, 23)}
    assert any("shanghai" in a.keys for a in own)


def test_crossdoc_off_uses_catalog_only(analyses, catalog_anchors) -> None:
    out = date_articles(analyses.values(), catalog_anchors, crossdoc=False)
    by = {k[:3]: v for k, v in out.items()}
    assert by["002"].source == "dateline"
    # 004's "Sunday" needs 002: with the catalog alone its phone call and "next week"
    # fit several dates, so it stays unknown rather than guessed
    assert (by["004"].source, by["004"].date) == ("unknown", None)
    assert by["004"].evidence.startswith("ambiguous")
    assert (by["000"].earliest, by["000"].latest) == (D(2019, 7, 23), D(2019, 7, 28))


@pytest.mark.parametrize("remark", [True, False])
def test_first_agreeing_bound_is_the_first_anchor_of_a_linear_scan(remark: bool) -> None:
    # The bisected bound must pick exactly the anchor the plain scan with ``_agrees``
    # picks (first in list order), for every resolved range, or dates would change.
    import random

    from analysis.text.dates.resolve import ResolvedDate

    rng = random.Random(7)
    base = D(2019, 1, 1)
    m = type("M", (), {"remark": remark})()
    for _ in range(200):
        bounds = []
        for i in range(rng.randint(0, 12)):
            start = base + dt.timedelta(days=rng.randint(0, 60))
            bounds.append(inference.Anchor(start, start + dt.timedelta(days=rng.randint(0, 9)),
                                          "tariff", frozenset({"k"}), not remark,
                                          "occurred", f"s{i}", f"e{i}"))
        first = inference._first_agreeing(bounds, remark)
        for _ in range(20):
            s = base + dt.timedelta(days=rng.randint(-10, 75))
            res = ResolvedDate(s, s + dt.timedelta(days=rng.randint(0, 9)), "day")
            want = next((a for a in bounds if inference._agrees(res, m, a)), None)
            assert first(res) is want


# (dated blacklisting, a licence extended "yesterday", the blacklisting "yesterday")
_LINK_DIRECTIONS = {
    "en": ("The Commerce Department put Huawei on its entity list on Wednesday.",
           "Washington extended a temporary license for Huawei yesterday.",
           "Washington put Huawei on a trade blacklist yesterday."),
    "de": ("Das Handelsministerium setzte Huawei am Mittwoch auf die schwarze Liste.",
           "Washington verlängerte gestern eine befristete Lizenz für Huawei.",
           "Washington setzte Huawei gestern auf eine schwarze Liste."),
    "fr": ("Le département du Commerce a placé Huawei mercredi sur sa liste noire.",
           "Washington a prolongé hier une licence temporaire pour Huawei.",
           "Washington a placé hier Huawei sur une liste noire."),
    "es": ("El Departamento de Comercio incluyó a Huawei el miércoles en su lista negra.",
           "Washington prorrogó ayer una licencia temporal para Huawei.",
           "Washington incluyó ayer a Huawei en una lista negra."),
}


@pytest.mark.parametrize("lang", sorted(_LINK_DIRECTIONS))
def test_texts_link_only_when_their_directions_are_compatible(lang: str) -> None:
    # a licence extended (de-escalation) is not the blacklisting (escalation) it
    # shares a company with: no link, no date; the same blacklisting links
    dated, opposite, same = _LINK_DIRECTIONS[lang]
    a = analyse_article("a", " date 2019-08-09 " + dated, lang)  # Wednesday = Aug 7
    pubs = date_articles([a, analyse_article("b", opposite, lang),
                          analyse_article("c", same, lang)], [])
    assert pubs["b"].date is None
    assert pubs["c"].date == dt.date(2019, 8, 8)


def test_a_dating_run_releases_its_link_cache(analyses, catalog_anchors) -> None:
    # The link cache is unbounded within a run (a bounded LRU thrashed on large corpora)
    # and must be empty after it, or a long session would keep every run's keys.
    link_days = inference._link_days
    first = date_articles(analyses.values(), catalog_anchors)
    assert link_days.cache_info().currsize == 0
    assert date_articles(analyses.values(), catalog_anchors) == first
