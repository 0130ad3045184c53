"""The DuckDB store: schema, atomic writes, and read helpers.

The store is the public contract between extraction and everything that
reads it (comparisons, notebooks, Excel, outside SQL users).  It is always
written to a temporary file next to the destination and renamed into place,
so an interrupted build never leaves a half-written store behind.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from analysis import paths
from analysis.table import Table

if TYPE_CHECKING:
    import pandas as pd

# Tables derived from the others at build time (see analysis.compare.views) live in
# their own schema, apart from the public tables and views; connection-local copies
# (a read-only store) cannot have a schema and start with DERIVED_PREFIX instead.
INTERNAL_SCHEMA = "internal"
DERIVED_PREFIX = "_m_"

# Bump when a table's columns change: an incremental build only reuses rows of a
# previous store with the same schema version.
SCHEMA_VERSION = "9"

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
        target_id VARCHAR NOT NULL,
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
        observation_id VARCHAR NOT NULL,
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
    "goals": """
        goal_id VARCHAR PRIMARY KEY,
        origin VARCHAR NOT NULL,
        scope VARCHAR NOT NULL,
        scope_level VARCHAR NOT NULL,
        indicator_id VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        value_high DOUBLE,
        comparator VARCHAR NOT NULL,
        target_year INTEGER,
        source_title VARCHAR NOT NULL,
        doc_number VARCHAR,
        excerpt VARCHAR NOT NULL,
        excerpt_language VARCHAR,
        doc_number_seen_in_source BOOLEAN,
        note VARCHAR,
        note_zh VARCHAR,
        verified BOOLEAN NOT NULL,
        source_file VARCHAR,
        source_row INTEGER,
        doc_id VARCHAR,
        target_id VARCHAR,
        char_start INTEGER,
        char_end INTEGER,
        issued_on DATE
    """,
    "national_actuals": """
        scope VARCHAR NOT NULL,
        scope_level VARCHAR NOT NULL,
        indicator_id VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        data_year INTEGER NOT NULL,
        source_title VARCHAR NOT NULL,
        excerpt VARCHAR NOT NULL,
        note VARCHAR,
        source_file VARCHAR,
        source_row INTEGER
    """,
    "regions": """
        region VARCHAR PRIMARY KEY,
        level VARCHAR NOT NULL,
        province VARCHAR,
        region_en VARCHAR
    """,
    "labels": """
        kind VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        zh VARCHAR NOT NULL,
        en VARCHAR NOT NULL,
        PRIMARY KEY (kind, key)
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

# The keys of the two large tables are checked at every write (``check_keys``) instead of
# declared PRIMARY KEY: DuckDB rewrites a table's whole key index at each checkpoint, which
# was 0.12 s of an incremental build that changes one document's rows among 67,000.
CHECKED_KEYS: dict[str, str] = {"targets": "target_id", "observations": "observation_id"}

REFERENCE_TABLES = ("goals", "national_actuals", "regions")

# Each table's columns and their types, in order, for building tables that match the schema
# (a type without its width or constraints: "VARCHAR", "DATE", "INTEGER", ...).
COLUMN_TYPES: dict[str, dict[str, str]] = {
    name: {parts[0]: parts[1].split("(")[0].rstrip(",")
           for line in ddl.strip().splitlines()
           if (parts := line.strip().split()) and parts[0] != "PRIMARY"}
    for name, ddl in SCHEMA.items()
}
COLUMNS: dict[str, list[str]] = {name: list(types) for name, types in COLUMN_TYPES.items()}


# --- the catalogue: every relation of the store and what each column means -----------------

# The comparison views (their SQL is in analysis.compare.views) and the tables behind them.
VIEWS = ("city_documents", "cities", "city_targets", "effective_goals", "city_kinds",
         "city_applicable", "city_words", "city_vs_goals", "coverage", "ambition_index",
         "latest_national_actuals", "peer_comparison", "goal_status", "target_vs_actuals",
         "provincial_templates", "goal_summary", "province_summary")
INTERNAL_TABLES = ("city_targets", "city_vs_goals_core", "peer_positions", "peer_groups",
                   "province_groups", "city_vs_goals", "coverage", "ambition_index",
                   "goal_status", "provincial_templates")
# The one source of descriptions: the store's COMMENTs, the export's datapackage.json and
# docs/data_dictionary.md are all generated from it.
DICTIONARY_FILE = Path(__file__).with_name("data_dictionary.csv")
GLOSSARY = "*"  # rows of the dictionary that describe a column name wherever it appears


@dataclass(frozen=True)
class Described:
    """A relation or column of the dictionary: kind (table/view/internal), unit, text."""

    kind: str
    unit: str
    description: str


@dataclass(frozen=True)
class Dictionary:
    """Descriptions by relation and by (relation, column), with the glossary as fallback.

    One name means one thing everywhere (``value`` is always in the indicator's unit,
    ``value_written`` always the number as written), so most columns are described once
    in the glossary; a relation overrides where its column needs more words.
    """

    relations: dict[str, Described]
    columns: dict[tuple[str, str], Described]

    def relation(self, name: str) -> Described:
        return self.relations[name]

    def column(self, relation: str, column: str) -> Described | None:
        return self.columns.get((relation, column)) or self.columns.get((GLOSSARY, column))


@functools.cache
def dictionary(path: Path = DICTIONARY_FILE) -> Dictionary:
    """The data dictionary (read once)."""
    relations: dict[str, Described] = {}
    columns: dict[tuple[str, str], Described] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            entry = Described(row["kind"], row["unit"], row["description"])
            if row["column"]:
                columns[(row["relation"], row["column"])] = entry
            else:
                relations[row["relation"]] = entry
    return Dictionary(relations, columns)


def public_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of every public relation the store holds, catalogue order."""
    present = {name: kind for name, kind in con.execute(
        "SELECT table_name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END "
        "FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()").fetchall()}
    order = [*SCHEMA, *VIEWS]
    return [(name, present[name]) for name in order if name in present]


def relation_columns(con: duckdb.DuckDBPyConnection, name: str,
                     schema: str = "main") -> list[tuple[str, str]]:
    """(column, DuckDB type) of a relation, in order."""
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? AND table_catalog = current_database() "
        "ORDER BY ordinal_position", [schema, name]).fetchall()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _uncommented(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(schema, name) -> "table" or "view", of every table and view without a comment."""
    return {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT schema_name, table_name, 'table' FROM duckdb_tables() WHERE comment IS NULL "
        "AND database_name = current_database() UNION ALL "
        "SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE comment IS NULL "
        "AND NOT internal AND database_name = current_database()").fetchall()}


def comment_store(con: duckdb.DuckDBPyConnection) -> None:
    """``COMMENT ON`` every public table and view, each of their columns, and the
    internal tables, from the data dictionary (SQL users see them in duckdb_columns()).

    Only relations without a comment are commented: those created by this build (an
    incremental build keeps most relations of the previous store, and their comments).
    The statements go to DuckDB as one script, and the columns come from one catalogue
    query, of those relations only: a statement or a query per column cost a third of a
    second per build."""
    book = dictionary()
    bare = _uncommented(con)
    targets = [(name, bare["main", name], "main") for name in (*SCHEMA, *VIEWS)
               if ("main", name) in bare]
    targets += [(name, "table", INTERNAL_SCHEMA) for name in INTERNAL_TABLES
                if (INTERNAL_SCHEMA, name) in bare]
    if not targets:
        return
    columns: dict[str, list[str]] = {}
    for relation, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND database_name = current_database() "
            "AND table_name IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY table_name, column_index",
            [[name for name, _, schema in targets if schema == "main"]]).fetchall():
        columns.setdefault(relation, []).append(column)
    statements = []
    for name, kind, schema in targets:
        key = name if schema == "main" else f"{schema}.{name}"
        qualified = f'"{name}"' if schema == "main" else f'{schema}."{name}"'
        if key in book.relations:
            statements.append(f"COMMENT ON {kind.upper()} {qualified} IS "
                              f"{_literal(book.relation(key).description)}")
        if schema != "main":
            continue
        for column in columns.get(name, []):
            entry = book.column(name, column)
            if entry is not None:
                statements.append(f'COMMENT ON COLUMN {qualified}."{column}" IS '
                                  f"{_literal(entry.description)}")
    if statements:
        con.execute(";\n".join(statements))


class StoreError(RuntimeError):
    """The store cannot be opened or lacks a table the caller needs."""


def _create(con: duckdb.DuckDBPyConnection, name: str, ddl: str) -> None:
    con.execute(f"CREATE TABLE {name} ({ddl})")


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: Table | pd.DataFrame) -> None:
    """The rows into the table, each column by name (one the rows lack is NULL).

    A Table goes through DuckDB's appender, its values converted as query parameters are:
    for a 300-plan build ~40 ms faster than numpy arrays (numpy's import most of it; a
    3,000-plan one the same), and a few rows without any fixed cost (an incremental
    build).  A DataFrame (a test's, a researcher's) is scanned as it is."""
    if frame.empty:
        return
    cols = COLUMNS.get(name, list(frame.columns))
    if isinstance(frame, Table):
        appender = con.appender(name, columns=cols)
        appender.append_rows(list(frame.select(cols).rows()))
        appender.flush()
        return
    col_list = ", ".join(cols)
    con.register("_frame", frame.reindex(columns=cols))
    try:
        con.execute(f"INSERT INTO {name} ({col_list}) SELECT {col_list} FROM _frame")
    finally:
        con.unregister("_frame")


def check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Raise StoreError when a key of ``CHECKED_KEYS`` is repeated, naming table and ids."""
    for table, key in CHECKED_KEYS.items():
        repeated = [r[0] for r in con.execute(
            f"SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1 "
            f"ORDER BY {key} LIMIT 3").fetchall()]
        if repeated:
            raise StoreError(f"{table}.{key} is not unique: {', '.join(repeated)}")


@dataclass(frozen=True)
class CarryOver:
    """Start from a copy of a previous store and keep the rows of unchanged documents.

    An incremental build copies the previous store file, deletes the rows of
    documents that changed or disappeared (``tables`` keyed by doc_id) and adds
    the new ones; every other table is replaced, but those named ``unchanged``.
    Unchanged documents' targets and cited 文号 never pass through Python.
    """

    store: Path
    doc_ids: tuple[str, ...]
    tables: tuple[str, ...] = ("targets", "observations", "citations")
    keep_derived: bool = False  # keep the stored comparison tables (internal.*) for an update
    # tables known to equal the previous store's (the build compared their fingerprint):
    # kept as they are, with their comments, neither made anew nor written again
    unchanged: tuple[str, ...] = ()
    # documents whose row of ``documents`` equals the stored one: kept in the copy, not
    # written again (a kept document whose same-plan status or kind changed is written
    # again); None: the table is written whole
    documents: tuple[str, ...] | None = None


def _not_kept(name: str, frame: Table | pd.DataFrame, carry: CarryOver | None
              ) -> Table | pd.DataFrame:
    """The rows to write: all, but those of ``documents`` the copied store keeps."""
    if name != "documents" or carry is None or carry.documents is None:
        return frame
    kept = set(carry.documents)
    mask = [d not in kept for d in frame["doc_id"]]
    return frame.where(mask) if isinstance(frame, Table) else frame[mask]


def _drop_views(con: duckdb.DuckDBPyConnection) -> None:
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    for (name,) in views:
        con.execute(f'DROP VIEW IF EXISTS "{name}"')


def _prepare_from_base(con: duckdb.DuckDBPyConnection, schema: dict[str, str],
                       carry: CarryOver) -> set[str]:
    """Tables of a copied store: keyed tables keep kept docs' rows, the rest are made anew
    but those ``carry.unchanged`` names (returned: their rows are not written again).

    Made anew rather than emptied: the checkpoint writes a new table faster than it
    records the deletion of all its old rows (a 3,000-plan store: 96 ms against 126 ms).
    An update that keeps the stored comparisons keeps the views too (their SQL is the
    same: the reference fingerprint includes the views' own), with their comments, so
    only what is new is commented again (``comment_store``)."""
    if not carry.keep_derived:
        _drop_views(con)
        con.execute(f"DROP SCHEMA IF EXISTS {INTERNAL_SCHEMA} CASCADE")
    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal "
        "AND schema_name = 'main'").fetchall()}
    for name in existing - set(schema):
        con.execute(f'DROP TABLE "{name}"')
    # a table, not numpy arrays: each DELETE below scans it (arrays: ~15 ms a scan); after
    # an error it goes with the connection
    con.execute("CREATE TEMP TABLE _keep AS SELECT unnest(?::VARCHAR[]) AS doc_id",
                [list(carry.doc_ids)])
    unchanged: set[str] = set()
    for name, ddl in schema.items():
        if name in carry.unchanged and name in existing:
            unchanged.add(name)
            continue
        if name in carry.tables and name in existing:  # (a new shape fails the insert)
            con.execute(f"DELETE FROM {name} WHERE doc_id NOT IN (SELECT doc_id FROM _keep)")
        elif name == "documents" and carry.documents is not None and name in existing:
            con.execute("DELETE FROM documents WHERE doc_id NOT IN "
                        "(SELECT unnest(?::VARCHAR[]))", [list(carry.documents)])
        else:
            con.execute(f"DROP TABLE IF EXISTS {name}")
            _create(con, name, ddl)
    con.execute("DROP TABLE _keep")
    return unchanged


# The on-disk format the store is written in: DuckDB 1.1 and every later release read it
# (a file in the newest format cannot be opened by an older DuckDB).
STORAGE_VERSION = "v1.1.0"
_STORE_ALIAS = "store"
# While an update's ``finalize`` runs, the store it starts from is attached read-only under
# this name: the update of the stored comparisons tells from it what changed.
PREVIOUS_STORE = "previous"


# FSST, the string compression DuckDB tries on every string column at the checkpoint: off.
# Its trial compression was half the checkpoint (~0.13 s of a 300-plan build, ~30 ms of an
# incremental one) and it won little over the dictionary and plain encodings it competes
# with (document texts live in files, not in the store): the 3,000-plan store is 12 %
# larger without it (28.6 MB, from 25.4 MB).
DISABLED_COMPRESSION = "fsst"


def _open_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is ``path``, written as ``STORAGE_VERSION``,
    without ``DISABLED_COMPRESSION``."""
    con = duckdb.connect()
    try:
        con.execute(f"SET disabled_compression_methods = '{DISABLED_COMPRESSION}'")
        literal = str(path).replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS {_STORE_ALIAS} "
                    f"(STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute(f"USE {_STORE_ALIAS}")
    except duckdb.Error:
        con.close()
        raise
    return con


@contextlib.contextmanager
def _previous_attached(con: duckdb.DuckDBPyConnection,
                       carry: CarryOver | None) -> Iterator[None]:
    """The previous store attached read-only as ``PREVIOUS_STORE`` (an update that keeps the
    stored comparisons), detached after."""
    if carry is None or not carry.keep_derived:
        yield
        return
    literal = str(carry.store).replace("'", "''")
    con.execute(f"ATTACH '{literal}' AS {PREVIOUS_STORE} (READ_ONLY)")
    yield  # (after an error the connection is closed: the failed transaction cannot detach)
    con.execute(f"DETACH {PREVIOUS_STORE}")


@dataclass
class Draft:
    """A store being written: its temporary file beside ``path``, opened for writing, a
    transaction begun.  ``base``: the previous store it is a copy of (an update), or None:
    a new store, whose core tables (``SCHEMA``) are created and commented.

    Made by ``start_store``, which a build runs on a thread while it reads the documents:
    the copy, the open, a new store's views and the comments (~0.2 s) wait for DuckDB and
    the disk, not for the interpreter."""

    path: Path
    tmp: Path
    con: duckdb.DuckDBPyConnection
    base: Path | None

    def discard(self) -> None:
        """Close it and delete its files (after an error, or a draft of the wrong base)."""
        self.con.close()
        for leftover in (self.tmp, Path(str(self.tmp) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def start_store(path: Path, base: Path | None = None,
                prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                template: Path | None = None,
                reopened: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> Draft:
    """A ``Draft`` of the store at ``path``: a copy of ``base``, or a new store, its
    tables made, then ``prepare`` run on it (the views), then all commented.

    ``template``: a new store so begun and kept as a file (:func:`empty_store`), copied
    instead, then ``reopened`` run on it (what ``prepare`` made that a file does not keep:
    temp tables); a template that cannot be copied or opened is passed over."""
    if base is None and template is not None:
        try:
            draft = _draft_of(path, template, None)
        except OSError:
            pass  # (gone: the store is begun from nothing below)
        except duckdb.Error:  # damaged: begun from nothing, and made again next time
            with contextlib.suppress(OSError):
                Path(template).unlink()
        else:
            try:
                if reopened is not None:
                    reopened(draft.con)
            except BaseException:
                draft.discard()
                raise
            return draft
    draft = _draft_of(path, base, base)
    try:
        if base is None:
            for name, ddl in SCHEMA.items():
                _create(draft.con, name, ddl)
            if prepare is not None:
                prepare(draft.con)
            comment_store(draft.con)
    except BaseException:
        draft.discard()
        raise
    return draft


def _draft_of(path: Path, source: Path | None, base: Path | None) -> Draft:
    """A temp file beside ``path`` (a copy of ``source``, or new), opened for writing, a
    transaction begun: the draft of an update of ``base``, or (None) of a new store."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    try:
        if source is not None:
            shutil.copyfile(source, tmp)
            _sync(tmp)
        con = _open_for_writing(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    draft = Draft(path, tmp, con, base)
    try:
        # one transaction: each statement alone would be a commit of its own (hundreds:
        # tables, inserts, views, COMMENTs), each writing and syncing the WAL
        con.execute("BEGIN TRANSACTION")
    except BaseException:
        draft.discard()
        raise
    return draft


def _sync(file: Path) -> None:
    """Flush a copied store to disk now: the copy's every page is otherwise still to write
    when the build's checkpoint syncs the file, which then waits for all of them (a third
    of the checkpoint of an incremental build on a 3,000-plan store).  A draft is begun on
    a thread while the documents are read, where this wait costs the build nothing."""
    fd = os.open(file, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_EMPTY_PREFIX = "empty-store-"


def empty_store(folder: Path, key: str,
                prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None
                ) -> Path | None:
    """A new store as ``start_store(…, prepare=prepare)`` begins it (its tables, the views
    ``prepare`` makes and the tables behind them, every comment), committed to a file in
    ``folder`` made once for ``key`` (a hash of the code that shapes it) and copied by each
    new store after it (``start_store``'s ``template``): beginning a store binds every
    view's SQL and runs a statement a comment (~0.3 s, most of a build of a few documents);
    copying the ~1.3 MB file takes a few ms.  Of other keys' files in ``folder`` the latest
    two stay.

    None when the file cannot be made (a read-only folder, a full disk): the caller begins
    its store from nothing, as without it."""
    kept = Path(folder) / f"{_EMPTY_PREFIX}{key}.duckdb"
    if kept.is_file():
        return kept
    try:
        draft = start_store(kept, None, prepare)
    except (OSError, duckdb.Error):
        return None
    try:
        draft.con.execute("COMMIT")
        draft.con.execute("CHECKPOINT")
        draft.con.close()
        os.replace(draft.tmp, kept)  # (atomic: another build copies a whole file or none)
    except (OSError, duckdb.Error):
        return None
    finally:
        draft.discard()
    # (the latest few kept: two checkouts of other code used in turn each keep theirs)
    others = sorted((p for p in kept.parent.glob(f"{_EMPTY_PREFIX}*.duckdb") if p != kept),
                    key=_modified, reverse=True)
    for old in others[_EMPTY_KEPT - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return kept


_EMPTY_KEPT = 3  # empty stores kept in the folder, the latest made


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def write_store(
    path: Path,
    tables: dict[str, Table | pd.DataFrame],
    extra_ddl: dict[str, str] | None = None,
    finalize: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    carry: CarryOver | None = None,
    draft: Draft | None = None,
    closed: Callable[[Path], None] | None = None,
) -> None:
    """Write all tables to a temp DuckDB file, then atomically rename it to ``path``.

    ``extra_ddl`` adds tables beyond the core schema; ``carry`` starts from a
    copy of the previous store keeping unchanged documents' rows; ``finalize``
    may create views once the tables are filled.  ``draft``: the temp file, started
    before (``start_store``); one of another base is discarded and started again.
    ``closed`` is handed the written file, closed, before it is renamed into place
    (this store's file and no other, should another build write ``path`` meanwhile).
    """
    path = Path(path)
    base = carry.store if carry is not None else None
    if draft is not None and (draft.path != path or draft.base != base):
        draft.discard()
        draft = None
    draft = draft or start_store(path, base)
    con = draft.con
    try:
        # each commit below checkpoints at once, its rows written to the file without first
        # going to the write-ahead log, which the checkpoint after it then emptied (~25 ms
        # of a 300-plan build's ~125 ms of commits and checkpoint)
        con.execute("SET checkpoint_threshold = '0b'")
        schema = {**SCHEMA, **(extra_ddl or {})}
        kept: set[str] = set()
        if carry is not None:
            kept = _prepare_from_base(con, schema, carry)
        else:  # (the core tables were created with the draft)
            for name, ddl in schema.items():
                if SCHEMA.get(name) != ddl:
                    con.execute(f"DROP TABLE IF EXISTS {name}")
                    _create(con, name, ddl)
        for name, frame in tables.items():
            if name not in schema:
                raise StoreError(f"no schema for table {name!r}")
            if name not in kept:
                _insert(con, name, _not_kept(name, frame, carry))
        check_keys(con)
        if finalize is not None:
            # the tables committed before the stored comparisons are computed from them:
            # DuckDB keeps a transaction's rows in memory until it commits (a 3,000-plan
            # store peaked at ~980 MB in one transaction, ~690 MB in two); the file is
            # still renamed into place only when everything is written
            con.execute("COMMIT")
            con.execute("BEGIN TRANSACTION")
            with _previous_attached(con, carry):
                finalize(con)
        comment_store(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")  # (nothing left to write after the commit's own, ~1 ms)
        con.close()
        if closed is not None:
            closed(draft.tmp)
        os.replace(draft.tmp, path)
    finally:
        draft.discard()  # (closed twice is no error; the renamed file is not there to go)


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


def text_file(db: Path | str, text_path: str, root: Path | None = None) -> Path:
    """The file a ``documents.text_path`` names: relative to the project root, else to
    the store's folder (a store built outside the project keeps its texts beside it)."""
    stored = Path(text_path)
    if stored.is_absolute():
        return stored
    for base in (root or paths.ROOT, Path(db).resolve().parent):
        if (base / stored).exists():
            return base / stored
    return (root or paths.ROOT) / stored


def read_table(path: Path, name: str) -> pd.DataFrame:
    """A whole table (or view) as a DataFrame."""
    with connect(path) as con:
        return con.execute(f"SELECT * FROM {name}").df()
