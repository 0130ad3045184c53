"""Shared fixtures: the codebook, the seed store (built once per session), helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.extract.codebook import Codebook
from analysis.extract.rules import Target, extract_and_map

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    return Codebook.load(paths.CODEBOOK)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from data/raw, in a temporary folder (never the project's own)."""
    out = tmp_path_factory.mktemp("seed_store")
    db = out / "indicators.duckdb"
    report = build(BuildConfig(db=db, use_cache=False))
    assert not report.skipped, report.skipped
    return db


@pytest.fixture()
def extract(codebook: Codebook):
    """Extract and map targets from a text snippet."""

    def run(text: str, issued_on: str | int | None = "2024-06-30") -> list[Target]:
        return extract_and_map(text, codebook, issued_on)

    return run
