"""The report site: pages per city, indicator and document; numbers linked to their offsets.

Small stores are built inside the tests from plans written here; the seed store is used
only for properties that hold for any store (every link lands on its number).
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pandas as pd
import pytest

from analysis.cli import main
from analysis.outputs import display
from analysis.outputs.site import SiteError, build_site
from analysis.outputs.site.data import anchor
from analysis.outputs.site.html import Markup, el, esc
from analysis.outputs.site.labels import status
from analysis.outputs.site.text import Span, highlight_quote, mark_text
from analysis.store.schema import text_file

SCRIPT = "<script>alert(1)</script>"

class _Page(HTMLParser):
    """Links, ids, marks (id -> text), scripts and text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str]]] = []  # (tag, url, attrs)
        self.ids: set[str] = set()
        self.marks: dict[str, str] = {}
        self.mark_texts: list[str] = []
        self.scripts = 0
        self.title = ""
        self.text: list[str] = []
        self._open: list[list] = []  # [ids, text] of the marks being read
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.scripts += tag == "script"
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a:
                self.links.append((tag, a[key], a))
        self._in_title = self._in_title or tag == "title"
        if tag == "mark":
            self._open.append([[a["id"]] if "id" in a else [], ""])
        elif tag == "span" and "anchor" in a.get("class", "") and self._open:
            self._open[-1][0].append(a["id"])

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"
        if tag == "mark" and self._open:
            ids, text = self._open.pop()
            self.mark_texts.append(text)
            self.marks.update(dict.fromkeys(ids, text))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data
        for item in self._open:
            item[1] += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(site_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(site_store, out, figures=None, workbook=None, exports=None)
    return out


def _store(db: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).df()


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- pages --------------------------------------------------------------------------------


def test_one_page_per_city_indicator_document_in_both_editions(site: Path, site_store: Path):
    cities = _store(site_store, "SELECT region, region_en FROM cities")
    indicators = set(_store(site_store, "SELECT DISTINCT indicator_id FROM city_targets")
                     ["indicator_id"])
    docs = set(_store(site_store, "SELECT doc_id FROM documents")["doc_id"])
    assert sorted(cities["region_en"]) == ["Dongying", "Weihai"]
    assert {"beds_per_1000", "health_literacy_rate"} <= indicators
    for lang in ("zh", "en"):
        assert (site / lang / "index.html").exists()
        assert {p.stem for p in (site / lang / "cities").glob("*.html")} == \
            {"index", "dongying", "weihai"}
        assert {p.stem for p in (site / lang / "indicators").glob("*.html")} == \
            indicators | {"index"}
        assert {p.stem for p in (site / lang / "documents").glob("*.html")} == docs | {"index"}
    assert parse(site / "zh" / "cities" / "dongying.html").title.startswith("东营市")
    assert parse(site / "en" / "cities" / "dongying.html").title.startswith("Dongying (东营市)")


def test_city_page_numbers_link_to_the_same_value_marked_in_the_document(
        site: Path, site_store: Path):
    targets = _store(site_store, "SELECT c.target_id, t.value_text FROM city_targets c "
                                  "JOIN targets t USING (target_id) WHERE c.region = '东营市'")
    page = parse(site / "zh" / "cities" / "dongying.html")
    sources = [url for tag, url, a in page.links if a.get("class") == "source"]
    assert len(sources) == len(targets) >= 3
    for url in sources:
        parts = urlsplit(url)
        doc_page = (site / "zh" / "cities" / unquote(parts.path)).resolve()
        marks = parse(doc_page).marks
        target_id = next(t for t in targets["target_id"] if anchor(t) == parts.fragment)
        expected = targets.set_index("target_id").loc[target_id, "value_text"]
        assert marks[parts.fragment] == expected
    # the city page highlights the same number inside the sentence
    assert "7.55张" in page.mark_texts and "1:1.2" in page.mark_texts
    assert "35%" in page.mark_texts


def test_document_text_is_escaped_never_run(site: Path):
    doc = site / "zh" / "documents" / "dongying.html"
    html = doc.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html
    assert "script-src 'none'" in html
    page = parse(doc)
    assert SCRIPT in "".join(page.text)  # shown as text
    for path in _pages(site):
        assert parse(path).scripts == 0, path


def test_every_link_is_relative_and_lands_on_a_file_and_anchor(site: Path):
    for path in _pages(site):
        page = parse(path)
        for _, url, _ in page.links:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc and not url.startswith("/"), (path, url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.exists(), (path, url)
            if parts.fragment:
                assert parts.fragment in parse(target).ids, (path, url)
        assert str(site.parent) not in path.read_text(encoding="utf-8")


def test_language_switch_and_chinese_throughout(site: Path):
    zh = (site / "zh" / "indicators" / "beds_per_1000.html").read_text(encoding="utf-8")
    en = (site / "en" / "indicators" / "beds_per_1000.html").read_text(encoding="utf-8")
    assert 'href="../../en/indicators/beds_per_1000.html"' in zh
    assert 'href="../../zh/indicators/beds_per_1000.html"' in en
    assert "每千人口医疗卫生机构床位数" in zh and "目标年份" in zh and "Target year" not in zh
    assert "Health-institution beds per 1000 population" in en and "Target year" in en
    assert "张/千人" in zh and "beds per 1,000 people" in en
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert '"Noto Sans CJK SC"' in css


def test_indicator_page_lists_every_city_with_goals(site: Path, site_store: Path):
    page = parse(site / "zh" / "indicators" / "beds_per_1000.html")
    cities = [url for _, url, a in page.links if url.startswith("../cities/") and
              not url.endswith("index.html")]
    assert sorted(set(cities)) == ["../cities/dongying.html", "../cities/weihai.html"]
    assert {"7.55张", "7.5张"} <= set(page.mark_texts)
    goals = _store(site_store, "SELECT count(*) AS n FROM goals "
                                "WHERE indicator_id = 'beds_per_1000'")["n"][0]
    html = (site / "zh" / "indicators" / "beds_per_1000.html").read_text(encoding="utf-8")
    assert html.count("<tr>") >= goals + 2  # goals table + one row per city


def test_same_store_same_bytes_and_stale_pages_removed(site_store: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(site_store, out, figures=None, workbook=None, exports=None)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "zh" / "cities" / "gone.html").write_text("old", encoding="utf-8")
    build_site(site_store, out, figures=None, workbook=None, exports=None)
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second


def test_refuses_to_replace_a_folder_it_did_not_write(site_store: Path, tmp_path: Path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(SiteError, match="not a site"):
        build_site(site_store, tmp_path / "reports", figures=None, workbook=None, exports=None)
    assert (tmp_path / "reports" / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_figures_workbook_exports_copied_and_linked(site_store: Path, tmp_path: Path):
    figs = tmp_path / "figures"
    figs.mkdir()
    (figs / "03_cities_beds.png").write_bytes(b"\x89PNG fake")
    (figs / "03_cities_beds.svg").write_text("<svg/>", encoding="utf-8")
    (figs / "12_ambition_ranking.png").write_bytes(b"\x89PNG fake2")
    book = tmp_path / "briefing.xlsx"
    book.write_bytes(b"xlsx")
    exports = tmp_path / "exports"
    (exports / "csv").mkdir(parents=True)
    (exports / "csv" / "targets.csv").write_text("a,b\n", encoding="utf-8")
    out = tmp_path / "site"
    build_site(site_store, out, figures=figs, workbook=book, exports=exports)
    assert (out / "assets" / "figures" / "03_cities_beds.png").read_bytes() == b"\x89PNG fake"
    assert (out / "downloads" / "briefing.xlsx").read_bytes() == b"xlsx"
    assert (out / "downloads" / "exports" / "csv" / "targets.csv").exists()
    ind = (out / "zh" / "indicators" / "beds_per_1000.html").read_text(encoding="utf-8")
    assert 'src="../../assets/figures/03_cities_beds.png"' in ind
    home = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "../assets/figures/12_ambition_ranking.png" in home
    downloads = (out / "zh" / "downloads.html").read_text(encoding="utf-8")
    for href in ("../downloads/briefing.xlsx", "../assets/figures/03_cities_beds.svg",
                 "../downloads/exports/csv/targets.csv"):
        assert f'href="{href}"' in downloads


def test_curated_flag_shown_when_the_store_has_it(site_store: Path, tmp_path: Path):
    db = tmp_path / "curated.duckdb"
    db.write_bytes(site_store.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE targets SET curated = true WHERE value_text = '7.55张'")
    out = tmp_path / "site"
    build_site(db, out, langs=("zh",), figures=None, workbook=None, exports=None)
    html = (out / "zh" / "cities" / "dongying.html").read_text(encoding="utf-8")
    assert html.count("人工核对") == 1
    assert not (out / "en").exists() and 'hreflang="en"' not in html


def test_cli_site(site_store: Path, tmp_path: Path, capsys):
    code = main(["site", "--db", str(site_store), "--out", str(tmp_path / "s"), "--lang", "en",
                 "--figures", str(tmp_path / "none"), "--workbook", str(tmp_path / "none.xlsx")])
    assert code == 0
    out = capsys.readouterr().out
    assert "en/cities" in out and "largest page" in out
    assert main(["site", "--db", str(tmp_path / "missing.duckdb"), "--out",
                 str(tmp_path / "s2")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_seed_site_links_every_target_to_its_marked_value(seed_store: Path, tmp_path: Path):
    out = tmp_path / "site"
    report = build_site(seed_store, out, figures=None, workbook=None, exports=None)
    n_cities = len(_store(seed_store, "SELECT * FROM cities"))
    n_docs = len(_store(seed_store, "SELECT * FROM documents"))
    n_ind = len(_store(seed_store, "SELECT DISTINCT indicator_id FROM city_targets"))
    assert report.pages["zh/cities"] == n_cities + 1
    assert report.pages["zh/documents"] == n_docs + 1
    assert report.pages["zh/indicators"] == n_ind + 1
    assert report.text_mismatches == 0 and report.missing_texts == 0
    values = _store(seed_store, "SELECT target_id, value_text FROM targets")
    by_anchor = {anchor(t): v for t, v in zip(values["target_id"], values["value_text"],
                                              strict=True)}
    checked = 0
    for city in (out / "zh" / "cities").glob("*.html"):
        for _, url, a in parse(city).links:
            if a.get("class") != "source":
                continue
            parts = urlsplit(url)
            marks = parse((city.parent / parts.path).resolve()).marks
            assert marks[parts.fragment] == by_anchor[parts.fragment], url
            checked += 1
    n_city_targets = len(_store(seed_store, "SELECT * FROM city_targets"))
    assert checked == n_city_targets + _n_other_statements(seed_store) > 0


def _n_other_statements(db: Path) -> int:
    """Targets of city documents that are not a city's row in city_targets."""
    return int(_store(db, "SELECT count(*) AS n FROM targets t JOIN city_documents d "
                          "USING (doc_id) WHERE t.target_id NOT IN "
                          "(SELECT target_id FROM city_targets)")["n"][0])


# --- building blocks ----------------------------------------------------------------------


def test_highlight_quote_uses_offsets_relative_to_the_sentence():
    row = {"quote": "到2025年，床位\n\n数达到7.5张。", "char_start": 100, "value_start": 114,
           "value_end": 118}
    assert highlight_quote(row) == "到2025年，床位数达到<mark>7.5张</mark>。"
    row["quote"] = "<b>达到7.5张</b>"
    row.update(value_start=105, value_end=109)
    assert highlight_quote(row) == "&lt;b&gt;达到<mark>7.5张</mark>&lt;/b&gt;"


def test_mark_text_shares_one_mark_between_overlapping_spans():
    text = "床医比、医护比均达到1:1.2<x>"
    spans = [Span(10, 15, "t-b"), Span(10, 15, "t-a"), Span(0, 3, "t-c", "observation", "x")]
    html = mark_text(text, spans)
    assert html == ('<mark id="t-c" class="observation" title="x">床医比</mark>、医护比均达到'
                    '<mark id="t-a" class="target"><span class="anchor" id="t-b"></span>1:1.2'
                    '</mark>&lt;x&gt;')


def test_el_escapes_text_and_attributes():
    assert el("a", "<i>", href='x" onclick="y') == '<a href="x&quot; onclick=&quot;y">&lt;i&gt;</a>'
    assert esc(Markup("<b>")) == "<b>"
    assert status("set in words", "zh") == "文字表述设定"
    # a status without words is an error naming the closest keys, never printed as its code
    with pytest.raises(KeyError, match="closest: \\['set'"):
        status("sett", "en")
    assert status("set for another year", "en", 2030, 90, "percent") == \
        "set for another year (2030: 90%)"


def test_display_rounds_by_unit_and_reads_in_the_edition_language():
    # numbers follow the one rule of analysis.formats (tests/test_formats.py)
    assert display.one_line("床位\n\n数达到 7.5张") == "床位数达到 7.5张"
    assert display.one_line("beds per\n1,000") == "beds per 1,000"
    frame = pd.DataFrame({"region": ["东营市"], "indicator_unit": ["percent"],
                          "gap_pct": [58.823529], "city_value": [90.04], "quote": ["a\nb"],
                          "target_year": [2025], "text_path": ["text/x.txt"]})  # machine column: dropped
    zh = display.readable(frame, "zh")
    assert list(zh.columns) == ["城市", "单位", "相对差距（%）", "城市目标", "原文", "目标年份"]
    # a computed gap rounds to the percent's one decimal; a written 90.04 keeps its two
    assert zh.iloc[0].tolist() == ["东营市", "%", "58.8%", "90.04", "a b", "2025"]
    assert list(display.readable(frame, "en").columns)[:3] == ["City", "Unit", "Relative gap (%)"]
    with pytest.raises(ValueError, match="lang"):
        display.readable(frame, "fr")


def test_status_and_statistics_shown_when_the_store_has_them(site_store: Path, tmp_path: Path):
    """Columns other issues add (a status in city_vs_goals, observations) appear on the pages."""
    db = tmp_path / "extended.duckdb"
    db.write_bytes(site_store.read_bytes())
    shutil.copytree(site_store.parent / "text", tmp_path / "text")  # the texts travel along
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER VIEW city_vs_goals RENAME TO _city_vs_goals_base")
        con.execute("CREATE VIEW city_vs_goals AS SELECT *, 'set in words' AS status "
                    "FROM _city_vs_goals_base")  # a status per target, should compare add one
        doc_id = con.execute("SELECT doc_id FROM targets WHERE value_text = '7.55张'"
                             ).fetchone()[0]
        n_targets = con.execute("SELECT count(*) FROM city_targets WHERE region = '东营市'"
                                ).fetchone()[0]
        text_path = con.execute("SELECT text_path FROM documents WHERE doc_id = ?",
                                [doc_id]).fetchone()[0]
        text = text_file(db, text_path).read_text(encoding="utf-8")
        at = text.index("2025")
        con.execute("INSERT INTO observations (observation_id, doc_id, indicator_id, value, "
                    "data_year, quote, char_start, char_end, value_text, value_start, value_end)"
                    " VALUES ('obs@1', ?, NULL, 2025, 2025, ?, ?, ?, '2025', ?, ?)",
                    [doc_id, text[at:at + 4], at, at + 4, at, at + 4])
    out = tmp_path / "site"
    build_site(db, out, langs=("zh",), figures=None, workbook=None, exports=None)
    city = (out / "zh" / "cities" / "dongying.html").read_text(encoding="utf-8")
    assert city.count("文字表述设定") >= n_targets >= 3  # one per target of the city
    page = parse(out / "zh" / "documents" / "dongying.html")
    assert page.marks["t-obs_1"] == "2025"
    assert '<mark id="t-obs_1" class="observation"' in \
        (out / "zh" / "documents" / "dongying.html").read_text(encoding="utf-8")


def test_documents_without_their_text_still_list_every_sentence(site_store: Path,
                                                                tmp_path: Path, capsys):
    db = tmp_path / "moved.duckdb"
    db.write_bytes(site_store.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE documents SET text_path = '/nonexistent/text.txt'")
    out = tmp_path / "site"
    report = build_site(db, out, langs=("zh",), figures=None, workbook=None, exports=None)
    assert report.missing_texts == 2
    page = parse(out / "zh" / "documents" / "dongying.html")
    targets = _store(db, "SELECT target_id, value_text FROM targets WHERE doc_id = 'dongying'")
    assert {anchor(t) for t in targets["target_id"]} <= page.ids
    assert set(targets["value_text"]) <= set(page.mark_texts)
    assert main(["site", "--db", str(db), "--out", str(out), "--lang", "zh", "--figures", "",
                 "--workbook", "", "--exports", ""]) == 0
    assert "2 documents without their text file" in capsys.readouterr().err


def test_document_genre_and_kind_in_the_edition_language(site: Path, site_store: Path):
    genre, kind = _store(site_store, "SELECT genre, doc_kind FROM documents "
                                     "WHERE doc_id = 'dongying'").iloc[0]
    names = _store(site_store, f"SELECT name_zh, name_en FROM document_kinds "
                               f"WHERE doc_kind = '{kind}'").iloc[0]
    zh = (site / "zh" / "documents" / "dongying.html").read_text(encoding="utf-8")
    en = (site / "en" / "documents" / "dongying.html").read_text(encoding="utf-8")
    assert genre == "plan" and "<dd>规划/方案</dd>" in zh and "<dd>plan</dd>" in en
    assert f"<dd>{names['name_zh']}</dd>" in zh and f"<dd>{names['name_en']}</dd>" in en


def test_city_ratio_chart_uses_goals_of_the_same_year_only(city_store: Path, tmp_path: Path):
    """The chart of city ÷ goal is an ambition measure: a 2025 target over a 2020 or a 2035
    goal is no such measure (the table beside it labels those pairs instead).  On the
    five-city store of tests/fixture_store.py (its documents have no text: not needed here)."""
    report = build_site(city_store, tmp_path / "site", figures=None, workbook=None,
                        exports=None)
    assert report.missing_texts == 8 and report.text_mismatches == 0
    page = (tmp_path / "site" / "zh" / "cities" / "weihai.html").read_text(encoding="utf-8")
    chart = page[page.index("同年份国家目标"):page.index("各项目标")]
    assert "居民健康素养水平（2025）" in chart        # 37 vs the 2025 goal 25
    assert "医护比（2025）" in chart                  # 1.2 vs the 2025 goal 1.2
    assert "每千人口床位数（2025）" not in chart       # 7.5 vs the 2020 goal: labelled in the table
    assert "家庭医生签约率（全人群）（2025）" not in chart  # 60 vs the 2035 goal
    assert "每万人口全科医生数（2025）" not in chart    # 4 vs the 2030 goal
