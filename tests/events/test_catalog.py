"""The curated catalog: shipped file, validation, consistency checks, linking."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.events.catalog import (
    CATALOG_COLUMNS,
    build_catalog,
    consistency_report,
    link_events,
    load_catalog,
    validate_catalog,
)
from analysis.io import AnalysisError

REFERENCE = config.ROOT.parent / "shared" / "reference" / "trade_war_timeline_2018_2020.csv"


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_catalog", config.ROOT / "scripts" / "build_catalog.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog(config.CURATED_CATALOG_CSV)


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)


def test_shipped_catalog_schema(catalog: pd.DataFrame) -> None:
    assert tuple(catalog.columns) == CATALOG_COLUMNS
    assert len(catalog) == 55
    assert catalog["catalog_id"].is_unique
    assert "TW-2019-05-05-tariff" in set(catalog["catalog_id"])
    shanghai = catalog.set_index("catalog_id").loc["TW-2019-07-31-talks"]
    assert (shanghai["span_start"], shanghai["span_end"]) == ("2019-07-30", "2019-07-31")
    assert list(catalog["date"]) == sorted(catalog["date"])


def test_shipped_catalog_keeps_reference_facts(catalog: pd.DataFrame,
                                               reference: pd.DataFrame) -> None:
    facts = ["date", "timing", "timing_note", "category", "direction", "confirmation"]
    ref = reference.sort_values(["date", "category"]).reset_index(drop=True)
    cat = catalog.sort_values(["date", "category"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(cat[facts], ref[facts])
    assert list(cat["sources"]) == [" ".join(s.split()) for s in ref["sources"]]


def test_descriptions_are_our_own_words(catalog: pd.DataFrame,
                                        reference: pd.DataFrame) -> None:
    notes = dict(zip(zip(reference["date"], reference["category"], strict=True),
                     reference["notes"], strict=True))
    for row in catalog.to_dict("records"):
        note = notes[(row["date"], row["category"])]
        desc = row["description"]
        match = difflib.SequenceMatcher(None, desc.lower(), note.lower()).find_longest_match()
        # shared runs are names and numbers ("Section 301", "on $200bn"), never phrasing
        assert match.size < 30, (row["catalog_id"], desc[match.a:match.a + match.size])
        assert desc != note


def test_shipped_catalog_is_internally_consistent(catalog: pd.DataFrame) -> None:
    assert consistency_report(catalog) == []


def test_script_rebuilds_the_shipped_file(reference: pd.DataFrame,
                                          catalog: pd.DataFrame) -> None:
    script = _script()
    built = build_catalog(reference, script.DESCRIPTIONS, script.SPANS)
    pd.testing.assert_frame_equal(built, catalog)


def _write(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("catalog_id", "TW-2018-03-01-tariff", "duplicate catalog_id"),
        ("date", "2019-02-30", "not a valid"),
        ("category", "weather", "category 'weather' not one of"),
        ("timing", "lunchtime", "timing 'lunchtime' not one of"),
        ("direction", "sideways", "direction"),
        ("confirmation", "MAYBE", "confirmation"),
        ("description", "", "empty description"),
    ],
)
def test_validation_names_file_and_line(tmp_path: Path, catalog: pd.DataFrame, column: str,
                                        value: str, message: str) -> None:
    bad = catalog.copy()
    bad.loc[3, column] = value
    path = _write(bad, tmp_path / "cat.csv")
    with pytest.raises(AnalysisError, match=rf"cat\.csv line 5: .*{message}"):
        load_catalog(path)


def test_validation_missing_column_and_file(tmp_path: Path, catalog: pd.DataFrame) -> None:
    path = _write(catalog.drop(columns="sources"), tmp_path / "cat.csv")
    with pytest.raises(AnalysisError, match="missing column"):
        load_catalog(path)
    with pytest.raises(AnalysisError, match="file not found"):
        load_catalog(tmp_path / "nope.csv")
    with pytest.raises(AnalysisError, match="outside its span"):
        bad = catalog.copy()
        bad.loc[0, "span_end"] = "2017-01-01"
        validate_catalog(bad, "x.csv")


def test_build_requires_a_description_for_each_row(reference: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="no description"):
        build_catalog(reference, {}, {})


def test_consistency_report_flags_problems(catalog: pd.DataFrame) -> None:
    bad = catalog.head(3).copy()
    # 2018-03-01 is a Thursday session: calling it a non-trading day is wrong
    bad.loc[0, "timing"] = "non_trading_day"
    bad.loc[1, "timing_note"] = "Sunday tweet"
    bad.loc[2, "date"] = bad.loc[1, "date"]
    bad.loc[2, "category"] = bad.loc[1, "category"]
    sessions = pd.bdate_range("2018-01-01", "2018-12-31").strftime("%Y-%m-%d")
    issues = consistency_report(bad, sessions=sessions)
    assert any("non_trading_day" in i for i in issues)
    assert any("names sunday" in i for i in issues)
    assert sum("duplicate" in i for i in issues) == 2


def _events(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "date_end", "category", "substance"])


def test_link_events(catalog: pd.DataFrame) -> None:
    events = _events([
        ("2019-07-30", "2019-07-30", "talks", ""),          # inside the Shanghai span
        ("2019-09-01", "2019-09-01", "tariff", ""),         # exact day
        ("2019-09-01", "2019-09-01", "talks", ""),          # wrong category
        ("2019-06", "2019-06-30", "talks", "g20"),           # month, narrowed by key
        ("2019-06", "2019-06-30", "talks", ""),              # month, two candidates
        ("2019-07-22", "2019-07-22", "tech", "huawei"),     # nothing that day
        ("", "", "talks", ""),                               # undated
    ])
    events.loc[3, "date"] = "2019-06-01"
    events.loc[4, "date"] = "2019-06-01"
    out = link_events(events, catalog)
    assert list(out["catalog_id"]) == [
        "TW-2019-07-31-talks", "TW-2019-09-01-tariff", "", "TW-2019-06-29-talks", "", "", "",
    ]
    assert out.loc[4, "catalog_candidates"] == "TW-2019-06-18-talks;TW-2019-06-29-talks"


def test_build_catalog_names_every_missing_reference_column() -> None:
    reference = pd.DataFrame({"date": ["2019-05-10"], "category": ["tariff"]})
    with pytest.raises(AnalysisError,
                       match=r"^reference timeline: missing column\(s\) timing, "):
        build_catalog(reference, {})


def test_validate_catalog_names_the_file_and_every_missing_column(
        catalog: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match=r"^cat\.csv: missing column\(s\) sources$"):
        validate_catalog(catalog.drop(columns="sources"), "cat.csv")
