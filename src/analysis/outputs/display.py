"""Readable tables for people: the site's and the notebooks' tables, as text.

Stored values keep full precision (a gap of 58.823529 stays 58.823529 in the
store and the exports); only what a person reads is rounded, by the one number
rule of ``analysis.formats`` (``fmt_number``: a value as written, a computed one
to its unit's decimals), the same rule as the figures and the workbook.  The
tables here say how each column is shown:

* ``COLUMNS``: column headers in each language;
* ``VALUE_COLUMNS`` / ``PERCENT_COLUMNS`` / ``TEXT_COLUMNS``: how each column is shown;
* ``HIDDEN_COLUMNS``: machine details (file paths, fingerprints) never shown.

``readable(frame, lang)`` applies all of them to a DataFrame; ``one_line`` is the
rule for one text.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from collections.abc import Iterable

import pandas as pd

from analysis import paths
from analysis.formats import LANGS, MISSING, fmt_number, fmt_percent
from analysis.formats import missing as _missing
from analysis.outputs import labels

# Column headers (zh, en).  Unknown columns keep their name.
COLUMNS: dict[str, tuple[str, str]] = {
    "region": ("城市", "City"),
    "region_en": ("城市（英文）", "City"),
    "province": ("省份", "Province"),
    "level": ("层级", "Level"),
    "indicator_id": ("指标", "Indicator"),
    "indicator": ("指标", "Indicator"),
    "indicator_name_zh": ("指标", "Indicator (Chinese)"),
    "indicator_name_en": ("指标（英文）", "Indicator"),
    "indicator_text": ("原文指标", "Indicator as written"),
    "family": ("类别", "Family"),
    "indicator_unit": ("单位", "Unit"),
    "target_year": ("目标年份", "Target year"),
    "value": ("目标值", "Target"),
    "compare_value": ("目标值", "Target"),
    "city_value": ("城市目标", "City target"),
    "goal_value": ("参照目标", "Goal"),
    "goal": ("参照目标", "Goal"),
    "reference_scope": ("参照范围", "Goal scope"),
    "reference_level": ("参照层级", "Goal level"),
    "gap_abs": ("差距", "Gap"),
    "gap_directed": ("差距（正值 = 更积极）", "Gap (positive = more ambitious)"),
    "gap_pct": ("相对差距（%）", "Relative gap (%)"),
    "gap_rel": ("相对差距", "Relative gap"),
    "verdict": ("判断", "Verdict"),
    "status": ("状态", "Status"),
    "quote": ("原文", "Sentence"),
    "goal_excerpt": ("目标原文", "Goal excerpt"),
    "goal_source": ("目标来源", "Goal source"),
    "goal_source_title": ("目标来源", "Goal source"),
    "goal_doc_number": ("目标文号", "Goal document no."),
    "goal_note": ("说明", "Note"),
    "goal_verified": ("已核实", "Verified"),
    "city_set_years": ("城市设定年份", "Years the city set"),
    "doc_number": ("文号", "Document no."),
    "doc_title": ("文件", "Document"),
    "title": ("标题", "Title"),
    "issued_on": ("发布日期", "Issued"),
    "n_documents": ("文件数", "Documents"),
    "n_targets": ("目标条数", "Targets"),
    "n_mapped": ("已对应指标", "Mapped"),
    "n_unmapped": ("未对应指标", "Not mapped"),
    "n_comparable": ("可比指标数", "Comparable"),
    "n_more_ambitious": ("高于目标", "More ambitious"),
    "n_equal": ("持平", "Equal"),
    "n_less_ambitious": ("低于目标", "Less ambitious"),
    "share_at_least_as_ambitious": ("不低于目标占比（%）", "At least as ambitious (%)"),
    "ambition_score": ("雄心指数", "Ambition score"),
    "peers_n": ("同类城市数", "Peers"),
    "peers_median": ("同类城市中位数", "Peer median"),
    "peers_min": ("同类城市最小值", "Peer min"),
    "peers_max": ("同类城市最大值", "Peer max"),
    "national_actual": ("全国现状", "National actual"),
    "national_actual_year": ("现状年份", "Actual year"),
    "data_year": ("数据年份", "Data year"),
    "example_quote": ("示例原文", "Example sentence"),
    "char_start": ("起始位置", "Start offset"),
    "char_end": ("结束位置", "End offset"),
}

# Columns holding a value in the row's indicator unit (rounded by ``DECIMALS``).
VALUE_COLUMNS = frozenset({
    "value", "value_high", "compare_value", "city_value", "city_value_high",
    "city_compare_value", "goal_value", "goal_value_high", "goal_compare_value", "gap_abs",
    "gap_directed", "peers_median", "peers_min", "peers_max", "gap_to_peers_median",
    "province_peers_median", "province_peers_min", "province_peers_max", "national_actual",
    "gap_to_national_actual",
})
# Shares and relative gaps: ``gap_pct`` is already in percent, the others are fractions.
PERCENT_COLUMNS = {"gap_pct": 1.0, "gap_rel": 100.0, "share_at_least_as_ambitious": 100.0}
RATIO_COLUMNS = frozenset({"ambition_score", "ambition_ratio"})
# Texts from documents: shown on one line.
TEXT_COLUMNS = frozenset({"quote", "goal_excerpt", "example_quote", "national_actual_excerpt",
                          "excerpt", "section", "section_path", "goal_note", "note",
                          "national_actual_note", "title", "doc_title", "goal_source",
                          "goal_source_title", "national_actual_source"})
# Machine details a reader has no use for (and that would print this machine's paths).
HIDDEN_COLUMNS = frozenset({"text_path", "source_file", "input_key", "sha256", "ref_order",
                            "formula", "converter_version"})
UNIT_COLUMN = "indicator_unit"


_BREAK = re.compile(r"\s*[\r\n\u2028\u2029\f]+\s*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def one_line(text: object) -> str:
    """Text with its line breaks removed for display ('床位\\n\\n数' -> '床位数').

    A break between two Chinese characters disappears; between Latin words or
    numbers it becomes one space, so 'per\\n1,000' stays two words.
    """
    if _missing(text):
        return ""

    def join(m: re.Match[str]) -> str:
        before = m.string[m.start() - 1] if m.start() > 0 else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        if not before or not after or _WIDE.match(before) or _WIDE.match(after):
            return ""
        return " "

    return _BREAK.sub(join, str(text))


def header(column: str, lang: str = "zh") -> str:
    """A column header in the edition's language (the column name when unknown)."""
    names = COLUMNS.get(column)
    if names is None:
        return column
    return names[0] if lang == "zh" else names[1]


def headers(columns: Iterable[str], lang: str = "zh") -> dict[str, str]:
    """Column -> header for a rename; distinct headers stay distinct."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        name = header(col, lang)
        if name in used:
            name = f"{name} ({col})"
        used.add(name)
        out[col] = name
    return out


def _label(value: object, lang: str) -> object:
    """A code of the store (a verdict, a status) in words; a cell that already holds
    words (a figure's data, worded by ``status_text`` with its year and value) as is."""
    if isinstance(value, str) and labels.has(value, labels.CHART):
        return labels.label(value, lang)
    return value


@functools.lru_cache(maxsize=1)
def _codebook() -> dict[str, dict[str, str]]:
    """The codebook's rows by id (short names, units): read once, for table cells."""
    with paths.CODEBOOK.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {key: r for r in rows if (key := r.get("indicator_id") or r.get("id"))}


def _indicator(value: object, lang: str) -> object:
    if not isinstance(value, str):
        return value
    return labels.indicator_name(_codebook().get(value), lang, value)


# Columns whose values are codes shown as words of the edition (verdicts, statuses, ids).
def _unit(value: object, lang: str) -> object:
    return labels.unit_label(value, lang) or value if isinstance(value, str) else value


CODE_COLUMNS = {"verdict": _label, "status": _label, "reference_level": _label,
                "indicator_id": _indicator, UNIT_COLUMN: _unit}


def readable(frame: pd.DataFrame, lang: str = "zh", unit: str | None = None,
             columns: list[str] | None = None) -> pd.DataFrame:
    """The frame as a person should read it: rounded by unit, one-line quotes, own headers.

    Values are rounded per row by the row's ``indicator_unit`` (or ``unit`` for a
    frame about one indicator), codes (indicator ids, verdicts) become words of
    the edition; ``columns`` picks the columns shown (the unit is read first, so it
    need not be among them).  The result holds text, for display only.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    units = (frame[UNIT_COLUMN] if UNIT_COLUMN in frame.columns
             else pd.Series(unit, index=frame.index, dtype="object"))
    out = frame[columns] if columns is not None else frame
    out = out.drop(columns=[c for c in out.columns if c in HIDDEN_COLUMNS]).copy()
    for col in out.columns:
        if col in VALUE_COLUMNS:
            out[col] = [fmt_number(v, u) for v, u in zip(out[col], units, strict=True)]
        elif col in PERCENT_COLUMNS:
            out[col] = [fmt_percent(v, PERCENT_COLUMNS[col]) for v in out[col]]
        elif col in RATIO_COLUMNS:
            out[col] = [fmt_number(v) for v in out[col]]
        elif col in TEXT_COLUMNS:
            out[col] = [one_line(v) for v in out[col]]
        elif col == "target_year" or col.endswith("_year"):
            out[col] = [MISSING if _missing(v) else str(int(v)) for v in out[col]]
        elif col in CODE_COLUMNS:
            out[col] = [CODE_COLUMNS[col](v, lang) for v in out[col]]
    out = out.astype(object).where(out.notna(), MISSING)  # never 'nan' or 'None' on screen
    return out.rename(columns=headers(out.columns, lang))


def show(frame: pd.DataFrame, lang: str = "zh", unit: str | None = None,
         columns: list[str] | None = None):  # -> pandas Styler
    """``readable`` as a notebook table: no index, sentences in a column wide enough to read.

    At 1280 px a plain DataFrame squeezes the quote column to a few characters a
    line; the Styler gives text columns a minimum width instead.
    """
    table = readable(frame, lang, unit, columns)
    names = headers([c for c in (columns or frame.columns) if c not in HIDDEN_COLUMNS], lang)
    wide = [names[c] for c in names if c in TEXT_COLUMNS]
    # ids derived from the content: the same table gives the same HTML (no random uuid)
    digest = hashlib.sha1(table.to_csv().encode("utf-8")).hexdigest()[:10]
    styler = table.style.hide(axis="index").set_uuid(digest).set_table_styles(
        [{"selector": "td, th", "props": "white-space: nowrap; text-align: left; "
                                         "vertical-align: top;"}])
    if wide:  # per-column rules (more specific than the td rule above)
        styler = styler.set_table_styles(
            {c: [{"selector": "td", "props": "white-space: normal; min-width: 16em;"}]
             for c in wide}, overwrite=False)
    return styler
