"""Figures: every chart written as PNG + SVG, deterministic, legible in Chinese and English.

The charts are drawn from stores written from chosen rows: the five-city store of
tests/fixture_store.py (session fixture ``city_store``) and stores built in this module.
Facts used below: 东营市, 威海市 and 烟台市 set beds per 1,000 (7.55, 7.5 and 7.2, 2025);
the national 2020 bed goal is 6 and the latest national actual 7.23 (2023); 威海市 医护比
1.2 equals the national 2025 goal; 赤峰市 has one comparable target (geriatrics 90 vs 60);
聊城市 has no indicator comparable with a national goal.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

import fixture_store
from analysis import paths
from analysis.build import BuildConfig, build
from analysis.cli import main
from analysis.compare import views as compare
from analysis.extract.codebook import Codebook
from analysis.outputs import figures, labels
from analysis.store.schema import connect

matplotlib.use("Agg")

N_CHARTS = len(figures.chart_specs())
N_CITIES = 40


# --- stores ----------------------------------------------------------------------------


def _municipal_cities(n: int) -> list[str]:
    with paths.REGIONS.open(encoding="utf-8") as fh:
        rows = [r["region"] for r in csv.DictReader(fh) if r["level"] == "municipal"]
    return rows[:n]


@pytest.fixture(scope="module")
def city_data(city_store: Path) -> figures.StoreData:
    return figures.load(city_store)


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 cities in several provinces, each setting beds, 医护比, health literacy and nurses
    (2025): three targets with a national goal of the same year, enough to be ranked.
    Written directly (provinces from the regions table), values varied by city."""
    docs, targets = [], []
    for i, city in enumerate(_municipal_cities(N_CITIES)):
        d = f"c{i:02d}"
        docs.append(fixture_store.doc(d, city, None, f"{city}医疗卫生服务体系建设实施方案",
                                      "service_system"))
        targets += [fixture_store.target(d, "beds_per_1000", round(6.5 + i * 0.05, 2), pos=1),
                    fixture_store.target(d, "physician_nurse_ratio", round(1.0 + i * 0.01, 2),
                                         pos=2),
                    fixture_store.target(d, "health_literacy_rate", 20 + i * 0.5, pos=3),
                    fixture_store.target(d, "nurses_per_1000", round(3.5 + i * 0.02, 2), pos=4)]
    root = tmp_path_factory.mktemp("large_store")
    return fixture_store.write(root / "indicators.duckdb", Codebook.load(paths.CODEBOOK), docs,
                               targets)


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("empty_store")
    (root / "docs").mkdir()
    db = root / "indicators.duckdb"
    build(BuildConfig(source=root / "docs", db=db, manifest=None, use_cache=False))
    return db


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _bar_count(ax) -> int:
    """Bars drawn by barh (reference rows are lines and markers, not patches)."""
    return sum(1 for p in ax.patches if p.get_width() != 0 or p.get_height() != 0)


# --- files: every chart, PNG + SVG, dpi, determinism, no missing glyphs --------------------


@pytest.mark.slow
def test_write_figures_every_chart_png_svg_deterministic_no_missing_glyphs(
        city_store: Path, tmp_path: Path):
    # The five-city store draws every chart with data.  (Before SVG coordinates were
    # snapped, chart 05 now and then differed in the last digit of a text position.)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" becomes an error
        first = figures.write_figures(city_store, tmp_path / "a", lang="zh")
    second = figures.write_figures(city_store, tmp_path / "b", lang="zh")
    # (the objects frozen out of the collector for the forked workers are unfrozen after)
    assert gc.get_freeze_count() == 0
    names = [spec.name for spec in figures.chart_specs()]
    assert len(names) == len(set(names)) == N_CHARTS >= 12
    assert sorted(p.name for p in first) == sorted(f"{n}.{ext}" for n in names
                                                   for ext in ("png", "svg"))
    for a in first:
        b = tmp_path / "b" / a.name
        assert b in second
        x, y = a.read_bytes(), b.read_bytes()
        k = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        assert x == y, (f"{a.name} differs between two runs at byte {k}: "
                        f"{x[k - 200:k + 40]!r} != {y[k - 200:k + 40]!r}")
        if a.suffix == ".png":
            with Image.open(a) as im:
                dpi = im.info["dpi"]
                assert min(dpi) >= 149.9, (a.name, dpi)
                assert im.size[0] >= 900 and im.size[1] >= 300, (a.name, im.size)
        else:
            svg = a.read_text(encoding="utf-8")
            assert svg.startswith("<?xml") and "<dc:date>" not in svg
    assert not list((tmp_path / "a").glob(".*")), "temporary files left behind"


@pytest.mark.slow
def test_english_labels_and_no_missing_glyphs(city_data: figures.StoreData):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every chart drawn in English, no missing glyph
        for spec in figures.chart_specs():
            chart = spec.make(city_data, lang="en", **spec.kwargs)
            chart.savefig(io.BytesIO(), format="png", dpi=60)
        fig = figures.family_chart(city_data, "beds", lang="en")
        fig.savefig(io.BytesIO(), format="png", dpi=60)
    texts = _texts(fig)
    assert labels.group_title("beds", "en") in texts
    assert {"Dongying", "Weihai"} <= set(texts)  # region_en, not Chinese names
    assert "National goal (2020)" in texts and "National actual (2023)" in texts
    assert any(t.startswith("Target (beds per 1,000 people)") for t in texts)
    assert not any("目标值" in t for t in texts)


# --- what the charts show -------------------------------------------------------------------


def test_family_chart_draws_goals_actual_units_and_source(city_data: figures.StoreData):
    fig = figures.family_chart(city_data, "beds", lang="zh")
    texts = _texts(fig)
    beds = next(ax for ax in fig.axes if ax.get_title(loc="left").startswith("每千人口床位数"))
    ticks = [t.get_text() for t in beds.get_yticklabels()]
    assert ticks[:3] == ["东营市", "威海市", "烟台市"]  # most ambitious first: 7.55 > 7.5 > 7.2
    assert "国家目标（2020年）" in ticks and "全国现状（2023年）" in ticks
    assert {"≥7.55", "≥7.5", "≥7.2", "≥6", "7.23"} <= set(t.get_text() for t in beds.texts)
    assert beds.get_xlabel() == "目标值（张/千人）"
    foot = next(t for t in texts if t.startswith("来源："))
    assert "东政办字〔2024〕34号" in foot and "国办发〔2015〕14号" in foot
    assert "生成日期：" + city_data.built_on in foot
    # a city keeps its colour in every chart
    colors = city_data.colors
    bar = beds.patches[0]
    assert matplotlib.colors.to_hex(bar.get_facecolor()) == colors["东营市"].lower()


def test_region_filter_and_year(city_data: figures.StoreData):
    fig = figures.family_chart(city_data, "beds", lang="zh", regions=["威海市"], target_year=2025)
    for ax in fig.axes:
        cities = [t.get_text() for t in ax.get_yticklabels()][:_bar_count(ax)]
        assert cities == ["威海市"] * len(cities)
    data = city_data.filtered(["威海市"], 2025)
    assert set(data.targets["region"]) == {"威海市"}
    assert set(data.targets["target_year"]) == {2025}


def test_gap_chart_and_tables_are_direction_aware(city_data: figures.StoreData):
    gaps = figures.gap_table(city_data)
    weihai = gaps[(gaps["region"] == "威海市") & (gaps["indicator_id"] == "physician_nurse_ratio")]
    assert weihai["verdict"].tolist() == ["equal"] and weihai["gap_pct"].tolist() == [0]
    chifeng = gaps[(gaps["region"] == "赤峰市")
                   & (gaps["indicator_id"] == "geriatrics_department_share")]
    assert chifeng["gap_pct"].round(6).tolist() == [50.0]  # 90% vs 60%
    assert gaps["gap_pct"].is_monotonic_decreasing
    # the ten city targets with a national goal of the same year, largest gap first:
    # public TCM beds 1.35 vs 0.85, geriatrics 90 vs 60, literacy 37 vs 25, ...
    assert gaps["gap_pct"].round(2).tolist() == [
        58.82, 50.0, 48.0, 33.33, 20.0, 9.38, 5.26, 0.0, 0.0, 0.0]
    assert gaps["region"].tolist()[:3] == ["威海市", "赤峰市", "威海市"]
    fig = figures.gap_chart(city_data, lang="zh")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(gaps) == 10
    assert any("赤峰市" in lab and "设老年医学科" in lab for lab in labels)
    # no provincial goal is verified yet: a labelled "no data" figure, not an error
    prov = figures.gap_chart(city_data, lang="zh", reference_level="provincial")
    assert "无数据" in _texts(prov)


def test_ambition_table_matches_the_view(city_store: Path, city_data: figures.StoreData):
    # selected from the view, not recomputed: the same rows, ranked cities first
    mine = figures.ambition_table(city_data)
    view = compare.ambition_index(city_store)
    cols = ["region", "n_comparable", "ambition_score", "ambition_rank", "rank_status"]
    pd.testing.assert_frame_equal(
        mine[cols].sort_values("region").reset_index(drop=True),
        view[cols].sort_values("region").reset_index(drop=True))
    assert mine["region"].tolist()[0] == "威海市"
    fig = figures.ambition_ranking(city_data, lang="zh")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[:2] == ["1. 威海市", "2. 烟台市"]  # median r 1.48 and 1.09
    assert mine["region"].tolist()[:2] == ["威海市", "烟台市"]
    assert "赤峰市" not in " ".join(ticks)  # one comparable target: not ranked, and says why
    assert any("可比目标少于3项，不排名：" in t and "赤峰市（n=1）" in t for t in _texts(fig))


def test_notebook_tables(city_data: figures.StoreData):
    docs = figures.documents_by_region(city_data).set_index("region")
    # every document of the store: Dongying's duplicate copy, Weihai's bulletin, the
    # national document (its own row)
    assert docs["n_documents"].to_dict() == {"东营市": 2, "全国": 1, "威海市": 2, "烟台市": 1,
                                             "聊城市": 1, "赤峰市": 1}
    assert docs.loc["全国", "level"] == "national"
    # 29 city targets, Weihai's commitment in words, the duplicate's and the national one
    assert figures.mapping_summary(city_data)[["kind", "mapped", "n_targets"]].values.tolist() \
        == [["level", True, 32]]
    sample = figures.sample_targets(city_data, n_per_region=2)
    assert sample.groupby("region").size().to_dict() == {
        "东营市": 2, "威海市": 2, "烟台市": 2, "聊城市": 1, "赤峰市": 2}
    assert all(q for q in sample["quote"])
    unaddressed = figures.unaddressed_goals(city_data)
    assert {"region", "indicator", "target_year", "goal", "goal_source"} <= set(unaddressed)
    matrix = figures.unaddressed_matrix(city_data)
    assert set(matrix.columns) <= set(city_data.cities["region"])
    signing = matrix.loc["全国 · 家庭医生签约率（全人群） (2035年) ≥75%"]
    assert signing.to_dict() == {"东营市": "设定了2025年目标：60%", "威海市": "设定了2025年目标：60%",
                                 "烟台市": "未涉及", "聊城市": "不适用（文件类型不涉及）",
                                 "赤峰市": "未涉及"}
    uptake = figures.goal_uptake_table(city_data)
    nurse = uptake[uptake["goal_id"] == "ref:全国:physician_nurse_ratio:2025"].iloc[0]
    # 东营市, 威海市 and 烟台市 of 5 cities; 聊城市's public-hospital plan: not applicable
    assert (nurse["n_set"], nurse["n_cities"], nurse["n_equal"]) == (3, 5, 3)
    assert (nurse["n_not_addressed"], nurse["cities_not_addressed"]) == (1, "赤峰市")
    assert nurse["n_not_applicable"] == 1


# --- hundreds of regions: never more than top_n bars -----------------------------------------


def test_top_n_respected_on_a_large_store(large_store: Path):
    data = figures.load(large_store)
    assert len(data.cities) == N_CITIES
    for family in ("beds", "staffing_ratios", "population_health"):
        fig = figures.family_chart(data, family, lang="zh", top_n=15)
        for ax in fig.axes:
            assert _bar_count(ax) == 15
            assert any(t.get_text() == "全部40个城市中位数" for t in ax.get_yticklabels())
    gap = figures.gap_chart(data, lang="zh", top_n=15)
    assert _bar_count(gap.axes[0]) == 15
    assert any("其余" in t for t in _texts(gap))
    ranking = figures.ambition_ranking(data, lang="en", top_n=10)
    assert _bar_count(ranking.axes[0]) == 10
    heat = figures.coverage_heatmap(data, lang="zh", top_n=30)  # 40 cities > 30: by province
    columns = [t.get_text() for t in heat.axes[0].get_xticklabels()]
    assert 1 < len(columns) <= 30 and all("省" in c or "自治区" in c for c in columns)
    few = figures.coverage_heatmap(data, lang="zh", regions=_municipal_cities(5))
    assert len(few.axes[0].get_xticklabels()) == 5  # per city when they fit
    corpus = figures.corpus_overview(data, lang="zh", top_n=12)
    assert len(corpus.axes[0].get_yticklabels()) == 12


# --- empty store and CLI ---------------------------------------------------------------------


def test_empty_store_writes_no_data_figures_from_the_cli(empty_store: Path, tmp_path: Path,
                                                         capsys):
    """An empty store (filtered by region and year, in English) still writes every chart,
    each a "no data" figure, and the command lists the files it wrote."""
    out = tmp_path / "figs"
    assert main(["figures", "--db", str(empty_store), "--out", str(out), "--lang", "en",
                 "--region", "东营市", "--region", "威海市", "--year", "2025"]) == 0
    printed = capsys.readouterr().out.splitlines()
    listed = [Path(line) for line in printed if line.endswith((".png", ".svg"))]
    assert len(listed) == 2 * N_CHARTS and all(p.stat().st_size > 0 for p in listed)
    assert sorted(listed) == sorted(out.iterdir())
    fig = figures.gap_chart(empty_store, lang="en")
    assert "No data" in _texts(fig)
    # the Chinese edition's no-data notes come from labels.csv as well
    zh = tmp_path / "figs_zh"
    assert main(["figures", "--db", str(empty_store), "--out", str(zh), "--lang", "zh"]) == 0
    assert len(list(zh.glob("*.svg"))) == N_CHARTS
    assert "无数据：没有适用于这些城市的参照目标" in _texts(figures.goal_uptake(empty_store))
    assert main(["figures", "--db", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 2


# --- text helpers ----------------------------------------------------------------------------


def test_wrap_keeps_punctuation_and_numbers_together():
    lines = figures.wrap("威海市 · 每千人口公立中医床位数（2025）≥0.85张", 26)
    assert "".join(lines).replace(" ", "") == "威海市·每千人口公立中医床位数（2025）≥0.85张"
    for line in lines:
        assert line[-1] not in "（《(" and line[0] not in "，。）》)"
    assert not any(line.endswith("≥") for line in lines)
    assert figures.wrap("Beds per 1,000 people", 12) == ["Beds per", "1,000 people"]
    assert figures.fmt_value(90, "percent", ">=") == "≥90%"
    assert figures.fmt_value(2, None, "=", 3) == "2–3"
    assert figures.fmt_value(7.55) == "7.55" and figures.fmt_value(300.0) == "300"


def test_svg_coordinates_on_a_rounding_boundary_print_the_same_despite_float_noise():
    """61.3803125 sits on the boundary of six decimals: noise of 1e-14 either way must
    not flip the printed digit (it did, now and then, for a text position of chart 05)."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    renderer = RendererSVG(100, 100, io.StringIO())
    out = set()
    with figures._snapped_svg():
        for noise in (-3e-14, 0.0, 3e-14):
            path = MplPath([[107.710313, 61.3803125 + noise], [100.935, 60.6446875 - noise]])
            out.add(renderer._convert_path(path, Affine2D(), None, False))
    assert len(out) == 1
    assert figures.RendererSVG._convert_path is not figures._snapped_convert_path  # restored


def _text_chart(fmt: str) -> bytes:
    """A small chart of text as the charts set it (PNG or SVG bytes): Chinese and Latin,
    sizes, weights, italics, rotation, several lines, mathtext, a string twice."""
    from matplotlib.figure import Figure

    figures.cs.apply_theme()
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_title("每千人口床位数（张）", fontsize=14, fontweight="bold")
    ax.text(0.1, 0.5, "东营市\n7.55张\n≥90%", fontsize=9)
    ax.text(0.5, 0.2, "Beds per 1,000 people", fontsize=7.5, style="italic")
    ax.text(0.2, 0.8, "东营市", fontsize=9, rotation=30)
    ax.text(0.6, 0.6, r"$\geq 90\%$", fontsize=9)
    ax.set_xticks([0.2, 0.5, 0.8], ["东营市", "7.55张", "东营市"])
    ax.set_xlabel("医护比 1:1.2")
    buf = io.BytesIO()
    with figures._snapped_svg():
        fig.savefig(buf, format=fmt, dpi=figures.cs.DPI, metadata=(
            {"Date": None} if fmt == "svg" else {"Software": None}))
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cached_font_metrics_lay_text_out_exactly_as_matplotlib_does(fmt: str,
                                                                     monkeypatch):
    """The renderer hook that hands matplotlib each font's ascent, descent and line gap
    (computed once per font and size) gives the bytes matplotlib's own measuring gives:
    the text of ``_text_chart``."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_svg import RendererSVG

    drawn = functools.partial(_text_chart, fmt)
    hook = RendererAgg if fmt == "png" else RendererSVG
    assert hook._get_font_height_metrics in (figures._agg_font_height_metrics,
                                             figures._svg_font_height_metrics)
    figures._font_height_metrics.cache_clear()
    with_hook = drawn()
    assert figures._font_height_metrics.cache_info().misses >= 3  # three sizes at least
    monkeypatch.delattr(hook, "_get_font_height_metrics")
    assert with_hook == drawn()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cached_text_layout_draws_exactly_what_matplotlib_draws(fmt: str, monkeypatch):
    """Strings measured and laid out once per process (``mpltext``) give the bytes
    matplotlib's own measuring and layout give: Chinese and Latin, sizes, weights,
    rotation, several lines, a string twice, a chart drawn from the cache, mathtext."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.textpath import TextToPath

    from analysis.outputs import mpltext

    drawn = functools.partial(_text_chart, fmt)
    assert RendererAgg.draw_text is mpltext._agg_draw_text  # installed with the figures
    assert TextToPath.get_glyphs_with_font is mpltext._path_glyphs
    mpltext._extent.cache_clear()
    mpltext._glyphs.cache_clear()
    cached = drawn()
    assert mpltext._glyphs.cache_info().hits > 0  # the tick "东营市" laid out once
    assert drawn() == cached  # a second chart: measured from the cache
    assert mpltext._extent.cache_info().hits > 0
    for cls, name, original in ((RendererAgg, "get_text_width_height_descent",
                                 mpltext._AGG_EXTENT),
                                (RendererAgg, "draw_text", mpltext._AGG_DRAW_TEXT),
                                (TextToPath, "get_text_width_height_descent",
                                 mpltext._PATH_EXTENT),
                                (TextToPath, "get_glyphs_with_font", mpltext._PATH_GLYPHS)):
        monkeypatch.setattr(cls, name, original)
    assert drawn() == cached


def _laid_out_chart() -> matplotlib.figure.Figure:
    """A chart with constrained layout, a colorbar, Chinese ticks and a title."""
    from matplotlib.figure import Figure

    figures.cs.apply_theme()
    fig = Figure(figsize=(5, 3), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow([[1, 2, 3], [4, 5, 6]], cmap="viridis")
    fig.colorbar(image, ax=ax, label="覆盖率（%）")
    ax.set_xticks([0, 1, 2], ["东营市", "威海市", "烟台市"])
    ax.set_title("每千人口床位数（张）")
    return fig


def _saved_as_matplotlib_lays_out(fig: matplotlib.figure.Figure, base: Path) -> list[bytes]:
    """The PNG and SVG bytes of ``fig`` saved as ``save_figure`` saved them before it ran the
    layout itself: ``savefig`` laying the PNG out in a first draw, the SVG given that layout
    (engine "none")."""
    out = []
    with matplotlib.rc_context({"svg.hashsalt": figures.SVG_HASHSALT, "svg.fonttype": "path"}):
        for ext, options in (("png", figures._PNG_OPTIONS),
                             ("svg", {"metadata": {"Date": None}})):
            buf = io.BytesIO()
            with figures._snapped_svg() if ext == "svg" else contextlib.nullcontext():
                fig.savefig(buf, format=ext, dpi=figures.cs.DPI, facecolor="white", **options)
            data = buf.getvalue()
            out.append(figures._stable_clip_ids(data.decode("utf-8")).encode("utf-8")
                       if ext == "svg" else data)
            fig.set_layout_engine("none")
    return out


def test_a_chart_is_laid_out_once_and_each_file_drawn_once(tmp_path, monkeypatch):
    """``save_figure`` runs the layout engine itself, once, and removes it: the PNG and the
    SVG are each drawn once (``savefig`` with an engine set draws the figure first, with
    drawing turned off, for the engine: four draws in all before), and their bytes are
    those of matplotlib laying the chart out in that first draw (a constrained-layout
    chart with a colorbar, Chinese ticks, a title)."""
    from matplotlib.figure import Figure

    draws: list[str] = []
    real = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: (
        draws.append(type(renderer).__name__), real(self, renderer))[1])
    png, svg = figures.save_figure(_laid_out_chart(), tmp_path / "chart")
    assert draws == ["RendererAgg", "MixedModeRenderer"]  # (the SVG renderer's wrapper)
    draws.clear()
    expected = _saved_as_matplotlib_lays_out(_laid_out_chart(), tmp_path / "mpl")
    assert len(draws) == 4  # (savefig: a first draw for the layout engine, then the file)
    assert [png.read_bytes(), svg.read_bytes()] == expected
    assert svg.read_bytes().count(b"<svg") == 1 and png.stat().st_size > 1000


def test_heatmap_cells_are_the_coverage_rows(city_data: figures.StoreData):
    """The heatmap reads coverage column by column: each (city, indicator) cell holds that
    row's status, years and unaddressed flag, as the row itself does."""
    cells = figures._coverage_cells(city_data.coverage)
    rows = city_data.coverage.to_dict("records")
    assert len(cells) == len(rows) > 0
    for r in rows:
        cell = cells[(r["region"], r["indicator_id"])]
        assert cell == {k: r[k] for k in ("status", "target_years", "leaves_goal_unaddressed")}
        assert figures._heat_cell(cell, "zh") == figures._heat_cell(r, "zh")
    assert cells[("东营市", "beds_per_1000")]["status"] == "set"
    assert figures._heat_cell(cells[("东营市", "beds_per_1000")], "zh") == (4, "2025")


def test_indicator_rows_are_copies_of_the_codebook_rows(city_data: figures.StoreData):
    """A chart's lookup of an indicator's row (made once) gives that row, and a copy: a
    caller that changes it changes nothing for the next."""
    row = city_data.indicator("beds_per_1000")
    want = city_data.indicators[city_data.indicators["indicator_id"] == "beds_per_1000"]
    assert row == want.iloc[0].to_dict()
    row["unit"] = "changed"
    assert city_data.indicator("beds_per_1000")["unit"] != "changed"
    assert city_data.indicator("no_such") == {"indicator_id": "no_such"}


def test_load_reads_every_view_as_read_one_at_a_time(city_store: Path,
                                                     city_data: figures.StoreData):
    """``load`` reads the views two at a time, each on its own cursor: the frames are
    the views' rows exactly as ``read_view`` gives them on the connection itself."""
    with compare.open_with_views(city_store) as opened:
        for field, view in (("vs_goals", "city_vs_goals"), ("targets", "city_targets"),
                            ("coverage", "coverage"), ("goal_status", "goal_status"),
                            ("goals", "effective_goals"), ("ambition", "ambition_index")):
            pd.testing.assert_frame_equal(getattr(city_data, field),
                                          compare.read_view(opened, view))
        n_targets = opened.execute("SELECT count(*) FROM targets").fetchone()[0]
    assert len(city_data.raw_targets) == n_targets > 0
    assert city_data.vs_goals["region"].isin(["东营市", "威海市"]).any()


def test_raw_targets_are_read_when_asked_for_of_the_regions_kept(city_store: Path):
    """No chart draws the raw targets: ``load`` leaves them in the store, and the data
    reads them when a corpus table asks, restricted as the data is (every restriction)."""
    data = figures.load(city_store)
    assert "raw_targets" not in vars(data)
    every = data.raw_targets
    with connect(city_store) as con:
        assert len(every) == con.execute("SELECT count(*) FROM targets").fetchone()[0] > 0
    two = data.filtered(["东营市", "威海市"])
    assert set(two.raw_targets["region"]) == {"东营市", "威海市"}
    pd.testing.assert_frame_equal(
        two.raw_targets, every[every["region"].isin(["东营市", "威海市"])].reset_index(drop=True))
    # a restriction of a restriction keeps what both keep
    one = two.filtered(["威海市", "潍坊市"])
    assert set(one.raw_targets["region"]) == {"威海市"}
    assert figures.mapping_summary(two)["n_targets"].sum() == len(two.raw_targets)
