"""The project's figures beside the press and the literature (``literature.csv``).

For every :class:`analysis.report.published.Claim` this module computes the same
statistic from the project's own prices (``data/interim/prices.csv``) and curated
catalog, and says whether the two agree within the claim's tolerance:

* one-day figures (a close, a close-to-close change, a futures settlement and its
  change) are read off the asset's own consecutive sessions and rounded to the
  decimals the source printed before the comparison;
* sums of announcement-day returns (Amiti et al.) are compared like for like only:
  on the paper's own day list (``Claim.days``) with the paper's own return timing, as
  means per day beside the published sum divided by the paper's number of days, and
  agreeing when the sums match to the printed decimals. Where the paper's list is not
  given (the shared reference has event timelines, not the papers' day lists) the row
  is **not comparable** and says why; the project's own figure on its catalog's
  tariff-escalation announcements (:func:`announcement_days`, day 0 by the project's
  rule, :func:`analysis.market.calendars.map_day0`) is shown as context only, as a
  mean per day, never as a sum over a set of another size.

May import: ``analysis.config``, ``analysis.io``, ``analysis.market.calendars``,
``analysis.report.published``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.io import AnalysisError, read_csv_checked, require_columns
from analysis.market import calendars
from analysis.report.published import CLAIMS, STATISTICS, SUM_STATISTICS, Claim

LITERATURE_COLUMNS: tuple[str, ...] = (
    "claim_id", "source", "asset", "dates", "statistic", "published", "project", "unit",
    "verdict", "agrees", "n_published_days", "n_project_days", "published_per_day",
    "project_per_day", "note",
)
"""``verdict`` is ``agrees``, ``disagrees`` or ``not comparable`` (``agrees`` then empty);
``*_per_day`` are means per day in percent (sums only)."""
VERDICTS: tuple[str, ...] = ("agrees", "disagrees", "not comparable")

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
    require_columns(catalog, ("date", "timing", "category", "direction", "description"),
                    "catalog")
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


def paper_sessions(claim: Claim, closes: pd.DataFrame) -> pd.DatetimeIndex:
    """Sessions of the paper's own day list, with the paper's own timing.

    ``sum_day0_pct``: each listed day, which must be a session of the asset;
    ``sum_next_session_pct``: the first session after each listed day.

    Raises
    ------
    AnalysisError
        When a listed day 0 is not a session, or a day has no later session.
    """
    sessions = _series(closes, claim.asset).index
    days = pd.DatetimeIndex(pd.to_datetime(list(claim.days))).normalize()
    if claim.statistic == "sum_day0_pct":
        off = [d for d in days if d not in sessions]
        if off:
            raise AnalysisError(f"claim {claim.claim_id}: {claim.asset} has no session on "
                                f"{off[0].date()}")
        return pd.DatetimeIndex(sorted(set(days)), name="date")
    pos = sessions.searchsorted(days.to_numpy(dtype="datetime64[ns]"), side="right")
    if (pos >= len(sessions)).any():
        raise AnalysisError(f"claim {claim.claim_id}: no {claim.asset} session after "
                            f"{days[pos >= len(sessions)][0].date()}")
    return pd.DatetimeIndex(sorted(set(sessions[pos])), name="date")


def _paper_row(claim: Claim, closes: pd.DataFrame) -> dict[str, object]:
    """A sum on the paper's own days: reproduced, compared as means per day."""
    days = paper_sessions(claim, closes)
    ret = session_returns(closes, claim.asset, days)
    project = float(100.0 * ret.sum())
    n_paper = claim.n_days or len(claim.days)
    # Agreement to the printed decimals: half a unit of the last one, on the sum.
    half = 0.5 * 10.0 ** -claim.decimals
    timing = ("the session after each listed day" if claim.statistic == "sum_next_session_pct"
              else "each listed day's own session")
    note = (f"the paper's own {len(claim.days)} days, {timing} (the paper's timing): "
            f"{len(days)} distinct sessions; agrees when the sums match to "
            f"{claim.decimals} decimal(s) (within {half:g} pp)")
    if n_paper != len(days):
        verdict: object = "not comparable"
        agrees: object = pd.NA
        note = (f"NOT COMPARABLE: the paper counts {n_paper} days but its list gives "
                f"{len(days)} distinct sessions, so the sets differ; " + note)
    else:
        agrees = abs(project - claim.published) <= half + 1e-9
        verdict = "agrees" if agrees else "disagrees"
    return {"project": project, "verdict": verdict,
            "agrees": agrees, "n_project_days": len(days),
            "project_per_day": project / len(days), "note": note,
            "dates": " ".join(d.strftime("%Y-%m-%d") for d in days)}


def _catalog_row(claim: Claim, closes: pd.DataFrame, catalog: pd.DataFrame
                 ) -> dict[str, object]:
    """No paper day list: not comparable; the project's own day-0 mean as context."""
    events = announcement_days(catalog)
    if events.empty:
        raise AnalysisError("catalog: no tariff-escalation announcement days")
    # The project's rule, whatever the paper's timing: news before or during a session
    # is priced that session, so "the session after" would measure the day after.
    days = event_sessions(events, claim.asset, after=False)
    ret = session_returns(closes, claim.asset, days)
    per_day = float(100.0 * ret.mean())
    paper = (f"the paper's {claim.n_days} days" if claim.n_days
             else "the paper's days (their number is not stated here)")
    timing = ""
    if claim.statistic == "sum_next_session_pct":
        same_day = int(events["timing"].isin(("before_open", "during_session")).sum())
        timing = (f"; the paper reads the session after each announcement, which for "
                  f"{same_day} of the catalog's {len(events)} (before or during a session) "
                  "is the day after the reaction, so the project reads day 0 instead")
    note = (f"NOT COMPARABLE: the paper's day list is not available (../shared/reference "
            f"has an event timeline, not the paper's announcement days), so its sum cannot "
            f"be reproduced; the catalog's {len(events)} tariff-escalation announcements "
            f"({len(days)} distinct day-0 sessions, project day-0 rule) are another set "
            f"than {paper}, and a sum over sets of different size is not compared"
            f"{timing}; context only: project mean {per_day:+.2f} % a day on its set")
    return {"project": float("nan"), "verdict": "not comparable", "agrees": pd.NA,
            "n_project_days": len(days), "project_per_day": per_day, "note": note,
            "dates": (f"published: {claim.dates}; project (context): "
                      + " ".join(d.strftime("%Y-%m-%d") for d in days))}


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
        Columns :data:`LITERATURE_COLUMNS`; ``project`` is unrounded (``NaN`` on a row
        that is not comparable), ``verdict`` one of :data:`VERDICTS`, ``agrees`` a
        nullable bool (empty when not comparable) and ``note`` gives the rule, the
        detail of the computation and, where the figures disagree or cannot be compared,
        why.
    """
    rows = []
    for claim in claims:
        if claim.statistic not in STATISTICS:
            raise AnalysisError(f"claim {claim.claim_id}: unknown statistic {claim.statistic!r}")
        base = {"claim_id": claim.claim_id, "source": claim.source, "asset": claim.asset,
                "dates": claim.dates, "statistic": claim.statistic,
                "published": claim.published, "unit": claim.unit,
                "n_published_days": claim.n_days or (len(claim.days) or pd.NA),
                "published_per_day": float("nan"), "project_per_day": float("nan"),
                "n_project_days": pd.NA}
        if claim.statistic in SUM_STATISTICS:
            n_paper = claim.n_days or len(claim.days)
            if n_paper:
                base["published_per_day"] = claim.published / n_paper
            row = (_paper_row(claim, closes) if claim.days
                   else _catalog_row(claim, closes, catalog))
            if row["verdict"] == "disagrees":
                row["note"] += (f"; DISAGREES by {row['project'] - claim.published:+.2f} pp "
                                "on the paper's own days: check the paper's index series "
                                "and return definition")
            rows.append({**base, **row})
            continue
        project, detail = _one_day(claim, closes)
        tolerance = float(claim.tolerance if claim.tolerance is not None else 0.0)
        note = (f"{detail}; agrees when the project figure rounded to {claim.decimals} "
                f"decimals is within {tolerance:g} {_unit_of_difference(claim.unit)} of the "
                "published one")
        agrees = _agrees(project, claim, tolerance)
        if not agrees:
            gap = round(project, claim.decimals) - claim.published
            note += (f"; DISAGREES by {gap:+.{claim.decimals}f} "
                     f"{_unit_of_difference(claim.unit)}: the data differ from the printed "
                     "figure (check the source's time stamp and series)")
        rows.append({**base, "project": project, "verdict": "agrees" if agrees else "disagrees",
                     "agrees": agrees, "note": note})
    out = pd.DataFrame(rows, columns=list(LITERATURE_COLUMNS))
    out["agrees"] = out["agrees"].astype("boolean")
    for col in ("n_published_days", "n_project_days"):
        out[col] = out[col].astype("Int64")
    return out
