"""``python -m analysis study`` end to end into a temporary folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.commands.study import ABNORMAL_COLUMNS, EVENT_STUDY_COLUMNS
from analysis.market import calendars
from analysis.study.stattests import CAAR_COLUMNS, PRIMARY_TEST


def write_inputs(folder: Path) -> dict[str, Path]:
    """Synthetic returns (^GSPC on NYSE, ZS=F on CME agriculture), events and flags."""
    rng = np.random.default_rng(42)
    frames = []
    market = None
    for ticker in ("^GSPC", "ZS=F"):
        days = calendars.sessions(ticker, "2017-06-01", "2019-12-31")
        if market is None:
            ret = rng.normal(0.0004, 0.01, len(days))
            market = pd.Series(ret, index=days)
        else:
            m = market.reindex(days).fillna(0.0).to_numpy()
            ret = 0.2 * m + rng.normal(0, 0.012, len(days))
        price = 100 * np.cumprod(1 + ret)
        frames.append(pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "ticker": ticker,
                                    "price": price, "ret": ret, "log_ret": np.log1p(ret)}))
    returns = folder / "returns.csv"
    pd.concat(frames).to_csv(returns, index=False)
    events = folder / "events.csv"
    pd.DataFrame({
        "catalog_id": ["TW-1", "TW-2", "TW-3", "TW-4", "TW-5"],
        "date": ["2019-05-05", "2019-05-10", "2019-07-18", "2019-07-19", "2019-08"],
        "timing": ["non_trading_day", "after_close", "during_session", "before_open", ""],
        "category": ["tariff", "tariff", "talks", "talks", "agriculture"],
        "direction": ["escalation", "escalation", "de-escalation", "de-escalation", "neutral"],
    }).to_csv(events, index=False)
    quality = folder / "quality.csv"
    pd.DataFrame({"date": ["2019-07-19"], "ticker": ["ZS=F"], "stale": [True],
                  "thin": [False], "roll": [False]}).to_csv(quality, index=False)
    return {"returns": returns, "events": events, "quality": quality}


def run_cli(inputs: dict[str, Path], out: Path, *extra: str) -> int:
    return main(["study", "--events", str(inputs["events"]),
                 "--returns-file", str(inputs["returns"]),
                 "--quality-file", str(inputs["quality"]), "--out", str(out),
                 "--permutations", "200", *extra])


def test_study_writes_three_tables_reproducibly(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path)
    out = tmp_path / "out"
    assert run_cli(inputs, out) == 0
    car = pd.read_csv(out / config.EVENT_STUDY_CSV.name, keep_default_na=False)
    ar = pd.read_csv(out / config.ABNORMAL_RETURNS_CSV.name)
    caar = pd.read_csv(out / config.CAAR_CSV.name)
    assert list(car.columns) == list(EVENT_STUDY_COLUMNS)
    assert list(ar.columns) == list(ABNORMAL_COLUMNS)
    assert list(caar.columns) == list(CAAR_COLUMNS)
    # Default models: ^GSPC constant; ZS=F constant and market; five windows; five events.
    combos = set(map(tuple, car[["ticker", "model"]].drop_duplicates().to_numpy()))
    assert combos == {("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")}
    assert len(car) == 5 * 5 * 3
    by_id = car[(car["ticker"] == "^GSPC") & (car["window"] == "0:0")].set_index("event_id")
    assert by_id.loc["TW-1", "day0"] == "2019-05-06"  # Sunday -> Monday
    assert by_id.loc["TW-2", "day0"] == "2019-05-13"  # Friday after close -> Monday
    assert "month-precision" in by_id.loc["TW-5", "reason"]
    assert by_id.loc["TW-5", "car"] == ""
    # July 18 and 19 overlap: one cluster.
    assert by_id.loc["TW-3", "cluster_id"] == by_id.loc["TW-4", "cluster_id"] != ""
    zs = car[(car["ticker"] == "ZS=F") & (car["event_id"] == "TW-3") & (car["window"] == "0:1")]
    assert (zs["flags"] == "2019-07-19:stale").all()
    assert set(caar["group"]) >= {"all", "category=tariff", "direction=escalation"}
    # one primary test per (ticker, model, group, window), decided in advance
    assert caar.groupby(["ticker", "model", "group", "window"])["primary"].sum().eq(1).all()
    assert set(caar.loc[caar["primary"], "statistic"]) == {PRIMARY_TEST}
    # one confirmatory row per study asset, fixed in advance, read alone
    conf = caar[caar["confirmatory"]]
    assert sorted(map(tuple, conf[["ticker", "model", "group", "window"]].to_numpy())) == \
        sorted((t, *cell) for t, cell in config.CONFIRMATORY.items())
    assert (conf["statistic"] == PRIMARY_TEST).all()
    assert np.allclose(conf["p_holm"], conf["p_value"], equal_nan=True)
    # two de-escalation event-days (July 18 and 19): too few for the primary, and the table says so
    assert set(conf["note"]) == {"fewer than 3 event-days (2)"}
    tested = caar[caar["p_value"].notna()]
    assert tested["p_holm"].ge(tested["p_value"] - 1e-12).all()
    assert tested["q_bh"].between(0, 1).all()
    assert caar["p_holm"].isna().eq(caar["p_value"].isna()).all()
    every = caar[(caar["group"] == "all") & caar["primary"]]
    assert (every["n_sessions"] <= every["n_events"]).all()
    assert car.loc[car["car"] != "", "p_sq"].astype(float).between(0, 1).all()
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run_cli(inputs, out) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_study_drops_roll_sessions_from_event_windows_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = write_inputs(tmp_path)
    pd.DataFrame({"date": ["2019-07-19"], "ticker": ["ZS=F"], "stale": [False],
                  "thin": [False], "roll": [True]}).to_csv(inputs["quality"], index=False)
    out = tmp_path / "out"
    assert run_cli(inputs, out, "--tickers", "ZS=F", "--model", "constant") == 0
    said = capsys.readouterr().out
    assert "roll sessions left out of estimation and event windows: ZS=F 1 " \
           "(1 inside event windows)" in said
    assert "confirmatory cells:" in said
    car = pd.read_csv(out / config.EVENT_STUDY_CSV.name, keep_default_na=False)
    tw3 = car[car["event_id"] == "TW-3"].set_index("window")
    # July 19 (the roll) is day 1 of TW-3: its 0:1 CAR is its day-0 AR alone
    assert float(tw3.at["0:1", "car"]) == pytest.approx(float(tw3.at["0:0", "car"]))
    assert tw3.at["0:1", "reason"] == "dropped 1 flagged session(s)"
    assert run_cli(inputs, out, "--tickers", "ZS=F", "--model", "constant",
                   "--keep-roll-days") == 0
    assert "roll sessions kept in estimation and event windows" in capsys.readouterr().out
    kept = pd.read_csv(out / config.EVENT_STUDY_CSV.name, keep_default_na=False)
    k3 = kept[kept["event_id"] == "TW-3"].set_index("window")
    assert float(k3.at["0:1", "car"]) != pytest.approx(float(k3.at["0:0", "car"]))


def test_study_options(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path)
    out = tmp_path / "out"
    assert run_cli(inputs, out, "--tickers", "ZS=F", "--model", "market-adjusted",
                   "--windows", "-1:1,0:0", "--estimation", "-200:-11", "--cluster", "pool",
                   "--exclude-event-days", "--drop-flagged", "--returns", "log") == 0
    car = pd.read_csv(out / config.EVENT_STUDY_CSV.name, keep_default_na=False)
    assert set(car["model"]) == {"market-adjusted"}
    assert set(car["window"]) == {"-1:1", "0:0"}
    assert "TW-3+TW-4" in set(car["event_id"])
    assert set(car.loc[car["car"] != "", "n_est"]) <= set(range(150, 191))


@pytest.mark.parametrize(("extra", "message"), [
    (("--estimation", "-250"), "bad --estimation"),
    (("--windows", "1:-1"), "bad --windows value"),
    (("--tickers", "NOPE"), "unknown ticker NOPE"),
    (("--estimation", "-5:5"), "overlaps event window"),
    (("--permutations", "-5"), "--permutations must be 0 or more"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         extra: tuple[str, ...], message: str) -> None:
    inputs = write_inputs(tmp_path)
    assert run_cli(inputs, tmp_path / "out", *extra) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_bad_events_file_is_a_one_line_error_in_a_subprocess(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,when\nx,2019-01-01\n")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "study", "--events", str(bad),
         "--returns-file", str(inputs["returns"]), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, cwd=config.ROOT, check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {bad}: missing column(s) event_id, date"]
    assert "Traceback" not in proc.stderr
