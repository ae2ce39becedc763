r"""Size and power on copies of the seed pattern placed in the seeds' own season.

The unconditional size of :mod:`analysis.study.validation` averages over every season,
but the seed events sit in July-December 2019 and soybean volatility is seasonal, so
the target is the size *in that season*. This module

* places copies of the seed pattern at whole-year offsets :math:`k` (both directions,
  within the data, not the seeds' own year) plus weekly shifts :math:`w`, keeping the
  copies whose median date lands in the season's months (:data:`SEASON_MONTHS`, June to
  September by default; :func:`season_offsets`; :math:`k` years is the distance to the
  same calendar date rounded to whole weeks, so weekdays keep their place and the date
  moves at most 3 days);
* fits the normal-return model **once** on all copies together (one
  :class:`~analysis.study.eventstudy.EventStudy`, each copy one category) and runs the
  whole battery of :func:`~analysis.study.caar.caar_table` per copy, so every statistic
  the battery has (the primary one included, whatever :data:`PRIMARY_TEST` names) is
  measured without code changes here;
* re-uses that fitted panel for the scenarios (:func:`day0_shock`): the day-0 sessions
  of each copy's events get
  (a) :math:`N(0, (f-1)\hat\sigma^2)` noise, :math:`\hat\sigma` the event's
  estimation-window residual sd, so day-0 variance is :math:`f = 2` times the normal
  one (event-induced variance), and (b) :math:`+1\,\%` / :math:`+2\,\%` (power). The
  shock enters every window of that copy that contains the session, never the
  estimation windows (as if the event days were left out of them);
* summarises the per-copy p-values (:func:`copy_rates`): pooled and by calendar month
  of the copy (month of the copied pattern's median date), with a 95 % interval from a
  block bootstrap over copies (a block = copies that overlap: one year's weekly shifts),
  the 95 % Wilson interval and the exact binomial test against the nominal level,
  Holm-adjusted across the ticker x model x window cells of each statistic.

The binomial test treats the copies as independent; they are not (shared weeks within
a year), so it rejects *more* readily than a test that knew the dependence: passing it
is the stronger statement.

May import: ``analysis.defaults``, ``analysis.windows``, ``analysis.study`` modules below
it (caar, eventstudy, battery, panel, stattests, sizepower).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from analysis import defaults
from analysis.study.caar import caar_table
from analysis.study.eventstudy import prepare_events
from analysis.study.panel import UnitPanel
from analysis.study.sizepower import (
    ALPHA,
    copies_study,
    pct,
    statistic_label,
    study_plan,
    wilson,
)
from analysis.study.stattests import PRIMARY_TEST, TESTS, holm

SEASON_MONTHS: tuple[int, ...] = (6, 7, 8, 9)
"""Calendar months the copies land in (month of the copied pattern's median date): the
seeds' season as issue 20 defines it, June to September. The one home of the default."""
SEASON_WEEKS: int | None = None
"""Largest weekly shift around each whole-year offset; ``None`` = every shift whose copy
lands in :data:`SEASON_MONTHS` (up to :data:`MAX_SHIFT_WEEKS`)."""
MAX_SHIFT_WEEKS: int = 26
"""Half a year: with more, two years' copies would land in the same months."""
SEASON_FIRST: str = "2001-01-01"
"""Copies start on or after this date (the data start in 2000: a full estimation window)."""
SEASON_LAST: str = "2018-02-28"
"""Copies end by this date: the trade war's catalog starts in March 2018, so later copies
would carry real trade-war news rather than a null (fixed before any result was seen)."""
SEASON_DESIGN: str = "seed season"
"""``design`` of the season rows."""
N_BOOT: int = 2000
SCENARIOS: tuple[str, ...] = ("null", "var2", "plus1", "plus2")
"""Per-copy scenarios: no shock, day-0 variance x2, +1 % and +2 % on day 0."""
RATE_COLUMNS: tuple[str, ...] = (
    "design", "ticker", "model", "window", "statistic", "primary", "n_copies", "n_blocks",
    "size", "size_lo", "size_hi", "wilson_lo", "wilson_hi", "binom_p", "binom_p_holm",
    "var2_size", "var2_lo", "var2_hi", "power_1pct", "power_2pct",
)
MONTH_COLUMNS: tuple[str, ...] = (
    "design", "ticker", "model", "window", "statistic", "primary", "month", "n_copies",
    "n_blocks", "size", "size_lo", "size_hi", "var2_size",
)


def year_days(k: int, anchor: pd.Timestamp) -> int:
    """Days from ``anchor`` to the same calendar date ``k`` years on, rounded to whole
    weeks (weekdays kept, the date moves at most 3 days)."""
    days = (pd.Timestamp(anchor) + pd.DateOffset(years=k) - pd.Timestamp(anchor)).days
    return 7 * round(days / 7)


def _copyable(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series | None]:
    """Events with a day-precision date (or range) and their parsed range ends."""
    ev = prepare_events(events)
    ev = ev[ev["date_parsed"].notna()].copy()
    end = (pd.to_datetime(ev["date_end"].astype("string"), errors="coerce", format="ISO8601")
           if "date_end" in ev.columns else None)
    return ev, end


def season_offsets(events: pd.DataFrame, weeks: int | None = SEASON_WEEKS,
                   first: str = SEASON_FIRST, last: str = SEASON_LAST,
                   months: Sequence[int] | None = SEASON_MONTHS) -> pd.DataFrame:
    """The copies of the seeds' pattern in their season: whole years plus weekly shifts.

    Parameters
    ----------
    events : pd.DataFrame
        The seed events (only day-precision dates and date ranges are copied).
    weeks : int, optional
        Weekly shifts :math:`-W..W` around each whole-year offset; ``None`` = up to
        :data:`MAX_SHIFT_WEEKS`, as far as ``months`` reaches.
    first, last : str
        Every copied date (range ends included) lies in ``[first, last]``.
    months : sequence of int, optional
        Keep the copies whose median date falls in these calendar months (``None``:
        every month).

    Returns
    -------
    pd.DataFrame
        One row per copy: ``copy`` (label ``y-02w+3``), ``years``, ``weeks``,
        ``offset_days``, ``anchor`` (the copied pattern's median date), ``month`` and
        ``block`` (= ``years``: a year's weekly shifts overlap, other years do not).
    """
    ev, end = _copyable(events)
    cols = ["copy", "years", "weeks", "offset_days", "anchor", "month", "block"]
    if ev.empty:
        return pd.DataFrame(columns=cols)
    lo, hi = ev["date_parsed"].min(), ev["date_parsed"].max()
    if end is not None and end.notna().any():
        hi = max(hi, end.max())
    anchor = ev["date_parsed"].median().normalize()
    t0, t1 = pd.Timestamp(first), pd.Timestamp(last)
    rows = []
    span = int((t1 - t0).days / 365) + 2
    reach = MAX_SHIFT_WEEKS if weeks is None else weeks
    keep = set(range(1, 13)) if months is None else set(months)
    for k in range(-span, span + 1):
        if k == 0:  # the seeds' own year holds the real events
            continue
        for w in range(-reach, reach + 1):
            off = pd.Timedelta(days=year_days(k, anchor) + 7 * w)
            a = anchor + off
            if lo + off < t0 or hi + off > t1 or a.month not in keep:
                continue
            rows.append({"copy": f"y{k:+03d}w{w:+d}", "years": k, "weeks": w,
                         "offset_days": off.days, "anchor": a, "month": int(a.month),
                         "block": k})
    return pd.DataFrame(rows, columns=cols)


def shifted_copies(events: pd.DataFrame, offsets: pd.DataFrame) -> pd.DataFrame:
    """Copies of the day-precision events, one per row of ``offsets`` (``copy``,
    ``offset_days``): event ids ``<id>@<copy>``, category ``<copy>``, no direction."""
    ev, end = _copyable(events)
    parts = []
    for label, days in zip(offsets["copy"], offsets["offset_days"], strict=True):
        shift = pd.Timedelta(days=int(days))
        copy = ev.drop(columns=["date_parsed", "date_reason"]).copy()
        copy["date"] = (ev["date_parsed"] + shift).dt.strftime("%Y-%m-%d")
        if end is not None:
            copy["date_end"] = (end + shift).dt.strftime("%Y-%m-%d").fillna("")
        copy["event_id"] = copy["event_id"].astype(str) + f"@{label}"
        copy["category"] = str(label)
        copy["direction"] = ""
        parts.append(copy)
    if not parts:
        return ev.drop(columns=["date_parsed", "date_reason"]).iloc[0:0]
    return pd.concat(parts, ignore_index=True)


def day0_shock(panel: UnitPanel, group: np.ndarray, delta: float = 0.0,
               variance_factor: float = 1.0,
               rng: np.random.Generator | None = None) -> UnitPanel:
    r"""``panel`` with a shock on the day-0 sessions of each group's events.

    Session :math:`d` that is day 0 of an event of group :math:`g` (a copy) gets
    :math:`\delta + z_{gd}`, :math:`z_{gd} \sim N(0, (f - 1)\hat\sigma_{gd}^2)`
    (:math:`\hat\sigma` of the first such event's estimation window), in the
    abnormal return of every unit of group :math:`g` whose span contains :math:`d`
    (same-day duplicates share one draw: it is one return). Estimates are unchanged.

    Parameters
    ----------
    panel : UnitPanel
        A fitted panel.
    group : np.ndarray
        ``(N,)`` integer group of each unit of the panel.
    delta : float
        Abnormal return added.
    variance_factor : float
        :math:`f`; 1 = no noise.
    rng : np.random.Generator, optional
        Noise draws (needed when ``variance_factor > 1``).
    """
    est, sp = panel.est, panel.spanned
    width = len(panel.asset.dates) + 1
    group = np.asarray(group, dtype=np.int64)
    ok = np.flatnonzero(est.ok)
    key0 = group[ok] * width + est.pos[ok]
    uniq, first = np.unique(key0, return_index=True)
    shock = np.full(len(uniq), float(delta))
    if variance_factor > 1.0:
        if rng is None:
            raise ValueError("day0_shock: noise needs a generator")
        sigma = np.sqrt(est.sigma2[ok][first] * (variance_factor - 1.0))
        shock = shock + sigma * rng.standard_normal(len(uniq))
    keys = group[:, None] * width + sp["idx"]
    loc = np.clip(np.searchsorted(uniq, keys), 0, max(len(uniq) - 1, 0))
    hit = (uniq[loc] == keys) & sp["in_range"] if len(uniq) else np.zeros_like(keys, bool)
    add = np.where(hit, shock[loc] if len(uniq) else 0.0, 0.0)
    spanned = {**sp, "ar": sp["ar"] + add, "ret": sp["ret"] + add}
    return replace(panel, spanned=spanned)


@dataclass(frozen=True)
class SeasonDesign:
    """The season design of :func:`season_pattern`.

    Attributes
    ----------
    weeks : int, optional
        Largest weekly shift around each whole-year offset (``None``: as far as
        ``months`` reaches).
    first, last : str
        Copies lie within ``[first, last]``.
    months : tuple of int
        Calendar months the copies land in (median date).
    windows : sequence of tuple of int
        Event windows tested.
    n_permutations : int
        Draws of the permutation test per copy.
    seed : int
        Seed of the noise, permutation and bootstrap draws.
    injections : tuple of float
        Day-0 abnormal returns for power (scenarios ``plus1``, ``plus2``).
    variance_factor : float
        Day-0 variance multiple of the event-induced-variance scenario.
    n_boot : int
        Block-bootstrap draws.
    """

    weeks: int | None = SEASON_WEEKS
    first: str = SEASON_FIRST
    last: str = SEASON_LAST
    months: tuple[int, ...] = SEASON_MONTHS
    windows: Sequence[tuple[int, int]] = ((0, 0), (-1, 1), (0, 5))
    n_permutations: int = 200
    seed: int = 0
    injections: tuple[float, float] = (0.01, 0.02)
    variance_factor: float = 2.0
    n_boot: int = N_BOOT


def season_pattern(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    models: Mapping[str, Sequence[str]] | None = None,
    design: SeasonDesign | None = None,
    *,
    flags: pd.DataFrame | None = None,
    market: str = defaults.MARKET_TICKER,
    calendars: Mapping[str, str] = defaults.TICKER_CALENDAR,
    default_models: Mapping[str, Sequence[str]] = defaults.DEFAULT_MODELS,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every test's size (null, day-0 variance x2) and power on season copies.

    ``models``, ``market``, ``calendars`` and ``default_models`` are as in
    :func:`analysis.study.validation.size_power`.

    Returns
    -------
    (pooled, by_month, per_copy) : tuple of pd.DataFrame
        :data:`RATE_COLUMNS`, :data:`MONTH_COLUMNS` and one row per copy, cell, window,
        statistic and scenario (``p_value``, ``value``, ``month``, ``block``).
    """
    d = design or SeasonDesign()
    meta = season_offsets(events, d.weeks, d.first, d.last, d.months)
    if meta.empty:
        raise ValueError("no season copy of the day-level events fits the data span")
    copies = shifted_copies(events, meta)
    plan = study_plan(returns, models, market, default_models)
    study = copies_study(returns, copies, plan, flags=flags, market=market, calendars=calendars)
    rng = np.random.default_rng(d.seed)
    code = {c: i for i, c in enumerate(meta["copy"])}
    parts: list[pd.DataFrame] = []
    for ticker, ms in plan.items():
        for model in ms:
            panels = study.fit(model, windows=d.windows, tickers=[ticker]).panels
            shocks = {"null": (0.0, 1.0), "var2": (0.0, d.variance_factor),
                      "plus1": (d.injections[0], 1.0), "plus2": (d.injections[1], 1.0)}
            for scenario, (delta, factor) in shocks.items():
                shocked = [p if scenario == "null" else day0_shock(
                    p, p.keys["category"].map(code).to_numpy(dtype=np.int64), delta, factor,
                    rng) for p in panels]
                table = caar_table(shocked, by=("category",), n_permutations=d.n_permutations,
                                   seed=d.seed)
                table = table[table["group"].str.startswith("category=")]
                parts.append(table.assign(scenario=scenario))
    per = pd.concat(parts, ignore_index=True)
    per["copy"] = per["group"].str.removeprefix("category=")
    per = per.merge(meta[["copy", "month", "block"]], on="copy", how="left")
    keep = ["ticker", "model", "window", "statistic", "copy", "month", "block", "scenario",
            "n_events", "value", "p_value"]
    per = per[keep]
    pooled, by_month = copy_rates(per, SEASON_DESIGN, d.n_boot, d.seed)
    return pooled, by_month, per


def block_bootstrap(hits: np.ndarray, valid: np.ndarray, n_boot: int,
                    rng: np.random.Generator, level: float = 0.95) -> np.ndarray:
    r"""Percentile interval of a rejection rate, resampling whole blocks.

    Parameters
    ----------
    hits, valid : np.ndarray
        ``(C, B)`` rejections and valid copies of each of ``C`` cells in each of ``B``
        blocks (all cells share the blocks and the draws).
    n_boot : int
        Bootstrap draws; draw :math:`b` takes :math:`B` blocks with replacement
        (counts :math:`m_{b\cdot}`) and gives

        .. math:: \hat\alpha_b = \frac{\sum_j m_{bj} h_j}{\sum_j m_{bj} v_j}.
    rng : np.random.Generator
        Draws.
    level : float
        Coverage of the interval.

    Returns
    -------
    np.ndarray
        ``(C, 2)`` lower and upper bounds (NaN for a cell without valid copies).
    """
    hits = np.atleast_2d(np.asarray(hits, dtype=float))
    valid = np.atleast_2d(np.asarray(valid, dtype=float))
    n_blocks = hits.shape[1]
    if n_blocks == 0:
        return np.full((hits.shape[0], 2), np.nan)
    draws = rng.integers(0, n_blocks, size=(n_boot, n_blocks))
    counts = np.zeros((n_boot, n_blocks))
    np.add.at(counts, (np.repeat(np.arange(n_boot), n_blocks), draws.ravel()), 1.0)
    num, den = hits @ counts.T, valid @ counts.T
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = num / den
    tail = (1.0 - level) / 2.0
    out = np.full((hits.shape[0], 2), np.nan)
    for c in range(hits.shape[0]):
        r = rate[c][np.isfinite(rate[c])]
        if len(r):
            out[c] = np.quantile(r, [tail, 1.0 - tail])
    return out


def _block_matrix(per: pd.DataFrame, cells: list[str], alpha: float
                  ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Cells (rows), and ``(C, B)`` rejections and valid counts per block."""
    p = per["p_value"].to_numpy(dtype=float)
    cell_id = per.groupby(cells, sort=False).ngroup().to_numpy()
    frame = per[cells].drop_duplicates().reset_index(drop=True)
    block_id, blocks = pd.factorize(per["block"])
    hits = np.zeros((len(frame), len(blocks)))
    valid = np.zeros_like(hits)
    np.add.at(hits, (cell_id, block_id), (p < alpha).astype(float))
    np.add.at(valid, (cell_id, block_id), np.isfinite(p).astype(float))
    return frame, hits, valid


def _rates(per: pd.DataFrame, cells: list[str], n_boot: int, rng: np.random.Generator,
           alpha: float) -> pd.DataFrame:
    """Rate, block-bootstrap and Wilson intervals and block count of each cell."""
    frame, hits, valid = _block_matrix(per, cells, alpha)
    ci = block_bootstrap(hits, valid, n_boot, rng)
    k, n = hits.sum(axis=1), valid.sum(axis=1)
    frame["k"], frame["n"] = k.astype(int), n.astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["rate"] = k / n
    frame["lo"], frame["hi"] = ci[:, 0], ci[:, 1]
    frame["n_blocks"] = (valid > 0).sum(axis=1)
    w = [wilson(int(a), int(b)) for a, b in zip(k, n, strict=True)]
    frame["wilson_lo"] = [x[0] for x in w]
    frame["wilson_hi"] = [x[1] for x in w]
    return frame


def copy_rates(per_copy: pd.DataFrame, design: str, n_boot: int = N_BOOT, seed: int = 0,
               alpha: float = ALPHA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pooled and by-month rejection rates from per-copy p-values.

    Parameters
    ----------
    per_copy : pd.DataFrame
        ``ticker, model, window, statistic, scenario, month, block, p_value`` (scenarios
        of :data:`SCENARIOS`; only ``null`` is required).
    design : str
        Name written to the ``design`` column.
    n_boot, seed : int
        Block-bootstrap draws and their seed.
    alpha : float
        Nominal level.

    Returns
    -------
    (pooled, by_month) : tuple of pd.DataFrame
        :data:`RATE_COLUMNS` and :data:`MONTH_COLUMNS`; ``binom_p`` is the exact
        two-sided binomial test of the null size against ``alpha``, ``binom_p_holm`` its
        Holm adjustment across the ticker x model x window cells of each statistic.
    """
    rng = np.random.default_rng(seed)
    cell = ["ticker", "model", "window", "statistic"]
    r = _rates(per_copy, [*cell, "scenario"], n_boot, rng, alpha).set_index([*cell, "scenario"])
    null = r.xs("null", level="scenario")

    def col(scenario: str, name: str) -> pd.Series:
        if scenario not in r.index.get_level_values("scenario"):
            return pd.Series(np.nan, index=null.index)
        return r.xs(scenario, level="scenario")[name].reindex(null.index)

    pooled = pd.DataFrame({
        "design": design, "n_copies": null["n"], "n_blocks": null["n_blocks"],
        "size": null["rate"], "size_lo": null["lo"], "size_hi": null["hi"],
        "wilson_lo": null["wilson_lo"], "wilson_hi": null["wilson_hi"],
        "binom_p": [stats.binomtest(int(k), int(n), alpha).pvalue if n else np.nan
                    for k, n in zip(null["k"], null["n"], strict=True)],
        "var2_size": col("var2", "rate"), "var2_lo": col("var2", "lo"),
        "var2_hi": col("var2", "hi"), "power_1pct": col("plus1", "rate"),
        "power_2pct": col("plus2", "rate"),
    }).reset_index()
    pooled["primary"] = pooled["statistic"].eq(PRIMARY_TEST)
    pooled["binom_p_holm"] = np.nan
    for _, idx in pooled.groupby("statistic", sort=False).groups.items():
        pooled.loc[idx, "binom_p_holm"] = holm(pooled.loc[idx, "binom_p"].to_numpy(float))
    parts = []
    for month, grp in per_copy.groupby("month", sort=True):
        m = _rates(grp, [*cell, "scenario"], n_boot, rng, alpha).set_index(
            [*cell, "scenario"])
        mn = m.xs("null", level="scenario")
        var2 = (m.xs("var2", level="scenario")["rate"].reindex(mn.index)
                if "var2" in m.index.get_level_values("scenario") else np.nan)
        parts.append(pd.DataFrame({
            "design": design, "month": int(month), "n_copies": mn["n"],
            "n_blocks": mn["n_blocks"], "size": mn["rate"], "size_lo": mn["lo"],
            "size_hi": mn["hi"], "var2_size": var2}).reset_index())
    by_month = pd.concat(parts, ignore_index=True)
    by_month["primary"] = by_month["statistic"].eq(PRIMARY_TEST)
    return (_ordered(pooled, list(RATE_COLUMNS), []),
            _ordered(by_month, list(MONTH_COLUMNS), ["month"]))


def _ordered(table: pd.DataFrame, columns: list[str], extra: list[str]) -> pd.DataFrame:
    """``table`` in battery order of the statistics (unknown names last, by name)."""
    order = {name: i for i, name in enumerate(TESTS)}
    out = table.sort_values(
        ["ticker", "model", "window", "statistic", *extra], kind="stable",
        key=lambda s: s.map(lambda v: (order.get(v, len(order)), v)) if s.name == "statistic"
        else s)
    return out[columns].reset_index(drop=True)


def pattern_rates(per_copy: pd.DataFrame, events: pd.DataFrame, step_days: int,
                  design: str, n_boot: int = N_BOOT, seed: int = 0
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`copy_rates` of the null rows of a :func:`~analysis.study.validation.seed_pattern`
    run (copies ``copyKK`` shifted back ``KK * step_days``): month of each copy's median
    date, blocks = the calendar year of that date."""
    ev, _ = _copyable(events)
    anchor = ev["date_parsed"].median().normalize()
    null = per_copy[per_copy["delta"] == 0.0].copy()
    k = null["group"].str.extract(r"copy(\d+)$", expand=False).astype(int)
    dates = anchor - pd.to_timedelta(k * step_days, unit="D")
    null["month"], null["block"] = dates.dt.month.to_numpy(), dates.dt.year.to_numpy()
    null["scenario"] = "null"
    return copy_rates(null, design, n_boot, seed)


def headline_tests() -> tuple[str, ...]:
    """The primary test and ``clustered_t`` (once when they are the same)."""
    return tuple(dict.fromkeys((PRIMARY_TEST, "clustered_t")))


def pooled_markdown(pooled: pd.DataFrame, tests: Sequence[str] | None = None) -> str:
    """Per ticker: pooled size with its copy-clustered interval, var x2 size and power."""
    tests = headline_tests() if tests is None else tuple(tests)
    head = ("| model | window | test | copies (years) | size % (95 % clustered) "
            "| Wilson 95 % | binomial p (Holm) | var x2 size % (95 % clustered) "
            "| power +1 % | power +2 % |\n|---|---|---|---|---|---|---|---|---|---|\n")
    out = []
    for ticker, grp in pooled[pooled["statistic"].isin(tests)].groupby("ticker", sort=False):
        lines = [f"### {ticker}\n", head.rstrip("\n")]
        for r in grp.itertuples(index=False):
            lines.append(
                f"| {r.model} | {r.window} | {statistic_label(r.statistic)} | {r.n_copies} "
                f"({r.n_blocks}) | {pct(r.size)} ({pct(r.size_lo)}-{pct(r.size_hi)}) "
                f"| {pct(r.wilson_lo)}-{pct(r.wilson_hi)} | {r.binom_p:.3g} "
                f"({r.binom_p_holm:.3g}) | {pct(r.var2_size)} ({pct(r.var2_lo)}-"
                f"{pct(r.var2_hi)}) | {pct(r.power_1pct)} | {pct(r.power_2pct)} |")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


MONTHS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                           "Oct", "Nov", "Dec")


def month_markdown(by_month: pd.DataFrame, tests: Sequence[str] | None = None) -> str:
    """Size % by calendar month of the copy (copies in brackets), one row per cell."""
    tests = headline_tests() if tests is None else tuple(tests)
    sub = by_month[by_month["statistic"].isin(tests)]
    months = sorted(set(sub["month"].astype(int)))
    head = ["design", "ticker", "model", "window", "test", *(MONTHS[m - 1] for m in months)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = ["design", "ticker", "model", "window", "statistic"]
    for key, grp in sub.groupby(keys, sort=False):
        by = grp.set_index(grp["month"].astype(int))
        cells = [f"{pct(float(by.at[m, 'size']))} ({int(by.at[m, 'n_copies'])})"
                 if m in by.index else "" for m in months]
        lines.append("| " + " | ".join([*key[:4], statistic_label(key[4]), *cells]) + " |")
    return "\n".join(lines) + "\n"


def every_test_markdown(pooled: pd.DataFrame) -> str:
    """Pooled size, var x2 size and power of every statistic of the battery."""
    lines = ["| ticker | model | window | test | size % (95 % clustered) | Holm p "
             "| var x2 size % | power +1 % | power +2 % |", "|---|---|---|---|---|---|---|---|---|"]
    for r in pooled.itertuples(index=False):
        lines.append(
            f"| {r.ticker} | {r.model} | {r.window} | {statistic_label(r.statistic)} "
            f"| {pct(r.size)} "
            f"({pct(r.size_lo)}-{pct(r.size_hi)}) | {r.binom_p_holm:.3g} "
            f"| {pct(r.var2_size)} | {pct(r.power_1pct)} | {pct(r.power_2pct)} |")
    return "\n".join(lines) + "\n"


def month_span(months: Sequence[int]) -> str:
    """``(6, 7, 8, 9)`` -> ``"Jun-Sep"``; ``(6, 8)`` -> ``"Jun, Aug"``."""
    ms = sorted(set(int(m) for m in months))
    if len(ms) > 1 and ms == list(range(ms[0], ms[-1] + 1)):
        return f"{MONTHS[ms[0] - 1]}-{MONTHS[ms[-1] - 1]}"
    return ", ".join(MONTHS[m - 1] for m in ms)


def _shift_text(weeks: int | None) -> str:
    return "" if weeks is None else f" -{weeks}..+{weeks} weeks"


def season_markdown(pooled: pd.DataFrame, by_month: pd.DataFrame, step_months: pd.DataFrame,
                    per_copy: pd.DataFrame, design: SeasonDesign, source: str) -> str:
    """The season report: design, pooled per ticker, by month, step designs, every test.

    ``pooled``, ``by_month`` and ``per_copy`` are :func:`season_pattern`'s tables,
    ``step_months`` the by-month rates of the step designs (:func:`pattern_rates`),
    ``source`` the seed events' file.
    """
    return (
        "# Size and power in the seeds' season\n\n"
        f"Copies of the seed events' date pattern ({source}) at whole-year offsets "
        f"({per_copy['block'].nunique()} years, {design.first}..{design.last}) plus weekly "
        f"shifts{_shift_text(design.weeks)}, kept when the copy's median date lands in "
        f"{month_span(design.months)}: {per_copy['copy'].nunique()} "
        "copies, each one event study on the real returns, the model fitted once on all "
        "of them. Size = share of copies rejected at 5 % (two-sided); its 95 % interval "
        f"is a block bootstrap over copies ({design.n_boot} draws; a block = one year's "
        "overlapping weekly shifts), beside the Wilson interval and the exact binomial "
        "test against 5 % (Holm across the ticker x model x window cells of each test; "
        "it treats copies as independent, so it rejects more readily than it should). "
        f"var x{design.variance_factor:g}: N(0, {design.variance_factor - 1:g} sigma^2) "
        "noise (sigma of each event's estimation window) added to each copy's day-0 "
        f"returns. Power: +{100 * design.injections[0]:g} % / "
        f"+{100 * design.injections[1]:g} % added to each copy's day-0 returns (neither "
        "enters an estimation window). Month = calendar month of the copy's median event "
        "date. The primary test is marked.\n\n"
        "## Pooled in season, per ticker\n\n" + pooled_markdown(pooled)
        + "\n## By calendar month of the copy (size %, copies in brackets)\n\n"
        + month_markdown(by_month)
        + "\n## Every season, by month: the step designs (size %, copies in brackets)\n\n"
        + month_markdown(step_months)
        + "\n## Every statistic of the battery, in season\n\n" + every_test_markdown(pooled)
    )
