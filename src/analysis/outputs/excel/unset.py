"""Goals a city leaves unaddressed (for a year its plans cover)."""
from __future__ import annotations

from analysis.outputs import labels
from analysis.outputs.excel.cells import (
    Col,
    col_span,
    formats_for,
    missing,
    ordered,
    plain,
    print_setup,
    sheet_title,
    table_span,
    value_format,
    write_table,
    year_cell,
)
from analysis.outputs.excel.context import Context
from analysis.outputs.excel.data import Row


class UnsetSheet(Context):
    """Goals a city leaves unaddressed (for a year its plans cover)."""

    UNSET_COLS = (
        Col("city", min_width=8, max_width=14), Col("province", width=10, wrap=True),
        Col("indicator", width=28, wrap=True), Col("unit", width=12, wrap=True),
        Col("year", width=8, center=True), Col("national_goal", width=9),
        Col("provincial_goal", width=9), Col("status", width=18, wrap=True),
        Col("ref_national", width=8, center=True),
        Col("ref_provincial", width=9, center=True), Col("city_set_years", width=14),
        Col("note", width=36, wrap=True), Col("indicator_id", max_width=48),
    )

    def status_of(self, row: Row) -> str:
        """The city's response to the row's goal (compare's goal_status view), as text."""
        gs = self.data.goal_status
        for rec in (row.national, row.provincial):
            if not rec or missing(rec.get("goal_id")) or gs.empty:
                continue
            hit = gs[(gs["region"] == row.region) & (gs["goal_id"] == rec["goal_id"])]
            if not hit.empty:
                h = hit.iloc[0]
                return labels.status_text(h["status"], self.lang, h["other_year"],
                                          h["other_value"], h["indicator_unit"])
        return labels.MISSING

    def unset_sheet(self) -> None:
        """Reference goals (for a year the city's plans cover) that the city did not set
        (a commitment in words is set: its rows stay on the family sheet)."""
        rows = [r for r in self.rows if r.target is None and not any(
            rec and rec.get("verdict") == "set in words" for rec in (r.national, r.provincial))]
        if not rows:
            return
        ws = self.new_sheet(self.t("sheet_unset"))
        cols = self.UNSET_COLS
        sheet_title(ws, self.t("unset_title"), len(cols))
        values, formats = [], []
        for r in rows:
            unit = self.ind_attr(r.indicator_id, "unit")
            rec = r.national if r.goal("national") is not None else (r.provincial or {})
            notes = [self.goal_note(x) for x in (r.national, r.provincial)
                     if x and x.get("goal_id") is not None and not missing(x.get("goal_note"))]
            row = {"city": self.place(r.region), "province": self.place(r.province),
                   "indicator": self.ind_name(r.indicator_id),
                   "unit": self.unit_text(r.indicator_id),
                   "year": year_cell(r.year, self.lang), "national_goal": r.goal("national"),
                   "provincial_goal": r.goal("provincial"), "status": self.status_of(r),
                   "ref_national": r.refs.get("national"),
                   "ref_provincial": r.refs.get("provincial"),
                   "city_set_years": plain(rec.get("city_set_years")),
                   "note": "; ".join(dict.fromkeys(notes)) or None,
                   "indicator_id": r.indicator_id}
            values.append(ordered(cols, row))
            formats.append(formats_for(cols, {
                key: value_format(unit, row[key]) for key in ("national_goal", "provincial_goal")}))
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        ws.print_area = col_span(cols, cols[0].key, "note", 1, last)  # the id is not printed
        print_setup(ws, "1:2", self.t("unset_title"), self.data.built_on)

