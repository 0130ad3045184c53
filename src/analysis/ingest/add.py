"""Add plans to the collection in one command: ``python -m analysis ingest FILE...``.

A researcher who finds a new city's plan (PDF, Word, a saved web page or
text) must be able to add it and trust what comes out.  For each file:

1. the file name is checked: path separators, control and invisible
   characters (a right-to-left override can disguise ``gpj.exe`` as
   ``exe.jpg``) are refused; spaces and other odd characters are replaced
   and the new name is reported;
2. the file itself is checked: it exists, is a regular file and not a
   symbolic link, is within the size limit and of a supported type;
3. its content hash is compared with the files already in
   ``data/raw/policies/``: the same content is reported, not added twice;
4. it is converted to text, so a bad file is refused *before* anything is
   copied;
5. it is copied unchanged (byte-identical, verified by hash) under a name no
   other file uses, never overwriting anything;
6. its row in ``data/raw/documents.csv`` is added or updated atomically:
   fields given on the command line win, fields read from the text are
   written too and listed in the ``inferred_fields`` column;
7. finally the store is rebuilt (or, with ``--no-build``, the user is told
   to run ``make data``).

Nothing is written outside the project's ``data/`` folder: every path we
write is resolved (following symbolic links) and checked first.  One bad
file never stops the rest; the exit status is 0 when every file was added
or already present and 1 when some were refused, each refusal on its own
line with the file and the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis import paths
from analysis.ingest.converters import (
    CONVERTERS,
    MAX_BYTES,
    UNSUPPORTED_HINTS,
    DocumentError,
    convert,
)
from analysis.ingest.documents import (
    INFERRED_COLUMN,
    LEVELS,
    MANIFEST_FIELDS,
    METADATA_FIELDS,
    ManifestTable,
    infer_metadata,
    infer_province,
    load_regions,
    parse_inferred,
    read_manifest_table,
    region_of_issuer,
    write_manifest,
)

MAX_NAME_BYTES = 200  # ext4 allows 255 bytes; leave room for a "-2" suffix and temp names
_NAME_PUNCT = set("._-+()（）[]【】《》〔〕，、")
_SEPARATORS = ("/", "\\")


class IngestError(ValueError):
    """A usage or configuration error that stops the whole run (exit status 2)."""


class Refused(Exception):
    """One file that cannot be ingested, with the reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


# --- where things go -------------------------------------------------------------------


@dataclass(frozen=True)
class IngestConfig:
    """Where ingest reads and writes; every written path must lie inside ``root/data``.

    Tests point ``root`` at a temporary copy of the project so the real
    ``data/`` folder is never touched.
    """

    root: Path = paths.ROOT
    raw_dir: Path | None = None
    store: Path | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.raw_dir or self.data_dir / "raw"

    @property
    def policies(self) -> Path:
        return self.raw / "policies"

    @property
    def manifest(self) -> Path:
        return self.raw / "documents.csv"

    @property
    def codebook(self) -> Path:
        return self.raw / "indicators.csv"

    @property
    def regions(self) -> Path:
        return self.raw / "regions.csv"

    @property
    def db(self) -> Path:
        return self.store or self.data_dir / "processed" / "indicators.duckdb"

    def written_paths(self) -> list[Path]:
        """Everything ingest (and the build it runs) writes to."""
        processed = self.db.parent
        return [self.policies, self.manifest, self.lock, self.db, processed / "text",
                processed / "cache"]

    @property
    def lock(self) -> Path:
        """Next to the store (data/processed is not versioned), not among the sources."""
        return self.db.parent / ".ingest.lock"

    def check(self) -> None:
        """Refuse a configuration that would write outside ``data/`` (symbolic links followed)."""
        data = self.data_dir.resolve()
        if not data.is_dir():
            raise IngestError(f"{self.data_dir} is not a folder: is --root the project folder?")
        for target in self.written_paths():
            resolved = target.resolve()
            if not resolved.is_relative_to(data):
                raise IngestError(f"refusing to write {target}: it resolves outside {data}")
        if not self.policies.is_dir():
            raise IngestError(f"{self.policies} does not exist")


# --- file names -------------------------------------------------------------------------


def _name_char_ok(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN" or ch in _NAME_PUNCT


_UNDERSCORES_RE = re.compile(r"_+")


def safe_file_name(name: str) -> tuple[str, str | None]:
    """A name that is safe to store (and to use in a Makefile), plus a note when it changed.

    Refuses names with path separators or control/invisible characters;
    replaces spaces and other odd characters with ``_`` and drops leading
    dots and dashes (hidden files are skipped by the build, ``-x`` looks like
    an option).
    """
    original = name
    name = unicodedata.normalize("NFC", name)
    if not name or name in (".", ".."):
        raise Refused("empty file name")
    if any(sep in name for sep in _SEPARATORS):
        raise Refused("file name contains a path separator")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for ch in name):
        raise Refused("file name contains control or invisible characters")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = "".join(ch if _name_char_ok(ch) else "_" for ch in stem)
    stem = _UNDERSCORES_RE.sub("_", stem).lstrip("._-").rstrip("._") or ""
    suffix = "".join(ch for ch in suffix if ch.isascii() and ch.isalnum())
    if not stem:
        raise Refused("file name has no usable characters")
    ext = f".{suffix}" if suffix else ""
    while len((stem + ext).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    safe = stem + ext
    if safe == original:
        return safe, None
    return safe, f"file name changed to {safe} (odd characters replaced)"


def _free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``...: no two files may share a stem.

    The store's document id is the file stem, so ``plan.pdf`` and
    ``plan.docx`` could not both be stored; the second becomes ``plan-2.docx``.
    ``taken`` holds casefolded names and stems of files already present.
    """
    stem, ext = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while candidate.casefold() in taken or Path(candidate).stem.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}{ext}"
    return candidate


# --- the collection as it is -----------------------------------------------------------


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class _Collection:
    """The files already in ``data/raw/policies``: by content hash, and the names in use."""

    policies: Path
    by_sha: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, policies: Path) -> _Collection:
        out = cls(policies)
        for entry in sorted(policies.iterdir(), key=lambda p: p.name):
            out.taken.update({entry.name.casefold(), entry.stem.casefold()})
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_file():
                continue
            with contextlib.suppress(OSError):
                out.by_sha.setdefault(_sha256(entry), entry.name)
        return out

    def add(self, name: str, sha: str) -> None:
        self.by_sha[sha] = name
        self.taken.update({name.casefold(), Path(name).stem.casefold()})


# --- one file ---------------------------------------------------------------------------


@dataclass
class FileOutcome:
    """What happened to one file given on the command line."""

    source: str
    status: str  # "added" | "present" | "refused"
    stored_as: str | None = None
    notes: list[str] = field(default_factory=list)
    reason: str = ""
    converter: str = ""

    def line(self) -> str:
        notes = "".join(f"; {n}" for n in self.notes)
        if self.status == "refused":
            return f"refused: {self.source}: {self.reason}"
        if self.status == "present":
            return f"already present: {self.source} has the same content as {self.stored_as}{notes}"
        return f"added: {self.source} as {self.stored_as} ({self.converter}){notes}"


def _check_source(path: Path) -> os.stat_result:
    """The file exists, is a regular file (not a link, FIFO or device) and is not too big."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        raise Refused("no such file") from None
    except OSError as exc:
        raise Refused(f"cannot read file ({exc.strerror or exc})") from None
    if stat.S_ISLNK(st.st_mode):
        raise Refused("symbolic link; pass the file it points to")
    if not stat.S_ISREG(st.st_mode):
        raise Refused("not a regular file")
    if st.st_size == 0:
        raise Refused("empty file")
    if st.st_size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise Refused(f"file is {st.st_size / 2**20:.0f} MB, over the {limit} MB limit")
    suffix = path.suffix.lower()
    if suffix not in CONVERTERS:
        if suffix in UNSUPPORTED_HINTS:
            raise Refused(UNSUPPORTED_HINTS[suffix])
        known = ", ".join(sorted(CONVERTERS))
        raise Refused(f"unsupported file type {path.suffix or '(none)'} (known: {known})")
    return st


def _copy_verified(source: Path, policies: Path, name: str, sha: str, taken: set[str]) -> str:
    """Copy ``source`` into ``policies`` byte for byte; returns the name it was stored under.

    The copy goes to a hidden temporary file first (the build skips hidden
    files), is checked against the hash of the file that was converted, and
    is then hard-linked into place, which fails instead of overwriting if the
    name was taken meanwhile.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=".ingest-", suffix=Path(name).suffix, dir=policies)
    tmp = Path(tmp_name)
    try:
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                h.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if h.hexdigest() != sha:
            raise Refused("file changed while it was being ingested; try again")
        tmp.chmod(0o444)  # sources are immutable, like the seeds
        while True:
            target = _free_name(name, taken)
            try:
                os.link(tmp, policies / target)
            except FileExistsError:
                taken.update({target.casefold(), Path(target).stem.casefold()})
                continue
            return target
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# --- the manifest row -------------------------------------------------------------------


_CONTROL_OR_SPACE_RE = re.compile(r"[\x00-\x1f\x7f\s]+")


def _clean_value(value: str | None) -> str:
    """One line, no control characters: the manifest is read line by line."""
    if not value:
        return ""
    return _CONTROL_OR_SPACE_RE.sub(" ", value).strip()


def _region_fields(
    region: str, text: str, regions: dict[str, tuple[str, str]]
) -> dict[str, str | None]:
    """Level and province of a region given on the command line (regions table, then text)."""
    level, province = regions.get(region, ("", ""))
    if not level:
        level = region_of_issuer(region)[1] or ""
    if not province:
        if level == "provincial":
            province = region
        elif level in ("municipal", "county"):
            province = infer_province(text, region, regions) or ""
    return {"level": level or None, "province": province or None}


def _guesses(
    text: str, name: str, given: dict[str, str], regions: dict[str, tuple[str, str]]
) -> dict[str, str | None]:
    """Metadata read from the text, consistent with a region given by the user."""
    meta = infer_metadata(text, name, regions)
    guesses: dict[str, str | None] = {f: getattr(meta, f) for f in METADATA_FIELDS}
    if given.get("region") and given["region"] != meta.region:
        guesses.update(_region_fields(given["region"], text, regions))
    return guesses


def update_manifest_row(
    table: ManifestTable,
    name: str,
    text: str,
    given: dict[str, str],
    regions: dict[str, tuple[str, str]],
) -> bool:
    """Add or update ``name``'s row in ``table``; True when something changed.

    Fields given by the user win; values already in the row stay; empty
    fields are filled from the text and listed in ``inferred_fields``.
    Other rows are never touched.
    """
    for col in (*MANIFEST_FIELDS, INFERRED_COLUMN):
        if col not in table.fieldnames:
            table.fieldnames.append(col)
    row = table.row_for(name)
    if row is None:
        row = {col: "" for col in table.fieldnames}
        row["file_name"] = name
        table.rows.append(row)
        changed = True
    else:
        changed = False
    before = dict(row)
    inferred = set(parse_inferred(row.get(INFERRED_COLUMN)))
    guesses = _guesses(text, name, given, regions)
    for f in METADATA_FIELDS:
        if given.get(f):
            row[f] = _clean_value(given[f])
            inferred.discard(f)
        elif not row.get(f) and guesses.get(f):
            row[f] = _clean_value(guesses[f])
            inferred.add(f)
    row[INFERRED_COLUMN] = ",".join(f for f in METADATA_FIELDS if f in inferred and row.get(f))
    return changed or row != before


# --- the run ----------------------------------------------------------------------------


@dataclass
class IngestReport:
    """Outcome of a run: one entry per file, and the build's report when one ran."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    build_lines: list[str] = field(default_factory=list)
    built: bool = False
    changed: bool = False  # files added or manifest rows written: the store is out of date

    @property
    def refused(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "refused"]

    @property
    def added(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "added"]


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """One ingest at a time: two runs must not both rewrite the manifest."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no concurrent runs expected
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def validate_fields(fields: dict[str, str | None]) -> dict[str, str]:
    """Metadata given by the user: known names, a valid level, an ISO date, one line each."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if key not in METADATA_FIELDS:
            raise IngestError(f"unknown metadata field {key!r}")
        if value is None or not value.strip():
            continue
        if _CONTROL_RE.search(value):
            raise IngestError(f"--{key.replace('_', '-')} contains control characters")
        out[key] = value.strip()
    if "level" in out and out["level"] not in LEVELS:
        raise IngestError(f"--level must be one of {', '.join(LEVELS)}")
    if "issued_on" in out:
        try:
            out["issued_on"] = date.fromisoformat(out["issued_on"]).isoformat()
        except ValueError:
            raise IngestError("--issued-on must be a date like 2024-12-24") from None
    return out


class _Run:
    """State of one ingest run: the collection, the manifest and the regions table."""

    def __init__(self, config: IngestConfig, given: dict[str, str]) -> None:
        self.config = config
        self.given = given
        self.collection = _Collection.scan(config.policies)
        self.table = read_manifest_table(config.manifest)
        self.regions = load_regions(config.regions)
        self.changed = False

    def record(self, name: str, text: str) -> None:
        """Update ``name``'s manifest row and write the manifest at once (atomically)."""
        if update_manifest_row(self.table, name, text, self.given, self.regions):
            write_manifest(self.config.manifest, self.table)
            self.changed = True

    def one(self, source: Path) -> FileOutcome:
        outcome = FileOutcome(str(source), "refused")
        try:
            name, note = safe_file_name(source.name)
            _check_source(source)
            sha = _sha256(source)
            present = self.collection.by_sha.get(sha)
            if present is not None:
                return self._present(outcome, present)
            converted = convert(source)
            stored = _copy_verified(source, self.config.policies, name, sha,
                                    self.collection.taken)
        except Refused as exc:
            outcome.reason = exc.reason
            return outcome
        except DocumentError as exc:
            outcome.reason = exc.reason
            return outcome
        except OSError as exc:
            outcome.reason = f"cannot read file ({exc.strerror or exc})"
            return outcome
        self.collection.add(stored, sha)
        self.record(stored, converted.text)
        outcome.status, outcome.stored_as = "added", stored
        outcome.converter = converted.converter_version
        if note and stored == name:
            outcome.notes.append(note)
        elif stored != name:
            outcome.notes.append(f"stored as {stored} (the name {name} is taken)")
        outcome.notes.extend(converted.warnings)
        return outcome

    def _present(self, outcome: FileOutcome, present: str) -> FileOutcome:
        """Same content already stored: not added again; its manifest row is completed."""
        outcome.status, outcome.stored_as = "present", present
        if self.table.row_for(present) is None or self.given:
            try:
                text = convert(self.config.policies / present).text
            except DocumentError as exc:
                outcome.notes.append(f"stored copy unreadable: {exc.reason}")
                return outcome
            self.record(present, text)
        return outcome


def add_files(
    files: Sequence[Path | str],
    fields: dict[str, str | None] | None = None,
    config: IngestConfig | None = None,
    echo: Callable[[str], None] | None = None,
) -> IngestReport:
    """Add ``files`` to the collection of ``config`` (see the module docstring); no build.

    Raises :class:`IngestError` for a bad configuration or bad metadata
    before any file is touched; a bad file is reported in the outcome and
    never stops the others.
    """
    config = config or IngestConfig()
    config.check()
    given = validate_fields(fields or {})
    report = IngestReport()
    with _locked(config.lock):
        run = _Run(config, given)
        for f in files:
            outcome = run.one(Path(f))
            report.outcomes.append(outcome)
            if echo:
                echo(outcome.line())
        report.changed = run.changed or bool(report.added)
    return report
