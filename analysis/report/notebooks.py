"""Execute the notebooks headless and build the HTML report.

``python -m analysis.report notebook notebooks/NN-x.ipynb`` runs one notebook with
papermill (kernel ``analysis``, else ``python3``) into ``config.REPORTS_DIR/NN-x.ipynb``
and converts it to ``NN-x.html``; ``python -m analysis.report index`` writes
``reports/index.html``, which links every executed notebook and every figure with
relative links, so it opens from disk without a server.

Notebooks end with :func:`emit_summary`, which prints one machine-readable line; the
tests and :func:`read_summary` read it back from the executed notebook. The few
compositions of package calls the notebooks need beyond one line of glue live here too,
so the notebooks stay thin: :func:`study_battery` (the CAAR battery of several
event-study variants side by side), :func:`clustered_events` and :func:`plain_reading`
(the closing sentences, generated from the numbers).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.io import AnalysisError, atomic_path, replace_together
from analysis.study.eventstudy import EventStudy
from analysis.study.results import EventStudyResults
from analysis.windows import parse_window

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
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise AnalysisError(f"{notebook}: notebook not found")
    if notebook.suffix != ".ipynb":
        raise AnalysisError(f"{notebook}: not a .ipynb file")
    folder = Path(out_dir) if out_dir is not None else config.REPORTS_DIR
    kernel = kernel or kernel_name()
    try:
        nb = papermill.execute_notebook(
            str(notebook),
            None,  # no intermediate file: the result is written atomically below
            parameters=dict(parameters or {}),
            kernel_name=kernel,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
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
    ipynb_path = folder / notebook.name
    html_path = folder / f"{notebook.stem}.html"
    page = notebook_html(nb)
    with replace_together([ipynb_path, html_path]) as (tmp_ipynb, tmp_html):
        nbformat.write(nb, str(tmp_ipynb))
        tmp_html.write_text(page, encoding="utf-8")
    return ipynb_path, html_path


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
    """Standalone HTML of an executed notebook (images embedded, no server needed).

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook.

    Returns
    -------
    str
        The page, from nbconvert's ``lab`` template.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    return body


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
    needed = ("event_id", "ticker", "day0", "cluster_id")
    missing = [c for c in needed if c not in event_study.columns]
    if missing:
        raise AnalysisError(f"event_study: missing column(s) {', '.join(missing)}")
    in_month = (event_study["day0"].astype("string").str.startswith(month).fillna(False)
                & event_study["cluster_id"].notna())
    clusters = event_study.loc[in_month, ["ticker", "cluster_id"]].drop_duplicates()
    members = event_study.merge(clusters, on=["ticker", "cluster_id"], how="inner")
    return sorted(members["event_id"].astype(str).unique())


def _model_pairs(tickers: Sequence[str], models: Sequence[str] | Mapping[str, str],
                 market: str) -> list[tuple[str, str]]:
    if isinstance(models, Mapping):
        return [(str(models[t]), t) for t in tickers if t in models]
    # The market cannot be explained by itself: it only gets the constant-mean model.
    return [(m, t) for m in models for t in tickers if t != market or m == "constant"]


def study_battery(
    returns: pd.DataFrame,
    studies: Mapping[str, tuple[pd.DataFrame, str]],
    *,
    tickers: Sequence[str],
    models: Sequence[str] | Mapping[str, str],
    windows: Sequence[str],
    tests: Sequence[str] = ("csect_t",),
    by: Sequence[str] = (),
    flags: pd.DataFrame | None = None,
    market: str = config.MARKET_TICKER,
    n_permutations: int = 1000,
) -> pd.DataFrame:
    r"""CAAR test battery of several event-study variants, stacked with a ``study`` column.

    Each variant is an event table and a cluster mode (``"flag"`` or ``"pool"``) run
    through :class:`analysis.eventstudy.EventStudy` with the same returns, models and
    windows, so the rows differ only in what the variant changes.

    Parameters
    ----------
    returns : DataFrame
        Wide returns (sessions x tickers), as from :func:`analysis.prices.read_returns`.
    studies : mapping
        Variant name -> (events, cluster mode).
    tickers : sequence of str
        Assets studied.
    models : sequence of str or mapping
        Models to run on every asset (the market only gets ``"constant"``), or one model
        per ticker.
    windows : sequence of str
        Event windows, e.g. ``["0:0", "-1:1"]``.
    tests : sequence of str
        Tests of :data:`analysis.stattests.TESTS` to run.
    by : sequence of str
        Event columns to group by besides ``"all"`` (e.g. ``("category", "direction")``).
    flags : DataFrame, optional
        Data-quality flags passed to the estimator.
    market : str
        Market ticker (a column of ``returns``).
    n_permutations : int
        Draws of the permutation test, when it is among ``tests``.

    Returns
    -------
    DataFrame
        ``study`` then the columns of :func:`analysis.stattests.caar_table`, plus ``se``,
        the cross-sectional standard error :math:`\overline{CAR}/t` when ``csect_t`` is
        among the tests.
    """
    parsed = [parse_window(w) for w in windows]
    parts = []
    for name, (events, cluster) in studies.items():
        estimator = EventStudy(returns, events, market=market, flags=flags,
                                          tickers=list(tickers))
        fits = [estimator.fit(model, windows=parsed, cluster=cluster, tickers=[ticker])
                for model, ticker in _model_pairs(tickers, models, market)]
        results = EventStudyResults.concat(fits)
        table = results.caar(by=tuple(by), window=list(windows), tests=list(tests),
                             n_permutations=n_permutations)
        parts.append(table.assign(study=name))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        return out
    t = out["value"].where(out["statistic"] == "csect_t")
    out["se"] = (out["caar"] / t).abs()
    lead = ["study", "ticker", "model", "group", "window"]
    return out[lead + [c for c in out.columns if c not in lead]].reset_index(drop=True)


def plain_reading(findings: pd.DataFrame, *, alpha: float = 0.05) -> str:
    r"""Plain-language Markdown reading of estimates, generated from the numbers themselves.

    Each finding gets one sentence saying whether it is distinguishable from zero at
    ``alpha``; a closing paragraph puts the count of such findings beside the number
    expected by chance (:math:`m\,\alpha` of :math:`m` tests) and the Bonferroni
    threshold :math:`\alpha/m`, and says what an event study of this size cannot show.

    Parameters
    ----------
    findings : DataFrame
        ``subject`` (what is estimated, e.g. ``"^GSPC: talks minus tariff, day 0"``),
        ``estimate`` (a return as a decimal; written in percent), ``p_value``; optional
        ``n`` (events behind the estimate).
    alpha : float
        Significance level.

    Returns
    -------
    str
        Markdown.
    """
    missing = [c for c in ("subject", "estimate", "p_value") if c not in findings.columns]
    if missing:
        raise AnalysisError(f"findings: missing column(s) {', '.join(missing)}")
    rows = findings.dropna(subset=["estimate", "p_value"])
    if rows.empty:
        return "_No estimate with a p-value to read: the tables above are empty._"
    lines = []
    for rec in rows.to_dict("records"):
        est, p = float(rec["estimate"]) * 100, float(rec["p_value"])
        n = rec.get("n")
        size = f", {int(n)} events" if n is not None and pd.notna(n) else ""
        mark = f" — **different from zero at the {alpha:.0%} level**" if p < alpha else ""
        lines.append(f"- {rec['subject']}: {est:+.2f}% (p = {p:.3f}{size}){mark}.")
    m = len(rows)
    hits = rows[rows["p_value"] < alpha]
    bonferroni = int((rows["p_value"] < alpha / m).sum())
    if hits.empty:
        verdict = (
            f"None of these {m} estimates is distinguishable from zero at the {alpha:.0%} "
            "level: on these events the returns do not stand out from their ordinary "
            "day-to-day variation. That is not evidence of no reaction: with this many "
            "events, effects of the sizes printed could go undetected."
        )
    else:
        verdict = (
            f"{len(hits)} of these {m} estimates are distinguishable from zero at the "
            f"{alpha:.0%} level, where about {m * alpha:.1f} would be by chance alone if "
            f"nothing happened; {bonferroni} pass the Bonferroni threshold "
            f"{alpha / m:.4f} for {m} tests. Read the others as not distinguishable from "
            "zero, rather than as zero."
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


def index_html(reports_dir: Path) -> str:
    """HTML page linking every executed notebook and every figure under ``reports_dir``.

    Links are relative, so the page works from disk (``file://``) and moves with the
    folder. Notebooks and figures are listed in name order.

    Parameters
    ----------
    reports_dir : Path
        Folder with the executed ``NN-x.html``/``.ipynb`` and ``figures/``.

    Returns
    -------
    str
        The page.
    """
    reports_dir = Path(reports_dir)
    pages = sorted(p for p in reports_dir.glob("*.html") if p.name != "index.html")
    figures_dir = reports_dir / "figures"
    stems = sorted({p.stem for p in figures_dir.glob("*") if p.suffix in (".png", ".svg")})
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>Trade-war event studies: report</title>",
        "<style>",
        "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}",
        ".figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}",
        "figure{margin:0;border:1px solid #ddd;padding:.5rem}",
        "figure img{width:100%;height:auto}",
        "figcaption{font-size:.9rem}",
        "</style>",
        "</head>",
        "<body>",
        "<h1>Trade-war event studies: report</h1>",
        "<p>How the S&amp;P 500 and CBOT soybeans reacted to the 2019 US&ndash;China trade "
        "talks and tariffs. Executed notebooks and every figure (PNG, SVG).</p>",
        "<h2>Notebooks</h2>",
    ]
    if pages:
        parts.append("<ul>")
        for page in pages:
            extra, title = "", ""
            executed = reports_dir / f"{page.stem}.ipynb"
            if executed.is_file():
                extra = f' (<a href="{esc(page.stem)}.ipynb">ipynb</a>)'
                title = _notebook_title(executed)
            text = f"{esc(page.stem)}</a>{': ' + esc(title) if title else ''}"
            parts.append(f'<li><a href="{esc(page.name)}">{text}{extra}</li>')
        parts.append("</ul>")
    else:
        parts.append("<p>No executed notebooks yet: run <code>make notebooks</code>.</p>")
    parts.append(f"<h2>Figures ({len(stems)})</h2>")
    if stems:
        parts.append('<div class="figs">')
        for stem in stems:
            png = figures_dir / f"{stem}.png"
            svg = figures_dir / f"{stem}.svg"
            img = f"figures/{stem}.png" if png.is_file() else f"figures/{stem}.svg"
            links = " ".join(
                f'<a href="figures/{esc(p.name)}">{p.suffix[1:].upper()}</a>'
                for p in (png, svg) if p.is_file()
            )
            parts.append(
                f'<figure><a href="{esc(img)}"><img src="{esc(img)}" alt="{esc(stem)}" '
                f'loading="lazy"></a><figcaption>{esc(stem)} &middot; {links}</figcaption>'
                "</figure>"
            )
        parts.append("</div>")
    else:
        parts.append("<p>No figures yet.</p>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _notebook_title(path: Path) -> str:
    """First Markdown heading of a notebook ("" when it has none or cannot be read)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return ""
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def write_index(reports_dir: Path | None = None) -> Path:
    """Write ``index.html`` into ``reports_dir``, atomically.

    Parameters
    ----------
    reports_dir : Path, optional
        Report folder; default :data:`analysis.config.REPORTS_DIR`, read at call time.

    Returns
    -------
    Path
        The page written.
    """
    folder = Path(reports_dir) if reports_dir is not None else config.REPORTS_DIR
    target = folder / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(index_html(folder), encoding="utf-8")
    return target
