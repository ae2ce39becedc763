r"""Brown-Warner style size and power study of the cross-event tests on real returns.

Design (Brown and Warner 1985, *Journal of Financial Economics* 14, 3-31):

* For each (asset, model) cell — ^GSPC under the constant-mean model, ZS=F under the
  constant-mean model and under the market model on ^GSPC, as in
  ``config.DEFAULT_MODELS`` — the normal-return model is fitted at **every** session of
  ``config.VALIDATION_START`` .. ``config.VALIDATION_END`` that has a full estimation
  window (:math:`[-250, -11]` inside the data, at least ``config.MIN_ESTIMATION``
  usable returns) and a complete event window.
* A placebo sample is ``sample_size`` (default 50) distinct such sessions drawn at
  random; ``n_samples`` (default 1,000) samples are drawn per cell with a seeded
  generator, i.e. 50,000 placebo events per cell.
* Every test of :mod:`analysis.stattests` is run on each sample, for each window, under
  the null (no abnormal return) and with an abnormal return of +1 % and +2 % added to
  the day-0 return of every event. Size is the share of samples rejected at 5 %
  (two-sided); power the same share with the injected return.
* The permutation test uses ``n_permutations`` (default 200) placebo draws per sample
  instead of 1,000 to keep the study within a few minutes: with 200 draws the smallest
  attainable p-value is 2/201, far below 5 %, so the size estimate is unaffected; only
  its Monte Carlo noise grows slightly.
* ``single_event_t`` additionally reports the per-event t test (CAR / its MacKinlay
  standard error against :math:`t_{L_1-k}`) over all placebo events of the cell.

The binomial standard error of a rejection rate :math:`\hat\alpha` over :math:`S`
samples is :math:`\sqrt{\hat\alpha(1-\hat\alpha)/S}` (0.69 percentage points at 5 % and
:math:`S = 1000`); ``size_lo``/``size_hi`` are the 95 % Wilson interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import config
from analysis.study.engine import AssetData, estimate, event_span, residuals, window_car
from analysis.study.panel import asset_timeline, build_asset
from analysis.study.stattests import TESTS, Sample, average_correlation, battery
from analysis.windows import format_window

VALIDATION_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 5))
INJECTIONS: tuple[float, ...] = (0.0, 0.01, 0.02)
ALPHA: float = 0.05
SIZE_POWER_COLUMNS: tuple[str, ...] = (
    "ticker", "model", "window", "statistic", "n_samples", "sample_size", "size", "size_lo",
    "size_hi", "power_1pct", "power_2pct",
)


@dataclass
class Cell:
    """Every eligible placebo position of one (asset, model), precomputed."""

    ticker: str
    model: str
    car: dict[str, np.ndarray]
    var: dict[str, np.ndarray]
    dof: np.ndarray
    resid: np.ndarray
    window_ar: dict[str, np.ndarray]
    day0_col: dict[str, int]


def prepare_cell(asset: AssetData, model: str, estimation: tuple[int, int],
                 windows: Sequence[tuple[int, int]], min_estimation: int) -> Cell:
    """Fit the model at every session with a full estimation window, keep the complete ones."""
    T = len(asset.dates)
    pos = np.arange(max(-estimation[0], 0), T)
    est = estimate(asset, model, estimation, pos, min_estimation)
    span = (min(w[0] for w in windows), max(w[1] for w in windows))
    spanned = event_span(asset, model, est, span)
    rel = spanned["rel"]
    cars, vars_, wars, cols0 = {}, {}, {}, {}
    keep = est.ok.copy()
    usable = asset.usable[spanned["idx"]] & spanned["in_range"]
    for w in windows:
        wc = window_car(asset, model, est, spanned, w, with_text=False)
        key = format_window(w)
        cars[key], vars_[key] = wc.car, wc.var
        keep &= np.isfinite(wc.car)
        cols = np.flatnonzero((rel >= w[0]) & (rel <= w[1]))
        wars[key] = np.where(usable[:, cols], spanned["ar"][:, cols], np.nan)
        cols0[key] = int(np.flatnonzero(rel[cols] == 0)[0]) if w[0] <= 0 <= w[1] else -1
    return Cell(
        ticker=asset.ticker, model=model,
        car={k: v[keep] for k, v in cars.items()}, var={k: v[keep] for k, v in vars_.items()},
        dof=est.dof[keep].astype(float),
        resid=residuals(asset, model, est, np.flatnonzero(keep)),
        window_ar={k: v[keep] for k, v in wars.items()}, day0_col=cols0,
    )


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95 % Wilson interval of a binomial proportion ``k / n``."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def simulate_cell(cell: Cell, n_samples: int, sample_size: int, n_permutations: int,
                  rng: np.random.Generator) -> pd.DataFrame:
    """Rejection rates of every test for one cell, per window and injected return."""
    n_all = len(cell.dof)
    if n_all < sample_size:
        raise ValueError(f"{cell.ticker}: only {n_all} placebo positions")
    rejects: dict[tuple[str, str, float], int] = {}
    counts: dict[tuple[str, str, float], int] = {}
    draws = np.stack([rng.choice(n_all, size=sample_size, replace=False)
                      for _ in range(n_samples)])
    for key in cell.car:
        pool = [cell.car[key]]
        has0 = cell.day0_col[key] >= 0
        for s in range(n_samples):
            idx = draws[s]
            base_car = cell.car[key][idx]
            base_war = cell.window_ar[key][idx]
            rbar = average_correlation(cell.resid[idx])
            for delta in INJECTIONS:
                if delta and not has0:
                    continue
                war = base_war.copy()
                if delta:
                    war[:, cell.day0_col[key]] += delta
                sample = Sample(car=base_car + delta, se=np.sqrt(cell.var[key][idx]),
                                dof=cell.dof[idx], est_resid=cell.resid[idx], window_ar=war,
                                pools=pool, pool_index=np.zeros(sample_size, dtype=np.int64),
                                rbar=rbar)
                for name, _, p in battery(sample, n_permutations, rng):
                    k = (key, name, delta)
                    counts[k] = counts.get(k, 0) + int(np.isfinite(p))
                    rejects[k] = rejects.get(k, 0) + int(p < ALPHA)
        # Per-event t test over every placebo event of the cell.
        for delta in INJECTIONS:
            if delta and not has0:
                continue
            idx = draws.ravel()
            t = (cell.car[key][idx] + delta) / np.sqrt(cell.var[key][idx])
            p = 2 * stats.t.sf(np.abs(t), cell.dof[idx])
            counts[(key, "single_event_t", delta)] = len(idx)
            rejects[(key, "single_event_t", delta)] = int((p < ALPHA).sum())
    rows = []
    for key in cell.car:
        for name in (*TESTS, "single_event_t"):
            n0 = counts.get((key, name, 0.0), 0)
            k0 = rejects.get((key, name, 0.0), 0)
            lo, hi = wilson(k0, n0)

            def rate(delta: float, key: str = key, name: str = name) -> float:
                n = counts.get((key, name, delta), 0)
                return rejects[(key, name, delta)] / n if n else float("nan")

            rows.append({
                "ticker": cell.ticker, "model": cell.model, "window": key, "statistic": name,
                "n_samples": n_samples if name != "single_event_t" else n0,
                "sample_size": sample_size if name != "single_event_t" else 1,
                "size": k0 / n0 if n0 else float("nan"), "size_lo": lo, "size_hi": hi,
                "power_1pct": rate(0.01), "power_2pct": rate(0.02),
            })
    return pd.DataFrame(rows, columns=list(SIZE_POWER_COLUMNS))


def size_power(
    returns: pd.DataFrame,
    models: dict[str, tuple[str, ...]] | None = None,
    market: str = config.MARKET_TICKER,
    n_samples: int = 1000,
    sample_size: int = 50,
    n_permutations: int = 200,
    seed: int = 0,
    estimation: tuple[int, int] = config.ESTIMATION_WINDOW,
    windows: Sequence[tuple[int, int]] = VALIDATION_WINDOWS,
    min_estimation: int = config.MIN_ESTIMATION,
) -> pd.DataFrame:
    """Size and power of every test on placebo samples from ``returns``.

    Parameters
    ----------
    returns : pd.DataFrame
        Wide simple returns (date index), including ``market`` when a model needs it.
    models : dict, optional
        Ticker -> models; default ``config.DEFAULT_MODELS`` for the tickers present.
    n_samples, sample_size : int
        Placebo samples per cell and events per sample.
    n_permutations : int
        Draws of the permutation test per sample.
    seed : int
        Seed of the generator (samples and permutation draws).

    Returns
    -------
    pd.DataFrame
        Columns :data:`SIZE_POWER_COLUMNS`, one row per cell, window and test.
    """
    if models is None:
        models = {t: config.DEFAULT_MODELS.get(t, ("constant",))
                  for t in returns.columns if t in config.DEFAULT_MODELS}
    rng = np.random.default_rng(seed)
    parts = []
    for ticker, ms in models.items():
        timeline = asset_timeline(returns, ticker)
        for model in ms:
            mkt = returns[market] if model in ("market", "market-adjusted") else None
            asset = build_asset(returns, ticker, model, mkt, None, None, False, timeline)
            cell = prepare_cell(asset, model, estimation, windows, min_estimation)
            parts.append(simulate_cell(cell, n_samples, sample_size, n_permutations, rng))
    return pd.concat(parts, ignore_index=True)


def markdown_table(table: pd.DataFrame) -> str:
    """Size/power table as GitHub markdown (rates in percent)."""
    header = ("| ticker | model | window | test | size % (95 % CI) | power 1 % | power 2 % |\n"
              "|---|---|---|---|---|---|---|\n")
    lines = []
    for r in table.itertuples(index=False):
        def pct(x: float) -> str:
            return "" if not np.isfinite(x) else f"{100 * x:.1f}"

        flag = " **outside [3, 7]**" if np.isfinite(r.size) and not 0.03 <= r.size <= 0.07 else ""
        lines.append(
            f"| {r.ticker} | {r.model} | {r.window} | {r.statistic} | {pct(r.size)} "
            f"({pct(r.size_lo)}-{pct(r.size_hi)}){flag} | {pct(r.power_1pct)} "
            f"| {pct(r.power_2pct)} |"
        )
    return header + "\n".join(lines) + "\n"
