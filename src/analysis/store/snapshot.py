"""What the next build reads of a store, kept in a file beside it.

An incremental build plans from the previous store's documents (which files changed),
its build facts (same extractor, schema, codebook, reference data?) and the targets of its
national and provincial documents (the goals they state are made again at every build).
Opening a 3,000-plan store and fetching those rows took ~55 ms of a ~0.6 s rebuild, most of
it DuckDB reading the catalogue of every view; this file gives the same rows in a few ms.

The file names the store file it describes by device, inode, size, modification time (ns)
and DuckDB's headers (which count its checkpoints) as the build left it: a store written
since (by another build, or by hand), copied, or with a write-ahead log beside it does not
match, and the caller reads the store itself.  Its values are those the
store holds, column by column as the schema types them; a value DuckDB would have cast
into another (a float in an INTEGER column, a number in a VARCHAR one) makes no file at
all, so what is read back is always what a query would give.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis.files import write_atomic
from analysis.store.schema import COLUMN_TYPES
from analysis.table import Table

# bumped when the file's layout changes (a file of another layout is not read)
_VERSION = "store-rows-1"


class _NotStorable(ValueError):
    """A value the store would hold as another value: no file is written."""


def _varchar(v: Any) -> Any:
    if v is None or type(v) is str:
        return v
    raise _NotStorable(v)


def _integer(v: Any) -> Any:
    if v is None or type(v) is int:
        return v
    if type(v) is float and v.is_integer():
        return int(v)
    raise _NotStorable(v)


def _double(v: Any) -> Any:
    if v is None or type(v) is float:
        return v
    if type(v) is int:
        return float(v)
    raise _NotStorable(v)


def _boolean(v: Any) -> Any:
    if v is None or type(v) is bool:
        return v
    raise _NotStorable(v)


def _date(v: Any) -> Any:  # (as its day number: marshal holds no dates)
    if v is None:
        return v
    if isinstance(v, date) and not isinstance(v, datetime):
        return v.toordinal()
    raise _NotStorable(v)


_ENCODE: dict[str, Callable[[Any], Any]] = {
    "VARCHAR": _varchar, "INTEGER": _integer, "BIGINT": _integer, "DOUBLE": _double,
    "BOOLEAN": _boolean, "DATE": _date}


def _day(v: int | None) -> date | None:
    return None if v is None else date.fromordinal(v)


# DuckDB's file opens on its headers, whose checkpoint count each write moves on
_HEADERS = 3 * 4096


def _key(store: Path) -> tuple[int, int, int, int, bytes] | None:
    """What tells this store file from any other, and from itself after a write: its
    stat and its headers; None while a write-ahead log beside it holds changes the file
    lacks (a connection would read them in)."""
    if os.path.exists(f"{store}.wal"):
        return None
    with open(store, "rb") as f:
        st = os.fstat(f.fileno())
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, f.read(_HEADERS))


def encode(info: Mapping[str, str], tables: Mapping[str, Table]) -> bytes | None:
    """The file's body: ``info`` (build_info's keys and values) and ``tables`` (by their
    schema name); None when a value is not as the store holds it.  Made apart from
    ``save`` so that a build makes it while DuckDB writes the store."""
    try:
        data = {name: [[_ENCODE[COLUMN_TYPES[name][c]](v) for v in table[c]]
                       for c in COLUMN_TYPES[name]]
                for name, table in tables.items()}
    except (_NotStorable, KeyError):
        return None
    return marshal.dumps({"info": dict(info), "tables": data})


def save(path: Path, store: Path, body: bytes | None) -> None:
    """Write the file for the store file ``store`` (closed, not yet renamed into place: a
    rename keeps what ``_key`` reads, and another build's store is never taken for it),
    with ``body`` (``encode``).  Without a body, or when the file cannot be written, an
    older file goes: the next build reads the store."""
    try:
        key = _key(store) if body is not None else None
        if key is None:
            raise ValueError("nothing to keep")
        # (the head first, after its length: a file of another store is told without
        # decoding its rows)
        head = marshal.dumps({"version": _VERSION, "key": key})
        write_atomic(path, len(head).to_bytes(4, "little") + head + body,
                     durable=False)  # (a torn file does not load: the store is read)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            path.unlink()


def load(path: Path, store: Path) -> tuple[dict[str, str], dict[str, Table]] | None:
    """``(info, tables)`` as ``save`` kept them, when the file describes ``store`` as it
    is now; else None."""
    try:
        data = memoryview(path.read_bytes())
        n = int.from_bytes(data[:4], "little")
        head = marshal.loads(data[4:4 + n])
        if not isinstance(head, dict) or head.get("version") != _VERSION \
                or head.get("key") != _key(store):
            return None
        body = marshal.loads(data[4 + n:])
        tables: dict[str, Table] = {}
        for name, columns in body["tables"].items():
            types = COLUMN_TYPES[name]
            tables[name] = Table(types, {c: list(map(_day, v)) if types[c] == "DATE" else v
                                         for c, v in zip(types, columns, strict=True)})
        return body["info"], tables
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
