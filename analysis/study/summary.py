"""One rendered summary for every fitted result of the study stage.

:meth:`analysis.study.results.EventStudyResults.summary` and
:meth:`analysis.study.dummyresults.EventDummyResults.summary` both return a
:class:`Summary`: ``print`` shows the text, a notebook the HTML. Both results classes
take ``str()`` and their notebook HTML from that summary through :class:`SummaryMixin`
(linearmodels' ``_SummaryStr`` pattern), so the rendering lives in one place.

May import: nothing from the package.
"""

from __future__ import annotations

import html

import pandas as pd


class Summary:
    """Rendered summary: ``str``/``repr`` give the text, notebooks the HTML."""

    def __init__(self, text: str, html_text: str) -> None:
        self.text = text
        self.html = html_text

    @classmethod
    def from_table(cls, title: str, table: pd.DataFrame, notes: list[str]) -> Summary:
        """A titled table with notes underneath (numbers to four decimals)."""
        body = table.to_string(index=False, float_format=lambda x: f"{x:.4f}")
        width = max(len(line) for line in body.splitlines()) if len(table) else 40
        text = "\n".join([title.center(width), "=" * width, body, "-" * width, *notes])
        rows = table.to_html(index=False, float_format=lambda x: f"{x:.4f}", na_rep="")
        paras = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
        return cls(text, f"<h4>{html.escape(title)}</h4>{rows}{paras}")

    def as_text(self) -> str:
        """Plain-text rendering."""
        return self.text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


class SummaryMixin:
    """``str()`` and the notebook HTML of a fitted result, both from its ``summary()``."""

    def summary(self) -> Summary:
        """The result's rendered summary; every results class defines it."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().html
