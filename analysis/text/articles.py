"""Reading news articles: encodings, language, duplicates and the folder's other files.

An :class:`Article` keeps the decoded text verbatim (apart from a stripped BOM and
normalised line endings) so that character offsets reported by :mod:`analysis.text.dates`
and the event extraction point at the same characters in every run.

Publication dates (datelines, the ``metadata.csv`` sidecar, inference) are
:mod:`analysis.text.pubdates`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pandas as pd

from analysis.io import AnalysisError, read_bytes
from analysis.text.lang import REGISTRY
from analysis.text.pubdates.metadata import METADATA_FILE

MAX_ARTICLE_BYTES: int = 5_000_000
"""Largest article accepted, in bytes; news stories are a few kB, so anything this big
is a dump or a wrong file and would only slow the pipeline down."""

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(REGISTRY)
"""Languages with their own date rules and word tables; others get the English rules."""

PROBLEM_COLUMNS: tuple[str, ...] = ("article_id", "path", "problem")

# How much of the text feeds the language detector. lingua's cost grows faster than the
# sample (measured on the seeds in one run: 1.35 ms at 1,000 characters, 0.47 ms at 500,
# the whole pipeline's budget being 5 ms) while its answer is the same at 300 and 1,000.
LANGUAGE_SAMPLE_CHARS: int = 500
# A decoded text with more than this share of control characters is not prose.
_MAX_CONTROL_SHARE: float = 0.05
# charset-normalizer sometimes names a Central-European or Cyrillic code page for
# Western text; only these answers are trusted (they decode the same letters).
_TRUSTED_FALLBACK_ENCODINGS: frozenset[str] = frozenset(
    {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "ascii", "utf_8"}
)


@dataclass(frozen=True)
class Article:
    """One decoded article.

    Attributes
    ----------
    article_id : str
        The file name without ``.txt``.
    path : Path
        Where it was read from.
    text : str
        Decoded text: BOM stripped, CRLF and CR turned into LF, otherwise verbatim,
        so character offsets are stable.
    encoding : str
        Codec that decoded the bytes (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``...).
    language : str
        ISO 639-1 code (``en``, ``sv``, another code) or ``unknown``.
    n_chars : int
        ``len(text)``.
    sha256 : str
        Hex digest of the raw bytes.
    """

    article_id: str
    path: Path
    text: str
    encoding: str
    language: str
    n_chars: int
    sha256: str



# ----------------------------------------------------------------------------------------
# Reading


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode ``raw``: BOMs (UTF-8/16/32) first, BOM-less UTF-16, strict UTF-8, cp1252,
    then charset-normalizer.

    Raises
    ------
    AnalysisError
        For NUL-containing (binary) input or bytes no trusted codec decodes.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise AnalysisError(
                f"{path}: undecodable bytes at offset {exc.start} (UTF-8 with BOM)"
            ) from None
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise AnalysisError(
                    f"{path}: undecodable bytes at offset {exc.start} ({codec} with BOM)"
                ) from None
    if b"\x00" in raw:
        utf16 = _bomless_utf16(raw)
        if utf16 is not None:
            return utf16
        raise AnalysisError(f"{path}: binary file (contains NUL bytes), not a text article")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if len(_UTF8_MULTIBYTE.findall(raw)) >= 2:
        # Real UTF-8 sequences plus a stray byte: cp1252 would turn every "é" into "Ã©".
        raise AnalysisError(
            f"{path}: undecodable bytes at offset {utf8_error} (invalid UTF-8 in a file "
            "that is otherwise UTF-8)"
        )
    # cp1252 before the detector: the detector tends to call short cp1252 text cp1250.
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only needed for odd files

    best = from_bytes(raw).best()
    if best is not None and best.encoding in _TRUSTED_FALLBACK_ENCODINGS:
        text = str(best)
        if _control_share(text) <= _MAX_CONTROL_SHARE and not _has_c1_controls(text):
            return text, best.encoding
    raise AnalysisError(
        f"{path}: undecodable bytes at offset {utf8_error} "
        "(not UTF-8, UTF-16 with BOM, cp1252 or latin-1 text)"
    )


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _bomless_utf16(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(raw) % 2:
        return None
    for codec, zeros in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return (text, codec) if _control_share(text) <= _MAX_CONTROL_SHARE else None
    return None


def _control_share(text: str) -> float:
    """Share of control characters (C0 other than whitespace, DEL, C1)."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _has_c1_controls(text: str) -> bool:
    return any("\x80" <= ch <= "\x9f" for ch in text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path) -> Article:
    """Read and decode one article file.

    Parameters
    ----------
    path : Path
        A text file.

    Returns
    -------
    Article

    Raises
    ------
    AnalysisError
        One line naming the file, for: a missing file, a file over
        :data:`MAX_ARTICLE_BYTES`, an empty or whitespace-only file, a binary file
        (NUL bytes or mostly control characters) and undecodable bytes.
    """
    path = Path(path)
    if not path.is_file():
        raise AnalysisError(f"{path}: file not found")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        # Checked before reading so a huge file never lands in memory.
        raise AnalysisError(
            f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit"
        )
    raw = read_bytes(path)
    if not raw.strip():
        raise AnalysisError(f"{path}: empty article (no text)")
    text, encoding = _decode(raw, path)
    text = _normalise_newlines(text)
    if not text.strip():
        raise AnalysisError(f"{path}: empty article (only whitespace)")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise AnalysisError(f"{path}: binary file (mostly control characters), not text")
    return Article(
        article_id=path.stem,
        path=path,
        text=text,
        encoding=encoding,
        language=detect_language(text),
        n_chars=len(text),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def duplicate_key(text: str) -> str:
    """Digest of the whitespace-collapsed, case-folded NFC text: the same for re-saved
    copies of one story, so duplicates are found without keeping texts in memory."""
    norm = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _is_hidden(path: Path) -> bool:
    """Dotfiles and editor droppings: Emacs lock files (``.#x.txt``), Office owner files
    (``~$x.txt``), backup copies (``~x.txt``) are never articles."""
    return path.name.startswith((".", "~", "#"))


def list_article_paths(folder: Path) -> list[Path]:
    """The articles of ``folder``: every ``*.txt`` entry (not recursive) but hidden and
    editor files (``.x.txt``, ``.#x.txt``, ``~$x.txt``), sorted by file name.

    Entries that are not regular files (a dangling symlink, a FIFO, a folder named
    ``x.txt``) are listed too: :func:`read_outcome` gives each its problem, so none is
    skipped without a word. Other names are listed by :func:`other_paths`.

    Raises
    ------
    AnalysisError
        When the folder does not exist or holds no ``.txt`` article.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise AnalysisError(f"{folder}: articles folder not found")
    paths = sorted(p for p in folder.glob("*.txt") if not _is_hidden(p))
    if not any(p.is_file() for p in paths):
        raise AnalysisError(f"{folder}: no .txt articles in the folder")
    return paths


def other_paths(folder: Path) -> list[tuple[Path, str]]:
    """Entries of an articles folder that are not read, each with the reason: names
    without ``.txt`` (``x.html``, ``notes.md``, a sub-folder) other than the
    ``metadata.csv`` sidecar and hidden or editor files."""
    out = []
    for p in sorted(Path(folder).iterdir()):
        if _is_hidden(p) or p.name == METADATA_FILE or p.suffix == ".txt":
            continue
        kind = "a folder" if p.is_dir() else "not a .txt file"
        out.append((p, f"skipped: {kind} (articles are *.txt files)"))
    return out


def _not_a_file(path: Path) -> str:
    """Why ``path`` is not a regular file to read, or ``""`` when it is one."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return ""
    if stat.S_ISLNK(mode) and not path.exists():
        return f"dangling symlink (target {os.readlink(path)!r} does not exist)"
    try:
        mode = path.stat().st_mode
    except OSError:
        return ""  # read_article reports it
    if stat.S_ISDIR(mode):
        return "a folder, not an article file"
    if not stat.S_ISREG(mode):
        kind = ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
                else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
        return f"not a regular file ({kind}), not read"
    return ""


# Markup at the head of a text: an HTML page saved as .txt is not prose (its tags and
# scripts would become sentences and "dates").
_HTML_HEAD = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml)",
                        re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(p|div|span|a|br|script|style|table|td|li|meta|h[1-6])\b[^>]*>",
                       re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML (or XML) document rather than plain text: it opens with a document tag, or
    its first 5,000 characters hold at least 10 common HTML tags."""
    head = text[:5000]
    return bool(_HTML_HEAD.match(head)) or len(_HTML_TAG.findall(head)) >= 10


class ReadOutcome(Protocol):
    """What :func:`keep_distinct` needs to know of one file's reading."""

    @property
    def article_id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def problem(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def duplicate_key(self) -> str: ...
    @property
    def language(self) -> str: ...


_R = TypeVar("_R", bound=ReadOutcome)


@dataclass(frozen=True)
class ArticleRead:
    """One file's reading: the article, or the ``problem`` that made it unreadable."""

    article_id: str
    path: str
    problem: str = ""
    sha256: str = ""
    duplicate_key: str = ""
    language: str = ""
    encoding: str = ""
    n_chars: int = 0
    article: Article | None = None


def keep_distinct(outcomes: Sequence[_R]) -> tuple[list[_R], pd.DataFrame]:
    """Drop unreadable files and duplicates, in file-name order.

    An outcome with a ``problem`` was not readable. The first file of identical bytes or
    of the same normalised text (:func:`duplicate_key`) is kept, later ones are
    ``duplicate of <first>``. Articles in a language without rules of their own are kept
    and also listed (``language xx not supported: processed with English rules``).

    Returns
    -------
    kept : list
        The readable, distinct outcomes, in input order.
    problems : pandas.DataFrame
        ``article_id, path, problem``, sorted by ``article_id``.
    """
    kept: list[_R] = []
    problems: list[dict[str, str]] = []
    by_hash: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for rec in outcomes:
        if rec.problem:
            problems.append({"article_id": rec.article_id, "path": rec.path,
                             "problem": rec.problem})
            continue
        first = by_hash.get(rec.sha256) or by_text.get(rec.duplicate_key)
        if first is not None:
            problems.append({"article_id": rec.article_id, "path": rec.path,
                             "problem": f"duplicate of {first}"})
            continue
        by_hash[rec.sha256] = rec.article_id
        by_text[rec.duplicate_key] = rec.article_id
        if rec.language not in SUPPORTED_LANGUAGES:
            problems.append({"article_id": rec.article_id, "path": rec.path,
                             "problem": f"language {rec.language} not supported: "
                                        "processed with English rules"})
        kept.append(rec)
    frame = pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS))
    frame = frame.sort_values(["article_id", "problem"], kind="stable").reset_index(drop=True)
    return kept, frame


def read_outcome(path: Path) -> ArticleRead:
    """Read one file; an unreadable one gives its problem (without the path prefix of
    its error) instead of raising, so a folder's bad files never stop a run.

    Not read, each with its problem: a dangling symlink, a folder, a FIFO or other
    special file (never opened: a FIFO would block the run) and an HTML page saved as
    text (:func:`looks_like_html`)."""
    special = _not_a_file(path)
    if special:
        return ArticleRead(path.stem, str(path), problem=special)
    try:
        a = read_article(path)
    except AnalysisError as exc:
        message, prefix = str(exc), f"{path}: "
        problem = message[len(prefix):] if message.startswith(prefix) else message
        return ArticleRead(path.stem, str(path), problem=problem)
    if looks_like_html(a.text):
        return ArticleRead(path.stem, str(path), problem=(
            "HTML, not plain text: not read (save the article's text as .txt; markup "
            "would be read as prose)"))
    return ArticleRead(a.article_id, str(path), sha256=a.sha256,
                       duplicate_key=duplicate_key(a.text), language=a.language,
                       encoding=a.encoding, n_chars=a.n_chars, article=a)


def read_articles(folder: Path) -> tuple[list[Article], pd.DataFrame]:
    """Read every article of ``folder`` (:func:`list_article_paths`), keeping the readable,
    distinct ones (:func:`keep_distinct`); an article whose language cannot be told is
    kept with the English rules and listed (``language unknown ...``).

    Returns
    -------
    articles : list of Article
        The readable, distinct articles, in file-name order.
    problems : pandas.DataFrame
        ``article_id, path, problem``, sorted by ``article_id``; empty when all is well.

    Raises
    ------
    AnalysisError
        When the folder does not exist or holds no ``.txt`` file.
    """
    kept, problems = keep_distinct([read_outcome(p) for p in list_article_paths(folder)])
    return [r.article for r in kept if r.article is not None], problems


# ----------------------------------------------------------------------------------------
# Language

# lingua name -> ISO 639-1; both Norwegian written standards count as "no".
_LINGUA_LANGUAGES: dict[str, str] = {
    "ENGLISH": "en",
    "SWEDISH": "sv",
    "GERMAN": "de",
    "FRENCH": "fr",
    "SPANISH": "es",
    "BOKMAL": "no",
    "NYNORSK": "no",
    "DANISH": "da",
    "DUTCH": "nl",
    "ITALIAN": "it",
    "PORTUGUESE": "pt",
    "FINNISH": "fi",
}
_MIN_LETTERS_FOR_LANGUAGE: int = 20


@lru_cache(maxsize=1)
def _language_detector() -> Any:
    """Build the lingua detector once: restricted to the known set, so other languages
    (German, Danish...) are recognised as *other* rather than forced into en/sv."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """Detect the language of ``text`` offline.

    Only the first :data:`LANGUAGE_SAMPLE_CHARS` (500) characters are used, for
    speed. Texts with fewer than 20 letters are ``unknown``: no detector is reliable on
    a headline-sized sample.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ISO 639-1 code among en, sv, de, fr, es, no, da, nl, it, pt, fi, or ``unknown``.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    # Stops at the 20th letter: counting all 500 characters cost more than the answer.
    letters = islice(filter(str.isalpha, sample), _MIN_LETTERS_FOR_LANGUAGE)
    if sum(1 for _ in letters) < _MIN_LETTERS_FOR_LANGUAGE:
        return "unknown"
    language = _language_detector().detect_language_of(sample)
    if language is None:
        return "unknown"
    return _LINGUA_LANGUAGES.get(language.name, "unknown")
