r"""Brown-Warner style size and power study of the cross-event tests on real returns.

Design (Brown and Warner 1985, *Journal of Financial Economics* 14, 3-31):

* For each (asset, model) cell — ^GSPC under the constant-mean model, ZS=F under the
  constant-mean model and under the market model on ^GSPC, as in the study's model
  plan (``analysis.defaults.DEFAULT_MODELS``) — the normal-return model is fitted at
  **every** session of ``VALIDATION_START`` .. ``VALIDATION_END``
  (:mod:`analysis.defaults`) that has a full estimation window (:math:`[-250, -11]`
  inside the data, at least ``MIN_ESTIMATION`` usable returns) and a complete event window.
* A placebo sample is ``sample_size`` (default 50) distinct such sessions drawn at
  random; ``n_samples`` (default 1,000) samples are drawn per cell with a seeded
  generator, i.e. 50,000 placebo events per cell.
* Every test of :mod:`analysis.study.stattests` is run on each sample, for each window, under
  the null (no abnormal return) and with an abnormal return of +1 % and +2 % added to
  the day-0 return of every event. Size is the share of samples rejected at 5 %
  (two-sided); power the same share with the injected return.
* The permutation test uses ``n_permutations`` (default 200) placebo draws per sample
  instead of 1,000 to keep the study within a few minutes: with 200 draws the smallest
  attainable p-value is 2/201, far below 5 %, so the size estimate is unaffected; only
  its Monte Carlo noise grows slightly.
* ``single_event_t`` additionally reports the per-event t test (CAR / its MacKinlay
  standard error against :math:`t_{L_1-k}`) over all placebo events of the cell. The
  draws repeat positions (about 4,700 distinct sessions behind 50,000 draws) and
  neighbouring positions share window days, so its Wilson interval uses
  :math:`n = D / L_2` (:math:`D` distinct positions drawn), not the number of draws.

* **Clustered seed-pattern design** (:func:`seed_pattern`): the seed study's own event
  dates (same-day duplicates, the July 2019 cluster and all) are shifted back in copies
  ``PATTERN_STEP_DAYS`` = 182 days (26 weeks, so weekdays and weekends keep their
  place) apart, as long as the copy starts on or after ``PATTERN_FIRST``; each copy is
  one event study run with :class:`EventStudy` on the real returns, so day-0 mapping,
  duplicates and overlaps are exactly those of the real study. Size is the share of
  copies rejected, per test; power injects +1 % / +2 % on each copy's day-0 sessions
  (the injection runs leave every copy's event windows out of the estimation windows,
  so one copy's injected returns do not enter another copy's estimates).
* **Small groups** (``group_sizes``): the random design again with 3 to 15 events per
  sample, the size of the study's category groups, naive and primary side by side.
* **The seeds' season**: copies at whole-year offsets plus weekly shifts, by month,
  with block-bootstrap intervals, day-0 variance x2 and power, are in
  :mod:`analysis.study.seasonal` (its :func:`~analysis.study.seasonal.pattern_rates`
  also tables the step designs above by calendar month).

The binomial standard error of a rejection rate :math:`\hat\alpha` over :math:`S`
samples is :math:`\sqrt{\hat\alpha(1-\hat\alpha)/S}` (0.69 percentage points at 5 % and
:math:`S = 1000`); ``size_lo``/``size_hi`` are the 95 % Wilson interval.

May import: ``analysis.defaults``, ``analysis.windows``, ``analysis.study`` modules below
it (engine, panel, overlap, stattests, eventstudy, battery, sizepower).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from scipy import stats

from analysis import defaults
from analysis.study.engine import AssetData, Estimates, estimate, event_span, residuals, window_car
from analysis.study.eventstudy import prepare_events
from analysis.study.overlap import car_covariance
from analysis.study.panel import asset_timeline, build_asset, roll_days
from analysis.study.sizepower import (
    ALPHA,
    copies_study,
    pct,
    reject_count,
    statistic_label,
    study_plan,
    wilson,
)
from analysis.study.stattests import PRIMARY_TEST, TESTS, Sample, average_correlation, battery
from analysis.windows import format_window

VALIDATION_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 5))
INJECTIONS: tuple[float, ...] = (0.0, 0.01, 0.02)
PATTERN_STEP_DAYS: int = 182
PATTERN_FIRST: str = "2001-01-01"
GROUP_SIZES: tuple[int, ...] = (3, 5, 10, 15)
SIZE_POWER_COLUMNS: tuple[str, ...] = (
    "design", "ticker", "model", "window", "statistic", "primary", "n_samples",
    "sample_size", "size", "size_lo", "size_hi", "power_1pct", "power_2pct",
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
    asset: AssetData
    est: Estimates
    rows: np.ndarray
    windows: dict[str, tuple[int, int]]


def prepare_cell(asset: AssetData, model: str, estimation: tuple[int, int],
                 windows: Sequence[tuple[int, int]], min_estimation: int) -> Cell:
    """Fit the model at every session with a full estimation window, keep the complete ones."""
    T = len(asset.dates)
    pos = np.arange(max(-estimation[0], 0), T)
    rolls = roll_days(asset)
    est = estimate(asset, model, estimation, pos, min_estimation,
                   exclude=rolls if rolls.any() else None)
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
        asset=asset, est=est, rows=np.flatnonzero(keep),
        windows={format_window(w): (int(w[0]), int(w[1])) for w in windows},
    )


def simulate_cell(cell: Cell, n_samples: int, sample_size: int, n_permutations: int,
                  rng: np.random.Generator) -> pd.DataFrame:
    """Rejection rates of every test for one cell, per window and injected return."""
    n_all = len(cell.dof)
    if n_all < sample_size:
        raise ValueError(f"{cell.ticker}: only {n_all} placebo positions")
    rejects: dict[tuple[str, str, float], int] = {}
    counts: dict[tuple[str, str, float], int] = {}
    distinct: dict[str, int] = {}
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
            days = car_covariance(cell.asset, cell.model, cell.est, cell.windows[key],
                                  cell.rows[idx])
            every = np.ones(len(days.rep), dtype=bool)
            day_cov = days.variance_of_sum(every)[0]
            day_pairs = days.pairs(every)  # the primary test reads the event-day pairs
            for delta in INJECTIONS:
                if delta and not has0:
                    continue
                war = base_war.copy()
                if delta:
                    war[:, cell.day0_col[key]] += delta
                sample = Sample(car=base_car + delta, se=np.sqrt(cell.var[key][idx]),
                                dof=cell.dof[idx], est_resid=cell.resid[idx], window_ar=war,
                                pools=pool, pool_index=np.zeros(sample_size, dtype=np.int64),
                                rbar=rbar, day_car=(base_car + delta)[days.rep],
                                day_cov=day_cov, day_pairs=day_pairs)
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
        width = cell.windows[key][1] - cell.windows[key][0] + 1
        distinct[key] = max(1, len(np.unique(draws)) // width)
    rows = []
    for key in cell.car:
        for name in (*TESTS, "single_event_t"):
            n0 = counts.get((key, name, 0.0), 0)
            k0 = rejects.get((key, name, 0.0), 0)
            if name == "single_event_t" and n0:
                # draws are not independent: the interval rests on the distinct positions
                n_eff = distinct[key]
                lo, hi = wilson(round(k0 / n0 * n_eff), n_eff)
            else:
                lo, hi = wilson(k0, n0)

            def rate(delta: float, key: str = key, name: str = name) -> float:
                n = counts.get((key, name, delta), 0)
                return rejects[(key, name, delta)] / n if n else float("nan")

            rows.append({
                "design": f"random, N={sample_size}", "primary": name == PRIMARY_TEST,
                "ticker": cell.ticker, "model": cell.model, "window": key, "statistic": name,
                "n_samples": n_samples if name != "single_event_t" else n0,
                "sample_size": sample_size if name != "single_event_t" else 1,
                "size": k0 / n0 if n0 else float("nan"), "size_lo": lo, "size_hi": hi,
                "power_1pct": rate(0.01), "power_2pct": rate(0.02),
            })
    return pd.DataFrame(rows, columns=list(SIZE_POWER_COLUMNS))


@dataclass(frozen=True)
class PlaceboDesign:
    """The random-sample design of :func:`size_power`.

    Attributes
    ----------
    n_samples, sample_size : int
        Placebo samples per cell and events per sample.
    n_permutations : int
        Draws of the permutation test per sample.
    seed : int
        Seed of the generator (samples and permutation draws).
    estimation : tuple of int
        Estimation window relative to day 0.
    windows : sequence of tuple of int
        Event windows tested.
    min_estimation : int
        Minimum usable estimation sessions.
    group_sizes : sequence of int
        Extra sample sizes (small groups), ``group_samples`` samples each.
    group_samples : int
        Samples per extra sample size.
    """

    n_samples: int = 1000
    sample_size: int = 50
    n_permutations: int = 200
    seed: int = 0
    estimation: tuple[int, int] = defaults.ESTIMATION_WINDOW
    windows: Sequence[tuple[int, int]] = VALIDATION_WINDOWS
    min_estimation: int = defaults.MIN_ESTIMATION
    group_sizes: Sequence[int] = field(default_factory=tuple)
    group_samples: int = 500


def size_power(
    returns: pd.DataFrame,
    models: Mapping[str, Sequence[str]] | None = None,
    design: PlaceboDesign | None = None,
    *,
    flags: pd.DataFrame | None = None,
    market: str = defaults.MARKET_TICKER,
    calendars: Mapping[str, str] = defaults.TICKER_CALENDAR,
    default_models: Mapping[str, Sequence[str]] = defaults.DEFAULT_MODELS,
) -> pd.DataFrame:
    """Size and power of every test on random placebo samples from ``returns``.

    Parameters
    ----------
    returns : pd.DataFrame
        Wide simple returns (date index), including ``market`` when a model needs it.
    models : mapping, optional
        Ticker -> models; default the study's plan (:func:`analysis.study.battery.model_plan`
        with ``default_models``) for the tickers of ``returns`` that ``default_models``
        names.
    design : PlaceboDesign, optional
        Samples, sizes, windows and seed; default :class:`PlaceboDesign()`.
    flags : pd.DataFrame, optional
        Data-quality flags; roll sessions are left out of the estimation windows.
    market : str
        Market ticker (a column of ``returns``).
    calendars : mapping
        Ticker -> exchange calendar of its sessions.
    default_models : mapping
        Ticker -> models when ``models`` is not given.

    Returns
    -------
    pd.DataFrame
        Columns :data:`SIZE_POWER_COLUMNS`, one row per design, cell, window and test.
    """
    d = design or PlaceboDesign()
    plan = study_plan(returns, models, market, default_models)
    rng = np.random.default_rng(d.seed)
    parts = []
    for ticker, ms in plan.items():
        timeline = asset_timeline(returns, ticker, calendars.get(ticker))
        for model in ms:
            mkt = returns[market] if model in ("market", "market-adjusted") else None
            asset = build_asset(returns, ticker, model, mkt, None, flags, False, timeline)
            cell = prepare_cell(asset, model, d.estimation, d.windows, d.min_estimation)
            parts.append(simulate_cell(cell, d.n_samples, d.sample_size, d.n_permutations,
                                       rng))
            for size in d.group_sizes:
                parts.append(simulate_cell(cell, d.group_samples, int(size),
                                           d.n_permutations, rng))
    return pd.concat(parts, ignore_index=True)


def pattern_copies(events: pd.DataFrame, first: str = PATTERN_FIRST,
                   step_days: int = PATTERN_STEP_DAYS) -> pd.DataFrame:
    """Copies of the events' date pattern shifted back ``k * step_days`` (k = 1, 2, ...).

    Only events with a day-precision date (or a date range) are copied; copy ``k`` has
    event ids ``<id>@copyKK`` and category ``copyKK`` (so each copy is one group), and
    copies stop before the first one that would start before ``first``.
    """
    ev = prepare_events(events)
    ev = ev[ev["date_parsed"].notna()].copy()
    if ev.empty:
        return ev
    end = (pd.to_datetime(ev["date_end"].astype("string"), errors="coerce", format="ISO8601")
           if "date_end" in ev.columns else None)
    parts = []
    k = 1
    while True:
        shift = pd.Timedelta(days=step_days * k)
        dates = ev["date_parsed"] - shift
        if dates.min() < pd.Timestamp(first):
            break
        copy = ev.drop(columns=["date_parsed", "date_reason"]).copy()
        copy["date"] = dates.dt.strftime("%Y-%m-%d")
        if end is not None:
            copy["date_end"] = (end - shift).dt.strftime("%Y-%m-%d").fillna("")
        copy["event_id"] = copy["event_id"].astype(str) + f"@copy{k:02d}"
        copy["category"] = f"copy{k:02d}"
        copy["direction"] = ""
        parts.append(copy)
        k += 1
    if not parts:
        return ev.iloc[0:0]
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class PatternDesign:
    """The seed-pattern design of :func:`seed_pattern`.

    Attributes
    ----------
    n_permutations : int
        Draws of the permutation test per copy (without injection).
    windows : sequence of tuple of int
        Event windows tested.
    seed : int
        Seed of the permutation draws.
    step_days : int
        Calendar days between copies of the pattern.
    injections : sequence of float
        Abnormal returns added on day 0 for power (0 = size only).
    """

    n_permutations: int = 200
    windows: Sequence[tuple[int, int]] = VALIDATION_WINDOWS
    seed: int = 0
    step_days: int = PATTERN_STEP_DAYS
    injections: Sequence[float] = INJECTIONS


def seed_pattern(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    models: Mapping[str, Sequence[str]] | None = None,
    design: PatternDesign | None = None,
    *,
    flags: pd.DataFrame | None = None,
    market: str = defaults.MARKET_TICKER,
    calendars: Mapping[str, str] = defaults.TICKER_CALENDAR,
    default_models: Mapping[str, Sequence[str]] = defaults.DEFAULT_MODELS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Size (all tests) and power (primary and cross-sectional t) on the seed pattern.

    With ``design.step_days`` shorter than the pattern (e.g. 7) the copies overlap in
    time: many more, dependent, copies give a tighter size estimate; the permutation test
    is then left out (the real-event spans of so many copies leave no placebo session),
    and so should the injections be (neighbouring copies' injected days would enter
    each other's windows). ``models``, ``market``, ``calendars`` and ``default_models``
    are as in :func:`size_power`.

    Returns
    -------
    (table, per_copy) : tuple of pd.DataFrame
        ``table`` has :data:`SIZE_POWER_COLUMNS` (``design`` = ``"seed pattern"``,
        ``n_samples`` = copies); ``per_copy`` one row per copy, cell, window, test and
        injection with its p-value.
    """
    d = design or PatternDesign()
    copies = pattern_copies(events, step_days=d.step_days)
    dense = d.step_days < PATTERN_STEP_DAYS
    if copies.empty:
        raise ValueError("no day-level events to copy")
    plan = study_plan(returns, models, market, default_models)
    on_copies = partial(copies_study, copies=copies, plan=plan, flags=flags, market=market,
                        calendars=calendars)
    per: list[pd.DataFrame] = []
    for delta in (0.0, *(x for x in d.injections if x)):
        for ticker, ms in plan.items():
            study = on_copies(returns)
            if delta:
                located = study.fit("constant", windows=d.windows, tickers=[ticker]).car
                days = pd.DatetimeIndex(located["day0"].dropna().unique())
                frame = returns.copy()
                frame.loc[frame.index.isin(days), ticker] += delta
                study = on_copies(frame)
            tests = ((PRIMARY_TEST, "csect_t") if delta
                     else tuple(t for t in TESTS if t != "permutation") if dense else None)
            for model in ms:
                res = study.fit(model, windows=d.windows, tickers=[ticker],
                                exclude_event_days=bool(delta))
                table = res.caar(by=("category",), n_permutations=d.n_permutations
                                 if not delta else 0, seed=d.seed, tests=tests)
                table = table[table["group"].str.startswith("category=copy")]
                per.append(table.assign(delta=delta))
    per_copy = pd.concat(per, ignore_index=True)
    return _pattern_table(per_copy, d.step_days), per_copy


def _pattern_table(per_copy: pd.DataFrame, step_days: int) -> pd.DataFrame:
    """Size and power per (ticker, model, window, test) from the per-copy p-values."""
    rows = []
    keys = ["ticker", "model", "window", "statistic"]
    for (ticker, model, window, name), grp in per_copy.groupby(keys, sort=False):
        null = grp[grp["delta"] == 0.0]
        k0, n0 = reject_count(null["p_value"].to_numpy(dtype=float))
        lo, hi = wilson(k0, n0)

        def rate(delta: float, grp: pd.DataFrame = grp) -> float:
            k, n = reject_count(grp.loc[grp["delta"] == delta, "p_value"].to_numpy(dtype=float))
            return float(k / n) if n else float("nan")

        rows.append({
            "design": f"seed pattern, {step_days}-day steps", "ticker": ticker,
            "model": model, "window": window,
            "statistic": name, "primary": name == PRIMARY_TEST, "n_samples": n0,
            "sample_size": int(null["n_events"].median()) if len(null) else 0,
            "size": k0 / n0 if n0 else float("nan"), "size_lo": lo, "size_hi": hi,
            "power_1pct": rate(0.01), "power_2pct": rate(0.02),
        })
    table = pd.DataFrame(rows, columns=list(SIZE_POWER_COLUMNS))
    order = {name: i for i, name in enumerate((*TESTS, "single_event_t"))}
    table = table.sort_values(["ticker", "model", "window", "statistic"], kind="stable",
                              key=lambda s: s.map(order) if s.name == "statistic" else s)
    return table.reset_index(drop=True)


def markdown_table(table: pd.DataFrame) -> str:
    """Size/power table as GitHub markdown (rates in percent)."""
    header = ("| design | ticker | model | window | test | size % (95 % CI) | power 1 % "
              "| power 2 % |\n|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in table.itertuples(index=False):
        flag = " **outside [3, 7]**" if np.isfinite(r.size) and not 0.03 <= r.size <= 0.07 else ""
        name = statistic_label(r.statistic)
        lines.append(
            f"| {r.design} | {r.ticker} | {r.model} | {r.window} | {name} | {pct(r.size)} "
            f"({pct(r.size_lo)}-{pct(r.size_hi)}){flag} | {pct(r.power_1pct)} "
            f"| {pct(r.power_2pct)} |"
        )
    return header + "\n".join(lines) + "\n"


def side_by_side(table: pd.DataFrame) -> str:
    """Naive vs primary: one row per design, cell and window, one size column per test.

    Rates in percent; the primary test first, then its power at +1 % / +2 %.
    """
    tests = [t for t in (*TESTS, "single_event_t") if t in set(table["statistic"])]
    head = ["design", "ticker", "model", "window", *tests, "primary power +1 %",
            "primary power +2 %"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = ["design", "ticker", "model", "window"]
    for key, grp in table.groupby(keys, sort=False):
        by = grp.set_index("statistic")
        cells = [pct(float(by.at[t, "size"])) if t in by.index else "" for t in tests]
        prim = by.loc[PRIMARY_TEST] if PRIMARY_TEST in by.index else None
        power = ([pct(float(prim["power_1pct"])), pct(float(prim["power_2pct"]))]
                 if prim is not None else ["", ""])
        lines.append("| " + " | ".join([*map(str, key), *cells, *power]) + " |")
    return "\n".join(lines) + "\n"
