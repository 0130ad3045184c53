"""The codebook: id, names, unit, direction, definition."""
from __future__ import annotations

from analysis.outputs.excel.cells import (
    Col,
    missing,
    print_setup,
    sheet_title,
    table_span,
    write_table,
)
from analysis.outputs.excel.context import Context
from analysis.outputs.excel.text import FAMILY_NAMES


class CodebookSheet(Context):
    """The codebook: id, names, unit, direction, definition."""

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
            family = "" if missing(rec.get("family")) else str(rec.get("family"))
            rows.append([
                rec.get("indicator_id"),
                None if missing(rec.get("core")) else self.t("yes" if rec["core"] else "no"),
                self.family_name(family) if family in FAMILY_NAMES else family,
                rec.get("name_zh"), rec.get("name_en"), rec.get("unit"),
                self.t(direction) if direction in ("higher", "lower") else direction,
                rec.get("value_convention"), rec.get("value_type"), rec.get("definition")])
        last = write_table(ws, 2, cols, rows, self.lang)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("codebook_title"), self.data.built_on)


