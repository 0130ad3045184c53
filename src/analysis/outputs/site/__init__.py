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
and can be published as is.  A rebuild rewrites only the pages whose bytes
change (each by a rename, never half written) and removes the files of pages
that left the store, so a national site is refreshed quickly.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.outputs.site.data import SiteData, load
from analysis.outputs.site.html import CSS, el, join
from analysis.outputs.site.labels import ui
from analysis.outputs.site.pages import LANGS, Edition, edition_pages

__all__ = ["LANGS", "SiteReport", "build_site", "register"]

OUTPUT = paths.REPORTS / "site"
EXPORTS = paths.EXPORT
MARKER = ".health-targets-site"  # only a folder holding this is ever written into
PARALLEL_FROM = 200  # documents: below this, one process writes both editions faster


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
    changed: int = 0  # pages written (the others were already up to date)
    removed: int = 0  # files of an earlier run no longer part of the site

    @property
    def n_pages(self) -> int:
        return sum(self.pages.values())


def _put(out: Path, rel: str, payload: bytes, made: set[Path] | None = None) -> bool:
    """Write ``out/rel`` unless it already holds exactly ``payload``; True when written.

    A page is replaced by a rename (never half written); unchanged pages are left
    alone, so a rebuild after a small store change rewrites only the pages it touches.
    """
    path = out / rel
    try:
        if path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        if made is None or path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            if made is not None:
                made.add(path.parent)
        path.write_bytes(payload)  # a new file: nobody reads it yet
        return True
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)
    return True


def _copy_figures(src: Path | None, out: Path, lang: str, written: set[str]
                  ) -> tuple[dict[str, str], dict[str, str]]:
    """Copy the charts (PNG, SVG) of one edition; stem -> path relative to the site root.

    The English edition uses ``<figures>/en`` when it exists, else the same charts.
    """
    if src is None or not src.is_dir():
        return {}, {}
    folder = src / "en" if lang == "en" and (src / "en").is_dir() else src
    sub = "figures/en" if folder != src else "figures"
    png, svg = {}, {}
    for path in sorted(folder.glob("*.png")):
        for file, kind in ((path, png), (path.with_suffix(".svg"), svg)):
            if file.exists():
                rel = f"assets/{sub}/{file.name}"
                if rel not in written:
                    _put(out, rel, file.read_bytes())
                    written.add(rel)
                kind[path.stem] = rel
    return png, svg


def _copy_downloads(out: Path, workbook: Path | None, exports: Path | None,
                    written: set[str]) -> list[tuple[str, str, str]]:
    """The workbook and the exports copied under downloads/; (group, label, site path)."""
    files: list[tuple[str, str, Path]] = []
    if workbook is not None and workbook.is_file():
        files.append(("workbook", workbook.name, workbook))
    if exports is not None and exports.is_dir():
        files += [("exports", p.relative_to(exports).as_posix(), p)
                  for p in sorted(exports.rglob("*"))
                  if p.is_file() and not p.name.startswith(".")]
    listed = []
    for group, label, path in files:
        rel = f"downloads/{label}" if group == "workbook" else f"downloads/exports/{label}"
        _put(out, rel, path.read_bytes())
        written.add(rel)
        listed.append((group, label, rel))
    return listed


def _root_index(langs: tuple[str, ...]) -> str:
    """The site root: opens the first edition, links to both."""
    first = langs[0]
    links = join(el("p", el("a", ui("edition_link", lang),
                            href=f"{lang}/index.html", hreflang=lang)) for lang in langs)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={first}/index.html\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">"
            "<title>城市卫生健康规划目标对比 · Chinese city health-system targets</title>"
            "<link rel=\"stylesheet\" href=\"assets/site.css\"></head>\n"
            f"<body><main>{links}</main></body>\n</html>\n")


def _prepare_out(out: Path) -> None:
    """The site folder; refuse to write into a folder that holds something else."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site written by `python -m analysis site`; "
                        "choose another --out or remove it")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m analysis site; files it did not write "
                              "are removed on every run\n", encoding="utf-8")


def _sweep(out: Path, written: set[str]) -> int:
    """Remove files (and then empty folders) this run did not write: pages of cities,
    indicators or documents that left the store.  Dot files at the top (the marker,
    Make's stamp) stay."""
    removed = 0
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in written and not ("/" not in rel and rel.startswith(".")):
            path.unlink()
            removed += 1
    return removed


@dataclass
class _EditionResult:
    pages: Counter
    largest_page: tuple[str, int]
    text_mismatches: int
    missing_texts: int
    written: list[str]
    changed: int


_DATA: SiteData | None = None  # the store's content, shared with forked edition writers


def _write_edition(out: Path, lang: str, downloads: list[tuple[str, str, str]],
                   figures: tuple[dict, dict], langs: tuple[str, ...]) -> _EditionResult:
    """Every page of one edition into ``out/<lang>/``, counting pages and the largest."""
    assert _DATA is not None
    charts = [("figures", Path(p).name, p)
              for stem in sorted(figures[0])
              for p in (figures[0][stem], figures[1].get(stem)) if p]
    ed = Edition(_DATA, lang, figures=figures[0], figures_svg=figures[1],
                 downloads=[*downloads, *charts], langs=langs)
    result = _EditionResult(Counter(), ("", 0), 0, 0, [], 0)
    made: set[Path] = set()
    for rel, html in edition_pages(ed):
        body = html.encode("utf-8")
        result.changed += _put(out, f"{lang}/{rel}", body, made)
        result.written.append(f"{lang}/{rel}")
        kind = rel.split("/", 1)[0] if "/" in rel else rel.removesuffix(".html")
        result.pages[f"{lang}/{kind}"] += 1
        if len(body) > result.largest_page[1]:
            result.largest_page = (f"{lang}/{rel}", len(body))
    result.text_mismatches = ed.text_mismatches
    result.missing_texts = ed.missing_texts
    return result


def _write_editions(data: SiteData, out: Path, langs: tuple[str, ...],
                    downloads: list[tuple[str, str, str]],
                    figures: dict[str, tuple[dict, dict]]) -> list[_EditionResult]:
    """The editions, one process each when the machine has the cores (fork shares ``data``)."""
    global _DATA
    _DATA = data
    tasks = [(out, lang, downloads, figures[lang], langs) for lang in langs]
    try:
        if len(tasks) > 1 and (os.cpu_count() or 1) > 1 and len(data.documents) >= PARALLEL_FROM \
                and \
                "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=len(tasks), mp_context=ctx) as pool:
                return list(pool.map(_write_edition, *zip(*tasks, strict=True)))
        return [_write_edition(*task) for task in tasks]
    finally:
        _DATA = None


def build_site(db: Path | str = paths.STORE, out: Path | str = OUTPUT,
               langs: tuple[str, ...] = LANGS, figures: Path | str | None = paths.FIGURES,
               workbook: Path | str | None = paths.WORKBOOK,
               exports: Path | str | None = EXPORTS) -> SiteReport:
    """Write the site for ``langs`` from the store ``db`` into ``out``.

    Pages already up to date are left alone; files of an earlier run that are no
    longer part of the site are removed.
    """
    bad = [lang for lang in langs if lang not in LANGS]
    if bad or not langs:
        raise ValueError(f"lang must be among {LANGS}, not {bad or langs!r}")
    out = Path(out)
    data = load(db)
    _prepare_out(out)
    report = SiteReport(out)
    written: set[str] = set()
    _put(out, "assets/site.css", CSS.lstrip().encode("utf-8"))
    written.add("assets/site.css")
    figure_dir = Path(figures) if figures is not None else None
    per_lang = {lang: _copy_figures(figure_dir, out, lang, written) for lang in langs}
    downloads = _copy_downloads(out, Path(workbook) if workbook else None,
                                Path(exports) if exports else None, written)
    for result in _write_editions(data, out, langs, downloads, per_lang):
        report.pages.update(result.pages)
        report.text_mismatches += result.text_mismatches
        report.missing_texts = max(report.missing_texts, result.missing_texts)
        report.changed += result.changed
        written.update(result.written)
        if result.largest_page[1] > report.largest_page[1]:
            report.largest_page = result.largest_page
    _put(out, "index.html", _root_index(langs).encode("utf-8"))
    written.add("index.html")
    report.copied = [d[2] for d in downloads] + sorted(
        {p for png, svg in per_lang.values() for p in (*png.values(), *svg.values())})
    report.removed = _sweep(out, written)
    return report


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
    print(f"{report.n_pages} pages ({report.changed} written, the rest unchanged; "
          f"{report.removed} old files removed), {len(report.copied)} files to download, "
          f"largest page {name} ({size / 1024:.0f} KB) -> {report.out}/index.html "
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
    s.add_argument("--out", default=str(OUTPUT), help="site folder (files it did not write "
                                                      "are removed)")
    s.add_argument("--lang", default=None, choices=LANGS,
                   help="only this edition (default: both)")
    s.add_argument("--figures", default=str(paths.FIGURES),
                   help="charts to copy in (PNG + SVG; <dir>/en for the English edition)")
    s.add_argument("--workbook", default=str(paths.WORKBOOK), help="workbook to offer")
    s.add_argument("--exports", default=str(EXPORTS), help="open-data exports to offer")
    s.set_defaults(func=_cmd_site)
