"""Atomic writes, groups of files replaced together, and the one user-facing error type.

Every artefact is written to a temporary file beside its target and renamed into place;
outputs that belong together go through :func:`replace_together` (or
:func:`write_together`), which replaces all of them or none, even across a kill. Temporary
files a killed run left behind are finished or removed by the next write into the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


class AnalysisError(Exception):
    """A problem with the user's input or environment.

    The CLI prints ``error: <message>`` on one line and exits non-zero, with no
    traceback. Messages name the file (or ticker) and the problem.
    """


LOCK_NAME: str = ".lock"
"""The advisory lock file every command that writes into an output folder holds."""
LOCK_WAIT_S: float = 600.0
"""How long a second run waits for an output folder before giving up (seconds)."""
_LOCK_POLL_S = 0.2


def _lock_holder(fd: int) -> str:
    # The holder writes its pid into the lock file; an empty file (a holder killed
    # before it wrote, or an old lock) gives "?".
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        if text.isdigit():
            return text
    return "?"


@contextmanager
def output_lock(folder: Path, wait: float = LOCK_WAIT_S,
                on_wait: Any = None) -> Iterator[Path]:
    """Hold the advisory lock of an output folder: one run writes into it at a time.

    ``fcntl.flock`` on ``folder/.lock`` (created with the folder when absent). The lock
    goes with the process, so a killed run never leaves the folder locked. While it is
    held the file names the holder's pid; it is emptied again on release, so the
    folder's bytes are the same before and after a run.

    Parameters
    ----------
    folder : Path
        The output folder.
    wait : float
        Seconds to wait for another run to finish; ``0`` fails at once.
    on_wait : callable, optional
        Called once with a message (``"<folder> is in use by pid N; waiting"``) when the
        folder is busy and the call waits.

    Raises
    ------
    AnalysisError
        ``<folder> is in use by pid N`` when the folder is still locked after ``wait``.
    OSError
        The folder cannot be created or the lock file opened (naming the folder).
    """
    folder = Path(folder)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666 & ~_current_umask())
    except OSError as exc:
        # A read-only folder: the write would fail the same way; name the folder.
        exc.filename = str(folder)
        raise
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise AnalysisError(
                        f"{folder} is in use by pid {_lock_holder(fd)} (another run writes "
                        "there; wait for it or choose another --out)") from None
                if not told and on_wait is not None:
                    on_wait(f"{folder} is in use by pid {_lock_holder(fd)}; waiting")
                    told = True
                time.sleep(_LOCK_POLL_S)
        with contextlib.suppress(OSError):  # a full disk must not stop the run here
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield folder / LOCK_NAME
        except BaseException:
            if created:
                _remove_if_only_lock(folder)
            raise
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


def _remove_if_only_lock(folder: Path) -> None:
    # A run that created its output folder and then failed leaves no folder behind.
    with contextlib.suppress(OSError):
        if [p.name for p in folder.iterdir()] == [LOCK_NAME]:
            (folder / LOCK_NAME).unlink()
            folder.rmdir()


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporaries are ``.<name>.<pid>-<random>.tmp`` beside their target and a group's commit
# record is ``.<pid>-<random>.together``: the pid tells a live writer's files from those
# a killed run left behind, which the next write into the folder finishes or removes.
_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)-[^.]+\.tmp$")
_LEGACY_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
_JOURNAL_SUFFIX = ".together"
# Temporaries in the older, pid-less naming are removed once they are this old (seconds).
_LEGACY_TEMP_AGE_S = 3600.0


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    # Directory fsync makes the renames durable; some file systems refuse it (harmless).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def finish_interrupted(folder: Path) -> None:
    """Complete group replacements a killed run had committed; remove its temporaries.

    A group's journal (``.<pid>-<random>.together``) is written only once every
    temporary is complete and synced, so finishing its renames is always safe: the
    folder then holds the whole new group, never a mix of old and new files. Writers call
    this before writing into a folder; readers of a cache may call it before reading.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(".") and name.endswith(_JOURNAL_SUFFIX)):
            continue
        pid = name[1:].split("-", 1)[0]
        if pid.isdigit() and _pid_alive(int(pid)):
            continue
        journal = folder / name
        try:
            moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
        except (OSError, ValueError, KeyError, TypeError):
            moves = []
        for tmp, target in moves:
            if Path(tmp).exists():
                os.replace(tmp, target)
        _fsync_dir(folder)
        journal.unlink(missing_ok=True)
    now = time.time()
    for name in names:
        match = _TEMP.match(name)
        stale = False
        if match is not None:
            stale = not _pid_alive(int(match["pid"]))
        elif _LEGACY_TEMP.match(name):
            with contextlib.suppress(OSError):
                stale = now - (folder / name).stat().st_mtime > _LEGACY_TEMP_AGE_S
        if stale:
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _name_the_path(exc: OSError, path: Path) -> None:
    # A failed read() or write() (ENOSPC, EIO) carries no file name; the CLI's error line
    # then names ``path`` (the file read, or the output folder written into) instead.
    if exc.filename is None and exc.errno is not None:
        exc.filename = str(path)


@contextmanager
def replace_together(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Yield one temporary path per target; on success replace every target together.

    The caller writes each temporary. When the block ends without an exception the
    temporaries are synced to disk, a commit record listing the moves is written, and
    every temporary is renamed onto its target; a run killed after the record is
    written is completed by the next write into the folder (:func:`finish_interrupted`).
    On any exception the temporaries are removed and every old file is left as it was,
    so outputs that belong together are never a mix of old and new.

    Parameters
    ----------
    paths : sequence of Path
        The files to replace (usually in one folder; the record lives beside the first).

    Yields
    ------
    list of Path
        Temporary paths, in the order of ``paths``, each beside its target.
    """
    targets = [Path(p) for p in paths]
    if len({t.resolve() for t in targets}) != len(targets):
        raise ValueError("replace_together: a target is listed twice")
    folders = list(dict.fromkeys(t.parent for t in targets))
    temps: list[Path] = []
    committed = False  # once the commit record exists, temporaries are the new files
    try:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            finish_interrupted(folder)
        for target in targets:
            try:
                fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-",
                                            suffix=".tmp", dir=target.parent)
            except OSError as exc:
                # Read-only or full folder: name the folder, not a random temporary.
                exc.filename = str(target.parent)
                raise
            os.close(fd)
            temps.append(Path(name))
        yield temps
        mode = 0o666 & ~_current_umask()
        for tmp in temps:
            # mkstemp creates 0600 files; give the artefact the mode a plain open() would.
            tmp.chmod(mode)
            _fsync_file(tmp)
        journal = None
        if len(targets) > 1:
            record = json.dumps({"moves": [[str(t.resolve()), str(p.resolve())]
                                           for t, p in zip(temps, targets, strict=True)]})
            fd, name = tempfile.mkstemp(prefix=f".together.{os.getpid()}-", suffix=".tmp",
                                        dir=folders[0])
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(record)
                handle.flush()
                os.fsync(handle.fileno())
            journal = folders[0] / f".{os.getpid()}-{secrets.token_hex(4)}{_JOURNAL_SUFFIX}"
            os.replace(name, journal)
            _fsync_dir(folders[0])
            committed = True
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
        for folder in folders:
            _fsync_dir(folder)
        if journal is not None:
            journal.unlink()
    except OSError as exc:
        _name_the_path(exc, folders[0])
        raise
    finally:
        # A rename that failed after the commit record leaves the record and the remaining
        # temporaries for the next writer to finish; before it, the old files stand.
        for tmp in temps if not committed else ():
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    A crash or exception leaves the previous file untouched and no partial file.
    """
    with replace_together([Path(path)]) as temps:
        yield temps[0]


# A text cell a spreadsheet would run as a formula: = @ (or a tab/CR), or + - not
# followed by a plain number or window label ("-0.5", "-1:1" stay as they are).
_RISKY_FIRST: frozenset[str] = frozenset("=@\t\r+-")
_FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?!\d+(\.\d+)?([eE][+-]?\d+)?(:-?\d+)?$)")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with text cells that a spreadsheet would evaluate prefixed by ``'``.

    An event id such as ``=cmd|'/c calc'!A1`` opens as a formula (and a DDE call) in
    Excel or LibreOffice; the leading apostrophe makes it text. Only text cells of
    object or string columns are touched: numbers (negative ones too) and window labels
    such as ``-1:1`` are written as they were. Returns ``df`` itself when nothing needs
    escaping.
    """
    out = df
    for col in df.columns:
        series = df[col]
        if not (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
            continue
        # One cheap first-character test per cell; the pattern only runs on the few
        # cells that start like a formula (this used to be a regex per cell, about half
        # the CPU of writing the events CSVs).
        values = series.to_numpy(dtype=object)
        text = np.fromiter(
            (isinstance(v, str) and v[:1] in _RISKY_FIRST
             and _FORMULA_START.match(v) is not None for v in values),
            dtype=bool, count=len(values))
        if not text.any():
            continue
        text = pd.Series(text, index=series.index)
        if out is df:
            out = df.copy()
        out[col] = series.where(~text, "'" + series.astype("string"))
    return out


def _write_one(content: pd.DataFrame | str | bytes, tmp: Path) -> None:
    if isinstance(content, pd.DataFrame):
        spreadsheet_safe(content).to_csv(tmp, index=False, lineterminator="\n",
                                         float_format="%.10g")
    elif isinstance(content, str):
        tmp.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        raise TypeError(f"cannot write {type(content).__name__} to {tmp}")


def write_together(items: Mapping[Path, pd.DataFrame | str | bytes]) -> list[Path]:
    """Write several artefacts and replace them as one group (see :func:`replace_together`).

    Parameters
    ----------
    items : mapping of Path to DataFrame, str or bytes
        A DataFrame is written as CSV (no index, ``%.10g`` floats, ``\\n`` endings,
        formula-like text cells escaped by :func:`spreadsheet_safe`, as
        :func:`write_csv_atomic`), a str as UTF-8 text, bytes as they are.

    Returns
    -------
    list of Path
        The targets, in order.
    """
    targets = [Path(p) for p in items]
    with replace_together(targets) as temps:
        for content, tmp in zip(items.values(), temps, strict=True):
            _write_one(content, tmp)
    return targets


def write_csv_atomic(df: pd.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Write ``df`` to CSV atomically with a stable float format and ``\\n`` endings."""
    with atomic_path(path) as tmp:
        spreadsheet_safe(df).to_csv(tmp, index=index, lineterminator="\n",
                                    float_format="%.10g")
    return Path(path)


def write_text_atomic(text: str, path: Path) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json_atomic(obj: Any, path: Path) -> Path:
    """Write JSON (sorted keys, indented) atomically."""
    return write_text_atomic(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", path)


def read_bytes(path: Path) -> bytes:
    """A file's bytes; an OSError from the read itself (EIO) names the file too."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        _name_the_path(exc, path)
        raise


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str | Path,
                    need: str = "") -> None:
    """Raise ``"<what>: missing column(s) a, b"`` unless ``frame`` has every one of ``columns``.

    The one check of a table's columns: ``what`` names the table (or its file) in the
    one-line error, ``need`` (optional) says what wants the columns (``"category
    dummies"`` gives ``"<what>: category dummies need column(s) a"``). A header read as
    one column split by another separator, or a missing name that stands in the header
    with spaces around it, adds a hint (:func:`separator_hint`, :func:`space_hint`).
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        says = f"{need} need" if need else "missing"
        raise AnalysisError(f"{what}: {says} column(s) {', '.join(missing)}"
                            f"{separator_hint(frame)}{space_hint(frame, missing)}")


def truthy(values: pd.Series) -> pd.Series:
    """A boolean column as read back from a CSV: ``True``/``true``/``1``/``yes`` are true.

    The one reading of the project's flag columns (``primary``, ``confirmatory``, the
    quality flags), whatever pandas parsed them as (bool, int or text).
    """
    return values.astype(str).str.strip().str.lower().isin(("true", "1", "yes"))


def read_csv_checked(path: Path, required: tuple[str, ...] = (), **kwargs: Any) -> pd.DataFrame:
    """Read a CSV, turning the usual failures into one-line :class:`AnalysisError`."""
    path = Path(path)
    if path.is_dir():
        raise AnalysisError(f"{path}: is a directory, not a CSV file")
    if not path.is_file():
        raise AnalysisError(f"{path}: file not found")
    try:
        df = pd.read_csv(path, **kwargs)
    except pd.errors.ParserError as exc:
        first = str(exc).splitlines()[0]
        fields = _FIELD_COUNT.search(first)
        if fields is not None:
            line, saw, expected = fields["line"], fields["saw"], fields["expected"]
            raise AnalysisError(f"{path}: line {line} has {saw} fields, the header {expected} "
                                "(a comma inside a value needs quotes)") from None
        raise AnalysisError(f"{path}: cannot parse CSV ({first})") from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"{path}: cannot parse CSV ({str(exc).splitlines()[0]})") from None
    except OSError as exc:
        _name_the_path(exc, path)
        raise
    if "index_col" not in kwargs and not isinstance(df.index, pd.RangeIndex):
        # pandas takes the first column(s) as an index when the first data row has more
        # fields than the header: every value would then sit under the wrong column.
        raise AnalysisError(f"{path}: line 2 has {len(df.columns) + df.index.nlevels} fields, "
                            f"the header {len(df.columns)} (a comma inside a value needs quotes)")
    require_columns(df, required, path)
    return df


_FIELD_COUNT = re.compile(r"Expected (?P<expected>\d+) fields in line (?P<line>\d+), "
                          r"saw (?P<saw>\d+)")


def space_hint(df: pd.DataFrame, missing: Sequence[str]) -> str:
    """A hint when a missing column is in the header with spaces around its name."""
    padded = [str(c) for c in df.columns if str(c) != str(c).strip()
              and str(c).strip() in missing]
    if not padded:
        return ""
    shown = ", ".join(repr(c) for c in padded)
    return f" (the header has {shown}: remove the spaces around the name)"


def separator_hint(df: pd.DataFrame) -> str:
    """A hint when the header was read as one column holding another separator."""
    if len(df.columns) != 1:
        return ""
    header = str(df.columns[0])
    for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
        if sep in header:
            return f" (the header is one column split by {name}: the file must be comma-separated)"
    return ""
