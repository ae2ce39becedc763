"""Publication dates from the optional ``metadata.csv`` sidecar of an articles folder.

May import: ``analysis.io``, ``analysis.text.pubdates.stamps``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.io import AnalysisError, read_csv_checked
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate

METADATA_FILE: str = "metadata.csv"
METADATA_COLUMNS: tuple[str, ...] = ("article_id", "published", "source", "url")


# ----------------------------------------------------------------------------------------
# Metadata sidecar

_PUBLISHED_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _parse_published(value: str) -> tuple[dt.date, str] | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (an ISO timestamp is cut to its date)."""
    value = value.strip()
    if "T" in value[:11] or " " in value[:11]:
        value = value[:10]
    match = _PUBLISHED_RE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)), "day"
        if month is not None:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None


def load_metadata(folder: Path) -> pd.DataFrame:
    """Read the optional ``metadata.csv`` sidecar of an articles folder.

    Parameters
    ----------
    folder : Path
        The articles folder.

    Returns
    -------
    pandas.DataFrame
        ``article_id, published, published_precision, source, url`` (``published`` a
        ``datetime.date`` or ``None``; ``published_precision`` ``day``/``month``/``year``/
        ``unknown``), sorted by ``article_id``. Empty (same columns) when the file is absent.

    Raises
    ------
    AnalysisError
        Naming the file and the row (line number) for an unparsable file, a missing
        ``article_id`` column, an empty or repeated id, or an invalid ``published``.
    """
    path = Path(folder) / METADATA_FILE
    columns = ["article_id", "published", "published_precision", "source", "url"]
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = read_csv_checked(path, required=("article_id",), dtype=str, keep_default_na=False)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        article_id = str(record.get("article_id", "")).strip()
        if not article_id:
            raise AnalysisError(f"{path}: line {line}: empty article_id")
        if article_id.endswith(".txt"):
            article_id = article_id[:-4]
        if article_id in seen:
            raise AnalysisError(f"{path}: line {line}: article_id {article_id} repeated")
        seen.add(article_id)
        published_raw = str(record.get("published", "")).strip()
        if published_raw:
            parsed = _parse_published(published_raw)
            if parsed is None:
                raise AnalysisError(
                    f"{path}: line {line}: published {published_raw!r} is not "
                    "YYYY-MM-DD, YYYY-MM or YYYY"
                )
            published, precision = parsed
        else:
            published, precision = None, "unknown"
        rows.append({
            "article_id": article_id,
            "published": published,
            "published_precision": precision,
            "source": str(record.get("source", "")).strip(),
            "url": str(record.get("url", "")).strip(),
        })
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("article_id", kind="stable").reset_index(drop=True)


def metadata_publication(row: pd.Series | dict[str, Any]) -> PublicationDate:
    """Turn one :func:`load_metadata` row into a :class:`PublicationDate` (source ``metadata``).

    Parameters
    ----------
    row : pandas.Series or dict
        With ``published`` and ``published_precision``.

    Returns
    -------
    PublicationDate
        :data:`UNKNOWN_PUBLICATION` when the row gives no date.
    """
    published = row["published"]
    precision = row["published_precision"]
    if published is None or precision == "unknown" or pd.isna(published):
        return UNKNOWN_PUBLICATION
    if precision == "day":
        latest = published
    elif precision == "month":
        latest = published.replace(day=calendar.monthrange(published.year, published.month)[1])
    else:
        latest = dt.date(published.year, 12, 31)
    return PublicationDate(
        published, precision, "metadata", published, latest,
        f"{METADATA_FILE}: published {published.isoformat()}",
    )
