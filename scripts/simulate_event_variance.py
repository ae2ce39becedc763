"""Size and power of the event-day tests under event-induced variance (issue 20).

Usage::

    .venv/bin/python scripts/simulate_event_variance.py [N_COPIES] [SEED]

Synthetic i.i.d. normal returns (sd 1 %, business days) carry ``N_COPIES`` copies of a
seed-like event pattern (same-day duplicates, overlapping windows, a lone event), one
copy every 300 sessions, so no copy's events reach another copy's estimation window.
Each copy is one group (``category``) of one :class:`EventStudy` fit, read through
:func:`analysis.study.caar.caar_table` as the study reads the seeds. Scenarios: the
null; day-0 variance x2 (noise of the return's own sd added on each event's day 0);
and +1 % / +2 % on day 0. The pattern is fitted whole (7 events on 5 event-days) and
as its first three event-days (the seeds' small groups). Printed: the share of copies
rejected at 5 % per test, scenario, pattern and window.

This simulation, not the seed results, chose :data:`analysis.study.stattests.PRIMARY_TEST`
(see the README, "Statistics").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.study.caar import caar_table
from analysis.study.eventstudy import EventStudy

PATTERN: tuple[int, ...] = (0, 0, 2, 3, 3, 6, 40)
"""Day-0 offsets (sessions) of one copy: a duplicate, a run of overlapping windows, a
lone event; 5 distinct event-days."""
SMALL: tuple[int, ...] = (0, 0, 2, 6)
"""The first three event-days only (a small group)."""
STEP: int = 300
TESTS: tuple[str, ...] = ("clustered_bmp_t", "clustered_t", "bmp_t", "bmp_kp_t")
WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (-1, 1), (0, 5))


BATCH: int = 80
"""Copies per fit (80 x 300 business days stay inside the calendars' span)."""


def simulate(n_copies: int, pattern: tuple[int, ...], scenario: str, seed: int,
             model: str = "constant") -> pd.DataFrame:
    """Rejection rate at 5 % of each test and window over ``n_copies`` copies."""
    rng = np.random.default_rng(seed)
    parts = []
    for first in range(0, n_copies, BATCH):
        parts.append(_batch(min(BATCH, n_copies - first), pattern, scenario, rng, model))
    table = pd.concat(parts, ignore_index=True)
    rate = (table.assign(reject=table["p_value"] < 0.05)
            .groupby(["window", "statistic"])["reject"].mean().unstack("statistic"))
    return rate[list(TESTS)]


def _batch(n_copies: int, pattern: tuple[int, ...], scenario: str,
           rng: np.random.Generator, model: str) -> pd.DataFrame:
    """The per-copy CAAR rows of one fit of ``n_copies`` copies."""
    T = STEP * (n_copies + 1)
    dates = pd.bdate_range("1926-01-04", periods=T)
    market = rng.normal(0.0003, 0.01, T)
    r = 0.5 * market + rng.normal(0.0, 0.01, T)
    starts = STEP * np.arange(1, n_copies + 1)
    pos = (starts[:, None] + np.asarray(pattern)[None, :]).ravel()
    day0 = np.unique(pos)
    if scenario == "var x2":
        r[day0] += rng.normal(0.0, 0.01, len(day0))
    elif scenario.startswith("+"):
        r[day0] += float(scenario.rstrip("%")) / 100
    returns = pd.DataFrame({"A": r, "M": market}, index=dates)
    events = pd.DataFrame({
        "event_id": [f"e{k}" for k in range(len(pos))],
        "date": [str(dates[p].date()) for p in pos],
        "timing": "during_session",
        "category": np.repeat([f"c{k:04d}" for k in range(n_copies)], len(pattern)),
        "direction": "",
    })
    study = EventStudy(returns, events, market="M", tickers=["A"], calendars={})
    res = study.fit(model, windows=list(WINDOWS))
    table = caar_table(res.panels, by=("category",), tests=TESTS, n_permutations=0)
    return table[table["group"] != "all"]


def main(argv: list[str]) -> int:
    """Print the rejection-rate tables."""
    n_copies = int(argv[1]) if len(argv) > 1 else 1000
    seed = int(argv[2]) if len(argv) > 2 else 0
    pd.set_option("display.width", 120)
    for name, pattern in (("7 events, 5 event-days", PATTERN),
                          ("4 events, 3 event-days", SMALL)):
        for k, scenario in enumerate(("null", "var x2", "+1%", "+2%")):
            rate = simulate(n_copies, pattern, scenario, seed + k)
            print(f"\n{name}, {scenario} ({n_copies} copies): share rejected at 5 %")
            print((100 * rate).round(1).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
