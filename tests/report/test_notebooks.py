"""The notebooks execute headless on artefacts built from scratch in a temporary folder.

The module builds every artefact the notebooks read by running the CLI
(``python -m analysis events|prices|study|regress``, the cross-asset study of the curated
catalog and ``compare``) with ``ANALYSIS_DATA_DIR`` and
``ANALYSIS_REPORTS_DIR`` pointing into a temporary folder, then executes each notebook
with ``python -m analysis report notebook`` in that environment (the kernel inherits
it). Each notebook ends with an ``analysis-summary:`` line: the tests check its key
tables were non-empty and that its figures exist as PNG and SVG.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from analysis import config
from analysis.report import notebooks as report

NOTEBOOKS: dict[str, tuple[str, ...]] = {
    "01-articles-and-events": ("articles", "mentions", "events", "curated"),
    "02-prices-and-alignment": ("prices", "quality_summary", "flagged", "day0", "catalog_day0"),
    "03-event-study": ("event_study", "abnormal", "caar", "sensitivity", "key_events"),
    "04-regressions": ("regressions", "wald", "groups", "permutation", "comparison",
                       "findings"),
    "05-across-markets": ("crossasset", "contrast", "per_event", "literature"),
}
MIN_FIGURES = 6
REPO_EXTERNAL = config.ROOT / "data" / "external"


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=config.ROOT, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Artefacts of events -> prices -> study -> regress in a fresh data folder."""
    snapshot = config.market_data_dir()
    assert snapshot is not None and snapshot.is_dir(), (
        "the notebook tests need the offline market-data snapshot (MARKET_DATA_DIR or "
        "../shared/market-data) so that no price is downloaded"
    )
    root = tmp_path_factory.mktemp("nbrun")
    data, reports = root / "data", root / "reports"
    shutil.copytree(REPO_EXTERNAL, data / "external")  # curated, tracked inputs
    env = {
        **os.environ,
        "ANALYSIS_DATA_DIR": str(data),
        "ANALYSIS_REPORTS_DIR": str(reports),
        "MARKET_DATA_DIR": str(snapshot),
    }
    cross_asset = ["study", "--events", str(data / "external" / "trade_war_catalog.csv"),
                   "--tickers", ",".join(config.CROSS_ASSET_TICKERS),
                   "--out", str(data / "processed" / "crossasset")]
    for command in (["events"], ["prices"], ["study"], ["regress"], cross_asset, ["compare"]):
        proc = _run(["-m", "analysis", *command], env)
        assert proc.returncode == 0, f"analysis {command[0]} failed: {proc.stderr.strip()[-500:]}"
    return {"env": env, "data": data, "reports": reports, "executed": {}}


def _execute(workspace: dict[str, Any], name: str) -> dict[str, Any]:
    """Execute one notebook once per module run; return its summary."""
    if name not in workspace["executed"]:
        source = config.NOTEBOOKS_DIR / f"{name}.ipynb"
        proc = _run(["-m", "analysis", "report", "notebook", str(source)], workspace["env"])
        assert proc.returncode == 0, f"{name}: {proc.stderr.strip().splitlines()[-1:]}"
        workspace["executed"][name] = report.read_summary(workspace["reports"] / f"{name}.ipynb")
    return workspace["executed"][name]


def test_committed_notebooks_are_clean_and_parameterised() -> None:
    found = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))
    assert found == sorted(NOTEBOOKS)
    for name in NOTEBOOKS:
        nb = nbformat.read(str(config.NOTEBOOKS_DIR / f"{name}.ipynb"), as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code), name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{name}: needs exactly one 'parameters' cell"
        assert any("from analysis import" in c.source for c in code), name
        assert "report.emit_summary(" in code[-1].source, f"{name}: must end with its summary"
        assert nb.metadata["kernelspec"]["name"] == "analysis"


@pytest.mark.notebooks
@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_executes_with_tables_and_figures(workspace: dict[str, Any], name: str) -> None:
    summary = _execute(workspace, name)
    reports: Path = workspace["reports"]
    executed = nbformat.read(str(reports / f"{name}.ipynb"), as_version=4)
    assert report.error_cells(executed) == []
    assert (reports / f"{name}.html").stat().st_size > 10_000
    for key in NOTEBOOKS[name]:
        assert summary.get(key, 0) > 0, f"{name}: table {key!r} is empty"
    figures = summary["figures"]
    stems = {Path(f).stem for f in figures}
    assert stems and all(s.startswith(name[:2]) for s in stems)
    for stem in stems:
        for suffix in (".png", ".svg"):
            path = reports / "figures" / f"{stem}{suffix}"
            assert path.is_file() and path.stat().st_size > 1_000, path


@pytest.mark.notebooks
def test_index_links_every_notebook_and_figure(workspace: dict[str, Any]) -> None:
    for name in NOTEBOOKS:
        _execute(workspace, name)
    proc = _run(["-m", "analysis", "report", "index"], workspace["env"])
    assert proc.returncode == 0, proc.stderr
    reports: Path = workspace["reports"]
    page = (reports / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in page
    pngs = sorted(p.name for p in (reports / "figures").glob("*.png"))
    assert len(pngs) >= MIN_FIGURES
    for png in pngs:
        assert f'href="figures/{png}"' in page
        assert f'href="figures/{Path(png).stem}.svg"' in page
