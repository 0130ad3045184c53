"""Reference data for comparisons: published goals, national actuals, the region table.

A city's target means little on its own; the question is how it compares with
what the country (and the city's province) has committed to, and with where
the country stands today.  Those yardsticks are not in the city plans, so they
come from three hand-maintained files in ``data/raw/``:

* ``reference_goals.csv`` - one row per published goal (national, or a province
  such as 山东省 with ``scope_level`` ``provincial``), with the source title,
  文号 and the exact excerpt that states it, a ``verified`` flag and a ``note``
  for definitional differences (public vs all ownership, other denominators).
  A goal without a citation does not belong in the file, so a row without a
  source title or excerpt is an error, not a warning.
* ``national_actuals.csv`` - statistics by data year, for context.
* ``regions.csv`` - region -> level and province, so a city is compared with its
  own province's goals.

Goals also come from the store itself: a national or provincial document in
``data/raw/policies/`` that states a level target contributes it as an
unverified goal (``origin = 'document'``), quoted like every other target.

Errors name the file, the row and the problem, because these files are edited
by hand and a silent typo (an unknown indicator id, ``=>`` for ``>=``) would
otherwise turn into a quiet "no reference goal".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.formats import OUTPUT_KINDS, missing
from analysis.ingest.documents import LEVELS, ManifestError
from analysis.store.schema import COLUMNS as SCHEMA_COLUMNS
from analysis.store.schema import REFERENCE_TABLES, SCHEMA
from analysis.table import Table

GOALS_FILE = "reference_goals.csv"
ACTUALS_FILE = "national_actuals.csv"
NATIONAL_SCOPE = "全国"
SCOPE_LEVELS = ("national", "provincial")
COMPARATORS = ("=", ">=", ">", "<=", "<", "≈")
ORIGIN_FILE = "reference_file"
ORIGIN_DOCUMENT = "document"
_TRUE = ("true", "1", "yes", "y")
_FALSE = ("false", "0", "no", "n", "")

# The reference tables' DDL lives with every other table in analysis.store.schema.
DDL: dict[str, str] = {name: SCHEMA[name] for name in REFERENCE_TABLES}

COLUMNS = {name: SCHEMA_COLUMNS[name] for name in REFERENCE_TABLES}

GOAL_REQUIRED = ("scope", "scope_level", "indicator_id", "value", "comparator", "target_year",
                 "source_title", "excerpt")
ACTUAL_REQUIRED = ("scope", "indicator_id", "value", "data_year", "source_title", "excerpt")
REGION_REQUIRED = ("region", "level")


class ReferenceDataError(ManifestError):
    """A reference CSV is malformed.

    A ``ManifestError`` so that the build command reports it as an input error
    (exit status 2, one line naming file and row) rather than a traceback.
    """


@dataclass(frozen=True)
class _Row:
    """One CSV row with its location, for error messages."""

    path: Path
    line: int
    cells: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def text(self, col: str) -> str | None:
        value = (self.cells.get(col) or "").strip()
        return value or None

    def fail(self, problem: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.where}: {problem}")


def _read_rows(path: Path, required: Iterable[str]) -> list[_Row]:
    """Rows of a UTF-8 CSV (BOM allowed); line numbers count the header as line 1."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise ReferenceDataError(f"{path}: missing columns {missing}")
        reader.fieldnames = header
        return [
            _Row(path, reader.line_num, {k: v for k, v in cells.items() if k is not None})
            for cells in reader
            if any((v or "").strip() for k, v in cells.items() if k is not None)
        ]


def _required_text(row: _Row, col: str, why: str = "") -> str:
    value = row.text(col)
    if value is None:
        raise row.fail(f"{col} is empty{why}")
    return value


def _number(row: _Row, col: str, required: bool = True) -> float | None:
    cell = row.text(col)
    if cell is None:
        if required:
            raise row.fail(f"{col} is empty")
        return None
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        raise row.fail(f"{col} {cell!r} is not a number") from None


def _year(row: _Row, col: str, required: bool) -> int | None:
    cell = row.text(col)
    if cell is None:
        if required:
            raise row.fail(f"{col} is empty")
        return None
    if not (cell.isdigit() and len(cell) == 4):
        raise row.fail(f"{col} {cell!r} is not a four-digit year")
    return int(cell)


def _flag(row: _Row, col: str, default: bool | None) -> bool | None:
    cell = (row.text(col) or "").lower()
    if col not in row.cells or not cell:
        return default
    if cell in _TRUE:
        return True
    if cell in _FALSE:
        return False
    raise row.fail(f"{col} {row.text(col)!r} is not true/false")


def _indicator(row: _Row, known: frozenset[str] | None) -> str:
    ind = _required_text(row, "indicator_id")
    if known is not None and ind not in known:
        raise row.fail(f"unknown indicator id {ind!r} (not in the codebook)")
    return ind


# --- regions ---------------------------------------------------------------------------


def load_regions(path: Path | None) -> Table:
    """``regions.csv`` as the ``regions`` table; an absent file gives an empty table."""
    if path is None or not Path(path).exists():
        return Table(COLUMNS["regions"])
    out: dict[str, dict[str, object]] = {}
    for row in _read_rows(Path(path), REGION_REQUIRED):
        region = _required_text(row, "region")
        level = _required_text(row, "level")
        if level not in LEVELS:
            raise row.fail(f"level {level!r} is not one of {LEVELS}")
        if region in out:
            raise row.fail(f"region {region!r} appears twice")
        province = row.text("province") or (region if level == "provincial" else None)
        out[region] = {"region": region, "level": level, "province": province,
                       "region_en": row.text("region_en")}
    return Table.from_records(COLUMNS["regions"], out.values())


# --- labels ----------------------------------------------------------------------------

LABELS_FILE = "labels.csv"
LABEL_REQUIRED = ("kind", "key", "zh", "en")


def load_labels(path: Path | None) -> Table:
    """``labels.csv`` (kind, key, zh, en) as the ``labels`` table: Chinese and English
    labels of the store's coded values, for SQL users.  The words of the outputs (chart,
    workbook and site kinds, ``formats.OUTPUT_KINDS``) share the file, not the store."""
    if path is None or not Path(path).exists():
        return Table(SCHEMA_COLUMNS["labels"])
    out: dict[tuple[str, str], dict[str, object]] = {}
    for row in _read_rows(Path(path), LABEL_REQUIRED):
        rec = {col: _required_text(row, col) for col in LABEL_REQUIRED}
        if rec["kind"] in OUTPUT_KINDS:
            continue
        key = (str(rec["kind"]), str(rec["key"]))
        if key in out:
            raise row.fail(f"label {key[0]}/{key[1]!r} appears twice")
        out[key] = rec
    return Table.from_records(SCHEMA_COLUMNS["labels"], out.values())


def provinces(regions: Table) -> frozenset[str]:
    """Names of provincial-level regions (山东省, 内蒙古自治区, ...)."""
    return frozenset(r for r, level in regions.rows("region", "level") if level == "provincial")


# --- reference goals -------------------------------------------------------------------


def _goal_scope(row: _Row, known_provinces: frozenset[str]) -> tuple[str, str]:
    """(scope, scope_level), checked: a provincial scope must be a known province."""
    level = _required_text(row, "scope_level")
    scope = _required_text(row, "scope")
    if level not in SCOPE_LEVELS:
        raise row.fail(f"scope_level {level!r} is not one of {SCOPE_LEVELS}")
    if level == "national" and scope != NATIONAL_SCOPE:
        raise row.fail(f"a national goal has scope {NATIONAL_SCOPE!r}, not {scope!r}")
    if level == "provincial" and known_provinces and scope not in known_provinces:
        raise row.fail(f"unknown province {scope!r} (scope must name a provincial region "
                       "of regions.csv, such as 山东省)")
    return scope, level


def _goal_row(row: _Row, indicators: frozenset[str] | None,
              known_provinces: frozenset[str]) -> dict[str, object]:
    scope, level = _goal_scope(row, known_provinces)
    indicator_id = _indicator(row, indicators)
    comparator = _required_text(row, "comparator")
    if comparator not in COMPARATORS:
        raise row.fail(f"comparator {comparator!r} is not one of {COMPARATORS}")
    value = _number(row, "value")
    value_high = _number(row, "value_high", required=False)
    if value_high is not None and value is not None and value_high < value:
        raise row.fail(f"value_high {value_high:g} is below value {value:g}")
    year = _year(row, "target_year", required=False)
    return {
        "goal_id": f"ref:{scope}:{indicator_id}:{year if year is not None else 'annual'}",
        "origin": ORIGIN_FILE,
        "scope": scope,
        "scope_level": level,
        "indicator_id": indicator_id,
        "value": value,
        "value_high": value_high,
        "comparator": comparator,
        "target_year": year,
        "source_title": _required_text(row, "source_title", " (a goal needs its source)"),
        "doc_number": row.text("doc_number"),
        "excerpt": _required_text(row, "excerpt", " (a goal needs the text that states it)"),
        "excerpt_language": row.text("excerpt_language"),
        "doc_number_seen_in_source": _flag(row, "doc_number_seen_in_source", None),
        "note": row.text("note"),
        "note_zh": row.text("note_zh"),
        "verified": _flag(row, "verified", False),
        "source_file": row.path.name,
        "source_row": row.line,
    }


def load_goals(
    path: Path,
    indicators: Iterable[str] | None = None,
    known_provinces: Iterable[str] = (),
) -> Table:
    """``reference_goals.csv`` as rows of the ``goals`` table (origin ``reference_file``).

    ``indicators`` are the codebook ids a goal may name; ``known_provinces`` the
    provincial regions a provincial goal may name (empty: not checked).  One
    goal per scope, indicator and target year, because a comparison needs a
    single yardstick; an absent file means no goals yet.
    """
    path = Path(path)
    if not path.exists():
        return Table(COLUMNS["goals"])
    known = frozenset(indicators) if indicators is not None else None
    provs = frozenset(known_provinces)
    rows: list[dict[str, object]] = []
    first_seen: dict[str, int] = {}
    for row in _read_rows(path, GOAL_REQUIRED):
        goal = _goal_row(row, known, provs)
        key = str(goal["goal_id"])
        if key in first_seen:
            raise row.fail(
                f"a second goal for {goal['scope']} {goal['indicator_id']} "
                f"{goal['target_year'] or 'annual'} (first on line {first_seen[key]}); "
                "keep one row per scope, indicator and target year"
            )
        first_seen[key] = row.line
        rows.append(goal)
    return Table.from_records(COLUMNS["goals"], rows)


def document_goals(documents: Table, targets: Table) -> Table:
    """Goals stated by national or provincial documents in the store (unverified).

    Only mapped level targets count (a change such as 提高5个百分点 is not a goal
    level).  The value is the harmonised ``value_std`` when the targets carry it,
    so a province writing per 10,000 is compared in the indicator's unit.
    """
    if documents.empty or targets.empty:
        return Table(COLUMNS["goals"])
    # (as dicts only the rows that can state a goal: a national store has ~70,000 targets,
    # a few of national or provincial documents)
    duplicate_of = (documents["duplicate_of"] if "duplicate_of" in documents.columns
                    else [None] * len(documents))
    upper = [level in SCOPE_LEVELS and of is None  # the same plan in another format counts once
             for level, of in zip(documents["level"], duplicate_of, strict=True)]
    if not any(upper):
        return Table(COLUMNS["goals"])
    docs = {d["doc_id"]: d for d in documents.where(upper).records()}
    rows = []
    theirs = targets.where([d in docs for d in targets["doc_id"]])
    for t in theirs.records():  # mapped level targets of those documents, in their order
        doc = docs.get(t["doc_id"])
        if doc is not None and t["indicator_id"] is not None and t["kind"] == "level":
            goal = _document_goal({**{k: v for k, v in doc.items() if k not in t}, **t})
            if goal is not None:
                rows.append(goal)
    return Table.from_records(COLUMNS["goals"], rows).sorted_by("goal_id")


def _cell(rec: dict[str, object], col: str) -> object:
    """A record's value; a missing one (``formats.missing``) is None."""
    value = rec.get(col)
    return None if missing(value) else value


def _std(rec: dict[str, object], col: str) -> float | None:
    """``value_std`` (or ``value_std_high``) when present, else the value as written."""
    for c in (col, col.replace("_std", "")):
        v = _cell(rec, c)
        if v is not None:
            return float(v)  # type: ignore[arg-type]
    return None


def _document_goal(rec: dict[str, object]) -> dict[str, object] | None:
    level = _cell(rec, "level")
    scope = NATIONAL_SCOPE if level == "national" else (
        _cell(rec, "province") or _cell(rec, "region"))
    if not scope:
        return None
    year = _cell(rec, "target_year")
    return {
        "goal_id": f"doc:{rec['target_id']}",
        "origin": ORIGIN_DOCUMENT,
        "scope": scope,
        "scope_level": level,
        "indicator_id": rec["indicator_id"],
        "value": _std(rec, "value_std"),
        "value_high": _std(rec, "value_std_high"),
        "comparator": _cell(rec, "comparator") or "=",
        "target_year": int(year) if year is not None else None,  # type: ignore[call-overload]
        "source_title": _cell(rec, "title") or _cell(rec, "file_name") or rec["doc_id"],
        "doc_number": _cell(rec, "doc_number"),
        "excerpt": rec["quote"],
        "excerpt_language": "zh",
        "doc_number_seen_in_source": None,
        "note": f"stated by {rec['doc_id']} in the store; extracted automatically, "
                "not checked by hand",
        "note_zh": f"由库中文件{rec['doc_id']}提出；自动提取，未经人工核对",
        "verified": False,
        "source_file": _cell(rec, "file_name"),
        "source_row": None,
        "doc_id": rec["doc_id"],
        "target_id": rec["target_id"],
        "char_start": _cell(rec, "char_start"),
        "char_end": _cell(rec, "char_end"),
        "issued_on": _cell(rec, "issued_on"),
    }


# --- national actuals ------------------------------------------------------------------


def _actual_scope(row: _Row, known_provinces: frozenset[str]) -> tuple[str, str]:
    scope = _required_text(row, "scope")
    if scope == NATIONAL_SCOPE:
        return scope, "national"
    if not known_provinces or scope in known_provinces:
        return scope, "provincial"
    raise row.fail(f"unknown scope {scope!r} (use {NATIONAL_SCOPE} or a province)")


def _actual_row(row: _Row, indicators: frozenset[str] | None,
                known_provinces: frozenset[str]) -> dict[str, object]:
    scope, level = _actual_scope(row, known_provinces)
    return {
        "scope": scope,
        "scope_level": level,
        "indicator_id": _indicator(row, indicators),
        "value": _number(row, "value"),
        "data_year": _year(row, "data_year", required=True),
        "source_title": _required_text(row, "source_title", " (a statistic needs its source)"),
        "excerpt": _required_text(row, "excerpt", " (a statistic needs its text)"),
        "note": row.text("note"),
        "source_file": row.path.name,
        "source_row": row.line,
    }


def load_actuals(
    path: Path,
    indicators: Iterable[str] | None = None,
    known_provinces: Iterable[str] = (),
) -> Table:
    """``national_actuals.csv`` as the ``national_actuals`` table, one value per data year."""
    path = Path(path)
    if not path.exists():
        return Table(COLUMNS["national_actuals"])
    known = frozenset(indicators) if indicators is not None else None
    provs = frozenset(known_provinces)
    rows: list[dict[str, object]] = []
    seen: dict[tuple[object, ...], int] = {}
    for row in _read_rows(path, ACTUAL_REQUIRED):
        actual = _actual_row(row, known, provs)
        key = (actual["scope"], actual["indicator_id"], actual["data_year"])
        if key in seen:
            raise row.fail(f"a second value for {' '.join(map(str, key))} "
                           f"(first on line {seen[key]})")
        seen[key] = row.line
        rows.append(actual)
    return Table.from_records(COLUMNS["national_actuals"], rows)


# --- the store tables ------------------------------------------------------------------


def reference_tables(
    raw_dir: Path,
    regions_file: Path | None,
    documents: Table,
    targets: Table,
    indicators: Iterable[str] | None = None,
) -> dict[str, tuple[str, Table]]:
    """Tables ``goals``, ``national_actuals``, ``regions``, ``labels`` as ``{name: (ddl, frame)}``.

    The files are read from ``raw_dir`` (regions from ``regions_file``),
    so a test or a researcher can point a build at another set of goals without
    code changes.  ``indicators`` are the codebook ids a row may name.
    """
    ids = list(indicators) if indicators is not None else None
    regions = load_regions(regions_file)
    provs = provinces(regions)
    raw = Path(raw_dir)
    goals = Table.concat([load_goals(raw / GOALS_FILE, ids, provs),
                          document_goals(documents, targets)], COLUMNS["goals"])
    return {
        "goals": (DDL["goals"], goals),
        "national_actuals": (DDL["national_actuals"], load_actuals(raw / ACTUALS_FILE, ids, provs)),
        "regions": (DDL["regions"], regions),
        "labels": (SCHEMA["labels"], load_labels(raw / LABELS_FILE)),
    }
