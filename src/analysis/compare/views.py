"""The comparison layer: cities against each other, against goals, against actuals.

Every comparison is written once, as a DuckDB view created in the store by
``create_views`` (so SQL users, notebooks and the Excel export all read the
same numbers); the Python functions below only select from those views, with
optional filters, and return tidy DataFrames in a fixed order.

Conventions shared by all views:

* Values are compared in the indicator's canonical unit: ``coalesce(value_std,
  value)`` (``value_std`` converts, e.g., beds per 10,000 to per 1,000); ratios
  written 1:x are already stored as x.
* A range (2-3处) is compared on its committed end: the low end for
  higher-is-better indicators, the high end for lower-is-better ones
  (``compare_value``).
* Only ``level`` targets mapped to an indicator are compared; a change
  (提高5个百分点) is not a level and has no goal to sit beside.
* A city is a region with at least one municipal or county document; its
  province comes from the document, else from ``regions.csv``.  A city without
  a province is still compared with the national goals.
* Every comparison row carries the target's ``target_id`` and ``quote`` and
  the goal's ``goal_id``, excerpt, source, 文号, ``verified`` flag and ``note``,
  so each number can be traced to the sentence that states it and each
  definitional caveat travels with the number it qualifies.

Missing data never raises: an empty store, one city, a province with no goals
or a store without reference tables all give (possibly empty) results.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypedDict, Unpack

import duckdb
import pandas as pd

from analysis import paths
from analysis.compare.names import resolve
from analysis.store.reference import DDL as REFERENCE_DDL
from analysis.store.reference import NATIONAL_SCOPE
from analysis.store.schema import DERIVED_PREFIX, INTERNAL_SCHEMA, StoreError, connect

Source = Path | str | duckdb.DuckDBPyConnection


class Filters(TypedDict, total=False):
    """Optional row filters shared by every view function (a value or a list of values)."""

    regions: str | Iterable[str] | None
    target_year: int | Iterable[int] | None
    indicators: str | Iterable[str] | None


VERDICTS = ("more ambitious", "equal", "less ambitious", "no reference goal",
            "not set by the city")
COMPARABLE = VERDICTS[:3]
EQUAL_TOLERANCE = 1e-9

AMBITION_FORMULA = (
    "share_at_least_as_ambitious = (n_more_ambitious + n_equal) / n_comparable; "
    "ambition_score = mean over comparable indicators of r, where r = city / goal for "
    "higher-is-better indicators and r = goal / city for lower-is-better ones "
    "(values in the indicator's canonical unit; a zero value leaves r undefined and "
    "out of the mean). Comparable = the city's target and the national goal for the same "
    "indicator and target year. 1.0 = on average exactly the national goals; above 1 = "
    "more ambitious."
)

# --- the views (SQL, written once) ----------------------------------------------------

_CITY_DOCUMENTS = """
SELECT d.doc_id, d.region,
       coalesce(d.level, r.level) AS level,
       coalesce(d.province, r.province) AS province,
       r.region_en, d.title, d.doc_number, d.issued_on
FROM documents d LEFT JOIN regions r ON r.region = d.region
WHERE d.region IS NOT NULL AND coalesce(d.level, r.level) IN ('municipal', 'county')
  AND d.duplicate_of IS NULL
"""

_CITIES = """
SELECT region, min(level) AS level, min(province) AS province, min(region_en) AS region_en,
       count(*) AS n_documents, min(issued_on) AS first_issued_on,
       max(issued_on) AS latest_issued_on
FROM city_documents
GROUP BY region
"""

_CITY_TARGETS = """
WITH candidates AS (
    SELECT c.region, c.region_en, c.level, c.province,
           t.indicator_id, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
           i.family, coalesce(i.direction, 'higher') AS direction,
           i.unit AS indicator_unit, t.target_year,
           {value} AS value, {value_high} AS value_high,
           {value_written} AS value_written, {value_high_written} AS value_high_written,
           t.unit AS unit_written, t.comparator, t.aspirational, t.maintain, t.annual,
           t.target_id, t.doc_id, cd.title AS doc_title, cd.doc_number, cd.issued_on,
           t.quote, t.char_start, t.char_end, t.value_text, t.match_note,
           {curated} AS curated, {curation_note} AS curation_note
    FROM targets t
    JOIN city_documents cd ON cd.doc_id = t.doc_id
    JOIN cities c ON c.region = cd.region
    LEFT JOIN indicators i ON i.indicator_id = t.indicator_id
    WHERE t.indicator_id IS NOT NULL AND t.kind = 'level'
), ranked AS (
    SELECT *,
           row_number() OVER (
               PARTITION BY region, indicator_id, target_year
               ORDER BY issued_on DESC NULLS LAST, doc_id, char_start, target_id
           ) AS pick,
           count(*) OVER (PARTITION BY region, indicator_id, target_year) AS n_statements
    FROM candidates
)
SELECT * EXCLUDE (pick),
       CASE WHEN direction = 'lower' THEN coalesce(value_high, value) ELSE value END
           AS compare_value
FROM ranked WHERE pick = 1
"""

_EFFECTIVE_GOALS = """
SELECT * EXCLUDE (pick) FROM (
    SELECT g.*, coalesce(i.direction, 'higher') AS direction,
           CASE WHEN coalesce(i.direction, 'higher') = 'lower'
                THEN coalesce(g.value_high, g.value) ELSE g.value END AS compare_value,
           row_number() OVER (
               PARTITION BY g.scope_level, g.scope, g.indicator_id, g.target_year
               ORDER BY CASE WHEN g.origin = 'reference_file' THEN 0 ELSE 1 END,
                        g.verified DESC, g.issued_on DESC NULLS LAST, g.goal_id
           ) AS pick
    FROM goals g LEFT JOIN indicators i ON i.indicator_id = g.indicator_id
)
WHERE pick = 1
"""

# The numeric core of city_vs_goals (which target meets which goal, gaps, verdicts) is
# materialised at build time; the view adds the texts (quotes, excerpts) by key, so
# a query for one city reads only that city's rows.
_CITY_VS_GOALS_CORE = """
WITH refs AS (
    SELECT region, 'national' AS reference_level, '{national}' AS reference_scope,
           0 AS ref_order FROM cities
    UNION ALL
    SELECT region, 'provincial', province, 1 FROM cities
), matched AS (
    SELECT s.region, s.reference_level, s.reference_scope, s.ref_order,
           t.indicator_id, t.target_year, t.target_id, g.goal_id
    FROM city_targets t
    JOIN refs s ON s.region = t.region
    LEFT JOIN effective_goals g
      ON g.indicator_id = t.indicator_id
     AND coalesce(g.target_year, -1) = coalesce(t.target_year, -1)
     AND g.scope_level = s.reference_level AND g.scope = s.reference_scope
), unset AS (
    SELECT s.region, s.reference_level, s.reference_scope, s.ref_order,
           g.indicator_id, g.target_year, NULL AS target_id, g.goal_id
    FROM refs s
    JOIN cities c ON c.region = s.region
    JOIN effective_goals g
      ON g.scope_level = s.reference_level AND g.scope = s.reference_scope
    WHERE (g.target_year IS NULL OR c.first_issued_on IS NULL
           OR g.target_year >= year(c.first_issued_on))
      AND NOT EXISTS (
          SELECT 1 FROM city_targets t
          WHERE t.region = s.region AND t.indicator_id = g.indicator_id
            AND coalesce(t.target_year, -1) = coalesce(g.target_year, -1))
), pairs AS (
    SELECT p.*, t.compare_value AS city_cmp, g.compare_value AS goal_cmp,
           coalesce(i.direction, 'higher') AS direction,
           round(t.compare_value - g.compare_value, 9) AS gap_abs
    FROM (SELECT * FROM matched UNION ALL SELECT * FROM unset) p
    LEFT JOIN city_targets t ON t.target_id = p.target_id
    LEFT JOIN effective_goals g ON g.goal_id = p.goal_id
    LEFT JOIN indicators i ON i.indicator_id = p.indicator_id
), judged AS (
    SELECT *,
           CASE WHEN goal_cmp <> 0 THEN round(gap_abs / abs(goal_cmp), 9) END AS gap_rel,
           CASE WHEN direction = 'lower' THEN -gap_abs ELSE gap_abs END AS gap_directed,
           CASE WHEN goal_id IS NULL THEN 'no reference goal'
                WHEN target_id IS NULL THEN 'not set by the city'
                WHEN abs(gap_abs) <= {tol} THEN 'equal'
                WHEN (CASE WHEN direction = 'lower' THEN -gap_abs ELSE gap_abs END) > 0
                    THEN 'more ambitious'
                ELSE 'less ambitious' END AS verdict,
           CASE WHEN target_id IS NULL OR goal_id IS NULL THEN NULL
                WHEN direction = 'lower' AND city_cmp <> 0 THEN round(goal_cmp / city_cmp, 9)
                WHEN direction <> 'lower' AND goal_cmp <> 0 THEN round(city_cmp / goal_cmp, 9)
           END AS ambition_ratio
    FROM pairs
)
SELECT * FROM judged
"""

_CITY_VS_GOALS = """
WITH set_years AS (
    SELECT region, indicator_id,
           string_agg(coalesce(CAST(target_year AS VARCHAR), 'annual'), ','
                      ORDER BY target_year NULLS LAST) AS city_set_years
    FROM city_targets GROUP BY region, indicator_id
)
SELECT c.region, c.region_en, c.level, c.province,
       j.indicator_id, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
       i.family, j.direction, i.unit AS indicator_unit, j.target_year,
       j.reference_level, j.reference_scope,
       t.value AS city_value, t.value_high AS city_value_high,
       t.compare_value AS city_compare_value,
       t.comparator AS city_comparator, t.aspirational AS city_aspirational,
       t.maintain AS city_maintain,
       g.value AS goal_value, g.value_high AS goal_value_high,
       g.compare_value AS goal_compare_value, g.comparator AS goal_comparator,
       j.gap_abs, j.gap_rel, j.gap_directed, j.verdict, j.ambition_ratio,
       sy.city_set_years,
       t.target_id, t.doc_id, t.doc_title, t.doc_number, t.issued_on,
       t.quote, t.char_start, t.char_end, t.value_written, t.unit_written, t.curated,
       g.goal_id, g.origin AS goal_origin, g.scope AS goal_scope,
       g.excerpt AS goal_excerpt, g.excerpt_language AS goal_excerpt_language,
       g.source_title AS goal_source_title, g.doc_number AS goal_doc_number,
       g.verified AS goal_verified, g.note AS goal_note,
       j.ref_order
FROM {core} j
JOIN cities c ON c.region = j.region
LEFT JOIN city_targets t ON t.target_id = j.target_id
LEFT JOIN effective_goals g ON g.goal_id = j.goal_id
LEFT JOIN indicators i ON i.indicator_id = j.indicator_id
LEFT JOIN set_years sy ON sy.region = j.region AND sy.indicator_id = j.indicator_id
"""

_COVERAGE = """
WITH ind AS (
    SELECT indicator_id FROM indicators WHERE core
    UNION SELECT indicator_id FROM city_targets
    UNION SELECT indicator_id FROM effective_goals
), set_by AS (
    SELECT region, indicator_id, count(*) AS n_target_years,
           string_agg(coalesce(CAST(target_year AS VARCHAR), 'annual'), ','
                      ORDER BY target_year NULLS LAST) AS target_years
    FROM city_targets GROUP BY region, indicator_id
), in_scope AS (
    SELECT c.region, g.indicator_id,
           string_agg(DISTINCT coalesce(CAST(g.target_year AS VARCHAR), 'annual'), ','
                      ORDER BY coalesce(CAST(g.target_year AS VARCHAR), 'annual'))
               AS goal_years
    FROM cities c JOIN effective_goals g
      ON g.scope_level = 'national' OR (g.scope_level = 'provincial' AND g.scope = c.province)
    GROUP BY c.region, g.indicator_id
), unaddressed AS (
    SELECT region, indicator_id,
           string_agg(DISTINCT coalesce(CAST(target_year AS VARCHAR), 'annual'), ','
                      ORDER BY coalesce(CAST(target_year AS VARCHAR), 'annual'))
               AS unaddressed_goal_years,
           string_agg(DISTINCT reference_scope, ',' ORDER BY reference_scope)
               AS unaddressed_goal_scopes
    FROM {vs_core} WHERE verdict = 'not set by the city'
    GROUP BY region, indicator_id
)
SELECT c.region, c.region_en, c.province, ind.indicator_id, i.family,
       i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
       coalesce(i.core, false) AS core,
       s.indicator_id IS NOT NULL AS set_by_city,
       coalesce(s.n_target_years, 0) AS n_target_years, s.target_years,
       q.goal_years, u.unaddressed_goal_years, u.unaddressed_goal_scopes,
       u.indicator_id IS NOT NULL AS leaves_goal_unaddressed,
       CASE WHEN s.indicator_id IS NOT NULL THEN 'set'
            WHEN u.indicator_id IS NOT NULL THEN 'not set; reference goal exists'
            ELSE 'not set' END AS status
FROM cities c
CROSS JOIN ind
LEFT JOIN indicators i ON i.indicator_id = ind.indicator_id
LEFT JOIN set_by s ON s.region = c.region AND s.indicator_id = ind.indicator_id
LEFT JOIN in_scope q ON q.region = c.region AND q.indicator_id = ind.indicator_id
LEFT JOIN unaddressed u ON u.region = c.region AND u.indicator_id = ind.indicator_id
"""

_AMBITION_INDEX = """
WITH v AS (
    SELECT * FROM {vs_core} WHERE reference_level = 'national'
), agg AS (
    SELECT c.region,
           count(v.verdict) FILTER (WHERE v.verdict IN {comparable}) AS n_comparable,
           count(v.verdict) FILTER (WHERE v.verdict = 'more ambitious') AS n_more_ambitious,
           count(v.verdict) FILTER (WHERE v.verdict = 'equal') AS n_equal,
           count(v.verdict) FILTER (WHERE v.verdict = 'less ambitious') AS n_less_ambitious,
           count(v.verdict) FILTER (WHERE v.verdict = 'not set by the city') AS n_goals_not_set,
           count(v.verdict) FILTER (WHERE v.verdict = 'no reference goal')
               AS n_targets_without_goal,
           avg(v.ambition_ratio) FILTER (WHERE v.verdict IN {comparable}) AS mean_ratio,
           count(v.ambition_ratio) FILTER (WHERE v.verdict IN {comparable}) AS n_ratios,
           string_agg(v.indicator_id || ' ' || coalesce(CAST(v.target_year AS VARCHAR), 'annual'),
                      ', ' ORDER BY v.indicator_id, v.target_year)
               FILTER (WHERE v.verdict IN {comparable}) AS comparable_indicators
    FROM cities c LEFT JOIN v ON v.region = c.region
    GROUP BY c.region
)
SELECT c.region, c.region_en, c.province,
       a.n_comparable, a.n_more_ambitious, a.n_equal, a.n_less_ambitious,
       a.n_more_ambitious + a.n_equal AS n_at_least_as_ambitious,
       CASE WHEN a.n_comparable > 0
            THEN round((a.n_more_ambitious + a.n_equal) / a.n_comparable, 9) END
           AS share_at_least_as_ambitious,
       round(a.mean_ratio, 9) AS ambition_score, a.n_ratios,
       a.n_goals_not_set, a.n_targets_without_goal, a.comparable_indicators,
       '{formula}' AS formula
FROM cities c JOIN agg a ON a.region = c.region
"""

_LATEST_NATIONAL_ACTUALS = """
SELECT * EXCLUDE (pick) FROM (
    SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY data_year DESC) AS pick
    FROM national_actuals WHERE scope_level = 'national'
)
WHERE pick = 1
"""

# Views whose rows are stored as a table at build time (prefixed name), the view
# reading that table: the base every other comparison reads several times.
MATERIALISED = ("city_targets",)
# In the store they live in their own schema (internal.city_targets, ...), apart from
# the public tables and views; connection-local ones (a read-only store) cannot have a
# schema and take the prefix _m_ instead (see _Local).
_MATERIAL_PREFIX = f"{INTERNAL_SCHEMA}."

# Peer statistics without a self-join.  When city_targets is materialised, each
# row also stores its position in its (indicator, year) group and in its
# (indicator, year, province) group, ordered by value; the groups' sorted values
# are kept in small tables.  A city's "others" are its group minus its own
# position p: with n values the others are n - 1, and their k-th value is the
# group's k-th if k < p, else the (k+1)-th.  Median, min and max follow by list
# indexing, so a query for one city touches only that city's rows.
_GROUP_KEYS = {"peer": ["indicator_id", "target_year"],
               "province": ["indicator_id", "target_year", "province"]}
_NULL_KEY = {"indicator_id": "''", "target_year": "-1", "province": "''"}
_MAX_LISTED_PEERS = 12  # beyond this many peers, list their count only


def _key(alias: str, k: str) -> str:
    # coalesce-equality, not IS NOT DISTINCT FROM: it keeps the join a hash join
    return f"coalesce({alias}.{k}, {_NULL_KEY[k]})"


def _positions_sql() -> str:
    """Each stored city target's position in its peer groups (by value, then region)."""
    cols = []
    for kind, keys in _GROUP_KEYS.items():
        part = ", ".join(keys)
        cols.append(f"CASE WHEN province IS NOT NULL OR '{kind}' = 'peer' THEN row_number() "
                    f"OVER (PARTITION BY {part} ORDER BY compare_value, region) END "
                    f"AS _{kind}_pos")
    return f"SELECT target_id, {', '.join(cols)} FROM {_MATERIAL_PREFIX}city_targets"


def _group_table_sql(kind: str) -> str:
    keys = _GROUP_KEYS[kind]
    where = "province IS NOT NULL" if "province" in keys else "true"
    return (
        f"SELECT {', '.join(keys)}, count(*) AS n, "
        "list(compare_value ORDER BY compare_value, region) AS vals, "
        f"CASE WHEN count(*) <= {_MAX_LISTED_PEERS + 1} "
        "THEN list(region ORDER BY region) END AS regions "
        f"FROM {_MATERIAL_PREFIX}city_targets WHERE {where} GROUP BY {', '.join(keys)}"
    )


def _others(g: str, pos: str, region: str) -> dict[str, str]:
    """SQL for the median/min/max/list of a group's values other than position ``pos``."""
    n = f"{g}.n"
    k1, k2 = f"({n} - 1) // 2", f"({n} - 1) // 2 + 1"

    def at(k: str) -> str:  # the k-th of the others = the group's k-th, or (k+1)-th past p
        return f"{g}.vals[CASE WHEN {k} < {pos} THEN {k} ELSE {k} + 1 END]"

    return {
        "n": f"coalesce({n} - 1, 0)",
        "median": (f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN ({n} - 1) % 2 = 1 "
                   f"THEN {at(f'{n} // 2')} ELSE ({at(k1)} + {at(k2)}) / 2 END"),
        "min": f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN {pos} = 1 THEN {g}.vals[2] "
               f"ELSE {g}.vals[1] END",
        "max": f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN {pos} = {n} THEN {g}.vals[{n} - 1] "
               f"ELSE {g}.vals[{n}] END",
        # the list without the city's own name; slices, not a lambda, whose syntax
        # differs between DuckDB 1.x and 2.x (the store is read by both)
        "regions": f"CASE WHEN {n} - 1 BETWEEN 1 AND {_MAX_LISTED_PEERS} THEN array_to_string("
                   f"list_concat({g}.regions[1:list_position({g}.regions, {region}) - 1], "
                   f"{g}.regions[list_position({g}.regions, {region}) + 1:]), ',') END",
    }


_P = _others("g", "pos._peer_pos", "t.region")
_PP = _others("pg", "pos._province_pos", "t.region")
_PEER_COMPARISON = f"""
SELECT t.region, t.region_en, t.province, t.indicator_id, t.indicator_name_zh,
       t.indicator_name_en, t.family, t.direction, t.indicator_unit, t.target_year,
       t.value, t.value_high, t.compare_value, t.comparator, t.aspirational,
       {_P["n"]} AS peers_n, {_P["median"]} AS peers_median, {_P["min"]} AS peers_min,
       {_P["max"]} AS peers_max, {_P["regions"]} AS peer_regions,
       round(t.compare_value - ({_P["median"]}), 9) AS gap_to_peers_median,
       {_PP["n"]} AS province_peers_n, {_PP["median"]} AS province_peers_median,
       {_PP["min"]} AS province_peers_min, {_PP["max"]} AS province_peers_max,
       {_PP["regions"]} AS province_peer_regions,
       na.value AS national_actual, na.data_year AS national_actual_year,
       na.source_title AS national_actual_source, na.excerpt AS national_actual_excerpt,
       na.note AS national_actual_note,
       round(t.compare_value - na.value, 9) AS gap_to_national_actual,
       t.target_id, t.doc_id, t.doc_title, t.doc_number, t.quote, t.char_start, t.char_end
FROM {_MATERIAL_PREFIX}city_targets t
JOIN {_MATERIAL_PREFIX}peer_positions pos ON pos.target_id = t.target_id
JOIN {_MATERIAL_PREFIX}peer_groups g
  ON {_key("g", "indicator_id")} = {_key("t", "indicator_id")}
 AND {_key("g", "target_year")} = {_key("t", "target_year")}
LEFT JOIN {_MATERIAL_PREFIX}province_groups pg
  ON {_key("pg", "indicator_id")} = {_key("t", "indicator_id")}
 AND {_key("pg", "target_year")} = {_key("t", "target_year")}
 AND pg.province = t.province
LEFT JOIN latest_national_actuals na ON na.indicator_id = t.indicator_id
""".replace("{", "{{").replace("}", "}}")

# name -> (SQL body, ORDER BY).  Order matters: a view may read the ones above it.
_CITY_ORDER = "region, indicator_id, target_year NULLS LAST"
VIEWS: dict[str, tuple[str, str]] = {
    "city_documents": (_CITY_DOCUMENTS, "region, issued_on NULLS LAST, doc_id"),
    "cities": (_CITIES, "region"),
    "city_targets": (_CITY_TARGETS, _CITY_ORDER),
    "effective_goals": (_EFFECTIVE_GOALS, "scope_level, scope, indicator_id, "
                                          "target_year NULLS LAST"),
    "city_vs_goals": (_CITY_VS_GOALS, f"{_CITY_ORDER}, ref_order"),
    "coverage": (_COVERAGE, "region, indicator_id"),
    "ambition_index": (_AMBITION_INDEX, "region"),
    "latest_national_actuals": (_LATEST_NATIONAL_ACTUALS, "indicator_id"),
    "peer_comparison": (_PEER_COMPARISON, _CITY_ORDER),
}
# Views whose numeric core is stored as a table at build time.
CORES = {"city_vs_goals": _CITY_VS_GOALS_CORE}
PUBLIC_VIEWS = ("city_targets", "city_vs_goals", "coverage", "ambition_index",
                "peer_comparison")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main'", [table]).fetchall()
    return {r[0] for r in rows}


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Tables and views visible to the connection (name -> table_type); tables outside
    the main schema are named with their schema (internal.city_targets)."""
    rows = con.execute(
        "SELECT CASE WHEN table_schema = 'main' THEN table_name "
        "ELSE table_schema || '.' || table_name END, table_type "
        "FROM information_schema.tables").fetchall()
    return {name: kind for name, kind in rows}


class _Local:
    """A connection whose SQL names the internal tables by the temporary prefix.

    A read-only store gets connection-local (TEMP) views and tables, and DuckDB's
    temporary catalog has no schemas: there ``internal.x`` is ``_m_x``.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, sql: str, params: object = None) -> duckdb.DuckDBPyConnection:
        sql = _local_sql(sql)
        return self.con.execute(sql) if params is None else self.con.execute(sql, params)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self.con.register(name, frame)

    def unregister(self, name: str) -> None:
        self.con.unregister(name)


def _local_sql(sql: str) -> str:
    return sql.replace(_MATERIAL_PREFIX, DERIVED_PREFIX)


def _view_sql(name: str, target_columns: set[str], core: bool = False) -> str:
    """The SQL of a view (or, with ``core``, of its stored numeric core)."""
    body, order = (CORES[name], "") if core else VIEWS[name]
    has_std = {"value_std", "value_std_high"} <= target_columns
    formula = AMBITION_FORMULA.replace("'", "''")
    body = body.format(
        core=f"{_MATERIAL_PREFIX}{name}_core",
        vs_core=f"{_MATERIAL_PREFIX}city_vs_goals_core",
        value="coalesce(t.value_std, t.value)" if has_std else "t.value",
        value_high="coalesce(t.value_std_high, t.value_high)" if has_std else "t.value_high",
        value_written="coalesce(t.value_written, t.value)"
        if "value_written" in target_columns else "t.value",
        value_high_written="coalesce(t.value_high_written, t.value_high)"
        if "value_high_written" in target_columns else "t.value_high",
        curated="coalesce(t.curated, false)" if "curated" in target_columns else "false",
        curation_note="t.curation_note" if "curation_note" in target_columns else "NULL",
        national=NATIONAL_SCOPE,
        tol=EQUAL_TOLERANCE,
        comparable="(" + ", ".join(f"'{v}'" for v in COMPARABLE) + ")",
        formula=formula,
    )
    # ORDER BY outside the body: DuckDB 1.x finds "region" ambiguous between the output
    # column and the joined tables' columns, and the store is read by 1.x too
    return f"SELECT * FROM (\n{body.rstrip()}\n) AS v\nORDER BY {order}" if order else body


def create_views(
    con: duckdb.DuckDBPyConnection,
    temporary: bool = False,
    regions: Collection[str] | None = None,
) -> None:
    """Create (or replace) every comparison view in the store ``con`` is connected to.

    Reference tables a store lacks (an older build) are created empty first, so
    the views answer "no reference goal" instead of failing.  ``temporary``
    creates connection-local views and tables, which a read-only store allows.

    The tables behind the views (schema ``internal``) are recomputed whole, or, with
    ``regions``, only for those regions: an incremental build whose reference
    goals did not change passes the regions whose documents changed.
    """
    temp = "TEMP " if temporary else ""
    if temporary:
        con = _Local(con)  # type: ignore[assignment]
    else:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {INTERNAL_SCHEMA}")
    present = _relations(con)
    for table, ddl in REFERENCE_DDL.items():
        if table not in present:
            con.execute(f"CREATE {temp}TABLE {table} ({ddl})")
    stored = {f"{_MATERIAL_PREFIX}{n}" for n in MATERIALISED}
    stored |= {f"{_MATERIAL_PREFIX}{n}_core" for n in CORES}
    if temporary:
        stored = {_local_sql(name) for name in stored}
    if regions is not None and not stored <= set(present):
        regions = None  # nothing to update: compute everything
    target_columns = _columns(con, "targets")
    for name in VIEWS:
        if name in CORES:  # the numeric part, stored; the view adds texts by key
            _store(con, temp, f"{_MATERIAL_PREFIX}{name}_core",
                   _view_sql(name, target_columns, core=True), regions)
        sql = _view_sql(name, target_columns)
        if name in MATERIALISED:
            # computed once per build; every other view reads it many times
            table = f"{_MATERIAL_PREFIX}{name}"
            _store(con, temp, table, sql.rsplit("\nORDER BY", 1)[0], regions)
            con.execute(f"CREATE OR REPLACE {temp}TABLE {_MATERIAL_PREFIX}peer_positions AS "
                        f"{_positions_sql()}")
            for kind in _GROUP_KEYS:
                con.execute(f"CREATE OR REPLACE {temp}TABLE {_MATERIAL_PREFIX}{kind}_groups AS "
                            f"{_group_table_sql(kind)}")
            sql = f"SELECT * FROM {table} ORDER BY {VIEWS[name][1]}"
        con.execute(f"CREATE OR REPLACE {temp}VIEW {name} AS {sql}")


def _store(con: duckdb.DuckDBPyConnection, temp: str, table: str, sql: str,
           regions: Collection[str] | None) -> None:
    """Write a query's rows to a table: all of them, or replace only those of ``regions``."""
    if regions is None:
        con.execute(f"CREATE OR REPLACE {temp}TABLE {table} AS {sql}")
        return
    if not regions:
        return
    con.register("_changed", pd.DataFrame({"region": sorted(regions)}, dtype="object"))
    try:
        con.execute(f"DELETE FROM {table} WHERE region IN (SELECT region FROM _changed)")
        con.execute(f"INSERT INTO {table} SELECT * FROM ({sql}) "
                    "WHERE region IN (SELECT region FROM _changed)")
    finally:
        con.unregister("_changed")


# --- Python access ----------------------------------------------------------------------


@contextlib.contextmanager
def _open(db: Source) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection whose views exist: the store's own, else temporary ones."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        _ensure_views(db)
        yield db
        return
    with connect(Path(db)) as con:
        _ensure_views(con)
        yield con


# A connection to the store whose comparison views exist (the store's, else temporary).
open_with_views = _open


def _ensure_views(con: duckdb.DuckDBPyConnection) -> None:
    present = _relations(con)
    for table in ("documents", "targets", "indicators"):
        if table not in present:
            raise StoreError(f"the store has no {table!r} table; is it a store built by "
                             "`python -m analysis build`?")
    if any(name not in present for name in VIEWS):
        create_views(con, temporary=True)


def _as_list(values: str | int | Iterable[str] | Iterable[int] | None) -> list[object] | None:
    if values is None:
        return None
    if isinstance(values, str | int):
        return [values]
    return list(values)


def read_view(
    db: Source,
    view: str,
    *,
    regions: str | Iterable[str] | None = None,
    target_year: int | Iterable[int] | None = None,
    indicators: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows of a comparison view, filtered, in the view's documented order.

    A filter on a column the view does not have (``target_year`` on
    ``ambition_index``) is ignored rather than an error, so callers can pass the
    same filters to every view.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {sorted(VIEWS)}")
    with _open(db) as con:
        # names as typed (潍坊, 每千人口医疗卫生机构床位数) -> stored names; unknown ones raise
        regions, indicators = (resolve(con, regions=_as_list(regions),
                                       indicators=_as_list(indicators))[k]
                               for k in ("regions", "indicators"))
        filters = {"region": regions, "target_year": _as_list(target_year),
                   "indicator_id": indicators}
        columns = _columns(con, view)
        where, params = [], []
        for col, values in filters.items():
            if values is not None and col in columns:
                where.append(f"{col} IN ({', '.join('?' for _ in values)})" if values else "false")
                params.extend(values)
        sql = f"SELECT * FROM {view}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        frame = con.execute(f"{sql} ORDER BY {VIEWS[view][1]}", params).df()
    return frame.drop(columns=["ref_order"], errors="ignore")


def city_targets(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """One row per city x indicator x target year: the latest plan's target, with its quote.

    When several plans set the same indicator and year, the latest ``issued_on``
    wins (then doc_id, then position in the text); ``n_statements`` says how many
    statements competed.  Filters: ``regions``, ``target_year``, ``indicators``.
    """
    return read_view(db, "city_targets", **filters)


def city_vs_goals(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each city target beside the national and its province's goal (one row per scope).

    ``gap_abs`` = city - goal, ``gap_rel`` = gap / |goal|, ``gap_directed`` is
    positive when the city is more ambitious (sign flipped for lower-is-better
    indicators).  ``verdict`` is one of ``VERDICTS``; goals the city leaves
    unaddressed appear as 'not set by the city' rows (only goals whose year is
    not before the city's first plan, since a 2024 plan cannot address 2020).
    """
    return read_view(db, "city_vs_goals", **filters)


def coverage(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Long region x indicator matrix: what each city set, and goals it leaves unaddressed."""
    return read_view(db, "coverage", **filters)


def coverage_matrix(db: Source = paths.STORE, value: str = "status",
                    **filters: Unpack[Filters]) -> pd.DataFrame:
    """``coverage`` pivoted: one row per indicator, one column per city (cells = ``value``)."""
    long = coverage(db, **filters)
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot(index="indicator_id", columns="region", values=value)
    return wide.sort_index().reindex(sorted(wide.columns), axis=1)


def ambition_index(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Per city: how often and by how much it is at least as ambitious as the national goals.

    ``share_at_least_as_ambitious`` = (more ambitious + equal) / comparable;
    ``ambition_score`` = mean of city/goal, inverted (goal/city) for
    lower-is-better indicators; see ``AMBITION_FORMULA`` (also the ``formula``
    column).  NULL when a city has no indicator comparable with a national goal.
    """
    return read_view(db, "ambition_index", **filters)


def peer_comparison(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each city target beside the other cities' median/min/max and the latest national actual.

    Peers are the OTHER cities that set the same indicator for the same year;
    ``province_peers_*`` restricts them to the city's province.  The national
    actual is the latest data year in ``national_actuals``.
    """
    return read_view(db, "peer_comparison", **filters)


def side_by_side(
    db: Source,
    regions: Sequence[str],
    *,
    shared_only: bool = True,
    target_year: int | Iterable[int] | None = None,
    indicators: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Cities' targets in columns, one row per indicator and year (values in canonical units).

    With ``shared_only`` only the indicators every listed city set for that year
    are kept: the fair basis for a head-to-head comparison.
    """
    regions = list(regions)
    targets = city_targets(db, regions=regions, target_year=target_year, indicators=indicators)
    index = ["indicator_id", "target_year"]
    if targets.empty:
        return pd.DataFrame(columns=[*index, *regions])
    # city_targets has one row per region x indicator x year, so this is a plain reshape;
    # annual targets (no year) get a sentinel key while reshaping, since NA cannot be one.
    annual = -1
    targets["target_year"] = targets["target_year"].astype("Int64").fillna(annual)
    wide = targets.set_index([*index, "region"])["compare_value"].unstack("region")
    wide = wide.reindex(columns=regions)
    if shared_only:
        wide = wide.dropna(how="any")
    wide = wide.reset_index()
    wide["target_year"] = wide["target_year"].astype("Int64").replace(annual, pd.NA)
    wide = wide.sort_values(index, na_position="last", kind="stable").reset_index(drop=True)
    wide.columns.name = None
    return wide


# --- CLI ---------------------------------------------------------------------------------

DEFAULT_COLUMNS: dict[str, list[str]] = {
    "city_targets": ["region", "indicator_id", "target_year", "value", "comparator", "doc_number"],
    "city_vs_goals": ["region", "indicator_id", "target_year", "reference_scope", "city_value",
                      "goal_value", "gap_abs", "verdict", "goal_verified"],
    "coverage": ["region", "indicator_id", "status", "target_years", "unaddressed_goal_years"],
    "ambition_index": ["region", "n_comparable", "share_at_least_as_ambitious",
                       "ambition_score"],
    "peer_comparison": ["region", "indicator_id", "target_year", "compare_value", "peers_n",
                        "peers_median", "national_actual", "national_actual_year"],
}


def _cmd_compare(args: argparse.Namespace) -> int:
    from analysis.exitcodes import EXIT_ERROR, EXIT_OK

    try:
        frame = read_view(Path(args.db), args.view, regions=args.region or None,
                          target_year=args.year, indicators=args.indicator or None)
    except (StoreError, duckdb.Error, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.csv:
        frame.to_csv(args.csv, index=False, encoding="utf-8-sig")
        print(f"wrote {len(frame)} rows to {args.csv}")
        return EXIT_OK
    shown = frame if args.all_columns else frame[DEFAULT_COLUMNS.get(args.view, list(frame))]
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(shown.to_string(index=False) if not shown.empty else f"{args.view}: no rows")
    if args.view == "ambition_index":
        print(f"\n{AMBITION_FORMULA}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """``python -m analysis compare``."""
    c = sub.add_parser("compare", help="print a comparison view (cities vs goals, peers, ...)")
    c.add_argument("--db", default=str(paths.STORE), help="DuckDB store to read")
    c.add_argument("--view", default="city_vs_goals", choices=PUBLIC_VIEWS)
    c.add_argument("--region", action="append", help="only this region (repeatable)")
    c.add_argument("--indicator", action="append", help="only this indicator id (repeatable)")
    c.add_argument("--year", type=int, default=None, help="only this target year")
    c.add_argument("--all-columns", action="store_true", help="print every column")
    c.add_argument("--csv", default=None, help="write the rows to this CSV instead of printing")
    c.set_defaults(func=_cmd_compare)
