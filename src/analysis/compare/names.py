"""Names as people type them: regions, provinces and indicators.

A researcher types ``潍坊`` for 潍坊市, ``东营`` for 东营市, ``每千人口医疗卫生机构床位数``
for ``beds_per_1000``.  Passing such a name straight to SQL silently matches nothing
(an empty figure, "no rows", exit 0), which looks like a finding.  Every option and
notebook parameter that takes a region, province or indicator goes through this
module instead: a name resolves to exactly one stored name, or the command stops with
the closest matches (``difflib``) and exit status 2.

Accepted for a region or province: the stored name (``潍坊市``), its English name
(``Weifang``, any case), and an unambiguous short form: the stored name without its
administrative suffix (市, 省, 自治区, 地区, 盟, 州, 县, 区, 旗), or a prefix of at least two
characters that only one name starts with.  For an indicator: its id, Chinese or
English name, a codebook short name when the codebook has one, or a plain alias.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis.store.schema import connect

__all__ = ["Names", "UnknownName", "indicator_names", "province_names",
           "region_names", "resolve", "resolve_in_store"]

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
            "地区", "省", "市", "盟", "州", "县", "区", "旗")
MIN_PREFIX = 2
N_SUGGESTIONS = 5
CUTOFF = 0.25


class UnknownName(ValueError):
    """A name that matches no stored name, or more than one; the message lists candidates."""

    def __init__(self, kind: str, name: str, candidates: Sequence[str], ambiguous: bool):
        self.kind, self.name, self.candidates, self.ambiguous = kind, name, candidates, ambiguous
        if ambiguous:
            reason = f"{kind} {name!r} is ambiguous: it matches {', '.join(candidates)}"
        elif candidates:
            reason = f"unknown {kind} {name!r}; closest: {', '.join(candidates)}"
        else:
            reason = f"unknown {kind} {name!r}; the store has no {kind} of that name"
        super().__init__(reason)


@dataclass(frozen=True)
class Names:
    """The canonical names of one kind and every spelling that points at them."""

    kind: str  # "region", "province", "indicator" (for messages)
    canonical: tuple[str, ...]
    spellings: dict[str, tuple[str, ...]]  # casefolded spelling -> canonical names
    shown: dict[str, str] = field(default_factory=dict)  # canonical -> as listed in errors
    preferred: frozenset[str] = frozenset()  # suggested first (regions with documents)

    @classmethod
    def build(cls, kind: str, pairs: Iterable[tuple[str, Iterable[str]]],
              shown: dict[str, str] | None = None,
              preferred: Iterable[str] = ()) -> Names:
        """``pairs``: canonical name and its other spellings (English name, aliases...)."""
        canonical: list[str] = []
        spellings: dict[str, list[str]] = {}
        for name, others in pairs:
            if not name or name in canonical:
                continue
            canonical.append(name)
            for spelling in (name, *others):
                if spelling:
                    bucket = spellings.setdefault(str(spelling).strip().casefold(), [])
                    if name not in bucket:
                        bucket.append(name)
        return cls(kind, tuple(sorted(canonical)),
                   {k: tuple(v) for k, v in spellings.items()}, dict(shown or {}),
                   frozenset(preferred))

    def _listed(self, names: Iterable[str]) -> list[str]:
        return [self.shown.get(n, n) for n in names]

    def resolve(self, name: str) -> str:
        """The one canonical name ``name`` stands for; ``UnknownName`` otherwise."""
        typed = str(name).strip()
        key = typed.casefold()
        exact = self.spellings.get(key)
        if exact and len(exact) == 1:
            return exact[0]
        if exact:
            raise UnknownName(self.kind, typed, self._listed(sorted(exact)), ambiguous=True)
        short = [c for c in self.canonical if _stem(c) == typed]
        if len(short) == 1:
            return short[0]
        prefixed = short or ([c for c in self.canonical if c.startswith(typed)]
                             if len(typed) >= MIN_PREFIX else [])
        if len(prefixed) == 1:
            return prefixed[0]
        if prefixed:
            raise UnknownName(self.kind, typed, self._listed(sorted(prefixed)[:N_SUGGESTIONS * 2]),
                              ambiguous=True)
        near = self.closest(typed) or list(self.canonical[:N_SUGGESTIONS])
        raise UnknownName(self.kind, typed, self._listed(near), ambiguous=False)

    def resolve_all(self, names: Iterable[str] | None) -> list[str] | None:
        """Each name resolved (order kept, duplicates dropped); None stays None."""
        if names is None:
            return None
        return list(dict.fromkeys(self.resolve(n) for n in names))

    def closest(self, typed: str) -> list[str]:
        """Up to five canonical names nearest to ``typed`` (by any of their spellings)."""
        # Chinese names are short: one shared character (市) is already a hint worth giving
        keys = difflib.get_close_matches(typed.casefold(), list(self.spellings),
                                         n=len(self.spellings), cutoff=CUTOFF)
        found: list[str] = []
        for k in keys:
            for c in self.spellings[k]:
                if c not in found:
                    found.append(c)
        found.sort(key=lambda c: c not in self.preferred)  # stable: closeness within each
        return found[:N_SUGGESTIONS]


def _stem(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}


def region_names(con: duckdb.DuckDBPyConnection, known: bool = False) -> Names:
    """Regions of the store's documents, with their English names from ``regions``.

    ``known`` also accepts the regions of the region table that have no document
    in this store: a real place without a plan gets empty rows, a typo an error.
    """
    present = _relations(con)
    sql = "SELECT DISTINCT region FROM documents WHERE region IS NOT NULL"
    if known and "regions" in present:
        sql += " UNION SELECT region FROM regions"
    english = "r.region_en" if "regions" in present else "NULL"
    join = "LEFT JOIN regions r ON r.region = n.region" if "regions" in present else ""
    rows = con.execute(f"SELECT n.region, {english} FROM ({sql}) n {join} ORDER BY 1").fetchall()
    stored = [r for (r,) in con.execute(
        "SELECT DISTINCT region FROM documents WHERE region IS NOT NULL").fetchall()]
    return Names.build("region", ((r, [e] if e else []) for r, e in rows), preferred=stored)


def province_names(con: duckdb.DuckDBPyConnection) -> Names:
    """Provinces of the store's documents (from the documents or the region table)."""
    present = _relations(con)
    sql = "SELECT DISTINCT province FROM documents WHERE province IS NOT NULL"
    if "regions" in present:
        sql += " UNION SELECT DISTINCT province FROM regions WHERE province IS NOT NULL"
    rows = con.execute(f"SELECT * FROM ({sql}) ORDER BY 1").fetchall()
    return Names.build("province", ((p, []) for (p,) in rows))


def indicator_names(con: duckdb.DuckDBPyConnection) -> Names:
    """Codebook indicators: id, Chinese and English name, short names, plain aliases."""
    cols = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'indicators'").fetchall()}
    extra = [c for c in ("short_zh", "short_en", "aliases") if c in cols]
    select = ", ".join(["indicator_id", "name_zh", "name_en", *extra])
    pairs, shown = [], {}
    for row in con.execute(f"SELECT {select} FROM indicators ORDER BY indicator_id").fetchall():
        rec = dict(zip(["indicator_id", "name_zh", "name_en", *extra], row, strict=True))
        others = [rec["name_zh"], rec["name_en"], rec.get("short_zh"), rec.get("short_en")]
        # aliases with a gap (每千…人口) are patterns, not names someone types
        others += [a for a in str(rec.get("aliases") or "").split("|") if a and "…" not in a]
        pairs.append((rec["indicator_id"], [o for o in others if o]))
        shown[rec["indicator_id"]] = f"{rec['indicator_id']} ({rec['name_zh']})"
    return Names.build("indicator", pairs, shown)


def resolve_in_store(db: Path | str, **names: Iterable[str] | None) -> dict[str, list[str] | None]:
    """``resolve`` against the store file ``db`` (read-only)."""
    with connect(Path(db)) as con:
        return resolve(con, **names)


def resolve(con: duckdb.DuckDBPyConnection, *, regions: Iterable[str] | None = None,
            provinces: Iterable[str] | None = None,
            indicators: Iterable[str] | None = None,
            known_regions: bool = True) -> dict[str, list[str] | None]:
    """Resolve the given names against the store; ``UnknownName`` names the first bad one."""
    return {
        "regions": (region_names(con, known_regions).resolve_all(regions)
                    if regions is not None else None),
        "provinces": (province_names(con).resolve_all(provinces)
                      if provinces is not None else None),
        "indicators": (indicator_names(con).resolve_all(indicators)
                       if indicators is not None else None),
    }
