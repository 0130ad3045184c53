"""The Excel briefing workbook: sheets, values against the store, charts, safety, scale.

Every test writes the workbook from a store whose rows are chosen by hand: the five-city
store of tests/fixture_store.py (session fixture ``city_store``) or a smaller one written
in the test, so no expected cell depends on what the extractor finds in the seeds.  Facts
used below: 威海市 医护比 1.2 = national 2025 goal 1.2 (equal); 东营市 beds 7.55 per 1,000
(2025) has no national 2025 goal (the 2020 goal is 6), latest national actual 7.23 (2023);
赤峰市 geriatrics departments 90% vs national 60% (2025); 东营市 GPs 4 per 10,000 against
the 2030 goal of 5.  Cells are looked up by column name (the header's English part).
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
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from analysis import paths
from analysis.build import indicators_frame
from analysis.cli import main
from analysis.compare import views as compare
from analysis.compare.names import UnknownName
from analysis.compare.views import create_views
from analysis.extract.codebook import Codebook
from analysis.outputs import excel
from analysis.store import reference
from analysis.store.schema import write_store
from fixture_store import BUILT_ON, CF_GERI_QUOTE, DY_BEDS_QUOTE, WH_NURSE_QUOTE, YT

DONGYING, WEIHAI, LIAOCHENG, CHIFENG, YANTAI = "东营市", "威海市", "聊城市", "赤峰市", YT
CITIES = [DONGYING, WEIHAI, YANTAI, LIAOCHENG, CHIFENG]
SUMMARY, SOURCES, CODEBOOK, CHARTS = "概览", "来源", "指标说明", "图表"
UNSET, PROVINCE = "未设定目标", "分省"
FAMILY_SHEETS = ("资源配置", "卫生人力", "分级诊疗", "家庭医生", "基层医疗", "医院能力",
                 "数字健康", "人群健康")
# family-sheet columns by the English part of their header (excel.family)
F = {"City": "city", "Province": "province", "Indicator": "indicator", "Unit": "unit",
     "Target year": "year", "Comparator": "comparator", "City target": "target",
     "National goal": "national_goal", "Provincial goal": "provincial_goal", "Gap": "gap_abs",
     "Rel. gap": "gap_rel", "vs national": "vs_national", "vs provincial": "vs_provincial",
     "Meets goal?": "meets", "National actual": "national_actual",
     "Actual year": "actual_year", "Target ref": "ref_target", "Nat. ref": "ref_national",
     "Prov. ref": "ref_provincial", "Actual ref": "ref_actual", "Note": "note",
     "Indicator id": "indicator_id"}
NUMBER_REFS = {"target": "ref_target", "national_goal": "ref_national",
               "provincial_goal": "ref_provincial", "national_actual": "ref_actual"}


# --- helpers ---------------------------------------------------------------------------------


def _write(db: Path, out: Path, **kwargs) -> openpyxl.Workbook:
    path = excel.write_workbook(db, out, **kwargs)
    assert path == out and out.exists()
    return openpyxl.load_workbook(out)


def _columns(ws: Worksheet, header_row: int = 2) -> dict[str, int]:
    """0-based column index by the English part of each header ("城市\\nCity" -> "City")."""
    return {str(c.value).split("\n")[-1]: j for j, c in enumerate(ws[header_row])
            if c.value is not None}


def _records(ws: Worksheet, header_row: int = 2) -> list[dict[str, object]]:
    """Rows below the header as dicts keyed by family-column name (family sheets)."""
    cols = {F[name]: j for name, j in _columns(ws, header_row).items()}
    assert set(cols) == set(F.values()), set(F.values()) - set(cols)
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            continue
        out.append({key: row[j] for key, j in cols.items()})
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
    keys = list(_columns(ws))
    out = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        rec = dict(zip(keys, row, strict=True))
        out[rec["Ref"]] = rec
    return out


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


def _real_goals(codebook: Codebook) -> list[dict]:
    """The national goals of data/raw, as a build loads them."""
    regions = reference.load_regions(paths.REGIONS)
    return reference.load_goals(paths.RAW / reference.GOALS_FILE,
                                [i.id for i in codebook.indicators],
                                reference.provinces(regions)).records()


def _store(path: Path, codebook: Codebook, documents: list[dict], targets: list[dict],
           goals: list[dict] = ()) -> Path:
    """A store written directly (no extraction), with reference tables and views."""
    regions = reference.load_regions(paths.REGIONS)
    tables = {"documents": pd.DataFrame(documents), "targets": pd.DataFrame(targets),
              "indicators": indicators_frame(codebook), "goals": pd.DataFrame(goals),
              "regions": regions,
              "national_actuals": reference.load_actuals(
                  paths.RAW / reference.ACTUALS_FILE, None, reference.provinces(regions)),
              "build_info": pd.DataFrame({"key": ["built_on"], "value": [BUILT_ON]})}
    write_store(path, tables, dict(reference.DDL))
    con = duckdb.connect(str(path))
    try:
        create_views(con)
    finally:
        con.close()
    return path


# --- the five-city workbook ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def city_book(city_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return excel.write_workbook(city_store, tmp_path_factory.mktemp("xl") / "briefing.xlsx")


@pytest.fixture(scope="module")
def wb(city_book: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(city_book)


def test_sheets_in_reading_order(wb):
    names = wb.sheetnames
    assert names == [SUMMARY, *FAMILY_SHEETS, UNSET, PROVINCE, CHARTS, SOURCES, CODEBOOK]
    assert "图片" not in names  # no figures folder given
    # headers are bilingual: Chinese over English
    assert wb["资源配置"]["A2"].value == "城市\nCity"
    assert wb[SOURCES]["A2"].value == "来源编号\nRef"


def test_values_match_the_store(wb, city_store):
    rows = _family_records(wb)
    nurse = _one(rows, city=WEIHAI, indicator_id="physician_nurse_ratio", year=2025)
    assert nurse["sheet"] == "卫生人力"
    assert (nurse["target"], nurse["national_goal"]) == (1.2, 1.2)
    assert nurse["vs_national"] == "持平" and nurse["meets"] == "达到"
    assert nurse["gap_abs"] == 0 and nurse["gap_rel"] == 0
    assert (nurse["national_actual"], nurse["actual_year"]) == (1.18, 2022)
    beds = _one(rows, city=DONGYING, indicator_id="beds_per_1000", year=2025)
    # no national 2025 goal: compared with the nearest year's (2020: 6), and labelled so
    assert beds["sheet"] == "资源配置" and beds["province"] == "山东省"
    assert beds["target"] == 7.55 and beds["national_goal"] == 6
    assert beds["gap_abs"] == pytest.approx(1.55) and beds["gap_rel"] == pytest.approx(1.55 / 6)
    assert beds["note"].startswith("国家：2025年目标对照2020年目标：达到（晚5年）; 没有国家2025年目标")
    assert (beds["national_actual"], beds["actual_year"]) == (7.23, 2023)
    assert beds["vs_national"] == "高于目标" and beds["meets"] == "达到"
    assert beds["vs_provincial"] == "无参照目标" and beds["provincial_goal"] is None
    gp = _one(rows, city=DONGYING, indicator_id="gp_per_10000", year=2025)
    assert (gp["target"], gp["national_goal"], gp["gap_abs"], gp["gap_rel"]) == (4, 5, -1, -0.2)
    assert gp["vs_national"] == "低于目标" and gp["meets"] == "未达到"
    geri = _one(rows, city=CHIFENG, indicator_id="geriatrics_department_share", year=2025)
    assert (geri["target"], geri["national_goal"], geri["gap_abs"]) == (90, 60, 30)
    assert geri["gap_rel"] == pytest.approx(0.5) and geri["meets"] == "达到"
    assert geri["province"] == "内蒙古自治区" and geri["sheet"] == "医院能力"
    tcm = _one(rows, city=CHIFENG, indicator_id="tcm_beds_per_1000", year=2025)
    assert tcm["national_goal"] is None and tcm["meets"] == "无参照"
    emr = _one(rows, city=LIAOCHENG, indicator_id="emr_level", year=2025)
    assert emr["target"] == 4 and emr["sheet"] == "数字健康"
    sent = _one(rows, city=DONGYING, indicator_id="staff_sent_down_per_year")
    assert (sent["year"], sent["target"], sent["sheet"]) == ("每年", 300, "分级诊疗")
    # Weihai's geriatrics commitment is in words: no number, so no family-sheet row
    assert not [r for r in rows if r["city"] == WEIHAI
                and r["indicator_id"] == "geriatrics_department_share"]
    # one family-sheet row per city target, with the store's value
    targets = compare.city_targets(city_store)
    assert len(rows) == len(targets) == 29
    for t in targets.itertuples():
        year = None if pd.isna(t.target_year) else int(t.target_year)
        shown = _one(rows, city=t.region, indicator_id=t.indicator_id,
                     year=year if year is not None else "每年")
        assert shown["target"] == pytest.approx(t.compare_value)
    # rows in codebook order, then by city: beds of Dongying, Weihai, Yantai
    assert [r["city"] for r in _records(wb["资源配置"])][:3] == [DONGYING, WEIHAI, YANTAI]


def test_number_formats(wb):
    def cell(sheet: str, city: str, indicator: str, column: str):
        ws = wb[sheet]
        cols = _columns(ws)
        row = next(r for r in ws.iter_rows(min_row=3) if r[cols["City"]].value == city
                   and r[cols["Indicator id"]].value == indicator)
        return row[cols[column]]

    # the one number rule of analysis.formats: a cell shows what the figures and the site
    # show for the value (7.5 not 7.50, a percent keeps its written decimals), as a number
    ratio = cell("卫生人力", WEIHAI, "physician_nurse_ratio", "City target")
    assert ratio.value == 1.2 and ratio.number_format == "#,##0.0"  # 1.2, was 1.20
    assert cell("卫生人力", WEIHAI, "physician_nurse_ratio", "Comparator").value == "≥"
    exact = cell("卫生人力", WEIHAI, "bed_physician_ratio", "Comparator")
    assert exact.value == "="  # a column of signs shows the exact one (a label leaves it out)
    assert cell("卫生人力", WEIHAI, "bed_physician_ratio", "City target").number_format == \
        "#,##0.00"  # 0.55
    percent = cell("家庭医生", DONGYING, "family_doctor_signing_rate", "City target")
    assert percent.value == 60
    assert percent.number_format == '#,##0"%"'
    beds = cell("资源配置", DONGYING, "beds_per_1000", "City target")
    assert beds.value == 7.55 and beds.number_format == "#,##0.00"
    literacy = cell("人群健康", WEIHAI, "health_literacy_rate", "National actual")
    assert literacy.value == pytest.approx(31.87)
    assert literacy.number_format == '#,##0.00"%"'  # two written decimals survive
    # Yantai's physicians 3.5 against the national 3.2: +9.375 %, shown +9.4% (the figures' label)
    rel = cell("卫生人力", YANTAI, "physicians_per_1000", "Rel. gap")
    assert rel.value == pytest.approx(0.09375)
    assert rel.number_format == "+#,##0.0%;-#,##0.0%;0%"
    gap = cell("卫生人力", YANTAI, "physicians_per_1000", "Gap")
    assert gap.value == pytest.approx(0.3) and gap.number_format == "+#,##0.0;-#,##0.0;0"
    gp = cell("卫生人力", WEIHAI, "gp_per_10000", "Rel. gap")  # 4 against 5: -20%, not -20.0%
    assert gp.value == pytest.approx(-0.2) and gp.number_format == "+#,##0%;-#,##0%;0%"


def test_goals_a_city_leaves_unset_have_their_own_sheet(wb, city_store):
    ws = wb[UNSET]
    cols = _columns(ws)
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    # 13 open national goals a city can address: Dongying leaves 12, Weihai 9 (its
    # geriatrics commitment is in words), Yantai 8, Liaocheng 13, Chifeng 12
    per_city = pd.Series([r[cols["City"]] for r in rows]).value_counts().to_dict()
    assert per_city == {DONGYING: 12, WEIHAI: 9, YANTAI: 8, LIAOCHENG: 13, CHIFENG: 12}
    vs = compare.city_vs_goals(city_store)
    unset = vs[vs["verdict"] == "not set by the city"]
    assert len(rows) == len(unset[["region", "indicator_id", "target_year"]].drop_duplicates())
    fd = next(r for r in rows if r[cols["City"]] == DONGYING
              and r[cols["Indicator id"]] == "family_doctor_signing_rate")
    assert (fd[cols["Target year"]], fd[cols["National goal"]]) == (2035, 75)
    assert fd[cols["Years the city set"]] == "2025"


def test_summary_has_findings_headline_and_documents(wb, city_store):
    ws = wb[SUMMARY]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    # the findings are compare's sentences (analysis.compare.findings), printed as they are
    assert any(t.endswith("医护比（2025年，国家目标≥1.2）：持平：东营市（1.2）、威海市（1.2）、烟台市（1.2）。")
               for t in texts)
    assert any("东营市、威海市：每万人口全科医生数2025年目标4人/万人，低于2024年全国现状4.54人/万人"
               in t for t in texts)
    assert any(t.endswith("雄心指数排名：1. 威海市（3项可比目标中100%不低于国家目标，中位数1.48）、"
                          "2. 烟台市（5项可比目标中100%不低于国家目标，中位数1.09）。") for t in texts)
    assert any("赤峰市（1项）" in t and "不排名" in t for t in texts)
    assert any(t.startswith("对每个有同一指标、同一目标年份国家目标的城市目标") for t in texts)
    meta = {r[0]: r[1] for r in ws.iter_rows(min_row=3, max_row=12, values_only=True) if r[0]}
    assert meta["数据生成日期 Store built on"] == BUILT_ON
    # documents: 5 city plans, the bulletin, the duplicate copy and the national document
    assert (meta["文件数 Documents"], meta["城市数 Cities"], meta["目标数 Targets"]) == (8, 5, 29)
    assert meta["参照目标 Reference goals"] == "15 项国家目标，0 项省级目标"
    header = next(r for r in ws.iter_rows() if r[0].value == "指标\nIndicator")
    cities = [c.value for c in header[4:] if c.value]
    assert cities == sorted(CITIES)
    # documents used: every city document title of the store is listed
    con_titles = set(compare.read_view(city_store, "city_documents")["title"])
    assert con_titles == {"关于进一步完善医疗卫生服务体系的实施方案", "聊城市推动公立医院高质量发展实施方案",
                          "威海市2023年卫生健康事业发展统计公报"}
    assert con_titles <= set(texts)


def test_headline_numbers_are_city_targets_with_a_source(wb, city_store):
    ws = wb[SUMMARY]
    sources = _sources(wb)
    by_key = {(s["Region / scope"], s["Indicator"], s["Target year"]): s["Value"]
              for s in sources.values() if s["Ref"].startswith("T")}
    header = next(r for r in ws.iter_rows() if r[0].value == "指标\nIndicator")
    cities = [c.value for c in header[4:]]
    checked = 0
    shown = {}
    for row in ws.iter_rows(min_row=header[0].row + 1, values_only=True):
        if row[0] is None:
            break
        shown[(row[0], row[2])] = dict(zip(cities, row[4:], strict=False))
        for city, value in zip(cities, row[4:], strict=False):
            if city and isinstance(value, int | float):
                assert by_key[(city, row[0], row[2])] == value
                checked += 1
    beds = shown[("每千人口医疗卫生机构床位数", 2025)]
    assert [beds[c] for c in sorted(CITIES)] == [7.55, 7.5, 7.2, None, None]
    assert row_goal(ws, header[0].row, "医护比") == 1.2
    assert row_goal(ws, header[0].row, "每千人口医疗卫生机构床位数") is None  # 2020 only
    # every city target of a core indicator is on the summary
    with duckdb.connect(str(city_store), read_only=True) as con:
        core = {r[0] for r in con.execute("SELECT indicator_id FROM indicators WHERE core").fetchall()}
    assert checked == int(compare.city_targets(city_store)["indicator_id"].isin(core).sum()) > 0


def row_goal(ws: Worksheet, header_row: int, indicator: str) -> object:
    """The national-goal cell of the headline row of ``indicator``."""
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] == indicator:
            return row[3]
    raise AssertionError(indicator)


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
    # 29 targets; national goals of the same or nearest year: Dongying 4 (beds, family
    # doctors, GPs, 医护比), Weihai 6 (and literacy, public TCM beds), Yantai 7, Chifeng 1;
    # national actuals: Dongying 3 (beds, GPs, 医护比), Weihai 4, Yantai 6
    assert n == 29 + (4 + 6 + 7 + 1) + (3 + 4 + 6)
    ws = wb[UNSET]
    cols = _columns(ws)
    for row in ws.iter_rows(min_row=3, values_only=True):
        for value, ref in ((row[cols["National goal"]], row[cols["Nat. ref"]]),
                           (row[cols["Provincial goal"]], row[cols["Prov. ref"]])):
            assert (value is None) == (ref is None)
            if ref:
                assert sources[ref]["Value"] == pytest.approx(value)
    # chart data blocks carry the target ref as well
    ws = wb[CHARTS]
    for row in ws.iter_rows(min_row=3, values_only=True):
        if isinstance(row[1], int | float) and row[5]:
            assert sources[row[5]]["Value"] == pytest.approx(row[1])


def test_sources_trace_quotes_back_to_the_store(wb, city_store):
    sources = _sources(wb)
    targets = compare.city_targets(city_store).set_index("target_id")
    kinds = pd.Series([s["Ref"][0] for s in sources.values()]).value_counts().to_dict()
    assert kinds == {"T": 29, "G": 14, "A": 6}  # targets, national goals shown, actuals
    for src in sources.values():
        if src["Ref"].startswith("T"):
            t = targets.loc[src["target_id / goal_id"]]
            assert src["Exact quote / excerpt"] == t["quote"]
            assert (src["char_start"], src["char_end"]) == (t["char_start"], t["char_end"])
            assert src["Document title"] == t["doc_title"]
        elif src["Ref"].startswith("G"):
            assert src["Exact quote / excerpt"] and src["Document title"]
    by_id = {s["target_id / goal_id"]: s for s in sources.values()}
    assert by_id["wh@20"]["Exact quote / excerpt"] == WH_NURSE_QUOTE
    assert by_id["dy@120"]["Exact quote / excerpt"] == DY_BEDS_QUOTE
    assert by_id["dy@120"]["Document number"] == "东政办字〔2024〕34号"
    assert by_id["cf@100"]["Exact quote / excerpt"] == CF_GERI_QUOTE
    goal = by_id["ref:全国:physician_nurse_ratio:2025"]
    assert goal["Document number"] == "国卫医发〔2022〕15号" and goal["Verified"] == "是"
    assert goal["Exact quote / excerpt"] == "医护比达到1∶1.2"


def test_codebook_sheet(wb):
    ws = wb[CODEBOOK]
    ids = [r[0] for r in ws.iter_rows(min_row=3, values_only=True)]
    with open(paths.CODEBOOK, encoding="utf-8-sig") as fh:
        expected = [row["id"] for row in csv.DictReader(fh)]
    assert ids == expected
    cols = _columns(ws)
    beds = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "beds_per_1000")
    assert beds[3] == "每千人口医疗卫生机构床位数" and beds[6] == "越高越好" and beds[9]
    assert len(cols) == 10


def test_native_charts_are_bar_plus_line_reading_the_sheet(wb):
    ws = wb[CHARTS]
    charts = ws._charts
    # one chart per indicator and year set by two or more cities or with a national goal
    # of the same year: the 14 indicators with a target but TCM beds (Chifeng only, no goal)
    assert len(charts) == 13
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
    # 公立中医床位, 医护比, 医师, 护士, 老年医学科, 健康素养 (2025)
    assert with_goal == 6
    # the national-goal series of 医护比 reads 1.2 for the three cities, the bars 1.2 too
    nurse = next(c for c in charts if "医护比" in str(c.title.tx.rich.p[0].r[0].t))
    bar, line = nurse._charts
    assert _range_values(wb, bar.series[0].cat.strRef.f) == [DONGYING, WEIHAI, YANTAI]
    assert _range_values(wb, bar.series[0].val.numRef.f) == [1.2, 1.2, 1.2]
    national = next(s for s in line.series
                    if _range_values(wb, s.tx.strRef.f) == ["国家目标"])
    assert _range_values(wb, national.val.numRef.f) == [1.2, 1.2, 1.2]
    # beds: most ambitious first, no national goal line (2020 only), the 2023 actual
    beds = next(c for c in charts if "床位" in str(c.title.tx.rich.p[0].r[0].t)
                and "中医" not in str(c.title.tx.rich.p[0].r[0].t))
    assert _range_values(wb, beds._charts[0].series[0].val.numRef.f) == [7.55, 7.5, 7.2]
    titles = [_range_values(wb, s.tx.strRef.f)[0] for ln in beds._charts[1:] for s in ln.series]
    assert titles == ["全国现状"]


def test_city_colours_match_the_figures(wb, city_store):
    from analysis.outputs import figures

    colors = figures.load(city_store).colors  # the colours every figure uses
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
        ws = wb[name]
        cols = _columns(ws)
        # the verdict columns, found by name: vs national .. meets goal
        first = get_column_letter(cols["vs national"] + 1)
        last = get_column_letter(cols["Meets goal?"] + 1)
        rules = {str(k.sqref): [r.type for r in v]
                 for k, v in ws.conditional_formatting._cf_rules.items()}
        meets = [ref for ref in rules if ref.startswith(f"{first}3:{last}")]
        assert meets and len(rules[meets[0]]) >= 6, (name, rules)
    ws = wb["卫生人力"]
    indicator = get_column_letter(_columns(ws)["Indicator"] + 1)
    assert ws.column_dimensions[indicator].width >= 20  # indicator names
    assert ws[f"{indicator}3"].alignment.wrap_text
    assert ws["A3"].font.name == excel.FONT_NAME


def test_document_properties_are_fixed(wb):
    assert wb.properties.creator == excel.CREATOR
    assert str(wb.properties.created)[:10] == str(wb.properties.modified)[:10] == BUILT_ON


def test_same_store_same_bytes(city_store, city_book, tmp_path):
    again = excel.write_workbook(city_store, tmp_path / "again.xlsx")
    assert again.read_bytes() == city_book.read_bytes()


def test_no_hyperlinks_and_no_formulas(city_book):
    for name, xml in _sheet_xml(city_book).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert "<hyperlink" not in xml, name


def test_english_labels(city_store, tmp_path):
    book = _write(city_store, tmp_path / "en.xlsx", lang="en")
    assert book.sheetnames[0] == "Summary" and "Sources" in book.sheetnames
    assert book["Workforce"]["A2"].value == "City"
    cols = _columns(book["Workforce"])
    rows = list(book["Workforce"].iter_rows(min_row=3, values_only=True))
    assert {r[cols["City"]] for r in rows} == {"Dongying 东营市", "Weihai 威海市", "Yantai 烟台市"}
    gp = next(r for r in rows if r[cols["City"]] == "Dongying 东营市"
              and r[cols["Indicator id"]] == "gp_per_10000")
    assert (gp[cols["City target"]], gp[cols["National goal"]]) == (4, 5)
    with pytest.raises(ValueError):
        excel.write_workbook(city_store, tmp_path / "x.xlsx", lang="fr")


def test_png_figures_are_embedded_when_present(city_store, tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    Image.new("RGB", (300, 200), "white").save(figures / "02_coverage_heatmap.png")
    Image.new("RGB", (300, 200), "white").save(figures / "03_cities_beds.png")  # native too
    (figures / "02_coverage_heatmap.svg").write_text("<svg/>", encoding="utf-8")
    book = _write(city_store, tmp_path / "fig.xlsx", figures_dir=figures)
    assert "图片" in book.sheetnames and len(book["图片"]._images) == 1
    assert book["图片"]["A3"].value == "02_coverage_heatmap.png"
    missing = _write(city_store, tmp_path / "nofig.xlsx", figures_dir=tmp_path / "absent")
    assert "图片" not in missing.sheetnames


def test_cli(city_store, tmp_path, capsys):
    out = tmp_path / "cli.xlsx"
    assert main(["excel", "--db", str(city_store), "--out", str(out), "--no-figures"]) == 0
    assert out.exists() and "wrote" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[0] == SUMMARY
    assert main(["excel", "--db", str(tmp_path / "missing.duckdb"), "--out",
                 str(tmp_path / "m.xlsx")]) == 2
    assert not (tmp_path / "m.xlsx").exists()


# --- safety: document text never becomes a formula ---------------------------------------------

INJECTION_TITLE = "=SUM(1,2)实施方案"  # a title as the extractor reads 关于印发=SUM(1,2)实施方案的通知
INJECTION = {  # indicator -> (value, the sentence a document states it in)
    "beds_per_1000": (7.55, '=HYPERLINK("http://example.com","x")到2025年，每千人口医疗卫生机构床位数'
                            "达到7.55张。"),
    "physician_nurse_ratio": (1.2, "+到2025年，医护比达到1:1.2。"),
    "gp_per_10000": (4, "-到2025年，每万人口全科医生数达到4人。"),
    "family_doctor_signing_rate": (60, "@到2025年，全人群家庭医生签约率达到60%以上。"),
}


def test_document_text_starting_with_formula_characters_stays_text(tmp_path, codebook):
    targets = [_target("a", ind, value, quote=quote, pos=40 * i)
               for i, (ind, (value, quote)) in enumerate(INJECTION.items())]
    db = _store(tmp_path / "s.duckdb", codebook,
                [_doc("a", DONGYING, province="山东省", title=INJECTION_TITLE)], targets,
                _real_goals(codebook))
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
                if isinstance(cell.value, str) and cell.value in quotes | {INJECTION_TITLE}:
                    assert cell.data_type == "s" and cell.quotePrefix
                    seen.add(cell.value)
    assert seen == quotes | {INJECTION_TITLE}


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


def test_a_one_city_store(tmp_path, codebook):
    db = _store(tmp_path / "s.duckdb", codebook, [_doc("dy", DONGYING, province="山东省")],
                [_target("dy", "beds_per_1000", 7.55), _target("dy", "physician_nurse_ratio", 1.2,
                                                               pos=30)],
                _real_goals(codebook))
    book = _write(db, tmp_path / "one.xlsx")
    rows = _family_records(book)
    assert {r["city"] for r in rows} == {DONGYING}
    assert _one(rows, indicator_id="physician_nurse_ratio")["vs_national"] == "持平"
    assert _one(rows, indicator_id="beds_per_1000")["national_goal"] == 6  # the 2020 goal
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
    """240 cities, each with a beds and a nurse-ratio target (written directly)."""
    with open(paths.REGIONS, encoding="utf-8-sig") as fh:
        cities = [r["region"] for r in csv.DictReader(fh)
                  if r["level"] == "municipal" and r["region"].endswith("市")][:240]
    docs, targets = [], []
    for i, city in enumerate(cities):
        docs.append(_doc(f"d{i:03d}", city))  # province from the regions table
        targets += [_target(f"d{i:03d}", "beds_per_1000", round(6 + (i * 37 % 300) / 100, 2)),
                    _target(f"d{i:03d}", "physician_nurse_ratio", 1.0 + (i % 5) / 10, pos=40)]
    db = _store(tmp_path_factory.mktemp("many") / "s.duckdb", Codebook.load(paths.CODEBOOK),
                docs, targets, _real_goals(Codebook.load(paths.CODEBOOK)))
    return db, cities


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
def test_libreoffice_converts_the_workbook_to_pdf(city_book, tmp_path):
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(city_book)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / "briefing.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 10_000, (result.stdout, result.stderr)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= len(openpyxl.load_workbook(city_book).sheetnames)
