"""The CAAR test battery run over a fitted panel, by group and window.

May import: ``analysis.windows``, ``analysis.study.engine``, ``analysis.study.stattests``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.study.engine import estimate, event_span, residuals, window_car
from analysis.study.stattests import CAAR_COLUMNS, TESTS, Sample, battery
from analysis.windows import format_window, parse_window

if TYPE_CHECKING:
    from analysis.study.panel import UnitPanel
    from analysis.study.results import EventStudyResults


# --------------------------------------------------------------------------------------
# Running the battery on fitted results
# --------------------------------------------------------------------------------------
def placebo_pool(panel: UnitPanel, asset_index: int, window: tuple[int, int],
                 extra: int = 0) -> np.ndarray:
    """CARs of ``window`` at every eligible placebo session of one asset of the panel.

    Eligible: the whole estimation window lies inside the asset's data with at least
    ``min_estimation`` usable sessions, the CAR is defined, and the placebo span does not
    touch a real event's span.
    """
    asset = panel.asset
    start, end = int(asset.starts[asset_index]), int(asset.ends[asset_index])
    pos = np.arange(start + max(-panel.estimation[0], 0), end)
    if len(pos) == 0:
        return np.zeros(0)
    lo = np.full(len(pos), start, dtype=np.int64)
    hi = np.full(len(pos), end, dtype=np.int64)
    est = estimate(asset, panel.model, panel.estimation, pos, panel.min_estimation,
                   lo=lo, hi=hi)
    ext = np.full(len(pos), extra, dtype=np.int64)
    spanned = event_span(asset, panel.model, est, panel.span, ext)
    wc = window_car(asset, panel.model, est, spanned, window, ext, with_text=False)
    T = len(asset.dates)
    s0 = np.clip(pos + panel.span[0], start, end)
    s1 = np.clip(pos + panel.span[1] + extra + 1, start, end)
    csum = np.concatenate([[0], np.cumsum(panel.event_spans)])
    touches = csum[np.clip(s1, 0, T)] - csum[np.clip(s0, 0, T)] > 0
    keep = np.isfinite(wc.car) & ~touches
    return wc.car[keep]


def _groups(keys: pd.DataFrame, by: Sequence[str]) -> list[tuple[str, np.ndarray]]:
    out = [("all", np.ones(len(keys), dtype=bool))]
    for col in by:
        if col not in keys.columns:
            continue
        values = keys[col].astype(str)
        for v in sorted(set(values) - {"", "nan", "<NA>"}):
            out.append((f"{col}={v}", (values == v).to_numpy()))
    return out


def _window_list(panel: UnitPanel,
                 window: str | tuple[int, int] | Sequence[str | tuple[int, int]] | None,
                 ) -> list[tuple[int, int]]:
    if window is None:
        return list(panel.windows)
    items = [window] if isinstance(window, str | tuple) else list(window)
    return [parse_window(w) if isinstance(w, str) else (int(w[0]), int(w[1])) for w in items]


def caar_table(
    results: EventStudyResults,
    by: Sequence[str] = ("category", "direction"),
    window: str | tuple[int, int] | Sequence[str | tuple[int, int]] | None = None,
    n_permutations: int = 1000,
    seed: int = 0,
    tests: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The test battery for every ticker, model, group and window.

    Groups are all events (``"all"``) and each value of each column in ``by``
    (``"category=tariff"``). Events without a CAR in a window are left out of that
    window's sample (``n_events`` counts those used).

    Returns
    -------
    pd.DataFrame
        Columns :data:`CAAR_COLUMNS`, sorted by ticker, model, group, window and test.
    """
    rows: list[dict[str, object]] = []
    for panel in results.panels:
        if not panel.est.ok.any():
            continue
        windows = _window_list(panel, window)
        rel = panel.spanned["rel"]
        idc = panel.spanned["idx"]
        usable = panel.asset.usable[idc] & panel.spanned["in_range"]
        unit_asset = panel.keys["asset"].to_numpy()
        resid = residuals(panel.asset, panel.model, panel.est)
        for w in windows:
            wc = window_car(panel.asset, panel.model, panel.est, panel.spanned, w,
                            panel.extra, with_text=False)
            inside = ((rel[None, :] >= w[0]) & (rel[None, :] <= w[1] + panel.extra[:, None]))
            war_full = np.where(inside & usable, panel.spanned["ar"], np.nan)
            war = war_full[:, np.flatnonzero(inside.any(axis=0))]
            for a in np.unique(unit_asset):
                mine = unit_asset == a
                keys = panel.keys[mine]
                extras = sorted(set(panel.extra[mine].tolist()))
                pools = [placebo_pool(panel, int(a), w, x) for x in extras]
                pool_of = np.searchsorted(np.asarray(extras), panel.extra[mine])
                rng = np.random.default_rng(seed)
                car = wc.car[mine]
                for gname, gmask in _groups(keys, by):
                    sel = gmask & np.isfinite(car)
                    n = int(sel.sum())
                    if n == 0:
                        continue
                    sample = Sample(
                        car=car[sel], se=np.sqrt(wc.var[mine][sel]),
                        dof=panel.est.dof[mine][sel].astype(float),
                        est_resid=resid[mine][sel], window_ar=war[mine][sel],
                        pools=pools, pool_index=pool_of[sel],
                    )
                    caar = float(sample.car.mean())
                    for name, value, p in battery(sample, n_permutations, rng, tests):
                        rows.append({
                            "ticker": panel.asset.tickers[a], "model": panel.model,
                            "group": gname, "window": format_window(w), "n_events": n,
                            "caar": caar, "statistic": name, "value": value, "p_value": p,
                        })
    out = pd.DataFrame(rows, columns=list(CAAR_COLUMNS))
    if out.empty:
        return out
    order = {name: i for i, name in enumerate(TESTS)}
    out["_t"] = out["statistic"].map(order)
    out["_w"] = out["window"].map(lambda s: tuple(int(x) for x in s.split(":")))
    out = out.sort_values(["ticker", "model", "group", "_w", "_t"], kind="stable")
    return out.drop(columns=["_t", "_w"]).reset_index(drop=True)
