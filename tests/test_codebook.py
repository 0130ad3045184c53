"""The codebook: every core id, alias matching, vetoes, units, extension by CSV alone."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.extract.codebook import Codebook, CodebookError
from analysis.extract.rules import assign_indicators, county_level_city, extract_and_map

DATA = Path(__file__).parent / "data"


def test_codebook_has_every_core_id_with_names(codebook):
    spec = list(csv.DictReader((DATA / "core_indicators.csv").open(encoding="utf-8")))
    for row in spec:
        ind = codebook.by_id[row["id"]]
        assert ind.core
        assert (ind.family, ind.unit, ind.direction) == (row["family"], row["unit"], row["direction"])
        assert ind.name_zh and ind.name_en


@pytest.mark.parametrize(
    ("phrase", "unit", "value", "expected"),
    [
        ("每千人口医疗卫生机构床位数", "张", 7.5, "beds_per_1000"),
        ("每千常住人口床位", "张", 7.5, "beds_per_1000"),
        ("每千人床位数", "", 7.5, "beds_per_1000"),
        ("每千人口康复病床数", "张", 0.42, "rehab_beds_per_1000"),
        ("每千人口康复床位", "张", 0.42, "rehab_beds_per_1000"),
        ("家庭医生签约服务覆盖率", "%", 60, "family_doctor_signing_rate"),
        ("县域内患者就诊率", "%", 90, "county_visit_rate"),
        ("旗域内就诊率", "%", 87.5, "county_visit_rate"),  # a banner's county visit rate
        # the population base between the hospitals and the beds
        ("公立中医类医院每千人口床位", "张", 0.71, "public_tcm_beds_per_1000"),
        ("中医类医院每千人口床位", "张", 0.8, "tcm_beds_per_1000"),
        # a banner's hospitals are its county's: 旗人民医院, 旗蒙医医院 (Mongolian medicine)
        ("旗人民医院达到国家医疗服务能力推荐标准", "%", 100, "county_hospital_recommended_standard_share"),
        ("旗区蒙医中医医院达到推荐标准的比例", "%", 85, "county_tcm_hospital_recommended_standard_share"),
        ("旗域内住院人次占比", "%", 80, "county_inpatient_share"),
        # a reimbursement ratio of inpatient care in the county is no share of admissions
        ("农村贫困人口县域内住院实际报销比例", "%", 90, None),
        ("县域内住院费用报销比例", "%", 75, None),
        ("县域内住院人次占比", "%", 80, "county_inpatient_share"),
        # 深圳's community health service centres are 社区健康服务中心
        ("达到基本标准的社区健康服务中心占比", "%", 100, "primary_basic_standard_share"),
        ("社区健康服务中心达到国家优质服务推荐标准的比例", "%", 40,
         "primary_recommended_standard_share"),
        ("全县公共卫生人员每万人口仅", "人", 6.2, "public_health_staff_per_10000"),
        ("居民健康素养水平", "%", 37, "health_literacy_rate"),
        ("居民心理健康素养水平", "%", 20, None),
        ("每千人口康复医师数", "人", 0.2, None),
        ("每千人口医疗卫生机构床位数", "张", 500, None),  # a count, not a rate
        ("每千人口医疗卫生机构床位数", "%", 7.5, None),  # wrong unit
        ("每年下沉医务人员", "人次", 300, None),  # annual indicator needs annual=True
    ],
)
def test_match(codebook, phrase, unit, value, expected):
    assert codebook.match(phrase, unit, value).indicator_id == expected


def test_annual_indicator(codebook):
    assert codebook.match("每年下沉医务人员", "人次", 300, annual=True).indicator_id == (
        "staff_sent_down_per_year"
    )


def _write_codebook(tmp_path: Path, extra_rows: list[dict[str, str]]) -> Path:
    src = Path(__file__).parents[1] / "data" / "raw" / "indicators.csv"
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    out = tmp_path / "indicators.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows + extra_rows)
    return out


def test_new_indicator_needs_no_code_change(tmp_path):
    row = {
        "id": "icu_beds_per_100000", "core": "0", "family": "resources",
        "name_zh": "每十万人口重症医学床位数", "name_en": "ICU beds per 100000", "unit": "beds",
        "direction": "higher", "aliases": "每10万人口…重症…床位|每十万人口…重症…床位",
        "accept_units": "张|none",
    }
    cb = Codebook.load(_write_codebook(tmp_path, [row]))
    (t,) = extract_and_map("到2025年，每10万人口重症医学床位数达到10张。", cb)
    assert (t.indicator_id, t.value, t.target_year) == ("icu_beds_per_100000", 10, 2025)


def test_malformed_codebook_is_reported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,family\nx,y\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad\.csv"):
        Codebook.load(bad)
    dup = _write_codebook(tmp_path, [{"id": "beds_per_1000", "family": "x", "name_zh": "x",
                                      "name_en": "x", "unit": "x", "direction": "higher",
                                      "aliases": "x"}])
    with pytest.raises(CodebookError, match="duplicate"):
        Codebook.load(dup)


@pytest.mark.parametrize(
    ("sentence", "indicator", "written", "value"),
    [
        ("到2025年，每万人口医疗卫生机构床位数达到75张。", "beds_per_1000", 75, 7.5),
        ("到2025年，每千人口全科医生数达到0.4人。", "gp_per_10000", 0.4, 4),
        ("到2025年，每千人口医疗卫生机构床位数达到7.5张。", "beds_per_1000", 7.5, 7.5),
    ],
)
def test_population_base_is_harmonised(codebook, sentence, indicator, written, value):
    (t,) = extract_and_map(sentence, codebook)
    assert (t.indicator_id, t.value, t.value_std, t.value_written) == (
        indicator, value, value, written)
    # mapping again (a codebook change) starts from the number as written
    (again,) = assign_indicators([t], codebook)
    assert (again.value, again.value_written) == (value, written)


@pytest.mark.parametrize("region, level, given, expected", [
    ("溧阳市", "municipal", False, True),  # read from the text, not a listed city
    ("溧阳市", "county", True, True),  # the manifest says county
    ("溧阳市", "municipal", True, False),  # the manifest says prefecture-level: believed
    ("常州市", "municipal", False, False),  # listed: a prefecture-level city
    ("惠安县", "county", False, False),  # a county names its hospitals 县…
    (None, None, False, False),
])
def test_county_level_city(region, level, given, expected):
    assert county_level_city(region, level, given, {"常州市", "江苏省"}) is expected


def test_county_level_city_with_no_region_table_is_not_guessed():
    assert county_level_city("溧阳市", "municipal", False, set()) is False


def test_aliases_compile_when_first_tried():
    """Loading compiles no alias (an incremental build maps one document's phrases); an
    alias compiled later matches across the gap as written."""
    from analysis import paths
    from analysis.extract.codebook import compile_alias

    loaded = Codebook.load(paths.CODEBOOK)
    assert all("regex" not in vars(a) for ind in loaded.indicators for a in ind.aliases)
    alias = compile_alias("每千…人口…床位")
    assert alias.literal_len == 6
    assert alias.regex.search("每千常住人口医疗卫生机构床位数达到7.5张")
    assert not alias.regex.search("每千人口。床位")  # the gap stops at a sentence end
    assert loaded.match("每千常住人口床位", "张", 7.5).indicator_id == "beds_per_1000"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("达到国家医疗服务能力推荐标准的区级综合医院占比", "county_hospital_recommended_standard_share"),
    ("区级综合医院达到推荐标准的比例", "county_hospital_recommended_standard_share"),
    ("达到推荐标准的区级中医医院占比", "county_tcm_hospital_recommended_standard_share"),
    ("区级中医院达到推荐标准的比例", "county_tcm_hospital_recommended_standard_share"),
])
def test_a_districts_hospitals_are_county_level(codebook, phrase, expected):
    """A 区 is county-level: its 区级综合医院 and 区级中医医院 are the county hospitals of a
    municipality's or a city's districts."""
    assert codebook.match(phrase, "%", 80).indicator_id == expected
