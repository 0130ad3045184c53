"""Document metadata: the manifest ``data/raw/documents.csv`` and inference from text.

A researcher may drop a plan into ``data/raw/policies/`` without writing a
manifest row.  We then read what the document says about itself - the issuer
line (东营市人民政府办公室 -> region 东营市), the 文号 (东政办字〔2024〕34号),
the signing date (2024年12月24日), the title - and record which fields were
inferred so a reader knows which metadata to double-check.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import io
import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.files import write_atomic
from analysis.ingest.gazetteer import counties, county_province
from analysis.ingest.textnorm import NormText, normalize

MANIFEST_FIELDS = (
    "file_name",
    "region",
    "level",
    "province",
    "issuer",
    "title",
    "doc_number",
    "issued_on",
)
METADATA_FIELDS = MANIFEST_FIELDS[1:]
# Optional manifest column: comma-separated names of the fields that were read from
# the document's text rather than given by a person (written by ``analysis ingest``).
INFERRED_COLUMN = "inferred_fields"
LEVELS = ("national", "provincial", "municipal", "county")
# Optional manifest columns that override what extraction infers from the text: the genre
# (plan, news_of_plan, bulletin, work_report, review, other) and the date the text speaks from.
OVERRIDE_FIELDS = ("genre", "reference_date")
GENRES = ("plan", "news_of_plan", "bulletin", "work_report", "review", "other")
_ISO_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NATIONAL_ISSUERS = re.compile(r"^(?:中共中央|国务院|全国|国家|中办国办|中共中央办公厅)")


@dataclass
class DocumentMeta:
    """Descriptive fields of one document; ``inferred`` lists fields read from the text."""

    file_name: str
    region: str | None = None
    level: str | None = None
    province: str | None = None
    issuer: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issued_on: str | None = None  # ISO date
    inferred: list[str] = field(default_factory=list)
    genre: str | None = None  # manifest override of the inferred genre
    reference_date: str | None = None  # manifest override: YYYY, YYYY-MM or YYYY-MM-DD

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def year(self) -> int | None:
        return int(self.issued_on[:4]) if self.issued_on else None


class ManifestError(ValueError):
    """The manifest CSV is malformed."""


def load_manifest(path: Path) -> dict[str, DocumentMeta]:
    """Rows of ``documents.csv`` by file name (empty dict when the file is absent)."""
    path = Path(path)
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or "file_name" not in reader.fieldnames:
        raise ManifestError(f"{path}: needs a 'file_name' column")
    out: dict[str, DocumentMeta] = {}
    for n, row in enumerate(reader, start=2):
        name = (row.get("file_name") or "").strip()
        if not name:
            raise ManifestError(f"{path}:{n}: empty file_name")
        level = (row.get("level") or "").strip() or None
        if level and level not in LEVELS:
            raise ManifestError(f"{path}:{n}: level {level!r} not one of {LEVELS}")
        values = {f: ((row.get(f) or "").strip() or None) for f in METADATA_FIELDS}
        inferred = [f for f in parse_inferred(row.get(INFERRED_COLUMN)) if values.get(f)]
        overrides = _overrides(row, f"{path}:{n}")
        out[name] = DocumentMeta(file_name=name, **values, inferred=inferred, **overrides)
    return out


def _overrides(row: dict[str, str], where: str) -> dict[str, str | None]:
    """The optional genre / reference_date cells, checked."""
    out = {f: ((row.get(f) or "").strip() or None) for f in OVERRIDE_FIELDS}
    if out["genre"] and out["genre"] not in GENRES:
        close = difflib.get_close_matches(out["genre"], GENRES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ManifestError(f"{where}: genre {out['genre']!r} not one of {GENRES}{hint}")
    if out["reference_date"] and not _ISO_DATE_RE.match(out["reference_date"]):
        raise ManifestError(f"{where}: reference_date {out['reference_date']!r} is not "
                            "YYYY, YYYY-MM or YYYY-MM-DD")
    return out


def parse_inferred(cell: str | None) -> list[str]:
    """Field names of an ``inferred_fields`` cell, in manifest order; unknown names ignored."""
    names = {part.strip() for part in (cell or "").split(",")}
    return [f for f in METADATA_FIELDS if f in names]


@dataclass
class ManifestTable:
    """The manifest as written: its columns, its rows as strings, and whether it had a BOM.

    Editing through this (not through :class:`DocumentMeta`) keeps columns a
    person added and rows nobody touched exactly as they were.
    """

    fieldnames: list[str]
    rows: list[dict[str, str]]
    bom: bool = False
    # as read: the header line and each row's text with its line ending, and the rows'
    # values then, so that writing keeps every untouched line byte for byte
    raw_header: str | None = None
    raw_rows: list[str] = field(default_factory=list)
    read_rows: list[dict[str, str]] = field(default_factory=list)

    def row_for(self, file_name: str) -> dict[str, str] | None:
        return next((r for r in self.rows if r.get("file_name") == file_name), None)


def read_manifest_table(path: Path) -> ManifestTable:
    """The manifest's rows for editing; a missing file is an empty table with the usual columns."""
    path = Path(path)
    if not path.exists():
        return ManifestTable([*MANIFEST_FIELDS, INFERRED_COLUMN], [])
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    consumed: list[str] = []

    def lines() -> Iterator[str]:  # remembers the physical lines each record spans
        for line in text.splitlines(keepends=True):
            consumed.append(line)
            yield line

    reader = csv.DictReader(lines())
    if reader.fieldnames is None or "file_name" not in reader.fieldnames:
        raise ManifestError(f"{path}: needs a 'file_name' column")
    raw_header = "".join(consumed)
    rows, raw_rows = [], []
    pos = len(consumed)
    for row in reader:
        raw_rows.append("".join(consumed[pos:]))
        pos = len(consumed)
        rows.append({k: (v or "") for k, v in row.items() if k is not None})
    if raw_rows and pos < len(consumed):  # blank lines after the last row stay with it
        raw_rows[-1] += "".join(consumed[pos:])
    return ManifestTable(list(reader.fieldnames), rows, raw.startswith(codecs.BOM_UTF8),
                         raw_header, raw_rows, [dict(r) for r in rows])


def _file_mode(path: Path) -> int:
    """The mode to give a rewritten file: its old mode, else the umask default (not 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_manifest(path: Path, table: ManifestTable) -> None:
    """Write the manifest atomically (temp file + rename): a crash never leaves half a CSV."""
    path = Path(path)
    data = _manifest_text(table).encode("utf-8-sig" if table.bom else "utf-8")
    write_atomic(path, data, _file_mode(path))


def _manifest_text(table: ManifestTable) -> str:
    """The CSV text: rows unchanged since reading keep their exact text, others are
    written anew.  A new column changes every line (each row gains a field)."""
    buf = io.StringIO()
    ending = "\r\n" if (table.raw_header or "").endswith("\r\n") else "\n"
    writer = csv.DictWriter(buf, fieldnames=table.fieldnames, lineterminator=ending,
                            extrasaction="ignore", restval="")
    same_header = table.raw_header is not None and \
        next(csv.reader([table.raw_header])) == table.fieldnames
    if not same_header:
        writer.writeheader()
        writer.writerows(table.rows)
        return buf.getvalue()
    out = [table.raw_header or ""]
    for i, row in enumerate(table.rows):
        if i < len(table.raw_rows) and row == table.read_rows[i]:
            out.append(table.raw_rows[i])
            continue
        buf.seek(0)
        buf.truncate()
        writer.writerow(row)
        out.append(buf.getvalue())
    for i in range(1, len(out)):  # a last line without its newline gets one before a new row
        if not out[i - 1].endswith(("\n", "\r")):
            out[i - 1] += ending
    return "".join(out)


def load_regions(path: Path) -> dict[str, tuple[str, str]]:
    """``regions.csv``: region -> (level, province) for cities the text does not place."""
    path = Path(path)
    if not path.exists():
        return {}
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    return {
        r["region"].strip(): ((r.get("level") or "").strip(), (r.get("province") or "").strip())
        for r in rows
        if (r.get("region") or "").strip()
    }


# --- inference from text ------------------------------------------------------------

_ISSUER_RE = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fa5、]{2,40}?"
    r"(?:人民政府办公室|人民政府办公厅|人民政府|卫生健康委员会|卫生健康委|卫生和计划生育委员会|"
    r"卫生健康局|卫生局|领导小组办公室|领导小组|办公厅|办公室|委员会|医疗保障局))"
    # alone on its line (or as a letterhead: "某市人民政府文件"), or opening the title of its
    # notice: "某市卫生健康局关于印发…的通知"
    r"(?:文件)?(?:$|(?=关于[^\n]{2,80}的(?:通知|意见|决定)$))"
)
_REGION_RE = re.compile(
    r"^(?P<region>[\u4e00-\u9fa5]{1,12}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗))"
)
# a county, district or banner (or a county-level city) named right after a city's name,
# before the body that issues: "江宁区卫生健康委员会"
_LOWER_PLACE_RE = re.compile(
    r"(?P<region>[\u4e00-\u9fa5]{1,6}?(?:自治县|县|区|旗|市))"
    r"(?=人民政府|政府|卫生健康|卫健|卫生局|委员会|办公|党委|医疗保障)")
_DOC_NUMBER_RE = re.compile(
    r"(?P<num>[\u4e00-\u9fa5]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号)"
)
# (blanks but no line break inside: a date is read on its line)
_DATE_RE = re.compile(
    r"((?:19|20)\d{2})[^\S\n]*年[^\S\n]*(\d{1,2})[^\S\n]*月[^\S\n]*(\d{1,2})[^\S\n]*日")
_TITLE_RE = re.compile(r"关于.{2,80}?的(?:通知|实施意见|意见|实施方案|方案|规划|办法|决定|计划)")
_OWN_TITLE_RE = re.compile(r"(?:规划|方案|实施意见|意见|行动计划|计划|办法)(?:[(（].{4,12}[)）])?$")
_PLAN_RE = re.compile(r"[《<]([^》>]{4,80}(?:方案|规划|意见|计划|办法))[》>]")
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
)
_PROVINCE_MENTION = re.compile("|".join(PROVINCES))


def _head_lines(text: str, limit: int = 25) -> list[str]:
    """The first ``limit`` non-blank lines, whitespace removed (read up to there only: the
    head of a long plan, not all of it)."""
    out: list[str] = []
    start = 0
    while len(out) < limit and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = _WHITESPACE_RE.sub("", text[start:end])
        if line:
            out.append(line)
        start = end + 1
    return out


_WHITESPACE_RE = re.compile(r"\s+")


def is_issuer_line(line: str) -> bool:
    """A line that only names an issuing body ("滨州市卫生健康委员会"): the line above a
    title, not the title."""
    m = _ISSUER_RE.match(line.strip())
    return m is not None and m.end() == len(line.strip())


# A line of a page's navigation: a breadcrumb ("首页>政务公开>统计信息>统计公报", "当前位置：…")
# or the site's columns beside its name ("武清区人民政府  政务公开  规划计划"): chrome, never a
# title, though it may end on a title's word (公报, 规划计划).  (政务公开工作要点 is a title.)
_NAVIGATION_RE = re.compile(
    r"当前位置|您的位置|您现在的位置|所在位置|首页\s*[>＞»›]"
    r"|[>＞»›][^>＞»›\n]{1,12}[>＞»›]|(?:政务|信息)公开(?!工作)")


def is_navigation_line(line: str) -> bool:
    """A line of a page's navigation (breadcrumb, site columns): not the document's title."""
    return _NAVIGATION_RE.search(line) is not None


# the central bodies that issue a document: "国务院办公厅印发"
_CENTRAL_ISSUED_RE = re.compile(
    r"(中共中央办公厅、国务院办公厅|中共中央、国务院|国务院办公厅|国务院)印发")


def infer_issuer(text: str) -> str | None:
    for line in _head_lines(text):
        if "、" in line and not _NATIONAL_ISSUERS.match(line):
            continue
        m = _ISSUER_RE.match(line)
        if m:
            return m.group("issuer")
    head = normalize(text[:800]).text
    m = _CENTRAL_ISSUED_RE.search(head)
    return m.group(1) if m else None


def region_of_issuer(
    issuer: str, known: Iterable[str] = ()
) -> tuple[str | None, str | None]:
    """(region, level) from an issuer name: 东营市人民政府办公室 -> (东营市, municipal).

    A known region name (the longest that starts the issuer) wins over the
    suffix pattern, which would read 德州市 as 德州.
    """
    if _NATIONAL_ISSUERS.match(issuer):
        return "全国", "national"
    if not isinstance(known, Set | Mapping):
        known = set(known)
    # the issuer's prefixes, longest first, looked up (not every known name tried in turn)
    names = [issuer[:k] for k in range(len(issuer), 0, -1) if issuer[:k] in known]
    if names:
        region = names[0]
        # "南京市江宁区卫生健康委员会", "楚雄州禄丰市人民政府": the county or district under
        # the known city issues, not the city
        if lower := _LOWER_PLACE_RE.match(issuer, len(region)):
            return lower.group("region"), "county"
    else:
        m = _REGION_RE.match(issuer)
        if not m:
            return None, None
        region = m.group("region")
        if region.endswith("州") and issuer[len(region):].startswith("市"):
            region += "市"
    if region in PROVINCES:
        return region, "provincial"
    if region.endswith(("县", "区", "旗", "自治县")):
        return region, "county"
    return region, "municipal"


def placed_by_headline(meta: DocumentMeta, text: str,
                       regions: Mapping[str, tuple[str, str]]) -> DocumentMeta:
    """``meta`` with the place a document without region opens its headline on (a news
    page, a report printed under its title: "芒市“十四五”卫生健康发展规划出炉", "莒县2023年…
    情况"), its level and province, marked inferred; ``meta`` itself otherwise.

    Only for the documents table, so that the comparisons place the document: the
    extraction reads the head's places itself (the first and those named beside it are
    its own), and a manifest written by ``ingest`` leaves the region empty as before."""
    if meta.region or (place := _headline_place(text, regions)) is None:
        return meta
    placed = DocumentMeta(**{**asdict(meta), "inferred": list(meta.inferred)})
    placed.region = place
    if place in regions:  # a province or a prefecture of the table
        placed.level, province = regions[place]
        placed.province = place if placed.level == "provincial" else province or None
    else:  # a county of the division table (the only other names looked for)
        placed.level = "county"
        placed.province = county_province(place, infer_province(text, None, {}))[1]
    placed.inferred += [f for f in ("region", "level", "province")
                        if getattr(placed, f) and f not in placed.inferred]
    return placed


def _headline_place(text: str, regions: Mapping[str, tuple[str, str]]) -> str | None:
    """The known place (a region of the table, a county of the division table) the first
    of the head's lines to open on one opens on; its full name only ("渭南印发…" is not
    read: a short name can be another place's)."""
    names = _place_names(tuple(sorted(regions)))
    for line in _head_lines(text, 8):
        if (m := names.match(line)) is not None and m.group(0) != "全国":
            return m.group(0)
    return None


@functools.lru_cache(maxsize=4)
def _place_names(regions: tuple[str, ...]) -> re.Pattern[str]:
    # (longest first, then in code order: the same pattern text in every process, so that
    # the pattern cache knows it; a set's order changes with each process's hash seed)
    names = sorted({n for n in (*regions, *counties()) if len(n) >= 2}, key=lambda n: (-len(n), n))
    return re.compile("|".join(map(re.escape, names)))


_SPACE_RE = re.compile(r"\s+")
# a title glued in front of a 文号: "...实施意见东政办字〔2024〕34号"
_TITLE_BEFORE_NUMBER_RE = re.compile(r"^.*?(?:意见|方案|通知|规划|办法)")


def infer_doc_number(text: str) -> str | None:
    """The document's own 文号: the first one near the top not quoted from another document."""
    head = text[:800]
    for m in _DOC_NUMBER_RE.finditer(head):
        before = head[max(0, m.start() - 2):m.start()]
        if "《" in before or "（" in before[-1:] or "(" in before[-1:]:
            continue
        num = _SPACE_RE.sub("", m.group("num"))
        # drop a title glued in front: "...实施意见东政办字〔2024〕34号"
        num = _TITLE_BEFORE_NUMBER_RE.sub("", num)
        return num
    return None


def infer_issued_on(text: str) -> str | None:
    """The signing date: a date alone on its line (the last one), else the last date."""
    alone, anywhere = [], []
    for m in _DATE_RE.finditer(text):  # (one scan of the text: a date never spans lines)
        y, mo, d = (int(g) for g in m.groups())
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        anywhere.append(iso)
        start, end = m.span()
        line_end = text.find("\n", end)
        line = text[text.rfind("\n", 0, start) + 1:len(text) if line_end < 0 else line_end]
        if _SPACE_RE.sub("", line) == _SPACE_RE.sub("", m.group(0)):
            alone.append(iso)
    if alone:
        return alone[-1]
    return anywhere[-1] if anywhere else None


_TITLE_HEAD = 1500  # raw characters: a title sits in a document's head


# A report's own title line: "静乐县“十三五”卫生健康事业发展规划实施情况总结", "…中期评估报告"
_OWN_REPORT_TITLE_RE = re.compile(r"(?:总结|报告|评估|公报|简报|工作要点)$")


def _own_report_title(text: str) -> str | None:
    """The first head line (under its issuer's line) when it is a report's own title."""
    for line in _head_lines(text, 3):
        if is_issuer_line(line) or is_navigation_line(line):
            continue
        ok = len(line) <= 60 and "。" not in line and "》" not in line
        return line if ok and _OWN_REPORT_TITLE_RE.search(line) else None
    return None


# a notice that issues a plan: "关于印发《…规划》的通知"
_ISSUING_NOTICE_RE = re.compile(r"关于印发[《<]?(.+?)[》>]?的通知$")


def infer_title(text: str, normalized: NormText | None = None) -> str | None:
    """The plan title, preferring the plan's own name inside 《》 of an 印发 notice.

    ``normalized`` is the whole document already normalised (the build has it); its
    head is used instead of normalising the head again.
    """
    if normalized is None:
        joined = normalize(text[:_TITLE_HEAD]).text
    else:
        joined = normalized.text[:bisect_left(normalized.index, _TITLE_HEAD)]
    joined = joined.replace("\n", "")
    m = _TITLE_RE.search(joined)
    if m:
        title = m.group(0)
        issued = _ISSUING_NOTICE_RE.match(title)
        if issued:  # a notice that issues a plan: the plan's own name is the title
            return issued.group(1)
        return title
    if own := _own_report_title(text):
        return own  # not the next plan its last section names: "…建议在《…“十四五”规划》中…"
    m = _PLAN_RE.search(joined)
    if m:
        return m.group(1)
    # a plan printed under its own name: "台州市卫生健康事业发展“十四五”规划"
    for line in _head_lines(text, 12):
        if len(line) <= 60 and _OWN_TITLE_RE.search(line) and "》" not in line \
                and not is_navigation_line(line):
            return line
    return None


def infer_province(
    text: str, region: str | None, regions: dict[str, tuple[str, str]]
) -> str | None:
    """The province: from the region table, else the province the text names most."""
    if region and region in regions and regions[region][1]:
        return regions[region][1]
    mentions = [m.group(0) for m in _PROVINCE_MENTION.finditer(text)]
    if mentions:
        return max(set(mentions), key=lambda p: (mentions.count(p), -mentions.index(p)))
    return None


def infer_metadata(
    text: str, file_name: str, regions: dict[str, tuple[str, str]] | None = None,
    normalized: NormText | None = None,
) -> DocumentMeta:
    """Everything we can read from the document itself; every field set is marked inferred.
    ``normalized``: the text already normalised, when the caller has it."""
    regions = regions or {}
    meta = DocumentMeta(file_name=file_name)
    meta.issuer = infer_issuer(text)
    if meta.issuer:
        meta.region, meta.level = region_of_issuer(meta.issuer, regions)
    if meta.region in regions and regions[meta.region][0]:
        meta.level = regions[meta.region][0]
    if meta.level == "municipal" or meta.level == "county":
        meta.province = infer_province(text, meta.region, regions)
        if meta.region not in regions:
            # a county or a county-level city (盘州市 is no prefecture): the division table
            # says so, and which province it is in (a name several share: the text's)
            county, province = county_province(meta.region or "", meta.province)
            if county:
                meta.level, meta.province = "county", province
    elif meta.level == "provincial":
        meta.province = meta.region
    meta.title = infer_title(text, normalized)
    meta.doc_number = infer_doc_number(text)
    meta.issued_on = infer_issued_on(text)
    meta.inferred = [f for f in METADATA_FIELDS if getattr(meta, f)]
    return meta


def resolve_metadata(
    text: str,
    file_name: str,
    manifest: dict[str, DocumentMeta],
    regions: dict[str, tuple[str, str]] | None = None,
    normalized: NormText | None = None,
) -> DocumentMeta:
    """Manifest values first; fields the manifest leaves empty are inferred from the text.

    A manifest value stays marked as inferred when the manifest says so
    (its ``inferred_fields`` column): ``analysis ingest`` writes what it read
    from the text into the manifest, and a reader must still know to check it.
    """
    inferred = infer_metadata(text, file_name, regions, normalized)
    given = manifest.get(file_name)
    if given is None:
        return inferred
    out = DocumentMeta(file_name=file_name, genre=given.genre,
                       reference_date=given.reference_date)
    for f in METADATA_FIELDS:
        value = getattr(given, f)
        if value:
            setattr(out, f, value)
            if f in given.inferred:
                out.inferred.append(f)
        elif getattr(inferred, f):
            setattr(out, f, getattr(inferred, f))
            out.inferred.append(f)
    return out
