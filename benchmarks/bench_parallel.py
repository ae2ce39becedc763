"""Events throughput: the local run against a 2-worker Dask cluster on one machine.

Generates ``N_ARTICLES`` variations of the seeds (``bench_articles.make_corpus``, fixed
seed) and measures, in one run:

1. the per-article step (:func:`analysis.events.pipeline.process_article`: read,
   language, date expressions, raw mentions) locally and on a ``LocalCluster`` of
   ``--workers`` processes (started and warmed up beforehand, as an existing cluster
   would be): wall time, articles/s and the ratio;
2. the whole command, ``python -m analysis events`` in a fresh process, locally and
   with ``--scheduler distributed --workers N`` (cluster start-up included), whose three
   files must be byte-identical; reported as articles per CPU-second of all its
   processes (the unit of ``bench_articles``) and as the wall-clock speed-up of the
   workers (target >= 1.5x);
3. the cross-document steps (:func:`analysis.events.pipeline.cross_document`:
   publication dates from other articles, merging, ids, links) on the gathered records;
4. what the at-scale projection in the README needs: CPU milliseconds per article, the
   pickled size of a gathered per-article record, the resident memory of this process
   and of a worker.

Usage::

    .venv/bin/python benchmarks/bench_parallel.py [--articles 2000] [--workers 2]

Two cores is the limit on the development machine, so the ratio there is at most 2;
the result line gives it without a pass/fail verdict.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from distributed import Client, LocalCluster

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_articles import make_corpus
from verdict import report

from analysis import config
from analysis.events.catalog import load_catalog
from analysis.events.pipeline import cross_document, process_article
from analysis.events.table import load_overrides
from analysis.parallel import Scheduler, map_ordered
from analysis.text.articles import list_article_paths
from analysis.text.pubdates.metadata import load_metadata

N_ARTICLES: int = 2_000
WHOLE_SPEEDUP_TARGET: float = 1.5


def _rss_mb() -> float:
    """Resident memory of the calling process (also run on the workers)."""
    return psutil.Process().memory_info().rss / 2**20


def _cpu_seconds() -> float:
    """CPU time of the calling process (run on the workers)."""
    return time.process_time()


def _timed(func: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """``(func(*args), wall seconds, CPU seconds of this process)``."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = func(*args)
    return out, time.perf_counter() - w0, time.process_time() - c0


def _command(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """Run ``python -m analysis events`` in a fresh process: (wall s, CPU s of it and
    of every process it started, the Dask workers included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "events", "--articles", str(folder),
                    "--out", str(out), *options], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, time both schedulers and print the result lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=N_ARTICLES)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        make_corpus(folder, args.articles)
        paths = list_article_paths(folder)
        n = len(paths)
        map_ordered(process_article, paths[:5])  # warm-up: language model, dateparser

        # 1. The per-article step.
        rss0 = _rss_mb()
        local, wall_local, cpu_local = _timed(map_ordered, process_article, paths)
        rss1 = _rss_mb()
        record_bytes = len(pickle.dumps(local, protocol=pickle.HIGHEST_PROTOCOL)) / n
        t0 = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.CRITICAL) as cluster:
            startup = time.perf_counter() - t0
            plan = Scheduler("distributed", address=cluster.scheduler_address)
            t1 = time.perf_counter()
            map_ordered(process_article, paths[:4 * args.workers], plan)  # warm the workers
            warm = time.perf_counter() - t1
            with Client(cluster) as client:
                cpu0 = client.run(_cpu_seconds)
                dist, wall_dist, _ = _timed(map_ordered, process_article, paths, plan)
                cpu1 = client.run(_cpu_seconds)
                worker_rss = max(client.run(_rss_mb).values())
        cpu_workers = sum(cpu1[w] - cpu0[w] for w in cpu0)
        assert dist == local, "per-article records differ between the schedulers"

        # 2. The whole command, each in a fresh process (no cache warmed by another run).
        out_local, out_dist = Path(tmp) / "local", Path(tmp) / "dist"
        e2e_local, cpu_e2e_local = _command(folder, out_local)
        e2e_dist, cpu_e2e_dist = _command(folder, out_dist, "--scheduler", "distributed",
                                          "--workers", str(args.workers))
        for name in ("articles.csv", "mentions.csv", "events.csv"):
            same = (out_local / name).read_bytes() == (out_dist / name).read_bytes()
            assert same, f"{name} differs between the local and the distributed run"
        n_mentions = sum(1 for _ in (out_local / "mentions.csv").open()) - 1
        n_events = sum(1 for _ in (out_local / "events.csv").open()) - 1

        # 3. The cross-document steps, after the local per-article step as in a local run.
        _, cross_wall, cross = _timed(
            cross_document, local, load_metadata(folder),
            load_catalog(config.CURATED_CATALOG_CSV), load_overrides(config.OVERRIDES_CSV),
            config.OVERRIDES_CSV)

    print(f"corpus: {n} generated articles, {n_mentions} mentions, "
          f"{n_events} events; machine: {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"per-article step, local: {wall_local:.2f} s wall ({n / wall_local:.0f} "
          f"articles/s), {1000 * cpu_local / n:.2f} ms CPU per article")
    print(f"per-article step, {args.workers} workers: {wall_dist:.2f} s wall "
          f"({n / wall_dist:.0f} articles/s), {1000 * cpu_workers / n:.2f} ms worker CPU per "
          f"article (parallel efficiency {cpu_local / cpu_workers:.2f}); cluster start "
          f"{startup:.2f} s, worker warm-up {warm:.2f} s")
    print(f"memory: gathered record {record_bytes / 1024:.1f} KiB/article pickled; "
          f"this process grew {rss1 - rss0:.0f} MiB over the step "
          f"({1024 * (rss1 - rss0) / n:.1f} KiB/article; {rss1:.0f} MiB resident); "
          f"largest worker {worker_rss:.0f} MiB resident")
    print(f"whole command: local {e2e_local:.2f} s wall / {cpu_e2e_local:.2f} s CPU, "
          f"{args.workers} workers {e2e_dist:.2f} s wall / {cpu_e2e_dist:.2f} s CPU (all "
          f"processes, cluster start-up included)")
    # What a user runs, in the unit of bench_articles: articles per CPU-second of every
    # process the command used (the workers included), and the wall-clock speed-up.
    print(f"whole events command, {n} articles: local {n / cpu_e2e_local:.0f} articles per "
          f"CPU-second ({e2e_local:.2f} s wall); {args.workers} workers "
          f"{n / cpu_e2e_dist:.0f} articles per CPU-second of all processes "
          f"({e2e_dist:.2f} s wall); {args.workers} workers / local = "
          f"{e2e_local / e2e_dist:.2f}x wall (target >= {WHOLE_SPEEDUP_TARGET:g}x: "
          f"{'PASS' if e2e_local / e2e_dist >= WHOLE_SPEEDUP_TARGET else 'FAIL'})")
    report(f"events whole command, {args.workers} workers vs local, {n} articles",
           f"{e2e_local / e2e_dist:.2f}x wall (local {e2e_local:.1f} s / {cpu_e2e_local:.1f} "
           f"s CPU; workers {e2e_dist:.1f} s / {cpu_e2e_dist:.1f} s CPU)",
           f">= {WHOLE_SPEEDUP_TARGET:g}x wall", e2e_local / e2e_dist >= WHOLE_SPEEDUP_TARGET)
    report("events outputs, local vs workers", "byte-identical (3 CSVs)", "byte-identical",
           True)
    print(f"cross-document steps (one process): {cross_wall:.2f} s wall, {cross:.2f} s CPU "
          f"= {100 * cross / (cross + cpu_local):.0f} % of the work after start-up")
    # On a shared machine the wall-time ratio measures the load as much as the code; the
    # CPU-based figure is what the same run would give with the cores to itself.
    print(f"bench_parallel: per-article throughput {args.workers} workers / local = "
          f"{wall_local / wall_dist:.2f}x wall ({args.workers * cpu_local / cpu_workers:.2f}x "
          f"with idle cores, from CPU time); whole command {e2e_local / e2e_dist:.2f}x wall "
          f"(outputs byte-identical)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
