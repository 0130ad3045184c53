"""The Excel briefing workbook: ``python -m analysis excel`` / ``make excel``.

A policy officer opens, reads, prints and re-charts the workbook without Python.
Every number comes from the comparison layer (``analysis.compare.views``), so the
workbook, the notebooks and the figures show the same values.  The workbook is a
briefing, not the data: with many cities it lists a selection (``--regions``,
``--province``, else the ``top_n`` cities setting the most core indicators) and
aggregates by province; the complete tables are in ``python -m analysis export``.

One module per sheet (Chinese names with bilingual header rows for ``lang='zh'``):

* ``summary`` 概览 - what the workbook covers, build date, documents used, key findings
  computed from the data, the headline table and the cities' standing against the
  national goals.
* ``family`` - one sheet per indicator family: one row per city x indicator x target
  year: target, comparator, national and provincial goal, direction-aware gap,
  verdicts, meets / falls short, and the ``Ref`` of every number on the Sources sheet.
* ``unset`` 未设定目标 - goals a city leaves unaddressed.
* ``province`` 分省 - per province x indicator x year: cities setting it, median/min/max.
* ``charts`` 图表 - native, editable Excel charts (bar per city, goals as line/markers),
  every series reading the data block printed beside the chart.
* ``images`` 图片 - PNGs from ``make figures`` when ``figures_dir`` holds any.
* ``documents`` 文件 - only when there are too many documents for the Summary.
* ``sources`` 来源 - one row per number shown, with document, quote and offsets.
* ``codebook`` 指标说明 - id, names, unit, direction, definition.

Shared pieces: ``text`` (labels, zh/en), ``cells`` (writing a cell, formats, tables;
columns are looked up by key, never by letter), ``data`` (reading the store once),
``context`` (state shared by the sheets), ``workbook`` (sheet order, bytes, CLI).

Safety.  Text never becomes a formula or a link: every string cell is written as a
string (``data_type 's'``) and text starting with ``=``, ``+``, ``-``, ``@``, tab or CR
also gets Excel's quote-prefix flag.  Control characters Excel cannot store are
replaced by U+FFFD; no hyperlinks are written.

Determinism.  The same store gives a byte-identical file: document properties are
fixed, every table is sorted explicitly and the zip entries carry a fixed timestamp.
"""

from analysis.outputs.excel.cells import CREATOR, DEFAULT_TOP_N, FONT_NAME, LANGS, put
from analysis.outputs.excel.data import load
from analysis.outputs.excel.workbook import (
    Briefing,
    build_workbook,
    register,
    workbook_bytes,
    write_workbook,
)

__all__ = ["CREATOR", "DEFAULT_TOP_N", "FONT_NAME", "LANGS", "Briefing", "build_workbook",
           "load", "put", "register", "workbook_bytes", "write_workbook"]
