"""Stress sizes through the real CLI: one huge article, and thousands of events.

Times, end to end (``python -m analysis ...`` in a subprocess: wall clock and the
child's CPU seconds, which the targets are judged on):

* ``events`` on a folder holding one generated article of 1 MB, then of 4 MB: variations
  of the English seed articles (``bench_articles.vary``: sentences shuffled, weekday and
  month names and numbers changed, so the dates differ) joined by blank lines, and a
  1 MB *run-on* article (the same text with every line break removed);
* ``study`` on 5,000 and on 10,000 generated events (random sessions, fixed seed) over
  one synthetic asset with 44 years of generated daily returns (constant-mean model,
  100 permutation draws).

Each case gets a time limit (``--limit`` seconds, default 600); a case over it is
stopped and reported as ``> limit``. The targets of issue 13: a 1 MB article under 10 s,
5,000 events under 60 s.

Usage::

    .venv/bin/python benchmarks/bench_stress.py [--limit SECONDS] [--only articles|events]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_articles import vary  # the script's folder is on sys.path
from verdict import report

from analysis import config

RUN_ON = re.compile(r"\s*\n\s*")

ARTICLES: tuple[tuple[int, bool], ...] = ((1, False), (4, False), (1, True))
"""(megabytes, run-on) of each generated article."""
EVENT_COUNTS: tuple[int, ...] = (5_000, 10_000)
TARGETS_S: dict[str, float] = {"article 1 MB": 10.0, "study 5,000 events": 60.0}
SEED: int = 13


def big_article(n_bytes: int, run_on: bool = False) -> str:
    """Variations of the English seeds, blank line between, up to ``n_bytes`` of UTF-8.

    ``run_on`` joins everything into one line (a dump without paragraphs).
    """
    rng = random.Random(SEED)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    english = [t for t in seeds if " the " in t] or seeds
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        text = vary(english[len(parts) % len(english)], rng).strip() + "\n\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
    text = "".join(parts)
    if run_on:
        text = RUN_ON.sub(" ", text)
    return text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")


def synthetic_study_inputs(folder: Path, n_events: int) -> tuple[Path, Path]:
    """``returns.csv`` of one asset ``SYN`` (business days 1980-2023) and ``n_events`` events."""
    rng = np.random.default_rng(SEED)
    days = pd.bdate_range("1980-01-01", "2023-12-29")
    ret = rng.normal(0.0003, 0.01, len(days))
    price = 100.0 * np.cumprod(1.0 + ret)
    returns = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "ticker": "SYN",
                            "price": price, "ret": ret, "log_ret": np.log1p(ret)})
    returns_path = folder / "returns.csv"
    returns.to_csv(returns_path, index=False)
    picks = np.sort(rng.choice(np.arange(300, len(days) - 30), size=n_events, replace=False))
    categories = np.array(config.CATEGORIES)
    events = pd.DataFrame({
        "event_id": [f"E{i:05d}" for i in range(n_events)],
        "date": days[picks].strftime("%Y-%m-%d"),
        "timing": "unknown",
        "category": categories[rng.integers(0, len(categories), n_events)],
        "direction": np.where(rng.random(n_events) < 0.5, "escalation", "de-escalation"),
    })
    events_path = folder / "events.csv"
    events.to_csv(events_path, index=False)
    return returns_path, events_path


def timed(args: list[str], limit: float) -> tuple[str, float | None]:
    """Run ``python -m analysis ARGS``: its description (``"12.3 s wall, 4.1 s CPU"``,
    ``"> 600 s"`` or the error line) and its CPU seconds (None when it did not finish).

    The CPU seconds (user + system of the child) are what the verdicts use: a shared
    machine stretches the wall time of a process, not the work it does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)", None
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"failed after {elapsed:.1f} s (exit {proc.returncode}: {last})", None
    return f"{elapsed:.1f} s wall, {cpu:.1f} s CPU", cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--only", choices=("articles", "events"), default=None)
    opts = parser.parse_args()
    results: dict[str, tuple[str, float | None]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-stress-") as tmp:
        root = Path(tmp)
        if opts.only in (None, "articles"):
            for mb, run_on in ARTICLES:
                name = f"article {mb} MB" + (" run-on" if run_on else "")
                folder = root / name.replace(" ", "-")
                folder.mkdir()
                (folder / "big.txt").write_text(big_article(mb * 1_000_000, run_on),
                                                encoding="utf-8")
                results[name] = timed(["events", "--articles", str(folder),
                                       "--out", str(folder / "out")], opts.limit)
                print(f"events, {name}: {results[name][0]}", flush=True)
        if opts.only in (None, "events"):
            for n in EVENT_COUNTS:
                folder = root / f"study-{n}"
                folder.mkdir()
                returns_path, events_path = synthetic_study_inputs(folder, n)
                name = f"study {n:,} events"
                results[name] = timed(
                    ["study", "--events", str(events_path), "--returns-file", str(returns_path),
                     "--quality-file", str(folder / "none.csv"), "--tickers", "SYN",
                     "--model", "constant", "--permutations", "100",
                     "--out", str(folder / "out")], opts.limit)
                print(f"{name}: {results[name][0]}", flush=True)
    for name, target in TARGETS_S.items():
        if name in results:
            got, cpu = results[name]
            ok = cpu is not None and cpu < target
            print(f"target {name} < {target:.0f} s CPU: {'met' if ok else 'NOT met'} ({got})")
            report(f"CLI {name} (whole process)", got, f"< {target:.0f} s CPU", ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
