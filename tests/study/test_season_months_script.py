"""scripts/season_months.py: the month subset of the season copies, by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "season_months.py"


def _module():
    spec = importlib.util.spec_from_file_location("season_months", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _copies() -> pd.DataFrame:
    # 40 null copies in July (2 rejected), 10 in May (all rejected: must be left out),
    # 40 var2 copies in July (4 rejected), over 4 year blocks.
    rows = []
    for i in range(40):
        rows.append(("ZS=F", "market", "0:0", "clustered_bmp_t", 7, i % 4, None,
                     0.01 if i < 2 else 0.5))
        rows.append(("ZS=F", "market", "0:0", "clustered_bmp_t", 7, i % 4, "var2",
                     0.01 if i < 4 else 0.5))
    for i in range(10):
        rows.append(("ZS=F", "market", "0:0", "clustered_bmp_t", 5, i % 4, None, 0.01))
    return pd.DataFrame(rows, columns=["ticker", "model", "window", "statistic", "month",
                                       "block", "scenario", "p_value"])


def test_size_counts_only_the_chosen_months() -> None:
    table = _module().season_months(_copies(), 6, 9, "clustered_bmp_t")
    row = table.iloc[0]
    assert row["copies"] == 40
    assert row["size_pct"] == pytest.approx(5.0)
    assert row["var2_pct"] == pytest.approx(10.0)
    assert row["binom_p"] == pytest.approx(1.0)
    assert row["lo_pct"] <= 5.0 <= row["hi_pct"]


def test_no_copy_in_the_months_is_an_error() -> None:
    with pytest.raises(ValueError, match="no clustered_bmp_t copies"):
        _module().season_months(_copies(), 10, 12, "clustered_bmp_t")
