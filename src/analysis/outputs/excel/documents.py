"""The documents list (its own sheet when too long for the Summary)."""
from __future__ import annotations

from analysis.outputs.excel.cells import (
    Col,
    ordered,
    print_setup,
    sheet_title,
    table_span,
    write_table,
)
from analysis.outputs.excel.context import Context


class DocumentsSheet(Context):
    """The documents list (its own sheet when too long for the Summary)."""

    DOC_COLS = (Col("region_scope", max_width=14), Col("level", max_width=12),
                Col("province", max_width=14), Col("doc_title", width=44, wrap=True),
                Col("doc_number", max_width=24), Col("issued_on", width=12),
                Col("n_targets", width=9))

    def document_rows(self) -> list[dict[str, object]]:
        """One dict per document (keyed like the columns) of the listed cities."""
        docs = self.data.documents
        if self.data.selected is not None and not docs.empty:
            docs = docs[docs["region"].isin(self.data.selected)]
        return [{"region_scope": self.place(d.get("region")), "level": d.get("level"),
                 "province": self.place(d.get("province")), "doc_title": d.get("title"),
                 "doc_number": d.get("doc_number"), "issued_on": d.get("issued_on"),
                 "n_targets": d.get("n_mapped")} for d in docs.to_dict("records")]

    def documents_sheet(self) -> None:
        """The listed cities' documents (every city's are counted by province on the Summary)."""
        ws = self.new_sheet(self.t("sheet_documents"))
        cols = self.DOC_COLS
        sheet_title(ws, self.t("documents_title"), len(cols))
        rows = [ordered(cols, rec) for rec in self.document_rows()]
        last = write_table(ws, 2, cols, rows, self.lang)
        ws.freeze_panes = "A3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("documents_title"), self.data.built_on)

