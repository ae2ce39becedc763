"""Stage 3, market: prices, exchange calendars, data quality and day 0.

Owns downloading (``pull_*``, the only network code) and loading (``load_*``) daily bars
with their manifest and cache (``prices``), exchange calendars (``calendars``),
data-quality flags (``quality``) and the one day-0 locator used by the event study and
the regressions (``day0``). May import the earlier stages and the core modules.
"""
