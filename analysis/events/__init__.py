"""Stage 2, events: mentions merged into an event catalog.

Owns merging mentions across articles into events with stable ids (``merge``), the
events table's schema, reading and analyst overrides (``table``), the curated 2018-2020
catalog (``catalog``) and scoring the text stage against a labelled corpus
(``evaluate``). May import ``analysis.text`` and the core modules, never a later stage.
"""
