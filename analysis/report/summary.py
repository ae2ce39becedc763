"""The one-screen answer of ``notebooks/00-summary.ipynb``, built from the outputs only.

Every number the summary prints is read from the CSVs the CLI wrote
(``data/processed/*.csv`` and, when ``make validate`` ran, ``size_power.csv``): nothing
is typed in. :func:`load_outputs` reads them, :func:`headline` builds the primary CAAR
table by event group and asset with 95 % intervals, :func:`headline_figure` draws it,
and :func:`data_line`, :func:`answer`, :func:`confirmatory`, :func:`validation_verdict`
and :func:`caveats` write the sentences around it.

May import: ``analysis.io``, ``analysis.study`` (crossasset, stattests), ``analysis.report``
figure and table modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.io import read_csv_checked, truthy
from analysis.report import tables
from analysis.report.figures_study import forest
from analysis.report.style import TICKER_NAMES
from analysis.study.crossasset import interval, primary_rows
from analysis.study.stattests import PRIMARY_TEST, holm

LEVEL = 0.95
ALPHA = 0.05
SEED_PATTERN = "seed pattern"  # design names of size_power.csv that copy the seed dates
GROUP_ORDER: tuple[str, ...] = ("all", "category=talks", "category=tariff",
                                "category=agriculture", "category=tech", "category=currency",
                                "direction=escalation", "direction=de-escalation",
                                "direction=neutral")


@dataclass(frozen=True)
class Outputs:
    """The tables the summary reads (``validation`` is ``None`` when it was not run)."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    event_study: pd.DataFrame
    caar: pd.DataFrame
    validation: pd.DataFrame | None
    validation_path: Path


def load_outputs(processed: Path, validation: Path) -> Outputs:
    """Read the study's outputs from ``processed`` and the size/power table ``validation``.

    Parameters
    ----------
    processed : Path
        ``data/processed`` (``articles.csv``, ``mentions.csv``, ``events.csv``,
        ``event_study.csv``, ``caar.csv``).
    validation : Path
        ``reports/validation/size_power.csv``; may be missing.

    Returns
    -------
    Outputs
    """
    processed = Path(processed)
    validation = Path(validation)
    return Outputs(
        articles=read_csv_checked(processed / "articles.csv"),
        mentions=read_csv_checked(processed / "mentions.csv"),
        events=read_csv_checked(processed / "events.csv", dtype=str, keep_default_na=False),
        event_study=read_csv_checked(processed / "event_study.csv", dtype={"window": str}),
        caar=read_csv_checked(processed / "caar.csv", dtype={"window": str}),
        validation=(read_csv_checked(validation, dtype={"window": str})
                    if validation.is_file() else None),
        validation_path=validation,
    )


def _group_words(group: str) -> str:
    return "all events" if group == "all" else group.split("=", 1)[-1]


def headline(caar: pd.DataFrame, models: Mapping[str, str], window: str) -> pd.DataFrame:
    """Primary CAAR per event group (all, each category, each direction) and asset.

    Parameters
    ----------
    caar : DataFrame
        ``caar.csv``.
    models : mapping
        Ticker -> the normal-return model read for it (tickers in display order).
    window : str
        Event window, e.g. ``"-1:1"``.

    Returns
    -------
    DataFrame
        ``ticker, group, n_events, n_sessions, caar, ci_low, ci_high, p_value, p_holm``
        (decimal returns; ``p_holm`` adjusts over the groups of one asset); an interval
        by inverting the primary test (:func:`analysis.study.crossasset.interval`).
    """
    rows = primary_rows(caar)
    rows = rows[(rows["window"].astype(str) == str(window))
                & (rows["model"] == rows["ticker"].map(dict(models)))].copy()
    lo, hi = interval(rows["caar"].to_numpy(), rows["value"].to_numpy(),
                      rows["p_value"].to_numpy(), rows["n_events"].to_numpy(),
                      rows["statistic"].astype(str).tolist(), level=LEVEL)
    rows["ci_low"], rows["ci_high"] = lo, hi
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    tick = {t: i for i, t in enumerate(models)}
    rows = rows.assign(_t=rows["ticker"].map(tick),
                       _g=rows["group"].map(lambda g: order.get(g, len(order))))
    rows = rows.sort_values(["_t", "_g"], kind="stable")
    rows["group"] = rows["group"].map(_group_words)
    columns = ["ticker", "group", "n_events", "n_sessions", "caar", "ci_low", "ci_high",
               "p_value", "p_holm"]
    return rows.loc[:, [c for c in columns if c in rows.columns]].reset_index(drop=True)


def headline_table(rows: pd.DataFrame) -> tables.Styler:
    """:func:`headline` through the report's formatter: one row per event group, one
    block of columns per asset (events, CAAR, interval, p-values)."""
    wide = rows.assign(
        asset=rows["ticker"].map(lambda t: TICKER_NAMES.get(t, t)),
        ci=[f"[{tables.percent(lo)}, {tables.percent(hi)}]"
            for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)],
    )
    measures = [c for c in ("n_events", "caar", "ci", "p_value", "p_holm") if c in wide]
    groups = list(dict.fromkeys(wide["group"]))
    assets = list(dict.fromkeys(wide["asset"]))
    table = wide.pivot(index="group", columns="asset", values=measures)
    table = table.swaplevel(axis=1).reindex(columns=pd.MultiIndex.from_product(
        [assets, measures]), index=groups)
    table.index.name = "event group"
    table.columns.names = [None, None]
    return tables.table(table, labels={"ci": f"{LEVEL:.0%} CI (%)"},
                        caption=f"CAAR over the event window by event group; primary test "
                        f"({PRIMARY_TEST}), intervals by inverting it.")


def headline_figure(rows: pd.DataFrame, window: str) -> Figure:
    """Forest plot of :func:`headline`: one row per group and asset, coloured by asset."""
    shown = rows.assign(asset=rows["ticker"].map(lambda t: TICKER_NAMES.get(t, t)),
                        n="n=" + rows["n_events"].astype(int).astype(str))
    return forest(shown, label=["group", "n"], estimate="caar", low="ci_low", high="ci_high",
                  group="asset", xlabel=f"CAAR[{window}] (%)", ylabel="Event group",
                  title=f"Primary CAAR[{window}] by event group and asset "
                        f"({LEVEL:.0%} interval)")


def data_line(out: Outputs, window: str) -> str:
    """Markdown: articles -> dated mentions -> events -> events with a day 0 per asset."""
    precision = out.events["date_precision"].value_counts()
    cars = out.event_study[out.event_study["window"].astype(str) == str(window)]
    with_day0 = (cars[cars["car"].notna()].groupby("ticker")["event_id"].nunique())
    per_asset = ", ".join(f"{n} on {TICKER_NAMES.get(t, t)}" for t, n in with_day0.items())
    kinds = ", ".join(f"{n} to the {p}" for p, n in precision.items())
    languages = out.articles["language"].nunique() if "language" in out.articles else 0
    return (
        f"**{len(out.articles)} articles** ({languages} languages) → "
        f"**{len(out.mentions)} dated mentions** of trade-war news → "
        f"**{len(out.events)} events** (dated {kinds}) → "
        f"**events with a day 0**: {per_asset or 'none'}; the rest have no single "
        "trading day to study and stay out of the averages."
    )


def answer(rows: pd.DataFrame, *, alpha: float = ALPHA) -> str:
    """Markdown: the talks and tariff CAARs per asset and how sure they are.

    A group counts as different from zero when its Holm-adjusted p-value (over the
    groups read for that asset, ``p_holm`` of ``caar.csv``) is below ``alpha``.
    """
    if rows.empty:
        return "_No primary CAAR to read: run `make study`._"
    lines = []
    for ticker, part in rows.groupby("ticker", sort=False):
        bits = []
        for group in ("talks", "tariff", "all events"):
            hit = part[part["group"] == group]
            if hit.empty:
                continue
            r = hit.iloc[0]
            bits.append(f"{group} {tables.percent(r['caar'])} % "
                        f"[{tables.percent(r['ci_low'])}, {tables.percent(r['ci_high'])}] "
                        f"(p = {tables.pvalue(r['p_value'])})")
        lines.append(f"- **{TICKER_NAMES.get(ticker, ticker)}**: " + "; ".join(bits) + ".")
    adjusted = rows["p_holm"] if "p_holm" in rows else pd.Series(holm(rows["p_value"].to_numpy()))
    hits = rows[adjusted < alpha]
    m = len(rows)
    if hits.empty:
        half = float(((rows["ci_high"] - rows["ci_low"]) / 2).median())
        verdict = (f"None of the {m} group CAARs is different from zero at {alpha:.0%} once "
                   "adjusted for the groups read together (Holm): on these events, talk and "
                   "tariff days do not stand out from ordinary days. The intervals reach "
                   f"±{tables.percent(half)} % around the estimate (median), so effects of "
                   "that size could go undetected.")
    else:
        names = "; ".join(f"{TICKER_NAMES.get(t, t)} {g}" for t, g in
                          zip(hits["ticker"], hits["group"], strict=True))
        verdict = (f"{len(hits)} of the {m} group CAARs differ from zero at {alpha:.0%} after "
                   f"the Holm adjustment ({names}); read the others as undetermined, not zero.")
    return "\n".join([*lines, "", verdict])


def confirmatory(caar: pd.DataFrame) -> str:
    """Markdown: the confirmatory cell of each asset (``confirmatory`` rows of ``caar.csv``).

    The cells were fixed before any result was seen (``analysis.defaults.CONFIRMATORY``)
    and each is read alone at 5 %; everything else on the page is exploratory.
    """
    if "confirmatory" not in caar.columns:
        return "_`caar.csv` has no `confirmatory` column: rerun `make study`._"
    rows = caar[truthy(caar["confirmatory"])]
    if rows.empty:
        return "_No confirmatory cell in `caar.csv` (none of its assets has one)._"
    parts = []
    for r in rows.itertuples(index=False):
        what = (f"**{TICKER_NAMES.get(r.ticker, r.ticker)}**, {_group_words(r.group)} "
                f"days, window [{r.window}], {r.model} model: ")
        if pd.isna(r.p_value):
            note = getattr(r, "note", "")
            why = note if isinstance(note, str) and note else "undefined"
            parts.append(what + f"CAAR {tables.percent(r.caar)} %, no test ({why})")
        else:
            parts.append(what + f"CAAR {tables.percent(r.caar)} % (p = "
                         f"{tables.pvalue(r.p_value)}, {int(r.n_events)} events on "
                         f"{int(r.n_sessions)} event-days)")
    return ("Confirmatory test, one cell per asset fixed in advance and read alone at "
            f"{ALPHA:.0%} with the primary test ({PRIMARY_TEST}): " + "; ".join(parts)
            + ". Every other CAAR here is exploratory (Holm-adjusted `p (Holm)`).")


def validation_verdict(validation: pd.DataFrame | None, models: Mapping[str, str],
                       window: str, *, where: str = "reports/validation/size_power.csv") -> str:
    """One sentence on the primary test's size and power on copies of the seed dates.

    Parameters
    ----------
    validation : DataFrame or None
        ``size_power.csv``; ``None`` when ``make validate`` was not run.
    models : mapping
        Ticker -> model read.
    window : str
        Event window.
    where : str
        Name of the table, for the sentence.

    Returns
    -------
    str
        Markdown.
    """
    if validation is None:
        return (f"Validation was not run (no `{where}`): `make validate` measures how often "
                "the primary test rejects a true null (size) and finds an injected return "
                "(power) on copies of these event dates.")
    rows = validation[validation["design"].astype(str).str.startswith(SEED_PATTERN)
                      & (validation["statistic"] == PRIMARY_TEST)
                      & (validation["window"].astype(str) == str(window))
                      & validation["power_1pct"].notna()]
    rows = rows[rows["model"] == rows["ticker"].map(dict(models))]
    if rows.empty:
        return f"`{where}` has no seed-pattern row of the primary test for window [{window}]."
    parts = [f"{TICKER_NAMES.get(r.ticker, r.ticker)}: size {r.size:.1%} "
             f"(95% interval {r.size_lo:.1%}–{r.size_hi:.1%}), power {r.power_1pct:.0%} "
             f"at +1 % and {r.power_2pct:.0%} at +2 %"
             for r in rows.itertuples(index=False)]
    copies = int(rows["n_samples"].max())
    return (f"On {copies} copies of the seed events' own dates placed back in time "
            f"(`make validate`, window [{window}], nominal size 5 %), the primary test gives "
            + "; ".join(parts) + ".")


def caveats(out: Outputs, rows: pd.DataFrame, window: str) -> str:
    """Markdown list of what the numbers cannot show, with the counts behind each."""
    cars = out.event_study[out.event_study["window"].astype(str) == str(window)]
    dated = cars[cars["car"].notna()]
    in_clusters = dated[dated["cluster_id"].notna()]
    clustered = in_clusters["event_id"].nunique()
    months = in_clusters.drop_duplicates("event_id")["day0"].astype(str).str[:7].value_counts()
    busiest = (f"{months.iloc[0]} of them with day 0 in {months.index[0]}"
               if not months.empty else "none")
    overall = rows[rows["group"] == "all events"]
    sizes = ", ".join(f"{TICKER_NAMES.get(r.ticker, r.ticker)} {int(r.n_events)} events on "
                      f"{int(r.n_sessions)} event-days" for r in overall.itertuples(index=False))
    no_day0 = tables.no_day0_lines(cars)
    smallest = int(rows["n_events"].min()) if not rows.empty else 0
    return "\n".join([
        f"- Few events: {sizes}; the smallest group has {smallest} event(s), so an "
        "interval a few percent wide is the norm.",
        f"- Overlap: {clustered} events have event windows that overlap another's on the "
        f"same asset ({busiest}); the primary test keeps their covariance, the "
        "robustness tests in notebook 03 do not.",
        f"- Not studied: {no_day0 or 'none'}",
        "- Price moves on the first session the news could reach, not its causal effect: "
        "other news shared those days.",
        f"- {len(rows)} group CAARs are read together here; p-values are Holm-adjusted per "
        "asset (`p (Holm)`).",
    ])

