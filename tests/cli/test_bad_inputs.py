"""The bad-input corpus (issue 13): hostile inputs and faults, each through the real CLI.

Every case must end in exactly one ``error:`` line naming the file (or option, or
ticker) and the problem, exit code 2 (130 for Ctrl-C), no traceback, and the previous
outputs byte for byte as they were, with no temporary file left beside them. Cases that
need a small file system (full disk, read-only folder) mount a tmpfs when the tests run
as root and are skipped, with the reason, where that is not allowed.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yfinance as yf

from analysis import config
from analysis.cli import main
from analysis.events import table
from analysis.events.table import EVENT_DATE_SPAN, EVENT_TIMINGS
from analysis.io import LOCK_NAME
from analysis.market import prices

SNAPSHOT = config.SHARED_MARKET_DATA
SNAPSHOT_TICKERS = ("^GSPC", "ZS=F")
PRICES_ARGS = ["prices", "--tickers", "^GSPC,ZS=F", "--start", "2018-06-01",
               "--end", "2019-12-31"]

pytestmark = pytest.mark.skipif(not (SNAPSHOT / "manifest.json").is_file(),
                                reason=f"offline snapshot {SNAPSHOT} is absent")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real study inputs: events from the seeds, returns and flags from the snapshot."""
    root = tmp_path_factory.mktemp("inputs")
    mp = pytest.MonkeyPatch()
    mp.setenv("MARKET_DATA_DIR", str(SNAPSHOT))
    try:
        assert main(["events", "--out", str(root / "processed")]) == 0
        assert main([*PRICES_ARGS, "--out", str(root / "interim")]) == 0
    finally:
        mp.undo()
    return {"events": root / "processed" / "events.csv",
            "returns": root / "interim" / "returns.csv",
            "quality": root / "interim" / "quality.csv"}


def good_study(inputs: dict[str, Path], out: Path) -> None:
    """A good study's outputs in ``out``, which the bad run that follows must leave as they are.

    The study runs once per module; each case gets a byte-for-byte copy of its folder
    (lock file included), which is what a rerun would have written: the study is
    deterministic (``test_cli_study.py`` checks that reruns are byte-identical).
    """
    done = inputs["events"].parents[1] / "good-study"
    if not done.is_dir():
        assert main(study_args(inputs, done)) == 0
    shutil.copytree(done, out)


def study_args(inputs: dict[str, Path], out: Path, *extra: str,
               events: Path | None = None) -> list[str]:
    return ["study", "--events", str(events or inputs["events"]),
            "--returns-file", str(inputs["returns"]), "--quality-file", str(inputs["quality"]),
            "--permutations", "20", "--out", str(out), *extra]


def folder_bytes(path: Path) -> dict[str, bytes]:
    """Every file (hidden ones too: a left-over temporary is a failure), except the
    folder's advisory lock (:data:`analysis.io.LOCK_NAME`), which every run holds."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())
            if p.is_file() and p.name != LOCK_NAME}


def mount_tmpfs(where: Path, size: str, request: pytest.FixtureRequest) -> None:
    """A small tmpfs at ``where`` (unmounted after the test), or skip with the reason."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(where)], check=False))


def fill_up(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    free = shutil.disk_usage(folder).free
    (folder / "filler").write_bytes(b"x" * max(0, free - leave))


@dataclass
class Case:
    """One bad run: its arguments, what must not change, what the error line says."""

    argv: list[str]
    watch: Path
    says: list[str]
    code: int = 2
    context: list[Callable[[], None]] = field(default_factory=list)


Builder = Callable[[dict[str, Path], Path, pytest.MonkeyPatch, pytest.FixtureRequest], Case]
CASES: dict[str, Builder] = {}


def case(func: Builder) -> Builder:
    CASES[func.__name__] = func
    return func


# Operating-system errors ------------------------------------------------------------------

@case
def study_out_under_a_file(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                           request: pytest.FixtureRequest) -> Case:
    (tmp / "afile").write_text("keep me")
    return Case(study_args(inputs, tmp / "afile" / "sub"), tmp / "afile",
                [f"error: {tmp / 'afile' / 'sub'}: Not a directory"])


@case
def study_read_only_out(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                        request: pytest.FixtureRequest) -> Case:
    out = tmp / "ro"
    if os.geteuid() == 0:
        mount_tmpfs(out, "4m", request)
        assert main(study_args(inputs, out)) == 0
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        reason = "Read-only file system"
    else:
        assert main(study_args(inputs, out)) == 0
        out.chmod(0o555)
        request.addfinalizer(lambda: out.chmod(0o755))
        reason = "Permission denied"
    return Case(study_args(inputs, out, "--windows", "0:0"), out, [f"error: {out}: {reason}"])


def _articles_with(tmp: Path, extra: Callable[[Path], None]) -> tuple[list[str], Path]:
    """A good events run into ``out``, then the same folder with a bad file added."""
    folder = tmp / "articles"
    shutil.copytree(config.SEEDS_DIR, folder)
    out = tmp / "out"
    assert main(["events", "--articles", str(folder), "--out", str(out)]) == 0
    extra(folder)
    return ["events", "--articles", str(folder), "--out", str(out)], out


@case
def events_article_read_fails_with_eio(inputs: dict[str, Path], tmp: Path,
                                       mp: pytest.MonkeyPatch,
                                       request: pytest.FixtureRequest) -> Case:
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc/self/mem to produce a real EIO on this system")
    argv, out = _articles_with(tmp, lambda f: (f / "zz_bad.txt").symlink_to("/proc/self/mem"))
    return Case(argv, out, [f"error: {tmp / 'articles' / 'zz_bad.txt'}: Input/output error"])


@case
def events_article_unreadable(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                              request: pytest.FixtureRequest) -> Case:
    argv, out = _articles_with(tmp, lambda f: (f / "zz_bad.txt").write_text("text"))
    bad = tmp / "articles" / "zz_bad.txt"
    if os.geteuid() != 0:
        bad.chmod(0)
    else:  # root reads mode-000 files: raise what open() raises for everyone else
        real = pathlib.Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == bad.name:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real(self)

        mp.setattr(pathlib.Path, "read_bytes", read_bytes)
    return Case(argv, out, [f"error: {bad}: Permission denied"])


@case
def study_full_disk(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                    request: pytest.FixtureRequest) -> Case:
    out = tmp / "full"
    mount_tmpfs(out, "2m", request)
    assert main(study_args(inputs, out)) == 0
    (out / "keep").mkdir()  # the filler lives inside the tmpfs, beside the outputs
    fill_up(out / "keep", 40_000)
    return Case(study_args(inputs, out, "--windows", "-5:5,-2:2,-1:1,0:0,0:1,0:5"), out,
                [f"error: {out}: No space left on device"])


@case
def events_full_disk(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                     request: pytest.FixtureRequest) -> Case:
    out = tmp / "full"
    mount_tmpfs(out, "1m", request)
    assert main(["events", "--out", str(out)]) == 0
    (out / "keep").mkdir()
    fill_up(out / "keep", 12_000)
    return Case(["events", "--out", str(out)], out, [f"error: {out}: No space left on device"])


# Malformed inputs -------------------------------------------------------------------------

def _bad_events(inputs: dict[str, Path], tmp: Path, text: str, says: list[str]) -> Case:
    out = tmp / "out"
    good_study(inputs, out)
    events = tmp / "events.csv"
    events.write_text(text)
    return Case(study_args(inputs, out, events=events), out, [str(events), *says])


@case
def ambiguous_day_month_order(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                              request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-08-01\nB,07/08/2019\nC,13/08/2019\n",
                       ["line 3: event B: date '07/08/2019'", "YYYY-MM-DD"])


@case
def unknown_timing(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                   request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date,timing\nA,2019-08-01,lunch\n",
                       ["line 2: event A: unknown timing 'lunch'", ", ".join(EVENT_TIMINGS)])


@case
def semicolon_separated_events(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                               request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id;date\nA;2019-08-01\n",
                       ["missing column(s) event_id, date", "semicolons", "comma-separated"])


@case
def events_date_with_zone_but_no_time(inputs: dict[str, Path], tmp: Path,
                                      mp: pytest.MonkeyPatch,
                                      request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-08-01Z\n",
                       ["line 2: event A: date '2019-08-01Z' has a time zone but no time"])


def _out_of_span(day: str) -> Builder:
    def build(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
              request: pytest.FixtureRequest) -> Case:
        lo, hi = EVENT_DATE_SPAN
        return _bad_events(inputs, tmp, f"event_id,date\nA,2019-08-01\nZ9,{day}\n",
                           [f"line 3: event Z9: date '{day}' is outside the supported span "
                            f"{lo}..{hi}"])
    return build


for _day, _name in (("9999-12-31", "year_9999"), ("1900-01-02", "year_1900"),
                    ("2100-01-01", "year_2100"), ("1900", "year_only_1900"),
                    ("9999-12-31T23:59Z", "timestamp_9999")):
    CASES[f"events_date_{_name}"] = _out_of_span(_day)


@case
def events_impossible_day(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                          request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-02-30\n",
                       ["line 2: event A: date '2019-02-30' is not a calendar date"])


@case
def events_unreadable_date(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                           request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-08-01\nB,soon\n",
                       ["line 3: event B: date 'soon' is not a date"])


@case
def events_timing_contradicts_timestamp(inputs: dict[str, Path], tmp: Path,
                                        mp: pytest.MonkeyPatch,
                                        request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp,
                       "event_id,date,timing\nA,2019-08-01T23:30:00-04:00,before_open\n",
                       ["line 2: event A: timing 'before_open' contradicts the time",
                        "after_close in America/New_York"])


@case
def events_year_with_day_precision(inputs: dict[str, Path], tmp: Path,
                                   mp: pytest.MonkeyPatch,
                                   request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date,date_precision\nA,2019,day\n",
                       ["line 2: event A: date '2019' has no day"])


@case
def events_unknown_category(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                            request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date,category\nA,2019-08-01,tarif\n",
                       ["line 2: event A: unknown category 'tarif' (expected one of talks, "
                        "tariff, agriculture, tech, currency, other or empty)"])


@case
def events_unknown_direction(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                             request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date,direction\nA,2019-08-01,up\n",
                       ["unknown direction 'up' (expected one of escalation, de-escalation, "
                        "neutral or empty)"])


@case
def events_unknown_status(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                          request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date,status\nA,2019-08-01,rumoured\n",
                       ["unknown status 'rumoured' (expected one of scheduled, announced, "
                        "occurred or empty)"])


@case
def events_row_longer_than_header(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                                  request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-08-01,x\nB,2019-08-02,y\n",
                       ["line 2 has 3 fields, the header 2"])


@case
def events_later_row_longer_than_header(inputs: dict[str, Path], tmp: Path,
                                        mp: pytest.MonkeyPatch,
                                        request: pytest.FixtureRequest) -> Case:
    return _bad_events(inputs, tmp, "event_id,date\nA,2019-08-01\nB,2019-08-02,y\n",
                       ["line 3 has 3 fields, the header 2"])


@case
def events_file_too_long(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                         request: pytest.FixtureRequest) -> Case:
    # The bound scaled down (a real million-row file would make the test slow): one row
    # past it is refused before any row is parsed or any day 0 mapped.
    rows = "".join(f"E{i},2019-08-0{i + 1}\n" for i in range(6))
    bad = _bad_events(inputs, tmp, "event_id,date\n" + rows,
                      ["6 events; at most 5 per run (split the file"])
    mp.setattr(table, "MAX_EVENTS", 5)  # after the good run _bad_events makes first
    return bad


@case
def events_file_is_a_directory(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                               request: pytest.FixtureRequest) -> Case:
    out = tmp / "out"
    good_study(inputs, out)
    (tmp / "events.csv").mkdir()
    return Case(study_args(inputs, out, events=tmp / "events.csv"), out,
                [f"{tmp / 'events.csv'}: is a directory"])


def _study_option(extra: list[str], says: str) -> Builder:
    def build(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
              request: pytest.FixtureRequest) -> Case:
        out = tmp / "out"
        good_study(inputs, out)
        return Case([*study_args(inputs, out), *extra], out, [says])
    return build


CASES["huge_permutations"] = _study_option(
    ["--permutations", "1000000000000"],
    "--permutations must be at most 100,000, not 1,000,000,000,000")
CASES["estimation_too_long"] = _study_option(
    ["--estimation", "-100000:-11"],
    "--estimation -100000:-11 reaches beyond 2520 sessions from day 0 (allowed: -2520..2520)")
CASES["event_window_too_long"] = _study_option(
    ["--windows", "0:5000"],
    "--windows 0:5000 reaches beyond 250 sessions from day 0 (allowed: -250..250)")


@case
def regress_window_too_long(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                            request: pytest.FixtureRequest) -> Case:
    out = tmp / "out"
    out.mkdir()
    (out / "regressions.csv").write_text("keep me\n")
    return Case(["regress", "--events", str(inputs["events"]), "--returns-file",
                 str(inputs["returns"]), "--window", "-1:999", "--out", str(out)], out,
                ["--window -1:999 reaches beyond 250 sessions"])


@case
def negative_permutations(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                          request: pytest.FixtureRequest) -> Case:
    out = tmp / "out"
    good_study(inputs, out)
    return Case([*study_args(inputs, out), "--permutations", "-5"], out,
                ["--permutations must be 0 or more, not -5"])


@case
def bad_overrides_row(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                      request: pytest.FixtureRequest) -> Case:
    out = tmp / "out"
    assert main(["events", "--out", str(out)]) == 0
    overrides = tmp / "overrides.csv"
    overrides.write_text("action,event_id\nfrobnicate,E1\n")
    return Case(["events", "--out", str(out), "--overrides", str(overrides)], out,
                [f"{overrides} line 2: action 'frobnicate'"])


def _snapshot_copy(tmp: Path) -> Path:
    snap = tmp / "snapshot"
    snap.mkdir()
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text(encoding="utf-8"))
    manifest["tickers"] = {t: manifest["tickers"][t] for t in SNAPSHOT_TICKERS}
    for entry in manifest["tickers"].values():
        (snap / entry["file"]).symlink_to(SNAPSHOT / entry["file"])
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return snap


def _bad_manifest(tmp: Path, mp: pytest.MonkeyPatch, edit: Callable[[dict], None],
                  says: list[str]) -> Case:
    snap = _snapshot_copy(tmp)
    mp.setenv("MARKET_DATA_DIR", str(snap))
    out = tmp / "out"
    assert main([*PRICES_ARGS, "--out", str(out)]) == 0
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return Case([*PRICES_ARGS, "--out", str(out)], out, [str(snap / "manifest.json"), *says])


@case
def manifest_entry_without_sha256(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                                  request: pytest.FixtureRequest) -> Case:
    return _bad_manifest(tmp, mp, lambda m: m["tickers"]["^GSPC"].pop("sha256"),
                         ["entry for ^GSPC has no valid sha256"])


@case
def manifest_entry_is_a_string(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                               request: pytest.FixtureRequest) -> Case:
    return _bad_manifest(tmp, mp, lambda m: m["tickers"].__setitem__("ZS=F", "ZS_F.csv"),
                         ["entry for ZS=F is a str, not a mapping"])


@case
def manifest_file_outside_the_snapshot(inputs: dict[str, Path], tmp: Path,
                                       mp: pytest.MonkeyPatch,
                                       request: pytest.FixtureRequest) -> Case:
    (tmp / "x.csv").symlink_to(SNAPSHOT / "ZS_F.csv")  # same bytes: the sha256 matches
    return _bad_manifest(tmp, mp, lambda m: m["tickers"]["ZS=F"].__setitem__("file",
                                                                             "../x.csv"),
                         ["entry for ZS=F: 'file' '../x.csv' points outside"])


@case
def manifest_file_absolute(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                           request: pytest.FixtureRequest) -> Case:
    target = str(SNAPSHOT / "ZS_F.csv")
    return _bad_manifest(tmp, mp, lambda m: m["tickers"]["ZS=F"].__setitem__("file", target),
                         [f"entry for ZS=F: 'file' '{target}' must be a file name relative"])


@case
def manifest_file_with_nul(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                           request: pytest.FixtureRequest) -> Case:
    return _bad_manifest(tmp, mp, lambda m: m["tickers"]["ZS=F"].__setitem__("file",
                                                                             "ZS\x00.csv"),
                         ["entry for ZS=F: 'file' 'ZS\\x00.csv' contains a NUL byte"])


@case
def manifest_file_is_a_directory(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                                 request: pytest.FixtureRequest) -> Case:
    def edit(m: dict) -> None:
        (tmp / "snapshot" / "adir.csv").mkdir()
        m["tickers"]["ZS=F"]["file"] = "adir.csv"

    case = _bad_manifest(tmp, mp, edit, [])
    case.says = [f"{tmp / 'snapshot' / 'adir.csv'}: is a directory, not a price file"]
    return case


@case
def short_refresh(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                  request: pytest.FixtureRequest) -> Case:
    """A download that returns only the last rows must not replace a good cache."""
    raw = tmp / "raw"
    mp.setenv("MARKET_DATA_DIR", "")
    mp.setattr(config, "RAW_DIR", raw)
    mp.setattr(config, "YF_CACHE_DIR", tmp / "yfcache")
    mp.setattr(yf, "set_tz_cache_location", lambda where: None)
    tail: list[int | None] = [None]

    def download(ticker: str, start: str, end: str, **kwargs: object) -> pd.DataFrame:
        bars = pd.read_csv(SNAPSHOT / prices.ticker_file_name(ticker), index_col="Date",
                           parse_dates=True)
        bars = bars.loc[start:(pd.Timestamp(end) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")]
        return bars if tail[0] is None else bars.tail(tail[0])

    mp.setattr(yf, "download", download)
    argv = ["prices", "--tickers", "^GSPC", "--start", "2019-01-02", "--end", "2019-06-28",
            "--out", str(tmp / "out")]
    assert main([*argv, "--refresh"]) == 0
    tail[0] = 5
    return Case([*argv, "--refresh"], raw,
                ["yfinance returned 5 bar(s) 2019-06-24..2019-06-28 for ^GSPC: starts after",
                 "the cache was left as it was"])


def _edited_zs(tmp: Path, edit: Callable[[str], str]) -> Path:
    """A snapshot copy whose ZS=F file has each line passed through ``edit`` (the
    manifest checksum updated, so only the plausibility checks can catch it)."""
    snap = _snapshot_copy(tmp)
    zs = snap / "ZS_F.csv"
    lines = [edit(ln) for ln in zs.resolve().read_text(encoding="utf-8").splitlines()]
    zs.unlink()
    zs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    manifest["tickers"]["ZS=F"]["sha256"] = prices.sha256_file(zs)
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return snap


def _line_of(day: str) -> int:
    names = (SNAPSHOT / "ZS_F.csv").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(names, start=1) if ln.startswith(day))


def _bad_price(tmp: Path, mp: pytest.MonkeyPatch, day: str, column: int, value: str,
               says: list[str]) -> Case:
    """A good prices run, then the same run on a snapshot with one bad cell."""
    out = tmp / "out"
    mp.setenv("MARKET_DATA_DIR", str(SNAPSHOT))
    assert main([*PRICES_ARGS, "--out", str(out)]) == 0

    def edit(line: str) -> str:
        if not line.startswith(day):
            return line
        cells = line.split(",")
        cells[column] = value
        return ",".join(cells)

    snap = _edited_zs(tmp, edit)
    mp.setenv("MARKET_DATA_DIR", str(snap))
    return Case([*PRICES_ARGS, "--out", str(out)], out,
                [str(snap / "ZS_F.csv"), f"at line {_line_of(day)}", *says])


@case
def price_inf(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
              request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 4, "inf",
                      ["non-finite value inf in column Close"])


@case
def price_minus_inf_adj_close(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                              request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 5, "-Infinity",
                      ["non-finite value -inf in column Adj Close"])


@case
def price_overflows_1e309(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                          request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 2, "1e309", ["non-finite value inf in column High"])


@case
def price_1e308(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 4, "1e308",
                      ["implausible (beyond 1e+09) value 1e+308 in column Close"])


@case
def price_nan_word(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                   request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 4, "nan", ["non-numeric value 'nan' in column Close"])


@case
def negative_volume(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                    request: pytest.FixtureRequest) -> Case:
    return _bad_price(tmp, mp, "2019-08-01", 6, "-6821", ["negative volume -6821"])


@case
def returns_file_with_inf(inputs: dict[str, Path], tmp: Path, mp: pytest.MonkeyPatch,
                          request: pytest.FixtureRequest) -> Case:
    out = tmp / "out"
    good_study(inputs, out)
    lines = inputs["returns"].read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ",ZS=F," in ln and ln.startswith("2019-08-01"))
    cells = lines[at].split(",")
    cells[3] = "inf"
    lines[at] = ",".join(cells)
    bad = tmp / "returns.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = study_args(inputs, out)
    argv[argv.index(str(inputs["returns"]))] = str(bad)
    return Case(argv, out, [f"{bad}: non-finite return inf at line {at + 1}"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_error_line_and_keeps_outputs(
        name: str, inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> None:
    bad = CASES[name](inputs, tmp_path, monkeypatch, request)
    before = folder_bytes(bad.watch)
    capsys.readouterr()
    code = main(bad.argv)
    err = capsys.readouterr().err
    assert code == bad.code, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert "Traceback" not in err
    for text in bad.says:
        assert text in errors[0]
    assert folder_bytes(bad.watch) == before  # old outputs intact, no temporary left


# Faults that need a real process ----------------------------------------------------------

def test_oserror_in_a_real_process_has_no_traceback(inputs: dict[str, Path],
                                                    tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    done = subprocess.run([sys.executable, "-m", "analysis",
                           *study_args(inputs, tmp_path / "afile" / "sub")],
                          capture_output=True, text=True, cwd=config.ROOT, check=False)
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path / 'afile' / 'sub'}: Not a directory\n"


def _default_sigint() -> None:
    # A background job (``make test &``) inherits SIGINT ignored; a user's terminal does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("delay", [0.3, 1.0])
def test_ctrl_c_early_is_one_line_and_130(inputs: dict[str, Path], tmp_path: Path,
                                          delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "analysis",
                             *study_args(inputs, tmp_path / "out")],
                            cwd=config.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_default_sigint)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip(f"the run finished within {delay} s, before the interrupt")
    # 130, or death by SIGINT (which a shell also reports as 130): CPython re-sends SIGINT
    # to itself at exit when a KeyboardInterrupt once escaped a nested PyRun_* call in a
    # library, even though the CLI caught it.
    assert proc.returncode in (130, -signal.SIGINT), err
    assert err.endswith("error: interrupted\n") and "Traceback" not in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob(".*.tmp"))


# No silent wrong numbers ------------------------------------------------------------------

def test_zero_price_never_yields_a_return(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    snap = _snapshot_copy(tmp_path)
    zs = snap / "ZS_F.csv"
    lines = zs.resolve().read_text(encoding="utf-8").splitlines()
    lines = [",".join([ln[:10], "0", "0", "0", "0", "0", ln.rsplit(",", 1)[1]])
             if ln.startswith("2019-08-01") else ln for ln in lines]
    zs.unlink()
    zs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    manifest["tickers"]["ZS=F"]["sha256"] = prices.sha256_file(zs)
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setenv("MARKET_DATA_DIR", str(snap))
    interim = tmp_path / "interim"
    assert main([*PRICES_ARGS, "--out", str(interim)]) == 0
    rets = pd.read_csv(interim / "returns.csv").set_index(["ticker", "date"])
    assert np.isnan(rets.loc[("ZS=F", "2019-08-01"), "ret"])
    assert np.isnan(rets.loc[("ZS=F", "2019-08-02"), "ret"])
    assert np.isfinite(rets["ret"].dropna()).all() and (rets["ret"].dropna() > -1).all()
    events = tmp_path / "events.csv"
    events.write_text("event_id,date\nA,2019-08-01\nB,2019-08-02\nC,2019-06-03\n")
    for extra in ([], ["--drop-flagged"]):
        out = tmp_path / f"out{len(extra)}"
        assert main(["study", "--events", str(events), "--returns-file",
                     str(interim / "returns.csv"), "--quality-file", str(interim / "quality.csv"),
                     "--tickers", "ZS=F", "--model", "constant", "--permutations", "20",
                     "--out", str(out), *extra]) == 0
        car = pd.read_csv(out / "event_study.csv", keep_default_na=False)
        ar = pd.read_csv(out / "abnormal_returns.csv")
        assert np.isfinite(ar["ar"].dropna()).all()
        values = pd.to_numeric(car["car"], errors="coerce").dropna()
        assert (values > -0.5).all(), car[["event_id", "window", "car", "reason"]]
        a_day0 = car[(car["event_id"] == "A") & (car["window"] == "0:0")].iloc[0]
        assert a_day0["car"] == "" and "2019-08-01:nonpositive_price" in a_day0["flags"]


@pytest.mark.parametrize(("kind", "days"), [
    ("spike", {"2019-08-01"}),  # one bad x10 print, back to normal the next day
    ("level_shift", None),      # x10 from 2019-08-01 on (an unadjusted unit change)
])
def test_x10_price_is_flagged_and_yields_no_return(
        kind: str, days: set[str] | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def x10(line: str) -> str:
        day = line[:10]
        if not day[:1].isdigit() or day < "2019-08-01" or (days is not None and day not in days):
            return line
        cells = line.split(",")
        return ",".join([cells[0], *(f"{float(c) * 10:g}" for c in cells[1:6]), cells[6]])

    monkeypatch.setenv("MARKET_DATA_DIR", str(_edited_zs(tmp_path, x10)))
    interim = tmp_path / "interim"
    assert main([*PRICES_ARGS, "--out", str(interim)]) == 0
    assert f"ZS=F {kind} (1): 2019-08-01" in capsys.readouterr().out
    flags = pd.read_csv(interim / "quality.csv", keep_default_na=False)
    row = flags[(flags["ticker"] == "ZS=F") & (flags["date"] == "2019-08-01")]
    assert row["flag"].tolist() == [kind]
    assert not flags.loc[flags["ticker"] == "ZS=F", "flag"].str.contains(
        "spike|level_shift").drop(row.index).any()  # the move back is not a second flag
    rets = pd.read_csv(interim / "returns.csv").set_index(["ticker", "date"])
    assert np.isnan(rets.loc[("ZS=F", "2019-08-01"), "ret"])
    if kind == "spike":  # the return back from the bad print is not computed either
        assert np.isnan(rets.loc[("ZS=F", "2019-08-02"), "ret"])
    else:  # on the new level the returns are the real ones
        assert rets.loc[("ZS=F", "2019-08-02"), "ret"] == pytest.approx(850.25 / 847 - 1)
    assert (rets["ret"].dropna().abs() < 0.5).all()
    events = tmp_path / "events.csv"
    events.write_text("event_id,date\nA,2019-08-01\nB,2019-08-02\nC,2019-06-03\n")
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["study", "--events", str(events), "--returns-file",
                 str(interim / "returns.csv"), "--quality-file", str(interim / "quality.csv"),
                 "--tickers", "ZS=F,^GSPC", "--permutations", "20", "--out", str(out)]) == 0
    assert "spike/level_shift sessions excluded (no return): ZS=F 1" in capsys.readouterr().out
    car = pd.read_csv(out / "event_study.csv", keep_default_na=False)
    ar = pd.read_csv(out / "abnormal_returns.csv")
    assert (ar["ar"].dropna().abs() < 0.5).all()
    values = pd.to_numeric(car["car"], errors="coerce").dropna()
    assert (values.abs() < 0.5).all(), car[["event_id", "window", "car", "reason"]]
    a_day0 = car[(car["ticker"] == "ZS=F") & (car["event_id"] == "A") & (car["window"] == "0:0")]
    assert (a_day0["car"] == "").all()
    assert a_day0["flags"].str.contains(f"2019-08-01:{kind}").all()


def test_long_gap_is_flagged_not_one_days_return(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    snap = _snapshot_copy(tmp_path)
    zs = snap / "ZS_F.csv"
    lines = [ln for ln in zs.resolve().read_text(encoding="utf-8").splitlines()
             if not "2019-07-01" <= ln[:10] <= "2019-07-31"]
    zs.unlink()
    zs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    manifest["tickers"]["ZS=F"]["sha256"] = prices.sha256_file(zs)
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setenv("MARKET_DATA_DIR", str(snap))
    assert main([*PRICES_ARGS, "--out", str(tmp_path / "out")]) == 0
    rets = pd.read_csv(tmp_path / "out" / "returns.csv").set_index(["ticker", "date"])
    assert np.isnan(rets.loc[("ZS=F", "2019-08-01"), "ret"])
    flags = pd.read_csv(tmp_path / "out" / "quality.csv", keep_default_na=False)
    row = flags[(flags["ticker"] == "ZS=F") & (flags["date"] == "2019-08-01")]
    assert row["flag"].tolist() == ["gap"]


def test_every_car_empty_says_so(inputs: dict[str, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(study_args(inputs, tmp_path, "--min-estimation", "100000")) == 0
    captured = capsys.readouterr()
    assert "some window" not in captured.out
    assert "no event has a CAR in any window" in captured.out
    assert captured.err.startswith("warning: no event has a CAR in any window (most often: "
                                   "estimation window too short")


def test_events_warnings_go_to_stderr(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(config.SEEDS_DIR, folder)
    first = sorted(folder.glob("*.txt"))
    shutil.copy(first[0], folder / "zz_copy.txt")
    (folder / "metadata.csv").write_text(
        f"article_id,published\n{first[1].stem},1900-01-01\n{first[2].stem},2099-07-01\n")
    assert main(["events", "--articles", str(folder), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "warning:" not in captured.out
    warnings = captured.err.splitlines()
    assert f"warning: {folder / 'zz_copy.txt'}: duplicate of {first[0].stem}" in warnings
    for stem, day in ((first[1].stem, "1900-01-01"), (first[2].stem, "2099-07-01")):
        assert any(w.startswith(f"warning: {folder / 'metadata.csv'}: {stem}: published {day}"
                                " is outside 1990..") and "ignored" in w for w in warnings)
    # Ignored, not used: neither article is dated from the typo, no event lands there.
    arts = pd.read_csv(tmp_path / "out" / "articles.csv", keep_default_na=False)
    arts = arts.set_index("article_id")
    for stem in (first[1].stem, first[2].stem):
        assert arts.loc[stem, "published_source"] != "metadata"
        assert not arts.loc[stem, "published"].startswith(("1900", "2099"))
    events = pd.read_csv(tmp_path / "out" / "events.csv", keep_default_na=False)
    assert not events["date"].str.startswith(("1900", "2098", "2099", "2100")).any()


# make keeps good outputs ------------------------------------------------------------------

@pytest.fixture
def make_tree(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A tree for the real Makefile: sources linked, data (and external inputs) copied."""
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(config.ROOT / "Makefile", tree / "Makefile")
    for name in ("analysis", "seeds", "pyproject.toml", ".venv"):
        (tree / name).symlink_to(config.ROOT / name)
    data = tree / "data"
    shutil.copytree(config.ROOT / "data" / "external", data / "external")
    for sub in ("interim", "processed"):
        (data / sub).mkdir()
    env = dict(os.environ, ANALYSIS_DATA_DIR=str(data),
               MARKET_DATA_DIR=str(_snapshot_copy_all(tmp_path)))
    yield tree, env


def _snapshot_copy_all(tmp: Path) -> Path:
    snap = tmp / "snapshot-all"
    snap.mkdir()
    for path in SNAPSHOT.iterdir():
        if path.suffix == ".csv":
            (snap / path.name).symlink_to(path)
    shutil.copy(SNAPSHOT / "manifest.json", snap / "manifest.json")
    return snap


def _make(tree: Path, env: dict[str, str], *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *targets], cwd=tree, env=env,
                          capture_output=True, text=True, check=False)


@pytest.mark.slow  # a size/power simulation or a whole `make` run: make test-fast skips it
def test_make_keeps_good_outputs_when_a_command_fails(
        make_tree: tuple[Path, dict[str, str]]) -> None:
    tree, env = make_tree
    assert _make(tree, env, "events", "prices").returncode == 0
    assert _make(tree, env, "-q", "events", "prices").returncode == 0  # rerun: nothing to do
    processed = folder_bytes(tree / "data" / "processed")
    interim = folder_bytes(tree / "data" / "interim")
    assert len(processed) == 3 and len(interim) == 4

    time.sleep(1.1)  # a newer mtime for make
    with open(tree / "data" / "external" / "events_curated.csv", "a",
              encoding="utf-8") as handle:
        handle.write("frobnicate,E1,,,,,\n")
    manifest = Path(env["MARKET_DATA_DIR"]) / "manifest.json"
    manifest.write_text("{not json", encoding="utf-8")

    for target in ("events", "prices"):
        done = _make(tree, env, target)
        assert done.returncode != 0
        assert "error:" in done.stderr and "Traceback" not in done.stderr
    assert folder_bytes(tree / "data" / "processed") == processed
    assert folder_bytes(tree / "data" / "interim") == interim
    assert _make(tree, env, "-q", "events").returncode != 0  # still out of date: retried


# One run per output folder ----------------------------------------------------------------

_HOLD = ("import sys, time\n"
         "from pathlib import Path\n"
         "from analysis.io import output_lock\n"
         "with output_lock(Path(sys.argv[1])):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(float(sys.argv[2]))\n")


def _holder(out: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(out), str(seconds)],
                            cwd=config.ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_on_a_busy_folder_exits_2_naming_the_pid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _holder(out, 60)
    try:
        done = subprocess.run([sys.executable, "-m", "analysis", "events", "--out", str(out)],
                              capture_output=True, text=True, cwd=config.ROOT, check=False,
                              env=dict(os.environ, ANALYSIS_LOCK_WAIT_S="0"))
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {out} is in use by pid {holder.pid} ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing written


def test_second_run_waits_for_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _holder(out, 600)
    run = subprocess.Popen([sys.executable, "-m", "analysis", "events", "--out", str(out)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           cwd=config.ROOT)
    try:
        assert run.stderr is not None
        note = run.stderr.readline()  # the waiting run says so, then blocks on the lock
        assert note == f"note: {out} is in use by pid {holder.pid}; waiting\n"
        assert not (out / "events.csv").exists()
    finally:
        holder.kill()  # the lock goes with the process
        holder.wait()
    _, rest = run.communicate(timeout=300)
    assert run.returncode == 0, rest
    assert (out / "events.csv").is_file() and (out / LOCK_NAME).read_bytes() == b""


@pytest.mark.slow  # three whole studies in parallel processes: make test-fast skips it
def test_concurrent_studies_leave_one_consistent_group(inputs: dict[str, Path],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "analysis",
                               *study_args(inputs, out, "--windows", w, "--model", "constant",
                                           "--tickers", "^GSPC")],
                              cwd=config.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for w in ("0:0", "0:1", "-1:1")]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    car = pd.read_csv(out / "event_study.csv")
    caar = pd.read_csv(out / "caar.csv")
    assert car["window"].nunique() == 1  # every table from the same (last) run
    assert set(caar["window"]) == set(car["window"])


# Event dates are exact or carried without a day 0 ------------------------------------------

def test_event_date_span_lies_within_the_calendars() -> None:
    from analysis.market.calendars import CALENDAR_SPAN
    lo, hi = EVENT_DATE_SPAN
    assert CALENDAR_SPAN[0] <= lo <= hi <= CALENDAR_SPAN[1]


def test_event_timestamps_use_new_york_time_and_the_close(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    # 2019-08-01 is a Thursday. 23:30 at -05:00 is 00:30 EDT on Friday (before the open);
    # 14:00Z is 10:00 EDT (in session); 21:00Z is 17:00 EDT (after the close); 10:00 at
    # +08:00 (Beijing) is 22:00 EDT the evening before; a plain day keeps its session.
    events.write_text("event_id , date \n"
                      "A,2019-08-01T23:30:00-05:00\nB,2019-08-01T14:00Z\n"
                      "C,2019-08-01T21:00:00Z\nD,2019-08-01T10:00:00+08:00\nE,2019-08-01\n"
                      "Y,2019\nM,2019-08\n")
    out = tmp_path / "out"
    assert main(study_args(inputs, out, "--tickers", "^GSPC", "--model", "constant",
                           events=events)) == 0
    car = pd.read_csv(out / "event_study.csv", keep_default_na=False)
    day0 = car.groupby("event_id")["day0"].first().to_dict()
    assert day0 == {"A": "2019-08-02", "B": "2019-08-01", "C": "2019-08-02",
                    "D": "2019-08-01", "E": "2019-08-01", "Y": "", "M": ""}
    reasons = car.groupby("event_id")["reason"].first()
    assert "year-precision date 2019: no day 0" in reasons["Y"]  # no invented 2019-01-02
    assert "month-precision date 2019-08: no day 0" in reasons["M"]
    assert (car.loc[car["event_id"].isin(["Y", "M"]), "car"] == "").all()


def test_year_only_event_gets_no_regression_dummy(inputs: dict[str, Path],
                                                  tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("event_id,date\nA,2019-08-01\nY,2019\n")
    out = tmp_path / "out"
    assert main(["regress", "--events", str(events), "--returns-file", str(inputs["returns"]),
                 "--dummies", "day", "--out", str(out)]) == 0
    table = pd.read_csv(out / "regressions.csv", keep_default_na=False)
    assert not table.astype(str).apply(lambda c: c.str.contains("2019-01-02")).any().any()
    assert not table.astype(str).apply(lambda c: c.str.fullmatch("Y")).any().any()


def test_formula_like_ids_are_escaped_in_output_csvs(inputs: dict[str, Path],
                                                     tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("event_id,date\n\"=cmd|'/c calc'!A1\",2019-08-01\n@SUM(A1),2019-08-05\n"
                      "+A2,2019-08-06\n-A3,2019-08-07\nplain,2019-08-08\n")
    out = tmp_path / "out"
    assert main(study_args(inputs, out, "--tickers", "^GSPC", "--model", "constant",
                           events=events)) == 0
    for name in ("event_study.csv", "abnormal_returns.csv"):
        ids = set(pd.read_csv(out / name, keep_default_na=False)["event_id"])
        assert ids == {"'=cmd|'/c calc'!A1", "'@SUM(A1)", "'+A2", "'-A3", "plain"}
    car = pd.read_csv(out / "event_study.csv", keep_default_na=False)
    assert set(car["window"]) >= {"-1:1", "-5:5"}  # labels that are not formulas stay
    assert pd.to_numeric(car["car"], errors="coerce").lt(0).any()  # numbers stay numbers


# Nothing in the articles folder is skipped without a word --------------------------------

def test_every_skipped_path_is_listed_with_its_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(config.SEEDS_DIR, folder)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")  # never opened: reading it would block the run
    (folder / "adir.txt").mkdir()
    (folder / "page.txt").write_text("<!DOCTYPE html><html><head><title>Tariffs</title>"
                                     "</head><body><p>On August 1, 2019 ...</p></body></html>")
    (folder / "page.html").write_text("<html><body>x</body></html>")
    (folder / "notes.md").write_text("to do")
    out = tmp_path / "out"
    assert main(["events", "--articles", str(folder), "--out", str(out)]) == 0
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("article_id")
    expected = {
        "dangling": "dangling symlink (target",
        "pipe": "not a regular file (FIFO)",
        "adir": "a folder, not an article file",
        "page": "HTML, not plain text",
        "page.html": "skipped: not a .txt file",
        "notes.md": "skipped: not a .txt file",
    }
    warnings = capsys.readouterr().err.splitlines()
    for article_id, problem in expected.items():
        assert problem in arts.loc[article_id, "problem"], article_id
        assert arts.loc[article_id, "published_source"] == "skipped"
        name = article_id if "." in article_id else f"{article_id}.txt"
        assert any(w.startswith(f"warning: {folder / name}: {problem}") for w in warnings), name
    assert len(arts) == len(list(config.SEEDS_DIR.glob("*.txt"))) + len(expected)
    events = pd.read_csv(out / "events.csv", keep_default_na=False)
    assert not events["articles"].str.contains("page").any()
