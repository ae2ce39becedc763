"""Figures of the articles and events stage: the event time line, the articles' dates.

May import: ``analysis.report.style``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.report import style


def _draw_events(ax: Axes, df: pd.DataFrame, rows: dict[str, int], offset: float,
                 filled: bool) -> None:
    """One source's events: a marker per dated event, a bar per week/month-level span."""
    dates = style.to_dates(df["date"])
    precision = (
        df["date_precision"].astype("string").fillna("day")
        if "date_precision" in df.columns
        else pd.Series("day", index=df.index)
    )
    ends = style.to_dates(df["date_end"]) if "date_end" in df.columns else dates
    for idx in df.index:
        when = dates.loc[idx]
        if pd.isna(when) or pd.isna(df.at[idx, "category"]):
            continue
        cat = str(df.at[idx, "category"])
        y = rows[cat] + offset
        color = style.category_color(cat)
        until = ends.loc[idx]
        if precision.loc[idx] == "month" and (pd.isna(until) or until <= when):
            until = when + pd.offsets.MonthEnd(0)
        if precision.loc[idx] != "day" and pd.notna(until) and until > when:
            # A week- or month-level date is a span: no day is invented for it.
            ax.plot([when, until], [y, y], color=color, linewidth=4, alpha=0.5,
                    solid_capstyle="butt")
            continue
        ax.plot(
            [when], [y], linestyle="", marker=style.direction_marker(df.at[idx, "direction"]),
            markersize=8 if filled else 7, color=color,
            markerfacecolor=color if filled else "none", markeredgewidth=1.2,
        )


def _timeline_handles(cats: list[str], frames: list[pd.DataFrame], events: pd.DataFrame,
                      catalog: pd.DataFrame | None) -> list[Patch | Line2D]:
    """Legend of the time line: categories, directions, the sources, spans if any."""
    handles: list[Patch | Line2D] = style.category_legend(cats)
    directions = pd.concat([df["direction"] for df in frames]).dropna()
    handles += style.direction_legend(directions)
    handles.append(Line2D([], [], linestyle="", marker="o", color="#444444", label="seed articles"))
    if catalog is not None:
        handles.append(Line2D([], [], linestyle="", marker="o", color="#444444",
                              markerfacecolor="none", label="curated catalog"))
    if "date_precision" in events.columns and (events["date_precision"] != "day").any():
        handles.append(Line2D([], [], color="#444444", linewidth=4, alpha=0.5,
                              label="week/month/year-level date"))
    return handles


@style.styled
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
    style.require(events, ("date", "category", "direction"), "events")
    sources: list[tuple[str, pd.DataFrame, float, bool]] = [("seed articles", events, 0.15, True)]
    if catalog is not None:
        style.require(catalog, ("date", "category", "direction"), "catalog")
        sources.append(("curated catalog", catalog, -0.15, False))
    cats = sorted(
        {str(c) for _, df, _, _ in sources for c in df["category"].dropna()},
        key=style.category_order,
    )
    rows = {c: i for i, c in enumerate(cats)}
    fig = style.new_figure(9.0, 1.2 + 0.55 * max(len(cats), 2))
    ax = fig.add_subplot()
    for _, df, offset, filled in sources:
        _draw_events(ax, df, rows, offset, filled)
    ax.set_yticks(range(len(cats)), cats)
    ax.set_ylim(-0.6, len(cats) - 0.4)
    ax.set_ylabel("Category")
    if start is not None or end is not None:
        ax.set_xlim(
            pd.Timestamp(start) if start is not None else None,
            pd.Timestamp(end) if end is not None else None,
        )
    style.date_axis(ax)
    style.style_axes(ax)
    handles = _timeline_handles(cats, [df for _, df, _, _ in sources], events, catalog)
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(title)
    return fig


@style.styled
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
    style.require(articles, ("article_id", "language", "published"), "articles")
    df = articles.sort_values("article_id").reset_index(drop=True)
    published = style.to_dates(df["published"])
    earliest = style.to_dates(df["published_earliest"]) if "published_earliest" in df else published
    latest = style.to_dates(df["published_latest"]) if "published_latest" in df else published
    languages = sorted(df["language"].astype("string").fillna("unknown").unique())
    palette = style.OKABE_ITO
    lang_color = {lang: palette[i % len(palette)] for i, lang in enumerate(languages)}
    fig = style.new_figure(8.0, 1.0 + 0.45 * max(len(df), 2))
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
    style.date_axis(ax, "Publication date")
    style.style_axes(ax)
    handles: list[Patch | Line2D] = [Patch(color=lang_color[lang], label=f"language: {lang}")
                                     for lang in languages]
    handles.append(Line2D([], [], color="#777777", linewidth=3, alpha=0.4,
                          label="feasible date range"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title)
    return fig


