"""Date expressions in news text and their resolution to dates, one job per module.

``words``
    Calendar words (month, weekday, number and ordinal tables of English and Swedish,
    from :mod:`analysis.text.lang`) and the regular-expression fragments built on them.
``patterns``
    The candidate patterns of every language, their handlers and trigger tokens.
``tense``
    Tense cues around an expression: whether it points to the past or the future.
``resolve``
    Finding the expressions of a text (:func:`~analysis.text.dates.resolve.find_date_expressions`)
    and resolving them against a publication date (:func:`~analysis.text.dates.resolve.resolve`).

Modules import each other's public names only. May import: ``analysis.text.lang``,
``analysis.text.lexicon`` (the one sentence splitter).
"""
