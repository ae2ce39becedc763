"""Execute the notebooks headless into the HTML report.

``python -m analysis report notebook notebooks/NN-x.ipynb`` runs one notebook with
papermill (kernel ``analysis``, else ``python3``) into ``config.REPORTS_DIR/NN-x.ipynb``
and converts it to ``NN-x.html``; the index page that links them all is
:mod:`analysis.report.index`.

Notebooks end with :func:`emit_summary`, which prints one machine-readable line; the
tests and :func:`read_summary` read it back from the executed notebook. The few
compositions of package calls the notebooks need beyond one line of glue live here too,
so the notebooks stay thin: :func:`study_battery` (the CAAR battery of several
event-study variants side by side), :func:`clustered_events` and :func:`plain_reading`
(the closing sentences, generated from the numbers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.io import AnalysisError, replace_together, require_columns
from analysis.report import offline
from analysis.study.battery import study_battery as study_battery  # the notebooks' name
from analysis.study.stattests import holm

SUMMARY_PREFIX = "analysis-summary: "
PREFERRED_KERNELS: tuple[str, ...] = ("analysis", "python3")
CELL_TIMEOUT_S = 600


def kernel_name(preferred: Sequence[str] = PREFERRED_KERNELS) -> str:
    """First installed Jupyter kernel among ``preferred``.

    Raises
    ------
    AnalysisError
        When none of them is installed.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    installed = KernelSpecManager().find_kernel_specs()
    for name in preferred:
        if name in installed:
            return name
    raise AnalysisError(
        f"no Jupyter kernel named {' or '.join(preferred)} (run `make setup` to register it)"
    )


def _one_line(text: object) -> str:
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    return lines[0] if lines else ""


def execute_notebook(
    notebook: Path,
    *,
    out_dir: Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    kernel: str | None = None,
    timeout: int = CELL_TIMEOUT_S,
) -> tuple[Path, Path]:
    """Execute ``notebook`` headless and write the executed copy and its HTML.

    Both files are written atomically, and only when every cell succeeded, so a failed
    run leaves the previous report untouched.

    Parameters
    ----------
    notebook : Path
        Source notebook (``notebooks/NN-x.ipynb``).
    out_dir : Path, optional
        Target folder; default :data:`analysis.config.REPORTS_DIR`, read at call time.
    parameters : mapping, optional
        Values injected after the cell tagged ``parameters``.
    kernel : str, optional
        Jupyter kernel; default :func:`kernel_name`.
    timeout : int
        Per-cell time limit in seconds.

    Returns
    -------
    tuple of Path
        The executed ``.ipynb`` and the ``.html``.

    Raises
    ------
    AnalysisError
        One line naming the notebook and the failing cell, on any failure.
    """
    import nbformat

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise AnalysisError(f"{notebook}: notebook not found")
    if notebook.suffix != ".ipynb":
        raise AnalysisError(f"{notebook}: not a .ipynb file")
    folder = Path(out_dir) if out_dir is not None else config.REPORTS_DIR
    nb = _run(notebook, dict(parameters or {}), kernel or kernel_name(), timeout)
    ipynb_path = folder / notebook.name
    html_path = folder / f"{notebook.stem}.html"
    page = notebook_html(nb)
    offline.install_mathjax(folder)  # the page loads it from beside itself
    with replace_together([ipynb_path, html_path]) as (tmp_ipynb, tmp_html):
        nbformat.write(nb, str(tmp_ipynb))
        tmp_html.write_text(page, encoding="utf-8")
    return ipynb_path, html_path


def _run(notebook: Path, parameters: dict[str, Any], kernel: str, timeout: int) -> Any:
    """Execute ``notebook`` with papermill in memory; any failure is one line.

    Raises
    ------
    AnalysisError
        The failing cell (numbered as in the source notebook), a kernel death or
        timeout, or error output left in a cell.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        nb = papermill.execute_notebook(
            str(notebook),
            None,  # no intermediate file: the result is written atomically by the caller
            parameters=parameters,
            kernel_name=kernel,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            kernel_manager_class=_quiet_kernel_manager(),
        )
    except PapermillExecutionError as exc:
        cell = _source_cell_index(notebook, exc.cell_index, injected=bool(parameters))
        raise AnalysisError(
            f"{notebook.name}: cell {cell} ({_one_line(exc.source)[:60]!r}) failed: "
            f"{exc.ename}: {_one_line(exc.evalue)}"
        ) from None
    except Exception as exc:  # kernel death, timeout, malformed notebook...
        raise AnalysisError(
            f"{notebook.name}: execution failed: {type(exc).__name__}: {_one_line(exc)}"
        ) from None
    errors = error_cells(nb)
    if errors:
        raise AnalysisError(f"{notebook.name}: error output in cell(s) {errors}")
    return nb


def _quiet_kernel_manager() -> type:
    """A kernel manager that does not interrupt the kernel it is shutting down.

    ``jupyter_client`` sends SIGINT before every shutdown request; the idle kernel then
    logs ``[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel`` although every cell
    succeeded. By the time the client shuts the kernel down the notebook has finished
    (or timed out, and the shutdown's SIGTERM/SIGKILL still follow), so the interrupt is
    only skipped during shutdown; an interrupt at any other time is sent as before.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietShutdownKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietShutdownKernelManager


def _source_cell_index(notebook: Path, executed_index: int, *, injected: bool) -> int:
    """Index in the source notebook of the executed notebook's cell ``executed_index``.

    Papermill inserts an ``injected-parameters`` cell after the ``parameters`` cell when
    parameters are passed, which shifts every later cell by one.
    """
    import nbformat

    if not injected:
        return executed_index
    cells = nbformat.read(str(notebook), as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    if tagged and executed_index > tagged[0]:
        return executed_index - 1
    return executed_index


def error_cells(nb: Any) -> list[int]:
    """Indices of the code cells with an ``error`` output.

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook.

    Returns
    -------
    list of int
        Cell indices, in order (empty when no cell failed).
    """
    return [
        i for i, cell in enumerate(nb.cells)
        if cell.get("cell_type") == "code"
        and any(out.get("output_type") == "error" for out in cell.get("outputs", []))
    ]


def notebook_html(nb: Any) -> str:
    """Standalone HTML page of the executed notebook ``nb``, from nbconvert's ``lab``
    template (images embedded, so it opens from disk with no server; MathJax from the
    report folder, :mod:`analysis.report.offline`)."""
    return offline.page_html(nb)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, pd.DataFrame | pd.Series):
        return len(obj)
    if isinstance(obj, Path):
        return obj.name
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    return str(obj)


def emit_summary(**items: Any) -> dict[str, Any]:
    """Print one ``analysis-summary: {json}`` line describing what a notebook showed.

    DataFrames and Series become their row counts, paths their file names, so the
    tests can check each key table was non-empty and each figure written.

    Parameters
    ----------
    **items
        Named tables, counts, or lists of figure paths.

    Returns
    -------
    dict
        The summary as printed.
    """
    summary = json.loads(json.dumps(items, default=_json_default, sort_keys=True))
    print(SUMMARY_PREFIX + json.dumps(summary, sort_keys=True))
    return summary


def read_summary(executed: Path | Any) -> dict[str, Any]:
    """The :func:`emit_summary` line of an executed notebook (path or node).

    Raises
    ------
    AnalysisError
        When the notebook printed no summary.
    """
    import nbformat

    nb = executed
    if isinstance(executed, str | Path):
        nb = nbformat.read(str(executed), as_version=4)
    for cell in reversed(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") != "stream":
                continue
            for line in str(out.get("text", "")).splitlines():
                if line.startswith(SUMMARY_PREFIX):
                    return dict(json.loads(line[len(SUMMARY_PREFIX):]))
    raise AnalysisError(f"{executed}: no '{SUMMARY_PREFIX.strip()}' line in the outputs")


def clustered_events(event_study: pd.DataFrame, month: str) -> list[str]:
    """Events in the clusters that have a day 0 in ``month`` (``"YYYY-MM"``), any asset.

    Parameters
    ----------
    event_study : DataFrame
        The CAR table (``event_id``, ``ticker``, ``day0``, ``cluster_id``); clusters are
        numbered per asset, so they are matched on (ticker, cluster_id).
    month : str
        Month of the cluster, e.g. ``"2019-07"``.

    Returns
    -------
    list of str
        Sorted event ids.
    """
    require_columns(event_study, ("event_id", "ticker", "day0", "cluster_id"), "event_study")
    in_month = (event_study["day0"].astype("string").str.startswith(month).fillna(False)
                & event_study["cluster_id"].notna())
    clusters = event_study.loc[in_month, ["ticker", "cluster_id"]].drop_duplicates()
    members = event_study.merge(clusters, on=["ticker", "cluster_id"], how="inner")
    return sorted(members["event_id"].astype(str).unique())


def plain_reading(findings: pd.DataFrame, *, alpha: float = 0.05) -> str:
    r"""Plain-language Markdown reading of estimates, generated from the numbers themselves.

    The findings read together are one family: each p-value is Holm-adjusted over them
    (:func:`analysis.study.stattests.holm`; a ``p_adjusted`` column, e.g. ``p_holm``
    from ``caar.csv``, is used as given instead), and a finding is called different
    from zero only when its *adjusted* p-value is below ``alpha``. The closing paragraph
    puts that count beside the raw count and the number expected by chance
    (:math:`m\,\alpha` of :math:`m` tests), and says what an event study of this size
    cannot show.

    Parameters
    ----------
    findings : DataFrame
        ``subject`` (what is estimated, e.g. ``"^GSPC: talks minus tariff, day 0"``),
        ``estimate`` (a return as a decimal; written in percent), ``p_value``; optional
        ``n`` (events behind the estimate) and ``p_adjusted``.
    alpha : float
        Significance level.

    Returns
    -------
    str
        Markdown.
    """
    require_columns(findings, ("subject", "estimate", "p_value"), "findings")
    rows = findings.dropna(subset=["estimate", "p_value"]).copy()
    if rows.empty:
        return "_No estimate with a p-value to read: the tables above are empty._"
    given = "p_adjusted" in rows.columns and rows["p_adjusted"].notna().all()
    if not given:
        rows["p_adjusted"] = holm(rows["p_value"].to_numpy(dtype=float))
    how = "adjusted" if given else "Holm-adjusted"
    lines = []
    for rec in rows.to_dict("records"):
        est, p, q = float(rec["estimate"]) * 100, float(rec["p_value"]), float(rec["p_adjusted"])
        n = rec.get("n")
        size = f", {int(n)} events" if n is not None and pd.notna(n) else ""
        mark = f" — **different from zero at the {alpha:.0%} level**" if q < alpha else ""
        lines.append(f"- {rec['subject']}: {est:+.2f}% (p = {p:.3f}, {how} p = {q:.3f}"
                     f"{size}){mark}.")
    m = len(rows)
    raw_hits = int((rows["p_value"] < alpha).sum())
    hits = rows[rows["p_adjusted"] < alpha]
    if hits.empty:
        verdict = (
            f"None of these {m} estimates is distinguishable from zero at the {alpha:.0%} "
            f"level once the p-values are adjusted for reading {m} of them together "
            f"({raw_hits} would pass unadjusted, where about {m * alpha:.1f} would by chance "
            "alone): on these events the returns do not stand out from their ordinary "
            "day-to-day variation. That is not evidence of no reaction: with this many "
            "events, effects of the sizes printed could go undetected."
        )
    else:
        verdict = (
            f"{len(hits)} of these {m} estimates are distinguishable from zero at the "
            f"{alpha:.0%} level after adjusting for reading {m} of them together ({raw_hits} "
            f"unadjusted, where about {m * alpha:.1f} would be by chance alone if nothing "
            "happened). Read the others as not distinguishable from zero, rather than as zero."
        )
    lines += [
        "",
        verdict,
        "",
        "What these numbers do not show: they measure price moves on the sessions the news "
        "could first reach, not the news' causal effect. Trade-war headlines in 2019 came in "
        "quick succession, so event windows overlap (see the clustered July 2019 events) and "
        "other news shared those days. With this few events, a large effect can hide behind "
        "a wide interval, and a small p-value can come from one outlier day; the readings "
        "above may change when events are added to, or removed from, the catalog.",
    ]
    return "\n".join(lines)
