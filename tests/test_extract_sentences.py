"""Targets from varied sentences: phrasings, numerals, ratios, lists, PDF breaks, traps.

Each case lists every *core or codebook-mapped* target the sentence must yield
as (indicator_id, value, target_year, comparator); nothing else may map.
"""

from __future__ import annotations

import pytest

Y = 2025
CASES: list[tuple[str, list[tuple[str, float, int | None, str]]]] = [
    # --- plain subject-verb-value, aliases ---------------------------------------------
    ("到2025年，每千常住人口医疗卫生机构床位数达到6.8张。", [("beds_per_1000", 6.8, Y, "=")]),
    ("到2025年，每千人床位数提高到7.2张左右。", [("beds_per_1000", 7.2, Y, "≈")]),
    ("到2025年，每千人口医疗卫生机构床位数控制在6.5张左右。", [("beds_per_1000", 6.5, Y, "≈")]),
    ("到2030年，每千人口医疗卫生机构床位数达到8张，每千人口执业（助理）医师数达到3.5人。",
     [("beds_per_1000", 8, 2030, "="), ("physicians_per_1000", 3.5, 2030, "=")]),
    ("到2025年，每万人口全科医生数达到3.93人，每千人口注册护士数达到3.8人。",
     [("gp_per_10000", 3.93, Y, "="), ("nurses_per_1000", 3.8, Y, "=")]),
    ("到2025年，每万人口公共卫生人员数达到8.3人。", [("public_health_staff_per_10000", 8.3, Y, "=")]),
    ("到2025年，县域内住院人次占比达到85%。", [("county_inpatient_share", 85, Y, "=")]),
    ("到2025年，基层医疗卫生机构门急诊人次占比达到65%以上。",
     [("county_primary_visit_share", 65, Y, ">=")]),
    ("到2025年，预约诊疗率达到60%。", [("appointment_rate", 60, Y, "=")]),
    ("到2025年，床人比达到1:1.6。", [("bed_staff_ratio", 1.6, Y, "=")]),
    ("到2025年，每千人口中医类医院床位数达到0.9张，每千人口公立中医医院床位数达到0.85张。",
     [("tcm_beds_per_1000", 0.9, Y, "="), ("public_tcm_beds_per_1000", 0.85, Y, "=")]),
    ("到2025年，设立老年医学科的二级及以上综合医院占比达到60%以上。",
     [("geriatrics_department_share", 60, Y, ">=")]),
    ("家庭医生签约服务覆盖率达到75%以上，重点人群签约服务覆盖率保持在90%以上。",
     [("family_doctor_signing_rate", 75, None, ">="),
      ("family_doctor_signing_rate_key", 90, None, ">=")]),
    # --- years ---------------------------------------------------------------------------
    ("力争到“十四五”末，县域内就诊率达到90%以上。", [("county_visit_rate", 90, Y, ">=")]),
    ("2025年底前，二级以上公立医院电子病历应用水平达到4级以上。", [("emr_level", 4, Y, ">=")]),
    ("到2025年、2030年，居民健康素养水平分别达到30%和35%。",
     [("health_literacy_rate", 30, 2025, "="), ("health_literacy_rate", 35, 2030, "=")]),
    ("2026年，全市每千人口床位数达到7.9张。", [("beds_per_1000", 7.9, 2026, "=")]),
    # --- ratios ----------------------------------------------------------------------------
    ("到2025年，医护比不低于1：1.25，床医比达到1∶0.6。",
     [("physician_nurse_ratio", 1.25, Y, ">="), ("bed_physician_ratio", 0.6, Y, "=")]),
    ("医护比由1:1.05提高到1:1.2。", [("physician_nurse_ratio", 1.2, None, "=")]),
    # --- 分别 lists ------------------------------------------------------------------------
    ("到2025年，全人群和重点人群家庭医生签约率分别达到45%、80%以上。",
     [("family_doctor_signing_rate", 45, Y, "="), ("family_doctor_signing_rate_key", 80, Y, ">=")]),
    ("到2025年，每千人口执业（助理）医师数和注册护士数分别达到3.2人和3.8人。",
     [("physicians_per_1000", 3.2, Y, "="), ("nurses_per_1000", 3.8, Y, "=")]),
    ("到2025年，每千人口康复、中医类医院床位分别达到0.5张和1.0张。",
     [("rehab_beds_per_1000", 0.5, Y, "="), ("tcm_beds_per_1000", 1.0, Y, "=")]),
    ("到2025年，县级综合医院和县级中医医院达到国家推荐标准的比例分别达到100%和70%。",
     [("county_hospital_recommended_standard_share", 100, Y, "="),
      ("county_tcm_hospital_recommended_standard_share", 70, Y, "=")]),
    ("到2025年，县级综合医院、县级中医医院达到推荐标准的比例分别达到100%、不低于70%。",
     [("county_hospital_recommended_standard_share", 100, Y, "="),
      ("county_tcm_hospital_recommended_standard_share", 70, Y, ">=")]),
    # --- percentage before its subject ----------------------------------------------------
    ("到2025年，60%以上的乡镇卫生院和社区卫生服务中心达到优质服务基层行推荐标准。",
     [("primary_recommended_standard_share", 60, Y, ">=")]),
    ("到2025年，90%以上的县（市、区）建成紧密型县域医共体。",
     [("county_medical_community_coverage", 90, Y, ">=")]),
    ("到2025年，70%的乡镇卫生院达到基本标准。", [("primary_basic_standard_share", 70, Y, "=")]),
    # lead units of medical communities are no coverage of counties
    ("到2025年，县级中医医院全部建成医共体牵头单位。", []),
    # --- numerals, PDF text, full-width ------------------------------------------------------
    ("到2025年，二级及以上公立医院电子病历应用水平平均达到五级。", [("emr_level", 5, Y, "=")]),
    ("到2025年，重点人群签约率达到百分之九十以上。",
     [("family_doctor_signing_rate_key", 90, Y, ">=")]),
    ("到２０２５年，全人群家庭医生签约率达到６５％。", [("family_doctor_signing_rate", 65, Y, "=")]),
    ("到 2025\n\n年，每千人口医疗卫生机构床位\n\n数达到 7.5张。", [("beds_per_1000", 7.5, Y, "=")]),
    ("每年下派医务人员200人次以上。", [("staff_sent_down_per_year", 200, None, ">=")]),
    ("到 2025年，每年下沉医务人员 100人次以上。", [("staff_sent_down_per_year", 100, None, ">=")]),
    ("县级医院每年派出医务人员到基层坐诊、带教不少于120人次。",
     [("staff_sent_down_per_year", 120, None, ">=")]),
    ("市级医院每年派出专家到基层医疗卫生机构巡诊200人次以上。",
     [("staff_sent_down_per_year", 200, None, ">=")]),
    # --- from/to: only the new value is a target -----------------------------------------------
    ("每千人口床位数由2020年的6.2张提高到2025年的7.2张。", [("beds_per_1000", 7.2, Y, "=")]),
    ("全市每千人口床位数从6.2张增加到7.0张。", [("beds_per_1000", 7.0, None, "=")]),
    ("2020年全市医护比为1:1.05，到2025年提高到1:1.2。", [("physician_nurse_ratio", 1.2, Y, "=")]),
    ("每千人口床位数由6.2张增至7.0张，医护比由1:1.05升至1:1.2。",
     [("beds_per_1000", 7.0, None, "="), ("physician_nurse_ratio", 1.2, None, "=")]),
    # --- extra (non-core) codebook indicators -------------------------------------------------
    ("到2025年，孕产妇死亡率控制在12/10万以内，婴儿死亡率控制在5‰以下。",
     [("maternal_mortality_rate", 12, Y, "<="), ("infant_mortality_rate", 5, Y, "<=")]),
    ("到2025年，人均预期寿命达到80岁以上。", [("life_expectancy", 80, Y, ">=")]),
    ("到2025年，孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别控制在10/10万、4‰、6‰以下。",
     [("maternal_mortality_rate", 10, Y, "<="), ("infant_mortality_rate", 4, Y, "<="),
      ("under5_mortality_rate", 6, Y, "<=")]),
    # --- the population base carries over to the next item; 分别 refers back -------------------
    ("到2025年，全市每千人口拥有执业（助理）医师数达到3.3人、注册护士数达到4.0人，医护比达1:1.2以上。",
     [("physicians_per_1000", 3.3, Y, "="), ("nurses_per_1000", 4.0, Y, "="),
      ("physician_nurse_ratio", 1.2, Y, ">=")]),
    ("力争到2027年底，每千人口床位数达7.8张，每千人口执业（助理）医师数达3.5人；到2030年，分别达到8.2张和3.8人。",
     [("beds_per_1000", 7.8, 2027, "="), ("physicians_per_1000", 3.5, 2027, "="),
      ("beds_per_1000", 8.2, 2030, "="), ("physicians_per_1000", 3.8, 2030, "=")]),
    ("到2025年，全市居民健康素养水平达到28%以上，较2020年提高8个百分点。",
     [("health_literacy_rate", 28, Y, ">=")]),
    ("到2025年，县域内就诊率稳定在90%以上，床位使用率保持在85%左右，平均住院日控制在8天以内。",
     [("county_visit_rate", 90, Y, ">=")]),
    ("每千人口公共卫生人员数达到0.9人。", [("public_health_staff_per_10000", 9, None, "=")]),
    # --- enumerated lists, bullets under a year, shorthand, notes -----------------------------
    ("到2025年，主要指标如下：（1）每千人口医疗卫生机构床位数7.5张；（2）医护比1:1.2；（3）全人群家庭医生签约率60%。",
     [("beds_per_1000", 7.5, Y, "="), ("physician_nurse_ratio", 1.2, Y, "="),
      ("family_doctor_signing_rate", 60, Y, "=")]),
    ("二、发展目标\n到2025年，全市卫生健康体系更加完善。\n——每千人口医疗卫生机构床位数达到7.6张；\n"
     "——每万人口全科医生数达到4.5人；\n——县域内就诊率达到90%以上。\n三、重点任务\n每千人口床位数达到8张。",
     [("beds_per_1000", 7.6, Y, "="), ("gp_per_10000", 4.5, Y, "="),
      ("county_visit_rate", 90, Y, ">="), ("beds_per_1000", 8, None, "=")]),
    ("到2025年，千人口床位数达6.8张，千人口执业（助理）医师数达3.1人。",
     [("beds_per_1000", 6.8, Y, "="), ("physicians_per_1000", 3.1, Y, "=")]),
    ("到2025年，每千人口床位数（含康复床位）达到7张。", [("beds_per_1000", 7, Y, "=")]),
    ("到2025年，乡镇卫生院（社区卫生服务中心）服务能力达到国家基本标准的比例达到100%，达到推荐标准的比例达到40%。",
     [("primary_basic_standard_share", 100, Y, "="),
      ("primary_recommended_standard_share", 40, Y, "=")]),
    ("全市医护比从2020年的1:1.02提高到1:1.15，床护比提高到1:0.6。",
     [("physician_nurse_ratio", 1.15, None, "=")]),
    ("到2025年，每千人口医疗卫生机构床位数由2020年的5.6张增加到6.4张，年均增长2.7%。",
     [("beds_per_1000", 6.4, Y, "=")]),
    ("到2025年，重点人群家庭医生签约率达到80%以上，其中高血压、糖尿病患者签约率达到85%。",
     [("family_doctor_signing_rate_key", 80, Y, ">=")]),
    # --- years listed inside the subject; restated shares; borrowed subjects -------------------
    ("推进家庭医生签约服务扩面提质，全人群家庭医生签约率到2027年和2030年分别达到55%和65%。",
     [("family_doctor_signing_rate", 55, 2027, "="), ("family_doctor_signing_rate", 65, 2030, "=")]),
    ("到2025年，县级综合医院全部达到国家医疗服务能力推荐标准（100%），县级中医医院达到推荐标准的比例不低于75%。",
     [("county_hospital_recommended_standard_share", 100, Y, "="),
      ("county_tcm_hospital_recommended_standard_share", 75, Y, ">=")]),
    ("到2025年，县级中医（藏医）医院达到推荐标准的比例达到40%。",
     [("county_tcm_hospital_recommended_standard_share", 40, Y, "=")]),
    ("到2025年，70%的乡镇卫生院达到“优质服务基层行”基本标准，力争20%达到推荐标准。",
     [("primary_basic_standard_share", 70, Y, "="), ("primary_recommended_standard_share", 20, Y, "=")]),
    ("到2025年，所辖4个县全部建成紧密型县域医共体，建成率达到100%。",
     [("county_medical_community_coverage", 100, Y, "=")]),
    ("到2025年，健康建设深入推进。人均预期寿命达到79.5岁，居民健康素养水平达到35%以上，较2020年提高8个百分点以上。",
     [("life_expectancy", 79.5, Y, "="), ("health_literacy_rate", 35, Y, ">=")]),
    ("到2025年，三级公立医院电子病历系统应用水平达到五级以上，二级公立医院达到四级以上。", []),
    # --- the population base in the unit; notes read last; a subject from the sentence before
    ("到2025年，全市医疗卫生机构床位数控制在7.8张/千人以内，执业（助理）医师数达到3.2人/千人。",
     [("beds_per_1000", 7.8, Y, "<="), ("physicians_per_1000", 3.2, Y, "=")]),
    ("到2025年，县级医院（含中医院）医疗服务能力达到推荐标准的比例不低于80%。",
     [("county_hospital_recommended_standard_share", 80, Y, ">=")]),
    ("全市每千常住人口拥有医疗卫生机构床位6.8张（2020年）。到2025年，力争达到7.5张。",
     [("beds_per_1000", 7.5, Y, "=")]),
    ("到2025年，每千人口执业（助理）医师数3.3人、注册护士数3.9人、药师（士）数0.54人。",
     [("physicians_per_1000", 3.3, Y, "="), ("nurses_per_1000", 3.9, Y, "=")]),
    ("到2025年，主要目标如下：\n（一）每千人口医疗卫生机构床位数达到6.2张；\n（二）每万人口全科医生数达到4.5人；\n"
     "（三）县域内就诊率达到92%。",
     [("beds_per_1000", 6.2, Y, "="), ("gp_per_10000", 4.5, Y, "="), ("county_visit_rate", 92, Y, "=")]),
    ("到2025年，县域内住院人次占比达到75%，达到国家医疗服务能力推荐标准的县级综合医院、县级中医医院占比分别达到75%和50%。",
     [("county_inpatient_share", 75, Y, "="), ("county_hospital_recommended_standard_share", 75, Y, "="),
      ("county_tcm_hospital_recommended_standard_share", 50, Y, "=")]),
    ("到2025年，达到国家医疗服务能力推荐标准的县级综合医院占比达到85%、县级中医医院占比达到70%。",
     [("county_hospital_recommended_standard_share", 85, Y, "="),
      ("county_tcm_hospital_recommended_standard_share", 70, Y, "=")]),
    ("到2025年，紧密型县域医共体覆盖率达到百分之百。", [("county_medical_community_coverage", 100, Y, "=")]),
    ("到2025年，全地区达到“优质服务基层行”基本标准的乡镇卫生院（社区卫生服务中心）占比达到85%，达到推荐标准的占比达到25%。",
     [("primary_basic_standard_share", 85, Y, "="), ("primary_recommended_standard_share", 25, Y, "=")]),
    ("到2025年：\n（1）乡镇卫生院（社区卫生服务中心）达到服务能力基本标准的占比达到90%；\n（2）达到推荐标准的占比达到30%以上；",
     [("primary_basic_standard_share", 90, Y, "="), ("primary_recommended_standard_share", 30, Y, ">=")]),
    ("到2025年：\n4.全县乡镇卫生院全部达到服务能力基本标准，40%以上达到推荐标准；",
     [("primary_basic_standard_share", 100, Y, "="),  # a commitment in words (issue 12)
      ("primary_recommended_standard_share", 40, Y, ">=")]),
    ("县级医院每年下派医务人员不少于60人次到乡镇卫生院开展驻点帮扶。",
     [("staff_sent_down_per_year", 60, None, ">=")]),
    ("每年组织城市三级医院向县级医院派驻医疗管理和技术人员不少于80人次。",
     [("staff_sent_down_per_year", 80, None, ">=")]),
    ("到2025年，床医比达到1∶0.6，床人比达到1:1.4～1:1.6。",
     [("bed_physician_ratio", 0.6, Y, "="), ("bed_staff_ratio", 1.4, Y, "=")]),
    ("按照省委、省政府提出的要求，到2025年，全市每千人口医疗卫生机构床位数达到7.5张。",
     [("beds_per_1000", 7.5, Y, "=")]),
    ("家庭医生签约服务覆盖率提高到45%以上，重点人群签约服务覆盖率达到75%以上，签约居民满意度达到90%。",
     [("family_doctor_signing_rate", 45, None, ">="),
      ("family_doctor_signing_rate_key", 75, None, ">=")]),
]

# Sentences that must not yield any mapped target.
NO_MAPPED = [
    "截至2022年底，全市每千人口床位数6.8张，每千人口执业（助理）医师数3.2人。",
    "全市每千人口床位数已达到7.1张。",
    "2023年，全市每千人口床位数达到7.0张。",
    "目前全市家庭医生签约率为45%。",
    "到2025年，居民心理健康素养水平达到20%。",
    "到2025年，居民中医药健康文化素养水平达到25%。",
    "到2025年，每千人口康复医师数达到0.15人。",
    "到2025年，县域内就诊率比2020年提高5个百分点。",
    "根据鲁政办字〔2023〕202号文件精神，深入贯彻党的二十大精神。",
    "到2025年，全面建成15分钟健康服务圈。",
    "全市5个国家试点县（区）率先建成紧密型县域医共体。",
    "辖区人口30万以上的县设置二级妇幼保健院。",
    "全市现有医疗卫生机构3125个，其中医院102家，床位2.8万张，每千人口床位6.45张。",
    "“十四五”期间，累计下沉医务人员1500人次。",
    "到2025年，每个乡镇卫生院至少配备1名全科医生，每个村卫生室至少有1名乡村医生。",
    "省定目标为到2025年全省每千人口医疗卫生机构床位数达到7.0张、县域内就诊率达到90%。",
    "国家提出，到2035年签约服务覆盖率达到75%以上，重点人群签约服务覆盖率达到85%以上。",
    "自治区提出到 2025年全区每千人口医疗卫生机构床位数达到 6.6张。",
]

# Sentences that must yield no target at all (not even unmapped).
NOTHING = [
    "根据鲁政办字〔2023〕202号文件精神，深入贯彻党的二十大精神。",
    "辖区人口30万以上的县设置二级妇幼保健院。",
    "服务人口不足500人的行政村可与邻村联办卫生室。",
    "实施“511”工程和“1+N”学科群建设。",
    "加强三级医院对口支援，二级及以上医院设置发热门诊，健全市县两级疾控体系。",
    "落实住院医师规范化培训“两个同等对待”政策。",
    "到2035年，形成体系完整、分工明确的整合型医疗卫生服务体系。",
    "力争通过5年时间，公立医院发展方式从规模扩张转向提质增效。",
    "全市三级公立医院于2022年6月底前制订完成实施方案。",
    "加快推进传染病监测预警与应急指挥信息平台2.0版建设。",
    "三级医院每百名卫生技术人员科研经费明显提升，每两年开展一次评估。",
]


def _mapped(targets):
    return sorted(
        (t.indicator_id, round(t.value, 6), t.target_year, t.comparator)
        for t in targets
        if t.indicator_id
    )


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_sentence_targets(extract, sentence, expected):
    got = _mapped(extract(sentence))
    assert got == sorted((i, round(v, 6), y, c) for i, v, y, c in expected)


@pytest.mark.parametrize("sentence", NO_MAPPED, ids=[s[:24] for s in NO_MAPPED])
def test_no_mapped_target(extract, sentence):
    assert _mapped(extract(sentence)) == []


@pytest.mark.parametrize("sentence", NOTHING, ids=[s[:24] for s in NOTHING])
def test_nothing_extracted(extract, sentence):
    assert [(t.value, t.indicator_text) for t in extract(sentence)] == []


def test_review_sections_report_statistics(extract):
    text = (
        "一、发展现状\n全市县域内就诊率达到88.5%，医护比为1:1.2。到2025年，县域内就诊率达到92%。\n"
        "二、发展目标\n到2025年，县域内就诊率达到90%以上，医护比达到1:1.25。\n"
        "三、2024年工作安排\n2024年，二级及以上公立医院预约诊疗率达到70%以上。\n"
    )
    got = _mapped(extract(text, "2024-01-20"))
    assert got == sorted([
        ("county_visit_rate", 92, 2025, "="),
        ("county_visit_rate", 90, 2025, ">="),
        ("physician_nurse_ratio", 1.25, 2025, "="),
        ("appointment_rate", 70, 2024, ">="),
    ])


def test_past_paragraph_context_is_not_a_target(extract):
    text = "2024年，全市每千常住人口医疗卫生机构床位数7.21张。全人群家庭医生签约率为42.3%。\n"
    assert _mapped(extract(text, "2025-03-01")) == []


def test_issue_month_decides_the_issue_year(extract):
    text = "2024年，全市每千人口医疗卫生机构床位数达到7.3张。"
    assert _mapped(extract(text, "2024-02-01")) == [("beds_per_1000", 7.3, 2024, "=")]
    assert _mapped(extract(text, "2024-12-20")) == []


def test_plan_period_gives_the_year_of_targets_stated_without_one(codebook):
    from analysis.extract.rules import DocContext, extract_and_map

    text = "重点人群签约服务覆盖率达到85%以上。"
    ctx = DocContext(issued_on="2021-12-01", title="河南省“十四五”卫生健康发展规划")
    (t,) = extract_and_map(text, codebook, ctx)
    assert (t.indicator_id, t.target_year, t.year_source) == (
        "family_doctor_signing_rate_key", 2025, "plan period")
    ctx = DocContext(issued_on="2021-12-01", title="医疗卫生服务体系规划（2021—2025年）")
    assert extract_and_map(text, codebook, ctx)[0].target_year == 2025
    assert extract_and_map(text, codebook, "2021-12-01")[0].target_year is None


def test_another_place_s_target_is_not_the_document_s_own(codebook):
    from analysis.extract.rules import DocContext, extract_and_map

    text = ("成都市作为国家中心城市，每千人口医疗卫生机构床位数可控制在9.2张以内。"
            "到2025年，全省每千人口医疗卫生机构床位数达到7.9张。")
    ctx = DocContext(issued_on="2022-03-01", level="provincial", region="四川省",
                     province="四川省", regions=("四川省", "成都市", "绵阳市", "鞍山市"))
    got = [(t.indicator_id, t.value) for t in extract_and_map(text, codebook, ctx)]
    assert got == [("beds_per_1000", 7.9)]
    own = DocContext(issued_on="2024-03-01", level="municipal", region="马鞍山市",
                     province="安徽省", regions=("马鞍山市", "鞍山市"))
    text = "马鞍山市人民政府办公室\n到2025年，每千人口医疗卫生机构床位数达到7.2张。"
    assert [t.value for t in extract_and_map(text, codebook, own)] == [7.2]


def test_a_county_plan_quoting_its_city_s_goal(codebook):
    from analysis.extract.rules import DocContext, extract_and_map

    text = "周口市提出到2025年全市县域内基层门急诊人次占比达到60%，我县要高于全市平均水平。"
    ctx = DocContext(issued_on="2023-05-01", level="county", region="郸城县")
    assert [t for t in extract_and_map(text, codebook, ctx) if t.indicator_id] == []


def test_ten_thousands_are_converted(extract):
    (t,) = extract("全市每年选派城市医务人员下沉基层服务1万人次以上。")
    assert (t.indicator_id, t.value, t.unit, t.value_text) == (
        "staff_sent_down_per_year", 10000, "人次", "1万人次以上")


def test_plan_title_printed_alone_gives_the_period(codebook):
    from analysis.ingest.documents import infer_title

    text = "台州市卫生健康事业发展“十四五”规划\n\n目　录\n第一章　发展基础\n"
    assert infer_title(text) == "台州市卫生健康事业发展“十四五”规划"


def test_unmapped_target_is_kept_with_its_phrase(extract):
    (t,) = extract("到2025年，居民心理健康素养水平达到20%。")
    assert t.indicator_id is None
    assert t.value == 20 and t.unit == "%" and t.target_year == 2025
    assert "心理健康素养" in t.indicator_text


def test_service_circle_is_an_unmapped_target(extract):
    (t,) = extract("到2025年，全面建成15分钟健康服务圈。")
    assert (t.indicator_id, t.value, t.unit, t.target_year) == (None, 15, "分钟", 2025)
    assert "健康服务圈" in t.indicator_text


def test_change_is_kept_but_not_mapped(extract):
    (t,) = extract("到2025年，县域内就诊率比2020年提高5个百分点。")
    assert (t.kind, t.value, t.unit, t.indicator_id) == ("change", 5, "百分点", None)


def test_flags_aspirational_and_maintain(extract):
    a, b = extract("到2025年，全人群签约率达到60%以上、重点人群签约率保持在90%以上，力争县域内就诊率达到90%。")[:2]
    assert not a.aspirational and not a.maintain
    assert b.maintain and not b.aspirational
    c = extract("到2025年，全人群签约率达到60%，力争县域内就诊率达到90%。")[-1]
    assert c.aspirational and c.indicator_id == "county_visit_rate"


def test_range_value(extract):
    (t,) = extract("按程序确定2-3处市级中西医协同“旗舰”医院建设单位。")
    assert (t.value, t.value_high, t.unit) == (2, 3, "处")


def test_chinese_numeral_count(extract):
    (t,) = extract("每个县（市、区）至少建成一个符合标准的感染性疾病科。")
    assert (t.value, t.unit, t.comparator) == (1, "个", "=")


def test_quote_and_offsets_point_into_raw_text(extract):
    raw = "（一）合理配置。到 2025年，每千人口医疗卫生机构床位\n\n数达到 7.5张，医护比达到1：1.2。（责任单位：市卫生健康委）"
    ts = extract(raw)
    assert [t.indicator_id for t in ts] == ["beds_per_1000", "physician_nurse_ratio"]
    for t in ts:
        assert raw[t.char_start:t.char_end] == t.quote
        assert raw[t.value_start:t.value_end] == t.value_text
        assert t.quote.startswith("到 2025年") and t.quote.endswith("1：1.2。")
        assert t.responsible == "市卫生健康委"
        assert t.section == "（一）合理配置" or t.section == "(一)合理配置"
    assert ts[0].value_text == "7.5张" and ts[1].value_text == "1：1.2"


@pytest.mark.parametrize("phrase, stripped", [
    ("其中,中医类医院床位每千人口", "中医类医院床位每千人口"),  # 中 opens the name, not 其中
    ("同时中小学校健康教育开课率", "中小学校健康教育开课率"),
    ("外科医师数", "外科医师数"),
    ("此外,全市每千人口床位数", "每千人口床位数"),
])
def test_leading_words_are_whole_words_not_their_characters(phrase, stripped):
    from analysis.extract.subjects import _strip_subject

    assert _strip_subject(phrase) == stripped


@pytest.mark.parametrize("sentence, value", [
    ("每年选派城市医院医务人员1000人次下沉基层。", 1000),
    ("每年選派市級醫院醫務人員800人次下沉基層。", 800),  # a reprint in traditional characters
    ("每年选派二级以上医院医师150名下沉基层。", 150),
    ("城市三级医院每年下派医务人员500人次到县级医院。", 500),
    ("每年派驻城市医院医务人员300人次到乡镇卫生院驻点帮扶。", 300),
])
def test_a_count_of_staff_sent_then_where_they_go(extract, sentence, value):
    """"每年选派…医务人员1000人次下沉基层": the count of those sent, then where they go, is
    the yearly number sent down (a place after the count, not a noun it counts)."""
    got = [(t.indicator_id, t.value, t.target_year) for t in extract(
        "某市卫生健康事业发展“十四五”规划\n\n二、主要任务\n" + sentence + "\n")]
    assert ("staff_sent_down_per_year", value, None) in got


def test_a_count_of_people_then_a_noun_is_not_a_count_sent(extract):
    """"培训乡村医生1000人次" / "…200名到岗" say nothing of staff sent down."""
    got = [t.indicator_id for t in extract(
        "某市卫生健康事业发展“十四五”规划\n\n二、主要任务\n每年培训乡村医生1000人次。新招聘医务人员200名到岗。\n")]
    assert "staff_sent_down_per_year" not in got
