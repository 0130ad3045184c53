"""A static report site from the store: every city, every indicator, every number one click
from its sentence.

``python -m analysis site --db FILE --out reports/site [--lang zh|en]`` writes::

    index.html                 language choice (opens the Chinese edition)
    assets/site.css            one stylesheet (a CJK font stack)
    assets/figures/…           the charts of reports/figures, copied (self-contained site)
    downloads/…                the workbook and the open-data exports, copied
    zh/ and en/                one edition each:
        index.html             corpus, headline findings, links to everything
        cities/<city>.html     every target: status, goals, peers, actuals, the sentence
        indicators/<id>.html   every city's target beside the goals and actuals, the chart
        documents/<doc>.html   the full text with every number marked at its offsets
        downloads.html

No server and no script: links are relative, the site opens from the file system
and can be published as is.  The site is written to a temporary folder and
swapped in whole, so pages of cities that left the store never linger and a
failed run leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.outputs.site.data import SiteData, load
from analysis.outputs.site.html import CSS, el, join
from analysis.outputs.site.pages import LANGS, Edition, edition_pages

__all__ = ["LANGS", "SiteReport", "build_site", "register"]

OUTPUT = paths.REPORTS / "site"
EXPORTS = paths.REPORTS / "exports"
MARKER = ".health-targets-site"  # only a folder holding this is ever replaced


class SiteError(RuntimeError):
    """The site cannot be written where asked."""


@dataclass
class SiteReport:
    """What a run wrote: pages per kind, the largest page, files copied, text problems."""

    out: Path
    pages: Counter = field(default_factory=Counter)
    largest_page: tuple[str, int] = ("", 0)
    copied: list[str] = field(default_factory=list)
    text_mismatches: int = 0
    missing_texts: int = 0

    @property
    def n_pages(self) -> int:
        return sum(self.pages.values())


def _copy_figures(src: Path | None, dest: Path, lang: str) -> tuple[dict[str, str],
                                                                    dict[str, str]]:
    """Copy the charts (PNG, SVG) of one edition; stem -> path relative to the site root.

    The English edition uses ``<figures>/en`` when it exists, else the same charts.
    """
    if src is None or not src.is_dir():
        return {}, {}
    folder = src / "en" if lang == "en" and (src / "en").is_dir() else src
    sub = "figures/en" if folder != src else "figures"
    png, svg = {}, {}
    for path in sorted(folder.glob("*.png")):
        target = dest / "assets" / sub / path.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        png[path.stem] = f"assets/{sub}/{path.name}"
        svg_path = path.with_suffix(".svg")
        if svg_path.exists():
            svg_target = target.with_suffix(".svg")
            if not svg_target.exists():
                shutil.copyfile(svg_path, svg_target)
            svg[path.stem] = f"assets/{sub}/{svg_path.name}"
    return png, svg


def _copy_downloads(dest: Path, workbook: Path | None, exports: Path | None
                    ) -> list[tuple[str, str, str]]:
    """The workbook and the exports copied under downloads/; (group, label, site path)."""
    out: list[tuple[str, str, str]] = []
    if workbook is not None and workbook.is_file():
        target = dest / "downloads" / workbook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workbook, target)
        out.append(("workbook", workbook.name, f"downloads/{workbook.name}"))
    if exports is not None and exports.is_dir():
        for path in sorted(p for p in exports.rglob("*") if p.is_file()
                           and not p.name.startswith(".")):
            rel = path.relative_to(exports).as_posix()
            target = dest / "downloads" / "exports" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            out.append(("exports", rel, f"downloads/exports/{rel}"))
    return out


def _root_index(langs: tuple[str, ...]) -> str:
    """The site root: opens the first edition, links to both."""
    first = langs[0]
    links = join(el("p", el("a", "中文版" if lang == "zh" else "English edition",
                            href=f"{lang}/index.html", hreflang=lang)) for lang in langs)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={first}/index.html\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">"
            "<title>城市卫生健康规划目标对比 · Chinese city health-system targets</title>"
            "<link rel=\"stylesheet\" href=\"assets/site.css\"></head>\n"
            f"<body><main>{links}</main></body>\n</html>\n")


def _prepare_out(out: Path) -> Path:
    """A fresh temporary folder beside ``out``; refuse to replace a folder we did not write."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site written by `python -m analysis site`; "
                        "choose another --out or remove it")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _swap(tmp: Path, out: Path) -> None:
    """Put the new site in place of the old one (renames only)."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_edition(data: SiteData, tmp: Path, lang: str, report: SiteReport,
                   downloads: list[tuple[str, str, str]], figures: tuple[dict, dict],
                   langs: tuple[str, ...]) -> None:
    """Every page of one edition into ``tmp/<lang>/``, counting pages and the largest."""
    charts = [("figures", Path(p).name, p)
              for stem in sorted(figures[0])
              for p in (figures[0][stem], figures[1].get(stem)) if p]
    ed = Edition(data, lang, figures=figures[0], figures_svg=figures[1],
                 downloads=[*downloads, *charts], langs=langs)
    made: set[str] = set()
    for rel, html in edition_pages(ed):
        path = tmp / lang / rel
        if path.parent.as_posix() not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent.as_posix())
        body = html.encode("utf-8")
        path.write_bytes(body)
        kind = rel.split("/", 1)[0] if "/" in rel else rel.removesuffix(".html")
        report.pages[f"{lang}/{kind}"] += 1
        if len(body) > report.largest_page[1]:
            report.largest_page = (f"{lang}/{rel}", len(body))
    report.text_mismatches += ed.text_mismatches


def build_site(db: Path | str = paths.STORE, out: Path | str = OUTPUT,
               langs: tuple[str, ...] = LANGS, figures: Path | str | None = paths.FIGURES,
               workbook: Path | str | None = paths.WORKBOOK,
               exports: Path | str | None = EXPORTS) -> SiteReport:
    """Write the site for ``langs`` from the store ``db`` into ``out`` (replaced whole)."""
    bad = [lang for lang in langs if lang not in LANGS]
    if bad or not langs:
        raise ValueError(f"lang must be among {LANGS}, not {bad or langs!r}")
    out = Path(out)
    data = load(db)
    tmp = _prepare_out(out)
    report = SiteReport(out)
    try:
        (tmp / "assets").mkdir()
        (tmp / "assets" / "site.css").write_text(CSS.lstrip(), encoding="utf-8")
        (tmp / MARKER).write_text("written by python -m analysis site; replaced whole on "
                                  "every run\n", encoding="utf-8")
        figure_dir = Path(figures) if figures is not None else None
        per_lang = {lang: _copy_figures(figure_dir, tmp, lang) for lang in langs}
        downloads = _copy_downloads(tmp, Path(workbook) if workbook else None,
                                    Path(exports) if exports else None)
        for lang in langs:
            _write_edition(data, tmp, lang, report, downloads, per_lang[lang], langs)
        (tmp / "index.html").write_text(_root_index(langs), encoding="utf-8")
        report.copied = [d[2] for d in downloads]
        report.missing_texts = sum(1 for d in data.documents.itertuples()
                                   if not _has_text(data, d._asdict()))
        os.chmod(tmp, 0o755)
        _swap(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report


def _has_text(data: SiteData, doc: dict[str, object]) -> bool:
    from analysis.outputs.site.data import read_text

    return read_text(data, doc) is not None


# --- CLI -----------------------------------------------------------------------------------


def _cmd_site(args: argparse.Namespace) -> int:
    import duckdb

    from analysis.exitcodes import EXIT_ERROR, EXIT_OK
    from analysis.store.schema import StoreError

    start = time.perf_counter()
    langs = (args.lang,) if args.lang else LANGS
    try:
        report = build_site(Path(args.db), Path(args.out), langs=langs,
                            figures=Path(args.figures) if args.figures else None,
                            workbook=Path(args.workbook) if args.workbook else None,
                            exports=Path(args.exports) if args.exports else None)
    except (StoreError, SiteError, duckdb.Error, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for kind, n in sorted(report.pages.items()):
        print(f"{kind:22s} {n:6d} pages")
    name, size = report.largest_page
    print(f"{report.n_pages} pages, {len(report.copied)} files to download, largest page "
          f"{name} ({size / 1024:.0f} KB) -> {report.out}/index.html "
          f"({time.perf_counter() - start:.1f} s)")
    if report.text_mismatches or report.missing_texts:
        print(f"warning: {report.missing_texts} documents without their text file, "
              f"{report.text_mismatches} targets whose sentence differs from the text at its "
              "offsets (rebuild the store: make data)", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis site``."""
    s = sub.add_parser("site", help="write the static report site (every city, indicator, "
                                    "document; Chinese and English)")
    s.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    s.add_argument("--out", default=str(OUTPUT), help="site folder (replaced whole)")
    s.add_argument("--lang", default=None, choices=LANGS,
                   help="only this edition (default: both)")
    s.add_argument("--figures", default=str(paths.FIGURES),
                   help="charts to copy in (PNG + SVG; <dir>/en for the English edition)")
    s.add_argument("--workbook", default=str(paths.WORKBOOK), help="workbook to offer")
    s.add_argument("--exports", default=str(EXPORTS), help="open-data exports to offer")
    s.set_defaults(func=_cmd_site)
