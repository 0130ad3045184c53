"""Notebooks: committed clean, thin and parameterised; executed headless against two stores.

Each store runs every notebook once (kernels are slow to start); the two runs are separate
tests so pytest-xdist can run them side by side.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.cli import main
from analysis.outputs import notebooks

NOTEBOOKS = notebooks.notebook_paths()
OURS = ("01_corpus_and_extraction", "02_city_comparison", "03_gap_to_goals")


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


# --- the committed notebooks -------------------------------------------------------------


def test_notebooks_exist_in_reading_order():
    names = [p.stem for p in NOTEBOOKS]
    assert set(OURS) <= set(names)
    assert all(re.match(r"^\d\d_[a-z0-9_]+$", n) for n in names), names
    assert names == sorted(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean_thin_and_parameterised(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = _code_cells(nb)
    for cell in code:
        assert cell.outputs == [], f"{path.name}: outputs committed"
        assert cell.execution_count is None, f"{path.name}: execution count committed"
        assert notebooks.INJECTED_TAG not in _tags(cell)
    params = [c for c in code if notebooks.PARAMETERS_TAG in _tags(c)]
    assert len(params) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
    names = {t.id for node in ast.parse(params[0].source).body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)}
    assert {"db", "lang", "regions", "target_year"} <= names
    assert any(c.cell_type == "markdown" and c.source.lstrip().startswith("# ")
               for c in nb.cells), "a Markdown title"
    # thin cells: no functions, classes or loops: the logic lives in src/analysis
    for cell in code:
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith("%"))
        tree = ast.parse(source)
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.For | ast.While), (
                f"{path.name}: logic in a notebook cell:\n{cell.source}")


def test_inject_parameters_after_the_parameters_cell():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    values = notebooks.parameters(db="x.duckdb", lang="en", regions=["东营市"], target_year=2025)
    once = notebooks.inject_parameters(nb, values)
    twice = notebooks.inject_parameters(once, values)  # replaces, never stacks
    tags = [_tags(c) for c in twice.cells]
    at = next(i for i, t in enumerate(tags) if notebooks.PARAMETERS_TAG in t)
    assert notebooks.INJECTED_TAG in tags[at + 1]
    assert sum(notebooks.INJECTED_TAG in t for t in tags) == 1
    scope: dict[str, object] = {}
    exec(twice.cells[at + 1].source, scope)
    assert scope["lang"] == "en" and scope["regions"] == ["东营市"] and scope["target_year"] == 2025
    assert Path(str(scope["db"])).is_absolute()  # made relative when a run injects it


def test_kernel_is_this_interpreter_not_a_kernelspec():
    km = notebooks._kernel_manager()
    assert km.kernel_spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]


# --- executed headless -----------------------------------------------------------------------


TINY_PLAN = """威海市人民政府办公室关于印发威海市卫生健康事业发展规划的通知

一、发展目标
到2025年，每千人口医疗卫生机构床位数达到7.6张，医护比达到1:1.3，居民健康素养水平达到35%。

威海市人民政府办公室
2024年3月1日
"""


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One city, one short plan: three targets."""
    root = tmp_path_factory.mktemp("tiny_store")
    (root / "docs").mkdir()
    (root / "docs" / "weihai.txt").write_text(TINY_PLAN, encoding="utf-8")
    db = root / "indicators.duckdb"
    report = build(BuildConfig(source=root / "docs", db=db, manifest=None, use_cache=False))
    assert report.documents == 1 and report.mapped >= 2
    return db


def _no_absolute_paths(out: Path) -> None:
    """Executed notebooks name no folder of the machine that ran them (paths are relative)."""
    absolute = re.compile(r"""(?:^|[\s'"(=])(/(?:[\w.-]+/)+[\w.-]*)""")
    for executed in out.glob("*.ipynb"):
        text = executed.read_text(encoding="utf-8")
        assert str(paths.ROOT) not in text, executed.name
        found = [m.group(1) for m in absolute.finditer(text)]
        assert not found, (executed.name, found[:3])


def _check_runs(runs: list[notebooks.NotebookRun], out: Path, html: bool = True) -> None:
    assert [r.notebook for r in runs] == NOTEBOOKS
    failed = [f"{r.notebook.name}: {r.error}" for r in runs if not r.ok]
    assert not failed, failed
    for run in runs:
        executed = out / run.notebook.name
        page = out / f"{run.notebook.stem}.html"
        assert executed in run.outputs and (page in run.outputs) == html == page.exists()
        assert not html or page.stat().st_size > 10_000
        nb = nbformat.read(executed, as_version=4)
        code = _code_cells(nb)
        assert all(c.execution_count is not None for c in code)
        assert not [o for c in code for o in c.outputs if o.output_type == "error"]
        if run.notebook.stem in OURS:
            images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
            assert images, f"{run.notebook.name} shows no chart"


@pytest.mark.slow
def test_notebooks_execute_against_the_seed_store(seed_store: Path, tmp_path: Path, capsys):
    out = tmp_path / "notebooks"
    code = main(["notebooks", "--db", str(seed_store), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    runs = [notebooks.NotebookRun(p, True, 0.0, [out / p.name, out / f"{p.stem}.html"])
            for p in NOTEBOOKS]
    _check_runs(runs, out)
    assert f"{len(NOTEBOOKS)}/{len(NOTEBOOKS)} notebooks executed" in printed
    _no_absolute_paths(out)
    assert not list(out.glob("*.xlsx"))
    committed = nbformat.read(NOTEBOOKS[0], as_version=4)
    assert all(c.outputs == [] for c in _code_cells(committed))  # sources untouched
    gaps = (out / "03_gap_to_goals.html").read_text(encoding="utf-8")
    assert "相对差距（%）" in gaps and "原文" in gaps and "高于目标" in gaps  # zh headers, words
    assert str(paths.ROOT) not in gaps and f"'{seed_store}'" not in gaps  # no machine paths
    assert not re.search(r"<td[^>]*>-?\d+\.\d{4,}</td>", gaps)  # rounded for reading
    assert not re.search(r"<td[^>]*>[^<]*\\n", gaps)  # quotes on one line


@pytest.mark.slow
def test_notebooks_execute_against_a_tiny_store_in_english(tiny_store: Path, tmp_path: Path):
    out = tmp_path / "notebooks"
    runs = notebooks.run_notebooks(out, db=tiny_store, lang="en", regions=["威海市"],
                                   target_year=2025, html=False)  # HTML: the zh test
    _check_runs(runs, out, html=False)
    nb = nbformat.read(out / f"{OURS[0]}.ipynb", as_version=4)
    injected = next(c for c in nb.cells if notebooks.INJECTED_TAG in _tags(c))
    assert "lang = 'en'" in injected.source and f"'{tiny_store}'" not in injected.source
    scope: dict[str, object] = {}
    exec(injected.source, scope)  # relative to the notebook's folder, where its kernel runs
    assert (notebooks.NOTEBOOKS / str(scope["db"])).resolve() == tiny_store.resolve()
    _no_absolute_paths(out)
    assert not list(out.glob("*.xlsx"))  # notebook 04 previews the workbook, writes none


def test_cli_notebooks_without_a_store_is_a_usage_error(tmp_path: Path, capsys):
    assert main(["notebooks", "--db", str(tmp_path / "missing.duckdb"),
                 "--out", str(tmp_path / "out")]) == 2
    assert "make data" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
