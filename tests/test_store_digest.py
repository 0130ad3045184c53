"""The store the build writes, table by table, and the figures drawn from it, against
digests recorded in the repository: a change that should only make the build or the
figures faster (issue 15) must leave every row of the seeds' store and of a synthetic
corpus's store as it was, and every chart drawn from them (SVG, Chinese and English) the
same bytes.

A change meant to alter the rows or the charts (a new rule, a new column, a new label)
updates the record on purpose, after reading what moved:

    .venv/bin/python tests/test_store_digest.py --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.build import BuildConfig, build
from analysis.store.schema import connect

ROOT = Path(__file__).parents[1]
RECORD = ROOT / "tests" / "data" / "store_digests.json"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

# build_info holds the build's date, paths and fingerprints; text_path where the texts went
_SKIP_TABLES = {"build_info"}
_SKIP_COLUMNS = {"documents": "text_path"}


def _canonical(value: object) -> object:
    """Floats to 12 significant digits (a sum's last bit may follow the order DuckDB's
    threads added it in), inside rows and lists too."""
    if isinstance(value, float):
        return format(value, ".12g")
    if isinstance(value, tuple | list):
        return type(value)(_canonical(v) for v in value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def store_digest(db: Path) -> dict[str, list[object]]:
    """``{schema.table: [rows, sha256 of its rows in order]}`` for every table of ``db``."""
    out: dict[str, list[object]] = {}
    with connect(db) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal "
            "AND database_name = current_database() ORDER BY ALL").fetchall()
        for schema, table in tables:
            if table in _SKIP_TABLES:
                continue
            skip = _SKIP_COLUMNS.get(table)
            select = f"* EXCLUDE ({skip})" if skip else "*"
            rows = con.execute(
                f'SELECT {select} FROM {schema}."{table}" ORDER BY ALL').fetchall()
            h = hashlib.sha256()
            for row in rows:
                h.update(repr(_canonical(row)).encode("utf-8"))
                h.update(b"\n")
            out[f"{schema}.{table}"] = [len(rows), h.hexdigest()[:16]]
    return out


def synthetic_store(folder: Path) -> Path:
    """A build of the synthetic corpus of 8 regions × 2 plans (benchmarks/synthetic.py)."""
    corpus = synthetic.generate(folder / "docs", 8, 2)
    db = folder / "synthetic.duckdb"
    build(BuildConfig(source=corpus.folder, db=db, manifest=None, use_cache=False))
    return db


# Figures are drawn in a child process with the build date fixed (it is printed on every
# chart) and the font that ships with the project's dependencies (mplfonts' Noto Sans CJK
# SC), so the bytes do not depend on the day or on the fonts a machine happens to have.
_FIXED_DATE = "1767225600"  # 2026-01-01
_DRAW = """
import hashlib, json, sys
from pathlib import Path
from analysis.build import BuildConfig, build
from analysis.outputs import figures
db, out, source = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if source == "seeds":
    build(BuildConfig(db=db, use_cache=False))
else:
    build(BuildConfig(source=Path(source), db=db, manifest=None, use_cache=False))
digests = {}
for lang in figures.LANGS:
    for f in figures.write_figures(db, out / lang, lang=lang):
        if f.suffix == ".svg":
            digests[f"{lang}/{f.name}"] = hashlib.sha256(f.read_bytes()).hexdigest()[:16]
print(json.dumps(digests, sort_keys=True))
"""


def bundled_font() -> Path:
    """The CJK font installed with the dependencies (not a system font)."""
    from analysis.outputs import fonts
    found = fonts._bundled_candidates()
    if not found:
        pytest.skip("mplfonts' bundled CJK font is not installed")
    return found[0]


def figure_digests(folder: Path, source: str) -> dict[str, str]:
    """``{lang/chart.svg: sha256}`` of every chart drawn from a build of ``source`` ("seeds"
    or a folder of documents), built and drawn in a child process (see _DRAW)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": _FIXED_DATE,
           "HEALTH_TARGETS_CJK_FONT": str(bundled_font())}
    proc = subprocess.run([sys.executable, "-c", _DRAW, str(folder / "figures.duckdb"),
                           str(folder / "figures"), source],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _recorded() -> dict[str, dict[str, list[object]]]:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def _differences(now: dict[str, list[object]], then: dict[str, list[object]]) -> list[str]:
    return [f"{name}: recorded {then.get(name)}, now {now.get(name)}"
            for name in sorted(set(now) | set(then)) if now.get(name) != then.get(name)]


def _assert_same(name: str, now: dict[str, list[object]]) -> None:
    moved = _differences(now, _recorded()[name])
    assert not moved, (f"the {name} store changed ({len(moved)} tables); if intended, run "
                       "`.venv/bin/python tests/test_store_digest.py --write`:\n"
                       + "\n".join(moved))


def test_seed_store_rows_as_recorded(seed_store):
    _assert_same("seeds", store_digest(seed_store))


@pytest.mark.slow
def test_synthetic_store_rows_as_recorded(tmp_path):
    _assert_same("synthetic", store_digest(synthetic_store(tmp_path)))


def _assert_same_figures(name: str, now: dict[str, str]) -> None:
    then = _recorded()[f"{name}_figures"]
    moved = [f"{chart}: recorded {then.get(chart)}, now {now.get(chart)}"
             for chart in sorted(set(now) | set(then)) if now.get(chart) != then.get(chart)]
    assert not moved, (f"{len(moved)} charts of the {name} store changed; if intended, run "
                       "`.venv/bin/python tests/test_store_digest.py --write`:\n"
                       + "\n".join(moved))


@pytest.mark.slow
def test_seed_figures_as_recorded(tmp_path):
    _assert_same_figures("seeds", figure_digests(tmp_path, "seeds"))


@pytest.mark.slow
def test_synthetic_figures_as_recorded(tmp_path):
    corpus = synthetic.generate(tmp_path / "docs", 8, 2)
    _assert_same_figures("synthetic", figure_digests(tmp_path, str(corpus.folder)))


def test_digest_tells_a_changed_row(tmp_path):
    """The digest moves with one changed value, and names the table."""
    db = tmp_path / "s.duckdb"
    import duckdb
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t (a INTEGER, b DOUBLE)")
    con.execute("INSERT INTO t VALUES (1, 0.5), (2, 1.5)")
    con.close()
    before = store_digest(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE t SET b = 1.25 WHERE a = 2")
    con.close()
    after = store_digest(db)
    assert before["main.t"][0] == after["main.t"][0] == 2
    assert _differences(after, before) == [
        f"main.t: recorded {before['main.t']}, now {after['main.t']}"]


def main(argv: list[str] | None = None) -> int:
    """Record the digests of the stores built by this checkout and of their figures."""
    import tempfile
    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--write", action="store_true", help=f"write {RECORD.relative_to(ROOT)}")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds.duckdb"
        build(BuildConfig(db=seeds, use_cache=False))
        record = {"seeds": store_digest(seeds),
                  "synthetic": store_digest(synthetic_store(Path(tmp))),
                  "seeds_figures": figure_digests(Path(tmp), "seeds")}
        drawn = Path(tmp) / "drawn"
        corpus = synthetic.generate(drawn / "docs", 8, 2)
        record["synthetic_figures"] = figure_digests(drawn, str(corpus.folder))
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.write:
        RECORD.write_text(text, encoding="utf-8")
        print(f"written: {RECORD}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
