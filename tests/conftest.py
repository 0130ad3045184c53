"""Shared fixtures: the codebook, the seed store and the five-city store (built once per
session), helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.extract.codebook import Codebook
from analysis.extract.rules import Target, extract_and_map
from fixture_store import five_cities

DATA = Path(__file__).parent / "data"


# The files that take longest after the slow tests (pytest --durations, 2 cores): started
# early, so that the short files are left to even out the two workers at the end. A file
# not listed only runs later; the list orders, it selects nothing.
LONG_FILES = ("test_build.py", "test_excel.py", "test_gold.py", "test_compare.py",
              "test_ingest.py", "test_trust.py", "test_site.py", "test_curation.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run first, then the long files (stable sort: else file order).

    ``make test`` deals the test files to its workers in this order: a test of 15 seconds
    started last would run alone on one core at the end while the other idles. Every
    worker sorts the same collection the same way, as pytest-xdist requires.
    """
    def key(item: pytest.Item) -> tuple[bool, int]:
        name = item.path.name
        rank = LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)
        return item.get_closest_marker("slow") is None, rank

    items.sort(key=key)


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


@pytest.fixture(scope="session")
def city_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five cities written directly from chosen rows (tests/fixture_store.py): the store of
    the comparison and output tests, whose numbers do not depend on the extractor."""
    return five_cities(tmp_path_factory.mktemp("city_store") / "s.duckdb")


@pytest.fixture()
def extract(codebook: Codebook):
    """Extract and map targets from a text snippet."""

    def run(text: str, issued_on: str | int | None = "2024-06-30") -> list[Target]:
        return extract_and_map(text, codebook, issued_on)

    return run


SITE_PLANS = {
    "dongying.txt": (
        "东营市人民政府办公室关于印发东营市医疗卫生服务体系建设实施方案的通知\n\n"
        "各县区人民政府：\n    现将《东营市医疗卫生服务体系建设实施方案》印发给你们。\n\n"
        "一、主要目标\n到2025年，每千人口医疗卫生机构床位数达到7.55张，"
        "医护比达到1:1.2，居民健康素养水平达到35%。\n\n"
        "注：网页残留代码 <script>alert(1)</script> 与 <b>粗体</b> 均为原文。\n\n"
        "东营市人民政府办公室\n2024年12月24日\n"),
    "weihai.txt": (
        "威海市人民政府办公室关于印发威海市医疗卫生服务体系建设实施方案的通知\n\n"
        "各区市人民政府：\n    现将《威海市医疗卫生服务体系建设实施方案》印发给你们。\n\n"
        "一、主要目标\n到2025年，每千人口医疗卫生机构床位数达到7.5张，"
        "居民健康素养水平达到37%。\n\n威海市人民政府办公室\n2024年11月13日\n"),
}


@pytest.fixture(scope="session")
def site_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two city plans (东营市, 威海市); one quotes web-page code that must stay text."""
    root = tmp_path_factory.mktemp("site_store")
    (root / "docs").mkdir()
    for name, text in SITE_PLANS.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    db = root / "indicators.duckdb"
    report = build(BuildConfig(source=root / "docs", db=db, manifest=None, use_cache=False))
    assert report.documents == 2 and not report.skipped
    return db
