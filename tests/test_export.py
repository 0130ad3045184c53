"""The open data product: exports, datapackage.json, the data dictionary, COMMENTs, DuckDB 1.1.

The exports are taken of the five-city store of tests/fixture_store.py (session fixture
``city_store``: every table and view of the schema, rows chosen by hand); the CSV export is
also validated on the seed store, whose quotes are real document text.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from frictionless import Package, validate

from analysis import paths
from analysis.cli import main
from analysis.outputs import export
from analysis.store.schema import (
    INTERNAL_SCHEMA,
    INTERNAL_TABLES,
    STORAGE_VERSION,
    VIEWS,
    dictionary,
    public_relations,
    relation_columns,
)

DOCS = paths.ROOT / "docs" / "data_dictionary.md"
OLD_DUCKDB = "1.1.3"


def _public(db: Path) -> dict[str, list[tuple[str, str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: relation_columns(con, name) for name, _ in public_relations(con)}


@pytest.fixture(scope="module")
def parquet_export(city_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export.export(city_store, out, "parquet")
    return out


def test_every_public_relation_and_column_is_described(city_store):
    book = dictionary()
    relations = _public(city_store)
    assert set(VIEWS) <= set(relations) and {"targets", "labels"} <= set(relations)
    missing = [f"{r}.{c}" for r, cols in relations.items() for c, _ in cols
               if book.column(r, c) is None]
    assert missing == []
    assert all(r in book.relations for r in relations)
    assert all(f"{INTERNAL_SCHEMA}.{t}" in book.relations for t in INTERNAL_TABLES)


def test_the_store_carries_the_descriptions_as_comments(city_store):
    book = dictionary()
    with duckdb.connect(str(city_store), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main'").fetchall()
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() "
                                 "WHERE database_name = current_database()").fetchall())
    assert rows and all(comment == book.column(t, c).description for t, c, comment in rows)
    assert views["city_vs_goals"] == book.relation("city_vs_goals").description


def test_internal_tables_live_in_their_own_schema(city_store):
    with duckdb.connect(str(city_store), read_only=True) as con:
        schemas = con.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_name LIKE '%city_targets%' "
            "OR table_name LIKE '\\_m\\_%' ESCAPE '\\'").fetchall()
        internal = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            [INTERNAL_SCHEMA]).fetchall()}
    assert internal == set(INTERNAL_TABLES)
    assert sorted(s for (s,) in schemas) == ["internal", "main"]  # the view, and its rows


def test_parquet_export_has_every_public_relation_with_the_store_rows(city_store,
                                                                      parquet_export):
    relations = _public(city_store)
    files = {p.stem for p in parquet_export.glob("*.parquet")}
    assert files == set(relations)
    sizes = {}
    with duckdb.connect(str(city_store), read_only=True) as con:
        for name in ("targets", "city_vs_goals", "labels"):
            stored = con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            exported = con.execute("SELECT * FROM read_parquet(?) ORDER BY ALL",
                                   [str(parquet_export / f"{name}.parquet")]).fetchall()
            assert exported == stored, name
            sizes[name] = len(exported)
    # 32 targets written; 29 city targets twice (national, provincial) + 55 goal rows
    # without a target (54 not set, Weihai's geriatrics in words)
    assert (sizes["targets"], sizes["city_vs_goals"]) == (32, 2 * 29 + 55)


def test_datapackage_describes_every_column(city_store, parquet_export):
    descriptor = json.loads((parquet_export / "datapackage.json").read_text(encoding="utf-8"))
    assert Package.validate_descriptor(descriptor).valid
    relations = _public(city_store)
    by_name = {r["store_relation"]: r for r in descriptor["resources"]}
    assert set(by_name) == set(relations)
    for name, columns in relations.items():
        fields = by_name[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c for c, _ in columns]
        assert all(f.get("description") for f in fields), name
    value = next(f for f in by_name["city_targets"]["schema"]["fields"] if f["name"] == "value")
    assert (value["type"], value["unit"]) == ("number", "indicator unit")
    year = next(f for f in by_name["targets"]["schema"]["fields"] if f["name"] == "target_year")
    assert year["type"] == "integer"
    assert descriptor["licenses"] and descriptor["sources"] and descriptor["created"]
    assert "文号" in descriptor["description"]


def test_csv_export_validates_with_frictionless_data_and_all(seed_store, tmp_path):
    written = export.export(seed_store, tmp_path, "csv")
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:5]
    targets = next(e for e in written if e.relation == "targets")
    with duckdb.connect(str(seed_store), read_only=True) as con:
        (n,) = con.execute("SELECT count(*) FROM targets").fetchone()
    assert targets.rows == n and targets.path.read_text(encoding="utf-8").count("\n") >= n + 1


def test_same_store_same_export_bytes(city_store, parquet_export, tmp_path):
    export.export(city_store, tmp_path, "parquet")
    for path in parquet_export.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_cli_export(city_store, tmp_path, capsys):
    assert main(["export", "--db", str(city_store), "--out", str(tmp_path / "x"),
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "targets" in out and "datapackage.json" in out
    assert (tmp_path / "x" / "city_vs_goals.csv").exists()
    assert main(["export", "--db", str(tmp_path / "missing.duckdb"), "--out",
                 str(tmp_path / "y")]) == 2


def test_docs_data_dictionary_is_up_to_date(city_store):
    with duckdb.connect(str(city_store), read_only=True) as con:
        expected = export.markdown_dictionary(con)
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/data_dictionary.md is stale: run python -m analysis export --dictionary "
        "docs/data_dictionary.md (make dictionary)")


# --- DuckDB 1.1 opens the store and reads the exports ------------------------------------------

_READER = textwrap.dedent("""
    import json, sys
    import duckdb
    store, folder = sys.argv[1], sys.argv[2]
    con = duckdb.connect(store, read_only=True)
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()").fetchall()]
    counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    beds = con.execute("SELECT region, value FROM city_targets WHERE indicator_id = "
                       "'beds_per_1000' ORDER BY region").fetchall()
    parquet = {n: con.execute(f"SELECT count(*) FROM read_parquet('{folder}/{n}.parquet')")
               .fetchone()[0] for n in names}
    print(json.dumps({"version": duckdb.__version__, "counts": counts, "beds": beds,
                      "parquet": parquet}, ensure_ascii=False))
""")


@pytest.fixture(scope="session")
def old_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with DuckDB 1.1 from the package registry (skipped without network).

    The venv gets no pip of its own (ensurepip is most of the time): the project venv's uv
    (``make env`` puts it there) or, without it, this interpreter's pip installs into it.
    """
    venv = tmp_path_factory.mktemp("duckdb11") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    uv = Path(sys.executable).with_name("uv")
    installer = ([str(uv), "pip", "install", "--quiet", "--python", str(python)] if uv.exists()
                 else [sys.executable, "-m", "pip", "--python", str(python), "install",
                       "--quiet", "--disable-pip-version-check"])
    pip = subprocess.run([*installer, f"duckdb=={OLD_DUCKDB}"],
                         capture_output=True, text=True, timeout=600)
    if pip.returncode != 0:
        pytest.skip(f"cannot install duckdb=={OLD_DUCKDB} (no network?): "
                    f"{pip.stderr.strip().splitlines()[-1:]}")
    return python


@pytest.mark.slow
def test_duckdb_1_1_opens_the_store_and_reads_the_exports(old_duckdb, city_store,
                                                          parquet_export):
    run = subprocess.run([str(old_duckdb), "-c", _READER, str(city_store), str(parquet_export)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["version"] == OLD_DUCKDB
    with duckdb.connect(str(city_store), read_only=True) as con:
        counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
                  for n, _ in public_relations(con)}
        beds = con.execute("SELECT region, value FROM city_targets WHERE indicator_id = "
                           "'beds_per_1000' ORDER BY region").fetchall()
    assert seen["counts"] == counts and seen["parquet"] == counts
    assert [tuple(b) for b in seen["beds"]] == beds == [("东营市", 7.55), ("威海市", 7.5),
                                                        ("烟台市", 7.2)]
    assert STORAGE_VERSION == "v1.1.0"
