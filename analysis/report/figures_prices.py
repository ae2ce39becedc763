"""Figures of the prices stage: price panels with events, data-quality flags.

May import: ``analysis.io``, ``analysis.report.style``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.io import AnalysisError
from analysis.report import style


def _price_column(prices: pd.DataFrame, column: str) -> str:
    if column in prices.columns:
        return column
    for alt in ("close", "adj_close", "price"):
        if alt in prices.columns:
            return alt
    raise AnalysisError(f"prices: no column {column!r} (nor close/adj_close/price)")


def _slice_dates(df: pd.DataFrame, start: object, end: object) -> pd.DataFrame:
    out = df.copy()
    out["date"] = style.to_dates(out["date"])
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
        color = style.category_color(row.get("category"))
        ax.axvline(row["date"], color=color, linewidth=0.9, alpha=0.6, zorder=1)
        ax.plot([row["date"]], [1.0], marker=style.direction_marker(row.get("direction")),
                color=color, transform=transform, clip_on=False, markersize=6, zorder=3)


@style.styled
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
    style.require(prices, ("date", "ticker"), "prices")
    col = _price_column(prices, column)
    if not tickers:
        raise AnalysisError("price_panels: no tickers given")
    fig = style.new_figure(9.0, 0.6 + 2.4 * len(tickers))
    axes = fig.subplots(len(tickers), 1, sharex=True, squeeze=False)[:, 0]
    for ax, ticker in zip(axes, tickers, strict=True):
        df = _slice_dates(prices[prices["ticker"] == ticker], start, end)
        if df.empty:
            raise AnalysisError(f"prices: no rows for {ticker} in the span shown")
        ax.plot(df["date"], df[col], color="#222222", linewidth=1.0, label=f"{ticker} {col}")
        _event_markers(ax, events, start, end)
        ax.set_ylabel(f"{ticker}\n({style.TICKER_UNITS.get(ticker, 'price')})")
        ax.set_title(f"{style.TICKER_NAMES.get(ticker, ticker)} ({ticker}), daily {col}",
                     loc="left", fontsize=9, fontweight="normal")
        style.style_axes(ax)
    style.date_axis(axes[-1])
    if events is not None and not events.empty:
        handles: list[Patch | Line2D] = [Line2D([], [], color="#222222", label="price")]
        handles += style.category_legend(events["category"].dropna())
        handles += style.direction_legend(events["direction"].dropna())
        axes[0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    first = _slice_dates(prices, start, end)["date"]
    span = f"{first.min():%Y-%m-%d} to {first.max():%Y-%m-%d}" if len(first) else ""
    fig.suptitle(title or f"Prices with trade-war events, {span}", fontweight="bold")
    return fig


@style.styled
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
    style.require(prices, ("date", "ticker", "volume"), "prices")
    style.require(quality, ("date", "ticker"), "quality")
    col = _price_column(prices, column)
    px = _slice_dates(prices[prices["ticker"] == ticker], start, end)
    if px.empty:
        raise AnalysisError(f"prices: no rows for {ticker} in the span shown")
    q = _slice_dates(quality[quality["ticker"] == ticker], start, end)
    flags = [f for f in style.FLAG_STYLES if f in q.columns and q[f].astype(bool).any()]
    fig = style.new_figure(9.0, 5.0)
    ax_p, ax_v = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    ax_p.plot(px["date"], px[col], color="#222222", linewidth=1.0, label=col)
    ax_v.bar(px["date"], px["volume"].clip(lower=1), color="#999999", width=1.0, label="volume")
    merged = px.merge(q, on=["date", "ticker"], how="inner", suffixes=("", "_q"))
    for flag in flags:
        color, marker = style.FLAG_STYLES[flag]
        hit = merged[merged[flag].astype(bool)]
        label = f"{flag} ({len(hit)} days)"
        ax_p.plot(hit["date"], hit[col], linestyle="", marker=marker, color=color,
                  markersize=6, label=label)
        ax_v.plot(hit["date"], hit["volume"].clip(lower=1), linestyle="", marker=marker,
                  color=color, markersize=5)
    ax_v.set_yscale("log")
    unit = style.TICKER_UNITS.get(ticker, "price")
    ax_p.set_ylabel(f"{col.replace('_', ' ').capitalize()} ({unit})")
    ax_v.set_ylabel("Volume (contracts,\nlog scale)" if "=F" in ticker else "Volume (log scale)")
    for ax in (ax_p, ax_v):
        style.style_axes(ax)
    style.date_axis(ax_v)
    ax_p.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    name = style.TICKER_NAMES.get(ticker, ticker)
    fig.suptitle(title or f"Data-quality flags: {name} ({ticker})",
                 fontweight="bold")
    return fig


