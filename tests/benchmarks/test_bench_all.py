"""`make bench` runs every benchmark to the end and fails at the end on any missed target."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis import config

sys.path.insert(0, str(config.ROOT / "benchmarks"))
import bench_all
import verdict

sys.path.remove(str(config.ROOT / "benchmarks"))

PASSING = """
import sys
sys.path.insert(0, {bench!r})
from verdict import report
print("some free text")
report("fast thing", "3.0x", ">= 2x", True)
"""
FAILING = PASSING + """
report("slow thing", "1.1x", ">= 1.5x", False)
sys.exit(1)
"""
CRASHING = PASSING + """
raise RuntimeError("boom")
"""


def test_report_line_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    assert verdict.report("a | b", "1 s", "< 2 s", True) is True
    line = capsys.readouterr().out
    assert verdict.parse(line) == ("a / b", "1 s", "< 2 s", "PASS")
    assert verdict.parse("free text: PASS") is None


def _scripts(tmp_path: Path) -> dict[str, list[str]]:
    out = {}
    for name, body in (("ok", PASSING), ("missed", FAILING), ("crash", CRASHING)):
        path = tmp_path / f"{name}.py"
        path.write_text(body.format(bench=str(config.ROOT / "benchmarks")), encoding="utf-8")
        out[name] = [str(path)]
    return out


def test_every_benchmark_runs_and_the_table_fails_at_the_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    scripts = _scripts(tmp_path)
    monkeypatch.setattr(bench_all, "BENCHMARKS", {"missed": scripts["missed"],
                                                  "crash": scripts["crash"],
                                                  "ok": scripts["ok"]})
    assert bench_all.main([]) == 1
    out = capsys.readouterr().out
    summary = out.split("Done-when summary")[1]
    assert summary.count("fast thing") == 3  # the benchmarks after a failure still ran
    assert "slow thing" in summary and "FAIL" in summary
    assert "benchmark ran to the end" in summary  # the crash is a row of its own
    assert "bench: 3 of 5 PASS, 2 FAIL" in out


def test_all_passing_exits_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench_all, "BENCHMARKS", {"ok": _scripts(tmp_path)["ok"]})
    assert bench_all.main([]) == 0
    assert "bench: 1 of 1 PASS, 0 FAIL" in capsys.readouterr().out
