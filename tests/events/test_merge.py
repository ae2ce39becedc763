"""Merging mentions into events: stable, content-derived ids (analysis.events.merge)."""

from __future__ import annotations

import pandas as pd

from analysis.events.merge import merge_mentions
from analysis.events.table import EVENT_COLUMNS
from analysis.text.mentions import MENTION_COLUMNS


def mention_row(article: str, date: str, end: str, precision: str, category: str,
             start: int = 0, substance: str = "") -> dict[str, object]:
    row = dict.fromkeys(MENTION_COLUMNS, "")
    row.update(article_id=article, date=date, date_end=end, date_precision=precision,
               category=category, start=start, end=start + 4, text="July",
               direction="neutral", status="occurred", sentence=f"{article} says {category}",
               sentence_start=start, substance=substance, date_source="expression",
               remark=False)
    return row


def test_merge_across_articles_with_stable_ids() -> None:
    mentions = pd.DataFrame([
        mention_row("b", "2019-07-18", "2019-07-18", "day", "talks", 5, "phone_call"),
        mention_row("a", "2019-07-18", "2019-07-18", "day", "talks", 9),
        mention_row("a", "2019-07-18", "2019-07-18", "day", "tariff", 20),
        mention_row("c", "2019-06", "2019-06-30", "month", "talks", 1, "g20"),
        mention_row("a", "2019-07-15", "2019-07-21", "week", "talks", 30),
        mention_row("a", "2019-07-16", "2019-07-22", "week", "agriculture", 40),
        mention_row("a", "", "", "", "talks", 50),
    ])
    events, out = merge_mentions(mentions)
    assert tuple(events.columns) == EVENT_COLUMNS
    assert list(events["event_id"]) == [
        "EV-2019-06-talks", "EV-2019-W29-talks", "EV-2019-07-16-to-07-22-agriculture",
        "EV-2019-07-18-talks", "EV-2019-07-18-tariff",
    ]
    call = events.set_index("event_id").loc["EV-2019-07-18-talks"]
    assert call["articles"] == "a;b" and call["n_mentions"] == 2
    assert call["evidence"].startswith("a@9")
    june = events.set_index("event_id").loc["EV-2019-06-talks"]
    assert (june["date"], june["date_precision"]) == ("2019-06", "month")
    assert list(out["event_id"])[-1] == ""
    # content-derived: shuffling the input changes nothing
    again, _ = merge_mentions(mentions.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(events, again)
