"""analysis.parallel: ordered results on every scheduler, per-task seeds, lazy Dask."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config, parallel
from analysis.io import AnalysisError
from analysis.parallel import Scheduler, map_ordered, partition_size, task_seed

# A local Dask cluster talks over 127.0.0.1 (and nothing else).
pytestmark = pytest.mark.loopback



# Module-level, so Dask can ship them to worker processes by reference.
def square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def scaled(context: dict[str, int], x: int) -> int:
    return context["factor"] * x


def fails_on_three(x: int) -> int:
    if x == 3:
        raise AnalysisError(f"item {x}: refused")
    return x


def test_local_is_a_plain_ordered_map() -> None:
    items = list(range(17))
    out = map_ordered(square_with_pid, items)
    assert [v for v, _ in out] == [x * x for x in items]
    assert {pid for _, pid in out} == {os.getpid()}
    assert map_ordered(scaled, items, context={"factor": 3}) == [3 * x for x in items]
    assert map_ordered(square_with_pid, []) == []


def test_processes_keep_input_order() -> None:
    items = list(range(41))[::-1]
    out = map_ordered(square_with_pid, items, "processes", workers=2)
    assert [v for v, _ in out] == [x * x for x in items]
    assert os.getpid() not in {pid for _, pid in out}
    assert map_ordered(scaled, items, "processes", 2, context={"factor": -2}) == [
        -2 * x for x in items]


def test_cluster_keeps_input_order_and_ships_context_once(cluster_address: str) -> None:
    items = list(range(203))
    plan = Scheduler("distributed", address=cluster_address)
    out = map_ordered(square_with_pid, items, plan)
    assert [v for v, _ in out] == [x * x for x in items]
    pids = {pid for _, pid in out}
    assert os.getpid() not in pids and len(pids) == 2  # both workers did some work
    assert map_ordered(scaled, items, plan, context={"factor": 5}) == [5 * x for x in items]
    # A None context is a context, not "no context".
    assert map_ordered(scaled_or_none, [1, 2], plan, context=None) == [None, None]


def scaled_or_none(context: None, x: int) -> None:
    assert context is None
    return context


def test_worker_errors_come_back_as_they_are(cluster_address: str) -> None:
    with pytest.raises(AnalysisError, match="item 3: refused"):
        map_ordered(fails_on_three, range(6), "distributed", address=cluster_address)
    with pytest.raises(AnalysisError, match="item 3: refused"):
        map_ordered(fails_on_three, range(6))


def test_unreachable_address_is_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "2s")
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(AnalysisError, match=f"--address tcp://127.0.0.1:{port}: cannot reach"):
        map_ordered(square_with_pid, [1], "distributed", address=f"tcp://127.0.0.1:{port}")


def test_bad_options() -> None:
    with pytest.raises(AnalysisError, match="--workers 0"):
        Scheduler("processes", workers=0)
    with pytest.raises(AnalysisError, match="--address needs --scheduler distributed"):
        Scheduler("local", address="tcp://127.0.0.1:8786")
    with pytest.raises(AnalysisError, match="unknown"):
        Scheduler("threads")


def test_task_seed_depends_on_the_task_only() -> None:
    a = task_seed(0, "ZS=F", "market")
    assert a == task_seed(0, "ZS=F", "market")
    assert len({a, task_seed(1, "ZS=F", "market"), task_seed(0, "ZS=F", "constant"),
                task_seed(0, "ZC=F", "market")}) == 4
    assert 0 <= a < 2**63
    # Stable across processes (str hashes are salted per process; the seed must not be).
    code = "from analysis.parallel import task_seed; print(task_seed(0, 'ZS=F', 'market'))"
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=config.ROOT, env=env).stdout
    assert int(out) == a


def test_partition_size() -> None:
    assert partition_size(1, 2) == 1
    assert partition_size(80, 2) == 10
    assert partition_size(81, 2) == 11
    assert partition_size(10**6, 2) == parallel.MAX_PARTITION


def test_progress_quiet_under_ci_and_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("CI", raising=False)
    assert parallel.progress_enabled()
    monkeypatch.setenv("CI", "true")
    assert not parallel.progress_enabled()
    monkeypatch.setenv("CI", "false")
    assert parallel.progress_enabled()
    monkeypatch.setattr(sys, "stdout", open(os.devnull, "w"))  # noqa: SIM115
    try:
        assert not parallel.progress_enabled()
    finally:
        sys.stdout.close()


def test_default_path_never_imports_dask(tmp_path: Path) -> None:
    """The local run (CLI import, events on the seeds) loads neither dask nor distributed."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import analysis.cli\n"
        "from analysis import config\n"
        "from analysis.events.pipeline import build_tables\n"
        "build_tables(config.SEEDS_DIR, config.CURATED_CATALOG_CSV, config.OVERRIDES_CSV)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=config.ROOT).stdout
    assert out.strip() == "[]"


def test_local_bar_counts_the_items(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(parallel, "progress_enabled", lambda: True)
    monkeypatch.setattr(parallel, "PROGRESS_DELAY", 0.0)
    assert map_ordered(square_with_pid, range(7), label="articles")[6][0] == 36
    err = capsys.readouterr().err
    assert "7/7" in err and "articles" in err
    monkeypatch.setattr(parallel, "progress_enabled", lambda: False)
    map_ordered(square_with_pid, range(7))
    assert capsys.readouterr().err == ""


def test_cluster_bar_counts_finished_items(cluster_address: str,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(parallel, "progress_enabled", lambda: True)
    monkeypatch.setattr(parallel, "PROGRESS_DELAY", 0.0)
    out = map_ordered(square_with_pid, range(57), "distributed", address=cluster_address,
                      label="articles")
    assert [v for v, _ in out] == [x * x for x in range(57)]
    assert "57/57" in capsys.readouterr().err


def test_the_loopback_guard_still_refuses_other_addresses() -> None:
    """Under the ``loopback`` mark only 127.0.0.1 is reachable; the guard fails before any
    packet leaves for another address (a documentation-range address here)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, \
            pytest.raises(RuntimeError, match="network access attempted"):
        sock.connect(("192.0.2.1", 80))
