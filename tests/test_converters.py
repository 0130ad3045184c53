"""Converters: PDF, Word and web pages give the same targets as the plain text; hostile files are refused.

Every document is generated at test time (fpdf2 with a CJK font shipped by
mplfonts, python-docx, an HTML string), from sentences of the Dongying seed,
so no binary fixture is needed and the expected targets are known.
"""

from __future__ import annotations

import importlib.util
import io
import struct
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from analysis.extract.rules import extract_and_map
from analysis.ingest.converters import (
    DOCX_MAX_RATIO,
    Converted,
    DocumentError,
    convert,
    join_wrapped,
    table_lines,
)

# --- the plan every format carries (sentences from the Dongying seed) -------------------

ISSUER = "东营市人民政府办公室"
TITLE = "关于进一步完善医疗卫生服务体系的实施意见"
S1 = ("到2025年，全市每千人口医疗卫生机构床位数达到7.55张、每千人口中医类医院床位数达到0.85张、"
      "每千人口康复病床数达到0.42张。")
S2 = ("到2025年，床医比、医护比分别达到1:0.55、1:1.2，每万人口全科医生和公共卫生人员数分别达到"
      "4人、8.5人。")
P1 = f"2.优化医疗资源配置。科学配置公立医院数量和规模，建立健全公立医院级别等次动态调整机制。{S1}（责任单位：市卫生健康委）"
P2 = f"3.强化人力资源供给保障。优化医疗卫生队伍结构，促进床医、医护等合理配比。{S2}"
TABLE = [
    ["指标", "2020年", "2025年"],
    ["每千人口执业（助理）医师数（人）", "2.9", "3.4"],
    ["每千人口注册护士数（人）", "3.3", "3.8"],
]
CAPTION = "表1 主要指标"

# (kind, content): center / para / table / fill (leave n lines on the page) / right
BLOCKS: list[tuple[str, object]] = [
    ("center", ISSUER),
    ("center", TITLE),
    ("para", "一、主要任务"),
    ("para", P1),
    ("table", TABLE),
    ("fill", 2),
    ("para", P2),
    ("para", "二、保障措施"),
    ("right", ISSUER),
    ("right", "2024年12月24日"),
]


def plain_text(blocks: list[tuple[str, object]] = BLOCKS) -> str:
    """The plan as clean text: one paragraph per line, the table as pipe rows."""
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            lines.append(CAPTION)
            lines += ["| " + " | ".join(row) + " |" for row in content]  # type: ignore[union-attr]
        elif kind != "fill":
            lines.append(str(content))
    return "\n".join(lines) + "\n"


def target_keys(text: str, codebook) -> list[tuple[str | None, float, int | None]]:
    return sorted(
        ((t.indicator_id, t.value, t.target_year) for t in extract_and_map(text, codebook)),
        key=str,
    )


# --- PDF generation ----------------------------------------------------------------------


def cjk_font() -> Path:
    spec = importlib.util.find_spec("mplfonts")
    assert spec is not None and spec.submodule_search_locations, "mplfonts is a pinned dependency"
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / "SimHei.ttf"


PT = 12
EM_MM = PT * 25.4 / 72
LEFT_MM, TOP_MM, BOTTOM_MM, PITCH_MM = 25.0, 30.0, 262.0, 7.0


class PlanPdf:
    """Lays out lines like a typesetter: greedy wrapping at a fixed width, 2-em indents,
    a running header and a "— n —" page number on every page."""

    def __init__(self, width_mm: float, header: str | None = "东营市人民政府公报") -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.add_font("cjk", fname=str(cjk_font()))
        self.pdf.set_auto_page_break(False)
        self.width = width_mm
        self.header = header
        self.pages = 0
        self.y = TOP_MM
        self._new_page()

    def _new_page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        self.pdf.set_font("cjk", size=9)
        if self.header:
            self.pdf.set_xy(LEFT_MM, 10)
            self.pdf.cell(self.width, 5, self.header, align="C")
        self.pdf.set_xy(LEFT_MM, 283)
        self.pdf.cell(self.width, 5, f"— {self.pages} —", align="C")
        self.pdf.set_font("cjk", size=PT)
        self.y = TOP_MM

    def _line(self, text: str, x: float) -> None:
        if self.y > BOTTOM_MM:
            self._new_page()
        self.pdf.set_xy(x, self.y)
        self.pdf.cell(text=text)
        self.y += PITCH_MM

    def para(self, text: str) -> None:
        for line, indent in wrap(self.pdf, text, self.width):
            self._line(line, LEFT_MM + indent)

    def center(self, text: str) -> None:
        self._line(text, LEFT_MM + (self.width - self.pdf.get_string_width(text)) / 2)

    def right(self, text: str) -> None:
        self._line(text, LEFT_MM + self.width - self.pdf.get_string_width(text))

    def table(self, rows: list[list[str]]) -> None:
        self.pdf.set_xy(LEFT_MM, self.y)
        style = FontFace(emphasis="")
        with self.pdf.table(headings_style=style, width=self.width, line_height=PITCH_MM,
                            col_widths=(3, 1, 1)) as table:
            table.row().cell(CAPTION, colspan=3)
            for row in rows:
                cells = table.row()
                for cell in row:
                    cells.cell(cell)
        self.y = self.pdf.get_y() + PITCH_MM

    def fill(self, lines_left: int) -> None:
        """Move down so that only ``lines_left`` lines fit: the next paragraph crosses the page."""
        self.y = max(self.y, BOTTOM_MM - (lines_left - 1) * PITCH_MM)

    def build(self, blocks: list[tuple[str, object]]) -> bytes:
        for kind, content in blocks:
            getattr(self, kind)(content)
        return bytes(self.pdf.output())


def wrap(pdf: FPDF, text: str, width: float, indent: float = 2 * EM_MM) -> list[tuple[str, float]]:
    """Greedy line breaking by glyph width: Chinese wraps anywhere, even inside 7.55."""
    lines, current, avail, first = [], "", width - indent, indent
    for ch in text:
        if pdf.get_string_width(current + ch) > avail:
            lines.append((current, first))
            current, avail, first = ch, width, 0.0
        else:
            current += ch
    lines.append((current, first))
    return lines


def width_splitting(token: str, text: str) -> float:
    """A text width at which greedy wrapping breaks ``token`` (a number) across two lines."""
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(cjk_font()))
    pdf.set_font("cjk", size=PT)
    start = text.index(token)
    for tenth in range(1300, 1600, 5):
        width = tenth / 10
        ends, pos = [], 0
        for line, _ in wrap(pdf, text, width):
            pos += len(line)
            ends.append(pos)
        if any(start < end < start + len(token) for end in ends):
            return width
    raise AssertionError(f"no width breaks {token}")


@pytest.fixture(scope="module")
def plan_pdf_bytes() -> bytes:
    return PlanPdf(width_splitting("7.55", P1)).build(BLOCKS)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def scanned_pdf() -> bytes:
    """A page that is only a picture of text: what a scanner produces."""
    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(80, 700, 40):
        draw.rectangle((60, y, 540, y + 12), fill="black")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())


def encrypted_pdf(source: bytes, user_password: str) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- PDF tests ---------------------------------------------------------------------------


def test_pdf_gives_the_same_targets_as_the_text(tmp_path, plan_pdf_bytes, codebook):
    converted = convert(write(tmp_path, "plan.pdf", plan_pdf_bytes))
    assert converted.converter == "pdf"
    assert converted.converter_version.startswith("pdfplumber ")
    expected = target_keys(plain_text(), codebook)
    assert len(expected) == 9
    assert target_keys(converted.text, codebook) == expected


def test_pdf_layout_is_undone(tmp_path, plan_pdf_bytes):
    path = write(tmp_path, "plan.pdf", plan_pdf_bytes)
    with pdfplumber.open(path) as pdf:
        raw = "\n".join(page.extract_text() for page in pdf.pages)
        assert len(pdf.pages) == 2
    # the generated PDF really breaks the number and the paragraph across lines and pages
    assert "7.55" not in raw and "— 1 —" in raw
    text = convert(path).text
    lines = text.splitlines()
    assert P1 in lines and P2 in lines  # rejoined, P2 across the page break
    assert "东营市人民政府公报" not in text  # running header
    assert "—" not in text  # page numbers
    assert lines[:3] == [ISSUER, TITLE, "一、主要任务"]
    assert lines[-2:] == [ISSUER, "2024年12月24日"]


def test_pdf_table_cells_are_never_glued(tmp_path, plan_pdf_bytes):
    text = convert(write(tmp_path, "plan.pdf", plan_pdf_bytes)).text
    assert CAPTION in text.splitlines()
    assert "| 每千人口执业（助理）医师数（人） | 2.9 | 3.4 |" in text
    assert "| 指标 | 2020年 | 2025年 |" in text


def test_scanned_pdf_is_refused(tmp_path):
    with pytest.raises(DocumentError, match=r"no text layer \(scanned\); OCR is not supported"):
        convert(write(tmp_path, "scan.pdf", scanned_pdf()))


def test_encrypted_pdf_is_refused(tmp_path, plan_pdf_bytes):
    path = write(tmp_path, "locked.pdf", encrypted_pdf(plan_pdf_bytes, "secret"))
    with pytest.raises(DocumentError, match="encrypted PDF"):
        convert(path)


def test_pdf_with_only_an_owner_password_is_read(tmp_path, plan_pdf_bytes, codebook):
    """Permissions-only encryption (empty user password) is common and readable."""
    path = write(tmp_path, "restricted.pdf", encrypted_pdf(plan_pdf_bytes, ""))
    assert target_keys(convert(path).text, codebook) == target_keys(plain_text(), codebook)


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_pdf_is_refused(tmp_path, plan_pdf_bytes, keep):
    path = write(tmp_path, "cut.pdf", plan_pdf_bytes[: int(len(plan_pdf_bytes) * keep)])
    with pytest.raises(DocumentError, match="truncated"):
        convert(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!DOCTYPE html><html><body>403 Forbidden</body></html>", "not a PDF (an HTML page)"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n", "corrupt PDF"),
        (b"", "empty file"),
    ],
)
def test_damaged_pdfs_are_refused_with_a_reason(tmp_path, data, reason):
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        convert(write(tmp_path, "bad.pdf", data))


def test_page_number_variants_are_dropped(tmp_path, codebook):
    """第3页 / - 3 - / 3/12 at the foot of each page never reach the text."""
    pdf = PlanPdf(150, header=None)
    for mark in ("第 1 页 共 3 页", "- 2 -"):
        pdf.para(S1 if mark.startswith("第") else S2)
        pdf.pdf.set_xy(LEFT_MM, 276)
        pdf.pdf.cell(text=mark)
        pdf._new_page()
    pdf.para("3.其他。")
    text = convert(write(tmp_path, "p.pdf", pdf.build([]))).text
    assert "页" not in text and "- 2 -" not in text
    assert S1 in text and S2 in text


# --- DOCX --------------------------------------------------------------------------------


def plan_docx() -> bytes:
    document = docx.Document()
    for kind, content in BLOCKS:
        if kind == "table":
            table = document.add_table(rows=len(TABLE) + 1, cols=3)
            caption = table.cell(0, 0).merge(table.cell(0, 2))
            caption.text = CAPTION
            for i, row in enumerate(TABLE, start=1):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        elif kind in ("center", "para", "right"):
            paragraph = document.add_paragraph(str(content))
            if kind == "center":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif kind == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section = document.sections[0]
    section.header.paragraphs[0].text = "东营市人民政府公报"  # page furniture: not body text
    section.footer.paragraphs[0].text = "— 1 —"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_gives_the_same_text_and_targets(tmp_path, codebook):
    converted = convert(write(tmp_path, "plan.docx", plan_docx()))
    assert converted.converter_version.startswith("python-docx ")
    assert converted.text == plain_text()
    assert target_keys(converted.text, codebook) == target_keys(plain_text(), codebook)


def test_docx_merged_cells_and_tabs(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、目标\t到2025年")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "目标值"
    table.cell(0, 0).text = "指标"
    for j, value in enumerate(["床位|数", "7.5", "8.0"]):
        table.cell(1, j).text = value
    out = io.BytesIO()
    document.save(out)
    text = convert(write(tmp_path, "m.docx", out.getvalue())).text
    assert text.splitlines() == ["一、目标 到2025年", "| 指标 | 目标值 |  |", "| 床位｜数 | 7.5 | 8.0 |"]


def docx_with(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """20 MB of one repeated byte: a 1000:1 ratio no real document has."""
    return docx_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"A" * (20 << 20)})


def lying_zip_docx() -> bytes:
    """A central directory that declares 3.9 GB for a tiny entry: refused before inflating."""
    data = bytearray(docx_with({"word/document.xml": b"<w:document/>"}))
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xF0000000)
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"just some text, not a zip", r"not a \.docx file \(not a zip archive\)"),
        (b"%PDF-1.4\n%%EOF\n", r"not a \.docx file \(it is a PDF\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy .doc or password-protected"),
        (docx_with({"hello.txt": b"hi"}), r"not a Word document \(no word/document.xml\)"),
        (docx_with({"word/document.xml": b"<w:document><unclosed>"}), "corrupt Word document"),
    ],
)
def test_bad_docx_is_refused_with_a_reason(tmp_path, data, reason):
    with pytest.raises(DocumentError, match=reason):
        convert(write(tmp_path, "bad.docx", data))


def test_zip_bomb_is_refused_before_extracting(tmp_path):
    with pytest.raises(DocumentError, match=rf"possible zip bomb: .* \(limit {DOCX_MAX_RATIO}x\)"):
        convert(write(tmp_path, "bomb.docx", zip_bomb_docx()))
    with pytest.raises(DocumentError, match="possible zip bomb: unpacks to 3840 MB"):
        convert(write(tmp_path, "liar.docx", lying_zip_docx()))


# --- HTML --------------------------------------------------------------------------------

SCRIPT_TEXT = "每千人口床位数达到99张"


def plan_html(blocks: list[tuple[str, object]] = BLOCKS, charset: str = "utf-8") -> str:
    body = []
    for kind, content in blocks:
        if kind == "table":
            rows = [f'<tr><td colspan="3">{CAPTION}</td></tr>']
            rows += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in content]  # type: ignore[union-attr]
            body.append('<table border="1" class="MsoTable">' + "".join(rows) + "</table>")
        elif kind == "center":
            body.append(f'<p style="text-align:center">{content}</p>')
        elif kind == "right":
            body.append(f'<p align="right">{content}</p>')
        elif kind == "para":
            text = str(content).replace("，", "，\n    ", 1)  # a source line break inside a sentence
            body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>")
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_东营市人民政府</title>
<style>.nav {{ color: red }} /* 每千人口床位数达到98张 */</style>
<script>document.write("<p>{SCRIPT_TEXT}</p>");</script>
</head><body>
<div class="header"><h1>东营市人民政府门户网站</h1><div class="search">站内搜索</div></div>
<ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li><li>政策文件</li><li>互动交流</li></ul>
<div class="location">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="article-wrap">
  <div id="zoom" class="TRS_Editor">{"".join(body)}
    <script type="text/javascript">var s = "{SCRIPT_TEXT}"; alert(s);</script>
    <p style="display:none">隐藏的每千人口康复病床数达到8张</p>
    <!-- 每千人口中医类医院床位数达到9张 -->
  </div>
  <div class="share">分享到：微信 微博</div>
</div>
<div class="related"><h3>相关文件</h3><ul><li>关于印发东营市医疗机构设置规划的通知</li></ul></div>
<div class="footer">主办：东营市人民政府办公室 版权所有 鲁ICP备05001234号 网站标识码3705000001
联系电话：0546-8388888</div>
<noscript>请开启JavaScript</noscript>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_html_article_body_gives_the_same_text_and_targets(tmp_path, charset, codebook):
    encoding = "gbk" if charset == "gb2312" else "utf-8"
    path = write(tmp_path, "plan.html", plan_html(charset=charset).encode(encoding))
    converted = convert(path)
    assert converted.converter_version.startswith("beautifulsoup4 ")
    assert converted.text == plain_text()
    assert target_keys(converted.text, codebook) == target_keys(plain_text(), codebook)


def test_html_scripts_menus_and_hidden_text_never_reach_the_text(tmp_path):
    text = convert(write(tmp_path, "p.htm", plan_html().encode("utf-8"))).text
    for junk in (SCRIPT_TEXT, "98张", "隐藏", "9张", "首页", "当前位置", "版权所有", "分享到",
                 "相关文件", "JavaScript", "门户网站", "站内搜索"):
        assert junk not in text, junk


def test_html_wrong_charset_declaration_and_no_declaration(tmp_path):
    page = plan_html(charset="gb2312")
    assert convert(write(tmp_path, "a.html", page.encode("utf-8"))).text == plain_text()
    undeclared = page.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    assert convert(write(tmp_path, "b.html", undeclared.encode("gb18030"))).text == plain_text()


def test_html_without_content_markers_uses_the_densest_block(tmp_path):
    page = f"""<html><body><table width="100%"><tr><td><a href="/">首页</a> | <a>新闻</a></td></tr>
    <tr><td><table><tr><td>{ISSUER}<br>{TITLE}<br>{P1}<br>{P2}</td></tr></table></td></tr>
    <tr><td>版权所有 网站地图</td></tr></table></body></html>"""
    text = convert(write(tmp_path, "old.html", page.encode("utf-8"))).text
    assert text.splitlines() == [ISSUER, TITLE, P1, P2]


@pytest.mark.parametrize("wrapper", ["div", 'div class="nav"', 'div class="content"'])
def test_html_nested_ten_thousand_deep_is_fast_and_does_not_crash(tmp_path, wrapper):
    close = wrapper.split()[0]
    page = f"<html><body>{f'<{wrapper}>' * 10000}{P1}{f'</{close}>' * 10000}</body></html>"
    converted = convert(write(tmp_path, "deep.html", page.encode("utf-8")))
    assert "7.55张" in converted.text


def test_html_with_only_scripts_has_no_text(tmp_path):
    page = f"<html><head><script>{SCRIPT_TEXT}</script></head><body><script>x()</script></body></html>"
    with pytest.raises(DocumentError, match="no text"):
        convert(write(tmp_path, "empty.html", page.encode("utf-8")))


# --- shared pieces and dispatch ------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [("床位", "数达到", "床位数达到"), ("7.", "55张", "7.55张"), ("health", "care", "health care"),
     ("infor-", "mation", "information"), ("2-", "3处", "2-3处"), ("", "x", "x")],
)
def test_join_wrapped(left, right, joined):
    assert join_wrapped(left, right) == joined


def test_table_lines_caption_and_empty_rows():
    rows = [["表1 主要指标", None, None], [None, None, None], ["指标", "2025年", None],
            ["床位|数", "7.5\n张", ""]]
    assert table_lines(rows, wrapped=True) == [
        (0, "表1 主要指标"), (2, "| 指标 | 2025年 |  |"), (3, "| 床位｜数 | 7.5张 |  |")
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("plan.doc", "legacy Word .doc is not supported; save it as .docx"),
     ("plan.ofd", "OFD is not supported; export it as PDF"),
     ("plan.xlsx", "unsupported file type .xlsx")],
)
def test_unsupported_formats_say_what_to_do(tmp_path, name, reason):
    with pytest.raises(DocumentError, match=reason):
        convert(write(tmp_path, name, b"data"))


def test_oversized_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(60 * 2**20)  # sparse: costs no disk
    with pytest.raises(DocumentError, match="file is 60 MB, over the 50 MB limit"):
        convert(big)


def test_every_converter_records_its_library_and_version(tmp_path):
    converted = convert(write(tmp_path, "a.txt", "到2025年，床位数达到7张。".encode("gb18030")))
    assert converted == Converted(converted.text, "text", converted.converter_version, "gb18030")
    assert converted.converter_version.startswith("python-codecs 3.")


@pytest.mark.parametrize(("text", "encoding"), [
    ("每千常住人口床位數達5.3張，每萬常住人口全科醫生數超過6人。", "big5"),
    ("到2025年，床位数达到7张。", "gb18030"),
    ("县域内就诊率达到90%以上，家庭医生签约服务覆盖率达到75%。", "gbk"),
])
def test_legacy_chinese_code_pages_are_told_apart(tmp_path, text, encoding):
    """GBK/GB2312 read as GB18030 (never as Korean cp949), Big5 as Big5."""
    converted = convert(write(tmp_path, "a.txt", text.encode(encoding)))
    assert converted.text == text
    assert converted.encoding == ("big5" if encoding == "big5" else "gb18030")
