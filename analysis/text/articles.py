"""Reading news articles: encodings, language, datelines and the metadata sidecar.

An :class:`Article` keeps the decoded text verbatim (apart from a stripped BOM and
normalised line endings) so that character offsets reported by :mod:`analysis.text.dates.resolve`
and the event extraction point at the same characters in every run.

Publication dates found here carry their provenance: ``metadata`` (the optional
``metadata.csv`` sidecar) or ``dateline`` (a date printed at the head or foot of the
article). Inference from the text's own anchors and across documents is done
elsewhere; this module never guesses.
"""

from __future__ import annotations

import calendar
import datetime as dt
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

from analysis.io import AnalysisError, read_bytes, read_csv_checked
from analysis.text.dates.words import EN_MONTHS
from analysis.text.lang import LANGUAGE_TABLES, sv

MAX_ARTICLE_BYTES: int = 5_000_000
"""Largest article accepted, in bytes; news stories are a few kB, so anything this big
is a dump or a wrong file and would only slow the pipeline down."""

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "sv", "de", "da", "fr", "es", "no", "nl", "pt")
"""Languages with their own date rules and word tables; others get the English rules."""

METADATA_FILE: str = "metadata.csv"
METADATA_COLUMNS: tuple[str, ...] = ("article_id", "published", "source", "url")
PROBLEM_COLUMNS: tuple[str, ...] = ("article_id", "path", "problem")

# How much of the text feeds the language detector. lingua's cost grows faster than the
# sample (measured on the seeds in one run: 1.35 ms at 1,000 characters, 0.47 ms at 500,
# the whole pipeline's budget being 5 ms) while its answer is the same at 300 and 1,000.
LANGUAGE_SAMPLE_CHARS: int = 500
# Datelines sit in the first or last few lines; absolute dates in the body are events.
_HEAD_CHARS: int = 300
_TAIL_CHARS: int = 300
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


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published, how precisely, and how we know.

    Attributes
    ----------
    date : datetime.date or None
        The chosen date (the first day of the period for month or year precision).
    precision : str
        ``day``, ``month``, ``year`` or ``unknown``.
    source : str
        ``metadata``, ``dateline``, ``inferred``, ``inferred-crossdoc`` or ``unknown``.
    earliest, latest : datetime.date or None
        The feasible range (inclusive); equal to ``date`` for a day-precise dateline.
    evidence : str
        The quoted text or an explanation.
    """

    date: dt.date | None
    precision: str
    source: str
    earliest: dt.date | None
    latest: dt.date | None
    evidence: str


UNKNOWN_PUBLICATION = PublicationDate(None, "unknown", "unknown", None, None, "no evidence")


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


# ----------------------------------------------------------------------------------------
# Datelines

# Dateline months: THE month table of the package (English names and abbreviations).
_MONTHS: dict[str, int] = EN_MONTHS
_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY_RE = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)"
)
_TIME_RE = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?" \
           r"(?:\s*\(?[A-Z]{1,5}\)?)?)"
_KEYWORD_RE = (
    r"(?i:date[d:]?|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?"
    r"|first\s+published)"
)

# Month-name datelines: "July 23, 2019 15:53 ET", "Published Sunday, May 5, 2019".
_MDY = (
    rf"{_WEEKDAY_RE}?{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>(?:19|20)\d{2})"
)
# "Tue, 06 Aug 2019 01:23 GMT", "20 September 2019".
_DMY = rf"{_WEEKDAY_RE}?(?P<day>\d{{1,2}})\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d{{2}})"
_BOTH = (_MDY, _DMY)  # month-first, then day-first: each dateline form in both orders
_ISO_DAY = r"(?P<year>(?:19|20)\d{2})-(?P<monthnum>\d{2})-(?P<day>\d{2})"
_ISO_MONTH = r"(?P<year>(?:19|20)\d{2})-(?P<monthnum>\d{2})(?![-\d])"

_DATELINE_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE if insensitive else 0), standalone)
    for pattern, insensitive, standalone in (
        # keyword + any date form: a dateline wherever it sits in the head or foot
        (rf"\b{_KEYWORD_RE}\s*:?\s+(?:{_ISO_DAY})", True, False),
        (rf"\b{_KEYWORD_RE}\s*:?\s+(?:{_ISO_MONTH})", True, False),
        *((rf"\b{_KEYWORD_RE}\s*:?\s+(?:{d}){_TIME_RE}?", False, False) for d in _BOTH),
        # a date with a clock time: only a dateline prints one
        *((rf"(?:{d}){_TIME_RE}", False, False) for d in _BOTH),
        # a wire dateline: "WASHINGTON, July 23, 2019 (Reuters) -"
        (rf"\b[A-Z][A-Z.'/ -]*[A-Z.],\s+(?:{_MDY})\s*\([A-Za-z. ]{{2,25}}\)\s*(?:-|–|—|:)",
         False, False),
        # a full date led by its weekday ending a line of the head:
        # "- The Washington Times - Wednesday, July 31, 2019"
        *((rf"(?m:{_WEEKDAY_RE}(?:{d})[ \t]*$)", False, False) for d in _BOTH),
        # a date after a byline separator: "By Jane Doe | May 15, 2019", "• 15 May 2019"
        *((rf"[|•·]\s*(?:{d})", False, False) for d in _BOTH),
        # a year-first date with slashes: "2019/08/23"
        (r"(?<![\d/])(?P<year>(?:19|20)\d{2})/(?P<monthnum>\d{1,2})/(?P<day>\d{1,2})(?![\d/])",
         False, False),
        # an ISO date opening a line ("2019-09-20 WASHINGTON")
        (rf"(?m:^[ \t]*{_ISO_DAY}\b)", False, False),
        # a date alone on its line
        *((rf"(?m:^[ \t]*(?:{d})[ \t]*$)", False, True) for d in _BOTH),
    )
)
# Datelines of the other languages: "6. Juli 2018", "13 décembre 2019", "31 de diciembre
# de 2019", "12. september 2019", "06.07.2018" (dotted numeric dates are day-first
# wherever they are written), after a publication keyword, with a clock time, or alone
# on their line.
_INTL_MONTHS: dict[str, int] = {
    name: month
    for table in (sv.MONTHS, *(t.months for t in LANGUAGE_TABLES))
    for name, month in table.items() if len(name) >= 3
}
_INTL_MONTH_RE = "|".join(sorted(map(re.escape, _INTL_MONTHS), key=len, reverse=True))
_DMY_INTL = (
    rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<intlmonth>(?i:{_INTL_MONTH_RE}))\.?,?\s+"
    r"(?:de\s+)?(?P<year>(?:19|20)\d{2})(?!\d)"
)
_DOTTED = r"(?<![\d.])(?P<day>\d{1,2})\.(?P<monthnum>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?![\d.])"
_INTL_KEYWORD_RE = (
    r"(?i:publi(?:é|e|cado|cerad|ceret|shed)(?:\s+(?:le|el|am|den|on))?|"
    r"ver(?:ö|oe)ffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|mis\s+à\s+jour(?:\s+le)?|"
    r"actualizado(?:\s+el)?|udgivet|opdateret|uppdaterad|stand:?)"
)
_INTL_DATELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for form in (_DMY_INTL, _DOTTED)
    for pattern in (
        rf"{_INTL_KEYWORD_RE}\s*:?\s+(?:\w+,?\s+)?(?:{form})",
        rf"(?:{form}){_TIME_RE}",
        rf"(?m:^[ \t]*(?:\w+,?\s+)?(?:{form})[ \t]*$)",
    )
)

# The year every dateline pattern above and below requires.
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
# A keyword-less month-name date counts in the foot only when it is the whole line.
_FOOT_DATELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"(?m:^[ \t]*(?:{form}){_TIME_RE}?(?:\s*\([^)\n]{{1,20}}\))?[ \t]*$)")
    for form in (_MDY, _DMY)
)
# At the foot: the keyword forms (the first four), a whole-line date, then a date with a
# clock time (the next two: "Source: Outlet May 8, 2018 03:00 UTC"; after the whole-line
# form, which keeps a trailing "(19:53 GMT)"), then the other languages'.
_FOOT_PATTERNS: tuple[re.Pattern[str], ...] = (
    *(p for p, _ in _DATELINE_PATTERNS[:4]), *_FOOT_DATELINES,
    *(p for p, _ in _DATELINE_PATTERNS[4:6]), *_INTL_DATELINES)


def _dateline_from_match(match: re.Match[str]) -> PublicationDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("monthnum"):
        month = int(groups["monthnum"])
    elif groups.get("intlmonth"):
        month = _INTL_MONTHS[groups["intlmonth"].lower()]
    else:
        month = _MONTHS[groups["month"].lower().rstrip(".")]
    evidence = " ".join(match.group(0).split())
    if not 1 <= month <= 12:
        return None
    if groups.get("day") is None:
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return PublicationDate(first, "month", "dateline", first, last, evidence)
    try:
        day = dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None
    return PublicationDate(day, "day", "dateline", day, day, evidence)


# A weekday printed with a full date anywhere in the head ("... trade deal Thursday,
# January 16, 2020 U.S. President ..."): a stamp when the weekday agrees with the date,
# which a date quoted in the body rarely bothers to add and never gets wrong by chance
# (one day in seven).
_WEEKDAY_NAMES: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
_AGREEING_WEEKDAY = tuple(
    re.compile(rf"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
               rf"(?:{form})")
    for form in (_MDY.replace(_WEEKDAY_RE + "?", ""), _DMY.replace(_WEEKDAY_RE + "?", ""))
)


def _weekday_agrees(match: re.Match[str], found: PublicationDate) -> bool:
    wd = _WEEKDAY_NAMES[match.group("wd")[:3].lower()]
    return found.date is not None and found.date.weekday() == wd


def find_dateline(text: str) -> PublicationDate | None:
    """The printed dateline (:func:`_printed_dateline`), else a weekday-and-date pair
    of the head whose weekday agrees with the date (``Thursday, January 16, 2020``)."""
    found = _printed_dateline(text)
    if found is not None:
        return found
    head = text[:_HEAD_CHARS]
    for pattern in _AGREEING_WEEKDAY:
        for match in pattern.finditer(head):
            day = _dateline_from_match(match)
            if day is not None and _weekday_agrees(match, day):
                return PublicationDate(day.date, "day", "dateline", day.date, day.date,
                                       f"{day.evidence} (weekday agrees with the date)")
    return None


# A year-less dateline: a place, a comma, a day and month (either order), then an agency
# in parentheses and/or a separator ("WASHINGTON, Nov. 20 (Reuters) --",
# "WASHINGTON, Nov 1 .", "Washington, 6 jul (.).-"). The year must come from elsewhere.
_ANY_MONTH_RE = "|".join(sorted(
    {re.escape(m) for m in (*_MONTHS, *_INTL_MONTHS)}, key=len, reverse=True))
_YEARLESS_DATELINE = re.compile(
    r"(?m:^|(?<=\s))(?P<city>[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){0,3}"
    r"(?:,\s*[A-Z][\w.]{1,14})?),\s+"
    rf"(?:(?P<mon1>(?i:{_ANY_MONTH_RE}))\.?\s+(?P<day1>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\.?\s+(?P<mon2>(?i:{_ANY_MONTH_RE}))\.?)"
    r"(?!\s*,?\s*(?:19|20)\d{2})"
    r"\s*(?:\([^)\n]{0,25}\)\s*)?(?:\.?\s*(?:-{1,2}|–|—|:)|\s\.(?=\s))"
)


@dataclass(frozen=True)
class YearlessDateline:
    """A dateline with day and month but no year (the year must come from the content).

    Attributes
    ----------
    month, day : int
    evidence : str
        The dateline as printed.
    """

    month: int
    day: int
    evidence: str


def find_yearless_dateline(text: str) -> YearlessDateline | None:
    """A year-less dateline in the first ~300 characters (see :data:`_YEARLESS_DATELINE`),
    or ``None``. Only the place-comma-date-separator form counts, opening a line or with
    its place in capitals: a bare "Nov. 20" in a sentence is not a dateline."""
    head = text[:_HEAD_CHARS]
    for match in _YEARLESS_DATELINE.finditer(head):
        start = match.start()
        # A dateline opens a line (or follows the headline after a wide gap), unless
        # its place is in the wire's capitals: "He said in Paris, May 5 -" is prose.
        opens = start == 0 or head[start - 1] == "\n" or head[max(0, start - 2):start] == "  "
        if not (opens or match.group("city").isupper()):
            continue
        name = (match.group("mon1") or match.group("mon2")).lower().rstrip(".")
        month = _MONTHS.get(name) or _INTL_MONTHS.get(name)
        day = int(match.group("day1") or match.group("day2"))
        if month is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
            continue
        return YearlessDateline(month, day, " ".join(match.group(0).split()))
    return None


def _printed_dateline(text: str) -> PublicationDate | None:
    """Find a dateline at the head or foot of an article.

    Recognised: ``date 2019-09-20``, ``date 2019-05`` (month precision), a wire dateline
    (``WASHINGTON, July 23, 2019 (Reuters) -``), a weekday-led date ending a head line,
    the other languages' dates (``Veröffentlicht am 6. Juli 2018``, ``13 décembre 2019
    10:30``, ``06.07.2018`` alone on its line),
    ``July 23, 2019 15:53 ET``, ``Published Sunday, May 5, 2019``,
    ``Tue, 06 Aug 2019 01:23 GMT``, an ISO date opening a line, and a full date
    standing alone on a line. Only the first ~300 characters are searched, plus
    the last ~300 for a keyword date, a date with a clock time (``Source: Outlet May 8,
    2018 03:00 UTC``) or a date line that is the whole line (wire services such as
    Dow Jones print ``July 23, 2019 15:53 ET (19:53 GMT)`` at the foot), so absolute
    dates in the body never count. The date is taken as printed (no time-zone shift).

    Parameters
    ----------
    text : str

    Returns
    -------
    PublicationDate or None
        Source ``dateline``; ``None`` when the article has no dateline.
    """
    head = text[:_HEAD_CHARS]
    # Every dateline form has a 19xx/20xx year: without one the patterns cannot match,
    # and one search is cheaper than trying them all.
    if _ANY_YEAR.search(head):
        for pattern in (*(p for p, _ in _DATELINE_PATTERNS), *_INTL_DATELINES):
            for match in pattern.finditer(head):
                found = _dateline_from_match(match)
                if found is not None:
                    return found
    if len(text) > _HEAD_CHARS:
        tail = text[max(_HEAD_CHARS, len(text) - _TAIL_CHARS):]
        if not _ANY_YEAR.search(tail):
            return None
        for pattern in _FOOT_PATTERNS:
            for match in pattern.finditer(tail):
                found = _dateline_from_match(match)
                if found is not None:
                    return found
    return None


# ----------------------------------------------------------------------------------------
# Metadata sidecar

_PUBLISHED_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _parse_published(value: str) -> tuple[dt.date, str] | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (an ISO timestamp is cut to its date)."""
    value = value.strip()
    if "T" in value[:11] or " " in value[:11]:
        value = value[:10]
    match = _PUBLISHED_RE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)), "day"
        if month is not None:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None


def load_metadata(folder: Path) -> pd.DataFrame:
    """Read the optional ``metadata.csv`` sidecar of an articles folder.

    Parameters
    ----------
    folder : Path
        The articles folder.

    Returns
    -------
    pandas.DataFrame
        ``article_id, published, published_precision, source, url`` (``published`` a
        ``datetime.date`` or ``None``; ``published_precision`` ``day``/``month``/``year``/
        ``unknown``), sorted by ``article_id``. Empty (same columns) when the file is absent.

    Raises
    ------
    AnalysisError
        Naming the file and the row (line number) for an unparsable file, a missing
        ``article_id`` column, an empty or repeated id, or an invalid ``published``.
    """
    path = Path(folder) / METADATA_FILE
    columns = ["article_id", "published", "published_precision", "source", "url"]
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = read_csv_checked(path, required=("article_id",), dtype=str, keep_default_na=False)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        article_id = str(record.get("article_id", "")).strip()
        if not article_id:
            raise AnalysisError(f"{path}: line {line}: empty article_id")
        if article_id.endswith(".txt"):
            article_id = article_id[:-4]
        if article_id in seen:
            raise AnalysisError(f"{path}: line {line}: article_id {article_id} repeated")
        seen.add(article_id)
        published_raw = str(record.get("published", "")).strip()
        if published_raw:
            parsed = _parse_published(published_raw)
            if parsed is None:
                raise AnalysisError(
                    f"{path}: line {line}: published {published_raw!r} is not "
                    "YYYY-MM-DD, YYYY-MM or YYYY"
                )
            published, precision = parsed
        else:
            published, precision = None, "unknown"
        rows.append({
            "article_id": article_id,
            "published": published,
            "published_precision": precision,
            "source": str(record.get("source", "")).strip(),
            "url": str(record.get("url", "")).strip(),
        })
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("article_id", kind="stable").reset_index(drop=True)


def metadata_publication(row: pd.Series | dict[str, Any]) -> PublicationDate:
    """Turn one :func:`load_metadata` row into a :class:`PublicationDate` (source ``metadata``).

    Parameters
    ----------
    row : pandas.Series or dict
        With ``published`` and ``published_precision``.

    Returns
    -------
    PublicationDate
        :data:`UNKNOWN_PUBLICATION` when the row gives no date.
    """
    published = row["published"]
    precision = row["published_precision"]
    if published is None or precision == "unknown" or pd.isna(published):
        return UNKNOWN_PUBLICATION
    if precision == "day":
        latest = published
    elif precision == "month":
        latest = published.replace(day=calendar.monthrange(published.year, published.month)[1])
    else:
        latest = dt.date(published.year, 12, 31)
    return PublicationDate(
        published, precision, "metadata", published, latest,
        f"{METADATA_FILE}: published {published.isoformat()}",
    )
