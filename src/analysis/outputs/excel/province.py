"""By province: cities setting each indicator, median/min/max, how many meet the goal."""

from __future__ import annotations

import pandas as pd

from analysis.outputs.excel.cells import (
    Col,
    formats_for,
    ordered,
    print_setup,
    sheet_title,
    table_span,
    value_format,
    write_table,
    year_cell,
    year_key,
)
from analysis.outputs.excel.context import Context
from analysis.outputs.excel.data import Row


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
        groups: dict[tuple, list[Row]] = {}
        unknown = self.t("unknown_province")
        for r in self.rows:
            if r.target is None:
                continue
            groups.setdefault((r.province or unknown, r.indicator_id, r.year), []).append(r)
        order = {ind: i for i, ind in enumerate(self.ind)}
        keys = sorted(groups, key=lambda k: (k[0] == unknown, k[0], order.get(k[1], 10**6),
                                             k[1], year_key(k[2])))
        values, formats = [], []
        for key in keys:
            rs = groups[key]
            vals = pd.Series([r.value for r in rs], dtype=float)
            goal = next((r.goal("national") for r in rs if r.goal("national") is not None),
                        None)
            n_meet = sum(r.verdict("national") in ("more ambitious", "equal") for r in rs) \
                if goal is not None else None
            vt = self.ind_attr(key[1], "value_type")
            row = {"province": self.place(key[0]), "indicator": self.ind_name(key[1]),
                   "unit": self.ind_attr(key[1], "unit"), "year": year_cell(key[2], self.lang),
                   "n_setting": len(rs), "median": vals.median(), "min": vals.min(),
                   "max": vals.max(), "national_goal": goal, "n_meeting": n_meet,
                   "indicator_id": key[1]}
            values.append(ordered(cols, row))
            formats.append(formats_for(cols, {
                k: value_format(vt, row[k]) for k in ("median", "min", "max", "national_goal")}))
        last = write_table(ws, 2, cols, values, self.lang, formats=formats)
        ws.freeze_panes = "B3"
        ws.auto_filter.ref = table_span(cols, 2, last)
        print_setup(ws, "1:2", self.t("province_title"), self.data.built_on)

