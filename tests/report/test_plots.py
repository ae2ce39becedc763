"""Figure functions on small synthetic frames, and atomic PNG+SVG saving."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import config
from analysis.io import AnalysisError
from analysis.report import plots

TICKERS = ["^GSPC", "ZS=F"]


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4"],
        "date": ["2019-08-01", "2019-08-05", "2019-08-23", "2019-06"],
        "date_precision": ["day", "day", "day", "month"],
        "category": ["tariff", "currency", "tariff", "talks"],
        "direction": ["escalation", "escalation", "de-escalation", "neutral"],
    })


@pytest.fixture
def prices() -> pd.DataFrame:
    dates = pd.bdate_range("2019-07-01", "2019-09-30")
    rng = np.random.default_rng(1)
    frames = []
    for ticker, level in zip(TICKERS, (2900.0, 880.0), strict=True):
        close = level * np.exp(np.cumsum(rng.normal(0, 0.01, len(dates))))
        frames.append(pd.DataFrame({
            "date": dates.strftime("%Y-%m-%d"), "ticker": ticker, "close": close,
            "adj_close": close, "volume": rng.integers(100, 100_000, len(dates)),
        }))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def study() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(2)
    cars, ars = [], []
    for event_id, cat in (("E1", "tariff"), ("E2", "currency"), ("E3", "tariff")):
        for ticker in TICKERS:
            for window in ("0:0", "-1:1"):
                cars.append({"event_id": event_id, "ticker": ticker, "model": "constant",
                             "window": window, "car": rng.normal(0, 0.01),
                             "car_se": 0.01 * (1 if window == "0:0" else np.sqrt(3)),
                             "category": cat})
            for day in range(-5, 6):
                ars.append({"event_id": event_id, "ticker": ticker, "model": "constant",
                            "rel_day": day, "ar": 0.01})
    return pd.DataFrame(cars), pd.DataFrame(ars)


def _texts(fig: Figure) -> tuple[str, list[str], list[str]]:
    title = fig.get_suptitle() or " ".join(ax.get_title() for ax in fig.axes)
    xlabels = [ax.get_xlabel() for ax in fig.axes if ax.get_visible()]
    ylabels = [ax.get_ylabel() for ax in fig.axes if ax.get_visible()]
    return title, xlabels, ylabels


def _assert_labelled(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    title, xlabels, ylabels = _texts(fig)
    assert title.strip()
    assert any(x.strip() for x in xlabels)
    assert any(y.strip() for y in ylabels)


def test_event_timeline_colours_by_category_and_marks_direction(events: pd.DataFrame) -> None:
    catalog = events.iloc[:3].assign(catalog_id=["a", "b", "c"])
    fig = plots.event_timeline(events, catalog=catalog)
    _assert_labelled(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["talks", "tariff", "currency"]
    markers = {(line.get_marker(), line.get_color()) for line in ax.lines}
    assert ("^", plots.category_color("tariff")) in markers
    assert ("v", plots.category_color("tariff")) in markers
    # The month-level event is a bar over its month, not a point on an invented day.
    month_bars = [ln for ln in ax.lines if ln.get_linewidth() == 4]
    assert len(month_bars) == 1
    start, end = month_bars[0].get_xdata()
    assert (pd.Timestamp(start), pd.Timestamp(end)) == (
        pd.Timestamp("2019-06-01"), pd.Timestamp("2019-06-30"))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"tariff", "escalation", "curated catalog"} <= set(legend)


def test_articles_chart(events: pd.DataFrame) -> None:
    articles = pd.DataFrame({
        "article_id": ["a1", "a2"], "language": ["en", "sv"],
        "published": ["2019-08-02", "2019-08-10"], "published_source": ["dateline", "events"],
        "published_earliest": ["2019-08-02", "2019-08-08"],
        "published_latest": ["2019-08-02", "2019-08-12"],
    })
    fig = plots.articles_chart(articles)
    _assert_labelled(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "language: sv" in legend


def test_price_panels_one_panel_per_ticker_with_units(
    prices: pd.DataFrame, events: pd.DataFrame
) -> None:
    fig = plots.price_panels(prices, tickers=TICKERS, events=events, start="2019-07-15")
    _assert_labelled(fig)
    assert len(fig.axes) == 2
    assert "cents per bushel" in fig.axes[1].get_ylabel()
    # Three day-precision events in the span -> three vertical lines per panel.
    vlines = [ln for ln in fig.axes[0].lines if len(ln.get_xdata()) == 2
              and ln.get_xdata()[0] == ln.get_xdata()[1]]
    assert len(vlines) == 3
    first_x = fig.axes[0].lines[0].get_xdata()[0]
    assert pd.Timestamp(first_x) >= pd.Timestamp("2019-07-15")


def test_price_panels_unknown_ticker_is_a_one_line_error(prices: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="no rows for ZC=F"):
        plots.price_panels(prices, tickers=["ZC=F"])


def test_quality_panel_marks_each_flag(prices: pd.DataFrame) -> None:
    zs = prices[prices["ticker"] == "ZS=F"]
    quality = zs.iloc[[3, 10, 11]][["date", "ticker"]].assign(
        roll=[True, False, False], thin=[False, True, True], stale=[False, False, True])
    fig = plots.quality_panel(prices, quality, ticker="ZS=F")
    _assert_labelled(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "roll (1 days)" in legend
    assert "thin (2 days)" in legend
    assert "stale (1 days)" in legend
    assert fig.axes[1].get_yscale() == "log"


def test_car_by_event_bars_in_percent(study: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cars, _ = study
    fig = plots.car_by_event(cars, window=(-1, 1))
    _assert_labelled(fig)
    assert len(fig.axes) == 2
    bars = fig.axes[0].patches
    expected = cars.query("ticker == '^GSPC' and window == '-1:1'")["car"].to_numpy() * 100
    assert np.allclose(sorted(b.get_width() for b in bars), sorted(expected))
    with pytest.raises(AnalysisError, match=r"window \[0:9\]"):
        plots.car_by_event(cars, window="0:9")


def test_ar_sigma_from_one_day_window(study: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cars, _ = study
    sigma = plots.ar_sigma(cars)
    assert list(sigma.columns) == ["event_id", "ticker", "model", "sigma"]
    assert len(sigma) == 6
    assert np.allclose(sigma["sigma"], 0.01)
    # Without the one-day window the shortest window gives se / sqrt(L).
    sigma3 = plots.ar_sigma(cars[cars["window"] == "-1:1"])
    assert np.allclose(sigma3["sigma"], 0.01)


def test_car_paths_cumulate_and_band(study: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cars, ars = study
    fig = plots.car_paths(ars, event_ids=["E1", "E3"], tickers=TICKERS,
                          sigma=plots.ar_sigma(cars), rel_days=(-2, 2))
    _assert_labelled(fig)
    line = fig.axes[0].lines[0]
    assert list(line.get_xdata()) == [-2, -1, 0, 1, 2]
    assert np.allclose(line.get_ydata(), [1, 2, 3, 4, 5])  # 1% a day, cumulated, in %
    upper = fig.axes[0].lines[1].get_ydata()
    assert np.allclose(upper, 1.959964 * np.sqrt([1, 2, 3, 4, 5]), atol=1e-3)
    assert np.allclose(fig.axes[0].lines[2].get_ydata(), -upper)


def test_caar_bars_annotates_n_and_p() -> None:
    caar = pd.DataFrame({
        "group": ["tariff", "tariff", "talks", "talks"], "window": "-1:1",
        "n_events": [4, 4, 2, 2], "caar": [-0.02, -0.02, 0.01, 0.01],
        "test": ["t", "patell", "t", "patell"], "statistic": [1.0, 2.0, 1.0, 1.0],
        "p_value": [0.04, 0.01, 0.5, 0.6],
    })
    fig = plots.caar_bars(caar, window="-1:1", test="patell")
    _assert_labelled(fig)
    heights = sorted(p.get_height() for p in fig.axes[0].patches)
    assert np.allclose(heights, [-2.0, 1.0])
    notes = {t.get_text() for t in fig.axes[0].texts}
    assert "n=4\np=0.01" in notes


def test_forest_interval_from_se() -> None:
    df = pd.DataFrame({"name": ["a", "b"], "coef": [0.01, -0.02], "se": [0.005, 0.005],
                       "ticker": ["^GSPC", "ZS=F"]})
    fig = plots.forest(df, label="name", estimate="coef", se="se", group="ticker",
                       title="Coefficients")
    _assert_labelled(fig)
    segs = fig.axes[0].collections[0].get_segments()
    assert np.allclose(segs[0][:, 0], [1 - 0.98, 1 + 0.98], atol=0.01)
    fig = plots.forest(df, label=["ticker", "name"], estimate="coef")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["^GSPC · a", "ZS=F · b"]
    with pytest.raises(AnalysisError, match="no rows"):
        plots.forest(df.iloc[:0], label="name", estimate="coef")


def test_forest_and_car_paths_take_a_style_object_or_its_fields(
        study: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    df = pd.DataFrame({"name": ["a", "b"], "coef": [0.01, -0.02], "se": [0.005, 0.005]})
    look = plots.ForestStyle(se="se", level=0.5, title="Half")
    via_object = plots.forest(df, label="name", estimate="coef", look=look)
    via_fields = plots.forest(df, label="name", estimate="coef", se="se", level=0.5,
                              title="Half")
    for fig in (via_object, via_fields):
        segs = fig.axes[0].collections[0].get_segments()
        assert np.allclose(segs[0][:, 0], [1 - 0.3372, 1 + 0.3372], atol=1e-3)  # z(0.75)*0.5
        assert fig.get_suptitle() == "Half"
    # A field given beside the object wins over the object's.
    fig = plots.forest(df, label="name", estimate="coef", look=look, title="Other")
    assert fig.get_suptitle() == "Other"
    with pytest.raises(AnalysisError, match=r"forest: unknown option\(s\) colour; use "):
        plots.forest(df, label="name", estimate="coef", colour="red")
    _, ars = study
    fig = plots.car_paths(ars, event_ids=["E1"], tickers=TICKERS,
                          look=plots.PathStyle(rel_days=(-1, 1), title="Paths"))
    assert list(fig.axes[0].lines[0].get_xdata()) == [-1, 0, 1]
    assert fig.get_suptitle() == "Paths"
    with pytest.raises(AnalysisError, match=r"car_paths: unknown option\(s\) days"):
        plots.car_paths(ars, event_ids=["E1"], tickers=TICKERS, days=(-1, 1))


def test_missing_column_is_a_one_line_error(events: pd.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="events: missing column"):
        plots.event_timeline(events.drop(columns="direction"))


def test_save_figure_writes_png_and_svg(tmp_path: Path, events: pd.DataFrame) -> None:
    fig = plots.event_timeline(events)
    paths = plots.save_figure(fig, "timeline", directory=tmp_path)
    assert paths == [tmp_path / "timeline.png", tmp_path / "timeline.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in paths[1].read_bytes()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.png", "timeline.svg"]
    # Reruns are byte-identical (no dates, fixed SVG ids).
    first = [p.read_bytes() for p in paths]
    plots.save_figure(plots.event_timeline(events), "timeline", directory=tmp_path)
    assert [p.read_bytes() for p in paths] == first


def test_save_figure_defaults_to_config_figures_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: pd.DataFrame
) -> None:
    monkeypatch.setattr(config, "FIGURES_DIR", tmp_path / "figs")
    paths = plots.save_figure(plots.event_timeline(events), "t")
    assert all(p.parent == tmp_path / "figs" and p.is_file() for p in paths)


def test_save_figure_is_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: pd.DataFrame
) -> None:
    fig = plots.event_timeline(events)
    plots.save_figure(fig, "t", directory=tmp_path)
    before = (tmp_path / "t.svg").read_bytes()

    def broken(self: Figure, fname: object, **kwargs: object) -> None:
        Path(str(fname)).write_bytes(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        plots.save_figure(fig, "t", directory=tmp_path, formats=("svg",))
    assert (tmp_path / "t.svg").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png", "t.svg"]


@pytest.mark.parametrize("name", ["", "a/b", "fig.png"])
def test_save_figure_rejects_paths(tmp_path: Path, events: pd.DataFrame, name: str) -> None:
    with pytest.raises(AnalysisError, match="bare file stem"):
        plots.save_figure(plots.event_timeline(events), name, directory=tmp_path)


def _battery_frame() -> pd.DataFrame:
    rows = []
    for ticker, models in (("^GSPC", ["constant"]), ("ZS=F", ["constant", "market"])):
        for model in models:
            for group, caar in (("all", 0.01), ("category=tariff", -0.02),
                                ("direction=escalation", 0.005)):
                for i, test in enumerate(("csect_t", "permutation")):
                    rows.append({"ticker": ticker, "model": model, "group": group,
                                 "window": "-1:1", "n_events": 3, "caar": caar,
                                 "statistic": test, "value": 1.0,
                                 "p_value": 0.01 if group == "all" and i == 0 else 0.5})
    return pd.DataFrame(rows)


def test_caar_bars_reads_caar_csv_layout_and_picks_panels() -> None:
    battery = _battery_frame()
    fig = plots.caar_bars(battery, window="-1:1", test="permutation")
    assert [ax.get_title() for ax in fig.axes] == [
        "^GSPC (constant)", "ZS=F (constant)", "ZS=F (market)"]
    fig = plots.caar_bars(battery, window="-1:1", tickers=["ZS=F", "^GSPC"],
                          model={"^GSPC": "constant", "ZS=F": "market"})
    _assert_labelled(fig)
    assert [ax.get_title() for ax in fig.axes] == ["ZS=F (market)", "^GSPC (constant)"]
    # Direction groups are grey and hatched, categories keep their colour.
    bars = fig.axes[0].patches
    assert bars[1].get_facecolor()[:3] == pytest.approx(
        tuple(int(plots.category_color("tariff")[k:k + 2], 16) / 255 for k in (1, 3, 5)))
    assert bars[2].get_hatch() == "//"
    assert "n=3\np=0.01" in {t.get_text() for t in fig.axes[0].texts}


def test_pvalue_heatmap_grid_of_p_values() -> None:
    fig = plots.pvalue_heatmap(_battery_frame(), window="-1:1",
                               model={"^GSPC": "constant", "ZS=F": "market"})
    _assert_labelled(fig)
    ax = fig.axes[0]
    grid = ax.images[0].get_array()
    assert grid.shape == (3, 2)
    assert grid[0, 0] == pytest.approx(0.01)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["csect_t", "permutation"]
    bold = [t for t in ax.texts if t.get_fontweight() == "bold"]
    assert [t.get_text() for t in bold] == ["0.01"]


def test_pvalue_heatmap_labels_tests_by_short_name_beside_descriptions() -> None:
    """caar.csv also carries a long ``test`` description per row: ticks stay short."""
    battery = _battery_frame().assign(test=lambda d: d["statistic"] + " (assumes much)")
    fig = plots.pvalue_heatmap(battery, window="-1:1",
                               model={"^GSPC": "constant", "ZS=F": "market"})
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["csect_t", "permutation"]


def test_event_labels(events: pd.DataFrame) -> None:
    labels = plots.event_labels(events)
    assert labels["E1"] == "2019-08-01 tariff (escalation)"
    assert len(labels) == 4


def _directions_frame() -> pd.DataFrame:
    rows = []
    for ticker, model in (("^GSPC", "constant"), ("ZN=F", "market")):
        for window in ("0:0", "-1:1"):
            for direction, caar, p in (("escalation", -0.01, 0.01),
                                       ("de-escalation", 0.004, 0.4)):
                rows.append({"ticker": ticker, "model": model, "window": window,
                             "direction": direction, "n_events": 30, "caar": caar,
                             "statistic": "csect_t", "value": 2.0, "p_value": p,
                             "ci_low": caar - 0.005, "ci_high": caar + 0.005})
    return pd.DataFrame(rows)


def test_caar_by_asset_draws_intervals_in_percent_and_fills_significant() -> None:
    fig = plots.caar_by_asset(_directions_frame(), windows=["-1:1"])
    _assert_labelled(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "S&P 500 (^GSPC) · constant", "10-year T-note futures (ZN=F) · market"]
    segs = np.concatenate([c.get_segments() for c in ax.collections])
    assert sorted(np.round(segs[:, :, 0].min(axis=1), 6)) == pytest.approx(
        [-1.5, -1.5, -0.1, -0.1])
    markers = [ln for ln in ax.lines if ln.get_marker() in ("^", "v")]
    filled = {ln.get_marker(): ln.get_markerfacecolor() for ln in markers}
    assert filled["v"] == "white" and filled["^"] != "white"
    with pytest.raises(AnalysisError, match="no rows for window"):
        plots.caar_by_asset(_directions_frame(), windows=["0:5"])


def test_soybean_contrast_figure_shows_events_and_means() -> None:
    per_event = pd.DataFrame({"window": "0:0",
                              "direction": ["escalation"] * 4 + ["de-escalation"] * 3,
                              "contrast": [-0.02, -0.01, 0.0, 0.01, 0.01, 0.02, 0.0]})
    summary = pd.DataFrame({
        "window": "0:0", "direction": ["escalation", "de-escalation",
                                       "escalation minus de-escalation"],
        "n_events": [4, 3, np.nan], "mean": [-0.005, 0.01, np.nan],
        "statistic": ["clustered_t", "clustered_t", np.nan], "value": [-0.8, 1.7, np.nan],
        "p_value": [0.5, 0.17, np.nan], "ci_low": [-0.02, -0.01, np.nan],
        "ci_high": [0.01, 0.03, np.nan]})
    fig = plots.soybean_contrast(per_event, summary)
    _assert_labelled(fig)
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert sorted(len(ln.get_ydata()) for ln in dots) == [3, 4]
    assert sorted(np.round(np.concatenate([ln.get_ydata() for ln in dots]), 6)) == pytest.approx(
        [-2.0, -1.0, 0.0, 0.0, 1.0, 1.0, 2.0])
    texts = {t.get_text() for t in ax.texts}
    assert "clustered_t=1.70\np=0.17\nn=3" in texts
    # The difference row has no primary test: no mean, no tick of its own.
    assert len(texts) == 2 and len(ax.get_xticks()) == 2
