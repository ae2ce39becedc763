"""The one day-0 locator (analysis.market.day0): calendar rules, then the data sessions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.market import calendars
from analysis.market.day0 import locate_day0

# NYSE sessions 1-16 August 2019 (weekends 3-4 and 10-11 August).
SESSIONS = pd.DatetimeIndex(calendars.sessions("NYSE", "2019-08-01", "2019-08-16"))


def events(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(date, timing, date_end) rows with the parsed date the estimator hands over."""
    frame = pd.DataFrame(rows, columns=["date", "timing", "date_end"])
    frame["date_parsed"] = pd.to_datetime(frame["date"])
    frame["date_reason"] = ""
    return frame


def test_weekend_and_after_close_move_to_the_next_session() -> None:
    ev = events(("2019-08-03", "unknown", ""),          # Saturday -> Monday 5th
                ("2019-08-02", "after_close", ""),      # Friday evening -> Monday 5th
                ("2019-08-02", "during_session", ""),   # Friday itself
                ("2019-08-07", "before_open", ""))      # Wednesday itself
    pos, reasons, day0 = locate_day0(ev, "^GSPC", SESSIONS)
    assert [str(d)[:10] for d in day0] == ["2019-08-05", "2019-08-05", "2019-08-02",
                                           "2019-08-07"]
    # Positions on the timeline: 1 Aug is 0, so Monday 5 Aug is 2.
    assert list(pos) == [2, 2, 1, 4]
    assert list(reasons) == [""] * 4


def test_outside_the_data_there_is_no_day0_and_the_reason_says_why() -> None:
    ev = events(("2019-07-15", "", ""), ("2019-09-02", "", ""))
    pos, reasons, day0 = locate_day0(ev, "^GSPC", SESSIONS)
    assert list(pos) == [-1, -1] and np.isnat(day0).all()
    assert reasons[0] == "event before the data (^GSPC starts 2019-08-01)"
    assert reasons[1] == "event after the data (^GSPC ends 2019-08-16)"


def test_a_session_missing_from_the_data_moves_to_the_next_data_session() -> None:
    data = SESSIONS.drop(pd.Timestamp("2019-08-06"))
    pos, _, day0 = locate_day0(events(("2019-08-06", "", "")), "^GSPC", data)
    assert str(day0[0])[:10] == "2019-08-07" and pos[0] == 3


def test_a_range_over_several_sessions_has_no_single_day0() -> None:
    ev = events(("2019-08-05", "", "2019-08-09"),   # a week: five sessions
                ("2019-08-03", "", "2019-08-04"))   # a weekend: still one day 0
    pos, reasons, day0 = locate_day0(ev, "^GSPC", SESSIONS)
    assert pos[0] == -1 and "spans several ^GSPC sessions" in reasons[0]
    assert str(day0[1])[:10] == "2019-08-05"


def test_a_custom_mapper_replaces_the_calendar() -> None:
    def next_day(frame: pd.DataFrame, ticker: str, sessions: pd.DatetimeIndex) -> pd.DataFrame:
        return frame.assign(day0=pd.to_datetime(frame["date"]) + pd.Timedelta(days=1))

    _, _, day0 = locate_day0(events(("2019-08-01", "", "")), "X", SESSIONS, next_day)
    assert str(day0[0])[:10] == "2019-08-02"
