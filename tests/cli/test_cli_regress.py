"""``python -m analysis regress`` end to end on synthetic returns in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.market.calendars import sessions as cal_sessions
from analysis.market.prices import RETURNS_COLUMNS, read_returns
from analysis.study.regressbattery import OUTPUT_COLUMNS
from analysis.study.regressions import EventDummyRegression

INJECTED = 0.05


def _write_returns(path: Path) -> pd.DatetimeIndex:
    """Tidy returns.csv (the `prices` layout) for ^GSPC and ZS=F on NYSE sessions."""
    idx = pd.DatetimeIndex(cal_sessions("^GSPC", "2018-06-01", "2019-12-31"))
    rng = np.random.default_rng(42)
    rm = rng.normal(0.0004, 0.01, len(idx))
    r = 0.0002 + 0.3 * rm + rng.normal(0, 0.012, len(idx))
    r[idx.get_loc(pd.Timestamp("2019-07-22"))] += INJECTED  # event S1 (a Saturday) -> Monday
    parts = []
    for ticker, ret in (("^GSPC", rm), ("ZS=F", r)):
        price = 100 * np.cumprod(1 + ret)
        parts.append(pd.DataFrame({"date": idx.strftime("%Y-%m-%d"), "ticker": ticker,
                                   "price": price, "ret": ret, "log_ret": np.log1p(ret)}))
    pd.concat(parts).loc[:, list(RETURNS_COLUMNS)].to_csv(path, index=False)
    return idx


def _write_events(path: Path) -> None:
    rows = [
        ("S1", "2019-07-20", "unknown", "tariff", "escalation"),
        ("S2", "2019-05-10", "before_open", "tariff", "escalation"),
        ("S3", "2019-08-01", "after_close", "tariff", "escalation"),
        ("T1", "2019-07-31", "during_session", "talks", "de-escalation"),
        ("T2", "2019-10-11", "during_session", "talks", "de-escalation"),
        ("T3", "2019-06-29", "unknown", "talks", "de-escalation"),
        ("M1", "2019-05", "", "tariff", "escalation"),
        ("OLD", "2018-03-22", "during_session", "tariff", "escalation"),
        ("PRE", "2018-07-10", "during_session", "talks", "de-escalation"),
    ]
    pd.DataFrame(rows, columns=["event_id", "date", "timing", "category", "direction"]).to_csv(
        path, index=False)


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    events, returns = tmp_path / "events.csv", tmp_path / "returns.csv"
    _write_events(events)
    _write_returns(returns)
    return events, returns


def _args(events: Path, returns: Path, out: Path, *extra: str) -> list[str]:
    return ["regress", "--events", str(events), "--returns-file", str(returns),
            "--out", str(out), "--sample", "2018-09-01:2019-12-31", *extra]


def test_regress_end_to_end(inputs: tuple[Path, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    events, returns = inputs
    out = tmp_path / "out"
    assert main(_args(events, returns, out)) == 0
    assert "wrote" in capsys.readouterr().out
    path = out / config.REGRESSIONS_CSV.name
    table = pd.read_csv(path, dtype={"term": str, "spec": str, "note": str})
    assert list(table.columns) == list(OUTPUT_COLUMNS)
    assert set(table["cov_type"]) == {"nonrobust"}  # the default
    specs = set(zip(table["ticker"], table["spec"], strict=True))
    assert specs == {
        ("^GSPC", "constant(asset is the market)+day[0:0]"),
        ("^GSPC", "constant(asset is the market)+window[-1:1]"),
        ("^GSPC", "constant(asset is the market)+category/direction[0:0]"),
        ("ZS=F", "market(^GSPC)+day[0:0]"),
        ("ZS=F", "market(^GSPC)+window[-1:1]"),
        ("ZS=F", "market(^GSPC)+category/direction[0:0]"),
        ("^GSPC+ZS=F", "joint+category/direction[0:0]"),  # stacked test across assets
    }
    joint = table[table["term"].str.startswith("joint: group:")]
    groups = table[(table["ticker"] == "ZS=F") & table["term"].str.startswith("group:")]
    assert set(joint["term"]) == {f"joint: {t}" for t in groups["term"]}
    assert (joint["df_num"] == 2).all() and joint["p_value"].between(0, 1).all()
    gspc = table[table["ticker"] == "^GSPC"]
    assert "market" not in set(gspc["term"])  # the market is not regressed on itself
    zs_day = table[(table["ticker"] == "ZS=F") & table["spec"].str.contains(r"\+day")]
    coef = zs_day.set_index("term")
    # the injected abnormal return on the Saturday event's Monday is recovered
    s1 = coef.loc["event:S1"]
    assert abs(s1["coef"] - INJECTED) < 3 * s1["std_err"]
    assert "2019-07-22" in s1["note"]
    assert coef.loc["event:S3", "note"].endswith("2019-08-02")  # after the close -> next day
    # the CLI's numbers are the library's
    wide = read_returns(returns)
    ev = pd.read_csv(events, dtype=str, keep_default_na=False, na_values=[""])
    lib = EventDummyRegression(wide["ZS=F"], wide["^GSPC"], ev, "ZS=F").fit(
        dummies="day", sample=("2018-09-01", "2019-12-31"))
    np.testing.assert_allclose(coef.loc[lib.params.index, "coef"], lib.params, rtol=1e-9)
    # joint tests, one pair per spec, with F, df and p
    wald = table[table["term"].str.startswith("wald:")]
    assert len(wald) == 12
    assert set(wald["term"]) == {"wald: talks = tariff", "wald: escalation = de-escalation"}
    talks = wald[(wald["ticker"] == "ZS=F") & (wald["term"] == "wald: talks = tariff")]
    assert (talks["df_num"] == 1).all() and talks["statistic"].gt(0).all()
    assert wald["statistic"].gt(0).all() and wald["p_value"].between(0, 1).all()
    # dropped events are listed with their reason, in every spec
    notes = table[table["term"].str.startswith("excluded:")].set_index(["spec", "term"])["note"]
    for spec in table.loc[table["ticker"] != "^GSPC+ZS=F", "spec"].unique():
        assert "month-precision" in notes.loc[(spec, "excluded: M1")]
        assert "event before the data" in notes.loc[(spec, "excluded: OLD")]
        assert "starts 2018-06-01)" in notes.loc[(spec, "excluded: OLD")]
        assert "outside the sample" in notes.loc[(spec, "excluded: PRE")]
    # T1 (07-31: window 07-30..08-01) and S3 (after the close 08-01: 08-01..08-05) overlap
    kept = table[table["term"].str.startswith("note: ") & table["spec"].str.contains("window")]
    assert kept["note"].str.contains("shares sessions").all() and len(kept) == 4
    # implied CAR rows for window dummies
    car = table[table["term"].str.startswith("car[-1:1]: event:S1")]
    assert len(car) == 2
    win = table[(table["term"] == "event:S1") & table["spec"].str.contains("window")]
    np.testing.assert_allclose(car["coef"].to_numpy(), 3 * win["coef"].to_numpy(), rtol=1e-8)


def test_rerun_is_byte_identical(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    events, returns = inputs
    out = tmp_path / "out"
    assert main(_args(events, returns, out, "--dummies", "day,category")) == 0
    first = (out / "regressions.csv").read_bytes()
    assert main(_args(events, returns, out, "--dummies", "day,category")) == 0
    assert (out / "regressions.csv").read_bytes() == first
    # rows are sorted, not in input order: shuffled events give the same file
    shuffled = tmp_path / "shuffled.csv"
    pd.read_csv(events, dtype=str).iloc[::-1].to_csv(shuffled, index=False)
    out2 = tmp_path / "out2"
    assert main(_args(shuffled, returns, out2, "--dummies", "category,day")) == 0
    assert (out2 / "regressions.csv").read_bytes() == first


def test_hac_on_category_dummies_with_a_window(inputs: tuple[Path, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    events, returns = inputs
    out = tmp_path / "out"
    # 3 events x 5 sessions per group: enough for HAC, so no warning (errors in pytest)
    code = main(_args(events, returns, out, "--dummies", "category", "--window=-2:2",
                      "--group-by", "category", "--cov", "HAC", "--tickers", "ZS=F"))
    assert code == 0
    assert "category[-2:2]" in capsys.readouterr().out
    table = pd.read_csv(out / "regressions.csv")
    assert set(table["cov_type"]) == {"HAC"}
    assert {"group:talks", "group:tariff"} <= set(table["term"])


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True,
                          text=True, cwd=config.ROOT, check=False)


def test_hac_on_day_dummies_is_a_one_line_error(inputs: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    events, returns = inputs
    out = tmp_path / "out"
    proc = _run(*_args(events, returns, out, "--dummies", "day", "--cov", "HAC"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "collapse on single-session dummies" in lines[0]
    assert not (out / "regressions.csv").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"events": "missing.csv"}, "file not found"),
        ({"extra": ("--tickers", "AAPL")}, "no returns for AAPL"),
        ({"extra": ("--window", "1:-1")}, "start must not exceed end"),
        ({"extra": ("--sample", "2019-13-01:2019-12-31")}, "not a date"),
        ({"extra": ("--dummies", "hour")}, "unknown type"),
        ({"extra": ("--hac-lags", "3")}, "--cov HAC only"),
        ({"extra": ("--group-by", " , ")}, "--group-by: nothing given"),
    ],
)
def test_bad_input_is_a_one_line_error(inputs: tuple[Path, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str],
                                       change: dict, message: str) -> None:
    events, returns = inputs
    if "events" in change:
        events = tmp_path / change["events"]
    out = tmp_path / "out"
    assert main(_args(events, returns, out, *change.get("extra", ()))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
    assert not (out / "regressions.csv").exists()
