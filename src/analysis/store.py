"""The DuckDB store: schema, atomic writes, and read helpers.

The store is the public contract between extraction and everything that
reads it (comparisons, notebooks, Excel, outside SQL users).  It is always
written to a temporary file next to the destination and renamed into place,
so an interrupted build never leaves a half-written store behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

# Bump when a table's columns change: an incremental build only reuses rows of a
# previous store with the same schema version.
SCHEMA_VERSION = "2"

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
        n_mapped INTEGER
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
        definition VARCHAR
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
        unit VARCHAR,
        comparator VARCHAR,
        aspirational BOOLEAN,
        maintain BOOLEAN,
        annual BOOLEAN,
        kind VARCHAR,
        target_year INTEGER,
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
        attribute VARCHAR
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
    """Rows to copy unchanged from a previous store: ``table`` rows whose doc_id is kept.

    Copying inside DuckDB (ATTACH + INSERT … SELECT) lets an incremental build
    keep thousands of unchanged documents' targets without loading them into Python.
    """

    store: Path
    doc_ids: tuple[str, ...]
    tables: tuple[str, ...] = ("targets",)


def _carry(con: duckdb.DuckDBPyConnection, carry: CarryOver) -> None:
    if not carry.doc_ids:
        return
    con.execute(f"ATTACH '{carry.store}' AS prev (READ_ONLY)")
    try:
        con.register("_keep", pd.DataFrame({"doc_id": list(carry.doc_ids)}))
        for name in carry.tables:
            cols = ", ".join(COLUMNS[name])
            con.execute(
                f"INSERT INTO {name} ({cols}) SELECT {cols} FROM prev.{name} "
                "WHERE doc_id IN (SELECT doc_id FROM _keep)"
            )
        con.unregister("_keep")
    finally:
        con.execute("DETACH prev")


def write_store(
    path: Path,
    tables: dict[str, pd.DataFrame],
    extra_ddl: dict[str, str] | None = None,
    finalize: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    carry: CarryOver | None = None,
) -> None:
    """Write all tables to a temp DuckDB file, then atomically rename it to ``path``.

    ``extra_ddl`` adds tables beyond the core schema; ``carry`` copies rows of
    unchanged documents from the previous store; ``finalize`` may create views
    once the tables are filled.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            schema = {**SCHEMA, **(extra_ddl or {})}
            for name, ddl in schema.items():
                _create(con, name, ddl)
            for name, frame in tables.items():
                if name not in schema:
                    raise StoreError(f"no schema for table {name!r}")
                _insert(con, name, frame)
            if carry is not None:
                _carry(con, carry)
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
