"""``python -m analysis events`` end to end: outputs, reruns, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.events.pipeline import ARTICLE_COLUMNS
from analysis.events.table import EVENT_COLUMNS
from analysis.text.mentions import MENTION_COLUMNS

# The events the seeds date explicitly or relatively (issue 3's acceptance list).
REQUIRED_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("2019-07-18", "day", "talks"),        # the phone call
    ("2019-07-21", "day", "agriculture"),  # Xinhua report on purchase inquiries
    ("2019-07-22", "day", "tech"),         # White House meeting on Huawei sales
    ("2019-07-23", "day", "talks"),        # announcement of the Shanghai trip
    ("2019-07-25", "day", "agriculture"),  # the ministry's remarks "i torsdags"
    ("2019-07-30", "day", "talks"),        # the Shanghai round "på tisdag"
    ("2019-09-01", "day", "tariff"),       # the Sept 1 tariffs
    ("2019-09-19", "day", "talks"),        # the Sept 19 talks
    ("2019-05", "month", "tariff"),        # the May tariff hike
    ("2019-06", "month", "talks"),         # the June G20 meeting
)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["events", "--out", str(out)]) == 0
    return out


def test_outputs_and_columns(seed_run: Path) -> None:
    arts = _read(seed_run / "articles.csv")
    mentions = _read(seed_run / "mentions.csv")
    events = _read(seed_run / "events.csv")
    assert tuple(arts.columns) == ARTICLE_COLUMNS
    assert tuple(mentions.columns) == MENTION_COLUMNS
    assert tuple(events.columns) == EVENT_COLUMNS
    assert list(arts["article_id"]) == sorted(arts["article_id"])
    assert events["event_id"].is_unique
    got = arts.set_index(arts["article_id"].str[:3])
    assert got["published"].to_dict() == {
        "000": "2019-07-26", "001": "2019-07-22", "002": "2019-07-23", "003": "2019-09-20",
        "004": "2019-07-22",
    }
    assert got["published_source"].to_dict() == {
        "000": "inferred-crossdoc", "001": "inferred", "002": "dateline", "003": "dateline",
        "004": "inferred-crossdoc",
    }
    assert got.loc["000", "language"] == "sv"


def test_required_events_have_the_right_day_and_category(seed_run: Path) -> None:
    events = _read(seed_run / "events.csv")
    have = set(zip(events["date"], events["date_precision"], events["category"], strict=True))
    missing = [e for e in REQUIRED_EVENTS if e not in have]
    assert missing == []
    ev = events.set_index("event_id")
    assert ev.loc["EV-2019-07-21-agriculture", "articles"].count(";") == 2  # 001, 002, 004
    assert ev.loc["EV-2019-07-30-talks", "catalog_id"] == "TW-2019-07-31-talks"
    assert ev.loc["EV-2019-09-01-tariff", "catalog_id"] == "TW-2019-09-01-tariff"
    assert ev.loc["EV-2019-09-01-tariff", "timing"] == "non_trading_day"
    assert ev.loc["EV-2019-09-01-tariff", "override"].startswith("set_timing")
    assert ev.loc["EV-2019-06-talks", "catalog_id"] == "TW-2019-06-29-talks"


def test_mentions_quote_their_source(seed_run: Path) -> None:
    mentions = _read(seed_run / "mentions.csv")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in config.SEEDS_DIR.glob("*.txt")}
    dated = mentions[mentions["start"] != ""]
    assert len(dated) > 30
    for row in dated.itertuples():
        text = texts[row.article_id]
        assert text[int(row.start):int(row.end)] == row.text
        assert text[int(row.sentence_start):].startswith(row.sentence)
    assert set(mentions["date_source"]) <= {"", "expression", "publication", "sequence",
                                             "follow_on"}
    assert (mentions.loc[mentions["date"] == "", "date_source"] == "").all()


def test_rerun_is_byte_identical(seed_run: Path, tmp_path: Path) -> None:
    assert main(["events", "--out", str(tmp_path)]) == 0
    for name in ("articles.csv", "mentions.csv", "events.csv"):
        assert (tmp_path / name).read_bytes() == (seed_run / name).read_bytes()


def _bad_folder(root: Path) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for p in sorted(config.SEEDS_DIR.glob("*.txt"))[2:4]:
        shutil.copy(p, folder / p.name)
    seed = sorted(config.SEEDS_DIR.glob("*.txt"))[2]
    shutil.copy(seed, folder / "zz_copy.txt")                       # the same article twice
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "badbytes.txt").write_bytes(b"Trade talks \x81\x8d\x8f\x90\x9d resumed.")
    (folder / "huge.txt").write_bytes(b"Trade talks resumed on Tuesday. " * 330_000)
    (folder / "nodates.txt").write_text(
        "Trade negotiators from both countries said the tariffs hurt farmers.\n"
        "They said the talks would continue.\n", encoding="utf-8")
    (folder / "german.txt").write_text(
        "Die Handelsgespräche zwischen den Vereinigten Staaten und China wurden am "
        "Dienstag in Shanghai fortgesetzt, teilte das Handelsministerium mit.",
        encoding="utf-8")
    return folder


def test_bad_input_never_crashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _bad_folder(tmp_path)
    out = tmp_path / "out"
    assert main(["events", "--articles", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().err  # warnings go to stderr
    arts = _read(out / "articles.csv").set_index("article_id")
    problem = arts["problem"].to_dict()
    assert "duplicate of 002_a8811397f6ad08aa" in problem["zz_copy"]
    assert "empty" in problem["empty"]
    assert "binary" in problem["binary"]
    assert "undecodable" in problem["badbytes"] or arts.loc["badbytes", "encoding"] != ""
    assert "limit" in problem["huge"]
    assert problem["german"] == ""  # German has its own tables now
    for name in ("zz_copy", "empty", "binary", "huge"):
        assert arts.loc[name, "published_source"] == "skipped"
        assert f"warning: {folder / (name + '.txt')}:" in printed  # the path, not the id
    assert arts.loc["nodates", "published_source"] == "unknown"
    mentions = _read(out / "mentions.csv")
    assert (mentions.loc[mentions["article_id"] == "nodates", "date"] == "").all()
    assert (mentions["article_id"] == "nodates").sum() >= 1
    assert arts.loc["002_a8811397f6ad08aa", "published"] == "2019-07-23"


def test_missing_folder_is_a_one_line_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["events", "--articles", str(tmp_path / "nope"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "nope" in err
    assert not (tmp_path / "events.csv").exists()


def test_malformed_overrides_stop_before_writing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "overrides.csv"
    bad.write_text("action,event_id,date,timing,category,direction,note\n"
                   "set_timing,EV-2019-09-01-tariff,,non_trading_day,,,ok\n"
                   "fix_date,EV-2019-07-18-talks,July 18,,,,bad date\n")
    code = main(["events", "--overrides", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad} line 3: date 'July 18'" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_catalog_option_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cat = _read(config.CURATED_CATALOG_CSV)
    cat.loc[0, "category"] = "weather"
    path = tmp_path / "cat.csv"
    cat.to_csv(path, index=False)
    assert main(["events", "--catalog", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "cat.csv line 2: category 'weather'" in capsys.readouterr().err


def test_benchmark_corpus_is_deterministic_and_runs(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_articles", config.ROOT / "benchmarks" / "bench_articles.py")
    bench = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(bench)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = [p.read_text() for p in bench.make_corpus(tmp_path / "a", 12)]
    second = [p.read_text() for p in bench.make_corpus(tmp_path / "b", 12)]
    assert first == second
    seeds = {p.read_text() for p in config.SEEDS_DIR.glob("*.txt")}
    assert not seeds & set(first)  # variations, not copies
    assert bench.main(["bench", "15", "50000", "--whole", "10,20"]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    # The DONE-WHEN lines repeat each verdict for `make bench`'s table.
    done = [line for line in said if line.startswith("DONE-WHEN | ")]
    assert len(done) == 6 and all(line.endswith(("| PASS", "| FAIL")) for line in done)
    lines = [line for line in said if not line.startswith("DONE-WHEN | ")]
    rate, *stress, small, big, growth = lines[-6:]
    assert rate.startswith("bench_articles: ") and "articles/s on one core" in rate
    assert [line.split(",")[1][:30] for line in stress] == [
        "000-byte article (paragraphs)", "000-byte article (run-on)"]
    assert small.startswith("bench_articles whole events command: 10 articles, ")
    assert big.startswith("bench_articles whole events command: 20 articles, ")
    assert "CPU per article at 20 / at 10 = " in growth
