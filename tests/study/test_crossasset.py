"""Cross-asset tables: the primary test, intervals, and the soybean contrast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.io import AnalysisError
from analysis.study import crossasset
from analysis.study.stattests import Sample, battery


def _caar_rows(car: np.ndarray, ticker: str, model: str, group: str, window: str
               ) -> list[dict[str, object]]:
    rng = np.random.default_rng(0)
    from_battery = battery_rows(car, rng)
    return [{"ticker": ticker, "model": model, "group": group, "window": window,
             "n_events": len(car), "caar": float(car.mean()), "statistic": name,
             "value": value, "p_value": p} for name, value, p in from_battery]


def battery_rows(car: np.ndarray, rng: np.random.Generator) -> list[tuple[str, float, float]]:
    n = len(car)
    sample = Sample(car=car, se=np.full(n, 0.01), dof=np.full(n, 200.0),
                    est_resid=rng.normal(0, 0.01, (n, 200)), window_ar=car[:, None],
                    pools=[rng.normal(0, 0.01, 500)], pool_index=np.zeros(n, dtype=int))
    return battery(sample, 200, rng, ("csect_t", "wilcoxon"))


@pytest.fixture
def caar_table() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows: list[dict[str, object]] = []
    cars = {}
    for ticker, model in (("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")):
        for direction, shift in (("escalation", -0.01), ("de-escalation", 0.008)):
            car = rng.normal(shift, 0.02, 25 if direction == "escalation" else 12)
            cars[(ticker, model, direction)] = car
            rows += _caar_rows(car, ticker, model, f"direction={direction}", "-1:1")
        rows += _caar_rows(rng.normal(0, 0.02, 30), ticker, model, "all", "-1:1")
    table = pd.DataFrame(rows)
    table.attrs["cars"] = cars
    return table


def test_primary_falls_back_to_the_cross_sectional_t(caar_table: pd.DataFrame) -> None:
    rows = crossasset.primary_rows(caar_table)
    assert set(rows["statistic"]) == {"csect_t"}
    assert len(rows) == 9


def test_primary_column_wins_when_present(caar_table: pd.DataFrame) -> None:
    marked = caar_table.assign(primary=(caar_table["statistic"] == "wilcoxon").map(
        {True: "True", False: "False"}))
    rows = crossasset.primary_rows(marked)
    assert set(rows["statistic"]) == {"wilcoxon"}
    both = caar_table.assign(primary=True)
    with pytest.raises(AnalysisError, match="several primary tests"):
        crossasset.primary_rows(both)


def test_direction_caar_reads_the_headline_model_with_exact_t_interval(
        caar_table: pd.DataFrame) -> None:
    models = {"^GSPC": "constant", "ZS=F": "market"}
    out = crossasset.direction_caar(caar_table, models=models)
    assert tuple(out.columns) == crossasset.DIRECTION_COLUMNS
    assert out[["ticker", "model", "direction"]].values.tolist() == [
        ["^GSPC", "constant", "escalation"], ["^GSPC", "constant", "de-escalation"],
        ["ZS=F", "market", "escalation"], ["ZS=F", "market", "de-escalation"]]
    for row in out.itertuples():
        car = caar_table.attrs["cars"][(row.ticker, row.model, row.direction)]
        lo, hi = stats.t.interval(0.95, len(car) - 1, loc=car.mean(), scale=stats.sem(car))
        assert row.caar == pytest.approx(car.mean())
        assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi))
        t = stats.ttest_1samp(car, 0.0)
        assert row.value == pytest.approx(t.statistic)


def test_interval_from_any_statistic_excludes_zero_exactly_when_significant() -> None:
    caar = np.array([0.01, 0.01, -0.02])
    p = np.array([0.01, 0.2, 0.05])
    lo, hi = crossasset.interval(caar, np.array([2.0, 1.0, -1.9]), p, np.array([20, 20, 20]),
                                 ["wilcoxon"] * 3)
    assert lo[0] > 0 and lo[1] < 0 < hi[1]
    assert hi[2] == pytest.approx(0.0, abs=1e-12)


def _event_study() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(14):
        direction = "escalation" if i < 9 else "de-escalation"
        day0 = f"2019-0{1 + i % 9}-1{i % 5}"
        for ticker in ("ZS=F", "ZC=F", "ZW=F", "^GSPC"):
            for model in ("constant", "market"):
                car = rng.normal(-0.01 if ticker == "ZS=F" and direction == "escalation"
                                 else 0.0, 0.01)
                # Event 13: wheat is missing its CAR; event 12: corn has another day 0.
                if i == 13 and ticker == "ZW=F":
                    car = np.nan
                d0 = "2019-02-01" if (i == 12 and ticker == "ZC=F") else day0
                rows.append({"event_id": f"E{i:02d}", "ticker": ticker, "model": model,
                             "window": "0:0", "day0": d0, "car": car, "category": "tariff",
                             "direction": direction})
    return pd.DataFrame(rows)


def test_soybean_contrast_by_hand() -> None:
    es = _event_study()
    per_event = crossasset.soybean_contrast(es)
    assert tuple(per_event.columns) == crossasset.CONTRAST_EVENT_COLUMNS
    assert set(per_event["event_id"]) == {f"E{i:02d}" for i in range(12)}
    market = es[es["model"] == "market"].pivot(index="event_id", columns="ticker", values="car")
    expected = market["ZS=F"] - (market["ZC=F"] + market["ZW=F"]) / 2
    got = per_event.set_index("event_id")["contrast"]
    pd.testing.assert_series_equal(got, expected.loc[got.index], check_names=False)

    summary = crossasset.contrast_summary(per_event)
    assert tuple(summary.columns) == crossasset.CONTRAST_COLUMNS
    esc = got[per_event.set_index("event_id")["direction"] == "escalation"].to_numpy()
    de = got[per_event.set_index("event_id")["direction"] == "de-escalation"].to_numpy()
    rows = summary.set_index("direction")
    one = stats.ttest_1samp(esc, 0.0)
    assert rows.loc["escalation", "t_stat"] == pytest.approx(one.statistic)
    assert rows.loc["escalation", "p_value"] == pytest.approx(one.pvalue)
    welch = stats.ttest_ind(esc, de, equal_var=False)
    diff = rows.loc["escalation minus de-escalation"]
    assert diff["t_stat"] == pytest.approx(welch.statistic)
    assert diff["p_value"] == pytest.approx(welch.pvalue)
    assert diff["n_events"] == len(esc) + len(de)


def test_soybean_contrast_needs_every_leg() -> None:
    es = _event_study()
    with pytest.raises(AnalysisError, match="no market-model CARs for ZW=F"):
        crossasset.soybean_contrast(es[es["ticker"] != "ZW=F"])
    with pytest.raises(AnalysisError, match="distinct controls"):
        crossasset.soybean_contrast(es, controls=("ZS=F",))
