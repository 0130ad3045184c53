"""The pages of one edition: home, cities, indicators, documents, downloads.

Every page function returns ``(path relative to the edition folder, html)``;
links between pages are relative, so the site opens from the file system and
can be published anywhere.  Pages select and format rows of the comparison
views; they compute no comparison of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from analysis.outputs import labels
from analysis.outputs.display import one_line
from analysis.outputs.labels import MISSING, fmt_number, fmt_percent, fmt_value
from analysis.outputs.site import charts
from analysis.outputs.site.data import SiteData, anchor, read_text, records
from analysis.outputs.site.html import Markup, el, esc, join, page, table
from analysis.outputs.site.labels import figure_caption, genre, status, ui, verdict
from analysis.outputs.site.text import Span, highlight_quote, mark_text, value_span
from analysis.store.reference import NATIONAL_SCOPE

PAGE_ROWS = 400  # rows per page of a long table: pages stay small on a national corpus
TOP_FINDINGS = 3
HOME_LIST_MAX = 60  # above this many cities, the home page links to the index instead
HOME_CHART_MAX = 20  # cities in the home page's ambition chart
LANGS = ("zh", "en")
VERDICT_CLASS = {"more ambitious": "verdict-more", "less ambitious": "verdict-less",
                 "equal": "verdict-equal"}


@dataclass
class Edition:
    """One language edition of the site and what its pages link to."""

    data: SiteData
    lang: str
    figures: dict[str, str] = field(default_factory=dict)   # figure stem -> site path (png)
    figures_svg: dict[str, str] = field(default_factory=dict)
    downloads: list[tuple[str, str, str]] = field(default_factory=list)  # (group, label, path)
    text_mismatches: int = 0
    missing_texts: int = 0
    langs: tuple[str, ...] = LANGS  # the editions written (the language switch needs the other)
    doc_labels: dict[str, str] = field(default_factory=dict)  # doc_id -> "文号 · date"

    @property
    def other(self) -> str:
        return "en" if self.lang == "zh" else "zh"

    def t(self, key: str, **values: object) -> str:
        return ui(key, self.lang, **values)

    # --- names ------------------------------------------------------------------------

    def region_name(self, region: object, region_en: object = None) -> str:
        if not isinstance(region, str):
            return MISSING
        if self.lang == "en":
            en = region_en if isinstance(region_en, str) else self._region_en(region)
            return f"{en} ({region})" if en else region
        return region

    def _region_en(self, region: str) -> str | None:
        return self.data.region_en.get(region)

    def indicator_name(self, indicator_id: object, short: bool = True) -> str:
        if not isinstance(indicator_id, str):
            return MISSING
        row = self.data.indicator(indicator_id)
        full = row.get(f"name_{self.lang}") or row.get("name_zh") or indicator_id
        return labels.indicator_name(row, self.lang, indicator_id) if short else str(full)

    def unit_of(self, indicator_id: object) -> str | None:
        unit = self.data.indicator(str(indicator_id)).get("unit")
        return unit if isinstance(unit, str) else None

    def paren(self, text: object) -> str:
        """' (text)' in English, '（text）' in Chinese."""
        return labels.template("word", "paren", self.lang, text=text)

    def scope(self, value: object) -> str:
        """A goal's scope: 全国 or a province (named in English in the English edition)."""
        if not isinstance(value, str):
            return MISSING
        return self.t("national_scope") if value == NATIONAL_SCOPE else value

    def year(self, value: object) -> str:
        if value is None:
            return self.t("annual")
        return str(int(value))  # type: ignore[call-overload]

    # --- links (``up`` = how many folders below the edition root the page is) -----------

    @staticmethod
    def root(up: int) -> str:
        return "../" * up

    def city_href(self, region: object, up: int) -> str | None:
        slug = self.data.city_slugs.get(str(region))
        return f"{self.root(up)}cities/{slug}.html" if slug else None

    def doc_href(self, doc_id: object, up: int, target: str | None = None) -> str:
        slug = self.data.doc_slugs.get(str(doc_id), str(doc_id))
        return f"{self.root(up)}documents/{slug}.html" + (f"#{target}" if target else "")

    def indicator_href(self, indicator_id: object, up: int) -> str | None:
        if indicator_id not in self._set:
            return None
        return f"{self.root(up)}indicators/{indicator_id}.html"

    def __post_init__(self) -> None:
        self._set = set(self.data.set_indicators())

    # --- building blocks ----------------------------------------------------------------

    def link(self, text: object, href: str | None) -> Markup:
        return el("a", text, href=href) if href else esc(text)

    def render(self, path: str, title: str, body: Markup, up: int) -> tuple[str, str]:
        """A page of this edition at ``path`` (relative to the edition folder)."""
        r = self.root(up)
        nav = el("nav",
                 el("a", el("strong", self.t("site_title")), href=f"{r}index.html"),
                 el("a", self.t("cities"), href=f"{r}cities/index.html"),
                 el("a", self.t("indicators"), href=f"{r}indicators/index.html"),
                 el("a", self.t("documents"), href=f"{r}documents/index.html"),
                 el("a", self.t("downloads"), href=f"{r}downloads.html"),
                 el("a", self.t("other_lang"), href=f"{r}../{self.other}/{path}", class_="lang",
                    hreflang=self.other, lang="zh-CN" if self.other == "zh" else "en")
                 if self.other in self.langs else None)
        footer = join([self.t("footer"), " ", self.t("built"), ": ",
                       self.data.built_on or MISSING])
        html = page(title=f"{title} · {self.t('site_title')}" if up or path != "index.html"
                    else title, body=body, lang=self.lang, css=f"{r}../assets/site.css",
                    nav=nav, footer=footer)
        return path, html

    def figure(self, stem: str, up: int, caption: str) -> Markup:
        png = self.figures.get(stem)
        if not png:
            return el("p", self.t("figure_missing"), class_="note")
        r = self.root(up) + "../"
        svg = self.figures_svg.get(stem)
        links = [" ", el("a", "SVG", href=f"{r}{svg}")] if svg else []
        return el("figure", el("a", el("img", src=f"{r}{png}", alt=caption, loading="lazy"),
                               href=f"{r}{png}"),
                  el("figcaption", caption, *links))


def _yes(ed: Edition, value: object) -> str:
    return ed.t("yes") if value is True else ed.t("no") if value is False else MISSING


def _date(value: object) -> str:
    return MISSING if value is None else str(value)[:10]


def _wrap(table_html: Markup) -> Markup:
    return el("div", table_html, class_="table-wrap")


def _num(text: object) -> Markup:
    return el("span", text, class_="num")


def _pages(rows: list, size: int = PAGE_ROWS) -> list[list]:
    """Rows cut into pages (at least one, possibly empty)."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def _paged_name(stem: str, k: int) -> str:
    return f"{stem}.html" if k == 1 else f"{stem}-{k}.html"


def _pager(ed: Edition, stem: str, n_pages: int, current: int) -> Markup:
    if n_pages <= 1:
        return Markup("")
    links = [el("strong", ed.t("page", k=k)) if k == current
             else el("a", ed.t("page", k=k), href=_paged_name(stem, k))
             for k in range(1, n_pages + 1)]
    return el("nav", *links, class_="pager")


# --- pieces shared by city and indicator pages --------------------------------------------


def _goal_cell(ed: Edition, row: dict[str, object] | None) -> Markup:
    """A goal (value, year), the verdict against it, and its source, 文号 and note."""
    if not row:
        return esc(MISSING)
    if row.get("goal_id") is None:
        return _verdict(ed, row)
    unit = row.get("indicator_unit")
    value = fmt_value(row.get("goal_value"), unit if isinstance(unit, str) else None,
                       row.get("goal_comparator"), row.get("goal_value_high"))
    # a goal of the nearest year (none for the city's year) carries its own year
    year = row.get("goal_year") if row.get("goal_year") is not None else row.get("target_year")
    match = labels.goal_match_text(row.get("target_year"), year, row.get("verdict"), ed.lang)
    source = [el("div", x) for x in (row.get("goal_source_title"), row.get("goal_doc_number"))
              if isinstance(x, str)]
    note = row.get("goal_note_zh") if ed.lang == "zh" and row.get("goal_note_zh") else \
        row.get("goal_note")
    if isinstance(note, str):
        source.append(el("div", one_line(note), class_="note"))
    if row.get("goal_verified") is False:
        source.append(el("div", ed.t("unverified"), class_="note"))
    return join([el("span", value, class_="num"), ed.paren(ed.year(year)), el("br"),
                 _verdict(ed, row),
                 el("div", match, class_="note") if match else None,
                 el("details", el("summary", ed.t("source")), *source) if source else None])


def _verdict(ed: Edition, row: dict[str, object] | None) -> Markup:
    if not row:
        return esc(MISSING)
    v = row.get("verdict")
    text = verdict(v, ed.lang) or MISSING
    gap = row.get("gap_directed")
    extra = f" ({fmt_number(gap, row.get('indicator_unit'), signed=True)})" \
        if gap is not None and v in ("more ambitious", "less ambitious") else ""
    return el("span", text + extra, class_=VERDICT_CLASS.get(str(v)))


def _peers(ed: Edition, target_id: object, unit: str | None) -> Markup:
    row = ed.data.peers.get(str(target_id))
    if not row or not row.get("peers_n"):
        return esc(MISSING)
    if row.get("peers_n") == 1:
        return join([fmt_number(row.get("peers_median"), unit), " (n=1)"])
    return join([fmt_number(row.get("peers_median"), unit), " (",
                 fmt_number(row.get("peers_min"), unit), "–",
                 fmt_number(row.get("peers_max"), unit), ", n=", str(row.get("peers_n")), ")"])


def _actual(ed: Edition, target_id: object, unit: str | None) -> Markup:
    row = ed.data.peers.get(str(target_id))
    if not row or row.get("national_actual") is None:
        return esc(MISSING)
    return join([fmt_number(row.get("national_actual"), unit), " (",
                 ed.year(row.get("national_actual_year")), ")"])


def _source_link(ed: Edition, target: dict[str, object], up: int) -> Markup:
    """文号 and date of the target's document, linking to the number in that document."""
    doc_id = str(target.get("doc_id"))
    label = ed.doc_labels.get(doc_id)
    if label is None:
        doc = ed.data.document(doc_id)
        number = doc.get("doc_number") if isinstance(doc.get("doc_number"), str) \
            else doc.get("title")
        label = " · ".join(x for x in (number, _date(doc.get("issued_on")))
                           if isinstance(x, str)) or doc_id
        ed.doc_labels[doc_id] = label
    href = ed.doc_href(doc_id, up, anchor(str(target.get("target_id"))))
    return el("a", label, href=href, class_="source")


def _sentence(ed: Edition, target: dict[str, object], up: int) -> Markup:
    """The sentence with its number marked, and below it the document link to that number."""
    return el("div", highlight_quote(target), el("div", "→ ", _source_link(ed, target, up),
                                                  class_="src"), class_="quote")


def _target_status(ed: Edition, row: dict[str, object], target: dict[str, object]) -> Markup:
    """Status columns the store may carry (coverage status, curation) beside the verdict."""
    parts: list[object] = []
    if isinstance(row.get("status"), str):
        parts.append(status(row["status"], ed.lang))
    if target.get("curated") is True:
        parts.append(ed.t("curated"))
    if target.get("aspirational") is True or row.get("city_aspirational") is True:
        parts.append(ed.t("aspirational"))
    return join(parts, "; ") if parts else esc(status("set", ed.lang))


def _target_value(row: dict[str, object], target: dict[str, object]) -> str:
    unit = row.get("indicator_unit")
    return fmt_value(row.get("city_value", target.get("value")),
                      unit if isinstance(unit, str) else None,
                      row.get("city_comparator", target.get("comparator")),
                      row.get("city_value_high", target.get("value_high")))


# --- city pages ---------------------------------------------------------------------------


def _by_target(rows: Iterable[dict[str, object]]) -> dict[str, dict[str, dict[str, object]]]:
    """city_vs_goals rows of one city: target_id -> reference level -> row."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for row in rows:
        if row.get("target_id") is not None:
            out.setdefault(str(row["target_id"]), {})[str(row["reference_level"])] = row
    return out


def _city_target_rows(ed: Edition, region: str) -> list[list[object]]:
    up = 1
    rows = []
    for tid, refs in _by_target(ed.data.vs_goals.get(region, [])).items():
        nat, prov = refs.get("national"), refs.get("provincial")
        base = nat or prov or {}
        target = ed.data.target(tid)
        unit = base.get("indicator_unit")
        unit = unit if isinstance(unit, str) else None
        rows.append([
            ed.link(ed.indicator_name(base.get("indicator_id")),
                    ed.indicator_href(base.get("indicator_id"), up)),
            ed.year(base.get("target_year")),
            el("span", _target_value(base, target), class_="num"),
            _target_status(ed, base, target),
            _goal_cell(ed, nat), _goal_cell(ed, prov),
            _peers(ed, tid, unit), _actual(ed, tid, unit),
            _sentence(ed, target or base, up),
        ])
    return rows


def _other_statements(ed: Edition, region: str, doc_ids: list[str]) -> list[list[object]]:
    """Targets of the city's documents that are not the city's row in city_targets."""
    chosen = {str(r["target_id"]) for rows in ed.data.vs_goals.get(region, [])
              for r in [rows] if r.get("target_id") is not None}
    out = []
    for doc_id in doc_ids:
        for t in ed.data.targets.get(doc_id, []):
            if str(t["target_id"]) in chosen:
                continue
            reason = ("why_unmapped" if t.get("indicator_id") is None else
                      "why_change" if t.get("kind") == "change" else "why_superseded")
            name = ed.indicator_name(t["indicator_id"]) if t.get("indicator_id") else \
                one_line(t.get("indicator_text") or MISSING)
            out.append([name, ed.year(t.get("target_year")) if not t.get("annual")
                        else ed.t("annual"), el("span", t.get("value_text") or MISSING,
                                                class_="num"),
                        ed.t(reason), _sentence(ed, t, 1)])
    return out


def _coverage_rows(ed: Edition, region: str) -> list[list[object]]:
    rows = []
    for r in ed.data.coverage.get(region, []):
        if r.get("status") == "set" or not (r.get("goal_years") or r.get("status") in (
                "set in words", "set for another year")):
            continue  # set (listed above), or no goal and nothing said
        rows.append([ed.link(ed.indicator_name(r.get("indicator_id")),
                             ed.indicator_href(r.get("indicator_id"), 1)),
                     status(r.get("status"), ed.lang, r.get("other_year"),
                            r.get("other_value"), ed.unit_of(r.get("indicator_id"))),
                     r.get("target_years") or MISSING, r.get("goal_years") or MISSING])
    return rows


def _ratio_bars(ed: Edition, region: str) -> list[charts.Bar]:
    bars = []
    for row in ed.data.vs_goals.get(region, []):
        ratio = row.get("ambition_ratio")
        # goals of the same year only, as in the ambition index: a 2025 target over a
        # 2035 goal is no measure of ambition (the table beside it labels such pairs)
        if row.get("reference_level") == "national" and ratio is not None \
                and row.get("goal_match") == "same year":
            year = ed.year(row["target_year"])
            name = ed.indicator_name(row.get("indicator_id")) + ed.paren(year)
            bars.append(charts.Bar(name, float(ratio)))  # type: ignore[arg-type]
    return bars


def city_page(ed: Edition, city: dict[str, object]) -> tuple[str, str]:
    """Every target of one city: status, goals, peers, actuals, the sentence, the document."""
    region = str(city["region"])
    name = ed.region_name(region, city.get("region_en"))
    doc_ids = ed.data.docs_by_region.get(region, [])
    amb = ed.data.ambition.get(region, {})
    facts = el("dl",
               el("dt", ed.t("province")), el("dd", city.get("province") or MISSING),
               el("dt", ed.t("level")), el("dd", ed.t(f"level_{city.get('level')}")),
               el("dt", ed.t("share_at_least")),
               el("dd", fmt_percent(amb.get("share_at_least_as_ambitious")),
                  ed.paren(ed.t("comparable") + labels.word("colon", ed.lang)
                           + str(amb.get("n_comparable") or 0))),
               el("dt", ed.t("ambition")), el("dd", fmt_number(amb.get("ambition_score"))),
               class_="facts")
    doc_rows = [[ed.link(d.get("title") or d["doc_id"], ed.doc_href(d["doc_id"], 1)),
                 d.get("doc_number") or MISSING, _date(d.get("issued_on")),
                 d.get("n_targets") if d.get("n_targets") is not None else MISSING]
                for d in (ed.data.document(i) for i in doc_ids)]
    target_rows = _city_target_rows(ed, region)
    header = [ed.t("indicator"), ed.t("year"), ed.t("target"), ed.t("status"),
              ed.t("national_goal"), ed.t("provincial_goal"), ed.t("peers"), ed.t("actual"),
              ed.t("sentence")]
    body = [el("h1", name),
            facts,
            el("h2", ed.t("documents")),
            _wrap(table([ed.t("title"), ed.t("doc_number"), ed.t("issued_on"), ed.t("targets")],
                        doc_rows)),
            el("h2", ed.t("chart_ratio")),
            charts.ratio_chart(_ratio_bars(ed, region), ed.t("chart_ratio"))
            or el("p", ed.t("chart_none"), class_="note"),
            el("h2", ed.t("city_targets")),
            el("p", ed.t("city_targets_note"), class_="note"),
            _wrap(table(header, target_rows, class_="targets")) if target_rows
            else el("p", ed.t("no_targets"), class_="note")]
    coverage = _coverage_rows(ed, region)
    if coverage:
        body += [el("h2", ed.t("unaddressed")), el("p", ed.t("unaddressed_note"), class_="note"),
                 _wrap(table([ed.t("indicator"), ed.t("status"), ed.t("year"),
                              ed.t("goals") + " · " + ed.t("year")], coverage))]
    others = _other_statements(ed, region, doc_ids)
    if others:
        body += [el("h2", ed.t("other_statements")),
                 el("p", ed.t("other_statements_note"), class_="note"),
                 _wrap(table([ed.t("indicator"), ed.t("year"), ed.t("target"), ed.t("note"),
                              ed.t("sentence")], others))]
    return ed.render(f"cities/{ed.data.city_slugs[region]}.html", name, join(body), up=1)


def _city_list_rows(ed: Edition, cities: list[dict[str, object]]) -> list[list[object]]:
    rows = []
    for c in cities:
        amb = ed.data.ambition.get(str(c["region"]), {})
        rows.append([ed.link(ed.region_name(c["region"], c.get("region_en")),
                             ed.city_href(c["region"], 1)),
                     c.get("province") or MISSING, c.get("n_documents"),
                     fmt_percent(amb.get("share_at_least_as_ambitious")),
                     fmt_number(amb.get("ambition_score"))])
    return rows


def city_index(ed: Edition) -> Iterator[tuple[str, str]]:
    cities = _records_of(ed.data.cities)
    chunks = _pages(cities)
    for k, chunk in enumerate(chunks, start=1):
        body = join([el("h1", ed.t("all_cities")), _pager(ed, "index", len(chunks), k),
                     _wrap(table([ed.t("city"), ed.t("province"), ed.t("documents"),
                                  ed.t("share_at_least"), ed.t("ambition")],
                                 _city_list_rows(ed, chunk)))])
        yield ed.render(f"cities/{_paged_name('index', k)}", ed.t("all_cities"), body, up=1)


def _records_of(frame) -> list[dict[str, object]]:  # pandas.DataFrame
    return records(frame)


# --- indicator pages ----------------------------------------------------------------------


def _definition(ed: Edition, ind: dict[str, object]) -> Markup:
    direction = ind.get("direction") or "higher"
    items = [("name_zh", ind.get("name_zh")), ("name_en", ind.get("name_en")),
             ("unit", labels.indicator_unit(ind, ed.lang) or MISSING),
             ("direction", ed.t(str(direction))), ("family", ind.get("family")),
             ("per_population", ind.get("per_population")),
             ("value_convention", ind.get("value_convention")),
             ("definition", ind.get("definition"))]
    return el("dl", *(join([el("dt", ed.t(k)), el("dd", v if v is not None else MISSING)])
                      for k, v in items), class_="facts")


def _goal_rows(ed: Edition, indicator_id: str) -> list[list[object]]:
    unit = ed.unit_of(indicator_id)
    return [[ed.scope(g.get("scope")), ed.year(g.get("target_year")),
             el("span", fmt_value(g.get("value"), unit, g.get("comparator"),
                                   g.get("value_high")), class_="num"),
             g.get("source_title") or MISSING, g.get("doc_number") or MISSING,
             one_line(g.get("excerpt")), _yes(ed, g.get("verified")),
             one_line(g.get("note")) or MISSING]
            for g in ed.data.goals.get(indicator_id, [])]


def _actual_rows(ed: Edition, indicator_id: str) -> list[list[object]]:
    unit = ed.unit_of(indicator_id)
    return [[ed.scope(a.get("scope")), a.get("data_year"), _num(fmt_number(a.get("value"), unit)),
             a.get("source_title") or MISSING, one_line(a.get("excerpt"))]
            for a in ed.data.actuals.get(indicator_id, [])]


def _indicator_city_rows(ed: Edition, indicator_id: str) -> list[list[object]]:
    rows = []
    for region, vs in ed.data.vs_goals_by_indicator.get(indicator_id, {}).items():
        for tid, refs in _by_target(vs).items():
            nat, prov = refs.get("national"), refs.get("provincial")
            base = nat or prov or {}
            target = ed.data.target(tid)
            unit = ed.unit_of(indicator_id)
            rows.append([ed.link(ed.region_name(region, base.get("region_en")),
                                 ed.city_href(region, 1)),
                         base.get("province") or MISSING, ed.year(base.get("target_year")),
                         el("span", _target_value(base, target), class_="num"),
                         _goal_cell(ed, nat), _goal_cell(ed, prov), _peers(ed, tid, unit),
                         _sentence(ed, target or base, 1)])
    return rows


def _figure_stem(ed: Edition, indicator_id: str) -> str | None:
    for group, members in ed.data.chart_groups.items():
        if indicator_id in members:
            return next((s for s in ed.figures if s.endswith(f"_cities_{group}")), None)
    return None


def indicator_pages(ed: Edition, indicator_id: str) -> Iterator[tuple[str, str]]:
    """Every city's target for one indicator beside the goals and actuals, with its chart."""
    ind = ed.data.indicator(indicator_id)
    name = ed.indicator_name(indicator_id, short=False)
    stem = _figure_stem(ed, indicator_id)
    goals, actuals = _goal_rows(ed, indicator_id), _actual_rows(ed, indicator_id)
    head = [el("h1", name), el("h2", ed.t("definitions")), _definition(ed, ind),
            el("h2", ed.t("figure")),
            ed.figure(stem, 1, figure_caption(stem, ed.lang)) if stem
            else el("p", ed.t("no_chart" if ed.figures else "figure_missing"), class_="note"),
            el("h2", ed.t("goals")),
            _wrap(table([ed.t("scope"), ed.t("year"), ed.t("value"), ed.t("source"),
                         ed.t("doc_number"), ed.t("excerpt"), ed.t("verified"), ed.t("note")],
                        goals)) if goals else el("p", ed.t("none"), class_="note"),
            el("h2", ed.t("actuals")),
            _wrap(table([ed.t("scope"), ed.t("data_year"), ed.t("value"), ed.t("source"),
                         ed.t("excerpt")], actuals)) if actuals
            else el("p", ed.t("none"), class_="note")]
    chunks = _pages(_indicator_city_rows(ed, indicator_id))
    header = [ed.t("city"), ed.t("province"), ed.t("year"), ed.t("target"),
              ed.t("national_goal"), ed.t("provincial_goal"), ed.t("peers"), ed.t("sentence")]
    for k, chunk in enumerate(chunks, start=1):
        body = [*(head if k == 1 else [el("h1", name)]), el("h2", ed.t("city_table")),
                _pager(ed, indicator_id, len(chunks), k),
                _wrap(table(header, chunk, class_="targets")),
                _pager(ed, indicator_id, len(chunks), k)]
        yield ed.render(f"indicators/{_paged_name(indicator_id, k)}", name, join(body), up=1)


def indicator_index(ed: Edition) -> tuple[str, str]:
    counts = ed.data.city_targets.groupby("indicator_id")["region"].nunique().to_dict() \
        if not ed.data.city_targets.empty else {}
    rows = []
    for ind_id in ed.data.indicators["indicator_id"]:
        ind = ed.data.indicator(ind_id)
        rows.append([ed.link(ed.indicator_name(ind_id, short=False),
                             ed.indicator_href(ind_id, 1)),
                     labels.indicator_unit(ind, ed.lang) or MISSING,
                     ed.t(str(ind.get("direction") or "higher")),
                     counts.get(ind_id, 0), len(ed.data.goals.get(ind_id, []))])
    body = join([el("h1", ed.t("all_indicators")),
                 _wrap(table([ed.t("indicator"), ed.t("unit"), ed.t("direction"),
                              ed.t("set_by"), ed.t("goals")], rows))])
    return ed.render("indicators/index.html", ed.t("all_indicators"), body, up=1)


# --- document pages -----------------------------------------------------------------------


def _spans(ed: Edition, doc_id: str) -> list[Span]:
    spans = []
    for t in ed.data.targets.get(doc_id, []):
        where = value_span(t)
        if where:
            name = ed.indicator_name(t["indicator_id"]) if t.get("indicator_id") else \
                one_line(t.get("indicator_text"))
            spans.append(Span(*where, anchor(str(t["target_id"])), "target",
                              f"{name} · {ed.year(t.get('target_year'))}"))
    for o in ed.data.observations.get(doc_id, []):
        where = value_span(o)
        if where:
            name = ed.indicator_name(o["indicator_id"]) if o.get("indicator_id") else \
                one_line(o.get("indicator_text"))
            spans.append(Span(*where, anchor(str(o["observation_id"])), "observation",
                              f"{name} · {o.get('data_year') or MISSING}"))
    return spans


def _extracted_rows(ed: Edition, doc_id: str) -> list[list[object]]:
    """Every target and statistic of the document, each linking to its mark in the text."""
    rows = []
    for kind, key, year_key, items in (
            ("targets", "target_id", "target_year", ed.data.targets.get(doc_id, [])),
            ("observations", "observation_id", "data_year",
             ed.data.observations.get(doc_id, []))):
        for r in items:
            name = ed.indicator_name(r["indicator_id"]) if r.get("indicator_id") else \
                one_line(r.get("indicator_text") or MISSING)
            year = ed.t("annual") if r.get("annual") else \
                (str(r[year_key]) if r.get(year_key) is not None else MISSING)
            rows.append([el("a", name, href=f"#{anchor(str(r[key]))}"), year,
                         el("span", r.get("value_text") or MISSING, class_="num"), ed.t(kind)])
    return rows


def _mismatches(text: str, rows: Iterable[dict[str, object]]) -> list[dict[str, object]]:
    """Rows whose stored quote is not the text at their offsets (a stale text file)."""
    return [r for r in rows
            if text[int(r["char_start"]):int(r["char_end"])] != r.get("quote")]  # type: ignore[call-overload]


def document_page(ed: Edition, doc: dict[str, object]) -> tuple[str, str]:
    """Metadata and the full text with every target and statistic marked at its offsets."""
    doc_id = str(doc["doc_id"])
    title = str(doc.get("title") or doc_id)
    region = doc.get("region")
    items: list[tuple[str, object]] = [
        ("title", title),
        ("region", ed.link(ed.region_name(region), ed.city_href(region, 1))),
        ("level", ed.t(f"level_{doc.get('level')}") if doc.get("level") else MISSING),
        ("province", doc.get("province")), ("issuer", doc.get("issuer")),
        ("doc_number", doc.get("doc_number")), ("issued_on", _date(doc.get("issued_on"))),
        ("file_name", doc.get("file_name")), ("n_chars", doc.get("n_chars")),
        ("targets", len(ed.data.targets.get(doc_id, []))),
    ]
    if ed.data.observations.get(doc_id):
        items.append(("observations", len(ed.data.observations[doc_id])))
    if doc.get("genre") is not None:
        items.append(("genre", genre(doc["genre"], ed.lang)))
    if doc.get("doc_kind") is not None:
        kind = ed.data.doc_kinds.get(str(doc["doc_kind"]), {})
        items.append(("doc_kind", kind.get(f"name_{ed.lang}") or doc["doc_kind"]))
    if doc.get("duplicate_of"):
        items.append(("duplicate_of", ed.link(doc["duplicate_of"],
                                              ed.doc_href(doc["duplicate_of"], 1))))
    facts = el("dl", *(join([el("dt", ed.t(k)), el("dd", v if v is not None else MISSING)])
                       for k, v in items), class_="facts")
    text = read_text(ed.data, doc)
    body: list[object] = [el("h1", title), facts]
    if text is None:
        ed.missing_texts += 1
        rows = [[el("a", ed.indicator_name(t.get("indicator_id")) if t.get("indicator_id")
                    else one_line(t.get("indicator_text")), id=anchor(str(t["target_id"]))),
                 el("div", highlight_quote(t), class_="quote")]
                for t in ed.data.targets.get(doc_id, [])]
        body += [el("p", ed.t("text_missing"), class_="note"),
                 _wrap(table([ed.t("indicator"), ed.t("sentence")], rows))]
    else:
        bad = _mismatches(text, [*ed.data.targets.get(doc_id, []),
                                 *ed.data.observations.get(doc_id, [])])
        ed.text_mismatches += len(bad)
        if bad:
            body.append(el("p", ed.t("offset_warning"), " ",
                           ", ".join(str(r.get("target_id") or r.get("observation_id"))
                                     for r in bad), class_="note"))
        listed = _extracted_rows(ed, doc_id)
        if listed:
            body += [el("h2", ed.t("extracted")),
                     _wrap(table([ed.t("indicator"), ed.t("year"), ed.t("value"), ed.t("kind")],
                                 listed))]
        body += [el("h2", ed.t("text")),
                 el("div", mark_text(text, _spans(ed, doc_id)), class_="doctext")]
    path = f"documents/{ed.data.doc_slugs.get(doc_id, doc_id)}.html"
    return ed.render(path, title, join(body), up=1)


def document_index(ed: Edition) -> Iterator[tuple[str, str]]:
    docs = _records_of(ed.data.documents)
    chunks = _pages(docs)
    for k, chunk in enumerate(chunks, start=1):
        rows = [[ed.link(d.get("title") or d["doc_id"], ed.doc_href(d["doc_id"], 1)),
                 ed.region_name(d.get("region")), d.get("doc_number") or MISSING,
                 _date(d.get("issued_on")), len(ed.data.targets.get(str(d["doc_id"]), []))]
                for d in chunk]
        body = join([el("h1", ed.t("all_documents")), _pager(ed, "index", len(chunks), k),
                     _wrap(table([ed.t("title"), ed.t("region"), ed.t("doc_number"),
                                  ed.t("issued_on"), ed.t("targets")], rows))])
        yield ed.render(f"documents/{_paged_name('index', k)}", ed.t("all_documents"), body,
                        up=1)


# --- home and downloads -------------------------------------------------------------------


def _findings(ed: Edition) -> Markup:
    """The comparison layer's findings sentences, the first few of each section.

    The coverage section speaks city by city (one sentence each): on a national
    store its first sentences say little and cost seconds, so the home page keeps
    it for small stores only; every city's page shows its own statuses.
    """
    from analysis.compare.findings import SECTIONS, findings

    sections = SECTIONS if len(ed.data.cities) <= HOME_LIST_MAX else \
        tuple(s for s in SECTIONS if s != "coverage")
    found = findings(ed.data.db, ed.lang, sections=sections)
    if found.empty:
        return el("p", ed.t("finding_none"), class_="note")
    parts = []
    for section, rows in found.groupby("section", sort=False):
        texts = rows["text"].tolist()
        more = len(texts) - TOP_FINDINGS
        items = [el("li", t) for t in texts[:TOP_FINDINGS]]
        if more > 0:
            items.append(el("li", ed.t("findings_more", n=more), class_="note"))
        parts.append(join([el("h3", ed.t(f"section_{section}")), el("ul", *items)]))
    return join(parts)


def home_page(ed: Edition) -> tuple[str, str]:
    """What the corpus holds, the headline findings, and links to everything."""
    data = ed.data
    n_targets = sum(len(v) for v in data.targets.values())
    n_mapped = sum(1 for v in data.targets.values() for t in v if t.get("indicator_id"))
    stats = [(len(data.documents), "n_documents"), (len(data.cities), "n_cities"),
             (n_targets, "n_targets"), (n_mapped, "n_mapped"),
             (len(data.set_indicators()), "n_indicators"),
             (sum(len(v) for v in data.goals.values()), "n_goals")]
    cities = _records_of(data.cities)
    city_links = el("ul", *(el("li", ed.link(ed.region_name(c["region"], c.get("region_en")),
                                             ed.city_href(c["region"], 0)))
                            for c in cities[:HOME_LIST_MAX]), class_="cols")
    ind_links = el("ul", *(el("li", ed.link(ed.indicator_name(i), ed.indicator_href(i, 0)))
                           for i in data.set_indicators()), class_="cols")
    figures = [ed.figure(stem, 0, figure_caption(stem, ed.lang))
               for stem in ed.figures if stem.endswith(("ambition_ranking", "coverage_heatmap"))]
    ranked = sorted((a for a in data.ambition.values() if a.get("ambition_score") is not None),
                    key=lambda a: (-float(a["ambition_score"]), str(a["region"])))
    chart = charts.ratio_chart(
        [charts.Bar(ed.region_name(a["region"], a.get("region_en")),
                    float(a["ambition_score"]))  # type: ignore[arg-type]
         for a in ranked[:HOME_CHART_MAX]],
        ed.t("home_chart", n=min(len(ranked), HOME_CHART_MAX), total=len(ranked)))
    body = [el("h1", ed.t("site_title")),
            el("p", ed.t("built"), ": ", data.built_on or MISSING, class_="meta"),
            el("h2", ed.t("corpus")),
            el("ul", *(el("li", el("b", f"{n:,}"), ed.t(k)) for n, k in stats), class_="stats"),
            el("h2", ed.t("findings")),
            _findings(ed),
            chart, el("div", *figures, class_="figures"),
            el("h2", ed.t("cities")), city_links,
            el("p", el("a", ed.t("all_cities") + " →", href="cities/index.html")),
            el("h2", ed.t("indicators")), ind_links,
            el("p", el("a", ed.t("all_indicators") + " →", href="indicators/index.html")),
            el("h2", ed.t("documents")),
            el("p", el("a", ed.t("all_documents") + " →", href="documents/index.html")),
            el("h2", ed.t("downloads")),
            el("p", el("a", ed.t("downloads") + " →", href="downloads.html"))]
    return ed.render("index.html", ed.t("site_title"), join(body), up=0)


def downloads_page(ed: Edition) -> tuple[str, str]:
    """The figures, the workbook and the exports, as files copied into the site."""
    body: list[object] = [el("h1", ed.t("downloads"))]
    for group in ("workbook", "figures", "exports"):
        items = [(label, path) for g, label, path in ed.downloads if g == group]
        body.append(el("h2", ed.t(group)))
        links = (el("li", el("a", label, href=f"../{path}")) for label, path in items)
        body.append(el("ul", *links)
                    if items else el("p", ed.t("nothing_to_download"), class_="note"))
    return ed.render("downloads.html", ed.t("downloads"), join(body), up=0)


def edition_pages(ed: Edition) -> Iterator[tuple[str, str]]:
    """Every page of one edition."""
    yield home_page(ed)
    yield downloads_page(ed)
    yield from city_index(ed)
    for city in _records_of(ed.data.cities):
        yield city_page(ed, city)
    yield indicator_index(ed)
    for indicator_id in ed.data.set_indicators():
        yield from indicator_pages(ed, indicator_id)
    yield from document_index(ed)
    for doc in _records_of(ed.data.documents):
        yield document_page(ed, doc)
