"""The state every sheet shares (data, language, refs, colours) and small helpers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from analysis.outputs import labels
from analysis.outputs.excel.cells import LANGS, missing, unique_sheet_name
from analysis.outputs.excel.data import Data, SourceBook, assign_refs, build_rows
from analysis.outputs.excel.text import FAMILY_NAMES, label
from analysis.outputs.style import city_colors
from analysis.outputs.style import label as style_label


class Context:
    """The state every sheet shares (data, language, refs, colours) and small helpers."""

    def __init__(self, data: Data, lang: str, top_n: int, figures: Sequence[Path]) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        self.data = data
        self.lang = lang
        self.top_n = max(1, int(top_n))
        self.figures = list(figures)
        self.book = SourceBook(data)
        self.rows = build_rows(data)
        assign_refs(self.rows, self.book)
        self.ind = data.indicator_rows
        self.colors = city_colors(data.all_regions, data.region_registry)
        self.wb = Workbook()
        self.taken: set[str] = set()

    # small helpers
    def t(self, key: str) -> str:
        return label(key, self.lang)

    def ind_name(self, indicator_id: str) -> str:
        row = self.ind.get(indicator_id, {})
        name = row.get("name_zh" if self.lang == "zh" else "name_en")
        return str(name) if not missing(name) else indicator_id

    def place(self, name: object) -> object:
        """A region or province as shown: 'Weihai 威海市' in English, '威海市' in Chinese."""
        if missing(name) or self.lang == "zh":
            return name
        english = self.data.region_en.get(str(name))
        return f"{english} {name}" if english else name

    def goal_note(self, rec: dict[str, object]) -> str:
        """A goal's definitional note in the workbook's language (note_zh for Chinese)."""
        zh = rec.get("goal_note_zh")
        if self.lang == "zh" and not missing(zh):
            return str(zh)
        return str(rec.get("goal_note"))

    def unit_text(self, indicator_id: str) -> str:
        """The indicator's unit in the workbook's language (codebook unit_zh / unit_en)."""
        return labels.indicator_unit(self.ind.get(indicator_id), self.lang)

    def ind_attr(self, indicator_id: str, attr: str) -> object:
        value = self.ind.get(indicator_id, {}).get(attr)
        return None if missing(value) else value

    def verdict_text(self, verdict: object) -> str | None:
        return None if missing(verdict) else style_label(str(verdict), self.lang)

    def family_name(self, family: str) -> str:
        zh, en = FAMILY_NAMES.get(family, (family, family))
        return zh if self.lang == "zh" else en

    def new_sheet(self, name: str) -> Worksheet:
        title = unique_sheet_name(name, self.taken)
        if not self.wb.worksheets[0].title.startswith("__"):
            return self.wb.create_sheet(title)
        ws = self.wb.worksheets[0]
        ws.title = title
        return ws

