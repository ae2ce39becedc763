"""The report's visual code and figure output: colours, markers, rc style, helpers, saving.

Every figure module (:mod:`analysis.report.figures_events`, ``figures_prices``,
``figures_study``, ``figures_cross``) builds its figures with these helpers, without
:mod:`matplotlib.pyplot`, so no global figure state leaks between calls. Only
:func:`save_figure` touches the disk, atomically.

May import: ``analysis.config``, ``analysis.io``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import config
from analysis.io import AnalysisError, atomic_path, require_columns
from analysis.windows import format_window

P = ParamSpec("P")
R = TypeVar("R")

TICKER_UNITS: dict[str, str] = {
    "^GSPC": "index points",
    "SPY": "USD per share",
    "ES=F": "index points",
    "ZS=F": "US cents per bushel",
    "ZC=F": "US cents per bushel",
    "ZW=F": "US cents per bushel",
    "ZN=F": "USD (% of par)",
    "DX=F": "index points",
    "GC=F": "USD per troy ounce",
    "CL=F": "USD per barrel",
}
TICKER_NAMES: dict[str, str] = {
    "^GSPC": "S&P 500",
    "SPY": "SPDR S&P 500 ETF",
    "ES=F": "E-mini S&P 500 futures",
    "ZS=F": "CBOT soybeans (front month)",
    "ZC=F": "CBOT corn (front month)",
    "ZW=F": "CBOT wheat (front month)",
    "ZN=F": "10-year T-note futures",
    "DX=F": "US dollar index futures",
    "GC=F": "Gold futures",
    "CL=F": "WTI crude futures",
}

# One fixed colour per category (colour-blind-safe Okabe-Ito order) and one marker per
# direction, so every figure in the report uses the same visual code.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
)
CATEGORY_COLORS: dict[str, str] = {
    cat: OKABE_ITO[i % len(OKABE_ITO)] for i, cat in enumerate(config.CATEGORIES)
}
DIRECTION_MARKERS: dict[str, str] = {"escalation": "^", "de-escalation": "v", "neutral": "o"}
UNKNOWN_COLOR = "#777777"
UNKNOWN_MARKER = "s"

FLAG_STYLES: dict[str, tuple[str, str]] = {
    "roll": ("#D55E00", "D"),
    "thin": ("#E69F00", "v"),
    "stale": ("#CC79A7", "s"),
    "missing_session": ("#000000", "x"),
    "duplicate_date": ("#56B4E9", "+"),
    "nonpositive_price": ("#0072B2", "X"),
    "high_lt_low": ("#009E73", "*"),
    "zero_open": ("#777777", "."),
}

# Byte-identical SVGs across reruns: fixed id salt, no creation date in the metadata.
RC: dict[str, object] = {
    "svg.hashsalt": "analysis",
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.titleweight": "bold",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
}


def category_color(category: object) -> str:
    """Colour of an event category (grey for anything outside :data:`config.CATEGORIES`)."""
    return CATEGORY_COLORS.get(str(category), UNKNOWN_COLOR)


def direction_marker(direction: object) -> str:
    """Marker of an event direction (a square for unknown directions)."""
    return DIRECTION_MARKERS.get(str(direction), UNKNOWN_MARKER)


require = require_columns
"""The figures' column check (:func:`analysis.io.require_columns`)."""


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Build the figure under the report's rc style (rcParams are read as artists are made)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(RC):
            return func(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def style_axes(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def date_axis(ax: Axes, label: str = "Date") -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(label)


def to_dates(values: pd.Series) -> pd.Series:
    """Parse dates; month-precision strings such as ``2019-06`` become the 1st of the month."""
    return pd.to_datetime(values.astype("string"), errors="coerce", format="mixed")


def window_label(window: object) -> str:
    text = str(window).strip()
    if isinstance(window, tuple | list) and len(window) == 2:
        text = format_window((window[0], window[1]))
    return f"[{text.strip('[]()').replace(',', ':').replace(' ', '')}]"


def direction_legend(directions: Iterable[object]) -> list[Line2D]:
    seen = sorted({str(d) for d in directions}, key=direction_order)
    return [
        Line2D([], [], linestyle="", marker=direction_marker(d), color="#444444",
               markerfacecolor="#444444", label=d)
        for d in seen
    ]


def category_legend(categories: Iterable[object]) -> list[Patch]:
    seen = sorted({str(c) for c in categories}, key=category_order)
    return [Patch(color=category_color(c), label=c) for c in seen]


def category_order(cat: str) -> tuple[int, str]:
    cats = list(config.CATEGORIES)
    return (cats.index(cat) if cat in cats else len(cats), cat)


def direction_order(direction: str) -> tuple[int, str]:
    dirs = list(config.DIRECTIONS)
    return (dirs.index(direction) if direction in dirs else len(dirs), direction)



def pct(x: pd.Series | np.ndarray | float) -> pd.Series | np.ndarray | float:
    """Decimal returns -> percent."""
    return x * 100.0




def save_figure(
    fig: Figure,
    name: str,
    *,
    directory: Path | None = None,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg``, each atomically.

    Parameters
    ----------
    fig : Figure
        Figure to save.
    name : str
        File stem, e.g. ``"02-prices-2019"`` (no directory, no suffix).
    directory : Path, optional
        Target folder; default :data:`analysis.config.FIGURES_DIR`, read at call time.
    formats : sequence of str
        File formats, in order.
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    list of Path
        The files written, in ``formats`` order.
    """
    if not name or Path(name).name != name or Path(name).suffix:
        raise AnalysisError(f"save_figure: {name!r} must be a bare file stem")
    folder = Path(directory) if directory is not None else config.FIGURES_DIR
    written: list[Path] = []
    for fmt in formats:
        target = folder / f"{name}.{fmt}"
        # No timestamps or software versions in the files, so reruns are byte-identical.
        metadata = {"Date": None} if fmt in ("svg", "pdf") else {"Software": None}
        with mpl.rc_context(RC), atomic_path(target) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
        written.append(target)
    return written
