"""The benchmark guard: it passes the engine as it is and fails a deliberately slowed one."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from analysis import config

sys.path.insert(0, str(config.ROOT / "benchmarks"))
import bench_smoke

sys.path.remove(str(config.ROOT / "benchmarks"))


def _per_group_join(ids: np.ndarray, codes: np.ndarray, sep: str = "+") -> np.ndarray:
    """The regression that made the engine 20x slower: a Python function per group."""
    joined = pd.Series(ids).groupby(codes, sort=False).transform(lambda x: sep.join(x))
    return joined.to_numpy(dtype=object)


def test_per_group_join_gives_the_same_event_days() -> None:
    # The slowed variant must compute the same thing, or the guard test proves nothing.
    from analysis.study.eventstudy import join_by_group

    rng = np.random.default_rng(3)
    codes = rng.integers(0, 40, 300)
    ids = np.asarray([f"E{i}" for i in range(300)], dtype=object)
    assert (join_by_group(ids, codes) == _per_group_join(ids, codes)).all()


def test_check_reports_ratios_past_their_floors() -> None:
    good = {"engine_vs_statsmodels": 8.0, "engine_vs_bound": 3.0, "events_growth": 1.1,
            "study_growth": 0.8, "ar_diff": 1e-15}
    assert bench_smoke.check(good) == []
    bad = good | {"engine_vs_statsmodels": 1.6, "events_growth": 2.6, "ar_diff": 1e-6}
    failures = bench_smoke.check(bad)
    assert len(failures) == 3
    assert failures[0].startswith("engine_vs_statsmodels = 1.60")


@pytest.mark.slow  # times the engine against its baselines: make test-fast skips it
def test_engine_passes_the_guard() -> None:
    ratios = bench_smoke.engine_ratios()
    assert bench_smoke.check(ratios) == [], ratios


@pytest.mark.slow  # times a deliberately slowed engine: make test-fast skips it
def test_slowed_engine_fails_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analysis.study.eventstudy.join_by_group", _per_group_join)
    ratios = bench_smoke.engine_ratios()
    failures = bench_smoke.check(ratios)
    assert any(f.startswith(("engine_vs_statsmodels", "engine_vs_bound")) for f in failures), \
        ratios
    assert ratios["ar_diff"] < 1e-10  # slower, not different
