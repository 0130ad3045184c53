"""The workbook: every sheet in reading order, fixed bytes, the ``excel`` command."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from analysis import paths
from analysis.files import write_atomic
from analysis.outputs.excel.cells import (
    CREATOR,
    DEFAULT_TOP_N,
    FALLBACK_DATE,
    LANGS,
    MAX_DOCS_ON_SUMMARY,
    MAX_FIGURES,
    ZIP_DATE,
)
from analysis.outputs.excel.charts import ChartsSheet
from analysis.outputs.excel.codebook import CodebookSheet
from analysis.outputs.excel.data import load
from analysis.outputs.excel.family import FamilySheets
from analysis.outputs.excel.images import ImagesSheet
from analysis.outputs.excel.province import ProvinceSheet
from analysis.outputs.excel.sources import SourcesSheet
from analysis.outputs.excel.summary import SummarySheet
from analysis.outputs.excel.unset import UnsetSheet
from analysis.store.schema import StoreError


class Briefing(SummarySheet, FamilySheets, UnsetSheet, ProvinceSheet, ChartsSheet, ImagesSheet,
               SourcesSheet, CodebookSheet):
    """Builds the workbook sheet by sheet; ``write_workbook`` is the entry point."""

    # --- build ---------------------------------------------------------------------------
    def build(self) -> Workbook:
        self.wb.worksheets[0].title = "__first__"
        summary = self.new_sheet(self.t("sheet_summary"))
        families = self.family_sheets()
        self.unset_sheet()
        self.province_sheet()
        self.charts_sheet()
        if self.figures:
            self.figures_sheet()
        many_docs = len(self.data.documents) > MAX_DOCS_ON_SUMMARY
        if many_docs:
            self.documents_sheet()
        self.summary_sheet(summary, families, many_docs)  # last: the refs are all known
        self.sources_sheet()
        self.codebook_sheet()
        self.properties()
        return self.wb

    def properties(self) -> None:
        built = FALLBACK_DATE
        if self.data.built_on:
            with contextlib.suppress(ValueError):
                built = dt.datetime.fromisoformat(str(self.data.built_on)[:10])
        props = self.wb.properties
        props.creator = CREATOR
        props.lastModifiedBy = CREATOR
        props.created = built
        props.modified = built
        props.title = self.t("title")
        props.subject = self.t("covers_text")
        props.language = "zh-CN" if self.lang == "zh" else "en"
        self.wb.active = 0


# --- writing ------------------------------------------------------------------------------------


# Figures whose file name contains one of these draw what the native charts already
# draw (cities per indicator); the rest (coverage heatmap, diverging gaps, ambition
# ranking, goal uptake, corpus overview) add views Excel charts cannot.
FIGURES_DUPLICATING_NATIVE_CHARTS = ("_cities_",)


def _figure_files(figures_dir: Path | str | None) -> list[Path]:
    """PNGs of ``make figures`` worth embedding (none when the folder does not exist)."""
    if figures_dir is None:
        return []
    folder = Path(figures_dir)
    if not folder.is_dir():
        return []
    files = [p for p in sorted(folder.glob("*.png"))
             if not any(part in p.name for part in FIGURES_DUPLICATING_NATIVE_CHARTS)]
    return files[:MAX_FIGURES]


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx bytes with fixed zip timestamps (openpyxl's save stamps 'now')."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # keeps wb.properties.modified as set
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_workbook(db: Path | str, lang: str = "zh", figures_dir: Path | str | None = None,
                   top_n: int = DEFAULT_TOP_N, regions: Sequence[str] | None = None,
                   provinces: Sequence[str] | None = None) -> Workbook:
    """The workbook in memory (see ``write_workbook``)."""
    data = load(db, regions=regions, provinces=provinces, top_n=top_n, lang=lang)
    return Briefing(data, lang, top_n, _figure_files(figures_dir)).build()


def write_workbook(db: Path | str = paths.STORE, out: Path | str = paths.WORKBOOK,
                   lang: str = "zh", figures_dir: Path | str | None = None,
                   top_n: int = DEFAULT_TOP_N, regions: Sequence[str] | None = None,
                   provinces: Sequence[str] | None = None) -> Path:
    """Write the briefing workbook for the store ``db`` to ``out`` atomically; returns ``out``.

    ``lang`` picks sheet names and labels ('zh': Chinese names, bilingual headers;
    'en': English).  PNGs in ``figures_dir`` are embedded when the folder exists.
    Charts and the headline table show at most ``top_n`` cities.  The tables list every
    city up to ``data.LIST_ALL_UP_TO`` cities; beyond, the cities of ``regions`` or
    ``provinces`` (names as people type them), else the ``top_n`` cities setting the
    most core indicators; the By province sheet and the findings cover every city.
    """
    out = Path(out)
    payload = workbook_bytes(build_workbook(db, lang, figures_dir, top_n, regions, provinces))
    return write_atomic(out, payload)


# --- CLI ------------------------------------------------------------------------------------------


def _cmd_excel(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK

    figures = None if args.no_figures else args.figures
    try:
        out = write_workbook(Path(args.db), Path(args.out), lang=args.lang,
                             figures_dir=figures, top_n=args.top_n,
                             regions=_names(args.regions), provinces=_names(args.province))
    except (StoreError, duckdb.Error, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1024:.0f} KiB)")
    return EXIT_OK


def _names(given: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated names (--regions 东营,威海 --regions 聊城)."""
    if not given:
        return None
    return [n.strip() for part in given for n in part.replace("，", ",").split(",") if n.strip()]


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis excel``."""
    e = sub.add_parser("excel", help="write the Excel briefing workbook (reports/briefing.xlsx)")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    e.add_argument("--out", default=str(paths.WORKBOOK), help="workbook to write (.xlsx)")
    e.add_argument("--lang", default="zh", choices=LANGS,
                   help="sheet names and labels: zh (bilingual headers) or en")
    e.add_argument("--figures", default=str(paths.FIGURES),
                   help="folder of PNG figures to embed when present (default reports/figures)")
    e.add_argument("--no-figures", action="store_true", help="embed no PNG figures")
    e.add_argument("--top-n", type=int, default=DEFAULT_TOP_N,
                   help="cities per chart and in the headline table (default %(default)s)")
    e.add_argument("--regions", action="append", metavar="NAMES",
                   help="list these cities (comma-separated or repeated; 潍坊 = 潍坊市)")
    e.add_argument("--province", action="append", metavar="NAME",
                   help="list the cities of this province (repeatable; 山东 = 山东省)")
    e.set_defaults(func=_cmd_excel)
