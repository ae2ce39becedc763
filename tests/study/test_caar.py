"""The CAAR battery over a fitted panel against hand-computed numbers (analysis.study.caar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.study.caar import caar_table, finish_table
from analysis.study.eventstudy import EventStudy


def two_events() -> EventStudy:
    """Returns +-1 % alternating (mean 0 over any even run), 5 % and 3 % on two day 0s
    300 sessions apart, so neither event sits in the other's estimation window."""
    days = pd.bdate_range("2016-01-01", periods=600)
    r = 0.01 * (-1.0) ** np.arange(600)
    r[260], r[560] = 0.05, 0.03
    returns = pd.DataFrame({"A": r}, index=days)
    events = pd.DataFrame({
        "event_id": ["e1", "e2"], "date": [str(days[260].date()), str(days[560].date())],
        "timing": "during_session", "category": ["talks", "tariff"], "direction": "",
    })
    return EventStudy(returns, events, tickers=["A"], calendars={})


def test_caar_cross_sectional_t_and_primary_by_hand() -> None:
    res = two_events().fit("constant", windows=[(0, 0)])
    table = caar_table(res.panels, by=("category",), tests=("csect_t",))
    row = table.set_index(["group", "statistic"])
    # Estimation means are 0 (120 of +1 % and 120 of -1 %), so the CARs are 5 % and 3 %.
    csect = row.loc[("all", "csect_t")]
    assert csect["caar"] == pytest.approx(0.04)
    # s = sd(0.05, 0.03) = 0.01 sqrt(2); se = s / sqrt(2) = 0.01; t = 4 with 1 dof,
    # p = 1 - (2/pi) atan(4) (the Cauchy distribution).
    assert csect["se"] == pytest.approx(0.01)
    assert csect["value"] == pytest.approx(4.0)
    assert csect["p_value"] == pytest.approx(1 - 2 / np.pi * np.arctan(4.0))
    # Primary: two separate event-days; Var(CAR) = s2 (1 + 1/240) with
    # s2 = 240 * 1e-4 / 239, the windows share nothing, so se = sqrt(2 Var) / 2.
    primary = row.loc[("all", "clustered_t")]
    var = 240e-4 / 239 * (1 + 1 / 240)
    assert primary["caar"] == pytest.approx(0.04)
    assert primary["se"] == pytest.approx(np.sqrt(2 * var) / 2)
    assert bool(primary["primary"]) and primary["n_sessions"] == 2
    # A one-event group has its own CAAR; the cross-sectional t needs two events.
    talks = row.loc[("category=talks", "csect_t")]
    assert talks["caar"] == pytest.approx(0.05) and talks["n_events"] == 1
    assert np.isnan(talks["value"])


def test_finish_table_adds_holm_within_families_and_bh_across_rows() -> None:
    rows = pd.DataFrame({
        "ticker": "A", "model": "constant", "group": ["g1", "g2"], "window": "0:0",
        "statistic": "csect_t", "p_value": [0.01, 0.04], "caar": 0.0, "se": 0.0,
        "value": 0.0, "n_events": 2, "n_sessions": 2, "n_effective": 2.0,
    })
    out = finish_table(rows).set_index("group")
    # Holm over the two groups: 2 * 0.01, max(0.02, 1 * 0.04); BH: 0.01 * 2/1, 0.04 * 2/2.
    assert out["p_holm"].to_dict() == pytest.approx({"g1": 0.02, "g2": 0.04})
    assert out["q_bh"].to_dict() == pytest.approx({"g1": 0.02, "g2": 0.04})
    assert not out["primary"].any()
