"""``python -m analysis regress``: event-dummy regressions -> data/processed/regressions.csv."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.commands._options import MAX_EVENT_WINDOW, accept_negative_ranges, check_reach
from analysis.events.table import load_events
from analysis.io import AnalysisError, write_csv_atomic
from analysis.market import prices
from analysis.study.joint import joint_wald
from analysis.study.regressions import (
    COV_TYPES,
    DEFAULT_GROUP_BY,
    DUMMY_TYPES,
    EventDummyRegression,
    EventDummyResults,
    equal_effect_tests,
)
from analysis.windows import parse_window

OUTPUT_COLUMNS: tuple[str, ...] = (
    "ticker", "spec", "term", "coef", "std_err", "t_stat", "p_value", "nobs", "cov_type",
    "statistic", "df_num", "df_denom", "note",
)
# Window when --window is not given: day 0 alone except for per-event window dummies.
DEFAULT_WINDOWS: dict[str, tuple[int, int]] = {"day": (0, 0), "window": (-1, 1), "category": (0, 0)}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``regress`` sub-command."""
    parser = subparsers.add_parser(
        "regress",
        help="event-dummy regressions -> data/processed/regressions.csv",
        description=(
            "Regress each asset's returns on the market (dropped when the asset is the "
            "market: constant mean) and event dummies per event day, per event window or "
            "per category/direction group; add Wald tests that talks and tariff news (and "
            "escalation and de-escalation) have equal effects. Writes regressions.csv."
        ),
    )
    parser.add_argument("--events", type=Path, default=config.EVENTS_CSV,
                        help="events CSV with event_id,date (default: %(default)s)")
    parser.add_argument("--returns-file", type=Path, default=config.RETURNS_CSV,
                        help="returns file written by `prices` (default: %(default)s)")
    parser.add_argument("--returns", choices=("simple", "log"), default="simple",
                        help="simple (close-to-close) or log returns (default: %(default)s)")
    parser.add_argument("--tickers", default=",".join(config.STUDY_TICKERS),
                        help="comma-separated assets (default: %(default)s)")
    parser.add_argument("--market", default=config.MARKET_TICKER,
                        help="market ticker (default: %(default)s)")
    parser.add_argument("--dummies", default=",".join(DUMMY_TYPES),
                        help="day, window and/or category, comma-separated (default: %(default)s)")
    parser.add_argument("--window", default=None,
                        help="event window a:b for window/category dummies "
                             "(default: -1:1 for window, 0:0 for category)")
    parser.add_argument("--group-by", default=",".join(DEFAULT_GROUP_BY),
                        help="event columns defining category dummies (default: %(default)s)")
    parser.add_argument("--cov", default="nonrobust", choices=COV_TYPES,
                        help="coefficient covariance (default: %(default)s; robust/HAC are "
                             "refused on single-session dummies)")
    parser.add_argument("--hac-lags", type=int, default=None,
                        help="Newey-West lags for --cov HAC (default: 4(n/100)^(2/9))")
    parser.add_argument("--sample", default=None,
                        help="regression sample start:end, e.g. 2018-01-01:2020-12-31 "
                             "(default: every session in the returns)")
    parser.add_argument("--out", type=Path, default=config.PROCESSED_DIR,
                        help="output folder (default: %(default)s)")
    accept_negative_ranges(parser)
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------------------
# Argument parsing
# --------------------------------------------------------------------------------------
def _split(text: str, option: str) -> list[str]:
    items = list(dict.fromkeys(t.strip() for t in str(text).split(",") if t.strip()))
    if not items:
        raise AnalysisError(f"{option}: nothing given")
    return items


def parse_sample(text: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """``"2018-01-01:2020-12-31"`` -> two timestamps (either side may be empty)."""
    if text is None:
        return None
    parts = str(text).split(":")
    if len(parts) != 2:
        raise AnalysisError(
            f"--sample: expected start:end like 2018-01-01:2020-12-31, not {text!r}")
    out = []
    for part in parts:
        if not part.strip():
            out.append(None)
            continue
        try:
            out.append(pd.Timestamp(pd.to_datetime(part.strip(), format="%Y-%m-%d")))
        except (ValueError, TypeError):
            raise AnalysisError(f"--sample: not a date: {part!r}") from None
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        raise AnalysisError(f"--sample {text}: start after end")
    return out[0], out[1]


# --------------------------------------------------------------------------------------
# Tidy output
# --------------------------------------------------------------------------------------
def _term_notes(res: EventDummyResults) -> dict[str, str]:
    notes: dict[str, str] = {}
    for row in res.terms.itertuples(index=False):
        span = (f"{row.first_day:%Y-%m-%d}" if row.n_days == 1
                else f"{row.first_day:%Y-%m-%d}..{row.last_day:%Y-%m-%d}")
        kind = "/".join(x for x in (row.category, row.direction) if x)
        notes[row.term] = f"{kind}; events {row.event_ids}; {row.n_days} session(s) {span}"
    return notes


def tidy_results(res: EventDummyResults) -> pd.DataFrame:
    """One fitted regression as rows: coefficients, implied CARs, Wald tests, exclusions."""
    base = {"ticker": res.ticker, "spec": res.spec, "nobs": res.nobs, "cov_type": res.cov_type}
    rows: list[dict[str, object]] = []
    notes = _term_notes(res)
    for row in res.coef_table().itertuples(index=False):
        rows.append({**base, "term": row.term, "coef": row.coef, "std_err": row.std_err,
                     "t_stat": row.t_stat, "p_value": row.p_value,
                     "note": notes.get(row.term, "")})
    a, b = res.window
    if b > a:  # a one-session dummy's CAR is its coefficient
        for row in res.car().itertuples(index=False):
            rows.append({**base, "term": f"car[{a}:{b}]: {row.term}", "coef": row.car,
                         "std_err": row.car_se, "t_stat": row.t_stat, "p_value": row.p_value,
                         "note": f"implied CAR = {row.n_days} x gamma"})
    for row in equal_effect_tests(res).itertuples(index=False):
        testable = bool(np.isfinite(row.statistic))
        term, _, why = str(row.hypothesis).partition(" (")
        rows.append({**base, "term": term, "coef": row.estimate, "std_err": row.std_err,
                     "t_stat": row.estimate / row.std_err if testable else np.nan,
                     "p_value": row.p_value, "statistic": row.statistic,
                     "df_num": row.df_num if testable else np.nan,
                     "df_denom": row.df_denom,
                     "note": ("F test; coef = mean gamma difference" if testable
                              else why.rstrip(")"))})
    kept = {eid for ids in res.terms["event_ids"] for eid in str(ids).split(";")}
    for row in res.notes.itertuples(index=False):
        # a kept event's note (shared dummy, overlap, cut window) vs an event left out
        kind = "note" if str(row.event_id) in kept else "excluded"
        rows.append({**base, "term": f"{kind}: {row.event_id}", "note": row.reason})
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))
    return out


def run_regressions(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    tickers: list[str],
    market: str,
    dummies: list[str],
    window: tuple[int, int] | None,
    group_by: tuple[str, ...],
    cov_type: str,
    hac_lags: int | None,
    sample: tuple[pd.Timestamp, pd.Timestamp] | None,
) -> tuple[pd.DataFrame, list[EventDummyResults]]:
    """Fit every (ticker, dummy type) and stack the tidy rows."""
    missing = [t for t in [*tickers, market] if t not in returns.columns]
    if missing:
        raise AnalysisError(
            f"no returns for {', '.join(dict.fromkeys(missing))} "
            f"(have {', '.join(map(str, returns.columns))})"
        )
    parts: list[pd.DataFrame] = []
    fitted: list[EventDummyResults] = []
    for ticker in tickers:
        # the market regressed on itself is a perfect fit: use the constant mean
        mkt = None if ticker == market else returns[market]
        reg = EventDummyRegression(returns[ticker], mkt, events, ticker, market_name=market)
        for kind in dummies:
            win = DEFAULT_WINDOWS[kind] if window is None else window
            res = reg.fit(dummies=kind, window=win, group_by=group_by, cov_type=cov_type,
                          hac_lags=hac_lags, sample=sample)
            fitted.append(res)
            parts.append(tidy_results(res))
    parts.append(joint_rows(fitted, cov_type))
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return sort_rows(table), fitted


def joint_rows(fitted: list[EventDummyResults], cov_type: str) -> pd.DataFrame:
    """Joint (stacked) Wald tests across assets, one per group dummy.

    For category dummies fitted on several assets: is the group's coefficient zero on
    every asset at once (:func:`analysis.study.joint.joint_wald`: Newey-West HAC across
    equations whatever ``cov_type`` the per-asset fits used, with those fits' lags when
    they are HAC, or the non-robust form for dummies on fewer than
    :data:`~analysis.study.joint.MIN_HAC_SESSIONS` sessions, as the row says)? Rows have
    ticker ``"^GSPC+ZS=F"`` and term ``"joint: group:..."``.
    """
    rows: list[dict[str, object]] = []
    by_spec: dict[tuple[str, tuple[int, int]], list[EventDummyResults]] = {}
    for res in fitted:
        if res.dummies == "category":
            by_spec.setdefault((res.spec.split("+", 1)[1], res.window), []).append(res)
    for (label, _), group in by_spec.items():
        if len(group) < 2:
            continue
        lags = group[0].hac_lags if cov_type == "HAC" else None
        common = [t for t in group[0].terms["term"]
                  if all(t in r.params.index for r in group[1:])]
        for term in common:
            row = joint_wald(group, term, cov="auto", lags=lags).iloc[0]
            rows.append({
                "ticker": "+".join(r.ticker for r in group), "spec": f"joint+{label}",
                "term": f"joint: {term}", "p_value": row.p_value, "statistic": row.statistic,
                "df_num": row.df_num, "df_denom": row.df_denom,
                "nobs": min(r.nobs for r in group), "cov_type": row.cov_type,
                "note": "stacked OLS Wald: the dummy is zero on every asset; cross-asset "
                        f"covariance {row.assumes}",
            })
    return pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))


def _row_rank(term: str) -> int:
    for rank, prefix in enumerate(("const", "market", "event:", "group:", "car[", "wald:",
                                   "joint:", "note:", "excluded:")):
        if term == prefix or (prefix.endswith((":", "[")) and term.startswith(prefix)):
            return rank
    return 99


def sort_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Stable row order: ticker, spec, then const, market, dummies, CARs, tests, notes."""
    rank = table["term"].map(_row_rank)
    out = table.assign(_rank=rank).sort_values(
        ["ticker", "spec", "_rank", "term"], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True).loc[:, list(OUTPUT_COLUMNS)]


def run(args: argparse.Namespace) -> int:
    """Entry point of ``python -m analysis regress``."""
    tickers = _split(args.tickers, "--tickers")
    dummies = _split(args.dummies, "--dummies")
    unknown = [d for d in dummies if d not in DUMMY_TYPES]
    if unknown:
        raise AnalysisError(
            f"--dummies: unknown type(s) {', '.join(unknown)}; use {', '.join(DUMMY_TYPES)}")
    window = None if args.window is None else parse_window(args.window, "--window")
    if window is not None:
        check_reach([window], "--window", MAX_EVENT_WINDOW)
    group_by = tuple(_split(args.group_by, "--group-by"))
    sample = parse_sample(args.sample)
    if args.hac_lags is not None and args.hac_lags < 0:
        raise AnalysisError("--hac-lags must be >= 0")
    if args.hac_lags is not None and args.cov != "HAC":
        raise AnalysisError(f"--hac-lags applies to --cov HAC only (got --cov {args.cov})")
    # Empty cells are missing values for the regressions; a precomputed day0 column
    # would bypass the calendar mapping.
    events = load_events(args.events).replace({"": np.nan})
    events = events.drop(columns=[c for c in ("day0",) if c in events.columns])
    missing = [c for c in group_by if c not in events.columns]
    if "category" in dummies and missing:
        raise AnalysisError(f"{args.events}: category dummies need column(s) {', '.join(missing)}")
    returns = prices.read_returns(args.returns_file, kind=args.returns)
    table, fitted = run_regressions(
        returns, events, tickers, args.market, dummies, window, group_by, args.cov,
        args.hac_lags, sample)
    out = Path(args.out) / config.REGRESSIONS_CSV.name
    write_csv_atomic(table, out)
    for res in fitted:
        n_ex = len(res.notes)
        print(f"{res.ticker:>6} {res.spec:<45} nobs={res.nobs} dummies={len(res.terms)}"
              + (f" notes={n_ex}" if n_ex else ""))
    print(f"wrote {out} ({len(table)} rows)")
    return 0
