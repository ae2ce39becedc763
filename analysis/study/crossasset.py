"""Across markets: escalation vs de-escalation CAARs per asset and the soybean contrast.

Reads the tables the event study writes (``caar.csv`` and ``event_study.csv`` of a run
over several tickers, e.g. the curated catalog on the ten tickers of
:data:`analysis.defaults.CROSS_ASSET_TICKERS`) and condenses them into the two tables the
cross-asset comparison shows:

* :func:`direction_caar` — per asset (in its headline model,
  :data:`analysis.defaults.CROSS_ASSET_MODELS`), window and direction, the CAAR with the
  study's primary test and a 95 % interval;
* :func:`spread_study` and :func:`contrast_summary` — the soybean contrast, "was it about
  soybeans?": the spread :math:`D_t = r^{ZS}_t - \tfrac12(r^{ZC}_t + r^{ZW}_t)` is built
  at the returns level (:func:`spread_returns`) and studied as one more asset through
  the study's own machinery (:func:`analysis.study.battery.run_study`: same windows,
  day-0 rule, calendar and battery), so its test is the study's primary test with its
  overlap covariance of same-day and overlapping events. The per-event difference of
  the legs' CARs (:func:`soybean_contrast`) with a plain and a Welch t is kept beside it
  as a *naive* robustness column: it treats every event as independent.

May import: ``analysis.defaults``, ``analysis.io``, ``analysis.windows``,
``analysis.study.battery``, ``analysis.study.eventstudy``, ``analysis.study.stattests``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis import defaults
from analysis.io import AnalysisError, require_columns, truthy
from analysis.study.battery import run_study
from analysis.study.eventstudy import EventStudy, FitSettings
from analysis.study.results import EventStudyResults
from analysis.study.stattests import PRIMARY_TEST
from analysis.windows import parse_window, window_sort_key

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
    "window", "direction", "n_events", "n_sessions", "mean", "se", "statistic", "value",
    "p_value", "ci_low", "ci_high", "naive_n_events", "naive_mean", "naive_t_stat",
    "naive_dof", "naive_p_value", "asset", "model", "naive_model", "test", "naive_test",
)
"""Columns of ``soybean_contrast.csv``: the primary test on the spread asset, then the
naive per-event t (``naive_*``) as a robustness column."""
SPREAD_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "window", "direction", "category", "day0", "event_day", "car", "car_se",
    "n_est", "flags", "reason",
)
"""Columns of the spread's per-event CARs (``soybean_spread_events.csv``)."""

SPREAD_TICKER: str = "ZS-ZC/ZW"
"""Name of the synthetic soybean-spread asset in the study's tables."""
SPREAD_MODEL: str = "constant"
"""Normal-return model of the spread (see :func:`spread_study` for why)."""
NAIVE_TEST: str = ("naive: plain t on the per-event differences of the legs' CARs, Welch t "
                   "for the difference of directions (assumes independent events)")


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
    require_columns(caar, ("ticker", "model", "group", "window", "n_events", "caar",
                           "statistic", "value", "p_value"), "CAAR table")
    keep = truthy(caar["primary"]) if "primary" in caar.columns else (
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
    rows["_w"] = rows["window"].map(window_sort_key)
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

    The *naive* reading of the contrast (robustness column of :func:`contrast_summary`);
    the primary one studies the spread as an asset (:func:`spread_study`).

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
    require_columns(event_study, ("event_id", "ticker", "model", "window", "day0", "car",
                                  "category", "direction"), "event-study table")
    legs = _legs(target, controls)
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
    out["_w"] = out["window"].map(window_sort_key)
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


def _legs(target: str, controls: Sequence[str]) -> list[str]:
    legs = [target, *controls]
    if len(set(legs)) != len(legs) or not controls:
        raise AnalysisError(f"soybean contrast: need a target and distinct controls, got {legs}")
    return legs


def spread_returns(returns: pd.DataFrame, target: str = "ZS=F",
                   controls: Sequence[str] = defaults.CONTROL_TICKERS) -> pd.Series:
    r"""The soybean spread as one return series.

    .. math::

        D_t = r^{ZS}_t - \frac{1}{J}\sum_{j=1}^{J} r^{c_j}_t

    on every session where the target and all :math:`J` controls have a return; any
    other session of the frame gets ``NaN`` (a missing spread return, not a zero).

    Parameters
    ----------
    returns : pandas.DataFrame
        Sessions x tickers of returns (``DatetimeIndex``).
    target, controls : str, sequence of str
        Tickers of the treated asset and of the controls.

    Returns
    -------
    pandas.Series
        Named :data:`SPREAD_TICKER`, on the index of ``returns``.
    """
    legs = _legs(target, controls)
    missing = [t for t in legs if t not in returns.columns]
    if missing:
        raise AnalysisError(f"returns: no {', '.join(missing)} column for the soybean spread")
    frame = returns[legs].astype(float)
    # skipna=False: a session on which one control has no return has no spread return.
    spread = frame[target] - frame[list(controls)].mean(axis=1, skipna=False)
    return spread.rename(SPREAD_TICKER)


def spread_flags(flags: pd.DataFrame | None, legs: Sequence[str]) -> pd.DataFrame | None:
    """Data-quality flags of the spread: a session is flagged when any leg is.

    A roll (or stale, thin, ...) session of one leg makes the spread's return on that
    session a mix of contracts too, so the study treats it as it treats the leg's.
    """
    if flags is None or flags.empty:
        return None
    sub = flags[flags["ticker"].astype(str).isin(list(legs))]
    kinds = [c for c in sub.columns if c not in ("date", "ticker") and sub[c].dtype == bool]
    if sub.empty or not kinds:
        return None
    out = sub.groupby("date", sort=True)[kinds].any().reset_index()
    out.insert(1, "ticker", SPREAD_TICKER)
    return out


def spread_study(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    settings: FitSettings | None = None,
    *,
    flags: pd.DataFrame | None = None,
    legs: Sequence[str] = ("ZS=F", *defaults.CONTROL_TICKERS),
    calendars: Mapping[str, str] = defaults.TICKER_CALENDAR,
    n_permutations: int = 1000,
    seed: int = 0,
) -> tuple[EventStudyResults, pd.DataFrame]:
    r"""The soybean spread studied as an asset: its CARs and its CAAR battery.

    The spread (:func:`spread_returns`) enters the estimator as one more column of
    returns, on the target's exchange calendar (CBOT's: the three crops share it), with
    the union of the legs' flags (:func:`spread_flags`). It is then fitted and tested
    exactly as the ``study`` command fits an asset
    (:func:`analysis.study.battery.run_study`): the same estimation and event windows,
    the same day-0 rule, the battery by category and direction with its primary test
    (:data:`analysis.study.stattests.PRIMARY_TEST`).

    The model is the constant mean (:data:`SPREAD_MODEL`): the spread is already a
    difference of three crops on one exchange, so what a market model would remove
    (equity, dollar, weather and farm-policy moves the crops share) has largely
    cancelled, and its spread beta :math:`\beta^{ZS} - \bar\beta^{c}` would be
    estimated near zero with noise only. The constant mean is also linear in the
    legs: when all three have the same sessions, the spread's CAR is the target's
    constant-mean CAR minus the mean of the controls' ones.

    Parameters
    ----------
    returns : pandas.DataFrame
        Sessions x tickers of returns with every leg.
    events : pandas.DataFrame
        Events as for :class:`analysis.study.eventstudy.EventStudy`.
    settings : FitSettings, optional
        Fit options (default :class:`FitSettings()`, the ``study`` command's defaults).
    flags : pandas.DataFrame, optional
        The legs' data-quality flags (``date, ticker`` and bool flag columns).
    legs : sequence of str
        Target first, then the controls.
    calendars : mapping of str to str
        Ticker -> exchange calendar; the target's entry is the spread's.
    n_permutations, seed : int
        As for :func:`analysis.study.battery.run_study`.

    Returns
    -------
    (EventStudyResults, pandas.DataFrame)
        The spread's fit (ticker :data:`SPREAD_TICKER`) and its ``caar.csv``-style table.
    """
    legs = list(legs)
    if not legs:
        raise AnalysisError("soybean contrast: no legs given")
    target, controls = legs[0], legs[1:]
    spread = spread_returns(returns, target, controls)
    calendar = {SPREAD_TICKER: calendars[target]} if target in calendars else {}
    study = EventStudy(spread.to_frame(), events, flags=spread_flags(flags, legs),
                       tickers=[SPREAD_TICKER], calendars=calendar)
    return run_study(study, {SPREAD_TICKER: (SPREAD_MODEL,)}, settings or FitSettings(),
                     n_permutations=n_permutations, seed=seed)


def spread_events(results: EventStudyResults) -> pd.DataFrame:
    """The spread's per-event CARs (:data:`SPREAD_EVENT_COLUMNS`), by window then event."""
    car = results.car
    car = car[car["ticker"].astype(str) == SPREAD_TICKER].copy()
    car["day0"] = pd.to_datetime(car["day0"]).dt.strftime("%Y-%m-%d")
    car = car.sort_values(["window", "event_id"], kind="stable",
                          key=lambda s: s.map(window_sort_key) if s.name == "window" else s)
    return car.loc[:, list(SPREAD_EVENT_COLUMNS)].reset_index(drop=True)


_NAIVE_KEYS: dict[str, str] = {"n_events": "naive_n_events", "mean": "naive_mean",
                               "t_stat": "naive_t_stat", "dof": "naive_dof",
                               "p_value": "naive_p_value"}


def _primary_cells(rows: pd.DataFrame, level: float) -> dict[str, object]:
    """The primary-test cells of one (window, direction) of the spread's battery."""
    if rows.empty:
        return {}
    r = rows.iloc[0]
    lo, hi = interval(np.array([r["caar"]]), np.array([r["value"]]),
                      np.array([r["p_value"]]), np.array([r["n_events"]]),
                      [str(r["statistic"])], level)
    return {"n_events": int(r["n_events"]), "n_sessions": r.get("n_sessions", np.nan),
            "mean": float(r["caar"]), "se": r.get("se", np.nan),
            "statistic": str(r["statistic"]), "value": float(r["value"]),
            "p_value": float(r["p_value"]), "ci_low": float(lo[0]), "ci_high": float(hi[0]),
            "test": str(r.get("test", ""))}


def contrast_summary(
    spread_caar: pd.DataFrame,
    naive: pd.DataFrame | None = None,
    directions: Sequence[str] = DIRECTIONS,
    *,
    naive_model: str = "market",
    level: float = LEVEL,
) -> pd.DataFrame:
    r"""The soybean contrast by window and direction: primary test, then naive t.

    Primary columns (``mean`` ... ``ci_high``): the spread asset's row of the study's
    primary test (:data:`analysis.study.stattests.PRIMARY_TEST`) for the group
    ``direction=<d>`` of :func:`spread_study`'s table; ``mean`` is the average the test
    is about (over distinct event-days), the interval inverts the test
    (:func:`interval`). The row ``"<first> minus <second>"`` has no primary test (the
    battery tests one group against zero; a difference of two groups whose windows
    overlap needs their cross-covariance, which it does not give), only the naive one.

    Naive columns (``naive_*``, robustness only): on the per-event differences
    :math:`D_i` of the legs' ``naive_model`` CARs (:func:`soybean_contrast`), the plain t
    :math:`\bar D / (s_D/\sqrt{N})` with :math:`N-1` degrees of freedom, and Welch's t
    for the difference of the directions. They treat same-day and overlapping events as
    independent, so their intervals are too narrow when events cluster.

    Parameters
    ----------
    spread_caar : pandas.DataFrame
        The battery table of :func:`spread_study`.
    naive : pandas.DataFrame, optional
        :func:`soybean_contrast` output; without it the naive columns are ``NaN``.
    directions : sequence of str
        Directions summarised; with two, a third row ``"<first> minus <second>"``.
    naive_model : str
        Model of the legs' CARs behind ``naive`` (recorded).
    level : float
        Coverage of the interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CONTRAST_COLUMNS`.
    """
    prim = primary_rows(spread_caar)
    prim = prim[prim["ticker"].astype(str) == SPREAD_TICKER]
    if naive is not None:
        require_columns(naive, ("window", "direction", "contrast"), "soybean contrast")
    windows = set(prim["window"].astype(str))
    if naive is not None:
        windows |= set(naive["window"].astype(str))
    rows: list[dict[str, object]] = []
    for w in sorted(windows, key=window_sort_key):
        here = (naive[naive["window"].astype(str) == w] if naive is not None
                else pd.DataFrame(columns=["direction", "contrast"]))
        samples = {d: here.loc[here["direction"] == d, "contrast"].to_numpy(dtype=float)
                   for d in directions}
        mine = prim[prim["window"].astype(str) == w]
        for d in directions:
            cells = _primary_cells(mine[mine["group"] == f"direction={d}"], level)
            naive_row = _mean_test(samples[d], level) if naive is not None else {}
            rows.append({"window": w, "direction": d, **cells,
                         **{_NAIVE_KEYS[k]: v for k, v in naive_row.items()
                            if k in _NAIVE_KEYS}})
        if len(directions) == 2:
            a, b = directions
            welch = _welch(samples[a], samples[b], level) if naive is not None else {}
            rows.append({"window": w, "direction": f"{a} minus {b}",
                         "test": f"no {PRIMARY_TEST}: a difference of two groups",
                         **{_NAIVE_KEYS[k]: v for k, v in welch.items() if k in _NAIVE_KEYS}})
    out = pd.DataFrame(rows, columns=list(CONTRAST_COLUMNS))
    out["asset"] = SPREAD_TICKER
    out["model"] = SPREAD_MODEL
    out["naive_model"] = naive_model if naive is not None else ""
    out["naive_test"] = NAIVE_TEST if naive is not None else ""
    return out.loc[:, list(CONTRAST_COLUMNS)]
