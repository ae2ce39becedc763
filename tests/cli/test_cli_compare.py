"""``python -m analysis study`` on the ten tickers and ``python -m analysis compare``,
end to end on the real snapshot into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.market import calendars
from analysis.report.literature import LITERATURE_COLUMNS
from analysis.study.crossasset import CONTRAST_COLUMNS, DIRECTION_COLUMNS
from analysis.study.stattests import PRIMARY_TEST

TEN = ",".join(config.CROSS_ASSET_TICKERS)


@pytest.fixture(scope="module")
def priced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Default ``prices`` (all ten tickers)."""
    root = tmp_path_factory.mktemp("compare")
    interim = root / "interim"
    assert main(["prices", "--out", str(interim)]) == 0
    return {"root": root, "interim": interim}


@pytest.fixture(scope="module")
def built(priced: dict[str, Path]) -> dict[str, Path]:
    """:func:`priced` and the cross-asset study of the catalog on the ten tickers."""
    interim, study = priced["interim"], priced["root"] / "crossasset"
    assert main(["study", "--events", str(config.CURATED_CATALOG_CSV), "--tickers", TEN,
                 "--returns-file", str(interim / "returns.csv"),
                 "--quality-file", str(interim / "quality.csv"),
                 "--permutations", "50", "--out", str(study)]) == 0
    return {**priced, "study": study}


@pytest.mark.slow  # prices and the study on all ten tickers (fixture): make test-fast skips it
def test_study_writes_cars_for_every_ticker(built: dict[str, Path]) -> None:
    cars = pd.read_csv(built["study"] / "event_study.csv", dtype={"ticker": str})
    catalog = pd.read_csv(config.CURATED_CATALOG_CSV)
    assert set(cars["ticker"]) == set(config.CROSS_ASSET_TICKERS)
    for ticker, group in cars.groupby("ticker"):
        assert set(group["event_id"]) == set(catalog["catalog_id"]), ticker
        assert group["car"].notna().mean() > 0.9, ticker
        expected = set(config.DEFAULT_MODELS[ticker])
        assert set(group["model"]) == expected, ticker
    # Futures use their exchange's calendar, the index and the ETF the NYSE's.
    for ticker in config.CROSS_ASSET_TICKERS:
        name = calendars.calendar_name(ticker)
        assert (name == "NYSE") == (not ticker.endswith("=F")), (ticker, name)
    # Sunday news: day 0 is Monday on every exchange.
    sunday = cars[(cars["event_id"] == "TW-2018-04-01-tariff") & (cars["window"] == "0:0")]
    assert set(sunday["day0"]) == {"2018-04-02"}


@pytest.mark.slow  # needs the ten-ticker study of the module fixture: make test-fast skips it
def test_compare_writes_the_three_tables(built: dict[str, Path], capsys: pytest.CaptureFixture
                                         ) -> None:
    out = built["root"] / "out"
    code = main(["compare", "--prices-file", str(built["interim"] / "prices.csv"),
                 "--returns-file", str(built["interim"] / "returns.csv"),
                 "--study-dir", str(built["study"]), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "agrees 7, disagrees 0, not comparable 2" in printed
    assert "primary test" in printed and "soybean_spread_events.csv" in printed
    lit = pd.read_csv(out / "literature.csv")
    assert tuple(lit.columns) == LITERATURE_COLUMNS
    press = lit[lit["claim_id"].str.match(r"^(wsj|star|axios|farm)-")]
    assert len(press) == 7 and press["agrees"].all()
    assert set(lit.loc[~lit.index.isin(press.index), "verdict"]) == {"not comparable"}
    assert {"agkw-2021-next-session", "akw-2020-day0"} <= set(lit["claim_id"])

    cross = pd.read_csv(out / "crossasset_caar.csv", dtype={"window": str})
    assert tuple(cross.columns) == DIRECTION_COLUMNS
    assert set(cross["ticker"]) == set(config.CROSS_ASSET_TICKERS)
    assert set(cross["direction"]) == {"escalation", "de-escalation"}
    for ticker, group in cross.groupby("ticker"):
        assert set(group["model"]) == {config.CROSS_ASSET_MODELS[ticker]}
    assert (cross["ci_low"] <= cross["caar"]).all() and (cross["caar"] <= cross["ci_high"]).all()

    contrast = pd.read_csv(out / "soybean_contrast.csv", dtype={"window": str})
    assert tuple(contrast.columns) == CONTRAST_COLUMNS
    assert set(contrast["direction"]) == {"escalation", "de-escalation",
                                         "escalation minus de-escalation"}
    # The primary test on the spread for each direction; the difference row has only the
    # naive Welch t.
    one = contrast[contrast["direction"] != "escalation minus de-escalation"]
    assert one["value"].notna().all() and one["naive_t_stat"].notna().all()
    assert set(one["statistic"]) == {PRIMARY_TEST}
    assert (one["n_sessions"] <= one["n_events"]).all()
    assert contrast["naive_t_stat"].notna().all()
    spread = pd.read_csv(out / "soybean_spread_events.csv", dtype={"window": str})
    assert spread["car"].notna().mean() > 0.9


def test_compare_without_a_study_writes_the_literature_only(
        priced: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["compare", "--prices-file", str(priced["interim"] / "prices.csv"),
                 "--returns-file", str(priced["interim"] / "returns.csv"),
                 "--study-dir", str(tmp_path / "none"), "--out", str(tmp_path)])
    assert code == 0
    assert "no cross-asset study" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["literature.csv"]


def test_compare_bad_prices_file_is_a_one_line_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "prices.csv"
    bad.write_text("date,ticker\n2019-01-02,^GSPC\n", encoding="utf-8")
    code = main(["compare", "--prices-file", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: ") and "prices.csv" in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()
