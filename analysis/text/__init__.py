"""Stage 1, text: article files to dated, classified mentions.

Owns reading and decoding articles (``articles``), the per-language word tables
(``lang/``) and the one sentence splitter (``lexicon``), date expressions and their
resolution (the ``dates`` package), classification and extraction of mentions
(``direction``, ``mentions``) and publication dates (the ``pubdates`` package).
May import only ``analysis.defaults``, ``analysis.io`` and itself.
"""
