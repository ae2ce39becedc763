"""The CAAR battery over a fitted panel against hand-computed numbers (analysis.study.caar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.defaults import CONFIRMATORY, STUDY_TICKERS
from analysis.study.caar import caar_table, finish_table
from analysis.study.eventstudy import EventStudy
from analysis.study.stattests import CAAR_COLUMNS, PRIMARY_TEST


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
    table = caar_table(res.panels, by=("category",), tests=("clustered_t", "csect_t"))
    row = table.set_index(["group", "statistic"])
    # Estimation means are 0 (120 of +1 % and 120 of -1 %), so the CARs are 5 % and 3 %.
    csect = row.loc[("all", "csect_t")]
    assert csect["caar"] == pytest.approx(0.04)
    # s = sd(0.05, 0.03) = 0.01 sqrt(2); se = s / sqrt(2) = 0.01; t = 4 with 1 dof,
    # p = 1 - (2/pi) atan(4) (the Cauchy distribution).
    assert csect["se"] == pytest.approx(0.01)
    assert csect["value"] == pytest.approx(4.0)
    assert csect["p_value"] == pytest.approx(1 - 2 / np.pi * np.arctan(4.0))
    # Event-day t: two separate event-days; Var(CAR) = s2 (1 + 1/240) with
    # s2 = 240 * 1e-4 / 239, the windows share nothing, so se = sqrt(2 Var) / 2.
    clustered = row.loc[("all", "clustered_t")]
    var = 240e-4 / 239 * (1 + 1 / 240)
    assert clustered["caar"] == pytest.approx(0.04)
    assert clustered["se"] == pytest.approx(np.sqrt(2 * var) / 2)
    assert not bool(clustered["primary"]) and clustered["n_sessions"] == 2
    # The primary (clustered BMP) needs three event-days: NaN with the reason.
    primary = row.loc[("all", "clustered_bmp_t")]
    assert bool(primary["primary"]) and np.isnan(primary["p_value"])
    assert np.isnan(primary["value"]) and np.isnan(primary["se"])
    assert primary["note"] == "fewer than 3 event-days (2)"
    assert primary["caar"] == pytest.approx(0.04)
    assert clustered["note"] == ""
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


def test_the_confirmatory_cell_is_read_alone_and_left_out_of_holm() -> None:
    rows = pd.DataFrame({
        "ticker": "A", "model": "market", "window": "0:1",
        "group": ["direction=escalation", "all", "category=tariff", "direction=escalation"],
        "statistic": [PRIMARY_TEST, PRIMARY_TEST, PRIMARY_TEST, "csect_t"],
        "p_value": [0.03, 0.01, 0.04, 0.02], "caar": 0.0, "se": 0.0, "value": 0.0,
        "n_events": 3, "n_sessions": 3, "n_effective": 3.0,
    })
    cells = {"A": ("market", "direction=escalation", "0:1")}
    out = finish_table(rows, cells).set_index(["group", "statistic"])
    conf = out.loc[("direction=escalation", PRIMARY_TEST)]
    assert bool(conf["confirmatory"]) and conf["p_holm"] == pytest.approx(0.03)
    # the two exploratory primary rows form their own Holm family of two
    assert out.loc[("all", PRIMARY_TEST), "p_holm"] == pytest.approx(0.02)
    assert out.loc[("category=tariff", PRIMARY_TEST), "p_holm"] == pytest.approx(0.04)
    # only the primary test's row of the cell is confirmatory; the robustness row is not
    assert out["confirmatory"].sum() == 1
    assert out.loc[("direction=escalation", "csect_t"), "p_holm"] == pytest.approx(0.02)
    # without the cell (another ticker) all three primary rows are one family
    other = finish_table(rows, {"B": cells["A"]}).set_index(["group", "statistic"])
    assert not other["confirmatory"].any()
    assert other.loc[("direction=escalation", PRIMARY_TEST), "p_holm"] == pytest.approx(0.06)
    assert list(finish_table(rows).columns[:len(CAAR_COLUMNS)]) == list(CAAR_COLUMNS)
    # the study's own cells: one per study asset, on its primary test
    assert set(CONFIRMATORY) == set(STUDY_TICKERS)
