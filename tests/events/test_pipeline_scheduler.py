"""The dating rounds on a scheduler give the tables of the local loop, byte for byte."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.events import pipeline
from analysis.events.catalog import load_catalog
from analysis.events.table import load_overrides
from analysis.parallel import Scheduler, map_ordered
from analysis.text.articles import list_article_paths
from analysis.text.pubdates.metadata import load_metadata

# A local Dask cluster talks over 127.0.0.1 (and nothing else).
pytestmark = pytest.mark.loopback


def _tables(scheduler: Scheduler | None) -> list[pd.DataFrame]:
    paths = list_article_paths(config.SEEDS_DIR)
    records = map_ordered(pipeline.process_article, paths)
    tables = pipeline.cross_document(
        records, load_metadata(config.SEEDS_DIR), load_catalog(config.CURATED_CATALOG_CSV),
        load_overrides(config.OVERRIDES_CSV), config.OVERRIDES_CSV, scheduler)
    return [tables.articles, tables.mentions, tables.events]


@pytest.mark.parametrize("kind", ["processes", "distributed"])
def test_rounds_on_a_scheduler_match_the_local_loop(
        kind: str, monkeypatch: pytest.MonkeyPatch, cluster_address: str) -> None:
    want = _tables(None)
    # Every round is shipped, however small (the seeds' rounds are below the threshold).
    monkeypatch.setattr(pipeline, "MIN_ROUND_TO_SHIP", 0)
    shipped: list[int] = []
    real = pipeline.map_ordered

    def counting(func: object, items: list[object], *args: object, **kw: object) -> object:
        if func is pipeline._infer_one:
            shipped.append(len(items))
        return real(func, items, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "map_ordered", counting)
    plan = (Scheduler("processes", workers=2) if kind == "processes"
            else Scheduler("distributed", address=cluster_address))
    got = _tables(plan)
    assert shipped, "no dating round went to the scheduler"
    for w, g in zip(want, got, strict=True):
        assert w.to_csv(index=False) == g.to_csv(index=False)
