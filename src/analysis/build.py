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
import csv
import functools
import gc
import hashlib
import io
import json
import operator
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from stat import S_ISLNK
from typing import TYPE_CHECKING

import duckdb

from analysis import paths
from analysis.compare import views as compare
from analysis.extract import curation
from analysis.extract.codebook import Codebook
from analysis.extract.rules import (
    EXTRACTOR_VERSION,
    DocContext,
    Target,
    assign_indicators,
    county_level_city,
    date_restated,
    extract_document,
)
from analysis.files import write_atomic
from analysis.formats import missing
from analysis.ingest.converters import DocumentError, convert
from analysis.ingest.documents import (
    LEVELS,
    METADATA_FIELDS,
    DocumentMeta,
    load_manifest,
    load_regions,
    placed_by_headline,
    resolve_metadata,
)
from analysis.ingest.duplicates import same_plan_in_other_format
from analysis.ingest.kinds import (
    Citation,
    DocKindError,
    citations,
    document_kinds,
    load_kinds,
    manifest_kinds,
)
from analysis.ingest.textnorm import normalize
from analysis.paths import relative_path
from analysis.store import reference, snapshot
from analysis.store.schema import (
    COLUMNS,
    SCHEMA_VERSION,
    CarryOver,
    Draft,
    StoreError,
    connect,
    empty_store,
    start_store,
    text_file,
    write_store,
)
from analysis.table import Table

if TYPE_CHECKING:  # the ingest command's modules load when it runs, not for a build
    from analysis.ingest.add import IngestConfig, IngestReport

PARALLEL_MIN_FILES = 8
_LISTED = 10  # summary lines per kind of notice; the rest are in build_issues
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
    curation: Path | None = paths.CURATION  # corrections by hand, applied at every build
    root: Path = paths.ROOT  # paths written into the store are relative to it
    # where a new store's empty beginning is kept between builds (``empty_store``): the
    # command line's cache folder; None: each new store is begun from nothing
    empty_store_dir: Path | None = None

    @property
    def text_root(self) -> Path:
        return self.text_dir or self.db.parent / "text"

    @property
    def cache_root(self) -> Path:
        return self.cache_dir or self.db.parent / "cache"

    @property
    def rows_file(self) -> Path:
        """What the next build reads of the store, kept beside it (analysis.store.snapshot)."""
        return self.cache_root / f"{self.db.name}.rows"


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
    # Target objects when extracted now, their dicts when read from the cache
    targets: list[Target | dict[str, object]] = field(default_factory=list)
    statistics: list[Target | dict[str, object]] = field(default_factory=list)
    kind: dict[str, str | None] = field(default_factory=dict)  # genre, reference date, sources
    from_cache: bool = False
    # the upper-level 文号 the text cites (found by the worker, not by the main process)
    citations: list[Citation] = field(default_factory=list)


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
    same_plan: list[tuple[str, str]] = field(default_factory=list)
    cached: int = 0
    extracted: int = 0
    curation: list[str] = field(default_factory=list)  # curation rows that did not apply

    def lines(self) -> list[str]:
        out = [
            f"store: {self.db}",
            f"documents: {self.documents} ({self.extracted} read, {self.cached} from cache)",
            f"targets: {self.targets} ({self.mapped} mapped to an indicator, "
            f"{self.unmapped} unmapped)",
        ]
        for name, dup_of in self.duplicates:
            out.append(f"duplicate: {name} has the same content as {dup_of}; counted once")
        for name, reason in self.same_plan[:_LISTED]:
            out.append(f"same plan: {name}: {reason}; left out of comparisons")
        if len(self.same_plan) > _LISTED:
            more = len(self.same_plan) - _LISTED
            out.append(f"same plan: … {more} more (see table build_issues)")
        for name, reason in self.skipped:
            out.append(f"skipped: {name}: {reason}")
        out.extend(f"curation: {message}" for message in self.curation)
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
    pkg = Path(__file__).parent
    return _files_hash(EXTRACTOR_VERSION, pkg, [module for stage in _EXTRACTION_STAGES
                                                for module in sorted((pkg / stage).rglob("*.py"))])


# every module of these stages shapes what a document yields (text, metadata, targets)
_EXTRACTION_STAGES = ("ingest", "extract")


@functools.cache
def store_code_key() -> str:
    """Hash of the package's code and data files and of DuckDB's version: what a new
    store's empty beginning (``empty_store``: its tables, views, comments) is made from.
    The whole package, not the modules known to shape it today (~10 ms, on the thread that
    begins the store): a change anywhere makes it anew, none is ever missed."""
    pkg = Path(__file__).parent
    return _files_hash(duckdb.__version__, pkg, sorted(
        p for p in pkg.rglob("*")
        if p.suffix in (".py", ".csv") and "__pycache__" not in p.parts))


def _files_hash(version: str, root: Path, files: Iterable[Path]) -> str:
    """A short hash of ``version`` and each file's path (from ``root``) and bytes."""
    h = hashlib.sha256(version.encode())
    for file in files:
        h.update(file.relative_to(root).as_posix().encode())
        h.update(file.read_bytes())
    return h.hexdigest()[:16]


def _cache_file(cache_root: Path, sha: str) -> Path:
    return cache_root / f"{sha[:2]}" / f"{sha}-{extractor_fingerprint()}.json"


_TARGET_NAMES = tuple(f.name for f in fields(Target))
_target_values = operator.attrgetter(*_TARGET_NAMES)


def _target_row(t: Target) -> dict[str, object]:
    """A target as a dict, field by field: what ``dataclasses.asdict`` gives for this flat
    record (``extra`` is the one mutable field and gets a fresh dict) without its
    recursive deep copy of every value, which cost seconds at national scale."""
    row = dict(zip(_TARGET_NAMES, _target_values(t), strict=True))
    row["extra"] = dict(row["extra"] or {})
    return row


def _target_dicts(targets: Iterable[Target]) -> list[dict[str, object]]:
    return [_target_row(t) for t in targets]


@dataclass(frozen=True)
class _Job:
    path: Path
    manifest: dict[str, DocumentMeta]
    regions: dict[str, tuple[str, str]]
    cache_root: Path | None


_REGION_NAMES: list[tuple[Mapping[str, object], tuple[str, ...]]] = []


def _region_names(regions: Mapping[str, object]) -> tuple[str, ...]:
    """The known regions' names, sorted, made once per regions table and handed to every
    document's context as the one same tuple: sorted anew for each document, and then found
    in the place patterns' cache by comparing the new tuple name by name, they were ~1 % of
    an extraction."""
    if not _REGION_NAMES or _REGION_NAMES[0][0] is not regions \
            or len(_REGION_NAMES[0][1]) != len(regions):
        _REGION_NAMES[:] = [(regions, tuple(sorted(regions)))]
    return _REGION_NAMES[0][1]


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
        # normalised once, for the title and the extraction; with cached targets the
        # title reads a normalised head only
        normalized = None if cached is not None and "targets" in cached else normalize(text)
        meta = resolve_metadata(text, path.name, job.manifest, job.regions, normalized)
        context = DocContext(issued_on=meta.issued_on, level=meta.level, region=meta.region,
                             province=meta.province, title=meta.title,
                             regions=_region_names(job.regions), genre=meta.genre,
                             reference_date=meta.reference_date)
        if cached is not None and cached.get("context") == context.key:
            targets, statistics, kind = cached["targets"], cached["statistics"], cached["kind"]
            from_cache = True
        else:
            found = extract_document(normalized or text, context)
            targets, statistics = found.targets, found.statistics
            kind = asdict(found.kind)
            from_cache = False
            if job.cache_root is not None:  # dicts only for the cache (JSON), before mapping
                payload = {"converted": conv, "text": text, "context": context.key,
                           "targets": _target_dicts(targets),
                           "statistics": _target_dicts(statistics), "kind": kind}
                write_atomic(_cache_file(job.cache_root, sha),  # (unreadable: re-read)
                             json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                             durable=False)
    except DocumentError as exc:
        return DocResult(path.name, False, exc.reason)
    except OSError as exc:
        return DocResult(path.name, False, f"cannot read file ({exc.strerror or exc})")
    return DocResult(
        file_name=path.name,
        ok=True,
        sha256=sha,
        size_bytes=size,
        # (the place a headline names, for the comparisons only: see placed_by_headline)
        meta=placed_by_headline(meta, text, job.regions).as_dict(),
        converter=conv["converter"],
        converter_version=conv["converter_version"],
        encoding=conv.get("encoding"),
        text=text,
        targets=targets,
        statistics=statistics,
        kind=kind,
        from_cache=from_cache,
        citations=citations(text, meta.doc_number),
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
    with os.scandir(source) as entries:  # d_type from the listing: no stat per file
        names = [e.name for e in entries
                 if not e.name.startswith(".") and not e.is_dir(follow_symlinks=False)]
    return [source / name for name in sorted(names)]


def run_jobs(jobs: list[_Job], n_workers: int | None) -> list[DocResult]:
    """Process documents, in parallel when there are many, in input order."""
    return list(iter_jobs(jobs, n_workers))


def iter_jobs(jobs: list[_Job], n_workers: int | None,
              started: Callable[[], object] | None = None) -> Iterator[DocResult]:
    """Process documents, in parallel when there are many, yielding results in input
    order as they finish, so the caller can write each one while the workers go on.

    ``started`` is called once the worker processes exist (at once in one process): what
    it starts on a thread is not copied, mid-work, into the forked workers."""
    show = len(jobs) >= PROGRESS_MIN_FILES and sys.stderr.isatty()
    n_workers = n_workers or os.cpu_count() or 1
    if _in_one_process(len(jobs), n_workers):
        if started is not None:
            started()
        yield from _progress(map(process_file, jobs), len(jobs), show)
        return
    from concurrent.futures import ProcessPoolExecutor  # a one-process build needs no pool

    # What every job shares (manifest, regions, cache folder) goes to each worker once,
    # not pickled with every one of thousands of jobs: the jobs are then only paths.
    shared = {(j.manifest is jobs[0].manifest, j.regions is jobs[0].regions,
               j.cache_root == jobs[0].cache_root) for j in jobs} == {(True, True, True)}
    first = jobs[0]
    # small chunks keep every worker fed to the end (documents differ tenfold in length)
    # while amortising the round trip of each chunk
    chunk = max(1, min(8, len(jobs) // (n_workers * 16)))
    with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker,
                             initargs=(first.manifest, first.regions, first.cache_root)
                             ) as pool:
        # (map submits every chunk at once: the workers are forked by then)
        it = (pool.map(_process_path, [j.path for j in jobs], chunksize=chunk) if shared
              else pool.map(process_file, jobs, chunksize=chunk))
        if started is not None:
            started()
        yield from _progress(it, len(jobs), show)


def _in_one_process(n_jobs: int, n_workers: int | None) -> bool:
    """Whether ``iter_jobs`` runs the jobs in this process (one worker, or few jobs)."""
    return (n_workers or os.cpu_count() or 1) <= 1 or n_jobs < PARALLEL_MIN_FILES


def _progress(results: Iterable[DocResult], total: int, show: bool) -> Iterable[DocResult]:
    """A progress bar on a terminal (tqdm is imported only then)."""
    if not show:
        return results
    from tqdm import tqdm

    return tqdm(results, total=total, unit="doc")


_WORKER_JOB: dict[str, object] = {}  # a worker's share of every job, set by _init_worker


def _init_worker(manifest: dict[str, DocumentMeta], regions: dict[str, tuple[str, str]],
                 cache_root: Path | None) -> None:
    gc.set_threshold(*_GC_THRESHOLD)  # a forked worker has it already; a spawned one not
    _WORKER_JOB.update(manifest=manifest, regions=regions, cache_root=cache_root)


def _process_path(path: Path) -> DocResult:
    return process_file(_Job(path, **_WORKER_JOB))  # type: ignore[arg-type]


@functools.lru_cache(maxsize=65536)
def _doc_id(file_name: str) -> str:
    """A document's id: its file name without ``.txt``, else with the format kept
    (``plan.pdf`` -> ``plan_pdf``), so the PDF and the DOCX of one plan never share an id.

    Stem and suffix as ``pathlib`` splits a name (no suffix for ``plan.`` or ``.plan``),
    by string methods: a Path per document was ~10 ms of an incremental build."""
    dot = file_name.rfind(".")
    has_suffix = 0 < dot < len(file_name) - 1
    stem, suffix = (file_name[:dot], file_name[dot:].lower()) if has_suffix else (file_name, "")
    return stem if suffix in ("", ".txt") else f"{stem}_{suffix[1:]}"


class _Texts(Mapping[str, str]):
    """doc_id -> text, read from the kept text files only when asked for."""

    def __init__(self, documents: Table, fresh: list[DocResult],
                 config: BuildConfig) -> None:
        # the stored paths; each is found on disk only when its text is read (an
        # incremental build reads a handful of thousands: a stat per document is waste)
        self.paths = dict(documents.rows("doc_id", "text_path"))
        self.fresh = {_doc_id(r.file_name): r.text for r in fresh}
        self.config = config

    def __getitem__(self, doc_id: str) -> str:
        if doc_id in self.fresh:
            return self.fresh[doc_id]
        try:
            path = text_file(self.config.db, self.paths[doc_id], self.config.root)
            return path.read_text(encoding="utf-8")
        except (KeyError, OSError) as exc:
            raise KeyError(doc_id) from exc

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _documents_frame(results: list[DocResult], config: BuildConfig,
                     input_keys: dict[str, str]) -> Table:
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
            "text_path": _text_path(config, r.file_name),
            "n_chars": len(r.text),
            "inferred_fields": ",".join(m.get("inferred") or []),
            "input_key": input_keys[r.file_name],
            "genre": r.kind.get("genre"),
            "genre_source": r.kind.get("genre_source"),
            "reference_date": _full_date(r.kind.get("reference_date")),
            "reference_date_source": r.kind.get("reference_date_source"),
        })
    return _as_dates(Table.from_records(COLUMNS["documents"], rows))


# the documents' DATE columns
_DATE_COLUMNS = ("issued_on", "reference_date")
# a date as the manifest or the extraction writes it: 2024-05-01 (or / or . between the
# parts); a year or a month alone stands for its first day
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def _as_dates(documents: Table) -> Table:
    """The date columns as ``datetime.date`` values, for rows made now and rows read back
    from the previous store alike: a kept document's date must compare equal to a new
    one's (the same plan twice: same region, title and date)."""
    for col in _DATE_COLUMNS:
        if col in documents.columns:
            documents[col] = [_as_date(v) for v in documents[col]]
    return documents


def _as_date(value: object) -> date | None:
    """A DATE cell's value; a string that is no date (2024-02-30, 五月) is None (NULL)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value is None:
        return value
    m = _DATE_RE.fullmatch(str(value).strip())
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _full_date(value: str | None) -> str | None:
    """A reference date as a DATE: a year alone is its 1 January, a month its first day
    (``reference_date_source`` says how much was known)."""
    if not value:
        return None
    parts = value.split("-")
    parts += ["01"] * (3 - len(parts))
    return "-".join(parts[:3])


def _text_path(config: BuildConfig, file_name: str) -> str:
    """Where the document's text is kept (the file every offset points into), relative:
    to the project root, or to the store's folder when the text lies outside the project
    (``schema.text_file`` finds it either way)."""
    return _text_folder(config.text_root, config.root, config.db.parent) \
        + f"{_doc_id(file_name)}.txt"


@functools.cache
def _text_folder(text_root: Path, root: Path, db_dir: Path) -> str:
    """The texts' folder as ``relative_path`` writes a file in it ('data/processed/text/'),
    or '' when it lies under neither base (a file is then named alone): resolved once, not
    once per document (each resolve is a walk of the file system)."""
    return relative_path(text_root / "_", root, db_dir)[:-1]


_TARGET_FIELDS = {f.name for f in fields(Target)}


_OBSERVATION_DEFAULTS = {"value_high": None, "comparator": "=", "aspirational": False,
                         "maintain": False, "annual": False, "kind": "level", "match_note": "",
                         "statistic": True}


def _targets_from_rows(frame: Table, observations: bool = False
                       ) -> dict[str, list[Target]]:
    """Targets (or observations) of a previous store, back as objects (for re-mapping with
    a new codebook)."""
    out: dict[str, list[Target]] = {}
    for row in frame.records():
        if observations:
            row = {**_OBSERVATION_DEFAULTS, **row, "target_year": row["data_year"]}
        kwargs = {k: _none(v) for k, v in row.items() if k in _TARGET_FIELDS}
        kwargs["extra"] = {"attribute": row["attribute"]} if row.get("attribute") else {}
        for flag in ("aspirational", "maintain", "annual", "in_words", "statistic"):
            kwargs[flag] = bool(kwargs.get(flag))
        for num in ("target_year", "char_start", "char_end", "value_start", "value_end"):
            if kwargs.get(num) is not None:
                kwargs[num] = int(kwargs[num])
        out.setdefault(row["doc_id"], []).append(Target(**kwargs))
    return out


def _frame(targets: list[Target], added: dict[str, list[object]], columns: list[str]
           ) -> Table:
    """A table of one row per target: the targets' fields and the ``added`` columns, built
    column by column (a dict per row cost ~6 µs a target, half a second at national scale);
    a column of neither is empty."""
    by_row = map(_target_values, targets)
    # no targets: no columns (hence strict=False), every one is then empty
    fields = dict(zip(_TARGET_NAMES, map(list, zip(*by_row, strict=True)), strict=False))
    empty = [None] * len(targets)
    return Table(columns, {c: added[c] if c in added else fields.get(c, empty)
                           for c in columns})


def _county_cities(documents: Table, regions: Mapping[str, object]) -> set[str]:
    """The documents of county-level cities (their 市人民医院 is a county hospital)."""
    return {doc_id for doc_id, region, level, inferred in documents.rows(
        "doc_id", "region", "level", "inferred_fields")
        if county_level_city(_none(region), _none(level),
                             "level" not in str(_none(inferred) or "").split(","), regions)}


def _targets_frame(by_doc: dict[str, list[Target]], codebook: Codebook,
                   county: set[str]) -> Table:
    targets: list[Target] = []
    doc_ids: list[str] = []
    target_ids: list[str] = []
    for doc_id, doc_targets in by_doc.items():
        seen: dict[int, int] = {}
        for t in assign_indicators(doc_targets, codebook, doc_id in county):
            targets.append(t)
            doc_ids.append(doc_id)
            # one value can be the target of several subjects ("县级综合医院和县中医院均达到
            # 推荐标准"): the second and later take a suffix, in reading order
            k = seen[t.value_start] = seen.get(t.value_start, 0) + 1
            target_ids.append(f"{doc_id}@{t.value_start}" + (f".{k}" if k > 1 else ""))
    return _frame(targets, {"doc_id": doc_ids, "target_id": target_ids,
                            "attribute": [(t.extra or {}).get("attribute") for t in targets],
                            "curated": [False] * len(targets)}, COLUMNS["targets"])


def _observations_frame(by_doc: dict[str, list[Target]], codebook: Codebook,
                        county: set[str]) -> Table:
    """Statistics (bulletins, reviews, 发展现状, 由X…) mapped with the same codebook; the
    year a value is of is ``data_year``."""
    stats: list[Target] = []
    doc_ids: list[str] = []
    ids: list[str] = []
    for doc_id, doc_stats in by_doc.items():
        seen: dict[int, list[str]] = {}
        for t in date_restated(assign_indicators(doc_stats, codebook, doc_id in county)):
            # one value read twice for one measure is one observation; one value of several
            # subjects ("县人民医院、县中医院均已达到推荐标准") is one for each, the second and
            # later with a suffix, in reading order (as targets)
            named = seen.setdefault(t.value_start, [])
            if t.indicator_text in named:
                continue
            named.append(t.indicator_text)
            stats.append(t)
            doc_ids.append(doc_id)
            ids.append(f"{doc_id}@{t.value_start}" + (f".{len(named)}" if len(named) > 1 else ""))
    return _frame(stats, {"doc_id": doc_ids, "observation_id": ids,
                          "data_year": [t.target_year for t in stats]},
                  COLUMNS["observations"])


def indicators_frame(codebook: Codebook) -> Table:
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
            "short_name_zh": i.short_name_zh or None,
            "short_name_en": i.short_name_en or None,
            "chart_group": i.chart_group or None,
            "chart_order": i.chart_order,
            "unit_zh": i.unit_zh or None,
            "unit_en": i.unit_en or None,
        }
        for i in codebook.indicators
    ]
    return Table.from_records(COLUMNS["indicators"], rows)


def _write_text(r: DocResult, text_root: Path) -> None:
    """Keep a document's text so every offset points into a file a person can open."""
    target = text_root / f"{_doc_id(r.file_name)}.txt"
    data = r.text.encode("utf-8")
    try:
        if target.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(target, data)


def build_date() -> str:
    """Build date for footnotes: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return date.today().isoformat()


class _StatIndex:
    """file -> (size, mtime, sha256), so an unchanged file is not read again to hash it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.changed = not path.exists()

    def sha256(self, file: Path, st: os.stat_result | None = None,
               key: str | None = None) -> str:
        """The file's hash, from the index when its size and time are as indexed (``st``:
        its stat, ``key`` its absolute path, when the caller has them already)."""
        st = st or file.stat()
        key = key or os.path.abspath(file)
        entry = self.data.get(key)
        if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
            return entry[2]
        sha, _ = _sha256(file)
        self.data[key] = [st.st_size, st.st_mtime_ns, sha]
        self.changed = True
        return sha

    def save(self) -> None:
        """Write the index when a file was hashed anew (an unchanged one is not rewritten)."""
        if self.changed:
            write_atomic(self.path, json.dumps(self.data, sort_keys=True).encode("utf-8"),
                         durable=False)  # (unreadable: every file is hashed again)
            self.changed = False


@dataclass
class _Previous:
    """A previous store built by the same extractor and schema: its unchanged
    documents are reused instead of re-read."""

    path: Path
    documents: Table
    codebook_fingerprint: str
    # the targets of its national and provincial documents, read with the documents (the
    # goals they state are made again at every build; a second connection cost ~25 ms)
    upper_targets: Table
    reference_fingerprint: str = ""

    @classmethod
    def load(cls, db: Path, rows_file: Path | None = None) -> _Previous | None:
        """The store at ``db``, from ``rows_file`` (see analysis.store.snapshot) when that
        describes it, else from the store; None when there is none to reuse."""
        if not db.exists():
            return None
        kept = snapshot.load(rows_file, db) if rows_file is not None else None
        if kept is not None:
            info, tables = kept
            docs, upper = tables["documents"], tables["targets"]
        else:
            try:
                with connect(db) as con:
                    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
                    docs = _as_dates(Table.from_query(con.execute("SELECT * FROM documents")))
                    upper = Table.from_query(con.execute(
                        "SELECT * FROM targets WHERE doc_id IN (SELECT doc_id FROM documents "
                        f"WHERE level IN {reference.SCOPE_LEVELS})"))
            except (duckdb.Error, StoreError):
                return None
        if (info.get("extractor_fingerprint") != extractor_fingerprint()
                or info.get("schema_version") != SCHEMA_VERSION):
            return None
        return cls(db, docs, info.get("codebook_fingerprint", ""), upper,
                   info.get("reference_fingerprint", ""))

    def upper_targets_of(self, doc_ids: list[str]) -> Table:
        """The stored targets of these national or provincial documents."""
        wanted = set(doc_ids)
        return self.upper_targets.where([d in wanted for d in self.upper_targets["doc_id"]])

    def targets_of(self, doc_ids: list[str], table: str = "targets") -> Table:
        with connect(self.path) as con:
            return Table.from_query(con.execute(
                f"SELECT * FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [doc_ids]))


def _input_key(sha: str, given: DocumentMeta | None, regions_fp: str,
               corrections: str = "") -> str:
    """Everything a document's rows depend on besides the code: content, manifest row,
    regions, and its rows of curation.csv (so removing a correction re-reads the file)."""
    # (no manifest row, the common case: json.dumps(None), without making an encoder)
    meta = json.dumps(given.as_dict(), sort_keys=True, ensure_ascii=False) if given else "null"
    tail = f"|{corrections}" if corrections else ""
    return hashlib.sha256(f"{sha}|{meta}|{regions_fp}{tail}".encode()).hexdigest()[:24]


def _file_fingerprint(path: Path | None) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else ""
    except OSError:
        return ""


@dataclass
class _Plan:
    """Which files are re-read and which previous rows are kept."""

    jobs: list[_Job]
    reused: dict[str, str]  # file name -> sha256, for files whose previous rows are kept


def _plan(config: BuildConfig, files: list[Path], manifest: dict[str, DocumentMeta],
          regions: dict[str, tuple[str, str]], previous: _Previous | None,
          index: _StatIndex | None, corrected: dict[str, str] | None = None) -> _Plan:
    """Files to read and files whose previous rows are kept.

    A file with rows in curation.csv is always read (from the extraction cache when
    unchanged), so its corrections are applied, and reported, at every build."""
    cache_root = config.cache_root if config.use_cache else None
    regions_fp = _file_fingerprint(config.regions)
    old: dict[str, tuple[str, str, str]] = {}
    texts: set[str] = set()
    if previous is not None and index is not None:
        d = previous.documents
        old = {f: (doc_id, key, sha) for f, doc_id, key, sha in
               d.rows("file_name", "doc_id", "input_key", "sha256")}
        with contextlib.suppress(OSError):
            texts = set(os.listdir(config.text_root))
    plan = _Plan([], {})
    # the files' absolute paths (the index's keys) from the folder's, made once: every file
    # is named in it (source_files)
    folder = os.path.join(os.path.abspath(config.source), "")
    for p in files:
        name = p.name  # (a property: worked out at each use)
        row = old.get(name)
        if row is not None and index is not None and name not in (corrected or {}):
            doc_id, old_key, sha = row
            try:  # one lstat: a link is always read; for anything else it is the stat
                path = folder + name  # (a str: a Path is made into one at each call)
                st = os.lstat(path)
                key = None if S_ISLNK(st.st_mode) else _input_key(
                    index.sha256(p, st, path), manifest.get(name), regions_fp)
            except OSError:
                key = None
            if key == old_key and f"{doc_id}.txt" in texts:
                plan.reused[name] = sha
                continue
        plan.jobs.append(_Job(p, manifest, regions, cache_root))
    return plan


def _frames_fingerprint(frames: list[Table]) -> str:
    """A hash of table contents, to tell whether the reference data changed since the last build."""
    h = hashlib.sha256()
    for frame in frames:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(frame.columns)
        writer.writerows(frame.rows())
        h.update(out.getvalue().encode("utf-8"))
    return h.hexdigest()[:16]


# what the comparison views read of a kept document besides its rows (its region's rows
# are recomputed when one of these changes): same-plan status and kind (document_kinds.csv
# or the manifest's doc_kind are read again at every build)
_DERIVED_COLUMNS = ("duplicate_of", "doc_kind", "doc_kind_source")


def _changed_regions(old: Table, new: Table, kept_ids: list[str]) -> set[str]:
    """Regions whose comparison rows may differ: documents added, changed or removed there,
    or whose same-plan status or kind changed."""
    kept = set(kept_ids)
    regions = {region for table in (old, new) for doc_id, region in table.rows("doc_id", "region")
               if doc_id not in kept and region is not None}
    columns = [c for c in _DERIVED_COLUMNS if c in old.columns]
    before = {doc_id: values for doc_id, *values in old.rows("doc_id", *columns)}
    for doc_id, region, *values in new.rows("doc_id", "region", *columns):
        if doc_id in kept and region is not None and before.get(doc_id) != values:
            regions.add(region)
    return regions


def _count_targets(documents: Table, targets: Table) -> None:
    """n_targets / n_mapped: counted for documents whose targets are in ``targets``, as
    stored for the others (kept documents' rows stay in the store), else 0."""
    n_targets = Counter(targets["doc_id"])
    n_mapped = Counter(d for d, i in targets.rows("doc_id", "indicator_id") if i is not None)
    for column, counts in (("n_targets", n_targets), ("n_mapped", n_mapped)):
        documents[column] = [
            counts[d] if d in n_targets else int(v) if _none(v) is not None else 0
            for d, v in documents.rows("doc_id", column)]


KINDS_FILE = "document_kinds.csv"


def _classify(documents: Table, texts: Mapping[str, str],
              config: BuildConfig, known: Mapping[str, list[Citation]] | None = None,
              kept: Set[str] = frozenset()) -> dict[str, Table]:
    """Fill documents.doc_kind/doc_kind_source; the kinds table and the cited 文号 (but
    those of ``kept`` documents, whose rows the store keeps).

    Recomputed for every document on every build (titles and a regex over the
    text: cheap), so an edit of ``document_kinds.csv`` or of the manifest's
    ``doc_kind`` column takes effect without re-extracting anything.  The kinds
    file is read from ``raw_dir``, else the project's default table.
    """
    path = Path(config.raw_dir) / KINDS_FILE
    kinds = load_kinds(path if path.exists() else paths.RAW / KINDS_FILE)
    given = manifest_kinds(config.manifest, kinds)
    pairs = document_kinds(documents.select(["file_name", "title", "issuer"]).records(),
                           kinds, given)
    documents["doc_kind"] = [k for k, _ in pairs]
    documents["doc_kind_source"] = [s for _, s in pairs]
    kinds_frame = Table.from_records(
        COLUMNS["document_kinds"],
        [{"doc_kind": k.kind, "name_zh": k.name_zh, "name_en": k.name_en,
          "covers_families": "|".join(k.covers)} for k in kinds])
    cited = []
    known = known or {}
    for doc_id, number in documents.rows("doc_id", "doc_number"):
        if doc_id in kept:
            continue
        found = known.get(doc_id)
        if found is None:
            try:
                text = texts[doc_id]
            except KeyError:  # a kept document whose text file is gone: no citations known
                continue
            found = citations(text, number if isinstance(number, str) else None)
        for c in found:
            cited.append({"doc_id": doc_id, "cited_doc_number": c.doc_number,
                          "scope_level": c.scope_level, "province": c.province,
                          "cited_title": c.title, "char_start": c.char_start,
                          "char_end": c.char_end})
    return {"document_kinds": kinds_frame,
            "citations": Table.from_records(COLUMNS["citations"], cited)}


@dataclass
class _Inputs:
    """What a build reads besides the documents: codebook, manifest, regions, the last store."""

    codebook: Codebook
    manifest: dict[str, DocumentMeta]
    regions: dict[str, tuple[str, str]]
    files: list[Path]
    previous: _Previous | None
    index: _StatIndex | None
    corrections: list[curation.Correction]  # rows of curation.csv
    corrected: dict[str, str]  # file name -> fingerprint of its corrections


@dataclass
class _Extracted:
    """Documents read now (``good``) and those whose previous rows are kept (``kept``);
    ``texts``: the writes of the read documents' texts, running beside the extraction."""

    good: list[DocResult]
    kept: list[str]  # file names
    texts: list[Future[None]] = field(default_factory=list)


@dataclass
class _Assembled:
    """The store's tables, ready to write, and how to write them."""

    tables: dict[str, Table]
    extra_ddl: dict[str, str]
    carry: CarryOver | None
    regions: set[str] | None  # regions whose comparison rows are recomputed; None: all
    upper_targets: Table  # the targets of the national and provincial documents


def _read_inputs(config: BuildConfig) -> _Inputs:
    corrections = curation.load(config.curation)
    return _Inputs(
        codebook=Codebook.load(config.codebook),
        manifest=load_manifest(config.manifest) if config.manifest else {},
        regions=load_regions(config.regions) if config.regions else {},
        files=source_files(config.source),
        previous=_Previous.load(config.db, config.rows_file) if config.use_cache else None,
        index=_StatIndex(config.cache_root / "stat_index.json") if config.use_cache else None,
        corrections=corrections,
        corrected=curation.by_file(corrections),
    )


def _extract(plan: _Plan, inputs: _Inputs, config: BuildConfig, report: BuildReport,
             writer: ThreadPoolExecutor, draft: _DraftStarter) -> _Extracted:
    """Run the plan's jobs; sort every file into read, kept, skipped or duplicate.

    Results arrive in file order (the jobs are in file order).  When workers read them,
    each document's text is handed to ``writer`` as soon as it is known to be kept, so
    the writes (one fsync each) overlap the extraction of the documents after it, as
    does the store's ``draft``, started once the workers are.  When this process reads
    them, the texts are handed over once all are read: they are then written while
    DuckDB writes the store (which leaves the interpreter free), not while the
    extraction wants it (each of the writer's calls took the interpreter from the
    extraction, ~0.1 s of a 300-plan build).
    """
    one_process = _in_one_process(len(plan.jobs), config.jobs)
    results = iter_jobs(plan.jobs, config.jobs, started=draft.start)
    out = _Extracted([], [])
    seen: dict[str, str] = {}
    for p in inputs.files:
        name = p.name
        if name in plan.reused:
            sha, record = plan.reused[name], name
        else:
            r = next(results)
            if r.file_name != name:  # jobs and files out of step: a bug, never data
                raise RuntimeError(f"result for {r.file_name} where {name} was expected")
            if not r.ok:
                report.skipped.append((r.file_name, r.message))
                continue
            sha, record = r.sha256, r
        if sha in seen:
            report.duplicates.append((name, seen[sha]))
            continue
        seen[sha] = name
        if isinstance(record, DocResult):
            out.good.append(record)
            if not one_process:
                out.texts.append(writer.submit(_write_text, record, config.text_root))
            report.cached += record.from_cache
            report.extracted += not record.from_cache
        else:
            out.kept.append(record)
            report.cached += 1
    draft.start()  # (every document kept: no job ran)
    if one_process:
        out.texts = [writer.submit(_write_text, r, config.text_root) for r in out.good]
    return out


def _issues_frame(report: BuildReport, same_plan: dict[str, tuple[str, str]],
                  names: dict[str, str],
                  not_applied: list[curation.Issue] | None = None) -> Table:
    """build_issues: skipped files, byte-identical copies, the same plan in another format,
    curation rows that could not apply."""
    rows = [{"file_name": n, "severity": "skipped", "message": m} for n, m in report.skipped]
    rows += [{"file_name": name, "severity": "duplicate", "message": f"same content as {of}"}
             for name, of in report.duplicates]
    for doc_id, (_, reason) in sorted(same_plan.items()):
        rows.append({"file_name": names[doc_id], "severity": "same plan",
                     "message": f"{reason}; left out of comparisons"})
        report.same_plan.append((names[doc_id], reason))
    rows += [{"file_name": i.correction.file_name, "severity": "curation", "message": i.message}
             for i in not_applied or []]
    return Table.from_records(COLUMNS["build_issues"], rows)


def _info_frame(config: BuildConfig, codebook: Codebook, reference_fp: str) -> Table:
    return Table.from_rows(
        ["key", "value"],
        [
            ("extractor_version", EXTRACTOR_VERSION),
            ("extractor_fingerprint", extractor_fingerprint()),
            ("schema_version", SCHEMA_VERSION),
            ("codebook_fingerprint", codebook.fingerprint),
            ("built_on", build_date()),
            ("source", relative_path(config.source, config.root, config.db.parent)),
            ("reference_fingerprint", reference_fp),
        ],
    )


def _assemble(config: BuildConfig, inputs: _Inputs, extracted: _Extracted,
              report: BuildReport) -> _Assembled:
    """Documents, targets, issues and reference tables; which stored rows to carry over."""
    codebook, previous = inputs.codebook, inputs.previous
    good, kept = extracted.good, extracted.kept
    regions_fp = _file_fingerprint(config.regions)
    input_keys = {r.file_name: _input_key(r.sha256, inputs.manifest.get(r.file_name), regions_fp,
                                          inputs.corrected.get(r.file_name, ""))
                  for r in good}
    new_docs = _documents_frame(good, config, input_keys)
    by_doc = {_doc_id(r.file_name): _as_targets(r.targets) for r in good}
    stats_by_doc = {_doc_id(r.file_name): _as_targets(r.statistics) for r in good}
    kept_docs = Table(COLUMNS["documents"])
    if previous is not None and kept:
        kept_files = set(kept)
        kept_docs = previous.documents.where([f in kept_files for f in
                                              previous.documents["file_name"]])
        kept_docs = kept_docs.select(COLUMNS["documents"])
    kept_ids = kept_docs["doc_id"]
    carry = None
    if previous is not None and kept_ids:
        if previous.codebook_fingerprint == codebook.fingerprint:
            carry = CarryOver(previous.path, tuple(kept_ids))
        else:  # a new codebook: re-map the kept rows, no re-reading
            by_doc.update(_targets_from_rows(previous.targets_of(kept_ids)))
            stats_by_doc.update(_targets_from_rows(
                previous.targets_of(kept_ids, "observations"), observations=True))
    documents = Table.concat([new_docs, kept_docs])
    county = _county_cities(documents, inputs.regions)
    targets = _targets_frame(by_doc, codebook, county)
    observations = _observations_frame(stats_by_doc, codebook, county)
    targets, not_applied = curation.apply(
        targets, inputs.corrections,
        {name: _doc_id(name) for name in [r.file_name for r in good] + kept},
        {_doc_id(r.file_name): r.text for r in good}, codebook)
    report.curation = [issue.message for issue in not_applied]
    _count_targets(documents, targets)
    documents = documents.sorted_by("file_name")
    texts = _Texts(documents, good, config)
    same_plan = same_plan_in_other_format(documents, texts)
    known = {_doc_id(r.file_name): r.citations for r in good}
    if carry is None and previous is not None and kept_ids:  # a new codebook: all written
        known.update(_previous_citations(previous, kept_ids))
    # carried over, kept documents' cited 文号 stay in the store (same text, same 文号)
    kinds_table = _classify(documents, texts, config, known,
                            kept=set(kept_ids) if carry is not None else set())
    documents["duplicate_of"] = [same_plan[d][0] if d in same_plan else None
                                 for d in documents["doc_id"]]
    if carry is not None and previous is not None:
        carry = replace(carry, documents=_as_stored(documents, previous.documents, kept_ids))

    # goals stated by national/provincial documents need their targets, carried or not
    reference_targets = targets
    if carry is not None:
        upper = [d for d, level in kept_docs.rows("doc_id", "level")
                 if level in reference.SCOPE_LEVELS]
        if upper:
            reference_targets = Table.concat([targets, previous.upper_targets_of(upper)])

    names = dict(documents.rows("doc_id", "file_name"))
    tables = {
        "documents": documents,
        **kinds_table,
        "indicators": indicators_frame(codebook),
        "targets": targets,
        "observations": observations,
        "build_issues": _issues_frame(report, same_plan, names, not_applied),
    }
    # reference goals, national actuals and regions
    extra = reference.reference_tables(config.raw_dir, config.regions, documents,
                                       reference_targets, codebook.by_id)
    tables.update({name: frame for name, (_, frame) in extra.items()})
    reference_fp = _frames_fingerprint(
        [frame for _, frame in extra.values()] + [tables["indicators"],
                                                  tables["document_kinds"]]
        + [Table(["views"], {"views": [compare.VIEWS_FINGERPRINT]})])
    tables["build_info"] = _info_frame(config, codebook, reference_fp)

    # With the same goals and codebook as before, only the regions whose documents
    # changed need their stored comparison rows recomputed.
    changed = None
    if carry is not None and previous is not None \
            and previous.reference_fingerprint == reference_fp:
        changed = _changed_regions(previous.documents, documents, kept_ids)
        carry = replace(carry, keep_derived=True,
                        unchanged=(*extra, "indicators", "document_kinds"))
    upper_ids = {d for d, level in documents.rows("doc_id", "level")
                 if level in reference.SCOPE_LEVELS}
    upper_targets = reference_targets.where([d in upper_ids
                                             for d in reference_targets["doc_id"]])
    return _Assembled(tables, {name: ddl for name, (ddl, _) in extra.items()}, carry, changed,
                      upper_targets)


def _as_stored(documents: Table, stored: Table, kept_ids: list[str]) -> tuple[str, ...]:
    """Kept documents whose row is the stored one, value for value: the copied store keeps
    those rows (an incremental build then writes only its new documents' rows)."""
    columns = COLUMNS["documents"]
    before = dict(zip(stored["doc_id"], stored.select(columns).rows(), strict=True))
    kept = set(kept_ids)
    return tuple(doc_id for doc_id, row in zip(documents["doc_id"],
                                              documents.select(columns).rows(), strict=True)
                 if doc_id in kept and before.get(doc_id) == row)


def _previous_citations(previous: _Previous, doc_ids: list[str]) -> dict[str, list[Citation]]:
    """The cited 文号 of kept documents, from the previous store: same text, same manifest
    row and same extractor (the store is reused only then), so the same citations,
    without reading thousands of texts again on an incremental build."""
    out: dict[str, list[Citation]] = {d: [] for d in doc_ids}
    with connect(previous.path) as con:
        rows = con.execute(
            "SELECT doc_id, cited_doc_number, scope_level, province, cited_title, char_start, "
            "char_end FROM citations WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY doc_id, char_start", [doc_ids]).fetchall()
    for doc_id, number, level, province, title, start, end in rows:
        out[doc_id].append(Citation(number, level, province, title, start, end))
    return out


def _none(value: object) -> object:
    return None if missing(value) else value


def _as_targets(found: list[Target | dict[str, object]]) -> list[Target]:
    """Targets as objects: extracted now they already are; from the cache they are dicts."""
    return [t if isinstance(t, Target) else Target(**t) for t in found]


def _write(config: BuildConfig, assembled: _Assembled, extracted: _Extracted,
           draft: _DraftStarter, writer: ThreadPoolExecutor) -> None:
    """The store, atomically, once the texts are written (every offset points into them),
    and beside it what the next build reads of it (analysis.store.snapshot)."""
    # (encoded on a thread while DuckDB writes the store, which leaves the interpreter
    # free; saved for the store's file once it is closed)
    rows = writer.submit(snapshot.encode,
                         dict(assembled.tables["build_info"].rows("key", "value")),
                         {"documents": assembled.tables["documents"],
                          "targets": assembled.upper_targets}) if config.use_cache else None

    def closed(store: Path) -> None:
        for written in extracted.texts:  # (written on threads meanwhile; a failure raises
            written.result()             # here, and the store is not renamed into place)
        if rows is not None:
            snapshot.save(config.rows_file, store, rows.result())

    write_store(config.db, assembled.tables, assembled.extra_ddl,
                functools.partial(compare.create_views, regions=assembled.regions),
                assembled.carry, draft.result(), closed=closed)


@dataclass
class _DraftStarter:
    """The store's temp file, started on a thread (``start_store``) while the documents
    are read: copied from the previous store the new one will be a copy of (as
    ``_assemble`` decides, from the plan: some documents kept, the same codebook), or
    made with its tables and views."""

    writer: ThreadPoolExecutor
    db: Path
    base: Path | None
    empty_dir: Path | None = None  # (see BuildConfig.empty_store_dir)
    future: Future[Draft] | None = None

    @classmethod
    def of(cls, writer: ThreadPoolExecutor, config: BuildConfig, plan: _Plan,
           inputs: _Inputs) -> _DraftStarter:
        previous = inputs.previous
        if previous is None or not plan.reused \
                or previous.codebook_fingerprint != inputs.codebook.fingerprint:
            return cls(writer, config.db, None, config.empty_store_dir)
        return cls(writer, config.db, previous.path)

    def start(self) -> None:
        if self.future is None:
            self.future = self.writer.submit(self._begin)

    def _begin(self) -> Draft:
        if self.base is not None:
            return start_store(self.db, self.base)
        template = empty_store(self.empty_dir, store_code_key(), compare.draft_views) \
            if self.empty_dir is not None else None
        return start_store(self.db, None, compare.draft_views, template=template,
                           reopened=compare.mark_drafted)

    def result(self) -> Draft:
        self.start()
        assert self.future is not None
        return self.future.result()

    def discard(self) -> None:
        """After an error: the temp file goes (once made; a draft written is gone)."""
        if self.future is not None:
            with contextlib.suppress(Exception):
                self.future.result().discard()


# The collector's first threshold raised from 700 allocations to 100,000 while a build runs:
# a build makes millions of small objects and holds tens of thousands (every target of
# every document) without reference cycles, and each collection of the older generations
# walks all of them; at the default, collections took ~15 % of a 3,000-plan build.
_GC_THRESHOLD = (100_000, 50, 1000)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


# A thread waiting for the interpreter is handed it after at most this long (Python's default
# is 5 ms).  A build's threads call into DuckDB (the store's draft is opened and begun while
# the documents are read), and each call waits for the interpreter on its way in and out:
# at 5 ms the draft's opening took three times as long as alone, and an incremental build
# then waited ~20 ms for it before writing (incremental A/B wall 0.91, 20 pairs).
_SWITCH_INTERVAL = 0.0005


@contextlib.contextmanager
def _prompt_threads() -> Iterator[None]:
    old = sys.getswitchinterval()
    sys.setswitchinterval(min(old, _SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def build(config: BuildConfig) -> BuildReport:
    """Build the store from every file in ``config.source``; see BuildReport for the outcome.

    Four steps: plan (which files to read, which previous rows to keep), extract,
    assemble the tables, write.  With the cache on, documents unchanged since the
    previous store (same content, manifest row, regions table, extractor and schema)
    keep their rows; only changed files are read.  A codebook change re-maps the kept
    rows without re-reading their documents.
    """
    with _fewer_collections(), _prompt_threads():
        return _run_build(config)


def _run_build(config: BuildConfig) -> BuildReport:
    inputs = _read_inputs(config)
    plan = _plan(config, inputs.files, inputs.manifest, inputs.regions, inputs.previous,
                 inputs.index, inputs.corrected)
    report = BuildReport(db=config.db)
    # texts are written by threads (the fsyncs release the GIL) while documents are read,
    # and the store's temp file is started (copied, or made with its tables and views)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="texts") as writer:
        draft = _DraftStarter.of(writer, config, plan, inputs)
        # the file-hash index is complete once the plan is made (only planning hashes
        # through it): saved on a thread while the store is written, not after (~10 ms of
        # JSON at 3,000 files; each entry is a fact of a file, right whatever the build does)
        index_saved = writer.submit(inputs.index.save) if inputs.index is not None else None
        try:
            extracted = _extract(plan, inputs, config, report, writer, draft)
            assembled = _assemble(config, inputs, extracted, report)
            _write(config, assembled, extracted, draft, writer)
            if index_saved is not None:
                index_saved.result()
        except BaseException:
            draft.discard()
            raise
    documents = assembled.tables["documents"]
    report.documents = len(documents)
    report.targets = sum(documents["n_targets"])
    report.mapped = sum(documents["n_mapped"])
    report.unmapped = report.targets - report.mapped
    return report


def _command_cache_dir() -> Path | None:
    """The command line's cache folder (that of ``analysis.regexcache``), None when off."""
    from analysis import regexcache

    patterns = regexcache.cache_path()
    return patterns.parent if patterns is not None else None


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED
    from analysis.extract.codebook import CodebookError
    from analysis.extract.curation import CurationError
    from analysis.ingest.documents import ManifestError

    config = BuildConfig(
        source=Path(args.source),
        db=Path(args.db),
        manifest=Path(args.manifest) if args.manifest else None,
        codebook=Path(args.codebook),
        curation=Path(args.curation) if args.curation else None,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        empty_store_dir=_command_cache_dir(),
    )
    try:
        report = build(config)
    except (FileNotFoundError, CodebookError, ManifestError, DocKindError,
            CurationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in report.lines():
        print(line)
    # A curation row that cannot apply leaves the extractor's reading in place: reported
    # (here and in build_issues), but the store is complete, so `make all` goes on.
    for message in report.curation:
        print(f"warning: {message}", file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis build``."""
    b = sub.add_parser("build", help="extract targets from every document into the DuckDB store")
    b.add_argument("--source", default=str(paths.POLICIES), help="folder of documents")
    b.add_argument("--db", default=str(paths.STORE), help="DuckDB file to write")
    b.add_argument("--manifest", default=str(paths.MANIFEST),
                   help="documents.csv with region/title/文号 (optional; '' to infer all)")
    b.add_argument("--codebook", default=str(paths.CODEBOOK), help="indicator codebook CSV")
    b.add_argument("--curation", default=str(paths.CURATION),
                   help="corrections by hand (reject/add rows), applied at every build")
    b.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--no-cache", action="store_true", help="re-extract every document")
    b.set_defaults(func=_cmd_build)


# --- ingest: add files, then rebuild -----------------------------------------------------


def ingest(
    files: Sequence[Path | str],
    fields: dict[str, str | None] | None = None,
    config: IngestConfig | None = None,
    build_store: bool = True,
    echo: Callable[[str], None] | None = None,
) -> IngestReport:
    """Add ``files`` (see :func:`analysis.ingest.add.add_files`), then rebuild the store."""
    from analysis.ingest.add import IngestConfig, add_files

    config = config or IngestConfig()
    report = add_files(files, fields, config, echo)
    if build_store and report.changed:
        report.build_lines = _build(config, report)
        report.built = True
    return report


def _build(config: IngestConfig, report: IngestReport) -> list[str]:
    """Rebuild the store and say what each added document yielded."""
    from analysis.store.schema import connect

    result = build(BuildConfig(
        source=config.policies, db=config.db, manifest=config.manifest,
        codebook=config.codebook, regions=config.regions, raw_dir=config.raw,
        curation=config.raw / "curation.csv", root=config.root,
    ))
    lines = result.lines()
    names = [o.stored_as for o in report.outcomes if o.stored_as]
    if names:
        with connect(config.db) as con:
            rows = con.execute(
                "SELECT file_name, n_targets, n_mapped FROM documents "
                "WHERE list_contains(?, file_name) ORDER BY file_name", [names]
            ).fetchall()
        lines += [f"{n}: {t} targets, {m} mapped to an indicator" for n, t, m in rows]
    return lines




def _cmd_ingest(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED
    from analysis.extract.codebook import CodebookError
    from analysis.ingest.add import IngestConfig, IngestError
    from analysis.ingest.documents import ManifestError

    config = IngestConfig(root=Path(args.root))
    fields = {f: getattr(args, f) for f in METADATA_FIELDS}
    try:
        report = ingest(args.files, fields, config, build_store=not args.no_build,
                        echo=_echo)
    except (IngestError, ManifestError, CodebookError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in report.build_lines:
        print(line)
    if not args.no_build and not report.built:
        print("nothing new: the store is unchanged")
    if args.no_build and report.changed:
        print("run `make data` to rebuild the store")
    return EXIT_SKIPPED if report.refused else EXIT_OK


def _echo(line: str) -> None:
    print(line, file=sys.stderr if line.startswith("refused:") else sys.stdout)


def register_ingest(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis ingest``."""
    p = sub.add_parser(
        "ingest",
        help="add PDF/Word/HTML/text plans to data/raw/policies, the manifest and the store",
        description="Copy each file unchanged into data/raw/policies/, add its row to "
                    "data/raw/documents.csv (fields read from the text are marked inferred) "
                    "and rebuild the store.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="documents to add")
    p.add_argument("--region", help="e.g. 烟台市")
    p.add_argument("--level", choices=LEVELS, help="administrative level of the region")
    p.add_argument("--province", help="e.g. 山东省")
    p.add_argument("--issuer", help="e.g. 烟台市人民政府办公室")
    p.add_argument("--title", help="the plan's title")
    p.add_argument("--doc-number", dest="doc_number", help="文号, e.g. 烟政办发〔2023〕12号")
    p.add_argument("--issued-on", dest="issued_on", help="issue date, YYYY-MM-DD")
    p.add_argument("--no-build", action="store_true", help="do not rebuild the store")
    p.add_argument("--root", default=str(paths.ROOT),
                   help="project folder whose data/ receives the files (default: this checkout)")
    p.set_defaults(func=_cmd_ingest)
