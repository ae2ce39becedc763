"""Tense cues around a date expression: whether it points to the past or the future.

Read from the whitespace-split words of the expression's sentence (sentences from
THE splitter, :func:`analysis.text.lexicon.split_sentences`), which is much cheaper than
a cue regex over the whole text. See :mod:`analysis.text.dates.resolve` for the rules.
May import: ``analysis.text.lexicon``, ``analysis.text.lang``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.text.lang import HAND_WRITTEN, LANGUAGE_TABLES, REGISTRY, LanguageTables
from analysis.text.lexicon import split_sentences

# ----------------------------------------------------------------------------------------
# Tense cues and clauses: read from the whitespace-split words around an expression,
# which is much cheaper than a cue regex over the whole text.

def _union(field: str, tables: Iterable[LanguageTables] | None = None) -> frozenset[str]:
    """The words of one :class:`LanguageTables` field over every known language."""
    chosen = tuple(REGISTRY.values()) if tables is None else tuple(tables)
    return frozenset().union(*(getattr(t, field) for t in chosen))


# Verbs of saying, verbs that head a reported clause and the prepositions between a verb
# and its date: every language's at once (a quote in English inside a Swedish story).
_REPORTING_WORDS: frozenset[str] = _union("reporting_words")
_CLAUSE_TAKING_VERBS: frozenset[str] = _union("clause_verbs")
_PREPOSITIONS: frozenset[str] = _union("date_prepositions")
_COMPLEMENTISERS: frozenset[str] = _union("complementisers")
# Clause openers of the table languages, shared among them.
_GENERIC_BOUNDARY_WORDS: frozenset[str] = _union("boundary_words", LANGUAGE_TABLES)
# "to be signed", "skal bli undertegnet": any language's (quotes cross languages).
_PARTICIPLE_AUXILIARIES: frozenset[str] = _union("participle_auxiliaries")
_STRIP = ".,;:!?\"“”‘’'()[]«»"
_CLAUSE_PUNCT = (",", ";", ":", "(", ")", '"', "“", "”")
_DASHES = frozenset({"-", "–", "—", "--"})
# Cues further than this many words away are not looked at.
_MAX_CUE_WORDS: int = 40
# ... and they lie within this many characters (40 long words).
_CUE_CHARS: int = 800


@dataclass(frozen=True)
class _Tense:
    future_words: frozenset[str]
    future_pairs: frozenset[tuple[str, str]]
    past_words: frozenset[str]
    not_past: frozenset[str]
    past_suffixes: tuple[str, ...]
    boundary_words: frozenset[str]
    participle_auxiliaries: frozenset[str] = frozenset()
    future_suffixes: tuple[str, ...] = ()


def _tense_from(t: LanguageTables) -> _Tense:
    hand = t.code in {h.code for h in HAND_WRITTEN}
    return _Tense(t.future_words, t.future_pairs, t.past_words, t.not_past, t.past_suffixes,
                  t.boundary_words if hand else t.boundary_words | _GENERIC_BOUNDARY_WORDS,
                  t.participle_auxiliaries | _PARTICIPLE_AUXILIARIES, t.future_suffixes)


# Each language's cues, kept with the tables they came from (a table registered again
# under the same code gets its cues again).
_TENSES: dict[str, tuple[LanguageTables, _Tense]] = {
    t.code: (t, _tense_from(t)) for t in REGISTRY.values()
}


def _tense(lang: str) -> _Tense:
    """The cues of ``lang`` (English for an unknown code)."""
    tables = REGISTRY.get(lang)
    if tables is None:
        return _TENSES["en"][1]
    hit = _TENSES.get(lang)
    if hit is None or hit[0] is not tables:
        hit = _TENSES[lang] = (tables, _tense_from(tables))
    return hit[1]


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start, from THE sentence splitter (so the tense reader and
    the mention extractor agree on every boundary)."""
    starts = [s.start for s in split_sentences(text)]
    return starts if starts and starts[0] == 0 else [0, *starts]


def future_weekday_mode(lang: str) -> str:
    """Mode of a future-tense weekday: Swedish and Danish say "i dag" for the day of
    publication, so "på fredag" is a later Friday ("future"); English news names the
    publication day itself by its weekday ("coming": on or after)."""
    return REGISTRY[lang].future_weekday_mode if lang in REGISTRY else "coming"


def _normalise(words: list[str]) -> list[str]:
    return [w.strip(_STRIP).lower() for w in words]


def _cue(raw: str, word: str, prev: str | None, nxt: str | None,
         tense: _Tense) -> str | None:
    """Direction signalled by one word (``raw`` as written, ``word`` normalised, with
    normalised neighbours), or None."""
    if not word or (word == "may" and raw.lstrip(_STRIP).startswith("M")):
        return None  # "May" is the month, not the modal
    if word.endswith(("'ll", "’ll")):
        return "future"
    if (prev is not None and (prev, word) in tense.future_pairs) or (
            nxt is not None and (word, nxt) in tense.future_pairs):
        return "future"
    if word in tense.future_words or _future_form(word, tense):
        return "future"
    if word in tense.past_words:
        return "past"
    if _past_form(word, tense):
        return _participle_direction(prev, tense)
    return None


def _future_form(word: str, tense: _Tense) -> bool:
    """A synthetic future ("imposera", "impondrá"); long words only ("opéra" is none)."""
    return len(word) > 5 and word.isalpha() and word.endswith(tense.future_suffixes) \
        if tense.future_suffixes else False


def _past_form(word: str, tense: _Tense) -> bool:
    # an auxiliary itself ("worden") is no past form, whatever its ending
    return (len(word) > 4 and word.endswith(tense.past_suffixes) and word.isalpha()
            and word not in tense.not_past and word not in tense.participle_auxiliaries)


def _participle_direction(prev: str | None, tense: _Tense) -> str:
    """A past-looking form is past unless a future word or a passive auxiliary heads it:
    "will be *signed* on Jan. 15", "is to be *signed*", "sera *signé*" point forward."""
    if prev is not None and (prev in tense.participle_auxiliaries or prev in tense.future_words):
        return "future"
    return "past"


def _scan(raws: list[str], words: list[str], tense: _Tense,
          forward: bool) -> tuple[str, int, bool, bool] | None:
    """First cue walking away from the expression over ``raws`` (normalised: ``words``).

    Returns (direction, distance in words, whether a clause boundary was crossed on the
    way, whether it is a reporting verb the date attaches to: "said on Twitter on Friday").
    A complementiser ("that", "att") ends the walk: the tense of a reported clause is not
    the tense of the report ("said Tuesday that tariffs rise on Sept. 1").
    """
    n = len(words)
    order = range(n) if forward else range(n - 1, -1, -1)
    crossed = False
    for distance, i in enumerate(order):
        raw = raws[i]
        word = words[i]
        if not forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
            crossed = True  # this word closes the clause before ours
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < n else None
        if not forward and word in _CLAUSE_TAKING_VERBS:
            if distance <= 1 or nxt in _PREPOSITIONS:
                return "past", distance, crossed, not crossed
            # "said talks resume Sept. 19": the verb heads a reported clause whose own
            # tense is unmarked.
            crossed = True
            continue
        direction = _cue(raw, word, prev, nxt, tense)
        if direction is not None:
            return direction, distance, crossed, False
        if word in _COMPLEMENTISERS and (prev, word) not in tense.future_pairs:
            break
        if word in tense.boundary_words or raw.startswith(_CLAUSE_PUNCT):
            crossed = True
        if forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
            crossed = True
    return None


def tense_of(text: str, lo: int, hi: int, start: int, end: int, lang: str) -> str:
    """Direction from the nearest cue in the clause (else in the sentence ``text[lo:hi]``)
    around ``text[start:end]``."""
    tense = _tense(lang)
    # Only the words a cue can come from are split: the sentence may be long.
    left_raw = text[max(lo, start - _CUE_CHARS):start].split()[-_MAX_CUE_WORDS:]
    right_raw = text[end:min(hi, end + _CUE_CHARS)].split()[:_MAX_CUE_WORDS]
    left = _scan(left_raw, _normalise(left_raw), tense, False)
    if left is not None and left[3]:
        return left[0]
    found = [c for c in (left, _scan(right_raw, _normalise(right_raw), tense, True)) if c]
    in_clause = [c for c in found if not c[2]]
    pool = in_clause or found
    # min() keeps the first of equals: ties go to the left-hand cue.
    return min(pool, key=lambda c: c[1])[0] if pool else "unknown"


# Words that put a year-less day ahead of the publication date when they sit in the
# day's own clause ("delayed until Dec. 15", "from Sept. 1", "planned Sept. 1 increase"),
# and prepositions that do so only right before it ("from Sept. 1", "från 1 juni").
_SCHEDULING_WORDS: frozenset[str] = _union("scheduling_words")
_SCHEDULING_PREPOSITIONS: frozenset[str] = _union("scheduling_prepositions")
# Words that open another clause: the walk stops there.
_CLAUSE_OPENERS: frozenset[str] = _union("clause_openers")
_CLAUSE_WORDS: int = 12


def yearless_direction(text: str, lo: int, hi: int, start: int, end: int,
                        lang: str) -> str:
    """Direction of a day written without its year, read from its *own* clause only.

    Scheduling words and future tense point forward, "last"/"earlier"/past tenses and
    participles back; reporting verbs ("said", "has agreed") never decide, since the
    tense of the report is not the tense of the date. The walk stops at clause
    punctuation, a dash or a complementiser. No cue: ``unknown`` (nearest occurrence).
    """
    tense = _tense(lang)
    left = text[max(lo, start - _CUE_CHARS):start].split()[-_CLAUSE_WORDS:]
    right = text[end:min(hi, end + _CUE_CHARS)].split()[:_CLAUSE_WORDS]
    cues: list[tuple[int, str]] = []
    for forward, raws in ((False, left[::-1]), (True, right)):
        for distance, raw in enumerate(raws):
            if not forward and (raw.endswith(_CLAUSE_PUNCT) or raw in _DASHES):
                break
            word = raw.strip(_STRIP).lower()
            if word in _CLAUSE_OPENERS or raw in _DASHES or "—" in raw or "–" in raw:
                break
            if distance == 0 and not forward and word in _SCHEDULING_PREPOSITIONS:
                cues.append((distance, "future"))
                continue
            if word in _REPORTING_WORDS or word in _CLAUSE_TAKING_VERBS:
                # The day of the report itself ("reported July 21", "told Fox Business
                # July 17", "said on Sept. 3") is past; a reporting verb further off
                # heads another clause and says nothing about this day.
                between = left[len(left) - distance:] if not forward else []
                if not forward and all(w in _PREPOSITIONS or w[:1].isupper()
                                       for w in between):
                    cues.append((distance, "past"))
            elif word in _SCHEDULING_WORDS or word in tense.future_words or word.endswith(
                    ("'ll", "’ll")) or _future_form(word, tense):
                cues.append((distance, "future"))
            elif word in tense.past_words:
                cues.append((distance, "past"))
            elif _past_form(word, tense):
                # the word before it in text order
                at = len(left) - distance - 2 if not forward else distance - 1
                before = (left if not forward else raws)[at] if at >= 0 else None
                prev = before.strip(_STRIP).lower() if before is not None else None
                cues.append((distance, _participle_direction(prev, tense)))
            if forward and (raw.endswith(_CLAUSE_PUNCT) or raw.endswith(".")):
                break
    return min(cues)[1] if cues else "unknown"


def has_reporting_verb(text: str, lo: int, hi: int) -> bool:
    return any(w in _REPORTING_WORDS for w in _normalise(text[lo:hi].split()))

