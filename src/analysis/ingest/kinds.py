"""What kind of plan a document is, and which upper-level documents it cites.

A city that publishes only a public-hospital plan has not *left out* family
doctors: its plan is not about them.  Comparisons need the document kind to tell
"not addressed" from "not applicable".  The kinds, the words in a title or issuer
that recognise them and the indicator families each kind covers are a data table
(``data/raw/document_kinds.csv``), not code: a new kind is one more row.

Rows are tried in file order; the first whose title or issuer pattern matches
wins, so specific kinds (家庭医生签约) come before broad ones (卫生健康规划).  A
``doc_kind`` column in the manifest overrides the inference.  Patterns are
``|``-separated alternatives in which ``…`` is a gap of a few characters, as in
the codebook.

Citations: implementation plans name the provincial plan they implement by its
文号 (``鲁政办字〔2023〕202号``), often broken across lines.  Those numbers are how
a researcher checks that several cities copied one provincial template.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ALL_FAMILIES = "*"
DEFAULT_KIND = "other"
KIND_COLUMNS = ("doc_kind", "name_zh", "name_en", "title_patterns", "issuer_patterns",
                "covers_families")
_GAP = r"[^，。；\n]{0,12}?"


class DocKindError(ValueError):
    """The document-kinds table or a manifest ``doc_kind`` cell is wrong."""


@dataclass(frozen=True)
class DocKind:
    """One row of ``document_kinds.csv``."""

    kind: str
    name_zh: str
    name_en: str
    title_patterns: tuple[re.Pattern[str], ...]
    issuer_patterns: tuple[re.Pattern[str], ...]
    covers: tuple[str, ...]  # indicator families, or ("*",) for every family

    def covers_family(self, family: str | None) -> bool:
        return ALL_FAMILIES in self.covers or (family or "") in self.covers

    @functools.cached_property
    def _title_any(self) -> re.Pattern[str] | None:
        return _any(self.title_patterns)

    @functools.cached_property
    def _issuer_any(self) -> re.Pattern[str] | None:
        return _any(self.issuer_patterns)

    def names_title(self, title: str) -> bool:
        """One of the title patterns is found in ``title``."""
        return self._title_any is not None and self._title_any.search(title) is not None

    def names_issuer(self, issuer: str) -> bool:
        """One of the issuer patterns is found in ``issuer``."""
        return self._issuer_any is not None and self._issuer_any.search(issuer) is not None


def _any(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern found wherever one of ``patterns`` is (one search of a title, not one
    per pattern: every document's title is tried against every kind at every build)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None


def _patterns(cell: str | None) -> tuple[re.Pattern[str], ...]:
    alts = [a.strip() for a in (cell or "").split("|") if a.strip()]
    return tuple(re.compile(_GAP.join(re.escape(p) for p in a.split("…"))) for a in alts)


def load_kinds(path: Path) -> list[DocKind]:
    """The kinds table in priority order; errors name the file and line."""
    path = Path(path)
    if not path.exists():
        raise DocKindError(f"{path}: document-kinds table not found")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    if not rows:
        raise DocKindError(f"{path}: no rows")
    missing = [c for c in KIND_COLUMNS if c not in rows[0]]
    if missing:
        raise DocKindError(f"{path}: missing columns {missing}")
    kinds: list[DocKind] = []
    for n, row in enumerate(rows, start=2):
        kind = (row["doc_kind"] or "").strip()
        if not kind:
            raise DocKindError(f"{path}:{n}: empty doc_kind")
        if any(k.kind == kind for k in kinds):
            raise DocKindError(f"{path}:{n}: doc_kind {kind!r} listed twice")
        covers = tuple(c.strip() for c in (row["covers_families"] or "").split("|") if c.strip())
        if not covers:
            raise DocKindError(f"{path}:{n}: covers_families is empty (use * for every family)")
        kinds.append(DocKind(kind, (row["name_zh"] or kind).strip(),
                             (row["name_en"] or kind).strip(), _patterns(row["title_patterns"]),
                             _patterns(row["issuer_patterns"]), covers))
    if not any(k.kind == DEFAULT_KIND for k in kinds):
        raise DocKindError(f"{path}: needs a row for the fallback kind {DEFAULT_KIND!r}")
    return kinds


def check_kind(kind: str, kinds: Iterable[DocKind], where: str) -> str:
    """``kind`` if the table knows it, else an error naming the closest known kinds."""
    known = [k.kind for k in kinds]
    if kind in known:
        return kind
    close = difflib.get_close_matches(kind, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
    raise DocKindError(f"{where}: unknown doc_kind {kind!r}{hint}")


def manifest_kinds(manifest: Path | None, kinds: Iterable[DocKind]) -> dict[str, str]:
    """file_name -> doc_kind given in the manifest's optional ``doc_kind`` column."""
    if manifest is None or not Path(manifest).exists():
        return {}
    kinds = list(kinds)
    reader = csv.DictReader(Path(manifest).read_text(encoding="utf-8-sig").splitlines())
    if not reader.fieldnames or "doc_kind" not in reader.fieldnames:
        return {}
    out: dict[str, str] = {}
    for n, row in enumerate(reader, start=2):
        kind = (row.get("doc_kind") or "").strip()
        if kind:
            out[(row.get("file_name") or "").strip()] = check_kind(kind, kinds,
                                                                   f"{manifest}:{n}")
    return out


def infer_kind(title: str | None, issuer: str | None,
               kinds: Iterable[DocKind]) -> tuple[str, str]:
    """(doc_kind, source): the first kind whose title, then issuer, pattern matches."""
    kinds = list(kinds)
    for k in kinds:
        if title and k.names_title(title):
            return k.kind, "title"
    for k in kinds:
        if issuer and k.names_issuer(issuer):
            return k.kind, "issuer"
    return DEFAULT_KIND, "default"


def document_kinds(documents: Iterable[Mapping[str, object]], kinds: Iterable[DocKind],
                   given: Mapping[str, str]) -> list[tuple[str, str]]:
    """(doc_kind, doc_kind_source) per document row: the manifest's, else inferred."""
    kinds = list(kinds)
    out = []
    for d in documents:
        name = str(d.get("file_name") or "")
        if name in given:
            out.append((given[name], "manifest"))
            continue
        title, issuer = d.get("title"), d.get("issuer")
        out.append(infer_kind(title if isinstance(title, str) else None,
                              issuer if isinstance(issuer, str) else None, kinds))
    return out


# --- citations of upper-level documents ------------------------------------------------

# The one-character abbreviation a provincial 文号 starts with (内政办发, 鲁政办字, 冀政…).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "内": "内蒙古自治区",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省",
    "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "桂": "广西壮族自治区",
    "琼": "海南省", "渝": "重庆市", "川": "四川省", "黔": "贵州省", "云": "云南省",
    "藏": "西藏自治区", "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
_NATIONAL_PREFIX = ("国", "中发", "中办")
# 鲁政办字〔2023〕\n\n202号: whitespace (line breaks of a PDF) may split the number
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8})\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]"
                         r"\s*(\d{1,4})\s*号")
# the bracketed year every 文号 has: found first, as a regex that starts with a CJK run
# tried at every character of a long text costs more than the rest of the citations
_BRACKET_YEAR = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]")
_PREFIX_MAX = 8  # the {1,8} of _DOC_NUMBER's issuer prefix
_TITLE_BEFORE = re.compile(r"《((?:[^《》]|《[^《》]*》){4,120})》\s*[（(]?\s*$")


@dataclass(frozen=True)
class Citation:
    """A 文号 cited in a document's text, with the scope of its issuer."""

    doc_number: str
    scope_level: str  # national | provincial
    province: str | None
    title: str | None
    char_start: int
    char_end: int


_SPACE_RE = re.compile(r"\s+")


def citations(text: str, own_number: str | None = None) -> list[Citation]:
    """National and provincial 文号 cited in ``text`` (its own 文号 left out)."""
    own = _SPACE_RE.sub("", own_number or "")
    out: list[Citation] = []
    seen: set[str] = set()
    for m in doc_numbers(text):
        prefix = m.group(1)
        # the prefix run may swallow preceding words: keep its issuer-code tail
        for start in range(len(prefix)):
            head = prefix[start:]
            if head.startswith(_NATIONAL_PREFIX) or head[0] in PROVINCE_ABBREVIATIONS:
                break
        else:
            continue
        number = f"{head}〔{m.group(2)}〕{m.group(3)}号"
        if number == own or number in seen:
            continue
        national = head.startswith(_NATIONAL_PREFIX)
        before = _TITLE_BEFORE.search(text[max(0, m.start() - 200): m.start()])
        seen.add(number)
        out.append(Citation(number, "national" if national else "provincial",
                            None if national else PROVINCE_ABBREVIATIONS[head[0]],
                            _SPACE_RE.sub("", before.group(1)) if before else None,
                            m.start() + start, m.end()))
    return out


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def doc_numbers(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_DOC_NUMBER.finditer(text)``, found from each bracketed year back.

    A match is its issuer prefix (1-8 CJK characters), whitespace, then the bracketed
    year: for each bracketed year, the leftmost start is the first position, within the
    8 characters before the whitespace and after the previous match, from which only
    CJK characters lead up to it; ``_DOC_NUMBER.match`` there gives the match or none.
    """
    last_end = 0
    for hit in _BRACKET_YEAR.finditer(text):
        ws_start = hit.start()
        while ws_start > last_end and text[ws_start - 1].isspace():
            ws_start -= 1
        p = ws_start
        while p > max(last_end, ws_start - _PREFIX_MAX) and _is_cjk(text[p - 1]):
            p -= 1
        if p == ws_start:
            continue
        m = _DOC_NUMBER.match(text, p)
        if m is not None:
            yield m
            last_end = m.end()
