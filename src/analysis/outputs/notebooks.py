"""Run the notebooks headless, with parameters, into an output folder (+ HTML).

``python -m analysis notebooks --out reports/notebooks [--db FILE] [--lang en]``
executes every ``notebooks/*.ipynb`` (sorted, so in reading order) and writes
the executed copy and an HTML export of each.  The committed notebooks stay
clean (no outputs, no execution counts); only the copies carry results.

Parameters are injected by papermill: the cell tagged ``parameters`` holds the
defaults, and papermill inserts a cell tagged ``injected-parameters`` with the
values of this run right after it (the notebooks run unchanged in JupyterLab).
Injected: ``db``, ``lang``, ``regions``, ``target_year`` and ``output_dir`` (the
folder of the executed copies).

The kernel is this interpreter (``sys.executable -m ipykernel_launcher``),
passed to nbclient explicitly: no kernelspec has to be installed, and a
``python3`` kernelspec elsewhere on the machine (whose ``python`` may be
another interpreter, without this package) is never picked up by mistake.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.compare.names import resolve_in_store
from analysis.files import write_atomic
from analysis.store.schema import StoreError

NOTEBOOKS = paths.ROOT / "notebooks"
OUTPUT = paths.REPORTS / "notebooks"
KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
TIMEOUT = 600  # seconds per cell
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class NotebookRun:
    """The outcome of one notebook."""

    notebook: Path
    ok: bool
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    error: str = ""


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every notebook of the folder, sorted by name (= reading order)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))


def parameters(db: Path | str | None = None, lang: str = "zh",
               regions: Sequence[str] | None = None, target_year: int | None = None,
               output_dir: Path | str | None = None) -> dict[str, object]:
    """The values injected into every notebook (plain Python literals); ``run_notebook``
    makes the paths relative to the notebook's folder (``relative_to``)."""
    return {
        "db": str(Path(db).resolve()) if db is not None else None,
        "lang": lang,
        "regions": list(regions) if regions else None,
        "target_year": int(target_year) if target_year is not None else None,
        "output_dir": str(Path(output_dir).resolve()) if output_dir is not None else None,
    }


PATH_PARAMETERS = ("db", "output_dir")


def relative_to(values: dict[str, object], folder: Path | str) -> dict[str, object]:
    """Path parameters relative to ``folder`` (the notebook's, where its kernel runs).

    An executed notebook is read by others: it should not show the absolute paths
    of the machine that ran it, and relative paths still open the same files.
    """
    out = dict(values)
    for key in PATH_PARAMETERS:
        if isinstance(out.get(key), str):
            with contextlib.suppress(ValueError):  # another drive: keep it absolute
                out[key] = Path(os.path.relpath(str(out[key]), Path(folder).resolve())).as_posix()
    return out


def inject_parameters(nb, values: dict[str, object]):  # nbformat.NotebookNode
    """papermill's parameter injection: an ``injected-parameters`` cell after ``parameters``.

    papermill writes the values in the kernel's language (Python literals here) and
    replaces an injected cell left by an earlier run.
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    _register_readable_python_translator()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3",
                                 "language": "python"}
    # papermill's loader adds the metadata its parameterize step reads (tags, papermill)
    with tempfile.NamedTemporaryFile("w", suffix=".ipynb", encoding="utf-8") as fh:
        fh.write(nbformat.writes(nb))
        fh.flush()
        loaded = load_notebook_node(fh.name)
    return parameterize_notebook(loaded, values)


def _register_readable_python_translator() -> None:
    """Strings as Python literals (``'威海市'``), not papermill's ``"\\u5a01..."`` escapes:
    a reader of an executed notebook sees the region names she asked for."""
    from papermill.translators import PythonTranslator, papermill_translators

    class _Readable(PythonTranslator):
        @classmethod
        def translate_str(cls, val: str) -> str:
            return repr(val)

    papermill_translators.register("python", _Readable)


def _kernel_manager():
    """A kernel manager that starts *this* interpreter's ipykernel (no kernelspec lookup)."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class _ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (analysis)", language="python",
                resource_dir=str(Path(sys.executable).parent), metadata={})

    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=_ThisPython())


def clean(nb):  # nbformat.NotebookNode
    """Drop outputs, execution counts and run metadata: the committed form of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata.pop("papermill", None)
    return nb


def run_notebook(path: Path | str, out_dir: Path | str, values: dict[str, object],
                 html: bool = True, timeout: int = TIMEOUT) -> NotebookRun:
    """Execute one notebook; write ``out_dir/<name>.ipynb`` (and ``.html``), even on failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path, out = Path(path), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    nb = inject_parameters(nbformat.read(path, as_version=4), relative_to(values, path.parent))
    # nbclient shuts down only kernels it started itself: with our kernel manager it is
    # asked to (cleanup_kc below), else each kernel idles until this process exits
    client = NotebookClient(nb, km=_kernel_manager(), kernel_name=KERNEL_NAME,
                            timeout=timeout, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent)}})
    error = ""
    # the kernel's own log (transport warnings, crashes) goes to a file, shown only on failure
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        try:
            client.execute(stderr=log, cleanup_kc=True)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            lines = _ANSI.sub("", str(exc)).strip().splitlines()
            error = f"{type(exc).__name__}: {lines[-1] if lines else ''}"
            if isinstance(exc, DeadKernelError):
                log.seek(0)
                error += "\n" + "".join(log.readlines()[-10:])
    target = write_atomic(out / path.name, nbformat.writes(nb))
    outputs = [target]
    if html:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nb)
        html_path = write_atomic(out / f"{path.stem}.html", body)
        outputs.append(html_path)
    return NotebookRun(path, not error, time.perf_counter() - start, outputs, error)


def _run_one(args: tuple[str, str, dict[str, object], bool, int]) -> NotebookRun:
    return run_notebook(*args)


def _run_in_thread(args: tuple[str, str, dict[str, object], bool, int]) -> NotebookRun:
    """``_run_one`` in a pool thread, on an event loop of its own (nbclient's client is
    asynchronous inside) that is closed afterwards, not left open with the thread."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return _run_one(args)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def run_notebooks(out_dir: Path | str = OUTPUT, db: Path | str | None = None,
                  lang: str = "zh", regions: Sequence[str] | None = None,
                  target_year: int | None = None, notebooks: Iterable[Path] | None = None,
                  html: bool = True, jobs: int | None = None,
                  timeout: int = TIMEOUT) -> list[NotebookRun]:
    """Execute the notebooks (default: all of ``notebooks/``), several kernels at a time.

    ``jobs`` = kernels in parallel (default: one per notebook, at most the CPU count).
    Results come back in notebook order; a failing notebook does not stop the others.
    Each notebook runs in a kernel process of its own; the threads here only drive the
    kernels and write the files (a worker process per notebook would first import
    nbclient, papermill and nbconvert again: about two seconds of CPU each).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    todo = list(notebooks) if notebooks is not None else notebook_paths()
    values = parameters(db, lang, regions, target_year, out_dir)
    tasks = [(str(p), str(out_dir), values, html, timeout) for p in todo]
    if not tasks:
        return []
    jobs = max(1, min(jobs or (os.cpu_count() or 1), len(tasks)))
    if jobs == 1:
        return [_run_one(t) for t in tasks]
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="notebook") as pool:
        return list(pool.map(_run_in_thread, tasks))


# --- CLI -----------------------------------------------------------------------------------


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED

    db = Path(args.db)
    if not db.exists():
        print(f"error: store {db} does not exist; run `make data` first", file=sys.stderr)
        return EXIT_ERROR
    folder = Path(args.notebooks)
    todo = notebook_paths(folder)
    if not todo:
        print(f"error: no notebooks in {folder}", file=sys.stderr)
        return EXIT_ERROR
    try:  # 东营 -> 东营市 before any kernel starts; an unknown name stops here
        regions = resolve_in_store(db, regions=args.region or None)["regions"]
    except (StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    start = time.perf_counter()
    runs = run_notebooks(args.out, db=db, lang=args.lang, regions=regions,
                         target_year=args.year, notebooks=todo, html=not args.no_html,
                         jobs=args.jobs)
    for run in runs:
        status = "ok" if run.ok else "FAILED"
        print(f"{status:6s} {run.notebook.name} ({run.seconds:.1f} s) -> "
              + ", ".join(str(p) for p in run.outputs))
        if run.error:
            print(f"       {run.error}")
    failed = sum(not r.ok for r in runs)
    print(f"{len(runs) - failed}/{len(runs)} notebooks executed in "
          f"{time.perf_counter() - start:.1f} s")
    return EXIT_OK if not failed else EXIT_SKIPPED


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis notebooks``."""
    n = sub.add_parser("notebooks", help="execute the notebooks headless (+ HTML export)")
    n.add_argument("--db", default=str(paths.STORE), help="DuckDB store the notebooks read")
    n.add_argument("--out", default=str(OUTPUT), help="folder for executed copies and HTML")
    n.add_argument("--notebooks", default=str(NOTEBOOKS), help="folder of the notebooks")
    n.add_argument("--lang", default="zh", choices=("zh", "en"), help="label language")
    n.add_argument("--region", action="append", help="only this region (repeatable)")
    n.add_argument("--year", type=int, default=None, help="only this target year")
    n.add_argument("--jobs", type=int, default=None, help="kernels in parallel (default: CPUs)")
    n.add_argument("--no-html", action="store_true", help="skip the HTML export")
    n.set_defaults(func=_cmd_notebooks)
