"""The same plan in two files: the PDF and the Word version, or a page saved twice.

Byte-identical files are already counted once by the build (same sha256).
A plan published as both ``.pdf`` and ``.docx`` has different bytes and
slightly different text (page furniture, table layout), yet counting both
would double its targets in every comparison.  We flag the later file as a
duplicate of the earlier one so comparisons can leave it out, and say why.

Two documents are the same plan when

* they belong to the same region and carry the same 文号 (document number), or
* they belong to the same region and have the same title, and nothing known
  tells them apart (a different 文号 or issue date means a different plan), or
* they are files of different formats (``.pdf`` and ``.docx``) whose texts are
  nearly identical once whitespace, punctuation and page numbers are set aside
  (overlap of character shingles).

Only documents of the same region (or of unknown region) are compared, and
texts are read and shingled only for the cross-format pairs that need it, so a
national corpus of thousands of plans is checked in a moment.

The result is deterministic: documents are taken in file-name order and a
duplicate always points to the earliest file of its plan.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.formats import missing

if TYPE_CHECKING:
    import pandas as pd

    from analysis.table import Table

SHINGLE = 8  # characters per shingle: long enough that shared boilerplate rarely matches
TEXT_SIMILARITY = 0.85  # Jaccard overlap of shingles above which two texts are one plan
MIN_TEXT_CHARS = 200  # shorter texts are too generic to call duplicates by text alone
MIN_TITLE_CHARS = 6

_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")
_PAGE_MARK = re.compile(r"[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?")


@dataclass
class _Doc:
    doc_id: str
    file_name: str
    region: str | None
    doc_number: str | None
    title: str | None
    issued_on: str | None
    texts: Mapping[str, str]
    _shingles: frozenset[str] | None = None
    _length: int | None = None
    # the format, compared at every pair of a region's documents (~8,000 for 3,000 plans)
    suffix: str = field(init=False)

    def __post_init__(self) -> None:
        self.suffix = self.file_name.rsplit(".", 1)[-1].lower() if "." in self.file_name else ""

    def _load(self) -> None:
        text = self.texts.get(self.doc_id, "") or ""
        self._shingles = _shingles(text)
        self._length = len(normalised_text(text))

    @property
    def shingles(self) -> frozenset[str]:
        if self._shingles is None:
            self._load()
        return self._shingles  # type: ignore[return-value]

    @property
    def length(self) -> int:
        if self._length is None:
            self._load()
        return self._length  # type: ignore[return-value]


def _clean(value: object) -> str | None:
    """A metadata cell as a comparable string; None, NaN, NA, NaT and blanks are unknown."""
    if type(value) is not str:  # (most cells are: ~10,000 of them for 3,000 plans)
        if missing(value):
            return None
        value = str(value)
    # without its whitespace (str.split's is the regex \s: both ask Py_UNICODE_ISSPACE)
    return "".join(unicodedata.normalize("NFKC", value).split()) or None


_NUMBER_BRACKETS_RE = re.compile(r"[〔\[［(（【〕\]］)）】]")


def _normalise_number(doc_number: str | None) -> str | None:
    """文号 with brackets folded: 东政办字〔2024〕34号 == 东政办字[2024]34号."""
    if not doc_number:
        return None
    return _NUMBER_BRACKETS_RE.sub("", doc_number)


_TITLE_MARKS_RE = re.compile(r"[《》<>“”\"'「」]")  # title brackets and quotes


def _normalise_title(title: str | None) -> str | None:
    if not title:
        return None
    core = _TITLE_MARKS_RE.sub("", title)
    return core if len(core) >= MIN_TITLE_CHARS else None


def normalised_text(text: str) -> str:
    """Letters and digits only: layout, punctuation and page numbers differ between formats."""
    text = unicodedata.normalize("NFKC", text)
    text = _PAGE_MARK.sub("", text)
    return "".join(_KEEP.findall(text))


def _shingles(text: str) -> frozenset[str]:
    core = normalised_text(text)
    if len(core) < SHINGLE:
        return frozenset()
    return frozenset(core[i:i + SHINGLE] for i in range(len(core) - SHINGLE + 1))


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _why_same(later: _Doc, earlier: _Doc) -> str | None:
    """The reason two documents are one plan, or None."""
    same_region = later.region is not None and later.region == earlier.region
    numbers_known = later.doc_number is not None and earlier.doc_number is not None
    if same_region and numbers_known and later.doc_number == earlier.doc_number:
        return f"same region and 文号 as {earlier.file_name}"
    dates_differ = (later.issued_on is not None and earlier.issued_on is not None
                    and later.issued_on != earlier.issued_on)
    if (same_region and later.title is not None and later.title == earlier.title
            and not numbers_known and not dates_differ):
        return f"same region and title as {earlier.file_name}"
    if later.suffix != earlier.suffix and min(later.length, earlier.length) >= MIN_TEXT_CHARS:
        shorter, longer = sorted((later.length, earlier.length))
        if shorter >= TEXT_SIMILARITY * longer:  # cheap bound before the set overlap
            score = text_similarity(later.shingles, earlier.shingles)
            if score >= TEXT_SIMILARITY:
                return f"near-identical text to {earlier.file_name} ({score:.0%} overlap)"
    return None


_FIELDS = ("doc_id", "file_name", "region", "doc_number", "title", "issued_on")


def _docs(documents: Table | pd.DataFrame, texts: Mapping[str, str]) -> list[_Doc]:
    """Documents that could repeat another: those sharing a region with another
    document, and those whose region is unknown (which are compared with all)."""
    n = len(documents)
    columns = {f: list(documents[f]) if f in documents.columns else [None] * n
               for f in _FIELDS}
    regions = [_clean(r) for r in columns["region"]]
    counts = Counter(r for r in regions if r is not None)
    everyone = None in regions  # an unknown-region document may repeat any other
    out = []
    for i, region in enumerate(regions):
        if not everyone and counts[region] < 2:
            continue
        doc_id, file_name = str(columns["doc_id"][i]), columns["file_name"][i]
        out.append(_Doc(
            doc_id=doc_id,
            file_name=file_name if isinstance(file_name, str) and file_name else doc_id,
            region=region,
            doc_number=_normalise_number(_clean(columns["doc_number"][i])),
            title=_normalise_title(_clean(columns["title"][i])),
            issued_on=_clean(columns["issued_on"][i]),
            texts=texts,
        ))
    return sorted(out, key=lambda d: (d.file_name, d.doc_id))


def same_plan_in_other_format(
    documents: Table | pd.DataFrame, texts: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """``{doc_id: (duplicate_of_doc_id, reason)}`` for documents that repeat an earlier plan.

    ``documents`` needs ``doc_id`` and ``file_name``; ``region``, ``doc_number``,
    ``title`` and ``issued_on`` are used when present.  ``texts`` maps doc_id to
    the converted text.  The earliest file name of each plan is the original;
    every later copy points to it (never to another copy).
    """
    by_region: dict[str | None, list[_Doc]] = {}
    unknown: list[_Doc] = []  # originals of unknown region: compared with everyone
    everyone: list[_Doc] = []
    found: dict[str, tuple[str, str]] = {}
    for doc in _docs(documents, texts):
        pool = everyone if doc.region is None else by_region.get(doc.region, []) + unknown
        for original in sorted(pool, key=lambda d: (d.file_name, d.doc_id)):
            reason = _why_same(doc, original)
            if reason:
                found[doc.doc_id] = (original.doc_id, reason)
                break
        else:
            everyone.append(doc)
            (unknown if doc.region is None else by_region.setdefault(doc.region, [])).append(doc)
    return found
