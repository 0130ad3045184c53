"""The Excel briefing workbook: sheets, values against the store, charts, safety, scale.

Seed facts (see tests/test_compare.py): 威海市 医护比 1.2 = national 2025 goal 1.2 (equal);
东营市 beds 7.55 per 1,000 (2025) has no national 2025 goal, latest national actual 7.23
(2023); 赤峰市 geriatrics departments 90% vs national 60% (2025).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from analysis import paths
from analysis.build import BuildConfig, build, indicators_frame
from analysis.cli import main
from analysis.compare import views as compare
from analysis.compare.names import UnknownName
from analysis.compare.views import create_views
from analysis.extract.codebook import Codebook
from analysis.outputs import excel
from analysis.store import reference
from analysis.store.schema import connect, write_store

DONGYING, WEIHAI, LIAOCHENG, CHIFENG = "东营市", "威海市", "聊城市", "赤峰市"
SUMMARY, SOURCES, CODEBOOK, CHARTS = "概览", "来源", "指标说明", "图表"
UNSET, PROVINCE = "未设定目标", "分省"
FAMILY_SHEETS = ("资源配置", "卫生人力", "分级诊疗", "家庭医生", "基层医疗", "医院能力",
                 "数字健康", "人群健康")
# family-sheet columns (1-based), see excel.Briefing.FAMILY_COLS
F = {key: i for i, key in enumerate(
    ("city", "province", "indicator", "unit", "year", "comparator", "target", "national_goal",
     "provincial_goal", "gap_abs", "gap_rel", "vs_national", "vs_provincial", "meets",
     "national_actual", "actual_year", "ref_target", "ref_national", "ref_provincial",
     "ref_actual", "note", "indicator_id"), start=1)}
NUMBER_REFS = {"target": "ref_target", "national_goal": "ref_national",
               "provincial_goal": "ref_provincial", "national_actual": "ref_actual"}


# --- helpers ---------------------------------------------------------------------------------


def _write(db: Path, out: Path, **kwargs) -> openpyxl.Workbook:
    path = excel.write_workbook(db, out, **kwargs)
    assert path == out and out.exists()
    return openpyxl.load_workbook(out)


def _records(ws: Worksheet, header_row: int = 2) -> list[dict[str, object]]:
    """Rows below the header as dicts keyed by family-column name (family sheets)."""
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            continue
        out.append({key: row[i - 1] for key, i in F.items()})
    return out


def _family_records(wb: openpyxl.Workbook) -> list[dict[str, object]]:
    rows = []
    for name in wb.sheetnames:
        if name in FAMILY_SHEETS:
            rows += [{**r, "sheet": name} for r in _records(wb[name])]
    return rows


def _one(rows: list[dict[str, object]], **where: object) -> dict[str, object]:
    hits = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(hits) == 1, (where, hits)
    return hits[0]


def _sources(wb: openpyxl.Workbook, sheet: str = SOURCES) -> dict[str, dict[str, object]]:
    ws = wb[sheet]
    header = [c.value for c in ws[2]]
    keys = [str(h).split("\n")[-1] for h in header]
    out = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        rec = dict(zip(keys, row, strict=True))
        out[rec["Ref"]] = rec
    return out


def _built_on(db: Path) -> str:
    with connect(db) as con:
        return con.execute("SELECT value FROM build_info WHERE key = 'built_on'").fetchone()[0]


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if n.startswith("xl/worksheets/sheet")}


def _range_values(wb: openpyxl.Workbook, ref: str) -> list[object]:
    """Values of a chart reference such as "'图表'!$B$5:$B$7"."""
    match = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", ref)
    assert match, ref
    sheet, c1, r1, c2, r2 = match.groups()
    ws = wb[sheet]
    cells = ws[f"{c1}{r1}:{c2 or c1}{r2 or r1}"]
    return [c.value for row in cells for c in row]


def _doc(doc_id: str, region: str | None, *, level: str = "municipal", province: str | None = None,
         title: str = "实施方案", doc_number: str | None = None, issued_on: str = "2024-06-30"):
    return {"doc_id": doc_id, "file_name": f"{doc_id}.txt", "region": region, "level": level,
            "province": province, "title": title, "doc_number": doc_number,
            "issued_on": pd.Timestamp(issued_on).date(), "sha256": doc_id}


def _target(doc_id: str, indicator_id: str, value: float, year: int | None = 2025, *,
            quote: str | None = None, pos: int = 0) -> dict:
    quote = quote or f"到{year}年，{indicator_id}达到{value}"
    return {"target_id": f"{doc_id}@{pos}", "doc_id": doc_id, "indicator_id": indicator_id,
            "value": value, "value_std": value, "unit": "", "comparator": ">=", "kind": "level",
            "target_year": year, "aspirational": False, "maintain": False,
            "annual": year is None, "quote": quote, "char_start": pos,
            "char_end": pos + len(quote), "value_text": str(value)}


def _store(path: Path, codebook: Codebook, documents: list[dict], targets: list[dict],
           goals: list[dict] = ()) -> Path:
    """A store written directly (no extraction), with reference tables and views."""
    tables = {"documents": pd.DataFrame(documents), "targets": pd.DataFrame(targets),
              "indicators": indicators_frame(codebook), "goals": pd.DataFrame(goals),
              "regions": reference.load_regions(paths.REGIONS),
              "build_info": pd.DataFrame({"key": ["built_on"], "value": ["2025-01-02"]})}
    write_store(path, tables, dict(reference.DDL))
    con = duckdb.connect(str(path))
    try:
        create_views(con)
    finally:
        con.close()
    return path


def _build(tmp_path: Path, texts: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    report = build(BuildConfig(source=src, db=db, manifest=None, use_cache=False))
    assert not report.skipped, report.skipped
    return db


# --- the seed workbook --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_book(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return excel.write_workbook(seed_store, tmp_path_factory.mktemp("xl") / "briefing.xlsx")


@pytest.fixture(scope="module")
def wb(seed_book: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(seed_book)


def test_sheets_in_reading_order(wb):
    names = wb.sheetnames
    assert names[0] == SUMMARY
    assert names[-2:] == [SOURCES, CODEBOOK]
    assert [n for n in names if n in FAMILY_SHEETS] == list(FAMILY_SHEETS)
    assert {UNSET, PROVINCE, CHARTS} <= set(names)
    assert "图片" not in names  # no figures folder given
    # headers are bilingual: Chinese over English
    assert wb["资源配置"]["A2"].value == "城市\nCity"
    assert wb[SOURCES]["A2"].value == "来源编号\nRef"


def test_values_match_the_store(wb, seed_store):
    rows = _family_records(wb)
    nurse = _one(rows, city=WEIHAI, indicator_id="physician_nurse_ratio", year=2025)
    assert nurse["sheet"] == "卫生人力"
    assert (nurse["target"], nurse["national_goal"]) == (1.2, 1.2)
    assert nurse["vs_national"] == "持平" and nurse["meets"] == "达到"
    assert nurse["gap_abs"] == 0 and nurse["gap_rel"] == 0
    beds = _one(rows, city=DONGYING, indicator_id="beds_per_1000", year=2025)
    # no national 2025 goal: compared with the nearest year's (2020: 6), and labelled so
    assert beds["target"] == 7.55 and beds["national_goal"] == 6
    assert "国家：2025年目标对照2020年目标：达到（晚5年）" in beds["note"]
    assert (beds["national_actual"], beds["actual_year"]) == (7.23, 2023)
    assert beds["vs_national"] == "高于目标" and beds["meets"] == "达到"
    geri = _one(rows, city=CHIFENG, indicator_id="geriatrics_department_share", year=2025)
    assert (geri["target"], geri["national_goal"], geri["gap_abs"]) == (90, 60, 30)
    assert geri["gap_rel"] == pytest.approx(0.5) and geri["meets"] == "达到"
    assert geri["province"] == "内蒙古自治区"
    emr = _one(rows, city=LIAOCHENG, indicator_id="emr_level", year=2025)
    assert emr["target"] == 4 and emr["sheet"] == "数字健康"
    # one family-sheet row per city target, with the store's value
    targets = compare.city_targets(seed_store)
    assert len(rows) == len(targets) > 0
    for t in targets.itertuples():
        year = None if pd.isna(t.target_year) else int(t.target_year)
        shown = _one(rows, city=t.region, indicator_id=t.indicator_id,
                     year=year if year is not None else "每年")
        assert shown["target"] == pytest.approx(t.compare_value)


def test_number_formats(wb):
    rows = {(r[F["city"] - 1].value, r[F["indicator_id"] - 1].value): r
            for ws in (wb["卫生人力"], wb["分级诊疗"]) for r in ws.iter_rows(min_row=3)}
    ratio = rows[(WEIHAI, "physician_nurse_ratio")]
    assert ratio[F["target"] - 1].number_format == "0.00"
    percent = rows[(DONGYING, "county_visit_rate")]
    assert percent[F["target"] - 1].value == 90
    assert percent[F["target"] - 1].number_format == '0"%"'
    assert ratio[F["gap_rel"] - 1].number_format.startswith("+0.0%")


def test_goals_a_city_leaves_unset_have_their_own_sheet(wb, seed_store):
    ws = wb[UNSET]
    vs = compare.city_vs_goals(seed_store)
    unset = vs[vs["verdict"] == "not set by the city"]
    keys = unset[["region", "indicator_id", "target_year"]].drop_duplicates()
    assert ws.max_row - 2 == len(keys)
    regions = {r[0] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert regions == set(keys["region"])


def test_summary_has_findings_headline_and_documents(wb, seed_store):
    ws = wb[SUMMARY]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    # the findings are compare's sentences (analysis.compare.findings), printed as they are
    assert any(t.endswith("医护比（2025年，国家目标≥1.2）：持平：东营市（1.2）、威海市（1.2）。")
               for t in texts)
    assert any("东营市、威海市：每万人口全科医生数2025年目标4人/万人，低于2024年全国现状4.54人/万人"
               in t for t in texts)
    assert any("赤峰市（1项）" in t and "不排名" in t for t in texts)
    assert any(t.startswith("对每个有同一指标、同一目标年份国家目标的城市目标") for t in texts)
    built_on = _built_on(seed_store)
    assert texts[texts.index("数据生成日期 Store built on") + 1] == built_on
    header = next(r for r in ws.iter_rows() if r[0].value == "指标\nIndicator")
    cities = [c.value for c in header[4:] if c.value]
    assert cities == sorted([DONGYING, WEIHAI, LIAOCHENG, CHIFENG])
    # documents used: every document title of the store is listed
    con_titles = set(compare.read_view(seed_store, "city_documents")["title"])
    assert con_titles <= set(texts)


def test_headline_numbers_are_city_targets_with_a_source(wb, seed_store):
    ws = wb[SUMMARY]
    sources = _sources(wb)
    by_key = {(s["Region / scope"], s["Indicator"], s["Target year"]): s["Value"]
              for s in sources.values() if s["Ref"].startswith("T")}
    header = next(r for r in ws.iter_rows() if r[0].value == "指标\nIndicator")
    cities = [c.value for c in header[4:]]
    checked = 0
    for row in ws.iter_rows(min_row=header[0].row + 1, values_only=True):
        if row[0] is None:
            break
        for city, value in zip(cities, row[4:], strict=False):
            if city and isinstance(value, int | float):
                assert by_key[(city, row[0], row[2])] == value
                checked += 1
    # every city target of a core indicator is on the summary
    with duckdb.connect(str(seed_store), read_only=True) as con:
        core = {r[0] for r in con.execute("SELECT indicator_id FROM indicators WHERE core").fetchall()}
    assert checked == int(compare.city_targets(seed_store)["indicator_id"].isin(core).sum())


def test_every_number_on_family_and_unset_sheets_has_a_source_row(wb):
    sources = _sources(wb)
    n = 0
    for name in FAMILY_SHEETS:
        for rec in _records(wb[name]):
            for number, ref in NUMBER_REFS.items():
                if isinstance(rec[number], int | float):
                    src = sources[rec[ref]]
                    assert src["Value"] == pytest.approx(rec[number]), (name, rec, src)
                    n += 1
                else:
                    assert rec[ref] is None
            tgt = sources[rec["ref_target"]]
            assert tgt["Region / scope"] == rec["city"] and tgt["Exact quote / excerpt"]
            assert isinstance(tgt["char_start"], int) and tgt["char_end"] > tgt["char_start"]
    assert n > 36
    for row in wb[UNSET].iter_rows(min_row=3, values_only=True):
        for value, ref in ((row[5], row[8]), (row[6], row[9])):
            assert (value is None) == (ref is None)
            if ref:
                assert sources[ref]["Value"] == pytest.approx(value)
    # chart data blocks carry the target ref as well
    ws = wb[CHARTS]
    for row in ws.iter_rows(min_row=3, values_only=True):
        if isinstance(row[1], int | float) and row[5]:
            assert sources[row[5]]["Value"] == pytest.approx(row[1])


def test_sources_trace_quotes_back_to_the_store(wb, seed_store):
    sources = _sources(wb)
    targets = compare.city_targets(seed_store).set_index("target_id")
    for src in sources.values():
        if src["Ref"].startswith("T"):
            t = targets.loc[src["target_id / goal_id"]]
            assert src["Exact quote / excerpt"] == t["quote"]
            assert (src["char_start"], src["char_end"]) == (t["char_start"], t["char_end"])
            assert src["Document title"] == t["doc_title"]
        elif src["Ref"].startswith("G"):
            assert src["Exact quote / excerpt"] and src["Document title"]
    goal = next(s for s in sources.values() if s["target_id / goal_id"]
                == "ref:全国:physician_nurse_ratio:2025")
    assert goal["Document number"] == "国卫医发〔2022〕15号" and goal["Verified"] == "是"


def test_codebook_sheet(wb, seed_store):
    ws = wb[CODEBOOK]
    ids = [r[0] for r in ws.iter_rows(min_row=3, values_only=True)]
    with open(paths.CODEBOOK, encoding="utf-8-sig") as fh:
        expected = [row["id"] for row in csv.DictReader(fh)]
    assert ids == expected
    beds = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "beds_per_1000")
    assert beds[3] == "每千人口医疗卫生机构床位数" and beds[6] == "越高越好" and beds[9]


def test_native_charts_are_bar_plus_line_reading_the_sheet(wb):
    ws = wb[CHARTS]
    charts = ws._charts
    assert len(charts) == 16
    with_goal = 0
    for chart in charts:
        kinds = [type(c).__name__ for c in chart._charts]
        assert kinds[0] == "BarChart" and set(kinds) <= {"BarChart", "LineChart"}
        bar = chart._charts[0]
        assert len(bar.series) == 1
        series = bar.series[0]
        cities = _range_values(wb, series.cat.strRef.f)
        values = _range_values(wb, series.val.numRef.f)
        assert all(isinstance(c, str) for c in cities) and len(cities) == len(values)
        assert _range_values(wb, series.tx.strRef.f) == ["城市目标"]
        assert len(series.dPt) == len(cities)  # one colour per city
        for line in chart._charts[1:]:
            for s in line.series:
                assert _range_values(wb, s.cat.strRef.f) == cities
                title = _range_values(wb, s.tx.strRef.f)[0]
                assert title in ("国家目标", "省级目标", "全国现状")
                with_goal += title == "国家目标"
    assert with_goal == 4  # 医护比, 老年医学科, 健康素养, 公立中医床位 (2025)
    # the national-goal series of 医护比 reads 1.2 for both cities, the bars 1.2 too
    nurse = next(c for c in charts if "医护比" in str(c.title.tx.rich.p[0].r[0].t))
    bar, line = nurse._charts
    assert _range_values(wb, bar.series[0].val.numRef.f) == [1.2, 1.2]
    national = next(s for s in line.series
                    if _range_values(wb, s.tx.strRef.f) == ["国家目标"])
    assert _range_values(wb, national.val.numRef.f) == [1.2, 1.2]


def test_city_colours_match_the_figures(wb, seed_store):
    from analysis.outputs import figures

    colors = figures.load(seed_store).colors  # the colours every figure uses
    for chart in wb[CHARTS]._charts:
        series = chart._charts[0].series[0]
        cities = _range_values(wb, series.cat.strRef.f)
        fills = [p.graphicalProperties.solidFill.srgbClr for p in series.dPt]
        assert fills == [colors[c].lstrip("#").upper() for c in cities]


def test_conditional_formatting_frozen_panes_filters_and_print_setup(wb):
    for name in wb.sheetnames:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.freeze_panes, name
    for name in (*FAMILY_SHEETS, UNSET, PROVINCE, SOURCES, CODEBOOK):
        ws = wb[name]
        assert ws.print_title_rows == "$1:$2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), name
        assert ws.freeze_panes in ("B3", "A3"), name
    for name in FAMILY_SHEETS:
        rules = {str(k.sqref): [r.type for r in v]
                 for k, v in wb[name].conditional_formatting._cf_rules.items()}
        meets = [ref for ref in rules if ref.startswith("L3:N")]
        assert meets and len(rules[meets[0]]) >= 6, (name, rules)
    ws = wb["卫生人力"]
    assert ws.column_dimensions["C"].width >= 20  # indicator names
    assert ws["C3"].alignment.wrap_text
    assert ws["A3"].font.name == excel.FONT_NAME


def test_document_properties_are_fixed(wb, seed_store):
    assert wb.properties.creator == excel.CREATOR
    assert str(wb.properties.created)[:10] == str(wb.properties.modified)[:10] \
        == _built_on(seed_store)


def test_same_store_same_bytes(seed_store, seed_book, tmp_path):
    again = excel.write_workbook(seed_store, tmp_path / "again.xlsx")
    assert again.read_bytes() == seed_book.read_bytes()


def test_no_hyperlinks_and_no_formulas(seed_book):
    for name, xml in _sheet_xml(seed_book).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert "<hyperlink" not in xml, name


def test_english_labels(seed_store, tmp_path):
    book = _write(seed_store, tmp_path / "en.xlsx", lang="en")
    assert book.sheetnames[0] == "Summary" and "Sources" in book.sheetnames
    assert book["Workforce"]["A2"].value == "City"
    cities = {r[0] for r in book["Workforce"].iter_rows(min_row=3, values_only=True)}
    assert "Weihai 威海市" in cities
    with pytest.raises(ValueError):
        excel.write_workbook(seed_store, tmp_path / "x.xlsx", lang="fr")


def test_png_figures_are_embedded_when_present(seed_store, tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    Image.new("RGB", (300, 200), "white").save(figures / "02_coverage_heatmap.png")
    Image.new("RGB", (300, 200), "white").save(figures / "03_cities_beds.png")  # native too
    (figures / "02_coverage_heatmap.svg").write_text("<svg/>", encoding="utf-8")
    book = _write(seed_store, tmp_path / "fig.xlsx", figures_dir=figures)
    assert "图片" in book.sheetnames and len(book["图片"]._images) == 1
    assert book["图片"]["A3"].value == "02_coverage_heatmap.png"
    missing = _write(seed_store, tmp_path / "nofig.xlsx", figures_dir=tmp_path / "absent")
    assert "图片" not in missing.sheetnames


def test_cli(seed_store, tmp_path, capsys):
    out = tmp_path / "cli.xlsx"
    assert main(["excel", "--db", str(seed_store), "--out", str(out), "--no-figures"]) == 0
    assert out.exists() and "wrote" in capsys.readouterr().out
    assert main(["excel", "--db", str(tmp_path / "missing.duckdb"), "--out",
                 str(tmp_path / "m.xlsx")]) == 2
    assert not (tmp_path / "m.xlsx").exists()


# --- safety: document text never becomes a formula ---------------------------------------------

INJECTION = (
    "东营市人民政府办公室\n关于印发=SUM(1,2)实施方案的通知\n\n一、主要目标\n"
    '=HYPERLINK("http://example.com","x")到2025年，每千人口医疗卫生机构床位数达到7.55张。\n'
    "+到2025年，医护比达到1:1.2。\n"
    "-到2025年，每万人口全科医生数达到4人。\n"
    "@到2025年，全人群家庭医生签约率达到60%以上。\n"
    "2024年12月24日\n"
)


def test_document_text_starting_with_formula_characters_stays_text(tmp_path):
    db = _build(tmp_path, {"a.txt": INJECTION})
    quotes = set(compare.city_targets(db)["quote"])
    assert {q[0] for q in quotes} == {"=", "+", "-", "@"}  # the store really holds them
    out = tmp_path / "inj.xlsx"
    book = _write(db, out)
    for name, xml in _sheet_xml(out).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert "<hyperlink" not in xml, name
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None
                if isinstance(cell.value, str) and cell.value in quotes:
                    assert cell.data_type == "s" and cell.quotePrefix
                    seen.add(cell.value)
                if cell.value == "=SUM(1,2)实施方案":
                    seen.add(cell.value)
    assert seen == quotes | {"=SUM(1,2)实施方案"}


def test_names_and_numbers_written_by_hand_are_text_too(tmp_path, codebook):
    docs = [_doc("a", "=CMD()市", title="@SUM(A1)", doc_number="+1〔2024〕1号",
                 province="-山东省")]
    targets = [_target("a", "beds_per_1000", 7.5, quote="=1+1\t床位7.5张"),
               _target("a", "gp_per_10000", 4, quote="\r全科4人\x01", pos=50)]
    db = _store(tmp_path / "s.duckdb", codebook, docs, targets)
    out = tmp_path / "hand.xlsx"
    book = _write(db, out)
    assert all("<f>" not in xml for xml in _sheet_xml(out).values())
    texts = {c.value for ws in book.worksheets for r in ws.iter_rows() for c in r
             if isinstance(c.value, str)}
    assert {"=CMD()市", "@SUM(A1)", "+1〔2024〕1号", "-山东省", "=1+1\t床位7.5张"} <= texts
    assert "\r全科4人\ufffd" in texts  # control character Excel cannot store, replaced


# --- small and odd stores ------------------------------------------------------------------------


def test_an_empty_store_gives_a_sensible_workbook(tmp_path, codebook):
    db = _store(tmp_path / "empty.duckdb", codebook, [], [])
    book = _write(db, tmp_path / "empty.xlsx")
    assert book.sheetnames == [SUMMARY, PROVINCE, CHARTS, SOURCES, CODEBOOK]
    assert not book[CHARTS]._charts
    texts = [c.value for r in book[SUMMARY].iter_rows() for c in r if c.value]
    assert any("没有城市目标" in str(t) for t in texts)
    assert book[SOURCES].max_row == 2 and book[CODEBOOK].max_row > 20
    assert str(book.properties.created)[:10] == "2025-01-02"


def test_a_one_city_store(tmp_path):
    db = _build(tmp_path, {"dy.txt": "东营市人民政府办公室\n到2025年，全市每千人口医疗卫生机构床位数"
                                     "达到7.55张，医护比达到1:1.2。\n2024年12月24日\n"})
    book = _write(db, tmp_path / "one.xlsx")
    rows = _family_records(book)
    assert {r["city"] for r in rows} == {DONGYING}
    assert _one(rows, indicator_id="physician_nurse_ratio")["vs_national"] == "持平"
    charts = book[CHARTS]._charts
    assert len(charts) == 1  # 医护比 has a national goal; beds has none and one city
    assert [type(c).__name__ for c in charts[0]._charts] == ["BarChart", "LineChart"]
    header = next(r for r in book[SUMMARY].iter_rows() if r[0].value == "指标\nIndicator")
    assert [c.value for c in header[4:] if c.value] == [DONGYING]


def test_cities_that_share_no_indicator_still_get_charts(tmp_path, codebook):
    docs = [_doc("a", DONGYING, province="山东省"), _doc("b", WEIHAI, province="山东省")]
    targets = [_target("a", "beds_per_1000", 7.5), _target("b", "emr_level", 4)]
    db = _store(tmp_path / "s.duckdb", codebook, docs, targets)
    book = _write(db, tmp_path / "apart.xlsx")
    charts = book[CHARTS]._charts
    assert len(charts) == 2
    assert {tuple(_range_values(book, c._charts[0].series[0].cat.strRef.f)) for c in charts} \
        == {(DONGYING,), (WEIHAI,)}
    assert {r["sheet"] for r in _family_records(book)} == {"资源配置", "数字健康"}


@pytest.fixture(scope="module")
def many_cities(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """240 cities, each with a beds and a nurse-ratio target (built by extraction)."""
    with open(paths.REGIONS, encoding="utf-8-sig") as fh:
        cities = [r["region"] for r in csv.DictReader(fh)
                  if r["level"] == "municipal" and r["region"].endswith("市")][:240]
    texts = {}
    for i, city in enumerate(cities):
        beds = 6 + (i * 37 % 300) / 100
        texts[f"d{i:03d}.txt"] = (f"{city}人民政府办公室\n到2025年，每千人口医疗卫生机构床位数达到"
                                  f"{beds:.2f}张，医护比达到1:{1.0 + (i % 5) / 10:.1f}。\n2024年6月30日\n")
    return _build(tmp_path_factory.mktemp("many"), texts), cities


def test_hundreds_of_regions_stay_a_briefing(many_cities, tmp_path):
    db, cities = many_cities
    top_n = 12
    book = _write(db, tmp_path / "many.xlsx", top_n=top_n)
    listed = {r["city"] for r in _family_records(book)}
    # the tables list top_n cities, the summary says which and where the rest are
    assert len(listed) == top_n and len(_family_records(book)) == 2 * top_n
    meta = {r[0]: r[1] for r in book[SUMMARY].iter_rows(min_row=3, max_row=14, values_only=True)
            if r[0]}
    assert f"（共{len(cities)}个）" in meta["列出的城市 Cities listed"]
    assert "python -m analysis export" in meta["列出的城市 Cities listed"]
    # findings and province aggregates still count every city
    assert meta["城市数 Cities"] == len(cities)
    province_rows = list(book[PROVINCE].iter_rows(min_row=3, values_only=True))
    assert len({r[0] for r in province_rows}) > 10
    setting = {c.value: j for j, c in enumerate(book[PROVINCE][2])}
    n_col = setting["设定该指标的城市数\nCities setting it"]
    assert sum(r[n_col] for r in province_rows) == 2 * len(cities)
    # charts: the listed cities, most ambitious first
    charts = book[CHARTS]._charts
    assert len(charts) == 2
    for chart in charts:
        assert set(_range_values(book, chart._charts[0].series[0].cat.strRef.f)) <= listed
    beds = next(c for c in charts if "床位" in str(c.title.tx.rich.p[0].r[0].t))
    values = _range_values(book, beds._charts[0].series[0].val.numRef.f)
    assert values == sorted(values, reverse=True)
    # documents: only the listed cities' on their own sheet
    assert "文件" in book.sheetnames and book["文件"].max_row == 2 + top_n


def test_regions_and_province_choose_the_cities_listed(many_cities, tmp_path):
    db, cities = many_cities
    book = _write(db, tmp_path / "two.xlsx", regions=[cities[0][:-1], cities[1]])
    assert {r["city"] for r in _family_records(book)} == {cities[0], cities[1]}
    with duckdb.connect(str(db), read_only=True) as con:
        province, n = con.execute(
            "SELECT province, count(*) FROM cities WHERE province IS NOT NULL "
            "GROUP BY 1 HAVING count(*) BETWEEN 2 AND 40 ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
        members = {r for (r,) in con.execute("SELECT region FROM cities WHERE province = ?",
                                             [province]).fetchall()}
    book = _write(db, tmp_path / "prov.xlsx", provinces=[province])
    assert {r["city"] for r in _family_records(book)} == members and len(members) == n
    with pytest.raises(UnknownName):
        excel.write_workbook(db, tmp_path / "x.xlsx", regions=["不存在市"])


def test_cli_takes_regions_and_exits_2_on_an_unknown_one(many_cities, tmp_path, capsys):
    db, cities = many_cities
    out = tmp_path / "cli.xlsx"
    assert main(["excel", "--db", str(db), "--out", str(out), "--no-figures",
                 "--regions", f"{cities[0]},{cities[1][:-1]}"]) == 0
    assert {r["city"] for r in _family_records(openpyxl.load_workbook(out))} == set(cities[:2])
    assert main(["excel", "--db", str(db), "--out", str(tmp_path / "bad.xlsx"),
                 "--regions", "不存在市"]) == 2
    assert "closest" in capsys.readouterr().err


# --- a real spreadsheet application ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_workbook_to_pdf(seed_book, tmp_path):
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(seed_book)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / "briefing.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 10_000, (result.stdout, result.stderr)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= len(openpyxl.load_workbook(seed_book).sheetnames)
