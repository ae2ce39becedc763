"""Events throughput: the local run against a 2-worker Dask cluster on one machine.

Generates ``N_ARTICLES`` variations of the seeds (``bench_articles.make_corpus``, fixed
seed) and measures, in one run:

1. the per-article step (:func:`analysis.commands.events.process_article`: read,
   language, date expressions, raw mentions) locally and on a ``LocalCluster`` of
   ``--workers`` processes (started and warmed up beforehand, as an existing cluster
   would be): wall time, articles/s and the ratio;
2. the whole command (:func:`analysis.commands.events.build_tables`), locally and with
   ``Scheduler("distributed", workers)`` (cluster start-up included), whose tables must
   be equal; the cross-document steps (publication dates from other articles, merging,
   ids, links) are the difference between the whole and the per-article step;
3. what the at-scale projection in the README needs: CPU milliseconds per article, the
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
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import psutil
from distributed import Client, LocalCluster

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_articles import make_corpus

from analysis import config
from analysis.commands.events import EventTables, build_tables, list_articles, process_article
from analysis.parallel import Scheduler, map_ordered

N_ARTICLES: int = 2_000


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


def _build(folder: Path, scheduler: Scheduler) -> EventTables:
    return build_tables(folder, config.CURATED_CATALOG_CSV, config.OVERRIDES_CSV, scheduler)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, time both schedulers and print the result lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=N_ARTICLES)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_corpus(folder, args.articles)
        paths = list_articles(folder)
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
                          silence_logs=logging.ERROR) as cluster:
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

        # 2. The whole command.
        tables_local, e2e_local, _ = _timed(_build, folder, Scheduler())
        tables_dist, e2e_dist, _ = _timed(
            _build, folder, Scheduler("distributed", workers=args.workers))
        for name in ("articles", "mentions", "events"):
            pd.testing.assert_frame_equal(getattr(tables_local, name),
                                          getattr(tables_dist, name))
        cross = e2e_local - wall_local

    print(f"corpus: {n} generated articles, {len(tables_local.mentions)} mentions, "
          f"{len(tables_local.events)} events; machine: {os.cpu_count()} cores, "
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
    print(f"whole command: local {e2e_local:.2f} s, {args.workers} workers "
          f"{e2e_dist:.2f} s (cluster start-up included); cross-document steps "
          f"{cross:.2f} s = {100 * cross / e2e_local:.0f} % of the local run")
    # On a shared machine the wall-time ratio measures the load as much as the code; the
    # CPU-based figure is what the same run would give with the cores to itself.
    print(f"bench_parallel: per-article throughput {args.workers} workers / local = "
          f"{wall_local / wall_dist:.2f}x wall ({args.workers * cpu_local / cpu_workers:.2f}x "
          f"with idle cores, from CPU time); whole command {e2e_local / e2e_dist:.2f}x wall "
          f"(outputs equal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
