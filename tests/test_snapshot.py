"""The rows a next build reads of a store, kept beside it (analysis.store.snapshot): the
same rows, of the same types, as the store gives; never those of another store."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from analysis.build import BuildConfig, _Previous, build
from analysis.store import snapshot
from analysis.store.schema import COLUMNS, connect
from analysis.table import Table

PROVINCIAL_DOC = (
    "山东省人民政府办公厅\n关于印发山东省医疗卫生服务体系规划的通知\n"
    "到2025年，全省每千人口医疗卫生机构床位数达到7.2张，医护比达到1:1.25。\n2023年6月1日\n"
)
NATIONAL_DOC = "国务院办公厅\n到2025年，全国每千人口医疗卫生机构床位数达到7张。\n2022年1月1日\n"
CITY_DOC = "东营市人民政府办公室\n到2025年，全市每千人口医疗卫生机构床位数达到7.55张。\n2024年12月24日\n"


@pytest.fixture
def built(tmp_path: Path) -> BuildConfig:
    """A store of a provincial, a national and a city document, built with its cache."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a_sd.txt").write_text(PROVINCIAL_DOC, encoding="utf-8")
    (src / "b_nat.txt").write_text(NATIONAL_DOC, encoding="utf-8")
    (src / "c_dy.txt").write_text(CITY_DOC, encoding="utf-8")
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    return cfg


def _typed(table: Table, key: str) -> tuple[list[str], list[tuple]]:
    """The table's columns and its rows in ``key`` order, each value with its type."""
    rows = sorted(table.rows(*table.columns), key=lambda r: r[table.columns.index(key)])
    return table.columns, [tuple((type(v), v) for v in r) for r in rows]


def test_the_kept_rows_are_the_stores_own(built):
    assert built.rows_file.is_file()
    kept = _Previous.load(built.db, built.rows_file)
    stored = _Previous.load(built.db)  # (read from the store itself)
    assert kept is not None and stored is not None
    assert _typed(kept.documents, "doc_id") == _typed(stored.documents, "doc_id")
    assert _typed(kept.upper_targets, "target_id") == _typed(stored.upper_targets, "target_id")
    assert (kept.codebook_fingerprint, kept.reference_fingerprint) == (
        stored.codebook_fingerprint, stored.reference_fingerprint)
    # the national and provincial documents' targets, and theirs only; dates as dates
    assert sorted(set(kept.upper_targets["doc_id"])) == ["a_sd", "b_nat"]
    assert sorted(kept.upper_targets["value"]) == [1.25, 7.0, 7.2]
    assert dict(kept.documents.rows("doc_id", "issued_on"))["c_dy"] == date(2024, 12, 24)


def test_a_store_changed_since_is_read_itself(built):
    with duckdb.connect(str(built.db)) as con:  # a researcher's own edit of the store
        con.execute("UPDATE documents SET title = '改过的标题' WHERE doc_id = 'c_dy'")
    assert snapshot.load(built.rows_file, built.db) is None
    previous = _Previous.load(built.db, built.rows_file)
    assert previous is not None
    assert dict(previous.documents.rows("doc_id", "title"))["c_dy"] == "改过的标题"


def test_another_store_in_its_place_is_read_itself(built, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(built.db.read_bytes())
    os.replace(copy, built.db)  # the same bytes, another file
    assert snapshot.load(built.rows_file, built.db) is None


def test_a_store_with_changes_in_its_log_is_read_itself(built):
    wal = Path(f"{built.db}.wal")
    wal.write_bytes(b"")  # (a connection that ended without its checkpoint leaves one)
    assert snapshot.load(built.rows_file, built.db) is None
    wal.unlink()
    assert snapshot.load(built.rows_file, built.db) is not None


def test_an_unreadable_file_is_no_snapshot(built):
    data = built.rows_file.read_bytes()
    for broken in (data[: len(data) // 2], b"", b"\x05\x00\x00\x00abc", data[:3]):
        built.rows_file.write_bytes(broken)
        assert snapshot.load(built.rows_file, built.db) is None
    assert snapshot.load(built.rows_file.with_name("none.rows"), built.db) is None


def test_an_incremental_build_from_the_kept_rows_equals_a_full_one(built, tmp_path):
    (built.source / "a_sd.txt").write_text(PROVINCIAL_DOC.replace("7.2张", "7.4张"),
                                           encoding="utf-8")
    report = build(built)
    assert (report.extracted, report.cached) == (1, 2)
    full = BuildConfig(source=built.source, db=tmp_path / "f.duckdb", manifest=None,
                       use_cache=False)
    build(full)
    queries = ("SELECT * EXCLUDE (text_path) FROM documents ORDER BY ALL",
               "SELECT * FROM targets ORDER BY ALL", "SELECT * FROM goals ORDER BY ALL",
               "SELECT * FROM city_vs_goals ORDER BY ALL")
    for sql in queries:
        with connect(built.db) as a, connect(full.db) as b:
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), sql
    with connect(built.db) as con:
        assert con.execute("SELECT value FROM goals WHERE doc_id = 'a_sd' AND "
                           "indicator_id = 'beds_per_1000'").fetchall() == [(7.4,)]


def _documents(**values: object) -> Table:
    row = {c: None for c in COLUMNS["documents"]} | {"doc_id": "d", "file_name": "d.txt",
                                                      "sha256": "0" * 64} | values
    return Table.from_records(COLUMNS["documents"], [row])


@pytest.mark.parametrize("values", [
    {"n_chars": 2.5},  # DuckDB would round it into the INTEGER column
    {"n_chars": True},
    {"title": 12},  # a number in a VARCHAR column
    {"issued_on": datetime(2024, 5, 1, 12, 0)},  # a time in a DATE column
    {"issued_on": "2024-05-01"},
])
def test_a_value_the_store_would_cast_makes_no_file(tmp_path, values):
    assert snapshot.encode({}, {"documents": _documents(**values)}) is None
    rows = tmp_path / "s.rows"
    rows.write_bytes(b"an older file")
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"")
    snapshot.save(rows, store, None)
    assert not rows.exists()  # (an older file goes: it names no store now)


def test_values_the_store_holds_alike_are_kept_as_it_gives_them(tmp_path):
    body = snapshot.encode({"k": "v"}, {"documents": _documents(
        n_chars=12.0, size_bytes=3, issued_on=date(2024, 5, 1), region="东营市")})
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"x")
    rows = tmp_path / "s.rows"
    snapshot.save(rows, store, body)
    loaded = snapshot.load(rows, store)
    assert loaded is not None
    info, tables = loaded
    docs = tables["documents"]
    assert info == {"k": "v"}
    assert docs.columns == COLUMNS["documents"]
    assert [(type(docs[c][0]), docs[c][0]) for c in ("n_chars", "size_bytes", "issued_on",
                                                      "region", "title")] == [
        (int, 12), (int, 3), (date, date(2024, 5, 1)), (str, "东营市"), (type(None), None)]
