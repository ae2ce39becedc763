"""Size of one test on the season copies that land in chosen months (issue 20).

Usage::

    .venv/bin/python scripts/season_months.py SEASON_COPIES_CSV [FIRST_MONTH LAST_MONTH] [STATISTIC]

Reads the per-copy table ``season_copies.csv`` that ``python -m analysis validate`` writes
and keeps the copies whose month is in ``FIRST_MONTH..LAST_MONTH`` (default 6..9, June to
September, the seeds' season as issue 20 states it; the default validate design lands
June-August by median event date, ``--season-weeks 8`` reaches September). Per ticker x
model x window it prints the size at 5 % with a 95 % interval from a bootstrap over
year blocks (2,000 draws, seed 0), the exact two-sided binomial p against 5 %, Holm
across the cells, and the rejection rates of the other scenarios (``var2``, ``plus1``,
``plus2``). It recomputes from the copies only: no prices are read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests

DRAWS = 2000
ALPHA = 0.05


def _cell(null: pd.DataFrame, rng: np.random.Generator) -> dict[str, float]:
    rejected = (null["p_value"] < ALPHA).to_numpy(dtype=float)
    blocks = null["block"].to_numpy()
    labels = np.unique(blocks)
    by_block = [rejected[blocks == b] for b in labels]
    boots = [np.concatenate([by_block[i] for i in rng.integers(0, len(labels), len(labels))]
                            ).mean() for _ in range(DRAWS)]
    lo, hi = np.percentile(boots, [2.5, 97.5])
    k, n = int(rejected.sum()), len(rejected)
    return {"copies": n, "size_pct": 100 * k / n, "lo_pct": 100 * lo, "hi_pct": 100 * hi,
            "binom_p": binomtest(k, n, ALPHA).pvalue}


def season_months(copies: pd.DataFrame, first: int, last: int, statistic: str) -> pd.DataFrame:
    """The table described in the module notes, one row per ticker x model x window."""
    copies = copies.assign(scenario=copies["scenario"].fillna("null"))
    kept = copies[copies["month"].between(first, last) & (copies["statistic"] == statistic)]
    if kept.empty:
        raise ValueError(f"no {statistic} copies in months {first}..{last}")
    rng = np.random.default_rng(0)
    rows = []
    for (ticker, model, window), g in kept.groupby(["ticker", "model", "window"], sort=False):
        row = {"ticker": ticker, "model": model, "window": window,
               **_cell(g[g["scenario"] == "null"], rng)}
        for scenario, s in g[g["scenario"] != "null"].groupby("scenario"):
            row[f"{scenario}_pct"] = 100 * float((s["p_value"] < ALPHA).mean())
        rows.append(row)
    out = pd.DataFrame(rows)
    out["holm_p"] = multipletests(out["binom_p"], method="holm")[1]
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("Usage::")[1].split("Reads")[0].strip(), file=sys.stderr)
        return 2
    path = Path(argv[0])
    first, last = (int(argv[1]), int(argv[2])) if len(argv) >= 3 else (6, 9)
    statistic = argv[3] if len(argv) >= 4 else "clustered_bmp_t"
    try:
        copies = pd.read_csv(path, keep_default_na=False, na_values=[""])
        table = season_months(copies, first, last, statistic)
    except (OSError, ValueError, KeyError) as exc:
        print(f"season_months: {path}: {exc}", file=sys.stderr)
        return 1
    print(table.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
