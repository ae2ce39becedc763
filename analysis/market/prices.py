"""Daily prices: yfinance pulls into a checked raw cache, the offline snapshot, returns.

Two places hold bars on disk, both in the layout ``yfinance.download(...).to_csv`` writes
(``Date,Open,High,Low,Close,Adj Close,Volume``, one CSV per ticker) and described by a
``manifest.json`` (ticker -> file, rows, first/last date, sha256):

* the offline snapshot (``MARKET_DATA_DIR``), read-only;
* the raw cache (``data/raw``) that :func:`pull_prices` fills from Yahoo Finance.

Which folder that is, is decided at the edge (``analysis.config.market_data_dir`` and
``analysis.config.price_source``, read by the commands and the notebooks): every function
here takes the folder as an argument, or ``None`` where there is none.

:func:`pull_prices` is the only function in the project that touches the network.
Everything else reads disk and checks what it reads: sha256 against the manifest,
columns, numeric values, strictly increasing dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from analysis.io import (
    AnalysisError,
    finish_interrupted,
    read_csv_checked,
    replace_together,
    require_columns,
)
from analysis.market import calendars, quality

RAW_COLUMNS: tuple[str, ...] = ("Date", "Open", "High", "Low", "Close", "Adj Close", "Volume")
"""Column layout of every per-ticker CSV (snapshot and raw cache)."""

VALUE_COLUMNS: dict[str, str] = {
    "Open": "open", "High": "high", "Low": "low", "Close": "close",
    "Adj Close": "adj_close", "Volume": "volume",
}
PRICE_COLUMNS: tuple[str, ...] = ("date", "ticker", "open", "high", "low", "close",
                                  "adj_close", "volume")
"""Columns of the tidy price frame, in order."""

RETURNS_COLUMNS: tuple[str, ...] = ("date", "ticker", "price", "ret", "log_ret")
"""Columns of ``returns.csv``, in order."""

MANIFEST_NAME: str = "manifest.json"
RETURN_KINDS: tuple[str, ...] = ("simple", "log")
_SHA256 = re.compile(r"[0-9a-f]{64}")

MAX_PRICE: float = 1e9
"""Largest plausible price (about 1,000 times Berkshire Hathaway's): beyond it a value is
an overflow or a unit error (``1e308``), refused at load before any return exists."""
MAX_VOLUME: float = 1e15
"""Largest plausible daily volume."""

COVERAGE_SLACK_DAYS: int = 5
"""Calendar days a download may start after the first expected session (or end before the
last one, which also absorbs Yahoo's publication lag) and still count as covering a span."""
COVERAGE_MIN_SHARE: float = 0.9
"""Share of the exchange's sessions between a download's first and last bar it must hold."""


# File names and manifests ---------------------------------------------------------------

def ticker_file_name(ticker: str) -> str:
    """CSV file name for ``ticker``, as in the snapshot: ``^GSPC`` -> ``GSPC.csv``.

    Parameters
    ----------
    ticker : str
        Yahoo ticker.

    Returns
    -------
    str
        ``^`` dropped, ``=`` (and any other character unsafe in a file name) -> ``_``.
    """
    stem = ticker.lstrip("^")
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
    return f"{stem}.csv"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(source: Path) -> dict[str, Any]:
    """Read and check ``source/manifest.json``.

    Every ticker entry must be a mapping with a 64-hex-digit ``sha256`` (the README
    promises that every price file is checked before use) and, if given, a ``file`` name.

    Raises
    ------
    AnalysisError
        A missing or malformed manifest, or a bad entry (naming the file and the ticker).
    """
    path = Path(source) / MANIFEST_NAME
    if not path.is_file():
        raise AnalysisError(f"{path}: manifest not found")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"{path}: cannot parse manifest ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tickers"), dict):
        raise AnalysisError(f"{path}: manifest has no 'tickers' mapping")
    for ticker, entry in manifest["tickers"].items():
        if not isinstance(entry, dict):
            raise AnalysisError(
                f"{path}: entry for {ticker} is a {type(entry).__name__}, not a mapping "
                '(expected {"file": ..., "sha256": ...})'
            )
        if not isinstance(entry.get("file", ""), str):
            raise AnalysisError(f"{path}: entry for {ticker}: 'file' is not a file name")
        digest = entry.get("sha256")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise AnalysisError(
                f"{path}: entry for {ticker} has no valid sha256 (every price file is "
                "checked against its manifest checksum before use)"
            )
    return manifest


def manifest_file(folder: Path, ticker: str, entry: dict[str, Any]) -> Path:
    """The price file of a manifest entry, confined to the manifest's folder.

    The name must be relative and stay inside ``folder`` (no ``..``, no absolute path, no
    NUL byte): a manifest must not make the tool read files elsewhere, whatever their
    checksum. The check is on the name, so a snapshot whose files are symlinks still
    works.

    Raises
    ------
    AnalysisError
        Naming the manifest, the ticker and the name (escaped).
    """
    name = str(entry.get("file", ticker_file_name(ticker)))
    where = f"{Path(folder) / MANIFEST_NAME}: entry for {ticker}: 'file' {name!r}"
    if "\x00" in name:
        raise AnalysisError(f"{where} contains a NUL byte")
    pure = PurePosixPath(name.replace("\\", "/"))
    if name.strip() == "" or pure.is_absolute() or re.match(r"^[A-Za-z]:", name):
        raise AnalysisError(f"{where} must be a file name relative to {folder}")
    if ".." in pure.parts:
        raise AnalysisError(f"{where} points outside {folder} (no '..' allowed)")
    return Path(folder) / name


# Reading and checking one file ----------------------------------------------------------

def _parse_dates(raw: pd.Series, path: Path) -> pd.Series:
    try:
        dates = pd.to_datetime(raw, format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise AnalysisError(f"{path}: unreadable Date ({str(exc).splitlines()[0]})") from None
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        # Daily bars stamped at midnight exchange time: the local date is the session.
        dates = dates.dt.tz_localize(None)
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0]) + 2
        raise AnalysisError(f"{path}: empty Date at line {row}")
    return dates.dt.normalize().astype("datetime64[ns]")


def _check_dates(dates: pd.Series, path: Path) -> None:
    dup = dates[dates.duplicated(keep=False)]
    if not dup.empty:
        shown = ", ".join(sorted({str(d.date()) for d in dup})[:5])
        raise AnalysisError(f"{path}: duplicate date(s) {shown}")
    steps = dates.diff().iloc[1:]
    if (steps <= pd.Timedelta(0)).any():
        pos = int(np.flatnonzero((steps <= pd.Timedelta(0)).to_numpy())[0]) + 1
        raise AnalysisError(
            f"{path}: dates not sorted ({dates.iloc[pos].date()} after "
            f"{dates.iloc[pos - 1].date()} at line {pos + 2})"
        )


def _numeric(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for col, name in VALUE_COLUMNS.items():
        values = pd.to_numeric(raw[col], errors="coerce")
        bad = values.isna() & raw[col].notna()
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise AnalysisError(
                f"{path}: non-numeric value {str(raw[col].iloc[pos])!r} in column {col} "
                f"at line {pos + 2}"
            )
        out[name] = values.astype("float64")
        _check_plausible(out[name], col, path)
    return out


def _check_plausible(values: pd.Series, col: str, path: Path) -> None:
    """Refuse ``inf``, magnitudes beyond :data:`MAX_PRICE` (:data:`MAX_VOLUME`) and a
    negative volume, naming the file, line and value: each would become a return."""
    limit = MAX_VOLUME if col == "Volume" else MAX_PRICE
    arr = values.to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(arr) & ~(np.abs(arr) <= limit)
        negative = (arr < 0) if col == "Volume" else np.zeros(len(arr), dtype=bool)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        what = "non-finite" if not np.isfinite(arr[pos]) else f"implausible (beyond {limit:g})"
        raise AnalysisError(f"{path}: {what} value {float(arr[pos])} in column {col} at line "
                            f"{pos + 2}")
    if negative.any():
        pos = int(np.flatnonzero(negative)[0])
        raise AnalysisError(f"{path}: negative volume {arr[pos]:g} at line {pos + 2}")


def read_price_file(path: Path, ticker: str, sha256: str | None = None) -> pd.DataFrame:
    """Read and check one per-ticker CSV into the tidy layout.

    Parameters
    ----------
    path : Path
        CSV in the ``Date,Open,High,Low,Close,Adj Close,Volume`` layout.
    ticker : str
        Written into the ``ticker`` column.
    sha256 : str, optional
        Expected checksum (from the manifest); a mismatch is an error.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PRICE_COLUMNS`, sorted by date.

    Raises
    ------
    AnalysisError
        Missing file, checksum mismatch, missing column, non-numeric value, unsorted or
        duplicate dates; the message names the file.
    """
    path = Path(path)
    if path.is_dir():
        raise AnalysisError(f"{path}: is a directory, not a price file (listed in the "
                            f"manifest for {ticker})")
    if not path.is_file():
        raise AnalysisError(f"{path}: file not found (listed in the manifest for {ticker})")
    if sha256 is not None:
        actual = sha256_file(path)
        if actual != sha256:
            raise AnalysisError(
                f"{path}: checksum mismatch (sha256 {actual[:12]}..., manifest says "
                f"{sha256[:12]}...)"
            )
    # Read everything as text first so a stray word is reported, not silently NaN'd.
    raw = read_csv_checked(path, required=RAW_COLUMNS, dtype=str, keep_default_na=False,
                           na_values=[""])
    dates = _parse_dates(raw["Date"], path)
    _check_dates(dates, path)
    values = _numeric(raw, path)
    out = pd.DataFrame({"date": dates.to_numpy(), "ticker": ticker})
    for col in VALUE_COLUMNS.values():
        out[col] = values[col].to_numpy()
    out["ticker"] = out["ticker"].astype("str")
    return out.loc[:, list(PRICE_COLUMNS)]


# Loading from disk ----------------------------------------------------------------------

def _resolve_source(source: Path | None, tickers: Sequence[str]) -> Path:
    if source is not None:
        return Path(source)
    raise AnalysisError(
        f"no market data for {', '.join(tickers)}: no offline snapshot (set MARKET_DATA_DIR "
        "to a snapshot folder) and no price cache (run `python -m analysis prices` online "
        "to download)"
    )


def _filter_span(frame: pd.DataFrame, path: Path, start: str | None,
                 end: str | None) -> pd.DataFrame:
    if frame.empty:
        raise AnalysisError(f"{path}: no rows")
    lo = pd.Timestamp(start) if start else frame["date"].iloc[0]
    hi = pd.Timestamp(end) if end else frame["date"].iloc[-1]
    if lo > hi:
        raise AnalysisError(f"requested span {lo.date()}..{hi.date()} is empty (start > end)")
    kept = frame[(frame["date"] >= lo) & (frame["date"] <= hi)]
    if kept.empty:
        raise AnalysisError(
            f"{path}: requested span {lo.date()}..{hi.date()} is outside the data "
            f"({frame['date'].iloc[0].date()}..{frame['date'].iloc[-1].date()})"
        )
    return kept


def load_prices(tickers: Sequence[str], start: str | None = None, end: str | None = None,
                *, source: Path | None) -> pd.DataFrame:
    """Read checked daily bars for ``tickers`` from disk (never the network).

    Parameters
    ----------
    tickers : sequence of str
        Yahoo tickers, e.g. ``("^GSPC", "ZS=F")``.
    start, end : str, optional
        Inclusive date bounds; ``None`` keeps all the data.
    source : Path or None
        Folder with ``manifest.json`` and the CSVs: the offline snapshot or the raw cache
        (the edge picks it: ``analysis.config.price_source()``). ``None``, there is
        neither: an error that says how to get one.

    Returns
    -------
    pandas.DataFrame
        Tidy frame, columns :data:`PRICE_COLUMNS` (``date`` tz-naive datetime64[ns]),
        sorted by ticker then date.

    Raises
    ------
    AnalysisError
        No snapshot and no cache, unknown ticker, span outside the data, or any file
        problem (see :func:`read_price_file`).
    """
    tickers = list(dict.fromkeys(tickers))
    if not tickers:
        raise AnalysisError("no tickers requested")
    folder = _resolve_source(source, tickers)
    if not (folder / MANIFEST_NAME).is_file():
        raise AnalysisError(
            f"no market data for {', '.join(tickers)}: {folder / MANIFEST_NAME} not found "
            "(point MARKET_DATA_DIR at a snapshot folder, or run `python -m analysis prices` "
            "online to fill the cache)"
        )
    manifest = read_manifest(folder)
    entries: dict[str, Any] = manifest["tickers"]
    require_tickers(tickers, sorted(entries), folder / MANIFEST_NAME)
    frames = []
    for ticker in tickers:
        entry = entries[ticker]
        path = manifest_file(folder, ticker, entry)
        frame = read_price_file(path, ticker, entry.get("sha256"))
        frames.append(_filter_span(frame, path, start, end))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)


# Pulling from Yahoo Finance -------------------------------------------------------------

def _configure_yfinance_cache(yf: Any, cache_dir: Path | None) -> None:
    """Keep yfinance's timezone/cookie cache in ``cache_dir`` instead of ``~``."""
    if cache_dir is None:
        return
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    setter = getattr(yf, "set_tz_cache_location", None)
    if setter is None:
        setter = getattr(getattr(yf, "cache", None), "set_cache_location", None)
    if setter is not None:
        setter(str(cache_dir))


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        text = " ".join(record.getMessage().split())
        if text:
            self.sink.append(text)


@contextlib.contextmanager
def _quiet_yfinance() -> Iterator[list[str]]:
    """Collect yfinance's error log lines instead of printing them, mute its warnings.

    The CLI's contract is one ``error:`` line; yfinance logs several lines per failure
    and trips pandas deprecation warnings of its own.
    """
    messages: list[str] = []
    logger = logging.getLogger("yfinance")
    handler = _Collect(messages)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved


def _download_one(yf: Any, ticker: str, start: str, end: str) -> pd.DataFrame:
    """One ticker from yfinance, in the snapshot's CSV layout (``Date`` a column)."""
    hint = "(offline? point MARKET_DATA_DIR at a snapshot folder instead)"
    # yfinance's ``end`` is exclusive; the project's spans are inclusive.
    end_excl = (pd.Timestamp(end) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    with _quiet_yfinance() as messages:
        try:
            frame = yf.download(ticker, start=start, end=end_excl, auto_adjust=False,
                                multi_level_index=False, progress=False, actions=False,
                                threads=False)
        except Exception as exc:  # yfinance raises many types; all mean "no data"
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise AnalysisError(
                f"yfinance download of {ticker} failed: {first} {hint}") from None
    if frame is None or frame.empty:
        why = f" ({messages[-1][:160]})" if messages else ""
        raise AnalysisError(
            f"yfinance returned no data for {ticker} {start}..{end}{why} {hint}")
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = frame.columns.get_level_values(0)
    frame = frame.reset_index()
    frame = frame.rename(columns={frame.columns[0]: "Date"})
    require_columns(frame, RAW_COLUMNS, f"yfinance data for {ticker}")
    dates = pd.to_datetime(frame["Date"])
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    frame = frame.loc[:, list(RAW_COLUMNS)].copy()
    frame["Date"] = dates.dt.strftime("%Y-%m-%d")
    # yfinance marks sessions without a print with all-NaN rows; they are not bars.
    frame = frame.dropna(subset=["Open", "High", "Low", "Close", "Adj Close"], how="all")
    frame = frame.drop_duplicates(subset="Date", keep="last").sort_values("Date")
    if frame.empty:
        raise AnalysisError(f"yfinance returned only empty rows for {ticker} {hint}")
    return frame.reset_index(drop=True)


def check_coverage(ticker: str, frame: pd.DataFrame, start: str, end: str,
                   old: dict[str, Any] | None = None,
                   today: pd.Timestamp | None = None) -> None:
    """Refuse a download that does not cover the requested span (it would shrink the cache).

    The bars must start within :data:`COVERAGE_SLACK_DAYS` of the first session of the
    ticker's exchange on or after ``start``, end within that slack of the last session on
    or before ``min(end, today)``, and hold at least :data:`COVERAGE_MIN_SHARE` of the
    sessions in between. When the exchange has no data that early (a cached copy already
    starts after ``start``), the cached first date stands in for ``start``.

    Parameters
    ----------
    ticker : str
        Yahoo ticker (its exchange calendar gives the expected sessions).
    frame : pandas.DataFrame
        The download in the raw layout (``Date`` as ``YYYY-MM-DD`` text, sorted).
    start, end : str
        The requested inclusive span.
    old : dict, optional
        The ticker's current manifest entry, if cached.
    today : pandas.Timestamp, optional
        For tests; default the current UTC date.

    Raises
    ------
    AnalysisError
        Naming the ticker, what came back and what was asked for.
    """
    today = (today if today is not None else pd.Timestamp.now("UTC").tz_localize(None)).normalize()
    lo = pd.Timestamp(start)
    if old is not None and old.get("first"):
        # The cached copy shows where the exchange's data begin.
        lo = max(lo, min(pd.Timestamp(str(old["first"])), pd.Timestamp(end)))
    hi = min(pd.Timestamp(end), today)
    first, last = pd.Timestamp(frame["Date"].iloc[0]), pd.Timestamp(frame["Date"].iloc[-1])
    expected = calendars.sessions(ticker, lo, hi) if lo <= hi else pd.DatetimeIndex([])
    got = f"yfinance returned {len(frame)} bar(s) {first.date()}..{last.date()} for {ticker}"
    asked = f"asked for {start}..{end}; the cache was left as it was"
    slack = pd.Timedelta(days=COVERAGE_SLACK_DAYS)
    if len(expected) and first > expected[0] + slack:
        raise AnalysisError(f"{got}: starts after {expected[0].date()} ({asked})")
    if len(expected) and last < expected[-1] - slack:
        raise AnalysisError(f"{got}: ends before {expected[-1].date()} ({asked})")
    inside = calendars.sessions(ticker, first, last)
    if len(frame) < COVERAGE_MIN_SHARE * len(inside):
        raise AnalysisError(
            f"{got}: only {len(frame)} of the exchange's {len(inside)} sessions ({asked})")


def _write_raw_csv(frame: pd.DataFrame, path: Path) -> None:
    # Full float precision, as yfinance's own to_csv would write it.
    frame.to_csv(path, index=False, lineterminator="\n")


def _cache_manifest(entries: dict[str, Any], version: str, now: str,
                    span: tuple[str, str]) -> dict[str, Any]:
    """The raw cache's ``manifest.json``: the download's provenance, then every ticker."""
    return {
        "format": "Date,Open,High,Low,Close,Adj Close,Volume (yfinance download layout, "
                  "one row per trading day, dates are exchange-local session dates)",
        "origin": "Yahoo Finance daily bars downloaded with yfinance (auto_adjust=False)",
        "yfinance_version": version,
        "downloaded_utc": now,
        "requested_start": span[0],
        "requested_end": span[1],
        "tickers": {t: entries[t] for t in sorted(entries)},
    }


def pull_prices(tickers: Sequence[str], start: str, end: str, raw_dir: Path,
                yf_cache: Path | None = None) -> pd.DataFrame:
    """Download daily bars from Yahoo Finance into the raw cache (the only network code).

    Every ticker is fetched first (one ``yf.download`` call each, explicit
    ``auto_adjust=False``, ``multi_level_index=False``) and checked to cover the requested
    span (:func:`check_coverage`); only when all pass are the CSVs and the merged manifest
    replaced as one group (:func:`analysis.io.replace_together`), so a failed, short or
    partial download never replaces a good cache.

    Parameters
    ----------
    tickers : sequence of str
        Yahoo tickers.
    start, end : str
        Inclusive span (``YYYY-MM-DD``).
    raw_dir : Path
        Cache folder (the project's is ``analysis.config.RAW_DIR``).
    yf_cache : Path, optional
        Folder for yfinance's timezone/cookie cache (the project's is
        ``analysis.config.YF_CACHE_DIR``); ``None`` leaves yfinance's own default.

    Returns
    -------
    pandas.DataFrame
        The downloaded bars in the tidy layout of :func:`load_prices`.

    Raises
    ------
    AnalysisError
        A ticker came back empty, failed (yfinance returns an empty frame offline) or
        does not cover the requested span.
    """
    import yfinance as yf  # imported here: the rest of the project never needs it

    raw_dir = Path(raw_dir)
    tickers = list(dict.fromkeys(tickers))
    if not tickers:
        raise AnalysisError("no tickers requested")
    _configure_yfinance_cache(yf, yf_cache)
    old_manifest_path = raw_dir / MANIFEST_NAME
    manifest = read_manifest(raw_dir) if old_manifest_path.is_file() else {}
    old_entries: dict[str, Any] = dict(manifest.get("tickers", {}))
    downloaded = {t: _download_one(yf, t, start, end) for t in tickers}
    for ticker, frame in downloaded.items():
        check_coverage(ticker, frame, start, end, old_entries.get(ticker))
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    version = str(getattr(yf, "__version__", "unknown"))
    entries = dict(old_entries)
    names = [ticker_file_name(t) for t in downloaded]
    with replace_together([*(raw_dir / n for n in names), old_manifest_path]) as temps:
        for (ticker, frame), name, tmp in zip(downloaded.items(), names, temps, strict=False):
            _write_raw_csv(frame, tmp)
            entries[ticker] = {
                "file": name,
                "description": f"{ticker} daily bars from Yahoo Finance",
                "rows": len(frame),
                "first": frame["Date"].iloc[0],
                "last": frame["Date"].iloc[-1],
                "adjusted_for_dividends": False,
                "sha256": sha256_file(tmp),
                "source": f"yfinance {version} download of {ticker}",
                "requested_start": start,
                "requested_end": end,
                "downloaded_utc": now,
                "yfinance_version": version,
            }
        new_manifest = _cache_manifest(entries, version, now, (start, end))
        temps[-1].write_text(json.dumps(new_manifest, indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
        # Leaving the block replaces the CSVs and the manifest as one group; an exception
        # anywhere above leaves the old cache untouched.
    return load_prices(tickers, start, end, source=raw_dir)


def _cache_covers(tickers: Sequence[str], start: str, end: str, raw_dir: Path) -> list[str]:
    """Tickers the raw cache lacks, or holds for a shorter span than requested."""
    if not (raw_dir / MANIFEST_NAME).is_file():
        return list(tickers)
    entries = read_manifest(raw_dir)["tickers"]
    lacking = []
    for ticker in tickers:
        entry = entries.get(ticker)
        if entry is None or not (raw_dir / str(entry.get("file", ""))).is_file():
            lacking.append(ticker)
            continue
        have_lo = pd.Timestamp(entry.get("requested_start", entry.get("first")))
        have_hi = pd.Timestamp(entry.get("requested_end", entry.get("last")))
        if have_lo > pd.Timestamp(start) or have_hi < pd.Timestamp(end):
            lacking.append(ticker)
    return lacking


def get_prices(tickers: Sequence[str], start: str, end: str, *, snapshot: Path | None,
               raw_dir: Path, yf_cache: Path | None = None,
               refresh: bool = False) -> pd.DataFrame:
    """Prices for the CLI: the offline snapshot if given, else the raw cache (pulled on demand).

    Parameters
    ----------
    tickers : sequence of str
        Yahoo tickers.
    start, end : str
        Inclusive span.
    snapshot : Path or None
        Offline snapshot folder (``analysis.config.market_data_dir()``); ``None`` reads
        the raw cache and downloads what it lacks.
    raw_dir : Path
        Raw cache folder (``analysis.config.RAW_DIR``).
    yf_cache : Path, optional
        yfinance's own cache folder, as in :func:`pull_prices`.
    refresh : bool
        Re-download every ticker even when the cache covers the span.

    Returns
    -------
    pandas.DataFrame
        As :func:`load_prices`.

    Raises
    ------
    AnalysisError
        ``refresh`` while a snapshot is set, or any loading/downloading problem.
    """
    if snapshot is not None:
        if refresh:
            raise AnalysisError(
                f"--refresh downloads from Yahoo Finance, but MARKET_DATA_DIR points at the "
                f"snapshot {snapshot}; run with MARKET_DATA_DIR= (empty) to refresh the cache"
            )
        return load_prices(tickers, start, end, source=snapshot)
    raw_dir = Path(raw_dir)
    if raw_dir.is_dir():
        finish_interrupted(raw_dir)  # a refresh killed mid-swap is completed first
    lacking = list(tickers) if refresh else _cache_covers(tickers, start, end, raw_dir)
    if lacking:
        pull_prices(lacking, start, end, raw_dir=raw_dir, yf_cache=yf_cache)
    return load_prices(tickers, start, end, source=raw_dir)


# Returns --------------------------------------------------------------------------------

def _check_kind(kind: str) -> None:
    if kind not in RETURN_KINDS:
        raise AnalysisError(f"unknown return kind {kind!r}: expected simple or log")


def compute_returns(prices: pd.DataFrame, kind: str = "simple",
                    price_col: str = "adj_close",
                    max_move: dict[str, float] | None = None) -> pd.DataFrame:
    r"""Close-to-close returns per ticker over consecutive available sessions.

    .. math::

        r^{\text{simple}}_t = \frac{P_t}{P_{t-1}} - 1, \qquad
        r^{\text{log}}_t = \ln P_t - \ln P_{t-1}

    where :math:`t-1` is the ticker's previous row (previous available session).

    Two changes are not returns and are dropped (NaN) before any return exists, with the
    reason in the data-quality report (:mod:`analysis.market.quality`):

    * a non-positive price :math:`P_t \le 0` (``nonpositive_price``: a bad print, or
      CL=F on 2020-04-20) gives no return on day :math:`t` nor on the next day, so no
      :math:`-100\,\%` or infinite return reaches a study;
    * a bar after more than :data:`~analysis.market.quality.MAX_GAP_SESSIONS` missing
      exchange sessions (``gap``) gets no return: the change spans weeks, not a day;
    * a move beyond the asset class's one-day bound
      (:data:`~analysis.market.quality.MAX_LOG_MOVE`): a bad print reversed next day
      (``spike``) gives no return on its day nor on the next, a persistent level change
      (``level_shift``) none on its day (:func:`analysis.market.quality.implausible_moves`).

    Parameters
    ----------
    prices : pandas.DataFrame
        Tidy prices with ``date``, ``ticker`` and ``price_col``.
    kind : {"simple", "log"}
        Return definition.
    price_col : str
        Price column, ``adj_close`` by default.
    max_move : dict, optional
        Asset class -> one-day move bound, overriding
        :data:`~analysis.market.quality.MAX_LOG_MOVE`.

    Returns
    -------
    pandas.DataFrame
        Columns ``date, ticker, price, ret``; the first session of each ticker has NaN,
        and so have the dropped changes above (``price`` keeps the raw value).
    """
    _check_kind(kind)
    require_columns(prices, ("date", "ticker", price_col), "price frame")
    frame = prices.loc[:, ["date", "ticker", price_col]].rename(columns={price_col: "price"})
    frame = frame.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)
    raw = frame["price"].astype("float64")
    price = raw.where(raw > 0)
    previous = price.groupby(frame["ticker"], sort=False).shift(1)
    ret = np.log(price) - np.log(previous) if kind == "log" else price / previous - 1.0
    frame["ret"] = ret.where(~_after_long_gap(frame) & ~_implausible(frame, raw, max_move))
    frame["price"] = raw
    return frame.loc[:, ["date", "ticker", "price", "ret"]]


def _after_long_gap(frame: pd.DataFrame) -> np.ndarray:
    """Rows (sorted by ticker, date) whose previous bar is more than a week of sessions back."""
    gap = np.zeros(len(frame), dtype=bool)
    for _, rows in frame.groupby("ticker", sort=False).indices.items():
        ticker = str(frame["ticker"].iloc[rows[0]])
        skipped = quality.skipped_sessions(ticker, frame["date"].iloc[rows])
        gap[rows] = skipped > quality.MAX_GAP_SESSIONS
    return gap


def _implausible(frame: pd.DataFrame, price: pd.Series,
                 max_move: dict[str, float] | None) -> np.ndarray:
    """Rows (sorted by ticker, date) whose return touches a spike or is a level shift."""
    drop = np.zeros(len(frame), dtype=bool)
    for ticker, rows in frame.groupby("ticker", sort=False).indices.items():
        series = price.iloc[rows].reset_index(drop=True)
        spike, shift = quality.implausible_moves(series, quality.move_bound(str(ticker),
                                                                            max_move))
        after_spike = spike.shift(1, fill_value=False).astype(bool)
        drop[rows] = (spike | after_spike | shift).to_numpy()
    return drop


def returns_table(prices: pd.DataFrame, price_col: str = "adj_close",
                  max_move: dict[str, float] | None = None) -> pd.DataFrame:
    """The ``returns.csv`` table: simple and log returns side by side.

    Parameters
    ----------
    prices : pandas.DataFrame
        Tidy prices.
    price_col : str
        Price column.
    max_move : dict, optional
        One-day move bounds, as :func:`compute_returns`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RETURNS_COLUMNS`; ``ret`` and ``log_ret`` are NaN where this or
        the previous price is not positive (e.g. CL=F around 2020-04-20) or after a long
        gap (see :func:`compute_returns`).
    """
    simple = compute_returns(prices, "simple", price_col, max_move)
    price = simple["price"].where(simple["price"] > 0)
    previous = price.groupby(simple["ticker"], sort=False).shift(1)
    out = simple.copy()
    out["log_ret"] = np.log(price / previous).where(simple["ret"].notna())
    return out.loc[:, list(RETURNS_COLUMNS)]


def returns_wide(returns_tidy: pd.DataFrame) -> pd.DataFrame:
    """Tidy returns -> wide frame: index ``date``, one column per ticker (sorted).

    Parameters
    ----------
    returns_tidy : pandas.DataFrame
        Columns ``date``, ``ticker``, ``ret``.

    Returns
    -------
    pandas.DataFrame
        ``ret`` values; NaN where a ticker has no session on a date.
    """
    require_columns(returns_tidy, ("date", "ticker", "ret"), "returns frame")
    if returns_tidy.duplicated(["date", "ticker"]).any():
        raise AnalysisError("returns frame has duplicate (date, ticker) rows")
    wide = returns_tidy.pivot(index="date", columns="ticker", values="ret")
    wide = wide.sort_index().reindex(columns=sorted(wide.columns))
    wide.columns.name = None
    wide.index = pd.DatetimeIndex(wide.index).astype("datetime64[ns]")
    wide.index.name = "date"
    return wide.astype("float64")


def align(wide: pd.DataFrame, tickers: Sequence[str]) -> pd.DataFrame:
    """Keep ``tickers``' columns on their common sessions only (rows with any NaN dropped).

    Parameters
    ----------
    wide : pandas.DataFrame
        Wide returns (index ``date``).
    tickers : sequence of str
        Columns to keep, in this order.

    Returns
    -------
    pandas.DataFrame
        Rows where every requested ticker has a return.
    """
    tickers = list(dict.fromkeys(tickers))
    require_tickers(tickers, wide.columns)
    return wide.loc[:, tickers].dropna(how="any")


def require_tickers(tickers: Sequence[str], have: Sequence[Any],
                    source: Path | str | None = None) -> None:
    """Raise unless every ticker of ``tickers`` is among ``have`` (columns or manifest keys).

    The one wording of a missing ticker, for the price loaders, the study and the
    regressions alike.

    Parameters
    ----------
    tickers : sequence of str
        Tickers asked for (duplicates are named once).
    have : sequence
        What the data hold, listed in this order in the message.
    source : Path or str, optional
        The file that lacks them; named in the message when given.

    Raises
    ------
    AnalysisError
        ``unknown ticker X: <source> has A, B`` with a ``source``, else
        ``no returns for X (have A, B)``.
    """
    present = set(have)
    missing = list(dict.fromkeys(t for t in tickers if t not in present))
    if not missing:
        return
    names, listed = ", ".join(missing), ", ".join(map(str, have))
    if source is not None:
        raise AnalysisError(f"unknown ticker {names}: {source} has {listed}")
    raise AnalysisError(f"no returns for {names} (have {listed})")


def read_returns(path: Path, kind: str = "simple") -> pd.DataFrame:
    """Read ``returns.csv`` back into the wide frame.

    Parameters
    ----------
    path : Path
        The interim returns file (``date, ticker, price, ret, log_ret``; the project's
        is ``analysis.config.RETURNS_CSV``).
    kind : {"simple", "log"}
        ``ret`` or ``log_ret``.

    Returns
    -------
    pandas.DataFrame
        Index ``date`` (datetime64[ns]), one column per ticker.
    """
    _check_kind(kind)
    path = Path(path)
    frame = read_csv_checked(path, required=RETURNS_COLUMNS, dtype={"ticker": "str"},
                             keep_default_na=False, na_values=[""])
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="ISO8601").astype("datetime64[ns]")
        value = pd.to_numeric(frame["ret" if kind == "simple" else "log_ret"], errors="raise")
    except (ValueError, TypeError) as exc:
        raise AnalysisError(f"{path}: unreadable value ({str(exc).splitlines()[0]})") from None
    finite = np.isfinite(value.to_numpy(dtype="float64")) | value.isna().to_numpy()
    if not finite.all():
        pos = int(np.flatnonzero(~finite)[0])
        raise AnalysisError(f"{path}: non-finite return {float(value.iloc[pos])} at line {pos + 2}")
    tidy = pd.DataFrame({"date": frame["date"], "ticker": frame["ticker"], "ret": value})
    if tidy.duplicated(["date", "ticker"]).any():
        raise AnalysisError(f"{path}: duplicate (date, ticker) rows")
    return returns_wide(tidy)
