"""README pictures: a sheet of the workbook drawn as a PNG, merged rows across the page."""

from __future__ import annotations

import openpyxl

from analysis.outputs import preview


def test_a_sheet_is_drawn_as_a_png_with_its_rows(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["城市卫生健康规划目标对照简报"])
    ws.append(["内容 Covers", "各城市实施方案中的量化目标"])
    ws.append(["1. 覆盖4个城市、5份文件。"])
    ws.append(["指标 Indicator", "单位 Unit", "东营市", "威海市"])
    ws.append(["每千人口医疗卫生机构床位数", "张", 7.55, 7.5])
    book.save(tmp_path / "b.xlsx")
    rows = preview._cells(tmp_path / "b.xlsx", 0, 40, 9)
    assert [kind for kind, _, _ in preview._layout(rows)] == ["title", "pair", "line", "table",
                                                              "table"]
    out = preview.render_sheet(tmp_path / "b.xlsx", tmp_path / "s.png")
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5_000
    assert preview.render_sheet(tmp_path / "b.xlsx", tmp_path / "t.png").read_bytes() == data
