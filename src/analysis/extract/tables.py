"""Indicator tables: ``| 指标 | 2020年基数 | 2025年目标 | 属性 |`` rows, tab-separated
rows, or tables flattened to one cell per line by PDF/Word text extraction.

Plans often list their goals in a table with a baseline column and one or more
target columns.  Only target columns yield targets (the baseline is a
statistic); the target year comes from the column header.  The table's text
is masked from the sentence reader so its numbers are not read twice.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import add, itemgetter

from analysis.extract.numbers import find_values
from analysis.extract.subjects import carried_measure
from analysis.extract.target import Target
from analysis.ingest.textnorm import NormText, fold_char, is_page_number_line

_HEADER_WORDS = re.compile(
    r"序号|类别|领域|分类|指标|名称|项目|单位|计量|基[期数准线]|现状|现值|实际|目标|规划|预期|属性|性质|"
    r"备注|年|值|完成"
)
_NAME_COL = re.compile(r"指标|名称|项目")
# The levels of a performance-target table's indicators (一级指标 | 二级指标 | 三级指标): the
# deepest holds the indicators' names, the ones above it their categories (产出指标, 质量指标)
_LEVEL_COL = re.compile(r"^([一二三四])级指标$")
_CHANGE_COL = re.compile(r"增减|增长|增幅|变化|变动|同比")
_CHANGE_CELL_RE = re.compile(
    r"(?:比上年)?(?:增减|增长|增幅)(?:量|值|率)?(?:[(（](?:%|％|百分点)[)）])?")
_UNIT_COL = re.compile(r"单位|计量")
_BASE_COL = re.compile(r"基[期数准线]|现状|现值|实际|完成")
_PERIOD_BASE_COL = re.compile(r"基[期数准线]")
_TARGET_COL = re.compile(r"目标|规划|预期值|预计")
# A value column with no word for what kind of value: 值, 数值, 指标值
_VALUE_COL = re.compile(r"^(?:值|数值|指标值|取值)$")
# The plan period in the heading over a table: "“十四五”主要指标", "（2021—2025年）"
_PERIOD_HEADING = re.compile(
    r"(十[三四五六]五)|(?:19|20)\d{2}\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年"
    r"|((?:19|20)\d{2})年(?:主要)?(?:目标|指标)"
)
_FIVE_YEAR_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
# A note under a table that dates its columns: "注：基期值为2020年数据，目标值为2025年数据。"
_NOTE_YEAR = re.compile(
    r"(基[期数准线]值?|现状值?|现值|完成值?|实际值?|目标值?|规划值?|预期值)[^。；;，,\n]{0,6}?"
    r"((?:19|20)\d{2})\s*年"
)
_ATTR_COL = re.compile(r"属性|性质")
# Columns a report names relative to the year it reports: 上年 (the year before), 本年
_RELATIVE_COL = re.compile(
    r"^(?P<rel>上年|去年|上年度|上一年|本年|本年度|当年|本期)(?:数|值|实际|(?:实际)?完成值?)?$")
_RELATIVE_NOTE = re.compile(r"(上年|本年|去年|当年)[^。；;，,\n]{0,3}?为?((?:19|20)\d{2})\s*年")
# The words of a status column: 完成, 超额完成, 未完成, 符合预期, 滞后… (never a row's name)
_STATUS_VALUE = re.compile(
    r"^(?:已|未|基本|超额|提前)?(?:完成|达标|实现|达到)$|^(?:进度)?(?:符合预期|滞后|超前|正常)$|^[是否]$")
_STATUS_COL = re.compile(r"(?:完成|达成|进展|实施|执行|达标)情况|是否(?:完成|达标|达到)")
_UNIT_IN_NAME = re.compile(r"[(（](?:计量)?单位[)）]\s*$")
_YEAR = re.compile(r"((?:19|20)\d{2})")
_SERIAL = re.compile(r"^\d{1,2}[.、]?$")
_ATTR_VALUE = re.compile(r"^(?:预期性|约束性|指导性|预期|约束)$")
_UNIT_PAREN = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
_EMPTY_CELL = re.compile(r"^[-—–/／\s]*$|^(?:无|暂无|—+|-+)$")
_SYMBOL_CMP = (("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="), (">", ">"), ("<", "<"),
               ("＞", ">"), ("＜", "<"), ("≈", "≈"), ("约", "≈"),
               # a cell written in words: "不低于82"
               ("不低于", ">="), ("不少于", ">="), ("不高于", "<="), ("不超过", "<="))
# a comparator opening a value cell, in symbols or words
_CMP_PREFIX = r"(?:[≥≤><＞＜≈约]=?|不低于|不少于|不高于|不超过)"
_MAX_CELL = 40


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # raw offsets
    end: int


@dataclass(frozen=True)
class Column:
    role: str  # "name" | "unit" | "base" | "target" | "attr" | "serial" | "category" | "other"
    year: int | None
    header: str


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line; the offsets summed in C (itertools), not line by line."""
    lengths = list(map(len, raw.split("\n")))
    # a line starts past the one before and its break: the sums of (length + 1)
    starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
    return list(zip(starts, map(add, starts, lengths), strict=True))


_LINE_START = itemgetter(0)


def _lines_with(raw: str, lines: list[tuple[int, int]], pattern: re.Pattern[str]) -> list[int]:
    """Indices of the lines where ``pattern`` (within one line) is found: one scan of the
    text, a step per line found, rather than a loop over every line."""
    found: list[int] = []
    pos = 0
    while (m := pattern.search(raw, pos)) is not None:
        i = bisect_right(lines, m.start(), key=_LINE_START) - 1
        found.append(i)
        pos = lines[i][1] + 1  # on from the next line
    return found


def _next_line(candidates: list[int], i: int) -> int | None:
    """The first of the (sorted) candidate lines at or after line ``i``."""
    k = bisect_left(candidates, i)
    return candidates[k] if k < len(candidates) else None


# A word a table's header line or first cell holds (a name column's, 序号): the lines
# where a table of cells per line or of single-spaced columns may start
_TABLE_START_RE = re.compile(r"序号|指标|名称|项目")
# The characters a row of cells holds (|, tab, a wide space, two spaces): the lines
# where a table of rows may start.  (Each branch opens on its own literal: the regex
# engine skips ahead to those characters.)
_ROW_MARK_RE = re.compile(r"\||\t|\u3000|  ")


_SERIAL_COL = re.compile(r"序号")
_CATEGORY_COL = re.compile(r"类别|领域|分类")


def _classify_columns(headers: list[str], doc_year: int | None = None,
                      reports: bool = False) -> list[Column]:
    """Roles of header cells.  A bare year column is a baseline when it is not after
    the issue year (or, issue year unknown, when it is the earliest of several); in a
    text that ``reports`` (a review, a bulletin) a bare year up to its date is a result,
    after a 基期 column too ("基期值(2020年) | 目标值(2025年) | 2022年 | 进展")."""
    cols: list[Column] = []
    years = [int(m.group(1)) for h in headers for m in [_YEAR.search(h)] if m]
    min_year = min(years) if years else None
    # "2022年（基数）| 2023年 | 2024年 | 2025年": a column that names itself the base dates
    # the base; every bare year after it is a target, the issue year's included
    base_years = [int(y.group(1)) for h in headers
                  if _BASE_COL.search(h) and (y := _YEAR.search(h))]
    # "2020年 | 2023年 | 2025年目标": a column that names itself the target makes every
    # bare year before it a statistic (issue year unknown)
    target_years = [int(y.group(1)) for h in headers
                    if _TARGET_COL.search(h) and not _BASE_COL.search(h) and (y := _YEAR.search(h))]
    undated_target = any(_TARGET_COL.search(h) and not _BASE_COL.search(h)
                         and not _YEAR.search(h) for h in headers)
    levels = [_LEVEL_COL.match(_norm_cell(h)) for h in headers]
    deepest = max((m.group(1) for m in levels if m), key="一二三四".index, default=None)
    names_apart = any("名称" in h or "项目" in h for h in headers)  # (指标名称 beside the levels)
    for h, level in zip(headers, levels, strict=True):
        y = _YEAR.search(h)
        year = int(y.group(1)) if y else None
        if _SERIAL_COL.search(h):
            role = "serial"
        elif _CHANGE_COL.search(h):
            role = "other"  # "增减", "比2022年增长（%）": a change, not a value of that year
        elif _RELATIVE_COL.match(_norm_cell(h)):
            role = "base"  # "上年 | 本年": a report's values, dated by a note or its year
        elif _STATUS_COL.search(h) and year is None and any(
                _BASE_COL.search(o) and not _STATUS_COL.search(o) for o in headers):
            # "2020年完成值 | 完成情况": the values are in the first, the second says
            # 完成 / 未完成 (but "完成情况（2020年）" alone holds the values)
            role = "other"
        elif _ATTR_COL.search(h):
            role = "attr"
        elif _NAME_COL.search(h) and _UNIT_IN_NAME.search(h):
            role = "name"  # "指标名称（单位）": names whose cells end in their unit, "…（张）"
        elif level is not None:
            role = "name" if level.group(1) == deepest and not names_apart else "category"
        elif _UNIT_COL.search(h) and not _TARGET_COL.search(h):
            role = "unit"
        elif _BASE_COL.search(h):
            role = "base"
        elif _TARGET_COL.search(h):
            role = "target"
        elif _VALUE_COL.match(_norm_cell(h)):
            role = "value"  # a target or a statistic: the heading over the table decides
        elif year is not None:
            if base_years and not (reports and doc_year is not None and year <= doc_year):
                past = year <= max(base_years)
            elif doc_year is not None:
                past = year <= doc_year
            elif target_years:
                past = year < min(target_years)
            elif undated_target:
                past = True  # "2020年 | 目标值": the year beside the target column is the base
            else:
                past = len(years) > 1 and year == min_year
            role = "base" if past else "target"
        elif _NAME_COL.search(h):
            role = "name"
        elif _CATEGORY_COL.search(h):
            role = "category"
        else:
            role = "other"
        cols.append(Column(role, year, h))
    return cols


def _is_header(headers: list[str]) -> bool:
    cols = _classify_columns(headers, None)
    roles = {c.role for c in cols}
    named = "name" in roles or any(_NAME_COL.search(h) for h in headers)
    # a report's table of 上年 / 本年, or of past years' values, holds statistics (no target)
    statistics = any(_RELATIVE_COL.match(_norm_cell(h)) for h in headers) or any(
        c.role == "base" and c.year is not None for c in cols)
    return (bool({"target", "value"} & roles) or statistics) and named


@functools.lru_cache(maxsize=4096)  # header words and cells recur within and across tables
def _norm_cell(s: str) -> str:
    return "".join(fold_char(c) for c in s if not c.isspace())


# Columns aligned with spaces: a run of two or more; or one, where a long name filled its
# column up to the number after it ("县域内基层门急诊人次占比（%） 58.2        61.7")
_WIDE_GAP = re.compile(
    r"[ \u3000]{2,}|(?<=[\u4e00-\u9fff)）%％])[ \u3000](?=[\d.]+(?:[ \u3000]|$))")


def _split_spaced(raw: str, start: int, end: int) -> list[Cell]:
    line = raw[start:end]
    cells, pos = [], 0
    for m in [*_WIDE_GAP.finditer(line), None]:
        stop = m.start() if m else len(line)
        part = line[pos:stop]
        stripped = part.strip()
        if stripped:
            off = part.find(stripped)
            cells.append(Cell(stripped, start + pos + off, start + pos + off + len(stripped)))
        pos = m.end() if m else len(line)
    return cells


def _split_row(raw: str, start: int, end: int) -> list[Cell]:
    line = raw[start:end]
    if "|" not in line and "\t" not in line:
        return _split_spaced(raw, start, end)
    sep = "|" if "|" in line else "\t"
    cells, pos = [], start
    for part in line.split(sep):
        stripped = part.strip()
        off = part.find(stripped) if stripped else 0
        cells.append(Cell(stripped, pos + off, pos + off + len(stripped)))
        pos += len(part) + 1
    # drop the empty outer cells of "| a | b |"
    if cells and not cells[0].text and line.strip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1].text and line.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def _cell_comparator(text: str) -> str | None:
    for sym, cmp_ in _SYMBOL_CMP:
        if text.startswith(sym):
            return cmp_
    return None


@dataclass
class _Row:
    cells: list[Cell]


_NUMERIC_CELL = re.compile(rf"^{_CMP_PREFIX}?\d")  # a number, maybe after ≥ or 不低于


def _is_numeric_cell(text: str) -> bool:
    t = _norm_cell(text)
    return bool(t) and bool(_NUMERIC_CELL.match(t)) and len(t) <= 20


_UNIT_CELL = re.compile(
    r"^(?:张|人|名|个|%|％|‰|级|岁|次|人次|所|家|项|天|小时|分钟|/10万|1/10万|万人|元|"
    r"张/千人|人/千人|人/万人|—|-)$"
)


def _is_unit_cell(text: str) -> bool:
    return bool(_UNIT_CELL.match(_norm_cell(text)))


_GRADE_CELL = re.compile(r"^[一二三四五六七八九十]+级")  # "四级"


def _is_value_like(text: str) -> bool:
    """Numbers, ratios, 四级, dashes: cells that fill a value column."""
    t = _norm_cell(text)
    return _is_numeric_cell(text) or bool(_EMPTY_CELL.match(t)) or bool(
        _GRADE_CELL.match(t)
    )


_Table = tuple[list[Cell], list["_Row"], int, int]


_TABLE_TITLE = re.compile(r"^(?:附)?表\s*\d")  # "表1", "附表 2"
_YEAR_HEADER = re.compile(r"^(?:19|20)\d{2}\s*年")


def _flattened_tables(raw: str, lines: list[tuple[int, int]],
                      candidates: list[int] | None = None) -> list[_Table]:
    """Tables written one cell per line: a header block, then rows.  ``candidates``: the
    lines with a _TABLE_START_RE word, if found already."""
    tables = []
    n = len(lines)
    if candidates is None:
        candidates = _lines_with(raw, lines, _TABLE_START_RE)
    i = 0
    while (i := _next_line(candidates, i)) is not None:  # (other lines start no table)
        s, e = lines[i]
        text = raw[s:e].strip()
        # (a heading or a sentence is no header cell: "（二）具体指标。" over the table)
        starts = text == "序号" or (bool(_NAME_COL.search(text)) and len(text) <= 12
                                    and not _HEADING_OR_SENTENCE.search(text)
                                    and not _FIELD_CELL_RE.search(text))
        if not starts or _TABLE_TITLE.match(text):
            i += 1
            continue
        # collect header cells (short lines with header words), skipping blank lines
        header: list[Cell] = []
        j = i
        while j < n:
            hs, he = lines[j]
            t = raw[hs:he].strip()
            if not t:
                j += 1
                continue
            if _TABLE_TITLE.match(t):
                break
            year_header = _YEAR_HEADER.match(t)
            # "增减" after the year cells: the change column closing the header
            change = bool(_CHANGE_CELL_RE.fullmatch(t)) and any(
                _YEAR.search(h.text) for h in header)
            worded = (len(t) <= 14 and bool(_HEADER_WORDS.search(t))
                      and not _FIELD_CELL_RE.search(t))
            if change or (worded and (year_header or not _is_numeric_cell(t))):
                off = raw[hs:he].find(t)
                header.append(Cell(t, hs + off, hs + off + len(t)))
                j += 1
                continue
            break
        cells = header
        header = _merge_wrapped_headers(header)
        if len(header) < 3 or not _is_header([h.text for h in header]):
            i += 1
            continue
        cols = _classify_columns([h.text for h in header])
        rows, j_end = _flattened_rows(raw, lines, j, cols)
        if len(cells) > len(header) and rows and all(len(r.cells) == len(cells) for r in rows):
            # "2020年" / "规划值" were two columns, not one header a PDF wrapped: the rows
            # have a cell for each
            header = cells
            cols = _classify_columns([h.text for h in header])
            rows, j_end = _flattened_rows(raw, lines, j, cols)
        if rows:
            tables.append((header, rows, lines[i][0], lines[j_end - 1][1]))
            i = j_end
        else:
            i = j
    return tables


# a record's field, its name and a colon before its content ("指标：每千人口注册护士数",
# "基期值：2.44人"): no header cell of a table
_FIELD_CELL_RE = re.compile(r"[:：]\s*\S")
_HEADING_OR_SENTENCE = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)|[。.]$")


# Words a PDF wraps onto their own line under a header cell: "2020年" / "现状",
# "指标" / "性质".  Value words join a year cell; 性质/属性 join a lone "指标".
_VALUE_TAIL = re.compile(
    r"^(?:现状|现状值|目标|目标值|基期|基期值|基数|现值|规划值|预期值|实际值|值|"
    r"[（(](?:基期|目标|现状)[）)])$"
)
_ATTR_TAIL = re.compile(r"^(?:性质|属性)$")
_YEAR_TAIL = re.compile(r"^[（(](?:19|20)\d{2}\s*年?(?:底|末)?[）)]$")


_YEAR_CELL = re.compile(r"(?:19|20)\d{2}\s*年?")


def _merge_wrapped_headers(header: list[Cell]) -> list[Cell]:
    """Join header words a PDF wrapped onto their own line to the cell before them."""
    out: list[Cell] = []
    for cell in header:
        prev = out[-1].text if out else ""
        joins = (_VALUE_TAIL.match(cell.text) and _YEAR_CELL.fullmatch(prev)) or (
            _ATTR_TAIL.match(cell.text) and prev == "指标") or (
            # "现状值" / "（2020年）": the year under the value word
            _YEAR_TAIL.match(cell.text) and _VALUE_TAIL.match(prev))
        if joins:
            out[-1] = Cell(prev + cell.text, out[-1].start, cell.end)
        else:
            out.append(cell)
    return out


_CHINESE_ITEM = re.compile(r"^[一二三四五六七八九十]+、")  # "一、": a heading ends the rows
_NON_DIGIT = re.compile(r"\D")


def _flattened_rows(raw: str, lines: list[tuple[int, int]], j: int, cols: list[Column]):
    """Group cell lines into rows: a row starts at a serial number or a name cell."""
    has_serial = any(c.role == "serial" for c in cols)
    cells: list[Cell] = []
    k = j
    while k < len(lines):
        s, e = lines[k]
        t = raw[s:e].strip()
        if not t:
            k += 1
            continue
        if len(t) > _MAX_CELL or "。" in t or _CHINESE_ITEM.match(t):
            break
        if is_page_number_line(t):
            k += 1
            continue
        off = raw[s:e].find(t)
        cells.append(Cell(t, s + off, s + off + len(t)))
        k += 1
    rows: list[_Row] = []
    current: list[Cell] = []
    expected = 1
    n_values = sum(1 for c in cols if c.role in ("base", "target"))
    for c in cells:
        starts_row = False
        if _STATUS_VALUE.match(c.text) and current and any(
                _is_value_like(x.text) for x in current):
            # "…6.2 | 6.47 | 完成": a status word closes its row (and is no cell of it:
            # a header that wrapped may not count its column)
            rows.append(_Row(current))
            current = []
            continue
        is_text = (not _is_value_like(c.text) and not _ATTR_VALUE.match(c.text)
                   and not _is_unit_cell(c.text))
        values_in_row = sum(1 for x in current if _is_value_like(x.text))
        if has_serial and _SERIAL.match(c.text) and int(_NON_DIGIT.sub("", c.text)) == expected:
            starts_row = True
            expected += 1
        elif is_text and current and values_in_row >= (n_values if has_serial else 1):
            starts_row = True  # "其中：公立医院" under a numbered row, or rows without 序号
        if starts_row and current:
            rows.append(_Row(current))
            current = []
        current.append(c)
    if current:
        rows.append(_Row(current))
    rows = [r for r in rows if any(_is_numeric_cell(c.text) for c in r.cells)]
    end_line = k
    return rows, end_line


def _is_row_line(line: str, spaced: bool) -> bool:
    if spaced:
        stripped = line.strip()
        # at least one run of two spaces, looked for first: most lines have none
        return ("  " in stripped or "\u3000" in stripped) \
            and len(_WIDE_GAP.findall(stripped)) >= 2
    return line.count("|") >= 2 or line.count("\t") >= 2


_ONE_GAP = re.compile(r"[ \u3000]+")
# A header's second line: only words for what kind of value the cells above hold
_HEADER_TAIL = re.compile(r"[\s|\u3000]*(?:(?:实际|目标|规划|预期|基期|现状)?值[\s|\u3000]*)+")
_MIN_SPACED_COLUMNS = 4


def _split_single(raw: str, start: int, end: int) -> list[Cell]:
    """Cells split at every run of spaces (Chinese cells hold none)."""
    line = raw[start:end]
    cells, pos = [], 0
    for m in [*_ONE_GAP.finditer(line), None]:
        stop = m.start() if m else len(line)
        if stop > pos:
            cells.append(Cell(line[pos:stop], start + pos, start + stop))
        pos = m.end() if m else len(line)
    return cells


def _single_spaced_tables(raw: str, lines: list[tuple[int, int]],
                          candidates: list[int] | None = None):
    """Tables whose separators a conversion narrowed to one space ("序号 指标名称 单位 2020年
    2025年 属性" then "2 门诊预约诊疗率 % 52.6 75 预期性"): a header row of at least four
    header cells, then rows of exactly as many cells.  ``candidates``: the lines with a
    _TABLE_START_RE word (a _NAME_COL word among them), if found already."""
    tables = []
    if candidates is None:
        candidates = _lines_with(raw, lines, _TABLE_START_RE)
    i = 0
    while (i := _next_line(candidates, i)) is not None:  # (other lines start no table)
        s, e = lines[i]
        # most lines are prose: a header line has a name column word and 3+ gaps
        if not _NAME_COL.search(raw, s, e) or \
                raw.count(" ", s, e) + raw.count("\u3000", s, e) < _MIN_SPACED_COLUMNS - 1:
            i += 1
            continue
        header = _split_single(raw, s, e)
        if len(header) < _MIN_SPACED_COLUMNS or not _is_header([c.text for c in header]) \
                or _is_row_line(raw[s:e], False) or _is_row_line(raw[s:e], True):
            i += 1
            continue
        rows, j = [], i + 1
        while j < len(lines):
            cells = _split_single(raw, *lines[j])
            if len(cells) != len(header):
                break
            rows.append(_Row(cells))
            j += 1
        if rows:
            tables.append((header, rows, s, lines[j - 1][1]))
        i = j
    return tables


_RULE_LINE = re.compile(r"[\s|:\-—]+")  # a markdown rule "|---|:--|", no row


def _pipe_tables(raw: str, lines: list[tuple[int, int]]):
    """Tables whose rows are lines: cells split by |, tabs, or runs of 2+ spaces."""
    tables = []
    candidates = _lines_with(raw, lines, _ROW_MARK_RE)
    i = 0
    while (i := _next_line(candidates, i)) is not None:  # (other lines are no row)
        s, e = lines[i]
        line = raw[s:e]
        spaced = not _is_row_line(line, False) and _is_row_line(line, True)
        if not (_is_row_line(line, False) or spaced):
            i += 1
            continue
        first = _split_spaced(raw, s, e) if spaced else []
        if spaced and not _is_header([c.text for c in first]) and not _years_header(first):
            i += 1  # a space-aligned block only counts when it starts with a header row
            continue
        block = []
        j = i
        while j < len(lines):
            s2, e2 = lines[j]
            l2 = raw[s2:e2]
            if _is_row_line(l2, spaced):
                if not _RULE_LINE.fullmatch(l2):
                    block.append((s2, e2))
                j += 1
            elif (not l2.strip() or is_page_number_line(l2)) and j + 1 < len(lines):
                j += 1  # (a table goes on over a page break: "— 2 —")
            elif len(block) == 1 and _HEADER_TAIL.fullmatch(l2):
                j += 1  # "2021年 / 实际值": the header's second line, under its year cells
            else:
                break
        header_cells = _split_row(raw, *block[0]) if block else []
        rows = [_Row(_split_row(raw, s3, e3)) for s3, e3 in block[1:]]
        by_measure = _by_measure(header_cells, rows) if len(block) >= 2 else None
        if by_measure is not None:
            tables.append((*by_measure, block[0][0], block[-1][1]))
        elif len(block) >= 2 and _is_header([c.text for c in header_cells]):
            tables.append((_without_empty_cells(header_cells, rows), rows, block[0][0],
                           block[-1][1]))
        i = max(j, i + 1)
    return tables


# A table with a row per year and a column per measure, a bulletin's series ("年份　每千人口
# 床位　每千人口医师" over "2021　6.92　1.83"): its first header cell names the years
_YEARS_HEADER_RE = re.compile(r"年份|年度|年")
_YEAR_CELL_RE = re.compile(r"(?:19|20)\d{2}年?(?:底|末)?")


def _years_header(header: list[Cell]) -> bool:
    """A header opening on 年份 over measures (no year among its cells: "年份 | 2022年" is
    a table of the usual shape)."""
    return len(header) >= 2 and _YEARS_HEADER_RE.fullmatch(_norm_cell(header[0].text)) \
        is not None and not any(_YEAR_CELL_RE.fullmatch(_norm_cell(c.text)) for c in header)


def _by_measure(header: list[Cell], rows: list[_Row]) -> tuple[list[Cell], list[_Row]] | None:
    """A table of years by rows turned to the usual shape, a row per measure and a column
    per year, so its years are dated and its values read as any table's: the years'
    cells are the columns' headers, each measure's header cell its row's name.  (The
    header's first cell stands for the names' column.)"""
    if not _years_header(header) or not all(
            len(r.cells) == len(header) and _YEAR_CELL_RE.fullmatch(_norm_cell(r.cells[0].text))
            for r in rows):
        return None
    names = Cell("指标", header[0].start, header[0].end)
    return ([names, *(r.cells[0] for r in rows)],
            [_Row([header[k], *(r.cells[k] for r in rows)]) for k in range(1, len(header))])


def _without_empty_cells(header: list[Cell], rows: list[_Row]) -> list[Cell]:
    """A header with empty cells over rows that all lack them ("主要指标\t\t2021年\t2022年\t
    增减" over "每千人口…床位数（张）\t7.35\t7.68\t+0.33"): the empty cells are the header's
    own (a doubled tab, a merged cell), not columns the rows leave blank."""
    kept = [c for c in header if c.text]
    if len(kept) < len(header) and all(len(r.cells) == len(kept) for r in rows):
        return kept
    return header


_CMP_PREFIX_RE = re.compile(rf"^{_CMP_PREFIX}")  # a cell's comparator: "≥", "不低于"


def _row_targets(nt: NormText, cols: list[Column], row: _Row, roles: tuple[str, ...] = ("target",)):
    """Records of a row's cells in columns of the given roles (target columns; base
    columns for the statistics a table states)."""

    cells = row.cells
    if len(cells) != len(cols):
        cells = _align(cells, cols)
        if cells is None:
            return []
    by_role: dict[str, Cell] = {}
    for col, cell in zip(cols, cells, strict=True):
        if col.role in ("name", "unit", "attr") and cell.text:
            by_role[col.role] = cell
    name_cell = by_role.get("name")
    if name_cell is None:
        texts = [c for c in cells if c.text and not _is_value_like(c.text)]
        if not texts:
            return []
        name_cell = texts[-1]
    name = _norm_cell(name_cell.text)
    unit_hint = ""
    m = _UNIT_PAREN.search(name)
    if m:
        unit_hint = m.group(1)
        name = name[: m.start()]
    if "unit" in by_role:
        unit_hint = _norm_cell(by_role["unit"].text)
    out = []
    q0, q1 = cells[0].start, max(c.end for c in cells)
    for col, cell in zip(cols, cells, strict=True):
        if col.role not in roles or not cell.text:
            continue
        ctext = _norm_cell(cell.text)
        cmp_sym = _cell_comparator(ctext)
        vals = find_values(_CMP_PREFIX_RE.sub("", ctext))
        if not vals:
            continue
        v = vals[0]
        unit = v.unit or _unit_from_hint(unit_hint)
        # "每年下沉基层医务人员（人次） | ≥600" under an undated 指标值 / 目标值: every year's
        year = None if col.role == "target" and name.startswith("每年") \
            and not _YEAR.search(col.header) else col.year
        out.append(
            Target(
                indicator_id=None,
                indicator_text=name,
                value=v.value,
                value_high=v.value_high,
                unit=unit,
                comparator=cmp_sym or v.suffix_cmp or "=",
                aspirational=False,
                maintain=False,
                target_year=year,
                # person-times in a year's column are that year's flow (not 累计…)
                annual=(unit in ("人次", "万人次") and col.year is not None
                        and not _CUMULATIVE_NAME_RE.search(name)),
                kind="level",
                method="table",
                match_note="",
                year_source="table" if year is not None else None,
                quote=nt.raw[q0:q1],
                char_start=q0,
                char_end=q1,
                value_text=cell.text,
                value_start=cell.start,
                value_end=cell.end,
                extra={"attribute": by_role["attr"].text} if "attr" in by_role else {},
            )
        )
    return out


def _unit_from_hint(hint: str) -> str:
    hint = hint.strip()
    if not hint:
        return ""
    if hint in ("%", "％", "百分比"):
        return "%"
    vals = find_values("1" + hint)
    return vals[0].unit if vals and vals[0].unit else ""


def _align(cells: list[Cell], cols: list[Column]) -> list[Cell] | None:
    """Fit a row with missing cells (merged category cells, no serial, no unit) to the header.

    Rows are aligned from the right, where the columns are stable: attribute,
    then the value columns, then the unit; the name is the text cell before them.
    """
    roles = [c.role for c in cols]
    rest = list(cells)
    out = [Cell("", cells[0].start, cells[0].start)] * len(cols) if cells else []
    if "serial" in roles:
        rest = [c for i, c in enumerate(rest) if not (i < 2 and _SERIAL.match(c.text))]
    if "attr" in roles and rest and _ATTR_VALUE.match(rest[-1].text):
        out[roles.index("attr")] = rest.pop()
    value_idx = [i for i, r in enumerate(roles) if r in ("base", "target")]
    if not value_idx or len(rest) < len(value_idx):
        return None
    values = rest[-len(value_idx):]
    if not all(_is_value_like(v.text) for v in values):
        return None
    for i, cell in zip(value_idx, values, strict=True):
        out[i] = cell
    rest = rest[: -len(value_idx)]
    if "unit" in roles and rest and _is_unit_cell(rest[-1].text):
        out[roles.index("unit")] = rest.pop()
    names = [c for c in rest if not _SERIAL.match(c.text)]
    if "name" in roles and names:
        out[roles.index("name")] = names[-1]
    return out


def _resolve_value_columns(cols: list[Column], heading: str, doc_year: int | None,
                           report_year: int | None = None) -> list[Column]:
    """A 值 column holds targets when the heading over the table names a plan period
    still ahead ("“十四五”主要指标" -> 2025), statistics when it names a year already past
    ("2023年卫生资源配置情况") or, undated, in a bulletin of ``report_year`` ("卫生健康主要
    指标" in 《2023年…统计公报》), and is left unread otherwise."""
    year = _heading_period(heading)
    ahead = year is not None and (doc_year is None or year > doc_year)
    role = "target" if ahead else "other"
    if not ahead:  # "表1 2023年卫生资源配置情况": a year already past, its values reached
        lines = [ln for ln in heading.split("\n") if ln.strip()][-2:]
        past = _YEAR.search("\n".join(lines))
        if past and doc_year is not None and int(past.group(1)) <= doc_year:
            role, year = "base", int(past.group(1))
        elif past is None and year is None and report_year is not None:
            role, year = "base", report_year
    return [Column(role, year, c.header) if c.role == "value" else c for c in cols]


# The title of a budget's performance targets: "乐清市卫生健康局2024年部门整体支出绩效目标表",
# "2023年度项目绩效目标": its 指标值 column holds that year's targets
_PERFORMANCE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?[^。；;\n]{0,20}?绩效目标")


def _performance_year(raw: str, table_start: int, doc_year: int | None) -> int | None:
    """The year of the performance targets a 指标值 column holds, when the text above the
    table speaks of them (绩效目标表): the year it names with them, else the document's;
    None for any other table, and for targets of a year already past (a self-evaluation
    of last year's budget reports on them)."""
    if raw.find("绩效目标", 0, table_start) < 0:
        return None
    m = _PERFORMANCE_YEAR_RE.search(raw, 0, table_start)
    year = int(m.group(1)) if m is not None else doc_year
    return None if year is None or (doc_year is not None and year < doc_year) else year


def _to_norm(nt: NormText, raw_pos: int) -> int:
    return bisect_left(nt.index, raw_pos)


# Characters of header words written in traditional characters (指標, 名稱, 單位, 現狀…)
_TRADITIONAL_HINTS = "標稱單項屬現劃際預數註"


def _simplified_raw(nt: NormText) -> str:
    """The raw text with each character the normalised text keeps replaced by its
    normalised form (traditional -> simplified, full-width -> ASCII): the same length
    and lines, so a table written in traditional characters (指標名稱|單位|目標值) is
    found by the same words, its cells keeping their raw offsets."""
    raw = nt.raw
    # (a test of each character, a scan in C that skips ahead to it, is faster than one scan
    # with the class of them all, which the regex engine tests at every character)
    if not any(ch in raw for ch in _TRADITIONAL_HINTS):
        return raw
    chars = list(raw)
    for i, r in enumerate(nt.index):
        if not raw[r].isspace():  # a tab between two numbers stays a tab (a cell border)
            chars[r] = nt.text[i]
    return "".join(chars)


_CUMULATIVE_NAME_RE = re.compile(r"累计|合计|总计|期间")


def read_tables(nt: NormText, doc_year: int | None = None, plan_end_year: int | None = None,
                report_year: int | None = None, base_year: int | None = None,
                reports: bool = False):
    """Targets from indicator tables, the normalised spans the tables cover, and the
    statistics of the tables' base columns.

    ``doc_year`` (the issue year) tells baseline year columns from target ones;
    ``plan_end_year`` (a 十四五 plan: 2025) dates a target column that neither its
    header, a note under the table nor the heading over it dates; ``report_year`` (the
    year a bulletin or a report is of) dates its 本年 / 上年 columns, and, in a text that
    ``reports`` (a bulletin, a review), its 数值 column the heading does not date.
    """
    raw = _simplified_raw(nt)
    lines = _lines(raw)
    found = []
    stats: list[Target] = []
    masked: list[tuple[int, int]] = []
    starts = _lines_with(raw, lines, _TABLE_START_RE)  # (one scan for both kinds of table)
    for header, rows, t0, t1 in (_pipe_tables(raw, lines)
                                 + _single_spaced_tables(raw, lines, starts)
                                 + _flattened_tables(raw, lines, starts)):
        heading = raw[max(0, t0 - 200):t0]
        cols = _classify_columns([h.text for h in header], doc_year, reports)
        if not reports:
            cols = _issue_year_goals(cols, heading, doc_year)
        budget_year = None
        if any(c.role == "value" for c in cols):
            budget_year = _performance_year(raw, t0, doc_year)
            if budget_year is not None:  # a 绩效目标表: its 指标值 are that year's targets
                cols = [Column("target", budget_year, c.header) if c.role == "value" else c
                        for c in cols]
            else:
                cols = _resolve_value_columns(cols, heading, doc_year,
                                              report_year if reports else None)
        cols = _date_columns(cols, _note_after(raw, t1), heading, doc_year, plan_end_year,
                             budget_year or report_year, base_year, said_before=raw[:t0])
        parent = ""  # the last row's own name: "其中：…" rows are parts of it
        for row in rows:
            read = _row_targets(nt, cols, row) + _base_statistics(nt, cols, row, heading,
                                                                  doc_year)
            for t in read:
                if _SUB_ITEM_RE.match(t.indicator_text):
                    t.indicator_text = _sub_item_name(parent, t.indicator_text)
                else:
                    parent = t.indicator_text
            found.extend(t for t in read if not t.statistic)
            stats.extend(t for t in read if t.statistic)
        masked.append((_to_norm(nt, t0), _to_norm(nt, t1) + 1))
    return found, masked, stats


_SUB_ITEM_RE = re.compile(r"其中[:：]?")
# a heading over a plan's table of goals by year: "二、分年度目标", "（二）阶段性目标"
_YEARLY_GOALS_RE = re.compile(r"(?:分年度|年度|阶段性?|分阶段|分年)(?:工作|主要)?目标")
_BARE_YEAR_RE = re.compile(r"(?:19|20)\d{2}年?(?:底|末)?")


def _issue_year_goals(cols: list[Column], heading: str, doc_year: int | None) -> list[Column]:
    """Under a plan's heading of goals by year ("二、分年度目标" over "指标 | 2022年 | 2023年 |
    2025年"), the column of the year the plan is issued in (issue year unknown: the first)
    holds that year's goal, not a value reached, as a bare year up to the issue year (or the
    earliest of several) is otherwise read."""
    lines = [ln for ln in heading.split("\n") if ln.strip()]
    if not lines or not _YEARLY_GOALS_RE.search(lines[-1]):
        return cols
    return [Column("target", c.year, c.header)
            if c.role == "base" and c.year is not None
            and (doc_year is None or c.year == doc_year)
            and _BARE_YEAR_RE.fullmatch(_norm_cell(c.header)) else c for c in cols]


def _sub_item_name(parent: str, child: str) -> str:
    """A row "其中：公立中医类医院（张）" under "每千人口医疗卫生机构床位数（张）" is the
    beds per 1,000 people of those hospitals: 每千人口公立中医类医院床位数."""
    return carried_measure(parent, _SUB_ITEM_RE.sub("", child, count=1))


_NOTE_LINE = re.compile(r"\s*[(（]?(?:注|说明|备注)")


def _note_after(raw: str, t1: int) -> str:
    """The first non-empty line after a table when it is a note (注：…)."""
    for line in raw[t1:t1 + 300].split("\n"):
        if line.strip():
            return line if _NOTE_LINE.match(line) else ""
    return ""


def _date_columns(cols: list[Column], note: str, heading: str, doc_year: int | None,
                  plan_end_year: int | None, report_year: int | None = None,
                  base_year: int | None = None, said_before: str = "") -> list[Column]:
    """Years for undated 目标值 / 基期值 columns.  A note under the table says it outright
    ("目标值为2025年数据"); otherwise a target column takes the plan period the heading
    over the table names ("专栏1 “十四五”时期主要指标" -> 2025) or, failing that, the
    document's own plan period, when that period is still ahead of the issue date."""
    noted: dict[str, int] = {}
    named: list[tuple[str, int]] = []  # "基期值为2020年数据，完成值为2023年数据": by column
    for m in _NOTE_YEAR.finditer(note):
        role = "base" if _BASE_COL.search(m.group(1)) else "target"
        if role == "base" and not _PERIOD_BASE_COL.search(m.group(1)):
            role = "result"  # 完成值 / 现状值: no 基期's year
        noted.setdefault(role, int(m.group(2)))
        named.append((m.group(1)[:2], int(m.group(2))))
    period = _heading_period(heading) or plan_end_year
    if period is not None and doc_year is not None and period <= doc_year:
        period = None
    out = []
    for c in cols:
        year = c.year
        if year is None and (rel := _RELATIVE_COL.match(_norm_cell(c.header))):
            year = _relative_year(rel.group("rel"), note, report_year, said_before)
        elif year is None and c.role in ("target", "base"):
            # an undated 完成值 / 基期值 is of the year the document reports (a year's work
            # summary: that year; a five-year plan: the year before its period); a note
            # naming the column's own word dates it
            own = next((y for word, y in named if word in c.header), None)
            key = c.role if c.role == "target" or _PERIOD_BASE_COL.search(c.header) else "result"
            year = own if own is not None else noted.get(
                key, period if c.role == "target" else report_year)
            if c.role == "base" and base_year is not None and "base" not in noted \
                    and own is None and _PERIOD_BASE_COL.search(c.header):
                year = base_year  # a 基期值 is of the year before the plan's period
        out.append(Column(c.role, year, c.header) if year != c.year else c)
    return out


def _relative_year(word: str, note: str, report_year: int | None,
                   said_before: str = "") -> int | None:
    """The year of a 上年 / 本年 column: as the note under the table says ("本年为2023年，
    上年为2022年"), else as the text said last before the table ("现将2023年…公布如下（上年
    为2022年数据，本年为2023年数据）"), else from the year the report is of."""
    before = word in ("上年", "去年", "上年度", "上一年")
    said = [*_RELATIVE_NOTE.finditer(note), *reversed([*_RELATIVE_NOTE.finditer(said_before)])]
    for m in said:
        if (m.group(1) in ("上年", "去年")) == before:
            return int(m.group(2))
    if report_year is None:
        return None
    return report_year - 1 if before else report_year


def _five_year(heading: str) -> bool:
    """The period over a table is a five-year plan's (“十四五”, 2021—2025年)."""
    m = _PERIOD_HEADING.search("\n".join([ln for ln in heading.split("\n") if ln.strip()][-2:]))
    if m is None or m.group(3):
        return False
    years = [int(y) for y in _YEAR.findall(m.group(0))]
    return bool(m.group(1)) or (len(years) > 1 and years[-1] - years[0] == 4)


def _heading_period(heading: str) -> int | None:
    """The end year of the plan period named in the last two lines over a table."""
    m = _PERIOD_HEADING.search("\n".join([ln for ln in heading.split("\n") if ln.strip()][-2:]))
    if not m:
        return None
    return _FIVE_YEAR_END[m.group(1)] if m.group(1) else int(m.group(2) or m.group(3))


def _base_statistics(nt: NormText, cols: list[Column], row: _Row, heading: str,
                     doc_year: int | None) -> list[Target]:
    """A base column's values are statistics of the column's year (``2020年``,
    ``2022年基数``, or the year a note under the table gives it); a base column without a
    year (基期值, 完成值, 现状) takes the end of a plan period the heading names when that
    period is over ("“十三五”规划主要指标完成情况"), or the year before a five-year period
    still ahead (“十四五”时期主要指标: its base is 2020)."""
    if not any(c.role == "base" for c in cols):
        return []
    period = _heading_period(heading)
    if period is not None and doc_year is not None and period > doc_year:
        period = period - 5 if _five_year(heading) and period - 5 <= doc_year else None
    out = []
    for t in _row_targets(nt, cols, row, roles=("base",)):
        if t.target_year is None and period is not None:
            t.target_year, t.year_source = period, "table"
        t.statistic = True
        t.method = "table_base"
        t.comparator = "="
        out.append(t)
    return out
