"""Stacked assets, timelines, flags and clusters (analysis.study.panel), by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.io import AnalysisError
from analysis.study.panel import (
    asset_timeline,
    clusters,
    design_matrix,
    drop_roll_sessions,
    flag_labels,
    roll_days,
    stack_assets,
)

DAYS = pd.bdate_range("2019-08-01", periods=5)  # Thu 1 .. Wed 7 August


def test_clusters_link_overlapping_spans_per_asset() -> None:
    # Span -1..1 is 2 sessions wide: 10 and 12 overlap (gap 2), 12 and 15 do not.
    assert list(clusters(np.array([10, 12, 15, -1]), (-1, 1))) == [1, 1, 0, 0]
    # A chain 10-12-14 is one cluster; a second chain on the same asset is number 2.
    assert list(clusters(np.array([14, 10, 12, 40, 41]), (-1, 1))) == [1, 1, 1, 2, 2]
    # The same positions on two assets never cluster.
    assert list(clusters(np.array([10, 12]), (-1, 1), np.array([0, 1]))) == [0, 0]


def test_design_matrix_columns_per_model() -> None:
    market = pd.Series([0.1, 0.2, 0.3, 0.4, 0.5], index=DAYS)
    np.testing.assert_array_equal(design_matrix("constant", DAYS, None, None), np.ones((5, 1)))
    np.testing.assert_array_equal(design_matrix("market", DAYS[:2], market, None),
                                  [[1.0, 0.1], [1.0, 0.2]])
    np.testing.assert_array_equal(design_matrix("market-adjusted", DAYS[:2], market, None),
                                  [[0.1], [0.2]])
    with pytest.raises(AnalysisError, match="needs a market series"):
        design_matrix("market", DAYS, None, None)


def test_flag_labels_join_kinds_per_session() -> None:
    flags = pd.DataFrame({"date": ["2019-08-02", "2019-08-02", "2019-08-06"],
                          "ticker": ["A", "B", "A"], "stale": [True, True, False],
                          "roll": [True, False, True]})
    assert list(flag_labels(flags, "A", DAYS)) == ["", "stale+roll", "", "roll", ""]
    assert list(flag_labels(None, "A", DAYS)) == [""] * 5


def test_timeline_is_the_data_span_and_stacking_keeps_each_asset_apart() -> None:
    returns = pd.DataFrame({"A": [np.nan, 0.01, 0.02, np.nan, 0.03],
                            "B": [0.01, 0.02, 0.03, 0.04, np.nan]}, index=DAYS)
    tl_a, tl_b = asset_timeline(returns, "A"), asset_timeline(returns, "B")
    # Leading and trailing gaps are outside the data; a gap inside stays a session.
    assert list(tl_a) == list(DAYS[1:]) and list(tl_b) == list(DAYS[:4])
    flags = pd.DataFrame({"date": ["2019-08-05"], "ticker": ["B"], "roll": [True]})
    asset = stack_assets(returns, ["A", "B"], [tl_a, tl_b], "constant", None, None, flags,
                         drop_flagged=False)
    assert list(asset.starts) == [0, 4] and list(asset.ends) == [4, 8]
    np.testing.assert_array_equal(asset.usable, [1, 1, 0, 1, 1, 1, 1, 1])
    assert list(np.flatnonzero(roll_days(asset))) == [6]
    dropped = stack_assets(returns, ["B"], [tl_b], "constant", None, None, flags,
                           drop_flagged=True)
    np.testing.assert_array_equal(dropped.usable, [1, 1, 0, 1])


def test_roll_sessions_are_dropped_like_flagged_ones_and_nothing_else() -> None:
    returns = pd.DataFrame({"A": [0.01, 0.02, 0.03, 0.04, 0.05]}, index=DAYS)
    flags = pd.DataFrame({"date": ["2019-08-02", "2019-08-06"], "ticker": ["A", "A"],
                          "roll": [True, False], "stale": [False, True]})
    asset = stack_assets(returns, ["A"], [DAYS], "constant", None, None, flags,
                         drop_flagged=False)
    out = drop_roll_sessions(asset)
    # the roll session is dropped (not usable, not missing); the stale one is kept
    np.testing.assert_array_equal(out.dropped, [0, 1, 0, 0, 0])
    np.testing.assert_array_equal(out.usable, [1, 0, 1, 1, 1])
    assert list(out.flag_label) == list(asset.flag_label)
    clean = stack_assets(returns, ["A"], [DAYS], "constant", None, None, None, False)
    assert drop_roll_sessions(clean) is clean
