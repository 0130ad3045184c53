"""The Summary sheet: what the workbook covers, findings, headline and standings."""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analysis.compare import views as compare
from analysis.outputs.excel.cells import (
    BAD_FILL,
    BOLD_FONT,
    CELL_BORDER,
    GOOD_FILL,
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    NOTE_FONT,
    SCORE_FORMAT,
    SECTION_FONT,
    SHARE_FORMAT,
    TOP,
    WRAP_TOP,
    comparator_sign,
    fmt_number,
    lines_pt,
    print_setup,
    put,
    sheet_title,
    value_format,
    wrapped_lines,
    year_cell,
    year_key,
    year_text,
)
from analysis.outputs.excel.data import Row
from analysis.outputs.excel.documents import DocumentsSheet
from analysis.outputs.excel.text import bilingual


class SummarySheet(DocumentsSheet):
    """The Summary sheet: what the workbook covers, findings, headline and standings."""

    def listed_text(self) -> str:
        """Which cities the tables list, and where the rest are (a briefing, not the data)."""
        data, zh = self.data, self.lang == "zh"
        n_all, shown = len(data.cities), data.selected
        if shown is None:
            return f"全部{n_all}个城市" if zh else f"all {n_all} cities"
        sep = "、" if zh else ", "
        names = sep.join(str(self.place(c)) for c in shown[:self.top_n])
        if len(shown) > self.top_n:
            names += "…"
        how = {
            "regions": ("按所选", "chosen with --regions"),
            "province": ("所选省份的", "of the chosen province(s)"),
            "top": ("设定核心指标最多的", "setting the most core indicators"),
        }[data.selection]
        rest = ("；其余城市见“分省”汇总和完整数据导出（python -m analysis export）"
                if zh else "; the other cities are summarised on the By province sheet and "
                "complete in the export (python -m analysis export)")
        if zh:
            return f"{how[0]}{len(shown)}个城市（共{n_all}个）：{names}{rest}"
        return f"{len(shown)} cities {how[1]} (of {n_all}): {names}{rest}"

    def headline_cities(self) -> list[str]:
        counts: dict[str, int] = {}
        for r in self.rows:
            if r.target is not None and self.ind_attr(r.indicator_id, "core"):
                counts[r.region] = counts.get(r.region, 0) + 1
        ranked = sorted(counts, key=lambda c: (-counts[c], c))[: self.top_n]
        return sorted(ranked)

    def findings(self) -> list[str]:
        lang, data = self.lang, self.data
        zh = lang == "zh"
        out: list[str] = []
        n_cities = len(data.cities)
        n_docs = len(data.documents)
        n_targets = data.n_targets
        if n_targets == 0:
            out.append(self.t("no_targets"))
        n_ind = len(data.target_counts)
        out.append(
            f"覆盖{n_cities}个城市、{n_docs}份文件，共{n_targets}个可比较的城市目标"
            f"（{n_ind}个指标）。" if zh else
            f"{n_cities} cities, {n_docs} documents, {n_targets} comparable city targets "
            f"({n_ind} indicators).")
        nat = data.national  # every city, not only the listed ones
        comparable = nat[nat["verdict"].isin(compare.COMPARABLE)] if not nat.empty else nat
        if not comparable.empty:
            keyed = []
            for (ind, year), g in comparable.groupby(
                    ["indicator_id", comparable["target_year"].fillna(-1)], sort=True):
                year = None if year == -1 else int(year)
                keyed.append((-len(g), ind, year_key(year), year, g))
            for _, ind, _, year, g in sorted(keyed, key=lambda k: k[:3])[:8]:
                vt = self.ind_attr(ind, "value_type")
                goal = g["goal_compare_value"].iloc[0]
                sign = comparator_sign(g["goal_comparator"].iloc[0]) or ""
                counts = g["verdict"].value_counts()
                more, eq, less = (int(counts.get(v, 0)) for v in compare.COMPARABLE)
                below = [self.place(c) for c in
                         sorted(g.loc[g["verdict"] == "less ambitious", "region"])]
                names = "、".join(below[:5]) + ("等" if len(below) > 5 else "") if zh \
                    else ", ".join(below[:5]) + (" and others" if len(below) > 5 else "")
                if zh:
                    text = (f"{self.ind_name(ind)}（{year_text(year, lang)}年，国家目标"
                            f"{sign}{fmt_number(goal, vt)}）：{more}个城市高于、{eq}个持平、"
                            f"{less}个低于国家目标")
                    text += f"（低于：{names}）。" if below else "。"
                else:
                    text = (f"{self.ind_name(ind)} ({year_text(year, lang)}, national goal "
                            f"{sign}{fmt_number(goal, vt)}), cities more ambitious: {more}, "
                            f"equal: {eq}, less ambitious: {less}")
                    text += f" (below: {names})." if below else "."
                out.append(text)
        elif n_targets:
            out.append("没有城市目标能与同年份的国家目标直接比较。" if zh else
                       "No city target can be compared with a national goal for the same year.")
        if not nat.empty:
            unset = nat[nat["verdict"] == "not set by the city"]
            if not unset.empty and n_cities:
                counted = unset.groupby(["indicator_id", unset["target_year"].fillna(-1)])
                tops = sorted(((-len(g), ind, yr) for (ind, yr), g in counted))[:3]
                parts = []
                for neg, ind, yr in tops:
                    yr_txt = year_text(None if yr == -1 else yr, lang)
                    parts.append(f"{self.ind_name(ind)}（{yr_txt}）{-neg}/{n_cities}" if zh else
                                 f"{self.ind_name(ind)} ({yr_txt}) {-neg}/{n_cities}")
                out.append(("城市最常未设定的国家目标：" + "；".join(parts) + "。") if zh else
                           ("National goals most often left unaddressed: " + "; ".join(parts)
                            + "."))
        amb = data.ambition
        if not amb.empty and amb["n_comparable"].fillna(0).gt(0).any():
            best = amb[amb["n_comparable"] > 0].sort_values(
                ["share_at_least_as_ambitious", "n_comparable", "region"],
                ascending=[False, False, True]).iloc[0]
            share = float(best["share_at_least_as_ambitious"])
            out.append(
                f"与国家目标相比：{best['region']}在{int(best['n_comparable'])}个可比指标中"
                f"{share:.0%}不低于国家目标（比例最高）。" if zh else
                f"Against the national goals, {self.place(best['region'])} is at least as "
                f"ambitious on "
                f"{share:.0%} of its {int(best['n_comparable'])} comparable indicators "
                f"(the highest share).")
        if n_targets:
            counts = dict(zip(data.target_counts["indicator_id"],
                              data.target_counts["n_cities"], strict=True))
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            parts = [f"{self.ind_name(i)}（{k}个城市）" if zh else f"{self.ind_name(i)} ({k})"
                     for i, k in top]
            out.append(("设定城市最多的指标：" + "、".join(parts) + "。") if zh else
                       ("Indicators set by the most cities: " + ", ".join(parts) + "."))
        return out

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
            ("reference_goals", f"{n_nat} 项国家目标，{n_prov} 项省级目标" if lang == "zh"
             else f"{n_nat} national, {n_prov} provincial"),
            ("family_sheets", ("、" if lang == "zh" else ", ").join(
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
            vt = self.ind_attr(ind, "value_type")
            cells = by_key[key]
            goal = next((r.goal("national") for r in cells.values()
                         if r.goal("national") is not None), None)
            values = [self.ind_name(ind), self.ind_attr(ind, "unit"),
                      year_cell(year, lang), goal]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j <= 2 else TOP,
                    number_format=value_format(vt, v) if j == 4 else None)
            for j, city in enumerate(cities, start=5):
                r = cells.get(city)
                fill = None
                if r is not None:
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
        lang = self.lang
        put(ws, row, 1, bilingual("vs_goals_table", lang).replace("\n", " "), font=SECTION_FONT)
        row += 1
        nat = self.data.national  # every city
        if nat.empty or nat["goal_id"].isna().all():
            put(ws, row, 1, "—")
            return row + 1
        with_goal = nat[nat["goal_id"].notna()]
        groups = []
        for (ind, year), g in with_goal.groupby(
                ["indicator_id", with_goal["target_year"].fillna(-1)], sort=True):
            year = None if year == -1 else int(year)
            groups.append((ind, year, g))
        order = {ind: i for i, ind in enumerate(self.ind)}
        groups.sort(key=lambda k: (order.get(k[0], 10**6), k[0], year_key(k[1])))
        headers = ["indicator", "year", "national_goal", "n_more", "n_equal", "n_less",
                   "n_not_set", "cities_below"]
        for j, key in enumerate(headers, start=1):
            put(ws, row, j, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.merge_cells(start_row=row, start_column=8, end_row=row, end_column=12)
        ws.row_dimensions[row].height = 36
        for ind, year, g in groups:
            row += 1
            vt = self.ind_attr(ind, "value_type")
            counts = g["verdict"].value_counts()
            below = [str(self.place(c)) for c in
                     sorted(g.loc[g["verdict"] == "less ambitious", "region"])]
            sep = "、" if lang == "zh" else ", "
            names = sep.join(below[: self.top_n]) + (
                f"{sep}…（共{len(below)}）" if lang == "zh" and len(below) > self.top_n else
                f"{sep}… ({len(below)})" if len(below) > self.top_n else "")
            goal = g["goal_compare_value"].iloc[0]
            values = [self.ind_name(ind), year_cell(year, lang), goal,
                      int(counts.get("more ambitious", 0)), int(counts.get("equal", 0)),
                      int(counts.get("less ambitious", 0)),
                      int(counts.get("not set by the city", 0)), names or None]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER,
                    alignment=WRAP_TOP if j in (1, 8) else TOP,
                    number_format=value_format(vt, v) if j == 3 else None)
            ws.merge_cells(start_row=row, start_column=8, end_row=row, end_column=12)
            lines = max(wrapped_lines(values[0], 30), wrapped_lines(names, 55))
            if lines > 1:
                ws.row_dimensions[row].height = lines_pt(lines)
        return row + 1

    def ambition_table(self, ws: Worksheet, row: int) -> int:
        lang = self.lang
        amb = self.data.ambition
        if amb.empty or not amb["n_comparable"].fillna(0).gt(0).any():
            return row
        put(ws, row, 1, bilingual("ambition_table", lang).replace("\n", " "), font=SECTION_FONT)
        put(ws, row + 1, 1, compare.AMBITION_FORMULA, font=NOTE_FONT,
            alignment=Alignment(wrap_text=True, vertical="top"))
        ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=8)
        ws.row_dimensions[row + 1].height = 48
        row += 2
        headers = ["city", "province", "n_comparable", "n_at_least", "share", "score"]
        for j, key in enumerate(headers, start=1):
            put(ws, row, j, bilingual(key, lang), font=BOLD_FONT, fill=HEADER_FILL,
                border=HEADER_BORDER, alignment=HEADER_ALIGN)
        ws.row_dimensions[row].height = 36
        ranked = amb[amb["n_comparable"] > 0].sort_values(
            ["share_at_least_as_ambitious", "ambition_score", "region"],
            ascending=[False, False, True]).head(self.top_n)
        for rec in ranked.to_dict("records"):
            row += 1
            values = [self.place(rec["region"]), self.place(rec["province"]),
                      rec["n_comparable"],
                      rec["n_at_least_as_ambitious"], rec["share_at_least_as_ambitious"],
                      rec["ambition_score"]]
            fmts = [None, None, "0", "0", SHARE_FORMAT, SCORE_FORMAT]
            for j, v in enumerate(values, start=1):
                put(ws, row, j, v, border=CELL_BORDER, number_format=fmts[j - 1])
        return row + 1

    def documents_section(self, ws: Worksheet, row: int, many_docs: bool) -> int:
        lang = self.lang
        docs = self.data.documents
        if many_docs:
            put(ws, row, 1, bilingual("documents_by_province", lang).replace("\n", " ")
                + ("（完整清单见“文件”表）" if lang == "zh" else " (full list: Documents sheet)"),
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

