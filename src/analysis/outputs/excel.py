"""The Excel briefing workbook: ``python -m analysis excel`` / ``make excel``.

A policy officer opens, reads, prints and re-charts the workbook without Python.
Every number comes from the comparison layer (``analysis.compare.views``), so the
workbook, the notebooks and the figures show the same values.

Sheets (Chinese names with bilingual header rows for ``lang='zh'``; English for ``'en'``):

* 概览 Summary - what the workbook covers, build date, documents used, key findings
  computed from the data, the headline table (core indicator x year, one column per
  city, with the national goal) and the cities' standing against the national goals.
* one sheet per indicator family - one row per city x indicator x target year: target,
  comparator, national and provincial goal, direction-aware gap (absolute and relative),
  verdicts, a meets / falls-short column with conditional formatting, and the ``Ref``
  of every number on the Sources sheet.  Goals a city leaves unaddressed are rows too.
* 分省 By province - per province x indicator x year: cities setting it, median/min/max.
* 图表 Charts - native, editable Excel charts: one bar chart per indicator and year
  (cities' targets, one colour per city as in the figures) with the national goal as a
  line series, provincial goals and the latest national actual as markers; every series
  points at the data block printed beside the chart.  More than ``top_n`` cities: the
  chart shows the ``top_n`` most ambitious and says so (the tables keep every city).
* 图片 Figures - PNGs from ``make figures`` when ``figures_dir`` holds any (views the
  native charts cannot draw: heatmaps, diverging gaps, rankings); absent otherwise.
* 文件 Documents - only when there are too many documents to list on the Summary.
* 来源 Sources - one row per number shown: target (T…), goal (G…) or national actual
  (A…), with document title, 文号, region, the exact quote and its character offsets.
* 指标说明 Codebook - id, names, unit, direction, definition.

Conventions.  Values are stored as in the store (canonical unit; 90% -> 90 shown as
``90%`` through a number format, ratios 1:x as x with 2 decimals).  Gaps are
direction-aware: positive = the city is more ambitious than the goal.

Safety.  Text never becomes a formula or a link: every string cell is written as a
string (``data_type 's'``) and text starting with ``=``, ``+``, ``-``, ``@``, tab or CR
also gets Excel's quote-prefix flag, so re-editing the cell keeps it text.  Control
characters Excel cannot store are replaced by U+FFFD; no hyperlinks are written.

Font.  Cells use "Microsoft YaHei" (微软雅黑, charset GB2312): present on every Windows
since Vista and shipped with Office for Mac, it covers Simplified Chinese and Latin.
Where it is missing (LibreOffice on Linux) the application substitutes its own CJK
font; the charset tells Excel to pick a Chinese one.

Determinism.  The same store gives a byte-identical file: document properties
(creator, created/modified = the store's ``build_info.built_on``) are fixed, every
table is sorted explicitly and the zip entries carry a fixed timestamp.  The file is
written to a temporary file next to ``out`` and renamed into place.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import math
import sys
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.drawing.text import Font as DrawingFont
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from analysis import paths
from analysis.compare import views as compare
from analysis.compare.findings import findings_text
from analysis.files import write_atomic
from analysis.outputs import labels
from analysis.outputs.style import (
    ACTUAL_COLOR,
    NATIONAL_COLOR,
    PROVINCIAL_COLOR,
    city_colors,
)
from analysis.outputs.style import label as style_label
from analysis.store.schema import StoreError, connect

FONT_NAME = "Microsoft YaHei"
FONT_CHARSET = 134  # GB2312: lets Excel substitute a Chinese font when YaHei is missing
CREATOR = "health-targets-analysis (python -m analysis excel)"
DEFAULT_TOP_N = 15
MAX_CHARTS = 40
MAX_FIGURES = 20
MAX_DOCS_ON_SUMMARY = 40
EXCEL_MAX_TEXT = 32767
FALLBACK_DATE = dt.datetime(2000, 1, 1)
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
LANGS = ("zh", "en")

# --- labels -----------------------------------------------------------------------------

# key -> (Chinese, English).  Headers are "中文\nEnglish" for lang='zh', English for 'en'.
TEXT: dict[str, tuple[str, str]] = {
    # sheets
    "sheet_summary": ("概览", "Summary"),
    "sheet_province": ("分省", "By province"),
    "sheet_unset": ("未设定目标", "Goals not set"),
    "sheet_charts": ("图表", "Charts"),
    "sheet_figures": ("图片", "Figures"),
    "sheet_documents": ("文件", "Documents"),
    "sheet_sources": ("来源", "Sources"),
    "sheet_codebook": ("指标说明", "Codebook"),
    # columns
    "city": ("城市", "City"),
    "province": ("省份", "Province"),
    "indicator": ("指标", "Indicator"),
    "indicator_id": ("指标ID", "Indicator id"),
    "unit": ("单位", "Unit"),
    "year": ("目标年份", "Target year"),
    "comparator": ("比较符", "Comparator"),
    "target": ("城市目标", "City target"),
    "national_goal": ("国家目标", "National goal"),
    "provincial_goal": ("省级目标", "Provincial goal"),
    "gap_abs": ("差距", "Gap"),
    "gap_rel": ("相对差距", "Rel. gap"),
    "vs_national": ("对照国家", "vs national"),
    "vs_provincial": ("对照省级", "vs provincial"),
    "meets": ("是否达标", "Meets goal?"),
    "national_actual": ("全国现状", "National actual"),
    "actual_year": ("现状年份", "Actual year"),
    "ref_target": ("目标来源", "Target ref"),
    "ref_national": ("国家来源", "Nat. ref"),
    "ref_provincial": ("省级来源", "Prov. ref"),
    "ref_actual": ("现状来源", "Actual ref"),
    "note": ("备注", "Note"),
    "city_set_years": ("城市设定的年份", "Years the city set"),
    "ref": ("来源编号", "Ref"),
    "kind": ("类型", "Kind"),
    "region_scope": ("地区/范围", "Region / scope"),
    "value": ("数值", "Value"),
    "value_text": ("原文数值", "Value as written"),
    "doc_title": ("文件标题", "Document title"),
    "doc_number": ("文号", "Document number"),
    "issued_on": ("发布日期", "Issued on"),
    "quote": ("原文摘录", "Exact quote / excerpt"),
    "char_start": ("起始位置", "char_start"),
    "char_end": ("结束位置", "char_end"),
    "record_id": ("记录ID", "target_id / goal_id"),
    "verified": ("已核实", "Verified"),
    "level": ("级别", "Level"),
    "n_targets": ("目标数", "Targets"),
    "n_documents": ("文件数", "Documents"),
    "n_cities": ("城市数", "Cities"),
    "n_setting": ("设定该指标的城市数", "Cities setting it"),
    "median": ("中位数", "Median"),
    "min": ("最小值", "Min"),
    "max": ("最大值", "Max"),
    "n_meeting": ("不低于国家目标的城市数", "Cities at least national goal"),
    "n_more": ("高于", "More ambitious"),
    "n_equal": ("持平", "Equal"),
    "n_less": ("低于", "Less ambitious"),
    "n_not_set": ("未设定", "Not set"),
    "n_other_year": ("设定了其他年份", "Set for another year"),
    "n_not_addressed": ("未涉及", "Not addressed"),
    "n_not_applicable": ("不适用", "Not applicable"),
    "cities_below": ("低于国家目标的城市", "Cities below the national goal"),
    "n_comparable": ("可比指标数", "Comparable indicators"),
    "n_at_least": ("不低于国家目标", "At least as ambitious"),
    "share": ("占比", "Share"),
    "score": ("雄心指数（r 的中位数）", "Ambition score (median r)"),
    "rank": ("排名", "Rank"),
    "rank_status": ("是否排名", "Ranked?"),
    "status": ("城市响应", "City's response"),
    "core": ("核心指标", "Core"),
    "family": ("领域", "Family"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "direction": ("方向", "Direction"),
    "value_convention": ("数值约定", "Value convention"),
    "value_type": ("数值类型", "Value type"),
    "definition": ("定义", "Definition"),
    "finding": ("发现", "Finding"),
    "item": ("项目", "Item"),
    "figure": ("图", "Figure"),
    # values
    "meets_yes": ("达到", "meets"),
    "meets_no": ("未达到", "falls short"),
    "meets_unset": ("未设定", "not set"),
    "meets_nogoal": ("无参照", "no goal"),
    "higher": ("越高越好", "higher is better"),
    "lower": ("越低越好", "lower is better"),
    "annual": ("每年", "annual"),
    "kind_target": ("城市目标", "city target"),
    "kind_national": ("国家目标", "national goal"),
    "kind_provincial": ("省级目标", "provincial goal"),
    "kind_actual": ("全国现状", "national actual"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "unknown_province": ("（未知省份）", "(province unknown)"),
    # summary
    "title": ("城市卫生健康规划目标对照简报", "Health-system targets: city briefing"),
    "covers": ("内容", "Covers"),
    "covers_text": (
        "各城市实施方案中的量化目标，与国家及省级目标对照（方向已校正）",
        "Quantitative targets in city implementation plans, compared with national "
        "and provincial goals (direction-aware)"),
    "built_on": ("数据生成日期", "Store built on"),
    "store_source": ("数据来源", "Built from"),
    "reference_goals": ("参照目标", "Reference goals"),
    "how_to_read": ("阅读说明", "How to read"),
    "family_sheets": ("指标领域表", "Family sheets"),
    "how_to_read_text": (
        "百分比以数值存储（90 即 90%）；1:x 比值存为 x；差距为正表示城市目标高于参照目标"
        "（越低越好的指标已反向）。各表中的“来源”编号对应“来源”表中的原文与字符位置。",
        "Percentages are stored as numbers (90 = 90%); 1:x ratios as x. A positive gap "
        "means the city is more ambitious (sign flipped for lower-is-better indicators). "
        "Each Ref points to a row of the Sources sheet with the exact quote and offsets."),
    "findings": ("主要发现", "Key findings"),
    "headline": ("核心指标一览（城市目标值）", "Headline: core indicators (city targets)"),
    "headline_note": (
        "绿色：不低于同年国家目标；红色：低于国家目标。",
        "Green: at least the national goal for that year; red: below it."),
    "vs_goals_table": ("与国家目标对照", "Cities against the national goals"),
    "ambition_table": ("雄心指数（与国家目标相比）", "Ambition index (against national goals)"),
    "documents_used": ("使用的文件", "Documents used"),
    "documents_by_province": ("文件（按省份）", "Documents by province"),
    "no_targets": ("存储中没有城市目标。", "The store holds no city targets."),
    "charts_title": ("各指标城市目标对比（原生Excel图表，可编辑）",
                     "Cities per indicator (native, editable Excel charts)"),
    "charts_note": (
        "柱：城市目标；黑线：国家目标；灰色短横：省级目标；菱形：全国现状（最新年份）。"
        "图表数据即左侧表格。",
        "Bars: city targets; black line: national goal; grey dash: provincial goal; "
        "diamond: latest national actual. Each chart reads the table on its left."),
    "no_charts": ("没有可绘制的城市目标。", "No city target to chart."),
    "figures_title": ("静态图（来自 make figures）", "Static figures (from make figures)"),
    "unset_title": ("城市未设定的国家/省级目标（目标年份不早于城市首份文件）",
                    "National / provincial goals a city did not set (goal year not before "
                    "the city's first plan)"),
    "province_title": ("分省汇总（由各城市目标计算，原文见“来源”表）",
                       "By province (computed from the city targets; quotes on Sources)"),
    "sources_title": ("来源：工作簿中每个数值的原文出处", "Sources: where every number comes from"),
    "codebook_title": ("指标说明", "Codebook"),
    "documents_title": ("文件清单", "Documents"),
    "family_title": ("城市目标与国家、省级目标对照（差距 = 城市目标 − 国家目标，+ 表示要求更高，"
                     "越低越好的指标已反向；“来源”编号见来源表）",
                     "City targets against national and provincial goals (gap = city - national "
                     "goal, + = more ambitious, sign flipped for lower-is-better indicators; "
                     "refs point to the Sources sheet)"),
}

FAMILY_NAMES: dict[str, tuple[str, str]] = {
    "resources": ("资源配置", "Resources"),
    "workforce": ("卫生人力", "Workforce"),
    "tiered_care": ("分级诊疗", "Tiered care"),
    "family_doctor": ("家庭医生", "Family doctors"),
    "primary_care": ("基层医疗", "Primary care"),
    "hospitals": ("医院能力", "Hospitals"),
    "digital": ("数字健康", "Digital health"),
    "population_health": ("人群健康", "Population health"),
    "": ("其他", "Other"),
}

COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<", "≈": "≈"}

# --- styles -----------------------------------------------------------------------------

_THIN = Side(style="thin", color="A6A6A6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FILL = PatternFill("solid", fgColor="1F4E79")
GOOD_FILL = PatternFill("solid", fgColor="C6EFCE")
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
NEUTRAL_FILL = PatternFill("solid", fgColor="EDEDED")
WARN_FILL = PatternFill("solid", fgColor="FFEB9C")
GOOD_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=10, color="006100")
BAD_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=10, color="9C0006")
BODY_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=10)
BOLD_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=10, bold=True)
SECTION_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=12, bold=True, color="1F4E79")
TITLE_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=14, bold=True, color="FFFFFF")
NOTE_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, size=9, italic=True, color="595959")
HEADER_BORDER = Border(bottom=Side(style="medium", color="1F4E79"))
CELL_BORDER = Border(bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER_TOP = Alignment(vertical="top", horizontal="center")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

GAP_REL_FORMAT = "+0.0%;-0.0%;0.0%"
SHARE_FORMAT = "0%"
SCORE_FORMAT = "0.00"


def _t(key: str, lang: str) -> str:
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def _h(key: str, lang: str) -> str:
    """A header cell: Chinese over English for 'zh', English only for 'en'."""
    zh, en = TEXT[key]
    return f"{zh}\n{en}" if lang == "zh" else en


# --- values -----------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: object) -> object:
    """A value openpyxl can store: numpy scalars -> Python, NA -> None, text cleaned."""
    if _missing(value):
        return None
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if len(text) > EXCEL_MAX_TEXT:
            text = text[: EXCEL_MAX_TEXT - 1] + "…"
        return text
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def put(ws: Worksheet, row: int, col: int, value: object, *, font: Font = BODY_FONT,
        number_format: str | None = None, alignment: Alignment | None = None,
        fill: PatternFill | None = None, border: Border | None = None):
    """Write one cell; strings always as TEXT (never a formula), see the module doc."""
    value = _plain(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    quote_prefix = False
    fmt = None
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store '=…' as a formula
        quote_prefix = value.startswith(UNSAFE_START)
    elif isinstance(value, dt.date):
        fmt = "yyyy-mm-dd"
    elif number_format and isinstance(value, int | float) and not isinstance(value, bool):
        fmt = number_format
    # Assigning style objects hashes them (slow on big sheets): reuse the style array of
    # the first cell styled the same way in this workbook.
    cache: dict[tuple, tuple[StyleArray, object, object, object, object]] = \
        ws.parent.__dict__.setdefault("_briefing_styles", {})
    key = (id(font), fmt, id(alignment), id(fill), id(border), quote_prefix)
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy.copy(cached[0])
        return cell
    cell.font = font
    if fmt:
        cell.number_format = fmt
    if quote_prefix:
        cell.quotePrefix = True
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    # the style objects are kept with the entry: an id is unique only while its object
    # lives, and an alignment built inline for one cell must not lend its id to another
    cache[key] = (copy.copy(cell._style), font, alignment, fill, border)
    return cell


def display_width(text: object) -> int:
    """Column width a text needs: East-Asian wide/full-width characters count double."""
    if text is None:
        return 0
    lines = str(text).split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
               for line in lines)


def value_format(value_type: object, value: object) -> str:
    """Number format of a value of an indicator (the store keeps 90% as 90)."""
    if _missing(value):
        return "General"
    integral = float(value).is_integer()  # type: ignore[arg-type]
    kind = str(value_type or "")
    if kind == "percent":
        return '0"%"' if integral else '0.0#"%"'
    if kind in ("ratio", "per_population"):
        return "0.00"
    if kind == "level":
        return "0" if integral else "0.0"
    if kind == "count":
        return "#,##0" if integral else "#,##0.0#"
    return "0" if integral else "0.00"


def gap_format(value_type: object) -> str:
    kind = str(value_type or "")
    if kind == "percent":
        return '+0.0#"pp";-0.0#"pp";0"pp"'
    if kind == "level":
        return "+0;-0;0"
    if kind == "count":
        return "+#,##0;-#,##0;0"
    return "+0.00;-0.00;0.00"


def fmt_number(value: object, value_type: object = None) -> str:
    """A number for running text (findings): trailing zeros dropped, % for percentages."""
    if _missing(value):
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]
    return text + ("%" if value_type == "percent" else "")


def _year_key(year: object) -> int:
    return 10**6 if _missing(year) else int(year)  # type: ignore[call-overload]


def _year_cell(year: object, lang: str) -> object:
    return _t("annual", lang) if _missing(year) else int(year)  # type: ignore[call-overload]


def _year_text(year: object, lang: str) -> str:
    return _t("annual", lang) if _missing(year) else str(int(year))  # type: ignore[call-overload]


def _sign(comparator: object) -> str | None:
    if _missing(comparator):
        return None
    return COMPARATOR_SIGNS.get(str(comparator), str(comparator))


# --- the data, read once ------------------------------------------------------------------


@dataclass
class Data:
    """Everything the workbook shows, read from the store in one connection."""

    built_on: str | None
    build_source: str | None
    documents: pd.DataFrame
    indicators: pd.DataFrame  # codebook order
    cities: pd.DataFrame
    targets: pd.DataFrame  # city_targets
    vs: pd.DataFrame  # city_vs_goals
    goals: pd.DataFrame  # effective_goals
    actuals: pd.DataFrame  # latest national actual per indicator
    ambition: pd.DataFrame
    goal_status: pd.DataFrame = field(default_factory=pd.DataFrame)  # compare.goal_status
    goal_summary: pd.DataFrame = field(default_factory=pd.DataFrame)  # compare.goal_summary
    province_summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: dict[str, list[str]] = field(default_factory=dict)  # lang -> sentences
    all_regions: list[str] = field(default_factory=list)
    region_en: dict[str, str] = field(default_factory=dict)
    region_registry: list[str] = field(default_factory=list)  # the region table, file order

    @property
    def indicator_rows(self) -> dict[str, dict[str, object]]:
        return {r["indicator_id"]: r for r in self.indicators.to_dict("records")}


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}


def load(db: Path | str) -> Data:
    """Read the store (read-only) into a ``Data``; missing optional tables are tolerated."""
    with connect(Path(db)) as con:
        present = _relations(con)
        info: dict[str, str] = {}
        if "build_info" in present:
            info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        documents = con.execute(
            "SELECT doc_id, file_name, region, level, province, title, doc_number, issued_on, "
            "n_targets, n_mapped FROM documents ORDER BY region NULLS LAST, issued_on NULLS "
            "LAST, doc_id").df() if "documents" in present else pd.DataFrame()
        indicators = con.execute(
            "SELECT * FROM indicators ORDER BY rowid").df() if "indicators" in present \
            else pd.DataFrame()
        targets = compare.city_targets(con)
        vs = compare.city_vs_goals(con)
        goals = compare.read_view(con, "effective_goals")
        actuals = compare.read_view(con, "latest_national_actuals")
        cities = compare.read_view(con, "cities")
        ambition = compare.ambition_index(con)
        goal_status = compare.goal_status(con)
        goal_summary = compare.read_view(con, "goal_summary")
        province_summary = compare.read_view(con, "province_summary")
        findings = {lang: findings_text(con, lang) for lang in LANGS}
        region_en: dict[str, str] = {}
        registry: list[str] = []
        if "regions" in present:
            registry = [r for (r,) in con.execute(
                "SELECT region FROM regions ORDER BY rowid").fetchall()]
            region_en = {r: e for r, e in con.execute(
                "SELECT region, region_en FROM regions WHERE region_en IS NOT NULL").fetchall()}
    # the same list figures.py passes to city_colors: every city of the store
    regions = sorted({str(r) for r in cities.get("region", pd.Series(dtype=object))})
    return Data(built_on=info.get("built_on"), build_source=info.get("source"),
                documents=documents, indicators=indicators, cities=cities, targets=targets,
                vs=vs, goals=goals, actuals=actuals, ambition=ambition,
                goal_status=goal_status, goal_summary=goal_summary,
                province_summary=province_summary,
                findings=findings, all_regions=regions,
                region_en=region_en, region_registry=registry)


# --- rows shown on the family sheets ----------------------------------------------------------


@dataclass
class Row:
    """One city x indicator x target year, with its goals and the refs of its numbers."""

    region: str
    province: str | None
    indicator_id: str
    family: str
    year: int | None
    target: dict[str, object] | None
    national: dict[str, object] | None  # city_vs_goals row (reference_level national)
    provincial: dict[str, object] | None
    actual: dict[str, object] | None
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        return None if self.target is None else _plain(self.target["compare_value"])

    def goal(self, level: str, same_year: bool = False) -> float | None:
        """The goal compared with (of the target's year, else the nearest year's)."""
        row = self.national if level == "national" else self.provincial
        if row is None or row.get("goal_id") is None or _missing(row.get("goal_id")):
            return None
        if same_year and row.get("goal_match") == "nearest year":
            return None
        return _plain(row["goal_compare_value"])

    def verdict(self, level: str) -> str | None:
        row = self.national if level == "national" else self.provincial
        return None if row is None else row["verdict"]

    def meets(self) -> str:
        """'meets_yes' / 'meets_no' / 'meets_unset' / 'meets_nogoal' (national first)."""
        if self.target is None:
            return "meets_unset"
        for level in ("national", "provincial"):
            verdict = self.verdict(level)
            if verdict in ("more ambitious", "equal"):
                return "meets_yes"
            if verdict == "less ambitious":
                return "meets_no"
        return "meets_nogoal"


def build_rows(data: Data) -> list[Row]:
    """Family-sheet rows in codebook order, then year, then set-before-unset, then region."""
    if data.vs.empty:
        return []
    order = {ind: i for i, ind in enumerate(data.indicators.get("indicator_id", []))}
    targets = {r["target_id"]: r for r in data.targets.to_dict("records")}
    actuals = {r["indicator_id"]: r for r in data.actuals.to_dict("records")}
    grouped: dict[tuple, Row] = {}
    for rec in data.vs.to_dict("records"):
        year = None if _missing(rec["target_year"]) else int(rec["target_year"])
        key = (rec["region"], rec["indicator_id"], year)
        row = grouped.get(key)
        if row is None:
            target = None if _missing(rec["target_id"]) else targets.get(rec["target_id"])
            row = grouped[key] = Row(
                region=rec["region"], province=_plain(rec["province"]),
                indicator_id=rec["indicator_id"], family=_plain(rec["family"]) or "",
                year=year, target=target, national=None, provincial=None,
                actual=actuals.get(rec["indicator_id"]))
        if rec["reference_level"] == "national":
            row.national = rec
        else:
            row.provincial = rec
    return sorted(grouped.values(), key=lambda r: (
        order.get(r.indicator_id, len(order)), r.indicator_id, _year_key(r.year),
        r.target is None, r.region))


# --- Sources: one row per number -------------------------------------------------------------


@dataclass
class Source:
    ref: str
    kind: str  # kind_target / kind_national / kind_provincial / kind_actual
    scope: object
    indicator_id: object
    year: object
    value: object
    comparator: object
    value_text: object
    title: object
    doc_number: object
    issued_on: object
    quote: object
    char_start: object
    char_end: object
    record_id: object
    verified: object
    note: object


class SourceBook:
    """Hands out stable refs (T1, G1, A1) in the order numbers are first shown."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.sources: dict[tuple[str, str], Source] = {}
        self._counts = {"T": 0, "G": 0, "A": 0}
        self._goals = {r["goal_id"]: r for r in data.goals.to_dict("records")}

    def _next(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}{self._counts[prefix]}"

    def target(self, t: dict[str, object]) -> str:
        key = ("T", str(t["target_id"]))
        if key not in self.sources:
            self.sources[key] = Source(
                ref=self._next("T"), kind="kind_target", scope=t["region"],
                indicator_id=t["indicator_id"], year=t["target_year"], value=t["compare_value"],
                comparator=t["comparator"], value_text=t.get("value_text"),
                title=t["doc_title"], doc_number=t["doc_number"], issued_on=t["issued_on"],
                quote=t["quote"], char_start=t["char_start"], char_end=t["char_end"],
                record_id=t["target_id"], verified=None, note=t.get("match_note"))
        return self.sources[key].ref

    def goal(self, goal_id: object) -> str | None:
        if _missing(goal_id):
            return None
        key = ("G", str(goal_id))
        if key not in self.sources:
            g = self._goals.get(goal_id, {})
            self.sources[key] = Source(
                ref=self._next("G"),
                kind="kind_national" if g.get("scope_level") == "national" else
                "kind_provincial",
                scope=g.get("scope"), indicator_id=g.get("indicator_id"),
                year=g.get("target_year"), value=g.get("compare_value"),
                comparator=g.get("comparator"), value_text=None, title=g.get("source_title"),
                doc_number=g.get("doc_number"), issued_on=g.get("issued_on"),
                quote=g.get("excerpt"), char_start=g.get("char_start"),
                char_end=g.get("char_end"), record_id=goal_id, verified=g.get("verified"),
                note=g.get("note"))
        return self.sources[key].ref

    def actual(self, a: dict[str, object] | None) -> str | None:
        if a is None:
            return None
        key = ("A", str(a["indicator_id"]))
        if key not in self.sources:
            self.sources[key] = Source(
                ref=self._next("A"), kind="kind_actual", scope=a.get("scope"),
                indicator_id=a["indicator_id"], year=a.get("data_year"), value=a.get("value"),
                comparator=None, value_text=None, title=a.get("source_title"),
                doc_number=None, issued_on=None, quote=a.get("excerpt"), char_start=None,
                char_end=None,
                record_id=f"{a.get('source_file')}:{a.get('source_row')}"
                if not _missing(a.get("source_file")) else None,
                verified=None, note=a.get("note"))
        return self.sources[key].ref

    def ordered(self) -> list[Source]:
        def key(s: Source) -> tuple[int, int]:
            return ("TGA".index(s.ref[0]), int(s.ref[1:]))
        return sorted(self.sources.values(), key=key)


def assign_refs(rows: Iterable[Row], book: SourceBook) -> None:
    for row in rows:
        if row.target is not None:
            row.refs["target"] = book.target(row.target)
        for level, rec in (("national", row.national), ("provincial", row.provincial)):
            if rec is not None and not _missing(rec.get("goal_id")):
                row.refs[level] = book.goal(rec["goal_id"])  # type: ignore[assignment]
        if row.actual is not None:
            row.refs["actual"] = book.actual(row.actual)  # type: ignore[assignment]


# --- sheet helpers ------------------------------------------------------------------------------


@dataclass
class Col:
    key: str
    width: float | None = None  # fixed width; None = fit the content
    wrap: bool = False
    min_width: float = 6
    max_width: float = 40
    center: bool = False


def lines_pt(lines: int) -> float:
    """Row height for ``lines`` lines of 10 pt text (YaHei's line gap is about 1.3 em)."""
    return min(409.0, 13.0 * lines + 4)


def wrapped_lines(text: object, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (estimate)."""
    if text is None:
        return 1
    usable = max(width - 1, 3)
    return sum(max(1, math.ceil(_text_units(part) / usable)) for part in str(text).split("\n"))


def _text_units(line: str) -> float:
    """Width of 10 pt text in column units (of the 11 pt default font): CJK 1.9, Latin 0.85."""
    return sum(1.9 if unicodedata.east_asian_width(ch) in "WF" else 0.85 for ch in line)


def header_row(ws: Worksheet, row: int, headers: Sequence[str], start_col: int = 1) -> None:
    """Bold wrapped header cells; the row is as tall as the longest wrapped header."""
    lines = 1
    for j, text in enumerate(headers):
        put(ws, row, start_col + j, text, font=BOLD_FONT, alignment=HEADER_ALIGN,
            fill=HEADER_FILL, border=HEADER_BORDER)
        width = ws.column_dimensions[get_column_letter(start_col + j)].width or 10
        lines = max(lines, wrapped_lines(text, width))
    ws.row_dimensions[row].height = max(lines_pt(lines) + 2, 30)


def fit_columns(ws: Worksheet, cols: Sequence[Col], rows: Iterable[Sequence[object]],
                lang: str, start_col: int = 1) -> dict[int, float]:
    """Set CJK-aware widths from the header and the values; returns column -> width."""
    widths: dict[int, float] = {}
    rows = list(rows)
    for j, col in enumerate(cols):
        if col.width is not None:
            width = col.width
        else:
            header = max(display_width(part) for part in _h(col.key, lang).split("\n"))
            content = max((display_width(r[j]) for r in rows if j < len(r)), default=0)
            width = max(col.min_width, min(col.max_width, max(header * 0.8, content) + 2))
        letter = get_column_letter(start_col + j)
        ws.column_dimensions[letter].width = width
        widths[start_col + j] = width
    return widths


def row_height(values: Sequence[object], cols: Sequence[Col], widths: dict[int, float],
               start_col: int = 1) -> float | None:
    """An explicit height for rows with wrapped text (Excel does not auto-fit on open)."""
    lines = 1
    for j, col in enumerate(cols):
        if col.wrap and j < len(values) and values[j] is not None:
            lines = max(lines, wrapped_lines(values[j], widths.get(start_col + j, 10)))
    return None if lines == 1 else lines_pt(lines)


def write_table(ws: Worksheet, top: int, cols: Sequence[Col], rows: Sequence[Sequence[object]],
                lang: str, *, formats: Sequence[Sequence[str | None]] | None = None,
                fills: Sequence[Sequence[PatternFill | None]] | None = None,
                start_col: int = 1, fit: bool = True) -> int:
    """Header at ``top``, rows below; returns the last row written (``top`` when empty)."""
    widths = fit_columns(ws, cols, rows, lang, start_col) if fit else {
        start_col + j: ws.column_dimensions[get_column_letter(start_col + j)].width or 10
        for j in range(len(cols))}
    header_row(ws, top, [_h(c.key, lang) for c in cols], start_col)
    for i, values in enumerate(rows):
        r = top + 1 + i
        for j, value in enumerate(values):
            fmt = formats[i][j] if formats else None
            fill = fills[i][j] if fills else None
            put(ws, r, start_col + j, value, number_format=fmt, fill=fill, border=CELL_BORDER,
                alignment=WRAP_TOP if cols[j].wrap else (CENTER_TOP if cols[j].center else TOP))
        height = row_height(values, cols, widths, start_col)
        if height:
            ws.row_dimensions[r].height = height
    return top + len(rows)


def sheet_title(ws: Worksheet, text: str, n_cols: int) -> None:
    put(ws, 1, 1, text, font=TITLE_FONT, fill=TITLE_FILL,
        alignment=Alignment(vertical="center"))
    for j in range(2, max(n_cols, 1) + 1):
        ws.cell(row=1, column=j).fill = TITLE_FILL
    ws.row_dimensions[1].height = 24


def print_setup(ws: Worksheet, title_rows: str | None, header_text: str,
                built_on: str | None) -> None:
    """Landscape A4, fit to one page wide, header rows repeated, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if title_rows:
        ws.print_title_rows = title_rows
    # &-codes are header/footer commands; our own texts carry no '&'
    ws.oddHeader.left.text = header_text.replace("&", "+")
    ws.oddHeader.left.size = 9
    if built_on:
        ws.oddHeader.right.text = built_on
        ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "&A  &P / &N"
    ws.oddFooter.center.size = 9


def add_verdict_formatting(ws: Worksheet, ref: str, lang: str) -> None:
    """Green / red / grey fills on verdict and meets cells (rules on fixed label text)."""
    good = [_t("meets_yes", lang), style_label("more ambitious", lang),
            style_label("equal", lang)]
    bad = [_t("meets_no", lang), style_label("less ambitious", lang)]
    unset = [_t("meets_unset", lang), style_label("not set by the city", lang)]
    for texts, fill, font in ((good, GOOD_FILL, GOOD_FONT), (bad, BAD_FILL, BAD_FONT),
                              (unset, WARN_FILL, None)):
        for text in dict.fromkeys(texts):
            ws.conditional_formatting.add(
                ref, CellIsRule(operator="equal", formula=[f'"{text}"'], fill=fill, font=font))


def add_gap_formatting(ws: Worksheet, ref: str) -> None:
    ws.conditional_formatting.add(ref, CellIsRule(operator="greaterThan", formula=["0"],
                                                  font=GOOD_FONT))
    ws.conditional_formatting.add(ref, CellIsRule(operator="lessThan", formula=["0"],
                                                  font=BAD_FONT))


def unique_sheet_name(name: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in name).strip("'") or "Sheet"
    clean = clean[:31]
    candidate, i = clean, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        candidate = clean[: 31 - len(suffix)] + suffix
        i += 1
    taken.add(candidate)
    return candidate


def _chart_font(size: int, bold: bool = False) -> CharacterProperties:
    """Chart text properties: size in 1/100 pt, the CJK font for Latin and East-Asian text."""
    face = DrawingFont(typeface=FONT_NAME)
    return CharacterProperties(sz=size, b=bold, latin=face, ea=face)


def chart_title(text: str, size: int = 1100) -> Title:
    props = _chart_font(size, bold=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def chart_text(size: int = 900) -> RichText:
    props = _chart_font(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


CHART_ROW_PT = 13.5
CHART_HEIGHT_CM = 6.5
PRINTABLE_WIDTH_CM = 29.7 - 2 * 0.4 * 2.54  # A4 landscape, 0.4 in side margins
PRINTABLE_HEIGHT_CM = 21.0 - 2 * 0.6 * 2.54


FIGURE_MAX_PX = (960, 600)
FIGURE_ROW_PX = 20  # 15 pt


def chart_width(n_bars: int) -> float:
    return min(24.0, max(14.0, 4 + 1.3 * n_bars))


def column_cm(width: float) -> float:
    """Excel column width (characters of the default font) in cm at 96 dpi."""
    return (width * 7 + 5) / 96 * 2.54


# --- the workbook ------------------------------------------------------------------------------


class Briefing:
    """Builds the workbook sheet by sheet; ``write_workbook`` is the entry point."""

    def __init__(self, data: Data, lang: str, top_n: int, figures: Sequence[Path]) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        self.data = data
        self.lang = lang
        self.top_n = max(1, int(top_n))
        self.figures = list(figures)
        self.book = SourceBook(data)
        self.rows = build_rows(data)
        assign_refs(self.rows, self.book)
        self.ind = data.indicator_rows
        self.colors = city_colors(data.all_regions, data.region_registry)
        self.wb = Workbook()
        self.taken: set[str] = set()

    # small helpers
    def t(self, key: str) -> str:
        return _t(key, self.lang)

    def ind_name(self, indicator_id: str) -> str:
        row = self.ind.get(indicator_id, {})
        name = row.get("name_zh" if self.lang == "zh" else "name_en")
        return str(name) if not _missing(name) else indicator_id

    def place(self, name: object) -> object:
        """A region or province as shown: 'Weihai 威海市' in English, '威海市' in Chinese."""
        if _missing(name) or self.lang == "zh":
            return name
        english = self.data.region_en.get(str(name))
        return f"{english} {name}" if english else name

    def goal_note(self, rec: dict[str, object]) -> str:
        """A goal's definitional note in the workbook's language (note_zh for Chinese)."""
        zh = rec.get("goal_note_zh")
        if self.lang == "zh" and not _missing(zh):
            return str(zh)
        return str(rec.get("goal_note"))

    def unit_text(self, indicator_id: str) -> str:
        """The indicator's unit in the workbook's language (codebook unit_zh / unit_en)."""
        return labels.indicator_unit(self.ind.get(indicator_id), self.lang)

    def ind_attr(self, indicator_id: str, attr: str) -> object:
        value = self.ind.get(indicator_id, {}).get(attr)
        return None if _missing(value) else value

    def verdict_text(self, verdict: object) -> str | None:
        return None if _missing(verdict) else style_label(str(verdict), self.lang)

    def family_name(self, family: str) -> str:
        zh, en = FAMILY_NAMES.get(family, (family, family))
        return zh if self.lang == "zh" else en

    def new_sheet(self, name: str) -> Worksheet:
        title = unique_sheet_name(name, self.taken)
        if not self.wb.worksheets[0].title.startswith("__"):
            return self.wb.create_sheet(title)
        ws = self.wb.worksheets[0]
        ws.title = title
        return ws

    # --- build ---------------------------------------------------------------------------
    def build(self) -> Workbook:
        self.wb.worksheets[0].title = "__first__"
        summary = self.new_sheet(self.t("sheet_summary"))
        families = self.family_sheets()
        self.unset_sheet()
        self.province_sheet()
        self.charts_sheet()
        if self.figures:
            self.figures_sheet()
        many_docs = len(self.data.documents) > MAX_DOCS_ON_SUMMARY
        if many_docs:
            self.documents_sheet()
        self.summary_sheet(summary, families, many_docs)  # last: the refs are all known
        self.sources_sheet()
        self.codebook_sheet()
        self.properties()
        return self.wb

    def properties(self) -> None:
        built = FALLBACK_DATE
        if self.data.built_on:
            with contextlib.suppress(ValueError):
                built = dt.datetime.fromisoformat(str(self.data.built_on)[:10])
        props = self.wb.properties
        props.creator = CREATOR
        props.lastModifiedBy = CREATOR
        props.created = built
        props.modified = built
        props.title = self.t("title")
        props.subject = self.t("covers_text")
        props.language = "zh-CN" if self.lang == "zh" else "en"
        self.wb.active = 0

    # --- family sheets -------------------------------------------------------------------
    FAMILY_COLS = (
        Col("city", min_width=8, max_width=14), Col("province", width=8, wrap=True),
        Col("indicator", width=22, wrap=True), Col("unit", width=11, wrap=True),
        Col("year", width=7, center=True), Col("comparator", width=9, center=True),
        Col("target", width=8), Col("national_goal", width=8), Col("provincial_goal", width=9),
        Col("gap_abs", width=8), Col("gap_rel", width=8), Col("vs_national", width=10),
        Col("vs_provincial", width=10), Col("meets", width=8, center=True),
        Col("national_actual", width=8), Col("actual_year", width=7, center=True),
        Col("ref_target", width=7, center=True), Col("ref_national", width=7, center=True),
        Col("ref_provincial", width=7, center=True), Col("ref_actual", width=7, center=True),
        Col("note", width=28, wrap=True), Col("indicator_id", max_width=48),
    )
    PRINTED_FAMILY_COLS = 21  # the machine key (indicator id) is not printed

    def family_row(self, row: Row) -> tuple[list[object], list[str | None]]:
        vt = self.ind_attr(row.indicator_id, "value_type")
        t = row.target or {}
        nat = row.national or {}
        notes = []
        if t.get("aspirational") is True:
            notes.append("力争" if self.lang == "zh" else "aspirational (力争)")
        if not _missing(t.get("value_high")):
            notes.append(("范围 " if self.lang == "zh" else "range ")
                         + f"{fmt_number(t.get('value'))}–{fmt_number(t.get('value_high'))}")
        for rec in (row.national, row.provincial):
            if rec and rec.get("goal_match") == "nearest year" and row.target is not None:
                scope = labels.word(str(rec["reference_level"]), self.lang)
                notes.append(scope + ("：" if self.lang == "zh" else ": ") + labels.goal_match_text(
                    row.year, rec.get("goal_year"), rec.get("verdict"), self.lang))
            if rec and not _missing(rec.get("goal_note")) and rec.get("goal_id") is not None:
                notes.append(self.goal_note(rec))
        gap_abs = gap_rel = None
        if row.target is not None and row.goal("national") is not None:
            gap_abs = _plain(nat.get("gap_directed"))  # the view's, direction-aware
            gap_rel = _plain(nat.get("gap_rel_directed"))
        actual = row.actual or {}
        values = [
            self.place(row.region), self.place(row.province), self.ind_name(row.indicator_id),
            self.unit_text(row.indicator_id), _year_cell(row.year, self.lang),
            _sign(t.get("comparator")), row.value, row.goal("national"),
            row.goal("provincial"), gap_abs, gap_rel,
            self.verdict_text(row.verdict("national")),
            self.verdict_text(row.verdict("provincial")), self.t(row.meets()),
            actual.get("value"), actual.get("data_year"),
            row.refs.get("target"), row.refs.get("national"), row.refs.get("provincial"),
            row.refs.get("actual"), "; ".join(dict.fromkeys(notes)) or None, row.indicator_id,
        ]
        formats: list[str | None] = [None] * len(values)
        for j in (6, 7, 8, 14):
            formats[j] = value_format(vt, values[j])
        formats[9] = gap_format(vt)
        formats[10] = GAP_REL_FORMAT
        formats[15] = "0"
        return values, formats

    def family_sheets(self) -> list[tuple[str, str, int]]:
        """One sheet per family with rows; returns (family, sheet name, n rows)."""
        families: list[str] = []
        for fam in self.data.indicators.get("family", pd.Series(dtype=object)):
            fam = "" if _missing(fam) else str(fam)
            if fam not in families:
                families.append(fam)
        for row in self.rows:
            if row.family not in families:
                families.append(row.family)
        out = []
        cols = self.FAMILY_COLS
        for fam in families:
            rows = [r for r in self.rows if r.family == fam and r.target is not None]
            if not rows:
                continue
            ws = self.new_sheet(self.family_name(fam))
            table = [self.family_row(r) for r in rows]
            values = [v for v, _ in table]
            formats = [f for _, f in table]
            sheet_title(ws, f"{self.family_name(fam)} · {self.t('family_title')}", len(cols))
            last = write_table(ws, 2, cols, values, self.lang, formats=formats)
            ws.freeze_panes = "B3"
            ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
            ws.print_area = f"A1:{get_column_letter(self.PRINTED_FAMILY_COLS)}{last}"
            if last > 2:
                add_verdict_formatting(ws, f"L3:N{last}", self.lang)
                add_gap_formatting(ws, f"J3:K{last}")
            print_setup(ws, "1:2", f"{self.t('title')} · {self.family_name(fam)}",
                        self.data.built_on)
            out.append((fam, ws.title, len(rows)))
        return out

    # --- goals a city leaves unaddressed ----------------------------------------------------
    UNSET_COLS = (
        Col("city", min_width=8, max_width=14), Col("province", width=10, wrap=True),
        Col("indicator", width=28, wrap=True), Col("unit", width=12, wrap=True),
        Col("year", width=8, center=True), Col("national_goal", width=9),
        Col("provincial_goal", width=9), Col("status", width=18, wrap=True),
        Col("ref_national", width=8, center=True),
        Col("ref_provincial", width=9, center=True), Col("city_set_years", width=14),
        Col("note", width=36, wrap=True), Col("indicator_id", max_width=48),
    )

    def status_of(self, row: Row) -> str:
        """The city's response to the row's goal (compare's goal_status view), as text."""
        gs = self.data.goal_status
        for rec in (row.national, row.provincial):
            if not rec or _missing(rec.get("goal_id")) or gs.empty:
                continue
            hit = gs[(gs["region"] == row.region) & (gs["goal_id"] == rec["goal_id"])]
            if not hit.empty:
                h = hit.iloc[0]
                return labels.status_text(h["status"], self.lang, h["other_year"],
                                          h["other_value"], h["indicator_unit"])
        return labels.MISSING

    def unset_sheet(self) -> None:
        """Reference goals (for a year the city's plans cover) that the city did not set
        (a commitment in words is set: its rows stay on the family sheet)."""
        rows = [r for r in self.rows if r.target is None and not any(
            rec and rec.get("verdict") == "set in words" for rec in (r.national, r.provincial))]
        if not rows:
            return
        ws = self.new_sheet(self.t("sheet_unset"))
        cols = self.UNSET_COLS
        sheet_title(ws, self.t("unset_title"), len(cols))
        values, formats = [], []
        for r in rows:
            vt = self.ind_attr(r.indicator_id, "value_type")
            rec = r.national if r.goal("national") is not None else (r.provincial or {})
            notes = [self.goal_note(x) for x in (r.national, r.provincial)
                     if x and x.get("goal_id") is not None and not _missing(x.get("goal_note"))]
            row = [self.place(r.region), self.place(r.province), self.ind_name(r.indicator_id),
                   self.unit_text(r.indicator_id), _year_cell(r.year, self.lang),
                   r.goal("national"), r.goal("provincial"), self.status_of(r),
                   r.refs.get("national"),
                   r.refs.get("provincial"), _plain(rec.get("city_set_years")),
                   "; ".join(dict.fromkeys(notes)) or None, r.indicator_id]
            fmt: list[str | None] = [None] * len(row)
            for j in (5, 6):
                fmt[j] = value_format(vt, row[j])
            values.append(row)
            formats.append(fmt)
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
        ws.print_area = f"A1:{get_column_letter(len(cols) - 1)}{last}"
        print_setup(ws, "1:2", self.t("unset_title"), self.data.built_on)

    # --- by province -----------------------------------------------------------------------
    def province_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_province"))
        cols = (Col("province", max_width=14), Col("indicator", width=28, wrap=True),
                Col("unit", width=12, wrap=True), Col("year", width=8, center=True),
                Col("n_setting", width=11), Col("median", width=9), Col("min", width=9),
                Col("max", width=9), Col("national_goal", width=9),
                Col("n_meeting", width=13), Col("indicator_id", max_width=48))
        sheet_title(ws, self.t("province_title"), len(cols))
        unknown = self.t("unknown_province")
        summary = self.data.province_summary  # compare's province_summary view, selected
        order = {ind: i for i, ind in enumerate(self.ind)}
        recs = sorted(summary.to_dict("records"), key=lambda r: (
            _missing(r["province"]), "" if _missing(r["province"]) else r["province"],
            order.get(r["indicator_id"], 10**6), r["indicator_id"], _year_key(r["target_year"])))
        values, formats = [], []
        for rec in recs:
            ind = rec["indicator_id"]
            vt = self.ind_attr(ind, "value_type")
            row = [self.place(unknown if _missing(rec["province"]) else rec["province"]),
                   self.ind_name(ind), self.unit_text(ind),
                   _year_cell(None if _missing(rec["target_year"]) else rec["target_year"],
                              self.lang),
                   _plain(rec["n_setting"]), _plain(rec["median"]), _plain(rec["min"]),
                   _plain(rec["max"]), _plain(rec["national_goal"]),
                   _plain(rec["n_meeting_national_goal"]), ind]
            values.append(row)
            fmt: list[str | None] = [None] * len(row)
            for j in (5, 6, 7, 8):
                fmt[j] = value_format(vt, row[j])
            formats.append(fmt)
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
        print_setup(ws, "1:2", self.t("province_title"), self.data.built_on)

    # --- charts ------------------------------------------------------------------------------
    def chart_groups(self) -> list[tuple[str, int | None, list[Row]]]:
        """(indicator, year, rows with a city target): compared by 2+ cities or with a goal."""
        groups: dict[tuple[str, int | None], list[Row]] = {}
        for r in self.rows:
            if r.target is not None:
                groups.setdefault((r.indicator_id, r.year), []).append(r)
        order = {ind: i for i, ind in enumerate(self.ind)}
        keys = sorted(groups, key=lambda k: (order.get(k[0], 10**6), k[0], _year_key(k[1])))

        def worth(k: tuple[str, int | None]) -> bool:
            rs = groups[k]
            return len(rs) >= 2 or any(
                r.goal(level, same_year=True) is not None
                for r in rs for level in ("national", "provincial"))

        chosen = [k for k in keys if worth(k)] or keys
        return [(k[0], k[1], groups[k]) for k in chosen[:MAX_CHARTS]]

    def ranked(self, rows: list[Row]) -> list[Row]:
        lower = self.ind_attr(rows[0].indicator_id, "direction") == "lower"
        return sorted(rows, key=lambda r: ((r.value if lower else -r.value)
                                           if r.value is not None else math.inf, r.region))

    def charts_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_charts"))
        block_cols = ("city", "target", "national_goal", "provincial_goal",
                      "national_actual", "ref_target")
        widths = (14, 10, 10, 10, 10, 9)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.column_dimensions["G"].width = 2
        sheet_title(ws, self.t("charts_title"), 6 + 10)
        put(ws, 2, 1, self.t("charts_note"), font=NOTE_FONT)
        ws.row_dimensions[2].height = CHART_ROW_PT
        groups = self.chart_groups()
        if not groups:
            put(ws, 4, 1, self.t("no_charts"), font=BOLD_FONT)
        shown = [self.ranked(rows)[: self.top_n] for _, _, rows in groups]
        chart_w = max((chart_width(len(s)) for s in shown), default=14.0)
        # Fit to width shrinks the page by `scale`; pack whole blocks onto each page.
        content_cm = sum(column_cm(w) for w in (*widths, 2)) + chart_w + 0.5
        scale = min(1.0, PRINTABLE_WIDTH_CM / content_cm)
        page_pt = PRINTABLE_HEIGHT_CM / scale / 2.54 * 72 * 0.97 - 24 - CHART_ROW_PT
        top, used = 4, 0.0
        for (indicator_id, year, rows), rows_shown in zip(groups, shown, strict=True):
            end = self.chart_block(ws, top, indicator_id, year, rows_shown, len(rows),
                                   block_cols, chart_w)
            block_pt = (end - top) * CHART_ROW_PT
            if used and used + block_pt > page_pt:
                ws.row_breaks.append(Break(id=top - 1))
                used = 0.0
            used += block_pt
            top = end
        ws.freeze_panes = "A3"
        print_setup(ws, "1:2", self.t("charts_title"), self.data.built_on)

    def chart_block(self, ws: Worksheet, top: int, indicator_id: str, year: int | None,
                    rows: list[Row], n_all: int, block_cols: Sequence[str],
                    width_cm: float) -> int:
        """Data block at A``top`` and its chart at H``top``; returns the next free row."""
        lang = self.lang
        vt = self.ind_attr(indicator_id, "value_type")
        unit = self.unit_text(indicator_id)
        title = f"{self.ind_name(indicator_id)}（{_year_text(year, lang)}）" if lang == "zh" \
            else f"{self.ind_name(indicator_id)} ({_year_text(year, lang)})"
        if n_all > len(rows):
            title += (f"：前{len(rows)}名/共{n_all}城" if lang == "zh"
                      else f": top {len(rows)} of {n_all} cities")
        put(ws, top, 1, title, font=BOLD_FONT)
        hdr = top + 1
        for j, key in enumerate(block_cols, start=1):
            zh, en = TEXT[key]
            put(ws, hdr, j, zh if lang == "zh" else en, font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        first = hdr + 1
        for i, r in enumerate(rows):
            actual = (r.actual or {}).get("value")
            vals = [self.place(r.region), r.value, r.goal("national", same_year=True),
                    r.goal("provincial", same_year=True),
                    _plain(actual), r.refs.get("target")]
            for j, v in enumerate(vals, start=1):
                fmt = value_format(vt, v) if 2 <= j <= 5 else None
                put(ws, first + i, j, v, number_format=fmt, border=CELL_BORDER)
        last = first + len(rows) - 1

        bar = BarChart()
        bar.type = "col"
        bar.grouping = "clustered"
        bar.title = chart_title(title)
        bar.style = 10
        if unit:
            bar.y_axis.title = chart_title(str(unit), 900)
        bar.y_axis.scaling.min = 0
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.x_axis.txPr = chart_text(900)
        bar.y_axis.txPr = chart_text(900)
        bar.legend.position = "b"
        bar.legend.txPr = chart_text(900)
        bar.gapWidth = 60
        cats = StrRef(f=f"'{ws.title}'!$A${first}:$A${last}")
        series = Series(Reference(ws, min_col=2, min_row=hdr, max_row=last),
                        title_from_data=True)
        series.cat = AxDataSource(strRef=cats)
        series.graphicalProperties.solidFill = "A6A6A6"  # legend key; bars get city colours
        for i, r in enumerate(rows):
            point = DataPoint(idx=i)
            point.graphicalProperties.solidFill = self.colors.get(r.region, "#0072B2")[1:]
            point.graphicalProperties.line.solidFill = "FFFFFF"
            series.dPt.append(point)
        series.dLbls = DataLabelList()
        series.dLbls.showVal = True
        series.dLbls.txPr = chart_text(800)
        for attr in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
            setattr(series.dLbls, attr, False)
        bar.series.append(series)

        line = LineChart()
        markers = (  # column, colour, marker symbol, draw the line?
            (3, NATIONAL_COLOR, "circle", True),
            (4, PROVINCIAL_COLOR, "dash", False),
            (5, ACTUAL_COLOR, "diamond", False),
        )
        for col, color, symbol, draw_line in markers:
            if all(ws.cell(row=r, column=col).value is None for r in range(first, last + 1)):
                continue
            s = Series(Reference(ws, min_col=col, min_row=hdr, max_row=last),
                       title_from_data=True)
            s.cat = AxDataSource(strRef=cats)
            s.smooth = False
            s.marker = Marker(symbol=symbol, size=9 if symbol != "dash" else 14)
            s.marker.graphicalProperties = GraphicalProperties(solidFill=color[1:])
            s.marker.graphicalProperties.line.solidFill = color[1:]
            if draw_line:
                s.graphicalProperties.line.solidFill = color[1:]
                s.graphicalProperties.line.width = 28575
            else:
                s.graphicalProperties.line.noFill = True
            line.series.append(s)
        if line.series:
            bar += line
        bar.width = width_cm
        bar.height = CHART_HEIGHT_CM
        ws.add_chart(bar, f"H{top}")
        chart_rows = math.ceil(CHART_HEIGHT_CM / 2.54 * 72 / CHART_ROW_PT) + 1
        end = top + max(len(rows) + 3, chart_rows) + 1
        for r in range(top, end):  # explicit heights: the chart spans a known number of rows
            ws.row_dimensions[r].height = CHART_ROW_PT
        return end

    # --- figures -------------------------------------------------------------------------------
    def figures_sheet(self) -> None:
        from openpyxl.drawing.image import Image

        ws = self.new_sheet(self.t("sheet_figures"))
        sheet_title(ws, self.t("figures_title"), 14)
        row = 3
        placed = 0
        for path in self.figures:
            try:
                img = Image(str(path))
            except (OSError, ValueError):
                continue
            if placed:
                ws.row_breaks.append(Break(id=row - 1))  # one figure per printed page
            put(ws, row, 1, path.name, font=BOLD_FONT)
            # fit a landscape A4 page at 96 dpi: 960 px wide, 600 px tall below the caption
            scale = min(1.0, FIGURE_MAX_PX[0] / max(img.width, 1),
                        FIGURE_MAX_PX[1] / max(img.height, 1))
            img.width, img.height = int(img.width * scale), int(img.height * scale)
            ws.add_image(img, f"A{row + 1}")
            end = row + 2 + math.ceil(img.height / FIGURE_ROW_PX)
            for r in range(row, end):  # explicit heights: the image spans known rows
                ws.row_dimensions[r].height = FIGURE_ROW_PX * 0.75
            row = end
            placed += 1
        ws.freeze_panes = "A2"
        print_setup(ws, None, self.t("figures_title"), self.data.built_on)

    # --- documents ------------------------------------------------------------------------------
    DOC_COLS = (Col("region_scope", max_width=14), Col("level", max_width=12),
                Col("province", max_width=14), Col("doc_title", width=44, wrap=True),
                Col("doc_number", max_width=24), Col("issued_on", width=12),
                Col("n_targets", width=9))

    def document_rows(self) -> list[list[object]]:
        docs = self.data.documents
        rows = []
        for d in docs.to_dict("records"):
            rows.append([self.place(d.get("region")), d.get("level"),
                         self.place(d.get("province")), d.get("title"),
                         d.get("doc_number"), d.get("issued_on"), d.get("n_mapped")])
        return rows

    def documents_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_documents"))
        cols = self.DOC_COLS
        sheet_title(ws, self.t("documents_title"), len(cols))
        last = write_table(ws, 2, cols, self.document_rows(), self.lang)
        ws.freeze_panes = "A3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
        print_setup(ws, "1:2", self.t("documents_title"), self.data.built_on)

    # --- summary --------------------------------------------------------------------------------
    def headline_cities(self) -> list[str]:
        counts: dict[str, int] = {}
        for r in self.rows:
            if r.target is not None and self.ind_attr(r.indicator_id, "core"):
                counts[r.region] = counts.get(r.region, 0) + 1
        ranked = sorted(counts, key=lambda c: (-counts[c], c))[: self.top_n]
        return sorted(ranked)

    def findings(self) -> list[str]:
        """The comparison layer's findings sentences (``compare.findings``), only printed."""
        found = self.data.findings.get(self.lang, [])
        return found or [self.t("no_targets")]

    def summary_sheet(self, ws: Worksheet, families: list[tuple[str, str, int]],
                      many_docs: bool) -> None:
        lang, data = self.lang, self.data
        cities = self.headline_cities()
        n_cols = max(9, 4 + len(cities))
        sheet_title(ws, self.t("title"), n_cols)
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 12
        ws.column_dimensions["C"].width = 10
        ws.column_dimensions["D"].width = 11
        for j in range(5, n_cols + 1):
            ws.column_dimensions[get_column_letter(j)].width = 11
        n_nat = int((data.goals.get("scope_level", pd.Series(dtype=object))
                     == "national").sum())
        n_prov = int((data.goals.get("scope_level", pd.Series(dtype=object))
                      == "provincial").sum())
        meta = [
            ("covers", self.t("covers_text")),
            ("built_on", data.built_on or "—"),
            ("store_source", data.build_source or "—"),
            ("n_documents", len(data.documents)),
            ("n_cities", len(data.cities)),
            ("n_targets", len(data.targets)),
            ("reference_goals", f"{n_nat} 项国家目标，{n_prov} 项省级目标" if lang == "zh"
             else f"{n_nat} national, {n_prov} provincial"),
            ("family_sheets", ("、" if lang == "zh" else ", ").join(
                name for _, name, _ in families) or "—"),
            ("how_to_read", self.t("how_to_read_text")),
        ]
        row = 3
        for key, value in meta:
            label = _h(key, lang).replace("\n", " ")
            put(ws, row, 1, label, font=BOLD_FONT, alignment=TOP)
            put(ws, row, 2, value, alignment=Alignment(wrap_text=True, vertical="top",
                                                        horizontal="left"))
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=n_cols)
            width = sum(ws.column_dimensions[get_column_letter(j)].width or 10
                        for j in range(2, n_cols + 1))
            lines = wrapped_lines(value, width)
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
            row += 1

        row += 1
        put(ws, row, 1, _h("findings", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        for i, text in enumerate(self.findings(), start=1):
            put(ws, row, 1, f"{i}. {text}", alignment=Alignment(wrap_text=True,
                                                                  vertical="top"))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
            width = sum(ws.column_dimensions[get_column_letter(j)].width or 10
                        for j in range(1, n_cols + 1))
            ws.row_dimensions[row].height = lines_pt(wrapped_lines(f"{i}. {text}", width))
            row += 1

        row = self.headline_table(ws, row + 1, cities)
        row = self.vs_goals_table(ws, row + 1)
        row = self.ambition_table(ws, row + 1)
        row = self.documents_section(ws, row + 1, many_docs)
        ws.freeze_panes = "A2"
        print_setup(ws, "1:1", self.t("title"), data.built_on)

    def headline_table(self, ws: Worksheet, row: int, cities: list[str]) -> int:
        lang = self.lang
        title = _h("headline", lang).replace("\n", " ")
        n_cities_all = len({r.region for r in self.rows if r.target is not None})
        if n_cities_all > len(cities):
            title += (f"（设定核心指标最多的{len(cities)}个城市，共{n_cities_all}个；"
                      "其余见各领域表）" if lang == "zh" else
                      f" (the {len(cities)} cities setting the most core indicators, of "
                      f"{n_cities_all}; all cities on the family sheets)")
        put(ws, row, 1, title, font=SECTION_FONT)
        put(ws, row + 1, 1, self.t("headline_note"), font=NOTE_FONT)
        row += 2
        by_key: dict[tuple[str, int | None], dict[str, Row]] = {}
        for r in self.rows:
            if r.target is not None and self.ind_attr(r.indicator_id, "core"):
                by_key.setdefault((r.indicator_id, r.year), {})[r.region] = r
        if not by_key or not cities:
            put(ws, row, 1, self.t("no_targets"))
            return row + 1
        order = {ind: i for i, ind in enumerate(self.ind)}
        keys = sorted((k for k in by_key if set(by_key[k]) & set(cities)),
                      key=lambda k: (order.get(k[0], 10**6), k[0], _year_key(k[1])))
        headers = [_h("indicator", lang), _h("unit", lang), _h("year", lang),
                   _h("national_goal", lang), *(self.place(c) for c in cities)]
        for j, text in enumerate(headers, start=1):
            put(ws, row, j, text, font=BOLD_FONT, fill=HEADER_FILL, border=HEADER_BORDER,
                alignment=HEADER_ALIGN)
        ws.row_dimensions[row].height = 36
        for key in keys:
            row += 1
            ind, year = key
            vt = self.ind_attr(ind, "value_type")
            cells = by_key[key]
            goal = next((r.goal("national", same_year=True) for r in cells.values()
                         if r.goal("national", same_year=True) is not None), None)
            values = [self.ind_name(ind), self.unit_text(ind),
                      _year_cell(year, lang), goal]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j <= 2 else TOP,
                    number_format=value_format(vt, v) if j == 4 else None)
            for j, city in enumerate(cities, start=5):
                r = cells.get(city)
                fill = None
                if r is not None and r.goal("national", same_year=True) is not None:
                    verdict = r.verdict("national")
                    fill = GOOD_FILL if verdict in ("more ambitious", "equal") else (
                        BAD_FILL if verdict == "less ambitious" else None)
                value = r.value if r is not None else None
                put(ws, row, j, value, border=CELL_BORDER, fill=fill, alignment=TOP,
                    number_format=value_format(vt, value))
            lines = max(wrapped_lines(values[0], 30), wrapped_lines(values[1], 12))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

    def vs_goals_table(self, ws: Worksheet, row: int) -> int:
        """Per national goal, the goal_summary view: verdicts (same year) and statuses."""
        lang = self.lang
        put(ws, row, 1, _h("vs_goals_table", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        summary = self.data.goal_summary
        nat = summary[summary["reference_level"] == "national"] if not summary.empty \
            else summary
        if nat.empty:
            put(ws, row, 1, "—")
            return row + 1
        order = {ind: i for i, ind in enumerate(self.ind)}
        recs = sorted(nat.to_dict("records"), key=lambda r: (
            order.get(r["indicator_id"], 10**6), r["indicator_id"], _year_key(r["target_year"])))
        headers = ["indicator", "year", "national_goal", "n_more", "n_equal", "n_less",
                   "n_other_year", "n_not_addressed", "n_not_applicable", "cities_below"]
        for j, key in enumerate(headers, start=1):
            put(ws, row, j, _h(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.merge_cells(start_row=row, start_column=10, end_row=row, end_column=13)
        ws.row_dimensions[row].height = 36
        sep = "、" if lang == "zh" else ", "
        for rec in recs:
            row += 1
            ind = rec["indicator_id"]
            vt = self.ind_attr(ind, "value_type")
            below = [str(self.place(c)) for c in str(rec["cities_below"] or "").split(",") if c]
            names = sep.join(below[: self.top_n]) + (
                f"{sep}…（共{len(below)}）" if lang == "zh" and len(below) > self.top_n else
                f"{sep}… ({len(below)})" if len(below) > self.top_n else "")
            values = [self.ind_name(ind), _year_cell(_plain(rec["target_year"]), lang),
                      _plain(rec["goal_compare_value"]), _plain(rec["n_more_ambitious"]),
                      _plain(rec["n_equal"]), _plain(rec["n_less_ambitious"]),
                      _plain(rec["n_set_for_another_year"]), _plain(rec["n_not_addressed"]),
                      _plain(rec["n_not_applicable"]), names or None]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j in (1, 10) else TOP,
                    number_format=value_format(vt, v) if j == 3 else None)
            ws.merge_cells(start_row=row, start_column=10, end_row=row, end_column=13)
            lines = max(wrapped_lines(values[0], 30), wrapped_lines(names, 44))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

    def ambition_table(self, ws: Worksheet, row: int) -> int:
        """The ambition_index view: rank or "not enough to rank", n, and the formula."""
        lang = self.lang
        amb = self.data.ambition
        if amb.empty:
            return row
        put(ws, row, 1, _h("ambition_table", lang).replace("\n", " "), font=SECTION_FONT)
        formula = compare.AMBITION_FORMULA_ZH if lang == "zh" else compare.AMBITION_FORMULA
        put(ws, row + 1, 1, formula, font=NOTE_FONT,
            alignment=Alignment(wrap_text=True, vertical="top"))
        ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=9)
        width = sum(ws.column_dimensions[get_column_letter(j)].width or 10 for j in range(1, 10))
        ws.row_dimensions[row + 1].height = lines_pt(wrapped_lines(formula, width))
        row += 2
        headers = ["rank", "city", "province", "n_comparable", "n_at_least", "share", "score",
                   "rank_status"]
        for j, key in enumerate(headers, start=1):
            put(ws, row, j, _h(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.row_dimensions[row].height = 36
        ordered = amb.sort_values(["ranked", "ambition_rank", "n_comparable", "region"],
                                  ascending=[False, True, False, True], na_position="last",
                                  kind="stable").head(self.top_n)
        for rec in ordered.to_dict("records"):
            row += 1
            status = labels.word(str(rec["rank_status"]), lang)
            values = [_plain(rec["ambition_rank"]), self.place(rec["region"]),
                      self.place(rec["province"]), _plain(rec["n_comparable"]),
                      _plain(rec["n_at_least_as_ambitious"]),
                      _plain(rec["share_at_least_as_ambitious"]), _plain(rec["ambition_score"]),
                      status]
            fmts = ["0", None, None, "0", "0", SHARE_FORMAT, SCORE_FORMAT, None]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER, number_format=fmts[j - 1])
        return row + 1

    def documents_section(self, ws: Worksheet, row: int, many_docs: bool) -> int:
        lang = self.lang
        docs = self.data.documents
        if many_docs:
            put(ws, row, 1, _h("documents_by_province", lang).replace("\n", " ")
                + ("（完整清单见“文件”表）" if lang == "zh" else " (full list: Documents sheet)"),
                font=SECTION_FONT)
            row += 1
            unknown = self.t("unknown_province")
            counts = docs.assign(province=docs["province"].fillna(unknown)).groupby(
                "province").agg(n=("doc_id", "size"), cities=("region", "nunique"))
            headers = ["province", "n_documents", "n_cities"]
            for j, key in enumerate(headers, start=1):
                put(ws, row, j, _h(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                    border=HEADER_BORDER, alignment=HEADER_ALIGN)
            for prov, rec in sorted(counts.iterrows(), key=lambda kv: (kv[0] == unknown,
                                                                      kv[0])):
                row += 1
                for j, v in enumerate((prov, int(rec["n"]), int(rec["cities"])), start=1):
                    put(ws, row, j, v, border=CELL_BORDER)
            return row + 1
        put(ws, row, 1, _h("documents_used", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        if docs.empty:
            put(ws, row, 1, "—")
            return row + 1
        headers = ["region_scope", "level", "doc_title", "doc_number", "issued_on", "n_targets"]
        layout = [(1, 1), (2, 2), (3, 5), (6, 7), (8, 8), (9, 9)]
        for (c0, c1), key in zip(layout, headers, strict=True):
            put(ws, row, c0, _h(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
            if c1 > c0:
                ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
        ws.row_dimensions[row].height = 36
        for rec in self.document_rows():
            row += 1
            values = [rec[0], rec[1], rec[3], rec[4], rec[5], rec[6]]
            for (c0, c1), v in zip(layout, values, strict=True):
                put(ws, row, c0, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if c0 in (3, 6) else TOP)
                if c1 > c0:
                    ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
            lines = max(wrapped_lines(values[2], 32), wrapped_lines(values[3], 22))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

    # --- sources and codebook -------------------------------------------------------------------
    SOURCE_COLS = (
        Col("ref", width=7), Col("kind", width=8, wrap=True),
        Col("region_scope", width=9, wrap=True), Col("indicator", width=16, wrap=True),
        Col("year", width=7, center=True), Col("value", width=7),
        Col("comparator", width=6, center=True), Col("value_text", width=8, wrap=True),
        Col("doc_title", width=20, wrap=True), Col("doc_number", width=13, wrap=True),
        Col("issued_on", width=10), Col("quote", width=44, wrap=True),
        Col("char_start", width=9), Col("char_end", width=9),
        Col("record_id", width=20, wrap=True), Col("verified", width=8, center=True),
        Col("note", width=24, wrap=True),
    )

    def sources_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_sources"))
        cols = self.SOURCE_COLS
        sheet_title(ws, self.t("sources_title"), len(cols))
        values, formats = [], []
        for s in self.book.ordered():
            ind = None if _missing(s.indicator_id) else str(s.indicator_id)
            vt = self.ind_attr(ind, "value_type") if ind else None
            verified = None if _missing(s.verified) else self.t("yes" if s.verified else "no")
            row = [s.ref, self.t(s.kind), self.place(s.scope),
                   self.ind_name(ind) if ind else None,
                   _year_cell(s.year, self.lang) if s.kind != "kind_actual" else s.year,
                   s.value, _sign(s.comparator), s.value_text, s.title, s.doc_number,
                   s.issued_on, s.quote, s.char_start, s.char_end, s.record_id, verified,
                   s.note]
            values.append(row)
            fmt = [None] * len(row)
            fmt[5] = value_format(vt, s.value)
            fmt[4] = "0"
            formats.append(fmt)
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
        print_setup(ws, "1:2", self.t("sources_title"), self.data.built_on)

    def codebook_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_codebook"))
        cols = (Col("indicator_id", max_width=48), Col("core", width=7, center=True),
                Col("family", max_width=14), Col("name_zh", width=26, wrap=True),
                Col("name_en", width=30, wrap=True), Col("unit", width=16, wrap=True),
                Col("direction", width=12), Col("value_convention", width=18, wrap=True),
                Col("value_type", max_width=14), Col("definition", width=50, wrap=True))
        sheet_title(ws, self.t("codebook_title"), len(cols))
        rows = []
        for rec in self.data.indicators.to_dict("records"):
            direction = rec.get("direction")
            family = "" if _missing(rec.get("family")) else str(rec.get("family"))
            rows.append([
                rec.get("indicator_id"),
                None if _missing(rec.get("core")) else self.t("yes" if rec["core"] else "no"),
                self.family_name(family) if family in FAMILY_NAMES else family,
                rec.get("name_zh"), rec.get("name_en"), rec.get("unit"),
                self.t(direction) if direction in ("higher", "lower") else direction,
                rec.get("value_convention"), rec.get("value_type"), rec.get("definition")])
        last = write_table(ws, 2, cols, rows, self.lang)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{last}"
        print_setup(ws, "1:2", self.t("codebook_title"), self.data.built_on)


# --- writing ------------------------------------------------------------------------------------


# Figures whose file name contains one of these draw what the native charts already
# draw (cities per indicator); the rest (coverage heatmap, diverging gaps, ambition
# ranking, goal uptake, corpus overview) add views Excel charts cannot.
FIGURES_DUPLICATING_NATIVE_CHARTS = ("_cities_",)


def _figure_files(figures_dir: Path | str | None) -> list[Path]:
    """PNGs of ``make figures`` worth embedding (none when the folder does not exist)."""
    if figures_dir is None:
        return []
    folder = Path(figures_dir)
    if not folder.is_dir():
        return []
    files = [p for p in sorted(folder.glob("*.png"))
             if not any(part in p.name for part in FIGURES_DUPLICATING_NATIVE_CHARTS)]
    return files[:MAX_FIGURES]


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx bytes with fixed zip timestamps (openpyxl's save stamps 'now')."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # keeps wb.properties.modified as set
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_workbook(db: Path | str, lang: str = "zh", figures_dir: Path | str | None = None,
                   top_n: int = DEFAULT_TOP_N) -> Workbook:
    """The workbook in memory (see ``write_workbook``)."""
    data = load(db)
    return Briefing(data, lang, top_n, _figure_files(figures_dir)).build()


def write_workbook(db: Path | str = paths.STORE, out: Path | str = paths.WORKBOOK,
                   lang: str = "zh", figures_dir: Path | str | None = None,
                   top_n: int = DEFAULT_TOP_N) -> Path:
    """Write the briefing workbook for the store ``db`` to ``out`` atomically; returns ``out``.

    ``lang`` picks sheet names and labels ('zh': Chinese names, bilingual headers;
    'en': English).  PNGs in ``figures_dir`` are embedded when the folder exists.
    Charts and the headline table show at most ``top_n`` cities (the tables keep all).
    """
    out = Path(out)
    payload = workbook_bytes(build_workbook(db, lang, figures_dir, top_n))
    return write_atomic(out, payload)


# --- CLI ------------------------------------------------------------------------------------------


def _cmd_excel(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK

    figures = None if args.no_figures else args.figures
    try:
        out = write_workbook(Path(args.db), Path(args.out), lang=args.lang,
                             figures_dir=figures, top_n=args.top_n)
    except (StoreError, duckdb.Error, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1024:.0f} KiB)")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis excel``."""
    e = sub.add_parser("excel", help="write the Excel briefing workbook (reports/briefing.xlsx)")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    e.add_argument("--out", default=str(paths.WORKBOOK), help="workbook to write (.xlsx)")
    e.add_argument("--lang", default="zh", choices=LANGS,
                   help="sheet names and labels: zh (bilingual headers) or en")
    e.add_argument("--figures", default=str(paths.FIGURES),
                   help="folder of PNG figures to embed when present (default reports/figures)")
    e.add_argument("--no-figures", action="store_true", help="embed no PNG figures")
    e.add_argument("--top-n", type=int, default=DEFAULT_TOP_N,
                   help="cities per chart and in the headline table (default %(default)s)")
    e.set_defaults(func=_cmd_excel)
