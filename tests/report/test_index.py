"""The report index: relative links to every executed notebook and figure."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from analysis.report import index


def test_index_links_notebooks_and_figures_relatively(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "figures").mkdir(parents=True)
    for name in ("02-b.html", "01-a.html", "01-a.ipynb", "figures/f1.png", "figures/f1.svg",
                 "figures/f2.svg", "figures/notes.txt"):
        (reports / name).write_text("x", encoding="utf-8")
    nbformat.write(new_notebook(cells=[new_markdown_cell("intro\n# Alpha study")]),
                   str(reports / "01-a.ipynb"))
    path = index.write_index(reports)
    assert path == reports / "index.html"
    page = path.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs == ["01-a.html", "01-a.ipynb", "02-b.html", "figures/f1.png",
                     "figures/f1.png", "figures/f1.svg", "figures/f2.svg", "figures/f2.svg"]
    assert str(tmp_path) not in page  # relative links only: opens from disk, moves along
    assert "Figures (2)" in page
    assert '01-a</a>: Alpha study (<a href="01-a.ipynb">' in page  # title from the notebook
    assert '02-b</a></li>' in page  # no executed notebook beside it: no title, no ipynb link
    assert "index.html" not in hrefs
    # Rerun: identical bytes, and the index never lists itself.
    index.write_index(reports)
    assert path.read_text(encoding="utf-8") == page
