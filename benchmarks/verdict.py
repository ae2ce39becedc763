"""One Done-when line per benchmark target, in a form ``bench_all`` can collect.

Every benchmark prints its own human-readable result lines; beside them, each target
it judges is also printed as one machine-readable line::

    DONE-WHEN | engine vs PyPI eventstudy | 49.9x | >= 100x | FAIL

so ``make bench`` (``benchmarks/bench_all.py``) can run every benchmark to the end, put
the verdicts in one table and fail at the end if any target was missed, without parsing
free text.
"""

from __future__ import annotations

PREFIX: str = "DONE-WHEN"
SEP: str = " | "


def report(item: str, measured: str, target: str, ok: bool) -> bool:
    """Print the Done-when line of one target; return ``ok``.

    Parameters
    ----------
    item : str
        What is measured (no ``|`` in it).
    measured : str
        The value measured in this run, with its unit.
    target : str
        The target, e.g. ``">= 100x"``.
    ok : bool
        Whether the target is met.
    """
    fields = (PREFIX, item, measured, target, "PASS" if ok else "FAIL")
    print(SEP.join(f.replace("|", "/") for f in fields), flush=True)
    return ok


def parse(line: str) -> tuple[str, str, str, str] | None:
    """``(item, measured, target, "PASS"|"FAIL")`` of a Done-when line, else None."""
    if not line.startswith(PREFIX + SEP):
        return None
    parts = line.rstrip("\n").split(SEP)
    if len(parts) != 5 or parts[4] not in ("PASS", "FAIL"):
        return None
    return parts[1], parts[2], parts[3], parts[4]
