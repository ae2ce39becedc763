"""``make bench``: run every benchmark to the end, then one Done-when table.

Each benchmark runs in its own process, in order, its output streamed as it comes. A
benchmark that misses a target does not stop the others: its targets are collected
from its ``DONE-WHEN`` lines (:mod:`verdict`), and one that crashes (a traceback, or a
non-zero exit status without a failed target to explain it) becomes a FAIL row of its
own. At the end the table lists every target with PASS/FAIL, and the exit status is 1
when any row failed (0 only when every target is met).

Usage::

    .venv/bin/python benchmarks/bench_all.py [--only articles|eventstudy|stress|parallel|smoke]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from verdict import parse

BENCHMARKS: dict[str, list[str]] = {
    "articles": ["bench_articles.py"],
    "eventstudy": ["bench_eventstudy.py"],
    "stress": ["bench_stress.py"],
    "parallel": ["bench_parallel.py", "--articles", "10000", "--workers", "2"],
    "smoke": ["bench_smoke.py"],
}


@dataclass
class Outcome:
    """What one benchmark run gave: its Done-when rows, exit status and time."""

    name: str
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    returncode: int = 0
    traceback: bool = False
    seconds: float = 0.0

    def crashed(self) -> bool:
        """A traceback, or a non-zero exit no failed target explains."""
        failed = any(r[3] == "FAIL" for r in self.rows)
        return self.traceback or (self.returncode != 0 and not failed)


def run_one(name: str, argv: list[str]) -> Outcome:
    """Run one benchmark script, echo its output, collect its Done-when lines."""
    out = Outcome(name)
    started = time.perf_counter()
    print(f"\n===== bench {name}: {' '.join(argv)}", flush=True)
    with subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / argv[0]), *argv[1:]],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            row = parse(line)
            if row is not None:
                out.rows.append(row)
            out.traceback |= line.startswith("Traceback (most recent call last)")
    out.returncode = proc.returncode
    out.seconds = time.perf_counter() - started
    return out


def table(outcomes: list[Outcome]) -> tuple[list[str], int]:
    """The summary lines and the number of failed rows."""
    rows = [(o.name, *r) for o in outcomes for r in o.rows]
    rows += [(o.name, "benchmark ran to the end", f"exit {o.returncode}"
              + (", traceback" if o.traceback else ""), "exit 0, no traceback", "FAIL")
             for o in outcomes if o.crashed()]
    heads = ("bench", "Done-when item", "measured", "target", "verdict")
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *rows, strict=False)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*heads), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in rows]
    lines += [f"({o.name}: {o.seconds:.0f} s wall, exit {o.returncode})" for o in outcomes]
    return lines, sum(r[-1] == "FAIL" for r in rows)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, print the table; 1 when any row failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    outcomes = [run_one(name, BENCHMARKS[name]) for name in args.only or list(BENCHMARKS)]
    lines, failed = table(outcomes)
    print("\n===== Done-when summary (every figure from this one run)")
    print("\n".join(lines))
    total = sum(len(o.rows) for o in outcomes) + sum(o.crashed() for o in outcomes)
    print(f"bench: {total - failed} of {total} PASS, {failed} FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
