"""The events table: analyst overrides and load_events (analysis.events.table)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.events.merge import merge_mentions
from analysis.events.table import apply_overrides, load_events, load_overrides
from analysis.io import AnalysisError
from tests.events.test_merge import mention_row


def _events() -> pd.DataFrame:
    events, _ = merge_mentions(pd.DataFrame([
        mention_row("a", "2019-07-18", "2019-07-18", "day", "talks"),
        mention_row("a", "2019-09-01", "2019-09-01", "day", "tariff", 10),
    ]))
    return events


def _overrides(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("action,event_id,date,timing,category,direction,note\n" + body)
    return path


def test_overrides_drop_add_fix_and_timing(tmp_path: Path) -> None:
    path = _overrides(tmp_path, (
        "set_timing,EV-2019-09-01-tariff,,non_trading_day,,,Sunday\n"
        "fix_date,EV-2019-07-18-talks,2019-07-19,after_close,,,late call\n"
        "add,EV-2019-08-01-tariff,2019-08-01,during_session,tariff,escalation,tweet\n"
        "drop,EV-2019-09-01-tariff,,,,,\n"
        "drop,EV-2030-01-01-talks,,,,,not there\n"
    ))
    events, notes = apply_overrides(_events(), load_overrides(path), str(path))
    got = events.set_index("event_id")
    assert list(got.index) == ["EV-2019-07-18-talks", "EV-2019-08-01-tariff"]
    fixed = got.loc["EV-2019-07-18-talks"]
    assert (fixed["date"], fixed["timing"]) == ("2019-07-19", "after_close")
    assert fixed["override"] == "fix_date (late call)"
    added = got.loc["EV-2019-08-01-tariff"]
    assert (added["category"], added["direction"], added["timing"], added["evidence"]) == (
        "tariff", "escalation", "during_session", "analyst")
    assert notes == [f"{path} line 6: drop EV-2030-01-01-talks: no such event, skipped"]


def test_override_month_fix_keeps_month_precision(tmp_path: Path) -> None:
    path = _overrides(tmp_path, "fix_date,EV-2019-07-18-talks,2019-07,,,,only the month\n")
    events, _ = apply_overrides(_events(), load_overrides(path))
    row = events.set_index("event_id").loc["EV-2019-07-18-talks"]
    assert (row["date"], row["date_precision"], row["date_end"]) == (
        "2019-07", "month", "2019-07-31")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("explode,EV-1,,,,,\n", "line 2: action 'explode'"),
        ("fix_date,EV-1,2019-13-01,,,,\n", "line 2: date '2019-13-01'"),
        ("set_timing,EV-1,,lunchtime,,,\n", "line 2: timing 'lunchtime'"),
        ("drop,EV-1,,,,,\ndrop,,,,,,\n", "line 3: empty event_id"),
        ("add,EV-1,2019-01-01,,weather,,\n", "line 2: category 'weather'"),
        ("add,EV-1,2019-01-01,,tariff,sideways,\n", "line 2: direction 'sideways'"),
        ('drop,"EV-1\n', "cannot parse CSV"),
    ],
)
def test_malformed_overrides_name_file_and_row(tmp_path: Path, body: str,
                                               message: str) -> None:
    path = _overrides(tmp_path, body)
    with pytest.raises(AnalysisError, match=message) as info:
        load_overrides(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_overrides_file_means_none(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "absent.csv").empty


def test_load_events_accepts_catalog_ids_and_rejects_bad_tables(tmp_path: Path) -> None:
    curated = load_events(config.CURATED_CATALOG_CSV)
    assert curated["event_id"].str.startswith("TW-").all()
    assert curated["event_id"].is_unique
    bad = tmp_path / "ev.csv"
    for body, message in (
        ("event_id,when\na,2019-07-18\n", "missing column(s) date"),
        ("event_id,date\n", "no events"),
        ("event_id,date\na,2019-07-18\na,2019-07-19\n", "duplicated event_id a"),
        ("event_id,date\n ,2019-07-18\n", "empty event_id"),
    ):
        bad.write_text(body)
        with pytest.raises(AnalysisError, match=re.escape(message)):
            load_events(bad)
