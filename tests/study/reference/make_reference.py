"""Reference numbers for the event-study tests, computed independently of ``analysis``.

Run ``python tests/reference/make_reference.py`` to rewrite ``reference_values.json``.
Everything here is plain loops: one statsmodels OLS per event, explicit matrices for
MacKinlay's V, and per-event Python loops for the cross-event statistics, so the batch
code in ``analysis.study.eventstudy`` / ``analysis.study.stattests`` is checked against a different
implementation of the same formulas.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HERE = Path(__file__).resolve().parent
OUT = HERE / "reference_values.json"
ESTIMATION = (-120, -11)
WINDOWS = ((0, 0), (-1, 1), (0, 3))
EVENT_DATES = ("2021-03-10", "2021-05-04", "2021-07-14", "2021-09-22", "2021-11-10")


def make_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic synthetic returns (business days; columns MKT, A) and events."""
    rng = np.random.default_rng(20240611)
    dates = pd.bdate_range("2020-06-01", "2021-12-31")
    mkt = rng.normal(0.0004, 0.011, len(dates))
    asset = 0.0002 + 0.8 * mkt + rng.standard_t(5, len(dates)) * 0.012
    returns = pd.DataFrame({"MKT": mkt, "A": asset}, index=pd.DatetimeIndex(dates, name="date"))
    events = pd.DataFrame({
        "event_id": [f"E{i}" for i in range(len(EVENT_DATES))],
        "date": list(EVENT_DATES),
        "category": ["tariff", "tariff", "talks", "talks", "tariff"],
    })
    return returns, events


def reference() -> dict[str, object]:
    returns, events = make_data()
    dates = returns.index
    y_all = returns["A"].to_numpy()
    m_all = returns["MKT"].to_numpy()
    out: dict[str, object] = {"estimation": ESTIMATION, "windows": WINDOWS, "events": {}}
    per_window: dict[str, dict[str, list[float]]] = {}
    for eid, date in zip(events["event_id"], events["date"], strict=True):
        p = int(dates.get_loc(pd.Timestamp(date)))
        est = np.arange(p + ESTIMATION[0], p + ESTIMATION[1] + 1)
        X = sm.add_constant(m_all[est])
        fit = sm.OLS(y_all[est], X).fit()
        L1 = len(est)
        sigma2 = float(fit.ssr / (L1 - 2))
        xtx_inv = np.linalg.inv(X.T @ X)
        rec: dict[str, object] = {"alpha": float(fit.params[0]), "beta": float(fit.params[1]),
                                  "sigma2": sigma2, "windows": {}}
        for w in WINDOWS:
            ev = np.arange(p + w[0], p + w[1] + 1)
            Xs = np.column_stack([np.ones(len(ev)), m_all[ev]])
            ar = y_all[ev] - Xs @ fit.params
            V = sigma2 * (np.eye(len(ev)) + Xs @ xtx_inv @ Xs.T)
            gamma = np.ones(len(ev))
            car = float(gamma @ ar)
            var = float(gamma @ V @ gamma)
            t = car / np.sqrt(var)
            pval = float(2 * stats.t.sf(abs(t), L1 - 2))
            key = f"{w[0]}:{w[1]}"
            rec["windows"][key] = {"car": car, "var": var, "t": t, "p": pval}  # type: ignore[index]
            pw = per_window.setdefault(key, {"car": [], "scar": [], "dof": [], "pos_share": []})
            pw["car"].append(car)
            pw["scar"].append(t)
            pw["dof"].append(L1 - 2)
            resid = y_all[est] - X @ fit.params
            pw["pos_share"].append(float(np.mean(resid > 0)))
        out["events"][eid] = rec  # type: ignore[index]
    tests: dict[str, dict[str, float]] = {}
    for key, pw in per_window.items():
        car = np.array(pw["car"])
        scar = np.array(pw["scar"])
        dof = np.array(pw["dof"], dtype=float)
        n = len(car)
        mean = sum(car) / n
        sd = (sum((c - mean) ** 2 for c in car) / (n - 1)) ** 0.5
        t_cs = mean / (sd / n**0.5)
        smean = sum(scar) / n
        ssd = (sum((s - smean) ** 2 for s in scar) / (n - 1)) ** 0.5
        t_bmp = smean / (ssd / n**0.5)
        z_patell = sum(scar) / sum(d / (d - 2) for d in dof) ** 0.5
        p_hat = sum(pw["pos_share"]) / n
        w_pos = sum(1 for c in car if c > 0)
        z_sign = (w_pos - n * p_hat) / (n * p_hat * (1 - p_hat)) ** 0.5
        tests[key] = {"caar": mean, "csect_t": t_cs, "bmp_t": t_bmp, "patell_z": z_patell,
                      "generalized_sign": z_sign}
    out["tests"] = tests
    return out


if __name__ == "__main__":
    OUT.write_text(json.dumps(reference(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
