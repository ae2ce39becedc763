"""Size of one test on the season copies that land in chosen months (issue 20).

Usage::

    .venv/bin/python scripts/season_months.py SEASON_COPIES_CSV [FIRST_MONTH LAST_MONTH] [STATISTIC]

Reads the per-copy table ``season_copies.csv`` that ``python -m analysis validate`` writes
and keeps the copies whose month is in ``FIRST_MONTH..LAST_MONTH`` (default the validate
design's own months, :data:`analysis.study.seasonal.SEASON_MONTHS`: June to September),
so a narrower season (say July alone) can be read from one run. Per ticker x model x
window it prints the size at 5 % with the 95 % block-bootstrap interval over years, the
exact two-sided binomial p against 5 %, Holm across the cells, and the rejection rates
of the other scenarios (``var2``, ``plus1``, ``plus2``), all by
:func:`analysis.study.seasonal.copy_rates` (2,000 draws, seed 0), as validate computes
them. It recomputes from the copies only: no prices are read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.study.seasonal import SEASON_MONTHS, copy_rates
from analysis.study.stattests import PRIMARY_TEST

DRAWS = 2000


def season_months(copies: pd.DataFrame, first: int, last: int, statistic: str) -> pd.DataFrame:
    """The table described in the module notes, one row per ticker x model x window."""
    copies = copies.assign(scenario=copies["scenario"].fillna("null"))
    kept = copies[copies["month"].between(first, last) & (copies["statistic"] == statistic)]
    if kept.empty:
        raise ValueError(f"no {statistic} copies in months {first}..{last}")
    pooled, _ = copy_rates(kept, "months", DRAWS, 0)
    return pd.DataFrame({
        "ticker": pooled["ticker"], "model": pooled["model"], "window": pooled["window"],
        "copies": pooled["n_copies"], "size_pct": 100 * pooled["size"],
        "lo_pct": 100 * pooled["size_lo"], "hi_pct": 100 * pooled["size_hi"],
        "binom_p": pooled["binom_p"], "holm_p": pooled["binom_p_holm"],
        "var2_pct": 100 * pooled["var2_size"], "plus1_pct": 100 * pooled["power_1pct"],
        "plus2_pct": 100 * pooled["power_2pct"]})


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("Usage::")[1].split("Reads")[0].strip(), file=sys.stderr)
        return 2
    path = Path(argv[0])
    first, last = ((int(argv[1]), int(argv[2])) if len(argv) >= 3
                   else (min(SEASON_MONTHS), max(SEASON_MONTHS)))
    statistic = argv[3] if len(argv) >= 4 else PRIMARY_TEST
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
