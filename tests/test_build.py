"""The build: CLI, bad input in a batch, determinism, atomic writes, duplicates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import BuildConfig, build
from analysis.cli import main
from analysis.store.schema import (
    StoreError,
    connect,
    dictionary,
    start_store,
    write_store,
)

SEEDS = Path(__file__).parents[1] / "data" / "raw" / "policies"
GOOD = "东营市人民政府办公室\n到2025年，全市每千人口医疗卫生机构床位数达到7.55张。\n2024年12月24日\n"


def _rows(db: Path, sql: str) -> list[tuple]:
    with connect(db) as con:
        return con.execute(sql).fetchall()


def test_cli_build_prints_summary(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    code = main(["build", "--source", str(SEEDS), "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 0
    assert "documents: 5" in out and "mapped to an indicator" in out
    assert _rows(db, "SELECT count(*) FROM documents") == [(5,)]


def test_module_entry_point_runs(tmp_path):
    db = tmp_path / "m.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--source", str(SEEDS), "--db", str(db)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert db.exists()
    # the build ends without the interpreter's teardown: its output still arrives whole
    assert "documents: 5" in proc.stdout and "mapped to an indicator" in proc.stdout
    assert _rows(db, "SELECT count(*) FROM documents") == [(5,)]


def test_module_entry_point_keeps_the_exit_status_and_warnings(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    db = tmp_path / "m.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--source", str(src), "--db", str(db),
         "--manifest", ""],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1  # built, one file skipped
    assert "skipped: empty.txt: empty file" in proc.stdout
    assert _rows(db, "SELECT file_name, n_targets FROM documents") == [("good.txt", 1)]
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--source", str(tmp_path / "nope"),
         "--db", str(db)],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 2 and "error:" in bad.stderr and "nope" in bad.stderr


def test_bad_inputs_are_skipped_and_reported(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "bom.txt").write_bytes(GOOD.encode("utf-8-sig"))
    (src / "gbk.txt").write_bytes(GOOD.replace("7.55", "7.6").encode("gbk"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (src / "notes.txt").write_text("这是一份没有任何指标的说明。", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    code = main(["build", "--source", str(src), "--db", str(db), "--manifest", ""])
    out = capsys.readouterr().out
    assert code == 1  # built, but something was skipped
    assert "skipped: empty.txt: empty file" in out
    assert "skipped: binary.txt" in out
    assert "duplicate: good.txt has the same content as bom.txt" not in out
    docs = dict(_rows(db, "SELECT file_name, n_targets FROM documents"))
    assert docs == {"bom.txt": 1, "gbk.txt": 1, "good.txt": 1, "notes.txt": 0}
    issues = _rows(db, "SELECT file_name, severity FROM build_issues ORDER BY 1")
    assert issues == [("binary.txt", "skipped"), ("empty.txt", "skipped")]
    assert _rows(db, "SELECT region, issued_on::VARCHAR FROM documents WHERE file_name='gbk.txt'") == [
        ("东营市", "2024-12-24")
    ]


def test_same_content_twice_is_counted_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    (src / "b.txt").write_text(GOOD, encoding="utf-8")
    report = build(BuildConfig(source=src, db=tmp_path / "s.duckdb", manifest=None))
    assert report.documents == 1 and report.duplicates == [("b.txt", "a.txt")]


def test_missing_source_folder_is_a_clear_error(tmp_path, capsys):
    code = main(["build", "--source", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_two_builds_give_identical_rows(tmp_path):
    rows = []
    for i in range(2):
        db = tmp_path / f"s{i}.duckdb"
        build(BuildConfig(db=db, use_cache=bool(i), cache_dir=tmp_path / "cache"))
        rows.append([
            _rows(db, f"SELECT * FROM {t} ORDER BY ALL")
            for t in ("documents", "targets", "indicators")
        ])
    docs0 = [r[:-3] for r in rows[0][0]]
    docs1 = [r[:-3] for r in rows[1][0]]
    assert docs0 == docs1
    assert rows[0][1] == rows[1][1]
    assert rows[0][2] == rows[1][2]


def test_interrupted_write_leaves_previous_store(tmp_path):
    db = tmp_path / "s.duckdb"
    build(BuildConfig(db=db))
    before = db.read_bytes()

    def explode(con):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_store(db, {}, finalize=explode)
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_build_failing_after_its_store_was_started_leaves_no_temp_file(tmp_path,
                                                                          monkeypatch):
    """The store's temp file is started while the documents are read: a failure after
    (here in the assembly) takes it away and leaves the previous store as it was."""
    import analysis.build as build_module

    db = tmp_path / "s.duckdb"
    build(BuildConfig(db=db))
    before = db.read_bytes()

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_assemble", explode)
    with pytest.raises(KeyboardInterrupt):
        build(BuildConfig(db=db, use_cache=False))
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_draft_of_another_base_is_started_again(tmp_path):
    """A draft copied from a previous store, when the write turns out to need a new one
    (a changed codebook writes every row): the copy goes, the store holds only the rows
    written, and no temp file is left."""
    old = tmp_path / "old.duckdb"
    row = {"doc_id": "d", "value": 1.0, "quote": "q", "char_start": 0, "char_end": 1}
    write_store(old, {"targets": pd.DataFrame([{**row, "target_id": "d@1"}])})
    db = tmp_path / "new.duckdb"
    draft = start_store(db, base=old)
    assert draft.tmp.exists() and draft.base == old
    write_store(db, {"targets": pd.DataFrame([{**row, "target_id": "d@2"}])}, draft=draft)
    assert _rows(db, "SELECT target_id FROM targets") == [("d@2",)]
    assert not draft.tmp.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.duckdb", "old.duckdb"]
    # a new store's draft has the core tables, commented
    fresh = start_store(tmp_path / "fresh.duckdb")
    try:
        assert fresh.con.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'targets'").fetchone()[0]
    finally:
        fresh.discard()
    assert not fresh.tmp.exists()


def test_views_made_by_the_draft_are_kept_with_their_comments(tmp_path):
    """A new store's views are made on its draft, before its rows are written: the
    store has every view, each commented, reading the rows written after; the draft's
    marker is the connection's own and not in the store."""
    from analysis.compare import views

    db = tmp_path / "s.duckdb"
    build(BuildConfig(db=db, use_cache=False))
    with connect(db) as con:
        made = {r[0]: r[1] for r in con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert set(views.VIEWS) <= set(made)
        assert all(made[name] for name in views.VIEWS)
        columns = con.execute("SELECT c.table_name, c.column_name, c.comment "
                              "FROM duckdb_columns() c JOIN duckdb_views() v "
                              "ON v.view_name = c.table_name AND v.schema_name = c.schema_name "
                              "WHERE NOT v.internal").fetchall()
        book = dictionary()
        described = [(view, column, comment) for view, column, comment in columns
                     if book.column(view, column) is not None]
        assert len(described) > 300
        assert all(comment == book.column(view, column).description
                   for view, column, comment in described)
        assert con.execute("SELECT count(*) FROM city_targets").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM duckdb_tables() "
                           "WHERE table_name = '_views_drafted'").fetchone()[0] == 0


def _catalog(db: Path) -> dict[str, list[tuple]]:
    """Every relation's definition and comment, every column's comment, and every row."""
    with connect(db) as con:
        out = {
            "tables": con.execute("SELECT schema_name, table_name, sql, comment "
                                  "FROM duckdb_tables() ORDER BY ALL").fetchall(),
            "views": con.execute("SELECT schema_name, view_name, sql, comment FROM duckdb_views()"
                                 " WHERE NOT internal ORDER BY ALL").fetchall(),
            "columns": con.execute("SELECT schema_name, table_name, column_name, data_type, "
                                   "comment FROM duckdb_columns() ORDER BY ALL").fetchall(),
        }
        for schema, table, *_ in out["tables"] + out["views"]:
            if table != "build_info":  # (its build date and paths)
                out[f"{schema}.{table}"] = con.execute(
                    f'SELECT * FROM {schema}."{table}" ORDER BY ALL').fetchall()
        return out


def test_a_new_store_begun_from_the_kept_empty_store_is_the_same(tmp_path):
    """A new store's beginning (tables, views, the tables behind them, comments) is made
    once and kept (``empty_store_dir``), then copied: the store built from the copy has
    every relation, definition, comment and row of one begun from nothing, and its views
    read its rows."""
    kept = tmp_path / "kept"
    plain = tmp_path / "plain" / "s.duckdb"
    build(BuildConfig(db=plain, use_cache=False))
    made, copied = tmp_path / "made" / "s.duckdb", tmp_path / "copied" / "s.duckdb"
    build(BuildConfig(db=made, use_cache=False, empty_store_dir=kept))
    (template,) = kept.glob("empty-store-*.duckdb")
    stamp = template.stat().st_mtime_ns
    build(BuildConfig(db=copied, use_cache=False, empty_store_dir=kept))
    assert [p.name for p in kept.iterdir()] == [template.name]
    assert template.stat().st_mtime_ns == stamp  # (copied, not made again)
    expected = _catalog(plain)
    assert len(expected["views"]) >= 8 and expected["main.targets"]
    assert _catalog(made) == expected
    assert _catalog(copied) == expected
    assert _rows(copied, "SELECT count(*) FROM city_targets") == _rows(
        plain, "SELECT count(*) FROM city_targets") != [(0,)]
    assert sorted(p.name for p in copied.parent.iterdir()) == ["s.duckdb", "text"]


def test_the_kept_empty_store_is_made_per_code_and_passed_over_when_damaged(tmp_path):
    """The file is keyed by the code (another key: another file, the latest three kept);
    a damaged one is passed over (the store begun from nothing, as it would be) and
    removed, so that the next build makes it again; an unwritable folder keeps none."""
    from analysis.compare import views
    from analysis.store.schema import empty_store

    kept = tmp_path / "kept"
    for n, key in enumerate(["k1", "k2", "k3", "k4"]):
        made = empty_store(kept, key, views.draft_views)
        assert made == kept / f"empty-store-{key}.duckdb" and made.is_file()
        os.utime(made, (n, n))
    assert sorted(p.name for p in kept.iterdir()) == [
        "empty-store-k2.duckdb", "empty-store-k3.duckdb", "empty-store-k4.duckdb"]
    damaged = kept / "empty-store-k4.duckdb"
    damaged.write_bytes(b"not a store" * 100)
    draft = start_store(tmp_path / "s.duckdb", None, views.draft_views, template=damaged,
                        reopened=views.mark_drafted)
    try:
        assert draft.base is None
        assert draft.con.execute("SELECT count(*) FROM duckdb_views() "
                                 "WHERE view_name = 'city_vs_goals'").fetchone()[0] == 1
        assert draft.con.execute("SELECT count(*) FROM _views_drafted").fetchone()[0] == 0
    finally:
        draft.discard()
    assert not damaged.exists()
    assert empty_store(kept, "k4", views.draft_views) == damaged and damaged.is_file()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert empty_store(blocked, "k1", views.draft_views) is None


def test_the_command_line_keeps_the_empty_store_with_its_other_caches(tmp_path, monkeypatch):
    from analysis import build as build_module

    monkeypatch.setenv("HEALTH_TARGETS_PATTERN_CACHE", str(tmp_path / "c" / "patterns.bin"))
    assert build_module._command_cache_dir() == tmp_path / "c"
    monkeypatch.setenv("HEALTH_TARGETS_PATTERN_CACHE", "")
    assert build_module._command_cache_dir() is None


def test_a_repeated_target_id_is_refused_and_the_store_kept(tmp_path):
    """The large tables' keys are checked at the write, not by an index: a repeated
    target_id names table and id, and leaves the previous store as it was."""
    db = tmp_path / "s.duckdb"
    build(BuildConfig(db=db))
    before = db.read_bytes()
    row = {"doc_id": "d", "value": 1.0, "quote": "q", "char_start": 0, "char_end": 1}
    twice = pd.DataFrame([{**row, "target_id": "d@5"}, {**row, "target_id": "d@5"},
                          {**row, "target_id": "d@9"}])
    with pytest.raises(StoreError, match=r"targets\.target_id is not unique: d@5$"):
        write_store(db, {"targets": twice})
    assert db.read_bytes() == before
    write_store(tmp_path / "ok.duckdb", {"targets": twice.drop_duplicates("target_id")})
    assert _rows(tmp_path / "ok.duckdb", "SELECT target_id FROM targets ORDER BY 1") == [
        ("d@5",), ("d@9",)]


def test_cache_is_used_for_unchanged_documents(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", cache_dir=tmp_path / "cache")
    first = build(cfg)
    (src / "000_294c8626ef5e9e40.txt").write_text(GOOD, encoding="utf-8")
    second = build(cfg)
    assert (first.extracted, second.extracted, second.cached) == (5, 1, 4)


def test_the_stat_index_is_saved_while_the_store_is_written(tmp_path, monkeypatch):
    """The file-hash index is saved on a thread once the plan is made: after a rebuild it
    holds each file's size, time and hash; a build that fails after planning still leaves
    it whole (each entry is a fact of a file), and the next build uses it."""
    import hashlib

    from analysis import build as build_module

    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", cache_dir=tmp_path / "cache")
    build(cfg)
    changed = src / "000_294c8626ef5e9e40.txt"
    changed.write_text(GOOD, encoding="utf-8")

    def explode(*args, **kwargs):
        raise RuntimeError("stop before the write")

    monkeypatch.setattr(build_module, "_assemble", explode)
    with pytest.raises(RuntimeError):
        build(cfg)
    index = json.loads((tmp_path / "cache" / "stat_index.json").read_text(encoding="utf-8"))
    expected = {str(p.resolve()): [p.stat().st_size, p.stat().st_mtime_ns,
                                   hashlib.sha256(p.read_bytes()).hexdigest()]
                for p in src.iterdir()}
    assert index == expected
    monkeypatch.undo()
    report = build(cfg)  # (the failed build had extracted the changed file: from its cache)
    assert (report.extracted, report.cached) == (0, 5)
    assert _rows(cfg.db, "SELECT t.value FROM targets t JOIN documents d USING (doc_id) "
                         f"WHERE d.file_name = '{changed.name}'") == [(7.55,)]


def _all_rows(db: Path) -> list[list[tuple]]:
    return [_rows(db, "SELECT * EXCLUDE (text_path) FROM documents ORDER BY ALL"),
            _rows(db, "SELECT * FROM targets ORDER BY ALL"),
            _rows(db, "SELECT * FROM city_vs_goals ORDER BY ALL")]


def test_incremental_build_reuses_unchanged_documents(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", cache_dir=tmp_path / "cache")
    build(cfg)
    full = _all_rows(cfg.db)
    again = build(cfg)
    assert (again.extracted, again.cached) == (0, 5)
    assert _all_rows(cfg.db) == full
    fresh = BuildConfig(source=src, db=tmp_path / "f.duckdb", use_cache=False)
    build(fresh)
    assert _all_rows(fresh.db)[1] == full[1]


def test_incremental_build_finds_a_new_copy_of_a_kept_plan(tmp_path):
    """A new file that repeats a kept plan (same region, title and date, no 文号, a line
    added) is the same plan in an incremental build as in a full one: the kept plan's date
    read back from the store (a timestamp) once never equalled the new file's (a date)."""
    src = tmp_path / "in"
    src.mkdir()
    plan = ("济南市人民政府办公室关于印发济南市医疗卫生服务体系规划的通知\n"
            "到2025年，每千人口医疗卫生机构床位数达到7.2张。\n2024年5月1日\n")
    (src / "a_plan.txt").write_text(plan, encoding="utf-8")
    (src / "b_other.txt").write_text(plan.replace("济南", "青岛").replace("7.2", "7.9"),
                                     encoding="utf-8")
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", manifest=None,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    (src / "c_copy.txt").write_text(plan + "附件：略\n", encoding="utf-8")
    report = build(cfg)
    assert (report.extracted, report.cached) == (1, 2)
    full = BuildConfig(source=src, db=tmp_path / "f.duckdb", manifest=None, use_cache=False)
    build(full)
    query = "SELECT duplicate_of FROM documents WHERE doc_id = 'c_copy'"
    assert _rows(cfg.db, query) == _rows(full.db, query) == [("a_plan",)]
    assert _all_rows(cfg.db) == _all_rows(full.db)


def _codebook_copy(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the project's codebook a test may change, and its text."""
    codebook = tmp_path / "indicators.csv"
    text = (Path(__file__).parents[1] / "data" / "raw" / "indicators.csv").read_text(encoding="utf-8")
    codebook.write_text(text, encoding="utf-8")
    return codebook, text


def test_codebook_change_remaps_without_rereading(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    codebook, text = _codebook_copy(tmp_path)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", codebook=codebook,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    before = _rows(cfg.db, "SELECT count(*) FROM targets WHERE indicator_id = 'health_literacy_rate'")
    codebook.write_text(text.replace(",健康素养,", ",健康素养XYZ,"), encoding="utf-8")
    report = build(cfg)
    after = _rows(cfg.db, "SELECT count(*) FROM targets WHERE indicator_id = 'health_literacy_rate'")
    assert report.extracted == 0
    assert before == [(1,)] and after == [(0,)]


def test_manifest_change_rereads_that_document(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    manifest = tmp_path / "documents.csv"
    manifest.write_text("file_name,region\n000_294c8626ef5e9e40.txt,东营市\n", encoding="utf-8")
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", manifest=manifest,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    manifest.write_text("file_name,region\n000_294c8626ef5e9e40.txt,东营\n", encoding="utf-8")
    report = build(cfg)
    assert (report.cached, report.extracted) == (4, 1)  # the region is part of its context
    assert _rows(cfg.db, "SELECT region FROM documents WHERE doc_id='000_294c8626ef5e9e40'") == [
        ("东营",)
    ]


def test_parallel_and_serial_builds_are_identical(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, (name, city) in enumerate([("a", "烟台市"), ("b", "潍坊市"), ("c", "济宁市"),
                                      ("d", "泰安市"), ("e", "日照市"), ("f", "临沂市"),
                                      ("g", "德州市"), ("h", "滨州市"), ("i", "菏泽市")]):
        (src / f"{name}.txt").write_text(
            f"{city}人民政府办公室\n到2025年，每千人口医疗卫生机构床位数达到{7 + i / 10:.1f}张，"
            f"医护比达到1:1.{i}。\n2024年5月{i + 1}日\n", encoding="utf-8")
    rows = []
    for jobs in (1, 2):
        db = tmp_path / f"s{jobs}.duckdb"
        build(BuildConfig(source=src, db=db, manifest=None, jobs=jobs, use_cache=False))
        rows.append(_all_rows(db))
    assert rows[0] == rows[1]
    assert len(rows[0][1]) == 18


def test_incremental_views_equal_a_full_build(tmp_path):
    """Only the changed region's comparison rows are recomputed; the result is the same."""
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", cache_dir=tmp_path / "cache")
    build(cfg)
    weihai = src / "002_6cb58e01d0044c6b.txt"
    weihai.write_text(weihai.read_text(encoding="utf-8").replace("达到 7.5张", "达到 7.8张"),
                      encoding="utf-8")
    (src / "004_aff3bbae5feb8a33.txt").unlink()
    report = build(cfg)
    assert report.extracted == 1
    full = BuildConfig(source=src, db=tmp_path / "f.duckdb", use_cache=False)
    build(full)
    for view in ("city_targets", "city_vs_goals", "coverage", "ambition_index",
                 "peer_comparison"):
        assert _rows(cfg.db, f"SELECT * FROM {view} ORDER BY ALL") == _rows(
            full.db, f"SELECT * FROM {view} ORDER BY ALL"), view
    assert _rows(cfg.db, "SELECT value FROM city_targets WHERE region = '威海市' "
                         "AND indicator_id = 'beds_per_1000'") == [(7.8,)]
    # the update keeps the previous store's views and comments: the same as made anew
    assert _catalogue(cfg.db) == _catalogue(full.db)
    assert any(row[:3] == ("main", "targets", "target_id")
               and row[3].startswith("Id of the target: doc_id@value_start")
               for row in _catalogue(cfg.db))


def _catalogue(db: Path) -> list[tuple]:
    """Every relation, view definition, and comment of relations and columns."""
    return _rows(db, """
        SELECT schema_name, table_name, NULL, comment FROM duckdb_tables()
        WHERE database_name = current_database()
        UNION ALL SELECT schema_name, view_name, sql, comment FROM duckdb_views()
        WHERE database_name = current_database() AND NOT internal
        UNION ALL SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()
        WHERE database_name = current_database()
        ORDER BY ALL""")


BULLETIN = ("某省2023年卫生健康事业发展统计公报\n发布时间：2024-05-20\n"
            "2023年末，全省每千人口医疗卫生机构床位数7.1张，每千人口执业(助理)医师3.3人。\n"
            "居民健康素养水平达到30.5%，比上年提高2.1个百分点。\n")


def _two_genres(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text(GOOD, encoding="utf-8")
    (src / "bulletin.txt").write_text(BULLETIN, encoding="utf-8")
    return src


def test_bulletin_statistics_go_to_observations_not_targets(tmp_path):
    src = _two_genres(tmp_path)
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=None, use_cache=False))
    assert _rows(db, "SELECT doc_id, genre, reference_date_source FROM documents ORDER BY 1") == [
        ("bulletin", "bulletin", "dateline"), ("plan", "other", "issue date")]
    assert _rows(db, "SELECT count(*) FROM targets WHERE doc_id = 'bulletin'") == [(0,)]
    obs = _rows(db, "SELECT indicator_id, value, data_year, quote, char_start, char_end "
                    "FROM observations WHERE indicator_id IS NOT NULL ORDER BY value_start")
    assert [(i, v, y) for i, v, y, *_ in obs] == [
        ("beds_per_1000", 7.1, 2023), ("physicians_per_1000", 3.3, 2023),
        ("health_literacy_rate", 30.5, 2023)]
    for *_, quote, a, b in obs:
        assert BULLETIN[a:b] == quote
    assert _rows(db, "SELECT in_words FROM targets WHERE doc_id = 'plan'") == [(False,)]


def test_manifest_genre_overrides_the_text(tmp_path):
    src = _two_genres(tmp_path)
    manifest = tmp_path / "documents.csv"
    manifest.write_text("file_name,genre,reference_date\nplan.txt,review,2026\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=manifest, use_cache=False))
    assert _rows(db, "SELECT genre, genre_source, reference_date, reference_date_source "
                     "FROM documents WHERE doc_id = 'plan'") == [
        ("review", "manifest", __import__("datetime").date(2026, 1, 1), "manifest")]
    assert _rows(db, "SELECT count(*) FROM targets WHERE doc_id = 'plan'") == [(0,)]


def test_bad_manifest_genre_is_a_clear_error(tmp_path):
    from analysis.ingest.documents import ManifestError, load_manifest

    manifest = tmp_path / "documents.csv"
    manifest.write_text("file_name,genre\nplan.txt,bulletn\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"documents.csv:2: genre 'bulletn'.*'bulletin'"):
        load_manifest(manifest)


def test_codebook_change_remaps_kept_observations(tmp_path):
    src = _two_genres(tmp_path)
    codebook, text = _codebook_copy(tmp_path)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", codebook=codebook, manifest=None,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    sql = "SELECT count(*) FROM observations WHERE indicator_id = 'health_literacy_rate'"
    assert _rows(cfg.db, sql) == [(1,)]
    renamed = text.replace(",健康素养,", ",健康素养XYZ,").replace(",居民健康素养水平,", ",XYZ,")
    codebook.write_text(renamed, encoding="utf-8")
    assert build(cfg).extracted == 0
    assert _rows(cfg.db, sql) == [(0,)]
    assert _rows(cfg.db, "SELECT count(*) FROM observations WHERE indicator_id IS NOT NULL") == [
        (2,)]


def test_one_value_of_two_subjects_gives_two_targets_with_their_own_ids(tmp_path):
    db = _build_one(tmp_path, "plan.txt", (
        "某县“十四五”卫生健康规划\n第二章 发展目标\n"
        "到2025年，县级综合医院和县中医院均达到国家医疗服务能力推荐标准。\n"))
    rows = _rows(db, "SELECT target_id, indicator_id, value_text FROM targets ORDER BY target_id")
    assert [r[1] for r in rows] == ["county_hospital_recommended_standard_share",
                                    "county_tcm_hospital_recommended_standard_share"]
    assert rows[1][0] == rows[0][0] + ".2" and {r[2] for r in rows} == {"均达到"}


def test_one_value_of_two_subjects_gives_two_observations_with_their_own_ids(tmp_path):
    """"县人民医院、县中医院均已达到…" in a bulletin: one result of each hospital (the
    second id with a suffix, as targets'); one value read twice for one measure stays one."""
    db = _build_one(tmp_path, "bulletin.txt", (
        "某县2023年卫生健康事业发展统计公报\n一、医疗服务\n"
        "县人民医院、县中医院均已达到国家医疗服务能力推荐标准。\n"
        "全县县域内就诊率为90.6%。\n"))
    rows = _rows(db, "SELECT observation_id, indicator_id, value, data_year FROM observations "
                     "WHERE indicator_id IS NOT NULL ORDER BY observation_id")
    assert [r[1:] for r in rows] == [
        ("county_hospital_recommended_standard_share", 100, 2023),
        ("county_tcm_hospital_recommended_standard_share", 100, 2023),
        ("county_visit_rate", 90.6, 2023)]
    assert rows[1][0] == rows[0][0] + ".2"


def _build_one(tmp_path: Path, name: str, text: str) -> Path:
    """A store built from one document of ``text`` (no manifest, no cache)."""
    src = tmp_path / "docs"
    src.mkdir()
    (src / name).write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=None, use_cache=False))
    return db


def _hospitals_plan(tmp_path: Path, place: str) -> Path:
    src = tmp_path / "docs"
    src.mkdir(exist_ok=True)
    (src / "plan.txt").write_text(
        f"{place}人民政府办公室关于印发{place}推动公立医院高质量发展实施方案的通知\n"
        "一、工作目标\n"
        "到2025年，市人民医院、市中医医院全部达到国家医疗服务能力推荐标准。\n",
        encoding="utf-8")
    return src


_HOSPITAL_SQL = ("SELECT indicator_id, value, target_year FROM targets "
                 "WHERE indicator_text LIKE '%推荐标准%' ORDER BY target_id")


def test_a_county_level_citys_own_hospitals_are_its_county_hospitals(tmp_path):
    """瑞丽市 is no prefecture-level city (the region table lists them all): its 市人民医院
    and 市中医医院 are the county hospitals the indicators count."""
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=_hospitals_plan(tmp_path, "瑞丽市"), db=db, manifest=None,
                      use_cache=False))
    assert _rows(db, _HOSPITAL_SQL) == [
        ("county_hospital_recommended_standard_share", 100.0, 2025),
        ("county_tcm_hospital_recommended_standard_share", 100.0, 2025)]
    notes = _rows(db, "SELECT DISTINCT match_note FROM targets WHERE indicator_id LIKE 'county%'")
    assert all("county-level city" in n for (n,) in notes)


@pytest.mark.parametrize("place, manifest", [
    ("常州市", None),  # a prefecture-level city: its 市人民医院 is no county hospital
    ("瑞丽市", "municipal"),  # the manifest says it is one: believed
])
def test_a_prefecture_level_citys_hospitals_stay_unmapped(tmp_path, place, manifest):
    src = _hospitals_plan(tmp_path, place)
    path = None
    if manifest:
        path = tmp_path / "documents.csv"
        path.write_text(f"file_name,region,level\nplan.txt,{place},{manifest}\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=path, use_cache=False))
    assert _rows(db, _HOSPITAL_SQL) == [(None, 100.0, 2025), (None, 100.0, 2025)]


def test_a_county_level_city_by_the_manifest(tmp_path):
    """A manifest's level county for a 市 makes it a county-level city, listed or not."""
    src = _hospitals_plan(tmp_path, "溧阳市")
    path = tmp_path / "documents.csv"
    path.write_text("file_name,region,level\nplan.txt,溧阳市,county\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=path, use_cache=False))
    assert [r[0] for r in _rows(db, _HOSPITAL_SQL)] == [
        "county_hospital_recommended_standard_share",
        "county_tcm_hospital_recommended_standard_share"]


def test_codebook_change_keeps_a_county_level_citys_hospitals(tmp_path):
    """Re-mapping kept rows (a new codebook) knows the county-level city as a fresh build does."""
    src = _hospitals_plan(tmp_path, "瑞丽市")
    codebook, text = _codebook_copy(tmp_path)
    cfg = BuildConfig(source=src, db=tmp_path / "s.duckdb", codebook=codebook, manifest=None,
                      cache_dir=tmp_path / "cache")
    build(cfg)
    codebook.write_text(text.replace(",健康素养,", ",健康素养XYZ,"), encoding="utf-8")
    assert build(cfg).extracted == 0
    assert [r[0] for r in _rows(cfg.db, _HOSPITAL_SQL)] == [
        "county_hospital_recommended_standard_share",
        "county_tcm_hospital_recommended_standard_share"]


def test_a_news_page_is_placed_by_its_headline_in_the_documents_table(tmp_path):
    """No issuer line: the region its headline opens on, marked inferred, so the comparisons
    see the document; its targets are read as before."""
    db = _build_one(tmp_path, "news.txt", (
        "德宏网 > 新闻\n芒市“十四五”卫生健康发展规划出炉\n2022-02-15 09:12　来源：德宏团结报\n"
        "近日，《芒市“十四五”卫生健康事业发展规划》正式印发。规划提出，到2025年，"
        "全市每千人口医疗卫生机构床位数达到7.5张。\n"))
    assert _rows(db, "SELECT region, level, province, inferred_fields FROM documents") == [
        ("芒市", "county", "云南省", "title,region,level,province")]
    assert _rows(db, "SELECT indicator_id, value, target_year FROM targets") == [
        ("beds_per_1000", 7.5, 2025)]
    assert _rows(db, "SELECT region FROM cities") == [("芒市",)]


def test_build_ends_without_teardown_other_commands_through_system_exit(monkeypatch):
    from analysis import cli

    ended: list[int] = []

    def fake_exit(code: int) -> None:
        ended.append(code)
        raise RuntimeError("ended")

    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    with pytest.raises(RuntimeError):
        cli.exit_process(1, ["build", "--db", "x"])
    assert ended == [1]
    for argv in (["excel"], ["figures", "--out", "x"], [], ["nosuch"]):
        with pytest.raises(SystemExit) as stop:
            cli.exit_process(2, argv)
        assert stop.value.code == 2
    assert ended == [1]


def test_caches_are_written_without_a_sync_the_store_and_texts_with(tmp_path, monkeypatch):
    """The extraction cache and the stat index skip the sync to disk (a torn cache file is
    read as missing); the texts every offset points into are synced, as the store is."""
    from analysis import files

    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=SEEDS, db=db, jobs=1))
    names = [Path(p).name for p in synced]  # the temporary files: .name.XXXX.tmp
    assert sum(".txt." in n for n in names) == 5  # the five texts
    assert not any(".json" in n for n in names)  # neither cache file nor stat index
    cached = list((tmp_path / "cache").rglob("*.json"))
    assert len(cached) == 6  # five documents and the stat index, whole
    assert all(isinstance(json.loads(p.read_text(encoding="utf-8")), dict) for p in cached)


def test_every_text_is_written_before_the_store_is_renamed_into_place(tmp_path, monkeypatch):
    """A one-process build writes the texts while DuckDB writes the store: the store is
    still renamed into place only once every text its offsets point into is on disk."""
    import time

    from analysis import build as build_module
    from analysis.store import schema

    db = tmp_path / "s.duckdb"
    texts_at_rename: list[int] = []
    real_replace, real_write = schema.os.replace, build_module._write_text

    def replace(src: str, dst: str) -> None:
        if Path(dst) == db:
            texts_at_rename.append(len(list((tmp_path / "text").glob("*.txt"))))
        real_replace(src, dst)

    def slow_write(*args: object) -> None:  # (slower than the store's write)
        time.sleep(0.3)
        real_write(*args)

    monkeypatch.setattr(schema.os, "replace", replace)
    monkeypatch.setattr(build_module, "_write_text", slow_write)
    build(BuildConfig(source=SEEDS, db=db, jobs=1, use_cache=False))
    assert texts_at_rename == [5]


def test_a_text_that_cannot_be_written_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    from analysis import build as build_module

    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=SEEDS, db=db, jobs=1, use_cache=False))
    before = _rows(db, "SELECT doc_id, n_targets FROM documents ORDER BY doc_id")
    stat = db.stat()

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "_write_text", full_disk)
    (tmp_path / "in").mkdir()
    shutil.copy(SEEDS / "000_294c8626ef5e9e40.txt", tmp_path / "in")
    with pytest.raises(OSError, match="No space"):
        build(BuildConfig(source=tmp_path / "in", db=db, jobs=1, use_cache=False))
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert _rows(db, "SELECT doc_id, n_targets FROM documents ORDER BY doc_id") == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_build_hands_the_interpreter_round_promptly_and_restores_it(tmp_path, monkeypatch):
    """While a build runs, a thread waiting for the interpreter (the store's draft, in
    DuckDB) gets it within half a millisecond; the caller's setting is restored after."""
    import gc
    import sys

    from analysis import build as build_module

    during: list[tuple[float, tuple[int, int, int]]] = []
    real = build_module._run_build

    def run(config: BuildConfig) -> object:
        during.append((sys.getswitchinterval(), gc.get_threshold()))
        return real(config)

    monkeypatch.setattr(build_module, "_run_build", run)
    before = (sys.getswitchinterval(), gc.get_threshold())
    build(BuildConfig(source=SEEDS, db=tmp_path / "s.duckdb", jobs=1, use_cache=False))
    assert during == [(build_module._SWITCH_INTERVAL, build_module._GC_THRESHOLD)]
    assert (sys.getswitchinterval(), gc.get_threshold()) == before
