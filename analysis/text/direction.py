"""Direction of a trade-war event from predicate and object, CAMEO/PETRARCH style.

The CAMEO codebook codes an event by what the source *does* to what: "impose
sanctions" is coercion, "ease sanctions" is cooperation, whatever other words the
sentence holds. Here the objects are the trade war's (tariffs, farm purchases, talks,
tech restrictions, the currency) and each language's verb stems are sorted by what
they do to each object (:class:`analysis.text.lang.tables.DirectionTables`):

* raise/impose/hike/retaliate on tariffs -> escalation; delay/postpone/suspend/exempt/
  waive tariffs -> de-escalation;
* halt/suspend purchases -> escalation; resume/pledge/buy -> de-escalation;
* reach/sign/extend/resume talks or a deal -> de-escalation; talks collapsing, a deal
  delayed -> escalation; add to the Entity List -> escalation, licences ->
  de-escalation; the yuan weakening past 7 or the manipulator label -> escalation, its
  removal -> de-escalation.

Each object word takes the nearest predicate stem within :data:`BEFORE` tokens before
it (the active voice) or :data:`AFTER` after it (the passive: "tariffs would be
delayed"). A negation right before the predicate, or a *reverser* a few tokens before it
("suspends plans to hike", "refrain from raising", "halt the imposition of", "will not
go ahead with plans to raise"), turns the direction over. Words that carry a direction
alone ("retaliation", "truce") add a vote. The majority of votes decides; no vote (or
a tie) returns ``None`` and the caller falls back to the word counts of
:func:`analysis.text.mentions.classify_direction`. Modality ("threatened to", "could")
keeps the direction: a threat of tariffs is escalation.

May import: ``analysis.text.lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.text.lang import da, de, en, es, fr, nl, no, pt, sv
from analysis.text.lang.tables import DirectionTables

BEFORE: int = 10
AFTER: int = 10
REVERSE_WINDOW: int = 4
_TOKEN = re.compile(r"\w[\w'’-]*|\$")

DIRECTION_TABLES: dict[str, tuple[DirectionTables, ...]] = {
    # English stems serve every language too: quotes, tweets and names are often English.
    "en": (en.DIRECTION,),
    "sv": (sv.DIRECTION, en.DIRECTION),
    "de": (de.DIRECTION, en.DIRECTION),
    "da": (da.DIRECTION, en.DIRECTION),
    "fr": (fr.DIRECTION, en.DIRECTION),
    "es": (es.DIRECTION, en.DIRECTION),
    "no": (no.DIRECTION, en.DIRECTION),
    "nl": (nl.DIRECTION, en.DIRECTION),
    "pt": (pt.DIRECTION, en.DIRECTION),
}


@dataclass(frozen=True)
class _Entry:
    stems: tuple[str, ...]
    kind: str  # object, predicate, standalone, reverser
    cls: str = ""
    direction: str = ""


@dataclass(frozen=True)
class _Compiled:
    by_prefix: dict[str, tuple[_Entry, ...]]  # first stem -> entries starting with it
    longest: int
    negations: frozenset[str]
    # Object stems also matched inside a token, as a compound's head, in the languages
    # that write compounds as one word ("handelsgespräche", "handelssamtalen").
    compound_objects: tuple[_Entry, ...] = ()


def _split(entry: str) -> tuple[str, ...]:
    return tuple(entry.split())


@lru_cache(maxsize=16)
def _compiled(lang: str) -> _Compiled:
    tables = DIRECTION_TABLES.get(lang, DIRECTION_TABLES["en"])
    entries: list[_Entry] = []
    negations: set[str] = set()
    for t in tables:
        entries += [_Entry(_split(w), "object", cls)
                    for cls, words in t.objects.items() for w in words]
        entries += [_Entry(_split(w), "predicate", cls, "escalation")
                    for cls, words in t.escalation.items() for w in words]
        entries += [_Entry(_split(w), "predicate", cls, "de-escalation")
                    for cls, words in t.deescalation.items() for w in words]
        entries += [_Entry(_split(w), "standalone", "", "escalation")
                    for w in t.standalone_escalation]
        entries += [_Entry(_split(w), "standalone", "", "de-escalation")
                    for w in t.standalone_deescalation]
        negations |= set(t.negations)
    for t in tables:
        # A reverser that is also a negation matches only as that whole word (below):
        # as a stem, "not" and "no" would reverse after "notably", "now", "notat".
        entries += [_Entry(_split(w), "reverser") for w in t.reversers
                    if w not in negations]
    by_prefix: dict[str, list[_Entry]] = {}
    for e in entries:
        by_prefix.setdefault(e.stems[0], []).append(e)
    compounds = tuple(e for e in entries if e.kind == "object" and len(e.stems) == 1
                      and len(e.stems[0]) >= COMPOUND_HEAD_CHARS) \
        if lang in COMPOUNDING else ()
    return _Compiled({k: tuple(v) for k, v in by_prefix.items()},
                     max(len(k) for k in by_prefix), frozenset(negations), compounds)


# Languages that write compounds as one word, and the shortest object stem read as a
# compound's head (shorter ones would match inside unrelated words).
COMPOUNDING: frozenset[str] = frozenset({"de", "nl", "sv", "da", "no"})
COMPOUND_HEAD_CHARS: int = 4


def _at(tokens: list[str], i: int, stems: tuple[str, ...]) -> bool:
    """Whether ``stems`` match the tokens from ``i`` (each token starts with its stem)."""
    if i + len(stems) > len(tokens):
        return False
    return all(tokens[i + k].startswith(s) for k, s in enumerate(stems))


def _matches(tokens: list[str], c: _Compiled) -> list[tuple[_Entry, ...]]:
    """The table entries matching at each token: a token's prefixes looked up in one
    dict, instead of every stem tried on every token."""
    out = []
    for i, token in enumerate(tokens):
        found: list[_Entry] = []
        for k in range(1, min(len(token), c.longest) + 1):
            for e in c.by_prefix.get(token[:k], ()):
                if len(e.stems) == 1 or _at(tokens, i, e.stems):
                    found.append(e)
        found += [e for e in c.compound_objects
                  if e.stems[0] in token[1:] and not token.startswith(e.stems[0])]
        out.append(tuple(found))
    return out


@dataclass(frozen=True)
class _Reading:
    tokens: list[str]
    matches: list[tuple[_Entry, ...]]


@lru_cache(maxsize=16384)
def _read(text: str, lang: str) -> _Reading:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    return _Reading(tokens, _matches(tokens, _compiled(lang)))


def _flip(direction: str) -> str:
    return "de-escalation" if direction == "escalation" else "escalation"


def _reverser_before(r: _Reading, p: int) -> bool:
    """A reverser entry ("cancel", "scrap", "aflys") a few tokens before token ``p``."""
    return any(e.kind == "reverser" for i in range(max(0, p - REVERSE_WINDOW), p)
               for e in r.matches[i])


def _reversed(r: _Reading, p: int, c: _Compiled) -> bool:
    """A negation right before token ``p`` or a reverser a few tokens before it."""
    tokens = r.tokens
    if p > 0 and (tokens[p - 1] in c.negations or tokens[p - 1].endswith("n't")):
        return True
    for i in range(max(0, p - REVERSE_WINDOW), p):
        if tokens[i] in c.negations or any(e.kind == "reverser" for e in r.matches[i]):
            return True
    return False


# Object classes -> event categories.
CLASS_CATEGORY: dict[str, str] = {
    "tariff": "tariff", "purchase": "agriculture", "talks": "talks", "tech": "tech",
    "currency": "currency",
}


@lru_cache(maxsize=16384)
def event_classes(text: str, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """The categories ``text`` reports an *act* on (a predicate-object pair), each with
    its direction: "talks Saturday ... in which Washington agreed to hold off on new
    tariffs" is talks and tariff, both de-escalation. Sorted by category."""
    per_class = _pairs(text, lang)
    out = {}
    for cls, votes in per_class.items():
        if votes["escalation"] != votes["de-escalation"]:
            out[CLASS_CATEGORY[cls]] = max(votes, key=lambda d: votes[d])
    return tuple(sorted(out.items()))


def _pairs(text: str, lang: str) -> dict[str, dict[str, int]]:
    """Votes per object class from predicate-object pairs."""
    c = _compiled(lang)
    r = _read(text, lang)
    out: dict[str, dict[str, int]] = {}
    for cls, direction, i in _acts(r):
        if _reversed(r, i, c):
            direction = _flip(direction)
        out.setdefault(cls, {"escalation": 0, "de-escalation": 0})[direction] += 1
    return out


@lru_cache(maxsize=16384)
def called_off(text: str, lang: str = "en") -> bool:
    """Whether ``text`` reports an escalation called off ("the White House canceled the
    planned tariff increase due Sunday", "aflyser den planlagte told"): a reverser
    before an escalating predicate. A day in such a clause is the day the measure was
    due, which never came, not the day of the de-escalation that the sentence reports."""
    r = _read(text, lang)
    return any(direction == "escalation" and _reverser_before(r, i)
               for _, direction, i in _acts(r))


def _acts(r: _Reading) -> list[tuple[str, str, int]]:
    """(object class, the predicate's own direction, the predicate's token) of each
    predicate-object pair, each predicate used once."""
    n = len(r.tokens)
    out: list[tuple[str, str, int]] = []
    used: set[int] = set()
    for j in range(n):
        classes = {e.cls for e in r.matches[j] if e.kind == "object"}
        if not classes:
            continue
        best: tuple[int, int, str, str] | None = None
        for i in [*range(j - 1, max(-1, j - BEFORE - 1), -1),
                  *range(j + 1, min(n, j + AFTER + 1))]:
            hit = next((e for e in r.matches[i]
                        if e.kind == "predicate" and e.cls in classes), None)
            if hit is not None:
                dist = abs(i - j) + (0 if i < j else 1)  # the active voice first
                if best is None or dist < best[0]:
                    best = (dist, i, hit.direction, hit.cls)
        if best is None or best[1] in used:
            continue
        used.add(best[1])
        out.append((best[3], best[2], best[1]))
    return out


@lru_cache(maxsize=16384)
def predicate_direction(text: str, lang: str = "en") -> str | None:
    """``escalation``/``de-escalation`` from predicate-object pairs in ``text``, or
    ``None`` when no rule applies (module notes)."""
    c = _compiled(lang)
    r = _read(text, lang)
    votes = {"escalation": 0, "de-escalation": 0}
    for class_votes in _pairs(text, lang).values():
        for d, k in class_votes.items():
            votes[d] += k
    if votes["escalation"] != votes["de-escalation"]:
        # An act on an object decides over words that only describe it: "a gradual
        # reduction of the punitive tariffs" is a reduction.
        return max(votes, key=lambda d: votes[d])
    for i, found in enumerate(r.matches):
        alone = next((e for e in found if e.kind == "standalone"), None)
        if alone is not None:
            negated = i > 0 and r.tokens[i - 1] in c.negations
            votes[_flip(alone.direction) if negated else alone.direction] += 1
    if votes["escalation"] == votes["de-escalation"]:
        return None
    return max(votes, key=lambda d: votes[d])
