"""Target rules found on a blind corpus (dev6), each tested on our own varied sentences:
title years of issuing notices, section years of work reports, other bodies' goals quoted,
ratios written the other way round, sub-items (其中) and lost % signs.
None of these sentences is copied from a corpus.
"""

from __future__ import annotations

import pytest

from analysis.extract.rules import DocContext, assign_indicators, extract_document
from reading import keys, read


def _targets(codebook, text, ctx=None):
    return sorted(keys(read(codebook, text, ctx)[1]))


@pytest.mark.parametrize(("text", "expected"), [
    ("医护比例方面，到2025年护医比达到1.3:1。", [("physician_nurse_ratio", 1.3, 2025)]),
    ("到2026年，全县护士与医师之比不低于1.15∶1。", [("physician_nurse_ratio", 1.15, 2026)]),
    ("到2025年，医护比达到1:1.25。", [("physician_nurse_ratio", 1.25, 2025)]),
    ("到2025年，二级医院床护比不低于1:0.6。", []),  # 床护比 is no core indicator either way
])
def test_role_pair_ratio_in_either_order(codebook, text, expected):
    assert _targets(codebook, "现将方案印发给你们。" + text, DocContext(issued_on="2023-02-01")) \
        == expected


def test_issuing_notice_names_the_work_plan_and_its_year(codebook):
    text = ("某县卫生健康局关于印发《某县2025年基层卫生工作要点》的通知\n某卫发〔2025〕2号\n"
            "2025-03-03 来源：办公室\n各乡镇卫生院：\n　　现将《某县2025年基层卫生工作要点》"
            "印发给你们，请认真贯彻落实。\n某县2025年基层卫生工作要点\n"
            "　　1.做实签约服务，重点人群家庭医生签约率保持在80%以上。\n"
            "　　2.预约诊疗率达到65%以上。\n")
    assert _targets(codebook, text) == [("appointment_rate", 65, 2025),
                                        ("family_doctor_signing_rate_key", 80, 2025)]


def test_forward_section_of_a_work_report_dates_its_targets(codebook):
    text = ("某市政府工作报告\n发布时间：2024-01-20\n一、2023年工作回顾\n"
            "县域内就诊率达到90.2%。\n二、2024年工作安排\n"
            "　　推进健康某市建设，居民健康素养水平提高到31%以上。\n")
    found = extract_document(text, DocContext())
    assert found.kind.genre == "work_report"
    assert _targets(codebook, text) == [("health_literacy_rate", 31, 2024)]


@pytest.mark.parametrize("quote", [
    "相邻的城市某某提出到2025年每千人口床位数达到8.4张，",
    "周边城市规划到2025年每千人口床位数达到8.4张，",
    "兄弟城市某某市确定的目标是到2025年每千人口床位数达到8.4张，",
])
def test_a_neighbours_goal_is_no_target(codebook, quote):
    text = ("本报讯 某市卫生规划日前印发。\n2022-03-01\n规划提出，到2025年，全市每千人口床位数"
            "达到7.5张。此前，" + quote + "我市将结合实际稳步推进。")
    assert _targets(codebook, text) == [("beds_per_1000", 7.5, 2025)]


def test_a_goal_cited_from_a_national_document_is_no_target(codebook):
    text = ("现将实施意见印发给你们。\n国家《“十四五”卫生健康人才发展规划》提出，到2025年每万人口"
            "全科医生数达到3.93人。结合我市实际，到2025年，全市每万人口全科医生数达到4.2人。")
    assert _targets(codebook, text, DocContext(issued_on="2022-09-01", level="municipal")) == [
        ("gp_per_10000", 4.2, 2025)]



@pytest.mark.parametrize("citation", [
    "国家规划提出，",
    "国家卫生健康委印发的有关文件要求，",
    "省卫健委出台的方案中明确，",
    "全省规划里提出：",
])
def test_a_goal_cited_from_another_body_by_its_document_kind_is_no_target(codebook, citation):
    text = ("现将实施方案印发给你们。\n" + citation + "到2025年每千人口注册护士数达到3.8人，"
            "医护比达到1:1.2。结合本市实际，到2025年，全市每千人口注册护士数达到3.4人，"
            "医护比达到1:1.15。")
    assert _targets(codebook, text, DocContext(issued_on="2023-05-01", level="municipal")) == [
        ("nurses_per_1000", 3.4, 2025), ("physician_nurse_ratio", 1.15, 2025)]


def test_the_citys_own_plan_stating_its_goal_stays_a_target(codebook):
    text = ("现将实施方案印发给你们。\n本市规划提出，到2025年，每万人口全科医生数达到4.5人。")
    assert _targets(codebook, text, DocContext(issued_on="2023-05-01", level="municipal")) == [
        ("gp_per_10000", 4.5, 2025)]

@pytest.mark.parametrize(("text", "expected"), [
    ("到2025年，县域内就诊率达到92 以上，基本实现大病不出县。", [("county_visit_rate", 92, 2025)]),
    ("到2026年，预约诊疗率提高到60 以上。", [("appointment_rate", 60, 2026)]),
    ("到2025年，每千人口床位数达到6 以上。", []),  # no rate: a number without its unit stays
])
def test_rate_whose_percent_sign_a_pdf_lost_before_yishang(codebook, text, expected):
    assert _targets(codebook, "现将规划印发给你们。" + text, DocContext(issued_on="2021-11-01")) \
        == expected


def test_a_sub_item_after_a_target_is_a_target(codebook):
    text = ("某市医疗机构设置规划（2021—2025年）\n二、床位配置\n每千常住人口中医类医院床位数达到0.9张，\n"
            "其中每千常住人口公立中医类医院床位数0.75张。\n三、其他\n全市二级医院床位1200张。\n")
    assert _targets(codebook, text, DocContext(issued_on="2021-11-01")) == [
        ("public_tcm_beds_per_1000", 0.75, 2025), ("tcm_beds_per_1000", 0.9, 2025)]


@pytest.mark.parametrize(("text", "targets", "stats"), [
    # a November report: 今年 with a word of intent is a goal, 今年以来 a report
    ("今年全市力争居民健康素养水平达到30%，明年达到32%。",
     [("health_literacy_rate", 30, 2022), ("health_literacy_rate", 32, 2023)], []),
    ("今年以来，全市居民健康素养水平达到29.1%。", [], [("health_literacy_rate", 29.1, 2022)]),
    ("预约诊疗率将由今年的55.5%提高到明年的62%。",
     [("appointment_rate", 62, 2023)], [("appointment_rate", 55.5, 2022)]),
])
def test_this_year_and_next_year_in_a_late_news_report(codebook, text, targets, stats):
    head = "某市卫生健康工作会议召开\n20221125 08:10 来源：某某日报\n本报讯 "
    found = extract_document(head + text, DocContext())
    got_t = sorted((t.indicator_id, t.value, t.target_year)
                   for t in assign_indicators(found.targets, codebook) if t.indicator_id)
    got_s = sorted((t.indicator_id, t.value, t.target_year)
                   for t in assign_indicators(found.statistics, codebook) if t.indicator_id)
    assert (got_t, got_s) == (targets, stats)


def test_the_place_a_news_head_names_is_the_documents_own(codebook):
    regions = ("宜宾市", "泸州市", "四川省")
    text = ("宜宾市印发医共体建设方案\n2023-05-06 来源：某某网\n本报讯 近日，市政府办公室印发方案，"
            "提出到2025年宜宾市县域内基层门急诊人次占比稳定在六成以上。此前，泸州市提出到2025年"
            "县域内就诊率达到92%。")
    assert _targets(codebook, text, DocContext(regions=regions)) == [
        ("county_primary_visit_share", 60, 2025)]


@pytest.mark.parametrize(("text", "value"), [
    ("占比稳定在六成以上，", 60.0), ("超过七成的乡镇卫生院", 70.0), ("一成不变", None),
    ("统一成立医共体", None), ("建成三个中心", None)])
def test_tenths_in_chinese_are_percentages(text, value):
    from analysis.extract.numbers import find_values

    got = [v.value for v in find_values(text) if v.unit == "%"]
    assert got == ([value] if value is not None else [])


def test_a_count_after_a_creating_verb_and_a_comparator(codebook):
    text = ("现将方案印发给你们。\n每年选派不少于200人次城市医务人员到乡镇卫生院服务；"
            "县域医共体信息平台实现全覆盖。")
    found = extract_document(text, DocContext(issued_on="2022-03-01"))
    rows = [t for t in assign_indicators(found.targets, codebook) if t.indicator_id]
    assert [(t.indicator_id, t.value, t.comparator, t.annual) for t in rows] == [
        ("staff_sent_down_per_year", 200, ">=", True)]  # an information platform is no 医共体


@pytest.mark.parametrize(("text", "expected"), [
    # the count of places that all commit does not stop the words
    ("年内全县21所乡镇卫生院全部达到服务能力基本标准，新增3所达到推荐标准。",
     [("primary_basic_standard_share", 100, 2024)]),
    # a rate restating the words right after them: one target, not two
    ("到2026年，所辖6个县全部建成紧密型县域医共体，建成率达到100%。",
     [("county_medical_community_coverage", 100, 2026)]),
    # a 100% of another indicator after the words leaves them alone
    ("到2025年，县级中医医院全部达到国家推荐标准，100%的乡镇卫生院设置中医馆。",
     [("county_tcm_hospital_recommended_standard_share", 100, 2025)]),
])
def test_commitments_in_words_beside_counts_and_rates(codebook, text, expected):
    assert _targets(codebook, "现将要点印发给你们。" + text,
                    DocContext(issued_on="2024-02-10")) == expected


def test_words_under_a_plans_forward_heading_take_its_horizon(codebook):
    text = ("某市“十四五”医疗卫生服务体系规划（2021-2025年）\n一、发展基础\n"
            "全市二级以上公立综合医院均设置老年医学科的工作已经起步。\n三、资源配置\n"
            "（二）专科建设。二级以上公立综合医院均设置老年医学科，三级综合医院设置康复医学科。\n")
    assert _targets(codebook, text, DocContext(issued_on="2022-01-06")) == [
        ("geriatrics_department_share", 100, 2025)]


@pytest.mark.parametrize(("text", "expected"), [
    # every clause of a sentence that opens on the present reports
    ("目前，全市已有18所二级及以上公立综合医院设立老年医学科，占比为62.1%。", []),
    ("当前，全县县域内就诊率为86.4%，距离目标仍有差距。", []),
    # ... unless a deadline comes before the value
    ("目前，全县县域内就诊率为86.4%，到2025年力争达到90%。", [("county_visit_rate", 90, 2025)]),
    ("目前我市正加快医共体建设，到2026年县域内就诊率达到92%。", [("county_visit_rate", 92, 2026)]),
])
def test_a_sentence_that_opens_on_the_present_reports(codebook, text, expected):
    doc = "某市“十四五”老年健康服务体系建设实施方案\n一、总体情况\n" + text
    assert _targets(codebook, doc, DocContext(issued_on="2023-04-01")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a goal met, said after the value
    ("全县重点人群签约率达到83.5%，均达到或超过市里下达的任务指标。", []),
    ("县域内就诊率达到91.2%，超额完成省定目标。", []),
    # ... but a deadline before the value makes it a goal still to meet
    ("到2025年，县域内就诊率达到92%，完成省定目标任务。", [("county_visit_rate", 92, 2025)]),
])
def test_a_goal_met_after_the_value_reports(codebook, text, expected):
    doc = "某县卫生健康工作推进会召开\n2023-11-30 来源：县融媒体中心\n" + text
    assert _targets(codebook, doc) == expected


def test_an_undated_number_in_a_news_headline_reports(codebook):
    doc = ("某县：医共体建设成效显著 县域内就诊率达91.6%\n2023-12-10 09:30 来源：某日报\n"
           "记者 张三\n近年来，某县以紧密型县域医共体建设为抓手，组建两个医疗健康集团，"
           "群众在家门口就能看好病。\n"
           "下一步，某县将力争到2025年县域内住院人次占比达到85%，让群众看病就医更方便。\n")
    _, targets, stats = read(codebook, doc)
    assert keys(targets) == [("county_inpatient_share", 85, 2025)]
    assert [(t.indicator_id, t.value) for t in stats] == [("county_visit_rate", 91.6)]


def test_a_dated_goal_in_a_news_headline_stays_a_target(codebook):
    doc = ("某市：到2026年县域内就诊率达到92%\n2023-12-10 来源：某日报\n"
           "日前，某市印发《某市紧密型县域医共体建设实施方案》，提出到2026年县域内就诊率达到92%。")
    # the headline and the lead both state it
    assert _targets(codebook, doc) == [("county_visit_rate", 92, 2026)] * 2


@pytest.mark.parametrize(("text", "expected"), [
    ("二级及以上公立综合医院普遍设立老年医学科，到2025年设置比例达到85%。",
     [("geriatrics_department_share", 85, 2025)]),
    ("各县区加快建设紧密型县域医共体，到2025年建成比例达到90%。",
     [("county_medical_community_coverage", 90, 2025)]),
])
def test_a_bare_measure_with_its_verb_continues_the_clause_before(codebook, text, expected):
    doc = "某市“十四五”卫生健康规划\n第三章 主要任务\n（一）推进资源下沉。" + text
    assert _targets(codebook, doc, DocContext(issued_on="2022-01-01")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a change with a bound after the value is part of the goal
    ("今年，全市居民健康素养水平达到31%，较上年提高2个百分点以上。", [("health_literacy_rate", 31, 2024)]),
    # a plain change after it reports
    ("2023年，全市居民健康素养水平达到29.4%，较上年提高1.8个百分点。", []),
])
def test_a_change_after_the_value_reports_unless_it_is_bounded(codebook, text, expected):
    doc = "某市卫生健康委员会2024年工作要点\n发布时间：2024-02-20\n一、主要目标\n" + text
    assert _targets(codebook, doc) == expected


def test_a_share_runs_parallel_to_the_value_free_predicate_just_before(codebook):
    text = ("某省“十四五”中医药发展规划\n二、发展目标\n到2025年，每千人口公立中医类医院床位数达到0.78张；"
            "全部县级中医医院达到医疗服务能力基本标准，65%达到推荐标准。")
    assert _targets(codebook, text, DocContext(issued_on="2022-01-01")) == [
        ("county_tcm_hospital_recommended_standard_share", 65, 2025),
        ("public_tcm_beds_per_1000", 0.78, 2025)]


_NEWS_HEAD = ("某县：基层医疗再发力\n2024-03-12 10:15 来源：某日报\n记者 李四\n"
              "近年来，某县持续推进紧密型县域医共体建设，群众就医更加便捷，基层服务能力稳步提升。\n")


@pytest.mark.parametrize(("speech", "expected"), [
    # a speaker committing the body: 将/要/力争 before the value; this year's count
    ("“今年，县人民医院将选派医务人员下沉乡镇卫生院不少于260人次。”县卫健局负责人介绍。",
     [("staff_sent_down_per_year", 260, 2024)]),
    ("“明年，全县县域内就诊率要力争达到92%。”县卫健局负责人说。",
     [("county_visit_rate", 92, 2025)]),
    # a speaker reporting: no target
    ("“去年，全县县域内就诊率达到89.5%。”县卫健局负责人说。", []),
    # a speaker reporting, then the goal for what was just reported
    ("“去年我们县域内基层门急诊人次占比是58.7%，目标是到2025年提高到65%。”县卫健局负责人说。",
     [("county_primary_visit_share", 65, 2025)]),
])
def test_quoted_speech_that_commits_is_a_target(codebook, speech, expected):
    assert _targets(codebook, _NEWS_HEAD + speech + "\n") == expected


@pytest.mark.parametrize(("head", "speech", "expected"), [
    # next year's figure is a goal, said in any month
    ("2024-03-12", "主任：“我们提出，明年全县每万人口全科医生达到4人。”",
     [("gp_per_10000", 4, 2025)]),
    ("2024-11-20", "主任：“明年全县每万人口全科医生达到4人。”", [("gp_per_10000", 4, 2025)]),
    # this year's, said early in the year, is its goal (a number in words too)
    ("2024-01-09", "主任：“今年全县所有二级以上医院接入平台，预约诊疗比例达到百分之六十五。”",
     [("appointment_rate", 65, 2024)]),
    # ... not late in the year, nor what has been done so far
    ("2024-11-20", "主任：“今年全县预约诊疗比例达到65%。”", []),
    ("2024-03-12", "主任：“今年以来，全县预约诊疗比例达到65%。”", []),
])
def test_quoted_speech_of_next_year_or_early_this_year_is_a_goal(codebook, head, speech,
                                                                 expected):
    """An official's words in quotes with no 将/要: "“明年全市每万人口全科医生达到4人”" states a
    goal; so does "今年…达到…" said in the first half of the year."""
    text = _NEWS_HEAD.replace("2024-03-12", head) + speech + "\n"
    assert _targets(codebook, text) == expected


def test_a_count_after_this_year_is_the_per_year_count_of_that_year(codebook):
    text = ("某县卫生健康局2024年工作要点\n发布时间：2024-02-01\n一、主要目标\n"
            "今年，县级医院下沉乡镇卫生院的医务人员不少于180人次。\n")
    _, targets, _ = read(codebook, text)
    assert [(t.indicator_id, t.value, t.target_year, t.annual) for t in targets] == [
        ("staff_sent_down_per_year", 180, 2024, True)]


def test_a_count_done_as_planned_reports(codebook):
    text = _NEWS_HEAD + "今年，两大医疗集团共下沉医务人员1360人次，完成年度计划的113%。\n"
    assert _targets(codebook, text) == []


def test_a_plan_with_one_deadline_dates_its_undated_targets(codebook):
    text = ("某市人民政府关于进一步完善医疗卫生服务体系的实施意见\n某政发〔2023〕9号\n"
            "一、主要目标\n到2025年，每千常住人口医疗卫生机构床位数达到7.6张。\n"
            "二、优化人力资源配置\n床医比达到1:0.62，医护比提高到1:1.3以上。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-06-01"))
    assert keys(targets) == [("beds_per_1000", 7.6, 2025), ("bed_physician_ratio", 0.62, 2025),
                             ("physician_nurse_ratio", 1.3, 2025)]
    assert [t.year_source for t in targets] == ["sentence", "plan deadline", "plan deadline"]


def test_a_plan_with_two_deadlines_leaves_undated_targets_undated(codebook):
    text = ("某市人民政府关于进一步完善医疗卫生服务体系的实施意见\n某政发〔2023〕9号\n"
            "一、主要目标\n到2025年，每千常住人口医疗卫生机构床位数达到7.6张；到2030年达到8张。\n"
            "二、优化人力资源配置\n床医比达到1:0.62。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-06-01"))
    assert ("bed_physician_ratio", 0.62, None) in keys(targets)


def test_a_summary_of_the_last_plan_period_is_a_review(codebook):
    text = ("某县“十三五”卫生健康事业发展总结\n某县卫生健康局\n2020年12月\n"
            "“十三五”期间，全县卫生健康事业发展取得显著成效，群众看病就医更加便捷。\n"
            "一、资源总量持续增加。到“十三五”末，全县每千人口医疗卫生机构床位数达到6.4张。\n"
            "二、服务能力不断提升。县级医院服务能力明显增强，基层服务网络更加健全。\n"
            "三、下一步打算。到2025年，全县卫生健康服务体系更加完善，群众健康水平持续提高。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert keys(stats) == [("beds_per_1000", 6.4, 2020)]


_GOALS_PLAN = ("某县卫生健康事业发展“十四五”规划\n第一章 发展基础\n“十三五”期间，全县卫生健康事业稳步发展。\n"
               "第二章 发展目标\n（二）具体目标。\n——资源配置更加合理。每千人口医疗卫生机构床位数达到5.9张；"
               "每千人口康复床位数0.32张。\n——分级诊疗更加完善。县域内就诊率90%以上，县域内住院人次占比"
               "84%。\n第三章 主要任务\n（一）优化资源。全县康复医院床位数120张。\n")


def test_verbless_values_under_a_plans_goals_heading_are_targets(codebook):
    assert _targets(codebook, _GOALS_PLAN, DocContext(issued_on="2021-12-01")) == [
        ("beds_per_1000", 5.9, 2025), ("county_inpatient_share", 84, 2025),
        ("county_visit_rate", 90, 2025), ("rehab_beds_per_1000", 0.32, 2025)]


@pytest.mark.parametrize(("when", "year"), [("明年年底前", 2023), ("今年年底前", 2022), ("年底前", 2022)])
def test_year_end_after_a_relative_year_is_of_that_year(codebook, when, year):
    text = (_NEWS_HEAD.replace("2024-03-12", "2022-03-28") + "规划提出，" + when
            + "，全市所有县（市、区）均建成紧密型县域医共体。\n")
    assert _targets(codebook, text) == [("county_medical_community_coverage", 100, year)]


def test_a_handful_of_doctors_posted_per_hospital_is_no_count_sent_down(codebook):
    text = ("某市医疗服务能力提升三年行动计划\n一、主要目标\n到2025年，三级医院每年向县级医院派驻医师"
            "不少于2-3名，每年下沉医务人员1000人次以上。\n")
    assert _targets(codebook, text, DocContext(issued_on="2023-06-01")) == [
        ("staff_sent_down_per_year", 1000, None)]


@pytest.mark.parametrize(("text", "issued_on", "expected"), [
    # an official briefing the press on the year's results, the page's date unknown
    ("市卫健委主任介绍，2023年，全市每千人口执业（助理）医师达到3.05人，县域内就诊率达到91.1%。",
     None, []),
    ("记者了解到，全市2023年全年派驻城市医院医务人员下沉基层2080人次。", None, []),
    ("据介绍，“十三五”时期，全市每万人口全科医生数达到3.05人。", "2021-05-01", []),
    # ... and on what the body will do, or the plan it reports
    ("市卫健委主任介绍，今年全市县域内就诊率要力争达到92%。", "2024-01-16",
     [("county_visit_rate", 92, 2024)]),
    ("记者从市卫生健康委获悉，规划明确，到“十四五”末，全市每万人口全科医生数4.5人。", "2022-01-16",
     [("gp_per_10000", 4.5, 2025)]),
])
def test_results_an_official_briefs_are_no_targets(codebook, text, issued_on, expected):
    doc = "某市卫健委召开新闻发布会\n\n某网讯（记者 王五）1月16日，某市卫健委召开新闻发布会。\n\n" + text
    assert _targets(codebook, doc, DocContext(issued_on=issued_on)) == expected


def test_news_of_results_with_the_goals_of_the_year_it_speaks_in(codebook):
    doc = ("某市卫生健康局：办好卫生健康民生实事\n来源：某市人民政府网 2024-01-20\n"
           "2023年，某市卫生健康局扎实推进各项工作，取得明显成效。\n"
           "截至年末，全市每千人口医疗卫生机构床位数达到6.61张。\n"
           "医共体建设成效明显，全年县域内就诊率达到89.4%。\n"
           "2024年，某市将继续巩固医共体建设成果，县域内就诊率力争达到90.5%。\n")
    found, targets, stats = read(codebook, doc)
    assert found.kind.genre == "news_of_plan"
    assert keys(targets) == [("county_visit_rate", 90.5, 2024)]
    assert {(t.indicator_id, t.value) for t in stats} >= {("beds_per_1000", 6.61),
                                                         ("county_visit_rate", 89.4)}


def test_an_unnumbered_goals_title_of_a_work_report_opens_its_forward_section(codebook):
    doc = ("某市政府工作报告（摘要）\n2024年2月2日在某市第三届人民代表大会第四次会议上\n"
           "过去一年，我们坚持民生为本，社会事业全面进步，县域内就诊率达到88.6%。\n"
           "2024年主要目标任务……\n"
           "（五）增进民生福祉。县域内就诊率达到90%，所有乡镇卫生院全部达到国家基本标准。\n")
    found, targets, _ = read(codebook, doc)
    assert found.kind.genre == "work_report"
    assert keys(targets) == [("county_visit_rate", 90, 2024),
                             ("primary_basic_standard_share", 100, 2024)]


@pytest.mark.parametrize(("title", "expected"), [
    # a district's 全区 is itself
    ("某市某某区智慧医疗建设实施方案", [("emr_level", 4, 2025)]),
    # a spam line with 一区二区 names no district: a city plan's 全区 is its autonomous region
    ("精品一区二区三区在线观看_热门推荐\n某市智慧医疗建设实施方案", []),
])
def test_a_districts_own_title_makes_its_whole_district_its_own(codebook, title, expected):
    text = (title + "\n为提升区域医疗服务智能化水平，制定本方案。\n一、工作目标\n"
            "到2025年，全区二级及以上公立医疗机构电子病历系统应用水平达到四级以上。\n")
    assert _targets(codebook, text, DocContext(issued_on="2024-05-01")) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2025年，县人民医院、县中医医院均达到国家医疗服务能力推荐标准。",
     [("county_hospital_recommended_standard_share", 100, 2025),
      ("county_tcm_hospital_recommended_standard_share", 100, 2025)]),
    ("每年下沉人数不少于300人次。", [("staff_sent_down_per_year", 300, None)]),
    ("每年选派120人次城市医生下乡服务。", [("staff_sent_down_per_year", 120, None)]),
])
def test_short_names_of_the_county_hospital_and_of_staff_sent_down(codebook, sentence, expected):
    text = "某县医共体建设实施方案\n一、工作目标\n" + sentence + "\n"
    assert _targets(codebook, text, DocContext(issued_on="2023-05-01")) == expected


_WORK_PLAN = ("某市卫生健康委员会\n关于印发2025年全市卫生健康工作要点的通知\n\n"
              "各县（市、区）卫生健康局：\n　　现将《2025年全市卫生健康工作要点》印发给你们。\n\n"
              "2025年全市卫生健康工作要点\n\n一、深化医药卫生体制改革\n")


@pytest.mark.parametrize(("item", "expected"), [
    # a change verb, its object, then 至 the level it is raised to
    ("3. 提升二级以上医院预约诊疗率至70%。", [("appointment_rate", 70.0, 2025)]),
    ("4. 提高全市居民健康素养水平到33%。", [("health_literacy_rate", 33.0, 2025)]),
    # building on results (巩固…成效) is a task ahead, not a look back
    ("1. 巩固提升医共体建设成效，所有县（市、区）建成紧密型县域医共体。",
     [("county_medical_community_coverage", 100.0, 2025)]),
    # 截至 is a date, not a level
    ("5. 截至6月底，全面完成医共体建设评估。", []),
])
def test_items_of_a_years_work_plan(codebook, item, expected):
    assert _targets(codebook, _WORK_PLAN + item + "\n") == expected


def test_a_count_in_a_years_work_plan_is_that_years_count(codebook):
    found = read(codebook, _WORK_PLAN + "6. 组织二级以上医院下沉医务人员1500人次以上。\n")[1]
    sent = [t for t in found if t.indicator_id == "staff_sent_down_per_year"]
    assert [(t.value, t.target_year, t.annual) for t in sent] == [(1500.0, 2025, True)]
    # in a five-year plan the same undated count is not a per-year one
    plan = ("某市“十四五”卫生健康发展规划\n\n一、主要目标\n"
            "组织二级以上医院下沉医务人员1500人次以上。\n")
    assert not [t for t in read(codebook, plan)[1] if t.indicator_id == "staff_sent_down_per_year"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a verbless clause right after a target read on its verb takes that verb
    ("每千人口医疗卫生机构床位数达到7.1张，每千人口中医类医院床位数0.95张。",
     [("beds_per_1000", 7.1, 2025), ("tcm_beds_per_1000", 0.95, 2025)]),
    # not after a reported value: "截至2020年底…5.2张，…3.1人" stays a report
    ("截至2020年底，每千人口医疗卫生机构床位数5.2张，每千人口执业（助理）医师3.1人。", []),
])
def test_a_verb_carries_to_the_verbless_clause_after_it(codebook, sentence, expected):
    text = ("江北市人民政府办公室关于印发江北市“十四五”卫生健康事业发展规划的通知\n"
            "各县（市、区）人民政府：\n　　现将规划印发给你们。\n\n三、重点任务\n（一）优化资源配置。" + sentence + "\n")
    assert _targets(codebook, text, DocContext(issued_on="2021-12-01")) == expected


def test_levels_in_a_chain_of_years_keep_their_subject(codebook):
    text = ("江北市卫健委召开智慧医院建设推进会\n2024-03-01 10:00 来源：江北日报\n"
            "会议要求，二级及以上公立医疗机构电子病历系统应用水平今年平均达到4级，"
            "明年达到4.5级，到2026年力争全面达到5级。\n")
    assert _targets(codebook, text) == [("emr_level", 4.0, 2024), ("emr_level", 4.5, 2025),
                                        ("emr_level", 5.0, 2026)]


def test_a_share_of_the_institutions_just_named(codebook):
    text = _WORK_PLAN + ("4. 年内新增10家乡镇卫生院（社区卫生服务中心）达到推荐标准，"
                         "推荐标准机构占比达到36%。\n")
    assert ("primary_recommended_standard_share", 36.0, 2025) in _targets(codebook, text)


@pytest.mark.parametrize(("sentence", "targets", "stats"), [
    # an undated value stated with a copula, then a dated goal for it: the present
    ("全县重点人群家庭医生签约率为76.3%，力争2025年达到85%。",
     [("family_doctor_signing_rate_key", 85, 2025)],
     [("family_doctor_signing_rate_key", 76.3, None)]),
    ("全县县域内就诊率是85.2%，2025年要达到90%以上。",
     [("county_visit_rate", 90, 2025)], [("county_visit_rate", 85.2, None)]),
    # an intent word before the date leaves the measure to the clause before
    ("全县县域内基层门急诊人次占比为58.7%，计划到2025年提高到65%。",
     [("county_primary_visit_share", 65, 2025)], [("county_primary_visit_share", 58.7, None)]),
    # dated before: two goals, not the present
    ("到2025年，全县重点人群家庭医生签约率为85%，到2030年达到90%。",
     [("family_doctor_signing_rate_key", 85, 2025), ("family_doctor_signing_rate_key", 90, 2030)],
     []),
    # 计划 of 计划免疫 is no intent
    ("到2025年，全县适龄儿童计划免疫接种率达到95%以上，重点人群签约率达到85%。",
     [("family_doctor_signing_rate_key", 85, 2025)], []),
])
def test_the_present_then_a_dated_goal_for_it(codebook, sentence, targets, stats):
    _, found, reported = read(codebook, _NEWS_HEAD + sentence + "\n")
    assert sorted(keys(found)) == targets
    assert sorted(keys(reported)) == stats


@pytest.mark.parametrize(("page", "expected"), [
    # a district's news headline under the page's navigation: its 全区 is itself
    ("家庭医生签约 体检 在线挂号\n某某新闻网\n\n西岭区：今年重点人群签约率要达82%\n\n"
     "2024-03-22　来源：西岭区融媒体中心\n\n　　会议透露，今年全区全人群家庭医生签约率要达到47%。\n",
     [("family_doctor_signing_rate", 47, 2024), ("family_doctor_signing_rate_key", 82, 2024)]),
    ("东坪区智慧医院建设提速\n\n日报　2024-04-11\n\n　　方案提出，到2026年，全区二级及以上公立"
     "医疗机构电子病历系统应用水平达到４级。\n", [("emr_level", 4, 2026)]),
    # a site's name and menu is no headline: a city's news
    ("毕节试验区网  首页 | 时政 | 民生\n毕节：卫生健康事业取得新进展\n2024-05-08 来源：某日报\n\n记者获悉，今年全市县域内就诊率"
     "力争达到90%。\n", [("county_visit_rate", 90, 2024)]),
    # a spam line naming 一区二区 is no district: a city's 全区 is its autonomous region
    ("精品一区二区三区在线观看热门推荐\n某市智慧医疗建设实施方案\n\n到2025年，全区二级及以上公立"
     "医疗机构电子病历系统应用水平达到四级以上。\n", []),
])
def test_a_districts_headline_makes_its_whole_district_its_own(codebook, page, expected):
    assert _targets(codebook, page) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # 到明年底 / 今年年底前 open no subject: the measure is the clause's before
    ("记者获悉，某区今年县域内就诊率力争达到88%，到明年底达到90%。",
     [("county_visit_rate", 88, 2024), ("county_visit_rate", 90, 2025)]),
    ("全县重点人群签约率今年达到80%，明年年底前达到85%。",
     [("family_doctor_signing_rate_key", 80, 2024), ("family_doctor_signing_rate_key", 85, 2025)]),
])
def test_this_or_next_years_end_before_a_value(codebook, sentence, expected):
    assert _targets(codebook, _NEWS_HEAD + sentence + "\n") == expected


def test_a_count_dated_by_its_own_year_in_that_years_work_plan_is_per_year(codebook):
    text = ("某县卫生健康委员会2024年工作要点\n发布日期：2024-02-27\n\n二、2024年重点工作\n"
            "（一）完善医共体一体化管理，2024年，县级医院下沉乡镇卫生院医务人员不少于90人次。\n"
            "（二）力争到2025年，县级医院下沉乡镇卫生院医务人员累计达到300人次。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("staff_sent_down_per_year", 90, 2024)]
    assert [t.annual for t in targets] == [True]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a goal the nation set, listed by year: quoted, not the county's
    ("国家提出，到2022年和2030年，全国居民健康素养水平分别不低于22%和30%。", []),
    ("省里提出，到2025年，全省每千人口执业（助理）医师数、注册护士数分别达到3.5人、4.0人。", []),
    # the county's own, listed by year
    ("到2025年和2030年，全县居民健康素养水平分别不低于26%和32%。",
     [("health_literacy_rate", 26, 2025), ("health_literacy_rate", 32, 2030)]),
])
def test_a_list_of_another_scopes_goals_is_quoted(codebook, sentence, expected):
    text = "某县健康行动实施意见\n\n一、主要目标\n" + sentence + "\n"
    assert _targets(codebook, text, DocContext(level="county")) == expected


def test_an_excerpt_of_unknown_level_listing_the_nations_goals_states_them(codebook):
    """No level known and no scope of its own named: 全国's goals listed by year are the
    excerpt's own (a page of the nation's plan)."""
    text = "（一）实施健康知识普及行动。到2022年和2030年，全国居民健康素养水平分别不低于22%和30%。\n"
    assert _targets(codebook, text) == [
        ("health_literacy_rate", 22, 2022), ("health_literacy_rate", 30, 2030)]


@pytest.mark.parametrize(("line", "expected"), [
    # among a year's goals, the rise over last year is planned
    ("居民健康素养水平提高到28%（比上年提高3个百分点）。", [("health_literacy_rate", 28, 2024)]),
    # reported in the review of last year, it is a result
    ("2023年居民健康素养水平提高到25%（比上年提高2个百分点）。", []),
])
def test_a_planned_rise_over_last_year_among_a_years_goals(codebook, line, expected):
    text = ("某县2024年卫生健康工作要点\n发布日期：2024-02-10\n\n一、主要目标\n全年县域内就诊率达到91%。"
            + line + "\n")
    got = [k for k in keys(read(codebook, text)[1]) if k[0] == "health_literacy_rate"]
    assert got == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # 都 like 均: every one of them; 二级及以上 is one item, not two
    ("到2027年，县级二级及以上公立综合医院都要设置老年医学科。",
     [("geriatrics_department_share", 100, 2027)]),
    ("到2027年，县人民医院和县中医院都要达到国家医疗服务能力推荐标准。",
     [("county_hospital_recommended_standard_share", 100, 2027),
      ("county_tcm_hospital_recommended_standard_share", 100, 2027)]),
    # the share of the institutions it has (要有六成达到…)
    ("到2026年底，全县15个乡镇卫生院要有六成达到国家优质服务推荐标准。",
     [("primary_recommended_standard_share", 60, 2026)]),
    ("到2026年底，全县乡镇卫生院要有60%达到国家优质服务推荐标准。",
     [("primary_recommended_standard_share", 60, 2026)]),
    # 成都 is no "all"
    ("到2025年，成都建成国家区域医疗中心。", []),
])
def test_all_of_them_or_a_share_of_those_it_has(codebook, sentence, expected):
    assert _targets(codebook, "某县卫生健康规划\n\n" + sentence + "\n") == expected


@pytest.mark.parametrize(("task", "expected"), [
    # a task's own earlier deadline leaves the goals section's horizon the plan's
    ("（四）推进信息互通。2024年底前，县乡两级医疗机构检查检验结果互认。",
     [("county_visit_rate", 92, 2025), ("family_doctor_signing_rate_key", 80, 2025)]),
    # a later deadline in a task: the horizon is no longer certain
    ("（四）推进信息互通。到2027年，县乡两级医疗机构检查检验结果互认。",
     [("county_visit_rate", 92, 2025), ("family_doctor_signing_rate_key", 80, None)]),
])
def test_the_horizon_a_plans_goals_section_states(codebook, task, expected):
    text = ("某县推进紧密型县域医共体建设实施方案\n\n一、工作目标\n到2025年，县域内就诊率达到92%。\n"
            "二、重点任务\n（三）提升家庭医生服务。重点人群家庭医生签约率稳定在80%以上。\n"
            + task + "\n")
    assert _targets(codebook, text, DocContext(issued_on="2023-04-12")) == expected


def test_a_plans_year_by_year_schedule_and_the_share_it_names_again(codebook):
    """An undated three-year plan: its 年度安排 lines (2023年：…) are milestones of its
    period, and a bare "达到推荐标准的占比" there is the share its goals named."""
    text = ("某市基层卫生健康服务能力提升三年行动计划（2023—2025年）\n\n一、行动目标\n"
            "到2025年，达到基本标准的乡镇卫生院（社区卫生服务中心）占比达到95%以上，其中达到"
            "推荐标准的占比达到40%；县域内基层门急诊人次占比力争达到65%；"
            "县级中医医院全部达到国家医疗服务能力推荐标准。\n\n二、年度安排\n"
            "2023年：达到推荐标准的占比达到25%；\n2024年：达到推荐标准的占比达到32%；\n")
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == [
        ("county_primary_visit_share", 65, 2025),
        ("county_tcm_hospital_recommended_standard_share", 100, 2025),
        ("primary_basic_standard_share", 95, 2025),
        ("primary_recommended_standard_share", 25, 2023),
        ("primary_recommended_standard_share", 32, 2024),
        ("primary_recommended_standard_share", 40, 2025)]
    # the visit share takes no "达到…标准的" from the share of institutions before it
    visits = next(t for t in targets if t.indicator_id == "county_primary_visit_share")
    assert "标准" not in visits.indicator_text


def test_a_summary_with_next_years_plan_speaks_of_this_year_as_the_next(codebook):
    """"2023年工作总结和2024年工作思路": its results are 2023's, its 今年 is 2024."""
    text = ("某区卫生健康委员会2023年工作总结和2024年工作思路\n\n一、2023年工作开展情况\n"
            "（一）全区县域内就诊率达到91.2%，较上年提高1.5个百分点。\n"
            "二、存在的问题\n每万人口全科医生仅为2.87人，低于全省平均水平。\n"
            "三、2024年工作思路\n一是继续深化医共体改革，今年县域内就诊率稳定在92%以上。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 92, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 91.2, 2023), ("gp_per_10000", 2.87, 2023)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # sent down: 派出 a count of person-times before who is sent
    ("旗人民医院每年派出不少于200人次医务人员下沉苏木乡镇。", [("staff_sent_down_per_year", 200, None)]),
    ("县人民医院和县中医院每年安排不少于60人次医务人员下沉乡镇卫生院。",
     [("staff_sent_down_per_year", 60, None)]),
    # …人次/年 is a count per year
    ("县级医院下沉乡镇卫生院医务人员不少于300人次/年。", [("staff_sent_down_per_year", 300, None)]),
    # the population base written after the beds
    ("到2025年，其中公立中医类医院床位数每千人口达到0.95张。",
     [("public_tcm_beds_per_1000", 0.95, 2025)]),
])
def test_sent_down_per_year_and_a_base_written_after(codebook, sentence, expected):
    assert _targets(codebook, "某县卫生健康规划\n\n" + sentence + "\n") == expected


def test_a_sentence_of_intent_does_not_go_on_reporting_its_paragraphs_past(codebook):
    text = (_NEWS_HEAD + "会议同时透露，2023年全旗县域内就诊率达到89.5%，较上年提高2.1个百分点。"
            "与此同时，全旗将加强与上级医院合作，旗人民医院每年派出不少于200人次医务人员下沉苏木乡镇。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("staff_sent_down_per_year", 200, None)]
    assert keys(stats) == [("county_visit_rate", 89.5, 2023)]


def test_a_level_of_other_institutions_is_of_the_same_measure(codebook):
    text = ("某市2024年卫生健康工作要点\n\n一、主要目标\n三级公立医院电子病历系统应用水平平均达到5级，"
            "二级及以上公立医院平均达到4.5级。\n")
    _, targets, _ = read(codebook, text)
    emr = [t for t in targets if t.indicator_id == "emr_level"]
    assert keys(emr) == [("emr_level", 4.5, 2024)]
    assert emr[0].indicator_text == "二级及以上公立医院电子病历系统应用水平平均"


def test_a_share_after_a_count_in_its_own_clause(codebook):
    text = ("某县方案\n\n到2025年，全县16个乡镇卫生院全部达到国家基本标准，"
            "其中达到推荐标准的不少于6家、占比37.5%。\n")
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == [("primary_basic_standard_share", 100, 2025),
                                     ("primary_recommended_standard_share", 37.5, 2025)]
    share = next(t for t in targets if t.value == 37.5)
    assert share.indicator_text == "乡镇卫生院达到推荐标准占比"


@pytest.mark.parametrize(("section", "line", "targets", "stats"), [
    ("一、2023年工作回顾", "县人民医院成功创建三级综合医院，县中医医院通过三级中医医院评审，"
     "两家医院均达到国家医疗服务能力推荐标准。", [],
     [("county_hospital_recommended_standard_share", 100, 2023),
      ("county_tcm_hospital_recommended_standard_share", 100, 2023)]),
    ("二、2024年工作安排", "县人民医院创建三级综合医院，县中医医院通过三级中医医院评审，"
     "两家医院均达到国家医疗服务能力推荐标准。",
     [("county_hospital_recommended_standard_share", 100, 2024),
      ("county_tcm_hospital_recommended_standard_share", 100, 2024)], []),
])
def test_the_two_hospitals_just_named(codebook, section, line, targets, stats):
    text = "某县2024年政府工作报告\n2024年1月10日\n\n" + section + "\n" + line + "\n"
    _, found, reported = read(codebook, text)
    assert sorted(keys(found)) == targets
    assert sorted(keys(reported)) == stats


def test_a_list_is_never_split_inside_brackets():
    from analysis.extract.subjects import _list_items

    assert _list_items("12个县(市、区)紧密型县域医共体", 2) is None
    assert _list_items("每千人口执业(助理)医师、注册护士", 2) == ["每千人口执业(助理)医师", "注册护士"]


def test_a_subject_opening_on_a_preposition_is_not_split(codebook):
    text = ("某市紧密型县域医共体建设实施方案\n\n一、工作目标\n到2023年底，以市人民医院、市中医医院为龙头的"
            "两个紧密型医共体实现全覆盖。\n")
    _, targets, _ = read(codebook, text)
    assert [(t.indicator_id, t.value, t.target_year) for t in targets] == [
        ("county_medical_community_coverage", 100, 2023)]
    found, _, _ = read(codebook, text)
    assert len(found.targets) == 1  # no second, unmapped piece


def test_a_standards_pass_rate_of_the_institutions_the_sentence_named(codebook):
    text = ("某县卫生健康局2023年工作总结及2024年工作思路\n（2024年1月15日）\n\n"
            "一、2023年工作总结\n全县达到推荐标准的乡镇卫生院占比达到30%，基本标准达标率90%。\n"
            "二、2024年工作思路\n今年乡镇卫生院达到推荐标准的占比提高到40%，基本标准达标率达到100%。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("primary_basic_standard_share", 100, 2024),
                                     ("primary_recommended_standard_share", 40, 2024)]
    assert sorted(keys(stats)) == [("primary_basic_standard_share", 90, 2023),
                                   ("primary_recommended_standard_share", 30, 2023)]


@pytest.mark.parametrize(("line", "expected"), [
    # a goal for the year the report is written in, stated in its look back
    ("全年县域内就诊率91.2%，超额完成年初确定的90%目标，2024年力争保持在91%以上；"
     "县域内基层门急诊人次占比58.9%，今年要达到62%。",
     [("county_primary_visit_share", 62, 2024), ("county_visit_rate", 91, 2024)]),
    # a year looked back on, or 明年 in a look back (after which year?): no goal kept
    ("2023年县域内就诊率力争达到91%，实际达到91.2%。", []),
    ("全年县域内就诊率91.2%，明年力争保持在91%以上。", []),
])
def test_a_goal_for_the_reports_own_year_in_its_look_back(codebook, line, expected):
    text = ("某县卫生健康局2023年工作总结及2024年工作思路\n（2024年1月15日）\n\n"
            "一、2023年工作总结\n（一）医改重点任务稳步推进。" + line + "\n")
    assert _targets(codebook, text) == expected


@pytest.mark.parametrize(("line", "expected"), [
    # the year the report is written in, named early in it, in the look back at the year
    # before: no figure of that year known yet, a goal (the sentence's later clause too)
    ("全人群签约率达到36.7%。2024年全人群签约率达到40%，重点人群签约率稳定在80%左右。",
     [("family_doctor_signing_rate", 40, 2024), ("family_doctor_signing_rate_key", 80, 2024)]),
    ("已有4个达到推荐标准，2024年达到推荐标准的乡镇卫生院占比达到百分之四十。",
     [("primary_recommended_standard_share", 40, 2024)]),
    # so far in that year: a figure
    ("2024年1-2月，全县县域内就诊率达到91.5%。", []),
    ("2024年以来，重点人群签约率达到76.2%。", []),
    # a year named before a semicolon dates its own stretch only
    ("全年县域内就诊率91.2%，2024年力争保持在91%以上；县域内基层门急诊人次占比由上年的55.4%"
     "提高到58.9%。", [("county_visit_rate", 91, 2024)]),
])
def test_the_year_a_report_is_written_in_named_in_its_look_back(codebook, line, expected):
    text = ("某县卫生健康委2023年工作总结和2024年工作打算\n来源：某县人民政府网  时间：2024-01-12\n"
            "一、2023年主要工作成效\n（一）医改重点任务稳步推进。" + line + "\n")
    assert _targets(codebook, text) == expected


def test_the_year_a_report_is_written_in_named_in_a_section_that_looks_back(codebook):
    """The same under a heading that looks back, the report's plan for the year after it."""
    text = ("某县卫生健康委2023年工作总结和2024年工作打算\n来源：某县人民政府网  时间：2024-01-12\n"
            "2023年，县卫健委较好地完成了全年目标任务。\n一、2023年主要工作成效\n"
            "（三）家庭医生签约提质扩面。全县组建家庭医生团队186个，全人群签约率达到36.7%，重点人群"
            "签约率79.1%。2024年全人群签约率达到40%，重点人群签约率稳定在80%左右。\n"
            "二、2024年工作打算\n继续推进紧密型医共体建设。\n")
    assert _targets(codebook, text) == [("family_doctor_signing_rate", 40, 2024),
                                        ("family_doctor_signing_rate_key", 80, 2024)]
    so_far = text.replace("2024年全人群", "2024年1-2月，全人群")
    assert _targets(codebook, so_far) == []


@pytest.mark.parametrize(("line", "expected"), [
    # every part listed, all of them: the whole; a later clause's year dates that clause only
    ("清徐县、阳曲县、娄烦县、古交市全部建成紧密型县域医共体，年底前县域内基层门急诊人次占比达到62%。",
     [("county_medical_community_coverage", 100, 2024), ("county_primary_visit_share", 62, 2024)]),
    # some of the parts, no "all": theirs, not the whole's
    ("清徐县、阳曲县、娄烦县县域内就诊率已达到90%以上。", []),
])
def test_every_part_listed_and_a_later_clauses_year(codebook, line, expected):
    text = "某市2024年卫生健康工作要点\n\n一、重点任务\n（一）深化紧密型县域医共体建设。" + line + "\n"
    ctx = DocContext(regions=("清徐县", "阳曲县", "娄烦县", "古交市"))
    assert _targets(codebook, text, ctx) == expected


@pytest.mark.parametrize(("goals", "expected"), [
    # a district's 区人民医院 / 区中医院 are its county-level hospitals
    ("到2025年，区人民医院、区中医院均达到国家医疗服务能力推荐标准。",
     [("county_hospital_recommended_standard_share", 100, 2025),
      ("county_tcm_hospital_recommended_standard_share", 100, 2025)]),
    # a share whose % sign a PDF lost, of the institutions the clause before committed
    ("到2025年，县级综合医院全部达到国家医疗服务能力基本标准，70 以上达到推荐标准。",
     [("county_hospital_recommended_standard_share", 70, 2025)]),
    # a level after a value-free clause naming its measure
    ("推动电子病历系统应用水平提升，二级及以上公立医疗机构到2025年达到四级以上。",
     [("emr_level", 4, 2025)]),
])
def test_which_institutions_and_which_measure_a_goal_is_of(codebook, goals, expected):
    text = "某区卫生健康事业发展“十四五”规划\n\n二、主要目标\n" + goals + "\n"
    assert _targets(codebook, text) == expected


def test_a_plans_coverage_of_a_whole_is_of_what_the_clause_before_builds(codebook):
    text = ("某县卫生健康事业发展“十四五”规划\n一、发展目标\n"
            "到2025年，全县组建紧密型县域医共体2个，实现县域全覆盖。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("county_medical_community_coverage", 100, 2025)]


def test_a_years_work_plan_on_a_web_page_sets_that_years_targets(codebook):
    """A 工作要点 laid out one paragraph per line, its headings short: its own title line
    (not joined to the first paragraph) makes it a plan of its year."""
    text = ("某县卫生健康委员会2024年工作要点\n\n"
            "2024年是实施“十四五”规划的关键之年。2023年，全县县域内就诊率达到86.4%，各项工作取得新成效。\n\n"
            "一、深化县域医共体建设\n全年县域内就诊率力争达到88%，县域内住院人次占比不低于83%。\n\n"
            "二、做实家庭医生签约服务\n优化签约服务包，重点人群家庭医生签约率达到80%。\n\n"
            "三、加强智慧医疗建设\n推进诊间结算应用，县级公立医院预约诊疗比例达到55%以上。\n\n"
            "某县卫生健康委员会\n2024年2月22日\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-02-22"))
    assert sorted(keys(targets)) == [
        ("appointment_rate", 55, 2024), ("county_inpatient_share", 83, 2024),
        ("county_visit_rate", 88, 2024), ("family_doctor_signing_rate_key", 80, 2024)]
    assert keys(stats) == [("county_visit_rate", 86.4, 2023)]


@pytest.mark.parametrize("anaphor, expected", [
    ("上述两项指标", [("family_doctor_signing_rate", 45, 2025),
                  ("family_doctor_signing_rate_key", 85, 2025)]),
    ("以上指标", [("family_doctor_signing_rate", 45, 2025),
              ("family_doctor_signing_rate_key", 85, 2025)]),
    ("上述三项指标", []),  # three named, two values: not these two
])
def test_a_list_of_the_goals_just_named(codebook, anaphor, expected):
    text = ("某县出台家庭医生签约服务提质增效方案\n2023-05-11 来源：某县融媒体中心\n"
            "日前，某县印发实施方案。方案提出，今年全县全人群家庭医生签约率达到40%、重点人群家庭医生"
            f"签约率达到80%；到2025年，{anaphor}分别达到45%、85%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-05-11"))
    assert [k for k in keys(targets) if k[2] == 2025] == expected


@pytest.mark.parametrize("cited, own", [
    ("《随州市医疗卫生服务体系规划》提出", False),  # the prefecture's plan: its goals, quoted
    ("《广水市医疗卫生服务体系规划》明确", True),  # its own earlier plan: its own goals
])
def test_goals_a_plan_cited_by_its_title_states(codebook, cited, own):
    text = ("广水市医疗卫生服务体系规划（2021—2025年）\n\n广水市卫生健康局\n2022年3月\n\n二、规划目标\n"
            f"{cited}，到2025年全市每千人口医疗卫生机构床位数达到7.0张。\n"
            "到2025年，全市每千人口执业（助理）医师数达到2.8人。\n")
    ctx = DocContext(region="广水市", level="county", regions=("随州市", "湖北省"))
    _, targets, _ = read(codebook, text, ctx)
    assert (("beds_per_1000", 7.0, 2025) in keys(targets)) is own
    assert ("physicians_per_1000", 2.8, 2025) in keys(targets)


def test_a_promise_for_the_whole_year_or_its_end_is_for_the_reports_year(codebook):
    text = ("某县卫生健康委员会2024年上半年工作总结及下半年工作打算\n\n"
            "一、上半年工作开展情况\n上半年县域内就诊率达到89.7%，全年下沉医务人员任务完成62%。\n\n"
            "二、下半年工作打算\n（一）全力冲刺年度目标。确保全年县域内就诊率达到91%，县域内住院人次占比达到83%以上。\n"
            "（二）提升签约服务质量。确保年底重点人群签约率达到85%。\n\n"
            "某县卫生健康委员会\n2024年7月8日\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-07-08"))
    assert sorted(keys(targets)) == [("county_inpatient_share", 83, 2024),
                                     ("county_visit_rate", 91, 2024),
                                     ("family_doctor_signing_rate_key", 85, 2024)]


def test_goals_for_the_reports_own_year_stated_in_its_look_back(codebook):
    """A January summary of 2023: "今年…，力争…达到92%" and "2024年…占比要达到…" are goals for
    2024; the figures around them are 2023's."""
    text = ("某县卫生健康局2023年工作总结和2024年工作思路\n\n一、2023年工作总结\n"
            "二是分级诊疗有效推进。全县县域内就诊率90.4%，今年将分级诊疗作为重点攻坚任务，"
            "力争县域内就诊率达到92%。\n"
            "三是签约服务提质。重点人群家庭医生签约率达到78.6%，2024年重点人群家庭医生签约率要达到82%。\n\n"
            "某县卫生健康局\n2024年1月15日\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-15"))
    assert sorted(keys(targets)) == [("county_visit_rate", 92, 2024),
                                     ("family_doctor_signing_rate_key", 82, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 90.4, 2023),
                                   ("family_doctor_signing_rate_key", 78.6, 2023)]


@pytest.mark.parametrize("dated, expected", [
    # written in the year it sums up: 明年 is 2024
    ("2023-12-22", [("appointment_rate", 65, 2024), ("public_health_staff_per_10000", 8, 2025)]),
    # written the January after: 明年 could be 2024 or 2025, left out
    ("2024-01-10", [("public_health_staff_per_10000", 8, 2025)]),
])
def test_a_summarys_next_year_and_its_plans_deadline(codebook, dated, expected):
    text = ("某市卫生健康局2023年工作总结\n\n"
            "一、医疗服务方面。二级及以上公立医院预约诊疗率提高到56.9%，明年预约诊疗率达到65%。\n"
            "二、人才队伍方面。每万人口公共卫生人员6.1人；按照“十四五”规划，到2025年每万人口公共卫生"
            "人员数达到8人，目前差距较大。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on=dated))
    assert sorted(keys(targets)) == expected


def test_each_value_dated_by_the_year_in_brackets_after_it(codebook):
    text = ("某县健康行动实施方案\n（三）医疗服务能力提升行动。县域内就诊率2022年达到88%，2030年达到90%以上；"
            "每千常住人口执业（助理）医师数达到2.8人（2022年）和3.0人（2030年）。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2020-05-01"))
    assert sorted(keys(targets)) == [
        ("county_visit_rate", 88, 2022), ("county_visit_rate", 90, 2030),
        ("physicians_per_1000", 2.8, 2022), ("physicians_per_1000", 3.0, 2030)]


def test_a_standards_share_named_by_the_standard_alone(codebook):
    """"推荐标准占比要达到40%": the share of the institutions the sentence named reaching it."""
    text = ("某县卫生健康局2024年工作要点\n一、提升基层服务能力\n"
            "全县19家乡镇卫生院全部达到服务能力基本标准，推荐标准占比要达到40%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-02-01"))
    assert ("primary_recommended_standard_share", 40, 2024) in keys(targets)


def test_a_count_whose_subject_is_only_its_period(codebook):
    """"组织…医务人员下沉基层，全年不少于300人次": so many times a year of what was done."""
    text = ("某县召开卫生健康工作会议\n2024-03-07 来源：某县融媒体中心\n"
            "今年某县还将组织二级以上医院医务人员下沉基层，全年不少于300人次。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-03-07"))
    assert keys(targets) == [("staff_sent_down_per_year", 300, 2024)]


def test_the_place_a_page_opens_on_is_its_own_before_one_its_lead_names(codebook):
    """A county-level city's page (not in the region table) whose lead names its prefecture:
    the prefecture's goal is quoted, the city's own is its target."""
    text = ("邵武市卫生健康局　网站首页 | 机构概况 | 政务公开\n\n"
            "邵武市召开健康邵武建设推进会\n2023-06-21 17:45　来源：市卫健局\n\n"
            "会议传达了省、南平市的有关要求。南平市提出2025年全市居民健康素养水平达到32%。"
            "会议要求，到2025年，全市居民健康素养水平达到33%以上。\n")
    ctx = DocContext(issued_on="2023-06-21", regions=("南平市", "福建省"))
    _, targets, _ = read(codebook, text, ctx)
    assert keys(targets) == [("health_literacy_rate", 33, 2025)]


@pytest.mark.parametrize("label, kept", [
    ("2024年工作思路：", True), ("下一步工作打算：", True),
    ("2023年工作计划：", False),  # a past year's plan, recalled in a 2024 report
])
def test_a_paragraph_a_report_opens_on_its_plans_label(codebook, label, kept):
    text = ("某旗卫生健康委员会2023年工作总结和2024年工作思路\n发布日期：2024-01-22\n\n"
            "2023年，旗卫健委全力推进健康建设。县域内就诊率达到88.6%。\n\n"
            f"{label}坚持稳中求进，力争全旗每千常住人口医疗卫生机构床位数达到7.5张，医护比提高到1∶1；"
            "县域内就诊率达到90%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-01-22"))
    assert ([k[:2] for k in keys(targets)] == [("beds_per_1000", 7.5),
                                               ("physician_nurse_ratio", 1.0),
                                               ("county_visit_rate", 90)]) is kept
    if label.startswith("2024"):  # (下一步 names no year: whose, a January report cannot say)
        assert {k[2] for k in keys(targets)} == {2024}


@pytest.mark.parametrize("dated, kept", [("2023-02-14", True), ("2023-12-20", False)])
def test_this_years_goals_in_a_report_of_the_years_first_half(codebook, dated, kept):
    """A government work report in February: "今年县域内就诊率达到91%，…占比达到82%" looks
    ahead; in December, 今年 is the year looked back on."""
    text = ("某市2023年政府工作报告\n\n过去一年，我们坚持民生优先，每千常住人口医疗卫生机构床位数达到6.71张。\n"
            "推进健康建设。深化医共体建设，今年县域内就诊率达到91%，县域内住院人次占比达到82%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on=dated))
    assert (sorted(keys(targets)) == [("county_inpatient_share", 82, 2023),
                                      ("county_visit_rate", 91, 2023)]) is kept


def test_goals_listed_under_a_reports_label_for_the_year_ahead(codebook):
    text = ("某旗2024年政府工作报告（摘要）\n来源：某旗人民政府　2024-01-30\n\n"
            "2023年，全旗卫生健康事业稳步发展，县域内就诊率达到85.2%。\n\n2024年主要任务：\n"
            "——健全医疗卫生服务体系。县域内就诊率达到87%。\n"
            "——提升基层服务。年内重点人群家庭医生签约率不低于82%。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-30"))
    assert sorted(keys(targets)) == [("county_visit_rate", 87, 2024),
                                     ("family_doctor_signing_rate_key", 82, 2024)]
    assert keys(stats) == [("county_visit_rate", 85.2, 2023)]


def test_a_look_backs_goals_for_the_year_it_is_written_in(codebook):
    """A January report: "2024年，我们将…，推动…签约率达到45%以上" and "…比例2024年达到100%
    （目前为66.7%）" are goals; "…由上年的84.1%提高到86.8%" after "2024年力争…" is not."""
    text = ("某市卫生健康委员会2023年工作总结\n\n"
            "2023年，全市县域内就诊率由上年的84.1%提高到86.8%。2024年，我们将在巩固成效的基础上，"
            "推动全人群家庭医生签约率达到45%以上。二级以上公立医院设置老年医学科的比例2024年达到100%"
            "（目前为66.7%）。全年县域内就诊率91.2%，2024年力争保持在91%以上；县域内住院人次占比由上年的"
            "80.1%提高到81.9%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-01-25"))
    assert sorted(keys(targets)) == [("county_visit_rate", 91, 2024),
                                     ("family_doctor_signing_rate", 45, 2024),
                                     ("geriatrics_department_share", 100, 2024)]


def test_a_standards_share_after_a_count_reaching_the_programmes_standard(codebook):
    """"8个镇卫生院中新增2家达到“优质服务基层行”推荐标准，推荐标准占比达到50%": the share
    of the 镇卫生院, not of the programme (优质服务基层行) the standard belongs to."""
    text = ("某县卫生健康局2024年工作要点\n一、基层能力\n"
            "5.全县8个镇卫生院中新增2家达到“优质服务基层行”推荐标准，推荐标准占比达到50%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-02-26"))
    assert ("primary_recommended_standard_share", 50, 2024) in keys(targets)


def test_an_undated_news_report_of_a_short_plan_speaks_in_its_first_year(codebook):
    """News of a plan for 2024—2026 with no date of its own: its 今年 is 2024 (the plan's
    first year), its goals for then are goals, not figures reported."""
    text = ("某市卫健委印发基层卫生服务能力提升行动方案\n\n"
            "本报讯 日前，某市卫健委印发《某市基层卫生服务能力提升行动方案（2024—2026年）》。"
            "方案提出，今年全市县域内就诊率达到88%，到2026年达到92%。\n"
            "据介绍，2023年全市县域内就诊率为85.1%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "news_of_plan"
    assert sorted(keys(targets)) == [("county_visit_rate", 88.0, 2024),
                                     ("county_visit_rate", 92.0, 2026)]
    assert keys(stats) == [("county_visit_rate", 85.1, 2023)]


def test_an_undated_news_report_of_a_five_year_plan_keeps_its_year_open(codebook):
    """A five-year plan is news for years after its issue: 今年 is not its first year."""
    text = ("某市卫健委解读卫生健康“十四五”规划\n\n"
            "本报讯 《某市卫生健康事业发展规划（2021—2025年）》提出，"
            "今年全市县域内就诊率达到88%，到2025年达到92%。\n")
    _, targets, _ = read(codebook, text)
    assert ("county_visit_rate", 88.0, 2021) not in keys(targets)


@pytest.mark.parametrize(("sentence", "expected"), [
    # the programme named in the clause before: its institutions' standard
    ("二是深化“优质服务基层行”活动，推荐标准占比达到50%。",
     [("primary_recommended_standard_share", 50.0, 2025)]),
    ("全面开展“优质服务基层行”活动，达到基本标准的机构占比达到95%。",
     [("primary_basic_standard_share", 95.0, 2025)]),
    # the institutions named before
    ("县级医院加强能力建设，达到推荐标准的比例达到80%。",
     [("county_hospital_recommended_standard_share", 80.0, 2025)]),
])
def test_a_standards_share_is_of_the_institutions_or_programme_named_before(
        codebook, sentence, expected):
    text = "某县卫生健康服务能力提升方案\n\n二、主要目标\n到2025年，" + sentence + "\n"
    assert _targets(codebook, text, DocContext(issued_on="2023-05-10")) == expected


def test_a_district_stating_a_goal_in_a_citys_news_is_one_of_its_parts(codebook):
    text = ("我市召开家庭医生签约服务推进会\n2024-03-08 来源：某某日报\n\n"
            "会议提出，今年全市重点人群家庭医生签约率达到80%。\n"
            "会上，城西区提出今年重点人群家庭医生签约率达到85%，东山县要求达到78%。\n"
            "会议要求，全市各地要确保目标按期完成。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("family_doctor_signing_rate_key", 80.0, 2024)]


def test_a_county_stating_its_own_goal_in_its_own_text_is_kept(codebook):
    text = ("东山县卫生健康局2024年工作要点\n\n"
            "东山县提出，今年全县重点人群家庭医生签约率达到78%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-02-01"))
    assert keys(targets) == [("family_doctor_signing_rate_key", 78.0, 2024)]


def test_another_places_plan_named_without_brackets_states_its_own_goals(codebook):
    """In a county-level city's plan, "宜州市“十四五”规划提出，到2025年全市…" is the
    prefecture's plan: its 全市 is the prefecture."""
    text = ("东兴市卫生健康事业发展“十四五”规划\n\n二、发展目标\n"
            "防城港市“十四五”规划提出，到2025年全市每千人口床位数达到6.8张。"
            "结合实际，到2025年，全市每千人口床位数达到6.2张。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-03-01", region="东兴市",
                                                     level="county", regions=("防城港市",)))
    assert keys(targets) == [("beds_per_1000", 6.2, 2025)]


_PREFECTURES = ("楚雄彝族自治州", "红河哈尼族彝族自治州", "克孜勒苏柯尔克孜自治州")


def test_an_autonomous_prefecture_by_its_short_name_is_another_place(codebook):
    text = ("楚雄市医疗卫生服务体系规划\n\n二、发展目标\n"
            "到2025年，全市每千人口执业（助理）医师达到3.1人。"
            "红河州提出“十四五”末全州每千人口执业（助理）医师达到3.3人。\n")
    ctx = DocContext(issued_on="2022-05-01", region="楚雄市", level="county", regions=_PREFECTURES)
    assert _targets(codebook, text, ctx) == [("physicians_per_1000", 3.1, 2025)]


def test_an_autonomous_prefectures_own_short_name_is_its_own(codebook):
    text = ("克孜勒苏州卫生健康事业发展规划\n\n二、发展目标\n"
            "克孜勒苏州提出，到2025年全州每千人口执业（助理）医师达到3.0人。\n")
    ctx = DocContext(issued_on="2022-05-01", region="克孜勒苏柯尔克孜自治州",
                     level="municipal", regions=_PREFECTURES)
    assert _targets(codebook, text, ctx) == [("physicians_per_1000", 3.0, 2025)]


def test_a_shares_parallel_that_leaves_out_its_measure(codebook):
    text = ("某市卫生健康事业发展规划\n\n二、发展目标\n到2025年，达到国家推荐标准的社区卫生服务中心"
            "占比达到45%以上，达到基本标准的达到98%。\n")
    assert _targets(codebook, text, DocContext(issued_on="2022-05-01")) == [
        ("primary_basic_standard_share", 98.0, 2025),
        ("primary_recommended_standard_share", 45.0, 2025)]


def test_a_tasks_own_deadline_is_not_the_plans_horizon(codebook):
    """"2024年底前完成…挂牌" is one task's deadline; the plan's goals stated without a year
    are for its one 到2026年."""
    text = ("某市人民政府关于推进基层医疗卫生服务能力提升的实施意见\n\n一、总体要求\n"
            "到2026年，全市县域内就诊率稳定在90%以上。\n二、重点工作\n"
            "（一）2024年底前完成医共体总医院挂牌。\n"
            "（二）每万人口全科医生达到3.5人，乡镇卫生院全部达到基本标准。\n")
    assert _targets(codebook, text, DocContext(issued_on="2023-06-01")) == [
        ("county_visit_rate", 90.0, 2026), ("gp_per_10000", 3.5, 2026),
        ("primary_basic_standard_share", 100.0, 2026)]


@pytest.mark.parametrize(("region", "expected"), [
    # a county-level city quoting its autonomous prefecture
    ("禄丰市", [("county_visit_rate", 91.0, 2025)]),
    # the prefecture speaking of itself
    ("楚雄彝族自治州", [("county_visit_rate", 90.0, 2025), ("county_visit_rate", 91.0, 2025)]),
])
def test_a_citys_text_quotes_the_prefecture_above_it_by_its_whole(codebook, region, expected):
    text = ("关于推进医疗卫生服务高质量发展的实施意见\n\n"
            "为贯彻落实州里部署，到2025年全州县域内就诊率要达到90%以上。"
            "到2025年，县域内就诊率稳定在91%左右。\n")
    ctx = DocContext(issued_on="2023-03-20", region=region, level="county"
                     if region.endswith("市") else "municipal")
    assert _targets(codebook, text, ctx) == expected


def test_a_districts_whole_is_its_own_when_its_body_speaks(codebook):
    """"全区" is a district's own whole when the text has the district act (某区印发…) and
    names no autonomous region; a city's 全区 would be its region's."""
    text = ("溧水：家庭医生签约服务方案出台\n2023-06-15 09:32  来源：某某日报\n\n"
            "日前，溧水区印发《溧水区家庭医生签约服务提质增效方案》。按照方案，"
            "今年全区重点人群家庭医生签约率要达到80%，全区各镇街卫生院全部达到基本标准。\n")
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == [("family_doctor_signing_rate_key", 80.0, 2023),
                                     ("primary_basic_standard_share", 100.0, 2023)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("到明年底县域内就诊率达到92%；县域内住院人次占比今年力争达到80%。",
     [("county_inpatient_share", 80.0, 2024), ("county_visit_rate", 92.0, 2025)]),
    ("全市医护比2026年达到1:1.2。", [("physician_nurse_ratio", 1.2, 2026)]),
])
def test_a_year_after_a_measure_ending_in_bi_dates_it(codebook, sentence, expected):
    """占比/医护比 then a year: the measure's name, not 比 (compared with) that year."""
    text = "某市卫健委部署今年重点工作\n2024-03-08 来源：某某日报\n\n会议提出，" + sentence + "\n"
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == expected


def test_a_years_plan_states_the_rise_it_plans_after_a_comma(codebook):
    """In 2024年工作要点, "…达到26%以上，比上年提高2个百分点" is the goal and its planned
    rise; in a news report of the year's results it would be an actual."""
    text = ("某州2024年卫生健康工作要点\n\n二、主要目标\n"
            "2024年居民健康素养水平达到26%以上，比上年提高2个百分点。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-02-20"))
    assert keys(targets) == [("health_literacy_rate", 26.0, 2024)] and stats == []


def test_a_work_reports_required_minimum_is_a_goal(codebook):
    """"全年下沉…不少于150人次" among a government work report's tasks is a minimum it
    requires, not a result; "完成…不少于…" would be a result."""
    text = ("政府工作报告\n——2024年1月9日在某市第十届人民代表大会第四次会议上\n\n"
            "（七）办好民生实事。深化医共体改革，市级医院全年下沉乡镇卫生院医务人员不少于150人次。\n")
    found, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-09"))
    assert found.kind.genre == "work_report"
    assert [t.value for t in targets] == [150.0] and stats == []


def test_experts_sent_down_name_the_sending_down_count(codebook):
    text = ("某市家庭医生签约服务提质增效方案\n\n二、主要目标\n"
            "市人民医院专家每年下沉基层参与家庭医生团队服务不少于80人次。\n")
    assert _targets(codebook, text, DocContext(issued_on="2024-03-05")) == [
        ("staff_sent_down_per_year", 80.0, None)]


@pytest.mark.parametrize("goes_on", ["规划还提出", "方案同时明确", "规划要求"])
def test_news_going_on_to_the_plans_goals_after_a_figure_of_the_past(codebook, goes_on):
    """"据介绍，2020年全市…为7.05张。规划还提出，…达到1.15张": the year of the figure
    reported is no year of the goals the news goes on to."""
    text = ("某市出台“十四五”医疗卫生服务体系规划\n2022-09-02  来源：某市日报\n\n"
            "日前，《某市“十四五”医疗卫生服务体系规划》正式印发。规划明确，到2025年，"
            "全市每千人口医疗卫生机构床位数达到8.2张。\n"
            f"据介绍，2020年全市每千人口床位数为7.05张。{goes_on}，每千人口中医类医院床位数"
            "达到1.15张，医护比达到1:1.25。\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("beds_per_1000", 8.2, 2025),
                                     ("physician_nurse_ratio", 1.25, 2025),
                                     ("tcm_beds_per_1000", 1.15, 2025)]
    assert keys(stats) == [("beds_per_1000", 7.05, 2020)]


def test_a_districts_own_goal_after_the_citys_it_cites(codebook):
    """"全市提出…达到90%的目标，我区力争达到92%；…不低于65%" in a district's plan: the
    city's 90% is quoted; from 我区 on the goals are the district's own."""
    text = ("某区基层卫生服务能力提升三年行动方案（2023—2025年）\n\n一、工作目标\n"
            "到2025年，全区医疗卫生服务能力明显提升。全市提出县域内就诊率达到90%的目标，"
            "我区力争达到92%；县域内基层门急诊人次占比不低于65%；县域内住院人次占比达到85%左右。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-04-06", level="county",
                                                         region="某区"))
    assert sorted(keys(targets)) == [("county_inpatient_share", 85, 2025),
                                     ("county_primary_visit_share", 65, 2025),
                                     ("county_visit_rate", 92, 2025)]
    assert not [k for k in keys(stats) if k[0]]


@pytest.mark.parametrize("lead", ["今年要重点做好以下工作：", "2024年，重点抓好以下几个方面工作："])
def test_a_government_work_reports_goals_under_its_line_on_the_year_ahead(codebook, lead):
    """"今年要重点做好以下工作：" then "（七）…县域内就诊率稳定在90%左右": the year ahead's goals,
    though the items' own headings (（七）持续提升公共服务水平) say neither way."""
    text = ("政府工作报告\n——2024年1月22日在某市第五届人民代表大会第四次会议上\n"
            "过去一年，全市每千人口医疗卫生机构床位数达到7.15张，县域内就诊率达到88.7%。\n"
            f"{lead}\n……\n（七）持续提升公共服务水平。推动优质医疗资源扩容下沉，县域内就诊率稳定在"
            "90%左右。深化家庭医生签约服务，重点人群签约率保持在90%以上。\n各位代表，……\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-22"))
    assert sorted(keys(targets)) == [("county_visit_rate", 90, 2024),
                                     ("family_doctor_signing_rate_key", 90, 2024)]
    assert sorted(keys(stats)) == [("beds_per_1000", 7.15, 2023), ("county_visit_rate", 88.7, 2023)]


@pytest.mark.parametrize("lead", ["2024年，我们将着力办好以下民生实事：",
                                  "今年，市政府将继续办好十件民生实事：",
                                  "今年，我们将重点推进以下事项："])
def test_a_work_reports_list_of_the_years_tasks_under_its_lead_line(codebook, lead):
    """"2024年，我们将着力办好以下民生实事：" then "——推进健康某市建设。…县域内就诊率达到88%；":
    the lead names the things the year ahead will do (实事, 事项), as 工作 and 任务 do."""
    text = ("某市人民政府工作报告\n——2024年1月16日在某市第五届人民代表大会第三次会议上\n"
            "过去一年，全市县域内就诊率达到86.1%，每万人口公共卫生人员数6.8人。\n"
            f"{lead}\n——推进健康某市建设。深化医共体改革，全市县域内就诊率达到88%；"
            "每万人口公共卫生人员数提升至7.4人；预约诊疗比例达到56%。\n"
            "——办好人民满意教育。新建中小学校12所。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-16"))
    assert sorted(keys(targets)) == [("appointment_rate", 56, 2024),
                                     ("county_visit_rate", 88, 2024),
                                     ("public_health_staff_per_10000", 7.4, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 86.1, 2023),
                                   ("public_health_staff_per_10000", 6.8, 2023)]


def test_a_bare_signing_rate_is_of_the_signing_the_clause_before_names(codebook):
    """"推动医养结合机构与医疗机构签约合作，签约率达到100%": institutions signing with each
    other, not residents with family doctors; "深化家庭医生签约服务，签约率达到45%" is."""
    text = ("某市养老服务体系建设实施方案\n\n到2025年，推动医养结合机构与医疗机构签约合作，签约率达到100%。"
            "深化家庭医生签约服务，签约率达到45%。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("family_doctor_signing_rate", 45, 2025)]


@pytest.mark.parametrize("last_year", ["去年", "2023年"])
def test_undated_news_of_a_years_plan_reports_the_year_before(codebook, last_year):
    """Undated news of 《2024年卫生健康工作要点》 speaks in 2024: "今年…力争达到89%" is its goal,
    "去年，全市县域内就诊率为86.8%" (or 2023年) the year before's result, no goal."""
    text = ("某市出台《2024年卫生健康工作要点》\n\n近日，某市卫生健康局印发《2024年卫生健康工作要点》，"
            "明确了全年目标任务。\n根据要点，今年全市县域内就诊率力争达到89%，预约诊疗比例达到55%以上。\n"
            f"{last_year}，全市县域内就诊率为86.8%，预约诊疗比例为47.2%。\n（来源：某市卫生健康局）\n")
    _, targets, stats = read(codebook, text)
    assert sorted(keys(targets)) == [("appointment_rate", 55, 2024), ("county_visit_rate", 89, 2024)]
    assert sorted(keys(stats)) == [("appointment_rate", 47.2, 2023),
                                   ("county_visit_rate", 86.8, 2023)]


@pytest.mark.parametrize("deadline", ["到二〇二五年", "到二○二五年", "到2025年"])
def test_a_deadline_in_chinese_digits_dates_goals_and_leaves_the_past_behind(codebook, deadline):
    """"到二〇二五年" is 到2025年: the goals are 2025's and "2022年…为百分之十九点六" before the
    plan's period is a result, as it is beside "到2025年"."""
    text = ("某县印发全民健康素养促进行动方案\n\n近日，某县印发《某县全民健康素养促进行动方案》。"
            f"方案提出，{deadline}，全县居民健康素养水平力争达到百分之二十八，重点人群家庭医生签约率"
            "达到百分之八十五。\n2022年全县居民健康素养水平为百分之十九点六。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("health_literacy_rate", 28, 2025),
                             ("family_doctor_signing_rate_key", 85, 2025)]
    assert keys(stats) == [("health_literacy_rate", 19.6, 2022)]


def test_the_plans_requirement_after_a_past_figure_is_a_goal_in_any_text(codebook):
    """"2022年…为19.6%。方案要求，…每年下沉医务人员不少于100人次": the plan's requirement,
    not the past year going on, in a page whose genre is not told as well as in news."""
    text = ("某县印发行动方案\n\n近日，某县印发《某县全民健康素养促进行动方案（2023—2025年）》。方案提出，"
            "到2025年，全县居民健康素养水平力争达到28%。\n2022年全县居民健康素养水平为19.6%。方案要求，"
            "每年开展健康讲座不少于200场，县直医疗机构每年下沉医务人员不少于100人次。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("health_literacy_rate", 28, 2025),
                             ("staff_sent_down_per_year", 100, None)]
    assert keys(stats) == [("health_literacy_rate", 19.6, 2022)]


@pytest.mark.parametrize("goal", ["今年全县家庭医生签约率要达到48%，重点人群签约率达到88%，较上年提高3个百分点。",
                                  "2024年，全市力争重点人群签约率达到88%，比上年提高3个百分点。"])
def test_the_rise_a_sentence_of_this_years_goals_plans_is_no_report(codebook, goal):
    """"今年…要达到48%，重点人群签约率达到88%，较上年提高3个百分点" in news of a meeting: the
    rise is planned with the goal, as in a plan's goals; a year gone by with the same aside
    ("2023年，重点人群签约率达到85%，较上年提高3个百分点") reports."""
    text = ("某县召开2024年卫生健康工作会议\n发布时间：2024-02-26　来源：某县融媒体中心\n"
            f"2月23日，某县召开2024年卫生健康工作会议。记者从会上获悉，{goal}\n"
            "会议通报，2023年，全县重点人群签约率达到85%，较上年提高3个百分点。\n")
    _, targets, stats = read(codebook, text)
    assert ("family_doctor_signing_rate_key", 88, 2024) in keys(targets)
    assert keys(stats) == [("family_doctor_signing_rate_key", 85, 2023)]


@pytest.mark.parametrize("cited", ["国家“十四五”规划提出到2025年", "国家“十四五”规划提出，到2025年",
                                   "省“十四五”卫生健康规划明确，到2025年"])
def test_a_higher_bodys_five_year_plan_named_by_its_period_is_quoted(codebook, cited):
    """"国家“十四五”规划提出到2025年每千人口床位数达到7.4张" in a city's news: the nation's goal,
    its plan named by its period as by its title; the city's own goal stays."""
    text = ("某市解读卫生健康规划\n发布时间：2022-01-12\n\n“十三五”末，全市每千常住人口床位数为6.05张。"
            f"{cited}每千人口床位数达到7.4张。\n到2025年，全市每千常住人口床位数达到7.0张。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-12", level="municipal",
                                                    region="某市"))
    assert keys(targets) == [("beds_per_1000", 7.0, 2025)]


@pytest.mark.parametrize("met", ["超额完成年初确定的90%目标", "完成省定的90%目标", "提前完成年度90%的目标"])
def test_the_goal_a_result_met_does_not_become_the_measure_that_goes_on(codebook, met):
    """"全年县域内就诊率91.2%，超额完成年初确定的90%目标，2024年力争保持在91%以上" in a
    report's look back: the 91% is of 县域内就诊率, the measure the clause of the result named,
    not of the words that name the goal it met."""
    text = ("某县卫生健康局2023年工作总结及2024年工作思路\n（2024年1月15日）\n\n一、2023年工作总结\n"
            f"（一）医改取得新进展。全年县域内就诊率91.2%，{met}，2024年力争保持在91%以上。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 91, 2024)]
    assert keys(stats) == [("county_visit_rate", 91.2, 2023)]


@pytest.mark.parametrize("item", ["3.健康某市行动深入实施。", "（三）爱国卫生运动和健康行动持续推进。",
                                  "3.重点任务稳步推进。"])
def test_a_results_heading_naming_a_campaign_still_looks_back(codebook, item):
    """"3.健康某市行动深入实施" under "一、主要工作成效": 行动 is the campaign's name, 深入实施
    says it was carried out; the item reports, as its section does.  The same heading
    under a plan's goals (二、发展目标) states a goal."""
    report = ("某市卫生健康委2022年工作总结及2023年工作思路\n\n一、主要工作成效\n"
              "1.医疗资源配置持续优化。全市每千常住人口医疗卫生机构床位数达到6.31张。\n"
              f"{item}全市居民健康素养水平达到24.2%，家庭医生签约服务覆盖率为43.5%。\n"
              "二、2023年工作思路\n主要目标：居民健康素养水平达到26%。\n\n某市卫生健康委员会\n2023年1月10日\n")
    _, targets, stats = read(codebook, report)
    assert keys(targets) == [("health_literacy_rate", 26, 2023)]
    assert sorted(keys(stats)) == [("beds_per_1000", 6.31, 2022),
                                   ("family_doctor_signing_rate", 43.5, 2022),
                                   ("health_literacy_rate", 24.2, 2022)]
    plan = ("某市“十四五”卫生健康事业发展规划\n\n二、发展目标\n"
            f"{item}到2025年，全市居民健康素养水平达到30%。\n")
    _, targets, stats = read(codebook, plan)
    assert keys(targets) == [("health_literacy_rate", 30, 2025)] and not stats


def test_an_undated_years_work_plan_reports_the_year_before(codebook):
    """"某县2024年卫生健康工作要点" without a date: "2023年，全县县域内就诊率达到90.6%" is
    last year's result; its goals are for 2024."""
    text = ("某县卫生健康局2024年卫生健康工作要点\n\n一、主要目标\n全县县域内就诊率稳定在90%以上。\n"
            "三、工作要求\n确保各项目标按时完成。2023年，全县县域内就诊率达到90.6%，"
            "家庭医生全人群签约率40.1%。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 90, 2024)]
    assert sorted(keys(stats)) == [("county_visit_rate", 90.6, 2023),
                                   ("family_doctor_signing_rate", 40.1, 2023)]


def test_a_numbered_item_that_commits_in_words_is_a_goal_not_a_name(codebook):
    """"6. 全市二级及以上公立综合医院均设立老年医学科。" under "三、2024年工作思路": a goal in
    words, not the name of an item whose values follow."""
    text = ("某市卫生健康委员会2023年工作总结和2024年工作思路\n\n一、2023年工作完成情况\n"
            "全市居民健康素养水平达到23.4%。\n\n三、2024年工作思路\n2024年，我们将重点抓好以下工作：\n"
            "1. 今年县域内就诊率达到90%。\n2. 全市二级及以上公立综合医院均设立老年医学科。\n")
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == [("county_visit_rate", 90, 2024),
                                     ("geriatrics_department_share", 100, 2024)]


def test_hospitals_sending_staff_down_per_year(codebook):
    """"市人民医院和市中医医院每年下沉基层不少于60人次": the hospitals' staff, counted per year."""
    text = "某市基层卫生能力提升方案\n\n到2025年，市人民医院和市中医医院每年下沉基层不少于60人次。\n"
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("staff_sent_down_per_year", 60, None)]


def test_a_work_reports_paragraph_on_this_year_goes_on_with_this_years_goals(codebook):
    """A report of 2023-02: "今年县域内就诊率达到91%。…每万常住人口公共卫生人员达到6.8人。" in one
    paragraph: both are the year's goals."""
    text = ("某市2023年政府工作报告\n某市人民政府  2023-02-14\n\n过去一年，全市县域内就诊率达到89.2%。\n"
            "推进健康某市建设。深化医共体建设，今年县域内就诊率达到91%。建设康复医学中心，新增康复床位60张。"
            "每万常住人口公共卫生人员达到6.8人。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-02-14"))
    assert sorted(keys(targets)) == [("county_visit_rate", 91, 2023),
                                     ("public_health_staff_per_10000", 6.8, 2023)]
    assert keys(stats) == [("county_visit_rate", 89.2, 2022)]


@pytest.mark.parametrize("speaker", ["德阳市卫健委相关负责人提出", "德阳市卫生健康局有关负责人要求"])
def test_a_superior_bodys_official_stating_its_goal_in_a_county_page(codebook, speaker):
    """"会上，德阳市卫健委相关负责人提出，全市今年县域内就诊率目标为91%" on a page about 广汉 (a
    county-level city of 德阳): the prefecture's goal, not the city's own."""
    text = ("广汉：力争今年县域内就诊率达90%\n2023-03-10  来源：德阳日报\n\n"
            "记者从会上获悉，今年广汉将持续深化紧密型县域医共体建设，力争县域内就诊率达到90%。\n"
            f"会上，{speaker}，全市今年县域内就诊率目标为91%。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-03-10", region="广汉市",
                                                    level="county", regions=("德阳市",)))
    assert {k[1] for k in keys(targets)} == {90}


def test_the_goal_a_superior_place_set_is_quoted_not_set(codebook):
    """"湘潭市确定的到2025年全市居民健康素养水平达到30%的目标，湘乡市要力争提前一年实现" in 湘乡's
    text: 湘潭's goal, named as such."""
    text = ("湘乡出台医疗卫生强基层方案\n2023-04-10  来源：湘潭日报\n\n日前，《湘乡市医疗卫生强基层实施方案》"
            "正式印发。\n方案还提出，湘潭市确定的到2025年全市居民健康素养水平达到30%的目标，湘乡市要力争"
            "提前一年实现。到2025年，全市每万人口全科医生达到3.6人。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-04-10", region="湘乡市",
                                                    level="county", regions=("湘潭市",)))
    assert keys(targets) == [("gp_per_10000", 3.6, 2025)]


@pytest.mark.parametrize("clause, expected", [
    ("二是推进全部乡镇卫生院（社区卫生服务中心）达到基本标准", [("primary_basic_standard_share", 100, 2024)]),
    ("二是县级中医医院全部牵头组建紧密型医共体", []),
])
def test_all_of_the_institutions_named_after_quanbu(codebook, clause, expected):
    """全部 before the institutions it quantifies ("推进全部乡镇卫生院…达到基本标准") commits in
    words; 全部 as an adverb of another verb ("…全部牵头组建…") names no share."""
    text = f"某区卫生健康局2024年工作要点\n\n一、主要目标\n重点抓好以下方面：{clause}。\n"
    _, targets, _ = read(codebook, text)
    assert keys(targets) == expected


def test_an_autonomous_prefectures_text_speaks_as_its_own_whole_not_the_nation(codebook):
    """A page of 黔南州 (全州 three times, 全国 twice): "全国护理事业发展规划提出，到2025年全国
    每千人口注册护士数达到3.8人" is the nation's goal, cited."""
    text = ("黔南州：到2025年每千人口注册护士将达4.2人\n2022-08-11 来源：黔南日报\n\n"
            "日前，黔南州卫生健康局印发《黔南州护理事业发展实施方案（2022—2025年）》，对全州护理队伍"
            "建设作出部署。\n方案提出，到2025年，全州每千人口注册护士数达到4.2人。全州注册护士总数达到"
            "1.8万人。\n据悉，全国护理事业发展规划提出，到2025年全国每千人口注册护士数达到3.8人。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-08-11"))
    assert {k[1] for k in keys(targets) if k[0] == "nurses_per_1000"} == {4.2}


def test_residents_served_by_staff_sent_down_are_no_staff_count(codebook):
    """"区级医院医务人员下乡累计服务群众不少于1万人次": the residents served, not the staff sent."""
    text = ("某区卫生健康工作会议召开\n2024-02-20 来源：某市日报\n\n"
            "今年，区级医院医务人员下乡累计服务群众不少于1万人次，每年派出医务人员不少于50人次到乡镇卫生院。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-02-20"))
    assert [k for k in keys(targets) if k[0] == "staff_sent_down_per_year"] == [
        ("staff_sent_down_per_year", 50, None)]


def test_a_goal_built_on_last_years_base_is_of_the_year_ahead(codebook):
    """"县域内就诊率在去年88.7%的基础上达到90%": 去年 dates the base, not the goal, and the goal
    is of the measure the base was of."""
    text = ("某市卫生健康委员会2023年工作总结和2024年工作思路\n一、2023年工作开展情况\n"
            "县域内就诊率88.7%，比上年提高1.3个百分点。\n二、2024年工作思路\n"
            "2024年，我们将坚持以人民健康为中心，县域内就诊率在去年88.7%的基础上达到90%，"
            "二级以上公立医院电子病历系统应用水平平均达到4级。\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 90, 2024), ("emr_level", 4, 2024)]
    assert ("county_visit_rate", 88.7, 2023) in keys(stats)


@pytest.mark.parametrize(("line", "expected"), [
    ("到2025年，二级及以上公立医疗机构全部达到电子病历系统应用水平四级以上。", ("emr_level", 4, 2025)),
    ("到2026年，二级以上公立医院电子病历系统应用水平达到4级。", ("emr_level", 4, 2026)),
])
def test_a_level_after_its_verb_and_its_measures_name(codebook, line, expected):
    _, targets, _ = read(codebook, "某市“十四五”卫生健康规划\n二、发展目标\n" + line + "\n")
    assert keys(targets) == [expected]
    assert "全部" not in targets[0].indicator_text


@pytest.mark.parametrize("change", ["比上年提高2.4个百分点", "较上年增长2.4个百分点", "同比提高2.4个百分点"])
def test_a_change_between_a_figure_and_its_goal_names_no_measure(codebook, change):
    """"…占比达到82.1%，比上年提高2.4个百分点，今年力争达到85%": the goal is of the measure
    before the change, not of 比上年."""
    text = ("某县卫生健康委2023年工作总结和2024年工作打算\n来源：某县人民政府网  时间：2024-01-12\n"
            "一、2023年主要工作成效\n（一）医共体建设走深走实。县域内住院人次占比达到82.1%，"
            + change + "，今年力争达到85%。\n")
    assert _targets(codebook, text) == [("county_inpatient_share", 85, 2024)]


def test_a_year_one_enumerated_item_names_dates_that_item_only(codebook):
    """"一是…，力争明年通过评审。…四是…达到百分之二十二" under "二、2023年工作计划": the
    明年 of item one is not item four's year."""
    text = ("某县卫生健康局关于2022年工作总结和2023年工作计划的报告\n\n二、2023年工作计划\n"
            "（二）重点工作。一是推进县人民医院创建三级乙等综合医院，力争明年通过评审。"
            "二是加快紧密型县域医共体建设。三是全县居民健康素养水平达到百分之二十二。\n\n"
            "某县卫生健康局\n2023年1月10日\n")
    assert _targets(codebook, text) == [("health_literacy_rate", 22, 2023)]
    # items one a line after a lead that dates them all keep its year
    lines = ("某市卫生健康工作会议召开\n2024-02-20 来源：某市融媒体中心\n会议强调，今年要全力推进以下工作：\n"
             "一是做强县域医共体。县域内基层门急诊人次占比提高到60%。\n"
             "二是推进智慧医疗。二级以上公立医院预约诊疗率达到70%。\n")
    assert _targets(codebook, lines) == [("appointment_rate", 70, 2024),
                                         ("county_primary_visit_share", 60, 2024)]


def test_a_milestone_named_after_the_horizon_does_not_end_it(codebook):
    """"到2025年，…不低于35%；到2024年，…达到25%。每万人口全科医生数达到3.5人": the next
    sentence goes on with the horizon, not the milestone."""
    text = ("某市基层医疗卫生服务能力提升三年行动计划（2023—2025年）\n\n一、工作目标\n"
            "到2025年，乡镇卫生院全部达到“优质服务基层行”基本标准，达到推荐标准的比例不低于35%；"
            "到2024年，达到推荐标准的比例达到25%。每万人口全科医生数达到3.5人，"
            "重点人群家庭医生签约率达到80%以上。\n")
    assert _targets(codebook, text) == [
        ("family_doctor_signing_rate_key", 80, 2025), ("gp_per_10000", 3.5, 2025),
        ("primary_basic_standard_share", 100, 2025), ("primary_recommended_standard_share", 25, 2024),
        ("primary_recommended_standard_share", 35, 2025)]


def test_a_years_work_plan_dated_only_by_its_number_looks_ahead_at_its_year(codebook):
    """"2024年全市卫生健康工作要点" under a notice numbered 〔2024〕12号, no day given: its 2024
    goals are goals (a plan late in a year would look back on that year; its own never)."""
    text = ("某市卫生健康委员会关于印发2024年全市卫生健康工作要点的通知\n某卫发〔2024〕12号\n\n"
            "各县区卫生健康局：\n现将《2024年全市卫生健康工作要点》印发给你们，请认真抓好落实。\n\n"
            "2024年全市卫生健康工作要点\n\n2024年全市卫生健康工作的总体要求是：深化医改。主要目标："
            "全市居民健康素养水平达到30%，全人群家庭医生签约率达到42%。\n")
    assert _targets(codebook, text, DocContext(issued_on="2024")) == [
        ("family_doctor_signing_rate", 42, 2024),
        ("health_literacy_rate", 30, 2024)]


def test_an_undated_government_work_report_looks_ahead_from_its_title_year(codebook):
    """"2023年某市政府工作报告" with no date: its "2023年重点工作" are goals, even with a
    national goal of 到2025年 quoted later (no earlier year of a plan's period to look back on)."""
    text = ("2023年某市政府工作报告（摘要）\n\n过去一年……县域内就诊率达到87.2%，居民健康素养水平达到26.5%。\n"
            "2023年重点工作：\n……推进健康建设。推进紧密型县域医共体建设，县域内就诊率达到89%，"
            "居民健康素养水平达到28%以上。\n国家要求到2025年全国每千人口执业（助理）医师达到3.2人。\n")
    assert _targets(codebook, text) == [("county_visit_rate", 89, 2023),
                                        ("health_literacy_rate", 28, 2023)]


def test_a_count_after_a_rate_in_a_years_goals_is_that_years_count(codebook):
    """"2024年，…主要预期目标是：…每千人口康复床位数达到0.3张；城市医务人员下沉基层不少于600
    人次": the person-times are 2024's (the sentence opens on that one year), with no base
    per 1,000 people carried from the item before."""
    text = ("某市卫生健康委员会2023年工作总结和2024年工作思路\n发布时间：2024-01-18\n\n二、2024年工作思路\n"
            "2024年，全市卫生健康工作的主要预期目标是：居民健康素养水平达到31%，每千人口康复床位数达到"
            "0.3张；城市医务人员下沉基层不少于600人次。\n")
    assert _targets(codebook, text) == [("health_literacy_rate", 31, 2024),
                                        ("rehab_beds_per_1000", 0.3, 2024),
                                        ("staff_sent_down_per_year", 600, 2024)]



@pytest.mark.parametrize(("after", "expected"), [
    # another measure's share of 100%: both goals
    ("全市二级及以上公立综合医院设置老年医学科的比例达到100%",
     [("county_medical_community_coverage", 100, 2025),
      ("geriatrics_department_share", 100, 2025)]),
    # the rate of what the words said: one goal
    ("建成率达到100%", [("county_medical_community_coverage", 100, 2025)]),
    ("全市县域医共体覆盖率达到100%", [("county_medical_community_coverage", 100, 2025)]),
])
def test_words_then_a_share_of_100_restate_only_their_own_rate(codebook, after, expected):
    """"到2025年，实现县域医共体全覆盖，全市…设置老年医学科的比例达到100%": the second clause is
    another measure, not the coverage restated as a rate."""
    text = ("某市“十四五”卫生健康事业发展规划\n\n一、发展目标\n到2025年，实现县域医共体全覆盖，"
            + after + "。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-20"))
    assert sorted(keys(targets)) == expected


@pytest.mark.parametrize(("share", "expected"), [
    ("其中达到推荐标准的不少于8个，占比44%以上", ("primary_recommended_standard_share", 44, 2025)),
    ("其中8个达到推荐标准，比例达到44%", ("primary_recommended_standard_share", 44, 2025)),
])
def test_a_share_after_a_count_in_the_clause_before_is_of_the_counted(codebook, share, expected):
    """"全县18个乡镇卫生院全部达到基本标准，其中达到推荐标准的不少于8个，占比44%以上": the share
    of the township hospitals just counted."""
    text = ("某县紧密型县域医共体建设实施方案\n\n一、工作目标\n到2025年，全县18个乡镇卫生院全部达到基本标准，"
            + share + "。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-05-01"))
    assert expected in keys(targets)
    assert ("primary_basic_standard_share", 100, 2025) in keys(targets)


def test_a_notice_issuing_a_years_work_plan_dates_its_goals_by_that_year(codebook):
    """"关于印发《2024年全市卫生健康工作要点》的通知" whose text opens "2024年是实现“十四五”规划
    目标任务的关键一年": its undated goals are 2024's, not the five-year plan's 2025."""
    text = ("某市卫生健康委员会关于印发《2024年全市卫生健康工作要点》的通知\n某卫发〔2024〕3号\n"
            "各县（区）卫生健康局：\n2024年是实现“十四五”规划目标任务的关键一年。全市卫生健康工作的总体"
            "要求是：以健康某市建设为统领，深化医药卫生体制改革。\n一、主要目标\n2024年，全市每千人口医疗"
            "卫生机构床位数稳定在7.8张左右。\n二、重点工作\n（五）中医药。每千人口公立中医类医院床位数达到"
            "0.75张。\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2024-02-26"))
    assert keys(targets) == [("beds_per_1000", 7.8, 2024), ("public_tcm_beds_per_1000", 0.75, 2024)]


@pytest.mark.parametrize("words", ["均力争2025年达到", "均2025年底前达到", "均确保2025年达到"])
def test_a_commitment_in_words_may_hold_its_year(codebook, words):
    """"市人民医院、市中医院均力争2025年达到县级医院医疗服务能力推荐标准" in news of a plan: each
    hospital reaches it by 2025 (the year stands between the adverb and the verb)."""
    text = ("某县紧密型县域医共体建设方案出台\n来源：某县融媒体中心 发布日期：2023-08-15\n"
            "记者从县卫健局获悉，近日，《某县推进紧密型县域医疗卫生共同体建设实施方案》正式印发。"
            "方案明确，县人民医院、县中医院" + words + "县级医院医疗服务能力推荐标准。\n")
    _, targets, _ = read(codebook, text)
    assert sorted(keys(targets)) == [("county_hospital_recommended_standard_share", 100, 2025),
                                     ("county_tcm_hospital_recommended_standard_share", 100, 2025)]


@pytest.mark.parametrize(("milestone", "expected_after"), [
    ("2024年底前，县域医共体实现全覆盖。", 2026),
    ("2025年6月底前，全面建成紧密型县域医共体。", 2026),
    ("力争2024年前完成医共体建设。", 2026),
    ("到2025年，全县建成紧密型县域医共体。", 2025),  # a 到 year is a horizon: it carries
])
def test_a_deadline_before_the_horizon_dates_only_its_own_sentence(codebook, milestone,
                                                                    expected_after):
    text = ("某县卫生健康服务能力提升行动方案（2024—2026年）\n"
            "到2026年，县域内就诊率提高到92%。" + milestone +
            "二级及以上公立综合医院设立老年医学科的比例达到90%，预约诊疗率达到60%。\n")
    got = _targets(codebook, text, DocContext(issued_on="2024-03-01"))
    assert ("county_visit_rate", 92, 2026) in got
    assert ("geriatrics_department_share", 90, expected_after) in got
    assert ("appointment_rate", 60, expected_after) in got


@pytest.mark.parametrize("ctx", [None, DocContext(level="municipal", issued_on="2025-01-10")])
def test_a_higher_whole_named_in_one_item_of_a_list_is_that_items_only(codebook, ctx):
    """"…；落实省委省政府部署，全省县域内就诊率保持在90%以上；…签约率达到45%": the province's
    goal is one item of the city's list of tasks; the items after it are the city's own."""
    text = ("某市2025年政府工作报告\n今年我们将着力保障和改善民生：深化紧密型县域医共体建设，"
            "县域内住院人次占比达到86%；落实省委省政府部署，全省县域内就诊率保持在90%以上；"
            "加快建设区域医疗中心，全人群家庭医生签约率达到45%。\n")
    assert _targets(codebook, text, ctx) == [("county_inpatient_share", 86, 2025),
                                             ("family_doctor_signing_rate", 45, 2025)]


def test_a_higher_whole_heading_a_list_goes_on_through_it(codebook):
    """"省里提出，到2025年，全省…；…" - the list is the province's from its head on."""
    text = ("某市卫生健康工作要点\n省里提出，到2025年，全省县域内就诊率保持在90%以上；"
            "全人群家庭医生签约率达到45%。\n到2025年，全市每千人口医疗卫生机构床位数达到7.2张。\n")
    assert _targets(codebook, text, DocContext(level="municipal", issued_on="2024-03-01")) \
        == [("beds_per_1000", 7.2, 2025)]


def test_a_higher_bodys_year_past_the_plans_end_dates_only_its_own_goal(codebook):
    """News of a 十四五 plan quoting 健康中国2030: the nation's 2030 is its own goal's year;
    the plan's next goal (规划还提出，…) is for the plan's end, 2025."""
    text = ("某市印发卫生健康“十四五”规划\n2021-12-20 来源：某市日报\n"
            "近日，《某市“十四五”卫生健康发展规划》正式印发。规划明确，到2025年，全市每千人口"
            "医疗卫生机构床位数达到7.8张。国家《“健康中国2030”规划纲要》提出，到2030年居民健康"
            "素养水平达到30%。规划还提出，全市二级及以上综合医院设置老年医学科的比例达到80%以上。\n")
    got = _targets(codebook, text)
    assert ("geriatrics_department_share", 80, 2025) in got
    assert ("beds_per_1000", 7.8, 2025) in got
    assert not any(year == 2030 for _, _, year in got)


@pytest.mark.parametrize(("second", "expected"), [
    ("县级中医医院力争达到70%", ("county_tcm_hospital_recommended_standard_share", 70, 2025)),
    ("县中医医院达到65%以上", ("county_tcm_hospital_recommended_standard_share", 65, 2025)),
])
def test_an_institution_alone_takes_the_measure_before_it(codebook, second, expected):
    """"县级综合医院达到…推荐标准的比例达到100%，县级中医医院力争达到70%": the second
    institution's share of the same standard, an indicator of its own."""
    text = ("某市三年行动方案\n到2025年，县级综合医院达到国家医疗服务能力推荐标准的比例达到100%，"
            f"{second}。\n")
    assert _targets(codebook, text) == sorted(
        [("county_hospital_recommended_standard_share", 100, 2025), expected])


def test_an_institution_alone_is_not_given_another_populations_indicator(codebook):
    """"二级及以上公立综合医院设立老年医学科的比例达到90%，中医医院达到60%": the codebook has
    no 中医医院 indicator of 老年医学科; the 60% is not the 综合医院' share."""
    text = ("某市三年行动方案\n到2025年，二级及以上公立综合医院设立老年医学科的比例达到90%，"
            "中医医院达到60%。\n")
    assert _targets(codebook, text) == [("geriatrics_department_share", 90, 2025)]


@pytest.mark.parametrize("body", ["国家卫生健康委等部门提出", "国家卫生健康委等十部门印发的《意见》明确",
                                  "国家卫健委等6个部门要求"])
def test_a_national_goal_set_by_several_departments_is_quoted(codebook, body):
    """"国家卫生健康委等部门提出，到2035年，…覆盖率提高到75%以上" in a district's news: the
    nation's goal, cited; the district's own goals are this year's."""
    text = ("某区：家庭医生签约服务扩面提质\n发布时间：2022-06-17  来源：某区卫生健康局\n"
            "根据工作方案，今年全区重点人群家庭医生签约率达到80%。"
            f"{body}，到2035年，重点人群家庭医生签约率提高到75%以上。\n")
    assert _targets(codebook, text, DocContext(level="county")) == [
        ("family_doctor_signing_rate_key", 80, 2022)]


@pytest.mark.parametrize("region, whole, cited", [
    ("金寨县", "全县", "六安市规划明确"),
    ("兴国县", "全县", "赣州市“十四五”卫生健康规划提出"),
    ("额济纳旗", "全旗", "《阿拉善盟卫生健康事业发展规划》要求"),
])
def test_the_own_whole_after_a_higher_places_goal_is_the_documents_own(
        codebook, region, whole, cited):
    """"六安市规划明确全市…到2025年达到30%，全县力争达到28%" in 金寨县's plan: the clause
    opening on the county's (banner's) own whole speaks for the document; the cited
    place's goal stays quoted."""
    text = (f"{region}“十四五”卫生健康事业发展规划\n\n二、发展目标\n"
            f"到2025年，{whole}每千人口医疗卫生机构床位数达到6.8张。"
            f"{cited}全市居民健康素养水平到2025年达到30%，{whole}力争达到27%。\n")
    ctx = DocContext(region=region, level="county", issued_on="2021-12-20",
                     regions=("六安市", "赣州市", "阿拉善盟", "安徽省", "江西省"))
    _, targets, _ = read(codebook, text, ctx)
    assert keys(targets) == [("beds_per_1000", 6.8, 2025), ("health_literacy_rate", 27, 2025)]


def test_the_own_whole_inside_the_cited_demand_stays_quoted(codebook):
    """"六安市规划要求全县…达到28%": the county's whole named inside the city's demand (no
    clause of its own) is still the city's goal for it, quoted."""
    text = ("金寨县“十四五”卫生健康事业发展规划\n\n二、发展目标\n"
            "六安市规划明确全县居民健康素养水平到2025年达到28%。\n")
    ctx = DocContext(region="金寨县", level="county", issued_on="2021-12-20",
                     regions=("六安市", "安徽省"))
    _, targets, _ = read(codebook, text, ctx)
    assert keys(targets) == []


@pytest.mark.parametrize("aside", [
    "按照国家要求，到2025年全国居民健康素养水平达到25%。",
    "省里提出到2027年基本建成整合型服务体系。",
])
def test_each_item_of_a_dated_list_starts_from_the_lists_year(codebook, aside):
    """Items under "2025年重点任务：" are each of 2025, though the item before named a
    year of its own for something else (a national goal, a later aim)."""
    text = ("某市2025年政府工作报告\n（2025年1月20日）\n"
            "2025年重点民生工作：\n"
            f"——实施健康促进行动，全市居民健康素养水平力争达到36%。{aside}\n"
            "——推进智慧医院建设，二级及以上公立医院电子病历系统应用水平达到4级以上。\n"
            "——家庭医生重点人群签约率达到80%。\n")
    found = _targets(codebook, text, DocContext(issued_on="2025-01-20"))
    assert ("emr_level", 4.0, 2025) in found
    assert ("family_doctor_signing_rate_key", 80.0, 2025) in found
    assert ("health_literacy_rate", 36.0, 2025) in found


def test_a_share_of_stays_after_a_county_measure_is_the_countys(codebook):
    """"县域内就诊率…，县域内基层门急诊人次占比…，住院人次占比不低于75%": the last name drops
    县域内, which the measures before it carry."""
    text = ("某县推进紧密型县域医共体建设三年行动方案（2024—2026年）\n"
            "到2026年，县域内就诊率稳定在90%以上，县域内基层门急诊人次占比达到66%，"
            "住院人次占比不低于78%。\n")
    assert _targets(codebook, text, DocContext(issued_on="2024-03-01")) == [
        ("county_inpatient_share", 78.0, 2026), ("county_primary_visit_share", 66.0, 2026),
        ("county_visit_rate", 90.0, 2026)]


@pytest.mark.parametrize("share", ["占比100%", "占比达到100%"])
def test_all_of_them_then_their_share_among_goals_is_one_goal(codebook, share):
    """"二级及以上公立综合医院全部设立老年医学科，占比100%" among a plan's tasks: the words
    commit (全部), the share with or without its verb restates them; one goal."""
    text = ("某市卫生健康事业发展“十四五”规划\n三、主要任务\n"
            f"（四）积极应对老龄化。二级及以上公立综合医院全部设立老年医学科，{share}。\n")
    assert _targets(codebook, text, DocContext(issued_on="2021-07-01")) == [
        ("geriatrics_department_share", 100.0, 2025)]


def test_all_of_them_then_their_share_in_brackets_is_one_goal(codebook):
    """"…全部达到推荐标准（占比100%）": the bracketed share is read, the words not again."""
    text = ("某市卫生健康事业发展“十四五”规划\n三、主要任务\n"
            "（一）提升县级医院能力。到2025年，县级综合医院全部达到国家医疗服务能力推荐标准（占比100%）。\n")
    assert _targets(codebook, text, DocContext(issued_on="2021-07-01")) == [
        ("county_hospital_recommended_standard_share", 100.0, 2025)]
