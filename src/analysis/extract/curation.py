"""Corrections by hand that survive every rebuild: ``data/raw/curation.csv``.

The extractor is good but not perfect, and a researcher who finds a wrong or missed
target must not have to change code, nor lose the fix at the next build.  Each row of
``curation.csv`` (columns ``action,file_name,indicator_id,value,target_year,quote,note``)
is applied to the extracted targets at every build:

* ``reject`` removes the targets of ``file_name`` mapped to ``indicator_id`` with
  ``value`` (in the indicator's unit) and, when given, ``target_year``;
* ``add`` inserts a target whose ``quote`` occurs verbatim in the document's text:
  its offsets come from the first occurrence, ``value_start``/``value_end`` from the
  value's text inside the quote.  The comparator, unit and flags come from the
  extractor's reading of the quote when it finds the same indicator and value there;
  else the target is a plain level (``=``) in the indicator's unit.

A correction is a reject plus an add.  Added rows carry ``curated = TRUE`` and the
row's ``note`` as ``curation_note``.  A row that cannot apply (unknown file or
indicator, quote not in the text, nothing to reject, a value that is not a number) is
reported by file name and line (build_issues, and a warning from the build command)
and the rest of the build goes on.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.extract.codebook import Codebook
from analysis.extract.rules import extract_and_map
from analysis.table import Table

FILE_NAME = "curation.csv"
HEADER = ("action", "file_name", "indicator_id", "value", "target_year", "quote", "note")
ACTIONS = ("reject", "add")
TOLERANCE = 1e-9


class CurationError(ValueError):
    """The curation file itself is unreadable (missing columns): an input error."""


@dataclass(frozen=True)
class Correction:
    """One row of the curation file, with where it came from."""

    source: str  # "curation.csv" (as shown in messages)
    line: int
    action: str
    file_name: str
    indicator_id: str
    value_text: str
    target_year_text: str
    quote: str
    note: str

    @property
    def where(self) -> str:
        return f"{self.source} line {self.line}"

    def fingerprint(self) -> str:
        """What this row changes, for the document's input key (line numbers do not count)."""
        return "|".join((self.action, self.indicator_id, self.value_text,
                         self.target_year_text, self.quote, self.note))


@dataclass(frozen=True)
class Issue:
    """A row that could not be applied."""

    correction: Correction
    reason: str

    @property
    def message(self) -> str:
        c = self.correction
        return f"{c.where}: {c.action} {c.indicator_id} {c.value_text} in {c.file_name}: " \
               f"{self.reason}; row not applied"


def load(path: Path | None) -> list[Correction]:
    """The rows of the curation file (none when it is absent or has only its header)."""
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in HEADER if c not in (reader.fieldnames or [])]
        if missing:
            raise CurationError(f"{path.name}: missing column(s) {', '.join(missing)}; "
                                f"the header must be {','.join(HEADER)}")
        rows = []
        for row in reader:
            cells = {k: (row.get(k) or "").strip() for k in HEADER}
            if not any(cells.values()):
                continue
            rows.append(Correction(path.name, reader.line_num, cells["action"].lower(),
                                   cells["file_name"], cells["indicator_id"], cells["value"],
                                   cells["target_year"], row.get("quote") or "",
                                   cells["note"]))
    return rows


def by_file(corrections: Iterable[Correction]) -> dict[str, str]:
    """file name -> a fingerprint of its corrections (part of the document's input key)."""
    grouped: dict[str, list[str]] = {}
    for c in corrections:
        grouped.setdefault(c.file_name, []).append(c.fingerprint())
    return {name: hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
            for name, parts in grouped.items()}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _year(text: str) -> int | str | None:
    """The target year; "" -> None; a non-year -> the text back (an error)."""
    if not text:
        return None
    try:
        year = int(float(text))
    except ValueError:
        return text
    return year if 1990 <= year <= 2100 else text


def _check(c: Correction, doc_ids: dict[str, str], codebook: Codebook) -> str | None:
    """Why the row cannot apply, or None."""
    if c.action not in ACTIONS:
        return f"unknown action {c.action!r} (one of {', '.join(ACTIONS)})"
    if c.file_name not in doc_ids:
        return "unknown file (not among the documents of this build)"
    if c.indicator_id not in codebook.by_id:
        return "unknown indicator (not in indicators.csv)"
    if _number(c.value_text) is None:
        return f"value {c.value_text!r} is not a number"
    if isinstance(_year(c.target_year_text), str):
        return f"target_year {c.target_year_text!r} is not a year"
    if c.action == "add" and not c.quote:
        return "an add needs the quote that states the target"
    return None


def _rejected(targets: Table, c: Correction, doc_id: str) -> list[bool]:
    """Which targets a reject names: its document, indicator, value and (if given) year."""
    value = _number(c.value_text)
    year = _year(c.target_year_text)
    return [d == doc_id and ind == c.indicator_id and v is not None
            and abs(float(v) - value) <= TOLERANCE  # type: ignore[operator]
            and (year is None or (y is not None and int(y) == year))
            for d, ind, v, y in targets.rows("doc_id", "indicator_id", "value", "target_year")]


def _value_span(quote: str, value: float, text: str) -> tuple[int, str] | None:
    """Where the value is written inside the quote (its own text first, then 7.50/7.5)."""
    candidates = [text, f"{value:g}", f"{value:.2f}", f"{value:.1f}", str(int(value))
                  if float(value).is_integer() else ""]
    for cand in dict.fromkeys(c for c in candidates if c):
        at = quote.find(cand)
        if at >= 0:
            return at, cand
    return None


def _added_row(c: Correction, doc_id: str, text: str, codebook: Codebook,
               taken: set[str]) -> dict[str, object] | str:
    """The target row an ``add`` inserts, or why it cannot."""
    start = text.find(c.quote)
    if start < 0:
        return "quote not found verbatim in the document's text"
    value = _number(c.value_text)
    year = _year(c.target_year_text)
    indicator = codebook.by_id[c.indicator_id]
    span = _value_span(c.quote, value, c.value_text)  # type: ignore[arg-type]
    v_at, v_text = span if span else (None, None)
    # the extractor's own reading of the quote gives comparator, unit and flags
    read = [t for t in extract_and_map(c.quote, codebook)
            if t.indicator_id == c.indicator_id and abs(t.value - value) <= TOLERANCE]  # type: ignore[operator]
    base = read[0] if read else None
    value_start = start + v_at if v_at is not None else None
    target_id = f"{doc_id}@{value_start if value_start is not None else start}"
    if target_id in taken:
        target_id = f"{target_id}+curated"
    return {
        "target_id": target_id, "doc_id": doc_id, "indicator_id": c.indicator_id,
        "indicator_text": base.indicator_text if base else indicator.name_zh,
        "value": value, "value_high": base.value_high if base else None,
        "value_std": value, "value_std_high": base.value_std_high if base else None,
        "value_written": base.value_written if base else value,
        "value_high_written": base.value_high_written if base else None,
        "unit": base.unit if base else indicator.unit,
        "comparator": base.comparator if base else "=",
        "aspirational": base.aspirational if base else False,
        "maintain": base.maintain if base else False,
        "annual": year is None, "kind": "level", "target_year": year,
        "year_source": "curation", "section": base.section if base else "",
        "section_path": base.section_path if base else "",
        "responsible": base.responsible if base else None,
        "quote": c.quote, "char_start": start, "char_end": start + len(c.quote),
        "value_text": v_text, "value_start": value_start,
        "value_end": value_start + len(v_text) if value_start is not None and v_text else None,
        "method": "curation", "match_note": f"added by hand ({c.where})",
        "attribute": None, "in_words": False, "curated": True, "curation_note": c.note or None,
    }


def apply(targets: Table, corrections: Iterable[Correction], doc_ids: dict[str, str],
          texts: dict[str, str], codebook: Codebook) -> tuple[Table, list[Issue]]:
    """The targets with every applicable correction made, and the rows that could not apply.

    ``doc_ids`` maps the build's file names to doc ids; ``texts`` doc id -> the text the
    offsets point into.  Rejects run before adds, so a correction (reject + add of the
    same sentence) does not depend on the order of the rows.
    """
    corrections = list(corrections)
    issues: list[Issue] = []
    valid: list[Correction] = []
    for c in corrections:
        reason = _check(c, doc_ids, codebook)
        if reason:
            issues.append(Issue(c, reason))
        else:
            valid.append(c)
    out = targets
    for c in (c for c in valid if c.action == "reject"):
        mask = _rejected(out, c, doc_ids[c.file_name])
        if not any(mask):
            issues.append(Issue(c, "no such target to reject"))
        out = out.where([not m for m in mask])
    added = []
    taken = set(out["target_id"])
    for c in (c for c in valid if c.action == "add"):
        doc_id = doc_ids[c.file_name]
        row = _added_row(c, doc_id, texts.get(doc_id, ""), codebook, taken)
        if isinstance(row, str):
            issues.append(Issue(c, row))
            continue
        taken.add(str(row["target_id"]))
        added.append(row)
    if added:
        out = Table.concat([out, Table.from_records(out.columns, added)])
    issues.sort(key=lambda i: i.correction.line)
    return out, issues
