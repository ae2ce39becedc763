"""Stage 4, study: event studies and event-dummy regressions.

Owns the estimation engine (``engine``: models, prefix sums, exact variances), the
stacked panel and clusters (``panel``), the covariance of overlapping CARs (``overlap``),
the tests on arrays (``stattests``) and over panels (``caar``), the estimator and its
results (``eventstudy``, ``results``, ``summary``), the fit loop (``battery``),
regressions, their fit loop and joint tests (``regressions``, ``regressbattery``,
``joint``), the cross-asset study (``crossasset``) and the size/power validation
(``validation``). May import the earlier stages and the core modules, never
``analysis.report`` or ``analysis.commands``.
"""
