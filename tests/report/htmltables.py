"""Read back the tables of rendered HTML (pandas ``Styler`` output) for the report tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    """One ``<table>``: its id, whether it sits in a ``<details>``, headers and rows."""

    table_id: str
    folded: bool
    # Column position -> header texts of every level covering it (top level first).
    header_levels: dict[int, list[str]] = field(default_factory=dict)
    rows: list[dict[int, str]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        """The innermost header of each data column, in order."""
        return [self.header_levels[k][-1] for k in sorted(self.header_levels)]

    def columns_labelled(self, label: str) -> list[int]:
        """Positions of the data columns with ``label`` at any header level."""
        return [k for k in sorted(self.header_levels) if label in self.header_levels[k]]

    def column(self, label: str) -> list[str]:
        """Cell texts of every column labelled ``label``, row by row."""
        keys = self.columns_labelled(label)
        return [row[k] for row in self.rows for k in keys if k in row]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.details = 0
        self.cell: tuple[str, int, int] | None = None  # (kind, column, colspan)
        self.text: list[str] = []
        self.row: dict[int, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "details":
            self.details += 1
        elif tag == "table":
            self.tables.append(Table(a.get("id", ""), self.details > 0))
        elif tag == "tr" and self.tables:
            self.row = {}
        elif tag in ("td", "th") and self.tables:
            classes = a.get("class", "").split()
            col = next((int(c[3:]) for c in classes if re.fullmatch(r"col\d+", c)), -1)
            kind = ("data" if "data" in classes else
                    "head" if "col_heading" in classes else "other")
            self.cell = (kind, col, int(a.get("colspan") or 1))
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.details -= 1
        elif tag in ("td", "th") and self.cell is not None:
            kind, col, span = self.cell
            text = " ".join("".join(self.text).split())
            table = self.tables[-1]
            if kind == "head" and col >= 0:
                for k in range(col, col + span):
                    table.header_levels.setdefault(k, []).append(text)
            elif kind == "data" and self.row is not None:
                self.row[col] = text
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.tables[-1].rows.append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.text.append(data)


def parse_tables(html: str) -> list[Table]:
    """Every table in ``html``, in order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.tables
