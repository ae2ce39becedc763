"""Scoring the events stage against a labelled corpus (``gold.csv`` of ``../shared/corpus``).

Four measures, the rules of issue 8's table:

``published``
    An article's publication date is right when the stage gives a *day* and it lies
    within ``published_tolerance_days`` of the gold day. A month-only or unknown answer
    is wrong (every gold article has a day); a gold ``YYYY-MM`` accepts any day of the
    month; an empty gold date accepts only ``unknown``.
``core_found``
    A core gold event (``core == 1``) is found when one of *its article's* dated mentions
    has the gold category and a date range lying wholly within
    ``event_date ± event_tolerance_days``. Several gold events may be found by the same
    mention (two tariff moves of one day).
``direction``
    Among the found core events: the direction voted by the matching mentions (the
    majority of escalation and de-escalation; ``neutral`` mentions carry no vote, and
    a tie or no vote is ``neutral``, as in :func:`analysis.events.merge.merge_mentions`)
    equals the gold direction.
``wrong_year``
    Mentions dated by a day written without its year ("Oct. 1", "15 de enero") whose
    resolved date lies more than :data:`WRONG_YEAR_DAYS` days from the gold
    publication date, unless a gold event of the same article lies within
    :data:`GOLD_NEAR_DAYS` days of it (an old date the text quotes).

A measure's *needed* value is the share of issue 8 (30/33, 36/42, 80 %, 0) applied to
the gold file's counts, rounded up.

May import: ``analysis.defaults``, ``analysis.io``, ``analysis.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import defaults
from analysis.events.catalog import load_catalog
from analysis.events.dating import load_dating_anchor_table
from analysis.events.pipeline import (
    ArticleRecord,
    build_tables,
    cross_document,
    process_article,
)
from analysis.events.table import OVERRIDE_COLUMNS
from analysis.io import AnalysisError, read_csv_checked
from analysis.text.ablation import single_article_entries
from analysis.text.articles import list_article_paths, read_outcome
from analysis.text.dates.resolve import find_date_expressions
from analysis.text.pubdates.metadata import load_metadata

GOLD_COLUMNS: tuple[str, ...] = (
    "article_id", "language", "published", "published_tolerance_days", "event_date",
    "event_tolerance_days", "category", "direction", "core", "evidence",
)
MISS_COLUMNS: tuple[str, ...] = ("article", "measure", "expected", "found", "evidence")
MEASURES: tuple[str, ...] = ("published", "core_found", "direction", "wrong_year")
# Shares needed (issue 8): 30 of 33 dates, 36 of 42 core events, 80 % of directions.
NEEDED_SHARE: dict[str, float] = {"published": 30 / 33, "core_found": 36 / 42, "direction": 0.80}
WRONG_YEAR_DAYS: int = 183
# A far day is still the right year when a gold event of its article lies this close:
# an old date the text quotes (wrongly by a few days, as some sources do).
GOLD_NEAR_DAYS: int = 7


@dataclass(frozen=True)
class Evaluation:
    """Scores of one run.

    Attributes
    ----------
    summary : pandas.DataFrame
        ``measure, value, total, needed, ok``: one row per :data:`MEASURES`.
    by_language, by_category : pandas.DataFrame
        Counts per language (articles, dates right, core events, found, direction right)
        and per gold category (core events, found, direction right).
    misses : pandas.DataFrame
        :data:`MISS_COLUMNS`, one row per miss, sorted.
    """

    summary: pd.DataFrame
    by_language: pd.DataFrame
    by_category: pd.DataFrame
    misses: pd.DataFrame

    @property
    def passed(self) -> bool:
        """Whether every measure reaches its needed value."""
        return bool(self.summary["ok"].all())


def _day(value: str, path: Path, line: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AnalysisError(f"{path}: line {line}: {column} {value!r} is not YYYY-MM-DD") from None


def load_gold(path: Path) -> pd.DataFrame:
    """Read and check a gold file in the corpus format.

    Raises
    ------
    AnalysisError
        Missing file or column, a bad date, tolerance, category, direction or core flag
        (naming the file and the line).
    """
    path = Path(path)
    frame = read_csv_checked(path, required=GOLD_COLUMNS, dtype=str, keep_default_na=False)
    if frame.empty:
        raise AnalysisError(f"{path}: no gold rows")
    for line, r in enumerate(frame.to_dict("records"), start=2):
        pub = r["published"].strip()
        if pub and len(pub) == 7:
            _day(pub + "-01", path, line, "published")
        elif pub:
            _day(pub, path, line, "published")
        for col in ("published_tolerance_days", "event_tolerance_days"):
            if r[col].strip() and not r[col].strip().isdigit():
                raise AnalysisError(f"{path}: line {line}: {col} {r[col]!r} is not a number")
        if r["event_date"].strip():
            _day(r["event_date"].strip(), path, line, "event_date")
            if r["category"] not in defaults.CATEGORIES:
                raise AnalysisError(f"{path}: line {line}: category {r['category']!r} unknown")
            if r["direction"] not in defaults.DIRECTIONS:
                raise AnalysisError(
                    f"{path}: line {line}: direction {r['direction']!r} unknown")
        if r["core"].strip() not in ("0", "1", ""):
            raise AnalysisError(f"{path}: line {line}: core {r['core']!r} is not 0 or 1")
    return frame


def _needed(measure: str, total: int) -> int:
    if measure == "wrong_year":
        return 0
    return math.ceil(NEEDED_SHARE[measure] * total - 1e-9)


def _pub_right(gold: str, tol: int, got: str, precision: str) -> bool:
    if not gold:
        return precision == "unknown" or not got
    if precision != "day" or not got:
        return False
    day = dt.date.fromisoformat(got)
    if len(gold) == 7:
        return got[:7] == gold
    return abs((day - dt.date.fromisoformat(gold)).days) <= tol


def _vote(values: Iterable[str]) -> str:
    """As the events table votes (:func:`analysis.events.merge.merge_mentions`): the
    majority of escalation/de-escalation, neutral on a tie or when none has a signal."""
    values = list(values)
    esc, dee = values.count("escalation"), values.count("de-escalation")
    return "escalation" if esc > dee else "de-escalation" if dee > esc else "neutral"


def _is_yearless_day(text: str, lang: str) -> bool:
    """Whether an expression's text is a calendar day written without its year."""
    exprs = find_date_expressions(text, lang)
    return any(e.rule[0] == "date" and e.rule[1] is None for e in exprs)


def _gold_pub_day(gold: str) -> dt.date | None:
    if not gold:
        return None
    return dt.date.fromisoformat(gold if len(gold) == 10 else gold + "-15")


@dataclass
class _Tally:
    """What the scoring steps fill: the misses and the per-language/category counts."""

    misses: list[dict[str, str]] = field(default_factory=list)
    languages: dict[str, dict[str, int]] = field(default_factory=dict)
    categories: dict[str, dict[str, int]] = field(default_factory=dict)


def _score_published(first: pd.DataFrame, arts: dict[str, dict[str, Any]],
                     tally: _Tally) -> int:
    """Articles whose publication day is right (within the gold tolerance)."""
    n_pub = 0
    for g in first.to_dict("records"):
        aid = g["article_id"]
        a = arts.get(aid, {})
        got, precision = a.get("published", ""), a.get("published_precision", "unknown")
        tol = int(g["published_tolerance_days"] or 0)
        ok = _pub_right(g["published"], tol, got, precision)
        n_pub += ok
        lang = tally.languages.setdefault(g["language"], dict.fromkeys(
            ("articles", "published_right", "core", "core_found", "direction_right"), 0))
        lang["articles"] += 1
        lang["published_right"] += ok
        if not ok:
            tally.misses.append({
                "article": aid, "measure": "published",
                "expected": f"{g['published'] or 'unknown'} ±{tol}",
                "found": f"{got or 'unknown'} ({a.get('published_source', 'missing')})",
                "evidence": a.get("published_evidence", "")[:300],
            })
    return n_pub


def _core_hits(g: dict[str, Any], mentions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's mentions of the gold event: its category, a day range in tolerance."""
    day = dt.date.fromisoformat(g["event_date"])
    tol = int(g["event_tolerance_days"] or 0)
    lo, hi = day - dt.timedelta(days=tol), day + dt.timedelta(days=tol)
    return [m for m in mentions
            if m["category"] == g["category"] and len(m["date"]) == 10 and m["date_end"]
            and lo <= dt.date.fromisoformat(m["date"])
            and dt.date.fromisoformat(m["date_end"]) <= hi]


def _score_core(core: pd.DataFrame, by_article: dict[str, list[dict[str, Any]]],
                tally: _Tally) -> tuple[int, int]:
    """Core gold events found (and of those, with the right direction)."""
    n_found = n_dir = 0
    for g in core.to_dict("records"):
        aid, cat = g["article_id"], g["category"]
        tol = int(g["event_tolerance_days"] or 0)
        hits = _core_hits(g, by_article.get(aid, ()))
        lang, cats = tally.languages[g["language"]], tally.categories.setdefault(
            cat, {"core": 0, "core_found": 0, "direction_right": 0})
        lang["core"] += 1
        cats["core"] += 1
        expected = f"{g['event_date']} ±{tol} {cat}/{g['direction']}"
        if not hits:
            same_day = [m for m in by_article.get(aid, ())
                        if m["date"][:10] == g["event_date"]]
            found = "; ".join(sorted({f"{m['date']} {m['category']}/{m['direction']}"
                                      for m in same_day})) or "no mention that day"
            tally.misses.append({"article": aid, "measure": "core_found",
                                 "expected": expected, "found": found,
                                 "evidence": g["evidence"]})
            continue
        n_found += 1
        lang["core_found"] += 1
        cats["core_found"] += 1
        direction = _vote(m["direction"] for m in hits)
        if direction == g["direction"]:
            n_dir += 1
            lang["direction_right"] += 1
            cats["direction_right"] += 1
        else:
            tally.misses.append({
                "article": aid, "measure": "direction", "expected": expected,
                "found": f"{direction} from "
                         + "; ".join(f"{m['text']}: {m['direction']}" for m in hits),
                "evidence": hits[0]["sentence"][:300]})
    return n_found, n_dir


def _count_wrong_years(gold: pd.DataFrame, first: pd.DataFrame,
                       by_article: dict[str, list[dict[str, Any]]], tally: _Tally) -> int:
    """Year-less day mentions resolved far from publication and from every gold date."""
    n_wrong = 0
    gold_days: dict[str, list[dt.date]] = {}
    for r in gold.to_dict("records"):
        if r["event_date"]:
            gold_days.setdefault(r["article_id"], []).append(
                dt.date.fromisoformat(r["event_date"]))
    for g in first.to_dict("records"):
        pub = _gold_pub_day(g["published"])
        if pub is None:
            continue
        for m in by_article.get(g["article_id"], ()):
            if (m["date_precision"] != "day" or m["date_source"] != "expression"
                    or not _is_yearless_day(m["text"], g["language"])):
                continue
            got = dt.date.fromisoformat(m["date"])
            if abs((got - pub).days) > WRONG_YEAR_DAYS and not any(
                    abs((got - d).days) <= GOLD_NEAR_DAYS for d in gold_days[g["article_id"]]):
                n_wrong += 1
                tally.misses.append({"article": g["article_id"], "measure": "wrong_year",
                                     "expected": f"within {WRONG_YEAR_DAYS} days of {pub}",
                                     "found": f"'{m['text']}' -> {m['date']}",
                                     "evidence": m["sentence"][:300]})
    return n_wrong


def _summary(totals: dict[str, tuple[int, int]]) -> pd.DataFrame:
    rows = []
    for measure in MEASURES:
        value, total = totals[measure]
        need = _needed(measure, total)
        ok = value == 0 if measure == "wrong_year" else value >= need
        rows.append({"measure": measure, "value": value, "total": total,
                     "needed": need, "ok": ok})
    return pd.DataFrame(rows)


def score(articles: pd.DataFrame, mentions: pd.DataFrame, gold: pd.DataFrame) -> Evaluation:
    """Score the events stage's ``articles``/``mentions`` tables against ``gold``.

    Parameters
    ----------
    articles, mentions
        As written by ``python -m analysis events`` (strings).
    gold
        From :func:`load_gold`.

    Returns
    -------
    Evaluation
    """
    arts = {str(r["article_id"]): r for r in articles.astype(str).to_dict("records")}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in mentions.astype(str).to_dict("records"):
        if r["date"]:
            by_article.setdefault(r["article_id"], []).append(r)
    tally = _Tally()
    first = gold.drop_duplicates("article_id")
    n_pub = _score_published(first, arts, tally)
    core = gold[(gold["core"] == "1") & (gold["event_date"] != "")]
    n_found, n_dir = _score_core(core, by_article, tally)
    n_wrong = _count_wrong_years(gold, first, by_article, tally)
    summary = _summary({"published": (n_pub, len(first)), "core_found": (n_found, len(core)),
                        "direction": (n_dir, n_found), "wrong_year": (n_wrong, n_wrong)})
    by_language = pd.DataFrame.from_dict(tally.languages, orient="index").rename_axis(
        "language")
    by_category = pd.DataFrame.from_dict(tally.categories, orient="index").rename_axis(
        "category")
    miss_frame = pd.DataFrame(tally.misses, columns=list(MISS_COLUMNS)).sort_values(
        ["article", "measure", "expected"], kind="stable").reset_index(drop=True)
    return Evaluation(summary, by_language.sort_index().reset_index(),
                      by_category.sort_index().reset_index(), miss_frame)


def format_summary(ev: Evaluation) -> str:
    """The four measures as a small text table (value / total, needed, ok)."""
    lines = [f"{'measure':<12} {'value':>9} {'needed':>8}  ok"]
    for r in ev.summary.to_dict("records"):
        if r["measure"] == "wrong_year":
            value, need = f"{r['value']}", "0"
        elif r["measure"] == "direction":
            pct = 100 * r["value"] / r["total"] if r["total"] else 0.0
            value, need = f"{r['value']}/{r['total']} {pct:.0f}%", ">=80%"
        else:
            value, need = f"{r['value']}/{r['total']}", f">={r['needed']}"
        lines.append(f"{r['measure']:<12} {value:>9} {need:>8}  {'yes' if r['ok'] else 'NO'}")
    return "\n".join(lines)


def evaluate_folder(articles: Path, gold: Path,
                    catalog: Path, dating: Path | None = None) -> Evaluation:
    """Run the events stage on ``articles`` and score it against ``gold`` (no file
    written). No analyst overrides: they are curated for the seeds, and the score is
    the stage's own. ``dating``: the dating timeline that anchors publication dates
    (``None``: the catalog)."""
    gold_frame = load_gold(Path(gold))
    tables = build_tables(Path(articles), Path(catalog), None, dating_path=dating)
    return score(tables.articles, tables.mentions, gold_frame)


# ----------------------------------------------------------------------------------------
# Folds: held-out scores for a rule-based stage


def fold_of(article_id: str, folds: int) -> int:
    """The fold (``0 .. folds-1``) of an article: its id's SHA-256 modulo ``folds``.

    Deterministic and independent of the folder's content or order, so an article stays
    in its fold when the corpus grows (no shuffling, no seed).
    """
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()
    return int(digest, 16) % folds


@dataclass(frozen=True)
class FoldReport:
    """Per-fold scores (see :func:`evaluate_folds`).

    Attributes
    ----------
    per_fold : pandas.DataFrame
        ``fold, articles, published, published_total, core_found, core_total,
        direction, direction_total, wrong_year``: one row per fold, each fold dated
        and scored *alone*.
    spread : pandas.DataFrame
        ``measure, pooled, mean, min, max, stdev`` of the per-fold shares (percent) of
        ``published``, ``core_found``, ``direction`` and the per-fold ``wrong_year``
        counts; ``pooled`` is the share over all folds' articles scored in isolation.
    """

    per_fold: pd.DataFrame
    spread: pd.DataFrame


def _records(articles: Path) -> list[ArticleRecord]:
    return [process_article(p) for p in list_article_paths(Path(articles))]


def evaluate_folds(articles: Path, gold: Path, catalog: Path, folds: int,
                   dating: Path | None = None) -> FoldReport:
    """Score the stage fold by fold, each fold as a corpus of its own.

    What a fold means for a rule-based stage: nothing is fitted, so there is no
    training half; what can leak is *evidence from other articles*. Publication dates
    are inferred across documents (an article dated by its dateline anchors the
    mentions of others), so the score on the whole folder mixes each text's own
    evidence with its neighbours'. Here the articles are split into ``folds`` groups by
    :func:`fold_of` and each group is dated, resolved and scored with only its own
    articles and the curated catalog, as if it were a new batch of news nobody had
    looked at. The spread of the per-fold shares says how much the score depends on
    which texts are scored: a rule that helps only the article it was written for
    moves one fold, a general mechanism moves all of them.

    Parameters
    ----------
    articles, gold, catalog, dating
        As :func:`evaluate_folder`.
    folds
        Number of folds, at least 2.

    Raises
    ------
    AnalysisError
        ``folds`` below 2 or above the number of gold articles; the errors of
        :func:`load_gold` and the pipeline.
    """
    gold_frame = load_gold(Path(gold))
    ids = sorted(set(gold_frame["article_id"]))
    if not 2 <= folds <= len(ids):
        raise AnalysisError(f"{gold}: --folds {folds} must be between 2 and {len(ids)}")
    cat = load_catalog(Path(catalog))
    anchor_rows = load_dating_anchor_table(dating, cat)
    records = _records(articles)
    meta = load_metadata(Path(articles))
    overrides = pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    rows = []
    for k in range(folds):
        members = [r for r in records if fold_of(r.article_id, folds) == k]
        fold_gold = gold_frame[[fold_of(a, folds) == k for a in gold_frame["article_id"]]]
        if not members or fold_gold.empty:
            continue
        tables = cross_document(members, meta, cat, overrides, None, dating=anchor_rows)
        ev = score(tables.articles, tables.mentions, fold_gold.reset_index(drop=True))
        value = dict(zip(ev.summary["measure"], ev.summary["value"], strict=True))
        total = dict(zip(ev.summary["measure"], ev.summary["total"], strict=True))
        rows.append({
            "fold": k, "articles": int(fold_gold["article_id"].nunique()),
            "published": value["published"], "published_total": total["published"],
            "core_found": value["core_found"], "core_total": total["core_found"],
            "direction": value["direction"], "direction_total": total["direction"],
            "wrong_year": value["wrong_year"],
        })
    per_fold = pd.DataFrame(rows)
    return FoldReport(per_fold, _spread(per_fold))


def _spread(per_fold: pd.DataFrame) -> pd.DataFrame:
    """Pooled share, mean, min, max and population standard deviation of each measure
    over the folds (shares in percent; a fold with no total is left out)."""
    out = []
    for measure, total in (("published", "published_total"), ("core_found", "core_total"),
                           ("direction", "direction_total"), ("wrong_year", None)):
        if total is None:
            values = [float(v) for v in per_fold[measure]]
            pooled = float(sum(values))
        else:
            pairs = [(v, t) for v, t in zip(per_fold[measure], per_fold[total], strict=True)
                     if t]
            values = [100.0 * v / t for v, t in pairs]
            denominator = sum(t for _, t in pairs)
            pooled = 100.0 * sum(v for v, _ in pairs) / denominator if denominator else 0.0
        out.append({
            "measure": measure, "pooled": round(pooled, 1),
            "mean": round(statistics.fmean(values), 1) if values else 0.0,
            "min": round(min(values), 1) if values else 0.0,
            "max": round(max(values), 1) if values else 0.0,
            "stdev": round(statistics.pstdev(values), 1) if values else 0.0,
        })
    return pd.DataFrame(out)


def format_folds(report: FoldReport) -> str:
    """The per-fold table and the spread, as text."""
    return (report.per_fold.to_string(index=False) + "\n\n"
            + report.spread.to_string(index=False))


def ablation_table(articles: Path) -> pd.DataFrame:
    """Lexicon and pattern entries that fire in exactly one article of ``articles``
    (:func:`analysis.text.ablation.single_article_entries`; each article in the
    language the stage detects for it)."""
    texts: list[tuple[str, str, str]] = []
    for path in list_article_paths(Path(articles)):
        read = read_outcome(path)
        if read.article is not None:
            texts.append((read.article_id, read.language, read.article.text))
    return single_article_entries(texts)
