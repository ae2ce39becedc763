"""The figure API the notebooks use: one namespace over the report's figure modules.

Every function takes the project's tables (the CSV contracts written by the CLI) and
returns a :class:`matplotlib.figure.Figure` built without :mod:`matplotlib.pyplot`, so no
global figure state leaks between calls and nothing is drawn to a screen. Returns are
shown in percent, prices in the asset's own unit (:data:`TICKER_UNITS`). Only
:func:`save_figure` touches the disk, atomically. The figures live by stage in
:mod:`analysis.report.figures_events`, ``figures_prices``, ``figures_study`` and
``figures_cross``; the shared look in :mod:`analysis.report.style`.

May import: the ``analysis.report`` figure modules.
"""

from __future__ import annotations

from analysis.report.figures_cross import caar_by_asset, soybean_contrast
from analysis.report.figures_events import articles_chart, event_timeline
from analysis.report.figures_prices import price_panels, quality_panel
from analysis.report.figures_study import (
    ForestStyle,
    PathStyle,
    ar_sigma,
    caar_bars,
    car_by_event,
    car_paths,
    event_labels,
    forest,
    pvalue_heatmap,
)
from analysis.report.style import (
    CATEGORY_COLORS,
    DIRECTION_MARKERS,
    FLAG_STYLES,
    TICKER_NAMES,
    TICKER_UNITS,
    category_color,
    direction_marker,
    save_figure,
)

__all__ = [
    "CATEGORY_COLORS",
    "DIRECTION_MARKERS",
    "FLAG_STYLES",
    "TICKER_NAMES",
    "TICKER_UNITS",
    "ForestStyle",
    "PathStyle",
    "ar_sigma",
    "articles_chart",
    "caar_bars",
    "caar_by_asset",
    "car_by_event",
    "car_paths",
    "category_color",
    "direction_marker",
    "event_labels",
    "event_timeline",
    "forest",
    "price_panels",
    "pvalue_heatmap",
    "quality_panel",
    "save_figure",
    "soybean_contrast",
]
