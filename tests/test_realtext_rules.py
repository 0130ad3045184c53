"""Rules for real web, PDF and news text, each tested on our own varied sentences.

Classes (issue 12): traditional characters and pinyin glosses, genres whose numbers
are statistics (bulletins, reviews, work reports), reference dates (datelines,
title years), statistics kept as observations, commitments in words.
None of these sentences is copied from a corpus.
"""

from __future__ import annotations

import pytest

from analysis.extract.genre import dateline, document_kind, infer_genre, title_year
from analysis.extract.rules import DocContext
from analysis.ingest.textnorm import normalize
from reading import keys, read

# --- traditional characters and pinyin glosses -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("印發給你們。到2025年，全市每千常住人口醫療衛生機構床位數達(dá)到6.5張。",
     [("beds_per_1000", 6.5, 2025)]),
    ("現將《規劃》印發給你們。到2027年，縣域內(nèi)就診率提高到92%以上。",
     [("county_visit_rate", 92, 2027)]),
    ("印发给你们。到2026年，每萬(wàn)常住人口全科醫生數超過4.5人。",
     [("gp_per_10000", 4.5, 2026)]),
])
def test_traditional_text_with_glosses_yields_its_targets(codebook, text, expected):
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-03-01"))
    assert keys(targets) == expected
    (t,) = targets
    assert text[t.value_start:t.value_end] == t.value_text  # offsets point into the raw text


# --- genre and reference date ----------------------------------------------------------

@pytest.mark.parametrize(("head", "genre"), [
    ("某省卫生健康委发布《2022年某省卫生健康事业发展统计公报》。公报显示，全省……", "bulletin"),
    ("国家卫健委今日发布统计公报。根据《公报》，年末全国……", "bulletin"),
    ("某县2021年居民健康素养监测调查分析报告\n根据监测方案……", "bulletin"),
    ("区卫生健康局2023年工作总结和2024年工作计划\n2023年，我局……", "work_report"),
    ("市卫健委关于2022年度重点任务完成情况的报告\n一、总体情况", "work_report"),
    ("卫健委：我省每千人口床位数已提高至7.1张\n发布时间:2023-05-06\n记者从省卫健委获悉……",
     "review"),
    ("“十三五”期间我市居民健康素养水平翻一番\n本报讯 记者近日从市卫健委了解到……", "review"),
    ("关于某市卫生健康事业发展“十三五”规划实施情况的评估报告\n一、主要指标完成情况", "review"),
    ("本报讯（记者李明）近日，省卫生健康委印发《某省护理事业发展规划(2021-2025年)》，"
     "提出到2025年，全省每千人口注册护士数达到3.9人。", "news_of_plan"),
    ("某市卫生健康事业发展“十四五”规划\n第一章 发展基础\n“十三五”期间取得显著成效……", "plan"),
    ("各县区人民政府，市直各有关部门：\n现将《某市健康行动实施方案》印发给你们……", "plan"),
])
def test_genre_from_the_head_of_the_text(head, genre):
    assert infer_genre(head, None, None)[0] == genre


def test_a_review_that_announces_a_deadline_ahead_is_news_of_a_plan():
    text = ("国家卫健委召开发布会，介绍护理事业发展成效。\n记者从会上获悉，"
            "到2027年，全国每千人口注册护士数要达到4.2人。")
    assert infer_genre(text, None, 2023)[0] != "review"


def test_datelines_and_title_years():
    assert dateline("新闻中心  2021-03-09 10:21:33  来源：某某日报") == "2021-03-09"
    assert dateline("发布时间：2019年11月02日  浏览次数") == "2019-11-02"
    assert dateline("20200414 某县卫健局 讯") == "2020-04-14"
    assert dateline("文号 20201399 号") is None  # not a date (month 13)
    # a page's own date line in Chinese: a time or the page's chrome follows it
    assert dateline("首页 > 新闻\n2024年1月18日 09:30  来源：某某日报") == "2024-01-18"
    assert dateline("某市人民政府网\n2022年3月5日 星期六") == "2022-03-05"
    assert dateline("作者：张三 2021年12月30日 来源：市卫健委") == "2021-12-30"
    assert dateline("2023年6月1日【字体：大 中 小】") == "2023-06-01"
    # a date in the prose is no dateline
    assert dateline("2023年6月1日，市政府召开常务会议，审议通过了方案。") is None
    assert dateline("于2023年6月1日 印发实施") is None
    assert title_year("某市2024年卫生健康工作要点\n") == 2024
    assert title_year("《2019年某省卫生健康事业发展统计公报》") == 2019


def test_reference_date_of_a_reprinted_plan_is_its_signing_date():
    text = ("公开日期：2022-04-06\n各乡镇人民政府：\n现将《某市卫生事业发展“十二五”规划》印发给你们。\n"
            "某市人民政府\n2011年11月19日")
    from analysis.extract.context import doc_date_guess

    kind = document_kind(text, None, signed=doc_date_guess(text))
    assert (kind.genre, kind.reference_date, kind.reference_date_source) == (
        "plan", "2011-11", "signing date or 文号")


def test_manifest_genre_and_reference_date_win(codebook):
    text = "到2025年，每千人口医疗卫生机构床位数达到7张。"
    ctx = DocContext(genre="bulletin", reference_date="2026-02-01")
    found, targets, stats = read(codebook, text, ctx)
    assert (found.kind.genre, found.kind.genre_source) == ("bulletin", "manifest")
    assert found.kind.reference_date == "2026-02-01"
    assert targets == [] and keys(stats) == [("beds_per_1000", 7, 2025)]


# --- statistics: never targets, kept as observations -------------------------------------

def test_bulletin_numbers_are_statistics_with_their_year(codebook):
    text = ("某省发布2021年卫生健康事业发展统计公报\n发布时间：2022-06-01\n"
            "2021年末，全省每千人口执业(助理)医师3.21人，每千人口注册护士3.6人。\n"
            "每千人口医疗卫生机构床位数由2020年的6.1张增加到6.4张。")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin"
    assert targets == []
    got = {(t.indicator_id, t.value): t.target_year for t in stats}
    assert got[("physicians_per_1000", 3.21)] == 2021
    assert got[("nurses_per_1000", 3.6)] == 2021
    assert got[("beds_per_1000", 6.1)] == 2020
    for t in stats:
        assert text[t.char_start:t.char_end] == t.quote and t.statistic


def test_achievement_news_is_a_review_with_no_target(codebook):
    text = ("卫健委：全市居民健康素养水平已达到31.2%\n2023-09-12 09:30 来源：某某网\n"
            "记者从市卫健委获悉，全市居民健康素养水平达到31.2%，比上年提高2.4个百分点；"
            "每万人口全科医生数由2.6人增长至3.3人。")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert ("health_literacy_rate", 31.2) in {(t.indicator_id, t.value) for t in stats}


def test_compared_with_last_year_makes_a_statistic_in_any_genre(codebook):
    text = "现将方案印发给你们。2024年，全县预约诊疗率达到62%，较上年提高4个百分点。"
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-03-01"))
    assert targets == []
    assert keys(stats) == [("appointment_rate", 62, 2024)]


def test_work_report_keeps_targets_only_under_its_forward_heading(codebook):
    text = ("某区卫生健康局2023年工作总结和2024年工作安排\n"
            "一、2023年工作完成情况\n全区县域内就诊率达到88%，预约诊疗率达到55%。\n"
            "二、2024年工作安排\n（一）深化改革。2024年，力争预约诊疗率达到65%。\n")
    found, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-15"))
    assert found.kind.genre == "work_report"
    assert keys(targets) == [("appointment_rate", 65, 2024)]
    assert ("county_visit_rate", 88) in {(t.indicator_id, t.value) for t in stats}



@pytest.mark.parametrize(("back", "ahead"), [
    # a converter's list number before each heading's own marker
    ("1、一、2023年工作总结", "2、二、2024年工作计划"),
    # a government work report: 回顾, then the year's 主要工作
    ("一、2023年工作回顾", "二、2024年主要工作"),
])
def test_forward_sections_of_work_reports_however_headed(codebook, back, ahead):
    text = ("某县2024年政府工作报告\n" + back + "\n（一）基层能力。全县县域内就诊率为86.5%。\n"
            + ahead + "\n（一）深化改革。今年全县乡镇卫生院全部达到“优质服务基层行”基本标准，"
            "县级医院医务人员每年下沉基层不少于120人次。\n")
    found, targets, stats = read(codebook, text, DocContext(issued_on="2024-01-20"))
    assert found.kind.genre == "work_report"
    assert keys(targets) == [("primary_basic_standard_share", 100, 2024),
                             ("staff_sent_down_per_year", 120, None)]
    assert [(t.indicator_id, t.value) for t in stats] == [("county_visit_rate", 86.5)]

def test_development_status_section_of_a_plan_gives_statistics(codebook):
    text = ("现将规划印发给你们。\n一、发展现状\n2020年，全市每千人口医疗卫生机构床位数达到6.2张。\n"
            "二、发展目标\n到2025年，全市每千人口医疗卫生机构床位数达到7张。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2021-06-01"))
    assert keys(targets) == [("beds_per_1000", 7, 2025)]
    assert keys(stats) == [("beds_per_1000", 6.2, 2020)]


# --- commitments in words ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "indicator", "words"), [
    ("到2026年，二级及以上公立综合医院均设立老年医学科。", "geriatrics_department_share", "均设立"),
    ("到2025年，全县实现紧密型县域医共体全覆盖。", "county_medical_community_coverage", "全覆盖"),
    ("到2027年，所有县（市）全部建成紧密型县域医共体。", "county_medical_community_coverage",
     "所有县(市)全部建成"),
    ("力争到“十四五”末，县级综合医院全部达到国家医疗服务能力推荐标准。",
     "county_hospital_recommended_standard_share", "全部达到"),
])
def test_commitments_in_words_are_100_percent_targets(codebook, text, indicator, words):
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-10"))
    (t,) = targets
    assert (t.indicator_id, t.value, t.in_words, t.unit) == (indicator, 100, True, "%")
    assert t.target_year in (2025, 2026, 2027)
    assert t.quote == text
    assert text[t.value_start:t.value_end].replace("（", "(").replace("）", ")") == words


@pytest.mark.parametrize("subjects", ["县级综合医院和县中医院", "县级综合医院、县级中医医院"])
def test_a_commitment_in_words_of_two_subjects_is_a_target_of_each(codebook, subjects):
    text = ("某县“十四五”卫生健康规划\n第二章 发展目标\n到2025年，" + subjects
            + "均达到国家医疗服务能力推荐标准。")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-01"))
    assert keys(targets) == [("county_hospital_recommended_standard_share", 100, 2025),
                             ("county_tcm_hospital_recommended_standard_share", 100, 2025)]
    assert {t.value_text for t in targets} == {"均达到"}




_NEWS_HEAD = "某市召开医共体建设推进会\n2024-05-10 09:30 来源：某市日报\n本报讯（记者 王明）5月9日，我市召开推进会。\n"


@pytest.mark.parametrize(("said", "expected"), [
    ("市卫健委主任表示，“到明年底，全市所有县（市、区）都要建成紧密型县域医共体。”",
     [("county_medical_community_coverage", 100, 2025)]),
    ("“我们将以医共体为抓手，确保到2026年全市所有县（区）建成紧密型县域医共体。”市卫健委负责人说。",
     [("county_medical_community_coverage", 100, 2026)]),
    ("这位负责人介绍，“确保明年全市乡镇卫生院全部达到基本标准。”",
     [("primary_basic_standard_share", 100, 2025)]),
])
def test_a_speaker_committing_in_words_sets_a_goal(codebook, said, expected):
    """Quoted words commit like a quoted number: the speaker's 要/将/确保 and a deadline."""
    _, targets, _ = read(codebook, _NEWS_HEAD + said + "\n")
    assert keys([t for t in targets if t.in_words]) == expected
    (t,) = [t for t in targets if t.in_words]
    assert not t.indicator_text.endswith(("。", "”"))  # the clause, not its closing marks


@pytest.mark.parametrize("said", [
    "“我们已经实现所有乡镇卫生院都达到基本标准。”市卫健委主任说。",  # done: a result
    "国家卫生健康委相关负责人此前表示，“全国所有县都建成了紧密型县域医共体。”",  # no intent
    "一位村医说，“所有乡镇卫生院都达到基本标准，是大家的期盼。”",  # no 要/将/确保
])
def test_quoted_words_without_the_speakers_commitment_set_no_goal(codebook, said):
    _, targets, _ = read(codebook, _NEWS_HEAD + said + "\n")
    assert [t for t in targets if t.in_words] == []


@pytest.mark.parametrize("text", [
    "目前，全市二级以上综合医院均已设置老年医学科。",  # achieved
    "到2025年，二级以上公立医院电子病历应用水平平均达到4级。",  # 平均 is an average
    "县级中医医院全部牵头组建紧密型医共体。",  # no deadline, no 力争
    "到2025年，实现医共体医保基金打包付费全覆盖。",  # payment coverage, not the communities
    "到2025年，二级以上综合医院设置老年医学科的比例达到90%。",  # a number: read as such
])
def test_words_that_are_no_commitment_of_a_share(codebook, text):
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-10"))
    assert [t for t in targets if t.in_words] == []


# --- short and composite indicator names (the population-base grammar) ------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("到2026年，千人床位数达到6.9张。", [("beds_per_1000", 6.9, 2026)]),
    ("到2026年，千人均医疗机构床位数不低于6.2张。", [("beds_per_1000", 6.2, 2026)]),
    ("到2026年，千人医生数达到3.3人。", [("physicians_per_1000", 3.3, 2026)]),
    ("到2026年，每千人口拥有执业医师数达到3.05人。", [("physicians_per_1000", 3.05, 2026)]),
    ("到2026年，执业医生数达到每千人口2.9人。", [("physicians_per_1000", 2.9, 2026)]),
    ("到2026年，万人全科医生数达到4.1人。", [("gp_per_10000", 4.1, 2026)]),
    ("到2026年，每万常住人口拥有全科医生4.2人。", [("gp_per_10000", 4.2, 2026)]),
    ("到2026年，县域就诊率达到91%。", [("county_visit_rate", 91, 2026)]),
    ("到2026年，每万名居民拥有4名合格的全科医生。", [("gp_per_10000", 4, 2026)]),
])
def test_short_and_composite_names(codebook, text, expected):
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-03-01"))
    assert keys(targets) == expected


@pytest.mark.parametrize("text", [
    "到2026年，每千人口康复医师数达到0.2人。",  # 康复医师 is not 康复床位 nor all physicians
    "到2026年，居民心理健康素养水平达到30%。",  # 心理健康素养 is not 健康素养
    "到2026年，每年下沉医务人员达到3万人次。",  # 万人次 is a count, not a base
])
def test_near_miss_names_stay_unmapped_to_the_core(codebook, text):
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-03-01"))
    assert [t.indicator_id for t in targets] in ([], ["staff_sent_down_per_year"])


def test_codebook_composes_resource_with_base():
    from analysis import paths
    from analysis.extract.codebook import Codebook, canonical_base

    cb = Codebook.load(paths.CODEBOOK)
    patterns = {a.pattern for a in cb.by_id["physicians_per_1000"].aliases}
    assert "每千人口…执业医生" in patterns
    assert canonical_base("千人均医疗机构床位数") == "每千人口医疗机构床位数"
    assert canonical_base("服务人口10万人以上") == "服务人口10万人以上"


# --- verbless statements, noun lists, PDF losses, tables --------------------------------

def test_verbless_statements_in_a_target_context(codebook):
    text = "“十四五”末，每千人口执业(助理)医师3.4人，每千人口拥有注册护士3.8人。"
    _, targets, _ = read(codebook, text, DocContext(issued_on="2021-09-01"))
    assert keys(targets) == [("physicians_per_1000", 3.4, 2025), ("nurses_per_1000", 3.8, 2025)]


def test_noun_list_sharing_a_base_without_fenbie(codebook):
    text = "到2027年，每千人口拥有执业医师数3.3人、注册护士数4.4人。"
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-09-01"))
    assert keys(targets) == [("physicians_per_1000", 3.3, 2027), ("nurses_per_1000", 4.4, 2027)]



@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2027年，每千人口执业（助理）医师、注册护士数3.6人、4.3人，居民健康素养水平达到31%。",
     [("physicians_per_1000", 3.6, 2027), ("nurses_per_1000", 4.3, 2027),
      ("health_literacy_rate", 31, 2027)]),
    ("到2026年，每千人口執業（助理）醫師、註冊護士數達到3.2人、3.7人。",
     [("physicians_per_1000", 3.2, 2026), ("nurses_per_1000", 3.7, 2026)]),
    ("到2025年，县域内就诊率和县域内住院人次占比提高到91%和84%以上。",
     [("county_visit_rate", 91, 2025), ("county_inpatient_share", 84, 2025)]),
])
def test_names_then_values_without_fenbie(codebook, sentence, expected):
    _, targets, _ = read(codebook, "现将方案印发给你们。\n" + sentence,
                         DocContext(issued_on="2023-09-01"))
    assert keys(targets) == expected


def test_names_then_values_of_a_past_year_are_statistics(codebook):
    _, targets, stats = read(codebook, "2022年，全市每千人口执业医师、注册护士数为2.9人、3.3人。",
                             DocContext(issued_on="2023-09-01"))
    assert targets == []
    assert keys(stats) == [("physicians_per_1000", 2.9, 2022), ("nurses_per_1000", 3.3, 2022)]

def test_percent_signs_lost_by_a_pdf(codebook):
    text = "到2026年，县域内就诊率和预约诊疗率分别达到88 及以上和60 及以上。"
    _, targets, _ = read(codebook, text, DocContext(issued_on="2023-09-01"))
    assert keys(targets) == [("county_visit_rate", 88, 2026), ("appointment_rate", 60, 2026)]
    assert all(t.unit == "%" and "% sign lost" in t.match_note for t in targets)


def test_table_with_a_plain_value_column_under_a_period_heading(codebook):
    text = ("某县“十四五”卫生健康主要指标\n序号 | 指标 | 单位 | 值 |\n"
            "1 | 每千人口执业(助理)医师数 | 人 | 3.1 |\n2 | 县域内就诊率 | % | 92 |\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2021-06-01"))
    assert keys(targets) == [("physicians_per_1000", 3.1, 2025), ("county_visit_rate", 92, 2025)]
    past = text.replace("“十四五”", "2020年")
    assert read(codebook, past, DocContext(issued_on="2021-06-01"))[1] == []


# --- years from context -----------------------------------------------------------------

def test_this_year_in_a_dated_news_report(codebook):
    text = ("20210318 某县融媒体中心讯\n记者从县卫健局获悉，今年全县力争县域内就诊率达到88%，"
            "明年达到90%。")
    found, targets, _ = read(codebook, text)
    assert found.kind.reference_date == "2021-03-18"
    assert keys(targets) == [("county_visit_rate", 88, 2021), ("county_visit_rate", 90, 2022)]


def test_work_points_title_year(codebook):
    text = "某市2025年卫生健康工作要点\n\n一、深化医改\n全市预约诊疗率达到66%以上。"
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("appointment_rate", 66, 2025)]


def test_development_goals_of_a_five_year_plan(codebook):
    text = ("某市卫生健康事业发展“十五五”规划\n二、发展目标\n每千人口注册护士数达到4.6人，"
            "县域内就诊率保持在90%以上。")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("nurses_per_1000", 4.6, 2030), ("county_visit_rate", 90, 2030)]


def test_plan_period_of_a_title_line_after_site_chrome_and_of_a_reported_plan(codebook):
    chrome = "首页 | 政务公开 | 规划计划\n当前位置：首页 > 规划计划\n"
    text = chrome + "某县卫生健康事业发展“十四五”规划\n二、发展目标\n县域内就诊率达到92%。"
    assert keys(read(codebook, text)[1]) == [("county_visit_rate", 92, 2025)]
    news = ("本报讯（记者王芳）近日，市卫健委印发《某市护理事业发展规划（2021-2025年）》。"
            "规划提出，每千人口注册护士数达到3.9人。")
    found, targets, _ = read(codebook, news)
    assert found.kind.genre == "news_of_plan"
    assert keys(targets) == [("nurses_per_1000", 3.9, 2025)]


def test_a_share_before_its_predicate_whose_percent_sign_a_pdf_lost(codebook):
    text = ("某市“十四五”卫生健康发展规划\n二、发展目标\n"
            "到2025年，县级中医医院70 以上达到推荐标准，县级综合医院全部达到推荐标准。")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2022-01-01"))
    assert keys(targets) == [("county_tcm_hospital_recommended_standard_share", 70, 2025),
                             ("county_hospital_recommended_standard_share", 100, 2025)]
    assert targets[0].unit == "%" and "% sign lost" in targets[0].match_note


def test_a_news_dateline_without_a_year_early_in_the_year_after_the_one_reported(codebook):
    """"（记者 王明）2月20日，…召开2024年…新闻发布会": the results are of 2024, so the
    news speaks in 2025 and its 今年 is 2025."""
    from analysis.extract.rules import extract_document
    from reading import keys, read

    text = ("江北市卫健委召开新闻发布会\n\n江北在线讯（记者 王明）2月20日，江北市卫健委召开2024年"
            "卫生健康工作新闻发布会。\n市卫健委主任介绍，2024年，全市每千人口医疗卫生机构床位数"
            "达到7.1张，县域内就诊率达到90.5%。\n“今年，我们要推动预约诊疗比例达到70%。”\n")
    found = extract_document(text)
    assert found.kind.reference_date == "2025-02-20"
    assert found.kind.reference_date_source == "dateline without year, after the year it reports"
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("appointment_rate", 70.0, 2025)]
    assert ("beds_per_1000", 7.1, 2024) in keys(stats)
    # a dateline in the second half of the year is left undated (the year could be either)
    later = text.replace("2月20日", "8月20日")
    assert extract_document(later).kind.reference_date is None


@pytest.mark.parametrize("words", ["交出亮眼成绩单", "交出民生答卷"])
def test_a_headline_handing_in_results_makes_a_review(codebook, words):
    """A page that hands in a period's results (成绩单, 答卷), its values met (均实现规划目标),
    reports them: statistics of the period's end, not targets, even when the sentence
    opens on 到“十三五”时期末 like a goal."""
    text = (f"【奋进“十三五”】某县：五年健康事业{words}\n2020-12-26 10:05 来源：某某日报\n"
            "“十三五”期间，某县卫生健康事业加快发展。\n"
            "到“十三五”时期末，全县每千人口执业（助理）医师达到2.44人，"
            "每千人口注册护士达到2.81人，均实现规划目标。\n"
            "基层服务更加健全，重点人群签约率达到77.2%。\n"
            "下一步，某县将力争县域内就诊率稳定在90%以上。")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert keys(stats) == [("physicians_per_1000", 2.44, 2020), ("nurses_per_1000", 2.81, 2020),
                           ("family_doctor_signing_rate_key", 77.2, 2020)]


def test_a_plan_states_its_vision_beside_its_deadline(codebook):
    """到2025年 … 到2035年 (the nation's 远景 year): the tasks after them, undated, are for
    the plan's own deadline; with two near deadlines an undated target stays undated."""
    def plan(far: str) -> str:
        return ("某市人民政府办公室关于推进医疗卫生事业发展的实施意见\n一、总体目标\n"
                f"到2025年，每千人口床位数达到6.8张。{far}，基本建成优质高效的医疗卫生服务体系。\n"
                "二、重点任务\n（一）加强基层。乡镇卫生院达到服务能力基本标准的比例达到90%以上。\n")
    _, targets, _ = read(codebook, plan("到2035年"))
    assert keys(targets) == [("beds_per_1000", 6.8, 2025),
                             ("primary_basic_standard_share", 90, 2025)]
    _, targets, _ = read(codebook, plan("到2030年"))
    assert keys(targets) == [("beds_per_1000", 6.8, 2025),
                             ("primary_basic_standard_share", 90, None)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # 年内 opens the clause like 今年: the share before its noun is still read
    ("会议要求，年内全省70%的县（市、区）建成紧密型县域医共体，到2026年实现全覆盖。",
     [("county_medical_community_coverage", 70, 2025),
      ("county_medical_community_coverage", 100, 2026)]),
    # a bare 全覆盖 completes the share the clause just before set
    ("今年，65%的乡镇卫生院达到服务能力基本标准，明年实现全覆盖。",
     [("primary_basic_standard_share", 65, 2025), ("primary_basic_standard_share", 100, 2026)]),
    # ... a share only: after a count of beds it names nothing
    ("到2026年，每千人口床位数达到6.6张，实现全覆盖。", [("beds_per_1000", 6.6, 2026)]),
])
def test_this_years_share_and_the_coverage_that_completes_it(codebook, sentence, expected):
    _, targets, _ = read(codebook, sentence, DocContext(issued_on="2025-02-10",
                                                       level="provincial"))
    assert keys(targets) == expected


def test_a_rate_of_meeting_the_standard_the_sentence_named(codebook):
    """"…力争达到国家医疗服务能力推荐标准，全市县级综合医院达标率达到85%": the 达标率 is of
    the standard just named; with none named it stays unmapped."""
    head = "某市人民政府工作报告\n二、2025年工作安排\n"
    named = ("实施县级医院提标扩能工程，甲县人民医院力争达到国家医疗服务能力推荐标准，"
             "全市县级综合医院达标率达到85%。\n")
    _, targets, _ = read(codebook, head + named, DocContext(issued_on="2025-01-12"))
    assert keys(targets) == [("county_hospital_recommended_standard_share", 85, 2025)]
    _, targets, _ = read(codebook, head + "全市县级综合医院达标率达到85%。\n",
                         DocContext(issued_on="2025-01-12"))
    assert targets == []


def test_an_undated_plan_spanning_more_than_five_years_keeps_its_milestone(codebook):
    """"…实施方案（2022—2030年）" with no date: 到2025年 is a milestone inside its period, a
    target, not a year it looks back on (a five-year plan's 到2020年 would be)."""
    text = ("某市县级医院综合能力提升实施方案（2022—2030年）\n\n二、目标任务\n"
            "（一）到2025年，每千人口执业（助理）医师数达到2.9人。\n"
            "（二）到2030年，每千人口执业（助理）医师数达到3.3人。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("physicians_per_1000", 2.9, 2025), ("physicians_per_1000", 3.3, 2030)]


def test_a_county_news_page_dated_by_month_and_day_and_its_prefectures_goal(codebook):
    """"（记者…）5月20日，…" with no year, reporting 2023's figures: the page is of 2024, so
    2023 is the past, 明年底 is 2025 and 今年 2024; "全州…力争达到88%" is the prefecture's."""
    text = ("某县出台基层医疗卫生服务能力提升方案\n\n某某网讯（记者 某某）5月20日，记者从某县卫生健康局"
            "获悉，该县日前印发《某县基层医疗卫生服务能力提升方案（2024—2025年）》。\n"
            "2023年，全县县域内就诊率为78.2%。\n方案明确，到明年底，全县县域内就诊率达到85%。"
            "今年，全年下沉医务人员不少于120人次。\n某州卫健委此前提出，全州县域内就诊率力争达到88%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.reference_date == "2024-05-20"
    assert keys(targets) == [("county_visit_rate", 85, 2025),
                             ("staff_sent_down_per_year", 120, 2024)]
    assert keys(stats) == [("county_visit_rate", 78.2, 2023)]


def test_the_rest_of_the_institutions_and_neighbours_goals(codebook):
    """"…基层医疗卫生机构占比不低于60%，其余机构全部达到基本标准": the rest of those just
    named; "邻近的某某市则提出…目标为92%" and "某某市此前提出，到2025年全市…" are other
    places' goals."""
    text = ("某市基层医疗卫生服务能力提升三年行动方案\n二、主要目标\n到2025年，全市达到国家推荐标准的"
            "基层医疗卫生机构占比不低于55%，其余机构全部达到基本标准。县域内就诊率达到90%以上。"
            "邻近的北山市则提出县域内就诊率目标为93%。\n呼伦贝尔市此前提出，到2025年全市每万人口"
            "全科医生数达到4.5人。\n")
    ctx = DocContext(issued_on="2023-04-01", level="municipal", region="满洲里市",
                     regions=("满洲里市", "呼伦贝尔市"))
    _, targets, _ = read(codebook, text, ctx)
    assert keys(targets) == [("primary_recommended_standard_share", 55, 2025),
                             ("primary_basic_standard_share", 100, 2025),
                             ("county_visit_rate", 90, 2025)]


def test_a_list_of_goals_broken_over_lines_keeps_its_deadline(codebook):
    """A page of one paragraph per line: "…实现全覆盖；" then "县域内就诊率达到90%，…占比达到"
    then "60%以上；…": the lines after a semicolon go on with the same deadline, and a verb
    at a line's end goes on with the value the next line starts with."""
    text = ("某区人民政府关于推进分级诊疗制度建设的实施意见\n某政〔2022〕9号\n\n"
            "各镇人民政府、街道办事处，区政府各部门：\n为深入推进分级诊疗制度建设，提出如下实施意见。\n\n"
            "一、总体目标\n到2025年，全区建成紧密型县域医共体，实现全覆盖；\n"
            "县域内就诊率达到91%，\n县域内基层门急诊人次占比达到\n62%以上；每年下沉医务人员不少于\n"
            "200人次。\n\n二、主要任务\n（一）全面推进紧密型县域医共体建设，完善管理体制和运行机制。\n"
            "（二）做实家庭医生签约服务，提高签约服务质量和群众满意度。\n"
            "（三）推进基层服务能力提升，加强乡镇卫生院标准化建设。\n"
            "（四）落实医疗资源下沉，推动优质医疗资源向基层延伸。\n")
    _, targets, _ = read(codebook, text)
    assert ("county_visit_rate", 91, 2025) in keys(targets)
    assert ("county_primary_visit_share", 62, 2025) in keys(targets)


def test_a_goal_in_brackets_and_a_keyword_line_over_the_headline(codebook):
    """"县域内就诊率（力争达到93%）和…稳定在84%左右": the bracket holds the name's goal; a line of
    keywords set apart by spaces ("热门搜索：减肥药 正品代购 …") never runs into the headline."""
    text = ("某某新闻网 | 首页 | 区县\n热门搜索：减肥药 正品代购 医疗器械批发 房价\n"
            "北湖区“十四五”卫生健康规划印发\n2022-03-25 10:14  来源：北湖区融媒体中心  记者 某某\n\n"
            "本网讯 日前，《北湖区“十四五”卫生健康事业发展规划》正式印发。规划明确，到2025年，全区每千人口"
            "医疗卫生机构床位数达到6.9张。区卫健委负责人介绍，县域内就诊率（力争达到93%）和县域内住院人次"
            "占比稳定在84%左右。\n")
    found, targets, _ = read(codebook, text)
    assert found.kind.genre == "news_of_plan"
    assert keys(targets) == [("beds_per_1000", 6.9, 2025), ("county_visit_rate", 93, 2025),
                             ("county_inpatient_share", 84, 2025)]


def test_a_line_of_underscored_chrome_never_runs_into_the_bulletins_title(codebook):
    """A scraped page's first line ("…在线看_2023年最新网赚项目_网赚平台排行", a title bar of
    segments set apart by single underscores) is chrome: the title under it keeps its own year."""
    text = ("免费在线观看高清电影_最新电视剧大全_日韩综艺在线看_2023年最新网赚项目_网赚平台排行\n"
            "某区2022年卫生健康事业发展统计公报\n来源：某区卫生健康局 发布日期：2023-05-19\n\n"
            "一、卫生资源\n全区卫生人员3126人，每千人口执业（助理）医师2.52人、注册护士2.88人。\n")
    found, _, stats = read(codebook, text)
    assert found.kind.title_year == 2022
    assert keys(stats) == [("physicians_per_1000", 2.52, 2022), ("nurses_per_1000", 2.88, 2022)]
    norm = normalize(text)
    assert norm.text.split("\n")[0].endswith("网赚平台排行")
    # a blank to fill in (a run of underscores) is no such line
    blank = normalize("到2025年，全县每千人口床位数达到____张，\n每千人口执业医师达到____人。")
    assert "\n" not in blank.text


def test_a_county_level_city_speaks_of_its_own_whole_as_the_city(codebook):
    """A manifest row ``level=county`` for a county-level city (汝州市): its 全市 is its own
    whole; for a county (某县) the same 全市 is the prefecture's."""
    text = "某市卫生健康实施方案\n到2025年，全市县域内就诊率达到92%。\n"
    _, targets, _ = read(codebook, text, DocContext(level="county", region="汝州市"))
    assert keys(targets) == [("county_visit_rate", 92, 2025)]
    _, targets, _ = read(codebook, text, DocContext(level="county", region="嵩县"))
    assert targets == []


# --- rules of a twelfth day (dev124: a press conference, a deputy's reply, a budget's
# performance targets, an explainer; written blind, then developed on) --------------------

@pytest.mark.parametrize(("dateline", "year"), [
    ("发布时间：2024-01-20", 2024),  # put online in the year it plans: its 明年 is that year
    ("发布时间：2023-12-26", 2024),  # put online in the year it sums up: the same year
])
def test_a_summary_with_next_years_plan_means_that_year_by_mingnian(codebook, dateline, year):
    text = (f"某县卫生健康局2023年工作总结和2024年工作计划\n{dateline}\n一、2023年工作总结\n"
            "全县县域内就诊率达到89.6%。\n二、2024年工作计划\n"
            "明年，全县县域内就诊率力争达到91%，重点人群家庭医生签约率达到86%。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 91, year),
                             ("family_doctor_signing_rate_key", 86, year)]


def test_mingnian_in_a_plain_dated_report_is_the_year_after_its_date(codebook):
    """No summary-and-plan title: 明年 is the year after the page's date, as before."""
    text = ("某县召开卫生健康工作会议\n发布时间：2024-01-20\n"
            "会议提出，明年全县县域内就诊率力争达到91%。\n")
    _, targets, _ = read(codebook, text)
    assert keys(targets) == [("county_visit_rate", 91, 2025)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a partner hospital named by a higher place: the later clause is the county's own
    ("推进县人民医院与浙江省人民医院开展紧密合作，加快建设胸痛中心，年内县域内住院人次占比"
     "达到81%以上。", [("county_inpatient_share", 81, 2024)]),
    ("依托温州市中心医院建设专科联盟，今年全县县域内就诊率达到90%。",
     [("county_visit_rate", 90, 2024)]),
    # the hospital of the higher place is the subject: its figure is its own, not the county's
    ("浙江省人民医院与县医院组建专科联盟，今年以来已下派专家38人次，县域内就诊率达到90%。", []),
    # the other place itself, not a hospital, still states the figure
    ("浙江省提出，今年县域内就诊率达到90%。", []),
])
def test_a_place_naming_a_partner_hospital_is_not_the_place_spoken_of(codebook, sentence,
                                                                       expected):
    ctx = DocContext(issued_on="2024-03-01", region="某县", level="county",
                     regions=("浙江省", "温州市"))
    _, targets, _ = read(codebook, "某县卫生健康工作会议召开\n" + sentence + "\n", ctx)
    assert keys(targets) == expected


_PERFORMANCE_TABLE = (
    "某县卫生健康局2024年部门整体支出绩效目标表\n发布时间：2024-02-20\n三、绩效指标\n"
    "一级指标 | 二级指标 | 指标名称 | 指标值 | 上年完成值\n"
    "产出指标 | 数量指标 | 每年下沉基层医务人员（人次） | ≥450 | 431\n"
    "产出指标 | 质量指标 | 预约诊疗比例 | ≥68% | 65.3%\n"
    "效益指标 | 社会效益指标 | 县域内就诊率 | ≥91% | 90.2%\n"
    "满意度指标 | 服务对象满意度 | 患者满意度 | ≥90% | 93.1%\n")


def test_a_budgets_performance_targets_are_targets_of_its_year(codebook):
    """A 绩效目标表: the 指标值 column holds the budget year's targets (an indicator named
    每年 is every year's), the 上年完成值 column the year before's results; the indicators'
    names are in the deepest 指标 column, not in the categories above it."""
    _, targets, stats = read(codebook, _PERFORMANCE_TABLE)
    assert keys(targets) == [("staff_sent_down_per_year", 450, None),
                             ("appointment_rate", 68, 2024), ("county_visit_rate", 91, 2024)]
    assert keys(stats) == [("staff_sent_down_per_year", 431, 2023),
                           ("appointment_rate", 65.3, 2023), ("county_visit_rate", 90.2, 2023)]
    assert all(t.comparator == ">=" for t in targets)


def test_the_levels_of_a_performance_table_name_its_indicators():
    from analysis.extract.tables import _classify_columns

    roles = [c.role for c in _classify_columns(["一级指标", "二级指标", "三级指标", "指标值"])]
    assert roles == ["category", "category", "name", "value"]
    roles = [c.role for c in _classify_columns(["一级指标", "二级指标", "指标名称", "指标值"])]
    assert roles == ["category", "category", "name", "value"]


def test_a_value_table_without_a_performance_title_is_read_as_before(codebook):
    """Only a title of 绩效目标 makes a bare 指标值 column the year's targets."""
    text = _PERFORMANCE_TABLE.replace("部门整体支出绩效目标表", "卫生健康工作情况")
    _, targets, _ = read(codebook, text)
    assert targets == []


@pytest.mark.parametrize(("sentence", "value", "year"), [
    ("全市预约诊疗比例达65.2%，上年预约诊疗比例为61.7%。", 61.7, 2022),
    ("每千人口医疗卫生机构床位数5.63张，去年每千人口床位数为5.48张。", 5.48, 2022),
])
def test_a_clause_opening_on_last_year_dates_its_value(codebook, sentence, value, year):
    text = "某市2023年卫生健康事业发展统计公报\n发布时间：2024-05-20\n" + sentence + "\n"
    _, _, stats = read(codebook, text)
    assert (value, year) in [(t.value, t.target_year) for t in stats]
    assert all(t.target_year == 2023 for t in stats if t.value != value)


def test_a_part_ends_at_a_semicolon(codebook):
    """"其中某镇…" names a part up to the semicolon; the clause after it is the whole's."""
    text = ("某县2023年卫生健康事业发展统计公报\n发布时间：2024-04-20\n"
            "全县县域内就诊率92.4%，其中东河镇县域内就诊率达94.0%；"
            "县域内基层门急诊人次占比68.3%。\n")
    ctx = DocContext(region="某县", level="county", regions=("某县", "东河镇"))
    _, _, stats = read(codebook, text, ctx)
    assert keys(stats) == [("county_visit_rate", 92.4, 2023),
                           ("county_primary_visit_share", 68.3, 2023)]


def test_a_self_evaluation_of_last_years_performance_targets_sets_no_target(codebook):
    """The same table in a report on last year's budget (published the year after): its
    指标值 are targets of a year already past, reported on, not set."""
    text = _PERFORMANCE_TABLE.replace("2024年部门整体支出绩效目标表", "2023年度部门整体支出绩效目标自评报告")
    _, targets, _ = read(codebook, text)
    assert targets == []


_EXPLAINER = (
    "一图读懂某市卫生健康“十四五”规划\n发布时间：2022-01-10\n"
    "近日，某市印发《某市卫生健康“十四五”规划》。\n【“十四五”末主要目标】\n"
    "县域内就诊率\n92以上\n每千人口医疗卫生机构床位数\n6.8张\n（2020年：\n每千人口床位数 5.9张）\n"
    "每万人口全科医生数\n4.5人\n【“十三五”{past}】\n县域内就诊率89.2%\n每千人口床位数5.7张\n")


@pytest.mark.parametrize("past", ["成就", "成绩"])
def test_an_explainer_sets_its_goals_and_recalls_its_results(codebook, past):
    """Names over values, a lost % with its bound kept, an aside over two lines, and a
    【“十三五”成就】 block of results: goals of the plan's end, results of 2020."""
    _, targets, stats = read(codebook, _EXPLAINER.format(past=past))
    assert keys(targets) == [("county_visit_rate", 92, 2025), ("beds_per_1000", 6.8, 2025),
                             ("gp_per_10000", 4.5, 2025)]
    assert sorted(keys(stats)) == [("beds_per_1000", 5.7, 2020), ("beds_per_1000", 5.9, 2020),
                                   ("county_visit_rate", 89.2, 2020)]


@pytest.mark.parametrize("text", [
    "某市2022年卫生健康统计公报\n县域内就诊率\n90以上\n",  # a report: no goal
    "某市卫生健康工作情况\n县域内就诊率达到90以上的乡镇有12个。\n",  # a clause goes on
])
def test_a_rate_with_its_bound_and_no_verb_is_a_goal_only_where_goals_are_set(codebook, text):
    _, targets, _ = read(codebook, text)
    assert targets == []


def test_a_family_doctor_label_then_its_population_names_the_whole_populations_rate(codebook):
    """"家庭医生签约" over "全人群 45%" (an explainer's label and cell): the whole population's
    signing rate; the key populations' stays their own."""
    text = ("一图读懂某市规划\n【“十四五”末主要目标】\n家庭医生签约\n全人群　45%\n"
            "重点人群签约率　88%\n")
    _, targets, _ = read(codebook, text, DocContext(issued_on="2021-12-08"))
    assert keys(targets) == [("family_doctor_signing_rate", 45, 2025),
                             ("family_doctor_signing_rate_key", 88, 2025)]


_REPLY = ("某县卫生健康局\n关于县人大十八届三次会议第12号建议的答复\n\n尊敬的王代表：\n"
          "您提出的《关于加强基层卫生人才队伍建设的建议》收悉。现答复如下：\n"
          "一、基本情况\n近年来，我县基层卫生人才队伍不断壮大。截至2023年底，全县每万人口"
          "全科医生数已达到2.9人，县域内就诊率87.1%。\n二、下步工作打算\n"
          "到2025年，全县每万人口全科医生数不低于3.6人，县域内就诊率达到91%。\n"
          "某县卫生健康局\n2024年6月18日\n")


def test_a_reply_to_a_deputys_proposal_reports_then_plans(codebook):
    """A reply to a deputy's proposal (建议的答复) is read as a work report: how things
    stand are statistics, what the body will do ("下步工作打算") its targets."""
    found, targets, stats = read(codebook, _REPLY)
    assert found.kind.genre == "work_report"
    assert keys(targets) == [("gp_per_10000", 3.6, 2025), ("county_visit_rate", 91, 2025)]
    assert keys(stats) == [("gp_per_10000", 2.9, 2023), ("county_visit_rate", 87.1, 2023)]


_BRIEFING = ("《某市医疗卫生服务体系建设实施方案》新闻发布会实录\n2023-08-20 10:00　来源：某市政府新闻办\n"
             "主持人：今天我们召开新闻发布会。\n记者问：方案提出了哪些目标？\n"
             "答：{said}到2025年，全市每千人口康复床位数达到0.6张。\n记者问：中医药方面呢？\n"
             "答：方案提出，每千人口中医类医院床位数力争达到1.3张。\n")


@pytest.mark.parametrize(("said", "year"), [
    ("方案提出，", 2025),  # the plan states its deadline: its goals reported without a year
    ("省里提出，", None),  # another body's deadline dates nothing the plan states
])
def test_news_of_a_plan_dates_the_plans_undated_goals_by_the_deadline_it_states(
        codebook, said, year):
    _, targets, _ = read(codebook, _BRIEFING.format(said=said))
    assert ("tcm_beds_per_1000", 1.3, year) in keys(targets)
