"""The project's figures beside the press and the literature (``literature.csv``).

For every :class:`analysis.report.published.Claim` this module computes the same
statistic from the project's own prices (``data/interim/prices.csv``) and curated
catalog, and says whether the two agree within the claim's tolerance:

* one-day figures (a close, a close-to-close change, a futures settlement and its
  change) are read off the asset's own consecutive sessions and rounded to the
  decimals the source printed before the comparison;
* sums of announcement-day returns (Amiti et al.) are recomputed on the catalog's
  tariff-escalation announcement days (:func:`announcement_days`). The papers' own day
  lists are not available here, so the day sets differ; the tolerance is two standard
  deviations of a sum of that many ordinary daily returns (:func:`sum_tolerance`).

May import: ``analysis.config``, ``analysis.io``, ``analysis.market.calendars``,
``analysis.report.published``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.io import AnalysisError, read_csv_checked
from analysis.market import calendars
from analysis.report.published import CLAIMS, STATISTICS, Claim

LITERATURE_COLUMNS: tuple[str, ...] = (
    "claim_id", "source", "asset", "dates", "statistic", "published", "project", "unit",
    "agrees", "note",
)

# Catalog rows that report duties *taking effect* repeat news the market had on the
# announcement day; the announcement statistics of the papers leave them out.
IMPLEMENTATION = re.compile(
    r"\b(?:takes?|took|taking) effect\b|\bstarts? to apply\b|\bput in force\b"
    r"|\brate (?:goes|falls) from\b",
    re.IGNORECASE,
)
_DUTY = re.compile(r"\bdut(?:y|ies)\b|\btariffs?\b", re.IGNORECASE)

# CBOT soybean contract months (F H K N Q U X) and their names.
SOY_MONTHS: dict[int, str] = {1: "F", 3: "H", 5: "K", 7: "N", 8: "Q", 9: "U", 11: "X"}
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")

SUM_TOLERANCE_SDS: float = 2.0
"""Sums over day sets agree when within this many standard deviations of a sum of
ordinary daily returns (see :func:`sum_tolerance`)."""


def read_closes(path: Path = config.PRICES_CSV) -> pd.DataFrame:
    """``prices.csv`` as ``date, ticker, close`` sorted by ticker and date.

    Raises
    ------
    AnalysisError
        On a missing file or column, or an unreadable date or close.
    """
    frame = read_csv_checked(Path(path), required=("date", "ticker", "close"),
                             dtype={"ticker": str})
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="ISO8601").astype("datetime64[ns]")
        frame["close"] = pd.to_numeric(frame["close"], errors="raise")
    except (ValueError, TypeError) as exc:
        raise AnalysisError(f"{path}: unreadable value ({str(exc).splitlines()[0]})") from None
    frame = frame[["date", "ticker", "close"]].sort_values(["ticker", "date"], kind="stable")
    return frame.reset_index(drop=True)


def _series(closes: pd.DataFrame, ticker: str) -> pd.Series:
    s = closes.loc[closes["ticker"] == ticker].set_index("date")["close"]
    if s.empty:
        have = ", ".join(sorted(closes["ticker"].unique()))
        raise AnalysisError(f"prices: no {ticker} closes (have {have})")
    return s


def day_change(closes: pd.DataFrame, ticker: str, date: str | pd.Timestamp) -> dict[str, object]:
    """Close on ``date`` and its change from the previous session of the same asset.

    Returns
    -------
    dict
        ``close``, ``previous`` (close), ``previous_date``, ``change`` (price units) and
        ``change_pct`` (percent).

    Raises
    ------
    AnalysisError
        When ``date`` is not a session of ``ticker`` in the data or has no predecessor.
    """
    s = _series(closes, ticker)
    day = pd.Timestamp(date).normalize()
    if day not in s.index:
        raise AnalysisError(f"prices: {ticker} has no session on {day.date()}")
    pos = s.index.get_loc(day)
    if pos == 0:
        raise AnalysisError(f"prices: {ticker} has no session before {day.date()}")
    close, previous = float(s.iloc[pos]), float(s.iloc[pos - 1])
    return {"close": close, "previous": previous, "previous_date": s.index[pos - 1],
            "change": close - previous, "change_pct": 100.0 * (close / previous - 1.0)}


def soybean_last_trading_day(year: int, month: int) -> pd.Timestamp:
    """Last trading day of a CBOT soybean contract: the session before the 15th.

    CBOT rule: trading terminates on the business day prior to the 15th calendar day
    of the contract month (sessions from the CME agriculture calendar).
    """
    if month not in SOY_MONTHS:
        raise AnalysisError(f"no CBOT soybean contract in month {month}")
    fifteenth = pd.Timestamp(year=year, month=month, day=15)
    days = calendars.sessions("ZS=F", fifteenth - pd.Timedelta(days=10), fifteenth)
    return pd.Timestamp(days[days < fifteenth][-1])


def soybean_front_month(date: str | pd.Timestamp) -> tuple[str, pd.Timestamp]:
    """Front CBOT soybean contract on ``date``: the nearest one still trading.

    Returns
    -------
    (str, pandas.Timestamp)
        A label such as ``"May 2018 (ZSK18)"`` and that contract's last trading day.
    """
    day = pd.Timestamp(date).normalize()
    for year in (day.year, day.year + 1):
        for month in SOY_MONTHS:
            last = soybean_last_trading_day(year, month)
            if last >= day:
                code = f"ZS{SOY_MONTHS[month]}{year % 100:02d}"
                return f"{_MONTH_NAMES[month]} {year} ({code})", last
    raise AnalysisError(f"no soybean contract after {day.date()}")  # pragma: no cover


def announcement_days(catalog: pd.DataFrame) -> pd.DataFrame:
    """The catalog's tariff-escalation *announcement* events.

    Kept: direction ``escalation``, category ``tariff`` (or another category whose
    description names a duty or tariff, such as China's soybean duties of 2018-04-04),
    and not a day on which duties merely take effect (:data:`IMPLEMENTATION`).

    Parameters
    ----------
    catalog : pandas.DataFrame
        The curated catalog (``catalog_id`` or ``event_id``, ``date``, ``timing``,
        ``category``, ``direction``, ``description``).

    Returns
    -------
    pandas.DataFrame
        The kept rows, in catalog order.
    """
    need = ("date", "timing", "category", "direction", "description")
    missing = [c for c in need if c not in catalog.columns]
    if missing:
        raise AnalysisError(f"catalog: missing column(s) {', '.join(missing)}")
    text = catalog["description"].astype(str)
    tariff = catalog["category"].eq("tariff") | text.str.contains(_DUTY)
    keep = (catalog["direction"].eq("escalation") & tariff
            & ~text.str.contains(IMPLEMENTATION))
    return catalog[keep].reset_index(drop=True)


def event_sessions(events: pd.DataFrame, ticker: str, *, after: bool) -> pd.DatetimeIndex:
    """Distinct sessions of ``ticker`` on which ``events`` are read.

    ``after=False``: each event's day 0 (:func:`analysis.market.calendars.map_day0`:
    after-close or non-trading-day news -> next session). ``after=True``: the first
    session strictly after the event's calendar date.
    """
    if after:
        dates = pd.to_datetime(events["date"]).dt.normalize()
        days = calendars.sessions(ticker, dates.min(), dates.max() + pd.Timedelta(days=10))
        pos = days.searchsorted(dates.to_numpy(dtype="datetime64[ns]"), side="right")
        chosen = days[pos]
    else:
        chosen = pd.DatetimeIndex(calendars.map_day0(events, ticker)["day0"].dropna())
    return pd.DatetimeIndex(sorted(set(chosen)), name="date")


def session_returns(closes: pd.DataFrame, ticker: str,
                    days: Sequence[pd.Timestamp]) -> pd.Series:
    """Close-to-close simple returns of ``ticker`` on ``days`` (decimal)."""
    ret = _series(closes, ticker).pct_change()
    missing = [d for d in days if d not in ret.index]
    if missing:
        raise AnalysisError(f"prices: {ticker} has no session on {pd.Timestamp(missing[0]).date()}")
    return ret.loc[list(days)]


def sum_tolerance(closes: pd.DataFrame, ticker: str, n: int, start: str | pd.Timestamp,
                  end: str | pd.Timestamp) -> float:
    r"""Tolerance for a sum of ``n`` daily returns, in percent.

    .. math::

        \tau = k\,\hat\sigma\sqrt{n},

    with :math:`\hat\sigma` the standard deviation of the asset's daily returns between
    ``start`` and ``end`` and :math:`k` = :data:`SUM_TOLERANCE_SDS`: a sum over another
    set of ``n`` ordinary days would fall this far from zero about one time in twenty.
    """
    ret = _series(closes, ticker).pct_change()
    ret = ret[(ret.index >= pd.Timestamp(start)) & (ret.index <= pd.Timestamp(end))].dropna()
    if len(ret) < 2:
        raise AnalysisError(f"prices: too few {ticker} returns between {start} and {end}")
    return float(SUM_TOLERANCE_SDS * 100.0 * ret.std(ddof=1) * np.sqrt(n))


def _unit_of_difference(unit: str) -> str:
    return "pp" if unit == "%" else unit


def _agrees(project: float, claim: Claim, tolerance: float) -> bool:
    value = round(project, claim.decimals)
    return bool(abs(value - claim.published) <= tolerance + 1e-9)


def _one_day(claim: Claim, closes: pd.DataFrame) -> tuple[float, str]:
    move = day_change(closes, claim.asset, claim.dates)
    prev = pd.Timestamp(move["previous_date"]).date()
    if claim.statistic == "close_change_pct":
        return float(move["change_pct"]), (
            f"close {move['close']:.2f} vs {move['previous']:.2f} on {prev}")
    if claim.statistic == "close":
        return float(move["close"]), f"close-to-close change {move['change_pct']:+.3f} %"
    # Futures settlements: the snapshot's front-month continuous close, in cents/bu.
    contract, last = soybean_front_month(claim.dates) if claim.asset == "ZS=F" else ("", None)
    where = (f"front month on {claim.dates}: {contract}, last trading day {last.date()}; "
             if contract else "")
    if claim.statistic == "settle_change":
        return float(move["change"]), (
            f"{where}settle {move['close']:.2f} vs {move['previous']:.2f} on {prev} (cents/bu)")
    scale = 0.01 if claim.unit.startswith("USD") else 1.0
    return float(move["close"]) * scale, f"{where}change {move['change']:+.2f} cents/bu"


def _over_days(claim: Claim, closes: pd.DataFrame, catalog: pd.DataFrame
               ) -> tuple[float, float, str, str]:
    events = announcement_days(catalog)
    if events.empty:
        raise AnalysisError("catalog: no tariff-escalation announcement days")
    after = claim.statistic == "sum_next_session_pct"
    days = event_sessions(events, claim.asset, after=after)
    ret = session_returns(closes, claim.asset, days)
    project = float(100.0 * ret.sum())
    dates = pd.to_datetime(catalog["date"])
    tol = sum_tolerance(closes, claim.asset, len(days), dates.min(), dates.max())
    which = "the session after" if after else "the day 0 of"
    why_days = ""
    if after:
        # News before or during a session is priced that day: its next session is the
        # day after the reaction, which is what this statistic then measures.
        same_day = int(events["timing"].isin(("before_open", "during_session")).sum())
        why_days = (f" ({same_day} came before or during a session, so their next session "
                    "follows the reaction day)")
    listed = " ".join(d.strftime("%Y-%m-%d") for d in days)
    detail = (f"project: {len(days)} distinct sessions, {which} each of {len(events)} catalog "
              f"tariff-escalation announcements{why_days}, mean {project / len(days):+.2f} % "
              f"a day; the paper's day list is not available here, so the day sets differ; "
              f"tolerance = {SUM_TOLERANCE_SDS:g} sd of a sum of {len(days)} daily returns "
              f"= {tol:.2f} pp")
    return project, tol, detail, listed


def compare(closes: pd.DataFrame, catalog: pd.DataFrame,
            claims: Sequence[Claim] = CLAIMS) -> pd.DataFrame:
    """The literature table: every claim with the project's figure and the verdict.

    Parameters
    ----------
    closes : pandas.DataFrame
        :func:`read_closes` output covering every asset and date of ``claims``.
    catalog : pandas.DataFrame
        The curated catalog (for the sums over announcement days).
    claims : sequence of Claim
        Published figures, default :data:`analysis.report.published.CLAIMS`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LITERATURE_COLUMNS`; ``project`` is unrounded, ``agrees`` a bool
        and ``note`` gives the tolerance, the detail of the computation and, where the
        figures disagree, why.
    """
    rows = []
    for claim in claims:
        if claim.statistic not in STATISTICS:
            raise AnalysisError(f"claim {claim.claim_id}: unknown statistic {claim.statistic!r}")
        dates = claim.dates
        if claim.tolerance is not None:
            project, detail = _one_day(claim, closes)
            tolerance = claim.tolerance
            note = (f"{detail}; agrees when the project figure rounded to {claim.decimals} "
                    f"decimals is within {tolerance:g} {_unit_of_difference(claim.unit)} of the "
                    "published one")
        else:
            project, tolerance, note, listed = _over_days(claim, closes, catalog)
            dates = f"published: {claim.dates}; project: {listed}"
        agrees = _agrees(project, claim, tolerance)
        if not agrees:
            gap = round(project, claim.decimals) - claim.published
            why = ("different day sets and a different sample of announcements"
                   if claim.tolerance is None else
                   "the data differ from the printed figure (check the source's time stamp "
                   "and series)")
            note += (f"; DISAGREES by {gap:+.{claim.decimals}f} "
                     f"{_unit_of_difference(claim.unit)}: {why}")
        rows.append({"claim_id": claim.claim_id, "source": claim.source, "asset": claim.asset,
                     "dates": dates, "statistic": claim.statistic,
                     "published": claim.published, "project": project, "unit": claim.unit,
                     "agrees": agrees, "note": note})
    return pd.DataFrame(rows, columns=list(LITERATURE_COLUMNS))
