from __future__ import annotations

import errno
import multiprocessing
import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.io import (
    AnalysisError,
    finish_interrupted,
    read_bytes,
    read_csv_checked,
    replace_together,
    require_columns,
    truthy,
    write_csv_atomic,
    write_json_atomic,
    write_text_atomic,
    write_together,
)


def test_write_csv_atomic_replaces_and_is_byte_stable(tmp_path: Path) -> None:
    df = pd.DataFrame({"b": [2.0, 1.0 / 3.0], "a": ["x", "y"]})
    out = tmp_path / "sub" / "t.csv"
    write_csv_atomic(df, out)
    first = out.read_bytes()
    write_csv_atomic(df, out)
    assert out.read_bytes() == first
    assert first.decode().splitlines()[0] == "b,a"
    assert b"\r" not in first


def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "t.csv"
    write_csv_atomic(pd.DataFrame({"a": [1]}), out)
    before = out.read_bytes()

    def boom(self: pd.DataFrame, path: Path, **kwargs: object) -> None:
        Path(path).write_text("half-writ")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(OSError, match="disk full"):
        write_csv_atomic(pd.DataFrame({"a": [2]}), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_write_json_atomic_sorted(tmp_path: Path) -> None:
    out = write_json_atomic({"b": 1, "a": [1, 2]}, tmp_path / "m.json")
    assert out.read_text().index('"a"') < out.read_text().index('"b"')


def test_read_csv_checked_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="file not found"):
        read_csv_checked(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(AnalysisError) as err:
        read_csv_checked(bad, required=("a", "c"))
    assert "missing column(s) c" in str(err.value)
    assert str(bad) in str(err.value)
    assert "\n" not in str(err.value)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(AnalysisError, match="cannot parse CSV"):
        read_csv_checked(empty)


def test_config_paths_anchor_at_repo_root() -> None:
    assert (config.ROOT / "pyproject.toml").is_file()
    assert config.SEEDS_DIR == config.ROOT / "seeds"
    assert config.EVENTS_CSV.parent == config.PROCESSED_DIR
    assert set(config.STUDY_TICKERS) <= set(config.TICKER_CALENDAR)


def test_market_data_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARKET_DATA_DIR", str(tmp_path))
    assert config.market_data_dir() == tmp_path.resolve()
    monkeypatch.setenv("MARKET_DATA_DIR", "")
    assert config.market_data_dir() is None
    monkeypatch.delenv("MARKET_DATA_DIR")
    expected = config.SHARED_MARKET_DATA if config.SHARED_MARKET_DATA.is_dir() else None
    assert config.market_data_dir() == expected


def test_seeds_are_an_identical_copy_of_shared() -> None:
    shared = config.ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    ours = sorted(p.name for p in config.SEEDS_DIR.glob("*.txt"))
    assert ours == sorted(p.name for p in shared.glob("*.txt"))
    for name in ours:
        assert (config.SEEDS_DIR / name).read_bytes() == (shared / name).read_bytes()


def test_atomic_writes_get_the_umask_mode_not_mkstemp_0600(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        out = write_csv_atomic(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644


# Replacing a group of files together ----------------------------------------------------

def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def test_write_together_replaces_every_file(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1.0 / 3.0]})
    write_together({tmp_path / "t.csv": frame, tmp_path / "n.md": "new", tmp_path / "b": b"\x00"})
    assert _files(tmp_path) == {"b": "\x00", "n.md": "new", "t.csv": "a\n0.3333333333\n"}
    assert (tmp_path / "t.csv").read_bytes() == write_csv_atomic(
        frame, tmp_path / "single.csv").read_bytes()


def test_failure_in_the_group_keeps_every_old_file(tmp_path: Path) -> None:
    write_together({tmp_path / "a.txt": "old a", tmp_path / "b.txt": "old b"})
    with pytest.raises(OSError, match="No space"), \
            replace_together([tmp_path / "a.txt", tmp_path / "b.txt"]) as (ta, tb):
        ta.write_text("new a")
        tb.write_text("new")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert _files(tmp_path) == {"a.txt": "old a", "b.txt": "old b"}  # no temporaries


def test_enospc_names_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(OSError) as err, replace_together([tmp_path / "a.txt"]):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert err.value.filename == str(tmp_path)


def _die_between_renames(folder: Path) -> None:
    """Child process: commit a group of two, then die after the first rename."""
    real = os.replace
    calls: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        real(src, dst)
        calls.append(str(dst))
        if str(dst).endswith("a.txt"):
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace  # type: ignore[assignment]
    write_together({folder / "a.txt": "new a", folder / "b.txt": "new b"})


def test_a_group_killed_mid_commit_is_finished_by_the_next_writer(tmp_path: Path) -> None:
    write_together({tmp_path / "a.txt": "old a", tmp_path / "b.txt": "old b"})
    child = multiprocessing.get_context("fork").Process(target=_die_between_renames,
                                                        args=(tmp_path,))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    state = _files(tmp_path)
    assert state["a.txt"] == "new a" and state["b.txt"] == "old b"  # the mix a kill leaves
    assert any(n.endswith(".together") for n in state)
    finish_interrupted(tmp_path)
    assert _files(tmp_path) == {"a.txt": "new a", "b.txt": "new b"}


def test_a_kill_before_the_commit_leaves_the_old_group(tmp_path: Path) -> None:
    write_together({tmp_path / "a.txt": "old a", tmp_path / "b.txt": "old b"})

    def die_while_writing(folder: Path) -> None:
        with replace_together([folder / "a.txt", folder / "b.txt"]) as (ta, _):
            ta.write_text("half")
            os.kill(os.getpid(), signal.SIGKILL)

    child = multiprocessing.get_context("fork").Process(target=die_while_writing,
                                                        args=(tmp_path,))
    child.start()
    child.join(30)
    assert len(list(tmp_path.glob(".*.tmp"))) == 2  # what the killed run left
    write_text_atomic("other", tmp_path / "c.txt")  # any later write into the folder...
    assert _files(tmp_path) == {"a.txt": "old a", "b.txt": "old b", "c.txt": "other"}


def test_temporaries_of_live_writers_and_foreign_files_are_kept(tmp_path: Path) -> None:
    live = tmp_path / f".x.png.{os.getpid()}-abcdefgh.tmp"
    live.write_text("mine, in progress")
    legacy_new = tmp_path / ".y.png.ab12cd34.tmp"  # old naming, recent: may be live
    legacy_new.write_text("?")
    legacy_old = tmp_path / ".z.png.ab12cd35.tmp"
    legacy_old.write_text("?")
    os.utime(legacy_old, (0, 0))
    other = tmp_path / ".hidden.tmp"
    other.write_text("not ours")
    finish_interrupted(tmp_path)
    assert live.exists() and legacy_new.exists() and other.exists()
    assert not legacy_old.exists()


def test_read_bytes_names_the_file_on_eio(tmp_path: Path) -> None:
    mem = Path("/proc/self/mem")
    if not mem.exists():
        pytest.skip("no /proc/self/mem to produce a real EIO on this system")
    link = tmp_path / "a.txt"
    link.symlink_to(mem)
    with pytest.raises(OSError) as err:
        read_bytes(link)
    assert err.value.errno == errno.EIO and err.value.filename == str(link)


def test_semicolon_separated_file_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("a;b\n1;2\n")
    with pytest.raises(AnalysisError, match=r"missing column\(s\) a, b \(the header is one column "
                                            r"split by semicolons"):
        read_csv_checked(path, required=("a", "b"))


def test_require_columns_names_the_table_and_every_missing_column() -> None:
    frame = pd.DataFrame({"a": [1], "b": [2]})
    require_columns(frame, ("a", "b"), "table")
    with pytest.raises(AnalysisError, match=r"^events: missing column\(s\) c, d$"):
        require_columns(frame, ("a", "c", "d"), "events")


def test_truthy_reads_bool_int_and_text_flag_columns() -> None:
    as_read = [pd.Series([True, False]), pd.Series([1, 0]),
               pd.Series(["True", "false"]), pd.Series([" yes", ""])]
    for column in as_read:
        assert truthy(column).tolist() == [True, False]
    assert not truthy(pd.Series([float("nan")])).iloc[0]


def test_require_columns_says_what_needs_them_and_hints_at_the_header() -> None:
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(AnalysisError,
                       match=r"^events: category dummies need column\(s\) sector$"):
        require_columns(frame, ("a", "sector"), "events", need="category dummies")
    padded = pd.DataFrame({" a ": [1], "b": [2]})
    with pytest.raises(AnalysisError, match=r"^t\.csv: missing column\(s\) a \(the header "
                                            r"has ' a ': remove the spaces"):
        require_columns(padded, ("a", "b"), Path("t.csv"))
    one = pd.DataFrame({"a;b": [1]})
    with pytest.raises(AnalysisError, match=r"missing column\(s\) a, b \(the header is one "
                                            r"column split by semicolons"):
        require_columns(one, ("a", "b"), "events")
