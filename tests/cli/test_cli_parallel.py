"""``events`` and ``study`` on a 2-worker Dask cluster write the same bytes as the local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.events.pipeline import process_article
from analysis.market import calendars
from analysis.text.articles import keep_distinct, list_article_paths, read_articles
from benchmarks.bench_articles import make_corpus

# A local Dask cluster talks over 127.0.0.1 (and nothing else).
pytestmark = pytest.mark.loopback

N_ARTICLES = 300
N_TICKERS = 50


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated variations of the seeds plus the awkward cases: an empty file, a binary
    file, an exact and a re-saved duplicate, a German article and a metadata sidecar."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = make_corpus(folder, N_ARTICLES)
    (folder / "x_empty.txt").write_bytes(b"  \n")
    (folder / "x_binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    shutil.copy(paths[7], folder / "x_copy.txt")
    text = paths[8].read_text(encoding="utf-8")
    (folder / "x_resaved.txt").write_bytes(("\ufeff" + text.upper()).encode("utf-8"))
    (folder / "x_german.txt").write_text(
        "Die Regierung in Peking hat am Dienstag neue Zölle auf amerikanische Sojabohnen "
        "angekündigt. Die Gespräche sollen im September in Washington weitergehen, "
        "sagte das Handelsministerium am Montag.", encoding="utf-8")
    pd.DataFrame({"article_id": [paths[0].stem, paths[1].stem],
                  "published": ["2019-07-30", "2019-08"]}).to_csv(
        folder / "metadata.csv", index=False)
    return folder


EVENT_FILES = ("articles.csv", "mentions.csv", "events.csv")
STUDY_FILES = ("event_study.csv", "abnormal_returns.csv", "caar.csv")


def _same_bytes(a: Path, b: Path, names: tuple[str, ...]) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_streamed_reading_matches_read_articles(corpus: Path) -> None:
    """The per-file records, deduplicated after gathering, keep and flag the same files
    as the whole-folder reader."""
    articles, problems = read_articles(corpus)
    kept, flagged = keep_distinct([process_article(p) for p in list_article_paths(corpus)])
    assert [a.article_id for a in kept] == [a.article_id for a in articles]
    assert [a.sha256 for a in kept] == [a.sha256 for a in articles]
    pd.testing.assert_frame_equal(flagged, problems)
    assert {"x_empty", "x_binary", "x_copy", "x_resaved"} <= set(problems["article_id"])
    assert "x_german" in {a.article_id for a in kept}  # German has its own rules now
    # Compact: the records keep no article text.
    assert all(a.analysis is not None and a.analysis.text == "" for a in kept)


def test_events_distributed_equals_local(corpus: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    local, dist = tmp_path / "local", tmp_path / "dist"
    assert main(["events", "--articles", str(corpus), "--out", str(local)]) == 0
    printed_local = capsys.readouterr().out
    assert main(["events", "--articles", str(corpus), "--out", str(dist),
                 "--scheduler", "distributed", "--workers", "2"]) == 0
    printed_dist = capsys.readouterr().out
    _same_bytes(local, dist, EVENT_FILES)
    assert printed_local.replace(str(local), "OUT") == printed_dist.replace(str(dist), "OUT")
    arts = pd.read_csv(local / "articles.csv", keep_default_na=False)
    assert len(arts) == N_ARTICLES + 5
    assert arts.set_index("article_id").loc["x_copy", "problem"].startswith("duplicate of")
    assert (arts["published_source"] == "metadata").sum() == 2
    assert len(pd.read_csv(local / "events.csv")) > 100


def write_study_inputs(folder: Path, n_tickers: int = N_TICKERS) -> dict[str, Path]:
    """Synthetic returns of ``n_tickers`` stocks on the NYSE calendar and a market index,
    ten events (two on a weekend, one month-precise)."""
    rng = np.random.default_rng(7)
    days = calendars.sessions("^GSPC", "2017-06-01", "2019-12-31")
    market = rng.normal(0.0004, 0.01, len(days))
    frames = [pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "ticker": "^GSPC",
                            "price": 100 * np.cumprod(1 + market), "ret": market})]
    for i in range(n_tickers):
        ret = rng.uniform(0.2, 1.5) * market + rng.normal(0, 0.015, len(days))
        frames.append(pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "ticker": f"S{i:02d}",
                                    "price": 50 * np.cumprod(1 + ret), "ret": ret}))
    tidy = pd.concat(frames)
    tidy["log_ret"] = np.log1p(tidy["ret"])
    returns = folder / "returns.csv"
    tidy.to_csv(returns, index=False)
    events = folder / "events.csv"
    pd.DataFrame({
        "catalog_id": [f"E{i}" for i in range(10)],
        "date": ["2019-01-07", "2019-02-24", "2019-03-12", "2019-05-05", "2019-05-10",
                 "2019-06-18", "2019-07-18", "2019-07-19", "2019-08", "2019-10-11"],
        "category": ["talks", "talks", "tariff", "tariff", "tariff", "talks", "talks",
                     "talks", "agriculture", "talks"],
        "direction": ["de-escalation", "de-escalation", "escalation", "escalation",
                      "escalation", "de-escalation", "de-escalation", "de-escalation",
                      "neutral", "de-escalation"],
    }).to_csv(events, index=False)
    return {"returns": returns, "events": events}


def run_study(inputs: dict[str, Path], out: Path, tickers: list[str], *extra: str) -> int:
    return main(["study", "--events", str(inputs["events"]),
                 "--returns-file", str(inputs["returns"]),
                 "--quality-file", str(out / "no-quality.csv"), "--out", str(out),
                 "--tickers", ",".join(tickers), "--windows", "-1:1,0:0",
                 "--permutations", "200", "--seed", "11", *extra])


def test_study_on_a_cluster_equals_local(tmp_path: Path, cluster_address: str) -> None:
    inputs = write_study_inputs(tmp_path)
    tickers = [f"S{i:02d}" for i in range(N_TICKERS)]
    local, dist = tmp_path / "local", tmp_path / "dist"
    assert run_study(inputs, local, tickers) == 0
    assert run_study(inputs, dist, tickers, "--scheduler", "distributed",
                     "--address", cluster_address) == 0
    _same_bytes(local, dist, STUDY_FILES)
    car = pd.read_csv(local / "event_study.csv")
    assert car["ticker"].nunique() == N_TICKERS
    assert set(car["model"]) == {"constant", "market"}
    caar = pd.read_csv(local / "caar.csv")
    assert caar["ticker"].nunique() == N_TICKERS
    # A task's draws depend on the task alone: two tickers studied on their own get the
    # same permutation p-values as inside the 50-ticker run.
    alone = tmp_path / "alone"
    assert run_study(inputs, alone, ["S07", "S31"]) == 0
    few = pd.read_csv(alone / "caar.csv")
    both = caar[caar["ticker"].isin(["S07", "S31"])].reset_index(drop=True)
    # q_bh is a false-discovery rate over the whole table, so it alone depends on the
    # other tickers; every other column of a ticker's rows is its task's own.
    pd.testing.assert_frame_equal(few.drop(columns="q_bh"), both.drop(columns="q_bh"))
    perm = few[few["statistic"] == "permutation"]
    # ...and different tasks draw differently (not one stream reused for every ticker).
    s07 = perm[perm["ticker"] == "S07"]["p_value"].to_numpy()
    s31 = perm[perm["ticker"] == "S31"]["p_value"].to_numpy()
    assert len(s07) == len(s31) > 0 and not np.array_equal(s07, s31)


def test_cli_rejects_address_without_distributed(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--articles", str(config.SEEDS_DIR), "--out", str(tmp_path),
                 "--address", "tcp://127.0.0.1:1"]) == 2
    assert "--address needs --scheduler distributed" in capsys.readouterr().err
