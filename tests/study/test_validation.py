"""Size/power study: mechanics on synthetic data and the command on the snapshot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.market import calendars
from analysis.study.stattests import TESTS
from analysis.study.validation import SIZE_POWER_COLUMNS, markdown_table, size_power, wilson


def iid_returns(sd: float = 0.01, seed: int = 3) -> pd.DataFrame:
    sessions = calendars.sessions("NYSE", "2010-01-04", "2013-12-31")
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"X": rng.normal(0.0, sd, len(sessions))},
                        index=pd.DatetimeIndex(sessions, name="date"))


def test_size_near_nominal_and_power_on_iid_normal_returns() -> None:
    table = size_power(iid_returns(), models={"X": ("constant",)}, n_samples=300,
                       sample_size=30, n_permutations=100, seed=1, windows=((0, 0), (-1, 1)))
    assert list(table.columns) == list(SIZE_POWER_COLUMNS)
    assert set(table["statistic"]) == {*TESTS, "single_event_t"}
    assert len(table) == 2 * (len(TESTS) + 1)
    day0 = table[table["window"] == "0:0"].set_index("statistic")
    # iid normal returns: every test is close to its nominal 5 % (300 samples: +-2.5 pp)
    assert day0["size"].between(0.015, 0.095).all(), day0["size"]
    single = day0.loc["single_event_t"]
    assert single["n_samples"] == 300 * 30
    assert 0.04 < single["size"] < 0.06
    # 2 % on day 0 against a 1 % daily sd with 30 events: every test finds it
    assert (day0["power_2pct"].drop("single_event_t") > 0.95).all()
    assert 0.4 < single["power_2pct"] < 0.65  # one event: 2 sd shift, about 52 %
    assert (day0["power_1pct"] > day0["size"]).all()
    # the same seed gives the same table
    again = size_power(iid_returns(), models={"X": ("constant",)}, n_samples=300,
                       sample_size=30, n_permutations=100, seed=1, windows=((0, 0), (-1, 1)))
    pd.testing.assert_frame_equal(table, again)


def test_wilson_interval() -> None:
    lo, hi = wilson(50, 1000)
    assert lo == pytest.approx(0.03813, abs=1e-4)
    assert hi == pytest.approx(0.06531, abs=1e-4)


def test_markdown_marks_sizes_outside_3_to_7_percent() -> None:
    table = pd.DataFrame([
        {"ticker": "X", "model": "constant", "window": "0:0", "statistic": "a", "n_samples": 10,
         "sample_size": 5, "size": 0.05, "size_lo": 0.04, "size_hi": 0.06,
         "power_1pct": 0.5, "power_2pct": 0.9},
        {"ticker": "X", "model": "constant", "window": "0:0", "statistic": "b", "n_samples": 10,
         "sample_size": 5, "size": 0.09, "size_lo": 0.08, "size_hi": 0.1,
         "power_1pct": 0.5, "power_2pct": 0.9},
    ])
    text = markdown_table(table)
    lines = text.strip().splitlines()
    assert len(lines) == 4
    assert "outside" not in lines[2] and "outside [3, 7]" in lines[3]
    assert "| 5.0 (4.0-6.0) |" in lines[2]


@pytest.mark.skipif(config.market_data_dir() is None, reason="no market-data snapshot")
def test_validate_command_on_the_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "validation"
    assert main(["validate", "--out", str(out), "--n-events", "20", "--sample-size", "10",
                 "--permutations", "20"]) == 0
    table = pd.read_csv(out / "size_power.csv")
    assert list(table.columns) == list(SIZE_POWER_COLUMNS)
    combos = set(map(tuple, table[["ticker", "model"]].drop_duplicates().to_numpy()))
    assert combos == {("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")}
    assert table["size"].between(0, 1).all()
    assert (out / "size_power.md").read_text().startswith("# Size and power")


def test_validate_rejects_bad_sizes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--out", str(tmp_path), "--sample-size", "1"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
