"""Benchmark: the event-study engine against a statsmodels loop and the PyPI ``eventstudy``.

500 synthetic securities x 100 events each (seeded: one market factor plus idiosyncratic
noise; every security has its own event days), market model, estimation window
(-250, -11), event window (-1, 1), full MacKinlay variance of the CAR. In one run:

1. ``analysis.study.eventstudy.EventStudy`` (the project's batch engine);
(a) a per-event statsmodels OLS loop computing the same ARs and Var(CAR);
(b) the PyPI ``eventstudy`` package (``Single.market_model``), when it can be run;
(c) a lower bound: the same ARs and Var(CAR) as plain, hand-vectorised NumPy array code
    (:func:`run_numpy_bound`), so the engine's time is also given as a multiple of what
    the arithmetic alone costs.

The ARs must agree (max abs difference < 1e-10); the script prints the timings, the
speed ratios and a result line against the targets (>= 20x vs (a), >= 100x vs (b), at
most 1.5x the time of (c)).

Run: ``.venv/bin/python benchmarks/bench_eventstudy.py [--securities 500] [--events 100]``;
``--engine-only`` times the engine alone, ``--profile 25`` prints where its time goes.

Stress case: ``--study-stress 5000`` times the whole ``python -m analysis study`` command
(events file -> day 0 -> three fits -> the full CAAR battery by category and direction
with 1,000 permutations -> CSVs) on that many random event dates 2001-2019 on the real
^GSPC and ZS=F snapshot; target under ``STRESS_TARGET_S`` seconds (the battery used to
be quadratic in the number of events).
The exit status is 0 only when the ARs agree and both speed targets are met.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import io
import platform
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from verdict import report  # the script's folder is on sys.path

from analysis.cli import main as cli_main

ESTIMATION: tuple[int, int] = (-250, -11)
WINDOW: tuple[int, int] = (-1, 1)
TARGET_A: float = 20.0
TARGET_B: float = 100.0
TARGET_BOUND: float = 1.5
AR_TOL: float = 1e-10
MARKET: str = "MKT"
STRESS_TARGET_S: float = 60.0


# --------------------------------------------------------------------------------------
# Synthetic panel
# --------------------------------------------------------------------------------------
def make_panel(
    n_sec: int, n_events: int, seed: int = 20190722
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Returns (sessions x securities), the market series and the events.

    .. math::

        R_{it} = \\alpha_i + \\beta_i R_{mt} + \\varepsilon_{it},\\quad
        R_{mt} \\sim N(3\\times10^{-4}, 0.01^2),\\
        \\varepsilon_{it} \\sim N(0, \\sigma_i^2)

    Sessions are NYSE sessions (the default calendar for tickers without one), so the
    engine's calendar mapping keeps every event on its own date.
    """
    from analysis.market.calendars import sessions as cal_sessions

    rng = np.random.default_rng(seed)
    need = -ESTIMATION[0] + 1 + n_events * 4 + 200
    dates = pd.DatetimeIndex(cal_sessions("^GSPC", "2006-01-03", "2019-12-31"))
    dates = dates[-max(need, 1500):] if len(dates) > need else dates
    T = len(dates)
    rm = rng.normal(3e-4, 0.01, T)
    alpha = rng.normal(0.0, 2e-4, n_sec)
    beta = rng.uniform(0.5, 1.5, n_sec)
    sigma = rng.uniform(0.01, 0.03, n_sec)
    eps = rng.standard_normal((T, n_sec)) * sigma
    R = alpha + np.outer(rm, beta) + eps
    names = [f"S{i:04d}" for i in range(n_sec)]
    wide = pd.DataFrame(R, index=dates, columns=names)
    wide.index.name = "date"
    market = pd.Series(rm, index=dates, name=MARKET)
    lo, hi = -ESTIMATION[0], T - 1 - WINDOW[1]
    if hi - lo < n_events:
        raise SystemExit(f"not enough sessions for {n_events} events per security")
    rows: list[tuple[str, str, str, str, int]] = []
    for i, name in enumerate(names):
        pos = np.sort(rng.choice(np.arange(lo, hi), size=n_events, replace=False))
        rows.extend((f"{name}-E{k:03d}", f"{dates[p]:%Y-%m-%d}", "during_session", name, i)
                    for k, p in enumerate(pos))
    events = pd.DataFrame(rows, columns=["event_id", "date", "timing", "assets", "sec"])
    return wide, market, events


# --------------------------------------------------------------------------------------
# Contenders
# --------------------------------------------------------------------------------------
def run_engine(wide: pd.DataFrame, market: pd.Series, events: pd.DataFrame) -> dict[str, Any]:
    """The project's engine: one fit over every security and event.

    Timed: building ``EventStudy`` from the wide returns, the events and the market
    series (calendar mapping, units), ``fit`` (market model, one window) and reading
    ``.ar`` and ``.car`` with every column; the SQ p-values (``p_sq``) are computed in
    ``fit``, as a user gets them, not deferred.
    """
    from analysis.study.eventstudy import EventStudy

    fitted = EventStudy(wide, events.drop(columns="sec"), market=market).fit(
        model="market", estimation=ESTIMATION, windows=[WINDOW])
    ar = fitted.ar
    car = fitted.car
    return {"ar": ar, "car": car}


def run_statsmodels_loop(
    wide: pd.DataFrame, market: pd.Series, events: pd.DataFrame
) -> dict[str, Any]:
    """Baseline (a): one statsmodels OLS per event, MacKinlay Var(CAR) from its results.

    .. math::

        \\operatorname{Var}(CAR) = \\hat\\sigma^2\\left[L_2 + s'(X'X)^{-1}s\\right],
        \\quad s = X^{*\\prime}\\mathbf{1}
    """
    import statsmodels.api as sm

    dates = wide.index
    rm = market.to_numpy()
    e0, e1 = ESTIMATION
    w0, w1 = WINDOW
    n = len(events)
    ar = np.empty((n, w1 - w0 + 1))
    var = np.empty(n)
    values = wide.to_numpy()
    for j, (date, sec) in enumerate(zip(events["date"], events["sec"], strict=True)):
        p = dates.get_loc(pd.Timestamp(date))
        r = values[:, sec]
        X = sm.add_constant(rm[p + e0:p + e1 + 1])
        res = sm.OLS(r[p + e0:p + e1 + 1], X).fit()
        Xw = sm.add_constant(rm[p + w0:p + w1 + 1], has_constant="add")
        ar[j] = r[p + w0:p + w1 + 1] - res.predict(Xw)
        s = Xw.sum(axis=0)
        var[j] = res.scale * (len(Xw) + s @ res.normalized_cov_params @ s)
    return {"ar": ar, "var": var}


def run_numpy_bound(
    wide: pd.DataFrame, market: pd.Series, events: pd.DataFrame
) -> dict[str, Any]:
    r"""Lower bound: the same ARs and MacKinlay Var(CAR), hand-vectorised in plain NumPy.

    What the engine computes for this panel, with nothing else (no calendars, flags,
    reasons, tables or tests): every event's estimation window gathered as one
    ``(N, L_1)`` array, the OLS of the market model from centred sums, then

    .. math::

        \hat\beta = \frac{\sum (R_m - \bar R_m)(R - \bar R)}{\sum (R_m - \bar R_m)^2},
        \quad \hat\alpha = \bar R - \hat\beta \bar R_m,\quad
        \hat\sigma^2 = \frac{\sum \hat\varepsilon^2}{L_1 - 2},

    .. math::

        AR_t = R_t - \hat\alpha - \hat\beta R_{mt},\quad
        \operatorname{Var}(CAR) = \hat\sigma^2\left[L_2 + s'(X'X)^{-1}s\right],\quad
        s = (L_2, \textstyle\sum_{t \in w} R_{mt})'.
    """
    values = wide.to_numpy()
    rm = market.reindex(wide.index).to_numpy()
    p = wide.index.get_indexer(pd.DatetimeIndex(events["date"]))
    sec = events["sec"].to_numpy()
    e0, e1 = ESTIMATION
    w0, w1 = WINDOW
    est = p[:, None] + np.arange(e0, e1 + 1)[None, :]
    win = p[:, None] + np.arange(w0, w1 + 1)[None, :]
    y, x = values[est, sec[:, None]], rm[est]
    n1, n2 = est.shape[1], win.shape[1]
    xm, ym = x.mean(axis=1), y.mean(axis=1)
    xc, yc = x - xm[:, None], y - ym[:, None]
    sxx = np.einsum("ij,ij->i", xc, xc)
    beta = np.einsum("ij,ij->i", xc, yc) / sxx
    alpha = ym - beta * xm
    resid = yc - beta[:, None] * xc
    sigma2 = np.einsum("ij,ij->i", resid, resid) / (n1 - 2)
    xw = rm[win]
    ar = values[win, sec[:, None]] - alpha[:, None] - beta[:, None] * xw
    # s'(X'X)^{-1}s with X'X = [[L1, Sx], [Sx, Sxx]] inverted in closed form.
    sx, sxx_raw, sw = x.sum(axis=1), np.einsum("ij,ij->i", x, x), xw.sum(axis=1)
    det = n1 * sxx_raw - sx * sx
    quad = (n2 * n2 * sxx_raw - 2.0 * n2 * sx * sw + n1 * sw * sw) / det
    return {"ar": ar, "var": sigma2 * (n2 + quad)}


def run_pypi_eventstudy(
    wide: pd.DataFrame, market: pd.Series, events: pd.DataFrame
) -> dict[str, Any]:
    """Baseline (b): ``eventstudy.Single.market_model`` once per event.

    The package reads its returns from a CSV into a class-level dict; the dict is set
    directly (same content) so parsing a 3,000 x 500 CSV is not charged to it.
    Its buffer is the sessions between the estimation window and the event window.
    """
    import eventstudy as es

    data: dict[str, np.ndarray] = {"date": wide.index.to_numpy(dtype="datetime64[ns]")}
    data.update({c: wide[c].to_numpy() for c in wide.columns})
    data[MARKET] = market.to_numpy()
    es.Single._save_parameter("returns", data)
    est_size = ESTIMATION[1] - ESTIMATION[0] + 1
    buffer = WINDOW[0] - ESTIMATION[1] - 1
    n = len(events)
    ar = np.empty((n, WINDOW[1] - WINDOW[0] + 1))
    var = np.empty(n)
    for j, (date, ticker) in enumerate(zip(events["date"], events["assets"], strict=True)):
        single = es.Single.market_model(
            security_ticker=ticker, market_ticker=MARKET,
            event_date=np.datetime64(date, "ns"), event_window=WINDOW,
            estimation_size=est_size, buffer_size=buffer)
        ar[j] = single.AR
        var[j] = single.var_CAR[-1]
    return {"ar": ar, "var": var}


CPU_SECONDS: dict[str, float] = {}


def timed(fn: Callable[..., dict[str, Any]], *args: Any) -> tuple[float, dict[str, Any]]:
    """Wall time of one call and its output; its CPU time goes to :data:`CPU_SECONDS`."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    out = fn(*args)
    wall = time.perf_counter() - t0
    CPU_SECONDS[fn.__name__] = time.process_time() - c0
    return wall, out


def engine_arrays(out: dict[str, Any], events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Engine ARs as (n_events, window length) and Var(CAR), in the events' order."""
    ar = out["ar"]
    ar = ar[(ar["rel_day"] >= WINDOW[0]) & (ar["rel_day"] <= WINDOW[1])]
    table = ar.pivot(index="event_id", columns="rel_day", values="ar")
    table = table.reindex(index=events["event_id"], columns=range(WINDOW[0], WINDOW[1] + 1))
    car = out["car"].set_index("event_id").reindex(events["event_id"])
    return table.to_numpy(dtype=float), car["car_se"].to_numpy(dtype=float) ** 2


def profile_engine(wide: pd.DataFrame, market: pd.Series, events: pd.DataFrame,
                   top: int) -> None:
    """cProfile one engine run and print the ``top`` functions by own time."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    run_engine(wide, market, events)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    print("\nengine profile (cProfile, sorted by own time; profiling inflates the total):")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip()))


# --------------------------------------------------------------------------------------
def study_stress(n_events: int, permutations: int, seed: int) -> int:
    """Time ``python -m analysis study`` on ``n_events`` random dates; 0 when under target."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["prices", "--tickers", "^GSPC,ZS=F", "--start", "2000-01-01",
                      "--end", "2019-12-31", "--out", str(folder)])
        rng = np.random.default_rng(seed)
        days = pd.date_range("2001-01-01", "2019-12-31", freq="D")
        events = pd.DataFrame({
            "event_id": [f"S{i:05d}" for i in range(n_events)],
            "date": days[rng.integers(0, len(days), n_events)].strftime("%Y-%m-%d"),
            "category": rng.choice(["talks", "tariff", "agriculture", "tech"], n_events),
            "direction": rng.choice(["escalation", "de-escalation", "neutral"], n_events),
        })
        path = folder / "events.csv"
        events.to_csv(path, index=False)
        started = time.perf_counter()
        cpu0 = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()) as said:
            rc = cli_main(["study", "--events", str(path), "--returns-file",
                           str(folder / "returns.csv"), "--quality-file",
                           str(folder / "quality.csv"), "--tickers", "^GSPC,ZS=F",
                           "--windows", "0:0,-1:1,0:5", "--permutations", str(permutations),
                           "--out", str(folder / "out")])
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu0
        rows = len(pd.read_csv(folder / "out" / "caar.csv")) if rc == 0 else 0
    ok = rc == 0 and wall < STRESS_TARGET_S
    print(said.getvalue().strip())
    print(f"RESULT: study on {n_events} events x 2 tickers, {permutations} permutations: "
          f"{wall:.1f} s wall, {cpu:.1f} s cpu, {rows} caar rows (target < "
          f"{STRESS_TARGET_S:.0f} s: {'PASS' if ok else 'FAIL'})")
    report(f"study command, {n_events} events x 2 tickers", f"{wall:.1f} s wall "
           f"({cpu:.1f} s CPU)", f"< {STRESS_TARGET_S:.0f} s wall", ok)
    return 0 if ok else 1


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when both targets are met, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--securities", type=int, default=500)
    parser.add_argument("--events", type=int, default=100, help="events per security")
    parser.add_argument("--seed", type=int, default=20190722)
    parser.add_argument("--skip-pypi", action="store_true", help="do not run baseline (b)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="warm engine repeats; their median is the engine's time")
    parser.add_argument("--engine-only", action="store_true",
                        help="time the engine alone (no baselines, no ratios)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="after timing, profile the engine and print its N costliest "
                             "functions (by own time)")
    parser.add_argument("--study-stress", type=int, default=0, metavar="N",
                        help="time the study command on N random events on the snapshot "
                             f"(target < {STRESS_TARGET_S:.0f} s) and exit")
    parser.add_argument("--permutations", type=int, default=1000,
                        help="permutation draws in the stress case (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.study_stress:
        return study_stress(args.study_stress, args.permutations, args.seed)

    print(f"Event-study benchmark: {args.securities} securities x {args.events} events, "
          f"market model, estimation {ESTIMATION}, window {WINDOW}, full MacKinlay Var(CAR)")
    print(f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"statsmodels {_version('statsmodels')}, eventstudy {_version('eventstudy')}")
    wide, market, events = make_panel(args.securities, args.events, args.seed)
    # Import every contender first: module import time is not per-run compute.
    for module in ("analysis.study.eventstudy", "analysis.study.stattests", "statsmodels.api",
                   "eventstudy"):
        with contextlib.suppress(ImportError):  # reported where the contender runs
            importlib.import_module(module)
    n = len(events)
    print(f"panel: {wide.shape[0]} sessions x {wide.shape[1]} securities, {n} events")
    print("engine timed: EventStudy(wide, events, market=...) + .fit(model='market', "
          "estimation, windows) + reading .ar and .car (every column, p_sq included; "
          "nothing deferred)")

    try:
        t_cold, eng = timed(run_engine, wide, market, events)
        cpu_cold = CPU_SECONDS["run_engine"]
        # The engine runs for a fraction of a second, so one run is at the mercy of other
        # load on the machine: take the median of warm repeats (the cold run, with its
        # calendar and cache set-up, is reported too). Baselines run for many seconds.
        warm = [timed(run_engine, wide, market, events)[0] for _ in range(args.repeat)]
        t_eng = float(np.median(warm)) if warm else t_cold
    except Exception as exc:  # an unfinished engine: say so instead of a traceback
        last = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"engine failed: {type(exc).__name__}: {exc} "
              f"(at {Path(last.filename).name}:{last.lineno})")
        return 1
    eng_ar, eng_var = engine_arrays(eng, events)
    if args.profile:
        profile_engine(wide, market, events, args.profile)
    if args.engine_only:
        missing = int(np.isnan(eng_ar).any(axis=1).sum())
        print(f"(1) analysis.study.eventstudy.EventStudy: {t_eng:.3f} s "
              f"(median of {len(warm)} warm "
              f"runs; cold {t_cold:.3f} s), {n / t_eng:.0f} events/s, "
              f"{missing} events without ARs")
        return 0
    t_a, base_a = timed(run_statsmodels_loop, wide, market, events)
    # Same treatment as the engine: the bound also runs in well under a second.
    timed(run_numpy_bound, wide, market, events)
    bound_runs = [timed(run_numpy_bound, wide, market, events) for _ in range(args.repeat)]
    t_c = float(np.median([t for t, _ in bound_runs]))
    base_c = bound_runs[-1][1]

    t_b: float | None = None
    base_b: dict[str, Any] | None = None
    why_b = ""
    if args.skip_pypi:
        why_b = "skipped (--skip-pypi)"
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_b, base_b = timed(run_pypi_eventstudy, wide, market, events)
        except ImportError as exc:
            why_b = (f"cannot import the PyPI eventstudy package ({exc}); install it with "
                     "`.venv/bin/pip install eventstudy` or the project's [bench] extra")
        except Exception as exc:  # report exactly why it cannot run here
            last = traceback.extract_tb(exc.__traceback__)[-1]
            why_b = (f"the PyPI eventstudy package fails on python {platform.python_version()}"
                     f"/pandas {pd.__version__}: {type(exc).__name__}: {exc} "
                     f"(at {last.filename.split('site-packages/')[-1]}:{last.lineno})")

    # Agreement --------------------------------------------------------------------------
    d_a = float(np.nanmax(np.abs(eng_ar - base_a["ar"])))
    missing = int(np.isnan(eng_ar).any(axis=1).sum())
    rel_var_a = float(np.nanmax(np.abs(eng_var / base_a["var"] - 1.0)))
    ok_a = d_a < AR_TOL and missing == 0
    print()
    print(f"AR agreement engine vs (a): max |diff| = {d_a:.3e} over {n * 3} ARs "
          f"({missing} events without engine ARs) -> {'identical' if ok_a else 'DIFFERENT'}")
    print(f"Var(CAR) engine vs (a): max relative diff = {rel_var_a:.3e}")
    d_c = float(np.nanmax(np.abs(eng_ar - base_c["ar"])))
    ok_c = d_c < AR_TOL
    rel_var_c = float(np.nanmax(np.abs(eng_var / base_c["var"] - 1.0)))
    print(f"AR agreement engine vs (c): max |diff| = {d_c:.3e} -> "
          f"{'identical' if ok_c else 'DIFFERENT'}; Var(CAR) max relative diff "
          f"{rel_var_c:.3e}")
    ok_b = True
    d_b = 0.0
    if base_b is not None:
        d_b = float(np.nanmax(np.abs(eng_ar - base_b["ar"])))
        ok_b = d_b < AR_TOL
        ratio_var = base_b["var"] / eng_var
        print(f"AR agreement engine vs (b): max |diff| = {d_b:.3e} -> "
              f"{'identical' if ok_b else 'DIFFERENT'}")
        print(f"Var(CAR) (b) / MacKinlay: mean {np.nanmean(ratio_var):.4f} "
              f"(min {np.nanmin(ratio_var):.4f}, max {np.nanmax(ratio_var):.4f}): "
              "(b) uses np.var of the estimation residuals (dof L1) times L2 and ignores "
              "the parameter-estimation term, so it is not comparable")

    # Timing table -----------------------------------------------------------------------
    print()
    print(f"{'contender':<44} {'wall s':>8} {'cpu s':>8} {'events/s':>10} {'ratio':>7}")
    CPU_SECONDS["cold"] = cpu_cold
    rows = [(f"(1) EventStudy, median of {len(warm)} warm runs", t_eng, "run_engine"),
            ("(1) EventStudy, first (cold) run", t_cold, "cold"),
            ("(a) statsmodels OLS loop, per event", t_a, "run_statsmodels_loop"),
            (f"(c) NumPy lower bound, median of {len(bound_runs)}", t_c, "run_numpy_bound")]
    if t_b is not None:
        rows.append((f"(b) PyPI eventstudy {_version('eventstudy')}, per event", t_b,
                     "run_pypi_eventstudy"))
    for label, t, key in rows:
        print(f"{label:<44} {t:8.3f} {CPU_SECONDS[key]:8.3f} {n / t:10.0f} {t / t_eng:6.1f}x")
    print("(ratio = wall time / the engine's median warm wall time; cpu s of the warm "
          "row is its last repeat; wall >> cpu means other load on the machine)")
    print(f"engine warm runs (s): {', '.join(f'{t:.3f}' for t in warm)}")
    if t_b is None:
        print(f"(b) PyPI eventstudy: not run: {why_b}")

    ratio_a = t_a / t_eng
    pass_a = ratio_a >= TARGET_A
    parts = [f"engine {ratio_a:.1f}x faster than (a) (target >= {TARGET_A:.0f}x: "
             f"{'PASS' if pass_a else 'FAIL'}; cold run {t_a / t_cold:.1f}x)"]
    pass_b = True
    if t_b is not None:
        ratio_b = t_b / t_eng
        pass_b = ratio_b >= TARGET_B
        parts.append(f"{ratio_b:.1f}x faster than (b) (target >= {TARGET_B:.0f}x: "
                     f"{'PASS' if pass_b else 'FAIL'}; cold run {t_b / t_cold:.1f}x)")
    else:
        parts.append("(b) not measured")
    ratio_c = t_eng / t_c
    pass_c = ratio_c <= TARGET_BOUND
    parts.append(f"engine time = {ratio_c:.2f}x the NumPy bound (c) (target <= "
                 f"{TARGET_BOUND:g}x: {'PASS' if pass_c else 'FAIL'})")
    ok = ok_a and ok_b and ok_c
    parts.append(f"ARs {'identical' if ok else 'DIFFER'} (tol {AR_TOL:g})")
    print()
    print("RESULT: " + "; ".join(parts))
    cpu = CPU_SECONDS
    report("engine vs statsmodels loop (a), wall", f"{ratio_a:.1f}x (CPU "
           f"{cpu['run_statsmodels_loop'] / cpu['run_engine']:.1f}x)", f">= {TARGET_A:g}x",
           pass_a)
    if t_b is not None:
        report("engine vs PyPI eventstudy (b), wall", f"{t_b / t_eng:.1f}x (CPU "
               f"{cpu['run_pypi_eventstudy'] / cpu['run_engine']:.1f}x)",
               f">= {TARGET_B:g}x", pass_b)
    else:
        report("engine vs PyPI eventstudy (b)", "not measured", f">= {TARGET_B:g}x", False)
    report("engine time / NumPy bound (c), wall", f"{ratio_c:.2f}x (CPU "
           f"{cpu['run_engine'] / cpu['run_numpy_bound']:.2f}x)", f"<= {TARGET_BOUND:g}x",
           pass_c)
    report("ARs engine vs (a), (b), (c)", f"max |diff| {max(d_a, d_b, d_c):.1e}",
           f"< {AR_TOL:g}", ok)
    return 0 if (pass_a and pass_b and pass_c and ok and t_b is not None) else 1


if __name__ == "__main__":
    sys.exit(main())
