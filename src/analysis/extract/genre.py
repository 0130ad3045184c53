"""Document genre and reference date: what kind of text this is, and when it speaks from.

The same sentence is a target in a plan and a statistic in a bulletin:
``每千人口执业(助理)医师5.27人`` under ``2024年年末……`` in a statistical bulletin
reports; under ``到2025年`` in a plan it promises.  So before its sentences are
read, a document gets

* a **genre**: ``plan`` (规划/方案/意见/计划/工作要点…), ``news_of_plan`` (a news
  report of a plan: dateline, 记者, 印发《…规划》), ``bulletin`` (统计公报, 《公报》显示,
  监测报告, 资源状况), ``work_report`` (工作总结, 述职, 年终考评, 工作完成情况),
  ``review`` (news or reports of achievements: 成效, 进展, 如期实现, 翻一番,
  已提高至…, with no plan announced and no deadline still ahead) or ``other``;
* a **reference date**: the date the text speaks from: the manifest's, the
  issue date, a web page's dateline (``2024-06-07 12:48``, ``发布时间:2023-10-12``,
  ``20200414``), the signing date or 文号 year, else the year in the title
  (``2023年工作要点``, ``《2019年…统计公报》``).

Each comes with how it was inferred (``genre_source``, ``reference_date_source``).
Bulletins, work reports and reviews yield statistics only, never targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.extract.numbers import _FIVE_YEAR_PLANS, YearMention
from analysis.extract.vocabulary import THIS_YEAR_AHEAD
from analysis.ingest.documents import is_issuer_line, is_navigation_line

GENRES = ("plan", "news_of_plan", "bulletin", "work_report", "review", "other")
NO_TARGET_GENRES = frozenset({"bulletin", "work_report", "review"})

_HEAD = 1200  # the headline, dateline and lead of a web page; the title block of a plan
_TITLE = 300
_TITLE_RUN = 50  # how much of a long first line can be a title run on into the text
_LEAD = 600  # headline and first paragraph of a news page: where it says what it reports

_BULLETIN_RE = re.compile(
    r"统计(?:公报|简报|快报|提要|年鉴|信息|数据)|《公报》|公报(?:显示|指出|称)|"
    r"监测(?:调查)?(?:分析)?报告|资源(?:状况|概况)|(?:事业|卫生)发展(?:情况)?统计|"
    r"事业发展(?:情况)?简报|"  # "瑞丽市2023年卫生健康事业发展简报": a year's figures
    # "抚松县卫生健康事业发展情况（截至2024年6月底）": the figures up to a date
    r"事业发展情况[(（]截[至止](?:19|20)\d{2}年|"
    # "呼伦贝尔市2023年卫生健康事业发展情况" (not "关于…情况的报告" to a congress)
    r"(?:19|20)\d{2}年(?:度)?[^\n,，。]{0,12}?事业发展情况(?!的?(?:报告|汇报))"
    # ... "莒县2023年卫生健康资源及医疗服务情况": one year's resources
    r"|(?:19|20)\d{2}年(?:度)?[^\n,，。—\-]{0,12}?资源[^\n,，。]{0,8}?情况(?!的?(?:报告|汇报))"
)
_WORK_REPORT_RE = re.compile(
    r"工作总结|工作报告|述职报告|年终考评|(?:工作|任务)完成情况|"
    # (not a meeting that arranges the second half's work: "召开推进会，安排部署下半年工作"
    # is news of its goals)
    r"(?:上半年|(?<!部署)(?<!安排)下半年)工作|工作情况(?:的)?(?:报告|汇报)|年度工作报告|"
    # a body's reply to a deputy's proposal: how things stand, then what it will do
    r"(?:建议|提案|议案)(?:的)?(?:答复|回复|办理情况)|答复如下"
)
_REVIEW_RE = re.compile(
    r"成效|成就|进展|如期实现|提前实现|翻(?:了)?一番|历史最好|取得.{0,6}(?:成绩|成果)|"
    r"已(?:由|从|经|提高|提升|达到|达|增至|增长|增加|超过|突破|逾)|话开局|开局起步|"
    r"(?:超|超过|完成|(?:均|已|全面)实现).{0,6}规划目标|回顾|综述|中期评估|总结评估|评估报告|"
    r"成绩单|答卷|"  # "五年卫生健康事业交出亮眼成绩单", "交出民生答卷": results handed in
    # a look back over years: "十年来", "党的十八大以来", "实现跨越式发展"
    r"(?<![\d一二三四五六七八九十])[二三四五六七八九十]年来|十八大以来|跨越式发展|"
    r"实施情况(?:的)?(?:总结|评估|报告)"
)
_REVIEW_TITLE_RE = re.compile(
    r"中期评估|终期评估|总结评估|评估报告|实施情况(?:的)?(?:总结|评估|报告)|完成情况|执行情况"
)
# "某市“十三五”卫生健康事业发展总结": a title that ends in 总结 (a 工作总结 is a work report)
# ... but the 工作总结 of a five-year period looks back on the period: a review
_PERIOD_SUMMARY_RE = re.compile(
    r"(?:十[一二三四五]五|(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}\s*年)[^\n]{0,30}?工作总结")
_SUMMARY_TITLE_RE = re.compile(r"(?<!工作)总结\s*$")
_PLAN_TITLE_RE = re.compile(
    r"规划|方案|意见|计划|纲要|行动|工作要点|通知|办法|指南|决定|举措|措施"
)
# What became of a plan, in a headline: "多项“十四五”规划指标提前完成", "…规划实施见效"
_REPORTED_RE = re.compile(r"提前|完成|实现|取得|成效|进展|落地|见效")
# A plan's own title line names its kind ("…“十四五”规划", "…实施方案（2023—2025年）", "…的
# 通知"); a headline that goes on to say what became of the plan ("多项“十四五”规划指标提前
# 完成", "…规划政策解读") reports on it, and so does one that says a body issued it ("我市
# 出台…实施方案", "某区印发…行动方案").
_PLAN_TITLED_RE = re.compile(
    r"^(?![^\n]*(?:出台|发布|公布|出炉|审议通过|(?<!关于)印发(?!给)))[^\n]*?"
    rf"(?:{_PLAN_TITLE_RE.pattern})"
    rf"(?![^\n]*?(?:{_REPORTED_RE.pattern}|解读|图解|问答))", re.M)
# A reading of a plan: "《某市…规划（2021—2025年）》政策解读", "一图读懂｜《…方案》",
# "图解：《…》": it restates the plan's goals for the plan's period, as a news report does.
READING = "reading of a plan"  # the genre source of a 解读 (see DocumentKind.restates_plan)
_INTERPRETS_RE = re.compile(
    r"(?:解读|图解|一图(?:读|看)懂|图说)[^\n《]{0,6}《(?P<a>[^》\n]{2,60})》"
    r"|《(?P<b>[^》\n]{2,60})》[^\n。]{0,8}(?:解读|图解|问答)"
)
_ANNOUNCE_RE = re.compile(
    r"(?:印发|出台|公布|发布|审议通过|联合制定|制定)(?:了)?[^。\n]{0,20}"
    r"《[^》]{2,60}(?:规划|方案|意见|计划|纲要|行动|工作要点|通知|举措|措施)[^》]{0,20}》"
    # ... or the plan named first: "《…规划》经县人民政府同意印发实施", "《…方案》近日正式出台"
    r"|《[^》]{2,60}(?:规划|方案|意见|计划|纲要|行动|工作要点|举措|措施)[^》]{0,20}》"
    r"[^。\n]{0,16}?(?:印发|出台|公布|发布|审议通过)"
)
_NEWS_RE = re.compile(
    r"记者|通讯员|日电|本报讯|[0-9一二三四五六七八九十]日讯|新华社|来源[:：]|发布时间|新闻发布会|日报|晚报|"
    r"新闻网|"
    r"点击上方[^\n]{0,6}关注|阅读原文|"  # a WeChat official account's page
    r"会议(?:指出|要求|强调|通报|提出|部署|传达)"  # a report of a meeting: "会议要求，今年…"
)
# The plan itself speaks: a salutation, "现将《…》印发给你们", a title line ending in a plan word
# (not a numbered heading: "二、2024年工作计划" heads a section of a report).
_OWN_PLAN_RE = re.compile(
    # "现将《…》印发给你们" issues the plan; "现将《…》实施中期评估情况报告如下" reports on it
    # (not a bulletin it publishes: "现将《2023年…统计公报》予以发布")
    r"现将《(?![^》\n]*(?:统计(?:公报|简报|快报|提要|年鉴)|公报》))[^》\n]{2,60}》"
    r"[^。\n]{0,6}?(?:印发|发布|下发|转发)|印发给你们"
    r"|^[^\n]{0,40}关于印发[《<“][^》>”\n]{2,60}[》>”]的通知\s*$"
    r"|^(?![^\n]*(?:总结|报告|公报))(?![^\n]*(?:出台|发布|公布|出炉|审议通过|印发(?!给)))"
    r"(?![\d一二三四五六七八九十]{1,3}、|[(（])"
    r"[^\n,，。]{4,60}"
    r"(?:规划|方案|意见|计划|纲要|工作要点|实施办法)"
    r"(?:\([^)\n]{0,20}\))?(?:目录|目次)?$",
    re.M,
)
_SALUTATION_RE = re.compile(
    r"^[^\n]{0,60}(?:人民政府|各[有]?关[^\n]{0,20}(?:单位|部门))[,，:：]", re.M
)
# A deadline leading a clause with a number: "到2025年，…达到90%" (not "提高到2019年19.17%")
_TO_YEAR_RE = re.compile(
    r"(?<![提增升达降减高截])(?:到|至)((?:19|20)\d{2})年(?:(?:和|、|及|与)(?:19|20)\d{2}年)*"
    r"(?:底|末)?(?:前)?[,，][^。；;\n]{0,80}?\d"
)

# Datelines of web pages: "2024-06-07 12:48:20", "发布时间:2023-10-12", "日期:2016-03-28",
# "2019/05/23", "20200414".  Only in the head of the page.
_DATELINE_RE = re.compile(
    r"(?m)(?:(?:发布|发表|更新)?(?:时间|日期)[:：]?\s*)?"
    r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<y8>(?:19|20)\d{2})(?P<m8>[01]\d)(?P<d8>[0-3]\d)(?!\d)"
    r"|(?:发布|发表)(?:时间|日期)[:：]?\s*(?P<yc>(?:19|20)\d{2})年(?P<mc>\d{1,2})月(?P<dc>\d{1,2})日"
    # a page's date line in Chinese, told from a date in the prose by what follows it on
    # the line: a time of day or the page's source/author/size/views ("2024年1月18日 09:30
    # 来源：蚌埠日报", "2023年10月12日 星期四")
    r"|(?:^|(?<=[ \t\u3000]))(?P<yl>(?:19|20)\d{2})年(?P<ml>\d{1,2})月(?P<dl>\d{1,2})日"
    r"(?=[ \t\u3000]*(?:\d{1,2}[:：]\d{2}|来源|作者|编辑|字号|浏览|阅读|点击|星期|【))"
)
# A title giving one year's basic facts ("某县2023年卫生健康基本情况"): that year's figures
_BASIC_FACTS_TITLE_RE = re.compile(
    r"(?:19|20)\d{2}年(?:度)?[^\n,，。]{0,12}?(?:卫生|健康|医疗)[^\n,，。]{0,6}?基本情况"
    r"(?!的?(?:报告|汇报))")
_TITLE_YEAR_RE = re.compile(
    r"((?:19|20)\d{2})年(?:度)?[^。\n,，]{0,30}?"
    r"(?:工作要点|工作计划|工作安排|重点工作|工作方案|统计(?:公报|简报|快报|提要)|工作总结|发展统计|"
    r"事业发展(?:情况)?简报|事业发展情况(?!的?(?:报告|汇报))|资源[^。\n,，]{0,8}?情况(?!的?(?:报告|汇报))|"
    r"(?<=[生康疗])基本情况(?!的?(?:报告|汇报))|"
    r"监测(?:调查)?(?:分析)?报告)"
    # "卫生健康统计提要（2022年度）": the year after the title, in brackets, or a part of
    # it ("统计简报（2024年上半年）")
    # ("统计简报\n（2024年第2期·上半年）": an issue's number on the line under the title)
    r"|(?:统计(?:公报|提要|简报|年鉴|快报|资料)|主要指标|事业发展情况)\n?[(（]"
    r"(?:截[至止])?((?:19|20)\d{2})年?度?"  # "事业发展情况（截至2024年6月底）"
    r"(?:第\s*\d{1,3}\s*期)?[·・\s]*(?:总第\s*\d{1,4}\s*期\s*)?"  # "（2023年第4期 总第16期）"
    r"(?:上半年|下半年|前三季度|第?[一二三四]季度|1\s*[-—~至]\s*\d{1,2}月|\d{1,2}月(?:底|末)?)?"
    r"[)）]"
)


@dataclass(frozen=True)
class DocumentKind:
    """Genre and reference date of a document, each with how it was decided."""

    genre: str
    genre_source: str
    reference_date: str | None  # ISO date, or "YYYY" alone when only the year is known
    reference_date_source: str | None
    title_year: int | None = None  # 《2023年…统计公报》, 2024年工作要点: the year it is about

    @property
    def reference_year(self) -> int | None:
        return int(self.reference_date[:4]) if self.reference_date else None

    @property
    def restates_plan(self) -> bool:
        """A reading of one plan (政策解读, 一图读懂): it restates the plan's goals."""
        return self.genre_source.startswith(READING)

    @property
    def yields_targets(self) -> bool:
        return self.genre not in NO_TARGET_GENRES


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31 and 1990 <= y <= 2099


# The characters a _DATELINE_RE match opens on (发布/发表/更新, 时间/日期, a year's 19/20).
# Its branches open on optional words and look-behinds, so a search would try every
# position of the head; matched only where one of these stands, it finds the same dates.
_DATELINE_OPENS_RE = re.compile("[发更时日12]")


def dateline(head: str) -> str | None:
    """The first dateline of a web page's head, as an ISO date."""
    pos = 0
    while (start := _DATELINE_OPENS_RE.search(head, pos)) is not None:
        m = _DATELINE_RE.match(head, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        parts = [p for p in (m.group("y", "m", "d"), m.group("y8", "m8", "d8"),
                             m.group("yc", "mc", "dc"), m.group("yl", "ml", "dl")) if p[0]]
        y, mo, d = (int(x) for x in parts[0])
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
        pos = m.end()  # (on after the match, as finditer goes: a match is never empty)
    return None


def title_year(head: str) -> int | None:
    """The year a 工作要点/工作总结/统计公报 title names (``2023年卫生健康工作要点`` -> 2023):
    in the title block, before the first section heading (a work report's "二、2023年重点
    工作" names the year ahead, not the one it sums up)."""
    m = _TITLE_YEAR_RE.search(head, 0, _title_block_end(head))
    return int(m.group(1) or m.group(2)) if m else None


# a section heading opening a line: "一、", "（一）", "第一章"
_SECTION_START_RE = re.compile(
    r"\n[ \t\u3000]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十]+[章节部分])")


def _title_block_end(head: str) -> int:
    m = _SECTION_START_RE.search(head)
    return m.start() if m else len(head)


def plans_next_year(head: str) -> bool:
    """A summary titled with the next year's plan (``2023年工作总结和2024年工作思路``): it
    is written in, and speaks of 今年 as, the later year; its results are the title year's."""
    m = _TITLE_YEAR_RE.search(head)
    if m is None or not m.group(1):
        return False
    nxt = _NEXT_YEAR_PLAN_RE.match(head, m.end())
    return nxt is not None and int(nxt.group(1)) == int(m.group(1)) + 1


# "…工作总结和2024年工作思路": the year after a summary, with its plan
_NEXT_YEAR_PLAN_RE = re.compile(
    r"(?:和|及|暨|与|、)\s*((?:19|20)\d{2})年[^。\n,，]{0,12}?(?:工作)?(?:思路|计划|安排|要点|打算)")


# A report's date on its own line under the title: "2021年2月", "（2023年10月）"
# "（2023年10月）" under a title, alone or after the issuer ("某市卫生健康委员会  2023年11月")
_DATE_LINE_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,30}?(?:委员会|人民政府|政府|局|办公室|委))?\s*"
    r"[(（]?((?:19|20)\d{2})年(\d{1,2})月[)）]?$", re.M)


# A news lead's dateline with a month and a day only: "（记者 周涛）1月18日，"
_MONTH_DAY_LEAD_RE = re.compile(r"(?:讯|电|[)）])\s*(\d{1,2})月(\d{1,2})日[,，]")
# A year whose results the text reports: "2023年，全市…达到7.48张", "2023年全年…完成"
_RESULT_YEAR_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年(?:全年|底|末)?[,，][^。;；\n]{0,40}?(?<![将要争])"
    r"(?:达到|完成|实现|提高到|为)(?=\d)")


def _candidates(text: str, signed: tuple[int | None, int | None]) -> list[tuple[str, str]]:
    """Dates the text gives itself: the page's dateline, the signing date or 文号 year,
    the year in the title; in that order."""
    head = text[:_HEAD]
    out: list[tuple[str, str]] = []
    if found := dateline(head):
        out.append((found, "dateline"))
    year, month = signed
    if year is not None:
        out.append(((f"{year:04d}-{month:02d}" if month else f"{year:04d}"),
                    "signing date or 文号"))
    if not out and (m := _DATE_LINE_RE.search(head)):
        out.append((f"{int(m.group(1)):04d}-{int(m.group(2)):02d}", "date under the title"))
    if not out and (gov := _GOV_REPORT_TITLE_RE.search(_first_line(head))):
        # "徐闻县2023年政府工作报告": delivered early in that year (its 过去一年 is the year
        # before)
        out.append((f"{int(gov.group(1)):04d}-01", "government work report's title"))
    if not out and "政府工作报告" in _first_line(head) and (reviewed := _reviewed_year(head)):
        # an undated government work report ("某区政府工作报告（摘要）") opens its review on
        # the year before it is delivered ("2022年，全区卫生健康事业稳步发展。…"), then
        # turns to 今年's tasks
        out.append((f"{reviewed + 1:04d}-01", "work report after the year it reports"))
    if not out and (lead := _lead_date(head)):
        out.append((lead, "date opening the lead"))
    if not out and (meeting := _YEAR_MEETING_TITLE_RE.search(_first_line(head))):
        # "召开2024年全县卫生健康工作会议": a year's work conference opens that year (its
        # 今年 is the title's year, the year it sums up the one before)
        out.append((f"{int(meeting.group(1)):04d}", "work conference's title"))
    if (ty := title_year(head)) is not None:
        out.append((f"{ty:04d}", "title year"))
    if not out and (day := _MONTH_DAY_LEAD_RE.search(text, 0, _LEAD)):
        # "本报讯（记者…）1月18日，…召开2023年…新闻发布会…2023年，全市…达到7.48张": a
        # dateline with no year, in the first half of a year, whose news reports the whole
        # year before (a year's figures come out by mid-year; later, a page may give its
        # own year's so far)
        results = [int(m.group(1)) for m in _RESULT_YEAR_RE.finditer(text)]
        if results and int(day.group(1)) <= 6:
            out.append((f"{max(results) + 1:04d}-{int(day.group(1)):02d}-{int(day.group(2)):02d}",
                        "dateline without year, after the year it reports"))
    return out


# a government's work report, titled with the year it is delivered in
_GOV_REPORT_TITLE_RE = re.compile(r"((?:19|20)\d{2})年[^\n。]{0,20}?政府工作报告")
# a year's work conference, titled with the year it opens ("2024年全市卫生健康工作会议")
_YEAR_MEETING_TITLE_RE = re.compile(r"((?:19|20)\d{2})年度?[^\n。，,]{0,20}?工作(?:会议|大会)")
# a lead opening on the month an event happened: "2024年1月，临泽县召开…", "2023年12月28日，…印发"
_YEAR_MONTH_LEAD_RE = re.compile(
    r"((?:19|20)\d{2})年(\d{1,2})月(?:\d{1,2}日)?[,，][^。\n]{0,30}?"
    r"(?:召开|举行|举办|印发|出台|发布|启动|召集)")
# a paragraph opening on a year: "2022年，全区…" (not one ahead: "2023年，我们将…")
_YEAR_OPENS_RE = re.compile(r"((?:19|20)\d{2})年[,，]")
_AHEAD_WORDS_RE = re.compile(r"[^。；;\n]{0,12}?(?:将|要|力争|计划|预期|主要目标)")
_CLAUSE_MARK_RE = re.compile(r"[,，。;；:：、]")


def _opens_its_line(head: str, at: int) -> bool:
    """Position ``at`` opens its line, or follows only a title run into it (a short page's
    headline and lead are joined when normalised): no clause begins before it."""
    return not _CLAUSE_MARK_RE.search(head, head.rfind("\n", 0, at) + 1, at)


def _lead_date(head: str) -> str | None:
    """The year and month a news lead opens on ("2024年1月，某县召开…"); not a date further
    into a sentence."""
    for m in _YEAR_MONTH_LEAD_RE.finditer(head, 0, _LEAD):
        if 1 <= int(m.group(2)) <= 12 and _opens_its_line(head, m.start()):
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None


def _reviewed_year(head: str) -> int | None:
    """The year a report's first paragraph opening on one reviews; None when that paragraph
    looks ahead to it."""
    for m in _YEAR_OPENS_RE.finditer(head):
        if _opens_its_line(head, m.start()):
            return None if _AHEAD_WORDS_RE.match(head, m.end()) else int(m.group(1))
    return None


def reference_date(candidates: list[tuple[str, str]], genre: str) -> tuple[str | None, str | None]:
    """The date a text speaks from: a plan from its signing date (a reprint's dateline is
    later), a news page, bulletin or report from its dateline."""
    if not candidates:
        return None, None
    if genre == "plan":
        signed = [c for c in candidates if c[1] == "signing date or 文号"]
        if signed:
            return signed[0]
    return candidates[0]


# A commitment dated relative to the text: "今年要…力争县域内就诊率达到90%", "明年…全部达到四级",
# "将由今年的58.2%提高到明年的65%" - news of a meeting or a notice that sets goals.
_FORWARD_RE = re.compile(
    rf"(?:{THIS_YEAR_AHEAD}|明年|年内|到年底|下一步|下一阶段)[^。；;\n]{{0,40}}?"
    r"(?:力争|争取|确保|要|将|计划)?[^。；;\n]{0,30}?"
    r"(?<![已经])(?:达到|提高到|提升到|提高至|提升至|增加到|不低于|不少于|超过|控制在)"
    r"[^。；;\n]{0,8}?[\d一二三四五六七八九十百]"
)


# "2024年，五常市将继续…县域内就诊率力争达到90%": the year the text speaks in, with intent
_YEAR_INTENT_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年[,，][^。；;\n]{0,40}?(?:将|力争|争取|要|确保|计划)[^。；;\n]{0,30}?"
    r"(?:达到|提高到|提升到|提高至|提升至|增加到|不低于|不少于|超过|控制在|稳定在)"
    r"[^。；;\n]{0,8}?\d"
)


def _deadline_ahead(text: str, ref_year: int | None) -> bool:
    """A deadline still ahead of the text: 到2025年 in a 2022 news report, a goal for
    今年/明年, or for the year it speaks in with a word of intent (2024年，…将…力争达到);
    with no reference year, any 到YYYY年 followed by its clause."""
    return bool(_FORWARD_RE.search(text)) or any(
        ref_year is None or int(m.group(1)) > ref_year for m in _TO_YEAR_RE.finditer(text)
    ) or any(ref_year is not None and int(m.group(1)) >= ref_year
             for m in _YEAR_INTENT_RE.finditer(text))


def infer_genre(text: str, title: str | None, ref_year: int | None) -> tuple[str, str]:
    """(genre, the words that decided it), read from the title and the head of the text."""
    head = text[:_HEAD]
    if title and _cited_only(title, head):
        title = None  # the name of a plan the page reports on (《…规划》), not its own title
    top = (title or "") + "\n" + text[:_TITLE]
    own = _own_plan(head)
    if own and own.start() < _TITLE:  # the plan speaks (title line, 现将《…》印发给你们)
        return "plan", f"text: {own.group(0)[-12:]}"
    if (m := _BULLETIN_RE.search(head)) and not _ANNOUNCE_RE.search(head[: m.start()]):
        return "bulletin", f"text: {m.group(0)}"
    if m := _BASIC_FACTS_TITLE_RE.search(_first_line(text)):
        return "bulletin", f"title: {m.group(0)}"  # "永福县2023年卫生健康基本情况"
    if m := _INTERPRETS_RE.search(text[:_TITLE]):
        return "news_of_plan", f"{READING}: {m.group(0)[:16]}"
    if m := _WORK_REPORT_RE.search(top):
        if period := _PERIOD_SUMMARY_RE.search(_first_line(text)):
            return "review", f"title: {period.group(0)}"  # a five-year period's 工作总结
        return "work_report", f"title: {m.group(0)}"
    # "…“十三五”规划实施情况总结", "…规划中期评估报告": the title says it looks back, even
    # when its last section turns to the next period (到2025年…)
    if m := (_REVIEW_TITLE_RE.search((title or "") + "\n" + _first_line(text))
             or _SUMMARY_TITLE_RE.search(_first_line(text))):
        return "review", f"title: {m.group(0)}"
    if own:
        return "plan", f"text: {own.group(0)[-12:]}"
    announce = _ANNOUNCE_RE.search(head)
    # Under a plan's own title, "成就/进展" further down are its review of the last plan
    # (发展基础); only an evaluation named in the title block makes it a review.
    plan_titled = bool(title and _PLAN_TITLED_RE.search(title))
    review = (_REVIEW_TITLE_RE.search(top) if plan_titled else _REVIEW_RE.search(_lead(text)))
    if review and not announce and not _deadline_ahead(text, ref_year):
        return "review", f"text: {review.group(0)}"
    news = _NEWS_RE.search(head)
    if news and announce:
        return "news_of_plan", f"text: {news.group(0)} … {announce.group(0)[:12]}"
    if (m := _PLAN_TITLED_RE.search(_title_lines(top))) or _SALUTATION_RE.search(head):
        return "plan", f"title: {m.group(0).strip()[-12:]}" if m else "text: salutation"
    if news and _deadline_ahead(text, ref_year):
        return "news_of_plan", f"text: {news.group(0)}"
    return "other", "no genre words"


def _own_plan(head: str) -> re.Match[str] | None:
    """The first words by which a plan speaks (_OWN_PLAN_RE), not on a line of the page's
    navigation ("武清区人民政府  政务公开  规划计划" ends on a plan word)."""
    for m in _OWN_PLAN_RE.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.start())
        if not is_navigation_line(head[line_start:len(head) if line_end < 0 else line_end]):
            return m
    return None


def _cited_only(title: str, head: str) -> bool:
    """``title`` appears in the head only inside 《》: a plan a news page names, not a
    title line of the text itself."""
    return f"《{title}》" in head and not any(
        line.strip(" \u3000") == title for line in head.split("\n"))


def leads_with_results(text: str) -> bool:
    """The headline and lead of a page say what was achieved (成效, 已提前完成…)."""
    return _REVIEW_RE.search(_lead(text)) is not None


# a line of links to other pages: "相关阅读：…新院区建设进展顺利", "上一篇：…"
# (a reflowed page may run it on after the last sentence)
_LINKS_LINE_RE = re.compile(
    r"(?:相关(?:阅读|新闻|链接|文章|报道)|延伸阅读|推荐阅读|上一篇|下一篇)[:：][^\n]*")


def _lead(text: str) -> str:
    """The headline and first paragraph, without lines of links: another page's headline
    ("…建设进展顺利") says nothing of what this one reports."""
    return _LINKS_LINE_RE.sub("", text[:_LEAD])


def _title_lines(top: str) -> str:
    """The lines of a title block: short, and not prose ("…完成年度计划的118%。" is no title)."""
    return "\n".join(ln for ln in top.split("\n") if len(ln) <= 80 and "。" not in ln)


def _first_line(text: str) -> str:
    """The first non-empty line: a document's title, a news page's headline; under a line
    that only names the issuer ("滨州市卫生健康委员会" / "关于…中期评估情况的报告"), the next;
    never a line of the page's navigation (a breadcrumb, the site's columns)."""
    lines = (ln for ln in text[:_TITLE].split("\n")
             if ln.strip() and not is_navigation_line(ln))
    first = next(lines, "")
    return next(lines, first) if is_issuer_line(first) else first


def document_kind(text: str, title: str | None, *, genre: str | None = None,
                  reference: str | None = None, reference_source: str = "manifest",
                  signed: tuple[int | None, int | None] = (None, None)) -> DocumentKind:
    """Genre and reference date of a normalised text; given values (manifest, issue date)
    win.  The genre is judged against the earliest date the text gives (a deadline is
    "ahead" of it), the reference date then chosen by genre."""
    candidates = [(reference, reference_source)] if reference else _candidates(text, signed)
    earliest = min((int(d[:4]) for d, _ in candidates), default=None)
    if genre:
        kind, source = genre, "manifest"
    else:
        kind, source = infer_genre(text, title, earliest)
    ref, ref_source = reference_date(candidates, kind)
    return DocumentKind(kind, source, ref, ref_source, title_year(text[:_HEAD]))


_SO_FAR_RE = re.compile(r"以来|上半年|前三季度|[一二三]季度|前\d|1\s*[-—至~]|\d{1,2}月")
# Every branch opens on its own character, so the regex engine skips ahead to those
# characters (a look-behind first would make it try every position); that character says
# which word it is (_RELATIVE_KIND).
_RELATIVE_YEAR_RE = re.compile(
    r"今年|本年度|本年|明年|来年|去年|过去一年(?!来|以来)"
    # "年内全县…", "年底前…" (not "2025年内", "三年内", "年年底")
    r"|年(?<![0-9〇零一二三四五六七八九十年]年)(?:内|底前)"
    # "确保全年县域内就诊率达到91%", "确保年底重点人群签约率达到85%": this year's end, promised
    r"|全(?<=(?:确保|力争|争取|努力)全)年|年(?<=(?:确保|力争|争取|努力)年)[底末]")
_RELATIVE_KIND = {"今": "this", "本": "this", "明": "next", "来": "next", "去": "last",
                  "过": "last", "年": "within", "全": "within"}
_HEAD_PERIOD_RE = re.compile(
    r"(十[三四五六]五)|(?:19|20)\d{2}\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年"
    r"|((?:19|20)\d{2})年(?:度)?[^\n,，。年]{0,30}?(?:工作要点|工作计划|工作安排|重点工作|工作方案)"
)


def relative_years(text: str, ref_year: int, next_year: int | None = None
                   ) -> list[YearMention]:
    """今年/本年度 (the reference year), 明年 (the next, or ``next_year``) and 去年 (the one
    before), as year mentions:
    "20200414 … 今年全省力争县域就诊率达90%" -> 2020."""
    out = []
    for m in _RELATIVE_YEAR_RE.finditer(text):
        word = _RELATIVE_KIND[text[m.start()]]
        if word == "within":  # "年内全县…全部达到…": a deadline within the reference year
            out.append(YearMention(m.start(), m.end(), ref_year, "to"))
            continue
        if word == "last":  # "去年我县…为58.3%": the year before the reference date
            out.append(YearMention(m.start(), m.end(), ref_year - 1, "bare"))
            continue
        if word == "this":
            # "今年以来…" / "今年上半年…" report; a plain 今年 is read by its sentence
            kind = "as_of" if _SO_FAR_RE.match(text, m.end()) else "this_year"
            out.append(YearMention(m.start(), m.end(), ref_year, kind))
            continue
        out.append(YearMention(m.start(), m.end(),
                               ref_year + 1 if next_year is None else next_year, "to"))
    return out


def _period_end(m: re.Match[str]) -> int:
    return _FIVE_YEAR_PLANS[m.group(1)] if m.group(1) else int(m.group(2) or m.group(3))


_CITED_PLAN_RE = re.compile(r"《[^》\n]{0,60}》")


# The notice that issues a plan names it: 关于印发《…》的通知 / 现将《…》印发给你们
_ISSUING_NOTICE_RE = re.compile(r"关于印发《([^》\n]{1,60})》|现将《([^》\n]{1,60})》印发")


_CLAUSE_BEFORE_RE = re.compile(r"[,。;；]")


def head_plan_year(text: str, genre: str | None = None) -> int | None:
    """The last year of the plan period in the title line at the head of a text
    (``某市卫生健康“十四五”规划`` -> 2025, ``2024年卫生健康工作要点`` -> 2024): the year of
    targets in its 发展目标 stated with no year of their own.  A web page's title line
    may follow a few lines of site chrome; a news report of a plan takes the period of
    the plan it reports (印发《…“十四五”…规划》)."""
    # "关于印发《某市2024年…工作要点》的通知": the notice issues the plan it names (before any
    # line of its text: "2024年是实现“十四五”规划目标任务的关键一年")
    if genre == "plan" and (issued := _ISSUING_NOTICE_RE.search(text[:_TITLE])) and (
            m := _HEAD_PERIOD_RE.search(issued.group(1) or issued.group(2))):
        return _period_end(m)
    for line in text[:_HEAD].split("\n")[:12]:
        # a title a PDF's layout ran on into the first paragraph: its first words
        line = line[:_TITLE_RUN] if len(line) > 80 else line
        # a review's headline names the period it looks back on: "【奋进“十三五”】…成绩单"
        if not (_PLAN_TITLE_RE.search(line) or genre == "review") or "《" in line \
                or (genre == "news_of_plan" and _REPORTED_RE.search(line)):
            continue  # news saying what became of a plan (…规划指标提前完成) sets no period
        if (m := _HEAD_PERIOD_RE.search(line)) and not (
                genre == "review" and _CLAUSE_BEFORE_RE.search(line, 0, m.start())):
            # (a review's headline, not a sentence of its text: "十年来，我市提前完成“十三五”
            # 规划确定的主要目标")
            return _period_end(m)
    if genre == "news_of_plan" and (read := _INTERPRETS_RE.search(text[:_TITLE])) and (
            m := _HEAD_PERIOD_RE.search(read.group("a") or read.group("b"))):
        return _period_end(m)
    if genre == "news_of_plan" and (announce := _ANNOUNCE_RE.search(text[:_HEAD])):
        cited = _CITED_PLAN_RE.search(announce.group(0))
        if cited and (m := _HEAD_PERIOD_RE.search(cited.group(0))):
            return _period_end(m)
    return None
