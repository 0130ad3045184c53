"""Genre from the language of the text: a plan reviewing its last period is still a plan;
news of a meeting that sets this year's goals is not a review of achievements."""

import pytest

from analysis.extract.genre import infer_genre


@pytest.mark.parametrize(("title", "text", "genre"), [
    # a plan's own title, its 发展基础 section full of achievements (成就, 已达到)
    ("河阳市“十四五”卫生健康事业发展规划",
     "河阳市“十四五”卫生健康事业发展规划河阳市卫生健康局目录\n第一章发展基础一、“十三五”发展成就\n"
     "全市每千人口床位数已达到5.6张。\n第二章发展目标\n到2025年，每千人口床位数达到6.5张。", "plan"),
    # the same plan title with an evaluation in the title block: a review
    ("河阳市“十四五”卫生健康事业发展规划",
     "河阳市“十四五”卫生健康事业发展规划中期评估报告\n一、总体进展\n规划确定的20项指标中15项进度符合预期。",
     "review"),
    # news of a meeting: progress first, then this year's goals
    (None,
     "20230315 来源：县融媒体中心\n会议指出，过去一年各项工作取得新进展，县域内就诊率为87.5%。\n"
     "会议要求，今年要力争县域内就诊率达到90%以上。", "news_of_plan"),
    (None,
     "本报讯 记者从市卫健委获悉，智慧医院建设取得明显进展，预约诊疗比例已达到55%。\n"
     "明年全市二级以上公立医院电子病历系统应用水平全部达到四级。", "news_of_plan"),
    # achievement news with nothing ahead stays a review
    (None,
     "本报讯 记者从市卫健委获悉，我市医共体建设取得显著成效，县域内就诊率已由85%提高到91%。", "review"),
    # 今年…已达到: this year's result, not this year's goal
    (None,
     "某县：家庭医生签约服务成效明显\n2023-11-20 来源：县融媒体中心\n"
     "“今年，全县重点人群签约率已经达到78.4%，超额完成年度计划。”县卫健局负责人介绍。", "review"),
    # "完成年度计划" in the lead is prose, not a title: news of results with one goal ahead
    (None,
     "某县：家庭医生签约成效显著\n2023-12-01 来源：某日报\n今年前10个月，全县签约率达到61%，"
     "完成年度计划的105%。\n下一步，全县将力争到2025年重点人群签约率达到85%。", "news_of_plan"),
    # a summary of the last plan whose last section turns to the next period
    (None,
     "某市卫生健康事业发展“十三五”规划实施情况总结\n某市卫生健康委员会\n2021年2月\n"
     "一、主要指标完成情况\n每千人口床位数6.2张，完成规划目标。\n"
     "三、下一步打算\n到2025年，每千人口床位数达到7张。", "review"),
])
def test_genre_reads_the_title_block_and_the_commitments(title, text, genre):
    assert infer_genre(text, title, 2023)[0] == genre
