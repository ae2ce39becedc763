"""The regression battery: every (ticker, dummy type) fitted, tidy rows, joint tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.io import AnalysisError
from analysis.study.regressbattery import (
    OUTPUT_COLUMNS,
    RegressionPlan,
    regression_battery,
    sort_rows,
)
from analysis.study.regressions import EventDummyRegression


def _returns_and_events() -> tuple[pd.DataFrame, pd.DataFrame]:
    """^GSPC and ZS=F on business days; ZS=F gets -1.5 % on three tariff days."""
    idx = pd.bdate_range("2019-01-02", periods=150, name="date")
    rng = np.random.default_rng(11)
    market = rng.normal(0, 0.01, idx.size)
    asset = 0.0005 + 0.9 * market + rng.normal(0, 0.002, idx.size)
    tariff, talks = [30, 60, 100], [45, 80]
    asset[tariff] += -0.015
    returns = pd.DataFrame({"^GSPC": market, "ZS=F": asset}, index=idx)
    rows = ([(f"T{k}", f"{idx[k]:%Y-%m-%d}", "tariff", "escalation") for k in tariff]
            + [(f"K{k}", f"{idx[k]:%Y-%m-%d}", "talks", "de-escalation") for k in talks])
    events = pd.DataFrame(rows, columns=["event_id", "date", "category", "direction"])
    events["day0"] = events["date"]
    return returns, events


def test_the_battery_fits_each_ticker_and_dummy_type_in_order() -> None:
    returns, events = _returns_and_events()
    plan = RegressionPlan(dummies=("day", "category"))
    table, fitted = regression_battery(returns, events, ["ZS=F", "^GSPC"], "^GSPC", plan)
    assert [(r.ticker, r.dummies) for r in fitted] == [
        ("ZS=F", "day"), ("ZS=F", "category"), ("^GSPC", "day"), ("^GSPC", "category")]
    # The market regressed on itself would be a perfect fit: it gets the constant mean.
    assert fitted[2].spec.startswith("constant(asset is the market)")
    assert fitted[0].spec.startswith("market(^GSPC)")
    # Each fit is the one EventDummyRegression gives on its own.
    alone = EventDummyRegression(returns["ZS=F"], returns["^GSPC"], events, "ZS=F",
                                 market_name="^GSPC").fit(dummies="category")
    pd.testing.assert_series_equal(fitted[1].params, alone.params)
    assert list(table.columns) == list(OUTPUT_COLUMNS)
    row = table[(table["ticker"] == "ZS=F") & (table["term"] == "group:tariff/escalation")]
    assert float(row["coef"].iloc[0]) == pytest.approx(alone.params["group:tariff/escalation"])
    # Category dummies on two assets: one joint test per shared group term.
    joint = table[table["term"].str.startswith("joint: ")]
    assert sorted(joint["term"]) == ["joint: group:talks/de-escalation",
                                     "joint: group:tariff/escalation"]
    assert set(joint["ticker"]) == {"ZS=F+^GSPC"}


def test_default_windows_per_dummy_type_and_an_explicit_window() -> None:
    returns, events = _returns_and_events()
    _, fitted = regression_battery(returns, events, ["ZS=F"], "^GSPC")
    assert [(r.dummies, r.window) for r in fitted] == [
        ("day", (0, 0)), ("window", (-1, 1)), ("category", (0, 0))]
    table, fitted = regression_battery(
        returns, events, ["ZS=F"], "^GSPC", RegressionPlan(dummies=("window",), window=(0, 2)))
    assert fitted[0].window == (0, 2)
    cars = table[table["term"].str.startswith("car[0:2]: ")]
    assert len(cars) == len(events)  # one implied CAR per event window dummy


def test_robust_covariances_get_a_hac_joint_test() -> None:
    # Joint rows are kept whatever the per-asset covariance (study/joint.py: HAC across
    # equations, or non-robust when the dummy covers too few sessions, as the row says).
    returns, events = _returns_and_events()
    plan = RegressionPlan(dummies=("category",), window=(0, 5), cov_type="HC1")
    table, _ = regression_battery(returns, events, ["ZS=F", "^GSPC"], "^GSPC", plan)
    joint = table[table["term"].str.startswith("joint: ")]
    assert len(joint) and set(joint["cov_type"]) <= {"HAC", "nonrobust"}
    assert set(table.loc[~table.index.isin(joint.index), "cov_type"].dropna()) == {"HC1"}


def test_a_ticker_without_returns_is_a_one_line_error() -> None:
    returns, events = _returns_and_events()
    with pytest.raises(AnalysisError, match=r"no returns for CL=F \(have \^GSPC, ZS=F\)"):
        regression_battery(returns, events, ["ZS=F", "CL=F"], "^GSPC")


def test_rows_sort_by_ticker_spec_then_term_kind() -> None:
    table = pd.DataFrame({"ticker": ["A"] * 5, "spec": ["s"] * 5,
                          "term": ["excluded: e1", "wald: x", "event:e1", "market", "const"]})
    out = sort_rows(table.reindex(columns=list(OUTPUT_COLUMNS)))
    assert list(out["term"]) == ["const", "market", "event:e1", "wald: x", "excluded: e1"]
