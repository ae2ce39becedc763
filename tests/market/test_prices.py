"""Prices: snapshot loading and checks, the yfinance path (faked), returns, alignment."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yfinance as yf

from analysis import config
from analysis.io import AnalysisError, write_csv_atomic
from analysis.market import prices, quality

TS = pd.Timestamp
HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n"
GOOD_ROWS = [
    "2019-08-08,851.75,865.0,851.75,865.0,865.0,2028",
    "2019-08-09,871.75,875.25,866.0,873.75,873.75,1592",
    "2019-08-12,871.0,871.0,860.0,861.5,861.5,324",
    "2019-08-13,872.0,872.0,871.25,872.0,872.0,145",
]


@pytest.fixture
def snapshot() -> Path:
    """The real offline snapshot (skipped only when ../shared/market-data is absent)."""
    if not (config.SHARED_MARKET_DATA / "manifest.json").is_file():
        pytest.skip(f"offline snapshot {config.SHARED_MARKET_DATA} is absent")
    return config.SHARED_MARKET_DATA


def write_snapshot(folder: Path, rows: list[str], ticker: str = "ZS=F",
                   header: str = HEADER) -> Path:
    """A one-ticker snapshot whose manifest checksum matches the (possibly bad) CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    name = prices.ticker_file_name(ticker)
    (folder / name).write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    manifest = {"tickers": {ticker: {"file": name, "sha256": digest}}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder / name


def test_ticker_file_name_matches_snapshot() -> None:
    assert prices.ticker_file_name("^GSPC") == "GSPC.csv"
    assert prices.ticker_file_name("ZS=F") == "ZS_F.csv"
    assert prices.ticker_file_name("SPY") == "SPY.csv"


def test_snapshot_names_agree_with_manifest(snapshot: Path) -> None:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    for ticker, entry in manifest["tickers"].items():
        assert prices.ticker_file_name(ticker) == entry["file"]


def test_load_snapshot(snapshot: Path) -> None:
    df = prices.load_prices(["^GSPC", "ZS=F"], "2018-01-01", "2020-12-31", source=snapshot)
    assert list(df.columns) == list(prices.PRICE_COLUMNS)
    assert df["date"].dtype == "datetime64[ns]"
    assert sorted(df["ticker"].unique()) == ["ZS=F", "^GSPC"]
    assert df.groupby("ticker").size().to_dict() == {"ZS=F": 756, "^GSPC": 756}
    assert df.equals(df.sort_values(["ticker", "date"]).reset_index(drop=True))
    assert df["date"].min() == TS("2018-01-02") and df["date"].max() == TS("2020-12-31")
    row = df[(df["ticker"] == "ZS=F") & (df["date"] == TS("2019-08-13"))].iloc[0]
    assert row["close"] == 872.0 and row["volume"] == 145
    gspc = df[(df["ticker"] == "^GSPC") & (df["date"] == TS("2019-08-05"))].iloc[0]
    assert gspc["close"] == pytest.approx(2844.74, abs=0.01)


def test_the_edge_resolves_the_price_folder(snapshot: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # MARKET_DATA_DIR wins; empty, the raw cache when it has a manifest; else nothing.
    monkeypatch.setenv("MARKET_DATA_DIR", str(snapshot))
    assert config.price_source() == snapshot.resolve()
    df = prices.load_prices(["ZS=F"], "2019-08-12", "2019-08-13", source=config.price_source())
    assert list(df["volume"]) == [324, 145]
    monkeypatch.setenv("MARKET_DATA_DIR", "")
    monkeypatch.setattr(config, "RAW_DIR", tmp_path / "raw")
    assert config.price_source() is None
    write_snapshot(tmp_path / "raw", GOOD_ROWS)
    assert config.price_source() == tmp_path / "raw"


def test_the_stage_needs_an_explicit_folder() -> None:
    # The market stage reads no config: without a folder it cannot guess one.
    with pytest.raises(TypeError, match="source"):
        prices.load_prices(["ZS=F"])  # type: ignore[call-arg]


def test_checksum_mismatch(snapshot: Path, tmp_path: Path) -> None:
    shutil.copy(snapshot / "manifest.json", tmp_path / "manifest.json")
    shutil.copy(snapshot / "ZS_F.csv", tmp_path / "ZS_F.csv")
    prices.load_prices(["ZS=F"], source=tmp_path)  # intact copy loads
    data = bytearray((tmp_path / "ZS_F.csv").read_bytes())
    pos = data.index(b"872.0")
    data[pos] = ord("9")  # one byte: 872.0 -> 972.0
    (tmp_path / "ZS_F.csv").write_bytes(bytes(data))
    with pytest.raises(AnalysisError, match=r"ZS_F\.csv: checksum mismatch"):
        prices.load_prices(["ZS=F"], source=tmp_path)


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        # Rows of 7 fields under a 6-name header: said as such (pandas would otherwise
        # take the dates as an index and shift every value one column left).
        (GOOD_ROWS, HEADER.replace(",Volume", ""),
         r"ZS_F\.csv: line 2 has 7 fields, the header 6"),
        ([*GOOD_ROWS[:2], GOOD_ROWS[2].replace("861.5,861.5", "861.5,n/a"), GOOD_ROWS[3]],
         HEADER, r"ZS_F\.csv: non-numeric value 'n/a' in column Adj Close at line 4"),
        ([GOOD_ROWS[0], GOOD_ROWS[2], GOOD_ROWS[1], GOOD_ROWS[3]], HEADER,
         r"ZS_F\.csv: dates not sorted \(2019-08-09 after 2019-08-12"),
        ([*GOOD_ROWS, GOOD_ROWS[3]], HEADER, r"ZS_F\.csv: duplicate date\(s\) 2019-08-13"),
        ([*GOOD_ROWS[:3], "2019-13-45,1,1,1,1,1,1"], HEADER, r"ZS_F\.csv: unreadable Date"),
    ],
    ids=["missing-column", "non-numeric", "unsorted", "duplicate", "bad-date"],
)
def test_bad_snapshot_files(tmp_path: Path, rows: list[str], header: str,
                            message: str) -> None:
    write_snapshot(tmp_path, rows, header=header)
    with pytest.raises(AnalysisError, match=message):
        prices.load_prices(["ZS=F"], source=tmp_path)


def test_good_small_snapshot_loads(tmp_path: Path) -> None:
    write_snapshot(tmp_path, GOOD_ROWS)
    df = prices.load_prices(["ZS=F"], "2019-08-09", "2019-08-12", source=tmp_path)
    assert list(df["date"]) == [TS("2019-08-09"), TS("2019-08-12")]
    assert list(df["close"]) == [873.75, 861.5]


def test_unknown_ticker_lists_known(snapshot: Path) -> None:
    with pytest.raises(AnalysisError, match=r"unknown ticker NOPE: .* has CL=F, .*\^GSPC"):
        prices.load_prices(["ZS=F", "NOPE"], source=snapshot)


def test_span_outside_data_says_what_exists(snapshot: Path) -> None:
    with pytest.raises(AnalysisError,
                       match=r"GSPC\.csv: requested span 2024-06-01\.\.2024-12-31 is outside "
                             r"the data \(1927-12-30\.\.2023-12-28\)"):
        prices.load_prices(["^GSPC"], "2024-06-01", "2024-12-31", source=snapshot)


def test_no_snapshot_and_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AnalysisError, match=r"no market data for ZS=F: .*MARKET_DATA_DIR"):
        prices.load_prices(["ZS=F"], source=None)
    # get_prices then tries yfinance, which offline returns an empty frame.
    monkeypatch.setattr(yf, "download", FakeDownload(empty=("ZS=F",)))
    with pytest.raises(AnalysisError, match=r"no data for ZS=F .*MARKET_DATA_DIR"):
        prices.get_prices(["ZS=F"], "2019-01-01", "2019-12-31", snapshot=None,
                          raw_dir=tmp_path / "raw", yf_cache=tmp_path / "yfcache")
    assert not (tmp_path / "raw" / "manifest.json").exists()


def test_snapshot_dir_without_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARKET_DATA_DIR", str(tmp_path))
    with pytest.raises(AnalysisError, match=r"no market data for \^GSPC: .*manifest\.json not "
                                            r"found .*MARKET_DATA_DIR"):
        prices.load_prices(["^GSPC"], source=config.price_source())


def test_malformed_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"manifest\.json: cannot parse manifest"):
        prices.load_prices(["ZS=F"], source=tmp_path)


# yfinance, faked -----------------------------------------------------------------------

def fake_bars(first: str = "2019-08-08", n: int = 4, base: float = 100.0) -> pd.DataFrame:
    """What ``yf.download(..., multi_level_index=False)`` returns: Date index, 6 columns."""
    index = pd.bdate_range(first, periods=n, name="Date")
    close = base + np.arange(n, dtype=float)
    return pd.DataFrame({"Adj Close": close, "Close": close, "High": close + 1,
                         "Low": close - 1, "Open": close, "Volume": np.arange(n) * 10 + 5},
                        index=index)


class FakeDownload:
    """Records calls; returns the business days of the requested span per ticker (empty
    for the ones in ``empty``, only the last ``tail`` rows when set: a short download)."""

    def __init__(self, empty: tuple[str, ...] = (), base: float = 100.0,
                 tail: int | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.empty = empty
        self.base = base
        self.tail = tail

    def __call__(self, ticker: str, **kwargs: Any) -> pd.DataFrame:
        self.calls.append((ticker, kwargs))
        if ticker in self.empty:
            return pd.DataFrame()
        days = pd.bdate_range(kwargs["start"], pd.Timestamp(kwargs["end"]) - pd.Timedelta(days=1))
        bars = fake_bars(str(days[0].date()), len(days), base=self.base)
        return bars if self.tail is None else bars.tail(self.tail)


@pytest.fixture
def yf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record where the yfinance cache is set (and so that no test sets it in ``~``)."""
    where: list[str] = []
    monkeypatch.setattr(yf, "set_tz_cache_location", where.append)
    return where


def test_pull_writes_cache_and_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        yf_cache: list[str]) -> None:
    fake = FakeDownload()
    monkeypatch.setattr(yf, "download", fake)
    raw = tmp_path / "raw"
    df = prices.pull_prices(["^GSPC", "ZS=F"], "2019-08-08", "2019-08-13", raw_dir=raw,
                            yf_cache=tmp_path / "yfcache")

    assert [c[0] for c in fake.calls] == ["^GSPC", "ZS=F"]
    for _, kwargs in fake.calls:
        assert kwargs["auto_adjust"] is False
        assert kwargs["multi_level_index"] is False
        assert kwargs["progress"] is False
        assert kwargs["start"] == "2019-08-08"
        assert kwargs["end"] == "2019-08-14"  # yfinance's end is exclusive
    assert yf_cache == [str(tmp_path / "yfcache")]
    assert (tmp_path / "yfcache").is_dir()

    assert sorted(p.name for p in raw.iterdir()) == ["GSPC.csv", "ZS_F.csv", "manifest.json"]
    text = (raw / "ZS_F.csv").read_text()
    assert text.splitlines()[0] == HEADER.strip()
    assert text.splitlines()[1].startswith("2019-08-08,100.0,101.0,99.0,100.0,100.0,5")
    manifest = json.loads((raw / "manifest.json").read_text())
    entry = manifest["tickers"]["ZS=F"]
    assert entry["file"] == "ZS_F.csv" and entry["rows"] == 4
    assert entry["first"] == "2019-08-08" and entry["last"] == "2019-08-13"
    assert entry["sha256"] == hashlib.sha256((raw / "ZS_F.csv").read_bytes()).hexdigest()
    assert entry["requested_start"] == "2019-08-08" and entry["requested_end"] == "2019-08-13"
    assert manifest["yfinance_version"] == yf.__version__
    assert manifest["downloaded_utc"].endswith("Z")
    assert manifest["requested_start"] == "2019-08-08"

    assert list(df.columns) == list(prices.PRICE_COLUMNS)
    assert len(df) == 8
    again = prices.load_prices(["ZS=F", "^GSPC"], source=raw)
    pd.testing.assert_frame_equal(again, df)


def _snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_empty_download_fails_and_keeps_old_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str]) -> None:
    raw = tmp_path / "raw"
    monkeypatch.setattr(yf, "download", FakeDownload())
    prices.pull_prices(["^GSPC", "ZS=F"], "2019-08-08", "2019-08-13", raw_dir=raw)
    before = _snapshot_bytes(raw)

    # ^GSPC would succeed (with different prices), ZS=F comes back empty: nothing changes.
    monkeypatch.setattr(yf, "download", FakeDownload(empty=("ZS=F",), base=500.0))
    with pytest.raises(AnalysisError, match=r"no data for ZS=F .*MARKET_DATA_DIR"):
        prices.pull_prices(["^GSPC", "ZS=F"], "2019-08-01", "2019-08-13", raw_dir=raw)
    assert _snapshot_bytes(raw) == before


def test_download_exception_is_one_line_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str]) -> None:
    def boom(ticker: str, **kwargs: Any) -> pd.DataFrame:
        raise ConnectionError("Failed to resolve 'query2.finance.yahoo.com'\nmore")

    monkeypatch.setattr(yf, "download", boom)
    with pytest.raises(AnalysisError, match=r"download of ZS=F failed: Failed to resolve"):
        prices.pull_prices(["ZS=F"], "2019-08-01", "2019-08-13", raw_dir=tmp_path)
    assert not (tmp_path / "manifest.json").exists()


def test_write_failure_mid_pull_keeps_old_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str]) -> None:
    raw = tmp_path / "raw"
    monkeypatch.setattr(yf, "download", FakeDownload())
    prices.pull_prices(["^GSPC", "ZS=F"], "2019-08-08", "2019-08-13", raw_dir=raw)
    before = _snapshot_bytes(raw)

    real_write = prices._write_raw_csv
    written: list[Path] = []

    def flaky(frame: pd.DataFrame, path: Path) -> None:
        real_write(frame, path)
        written.append(path)
        if len(written) == 2:
            # Simulate the disk filling up halfway through the second file.
            path.write_bytes(path.read_bytes()[:20])
            raise OSError("No space left on device")

    monkeypatch.setattr(prices, "_write_raw_csv", flaky)
    monkeypatch.setattr(yf, "download", FakeDownload(base=500.0))
    with pytest.raises(OSError, match="No space"):
        prices.pull_prices(["^GSPC", "ZS=F"], "2019-08-08", "2019-08-13", raw_dir=raw)
    assert _snapshot_bytes(raw) == before  # old files intact, and no temp file left behind
    assert all(not p.exists() for p in written)
    prices.load_prices(["^GSPC", "ZS=F"], source=raw)  # still a valid cache


@pytest.mark.parametrize("fake", [FakeDownload(tail=5), FakeDownload(tail=2, base=500.0)])
def test_short_refresh_leaves_the_cache_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str],
        fake: FakeDownload) -> None:
    raw = tmp_path / "raw"
    monkeypatch.setattr(yf, "download", FakeDownload())
    prices.pull_prices(["^GSPC", "ZS=F"], "2019-01-02", "2019-08-13", raw_dir=raw)
    before = _snapshot_bytes(raw)
    monkeypatch.setattr(yf, "download", fake)
    with pytest.raises(AnalysisError, match=r"yfinance returned \d bar\(s\) 2019-08-\d+\.\."
                                            r"2019-08-13 for \^GSPC: starts after 2019-01-02 "
                                            r"\(asked for 2019-01-02\.\.2019-08-13; the cache"):
        prices.pull_prices(["^GSPC", "ZS=F"], "2019-01-02", "2019-08-13", raw_dir=raw)
    assert _snapshot_bytes(raw) == before


def test_refresh_with_holes_or_an_early_end_is_refused() -> None:
    days = pd.bdate_range("2019-01-02", "2019-06-28")
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d")})
    prices.check_coverage("^GSPC", frame, "2019-01-01", "2019-06-30")  # holidays are fine
    with pytest.raises(AnalysisError, match="ends before 2019-06-28"):
        prices.check_coverage("^GSPC", frame.iloc[:-10], "2019-01-01", "2019-06-30")
    with pytest.raises(AnalysisError, match=r"only 64 of the exchange's 123 sessions"):
        prices.check_coverage("^GSPC", frame.iloc[::2], "2019-01-01", "2019-06-30")
    # The span may end in the future: only the sessions up to today are required.
    prices.check_coverage("^GSPC", frame, "2019-01-01", "2030-12-31",
                          today=pd.Timestamp("2019-07-01"))
    # Where the cached copy shows the data begin later, that is all the exchange has.
    prices.check_coverage("^GSPC", frame.iloc[20:], "2018-01-01", "2019-06-30",
                          old={"first": frame["Date"].iloc[20]})
    with pytest.raises(AnalysisError, match="starts after"):
        prices.check_coverage("^GSPC", frame.iloc[20:], "2018-01-01", "2019-06-30")


@pytest.mark.parametrize(("entry", "message"), [
    ({"file": "ZS_F.csv"}, r"entry for ZS=F has no valid sha256 \(every price file is checked"),
    ({"file": "ZS_F.csv", "sha256": "abc"}, "entry for ZS=F has no valid sha256"),
    ("ZS_F.csv", r"entry for ZS=F is a str, not a mapping"),
    ({"file": 3, "sha256": "0" * 64}, "entry for ZS=F: 'file' is not a file name"),
])
def test_bad_manifest_entries(tmp_path: Path, entry: object, message: str) -> None:
    write_snapshot(tmp_path, ["2019-08-12,1,1,1,1,1,5"])
    (tmp_path / "manifest.json").write_text(json.dumps({"tickers": {"ZS=F": entry}}))
    with pytest.raises(AnalysisError, match=message) as err:
        prices.load_prices(["ZS=F"], source=tmp_path)
    assert str(tmp_path / "manifest.json") in str(err.value)


def test_get_prices_finishes_a_refresh_killed_mid_swap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str]) -> None:
    raw = tmp_path / "raw"
    monkeypatch.setattr(yf, "download", FakeDownload())
    prices.get_prices(["ZS=F"], "2019-08-08", "2019-08-13", snapshot=None, raw_dir=raw)
    # What a kill after the commit record and the CSV's rename leaves: a new CSV, the
    # old manifest, the manifest's temporary and the record naming it.
    new_csv = "Date,Open,High,Low,Close,Adj Close,Volume\n2019-08-08,1,1,1,1,1,1\n"
    (raw / "ZS_F.csv").write_text(new_csv)
    manifest = json.loads((raw / "manifest.json").read_text())
    manifest["tickers"]["ZS=F"]["sha256"] = hashlib.sha256(new_csv.encode()).hexdigest()
    tmp = raw / ".manifest.json.999999999-abcdefgh.tmp"
    tmp.write_text(json.dumps(manifest))
    (raw / ".999999999-abcd.together").write_text(
        json.dumps({"moves": [[str(tmp), str(raw / "manifest.json")]]}))
    with pytest.raises(AnalysisError, match="checksum mismatch"):
        prices.load_prices(["ZS=F"], source=raw)
    df = prices.get_prices(["ZS=F"], "2019-08-08", "2019-08-08", snapshot=None, raw_dir=raw)
    assert list(df["close"]) == [1.0]
    assert sorted(p.name for p in raw.iterdir()) == ["ZS_F.csv", "manifest.json"]


def test_get_prices_uses_snapshot_when_set(snapshot: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yf, "download", FakeDownload(empty=("ZS=F",)))
    where = {"snapshot": snapshot, "raw_dir": tmp_path / "raw"}
    df = prices.get_prices(["ZS=F"], "2019-08-12", "2019-08-13", **where)
    assert list(df["close"]) == [861.5, 872.0]
    assert not (tmp_path / "raw").exists()  # the cache is never touched
    with pytest.raises(AnalysisError, match=r"--refresh .*MARKET_DATA_DIR"):
        prices.get_prices(["ZS=F"], "2019-08-12", "2019-08-13", refresh=True, **where)


def test_get_prices_pulls_only_when_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           yf_cache: list[str]) -> None:
    fake = FakeDownload()
    monkeypatch.setattr(yf, "download", fake)
    where = {"snapshot": None, "raw_dir": tmp_path / "raw", "yf_cache": tmp_path / "yfcache"}

    prices.get_prices(["ZS=F"], "2019-08-08", "2019-08-13", **where)
    assert [c[0] for c in fake.calls] == ["ZS=F"]
    assert yf_cache == [str(tmp_path / "yfcache")]  # yfinance's cache where it was told
    prices.get_prices(["ZS=F"], "2019-08-09", "2019-08-12", **where)  # covered: no download
    assert len(fake.calls) == 1
    prices.get_prices(["ZS=F", "^GSPC"], "2019-08-08", "2019-08-13", **where)  # only the new
    assert [c[0] for c in fake.calls] == ["ZS=F", "^GSPC"]
    prices.get_prices(["ZS=F"], "2019-08-01", "2019-08-13", **where)  # longer span: again
    assert [c[0] for c in fake.calls][-1] == "ZS=F" and len(fake.calls) == 3
    prices.get_prices(["ZS=F"], "2019-08-08", "2019-08-13", refresh=True, **where)
    assert len(fake.calls) == 4
    manifest = json.loads((tmp_path / "raw" / "manifest.json").read_text())
    assert sorted(manifest["tickers"]) == ["ZS=F", "^GSPC"]  # merged, nothing lost


# Returns -------------------------------------------------------------------------------

def small_prices() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2019-01-02", "2019-01-03", "2019-01-04",
                                "2019-01-02", "2019-01-04"]),
        "ticker": ["A", "A", "A", "B", "B"],
        "adj_close": [100.0, 110.0, 99.0, 50.0, 55.0],
        "close": [1.0, 1.0, 1.0, 1.0, 1.0],
    })


def test_simple_and_log_returns() -> None:
    simple = prices.compute_returns(small_prices())
    assert list(simple.columns) == ["date", "ticker", "price", "ret"]
    a = simple[simple["ticker"] == "A"]["ret"].to_numpy()
    assert np.isnan(a[0])
    np.testing.assert_allclose(a[1:], [0.1, -0.1])
    b = simple[simple["ticker"] == "B"]["ret"].to_numpy()
    # B has no bar on 2019-01-03: the return spans the consecutive available sessions.
    assert np.isnan(b[0]) and b[1] == pytest.approx(0.1)
    logr = prices.compute_returns(small_prices(), kind="log")
    np.testing.assert_allclose(logr["ret"].to_numpy()[1:3], np.log([1.1, 0.9]))
    closes = prices.compute_returns(small_prices(), price_col="close")
    assert closes["ret"].dropna().eq(0).all()


@pytest.mark.parametrize("kind", ["simple", "log"])
@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_nonpositive_price_never_yields_a_return(kind: str, bad: float) -> None:
    frame = small_prices()
    frame.loc[1, "adj_close"] = bad  # A on 2019-01-03
    out = prices.compute_returns(frame, kind=kind)
    a = out[out["ticker"] == "A"].set_index("date")
    assert np.isnan(a.loc["2019-01-03", "ret"])  # to the bad price
    assert np.isnan(a.loc["2019-01-04", "ret"])  # from it: not a -100 % or inf
    assert a.loc["2019-01-03", "price"] == bad  # the raw value is still shown
    assert np.isfinite(out["ret"].dropna()).all()
    with pytest.raises(AnalysisError, match="unknown return kind"):
        prices.compute_returns(frame, kind="pct")


def test_long_gap_gives_no_return_and_is_flagged() -> None:
    def bars_on(days: pd.DatetimeIndex) -> pd.DataFrame:
        return pd.DataFrame({"date": days, "ticker": "^GSPC", "open": 100.0, "high": 101.0,
                             "low": 99.0, "close": 100.0 + np.arange(len(days)),
                             "adj_close": 100.0 + np.arange(len(days)), "volume": 1e6})

    days = pd.bdate_range("2019-06-03", "2019-08-30")
    bars = bars_on(days[(days < "2019-07-01") | (days > "2019-07-31")])
    table = prices.returns_table(bars).set_index("date")
    assert np.isnan(table.loc["2019-08-01", "ret"]) and np.isnan(table.loc["2019-08-01", "log_ret"])
    assert table.loc["2019-08-02", "ret"] == pytest.approx(1 / table.loc["2019-08-01", "price"])
    assert table["ret"].isna().sum() == 2  # the first bar and the one after the gap
    flags = quality.quality_flags(bars).set_index("date")
    assert flags.loc["2019-08-01", "gap"] and "gap" in flags.loc["2019-08-01", "flag"]
    assert flags["gap"].sum() == 1
    # A single missing session is not a gap.
    short = bars_on(days[days != pd.Timestamp("2019-06-12")])
    assert prices.returns_table(short)["ret"].isna().sum() == 1  # the first bar only
    assert not quality.quality_flags(short)["gap"].any()


def test_log_returns_on_real_negative_oil(snapshot: Path) -> None:
    oil = prices.load_prices(["CL=F"], "2020-04-01", "2020-04-30", source=snapshot)
    logr = prices.compute_returns(oil, kind="log").set_index("date")
    assert np.isnan(logr.loc["2020-04-20", "ret"]) and np.isnan(logr.loc["2020-04-21", "ret"])
    table = prices.returns_table(oil).set_index("date")
    for day in ("2020-04-20", "2020-04-21"):  # price <= 0, previous price <= 0
        assert np.isnan(table.loc[day, "log_ret"]) and np.isnan(table.loc[day, "ret"])
    assert not np.isnan(table.loc["2020-04-22", "log_ret"])
    assert table.loc["2020-04-22", "ret"] == pytest.approx(
        table.loc["2020-04-22", "price"] / table.loc["2020-04-21", "price"] - 1)
    flags = quality.quality_flags(oil).set_index("date")
    assert flags.loc["2020-04-20", "nonpositive_price"]


def test_wide_align_and_read_back(tmp_path: Path) -> None:
    table = prices.returns_table(small_prices())
    wide = prices.returns_wide(table)
    assert list(wide.columns) == ["A", "B"]
    assert wide.index.name == "date"
    assert np.isnan(wide.loc["2019-01-03", "B"])
    aligned = prices.align(wide, ["B", "A"])
    assert list(aligned.columns) == ["B", "A"]
    assert list(aligned.index) == [TS("2019-01-04")]
    with pytest.raises(AnalysisError, match="no returns for C"):
        prices.align(wide, ["A", "C"])
    with pytest.raises(AnalysisError, match=r"^no returns for C \(have A, B\)$"):
        prices.align(wide, ["A", "C", "C"])

    out = table.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    path = write_csv_atomic(out, tmp_path / "returns.csv")
    back = prices.read_returns(path)
    pd.testing.assert_frame_equal(back, wide, check_freq=False)
    back_log = prices.read_returns(path, kind="log")
    assert back_log.loc["2019-01-03", "A"] == pytest.approx(np.log(1.1))
    with pytest.raises(AnalysisError, match="file not found"):
        prices.read_returns(tmp_path / "nope.csv")


def test_yfinance_log_noise_becomes_part_of_one_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yf_cache: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    def noisy(ticker: str, **kwargs: Any) -> pd.DataFrame:
        logging.getLogger("yfinance").error("\n1 Failed download:\n['%s']: DNSError()", ticker)
        return pd.DataFrame()

    monkeypatch.setattr(yf, "download", noisy)
    with pytest.raises(AnalysisError, match=r"no data for ZS=F .*\(1 Failed download: "
                                            r"\['ZS=F'\]: DNSError\(\)\)"):
        prices.pull_prices(["ZS=F"], "2019-08-01", "2019-08-13", raw_dir=tmp_path)
    captured = capsys.readouterr()
    assert "Failed download" not in captured.err + captured.out
    assert logging.getLogger("yfinance").propagate is True  # restored


def test_require_tickers_names_the_file_when_given() -> None:
    prices.require_tickers(["A"], ["A", "B"])
    with pytest.raises(AnalysisError, match=r"^unknown ticker X, Y: r\.csv has B, A$"):
        prices.require_tickers(["X", "A", "Y", "X"], ["B", "A"], "r.csv")


def test_price_and_returns_frames_name_every_missing_column() -> None:
    frame = pd.DataFrame({"date": ["2019-08-01"], "close": [1.0]})
    with pytest.raises(AnalysisError,
                       match=r"^price frame: missing column\(s\) ticker, adj_close$"):
        prices.compute_returns(frame, price_col="adj_close")
    with pytest.raises(AnalysisError, match=r"^returns frame: missing column\(s\) ticker, ret$"):
        prices.returns_wide(frame)
