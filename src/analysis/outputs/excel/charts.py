"""Native, editable Excel charts: one per indicator and year, reading a data block."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from analysis.outputs.excel.cells import (
    BOLD_FONT,
    CELL_BORDER,
    CHART_HEIGHT_CM,
    CHART_ROW_PT,
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    MAX_CHARTS,
    NOTE_FONT,
    PRINTABLE_HEIGHT_CM,
    PRINTABLE_WIDTH_CM,
    Col,
    chart_text,
    chart_title,
    chart_width,
    col_letter,
    col_number,
    column_cm,
    plain,
    print_setup,
    put,
    sheet_title,
    value_format,
    year_key,
    year_text,
)
from analysis.outputs.excel.context import Context
from analysis.outputs.excel.data import Row
from analysis.outputs.excel.text import label, sentence
from analysis.outputs.style import ACTUAL_COLOR, NATIONAL_COLOR, PROVINCIAL_COLOR


class ChartsSheet(Context):
    """Native, editable Excel charts: one per indicator and year, reading a data block."""

    def chart_groups(self) -> list[tuple[str, int | None, list[Row]]]:
        """(indicator, year, rows with a city target): compared by 2+ cities or with a goal."""
        groups: dict[tuple[str, int | None], list[Row]] = {}
        for r in self.rows:
            if r.target is not None:
                groups.setdefault((r.indicator_id, r.year), []).append(r)
        order = {ind: i for i, ind in enumerate(self.ind)}
        keys = sorted(groups, key=lambda k: (order.get(k[0], 10**6), k[0], year_key(k[1])))

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

    # the data block beside each chart; the chart's series read these columns by key
    BLOCK_COLS = (Col("city", width=14), Col("target", width=10),
                  Col("national_goal", width=10), Col("provincial_goal", width=10),
                  Col("national_actual", width=10), Col("ref_target", width=9))
    NUMBER_COLS = ("target", "national_goal", "provincial_goal", "national_actual")
    MARKERS = (  # column, colour, marker symbol, draw the line?
        ("national_goal", NATIONAL_COLOR, "circle", True),
        ("provincial_goal", PROVINCIAL_COLOR, "dash", False),
        ("national_actual", ACTUAL_COLOR, "diamond", False),
    )

    def charts_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_charts"))
        block_cols = self.BLOCK_COLS
        widths = [c.width or 10 for c in block_cols]
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.column_dimensions[get_column_letter(len(block_cols) + 1)].width = 2  # gutter
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
                    rows: list[Row], n_all: int, block_cols: Sequence[Col],
                    width_cm: float) -> int:
        """Data block at column 1, row ``top``, its chart right of it; returns the next row."""
        lang = self.lang
        unit_key = self.ind_attr(indicator_id, "unit")
        unit = self.unit_text(indicator_id)
        title = sentence("chart_block_title", lang, indicator=self.ind_name(indicator_id),
                         year=year_text(year, lang))
        if n_all > len(rows):
            title += sentence("chart_block_top", lang, k=len(rows), n=n_all)
        put(ws, top, 1, title, font=BOLD_FONT)
        hdr = top + 1
        for j, col in enumerate(block_cols, start=1):
            put(ws, hdr, j, label(col.key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        first = hdr + 1
        for i, r in enumerate(rows):
            actual = (r.actual or {}).get("value")
            vals = {"city": self.place(r.region), "target": r.value,
                    "national_goal": r.goal("national", same_year=True),
                    "provincial_goal": r.goal("provincial", same_year=True),
                    "national_actual": plain(actual),
                    "ref_target": r.refs.get("target")}
            for j, col in enumerate(block_cols, start=1):
                v = vals[col.key]
                fmt = value_format(unit_key, v) if col.key in self.NUMBER_COLS else None
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
        city = col_letter(block_cols, "city")
        cats = StrRef(f=f"'{ws.title}'!${city}${first}:${city}${last}")
        target = col_number(block_cols, "target")
        series = Series(Reference(ws, min_col=target, min_row=hdr, max_row=last),
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
        for key, color, symbol, draw_line in self.MARKERS:
            col = col_number(block_cols, key)
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
        ws.add_chart(bar, f"{get_column_letter(len(block_cols) + 2)}{top}")
        chart_rows = math.ceil(CHART_HEIGHT_CM / 2.54 * 72 / CHART_ROW_PT) + 1
        end = top + max(len(rows) + 3, chart_rows) + 1
        for r in range(top, end):  # explicit heights: the chart spans a known number of rows
            ws.row_dimensions[r].height = CHART_ROW_PT
        return end

