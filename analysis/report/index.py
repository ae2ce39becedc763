"""The report's front page: ``reports/index.html`` linking every executed notebook and figure.

Links are relative, so the page opens from disk (``file://``) without a server and moves
with the folder.

May import: ``analysis.config``, ``analysis.io``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from analysis import config
from analysis.io import atomic_path


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
        "talks and tariffs, how ten markets reacted to the 2018&ndash;2020 catalog, and how "
        "the figures compare with the press and the literature. Executed notebooks and "
        "every figure (PNG, SVG).</p>",
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
