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
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from analysis import config
from analysis.report import notebooks as report
from analysis.report import offline, tables
from tests.report.chromium import rendered_dom
from tests.report.htmltables import parse_tables

NOTEBOOKS: dict[str, tuple[str, ...]] = {
    "00-summary": ("headline",),
    "01-articles-and-events": ("articles", "mentions", "events", "curated"),
    "02-prices-and-alignment": ("prices", "quality_summary", "flagged", "day0", "catalog_day0"),
    "03-event-study": ("event_study", "abnormal", "caar", "sensitivity", "key_events"),
    "04-regressions": ("regressions", "wald", "groups", "permutation", "comparison",
                       "findings"),
    "05-across-markets": ("crossasset", "contrast", "per_event", "literature"),
}
MIN_FIGURES = 7
# Cell texts of the formatter, per kind of column header.
PERCENT_CELL = re.compile(r"^(—|−?\d+\.\d{2})$")
P_CELL = re.compile(r"^(—|<0\.001|[01]\.\d{3})$")
PRIMARY_P_CELL = re.compile(r"^(—|(<0\.001|[01]\.\d{3})\**)$")
RAW_NAMES = {"car", "car_se", "caar", "se", "ar", "p_value", "p_holm", "q_bh", "t_stat",
             "n_events", "event_id", "ci_low", "ci_high", "std_err", "coef"}
TEX = ("$$", "\\frac", "\\tfrac", "\\hat", "\\sqrt", "\\pm")
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
    assert re.findall(r'href="([^"]+)"', page)[0] == "00-summary.html"  # the answer first
    pngs = sorted(p.name for p in (reports / "figures").glob("*.png"))
    assert len(pngs) >= MIN_FIGURES
    for png in pngs:
        assert f'href="figures/{png}"' in page
        assert f'href="figures/{Path(png).stem}.svg"' in page


def _html_outputs(executed: Any) -> list[str]:
    return [out["data"]["text/html"] for cell in executed.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "text/html" in out.get("data", {})]


def _markdown(executed: Any) -> str:
    return "\n".join(c.source for c in executed.cells if c.cell_type == "markdown")


@pytest.mark.notebooks
@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_tables_are_formatted_and_short(workspace: dict[str, Any], name: str) -> None:
    _execute(workspace, name)
    executed = nbformat.read(str(workspace["reports"] / f"{name}.ipynb"), as_version=4)
    found = [t for html in _html_outputs(executed) for t in parse_tables(html)]
    assert found, f"{name}: no table"
    percent_columns = 0
    for table in found:
        where = f"{name}: table {table.table_id or '(no id)'}"
        assert table.table_id.startswith("T_"), f"{where}: not from analysis.report.tables"
        if not table.folded:
            assert len(table.rows) <= tables.MAX_VISIBLE_ROWS, f"{where}: {len(table.rows)} rows"
        assert not RAW_NAMES & set(table.headers), f"{where}: raw headers {table.headers}"
        for label in {h for levels in table.header_levels.values() for h in levels}:
            cells = table.column(label)
            if label.endswith("(%)") and not label.startswith("95% CI ("):
                percent_columns += 1
                bad = [c for c in cells if not PERCENT_CELL.match(c)]
            elif label == tables.PRIMARY_P_LABEL:
                bad = [c for c in cells if not PRIMARY_P_CELL.match(c)]
            elif label == "p" or label.startswith(("p (", "q (")):
                bad = [c for c in cells if not P_CELL.match(c)]
            else:
                bad = [c for c in cells if c in ("nan", "NaN", "<NA>")]
            assert not bad, f"{where}: column {label!r} has {bad[:3]}"
    if "percent" in _markdown(executed).lower() or name.startswith("00"):
        assert percent_columns > 0, f"{name} promises percent but shows no (%) column"


@pytest.mark.notebooks
def test_summary_reads_outputs_and_says_validation_was_not_run(workspace: dict[str, Any]) -> None:
    summary = _execute(workspace, "00-summary")
    assert summary["validation"] is False  # the workspace never ran `make validate`
    page = (workspace["reports"] / "00-summary.html").read_text(encoding="utf-8")
    assert "Validation was not run" in page
    events = (workspace["data"] / "processed" / "events.csv").read_text(encoding="utf-8")
    assert f"{len(events.strip().splitlines()) - 1} events</strong>" in page
    assert "def " not in page and "summary.load_outputs" not in page  # code cells hidden


@pytest.mark.notebooks
@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_equations_render_offline(workspace: dict[str, Any], name: str) -> None:
    _execute(workspace, name)
    reports: Path = workspace["reports"]
    page = reports / f"{name}.html"
    text = page.read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", text)
    assert offline.MATHJAX_URL in scripts
    assert not [s for s in scripts if "://" in s or s.startswith("//")], scripts
    assert "mathjax" not in " ".join(re.findall(r"https?://\S+", text)).lower()
    assert (reports / offline.MATHJAX_URL).stat().st_size > 1_000_000
    dom = rendered_dom(page)
    visible = re.sub(r"<(script|style|pre|code)\b.*?</\1>", "", dom, flags=re.S | re.I)
    visible = re.sub(r"<[^>]+>", " ", visible)
    raw = [tex for tex in TEX if tex in visible]
    assert not raw, f"{name}: raw TeX {raw} in the rendered page"
    if "$" in _markdown(nbformat.read(str(reports / f"{name}.ipynb"), as_version=4)):
        assert "<mjx-container" in dom, f"{name}: MathJax typeset nothing"
