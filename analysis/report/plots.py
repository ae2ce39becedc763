"""Figures for the notebooks and the report: pure functions from DataFrames to Figures.

Every function takes the project's tables (the CSV contracts written by the CLI) and
returns a :class:`matplotlib.figure.Figure` built without :mod:`matplotlib.pyplot`, so no
global figure state leaks between calls and nothing is drawn to a screen. Returns are
shown in percent, prices in the asset's own unit (:data:`TICKER_UNITS`). Only
:func:`save_figure` touches the disk, atomically.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from scipy import stats

from analysis import config
from analysis.io import AnalysisError, atomic_path
from analysis.windows import window_length

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
_OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
)
CATEGORY_COLORS: dict[str, str] = {
    cat: _OKABE_ITO[i % len(_OKABE_ITO)] for i, cat in enumerate(config.CATEGORIES)
}
DIRECTION_MARKERS: dict[str, str] = {"escalation": "^", "de-escalation": "v", "neutral": "o"}
_UNKNOWN_COLOR = "#777777"
_UNKNOWN_MARKER = "s"

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
_RC: dict[str, object] = {
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
    return CATEGORY_COLORS.get(str(category), _UNKNOWN_COLOR)


def direction_marker(direction: object) -> str:
    """Marker of an event direction (a square for unknown directions)."""
    return DIRECTION_MARKERS.get(str(direction), _UNKNOWN_MARKER)


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnalysisError(f"{what}: missing column(s) {', '.join(missing)}")


def _styled(func: Callable[P, R]) -> Callable[P, R]:
    """Build the figure under the report's rc style (rcParams are read as artists are made)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(_RC):
            return func(*args, **kwargs)

    return wrapper


def _new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _style_axes(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def _date_axis(ax: Axes, label: str = "Date") -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(label)


def _to_dates(values: pd.Series) -> pd.Series:
    """Parse dates; month-precision strings such as ``2019-06`` become the 1st of the month."""
    return pd.to_datetime(values.astype("string"), errors="coerce", format="mixed")


def _window_label(window: object) -> str:
    text = str(window).strip()
    if isinstance(window, tuple | list) and len(window) == 2:
        text = f"{window[0]}:{window[1]}"
    return f"[{text.strip('[]()').replace(',', ':').replace(' ', '')}]"


def _direction_legend(directions: Iterable[object]) -> list[Line2D]:
    seen = sorted({str(d) for d in directions}, key=_direction_order)
    return [
        Line2D([], [], linestyle="", marker=direction_marker(d), color="#444444",
               markerfacecolor="#444444", label=d)
        for d in seen
    ]


def _category_legend(categories: Iterable[object]) -> list[Patch]:
    seen = sorted({str(c) for c in categories}, key=_category_order)
    return [Patch(color=category_color(c), label=c) for c in seen]


def _category_order(cat: str) -> tuple[int, str]:
    cats = list(config.CATEGORIES)
    return (cats.index(cat) if cat in cats else len(cats), cat)


def _direction_order(direction: str) -> tuple[int, str]:
    dirs = list(config.DIRECTIONS)
    return (dirs.index(direction) if direction in dirs else len(dirs), direction)


# Articles and events ---------------------------------------------------------------------


@_styled
def event_timeline(
    events: pd.DataFrame,
    *,
    catalog: pd.DataFrame | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    title: str = "Trade-war events: seed articles and curated catalog",
) -> Figure:
    """Events on a time line: one row per category, colour by category, marker by direction.

    Parameters
    ----------
    events : DataFrame
        The merged event catalog (``date``, ``category``, ``direction``; optional
        ``date_precision`` and ``date_end``). Week-, month- and year-precision events are
        drawn as a bar over their span, since no day was ever assigned to them.
    catalog : DataFrame, optional
        The curated catalog (same columns); drawn as hollow markers just below each row so
        both sources line up on the same dates.
    start, end : date-like, optional
        Limits of the time axis; default: the span of the data.
    title : str
        Figure title.

    Returns
    -------
    Figure
    """
    _require(events, ("date", "category", "direction"), "events")
    sources: list[tuple[str, pd.DataFrame, float, bool]] = [("seed articles", events, 0.15, True)]
    if catalog is not None:
        _require(catalog, ("date", "category", "direction"), "catalog")
        sources.append(("curated catalog", catalog, -0.15, False))
    cats = sorted(
        {str(c) for _, df, _, _ in sources for c in df["category"].dropna()}, key=_category_order
    )
    rows = {c: i for i, c in enumerate(cats)}
    fig = _new_figure(9.0, 1.2 + 0.55 * max(len(cats), 2))
    ax = fig.add_subplot()
    for _, df, offset, filled in sources:
        dates = _to_dates(df["date"])
        precision = (
            df["date_precision"].astype("string").fillna("day")
            if "date_precision" in df.columns
            else pd.Series("day", index=df.index)
        )
        ends = _to_dates(df["date_end"]) if "date_end" in df.columns else dates
        for idx in df.index:
            when = dates.loc[idx]
            if pd.isna(when) or pd.isna(df.at[idx, "category"]):
                continue
            cat = str(df.at[idx, "category"])
            y = rows[cat] + offset
            color = category_color(cat)
            until = ends.loc[idx]
            if precision.loc[idx] == "month" and (pd.isna(until) or until <= when):
                until = when + pd.offsets.MonthEnd(0)
            if precision.loc[idx] != "day" and pd.notna(until) and until > when:
                # A week- or month-level date is a span: no day is invented for it.
                ax.plot([when, until], [y, y], color=color, linewidth=4, alpha=0.5,
                        solid_capstyle="butt")
                continue
            ax.plot(
                [when], [y], linestyle="", marker=direction_marker(df.at[idx, "direction"]),
                markersize=8 if filled else 7, color=color,
                markerfacecolor=color if filled else "none", markeredgewidth=1.2,
            )
    ax.set_yticks(range(len(cats)), cats)
    ax.set_ylim(-0.6, len(cats) - 0.4)
    ax.set_ylabel("Category")
    if start is not None or end is not None:
        ax.set_xlim(
            pd.Timestamp(start) if start is not None else None,
            pd.Timestamp(end) if end is not None else None,
        )
    _date_axis(ax)
    _style_axes(ax)
    handles: list[Patch | Line2D] = _category_legend(cats)
    directions = pd.concat([df["direction"] for _, df, _, _ in sources]).dropna()
    handles += _direction_legend(directions)
    handles.append(Line2D([], [], linestyle="", marker="o", color="#444444", label="seed articles"))
    if catalog is not None:
        handles.append(Line2D([], [], linestyle="", marker="o", color="#444444",
                              markerfacecolor="none", label="curated catalog"))
    if "date_precision" in events.columns and (events["date_precision"] != "day").any():
        handles.append(Line2D([], [], color="#444444", linewidth=4, alpha=0.5,
                              label="week/month/year-level date"))
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(title)
    return fig


@_styled
def articles_chart(
    articles: pd.DataFrame, *, title: str = "Seed articles: publication dates"
) -> Figure:
    """Each article's publication date with its feasible range, coloured by language.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``language``, ``published``; optional ``published_earliest`` /
        ``published_latest`` (the range when the date was inferred) and
        ``published_source`` (how it was found), written beside each point.
    title : str
        Figure title.

    Returns
    -------
    Figure
    """
    _require(articles, ("article_id", "language", "published"), "articles")
    df = articles.sort_values("article_id").reset_index(drop=True)
    published = _to_dates(df["published"])
    earliest = _to_dates(df["published_earliest"]) if "published_earliest" in df else published
    latest = _to_dates(df["published_latest"]) if "published_latest" in df else published
    languages = sorted(df["language"].astype("string").fillna("unknown").unique())
    lang_color = {lang: _OKABE_ITO[i % len(_OKABE_ITO)] for i, lang in enumerate(languages)}
    fig = _new_figure(8.0, 1.0 + 0.45 * max(len(df), 2))
    ax = fig.add_subplot()
    for i in df.index:
        lang = str(df.at[i, "language"]) if pd.notna(df.at[i, "language"]) else "unknown"
        color = lang_color[lang]
        lo = earliest.loc[i] if pd.notna(earliest.loc[i]) else published.loc[i]
        hi = latest.loc[i] if pd.notna(latest.loc[i]) else published.loc[i]
        if pd.notna(lo) and pd.notna(hi) and lo != hi:
            ax.plot([lo, hi], [i, i], color=color, linewidth=3, alpha=0.4)
        if pd.notna(published.loc[i]):
            ax.plot([published.loc[i]], [i], "o", color=color)
            source = df.at[i, "published_source"] if "published_source" in df else None
            if source is not None and pd.notna(source):
                # Written past the end of the range, so the text never covers the bar.
                anchor = max(published.loc[i], hi) if pd.notna(hi) else published.loc[i]
                ax.annotate(f"  {source}", (anchor, i), fontsize=7, va="center",
                            color="#333333")
    ax.set_yticks(range(len(df)), [str(a) for a in df["article_id"]])
    ax.set_ylim(-0.6, len(df) - 0.4)
    ax.margins(x=0.12)
    ax.invert_yaxis()
    ax.set_ylabel("Article")
    _date_axis(ax, "Publication date")
    _style_axes(ax)
    handles: list[Patch | Line2D] = [Patch(color=lang_color[lang], label=f"language: {lang}")
                                     for lang in languages]
    handles.append(Line2D([], [], color="#777777", linewidth=3, alpha=0.4,
                          label="feasible date range"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title)
    return fig


# Prices and data quality ------------------------------------------------------------------


def _price_column(prices: pd.DataFrame, column: str) -> str:
    if column in prices.columns:
        return column
    for alt in ("close", "adj_close", "price"):
        if alt in prices.columns:
            return alt
    raise AnalysisError(f"prices: no column {column!r} (nor close/adj_close/price)")


def _slice_dates(df: pd.DataFrame, start: object, end: object) -> pd.DataFrame:
    out = df.copy()
    out["date"] = _to_dates(out["date"])
    if start is not None:
        out = out[out["date"] >= pd.Timestamp(str(start))]
    if end is not None:
        out = out[out["date"] <= pd.Timestamp(str(end))]
    return out.sort_values("date")


def _event_markers(ax: Axes, events: pd.DataFrame | None, start: object, end: object) -> None:
    """Vertical lines at event dates (colour = category) with the direction marker on top."""
    if events is None or events.empty:
        return
    ev = _slice_dates(events, start, end)
    if "date_precision" in ev.columns:
        ev = ev[ev["date_precision"].astype("string").fillna("day") == "day"]
    transform = ax.get_xaxis_transform()
    for _, row in ev.dropna(subset=["date"]).iterrows():
        color = category_color(row.get("category"))
        ax.axvline(row["date"], color=color, linewidth=0.9, alpha=0.6, zorder=1)
        ax.plot([row["date"]], [1.0], marker=direction_marker(row.get("direction")),
                color=color, transform=transform, clip_on=False, markersize=6, zorder=3)


@_styled
def price_panels(
    prices: pd.DataFrame,
    *,
    tickers: Sequence[str],
    events: pd.DataFrame | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    column: str = "close",
    title: str | None = None,
) -> Figure:
    """One panel per ticker: the price in its own unit, with the events as vertical lines.

    Parameters
    ----------
    prices : DataFrame
        Long table ``date``, ``ticker`` and the price ``column`` (``close`` by default).
    tickers : sequence of str
        Tickers, one panel each, top to bottom.
    events : DataFrame, optional
        ``date``, ``category``, ``direction``: a line per day-precision event, coloured by
        category, with the direction marker at the top of the panel.
    start, end : date-like, optional
        Span shown.
    column : str
        Price column.
    title : str, optional
        Figure title; default names the span.

    Returns
    -------
    Figure
    """
    _require(prices, ("date", "ticker"), "prices")
    col = _price_column(prices, column)
    if not tickers:
        raise AnalysisError("price_panels: no tickers given")
    fig = _new_figure(9.0, 0.6 + 2.4 * len(tickers))
    axes = fig.subplots(len(tickers), 1, sharex=True, squeeze=False)[:, 0]
    for ax, ticker in zip(axes, tickers, strict=True):
        df = _slice_dates(prices[prices["ticker"] == ticker], start, end)
        if df.empty:
            raise AnalysisError(f"prices: no rows for {ticker} in the span shown")
        ax.plot(df["date"], df[col], color="#222222", linewidth=1.0, label=f"{ticker} {col}")
        _event_markers(ax, events, start, end)
        ax.set_ylabel(f"{ticker}\n({TICKER_UNITS.get(ticker, 'price')})")
        ax.set_title(f"{TICKER_NAMES.get(ticker, ticker)} ({ticker}), daily {col}",
                     loc="left", fontsize=9, fontweight="normal")
        _style_axes(ax)
    _date_axis(axes[-1])
    if events is not None and not events.empty:
        handles: list[Patch | Line2D] = [Line2D([], [], color="#222222", label="price")]
        handles += _category_legend(events["category"].dropna())
        handles += _direction_legend(events["direction"].dropna())
        axes[0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    first = _slice_dates(prices, start, end)["date"]
    span = f"{first.min():%Y-%m-%d} to {first.max():%Y-%m-%d}" if len(first) else ""
    fig.suptitle(title or f"Prices with trade-war events, {span}", fontweight="bold")
    return fig


@_styled
def quality_panel(
    prices: pd.DataFrame,
    quality: pd.DataFrame,
    *,
    ticker: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    column: str = "close",
    title: str | None = None,
) -> Figure:
    """Price and volume of one asset with its data-quality flags marked.

    Parameters
    ----------
    prices : DataFrame
        ``date``, ``ticker``, the price ``column`` and ``volume``.
    quality : DataFrame
        Flagged rows ``date``, ``ticker`` and one boolean column per flag (``roll``,
        ``thin``, ``stale``...); each flag gets its own marker on both panels.
    ticker : str
        Asset shown.
    start, end : date-like, optional
        Span shown.
    column : str
        Price column.
    title : str, optional
        Figure title.

    Returns
    -------
    Figure
    """
    _require(prices, ("date", "ticker", "volume"), "prices")
    _require(quality, ("date", "ticker"), "quality")
    col = _price_column(prices, column)
    px = _slice_dates(prices[prices["ticker"] == ticker], start, end)
    if px.empty:
        raise AnalysisError(f"prices: no rows for {ticker} in the span shown")
    q = _slice_dates(quality[quality["ticker"] == ticker], start, end)
    flags = [f for f in FLAG_STYLES if f in q.columns and q[f].astype(bool).any()]
    fig = _new_figure(9.0, 5.0)
    ax_p, ax_v = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    ax_p.plot(px["date"], px[col], color="#222222", linewidth=1.0, label=col)
    ax_v.bar(px["date"], px["volume"].clip(lower=1), color="#999999", width=1.0, label="volume")
    merged = px.merge(q, on=["date", "ticker"], how="inner", suffixes=("", "_q"))
    for flag in flags:
        color, marker = FLAG_STYLES[flag]
        hit = merged[merged[flag].astype(bool)]
        label = f"{flag} ({len(hit)} days)"
        ax_p.plot(hit["date"], hit[col], linestyle="", marker=marker, color=color,
                  markersize=6, label=label)
        ax_v.plot(hit["date"], hit["volume"].clip(lower=1), linestyle="", marker=marker,
                  color=color, markersize=5)
    ax_v.set_yscale("log")
    ax_p.set_ylabel(f"{col.replace('_', ' ').capitalize()} ({TICKER_UNITS.get(ticker, 'price')})")
    ax_v.set_ylabel("Volume (contracts,\nlog scale)" if "=F" in ticker else "Volume (log scale)")
    for ax in (ax_p, ax_v):
        _style_axes(ax)
    _date_axis(ax_v)
    ax_p.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(title or f"Data-quality flags: {TICKER_NAMES.get(ticker, ticker)} ({ticker})",
                 fontweight="bold")
    return fig


# Event study -----------------------------------------------------------------------------


def _pct(x: pd.Series | np.ndarray | float) -> pd.Series | np.ndarray | float:
    return x * 100.0


@_styled
def car_by_event(
    event_study: pd.DataFrame,
    *,
    window: object,
    model: str | Mapping[str, str] | None = None,
    tickers: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    level: float = 0.95,
    title: str | None = None,
) -> Figure:
    """CAR per event and asset over one window, with its confidence interval.

    Parameters
    ----------
    event_study : DataFrame
        ``event_id``, ``ticker``, ``model``, ``window``, ``car``, ``car_se`` (returns as
        decimals; shown in percent).
    window : str or tuple
        Event window, e.g. ``"-1:1"`` or ``(-1, 1)``.
    model : str or mapping, optional
        Model to show, or ticker -> model; default: the first model listed per ticker.
    tickers : sequence of str, optional
        Panels, left to right; default: every ticker in the table.
    labels : mapping, optional
        event_id -> label for the y axis (e.g. ``"2019-08-01 tariff"``).
    level : float
        Confidence level of the interval :math:`\\mathrm{CAR} \\pm z_{(1+level)/2}\\,\\widehat{se}`.
    title : str, optional
        Figure title.

    Returns
    -------
    Figure
    """
    _require(event_study, ("event_id", "ticker", "model", "window", "car", "car_se"),
             "event_study")
    df = event_study[event_study["window"].map(_window_label) == _window_label(window)]
    if df.empty:
        raise AnalysisError(f"event_study: no rows for window {_window_label(window)}")
    tickers = list(tickers) if tickers is not None else list(dict.fromkeys(df["ticker"]))
    z = stats.norm.ppf(0.5 + level / 2)
    # Labels start with the event date, so sorting on them puts the events in time order.
    event_ids = sorted(df["event_id"].astype(str).unique(),
                       key=lambda e: (labels.get(e, e) if labels else e, e))
    fig = _new_figure(3.2 * len(tickers) + 1.5, 1.2 + 0.3 * len(event_ids))
    axes = fig.subplots(1, len(tickers), sharey=True, squeeze=False)[0]
    ypos = {e: i for i, e in enumerate(event_ids)}
    for ax, ticker in zip(axes, tickers, strict=True):
        sub = df[df["ticker"] == ticker]
        chosen = model.get(ticker) if isinstance(model, Mapping) else model
        if chosen is None and not sub.empty:
            chosen = str(sub["model"].iloc[0])
        sub = sub[sub["model"] == chosen]
        y = sub["event_id"].astype(str).map(ypos).to_numpy()
        car = _pct(sub["car"].to_numpy(dtype=float))
        err = _pct(z * sub["car_se"].to_numpy(dtype=float))
        colors = [category_color(c) for c in sub["category"]] if "category" in sub else "#0072B2"
        ax.barh(y, car, color=colors, alpha=0.8, height=0.7)
        ax.errorbar(car, y, xerr=err, fmt="none", ecolor="#222222", elinewidth=0.8, capsize=2)
        for yi in y[~np.isfinite(car)]:
            ax.annotate(" no CAR", (0, yi), va="center", fontsize=7, color="#555555")
        ax.axvline(0, color="#222222", linewidth=0.8)
        ax.set_title(f"{ticker} ({chosen})", fontsize=9)
        ax.set_xlabel(f"CAR{_window_label(window)} (%)")
        _style_axes(ax)
    axes[0].set_yticks(range(len(event_ids)),
                       [labels.get(e, e) if labels else e for e in event_ids])
    axes[0].invert_yaxis()
    axes[0].set_ylabel("Event")
    if "category" in df.columns:
        axes[-1].legend(handles=_category_legend(df["category"].dropna()), loc="upper left",
                        bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(title or f"Cumulative abnormal return per event, window {_window_label(window)}, "
                 f"{level:.0%} CI", fontweight="bold")
    return fig


def ar_sigma(event_study: pd.DataFrame) -> pd.DataFrame:
    """One-day abnormal-return standard error per event, asset and model.

    Taken from the ``[0:0]`` window, whose CAR standard error is the one-day
    :math:`\\hat\\sigma_{AR}`; without that window, from the shortest window as
    :math:`\\widehat{se}_{CAR}/\\sqrt{L}` with :math:`L` its length in sessions.

    Parameters
    ----------
    event_study : DataFrame
        ``event_id``, ``ticker``, ``model``, ``window``, ``car_se``.

    Returns
    -------
    DataFrame
        ``event_id``, ``ticker``, ``model``, ``sigma``.
    """
    _require(event_study, ("event_id", "ticker", "model", "window", "car_se"), "event_study")
    df = event_study.copy()
    df["length"] = df["window"].map(lambda w: window_length(_window_label(w).strip("[]")))
    df["sigma"] = df["car_se"].astype(float) / np.sqrt(df["length"])
    df = df.dropna(subset=["sigma"]).sort_values(["event_id", "ticker", "model", "length"])
    out = df.groupby(["event_id", "ticker", "model"], as_index=False).first()
    return out[["event_id", "ticker", "model", "sigma"]]


@_styled
def car_paths(
    abnormal_returns: pd.DataFrame,
    *,
    event_ids: Sequence[str],
    tickers: Sequence[str],
    model: str | Mapping[str, str] | None = None,
    sigma: pd.DataFrame | None = None,
    rel_days: tuple[int, int] = (-5, 5),
    labels: Mapping[str, str] | None = None,
    level: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Cumulative abnormal return paths around day 0, with pointwise confidence bands.

    The path cumulates from the first day shown, :math:`\\tau_1`:

    .. math::

        \\mathrm{CAR}(\\tau_1, \\tau) = \\sum_{s=\\tau_1}^{\\tau} AR_s, \\qquad
        \\mathrm{band} = \\pm z_{(1+level)/2}\\, \\hat\\sigma_{AR} \\sqrt{\\tau - \\tau_1 + 1}.

    Parameters
    ----------
    abnormal_returns : DataFrame
        ``event_id``, ``ticker``, ``model``, ``rel_day``, ``ar`` (decimals; shown in %).
    event_ids : sequence of str
        Events, one panel row each.
    tickers : sequence of str
        Assets, one line colour each.
    model : str or mapping, optional
        Model, or ticker -> model; default: the first model listed per asset.
    sigma : DataFrame, optional
        ``event_id``, ``ticker``, ``model``, ``sigma`` (see :func:`ar_sigma`); without it no
        band is drawn.
    rel_days : tuple of int
        First and last event day shown.
    labels : mapping, optional
        event_id -> panel title.
    level : float
        Confidence level of the band.
    title : str, optional
        Figure title.

    Returns
    -------
    Figure
    """
    _require(abnormal_returns, ("event_id", "ticker", "model", "rel_day", "ar"),
             "abnormal_returns")
    if not event_ids:
        raise AnalysisError("car_paths: no events given")
    z = stats.norm.ppf(0.5 + level / 2)
    lo, hi = rel_days
    ar = abnormal_returns[abnormal_returns["rel_day"].between(lo, hi)]
    ncol = min(len(event_ids), 3)
    nrow = int(np.ceil(len(event_ids) / ncol))
    fig = _new_figure(3.3 * ncol + 1.6, 0.8 + 2.5 * nrow)
    axes = fig.subplots(nrow, ncol, sharey=True, squeeze=False).ravel()
    colors = {t: _OKABE_ITO[i % len(_OKABE_ITO)] for i, t in enumerate(tickers)}
    for ax, event_id in zip(axes, event_ids, strict=False):
        for ticker in tickers:
            sub = ar[(ar["event_id"].astype(str) == str(event_id)) & (ar["ticker"] == ticker)]
            chosen = model.get(ticker) if isinstance(model, Mapping) else model
            if chosen is None and not sub.empty:
                chosen = str(sub["model"].iloc[0])
            sub = sub[sub["model"] == chosen].sort_values("rel_day")
            if sub.empty:
                continue
            days = sub["rel_day"].to_numpy(dtype=int)
            path = _pct(np.cumsum(sub["ar"].to_numpy(dtype=float)))
            ax.plot(days, path, marker="o", markersize=3, color=colors[ticker],
                    label=f"{ticker} ({chosen})")
            if sigma is not None:
                hit = sigma[(sigma["event_id"].astype(str) == str(event_id))
                            & (sigma["ticker"] == ticker) & (sigma["model"] == chosen)]
                if not hit.empty:
                    half = _pct(z * float(hit["sigma"].iloc[0]) * np.sqrt(days - days[0] + 1))
                    # Dashed bounds rather than fills: two assets' bands stay readable.
                    for sign in (1, -1):
                        ax.plot(days, sign * half, linestyle="--", linewidth=0.9,
                                color=colors[ticker], alpha=0.8)
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.axvline(0, color="#222222", linewidth=0.8, linestyle="--")
        ax.set_title(labels.get(str(event_id), str(event_id)) if labels else str(event_id),
                     fontsize=9)
        ax.set_xlabel("Event day (sessions from day 0)")
        ax.set_xlim(lo - 0.3, hi + 0.3)
        _style_axes(ax)
    for ax in axes[len(event_ids):]:
        ax.set_visible(False)
    for row in range(nrow):
        axes[row * ncol].set_ylabel(f"CAR from day {lo} (%)")
    handles, names = axes[0].get_legend_handles_labels()
    if sigma is not None:
        band = f"{level:.0%} band under H0 (dashed)"
        handles.append(Line2D([], [], linestyle="--", color="#444444", label=band))
        names.append(band)
    fig.legend(handles, names, loc="outside right upper")
    fig.suptitle(title or "Cumulative abnormal return paths around the key events",
                 fontweight="bold")
    return fig


@_styled
def caar_bars(
    caar: pd.DataFrame,
    *,
    window: object,
    test: str | None = None,
    tickers: Sequence[str] | None = None,
    model: str | Mapping[str, str] | None = None,
    groups: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """CAAR by group (category, direction...) over one window, annotated with n and a p-value.

    Parameters
    ----------
    caar : DataFrame
        The test battery: ``group``, ``window``, ``n_events``, ``caar``, the test name
        (``test``, or ``statistic`` beside its ``value``), ``p_value``; optional
        ``ticker`` and ``model`` (one panel per ticker and model).
    window : str or tuple
        Event window shown.
    test : str, optional
        Test whose p-value is written on each bar; default: the first test listed.
    tickers : sequence of str, optional
        Tickers shown, in panel order; default: all, in order of appearance.
    model : str or mapping, optional
        Model, or ticker -> model; default: every model of each ticker.
    groups : sequence of str, optional
        Groups and their order; default: all, in order of appearance.
    title : str, optional
        Figure title.

    Returns
    -------
    Figure
    """
    caar = _battery(caar)
    df = caar[caar["window"].map(_window_label) == _window_label(window)]
    if df.empty:
        raise AnalysisError(f"caar: no rows for window {_window_label(window)}")
    test = test or str(df["test"].iloc[0])
    panels: list[tuple[str, str] | None] = [None]
    if {"ticker", "model"} <= set(df.columns):
        shown_tickers = list(tickers) if tickers is not None else list(dict.fromkeys(df["ticker"]))
        panels = []
        for ticker in shown_tickers:
            models = list(dict.fromkeys(df.loc[df["ticker"] == ticker, "model"]))
            chosen = model.get(ticker) if isinstance(model, Mapping) else model
            panels += [(ticker, m) for m in models if chosen is None or m == chosen]
        if not panels:
            raise AnalysisError("caar: no rows for the tickers and model asked for")
    groups = list(groups) if groups is not None else list(dict.fromkeys(df["group"].astype(str)))
    fig = _new_figure(min(14.0, (0.5 * len(groups) + 1.2) * len(panels) + 1.0), 4.2)
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    for ax, key in zip(axes, panels, strict=True):
        sub = df if key is None else df[(df["ticker"] == key[0]) & (df["model"] == key[1])]
        first = sub.drop_duplicates("group").set_index("group")
        tested = sub[sub["test"] == test].drop_duplicates("group")
        pvals = dict(zip(tested["group"].astype(str), tested["p_value"], strict=True))
        shown = [g for g in groups if g in first.index]
        x = np.arange(len(shown))
        values = _pct(first.loc[shown, "caar"].to_numpy(dtype=float))
        for xi, g, v in zip(x, shown, values, strict=True):
            color, hatch = _group_style(g)
            ax.bar(xi, v, color=color, hatch=hatch, edgecolor="white", alpha=0.9)
            n = int(first.at[g, "n_events"])
            p = pvals.get(g, np.nan)
            ax.annotate(f"n={n}\np={p:.2f}" if pd.notna(p) else f"n={n}", (xi, v),
                        textcoords="offset points", xytext=(0, 3 if v >= 0 else -3),
                        ha="center", va="bottom" if v >= 0 else "top", fontsize=7)
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(x, shown, rotation=35, ha="right")
        ax.set_xlabel("Event group")
        ax.set_title(f"{key[0]} ({key[1]})" if key else "", fontsize=9)
        ax.margins(y=0.25)
        _style_axes(ax)
    axes[0].set_ylabel(f"CAAR{_window_label(window)} (%)")
    fig.suptitle(title or f"CAAR by event group, window {_window_label(window)} "
                 f"(p-values: {test})", fontweight="bold")
    return fig


def _battery(caar: pd.DataFrame) -> pd.DataFrame:
    """The battery with the test name in ``test`` (``caar.csv`` calls it ``statistic``)."""
    if "test" not in caar.columns and {"statistic", "value"} <= set(caar.columns):
        caar = caar.rename(columns={"statistic": "test", "value": "statistic"})
    _require(caar, ("group", "window", "n_events", "caar", "test", "p_value"), "caar")
    return caar


_DIRECTION_STYLES: dict[str, tuple[str, str]] = {
    "escalation": ("#666666", "//"),
    "de-escalation": ("#999999", "\\\\"),
    "neutral": ("#BBBBBB", ""),
}


def _group_style(group: str) -> tuple[str, str]:
    """Fill colour and hatch of a battery group (``all``, ``category=x``, ``direction=y``).

    Categories keep their colour; directions are grey with a hatch, so a direction never
    reads as the category that happens to share its colour.
    """
    value = group.split("=")[-1].split(":")[-1]
    if value in CATEGORY_COLORS:
        return category_color(value), ""
    if value in _DIRECTION_STYLES:
        return _DIRECTION_STYLES[value]
    return "#222222", ""


@_styled
def pvalue_heatmap(
    caar: pd.DataFrame,
    *,
    window: object,
    tickers: Sequence[str] | None = None,
    model: str | Mapping[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """The full test battery as a grid: groups x tests, cell colour and text = p-value.

    Parameters
    ----------
    caar : DataFrame
        The battery (see :func:`caar_bars`), with ``ticker`` and ``model``.
    window : str or tuple
        Event window shown.
    tickers : sequence of str, optional
        One panel each; default every ticker in the table.
    model : str or mapping, optional
        Model, or ticker -> model; default the first listed per ticker.
    title : str, optional
        Figure title.

    Returns
    -------
    Figure
    """
    df = _battery(caar)
    _require(df, ("ticker", "model"), "caar")
    df = df[df["window"].map(_window_label) == _window_label(window)]
    if df.empty:
        raise AnalysisError(f"caar: no rows for window {_window_label(window)}")
    tickers = list(tickers) if tickers is not None else list(dict.fromkeys(df["ticker"]))
    tests = list(dict.fromkeys(df["test"].astype(str)))
    groups = list(dict.fromkeys(df["group"].astype(str)))
    fig = _new_figure(1.5 + 0.75 * len(tests) * len(tickers), 1.6 + 0.32 * len(groups))
    axes = fig.subplots(1, len(tickers), sharey=True, squeeze=False)[0]
    image = None
    for ax, ticker in zip(axes, tickers, strict=True):
        sub = df[df["ticker"] == ticker]
        chosen = model.get(ticker) if isinstance(model, Mapping) else model
        if chosen is None and not sub.empty:
            chosen = str(sub["model"].iloc[0])
        sub = sub[sub["model"] == chosen]
        grid = (sub.pivot_table(index="group", columns="test", values="p_value", aggfunc="first")
                .reindex(index=groups, columns=tests))
        values = grid.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="viridis", vmin=0, vmax=1, aspect="auto")
        for (i, j), p in np.ndenumerate(values):
            if np.isfinite(p):
                ax.text(j, i, f"{p:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if p < 0.5 else "black",
                        fontweight="bold" if p < 0.05 else "normal")
        ax.set_xticks(range(len(tests)), tests, rotation=45, ha="right")
        ax.set_yticks(range(len(groups)), groups)
        ax.set_xlabel("Test")
        ax.set_title(f"{ticker} ({chosen})", fontsize=9)
        ax.grid(False)
    axes[0].set_ylabel("Event group")
    if image is not None:
        fig.colorbar(image, ax=list(axes), label="p-value (bold: < 0.05)", shrink=0.8)
    fig.suptitle(title or f"Test battery p-values, CAAR window {_window_label(window)}",
                 fontweight="bold")
    return fig


def event_labels(events: pd.DataFrame) -> dict[str, str]:
    """``event_id -> "YYYY-MM-DD category (direction)"``, for axis labels and titles."""
    _require(events, ("event_id", "date", "category", "direction"), "events")
    return {
        str(r.event_id): f"{r.date} {r.category} ({r.direction})"
        for r in events.itertuples(index=False)
    }


@_styled
def forest(
    df: pd.DataFrame,
    *,
    label: str | Sequence[str],
    estimate: str,
    se: str | None = None,
    low: str | None = None,
    high: str | None = None,
    group: str | None = None,
    scale: float = 100.0,
    level: float = 0.95,
    xlabel: str = "Estimate (%)",
    ylabel: str = "Estimate",
    title: str = "Estimates with confidence intervals",
) -> Figure:
    """Forest plot: one row per estimate with its interval, optionally coloured by group.

    The interval is ``[low, high]`` when given, else
    :math:`\\hat\\theta \\pm z_{(1+level)/2}\\,\\widehat{se}`.

    Parameters
    ----------
    df : DataFrame
        One row per estimate, in the order drawn (top to bottom).
    label : str or sequence of str
        Column with the row label, or columns joined with " · " into one.
    estimate : str
        Column with the point estimate.
    se, low, high : str, optional
        Standard-error column, or interval-bound columns.
    group : str, optional
        Column whose values colour the rows (legend).
    scale : float
        Multiplier applied to estimates and bounds (100 shows decimals as percent).
    level : float
        Confidence level when the interval comes from ``se``.
    xlabel, ylabel, title : str
        Axis labels and figure title.

    Returns
    -------
    Figure
    """
    label_cols = [label] if isinstance(label, str) else list(label)
    _require(df, [c for c in (*label_cols, estimate, se, low, high, group) if c], "forest")
    if df.empty:
        raise AnalysisError(f"forest: no rows to plot for {title!r}")
    data = df.reset_index(drop=True)
    names = data[label_cols].astype(str).agg(" · ".join, axis=1)
    est = data[estimate].to_numpy(dtype=float) * scale
    if low and high:
        lo = data[low].to_numpy(dtype=float) * scale
        hi = data[high].to_numpy(dtype=float) * scale
    elif se:
        z = stats.norm.ppf(0.5 + level / 2)
        half = z * data[se].to_numpy(dtype=float) * scale
        lo, hi = est - half, est + half
    else:
        lo = hi = est
    fig = _new_figure(7.5, 1.2 + 0.28 * len(data))
    ax = fig.add_subplot()
    y = np.arange(len(data))
    if group:
        keys = list(dict.fromkeys(data[group].astype(str)))
        palette = {k: _OKABE_ITO[i % len(_OKABE_ITO)] for i, k in enumerate(keys)}
        colors = [palette[str(g)] for g in data[group]]
    else:
        palette, colors = {}, ["#0072B2"] * len(data)
    ax.hlines(y, lo, hi, colors=colors, linewidth=1.5)
    ax.scatter(est, y, c=colors, s=22, zorder=3)
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _style_axes(ax)
    if palette:
        ax.legend(handles=[Patch(color=c, label=k) for k, c in palette.items()],
                  title=group, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(title, fontweight="bold")
    return fig


# Saving ------------------------------------------------------------------------------------


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
        with mpl.rc_context(_RC), atomic_path(target) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
        written.append(target)
    return written
