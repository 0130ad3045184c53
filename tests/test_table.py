"""analysis.table: the build's tables as lists, and what DuckDB makes of them."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.store import schema
from analysis.table import Table

ROWS = [{"doc_id": "b", "n": 2, "x": 1.5}, {"doc_id": "a", "n": None, "x": None},
        {"doc_id": "c", "n": 7, "x": -0.25}]


def test_records_rows_and_columns():
    t = Table.from_records(["doc_id", "n", "x", "absent"], ROWS)
    assert len(t) == 3 and not t.empty and t.columns == ["doc_id", "n", "x", "absent"]
    assert t["n"] == [2, None, 7] and t["absent"] == [None, None, None]
    assert t.records()[1] == {"doc_id": "a", "n": None, "x": None, "absent": None}
    assert list(t.rows("doc_id", "n")) == [("b", 2), ("a", None), ("c", 7)]
    assert Table.from_rows(["doc_id", "n"], [("b", 2), ("a", None)])["n"] == [2, None]
    assert Table.from_rows(["doc_id"], []).empty and Table(["doc_id"]).columns == ["doc_id"]


def test_where_take_select_sort_and_concat():
    t = Table.from_records(["doc_id", "n"], ROWS)
    assert t.where([True, False, True])["doc_id"] == ["b", "c"]
    assert t.where(lambda r: r["n"] is not None)["doc_id"] == ["b", "c"]
    assert t.sorted_by("doc_id")["n"] == [None, 2, 7]
    assert t.select(["n", "new"]).records()[0] == {"n": 2, "new": None}
    assert t.select(["new"])["new"] == [None, None, None]  # as many rows as the table
    both = Table.concat([t, Table.from_records(["doc_id", "other"], [{"doc_id": "d"}])])
    assert both.columns == ["doc_id", "n"] and both["doc_id"] == ["b", "a", "c", "d"]
    assert both["n"] == [2, None, 7, None]
    assert Table.concat([]).empty


def test_a_column_is_set_whole_and_of_the_table_s_length():
    t = Table.from_records(["doc_id"], ROWS)
    t["flag"] = [True, False, True]
    assert t.columns == ["doc_id", "flag"] and t["flag"] == [True, False, True]
    with pytest.raises(ValueError, match="2 values for 3 rows"):
        t["flag"] = [True, False]
    with pytest.raises(ValueError, match="unequal length"):
        Table(["a", "b"], {"a": [1], "b": [1, 2]})


def test_the_input_is_never_changed():
    data = {"doc_id": ["b", "a"]}
    t = Table(["doc_id"], data)
    t.sorted_by("doc_id")
    t["doc_id"] = ["x", "y"]
    assert data == {"doc_id": ["b", "a"]}


def test_duckdb_stores_the_values_as_they_are():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (doc_id VARCHAR, n INTEGER, x DOUBLE, d DATE, f BOOLEAN, "
                "s VARCHAR)")
    t = Table.from_records(["doc_id", "n", "x", "d", "f", "s"], [
        {"doc_id": "a", "n": 2025, "x": 7.55, "d": dt.date(2024, 12, 24), "f": True,
         "s": "=1+1"},
        {"doc_id": "b"}, {"doc_id": "c", "n": 0, "x": 0.1 + 0.2, "f": False, "s": ""}])
    schema._insert(con, "t", t)
    assert con.execute("SELECT * FROM t").fetchall() == [
        ("a", 2025, 7.55, dt.date(2024, 12, 24), True, "=1+1"),
        ("b", None, None, None, None, None), ("c", 0, 0.1 + 0.2, None, False, "")]
    back = Table.from_query(con.execute("SELECT * FROM t"))
    assert back.columns == t.columns and back["d"] == t["d"] and back["s"] == t["s"]


def test_as_a_dataframe():
    frame = Table.from_records(["doc_id", "n"], ROWS).to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["doc_id", "n"]
    assert frame["doc_id"].tolist() == ["b", "a", "c"]


values = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3))


@given(st.lists(st.tuples(st.text(max_size=3), values), max_size=30))
def test_sorting_is_stable_as_pandas_is(rows):
    t = Table.from_rows(["key", "v"], rows)
    ours = t.sorted_by("key")
    theirs = pd.DataFrame(rows, columns=["key", "v"], dtype=object).sort_values(
        "key", kind="stable")
    assert ours["key"] == theirs["key"].tolist() and ours["v"] == theirs["v"].tolist()


@given(st.lists(st.lists(st.tuples(st.text(max_size=2), values), max_size=5), max_size=5))
def test_concat_keeps_every_row_in_order(parts):
    tables = [Table.from_rows(["key", "v"], p) for p in parts]
    both = Table.concat(tables, ["key", "v"])
    assert list(both.rows()) == [r for p in parts for r in p]


# The appender writes what plain parameterised INSERTs write, value for value, NULLs and
# every column type of the schema included.
_TYPES = {"s": "VARCHAR", "i": "INTEGER", "b": "BIGINT", "x": "DOUBLE", "f": "BOOLEAN",
          "d": "DATE"}
_VALUES = {
    "s": st.text(max_size=4),
    "i": st.integers(-2**31 + 1, 2**31 - 1),
    "b": st.integers(-2**62, 2**62),
    "x": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10, 10)),
    "f": st.booleans(),
    "d": st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
}
_ROW = st.fixed_dictionaries({c: st.one_of(st.none(), v) for c, v in _VALUES.items()})


def _table_con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (" + ", ".join(f"{c} {t}" for c, t in _TYPES.items()) + ")")
    return con


@given(st.lists(_ROW, min_size=1, max_size=12))
def test_the_appender_writes_what_parameters_write(rows):
    appended = _table_con()
    schema._insert(appended, "t", Table.from_records(list(_TYPES), rows))
    inserted = _table_con()
    for row in rows:
        inserted.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [row[c] for c in _TYPES])
    got = appended.execute("SELECT * FROM t").fetchall()
    assert got == inserted.execute("SELECT * FROM t").fetchall()
    assert [r[0] for r in got] == [r["s"] for r in rows]
    assert [r[5] for r in got] == [r["d"] for r in rows]


def test_columns_go_by_name_and_a_missing_one_is_null():
    con = _table_con()
    schema._insert(con, "t", Table.from_records(["d", "s"], [{"s": "a", "d": dt.date(2024, 1, 2)}]))
    assert con.execute("SELECT * FROM t").fetchall() == [
        ("a", None, None, None, None, dt.date(2024, 1, 2))]


@pytest.mark.parametrize("value, expected", [
    ("2024-05-01", dt.date(2024, 5, 1)), ("2024/5/1", dt.date(2024, 5, 1)),
    ("2024.12.24", dt.date(2024, 12, 24)), (" 2024-05 ", dt.date(2024, 5, 1)),
    ("2024", dt.date(2024, 1, 1)), ("2024-02-30", None), ("五月", None), ("", None),
    (None, None), (dt.datetime(2024, 5, 1, 13, 0), dt.date(2024, 5, 1)),
    (dt.date(2023, 3, 23), dt.date(2023, 3, 23)),
])
def test_a_documents_date_as_the_store_keeps_it(value, expected):
    """build._as_date: the manifest's or the extraction's date, or the stored one."""
    from analysis.build import _as_date

    assert _as_date(value) == expected
