"""How every notebook table looks: one pandas ``Styler`` formatter and compact layouts.

:func:`table` is the one formatter: returns, CARs and CAARs in percent with a fixed
number of decimals, p-values to three decimals (the primary test's with stars), NaN as an
em dash, and column headers in words ("CAR (%)", "s.e. (%)", "p (primary)") from
:data:`COLUMNS`. :func:`compact` keeps a long table to its top rows with the rest behind
a collapsed ``<details>``; :func:`split` shows one table per asset; :func:`no_day0_lines`
replaces the rows of events without a day 0 by one line per reason.

The tables here only change how numbers are shown; the CSVs stay as the CLI wrote them.

May import: ``analysis.io``.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from analysis.io import AnalysisError, require_columns

EM_DASH = "—"
MINUS = "−"  # typographic minus, so that signed columns line up
DECIMALS = 2  # decimals of every percent figure
P_DECIMALS = 3
MAX_VISIBLE_ROWS = 40
TOP_ROWS = 10
# Significance stars of the primary test's p-value: (threshold, stars), strictest first.
STARS: tuple[tuple[float, str], ...] = ((0.01, "***"), (0.05, "**"), (0.10, "*"))
STARS_NOTE = "Stars on the primary test's p-value: * p < 0.10, ** p < 0.05, *** p < 0.01."

PERCENT, P, STAT, COUNT, TEXT = "percent", "p", "stat", "count", "text"
# Column name in the project's CSVs -> (header in words, kind). Columns not listed keep
# their name with spaces for underscores and are shown as they are.
COLUMNS: dict[str, tuple[str, str]] = {
    "event_id": ("event", TEXT),
    "ticker": ("asset", TEXT),
    "day0": ("day 0", TEXT),
    "rel_day": ("day", COUNT),
    "car": ("CAR (%)", PERCENT),
    "car_se": ("s.e. (%)", PERCENT),
    "caar": ("CAAR (%)", PERCENT),
    "se": ("s.e. (%)", PERCENT),
    "ar": ("AR (%)", PERCENT),
    "ret": ("return (%)", PERCENT),
    "expected": ("normal return (%)", PERCENT),
    "mean": ("mean (%)", PERCENT),
    "coef": ("coefficient (%)", PERCENT),
    "std_err": ("s.e. (%)", PERCENT),
    "ci_low": ("95% CI from (%)", PERCENT),
    "ci_high": ("95% CI to (%)", PERCENT),
    "t_stat": ("t", STAT),
    "value": ("statistic", STAT),
    "scar": ("SCAR", STAT),
    "p_value": ("p", P),
    "p_sq": ("p (SQ test)", P),
    "p_holm": ("p (Holm)", P),
    "q_bh": ("q (BH)", P),
    "n_events": ("events", COUNT),
    "n_sessions": ("event-days", COUNT),
    "n_effective": ("effective event-days", STAT),
    "n_est": ("estimation days", COUNT),
    "nobs": ("observations", COUNT),
    "df_num": ("df (num.)", COUNT),
    "df_denom": ("df (den.)", COUNT),
    "dof": ("df", COUNT),
    "flags": ("data flags", TEXT),
    "cluster_id": ("cluster", TEXT),
    "reason": ("why no CAR", TEXT),
    "cov_type": ("covariance", TEXT),
    "spec": ("specification", TEXT),
    "claim_id": ("claim", TEXT),
    "confirmatory": ("confirmatory", TEXT),
    "note": ("note", TEXT),
}
PRIMARY_P_LABEL = "p (primary)"


def stars(p: float) -> str:
    """Significance stars of ``p`` (:data:`STARS`; "" above 0.10 or for NaN)."""
    if p is None or not np.isfinite(p):
        return ""
    return next((mark for level, mark in STARS if p < level), "")


def percent(x: Any, decimals: int = DECIMALS) -> str:
    """A decimal return as percent with ``decimals`` decimals (``0.01484`` -> ``1.48``)."""
    return _number(x, decimals, scale=100)


def _number(x: Any, decimals: int, scale: float = 1) -> str:
    # The one rule for real numbers: a dash when missing, a typographic minus, no "−0.00".
    if x is None or pd.isna(x):
        return EM_DASH
    return _signed(f"{scale * float(x):.{decimals}f}")


def _signed(text: str) -> str:
    if not text.startswith("-"):
        return text
    # A negative that rounds to zero is shown as zero, not as "−0.00".
    return text[1:] if float(text) == 0 else MINUS + text[1:]


def pvalue(p: Any, *, with_stars: bool = False) -> str:
    """A p-value to three decimals (``<0.001`` below that), with stars when asked."""
    if p is None or pd.isna(p):
        return EM_DASH
    p = float(p)
    text = "<0.001" if p < 0.001 else f"{p:.{P_DECIMALS}f}"
    return text + (stars(p) if with_stars else "")


def statistic(x: Any) -> str:
    """A test statistic or other real number to two decimals."""
    return _number(x, 2)


def count(x: Any) -> str:
    """A whole number (events, days, observations)."""
    if x is None or pd.isna(x):
        return EM_DASH
    return f"{round(float(x)):d}"


def fixed(decimals: int) -> Callable[[Any], str]:
    """Formatter of a real number with ``decimals`` decimals (prices, published figures)."""

    def fmt(x: Any) -> str:
        return _number(x, decimals)

    return fmt


def _plain(x: Any) -> str:
    if x is None or (not isinstance(x, str) and pd.isna(x)) or x == "":
        return EM_DASH
    if isinstance(x, float | np.floating):
        return f"{float(x):.4g}"
    return str(x)


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    PERCENT: percent, P: pvalue, STAT: statistic, COUNT: count, TEXT: _plain,
}


def header(name: Any, *, primary: str | None = None) -> str:
    """The header in words of column ``name`` (:data:`COLUMNS`)."""
    if name == primary:
        return PRIMARY_P_LABEL
    if isinstance(name, str) and name in COLUMNS:
        return COLUMNS[name][0]
    return str(name).replace("_", " ")


Kind = str | Callable[[Any], str]


def _kind(name: Any, column: pd.Series, kinds: Mapping[Any, Kind]) -> Kind:
    if name in kinds:
        return kinds[name]
    if isinstance(name, str) and name in COLUMNS:
        kind = COLUMNS[name][1]
        if kind != TEXT and not pd.api.types.is_numeric_dtype(column):
            return TEXT  # e.g. caar.csv's `statistic` names a test
        return kind
    if isinstance(name, str) and name.startswith("p_") and pd.api.types.is_numeric_dtype(column):
        return P  # p-values of further tests, e.g. from primary_with_robustness
    return TEXT


def _base(key: Any, primary: str | None = None) -> Any:
    """The level of a (pivoted) column key that names what it holds: the first level
    that is a known column, else the top one."""
    if not isinstance(key, tuple):
        return key
    known = [k for k in key if isinstance(k, str) and (k in COLUMNS or k == primary)]
    return known[0] if known else key[0]


def table(
    frame: pd.DataFrame,
    *,
    primary: str | None = "p_value",
    kinds: Mapping[Any, Kind] | None = None,
    labels: Mapping[str, str] | None = None,
    caption: str | None = None,
    index: bool | None = None,
) -> Styler:
    """The report's view of ``frame``: numbers formatted by kind, headers in words.

    Parameters
    ----------
    frame : DataFrame
        A table read from the project's CSVs (flat or pivoted; pivoted columns are
        formatted by their top level).
    primary : str or None
        The column holding the primary test's p-values: shown as "p (primary)" with
        :data:`STARS`. ``None`` when the table has no primary test (robustness tests).
    kinds : mapping, optional
        Column -> kind (``"percent"``, ``"p"``, ``"stat"``, ``"count"``, ``"text"``) for
        columns :data:`COLUMNS` does not know or should treat otherwise, or a formatter
        (e.g. :func:`fixed`).
    labels : mapping, optional
        Column -> header, overriding :data:`COLUMNS`.
    caption : str, optional
        Shown above the table; the stars' meaning is added when stars are shown.
    index : bool, optional
        Show the row index; default only when it is not a plain range.

    Returns
    -------
    Styler
    """
    kinds = dict(kinds or {})
    labels = dict(labels or {})
    shown = frame.copy().infer_objects()  # pivots of mixed columns come out as objects
    if index is None:
        index = not isinstance(shown.index, pd.RangeIndex)
    if index:
        shown.index.names = [labels.get(n, header(n)) if n is not None else None
                             for n in shown.index.names]
    formatters: dict[Any, Callable[[Any], str]] = {}
    starred = False
    text_columns: list[int] = []
    for position, key in enumerate(shown.columns):
        base = _base(key, primary)
        kind = _kind(base, shown[key], kinds)
        if kind == TEXT:
            text_columns.append(position)
        if base == primary and kind == P:
            formatters[key] = _starred
            starred = True
        else:
            formatters[key] = kind if callable(kind) else _FORMATTERS[kind]
    styler = Styler(shown, uuid=_uuid(shown, caption), cell_ids=False)
    styler.format(formatters)
    if text_columns:  # words read from the left, numbers line up on the right
        styler.set_table_styles([{"selector": f"td.col{i}, th.col_heading.col{i}",
                                  "props": "text-align: left;"} for i in text_columns],
                                overwrite=False)
    if any(n is not None for n in shown.columns.names):
        shown.columns.names = [header(n) if n is not None else None for n in shown.columns.names]
    styler.format_index(lambda v: labels.get(v, header(v, primary=primary)), axis=1)
    if index:
        styler.format_index(_plain, axis=0)
    else:
        styler.hide(axis="index")
    text = " ".join(t for t in (caption, STARS_NOTE if starred else None) if t)
    if text:
        styler.set_caption(text)
    return styler.set_table_attributes('class="analysis-table"')


def _starred(p: Any) -> str:
    return pvalue(p, with_stars=True)


def _uuid(frame: pd.DataFrame, caption: str | None) -> str:
    # Derived from the content, so re-running a notebook writes the same HTML.
    digest = hashlib.sha1(frame.to_csv().encode("utf-8") + str(caption).encode("utf-8"))
    return digest.hexdigest()[:10]


@dataclass(frozen=True)
class HTML:
    """A block of HTML that IPython displays as such (``_repr_html_``)."""

    body: str

    def _repr_html_(self) -> str:
        return self.body


def _html(view: Styler | pd.DataFrame, **options: Any) -> str:
    styler = view if isinstance(view, Styler) else table(view, **options)
    return styler.to_html()


def compact(
    frame: pd.DataFrame,
    *,
    max_rows: int = MAX_VISIBLE_ROWS,
    top: int = TOP_ROWS,
    what: str = "rows",
    **options: Any,
) -> HTML:
    """``frame`` through :func:`table`; past ``max_rows`` rows only the ``top`` first
    rows are shown (none when ``top`` is 0), and the whole table sits behind a collapsed
    ``<details>``.

    Parameters
    ----------
    frame : DataFrame
        The table.
    max_rows : int
        Longest table shown whole.
    top : int
        Rows shown above the collapsed full table.
    what : str
        What a row is, for the summary line ("events", "days"...).
    **options
        Passed to :func:`table`.

    Returns
    -------
    HTML
    """
    if len(frame) <= max_rows:
        return HTML(_html(frame, **options))
    head = _html(frame.head(top), **options) if top > 0 else ""
    shown = f" (the first {top} are shown above)" if top > 0 else ""
    full = _html(frame, **options)
    return HTML(
        f"{head}\n<details class=\"analysis-more\"><summary>All {len(frame)} "
        f"{html.escape(what)}{shown}</summary>\n{full}\n</details>"
    )


def split(
    frame: pd.DataFrame,
    by: str = "ticker",
    *,
    titles: Mapping[str, str] | None = None,
    **options: Any,
) -> HTML:
    """One table per value of ``by`` (default: per asset), each through :func:`compact`.

    Parameters
    ----------
    frame : DataFrame
        The table; the ``by`` column is dropped from each part (it is in the title).
    by : str
        Column to split on, in order of appearance.
    titles : mapping, optional
        Value -> title (e.g. ticker -> asset name); default the value itself.
    **options
        Passed to :func:`compact` and :func:`table`.

    Returns
    -------
    HTML
    """
    if by not in frame.columns:
        raise AnalysisError(f"table: no column {by!r} to split on")
    titles = dict(titles or {})
    parts = []
    for value, part in frame.groupby(by, sort=False):
        name = titles.get(value, str(value))
        body = compact(part.drop(columns=by).reset_index(drop=True), **options).body
        parts.append(f"<h4>{html.escape(name)}</h4>\n{body}")
    if not parts:
        return HTML("<p><em>No rows.</em></p>")
    return HTML("\n".join(parts))


_REASON_KINDS: tuple[tuple[str, str, str], ...] = (
    # (pattern on the reason text, singular, plural)
    (r"^month-precision", "month-level event", "month-level events"),
    (r"^week-precision|^date range", "week range", "week ranges"),
    (r"^year-precision", "year-level event", "year-level events"),
)


def _reason_kind(reason: str) -> tuple[str, str] | None:
    for pattern, one, many in _REASON_KINDS:
        if re.search(pattern, reason):
            return one, many
    return None


def no_day0_lines(cars: pd.DataFrame, *, source: str = "events.csv") -> str:
    """One Markdown line per reason why events have no CAR, instead of their NaN rows.

    Parameters
    ----------
    cars : DataFrame
        The CAR table (``event_id``, ``car``, ``reason``), any number of assets and
        models; each event is counted once per reason kind.
    source : str
        Where the events are listed in full.

    Returns
    -------
    str
        Markdown ("" when every event has a CAR), e.g. "12 month-level events, 5 week
        ranges: no single day 0; listed in events.csv".
    """
    require_columns(cars, ("event_id", "car", "reason"), "CAR table")
    empty = cars[cars["car"].isna() & cars["reason"].notna()]
    if empty.empty:
        return ""
    known: dict[tuple[str, str], set[str]] = {}
    other: dict[str, set[str]] = {}
    for event, reason in zip(empty["event_id"], empty["reason"].astype(str), strict=True):
        kind = _reason_kind(reason)
        if kind is None:
            other.setdefault(reason, set()).add(str(event))
        else:
            known.setdefault(kind, set()).add(str(event))
    lines = []
    if known:
        parts = [f"{len(ids)} {one if len(ids) == 1 else many}"
                 for (one, many), ids in known.items()]
        lines.append(f"{', '.join(parts)}: no single day 0; listed in `{source}`.")
    lines += [f"{len(ids)} event(s): {reason}." for reason, ids in other.items()]
    return "\n\n".join(lines)


def primary_with_robustness(
    battery: pd.DataFrame,
    keys: Sequence[str],
    columns: Sequence[str] = ("n_events", "caar", "se", "p_value"),
) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per CAAR of the primary test, the other tests' p-values beside it.

    Parameters
    ----------
    battery : DataFrame
        A CAAR battery (``caar.csv`` or ``study_battery``: ``statistic``, ``primary``,
        ``p_value`` and ``keys``).
    keys : sequence of str
        Columns identifying one CAAR (e.g. study, ticker, group).
    columns : sequence of str
        Columns of the primary row kept.

    Returns
    -------
    (DataFrame, dict)
        The table, and header labels for the added ``p_<test>`` columns.
    """
    keys = list(keys)
    primary = battery[battery["primary"].astype(bool)]
    out = primary.loc[:, [*keys, *columns]].reset_index(drop=True)
    labels: dict[str, str] = {}
    for test in dict.fromkeys(battery.loc[~battery["primary"].astype(bool), "statistic"]):
        rows = battery[battery["statistic"] == test].loc[:, [*keys, "p_value"]]
        out = out.merge(rows.rename(columns={"p_value": f"p_{test}"}), on=keys, how="left")
        labels[f"p_{test}"] = f"p ({test})"
    return out, labels


def with_car(cars: pd.DataFrame) -> pd.DataFrame:
    """The rows of a CAR table that have a CAR (the others go to :func:`no_day0_lines`)."""
    return cars[cars["car"].notna()]


def drop_empty(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` without those of ``columns`` that are empty on every row."""
    gone = [c for c in columns if c in frame.columns
            and (frame[c].isna() | (frame[c].astype("string") == "")).all()]
    return frame.drop(columns=gone)
