"""Build the store: documents -> text -> targets -> DuckDB.

One document is one unit of work (convert, read metadata, extract), run in
parallel across cores for large folders; results are identical to a serial
run because they are collected in file-name order.  Extractions are cached
by content hash and extractor version, so an unchanged document is not read
again; indicator mapping is re-applied on every build, so a codebook change
needs no re-extraction.  A file that cannot be used is reported by name and
skipped; it never stops the batch.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis import compare, paths, reference
from analysis.codebook import Codebook
from analysis.converters import DocumentError, convert
from analysis.documents import DocumentMeta, load_manifest, load_regions, resolve_metadata
from analysis.extract import (
    EXTRACTOR_VERSION,
    DocContext,
    Target,
    assign_indicators,
    extract_targets,
)
from analysis.store import COLUMNS, write_store

PARALLEL_MIN_FILES = 8
PROGRESS_MIN_FILES = 20


@dataclass(frozen=True)
class BuildConfig:
    """Inputs and outputs of a build."""

    source: Path = paths.POLICIES
    db: Path = paths.STORE
    manifest: Path | None = paths.MANIFEST
    codebook: Path = paths.CODEBOOK
    regions: Path | None = paths.REGIONS
    raw_dir: Path = paths.RAW
    jobs: int | None = None
    use_cache: bool = True
    text_dir: Path | None = None
    cache_dir: Path | None = None

    @property
    def text_root(self) -> Path:
        return self.text_dir or self.db.parent / "text"

    @property
    def cache_root(self) -> Path:
        return self.cache_dir or self.db.parent / "cache"


@dataclass
class DocResult:
    """What one worker returns for one file (picklable)."""

    file_name: str
    ok: bool
    message: str = ""
    sha256: str = ""
    size_bytes: int = 0
    meta: dict[str, object] = field(default_factory=dict)
    converter: str = ""
    converter_version: str = ""
    encoding: str | None = None
    text: str = ""
    targets: list[dict[str, object]] = field(default_factory=list)
    from_cache: bool = False


@dataclass
class BuildReport:
    """Summary of a build, printed by the CLI."""

    db: Path
    documents: int = 0
    targets: int = 0
    mapped: int = 0
    unmapped: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    cached: int = 0
    extracted: int = 0

    def lines(self) -> list[str]:
        out = [
            f"store: {self.db}",
            f"documents: {self.documents} ({self.extracted} read, {self.cached} from cache)",
            f"targets: {self.targets} ({self.mapped} mapped to an indicator, "
            f"{self.unmapped} unmapped)",
        ]
        for name, dup_of in self.duplicates:
            out.append(f"duplicate: {name} has the same content as {dup_of}; counted once")
        for name, reason in self.skipped:
            out.append(f"skipped: {name}: {reason}")
        return out


# --- per-document work (runs in worker processes) ------------------------------------


def _sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


@functools.cache
def extractor_fingerprint() -> str:
    """Hash of the extraction code: any change to a rule invalidates cached extractions."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    pkg = Path(__file__).parent
    for name in _EXTRACTION_MODULES:
        h.update((pkg / name).read_bytes())
    return h.hexdigest()[:16]


_EXTRACTION_MODULES = ("extract.py", "numbers.py", "segment.py", "tables.py", "textnorm.py",
                       "converters.py", "documents.py")


def _cache_file(cache_root: Path, sha: str) -> Path:
    return cache_root / f"{sha[:2]}" / f"{sha}-{extractor_fingerprint()}.json"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _target_dicts(targets: Iterable[Target]) -> list[dict[str, object]]:
    return [asdict(t) for t in targets]


@dataclass(frozen=True)
class _Job:
    path: Path
    manifest: dict[str, DocumentMeta]
    regions: dict[str, tuple[str, str]]
    cache_root: Path | None


def process_file(job: _Job) -> DocResult:
    """Convert, describe and extract one file; never raises for a bad document."""
    path = job.path
    try:
        if path.is_symlink():
            raise DocumentError(path, "symbolic links are not followed")
        sha, size = _sha256(path)
        cached = _load_cache(job.cache_root, sha)
        if cached is not None and "text" in cached:
            text = cached["text"]
            conv = cached["converted"]
        else:
            converted = convert(path)
            text = converted.text
            conv = {
                "converter": converted.converter,
                "converter_version": converted.converter_version,
                "encoding": converted.encoding,
            }
        meta = resolve_metadata(text, path.name, job.manifest, job.regions)
        context = DocContext(issued_on=meta.issued_on, level=meta.level)
        if cached is not None and cached.get("context") == context.key:
            targets = cached["targets"]
            from_cache = True
        else:
            targets = _target_dicts(extract_targets(text, context))
            from_cache = False
            if job.cache_root is not None:
                payload = {"converted": conv, "text": text, "context": context.key,
                           "targets": targets}
                _write_atomic(_cache_file(job.cache_root, sha),
                              json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except DocumentError as exc:
        return DocResult(path.name, False, exc.reason)
    except OSError as exc:
        return DocResult(path.name, False, f"cannot read file ({exc.strerror or exc})")
    return DocResult(
        file_name=path.name,
        ok=True,
        sha256=sha,
        size_bytes=size,
        meta=meta.as_dict(),
        converter=conv["converter"],
        converter_version=conv["converter_version"],
        encoding=conv.get("encoding"),
        text=text,
        targets=targets,
        from_cache=from_cache,
    )


def _load_cache(cache_root: Path | None, sha: str) -> dict | None:
    if cache_root is None:
        return None
    f = _cache_file(cache_root, sha)
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# --- the build -----------------------------------------------------------------------


def source_files(source: Path) -> list[Path]:
    """Candidate documents in a folder: every non-hidden entry, sorted by name."""
    source = Path(source)
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    return sorted(
        (p for p in source.iterdir() if not p.name.startswith(".") and not p.is_dir()),
        key=lambda p: p.name,
    )


def run_jobs(jobs: list[_Job], n_workers: int | None) -> list[DocResult]:
    """Process documents, in parallel when there are many, in input order."""
    n_workers = n_workers or os.cpu_count() or 1
    show = len(jobs) >= PROGRESS_MIN_FILES and sys.stderr.isatty()
    if n_workers <= 1 or len(jobs) < PARALLEL_MIN_FILES:
        return [process_file(j) for j in tqdm(jobs, disable=not show, unit="doc")]
    chunk = max(1, len(jobs) // (n_workers * 8))
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        it = pool.map(process_file, jobs, chunksize=chunk)
        return list(tqdm(it, total=len(jobs), disable=not show, unit="doc"))


def _doc_id(file_name: str) -> str:
    return Path(file_name).stem


def _documents_frame(results: list[DocResult], text_root: Path) -> pd.DataFrame:
    rows = []
    for r in results:
        m = r.meta
        rows.append({
            "doc_id": _doc_id(r.file_name),
            "file_name": r.file_name,
            "region": m.get("region"),
            "level": m.get("level"),
            "province": m.get("province"),
            "issuer": m.get("issuer"),
            "title": m.get("title"),
            "doc_number": m.get("doc_number"),
            "issued_on": m.get("issued_on"),
            "sha256": r.sha256,
            "size_bytes": r.size_bytes,
            "encoding": r.encoding,
            "converter": r.converter,
            "converter_version": r.converter_version,
            "text_path": str(text_root / f"{_doc_id(r.file_name)}.txt"),
            "n_chars": len(r.text),
            "inferred_fields": ",".join(m.get("inferred") or []),
        })
    frame = pd.DataFrame(rows, columns=COLUMNS["documents"])
    frame["issued_on"] = pd.to_datetime(frame["issued_on"], errors="coerce").dt.date
    return frame


def _targets_frame(results: list[DocResult], codebook: Codebook) -> pd.DataFrame:
    rows = []
    for r in results:
        doc_id = _doc_id(r.file_name)
        targets = assign_indicators([Target(**t) for t in r.targets], codebook)
        for t in targets:
            row = asdict(t)
            extra = row.pop("extra") or {}
            row["attribute"] = extra.get("attribute")
            row["doc_id"] = doc_id
            row["target_id"] = f"{doc_id}@{t.value_start}"
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS["targets"])


def indicators_frame(codebook: Codebook) -> pd.DataFrame:
    rows = [
        {
            "indicator_id": i.id,
            "core": i.core,
            "family": i.family,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "unit": i.unit,
            "direction": i.direction,
            "value_convention": i.value_convention,
            "value_type": i.value_type,
            "per_population": i.per_population,
            "aliases": "|".join(a.pattern for a in i.aliases),
            "exclude": "|".join(i.exclude),
            "definition": i.definition,
        }
        for i in codebook.indicators
    ]
    return pd.DataFrame(rows, columns=COLUMNS["indicators"])


def _write_texts(results: list[DocResult], text_root: Path) -> None:
    """Keep each document's text so every offset points into a file a person can open."""
    for r in results:
        target = text_root / f"{_doc_id(r.file_name)}.txt"
        data = r.text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        _write_atomic(target, data)


def build_date() -> str:
    """Build date for footnotes: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return date.today().isoformat()


def build(config: BuildConfig) -> BuildReport:
    """Build the store from every file in ``config.source``; see BuildReport for the outcome."""
    codebook = Codebook.load(config.codebook)
    manifest = load_manifest(config.manifest) if config.manifest else {}
    regions = load_regions(config.regions) if config.regions else {}
    cache_root = config.cache_root if config.use_cache else None
    jobs = [_Job(p, manifest, regions, cache_root) for p in source_files(config.source)]
    results = run_jobs(jobs, config.jobs)

    report = BuildReport(db=config.db)
    good: list[DocResult] = []
    seen: dict[str, str] = {}
    for r in results:
        if not r.ok:
            report.skipped.append((r.file_name, r.message))
            continue
        if r.sha256 in seen:
            report.duplicates.append((r.file_name, seen[r.sha256]))
            continue
        seen[r.sha256] = r.file_name
        good.append(r)
        report.cached += r.from_cache
        report.extracted += not r.from_cache

    documents = _documents_frame(good, config.text_root)
    targets = _targets_frame(good, codebook)
    counts = targets.groupby("doc_id").agg(
        n_targets=("target_id", "size"), n_mapped=("indicator_id", "count")
    ) if not targets.empty else pd.DataFrame(columns=["n_targets", "n_mapped"])
    documents = documents.drop(columns=["n_targets", "n_mapped"]).merge(
        counts, left_on="doc_id", right_index=True, how="left"
    )
    documents[["n_targets", "n_mapped"]] = (
        documents[["n_targets", "n_mapped"]].fillna(0).astype("int64")
    )
    dup_rows = [
        {"file_name": name, "severity": "duplicate", "message": f"same content as {of}"}
        for name, of in report.duplicates
    ]
    issues = pd.DataFrame(
        [{"file_name": n, "severity": "skipped", "message": m} for n, m in report.skipped]
        + dup_rows,
        columns=COLUMNS["build_issues"],
    )
    info = pd.DataFrame(
        [
            ("extractor_version", EXTRACTOR_VERSION),
            ("extractor_fingerprint", extractor_fingerprint()),
            ("codebook_fingerprint", codebook.fingerprint),
            ("built_on", build_date()),
            ("source", str(config.source)),
        ],
        columns=["key", "value"],
    )
    tables = {
        "documents": documents,
        "indicators": indicators_frame(codebook),
        "targets": targets,
        "build_issues": issues,
        "build_info": info,
    }
    # reference goals, national actuals and regions; then the comparison views
    extra = reference.reference_tables(config, documents, targets, codebook.by_id)
    extra_ddl = {name: ddl for name, (ddl, _) in extra.items()}
    tables.update({name: frame for name, (_, frame) in extra.items()})

    _write_texts(good, config.text_root)
    write_store(config.db, tables, extra_ddl, compare.create_views)
    report.documents = len(documents)
    report.targets = len(targets)
    report.mapped = int(targets["indicator_id"].notna().sum()) if not targets.empty else 0
    report.unmapped = report.targets - report.mapped
    return report


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED
    from analysis.codebook import CodebookError
    from analysis.documents import ManifestError

    config = BuildConfig(
        source=Path(args.source),
        db=Path(args.db),
        manifest=Path(args.manifest) if args.manifest else None,
        codebook=Path(args.codebook),
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    try:
        report = build(config)
    except (FileNotFoundError, CodebookError, ManifestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in report.lines():
        print(line)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis build``."""
    b = sub.add_parser("build", help="extract targets from every document into the DuckDB store")
    b.add_argument("--source", default=str(paths.POLICIES), help="folder of documents")
    b.add_argument("--db", default=str(paths.STORE), help="DuckDB file to write")
    b.add_argument("--manifest", default=str(paths.MANIFEST),
                   help="documents.csv with region/title/文号 (optional; '' to infer all)")
    b.add_argument("--codebook", default=str(paths.CODEBOOK), help="indicator codebook CSV")
    b.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--no-cache", action="store_true", help="re-extract every document")
    b.set_defaults(func=_cmd_build)
