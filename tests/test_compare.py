"""The comparison layer: views in the store, tidy DataFrames, numbers worked out by hand.

Every test runs on a store written directly from chosen rows (tests/fixture_store.py: the
five-city store, or a smaller one built in the test), so no expected number depends on what
the extractor finds in the seed documents.  Facts of the five-city store used below, beside
the national goals and actuals of data/raw/reference_goals.csv and national_actuals.csv:

* 威海市 医护比 1:1.2 (2025) = the national 2025 goal 1:1.2 (国卫医发〔2022〕15号).
* 东营市 beds 7.55, 威海市 7.5, 烟台市 7.2 per 1,000 (2025); no national 2025 bed goal
  exists (only 6 for 2020); the latest national actual is 7.23 (data year 2023).
* 赤峰市 geriatrics departments in 90% of hospitals (2025), national 2025 goal 60%.
* 东营市, 威海市, 聊城市 EMR level 4 (2025); no reference goal.
* National goals with a target year from 2022 on: 13 (15 rows minus the two 2020 goals).
"""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import paths
from analysis.build import indicators_frame
from analysis.cli import main
from analysis.compare import views as compare
from analysis.compare.views import (
    AMBITION_FORMULA,
    PUBLIC_VIEWS,
    VERDICTS,
    ambition_index,
    city_targets,
    city_vs_goals,
    coverage,
    coverage_matrix,
    create_views,
    peer_comparison,
    side_by_side,
)
from analysis.extract.codebook import Codebook
from analysis.store import reference
from analysis.store.schema import COLUMNS, connect, write_store
from fixture_store import (
    CF_GERI_QUOTE,
    LC_EMR_QUOTE,
    OPEN_NATIONAL_GOALS,
    WH_NURSE_QUOTE,
    YT,
    five_cities,
)

DONGYING, WEIHAI, LIAOCHENG, CHIFENG, YANTAI = "东营市", "威海市", "聊城市", "赤峰市", YT
CITIES = [DONGYING, WEIHAI, YANTAI, LIAOCHENG, CHIFENG]
# city targets of the five-city store per city (a duplicate plan and the national
# document add none); Weihai's geriatrics commitment is in words: no number, no row
N_TARGETS = {DONGYING: 8, WEIHAI: 10, YANTAI: 8, LIAOCHENG: 1, CHIFENG: 2}


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    """The single row of ``frame`` matching every column=value in ``where``."""
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    rows = frame[mask]
    assert len(rows) == 1, (where, rows)
    return rows.iloc[0]


# --- the five-city store ----------------------------------------------------------------


@pytest.fixture(scope="module")
def vs_goals(city_store: Path) -> pd.DataFrame:
    return city_vs_goals(city_store)


def test_views_are_in_the_store_for_sql_users(city_store):
    con = duckdb.connect(str(city_store), read_only=True)
    try:
        views = {r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        counts = {v: con.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in PUBLIC_VIEWS}
    finally:
        con.close()
    assert set(PUBLIC_VIEWS) <= views
    assert counts["city_targets"] == sum(N_TARGETS.values()) == 29
    assert counts["ambition_index"] == 5  # one row per city


def test_city_targets_one_row_per_region_indicator_year(city_store):
    targets = city_targets(city_store)
    keys = targets[["region", "indicator_id", "target_year"]].astype(str)
    assert not keys.duplicated().any()
    assert targets.groupby("region").size().to_dict() == N_TARGETS
    assert set(targets["province"]) == {"山东省", "内蒙古自治区"}
    assert (targets["n_statements"] == 1).all()  # the duplicate plan's 9.9 beds: not a statement
    dy_beds = _one(targets, region=DONGYING, indicator_id="beds_per_1000")
    assert (dy_beds.value, dy_beds.doc_id) == (7.55, "dy")
    assert "gj@5" not in set(targets["target_id"])  # the national document's target
    annual = _one(targets, region=DONGYING, indicator_id="staff_sent_down_per_year")
    assert pd.isna(annual.target_year) and annual.value == 300
    for col in ("quote", "char_start", "char_end", "doc_id", "target_id", "comparator",
                "aspirational", "unit_written", "family", "direction", "province"):
        assert col in targets.columns


def test_weihai_physician_nurse_ratio_equals_the_national_2025_goal(vs_goals):
    row = _one(vs_goals, region=WEIHAI, indicator_id="physician_nurse_ratio", target_year=2025,
               reference_level="national")
    assert (row.city_value, row.goal_value) == (1.2, 1.2)
    assert (row.gap_abs, row.gap_rel, row.gap_directed) == (0, 0, 0)
    assert row.verdict == "equal" and row.ambition_ratio == 1
    assert (row.goal_year, row.goal_match, row.goal_years_apart) == (2025, "same year", 0)
    assert row.goal_excerpt == "医护比达到1∶1.2"
    assert row.goal_source_title == "全国护理事业发展规划（2021-2025年）"
    assert row.goal_doc_number == "国卫医发〔2022〕15号"
    assert row.goal_verified
    assert "public hospitals only" in row.goal_note
    assert row.quote == WH_NURSE_QUOTE and row.target_id == "wh@20"
    assert row.doc_number == "威政办字〔2024〕42号"


def test_dongying_beds_meet_the_nearest_2020_goal_and_sit_above_the_2023_actual(
    city_store, vs_goals
):
    # no national 2025 goal: the 2020 goal (6) is the nearest year's, and says so
    rows = vs_goals[(vs_goals.region == DONGYING) & (vs_goals.indicator_id == "beds_per_1000")]
    assert rows["reference_level"].tolist() == ["national", "provincial"]
    assert rows["reference_scope"].tolist() == ["全国", "山东省"]
    assert rows["verdict"].tolist() == ["more ambitious", "no reference goal"]
    assert rows["city_value"].tolist() == [7.55, 7.55]
    nat = rows.iloc[0]
    assert (nat.goal_value, nat.goal_year, nat.goal_match, nat.goal_years_apart) == (
        6, 2020, "nearest year", -5)
    assert nat.gap_abs == pytest.approx(1.55)
    assert rows.iloc[1][["goal_value", "gap_abs", "goal_match"]].isna().all()
    peers = peer_comparison(city_store, regions=DONGYING, indicators="beds_per_1000")
    row = _one(peers, target_year=2025)
    assert row.compare_value == 7.55
    assert (row.national_actual, row.national_actual_year) == (7.23, 2023)
    assert row.national_actual_source == "2023年我国卫生健康事业发展统计公报"
    assert "7.23张" in row.national_actual_excerpt
    assert row.gap_to_national_actual == pytest.approx(0.32)
    # peers: Weihai 7.5 and Yantai 7.2 (the duplicate plan's 9.9 is no peer)
    assert (row.peers_n, row.peers_min, row.peers_max) == (2, 7.2, 7.5)
    assert row.peers_median == pytest.approx(7.35)
    assert row.peer_regions == f"{WEIHAI},{YANTAI}"
    assert row.province_peers_n == 2 and row.province_peers_median == pytest.approx(7.35)
    assert row.gap_to_peers_median == pytest.approx(0.2)


def test_dongying_and_weihai_on_every_indicator_both_set(city_store):
    both = side_by_side(city_store, [DONGYING, WEIHAI])
    got = [(r.indicator_id, None if pd.isna(r.target_year) else int(r.target_year),
            r[DONGYING], r[WEIHAI]) for _, r in both.iterrows()]
    assert got == [
        ("bed_physician_ratio", 2025, 0.55, 0.55),
        ("beds_per_1000", 2025, 7.55, 7.5),
        ("emr_level", 2025, 4.0, 4.0),
        ("family_doctor_signing_rate", 2025, 60.0, 60.0),
        ("gp_per_10000", 2025, 4.0, 4.0),
        ("physician_nurse_ratio", 2025, 1.2, 1.2),
        ("primary_recommended_standard_share", 2025, 35.0, 40.0),
        ("staff_sent_down_per_year", None, 300.0, 100.0),  # 每年: no target year
    ]
    everything = side_by_side(city_store, [DONGYING, WEIHAI], shared_only=False)
    only_one = everything[everything[[DONGYING, WEIHAI]].isna().any(axis=1)]
    assert only_one["indicator_id"].tolist() == ["health_literacy_rate",
                                                 "public_tcm_beds_per_1000"]
    assert only_one[WEIHAI].tolist() == [37.0, 1.35] and only_one[DONGYING].isna().all()
    # the same pairs seen from the peer view: each city's peers are the two others
    peers = peer_comparison(city_store, regions=[DONGYING, WEIHAI])
    beds = peers[peers.indicator_id == "beds_per_1000"].set_index("region")
    assert beds.loc[WEIHAI, "peers_median"] == pytest.approx((7.55 + 7.2) / 2)
    assert beds.loc[DONGYING, "peers_median"] == pytest.approx((7.5 + 7.2) / 2)
    sent = peers[peers.indicator_id == "staff_sent_down_per_year"].set_index("region")
    assert sent["peers_median"].to_dict() == {DONGYING: 100, WEIHAI: 300}


def test_chifeng_geriatrics_more_ambitious_than_national_with_the_denominator_note(vs_goals):
    row = _one(vs_goals, region=CHIFENG, indicator_id="geriatrics_department_share",
               target_year=2025, reference_level="national")
    assert (row.city_value, row.goal_value) == (90, 60)
    assert (row.gap_abs, row.gap_rel, row.gap_directed) == (30, 0.5, 30)
    assert row.verdict == "more ambitious" and row.ambition_ratio == 1.5
    assert "denominator" in row.goal_note and "public hospitals" in row.goal_note
    assert row.goal_doc_number == "国卫老龄发〔2022〕4号"
    assert row.quote == CF_GERI_QUOTE


def test_chifeng_has_no_inner_mongolia_goal_yet_and_still_compares(vs_goals):
    chifeng = vs_goals[vs_goals.region == CHIFENG]
    provincial = chifeng[chifeng.reference_level == "provincial"]
    assert set(provincial["reference_scope"]) == {"内蒙古自治区"}
    assert set(provincial["verdict"]) == {"no reference goal"}
    assert len(provincial) == N_TARGETS[CHIFENG]  # one per target, none 'not set' without goals
    national = chifeng[chifeng.reference_level == "national"]
    assert national["verdict"].value_counts().to_dict() == {
        "not set by the city": OPEN_NATIONAL_GOALS - 1,  # all but geriatrics 2025
        "no reference goal": 1,                          # TCM beds
        "more ambitious": 1}                             # geriatrics 90 vs 60


def _goals_with_provincial_rows(tmp: Path) -> pd.DataFrame:
    """The goals a build reads from a raw folder whose goals file gained two provincial rows."""
    raw = tmp / "raw"
    raw.mkdir()
    shutil.copy(paths.RAW / reference.ACTUALS_FILE, raw / reference.ACTUALS_FILE)
    shutil.copy(paths.RAW / reference.LABELS_FILE, raw / reference.LABELS_FILE)
    goals = (paths.RAW / reference.GOALS_FILE).read_text(encoding="utf-8")
    goals += (
        "内蒙古自治区,provincial,geriatrics_department_share,95,,>=,2025,测试用自治区规划,,"
        "二级及以上综合医院设立老年医学科比例达到95%,zh,no,test row: not a published goal,false\n"
        "山东省,provincial,beds_per_1000,7.5,,>=,2025,测试用省级规划,,"
        "每千人口床位数达到7.5张,zh,no,test row: not a published goal,false\n"
    )
    (raw / reference.GOALS_FILE).write_text(goals, encoding="utf-8")
    ids = [i.id for i in Codebook.load(paths.CODEBOOK).indicators]
    tables = reference.reference_tables(  # what build() calls with BuildConfig.raw_dir
        raw, paths.REGIONS, pd.DataFrame(columns=COLUMNS["documents"]),
        pd.DataFrame(columns=COLUMNS["targets"]), ids)
    return tables["goals"][1]


@pytest.fixture(scope="module")
def provincial_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five-city store against a goals file with two hypothetical provincial rows."""
    root = tmp_path_factory.mktemp("provincial")
    return five_cities(root / "s.duckdb", goals=_goals_with_provincial_rows(root))


def test_a_provincial_goal_added_to_the_file_is_picked_up(provincial_store):
    frame = city_vs_goals(provincial_store)
    chifeng = _one(frame, region=CHIFENG, indicator_id="geriatrics_department_share",
                   target_year=2025, reference_level="provincial")
    assert chifeng.reference_scope == "内蒙古自治区"
    assert (chifeng.goal_value, chifeng.gap_abs) == (95, -5)
    assert chifeng.gap_rel == pytest.approx(-5 / 95)
    assert chifeng.verdict == "less ambitious"
    assert not chifeng.goal_verified and chifeng.goal_note == "test row: not a published goal"
    national = _one(frame, region=CHIFENG, indicator_id="geriatrics_department_share",
                    target_year=2025, reference_level="national")
    assert national.verdict == "more ambitious"  # unchanged
    beds = frame[(frame.indicator_id == "beds_per_1000") & (frame.reference_level == "provincial")]
    assert beds.set_index("region")["verdict"].to_dict() == {
        DONGYING: "more ambitious", WEIHAI: "equal", YANTAI: "less ambitious",
        LIAOCHENG: "not set by the city"}
    assert _one(beds, region=DONGYING).gap_abs == pytest.approx(0.05)
    assert _one(beds, region=YANTAI).gap_abs == pytest.approx(-0.3)
    # a Shandong goal never reaches a city of another province
    assert not ((frame.region == CHIFENG) & (frame.reference_scope == "山东省")).any()


def test_liaocheng_emr_level_is_compared(city_store, vs_goals):
    rows = vs_goals[(vs_goals.region == LIAOCHENG) & (vs_goals.indicator_id == "emr_level")]
    assert rows["city_value"].tolist() == [4.0, 4.0]
    assert rows["verdict"].tolist() == ["no reference goal"] * 2
    assert rows["quote"].tolist() == [LC_EMR_QUOTE] * 2
    peers = _one(peer_comparison(city_store, regions=LIAOCHENG, indicators="emr_level"),
                 target_year=2025)
    assert (peers.peers_n, peers.peers_median, peers.peers_min, peers.peers_max) == (2, 4, 4, 4)
    assert peers.peer_regions == f"{DONGYING},{WEIHAI}"
    assert peers.province_peers_n == 2
    assert pd.isna(peers.national_actual)


def test_the_national_document_contributes_no_goals(vs_goals):
    assert set(vs_goals["goal_origin"].dropna()) == {"reference_file"}
    assert "全国" not in set(vs_goals["region"])  # the national document is not a city
    assert "gj" not in set(vs_goals["doc_id"]) and set(vs_goals["region"]) == set(CITIES)


def test_every_number_joins_back_to_a_target_quote_and_a_goal_excerpt(city_store, vs_goals):
    with connect(city_store) as con:
        targets = con.execute(
            "SELECT target_id, coalesce(value_std, value) AS v, quote FROM targets").df()
        goals = con.execute("SELECT goal_id, value, excerpt, source_title FROM goals").df()
    targets, goals = targets.set_index("target_id"), goals.set_index("goal_id")
    with_city = vs_goals[vs_goals.city_value.notna()]
    with_goal = vs_goals[vs_goals.goal_value.notna()]
    # every city target twice: against the national and the provincial reference
    assert len(with_city) == 2 * sum(N_TARGETS.values())
    # national goals compared with a target (of its year or the nearest), and left unset
    assert with_goal["verdict"].value_counts().to_dict() == {
        "not set by the city": 12 + 9 + 8 + 13 + 12, "more ambitious": 1 + 3 + 6 + 1,
        "less ambitious": 4, "equal": 3, "set in words": 1}
    for row in with_city.itertuples():
        assert targets.loc[row.target_id, "v"] == row.city_value
        assert targets.loc[row.target_id, "quote"] == row.quote
    for row in with_goal.itertuples():
        assert goals.loc[row.goal_id, "value"] == row.goal_value
        assert goals.loc[row.goal_id, "excerpt"] == row.goal_excerpt
        assert row.goal_source_title == goals.loc[row.goal_id, "source_title"]
    assert vs_goals["city_value"].notna().eq(vs_goals["target_id"].notna()).all()
    assert vs_goals["goal_value"].notna().eq(vs_goals["goal_id"].notna()).all()


def test_verdicts_and_notes_travel_with_every_row(vs_goals):
    assert set(vs_goals["verdict"]) <= set(VERDICTS)
    has_goal = vs_goals.goal_id.notna()
    assert vs_goals.loc[has_goal, "goal_excerpt"].notna().all()
    notes = vs_goals.loc[has_goal].groupby("goal_id")["goal_note"].nunique(dropna=False)
    assert (notes == 1).all()  # a goal's note is on each of its rows
    assert vs_goals.loc[vs_goals.verdict == "not set by the city", "target_id"].isna().all()
    # 2020 goals cannot be addressed by plans issued from 2022 on
    assert not ((vs_goals.verdict == "not set by the city") & (vs_goals.target_year < 2022)).any()


def test_not_set_rows_list_the_goals_each_city_leaves_unaddressed(vs_goals):
    not_set = vs_goals[vs_goals.verdict == "not set by the city"]
    assert not_set.groupby("region").size().to_dict() == {
        DONGYING: OPEN_NATIONAL_GOALS - 1,   # sets 医护比 2025
        WEIHAI: OPEN_NATIONAL_GOALS - 4,     # 医护比, literacy, public TCM beds; geriatrics in words
        YANTAI: OPEN_NATIONAL_GOALS - 5,     # 医护比, literacy, nurses, physicians, geriatrics
        LIAOCHENG: OPEN_NATIONAL_GOALS,
        CHIFENG: OPEN_NATIONAL_GOALS - 1,    # sets geriatrics 2025
    }
    fd = _one(not_set, region=DONGYING, indicator_id="family_doctor_signing_rate")
    assert (fd.target_year, fd.goal_value, fd.city_set_years) == (2035, 75, "2025")


def test_ambition_index_by_hand(city_store):
    index = ambition_index(city_store).set_index("region")
    assert sorted(index.index) == sorted(CITIES)
    # 东营: 医护比 1.2 = 1.2
    assert index.loc[DONGYING, ["n_comparable", "n_equal", "n_at_least_as_ambitious"]].tolist() \
        == [1, 1, 1]
    assert index.loc[DONGYING, "share_at_least_as_ambitious"] == 1.0
    assert index.loc[DONGYING, "ambition_score"] == 1.0
    # 威海: 医护比 1.2/1.2, health literacy 37/25, public TCM beds 1.35/0.85
    assert index.loc[WEIHAI, ["n_comparable", "n_more_ambitious", "n_equal",
                              "n_less_ambitious"]].tolist() == [3, 2, 1, 0]
    assert index.loc[WEIHAI, "share_at_least_as_ambitious"] == 1.0
    # the median of r, not the mean: one extreme indicator does not carry the score
    assert index.loc[WEIHAI, "ambition_score"] == pytest.approx(37 / 25)
    # 烟台: r = 1.2/1.2, 30/25, 4.0/3.8, 3.5/3.2, 80/60 -> median 3.5/3.2
    assert index.loc[YANTAI, ["n_comparable", "n_more_ambitious", "n_equal"]].tolist() == [5, 4, 1]
    assert index.loc[YANTAI, "ambition_score"] == pytest.approx(3.5 / 3.2)
    # only Weihai and Yantai have the 3 comparable targets a rank needs (same-year goals)
    assert index["rank_status"].to_dict() == {
        DONGYING: "not enough to rank", WEIHAI: "ranked", YANTAI: "ranked",
        LIAOCHENG: "not enough to rank", CHIFENG: "not enough to rank"}
    assert index.loc[WEIHAI, "ambition_rank"] == 1 and index.loc[YANTAI, "ambition_rank"] == 2
    assert index.drop([WEIHAI, YANTAI])["ambition_rank"].isna().all()
    assert index.loc[WEIHAI, "comparable_indicators"] == (
        "health_literacy_rate 2025, physician_nurse_ratio 2025, public_tcm_beds_per_1000 2025")
    # 赤峰: geriatrics 90/60
    assert index.loc[CHIFENG, "ambition_score"] == 1.5
    # 聊城: nothing comparable
    assert index.loc[LIAOCHENG, "n_comparable"] == 0
    assert pd.isna(index.loc[LIAOCHENG, "share_at_least_as_ambitious"])
    assert pd.isna(index.loc[LIAOCHENG, "ambition_score"])
    assert index["n_goals_not_set"].to_dict() == {
        DONGYING: 12, WEIHAI: 9, YANTAI: 8, LIAOCHENG: 13, CHIFENG: 12}  # Weihai's geriatrics: in words
    # targets with no national goal of any year: 床医比, EMR, primary-care standard, staff
    # sent down (Dongying); beds (2020), GPs (2030), family doctors (2035) have one of the
    # nearest year
    assert index["n_targets_without_goal"].to_dict() == {
        DONGYING: 4, WEIHAI: 4, YANTAI: 1, LIAOCHENG: 1, CHIFENG: 1}
    assert (index["formula"] == AMBITION_FORMULA).all()
    assert "goal / city" in AMBITION_FORMULA and "lower-is-better" in AMBITION_FORMULA
    assert "median" in AMBITION_FORMULA and "not enough to rank" in AMBITION_FORMULA


def test_coverage_matrix_by_hand(city_store):
    cov = coverage(city_store)
    dy = cov[cov.region == DONGYING].set_index("indicator_id")
    assert dy.loc["beds_per_1000", "status"] == "set"
    assert dy.loc["nurses_per_1000", "status"] == "not addressed"
    assert dy.loc["nurses_per_1000", "leaves_goal_unaddressed"]
    assert dy.loc["nurses_per_1000", "unaddressed_goal_years"] == "2025,2030"
    assert dy.loc["family_doctor_signing_rate", "status"] == "set"
    assert dy.loc["family_doctor_signing_rate", "unaddressed_goal_years"] == "2035"
    assert dy.loc["beds_per_1000", "goal_years"] == "2020"
    assert dy.loc["staff_sent_down_per_year", "target_years"] == "annual"
    assert dy.loc["appointment_rate", "status"] == "not addressed"
    assert cov.groupby("region")["set_by_city"].sum().to_dict() == N_TARGETS
    matrix = coverage_matrix(city_store)
    assert list(matrix.columns) == sorted(CITIES)
    assert matrix.loc["emr_level"].to_dict() == {
        DONGYING: "set", WEIHAI: "set", YANTAI: "not addressed", LIAOCHENG: "set",
        CHIFENG: "not addressed"}
    assert matrix.loc["geriatrics_department_share"].to_dict() == {
        DONGYING: "not addressed", WEIHAI: "set in words", YANTAI: "set",
        LIAOCHENG: "not addressed", CHIFENG: "set"}
    # Liaocheng's only plan is a public-hospital plan: family doctors are not applicable
    assert matrix.loc["family_doctor_signing_rate", LIAOCHENG] == "not applicable"
    assert matrix.loc["nurses_per_1000", LIAOCHENG] == "not applicable"
    assert matrix.loc["emr_level", LIAOCHENG] == "set"
    assert (matrix == "set").sum().to_dict() == {c: n for c, n in N_TARGETS.items()}


def test_filters_and_deterministic_order(city_store):
    full = city_vs_goals(city_store)
    again = city_vs_goals(city_store)
    pd.testing.assert_frame_equal(full, again)
    keys = full[["region", "indicator_id"]].apply(tuple, axis=1).tolist()
    assert keys == sorted(keys)
    some = city_vs_goals(city_store, regions=[WEIHAI, CHIFENG], target_year=2025,
                         indicators=["physician_nurse_ratio", "geriatrics_department_share"])
    assert some[["region", "indicator_id", "reference_level", "verdict"]].values.tolist() == [
        [WEIHAI, "geriatrics_department_share", "national", "set in words"],
        [WEIHAI, "physician_nurse_ratio", "national", "equal"],
        [WEIHAI, "physician_nurse_ratio", "provincial", "no reference goal"],
        [CHIFENG, "geriatrics_department_share", "national", "more ambitious"],
        [CHIFENG, "geriatrics_department_share", "provincial", "no reference goal"],
        [CHIFENG, "physician_nurse_ratio", "national", "not set by the city"]]
    assert set(some["target_year"]) == {2025}
    assert len(city_vs_goals(city_store, regions=[])) == 0
    assert len(ambition_index(city_store, target_year=2025)) == 5  # no such column: ignored
    with pytest.raises(ValueError, match="unknown view"):
        compare.read_view(city_store, "no_such_view")


def test_a_view_read_for_some_columns_is_those_columns_of_the_whole(city_store):
    """``columns`` reads only those, in that order: the same rows in the same order as the
    whole view's (filters too); a column the view lacks is named, with the closest ones."""
    whole = compare.read_view(city_store, "city_vs_goals", regions=[WEIHAI, CHIFENG])
    some = compare.read_view(city_store, "city_vs_goals", regions=[WEIHAI, CHIFENG],
                             columns=["verdict", "region", "city_value"])
    assert list(some.columns) == ["verdict", "region", "city_value"] and len(some) > 4
    pd.testing.assert_frame_equal(some, whole[["verdict", "region", "city_value"]])
    with pytest.raises(ValueError, match=r"no column 'verdikt'; did you mean verdict\?"):
        compare.read_view(city_store, "city_vs_goals", columns=["verdikt"])


def test_compare_command(city_store, tmp_path, capsys):
    assert main(["compare", "--db", str(city_store), "--view", "ambition_index"]) == 0
    out = capsys.readouterr().out
    assert "威海市" in out and "goal / city" in out
    csv_path = tmp_path / "vs.csv"
    assert main(["compare", "--db", str(city_store), "--region", WEIHAI, "--csv",
                 str(csv_path)]) == 0
    written = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert set(written["region"]) == {WEIHAI}
    assert len(written) == len(city_vs_goals(city_store, regions=WEIHAI)) == 30
    assert main(["compare", "--db", str(tmp_path / "missing.duckdb")]) == 2


# --- hand-made stores: edge cases ------------------------------


def _doc(doc_id: str, region: str | None, level: str | None = "municipal",
         province: str | None = None, issued_on: date | None = date(2024, 1, 1)) -> dict:
    return {"doc_id": doc_id, "file_name": f"{doc_id}.txt", "region": region, "level": level,
            "province": province, "title": f"plan {doc_id}", "doc_number": f"{doc_id}号",
            "issued_on": issued_on, "sha256": doc_id}


def _target(doc_id: str, indicator_id: str, value: float, year: int | None = 2025, *,
            pos: int = 0, value_std: float | None = None, value_high: float | None = None,
            kind: str = "level") -> dict:
    quote = f"{indicator_id}={value}"
    return {"target_id": f"{doc_id}@{pos}", "doc_id": doc_id, "indicator_id": indicator_id,
            "value": value, "value_high": value_high,
            "value_std": value if value_std is None else value_std,
            "value_std_high": value_high, "unit": "", "comparator": ">=", "kind": kind,
            "target_year": year, "aspirational": False, "maintain": False,
            "annual": year is None, "quote": quote, "char_start": pos,
            "char_end": pos + len(quote)}


def _goal(indicator_id: str, value: float, year: int | None = 2025, *, scope: str = "全国",
          level: str = "national", origin: str = "reference_file",
          verified: bool = True, goal_id: str | None = None) -> dict:
    return {"goal_id": goal_id or f"ref:{scope}:{indicator_id}:{year}", "origin": origin,
            "scope": scope, "scope_level": level, "indicator_id": indicator_id, "value": value,
            "comparator": ">=", "target_year": year, "source_title": f"source {indicator_id}",
            "excerpt": f"{indicator_id} {value}", "note": f"note {indicator_id}",
            "verified": verified}


def _store(path: Path, codebook: Codebook, documents: list[dict], targets: list[dict],
           goals: list[dict] = (), *, std_columns: bool = True, reference_tables: bool = True,
           views: bool = True) -> Path:
    """A store written directly (no extraction), to pin down view logic on chosen numbers."""
    tables = {"documents": pd.DataFrame(documents), "targets": pd.DataFrame(targets),
              "indicators": indicators_frame(codebook)}
    extra = {}
    if reference_tables:
        extra = dict(reference.DDL)
        tables["goals"] = pd.DataFrame(goals)
        tables["regions"] = reference.load_regions(paths.REGIONS)
        tables["national_actuals"] = reference.load_actuals(
            paths.RAW / reference.ACTUALS_FILE, None, reference.provinces(tables["regions"]))
    write_store(path, tables, extra)
    con = duckdb.connect(str(path))
    try:
        if not reference_tables:  # a store of a version before the reference tables
            for table in (*reference.DDL, "labels"):
                con.execute(f"DROP TABLE {table}")
        if not std_columns:
            con.execute("ALTER TABLE targets DROP COLUMN value_std")
            con.execute("ALTER TABLE targets DROP COLUMN value_std_high")
        if views:
            create_views(con)
    finally:
        con.close()
    return path


def _all_views(db: Path) -> dict[str, pd.DataFrame]:
    return {
        "city_targets": city_targets(db), "city_vs_goals": city_vs_goals(db),
        "coverage": coverage(db), "coverage_matrix": coverage_matrix(db),
        "ambition_index": ambition_index(db), "peer_comparison": peer_comparison(db),
        "side_by_side": side_by_side(db, [DONGYING, WEIHAI]),
    }


def test_an_empty_store_answers_every_view(tmp_path, codebook):
    db = _store(tmp_path / "empty.duckdb", codebook, [], [])
    frames = _all_views(db)
    assert all(frame.empty for frame in frames.values())
    assert "verdict" in frames["city_vs_goals"].columns


def _real_goals(codebook: Codebook) -> list[dict]:
    """The national goals of data/raw, as a build loads them."""
    regions = reference.load_regions(paths.REGIONS)
    return reference.load_goals(paths.RAW / reference.GOALS_FILE,
                                [i.id for i in codebook.indicators],
                                reference.provinces(regions)).records()


def test_a_store_of_documents_without_targets(tmp_path, codebook):
    docs = [_doc("notes", None, level=None), _doc("dy", DONGYING, province="山东省")]
    db = _store(tmp_path / "s.duckdb", codebook, docs, [], _real_goals(codebook))
    frames = _all_views(db)
    assert frames["city_targets"].empty and frames["peer_comparison"].empty
    vs = frames["city_vs_goals"]
    assert set(vs["region"]) == {DONGYING}  # a document without a region is no city
    assert set(vs["verdict"]) == {"not set by the city"} and len(vs) == OPEN_NATIONAL_GOALS
    index = frames["ambition_index"]
    assert index["n_comparable"].tolist() == [0] and index["ambition_score"].isna().all()


def test_a_one_city_store(tmp_path, codebook):
    db = _store(tmp_path / "s.duckdb", codebook, [_doc("dy", DONGYING, province="山东省")],
                [_target("dy", "beds_per_1000", 7.55)], _real_goals(codebook))
    peers = _one(peer_comparison(db), indicator_id="beds_per_1000")
    assert peers.peers_n == 0 and pd.isna(peers.peers_median) and pd.isna(peers.peers_min)
    assert (peers.national_actual, peers.national_actual_year) == (7.23, 2023)
    vs = city_vs_goals(db)
    beds = vs[vs.indicator_id == "beds_per_1000"]
    # national: the nearest goal year (2020, 6 beds); provincial: none
    assert beds["verdict"].tolist() == ["more ambitious", "no reference goal"]
    assert beds["goal_match"].tolist()[0] == "nearest year"
    assert (vs.verdict == "not set by the city").sum() == OPEN_NATIONAL_GOALS
    assert side_by_side(db, [DONGYING, WEIHAI]).empty  # Weihai set nothing here


def test_a_region_with_no_province_is_compared_with_national_goals(tmp_path, codebook):
    db = _store(tmp_path / "s.duckdb", codebook,
                [_doc("x", "某新区", level="county", province=None)],
                [_target("x", "physician_nurse_ratio", 1.25)],
                [_goal("physician_nurse_ratio", 1.2)])
    vs = city_vs_goals(db)
    assert vs["reference_level"].tolist() == ["national", "provincial"]
    national, provincial = vs.iloc[0], vs.iloc[1]
    assert national.verdict == "more ambitious"
    assert national.gap_abs == pytest.approx(0.05)
    assert national.gap_rel == pytest.approx(0.05 / 1.2)
    assert pd.isna(provincial.reference_scope) and provincial.verdict == "no reference goal"
    assert pd.isna(peer_comparison(db).iloc[0].province_peers_median)


def test_lower_is_better_indicators_flip_the_gap_and_the_ratio(tmp_path, codebook):
    assert codebook.by_id["infant_mortality_rate"].direction == "lower"
    db = _store(tmp_path / "s.duckdb", codebook,
                [_doc("a", "甲市", province="山东省"), _doc("b", "乙市", province="山东省")],
                [_target("a", "infant_mortality_rate", 4.0),
                 _target("b", "infant_mortality_rate", 6.0)],
                [_goal("infant_mortality_rate", 5.0)])
    vs = city_vs_goals(db)
    a = _one(vs, region="甲市", reference_level="national")
    b = _one(vs, region="乙市", reference_level="national")
    assert (a.gap_abs, a.gap_directed, a.verdict) == (-1, 1, "more ambitious")
    assert (b.gap_abs, b.gap_directed, b.verdict) == (1, -1, "less ambitious")
    assert a.gap_rel == pytest.approx(-0.2)
    index = ambition_index(db).set_index("region")
    assert index.loc["甲市", "ambition_score"] == 1.25          # 5 / 4
    assert index.loc["乙市", "ambition_score"] == pytest.approx(5 / 6)
    assert index.loc["乙市", "share_at_least_as_ambitious"] == 0


def test_ranges_compare_on_their_committed_end(tmp_path, codebook):
    db = _store(tmp_path / "s.duckdb", codebook,
                [_doc("a", "甲市", province="山东省")],
                [_target("a", "gp_per_10000", 2.0, value_high=3.0),
                 _target("a", "infant_mortality_rate", 4.0, value_high=5.0, pos=9)],
                [_goal("gp_per_10000", 2.5), _goal("infant_mortality_rate", 4.5)])
    vs = city_vs_goals(db)
    gp = _one(vs, indicator_id="gp_per_10000", reference_level="national")
    imr = _one(vs, indicator_id="infant_mortality_rate", reference_level="national")
    assert (gp.city_compare_value, gp.verdict) == (2.0, "less ambitious")
    assert (imr.city_compare_value, imr.verdict) == (5.0, "less ambitious")


def test_harmonised_values_are_compared_and_the_column_may_be_absent(tmp_path, codebook):
    docs = [_doc("a", "甲市", province="山东省")]
    goals = [_goal("beds_per_1000", 7.0)]
    per_10000 = [_target("a", "beds_per_1000", 75.5, value_std=7.55)]
    db = _store(tmp_path / "std.duckdb", codebook, docs, per_10000, goals)
    row = _one(city_vs_goals(db), reference_level="national")
    assert (row.city_value, row.value_written) == (7.55, 75.5)
    assert row.verdict == "more ambitious" and row.gap_abs == pytest.approx(0.55)
    plain = _store(tmp_path / "plain.duckdb", codebook, docs,
                   [_target("a", "beds_per_1000", 7.55)], goals, std_columns=False)
    row = _one(city_vs_goals(plain), reference_level="national")
    assert row.city_value == 7.55 and row.verdict == "more ambitious"


def test_the_latest_plan_wins_with_deterministic_ties(tmp_path, codebook):
    docs = [_doc("a_old", "甲市", province="山东省", issued_on=date(2022, 5, 1)),
            _doc("b_new", "甲市", province="山东省", issued_on=date(2024, 5, 1)),
            _doc("c_same", "乙市", province="山东省", issued_on=date(2024, 5, 1)),
            _doc("d_same", "乙市", province="山东省", issued_on=date(2024, 5, 1)),
            _doc("e_undated", "乙市", province="山东省", issued_on=None)]
    targets = [_target("a_old", "beds_per_1000", 7.0), _target("b_new", "beds_per_1000", 7.4),
               _target("c_same", "beds_per_1000", 6.8, pos=5),
               _target("c_same", "beds_per_1000", 6.9, pos=2),
               _target("d_same", "beds_per_1000", 7.9),
               _target("e_undated", "beds_per_1000", 9.9)]
    db = _store(tmp_path / "s.duckdb", codebook, docs, targets)
    picked = city_targets(db).set_index("region")
    assert picked.loc["甲市", "value"] == 7.4 and picked.loc["甲市", "doc_id"] == "b_new"
    assert picked.loc["甲市", "n_statements"] == 2
    # same issue date: doc_id, then the first statement in the text
    assert picked.loc["乙市", "target_id"] == "c_same@2"
    assert picked.loc["乙市", "n_statements"] == 4


def test_a_reference_file_goal_outranks_a_document_goal(tmp_path, codebook):
    goals = [_goal("beds_per_1000", 7.0),
             _goal("beds_per_1000", 6.5, origin="document", verified=False, goal_id="doc:n@1")]
    db = _store(tmp_path / "s.duckdb", codebook, [_doc("a", "甲市", province="山东省")],
                [_target("a", "beds_per_1000", 7.55)], goals)
    row = _one(city_vs_goals(db), reference_level="national")
    assert (row.goal_id, row.goal_value, row.goal_origin) == (
        "ref:全国:beds_per_1000:2025", 7.0, "reference_file")


def test_change_targets_and_unmapped_targets_are_not_compared(tmp_path, codebook):
    unmapped = {**_target("a", "beds_per_1000", 3.0, pos=7), "indicator_id": None}
    db = _store(tmp_path / "s.duckdb", codebook, [_doc("a", "甲市", province="山东省")],
                [_target("a", "health_literacy_rate", 5.0, kind="change"), unmapped])
    assert city_targets(db).empty
    assert set(city_vs_goals(db)["verdict"]) <= {"not set by the city"}


def test_an_older_store_without_views_or_reference_tables(tmp_path, codebook):
    db = _store(tmp_path / "old.duckdb", codebook, [_doc("a", "甲市", province="山东省")],
                [_target("a", "beds_per_1000", 7.55)], reference_tables=False, views=False)
    vs = city_vs_goals(db)  # temporary views on a read-only connection
    assert vs["verdict"].tolist() == ["no reference goal"] * 2
    assert math.isnan(peer_comparison(db).iloc[0].national_actual)
    with connect(db) as con:  # the store itself is left untouched
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()}
    assert "city_vs_goals" not in names and "goals" not in names


def test_views_read_concurrently_are_those_read_one_after_another(city_store: Path):
    """``read_concurrently`` reads on cursors, two at a time: each frame is the one
    ``read_view`` gives on the connection itself (filters too), keyed in the order given."""
    import functools

    names = ("city_vs_goals", "goal_status", "target_vs_actuals", "ambition_index")
    with compare.open_with_views(city_store) as con:
        together = compare.read_concurrently(con, {
            name: functools.partial(compare.read_view, view=name, regions=["威海市"])
            for name in names})
        assert list(together) == list(names)
        for name in names:
            alone = compare.read_view(con, name, regions=["威海市"])
            pd.testing.assert_frame_equal(together[name], alone)
        assert set(together["city_vs_goals"]["region"]) == {"威海市"}


@pytest.mark.parametrize("limit", [10**6, 1])  # compared in Python, and by SQL past the limit
def test_same_rows_counts_each_row_as_often_as_it_comes(monkeypatch, limit):
    monkeypatch.setattr(compare, "_COMPARED_IN_PYTHON", limit)
    con = duckdb.connect()
    con.execute("CREATE TABLE a (k VARCHAR, x DOUBLE, d DATE, l INTEGER[])")
    con.execute("CREATE TABLE b AS FROM a")
    rows = [("东营市", 7.5, date(2025, 1, 1)), ("东营市", 7.5, date(2025, 1, 1)),
            ("威海市", None, None)]
    con.executemany("INSERT INTO a (k, x, d) VALUES (?, ?, ?)", rows)
    con.executemany("INSERT INTO b (k, x, d) VALUES (?, ?, ?)", rows[::-1])
    same = compare._same_rows
    assert same(con, "SELECT * FROM a", "SELECT * FROM b")  # (order aside)
    assert not same(con, "SELECT * FROM a", "SELECT DISTINCT * FROM b")  # a row once, not twice
    assert not same(con, "SELECT k, x FROM a", "SELECT k, x + 1e-9 FROM b")
    assert same(con, "SELECT * FROM a WHERE false", "SELECT * FROM b WHERE false")
    con.execute("UPDATE a SET l = [1, 2] WHERE k = '威海市'")  # a list: counted by SQL
    con.execute("UPDATE b SET l = [1, 2] WHERE k = '威海市'")
    assert same(con, "SELECT * FROM a", "SELECT * FROM b")
    con.execute("UPDATE b SET l = [2, 1] WHERE k = '威海市'")
    assert not same(con, "SELECT * FROM a", "SELECT * FROM b")


def test_same_rows_in_python_errs_only_towards_changed(monkeypatch):
    """Python's NaN is not equal to itself, DuckDB's is: counted in Python, rows holding one
    are called different (and written again), which is safe; by SQL they are the same."""
    con = duckdb.connect()
    nan = "SELECT 'nan'::DOUBLE AS x, 'a' AS k"
    assert not compare._same_rows(con, nan, nan)
    assert not compare._same_rows(con, nan, "SELECT 1.0::DOUBLE AS x, 'a' AS k")
    monkeypatch.setattr(compare, "_COMPARED_IN_PYTHON", 0)
    assert compare._same_rows(con, nan, nan)
