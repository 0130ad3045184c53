"""What the workbook shows, read from the store once; rows and the Sources refs."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis.compare import views as compare
from analysis.compare.findings import findings_text
from analysis.compare.names import resolve
from analysis.outputs.excel.cells import LANGS, missing, plain, year_key
from analysis.store.schema import connect

# Up to this many cities the workbook lists them all; beyond, it lists a selection
# (--regions / --province, else the top_n cities setting the most core indicators) and
# summarises the rest by province: a briefing, not the data (that is the export).
LIST_ALL_UP_TO = 40


@dataclass
class Data:
    """Everything the workbook shows, read from the store in one connection.

    ``targets``, ``vs`` and ``goal_status`` hold the listed cities only (``selected``);
    ``findings``, ``goal_summary``, ``province_summary`` and ``ambition`` (computed in
    ``analysis.compare``) cover every city.
    """

    built_on: str | None
    build_source: str | None
    documents: pd.DataFrame
    indicators: pd.DataFrame  # codebook order
    cities: pd.DataFrame  # every city
    targets: pd.DataFrame  # city_targets of the listed cities
    vs: pd.DataFrame  # city_vs_goals of the listed cities
    goals: pd.DataFrame  # effective_goals
    actuals: pd.DataFrame  # latest national actual per indicator
    ambition: pd.DataFrame
    all_regions: list[str] = field(default_factory=list)
    region_en: dict[str, str] = field(default_factory=dict)
    goal_status: pd.DataFrame = field(default_factory=pd.DataFrame)  # of the listed cities
    goal_summary: pd.DataFrame = field(default_factory=pd.DataFrame)  # every city
    province_summary: pd.DataFrame = field(default_factory=pd.DataFrame)  # every city
    findings: dict[str, list[str]] = field(default_factory=dict)  # lang -> sentences
    region_registry: list[str] = field(default_factory=list)  # the region table, file order
    n_targets: int = 0  # city targets of every city
    selected: list[str] | None = None  # the listed cities; None = all
    selection: str = "all"  # all / regions / province / top

    @property
    def indicator_rows(self) -> dict[str, dict[str, object]]:
        return {r["indicator_id"]: r for r in self.indicators.to_dict("records")}


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}


def _top_cities(con: duckdb.DuckDBPyConnection, n: int,
                among: Sequence[str] | None = None) -> list[str]:
    """The ``n`` cities (of ``among``) setting the most core indicators (ties by name)."""
    con.register("_among", pd.DataFrame({"region": list(among or [])}, dtype="object"))
    try:
        rows = con.execute("""
            SELECT c.region FROM cities c
            LEFT JOIN city_targets t ON t.region = c.region
            LEFT JOIN indicators i ON i.indicator_id = t.indicator_id AND i.core
            WHERE ? OR c.region IN (SELECT region FROM _among)
            GROUP BY c.region ORDER BY count(i.indicator_id) DESC, c.region LIMIT ?""",
                           [among is None, n]).fetchall()
    finally:
        con.unregister("_among")
    return sorted(r for (r,) in rows)


def _selection(con: duckdb.DuckDBPyConnection, cities: pd.DataFrame,
               regions: Sequence[str] | None, provinces: Sequence[str] | None,
               top_n: int) -> tuple[list[str] | None, str]:
    """The cities the workbook lists, and how they were chosen.

    A choice of more than ``LIST_ALL_UP_TO`` cities keeps the ones setting the most
    core indicators: the workbook stays readable, the export has the rest.
    """
    if regions:
        chosen: list[str] = resolve(con, regions=regions)["regions"] or []
        how = "regions"
    elif provinces:
        wanted = set(resolve(con, provinces=provinces)["provinces"] or [])
        chosen, how = sorted(cities.loc[cities["province"].isin(wanted), "region"]), "province"
    elif len(cities) <= LIST_ALL_UP_TO:
        return None, "all"
    else:
        return _top_cities(con, top_n), "top"
    if len(chosen) > LIST_ALL_UP_TO:
        chosen = _top_cities(con, LIST_ALL_UP_TO, chosen)
    return chosen, how


_PER_CITY = ("city_vs_goals", "city_targets", "goal_status")  # read for the listed cities


def load(db: Path | str, regions: Sequence[str] | None = None,
         provinces: Sequence[str] | None = None, top_n: int = 15,
         lang: str | None = None) -> Data:
    """Read the store (read-only) into a ``Data``; missing optional tables are tolerated.

    ``regions`` / ``provinces`` (names as people type them) choose the cities listed;
    an unknown name raises ``UnknownName``.
    """
    with connect(Path(db)) as con:
        present = _relations(con)
        info: dict[str, str] = {}
        if "build_info" in present:
            info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        documents = con.execute(
            "SELECT doc_id, file_name, region, level, province, title, doc_number, issued_on, "
            "n_targets, n_mapped FROM documents ORDER BY region NULLS LAST, issued_on NULLS "
            "LAST, doc_id").df() if "documents" in present else pd.DataFrame()
        indicators = con.execute(
            "SELECT * FROM indicators ORDER BY rowid").df() if "indicators" in present \
            else pd.DataFrame()
        cities = compare.read_view(con, "cities")
        selected, how = _selection(con, cities, regions, provinces, top_n)
        # (the listed cities' rows of the per-city views, the others whole: two at a time)
        frames = compare.read_concurrently(con, {
            name: functools.partial(compare.read_view, view=name,
                                    regions=selected if name in _PER_CITY else None)
            for name in ("city_vs_goals", "city_targets", "goal_status", "ambition_index",
                         "effective_goals", "latest_national_actuals", "goal_summary",
                         "province_summary")})
        targets, vs, goal_status = (frames["city_targets"], frames["city_vs_goals"],
                                    frames["goal_status"])
        goals, actuals = frames["effective_goals"], frames["latest_national_actuals"]
        ambition, goal_summary = frames["ambition_index"], frames["goal_summary"]
        province_summary = frames["province_summary"]
        # the findings of the workbook's language only (both when not given)
        findings = {code: findings_text(con, code) for code in ((lang,) if lang else LANGS)}
        (n_targets,) = con.execute("SELECT count(*) FROM city_targets").fetchone()
        region_en: dict[str, str] = {}
        registry: list[str] = []
        if "regions" in present:
            registry = [r for (r,) in con.execute(
                "SELECT region FROM regions ORDER BY rowid").fetchall()]
            region_en = {r: e for r, e in con.execute(
                "SELECT region, region_en FROM regions WHERE region_en IS NOT NULL").fetchall()}
    # the same list figures.py passes to city_colors: every city of the store
    all_regions = sorted({str(r) for r in cities.get("region", pd.Series(dtype=object))})
    return Data(built_on=info.get("built_on"), build_source=info.get("source"),
                documents=documents, indicators=indicators, cities=cities, targets=targets,
                vs=vs, goals=goals, actuals=actuals, ambition=ambition,
                all_regions=all_regions, region_en=region_en, goal_status=goal_status,
                goal_summary=goal_summary, province_summary=province_summary,
                findings=findings, region_registry=registry, n_targets=int(n_targets),
                selected=selected, selection=how)


# --- rows shown on the family sheets ----------------------------------------------------------


@dataclass
class Row:
    """One city x indicator x target year, with its goals and the refs of its numbers."""

    region: str
    province: str | None
    indicator_id: str
    family: str
    year: int | None
    target: dict[str, object] | None
    national: dict[str, object] | None  # city_vs_goals row (reference_level national)
    provincial: dict[str, object] | None
    actual: dict[str, object] | None
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        return None if self.target is None else plain(self.target["compare_value"])

    def goal(self, level: str, same_year: bool = False) -> float | None:
        """The goal compared with (of the target's year, else the nearest year's)."""
        row = self.national if level == "national" else self.provincial
        if row is None or row.get("goal_id") is None or missing(row.get("goal_id")):
            return None
        if same_year and row.get("goal_match") == "nearest year":
            return None
        return plain(row["goal_compare_value"])

    def verdict(self, level: str) -> str | None:
        row = self.national if level == "national" else self.provincial
        return None if row is None else row["verdict"]

    def meets(self) -> str:
        """'meets_yes' / 'meets_no' / 'meets_unset' / 'meets_nogoal' (national first)."""
        if self.target is None:
            return "meets_unset"
        for level in ("national", "provincial"):
            verdict = self.verdict(level)
            if verdict in ("more ambitious", "equal"):
                return "meets_yes"
            if verdict == "less ambitious":
                return "meets_no"
        return "meets_nogoal"


def build_rows(data: Data) -> list[Row]:
    """Family-sheet rows in codebook order, then year, then set-before-unset, then region."""
    if data.vs.empty:
        return []
    order = {ind: i for i, ind in enumerate(data.indicators.get("indicator_id", []))}
    targets = {r["target_id"]: r for r in data.targets.to_dict("records")}
    actuals = {r["indicator_id"]: r for r in data.actuals.to_dict("records")}
    grouped: dict[tuple, Row] = {}
    for rec in data.vs.to_dict("records"):
        year = None if missing(rec["target_year"]) else int(rec["target_year"])
        key = (rec["region"], rec["indicator_id"], year)
        row = grouped.get(key)
        if row is None:
            target = None if missing(rec["target_id"]) else targets.get(rec["target_id"])
            row = grouped[key] = Row(
                region=rec["region"], province=plain(rec["province"]),
                indicator_id=rec["indicator_id"], family=plain(rec["family"]) or "",
                year=year, target=target, national=None, provincial=None,
                actual=actuals.get(rec["indicator_id"]))
        if rec["reference_level"] == "national":
            row.national = rec
        else:
            row.provincial = rec
    return sorted(grouped.values(), key=lambda r: (
        order.get(r.indicator_id, len(order)), r.indicator_id, year_key(r.year),
        r.target is None, r.region))


# --- Sources: one row per number -------------------------------------------------------------


@dataclass
class Source:
    ref: str
    kind: str  # kind_target / kind_national / kind_provincial / kind_actual
    scope: object
    indicator_id: object
    year: object
    value: object
    comparator: object
    value_text: object
    title: object
    doc_number: object
    issued_on: object
    quote: object
    char_start: object
    char_end: object
    record_id: object
    verified: object
    note: object
    curated: object = None  # a target added by hand (curation.csv): True


class SourceBook:
    """Hands out stable refs (T1, G1, A1) in the order numbers are first shown."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.sources: dict[tuple[str, str], Source] = {}
        self._counts = {"T": 0, "G": 0, "A": 0}
        self._goals = {r["goal_id"]: r for r in data.goals.to_dict("records")}

    def _next(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}{self._counts[prefix]}"

    def target(self, t: dict[str, object]) -> str:
        key = ("T", str(t["target_id"]))
        if key not in self.sources:
            self.sources[key] = Source(
                ref=self._next("T"), kind="kind_target", scope=t["region"],
                indicator_id=t["indicator_id"], year=t["target_year"], value=t["compare_value"],
                comparator=t["comparator"], value_text=t.get("value_text"),
                title=t["doc_title"], doc_number=t["doc_number"], issued_on=t["issued_on"],
                quote=t["quote"], char_start=t["char_start"], char_end=t["char_end"],
                record_id=t["target_id"], verified=None,
                note=t.get("curation_note") if t.get("curated") is True else t.get("match_note"),
                curated=t.get("curated") is True)
        return self.sources[key].ref

    def goal(self, goal_id: object) -> str | None:
        if missing(goal_id):
            return None
        key = ("G", str(goal_id))
        if key not in self.sources:
            g = self._goals.get(goal_id, {})
            self.sources[key] = Source(
                ref=self._next("G"),
                kind="kind_national" if g.get("scope_level") == "national" else
                "kind_provincial",
                scope=g.get("scope"), indicator_id=g.get("indicator_id"),
                year=g.get("target_year"), value=g.get("compare_value"),
                comparator=g.get("comparator"), value_text=None, title=g.get("source_title"),
                doc_number=g.get("doc_number"), issued_on=g.get("issued_on"),
                quote=g.get("excerpt"), char_start=g.get("char_start"),
                char_end=g.get("char_end"), record_id=goal_id, verified=g.get("verified"),
                note=g.get("note"))
        return self.sources[key].ref

    def actual(self, a: dict[str, object] | None) -> str | None:
        if a is None:
            return None
        key = ("A", str(a["indicator_id"]))
        if key not in self.sources:
            self.sources[key] = Source(
                ref=self._next("A"), kind="kind_actual", scope=a.get("scope"),
                indicator_id=a["indicator_id"], year=a.get("data_year"), value=a.get("value"),
                comparator=None, value_text=None, title=a.get("source_title"),
                doc_number=None, issued_on=None, quote=a.get("excerpt"), char_start=None,
                char_end=None,
                record_id=f"{a.get('source_file')}:{a.get('source_row')}"
                if not missing(a.get("source_file")) else None,
                verified=None, note=a.get("note"))
        return self.sources[key].ref

    def ordered(self) -> list[Source]:
        def key(s: Source) -> tuple[int, int]:
            return ("TGA".index(s.ref[0]), int(s.ref[1:]))
        return sorted(self.sources.values(), key=key)


def assign_refs(rows: Iterable[Row], book: SourceBook) -> None:
    for row in rows:
        if row.target is not None:
            row.refs["target"] = book.target(row.target)
        for level, rec in (("national", row.national), ("provincial", row.provincial)):
            if rec is not None and not missing(rec.get("goal_id")):
                row.refs[level] = book.goal(rec["goal_id"])  # type: ignore[assignment]
        if row.actual is not None:
            row.refs["actual"] = book.actual(row.actual)  # type: ignore[assignment]


# --- sheet helpers ------------------------------------------------------------------------------
