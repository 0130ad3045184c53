"""Sentence shapes of statistics in bulletins, work reports and reviews (issue 12, item 4:
every recognised statistic goes to ``observations`` with its data year, quote and offsets).

Each shape is tested on our own varied sentences; none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from analysis.extract.rules import DocContext
from reading import keys, read


def _keys(rows):
    return sorted(keys(rows), key=lambda k: (k[0], k[1], k[2] or 0))


def _quoted(stats, indicator: str, value: float):
    """The one statistic of ``indicator`` with ``value``."""
    found = [t for t in stats if t.indicator_id == indicator and t.value == value]
    assert len(found) == 1, found
    return found[0]


# --- bulletin items, one per line -------------------------------------------------------

def test_bulletin_items_one_per_line_with_a_colon(codebook):
    # short open lines look like a wrapped PDF: the items must not run into each other
    text = ("某县卫生健康委员会\n某县2021年卫生健康统计简报\n主要数据如下：\n一、卫生资源\n"
            "医疗卫生机构：512个\n编制床位：3600张\n每千人口床位数：6.02张\n"
            "每千人口注册护士：2.95人\n二级及以上公立医院预约诊疗率：48.6%\n医护比：1:1.12\n"
            "二、基层服务\n全年下沉医务人员：215人次\n县域内就诊率：90.4%\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [
        ("appointment_rate", 48.6, 2021), ("beds_per_1000", 6.02, 2021),
        ("county_visit_rate", 90.4, 2021), ("nurses_per_1000", 2.95, 2021),
        ("physician_nurse_ratio", 1.12, 2021), ("staff_sent_down_per_year", 215.0, 2021)]
    nurses = _quoted(stats, "nurses_per_1000", 2.95)
    assert nurses.quote == "每千人口注册护士：2.95人"
    assert text[nurses.value_start:nurses.value_end] == "2.95人"
    assert text[nurses.char_start:nurses.char_end] == nurses.quote


def test_bulletin_items_one_per_line_without_a_colon(codebook):
    text = ("某市2020年卫生事业发展统计公报\n发布日期：2021-05-11\n"
            "每千人口执业(助理)医师数2.71人\n每万人口全科医生数2.4人\n"
            "居民健康素养水平19.8%\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("gp_per_10000", 2.4, 2020), ("health_literacy_rate", 19.8, 2020),
                            ("physicians_per_1000", 2.71, 2020)]
    gp = _quoted(stats, "gp_per_10000", 2.4)
    assert gp.quote == "每万人口全科医生数2.4人"


def test_item_lines_in_full_width_digits_or_scoped_to_a_county(codebook):
    """Items one per line whose number is in full-width digits (３．９６人), or whose figure
    is of a county named after the colon (县域内就诊率：某县91.4%, its % lost by a PDF:
    住院人次占比：某县83.2), and an item compared with last year: each its own statistic."""
    text = ("某市2024年卫生健康统计简报\n一、资源\n每千人口注册护士数：３．９６人\n"
            "每万人口全科医生数：3.12人\n二、服务\n县域内就诊率：北山县91.4%\n"
            "县域内住院人次占比：北山县83.2\n三、健康素养\n"
            "居民健康素养水平：23.7%，较上年提高1.9个百分点\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [
        ("county_inpatient_share", 83.2, 2024), ("county_visit_rate", 91.4, 2024),
        ("gp_per_10000", 3.12, 2024), ("health_literacy_rate", 23.7, 2024),
        ("nurses_per_1000", 3.96, 2024)]


def test_the_base_a_figure_is_compared_with_is_of_its_year(codebook):
    """"…7.12张，较2020年的5.91张增加1.21张": the base is the same measure in 2020; the
    increase is no level."""
    text = ("某县2024年卫生健康事业发展统计公报\n\n一、卫生资源\n"
            "每千人口医疗卫生机构床位数7.12张，较2020年的5.91张增加1.21张。"
            "县域内就诊率达到90.6%，比2021年的86.2%提高4.4个百分点。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [
        ("beds_per_1000", 5.91, 2020), ("beds_per_1000", 7.12, 2024),
        ("county_visit_rate", 86.2, 2021), ("county_visit_rate", 90.6, 2024)]


def test_last_years_value_and_an_aside_of_another_year(codebook):
    """"就诊率为90.3%，上年为89.1%": last year's value of the same measure; "24.1%
    （2022年为21.6%）": the aside's year dates its own value, not the one before it."""
    text = ("某市卫生健康事业发展统计简报（2024年）\n\n三、医疗服务\n"
            "2024年，全市县域内就诊率为91.5%，上年为90.2%；县域内基层门急诊人次占比为60.4%。\n"
            "四、公共卫生\n居民健康素养水平26.3%（2023年为24.8%）。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [
        ("county_primary_visit_share", 60.4, 2024), ("county_visit_rate", 90.2, 2023),
        ("county_visit_rate", 91.5, 2024), ("health_literacy_rate", 24.8, 2023),
        ("health_literacy_rate", 26.3, 2024)]


def test_shares_among_the_institutions_named_before(codebook):
    """"全县乡镇卫生院中，达到基本标准的占82.4%，达到推荐标准的占23.5%": shares among them."""
    text = ("某县2024年卫生健康事业发展统计公报\n\n三、基层医疗卫生\n"
            "全县乡镇卫生院和社区卫生服务中心中，达到服务能力基本标准的占82.4%，"
            "达到推荐标准的占23.5%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("primary_basic_standard_share", 82.4, 2024),
                            ("primary_recommended_standard_share", 23.5, 2024)]


def test_a_review_sets_the_actual_against_the_goal_and_proposes_the_next(codebook):
    """"…床位数规划目标6.2张，2020年实际达到6.64张": the actual is of the measure named before
    the goal; "建议…目标设定为3.1人左右" proposes a goal: no actual."""
    text = ("某市“十三五”卫生健康事业发展规划实施情况总结\n\n某市卫生健康委员会\n2021年2月\n\n"
            "一、主要指标完成情况\n每千人口医疗卫生机构床位数规划目标6.2张，2020年实际达到6.64张，"
            "超额完成；每万人口全科医生规划目标2名，实际为2.45名；每千人口注册护士规划目标"
            "达到2.6人，2020年实际完成2.71人。\n二、建议\n"
            "建议“十四五”规划将每千人口执业（助理）医师目标设定为3.1人左右。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("beds_per_1000", 6.64, 2020), ("gp_per_10000", 2.45, 2020),
                            ("nurses_per_1000", 2.71, 2020)]


def test_what_a_count_counts_and_a_sub_item_of_beds(codebook):
    """"全市有16家乡镇卫生院达到国家推荐标准，达到推荐标准的比例为27.1%": the count counts
    what follows it, and the share is of those; "…床位数0.74张，其中公立中医类医院0.61张":
    the sub-item is of beds too."""
    text = ("某市2023年卫生健康统计简报\n\n截至2023年底，全市有16家乡镇卫生院（社区卫生服务中心）"
            "达到国家推荐标准，达到推荐标准的比例为27.1%。\n"
            "全市每千人口中医类医院床位数0.74张，其中公立中医类医院0.61张。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("primary_recommended_standard_share", 27.1, 2023),
                            ("public_tcm_beds_per_1000", 0.61, 2023),
                            ("tcm_beds_per_1000", 0.74, 2023)]


def test_a_numbered_bulletin_with_rates_after_counts_and_a_table_of_two_years(codebook):
    """A bulletin dated by its title year only: "执业（助理）医师986人，每千人口3.12人" (the
    rate is of what was counted), "25.1%，比2022年提高2.3个百分点" (a year compared with is
    not the figure's, nor an item's a section's), and its table's year columns up to the
    title year are statistics, the last one too."""
    text = ("某市卫生健康事业发展统计简报（2023年）\n\n某市卫生健康委员会　　2024年5月\n\n"
            "1. 卫生技术人员3120人。其中：\n   执业（助理）医师986人，每千人口3.12人；\n"
            "   注册护士1203人，每千人口3.81人。\n"
            "2. 全市居民健康素养水平25.1%，比2022年提高2.3个百分点。\n"
            "3. 二级及以上公立医院预约诊疗率为48.2%。\n\n附：主要指标\n"
            "指标\t单位\t2022年\t2023年\n每万人口全科医生数\t人\t3.02\t3.27\n"
            "预约诊疗比例\t%\t45.5\t48.2\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert set(_keys(stats)) == {
        ("appointment_rate", 45.5, 2022), ("appointment_rate", 48.2, 2023),
        ("gp_per_10000", 3.02, 2022), ("gp_per_10000", 3.27, 2023),
        ("health_literacy_rate", 25.1, 2023), ("nurses_per_1000", 3.81, 2023),
        ("physicians_per_1000", 3.12, 2023)}


def test_item_lines_with_last_years_value_a_lead_in_or_a_change(codebook):
    """"…：5.61张（上年5.30张）", "其中：…床位数 0.58张", "…：231.2万人次，同比增长9.8%":
    items still, one per line; the aside is last year's value of the same measure."""
    text = ("某县卫生健康事业发展统计简报（2023年度）\n一、资源配置\n"
            "每千常住人口床位数：5.61张（上年5.30张）\n其中：每千人口中医类医院床位数 0.58张\n"
            "      每千人口康复床位数 0.21张\n每千人口注册护士：3.11人（上年2.95人）\n"
            "二、医疗服务\n总诊疗人次：231.2万人次，同比增长9.8%\n县域内就诊率：86.1%\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [
        ("beds_per_1000", 5.3, 2022), ("beds_per_1000", 5.61, 2023),
        ("county_visit_rate", 86.1, 2023), ("nurses_per_1000", 2.95, 2022),
        ("nurses_per_1000", 3.11, 2023), ("rehab_beds_per_1000", 0.21, 2023),
        ("tcm_beds_per_1000", 0.58, 2023)]


@pytest.mark.parametrize("sentence", [
    "全县16个乡镇卫生院中，达到服务能力基本标准的14个，占87.5%；达到推荐标准的4个，占25.0%。",
    "全县16个乡镇卫生院中，14个达到基本标准，占87.5%；4个达到推荐标准，占25.0%。",
])
def test_a_bare_share_after_a_count_among_the_institutions_named(codebook, sentence):
    """"X中，达到基本标准的N个，占Y%": 占 alone after a count is the share of what was counted,
    among the institutions the sentence named first."""
    _, _, stats = read(codebook, "某县2023年卫生健康统计公报\n\n三、基层\n" + sentence + "\n")
    assert [k for k in _keys(stats) if k[0]] == [("primary_basic_standard_share", 87.5, 2023),
                                                ("primary_recommended_standard_share", 25.0, 2023)]


def test_undated_pairs_after_a_pair_from_a_period_end(codebook):
    """"由“十二五”末的3.91张提高到4.83张；…医师由1.81人提高到2.27人": the later pairs start
    where the first does, at the end of the earlier period."""
    text = ("某县“十三五”卫生健康事业发展总结\n\n一、主要成效\n到“十三五”末，每千人口床位数由"
            "“十二五”末的3.91张提高到4.83张；每千人口执业（助理）医师由1.81人提高到2.27人。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("beds_per_1000", 3.91, 2015), ("beds_per_1000", 4.83, 2020),
                            ("physicians_per_1000", 1.81, 2015),
                            ("physicians_per_1000", 2.27, 2020)]


def test_an_undated_mid_term_review_stands_at_the_latest_year_it_names(codebook):
    """"…“十四五”规划中期评估报告" with no date: its table's year columns are all results,
    and an undated figure is of the latest year it names (2022), not the period's end."""
    text = ("某市卫生健康事业发展“十四五”规划中期评估报告\n\n二、主要指标进展\n指标\n2020年\n"
            "2021年\n2022年\n每千人口医疗卫生机构床位数（张）\n5.52\n5.77\n6.08\n\n"
            "三、分级诊疗\n县域内就诊率达到89.4%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 5.52, 2020), ("beds_per_1000", 5.77, 2021),
                            ("beds_per_1000", 6.08, 2022), ("county_visit_rate", 89.4, 2022)]


def test_a_results_page_looking_back_on_the_past_year(codebook):
    """"2024-02-02 … 过去一年，全旗…已达到6.81张": a page of results reports the year before."""
    text = ("某旗卫生健康事业交出亮眼“成绩单”\n2024-02-02 来源：某旗融媒体中心\n\n"
            "过去一年，全旗每千人口医疗卫生机构床位数已达到6.81张，每千人口注册护士数达到3.15人。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("beds_per_1000", 6.81, 2023), ("nurses_per_1000", 3.15, 2023)]


def test_a_district_bulletin_titled_with_its_year_speaks_for_the_district(codebook):
    """"2023年某某区卫生健康事业发展统计简报": its 全区 is its own whole, not a quoted one."""
    text = ("2023年北湖区卫生健康事业发展统计简报\n发布时间：2024-05-10\n\n二、服务\n"
            "全区重点人群家庭医生签约率83.5%，全人群签约率41.2%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("family_doctor_signing_rate", 41.2, 2023),
                            ("family_doctor_signing_rate_key", 83.5, 2023)]


def test_the_date_of_an_event_dates_no_figure_after_it(codebook):
    """"医共体于2021年建成运行，…签约率41.7%": when something happened is not the year of
    the figures around it; a deadline with 于 still dates its goal."""
    text = ("某县2024年卫生健康事业发展统计公报\n三、基层\n全县紧密型县域医共体于2022年建成运行，"
            "全人群家庭医生签约率41.7%，重点人群签约率86.9%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("family_doctor_signing_rate", 41.7, 2024),
                            ("family_doctor_signing_rate_key", 86.9, 2024)]
    _, targets, _ = read(codebook, "某县实施方案\n力争于2026年建成紧密型县域医共体，重点人群签约率达到"
                                   "80%。", DocContext(issued_on="2024-05-01"))
    assert keys(targets) == [("family_doctor_signing_rate_key", 80, 2026)]


def test_item_lines_stay_apart_but_a_wrapped_sentence_still_joins():
    from analysis.ingest.textnorm import normalize

    wrapped = ("全市卫生健康事业稳步发展，医疗卫生资源总量持续增加，每千人口\n"
               "医疗卫生机构床位数达到6.3张，每千人口执业医师数达到2.8人，卫生\n"
               "人才队伍不断壮大，基层服务能力明显提升，群众就医更加便捷可及。\n"
               "县域内就诊率：88.2%\n每万人口全科医生3.1人\n婴儿死亡率：3.5‰\n")
    text = normalize(wrapped).text
    assert "每千人口医疗卫生机构床位数" in text and "卫生人才" in text
    assert text.endswith("县域内就诊率:88.2%\n每万人口全科医生3.1人\n婴儿死亡率:3.5‰")


# --- 由X…到Y pairs ----------------------------------------------------------------------

def test_undated_from_to_pairs_take_the_years_of_the_dated_pair_before_them(codebook):
    text = ("某县“十三五”卫生健康规划实施情况总结评估报告\n发布时间：2021-03-15\n"
            "一、主要成效\n卫生资源持续增加。每千人口医疗卫生机构床位数从2015年的4.9张增长到"
            "2020年的6.1张，每千人口注册护士数从1.8人增长到2.7人，每万人口全科医生数达到2.2人。"
            "医护比由1:0.92提高到1:1.15。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [
        ("beds_per_1000", 4.9, 2015), ("beds_per_1000", 6.1, 2020),
        ("gp_per_10000", 2.2, 2020),
        ("nurses_per_1000", 1.8, 2015), ("nurses_per_1000", 2.7, 2020),
        ("physician_nurse_ratio", 0.92, 2015), ("physician_nurse_ratio", 1.15, 2020)]
    ratio = _quoted(stats, "physician_nurse_ratio", 0.92)
    assert ratio.year_source == "parallel pair" and ratio.quote == "医护比由1:0.92提高到1:1.15。"
    assert text[ratio.value_start:ratio.value_end] == "1:0.92"


def test_a_deadline_does_not_date_the_base_value_of_its_goal(codebook):
    from analysis.extract.rules import date_restated

    text = ("某市出台基层卫生人才规划\n2022-09-02 10:15 来源：某市日报\n"
            "截至2021年末，全市每万人口全科医生数2.3人。\n"
            "《规划》提出，到2025年，每万人口全科医生数由2.3人提高到3.6人，"
            "每千人口注册护士数由2.5人提高到3.1人。\n")
    found, targets, stats = read(codebook, text)
    assert _keys(targets) == [("gp_per_10000", 3.6, 2025), ("nurses_per_1000", 3.1, 2025)]
    # news of a plan (出台… in its headline), whose figures stand at the end of 2021: the
    # base values are not of 2025 but of the date the report's figures stand at
    assert found.kind.genre == "news_of_plan"
    assert _keys(stats) == [("gp_per_10000", 2.3, 2021), ("gp_per_10000", 2.3, 2021),
                            ("nurses_per_1000", 2.5, 2021)]
    date_restated(stats)
    assert _keys(stats) == [("gp_per_10000", 2.3, 2021), ("gp_per_10000", 2.3, 2021),
                            ("nurses_per_1000", 2.5, 2021)]
    # in the plan itself an undated base value stays undated; 2.3 restates the statistic
    plan = text.replace("某市出台基层卫生人才规划\n2022-09-02 10:15 来源：某市日报\n",
                        "某市基层卫生人才发展规划（2021—2025年）\n一、发展基础\n")
    found, _, stats = read(codebook, plan, DocContext(issued_on="2022-09-02"))
    assert found.kind.genre == "plan"
    date_restated(stats)
    assert ("gp_per_10000", 2.3, 2021) in _keys(stats)


# --- the year of an undated statistic in a report ------------------------------------------

def test_a_work_report_dates_its_figures_by_the_year_its_title_sums_up(codebook):
    text = ("某县卫生健康局2022年工作总结及2023年工作打算\n发布时间：2023-01-12\n"
            "一、2022年主要工作\n全年县级医院下沉医务人员318人次，县域内就诊率达到90.8%。\n"
            "二、存在的不足\n全县每万人口全科医生数仅2.1人，低于全市平均水平。\n"
            "三、2023年工作打算\n力争重点人群签约率稳定在80%以上。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "work_report"
    # under the forward-looking heading a goal stays a target, never an actual
    assert _keys(targets) == [("family_doctor_signing_rate_key", 80.0, 2023)]
    assert _keys(stats) == [("county_visit_rate", 90.8, 2022), ("gp_per_10000", 2.1, 2022),
                            ("staff_sent_down_per_year", 318.0, 2022)]
    gp = _quoted(stats, "gp_per_10000", 2.1)
    assert gp.year_source == "document" and gp.quote.startswith("全县每万人口全科医生数仅2.1人")


def test_a_government_work_report_looks_back_on_the_year_before(codebook):
    text = ("政府工作报告\n——2024年2月20日在某市第九届人民代表大会第三次会议上\n各位代表：\n"
            "过去一年，我们坚持以人民为中心，民生福祉持续增进。每千人口注册护士数达到3.62人，"
            "居民健康素养水平达到27.3%。\n")
    _, targets, stats = read(codebook, text, DocContext(genre="work_report",
                                                       reference_date="2024-02-20"))
    assert targets == []
    assert _keys(stats) == [("health_literacy_rate", 27.3, 2023), ("nurses_per_1000", 3.62, 2023)]
    # a level has no population base: the 每千人口 of the item before is not carried over
    assert _quoted(stats, "health_literacy_rate", 27.3).indicator_text == "居民健康素养水平"


def test_achievement_news_dates_undated_figures_by_the_date_it_says_they_stand_at(codebook):
    text = ("某市卫生健康事业发展成效显著\n2024-02-26 10:02 来源：某市日报\n"
            "记者从市卫生健康委获悉，截至2023年底，全市每千人口医疗卫生机构床位数达到7.1张。\n"
            "在智慧医疗方面，二级及以上公立医院预约诊疗率为58.3%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("appointment_rate", 58.3, 2023), ("beds_per_1000", 7.1, 2023)]


def test_achievement_news_without_a_date_for_its_figures_leaves_them_undated(codebook):
    # the page is of 2024, its figures could be of 2023 or of 2024: no year is guessed
    text = ("某县基层卫生工作取得新进展\n2024-08-15 来源：某县融媒体中心\n"
            "近年来，全县二级及以上公立医院预约诊疗率为58.3%，医疗服务更加便捷。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("appointment_rate", 58.3, None)]


# --- a share right after a count ---------------------------------------------------------

def test_a_share_after_a_count_is_the_share_of_what_was_counted(codebook):
    text = ("某市2021年卫生健康事业发展统计公报\n发布时间：2022-06-01\n"
            "年末全市达到“优质服务基层行”推荐标准的乡镇卫生院和社区卫生服务中心36个，占比24.8%。\n"
            "全市新增5个乡镇卫生院达到“优质服务基层行”基本标准，累计达到基本标准的118个，"
            "占比81.4%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("primary_basic_standard_share", 81.4, 2021),
                            ("primary_recommended_standard_share", 24.8, 2021)]
    share = _quoted(stats, "primary_basic_standard_share", 81.4)
    assert text[share.value_start:share.value_end] == "81.4%"
    assert share.quote.startswith("全市新增5个乡镇卫生院") and share.quote.endswith("占比81.4%。")


def test_a_share_of_institutions_named_only_as_机构_takes_the_kind_named_before(codebook):
    text = ("某县卫生健康局2021年工作总结\n发布时间：2022-01-20\n"
            "全县有12个机构达到“优质服务基层行”推荐标准，占比30.0%；"
            "达到基本标准的机构33个，占比82.5%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("primary_basic_standard_share", 82.5, 2021),
                            ("primary_recommended_standard_share", 30.0, 2021)]


# --- the base column of a plan's indicator table --------------------------------------------

def test_a_table_base_column_is_of_the_year_a_note_under_it_gives(codebook):
    text = ("某市卫生健康事业发展规划\n表1 主要发展指标\n"
            "序号|指标名称|单位|基期值|目标值|指标属性\n"
            "1|每千人口注册护士数|人|3.05|3.9|预期性\n2|医护比|—|1:1.08|1:1.25|预期性\n"
            "注：基期值为2021年数据。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2022-08-01"))
    assert _keys(stats) == [("nurses_per_1000", 3.05, 2021), ("physician_nurse_ratio", 1.08, 2021)]
    nurses = _quoted(stats, "nurses_per_1000", 3.05)
    assert nurses.quote == "1|每千人口注册护士数|人|3.05|3.9|预期性"
    assert text[nurses.value_start:nurses.value_end] == "3.05"


def test_a_five_year_plan_table_base_column_is_of_the_year_before_the_period(codebook):
    text = ("某县“十四五”卫生健康规划\n专栏1 “十四五”时期卫生健康主要指标\n"
            "序号|指标|单位|基期值|目标值|属性\n1|每万人口全科医生数|人|2.6|3.5|约束性\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2021-11-20"))
    assert _keys(stats) == [("gp_per_10000", 2.6, 2020)]


# --- a mid-term review: its genre, its date and the date its figures stand at -------------------

def test_a_mid_term_review_dated_under_its_title_reports_as_of_its_cut_off(codebook):
    text = ("某市“十四五”卫生健康规划中期评估报告\n某市卫生健康委员会\n（2024年3月）\n"
            "一、主要指标进展\n截至2023年底，已提前完成目标值的指标6项。\n"
            "二、实施成效\n全市组建紧密型城市医疗集团4个，县域内住院人次占比提高到82.6%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review"
    assert (found.kind.reference_date, found.kind.reference_date_source) == (
        "2024-03", "date under the title")
    assert targets == []
    assert _keys(stats) == [("county_inpatient_share", 82.6, 2023)]


# --- numbers in a report that are no actuals of its place ---------------------------------------

def test_goals_recalled_or_aimed_at_in_a_report_are_no_actuals(codebook):
    text = ("某县卫生健康工作取得新成效\n2023-02-14 09:30 来源：某县融媒体中心\n"
            "“十三五”规划确定的2020年每千人口注册护士数目标为3.1人。截至2022年底，"
            "全县每千人口注册护士数达到3.3人。\n"
            "“到2022年，全县县域内就诊率要达到90%”，这是三年前定下的目标，如今全县县域内就诊率为91.2%。\n"
            "县人民医院正在按照电子病历系统应用水平5级要求改造信息系统。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("county_visit_rate", 91.2, 2022), ("nurses_per_1000", 3.3, 2022)]


def test_another_places_actual_is_not_this_documents(codebook):
    text = ("某市基层卫生服务能力提升成效明显\n2023-05-09 来源：某市日报\n"
            "2022年，全市重点人群家庭医生签约率为76.4%。但与先进地区相比仍有差距，"
            "目前，杭州市重点人群签约率已超过90%。\n"
            "据了解，三明市通过组建总医院推进医共体建设，县域内就诊率已达到93%以上。\n")
    ctx = DocContext(regions=("杭州市", "三明市", "某市"))
    _, targets, stats = read(codebook, text, ctx)
    assert targets == []
    assert _keys(stats) == [("family_doctor_signing_rate_key", 76.4, 2022)]


def test_a_share_of_the_whole_after_a_count_with_its_percent_sign_lost(codebook):
    # a plan's background: 截至… makes the sentence report; a PDF lost the % of 58.3
    text = ("某省推进紧密型县域医共体建设实施方案\n"
            "截至2021年底，全省已有49个县（市、区）建成紧密型县域医共体，"
            "占全省县（市、区）总数的58.3，县域内就诊率为87.9%。\n"
            "到2025年，紧密型县域医共体建设实现县（市、区）全覆盖。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2022-06-30"))
    assert _keys(targets) == [("county_medical_community_coverage", 100.0, 2025)]
    assert _keys(stats) == [("county_medical_community_coverage", 58.3, 2021),
                            ("county_visit_rate", 87.9, 2021)]
    share = _quoted(stats, "county_medical_community_coverage", 58.3)
    assert text[share.value_start:share.value_end] == "58.3" and share.unit == "%"


# --- one year's flow: an annual count ------------------------------------------------------------

def test_person_times_reported_for_one_year_are_that_years_total(codebook):
    text = ("某县医共体建设试点工作评估报告\n（2023年4月）\n一、主要成效\n"
            "三年累计下沉医务人员1120人次，其中2022年下沉医务人员402人次；"
            "上半年下派专家坐诊180人次。\n")
    found, _, stats = read(codebook, text)
    assert found.kind.genre == "review"
    # the three-year total and the half-year count are no annual figures
    assert _keys(stats) == [("staff_sent_down_per_year", 402.0, 2022)]
    assert _quoted(stats, "staff_sent_down_per_year", 402.0).annual


def test_a_bulletins_count_of_doctors_sent_down_in_the_year(codebook):
    text = ("某县2022年卫生健康统计简报\n发布时间：2023-03-02\n"
            "两个医共体共下派医务人员236人次，全年下派县级医院医生到乡镇卫生院工作88人。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("staff_sent_down_per_year", 88.0, 2022),
                            ("staff_sent_down_per_year", 236.0, 2022)]


def test_a_share_followed_by_what_it_does(codebook):
    text = ("某市老年健康服务体系建设方案\n一、发展现状\n"
            "截至2021年底，全市二级及以上公立综合医院中已有38%设立老年医学科。\n"
            "二、主要目标\n到2025年，二级及以上公立综合医院设立老年医学科的比例达到60%以上。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2022-04-10"))
    assert _keys(targets) == [("geriatrics_department_share", 60.0, 2025)]
    assert _keys(stats) == [("geriatrics_department_share", 38.0, 2021)]


def test_a_subgroups_health_literacy_is_not_the_residents_rate(codebook):
    text = ("某市卫生健康事业发展统计公报\n发布时间：2022-04-01\n"
            "2021年，全市居民健康素养水平为24.6%，农村居民健康素养水平仅为16.2%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("health_literacy_rate", 24.6, 2021)]


def test_a_review_table_in_traditional_characters_gives_its_completed_values(codebook):
    text = ("某縣“十三五”衛生健康規劃實施情況評估\n發布時間：2021-04-02\n"
            "表1 “十三五”規劃主要指標完成情況\n指標名稱|單位|目標值|完成值|評價\n"
            "每千人口醫療衛生機構床位數|張|5.0|5.36|完成\n縣域內就診率|%|90|88.2|基本完成\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []  # the 目标值 column is no target
    assert _keys(stats) == [("beds_per_1000", 5.36, 2020), ("county_visit_rate", 88.2, 2020)]
    beds = _quoted(stats, "beds_per_1000", 5.36)
    assert beds.quote == "每千人口醫療衛生機構床位數|張|5.0|5.36|完成"  # as published
    assert text[beds.value_start:beds.value_end] == "5.36"


def test_a_pair_dated_only_at_its_start_dates_the_from_values_after_it(codebook):
    text = ("某市“十三五”卫生健康规划实施情况总结\n2021年1月\n"
            "截至2020年底，全市每千人口医疗卫生机构床位数由2015年的5.2张增加到6.4张；"
            "每千人口注册护士由2.3人增加到3.1人。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("beds_per_1000", 5.2, 2015), ("beds_per_1000", 6.4, 2020),
                            ("nurses_per_1000", 2.3, 2015), ("nurses_per_1000", 3.1, 2020)]


def test_a_year_compared_with_does_not_date_the_next_sentence(codebook):
    text = ("某县“十三五”卫生规划终期评估报告\n2021年2月\n二、主要成效\n"
            "预约诊疗率达到48.2%，比2015年提高20.5个百分点。重点人群签约率达到73.4%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("appointment_rate", 48.2, 2020),
                            ("family_doctor_signing_rate_key", 73.4, 2020)]


def test_now_at_the_head_of_a_sentence_is_the_reference_date(codebook):
    text = ("某市出台老年健康服务体系建设方案\n2023-08-02 10:30 来源：某市日报\n"
            "记者从市卫生健康委获悉，近日某市印发《某市老年健康服务体系建设方案》。\n"
            "目前，全市已有22所二级及以上公立综合医院设立老年医学科，占比为61.1%。\n"
            "方案提出，到2025年，二级及以上公立综合医院设立老年医学科的比例达到90%以上。\n")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("geriatrics_department_share", 90.0, 2025)]
    assert _keys(stats) == [("geriatrics_department_share", 61.1, 2023)]


def test_a_bulletins_second_share_runs_parallel_to_the_first(codebook):
    text = ("某市2022年卫生健康事业发展统计公报\n发布时间：2023-04-11\n"
            "达到“优质服务基层行”推荐标准的乡镇卫生院和社区卫生服务中心占比19.6%，"
            "达到基本标准的占比71.3%。\n")
    _, _, stats = read(codebook, text)
    assert _keys(stats) == [("primary_basic_standard_share", 71.3, 2022),
                            ("primary_recommended_standard_share", 19.6, 2022)]


def test_a_count_that_leaves_out_its_object_takes_the_one_named_before(codebook):
    text = ("某市“十四五”卫生健康规划中期评估报告\n（2023年9月）\n"
            "规划目标为到2025年全部9个县（市、区）建成紧密型县域医共体。截至2022年底，"
            "已有7个县（市、区）建成，占比77.8%。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("county_medical_community_coverage", 77.8, 2022)]


def test_a_part_of_the_place_is_not_the_whole(codebook):
    text = ("某市2022年卫生健康工作总结\n发布时间：2023-01-16\n"
            "2022年，全市县域内就诊率达到90.2%，其中瑞金市县域内就诊率达到93.5%。\n"
            "其中，县级医院下沉医务人员1200人次。\n")
    _, _, stats = read(codebook, text)
    # 其中县级医院… is a part of the place's own count, not another place
    assert _keys(stats) == [("county_visit_rate", 90.2, 2022),
                            ("staff_sent_down_per_year", 1200.0, 2022)]


def test_the_places_on_the_head_line_are_the_documents_own(codebook):
    text = ("江西省某某市卫生健康委员会\n某某市2022年卫生健康工作总结\n发布时间：2023-01-16\n"
            "2022年，某某市每千人口注册护士数达到3.12人，九江市达到3.4人。\n")
    ctx = DocContext(regions=("江西省", "某某市", "九江市"))
    _, _, stats = read(codebook, text, ctx)
    assert _keys(stats) == [("nurses_per_1000", 3.12, 2022)]


def test_a_goals_year_does_not_date_the_figures_after_it(codebook):
    text = ("某市“十四五”卫生健康规划中期评估报告\n一、主要指标进展\n"
            "截至2022年底，每千人口医疗卫生机构床位数达到6.9张，已提前完成2025年目标（6.8张）；"
            "每千人口注册护士3.41人（目标3.8人）。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("beds_per_1000", 6.9, 2022), ("nurses_per_1000", 3.41, 2022)]


def test_bare_year_columns_before_a_target_column_are_statistics(codebook):
    text = ("某县“十四五”卫生规划中期评估\n二、主要指标\n"
            "指标名称\t2020年\t2022年\t2025年目标\t进展\n"
            "预约诊疗比例（%）\t41\t52\t65\t正常\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("appointment_rate", 41.0, 2020), ("appointment_rate", 52.0, 2022)]


def test_achievement_news_opening_on_its_year_dates_what_follows(codebook):
    text = ("某市卫生健康局：办好卫生健康民生实事\n来源：某市人民政府网 2024-01-22\n"
            "2023年，某市卫生健康局坚持以人民健康为中心，各项工作取得明显成效。\n"
            "截至年末，全市每千人口医疗卫生机构床位数达到6.1张。\n"
            "医共体建设成效明显，县域内就诊率达到90.3%。\n"
            "2024年，全市将继续巩固医共体建设成果，县域内就诊率力争达到91%。\n")
    found, targets, stats = read(codebook, text)
    # with next year's goal at its end the page is news of a plan, its figures still of 2023
    assert found.kind.genre in ("review", "news_of_plan")
    assert _keys(stats) == [("beds_per_1000", 6.1, 2023), ("county_visit_rate", 90.3, 2023)]
    assert _keys(targets) in ([], [("county_visit_rate", 91.0, 2024)])


def test_an_undated_reviews_goals_ahead_of_its_figures_are_no_actuals(codebook):
    text = ("某市“十三五”卫生健康规划终期评估报告\n一、主要成效\n"
            "每千人口医疗卫生机构床位数由2015年的5.1张增加到2020年的6.2张。\n"
            "三、“十四五”展望\n“十四五”期间，全市将推动每千人口注册护士达到3.9人，"
            "到2025年居民健康素养水平达到30%以上。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("beds_per_1000", 5.1, 2015), ("beds_per_1000", 6.2, 2020)]


def test_a_report_early_in_a_year_has_no_figures_of_that_year(codebook):
    text = ("某市政府工作报告（摘要）\n2024年2月6日在某市第三届人民代表大会第四次会议上\n"
            "过去一年，我们坚持民生为本，社会事业全面进步。县域内就诊率达到89.2%，"
            "家庭医生签约率达到44.1%。\n")
    _, targets, stats = read(codebook, text, DocContext(genre="work_report",
                                                       reference_date="2024-02-06"))
    assert targets == []
    assert _keys(stats) == [("county_visit_rate", 89.2, 2023),
                            ("family_doctor_signing_rate", 44.1, 2023)]


def test_news_of_results_reports_its_verbless_figures_and_the_years_total(codebook):
    text = ("某县卫生健康局：办好民生实事\n来源：某县人民政府网 2024-01-25\n"
            "2023年，某县卫生健康局扎实推进各项工作，取得明显成效。\n"
            "截至年末，全县每千人口执业（助理）医师2.51人、注册护士2.44人。\n"
            "全年组织县级医院医务人员下沉乡镇卫生院210人次。\n"
            "2024年，全县将继续巩固医共体建设成果，县域内就诊率力争达到91%。\n")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("county_visit_rate", 91.0, 2024)]
    assert _keys(stats) == [("nurses_per_1000", 2.44, 2023), ("physicians_per_1000", 2.51, 2023),
                            ("staff_sent_down_per_year", 210.0, 2023)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a named higher-level place states its goal: its 全市 is its own whole, not ours
    ("洛川市提出全市每千人口床位数达到7.6张，我县将积极争取优质资源下沉。", []),
    ("青禾市卫健委要求，到2025年全市县域内就诊率达到92%。", []),
    ("青禾市明确全市每万人口全科医生达到4人。", []),
    # the document follows the higher level's requirement: the goal is its own
    ("按照青禾市提出的要求，到2025年，全县每千人口床位数达到6.5张。",
     [("beds_per_1000", 6.5, 2025)]),
    ("根据青禾市要求，到2025年全县县域内就诊率达到90%。", [("county_visit_rate", 90.0, 2025)]),
    # cited, then the document speaks for itself again (我县) before its value
    ("青禾市提出加快医共体建设，我县到2025年县域内就诊率达到91%。",
     [("county_visit_rate", 91.0, 2025)]),
    # ... or by its own name opening a clause after the cited goal
    ("青禾市要求各县2025年县域内就诊率达到90%，安平县将其作为底线，确保县域内就诊率达到92%。",
     [("county_visit_rate", 92.0, 2025)]),
    ("此前青禾市提出全市每千人口床位数达到7.6张；安平县则提出，到2025年全县每千人口床位数"
     "达到6.8张。", [("beds_per_1000", 6.8, 2025)]),
    # the higher level requiring it of the county by name: still the higher level's demand
    ("青禾市要求安平县到2025年县域内就诊率达到90%。", []),
])
def test_a_named_place_that_states_a_goal_is_quoted(codebook, sentence, expected):
    text = "安平县卫生健康事业发展“十四五”规划\n\n三、主要任务\n" + sentence + "\n"
    ctx = DocContext(regions=("洛川市", "青禾市", "安平县"), issued_on="2022-03-01")
    _, targets, _ = read(codebook, text, ctx)
    assert _keys(targets) == expected


def test_a_head_line_opening_on_an_unlisted_place_names_the_documents_own(codebook):
    """A county-level city the region list lacks: the head line it opens on makes it the
    text's own, so it speaks for itself again after citing its listed prefecture."""
    text = ("首页 > 新闻中心\n安平市出台基层卫生健康服务能力提升三年行动计划\n"
            "发布时间：2023-04-18\n\n"
            "青禾市要求各县（市、区）2025年县域内就诊率达到90%，安平市将其作为“保底线”，"
            "确保县域内就诊率达到92%。\n")
    _, targets, _ = read(codebook, text, DocContext(regions=("青禾市",)))
    assert _keys(targets) == [("county_visit_rate", 92.0, 2025)]


def test_the_head_that_names_a_documents_own_place_ends_at_its_first_heading(codebook):
    """A short county report whose own place is not in the region list: the first known
    place is named in its body, stating its own goal; it is not the report's place."""
    text = ("政府工作报告\n——2024年2月3日在安平县第六届人民代表大会第三次会议上\n\n"
            "一、2023年工作回顾\n县域内就诊率达到90.2%。\n"
            "二、2024年工作安排\n今年县域内就诊率保持在91%以上。"
            "洛川市提出全市每千人口床位数达到7.6张，我县将积极争取优质资源。\n")
    _, targets, _ = read(codebook, text, DocContext(regions=("洛川市",)))
    assert _keys(targets) == [("county_visit_rate", 91.0, 2024)]


def test_a_reading_of_a_plan_restates_its_goals_for_the_plan_period(codebook):
    text = ("首页 > 政策解读\n《江北市医疗卫生服务体系规划（2021—2025年）》政策解读\n"
            "发布时间：2022-06-01  来源：市卫生健康委\n\n"
            "问：规划提出了哪些主要目标？\n"
            "答：全市县域内就诊率达到90%以上，所有县（市）建成紧密型县域医共体。\n"
            "问：老年健康服务有什么安排？\n"
            "答：二级及以上公立综合医院均设立老年医学科。\n")
    found, targets, _ = read(codebook, text)
    assert found.kind.genre == "news_of_plan" and found.kind.restates_plan
    assert _keys(targets) == [("county_medical_community_coverage", 100.0, 2025),
                              ("county_visit_rate", 90.0, 2025),
                              ("geriatrics_department_share", 100.0, 2025)]


def test_news_of_goals_met_ahead_of_time_reports(codebook):
    """Achievement news: a goal met is named by its year (超过规划确定的2025年…目标), and
    values followed by 均已超额完成…目标 are results; only the goal ahead is a target."""
    text = ("首页 > 新闻动态\n五项“十四五”规划指标提前完成\n"
            "发布时间：2024-02-01　来源：市卫健委办公室\n\n"
            "　　记者获悉，《江北市“十四五”卫生健康发展规划》确定的五项指标已提前完成。\n"
            "　　截至2023年底，全市每千人口床位数已达到7.2张，超过规划确定的2025年7张目标；"
            "每千人口执业（助理）医师3.3人，每千人口注册护士3.8人，均已超额完成规划目标。"
            "全市县域内就诊率达到91.5%。\n"
            "　　会议提出，到2025年，力争每万人口全科医生数达到4.2人。\n")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("gp_per_10000", 4.2, 2025)]
    assert ("beds_per_1000", 7.2, 2023) in _keys(stats)
    assert {("physicians_per_1000", 3.3), ("nurses_per_1000", 3.8),
            ("county_visit_rate", 91.5)} <= {k[:2] for k in _keys(stats)}


def test_a_picture_of_a_plans_goals_gives_its_targets(codebook):
    """一图读懂: names and values one per line, dated by the plan the page reads."""
    text = ("首页 > 政策解读 > 图解\n一图读懂｜《江北市医疗卫生服务体系规划（2021—2025年）》\n"
            "发布时间：2022-04-02 09:00　来源：本网\n\n"
            "一、床位资源\n每千人口医疗卫生机构床位数\n6.1张\n每千人口康复床位数\n0.35张\n"
            "二、人力资源\n每千人口注册护士\n3.6人\n床人比\n1:1.6\n"
            "三、基层服务\n县域内就诊率\n90%\n")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("bed_staff_ratio", 1.6, 2025), ("beds_per_1000", 6.1, 2025),
                              ("county_visit_rate", 90.0, 2025), ("nurses_per_1000", 3.6, 2025),
                              ("rehab_beds_per_1000", 0.35, 2025)]
    assert _keys(stats) == []


def test_a_district_news_page_reads_its_own_whole_and_cites_the_city_above(codebook):
    """A district's headline under a news site's navigation lines makes 全区 its own
    whole; the municipality that states its goal (天津市提出…) is cited, not the page's
    own place, though it is the first known place the page names."""
    text = ("天津北方网 > 区域 > 南湖\n2023-03-21 10:05　来源：南湖区融媒体中心\n\n"
            "南湖区印发基层卫生服务能力提升行动方案\n\n"
            "　　日前，南湖区卫生健康委印发《南湖区基层医疗卫生服务能力提升行动方案（2023—2025年）》。\n"
            "　　方案明确，今年，全区家庭医生签约服务覆盖率要达到45%。"
            "到2025年，每万人口全科医生数达到4.3人。\n"
            "　　天津市提出，到2025年全市每万人口全科医生数达到5人。\n"
            "　　据了解，方案还提出实施基层卫生人才提升工程，每年为基层培养骨干人才。\n"
            "　　下一步，南湖区将加快推进社区医院建设，让群众就近享受优质医疗服务。\n"
            "编辑：王明\n【关闭窗口】【打印本页】\n")
    ctx = DocContext(regions=("天津市",))
    _, targets, _ = read(codebook, text, ctx)
    assert _keys(targets) == [("family_doctor_signing_rate", 45.0, 2023),
                              ("gp_per_10000", 4.3, 2025)]


def test_whom_a_notice_is_sent_to_does_not_make_it_a_districts(codebook):
    text = ("江北市卫生健康局关于印发江北市护理事业发展实施方案（2022—2025年）的通知\n"
            "各县（市、区）卫生健康局，局直属各单位：\n　　现将方案印发给你们。\n"
            "二、主要目标\n　　到2025年，全市每千人口注册护士数达到3.7人。"
            "全国规划提出到2025年全国每千人口注册护士数达到3.8人，全国平均水平较高。\n")
    from analysis.extract.context import speaking_level

    assert speaking_level(text, text.split("\n")) != "county"
    _, targets, _ = read(codebook, text, DocContext(level="municipal", region="江北市"))
    assert _keys(targets) == [("nurses_per_1000", 3.7, 2025)]


def test_a_review_sets_each_goal_against_its_result(codebook):
    """目标X，完成Y: Y is the result (an observation of the period's end), X the old goal
    (neither); the look ahead at the end (将把…提高到…) gives no observation either."""
    text = ("江北市“十三五”卫生健康规划实施情况总结\n\n"
            "一、主要指标完成情况\n"
            "　　（一）医疗资源。规划目标为到2020年每千人口医疗卫生机构床位数达到6.2张，"
            "实际完成6.41张，超额完成目标；每千人口执业（助理）医师目标2.6人，完成2.48人。\n"
            "　　（二）基层服务。每万人口全科医生目标2人，实际完成2.3人。\n"
            "二、“十四五”工作打算\n"
            "　　“十四五”时期，我市将把每千人口注册护士数提高到3.6人，每万人口全科医生数达到3.5人。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert _keys(stats) == [("beds_per_1000", 6.41, 2020), ("gp_per_10000", 2.3, 2020),
                            ("physicians_per_1000", 2.48, 2020)]


def test_news_restating_a_plans_goals_without_goal_words_gives_targets(codebook):
    """A news page that reports a plan (印发《…“十四五”…规划》) and lists its goals under
    friendly headings, with no goal word in each line: the plan's period dates them."""
    text = ("江北卫健\n点击上方蓝字关注我们\n\n"
            "重磅！江北市“十四五”卫生健康规划出炉，这些变化与你有关\n\n江北卫健 2022-05-16 18:30\n\n"
            "日前，江北市人民政府办公室印发《江北市“十四五”卫生健康事业发展规划》。\n\n"
            "《规划》提出，到2025年，全市卫生健康体系更加完善。\n\n一起来看看主要目标\n\n"
            "床位更多了：\n每千人口医疗卫生机构床位数达到6.9张。\n\n"
            "看病不用跑远了：\n县域内就诊率90%以上。\n\n"
            "下一步，市卫生健康委将细化任务分工，确保《规划》各项目标落地见效。\n")
    found, targets, _ = read(codebook, text)
    assert found.kind.genre == "news_of_plan"
    assert _keys(targets) == [("beds_per_1000", 6.9, 2025), ("county_visit_rate", 90.0, 2025)]


def test_a_plans_issuing_notice_on_a_web_page_is_the_plan(codebook):
    text = ("江北市卫生健康局 江北市医疗保障局关于印发《江北市推进分级诊疗制度建设实施方案"
            "（2023—2025年）》的通知\n发布时间：2023-06-12 来源：市卫生健康局 【字体：大 中 小】\n\n"
            "各县（区）卫生健康局、医疗保障局：\n为推动优质医疗资源下沉，制定本方案。\n\n"
            "一、工作目标\n到2025年，分级诊疗制度基本建立。\n"
            "（一）县域服务能力。县域内住院人次占比达到85%，县域内基层门急诊人次占比不低于65%。\n"
            "二、主要措施\n各县（区）要将分级诊疗工作纳入政府绩效考核。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "plan"
    assert _keys(targets) == [("county_inpatient_share", 85.0, 2025),
                              ("county_primary_visit_share", 65.0, 2025)]
    assert stats == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # a county text citing the city's plan: the 全市 after "市级方案明确" is the city's
    ("市级方案明确，到2025年，全市县域内就诊率达到90%，县域内住院人次占比达到80%。", []),
    # the text speaks for itself again (我县) after citing: its own goal
    ("省里要求到2025年全省每万人口全科医生数达到4人，我县力争达到3.2人。",
     [("gp_per_10000", 3.2, 2025)]),
    # following the city's requirement, the county's own whole
    ("按照市里提出的要求，到2025年，全县县域内就诊率达到92%。", [("county_visit_rate", 92.0, 2025)]),
])
def test_a_county_text_citing_the_levels_above(codebook, sentence, expected):
    text = ("南岭县推进紧密型县域医疗卫生共同体建设实施方案\n南岭县人民政府办公室\n\n"
            "一、目标任务\n" + sentence + "\n")
    _, targets, _ = read(codebook, text, DocContext(level="county", issued_on="2023-04-18"))
    assert _keys(targets) == expected


def test_an_undated_five_year_plan_looks_back_on_the_years_before_its_period(codebook):
    text = ("江北市“十四五”卫生健康事业发展规划\n\n一、发展基础\n"
            "居民健康素养水平由2015年的10.2%提高到2020年的22.4%。\n"
            "二、发展目标\n到2025年，居民健康素养水平达到30%。\n")
    _, targets, stats = read(codebook, text)  # no issue date, no signing date
    assert _keys(targets) == [("health_literacy_rate", 30.0, 2025)]
    assert _keys(stats) == [("health_literacy_rate", 10.2, 2015),
                            ("health_literacy_rate", 22.4, 2020)]


def test_news_of_a_plan_lists_its_goals_without_verbs(codebook):
    text = ("江北日报 2022年05月16日 第02版\n\n我市出台“十四五”卫生健康规划\n\n"
            "日前，江北市人民政府办公室印发《江北市“十四五”卫生健康事业发展规划》。\n"
            "医生护士更多了：\n每千人口执业（助理）医师3.1人、注册护士3.7人。\n"
            "据统计，目前全市每千人口执业（助理）医师2.6人。\n")
    _, targets, stats = read(codebook, text)
    assert _keys(targets) == [("nurses_per_1000", 3.7, 2025), ("physicians_per_1000", 3.1, 2025)]
    assert [k[:2] for k in _keys(stats)] == [("physicians_per_1000", 2.6)]


def test_a_five_year_period_dates_what_a_news_report_says_of_it(codebook):
    """"“十三五”时期，…由2.7人提高到3.1人，…达到2.9人": the period's base and end years;
    in a plan "“十四五”期间…达到" is a goal of the period's end."""
    news = ("江北日报 2022-01-10 来源：江北日报\n江北市出台“十四五”卫生健康规划\n"
            "据介绍，“十三五”时期，全市每千人口执业（助理）医师数由2.7人提高到3.1人，"
            "每万人口全科医生数达到2.9人。\n")
    _, _, stats = read(codebook, news)
    assert _keys(stats) == [("gp_per_10000", 2.9, 2020), ("physicians_per_1000", 2.7, 2015),
                            ("physicians_per_1000", 3.1, 2020)]
    plan = ("江北市卫生健康事业发展规划\n\n三、主要任务\n"
            "“十四五”期间，全市每万人口全科医生数力争达到4.2人。\n")
    _, targets, _ = read(codebook, plan, DocContext(issued_on="2021-12-01"))
    assert _keys(targets) == [("gp_per_10000", 4.2, 2025)]


def test_a_title_run_on_into_the_text_still_gives_the_period(codebook):
    """A PDF's text layer ran the title into the first paragraph: the review's statistics
    with no year of their own are still of the period's end (2020)."""
    from analysis.extract.genre import head_plan_year

    text = ("江北市“十三五”卫生健康事业发展规划实施情况总结“十三五”时期，市委、市政府高度重视"
            "卫生健康事业发展，全市卫生健康事业取得显著成效，规划确定的主要指标总体完成良好，"
            "群众看病就医更加方便。\n二、主要成效\n"
            "（一）分级诊疗稳步推进。重点人群家庭医生签约率达到71.8%。\n")
    assert head_plan_year(text, "review") == 2020
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert ("family_doctor_signing_rate_key", 71.8, 2020) in _keys(stats)


@pytest.mark.parametrize(("sentence", "expected"), [
    # the higher whole the sentence opened on goes on for its later clauses
    ("规划提出，到2025年，全市每千人口医疗卫生机构床位数达到7.4张，每千人口执业（助理）医师达到3.2人，"
     "县域内就诊率达到90%。", []),
    # until the document's own whole takes over
    ("到2025年，全市县域内就诊率达到90%，全县县域内住院人次占比要达到83%。",
     [("county_inpatient_share", 83, 2025)]),
    # named in a comparison, or in a name in quotes, it is no subject
    ("今年全县基层门急诊人次占比仍低于全省平均水平，县域内就诊率力争达到90%。",
     [("county_visit_rate", 90, 2023)]),
    ("今年，全县以创建“全国基层卫生健康综合试验区”为抓手，县域内就诊率力争达到90%。",
     [("county_visit_rate", 90, 2023)]),
])
def test_a_county_page_on_the_prefectures_plan(codebook, sentence, expected):
    text = ("某县融媒体中心\n某市出台医疗卫生服务体系规划 某县将如何落实？\n2023-10-12  来源：某县融媒体中心\n\n"
            + sentence + "\n全县将加快推进医共体建设，全县居民健康素养持续提升。\n")
    _, targets, _ = read(codebook, text, DocContext(level="county"))
    assert _keys(targets) == expected


def test_item_lines_with_a_count_and_its_rate_and_digits_grouped_by_spaces(codebook):
    """"执业（助理）医师 1 003 人，每千人口 2.80 人": two items a line (the count, then its
    rate per 1,000), each line ended; digits grouped by spaces and a space before the unit."""
    text = ("某县2023年卫生健康事业发展统计简报\n三、人员\n卫生技术人员 2 876 人\n"
            "执业（助理）医师 1 003 人，每千人口 2.80 人\n注册护士 1 127 人，每千人口 3.15 人\n"
            "每万人口全科医生 2.71 人\n五、家庭医生签约\n常住人口签约 16.2 万人，签约率 45.3 %\n"
            "重点人群签约率 90.4 %\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("family_doctor_signing_rate", 45.3, 2023), ("family_doctor_signing_rate_key", 90.4, 2023),
        ("gp_per_10000", 2.71, 2023), ("nurses_per_1000", 3.15, 2023),
        ("physicians_per_1000", 2.8, 2023)]


def test_a_monthly_brief_its_same_period_last_year_its_groups_rate_and_rates_after_counts(codebook):
    """A brief dated 2024-11-08 "截至10月底": 上年同期 is 2023; "重点人群签约6.9万人，签约率为
    92.6%" is the group's rate; "在岗执业（助理）医师558人，每千人口2.64人" after a rate per
    1,000 beds: the 2.64 is the doctors' rate (the count is none)."""
    text = ("某县卫生健康工作统计简报\n（2024年第10期 截至10月底）\n某县卫生健康局办公室 2024年11月8日\n"
            "一、主要业务指标\n截至10月底，县域内就诊率为86.2%（上年同期84.9%），县域内住院人次占比为79.5%。\n"
            "二、家庭医生签约服务\n截至10月底，全县累计签约12.1万人，全人群签约率为54.8%；"
            "重点人群签约6.9万人，签约率为92.6%，较年初提高1.8个百分点。\n四、资源情况\n"
            "截至10月底，全县实有床位1 362张，每千人口床位数6.45张；在岗执业（助理）医师558人，"
            "每千人口2.64人；注册护士612人，每千人口2.90人。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-11-08"))
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 6.45, 2024), ("county_inpatient_share", 79.5, 2024),
        ("county_visit_rate", 84.9, 2023), ("county_visit_rate", 86.2, 2024),
        ("family_doctor_signing_rate", 54.8, 2024), ("family_doctor_signing_rate_key", 92.6, 2024),
        ("nurses_per_1000", 2.9, 2024), ("physicians_per_1000", 2.64, 2024)]


def test_a_count_with_a_thousands_comma_is_one_item_line(codebook):
    """"床位总数：2,105张" is one item (its comma groups digits), not two: the line ends."""
    text = ("某县卫生健康事业发展统计简报（2021年度）\n\n一、资源配置\n医疗卫生机构：246个\n"
            "床位总数：2,105张\n每千常住人口床位数：5.44张（上年5.12张）\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 5.12, 2020), ("beds_per_1000", 5.44, 2021)]


@pytest.mark.parametrize("gap", ["\u3000", "  "])
def test_ratios_on_one_line_set_apart_by_a_wide_space(codebook, gap):
    """"床医比1:0.34　医护比1:1.30　床人比1:1.38": one full-width space ends an item as two
    spaces do."""
    text = (f"某县2022年卫生健康统计简报\n\n一、资源\n床医比1:0.34{gap}医护比1:1.30{gap}床人比1:1.38\n"
            "二、服务\n县域内就诊率89.5%。\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("bed_physician_ratio", 0.34, 2022), ("bed_staff_ratio", 1.38, 2022),
                                   ("county_visit_rate", 89.5, 2022),
                                   ("physician_nurse_ratio", 1.3, 2022)]


@pytest.mark.parametrize("dateline", ["2022年5月12日 10:21　来源：某市日报", "20231120 07:56　来源：某市晚报"])
def test_a_pages_time_of_day_before_a_wide_space_is_no_ratio(codebook, dateline):
    text = f"某市：到2025年每千人口注册护士数达5.1人\n{dateline}\n\n日前，某市印发方案。\n"
    found, _, _ = read(codebook, text)
    assert not [t for t in found.targets + found.statistics if t.unit == "ratio"]


def test_a_bulletin_of_several_years_reports_each_year_of_its_table(codebook):
    """"某市2021—2023年卫生健康事业发展统计": a bulletin whose table columns 2021年, 2022年,
    2023年 are all reported (up to its span's end), none a goal."""
    text = ("某市2021—2023年卫生健康事业发展统计\n（某市卫生健康委员会规划发展与信息化科　2024年6月）\n"
            "　　本表反映全市近三年卫生资源配置和主要服务指标变化情况。\n表1　全市卫生资源主要指标\n"
            "指标\t2021年\t2022年\t2023年\n每千人口医疗卫生机构床位数（张）\t7.42\t7.68\t7.95\n"
            "医护比\t1:1.18\t1:1.20\t1:1.21\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "bulletin" and targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 7.42, 2021), ("beds_per_1000", 7.68, 2022), ("beds_per_1000", 7.95, 2023),
        ("physician_nurse_ratio", 1.18, 2021), ("physician_nurse_ratio", 1.2, 2022),
        ("physician_nurse_ratio", 1.21, 2023)]


def test_a_reviews_fields_one_after_another_behind_the_items_name(codebook):
    """"每千人口医疗卫生机构床位数：基期值5.86张，目标值7.0张，2022年完成6.41张": the item's
    base (of the year before the period), its goal (no actual) and its result."""
    text = ("某县“十四五”卫生健康事业发展规划中期评估报告\n\n一、主要指标进展\n"
            "每千人口医疗卫生机构床位数：基期值5.86张，目标值7.0张，2022年完成6.41张，进展顺利。\n"
            "县域内就诊率：基期值86.8%，目标值90%，2022年完成88.5%，进展顺利。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 5.86, 2020), ("beds_per_1000", 6.41, 2022),
        ("county_visit_rate", 86.8, 2020), ("county_visit_rate", 88.5, 2022)]


def test_a_reviews_table_its_result_year_after_the_base_and_goal_columns(codebook):
    """"指标 | 基期值(2020年) | 目标值(2025年) | 2022年 | 进展" in a review of 2023: the 2022 column
    holds results, not goals."""
    text = ("某市“十四五”卫生健康事业发展规划中期评估报告（摘要）\n发布日期：2023-11-06 来源：市卫生健康委\n\n"
            "二、主要指标进展情况\n指标 | 基期值(2020年) | 目标值(2025年) | 2022年 | 进展\n"
            "每千人口医疗卫生机构床位数（张） | 6.74 | 7.8 | 7.31 | 顺利\n"
            "县域内就诊率（%） | 87.2 | 90 | 89.7 | 顺利\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 6.74, 2020), ("beds_per_1000", 7.31, 2022),
        ("county_visit_rate", 87.2, 2020), ("county_visit_rate", 89.7, 2022)]


@pytest.mark.parametrize("aside", ["（上年6.71张）", "（去年为6.71张）", "(上年同期6.71张)"])
def test_a_cells_value_with_the_year_befores_on_the_line_under_it(codebook, aside):
    """A bulletin laid out one cell per line: the name, this year's value, and under it the
    year before's in brackets - both are the name's, each of its year."""
    from reading import keys, read

    text = ("2022年某市卫生健康事业发展统计公报\n一、卫生资源\n每千人口医疗卫生机构床位数\n6.85张\n"
            f"{aside}\n每千人口注册护士数\n2.93人\n（上年2.84人）\n")
    assert sorted(keys(read(codebook, text)[2])) == [
        ("beds_per_1000", 6.71, 2021), ("beds_per_1000", 6.85, 2022),
        ("nurses_per_1000", 2.84, 2021), ("nurses_per_1000", 2.93, 2022)]



@pytest.mark.parametrize("pct", ["%", "％"])
def test_a_measures_name_over_its_figure_one_cell_a_line(codebook, pct):
    """A picture's or a web table's cells, a measure's name on one line and its figure on
    the next: each pair is one statistic of the paragraph's year, and the pairs do not run
    into each other or into the prose after them."""
    text = ("某县“十四五”卫生健康规划实施中期评估情况\n发布时间：2024-11-20\n\n"
            "2023年，全县每千常住人口医疗卫生机构床位数6.02张，较上年有所增加。\n"
            f"县域内就诊率\n87.3{pct}\n家庭医生签约服务覆盖率\n41.6{pct}\n"
            "每千人口注册护士数\n2.74人\n"
            "下一步，县卫健委将对照规划目标，逐项制定整改措施。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-11-20"))
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 6.02, 2023), ("county_visit_rate", 87.3, 2023),
                            ("family_doctor_signing_rate", 41.6, 2023),
                            ("nurses_per_1000", 2.74, 2023)]
    visits = _quoted(stats, "county_visit_rate", 87.3)
    assert text[visits.value_start:visits.value_end] == f"87.3{pct}"


@pytest.mark.parametrize("base", ["由上年的", "从上年", "由上一年"])
def test_pairs_after_one_from_last_year_set_out_from_last_year(codebook, base):
    """"床位数由上年的6.45张增加到6.81张，医师数由2.58人提高到2.76人，护士数由2.89人…":
    the pairs after the first, with no year of their own, set out from the same year."""
    text = ("某市2023年卫生健康事业发展统计公报\n发布时间：2024年5月8日\n\n"
            f"2023年，全市每千人口医疗卫生机构床位数{base}6.12张增加到6.47张，"
            "每千人口执业（助理）医师数由2.41人提高到2.63人，每千人口注册护士数从2.77人"
            "提高到2.95人。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2024-05-08"))
    assert targets == []
    assert _keys(stats) == [("beds_per_1000", 6.12, 2022), ("beds_per_1000", 6.47, 2023),
                            ("nurses_per_1000", 2.77, 2022), ("nurses_per_1000", 2.95, 2023),
                            ("physicians_per_1000", 2.41, 2022),
                            ("physicians_per_1000", 2.63, 2023)]


def test_pairs_after_one_from_a_year_keep_their_own_rule(codebook):
    """A pair of its own year between stops the search: "由2021年的…" dates its own, and
    the pair after it sets out from 2021 (the earlier rule), not from 上年."""
    text = ("某县2023年卫生健康工作总结\n发布时间：2024年1月10日\n\n"
            "全县每千人口床位数由上年的5.10张增加到5.32张，县域内就诊率由2021年的86.2%提高到"
            "89.5%，每千人口注册护士数由2.20人提高到2.41人。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-01-10"))
    nurses = [k for k in keys(stats) if k[0] == "nurses_per_1000"]
    assert ("nurses_per_1000", 2.20, 2022) not in nurses


@pytest.mark.parametrize("aside", ["（2022年为5.12张）", "(2022年是5.12张)", "（上年为5.12张，2022年为5.12张）"])
def test_the_year_befores_aside_in_brackets_does_not_date_the_paragraph(codebook, aside):
    """"2023年末，…床位数5.46张（2022年为5.12张）。每千人口中医类医院床位数0.71张": the year
    in the aside dates its own value; the sentences after it stand where the paragraph did."""
    text = ("某市2023年卫生健康事业发展统计公报\n发布时间：2024-05-20\n\n一、卫生资源\n"
            "2023年末，全市医疗卫生机构1856个。实有床位20310张，每千常住人口医疗卫生机构床位数"
            f"5.46张{aside}。每千常住人口中医类医院床位数0.71张。每千常住人口注册护士3.88人。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2024-05-20"))
    assert ("tcm_beds_per_1000", 0.71, 2023) in keys(stats)
    assert ("nurses_per_1000", 3.88, 2023) in keys(stats)
    assert ("beds_per_1000", 5.12, 2022) in keys(stats)


def test_a_series_of_years_still_dates_the_paragraph_at_its_last(codebook):
    """Not in brackets, "2021年为24.1%，2022年为27.3%" goes on dating the paragraph at its last."""
    text = ("某县卫生健康工作情况\n发布时间：2023-03-01\n\n"
            "全县居民健康素养水平2021年为24.1%，2022年为27.3%。县域内就诊率88.6%。\n")
    _, _, stats = read(codebook, text, DocContext(issued_on="2023-03-01"))
    assert ("county_visit_rate", 88.6, 2022) in keys(stats)


@pytest.mark.parametrize("title, issuer", [
    ("思明区2024年卫生健康统计简报", "厦门市思明区卫生健康局"),
    ("南山区卫生健康事业发展情况通报", "深圳市南山区卫生健康局"),
])
def test_a_districts_text_naming_its_city_in_the_issuer_is_the_districts(codebook, title, issuer):
    """A district's text with no known place of its own, its title opening on the district,
    its issuer line on the city above it ("厦门市思明区卫生健康局"): the district speaks,
    and the city's figure it cites (2024年厦门市…4.95张) is not its own."""
    city = issuer[:3]
    text = (f"{title}\n{issuer}\t2025年4月\n\n"
            "2024年末，全区每千常住人口医疗卫生机构床位数6.12张。全区三级医院较多，床位密度"
            f"明显高于全市平均水平。2024年{city}每千常住人口床位数为4.95张。\n")
    ctx = DocContext(issued_on="2025-04-01", regions=("厦门市", "深圳市", "福建省", "广东省"))
    _, _, stats = read(codebook, text, ctx)
    assert keys(stats) == [("beds_per_1000", 6.12, 2024)]


@pytest.mark.parametrize("verb", ["优化至", "优化到"])
def test_a_ratio_optimised_from_one_year_to_another(codebook, verb):
    """"医护比由2015年的1:1.09优化至2020年的1:1.15": 优化 is a ratio's change, read as
    提高至 is: both ends, each of its year; and "到2025年，医护比优化至1:1.25" is a goal."""
    text = ("某区卫生健康事业“十三五”发展回顾\n发布时间：2021-04-10\n\n"
            f"医护比由2015年的1:1.08{verb}2020年的1:1.16。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2021-04-10"))
    assert targets == []
    assert _keys(stats) == [("physician_nurse_ratio", 1.08, 2015),
                            ("physician_nurse_ratio", 1.16, 2020)]
    plan = "某市卫生健康事业发展“十四五”规划\n\n到2025年，医护比" + verb + "1:1.25。\n"
    _, targets, _ = read(codebook, plan, DocContext(issued_on="2021-12-01"))
    assert keys(targets) == [("physician_nurse_ratio", 1.25, 2025)]
