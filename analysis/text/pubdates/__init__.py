"""Publication dates: metadata > dateline > inferred > inferred-crossdoc > unknown.

``stamps``
    :class:`~analysis.text.pubdates.stamps.PublicationDate` and the datelines printed at
    the head or foot of an article (with or without their year).
``metadata``
    The optional ``metadata.csv`` sidecar of an articles folder.
``catalog``
    Matching an article's content against the curated catalog (scores per day).
``inference``
    Anchors, constraints and the solver that infers a publication day.
``rounds``
    Dating one article or a batch in rounds (each round uses the anchors of the articles
    dated before it); year-less datelines; printed stamps checked against the content.
``blocks``
    The same rounds in linear time over representative anchors.
``periods``
    Month-only stamps given their day by links to dated articles, the month a hard
    window.

May import: ``analysis.io``, ``analysis.text`` (dates, lang, lexicon, mentions).
"""
