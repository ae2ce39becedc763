"""The CAAR test battery run over a fitted panel, by group and window.

Per (ticker, model, group, window) one test is primary, fixed before any result was
seen: :func:`analysis.study.stattests.clustered_bmp`, the clustered BMP t over distinct
event-days (scale from the event period, exact correlation of overlapping CARs from
:mod:`analysis.study.overlap`). :func:`analysis.study.stattests.clustered_t` (the same
event-days, estimation-period variance) and the other statistics are robustness columns
labelled with what they assume (``test``).

Multiplicity: one cell per asset is confirmatory, fixed in advance
(:data:`analysis.defaults.CONFIRMATORY`: model, group, window; its primary row has
``confirmatory`` true and is read at 5 % alone, ``p_holm`` = ``p_value``). Every other
row is exploratory: ``p_holm`` is Holm's adjustment within its ticker x model x window x
statistic family (across the groups, the confirmatory cell left out of its family),
``q_bh`` the Benjamini-Hochberg q-value of each statistic across the whole table.

May import: ``analysis.defaults``, ``analysis.windows``, ``analysis.study.engine``,
``analysis.study.overlap``, ``analysis.study.panel``, ``analysis.study.stattests``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import defaults
from analysis.study.engine import estimate, event_span, residuals, window_car
from analysis.study.overlap import EventDays, car_covariance
from analysis.study.panel import UnitPanel
from analysis.study.stattests import (
    CAAR_COLUMNS,
    MIN_CLUSTERS,
    PRIMARY_TEST,
    TEST_LABELS,
    TESTS,
    Sample,
    battery,
    benjamini_hochberg,
    clustered_bmp,
    holm,
)
from analysis.windows import format_window, parse_window, window_sort_key


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
    exclude = panel.est_exclude
    est = estimate(asset, panel.model, panel.estimation, pos, panel.min_estimation,
                   exclude=exclude if exclude is not None and exclude.any() else None,
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
    panels: Sequence[UnitPanel],
    by: Sequence[str] = ("category", "direction"),
    window: str | tuple[int, int] | Sequence[str | tuple[int, int]] | None = None,
    n_permutations: int = 1000,
    seed: int = 0,
    tests: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The test battery for every ticker, model, group and window of fitted ``panels``.

    ``panels`` are :attr:`EventStudyResults.panels
    <analysis.study.results.EventStudyResults>` (one per fit).

    Groups are all events (``"all"``) and each value of each column in ``by``
    (``"category=tariff"``). Events without a CAR in a window are left out of that
    window's sample (``n_events`` counts those used, ``n_sessions`` their distinct
    event-days, ``n_effective`` the number of independent event-days with the same
    variance of the mean). The primary test is always run, whatever ``tests`` says.

    Returns
    -------
    pd.DataFrame
        Columns :data:`CAAR_COLUMNS`, sorted by ticker, model, group, window and test;
        ``caar`` is the average the row's test is about (over event-days for the
        primary test, over events otherwise) and ``se`` its standard error where the
        test has one.
    """
    run = _Battery(n_permutations, seed,
                   TESTS if tests is None else tuple(dict.fromkeys((PRIMARY_TEST, *tests))))
    rows: list[dict[str, object]] = []
    for panel in panels:
        if not panel.est.ok.any():
            continue
        resid = residuals(panel.asset, panel.model, panel.est)
        for w in _window_list(panel, window):
            rows.extend(_window_rows(panel, w, tuple(by), run, resid))
    return finish_table(pd.DataFrame(rows))


@dataclass(frozen=True)
class _Battery:
    """What every group's battery shares: permutation draws, base seed, tests run."""

    n_permutations: int
    seed: int
    tests: tuple[str, ...]


def _window_rows(panel: UnitPanel, w: tuple[int, int], by: tuple[str, ...], run: _Battery,
                 resid: np.ndarray) -> list[dict[str, object]]:
    """Battery rows of one window of a panel, asset by asset."""
    rel = panel.spanned["rel"]
    usable = panel.asset.usable[panel.spanned["idx"]] & panel.spanned["in_range"]
    unit_asset = panel.keys["asset"].to_numpy()
    wc = window_car(panel.asset, panel.model, panel.est, panel.spanned, w,
                    panel.extra, with_text=False)
    inside = ((rel[None, :] >= w[0]) & (rel[None, :] <= w[1] + panel.extra[:, None]))
    war_full = np.where(inside & usable, panel.spanned["ar"], np.nan)
    war = war_full[:, np.flatnonzero(inside.any(axis=0))]
    rows: list[dict[str, object]] = []
    for a in np.unique(unit_asset):
        mine = unit_asset == a
        extras = sorted(set(panel.extra[mine].tolist()))
        pools = [placebo_pool(panel, int(a), w, x) for x in extras]
        car = wc.car[mine]
        # Slice once per asset, not once per group (thousands of groups).
        base = Sample(car=car, se=np.sqrt(wc.var[mine]),
                      dof=panel.est.dof[mine].astype(float), est_resid=resid[mine],
                      window_ar=war[mine], pools=pools,
                      pool_index=np.searchsorted(np.asarray(extras), panel.extra[mine]),
                      day_car=np.zeros(0), day_cov=0.0)
        finite = np.flatnonzero(np.isfinite(car))
        days = car_covariance(panel.asset, panel.model, panel.est, w,
                              np.flatnonzero(mine)[finite], panel.extra)
        common = {"ticker": panel.asset.tickers[a], "model": panel.model,
                  "window": format_window(w)}
        rows.extend(_group_rows(base, panel.keys[mine], by, days, common, run))
    return rows


def _group_rows(base: Sample, keys: pd.DataFrame, by: tuple[str, ...], days: EventDays,
                common: dict[str, object], run: _Battery) -> list[dict[str, object]]:
    """Battery rows of every group of one asset's events in one window.

    ``base`` holds the asset's per-event arrays (every event, NaN CARs included); each
    group's sample keeps its events with a CAR, and its distinct event-days for the
    primary test.
    """
    rng = np.random.default_rng(run.seed)
    finite = np.isfinite(base.car)
    day_car = base.car[finite][days.rep]
    rows: list[dict[str, object]] = []
    for gname, gmask in _groups(keys, by):
        sel = gmask & finite
        n = int(sel.sum())
        if n == 0:
            continue
        day_mask = np.zeros(len(days.rep), dtype=bool)
        day_mask[days.unit_day[gmask[finite]]] = True
        cov_sum, trace = days.variance_of_sum(day_mask)
        n_days = int(day_mask.sum())
        sample = Sample(
            car=base.car[sel], se=base.se[sel], dof=base.dof[sel],
            est_resid=base.est_resid[sel], window_ar=base.window_ar[sel],
            pools=base.pools, pool_index=base.pool_index[sel],
            day_car=day_car[day_mask], day_cov=cov_sum, day_pairs=days.pairs(day_mask),
        )
        caar = float(sample.car.mean())
        head = {
            **common, "group": gname, "n_events": n, "n_sessions": n_days,
            "n_effective": n_days * trace / cov_sum if cov_sum > 0 else np.nan,
        }
        for name, value, p in battery(sample, run.n_permutations, rng, run.tests):
            est_, se, note = _estimate(name, sample, caar, cov_sum)
            rows.append({**head, "caar": est_, "se": se, "statistic": name,
                         "value": value, "p_value": p, "note": note})
    return rows


def _estimate(name: str, sample: Sample, caar: float, cov_sum: float
              ) -> tuple[float, float, str]:
    r"""The average a row's test is about, its standard error where the test has one, and
    why the test is undefined (``""`` when defined or not known).

    The event-day tests read the mean over event-days; the clustered BMP's standard error
    is that mean's under its own variance model, :math:`\sqrt{\hat\kappa\, 1'C1}/D`
    (:func:`analysis.study.stattests.clustered_bmp`).
    """
    n, d = len(sample.car), len(sample.day_car) if sample.day_car is not None else 0
    if name == "clustered_t":
        return (float(sample.day_car.mean()),
                float(np.sqrt(cov_sum)) / d if cov_sum > 0 else np.nan, "")
    if name == "clustered_bmp_t":
        res = clustered_bmp(sample.day_car, *sample.day_pairs)
        se = (float(np.sqrt(res.ratio * cov_sum)) / d
              if d >= MIN_CLUSTERS and np.isfinite(res.ratio) and cov_sum > 0 else np.nan)
        return float(sample.day_car.mean()), se, res.reason
    if name == "csect_t" and n > 1:
        return caar, float(sample.car.std(ddof=1) / np.sqrt(n)), ""
    return caar, np.nan, ""


def confirmatory_rows(table: pd.DataFrame,
                      cells: Mapping[str, tuple[str, str, str]] = defaults.CONFIRMATORY,
                      ) -> np.ndarray:
    """Bool per row: the primary test of each asset's confirmatory cell.

    ``cells`` maps a ticker to its ``(model, group, window)``
    (:data:`analysis.defaults.CONFIRMATORY`); tickers it does not name have none.
    """
    cell = table["ticker"].astype(str).map(
        {t: "|".join(c) for t, c in cells.items()}).fillna("")
    key = (table["model"].astype(str) + "|" + table["group"].astype(str) + "|"
           + table["window"].astype(str))
    return (table["statistic"].eq(PRIMARY_TEST) & key.eq(cell)).to_numpy()


def finish_table(table: pd.DataFrame,
                 cells: Mapping[str, tuple[str, str, str]] = defaults.CONFIRMATORY,
                 ) -> pd.DataFrame:
    """Sort the battery rows and add ``primary``, ``confirmatory``, ``p_holm``, ``q_bh``,
    ``test`` and ``note`` (confirmatory ``cells`` as in :func:`confirmatory_rows`)."""
    if table.empty:
        return pd.DataFrame(columns=list(CAAR_COLUMNS))
    out = table.copy()
    out["primary"] = out["statistic"].eq(PRIMARY_TEST)
    out["confirmatory"] = confirmatory_rows(out, cells)
    out["test"] = out["statistic"].map(TEST_LABELS).fillna("")
    out["note"] = out["note"].fillna("").astype(str) if "note" in out.columns else ""
    out["p_holm"] = np.nan
    out["q_bh"] = np.nan
    # The confirmatory cell is read alone at 5 %; the rest are Holm-adjusted by family.
    conf = out["confirmatory"].to_numpy()
    out.loc[conf, "p_holm"] = out.loc[conf, "p_value"]
    family = ["ticker", "model", "window", "statistic"]
    for _, idx in out[~conf].groupby(family, sort=False).groups.items():
        out.loc[idx, "p_holm"] = holm(out.loc[idx, "p_value"].to_numpy(dtype=float))
    for _, idx in out.groupby("statistic", sort=False).groups.items():
        out.loc[idx, "q_bh"] = benjamini_hochberg(out.loc[idx, "p_value"].to_numpy(dtype=float))
    order = {name: i for i, name in enumerate(TESTS)}
    out["_t"] = out["statistic"].map(order)
    out["_w"] = out["window"].map(window_sort_key)
    out = out.sort_values(["ticker", "model", "group", "_w", "_t"], kind="stable")
    out = out.drop(columns=["_t", "_w"]).reset_index(drop=True)
    lead = [c for c in CAAR_COLUMNS if c in out.columns]
    return out[lead + [c for c in out.columns if c not in lead]]
