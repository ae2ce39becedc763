"""``python -m analysis prices``: load (or pull) prices, flag data quality, write data/interim."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.commands._options import parse_tickers
from analysis.io import AnalysisError, write_together
from analysis.market import prices, quality

# Calendar days loaded before --start: covers the 60-bar volume median of the thin rule
# (about 85 calendar days) and the previous close of the first return.
LOOKBACK_DAYS: int = 120


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``prices`` sub-command."""
    parser = subparsers.add_parser(
        "prices",
        help="prices, returns and data-quality flags -> data/interim",
        description=(
            "Load daily bars from the offline snapshot (MARKET_DATA_DIR) or the raw cache, "
            "downloading with yfinance when the cache lacks them (or always with --refresh); "
            "print the data-quality report; write prices.csv, returns.csv, quality.csv and "
            "quality_summary.csv."
        ),
    )
    parser.add_argument("--tickers", default=",".join(config.PRICE_TICKERS),
                        help="comma-separated Yahoo tickers (default: %(default)s)")
    parser.add_argument("--start", default=config.PRICE_START,
                        help="first date, inclusive (default: %(default)s)")
    parser.add_argument("--end", default=config.PRICE_END,
                        help="last date, inclusive (default: %(default)s)")
    parser.add_argument("--refresh", action="store_true",
                        help="re-download from Yahoo Finance even when cached")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"output folder (default: {config.INTERIM_DIR})")
    parser.set_defaults(func=run)


def _check_date(text: str, option: str) -> str:
    try:
        return pd.Timestamp(text).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        raise AnalysisError(f"{option}: not a date: {text!r}") from None


def _in_span(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    keep = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(end))
    return frame[keep].reset_index(drop=True)


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out


def format_report(flags: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The printed report: the summary table, then each ticker's flagged dates as runs."""
    lines = ["data quality (counts per flag):",
             summary.to_string(index=False)]
    for ticker, group in flags.groupby("ticker", sort=True):
        all_days = group["date"]
        for col in quality.FLAG_COLUMNS:
            days = group.loc[group[col], "date"]
            if len(days):
                runs = quality.date_runs(days, all_days)
                lines.append(f"  {ticker} {col} ({len(days)}): {runs}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Load, flag, print, write; returns the exit code."""
    tickers = parse_tickers(args.tickers)
    start = _check_date(args.start, "--start")
    end = _check_date(args.end, "--end")
    if start > end:
        raise AnalysisError(f"--start {start} is after --end {end}")
    out_dir = Path(args.out) if args.out is not None else config.INTERIM_DIR

    # Load a lookback before --start so the first returns and the rolling thin/roll
    # rules have history; everything written is then trimmed to the requested span.
    lookback = (pd.Timestamp(start) - pd.Timedelta(days=LOOKBACK_DAYS)).strftime("%Y-%m-%d")
    history = prices.get_prices(tickers, lookback, end, snapshot=config.market_data_dir(),
                                raw_dir=config.RAW_DIR, yf_cache=config.YF_CACHE_DIR,
                                refresh=args.refresh)
    bars = _in_span(history, start, end)
    for ticker in tickers:
        if not (bars["ticker"] == ticker).any():
            raise AnalysisError(f"{ticker}: no bars in the requested span {start}..{end}")
    returns = _in_span(prices.returns_table(history), start, end)
    flags = _in_span(quality.quality_flags(history), start, end)
    summary = quality.quality_summary(flags)
    flagged = quality.flagged_only(flags)

    # Everything is computed before the write; the four tables are replaced together.
    write_together({out_dir / config.PRICES_CSV.name: _dated(bars),
                    out_dir / config.RETURNS_CSV.name: _dated(returns),
                    out_dir / config.QUALITY_CSV.name: _dated(flagged),
                    out_dir / config.QUALITY_SUMMARY_CSV.name: summary})

    print(format_report(flags, summary))
    print(f"wrote {len(bars)} bars for {', '.join(tickers)} ({start}..{end}) to {out_dir}")
    return 0
