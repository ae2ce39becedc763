"""Per-language word tables: one module per language (``en``, ``sv``, ``de``, ``da``,
``fr``, ``es``, ``no``, ``nl``, ``pt``), plain declarative data (:mod:`analysis.text.lang.tables`).

English and Swedish give their months, weekdays, numbers and classifier words
(:class:`~analysis.text.lang.tables.LexiconWords`); their date patterns are hand-written
in :mod:`analysis.text.dates.patterns`. German, Danish, French, Spanish, Norwegian, Dutch
and Portuguese each give one :class:`~analysis.text.lang.tables.LanguageTables`, from
which one generic pattern set and their classifiers are built (their words added to the
English ones: news in any language quotes English names, tweets and acronyms). Every
language also gives its
predicate-object direction rules (:class:`~analysis.text.lang.tables.DirectionTables`).
May import nothing from the package but :mod:`analysis.text.lang.tables`.
"""

from __future__ import annotations

from analysis.text.lang import da, de, es, fr, nl, no, pt
from analysis.text.lang.tables import LanguageTables

LANGUAGE_TABLES: tuple[LanguageTables, ...] = (
    de.TABLES, da.TABLES, fr.TABLES, es.TABLES, no.TABLES, nl.TABLES, pt.TABLES,
)
"""The table languages, in a fixed order."""

__all__ = ["LANGUAGE_TABLES", "LanguageTables"]
