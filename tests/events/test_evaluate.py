"""Scoring against a labelled corpus: the rules on small tables, and the real corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.events.evaluate import evaluate_folds, fold_of, load_gold, score
from analysis.events.pipeline import build_tables
from analysis.io import AnalysisError
from analysis.text.mentions import MENTION_COLUMNS

CORPUS = config.ROOT.parent / "shared" / "corpus"

GOLD_HEADER = ("article_id,language,published,published_tolerance_days,published_evidence,"
               "event_date,event_tolerance_days,category,direction,status,core,evidence,"
               "source_url,note\n")


def _gold(tmp_path: Path, rows: list[str]) -> pd.DataFrame:
    path = tmp_path / "gold.csv"
    path.write_text(GOLD_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return load_gold(path)


def _mention(article: str, date: str, category: str, direction: str, text: str = "Tuesday",
             date_end: str | None = None, precision: str = "day") -> dict[str, object]:
    row = dict.fromkeys(MENTION_COLUMNS, "")
    row.update(article_id=article, date=date, date_end=date_end or date, category=category,
               direction=direction, text=text, date_precision=precision,
               date_source="expression", sentence="s")
    return row


def _articles(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": a, "published": p, "published_precision": pr,
                          "published_source": "dateline", "published_evidence": ""}
                         for a, p, pr in rows])


def test_rules_on_a_small_table(tmp_path: Path) -> None:
    gold = _gold(tmp_path, [
        "a,en,2019-08-13,0,,2019-08-13,0,tariff,de-escalation,announced,1,x,,",
        "a,en,2019-08-13,0,,2019-09-01,0,tariff,neutral,scheduled,0,x,,",
        "b,en,2019-08-05,1,,2019-08-05,1,currency,escalation,occurred,1,x,,",
        "b,en,2019-08-05,1,,2019-08-05,0,agriculture,escalation,occurred,1,x,,",
        "c,de,2018-07-06,0,,2018-07-06,0,tariff,escalation,occurred,1,x,,",
    ])
    arts = _articles([("a", "2019-08-13", "day"), ("b", "2019-08-06", "day"),
                      ("c", "2018-07", "month")])
    mentions = pd.DataFrame([
        _mention("a", "2019-08-13", "tariff", "de-escalation"),
        _mention("a", "2018-09-01", "tariff", "escalation", text="Sept. 1"),  # wrong year
        _mention("b", "2019-08-04", "currency", "escalation"),  # within tolerance 1
        _mention("b", "2019-08-05", "agriculture", "neutral"),
        # a week range is not a day within tolerance 0
        _mention("c", "2018-07-02", "tariff", "escalation", date_end="2018-07-08",
                 precision="week"),
    ], columns=list(MENTION_COLUMNS))
    ev = score(arts, mentions, gold)
    got = ev.summary.set_index("measure")
    assert (got.loc["published", "value"], got.loc["published", "total"]) == (2, 3)
    assert (got.loc["core_found", "value"], got.loc["core_found", "total"]) == (3, 4)
    assert (got.loc["direction", "value"], got.loc["direction", "total"]) == (2, 3)
    assert got.loc["wrong_year", "value"] == 1
    assert not ev.passed
    assert set(ev.misses["measure"]) == {"published", "core_found", "direction", "wrong_year"}
    lang = ev.by_language.set_index("language")
    assert lang.loc["de", "core_found"] == 0 and lang.loc["en", "core_found"] == 3


def test_bad_gold_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="line 2: category 'war'"):
        _gold(tmp_path, ["a,en,2019-08-13,0,,2019-08-13,0,war,escalation,occurred,1,x,,"])
    with pytest.raises(AnalysisError, match="missing"):
        (tmp_path / "g2.csv").write_text("article_id\na\n", encoding="utf-8")
        load_gold(tmp_path / "g2.csv")


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"labelled corpus not found at {CORPUS}")
def test_corpus_reaches_the_needed_column() -> None:
    gold = load_gold(CORPUS / "gold.csv")
    tables = build_tables(CORPUS / "articles", config.CURATED_CATALOG_CSV, None)
    ev = score(tables.articles, tables.mentions, gold)
    got = ev.summary.set_index("measure")
    assert got.loc["published", "value"] >= 30, ev.misses.to_string()
    assert got.loc["core_found", "value"] >= 36, ev.misses.to_string()
    assert got.loc["direction", "value"] >= 0.8 * got.loc["direction", "total"]
    assert got.loc["wrong_year", "value"] == 0


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"labelled corpus not found at {CORPUS}")
def test_cli_writes_the_misses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", "--articles", str(CORPUS / "articles"), "--gold",
                 str(CORPUS / "gold.csv"), "--out", str(tmp_path)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "core_found" in printed and "language" in printed
    misses = pd.read_csv(tmp_path / "evaluation.csv", dtype=str, keep_default_na=False)
    assert list(misses.columns) == ["article", "measure", "expected", "found", "evidence"]


def test_fold_assignment_is_a_stable_hash() -> None:
    ids = [f"{i:03d}_article" for i in range(60)]
    folds = [fold_of(a, 5) for a in ids]
    assert folds == [fold_of(a, 5) for a in ids]  # deterministic
    assert set(folds) == set(range(5))  # every fold used on 60 ids
    # independent of which other articles exist: one id's fold never depends on the rest
    assert fold_of("001_article", 5) == fold_of("001_article", 5)
    assert fold_of("001_article", 3) in range(3)


def test_folds_bad_count_is_one_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_HEADER
                    + "a1,en,2019-05-15,0,x,2019-05-15,0,tech,escalation,occurred,1,e,u,n\n",
                    encoding="utf-8")
    with pytest.raises(AnalysisError, match="--folds 3"):
        evaluate_folds(tmp_path, gold, config.CURATED_CATALOG_CSV, 3)


@pytest.mark.slow  # the corpus scored in 3 folds plus the ablation: make test-fast skips it
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"labelled corpus not found at {CORPUS}")
def test_cli_folds_and_ablation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", "--articles", str(CORPUS / "articles"), "--gold",
                 str(CORPUS / "gold.csv"), "--out", str(tmp_path), "--folds", "3",
                 "--ablate"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "folds (3, each scored alone)" in printed and "stdev" in printed
    folds = pd.read_csv(tmp_path / "folds.csv")
    gold = load_gold(CORPUS / "gold.csv")
    # every gold article is scored in exactly one fold
    assert folds["articles"].sum() == gold["article_id"].nunique()
    assert (folds["published"] <= folds["published_total"]).all()
    single = pd.read_csv(tmp_path / "ablation.csv", dtype=str, keep_default_na=False)
    assert list(single.columns) == ["table", "key", "entry", "language", "checked", "article"]
    assert set(single["article"]) <= set(gold["article_id"])
