"""Reference data: the goals file, national actuals, regions, goals stated by documents.

Expected values are read off data/raw/reference_goals.csv and
national_actuals.csv (which copy the verified spec files), not computed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.build import BuildConfig, build
from analysis.extract.codebook import Codebook
from analysis.ingest.documents import ManifestError
from analysis.store import reference
from analysis.store.reference import (
    ACTUALS_FILE,
    COLUMNS,
    GOALS_FILE,
    ReferenceDataError,
    document_goals,
    load_actuals,
    load_goals,
    load_regions,
    provinces,
    reference_tables,
)
from analysis.store.schema import COLUMNS as STORE_COLUMNS
from analysis.store.schema import connect
from analysis.table import Table

# copies of ../shared/spec (vendored so the tests read nothing outside the repository)
SPEC = Path(__file__).parent / "data"
HEADER = ("scope,scope_level,indicator_id,value,value_high,comparator,target_year,source_title,"
          "doc_number,excerpt,excerpt_language,doc_number_seen_in_source,note,verified\n")
GOOD_ROW = ("山东省,provincial,beds_per_1000,7.2,,>=,2025,山东省规划,鲁政办字〔2023〕202号,"
            "全省每千人口床位数达到7.2张,zh,yes,hypothetical row for a test,false\n")


@pytest.fixture(scope="module")
def indicator_ids(codebook: Codebook) -> frozenset[str]:
    return frozenset(codebook.by_id)


@pytest.fixture(scope="module")
def known_provinces() -> frozenset[str]:
    return provinces(load_regions(paths.REGIONS))


def _write(tmp_path: Path, body: str, name: str = GOALS_FILE, header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


# --- the goals file as shipped -----------------------------------------------------------


def test_goals_file_loads_every_verified_national_goal(indicator_ids, known_provinces):
    goals = load_goals(paths.RAW / GOALS_FILE, indicator_ids, known_provinces).to_frame()
    assert len(goals) == 15
    assert set(goals["scope_level"]) == {"national"} and set(goals["scope"]) == {"全国"}
    assert goals["verified"].all()
    assert goals["source_title"].str.len().gt(0).all()
    assert goals["excerpt"].str.len().gt(0).all()
    assert list(goals.columns) == COLUMNS["goals"]
    by_key = {(r.indicator_id, r.target_year): r for r in goals.itertuples()}
    nurse = by_key[("physician_nurse_ratio", 2025)]
    assert nurse.value == 1.2 and nurse.comparator == ">="
    assert nurse.doc_number == "国卫医发〔2022〕15号" and nurse.excerpt == "医护比达到1∶1.2"
    assert "public hospitals only" in nurse.note
    geri = by_key[("geriatrics_department_share", 2025)]
    assert geri.value == 60 and "denominator" in geri.note and geri.doc_number_seen_in_source
    assert pd.isna(by_key[("geriatrics_department_share", 2030)].doc_number)
    assert ("beds_per_1000", 2025) not in by_key  # no national 2025 bed norm exists
    assert by_key[("beds_per_1000", 2020)].value == 6


def test_goals_file_keeps_every_citation_of_the_spec():
    def rows(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    spec, ours = rows(SPEC / GOALS_FILE), rows(paths.RAW / GOALS_FILE)
    assert len(spec) == len(ours)
    for s, o in zip(spec, ours, strict=True):
        assert {k: o[k] for k in s} == s
        assert o["verified"] == "true"
    assert (paths.RAW / ACTUALS_FILE).read_text(encoding="utf-8-sig").splitlines() == \
        (SPEC / ACTUALS_FILE).read_text(encoding="utf-8-sig").splitlines()


def test_national_actuals_by_data_year(indicator_ids, known_provinces):
    actuals = load_actuals(paths.RAW / ACTUALS_FILE, indicator_ids, known_provinces).to_frame()
    assert len(actuals) == 26
    beds = actuals[actuals["indicator_id"] == "beds_per_1000"].set_index("data_year")["value"]
    assert beds.to_dict() == {2019: 6.30, 2020: 6.46, 2021: 6.70, 2022: 6.92, 2023: 7.23}
    assert set(actuals["scope_level"]) == {"national"}
    assert actuals["excerpt"].str.len().gt(0).all()


def test_regions_give_each_seed_city_its_province():
    regions = load_regions(paths.REGIONS).to_frame().set_index("region")
    assert regions.loc["东营市", "province"] == "山东省"
    assert regions.loc["威海市", "province"] == "山东省"
    assert regions.loc["聊城市", "province"] == "山东省"
    assert regions.loc["赤峰市", "province"] == "内蒙古自治区"
    assert regions.loc["山东省", "level"] == "provincial"
    assert regions.loc["山东省", "province"] == "山东省"
    assert regions.loc["全国", "level"] == "national"


# --- a provincial row is picked up with no code change ------------------------------------


def test_a_provincial_row_loads_as_a_provincial_goal(tmp_path, indicator_ids, known_provinces):
    shipped = (paths.RAW / GOALS_FILE).read_text(encoding="utf-8")
    path = tmp_path / GOALS_FILE
    path.write_text(shipped + GOOD_ROW, encoding="utf-8")
    goals = load_goals(path, indicator_ids, known_provinces).to_frame()
    assert len(goals) == 16
    row = goals[goals["scope_level"] == "provincial"].iloc[0]
    assert (row["scope"], row["indicator_id"], row["value"], row["target_year"]) == \
        ("山东省", "beds_per_1000", 7.2, 2025)
    assert not row["verified"] and row["source_row"] == 17


def test_missing_files_mean_no_reference_data(tmp_path):
    tables = reference_tables(tmp_path, None, _empty("documents"), _empty("targets"))
    assert set(tables) == {"goals", "national_actuals", "regions", "labels"}
    assert all(frame.empty for _, frame in tables.values())


def _empty(table: str) -> Table:
    return Table(STORE_COLUMNS[table])


# --- validation: the error names the file, the row and the problem -------------------------

BAD_GOALS = [
    ("全国,national,beds_per_thousand,6,,>=,2020,T,N,E,en,no,,true\n",
     "unknown indicator id 'beds_per_thousand'"),
    ("全国,national,beds_per_1000,6,,=>,2020,T,N,E,en,no,,true\n", "comparator '=>'"),
    ("全国,national,beds_per_1000,6,,>=,2020,T,N,,en,no,,true\n", "excerpt is empty"),
    ("全国,national,beds_per_1000,6,,>=,2020,,N,E,en,no,,true\n", "source_title is empty"),
    ("山东,provincial,beds_per_1000,6,,>=,2020,T,N,E,zh,no,,true\n", "unknown province '山东'"),
    ("全国,national,beds_per_1000,six,,>=,2020,T,N,E,en,no,,true\n", "value 'six' is not a number"),
    ("全国,national,beds_per_1000,6,,>=,2020年,T,N,E,en,no,,true\n", "not a four-digit year"),
    ("全国,national,beds_per_1000,6,5,>=,2020,T,N,E,en,no,,true\n", "value_high 5 is below value 6"),
    ("全国,national,beds_per_1000,6,,>=,2020,T,N,E,en,no,,maybe\n", "verified 'maybe'"),
    ("全国,county,beds_per_1000,6,,>=,2020,T,N,E,en,no,,true\n", "scope_level 'county'"),
    ("山东省,national,beds_per_1000,6,,>=,2020,T,N,E,en,no,,true\n", "a national goal has scope"),
]


@pytest.mark.parametrize(("row", "problem"), BAD_GOALS)
def test_bad_goal_rows_are_refused_with_file_row_and_problem(
    tmp_path, indicator_ids, known_provinces, row, problem
):
    good = "全国,national,nurses_per_1000,3.8,,>=,2025,T,N,E,zh,no,,true\n"
    path = _write(tmp_path, good + row)
    with pytest.raises(ReferenceDataError) as err:
        load_goals(path, indicator_ids, known_provinces)
    assert f"{path}:3:" in str(err.value)
    assert problem in str(err.value)


def test_a_second_goal_for_the_same_scope_indicator_and_year_is_refused(tmp_path, indicator_ids):
    row = "全国,national,nurses_per_1000,3.8,,>=,2025,T,N,E,zh,no,,true\n"
    path = _write(tmp_path, row + row.replace("3.8", "3.9"))
    with pytest.raises(ReferenceDataError, match=r":3: a second goal .*first on line 2"):
        load_goals(path, indicator_ids)


def test_a_missing_column_is_refused(tmp_path):
    path = _write(tmp_path, "全国,national,x\n", header="scope,scope_level,indicator_id\n")
    with pytest.raises(ReferenceDataError, match="missing columns"):
        load_goals(path)


def test_reference_errors_are_input_errors_for_the_build_cli():
    assert issubclass(ReferenceDataError, ManifestError)


def test_bad_actual_rows_are_refused(tmp_path, indicator_ids, known_provinces):
    header = "scope,indicator_id,value,data_year,source_title,excerpt,note\n"
    cases = [
        ("全国,beds,7.23,2023,S,E,\n", "unknown indicator id 'beds'"),
        ("火星,beds_per_1000,7.23,2023,S,E,\n", "unknown scope '火星'"),
        ("全国,beds_per_1000,7.23,,S,E,\n", "data_year is empty"),
        ("全国,beds_per_1000,7.23,2023,S,,\n", "excerpt is empty"),
        ("全国,beds_per_1000,7.23,2023,S,E,\n全国,beds_per_1000,7.3,2023,S,E,\n",
         "a second value for 全国 beds_per_1000 2023"),
    ]
    for body, problem in cases:
        path = _write(tmp_path, body, name=ACTUALS_FILE, header=header)
        with pytest.raises(ReferenceDataError, match=problem):
            load_actuals(path, indicator_ids, known_provinces)


def test_bad_region_rows_are_refused(tmp_path):
    header = "region,level,province,region_en\n"
    path = _write(tmp_path, "某市,city,山东省,X\n", name="regions.csv", header=header)
    with pytest.raises(ReferenceDataError, match=r"regions.csv:2: level 'city'"):
        load_regions(path)
    path = _write(tmp_path, "某市,municipal,山东省,X\n某市,municipal,山东省,X\n",
                  name="regions.csv", header=header)
    with pytest.raises(ReferenceDataError, match="appears twice"):
        load_regions(path)


def test_a_bad_goals_file_stops_the_build_with_a_clear_error(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _write(raw, "全国,national,beds_per_1000,6,,=>,2020,T,N,E,en,no,,true\n")
    with pytest.raises(ReferenceDataError, match="comparator '=>'"):
        build(BuildConfig(db=tmp_path / "s.duckdb", raw_dir=raw, use_cache=False))
    assert not (tmp_path / "s.duckdb").exists()


# --- goals stated by documents in the store ----------------------------------------------


def test_the_national_seed_document_contributes_no_goals(seed_store):
    with connect(seed_store) as con:
        origins = con.execute(
            "SELECT origin, count(*) FROM goals GROUP BY origin ORDER BY origin").fetchall()
        national_doc_goals = con.execute(
            "SELECT count(*) FROM goals g JOIN documents d USING (doc_id) "
            "WHERE d.level = 'national'").fetchone()[0]
    assert origins == [("reference_file", 15)]
    assert national_doc_goals == 0


def test_seed_store_holds_the_reference_tables(seed_store):
    with connect(seed_store) as con:
        n_actuals = con.execute("SELECT count(*) FROM national_actuals").fetchone()[0]
        chifeng = con.execute(
            "SELECT province, region_en FROM regions WHERE region = '赤峰市'").fetchone()
        verified = con.execute("SELECT bool_and(verified) FROM goals").fetchone()[0]
    assert n_actuals == 26
    assert chifeng == ("内蒙古自治区", "Chifeng")
    assert verified is True


PROVINCIAL_DOC = (
    "山东省人民政府办公厅\n关于印发山东省医疗卫生服务体系规划的通知\n"
    "到2025年，全省每千人口医疗卫生机构床位数达到7.2张，医护比达到1:1.25。\n2023年6月1日\n"
)
NATIONAL_DOC = "国务院办公厅\n到2025年，全国每千人口医疗卫生机构床位数达到7张。\n2022年1月1日\n"
CITY_DOC = "东营市人民政府办公室\n到2025年，全市每千人口医疗卫生机构床位数达到7.55张。\n2024年12月24日\n"


@pytest.fixture(scope="module")
def documents_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A provincial, a national and a city document, each stating a bed target."""
    root = tmp_path_factory.mktemp("docgoals")
    src = root / "src"
    src.mkdir()
    (src / "a_sd.txt").write_text(PROVINCIAL_DOC, encoding="utf-8")
    (src / "b_nat.txt").write_text(NATIONAL_DOC, encoding="utf-8")
    (src / "c_dy.txt").write_text(CITY_DOC, encoding="utf-8")
    db = root / "s.duckdb"
    build(BuildConfig(source=src, db=db, manifest=None, use_cache=False))
    return db


def test_provincial_and_national_documents_state_unverified_goals(documents_store):
    with connect(documents_store) as con:
        rows = con.execute(
            "SELECT scope, scope_level, indicator_id, value, target_year, verified, origin, "
            "source_title, excerpt, doc_id FROM goals WHERE origin = 'document' ORDER BY goal_id"
        ).fetchall()
        quotes = dict(con.execute("SELECT target_id, quote FROM targets").fetchall())
        goal_targets = con.execute(
            "SELECT target_id, excerpt FROM goals WHERE origin = 'document'").fetchall()
    assert [r[:7] for r in rows] == [
        ("山东省", "provincial", "beds_per_1000", 7.2, 2025, False, "document"),
        ("山东省", "provincial", "physician_nurse_ratio", 1.25, 2025, False, "document"),
        ("全国", "national", "beds_per_1000", 7.0, 2025, False, "document"),
    ]
    assert rows[0][7] == "山东省医疗卫生服务体系规划"
    assert all(quotes[t] == excerpt for t, excerpt in goal_targets)
    assert {r[9] for r in rows} == {"a_sd", "b_nat"}  # never the city document


def test_document_goals_prefer_the_harmonised_value():

    docs = Table.from_records(STORE_COLUMNS["documents"], [
        {"doc_id": "p", "level": "provincial", "region": "山东省", "province": "山东省",
         "title": "T", "doc_number": None, "issued_on": None, "file_name": "p.txt"}])
    base = {"doc_id": "p", "indicator_id": "beds_per_1000", "kind": "level", "value": 72.0,
            "value_high": None, "comparator": ">=", "target_year": 2025, "quote": "Q",
            "char_start": 0, "char_end": 1}
    with_std = Table.from_records(STORE_COLUMNS["targets"], [
        {**base, "target_id": "p@1", "value_std": 7.2, "value_std_high": None}])
    without_std = Table.from_records([*base, "target_id"], [{**base, "target_id": "p@1"}])
    assert document_goals(docs, with_std)["value"] == [7.2]
    assert document_goals(docs, without_std)["value"] == [72.0]
    # a document's same-plan copy states no goal of its own
    docs["duplicate_of"] = ["q"]
    assert document_goals(docs, with_std).empty


def test_labels_cover_every_verdict_and_status_in_both_languages(tmp_path):
    from analysis.compare.views import STATUSES, VERDICTS
    from analysis.formats import LABELS, OUTPUT_KINDS

    labels = reference.load_labels(paths.LABELS).to_frame()
    keys = {(k, key) for k, key in zip(labels["kind"], labels["key"], strict=True)}
    assert {("verdict", v) for v in VERDICTS} <= keys
    assert {("status", s) for s in STATUSES} <= keys
    assert labels["zh"].str.len().gt(0).all() and labels["en"].str.len().gt(0).all()
    row = labels[(labels["kind"] == "verdict") & (labels["key"] == "less ambitious")].iloc[0]
    assert (row["zh"], row["en"]) == ("低于目标", "less ambitious")
    # the outputs (analysis.formats) read their words for coded values from the same file
    for kind, key, zh, en in labels.itertuples(index=False):
        assert LABELS[kind][key] == (zh, en), key
    # the words of the outputs share the file, not the store's labels table
    assert not set(labels["kind"]) & set(OUTPUT_KINDS)
    assert {"chart", "workbook", "site"} <= set(LABELS)
    dup = tmp_path / "labels.csv"
    dup.write_text("kind,key,zh,en\nverdict,equal,持平,Equal\nverdict,equal,相同,Same\n",
                   encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError, match="appears twice"):
        reference.load_labels(dup)
