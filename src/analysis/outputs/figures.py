"""Every chart of the briefing, as matplotlib Figures and as PNG + SVG files.

``write_figures(db, out_dir)`` (and ``python -m analysis figures``) writes the
whole set without starting Jupyter; the notebooks call the same chart
functions.  Each chart function takes the store (a path, an open DuckDB
connection, or a ``StoreData`` loaded once with ``load``) plus ``lang``
('zh' | 'en'), ``regions``, ``target_year`` and ``top_n``, and returns a
``matplotlib.figure.Figure`` (not registered with pyplot, so nothing leaks).

Conventions shared by all charts:

* one theme (``chart_style.apply_theme``), one colour per city everywhere
  (``chart_style.city_colors`` over *all* cities of the store), categorical
  colours (more / less ambitious, set / not set) from ``chart_style``;
* reference goals, the latest national actual and the peer median are drawn
  as labelled *reference rows* under the city bars (a marker with its value,
  the goal continuing as a vertical line across the bars), so a label can
  never collide with a bar or with another label;
* at most ``top_n`` bars per panel: with more cities the most ambitious are
  shown with the median of all of them (rankings show both ends); the
  coverage heatmap switches to one column per province;
* a header (title, what is shown) and a footnote (the documents and goal
  sources drawn, the build date from ``build_info``) on every figure;
* output is deterministic: same store, same files, byte for byte (fixed SVG
  hash salt, no dates in metadata, stable sort orders).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import gc
import math
import multiprocessing as mp
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, Transform

from analysis import paths
from analysis.compare import views as compare
from analysis.compare.findings import findings_text
from analysis.compare.names import Names
from analysis.extract.codebook import Codebook
from analysis.outputs import labels, mpltext
from analysis.outputs import style as cs
from analysis.store.schema import StoreError, connect

LANGS = ("zh", "en")
TOP_N = 15  # bars per panel
HEATMAP_TOP_N = 30  # city columns in the coverage heatmap before it switches to provinces
SVG_HASHSALT = "health-targets"

TITLE_PT, SUBTITLE_PT, FOOT_PT = 14.0, 10.0, 7.5
ANNUAL = -1  # sort/group key for annual targets (no target year)

Regions = str | Iterable[str] | None
Years = int | Iterable[int] | None


# --- the data every chart reads (loaded once) ------------------------------------------


# The views the charts read (the biggest first), and the store's own tables beside them.
_VIEWS = ("city_vs_goals", "goal_status", "city_targets", "coverage", "cities",
          "effective_goals", "latest_national_actuals", "ambition_index", "goal_summary")
# every extracted target, mapped or not (the corpus tables; no chart draws it)
_RAW_TARGETS = """
        SELECT t.target_id, t.doc_id, d.region, t.indicator_id, t.indicator_text, t.value,
               t.value_high, t.unit, t.comparator, t.kind, t.target_year, t.quote,
               t.char_start, t.char_end, t.value_text, t.method
        FROM targets t JOIN documents d ON d.doc_id = t.doc_id
        ORDER BY d.region NULLS LAST, t.doc_id, t.char_start, t.target_id"""
_QUERIES = {
    "documents": """
        SELECT d.doc_id, d.file_name, d.region, d.level, d.province, d.issuer, d.title,
               d.doc_number, d.issued_on,
               count(t.target_id) AS n_targets, count(t.indicator_id) AS n_mapped
        FROM documents d LEFT JOIN targets t ON t.doc_id = d.doc_id
        GROUP BY ALL ORDER BY d.region NULLS LAST, d.issued_on NULLS LAST, d.doc_id""",
    "indicators": "SELECT * FROM indicators ORDER BY rowid",
}


def _read_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every view and table the charts read (two at a time: ``compare.read_concurrently``)."""
    def query(sql: str) -> Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]:
        return lambda cursor: cursor.execute(sql).df()

    return compare.read_concurrently(con, {
        **{name: functools.partial(compare.read_view, view=name) for name in _VIEWS},
        **{name: query(sql) for name, sql in _QUERIES.items()}})


@dataclass(frozen=True)
class StoreData:
    """What the charts read from a store, loaded once; ``filtered`` narrows it.

    ``colors`` covers every city of the store (not just the filtered ones), so
    a city keeps its colour whatever subset a chart shows.
    """

    documents: pd.DataFrame
    indicators: pd.DataFrame
    cities: pd.DataFrame
    targets: pd.DataFrame  # compare.city_targets
    vs_goals: pd.DataFrame  # compare.city_vs_goals
    coverage: pd.DataFrame  # compare.coverage (a status per city x indicator)
    goal_summary: pd.DataFrame  # compare.goal_summary (statuses counted per goal)
    goal_status: pd.DataFrame  # compare.goal_status (a status per city x goal)
    ambition: pd.DataFrame  # compare.ambition_index
    goals: pd.DataFrame  # effective goals (one per scope x indicator x year)
    actuals: pd.DataFrame  # latest national actual per indicator
    built_on: str
    colors: dict[str, str]
    region_en: dict[str, str]
    regions: tuple[str, ...] | None = None
    target_year: tuple[int, ...] | None = None
    source: Path | str | duckdb.DuckDBPyConnection | None = None  # the store it was read from

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection) -> StoreData:
        views = _read_frames(con)
        built_on = "?"
        present = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "build_info" in present:
            row = con.execute("SELECT value FROM build_info WHERE key = 'built_on'").fetchone()
            built_on = str(row[0]) if row else "?"
        cities = views["cities"]
        names_en: dict[str, str] = {}
        frames = [cities, views["city_targets"]]
        region_cols = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'regions'"
        ).fetchall()}
        registry: list[str] = []
        if {"region", "region_en"} <= region_cols:
            frames.append(con.execute("SELECT region, region_en FROM regions ORDER BY region").df())
            registry = [r for (r,) in con.execute(
                "SELECT region FROM regions ORDER BY rowid").fetchall()]
        for frame in frames:
            if "region_en" in frame:
                for region, en in zip(frame["region"], frame["region_en"], strict=True):
                    if isinstance(en, str) and en:
                        names_en.setdefault(region, en)
        return cls(
            documents=views["documents"], indicators=views["indicators"], cities=cities,
            targets=views["city_targets"], vs_goals=views["city_vs_goals"],
            coverage=views["coverage"], goal_status=views["goal_status"],
            goal_summary=views["goal_summary"],
            ambition=views["ambition_index"],
            goals=views["effective_goals"], actuals=views["latest_national_actuals"],
            built_on=built_on,
            colors=cs.city_colors(cities["region"].tolist(), registry), region_en=names_en,
        )

    def filtered(self, regions: Regions = None, target_year: Years = None) -> StoreData:
        """The same data restricted to some regions and/or target years."""
        reg = _as_tuple(regions)
        years = _as_tuple(target_year)
        if reg is None and years is None:
            return self
        out = self
        if reg is not None:
            # 潍坊 -> 潍坊市; an unknown name raises (UnknownName) instead of empty charts
            known = sorted({*self.documents["region"].dropna(), *self.region_en})
            reg = Names.build("region", (
                (r, [self.region_en[r]] if self.region_en.get(r) else [])
                for r in known), preferred=self.documents["region"].dropna()).resolve_all(reg)
            keep = set(reg)
            out = replace(
                out,
                documents=_rows(out.documents, out.documents["region"].isin(keep)),
                cities=_rows(out.cities, out.cities["region"].isin(keep)),
                targets=_rows(out.targets, out.targets["region"].isin(keep)),
                vs_goals=_rows(out.vs_goals, out.vs_goals["region"].isin(keep)),
                coverage=_rows(out.coverage, out.coverage["region"].isin(keep)),
                goal_status=_rows(out.goal_status, out.goal_status["region"].isin(keep)),
                ambition=_rows(out.ambition, out.ambition["region"].isin(keep)),
                regions=tuple(reg),
            )
        if years is not None:
            ys = {int(y) for y in years}
            out = replace(
                out,
                targets=_rows(out.targets, _year_in(out.targets, ys)),
                vs_goals=_rows(out.vs_goals, _year_in(out.vs_goals, ys)),
                goal_status=_rows(out.goal_status, _year_in(out.goal_status, ys)),
                goals=_rows(out.goals, _year_in(out.goals, ys)),
                target_year=tuple(sorted(ys)),
            )
        return out

    @functools.cached_property
    def raw_targets(self) -> pd.DataFrame:
        """Every extracted target (mapped or not), for the corpus tables: read from the
        store when first asked for (no chart draws them; a national store's 70,000 took a
        fifth of the charts' load), of the regions the data is restricted to."""
        if self.source is None:
            raise StoreError("the data was read without its store: no raw targets")
        if isinstance(self.source, duckdb.DuckDBPyConnection):
            frame = self.source.execute(_RAW_TARGETS).df()
        else:
            with connect(Path(self.source)) as con:
                frame = con.execute(_RAW_TARGETS).df()
        if self.regions is None:
            return frame
        # (the documents are those of every restriction made: a region kept by each)
        return _rows(frame, frame["region"].isin(set(self.documents["region"].dropna())))

    # -- small lookups --------------------------------------------------------------
    def region_name(self, region: str, lang: str) -> str:
        if lang == "en":
            return self.region_en.get(region, region)
        return region

    def indicator(self, indicator_id: str) -> dict[str, object]:
        row = self._indicator_rows.get(indicator_id)
        return dict(row) if row is not None else {"indicator_id": indicator_id}

    @functools.cached_property
    def _indicator_rows(self) -> dict[str, dict[str, object]]:
        """Each indicator's codebook row (the first of an id), made once: every panel,
        axis and footnote asks for names and units (a filter of the frame each time)."""
        out: dict[str, dict[str, object]] = {}
        for k in range(len(self.indicators)):
            row = self.indicators.iloc[k]
            out.setdefault(row["indicator_id"], row.to_dict())
        return out

    def indicator_name(self, indicator_id: str, lang: str) -> str:
        return cs.short_name(self.indicator(indicator_id), lang, indicator_id)

    def groups(self) -> dict[str, list[str]]:
        """Chart group -> indicator ids (the codebook's chart_group / chart_order columns)."""
        return cs.chart_groups(self.indicators.to_dict("records"))

    def unit(self, indicator_id: str, lang: str) -> str:
        return labels.indicator_unit(self.indicator(indicator_id), lang)

    def color(self, region: str) -> str:
        return self.colors.get(region, cs.PROVINCIAL_COLOR)


def _as_tuple(values: object) -> tuple | None:
    if values is None:
        return None
    if isinstance(values, str | int):
        return (values,)
    out = tuple(values)  # type: ignore[arg-type]
    return out or None


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame[mask.fillna(False).astype(bool)].reset_index(drop=True)


def _year_in(frame: pd.DataFrame, years: set[int]) -> pd.Series:
    col = frame["target_year"]
    return col.notna() & col.fillna(ANNUAL).astype("int64").isin(years)


def load(db: Path | str | duckdb.DuckDBPyConnection | StoreData = paths.STORE) -> StoreData:
    """Everything the charts need from the store, in one read (raises StoreError if absent)."""
    if isinstance(db, StoreData):
        return db
    if isinstance(db, duckdb.DuckDBPyConnection):
        return replace(StoreData.from_connection(db), source=db)
    with connect(Path(db)) as con:
        return replace(StoreData.from_connection(con), source=Path(db))


Source = Path | str | duckdb.DuckDBPyConnection | StoreData


def _data(db: Source, regions: Regions, target_year: Years) -> StoreData:
    return load(db).filtered(regions, target_year)


# --- text: widths, wrapping, numbers ----------------------------------------------------


def text_width(text: str) -> int:
    """Display width in half-em units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TEXT_TO_PATH = TextToPath()
_TOKEN = re.compile(r"[≥≤≈<>+\-−]?[\x21-\x7e]+[%号年月日张人个项级]?|\s+|.")
_NO_LINE_START = set("，。、；：？！）》」』〕】,.;:!?)%")
_NO_LINE_END = set("（《「『〔【(“")


@functools.lru_cache(maxsize=50_000)
def text_inches(text: str, fontsize: float) -> float:
    """Rendered width of ``text`` in inches with the theme's font (no figure needed)."""
    prop = FontProperties(family=list(mpl.rcParams["font.sans-serif"]), size=fontsize)
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def wrap(text: str, width: float, fontsize: float | None = None) -> list[str]:
    """Greedy wrap of mixed Chinese/Latin text.

    ``width`` is in inches at ``fontsize`` when a font size is given (measured
    with the real font), else in half-em units (``text_width``).  Latin words
    are never split unless longer than a line; Chinese breaks between
    characters, never before closing or after opening punctuation.
    """
    def measure(tok: str) -> float:
        return text_inches(tok, fontsize) if fontsize else text_width(tok)

    space = measure(" ")
    lines: list[str] = []
    for para in str(text).split("\n"):
        cur, cur_w = "", 0.0
        for tok in _TOKEN.findall(para):
            w = measure(tok)
            if tok.isspace():
                if cur:
                    cur, cur_w = cur + " ", cur_w + space
                continue
            if cur and cur_w + w > width and tok[0] not in _NO_LINE_START:
                carry = ""
                while cur and cur[-1] in _NO_LINE_END:  # keep an opening bracket with its text
                    carry, cur = cur[-1] + carry, cur[:-1]
                if cur.strip():
                    lines.append(cur.rstrip())
                    cur, cur_w = carry, (measure(carry) if carry else 0.0)
                else:
                    cur = carry
            cur, cur_w = cur + tok, cur_w + w
        lines.append(cur.rstrip())
    return lines


fmt_number = labels.fmt_number
fmt_percent = labels.fmt_percent
fmt_value = labels.fmt_value


def _year_text(year: object, lang: str) -> str:
    return labels.fmt_year(year, lang)


def _paren(text: str, lang: str) -> str:
    return labels.template("word", "paren", lang, text=text)


def _say(key: str, lang: str, **values: object) -> str:
    """A chart sentence of labels.csv (``labels.sentence``) in ``lang``."""
    return labels.sentence(key, lang, **values)


# --- figure frame: header, footnote, layout, no-data ------------------------------------


def _footnote(data: StoreData, lang: str, doc_ids: Iterable[str] = (),
              goal_ids: Iterable[str] = (), actual_indicators: Iterable[str] = (),
              note: str | None = None) -> str:
    """Sources of what a figure draws (documents, goal sources, actuals) and the build date."""
    sep, end, colon = (labels.word(k, lang) for k in ("clause_sep", "sentence_sep", "colon"))
    parts: list[str] = []
    ids = set(doc_ids)
    docs = data.documents[data.documents["doc_id"].isin(ids)] if ids else data.documents.iloc[:0]
    if len(docs):
        refs = []
        compact = len(docs) > 4
        for _, d in docs.head(6 if len(docs) > 8 else 8).iterrows():
            region = data.region_name(d["region"], lang) if isinstance(d["region"], str) else ""
            number = d["doc_number"] if isinstance(d["doc_number"], str) else ""
            title = d["title"] if isinstance(d["title"], str) else str(d["file_name"])
            if compact:
                refs.append(f"{region} {number or '《' + title + '》'}".strip())
            else:
                ref = f"{region}《{title}》"
                refs.append(ref + (_paren(number, lang) if number else ""))
        text = (labels.word("list_sep", "zh") if compact and lang == "zh" else sep).join(refs)
        if len(docs) > 8:
            text += (" " if lang == "en" else "") + cs.label("and_more", lang).format(n=len(docs))
        parts.append(cs.label("sources", lang) + colon + text)
    gids = set(goal_ids)
    if gids:
        goals = data.goals[data.goals["goal_id"].isin(gids)]
        seen: list[str] = []
        for _, g in goals.sort_values(["scope_level", "source_title", "goal_id"]).iterrows():
            title = g["source_title"] if isinstance(g["source_title"], str) else ""
            number = g["doc_number"] if isinstance(g["doc_number"], str) else ""
            ref = f"《{title}》" + (f"{number}" if number else "") if title else number
            if ref and ref not in seen:
                seen.append(ref)
        if seen:
            parts.append(cs.label("goal_sources", lang) + colon + sep.join(seen[:6])
                         + ("…" if len(seen) > 6 else ""))
    aids = set(actual_indicators)
    if aids:
        acts = data.actuals[data.actuals["indicator_id"].isin(aids)]
        titles = sorted({t for t in acts["source_title"] if isinstance(t, str)})
        if titles:
            parts.append(cs.label("actual_source", lang) + colon + sep.join(titles[:4]))
    if note:
        parts.append(note)
    parts.append(cs.label("built_label", lang) + colon + data.built_on)
    return end.join(p.rstrip("。. ") for p in parts) + labels.word("full_stop", lang)


def _bold(color: str = "black", width: float = 0.7) -> list:
    """A stroke that thickens regular CJK glyphs (the CJK font has no bold face)."""
    return [patheffects.withStroke(linewidth=width, foreground=color)]


def _finish(fig: Figure, title: str, subtitle: str | None, footnote: str,
            legend: Sequence[Patch] | None = None) -> Figure:
    """Add header, legend and footnote bands and lay the axes out between them."""
    width, body_h = fig.get_size_inches()
    text_w = width - 0.35
    title_lines = wrap(title, text_w * 0.97, TITLE_PT)
    sub_lines = wrap(subtitle, text_w * 0.97, SUBTITLE_PT) if subtitle else []
    foot_lines = wrap(footnote, text_w * 0.97, FOOT_PT)
    top_pad, gap = 0.14, 0.06
    head_h = top_pad + len(title_lines) * TITLE_PT * 1.3 / 72
    if sub_lines:
        head_h += gap + len(sub_lines) * SUBTITLE_PT * 1.35 / 72
    head_h += 0.12
    foot_h = 0.12 + len(foot_lines) * FOOT_PT * 1.4 / 72 + 0.08
    legend_h = 0.36 if legend else 0.0
    height = body_h + head_h + foot_h + legend_h
    fig.set_size_inches(width, height)
    x0 = 0.16 / width
    y = 1 - top_pad / height
    fig.text(x0, y, "\n".join(title_lines), ha="left", va="top", fontsize=TITLE_PT,
             linespacing=1.15, path_effects=_bold())
    if sub_lines:
        y -= (len(title_lines) * TITLE_PT * 1.3 / 72 + gap) / height
        fig.text(x0, y, "\n".join(sub_lines), ha="left", va="top", fontsize=SUBTITLE_PT,
                 color="#444444", linespacing=1.25)
    fig.text(x0, 0.08 / height, "\n".join(foot_lines), ha="left", va="bottom",
             fontsize=FOOT_PT, color="#555555", linespacing=1.3)
    if legend:
        fig.legend(handles=list(legend), loc="lower center", ncols=len(legend),
                   bbox_to_anchor=(0.5, (foot_h + 0.02) / height), frameon=False, fontsize=9,
                   handlelength=1.6, columnspacing=1.8)
    bottom = foot_h + legend_h
    fig.set_layout_engine(ConstrainedLayoutEngine(
        rect=(0.0, bottom / height, 1.0, 1 - (head_h + bottom) / height),
        h_pad=0.06, w_pad=0.08, hspace=0.04, wspace=0.04))
    return fig


def _new_figure(width: float, body_height: float) -> Figure:
    cs.apply_theme()
    return Figure(figsize=(width, max(body_height, 1.0)), dpi=100)


def no_data_figure(data: StoreData, lang: str, title: str, message: str) -> Figure:
    """A small figure saying there is nothing to draw (so every file always exists)."""
    fig = _new_figure(9, 1.6)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, "\n".join(wrap(message, 8.4, 12)), ha="center", va="center",
            fontsize=12, color="#555555", transform=ax.transAxes, linespacing=1.6)
    return _finish(fig, title, cs.label("no_data", lang), _footnote(data, lang))


def _style_axes(ax, xlabel: str) -> None:
    ax.set_xlabel(xlabel, fontsize=10)
    ax.tick_params(axis="y", labelsize=9.5, length=0)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# --- reference-row bar panels -------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: float
    color: str
    text: str


@dataclass
class RefRow:
    """A labelled reference under the bars: marker + value; ``line`` continues it upward."""

    label: str
    value: float
    text: str
    color: str
    marker: str
    line: str | None = None  # linestyle of the vertical line across the bars, or None


REF_STYLE = {
    "national": dict(color=cs.NATIONAL_COLOR, marker="D", line="-"),
    "national_other": dict(color=cs.NATIONAL_COLOR, marker="d", line=":"),
    "provincial": dict(color=cs.PROVINCIAL_COLOR, marker="s", line="--"),
    "actual": dict(color=cs.ACTUAL_COLOR, marker="o", line=None),
    "median": dict(color=cs.MEDIAN_COLOR, marker="P", line=None),
}


def _ref(kind: str, label: str, value: float, text: str) -> RefRow:
    return RefRow(label=label, value=float(value), text=text, **REF_STYLE[kind])  # type: ignore[arg-type]


def _bar_positions(n: int, gap_after: int | None) -> tuple[list[float], float]:
    """y of each bar, top to bottom, with one empty slot after bar ``gap_after``
    (where a ranking skips from its top to its bottom rows); and the next free y."""
    ys: list[float] = []
    y = 0.0
    for i in range(n):
        ys.append(y)
        y += 1.0
        if gap_after is not None and i == gap_after:
            y += 1.0
    return ys, y


def _draw_bars(ax, bars: Sequence[Bar], refs: Sequence[RefRow], xlabel: str,
               gap_after: int | None = None, gap_text: str | None = None,
               x_origin: float = 0.0, n_slots: int | None = None) -> None:
    """Horizontal bars (top to bottom) and reference rows below them."""
    ys, y = _bar_positions(len(bars), gap_after)
    gap_y = ys[gap_after] + 1.0 if gap_after is not None and gap_after < len(bars) - 1 else None
    values = [b.value for b in bars]
    ax.barh(ys, [v - x_origin for v in values], left=x_origin, height=0.68,
            color=[b.color for b in bars], zorder=2, edgecolor="none")
    ref_ys = [y + 0.35 + j for j in range(len(refs))]
    everything = values + [r.value for r in refs] + [x_origin]
    hi = max(everything)
    span = hi - min(0.0, *everything) or 1.0
    pad = span * 0.02
    for yy, b in zip(ys, bars, strict=True):
        ax.text(b.value + pad, yy, b.text, va="center", ha="left", fontsize=9, zorder=4,
                color="#222222")
    for yy, r in zip(ref_ys, refs, strict=True):
        if r.line:
            ax.plot([r.value, r.value], [-0.6, yy], color=r.color, linestyle=r.line,
                    linewidth=1.4, zorder=3)
        ax.plot([r.value], [yy], marker=r.marker, color=r.color, markersize=7, zorder=5,
                linestyle="none")
        ax.text(r.value + pad * 1.5, yy, r.text, va="center", ha="left", fontsize=9,
                color=r.color, zorder=5)
    if refs:
        ax.axhline((ys[-1] if ys else -1) + 0.75, color="#BBBBBB", linewidth=0.8, zorder=1)
    if gap_y is not None and gap_text:
        ax.text(0.5, gap_y, gap_text, transform=ax.get_yaxis_transform(), ha="center",
                va="center", fontsize=8.5, color="#777777", style="italic")
    ticks = ys + ref_ys
    labels = [b.label for b in bars] + [r.label for r in refs]
    ax.set_yticks(ticks, labels)
    for tick, r in zip(ax.get_yticklabels()[len(bars):], refs, strict=True):
        tick.set_color(r.color)
    bottom = (ref_ys[-1] if ref_ys else (ys[-1] if ys else 0)) + 0.6
    if n_slots is not None:  # same bar thickness as the neighbouring panels
        bottom = max(bottom, n_slots - 0.4)
    ax.set_ylim(bottom, -0.6)
    # room on the right for the longest value label (measured in data units)
    longest = max([text_width(b.text) for b in bars] + [text_width(r.text) for r in refs] + [4])
    ax.set_xlim(min(0.0, x_origin), hi + span * (0.06 + 0.018 * longest))
    _style_axes(ax, xlabel)


def _label_width_units(labels: Iterable[str]) -> int:
    return max([text_width(x) for x in labels] + [6])


# --- chart: documents and targets (corpus) ---------------------------------------------


def corpus_overview(db: Source = paths.STORE, lang: str = "zh", regions: Regions = None,
                    target_year: Years = None, top_n: int = TOP_N) -> Figure:
    """Targets extracted per document, mapped to an indicator or not (top ``top_n`` documents)."""
    data = _data(db, regions, None)
    title = cs.label("corpus_title", lang)
    docs = data.documents
    if docs.empty:
        return no_data_figure(data, lang, title,
                              cs.label("no_data", lang) + cs.label("no_documents", lang))
    docs = docs.sort_values(["n_targets", "region", "doc_id"], ascending=[False, True, True],
                            na_position="last", kind="stable")
    shown = docs.head(top_n)
    n_docs, n_t, n_m = len(docs), int(docs["n_targets"].sum()), int(docs["n_mapped"].sum())
    pct = fmt_percent(n_m / n_t) if n_t else fmt_percent(0)
    subtitle = _say("corpus_subtitle", lang, n_docs=n_docs, n_targets=n_t, n_mapped=n_m,
                    pct=pct)
    if n_docs > top_n:
        subtitle += _say("corpus_shown", lang, top_n=top_n)
    labels = []
    for _, d in shown.iterrows():
        region = data.region_name(d["region"], lang) if isinstance(d["region"], str) else "?"
        ident = d["doc_number"] if isinstance(d["doc_number"], str) else (
            d["title"] if isinstance(d["title"], str) else d["file_name"])
        labels.append("\n".join(wrap(f"{region} · {ident}", 34)))
    fig = _new_figure(10, 0.42 * len(shown) + 1.6)
    ax = fig.add_subplot()
    ys = np.arange(len(shown))
    colors = [data.color(r) if isinstance(r, str) else cs.PROVINCIAL_COLOR
              for r in shown["region"]]
    mapped = shown["n_mapped"].to_numpy(dtype=float)
    total = shown["n_targets"].to_numpy(dtype=float)
    ax.barh(ys, mapped, color=colors, height=0.68, zorder=2)
    ax.barh(ys, total - mapped, left=mapped, color=colors, alpha=0.3, height=0.68, zorder=2,
            hatch="///", edgecolor="white", linewidth=0)
    hi = max(total.max(), 1.0)
    for y, m, t in zip(ys, mapped, total, strict=True):
        text = _say("corpus_bar", lang, n_targets=int(t), n_mapped=int(m))
        ax.text(t + hi * 0.01, y, text, va="center", ha="left", fontsize=9)
    ax.set_yticks(ys, labels)
    ax.set_ylim(len(shown) - 0.4, -0.6)
    ax.set_xlim(0, hi * 1.3)
    _style_axes(ax, cs.label("n_targets", lang) + _paren(cs.label("count_unit", lang), lang))
    legend = [Patch(color="#555555", label=cs.label("mapped", lang)),
              Patch(facecolor="#555555", alpha=0.3, hatch="///", edgecolor="white",
                    label=cs.label("unmapped", lang))]
    return _finish(fig, title, subtitle, _footnote(data, lang, shown["doc_id"]), legend)


# --- chart: coverage heatmap ------------------------------------------------------------

# cell colour and legend key per heatmap code (the coverage view's statuses)
HEAT_STATUSES = (("#FFFFFF", "not applicable"), (cs.UNSET_COLOR, "not addressed"),
                 (cs.GOAL_UNSET_COLOR, "not addressed; a goal exists"),
                 ("#8FD1B8", "set in words"), (cs.SET_COLOR, "set"))


_HEAT_FIELDS = ("status", "target_years", "leaves_goal_unaddressed")


def _coverage_cells(coverage: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    """(region, indicator) -> the coverage row's fields a cell draws, read column by column
    (a national store has tens of thousands of rows: a dict per row from pandas took
    most of the heatmap's time)."""
    columns = [coverage[c].tolist() for c in ("region", "indicator_id", *_HEAT_FIELDS)]
    return {(region, ind): dict(zip(_HEAT_FIELDS, rest, strict=True))
            for region, ind, *rest in zip(*columns, strict=True)}


def _set_cells(coverage: pd.DataFrame) -> set[tuple[str, str]]:
    """(region, indicator) of the coverage rows whose status is "set" (what the heatmap by
    province counts: no row of a national store's tens of thousands made a dict)."""
    return {(region, ind) for region, ind, status in zip(
        coverage["region"].tolist(), coverage["indicator_id"].tolist(),
        coverage["status"].tolist(), strict=True) if status == "set"}


def _heat_cell(rec: dict | None, lang: str) -> tuple[int, str]:
    """(heatmap code, cell text) of a coverage row: the status drawn, the years written."""
    if rec is None:
        return 1, ""
    status = rec["status"]
    if status == "set":
        years = str(rec["target_years"] or "").split(",")
        first = years[0]
        text = labels.label("annual", lang) if first == "annual" else first
        return 4, text + ("+" if len(years) > 1 else "")
    if status == "set in words":
        return 3, cs.label("heat_in_words", lang)
    if status == "not applicable":
        return 0, cs.label("heat_not_applicable", lang)
    return (2 if rec["leaves_goal_unaddressed"] else 1), ""



def coverage_heatmap(db: Source = paths.STORE, lang: str = "zh", regions: Regions = None,
                     target_year: Years = None, top_n: int = HEATMAP_TOP_N) -> Figure:
    """Which core indicators each city set (cities as columns); by province beyond ``top_n``."""
    data = _data(db, regions, target_year)
    title = cs.label("coverage_title", lang)
    cities = data.cities
    core = data.indicators[data.indicators["core"].fillna(False).astype(bool)]
    if cities.empty or core.empty:
        return no_data_figure(data, lang, title,
                              cs.label("no_data", lang) + cs.label("no_city_documents", lang))
    ind_ids = core["indicator_id"].tolist()
    row_labels = [data.indicator_name(i, lang) for i in ind_ids]
    targets = data.targets[data.targets["indicator_id"].isin(ind_ids)]
    # the statuses are the coverage view's (compare), only drawn here
    set_cells = _set_cells(data.coverage)
    year_note = ""
    if data.target_year:
        year_note = _say("target_year_note", lang, years=labels.word("list_sep", lang).join(
            map(str, data.target_year)))
    by_province = len(cities) > top_n
    if not by_province:
        cov = _coverage_cells(data.coverage)
        counts = {r: sum(1 for i in ind_ids if (r, i) in set_cells) for r in cities["region"]}
        cols = sorted(cities["region"], key=lambda r: (-counts[r], r))
        col_labels = [data.region_name(r, lang) for r in cols]
        status = np.zeros((len(ind_ids), len(cols)))
        notes = [["" for _ in cols] for _ in ind_ids]
        for i, ind in enumerate(ind_ids):
            for j, region in enumerate(cols):
                rec = cov.get((region, ind))
                code, note = _heat_cell(rec, lang)
                status[i, j], notes[i][j] = code, note
        subtitle = _say("coverage_subtitle", lang, n_cities=len(cols), n_indicators=len(ind_ids))
    else:
        prov = cities["province"].where(cities["province"].notna(),
                                         cs.label("province_unknown", lang))
        city_prov = dict(zip(cities["region"], prov, strict=True))
        sizes = prov.value_counts()
        cols = sorted(sizes.index, key=lambda p: (-sizes[p], p))[:top_n]
        col_labels = [f"{p} ({sizes[p]})" for p in cols]
        status = np.zeros((len(ind_ids), len(cols)))
        notes = [["" for _ in cols] for _ in ind_ids]
        members_of: dict[str, list[str]] = {}
        for r, q in city_prov.items():
            members_of.setdefault(q, []).append(r)
        for i, ind in enumerate(ind_ids):
            for j, p in enumerate(cols):
                members = members_of[p]
                share = sum(1 for r in members if (r, ind) in set_cells) / len(members)
                status[i, j] = share
                # a heatmap cell has room for a whole percent only
                notes[i][j] = fmt_number(100 * share, places=0) if share else ""
        n_prov = len(sizes)
        subtitle = _say("coverage_by_province", lang, n_cities=len(cities))
        if n_prov > top_n:
            subtitle += _say("coverage_provinces_shown", lang, top_n=top_n, n_provinces=n_prov)
    if year_note:
        subtitle += labels.word("clause_sep", lang) + year_note
    label_w = _label_width_units(row_labels) * 9.5 / 2 / 72 + 0.4
    col_w = 0.62 if not by_province else 0.5
    fig = _new_figure(max(7.5, label_w + col_w * len(cols) + 1.4), 0.3 * len(ind_ids) + 2.2)
    ax = fig.add_subplot()
    if not by_province:
        cmap = mpl.colors.ListedColormap([c for c, _ in HEAT_STATUSES])
        ax.imshow(status, cmap=cmap, vmin=-0.5, vmax=len(HEAT_STATUSES) - 0.5, aspect="auto",
                  interpolation="none")
    else:
        # no colour bar: every cell carries its percentage
        ax.imshow(status, cmap="Blues", vmin=0, vmax=1.15, aspect="auto", interpolation="none")
    for i in range(len(ind_ids)):
        for j in range(len(cols)):
            if notes[i][j]:
                dark = (not by_province and status[i, j] >= 3) or (
                    by_province and status[i, j] > 0.6)
                ax.text(j, i, notes[i][j], ha="center", va="center", fontsize=7.5,
                        color="white" if dark else "#333333")
    ax.set_yticks(range(len(ind_ids)), row_labels, fontsize=9)
    rotate = max(text_width(c.split("\n")[0]) for c in col_labels) > 8
    ax.set_xticks(range(len(cols)), col_labels, fontsize=9, rotation=45 if rotate else 0,
                  ha="right" if rotate else "center", rotation_mode="anchor" if rotate else None)
    ax.xaxis.tick_top() if not rotate else None
    ax.set_xticks(np.arange(-0.5, len(cols)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(ind_ids)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    legend = None
    if not by_province:
        legend = [Patch(facecolor=color, edgecolor="#BBBBBB", linewidth=0.5,
                        label=labels.label(key, lang)) for color, key in HEAT_STATUSES[::-1]]
    return _finish(fig, title, subtitle, _footnote(data, lang, targets["doc_id"]), legend)


# --- chart: cities side by side per indicator family -------------------------------------


def _pick_year(rows: pd.DataFrame) -> int:
    """The target year most cities set (ties: the latest); ANNUAL when only annual targets."""
    keys = rows["target_year"].fillna(ANNUAL).astype("int64")
    counts = keys.value_counts()
    best = max(counts.index, key=lambda y: (counts[y], y != ANNUAL, y))
    return int(best)


def _family_panel(data: StoreData, ind: str, lang: str, top_n: int,
                  ) -> tuple[list[Bar], list[RefRow], str, str, dict[str, list]]:
    rows = data.targets[data.targets["indicator_id"] == ind]
    year = _pick_year(rows)
    rows = rows[rows["target_year"].fillna(ANNUAL).astype("int64") == year]
    info = data.indicator(ind)
    lower = info.get("direction") == "lower"
    unit = info.get("unit") if isinstance(info.get("unit"), str) else None
    rows = rows.assign(_key=rows["compare_value"] * (1 if lower else -1))
    rows = rows.sort_values(["_key", "region"], kind="stable")
    n_all = len(rows)
    shown = rows.head(top_n)
    bars = [Bar(label=data.region_name(r["region"], lang), value=float(r["compare_value"]),
                color=data.color(r["region"]),
                text=fmt_value(r["value"], unit, r["comparator"], r["value_high"]))
            for _, r in shown.iterrows()]
    refs: list[RefRow] = []
    used_goals: list[str] = []
    goals = data.goals[data.goals["indicator_id"] == ind]
    nat = goals[goals["scope_level"] == "national"].copy()
    if len(nat):
        nat["_dist"] = (nat["target_year"].fillna(ANNUAL).astype("int64") - year).abs()
        nat = nat.sort_values(["_dist", "target_year"], kind="stable").head(3)
        nat = nat.sort_values("target_year", kind="stable")
        for _, g in nat.iterrows():
            same = (g["target_year"] if not pd.isna(g["target_year"]) else ANNUAL) == year
            refs.append(_ref("national" if same else "national_other",
                             cs.label("national_goal", lang) + _paren(
                                 _year_text(g["target_year"], lang), lang),
                             g["compare_value"],
                             fmt_value(g["value"], unit, g["comparator"], g["value_high"])))
            used_goals.append(g["goal_id"])
    provinces = sorted({p for p in shown["province"] if isinstance(p, str)})
    prov = goals[(goals["scope_level"] == "provincial") & goals["scope"].isin(provinces)].copy()
    if len(prov):
        prov["_same"] = prov["target_year"].fillna(ANNUAL).astype("int64") != year
        prov = prov.sort_values(["_same", "scope", "target_year"], kind="stable").head(4)
        for _, g in prov.iterrows():
            scope = g["scope"] if lang == "zh" else data.region_en.get(g["scope"], g["scope"])
            name = _say("provincial_goal_name", lang, scope=scope,
                        year=_year_text(g["target_year"], lang))
            refs.append(_ref("provincial", name, g["compare_value"],
                             fmt_value(g["value"], unit, g["comparator"], g["value_high"])))
            used_goals.append(g["goal_id"])
    act = data.actuals[data.actuals["indicator_id"] == ind]
    used_actuals: list[str] = []
    if len(act):
        a = act.iloc[0]
        refs.append(_ref("actual", cs.label("actual_label", lang).format(
            year=_year_text(a["data_year"], lang).removesuffix("年")),
            a["value"], fmt_value(a["value"], unit)))
        used_actuals.append(ind)
    if len(shown) < n_all:
        med = float(rows["compare_value"].median())
        refs.append(_ref("median", cs.label("median_all", lang).format(n=n_all), med,
                         fmt_value(med, unit)))
    panel_title = data.indicator_name(ind, lang) + _paren(_year_text(year, lang), lang)
    if lower:
        panel_title += cs.label("lower_is_better_suffix", lang)
    unit_text = data.unit(ind, lang)
    xlabel = cs.label("target_axis", lang) + (_paren(unit_text, lang) if unit_text else "")
    used = {"docs": shown["doc_id"].tolist(), "goals": used_goals, "actuals": used_actuals,
            "n_all": [n_all], "n_shown": [len(shown)]}
    return bars, refs, panel_title, xlabel, used


def family_chart(db: Source = paths.STORE, family: str = "beds", lang: str = "zh",
                 regions: Regions = None, target_year: Years = None,
                 top_n: int = TOP_N) -> Figure:
    """Cities side by side for one chart group (the codebook's ``chart_group`` column).

    One panel per indicator that cities set: a bar per city (most ambitious
    first), national and provincial goals as labelled lines, the latest national
    actual as a labelled marker, the median of all cities when not all are shown.
    """
    data = _data(db, regions, target_year)
    groups = data.groups()
    if family not in groups:
        raise ValueError(f"unknown chart group {family!r}; one of {sorted(groups)}")
    title = cs.group_title(family, lang)
    ids = groups[family]
    set_ids, goal_ids = set(data.targets["indicator_id"]), set(data.goals["indicator_id"])
    with_targets = [i for i in ids if i in set_ids]
    goal_only = [i for i in ids if i not in with_targets and i in goal_ids]
    missing_note = ""
    if goal_only:
        names = labels.word("list_sep", lang).join(data.indicator_name(i, lang)
                                                   for i in goal_only)
        missing_note = _say("goal_only_note", lang, names=names)
    if not with_targets:
        msg = cs.label("no_data", lang) + cs.label("no_city_sets_group", lang)
        return no_data_figure(data, lang, title, msg + ("\n" + missing_note if missing_note
                                                        else ""))
    panels = [_family_panel(data, i, lang, top_n) for i in with_targets]
    ncols = 1 if len(panels) == 1 else 2
    nrows = math.ceil(len(panels) / ncols)
    heights, slots = [], []
    for r in range(nrows):
        chunk = panels[r * ncols:(r + 1) * ncols]
        slots.append(max(len(p[0]) + len(p[1]) for p in chunk))
        heights.append(slots[-1] * 0.36 + 1.25)
    width = 7.5 if ncols == 1 else 13
    fig = _new_figure(width, sum(heights))
    grid = fig.add_gridspec(nrows, ncols, height_ratios=heights)
    docs: list[str] = []
    goals: list[str] = []
    actuals: list[str] = []
    truncated = False
    n_cities = 0
    for k, (bars, refs, ptitle, xlabel, used) in enumerate(panels):
        ax = fig.add_subplot(grid[k // ncols, k % ncols])
        _draw_bars(ax, bars, refs, xlabel, n_slots=slots[k // ncols])
        panel_w = width / ncols - 2.2
        # y=1.0 (where matplotlib starts it anyway): the ticks are at the bottom, so the
        # title stays there, and saying so spares matplotlib its search for overlapping
        # tick labels over every panel at every draw (5.1 of 35.7 s of profiled drawing).
        ax.set_title("\n".join(wrap(ptitle, panel_w, 11)), fontsize=11, y=1.0,
                     loc="left", path_effects=_bold(width=0.5))
        docs += used["docs"]
        goals += used["goals"]
        actuals += used["actuals"]
        truncated |= used["n_shown"][0] < used["n_all"][0]
        n_cities = max(n_cities, used["n_all"][0])
    subtitle = _say("family_subtitle", lang)
    if truncated:
        subtitle += _say("family_shown", lang, top_n=top_n, n_cities=n_cities)
    if missing_note:
        subtitle += labels.word("sentence_sep", lang) + missing_note
    return _finish(fig, title, subtitle, _footnote(data, lang, docs, goals, actuals))


# --- chart: gaps to goals (diverging) ------------------------------------------------------


def _extremes(frame: pd.DataFrame, top_n: int) -> tuple[pd.DataFrame, int | None, int]:
    """Rows already sorted best-first; keep both ends when there are more than ``top_n``.

    Returns (rows, index of the last row before the elision or None, rows hidden).
    """
    if len(frame) <= top_n:
        return frame, None, 0
    k = math.ceil(top_n / 2)
    top, bottom = frame.head(k), frame.tail(top_n - k)
    return pd.concat([top, bottom]), k - 1, len(frame) - top_n


def gap_table(db: Source = paths.STORE, regions: Regions = None, target_year: Years = None,
              reference_level: str = "national") -> pd.DataFrame:
    """Comparable city targets vs goals with the direction-aware relative gap (%), best first.

    ``gap_pct`` = (city − goal) ÷ |goal| × 100, sign flipped for lower-is-better
    indicators, so positive always means more ambitious than the goal.
    """
    data = _data(db, regions, target_year)
    return _gap_rows(data, reference_level)


def _gap_rows(data: StoreData, reference_level: str) -> pd.DataFrame:
    v = data.vs_goals
    v = v[(v["reference_level"] == reference_level) & v["verdict"].isin(compare.COMPARABLE)
          & (v["goal_match"] == "same year")]
    v = v[v["goal_compare_value"].fillna(0) != 0].copy()
    v["gap_pct"] = (v["gap_rel_directed"] * 100).round(6)  # the view's gap, in percent
    v = v.sort_values(["gap_pct", "region", "indicator_id", "target_year"],
                      ascending=[False, True, True, True], kind="stable")
    return v.reset_index(drop=True)


def gap_chart(db: Source = paths.STORE, lang: str = "zh", regions: Regions = None,
              target_year: Years = None, top_n: int = TOP_N,
              reference_level: str = "national") -> Figure:
    """Diverging bars: how far each city target sits above/below the goal (direction-aware, %)."""
    data = _data(db, regions, target_year)
    scope = cs.label(reference_level, lang)
    title = cs.label(f"gap_title_{reference_level}", lang)
    rows = _gap_rows(data, reference_level)
    v = data.vs_goals[data.vs_goals["reference_level"] == reference_level]
    n_unset = int((v["verdict"] == "not set by the city").sum())
    if rows.empty:
        return no_data_figure(data, lang, title, _say(f"gap_none_{reference_level}", lang))
    counts = rows["verdict"].value_counts()
    shown, gap_after, hidden = _extremes(rows, top_n)
    bars = []
    for _, r in shown.iterrows():
        unit = data.indicator(r["indicator_id"]).get("unit")
        unit = unit if isinstance(unit, str) else None
        name = data.indicator_name(r["indicator_id"], lang)
        label = f"{data.region_name(r['region'], lang)} · {name}" + _paren(
            _year_text(r["target_year"], lang).removesuffix("年"), lang)
        color = {"more ambitious": cs.MORE_COLOR, "less ambitious": cs.LESS_COLOR}.get(
            r["verdict"], cs.EQUAL_COLOR)
        city = fmt_value(r["city_value"], unit, None, r["city_value_high"])
        goal = fmt_value(r["goal_value"], unit, None, r["goal_value_high"])
        pct = fmt_percent(r["gap_pct"], scale=1, signed=True)
        if pct == fmt_percent(0):
            pct = cs.label("equal", lang)
        text = _say("gap_bar", lang, pct=pct, city=city, goal=goal)
        bars.append(Bar(label="\n".join(wrap(label, 40)), value=float(r["gap_pct"]),
                        color=color, text=text))
    lo = min(0.0, *[b.value for b in bars])
    hi = max(0.0, *[b.value for b in bars])
    span = max(hi - lo, 20.0)
    fig = _new_figure(11, 0.42 * (len(bars) + (1 if gap_after is not None else 0)) + 1.4)
    ax = fig.add_subplot()
    ys, _ = _bar_positions(len(bars), gap_after)
    ax.barh(ys, [b.value for b in bars], color=[b.color for b in bars], height=0.62, zorder=2)
    for yy, b in zip(ys, bars, strict=True):
        if abs(b.value) < span * 0.002:
            ax.plot([0], [yy], marker="o", color=cs.EQUAL_COLOR, markersize=7, zorder=3)
        right = b.value >= 0
        ax.text(b.value + (span * 0.015 if right else -span * 0.015), yy, b.text,
                va="center", ha="left" if right else "right", fontsize=9)
    if gap_after is not None:
        ax.text(0.5, ys[gap_after] + 1.0, cs.label("rows_not_shown", lang).format(n=hidden),
                transform=ax.get_yaxis_transform(), ha="center", va="center", fontsize=8.5,
                color="#777777", style="italic")
    ax.axvline(0, color=cs.NATIONAL_COLOR if reference_level == "national"
               else cs.PROVINCIAL_COLOR, linewidth=1.4, zorder=3)
    longest = max(text_width(b.text) for b in bars)
    room = span * (0.06 + 0.017 * longest)
    ax.set_xlim(lo - (room if lo < 0 else span * 0.05), hi + room)
    ax.set_yticks(ys, [b.label for b in bars])
    ax.set_ylim(ys[-1] + 0.7, -0.7)
    zero = cs.label(f"gap_zero_{reference_level}", lang)
    ax.text(0, -0.72, zero, ha="center", va="bottom", fontsize=9, color=cs.NATIONAL_COLOR)
    _style_axes(ax, cs.label("gap_axis", lang).format(scope=scope))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda x, _: f"{x:+.0f}%"
                                                          if x else "0"))
    n_more = int(counts.get("more ambitious", 0))
    n_eq = int(counts.get("equal", 0))
    n_less = int(counts.get("less ambitious", 0))
    subtitle = _say("gap_subtitle", lang, n=len(rows), n_more=n_more, n_equal=n_eq,
                    n_less=n_less, n_unset=n_unset, scope=scope)
    if hidden:
        subtitle += _say("gap_shown", lang, top_n=top_n)
    legend = [Patch(color=cs.MORE_COLOR, label=cs.label("more ambitious", lang)),
              Patch(color=cs.EQUAL_COLOR, label=cs.label("equal", lang)),
              Patch(color=cs.LESS_COLOR, label=cs.label("less ambitious", lang))]
    return _finish(fig, title, subtitle,
                   _footnote(data, lang, shown["doc_id"].dropna(), shown["goal_id"].dropna()),
                   legend)


# --- chart: ambition ranking -------------------------------------------------------------


def ambition_table(db: Source = paths.STORE, regions: Regions = None,
                   target_year: Years = None) -> pd.DataFrame:
    """The ``ambition_index`` view's rows (``compare.AMBITION_FORMULA``), ranked first.

    Selected, not recomputed: the view ranks cities with at least
    ``compare.MIN_COMPARABLE`` comparable targets; the others follow as
    "not enough to rank".  The index spans every target year (the view has no year).
    """
    return _ambition_rows(_data(db, regions, target_year))


def _ambition_rows(data: StoreData) -> pd.DataFrame:
    return data.ambition.sort_values(
        ["ranked", "ambition_rank", "n_comparable", "region"],
        ascending=[False, True, False, True], na_position="last",
        kind="stable").reset_index(drop=True)


def ambition_ranking(db: Source = paths.STORE, lang: str = "zh", regions: Regions = None,
                     target_year: Years = None, top_n: int = TOP_N) -> Figure:
    """Cities ranked by the ambition index (``ambition_index``); both ends beyond ``top_n``."""
    data = _data(db, regions, target_year)
    title = cs.label("ambition_title", lang)
    table = _ambition_rows(data)
    scored = table[table["ranked"].fillna(False).astype(bool)]
    unranked = table[~table["ranked"].fillna(False).astype(bool)]
    names = [_say("city_n", lang, city=data.region_name(r, lang), n=int(n))
             for r, n in zip(unranked["region"], unranked["n_comparable"].fillna(0),
                             strict=True)]
    why = cs.label("not_ranked", lang).format(n=compare.MIN_COMPARABLE)
    listed = (labels.word("list_sep", lang).join(names) if len(names) <= 8
              else cs.label("n_cities", lang).format(n=len(names)))
    if scored.empty:
        return no_data_figure(data, lang, title, cs.label("no_data", lang)
                              + labels.word("colon", lang) + why + listed)
    shown, gap_after, hidden = _extremes(scored, top_n)
    bars = [Bar(label=f"{int(r['ambition_rank'])}. {data.region_name(r['region'], lang)}",
                value=float(r["ambition_score"]), color=data.color(r["region"]),
                text=fmt_percent(r["share_at_least_as_ambitious"]) + _paren(
                    f"n={int(r['n_comparable'])}", lang))
            for _, r in shown.iterrows()]
    refs = [_ref("national", cs.label("national_goal", lang), 1.0, fmt_number(1.0))]
    n_rows = len(bars) + len(refs) + (1 if gap_after is not None else 0)
    fig = _new_figure(9.5, 0.36 * n_rows + 1.3)
    ax = fig.add_subplot()
    _draw_bars(ax, bars, refs, cs.label("ambition_axis", lang), gap_after=gap_after,
               gap_text=cs.label("rows_not_shown", lang).format(n=hidden) if hidden else None)
    subtitle = _say("ambition_subtitle", lang, n_cities=len(table), n_ranked=len(scored),
                    min_comparable=compare.MIN_COMPARABLE)
    if names:
        subtitle += labels.word("sentence_sep", lang) + why + listed
    if hidden:
        subtitle += _say("ambition_shown", lang, top_n=top_n)
    v = data.vs_goals
    used = v[(v["reference_level"] == "national") & v["verdict"].isin(compare.COMPARABLE)
             & (v["goal_match"] == "same year") & v["region"].isin(shown["region"])]
    return _finish(fig, title, subtitle,
                   _footnote(data, lang, used["doc_id"].dropna(), used["goal_id"].dropna(),
                             note=cs.label("ambition_note", lang)))


# --- chart: which goals the cities take up -------------------------------------------------


def goal_uptake_table(db: Source = paths.STORE, regions: Regions = None,
                      target_year: Years = None) -> pd.DataFrame:
    """Per reference goal: how many cities in its scope set a target for it, and which did not."""
    return _uptake_rows(_data(db, regions, target_year))


UPTAKE_STATUSES = (("set", cs.SET_COLOR), ("set in words", "#8FD1B8"),
                   ("set for another year", "#56B4E9"), ("not addressed", cs.GOAL_UNSET_COLOR),
                   ("not applicable", "#DDDDDD"))


def _uptake_rows(data: StoreData) -> pd.DataFrame:
    """Per goal: the cities' statuses counted, as the ``goal_summary`` view has them."""
    frame = data.goal_summary.copy()
    if data.regions is not None or data.target_year is not None:
        # a subset of cities or years: count that subset's statuses (same definitions)
        frame = _uptake_subset(data, frame)
    order = {i: k for k, i in enumerate(data.indicators["indicator_id"])}
    frame["_o"] = frame["indicator_id"].map(order).fillna(len(order))
    frame["_lvl"] = (frame["reference_level"] != "national").astype(int)
    frame = frame.sort_values(["_lvl", "reference_scope", "_o", "target_year"], kind="stable")
    return frame.drop(columns=["_o", "_lvl"]).reset_index(drop=True)


def _uptake_subset(data: StoreData, frame: pd.DataFrame) -> pd.DataFrame:
    """goal_summary's status counts restricted to the filtered cities' goal_status rows."""
    v = data.goal_status
    frame = frame[frame["goal_id"].isin(set(v["goal_id"]))].copy()
    counts = v.groupby("goal_id")
    frame["n_cities"] = frame["goal_id"].map(counts["region"].nunique())
    for status, _ in UPTAKE_STATUSES:
        col = f"n_{status.replace(' ', '_')}"
        frame[col] = frame["goal_id"].map(
            v[v["status"] == status].groupby("goal_id").size()).fillna(0).astype(int)
    frame["share_set"] = frame["n_set"] / frame["n_cities"]
    return frame


def goal_uptake(db: Source = paths.STORE, lang: str = "zh", regions: Regions = None,
                target_year: Years = None, top_n: int = 25) -> Figure:
    """For each national/provincial goal, the cities that set a target for it (same year)."""
    data = _data(db, regions, target_year)
    title = cs.label("uptake_title", lang)
    table = _uptake_rows(data)
    if table.empty:
        return no_data_figure(data, lang, title,
                              cs.label("no_data", lang) + cs.label("no_goal_applies", lang))
    hidden = 0
    if len(table) > top_n:
        keep = table.sort_values(["n_cities", "goal_id"], ascending=[False, True],
                                 kind="stable").head(top_n)["goal_id"]
        hidden = len(table) - top_n
        table = table[table["goal_id"].isin(set(keep))]
    labels_ = []
    for _, r in table.iterrows():
        unit = data.indicator(r["indicator_id"]).get("unit")
        scope = (cs.label("national", lang).capitalize() if r["reference_level"] == "national"
                 else (r["reference_scope"] if lang == "zh"
                       else data.region_en.get(r["reference_scope"], r["reference_scope"])))
        goal = fmt_value(r["goal_value"], unit if isinstance(unit, str) else None,
                         r["goal_comparator"], r["goal_value_high"])
        name = data.indicator_name(r["indicator_id"], lang)
        yr = _year_text(r["target_year"], lang)
        labels_.append("\n".join(wrap(_say("uptake_label", lang, scope=scope, name=name,
                                            year=yr, goal=goal), 54)))
    n_all = table["n_cities"].to_numpy(dtype=float)
    fig = _new_figure(10.5, 0.4 * len(table) + 1.5)
    ax = fig.add_subplot()
    ys = np.arange(len(table))
    left = np.zeros(len(table))
    for status, color in UPTAKE_STATUSES:
        part = table[f"n_{status.replace(' ', '_')}"].to_numpy(dtype=float)
        ax.barh(ys, part, left=left, color=color, height=0.66, zorder=2)
        left += part
    hi = max(n_all.max(), 1.0)
    for y, s_, n in zip(ys, table["n_set"].to_numpy(dtype=float), n_all, strict=True):
        ax.text(n + hi * 0.01, y, f"{int(s_)}/{int(n)}", va="center", ha="left", fontsize=9)
    ax.set_yticks(ys, labels_)
    ax.set_ylim(len(table) - 0.4, -0.6)
    ax.set_xlim(0, hi * 1.12)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    _style_axes(ax, cs.label("uptake_axis", lang) + _paren(cs.label("cities_unit", lang), lang))
    legend = [Patch(color=color, label=labels.label(status, lang))
              for status, color in UPTAKE_STATUSES]
    subtitle = _say("uptake_subtitle", lang)
    if hidden:
        subtitle += _say("uptake_shown", lang, top_n=top_n, hidden=hidden)
    v = data.targets
    used = v[v["target_id"].isin(set(data.goal_status["target_id"].dropna()))]
    return _finish(fig, title, subtitle,
                   _footnote(data, lang, used["doc_id"].dropna(), table["goal_id"]), legend)


# --- tables shown beside the charts (notebooks) ----------------------------------------------

GAP_COLUMNS = ["region", "indicator_id", "target_year", "reference_scope", "city_value",
               "goal_value", "gap_abs", "gap_pct", "verdict", "quote", "goal_excerpt",
               "goal_doc_number", "goal_note"]
PEER_COLUMNS = ["region", "indicator_id", "target_year", "compare_value", "peers_n",
                "peers_median", "peers_min", "peers_max", "national_actual",
                "national_actual_year"]


def city_names(db: Source = paths.STORE, regions: Regions = None) -> list[str]:
    """The cities (municipal/county regions) in scope, sorted."""
    return sorted(_data(db, regions, None).cities["region"].tolist())



def documents_table(db: Source = paths.STORE, regions: Regions = None) -> pd.DataFrame:
    """One row per document: region, level, title, 文号, issue date, targets (mapped/unmapped)."""
    docs = _data(db, regions, None).documents.copy()
    docs["n_unmapped"] = docs["n_targets"] - docs["n_mapped"]
    return docs[["region", "level", "province", "title", "doc_number", "issued_on",
                 "n_targets", "n_mapped", "n_unmapped", "doc_id"]]


def documents_by_region(db: Source = paths.STORE, regions: Regions = None) -> pd.DataFrame:
    """Documents and targets per region and level."""
    docs = documents_table(db, regions)
    if docs.empty:
        return pd.DataFrame(columns=["region", "level", "n_documents", "n_targets", "n_mapped"])
    out = docs.groupby(["region", "level"], dropna=False, sort=True).agg(
        n_documents=("doc_id", "count"), n_targets=("n_targets", "sum"),
        n_mapped=("n_mapped", "sum"))
    return out.reset_index()


def mapping_summary(db: Source = paths.STORE, regions: Regions = None) -> pd.DataFrame:
    """Targets by kind (level/change) and whether they map to a codebook indicator."""
    t = _data(db, regions, None).raw_targets
    if t.empty:
        return pd.DataFrame(columns=["kind", "mapped", "n_targets"])
    t = t.assign(mapped=t["indicator_id"].notna())
    return (t.groupby(["kind", "mapped"], sort=True).size().rename("n_targets")
            .reset_index())


def unmapped_phrases(db: Source = paths.STORE, regions: Regions = None,
                     n: int = 15) -> pd.DataFrame:
    """The most frequent subjects of targets not mapped to an indicator (codebook candidates)."""
    t = _data(db, regions, None).raw_targets
    t = t[t["indicator_id"].isna()]
    if t.empty:
        return pd.DataFrame(columns=["indicator_text", "n_targets", "example_quote"])
    grouped = t.groupby("indicator_text", sort=True).agg(
        n_targets=("target_id", "count"), example_quote=("quote", "first")).reset_index()
    return grouped.sort_values(["n_targets", "indicator_text"], ascending=[False, True],
                               kind="stable").head(n).reset_index(drop=True)


def sample_targets(db: Source = paths.STORE, regions: Regions = None,
                   target_year: Years = None, n_per_region: int = 3,
                   lang: str = "zh") -> pd.DataFrame:
    """A few mapped targets per city with the exact source sentence (deterministic choice)."""
    data = _data(db, regions, target_year)
    t = data.targets
    cols = ["region", "indicator", "value", "target_year", "doc_number", "quote",
            "char_start", "char_end"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    order = {i: k for k, i in enumerate(data.indicators["indicator_id"])}
    t = t.assign(_o=t["indicator_id"].map(order)).sort_values(["region", "_o", "target_year"],
                                                                kind="stable")
    t = t.groupby("region", sort=True).head(n_per_region)
    out = pd.DataFrame({
        "region": t["region"],
        "indicator": [data.indicator_name(i, lang) for i in t["indicator_id"]],
        "value": [fmt_value(v, u if isinstance(u, str) else None, c, h) for v, u, c, h in
                  zip(t["value"], t["indicator_unit"], t["comparator"], t["value_high"],
                      strict=True)],
        "target_year": t["target_year"], "doc_number": t["doc_number"], "quote": t["quote"],
        "char_start": t["char_start"], "char_end": t["char_end"]})
    return out.reset_index(drop=True)


def unaddressed_goals(db: Source = paths.STORE, regions: Regions = None,
                      target_year: Years = None, lang: str = "zh") -> pd.DataFrame:
    """Goals a city did not set for their own year, each with its status (``goal_status``).

    The status says why: set in words, set for another year (which year, which value),
    not addressed, or not applicable (the city's documents are of another kind).
    """
    data = _data(db, regions, target_year)
    v = data.goal_status[data.goal_status["status"] != "set"]
    cols = ["region", "reference_scope", "indicator", "target_year", "goal", "status",
            "goal_source", "goal_doc_number", "goal_note"]
    if v.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({
        "region": v["region"], "reference_scope": v["reference_scope"],
        "indicator": [data.indicator_name(i, lang) for i in v["indicator_id"]],
        "target_year": v["target_year"],
        "goal": [fmt_value(g, u, c, h) for g, u, c, h in
                 zip(v["goal_value"], v["indicator_unit"], v["goal_comparator"],
                     v["goal_value_high"], strict=True)],
        "status": [labels.status_text(s_, lang, y, x, u) for s_, y, x, u in
                   zip(v["status"], v["other_year"], v["other_value"], v["indicator_unit"],
                       strict=True)],
        "goal_source": v["goal_source_title"], "goal_doc_number": v["goal_doc_number"],
        "goal_note": (v["goal_note_zh"].fillna(v["goal_note"]) if lang == "zh"
                      else v["goal_note"]),
    }, columns=cols).reset_index(drop=True)


def unaddressed_matrix(db: Source = paths.STORE, regions: Regions = None,
                       target_year: Years = None, lang: str = "zh") -> pd.DataFrame:
    """Goals (rows) × cities (columns): the city's status where it did not set the goal."""
    long = unaddressed_goals(db, regions, target_year, lang)
    if long.empty:
        return pd.DataFrame()
    long = long.assign(goal_key=[f"{s} · {i} ({labels.fmt_year(y, lang)}) {g}"
                                 for s, i, y, g in zip(long["reference_scope"], long["indicator"],
                                                       long["target_year"], long["goal"],
                                                       strict=True)])
    wide = long.pivot_table(index="goal_key", columns="region", values="status",
                            aggfunc="first").fillna("")
    wide.columns.name = None
    return wide


def findings_markdown(db: Source = paths.STORE, lang: str = "zh", section: str | None = None,
                      regions: Regions = None) -> str:
    """compare's findings sentences of one section as a Markdown list (for a notebook)."""
    source = db.source if isinstance(db, StoreData) else db
    found = findings_text(source, lang, section, regions=regions)
    if not found:
        return cs.label("no_findings", lang)
    return "\n".join(f"- {sentence}" for sentence in found)


PROFILE_COLUMNS = ["indicator", "target_year", "target", "status", "national_goal",
                   "goal_note", "peers", "vs_national_actual", "city_actual",
                   "required_annual_change", "quote", "doc_number", "char_start", "char_end"]


def city_profile(db: Source = paths.STORE, region: str | None = None,
                 lang: str = "zh") -> pd.DataFrame:
    """Every target of one city with its status, goal, peers, actual and quote.

    Selected from the views and put side by side (nothing is recomputed): targets
    from ``city_vs_goals`` (national row) with ``peer_comparison`` and
    ``target_vs_actuals``; goals the city did not set from ``goal_status``.
    """
    data = load(db)
    if region is None:
        if data.cities.empty:
            return pd.DataFrame(columns=PROFILE_COLUMNS)
        region = str(data.cities["region"].iloc[0])
    region = (data.filtered(regions=[region]).regions or (region,))[0]  # 东营 -> 东营市
    if region not in set(data.cities["region"]):
        close = difflib.get_close_matches(region, list(data.cities["region"]), n=3)
        raise ValueError(f"no city {region!r} in the store"
                         + (f"; did you mean {', '.join(close)}?" if close else ""))
    source = data.source
    vs = compare.city_vs_goals(source, regions=region)
    vs = vs[(vs["reference_level"] == "national") & vs["target_id"].notna()]
    peers = compare.peer_comparison(source, regions=region).set_index("target_id")
    actual = compare.target_vs_actuals(source, regions=region).set_index("target_id")
    rows = []
    for rec in vs.to_dict("records"):
        tid = rec["target_id"]
        ind = rec["indicator_id"]
        unit = rec["indicator_unit"]
        p = peers.loc[tid] if tid in peers.index else None
        a = actual.loc[tid] if tid in actual.index else None
        note = labels.goal_match_text(rec["target_year"], rec["goal_year"], rec["verdict"], lang)
        rows.append({
            "indicator": data.indicator_name(ind, lang), "target_year": rec["target_year"],
            "target": fmt_value(rec["city_value"], unit, rec["city_comparator"],
                                rec["city_value_high"]),
            "status": labels.status_text("set", lang),
            "national_goal": (fmt_value(rec["goal_value"], unit, rec["goal_comparator"])
                              + " " + labels.word(str(rec["verdict"]), lang))
            if not labels.missing(rec["goal_value"]) else labels.word("no reference goal", lang),
            "goal_note": note,
            "peers": "" if p is None or not p["peers_n"] else (
                f"{fmt_number(p['peers_median'], unit)} (n={int(p['peers_n'])})"),
            "vs_national_actual": "" if a is None or labels.missing(a["vs_national_actual"])
            else f"{labels.word(a['vs_national_actual'], lang)} "
                 f"({fmt_number(a['national_actual'], unit)}, "
                 f"{labels.fmt_year(a['national_actual_year'], lang)})",
            "city_actual": "" if a is None or labels.missing(a["city_actual"])
            else f"{fmt_number(a['city_actual'], unit)} "
                 f"({labels.fmt_year(a['city_actual_year'], lang)})",
            "required_annual_change": "" if a is None or labels.missing(
                a["required_annual_change"]) else fmt_number(a["required_annual_change"], unit),
            "quote": rec["quote"], "doc_number": rec["doc_number"],
            "char_start": rec["char_start"], "char_end": rec["char_end"]})
    status = compare.goal_status(source, regions=region)
    for rec in status[status["status"] != "set"].to_dict("records"):
        unit = rec["indicator_unit"]
        rows.append({
            "indicator": data.indicator_name(rec["indicator_id"], lang),
            "target_year": rec["target_year"], "target": labels.MISSING,
            "status": labels.status_text(rec["status"], lang, rec["other_year"],
                                         rec["other_value"], unit),
            "national_goal": fmt_value(rec["goal_value"], unit, rec["goal_comparator"])
            + ("" if rec["reference_level"] == "national" else f" ({rec['reference_scope']})"),
            "goal_note": "", "peers": "", "vs_national_actual": "", "city_actual": "",
            "required_annual_change": "", "quote": rec["quote"], "doc_number": None,
            "char_start": None, "char_end": None})
    frame = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame


# --- every chart, to files -----------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    name: str
    make: Callable[..., Figure]
    kwargs: dict[str, object] = field(default_factory=dict)


def default_groups() -> list[str]:
    """The chart groups of the project's codebook (``data/raw/indicators.csv``)."""
    book = Codebook.load(paths.CODEBOOK)
    return list(cs.chart_groups([{"indicator_id": i.id, "family": i.family,
                                  "chart_group": i.chart_group, "chart_order": i.chart_order}
                                 for i in book.indicators]))


def chart_specs(groups: Sequence[str] | None = None) -> list[ChartSpec]:
    """Every chart ``write_figures`` writes, in reading order (file stem, function, options).

    One side-by-side chart per chart group of the codebook (``groups``; default: the
    project's codebook), so a new group in ``indicators.csv`` is a new figure.
    """
    groups = default_groups() if groups is None else list(groups)
    specs = [ChartSpec("01_corpus_targets_per_document", corpus_overview),
             ChartSpec("02_coverage_heatmap", coverage_heatmap, {"top_n": HEATMAP_TOP_N})]
    for k, family in enumerate(groups, start=3):
        specs.append(ChartSpec(f"{k:02d}_cities_{family}", family_chart, {"family": family}))
    k = 3 + len(groups)
    specs += [
        ChartSpec(f"{k:02d}_gap_to_national_goals", gap_chart, {"reference_level": "national"}),
        ChartSpec(f"{k + 1:02d}_gap_to_provincial_goals", gap_chart,
                  {"reference_level": "provincial"}),
        ChartSpec(f"{k + 2:02d}_ambition_ranking", ambition_ranking),
        ChartSpec(f"{k + 3:02d}_goal_uptake", goal_uptake, {"top_n": 25}),
    ]
    return specs


# matplotlib names an SVG clip path by a hash that includes id() of the clipping path
# object when it is not a rectangle: a memory address, which differs between the forked
# workers of write_figures (and between runs), so the same chart got other ids.
_SVG_CLIP_ID = re.compile(r'(url\(#|<clipPath id=")(p[0-9a-f]{10})\b')


def _stable_clip_ids(svg: str) -> str:
    """Clip-path ids numbered by first appearance (same drawing -> same bytes)."""
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return m.group(1) + names.setdefault(m.group(2), f"clip{len(names) + 1}")

    return _SVG_CLIP_ID.sub(rename, svg)


# The layout's positions carry float noise of about 1e-14 that varies between runs (the
# order some sums are taken in); an SVG coordinate printed with six decimals that sits on a
# rounding boundary (61.3803125) then reads 61.380312 in one run and 61.380313 in the next.
# Coordinates are snapped to SVG_SNAP decimals before they are printed with six.
SVG_SNAP = 9


def _snapped_convert_path(self: RendererSVG, path: MplPath, transform: Transform | None = None,
                          clip: bool | None = None, simplify: bool | None = None,
                          sketch: object = None) -> str:
    """RendererSVG._convert_path with the transformed vertices rounded to SVG_SNAP places."""
    if transform is not None:
        path = transform.transform_path(path)
        path = MplPath(np.round(path.vertices, SVG_SNAP), path.codes)
    return _CONVERT_PATH(self, path, Affine2D(), clip, simplify, sketch)


_CONVERT_PATH = RendererSVG._convert_path


@contextlib.contextmanager
def _snapped_svg() -> Iterator[None]:
    RendererSVG._convert_path = _snapped_convert_path  # type: ignore[method-assign]
    try:
        yield
    finally:
        RendererSVG._convert_path = _CONVERT_PATH  # type: ignore[method-assign]


# matplotlib measures a font's ascent, descent and line gap for every text it lays out
# (17,000 times for the charts of a large store), each time finding the font files and
# reading two of their tables: a tenth of all drawing.  The numbers depend only on the
# font properties and the dpi, so they are computed once each, exactly as matplotlib's
# Text._get_layout does, and handed to it through the renderer hook it asks for first
# (``_get_font_height_metrics``).  Installed only where matplotlib has no such method.
_FONT_TABLES = (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"))


@functools.lru_cache(maxsize=4096)
def _font_height_metrics(prop: FontProperties, dpi: float
                         ) -> tuple[float | None, float | None, float | None]:
    """(min ascent, min descent, line gap) in pixels, as Text._get_layout computes them."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in _FONT_TABLES:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None  # matplotlib then measures "lp" itself


def _agg_font_height_metrics(self: RendererAgg, prop: FontProperties) -> tuple:
    return _font_height_metrics(prop.copy(), float(self.dpi))  # a copy: the key must not change


def _svg_font_height_metrics(self: RendererSVG, prop: FontProperties) -> tuple:
    return _font_height_metrics(prop.copy(), 72.0)  # the SVG backend draws at 72 dpi


for _renderer, _hook in ((RendererAgg, _agg_font_height_metrics),
                         (RendererSVG, _svg_font_height_metrics)):
    if not hasattr(_renderer, "_get_font_height_metrics"):
        _renderer._get_font_height_metrics = _hook  # type: ignore[attr-defined]
mpltext.install()


# zlib level 3 instead of the default 6: on the charts it compresses as well (the files
# are 0.6 % smaller) in 58 % of the time, and encoding was a tenth of drawing a chart.
_PNG_OPTIONS = {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": 3}}


def save_figure(fig: Figure, base: Path) -> list[Path]:
    """Write ``base``.png (at ``chart_style.DPI``) and ``base``.svg, deterministically."""
    base.parent.mkdir(parents=True, exist_ok=True)
    out = []
    _lay_out_once(fig)
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        for ext, options in (("png", _PNG_OPTIONS), ("svg", {"metadata": {"Date": None}})):
            path = base.with_name(f"{base.name}.{ext}")
            tmp = path.with_name(f".{path.name}.tmp")
            with _snapped_svg() if ext == "svg" else contextlib.nullcontext():
                fig.savefig(tmp, format=ext, dpi=cs.DPI, facecolor="white", **options)
            if ext == "svg":
                tmp.write_text(_stable_clip_ids(tmp.read_text(encoding="utf-8")),
                               encoding="utf-8")
            os.replace(tmp, path)
            out.append(path)
    return out


def _lay_out_once(fig: Figure) -> None:
    """Run the figure's layout engine once, at the PNG's dpi, then remove the engine: both
    files get that layout.  With an engine set, ``savefig`` first draws the whole figure
    with drawing turned off, for the engine to run in it, then draws it for the file: each
    file was drawn twice.  The engine runs here as it runs in that first draw (the axes'
    aspects applied first, a renderer at the file's dpi), without drawing anything: through
    two private methods of the pinned matplotlib, which a test holds to matplotlib's own
    layout pass, byte for byte."""
    engine = fig.get_layout_engine()
    if engine is not None and fig.axes:
        dpi = fig.dpi
        fig.dpi = cs.DPI
        try:
            fig._get_draw_artists(fig._get_renderer())  # (applies each axes' aspect)
            with contextlib.suppress(ValueError):  # (as Figure.draw: a layout that cannot fit)
                engine.execute(fig)
        finally:
            fig.dpi = dpi
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # (no engine at all: "none" leaves a placeholder)


def write_figures(db: Source = paths.STORE, out_dir: Path | str = paths.FIGURES,
                  lang: str = "zh", regions: Regions = None, target_year: Years = None,
                  top_n: int = TOP_N) -> list[Path]:
    """Write every chart as PNG and SVG into ``out_dir``; returns the files written.

    The file set is the same for every store (a chart with nothing to draw is
    written as a "no data" figure), so Make and readers always find each file.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    data = load(db).filtered(regions, target_year)
    out = Path(out_dir)
    specs = chart_specs(list(data.groups()))
    _RENDER.update(data=data, lang=lang, out=out, top_n=top_n, specs=specs)
    try:
        workers = min(os.cpu_count() or 1, len(specs))
        if workers < 2 or "fork" not in mp.get_all_start_methods():
            return [p for i in range(len(specs)) for p in _render(i)]
        # Rendering (PNG and SVG) is most of the time: the charts are drawn by forked
        # workers that share the loaded data, one chart at a time, both cores busy;
        # each chart is drawn exactly as in one process, so the files are the same bytes.
        # The loaded objects are frozen out of the collector first: a worker's collection
        # would otherwise write to every object the parent holds, and each page written
        # is copied into the worker (~600 MB for a national store: 6.0 -> ~4.9 s).
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers,
                                     mp_context=mp.get_context("fork")) as pool:
                return [p for paths_ in pool.map(_render, range(len(specs))) for p in paths_]
        finally:
            gc.unfreeze()
    finally:
        _RENDER.clear()


_RENDER: dict[str, object] = {}  # what write_figures' workers draw from (inherited by fork)


def _render(index: int) -> list[Path]:
    """Draw and save chart ``index`` of the specs write_figures set up."""
    spec: ChartSpec = _RENDER["specs"][index]  # type: ignore[index]
    kwargs = dict(spec.kwargs)
    kwargs.setdefault("top_n", _RENDER["top_n"])
    fig = spec.make(_RENDER["data"], lang=_RENDER["lang"], **kwargs)
    written = save_figure(fig, _RENDER["out"] / spec.name)  # type: ignore[operator]
    fig.clear()
    return written


# --- CLI -----------------------------------------------------------------------------------


def _cmd_figures(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK

    start = time.perf_counter()
    try:
        files = write_figures(Path(args.db), Path(args.out), lang=args.lang,
                              regions=args.region or None, target_year=args.year,
                              top_n=args.top_n)
    except (StoreError, duckdb.Error, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for path in files:
        print(path)
    print(f"{len(files)} files ({len(files) // 2} charts) in {args.out} "
          f"({time.perf_counter() - start:.1f} s)")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis figures``."""
    f = sub.add_parser("figures", help="write every chart as PNG and SVG (no Jupyter needed)")
    f.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    f.add_argument("--out", default=str(paths.FIGURES), help="output folder")
    f.add_argument("--lang", default="zh", choices=LANGS, help="label language")
    f.add_argument("--region", action="append", help="only this region (repeatable)")
    f.add_argument("--year", type=int, action="append", help="only this target year (repeatable)")
    f.add_argument("--top-n", type=int, default=TOP_N, help="most bars per panel (default 15)")
    f.set_defaults(func=_cmd_figures)

