"""The Summary sheet: what the workbook covers, findings, headline and standings."""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analysis.compare import views as compare
from analysis.outputs import labels
from analysis.outputs.excel.cells import (
    BAD_FILL,
    BOLD_FONT,
    CELL_BORDER,
    GOOD_FILL,
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    NOTE_FONT,
    SECTION_FONT,
    TOP,
    WRAP_TOP,
    lines_pt,
    plain,
    print_setup,
    put,
    score_format,
    share_format,
    sheet_title,
    value_format,
    wrapped_lines,
    year_cell,
    year_key,
)
from analysis.outputs.excel.data import Row
from analysis.outputs.excel.documents import DocumentsSheet
from analysis.outputs.excel.text import bilingual, label, sentence


class SummarySheet(DocumentsSheet):
    """The Summary sheet: what the workbook covers, findings, headline and standings."""

    def listed_text(self) -> str:
        """Which cities the tables list, and where the rest are (a briefing, not the data)."""
        data, zh = self.data, self.lang == "zh"
        n_all, shown = len(data.cities), data.selected
        if shown is None:
            return self.t("all_n_cities").format(n=n_all)
        sep = "、" if zh else ", "
        names = sep.join(str(self.place(c)) for c in shown[:self.top_n])
        if len(shown) > self.top_n:
            names += "…"
        listed = self.t(f"listed_{data.selection}").format(k=len(shown), n=n_all, names=names)
        return listed + self.t("listed_rest")

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
            ("n_targets", data.n_targets),
            ("listed_cities", self.listed_text()),
            ("reference_goals", sentence("reference_goals_text", lang, n_national=n_nat,
                                         n_provincial=n_prov)),
            ("family_sheets", labels.word("list_sep", lang).join(
                name for _, name, _ in families) or "—"),
            ("how_to_read", self.t("how_to_read_text")),
        ]
        row = 3
        for key, value in meta:
            label = bilingual(key, lang).replace("\n", " ")
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
        put(ws, row, 1, bilingual("findings", lang).replace("\n", " "), font=SECTION_FONT)
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
        title = bilingual("headline", lang).replace("\n", " ")
        n_cities_all = len({r.region for r in self.rows if r.target is not None})
        if n_cities_all > len(cities):
            title += label("headline_top", lang).format(k=len(cities), n=n_cities_all)
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
                      key=lambda k: (order.get(k[0], 10**6), k[0], year_key(k[1])))
        headers = [bilingual("indicator", lang), bilingual("unit", lang), bilingual("year", lang),
                   bilingual("national_goal", lang), *(self.place(c) for c in cities)]
        for j, text in enumerate(headers, start=1):
            put(ws, row, j, text, font=BOLD_FONT, fill=HEADER_FILL, border=HEADER_BORDER,
                alignment=HEADER_ALIGN)
        ws.row_dimensions[row].height = 36
        for key in keys:
            row += 1
            ind, year = key
            unit_key = self.ind_attr(ind, "unit")
            cells = by_key[key]
            goal = next((r.goal("national", same_year=True) for r in cells.values()
                         if r.goal("national", same_year=True) is not None), None)
            values = [self.ind_name(ind), self.unit_text(ind),
                      year_cell(year, lang), goal]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j <= 2 else TOP,
                    number_format=value_format(unit_key, v) if j == 4 else None)
            for j, city in enumerate(cities, start=5):
                r = cells.get(city)
                fill = None
                if r is not None and r.goal("national", same_year=True) is not None:
                    verdict = r.verdict("national")
                    fill = GOOD_FILL if verdict in ("more ambitious", "equal") else (
                        BAD_FILL if verdict == "less ambitious" else None)
                value = r.value if r is not None else None
                put(ws, row, j, value, border=CELL_BORDER, fill=fill, alignment=TOP,
                    number_format=value_format(unit_key, value))
            lines = max(wrapped_lines(values[0], 30), wrapped_lines(values[1], 12))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

    def vs_goals_table(self, ws: Worksheet, row: int) -> int:
        """Per national goal, the goal_summary view: verdicts (same year) and statuses."""
        lang = self.lang
        put(ws, row, 1, bilingual("vs_goals_table", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        summary = self.data.goal_summary
        nat = summary[summary["reference_level"] == "national"] if not summary.empty \
            else summary
        if nat.empty:
            put(ws, row, 1, "—")
            return row + 1
        order = {ind: i for i, ind in enumerate(self.ind)}
        recs = sorted(nat.to_dict("records"), key=lambda r: (
            order.get(r["indicator_id"], 10**6), r["indicator_id"], year_key(r["target_year"])))
        headers = ["indicator", "year", "national_goal", "n_more", "n_equal", "n_less",
                   "n_other_year", "n_not_addressed", "n_not_applicable", "cities_below"]
        for j, key in enumerate(headers, start=1):
            put(ws, row, j, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.merge_cells(start_row=row, start_column=10, end_row=row, end_column=13)
        ws.row_dimensions[row].height = 36
        sep = labels.word("list_sep", lang)
        for rec in recs:
            row += 1
            ind = rec["indicator_id"]
            unit_key = self.ind_attr(ind, "unit")
            below = [str(self.place(c)) for c in str(rec["cities_below"] or "").split(",") if c]
            names = sep.join(below[: self.top_n]) + (
                sentence("more_cities", lang, sep=sep, n=len(below))
                if len(below) > self.top_n else "")
            values = [self.ind_name(ind), year_cell(plain(rec["target_year"]), lang),
                      plain(rec["goal_compare_value"]), plain(rec["n_more_ambitious"]),
                      plain(rec["n_equal"]), plain(rec["n_less_ambitious"]),
                      plain(rec["n_set_for_another_year"]), plain(rec["n_not_addressed"]),
                      plain(rec["n_not_applicable"]), names or None]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j in (1, 10) else TOP,
                    number_format=value_format(unit_key, v) if j == 3 else None)
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
        put(ws, row, 1, bilingual("ambition_table", lang).replace("\n", " "), font=SECTION_FONT)
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
            put(ws, row, j, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.row_dimensions[row].height = 36
        ordered = amb.sort_values(["ranked", "ambition_rank", "n_comparable", "region"],
                                  ascending=[False, True, False, True], na_position="last",
                                  kind="stable").head(self.top_n)
        for rec in ordered.to_dict("records"):
            row += 1
            status = labels.word(str(rec["rank_status"]), lang)
            values = [plain(rec["ambition_rank"]), self.place(rec["region"]),
                      self.place(rec["province"]), plain(rec["n_comparable"]),
                      plain(rec["n_at_least_as_ambitious"]),
                      plain(rec["share_at_least_as_ambitious"]), plain(rec["ambition_score"]),
                      status]
            fmts = ["0", None, None, "0", "0", share_format(values[5]), score_format(values[6]),
                    None]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER, number_format=fmts[j - 1])
        return row + 1

    def documents_section(self, ws: Worksheet, row: int, many_docs: bool) -> int:
        lang = self.lang
        docs = self.data.documents
        if many_docs:
            put(ws, row, 1, bilingual("documents_by_province", lang).replace("\n", " ")
                + label("full_list_note", lang),
                font=SECTION_FONT)
            row += 1
            unknown = self.t("unknown_province")
            counts = docs.assign(province=docs["province"].fillna(unknown)).groupby(
                "province").agg(n=("doc_id", "size"), cities=("region", "nunique"))
            headers = ["province", "n_documents", "n_cities"]
            for j, key in enumerate(headers, start=1):
                put(ws, row, j, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                    border=HEADER_BORDER, alignment=HEADER_ALIGN)
            for prov, rec in sorted(counts.iterrows(), key=lambda kv: (kv[0] == unknown,
                                                                      kv[0])):
                row += 1
                for j, v in enumerate((prov, int(rec["n"]), int(rec["cities"])), start=1):
                    put(ws, row, j, v, border=CELL_BORDER)
            return row + 1
        put(ws, row, 1, bilingual("documents_used", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        if docs.empty:
            put(ws, row, 1, "—")
            return row + 1
        headers = ["region_scope", "level", "doc_title", "doc_number", "issued_on", "n_targets"]
        layout = [(1, 1), (2, 2), (3, 5), (6, 7), (8, 8), (9, 9)]
        for (c0, c1), key in zip(layout, headers, strict=True):
            put(ws, row, c0, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
            if c1 > c0:
                ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
        ws.row_dimensions[row].height = 36
        for rec in self.document_rows():
            row += 1
            values = [rec[key] for key in headers]
            for (c0, c1), v in zip(layout, values, strict=True):
                put(ws, row, c0, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if c0 in (3, 6) else TOP)
                if c1 > c0:
                    ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
            lines = max(wrapped_lines(values[2], 32), wrapped_lines(values[3], 22))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

