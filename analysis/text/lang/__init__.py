"""Per-language word tables: one module per language (``en``, ``sv``, ``de``, ``da``,
``fr``, ``es``, ``no``, ``nl``, ``pt``), each one
:class:`~analysis.text.lang.tables.LanguageTables` (plain declarative data) and its
predicate-object direction rules (:class:`~analysis.text.lang.tables.DirectionTables`).

English and Swedish have hand-written date patterns (:mod:`analysis.text.dates.patterns`)
that read their words from these tables; every other language gets one generic pattern
set built from its tables, and its classifier words are added to the English ones (news
in any language quotes English names, tweets and acronyms).

Adding a language is one new module here, listed in :data:`LANGUAGE_TABLES`, plus its
tests; a table built at run time joins with :func:`register`.
May import nothing from the package but :mod:`analysis.text.lang.tables`.
"""

from __future__ import annotations

from analysis.text.lang import da, de, en, es, fr, nl, no, pt, sv
from analysis.text.lang.tables import LanguageTables

LANGUAGE_TABLES: tuple[LanguageTables, ...] = (
    de.TABLES, da.TABLES, fr.TABLES, es.TABLES, no.TABLES, nl.TABLES, pt.TABLES,
)
"""The languages of the generic pattern set, in a fixed order."""

HAND_WRITTEN: tuple[LanguageTables, ...] = (en.TABLES, sv.TABLES)
"""The languages with hand-written date patterns (English first: the fallback)."""

REGISTRY: dict[str, LanguageTables] = {t.code: t for t in (*HAND_WRITTEN, *LANGUAGE_TABLES)}
"""Every known language by code: the hand-written ones, the table languages, then any
:func:`register` added."""


def register(tables: LanguageTables) -> None:
    """Make a table language known to the date reader (generic pattern set).

    Parameters
    ----------
    tables : LanguageTables
        Its code must not name a hand-written language.

    Raises
    ------
    ValueError
        When ``tables.code`` is ``en`` or ``sv``.
    """
    if tables.code in {t.code for t in HAND_WRITTEN}:
        raise ValueError(f"{tables.code} has hand-written patterns; it cannot be replaced")
    REGISTRY[tables.code] = tables


__all__ = ["HAND_WRITTEN", "LANGUAGE_TABLES", "REGISTRY", "LanguageTables", "register"]
