"""Size/power study: mechanics on synthetic data and the command on the snapshot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.market import calendars
from analysis.study.stattests import PRIMARY_TEST, TESTS
from analysis.study.validation import (
    SIZE_POWER_COLUMNS,
    PatternDesign,
    PlaceboDesign,
    markdown_table,
    pattern_copies,
    seed_pattern,
    side_by_side,
    size_power,
    wilson,
)


def iid_returns(sd: float = 0.01, seed: int = 3) -> pd.DataFrame:
    sessions = calendars.sessions("NYSE", "2010-01-04", "2013-12-31")
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"X": rng.normal(0.0, sd, len(sessions))},
                        index=pd.DatetimeIndex(sessions, name="date"))


@pytest.mark.slow  # a size/power simulation or a whole `make` run: make test-fast skips it
def test_size_near_nominal_and_power_on_iid_normal_returns() -> None:
    table = size_power(iid_returns(), models={"X": ("constant",)}, design=PlaceboDesign(
        n_samples=300, sample_size=30, n_permutations=100, seed=1,
        windows=((0, 0), (-1, 1))))
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
    again = size_power(iid_returns(), models={"X": ("constant",)}, design=PlaceboDesign(
        n_samples=300, sample_size=30, n_permutations=100, seed=1,
        windows=((0, 0), (-1, 1))))
    pd.testing.assert_frame_equal(table, again)


def test_wilson_interval() -> None:
    lo, hi = wilson(50, 1000)
    assert lo == pytest.approx(0.03813, abs=1e-4)
    assert hi == pytest.approx(0.06531, abs=1e-4)


def test_markdown_marks_sizes_outside_3_to_7_percent() -> None:
    table = pd.DataFrame([
        {"design": "d", "primary": True,
         "ticker": "X", "model": "constant", "window": "0:0", "statistic": PRIMARY_TEST,
         "n_samples": 10,
         "sample_size": 5, "size": 0.05, "size_lo": 0.04, "size_hi": 0.06,
         "power_1pct": 0.5, "power_2pct": 0.9},
        {"design": "d", "primary": False,
         "ticker": "X", "model": "constant", "window": "0:0", "statistic": "csect_t",
         "n_samples": 10,
         "sample_size": 5, "size": 0.09, "size_lo": 0.08, "size_hi": 0.1,
         "power_1pct": 0.5, "power_2pct": 0.9},
    ])
    text = markdown_table(table)
    lines = text.strip().splitlines()
    assert len(lines) == 4
    assert "outside" not in lines[2] and "outside [3, 7]" in lines[3]
    assert "| 5.0 (4.0-6.0) |" in lines[2] and "(primary)" in lines[2]
    wide = side_by_side(table).strip().splitlines()
    assert len(wide) == 3 and wide[2] == "| d | X | constant | 0:0 | 5.0 | 9.0 | 50.0 | 90.0 |"
    assert wide[0].split(" | ")[4] == PRIMARY_TEST


def test_pattern_copies_keep_weekdays_and_stop_at_the_first_date() -> None:
    events = pd.DataFrame({
        "event_id": ["a", "b", "m"], "date": ["2019-07-19", "2019-07-20", "2019-07"],
        "date_precision": ["day", "week", "month"], "date_end": ["", "2019-07-21", ""],
    })
    copies = pattern_copies(events, first="2018-01-01")
    assert set(copies["category"]) == {"copy01", "copy02", "copy03"}
    assert "m@copy01" not in set(copies["event_id"])  # month precision: nothing to copy
    dates = pd.to_datetime(copies["date"])
    assert set(dates.dt.day_of_week[copies["event_id"].str.startswith("a@")]) == {4}
    b1 = copies[copies["event_id"] == "b@copy01"].iloc[0]
    assert (b1["date"], b1["date_end"]) == ("2019-01-19", "2019-01-20")


@pytest.mark.slow  # a size/power simulation or a whole `make` run: make test-fast skips it
def test_seed_pattern_primary_has_nominal_size_on_iid_returns() -> None:
    sessions = calendars.sessions("NYSE", "2004-01-02", "2019-12-31")
    rng = np.random.default_rng(5)
    returns = pd.DataFrame({"X": rng.normal(0.0, 0.01, len(sessions))},
                           index=pd.DatetimeIndex(sessions, name="date"))
    # a clustered pattern: duplicates and nine events within two weeks
    days = ["2019-07-18", "2019-07-19", "2019-07-19", "2019-07-22", "2019-07-23",
            "2019-07-25", "2019-07-30", "2019-09-19", "2019-09-20", "2019-12-16"]
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(days))], "date": days})
    table, per_copy = seed_pattern(returns, events, models={"X": ("constant",)},
                                   design=PatternDesign(windows=((0, 0), (0, 5)),
                                                        step_days=7, injections=()))
    prim = table[table["primary"]].set_index("window")
    assert prim.loc["0:5", "n_samples"] > 500
    # independent copies would give +-1.8 pp; these overlap, so allow more
    assert prim["size"].between(0.02, 0.085).all(), prim["size"]
    naive = table[table["statistic"] == "csect_t"].set_index("window")
    assert naive.loc["0:5", "size"] > prim.loc["0:5", "size"] + 0.05
    assert per_copy["group"].str.startswith("category=copy").all()


@pytest.mark.slow  # the whole validate command on the snapshot (~20 s): make test-fast skips it
@pytest.mark.skipif(config.market_data_dir() is None, reason="no market-data snapshot")
def test_validate_command_on_the_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "validation"
    events = tmp_path / "events.csv"
    # three event-days (one with a same-day duplicate): the fewest the primary test reads
    pd.DataFrame({"event_id": ["a", "b", "c", "d"],
                  "date": ["2019-07-19", "2019-07-19", "2019-07-22", "2019-07-24"]}
                 ).to_csv(events, index=False)
    assert main(["validate", "--out", str(out), "--n-events", "20", "--sample-size", "10",
                 "--permutations", "20", "--pattern-events", str(events), "--dense-step", "0",
                 "--group-sizes", "3", "--group-samples", "10", "--bootstrap", "200",
                 "--season-weeks", "1"]) == 0
    table = pd.read_csv(out / "size_power.csv")
    assert list(table.columns) == list(SIZE_POWER_COLUMNS)
    combos = set(map(tuple, table[["ticker", "model"]].drop_duplicates().to_numpy()))
    assert combos == {("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")}
    assert table["size"].between(0, 1).all()
    size_md = (out / "size_power.md").read_text()
    assert size_md.startswith("# Size and power")
    assert f"The primary test is `{PRIMARY_TEST}`." in size_md
    designs = set(table["design"])
    assert designs == {"seed pattern, 182-day steps", "random, N=10", "random, N=3"}
    prim = table[table["primary"]]
    assert set(prim["statistic"]) == {PRIMARY_TEST}
    assert prim.groupby(["design", "ticker", "model", "window"]).size().eq(1).all()
    season = pd.read_csv(out / "season.csv", dtype={"window": str})
    assert set(season["design"]) == {"seed season", "seed pattern, 182-day steps"}
    in_season = season[season["design"] == "seed season"]
    assert set(in_season["statistic"]) == set(TESTS)
    assert set(map(tuple, in_season[["ticker", "model"]].drop_duplicates().to_numpy())) == combos
    assert in_season["var2_size"].notna().all() and in_season["power_2pct"].notna().all()
    assert (in_season["size_lo"] <= in_season["size"] + 1e-12).all()
    months = pd.read_csv(out / "season_by_month.csv")
    assert set(months.loc[months["design"] == "seed season", "month"]) <= {6, 7, 8}
    text = (out / "season.md").read_text()
    assert "### ZS=F" in text and "### ^GSPC" in text and f"**{PRIMARY_TEST}** (primary)" in text
    assert "median date lands in Jun-Sep" in text


def test_validate_rejects_bad_sizes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--out", str(tmp_path), "--sample-size", "1"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert main(["validate", "--out", str(tmp_path), "--season-last", "soon"]) == 2
    assert "--season-last" in capsys.readouterr().err
    for months in ("6,13", "june", ""):
        assert main(["validate", "--out", str(tmp_path), "--season-months", months]) == 2
        assert "--season-months" in capsys.readouterr().err
    assert main(["validate", "--out", str(tmp_path), "--bootstrap", "5"]) == 2
    assert "--bootstrap" in capsys.readouterr().err
    # checked before any data is read (it used to fail only after the first design ran)
    assert main(["validate", "--out", str(tmp_path), "--dense-step", "5"]) == 2
    assert "--dense-step" in capsys.readouterr().err
    assert not (tmp_path / "size_power.csv").exists()
