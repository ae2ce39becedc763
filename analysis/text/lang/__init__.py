"""Per-language word tables, one module per language (``de``, ``da``, ``fr``, ``es``).

Each module defines one :class:`LanguageTables`: plain, declarative data that
:mod:`analysis.text.dates` turns into date patterns and :mod:`analysis.text.lexicon`
into classifiers. English and Swedish keep their hand-written rules in those modules;
the languages here share one generic pattern set built from these tables, and their
lexicons are added to the English words (news in any language quotes English names,
tweets and acronyms). May import nothing from the package.
"""

from __future__ import annotations

from analysis.text.lang import da, de, es, fr
from analysis.text.lang.tables import LanguageTables

LANGUAGE_TABLES: tuple[LanguageTables, ...] = (de.TABLES, da.TABLES, fr.TABLES, es.TABLES)
"""The table languages, in a fixed order."""

__all__ = ["LANGUAGE_TABLES", "LanguageTables"]
