"""Stage 5, report: figures, notebooks and the report index.

Owns the figure style and the pure figure functions (``style``, ``figures_*``, re-exported
by ``plots`` for the notebooks), headless notebook execution (``notebooks``), the HTML
index (``index``) and the literature comparison (``published``, ``literature``). May
import every earlier stage, never ``analysis.commands``.
"""
