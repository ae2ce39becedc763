"""The one day-0 locator: an event's date and timing to a session of an asset.

The exchange calendar (:func:`analysis.market.calendars.map_day0`) moves non-trading
days and after-close news to the next session; that session is then located on the
asset's own data sessions. Used by the event study and the regressions alike.
May import: ``analysis.market.calendars``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.market import calendars


def locate_day0(
    events: pd.DataFrame, ticker: str, timeline: pd.DatetimeIndex,
    mapper: Callable[..., pd.DataFrame] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day-0 positions of ``events`` on ``timeline`` via ``calendars.map_day0``.

    The calendar mapping moves non-trading days and after-close news to the next
    session of the asset's calendar; that session is then located on the asset's own
    data sessions (the next one if the data lack it). Each distinct (date, timing) is
    mapped once. Returns positions (``-1`` when there is no day 0), a reason per event
    (object array) and the day-0 dates (``datetime64[ns]``).
    """
    n = len(events)
    pos = np.full(n, -1, dtype=np.int64)
    reasons = events["date_reason"].astype(str).to_numpy(dtype=object).copy()
    day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    raw = events["date_parsed"].to_numpy(dtype="datetime64[ns]")
    good = ~np.isnat(raw)
    if len(timeline) == 0:
        reasons[good] = f"no returns for {ticker}"
        return pos, reasons, day0
    if not good.any():
        return pos, reasons, day0
    tl = timeline.to_numpy(dtype="datetime64[ns]")
    first, last = timeline[0].date(), timeline[-1].date()
    timing = events["timing"].astype(str).to_numpy(dtype=object)
    # Distinct (date, timing) pairs in order of appearance, from integer codes: tens of
    # thousands of events share a few thousand dates and a handful of timings.
    d_codes, d_uniq = pd.factorize(raw[good])
    t_codes, t_uniq = pd.factorize(timing[good])
    codes, pair = pd.factorize(d_codes.astype(np.int64) * len(t_uniq) + t_codes)
    uniq = pd.DataFrame({"date": d_uniq[pair // len(t_uniq)],
                         "timing": np.asarray(t_uniq, dtype=object)[pair % len(t_uniq)]})
    mapper = calendars.map_day0 if mapper is None else mapper
    mapped = mapper(uniq, ticker, sessions=timeline)
    cal_day0 = pd.to_datetime(mapped["day0"]).to_numpy(dtype="datetime64[ns]")[codes]
    cal_reason = (mapped["day0_reason"].astype("string").fillna("").to_numpy(dtype=object)
                  if "day0_reason" in mapped.columns
                  else np.full(len(uniq), "", dtype=object))[codes]
    g = np.flatnonzero(good)
    graw = raw[good]
    before = graw < tl[0]
    nat = np.isnat(cal_day0)
    p = np.searchsorted(tl, np.where(nat, tl[-1], cal_day0), side="left")
    after = ~before & ((nat & (graw > tl[-1])) | (~nat & (p >= len(tl))))
    failed = ~before & ~after & nat
    ok = ~before & ~after & ~failed
    reasons[g[before]] = f"event before the data ({ticker} starts {first})"
    reasons[g[after]] = f"event after the data ({ticker} ends {last})"
    for j in np.flatnonzero(failed):
        reasons[g[j]] = f"no day 0: {cal_reason[j] or 'calendar mapping failed'}"
    pos[g[ok]] = p[ok]
    day0[g[ok]] = tl[p[ok]]
    _require_single_session(events, ticker, timeline, mapper, pos, reasons, day0)
    return pos, reasons, day0


def _require_single_session(
    events: pd.DataFrame, ticker: str, timeline: pd.DatetimeIndex,
    mapper: Callable[..., pd.DataFrame], pos: np.ndarray, reasons: np.ndarray,
    day0: np.ndarray,
) -> None:
    """Withdraw day 0 from a date range (``date``..``date_end``) spanning several sessions.

    A week-precision mention ("last week") covers several sessions, and picking one
    would invent a day; a range with no session inside (a weekend) still has one day 0,
    the next session. Modifies ``pos``, ``reasons`` and ``day0`` in place.
    """
    if "date_end" not in events.columns:
        return
    end = pd.to_datetime(events["date_end"].astype("string"), errors="coerce",
                         format="ISO8601").to_numpy(dtype="datetime64[ns]")
    start = events["date_parsed"].to_numpy(dtype="datetime64[ns]")
    ranged = np.flatnonzero((pos >= 0) & ~np.isnat(end) & (end > start))
    if not len(ranged):
        return
    mapped = mapper(pd.DataFrame({"date": end[ranged], "timing": "unknown"}), ticker,
                    sessions=timeline)
    end_day0 = pd.to_datetime(mapped["day0"]).to_numpy(dtype="datetime64[ns]")
    for k, i in enumerate(ranged):
        if np.isnat(end_day0[k]) or end_day0[k] != day0[i]:
            reasons[i] = (f"date range {str(start[i])[:10]}..{str(end[i])[:10]} spans "
                          f"several {ticker} sessions: no single day 0")
            pos[i] = -1
            day0[i] = np.datetime64("NaT")


