"""Across markets: escalation vs de-escalation CAARs per asset and the soybean contrast.

Reads the tables the event study writes (``caar.csv`` and ``event_study.csv`` of a run
over several tickers, e.g. the curated catalog on the ten tickers of
:data:`analysis.defaults.CROSS_ASSET_TICKERS`) and condenses them into the two tables the
cross-asset comparison shows:

* :func:`direction_caar` — per asset (in its headline model,
  :data:`analysis.defaults.CROSS_ASSET_MODELS`), window and direction, the CAAR with the
  study's primary test and a 95 % interval;
* :func:`soybean_contrast` and :func:`contrast_summary` — per event, soybeans' CAR minus
  the average CAR of corn and wheat, and its mean by direction with a t statistic: a
  difference-in-differences reading of "was it about soybeans?".

May import: ``analysis.defaults``, ``analysis.io``, ``analysis.windows``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis import defaults
from analysis.io import AnalysisError
from analysis.windows import parse_window

PRIMARY_FALLBACK: str = "csect_t"
"""Statistic read as the primary test when ``caar.csv`` has no ``primary`` column."""

DIRECTIONS: tuple[str, ...] = ("escalation", "de-escalation")
LEVEL: float = 0.95
"""Coverage of every interval in this module."""

DIRECTION_COLUMNS: tuple[str, ...] = (
    "ticker", "model", "window", "direction", "n_events", "caar", "statistic", "value",
    "p_value", "ci_low", "ci_high",
)
CONTRAST_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "window", "direction", "category", "day0", "car_target", "car_controls",
    "contrast",
)
CONTRAST_COLUMNS: tuple[str, ...] = (
    "window", "direction", "n_events", "mean", "se", "t_stat", "dof", "p_value", "ci_low",
    "ci_high", "target", "controls", "model",
)


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(f"{what}: missing column(s) {', '.join(missing)}")


def _truthy(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip().str.lower().isin(("true", "1", "yes"))


def primary_rows(caar: pd.DataFrame) -> pd.DataFrame:
    """The rows of the primary test of a CAAR battery table.

    A table with a boolean ``primary`` column marks the study's primary test itself;
    an older table without it falls back to the cross-sectional t
    (:data:`PRIMARY_FALLBACK`), so this reads ``caar.csv`` from before and after that
    column was introduced.

    Parameters
    ----------
    caar : pandas.DataFrame
        ``caar.csv``: ``ticker, model, group, window, n_events, caar, statistic, value,
        p_value`` (and optionally ``primary``).

    Returns
    -------
    pandas.DataFrame
        One row per ticker, model, group and window.
    """
    _require(caar, ("ticker", "model", "group", "window", "n_events", "caar", "statistic",
                    "value", "p_value"), "CAAR table")
    keep = _truthy(caar["primary"]) if "primary" in caar.columns else (
        caar["statistic"] == PRIMARY_FALLBACK)
    out = caar[keep].reset_index(drop=True)
    dup = out.duplicated(["ticker", "model", "group", "window"])
    if dup.any():
        row = out[dup].iloc[0]
        raise AnalysisError(
            f"CAAR table: several primary tests for {row['ticker']} {row['model']} "
            f"{row['group']} [{row['window']}]"
        )
    return out


def interval(caar: np.ndarray, value: np.ndarray, p_value: np.ndarray, n: np.ndarray,
             statistic: Sequence[str], level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    r"""Interval for the CAAR implied by its test (test inversion).

    For the cross-sectional t the interval is exact,
    :math:`\overline{CAR} \pm t_{N-1,(1+\ell)/2}\, \overline{CAR}/t`. For any other
    statistic :math:`S` (whose reference distribution this module does not know) the
    p-value is turned into an equivalent normal quantile :math:`z_p = \Phi^{-1}(1-p/2)`
    and

    .. math::

        \overline{CAR} \pm z_{(1+\ell)/2}\, |\overline{CAR}| / z_p ,

    which assumes :math:`S` is proportional to the CAAR; either way the interval
    excludes zero exactly when :math:`p < 1-\ell`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds (NaN where the test is undefined).
    """
    caar = np.asarray(caar, dtype=float)
    value = np.asarray(value, dtype=float)
    p = np.asarray(p_value, dtype=float)
    n = np.asarray(n, dtype=float)
    is_t = np.asarray([s == "csect_t" for s in statistic], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        dof = np.where(n > 1, n - 1, np.nan)
        t_half = stats.t.ppf((1 + level) / 2, dof) * np.abs(caar / value)
        z_p = stats.norm.isf(p / 2)
        z_half = stats.norm.ppf((1 + level) / 2) * np.abs(caar) / z_p
    half = np.where(is_t, t_half, z_half)
    half = np.where(np.isfinite(half), half, np.nan)
    return caar - half, caar + half


def direction_caar(
    caar: pd.DataFrame,
    models: Mapping[str, str] | None = None,
    windows: Sequence[str] | None = None,
    directions: Sequence[str] = DIRECTIONS,
) -> pd.DataFrame:
    """Escalation vs de-escalation CAAR per asset with the primary test and a 95 % interval.

    Parameters
    ----------
    caar : pandas.DataFrame
        The study's ``caar.csv`` (groups ``direction=<value>`` are read).
    models : mapping, optional
        Ticker -> the one model read for it; default
        :data:`analysis.defaults.CROSS_ASSET_MODELS`. Tickers of ``caar`` absent from the
        mapping are left out.
    windows : sequence of str, optional
        Windows (``"-1:1"``) to keep; default all.
    directions : sequence of str
        Directions to keep, in output order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DIRECTION_COLUMNS`, in mapping order of the tickers, then window
        and direction. CAARs and bounds are decimal returns.
    """
    models = dict(defaults.CROSS_ASSET_MODELS if models is None else models)
    rows = primary_rows(caar)
    groups = {f"direction={d}": d for d in directions}
    rows = rows[rows["group"].isin(groups)].copy()
    rows["direction"] = rows["group"].map(groups)
    rows = rows[rows["model"] == rows["ticker"].map(models)]
    if windows is not None:
        wanted = [str(w) for w in windows]
        for w in wanted:
            parse_window(w, "window")
        rows = rows[rows["window"].astype(str).isin(wanted)]
    if rows.empty:
        return pd.DataFrame(columns=list(DIRECTION_COLUMNS))
    lo, hi = interval(rows["caar"].to_numpy(), rows["value"].to_numpy(),
                      rows["p_value"].to_numpy(), rows["n_events"].to_numpy(),
                      rows["statistic"].astype(str).tolist())
    rows["ci_low"], rows["ci_high"] = lo, hi
    ticker_order = {t: i for i, t in enumerate(models)}
    dir_order = {d: i for i, d in enumerate(directions)}
    rows["_t"] = rows["ticker"].map(ticker_order)
    rows["_w"] = rows["window"].map(lambda w: parse_window(str(w), "window"))
    rows["_d"] = rows["direction"].map(dir_order)
    rows = rows.sort_values(["_t", "_w", "_d"], kind="stable")
    return rows.loc[:, list(DIRECTION_COLUMNS)].reset_index(drop=True)


def soybean_contrast(
    event_study: pd.DataFrame,
    target: str = "ZS=F",
    controls: Sequence[str] = defaults.CONTROL_TICKERS,
    model: str = "market",
) -> pd.DataFrame:
    r"""Per event and window, the target's CAR minus the average CAR of the controls.

    .. math::

        D_i = CAR_i^{ZS} - \tfrac{1}{2}\left(CAR_i^{ZC} + CAR_i^{ZW}\right)

    Corn and wheat trade on the same exchange and calendar and share the weather, the
    dollar and the farm-policy news, but China's retaliation singled out soybeans; the
    difference removes what the three crops share. An event enters a window only when
    every leg has a CAR there on the same day 0.

    Parameters
    ----------
    event_study : pandas.DataFrame
        The study's ``event_study.csv`` (``event_id, ticker, model, window, day0, car,
        category, direction``).
    target, controls : str, sequence of str
        Tickers of the treated asset and of the controls.
    model : str
        Normal-return model whose CARs are used for every leg.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CONTRAST_EVENT_COLUMNS`, decimal returns.
    """
    _require(event_study, ("event_id", "ticker", "model", "window", "day0", "car",
                           "category", "direction"), "event-study table")
    legs = [target, *controls]
    if len(set(legs)) != len(legs) or not controls:
        raise AnalysisError(f"soybean contrast: need a target and distinct controls, got {legs}")
    data = event_study[event_study["model"].eq(model) & event_study["ticker"].isin(legs)]
    missing = [t for t in legs if not data["ticker"].eq(t).any()]
    if missing:
        raise AnalysisError(
            f"event-study table: no {model}-model CARs for {', '.join(missing)}"
        )
    keys = ["event_id", "window"]
    car = data.pivot_table(index=keys, columns="ticker", values="car", aggfunc="first",
                           dropna=False)
    day0 = data.assign(day0=data["day0"].astype(str)).pivot_table(
        index=keys, columns="ticker", values="day0", aggfunc="first")
    car = car.reindex(columns=legs)
    same_day = day0.reindex(index=car.index, columns=legs).nunique(axis=1, dropna=False) == 1
    ok = car.notna().all(axis=1) & same_day
    car = car[ok]
    meta = data.drop_duplicates(keys).set_index(keys)[["category", "direction"]]
    out = pd.DataFrame({
        "car_target": car[target],
        "car_controls": car[list(controls)].mean(axis=1),
    })
    out["contrast"] = out["car_target"] - out["car_controls"]
    out = out.join(meta).join(day0[target].rename("day0")).reset_index()
    out["_w"] = out["window"].map(lambda w: parse_window(str(w), "window"))
    out = out.sort_values(["_w", "event_id"], kind="stable")
    return out.loc[:, list(CONTRAST_EVENT_COLUMNS)].reset_index(drop=True)


def _mean_test(x: np.ndarray, level: float) -> dict[str, float]:
    n = len(x)
    mean = float(np.mean(x)) if n else float("nan")
    if n < 2:
        return {"n_events": n, "mean": mean, "se": np.nan, "t_stat": np.nan,
                "dof": np.nan, "p_value": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    se = float(np.std(x, ddof=1) / np.sqrt(n))
    dof = n - 1.0
    return _row(n, mean, se, dof, level)


def _row(n: int, mean: float, se: float, dof: float, level: float) -> dict[str, float]:
    t = mean / se if se > 0 else float("nan")
    p = float(2 * stats.t.sf(abs(t), dof)) if np.isfinite(t) else float("nan")
    half = float(stats.t.ppf((1 + level) / 2, dof) * se) if se > 0 else float("nan")
    return {"n_events": n, "mean": mean, "se": se, "t_stat": t, "dof": dof, "p_value": p,
            "ci_low": mean - half, "ci_high": mean + half}


def _welch(a: np.ndarray, b: np.ndarray, level: float) -> dict[str, float]:
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return {"n_events": na + nb, "mean": np.nan, "se": np.nan, "t_stat": np.nan,
                "dof": np.nan, "p_value": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    va, vb = np.var(a, ddof=1) / na, np.var(b, ddof=1) / nb
    se = float(np.sqrt(va + vb))
    dof = float((va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))) if se > 0 else np.nan
    return _row(na + nb, float(np.mean(a) - np.mean(b)), se, dof, level)


def contrast_summary(per_event: pd.DataFrame, directions: Sequence[str] = DIRECTIONS,
                     target: str = "ZS=F", controls: Sequence[str] = defaults.CONTROL_TICKERS,
                     model: str = "market", level: float = LEVEL) -> pd.DataFrame:
    r"""Mean soybean contrast by direction, and escalation minus de-escalation.

    For each direction the cross-sectional t of :math:`\bar D`,
    :math:`t = \bar D / (s_D/\sqrt{N})` with :math:`N-1` degrees of freedom; for the
    difference of two directions Welch's t with the Welch-Satterthwaite degrees of
    freedom. Both treat events as independent: overlapping windows of events a day apart
    make them optimistic.

    Parameters
    ----------
    per_event : pandas.DataFrame
        Output of :func:`soybean_contrast`.
    directions : sequence of str
        Directions summarised; with two, a third row ``"<first> minus <second>"``.
    target, controls, model
        Recorded in the output (what the contrast was built from).
    level : float
        Coverage of the interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CONTRAST_COLUMNS`.
    """
    _require(per_event, ("window", "direction", "contrast"), "soybean contrast")
    rows: list[dict[str, object]] = []
    windows = sorted(per_event["window"].astype(str).unique(),
                     key=lambda w: parse_window(w, "window"))
    for w in windows:
        here = per_event[per_event["window"].astype(str) == w]
        samples = {d: here.loc[here["direction"] == d, "contrast"].to_numpy(dtype=float)
                   for d in directions}
        for d in directions:
            rows.append({"window": w, "direction": d, **_mean_test(samples[d], level)})
        if len(directions) == 2:
            a, b = directions
            rows.append({"window": w, "direction": f"{a} minus {b}",
                         **_welch(samples[a], samples[b], level)})
    out = pd.DataFrame(rows, columns=[c for c in CONTRAST_COLUMNS
                                      if c not in ("target", "controls", "model")])
    out["target"] = target
    out["controls"] = "+".join(controls)
    out["model"] = model
    return out.loc[:, list(CONTRAST_COLUMNS)]
