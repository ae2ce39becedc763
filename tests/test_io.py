from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.io import AnalysisError, read_csv_checked, write_csv_atomic, write_json_atomic


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
