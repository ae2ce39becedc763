"""Data-quality flags: the known cases in the real snapshot, and each rule on small frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.io import AnalysisError
from analysis.market import calendars, prices, quality

TS = pd.Timestamp


@pytest.fixture(scope="module")
def snapshot() -> Path:
    if not (config.SHARED_MARKET_DATA / "manifest.json").is_file():
        pytest.skip(f"offline snapshot {config.SHARED_MARKET_DATA} is absent")
    return config.SHARED_MARKET_DATA


@pytest.fixture(scope="module")
def real_flags(snapshot: Path) -> pd.DataFrame:
    # From 2017-09 so the rolling volume median has history on 2018-01-02.
    bars = prices.load_prices(["^GSPC", "ZS=F", "CL=F"], "2017-09-01", "2020-12-31",
                              source=snapshot)
    return quality.quality_flags(bars)


def flags_on(flags: pd.DataFrame, ticker: str, day: str) -> set[str]:
    row = flags[(flags["ticker"] == ticker) & (flags["date"] == TS(day))]
    assert len(row) == 1, (ticker, day)
    return {c for c in quality.FLAG_COLUMNS if bool(row[c].iloc[0])}


def test_output_shape(real_flags: pd.DataFrame) -> None:
    assert list(real_flags.columns) == list(quality.QUALITY_COLUMNS)
    assert not real_flags.duplicated(["ticker", "date"]).any()
    for col in quality.FLAG_COLUMNS:
        assert real_flags[col].dtype == bool
    assert real_flags.equals(real_flags.sort_values(["ticker", "date"]).reset_index(drop=True))


def test_zs_known_cases(real_flags: pd.DataFrame) -> None:
    assert "thin" in flags_on(real_flags, "ZS=F", "2019-08-12")
    assert "thin" in flags_on(real_flags, "ZS=F", "2019-08-13")
    assert "stale" in flags_on(real_flags, "ZS=F", "2018-03-22")
    assert "stale" in flags_on(real_flags, "ZS=F", "2019-08-05")
    # The series moves to the September contract on 2019-08-14 (volume 145 -> 21,321).
    assert flags_on(real_flags, "ZS=F", "2019-08-14") == {"roll"}
    # An ordinary liquid day is clean.
    assert flags_on(real_flags, "ZS=F", "2019-06-20") == set()
    row = real_flags[(real_flags["ticker"] == "ZS=F") & (real_flags["date"] == TS("2019-08-05"))]
    assert row["flag"].iloc[0] == "stale;thin"


def test_zs_roll_days_are_mid_contract_month(real_flags: pd.DataFrame) -> None:
    zs = real_flags[(real_flags["ticker"] == "ZS=F") & real_flags["roll"]]
    zs = zs[(zs["date"] >= TS("2019-01-01")) & (zs["date"] <= TS("2019-12-31"))]
    # Soybean contracts: Jan, Mar, May, Jul, Aug, Sep, Nov; each roll within days of the 14th.
    months = set(zs["date"].dt.month)
    assert months == {1, 3, 5, 7, 8, 9, 11}
    assert zs["date"].dt.day.between(10, 16).all()


def test_cl_negative_close(real_flags: pd.DataFrame) -> None:
    assert "nonpositive_price" in flags_on(real_flags, "CL=F", "2020-04-20")
    row = real_flags[(real_flags["ticker"] == "CL=F") & (real_flags["date"] == TS("2020-04-20"))]
    assert row["close"].iloc[0] == pytest.approx(-37.63, abs=1e-4)


def test_gspc_clean_in_study_span(real_flags: pd.DataFrame) -> None:
    gspc = real_flags[(real_flags["ticker"] == "^GSPC") & (real_flags["date"] >= "2018-01-01")]
    assert len(gspc) == 756  # every NYSE session 2018-2020, none missing
    assert (gspc["flag"] == "").all()


def test_gspc_zero_open_in_old_rows(snapshot: Path) -> None:
    old = prices.load_prices(["^GSPC"], "1982-04-01", "1982-04-30", source=snapshot)
    flags = quality.quality_flags(old, calendar=False)
    assert "zero_open" in flags_on(flags, "^GSPC", "1982-04-15")
    assert "nonpositive_price" not in flags_on(flags, "^GSPC", "1982-04-15")
    assert not flags["thin"].any() and not flags["roll"].any()  # index, not a future


def bars(ticker: str, days: list[str], close: list[float],
         volume: list[float] | None = None) -> pd.DataFrame:
    n = len(days)
    close_arr = np.asarray(close, dtype=float)
    return pd.DataFrame({
        "date": pd.to_datetime(days).astype("datetime64[ns]"), "ticker": ticker,
        "open": close_arr, "high": close_arr + 1, "low": close_arr - 1, "close": close_arr,
        "adj_close": close_arr,
        "volume": np.asarray(volume if volume is not None else [1000.0] * n, dtype=float),
    })


def test_calendar_missing_and_extra_sessions() -> None:
    # 2019-07-03 (Wed) has no bar; 2019-07-06 is a Saturday bar; 2019-07-04 is a holiday.
    frame = bars("^GSPC", ["2019-07-01", "2019-07-02", "2019-07-05", "2019-07-06",
                           "2019-07-08"], [10, 11, 12, 13, 14])
    flags = quality.quality_flags(frame)
    assert list(flags["date"]) == [TS(d) for d in ("2019-07-01", "2019-07-02", "2019-07-03",
                                                   "2019-07-05", "2019-07-06", "2019-07-08")]
    assert flags_on(flags, "^GSPC", "2019-07-03") == {"missing_session"}
    assert np.isnan(flags.loc[flags["date"] == TS("2019-07-03"), "close"].iloc[0])
    assert flags_on(flags, "^GSPC", "2019-07-06") == {"extra_session"}
    assert flags_on(flags, "^GSPC", "2019-07-08") == set()
    no_cal = quality.quality_flags(frame, calendar=False)
    assert len(no_cal) == 5 and not no_cal["missing_session"].any()


def test_price_rules_and_duplicates() -> None:
    frame = bars("X", ["2019-07-01", "2019-07-02", "2019-07-02", "2019-07-03", "2019-07-05"],
                 [10, 11, 11.5, 11, 11])
    frame.loc[0, "open"] = 0.0
    frame.loc[1, "high"] = 5.0  # high < low (low = 10)
    frame.loc[3, "close"] = -1.0
    frame.loc[4, "close"] = -1.0  # repeats the previous close exactly
    flags = quality.quality_flags(frame, calendar=False)
    assert len(flags) == 4
    assert flags_on(flags, "X", "2019-07-01") == {"zero_open"}
    assert flags_on(flags, "X", "2019-07-02") == {"duplicate_date", "high_lt_low"}
    assert flags_on(flags, "X", "2019-07-03") == {"nonpositive_price"}
    assert flags_on(flags, "X", "2019-07-05") == {"nonpositive_price", "stale"}
    row = flags[flags["date"] == TS("2019-07-05")]
    assert row["flag"].iloc[0] == "nonpositive_price;stale"


def synthetic_future() -> tuple[list[str], list[float], list[float]]:
    days = [d.strftime("%Y-%m-%d") for d in pd.bdate_range("2019-01-01", periods=40)]
    rng = np.random.default_rng(0)
    close = list(100 + np.cumsum(rng.normal(0, 0.5, 40)))
    volume = [10_000.0] * 40
    volume[30], volume[31] = 300.0, 100.0   # delivery-month collapse
    volume[32] = 9_000.0                     # next contract: volume back
    close[32] = close[31] * 1.08             # and the price jumps
    return days, close, volume


def test_thin_and_roll_for_futures_only() -> None:
    days, close, volume = synthetic_future()
    fut = quality.quality_flags(bars("ZZ=F", days, close, volume), calendar=False)
    assert list(fut.loc[fut["thin"], "date"]) == [TS(days[30]), TS(days[31])]
    assert list(fut.loc[fut["roll"], "date"]) == [TS(days[32])]
    stock = quality.quality_flags(bars("ZZZ", days, close, volume), calendar=False)
    assert not stock["thin"].any() and not stock["roll"].any()


def test_roll_needs_the_volume_collapse() -> None:
    days, close, _ = synthetic_future()
    flat = quality.quality_flags(bars("ZZ=F", days, close, [10_000.0] * 40), calendar=False)
    assert not flat["roll"].any() and not flat["thin"].any()


def test_summary_counts(real_flags: pd.DataFrame) -> None:
    span = real_flags[real_flags["date"] >= TS("2018-01-01")]
    summary = quality.quality_summary(span)
    assert list(summary.columns) == list(quality.SUMMARY_COLUMNS)
    assert list(summary["ticker"]) == ["CL=F", "ZS=F", "^GSPC"]
    zs = summary.set_index("ticker").loc["ZS=F"]
    assert zs["first"] == "2018-01-02" and zs["last"] == "2020-12-31"
    assert zs["rows"] == 756
    assert zs["stale"] == int(span.loc[span["ticker"] == "ZS=F", "stale"].sum()) >= 2
    assert zs["thin"] >= 2 and zs["roll"] >= 21
    assert summary.set_index("ticker").loc["^GSPC", "flagged"] == 0
    # CMEGlobex_Energy lists US holidays as sessions; Yahoo's CL=F has no bar then.
    assert summary.set_index("ticker").loc["CL=F", "missing_session"] > 0


def test_date_runs() -> None:
    all_days = calendars.sessions("ZS=F", "2019-08-01", "2019-08-20")
    flagged = pd.Series(pd.to_datetime(["2019-08-09", "2019-08-12", "2019-08-13",
                                        "2019-08-15"]))
    assert quality.date_runs(flagged, all_days) == "2019-08-09..2019-08-13, 2019-08-15"
    assert quality.date_runs(flagged) == "2019-08-09, 2019-08-12..2019-08-13, 2019-08-15"
    assert quality.date_runs(pd.Series([], dtype="datetime64[ns]")) == ""


def test_quality_flags_names_the_missing_price_columns() -> None:
    frame = pd.DataFrame({"date": ["2019-08-01"], "ticker": ["X"]})
    with pytest.raises(AnalysisError, match=r"^price frame: missing column\(s\) "):
        quality.quality_flags(frame)
