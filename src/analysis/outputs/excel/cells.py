"""Cells, formats and table layout shared by every sheet (text is never a formula)."""

from __future__ import annotations

import copy
import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
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
from openpyxl.worksheet.worksheet import Worksheet

from analysis.formats import COMPARATOR_SIGNS, shown_decimals
from analysis.outputs.excel.text import bilingual, label
from analysis.outputs.style import label as style_label

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


# --- values -----------------------------------------------------------------------------


def missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plain(value: object) -> object:
    """A value openpyxl can store: numpy scalars -> Python, NA -> None, text cleaned."""
    if missing(value):
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
    value = plain(value)
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


# Number formats copy the one number rule (``analysis.formats.fmt_number``): a cell shows
# as many decimals as the figures and the site show for the same value, so 7.5 reads 7.5
# (not 7.50) and a target of 92.55% keeps both decimals; the cell stays a number.


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def value_format(unit: object, value: object) -> str:
    """Number format of a value in the codebook ``unit`` (the store keeps 90% as 90)."""
    if missing(value):
        return "General"
    pattern = _pattern(shown_decimals(value, unit))
    return pattern + '"%"' if unit == "percent" else pattern


def gap_format(unit: object, value: object) -> str:
    """Signed format of a gap in ``unit`` (percentage points for a percent)."""
    if missing(value):
        return "General"
    pattern = _pattern(shown_decimals(abs(float(value)), unit))  # type: ignore[arg-type]
    suffix = '"pp"' if unit == "percent" else ""
    return f"+{pattern}{suffix};-{pattern}{suffix};0{suffix}"


def share_format(value: object, signed: bool = False) -> str:
    """Format of a share or relative gap stored as a fraction (0.588 shows 58.8%)."""
    if missing(value):
        return "General"
    pattern = _pattern(shown_decimals(float(value) * 100, "percent")) + "%"  # type: ignore[arg-type]
    return f"+{pattern};-{pattern};0%" if signed else pattern


def score_format(value: object) -> str:
    """Format of a ratio without a unit (the ambition score: 0.95, 1.1)."""
    return "General" if missing(value) else _pattern(shown_decimals(value))


def year_key(year: object) -> int:
    return 10**6 if missing(year) else int(year)  # type: ignore[call-overload]


def year_cell(year: object, lang: str) -> object:
    return label("annual", lang) if missing(year) else int(year)  # type: ignore[call-overload]


def year_text(year: object, lang: str) -> str:
    return label("annual", lang) if missing(year) else str(int(year))  # type: ignore[call-overload]


def comparator_sign(comparator: object) -> str | None:
    """The comparator column's sign ('≥', '≤'); an exact target shows '=' here (in a value
    label '=' is left out, but an empty cell in a column of signs would read as unknown)."""
    if missing(comparator):
        return None
    return COMPARATOR_SIGNS.get(str(comparator), str(comparator)) or "="


# --- the data, read once ------------------------------------------------------------------



@dataclass
class Col:
    key: str
    width: float | None = None  # fixed width; None = fit the content
    wrap: bool = False
    min_width: float = 6
    max_width: float = 40
    center: bool = False


def col_number(cols: Sequence[Col], key: str) -> int:
    """1-based column number of the column ``key``: sheets address columns by name."""
    for j, col in enumerate(cols, start=1):
        if col.key == key:
            return j
    raise KeyError(f"no column {key!r} in {[c.key for c in cols]}")


def col_letter(cols: Sequence[Col], key: str) -> str:
    return get_column_letter(col_number(cols, key))


def col_span(cols: Sequence[Col], first: str, last: str, top: int, bottom: int) -> str:
    """A cell range from column ``first`` to column ``last``, rows ``top``..``bottom``."""
    return f"{col_letter(cols, first)}{top}:{col_letter(cols, last)}{bottom}"


def table_span(cols: Sequence[Col], top: int, bottom: int) -> str:
    """The whole table's range (header row ``top`` to ``bottom``): filters, print areas."""
    return col_span(cols, cols[0].key, cols[-1].key, top, bottom)


def ordered(cols: Sequence[Col], values: dict[str, object]) -> list[object]:
    """A row given by column key, in the columns' order (a missing key is an error)."""
    return [values[c.key] for c in cols]


def formats_for(cols: Sequence[Col], formats: dict[str, str | None]) -> list[str | None]:
    """Number formats given by column key, in the columns' order (others: None)."""
    unknown = set(formats) - {c.key for c in cols}
    if unknown:
        raise KeyError(f"formats for unknown columns {sorted(unknown)}")
    return [formats.get(c.key) for c in cols]


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
            header = max(display_width(part) for part in bilingual(col.key, lang).split("\n"))
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
    header_row(ws, top, [bilingual(c.key, lang) for c in cols], start_col)
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
    good = [label("meets_yes", lang), style_label("more ambitious", lang),
            style_label("equal", lang)]
    bad = [label("meets_no", lang), style_label("less ambitious", lang)]
    unset = [label("meets_unset", lang), style_label("not set by the city", lang)]
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


