"""Which word-table entries fire in only one text: the overfitting smell of a rule stage.

A lexicon entry or direction stem that matches in exactly one article of a labelled
corpus was most likely written for that article; it generalises to nothing unless a
general mechanism also covers it. :func:`single_article_entries` lists them, one row per
entry, so that ``python -m analysis evaluate --ablate`` can print them and the entries
can be checked one by one (kept when they are ordinary vocabulary of their language,
removed when a mechanism covers them).

What is checked, and on which articles:

* the classifier lexicons of :mod:`analysis.text.lexicon` (category, direction, status,
  actor, substance, trade terms, verbs of saying, sequence words): English and Swedish
  words on every article (every language's lexicon includes them), a table language's
  own words on the articles of that language;
* the predicate-object stems of :mod:`analysis.text.direction`: English stems on every
  article, a language's own stems on its articles (a stem fires when a token starts
  with it; a stem with spaces needs that many consecutive tokens);
* the relative-date phrases, day words and weekday modifiers of the table languages.

May import: ``analysis.text.lang``, ``analysis.text.lexicon``, ``analysis.text.direction``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.text import lexicon
from analysis.text.direction import _TABLES as DIRECTION_TABLES
from analysis.text.lang import LANGUAGE_TABLES, en
from analysis.text.lang.tables import DirectionTables

ABLATION_COLUMNS: tuple[str, ...] = ("table", "key", "entry", "language", "checked", "article")
_TOKEN = re.compile(r"\w[\w'’-]*|\$")
_ALL = "*"  # an entry checked on the articles of every language


@dataclass(frozen=True)
class _Entry:
    table: str
    key: str
    entry: str
    language: str  # a code, or ``*`` for every language
    stem: bool  # a direction stem (token prefix) rather than a regular expression


def _regex_entries() -> Iterator[_Entry]:
    base = (
        ("category", lexicon.CATEGORY_LEXICON), ("direction", lexicon.DIRECTION_LEXICON),
        ("status", lexicon.STATUS_LEXICON), ("actor", lexicon.ACTOR_LEXICON),
        ("substance", lexicon.SUBSTANCE_LEXICON),
        ("trade", {"": lexicon.TRADE_TERMS}), ("speech", {"": lexicon.SPEECH_VERBS}),
        ("sequence", {"": lexicon.SEQUENCE_WORDS}),
    )
    for table, words in base:
        for key, entries in words.items():
            for word in entries:
                yield _Entry(table, key, word, _ALL, False)
    for t in LANGUAGE_TABLES:
        own = (("category", t.category), ("direction", t.direction), ("status", t.status),
               ("actor", t.actor), ("substance", t.substance),
               ("trade", {"": t.trade_terms}), ("speech", {"": t.speech_verbs}))
        for table, words in own:
            for key, entries in words.items():
                for word in entries:
                    yield _Entry(table, key, word, t.code, False)
        phrases = (("relative", tuple(t.relative)), ("day_word", tuple(t.day_words)),
                   ("weekday_modifier", tuple(t.weekday_modifiers)))
        for table, entries in phrases:
            for phrase in entries:
                yield _Entry(table, "", re.escape(phrase).replace(r"\ ", r"\s+"), t.code,
                             False)


def _direction_entries(code: str, tables: DirectionTables) -> Iterator[_Entry]:
    language = _ALL if tables is en.DIRECTION else code
    groups: list[tuple[str, str, Iterable[str]]] = [
        *(("direction.objects", cls, words) for cls, words in tables.objects.items()),
        *(("direction.escalation", cls, words) for cls, words in tables.escalation.items()),
        *(("direction.deescalation", cls, words)
          for cls, words in tables.deescalation.items()),
        ("direction.standalone", "escalation", tables.standalone_escalation),
        ("direction.standalone", "de-escalation", tables.standalone_deescalation),
        ("direction.reversers", "", tables.reversers),
    ]
    for table, key, words in groups:
        for word in words:
            yield _Entry(table, key, word, language, True)


def _all_entries() -> list[_Entry]:
    out = list(_regex_entries())
    seen: set[int] = set()
    for code, tables in DIRECTION_TABLES.items():
        for t in tables:
            if id(t) in seen:
                continue
            seen.add(id(t))
            out.extend(_direction_entries(code, t))
    return out


def _stem_fires(stems: tuple[str, ...], tokens: Sequence[str]) -> bool:
    n = len(stems)
    for i in range(len(tokens) - n + 1):
        if all(tokens[i + j].startswith(stems[j]) for j in range(n)):
            return True
    return False


def single_article_entries(texts: Iterable[tuple[str, str, str]]) -> pd.DataFrame:
    """Entries that fire in exactly one of ``texts``.

    Parameters
    ----------
    texts
        ``(article_id, language, text)`` per article.

    Returns
    -------
    pandas.DataFrame
        :data:`ABLATION_COLUMNS`: the table (``category``, ``direction.escalation``...),
        its key (a category, object class or direction), the entry, the language whose
        articles it is checked on (``*`` for all), how many articles that is (an entry
        of a language with two articles firing in one of them is ordinary; one firing
        in one of sixty-five is the smell) and the one article it fires in; sorted by
        table, key and entry.
    """
    items = [(aid, lang, text, [t.lower() for t in _TOKEN.findall(text)])
             for aid, lang, text in texts]
    rows = []
    for e in _all_entries():
        rx = None if e.stem else re.compile(rf"(?<![\w-])(?:{e.entry})(?![\w-])",
                                            re.IGNORECASE)
        stems = tuple(e.entry.lower().split())
        hits = []
        checked = 0
        for aid, lang, text, tokens in items:
            if e.language not in (_ALL, lang):
                continue
            checked += 1
            if len(hits) > 1:
                continue  # counting the articles it was checked on
            fired = _stem_fires(stems, tokens) if rx is None else rx.search(text) is not None
            if fired:
                hits.append(aid)
        if len(hits) == 1:
            rows.append({"table": e.table, "key": e.key, "entry": e.entry,
                         "language": e.language, "checked": checked, "article": hits[0]})
    frame = pd.DataFrame(rows, columns=list(ABLATION_COLUMNS))
    return frame.drop_duplicates().sort_values(
        ["table", "key", "entry"], kind="stable").reset_index(drop=True)
