"""Headless notebook execution, HTML conversion and the summary line."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import config
from analysis.cli import main as cli_main
from analysis.io import AnalysisError
from analysis.report import notebooks as report


def _notebook(path: Path, *cells: str) -> Path:
    nb = new_notebook(cells=[
        new_markdown_cell("# Tiny"),
        new_code_cell("divisor = 2", metadata={"tags": ["parameters"]}),
        *(new_code_cell(c) for c in cells),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def test_kernel_name_prefers_the_project_kernel() -> None:
    assert report.kernel_name() in report.PREFERRED_KERNELS
    with pytest.raises(AnalysisError, match="no Jupyter kernel named nope"):
        report.kernel_name(("nope",))


@pytest.mark.notebooks  # starts a Jupyter kernel: make test-fast skips it
def test_execute_notebook_writes_ipynb_and_html(tmp_path: Path) -> None:
    src = _notebook(
        tmp_path / "01-tiny.ipynb",
        "import pandas as pd\nfrom analysis.report import notebooks as report\n"
        "report.emit_summary(rows=pd.DataFrame({'a': range(3)}), ratio=6 / divisor)",
    )
    out = tmp_path / "out"
    ipynb, page = report.execute_notebook(src, out_dir=out, parameters={"divisor": 3})
    assert (ipynb, page) == (out / "01-tiny.ipynb", out / "01-tiny.html")
    assert report.read_summary(ipynb) == {"ratio": 2.0, "rows": 3}
    executed = nbformat.read(str(ipynb), as_version=4)
    assert report.error_cells(executed) == []
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "analysis-summary" in text
    # Beside the pages: the bundled MathJax they load (no CDN).
    assert sorted(p.name for p in out.iterdir()) == ["01-tiny.html", "01-tiny.ipynb", "mathjax"]
    assert 'src="mathjax/tex-svg-full.js"' in text
    # The source notebook stays without outputs.
    source = nbformat.read(str(src), as_version=4)
    assert all(not c.get("outputs") for c in source.cells if c.cell_type == "code")


@pytest.mark.notebooks  # starts a Jupyter kernel: make test-fast skips it
def test_failing_cell_is_one_line_and_keeps_previous_report(tmp_path: Path) -> None:
    src = _notebook(tmp_path / "02-fail.ipynb", "x = 1", "1 / (divisor - 2)")
    out = tmp_path / "out"
    out.mkdir()
    (out / "02-fail.html").write_text("previous", encoding="utf-8")
    with pytest.raises(AnalysisError) as info:
        report.execute_notebook(src, out_dir=out)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("02-fail.ipynb: cell 3 ('1 / (divisor - 2)') failed")
    assert "ZeroDivisionError" in message
    # With injected parameters the source cell index is still reported.
    with pytest.raises(AnalysisError, match=r"cell 3 .*ZeroDivisionError"):
        report.execute_notebook(src, out_dir=out, parameters={"divisor": 2})
    assert (out / "02-fail.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["02-fail.html"]


def test_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    assert cli_main(["report", "notebook", str(tmp_path / "missing.ipynb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: ") and "missing.ipynb: notebook not found" in err
    assert cli_main(["report", "notebook", "x.ipynb", "-p", "novalue"]) == 2
    assert "expected NAME=VALUE" in capsys.readouterr().err


@pytest.mark.notebooks  # starts a Jupyter kernel: make test-fast skips it
def test_cli_notebook_uses_config_reports_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    src = _notebook(tmp_path / "03-ok.ipynb", "print(divisor)")
    assert cli_main(["report", "notebook", str(src), "-p", "divisor=7"]) == 0
    executed = nbformat.read(str(tmp_path / "reports" / "03-ok.ipynb"), as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "7\n"
    assert (tmp_path / "reports" / "03-ok.html").is_file()


def test_emit_and_read_summary(capsys: pytest.CaptureFixture[str]) -> None:
    summary = report.emit_summary(
        table=pd.DataFrame({"a": [1, 2]}), figures=[Path("/x/f.png")], n=3
    )
    line = capsys.readouterr().out.strip()
    assert line.startswith(report.SUMMARY_PREFIX)
    assert json.loads(line[len(report.SUMMARY_PREFIX):]) == summary
    assert summary == {"figures": ["f.png"], "n": 3, "table": 2}
    nb = new_notebook(cells=[new_code_cell("")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=line + "\n")]
    assert report.read_summary(nb) == summary
    with pytest.raises(AnalysisError, match="no 'analysis-summary:' line"):
        report.read_summary(new_notebook(cells=[new_code_cell("")]))


def test_plain_reading_is_generated_from_the_numbers() -> None:
    findings = pd.DataFrame({
        "subject": ["A: talks minus tariff", "B: CAAR of all events"],
        "estimate": [0.0123, -0.004], "p_value": [0.001, 0.4], "n": [None, 12],
    })
    text = report.plain_reading(findings, alpha=0.05)
    lines = text.splitlines()
    # Holm over the two findings: 0.001 * 2 and max(0.002, 0.4 * 1)
    assert lines[0] == ("- A: talks minus tariff: +1.23% (p = 0.001, Holm-adjusted p = 0.002) "
                        "— **different from zero at the 5% level**.")
    assert lines[1] == ("- B: CAAR of all events: -0.40% (p = 0.400, Holm-adjusted p = 0.400, "
                        "12 events).")
    assert "1 of these 2 estimates are distinguishable" in text
    # a raw p of 0.03 does not survive the adjustment (0.03 * 2 = 0.06)
    close = report.plain_reading(findings.assign(p_value=[0.03, 0.4]))
    assert "None of these 2 estimates" in close and "1 would pass unadjusted" in close
    given = report.plain_reading(findings.assign(p_adjusted=[0.2, 0.5]))
    assert "(p = 0.001, adjusted p = 0.200)" in given and "**different" not in given
    calm = report.plain_reading(findings.assign(p_value=[0.3, 0.4]))
    assert "None of these 2 estimates is distinguishable from zero" in calm
    assert "empty" in report.plain_reading(findings.iloc[:0])
    with pytest.raises(AnalysisError, match="findings: missing column"):
        report.plain_reading(findings.drop(columns="p_value"))


def test_clustered_events_matches_clusters_per_asset() -> None:
    study = pd.DataFrame({
        "event_id": ["a", "b", "c", "d", "e", "a"],
        "ticker": ["X", "X", "X", "X", "Y", "Y"],
        "day0": ["2019-07-30", "2019-08-01", "2019-08-20", None, "2019-09-02", "2019-07-30"],
        "cluster_id": [1, 1, 2, None, 1, None],
    })
    # Cluster ids are per asset: Y's cluster 1 (event e) is not X's cluster 1.
    assert report.clustered_events(study, "2019-07") == ["a", "b"]
    assert report.clustered_events(study, "2019-08") == ["a", "b", "c"]
    assert report.clustered_events(study, "2019-09") == ["e"]
    assert report.clustered_events(study, "2019-10") == []


def test_study_battery_stacks_variants() -> None:
    import numpy as np

    from analysis.market import calendars

    days = calendars.sessions("^GSPC", "2017-01-01", "2019-12-31")
    rng = np.random.default_rng(3)
    returns = pd.DataFrame(rng.normal(0, 0.01, (len(days), 2)), index=days,
                           columns=["^GSPC", "ZS=F"])
    event_days = days[300::60][:8]
    returns.loc[event_days, "ZS=F"] += 0.05  # a planted 5% abnormal return on day 0
    events = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(len(event_days))],
        "date": event_days.strftime("%Y-%m-%d"), "timing": "during_session",
        "category": ["talks", "tariff"] * 4, "direction": "escalation",
    })
    out = report.study_battery(
        returns, {"all": (events, "flag"), "fewer": (events.iloc[:5], "flag")},
        tickers=["^GSPC", "ZS=F"], models=["constant", "market"], windows=["0:0"],
        by=("category",), n_permutations=50,
    )
    assert list(out.columns[:5]) == ["study", "ticker", "model", "group", "window"]
    # The market is never regressed on itself.
    assert set(zip(out["ticker"], out["model"], strict=True)) == {
        ("^GSPC", "constant"), ("ZS=F", "constant"), ("ZS=F", "market")}
    zs = out[(out["ticker"] == "ZS=F") & (out["group"] == "all") & (out["model"] == "constant")]
    assert zs.set_index("study")["n_events"].to_dict() == {"all": 8, "fewer": 5}
    assert np.allclose(zs["caar"], 0.05, atol=0.01)
    naive = zs[zs["statistic"] == "csect_t"]
    assert np.allclose(naive["se"], (naive["caar"] / naive["value"]).abs())
    # the primary standardises each event-day, so its se (sqrt(kappa 1'C1)/D) equals
    # |CAAR / t| only when every event-day's CAR variance is the same; here they differ a
    # little (each has its own estimation window)
    prim = zs[zs["primary"]]
    assert len(prim) == 2 and np.allclose(prim["se"], (prim["caar"] / prim["value"]).abs(),
                                          rtol=0.02)
    assert {"category=talks", "category=tariff"} <= set(out["group"])


def test_error_cells_finds_error_outputs() -> None:
    nb = new_notebook(cells=[new_markdown_cell("x"), new_code_cell("a"), new_code_cell("b")])
    nb.cells[2].outputs = [nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[])]
    assert report.error_cells(nb) == [2]
    nb.cells[2].outputs = []
    assert report.error_cells(nb) == []
