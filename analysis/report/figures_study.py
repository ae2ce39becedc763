"""Figures of the event-study stage: CARs per event, CAR paths, CAAR bars, the test
battery's p-values, and the generic forest plot.

May import: ``analysis.io``, ``analysis.report.style``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from scipy import stats

from analysis.io import AnalysisError
from analysis.report import style
from analysis.windows import window_length

T = TypeVar("T")


def _one_model(sub: pd.DataFrame, model: str | Mapping[str, str] | None,
               ticker: str) -> tuple[pd.DataFrame, str | None]:
    """Rows of one ticker's model: ``model`` (or ``model[ticker]``), else its first listed."""
    chosen = model.get(ticker) if isinstance(model, Mapping) else model
    if chosen is None and not sub.empty:
        chosen = str(sub["model"].iloc[0])
    return sub[sub["model"] == chosen], chosen


@style.styled
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
    style.require(event_study, ("event_id", "ticker", "model", "window", "car", "car_se"),
             "event_study")
    df = event_study[event_study["window"].map(style.window_label) == style.window_label(window)]
    if df.empty:
        raise AnalysisError(f"event_study: no rows for window {style.window_label(window)}")
    tickers = list(tickers) if tickers is not None else list(dict.fromkeys(df["ticker"]))
    z = stats.norm.ppf(0.5 + level / 2)
    # Labels start with the event date, so sorting on them puts the events in time order.
    event_ids = sorted(df["event_id"].astype(str).unique(),
                       key=lambda e: (labels.get(e, e) if labels else e, e))
    fig = style.new_figure(3.2 * len(tickers) + 1.5, 1.2 + 0.3 * len(event_ids))
    axes = fig.subplots(1, len(tickers), sharey=True, squeeze=False)[0]
    ypos = {e: i for i, e in enumerate(event_ids)}
    for ax, ticker in zip(axes, tickers, strict=True):
        sub = df[df["ticker"] == ticker]
        sub, chosen = _one_model(sub, model, ticker)
        y = sub["event_id"].astype(str).map(ypos).to_numpy()
        car = style.pct(sub["car"].to_numpy(dtype=float))
        err = style.pct(z * sub["car_se"].to_numpy(dtype=float))
        colors = ([style.category_color(c) for c in sub["category"]] if "category" in sub
                  else "#0072B2")
        ax.barh(y, car, color=colors, alpha=0.8, height=0.7)
        ax.errorbar(car, y, xerr=err, fmt="none", ecolor="#222222", elinewidth=0.8, capsize=2)
        for yi in y[~np.isfinite(car)]:
            ax.annotate(" no CAR", (0, yi), va="center", fontsize=7, color="#555555")
        ax.axvline(0, color="#222222", linewidth=0.8)
        ax.set_title(f"{ticker} ({chosen})", fontsize=9)
        ax.set_xlabel(f"CAR{style.window_label(window)} (%)")
        style.style_axes(ax)
    axes[0].set_yticks(range(len(event_ids)),
                       [labels.get(e, e) if labels else e for e in event_ids])
    axes[0].invert_yaxis()
    axes[0].set_ylabel("Event")
    if "category" in df.columns:
        axes[-1].legend(handles=style.category_legend(df["category"].dropna()), loc="upper left",
                        bbox_to_anchor=(1.01, 1.0))
    label = style.window_label(window)
    fig.suptitle(title or f"Cumulative abnormal return per event, window {label}, "
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
    style.require(event_study, ("event_id", "ticker", "model", "window", "car_se"), "event_study")
    df = event_study.copy()
    df["length"] = df["window"].map(lambda w: window_length(style.window_label(w).strip("[]")))
    df["sigma"] = df["car_se"].astype(float) / np.sqrt(df["length"])
    df = df.dropna(subset=["sigma"]).sort_values(["event_id", "ticker", "model", "length"])
    out = df.groupby(["event_id", "ticker", "model"], as_index=False).first()
    return out[["event_id", "ticker", "model", "sigma"]]


@dataclass(frozen=True)
class PathStyle:
    """How :func:`car_paths` draws: the days shown, the band's level, the titles.

    Attributes
    ----------
    rel_days : tuple of int
        First and last event day shown.
    labels : mapping, optional
        event_id -> panel title.
    level : float
        Confidence level of the band.
    title : str, optional
        Figure title.
    """

    rel_days: tuple[int, int] = (-5, 5)
    labels: Mapping[str, str] | None = None
    level: float = 0.95
    title: str | None = None


def _settings(base: T, options: Mapping[str, Any], where: str) -> T:
    """``base`` with ``options`` (field -> value) replaced; an unknown one is an error."""
    names = {f.name for f in fields(base)}  # type: ignore[arg-type]
    unknown = sorted(set(options) - names)
    if unknown:
        raise AnalysisError(f"{where}: unknown option(s) {', '.join(unknown)}; "
                            f"use {', '.join(sorted(names))}")
    return replace(base, **options)  # type: ignore[type-var]


def _path_panel(ax: Axes, ar: pd.DataFrame, event_id: str, tickers: Sequence[str],
                colors: Mapping[str, str], model: str | Mapping[str, str] | None,
                sigma: pd.DataFrame | None, z: float) -> None:
    """One event's panel: each asset's CAR path, dashed band bounds when ``sigma`` has it."""
    for ticker in tickers:
        sub = ar[(ar["event_id"].astype(str) == str(event_id)) & (ar["ticker"] == ticker)]
        sub, chosen = _one_model(sub, model, ticker)
        sub = sub.sort_values("rel_day")
        if sub.empty:
            continue
        days = sub["rel_day"].to_numpy(dtype=int)
        path = style.pct(np.cumsum(sub["ar"].to_numpy(dtype=float)))
        ax.plot(days, path, marker="o", markersize=3, color=colors[ticker],
                label=f"{ticker} ({chosen})")
        if sigma is None:
            continue
        hit = sigma[(sigma["event_id"].astype(str) == str(event_id))
                    & (sigma["ticker"] == ticker) & (sigma["model"] == chosen)]
        if not hit.empty:
            half = style.pct(z * float(hit["sigma"].iloc[0]) * np.sqrt(days - days[0] + 1))
            # Dashed bounds rather than fills: two assets' bands stay readable.
            for sign in (1, -1):
                ax.plot(days, sign * half, linestyle="--", linewidth=0.9,
                        color=colors[ticker], alpha=0.8)


def _path_axes(ax: Axes, event_id: str, opts: PathStyle) -> None:
    lo, hi = opts.rel_days
    ax.axhline(0, color="#222222", linewidth=0.8)
    ax.axvline(0, color="#222222", linewidth=0.8, linestyle="--")
    labels = opts.labels
    ax.set_title(labels.get(str(event_id), str(event_id)) if labels else str(event_id),
                 fontsize=9)
    ax.set_xlabel("Event day (sessions from day 0)")
    ax.set_xlim(lo - 0.3, hi + 0.3)
    style.style_axes(ax)


@style.styled
def car_paths(
    abnormal_returns: pd.DataFrame,
    *,
    event_ids: Sequence[str],
    tickers: Sequence[str],
    model: str | Mapping[str, str] | None = None,
    sigma: pd.DataFrame | None = None,
    look: PathStyle | None = None,
    **options: Any,
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
    look : PathStyle, optional
        Days shown, band level, panel labels and title; default :class:`PathStyle` ().
    **options
        Fields of :class:`PathStyle` replacing those of ``look`` (``rel_days``,
        ``labels``, ``level``, ``title``).

    Returns
    -------
    Figure
    """
    opts = _settings(look or PathStyle(), options, "car_paths")
    style.require(abnormal_returns, ("event_id", "ticker", "model", "rel_day", "ar"),
             "abnormal_returns")
    if not event_ids:
        raise AnalysisError("car_paths: no events given")
    z = stats.norm.ppf(0.5 + opts.level / 2)
    lo, hi = opts.rel_days
    ar = abnormal_returns[abnormal_returns["rel_day"].between(lo, hi)]
    ncol = min(len(event_ids), 3)
    nrow = int(np.ceil(len(event_ids) / ncol))
    fig = style.new_figure(3.3 * ncol + 1.6, 0.8 + 2.5 * nrow)
    axes = fig.subplots(nrow, ncol, sharey=True, squeeze=False).ravel()
    colors = {t: style.OKABE_ITO[i % len(style.OKABE_ITO)] for i, t in enumerate(tickers)}
    for ax, event_id in zip(axes, event_ids, strict=False):
        _path_panel(ax, ar, event_id, tickers, colors, model, sigma, z)
        _path_axes(ax, event_id, opts)
    for ax in axes[len(event_ids):]:
        ax.set_visible(False)
    for row in range(nrow):
        axes[row * ncol].set_ylabel(f"CAR from day {lo} (%)")
    handles, names = axes[0].get_legend_handles_labels()
    if sigma is not None:
        band = f"{opts.level:.0%} band under H0 (dashed)"
        handles.append(Line2D([], [], linestyle="--", color="#444444", label=band))
        names.append(band)
    fig.legend(handles, names, loc="outside right upper")
    fig.suptitle(opts.title or "Cumulative abnormal return paths around the key events",
                 fontweight="bold")
    return fig


@style.styled
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
    df = caar[caar["window"].map(style.window_label) == style.window_label(window)]
    if df.empty:
        raise AnalysisError(f"caar: no rows for window {style.window_label(window)}")
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
    fig = style.new_figure(min(14.0, (0.5 * len(groups) + 1.2) * len(panels) + 1.0), 4.2)
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    for ax, key in zip(axes, panels, strict=True):
        sub = df if key is None else df[(df["ticker"] == key[0]) & (df["model"] == key[1])]
        first = sub.drop_duplicates("group").set_index("group")
        tested = sub[sub["test"] == test].drop_duplicates("group")
        pvals = dict(zip(tested["group"].astype(str), tested["p_value"], strict=True))
        shown = [g for g in groups if g in first.index]
        x = np.arange(len(shown))
        values = style.pct(first.loc[shown, "caar"].to_numpy(dtype=float))
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
        style.style_axes(ax)
    axes[0].set_ylabel(f"CAAR{style.window_label(window)} (%)")
    fig.suptitle(title or f"CAAR by event group, window {style.window_label(window)} "
                 f"(p-values: {test})", fontweight="bold")
    return fig


def _battery(caar: pd.DataFrame) -> pd.DataFrame:
    """The battery with the short test name in ``test`` (``caar.csv`` calls it
    ``statistic`` and keeps a long description of what each test assumes in ``test``)."""
    if {"statistic", "value"} <= set(caar.columns):
        caar = (caar.drop(columns=["test"], errors="ignore")
                .rename(columns={"statistic": "test", "value": "statistic"}))
    style.require(caar, ("group", "window", "n_events", "caar", "test", "p_value"), "caar")
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
    if value in style.CATEGORY_COLORS:
        return style.category_color(value), ""
    if value in _DIRECTION_STYLES:
        return _DIRECTION_STYLES[value]
    return "#222222", ""


@style.styled
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
    style.require(df, ("ticker", "model"), "caar")
    df = df[df["window"].map(style.window_label) == style.window_label(window)]
    if df.empty:
        raise AnalysisError(f"caar: no rows for window {style.window_label(window)}")
    tickers = list(tickers) if tickers is not None else list(dict.fromkeys(df["ticker"]))
    tests = list(dict.fromkeys(df["test"].astype(str)))
    groups = list(dict.fromkeys(df["group"].astype(str)))
    fig = style.new_figure(1.5 + 0.75 * len(tests) * len(tickers), 1.6 + 0.32 * len(groups))
    axes = fig.subplots(1, len(tickers), sharey=True, squeeze=False)[0]
    image = None
    for ax, ticker in zip(axes, tickers, strict=True):
        sub = df[df["ticker"] == ticker]
        sub, chosen = _one_model(sub, model, ticker)
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
    fig.suptitle(title or f"Test battery p-values, CAAR window {style.window_label(window)}",
                 fontweight="bold")
    return fig


def event_labels(events: pd.DataFrame) -> dict[str, str]:
    """``event_id -> "YYYY-MM-DD category (direction)"``, for axis labels and titles."""
    style.require(events, ("event_id", "date", "category", "direction"), "events")
    return {
        str(r.event_id): f"{r.date} {r.category} ({r.direction})"
        for r in events.itertuples(index=False)
    }


@dataclass(frozen=True)
class ForestStyle:
    """What :func:`forest` draws besides label and estimate: interval, colours, text.

    Attributes
    ----------
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
    """

    se: str | None = None
    low: str | None = None
    high: str | None = None
    group: str | None = None
    scale: float = 100.0
    level: float = 0.95
    xlabel: str = "Estimate (%)"
    ylabel: str = "Estimate"
    title: str = "Estimates with confidence intervals"


def _interval(data: pd.DataFrame, est: np.ndarray,
              opts: ForestStyle) -> tuple[np.ndarray, np.ndarray]:
    """``[low, high]`` when given, else the normal interval from ``se``, else the point."""
    if opts.low and opts.high:
        return (data[opts.low].to_numpy(dtype=float) * opts.scale,
                data[opts.high].to_numpy(dtype=float) * opts.scale)
    if opts.se:
        z = stats.norm.ppf(0.5 + opts.level / 2)
        half = z * data[opts.se].to_numpy(dtype=float) * opts.scale
        return est - half, est + half
    return est, est


@style.styled
def forest(
    df: pd.DataFrame,
    *,
    label: str | Sequence[str],
    estimate: str,
    look: ForestStyle | None = None,
    **options: Any,
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
    look : ForestStyle, optional
        Interval columns, colour group, scale, level and texts; default
        :class:`ForestStyle` ().
    **options
        Fields of :class:`ForestStyle` replacing those of ``look`` (``se``, ``low``,
        ``high``, ``group``, ``scale``, ``level``, ``xlabel``, ``ylabel``, ``title``).

    Returns
    -------
    Figure
    """
    opts = _settings(look or ForestStyle(), options, "forest")
    group = opts.group
    label_cols = [label] if isinstance(label, str) else list(label)
    style.require(df, [c for c in (*label_cols, estimate, opts.se, opts.low, opts.high, group)
                       if c], "forest")
    if df.empty:
        raise AnalysisError(f"forest: no rows to plot for {opts.title!r}")
    data = df.reset_index(drop=True)
    names = data[label_cols].astype(str).agg(" · ".join, axis=1)
    est = data[estimate].to_numpy(dtype=float) * opts.scale
    lo, hi = _interval(data, est, opts)
    fig = style.new_figure(7.5, 1.2 + 0.28 * len(data))
    ax = fig.add_subplot()
    y = np.arange(len(data))
    if group:
        keys = list(dict.fromkeys(data[group].astype(str)))
        palette = {k: style.OKABE_ITO[i % len(style.OKABE_ITO)] for i, k in enumerate(keys)}
        colors = [palette[str(g)] for g in data[group]]
    else:
        palette, colors = {}, ["#0072B2"] * len(data)
    ax.hlines(y, lo, hi, colors=colors, linewidth=1.5)
    ax.scatter(est, y, c=colors, s=22, zorder=3)
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel(opts.xlabel)
    ax.set_ylabel(opts.ylabel)
    style.style_axes(ax)
    if palette:
        ax.legend(handles=[Patch(color=c, label=k) for k, c in palette.items()],
                  title=group, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(opts.title, fontweight="bold")
    return fig
