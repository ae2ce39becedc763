"""Event and estimation windows: the one window type, parser and formatter.

A window is a pair of session offsets relative to day 0, written ``a:b`` (``-1:1``).
May import: ``analysis.io``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.io import AnalysisError

Window = tuple[int, int]


# --------------------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------------------
def parse_window(text: str, what: str = "window") -> Window:
    """Parse ``"-1:1"`` into ``(-1, 1)``.

    Raises
    ------
    AnalysisError
        When the text is not two integers ``a:b`` with ``a <= b``.
    """
    match = re.fullmatch(r"\s*(-?\d+)\s*:\s*(-?\d+)\s*", str(text))
    if not match:
        raise AnalysisError(f"bad {what} {text!r}: expected two integers like -1:1")
    start, end = int(match.group(1)), int(match.group(2))
    if start > end:
        raise AnalysisError(f"bad {what} {text!r}: start must not exceed end")
    return start, end


def format_window(window: Window) -> str:
    """Format ``(-1, 1)`` as ``"-1:1"``."""
    return f"{window[0]}:{window[1]}"


def check_windows(estimation: Window, windows: Sequence[Window]) -> None:
    """Refuse reversed windows, no event window, or an estimation window overlapping one."""
    e0, e1 = estimation
    if e0 > e1:
        raise AnalysisError(f"bad estimation window {format_window(estimation)}: start > end")
    if not windows:
        raise AnalysisError("no event windows given")
    for w in windows:
        if w[0] > w[1]:
            raise AnalysisError(f"bad event window {format_window(w)}: start > end")
        if e1 >= w[0] and e0 <= w[1]:
            raise AnalysisError(
                f"estimation window {format_window(estimation)} overlaps event window "
                f"{format_window(w)}"
            )




def parse_windows(text: str, what: str = "--windows") -> list[Window]:
    """``"-1:1,0:0"`` -> ``[(-1, 1), (0, 0)]`` (duplicates dropped, order kept).

    Raises
    ------
    AnalysisError
        When no window is given or one is malformed.
    """
    items = [t for t in (s.strip() for s in str(text).split(",")) if t]
    if not items:
        raise AnalysisError(f"{what}: no window given")
    return list(dict.fromkeys(parse_window(t, f"{what} value") for t in items))


def window_sort_key(label: str | Window) -> Window:
    """Sort key of a window label (``"-1:1"`` -> ``(-1, 1)``): by start, then end."""
    if isinstance(label, tuple):
        return (int(label[0]), int(label[1]))
    return parse_window(str(label))


def window_length(label: str | Window) -> int:
    """Sessions in a window: ``"-1:1"`` -> 3."""
    start, end = window_sort_key(label)
    return end - start + 1


def as_window(window: Sequence[int] | str) -> Window:
    """A window given as ``(a, b)`` or ``"a:b"``, checked.

    Raises
    ------
    AnalysisError
        When it is not two integers with ``a <= b``.
    """
    if isinstance(window, str):
        return parse_window(window)
    try:
        a, b = (int(w) for w in window)
    except (TypeError, ValueError):
        raise AnalysisError(f"window must be two integers (a, b), not {window!r}") from None
    if a > b:
        raise AnalysisError(f"window start {a} is after its end {b}")
    return a, b
