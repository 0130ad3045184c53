"""The PNG figures of ``make figures``, one per printed page."""

from __future__ import annotations

import math

from openpyxl.worksheet.pagebreak import Break

from analysis.outputs.excel.cells import (
    BOLD_FONT,
    FIGURE_MAX_PX,
    FIGURE_ROW_PX,
    print_setup,
    put,
    sheet_title,
)
from analysis.outputs.excel.context import Context


class ImagesSheet(Context):
    """The PNG figures of ``make figures``, one per printed page."""

    def figures_sheet(self) -> None:
        from openpyxl.drawing.image import Image

        ws = self.new_sheet(self.t("sheet_figures"))
        sheet_title(ws, self.t("figures_title"), 14)
        row = 3
        placed = 0
        for path in self.figures:
            try:
                img = Image(str(path))
            except (OSError, ValueError):
                continue
            if placed:
                ws.row_breaks.append(Break(id=row - 1))  # one figure per printed page
            put(ws, row, 1, path.name, font=BOLD_FONT)
            # fit a landscape A4 page at 96 dpi: 960 px wide, 600 px tall below the caption
            scale = min(1.0, FIGURE_MAX_PX[0] / max(img.width, 1),
                        FIGURE_MAX_PX[1] / max(img.height, 1))
            img.width, img.height = int(img.width * scale), int(img.height * scale)
            ws.add_image(img, f"A{row + 1}")
            end = row + 2 + math.ceil(img.height / FIGURE_ROW_PX)
            for r in range(row, end):  # explicit heights: the image spans known rows
                ws.row_dimensions[r].height = FIGURE_ROW_PX * 0.75
            row = end
            placed += 1
        ws.freeze_panes = "A2"
        print_setup(ws, None, self.t("figures_title"), self.data.built_on)

