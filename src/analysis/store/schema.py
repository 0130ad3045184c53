"""The DuckDB store: schema, atomic writes, and read helpers.

The store is the public contract between extraction and everything that
reads it (comparisons, notebooks, Excel, outside SQL users).  It is always
written to a temporary file next to the destination and renamed into place,
so an interrupted build never leaves a half-written store behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

# Tables derived from the others at build time (see analysis.compare.views) start with this.
DERIVED_PREFIX = "_m_"

# Bump when a table's columns change: an incremental build only reuses rows of a
# previous store with the same schema version.
SCHEMA_VERSION = "7"

SCHEMA: dict[str, str] = {
    "documents": """
        doc_id VARCHAR PRIMARY KEY,
        file_name VARCHAR NOT NULL,
        region VARCHAR,
        level VARCHAR,
        province VARCHAR,
        issuer VARCHAR,
        title VARCHAR,
        doc_number VARCHAR,
        issued_on DATE,
        sha256 VARCHAR NOT NULL,
        size_bytes BIGINT,
        encoding VARCHAR,
        converter VARCHAR,
        converter_version VARCHAR,
        text_path VARCHAR,
        n_chars INTEGER,
        inferred_fields VARCHAR,
        input_key VARCHAR,
        duplicate_of VARCHAR,
        n_targets INTEGER,
        n_mapped INTEGER,
        genre VARCHAR,
        genre_source VARCHAR,
        reference_date DATE,
        reference_date_source VARCHAR,
        doc_kind VARCHAR,
        doc_kind_source VARCHAR
    """,
    "indicators": """
        indicator_id VARCHAR PRIMARY KEY,
        core BOOLEAN,
        family VARCHAR,
        name_zh VARCHAR,
        name_en VARCHAR,
        unit VARCHAR,
        direction VARCHAR,
        value_convention VARCHAR,
        value_type VARCHAR,
        per_population INTEGER,
        aliases VARCHAR,
        exclude VARCHAR,
        definition VARCHAR,
        short_name_zh VARCHAR,
        short_name_en VARCHAR,
        chart_group VARCHAR,
        chart_order INTEGER,
        unit_zh VARCHAR,
        unit_en VARCHAR
    """,
    "targets": """
        target_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        indicator_id VARCHAR,
        indicator_text VARCHAR,
        value DOUBLE NOT NULL,
        value_high DOUBLE,
        value_std DOUBLE,
        value_std_high DOUBLE,
        value_written DOUBLE,
        value_high_written DOUBLE,
        unit VARCHAR,
        comparator VARCHAR,
        aspirational BOOLEAN,
        maintain BOOLEAN,
        annual BOOLEAN,
        kind VARCHAR,
        target_year INTEGER,
        year_source VARCHAR,
        section VARCHAR,
        section_path VARCHAR,
        responsible VARCHAR,
        quote VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        value_text VARCHAR,
        value_start INTEGER,
        value_end INTEGER,
        method VARCHAR,
        match_note VARCHAR,
        attribute VARCHAR,
        in_words BOOLEAN,
        curated BOOLEAN,
        curation_note VARCHAR
    """,
    "observations": """
        observation_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        indicator_id VARCHAR,
        indicator_text VARCHAR,
        value DOUBLE NOT NULL,
        value_written DOUBLE,
        unit VARCHAR,
        data_year INTEGER,
        year_source VARCHAR,
        section VARCHAR,
        quote VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        value_text VARCHAR,
        value_start INTEGER,
        value_end INTEGER,
        method VARCHAR
    """,
    "document_kinds": """
        doc_kind VARCHAR PRIMARY KEY,
        name_zh VARCHAR,
        name_en VARCHAR,
        covers_families VARCHAR
    """,
    "citations": """
        doc_id VARCHAR NOT NULL,
        cited_doc_number VARCHAR NOT NULL,
        scope_level VARCHAR,
        province VARCHAR,
        cited_title VARCHAR,
        char_start INTEGER,
        char_end INTEGER
    """,
    "build_issues": """
        file_name VARCHAR,
        severity VARCHAR,
        message VARCHAR
    """,
    "build_info": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    """,
}

# Column order of each table, for building DataFrames that match the schema.
COLUMNS: dict[str, list[str]] = {
    name: [line.strip().split()[0] for line in ddl.strip().splitlines() if line.strip()]
    for name, ddl in SCHEMA.items()
}


class StoreError(RuntimeError):
    """The store cannot be opened or lacks a table the caller needs."""


def _create(con: duckdb.DuckDBPyConnection, name: str, ddl: str) -> None:
    con.execute(f"CREATE TABLE {name} ({ddl})")


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    cols = COLUMNS.get(name, list(frame.columns))
    frame = frame.reindex(columns=cols)
    con.register("_frame", frame)
    try:
        col_list = ", ".join(cols)
        con.execute(f"INSERT INTO {name} ({col_list}) SELECT {col_list} FROM _frame")
    finally:
        con.unregister("_frame")


@dataclass(frozen=True)
class CarryOver:
    """Start from a copy of a previous store and keep the rows of unchanged documents.

    An incremental build copies the previous store file, deletes the rows of
    documents that changed or disappeared (``tables`` keyed by doc_id) and adds
    the new ones; every other table is replaced.  Unchanged documents' targets
    never pass through Python.
    """

    store: Path
    doc_ids: tuple[str, ...]
    tables: tuple[str, ...] = ("targets", "observations")
    keep_derived: bool = False  # keep the stored comparison tables (_m_*) for an update


def _drop_views(con: duckdb.DuckDBPyConnection) -> None:
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    for (name,) in views:
        con.execute(f'DROP VIEW IF EXISTS "{name}"')


def _prepare_from_base(con: duckdb.DuckDBPyConnection, schema: dict[str, str],
                       carry: CarryOver) -> None:
    """Tables of a copied store: keyed tables keep kept docs' rows, the rest start empty."""
    _drop_views(con)
    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    for name in existing - set(schema):
        if not (carry.keep_derived and name.startswith(DERIVED_PREFIX)):
            con.execute(f'DROP TABLE "{name}"')
    con.register("_keep", pd.DataFrame({"doc_id": list(carry.doc_ids)}, dtype="object"))
    try:
        for name, ddl in schema.items():
            if name in carry.tables and name in existing:
                con.execute(f"DELETE FROM {name} WHERE doc_id NOT IN (SELECT doc_id FROM _keep)")
            else:
                con.execute(f"DROP TABLE IF EXISTS {name}")
                _create(con, name, ddl)
    finally:
        con.unregister("_keep")


def write_store(
    path: Path,
    tables: dict[str, pd.DataFrame],
    extra_ddl: dict[str, str] | None = None,
    finalize: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    carry: CarryOver | None = None,
) -> None:
    """Write all tables to a temp DuckDB file, then atomically rename it to ``path``.

    ``extra_ddl`` adds tables beyond the core schema; ``carry`` starts from a
    copy of the previous store keeping unchanged documents' rows; ``finalize``
    may create views once the tables are filled.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    try:
        schema = {**SCHEMA, **(extra_ddl or {})}
        if carry is not None:
            shutil.copyfile(carry.store, tmp)
        con = duckdb.connect(str(tmp))
        try:
            if carry is not None:
                _prepare_from_base(con, schema, carry)
            else:
                for name, ddl in schema.items():
                    _create(con, name, ddl)
            for name, frame in tables.items():
                if name not in schema:
                    raise StoreError(f"no schema for table {name!r}")
                _insert(con, name, frame)
            if finalize is not None:
                finalize(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


@contextlib.contextmanager
def connect(path: Path, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store; a clear error when it has not been built yet."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"store {path} does not exist; run `make data` first")
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def read_table(path: Path, name: str) -> pd.DataFrame:
    """A whole table (or view) as a DataFrame."""
    with connect(path) as con:
        return con.execute(f"SELECT * FROM {name}").df()
