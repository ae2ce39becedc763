"""Exchange calendars: trading sessions, early closes and the day-0 mapping of events.

Sessions come from ``pandas_market_calendars``; the ticker -> calendar map lives in
:data:`analysis.defaults.TICKER_CALENDAR`. Session dates are returned tz-naive
(``datetime64[ns]``, midnight), the same convention as the price frames.

The event study asks for day 0 of every event for every asset, so each calendar's
sessions and holiday names are computed once per process (``lru_cache``) over a wide
span and sliced afterwards.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import numpy as np
import pandas as pd
import pandas_market_calendars as mcal

from analysis import defaults
from analysis.io import AnalysisError, require_columns

DEFAULT_CALENDAR: str = "NYSE"
"""Calendar for tickers missing from ``defaults.TICKER_CALENDAR``: US exchange trading days."""

# Every calendar is computed once over this span and then sliced; wide enough for the
# oldest ^GSPC rows (1927) and a few years past today.
CALENDAR_SPAN: tuple[str, str] = ("1925-01-01", "2035-12-31")

TIMING_VALUES: tuple[str, ...] = tuple(dict.fromkeys((*defaults.TIMINGS, "non_trading_day")))
"""Accepted ``timing`` values (plus empty / missing = unknown)."""

# Rule names such as "Good Friday 1908+" or "Juneteenth Starting at 2022" carry the
# years the rule applies to; the reader wants the holiday only.
_RULE_YEARS = re.compile(
    r"\s+(\d{4}\+|\d{4} to \d{4}|Before \d{4}|Starting at \d{4}|Before Saturday Trading Ceased)$"
)


def calendar_name(ticker: str) -> str:
    """Name of the ``pandas_market_calendars`` calendar for ``ticker``.

    Parameters
    ----------
    ticker : str
        A Yahoo ticker (``^GSPC``, ``ZS=F``) or already a calendar name (``NYSE``).

    Returns
    -------
    str
        ``defaults.TICKER_CALENDAR[ticker]``; a calendar name is returned unchanged;
        anything else gets :data:`DEFAULT_CALENDAR` (US exchange trading days).
    """
    if ticker in defaults.TICKER_CALENDAR:
        return defaults.TICKER_CALENDAR[ticker]
    if ticker in _calendar_names():
        return ticker
    return DEFAULT_CALENDAR


@lru_cache(maxsize=1)
def _calendar_names() -> frozenset[str]:
    return frozenset(mcal.get_calendar_names())


@lru_cache(maxsize=32)
def _calendar(name: str) -> mcal.MarketCalendar:
    return mcal.get_calendar(name)


@lru_cache(maxsize=32)
def _all_sessions(name: str) -> pd.DatetimeIndex:
    """All sessions of calendar ``name`` over :data:`CALENDAR_SPAN`, tz-naive, cached."""
    days = _calendar(name).valid_days(*CALENDAR_SPAN)
    days = days.tz_localize(None) if days.tz is not None else days
    return pd.DatetimeIndex(days.normalize().astype("datetime64[ns]"), name="date")


@lru_cache(maxsize=32)
def _holiday_names(name: str) -> dict[pd.Timestamp, str]:
    """Date -> holiday name for the calendar's named (regular) holidays, cached."""
    cal = _calendar(name)
    out: dict[pd.Timestamp, str] = {}
    start, end = (pd.Timestamp(d) for d in CALENDAR_SPAN)
    rules = getattr(cal.regular_holidays, "rules", None) or []
    for rule in rules:
        label = _RULE_YEARS.sub("", str(rule.name)).strip()
        for day in pd.DatetimeIndex(rule.dates(start, end)):
            out.setdefault(pd.Timestamp(day).tz_localize(None).normalize(), label)
    return out


@lru_cache(maxsize=32)
def _adhoc_closures(name: str) -> frozenset[pd.Timestamp]:
    """One-off closures (national days of mourning, storms): no name in the calendar."""
    days = pd.DatetimeIndex(_calendar(name).adhoc_holidays)
    days = days.tz_localize(None) if days.tz is not None else days
    return frozenset(pd.Timestamp(d).normalize() for d in days)


def _check_span(start: pd.Timestamp, end: pd.Timestamp) -> None:
    lo, hi = (pd.Timestamp(d) for d in CALENDAR_SPAN)
    if start < lo or end > hi:
        raise AnalysisError(
            f"calendar span {start.date()}..{end.date()} is outside the supported "
            f"{CALENDAR_SPAN[0]}..{CALENDAR_SPAN[1]}"
        )


def sessions(ticker_or_calendar: str, start: str | pd.Timestamp,
             end: str | pd.Timestamp) -> pd.DatetimeIndex:
    """Trading sessions of an asset's exchange between ``start`` and ``end`` (inclusive).

    Parameters
    ----------
    ticker_or_calendar : str
        Ticker (mapped through :func:`calendar_name`) or calendar name.
    start, end : str or pandas.Timestamp
        Inclusive bounds.

    Returns
    -------
    pandas.DatetimeIndex
        Tz-naive session dates named ``date``.
    """
    lo, hi = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    _check_span(lo, hi)
    days = _all_sessions(calendar_name(ticker_or_calendar))
    return days[(days >= lo) & (days <= hi)]


def early_closes(ticker_or_calendar: str, start: str | pd.Timestamp,
                 end: str | pd.Timestamp) -> pd.DatetimeIndex:
    """Sessions that close early (e.g. the day before Independence Day, Black Friday).

    Parameters
    ----------
    ticker_or_calendar : str
        Ticker or calendar name.
    start, end : str or pandas.Timestamp
        Inclusive bounds.

    Returns
    -------
    pandas.DatetimeIndex
        Tz-naive dates of the early-close sessions, named ``date``.
    """
    lo, hi = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    _check_span(lo, hi)
    cal = _calendar(calendar_name(ticker_or_calendar))
    with warnings.catch_warnings():
        # pandas_market_calendars 5.5 still calls APIs pandas 3 deprecates; not ours to fix.
        warnings.filterwarnings("ignore", module=r"pandas_market_calendars(\..*)?")
        schedule = cal.schedule(lo, hi)
        days = pd.DatetimeIndex(cal.early_closes(schedule).index)
    days = days.tz_localize(None) if days.tz is not None else days
    return pd.DatetimeIndex(days.normalize().astype("datetime64[ns]"), name="date")


def closure_reason(date: pd.Timestamp, ticker_or_calendar: str) -> str:
    """Why ``date`` is not a session: ``weekend``, ``holiday (<name>)`` or ``non-trading day``.

    Parameters
    ----------
    date : pandas.Timestamp
        A date that is not a session of the calendar.
    ticker_or_calendar : str
        Ticker or calendar name.

    Returns
    -------
    str
        Short label used in ``day0_reason``.
    """
    day = pd.Timestamp(date).normalize()
    name = calendar_name(ticker_or_calendar)
    if day.day_of_week >= 5:
        return "weekend"
    holiday = _holiday_names(name).get(day)
    if holiday:
        return f"holiday ({holiday})"
    if day in _adhoc_closures(name):
        return "holiday (special closure)"
    return "non-trading day"


def _next_on_or_after(days: pd.DatetimeIndex, day: pd.Timestamp) -> pd.Timestamp:
    pos = days.searchsorted(day, side="left")
    return days[pos] if pos < len(days) else pd.NaT


def _next_after(days: pd.DatetimeIndex, day: pd.Timestamp) -> pd.Timestamp:
    pos = days.searchsorted(day, side="right")
    return days[pos] if pos < len(days) else pd.NaT


def _normalise_timing(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "unknown"
    text = str(value).strip().lower()
    if text in ("", "nan", "none", "<na>", "nat"):
        return "unknown"
    if text not in TIMING_VALUES:
        raise AnalysisError(
            f"unknown event timing {value!r}: expected one of {', '.join(TIMING_VALUES)} or empty"
        )
    return text


def _calendar_day0(day: pd.Timestamp, timing: str, cal: str) -> tuple[pd.Timestamp, str]:
    """Day 0 on the exchange calendar and the reason, for one event."""
    days = _all_sessions(cal)
    if day not in days:
        return _next_on_or_after(days, day), f"{closure_reason(day, cal)} -> next session"
    if timing == "after_close":
        return _next_after(days, day), "after close -> next session"
    if timing == "non_trading_day":
        # The source says markets were shut, but this asset's exchange was open: the
        # calendar decides, and the reason keeps the disagreement visible.
        return day, "trading day (timing says non-trading day, but the exchange was open)"
    return day, "trading day"


def _normalised_timings(timings: pd.Series, dated: np.ndarray) -> np.ndarray:
    """:func:`_normalise_timing` of every dated row, once per distinct value (in order of
    appearance, so a bad value is reported as a row loop would); undated rows get
    ``unknown`` (never read)."""
    values = timings.to_numpy(dtype=object)
    out = np.full(len(values), "unknown", dtype=object)
    if dated.any():
        codes, uniq = pd.factorize(values[dated], use_na_sentinel=False)
        out[dated] = np.asarray([_normalise_timing(v) for v in uniq], dtype=object)[codes]
    return out


def _calendar_day0s(days: np.ndarray, timing: np.ndarray, cal: str
                    ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_calendar_day0` of every row as arrays: day 0 (``datetime64[ns]``, NaT
    when no session follows) and the reason; undated rows get NaT and ``no date``."""
    n = len(days)
    d0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    reasons = np.full(n, "no date", dtype=object)
    dated = ~np.isnat(days)
    sess = _all_sessions(cal).to_numpy(dtype="datetime64[ns]")
    padded = np.append(sess, np.datetime64("NaT"))  # index len(sess): no next session
    left = np.searchsorted(sess, days, side="left")
    on = dated & (padded[left] == days)
    off = np.flatnonzero(dated & ~on)
    d0[off] = padded[left[off]]
    # 1970-01-01 was a Thursday: weekday = (days since the epoch + 3) mod 7.
    weekday = (days[off].astype("datetime64[D]").view(np.int64) + 3) % 7
    reasons[off[weekday >= 5]] = "weekend -> next session"
    for i in off[weekday < 5]:
        reasons[i] = f"{closure_reason(pd.Timestamp(days[i]), cal)} -> next session"
    close = on & (timing == "after_close")
    d0[close] = padded[np.searchsorted(sess, days[close], side="right")]
    reasons[close] = "after close -> next session"
    shut = on & (timing == "non_trading_day")
    # The source says markets were shut, but this asset's exchange was open: the
    # calendar decides, and the reason keeps the disagreement visible.
    reasons[shut] = "trading day (timing says non-trading day, but the exchange was open)"
    same = on & ~close
    d0[same] = days[same]
    reasons[same & ~shut] = "trading day"
    return d0, reasons


def _on_data_sessions(d0: np.ndarray, reasons: np.ndarray, data_days: pd.DatetimeIndex,
                      cal: str, ticker: str) -> None:
    """Move (in place) calendar day 0s missing from the asset's data to its next data
    session, or to NaT before or beyond the data, saying so in the reason."""
    data = data_days.to_numpy(dtype="datetime64[ns]")
    padded = np.append(data, np.datetime64("NaT"))
    pos = np.searchsorted(data, d0, side="left")
    for i in np.flatnonzero(~np.isnat(d0) & (padded[pos] != d0)):
        day = pd.Timestamp(d0[i]).date()
        if len(data) and d0[i] < data[0]:
            reasons[i] += f"; {cal} session {day} is before the {ticker} data"
        elif pos[i] >= len(data):
            reasons[i] += f"; {cal} session {day} is beyond the {ticker} data"
        else:
            reasons[i] += f"; {cal} session {day} missing from {ticker} data -> next data session"
        d0[i] = padded[pos[i]] if len(data) and d0[i] >= data[0] else np.datetime64("NaT")


def map_day0(events: pd.DataFrame, ticker: str,
             sessions: pd.DatetimeIndex | None = None, *,
             calendar: str | None = None) -> pd.DataFrame:
    """Map each event to its day 0 for ``ticker``: the first session the news could move.

    Rules: an event on a session is day 0 that session, unless it came after the close
    (``after_close`` -> next session); an event on a weekend, holiday or other
    non-session day -> the next session. ``before_open``, ``during_session``,
    ``unknown`` and empty timings keep a session date.

    Parameters
    ----------
    events : pandas.DataFrame
        Column ``date`` (anything ``pd.to_datetime`` reads) and optional ``timing``
        (``before_open``, ``during_session``, ``after_close``, ``unknown``,
        ``non_trading_day`` or empty).
    ticker : str
        Asset whose exchange calendar is used.
    sessions : pandas.DatetimeIndex, optional
        The asset's actual data sessions. When given, the calendar day 0 is then
        located on these: if the calendar session is missing from the data, day 0
        moves to the next data session and the reason says so.
    calendar : str, optional
        Exchange calendar to use instead of the one :func:`calendar_name` gives
        ``ticker`` (an estimator's own ticker -> calendar table).

    Returns
    -------
    pandas.DataFrame
        A copy of ``events`` with ``day0`` (datetime64[ns], NaT when no session
        follows) and ``day0_reason``.
    """
    require_columns(events, ("date",), "events")
    out = events.copy()
    try:
        dates = pd.to_datetime(out["date"])
    except (ValueError, TypeError) as exc:
        raise AnalysisError(f"events: unreadable date ({str(exc).splitlines()[0]})") from None
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    dates = dates.dt.normalize()
    if dates.notna().any():
        _check_span(dates.min(), dates.max())
    timings = out["timing"] if "timing" in out.columns else pd.Series("", index=out.index)
    cal = calendar_name(ticker if calendar is None else calendar)
    data_days = None
    if sessions is not None:
        data_days = pd.DatetimeIndex(sessions)
        data_days = data_days.tz_localize(None) if data_days.tz is not None else data_days
        data_days = data_days.normalize().unique().sort_values()

    # Vectorised over the rows (a per-row loop of Timestamp lookups was most of a
    # 50,000-event fit); only rows with something to explain get a Python step.
    days = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(days)
    day0, reasons = _calendar_day0s(days, _normalised_timings(timings, dated), cal)
    none_after = dated & np.isnat(day0)
    if data_days is not None:
        _on_data_sessions(day0, reasons, data_days, cal, ticker)
    for i in np.flatnonzero(none_after):
        reasons[i] += f"; no {cal} session after {pd.Timestamp(days[i]).date()}"
    out["day0"] = pd.DatetimeIndex(day0).astype("datetime64[ns]")
    out["day0_reason"] = pd.Series(reasons, index=out.index, dtype="str")
    return out


def day0(date: str | pd.Timestamp, timing: str | None, ticker: str) -> pd.Timestamp:
    """Day 0 of a single event; see :func:`map_day0` for the rules.

    Parameters
    ----------
    date : str or pandas.Timestamp
        Event date.
    timing : str or None
        Event timing (``None`` or empty = unknown).
    ticker : str
        Asset whose exchange calendar is used.

    Returns
    -------
    pandas.Timestamp
        The session that is day 0 (``NaT`` when none follows within the calendar span).
    """
    frame = pd.DataFrame({"date": [pd.Timestamp(date)], "timing": [timing or ""]})
    return pd.Timestamp(map_day0(frame, ticker)["day0"].iloc[0])
