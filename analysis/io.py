"""Atomic writes and the project's one user-facing error type."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd


class AnalysisError(Exception):
    """A problem with the user's input or environment.

    The CLI prints ``error: <message>`` on one line and exits non-zero, with no
    traceback. Messages name the file (or ticker) and the problem.
    """


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    A crash or exception leaves the previous file untouched and no partial file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates 0600 files; give the artefact the mode a plain open() would.
        tmp.chmod(0o666 & ~_current_umask())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_csv_atomic(df: pd.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Write ``df`` to CSV atomically with a stable float format and ``\\n`` endings."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=index, lineterminator="\n", float_format="%.10g")
    return Path(path)


def write_text_atomic(text: str, path: Path) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json_atomic(obj: Any, path: Path) -> Path:
    """Write JSON (sorted keys, indented) atomically."""
    return write_text_atomic(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", path)


def read_csv_checked(path: Path, required: tuple[str, ...] = (), **kwargs: Any) -> pd.DataFrame:
    """Read a CSV, turning the usual failures into one-line :class:`AnalysisError`."""
    path = Path(path)
    if not path.is_file():
        raise AnalysisError(f"{path}: file not found")
    try:
        df = pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"{path}: cannot parse CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    return df
