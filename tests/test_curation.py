"""Curation by hand (data/raw/curation.csv) survives rebuilds and reports rows it cannot apply."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.cli import main
from analysis.compare import views as compare
from analysis.exitcodes import EXIT_OK
from analysis.extract.curation import HEADER, CurationError, load
from analysis.store.schema import text_file

DONGYING = "000_294c8626ef5e9e40.txt"
QUOTE = "全市每千人口医疗卫生机构床位数达到7.55张"
ACCEPTANCE = [
    f"reject,{DONGYING},beds_per_1000,7.55,2025,,test",
    f"add,{DONGYING},beds_per_1000,7.55,2026,{QUOTE},test",
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of data/raw (the seeds, manifest, codebook, reference tables)."""
    raw = tmp_path / "data" / "raw"
    shutil.copytree(paths.RAW, raw)
    return raw


def _config(raw: Path, curation_rows: list[str]) -> BuildConfig:
    (raw / "curation.csv").write_text(",".join(HEADER) + "\n" + "".join(
        row + "\n" for row in curation_rows), encoding="utf-8")
    return BuildConfig(source=raw / "policies", db=raw.parent / "processed" / "s.duckdb",
                       manifest=raw / "documents.csv", codebook=raw / "indicators.csv",
                       regions=raw / "regions.csv", raw_dir=raw, curation=raw / "curation.csv",
                       jobs=1)


def _beds(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT t.value, t.target_year, t.curated, t.curation_note, t.quote, t.char_start, "
            "t.char_end, t.value_start, t.value_end FROM targets t JOIN documents d USING "
            "(doc_id) WHERE d.file_name = ? AND t.indicator_id = 'beds_per_1000'",
            [DONGYING]).fetchall()


def _text(raw: Path, db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        (rel,) = con.execute("SELECT text_path FROM documents WHERE file_name = ?",
                             [DONGYING]).fetchone()
    assert not Path(rel).is_absolute()
    return text_file(db, rel).read_text(encoding="utf-8")


def test_acceptance_reject_plus_add_moves_dongying_beds_to_2026(project):
    bad = f"add,{DONGYING},beds_per_1000,8,2027,这句话不在文中,third row"
    config = _config(project, [*ACCEPTANCE, bad])
    report = build(config)
    rows = _beds(config.db)
    assert len(rows) == 1
    value, year, curated, note, quote, start, end, v_start, v_end = rows[0]
    assert (value, year, curated, note, quote) == (7.55, 2026, True, "test", QUOTE)
    text = _text(project, config.db)
    assert text[start:end] == QUOTE and text[v_start:v_end] == "7.55"
    # the third row is reported by file and line, the rest applied
    assert len(report.curation) == 1 and "curation.csv line 4" in report.curation[0]
    assert "quote not found" in report.curation[0]
    with duckdb.connect(str(config.db), read_only=True) as con:
        issues = con.execute("SELECT file_name, severity, message FROM build_issues "
                             "WHERE severity = 'curation'").fetchall()
    assert issues == [(DONGYING, "curation", report.curation[0])]
    view = compare.city_targets(config.db, regions="东营市", indicators="beds_per_1000")
    assert view[["target_year", "value", "curated", "curation_note"]].values.tolist() == [
        [2026, 7.55, True, "test"]]


def test_curation_survives_incremental_rebuilds_and_undoes_when_removed(project):
    config = _config(project, ACCEPTANCE)
    build(config)
    again = build(config)  # incremental: the curated document is re-read from the cache
    assert again.curation == []
    assert [(r[0], r[1], r[2]) for r in _beds(config.db)] == [(7.55, 2026, True)]
    build(_config(project, []))  # the correction removed: the extractor's reading is back
    assert [(r[0], r[1], r[2]) for r in _beds(config.db)] == [(7.55, 2025, False)]


def test_rows_that_cannot_apply_are_named_and_the_rest_applies(project):
    rows = [
        "reject,nosuchfile.txt,beds_per_1000,7.55,2025,,x",
        f"reject,{DONGYING},no_such_indicator,7.55,2025,,x",
        f"reject,{DONGYING},beds_per_1000,9.99,2025,,x",
        f"add,{DONGYING},beds_per_1000,abc,2026,{QUOTE},x",
        f"fix,{DONGYING},beds_per_1000,7.55,2026,{QUOTE},x",
        f"reject,{DONGYING},beds_per_1000,7.55,,,whole indicator value, any year",
    ]
    report = build(_config(project, rows))
    reasons = [m.split(": ", 1)[1] for m in report.curation]
    assert [m.split(":")[0] for m in report.curation] == [f"curation.csv line {n}"
                                                          for n in range(2, 7)]
    assert "unknown file" in reasons[0] and "unknown indicator" in reasons[1]
    assert "no such target to reject" in reasons[2] and "not a number" in reasons[3]
    assert "unknown action" in reasons[4]
    assert _beds(Path(project.parent / "processed" / "s.duckdb")) == []  # line 7 applied


def test_cli_reports_the_row_and_the_build_completes(project, capsys):
    config = _config(project, [f"add,{DONGYING},beds_per_1000,8,2027,不在文中,x"])
    rc = main(["build", "--source", str(config.source), "--db", str(config.db),
               "--manifest", str(config.manifest), "--codebook", str(config.codebook),
               "--curation", str(config.curation), "--jobs", "1"])
    captured = capsys.readouterr()
    assert rc == EXIT_OK and "curation: curation.csv line 2" in captured.out
    assert "warning: curation.csv line 2" in captured.err and "quote not found" in captured.err
    assert config.db.exists()


def test_a_malformed_file_is_an_input_error(tmp_path):
    bad = tmp_path / "curation.csv"
    bad.write_text("action,file,value\nreject,a.txt,1\n", encoding="utf-8")
    with pytest.raises(CurationError, match="missing column"):
        load(bad)
    assert load(tmp_path / "absent.csv") == []


def test_the_committed_file_is_empty_with_its_header():
    assert paths.CURATION.read_text(encoding="utf-8").strip() == ",".join(HEADER)
