"""Default locations, relative to the project root (overridable on the command line)."""

from __future__ import annotations

import os
from pathlib import Path


def _project_root() -> Path:
    """The checkout that holds ``data/raw``: $HEALTH_TARGETS_ROOT, else the repo of this file."""
    env = os.environ.get("HEALTH_TARGETS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "data" / "raw").is_dir() and (parent / "pyproject.toml").exists():
            return parent
    return Path.cwd()


ROOT = _project_root()
RAW = ROOT / "data" / "raw"
POLICIES = RAW / "policies"
MANIFEST = RAW / "documents.csv"
CODEBOOK = RAW / "indicators.csv"
REGIONS = RAW / "regions.csv"
CURATION = RAW / "curation.csv"
LABELS = RAW / "labels.csv"
UNITS = RAW / "units.csv"
PROCESSED = ROOT / "data" / "processed"
STORE = PROCESSED / "indicators.duckdb"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"
WORKBOOK = REPORTS / "briefing.xlsx"
EXPORT = REPORTS / "export"


def relative_path(path: Path | str, *bases: Path) -> str:
    """``path`` relative to the first of ``bases`` that contains it (POSIX separators).

    What the project writes (the store, the workbook, executed notebooks) names files
    relative to the project, never with the absolute path of the machine that built it.
    A path under none of the bases is reduced to its name.
    """
    target = Path(path).resolve()
    for base in bases:
        try:
            return target.relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return target.name
