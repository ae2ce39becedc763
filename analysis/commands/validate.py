"""``python -m analysis validate``: Brown-Warner size/power study on real returns.

Writes ``size_power.csv``, ``size_power.md``, ``seed_pattern_copies.csv`` and the season
tables ``season.csv``, ``season_by_month.csv``, ``season_copies.csv`` and ``season.md``
(atomically, together) to ``--out``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.commands._options import check_permutations, comma_list
from analysis.events.table import load_events
from analysis.io import AnalysisError, write_together
from analysis.market import prices, quality
from analysis.study.seasonal import (
    N_BOOT,
    SEASON_DESIGN,
    SEASON_LAST,
    SEASON_MONTHS,
    SEASON_WEEKS,
    SeasonDesign,
    month_markdown,
    month_span,
    pattern_rates,
    season_markdown,
    season_pattern,
)
from analysis.study.sizepower import pct
from analysis.study.stattests import PRIMARY_TEST
from analysis.study.validation import (
    GROUP_SIZES,
    PATTERN_STEP_DAYS,
    PatternDesign,
    PlaceboDesign,
    markdown_table,
    seed_pattern,
    side_by_side,
    size_power,
)

VALIDATION_TICKERS: tuple[str, ...] = config.STUDY_TICKERS


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    parser = subparsers.add_parser(
        "validate",
        help="Brown-Warner size/power study of the CAAR tests on real returns",
        description=(
            "Draw placebo event samples on random sessions of ^GSPC and ZS=F "
            f"({config.VALIDATION_START}..{config.VALIDATION_END}, from the snapshot), run "
            "every test, and report rejection rates at 5 %% under the null and with +1 %% "
            "and +2 %% abnormal returns injected on day 0."
        ),
    )
    parser.add_argument("--out", type=Path, default=config.REPORTS_DIR / "validation",
                        help="output folder (default: %(default)s)")
    parser.add_argument("--n-events", type=int, default=1000, dest="n_samples",
                        help="placebo samples (event studies) per asset and model "
                             "(default: %(default)s)")
    parser.add_argument("--sample-size", type=int, default=50,
                        help="placebo events per sample (default: %(default)s)")
    parser.add_argument("--permutations", type=int, default=200,
                        help="permutation-test draws per sample (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--pattern-events", type=Path, default=config.EVENTS_CSV,
                        help="events whose date pattern is copied back in time "
                             "(default: %(default)s)")
    parser.add_argument("--group-sizes", default=",".join(map(str, GROUP_SIZES)),
                        help="small sample sizes of the random design (default: %(default)s)")
    parser.add_argument("--dense-step", type=int, default=7,
                        help="days between the overlapping seed-pattern copies of the dense "
                             "design; 0 = skip it (default: %(default)s)")
    parser.add_argument("--group-samples", type=int, default=500,
                        help="samples per small sample size (default: %(default)s)")
    parser.add_argument("--season-months", default=",".join(map(str, SEASON_MONTHS)),
                        help="calendar months (1-12) the season copies of the seed pattern "
                             "land in, by median date (default: %(default)s, June-September)")
    parser.add_argument("--season-weeks", type=int, default=SEASON_WEEKS,
                        help="largest weekly shift around each whole-year copy (default: "
                             "every shift that lands in --season-months)")
    parser.add_argument("--season-last", default=SEASON_LAST,
                        help="season copies end by this date (default: %(default)s, before "
                             "the trade war)")
    parser.add_argument("--bootstrap", type=int, default=N_BOOT,
                        help="block-bootstrap draws of the season intervals "
                             "(default: %(default)s)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the returns, run the study, write the CSV and markdown tables."""
    started = time.perf_counter()
    sizes = _checked_group_sizes(args)
    bars = prices.load_prices(VALIDATION_TICKERS, start=config.VALIDATION_START,
                              end=config.VALIDATION_END, source=config.price_source())
    flags = quality.quality_flags(bars)
    returns = prices.returns_wide(prices.compute_returns(bars, "simple"))
    events = load_events(args.pattern_events)
    edge: dict[str, Any] = dict(flags=flags, market=config.MARKET_TICKER,
                                calendars=config.TICKER_CALENDAR,
                                default_models=config.DEFAULT_MODELS)
    pattern, per_copy = seed_pattern(
        returns, events, design=PatternDesign(n_permutations=args.permutations,
                                              seed=args.seed), **edge)
    dense, dense_copies = (seed_pattern(returns, events, design=PatternDesign(
        step_days=args.dense_step, injections=(), seed=args.seed), **edge)
        if args.dense_step else (None, None))
    season = _season(args, returns, events, edge, [(per_copy, PATTERN_STEP_DAYS),
                                                   (dense_copies, args.dense_step)])
    design = PlaceboDesign(n_samples=args.n_samples, sample_size=args.sample_size,
                           n_permutations=args.permutations, seed=args.seed,
                           estimation=config.ESTIMATION_WINDOW,
                           min_estimation=config.MIN_ESTIMATION, group_sizes=tuple(sizes),
                           group_samples=args.group_samples)
    table = size_power(returns, design=design, **edge)
    table = pd.concat([p for p in (pattern, dense, table) if p is not None], ignore_index=True)
    out = Path(args.out)
    elapsed = time.perf_counter() - started
    write_together({
        out / "size_power.csv": table,
        out / "seed_pattern_copies.csv": per_copy,
        out / "size_power.md": _size_power_intro(args) + side_by_side(table)
        + "\n## Every test\n\n" + markdown_table(table),
        out / "season.csv": season["pooled"],
        out / "season_by_month.csv": season["by_month"],
        out / "season_copies.csv": season["copies"],
        out / "season.md": season["markdown"],
    })
    _print_summary(table, season, tuple(args.season_months), out, elapsed)
    return 0


def _checked_group_sizes(args: argparse.Namespace) -> list[int]:
    """Check the options before any data is read; the small group sizes parsed."""
    check_permutations(args.permutations)
    if args.n_samples < 1 or args.sample_size < 2 or args.permutations < 1:
        raise AnalysisError("--n-events, --sample-size and --permutations must be positive "
                            "(sample size at least 2)")
    if (args.season_weeks is not None and args.season_weeks < 0) or args.bootstrap < 100:
        raise AnalysisError("--season-weeks must be >= 0 and --bootstrap >= 100")
    args.season_months = _season_months(args.season_months)
    try:
        pd.Timestamp(args.season_last)
    except ValueError:
        raise AnalysisError(f"--season-last: not a date: {args.season_last!r}") from None
    try:
        sizes = [int(x) for x in str(args.group_sizes).split(",") if x.strip()]
    except ValueError:
        raise AnalysisError(f"--group-sizes: expected integers like 3,5,10, not "
                            f"{args.group_sizes!r}") from None
    if any(n < 2 for n in sizes) or args.group_samples < 1:
        raise AnalysisError("--group-sizes must be at least 2 and --group-samples positive")
    if args.dense_step < 0 or args.dense_step % 7:
        raise AnalysisError(f"--dense-step must be a multiple of 7 days (weekdays kept) or 0, "
                            f"not {args.dense_step}")
    return sizes


def _season_months(text: str) -> tuple[int, ...]:
    """``"6,7,8,9"`` -> ``(6, 7, 8, 9)``; an error unless every item is a month 1-12."""
    try:
        months = tuple(sorted({int(m) for m in comma_list(text, "--season-months")}))
    except ValueError:
        raise AnalysisError(f"--season-months: expected months like 6,7,8,9, not "
                            f"{text!r}") from None
    if not all(1 <= m <= 12 for m in months):
        raise AnalysisError(f"--season-months: months are 1-12, not {text!r}")
    return months


def _size_power_intro(args: argparse.Namespace) -> str:
    """The head of ``size_power.md``: the design of every section, the primary named."""
    intro = (
        "# Size and power of the CAAR tests (Brown-Warner placebo study)\n\n"
        f"Real daily simple returns {config.VALIDATION_START}..{config.VALIDATION_END} "
        f"({', '.join(VALIDATION_TICKERS)}); {args.n_samples} samples of "
        f"{args.sample_size} random event days per asset and model; estimation window "
        f"{config.ESTIMATION_WINDOW}; permutation test with {args.permutations} draws; "
        f"seed {args.seed}. Size = rejection rate at 5 % (two-sided) without an abnormal "
        "return (95 % Wilson interval); power = rejection rate with +1 % / +2 % added to "
        "day 0. `single_event_t` is the per-event t test over all placebo events. "
        "Sizes outside [3 %, 7 %] are marked.\n\n"
    )
    designs = (
        "## Naive vs primary, side by side (size % at 5 %)\n\n"
        f"`seed pattern, {PATTERN_STEP_DAYS}-day steps`: the seed study's event dates "
        f"({args.pattern_events}) copied back in steps of {PATTERN_STEP_DAYS} days "
        "(2001-2019), each copy one event study on the real returns; power injects "
        "+1 % / +2 % on each copy's day-0 sessions. "
        f"`seed pattern, {args.dense_step}-day steps`: the same pattern at every such "
        "offset (overlapping, dependent copies; tighter size estimate; no permutation "
        "test, no injection). `random, N=n`: Brown-Warner samples of n random sessions. "
        "Roll-flagged ZS=F sessions are left out of the estimation and event windows. "
        f"The primary test is `{PRIMARY_TEST}`.\n\n"
    )
    return intro + designs


def _print_summary(table: pd.DataFrame, season: dict[str, Any], months: tuple[int, ...],
                   out: Path, elapsed: float) -> None:
    """One line for the size/power table; then the primary test in the season design:
    per ticker and cell the pooled size with its copy-clustered 95 % interval, the
    exact binomial Holm p, var x2 and power, and its size by month."""
    bad = table[(table["size"] < 0.03) | (table["size"] > 0.07)]
    prim = table[table["primary"]]
    prim_bad = prim[(prim["size"] < 0.03) | (prim["size"] > 0.07)]
    print(f"validate: {len(table)} rows in {elapsed:.0f} s; {len(bad)} test/window cells "
          f"with size outside [3 %, 7 %] ({len(prim_bad)} of {len(prim)} primary); wrote "
          f"size_power.csv, size_power.md, seed_pattern_copies.csv and season.* to {out}")
    pooled, by_month = season["pooled"], season["by_month"]
    in_season = pooled[(pooled["design"] == SEASON_DESIGN) & pooled["primary"]]
    print(f"season ({month_span(months)}, {PRIMARY_TEST}): size % (copy-clustered 95 %), "
          "binomial Holm p, var x2 %, power +1 % / +2 %")
    for ticker, grp in in_season.groupby("ticker", sort=False):
        print(f"  {ticker}: {int(grp['n_copies'].max())} copies; highest upper bound "
              f"{pct(grp['size_hi'].max())} %, smallest Holm p {grp['binom_p_holm'].min():.3g}")
        for r in grp.itertuples(index=False):
            print(f"    {r.model} [{r.window}]: {pct(r.size)} ({pct(r.size_lo)}-"
                  f"{pct(r.size_hi)}), Holm p {r.binom_p_holm:.3g}, var x2 "
                  f"{pct(r.var2_size)} ({pct(r.var2_lo)}-{pct(r.var2_hi)}), power "
                  f"{pct(r.power_1pct)} / {pct(r.power_2pct)}")
    months_tab = by_month[(by_month["design"] == SEASON_DESIGN) & by_month["primary"]]
    print("  by month (size %, copies): " if len(months_tab) else "", end="")
    print(month_markdown(months_tab, (PRIMARY_TEST,)) if len(months_tab) else "", end="")


def _season(args: argparse.Namespace, returns: pd.DataFrame, events: pd.DataFrame,
            edge: dict[str, Any],
            patterns: list[tuple[pd.DataFrame | None, int]]) -> dict[str, object]:
    """The season design, the by-month rates of the step designs, and their markdown."""
    design = SeasonDesign(weeks=args.season_weeks, last=str(args.season_last),
                          months=tuple(args.season_months),
                          n_permutations=args.permutations, seed=args.seed,
                          n_boot=args.bootstrap)
    try:
        pooled, by_month, per_copy = season_pattern(returns, events, design=design, **edge)
    except ValueError as exc:
        raise AnalysisError(f"{args.pattern_events}: {exc}") from None
    pools, months = [pooled], [by_month]
    for per, step in patterns:
        if per is not None and step:
            p, m = pattern_rates(per, events, step, f"seed pattern, {step}-day steps",
                                 args.bootstrap, args.seed)
            pools.append(p)
            months.append(m)
    all_pooled = pd.concat(pools, ignore_index=True)
    all_months = pd.concat(months, ignore_index=True)
    text = season_markdown(pooled, by_month, all_months[all_months["design"] != SEASON_DESIGN],
                           per_copy, design, str(args.pattern_events))
    return {"pooled": all_pooled, "by_month": all_months, "copies": per_copy, "markdown": text}
