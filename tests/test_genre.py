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
    # news of a meeting that arranges the second half's work: not a half-year's report
    (None,
     "某县召开医共体建设推进会\n来源：某县人民政府　时间：2023-07-06\n7月5日，某县召开推进会，"
     "安排部署下半年工作。会议指出，1—5月县域内就诊率为85.1%。\n会议要求，年内县域内就诊率要达到"
     "90%。", "news_of_plan"),
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
    # a government site's news page with a correspondent's byline, about a plan it names
    ("某县：三年行动计划推动县域医疗服务能力提升",
     "某县人民政府网 > 政务公开 > 部门动态\n某县：三年行动计划推动县域医疗服务能力提升\n"
     "发布日期：2025-02-27  作者：通讯员 某某\n近日，某县印发《某县县域医疗服务能力提升三年行动计划"
     "（2025—2027年）》。到2027年，县域内就诊率达到92%。", "news_of_plan"),
    # a report on a plan's mid-term review: 现将《…》 reports on the plan, not issues it
    (None,
     "某市“十四五”卫生健康规划实施中期评估情况的报告\n某市人大常委会：\n"
     "现将《某市“十四五”卫生健康事业发展规划》实施中期评估情况报告如下。\n"
     "截至2022年底，全市每千人口床位数达到6.4张，规划目标为7张。", "review"),
    # ... and 现将《…》印发给你们 issues it
    (None,
     "各县（市、区）人民政府：\n现将《某市卫生健康事业发展规划》印发给你们，请认真贯彻执行。\n"
     "到2025年，每千人口床位数达到7张。", "plan"),
    # a summary of the last plan whose last section turns to the next period
    (None,
     "某市卫生健康事业发展“十三五”规划实施情况总结\n某市卫生健康委员会\n2021年2月\n"
     "一、主要指标完成情况\n每千人口床位数6.2张，完成规划目标。\n"
     "三、下一步打算\n到2025年，每千人口床位数达到7张。", "review"),
])
def test_genre_reads_the_title_block_and_the_commitments(title, text, genre):
    assert infer_genre(text, title, 2023)[0] == genre


@pytest.mark.parametrize(("title", "text", "genre"), [
    # a headline with a plan word inside reports on the plan; the inferred title is the
    # plan the page names in 《》, not a title of its own
    ("江北市“十四五”卫生健康发展规划",
     "首页 > 新闻动态\n五项“十四五”规划指标提前完成\n发布时间：2024-02-01　来源：市卫健委\n"
     "记者获悉，《江北市“十四五”卫生健康发展规划》确定的五项指标已提前完成。"
     "截至2023年底，全市每千人口床位数已达到7.2张。", "review"),
    # a headline that says a body issued a plan: news of the plan
    (None,
     "南湖日报 2023年05月08日 第03版\n我区出台基层卫生服务能力提升行动方案\n"
     "到2025年，全区每万人口全科医生达到4人。", "news_of_plan"),
    (None,
     "北岭新闻网 > 民生\n北岭县印发医共体建设实施方案\n2023-04-02 来源：县融媒体中心\n"
     "方案明确，到2025年，县域内就诊率达到90%以上。", "news_of_plan"),
    # a reading of one plan (政策解读, 一图读懂) restates its goals
    (None,
     "《江北市医疗卫生服务体系规划（2021—2025年）》政策解读\n发布时间：2022-05-20\n"
     "问：规划提出了哪些目标？\n答：全市每千人口床位数达到7.8张。", "news_of_plan"),
    (None,
     "首页 > 政策解读 > 图解\n一图读懂｜《江北市护理事业发展实施方案》\n床位\n7.8张", "news_of_plan"),
    # the plan's own title still makes a plan, with its period after the plan word
    (None, "江北市护理事业发展实施方案（2022—2025年）\n一、主要目标\n到2025年，医护比达到1:1.2。",
     "plan"),
])
def test_a_headline_about_a_plan_is_no_plan_title(title, text, genre):
    assert infer_genre(text, title, 2024)[0] == genre


@pytest.mark.parametrize(("nav", "title", "genre"), [
    ("某区人民政府  政务公开  规划计划", "某区卫生健康事业“十三五”发展规划实施情况总结", "review"),
    ("当前位置：首页>政务公开>规划信息>规划计划", "某市卫生健康“十三五”规划终期评估报告", "review"),
    ("首页 > 信息公开 > 统计数据", "某县2023年卫生健康事业发展统计公报", "bulletin"),
    ("某市卫生健康委员会  信息公开  发展规划", "某市护理事业发展实施方案（2023—2025年）", "plan"),
])
def test_a_line_of_the_pages_navigation_is_not_its_title(nav, title, genre):
    """A breadcrumb or the site's columns above the title may end on a plan word
    (规划计划, 发展规划): the title under it says what the text is."""
    text = (f"{nav}\n{title}\n发布时间：2021-03-02\n"
            "“十三五”时期，全区每千常住人口床位由2015年的3.21张提高到2020年的3.89张。\n")
    assert infer_genre(text, None, 2021)[0] == genre


def test_a_title_under_its_issuers_line_is_read_as_the_title():
    """"滨州市卫生健康委员会" then "关于《…规划》中期评估情况的报告": the second line is the
    title, and it says the text looks back."""
    text = ("某市卫生健康委员会\n关于《某市“十四五”卫生健康事业发展规划》中期评估情况的报告\n"
            "2023-10-18\n按照市政府统一部署，我委对规划实施情况进行了中期评估。\n"
            "一、主要指标进展\n截至2022年底，全市每千人口医疗卫生机构床位数为6.98张。\n"
            "二、后期目标\n到2025年，全市每千人口注册护士4.1人。\n")
    assert infer_genre(text, None, 2023)[0] == "review"


def test_a_date_on_the_issuers_line_under_the_title_dates_the_text():
    from analysis.extract.genre import document_kind

    text = "某市规划中期评估报告\n某市卫生健康委员会2023年11月\n一、总体进展\n2022年，全市…。\n"
    kind = document_kind(text, None)
    assert (kind.reference_date, kind.reference_date_source) == ("2023-11", "date under the title")


@pytest.mark.parametrize("title, bulletin", [
    ("呼伦贝尔市2023年卫生健康事业发展情况", True),  # a year's figures
    ("关于2023年卫生健康事业发展情况的报告", False),  # a report to a congress
    ("永福县2023年卫生健康基本情况", True),  # a year's basic facts
    ("某县2023年医疗卫生基本情况", True),
    ("关于2023年卫生健康基本情况的汇报", False),
    ("某县卫生健康基本情况", False),  # no year: a plan's or a report's section title as well
])
def test_a_years_development_situation_is_a_bulletin(title, bulletin):
    text = f"{title}\n发布日期：2024-05-14\n\n截至2023年底，全市共有各级各类医疗卫生机构3418个。\n"
    assert (infer_genre(text, None, 2024)[0] == "bulletin") is bulletin


@pytest.mark.parametrize("announced", ["经县人民政府同意印发实施", "近日正式出台", "日前印发"])
def test_news_naming_the_plan_before_saying_it_was_issued(announced):
    """"《…规划》经县人民政府同意印发实施" announces the plan as "印发了《…规划》" does: news
    of a plan, though it goes on to look back ("规划回顾了“十三五”发展成效：…")."""
    text = ("某县“十四五”卫生健康规划发布\n发布时间：2022-05-23 来源：某市日报\n\n"
            f"本报讯 日前，《某县卫生健康事业发展“十四五”规划》{announced}。\n"
            "规划回顾了“十三五”发展成效：2020年全县每千人口医疗卫生机构床位数4.92张。\n"
            "规划提出，到“十四五”期末，全县每千人口医疗卫生机构床位数5.8张。\n")
    assert infer_genre(text, None, 2022)[0] == "news_of_plan"


@pytest.mark.parametrize("look_back", ["十年来", "党的十八大以来", "五年来", "实现跨越式发展"])
def test_news_looking_back_over_years_is_a_review(look_back):
    """"【奋进新征程 建功新时代】十年来，永康每千人口床位数从3.2张增至5.3张": a look back over
    years with nothing ahead is a review (its figures are results, not goals)."""
    text = ("【奋进新征程】" + look_back + "，某市每千人口床位数从3.2张增至5.3张\n"
            "2022-09-28 07:50  来源：某日报  记者 胡雯\n\n近日，记者从市卫生健康局获悉，"
            "全市每千人口医疗卫生机构床位数从2012年的3.2张增至2021年的5.3张。")
    assert infer_genre(text, None, 2022)[0] == "review"


@pytest.mark.parametrize(("issue", "year"), [("（2023年第4期 总第16期）", 2023),
                                             ("（2024年第2期·上半年）", 2024)])
def test_a_briefs_issue_line_under_its_title_names_its_year(issue, year):
    """"休宁县卫生健康统计简报" over "（2023年第4期 总第16期）": the brief of 2023, though
    dated January 2024."""
    from analysis.extract.genre import title_year

    head = f"某县卫生健康统计简报\n{issue}\n某县卫生健康委员会办公室编  2024年1月25日\n一、年末卫生资源\n"
    assert title_year(head) == year


def test_a_notice_publishing_a_bulletin_is_the_bulletin():
    """"现将《2023年岳西县卫生健康事业发展统计公报》予以发布" publishes a bulletin: the text is that
    bulletin, not a plan it issues; "现将《…规划》印发给你们" stays a plan."""
    head = ("某县卫生健康委员会文件\n某卫〔2024〕18号\n关于发布2023年某县卫生健康事业发展统计公报的\n通知\n"
            "各乡镇卫生院：\n现将《2023年某县卫生健康事业发展统计公报》予以发布。\n"
            "2023年某县卫生健康事业发展统计公报\n一、卫生资源\n每千人口医疗卫生机构床位数6.43张。")
    assert infer_genre(head, None, 2024)[0] == "bulletin"
    plan = "各县（市、区）人民政府：\n现将《某市卫生健康事业发展规划》印发给你们。\n到2025年，床位数达到7张。"
    assert infer_genre(plan, None, 2023)[0] == "plan"


def test_a_development_situation_up_to_a_date_is_a_bulletin_of_that_year():
    """"抚松县卫生健康事业发展情况（截至2024年6月底）": the figures up to a date, a bulletin of 2024."""
    from analysis.extract.genre import title_year

    head = "某县卫生健康事业发展情况（截至2024年6月底）\n某县卫生健康局 2024-07-08\n截至6月底，全县共有医疗卫生机构268个。"
    assert infer_genre(head, None, 2024)[0] == "bulletin"
    assert title_year(head) == 2024


@pytest.mark.parametrize("links", ["相关阅读：某县人民医院新院区建设进展顺利",
                                   "上一篇：某县卫生健康事业发展成效显著　下一篇：某县召开会议",
                                   "延伸阅读：回顾某县医共体建设五年来的变化"])
def test_another_pages_headline_in_a_links_line_is_not_what_the_page_reports(codebook, links):
    """Links to other pages ("相关阅读：…建设进展顺利") carry their own headlines' words; the
    page itself is news of a plan's new goals, read with their year."""
    from reading import keys, read

    text = ("某县卫生健康规划中期调整获批\n2023-10-11 08:45 某县发布\n"
            "记者从县卫健局获悉，规划中期调整方案获批。调整后，到2025年全县每千人口医疗卫生机构"
            f"床位数达到6.9张，每千人口注册护士数达到3.2人。\n{links}\n")
    assert infer_genre(text, None, 2023)[0] != "review"
    assert sorted(keys(read(codebook, text)[1])) == [("beds_per_1000", 6.9, 2025),
                                                      ("nurses_per_1000", 3.2, 2025)]


@pytest.mark.parametrize("lead", ["2024年1月，某县召开紧密型县域医共体建设推进会",
                                  "2024年1月18日，某县召开医共体建设推进会",
                                  "　　2024年1月，某县举行卫生健康工作推进会"])
def test_undated_news_of_a_meeting_dated_by_its_lead(codebook, lead):
    """Undated news of a meeting: its lead opens on the month (2024年1月，…召开…), and 会议要求
    says it reports a meeting; its 今年 is 2024 and its 2023 figures are results."""
    from reading import keys, read

    text = (f"某县召开医共体建设推进会\n\n{lead}，总结2023年工作，部署今年重点任务。\n"
            "会议通报，2023年全县县域内就诊率达到91.2%。\n"
            "会议要求，今年全县县域内住院人次占比不低于84%，预约诊疗比例达到62%。\n")
    found, targets, stats = read(codebook, text)
    assert found.kind.genre == "news_of_plan"
    assert sorted(keys(targets)) == [("appointment_rate", 62, 2024),
                                     ("county_inpatient_share", 84, 2024)]
    assert keys(stats) == [("county_visit_rate", 91.2, 2023)]
