"""Figures of the cross-asset comparison: CAAR by asset and direction, the soybean contrast.

They draw the tables of :mod:`analysis.study.crossasset` (``crossasset_caar.csv``,
``soybean_contrast.csv`` and the per-event contrast).

May import: ``analysis.io``, ``analysis.report.style``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.io import AnalysisError
from analysis.report import style

DIRECTION_COLORS: dict[str, str] = {"escalation": "#D55E00", "de-escalation": "#0072B2"}
_OTHER_COLOR = "#444444"


def _windows(frame: pd.DataFrame, windows: Sequence[str] | None) -> list[str]:
    have = list(dict.fromkeys(frame["window"].astype(str)))
    if windows is None:
        return have
    wanted = [str(w) for w in windows]
    missing = [w for w in wanted if w not in have]
    if missing:
        raise AnalysisError(f"no rows for window(s) {', '.join(missing)} (have {', '.join(have)})")
    return wanted


@style.styled
def caar_by_asset(
    directions: pd.DataFrame,
    *,
    windows: Sequence[str] | None = None,
    alpha: float = 0.05,
    title: str = "Escalation vs de-escalation CAAR by asset (95% intervals)",
) -> Figure:
    """CAAR per asset and direction with its interval, one panel per window.

    Filled markers: the primary test rejects a zero CAAR at ``alpha``; hollow: it does not.

    Parameters
    ----------
    directions : DataFrame
        ``crossasset_caar.csv``: ``ticker, model, window, direction, n_events, caar,
        statistic, p_value, ci_low, ci_high`` (decimals; shown in percent).
    windows : sequence of str, optional
        Windows (``"-1:1"``), one panel each; default all, in table order.
    alpha : float
        Level at which a marker is filled.
    title : str
        Figure title.

    Returns
    -------
    Figure
    """
    style.require(directions, ("ticker", "model", "window", "direction", "n_events", "caar",
                         "statistic", "p_value", "ci_low", "ci_high"), "cross-asset CAAR")
    if directions.empty:
        raise AnalysisError("cross-asset CAAR: no rows to plot")
    shown = _windows(directions, windows)
    assets = list(dict.fromkeys(zip(directions["ticker"], directions["model"], strict=True)))
    dirs = list(dict.fromkeys(directions["direction"].astype(str)))
    offsets = {d: (i - (len(dirs) - 1) / 2) * 0.3 for i, d in enumerate(dirs)}
    fig = style.new_figure(2.2 + 3.0 * len(shown), 1.3 + 0.42 * len(assets))
    axes = fig.subplots(1, len(shown), sharey=True, squeeze=False)[0]
    for ax, window in zip(axes, shown, strict=True):
        sub = directions[directions["window"].astype(str) == window]
        for i, (ticker, model) in enumerate(assets):
            for d in dirs:
                row = sub[(sub["ticker"] == ticker) & (sub["model"] == model)
                          & (sub["direction"] == d)]
                if row.empty:
                    continue
                r = row.iloc[0]
                y = i + offsets[d]
                color = DIRECTION_COLORS.get(d, _OTHER_COLOR)
                ax.hlines(y, style.pct(r["ci_low"]), style.pct(r["ci_high"]), color=color,
                          linewidth=1.4)
                filled = bool(r["p_value"] < alpha)
                ax.plot(style.pct(r["caar"]), y, linestyle="", marker=style.direction_marker(d),
                        markersize=6, color=color, markerfacecolor=color if filled else "white",
                        markeredgewidth=1.2, zorder=3)
        ax.axvline(0, color="#222222", linewidth=0.8)
        ax.set_xlabel(f"CAAR{style.window_label(window)} (%)")
        ax.set_title(f"window {style.window_label(window)}", fontsize=9)
        style.style_axes(ax)
        ax.grid(False, axis="y")
    labels = [f"{style.TICKER_NAMES.get(t, t)} ({t}) · {m}" for t, m in assets]
    axes[0].set_yticks(range(len(assets)), labels)
    axes[0].set_ylim(len(assets) - 0.5, -0.5)
    axes[0].set_ylabel("Asset · normal-return model")
    test = ", ".join(dict.fromkeys(directions["statistic"].astype(str)))
    handles = []
    for d in dirs:
        n = directions.loc[directions["direction"] == d, "n_events"]
        color = DIRECTION_COLORS.get(d, _OTHER_COLOR)
        handles.append(Line2D([], [], color=color, marker=style.direction_marker(d),
                              label=f"{d} (n={int(n.max())} events)"))
    handles.append(Line2D([], [], linestyle="", marker="o", color="#444444",
                          markerfacecolor="white", label=f"hollow: {test} p ≥ {alpha:g}"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles))
    fig.suptitle(title, fontweight="bold")
    return fig


@style.styled
def soybean_contrast(
    per_event: pd.DataFrame,
    summary: pd.DataFrame,
    *,
    windows: Sequence[str] | None = None,
    title: str = "Soybeans minus the average of corn and wheat: CAR per event and mean "
                 "(95% intervals)",
) -> Figure:
    r"""The soybean contrast :math:`D_i` per event by direction, with the means.

    Parameters
    ----------
    per_event : DataFrame
        ``window, direction, contrast`` per event (decimals; shown in percent).
    summary : DataFrame
        ``soybean_contrast.csv``: ``window, direction, n_events, mean, statistic, value,
        p_value, ci_low, ci_high`` (the primary test on the spread asset); a row without
        a primary test (the ``"<a> minus <b>"`` difference) is left out.
    windows : sequence of str, optional
        One panel each; default every window of ``summary``.
    title : str
        Figure title.

    Returns
    -------
    Figure
    """
    style.require(per_event, ("window", "direction", "contrast"), "soybean contrast per event")
    style.require(summary, ("window", "direction", "n_events", "mean", "statistic", "value",
                            "p_value", "ci_low", "ci_high"), "soybean contrast")
    summary = summary[summary["value"].notna()]
    if summary.empty:
        raise AnalysisError("soybean contrast: no rows to plot")
    shown = _windows(summary, windows)
    groups = list(dict.fromkeys(summary["direction"].astype(str)))
    fig = style.new_figure(1.5 + 3.2 * len(shown), 4.2)
    axes = fig.subplots(1, len(shown), sharey=True, squeeze=False)[0]
    for ax, window in zip(axes, shown, strict=True):
        rows = summary[summary["window"].astype(str) == window].set_index("direction")
        points = per_event[per_event["window"].astype(str) == window]
        for x, group in enumerate(groups):
            color = DIRECTION_COLORS.get(group, _OTHER_COLOR)
            values = points.loc[points["direction"] == group, "contrast"].to_numpy(dtype=float)
            if len(values):
                # A local generator with a fixed seed: reruns draw the same picture.
                jitter = np.random.default_rng(0).uniform(-0.1, 0.1, len(values))
                ax.plot(x - 0.12 + jitter, style.pct(values), linestyle="", marker="o",
                        markersize=3, color=color, alpha=0.5)
            if group not in rows.index:
                continue
            r = rows.loc[group]
            at = x + 0.15 if len(values) else x
            ax.errorbar(at, style.pct(r["mean"]),
                        yerr=[[style.pct(r["mean"] - r["ci_low"])],
                              [style.pct(r["ci_high"] - r["mean"])]],
                        fmt="D", color=color if group in DIRECTION_COLORS else "#222222",
                        markersize=5, capsize=3, elinewidth=1.4)
            ax.annotate(f"{r['statistic']}={r['value']:.2f}\np={r['p_value']:.2f}\n"
                        f"n={int(r['n_events'])}",
                        (at + 0.08, style.pct(r["mean"])), fontsize=7, va="center",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5})
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(range(len(groups)),
                      [g.replace(" minus ", "\nminus\n") for g in groups])
        ax.set_xlim(-0.45, len(groups) - 0.3)
        ax.set_xlabel("Event direction")
        ax.set_title(f"window {style.window_label(window)}", fontsize=9)
        style.style_axes(ax)
    axes[0].set_ylabel("CAR of ZS=F minus mean of ZC=F, ZW=F returns (%)")
    test = ", ".join(dict.fromkeys(summary["statistic"].astype(str)))
    handles = [Line2D([], [], linestyle="", marker="o", color="#777777", alpha=0.6,
                      label="one event"),
               Line2D([], [], linestyle="", marker="D", color="#222222",
                      label=f"mean over event-days, 95% interval ({test}, primary test)")]
    fig.legend(handles=handles, loc="outside lower center", ncol=2)
    fig.suptitle(title, fontweight="bold")
    return fig
