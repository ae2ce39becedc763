"""The dating timeline: shipped file, schema check, merge with the catalog, the refresh
script, and the two-tier use of its anchors in the publication-date step."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.events.catalog import CATALOG_COLUMNS, consistency_report, load_catalog
from analysis.events.dating import (
    TIMELINE_COLUMNS,
    curated_mismatches,
    load_dating_anchor_table,
    load_dating_timeline,
    merge_timeline,
    validate_timeline,
)
from analysis.events.pipeline import build_tables, prefer_catalog_day
from analysis.io import AnalysisError
from analysis.text.pubdates.stamps import UNKNOWN_PUBLICATION, PublicationDate


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return load_dating_timeline(config.DATING_TIMELINE_CSV)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog(config.CURATED_CATALOG_CSV)


# ----------------------------------------------------------------------------------------
# The shipped file


def test_shipped_timeline_holds_the_catalog_unchanged(timeline, catalog) -> None:
    assert list(timeline.columns) == list(TIMELINE_COLUMNS)
    assert curated_mismatches(timeline, catalog) == []
    assert (timeline["origin"] == "curated").sum() == len(catalog)


def test_shipped_added_rows_are_sourced_and_in_span(timeline) -> None:
    added = timeline[timeline["origin"] == "added"]
    assert len(added) >= 50
    assert added["date"].min() >= "2018-03-01"
    assert added["date"].max() <= "2020-01-31"
    assert added["source"].str.match(r"^https?://").all()
    assert all(s in u.split() for s, u in zip(added["source"], added["sources"], strict=True))
    assert set(added["category"]) <= {"talks", "tariff", "agriculture", "tech", "currency"}


def test_shipped_timeline_is_consistent_with_weekdays_and_sessions(timeline) -> None:
    assert consistency_report(timeline) == []


def test_shipped_timeline_is_sorted_and_ids_unique(timeline) -> None:
    keys = list(zip(timeline["date"], timeline["catalog_id"], strict=True))
    assert keys == sorted(keys)
    assert timeline["catalog_id"].is_unique


# ----------------------------------------------------------------------------------------
# Schema check: one line naming the file, the line and the problem


def _frame(timeline: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    return timeline.head(n).copy().reset_index(drop=True)


@pytest.mark.parametrize(("column", "value", "needle"), [
    ("source", "not a url", "source 'not a url' is not an http(s) URL"),
    ("source", "https://elsewhere.example/x", "is not one of its sources"),
    ("origin", "guessed", "origin 'guessed' not one of curated, added"),
    ("date", "2019-02-30", "date '2019-02-30' is not a valid YYYY-MM-DD day"),
    ("category", "weather", "category 'weather' not one of"),
])
def test_bad_rows_give_one_line_errors(timeline, tmp_path, column, value, needle) -> None:
    df = _frame(timeline)
    df.loc[1, column] = value
    path = tmp_path / "tl.csv"
    df.to_csv(path, index=False)
    with pytest.raises(AnalysisError) as err:
        load_dating_timeline(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(f"{path} line 3: ")
    assert needle in msg


def test_bad_sources_entry_is_named(timeline, tmp_path) -> None:
    df = _frame(timeline)
    df.loc[0, "sources"] = f"{df.loc[0, 'source']} ftp://old.example/file"
    path = tmp_path / "tl.csv"
    df.to_csv(path, index=False)
    with pytest.raises(AnalysisError, match=r"line 2: sources entry 'ftp://old.example/file'"):
        load_dating_timeline(path)


def test_missing_column_and_empty_file(timeline, tmp_path) -> None:
    path = tmp_path / "tl.csv"
    _frame(timeline).drop(columns=["origin"]).to_csv(path, index=False)
    with pytest.raises(AnalysisError, match=r"tl.csv: missing column\(s\) origin$"):
        load_dating_timeline(path)
    _frame(timeline).head(0).to_csv(path, index=False)
    with pytest.raises(AnalysisError, match=r"tl.csv: no rows$"):
        load_dating_timeline(path)


def test_second_row_of_a_kind_on_one_day_is_refused(timeline) -> None:
    df = _frame(timeline, 2)
    twin = df.iloc[[0]].copy()
    twin["catalog_id"] = f"{twin.iloc[0]['catalog_id']}-2"
    df = pd.concat([df, twin], ignore_index=True)
    with pytest.raises(AnalysisError, match=r"x.csv line 4: a second \w+ row on"):
        validate_timeline(df, "x.csv")


# ----------------------------------------------------------------------------------------
# Merge and refresh


def _added(**kw: str) -> dict[str, str]:
    row = {"date": "2019-03-14", "span_start": "", "span_end": "", "timing": "unknown",
           "timing_note": "Thursday; time of day not established from the source",
           "category": "talks", "direction": "neutral", "confirmation": "PARTIAL",
           "description": "An invented phone call between negotiators.",
           "sources": "https://example.org/a https://example.org/b"}
    return {**row, **kw}


def test_merge_copies_the_catalog_and_adds_rows(catalog) -> None:
    day = catalog.iloc[0]
    extra = [_added(), _added(date=day["date"], category="currency", timing=day["timing"],
                             timing_note=day["timing_note"])]
    out = merge_timeline(catalog, extra)
    validate_timeline(out, "merged")
    assert curated_mismatches(out, catalog) == []
    new = out[out["origin"] == "added"].set_index("date")
    row = new.loc["2019-03-14"]
    assert row["catalog_id"] == "TW-2019-03-14-talks"
    assert (row["span_start"], row["span_end"]) == ("2019-03-14", "2019-03-14")
    assert row["source"] == "https://example.org/a"
    assert out["date"].is_monotonic_increasing


def test_merge_suffixes_a_taken_id(catalog) -> None:
    first = catalog.iloc[0]
    out = merge_timeline(catalog.head(1), [_added(date=first["date"],
                                                  category=first["category"])])
    assert sorted(out["catalog_id"]) == [first["catalog_id"], f"{first['catalog_id']}-2"]


def test_curated_mismatches_name_changed_and_missing_rows(timeline, catalog) -> None:
    changed = timeline.copy()
    first = changed.index[changed["origin"] == "curated"][0]
    changed.loc[first, "direction"] = "neutral" if changed.loc[first, "direction"] != \
        "neutral" else "escalation"
    cid = changed.loc[first, "catalog_id"]
    assert curated_mismatches(changed, catalog) == [f"{cid}: differs from the catalog in "
                                                    "direction"]
    dropped = timeline[timeline["catalog_id"] != cid]
    assert curated_mismatches(dropped, catalog) == [f"{cid}: catalog row missing from "
                                                    "the timeline"]


def test_refresh_script_is_idempotent_on_the_shipped_file(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_dating_timeline", config.ROOT / "scripts" / "build_dating_timeline.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    copy = tmp_path / "timeline.csv"
    shutil.copy(config.DATING_TIMELINE_CSV, copy)
    assert module.main([str(copy), str(config.CURATED_CATALOG_CSV)]) == 0
    assert copy.read_bytes() == config.DATING_TIMELINE_CSV.read_bytes()


def test_anchor_table_defaults_to_the_catalog(catalog) -> None:
    assert load_dating_anchor_table(None, catalog) is catalog
    table = load_dating_anchor_table(config.DATING_TIMELINE_CSV, catalog)
    assert set(CATALOG_COLUMNS) <= set(table.columns)
    assert len(table) > len(catalog)


# ----------------------------------------------------------------------------------------
# Two tiers: the catalog's day first, the timeline's day only where the catalog has none


def _pub(day: str | None, precision: str, lo: str | None = None,
         hi: str | None = None) -> PublicationDate:
    d = dt.date.fromisoformat(day) if day else None
    return PublicationDate(d, precision, "inferred", dt.date.fromisoformat(lo) if lo else d,
                           dt.date.fromisoformat(hi) if hi else d, "invented")


def test_a_catalog_day_is_kept() -> None:
    first = _pub("2019-06-18", "day")
    assert prefer_catalog_day(first, _pub("2018-12-28", "day")) is first


def test_the_timeline_refines_a_month_stamp_within_it() -> None:
    month = _pub("2019-12-01", "month", "2019-12-01", "2019-12-31")
    inside = _pub("2019-12-31", "day")
    assert prefer_catalog_day(month, inside) is inside
    assert prefer_catalog_day(month, _pub("2020-01-02", "day")) is month


def test_the_timeline_chooses_only_inside_a_range_the_catalog_left() -> None:
    wider = _pub("2019-03-29", "day")
    # No range at all: weak evidence against a dense timeline is not enough for a day.
    assert prefer_catalog_day(UNKNOWN_PUBLICATION, wider) is UNKNOWN_PUBLICATION
    ranged = _pub(None, "unknown", "2019-01-27", "2019-05-18")
    assert prefer_catalog_day(ranged, _pub("2019-05-19", "day")) is ranged
    assert prefer_catalog_day(ranged, wider) is wider
    assert prefer_catalog_day(ranged, _pub(None, "unknown")) is ranged
    assert prefer_catalog_day(ranged, None) is ranged


# ----------------------------------------------------------------------------------------
# The command line


def test_events_names_a_bad_timeline_in_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "timeline.csv"
    bad.write_text("catalog_id,date\nTW-2019-01-01-talks,2019-01-01\n", encoding="utf-8")
    code = main(["events", "--out", str(tmp_path / "out"), "--dating-timeline", str(bad)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error: ")
    assert str(bad) in err[0] and "missing column(s)" in err[0]
    assert not (tmp_path / "out" / "events.csv").exists()


def test_seed_tables_do_not_depend_on_the_timeline() -> None:
    """The seeds are dated to the day by the catalog, so the second tier changes
    nothing: the three tables are the same with and without the timeline."""
    plain = build_tables(config.SEEDS_DIR, config.CURATED_CATALOG_CSV, config.OVERRIDES_CSV)
    wide = build_tables(config.SEEDS_DIR, config.CURATED_CATALOG_CSV, config.OVERRIDES_CSV,
                        dating_path=config.DATING_TIMELINE_CSV)
    for name in ("articles", "mentions", "events"):
        pd.testing.assert_frame_equal(getattr(plain, name), getattr(wide, name))


# Invented reports of one event that only the timeline holds (2019-03-07, a Thursday:
# Huawei sues the US government over its procurement ban), in three languages, each
# under a month-only page stamp: the catalog has nothing that month, so its tier leaves
# the month open, and the timeline tier picks the day inside it.
_INVENTED = {
    "en": ("Huawei takes the US government to court\n\nChina's Huawei sued the United "
           "States government on Thursday, challenging a law that bars federal agencies "
           "from buying its telecommunications equipment.\n\nThe company called the ban "
           "unconstitutional.\n"),
    "sv": ("Huawei stämmer den amerikanska staten\n\nKinesiska Huawei stämde i torsdags "
           "den amerikanska staten för en lag som förbjuder federala myndigheter att köpa "
           "bolagets teleutrustning.\n\nBolaget kallar förbudet grundlagsstridigt.\n"),
    "de": ("Huawei verklagt die US-Regierung\n\nDer chinesische Konzern Huawei hat am "
           "Donnerstag die US-Regierung verklagt, weil ein Gesetz Bundesbehörden den Kauf "
           "seiner Netzwerktechnik verbietet.\n\nDas Verbot sei verfassungswidrig.\n"),
}


def test_an_event_only_the_timeline_holds_dates_invented_reports(tmp_path) -> None:
    for lang, text in _INVENTED.items():
        (tmp_path / f"{lang}_report.txt").write_text(" date 2019-03 " + text,
                                                     encoding="utf-8")
    plain = build_tables(tmp_path, config.CURATED_CATALOG_CSV, None).articles
    wide = build_tables(tmp_path, config.CURATED_CATALOG_CSV, None,
                        dating_path=config.DATING_TIMELINE_CSV).articles
    assert set(plain["language"]) == set(_INVENTED)
    assert (plain["published_precision"] == "month").all(), plain["published_precision"]
    # Within the corpus's +-1 day: the matcher's window around a row is a day each side
    # (the Swedish "i torsdags" lands on 2019-03-06, a day early: a known slack).
    assert wide["published"].between("2019-03-06", "2019-03-08").all(), wide["published"]
    assert wide["published_evidence"].str.contains("catalog match").all()


def test_without_any_range_the_timeline_dates_nothing(tmp_path) -> None:
    # No stamp, no dateline: a weekday and a category against the dense timeline could
    # fit many days, so the reports stay undated rather than get a chance day.
    for lang, text in _INVENTED.items():
        (tmp_path / f"{lang}_report.txt").write_text(text, encoding="utf-8")
    wide = build_tables(tmp_path, config.CURATED_CATALOG_CSV, None,
                        dating_path=config.DATING_TIMELINE_CSV).articles
    assert (wide["published"] == "").all(), wide["published"]
