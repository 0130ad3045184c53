"""The sort-once peer statistics equal a brute-force computation over all pairs."""

from __future__ import annotations

import random
import statistics

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.build import BuildConfig, build
from analysis.compare import views
from analysis.compare.views import peer_comparison

CITIES = ["济南市", "青岛市", "淄博市", "枣庄市", "烟台市", "潍坊市", "济宁市", "泰安市",
          "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "大连市"]


def test_peer_statistics_match_brute_force(tmp_path):
    rng = random.Random(7)
    src = tmp_path / "in"
    src.mkdir()
    for i, city in enumerate(CITIES):
        beds = round(rng.uniform(5, 9), 1)
        nurses = rng.choice([1.1, 1.2, 1.2, 1.3, 1.25])
        text = (f"{city}人民政府办公室\n到2025年，每千人口医疗卫生机构床位数达到{beds}张，"
                f"医护比达到1:{nurses}。\n2024年3月{i + 1}日\n")
        if i % 3 == 0:
            text += "到2030年，每千人口医疗卫生机构床位数达到9张。\n"
        (src / f"c{i:02d}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=None, use_cache=False))
    got = peer_comparison(db)
    assert len(got) == 2 * len(CITIES) + 5
    for _, row in got.iterrows():
        same = got[(got.indicator_id == row.indicator_id)
                   & (got.target_year == row.target_year) & (got.region != row.region)]
        assert row.peers_n == len(same)
        if len(same):
            assert abs(row.peers_median - same.compare_value.median()) < 1e-9
            assert row.peers_min == same.compare_value.min()
            assert row.peers_max == same.compare_value.max()
            if len(same) <= 12:  # longer lists are left out (the count says enough)
                assert row.peer_regions == ",".join(sorted(same.region))
            else:
                assert pd.isna(row.peer_regions)
        else:
            assert pd.isna(row.peers_median)
        prov = same[same.province == row.province]
        assert row.province_peers_n == len(prov)
        if len(prov):
            assert abs(row.province_peers_median - prov.compare_value.median()) < 1e-9


# The order statistics of a group that a city's "others" need (views._ORDER_STATISTICS),
# checked on every group size from one city to nine, ties included, against the statistics
# of the others computed one by one.
_VALUES = st.lists(st.sampled_from([1.0, 2.0, 2.0, 3.5, 4.0, 7.25, 9.0]), min_size=1,
                   max_size=9)


@settings(max_examples=60, deadline=None)
@given(_VALUES)
def test_others_statistics_from_order_statistics(values: list[float]):
    con = duckdb.connect()
    con.execute("CREATE SCHEMA internal")
    con.execute("CREATE TABLE internal.city_targets (target_id VARCHAR, region VARCHAR, "
                "province VARCHAR, indicator_id VARCHAR, target_year INTEGER, "
                "compare_value DOUBLE)")
    con.executemany("INSERT INTO internal.city_targets VALUES (?, ?, 'p', 'beds', 2025, ?)",
                    [(f"t{i}", f"r{i}", v) for i, v in enumerate(values)])
    others = views._others("g", "pos._peer_pos", "t.region")
    rows = con.execute(
        f"SELECT t.region, {others['n']}, {others['median']}, {others['min']}, {others['max']} "
        f"FROM internal.city_targets t JOIN ({views._positions_sql()}) pos USING (target_id) "
        f"JOIN ({views._group_table_sql('peer')}) g USING (indicator_id, target_year) "
        "ORDER BY t.region").fetchall()
    assert len(rows) == len(values)
    for region, n, median, low, high in rows:
        rest = [v for i, v in enumerate(values) if f"r{i}" != region]
        assert n == len(rest)
        if rest:
            assert median == statistics.median(rest)
            assert (low, high) == (min(rest), max(rest))
        else:
            assert (median, low, high) == (None, None, None)
