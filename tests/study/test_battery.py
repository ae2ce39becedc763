"""The one model-plan rule and the fit loop (analysis.study.battery)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.study.battery import model_plan, needs_market, run_study
from analysis.study.eventstudy import EventStudy, FitSettings


def test_default_plan_reads_the_table_then_falls_back() -> None:
    table = {"^GSPC": ("constant",), "ZS=F": ("constant", "market")}
    plan = model_plan(["ZS=F", "^GSPC", "NEW", "^GSPC"], market="^GSPC", default_models=table)
    assert plan == {"ZS=F": ("constant", "market"), "^GSPC": ("constant",),
                    "NEW": ("constant", "market")}
    # The market itself falls back to the constant mean only.
    assert model_plan(["M"], market="M", default_models={}) == {"M": ("constant",)}
    assert needs_market(plan) and not needs_market({"M": ("constant",)})


def test_asked_models_skip_the_market_unless_nothing_else_is_left() -> None:
    plan = model_plan(["M", "A"], ["constant", "market"], market="M")
    assert plan == {"M": ("constant",), "A": ("constant", "market")}
    # One model asked for everything is fitted everywhere: the market's rows say why
    # the market model is degenerate on itself.
    assert model_plan(["M", "A"], "market", market="M") == {"M": ("market",),
                                                            "A": ("market",)}


def test_a_mapping_names_the_models_of_the_tickers_it_lists() -> None:
    assert model_plan(["A", "B", "C"], {"B": "market", "A": ("constant", "market")},
                      market="M") == {"A": ("constant", "market"), "B": ("market",)}


def test_run_study_fits_the_plan_and_finishes_one_table() -> None:
    days = pd.bdate_range("2016-01-01", periods=400)
    rng = np.random.default_rng(1)
    returns = pd.DataFrame(rng.normal(0, 0.01, (400, 2)), index=days, columns=["M", "A"])
    events = pd.DataFrame({"event_id": ["e1", "e2"], "category": ["talks", "tariff"],
                           "date": [str(days[300].date()), str(days[350].date())]})
    study = EventStudy(returns, events, market="M", tickers=["M", "A"], calendars={})
    plan = model_plan(["M", "A"], market="M", default_models={})
    results, caar = run_study(study, plan, FitSettings(windows=((0, 0),)), n_permutations=20)
    fitted = set(zip(results.car["ticker"], results.car["model"], strict=True))
    assert fitted == {("M", "constant"), ("A", "constant"), ("A", "market")}
    assert set(zip(caar["ticker"], caar["model"], strict=True)) == fitted
    # q-values are computed once over the whole table, not per (ticker, model).
    assert caar["q_bh"].notna().any()
    again = run_study(study, plan, FitSettings(windows=((0, 0),)), n_permutations=20)[1]
    pd.testing.assert_frame_equal(caar, again)
