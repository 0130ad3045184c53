"""Sources: one row per number shown, with its quote and offsets."""
from __future__ import annotations

from analysis.outputs.excel.cells import (
    Col,
    comparator_sign,
    formats_for,
    missing,
    ordered,
    print_setup,
    sheet_title,
    table_span,
    value_format,
    write_table,
    year_cell,
)
from analysis.outputs.excel.context import Context


class SourcesSheet(Context):
    """Sources: one row per number shown, with its quote and offsets."""

    SOURCE_COLS = (
        Col("ref", width=7), Col("kind", width=8, wrap=True),
        Col("region_scope", width=9, wrap=True), Col("indicator", width=16, wrap=True),
        Col("year", width=7, center=True), Col("value", width=7),
        Col("comparator", width=6, center=True), Col("value_text", width=8, wrap=True),
        Col("doc_title", width=20, wrap=True), Col("doc_number", width=13, wrap=True),
        Col("issued_on", width=10), Col("quote", width=44, wrap=True),
        Col("char_start", width=9), Col("char_end", width=9),
        Col("record_id", width=20, wrap=True), Col("verified", width=8, center=True),
        Col("curated", width=8, center=True),
        Col("note", width=24, wrap=True),
    )

    def sources_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_sources"))
        cols = self.SOURCE_COLS
        sheet_title(ws, self.t("sources_title"), len(cols))
        values, formats = [], []
        for s in self.book.ordered():
            ind = None if missing(s.indicator_id) else str(s.indicator_id)
            unit_key = self.ind_attr(ind, "unit") if ind else None
            verified = None if missing(s.verified) else self.t("yes" if s.verified else "no")
            row = {"ref": s.ref, "kind": self.t(s.kind), "region_scope": self.place(s.scope),
                   "indicator": self.ind_name(ind) if ind else None,
                   "year": year_cell(s.year, self.lang) if s.kind != "kind_actual" else s.year,
                   "value": s.value, "comparator": comparator_sign(s.comparator),
                   "value_text": s.value_text, "doc_title": s.title,
                   "doc_number": s.doc_number, "issued_on": s.issued_on, "quote": s.quote,
                   "char_start": s.char_start, "char_end": s.char_end,
                   "record_id": s.record_id, "verified": verified,
                   "curated": self.t("curated_yes") if s.curated else None, "note": s.note}
            values.append(ordered(cols, row))
            formats.append(formats_for(cols, {"value": value_format(unit_key, s.value),
                                              "year": "0"}))
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("sources_title"), self.data.built_on)

