"""The one window type: parse, format, order, check (analysis.windows)."""

from __future__ import annotations

import pytest

from analysis.io import AnalysisError
from analysis.windows import (
    as_window,
    check_windows,
    format_window,
    parse_window,
    parse_windows,
    window_length,
    window_sort_key,
)


def test_parse_and_format_round_trip() -> None:
    assert parse_window(" -1 : 1 ") == (-1, 1)
    assert parse_window("-250:-11") == (-250, -11)
    assert format_window((-5, 5)) == "-5:5"
    assert parse_windows("0:0, -1:1,0:0") == [(0, 0), (-1, 1)]


@pytest.mark.parametrize("text", ["1", "a:b", "1:2:3", "", "1.5:2"])
def test_malformed_window_is_an_error(text: str) -> None:
    with pytest.raises(AnalysisError, match="expected two integers"):
        parse_window(text)


def test_reversed_window_and_empty_list_are_errors() -> None:
    with pytest.raises(AnalysisError, match="start must not exceed end"):
        parse_window("2:1", "--window")
    with pytest.raises(AnalysisError, match="--windows: no window given"):
        parse_windows(" , ")
    with pytest.raises(AnalysisError, match="after its end"):
        as_window((3, 1))
    with pytest.raises(AnalysisError, match="two integers"):
        as_window((1,))


def test_length_and_sort_key() -> None:
    assert window_length("-1:1") == 3 and window_length((0, 5)) == 6
    labels = ["0:5", "-5:5", "0:0", "-1:1", "0:1"]
    assert sorted(labels, key=window_sort_key) == ["-5:5", "-1:1", "0:0", "0:1", "0:5"]
    assert as_window("0:1") == (0, 1) and as_window([2, 3]) == (2, 3)


def test_check_windows_refuses_overlap_with_estimation() -> None:
    check_windows((-250, -11), [(-10, 10)])  # adjacent is fine
    with pytest.raises(AnalysisError, match="overlaps event window -11:0"):
        check_windows((-250, -11), [(0, 0), (-11, 0)])
    with pytest.raises(AnalysisError, match="no event windows"):
        check_windows((-250, -11), [])
    with pytest.raises(AnalysisError, match="start > end"):
        check_windows((-11, -250), [(0, 0)])
