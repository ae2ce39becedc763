"""Reading articles: encodings, bad inputs, duplicates, language, datelines, metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from analysis import config
from analysis.io import AnalysisError
from analysis.text.articles import (
    LANGUAGE_SAMPLE_CHARS,
    MAX_ARTICLE_BYTES,
    _language_detector,
    detect_language,
    read_article,
    read_articles,
)
from analysis.text.dates.tense import sentence_starts
from analysis.text.lexicon import MAX_SENTENCE_CHARS, split_sentences
from analysis.text.pubdates.metadata import load_metadata, metadata_publication
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate, find_dateline

D = dt.date

ENGLISH = (
    "Chinese companies are willing to import more American farm goods, the commerce "
    "ministry said on Thursday, as envoys prepared to meet in Shanghai next week for talks "
    "aimed at ending a tariff war that has disrupted trade between the two countries."
)
SWEDISH = (
    "Kinesiska företag är villiga att importera mer amerikanska jordbruksvaror, sa "
    "handelsministeriet i torsdags, när sändebuden förberedde sig för att träffas i Shanghai."
)
GERMAN = (
    "Chinesische Unternehmen sind bereit, mehr amerikanische Agrarprodukte zu importieren, "
    "teilte das Handelsministerium am Donnerstag mit, während sich die Gesandten auf ein "
    "Treffen in Shanghai vorbereiteten."
)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------
# Seeds


def test_read_seeds() -> None:
    articles, problems = read_articles(config.SEEDS_DIR)
    assert [a.article_id[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert problems.empty and list(problems.columns) == ["article_id", "path", "problem"]
    assert [a.language for a in articles] == ["sv", "en", "en", "en", "en"]
    for a in articles:
        raw = a.path.read_bytes()
        assert a.sha256 == hashlib.sha256(raw).hexdigest()
        assert a.n_chars == len(a.text) and a.encoding == "utf-8"
        assert a.text == raw.decode("utf-8").replace("\r\n", "\n")


def test_seed_datelines() -> None:
    found = {p.name[:3]: find_dateline(read_article(p).text)
             for p in sorted(config.SEEDS_DIR.glob("*.txt"))}
    assert found["003"] == PublicationDate(D(2019, 9, 20), "day", "dateline", D(2019, 9, 20),
                                           D(2019, 9, 20), "date 2019-09-20")
    # Dow Jones prints its dateline at the foot of the story
    assert found["002"] is not None and found["002"].date == D(2019, 7, 23)
    assert found["002"].evidence.startswith("July 23, 2019 15:53 ET")
    assert found["000"] is None and found["001"] is None and found["004"] is None


_FILLER = ("Negotiators from both capitals met again to narrow their differences on "
           "farm purchases, and analysts said a truce remained possible. ") * 6


@pytest.mark.parametrize(("foot", "day"), [
    ("Source: Example Wire June 03, 2019 14:05 UTC", D(2019, 6, 3)),
    ("Filed by Some Desk, 4 March 2020 09:30 GMT", D(2020, 3, 4)),
    ("via a syndication feed Nov 7, 2018 at 6:15 pm ET", D(2018, 11, 7)),
])
def test_foot_date_with_clock_time_is_a_stamp(foot: str, day: dt.date) -> None:
    # invented text: a date carrying a clock time marks a stamp at the foot as at the head
    found = find_dateline("Talks resume\n\n" + _FILLER + "\n" + foot + "\n")
    assert found is not None and found.date == day and found.precision == "day"


def test_foot_date_without_clock_in_a_sentence_is_not_a_stamp() -> None:
    # a body date in the foot is news, not a stamp: no clock, no keyword, not alone
    text = ("Talks resume\n\n" + _FILLER
            + "\nThe tariffs took effect on June 3, 2019 after weeks of warnings.\n")
    assert find_dateline(text) is None


# ---------------------------------------------------------------------------------------
# Encodings


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"))
    article = read_article(path)
    assert article.encoding == "utf-8-sig"
    assert article.text == ENGLISH and not article.text.startswith("\ufeff")


def test_cp1252_with_curly_quotes(tmp_path: Path) -> None:
    text = ("Trump said \u201cChina is letting us down\u201d \u2013 a caf\u00e9 "
            "r\u00e9sum\u00e9. " + ENGLISH)
    path = _write(tmp_path, "a.txt", text.encode("cp1252"))
    article = read_article(path)
    assert article.encoding == "cp1252"
    assert article.text == text


def test_latin1_swedish(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", SWEDISH.encode("latin-1"))
    article = read_article(path)
    assert article.text == SWEDISH and article.language == "sv"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    data = ENGLISH.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    article = read_article(_write(tmp_path, "a.txt", data))
    assert article.encoding == "utf-16" and article.text == ENGLISH
    assert article.language == "en"


@pytest.mark.parametrize(("data", "encoding"), [
    (ENGLISH.encode("utf-32"), "utf-32"),
    (ENGLISH.encode("utf-16-le"), "utf-16-le"),  # no BOM: every other byte is NUL
    (SWEDISH.encode("utf-16-be"), "utf-16-be"),
])
def test_utf32_and_bomless_utf16(tmp_path: Path, data: bytes, encoding: str) -> None:
    article = read_article(_write(tmp_path, "a.txt", data))
    assert article.encoding == encoding
    assert article.text in (ENGLISH, SWEDISH)


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", b"First line.\r\nSecond line.\rThird line.\r\n")
    article = read_article(path)
    assert article.text == "First line.\nSecond line.\nThird line.\n"
    assert article.n_chars == len(article.text)


# ---------------------------------------------------------------------------------------
# Bad inputs


@pytest.mark.parametrize(("data", "fragment"), [
    (b"", "empty article"),
    (b"  \n\t\r\n ", "empty article"),
    (b"\xef\xbb\xbf \n", "empty article"),
    (b"PK\x03\x04\x00\x00binary\x00stuff", "binary file"),
    (bytes(range(1, 32)) * 20, "binary file"),
    (b"Trade talks \x81\x8d\x8f\x90\x9d resumed in \x81\x81 Washington \x9d\x90.",
     "undecodable bytes"),
    # UTF-8 with one stray cp1252 byte: refusing beats turning "é" into "Ã©"
    ("Caf\u00e9 na\u00efve r\u00e9sum\u00e9 ".encode() + b"\x92 " + ENGLISH.encode(),
     "undecodable bytes at offset 22"),
])
def test_bad_inputs(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(AnalysisError) as err:
        read_article(path)
    message = str(err.value)
    assert fragment in message and str(path) in message and "\n" not in message


@pytest.mark.parametrize("size", [MAX_ARTICLE_BYTES + 1, 10_000_000])
def test_too_big(tmp_path: Path, size: int) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:  # sparse: the size check must come before reading
        fh.truncate(size)
    with pytest.raises(AnalysisError, match="5,000,000-byte article limit") as err:
        read_article(path)
    assert str(path) in str(err.value)


def test_exactly_at_limit_is_read(tmp_path: Path) -> None:
    body = (ENGLISH + "\n").encode("utf-8")
    data = body * (MAX_ARTICLE_BYTES // len(body))
    article = read_article(_write(tmp_path, "edge.txt", data))
    assert article.n_chars == len(data)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="file not found"):
        read_article(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------------------
# Folders, duplicates, languages


def test_read_articles_problems(tmp_path: Path) -> None:
    _write(tmp_path, "a_good.txt", ENGLISH.encode("utf-8"))
    _write(tmp_path, "b_same_bytes.txt", ENGLISH.encode("utf-8"))
    # same story re-saved: CRLF, BOM, extra spaces, other case
    resaved = "\ufeff" + ENGLISH.upper().replace(", ", ",  ") + "\r\n"
    _write(tmp_path, "c_resaved.txt", resaved.encode("utf-8"))
    _write(tmp_path, "d_empty.txt", b"")
    _write(tmp_path, "e_german.txt", GERMAN.encode("utf-8"))
    _write(tmp_path, "f_swedish.txt", SWEDISH.encode("utf-8"))
    _write(tmp_path, "g_binary.txt", b"\x00\x01\x02")
    _write(tmp_path, "metadata.csv", b"article_id,published\n")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "z.txt", b"not read: the reader is not recursive")
    articles, problems = read_articles(tmp_path)
    assert [a.article_id for a in articles] == ["a_good", "e_german", "f_swedish"]
    assert [a.language for a in articles] == ["en", "de", "sv"]
    got = dict(zip(problems["article_id"], problems["problem"], strict=True))
    assert got == {
        "b_same_bytes": "duplicate of a_good",
        "c_resaved": "duplicate of a_good",
        "d_empty": "empty article (no text)",
        "g_binary": "binary file (contains NUL bytes), not a text article",
    }
    assert list(problems["article_id"]) == sorted(problems["article_id"])
    assert problems["path"].str.endswith(".txt").all()


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="articles folder not found"):
        read_articles(tmp_path / "missing")
    _write(tmp_path, "notes.md", b"no articles here")
    with pytest.raises(AnalysisError, match=r"no \.txt articles"):
        read_articles(tmp_path)


@pytest.mark.parametrize(("text", "expected"), [
    (ENGLISH, "en"), (SWEDISH, "sv"), (GERMAN, "de"),
    ("Les entreprises chinoises sont prêtes à importer davantage de produits agricoles "
     "américains, a déclaré jeudi le ministère du Commerce.", "fr"),
    ("12345 678 -- 2019", "unknown"),
    ("", "unknown"),
])
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_reads_only_the_head() -> None:
    head = (ENGLISH + " ") * 6
    assert len(head) > LANGUAGE_SAMPLE_CHARS
    assert detect_language(head + SWEDISH * 40) == "en"
    assert detect_language(SWEDISH * 6 + ENGLISH * 40) == "sv"


def test_detector_is_built_once() -> None:
    assert _language_detector() is _language_detector()


# ---------------------------------------------------------------------------------------
# Datelines


@pytest.mark.parametrize(("text", "expected", "precision"), [
    (" date 2019-09-20 WASHINGTON (BLOOMBERG) - Trade talks resumed.", D(2019, 9, 20), "day"),
    ("July 23, 2019 15:53 ET (19:53 GMT)\nThe story.", D(2019, 7, 23), "day"),
    ("Published Sunday, May 5, 2019\nPresident Trump said tariffs would rise.",
     D(2019, 5, 5), "day"),
    ("Tue, 06 Aug 2019 01:23 GMT\nChina let the yuan weaken.", D(2019, 8, 6), "day"),
    ("Updated on July 1, 2019 at 5:30 p.m. EDT\nThe story.", D(2019, 7, 1), "day"),
    ("2019-08-23 Beijing announced retaliatory tariffs.", D(2019, 8, 23), "day"),
    ("BEIJING\nAugust 23, 2019\nChina announced retaliatory tariffs.", D(2019, 8, 23), "day"),
])
def test_datelines(text: str, expected: dt.date, precision: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert (found.date, found.precision, found.source) == (expected, precision, "dateline")
    assert found.earliest == found.latest == expected
    assert found.evidence in " ".join(text.split())


def test_month_only_dateline() -> None:
    found = find_dateline(" date 2019-05 LONDON - Tariffs rose.")
    assert found == PublicationDate(D(2019, 5, 1), "month", "dateline", D(2019, 5, 1),
                                    D(2019, 5, 31), "date 2019-05")


@pytest.mark.parametrize("text", [
    "On July 18, 2019, the two sides spoke by phone.",  # an event, not a dateline
    "Talks resumed.\n" + "x" * 400 + " date 2019-09-20 in the body.\n" + "y" * 400,
    "The deadline is 2019-09-31 in the draft.",  # no such day, and not a line opener
    "Nothing dated here at all.",
])
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_invalid_dateline_day_is_ignored() -> None:
    assert find_dateline("date 2019-02-30 WASHINGTON") is None


# ---------------------------------------------------------------------------------------
# Metadata sidecar


def test_metadata_missing_is_empty(tmp_path: Path) -> None:
    meta = load_metadata(tmp_path)
    assert meta.empty
    assert list(meta.columns) == ["article_id", "published", "published_precision", "source",
                                  "url"]


def test_metadata_rows(tmp_path: Path) -> None:
    _write(tmp_path, "metadata.csv", (
        b"article_id,published,source,url\n"
        b"b.txt,2019-05,Reuters,https://example.org/b\n"
        b"a,2019-07-23,WSJ,https://example.org/a\n"
        b"c,,AP,\n"
        b"d,2019-08-01T13:05:00Z,Bloomberg,\n"
    ))
    meta = load_metadata(tmp_path)
    assert list(meta["article_id"]) == ["a", "b", "c", "d"]
    assert list(meta["published_precision"]) == ["day", "month", "unknown", "day"]
    rows = {r["article_id"]: r for r in meta.to_dict("records")}
    assert metadata_publication(rows["a"]) == PublicationDate(
        D(2019, 7, 23), "day", "metadata", D(2019, 7, 23), D(2019, 7, 23),
        "metadata.csv: published 2019-07-23")
    month = metadata_publication(rows["b"])
    assert (month.earliest, month.latest, month.precision) == (D(2019, 5, 1), D(2019, 5, 31),
                                                               "month")
    assert metadata_publication(rows["c"]) == UNKNOWN_PUBLICATION
    assert metadata_publication(rows["d"]).date == D(2019, 8, 1)
    assert rows["a"]["source"] == "WSJ"


@pytest.mark.parametrize(("content", "fragment"), [
    ("article_id,published\na,2019-13-01\n", "line 2: published '2019-13-01'"),
    ("article_id,published\na,2019-07-23\nb,July 23\n", "line 3: published 'July 23'"),
    ("article_id,published\na,2019-07-23\na,2019-07-24\n", "line 3: article_id a repeated"),
    ("article_id,published\n,2019-07-23\n", "line 2: empty article_id"),
    ("id,published\na,2019-07-23\n", "missing column(s) article_id"),
    ('article_id,published\n"a,2019-07-23\n', "cannot parse CSV"),
])
def test_metadata_malformed(tmp_path: Path, content: str, fragment: str) -> None:
    _write(tmp_path, "metadata.csv", content.encode("utf-8"))
    with pytest.raises(AnalysisError) as err:
        load_metadata(tmp_path)
    assert fragment in str(err.value) and "metadata.csv" in str(err.value)


def test_language_unknown_is_kept_with_a_problem(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"2019-07-23 15:53 ET -- 1,234.5 / 6.7% (8)\n")
    articles, problems = read_articles(tmp_path)
    assert [a.language for a in articles] == ["unknown"]
    assert list(problems["problem"]) == [
        "language unknown not supported: processed with English rules"
    ]


def test_one_sentence_splitter_for_dates_and_mentions() -> None:
    """The tense reader and the mention extractor once cut sentences with two splitters
    and two abbreviation lists ("Ltd." ended a sentence for one of them only), so a date
    could take its tense from a sentence the extractor never saw."""
    text = ("Shares of Huawei Technologies Co Ltd. Rose on Tuesday, Gov. Smith said. "
            "Talks resume Sept. 19 in Washington, e.g. at the U.S. Trade office.\n"
            "Next line")
    sentences = split_sentences(text)
    assert [s.text[:12] for s in sentences] == ["Shares of Hu", "Talks resume", "Next line"]
    assert sentence_starts(text) == [s.start for s in sentences]


def test_hidden_and_editor_files_are_not_articles(tmp_path: Path) -> None:
    _write(tmp_path, "a_good.txt", ENGLISH.encode("utf-8"))
    for name in (".#a_good.txt", "~$a_good.txt", ".hidden.txt", "~backup.txt"):
        _write(tmp_path, name, b"\x00\x01 lock file, not text")
    articles, problems = read_articles(tmp_path)
    assert [a.article_id for a in articles] == ["a_good"]
    assert problems.empty


def test_run_on_text_is_cut_into_bounded_sentences() -> None:
    """A text with no sentence end is cut at white space: per-sentence work stays
    bounded (a 1 MB run-on article once took minutes)."""
    text = " ".join(f"word{i}" for i in range(3000))
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert " ".join(s.text for s in sentences) == text
