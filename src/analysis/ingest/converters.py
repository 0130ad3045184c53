"""Turn a source file into text: plain text, PDF, Word (.docx) and saved web pages.

Every converter returns a :class:`Converted` (text plus the name and version
of the converter, recorded in the store) or raises :class:`DocumentError`
with a short message that names the reason, so a batch can skip the file
and go on.  Converters never let a library exception escape: a crash in a
PDF parser on one hostile file must not stop a build of hundreds.

What each converter guarantees, because the extractor relies on it:

* paragraphs come out one per line, with the line wraps of the page layout
  removed (Chinese text wraps mid-word, so wrapped lines are joined without
  a space; numbers broken across lines such as ``7.`` / ``55张`` are rejoined);
* table rows come out as ``| cell | cell |`` lines, one row per line, so two
  cells are never glued into one number or one phrase;
* page furniture (running headers, footers, page numbers such as ``— 3 —``),
  navigation menus, scripts and styles never reach the text.

Limits, because sources come from the open web: every file at most 50 MB;
PDFs at most 2000 pages, scanned PDFs (no text layer) and encrypted PDFs
refused (OCR and passwords are out of scope; permission-only encryption is
read); .docx files are checked through the zip directory before anything is
inflated (at most 200 MB unpacked, no part expanding more than 100x, at most
5000 parts) and parsed without resolving XML entities (python-docx's
parser); web pages are parsed, never run, and walked without recursion, so
nesting depth cannot crash the converter.
"""

from __future__ import annotations

import codecs
import functools
import importlib.metadata
import itertools
import platform
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}

# PDF: more pages than any plan has; beyond this a file is a DoS, not a document.
MAX_PDF_PAGES = 2000
# DOCX: a zip is inspected through its central directory *before* anything is
# decompressed.  Real plans unpack to a few MB at ratios of 3-20x; a zip bomb
# unpacks to GB at ratios of 1000x.
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_RATIO_MIN_BYTES = 1024 * 1024  # small parts may compress well; only big ones count
DOCX_MAX_ENTRIES = 5000

# Formats researchers meet on Chinese government sites that we cannot read, with the fix.
UNSUPPORTED_HINTS = {
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".wps": "WPS .wps is not supported; save it as .docx",
    ".ofd": "OFD is not supported; export it as PDF",
    ".rtf": "RTF is not supported; save it as .docx",
}


class DocumentError(Exception):
    """A file that cannot be used, with a reason a researcher can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class Converted:
    """Text extracted from a source file."""

    text: str
    converter: str
    converter_version: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


@functools.cache
def library_version(*dists: str) -> str:
    """``"pdfplumber 0.11.10"``: recorded per document so a text can be reproduced."""
    parts = []
    for dist in dists:
        try:
            parts.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist} (unknown version)")
    return " + ".join(parts)


# --- plain text ----------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CJK_RE = re.compile("[\u4e00-\u9fff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \x0c \r


def _cjk_share(text: str) -> float:
    return len(_CJK_RE.findall(text)) / len(text) if text else 0.0


def _control_share(text: str) -> float:
    return len(_CONTROL_RE.findall(text)) / len(text) if text else 0.0


# The legacy code pages Chinese sites publish in: GB18030 (a superset of GBK and GB2312,
# so it never loses a character) and Big5 (traditional-character sites).  Left free,
# charset-normalizer reads a short GBK excerpt as Korean cp949 ("到2025年" -> "돕2025쾨"):
# the candidates are isolated to these.
CHINESE_CODE_PAGES = ["gb18030", "big5", "big5hkscs"]


def _detected_encoding(data: bytes) -> str | None:
    """charset-normalizer's choice among the Chinese code pages, for bytes that are not UTF-8."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=CHINESE_CODE_PAGES).best()
    return best.encoding if best is not None else None


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte of ASCII/CJK text is often zero."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def decode_text(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode bytes of a Chinese text file: BOM, UTF-16, strict UTF-8, then the
    encoding charset-normalizer detects, then GB18030 (covers GBK and GB2312).

    Strict UTF-8 goes first because it is never wrong when it decodes and costs a
    single pass; the detector then tells GB18030 from Big5; GB18030 stays as the
    fallback when the detector has no answer.  Refuses binary data and text that
    decodes to mostly control characters.
    """
    if not data.strip():
        raise DocumentError(path, "empty file")
    bom = _bom_encoding(data)
    candidates: list[str] = []
    if bom:
        candidates = [bom]
    else:
        utf16 = _looks_like_utf16(data)
        if utf16:
            candidates.append(utf16)
        elif b"\x00" in data[:8192]:
            kind = sniff(data[:1024])
            detail = f" ({kind})" if kind else " (NUL bytes)"
            raise DocumentError(path, f"binary file{detail}, not text")
        candidates.append("utf-8")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            detected = _detected_encoding(data)
            if detected and detected not in candidates:
                candidates.append(detected)
        if "gb18030" not in candidates:
            candidates.append("gb18030")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > 0.01:
            continue
        if enc in CHINESE_CODE_PAGES and _cjk_share(text) < 0.05:
            continue  # legacy code pages decode almost anything; demand that it looks Chinese
        return text.replace("\r\n", "\n").replace("\r", "\n"), enc
    raise DocumentError(path, "not decodable as UTF-8, UTF-16 or GB18030/GBK text (binary?)")


# Plain text is decoded by Python's codecs, the encoding chosen with charset-normalizer.
TEXT_CONVERTER_VERSION = (f"python-codecs {platform.python_version()}, "
                          f"{library_version('charset-normalizer')}")


def convert_text(path: Path) -> Converted:
    """Plain text files in any of the encodings Chinese sites publish."""
    data = path.read_bytes()
    text, encoding = decode_text(data, path)
    return Converted(text, "text", TEXT_CONVERTER_VERSION, encoding)


# --- shared helpers ------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """What a file really is, from its first bytes: turns "corrupt PDF" into "an HTML page".

    A download that was blocked or redirected often saves an HTML error page
    under a ``.pdf`` name; saying so is more useful than a parser error.
    """
    if b"%PDF-" in head[:1024]:
        return "a PDF"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "a zip archive"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "a legacy .doc or password-protected Office file"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "an image"
    lowered = head[:512].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")):
        return "an HTML page"
    return None


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ASCII_WORD_END = re.compile(r"[A-Za-z]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z]")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")  # a word hyphenated at a line's end ...
_LOWER_START = re.compile(r"^[a-z]")  # ... and going on in lower case
_SPACE_RE = re.compile(r"\s+")


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph that a page layout wrapped.

    Chinese text has no spaces, so wrapped lines join directly (``床位`` +
    ``数`` -> ``床位数``, ``7.`` + ``55张`` -> ``7.55张``); only two Latin
    words get a space, and a hyphen that split a Latin word is dropped.
    """
    if not left:
        return right
    if not right:
        return left
    if _HYPHEN_END.search(left) and _LOWER_START.match(right):
        return left[:-1] + right
    if _ASCII_WORD_END.search(left) and _ASCII_WORD_START.match(right):
        return f"{left} {right}"
    return left + right


def _clean_cell(text: str | None, wrapped: bool) -> str:
    """One table cell on one line; ``|`` inside a cell must not start a new cell."""
    if not text:
        return ""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    joined = functools.reduce(join_wrapped, parts, "") if wrapped else " ".join(parts)
    return _SPACE_RE.sub(" ", joined).replace("|", "｜").strip()


def table_lines(rows: Sequence[Sequence[str | None]], wrapped: bool) -> list[tuple[int, str]]:
    """``(row index, line)`` for a table: pipe rows, one per table row.

    Leading rows with a single distinct text (a caption merged across the
    table, "表1 主要指标") become plain lines, so the pipe block starts at the
    real header row; empty rows are dropped.  ``wrapped`` says whether line
    breaks inside a cell are layout wraps (PDF) or real paragraph breaks.
    """
    out: list[tuple[int, str]] = []
    leading = True
    for i, row in enumerate(rows):
        cells = [_clean_cell(c, wrapped) for c in row]
        distinct = {c for c in cells if c}
        if not distinct:
            continue
        if leading and len(distinct) == 1 and len(cells) > 1:
            out.append((i, distinct.pop()))
            continue
        leading = False
        out.append((i, "| " + " | ".join(cells) + " |"))
    return out


def _library_error(path: Path, what: str, exc: Exception) -> DocumentError:
    """A parser crash on a hostile or damaged file, as a short reason."""
    detail = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else ""
    name = type(exc).__name__
    return DocumentError(path, f"corrupt {what} ({name}{': ' + detail if detail else ''})")


# --- PDF -----------------------------------------------------------------------------


@dataclass
class _Line:
    """One printed line of a PDF page, with the geometry paragraph joining needs."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    row: bool = False  # a table row: stays on its own line, never joined
    cells: list[str] = field(default_factory=list)  # columns separated by wide gaps


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    visible_chars: int
    cid_chars: int
    images: int


@dataclass(frozen=True)
class _Geometry:
    """Where the text block of a document sits: its left and right edges, font size, pitch."""

    left: float
    right: float
    size: float
    pitch: float


# A page number line: "— 3 —", "- 3 -", "3", "第3页", "第 3 页 共 12 页", "3/12", "Page 3 of 12".
_PAGE_NUMBER = re.compile(
    r"[—–\-－_·•~～\s]*\d{1,4}[—–\-－_·•~～\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[/，,、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]{1,3}[）)]"
    r"|\d{1,2}[.．、](?![\d.．])|第[一二三四五六七八九十百\d]+[章节部分条篇])"
)
_STRONG_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十百]{1,3}[）)]|第[一二三四五六七八九十百]+[章节条])"
)
_SENTENCE_END = set("。；：！？;:!?")
_CID = re.compile(r"^\(cid:\d+\)$")
EDGE_BAND = 0.1  # running headers/footers live in the outer 10% of a page
GAP_EM = 2.0  # a gap wider than two characters separates table columns, not words


def _visible(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Printed characters, each once (pdfplumber repeats expanded ligatures such as "fi")."""
    out, seen = [], set()
    for c in chars:
        key = (c["text"], round(c["x0"], 1), round(c["top"], 1))
        if c["text"].strip() and not _CID.match(c["text"]) and key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _segments(chars: list[dict[str, Any]], size: float) -> list[list[dict[str, Any]]]:
    """Split a line's characters where a gap is too wide to be inside a sentence."""
    segments: list[list[dict[str, Any]]] = [[]]
    prev = None
    for c in chars:
        if prev is not None and c["x0"] - prev["x1"] > GAP_EM * size:
            segments.append([])
        segments[-1].append(c)
        prev = c
    return [s for s in segments if s]


def _segment_text(chars: list[dict[str, Any]], size: float) -> str:
    """Characters of one segment; a space only where Latin text is set apart on the page.

    Chinese needs no spaces, and justified Chinese lines have gaps that are
    not word breaks, so a gap next to a Chinese character is never a space.
    """
    out: list[str] = []
    prev = None
    for c in chars:
        ch = c["text"]
        if (prev is not None and c["x0"] - prev["x1"] > 0.2 * size
                and prev["text"][-1:].isascii() and ch[:1].isascii()):
            out.append(" ")
        out.append(ch)
        prev = c
    return "".join(out)


def _text_line(raw: dict[str, Any], page: int) -> _Line | None:
    chars = sorted(_visible(raw.get("chars", [])), key=lambda c: c["x0"])
    if not chars:
        return None
    size = statistics.median(c["size"] for c in chars)
    segments = _segments(chars, size)
    texts = [_segment_text(s, size) for s in segments]
    return _Line(
        text=" ".join(texts),
        x0=chars[0]["x0"],
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=size,
        page=page,
        cells=texts if len(texts) > 1 else [],
    )


def _table_rows(table: Any, page: int, size: float) -> list[_Line]:
    rows = table.extract()
    lines = []
    for i, text in table_lines(rows, wrapped=True):
        x0, top, x1, bottom = table.rows[i].bbox if i < len(table.rows) else table.bbox
        lines.append(_Line(text, x0, x1, top, bottom, size, page, row=True))
    return lines


def _is_pdf_data_table(table: Any) -> bool:
    """A ruled grid with at least two columns; a box drawn around one paragraph is not."""
    rows = table.extract()
    return any(sum(1 for c in row if c and c.strip()) >= 2 for row in rows)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _read_page(page: Any) -> _Page:
    """Lines of one page in reading order, tables as pipe rows at their position."""
    page = page.dedupe_chars()  # fake bold: the same glyph drawn twice
    all_chars = [c for c in page.chars if c["text"].strip()]
    cid = sum(1 for c in all_chars if _CID.match(c["text"]))
    size = statistics.median(c["size"] for c in all_chars) if all_chars else 10.0
    tables = [t for t in page.find_tables() if _is_pdf_data_table(t)]
    boxes = [t.bbox for t in tables]
    body = page.filter(lambda o: "x0" not in o or not _inside(o, boxes)) if boxes else page
    lines = [
        line
        for raw in body.extract_text_lines(strip=True, return_chars=True)
        if (line := _text_line(raw, page.page_number)) is not None
    ]
    for table in tables:
        lines.extend(_table_rows(table, page.page_number, size))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return _Page(page.page_number, float(page.height), lines, len(all_chars) - cid, cid,
                 len(page.images))


def _edge_lines(page: _Page) -> list[_Line]:
    """The first two and last two lines of a page that sit in its outer band."""
    prose = [ln for ln in page.lines if not ln.row]
    edge = prose[:2] + prose[-2:]
    band_top, band_bottom = page.height * EDGE_BAND, page.height * (1 - EDGE_BAND)
    return [ln for ln in edge if ln.top < band_top or ln.bottom > band_bottom]


_DIGITS_RE = re.compile(r"\d+")


def _running_key(text: str) -> str:
    return _DIGITS_RE.sub("#", _SPACE_RE.sub("", text))


def _strip_page_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and headers/footers repeated on many pages (in place)."""
    for page in pages:
        prose = [ln for ln in page.lines if not ln.row]
        edges = {id(ln) for ln in prose[:2] + prose[-2:]}
        page.lines = [
            ln for ln in page.lines
            if not (id(ln) in edges and _PAGE_NUMBER.fullmatch(ln.text.strip()))
        ]
    if len(pages) < 2:
        return
    seen = Counter(key for p in pages for key in {_running_key(ln.text) for ln in _edge_lines(p)})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in seen.items() if n >= threshold}
    for page in pages:
        drop = {id(ln) for ln in _edge_lines(page) if _running_key(ln.text) in running}
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _geometry(lines: list[_Line]) -> _Geometry:
    prose = [ln for ln in lines if not ln.row and not ln.cells]
    if not prose:
        return _Geometry(0.0, 0.0, 10.0, 12.0)
    size = statistics.median(ln.size for ln in prose)
    left = Counter(round(ln.x0 / 2) * 2 for ln in prose).most_common(1)[0][0]
    x1s = sorted(ln.x1 for ln in prose)
    right = x1s[min(len(x1s) - 1, int(0.9 * len(x1s)))]
    steps = [b.top - a.top for a, b in itertools.pairwise(prose)
             if a.page == b.page and 0 < b.top - a.top < 3 * size]
    pitch = statistics.median(steps) if steps else 1.5 * size
    return _Geometry(float(left), right, size, pitch)


def _continues(a: _Line, b: _Line, geo: _Geometry) -> bool:
    """True when line ``b`` continues the paragraph of line ``a`` (a layout wrap)."""
    if a.row or b.row or a.cells or b.cells:
        return False
    if abs(a.size - b.size) > 0.6:
        return False  # a title in a larger font, a footnote in a smaller one
    if a.x1 < geo.right - 1.5 * geo.size:
        return False  # a short line ends its paragraph
    if b.x0 > geo.left + 1.2 * geo.size:
        return False  # an indented line starts one
    if a.page == b.page and b.top - a.top > 1.6 * geo.pitch:
        return False  # extra space between paragraphs
    if _HEADING_START.match(b.text):
        # "一、" at the start of a line is a heading unless a word was wrapped there
        return not (a.text[-1:] in _SENTENCE_END or _STRONG_HEADING.match(b.text))
    return True


def _pipe_rows_from_gaps(lines: list[_Line]) -> None:
    """Runs of lines split into the same number of columns by wide gaps are a ruleless table."""
    i = 0
    while i < len(lines):
        n = len(lines[i].cells)
        j = i
        while j < len(lines) and n >= 2 and len(lines[j].cells) == n:
            j += 1
        run = lines[i:j]
        if len(run) >= 2 and not all(len(c) == 1 for ln in run for c in ln.cells):
            for ln in run:
                ln.text = "| " + " | ".join(c.replace("|", "｜") for c in ln.cells) + " |"
                ln.row = True
        i = max(j, i + 1)


def _assemble(lines: list[_Line]) -> str:
    """Paragraphs one per line: wrapped lines joined, table rows kept apart."""
    _pipe_rows_from_gaps(lines)
    geo = _geometry(lines)
    paragraphs: list[str] = []
    prev: _Line | None = None
    for line in lines:
        if prev is not None and _continues(prev, line, geo):
            paragraphs[-1] = join_wrapped(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        prev = line
    return "\n".join(p.strip() for p in paragraphs if p.strip()) + "\n"


def _pdfminer_reason(exc: BaseException) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSEOF

    if isinstance(exc, PDFPasswordIncorrect):
        return "encrypted PDF (password required)"
    if isinstance(exc, PDFEncryptionError):
        return "encrypted PDF (unsupported encryption)"
    if isinstance(exc, PSEOF):
        return "truncated or corrupt PDF (unexpected end of file)"
    detail = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else type(exc).__name__
    return f"corrupt PDF ({detail})"


def _check_pdf_envelope(path: Path) -> None:
    """Cheap checks before parsing: a PDF header, and the end marker a truncated file lacks."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if not head.strip():
        raise DocumentError(path, "empty file")
    if b"%PDF-" not in head:
        kind = sniff(head)
        raise DocumentError(path, f"not a PDF ({kind})" if kind else "not a PDF (no %PDF header)")
    if b"%%EOF" not in tail:
        raise DocumentError(path, "truncated PDF (no %%EOF end marker)")


def _read_pdf(path: Path) -> list[_Page]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DocumentError(path, f"{len(pdf.pages)} pages, over the {MAX_PDF_PAGES} limit")
            pages = []
            for page in pdf.pages:
                pages.append(_read_page(page))
                page.close()
            return pages
    except DocumentError:
        raise
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        raise DocumentError(path, _pdfminer_reason(inner)) from exc
    except Exception as exc:  # any parser failure on a damaged file is a refusal, not a crash
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.psparser import PSException

        if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError | PSException):
            raise DocumentError(path, _pdfminer_reason(exc)) from exc
        raise _library_error(path, "PDF", exc) from exc


def _text_layer_warnings(path: Path, pages: list[_Page]) -> list[str]:
    """Refuse scans and unmapped fonts; warn about single scanned pages."""
    visible = sum(p.visible_chars for p in pages)
    cid = sum(p.cid_chars for p in pages)
    if cid and cid > 0.3 * (visible + cid):
        raise DocumentError(
            path, "text layer unusable (fonts without Unicode mapping); OCR is not supported"
        )
    has_images = any(p.images for p in pages)
    if visible == 0 or (has_images and visible < 20 * len(pages)):
        raise DocumentError(path, "no text layer (scanned); OCR is not supported")
    warnings = []
    blank = [str(p.number) for p in pages if p.visible_chars == 0 and p.images]
    if blank:
        pages_list = ", ".join(blank)
        warnings.append(f"pages {pages_list} have no text layer (scanned); their text is missing")
    if cid:
        warnings.append(f"{cid} characters without Unicode mapping were dropped")
    return warnings


def convert_pdf(path: Path) -> Converted:
    """A PDF with a text layer, via pdfplumber; scanned, encrypted and damaged files refused."""
    _check_pdf_envelope(path)
    pages = _read_pdf(path)
    warnings = _text_layer_warnings(path, pages)
    _strip_page_furniture(pages)
    text = _assemble([ln for p in pages for ln in p.lines])
    if not text.strip():
        raise DocumentError(path, "no text layer (scanned); OCR is not supported")
    return Converted(text, "pdf", library_version("pdfplumber"), None, tuple(warnings))


# --- DOCX ----------------------------------------------------------------------------


def _check_docx_zip(path: Path) -> None:
    """Refuse non-zips and zip bombs from the central directory alone (nothing decompressed).

    zipfile never inflates an entry beyond the size its directory declares,
    so checking the declared sizes bounds what python-docx can be made to read.
    """
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        raise DocumentError(path, "empty file")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        kind = sniff(head)
        detail = f"it is {kind}" if kind else "not a zip archive"
        raise DocumentError(path, f"not a .docx file ({detail})") from exc
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
    if len(infos) > DOCX_MAX_ENTRIES:
        raise DocumentError(
            path, f"zip with {len(infos)} entries, over the {DOCX_MAX_ENTRIES} limit"
        )
    total = sum(i.file_size for i in infos)
    if total > DOCX_MAX_UNCOMPRESSED:
        limit = DOCX_MAX_UNCOMPRESSED // 2**20
        raise DocumentError(
            path, f"possible zip bomb: unpacks to {total / 2**20:.0f} MB, over the {limit} MB limit"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= DOCX_RATIO_MIN_BYTES and ratio > DOCX_MAX_RATIO:
            raise DocumentError(
                path, f"possible zip bomb: {info.filename} expands {ratio:.0f}x "
                f"(limit {DOCX_MAX_RATIO}x)"
            )
        if info.flag_bits & 0x1:
            raise DocumentError(path, "encrypted zip archive")
    if "word/document.xml" not in names:
        raise DocumentError(path, "not a Word document (no word/document.xml)")


def _docx_cell_text(cell: Any) -> str:
    """A cell's paragraphs (and any nested table) on one line."""
    from docx.table import Table

    parts = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            parts.extend(_docx_cell_text(c) for row in item.rows for c in row.cells)
        else:
            parts.append(item.text)
    return " ".join(p.strip() for p in parts if p.strip())


def _docx_table(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str | None] = []
        prev_tc = None
        for cell in row.cells:
            # a horizontally merged cell is repeated once per grid column: keep it once
            cells.append(None if cell._tc is prev_tc else _docx_cell_text(cell))
            prev_tc = cell._tc
        rows.append(cells)
    return [line for _, line in table_lines(rows, wrapped=False)]


def _docx_paragraph(paragraph: Any) -> list[str]:
    """A paragraph's text; tabs become spaces so prose is never read as a tab-separated row."""
    text = paragraph.text.replace("\t", " ")
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def convert_docx(path: Path) -> Converted:
    """A Word .docx via python-docx: paragraphs and tables in body order."""
    _check_docx_zip(path)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for item in document.iter_inner_content():
            lines.extend(_docx_table(item) if isinstance(item, Table) else _docx_paragraph(item))
    except DocumentError:
        raise
    except Exception as exc:  # damaged XML, missing parts, wrong content type
        raise _library_error(path, "Word document", exc) from exc
    text = "\n".join(lines) + "\n"
    return Converted(text, "docx", library_version("python-docx"))


# --- HTML ----------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,30})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030"}

# Elements that never hold article text.  Scripts are removed, never run: the page
# is parsed as data, and nothing a script would write can reach the text.
_JUNK_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg",
    "canvas", "head", "title", "meta", "link", "nav", "header", "footer", "aside", "form",
    "button", "select", "input", "textarea", "map", "audio", "video",
)
_JUNK_ATTR = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|menus|footer|foot|header|head|breadcrumbs?|crumbs?|"
    r"sidebar|side|share|bdshare|banner|copyright|login|search|toolbar|related|friendlinks?|"
    r"links|qrcode|weixin|print|topbar|top|bottom|dh|wzdh|location|position|pager|pagination)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_CONTENT_ATTR = re.compile(
    r"TRS_Editor|zoom|article|content|detail|zwnr|wenzhang|con_text|main_?text|text_?con|"
    r"pages_content|xxgk|zw_?con|nrs|ccontent",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "center", "address", "figure", "figcaption",
    "hr", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption", "body", "html",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_WIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_WIDE}) +(?={_WIDE})")  # source line breaks inside Chinese text
# Elements that hold an article's paragraphs (the text of a <p> counts for its container).
_CONTAINER_TAGS = {"div", "td", "section", "article", "main", "body", "blockquote", "center", "dd"}
MIN_CONTENT_CJK = 50  # a content container with less Chinese than this is a widget, not the article
DATA_CELL_MAX_CHARS = 200  # longer cells mean a layout table holding the article


def _decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """BOM, then strict UTF-8, then the declared charset (GB2312/GBK read as GB18030).

    Valid UTF-8 wins over a declaration because pages re-saved by a browser
    keep their old ``<meta charset=gb2312>``; GBK bytes are almost never valid
    UTF-8, so the order cannot misread a GBK page.
    """
    if not data.strip():
        raise DocumentError(path, "empty file")
    declared = None
    if not _bom_encoding(data):
        if b"\x00" not in data[:8192]:
            try:
                return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), "utf-8"
            except UnicodeDecodeError:
                pass
        m = _META_CHARSET.search(data[:8192]) or _XML_ENCODING.search(data[:512])
        if m:
            declared = m.group(1).decode("ascii").lower()
            declared = "gb18030" if declared in _GB_ALIASES else declared
            if declared.startswith(("utf-16", "utf-32", "ucs")):
                declared = None  # a BOM-less page cannot be UTF-16; browsers ignore this too
    if declared:
        try:
            codecs.lookup(declared)
            text = data.decode(declared)
            if _control_share(text) <= 0.01:
                return text.replace("\r\n", "\n").replace("\r", "\n"), declared
        except (LookupError, UnicodeError, ValueError):
            pass  # a wrong or bogus declaration is common; fall back to sniffing
    return decode_text(data, path)


@dataclass(frozen=True)
class _Stats:
    """Per element: Chinese characters inside it, and whether a content container is below it."""

    cjk: int
    marked: bool  # the element itself looks like a content container
    marked_below: bool


def _subtree_stats(root: Tag) -> dict[int, _Stats]:
    """Stats of every element in one bottom-up pass (by ``id``).

    One pass instead of ``get_text()``/``find()`` per element keeps hostile
    pages (thousands of nested ``<div class="nav">``) linear, not quadratic.
    """
    from bs4 import NavigableString, Tag

    stats: dict[int, _Stats] = {}
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in node.children if isinstance(c, Tag))
            continue
        cjk, below = 0, False
        for child in node.children:
            if isinstance(child, Tag):
                st = stats[id(child)]
                cjk += st.cjk
                below = below or st.marked or st.marked_below
            elif isinstance(child, NavigableString):
                cjk += len(_CJK_CHAR.findall(str(child)))
        stats[id(node)] = _Stats(cjk, bool(_CONTENT_ATTR.search(_attr_text(node))), below)
    return stats


def _attr_text(tag: Tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([str(tag.get("id") or ""), *map(str, classes)])


def _remove_junk(soup: BeautifulSoup) -> None:
    """Drop scripts, styles, comments, hidden elements, menus, headers and footers.

    An element is judged junk by its id/class (nav, menu, footer, ...) only
    when it holds no content container and less than half of the page's
    Chinese text, so a page wrapped in ``<div id="top">`` keeps its article.
    """
    from bs4 import Comment, Declaration, Doctype, ProcessingInstruction, Tag

    for node in soup.find_all(string=lambda s: isinstance(
            s, Comment | Declaration | Doctype | ProcessingInstruction)):
        node.extract()
    for tag in soup.find_all(list(_JUNK_TAGS)):
        tag.decompose()
    stats = _subtree_stats(soup)
    total = stats[id(soup)].cjk
    junk: list[Tag] = []
    stack: list[Tag] = [soup]
    while stack:  # pre-order; a removed element's children need no look
        tag = stack.pop()
        hidden = tag.has_attr("hidden") or _HIDDEN_STYLE.search(str(tag.get("style") or ""))
        if hidden or _is_junk_container(tag, stats[id(tag)], total):
            junk.append(tag)
        else:
            stack.extend(c for c in tag.children if isinstance(c, Tag))
    for tag in junk:
        tag.decompose()


def _is_junk_container(tag: Tag, stats: _Stats, page_cjk: int) -> bool:
    if stats.marked or stats.marked_below or not _JUNK_ATTR.search(_attr_text(tag)):
        return False
    return stats.cjk < 0.5 * page_cjk


def _content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article: a known content container, else the densest block."""
    body = soup.body or soup
    stats = _subtree_stats(body)
    scored = [(t, stats[id(t)].cjk) for t in body.find_all(True) if stats[id(t)].marked]
    scored = [(t, n) for t, n in scored if n >= MIN_CONTENT_CJK]
    if scored:
        best = max(n for _, n in scored)
        # the tightest container that still holds nearly all of the article
        near = [(n, i, t) for i, (t, n) in enumerate(scored) if n >= 0.85 * best]
        return min(near, key=lambda x: (x[0], -x[1]))[2]
    return _densest_block(body)


def _densest_block(body: Tag) -> Tag:
    """The block whose own paragraphs carry the most Chinese text (pages without markers)."""
    from bs4 import NavigableString

    score: Counter[int] = Counter()
    by_id: dict[int, Tag] = {}
    for text in body.find_all(string=True):
        if not isinstance(text, NavigableString):
            continue
        parent, steps = text.parent, 0
        while parent is not None and parent.name not in _CONTAINER_TAGS and steps < 50:
            parent, steps = parent.parent, steps + 1
        if parent is None:
            continue
        by_id[id(parent)] = parent
        score[id(parent)] += len(_CJK_CHAR.findall(str(text)))
    if not score:
        return body
    return by_id[score.most_common(1)[0][0]]


def _title_before(content: Tag) -> str | None:
    """The article title when it sits outside the content container (h1 above the body)."""
    for tag in content.find_all_previous(["h1", "h2", "h3"], limit=3):
        text = _WS.sub(" ", tag.get_text(" ")).strip()
        if text and _CJK_CHAR.search(text) and len(text) <= 120:
            return text
    return None


def _is_html_data_table(table: Tag) -> bool:
    """A table of values; a table that lays out the page (nested tables, long cells) is not."""
    if table.find("table"):
        return False
    cells = table.find_all(["td", "th"])
    if not cells:
        return False
    rows = table.find_all("tr")
    widest = max((len(r.find_all(["td", "th"], recursive=False)) for r in rows), default=0)
    longest = max(len(_WS.sub("", c.get_text())) for c in cells)
    return widest >= 2 and longest <= DATA_CELL_MAX_CHARS


def _html_table_rows(table: Tag) -> list[list[str | None]]:
    """Cell texts on a grid: colspan adds empty cells, rowspan carries down as empty."""
    grid: list[list[str | None]] = []
    carry: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.find_all("tr"):
        row: list[str | None] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while carry.get(col, 0) > 0:
                carry[col] -= 1
                row.append(None)
                col += 1
            span = _int_attr(cell, "colspan")
            down = _int_attr(cell, "rowspan")
            row.append(_CJK_GAP.sub("", _WS.sub(" ", cell.get_text(" "))).strip())
            row.extend([None] * (span - 1))
            for c in range(col, col + span):
                if down > 1:
                    carry[c] = down - 1
            col += span
        while carry.get(col, 0) > 0:
            carry[col] -= 1
            row.append(None)
            col += 1
        grid.append(row)
    return grid


def _int_attr(tag: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(tag.get(name) or "1").strip()), 100))
    except ValueError:
        return 1


class _LineWriter:
    """Collects inline text into lines; a block element or <br> ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._current: list[str] = []

    def text(self, s: str) -> None:
        self._current.append(_WS.sub(" ", s))

    def line(self, s: str) -> None:
        self.end()
        self.lines.append(s)

    def end(self) -> None:
        joined = _CJK_GAP.sub("", "".join(self._current)).strip(" \u3000")
        if joined:
            self.lines.append(joined)
        self._current = []


def _render(root: Tag) -> list[str]:
    """Text of an element: blocks on their own lines, data tables as pipe rows.

    Iterative (an explicit stack), so a hostile page nested ten thousand
    levels deep cannot exhaust Python's recursion limit.
    """
    from bs4 import NavigableString, Tag

    out = _LineWriter()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            out.end()
        elif isinstance(node, NavigableString):
            out.text(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                out.end()
            elif node.name == "table" and _is_html_data_table(node):
                out.end()
                for _, line in table_lines(_html_table_rows(node), wrapped=False):
                    out.line(line)
            else:
                block = node.name in _BLOCK_TAGS
                if block:
                    out.end()
                    stack.append((node, True))
                stack.extend((child, False) for child in reversed(list(node.children)))
    out.end()
    return out.lines


def convert_html(path: Path) -> Converted:
    """A page saved from a government site: the article body, not the site around it."""
    from bs4 import BeautifulSoup

    text, encoding = _decode_html(path.read_bytes(), path)
    try:
        soup = BeautifulSoup(text, "lxml")
        _remove_junk(soup)
        content = _content_root(soup)
        lines = _render(content)
        title = _title_before(content)
    except Exception as exc:  # a parser failure on a hostile page is a refusal, not a crash
        raise _library_error(path, "HTML page", exc) from exc
    if title and title not in "\n".join(lines[:3]):
        lines.insert(0, title)
    version = library_version("beautifulsoup4", "lxml")
    return Converted("\n".join(lines) + "\n", "html", version, encoding)


# --- dispatch ------------------------------------------------------------------------

Converter = Callable[[Path], Converted]
CONVERTERS: dict[str, Converter] = {
    **{suffix: convert_text for suffix in TEXT_SUFFIXES},
    **{suffix: convert_pdf for suffix in PDF_SUFFIXES},
    **{suffix: convert_docx for suffix in DOCX_SUFFIXES},
    **{suffix: convert_html for suffix in HTML_SUFFIXES},
}


def supported_suffixes() -> Iterator[str]:
    """File suffixes ``convert`` can read, sorted."""
    return iter(sorted(CONVERTERS))


def convert(path: Path) -> Converted:
    """Text of a source file, by its suffix; DocumentError for anything unusable."""
    path = Path(path)
    if path.is_symlink():
        raise DocumentError(path, "symbolic links are not followed")
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise DocumentError(path, f"file is {size / 2**20:.0f} MB, over the {limit} MB limit")
    suffix = path.suffix.lower()
    converter = CONVERTERS.get(suffix)
    if converter is None:
        if suffix in UNSUPPORTED_HINTS:
            raise DocumentError(path, UNSUPPORTED_HINTS[suffix])
        known = ", ".join(supported_suffixes())
        shown = path.suffix or "(none)"
        raise DocumentError(path, f"unsupported file type {shown} (known: {known})")
    converted = converter(path)
    if not converted.text.strip():
        raise DocumentError(path, "no text in document")
    return converted
