"""Benchmark guard for CI (``make bench-smoke``, run by ``make test``): small versions of
the engine, article and study benchmarks, judged only on ratios measured in this run.

A shared, noisy machine makes absolute seconds meaningless, but two timings taken side
by side move together, so each check compares the code with something measured in the
same run, with a floor far below the benchmarks' targets (a regression like the
per-group Python loop that once made the engine 20x slower fails it; load does not):

* **engine**: ``EventStudy.fit`` on a 100 x 50 panel (5,000 events, market model) against
  a per-event statsmodels loop (must stay >= :data:`FLOORS` ``engine_vs_statsmodels``
  times faster; target of ``bench_eventstudy``: 20x) and against the hand-vectorised
  NumPy bound (engine time at most ``engine_vs_bound`` times the bound's; target 1.5x);
  the ARs must agree to 1e-10;
* **events**: the whole ``python -m analysis events`` command (read, dates, mentions,
  cross-document, CSVs; in this process) on ``n`` and ``4 n`` generated articles: CPU
  per article at ``4 n`` at most ``events_growth`` times that at ``n`` (linear = 1);
* **study**: the whole ``study`` command on ``m`` and ``4 m`` random event dates on the
  market-data snapshot: CPU per event at ``4 m`` at most ``study_growth`` times that at
  ``m``.

It needs neither the network nor the ``[bench]`` extra (the PyPI ``eventstudy`` is not
run here). Prints every ratio; exits 1 when one is past its floor.

Usage: ``.venv/bin/python benchmarks/bench_smoke.py [--only engine|events|study]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_eventstudy as engine_bench
from bench_articles import events_command, make_corpus
from verdict import report

from analysis.cli import main as cli_main

# name -> (kind, limit): ">=" ratios must reach the limit, "<=" ones stay under it.
FLOORS: dict[str, tuple[str, float]] = {
    # The engine measures about 13x and 1.8x here (bench_eventstudy, 50,000 events: more);
    # the per-group join loop that once made it 20x slower gives about 4x and 7x.
    "engine_vs_statsmodels": (">=", 6.0),
    "engine_vs_bound": ("<=", 4.5),
    "events_growth": ("<=", 2.0),
    "study_growth": ("<=", 1.5),
}
ENGINE_PANEL: tuple[int, int] = (100, 50)
EVENTS_ARTICLES: int = 60
STUDY_EVENTS: int = 200
GROWTH: int = 4


def _median_time(fn: Callable[..., Any], *args: Any, repeat: int = 3) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls after one warm-up, and the last output."""
    out = fn(*args)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def engine_ratios(n_sec: int = ENGINE_PANEL[0], n_events: int = ENGINE_PANEL[1]
                  ) -> dict[str, float]:
    """``engine_vs_statsmodels`` (statsmodels time / engine time), ``engine_vs_bound``
    (engine time / NumPy-bound time) and ``ar_diff`` (max |AR engine - AR statsmodels|)."""
    wide, market, events = engine_bench.make_panel(n_sec, n_events)
    t_eng, eng = _median_time(engine_bench.run_engine, wide, market, events)
    t_bound, _ = _median_time(engine_bench.run_numpy_bound, wide, market, events)
    t_sm, sm = _median_time(engine_bench.run_statsmodels_loop, wide, market, events, repeat=1)
    ar, _ = engine_bench.engine_arrays(eng, events)
    diff = np.abs(ar - sm["ar"])
    return {"engine_vs_statsmodels": t_sm / t_eng, "engine_vs_bound": t_eng / t_bound,
            "ar_diff": float(np.max(diff)) if np.isfinite(diff).all() else float("inf")}


def events_growth(n: int = EVENTS_ARTICLES, factor: int = GROWTH) -> dict[str, float]:
    """CPU per article of the whole ``events`` command at ``factor * n`` over that at ``n``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small, big = root / "small", root / "big"
        small.mkdir()
        big.mkdir()
        make_corpus(small, n)
        make_corpus(big, factor * n)
        events_command(small, root / "warm")  # lazy imports, language model, dateparser
        _, cpu_small = events_command(small, root / "out_small")
        _, cpu_big = events_command(big, root / "out_big")
    per_small, per_big = cpu_small / n, cpu_big / (factor * n)
    return {"events_growth": per_big / per_small,
            "events_articles_per_cpu_s": 1.0 / per_big}


def _study_cpu(folder: Path, n_events: int, seed: int) -> float:
    """CPU seconds of the whole ``study`` command on ``n_events`` random dates."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2005-01-01", "2019-06-30", freq="D")
    events = pd.DataFrame({
        "event_id": [f"S{i:05d}" for i in range(n_events)],
        "date": days[rng.integers(0, len(days), n_events)].strftime("%Y-%m-%d"),
        "category": rng.choice(["talks", "tariff", "agriculture", "tech"], n_events),
        "direction": rng.choice(["escalation", "de-escalation", "neutral"], n_events),
    })
    path = folder / f"events_{n_events}.csv"
    events.to_csv(path, index=False)
    c0 = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = cli_main(["study", "--events", str(path), "--returns-file",
                       str(folder / "returns.csv"), "--quality-file",
                       str(folder / "quality.csv"), "--tickers", "^GSPC,ZS=F",
                       "--windows", "0:0,-1:1", "--permutations", "100",
                       "--out", str(folder / f"out_{n_events}")])
    if rc != 0:
        raise RuntimeError(f"study command failed with exit status {rc}")
    return time.process_time() - c0


def study_growth(m: int = STUDY_EVENTS, factor: int = GROWTH) -> dict[str, float]:
    """CPU per event of the whole ``study`` command at ``factor * m`` over that at ``m``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()):
            rc = cli_main(["prices", "--tickers", "^GSPC,ZS=F", "--start", "2004-01-01",
                           "--end", "2019-12-31", "--out", str(folder)])
        if rc != 0:
            raise RuntimeError("prices command failed (is ../shared/market-data there?)")
        _study_cpu(folder, m // 4, seed=1)  # warm-up
        small = _study_cpu(folder, m, seed=2) / m
        big = _study_cpu(folder, factor * m, seed=3) / (factor * m)
    return {"study_growth": big / small}


def check(ratios: dict[str, float]) -> list[str]:
    """One line per ratio past its floor in :data:`FLOORS` (and per AR disagreement)."""
    failures = []
    for name, (kind, limit) in FLOORS.items():
        if name not in ratios:
            continue
        value = ratios[name]
        ok = value >= limit if kind == ">=" else value <= limit
        if not ok or not np.isfinite(value):
            failures.append(f"{name} = {value:.2f}, floor {kind} {limit:g}")
    if "ar_diff" in ratios and not ratios["ar_diff"] < engine_bench.AR_TOL:
        failures.append(f"engine ARs differ from statsmodels by {ratios['ar_diff']:.2e}")
    return failures


PARTS: dict[str, Callable[[], dict[str, float]]] = {
    "engine": engine_ratios, "events": events_growth, "study": study_growth,
}


def main(argv: list[str] | None = None) -> int:
    """Run the parts, print the ratios against their floors; 1 when one fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(PARTS), action="append")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    ratios: dict[str, float] = {}
    for name in args.only or list(PARTS):
        started = time.perf_counter()
        ratios.update(PARTS[name]())
        print(f"bench-smoke {name}: {time.perf_counter() - started:.1f} s", flush=True)
    for name, value in ratios.items():
        kind, limit = FLOORS.get(name, ("", float("nan")))
        floor = f" (floor {kind} {limit:g})" if kind else ""
        print(f"  {name:<26} {value:10.3g}{floor}")
    failures = check(ratios)
    verdict = "FAIL: " + "; ".join(failures) if failures else "PASS"
    print(f"bench-smoke: {verdict} ({time.perf_counter() - t0:.1f} s)")
    report("bench-smoke guard (same-run ratios vs floors)", verdict,
           "every ratio within its floor", not failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
