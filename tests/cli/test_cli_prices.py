"""``python -m analysis prices`` end to end, offline, into a temporary folder."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.io import LOCK_NAME, AnalysisError
from analysis.market import quality

OUTPUTS = (config.PRICES_CSV.name, config.RETURNS_CSV.name, config.QUALITY_CSV.name,
           config.QUALITY_SUMMARY_CSV.name)


@pytest.fixture
def snapshot(monkeypatch: pytest.MonkeyPatch) -> Path:
    if not (config.SHARED_MARKET_DATA / "manifest.json").is_file():
        pytest.skip(f"offline snapshot {config.SHARED_MARKET_DATA} is absent")
    monkeypatch.setenv("MARKET_DATA_DIR", str(config.SHARED_MARKET_DATA))
    return config.SHARED_MARKET_DATA


ARGS = ["prices", "--tickers", "^GSPC,ZS=F", "--start", "2018-01-01", "--end", "2020-12-31"]


def test_end_to_end(snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "interim"
    assert main([*ARGS, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "data quality" in printed
    assert "ZS=F thin" in printed and "2019-08-02..2019-08-13" in printed
    assert "ZS=F stale" in printed and "2018-03-22" in printed
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME) == sorted(OUTPUTS)

    bars = pd.read_csv(out / config.PRICES_CSV.name)
    assert list(bars.columns) == ["date", "ticker", "open", "high", "low", "close",
                                  "adj_close", "volume"]
    assert bars.groupby("ticker").size().to_dict() == {"ZS=F": 756, "^GSPC": 756}
    assert bars["date"].min() == "2018-01-02" and bars["date"].max() == "2020-12-31"

    rets = pd.read_csv(out / config.RETURNS_CSV.name)
    assert list(rets.columns) == ["date", "ticker", "price", "ret", "log_ret"]
    assert set(rets["ticker"]) == {"^GSPC", "ZS=F"}
    # The lookback before --start gives the first session a return too.
    assert rets["ret"].notna().all()
    first = rets[(rets["ticker"] == "^GSPC")].iloc[0]
    assert first["date"] == "2018-01-02"
    assert first["ret"] == pytest.approx(2695.81 / 2673.61 - 1, rel=1e-4)

    flagged = pd.read_csv(out / config.QUALITY_CSV.name, keep_default_na=False)
    assert list(flagged.columns) == list(quality.QUALITY_COLUMNS)
    assert (flagged["flag"] != "").all()
    assert flagged.equals(flagged.sort_values(["ticker", "date"]).reset_index(drop=True))
    zs = flagged[flagged["ticker"] == "ZS=F"].set_index("date")
    assert zs.loc["2019-08-12", "flag"] == "thin"
    assert zs.loc["2019-08-05", "flag"] == "stale;thin"
    assert zs.loc["2019-08-14", "flag"] == "roll"

    summary = pd.read_csv(out / config.QUALITY_SUMMARY_CSV.name).set_index("ticker")
    assert summary.loc["^GSPC", "flagged"] == 0
    assert summary.loc["ZS=F", "stale"] == 10
    assert summary.loc["ZS=F", "thin"] == int(zs["thin"].sum()) == 162

    # A rerun is byte-identical.
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    assert main([*ARGS, "--out", str(out)]) == 0
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_default_out_is_interim_dir(snapshot: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "INTERIM_DIR", tmp_path / "interim")
    assert main(["prices", "--tickers", "ZS=F", "--start", "2019-08-01",
                 "--end", "2019-08-31"]) == 0
    assert sorted(p.name for p in (tmp_path / "interim").iterdir()
                  if p.name != LOCK_NAME) == sorted(OUTPUTS)


def test_failure_writes_nothing(snapshot: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "interim"
    assert main([*ARGS, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> pd.DataFrame:
        raise AnalysisError("simulated failure")

    monkeypatch.setattr(quality, "quality_flags", broken)
    assert main(["prices", "--tickers", "ZS=F", "--start", "2019-01-01", "--end",
                 "2019-12-31", "--out", str(out)]) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--tickers", "NOPE"], "error: unknown ticker NOPE: "),
        (["--tickers", "ZS=F", "--start", "2030-01-01", "--end", "2030-06-30"],
         "error: "),
        (["--tickers", "ZS=F", "--start", "yesterday-ish"], "error: --start: not a date"),
        (["--tickers", " , "], "error: --tickers: no ticker given"),
    ],
    ids=["bad-ticker", "span-outside", "bad-date", "no-ticker"],
)
def test_bad_input_is_one_line_error(snapshot: Path, tmp_path: Path, extra: list[str],
                                     message: str) -> None:
    out = tmp_path / "interim"
    env = {**os.environ, "MARKET_DATA_DIR": str(snapshot)}
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "prices", *extra, "--out", str(out)],
        capture_output=True, text=True, cwd=config.ROOT, env=env, check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), proc.stderr
    assert not out.exists()


def test_span_outside_names_existing_span(snapshot: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["prices", "--tickers", "^GSPC", "--start", "2024-06-01", "--end",
                 "2024-12-31", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "outside the data (1927-12-30..2023-12-28)" in err


def test_write_failure_mid_file_keeps_old_output(snapshot: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "interim"
    assert main([*ARGS, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_to_csv = pd.DataFrame.to_csv

    def half_then_fail(self: pd.DataFrame, path: object = None, **kwargs: object) -> None:
        if isinstance(path, Path) and path.name.startswith(f".{config.QUALITY_CSV.name}."):
            Path(path).write_text("date,ticker\n2019-", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
        real_to_csv(self, path, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    capsys.readouterr()
    assert main(["prices", "--tickers", "ZS=F", "--start", "2019-01-01", "--end", "2019-12-31",
                 "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: {out}: No space left on device\n"
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    # No temp file left behind, and the four tables are replaced together or not at all.
    assert after == before
