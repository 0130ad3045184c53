"""The site as a person sees it: headless Chromium opens the home, a city and an indicator page.

Checks what a reader meets: the title, the highlighted number, a link that opens the
document page on the same number, every glyph of the page in the CJK font the page
asks for, no console message (the pages run no script, so any message is an error),
and screenshots that show the chart.  Skipped, with the reason, when Chromium or the
CJK font is not installed (``.ci/run`` installs both: ``chromium fonts-noto-cjk``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from analysis.outputs.site import build_site
from analysis.outputs.site.html import FONT_STACK
from analysis.outputs.style import MORE_COLOR

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                         "google-chrome")) if p), None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                       "(apt-get install chromium fonts-noto-cjk; .ci/run installs it)"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--window-size=1280,1600",
         "--hide-scrollbars"]
CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")


class _Dom(HTMLParser):
    """Title, visible text (of <body>), marks and source links of a rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.text: list[str] = []
        self.marks: dict[str, str] = {}
        self.mark_texts: list[str] = []
        self.sources: list[str] = []
        self._where: list[str] = []
        self._open: list[list] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("title", "body", "style", "script"):
            self._where.append(tag)
        if tag == "mark":
            self._open.append([[a["id"]] if "id" in a else [], ""])
        elif tag == "span" and "anchor" in a.get("class", "") and self._open:
            self._open[-1][0].append(a["id"])
        if tag == "a" and a.get("class") == "source":
            self.sources.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "body", "style", "script") and self._where:
            self._where.pop()
        if tag == "mark" and self._open:
            ids, text = self._open.pop()
            self.mark_texts.append(text)
            self.marks.update(dict.fromkeys(ids, text))

    def handle_data(self, data: str) -> None:
        where = self._where[-1] if self._where else ""
        if where == "title" and "body" not in self._where:  # not an SVG <title> tooltip
            self.title += data
        elif "body" in self._where and where not in ("style", "script"):
            self.text.append(data)
        for item in self._open:
            item[1] += data


def _chromium(url: str, profile: Path, *args: str) -> tuple[str, list[str]]:
    """Load a page headless; (output, console messages)."""
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                          capture_output=True, text=True, timeout=120, check=False)
    console = [m.group(1) for m in map(CONSOLE.search, done.stderr.splitlines()) if m]
    return done.stdout, console


_DOMS: dict[str, tuple[str, list[str]]] = {}


def _open(url: str, profile: Path) -> _Dom:
    """The page as Chromium renders it. A page the module already loaded is not loaded again
    (Chromium takes a second to start; the files do not change within the module)."""
    if url not in _DOMS:
        _DOMS[url] = _chromium(url, profile, "--dump-dom")
    html, console = _DOMS[url]
    assert html.strip(), f"Chromium rendered nothing for {url}"
    assert console == [], f"console messages on {url}: {console}"
    dom = _Dom()
    dom.feed(html)
    return dom


def _cjk_font_chars() -> set[int]:
    """Code points of the first font of the page's stack that fontconfig has (Noto CJK SC)."""
    fc = shutil.which("fc-match")
    if fc is None:
        pytest.skip("fontconfig (fc-match) is not installed")
    family = FONT_STACK.split(",")[0].strip().strip('"')
    found = subprocess.run([fc, "-f", "%{file}|%{index}|%{family}", family],
                           capture_output=True, text=True, check=True).stdout
    file, index, families = found.split("|", 2)
    if family not in families:
        pytest.skip(f"{family} is not installed (apt-get install fonts-noto-cjk)")
    from fontTools.ttLib import TTCollection, TTFont

    font = (TTCollection(file).fonts[int(index or 0)] if file.endswith(".ttc")
            else TTFont(file))
    return set(font.getBestCmap())


@pytest.fixture(scope="module")
def site(site_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(site_store, out, figures=None, workbook=None, exports=None)
    return out


def test_home_city_and_indicator_pages_as_a_reader_sees_them(site: Path, tmp_path: Path):
    profile = tmp_path / "profile"
    home = _open((site / "zh" / "index.html").as_uri(), profile)
    assert home.title == "城市卫生健康规划目标对比"
    assert "数据概况" in "".join(home.text) and "东营市" in "".join(home.text)

    city_page = site / "zh" / "cities" / "dongying.html"
    city = _open(city_page.as_uri(), profile)
    assert city.title.startswith("东营市")
    assert "7.55张" in city.mark_texts  # the number highlighted in its sentence
    link = city.sources[0]
    target = urlsplit(link)
    doc_page = (city_page.parent / target.path).resolve()
    assert doc_page.exists(), link
    document = _open(f"{doc_page.as_uri()}#{target.fragment}", profile)
    assert document.marks[target.fragment] in city.mark_texts  # lands on the same number
    assert "<script>alert(1)</script>" in "".join(document.text)  # shown, not run

    for mark_id, value in document.marks.items():
        assert value, mark_id
    beds = _open((site / "zh" / "indicators" / "beds_per_1000.html").as_uri(), profile)
    assert beds.title.startswith("每千人口医疗卫生机构床位数")
    assert {"7.55张", "7.5张"} <= set(beds.mark_texts)

    english = _open((site / "en" / "cities" / "dongying.html").as_uri(), profile)
    assert english.title.startswith("Dongying (东营市)")


def test_every_link_on_the_city_page_opens_its_number(site: Path, tmp_path: Path):
    city_page = site / "zh" / "cities" / "dongying.html"
    city = _open(city_page.as_uri(), tmp_path / "profile")
    assert city.sources
    for link in city.sources:
        target = urlsplit(link)
        document = _open(f"{(city_page.parent / target.path).resolve().as_uri()}"
                         f"#{target.fragment}", tmp_path / "profile")
        assert document.marks[target.fragment] in city.mark_texts


def test_no_missing_glyphs(site: Path, tmp_path: Path):
    covered = _cjk_font_chars()
    for page in ("index.html", "cities/dongying.html", "indicators/beds_per_1000.html"):
        dom = _open((site / "zh" / page).as_uri(), tmp_path / "profile")
        shown = {ord(c) for c in "".join(dom.text) if not c.isspace()}
        missing = sorted(chr(c) for c in shown - covered)
        assert not missing, f"{page}: no glyph for {missing}"


def test_screenshots_show_text_and_the_chart(site: Path, tmp_path: Path):
    want = tuple(int(MORE_COLOR[i:i + 2], 16) for i in (1, 3, 5))
    for page in ("index.html", "cities/weihai.html"):
        shot = tmp_path / (page.replace("/", "_") + ".png")
        _, console = _chromium((site / "zh" / page).as_uri(), tmp_path / "profile",
                               f"--screenshot={shot}")
        assert console == []
        image = Image.open(shot).convert("RGB")
        assert image.size == (1280, 1600)
        colors = image.getcolors(maxcolors=1 << 20) or []
        bar_pixels = sum(n for n, rgb in colors if rgb == want)
        dark_pixels = sum(n for n, rgb in colors if sum(rgb) < 200)
        assert bar_pixels > 500, f"{page}: no chart bars in the screenshot"
        assert dark_pixels > 2000, f"{page}: no text in the screenshot"
