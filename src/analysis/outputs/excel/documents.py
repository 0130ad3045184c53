"""The documents list (its own sheet when too long for the Summary)."""
from __future__ import annotations

from analysis.outputs.excel.cells import Col, print_setup, sheet_title, table_span, write_table
from analysis.outputs.excel.context import Context


class DocumentsSheet(Context):
    """The documents list (its own sheet when too long for the Summary)."""

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
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("documents_title"), self.data.built_on)

