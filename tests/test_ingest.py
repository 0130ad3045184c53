"""``analysis ingest``: files copied unchanged, manifest rows, duplicates, hostile input, the build.

Every test works on a temporary copy of the project's ``data/raw``; the real
``data/`` folder is never written (a test checks that too).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import BuildConfig, build, ingest
from analysis.cli import main
from analysis.ingest.add import IngestConfig, IngestError, Refused, safe_file_name
from analysis.ingest.documents import load_manifest, read_manifest_table
from analysis.ingest.duplicates import same_plan_in_other_format
from analysis.store.schema import connect, text_file
from test_converters import (
    BLOCKS,
    P1,
    S1,
    PlanPdf,
    plain_text,
    plan_docx,
    plan_html,
    scanned_pdf,
    target_keys,
    width_splitting,
    zip_bomb_docx,
)

REPO = Path(__file__).parents[1]
REAL_RAW = REPO / "data" / "raw"
YANTAI = (
    "烟台市人民政府办公室\n关于印发烟台市卫生健康事业发展规划的通知\n烟政办发〔2023〕12号\n"
    f"一、主要目标\n{S1}\n2023年8月15日\n"
)


@pytest.fixture()
def project(tmp_path: Path) -> IngestConfig:
    """A throwaway project: a copy of data/raw and an empty data/processed."""
    root = tmp_path / "project"
    shutil.copytree(REAL_RAW, root / "data" / "raw")
    for path in (root / "data" / "raw").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (root / "data" / "processed").mkdir()
    return IngestConfig(root=root)


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return PlanPdf(width_splitting("7.55", P1)).build(BLOCKS)


def incoming(tmp_path: Path, name: str, data: bytes | str) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with connect(db) as con:
        return con.execute(sql, list(params)).fetchall()


def manifest_rows(config: IngestConfig) -> dict[str, dict[str, str]]:
    return {r["file_name"]: r for r in read_manifest_table(config.manifest).rows}


# --- the happy path ------------------------------------------------------------------------


def test_ingest_copies_unchanged_and_writes_the_manifest_row(project, tmp_path, plan_pdf):
    source = incoming(tmp_path, "dongying.pdf", plan_pdf)
    before = manifest_rows(project)
    report = ingest([source], config=project, build_store=False)
    assert [o.status for o in report.outcomes] == ["added"] and report.changed
    stored = project.policies / "dongying.pdf"
    assert stored.read_bytes() == plan_pdf
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444  # read-only, like the seeds
    assert not project.db.exists()  # --no-build
    after = manifest_rows(project)
    for name, row in before.items():  # other rows keep their values
        assert after[name] == row
    row = after["dongying.pdf"]
    assert (row["region"], row["level"], row["province"]) == ("东营市", "municipal", "山东省")
    assert row["issued_on"] == "2024-12-24"
    assert set(row["inferred_fields"].split(",")) >= {"region", "level", "province", "issued_on"}
    assert not [p for p in project.policies.iterdir() if p.name.startswith(".")]  # no temp files


def test_other_manifest_lines_keep_their_bytes(project, tmp_path):
    # CRLF endings, a quoted field over two lines, a note column someone added by hand
    header = "file_name,region,level,province,issuer,title,doc_number,issued_on,inferred_fields,备注"
    others = ("000_294c8626ef5e9e40.txt,东营市,municipal,山东省,,,,2024-12-24,,\"两行\n备注\"\r\n"
              "002_6cb58e01d0044c6b.txt,威海市,municipal,山东省,,\"标题, 带逗号\",,2024-11-13,,\r\n")
    project.manifest.write_bytes(f"{header}\r\n{others}".encode())
    ingest([incoming(tmp_path, "yantai.txt", YANTAI)], config=project, build_store=False)
    data = project.manifest.read_bytes().decode("utf-8")
    assert data.startswith(f"{header}\r\n{others}")
    added = data[len(header) + 2 + len(others):]
    assert added.startswith("yantai.txt,烟台市,") and added.endswith("\r\n")
    assert added.count("\r\n") == 1


def test_the_committed_manifest_is_not_rewritten_by_ingest(project, tmp_path):
    original = project.manifest.read_bytes()
    ingest([incoming(tmp_path, "yantai.txt", YANTAI)], config=project, build_store=False)
    after = project.manifest.read_bytes()
    assert after.startswith(original) and after[len(original):].startswith(b"yantai.txt,")


def test_cli_fields_win_and_region_fields_are_completed(project, tmp_path, capsys):
    source = incoming(tmp_path, "yantai.txt", YANTAI.replace("烟台市人民政府办公室", "市政府办公室"))
    code = main(["ingest", str(source), "--root", str(project.root), "--no-build",
                 "--region", "烟台市", "--title", "烟台市卫生健康规划", "--issued-on", "2023-08-16"])
    out = capsys.readouterr().out
    assert code == 0
    assert "added: " in out and "run `make data`" in out
    row = manifest_rows(project)["yantai.txt"]
    assert (row["region"], row["title"], row["issued_on"]) == ("烟台市", "烟台市卫生健康规划", "2023-08-16")
    assert (row["level"], row["province"]) == ("municipal", "山东省")  # from regions.csv
    assert row["doc_number"] == "烟政办发〔2023〕12号"
    inferred = row["inferred_fields"].split(",")
    assert "region" not in inferred and "title" not in inferred and "issued_on" not in inferred
    assert {"level", "province", "doc_number"} <= set(inferred)


def test_inferred_fields_stay_marked_in_the_store(project, tmp_path):
    ingest([incoming(tmp_path, "yantai.txt", YANTAI)], {"title": "给定标题"}, config=project)
    meta = load_manifest(project.manifest)["yantai.txt"]
    assert "title" not in meta.inferred and "doc_number" in meta.inferred
    (inferred,) = rows(project.db, "SELECT inferred_fields FROM documents WHERE file_name = 'yantai.txt'")[0]
    assert "doc_number" in inferred.split(",") and "title" not in inferred.split(",")
    seed = rows(project.db, "SELECT inferred_fields FROM documents WHERE file_name = ?",
                "000_294c8626ef5e9e40.txt")
    assert seed == [("",)]


def test_every_format_gives_the_targets_of_the_plain_text(project, tmp_path, plan_pdf, codebook):
    files = [
        incoming(tmp_path, "plan-text.txt", plain_text()),
        incoming(tmp_path, "plan-pdf.pdf", plan_pdf),
        incoming(tmp_path, "plan-word.docx", plan_docx()),
        incoming(tmp_path, "plan-web.html", plan_html(charset="gb2312").encode("gbk")),
    ]
    report = ingest(files, config=project)
    assert [o.status for o in report.outcomes] == ["added"] * 4, report.outcomes
    assert report.built and any(line.startswith("plan-pdf.pdf: 9 targets") for line in report.build_lines)
    expected = target_keys(plain_text(), codebook)
    for f in files:
        got = rows(project.db, """
            SELECT t.indicator_id, t.value, t.target_year FROM targets t
            JOIN documents d USING (doc_id) WHERE d.file_name = ?""", f.name)
        assert sorted(got, key=str) == expected, f.name
        (conv, path) = rows(project.db, "SELECT converter_version, text_path FROM documents "
                                        "WHERE file_name = ?", f.name)[0]
        assert not Path(path).is_absolute()  # relative: no path of the building machine
        assert text_file(project.db, path, project.root).is_relative_to(project.data_dir)
        assert text_file(project.db, path, project.root).exists()
        assert conv
    quotes = rows(project.db, "SELECT t.quote, t.char_start, t.char_end, d.text_path FROM targets t "
                              "JOIN documents d USING (doc_id) WHERE d.file_name LIKE 'plan-%'")
    for quote, start, end, path in quotes:
        text = text_file(project.db, path, project.root).read_text(encoding="utf-8")
        assert text[start:end] == quote


def test_nothing_outside_data_is_written(project, tmp_path, plan_pdf):
    real_manifest = (REAL_RAW / "documents.csv").read_bytes()
    real_policies = sorted(p.name for p in (REAL_RAW / "policies").iterdir())
    outside_before = {p for p in project.root.rglob("*") if not p.is_relative_to(project.data_dir)}
    ingest([incoming(tmp_path, "p.pdf", plan_pdf)], config=project)
    outside_after = {p for p in project.root.rglob("*") if not p.is_relative_to(project.data_dir)}
    assert outside_after == outside_before
    assert (REAL_RAW / "documents.csv").read_bytes() == real_manifest
    assert sorted(p.name for p in (REAL_RAW / "policies").iterdir()) == real_policies


# --- duplicates and names -----------------------------------------------------------------


def test_same_content_is_recognised_not_added_twice(project, tmp_path, capsys):
    seed = REAL_RAW / "policies" / "000_294c8626ef5e9e40.txt"
    copy = incoming(tmp_path, "dongying-again.txt", seed.read_bytes())
    code = main(["ingest", str(copy), "--root", str(project.root), "--no-build"])
    out = capsys.readouterr().out
    assert code == 0
    assert "already present: " in out and "same content as 000_294c8626ef5e9e40.txt" in out
    assert not (project.policies / "dongying-again.txt").exists()
    assert "run `make data`" not in out  # nothing changed


def test_a_different_file_with_a_taken_name_is_stored_under_a_new_name(project, tmp_path):
    first = ingest([incoming(tmp_path, "index.html", plan_html())], config=project, build_store=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text(plan_html().replace("7.55", "7.6"), encoding="utf-8")
    (other / "index.pdf").write_bytes(scanned_pdf())  # refused: never takes a name
    second = ingest([other / "index.html"], config=project, build_store=False)
    assert first.outcomes[0].stored_as == "index.html"
    assert second.outcomes[0].stored_as == "index-2.html"
    assert "stored as index-2.html" in second.outcomes[0].line()
    assert "7.55" in (project.policies / "index.html").read_text(encoding="utf-8")


def test_same_plan_as_pdf_and_docx_is_stored_built_and_flagged(project, tmp_path, plan_pdf):
    files = [incoming(tmp_path, "plan.pdf", plan_pdf), incoming(tmp_path, "plan.docx", plan_docx())]
    report = ingest(files, config=project)
    assert [o.stored_as for o in report.outcomes] == ["plan.pdf", "plan-2.docx"]  # ids stay unique
    with connect(project.db) as con:
        documents = con.execute("SELECT * FROM documents").df()
    texts = {r.doc_id: text_file(project.db, r.text_path, project.root).read_text(encoding="utf-8")
             for r in documents.itertuples()}
    flagged = same_plan_in_other_format(documents, texts)
    assert flagged["plan-2_docx"][0] in {"000_294c8626ef5e9e40", "plan_pdf"}
    # the build itself flags it, and leaves it out of the comparisons
    marked = documents.set_index("doc_id")["duplicate_of"]
    assert marked["plan-2_docx"] == flagged["plan-2_docx"][0]
    with connect(project.db) as con:
        compared = {r[0] for r in con.execute("SELECT doc_id FROM city_documents").fetchall()}
    assert "plan-2_docx" not in compared


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("plan.pdf", "plan.pdf"),
        ("东营市 实施意见 (2024).PDF", "东营市_实施意见_(2024).PDF"),
        (".hidden.txt", "hidden.txt"),
        ("-rf.txt", "rf.txt"),
        ("a;rm -rf $HOME.txt", "a_rm_-rf_HOME.txt"),
        ("《规划》〔2024〕.docx", "《规划》〔2024〕.docx"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_safe_file_names(name, safe):
    assert safe_file_name(name)[0] == safe


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("..\\..\\evil.txt", "path separator"),
        ("plan\n.txt", "control or invisible"),
        ("plan\u202etxt.exe", "control or invisible"),
        ("...", "no usable characters"),
        ("", "empty file name"),
    ],
)
def test_dangerous_file_names_are_refused(name, reason):
    with pytest.raises(Refused, match=reason):
        safe_file_name(name)


# --- hostile and broken input -------------------------------------------------------------


def bad_inputs(folder: Path, plan_pdf: bytes) -> dict[str, str]:
    """Write the bad files into ``folder``; returns name -> expected reason."""
    folder.mkdir(exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "truncated.pdf").write_bytes(plan_pdf[: len(plan_pdf) // 2])
    (folder / "scanned.pdf").write_bytes(scanned_pdf())
    (folder / "empty.docx").write_bytes(b"")
    (folder / "bomb.docx").write_bytes(zip_bomb_docx())
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(60 * 2**20)  # sparse: 60 MB that cost no disk
    (folder / "link.txt").symlink_to(REAL_RAW / "policies" / "000_294c8626ef5e9e40.txt")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "truncated.pdf": "truncated",
        "scanned.pdf": "no text layer (scanned); OCR is not supported",
        "empty.docx": "empty file",
        "bomb.docx": "possible zip bomb",
        "huge.txt": "over the 50 MB limit",
        "link.txt": "symbolic link",
        "old.doc": "legacy Word .doc is not supported",
    }


def good_inputs(folder: Path) -> list[str]:
    folder.mkdir(exist_ok=True)
    (folder / "gbk.txt").write_bytes(YANTAI.encode("gbk"))
    (folder / "scripts.html").write_bytes(plan_html().encode("utf-8"))
    (folder / "word.docx").write_bytes(plan_docx())
    return ["gbk.txt", "scripts.html", "word.docx"]


def test_bad_files_are_refused_one_line_each_and_the_rest_ingested(project, tmp_path, plan_pdf, capsys):
    folder = tmp_path / "mixed"
    expected = bad_inputs(folder, plan_pdf)
    good = good_inputs(folder)
    missing = folder / "not-there.pdf"
    args = [str(folder / n) for n in sorted(expected) + good] + [str(missing)]
    code = main(["ingest", *args, "--root", str(project.root)])
    captured = capsys.readouterr()
    assert code == 1
    refused = [line for line in captured.err.splitlines() if line.startswith("refused: ")]
    assert len(refused) == len(expected) + 1
    for name, reason in expected.items():
        (line,) = [r for r in refused if r.startswith(f"refused: {folder / name}: ")]
        assert reason in line, line
    assert f"refused: {missing}: no such file" in refused
    stored = {p.name for p in project.policies.iterdir()}
    assert set(good) <= stored and not set(expected) & stored
    assert not [n for n in stored if n.startswith(".")]
    assert {r[0] for r in rows(project.db, "SELECT file_name FROM documents")} >= set(good)
    text = rows(project.db, "SELECT text_path FROM documents WHERE file_name = 'scripts.html'")[0][0]
    assert "99张" not in text_file(project.db, text, project.root).read_text(encoding="utf-8")


def test_a_folder_of_bad_inputs_builds_the_rest_and_names_each_bad_file(tmp_path, plan_pdf, capsys):
    folder = tmp_path / "source"
    expected = bad_inputs(folder, plan_pdf)
    expected["link.txt"] = "symbolic links are not followed"
    expected["huge.txt"] = "file is 60 MB, over the 50 MB limit"
    good = good_inputs(folder)
    db = tmp_path / "out" / "store.duckdb"
    code = main(["build", "--source", str(folder), "--db", str(db), "--manifest", ""])
    out = capsys.readouterr().out
    assert code == 1
    for name, reason in expected.items():
        assert f"skipped: {name}: " in out and reason in out.split(f"skipped: {name}: ")[1].splitlines()[0]
    documents = dict(rows(db, "SELECT file_name, n_targets FROM documents"))
    assert set(documents) == set(good)
    assert all(n > 0 for n in documents.values())
    issues = {r[0] for r in rows(db, "SELECT file_name FROM build_issues WHERE severity = 'skipped'")}
    assert issues == set(expected)


def test_a_fifo_and_a_folder_are_not_regular_files(project, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    report = ingest([fifo, folder], config=project, build_store=False)
    assert [o.reason for o in report.outcomes] == ["not a regular file"] * 2


# --- configuration ---------------------------------------------------------------------------


def test_writing_outside_data_is_refused(project, tmp_path):
    with pytest.raises(IngestError, match="outside"):
        ingest([], config=IngestConfig(root=project.root, store=tmp_path / "elsewhere.duckdb"))
    escape = tmp_path / "escape"
    escape.mkdir()
    shutil.move(project.policies, escape / "policies")
    project.policies.symlink_to(escape / "policies")
    with pytest.raises(IngestError, match="resolves outside"):
        ingest([], config=project)


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--issued-on", "24.12.2024"], "--issued-on must be a date"),
     (["--title", "a\x07b"], "control characters")],
)
def test_bad_metadata_is_a_usage_error(project, tmp_path, capsys, argv, message):
    source = incoming(tmp_path, "y.txt", YANTAI)
    assert main(["ingest", str(source), "--root", str(project.root), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (project.policies / "y.txt").exists()


def test_ingest_in_place_completes_the_manifest(project):
    """A file dropped into policies/ by hand gets its manifest row from ``ingest`` on it."""
    dropped = project.policies / "yantai.txt"
    dropped.write_text(YANTAI, encoding="utf-8")
    report = ingest([dropped], {"region": "烟台市"}, config=project, build_store=False)
    assert report.outcomes[0].status == "present"
    row = manifest_rows(project)["yantai.txt"]
    assert row["region"] == "烟台市" and row["doc_number"] == "烟政办发〔2023〕12号"


def test_manifest_with_bom_and_extra_columns_is_preserved(project, tmp_path):
    text = "file_name,region,notes\n000_294c8626ef5e9e40.txt,东营市,\"keep, me\"\n"
    project.manifest.write_bytes(text.encode("utf-8-sig"))
    ingest([incoming(tmp_path, "y.txt", YANTAI)], config=project, build_store=False)
    data = project.manifest.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[0]["notes"] == "keep, me" and parsed[1]["file_name"] == "y.txt"
    build(BuildConfig(source=project.policies, db=project.db, manifest=project.manifest,
                      raw_dir=project.raw, regions=project.regions))


# --- the same plan in another format ---------------------------------------------------------


def docs_frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["doc_id", "file_name", "region", "doc_number", "title",
                                          "issued_on"])


def test_same_plan_by_region_and_doc_number_earliest_name_wins():
    records = [
        {"doc_id": "z_plan", "file_name": "z_plan.pdf", "region": "东营市", "doc_number": "东政办字[2024]34号"},
        {"doc_id": "a_plan", "file_name": "a_plan.docx", "region": "东营市", "doc_number": "东政办字〔2024〕34号"},
        {"doc_id": "other", "file_name": "m.txt", "region": "威海市", "doc_number": "东政办字〔2024〕34号"},
    ]
    for order in (records, records[::-1]):
        found = same_plan_in_other_format(docs_frame(order), {})
        assert found == {"z_plan": ("a_plan", "same region and 文号 as a_plan.docx")}


def test_same_title_counts_unless_numbers_or_dates_differ():
    base = {"region": "东营市", "title": "关于进一步完善医疗卫生服务体系的实施意见"}
    same = [{"doc_id": "a", "file_name": "a.pdf", **base}, {"doc_id": "b", "file_name": "b.html", **base}]
    assert same_plan_in_other_format(docs_frame(same), {})["b"][0] == "a"
    numbered = [{**same[0], "doc_number": "东政办字〔2024〕34号"}, {**same[1], "doc_number": "东政办字〔2025〕1号"}]
    assert same_plan_in_other_format(docs_frame(numbered), {}) == {}
    dated = [{**same[0], "issued_on": "2024-12-24"}, {**same[1], "issued_on": "2021-01-05"}]
    assert same_plan_in_other_format(docs_frame(dated), {}) == {}


def test_near_identical_text_is_the_same_plan_and_nan_metadata_is_ignored():
    seed = (REAL_RAW / "policies" / "000_294c8626ef5e9e40.txt").read_text(encoding="utf-8")
    reflowed = seed.replace("\n\n", "\n").replace("。", "。\n— 3 —\n", 3)
    other = (REAL_RAW / "policies" / "002_6cb58e01d0044c6b.txt").read_text(encoding="utf-8")
    frame = docs_frame([
        {"doc_id": "p1", "file_name": "p1.txt", "region": float("nan")},
        {"doc_id": "p2", "file_name": "p2.pdf", "region": None},
        {"doc_id": "p3", "file_name": "p3.txt", "region": None},
    ])
    found = same_plan_in_other_format(frame, {"p1": seed, "p2": reflowed, "p3": other})
    assert list(found) == ["p2"]
    assert found["p2"][0] == "p1" and "near-identical text" in found["p2"][1]


def test_seeds_are_five_different_plans():
    docs = pd.read_csv(REAL_RAW / "documents.csv")
    docs["doc_id"] = docs["file_name"].str.replace(".txt", "", regex=False)
    texts = {d: (REAL_RAW / "policies" / f"{d}.txt").read_text(encoding="utf-8") for d in docs["doc_id"]}
    assert same_plan_in_other_format(docs, texts) == {}
