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
import difflib
import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

import duckdb

from analysis import paths
from analysis.compare.names import resolve
from analysis.store.reference import DDL as REFERENCE_DDL
from analysis.store.reference import NATIONAL_SCOPE
from analysis.store.schema import (
    DERIVED_PREFIX,
    INTERNAL_SCHEMA,
    PREVIOUS_STORE,
    SCHEMA,
    StoreError,
    connect,
)

if TYPE_CHECKING:
    import pandas as pd

Source = Path | str | duckdb.DuckDBPyConnection


class Filters(TypedDict, total=False):
    """Optional row filters shared by every view function (a value or a list of values)."""

    regions: str | Iterable[str] | None
    target_year: int | Iterable[int] | None
    indicators: str | Iterable[str] | None


VERDICTS = ("more ambitious", "equal", "less ambitious", "no reference goal",
            "set in words", "not set by the city")
COMPARABLE = VERDICTS[:3]
EQUAL_TOLERANCE = 1e-9

MIN_COMPARABLE = 3  # comparable targets a city needs before it is ranked
NATIONAL_TREND_YEARS = 4  # the national annual change is taken over at most this many years
TEMPLATE_MIN_CITIES = 2  # cities of one province with the same value: a probable template

# A city's response to a goal (goal_status) and to an indicator (coverage).
STATUSES = ("set", "set in words", "set for another year", "not addressed", "not applicable")
COVERAGE_STATUSES = ("set", "set in words", "not addressed", "not applicable")
ACTUAL_VERDICTS = ("below today's national level", "at today's national level",
                   "above today's national level")

AMBITION_FORMULA = (
    "For each target with a national goal of the same indicator and the same target year "
    "(a comparable target), r = city / goal for higher-is-better indicators and "
    "r = goal / city for lower-is-better ones (canonical units; r is unit-free). "
    "share_at_least_as_ambitious = (n_more_ambitious + n_equal) / n_comparable; "
    "ambition_score = the median of r (robust to one extreme indicator). Cities are ranked "
    f"only with at least {MIN_COMPARABLE} comparable targets (n_comparable shown), by the "
    "share, then the median; the others are 'not enough to rank'. Limits: goals of another "
    "year and commitments in words are not counted; r rewards a city for exceeding a goal, "
    "not for the effort from its starting level; a handful of indicators decide the rank."
)
AMBITION_FORMULA_ZH = (
    "对每个有同一指标、同一目标年份国家目标的城市目标（可比目标），r = 城市目标 ÷ 国家目标"
    "（越低越好的指标取 国家目标 ÷ 城市目标；r 无单位）。不低于国家目标的比例 = （高于 + 持平）"
    f"÷ 可比目标数；雄心指数 = r 的中位数（不受单个极端指标左右）。可比目标不少于{MIN_COMPARABLE}项"
    "的城市才参与排名（列出可比目标数 n），先按比例、再按中位数排序；其余城市标为“可比目标不足，"
    "不排名”。局限：其他年份的目标和文字表述的承诺不计入；r 衡量是否超过国家目标，不衡量城市"
    "从现状出发需要付出的努力；排名取决于少数几个指标。"
)

# Tables of the schema that a store built by an older version may lack: created empty,
# so the views answer "no observation", "no citation" rather than fail.
OPTIONAL_TABLES = ("observations", "document_kinds", "citations")

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
    JOIN {city_documents} cd ON cd.doc_id = t.doc_id
    JOIN {cities} c ON c.region = cd.region
    LEFT JOIN indicators i ON i.indicator_id = t.indicator_id
    WHERE t.indicator_id IS NOT NULL AND t.kind = 'level' AND {numeric}
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
           0 AS ref_order FROM {cities}
    UNION ALL
    SELECT region, 'provincial', province, 1 FROM {cities}
), candidates AS (
    -- the goal of the target's own year, else of the nearest year (ties: the later
    -- goal); an annual target (no year) only meets an annual goal
    SELECT s.region, s.reference_level, s.reference_scope, s.ref_order,
           t.indicator_id, t.target_year, t.target_id, g.goal_id,
           row_number() OVER (
               PARTITION BY t.target_id, s.reference_level
               ORDER BY abs(g.target_year - t.target_year) NULLS FIRST,
                        g.target_year DESC NULLS LAST, g.goal_id
           ) AS pick
    FROM {city_targets} t
    JOIN refs s ON s.region = t.region
    LEFT JOIN effective_goals g
      ON g.indicator_id = t.indicator_id
     AND (g.target_year IS NULL) = (t.target_year IS NULL)
     AND g.scope_level = s.reference_level AND g.scope = s.reference_scope
), matched AS (
    SELECT * EXCLUDE (pick) FROM candidates WHERE pick = 1
), unset AS (
    SELECT s.region, s.reference_level, s.reference_scope, s.ref_order,
           g.indicator_id, g.target_year, NULL AS target_id, g.goal_id
    FROM refs s
    JOIN {cities} c ON c.region = s.region
    JOIN effective_goals g
      ON g.scope_level = s.reference_level AND g.scope = s.reference_scope
    WHERE (g.target_year IS NULL OR c.first_issued_on IS NULL
           OR g.target_year >= year(c.first_issued_on))
      AND NOT EXISTS (
          SELECT 1 FROM {city_targets} t
          WHERE t.region = s.region AND t.indicator_id = g.indicator_id
            AND coalesce(t.target_year, -1) = coalesce(g.target_year, -1))
), pairs AS (
    SELECT p.*, t.compare_value AS city_cmp, g.compare_value AS goal_cmp,
           g.target_year AS goal_year,
           CASE WHEN p.goal_id IS NULL OR p.target_id IS NULL THEN NULL
                WHEN coalesce(g.target_year, -1) = coalesce(p.target_year, -1) THEN 'same year'
                ELSE 'nearest year' END AS goal_match,
           g.target_year - p.target_year AS goal_years_apart,
           coalesce(i.direction, 'higher') AS direction,
           round(t.compare_value - g.compare_value, 9) AS gap_abs,
           -- a goal the city answers with a commitment in words (for its year, or no year)
           p.target_id IS NULL AND EXISTS (
               SELECT 1 FROM targets w JOIN {city_documents} wd ON wd.doc_id = w.doc_id
               WHERE wd.region = p.region AND w.indicator_id = p.indicator_id
                 AND {words_w}
                 AND (w.target_year IS NULL OR w.target_year = p.target_year)
           ) AS city_in_words
    FROM (SELECT * FROM matched UNION ALL SELECT * FROM unset) p
    LEFT JOIN {city_targets} t ON t.target_id = p.target_id
    LEFT JOIN effective_goals g ON g.goal_id = p.goal_id
    LEFT JOIN indicators i ON i.indicator_id = p.indicator_id
), judged AS (
    SELECT *,
           CASE WHEN goal_cmp <> 0 THEN round(gap_abs / abs(goal_cmp), 9) END AS gap_rel,
           CASE WHEN goal_cmp <> 0
                THEN round((CASE WHEN direction = 'lower' THEN -gap_abs ELSE gap_abs END)
                           / abs(goal_cmp), 9) END AS gap_rel_directed,
           CASE WHEN direction = 'lower' THEN -gap_abs ELSE gap_abs END AS gap_directed,
           CASE WHEN goal_id IS NULL THEN 'no reference goal'
                WHEN target_id IS NULL AND city_in_words THEN 'set in words'
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
SELECT * EXCLUDE (city_in_words) FROM judged
"""

_CITY_VS_GOALS = """
WITH set_years AS (
    SELECT region, indicator_id,
           string_agg(coalesce(CAST(target_year AS VARCHAR), 'annual'), ','
                      ORDER BY target_year NULLS LAST) AS city_set_years
    FROM {city_targets} GROUP BY region, indicator_id
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
       j.gap_abs, j.gap_rel, j.gap_directed, j.gap_rel_directed, j.verdict,
       j.ambition_ratio,
       j.goal_year, j.goal_match, j.goal_years_apart,
       sy.city_set_years,
       t.target_id, t.doc_id, t.doc_title, t.doc_number, t.issued_on,
       t.quote, t.char_start, t.char_end, t.value_written, t.unit_written, t.curated,
       g.goal_id, g.origin AS goal_origin, g.scope AS goal_scope,
       g.excerpt AS goal_excerpt, g.excerpt_language AS goal_excerpt_language,
       g.source_title AS goal_source_title, g.doc_number AS goal_doc_number,
       g.verified AS goal_verified, g.note AS goal_note, g.note_zh AS goal_note_zh,
       j.ref_order
FROM {core} j
JOIN {cities} c ON c.region = j.region
LEFT JOIN {city_targets} t ON t.target_id = j.target_id
LEFT JOIN effective_goals g ON g.goal_id = j.goal_id
LEFT JOIN indicators i ON i.indicator_id = j.indicator_id
LEFT JOIN set_years sy ON sy.region = j.region AND sy.indicator_id = j.indicator_id
"""

# The indicators coverage lists for every city: one list across cities, so a new indicator
# in one city's plan adds a row to every city (an incremental build checks it).
_COVERAGE_INDICATORS = """
    SELECT indicator_id FROM indicators WHERE core
    UNION SELECT indicator_id FROM {all_city_targets}
    UNION SELECT indicator_id FROM effective_goals"""

_COVERAGE = """
WITH ind AS (""" + _COVERAGE_INDICATORS + """
), set_by AS (
    SELECT region, indicator_id, count(*) AS n_target_years,
           string_agg(coalesce(CAST(target_year AS VARCHAR), 'annual'), ','
                      ORDER BY target_year NULLS LAST) AS target_years
    FROM {city_targets} WHERE region IN (SELECT region FROM {cities})
    GROUP BY region, indicator_id
), in_scope AS (
    SELECT c.region, g.indicator_id,
           string_agg(DISTINCT coalesce(CAST(g.target_year AS VARCHAR), 'annual'), ','
                      ORDER BY coalesce(CAST(g.target_year AS VARCHAR), 'annual'))
               AS goal_years
    FROM {cities} c JOIN effective_goals g
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
      AND region IN (SELECT region FROM {cities})
    GROUP BY region, indicator_id
)
SELECT c.region, c.region_en, c.province, ind.indicator_id, i.family,
       i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
       coalesce(i.core, false) AS core,
       s.indicator_id IS NOT NULL AS set_by_city,
       coalesce(s.n_target_years, 0) AS n_target_years, s.target_years,
       q.goal_years, u.unaddressed_goal_years, u.unaddressed_goal_scopes,
       u.indicator_id IS NOT NULL AS leaves_goal_unaddressed,
       w.target_id AS words_target_id,
       coalesce(ap.applicable, true) AS applicable,
       CASE WHEN s.indicator_id IS NOT NULL THEN 'set'
            WHEN w.target_id IS NOT NULL THEN 'set in words'
            WHEN NOT coalesce(ap.applicable, true) THEN 'not applicable'
            ELSE 'not addressed' END AS status,
       ck.doc_kinds AS city_doc_kinds
FROM {cities} c
CROSS JOIN ind
LEFT JOIN indicators i ON i.indicator_id = ind.indicator_id
LEFT JOIN set_by s ON s.region = c.region AND s.indicator_id = ind.indicator_id
LEFT JOIN in_scope q ON q.region = c.region AND q.indicator_id = ind.indicator_id
LEFT JOIN unaddressed u ON u.region = c.region AND u.indicator_id = ind.indicator_id
LEFT JOIN (SELECT * FROM {city_words} WHERE pick_any = 1) w
  ON w.region = c.region AND w.indicator_id = ind.indicator_id
LEFT JOIN {city_applicable} ap ON ap.region = c.region AND ap.family = i.family
LEFT JOIN (SELECT region, string_agg(DISTINCT doc_kind, ',' ORDER BY doc_kind) AS doc_kinds
           FROM {city_kinds} GROUP BY region) ck ON ck.region = c.region
"""

# A ranked city's rank among every ranked city (an update ranks again: see _rank_again).
_AMBITION_RANK = """CASE WHEN ranked THEN rank() OVER (
           PARTITION BY ranked
           ORDER BY share_at_least_as_ambitious DESC, ambition_score DESC NULLS LAST) END"""

_AMBITION_INDEX = """
WITH v AS (
    SELECT * FROM {vs_core}
    WHERE reference_level = 'national' AND (goal_match = 'same year' OR goal_id IS NULL
                                            OR target_id IS NULL)
), agg AS (
    SELECT c.region,
           count(v.verdict) FILTER (WHERE v.verdict IN {comparable}) AS n_comparable,
           count(v.verdict) FILTER (WHERE v.verdict = 'more ambitious') AS n_more_ambitious,
           count(v.verdict) FILTER (WHERE v.verdict = 'equal') AS n_equal,
           count(v.verdict) FILTER (WHERE v.verdict = 'less ambitious') AS n_less_ambitious,
           count(v.verdict) FILTER (WHERE v.verdict = 'not set by the city') AS n_goals_not_set,
           count(v.verdict) FILTER (WHERE v.verdict = 'no reference goal')
               AS n_targets_without_goal,
           median(v.ambition_ratio) FILTER (WHERE v.verdict IN {comparable}) AS median_ratio,
           count(v.ambition_ratio) FILTER (WHERE v.verdict IN {comparable}) AS n_ratios,
           string_agg(v.indicator_id || ' ' || coalesce(CAST(v.target_year AS VARCHAR), 'annual'),
                      ', ' ORDER BY v.indicator_id, v.target_year)
               FILTER (WHERE v.verdict IN {comparable}) AS comparable_indicators
    FROM {cities} c LEFT JOIN v ON v.region = c.region
    GROUP BY c.region
), scored AS (
    SELECT c.region, c.region_en, c.province,
           a.n_comparable, a.n_more_ambitious, a.n_equal, a.n_less_ambitious,
           a.n_more_ambitious + a.n_equal AS n_at_least_as_ambitious,
           CASE WHEN a.n_comparable > 0
                THEN round((a.n_more_ambitious + a.n_equal) / a.n_comparable, 9) END
               AS share_at_least_as_ambitious,
           round(a.median_ratio, 9) AS ambition_score, a.n_ratios,
           a.n_goals_not_set, a.n_targets_without_goal, a.comparable_indicators,
           a.n_comparable >= {min_comparable} AS ranked
    FROM {cities} c JOIN agg a ON a.region = c.region
)
SELECT *,
       """ + _AMBITION_RANK + """
           AS ambition_rank,
       CASE WHEN ranked THEN 'ranked' ELSE 'not enough to rank' END AS rank_status,
       '{formula}' AS formula
FROM scored
"""

# Each city plan's kind and the indicator families it covers (document_kinds.csv); a
# document of a kind the table does not know covers everything.  Only plans count
# (genre plan / news of a plan, or not known): a statistical bulletin or a review sets
# no goals, so it makes no family applicable or out of scope.
_CITY_KINDS = """
SELECT cd.region, cd.doc_id, coalesce(d.doc_kind, 'other') AS doc_kind,
       d.doc_kind_source, coalesce(k.covers_families, '*') AS covers_families,
       k.name_zh AS doc_kind_zh, k.name_en AS doc_kind_en
FROM {city_documents} cd
JOIN documents d ON d.doc_id = cd.doc_id
LEFT JOIN document_kinds k ON k.doc_kind = d.doc_kind
WHERE coalesce(d.genre, 'plan') IN ('plan', 'news_of_plan')
"""

# Whether a city's plans cover an indicator family (city_kinds): a family is applicable
# when some plan's kind covers it, or when the city has no plan of a known genre.
_CITY_APPLICABLE = """
SELECT c.region, f.family,
       NOT EXISTS (SELECT 1 FROM {city_kinds} k WHERE k.region = c.region)
       OR EXISTS (SELECT 1 FROM {city_kinds} k WHERE k.region = c.region
                    AND (k.covers_families = '*'
                         OR list_contains(string_split(k.covers_families, '|'), f.family)))
           AS applicable
FROM {cities} c
CROSS JOIN (SELECT DISTINCT family FROM indicators WHERE family IS NOT NULL) f
"""

# Commitments stated in words (均设置, 全覆盖), kept by the extractor with in_words and
# value 100: they show as "set in words", never as a number compared with a goal.
_CITY_WORDS = """
SELECT cd.region, t.indicator_id, t.target_year, t.target_id, t.doc_id, t.quote,
       t.char_start, t.char_end,
       row_number() OVER (PARTITION BY cd.region, t.indicator_id
                          ORDER BY cd.issued_on DESC NULLS LAST, t.doc_id, t.char_start,
                                   t.target_id) AS pick_any
FROM targets t
JOIN {city_documents} cd ON cd.doc_id = t.doc_id
WHERE t.indicator_id IS NOT NULL AND {words}
"""

# A city's response to each goal that applies to it (national, and its province's),
# for goals whose year is not before the city's first plan.  One status each:
#   set                  - a number for the goal's own year
#   set in words         - a commitment in words for that year (or for no year)
#   set for another year - a number for another year: the nearest (other_year, other_value)
#   not applicable       - none of the city's documents is of a kind covering the family
#   not addressed        - otherwise
_GOAL_STATUS = """
WITH scoped AS (
    SELECT c.region, c.region_en, c.province, g.goal_id, g.scope_level, g.scope,
           g.indicator_id, g.target_year, g.value, g.value_high, g.comparator,
           g.compare_value, g.source_title, g.doc_number, g.verified, g.note, g.note_zh
    FROM {cities} c
    JOIN effective_goals g
      ON (g.scope_level = 'national' AND g.scope = '{national}')
      OR (g.scope_level = 'provincial' AND g.scope = c.province)
    WHERE g.target_year IS NULL OR c.first_issued_on IS NULL
       OR g.target_year >= year(c.first_issued_on)
), other_year AS (
    SELECT s.region, s.goal_id, t.target_year AS other_year, t.value AS other_value,
           t.value_high AS other_value_high, t.comparator AS other_comparator,
           t.target_id AS other_target_id,
           row_number() OVER (PARTITION BY s.region, s.goal_id
                              ORDER BY abs(t.target_year - s.target_year) NULLS LAST,
                                       t.target_year DESC NULLS LAST) AS pick
    FROM scoped s
    JOIN {city_targets} t ON t.region = s.region AND t.indicator_id = s.indicator_id
     AND coalesce(t.target_year, -1) <> coalesce(s.target_year, -1)
), words AS (
    SELECT s.region, s.goal_id, w.target_id, w.quote,
           row_number() OVER (PARTITION BY s.region, s.goal_id
                              ORDER BY w.target_year NULLS LAST, w.pick_any) AS pick
    FROM scoped s
    JOIN {city_words} w ON w.region = s.region AND w.indicator_id = s.indicator_id
     AND (w.target_year IS NULL OR w.target_year = s.target_year)
)
SELECT s.region, s.region_en, s.province, s.indicator_id,
       i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en, i.family,
       i.unit AS indicator_unit, s.goal_id, s.scope_level AS reference_level,
       s.scope AS reference_scope, s.target_year, s.value AS goal_value,
       s.value_high AS goal_value_high, s.comparator AS goal_comparator,
       s.compare_value AS goal_compare_value, s.source_title AS goal_source_title,
       s.doc_number AS goal_doc_number, s.verified AS goal_verified, s.note AS goal_note,
       s.note_zh AS goal_note_zh,
       CASE WHEN t.target_id IS NOT NULL THEN 'set'
            WHEN w.target_id IS NOT NULL THEN 'set in words'
            WHEN o.other_target_id IS NOT NULL THEN 'set for another year'
            WHEN NOT coalesce(ap.applicable, true) THEN 'not applicable'
            ELSE 'not addressed' END AS status,
       t.target_id, t.value AS city_value, t.value_high AS city_value_high,
       t.comparator AS city_comparator, t.compare_value AS city_compare_value,
       w.target_id AS words_target_id, w.quote AS words_quote,
       o.other_year, o.other_value, o.other_value_high, o.other_comparator,
       o.other_target_id, coalesce(ap.applicable, true) AS applicable,
       ck.doc_kinds AS city_doc_kinds,
       coalesce(t.quote, w.quote, ot.quote) AS quote
FROM scoped s
JOIN {cities} c ON c.region = s.region
LEFT JOIN indicators i ON i.indicator_id = s.indicator_id
LEFT JOIN {city_targets} t ON t.region = s.region AND t.indicator_id = s.indicator_id
 AND coalesce(t.target_year, -1) = coalesce(s.target_year, -1)
LEFT JOIN (SELECT * FROM words WHERE pick = 1) w ON w.region = s.region AND w.goal_id = s.goal_id
LEFT JOIN (SELECT * FROM other_year WHERE pick = 1) o
  ON o.region = s.region AND o.goal_id = s.goal_id
LEFT JOIN {city_targets} ot ON ot.target_id = o.other_target_id
LEFT JOIN {city_applicable} ap ON ap.region = c.region AND ap.family = i.family
LEFT JOIN (SELECT region, string_agg(DISTINCT doc_kind, ',' ORDER BY doc_kind) AS doc_kinds
           FROM {city_kinds} GROUP BY region) ck ON ck.region = s.region
"""

_LATEST_NATIONAL_ACTUALS = """
SELECT * EXCLUDE (pick) FROM (
    SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY data_year DESC) AS pick
    FROM national_actuals WHERE scope_level = 'national'
)
WHERE pick = 1
"""

# Each numeric city target beside today's level: the latest national actual (and the
# national annual change over the last years, up to NATIONAL_TREND_YEARS) and the
# city's own latest observation (``observations``: bulletins, reviews, 发展现状).
#   vs_national_actual: 'below today''s national level' when the target, in its
#       direction, does not reach the latest national actual; 'at' / 'above' otherwise
#   vs_city_actual: 'already reached' when the city's latest observation meets the
#       target; else required_annual_change = (target - observed) / (target_year - data_year)
_TARGET_VS_ACTUALS = """
WITH nat AS (
    SELECT indicator_id, data_year, value, source_title, excerpt FROM national_actuals
    WHERE scope_level = 'national'
), latest AS (
    SELECT * EXCLUDE (pick) FROM (
        SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY data_year DESC) AS pick
        FROM nat) WHERE pick = 1
), base AS (
    SELECT n.indicator_id, min(n.data_year) AS from_year
    FROM nat n JOIN latest l ON l.indicator_id = n.indicator_id
    WHERE n.data_year < l.data_year AND n.data_year >= l.data_year - {trend_years}
    GROUP BY n.indicator_id
), trend AS (
    SELECT l.indicator_id, b.from_year, f.value AS from_value,
           round((l.value - f.value) / (l.data_year - b.from_year), 9) AS annual_change
    FROM latest l JOIN base b ON b.indicator_id = l.indicator_id
    JOIN nat f ON f.indicator_id = b.indicator_id AND f.data_year = b.from_year
), obs AS (
    SELECT * EXCLUDE (pick) FROM (
        SELECT d.region, o.indicator_id, o.observation_id, o.value, o.data_year, o.quote,
               o.doc_id, d.title AS doc_title, d.doc_number,
               row_number() OVER (PARTITION BY d.region, o.indicator_id
                                  ORDER BY o.data_year DESC, {obs_date} DESC NULLS LAST,
                                           o.doc_id, o.char_start, o.observation_id) AS pick
        FROM observations o JOIN documents d ON d.doc_id = o.doc_id
        WHERE o.indicator_id IS NOT NULL AND o.data_year IS NOT NULL
          AND d.duplicate_of IS NULL AND d.region IS NOT NULL)
    WHERE pick = 1
), joined AS (
    SELECT t.region, t.region_en, t.province, t.indicator_id, t.indicator_name_zh,
           t.indicator_name_en, t.family, t.direction, t.indicator_unit, t.target_year,
           t.value, t.value_high, t.compare_value, t.comparator,
           l.value AS national_actual, l.data_year AS national_actual_year,
           l.source_title AS national_actual_source, l.excerpt AS national_actual_excerpt,
           tr.from_year AS national_trend_from_year, tr.annual_change AS national_annual_change,
           o.value AS city_actual, o.data_year AS city_actual_year,
           o.observation_id AS city_observation_id, o.quote AS city_actual_quote,
           o.doc_number AS city_actual_doc_number, o.doc_title AS city_actual_doc_title,
           CASE WHEN t.direction = 'lower' THEN -1 ELSE 1 END AS sign,
           t.target_id, t.doc_id, t.doc_title, t.doc_number, t.quote
    FROM {city_targets} t
    LEFT JOIN latest l ON l.indicator_id = t.indicator_id
    LEFT JOIN trend tr ON tr.indicator_id = t.indicator_id
    LEFT JOIN obs o ON o.region = t.region AND o.indicator_id = t.indicator_id
)
SELECT * EXCLUDE (sign),
       round(compare_value - national_actual, 9) AS gap_to_national_actual,
       CASE WHEN national_actual IS NULL THEN NULL
            WHEN abs(compare_value - national_actual) <= {tol}
                THEN 'at today''s national level'
            WHEN sign * (compare_value - national_actual) < 0
                THEN 'below today''s national level'
            ELSE 'above today''s national level' END AS vs_national_actual,
       CASE WHEN city_actual IS NULL THEN NULL
            WHEN sign * (city_actual - compare_value) >= -{tol} THEN 'already reached'
            ELSE 'to be reached' END AS vs_city_actual,
       CASE WHEN city_actual IS NOT NULL AND target_year > city_actual_year
                 AND sign * (city_actual - compare_value) < -{tol}
            THEN round((compare_value - city_actual) / (target_year - city_actual_year), 9)
       END AS required_annual_change,
       target_year - city_actual_year AS years_to_target
FROM joined
"""

# Identical values set by several cities of one province for the same indicator and
# year: most likely copied from a provincial template.  With the provincial 文号 the
# cities' documents cite (``citations``), so the template can be looked up.
_PROVINCIAL_TEMPLATES = """
WITH same AS (
    SELECT province, indicator_id, target_year, compare_value,
           count(DISTINCT region) AS n_cities,
           string_agg(DISTINCT region, ',' ORDER BY region) AS cities,
           list(DISTINCT doc_id) AS doc_ids,
           min(indicator_name_zh) AS indicator_name_zh,
           min(indicator_name_en) AS indicator_name_en,
           min(indicator_unit) AS indicator_unit, min(comparator) AS comparator,
           string_agg(target_id, ',' ORDER BY region) AS target_ids
    FROM {city_targets}
    WHERE province IS NOT NULL AND {provinces}
    GROUP BY province, indicator_id, target_year, compare_value
    HAVING count(DISTINCT region) >= {template_min}
), setting AS (
    SELECT province, indicator_id, target_year, count(DISTINCT region) AS n_cities_setting
    FROM {city_targets} WHERE province IS NOT NULL AND {provinces}
    GROUP BY province, indicator_id, target_year
), cited AS (
    SELECT s.province, s.indicator_id, s.target_year, s.compare_value,
           string_agg(DISTINCT ci.cited_doc_number, ',' ORDER BY ci.cited_doc_number)
               AS cited_doc_numbers,
           string_agg(DISTINCT ci.cited_title, '；' ORDER BY ci.cited_title) AS cited_titles,
           string_agg(DISTINCT d.region, ',' ORDER BY d.region) AS citing_cities
    FROM (SELECT province, indicator_id, target_year, compare_value,
                 unnest(doc_ids) AS doc_id FROM same) s  -- an equi-join, not list_contains
    JOIN citations ci ON ci.doc_id = s.doc_id
     AND ci.scope_level = 'provincial' AND ci.province = s.province
    JOIN documents d ON d.doc_id = ci.doc_id
    GROUP BY ALL
), in_province AS (
    SELECT province, count(*) AS n_cities_in_province FROM cities
    WHERE province IS NOT NULL AND {provinces} GROUP BY province
)
SELECT s.province, s.indicator_id, s.indicator_name_zh, s.indicator_name_en,
       s.indicator_unit, s.target_year, s.compare_value AS value, s.comparator,
       s.n_cities, st.n_cities_setting, p.n_cities_in_province, s.cities,
       c.cited_doc_numbers, c.cited_titles, c.citing_cities, s.target_ids,
       count(*) OVER (PARTITION BY s.province) AS n_shared_values_in_province
FROM same s
JOIN setting st ON st.province = s.province AND st.indicator_id = s.indicator_id
 AND coalesce(st.target_year, -1) = coalesce(s.target_year, -1)
JOIN in_province p ON p.province = s.province
LEFT JOIN cited c ON c.province = s.province AND c.indicator_id = s.indicator_id
 AND coalesce(c.target_year, -1) = coalesce(s.target_year, -1)
 AND c.compare_value = s.compare_value
"""

# Per province x indicator x target year: how many cities set it, their median /
# min / max, the national goal of the same year and how many cities meet it.
_PROVINCE_SUMMARY = """
WITH nat AS (
    SELECT target_id, goal_id, verdict FROM {vs_core}
    WHERE reference_level = 'national' AND goal_match = 'same year'
)
SELECT t.province, t.indicator_id, min(t.indicator_name_zh) AS indicator_name_zh,
       min(t.indicator_name_en) AS indicator_name_en, min(t.indicator_unit) AS indicator_unit,
       t.target_year, count(*) AS n_setting,
       median(t.compare_value) AS median, min(t.compare_value) AS min,
       max(t.compare_value) AS max, min(g.compare_value) AS national_goal,
       CASE WHEN count(n.goal_id) > 0 THEN count(*) FILTER (
           WHERE n.verdict IN ('more ambitious', 'equal')) END AS n_meeting_national_goal,
       string_agg(t.region, ',' ORDER BY t.region) AS cities
FROM {city_targets} t
LEFT JOIN nat n ON n.target_id = t.target_id
LEFT JOIN effective_goals g ON g.goal_id = n.goal_id
GROUP BY t.province, t.indicator_id, t.target_year
"""

# Per goal: how the cities it applies to respond (goal_status counted) and, for the
# cities that set the goal's own year, how many exceed, equal or fall below it.
_GOAL_SUMMARY = """
WITH st AS (
    SELECT goal_id, count(DISTINCT region) AS n_cities,
           count(*) FILTER (WHERE status = 'set') AS n_set,
           count(*) FILTER (WHERE status = 'set in words') AS n_set_in_words,
           count(*) FILTER (WHERE status = 'set for another year') AS n_set_for_another_year,
           count(*) FILTER (WHERE status = 'not addressed') AS n_not_addressed,
           count(*) FILTER (WHERE status = 'not applicable') AS n_not_applicable,
           string_agg(region, ',' ORDER BY region) FILTER (WHERE status = 'not addressed')
               AS cities_not_addressed
    FROM goal_status GROUP BY goal_id
), vs AS (
    SELECT goal_id,
           count(*) FILTER (WHERE verdict = 'more ambitious') AS n_more_ambitious,
           count(*) FILTER (WHERE verdict = 'equal') AS n_equal,
           count(*) FILTER (WHERE verdict = 'less ambitious') AS n_less_ambitious,
           string_agg(region, ',' ORDER BY region) FILTER (WHERE verdict = 'less ambitious')
               AS cities_below
    FROM {vs_core} WHERE goal_match = 'same year' GROUP BY goal_id
)
SELECT g.goal_id, g.scope_level AS reference_level, g.scope AS reference_scope,
       g.indicator_id, g.target_year, g.value AS goal_value, g.value_high AS goal_value_high,
       g.comparator AS goal_comparator, g.compare_value AS goal_compare_value,
       st.n_cities, st.n_set, st.n_set_in_words, st.n_set_for_another_year,
       st.n_not_addressed, st.n_not_applicable, st.cities_not_addressed,
       coalesce(vs.n_more_ambitious, 0) AS n_more_ambitious, coalesce(vs.n_equal, 0) AS n_equal,
       coalesce(vs.n_less_ambitious, 0) AS n_less_ambitious, vs.cities_below,
       CASE WHEN st.n_cities > 0 THEN round(st.n_set / st.n_cities, 9) END AS share_set
FROM effective_goals g
JOIN st ON st.goal_id = g.goal_id
LEFT JOIN vs ON vs.goal_id = g.goal_id
"""

# Views whose rows are stored as a table at build time (prefixed name), the view
# reading that table: the base every other comparison reads several times.
MATERIALISED = ("city_targets",)
# Views stored whole as internal tables at every build (they read goals and peers across
# regions, so they are recomputed in full, not region by region); the view reads the table.
STORED_WHOLE = ("city_vs_goals", "coverage", "ambition_index", "goal_status",
                "provincial_templates")
# In the store they live in their own schema (internal.city_targets, ...), apart from
# the public tables and views; connection-local ones (a read-only store) cannot have a
# schema and take the prefix _m_ instead (see _Local).
_MATERIAL_PREFIX = f"{INTERNAL_SCHEMA}."

# Peer statistics without a self-join.  When city_targets is materialised, each
# row also stores its position in its (indicator, year) group and in its
# (indicator, year, province) group, ordered by value; each group's few order statistics
# that a city's "others" can need are kept in small tables.  A city's "others" are its
# group minus its own position p: with n values the others are n - 1, and their k-th value
# is the group's k-th if k < p, else the (k+1)-th.  Their median is then one of the group's
# values c, c+1 and c+2 (c = (n - 1) // 2), their minimum its 1st or 2nd, their maximum its
# (n-1)-th or n-th: a query for one city touches only that city's rows, and no row carries
# its group's whole list of values (1,200 values a row for every city of one indicator
# on a national store: 40 ms of a 50 ms query).
_GROUP_KEYS = {"peer": ["indicator_id", "target_year"],
               "province": ["indicator_id", "target_year", "province"]}
_NULL_KEY = {"indicator_id": "''", "target_year": "-1", "province": "''"}
_MAX_LISTED_PEERS = 12  # beyond this many peers, list their count only
# a group's order statistics kept (name -> 1-based position among its sorted values)
_ORDER_STATISTICS = {"v_1": "1", "v_2": "2", "v_c": "(n - 1) // 2", "v_c1": "(n - 1) // 2 + 1",
                     "v_c2": "(n - 1) // 2 + 2", "v_n1": "n - 1", "v_n": "n"}


def _key(alias: str, k: str) -> str:
    # coalesce-equality, not IS NOT DISTINCT FROM: it keeps the join a hash join
    return f"coalesce({alias}.{k}, {_NULL_KEY[k]})"


def _positions_sql(where: str = "") -> str:
    """Each stored city target's position in its peer groups (by value, then region);
    ``where`` picks whole peer groups (an update: those a changed target is in)."""
    cols = []
    for kind, keys in _GROUP_KEYS.items():
        part = ", ".join(keys)
        cols.append(f"CASE WHEN province IS NOT NULL OR '{kind}' = 'peer' THEN row_number() "
                    f"OVER (PARTITION BY {part} ORDER BY compare_value, region) END "
                    f"AS _{kind}_pos")
    return (f"SELECT target_id, {', '.join(cols)} FROM {_MATERIAL_PREFIX}city_targets"
            + (f" WHERE {where}" if where else ""))


def _group_table_sql(kind: str, scope: str = "true") -> str:
    """Each peer group's size, order statistics (_ORDER_STATISTICS) and, for a few, its
    regions; ``scope`` picks groups."""
    keys = _GROUP_KEYS[kind]
    where = "province IS NOT NULL" if "province" in keys else "true"
    if scope != "true":
        where = f"{where} AND {scope}"
    picked = ", ".join(f"vals[{at}] AS {name}" for name, at in _ORDER_STATISTICS.items())
    return (
        f"SELECT {', '.join(keys)}, n, {picked}, regions FROM ("
        f"SELECT {', '.join(keys)}, count(*) AS n, "
        "list(compare_value ORDER BY compare_value, region) AS vals, "
        f"CASE WHEN count(*) <= {_MAX_LISTED_PEERS + 1} "
        "THEN list(region ORDER BY region) END AS regions "
        f"FROM {_MATERIAL_PREFIX}city_targets WHERE {where} GROUP BY {', '.join(keys)})"
    )


def _others(g: str, pos: str, region: str) -> dict[str, str]:
    """SQL for the median/min/max/list of a group's values other than position ``pos``."""
    n = f"{g}.n"
    c = f"({n} - 1) // 2"

    def at(k: str, value: str, following: str) -> str:
        # the k-th of the others: the group's k-th (``value``), or its (k+1)-th past p
        return f"CASE WHEN {k} < {pos} THEN {g}.{value} ELSE {g}.{following} END"

    return {
        "n": f"coalesce({n} - 1, 0)",
        # n - 1 odd: the others' (c + 1)-th; even: the mean of their c-th and (c + 1)-th
        "median": (f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN ({n} - 1) % 2 = 1 "
                   f"THEN {at(f'{c} + 1', 'v_c1', 'v_c2')} "
                   f"ELSE ({at(c, 'v_c', 'v_c1')} + {at(f'{c} + 1', 'v_c1', 'v_c2')}) / 2 END"),
        "min": f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN {pos} = 1 THEN {g}.v_2 "
               f"ELSE {g}.v_1 END",
        "max": f"CASE WHEN {n} - 1 <= 0 THEN NULL WHEN {pos} = {n} THEN {g}.v_n1 "
               f"ELSE {g}.v_n END",
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
    "city_kinds": (_CITY_KINDS, "region, doc_id"),
    "city_applicable": (_CITY_APPLICABLE, "region, family"),
    "city_words": (_CITY_WORDS, "region, indicator_id, target_year NULLS LAST, pick_any"),
    "city_vs_goals": (_CITY_VS_GOALS, f"{_CITY_ORDER}, ref_order"),
    "coverage": (_COVERAGE, "region, indicator_id"),
    "ambition_index": (_AMBITION_INDEX, "region"),
    "latest_national_actuals": (_LATEST_NATIONAL_ACTUALS, "indicator_id"),
    "peer_comparison": (_PEER_COMPARISON, _CITY_ORDER),
    "goal_status": (_GOAL_STATUS, "region, reference_level DESC, reference_scope, "
                                  "indicator_id, target_year NULLS LAST"),
    "target_vs_actuals": (_TARGET_VS_ACTUALS, _CITY_ORDER),
    "provincial_templates": (_PROVINCIAL_TEMPLATES, "province, indicator_id, "
                                                    "target_year NULLS LAST, value"),
    "goal_summary": (_GOAL_SUMMARY, "reference_level DESC, reference_scope, indicator_id, "
                                    "target_year NULLS LAST"),
    "province_summary": (_PROVINCE_SUMMARY, "province NULLS LAST, indicator_id, "
                                            "target_year NULLS LAST"),
}
# Views whose numeric core is stored as a table at build time.
CORES = {"city_vs_goals": _CITY_VS_GOALS_CORE}
# Changes with the SQL of any view: a store whose stored comparison tables were made by
# other SQL must recompute them all (the build folds this into its reference fingerprint).
VIEWS_FINGERPRINT = hashlib.sha256(repr((VIEWS, CORES, AMBITION_FORMULA)).encode()).hexdigest()[:16]
PUBLIC_VIEWS = ("city_targets", "city_vs_goals", "coverage", "goal_status", "ambition_index",
                "peer_comparison", "target_vs_actuals", "provincial_templates")


# (DuckDB's own catalogue functions, not information_schema's views over them: the same
# rows, in half the time; every filtered view of a researcher asks them first)
def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
        "AND schema_name = 'main'", [table]).fetchall()
    return {r[0] for r in rows}


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Tables and views visible to the connection (name -> "table" or "view"); those
    outside the main schema are named with their schema (internal.city_targets)."""
    rows = con.execute(
        "SELECT CASE WHEN schema_name = 'main' THEN table_name "
        "ELSE schema_name || '.' || table_name END, 'table' FROM duckdb_tables() "
        "UNION ALL SELECT CASE WHEN schema_name = 'main' THEN view_name "
        "ELSE schema_name || '.' || view_name END, 'view' FROM duckdb_views() "
        "WHERE NOT internal").fetchall()
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


# The relations a view's SQL names by placeholder ({cities}, ...): every city's, unless an
# incremental build passes those of the changed cities (or provinces) instead, so their
# rows are computed alone (see ``_Update``).  ``all_city_targets`` is never narrowed.
_EVERY_CITY = {
    "cities": "cities",
    "city_documents": "city_documents",
    "city_kinds": "city_kinds",
    "city_applicable": "city_applicable",
    "city_words": "city_words",
    # the stored table, not the view: the view sorts all its rows at every read
    "city_targets": f"{_MATERIAL_PREFIX}city_targets",
    "all_city_targets": f"{_MATERIAL_PREFIX}city_targets",
    "provinces": "true",  # a condition on the provinces the per-province view reads
}


def _view_sql(name: str, target_columns: set[str], core: bool = False,
              obs_columns: set[str] | None = None, **scope: str) -> str:
    """The SQL of a view (or, with ``core``, of its stored numeric core).

    ``scope`` replaces relations of ``_EVERY_CITY`` (an incremental build: the changed
    cities' own)."""
    body, order = (CORES[name], "") if core else VIEWS[name]
    has_std = {"value_std", "value_std_high"} <= target_columns
    has_words = "in_words" in target_columns
    formula = AMBITION_FORMULA.replace("'", "''")
    body = body.format(
        numeric="coalesce(t.in_words, false) = false" if has_words else "true",
        words="coalesce(t.in_words, false)" if has_words else "false",
        words_w="coalesce(w.in_words, false)" if has_words else "false",
        min_comparable=MIN_COMPARABLE,
        trend_years=NATIONAL_TREND_YEARS,
        template_min=TEMPLATE_MIN_CITIES,
        obs_date=("coalesce(d.reference_date, d.issued_on)"
                  if "reference_date" in (obs_columns or set()) else "d.issued_on"),
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
        **{**_EVERY_CITY, **scope},
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
    goals, indicators and document kinds did not change passes the regions whose
    documents changed (see ``_Update``).
    """
    temp = "TEMP " if temporary else ""
    if temporary:
        con = _Local(con)  # type: ignore[assignment]
    else:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {INTERNAL_SCHEMA}")
    present = _relations(con)
    for table, ddl in {**REFERENCE_DDL, **{t: SCHEMA[t] for t in OPTIONAL_TABLES}}.items():
        if table not in present:
            con.execute(f"CREATE {temp}TABLE {table} ({ddl})")
    stored = {f"{_MATERIAL_PREFIX}{n}" for n in (*MATERIALISED, *STORED_WHOLE)}
    stored |= {f"{_MATERIAL_PREFIX}{n}_core" for n in CORES}
    target_columns = _columns(con, "targets")
    doc_columns = _columns(con, "documents")
    update = (_Update(con, regions, target_columns) if regions is not None and not temporary
              and stored <= set(present) else None)
    # an update keeps the views of the store it starts from: same fingerprint, same SQL; a
    # new store those its draft made (``draft_views``), with their comments
    keep_views = (update is not None or _DRAFTED in present) and set(VIEWS) <= set(present)
    try:
        for name in VIEWS:
            if name in CORES:  # the numeric part, stored; the view adds texts by key
                _store(con, temp, f"{_MATERIAL_PREFIX}{name}_core",
                       lambda n=name, **kw: _view_sql(n, target_columns, core=True, **kw),
                       update and update.rows_of(name))
            sql = _view_sql(name, target_columns, obs_columns=doc_columns)
            if name in MATERIALISED or name in STORED_WHOLE:
                # city_targets: computed once per build, every other view reads it many
                # times; the others: a region's or an indicator's rows take 50-300 ms to
                # compute on a national store, a filtered read of the stored rows a few ms
                table = f"{_MATERIAL_PREFIX}{name}"
                if update is not None and name in MATERIALISED:
                    update.keep_old_targets()
                changed = _store(con, temp, table,
                                 lambda n=name, **kw: _unordered(_view_sql(
                                     n, target_columns, obs_columns=doc_columns, **kw)),
                                 update and update.rows_of(name))
                if name in MATERIALISED:
                    if update is None:
                        _store_peers(con, temp)
                    else:
                        update.after_targets(changed)
                if update is not None and changed and name in _RANKED:
                    _rank_again(con, table)
                sql = f"SELECT * FROM {table} ORDER BY {VIEWS[name][1]}"
            if not keep_views:
                con.execute(f"CREATE OR REPLACE {temp}VIEW {name} AS {sql}")
    finally:
        if update is not None:
            update.close()


# A temporary table (the connection's own, never stored): this connection made the views
# of the store it writes, on its empty tables (``draft_views``).
_DRAFTED = "_views_drafted"


def draft_views(con: duckdb.DuckDBPyConnection) -> None:
    """The views of a new store, made before its rows are written: a build makes them on a
    thread while it reads the documents (``analysis.store.schema.start_store``), where
    their definitions and comments cost no time of its own (~0.1 s: binding each view's
    SQL, a statement a comment).  ``create_views`` then fills the tables behind them and
    keeps the views."""
    create_views(con)
    mark_drafted(con)


def mark_drafted(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the connection's store as drafted (its views made by ``draft_views``): a temp
    table, gone with the connection; a draft copied from a kept empty store
    (``analysis.store.schema.empty_store``) is marked again."""
    con.execute(f"CREATE TEMP TABLE {_DRAFTED} (made BOOLEAN)")


def _unordered(sql: str) -> str:
    """A view's SQL without its ORDER BY (its rows go to a table)."""
    return sql.rsplit("\nORDER BY", 1)[0]


def _store_peers(con: duckdb.DuckDBPyConnection, temp: str) -> None:
    """Every stored city target's peer positions and every peer group (see _GROUP_KEYS)."""
    con.execute(f"CREATE OR REPLACE {temp}TABLE {_MATERIAL_PREFIX}peer_positions "
                f"AS {_positions_sql()}")
    for kind in _GROUP_KEYS:
        con.execute(f"CREATE OR REPLACE {temp}TABLE "
                    f"{_MATERIAL_PREFIX}{kind}_groups AS {_group_table_sql(kind)}")


def _rank_again(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rank every city of ``ambition_index`` anew once some cities' rows were replaced (a
    rank is among all cities); only the ranks that moved are written."""
    con.execute(f"""
UPDATE {table} a SET ambition_rank = r.ambition_rank
FROM (SELECT region, {_AMBITION_RANK} AS ambition_rank FROM {table}) r
WHERE r.region = a.region AND a.ambition_rank IS DISTINCT FROM r.ambition_rank""")


# Stored views whose rows for a city depend on that city's documents alone once the
# goals, indicators and document kinds are fixed (an incremental build recomputes them
# whole otherwise): their changed cities' rows are recomputed from those cities alone.
_BY_REGION = ("city_targets", "city_vs_goals", "goal_status", "coverage", "ambition_index")
# ... of which a rank across all cities is taken again afterwards
_RANKED = ("ambition_index",)
# ... and those whose rows are per province (a template shared by a province's cities)
_BY_PROVINCE = ("provincial_templates",)
_CHANGED_REGIONS = "_changed_regions"
_CHANGED_PROVINCES = "_changed_provinces"
# The relations of _EVERY_CITY an update narrows to the changed cities: temporary tables
# made once per update (each query would otherwise plan and run the views for every city).
_CHANGED = {name: f"_changed_{name}" for name in (
    "city_documents", "cities", "city_kinds", "city_applicable", "city_words", "city_targets")}
_BEFORE = {name: f"_before_{name}" for name in _CHANGED}  # the same, in the previous store
# What a city's rows of the stored views are made of, besides its city targets and the
# reference tables (city_applicable follows from its cities and kinds).
_CITY_INPUTS = ("city_documents", "cities", "city_kinds", "city_words")
_NEW_ROWS = "_new_rows"  # a stored view's rows for the changed cities, before they replace
_OLD_TARGETS = "_old_city_targets"  # the changed cities' city targets before the update
_MOVED = "_moved_targets"  # city targets added, removed or changed (value, region, ...)
_NEW_POSITIONS = "_new_positions"  # peer positions that are new or moved
# What the peer tables read of a city target.
_PEER_COLUMNS = "target_id, region, province, indicator_id, target_year, compare_value"


@dataclass(frozen=True)
class _Rows:
    """Which rows of a stored view to replace: those whose ``key`` is in ``keys`` (a
    one-column query), computed with the view's SQL restricted by ``scope``."""

    key: str
    keys: str
    scope: dict[str, str]  # the view SQL's placeholders that restrict it to those keys
    empty: bool = False  # no keys: nothing to replace
    # the columns that tell whether the rows changed (a rank taken afterwards is not one)
    compared: str = "*"


class _Update:
    """An incremental build's update of the stored views: which rows each one replaces.

    Taken before any stored table changes: the provinces the changed regions were in,
    and the indicators coverage lists (a change of either widens the update).  With the
    previous store attached (``PREVIOUS_STORE``), what the changed cities' rows are made
    of is compared with what it was: when nothing moved, no row is computed again."""

    def __init__(self, con: duckdb.DuckDBPyConnection, regions: Collection[str],
                 target_columns: set[str]) -> None:
        self.con = con
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_CHANGED_REGIONS} AS "
                    "SELECT unnest(?::VARCHAR[]) AS region", [sorted(regions)])
        self.old_provinces = {r[0] for r in con.execute(
            f"SELECT DISTINCT province FROM {_MATERIAL_PREFIX}ambition_index "
            f"WHERE region IN (SELECT region FROM {_CHANGED_REGIONS}) "
            "AND province IS NOT NULL").fetchall()}
        self.old_indicators = {r[0] for r in con.execute(
            f"SELECT DISTINCT indicator_id FROM {_MATERIAL_PREFIX}coverage").fetchall()}
        self.by_region = _Rows("region", f"SELECT region FROM {_CHANGED_REGIONS}",
                               _CHANGED, empty=not regions)
        self.targets_changed = True  # the changed cities' city_targets (see after_targets)
        self.target_columns = target_columns
        self.narrowed: set[str] = set()  # the relations of _CHANGED made so far
        # whether the changed cities' other inputs are as before: compared on first use
        self._as_before: tuple[bool, bool] | None = None
        if regions:
            self._narrow(_CITY_INPUTS, _CHANGED)

    @property
    def cities_as_before(self) -> bool:
        """The changed cities' documents' kinds, words and the cities are as before."""
        return self._compared_inputs()[0]

    @property
    def citations_as_before(self) -> bool:
        """... and so are their documents and the 文号 these cite."""
        return self._compared_inputs()[1]

    def _compared_inputs(self) -> tuple[bool, bool]:
        """Compared once, when first asked: only an update whose city targets did not change
        asks (one whose targets changed computes the cities' rows again in any case), and
        the comparison reads the previous store's views for those cities (~50 ms)."""
        if self._as_before is None:
            self._as_before = (self._inputs_as_before() if not self.by_region.empty
                               and _attached(self.con, PREVIOUS_STORE) else (False, False))
        return self._as_before

    def _narrow(self, relations: Iterable[str], names: dict[str, str]) -> None:
        """The changed cities' ``relations`` (documents, cities, kinds, families, words),
        each a temporary table ``names[relation]`` computed once (the view's SQL over the
        changed cities)."""
        changed = f"WHERE region IN (SELECT region FROM {_CHANGED_REGIONS})"
        # read filtered (the filter goes down to the documents); the others computed anew
        filtered = {"city_documents": "city_documents", "cities": "cities",
                    "city_targets": f"{_MATERIAL_PREFIX}city_targets"}
        for name in relations:
            if name in filtered:
                sql = f"SELECT * FROM {filtered[name]} {changed}"
            else:
                sql = _unordered(_view_sql(name, self.target_columns, **names))
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {names[name]} AS {sql}")
        if names is _CHANGED:
            self.narrowed.update(relations)

    def _inputs_as_before(self) -> tuple[bool, bool]:
        """Compare the changed cities' documents, cities, kinds and words, and their
        documents' cited 文号, with those of the previous store (the same SQL run there).

        A city's rows of the stored views are made of these, its city targets and the
        reference tables (the same: an update is made only then); a province's templates
        of its cities' targets, documents and citations."""
        con = self.con
        store = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"USE {PREVIOUS_STORE}")
        try:
            self._narrow(_CITY_INPUTS, _BEFORE)
        finally:
            con.execute(f"USE {store}")
        cities = all(
            _same_rows(con, f"SELECT * FROM {_CHANGED[name]}", f"SELECT * FROM {_BEFORE[name]}")
            for name in ("cities", "city_kinds", "city_words"))
        doc_ids = (f"SELECT doc_id FROM {_CHANGED['city_documents']} "
                   f"UNION SELECT doc_id FROM {_BEFORE['city_documents']}")
        citations = cities and _same_rows(
            con, f"SELECT * FROM {_CHANGED['city_documents']}",
            f"SELECT * FROM {_BEFORE['city_documents']}") and _same_rows(
            con, f"SELECT * FROM citations WHERE doc_id IN ({doc_ids})",
            f"SELECT * FROM {PREVIOUS_STORE}.citations WHERE doc_id IN ({doc_ids})")
        return cities, citations

    def rows_of(self, name: str) -> _Rows | None:
        """The rows of stored view ``name`` to replace; None: replace them all."""
        if name in _BY_REGION and name != "city_targets" and not self.targets_changed \
                and self.cities_as_before:
            return replace(self.by_region, empty=True)  # made of the same inputs as before
        if name in _BY_PROVINCE and not self.targets_changed and self.citations_as_before:
            return _Rows("province", "", {}, empty=True)
        if name in _BY_REGION and name != "city_targets" and not self.by_region.empty:
            self._narrow([n for n in ("city_applicable", "city_targets")
                          if n not in self.narrowed], _CHANGED)
        if name == "coverage" and self._coverage_indicators() != self.old_indicators:
            return None
        if name in _RANKED:
            return replace(self.by_region, compared="* EXCLUDE (ambition_rank)")
        if name in _BY_REGION:
            return self.by_region
        if name in _BY_PROVINCE:
            new = {r[0] for r in self.con.execute(
                f"SELECT DISTINCT province FROM {_CHANGED['cities']} "
                "WHERE province IS NOT NULL").fetchall()} if not self.by_region.empty else set()
            provinces = sorted(new | self.old_provinces)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {_CHANGED_PROVINCES} AS "
                             "SELECT unnest(?::VARCHAR[]) AS province", [provinces])
            keys = f"SELECT province FROM {_CHANGED_PROVINCES}"
            return _Rows("province", keys, {"provinces": f"province IN ({keys})"},
                         empty=not provinces)
        return None

    def keep_old_targets(self) -> None:
        """The changed cities' city targets as stored, before they are replaced."""
        if not self.by_region.empty:
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE {_OLD_TARGETS} AS SELECT {_PEER_COLUMNS} "
                f"FROM {_MATERIAL_PREFIX}city_targets WHERE region IN ({self.by_region.keys})")

    def after_targets(self, changed: bool) -> None:
        """The changed cities' city targets are stored (``changed``: they differ from
        before): the peer tables follow, and the other views read them from a table."""
        self.targets_changed = changed
        if self.by_region.empty or not changed:
            return  # unchanged targets leave every peer group as it was
        self._narrow(["city_targets"], _CHANGED)
        self._update_peers()

    def _update_peers(self) -> None:
        """Peer groups and positions anew for the groups a changed city target is in (before
        or after the update): a city's position moves only when its group changes."""
        con = self.con
        new = f"SELECT {_PEER_COLUMNS} FROM {_CHANGED['city_targets']}"
        old = f"SELECT {_PEER_COLUMNS} FROM {_OLD_TARGETS}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_MOVED} AS "
                    f"({old} EXCEPT {new}) UNION ALL ({new} EXCEPT {old})")
        if not con.execute(f"SELECT count(*) FROM {_MOVED}").fetchone()[0]:
            return
        for kind in _GROUP_KEYS:
            table = f"{_MATERIAL_PREFIX}{kind}_groups"
            con.execute(f"DELETE FROM {table} WHERE {_in_moved_groups(kind)}")
            con.execute(f"INSERT INTO {table} "
                        f"{_group_table_sql(kind, _in_moved_groups(kind))}")
        positions = f"{_MATERIAL_PREFIX}peer_positions"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW_POSITIONS} AS "
                    f"{_positions_sql(_in_moved_groups('peer'))} "
                    f"EXCEPT SELECT * FROM {positions}")
        con.execute(f"DELETE FROM {positions} "
                    f"WHERE target_id IN (SELECT target_id FROM {_NEW_POSITIONS}) "
                    f"OR target_id IN (SELECT target_id FROM {_MOVED} "
                    f"EXCEPT SELECT target_id FROM {_CHANGED['city_targets']})")
        con.execute(f"INSERT INTO {positions} SELECT * FROM {_NEW_POSITIONS}")

    def _coverage_indicators(self) -> set[str]:
        has_cities = self.con.execute("SELECT count(*) FROM cities").fetchone()[0] > 0
        return ({r[0] for r in self.con.execute(_COVERAGE_INDICATORS.format(
            all_city_targets=f"{_MATERIAL_PREFIX}city_targets")).fetchall()}
                if has_cities else set())

    def close(self) -> None:
        for table in (_CHANGED_REGIONS, _CHANGED_PROVINCES, *_CHANGED.values(),
                      *_BEFORE.values(), _NEW_ROWS, _OLD_TARGETS, _MOVED, _NEW_POSITIONS):
            self.con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _attached(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?",
                       [name]).fetchone()[0] > 0


def _in_moved_groups(kind: str) -> str:
    """A condition on a row of city targets or of a group table: its group (of ``kind``)
    holds a target that moved."""
    keys = ", ".join(f"coalesce({k}, {_NULL_KEY[k]})" for k in _GROUP_KEYS[kind])
    return f"({keys}) IN (SELECT {keys} FROM {_MOVED})"


def _store(con: duckdb.DuckDBPyConnection, temp: str, table: str,
           sql: Callable[..., str], rows: _Rows | None) -> bool:
    """Write a query's rows to a table: all of them, or replace only ``rows``; whether
    the table changed.

    ``sql(**scope)`` gives the query, over every city or over the changed ones.  Rows
    to replace that equal the stored ones are left alone: DuckDB's checkpoint rewrites
    every table a row was added to (10-20 ms each on a national store)."""
    if rows is None:
        con.execute(f"CREATE OR REPLACE {temp}TABLE {table} AS {sql()}")
        return True
    if rows.empty:
        return False
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW_ROWS} AS "
                f"SELECT * FROM ({sql(**rows.scope)}) WHERE {rows.key} IN ({rows.keys})")
    new = f"SELECT {rows.compared} FROM {_NEW_ROWS}"
    stored = f"SELECT {rows.compared} FROM {table} WHERE {rows.key} IN ({rows.keys})"
    if _same_rows(con, new, stored):
        return False
    con.execute(f"DELETE FROM {table} WHERE {rows.key} IN ({rows.keys})")
    con.execute(f"INSERT INTO {table} SELECT * FROM {_NEW_ROWS}")
    return True


# Up to this many rows a side, two queries' rows are compared in Python (see _same_rows).
_COMPARED_IN_PYTHON = 2_000


def _same_rows(con: duckdb.DuckDBPyConnection, one: str, other: str) -> bool:
    """Whether two queries give the same rows, each as many times.

    An update compares a few cities' rows: fetched and counted in Python they take a
    third of the time DuckDB takes to plan and run an EXCEPT ALL of them (~3 against
    ~10 ms for a city's targets).  On the values these tables hold (text, numbers, dates,
    booleans, NULL) Python's equality can only call more rows different than SQL's (NaN
    is not equal to itself there), never fewer: at worst rows equal to the stored ones are
    written again.  Many rows, or a value Python cannot count (a list), go to SQL."""
    sides = [con.execute(f"SELECT * FROM ({q}) LIMIT {_COMPARED_IN_PYTHON + 1}").fetchall()
             for q in (one, other)]
    if all(len(rows) <= _COMPARED_IN_PYTHON for rows in sides):
        with contextlib.suppress(TypeError):
            return Counter(sides[0]) == Counter(sides[1])
    return con.execute(
        f"SELECT (SELECT count(*) FROM ({one})) = (SELECT count(*) FROM ({other})) "
        f"AND NOT EXISTS ({one} EXCEPT ALL {other})").fetchone()[0]


# --- Python access ----------------------------------------------------------------------


@contextlib.contextmanager
def _opened(db: Source) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, str]]]:
    """A connection whose views exist (the store's own, else temporary ones), and the
    relations it has (``_relations``)."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        yield db, _ensure_views(db)
        return
    with connect(Path(db)) as con:
        yield con, _ensure_views(con)


@contextlib.contextmanager
def _open(db: Source) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection whose views exist: the store's own, else temporary ones."""
    with _opened(db) as (con, _):
        yield con


# A connection to the store whose comparison views exist (the store's, else temporary).
open_with_views = _open


def read_concurrently(con: duckdb.DuckDBPyConnection,
                      reads: dict[str, Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]],
                      ) -> dict[str, pd.DataFrame]:
    """Run ``reads`` (name -> a read given a connection) two at a time, each on its own
    cursor of ``con``; the frames by name, in the order given.

    DuckDB plans, runs and converts a query mostly without holding the GIL, so two reads
    of big views go side by side (the views of a 3,000-document store: 1.47 s -> 0.94 s).
    The frames are those the reads give one after another."""
    def run(item: tuple[str, Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]]
            ) -> pd.DataFrame:
        cursor = con.cursor()
        try:
            return item[1](cursor)
        finally:
            cursor.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(reads, pool.map(run, reads.items()), strict=True))


def _ensure_views(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Raise StoreError for a store that is none; make its views when it lacks them.
    Returns the relations present (``_relations``)."""
    present = _relations(con)
    for table in ("documents", "targets", "indicators"):
        if table not in present:
            raise StoreError(f"the store has no {table!r} table; is it a store built by "
                             "`python -m analysis build`?")
    if any(name not in present for name in VIEWS):
        create_views(con, temporary=True)
        present = _relations(con)
    return present


def _as_list(values: str | int | Iterable[str] | Iterable[int] | None) -> list[object] | None:
    if values is None:
        return None
    if isinstance(values, str | int):
        return [values]
    return list(values)


def _stored_regions(con: duckdb.DuckDBPyConnection, names: list[object],
                    present: dict[str, str]) -> bool:
    """True when every name is a region exactly as stored, which names.resolve would
    return unchanged: answered by one small query instead of building every spelling
    of every region (20 ms on a national store, more than the filtered view itself).

    Only names without letter case qualify (Chinese names), so no English name can be
    another spelling of them; any doubt falls back to the full resolution.
    """
    if not names or not all(isinstance(n, str) and n == n.strip() and n.casefold() == n
                            and n.upper() == n for n in names):
        return False
    sources = ["SELECT region FROM documents"]
    if "regions" in present:
        sources.append("SELECT region FROM regions")
    marks = ", ".join("?" for _ in names)
    union = " UNION ALL ".join(sources)
    found = con.execute(
        f"SELECT list(DISTINCT region) FROM ({union}) WHERE trim(region) IN ({marks})",
        names).fetchone()[0] or []
    if sorted(found) != sorted(set(names)):
        return False
    if "regions" in present and "region_en" in _columns(con, "regions"):
        other = con.execute(f"SELECT count(*) FROM regions WHERE trim(region_en) IN ({marks})",
                            names).fetchone()[0]
        return other == 0
    return True


def read_view(
    db: Source,
    view: str,
    *,
    regions: str | Iterable[str] | None = None,
    target_year: int | Iterable[int] | None = None,
    indicators: str | Iterable[str] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rows of a comparison view, filtered, in the view's documented order.

    A filter on a column the view does not have (``target_year`` on
    ``ambition_index``) is ignored rather than an error, so callers can pass the
    same filters to every view.  ``columns``: only these, in this order (a caller that
    reads a few columns of ``city_vs_goals``' 54 reads its 61,000 rows of a national store
    in a fifth of the time).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {sorted(VIEWS)}")
    with _opened(db) as (con, relations):
        # names as typed (潍坊, 每千人口医疗卫生机构床位数) -> stored names; unknown ones raise
        typed = _as_list(regions)
        stored = typed is not None and _stored_regions(con, typed, relations)
        resolved = resolve(con, regions=None if stored else typed,
                           indicators=_as_list(indicators))
        regions = list(dict.fromkeys(typed)) if stored else resolved["regions"]
        indicators = resolved["indicators"]
        filters = {"region": regions, "target_year": _as_list(target_year),
                   "indicator_id": indicators}
        present = _columns(con, view)
        for column in columns or ():
            if column not in present:
                close = difflib.get_close_matches(column, sorted(present), n=3)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                raise ValueError(f"view {view} has no column {column!r}{hint}")
        where, params = [], []
        for col, values in filters.items():
            if values is not None and col in present:
                where.append(f"{col} IN ({', '.join('?' for _ in values)})" if values else "false")
                params.extend(values)
        sql = f"SELECT {', '.join(columns) if columns else '*'} FROM {view}"
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
    indicators), ``gap_rel_directed`` = gap_directed / |goal|.  ``verdict`` is one of
    ``VERDICTS``; the goal is the target year's, else the nearest year's (``goal_year``,
    ``goal_match``); goals the city leaves unaddressed appear as 'not set by the city'
    rows (only goals whose year is not before the city's first plan, since a 2024 plan
    cannot address 2020); ``goal_status`` says what the city did instead.
    """
    return read_view(db, "city_vs_goals", **filters)


def coverage(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Long region x indicator matrix: what each city set, and goals it leaves unaddressed."""
    return read_view(db, "coverage", **filters)


def coverage_matrix(db: Source = paths.STORE, value: str = "status",
                    **filters: Unpack[Filters]) -> pd.DataFrame:
    """``coverage`` pivoted: one row per indicator, one column per city (cells = ``value``)."""
    import pandas as pd  # (the build imports this module: pandas only where frames are made)

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


def goal_status(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each city's response to each goal that applies to it: one of ``STATUSES``.

    ``set for another year`` carries the nearest year the city did set
    (``other_year``, ``other_value``); ``not applicable`` means none of the city's
    documents is of a kind (``documents.doc_kind``) covering the indicator's family.
    """
    return read_view(db, "goal_status", **filters)


def target_vs_actuals(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each numeric city target beside the latest national actual and the city's own.

    ``vs_national_actual`` is one of ``ACTUAL_VERDICTS``; ``vs_city_actual`` is
    'already reached' or 'to be reached' with ``required_annual_change`` beside
    ``national_annual_change`` (over the last ``NATIONAL_TREND_YEARS`` years).
    """
    return read_view(db, "target_vs_actuals", **filters)


def provincial_templates(db: Source = paths.STORE, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Identical values set by several cities of one province, with the provincial 文号 cited."""
    return read_view(db, "provincial_templates", **filters)


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
    import pandas as pd

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
    "goal_status": ["region", "reference_scope", "indicator_id", "target_year", "goal_value",
                    "status", "other_year", "other_value"],
    "target_vs_actuals": ["region", "indicator_id", "target_year", "compare_value",
                          "national_actual", "national_actual_year", "vs_national_actual",
                          "city_actual", "city_actual_year", "required_annual_change"],
    "provincial_templates": ["province", "indicator_id", "target_year", "value", "n_cities",
                             "cities", "cited_doc_numbers"],
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
    import pandas as pd

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
