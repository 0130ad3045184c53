"""Indicator tables: pipe rows and one-cell-per-line tables; only target columns count."""

from __future__ import annotations

import pytest

from analysis.extract.rules import DocContext
from reading import keys, read

PIPE = """二、主要指标
| 序号 | 指标 | 2020年基数 | 2025年目标 | 指标属性 |
|---|---|---|---|---|
| 1 | 每千人口医疗卫生机构床位数（张） | 6.2 | 7.2 | 预期性 |
| 2 | 医护比 | 1:1.05 | 1:1.2 | 预期性 |
| 3 | 全人群家庭医生签约率（%） | 40 | ≥60 | 预期性 |
| 4 | 心理健康素养水平（%） | 15 | 20 | 预期性 |
"""

FLAT = """表1  主要发展指标

序号
指标名称
单位
2020年
2025年
指标属性
1
每千常住人口执业（助理）医师数
人
2.9
3.4
预期性
— 2 —
2
每万人口全科医生数
人
2.5
4
约束性
3
县域内就诊率
%
85
90以上
预期性
4
二级及以上公立医院电子病历应用水平
级
3
四级
预期性

三、重点任务
（一）加强基层。到2025年，每千人口注册护士数达到3.8人。
"""


def _rows(targets):
    return [(t.indicator_id, t.value, t.target_year, t.comparator, t.method) for t in targets]


def test_pipe_table(extract):
    ts = extract(PIPE)
    assert _rows(ts) == [
        ("beds_per_1000", 7.2, 2025, "=", "table"),
        ("physician_nurse_ratio", 1.2, 2025, "=", "table"),
        ("family_doctor_signing_rate", 60, 2025, ">=", "table"),
        (None, 20, 2025, "=", "table"),
    ]
    assert ts[0].unit == "张" and ts[2].unit == "%"
    assert ts[0].extra["attribute"] == "预期性"
    for t in ts:
        assert PIPE[t.char_start:t.char_end] == t.quote
        assert PIPE[t.value_start:t.value_end] == t.value_text


def test_flattened_table_and_following_prose(extract):
    ts = extract(FLAT)
    assert _rows(ts) == [
        ("physicians_per_1000", 3.4, 2025, "=", "table"),
        ("gp_per_10000", 4, 2025, "=", "table"),
        ("county_visit_rate", 90, 2025, ">=", "table"),
        ("emr_level", 4, 2025, "=", "table"),
        ("nurses_per_1000", 3.8, 2025, "=", "verb"),
    ]
    assert ts[4].section == "(一)加强基层"
    assert all(FLAT[t.value_start:t.value_end] == t.value_text for t in ts)


def test_tab_separated_table(extract):
    text = "指标\t2022年现状\t2025年目标\t2030年目标\n居民健康素养水平（%）\t25\t30\t35\n"
    assert _rows(extract(text)) == [
        ("health_literacy_rate", 30, 2025, "=", "table"),
        ("health_literacy_rate", 35, 2030, "=", "table"),
    ]


WRAPPED_HEADER = """序号
主要指标
单位
2020年
现状
2025年
目标
指标
性质
1
每千人口医疗卫生机构床位数
张
7.41
7.9
指导性
其中：公立医院
张
4.86
5.1
 指导性
每千人口康复床位数
张
0.28
0.5
指导性
2
医护比
—
 1:1.13
1:1.2
指导性
"""


def test_flattened_table_with_wrapped_header_and_sub_rows(extract):
    rows = _rows(extract(WRAPPED_HEADER))
    assert rows == [
        ("beds_per_1000", 7.9, 2025, "=", "table"),
        (None, 5.1, 2025, "=", "table"),
        ("rehab_beds_per_1000", 0.5, 2025, "=", "table"),
        ("physician_nurse_ratio", 1.2, 2025, "=", "table"),
    ]


SPACED = """ 领域        序号   指标名称                                单位    2020年     2025年     属性
 健康水平    1      居民健康素养水平                        %       39.6       45         预期性
 医疗资源    2      每千人口医疗卫生机构床位数              张      7.12       7.7        预期性
             3      医护比                                  —       1:1.15     1:1.16     预期性
"""


def test_space_aligned_table(extract):
    assert _rows(extract(SPACED, "2021-06-01")) == [
        ("health_literacy_rate", 45, 2025, "=", "table"),
        ("beds_per_1000", 7.7, 2025, "=", "table"),
        ("physician_nurse_ratio", 1.16, 2025, "=", "table"),
    ]


@pytest.mark.parametrize("page_number", ["— 2 —", "第 2 页", "- 2 -"])
def test_a_space_aligned_table_goes_on_over_a_page_number(extract, page_number):
    """A PDF's table broken by a page: its rows after "— 2 —" belong to it (targets in the
    2025 column, the 2020 column the base)."""
    text = ("序号  指标                              2020年   2025年   属性\n"
            "1     每千人口医疗卫生机构床位数（张）     5.86     6.5      预期性\n"
            "2     每千人口注册护士数（人）             2.74     3.4      预期性\n\n"
            f"{page_number}\n\n"
            "3     二级及以上公立综合医院设立老年医学科比例（%）  25  60  预期性\n\n"
            "第三章 主要任务\n")
    assert _rows(extract(text, "2021-06-01")) == [
        ("beds_per_1000", 6.5, 2025, "=", "table"),
        ("nurses_per_1000", 3.4, 2025, "=", "table"),
        ("geriatrics_department_share", 60, 2025, "=", "table"),
    ]


@pytest.mark.parametrize(("cell", "comparator"), [("不低于82", ">="), ("≥82", ">="),
                                                 ("不超过82", "<=")])
def test_a_value_cell_may_open_on_a_comparator_in_words(extract, cell, comparator):
    """A flattened table's cell "不低于82" is a value with its comparator, like "≥82"."""
    text = ("附表：主要指标\n指标名称\n2022年\n2025年目标值\n每千人口注册护士（人）\n3.12\n3.9\n"
            f"重点人群家庭医生签约率（%）\n76\n{cell}\n二、重点任务\n")
    assert _rows(extract(text, "2023-05-01")) == [
        ("nurses_per_1000", 3.9, 2025, "=", "table"),
        ("family_doctor_signing_rate_key", 82, 2025, comparator, "table"),
    ]


def test_year_columns_after_the_issue_year_are_targets(extract):
    text = ("序号 | 指标 | 单位 | 2022年（基期） | 2024年 | 2025年\n"
            "1 | 县域内住院人次占比 | % | 78.5 | 82 | 85\n")
    assert _rows(extract(text, "2023-05-01")) == [
        ("county_inpatient_share", 82, 2024, "=", "table"),
        ("county_inpatient_share", 85, 2025, "=", "table"),
    ]


BASE_TARGET_NOTE = """专栏2 主要发展指标
序号|指标名称|计量单位|基期值|目标值|指标属性
1|每千常住人口注册护士数|人|3.05|3.9|预期性
2|县域内住院人次占比|%|76|≥85|约束性
注：基期值为2020年数，目标值为2025年数。
"""


def test_a_note_under_the_table_dates_its_columns(extract):
    assert _rows(extract(BASE_TARGET_NOTE, "2021-12-20")) == [
        ("nurses_per_1000", 3.9, 2025, "=", "table"),
        ("county_inpatient_share", 85, 2025, ">=", "table"),
    ]


def test_the_period_in_the_caption_dates_an_undated_target_column(extract):
    text = ("表3 “十四五”时期全省卫生健康事业发展主要指标\n"
            "序号|指标|单位|现状值|目标值|性质\n"
            "1|每万人口全科医生数|人|2.6|4.1|约束性\n")
    assert _rows(extract(text, "2022-02-14")) == [("gp_per_10000", 4.1, 2025, "=", "table")]


def test_the_plan_period_of_the_title_dates_a_table_without_any_year(extract):
    text = ("某市“十四五”医疗卫生服务体系规划\n"
            "一、发展指标\n"
            "指标|基线值|规划值\n"
            "每千人口医疗卫生机构床位数（张）|6.4|7.1\n"
            "重点人群家庭医生签约率（%）|70|80\n")
    assert [(i, v, y) for i, v, y, *_ in _rows(extract(text, "2021-09-01"))] == [
        ("beds_per_1000", 7.1, 2025), ("family_doctor_signing_rate_key", 80, 2025)]


def test_a_period_already_over_dates_no_target_column(extract):
    text = ("附表 “十四五”规划主要指标\n"
            "指标|单位|目标值\n"
            "每千人口注册护士数|人|3.8\n")
    assert [t.target_year for t in extract(text, "2026-03-01")] == [None]


def test_after_a_named_base_column_the_issue_years_column_is_a_target(extract):
    text = ("主要指标年度目标如下：\n"
            "指标名称\t2022年（基数）\t2023年\t2024年\t2025年\n"
            "县域内就诊率（%）\t86\t88\t90\t92\n")
    assert [(i, v, y) for i, v, y, *_ in _rows(extract(text, "2023-03-10"))] == [
        ("county_visit_rate", 88, 2023), ("county_visit_rate", 90, 2024),
        ("county_visit_rate", 92, 2025)]


def test_a_year_column_and_a_value_column_one_cell_per_line_stay_two_columns(extract):
    text = ("某市“十四五”卫生健康发展规划\n表1 主要指标\n指标名称\n单位\n2020年\n规划值\n"
            "每千人口医疗卫生机构床位数\n张\n6.3\n7.1\n居民健康素养水平\n%\n25.2\n33\n\n三、主要任务\n")
    assert [(i, v, y) for i, v, y, *_ in _rows(extract(text, "2021-06-01"))] == [
        ("beds_per_1000", 7.1, 2025), ("health_literacy_rate", 33, 2025)]


SINGLE_SPACED = """江北市全民健康信息化发展规划（2021—2025年）
专栏1 主要发展指标
序号 指标名称 单位 2020年 2025年 属性
1 居民电子健康档案建档率 % 90.1 95 预期性
2 二级以上公立医院门诊预约诊疗率 % 51.2 70 预期性
3 互联网医院数量 家 4 15 预期性

二、主要任务
"""


def test_a_table_whose_separators_narrowed_to_one_space(extract):
    ts = extract(SINGLE_SPACED, "2021-12-01")
    assert _rows(ts) == [
        (None, 95, 2025, "=", "table"),
        ("appointment_rate", 70, 2025, "=", "table"),
        (None, 15, 2025, "=", "table"),
    ]
    for t in ts:  # quotes and values point at the raw text
        assert SINGLE_SPACED[t.value_start:t.value_end] == t.value_text


def test_prose_with_spaces_is_no_single_spaced_table(extract):
    text = ("序号 指标 单位 目标\n"  # three header cells only: too few to trust single spaces
            "到2025年，每千人口床位数达到 7.5 张。\n")
    assert _rows(extract(text, "2021-12-01")) == [("beds_per_1000", 7.5, 2025, "=", "verb")]


def test_a_name_column_that_carries_the_unit(extract):
    """"指标名称（单位）": the name cells end in their unit in brackets; the table runs on
    after a PDF page number with its header repeated."""
    text = ("附件\n主要指标\n"
            "| 序号 | 指标名称（单位） | 2020年 | 2025年目标值 | 指标性质 |\n"
            "| 1 | 每千人口医疗卫生机构床位数（张） | 5.4 | 6.2 | 指导性 |\n"
            "| 2 | 县域内就诊率（%） | 86 | 90 | 预期性 |\n\n— 12 —\n\n"
            "| 序号 | 指标名称（单位） | 2020年 | 2025年目标值 | 指标性质 |\n"
            "| 3 | 床医比 | 1:0.70 | 1:0.78 | 指导性 |\n")
    ts = extract(text, "2021-12-01")
    assert _rows(ts) == [("beds_per_1000", 6.2, 2025, "=", "table"),
                         ("county_visit_rate", 90, 2025, "=", "table"),
                         ("bed_physician_ratio", 0.78, 2025, "=", "table")]
    assert [t.unit for t in ts] == ["张", "%", "ratio"]


def test_a_reviews_table_with_a_status_column(extract):
    """A review's table flattened one cell per line: goal, the value reached, and a status
    word (完成 / 超额完成 / 未完成) that is no row's name; the values reached are the
    statistics.  (The goal column reads as the table's targets; a review keeps none.)"""
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    text = ("江北市“十三五”卫生健康规划实施情况总结\n一、主要指标完成情况\n"
            "指标名称\n规划目标（2020年）\n2020年完成值\n完成情况\n"
            "每千人口医疗卫生机构床位数（张）\n6.0\n6.35\n超额完成\n"
            "每千人口注册护士数（人）\n3.2\n3.05\n未完成\n"
            "县域内就诊率（%）\n90\n91.2\n完成\n\n二、主要成效\n")
    targets, _, stats = read_tables(normalize(text), 2021, 2020)
    assert [(t.indicator_text, t.value, t.target_year) for t in stats] == [
        ("每千人口医疗卫生机构床位数", 6.35, 2020), ("每千人口注册护士数", 3.05, 2020),
        ("县域内就诊率", 91.2, 2020)]
    assert [(t.indicator_text, t.value) for t in targets] == [
        ("每千人口医疗卫生机构床位数", 6.0), ("每千人口注册护士数", 3.2), ("县域内就诊率", 90.0)]


def test_a_bulletins_table_of_last_year_and_this_year():
    """"上年 | 本年" columns (aligned by runs of spaces): statistics of the year the
    bulletin reports and the one before; a note under the table dates them outright."""
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    table = ("表3  卫生资源主要指标\n"
             "指标名称                      单位    上年      本年\n"
             "每千人口医疗卫生机构床位数    张      6.02      6.31\n"
             "每千人口注册护士数            人      3.05      3.28\n")
    _, _, stats = read_tables(normalize("江北市2024年统计公报\n" + table), 2025, None, 2024)
    assert [(t.indicator_text, t.value, t.target_year) for t in stats] == [
        ("每千人口医疗卫生机构床位数", 6.02, 2023), ("每千人口医疗卫生机构床位数", 6.31, 2024),
        ("每千人口注册护士数", 3.05, 2023), ("每千人口注册护士数", 3.28, 2024)]
    noted = table + "\n注：本年为2022年，上年为2021年。\n"
    _, _, stats = read_tables(normalize(noted), None, None, None)
    assert [t.target_year for t in stats] == [2021, 2022, 2021, 2022]


def test_a_statistics_table_of_past_years_with_its_header_on_two_lines():
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    text = ("二、主要指标一览\n"
            "指标                          2022年      2023年\n"
            "                              实际值      实际值\n"
            "每千人口康复床位数（张）      0.14        0.19\n"
            "预约诊疗比例（%）             41.5        46.2\n\n三、基层卫生\n")
    targets, _, stats = read_tables(normalize(text), 2024, None, 2023)
    assert targets == []
    assert [(t.indicator_text, t.value, t.target_year) for t in stats] == [
        ("每千人口康复床位数", 0.14, 2022), ("每千人口康复床位数", 0.19, 2023),
        ("预约诊疗比例", 41.5, 2022), ("预约诊疗比例", 46.2, 2023)]


def test_a_tab_separated_table_in_traditional_characters_keeps_its_cells():
    """Traditional text is matched through a simplified copy of the raw text; a tab between
    two numbers must stay a tab there, or the row's numbers run into one cell."""
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    text = ("二、主要指標進展\n指標\t2020年\t2022年\t2025年目標\t進展\n"
            "每千人口註冊護士數（人）\t2.70\t3.05\t3.6\t符合預期\n"
            "縣域內就診率（%）\t82.1\t87.3\t90\t滯後\n")
    targets, _, stats = read_tables(normalize(text), 2023, 2025, 2022)
    assert [(t.value, t.target_year) for t in stats] == [(2.7, 2020), (3.05, 2022),
                                                         (82.1, 2020), (87.3, 2022)]
    assert [(t.value, t.target_year) for t in targets] == [(3.6, 2025), (90.0, 2025)]


def test_an_undated_value_column_is_of_the_year_the_report_is_of():
    """A year's work summary: "年度目标 | 完成值 | 完成情况" with no year in the header; the
    values reached are of the year the summary reports."""
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    text = ("一、年度主要指标完成情况\n"
            "序号  指标名称                      年度目标   完成值   完成情况\n"
            "1     每千人口注册护士数            3.0人      3.11人   完成\n"
            "2     县域内就诊率                  88%        89.4%    完成\n\n二、主要工作\n")
    _, _, stats = read_tables(normalize(text), 2024, None, 2023)
    assert [(t.indicator_text, t.value, t.target_year) for t in stats] == [
        ("每千人口注册护士数", 3.11, 2023), ("县域内就诊率", 89.4, 2023)]
    _, _, undated = read_tables(normalize(text), 2024, None, None)
    assert [t.target_year for t in undated] == [None, None]  # no year known: none invented


def test_a_value_column_under_a_past_years_heading_holds_statistics():
    from analysis.extract.tables import read_tables
    from analysis.ingest.textnorm import normalize

    text = ("表1  2023年卫生资源配置情况\n指标\n单位\n数值\n"
            "每万人口全科医生数\n人\n2.41\n每万人口公共卫生人员数\n人\n6.2\n\n二、医疗服务\n")
    targets, _, stats = read_tables(normalize(text), 2024, None, 2023)
    assert targets == []
    assert [(t.indicator_text, t.value, t.target_year) for t in stats] == [
        ("每万人口全科医生数", 2.41, 2023), ("每万人口公共卫生人员数", 6.2, 2023)]
    # under a plan period still ahead the same column holds targets
    plan = text.replace("表1  2023年卫生资源配置情况", "专栏1 “十四五”时期主要指标")
    targets, _, stats = read_tables(normalize(plan), 2021, 2025, 2020)
    assert [(t.value, t.target_year) for t in targets] == [(2.41, 2025), (6.2, 2025)]


def test_a_long_name_that_fills_its_column_leaves_one_space(codebook):
    """Space-aligned columns where a long name ran up to its number: one space is a gap."""
    text = ("某县2023年卫生健康事业发展统计提要\n\n二、主要指标一览\n"
            "指标                          2022年      2023年\n"
            "每千人口康复床位数（张）      0.14        0.18\n"
            "县域内基层门急诊人次占比（%） 57.9        60.8\n"
            "预约诊疗比例（%）             38.2        42.6\n")
    _, _, stats = read(codebook, text)
    assert keys(stats) == [
        ("rehab_beds_per_1000", 0.14, 2022), ("rehab_beds_per_1000", 0.18, 2023),
        ("county_primary_visit_share", 57.9, 2022), ("county_primary_visit_share", 60.8, 2023),
        ("appointment_rate", 38.2, 2022), ("appointment_rate", 42.6, 2023)]


def test_a_heading_over_a_flattened_table_and_a_year_beside_its_target_column(codebook):
    """"（二）具体指标。" over a table of one cell per line is no header cell; "指标名称 | 2020年
    | 目标值 | 属性": the bare year beside the undated target column is the base."""
    text = ("某县“十四五”中医药发展规划\n\n二、发展目标\n（二）具体指标。\n指标名称\n2020年\n目标值\n属性\n"
            "每千人口中医类医院床位数（张）\n0.64\n0.86\n预期性\n"
            "每千人口公立中医类医院床位数（张）\n0.52\n0.74\n预期性\n")
    _, targets, stats = read(codebook, text)
    assert keys(targets) == [("tcm_beds_per_1000", 0.86, 2025), ("public_tcm_beds_per_1000", 0.74, 2025)]
    assert keys(stats) == [("tcm_beds_per_1000", 0.64, 2020), ("public_tcm_beds_per_1000", 0.52, 2020)]


def test_person_times_in_a_years_column_are_that_years_flow(codebook):
    from reading import keys, read

    text = ("某县卫生健康委员会2023年度工作总结\n\n一、年度主要指标完成情况\n"
            "序号  指标名称                      年度目标   完成值   完成情况\n"
            "1     县域内就诊率                  88%        89.4%    完成\n"
            "2     下沉医务人员（人次）          300        346      超额完成\n"
            "3     累计下沉医务人员（人次）      900        1036     完成\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("county_visit_rate", 89.4, 2023),
                                   ("staff_sent_down_per_year", 346, 2023)]


def test_a_reviews_base_column_is_of_the_year_before_the_period(codebook):
    from reading import keys, read

    text = ("某市“十四五”卫生健康事业发展规划中期评估报告\n某市卫生健康局\n2023年8月\n\n"
            "一、总体进展\n规划实施以来，截至2022年底，各项指标总体进展顺利。\n"
            "二、主要指标完成情况\n指标名称 | 基期值 | 目标值 | 完成值 | 进展\n"
            "每千人口医疗卫生机构床位数（张） | 6.42 | 7.2 | 6.88 | 符合预期\n"
            "县域内就诊率（%） | 88.6 | 92 | 90.1 | 符合预期\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "review" and targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 6.42, 2020), ("beds_per_1000", 6.88, 2022),
                                   ("county_visit_rate", 88.6, 2020), ("county_visit_rate", 90.1, 2022)]


_BULLETIN_TABLE = ("某市2023年国民经济和社会发展统计公报\n\n八、卫生健康\n"
                   "年末全市医疗卫生机构1087个。\n\n卫生健康主要指标\n"
                   "指标                          单位      数值\n"
                   "每千人口医疗卫生机构床位数    张        5.95\n"
                   "县域内就诊率                  %         89.6\n\n")


def test_a_bulletins_value_column_is_its_years_figures(codebook):
    """"指标 | 单位 | 数值" under a heading with no year, in 《2023年…统计公报》."""
    _, targets, stats = read(codebook, _BULLETIN_TABLE)
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 5.95, 2023), ("county_visit_rate", 89.6, 2023)]


def test_a_plans_undated_value_column_stays_unread(codebook):
    """The same table in a plan with no period over it: targets or figures, nothing says."""
    text = _BULLETIN_TABLE.replace("2023年国民经济和社会发展统计公报", "卫生健康事业发展实施方案")
    _, targets, stats = read(codebook, text)
    assert [k for k in keys(targets) + keys(stats) if k[1] in (5.95, 89.6)] == []


def test_a_rows_part_under_it_is_named_by_both(codebook):
    """"其中：公立中医类医院（张）" under the beds per 1,000 people: those hospitals' beds."""
    text = ("某市医疗卫生服务体系规划（2021—2025年）\n\n表1  主要指标\n"
            "指标\t2020年\t2025年\t性质\n"
            "每千人口医疗卫生机构床位数（张）\t5.86\t6.5\t指导性\n"
            "  其中：公立中医类医院（张）\t0.52\t0.75\t指导性\n"
            "每千人口注册护士数（人）\t2.47\t3.3\t指导性\n")
    _, targets, stats = read(codebook, text)
    assert ("public_tcm_beds_per_1000", 0.75, 2025) in keys(targets)
    assert ("public_tcm_beds_per_1000", 0.52, 2020) in keys(stats)
    assert ("nurses_per_1000", 3.3, 2025) in keys(targets)


def test_a_note_dates_each_column_by_its_own_word(codebook):
    """"注：基期值为2020年数据，完成值为2023年数据": the 完成值 column is of 2023, not the
    基期值's 2020."""
    text = ("某旗“十四五”卫生健康事业发展规划实施中期评估报告\n某旗卫生健康委员会\n2024年1月\n\n"
            "二、主要指标完成情况\n指标 | 基期值 | 目标值 | 完成值 | 进展\n"
            "每千常住人口医疗卫生机构床位数（张） | 5.84 | 6.8 | 6.32 | 符合预期\n\n"
            "注：基期值为2020年数据，完成值为2023年数据。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("beds_per_1000", 5.84, 2020), ("beds_per_1000", 6.32, 2023)]


def test_a_dated_page_of_past_years_columns_holds_results(codebook):
    """A resources page dated under its title ("某市卫生健康局　2024年4月") whose table gives
    2021-2023 columns: the years before the page's own are results, not goals."""
    text = ("某市卫生资源情况（2021—2023年）\n某市卫生健康局　2024年4月\n表1　卫生资源主要指标\n"
            "指标\t2021年\t2022年\t2023年\n"
            "每千人口医疗卫生机构床位数（张）\t5.72\t5.98\t6.21\n"
            "每千人口注册护士数（人）\t3.11\t3.29\t3.46\n"
            "每千人口执业（助理）医师数（人）\t2.88\t3.02\t3.15\n"
            "每千人口康复床位数（张）\t0.18\t0.22\t0.27\n"
            "床医比\t1:0.50\t1:0.51\t1:0.51\n床人比\t1:1.52\t1:1.58\t1:1.64\n"
            "注：1.人口数为年末常住人口；2.床位数含民营医院。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert ("beds_per_1000", 6.21, 2023) in keys(stats)
    assert ("nurses_per_1000", 3.11, 2021) in keys(stats)


def test_relative_columns_dated_by_what_the_text_said_before_the_tables(codebook):
    """"现将2023年…公布如下（上年为2022年数据，本年为2023年数据）" dates the 上年 / 本年 columns of
    every table after it, as a note under a table does."""
    text = ("某县2023年卫生资源和医疗服务情况\n某县卫生健康委员会　发布日期：2024-02-02\n\n"
            "现将2023年全县主要指标公布如下（上年为2022年数据，本年为2023年数据）：\n\n"
            "表1　卫生资源主要指标\n指标\t上年\t本年\t增减\n"
            "每千人口医疗卫生机构床位数（张）\t5.87\t6.12\t+0.25\n"
            "每千人口注册护士数（人）\t2.78\t2.95\t+0.17\n\n"
            "表2　医疗服务主要指标\n指标\t上年\t本年\t增减\n"
            "县域内就诊率（%）\t89.8\t90.6\t+0.8\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [
        ("beds_per_1000", 5.87, 2022), ("beds_per_1000", 6.12, 2023),
        ("county_visit_rate", 89.8, 2022), ("county_visit_rate", 90.6, 2023),
        ("nurses_per_1000", 2.78, 2022), ("nurses_per_1000", 2.95, 2023)]


def test_relative_columns_take_the_statement_nearest_before_their_table(codebook):
    text = ("某县卫生健康统计资料\n一、2022年（上年为2021年数据，本年为2022年数据）\n"
            "指标\t上年\t本年\n每千人口注册护士数（人）\t2.61\t2.78\n\n"
            "二、2023年（上年为2022年数据，本年为2023年数据）\n"
            "指标\t上年\t本年\n每千人口注册护士数（人）\t2.78\t2.95\n")
    _, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("nurses_per_1000", 2.61, 2021), ("nurses_per_1000", 2.78, 2022),
                                   ("nurses_per_1000", 2.78, 2022), ("nurses_per_1000", 2.95, 2023)]


def test_an_empty_header_cell_the_rows_lack_is_the_headers_own(codebook):
    """"主要指标\t\t2021年\t2022年\t增减" over rows of four cells: the doubled tab is no
    column; the change column after the years holds no value of a year."""
    text = ("某县2022年卫生健康事业发展统计简报\n某县卫生健康局 2023-04-10\n\n"
            "主要指标\t\t2021年\t2022年\t增减\n"
            "每千人口医疗卫生机构床位数（张）\t7.35\t7.68\t+0.33\n"
            "每万人口全科医生（人）\t2.58\t2.94\t+0.36\n床人比\t1:0.91\t1:0.94\t—\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("bed_staff_ratio", 0.91, 2021), ("bed_staff_ratio", 0.94, 2022),
                                   ("beds_per_1000", 7.35, 2021), ("beds_per_1000", 7.68, 2022),
                                   ("gp_per_10000", 2.58, 2021), ("gp_per_10000", 2.94, 2022)]


def test_a_change_since_a_year_is_no_value_of_that_year(codebook):
    """"比2022年增减": the column names a year, but holds the change since it."""
    text = ("某县2023年卫生健康统计简报\n\n指标 | 2022年 | 2023年 | 比2022年增减\n"
            "每千人口医疗卫生机构床位数（张） | 6.41 | 6.78 | 0.37\n"
            "每千人口注册护士数（人） | 2.95 | 3.12 | 0.17\n")
    found, _, stats = read(codebook, text)
    assert sorted(keys(stats)) == [("beds_per_1000", 6.41, 2022), ("beds_per_1000", 6.78, 2023),
                                   ("nurses_per_1000", 2.95, 2022), ("nurses_per_1000", 3.12, 2023)]
    assert not [t for t in found.statistics if t.value in (0.37, 0.17)]


def test_a_change_cell_closes_a_one_cell_per_line_header_after_its_years(codebook):
    """指标 / 2021年 / 2022年 / 增减, one cell a line: 增减 is the header's last cell (else it
    opened the first row and every row was read one cell off)."""
    text = ("2022年某市卫生资源情况\n日期：2023-05-16 来源：某市卫生健康委员会\n表1 全市卫生资源主要指标\n"
            "指标\n2021年\n2022年\n增减\n医疗卫生机构数（个）\n6073\n6108\n35\n"
            "每千常住人口医疗卫生机构床位数（张）\n7.14\n7.45\n0.31\n"
            "每千常住人口注册护士数（人）\n3.41\n3.57\n0.16\n床人比\n1:1.44\n1:1.41\n—\n"
            "注：常住人口数采用市统计局公布的年末常住人口数。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert sorted(keys(stats)) == [("bed_staff_ratio", 1.41, 2022), ("bed_staff_ratio", 1.44, 2021),
                                   ("beds_per_1000", 7.14, 2021), ("beds_per_1000", 7.45, 2022),
                                   ("nurses_per_1000", 3.41, 2021), ("nurses_per_1000", 3.57, 2022)]


@pytest.mark.parametrize("heading", ["二、分年度目标", "（二）阶段性目标", "三、年度工作目标"])
@pytest.mark.parametrize("ctx", [None, DocContext(issued_on="2022-06-01")])
def test_a_plans_goals_by_year_include_its_issue_years(codebook, heading, ctx):
    """Under "分年度目标", the column of the plan's own year (2022, issued 2022) holds that
    year's goal, not a value reached: one cell a line, as a PDF or a web page lays it out."""
    text = ("某市关于推进紧密型县域医共体建设的实施意见\n某政办发〔2022〕41号\n\n一、总体目标\n"
            "到2025年，县域内就诊率达到90%以上。\n\n"
            f"{heading}\n指标\n2022年\n2023年\n2025年\n达到基本标准的乡镇卫生院占比（%）\n85\n90\n100\n\n"
            "三、工作要求\n各地要加强组织领导。\n")
    _, targets, stats = read(codebook, text, ctx)
    assert sorted(k for k in keys(targets) if k[0] == "primary_basic_standard_share") == [
        ("primary_basic_standard_share", 85, 2022), ("primary_basic_standard_share", 90, 2023),
        ("primary_basic_standard_share", 100, 2025)]
    assert not [k for k in keys(stats) if k[0] == "primary_basic_standard_share"]


@pytest.mark.parametrize("sep", ["\u3000\u3000", "\t", " | ", "   "])
def test_a_bulletins_table_of_years_by_rows_gives_each_years_values(codebook, sep):
    """A series laid out a year a row and a measure a column ("年份　每千人口床位　…" over
    "2021　6.92　…"): each cell is its column's measure in its row's year, read as any
    table's (separated by full-width spaces, tabs, pipes or spaces)."""
    def line(*cells: str) -> str:
        return sep.join(cells) + "\n"
    text = ("某县2023年卫生健康事业发展统计公报\n发布时间：2024-05-20\n\n"
            "2023年末，全县每千人口医疗卫生机构床位数5.84张。\n\n"
            + line("年份", "每千人口床位数（张）", "每千人口执业（助理）医师（人）", "医护比")
            + line("2021", "5.12", "2.03", "1:1.08")
            + line("2022年", "5.47", "2.21", "1:1.12")
            + line("2023年", "5.84", "2.36", "1:1.17")
            + "\n注：本公报数据为快报数。\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    got = sorted({k for k in keys(stats) if k[0] in (  # (5.84 also from the prose)
        "beds_per_1000", "physicians_per_1000", "physician_nurse_ratio")})
    assert got == [("beds_per_1000", 5.12, 2021), ("beds_per_1000", 5.47, 2022),
                   ("beds_per_1000", 5.84, 2023),
                   ("physician_nurse_ratio", 1.08, 2021), ("physician_nurse_ratio", 1.12, 2022),
                   ("physician_nurse_ratio", 1.17, 2023),
                   ("physicians_per_1000", 2.03, 2021), ("physicians_per_1000", 2.21, 2022),
                   ("physicians_per_1000", 2.36, 2023)]
    for t in stats:  # each value's offsets are its own cell's; the quote holds it
        assert text[t.value_start:t.value_end] == t.value_text
        assert text[t.char_start:t.char_end] == t.quote and t.value_text in t.quote


def test_a_plans_table_of_years_by_rows_holds_goals_after_its_issue_year(codebook):
    """The same layout in a plan issued in 2023: the rows after the issue year are goals of
    their year, the rows up to it values reached."""
    text = ("某市全面提升县级医院综合能力实施方案（2023—2025年）\n\n二、年度目标\n"
            "年度\t县域内就诊率（%）\t每万人口全科医生数（人）\n"
            "2022年\t86.1\t2.9\n2024年\t88\t3.3\n2025年\t90\t3.5\n\n三、重点任务\n"
            "各县要加强组织领导。\n")
    _, targets, stats = read(codebook, text, DocContext(issued_on="2023-04-01"))
    assert sorted(keys(targets)) == [("county_visit_rate", 88, 2024), ("county_visit_rate", 90, 2025),
                                     ("gp_per_10000", 3.3, 2024), ("gp_per_10000", 3.5, 2025)]
    assert sorted(keys(stats)) == [("county_visit_rate", 86.1, 2022), ("gp_per_10000", 2.9, 2022)]


def test_a_table_whose_first_column_is_not_years_is_not_turned(codebook):
    """A header opening on 年份 over rows that are not years is no series by year."""
    text = ("年份\t床位数\t医师数\n合计\t5.1\t2.0\n城区\t6.2\t2.4\n")
    _, targets, stats = read(codebook, text)
    assert not [k for k in keys(stats) + keys(targets) if k[1] in (5.1, 6.2, 2.0, 2.4)]
