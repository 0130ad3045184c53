"""Statistics kept as observations with their data year (issue 13: observations must hold
the statistics of bulletins, reviews, work reports and 发展现状 sections).

Each rule is tested on our own varied sentences; none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from analysis.extract.rules import DocContext, extract_document
from analysis.ingest.textnorm import normalize
from reading import keys, read


def _keys(rows):
    return sorted(keys(rows))


# --- the year a statistic is of -------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    # a year opening the sentence dates every value, even with other values between
    ("2021年末，全县共有医疗机构412个，实有床位3100张，每千人口医疗卫生机构床位数5.9张，"
     "每万人口全科医生2.8人。",
     [("beds_per_1000", 5.9, 2021), ("gp_per_10000", 2.8, 2021)]),
    ("截至2019年底，全区卫生技术人员8600人，每千人口注册护士2.7人，医护比为1:1.05。",
     [("nurses_per_1000", 2.7, 2019), ("physician_nurse_ratio", 1.05, 2019)]),
    # a 比 year heads a run of values: each of them is of that year
    ("到2020年末，每千人口执业(助理)医师数已达到2.8人，注册护士数已达到3.3人，"
     "分别比2016年的2.2人、2.6人增加0.6人和0.7人。",
     [("nurses_per_1000", 2.6, 2016), ("nurses_per_1000", 3.3, 2020),
      ("physicians_per_1000", 2.2, 2016), ("physicians_per_1000", 2.8, 2020)]),
])
def test_the_year_before_a_statistic_dates_it(codebook, sentence, expected):
    text = "某市卫生健康事业发展统计公报\n发布时间：2022-05-20\n" + sentence
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == sorted(expected)


def test_a_from_year_dates_only_its_own_value(codebook):
    text = ("关于某县“十三五”卫生规划实施情况的总结评估报告\n一、主要指标完成情况\n"
            "每千人口医疗卫生机构床位数由2016年的4.4张增加到5.6张，超过预期。")
    found, targets, stats = read(codebook, text, DocContext(issued_on="2021-04-02"))
    assert found.kind.genre == "review" and targets == []
    # 5.6 is not of 2016: it is of the reviewed period's end
    assert _keys(stats) == [("beds_per_1000", 4.4, 2016), ("beds_per_1000", 5.6, 2020)]


def test_a_section_heading_year_dates_its_statistics(codebook):
    text = ("某县卫生健康局工作总结和下一步打算\n发布时间：2025-01-08\n"
            "一、2024年工作总结\n（一）医改持续深化。县域内就诊率达到91.3%；"
            "重点人群家庭医生签约率达到77.5%。\n"
            "二、2025年工作打算\n（一）巩固医共体建设成效。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "work_report" and targets == []
    assert _keys(stats) == [("county_visit_rate", 91.3, 2024),
                            ("family_doctor_signing_rate_key", 77.5, 2024)]


def test_a_five_year_plan_describes_its_base_year(codebook):
    text = ("某市卫生健康“十四五”规划\n第一章 发展基础\n"
            "卫生人才仍然短缺，医护比仅为1:1.02，每万人口全科医生1.9人。\n"
            "第二章 发展目标\n到2025年，每万人口全科医生数达到3.5人。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2021-10-11"))
    assert _keys(targets) == [("gp_per_10000", 3.5, 2025)]
    assert _keys(stats) == [("gp_per_10000", 1.9, 2020), ("physician_nurse_ratio", 1.02, 2020)]


# --- statistics in shapes with no verb ----------------------------------------------------

def test_verbless_bulletin_items_and_noun_lists(codebook):
    text = ("某县2022年国民经济和社会发展统计公报\n2023-03-30 某县统计局\n"
            "年末全县共有医疗卫生机构205个。\n"
            "每千人口拥有床位4.9张、执业（助理）医师2.2人。\n"
            "全年县域内就诊率86.4%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 4.9, 2022), ("county_visit_rate", 86.4, 2022),
                            ("physicians_per_1000", 2.2, 2022)]


def test_a_verbless_value_in_a_plan_outside_a_review_section_stays_no_statistic(codebook):
    text = "现将方案印发给你们。\n一、工作任务\n全市二级医院床位1200张，统筹调配。"
    _, _, stats = read(codebook, text, DocContext(issued_on="2023-05-01"))
    assert stats == []


def test_list_values_after_a_past_year_are_statistics_not_targets(codebook):
    text = ("本报讯 某市日前发布卫生健康规划。\n2021-08-02\n"
            "2020年，全市每千常住人口执业（助理）医师、注册护士分别为2.71人、3.05人。"
            "到2025年，每千常住人口执业（助理）医师、注册护士分别达到3.2人、3.9人。")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("nurses_per_1000", 3.9, 2025), ("physicians_per_1000", 3.2, 2025)]
    assert _keys(stats) == [("nurses_per_1000", 3.05, 2020),
                            ("physicians_per_1000", 2.71, 2020)]


# --- tables -------------------------------------------------------------------------------

def test_year_columns_of_a_statistics_table_are_observations_of_their_years(codebook):
    text = ("2022年全县卫生资源主要指标\n日期：2023-04-11\n"
            "指标 | 单位 | 2022年 | 2021年 | 增减\n"
            "每千常住人口医疗卫生机构床位数 | 张 | 5.52 | 5.31 | 0.21\n"
            "每万常住人口全科医生数 | 人 | 2.9 | 2.4 | 0.5\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-04-11"))
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 5.31, 2021), ("beds_per_1000", 5.52, 2022),
                            ("gp_per_10000", 2.4, 2021), ("gp_per_10000", 2.9, 2022)]


def test_baseline_column_of_a_plan_table_is_an_observation(codebook):
    text = ("现将规划印发给你们。\n表1 “十四五”主要指标\n"
            "指标 | 2020年 | 2025年 | 属性\n"
            "县域内就诊率（%） | 87.2 | ≥90 | 预期性\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2021-09-01"))
    assert _keys(targets) == [("county_visit_rate", 90, 2025)]
    assert _keys(stats) == [("county_visit_rate", 87.2, 2020)]


# --- PDF and typing artefacts ---------------------------------------------------------------

@pytest.mark.parametrize(("raw", "norm"), [
    ("每千人口注册护士3。07人", "每千人口注册护士3.07人"),
    ("签约率46。5%，", "签约率46.5%,"),
    ("共有医院12个。2023年，", "共有医院12个。2023年,"),   # a sentence end stays one
    ("达到90%。85%的村", "达到90%。85%的村"),
])
def test_ideographic_full_stop_as_decimal_point(raw, norm):
    nt = normalize(raw)
    assert nt.text == norm and len(nt.index) == len(nt.text)


def test_period_end_in_single_quotes_is_a_year(codebook):
    text = ("本报讯 某市卫健委负责人介绍，‘十三五’末，我市千人床位数为5.7张。\n"
            "2021-03-09")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 5.7, 2020)]


def test_a_review_keeps_achieved_values_not_the_goals_it_measures_against(codebook):
    text = ("某区“十三五”卫生规划实施情况评估报告\n发布日期：2021-05-06\n一、主要指标完成情况\n"
            "每万常住人口全科医生数达到2.4人，高于规划目标值2人；每千常住人口注册护士数"
            "达到2.9人，未完成规划目标（3.1人）。\n"
            "表1 “十三五”规划主要指标完成情况\n指标 | 规划目标（2020年） | 完成值 | 完成情况\n"
            "县域内就诊率（%） | 90 | 91.5 | 完成\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("county_visit_rate", 91.5, 2020), ("gp_per_10000", 2.4, 2020),
                            ("nurses_per_1000", 2.9, 2020)]


def test_changes_after_respective_base_values_are_no_levels(codebook):
    text = ("某县卫生健康统计公报\n2022-04-01\n2021年末，每千人口医疗卫生机构床位数、"
            "每千人口注册护士数分别为5.5张、2.9人，分别比2017年的4.6张、2.1人增加0.9张和0.8人。")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("beds_per_1000", 4.6, 2017), ("beds_per_1000", 5.5, 2021),
                            ("nurses_per_1000", 2.1, 2017), ("nurses_per_1000", 2.9, 2021)]


def test_from_to_pairs_after_a_listed_subject_pair_item_by_item(codebook):
    text = ("卫健委：全省卫生人才总量已增长三成\n2024-02-06 来源：某某网\n"
            "记者获悉，我省每千人口执业（助理）医师数、注册护士数分别从2019年的2.61人和2.95人"
            "提升至2023年的3.02人和3.48人。")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("nurses_per_1000", 2.95, 2019), ("nurses_per_1000", 3.48, 2023),
                            ("physicians_per_1000", 2.61, 2019),
                            ("physicians_per_1000", 3.02, 2023)]


def test_a_to_value_after_a_from_year_takes_the_bulletins_year(codebook):
    text = ("某省2019年卫生健康事业发展统计公报\n发布时间：2020-06-11\n"
            "每千人口医疗卫生机构床位数由2018年的5.1张增加到5.4张。")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("beds_per_1000", 5.1, 2018), ("beds_per_1000", 5.4, 2019)]


def test_goals_recalled_in_a_bulletin_and_earlier_periods(codebook):
    text = ("某州居民健康素养监测结果统计公报\n2021-05-09\n"
            "2020年监测显示，全州居民健康素养水平为17.4%。《规划》曾提出到2020年，"
            "全州居民健康素养水平提高到20%的目标。到“十二五”时期末，全州居民健康素养水平"
            "达到9.8%。")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("health_literacy_rate", 9.8, 2015),
                            ("health_literacy_rate", 17.4, 2020)]


def test_last_year_in_a_dated_report_and_the_short_name(codebook):
    text = ("某县召开医共体建设推进会\n2023-07-05 来源：县融媒体中心\n"
            "会议指出，去年我县县域内基层就诊率为61.7%，今年力争达到65%。")
    _, targets, stats = read(codebook, text)
    assert _keys(stats) == [("county_primary_visit_share", 61.7, 2022)]
    assert _keys(targets) == [("county_primary_visit_share", 65, 2023)]


def test_a_parallel_share_statistic_takes_the_subject_it_continues(codebook):
    text = ("某区基层服务能力提升工作成效显著\n2024-03-02\n截至2023年底，全区达到基本标准的乡镇卫生院"
            "和社区卫生服务中心占比达到88%，达到推荐标准的占比达到26.5%，比上年提高3个百分点。")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("primary_basic_standard_share", 88, 2023),
                            ("primary_recommended_standard_share", 26.5, 2023)]


def test_commitment_in_words_reported_as_achieved_and_a_years_total(codebook):
    text = ("某县卫生健康局2022年工作总结\n发布时间：2023-01-10\n一、2022年工作总结\n"
            "全县紧密型县域医共体实现全覆盖。县医院全年下沉医务人员180人次。"
            "其中，城关、河口两镇所有村卫生室均达到标准化建设要求。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "work_report" and targets == []
    assert _keys(stats) == [("county_medical_community_coverage", 100, 2022),
                            ("staff_sent_down_per_year", 180, 2022)]
    words = [t for t in stats if t.in_words]
    assert [t.value_text for t in words] == ["全覆盖"]


def test_statistics_in_quoted_speech_and_no_targets_from_it(codebook):
    text = ("本报讯 某市“十四五”卫生规划日前印发。\n2021-12-03\n规划提出，到2025年，全市每千人口"
            "床位数达到7.1张。“‘十三五’末，我市千人床位数为5.9张，还有差距。”市卫健委负责人说，"
            "“到2025年，全省每千人口床位数要达到7.5张。”另据统计，每千人口执业医师数已突破3人大关。")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("beds_per_1000", 7.1, 2025)]
    assert _keys(stats) == [("beds_per_1000", 5.9, 2020)]


def test_a_rate_whose_percent_sign_a_pdf_lost_in_a_review(codebook):
    text = ("某县“十三五”卫生规划实施情况总结\n发布日期：2021-02-01\n一、完成情况\n"
            "2020年县域内就诊率达到88.5 ，县域内基层门急诊人次占比63.4 ，较2015年分别提高"
            "7.2和5.1个百分点。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("county_primary_visit_share", 63.4, 2020),
                            ("county_visit_rate", 88.5, 2020)]


def test_thresholds_passed_and_hospital_grades_are_no_values(codebook):
    text = ("某市每万人口全科医生数首次突破4人\n某市2023年卫生健康事业发展统计公报\n2024-04-02\n"
            "截至2023年末，全市共有三级医院9家；设立老年医学科的二级及以上公立综合医院占比为68%，"
            "每万人口全科医生数达到4.1人，首次突破4人大关。")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("geriatrics_department_share", 68, 2023),
                            ("gp_per_10000", 4.1, 2023)]
    found = extract_document(text, DocContext())
    assert not [t for t in found.statistics if t.unit == "级"]


def test_flattened_table_whose_year_wraps_under_the_value_word(codebook):
    text = ("某县“十四五”卫生健康规划\n表1 主要指标\n类别\n指标名称\n现状值\n（2020年）\n目标值\n"
            "（2025年）\n指标性质\n健康水平\n居民健康素养水平（%）\n21.5\n30\n预期性\n服务体系\n"
            "每千人口床位数（张）\n5.4\n6.2\n预期性\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2021-12-01"))
    assert _keys(targets) == [("beds_per_1000", 6.2, 2025), ("health_literacy_rate", 30, 2025)]
    assert _keys(stats) == [("beds_per_1000", 5.4, 2020), ("health_literacy_rate", 21.5, 2020)]


def test_a_dated_aside_gives_a_statistic_and_leaves_the_target_its_year(codebook):
    text = ("某县2024年卫生健康工作要点\n2024-02-20\n一、做实签约服务\n"
            "重点人群家庭医生签约率达到82%以上（2023年为78.4%），县域内就诊率达到90%（2023年）。")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("family_doctor_signing_rate_key", 82, 2024)]
    # "90%（2023年）" is a value dated in the past: a statistic of that year
    assert _keys(stats) == [("county_visit_rate", 90, 2023),
                            ("family_doctor_signing_rate_key", 78.4, 2023)]


def test_as_of_a_month_takes_the_year_of_the_report(codebook):
    text = ("我市智慧医院建设取得新进展\n20231120 07:56 来源：某某晚报\n本报讯 截至10月底，"
            "全市二级以上公立医院预约诊疗率已达到57.3%。")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("appointment_rate", 57.3, 2023)]


def test_year_range_after_a_from_to_pair(codebook):
    text = ("某县医共体试点工作评估报告\n2022-03-15\n一、主要成效\n"
            "县域内基层门急诊人次占比由57.2%提高至63.5%（2019年至2021年）。")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("county_primary_visit_share", 57.2, 2019),
                            ("county_primary_visit_share", 63.5, 2021)]


def test_statistical_digest_year_in_brackets_and_literacy_with_lost_percent(codebook):
    text = ("- 8 -\n某市卫生健康统计提要（2021年度）\n一、基层卫生\n"
            "全人群家庭医生签约率41.3，重点人群签约率75.2，较上年分别提高1.1和2.0个百分点。\n"
            "全市居民健康素养水平为24.9，比上年提高1.8个百分点。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin" and found.kind.title_year == 2021
    assert targets == []
    assert _keys(stats) == [("family_doctor_signing_rate", 41.3, 2021),
                            ("family_doctor_signing_rate_key", 75.2, 2021),
                            ("health_literacy_rate", 24.9, 2021)]


def test_a_rate_ending_its_line_before_an_indented_one_is_read(codebook):
    """"…预约诊疗率62.4" (its % sign lost) then an indented paragraph: not run on into it."""
    text = ("某区2023年卫生健康事业发展统计公报\n\n　　全年诊疗人次648.3万人次。二级以上公立医院"
            "预约诊疗率62.4\n　　全区家庭医生签约服务覆盖率38.7%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats))[:2] == [("appointment_rate", 62.4, 2023),
                                       ("family_doctor_signing_rate", 38.7, 2023)]


def test_a_share_among_the_institutions_counted_before_it(codebook):
    text = ("某区2023年卫生健康事业发展统计公报\n\n"
            "　　全区8个社区卫生服务中心中，达到国家优质服务推荐标准的占比为37.5%。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("primary_recommended_standard_share", 37.5, 2023)]


def test_a_five_year_periods_work_summary_is_a_review_of_it(codebook):
    text = ("某区“十三五”卫生健康事业发展工作总结\n\n　　“十三五”期间，全区卫生健康工作全面完成规划"
            "确定的各项任务。\n　　一、服务能力\n　　县域内就诊率达到86.3%，全人群家庭医生签约率为34.8%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert keys(stats) == [("county_visit_rate", 86.3, 2020), ("family_doctor_signing_rate", 34.8, 2020)]


@pytest.mark.parametrize(("line", "expected"), [
    # words that open their clause: all of the institutions the sentence named
    ("全区达到推荐标准的乡镇卫生院占比38.1%，全部达到基本标准。",
     [("primary_basic_standard_share", 100, 2023), ("primary_recommended_standard_share", 38.1, 2023)]),
    ("全区12个乡镇卫生院中，5个达到国家优质服务推荐标准，占比41.7%，全部达到基本标准。",
     [("primary_basic_standard_share", 100, 2023), ("primary_recommended_standard_share", 41.7, 2023)]),
])
def test_a_standard_all_reached_by_the_institutions_just_named(codebook, line, expected):
    text = "某区卫生健康委员会2023年工作总结\n\n一、基层服务能力持续增强\n" + line + "\n"
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == expected


def test_a_dated_mid_term_review_stands_at_the_latest_year_before_its_date(codebook):
    text = ("某县“十四五”卫生健康事业发展规划中期评估报告\n\n某县卫生健康委员会\n2023年11月\n\n"
            "一、主要指标完成情况\n2022年全县县域内就诊率88.4%，2021年为87.2%。\n"
            "二、重点任务推进情况\n全县25个乡镇卫生院全部达到服务能力基本标准，8个达到推荐标准，"
            "占比32%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert sorted(keys(stats)) == [("county_visit_rate", 87.2, 2021), ("county_visit_rate", 88.4, 2022),
                                   ("primary_basic_standard_share", 100, 2022),
                                   ("primary_recommended_standard_share", 32, 2022)]


_DATED_NEWS = ("某州卫生健康事业交出亮眼“成绩单”\n2023-12-28 10:06  来源：某新闻网  记者 某某\n\n"
               "记者从州卫生健康委员会获悉，今年以来，全州医疗服务能力实现新提升。\n")


def test_news_of_where_things_stand_now(codebook):
    text = _DATED_NEWS + (
        "截至11月底，全州每千人口执业（助理）医师2.36人，每千人口注册护士2.12人，较2020年分别增加"
        "0.84人、0.57人、0.61人；6个县（市）全部建成紧密型县域医共体。\n"
        "据悉，全州居民健康素养水平达到16.9%，较上年提高2.3个百分点。\n"
        "全州9家三级医院中已有5家通过电子病历系统应用水平五级评审。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    # a run of changes is no level; the words of 截至… report; a figure compared with last
    # year in a December page is that year's; an assessment passed is no level of all
    assert sorted(keys(stats)) == [
        ("county_medical_community_coverage", 100, 2023), ("health_literacy_rate", 16.9, 2023),
        ("nurses_per_1000", 2.12, 2023), ("physicians_per_1000", 2.36, 2023)]


def test_a_figure_reported_is_of_no_year_after_the_texts_own(codebook):
    text = ("某县：医共体建设再提速\n2025-06-20 来源：某日报\n\n"
            "到明年，全县县域内就诊率要达到92%，该县此前已实现医共体全覆盖。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 92, 2026)]
    assert all(s.target_year is None or s.target_year <= 2025 for s in stats)


def test_one_hospitals_emr_level_is_no_level_of_all_level_2_hospitals(codebook):
    text = ("某县2023年卫生健康事业发展统计简报\n\n"
            "县人民医院、县中医院电子病历系统应用水平分别达到4级、3级。\n"
            "全县二级及以上公立医院电子病历系统应用水平平均达到3.5级。\n")
    _, _, stats = read(codebook, text)
    assert [k for k in keys(stats) if k[0] == "emr_level"] == [("emr_level", 3.5, 2023)]


def test_a_bare_figure_with_a_note_naming_its_unit(codebook):
    text = ("某市2023年卫生健康事业发展统计公报\n\n二、医疗服务与分级诊疗\n"
            "县域内就诊率86.3（注：单位为%），县域内基层门急诊人次占比55.9%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_primary_visit_share", 55.9, 2023),
                                   ("county_visit_rate", 86.3, 2023)]


def test_a_share_reaching_a_standard_among_the_institutions_the_sentence_named(codebook):
    text = ("某县卫生健康委员会2023年度工作总结\n\n二、重点工作\n（二）基层能力持续提升。全县6家乡镇卫生院"
            "全部达到基本标准，其中2家达到推荐标准，达到推荐标准的占比33.3%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(k for k in keys(stats) if k[0]) == [
        ("primary_basic_standard_share", 100, 2023), ("primary_recommended_standard_share", 33.3, 2023)]


def test_last_years_value_in_brackets_after_the_comparison(codebook):
    text = ("某县2023年卫生健康事业发展统计公报\n\n（二）床位。全县每千人口床位数5.62张，"
            "比上年（5.31张）增加0.31张。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("beds_per_1000", 5.62, 2023), ("beds_per_1000", 5.31, 2022)]


@pytest.mark.parametrize("sentence, compared", [
    ("全县每千人口床位数5.62张，比上年的5.31张增加0.31张。", ("beds_per_1000", 5.31, 2022)),
    ("全县每千人口床位数5.62张，较去年的5.31张有所增加。", ("beds_per_1000", 5.31, 2022)),
    ("全县每万人口全科医生3.35人，较2020年基期的2.86人增加0.49人。", ("gp_per_10000", 2.86, 2020)),
])
def test_the_value_compared_with_is_of_the_same_measure(codebook, sentence, compared):
    """"比上年的5.31张", "较2020年基期的2.86人": the figure the year's is compared with is
    the same measure in that year, not a measure named 比上年."""
    text = f"某县2023年卫生健康事业发展统计公报\n\n（二）卫生资源。{sentence}\n"
    _, _, stats = read(codebook, text)
    assert compared in keys(stats)
    assert all(s.indicator_text not in ("比上年", "较去年", "基期") for s in stats)


def test_a_ratio_written_as_one_number_against_its_first_term(codebook):
    text = "某县2022年卫生健康统计公报\n\n每千人口注册护士2.83人。医护比1.15（以医师为1）。\n"
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("nurses_per_1000", 2.83, 2022),
                                   ("physician_nurse_ratio", 1.15, 2022)]


def test_a_government_work_report_early_in_a_year_reports_the_year_before(codebook):
    """Its section "二、2023年重点工作" names the year ahead, not the year it sums up."""
    text = ("某市人民政府工作报告\n（2023年1月10日）\n\n一、过去五年工作回顾\n"
            "民生福祉持续增进，各县（区）紧密型县域医共体建设全覆盖，县域内就诊率达到88.5%。\n"
            "二、2023年重点工作\n深化紧密型县域医共体建设，县域内住院人次占比达到85%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.title_year is None
    assert keys(targets) == [("county_inpatient_share", 85, 2023)]
    assert sorted(keys(stats)) == [("county_medical_community_coverage", 100, 2022),
                                   ("county_visit_rate", 88.5, 2022)]


def test_a_years_development_brief_is_a_bulletin_of_that_year(codebook):
    text = ("某市2023年卫生健康事业发展简报\n某市卫生健康局\n2024-03-28\n\n一、医疗卫生资源\n"
            "每千人口医疗卫生机构床位数　７．０４张\n每千人口执业（助理）医师　２．６８人\n\n"
            "三、基层卫生\n达到“优质服务基层行”基本标准的乡镇卫生院（社区卫生服务中心）占比100%，"
            "其中达到推荐标准的占37.5%。\n四、健康促进\n居民健康素养水平　23.9%\n"
            "说明：每千人口指标按年末常住人口27.4万人计算。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin" and found.kind.title_year == 2023
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 7.04, 2023), ("health_literacy_rate", 23.9, 2023),
        ("physicians_per_1000", 2.68, 2023), ("primary_basic_standard_share", 100, 2023),
        ("primary_recommended_standard_share", 37.5, 2023)]


def test_a_results_page_opening_on_its_year_around_a_goal_named_as_a_noun(codebook):
    text = ("首页 > 政务公开 > 部门动态\n\n某市卫生健康2023年“成绩单”出炉 多项指标创历史新高\n"
            "发布时间：2024-01-26　信息来源：某市卫生健康局\n\n"
            "2023年，某市卫生健康系统围绕“健康某市”建设目标，聚焦群众急难愁盼，交出了一份亮眼的民生答卷。\n\n"
            "分级诊疗格局加快形成。全市县域内就诊率达到90.8%，比2022年提高1.6个百分点；"
            "县域内住院人次占比达到79.2%，提前实现三年行动计划确定的2024年目标；"
            "家庭医生签约率38.9%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert sorted(keys(stats)) == [("county_inpatient_share", 79.2, 2023),
                                   ("county_visit_rate", 90.8, 2023),
                                   ("family_doctor_signing_rate", 38.9, 2023)]


def test_a_reviews_values_paired_with_the_years_listed_before_them(codebook):
    text = ("某县“十四五”卫生健康事业发展规划中期评估报告\n\n二、主要指标完成情况\n"
            "（一）资源配置类。2022年末全县每千人口执业（助理）医师2.21人，2021年为2.12人；"
            "每千人口注册护士2.86人。\n"
            "（二）服务能力类。县域内就诊率2021年、2022年分别为85.4%、86.9%，离规划目标90%仍有差距。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("county_visit_rate", 85.4, 2021), ("county_visit_rate", 86.9, 2022),
        ("nurses_per_1000", 2.86, 2022), ("physicians_per_1000", 2.12, 2021),
        ("physicians_per_1000", 2.21, 2022)]


def test_signing_written_as_the_share_of_the_people_it_covers(codebook):
    text = ("某市2023年卫生健康事业发展统计公报\n\n三、基层卫生\n"
            "家庭医生签约服务覆盖全人群的41.8%，签约服务覆盖重点人群的80.5%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate", 41.8, 2023),
                                   ("family_doctor_signing_rate_key", 80.5, 2023)]


def test_a_from_value_of_last_year(codebook):
    text = ("某县卫生健康局2023年工作总结\n（2024年1月15日）\n\n一、2023年工作总结\n"
            "县域内基层门急诊人次占比由上年的55.4%提高到58.9%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_primary_visit_share", 55.4, 2022),
                                   ("county_primary_visit_share", 58.9, 2023)]


def test_the_rest_all_reaching_the_basic_standard_after_a_part(codebook):
    text = ("某市2023年国民经济和社会发展统计公报\n\n十、卫生健康\n全市乡镇卫生院和社区卫生服务中心35家，"
            "其中达到国家推荐标准的15家，占比42.9%，其余全部达到基本标准。\n")
    _, _, stats = read(codebook, text)
    assert sorted(k for k in keys(stats) if k[0]) == [
        ("primary_basic_standard_share", 100, 2023), ("primary_recommended_standard_share", 42.9, 2023)]



@pytest.mark.parametrize("clause", ["实现县域全覆盖", "实现全县全覆盖", "县域内全覆盖"])
def test_coverage_of_a_whole_is_of_what_the_clause_before_built(codebook, clause):
    text = ("某县2023年卫生健康事业发展统计公报\n\n二、医疗服务\n"
            f"全县建成紧密型县域医共体2个，{clause}，县域内就诊率为91.2%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_medical_community_coverage", 100, 2023),
                                   ("county_visit_rate", 91.2, 2023)]


def test_coverage_of_a_whole_after_a_clause_that_built_something_else(codebook):
    """Village clinics covering every village are no county medical community."""
    text = ("某县2023年卫生健康事业发展统计公报\n\n二、医疗服务\n"
            "全县建成标准化村卫生室126个，实现县域全覆盖。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == []


def test_a_numbered_items_name_is_the_subject_of_its_values(codebook):
    text = ("某市“十三五”卫生与健康规划实施情况总结\n\n某市卫生健康委员会\n2021年3月\n\n"
            "一、主要指标完成情况\n"
            "1.每千人口医疗卫生机构床位数。2015年为4.86张，规划目标6.0张，2020年实际达到6.32张，超额完成。\n"
            "2.每千人口执业（助理）医师数。规划目标2.5人，2020年完成2.31人，未完成。\n"
            "3.加强人才队伍建设。全市每千人口注册护士数2020年达到2.73人。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 4.86, 2015), ("beds_per_1000", 6.32, 2020),
        ("nurses_per_1000", 2.73, 2020), ("physicians_per_1000", 2.31, 2020)]


def test_a_reviews_items_set_where_things_stand_against_the_goal(codebook):
    text = ("某县“十四五”卫生健康事业发展规划实施中期评估\n\n（数据截至2022年底）\n\n"
            "二、主要指标进展\n"
            "（一）每千人口医疗卫生机构床位数：规划目标值6.5张，当前5.97张，进度符合预期。\n"
            "（二）每千人口注册护士数：目标值3.2人，目前为2.66人，进度滞后。\n"
            "（三）床医比：预期目标1:0.45，当前1:0.46，已提前完成。\n"
            "（四）县级医院综合排名：目标进入全省前3名，当前前5名。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("bed_physician_ratio", 0.46, 2022),
                                   ("beds_per_1000", 5.97, 2022), ("nurses_per_1000", 2.66, 2022)]


def test_a_share_reaching_a_standard_after_a_count_of_the_institutions(codebook):
    """"新增12家乡镇卫生院达到推荐标准，全市达到推荐标准的占比提高到28.7%": the share of the
    institutions just counted, not of what "新增" names."""
    text = ("某市卫生健康委员会2023年工作总结\n\n一、2023年工作成效\n"
            "新增12家乡镇卫生院达到“优质服务基层行”推荐标准，全市达到推荐标准的占比提高到28.7%。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("primary_recommended_standard_share", 28.7, 2023)]


def test_a_bare_number_with_its_unit_in_brackets_after_it(codebook):
    text = ("某县2023年卫生健康事业发展统计简报\n\n二、服务利用\n"
            "县域内基层门急诊人次占比66.4（%），县域内住院人次占比79.6(%)。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_inpatient_share", 79.6, 2023),
                                   ("county_primary_visit_share", 66.4, 2023)]


def test_a_mid_term_reviews_items_against_the_planned_value(codebook):
    """"规划值30%，当前28.4%": the planned value is no observation; the review, dated on
    its issuer's line, stands at the year before."""
    text = ("某市“十四五”卫生健康事业发展规划中期评估报告\n某市卫生健康委员会  2023年11月\n"
            "一、总体进展\n2022年，全市卫生健康事业稳步发展。\n"
            "二、主要指标进展\n1.居民健康素养水平：规划值30%，当前28.4%，进度正常。\n"
            "2.医护比：规划值1:1.25，当前1:1.18，进度正常。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("health_literacy_rate", 28.4, 2022),
                                   ("physician_nurse_ratio", 1.18, 2022)]


def test_a_year_and_its_value_after_a_clause_naming_the_measure(codebook):
    text = ("某市全民健康素养提升行动方案\n\n一、工作基础\n"
            "近年来，我市居民健康素养水平稳步提升，2022年达到31.72%。\n"
            "截至2021年底，全市已有15家医院完成改造。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("health_literacy_rate", 31.72, 2022)]


def test_the_past_year_of_a_news_page_is_the_year_before_its_date(codebook):
    text = ("某县卫健局：今年力争县域内住院人次占比提高到80%\n2024-01-30　某市日报\n"
            "会议指出，过去一年，全县县域内住院人次占比由上年的71.6%提高到75.2%，县域内就诊率达到86.5%。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-01-30"))
    assert sorted(keys(stats)) == [("county_inpatient_share", 71.6, 2022),
                                   ("county_inpatient_share", 75.2, 2023),
                                   ("county_visit_rate", 86.5, 2023)]


def test_counts_done_in_each_of_the_years_listed(codebook):
    text = ("某县“十四五”卫生健康事业发展规划中期评估报告\n\n二、主要指标进展\n"
            "人员下沉方面：2021年、2022年县级医院分别下沉医务人员182人次、235人次。\n"
            "县人民医院、县中医院分别下沉医务人员120人次、80人次。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2023-06-01"))
    assert sorted(keys(stats)) == [("staff_sent_down_per_year", 182, 2021),
                                   ("staff_sent_down_per_year", 235, 2022)]


def test_a_plans_name_is_no_intent(codebook):
    """"提前实现三年行动计划确定的2024年目标；…占比为55.6%": 计划 names a plan, it plans
    nothing; "计划到2025年提高到92%" still does."""
    text = ("某市2023年卫生健康工作成绩单\n分级诊疗格局加快形成。全市县域内就诊率达到90.8%，"
            "比2022年提高2.5个百分点；县域内住院人次占比达到79.2%，提前实现三年行动计划确定的2024年目标；"
            "县域内基层门急诊人次占比为55.6%。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-01-20"))
    assert [k[:2] for k in keys(stats)] == [
        ("county_visit_rate", 90.8), ("county_inpatient_share", 79.2),
        ("county_primary_visit_share", 55.6)]


def test_items_set_apart_by_spaces_on_one_line(codebook):
    """"医护比  1:1.25      床医比  1:0.49": two items the normalised text joins; the time
    on a dateline ("2024-03-12 09:41  来源") stays no value."""
    text = ("某县2023年卫生健康统计简报\n2024-03-12 09:41  来源：某县卫健局\n\n二、卫生人员\n"
            "医护比  1:1.25      床医比  1:0.49\n")
    found, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("bed_physician_ratio", 0.49, 2023),
                                   ("physician_nurse_ratio", 1.25, 2023)]
    assert not [t for t in found.targets + found.statistics if t.value_text == "09:41"]


def test_now_in_dated_news_is_the_year_of_its_date(codebook):
    text = ("某市出台医疗卫生服务体系规划 某县将如何落实？\n2023-10-12 08:46  来源：某县融媒体中心\n"
            "县卫健委主任表示，目前全县县域内住院人次占比为79.5%，到明年底，全县县域内住院人次占比要达到83%。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-10-12"))
    assert keys(stats) == [("county_inpatient_share", 79.5, 2023)]
    assert keys(targets) == [("county_inpatient_share", 83, 2024)]


@pytest.mark.parametrize("title, annual", [
    ("某县卫生健康委员会2024年上半年工作总结", False),  # half a year's count
    ("某县卫生健康委员会2024年工作总结", True),  # the year's total
])
def test_a_count_in_a_report_on_part_of_a_year_is_no_years(codebook, title, annual):
    text = (f"{title}\n\n一、工作开展情况\n2024年，牵头医院下沉医务人员186人次。\n\n"
            "某县卫生健康委员会\n2024年7月8日\n")
    found, _, stats = read(codebook, text, DocContext(issued_on="2024-07-08"))
    counts = [t for t in found.statistics if t.value == 186]
    assert [t.annual for t in counts] == [annual]
    assert (("staff_sent_down_per_year", 186, 2024) in keys(stats)) is annual


def test_an_items_unit_in_brackets_before_its_colon(codebook):
    """"3.每千人口医疗卫生机构床位数（张）：6.27": the number's unit; not one with a multiplier
    ("总诊疗人次（万人次）：286.4" is no 286.4 person-times)."""
    text = ("某县2023年卫生健康事业发展统计简报\n某县卫生健康局\n2024年4月\n\n一、卫生资源\n"
            "3.每千人口医疗卫生机构床位数（张）：6.27\n12.县域内就诊率（%）：84.8，比上年提高1.6个百分点\n"
            "16.家庭医生签约率（全人群，%）：36.9\n"
            "11.总诊疗人次（万人次）：286.4，比上年增长8.2%\n")
    found, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 6.27, 2023), ("county_visit_rate", 84.8, 2023),
                                   ("family_doctor_signing_rate", 36.9, 2023)]
    assert not [t for t in found.statistics if t.value == 286.4 and t.unit]


def test_a_standards_share_item_under_the_item_naming_the_institutions(codebook):
    text = ("某旗2023年卫生健康统计简报\n\n三、基层卫生与家庭医生\n"
            "达到“优质服务基层行”基本标准的乡镇卫生院占比：84.6%\n达到推荐标准的占比：23.1%\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 84.6, 2023),
                                   ("primary_recommended_standard_share", 23.1, 2023)]


def test_a_line_opening_on_its_part_takes_the_measure_of_the_line_before(codebook):
    text = ("某旗2023年卫生健康统计简报\n\n一、卫生资源\n"
            "每千常住人口中医类医院床位数：1.12张\n其中公立中医类医院：1.03张\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("public_tcm_beds_per_1000", 1.03, 2023),
                                   ("tcm_beds_per_1000", 1.12, 2023)]


def test_a_line_opening_on_its_part_before_the_name_takes_the_measure_before(codebook):
    # "其中：公立中医类医院0.78张": the colon after 其中, the value right after the name
    text = ("某市2022年卫生健康事业发展统计简报\n\n二、床位\n每千人口医疗卫生机构床位数7.07张\n"
            "每千人口中医类医院床位数0.91张\n其中：公立中医类医院0.78张\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 7.07, 2022),
                                   ("public_tcm_beds_per_1000", 0.78, 2022),
                                   ("tcm_beds_per_1000", 0.91, 2022)]


def test_a_part_named_without_a_colon_is_no_item_of_the_measure_before(codebook):
    # "其中康复床位112张" after a sentence on beds per 1,000: a count of its own (no base)
    text = ("某旗2023年卫生健康事业发展情况\n\n年末实有床位2410张，每千常住人口床位数9.02张。"
            "其中康复床位112张，每千常住人口康复床位数0.42张。\n")
    found, _, _ = read(codebook, text)
    counts = [t for t in found.statistics if t.value == 112]
    assert [t.indicator_text for t in counts] == ["康复床位"]


def test_a_dated_review_of_a_decade_stands_at_the_latest_year_it_names(codebook):
    text = ("【奋进新征程】某市：十年砥砺奋进 卫生健康事业谱新篇\n2022-09-28 08:45　来源：某市日报\n\n"
            "党的十八大以来，我市卫生健康事业实现跨越式发展，成效显著。\n"
            "分级诊疗成效初显。2021年县域内就诊率达到86.4%。\n"
            "基层网络更加健全。重点人群家庭医生签约率达到75.6%。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2022-09-28"))
    assert sorted(keys(stats)) == [("county_visit_rate", 86.4, 2021),
                                   ("family_doctor_signing_rate_key", 75.6, 2021)]
    # a closing sentence naming the last five-year plan is no headline: no period of its own
    closing = text + "十年来，我市提前完成“十三五”规划确定的主要目标。\n"
    _, _, stats = read(codebook, closing, DocContext(issued_on="2022-09-28"))
    assert sorted(keys(stats)) == [("county_visit_rate", 86.4, 2021),
                                   ("family_doctor_signing_rate_key", 75.6, 2021)]


def test_the_value_compared_with_in_brackets_after_its_year(codebook):
    text = ("某市“十四五”卫生健康事业发展规划中期评估报告\n某市卫生健康委员会\n2023年10月\n\n"
            "一、主要指标进展\n截至2022年底，全市每千人口医疗卫生机构床位数6.84张，较2020年（6.45张）增加0.39张。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 6.45, 2020), ("beds_per_1000", 6.84, 2022)]


def test_the_same_rate_of_another_group_named_alone(codebook):
    text = ("某区2023年卫生健康事业发展情况\n\n二、服务\n"
            "全人群家庭医生签约率为44.1%，重点人群为81.3%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate", 44.1, 2023),
                                   ("family_doctor_signing_rate_key", 81.3, 2023)]


def test_an_items_fields_one_a_line_are_of_the_item_its_heading_names(codebook):
    """A review laying each indicator out as a heading and its fields on lines of their own:
    the fields' values are of the heading's indicator; the goal field is no actual."""
    text = ("某区卫生健康事业发展“十四五”规划中期评估\n\n二、主要指标进展\n"
            "（一）每千人口注册护士数\n基数：2.41人（2020年）\n规划目标：3.1人（2025年）\n"
            "2023年完成值：2.86人\n进展：滞后\n"
            "（二）重点人群家庭医生签约率\n基期值：66.2%（2020年）\n目标值：80%（2025年）\n"
            "2023年完成值：74.9%\n进展：符合预期\n"
            "（三）基层服务能力提升\n全区新建村卫生室12个。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("family_doctor_signing_rate_key", 66.2, 2020), ("family_doctor_signing_rate_key", 74.9, 2023),
        ("nurses_per_1000", 2.41, 2020), ("nurses_per_1000", 2.86, 2023)]
    # (a sentence under a heading that is a task, not an indicator, keeps its own subject)
    count = [s for s in stats if s.value == 12.0]
    assert [s.indicator_text for s in count] != ["基层服务能力提升"]


def test_a_dated_field_line_ends_before_the_next_field():
    """"2023年完成值：2.86人" then "进展：滞后": two lines, not "2.86人进展…"."""
    nt = normalize("（一）每千人口注册护士数\n基数：2.41人\n2023年完成值：2.86人\n进展：滞后\n"
                   "说明：数据来自卫生健康统计年报。\n")
    assert "2.86人\n进展" in nt.text


def test_a_heading_naming_key_groups_is_no_look_ahead(codebook):
    """重点 opens a section of tasks (重点任务), not 重点人群 in an indicator's name: a
    figure under "（二）重点人群签约服务" in a plan's 发展基础 is where things stand."""
    text = ("某市“十四五”卫生健康发展规划\n\n一、发展基础\n（一）重点人群签约服务\n"
            "全市重点人群家庭医生签约率达到72.5%。\n二、发展目标\n"
            "到2025年，重点人群家庭医生签约率达到85%。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("family_doctor_signing_rate_key", 85.0, 2025)]
    assert [s.value for s in stats] == [72.5]


@pytest.mark.parametrize(("text", "context"), [
    # a dated report: a value of a year after its date is a goal
    ("某县卫生健康局2023年工作总结\n发布时间：2023-12-28\n"
     "全县每千人口执业（助理）医师数2.6人（2025年）。\n", None),
    # an undated mid-term review: a value of its plan's last year is a goal
    ("某市“十四五”卫生健康规划中期评估报告\n\n一、主要指标\n"
     "每千人口执业（助理）医师数：2.6人（2025年）\n", None),
])
def test_no_actual_of_a_year_the_text_has_not_reached(codebook, text, context):
    _, _, stats = read(codebook, text, context)
    assert [s for s in stats if s.target_year == 2025] == []


@pytest.mark.parametrize("lead", ["今年以来，", "今年前三季度，", "据统计，1—10月，", "1-9月份，"])
def test_figures_of_the_year_so_far_are_of_the_year_the_news_is_dated(codebook, lead):
    text = ("某县家庭医生签约服务取得新进展\n2024-10-26 10:02:31  来源：某县融媒体中心\n\n"
            f"{lead}全县重点人群家庭医生签约率达到81.6%，每万人口全科医生3.12人。\n"
            "下一步，县卫健局将继续扩大签约服务覆盖面。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("family_doctor_signing_rate_key", 81.6, 2024),
                                   ("gp_per_10000", 3.12, 2024)]


def test_a_share_in_brackets_after_a_count_is_the_share_of_what_was_counted(codebook):
    text = ("某县卫生健康事业发展“十三五”规划实施情况总结\n\n一、主要指标完成情况\n"
            "截至2020年底，全县16个乡镇卫生院中，12个达到“优质服务基层行”基本标准（占75%），"
            "3个达到推荐标准（占18.8%）。\n"
            "全县床位2100张，其中：县级医院1300张（占61.9%），乡镇卫生院800张（占38.1%）。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 75.0, 2020),
                                   ("primary_recommended_standard_share", 18.8, 2020)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # the goals the plan set, recalled: no actual
    ("规划提出到2020年每千人口医疗卫生机构床位数达到6.2张、每千人口注册护士3.0人。", []),
    ("《规划》明确，到2020年县域内就诊率达到90%；经评估，2020年实际达到91.4%。",
     [("county_visit_rate", 91.4, 2020)]),
    # a result in the clause after the goal, dated by its year
    ("规划提出到2020年每万人口全科医生达到2人，2020年为2.35人。",
     [("gp_per_10000", 2.35, 2020)]),
    # the value a goal starts from is where things stood
    ("规划提出，到2020年县域内就诊率由2015年的82.3%提高到90%。",
     [("county_visit_rate", 82.3, 2015)]),
    # the goal opening its clause, the result after it
    ("（一）资源配置。规划目标每千人口医疗卫生机构床位数6.0张，2020年实际达到6.32张。",
     [("beds_per_1000", 6.32, 2020)]),
    # a semicolon ends the goal recalled: what follows is the result
    ("2020年每千人口中医类医院床位数0.66张，规划目标为0.7张，进度滞后；床医比1:0.52。",
     [("bed_physician_ratio", 0.52, 2020), ("tcm_beds_per_1000", 0.66, 2020)]),
    # a goal named after its value ("…的规划目标"): no actual
    ("2020年县域内就诊率为88.6%，未达到90%的规划目标；医护比仅为1:0.95，低于1:1.1的预期目标。",
     [("county_visit_rate", 88.6, 2020), ("physician_nurse_ratio", 0.95, 2020)]),
    # goals the plan set, named as its goals after them
    ("“十三五”规划确定的每千人口床位数5.8张、居民健康素养水平20%等目标均已完成。", []),
    # (a goal met, named after the result: not a goal recalled)
    ("2020年每千人口床位数6.9张，完成规划目标（6.5张）的106%，每千人口注册护士3.1人。",
     [("beds_per_1000", 6.9, 2020), ("nurses_per_1000", 3.1, 2020)]),
])
def test_a_reviews_recalled_goals_are_no_actuals(codebook, sentence, expected):
    text = ("某县“十三五”卫生健康事业发展规划终期评估报告\n某县卫生健康局\n\n"
            "一、规划目标完成情况\n" + sentence + "\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == expected


def test_a_standards_share_named_alone_is_of_the_institutions_named_before(codebook):
    text = ("某县卫生健康局2023年工作总结\n发布时间：2024-01-12\n\n一、2023年工作成效\n"
            "达到“优质服务基层行”基本标准的社区卫生服务中心占比76.9%，推荐标准占比23.1%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 76.9, 2023),
                                   ("primary_recommended_standard_share", 23.1, 2023)]


def test_all_after_a_level_is_no_part_of_its_name(codebook):
    """"应用水平均达到四级": 水平 then the adverb 均 (not 平均)."""
    text = ("某市卫生健康委2023年工作总结\n发布时间：2024-01-12\n\n一、2023年工作成效\n"
            "全市二级及以上公立医疗机构电子病历系统应用水平均达到四级。\n")
    _, _, stats = read(codebook, text)
    assert [(s.indicator_text, s.value) for s in stats] == [
        ("二级及以上公立医疗机构电子病历系统应用水平", 4.0)]


def test_a_groups_rate_in_brackets_after_the_wholes(codebook):
    text = ("某县2023年卫生健康事业发展统计简报\n发布时间：2024-02-26\n\n三、基层卫生\n"
            "城乡居民家庭医生签约率 41.6%（重点人群 79.4%）\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate", 41.6, 2023),
                                   ("family_doctor_signing_rate_key", 79.4, 2023)]


def test_already_is_no_part_of_a_measures_name(codebook):
    """"床位数已达到6.45张": 已 is the adverb before the verb, and a clause opening on its
    year and 已 reports on the measure the clause before named."""
    text = ("某县“十四五”卫生健康规划中期评估报告\n\n（数据截至2022年底）\n\n一、主要指标进展\n"
            "全县每千人口医疗卫生机构床位数已达到6.45张。"
            "规划提出到2025年每千人口执业（助理）医师达到3.0人，2022年已达到2.71人。\n"
            "家庭医生签约率全人群40.6%，重点人群80.9%。\n")
    _, _, stats = read(codebook, text)
    assert [s.indicator_text for s in stats if s.value == 6.45] == ["每千人口医疗卫生机构床位数"]
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 6.45, 2022), ("family_doctor_signing_rate", 40.6, 2022),
        ("family_doctor_signing_rate_key", 80.9, 2022), ("physicians_per_1000", 2.71, 2022)]


def test_a_population_base_in_brackets_after_the_value(codebook):
    text = ("某市2023年卫生健康事业发展统计公报\n发布时间：2024-03-01\n\n"
            "截至2023年底，全市床位数5.86张（每千人口）。全科医生3.72名（每万人口）。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 5.86, 2023), ("gp_per_10000", 3.72, 2023)]


@pytest.mark.parametrize("sentence, level", [
    ("二级及以上公立医疗机构电子病历系统应用水平平均3.8级。", 3.8),
    ("全县预约诊疗比例达到52.3%，电子病历系统应用水平平均3级。", 3),
    ("二級及以上公立醫療機構電子病歷系統應用水平平均4級。", 4),
])
def test_a_level_averaged_without_a_verb(codebook, sentence, level):
    """"电子病历系统应用水平平均3.8级": 平均 stands for 平均为; the level is the measure's."""
    text = f"某县2023年卫生健康事业发展统计简报\n\n一、医疗服务\n全县总诊疗人次52.1万人次。{sentence}\n"
    _, _, stats = read(codebook, text)
    assert [k for k in keys(stats) if k[0] == "emr_level"] == [("emr_level", level, 2023)]


def test_a_share_in_brackets_right_after_a_count_reaching_a_standard(codebook):
    """"36个达到基本标准（80.0%）": the bracket gives the share of the institutions."""
    text = ("某市2023年卫生健康统计简报\n\n三、基层卫生\n全市45个乡镇卫生院（社区卫生服务中心）中，"
            "36个达到基本标准（80.0%），14个达到推荐标准（31.1%）。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 80.0, 2023),
                                   ("primary_recommended_standard_share", 31.1, 2023)]


def test_a_bulletins_year_within_is_the_year_it_reports(codebook):
    """"海原县2023年卫生健康事业发展情况", dated 2024-02-20: "年内…达到15.9%" is of 2023."""
    text = ("某县2023年卫生健康事业发展情况\n来源：某县卫生健康局 2024-02-20\n"
            "2023年，全县卫生健康系统聚焦群众看病就医问题，各项事业取得新进展。\n"
            "健康教育。年内开展健康讲座1260场，居民健康素养水平达到15.9%，比上年提高2.4个百分点。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-02-20"))
    assert targets == []
    assert keys(stats) == [("health_literacy_rate", 15.9, 2023)]


@pytest.mark.parametrize("places", ["沙坡头区、中宁县、海原县", "甲县、乙县、丙市"])
def test_values_listed_for_the_places_of_a_city_are_no_values_of_the_city(codebook, places):
    """"沙坡头区、中宁县、海原县县域内就诊率分别为91.2%、85.7%、82.7%" in a city's bulletin:
    each county's, not the city's (nor 城区、农村: no places)."""
    text = ("某市2023年卫生健康统计简报\n\n二、医疗服务\n"
            f"{places}县域内就诊率分别为91.2%、85.7%、82.7%。\n"
            "城市、农村居民健康素养水平分别为28.1%、19.6%。\n")
    _, _, stats = read(codebook, text)
    assert not [k for k in keys(stats) if k[0] == "county_visit_rate"]


def test_a_share_after_the_count_an_item_line_gives(codebook):
    """"达到国家基本标准的乡镇卫生院（社区卫生服务中心）：13个，占100%": the share of the
    institutions counted."""
    text = ("某区2022年卫生健康事业发展统计简报\n\n四、基层能力\n"
            "达到国家基本标准的乡镇卫生院（社区卫生服务中心）：13个，占100%\n"
            "重点人群签约率：91.3%\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate_key", 91.3, 2022),
                                   ("primary_basic_standard_share", 100, 2022)]


def test_results_written_in_words_are_observations_of_100(codebook):
    """"均已建成", "已全部设置", "均已达到": all of them, done: an observation of 100 (each
    hospital's, when the hospitals are named), never a target; "尚未全部达到" is none."""
    text = ("某市2023年卫生健康统计公报\n\n三、医改\n全市8个县（市、区）均已建成紧密型县域医共体。"
            "县人民医院、县中医院均已达到国家医疗服务能力推荐标准。全市二级及以上公立综合医院已全部"
            "设置老年医学科。部分乡镇卫生院尚未全部达到基本标准。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("county_hospital_recommended_standard_share", 100, 2023),
        ("county_medical_community_coverage", 100, 2023),
        ("county_tcm_hospital_recommended_standard_share", 100, 2023),
        ("geriatrics_department_share", 100, 2023)]


def test_a_plan_reporting_what_is_done_in_words_sets_no_goal_by_it(codebook):
    text = ("某县卫生健康事业发展“十四五”规划\n\n一、发展基础\n“十三五”期间，全县乡镇卫生院均已达到"
            "服务能力基本标准。\n二、发展目标\n到2025年，县中医医院达到国家医疗服务能力推荐标准。\n")
    _, targets, stats = read(codebook, text)
    assert not [k for k in keys(targets) if k[0] == "primary_basic_standard_share"]
    assert keys(stats) == [("primary_basic_standard_share", 100, 2020)]


@pytest.mark.parametrize("sentence", ["11个县（区）全部组建紧密型县域医共体。",
                                      "全市建成紧密型县域医共体4个，覆盖全部县（市、区）。"])
def test_community_coverage_said_as_formed_everywhere_or_covering_all_counties(codebook, sentence):
    text = f"某市2023年卫生健康统计公报\n\n三、医改\n{sentence}\n"
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("county_medical_community_coverage", 100, 2023)]


@pytest.mark.parametrize("sentence, expected", [
    ("全市总诊疗人次2865.4万人次，其中基层医疗卫生机构诊疗人次1598.2万人次，占55.8%。", []),
    ("全市基层医疗卫生机构诊疗人次占比达到57.6%。", []),
    ("县域内基层医疗卫生机构诊疗人次占比达到57.6%。", [("county_primary_visit_share", 57.6, 2023)]),
])
def test_primary_care_share_of_all_visits_is_not_the_county_share(codebook, sentence, expected):
    """The primary institutions' share of all visits (基层医疗卫生机构诊疗人次占比) is a look-alike
    of 县域内基层门急诊人次占比: another denominator, not the indicator."""
    text = f"某市2023年卫生健康事业发展统计公报\n\n二、医疗服务\n{sentence}\n"
    _, _, stats = read(codebook, text)
    assert [k for k in keys(stats) if k[0] == "county_primary_visit_share"] == expected


@pytest.mark.parametrize("sentence", [
    "全市乡镇卫生院和社区卫生服务中心218个，其中达到服务能力基本标准的176个，达到推荐标准的52个，"
    "分别占80.7%、23.9%。",
    "全市218个乡镇卫生院（社区卫生服务中心）中，达到基本标准的176个（80.7%），达到推荐标准的52个（23.9%）。",
    # the count first, what it reached after it
    "全市200家乡镇卫生院和18家社区卫生服务中心中，176家达到基本标准，52家达到推荐标准，分别占80.7%和23.9%。",
])
def test_shares_of_the_counts_reaching_each_standard(codebook, sentence):
    """"达到基本标准的176个，达到推荐标准的52个，分别占80.7%、23.9%" and "…的176个（80.7%）":
    each share is of its count's institutions."""
    text = f"某市2023年卫生健康统计简报\n\n三、基层卫生\n{sentence}\n"
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 80.7, 2023),
                                   ("primary_recommended_standard_share", 23.9, 2023)]


@pytest.mark.parametrize("aside", ["（公立1.09张）", "（其中公立1.09张）"])
def test_the_public_hospitals_part_in_brackets_after_the_whole(codebook, aside):
    text = (f"某市2023年卫生健康统计简报\n\n一、资源\n每千人口中医类医院床位数1.26张{aside}，"
            "每千人口康复床位数0.41张。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("public_tcm_beds_per_1000", 1.09, 2023),
                                   ("rehab_beds_per_1000", 0.41, 2023),
                                   ("tcm_beds_per_1000", 1.26, 2023)]


def test_a_share_written_as_a_part_of_a_whole(codebook):
    """"基层门急诊人次占县域内门急诊人次的64.2%": A's share of B, the indicator's own ratio."""
    text = ("某市2024年上半年卫生健康统计简报\n\n一、医疗服务\n1—6月，县域内就诊率为92.4%，"
            "基层门急诊人次占县域内门急诊人次的64.2%。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-07-20"))
    assert sorted(keys(stats)) == [("county_primary_visit_share", 64.2, 2024),
                                   ("county_visit_rate", 92.4, 2024)]


def test_a_bare_figure_after_a_colon_with_its_unit_noted_after_it(codebook):
    """"县域内就诊率：86.1（%）": the name, a colon, the figure, its unit in a note."""
    text = ("某市2022年卫生健康事业发展统计公报\n\n二、服务提供\n"
            "县域内就诊率：86.1（%），县域内基层门急诊人次占比：63.4%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_primary_visit_share", 63.4, 2022),
                                   ("county_visit_rate", 86.1, 2022)]


def test_a_rise_in_levels_is_no_level(codebook):
    """"电子病历系统应用水平平均达到3.6级，较2020年提高1.1级": 3.6 is the level, 1.1 a change."""
    text = ("某市2023年卫生健康事业发展统计公报\n\n三、智慧医疗\n全市二级及以上公立医院电子病历系统应用"
            "水平平均达到3.6级，较2020年提高1.1级；二级及以上公立医院预约诊疗率为55.3%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("appointment_rate", 55.3, 2023), ("emr_level", 3.6, 2023)]


def test_one_hospitals_appointment_share_is_not_the_places(codebook):
    """"县医院预约诊疗比例46%": one hospital's (as its EMR level is), not the county's rate."""
    text = ("某县2022年卫生健康统计简报\n\n二、服务\n全县县域内就诊率85.1%，县医院预约诊疗比例46%，"
            "二级及以上公立医院预约诊疗率为52.3%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("appointment_rate", 52.3, 2022), ("county_visit_rate", 85.1, 2022)]


def test_one_city_hospitals_emr_level_is_not_the_citys(codebook):
    """"市医院电子病历系统应用水平达到四级，市中医院达到三级": two hospitals' levels, not the
    city's (a county-level city's 市医院 is one hospital)."""
    text = ("某市2023年卫生健康统计公报\n\n三、信息化\n市医院电子病历系统应用水平达到四级，市中医院达到三级。"
            "全市二级及以上公立医疗机构电子病历系统应用水平平均3.5级。\n")
    _, _, stats = read(codebook, text)
    assert [k for k in keys(stats) if k[0] == "emr_level"] == [("emr_level", 3.5, 2023)]


@pytest.mark.parametrize("part", ["上半年", "前三季度", "1—6月", "第一季度"])
def test_a_bulletin_of_part_of_a_year_reports_that_year(codebook, part):
    """"统计简报（2024年上半年）": the bracket's year is the year its figures are of, its 截至6月底
    and 上半年 too."""
    text = (f"某县卫生健康事业发展统计简报（2024年{part}）\n"
            "截至6月底，全县每千人口执业（助理）医师2.52人，每千人口注册护士2.68人。\n"
            "上半年，全县县域内就诊率87.8%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin" and found.kind.title_year == 2024
    assert targets == []
    assert sorted(_keys(stats)) == [("county_visit_rate", 87.8, 2024), ("nurses_per_1000", 2.68, 2024),
                                    ("physicians_per_1000", 2.52, 2024)]


def test_a_review_written_as_records_of_fields_one_a_line(codebook):
    """"指标：…" opens a record whose fields follow a line each (基期值 / 规划目标 / 2023年完成值 /
    评价): each value is of the record's indicator; the base of the period's base year, the
    goal no actual, the result of its year."""
    records = "".join(
        f"指标：{name}\n基期值：{base}\n规划目标：{goal}\n2023年完成值：{done}\n评价：符合进度\n"
        for name, base, goal, done in (("每千人口医疗卫生机构床位数", "4.92张", "5.8张", "5.31张"),
                                       ("每千人口注册护士数", "2.44人", "3.0人", "2.79人"),
                                       ("全人群家庭医生签约率", "33.1%", "45%", "41.2%")))
    text = ("某区“十四五”卫生健康规划中期评估\n一、评估概况\n评估以2020年为基期，以2023年实际数据为依据。\n"
            "二、指标完成情况\n" + records + "三、问题与建议\n部分指标完成值偏高，需审慎看待。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 4.92, 2020), ("beds_per_1000", 5.31, 2023),
        ("family_doctor_signing_rate", 33.1, 2020), ("family_doctor_signing_rate", 41.2, 2023),
        ("nurses_per_1000", 2.44, 2020), ("nurses_per_1000", 2.79, 2023)]


def test_a_bulletin_issue_numbered_under_its_title_reports_that_year(codebook):
    """"统计简报" then "（2024年第2期·上半年）" on the next line: the issue's year."""
    text = ("某市卫生健康统计简报\n（2024年第2期·上半年）\n某市卫生健康委员会规划信息股　　2024年7月15日\n\n"
            "一、卫生资源（截至6月底）\n全市每千人口医疗卫生机构床位数6.64张，每万人口全科医生 3.4 人。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.title_year == 2024
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 6.64, 2024), ("gp_per_10000", 3.4, 2024)]


@pytest.mark.parametrize(("line", "expected"), [
    ("0.27张——2023年末全区每千人口康复床位数；0.58张——每千人口中医类医院床位数。",
     [("rehab_beds_per_1000", 0.27, 2023), ("tcm_beds_per_1000", 0.58, 2023)]),
    ("26.4%——这是2020年全区居民健康素养水平，比2015年提高14.2个百分点。",
     [("health_literacy_rate", 26.4, 2020)]),
    ("2.74人——每千人口执业（助理）医师数；2.97人——每千人口注册护士数。",
     [("physicians_per_1000", 2.74, 2023), ("nurses_per_1000", 2.97, 2023)]),
])
def test_a_figure_then_a_dash_then_what_it_is(codebook, line, expected):
    text = "某区2023年卫生健康统计公报\n\n一、数字看变化\n" + line + "\n"
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert keys(stats) == expected


@pytest.mark.parametrize("title", ["某县2023年卫生健康资源及医疗服务情况", "某市2023年卫生资源情况",
                                   "某区2023年度卫生资源和医疗服务情况"])
def test_a_years_resources_page_is_a_bulletin_of_that_year(codebook, title):
    text = (title + "\n一、机构和床位\n年末医疗卫生机构实有床位5860张，每千常住人口床位数5.86张。\n"
            "二、医疗服务\n县域内就诊率89.6%，县域内住院人次占比81.4%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin" and found.kind.title_year == 2023
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 5.86, 2023), ("county_inpatient_share", 81.4, 2023),
                                   ("county_visit_rate", 89.6, 2023)]


def test_a_resources_page_of_three_years_holds_their_results(codebook):
    text = ("某市2021—2023年卫生资源情况\n（某市卫生健康委员会规划发展与信息化科　2024年6月）\n"
            "本表反映全市近三年卫生资源配置和主要服务指标变化情况。\n表1　全市卫生资源主要指标\n"
            "指标\t2021年\t2022年\t2023年\n每千人口医疗卫生机构床位数（张）\t7.42\t7.68\t7.95\n"
            "每千人口注册护士（人）\t3.52\t3.70\t3.88\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert ("beds_per_1000", 7.95, 2023) in keys(stats) and ("nurses_per_1000", 3.52, 2021) in keys(stats)


def test_a_report_on_resources_to_a_congress_is_no_bulletin(codebook):
    found, _, _ = read(codebook, "关于某市2023年卫生资源配置情况的报告\n县域内就诊率89.6%。\n")
    assert found.kind.genre != "bulletin"


def test_a_numbered_item_of_two_hospitals_results_in_words(codebook):
    text = ("某旗2023年卫生健康事业发展情况\n截至2023年年末，全旗卫生健康事业主要情况如下：\n"
            "8. 旗人民医院、旗中医医院均已达到国家医疗服务能力推荐标准。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert keys(stats) == [("county_hospital_recommended_standard_share", 100, 2023),
                           ("county_tcm_hospital_recommended_standard_share", 100, 2023)]


@pytest.mark.parametrize(("line", "expected"), [
    ("县人民医院、县中医医院电子病历系统应用水平均达到三级。", [("emr_level", 3, 2023)]),
    ("区人民医院和区中医院电子病历系统应用水平全部达到四级。", [("emr_level", 4, 2023)]),
    ("县人民医院电子病历系统应用水平达到四级。", []),  # one hospital's level is not the county's
])
def test_the_level_of_a_countys_general_and_tcm_hospitals_both(codebook, line, expected):
    _, targets, stats = read(codebook, "某县2023年卫生健康统计公报\n一、医疗服务\n" + line + "\n")
    assert targets == [] and keys(stats) == expected


def test_a_value_compared_with_is_of_the_measure_just_read(codebook):
    """"居民健康素养水平稳步提升，2022年达到31.72%，较2019年的24.6%提高了…": the 24.6% is the
    same measure's, in 2019, though the figure before took its name from an earlier clause."""
    text = ("某市居民健康素养提升行动方案\n近年来，我市居民健康素养水平稳步提升，2022年达到31.72%，"
            "较2019年的24.6%提高了7.12个百分点，但区域、城乡之间仍存在差距。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-05-10"))
    assert targets == []
    assert keys(stats) == [("health_literacy_rate", 31.72, 2022), ("health_literacy_rate", 24.6, 2019)]


def test_a_counts_share_of_the_whole_it_names(codebook):
    """"门诊预约就诊112.6万人次，占门诊总人次的68.4%": the count's share of that whole, the
    appointment rate; a share of a place's total stays unmapped."""
    text = ("某区“十四五”卫生健康规划中期评估报告\n二、主要成效\n"
            "（三）智慧医疗。2022年，区属医院门诊预约就诊112.6万人次，占门诊总人次的68.4%。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-11-20"))
    assert targets == [] and keys(stats) == [("appointment_rate", 68.4, 2022)]


def test_an_as_of_month_after_the_pages_own_is_last_years(codebook):
    """"截至12月底，…44.2%" on a page of March 2024: the December of 2023 (a month not yet
    come in the page's year); "截至2月底" on it: 2024."""
    text = ("某县卫生健康工作情况\n发布时间：2024-03-29　　来源：县卫生健康委\n"
            "截至12月底，全县全人群家庭医生签约率44.2%，重点人群签约率89.7%。\n"
            "截至2月底，全县县域内就诊率为88.1%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_visit_rate", 88.1, 2024),
                                   ("family_doctor_signing_rate", 44.2, 2023),
                                   ("family_doctor_signing_rate_key", 89.7, 2023)]


def test_a_level_averaged_as_an_average_grade(codebook):
    text = "某市2023年卫生健康统计公报\n二级及以上公立医疗机构电子病历系统应用水平平均等级3.8级。\n"
    _, targets, stats = read(codebook, text)
    assert targets == [] and keys(stats) == [("emr_level", 3.8, 2023)]


def test_hundreds_counted_under_a_rate_take_no_population_base(codebook):
    # "其中：" then a line counting beds: the per-1,000 base of the line before is not theirs
    text = ("某市2023年卫生健康事业发展统计公报\n\n（二）床位。2023年末，全市医疗卫生机构床位数22186张。"
            "每千人口医疗卫生机构床位数8.12张，比上年增加0.37张。其中：\n中医类医院床位数2874张\n"
            "每千人口中医类医院床位数1.05张\n")
    found, _, stats = read(codebook, text)
    assert [t.indicator_text for t in found.statistics if t.value == 2874] == ["中医类医院床位数"]
    assert ("tcm_beds_per_1000", 1.05, 2023) in keys(stats)


@pytest.mark.parametrize("aside", ["（2022年21.5%，2021年19.4%）", "（2022年为21.5%，2021年为19.4%）"])
def test_an_aside_listing_earlier_years_dates_each_of_its_values(codebook, aside):
    """"居民健康素养水平23.2%（2022年21.5%，2021年19.4%）" in a bulletin of 2023: each year
    its value, the value before the aside the bulletin's year."""
    text = "某县2023年卫生健康基本情况\n某县卫生健康局\n2024年2月\n\n三、公共卫生\n居民健康素养水平23.2%" \
        + aside + "。\n"
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("health_literacy_rate", 19.4, 2021),
                                   ("health_literacy_rate", 21.5, 2022),
                                   ("health_literacy_rate", 23.2, 2023)]


def test_a_year_before_its_months_so_far_dates_the_values_after_them(codebook):
    # "今年1至11月，…达到92.8%": 今年 is followed by months, not by a value of its own
    text = ("某县医共体建设成效显著\n2024-12-10 来源：某县融媒体中心\n\n"
            "今年1至11月，全县县域内就诊率达到92.8%，县域内基层门急诊人次占比61.7%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_primary_visit_share", 61.7, 2024),
                                   ("county_visit_rate", 92.8, 2024)]


def test_a_notes_population_in_its_aside_is_named_without_the_aside(codebook):
    text = ("某市2023年卫生资源情况\n\n每千人口医疗卫生机构床位数7.45张。\n"
            "注：人口数采用市统计局公布的年末常住人口（2023年末350.1万人）。\n")
    found, _, _ = read(codebook, text)
    assert [t.indicator_text for t in found.statistics if t.value == 3501000] == [
        "人口数采用市统计局公布的年末常住人口"]


@pytest.mark.parametrize("counted", ["重点人群家庭医生签约12.06万人",
                                     "65岁以上老年人、慢性病患者等重点人群签约15.3万人",
                                     "家庭医生签约服务覆盖重点人群12.06万人"])
def test_a_signing_rate_after_the_group_counted_is_that_groups(codebook, counted):
    """"…重点人群签约15.3万人，签约率77.9%": the rate of the group just counted; 签约 signs
    (its 约 is no "about": the count is exact)."""
    text = "某县2024年卫生健康事业发展情况\n\n四、公共卫生。" + counted + "，签约率77.5%。\n"
    found, _, stats = read(codebook, text)
    assert keys(stats) == [("family_doctor_signing_rate_key", 77.5, 2024)]
    count = [t for t in found.statistics if t.unit == "人"]
    assert [t.indicator_text.endswith("签") for t in count] == [False]  # (签约, not 签 + 约)
    assert [t.comparator for t in count] == ["="]


def test_a_measures_name_over_lines_of_its_years_values(codebook):
    """A bulletin's measures laid out one line a name, one line a year: "县域内就诊率" /
    "2022年：88.3%" / "2023年：89.6%" / "县域内住院人次占比" / …"""
    text = ("某市2023年卫生健康统计简报\n\n二、医疗服务\n县域内就诊率\n2022年：88.3%\n2023年：89.6%\n"
            "县域内住院人次占比\n2022年：80.1%\n2023年：81.5%\n"
            "全市二级及以上公立医院预约诊疗率为56.4%，比上年提高4.8个百分点。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("appointment_rate", 56.4, 2023),
                                   ("county_inpatient_share", 80.1, 2022),
                                   ("county_inpatient_share", 81.5, 2023),
                                   ("county_visit_rate", 88.3, 2022), ("county_visit_rate", 89.6, 2023)]


def test_a_tables_note_naming_its_columns_years_dates_no_prose_after_it(codebook):
    """"注：本年为2023年，上年为2022年。" under a table: the prose after it is still the
    bulletin's year (2023), not the last year the note named."""
    text = ("某市2023年卫生资源情况\n某市卫生健康局  发布日期：2024-03-15\n\n表 卫生资源主要指标\n"
            "指标\t上年\t本年\t增减（%）\n每千人口医疗卫生机构床位数（张）\t6.31\t6.68\t5.9\n\n"
            "注：本年为2023年，上年为2022年。每千人口指标按年末常住人口计算。\n"
            "全年县域内就诊率88.6%，重点人群家庭医生签约率76.3%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 6.31, 2022), ("beds_per_1000", 6.68, 2023),
                                   ("county_visit_rate", 88.6, 2023),
                                   ("family_doctor_signing_rate_key", 76.3, 2023)]


def test_a_goals_year_dates_no_figure_after_its_clause(codebook):
    """"…签约率达到78.5%，2024年将提高到82%以上，全人群签约率41.6%" in a summary of 2023: the
    figure after the goal's clause is 2023's."""
    text = ("某市卫生健康委员会2023年工作总结和2024年工作思路\n发布时间：2024-01-18  来源：市卫健委\n\n"
            "一、2023年工作总结\n（三）家庭医生签约服务提质增效。全市重点人群家庭医生签约率达到78.5%，"
            "2024年将提高到82%以上，全人群签约率41.6%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate", 41.6, 2023),
                                   ("family_doctor_signing_rate_key", 78.5, 2023)]
    assert keys(targets) == [("family_doctor_signing_rate_key", 82, 2024)]


def test_respective_rates_take_the_base_written_before_them(codebook):
    """"…其中执业（助理）医师1305人、注册护士1421人，分别为每千人口2.73人、2.97人": the counts
    have no base; the rates after 分别为每千人口 do."""
    text = ("某区“十三五”卫生健康事业发展总结\n\n（一）资源配置。2020年末，全区每千人口医疗卫生机构床位数"
            "5.21张；卫生技术人员3320人，其中执业（助理）医师1305人、注册护士1421人，分别为每千人口"
            "2.73人、2.97人。\n")
    found, _, stats = read(codebook, text)
    assert ("physicians_per_1000", 2.73, 2020) in keys(stats)
    assert ("nurses_per_1000", 2.97, 2020) in keys(stats)
    assert sorted(t.indicator_text for t in found.statistics if t.value in (1305, 1421)) == [
        "执业(助理)医师", "注册护士"]


@pytest.mark.parametrize("reached", ["均达到", "均已达到"])
def test_a_bulletins_hospitals_both_reaching_a_standard_are_each_one(codebook, reached):
    """"县人民医院、县中医院均达到国家医疗服务能力推荐标准" in a bulletin: the county's general
    hospital and its TCM hospital each reach it (with or without 已)."""
    text = ("某县2023年卫生健康事业发展统计公报\n\n二、医疗服务\n县人民医院、县中医院" + reached
            + "国家医疗服务能力推荐标准。\n")
    _, _, stats = read(codebook, text, DocContext(level="county"))
    assert sorted(keys(stats)) == [("county_hospital_recommended_standard_share", 100, 2023),
                                   ("county_tcm_hospital_recommended_standard_share", 100, 2023)]


def test_a_paragraph_set_aside_on_last_year_reports_each_of_its_figures(codebook):
    """"（上年全市居民健康素养水平为24.3%，县域内就诊率85.9%。）" on a line of its own in a plan of
    2024: the figures of 2023, each read."""
    text = ("某市2024年卫生健康工作要点\n\n一、重点工作\n（三）健康促进。全市居民健康素养水平达到28%。\n"
            "（上年全市居民健康素养水平为24.3%，县域内就诊率85.9%。）\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-20"))
    assert keys(targets) == [("health_literacy_rate", 28, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 85.9, 2023), ("health_literacy_rate", 24.3, 2023)]



@pytest.mark.parametrize("lead", ["近日，记者从市卫生健康局获悉，2023年我市卫生健康事业多项指标位居全省前列。",
                                  "记者从县卫健局了解到，2023年，全县卫生健康工作取得新成效。"])
def test_a_news_lead_opening_on_a_year_dates_the_figures_after_it(codebook, lead):
    """"记者从…获悉，2023年我市…多项指标位居前列。" in a page of January 2024, then figures with no
    year: they are 2023's, the year the lead reports."""
    text = ("某市卫健成绩单出炉\n2024-01-25 16:40 来源：某新闻网\n\n" + lead + "\n"
            "92.3%——县域内就诊率，比上年提高1.1个百分点；\n5.12张——每千人口医疗卫生机构床位数。\n"
            "会议提出，今年全市将力争每万人口全科医生达到5.6人。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 5.12, 2023), ("county_visit_rate", 92.3, 2023)]
    assert keys(targets) == [("gp_per_10000", 5.6, 2024)]


def test_a_results_page_reports_institutions_all_reaching_a_standard(codebook):
    """A page leading with results ("…“成绩单”出炉") that also names this year's goal:
    "全市19家乡镇卫生院全部达到服务能力基本标准" is where things stand (100%), not a goal."""
    text = ("某市卫健2023“成绩单”出炉：县域内就诊率92.3%\n2024-01-25 16:40 来源：某新闻网\n\n"
            "近日，记者从市卫生健康局获悉，2023年我市卫生健康事业多项指标位居全省前列。\n"
            "全市19家乡镇卫生院（社区卫生服务中心）全部达到服务能力基本标准，其中8家达到推荐标准，"
            "占42.1%。\n会议提出，今年全市将力争每万人口全科医生达到5.6人。\n")
    _, targets, stats = read(codebook, text)
    assert ("primary_basic_standard_share", 100, 2023) in keys(stats)
    assert ("primary_recommended_standard_share", 42.1, 2023) in keys(stats)
    assert keys(targets) == [("gp_per_10000", 5.6, 2024)]


def test_news_of_a_plan_keeps_all_reaching_a_standard_as_its_goal(codebook):
    """News of a plan (no results in its lead): "所有乡镇卫生院全部达到基本标准" stays a goal."""
    text = ("某市出台基层卫生能力提升方案\n2024-03-02 来源：某新闻网\n\n"
            "近日，市政府办公室印发《某市基层卫生服务能力提升方案》。方案提出，到2025年，全市乡镇卫生院"
            "全部达到服务能力基本标准，县域内就诊率达到90%。\n")
    _, targets, stats = read(codebook, text)
    assert ("primary_basic_standard_share", 100, 2025) in keys(targets)
    assert keys(stats) == []


def test_a_headlines_two_parts_are_a_result_and_a_goal(codebook):
    """"长兴县域内就诊率达91.6%  今年力争突破92%": the headline's parts, set apart by spaces, are
    a result and this year's goal; the result is no goal."""
    text = ("某县县域内就诊率达91.6%  今年力争突破92%\n发布时间：2024-04-15 10:02 信息来源：某县新闻网 浏览次数：1286\n\n"
            "近日，记者从县卫生健康局获悉，今年以来，全县县域内就诊率达91.6%。今年，我县将在此基础上"
            "继续发力：县域内就诊率力争突破92%。\n")
    _, targets, stats = read(codebook, text, DocContext(genre="news_of_plan"))
    assert sorted(set(keys(targets))) == [("county_visit_rate", 92, 2024)]
    assert sorted(set(keys(stats))) == [("county_visit_rate", 91.6, 2024)]


def test_spaces_after_a_value_part_the_words_after_it():
    """Normalising keeps one space between a value and words set apart by a run of spaces
    (a clause break), and drops a single stray space as before."""
    assert normalize("就诊率达91.6%  今年力争突破92%").text == "就诊率达91.6% 今年力争突破92%"
    assert normalize("床位6.5张\u3000\u3000全市").text == "床位6.5张 全市"
    assert normalize("达到90%\u3000以上").text == "达到90%以上"
    assert normalize("注册护士  人  全市").text == "注册护士人全市"


def test_now_early_in_a_sentence_dates_every_figure_after_it(codebook):
    """"目前全市每千人口康复床位数仅为0.28张，…已有19家设立老年医学科，占比为73.1%" in news of
    November 2023: both figures stand at the page's date; a year named in between dates what
    follows it instead."""
    text = ("某市：明年每千人口康复床位数将达0.45张\n2023-11-20 08:36  来源：某日报  作者：记者 叶晓\n\n"
            "本报讯 日前，市卫生健康委等六部门联合印发《某市康复医疗服务发展行动方案》。根据方案，"
            "到明年底，全市每千人口康复床位数将达到0.45张。记者从市卫健委了解到，目前全市每千人口"
            "康复床位数仅为0.28张，二级及以上公立综合医院中已有19家设立老年医学科，占比为73.1%，"
            "2020年居民健康素养水平为20.5%。\n")
    _, targets, stats = read(codebook, text)
    assert set(keys(targets)) == {("rehab_beds_per_1000", 0.45, 2024)}  # (headline, text)
    assert sorted(keys(stats)) == [("geriatrics_department_share", 73.1, 2023),
                                   ("health_literacy_rate", 20.5, 2020),
                                   ("rehab_beds_per_1000", 0.28, 2023)]


@pytest.mark.parametrize("rate", ["建成率达到100%", "建设覆盖率100%", "覆盖率达到100%"])
def test_a_bare_rate_after_words_restates_them(codebook, rate):
    """"全市5个县区全部建成紧密型县域医共体，建设覆盖率100%": the rate is the coverage the words
    just gave, one observation."""
    text = ("某市“十三五”卫生健康事业发展总结\n\n“十三五”期间，全市卫生健康事业取得显著成效。"
            "全市5个县区全部建成紧密型县域医共体，" + rate + "。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2021-03-01", genre="review"))
    assert keys(stats) == [("county_medical_community_coverage", 100, 2020)]


@pytest.mark.parametrize(("count", "share", "expected"), [
    ("二级及以上公立医院门诊预约诊疗人次192.4万", "占门诊人次的63.5%", ("appointment_rate", 63.5, 2023)),
    ("基层医疗卫生机构门急诊人次312.6万", "占县域内门急诊总人次（538.9万）的58.0%",
     ("county_primary_visit_share", 58.0, 2023)),
])
def test_a_share_of_a_whole_after_a_count_in_wan_is_the_counts_share(codebook, count, share,
                                                                      expected):
    """"门诊预约诊疗人次192.4万，占门诊人次的63.5%": the unit word before the number makes
    192.4万 a count, and the share after it the share of what was counted."""
    text = "某县2023年卫生健康事业发展统计简报\n\n三、医疗服务\n" + count + "，" + share + "。\n"
    _, _, stats = read(codebook, text)
    assert expected in keys(stats)


def test_the_start_of_an_undated_change_is_of_no_year_the_text_names(codebook):
    """"十年来，…床位数从3.2张增至5.3张" in a review of 2022: 5.3 is the figure the text
    reports; 3.2 stands where the change set out, a year it does not name: no year (not 2022)."""
    text = ("【奋进新征程】十年来，某市每千人口床位数从3.2张增至5.3张\n"
            "2022-09-28 07:50  来源：某日报  记者 胡雯\n\n近日，记者从市卫生健康局获悉，"
            "全市每千人口医疗卫生机构床位数从2012年的3.2张增至2021年的5.3张。")
    _, _, stats = read(codebook, text)
    beds = [(t.value, t.target_year) for t in stats if t.indicator_id == "beds_per_1000"]
    assert (3.2, 2012) in beds and (5.3, 2021) in beds
    assert all(year in (None, 2012) for value, year in beds if value == 3.2)


def test_the_start_of_a_change_in_a_periods_review_is_of_the_periods_base_year(codebook):
    """"…由0.58张增加到0.74张" in a review of the 十三五 period, after a sentence on 2020: the
    change runs from the period's base, 2015, to 2020."""
    text = ("某市“十三五”卫生健康事业发展规划实施情况总结\n某市卫生健康委员会\n2021年3月\n\n"
            "二、主要成效\n（一）医疗资源总量持续增长。2020年末，全市医疗卫生机构床位达到9.92万张，"
            "比2015年增加2.3万张。每千人口公立中医类医院床位数由0.58张增加到0.74张。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2021-03-01"))
    assert sorted(keys(stats)) == [("public_tcm_beds_per_1000", 0.58, 2015),
                                   ("public_tcm_beds_per_1000", 0.74, 2020)]


@pytest.mark.parametrize(("item", "year"), [
    ("（七）健康素养。2023年居民健康素养水平28.7%，2022年为26.1%。", 2023),
    ("（七）健康素养。居民健康素养水平2022年为26.1%，2023年为28.7%。", 2023),
])
def test_a_year_dating_only_its_aside_does_not_date_the_next_item(codebook, item, year):
    """Items of a list under "…通报如下：": the year of an aside ("2022年为26.1%") dates its
    own value; the next item's undated figures stand in the sentence's own year."""
    text = ("某市2023年卫生健康事业发展情况\n2024-04-29 09:30 来源：某市卫生健康委员会\n"
            "2023年，全市卫生健康系统各项工作稳步推进。现将主要情况通报如下：\n"
            + item + "\n（八）家庭医生。全人群签约率43.9%，重点人群签约率84.2%。\n")
    _, _, stats = read(codebook, text)
    assert ("family_doctor_signing_rate", 43.9, year) in keys(stats)
    assert ("family_doctor_signing_rate_key", 84.2, year) in keys(stats)


@pytest.mark.parametrize(("compared", "year"), [("比2021年", 2021), ("比上年", 2021), ("较2021年", 2021)])
def test_the_figure_in_brackets_after_the_year_compared_with_is_that_years(codebook, compared, year):
    """"全市居民健康素养水平为23.9%，比2021年（21.7%）提高2.2个百分点": 21.7% is the same measure in
    the year it is compared with."""
    text = ("某市2022年卫生健康事业发展统计简报\n\n五、健康素养\n监测结果显示，全市居民健康素养水平为23.9%，"
            + compared + "（21.7%）提高2.2个百分点。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("health_literacy_rate", 21.7, year),
                                   ("health_literacy_rate", 23.9, 2022)]


def test_a_part_with_its_base_after_the_hospitals_takes_the_beds(codebook):
    """"每千人口中医类医院床位数1.19张，其中公立中医类医院每千人口0.97张": the part's beds per
    1,000, its base written after the hospitals."""
    text = ("某市2022年卫生健康事业发展统计简报\n\n一、卫生资源\n全市中医类医院床位9650张，每千人口中医类医院"
            "床位数1.19张，其中公立中医类医院每千人口0.97张。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("public_tcm_beds_per_1000", 0.97, 2022),
                                   ("tcm_beds_per_1000", 1.19, 2022)]


@pytest.mark.parametrize("sep", ["、", "，"])
def test_a_service_covering_one_group_then_another(codebook, sep):
    """"家庭医生签约服务覆盖全人群45.6%、重点人群89.3%": the second group takes the place of the
    first in what the service covers."""
    text = "某县卫生健康委员会2023年工作总结\n\n一、主要成效\n家庭医生签约服务覆盖全人群45.6%" + sep + "重点人群89.3%。\n"
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("family_doctor_signing_rate", 45.6, 2023),
                                   ("family_doctor_signing_rate_key", 89.3, 2023)]


def test_a_level_held_over_years_is_no_years_figure(codebook):
    """"全县县域内就诊率连续五年保持在90%以上，2021年达到93.5%": only 93.5% is a figure of a year."""
    text = ("【奋进新征程】十年来，某县医共体建设走在前列\n2022-09-30 08:00  来源：某日报\n\n"
            "作为全省首批县域医共体试点县，全县县域内就诊率连续五年保持在90%以上，2021年达到93.5%。\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [("county_visit_rate", 93.5, 2021)]


def test_an_undated_government_work_report_looks_back_on_the_year_before_its_title(codebook):
    """"徐闻县2023年政府工作报告" with no date: delivered early in 2023, its 过去一年 is 2022 and
    its 今年 2023."""
    text = ("某县2023年政府工作报告（摘要）\n过去一年，我们坚持人民至上，社会民生持续改善。每千人口医疗卫生"
            "机构床位数达到5.36张，家庭医生签约率35.2%。\n2023年，我们将重点做好以下工作：\n"
            "——提升医疗卫生服务水平。今年家庭医生签约率达到38%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 5.36, 2022),
                                   ("family_doctor_signing_rate", 35.2, 2022)]
    assert keys(targets) == [("family_doctor_signing_rate", 38, 2023)]


def test_within_the_year_in_a_section_on_a_past_year_is_that_years_result(codebook):
    """"年内新增全科医生12名，每万人口全科医生达到3.12人" under "一、2023年工作完成情况" in a
    report of January 2024: done within 2023, no deadline of the year ahead."""
    text = ("某市卫生健康局2023年工作总结和2024年工作思路\n发布日期：2024-01-12 信息来源：某市卫生健康局\n"
            "一、2023年工作完成情况\n（二）基层服务能力持续提升。年内新增全科医生12名，每万人口全科医生"
            "达到3.12人。\n二、2024年工作思路\n年内全市每万人口全科医生达到3.5人。\n")
    _, targets, stats = read(codebook, text)
    assert keys(stats) == [("gp_per_10000", 3.12, 2023)]
    assert keys(targets) == [("gp_per_10000", 3.5, 2024)]


def test_a_figure_then_this_is_its_name_and_this_figure_before(codebook):
    """"6.35张，这是2021年某市每千人口医疗卫生机构床位数，2012年这一数字仅为3.12张": the figure
    is named after it, and "这一数字" is that measure again."""
    text = ("某市：十年砥砺奋进 卫生健康事业成就回顾\n2022-09-20 来源：某日报\n\n"
            "——医疗资源不断扩充。6.35张，这是2021年某市每千人口医疗卫生机构床位数，2012年这一数字仅为"
            "3.12张。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 3.12, 2012), ("beds_per_1000", 6.35, 2021)]


def test_changes_after_a_comparison_set_out_from_its_year(codebook):
    """"截至今年8月底，…床位数达到5.96张，较2020年的4.87张增加1.09张；…医师由2.46人提高到2.93人" in
    September 2024: 2.46 is of 2020, as 4.87 is; 2.93 stands now."""
    text = ("某区卫生健康事业发展成效显著\n2024-09-27 09:18  来源：某日报  记者 韩冰\n\n"
            "近年来，某区卫生健康事业发展成效显著。记者从区卫生健康局了解到，截至今年8月底，全区每千人口"
            "医疗卫生机构床位数达到5.96张，较2020年的4.87张增加1.09张；每千人口执业（助理）医师由2.46人"
            "提高到2.93人。\n")
    _, _, stats = read(codebook, text)
    assert ("physicians_per_1000", 2.46, 2020) in keys(stats)
    assert ("physicians_per_1000", 2.93, 2024) in keys(stats)
    assert ("beds_per_1000", 4.87, 2020) in keys(stats)


def test_a_mid_term_review_opening_on_its_own_year_reports_the_year_before(codebook):
    """"2023年，市卫生健康委组织对《…“十四五”…规划》实施情况进行中期评估" in a review of December
    2023: its undated figures are 2022's, the latest year it names inside the period before its
    own."""
    text = ("某市“十四五”卫生健康事业发展规划中期评估报告（摘要）\n发布时间：2023-12-08  来源：市卫生健康委\n"
            "2023年，市卫生健康委组织对《某市“十四五”卫生健康事业发展规划》实施情况进行中期评估。"
            "现将评估情况报告如下。\n一、主要指标完成情况\n指标名称\t2020年\t2022年\t2025年目标\t评估结论\n"
            "每千人口注册护士（人）\t2.67\t3.02\t3.6\t滞后\n二、主要成效\n（一）优质资源扩容。市立医院"
            "新院区建成投用。二级及以上公立医疗机构电子病历系统应用水平平均达到3.5级。\n")
    _, _, stats = read(codebook, text)
    assert ("emr_level", 3.5, 2022) in keys(stats)


@pytest.mark.parametrize("headline", ["某县召开2024年全县卫生健康工作会议",
                                      "2024年度全市卫生健康工作大会召开",
                                      "某区2024年卫生健康工作会议胜利召开"])
def test_undated_news_of_a_years_work_conference_speaks_in_that_year(codebook, headline):
    """A year's work conference opens its year: undated news of it sums up the year before
    (2023年…达到89.6% is a result) and its 今年 is the title's year."""
    text = (f"{headline}\n3月2日，会议总结2023年工作，部署今年重点任务。\n"
            "会议指出，2023年全县县域内就诊率达到89.6%，重点人群家庭医生签约率81.2%。\n"
            "会议要求，今年全县县域内就诊率力争达到91%，重点人群家庭医生签约率提高到88%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("county_visit_rate", 91, 2024),
                                     ("family_doctor_signing_rate_key", 88, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 89.6, 2023),
                                   ("family_doctor_signing_rate_key", 81.2, 2023)]


@pytest.mark.parametrize(("section", "item"), [
    ("一、2024年工作情况", "（一）“十四五”目标任务全面完成。"),
    ("一、2024年工作开展情况", "（一）年度目标圆满完成。"),
    ("一、2024年工作情况", "（一）重点任务如期完成。"),
])
def test_a_years_work_situation_reports_even_under_an_item_of_completed_goals(
        codebook, section, item):
    """"一、2024年工作情况" of a December report looks back; an item under it that says its
    目标/任务 were 全面完成 reports too (its 目标 is a name, as in 深入实施)."""
    text = ("某县卫生健康局2024年工作总结和2025年工作打算\n2024年12月6日\n\n"
            f"{section}\n{item}全县每千人口医疗卫生机构床位数7.35张，"
            "全人群家庭医生签约率46.2%。\n"
            "二、2025年工作打算\n一是全人群家庭医生签约率达到50%；二是县域内就诊率达到92%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 7.35, 2024),
                                   ("family_doctor_signing_rate", 46.2, 2024)]
    assert sorted(keys(targets)) == [("county_visit_rate", 92, 2025),
                                     ("family_doctor_signing_rate", 50, 2025)]


def test_a_list_of_items_opened_on_this_years_goal_goes_on_with_it(codebook):
    """A January work report's list: "——今年全市县域内就诊率达到90%；" then "——每万人口全科
    医生数达到3.8人；": the items after the first are this year's goals too, not results."""
    text = ("某市政府工作报告\n——2024年1月8日在某市人民代表大会上\n\n"
            "过去一年，全市每万人口全科医生数达到3.56人，居民健康素养水平提高到27.3%。\n\n"
            "加快建设健康某市：\n——今年全市县域内就诊率达到90%；\n——每万人口全科医生数达到3.8人；\n"
            "——居民健康素养水平保持在28%以上。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("county_visit_rate", 90, 2024), ("gp_per_10000", 3.8, 2024),
                                     ("health_literacy_rate", 28, 2024)]
    assert sorted(keys(stats)) == [("gp_per_10000", 3.56, 2023),
                                   ("health_literacy_rate", 27.3, 2023)]


@pytest.mark.parametrize("title", ["某区政府工作报告（摘要）", "政府工作报告"])
def test_an_undated_government_work_report_speaks_in_the_year_after_its_review(codebook, title):
    """"某区政府工作报告" with no date, opening on "2022年，全区…": delivered early in 2023; its
    2022 figures are results and its 今年 tasks 2023's goals."""
    text = (f"{title}\n\n2022年，全区卫生健康事业稳步发展。每千常住人口医疗卫生机构床位数达到4.05张，"
            "居民健康素养水平达到36.1%。\n\n今年是开局之年。我们将加快补齐医疗资源短板：每千常住人口"
            "医疗卫生机构床位数提高到4.3张；居民健康素养水平达到38%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("beds_per_1000", 4.3, 2023), ("health_literacy_rate", 38, 2023)]
    assert sorted(keys(stats)) == [("beds_per_1000", 4.05, 2022),
                                   ("health_literacy_rate", 36.1, 2022)]


def test_a_work_report_opening_on_the_year_ahead_is_not_dated_by_it(codebook):
    """"2023年，我们将…" opens on the year ahead, not on a year reviewed."""
    from analysis.extract.genre import document_kind

    text = "某区政府工作报告\n\n2023年，我们将着力保障和改善民生，居民健康素养水平达到38%。\n"
    assert document_kind(text, None).reference_date != "2024-01"


@pytest.mark.parametrize(("text", "target"), [
    ("全市居民健康素养水平力争达到36%，比上年提高1.5个百分点。", ("health_literacy_rate", 36.0)),
    ("今年，重点人群家庭医生签约率争取达到82%，较上年提高2个百分点。",
     ("family_doctor_signing_rate_key", 82.0)),
])
def test_a_value_striven_for_beside_last_years_is_a_goal(codebook, text, target):
    """力争/争取 before the value, in a work report's plan for the year: the rise over last
    year is the one planned, not one reported (a report of it, "…达到36%，比上年提高1.5个百分点", stays a statistic)."""
    head = "某市卫生健康委2024年工作总结和2025年工作计划\n二、2025年工作计划\n（一）"
    found = read(codebook, head + text, DocContext(issued_on="2025-02-10"))
    assert keys(found[1]) == [(*target, 2025)]
    reported = read(codebook, "2024年，全市居民健康素养水平达到36%，比上年提高1.5个百分点。",
                    DocContext(issued_on="2025-02-10"))
    assert keys(reported[1]) == [] and keys(reported[2]) == [("health_literacy_rate", 36.0, 2024)]


@pytest.mark.parametrize("word", ["明年", "今年"])
def test_a_summary_with_next_years_plan_means_that_year_by_next_year(codebook, word):
    """"2023年工作总结和2024年工作思路" plans one year: its 今年 (said in 2024) and its 明年
    (said in 2023) are both 2024; its review's figures are of 2023."""
    text = ("某区卫生健康局2023年工作总结和2024年工作思路\n一、2023年工作回顾\n"
            "全年全区每千常住人口床位数达到5.2张。\n二、2024年工作思路\n"
            f"（一）{word}力争重点人群家庭医生签约率达到80%。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("family_doctor_signing_rate_key", 80.0, 2024)]
    assert keys(stats) == [("beds_per_1000", 5.2, 2023)]


@pytest.mark.parametrize("heading", ["（四）健康中国行动", "（四）实施健康某市行动"])
def test_a_campaigns_name_in_a_reviews_heading_does_not_look_forward(codebook, heading):
    """健康中国行动 / 健康某市行动 name a campaign: under the year's summary its item reports
    (the 行动 is no task ahead); the plan's section after it still sets goals."""
    text = ("某市卫生健康委员会2024年工作总结和2025年工作安排\n一、2024年工作总结\n"
            "（一）医疗资源。年末每千常住人口床位数6.7张。\n"
            f"{heading}。全市居民健康素养水平达到38.2%，连续多年稳步提升。\n"
            "二、2025年工作安排\n1.全市居民健康素养水平稳定在39%以上。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-12-28"))
    assert keys(targets) == [("health_literacy_rate", 39.0, 2025)]
    assert ("health_literacy_rate", 38.2, 2024) in keys(stats)



@pytest.mark.parametrize(("region", "whole"), [("东城区", "全区"), ("平谷县", "全县")])
def test_a_districts_clause_opening_on_the_whole_city_is_the_citys(codebook, region, whole):
    """"全区…签约率41.6%，全市为40.9%" in a district's (or a county's) bulletin: the city's
    figure, not the district's; a county-level city's 全市 is its own."""
    text = (f"{region}2023年卫生健康事业发展简报\n"
            f"2023年，{whole}卫生健康事业平稳发展。主要指标如下：\n"
            f"1.{whole}常住居民家庭医生签约率41.6%，全市为40.9%。\n"
            f"2.{whole}居民健康素养水平38.8%；全市居民健康素养水平40.1%。\n")
    ctx = DocContext(issued_on="2024-04-28", regions=("某市", "某省"))  # (no manifest)
    _, _, stats = read(codebook, text, ctx)
    assert keys(stats) == [("family_doctor_signing_rate", 41.6, 2023),
                           ("health_literacy_rate", 38.8, 2023)]
    own = read(codebook, "新密市2023年卫生健康事业发展简报\n2023年，全市卫生健康事业平稳发展。"
               "主要指标如下：\n1.全市常住居民家庭医生签约率40.9%。\n", ctx)
    assert keys(own[2]) == [("family_doctor_signing_rate", 40.9, 2023)]


@pytest.mark.parametrize("part", ["其中，城关镇居民健康素养水平达到41.3%。",
                                  "其中西湖街道居民健康素养水平达到41.3%。",
                                  "其中，桥头乡居民健康素养水平达到41.3%。"])
def test_a_town_or_street_named_as_a_part_is_not_the_whole(codebook, part):
    """"其中，城关镇…", "其中西湖街道…": a town's or a street's figure, a part of the whole
    the bulletin speaks for."""
    text = f"某县2023年卫生健康统计简报\n2023年，全县居民健康素养水平32.6%。{part}\n"
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-03-01"))
    assert keys(stats) == [("health_literacy_rate", 32.6, 2023)]


@pytest.mark.parametrize(("sentence", "last_year"), [
    ("全区重点人群家庭医生签约率82.7%，较上年80.1%提高2.6个百分点。",
     ("family_doctor_signing_rate_key", 80.1, 2022)),
    ("全区居民健康素养水平35.2%，比去年33.0%上升2.2个百分点。", ("health_literacy_rate", 33.0, 2022)),
])
def test_the_value_compared_with_last_year_is_that_years(codebook, sentence, last_year):
    """"…82.7%，较上年80.1%提高2.6个百分点": the value right after 较上年, then the change,
    is the measure's own of the year before."""
    text = f"某区2023年卫生健康统计简报\n2023年，{sentence}\n"
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-03-01"))
    assert last_year in keys(stats) and len(keys(stats)) == 2
