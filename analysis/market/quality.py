r"""Data-quality flags for daily bars: what the event study must know before trusting a return.

One row per (ticker, date), including calendar sessions missing from the data. The
flags, and the rules behind the two judgement calls:

``missing_session``
    A session of the ticker's exchange calendar (between its first and last row) with
    no bar.
``extra_session``
    A bar on a day the calendar says the exchange was closed.
``duplicate_date``
    More than one bar for the date (checks after the first use the first bar).
``nonpositive_price``
    ``high``, ``low``, ``close`` or ``adj_close`` :math:`\le 0`, or ``open`` :math:`< 0`
    (e.g. CL=F on 2020-04-20). ``open == 0`` is its own flag.
``high_lt_low``
    ``high < low``.
``zero_open``
    ``open == 0``: old ^GSPC rows carry no open price.
``stale``
    Close exactly equal to the previous bar's close (a repeated print).
``thin`` (futures only, tickers ending in ``=F``)
    Volume below :data:`THIN_FRACTION` of the median volume of the previous
    :data:`THIN_WINDOW` bars:

    .. math:: V_t < f \cdot \operatorname{median}(V_{t-w}, \ldots, V_{t-1}),
              \quad f = 0.05,\ w = 60

    A front-month continuous series follows the expiring contract into its delivery
    month, where volume falls to a few percent of normal (ZS=F 2019-08-12/13: 324 and
    145 contracts against a median near 30,000). The median of the *previous* bars is
    used so the collapse itself does not lower the bar it is judged against, and 60
    bars so one earlier delivery month cannot drag the median down.
``roll`` (futures only)
    Suspected contract roll, either of

    * *switch*: the previous bar was thin, this bar is not, and volume jumped at least
      :data:`ROLL_VOLUME_JUMP`-fold, :math:`V_t \ge 10\,V_{t-1}`: the continuous series
      has moved to the next contract, so the close-to-close return mixes two contracts
      (the calendar spread);
    * *jump*: a large absolute return on a thin bar or the bar right after one,

      .. math:: |r_t| \ge k\,\hat\sigma_t, \quad k = 3,

      with :math:`\hat\sigma_t` the standard deviation of the previous
      :data:`ROLL_SIGMA_WINDOW` simple close-to-close returns.

    The volume collapse stands in for "near contract expiry": it only happens in the
    delivery month, so no per-contract expiry table is needed.

``gap``
    More than :data:`MAX_GAP_SESSIONS` sessions of the exchange calendar lie between this
    bar and the previous one (e.g. a month of bars missing). Its close-to-close change
    spans weeks, not a day, so :func:`analysis.market.prices.compute_returns` gives it no
    return.

``spike``
    A bad print: a one-day move beyond the asset class's bound (:data:`MAX_LOG_MOVE`)
    that the next bar reverses,

    .. math:: |r_t| > B,\ |r_{t+1}| > B,\ \operatorname{sign} r_{t+1} = -\operatorname{sign} r_t,
              \ |r_t + r_{t+1}| \le B, \qquad r_t = \ln P_t - \ln P_{t-1}

    (``B = 0.5`` for indices and futures: a x10 print is :math:`|r| = 2.3`; the largest
    one-day move of the snapshot's tickers since 1927 is 0.32, CL=F in 2020). The flag
    sits on the bad bar :math:`t`; both returns that touch it (:math:`t` and
    :math:`t+1`) are not computed (:func:`analysis.market.prices.compute_returns`).
``level_shift``
    A move beyond the bound that is *not* reversed next day: a persistent level change
    (an unadjusted split, a x10 unit change). Its return is not computed; the returns
    after it, on the new level, are.

``flag`` joins the names of the flags that are set with ``;`` (empty when clean).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.io import read_csv_checked, require_columns, truthy
from analysis.market import calendars

FLAG_COLUMNS: tuple[str, ...] = (
    "missing_session", "extra_session", "duplicate_date", "nonpositive_price", "high_lt_low",
    "zero_open", "stale", "thin", "roll", "gap", "spike", "level_shift",
)
"""The boolean flag columns, in output order."""

QUALITY_COLUMNS: tuple[str, ...] = ("date", "ticker", "close", "volume", "ret",
                                    *FLAG_COLUMNS, "flag")
"""Columns of :func:`quality_flags`, in order."""

SUMMARY_COLUMNS: tuple[str, ...] = ("ticker", "first", "last", "rows", *FLAG_COLUMNS,
                                    "flagged")
"""Columns of :func:`quality_summary`, in order."""

THIN_FRACTION: float = 0.05
THIN_WINDOW: int = 60
THIN_MIN_PERIODS: int = 20
ROLL_VOLUME_JUMP: float = 10.0
ROLL_SIGMA: float = 3.0
ROLL_SIGMA_WINDOW: int = 60
MAX_GAP_SESSIONS: int = 5
"""Missing sessions (a trading week) between two bars beyond which no return is computed."""

MAX_LOG_MOVE: dict[str, float] = {"index": 0.5, "futures": 0.5, "equity": 1.0}
"""Largest plausible one-day :math:`|\\ln P_t - \\ln P_{t-1}|` per asset class (see
:func:`asset_class`); beyond it a move is a ``spike`` or a ``level_shift``. Single
stocks get a wider bound: a takeover or a collapse can halve or double a price."""

_REQUIRED: tuple[str, ...] = ("date", "ticker", "open", "high", "low", "close", "adj_close",
                              "volume")


def is_futures(ticker: str) -> bool:
    """Yahoo futures tickers end in ``=F`` (``ZS=F``, ``CL=F``)."""
    return str(ticker).endswith("=F")


def asset_class(ticker: str) -> str:
    """``"futures"`` (``ZS=F``), ``"index"`` (``^GSPC``) or ``"equity"`` (anything else)."""
    if is_futures(ticker):
        return "futures"
    return "index" if str(ticker).startswith("^") else "equity"


def move_bound(ticker: str, max_move: dict[str, float] | None = None) -> float:
    """The ticker's one-day :math:`|\\log|` move bound: ``max_move`` or :data:`MAX_LOG_MOVE`."""
    bounds = {**MAX_LOG_MOVE, **(max_move or {})}
    return float(bounds[asset_class(ticker)])


def implausible_moves(price: pd.Series, bound: float) -> tuple[pd.Series, pd.Series]:
    """``spike`` and ``level_shift`` masks of one ticker's prices (see the module docstring).

    Parameters
    ----------
    price : pandas.Series
        One ticker's prices in date order (non-positive values are ignored: they have
        their own flag and no return).
    bound : float
        The largest plausible one-day absolute log change.

    Returns
    -------
    spike, level_shift : pandas.Series
        Boolean, on the index of ``price``; ``spike`` marks the bad bar itself.
    """
    p = price.astype("float64").where(price > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = pd.Series(np.log(p.to_numpy()) - np.log(p.shift(1).to_numpy()), index=price.index)
    nxt = r.shift(-1)
    big = r.abs() > bound
    spike = (big & (nxt.abs() > bound) & (np.sign(nxt) == -np.sign(r))
             & ((r + nxt).abs() <= bound))
    reversal = spike.shift(1, fill_value=False).astype(bool)  # the move back, not a shift
    level_shift = big & ~spike & ~reversal
    return spike.fillna(False).astype(bool), level_shift.fillna(False).astype(bool)


def skipped_sessions(ticker: str, dates: pd.Series) -> np.ndarray:
    """Exchange sessions strictly between each bar and the previous one (0 for the first).

    Parameters
    ----------
    ticker : str
        Ticker (its exchange calendar, see :func:`analysis.market.calendars.sessions`).
    dates : pandas.Series
        One ticker's bar dates, sorted ascending.

    Returns
    -------
    numpy.ndarray
        ``int64``, one count per bar.
    """
    days = pd.DatetimeIndex(pd.to_datetime(dates)).normalize()
    out = np.zeros(len(days), dtype=np.int64)
    if len(days) < 2:
        return out
    sess = calendars.sessions(ticker, days[0], days[-1])
    before = sess.searchsorted(days, side="left")  # sessions before each bar
    upto = sess.searchsorted(days, side="right")  # sessions up to and including it
    out[1:] = np.maximum(before[1:] - upto[:-1], 0)
    return out


def _price_flags(bars: pd.DataFrame) -> pd.DataFrame:
    """Flags that need only the bar itself (and the previous bar, for stale)."""
    out = pd.DataFrame(index=bars.index)
    positive_cols = ["high", "low", "close", "adj_close"]
    out["nonpositive_price"] = (bars[positive_cols] <= 0).any(axis=1) | (bars["open"] < 0)
    out["high_lt_low"] = bars["high"] < bars["low"]
    out["zero_open"] = bars["open"] == 0
    out["stale"] = bars["close"] == bars["close"].shift(1)
    return out


def thin_mask(volume: pd.Series) -> pd.Series:
    """Thin-volume bars: :math:`V_t < 0.05 \\cdot` median of the previous 60 volumes.

    Parameters
    ----------
    volume : pandas.Series
        Volumes of one ticker, in date order.

    Returns
    -------
    pandas.Series
        Boolean, False while fewer than :data:`THIN_MIN_PERIODS` previous bars exist.
    """
    median = volume.shift(1).rolling(THIN_WINDOW, min_periods=THIN_MIN_PERIODS).median()
    return (volume < THIN_FRACTION * median).fillna(False).astype(bool)


def roll_mask(close: pd.Series, volume: pd.Series, thin: pd.Series) -> pd.Series:
    """Suspected roll bars (contract switch after a thin run, or a jump on/after a thin bar).

    Parameters
    ----------
    close, volume : pandas.Series
        One ticker's closes and volumes, in date order.
    thin : pandas.Series
        :func:`thin_mask` of ``volume``.

    Returns
    -------
    pandas.Series
        Boolean.
    """
    prev_thin = thin.shift(1, fill_value=False).astype(bool)
    switch = prev_thin & ~thin & (volume >= ROLL_VOLUME_JUMP * volume.shift(1))
    ret = close / close.shift(1) - 1.0
    sigma = ret.shift(1).rolling(ROLL_SIGMA_WINDOW, min_periods=THIN_MIN_PERIODS).std()
    jump = (thin | prev_thin) & (ret.abs() >= ROLL_SIGMA * sigma)
    return (switch | jump).fillna(False).astype(bool)


def _ticker_flags(group: pd.DataFrame, ticker: str, calendar: bool,
                  max_move: dict[str, float] | None) -> pd.DataFrame:
    group = group.sort_values("date", kind="stable")
    dup_dates = set(group.loc[group["date"].duplicated(), "date"])
    bars = group.drop_duplicates("date", keep="first").reset_index(drop=True)
    flags = _price_flags(bars)
    # Returns come from adj_close, the report's close from close: a bad print in either
    # is flagged.
    bound = move_bound(ticker, max_move)
    spike_c, shift_c = implausible_moves(bars["close"], bound)
    spike_a, shift_a = implausible_moves(bars["adj_close"], bound)
    flags["spike"] = spike_c | spike_a
    flags["level_shift"] = (shift_c | shift_a) & ~flags["spike"]
    flags["duplicate_date"] = bars["date"].isin(dup_dates)
    if is_futures(ticker):
        flags["thin"] = thin_mask(bars["volume"])
        flags["roll"] = roll_mask(bars["close"], bars["volume"], flags["thin"])
    else:
        flags["thin"] = False
        flags["roll"] = False
    out = pd.DataFrame({
        "date": bars["date"], "ticker": ticker, "close": bars["close"],
        "volume": bars["volume"], "ret": bars["close"] / bars["close"].shift(1) - 1.0,
    })
    out = pd.concat([out, flags], axis=1)
    out["missing_session"] = False
    out["extra_session"] = False
    out["gap"] = False
    if calendar and not bars.empty:
        out["gap"] = skipped_sessions(ticker, bars["date"]) > MAX_GAP_SESSIONS
        days = calendars.sessions(ticker, bars["date"].iloc[0], bars["date"].iloc[-1])
        out["extra_session"] = ~out["date"].isin(days)
        absent = days[~days.isin(bars["date"])]
        if len(absent):
            gaps = pd.DataFrame({"date": absent, "ticker": ticker, "missing_session": True})
            out = pd.concat([out, gaps], ignore_index=True)
    for col in FLAG_COLUMNS:
        out[col] = out[col].astype("boolean").fillna(False).astype(bool)
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def _join_flags(frame: pd.DataFrame) -> pd.Series:
    names = pd.Series("", index=frame.index, dtype="str")
    for col in FLAG_COLUMNS:
        names = names.where(~frame[col], names + ";" + col)
    return names.str.lstrip(";")


def quality_flags(prices: pd.DataFrame, calendar: bool = True,
                  max_move: dict[str, float] | None = None) -> pd.DataFrame:
    """Flag every (ticker, date) of a tidy price frame; see the module docstring for rules.

    Parameters
    ----------
    prices : pandas.DataFrame
        Tidy prices as :func:`analysis.market.prices.load_prices` returns.
    calendar : bool
        Compare against the exchange calendar (``missing_session``, ``extra_session``).
    max_move : dict, optional
        Asset class -> one-day absolute log-move bound, overriding :data:`MAX_LOG_MOVE`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`QUALITY_COLUMNS`, one row per (ticker, date) including missing
        sessions (with NaN prices), sorted by ticker then date.
    """
    require_columns(prices, _REQUIRED, "price frame")
    parts = [_ticker_flags(group, str(ticker), calendar, max_move)
             for ticker, group in prices.groupby("ticker", sort=True)]
    if not parts:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in QUALITY_COLUMNS})
        return empty
    out = pd.concat(parts, ignore_index=True)
    out["flag"] = _join_flags(out)
    out["date"] = out["date"].astype("datetime64[ns]")
    out["ticker"] = out["ticker"].astype("str")
    return out.loc[:, list(QUALITY_COLUMNS)].reset_index(drop=True)


def flagged_only(flags: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`quality_flags` with at least one flag, sorted by ticker and date."""
    kept = flags[flags["flag"] != ""]
    return kept.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)


def quality_summary(flags: pd.DataFrame) -> pd.DataFrame:
    """Per ticker: span, number of bars and the count of each flag.

    Parameters
    ----------
    flags : pandas.DataFrame
        Output of :func:`quality_flags`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUMMARY_COLUMNS`: ``first``/``last`` (dates with data, as
        ``YYYY-MM-DD``), ``rows`` (bars, missing sessions excluded), one count per flag,
        ``flagged`` (rows with any flag).
    """
    rows = []
    for ticker, group in flags.groupby("ticker", sort=True):
        bars = group[~group["missing_session"]]
        row: dict[str, object] = {
            "ticker": str(ticker),
            "first": bars["date"].min().strftime("%Y-%m-%d") if len(bars) else "",
            "last": bars["date"].max().strftime("%Y-%m-%d") if len(bars) else "",
            "rows": len(bars),
        }
        for col in FLAG_COLUMNS:
            row[col] = int(group[col].sum())
        row["flagged"] = int((group["flag"] != "").sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def date_runs(dates: pd.Series, sessions_between: pd.DatetimeIndex | None = None) -> str:
    """Compact a set of dates into runs: ``2019-08-12..2019-08-13, 2019-09-12``.

    Parameters
    ----------
    dates : pandas.Series
        Flagged dates.
    sessions_between : pandas.DatetimeIndex, optional
        The ticker's bars; two dates belong to one run when they are consecutive bars.
        Without it, runs are consecutive calendar days.

    Returns
    -------
    str
        Comma-separated dates and ``first..last`` runs.
    """
    days = pd.DatetimeIndex(sorted(pd.to_datetime(dates).unique()))
    if days.empty:
        return ""
    if sessions_between is not None:
        order = pd.DatetimeIndex(sessions_between).sort_values().unique()
        position = order.get_indexer(days)
    else:
        position = (days - days[0]).days.to_numpy()
    runs: list[str] = []
    start = prev = 0
    for i in range(1, len(days) + 1):
        if i < len(days) and position[i] == position[prev] + 1 and position[i] >= 0:
            prev = i
            continue
        first, last = days[start], days[prev]
        runs.append(f"{first.date()}" if first == last else f"{first.date()}..{last.date()}")
        start = prev = i
    return ", ".join(runs)


def read_flags(path: Path) -> pd.DataFrame | None:
    """Read a ``quality.csv`` written by the ``prices`` command (the rows of
    :func:`flagged_only`), or ``None`` when the file is absent.

    Returns
    -------
    pandas.DataFrame or None
        ``date`` (datetime64), ``ticker`` (str) and the :data:`FLAG_COLUMNS` present in
        the file as booleans; rows with an unreadable date are dropped.
    """
    if not Path(path).is_file():
        return None
    frame = read_csv_checked(path, required=("date", "ticker"), dtype={"ticker": str},
                             keep_default_na=False, na_values=[""])
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    for col in FLAG_COLUMNS:
        if col in frame.columns:
            frame[col] = truthy(frame[col])
    return frame[frame["date"].notna()].reset_index(drop=True)


IMPLAUSIBLE_FLAGS: tuple[str, ...] = ("spike", "level_shift")
"""Flags whose sessions have no return (excluded from every estimation and event window)."""


def implausible_counts(flags: pd.DataFrame | None, tickers: list[str]) -> dict[str, int]:
    """Per ticker, the sessions flagged :data:`IMPLAUSIBLE_FLAGS` (0 without flags)."""
    counts = dict.fromkeys(tickers, 0)
    if flags is None or flags.empty:
        return counts
    cols = [c for c in IMPLAUSIBLE_FLAGS if c in flags.columns]
    if not cols:
        return counts
    hit = flags[flags[cols].any(axis=1)]
    for ticker in tickers:
        counts[ticker] = int((hit["ticker"] == ticker).sum())
    return counts
