"""What the site reads from the store, read once: tables, the comparison views, texts.

The site selects and formats; every comparison number comes from the views in
``analysis.compare.views``.  Columns added to the store later (a coverage
``status`` in city_vs_goals, ``targets.curated``) are kept as they come, so
the pages can show them when they exist.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis.compare import views as compare
from analysis.outputs import style
from analysis.store.schema import connect, text_file

_SAFE = re.compile(r"[A-Za-z0-9_.-]+")


def safe_name(key: str, prefix: str) -> str:
    """A file-name-safe, stable name: the key itself when it is plain ASCII, else a hash."""
    if _SAFE.fullmatch(key) and not key.startswith("."):
        return key
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def anchor(target_id: str) -> str:
    """The HTML id of a target's (or statistic's) mark on its document page."""
    return "t-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(target_id))


def _table(con: duckdb.DuckDBPyConnection, name: str, order: str) -> pd.DataFrame:
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if name not in present:
        return pd.DataFrame()
    return con.execute(f"SELECT * FROM {name} ORDER BY {order}").df()


def _records(frame: pd.DataFrame, key: str) -> dict[str, list[dict[str, object]]]:
    """Rows grouped by ``key`` (as dicts, NaN -> None), in the frame's order."""
    out: dict[str, list[dict[str, object]]] = {}
    if frame.empty or key not in frame.columns:
        return out
    for row in records(frame):
        out.setdefault(row[key], []).append(row)
    return out


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows as dicts with None for missing values (column-wise: fast on large frames)."""
    if frame.empty:
        return []
    columns = list(frame.columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


@dataclass
class SiteData:
    """The store's content, grouped the way the pages read it."""

    db: Path
    info: dict[str, str]
    documents: pd.DataFrame
    indicators: pd.DataFrame
    cities: pd.DataFrame
    targets: dict[str, list[dict[str, object]]]        # doc_id -> every target
    observations: dict[str, list[dict[str, object]]]   # doc_id -> every statistic
    vs_goals: dict[str, list[dict[str, object]]]       # region -> city_vs_goals rows
    peers: dict[str, dict[str, object]]                # target_id -> peer_comparison row
    coverage: dict[str, list[dict[str, object]]]       # region -> coverage rows
    ambition: dict[str, dict[str, object]]             # region -> ambition_index row
    goals: dict[str, list[dict[str, object]]]          # indicator -> goals rows
    actuals: dict[str, list[dict[str, object]]]        # indicator -> national_actuals rows
    city_targets: pd.DataFrame
    doc_kinds: dict[str, dict[str, object]] = field(default_factory=dict)  # kind -> names
    city_slugs: dict[str, str] = field(default_factory=dict)
    doc_slugs: dict[str, str] = field(default_factory=dict)

    @property
    def built_on(self) -> str:
        return self.info.get("built_on", "")

    def document(self, doc_id: str) -> dict[str, object]:
        return self._documents.get(doc_id, {})

    def indicator(self, indicator_id: str) -> dict[str, object]:
        return self._indicators.get(indicator_id, {})

    def set_indicators(self) -> list[str]:
        """Indicators some city set, in codebook order: one page each."""
        set_ids = set(self.city_targets["indicator_id"]) if not self.city_targets.empty else set()
        return [i for i in self.indicators["indicator_id"] if i in set_ids]

    def __post_init__(self) -> None:
        self._indicators = {k: v[0] for k, v in _records(self.indicators, "indicator_id").items()}
        # chart group -> indicators, as the figures draw them (their file names use the group)
        self.chart_groups = style.chart_groups(self._indicators.values())
        self.region_en: dict[str, str] = {} if self.cities.empty else {
            r: e for r, e in zip(self.cities["region"], self.cities["region_en"], strict=True)
            if isinstance(e, str)}
        self._documents = {k: v[0] for k, v in _records(self.documents, "doc_id").items()}
        self.docs_by_region: dict[str, list[str]] = {}
        for doc in self._documents.values():
            if doc.get("region") is not None:
                self.docs_by_region.setdefault(str(doc["region"]), []).append(str(doc["doc_id"]))
        self._targets = {str(t["target_id"]): t for rows in self.targets.values() for t in rows}
        self.vs_goals_by_indicator: dict[str, dict[str, list[dict[str, object]]]] = {}
        for region, rows in self.vs_goals.items():
            for row in rows:
                if row.get("target_id") is not None:
                    by_region = self.vs_goals_by_indicator.setdefault(str(row["indicator_id"]), {})
                    by_region.setdefault(region, []).append(row)

    def target(self, target_id: str) -> dict[str, object]:
        """A stored target by id (with its value offsets), {} when unknown."""
        return self._targets.get(str(target_id), {})


def _city_slugs(cities: pd.DataFrame) -> dict[str, str]:
    """Region -> page name: its English name when unique and plain, else a stable hash."""
    if cities.empty:
        return {}
    plain = {r: re.sub(r"[^a-z0-9]+", "-", str(e).lower()).strip("-") if isinstance(e, str)
             else "" for r, e in zip(cities["region"], cities["region_en"], strict=True)}
    counts = pd.Series(list(plain.values())).value_counts()
    return {r: s if s and counts[s] == 1 else safe_name(r, "c") for r, s in plain.items()}


def _grouped(con: duckdb.DuckDBPyConnection, name: str, order: str,
             key: str) -> dict[str, list[dict[str, object]]]:
    """Rows of a table or view as dicts (NULL -> None) grouped by ``key``, without pandas.

    The national store has tens of thousands of targets: DuckDB's own tuples are
    several times faster to read than a DataFrame turned into dicts.
    """
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if name not in present:
        return {}
    cur = con.execute(f"SELECT * FROM {name} ORDER BY {order}")
    columns = [d[0] for d in cur.description]
    out: dict[str, list[dict[str, object]]] = {}
    for values in cur.fetchall():
        row = dict(zip(columns, values, strict=True))
        row.pop("ref_order", None)
        out.setdefault(row[key], []).append(row)
    return out


def load(db: Path | str) -> SiteData:
    """Read the store once (views created on the fly for stores built without them)."""
    db = Path(db)
    with connect(db) as con:
        con.execute("SET enable_progress_bar = false")  # the command prints its own summary
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall()) \
            if "build_info" in {r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()} else {}
        # read_view first: it creates the views (as temporary ones) in a store without them
        frames = {name: compare.read_view(con, name) for name in
                  ("cities", "city_targets", "ambition_index")}
        views = {name: _grouped(con, name, compare.VIEWS[name][1], key) for name, key in
                 (("city_vs_goals", "region"), ("coverage", "region"),
                  ("peer_comparison", "target_id"))}
        documents = _table(con, "documents", "region NULLS LAST, issued_on NULLS LAST, doc_id")
        indicators = _table(con, "indicators", "rowid")
        targets = _grouped(con, "targets", "doc_id, char_start, target_id", "doc_id")
        observations = _grouped(con, "observations", "doc_id, char_start, observation_id",
                                "doc_id")
        goals = _grouped(con, "goals", "indicator_id, scope_level DESC, scope, "
                                       "target_year NULLS LAST, goal_id", "indicator_id")
        actuals = _grouped(con, "national_actuals", "indicator_id, scope, data_year",
                           "indicator_id")
        kinds = {k: v[0] for k, v in _grouped(con, "document_kinds", "doc_kind",
                                                "doc_kind").items()}
    peers = {k: v[0] for k, v in views["peer_comparison"].items()}
    ambition = {k: v[0] for k, v in _records(frames["ambition_index"], "region").items()}
    data = SiteData(
        db=db, info=info, documents=documents, indicators=indicators, cities=frames["cities"],
        targets=targets, observations=observations, vs_goals=views["city_vs_goals"],
        peers=peers, coverage=views["coverage"], ambition=ambition, goals=goals,
        actuals=actuals, city_targets=frames["city_targets"], doc_kinds=kinds)
    data.city_slugs = _city_slugs(frames["cities"])
    data.doc_slugs = {d: safe_name(d, "d") for d in documents["doc_id"]} \
        if not documents.empty else {}
    return data


def read_text(data: SiteData, doc: dict[str, object]) -> str | None:
    """The document's text, the file every offset points into (None when it is gone)."""
    candidates = []
    if isinstance(doc.get("text_path"), str):  # relative to the project or the store
        candidates.append(text_file(data.db, str(doc["text_path"])))
    candidates.append(data.db.parent / "text" / f"{doc['doc_id']}.txt")
    for path in candidates:
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None
