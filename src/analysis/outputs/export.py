"""The open data product: ``python -m analysis export`` / ``make export``.

Researchers take the data to R, Stata, Excel or their own DuckDB.  The export writes
every public table and view of the store (not the internal tables) as Parquet or CSV,
plus a ``datapackage.json`` (Frictionless Data Package: fields, types, units,
descriptions, sources and a licence note) and ``data_dictionary.md``.  The
descriptions come from the one data dictionary of the store
(``analysis.store.schema.dictionary``), which also writes the store's ``COMMENT``s and
``docs/data_dictionary.md``.

Each file is written to a temporary name and renamed; rows are in a fixed order, so
the same store gives the same files.  Parquet is written in the format every DuckDB
1.x, R's arrow, pandas and Stata (via arrow) read; CSV is UTF-8 with a header row.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis import paths
from analysis.compare.views import open_with_views
from analysis.files import write_atomic
from analysis.store.schema import (
    SCHEMA_VERSION,
    STORAGE_VERSION,
    StoreError,
    dictionary,
    public_relations,
    relation_columns,
)

FORMATS = ("parquet", "csv")
MEDIA_TYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv"}
PACKAGE_NAME = "health-system-policy-targets"
LICENCE_NOTE = (
    "The source documents are Chinese government publications; every number keeps the "
    "title, 文号 and exact sentence of the document that states it. Cite those documents "
    "and this data package when you use the data. The reference goals and national "
    "actuals carry their own sources (goals.source_title, national_actuals.source_title)."
)
SOURCES = [
    {"title": "Municipal and county health-system implementation plans (data/raw/policies/)",
     "description": "One row per document in the documents table: title, 文号, issuer, "
                    "issue date and SHA-256 of the file as published."},
    {"title": "National and provincial goals (data/raw/reference_goals.csv)",
     "description": "Each goal with its source title, 文号 and the exact excerpt that states it."},
    {"title": "National statistics (data/raw/national_actuals.csv)",
     "description": "Latest national actuals by data year, each with its source and excerpt."},
]

# DuckDB type -> Frictionless Table Schema type
_TYPES = {"VARCHAR": "string", "DOUBLE": "number", "FLOAT": "number", "DECIMAL": "number",
          "INTEGER": "integer", "BIGINT": "integer", "HUGEINT": "integer", "SMALLINT": "integer",
          "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime"}


@dataclass(frozen=True)
class Exported:
    """One written file and its row count."""

    relation: str
    kind: str  # table or view
    path: Path
    rows: int


def field_type(duckdb_type: str) -> str:
    """The Frictionless type of a DuckDB column type (lists and structs: any)."""
    base = duckdb_type.split("(")[0].upper()
    return _TYPES.get(base, "any")


def _field(relation: str, column: str, duckdb_type: str) -> dict[str, object]:
    entry = dictionary().column(relation, column)
    field: dict[str, object] = {"name": column, "type": field_type(duckdb_type)}
    if entry is not None:
        field["description"] = entry.description
        if entry.unit:
            field["unit"] = entry.unit
    return field


def _resource(con: duckdb.DuckDBPyConnection, relation: str, kind: str, fmt: str,
              file_name: str, rows: int) -> dict[str, object]:
    book = dictionary()
    resource: dict[str, object] = {
        "name": relation.replace("_", "-"),
        "path": file_name,
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "description": book.relation(relation).description if relation in book.relations
        else "",
        "store_relation": relation,
        "store_kind": kind,
        "rows": rows,
        "schema": {"fields": [_field(relation, c, t)
                              for c, t in relation_columns(con, relation)]},
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"
    return resource


def _order(kind: str) -> str:
    """Views keep their own order; tables are sorted on every column (a fixed order)."""
    return "" if kind == "view" else " ORDER BY ALL"


def _copy(con: duckdb.DuckDBPyConnection, relation: str, kind: str, target: Path,
          fmt: str) -> int:
    """Write one relation to ``target`` atomically; returns its row count."""
    tmp = target.with_name(f".{target.name}.tmp")
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else \
        "FORMAT csv, HEADER true, DELIMITER ','"
    literal = str(tmp).replace("'", "''")
    try:
        con.execute(f'COPY (SELECT * FROM "{relation}"{_order(kind)}) '
                    f"TO '{literal}' ({options})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    (rows,) = con.execute(f'SELECT count(*) FROM "{relation}"').fetchone()
    return int(rows)


def _build_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM build_info").fetchall())
    except duckdb.Error:
        return {}


def _created(built_on: str | None) -> str:
    """The build date as the datetime Frictionless wants (the store's, for fixed bytes)."""
    return f"{str(built_on)[:10]}T00:00:00Z" if built_on else "2000-01-01T00:00:00Z"


def package_descriptor(con: duckdb.DuckDBPyConnection, exported: list[Exported],
                       fmt: str) -> dict[str, object]:
    """The datapackage.json content for the written files."""
    info = _build_info(con)
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Health-system policy targets of Chinese cities, with national and "
                 "provincial goals",
        "description": "Quantitative targets extracted from municipal and county "
                       "implementation plans, each with its exact quote and character "
                       "offsets, compared with national and provincial goals. Values are in "
                       "each indicator's unit (see indicators.unit); value_written keeps the "
                       "number as written. " + LICENCE_NOTE,
        "version": f"schema-{SCHEMA_VERSION}",
        "created": _created(info.get("built_on")),
        "licenses": [{"name": "other-at", "title": "Attribution: cite the source documents",
                      "path": "https://opendefinition.org/licenses/"}],
        "sources": SOURCES,
        "store": {"schema_version": SCHEMA_VERSION, "storage_version": STORAGE_VERSION,
                  "extractor_version": info.get("extractor_version", "")},
        "resources": [_resource(con, e.relation, e.kind, fmt, e.path.name, e.rows)
                      for e in exported],
    }


def markdown_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    """``docs/data_dictionary.md``: every public table and view, column by column."""
    book = dictionary()
    lines = [
        "# Data dictionary",
        "",
        "Generated by `python -m analysis export --dictionary docs/data_dictionary.md` from",
        "`src/analysis/store/data_dictionary.csv`, the one source of these descriptions (they",
        "are also the store's `COMMENT`s and the export's `datapackage.json`). Do not edit by",
        "hand.",
        "",
        "**One name per concept.** `value` is always in the indicator's unit",
        "(`indicators.unit`; 每万人口床位数75张 is 7.5 beds per 1,000; ratios 1:x are x;",
        "90% is 90). `value_written` is the number as written in the text, before any",
        "conversion, and `unit_written` (in `targets`: `unit`) its unit as written.",
        "`compare_value` is the value a comparison uses:",
        "the committed end of a range (low end for higher-is-better indicators, high end for",
        "lower-is-better ones). In `city_vs_goals` the city's and the goal's numbers carry the",
        "prefixes `city_` and `goal_`. `value_std` is kept for older readers only (it equals",
        "`value` when a conversion happened).",
        "",
        "Coded values (verdicts, coverage statuses, levels, directions, comparators) have",
        "Chinese and English labels in the `labels` table (join on `kind` and `key`).",
        "",
        "Internal tables (schema `internal`) hold precomputed rows behind the views; read the",
        "views, not them.",
        "",
    ]
    for relation, kind in public_relations(con):
        described = book.relations.get(relation)
        lines += [f"## {relation} ({kind})", "", described.description if described else "", "",
                  "| column | type | unit | description |", "|---|---|---|---|"]
        for column, duckdb_type in relation_columns(con, relation):
            entry = book.column(relation, column)
            unit = entry.unit if entry else ""
            text = (entry.description if entry else "").replace("|", "\\|")
            lines.append(f"| `{column}` | {field_type(duckdb_type)} | {unit} | {text} |")
        lines.append("")
    lines += ["## internal tables", "", "| table | description |", "|---|---|"]
    for name, entry in book.relations.items():
        if entry.kind == "internal":
            lines.append(f"| `{name}` | {entry.description} |")
    return "\n".join(lines) + "\n"


def export(db: Path | str = paths.STORE, out: Path | str = paths.EXPORT,
           fmt: str = "parquet") -> list[Exported]:
    """Write every public table and view of ``db`` to ``out`` (+ datapackage.json and
    data_dictionary.md); returns what was written, in catalogue order."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Exported] = []
    with open_with_views(Path(db)) as con:
        for relation, kind in public_relations(con):
            target = out / f"{relation}.{fmt}"
            written.append(Exported(relation, kind, target, _copy(con, relation, kind,
                                                                  target, fmt)))
        descriptor = package_descriptor(con, written, fmt)
        write_atomic(out / "datapackage.json",
                     json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
        write_atomic(out / "data_dictionary.md", markdown_dictionary(con))
    return written


def write_dictionary(db: Path | str, out: Path | str) -> Path:
    """Only the Markdown data dictionary (docs/data_dictionary.md)."""
    with open_with_views(Path(db)) as con:
        return write_atomic(Path(out), markdown_dictionary(con))


# --- CLI -----------------------------------------------------------------------------------


def _cmd_export(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK

    try:
        if args.dictionary:
            print(f"wrote {write_dictionary(Path(args.db), Path(args.dictionary))}")
            return EXIT_OK
        written = export(Path(args.db), Path(args.out), args.format)
    except (StoreError, duckdb.Error, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    total = 0
    for e in written:
        size = e.path.stat().st_size
        total += size
        print(f"{e.kind:5s} {e.relation:24s} {e.rows:>9,d} rows  {size / 1024:>9,.0f} KiB")
    print(f"{len(written)} files + datapackage.json + data_dictionary.md in {args.out} "
          f"({total / 1024 / 1024:.1f} MiB)")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis export``."""
    e = sub.add_parser("export", help="every public table and view as Parquet or CSV, with "
                                      "datapackage.json and the data dictionary")
    e.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    e.add_argument("--format", default="parquet", choices=FORMATS, help="file format")
    e.add_argument("--out", default=str(paths.EXPORT),
                   help="folder to write (default reports/export)")
    e.add_argument("--dictionary", default=None, metavar="FILE",
                   help="write only the Markdown data dictionary to FILE")
    e.set_defaults(func=_cmd_export)


__all__ = ["FORMATS", "Exported", "export", "field_type", "markdown_dictionary",
           "package_descriptor", "register", "write_dictionary"]
