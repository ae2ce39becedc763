"""The events stage's pipeline: articles -> publication dates -> mentions -> events.

Two steps: :func:`process_article` (one file -> a compact record, pure, so it runs on any
scheduler) and :func:`cross_document` (everything that needs all articles at once, on
the gathered records); :func:`build_tables` runs both on a folder. The tables are
identical whatever the scheduler. Nothing here writes a file: the ``events`` command
(:mod:`analysis.commands.events`) parses options, calls :func:`build_tables` and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from analysis.events.catalog import link_events, load_catalog
from analysis.events.dating import load_dating_anchor_table
from analysis.events.merge import merge_mentions
from analysis.events.table import (
    EVENT_COLUMNS,
    OVERRIDE_COLUMNS,
    apply_overrides,
    load_overrides,
)
from analysis.parallel import Scheduler, map_ordered, scheduler_session
from analysis.text.articles import (
    ArticleRead,
    keep_distinct,
    list_article_paths,
    other_paths,
    read_outcome,
)
from analysis.text.mentions import (
    MENTION_COLUMNS,
    ArticleAnalysis,
    analyse_article,
    mention_records,
)
from analysis.text.pubdates.blocks import date_articles_linear
from analysis.text.pubdates.inference import (
    Anchor,
    AnchorIndex,
    anchors_from_catalog,
    infer_publication,
)
from analysis.text.pubdates.metadata import load_metadata, metadata_publication
from analysis.text.pubdates.rounds import RoundSolver
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate

ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "language", "published", "published_precision", "published_source",
    "n_chars", "published_earliest", "published_latest", "published_evidence", "encoding",
    "sha256", "problem",
)


@dataclass
class EventTables:
    """The three output tables and the one-line notes printed for the user."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    notes: list[str]


def _label(day: dt.date | None, precision: str) -> str:
    if day is None:
        return ""
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return day.isoformat()


@dataclass(frozen=True)
class ArticleRecord(ArticleRead):
    """What the per-article step returns for one file: its reading without the text
    (``article`` is always ``None``) and the analysis the cross-document steps need.

    ``analysis`` keeps the dateline and the raw mentions (with their sentences and date
    expressions); the text, the sentence list and the unused expressions are dropped so
    that gathered records stay small.
    """

    analysis: ArticleAnalysis | None = None


def process_article(path: Path) -> ArticleRecord:
    """The per-article step: read, detect the language, find dates and raw mentions.

    Pure (the result depends on the file alone), so it runs anywhere: in this process
    or on a Dask worker, in any order.
    """
    read = read_outcome(Path(path))
    article = read.article
    kept = {f.name: getattr(read, f.name) for f in fields(read) if f.name != "article"}
    if article is None:
        return ArticleRecord(**kept)
    analysis = analyse_article(article.article_id, article.text, article.language)
    return ArticleRecord(**kept, analysis=replace(analysis, text="", sentences=[],
                                                  expressions=[]))


# News about a 2018-2020 trade war: publication years outside this range are typos.
PLAUSIBLE_YEARS: tuple[int, int] = (1990, dt.date.today().year + 1)


def implausible_years(meta: pd.DataFrame, folder: Path) -> tuple[pd.DataFrame, list[str]]:
    """Metadata without its implausible ``published`` dates, and one note per date dropped.

    A ``published`` year outside :data:`PLAUSIBLE_YEARS` is a typo (2100 for 2019): it is
    ignored, so the article is dated from its dateline or other articles, never from it
    (events dated 2099 would be invented and real ones lost).
    """
    lo, hi = PLAUSIBLE_YEARS
    bad = meta["published"].map(lambda d: isinstance(d, dt.date) and not lo <= d.year <= hi)
    notes = [
        f"{folder / 'metadata.csv'}: {r['article_id']}: published {r['published']} is "
        f"outside {lo}..{hi}; ignored (check the year)"
        for r in meta[bad].to_dict("records")
    ]
    if bad.any():
        meta = meta.copy()
        meta["published"] = meta["published"].astype(object).where(~bad, None)
        meta.loc[bad, "published_precision"] = "unknown"
    return meta, notes


def build_tables(
    folder: Path, catalog_path: Path, overrides_path: Path | None,
    scheduler: Scheduler | None = None, dating_path: Path | None = None,
) -> EventTables:
    """Run the whole extraction on a folder and return the tables (no file written).

    The per-article step (:func:`process_article`) runs on ``scheduler`` (this process
    by default); the cross-document steps (publication dates inferred from other
    articles, merging mentions into events, ids, links) run here on the gathered
    records. The tables are identical whatever the scheduler.

    ``dating_path``: the dating timeline (:mod:`analysis.events.dating`) whose rows
    anchor publication dates; ``None`` anchors them on the catalog. Event links use
    the catalog either way.

    Raises
    ------
    AnalysisError
        Missing articles folder, bad catalog, timeline or overrides (one line each).
    """
    catalog = load_catalog(catalog_path)
    dating = load_dating_anchor_table(dating_path, catalog)
    # ``None``: no analyst overrides (the scores of ``evaluate`` are the stage's own).
    overrides = (load_overrides(overrides_path) if overrides_path is not None
                 else pd.DataFrame(columns=list(OVERRIDE_COLUMNS)))
    paths = list_article_paths(folder)
    meta, year_notes = implausible_years(load_metadata(folder), folder)
    # One session for both steps: a local cluster is started once, not per step.
    with scheduler_session(scheduler or Scheduler()) as plan:
        records = map_ordered(process_article, paths, plan, label="articles")
        # Names that are not articles are listed too (by file name, so x.html and x.txt
        # do not share an id): nothing in the folder is passed over without a word.
        records.extend(ArticleRecord(p.name, str(p), problem=reason)
                       for p, reason in other_paths(folder))
        tables = cross_document(records, meta, catalog, overrides, overrides_path, plan,
                                dating=dating)
    tables.notes.extend(year_notes)
    return tables


def cross_document(
    records: list[ArticleRecord], meta: pd.DataFrame, catalog: pd.DataFrame,
    overrides: pd.DataFrame, overrides_path: Path | None,
    scheduler: Scheduler | None = None, dating: pd.DataFrame | None = None,
) -> EventTables:
    """The steps that need every article at once, on the gathered per-article records:
    duplicates, publication dates (inferred from other articles), dated mentions,
    merging into events, overrides, catalog links and stable ids.

    Each dating round's articles are solved on ``scheduler`` (default: here), the
    rest here; the tables are the same either way.

    ``records`` in file-name order (as :func:`analysis.text.articles.list_article_paths`
    gives them); ``meta`` from :func:`analysis.text.pubdates.metadata.load_metadata`;
    ``dating``: the rows that anchor publication dates (the dating timeline; default
    ``catalog``), while event links always use ``catalog``.
    """
    articles, problems = keep_distinct(records)
    metadata = {r["article_id"]: metadata_publication(r) for r in meta.to_dict("records")}
    notes = [f"{r['path'] or r['article_id']}: {r['problem']}"
             for r in problems.to_dict("records")]
    analyses = [a.analysis for a in articles if a.analysis is not None]
    # Same dates as pubdates.date_articles, each article compared with fewer anchors.
    pubs = _publication_dates(analyses, catalog, dating, metadata, scheduler)
    problem_of: dict[str, list[str]] = {}
    for r in problems.to_dict("records"):
        problem_of.setdefault(r["article_id"], []).append(r["problem"])

    rows = []
    # One table from every article's records: a table per article and a concat of
    # thousands of them cost more than the dating itself.
    records_of_mentions: list[dict[str, object]] = []
    for article, analysis in zip(articles, analyses, strict=True):
        pub: PublicationDate = pubs.get(article.article_id, UNKNOWN_PUBLICATION)
        # Relative dates need a day-precise base; a month-precise dateline leaves them
        # open but still gives year-less days their year.
        base = pub.date if pub.precision in ("day", "month") else None
        records_of_mentions.extend(mention_records(analysis, base, pub.precision))
        rows.append({
            "article_id": article.article_id,
            "language": article.language,
            "published": _label(pub.date, pub.precision),
            "published_precision": pub.precision,
            "published_source": pub.source,
            "n_chars": article.n_chars,
            "published_earliest": pub.earliest.isoformat() if pub.earliest else "",
            "published_latest": pub.latest.isoformat() if pub.latest else "",
            "published_evidence": pub.evidence,
            "encoding": article.encoding,
            "sha256": article.sha256,
            "problem": "; ".join(problem_of.pop(article.article_id, [])),
        })
    for article_id, probs in problem_of.items():
        rows.append({c: "" for c in ARTICLE_COLUMNS} | {
            "article_id": article_id, "published_precision": "unknown",
            "published_source": "skipped", "problem": "; ".join(probs),
        })
    arts = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    arts = arts.sort_values(["article_id", "published_source"], kind="stable")
    mentions = pd.DataFrame(records_of_mentions, columns=list(MENTION_COLUMNS))
    events, mentions = merge_mentions(mentions)
    events, override_notes = apply_overrides(events, overrides, str(overrides_path))
    notes.extend(override_notes)
    events = link_events(events, catalog)
    mentions = _sort_mentions(mentions)
    return EventTables(arts.reset_index(drop=True), mentions,
                       events[list(EVENT_COLUMNS)].reset_index(drop=True), notes)


def _publication_dates(
    analyses: list[ArticleAnalysis], catalog: pd.DataFrame, dating: pd.DataFrame | None,
    metadata: dict[str, PublicationDate], scheduler: Scheduler | None,
) -> dict[str, PublicationDate]:
    """Publication dates anchored on the curated catalog first, then on the wider
    dating timeline for the articles the catalog leaves without a day.

    Why two tiers: the catalog's rows are the notable events most news reports; the
    timeline's added rows are many more, denser days. Weak evidence (a weekday and the
    lead's news) that fits one catalog event can fit several timeline events, and the
    solver then has more ways to fit background mentions. So a day the catalog gives
    is kept, and the timeline only dates what the catalog could not: an unknown date
    or a month-only stamp. Both tiers are ordinary runs of the same solver.
    """
    solve = _round_solver(scheduler)
    pubs = date_articles_linear(analyses, anchors_from_catalog(catalog), metadata,
                                solve=solve)
    if dating is None or not any(_open_range(p) for p in pubs.values()):
        return pubs
    # The days the catalog gave are fixed inputs of the second tier (as sidecar dates
    # are): it solves only the rest, against the timeline and those days' mentions, so
    # its cost is that of the few undated articles, not of a second full dating.
    fixed = {aid: p for aid, p in pubs.items() if p.precision == "day"}
    wider = date_articles_linear(analyses, anchors_from_catalog(dating), metadata,
                                 solve=solve, fixed=fixed)
    return {aid: prefer_catalog_day(pub, wider.get(aid)) for aid, pub in pubs.items()}


def _open_range(pub: PublicationDate) -> bool:
    """Whether the catalog tier left ``pub`` a bounded range but no day: the only case
    :func:`prefer_catalog_day` takes a timeline day for (so the second tier runs only
    when some article can gain from it)."""
    return pub.precision != "day" and pub.earliest is not None and pub.latest is not None


def prefer_catalog_day(first: PublicationDate,
                       wider: PublicationDate | None) -> PublicationDate:
    """The publication date from the catalog tier (``first``) unless it has no day and
    the timeline tier (``wider``) gives one inside ``first``'s feasible range.

    A day from the catalog is kept. The wider timeline may pick a day among those the
    catalog left open (a month-only stamp's month, an ambiguous range), never one
    outside them: more anchors may choose, not contradict. With no range at all the
    text stays undated: there the timeline's denser days let a weekday and a category
    fit some day by chance (on ``../shared/corpus`` the unbounded form dated one more
    text right and two more than 180 days off), and a far-off date misdates every
    relative mention of the text, where ``unknown`` costs only that text.
    """
    if not _open_range(first) or wider is None or wider.precision != "day" \
            or wider.date is None:
        return first
    if not first.earliest <= wider.date <= first.latest:  # type: ignore[operator]
        return first
    return wider


MIN_ROUND_TO_SHIP: int = 200
"""Articles a dating round needs before it goes to the scheduler: a smaller round is
solved here in less time than shipping its records and anchors takes."""


def _infer_one(index: AnchorIndex, analysis: ArticleAnalysis) -> PublicationDate:
    # The index holds the round's anchors: they are shipped once, not twice.
    return infer_publication(analysis, index.anchors, index=index)


def _round_solver(plan: Scheduler | None) -> RoundSolver | None:
    """Solve a dating round's articles on ``plan`` (``None`` for local: the loop in
    :func:`analysis.text.pubdates.rounds.date_articles`). Pure per article, and
    :func:`map_ordered` keeps the order, so the dates are the local ones."""
    if plan is None or plan.kind == "local":
        return None

    def solve(todo: list[ArticleAnalysis], anchors: Sequence[Anchor],
              index: AnchorIndex) -> list[PublicationDate]:
        if len(todo) < MIN_ROUND_TO_SHIP:
            return [infer_publication(a, anchors, index=index) for a in todo]
        return map_ordered(_infer_one, todo, plan, context=index, label="dating")

    return solve


def _sort_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    out = mentions[list(MENTION_COLUMNS)].copy()
    for col in ("start", "end", "sentence_start"):
        out[col] = pd.to_numeric(out[col].replace("", None), errors="coerce").astype("Int64")
    out["_undated"] = out["start"].isna()
    out = out.sort_values(["article_id", "sentence_start", "_undated", "start"], kind="stable")
    return out.drop(columns="_undated").reset_index(drop=True)
