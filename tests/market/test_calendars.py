"""Exchange calendars and the day-0 mapping of events."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.io import AnalysisError
from analysis.market import calendars

TS = pd.Timestamp


def test_calendar_name_maps_config_and_defaults() -> None:
    assert calendars.calendar_name("^GSPC") == "NYSE"
    assert calendars.calendar_name("SPY") == "NYSE"
    assert calendars.calendar_name("ZS=F") == "CME_Agriculture"
    assert calendars.calendar_name("ZC=F") == "CME_Agriculture"
    assert calendars.calendar_name("CME_Agriculture") == "CME_Agriculture"
    assert calendars.calendar_name("NOT-A-TICKER") == calendars.DEFAULT_CALENDAR == "NYSE"


@pytest.mark.parametrize("cal", ["^GSPC", "NYSE", "ZS=F", "CME_Agriculture"])
@pytest.mark.parametrize(
    ("closed", "before", "after"),
    [
        ("2018-12-05", "2018-12-04", "2018-12-06"),  # national day of mourning, G.H.W. Bush
        ("2019-07-04", "2019-07-03", "2019-07-05"),
        ("2019-04-19", "2019-04-18", "2019-04-22"),  # Good Friday
        ("2018-01-15", "2018-01-12", "2018-01-16"),  # Martin Luther King Jr. Day
    ],
)
def test_closed_days_are_not_sessions(cal: str, closed: str, before: str, after: str) -> None:
    days = calendars.sessions(cal, "2018-01-01", "2019-12-31")
    assert TS(closed) not in days
    assert TS(before) in days
    assert TS(after) in days


def test_sessions_are_tz_naive_weekdays_and_count() -> None:
    days = calendars.sessions("^GSPC", "2019-01-01", "2019-12-31")
    assert days.tz is None
    assert days.dtype == "datetime64[ns]"
    assert (days.day_of_week < 5).all()
    assert len(days) == 252  # NYSE sessions in 2019
    assert days.is_monotonic_increasing and days.is_unique


def test_sessions_are_cached() -> None:
    calendars.sessions("NYSE", "2019-01-01", "2019-01-31")
    before = calendars._all_sessions.cache_info()
    calendars.sessions("NYSE", "2019-02-01", "2019-02-28")
    after = calendars._all_sessions.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses


def test_nyse_early_closes() -> None:
    early = calendars.early_closes("^GSPC", "2018-01-01", "2020-12-31")
    for day in ("2019-07-03", "2019-11-29", "2018-12-24", "2018-07-03", "2020-11-27"):
        assert TS(day) in early
    assert TS("2019-07-05") not in early
    assert early.tz is None


def test_cme_agriculture_early_closes() -> None:
    early = calendars.early_closes("ZS=F", "2018-01-01", "2020-12-31")
    for day in ("2019-11-29", "2018-12-24", "2019-12-24", "2018-11-23"):
        assert TS(day) in early
    assert TS("2019-08-13") not in early


@pytest.mark.parametrize(
    ("date", "timing", "ticker", "day0", "reason"),
    [
        ("2019-08-03", "unknown", "^GSPC", "2019-08-05", "weekend -> next session"),
        ("2019-08-04", "", "ZS=F", "2019-08-05", "weekend -> next session"),
        ("2019-05-05", "non_trading_day", "^GSPC", "2019-05-06", "weekend -> next session"),
        ("2019-07-04", "unknown", "^GSPC", "2019-07-05", "holiday (July 4th) -> next session"),
        ("2019-04-19", "during_session", "ZS=F", "2019-04-22",
         "holiday (Good Friday) -> next session"),
        ("2018-01-15", "before_open", "^GSPC", "2018-01-16",
         "holiday (Dr. Martin Luther King Jr. Day) -> next session"),
        ("2018-12-05", "non_trading_day", "^GSPC", "2018-12-06",
         "holiday (special closure) -> next session"),
        ("2019-08-02", "after_close", "^GSPC", "2019-08-05", "after close -> next session"),
        ("2019-08-05", "after_close", "ZS=F", "2019-08-06", "after close -> next session"),
        ("2019-07-03", "after_close", "^GSPC", "2019-07-05", "after close -> next session"),
        ("2019-08-05", "before_open", "^GSPC", "2019-08-05", "trading day"),
        ("2019-08-05", "during_session", "^GSPC", "2019-08-05", "trading day"),
        ("2019-08-05", "unknown", "^GSPC", "2019-08-05", "trading day"),
        ("2019-08-05", None, "^GSPC", "2019-08-05", "trading day"),
        # An after-close event on a weekend still lands on the next session.
        ("2019-08-03", "after_close", "^GSPC", "2019-08-05", "weekend -> next session"),
    ],
)
def test_map_day0_cases(date: str, timing: str | None, ticker: str, day0: str,
                        reason: str) -> None:
    events = pd.DataFrame({"date": [date], "timing": [timing]})
    out = calendars.map_day0(events, ticker)
    assert out["day0"].iloc[0] == TS(day0)
    assert out["day0_reason"].iloc[0] == reason
    assert calendars.day0(date, timing, ticker) == TS(day0)


def test_map_day0_non_trading_timing_on_a_session_keeps_the_session() -> None:
    events = pd.DataFrame({"date": ["2019-08-05"], "timing": ["non_trading_day"]})
    out = calendars.map_day0(events, "^GSPC")
    assert out["day0"].iloc[0] == TS("2019-08-05")
    assert out["day0_reason"].iloc[0].startswith("trading day")
    assert "non-trading" in out["day0_reason"].iloc[0]


def test_map_day0_without_timing_column_returns_a_copy() -> None:
    events = pd.DataFrame({"date": ["2019-07-04", "2019-07-05"], "label": ["a", "b"]})
    out = calendars.map_day0(events, "^GSPC")
    assert list(out.columns) == ["date", "label", "day0", "day0_reason"]
    assert list(out["day0"]) == [TS("2019-07-05"), TS("2019-07-05")]
    assert "day0" not in events.columns
    assert out["day0"].dtype == "datetime64[ns]"


def test_map_day0_on_data_sessions_flags_a_missing_bar() -> None:
    data_days = calendars.sessions("ZS=F", "2019-07-29", "2019-08-09").drop(TS("2019-08-05"))
    events = pd.DataFrame({"date": ["2019-08-03", "2019-08-02", "2019-08-07"],
                           "timing": ["unknown", "during_session", "after_close"]})
    out = calendars.map_day0(events, "ZS=F", sessions=data_days)
    assert list(out["day0"]) == [TS("2019-08-06"), TS("2019-08-02"), TS("2019-08-08")]
    assert "missing from ZS=F data" in out["day0_reason"].iloc[0]
    assert out["day0_reason"].iloc[1] == "trading day"
    assert out["day0_reason"].iloc[2] == "after close -> next session"


def test_map_day0_beyond_the_data_is_nat() -> None:
    data_days = calendars.sessions("^GSPC", "2019-07-01", "2019-08-02")
    events = pd.DataFrame({"date": ["2019-08-02"], "timing": ["after_close"]})
    out = calendars.map_day0(events, "^GSPC", sessions=data_days)
    assert pd.isna(out["day0"].iloc[0])
    assert "beyond" in out["day0_reason"].iloc[0]


def test_map_day0_rejects_unknown_timing_and_missing_date() -> None:
    with pytest.raises(AnalysisError, match="unknown event timing 'at lunch'"):
        calendars.map_day0(pd.DataFrame({"date": ["2019-08-05"], "timing": ["at lunch"]}),
                           "^GSPC")
    with pytest.raises(AnalysisError, match=r"events: missing column\(s\) date"):
        calendars.map_day0(pd.DataFrame({"when": ["2019-08-05"]}), "^GSPC")


def test_closure_reason() -> None:
    assert calendars.closure_reason(TS("2019-12-25"), "NYSE") == "holiday (Christmas)"
    assert calendars.closure_reason(TS("2019-08-10"), "NYSE") == "weekend"


def test_map_day0_before_the_data_is_nat() -> None:
    data_days = calendars.sessions("^GSPC", "2019-08-01", "2019-08-30")
    events = pd.DataFrame({"date": ["2019-07-15", "2019-08-01"]})
    out = calendars.map_day0(events, "^GSPC", sessions=data_days)
    assert pd.isna(out["day0"].iloc[0])
    assert "before the ^GSPC data" in out["day0_reason"].iloc[0]
    assert out["day0"].iloc[1] == TS("2019-08-01")


def test_map_day0_empty_frame() -> None:
    out = calendars.map_day0(pd.DataFrame({"date": [], "timing": []}), "ZS=F")
    assert list(out.columns) == ["date", "timing", "day0", "day0_reason"]
    assert out.empty
