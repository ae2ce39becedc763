"""Notebook HTML that renders with no network: MathJax bundled beside the pages.

nbconvert's ``lab`` template loads MathJax 2, require.js and mermaid from a CDN, so
offline (and on many university machines) equations show as raw TeX. :func:`page_html`
renders with the same template but points MathJax at the one-file MathJax 3 build (TeX
input, SVG output: no web fonts, so it also works from ``file://``) shipped by the PyPI
package ``django-static-mathjax``, which :func:`install_mathjax` copies into the report
folder; require.js and mermaid are left out (the notebooks use neither widgets nor
diagrams).

May import: ``analysis.io``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from analysis.io import AnalysisError, atomic_path

MATHJAX_PACKAGE = "mathjax"  # import name of the PyPI package django-static-mathjax
MATHJAX_BUILD = "static/mathjax/es5/tex-svg-full.js"
MATHJAX_LICENSE = "static/mathjax/LICENSE"
MATHJAX_DIR = "mathjax"  # folder beside the pages, linked relatively
MATHJAX_URL = f"{MATHJAX_DIR}/tex-svg-full.js"

# MathJax 3 reads its configuration from window.MathJax before it loads; the delimiters
# are those of Jupyter ($...$, $$...$$, \(...\), \[...\]).
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\(', '\\)']],
        displayMath: [['$$', '$$'], ['\\[', '\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  svg: {fontCache: 'global'}
};
</script>
<script defer src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
"""
TEMPLATE_NAME = "analysis-offline.html.j2"
HIDE_INPUT_TAG = "hide-input"  # cells whose code the page leaves out (outputs stay)


def mathjax_source() -> Path:
    """The bundled MathJax build inside the installed package.

    Raises
    ------
    AnalysisError
        When the package is not installed (``make setup`` installs it).
    """
    try:
        import mathjax  # the PyPI package django-static-mathjax
    except ModuleNotFoundError:
        path = None
    else:
        path = Path(mathjax.__file__).parent / MATHJAX_BUILD
    if path is None or not path.is_file():
        raise AnalysisError("MathJax is not installed: the PyPI package django-static-mathjax "
                            "provides it (run `make setup`)")
    return path


def install_mathjax(folder: Path) -> Path:
    """Copy MathJax (and its licence) into ``folder/mathjax/``, atomically.

    Skipped when an identical copy is already there, so re-running a notebook rewrites
    nothing.

    Returns
    -------
    Path
        The script the pages load.
    """
    source = mathjax_source()
    target_dir = Path(folder) / MATHJAX_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    pairs = [(source, target_dir / source.name),
             (source.parents[1] / "LICENSE", target_dir / "LICENSE")]
    for src, dst in pairs:
        if not src.is_file():
            continue
        if dst.is_file() and dst.read_bytes() == src.read_bytes():
            continue
        with atomic_path(dst) as tmp:
            shutil.copyfile(src, tmp)
    return target_dir / source.name


def page_html(nb: Any) -> str:
    """Standalone HTML of the executed notebook ``nb`` (``lab`` template, images
    embedded), whose equations load MathJax from ``mathjax/`` beside the page; the code
    of cells tagged :data:`HIDE_INPUT_TAG` is left out, their outputs shown."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: _TEMPLATE})],
        mathjax_url=MATHJAX_URL,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags=(HIDE_INPUT_TAG,)), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return body
