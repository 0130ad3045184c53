"""One sheet per indicator family: each city target beside its goals, gaps and refs."""

from __future__ import annotations

import pandas as pd

from analysis.outputs import labels
from analysis.outputs.excel.cells import (
    Col,
    add_gap_formatting,
    add_verdict_formatting,
    col_letter,
    col_span,
    comparator_sign,
    formats_for,
    gap_format,
    missing,
    ordered,
    plain,
    print_setup,
    share_format,
    sheet_title,
    table_span,
    value_format,
    write_table,
    year_cell,
)
from analysis.outputs.excel.context import Context
from analysis.outputs.excel.data import Row


class FamilySheets(Context):
    """One sheet per indicator family: each city target beside its goals, gaps and refs."""

    FAMILY_COLS = (
        Col("city", min_width=8, max_width=14), Col("province", width=8, wrap=True),
        Col("indicator", width=22, wrap=True), Col("unit", width=11, wrap=True),
        Col("year", width=7, center=True), Col("comparator", width=9, center=True),
        Col("target", width=8), Col("national_goal", width=8), Col("provincial_goal", width=9),
        Col("gap_abs", width=8), Col("gap_rel", width=8), Col("vs_national", width=10),
        Col("vs_provincial", width=10), Col("meets", width=8, center=True),
        Col("national_actual", width=8), Col("actual_year", width=7, center=True),
        Col("ref_target", width=7, center=True), Col("ref_national", width=7, center=True),
        Col("ref_provincial", width=7, center=True), Col("ref_actual", width=7, center=True),
        Col("note", width=28, wrap=True), Col("indicator_id", max_width=48),
    )
    UNPRINTED_FAMILY_COLS = ("indicator_id",)  # the machine key is filtered on, not printed

    def family_row(self, row: Row) -> tuple[list[object], list[str | None]]:
        unit_key = self.ind_attr(row.indicator_id, "unit")
        t = row.target or {}
        nat = row.national or {}
        notes = []
        if t.get("aspirational") is True:
            notes.append(self.t("aspirational"))
        if not missing(t.get("value_high")):
            notes.append(self.t("range_prefix")
                         + labels.fmt_value(t.get("value"), unit_key, None, t.get("value_high")))
        for rec in (row.national, row.provincial):
            if rec and rec.get("goal_match") == "nearest year" and row.target is not None:
                scope = labels.word(str(rec["reference_level"]), self.lang)
                notes.append(scope + labels.word("colon", self.lang) + labels.goal_match_text(
                    row.year, rec.get("goal_year"), rec.get("verdict"), self.lang))
            if rec and not missing(rec.get("goal_note")) and rec.get("goal_id") is not None:
                notes.append(self.goal_note(rec))
        gap_abs = gap_rel = None
        if row.target is not None and row.goal("national") is not None:
            gap_abs = plain(nat.get("gap_directed"))  # the view's, direction-aware
            gap_rel = plain(nat.get("gap_rel_directed"))
        actual = row.actual or {}
        cols = self.FAMILY_COLS
        by_key = {
            "city": self.place(row.region), "province": self.place(row.province),
            "indicator": self.ind_name(row.indicator_id),
            "unit": self.unit_text(row.indicator_id),
            "year": year_cell(row.year, self.lang),
            "comparator": comparator_sign(t.get("comparator")), "target": row.value,
            "national_goal": row.goal("national"), "provincial_goal": row.goal("provincial"),
            "gap_abs": gap_abs, "gap_rel": gap_rel,
            "vs_national": self.verdict_text(row.verdict("national")),
            "vs_provincial": self.verdict_text(row.verdict("provincial")),
            "meets": self.t(row.meets()),
            "national_actual": actual.get("value"), "actual_year": actual.get("data_year"),
            "ref_target": row.refs.get("target"), "ref_national": row.refs.get("national"),
            "ref_provincial": row.refs.get("provincial"), "ref_actual": row.refs.get("actual"),
            "note": "; ".join(dict.fromkeys(notes)) or None, "indicator_id": row.indicator_id,
        }
        formats = {key: value_format(unit_key, by_key[key])
                   for key in ("target", "national_goal", "provincial_goal", "national_actual")}
        formats.update(gap_abs=gap_format(unit_key, gap_abs),
                       gap_rel=share_format(gap_rel, signed=True), actual_year="0")
        return ordered(cols, by_key), formats_for(cols, formats)

    def family_sheets(self) -> list[tuple[str, str, int]]:
        """One sheet per family with rows; returns (family, sheet name, n rows)."""
        families: list[str] = []
        for fam in self.data.indicators.get("family", pd.Series(dtype=object)):
            fam = "" if missing(fam) else str(fam)
            if fam not in families:
                families.append(fam)
        for row in self.rows:
            if row.family not in families:
                families.append(row.family)
        out = []
        cols = self.FAMILY_COLS
        for fam in families:
            rows = [r for r in self.rows if r.family == fam and r.target is not None]
            if not rows:
                continue
            ws = self.new_sheet(self.family_name(fam))
            table = [self.family_row(r) for r in rows]
            values = [v for v, _ in table]
            formats = [f for _, f in table]
            sheet_title(ws, f"{self.family_name(fam)} · {self.t('family_title')}", len(cols))
            last = write_table(ws, 2, cols, values, self.lang, formats=formats)
            ws.freeze_panes = "B3"
            ws.auto_filter.ref = table_span(cols, 2, last)
            printed = [c.key for c in cols if c.key not in self.UNPRINTED_FAMILY_COLS]
            ws.print_area = f"A1:{col_letter(cols, printed[-1])}{last}"
            if last > 2:
                add_verdict_formatting(ws, col_span(cols, "vs_national", "meets", 3, last),
                                       self.lang)
                add_gap_formatting(ws, col_span(cols, "gap_abs", "gap_rel", 3, last))
            print_setup(ws, "1:2", f"{self.t('title')} · {self.family_name(fam)}",
                        self.data.built_on)
            out.append((fam, ws.title, len(rows)))
        return out

