"""Month-only stamps as hard windows: the day comes from links to dated articles, never
from outside the month (invented sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.text.mentions import analyse_article
from analysis.text.pubdates.periods import day_in_month
from analysis.text.pubdates.rounds import date_articles
from analysis.text.pubdates.stamps import PublicationDate

# (dated article, month-stamped article) in each language: the same blacklisting of a
# company, on a Wednesday in the first and "yesterday" in the second.
PAIRS = {
    "en": ("The Commerce Department put Huawei on its entity list on Wednesday.",
           "Washington put Huawei on a trade blacklist yesterday, barring US suppliers."),
    "de": ("Das Handelsministerium setzte Huawei am Mittwoch auf die schwarze Liste.",
           "Washington setzte Huawei gestern auf eine schwarze Liste."),
    "fr": ("Le département du Commerce a placé Huawei mercredi sur sa liste noire.",
           "Washington a placé hier Huawei sur une liste noire."),
    "es": ("El Departamento de Comercio incluyó a Huawei el miércoles en su lista negra.",
           "Washington incluyó ayer a Huawei en una lista negra."),
}


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_a_link_gives_a_month_stamp_its_day(lang: str) -> None:
    dated, monthly = PAIRS[lang]
    a = analyse_article("a", " date 2019-08-09 " + dated, lang)  # Wednesday = Aug 7
    b = analyse_article("b", " date 2019-08 " + monthly, lang)
    pub = date_articles([a, b], [])["b"]
    assert pub.precision == "day" and pub.date == dt.date(2019, 8, 8)
    assert pub.evidence.startswith("date 2019-08 refined by")


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_the_month_is_a_hard_window(lang: str) -> None:
    # the link would put the page on Aug 8, but the page says September: it stays a month
    dated, monthly = PAIRS[lang]
    a = analyse_article("a", " date 2019-08-09 " + dated, lang)
    b = analyse_article("b", " date 2019-09 " + monthly, lang)
    pub = date_articles([a, b], [])["b"]
    assert pub.precision == "month" and pub.date == dt.date(2019, 9, 1)


def test_day_stamps_and_unknowns_pass_through() -> None:
    b = analyse_article("b", "Washington put Huawei on a trade blacklist yesterday.", "en")
    day = PublicationDate(dt.date(2019, 8, 8), "day", "dateline", dt.date(2019, 8, 8),
                          dt.date(2019, 8, 8), "date 2019-08-08")
    assert day_in_month(b, day, []) is day
    month = PublicationDate(dt.date(2019, 8, 1), "month", "dateline", dt.date(2019, 8, 1),
                            dt.date(2019, 8, 31), "date 2019-08")
    assert day_in_month(b, month, []) is month  # nothing to link to: the month stands


def test_a_month_from_the_metadata_is_never_re_read() -> None:
    dated, monthly = PAIRS["en"]
    a = analyse_article("a", " date 2019-08-09 " + dated, "en")
    b = analyse_article("b", monthly, "en")
    meta = PublicationDate(dt.date(2019, 8, 1), "month", "metadata", dt.date(2019, 8, 1),
                           dt.date(2019, 8, 31), "metadata.csv: 2019-08")
    pub = date_articles([a, b], [], {"b": meta})["b"]
    assert pub.source == "metadata" and pub.precision == "month"
