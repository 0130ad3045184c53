"""By province: cities setting each indicator, median/min/max, how many meet the goal."""

from __future__ import annotations

from analysis.outputs.excel.cells import (
    Col,
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
    year_key,
)
from analysis.outputs.excel.context import Context


class ProvinceSheet(Context):
    """By province: cities setting each indicator, median/min/max, how many meet the goal."""

    def province_sheet(self) -> None:
        ws = self.new_sheet(self.t("sheet_province"))
        cols = (Col("province", max_width=14), Col("indicator", width=28, wrap=True),
                Col("unit", width=12, wrap=True), Col("year", width=8, center=True),
                Col("n_setting", width=11), Col("median", width=9), Col("min", width=9),
                Col("max", width=9), Col("national_goal", width=9),
                Col("n_meeting", width=13), Col("indicator_id", max_width=48))
        sheet_title(ws, self.t("province_title"), len(cols))
        # every city of the store (compare's province_summary view), not only those listed
        summary = self.data.province_summary
        unknown = self.t("unknown_province")
        order = {ind: i for i, ind in enumerate(self.ind)}
        recs = sorted(summary.to_dict("records"), key=lambda r: (
            missing(r["province"]), "" if missing(r["province"]) else r["province"],
            order.get(r["indicator_id"], 10**6), r["indicator_id"], year_key(r["target_year"])))
        values, formats = [], []
        for rec in recs:
            ind = rec["indicator_id"]
            unit = self.ind_attr(ind, "unit")
            row = {"province": self.place(unknown if missing(rec["province"])
                                          else rec["province"]),
                   "indicator": self.ind_name(ind), "unit": self.unit_text(ind),
                   "year": year_cell(None if missing(rec["target_year"])
                                     else rec["target_year"], self.lang),
                   "n_setting": plain(rec["n_setting"]), "median": plain(rec["median"]),
                   "min": plain(rec["min"]), "max": plain(rec["max"]),
                   "national_goal": plain(rec["national_goal"]),
                   "n_meeting": plain(rec["n_meeting_national_goal"]), "indicator_id": ind}
            values.append(ordered(cols, row))
            formats.append(formats_for(cols, {
                k: value_format(unit, row[k]) for k in ("median", "min", "max", "national_goal")}))
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("province_title"), self.data.built_on)

