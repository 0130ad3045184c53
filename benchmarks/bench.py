"""``make bench``: build speed, memory, incremental rebuilds and query latency at national scale.

Generates synthetic corpora from the seeds (see ``synthetic.py``): a medium one
(300 regions × 3 plans) and a large one (3,000 plans), then measures

* full build time, throughput (documents/s, MB/s) and peak RSS of the whole
  process tree (the build and its worker processes), sampled with psutil;
* a plain scan of the same corpus in the same run (read, decode and one compiled
  regular-expression pass for numbers with units) and the build's throughput as a
  share of it (``scan_ratio``: seconds of build per second of scan), a figure that
  means the same on a faster or a busier machine;
* the one-process build (``--jobs 1``) of 300 plans, the issue-15 yardstick, and, with a
  baseline commit (``--baseline REV``; ``make bench`` passes ``BASELINE``), the same build
  by that commit's code on the same corpus in the same run: five runs of each, taken in
  turn, their medians and the speed-up (``baseline_speedup``; on a shared 2-core VM single
  runs of one code moved by a fifth, three pairs left the ratio to a lucky or unlucky run);
* the rebuild after one document changed (cache on; the median of three, each with a new
  value), and its speed-up;
* latency of every comparison view on the large store;
* ``figures``, ``excel`` (budget: under 5 s, ``excel_within_budget``), ``export``
  (time and size of the complete tables) and ``site`` on the large store, when those
  commands exist, with the site's page count and its largest page (budget: under
  30 s, no page over 1 MB).

Prints a table and writes ``reports/benchmarks.json``.  This is a benchmark,
not a test: it asserts nothing and has no timeouts.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

sys.path.insert(0, str(Path(__file__).parent))
import synthetic

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "data" / "processed" / "bench"
OUT = ROOT / "reports" / "benchmarks.json"
PY = sys.executable
EXCEL_BUDGET_S = 5.0  # `make excel` on the 3,000-document store
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _PeakRss:
    """Sample the summed RSS of a process and all its children until stopped.

    On Linux the process tree and each RSS are read from /proc directly (~0.1 ms a sample);
    psutil's walk of every process of the machine took ~1.5 ms a sample, a tenth of a core
    taken from the command being timed (two cores: the figures' and the build's workers
    ran ~5 % slower under it)."""

    def __init__(self, pid: int, interval: float = 0.02, from_proc: bool | None = None
                 ) -> None:
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.from_proc = os.path.exists(f"/proc/{pid}/task") if from_proc is None else from_proc
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        sample = self._proc_rss if self.from_proc else self._psutil_rss
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, sample())
            except psutil.Error:
                return
            self._stop.wait(self.interval)  # (woken at once when the command ends)

    def _psutil_rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total

    def _proc_rss(self) -> int:
        """The tree's RSS from /proc: each thread's children, then each process's statm."""
        total, stack = 0, [self.proc.pid]
        while stack:
            pid = stack.pop()
            with contextlib.suppress(OSError, ValueError, IndexError):
                with open(f"/proc/{pid}/statm", "rb") as f:
                    total += int(f.read().split()[1]) * _PAGE
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                        stack.extend(int(c) for c in f.read().split())
        return total

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _run(args: list[str]) -> tuple[float, int, str]:
    """Run a command; (seconds, peak RSS bytes of its process tree, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    with _PeakRss(proc.pid) as rss:
        out, err = proc.communicate()
        # the command's time ends with it, not with the sampler's last round
        seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{err}")
    return seconds, rss.peak, out


def _build(source: Path, db: Path, cache: bool, jobs: int | None = None,
           code: Path | None = None) -> tuple[float, int, str]:
    """Build ``source`` into ``db``; with ``code``, by the project's src/ found there."""
    prefix = ["env", f"PYTHONPATH={code}"] if code is not None else []
    args = [*prefix, PY, "-m", "analysis", "build", "--source", str(source), "--db", str(db),
            "--manifest", ""]
    if not cache:
        args.append("--no-cache")
    if jobs:
        args += ["--jobs", str(jobs)]
    return _run(args)


def baseline_code(rev: str) -> Path | None:
    """The project's ``src/`` as of commit ``rev`` (with its ``data/raw`` and
    ``pyproject.toml``, so its paths resolve to its own inputs), unpacked once under the
    bench folder and compiled; None, with the reason printed, when git cannot give it."""
    dest = WORK / "baseline" / rev
    if not (dest / "src" / "analysis").is_dir():
        proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev,
                               "src", "data/raw", "pyproject.toml"], capture_output=True)
        if proc.returncode != 0:
            reason = proc.stderr.decode("utf-8", "replace").strip() or "git archive failed"
            print(f"baseline {rev}: not available ({reason}); no A/B", file=sys.stderr)
            return None
        tmp = dest.with_name(f"{rev}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        compileall.compile_dir(str(tmp / "src"), quiet=1)
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(tmp, dest)
    return dest / "src"


def baseline_ab(folder: Path, code: Path, rev: str, runs: int = 5) -> dict[str, object]:
    """The one-process build of ``folder`` by this checkout and by ``rev``, in turn, ``runs``
    times each (the same corpus, interpreter and machine state): medians and the ratio."""
    now, before = [], []
    for _ in range(runs):
        now.append(_build(folder, folder.parent / "ab_now" / "indicators.duckdb",
                          cache=False, jobs=1)[0])
        before.append(_build(folder, folder.parent / "ab_baseline" / "indicators.duckdb",
                             cache=False, jobs=1, code=code)[0])
    median_now, median_before = statistics.median(now), statistics.median(before)
    return {"baseline": rev,
            "baseline_s": round(median_before, 2),
            "this_checkout_s": round(median_now, 2),
            "baseline_speedup": round(median_before / median_now, 2),
            "baseline_runs": {"baseline": [round(t, 2) for t in before],
                              "this_checkout": [round(t, 2) for t in now]}}


# numbers with a unit or a ratio: what a first, naive extractor would look for
_SCAN_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|张|人|个|所|家|名|岁|万|:\d)")


def plain_scan(files: list[Path], repeats: int = 3) -> float:
    """Seconds for one plain pass over the corpus (the best of ``repeats``): read, decode,
    one compiled regex over every file.  The yardstick the build is measured against."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        hits = 0
        for f in files:
            hits += sum(1 for _ in _SCAN_RE.finditer(f.read_bytes().decode("utf-8")))
        best = min(best, time.perf_counter() - start)
    return best


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process so far (the build and its
    workers, once reaped)."""
    t = os.times()
    return t.children_user + t.children_system


def _commands() -> set[str]:
    out = subprocess.run([PY, "-m", "analysis", "--help"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return {c for c in ("figures", "excel", "site", "export") if c in out}


_OUTPUTS = {"figures": "figures", "excel": "briefing.xlsx", "site": "site",
            "export": "export"}


def _site_pages(site: Path) -> dict[str, object]:
    """Pages of the site and the largest one (a browser should open every page quickly)."""
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"site_pages": len(pages),
            "site_largest_page_kb": round(largest.stat().st_size / 1024, 1),
            "site_largest_page": largest.relative_to(site).as_posix(),
            "site_megabytes": round(sum(p.stat().st_size for p in pages) / 1e6, 1)}


def _median_ms(fn: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _view_latency(db: Path, repeats: int = 7) -> dict[str, dict[str, float]]:
    """Median latency of each public comparison view, as a researcher queries it.

    ``one_city``: the Python function filtered to one region; ``one_indicator``:
    every city for one indicator; ``count``: a SQL aggregate over the whole view;
    ``all_rows``: every row into pandas (quotes included).
    """
    from analysis.compare import views as compare

    con = duckdb.connect(str(db), read_only=True)
    try:
        region = con.execute("SELECT min(region) FROM cities").fetchone()[0]
        out: dict[str, dict[str, float]] = {}
        for view in compare.PUBLIC_VIEWS:
            fn = getattr(compare, view)
            out[view] = {
                "one_city": _median_ms(lambda f=fn: f(con, regions=[region]), repeats),
                "one_indicator": _median_ms(
                    lambda f=fn: f(con, indicators=["beds_per_1000"]), repeats),
                "count": _median_ms(
                    lambda v=view: con.execute(f"SELECT count(*) FROM {v}").fetchall(), repeats),
                "all_rows": _median_ms(
                    lambda v=view: con.execute(f"SELECT * FROM {v}").df(), 3),
            }
        return out
    finally:
        con.close()


def bench_case(name: str, regions: int, plans: int, extra: bool,
               jobs: int | None = None, baseline: str | None = None) -> dict[str, object]:
    folder = WORK / name / "docs"
    db = WORK / name / "indicators.duckdb"
    shutil.rmtree(WORK / name, ignore_errors=True)
    corpus = synthetic.generate(folder, regions, plans)
    # the corpus's own writeback is not the build's: each text the build syncs to disk
    # otherwise waited for the thousands of files just generated (CPU use fell to ~55 %)
    os.sync()
    scan = plain_scan(corpus.files)
    start_cpu = _children_cpu()
    seconds, rss, out = _build(folder, db, cache=False, jobs=jobs)
    cpu = _children_cpu() - start_cpu
    result: dict[str, object] = {
        "documents": len(corpus.files),
        "megabytes": round(corpus.bytes / 1e6, 2),
        "jobs": jobs or os.cpu_count(),
        "full_build_s": round(seconds, 2),
        "build_cpu_s": round(cpu, 2),
        "cpu_use_pct": round(100 * cpu / seconds),
        "docs_per_s": round(len(corpus.files) / seconds, 1),
        "mb_per_s": round(corpus.bytes / 1e6 / seconds, 2),
        "scan_s": round(scan, 3),
        "scan_mb_per_s": round(corpus.bytes / 1e6 / scan, 1),
        "scan_ratio": round(seconds / scan, 1),
        "peak_rss_mb": round(rss / 1e6, 1),
        "summary": [ln for ln in out.splitlines() if ln.startswith(("documents", "targets"))],
    }
    if jobs == 1:  # the one-process yardstick: no incremental rebuild measured
        code = baseline_code(baseline) if baseline else None
        if code is not None:
            result.update(baseline_ab(folder, code, baseline))
        return result
    # warm the cache, then three times: change one document, rebuild (the median is kept)
    _build(folder, db, cache=True)
    victim = corpus.files[len(corpus.files) // 2]
    original = victim.read_text(encoding="utf-8")
    runs = []
    for beds in ("7.9", "8.1", "8.3"):  # a new value each time: each rebuild has work to do
        victim.write_text(original + f"\n到2025年，每千人口床位数达到{beds}张。\n",
                          encoding="utf-8")
        runs.append(_build(folder, db, cache=True)[0])
    inc = statistics.median(runs)
    result["incremental_build_s"] = round(inc, 2)
    result["incremental_runs_s"] = [round(t, 2) for t in runs]
    result["incremental_speedup"] = round(seconds / inc, 1)
    if extra:
        result["view_latency_ms"] = _view_latency(db)
        commands = _commands()
        for command in ("figures", "excel", "site", "export"):  # the site copies the other two in
            if command not in commands:
                continue
            target = WORK / name / _OUTPUTS[command]
            extra_args = (["--figures", str(WORK / name / "figures"), "--workbook",
                           str(WORK / name / "briefing.xlsx")] if command == "site" else [])
            secs, peak, _ = _run([PY, "-m", "analysis", command, "--db", str(db), "--out",
                                  str(target), *extra_args])
            result[f"{command}_s"] = round(secs, 2)
            result[f"{command}_peak_rss_mb"] = round(peak / 1e6, 1)
            if command == "export":  # the complete tables, for the researcher
                result["export_mb"] = round(sum(
                    p.stat().st_size for p in target.iterdir()) / 1e6, 2)
            if command == "excel":  # a briefing at any scale: under EXCEL_BUDGET_S
                result["excel_within_budget"] = secs < EXCEL_BUDGET_S
        if "site" in commands:
            result.update(_site_pages(WORK / name / _OUTPUTS["site"]))
    return result


def _table(results: dict[str, dict[str, object]]) -> str:
    keys = ["documents", "megabytes", "jobs", "full_build_s", "build_cpu_s", "cpu_use_pct",
            "docs_per_s", "mb_per_s", "scan_s", "scan_mb_per_s", "scan_ratio", "peak_rss_mb",
            "baseline", "baseline_s", "this_checkout_s", "baseline_speedup",
            "incremental_build_s", "incremental_speedup", "figures_s", "excel_s",
            "excel_within_budget", "export_s", "export_mb", "site_s", "site_pages",
            "site_largest_page_kb"]
    lines = [f"{'':24s}" + "".join(f"{n:>14s}" for n in results)]
    for k in keys:
        if any(k in r for r in results.values()):
            lines.append(f"{k:24s}" + "".join(f"{r.get(k, ''):>14}" for r in results.values()))
    for name, r in results.items():
        for view, ms in (r.get("view_latency_ms") or {}).items():
            parts = ", ".join(f"{k} {v} ms" for k, v in ms.items())
            lines.append(f"{name} {view}: {parts}")
    return "\n".join(lines)


def _fresh_bytecode() -> None:
    """Write the project's bytecode before timing anything.

    An installed package has its bytecode from install time, and Python writes it on first
    import anyway; where it may not (``PYTHONDONTWRITEBYTECODE``, set on CI machines) every
    build process of an edited checkout compiled the changed modules again (~50 ms each),
    a cost of the checkout, not of the build."""
    compileall.compile_dir(str(ROOT / "src"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small corpora (smoke run)")
    p.add_argument("--baseline", metavar="REV", default=None,
                   help="a commit to A/B the one-process build against (same corpus, same run)")
    args = p.parse_args(argv)
    _fresh_bytecode()
    cases = [("one_process", 100, 3, False, 1), ("medium", 300, 3, False, None),
             ("large", 3000, 1, True, None)]
    if args.quick:
        cases = [("one_process", 10, 3, False, 1), ("medium", 20, 3, False, None),
                 ("large", 60, 1, True, None)]
    results = {name: bench_case(name, r, k, extra, jobs, args.baseline if jobs == 1 else None)
               for name, r, k, extra, jobs in cases}
    meta = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"machine": meta, "results": results}, ensure_ascii=False,
                              indent=2), encoding="utf-8")
    print(_table(results))
    print(f"written: {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
