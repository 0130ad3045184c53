"""One sentence of a document, with what the rules need to know about it.

:class:`_Sentence` holds the sentence's values, years and clauses, and answers the
questions every rule asks: which clause a position is in, which year a value is for
(``到2025年``, ``2025年底前``, ``“十四五”末``, the paragraph's year, the plan period;
``截至2023年``, ``由2020年…``, a year before the issue date are baselines), whether a
value is a statistic and of which year, whether a value is plausible (not a
denominator ``每千``, an ordinal ``第3``, a quoted name), and builds the record
(:meth:`make`) with its quote and raw offsets.  The shape rules are in
:mod:`analysis.extract.reader`.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from analysis.extract.context import (
    Places,
)
from analysis.extract.numbers import FIVE_YEAR_PLANS, Value, YearMention
from analysis.extract.segment import (
    Heading,
    Note,
    split_clauses,
)
from analysis.extract.statistics import (
    ACHIEVED,
    CHANGE_ALT,
    PAST,
    another_place,
    cited_goal_end,
    goal_against_result,
    held_over_years,
    one_years_flow,
    recalls_a_goal,
    states_a_goal,
    statistic_reason,
)
from analysis.extract.subjects import (
    _comparator,
    _in_spans,
    _strip_subject,
)
from analysis.extract.target import Target
from analysis.extract.vocabulary import (
    _ANNUAL_RE,
    _ASPIRE_RE,
    _COUNT_UNITS,
    _MAINTAIN_RE,
    _POP_PREFIX_RE,
    _PREDICATE_START_RE,
    GROUP_RE,
    INSTITUTION_COUNTS,
    INSTITUTION_RE,
    LAST_YEAR,
    THIS_YEAR_AHEAD,
)
from analysis.ingest.textnorm import NormText


@dataclass
class _Doc:
    """Per-document state shared by the sentence-level rules."""

    nt: NormText
    doc_year: int | None
    doc_month: int | None
    level: str | None
    first_target_year: int | None
    plan_end_year: int | None
    sole_deadline: int | None  # a plan (or news of one) whose every 到YYYY年 is one year
    other_places: Places | None
    values: list[Value]
    years: list[YearMention]
    depth: list[int]
    qdepth: list[int]
    headings: list[Heading]
    notes: list[Note]
    masked: list[tuple[int, int]]
    word_hits: list[int] = dataclasses.field(default_factory=list)  # words commitments
    # quoted speech: “…” spans holding a clause (“‘十三五’末，我市…为6.3张”), not a name
    speech: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    # the year an undated statistic is of, from the document (a bulletin's title year,
    # the year before a five-year plan's period, a review's period end)
    stat_year: int | None = None
    # the year a plan's 基期值 is of: the year before its period (“十四五” -> 2020)
    base_year: int | None = None
    # the last year an actual can be of: the year the text was written, or for an undated
    # mid-term review the year before its plan's end (its figures of that year are goals)
    last_actual_year: int | None = None
    genre: str | None = None
    restates_plan: bool = False  # a reading of one plan (《…规划》政策解读, 一图读懂《…》)
    one_year_plan: bool = False  # a year's work plan (2024年…工作要点): its counts are per year
    # the year an undated work report speaks in, from its title (2023年政府工作报告): none of
    # its years from then on is looked back on
    report_year: int | None = None
    part_year: bool = False  # a text about part of a year (上半年工作总结): no count is a year's
    plan_start_year: int | None = None  # the first year of a plan period its title spans
    leads_with_results: bool = False  # news whose lead reports results (…指标提前完成)
    # the last subject naming institutions and a standard they reach ("乡镇卫生院达到推荐
    # 标准的占比"): what a bare "达到推荐标准的占比" in a later paragraph is the share of
    standard_subject: str = ""
    # where values and years start (both lists are sorted by start): the sentences bisect
    value_starts: list[int] = dataclasses.field(init=False, repr=False)
    year_starts: list[int] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.value_starts = [v.start for v in self.values]
        self.year_starts = [y.start for y in self.years]

    @property
    def text(self) -> str:
        return self.nt.text

    @property
    def states_plan_goals(self) -> bool:
        """The plan itself, or a reading that restates its goals: the plan's horizon
        dates what its goals section or its commitments in words leave undated."""
        return self.genre == "plan" or self.restates_plan





# A parenthesis that dates a value of its own: "（2022年为76.5%）" (not "（2020年）")
# A commitment in a speaker's words: "“今年，县医院将选派…”", "“明年要力争…”"
# A one-year window before a count: 今年, 明年, 本年度, 全年, 年内
# (or after a comma: "2024年居民健康素养水平达到26%以上，比上年提高2个百分点" in a year's plan)
_PLANNED_CHANGE_ASIDE_RE = re.compile(rf"\s*[(,，](?:比|较)(?:{LAST_YEAR})(?:{CHANGE_ALT})")
_INTENT_WORDS = r"(?<![已均])将(?!近)|力争|争取|确保|计划"
# a word of intent after a year ("今年…要达到", "2024年，全市力争…")
_GOAL_INTENT_RE = re.compile(rf"{_INTENT_WORDS}|(?<![主需重])要(?!求)")
# A sentence that looks ahead: it does not go on reporting the past its paragraph opened on
_FORWARD_RE = re.compile(rf"{_INTENT_WORDS}|拟|下一步|今后")
# News of a plan going on to its goals: "规划还提出，…达到1.15张" after a sentence of the past
_PLAN_STATES_RE = re.compile(r"(?:规划|方案|意见)(?:还|同时|并|也|进一步)?(?:提出|明确|要求)")
# compared with the year before, right after a value: "16.9%，较上年提高2.3个百分点"
_COMPARED_AFTER_RE = re.compile(
    rf"[^。;；\n]{{0,3}}?(?:比|较|同比)(?:{LAST_YEAR})?(?:{CHANGE_ALT})")
_SHARE_TAIL_RE = re.compile(r"(?:占比|比例|比重)$")
_ONE_YEAR_RE = re.compile(r"今年|明年|本年度|全年|年内")
_OPENING_YEAR_RE = re.compile(r"[ \t\u3000]*((?:19|20)\d{2})年(?:度)?(?=[,，])")
# Target years the document gives rather than the sentence: a target so dated needs a
# target context of its own to count as one
DOCUMENT_YEARS = ("plan period", "plan deadline")
# Words by which a news report states a goal: its own intent, or the plan it reports.
# With none in its sentence, an undated or verbless figure of the news reports.
_GOAL_NEWS_RE = re.compile(
    r"力争|争取|确保|将|要|目标|计划|提出|明确|要求|部署|规划|方案|意见|到(?:19|20)\d{2}年|今年|明年|每年")
# a year that opens a goal: "2024年将…", "2024年力争…", "今年要…"
_YEAR_INTENT_RE = re.compile(r"(?:底|末)?(?:前)?[,，]?(?:将|力争|争取|要(?!求)|计划|确保)")
# a year's part so far right after it: "2023年1-2月", "2023年以来", "2023年上半年"
_SO_FAR_AFTER_RE = re.compile(
    r"(?:度)?(?:以来|上半年|前三季度|[1-9一二三]季度|1\s*[-—~至到]\s*\d{1,2}月|\d{1,2}月)")
# (明年: next year's figure is a goal, "“我们提出，明年全市每万人口全科医生达到4人”")
_SPEECH_FORWARD_RE = re.compile(r"将|要|力争|争取|确保|计划|目标|明年")
_THIS_YEAR_AHEAD_RE = re.compile(THIS_YEAR_AHEAD)
_ASIDE_RE = re.compile(r"(?:19|20)\d{2}年(?:底|末)?(?:为|是|达|已达到?|达到)?"
                       rf"|{LAST_YEAR}(?:为|是|达到?)?")  # "5.44张（上年5.12张）"
# "截至10月底" with no year, "目前，…": the reference date's year
_LAST_YEAR_AT_RE = re.compile(LAST_YEAR)
# what an aside paragraph opens on: the past it reports ("（上年全市…", "（2023年，…")
_ASIDE_DATE_START_RE = re.compile(rf"(?:{LAST_YEAR}|(?:19|20)\d{{2}}年)")
_MONTH_AS_OF_RE = re.compile(r"截[至止](?:目前|(?P<m>\d{1,2})月)")
_NOW = r"(?:目前|当前|现阶段)"
_NOW_LEAD_RE = re.compile(rf"{_NOW}[,，]")
_NOW_RE = re.compile(rf"(?<![截至止]){_NOW}")
_RANGE_JOINS = ("至", "到", "-", "—", "~", "–")
# Words of intent after 今年: the year's figure is a goal, not a report
_INTENT_RE = re.compile(
    r"力争|争取|努力|力求|确保|目标|计划|预计|将(?:达到|提高|提升)|要(?:达到|提高|提升)")
# A year heading a run of values: "2015年的2.1人、2.3人" (the gap after the year)
_RUN_RE = re.compile(r"(?:年|底|末|的|[0-9.]+\s*[^\s、,和及与;。]{0,4}?[、,和及与])*")
# A goal said to be met, named by its year: "超过规划确定的2025年7.5张目标",
# "提前完成2025年目标任务", "已达到“十四五”规划2025年目标"
_MET_BEFORE_YEAR_RE = re.compile(
    r"(?:超过|超出|高于|提前完成|提前实现|提前达到|已达到|已完成|已实现|完成了|实现了)"
    r"[^,，。;；\n]{0,12}$")
_GOAL_AFTER_YEAR_RE = re.compile(r"(?:底|末)?[^,，。;；\n]{0,10}?(?:目标|任务)")
# The date of an event, past: "医共体于2021年建成运行" (it dates nothing else in the sentence)
_EVENT_AFTER_YEAR_RE = re.compile(
    r"\d{0,2}月?(?:份)?(?:正式|全面|率先|顺利)?(?:建成|成立|组建|挂牌|启动|投入|开始|运行|开展|获批|通过)")
# A standard an institution meets: "国家医疗服务能力推荐标准", "服务能力基本标准"
_STANDARD_RE = re.compile(r"(?:国家)?(?:医疗)?(?:服务能力)?(?:基本|推荐)标准")
# A goal in brackets after its name: "（力争达到92%）", "（不低于85%）"
_BRACKET_GOAL_RE = re.compile(
    r"(?:力争|争取|确保|要)?(?:达到|提高到|提升到|提高至|提升至|不低于|不少于|超过|稳定在|控制在)")
_BRACKET_END_RE = re.compile(r"(?:以上|左右|以内)?\)")
# Last year's value, next to this year's: "…，上年为89.1%"
_LAST_YEAR_RE = re.compile(rf"{LAST_YEAR}(?:的|为|是)?\(?$")  # (由上年的55.4%…)
# ... opening the value's clause, its measure named again: "…达65.2%，上年预约诊疗比例为61.7%"
_LAST_YEAR_CLAUSE_RE = re.compile(
    rf"{LAST_YEAR}(?:(?!比[上去同0-9]|较|相比|增|提高|下降)[^\d,，;；。:：]){{1,24}}?(?:为|是|达到?)")
# compared with last year or a year: "比上年", "较2020年"
THAN_YEAR = rf"(?:比|较)(?:{LAST_YEAR}|(?:19|20)\d{{2}}年(?:末|底)?)"
_THAN_LAST_YEAR_RE = re.compile(rf"{THAN_YEAR}$")
# what a change is measured against, and nothing else: "比上年", "较2020年", "同比"
COMPARED_ONLY_RE = re.compile(rf"{THAN_YEAR}(?:同期)?|同比|与{LAST_YEAR}(?:同期)?相比")
# A year that dates the value right after it: "（2022年为21.6%）"
_YEAR_OF_NEXT_RE = re.compile(
    r"(?:末|底)?(?:(?:为|是)\s*\d|\d+(?:\.\d+)?\s*(?:%|‰|张|人|名|个|家|所))")
# Roles of a year that date no figure but their own: 由/从 a base, 比/较 a comparison, an event
NOT_DATING = ("from", "ref", "event")
# A year that names a goal, not the date of a figure: "2025年目标", "2025年的规划目标"
_GOAL_YEAR_RE = re.compile(r"(?:底|末)?的?(?:规划)?(?:目标|任务)")

# A from-to pair dated at its start, or at both ends: "由2015年的6.38张提高到2020年的7.86张"
_DATED_PAIR_RE = re.compile(
    r"(?:由|从)(?:((?:19|20)\d{2})年(?:底|末)?|[“\"]?(十[一二三四五六]五)[”\"]?(?:期末|时期末|末))"
    r"的?[^,;。由从]{1,14}?(?:到|至)(?:((?:19|20)\d{2})年)?")
_PAIR_TO_RE = re.compile(rf"(?:{CHANGE_ALT})(?:到|至)$|[增升降减]至$")  # (the change verbs)
_YEAR_AT_RE = re.compile(r"(?:19|20)\d{2}年")


# a clause opening on an intent: "，力争县域内就诊率达到92%"
_INTENT_OPENS_RE = re.compile(r"(?:全[县市区旗]|我[县市区旗])?(?:力争|争取|确保)")
# No subject, or only the label of a goal the values are set against ("规划目标6.0张，
# 2020年实际达到6.32张")
# The field of an item a line gives ("基期值：5.46张（2020年）", "2022年完成值：5.93张",
# "目标值：6.3张（2025年）"): no name of its own, the item's
_FIELD_YEAR = r"(?:(?:19|20)\d{2}年(?:末|底)?)?"
_GOAL_FIELDS = r"(?:规划|预期)?目标值?|规划值|预期值"
_FIELD_LABEL = rf"{_FIELD_YEAR}(?:{_GOAL_FIELDS}|基期值?|基数|现状值?|现值|完成值?|实际值|当前值)"
FIELD_LINE_RE = re.compile(rf"[ \t\u3000]*{_FIELD_LABEL}\s*[:：]")
# ... the field that holds the item's goal ("目标值：6.3张（2025年）"): a goal, never an actual
_GOAL_FIELD_RE = re.compile(rf"[ \t\u3000]*{_FIELD_YEAR}(?:{_GOAL_FIELDS})\s*[:：]\s*")
_ITEM_FIELD_RE = re.compile(rf"{_FIELD_LABEL}?")
# ... or the fields one after another behind the item's name on its line ("每千人口医疗卫生
# 机构床位数：基期值5.86张，目标值7.0张，2022年完成6.41张"): the name, before its colon
_INLINE_ITEM_RE = re.compile(rf"\s*(?P<name>[^,，。;；:：\d\n]{{3,30}}?)[:：]\s*{_FIELD_LABEL}")
_BASE_FIELD_RE = re.compile(r"[,，]?\s*(?:基期值?|基数)\s*[:：]?\s*")
_INLINE_GOAL_FIELD_RE = re.compile(rf"[,，]?\s*{_GOAL_FIELDS}\s*[:：]?\s*")


# "在去年88.7%的基础上": the year of the base, after 在
_ON_THE_BASIS_RE = re.compile(r"[^,，。;；]{0,16}?的?基础上")
# a measure's name ending in 比 (占比, 医护比…): its 比 compares nothing
_MEASURE_BI_RE = re.compile(r"[占护医人之]比$")
# a page's time of day read as a ratio: "10:21", "07:56"
_CLOCK_RE = re.compile(r"[0-2]?\d:[0-5]\d")
# A count of institutions reaching a standard, a share in brackets after it
_COUNT_REACHING_RE = re.compile(
    r"\d+\s*[个家所](?:均|已|全部)?达到?(?P<standard>[^\d,，]{0,20}?标准)")
# ... and the count leading such a name ("189个乡镇卫生院…达到基本标准")
_COUNT_LEAD_RE = re.compile(r"^\d+\s*[个家所]")
# A's share of B, written "A占B的": "基层门急诊人次占县域内门急诊人次" (not 占比)
_A_SHARE_OF_B_RE = re.compile(r"[^占,，;；]{2,20}占(?!比)[^占比,，;；()]{2,24}?(?<![率重例])")
# ... unless A is itself a share or a rate
_SHARE_OR_RATE_RE = re.compile(r"比例|比重|率")
# The public institutions' part in brackets, and the institution it is of
_PUBLIC_ASIDE_RE = re.compile(r"\((?:其中)?公立(?:医院)?(?:为|是)?")
_PUBLIC_OF_RE = re.compile(r"(中医类医院|中医医院|医院|医疗机构)")
# the population base in brackets right after a value: "床位数5.86张（每千人口）"
_BASE_AFTER_RE = re.compile(r"\((每(?:千|万|十万)(?:常住|户籍)?人口)\)")
# words that make 一 (a Chinese numeral 1) a count: "至少一家", "每个…建成一个"
_ONE_COUNTED_RE = re.compile(r"至少|不少于|各|每个|均有|确定|建成|建设|设置|设立")


class _Sentence:
    """One sentence: its values, years, clauses; the year, statistic and record helpers."""

    def __init__(self, doc: _Doc, start: int, end: int, inherited: int | str | None = None,
                 review: bool = False, inherited_subject: str = "") -> None:
        self.doc = doc
        self.inherited = inherited  # a year, PAST, or None
        self.review = review  # the sentence sits in a 发展现状/完成情况 section
        self.start = start
        self.end = end
        self.text = doc.text
        # values and years are sorted by start: bisect to the sentence, not a scan per sentence
        i, j = bisect_left(doc.value_starts, start), bisect_left(doc.value_starts, end)
        if doc.masked:
            self.values = [v for v in doc.values[i:j] if not _in_spans(v.start, doc.masked)]
            self.value_starts = [v.start for v in self.values]
        else:
            self.values, self.value_starts = doc.values[i:j], doc.value_starts[i:j]
        self.years = doc.years[bisect_left(doc.year_starts, start):
                               bisect_left(doc.year_starts, end)]
        self.clauses = split_clauses(self.text, start, end, doc.depth)
        self.results: list[tuple[Value, Target]] = []
        self.stats: list[tuple[Value, Target]] = []  # reported values (observations)
        self.data_year_default: int | None = None  # the paragraph's last year, for statistics
        self.section_year: int | None = None  # the year in the section heading, for statistics
        self.goal_section = False  # under a plan's goals heading (发展目标, 主要指标)
        self.handled: set[int] = set()
        self.value_ends: list[int] = []  # ends of values already read (targets or baselines)
        self.last_subject = ""
        # "床位6.8张（2020年）。到2025年，力争达到7.5张": the paragraph's last subject
        self.inherited_subject = inherited_subject
        self.item_name = ""  # a numbered item's name, when it opened the paragraph
        # the rules ask a year's role, and a value's year, again and again: each is worked
        # out once (both depend on nothing the reading changes; a value's year on the
        # section's year, set before the reading, too)
        self._roles: dict[YearMention, str] = {}
        self._year_roles: list[tuple[YearMention, str]] | None = None  # (see _roles_of_years)
        # (by the value's start, end and kind, all _year_of reads of it: a tuple of them
        # hashes in C, a Value (a dataclass) in Python)
        self._years_for: dict[tuple[int, int, str, int | None],
                              tuple[int | None, bool, str | None]] = {}
        self._quote: tuple[int, int] | None = None  # the sentence's raw span (see make)
        self._other_place: dict[int, bool] = {}  # by value start (see _another_place)

    # -- context ------------------------------------------------------------------
    def clause_of(self, pos: int) -> tuple[int, int]:
        for c in self.clauses:
            if c[0] <= pos < c[1]:
                return c
        return (self.start, self.end)

    def _year_role(self, y: YearMention) -> str:
        """How the year ``y`` stands in the sentence: "from", "ref", "event" (it dates no
        figure but its own), "baseline" or "target"."""
        role = self._roles.get(y)
        if role is None:
            role = self._roles[y] = self._role_of(y)
        return role

    def _roles_of_years(self) -> list[tuple[YearMention, str]]:
        """Each year of the sentence with its role: asked of every value, worked out once
        (its years are few, and year_context asks for them all anyway)."""
        if self._year_roles is None:
            self._year_roles = [(y, self._year_role(y)) for y in self.years]
        return self._year_roles

    def _role_of(self, y: YearMention) -> str:
        before = self.text[max(self.start, y.start - 2):y.start]
        if before.endswith(("由", "从")) or before[-1:] in ("由", "从"):
            return "from"
        # (not a measure's name ending in 比: "县域内住院人次占比今年力争突破82%", "医护比2025年…")
        if (before.endswith(("比", "较", "与", "同")) and not _MEASURE_BI_RE.search(before)) \
                or before.endswith("相比"):
            return "ref"
        if before.endswith("在") and _ON_THE_BASIS_RE.match(self.text, y.end):
            return "ref"  # "在去年88.7%的基础上达到90%": the base a goal builds on
        if _MET_BEFORE_YEAR_RE.search(self.text, max(self.start, y.start - 14), y.start) \
                and _GOAL_AFTER_YEAR_RE.match(self.text, y.end):
            return "ref"  # "超过规划确定的2025年7.5张目标": a goal met, named by its year
        if (before[-1:] == "于" or self.text.startswith("于", y.start)) \
                and _EVENT_AFTER_YEAR_RE.match(self.text, y.end) \
                and (self._before_issue(y, strict=True)
                     or y.year < (self.doc.stat_year or y.year)):
            return "event"  # "医共体于2021年建成运行": when something happened
        if y.kind == "this_year" and (_INTENT_RE.search(self.text, y.end, self.end)
                                      or (self.doc.doc_year is None
                                          and self.doc.genre == "news_of_plan")):
            # "今年力争…达到31%" in a November news report: a goal ahead; an undated news
            # report's 今年 is the first year of the plan it reports (its goal for that year)
            return "target"
        if y.kind == "as_of" or self._before_issue(y, strict=y.kind in ("to", "period")):
            return "baseline"
        return "target"

    def _year_ahead(self, y: YearMention, v: Value) -> bool:
        """A year not before the text's own, an intent between it and the value, in one
        clause: a goal stated in a review of the year before ("…，2024年力争保持在91%以上",
        "…，今年要达到62%")."""
        doc_year = self.doc.doc_year
        if doc_year is None or y.year < doc_year or y.end > v.start:
            return False
        if self._written_ahead(y) and ";" not in self.text[y.end:v.start] and (
                not self._clause_break(y.end, v.start)
                or y.start == self.start or self.text[y.start - 1] in ";\n"):
            return True  # "一、2022年主要工作成效" then "2023年全人群签约率达到40%，…稳定在80%左右"
        if not self._clause_break(y.end, v.start):
            return _SPEECH_FORWARD_RE.search(self.text, y.end, v.start) is not None
        # "今年将…提高到65%作为重点攻坚任务，力争县域内就诊率达到92%": a clause opening on
        # an intent goes on with the year its sentence is about
        return _INTENT_OPENS_RE.match(self.text, self.clause_of(v.start)[0]) is not None

    def _written_ahead(self, y: YearMention) -> bool:
        """The year the text is written in, named in the first half of it, in a section
        that reports the year before: no figure of that year is known yet (unless so far:
        "2023年1-2月", "2023年以来", "截至2023年…")."""
        return (y.year == self.doc.doc_year and (self.doc.doc_month or 12) <= 6
                and self.section_year is not None and self.section_year < y.year
                and _SO_FAR_AFTER_RE.match(self.text, y.end) is None
                and "截" not in self.text[max(self.start, y.start - 3):y.start])

    def _milestone(self, y: YearMention) -> bool:
        """A plan's year-by-year schedule: a line opening on a year of its period and a
        colon ("2023年：达到推荐标准的占比达到25%；" under 年度安排)."""
        end = self.doc.plan_end_year
        return (self.doc.genre == "plan" and end is not None and y.year <= end
                and y.year >= (self.doc.plan_start_year or end - 4)
                and self.text[y.end:y.end + 1] == ":"
                and (y.start == 0 or self.text[y.start - 1] == "\n"))

    def _before_issue(self, y: YearMention, strict: bool) -> bool:
        """A year the plan looks back on: before the issue year (or the issue year itself,
        late in that year: a December plan's "2024年，全市…" reports that year)."""
        doc_year, month = self.doc.doc_year, self.doc.doc_month
        if doc_year is None:
            # an undated five-year plan looks back on the years before its period
            # ("“十四五”规划 … 由2015年的9.8%提高到2020年的21.6%")
            end = self.doc.plan_end_year
            if self._milestone(y):
                return False
            # a five-year plan's period, unless the title spans another (2022—2030年); a
            # year's work plan (2024年工作要点) looks back on the years before that year
            start = self.doc.plan_start_year or (end if self.doc.one_year_plan else
                                                 end - 4 if end is not None else None)
            if end is not None and y.year < start:
                return True
            if self.doc.report_year is not None:
                return y.year < self.doc.report_year
            first = self.doc.first_target_year
            return first is not None and not strict and y.year < first
        if y.year < doc_year:
            return True
        # (a year's work plan never looks back on its own year: "2024年全市卫生健康工作要点"
        # dated only by its number, 〔2024〕12号)
        own_year = self.doc.one_year_plan and self.doc.plan_end_year == y.year
        return not strict and y.year == doc_year and (month is None or month > 9) \
            and not own_year

    def year_for(self, v: Value) -> tuple[int | None, bool, str | None]:
        """(target year, is_baseline, where the year came from) for a value.

        Sources: "sentence" (a year mention around the value), "paragraph" (the
        year that opened the paragraph), "plan period" (the end of the period in
        the plan's title, for a target stated with no year at all), "plan deadline"
        (a plan with no period whose every deadline is one year: 到2025年).
        """
        key = (v.start, v.end, v.kind, self.section_year)
        found = self._years_for.get(key)
        if found is None:
            found = self._years_for[key] = self._year_of(v)
        return found

    def _year_of(self, v: Value) -> tuple[int | None, bool, str | None]:
        year_roles = self._roles_of_years()
        roles = [(y, r) for y, r in year_roles if y.end <= v.start and r not in NOT_DATING]
        if roles and roles[-1][1] == "baseline":
            return None, True, None
        targets = [y for y, r in roles if r == "target"]
        clause = self.clause_of(v.start)
        after = [
            # (a commitment in words may hold its year: "均力争2025年达到…推荐标准")
            y for y, r in year_roles
            if (y.start >= v.end or (v.kind == "words" and v.start <= y.start))
            and y.start < clause[1] and r == "target"
            and not _YEAR_OF_NEXT_RE.match(self.text, y.end)  # "（2022年为21.6%）"
        ]
        if self.review and not any(y.kind in ("to", "period") or self._year_ahead(y, v)
                                   for y in targets + after):
            # in a 发展现状/工作完成情况 section only an explicit 到YYYY年 makes a target, or
            # the year the text is written in with an intent ("2024年力争保持在91%以上")
            return None, True, None
        if after and after[0].start == v.end + 1 and self.text[v.end] == "(" \
                and self.text.startswith(")", after[0].end):
            # "…医师数达到2.8人（2022年）和3.0人（2030年）": each value's own year
            return after[0].year, False, "sentence"
        if targets:
            return targets[-1].year, False, "sentence"
        if after:
            return after[0].year, False, "sentence"
        if any(r == "baseline" and self.text[v.end:y.start] in ("(", "")
               and not _ASIDE_RE.fullmatch(self.text, y.start, y.end + 1)
               for y, r in year_roles):
            return None, True, None  # "床位6.8张（2020年）": a value dated in the past
        others = [y for y, r in year_roles if r in ("target", "baseline")
                  and not (y.start > v.end and self._dates_an_aside(y))]
        if others and (self.inherited == PAST or not all(
                y.start > v.end and self._clause_break(v.end, y.start) for y in others)):
            # (a year only in a later clause dates that clause, and the plan's horizon this
            # one: "…全部建成紧密型县域医共体，年底前…达到62%")
            return None, False, None
        # "到2027年，…。全市每千人口床位数…": the paragraph's opening year carries over;
        # after "2024年，全市…" the paragraph goes on reporting the past
        if self.inherited == PAST and not _FORWARD_RE.search(self.text, self.start, v.start) \
                and not _PLAN_STATES_RE.search(self.text, self.start, v.start):
            # (a sentence of intent does not: "…将加强…，每年派出…"; nor a text going on to
            # the plan's goals, whatever its genre: "2020年全市…为7.05张。规划还提出，…达到
            # 1.15张", "2022年…为19.6%。方案要求，…每年下沉医务人员不少于100人次")
            return None, True, None
        if isinstance(self.inherited, int):
            return self.inherited, False, "paragraph"
        if self.section_year is not None and not self._before_issue(
                YearMention(0, 0, self.section_year, "bare"), strict=True):
            # "二、2023年工作安排" over "健康素养水平提高到28%以上"
            return self.section_year, False, "section"
        if self.doc.plan_end_year is not None:
            return self.doc.plan_end_year, False, "plan period"
        if self.doc.sole_deadline is not None and (
                self.doc.genre == "plan" or _PLAN_STATES_RE.search(self.text, self.start, v.start)):
            # (news of a plan whose every 到YYYY年 is one year: what "方案提出" with no year
            # of its own is for)
            return self.doc.sole_deadline, False, "plan deadline"
        return None, False, None

    def year_context(self) -> int | str | None:
        """The year this sentence passes on to the next one in its paragraph.

        The furthest target year it mentions (a milestone named after the horizon, "到2025年
        …；到2024年，…达到25%", does not end it); PAST when it only speaks of the past;
        None when it mentions no year (inheritance continues) or only a higher body's
        goal's past the plan's end (国家…提出，到2030年…), or when its only years are
        deadlines before the paragraph's horizon: "到2025年，…。2024年底前，医共体实现全覆盖。
        县级综合医院…达到100%" - a milestone dates its own sentence, the horizon the rest.
        """
        roles = [(y, r) for y, r in self._roles_of_years() if r in ("target", "baseline")]
        if not roles:
            return None
        targets = [y for y, r in roles if r == "target"]
        if not targets:
            return PAST
        furthest = max(y.year for y in targets)
        if self.doc.plan_end_year is not None and furthest > self.doc.plan_end_year and (
                (cited := cited_goal_end(self.text, self.start, self.end, self.doc.level))
                is not None and all(y.start >= cited for y in targets)):
            # "国家《…纲要》提出，到2030年…达到30%。规划还提出，…达到80%" (news of a 十四五
            # plan): a higher body's year past the plan's end dates its own goal only
            return None
        if isinstance(self.inherited, int) and furthest < self.inherited and all(
                self.text.endswith("前", y.start, y.end) for y in targets):
            return None
        return furthest

    def statistic_reason(self, v: Value, seg_start: int) -> str | None:
        """A baseline, an achieved value, or another scope's goal (省定目标…全省…)."""
        c0, c1 = self.clause_of(v.start)
        reason = statistic_reason(self.text, self.start, (c0, c1), max(c0, seg_start), v,
                                  self.doc.level, self.doc.other_places, self._another_place(v))
        if reason == ACHIEVED and _PLANNED_CHANGE_ASIDE_RE.match(self.text, v.end) and (
                (self.doc.genre == "plan" and (self.goal_section or self.doc.one_year_plan))
                or self._states_goals_ahead(v)):
            # "居民健康素养水平提高到28%（比上年提高3个百分点）" among a plan's goals, or
            # "…达到26%以上，比上年提高2个百分点" in a year's plan, or in a sentence of this
            # year's goals ("今年…要达到48%，重点人群签约率达到88%，较上年提高3个百分点"):
            # the rise it plans, not one it reports
            return None
        return ACHIEVED if reason is None and self._undated_news_result(v) else reason

    def _another_place(self, v: Value) -> bool:
        """The value is another place's (:func:`another_place`): asked for a statistic's
        reason and for its record alike, worked out once."""
        found = self._other_place.get(v.start)
        if found is None:
            found = self._other_place[v.start] = another_place(
                self.text, self.start, self.clause_of(v.start)[0], v.start, self.doc.other_places)
        return found

    def _states_goals_ahead(self, v: Value) -> bool:
        """The sentence names a year it looks ahead to and an intent before the value
        ("今年全县…要达到48%，…", "2024年，全市力争…")."""
        return any(self._year_role(y) == "target" and not self._before_issue(y, strict=True)
                   and _GOAL_INTENT_RE.search(self.text, y.end, v.start) is not None
                   for y in self.years if y.end <= v.start)

    def _undated_news_result(self, v: Value) -> bool:
        """In a news report, a number with no year and no word of a goal in its sentence
        ("截至年末，全市每千人口床位数达到6.56张") reports where things stand."""
        if self.doc.genre != "news_of_plan" or self.doc.restates_plan:
            return False  # a reading of a plan restates its goals, dated or not
        if v.kind == "words" and not self.doc.leads_with_results:
            # "全部达到基本标准" is a goal's wording, unless the page leads with results
            # ("…“成绩单”出炉": "全市19家乡镇卫生院全部达到服务能力基本标准")
            return False
        year, baseline, source = self.year_for(v)
        # a year only the plan's period gives is no goal's in news that leads with results
        undated = year is None or (source in DOCUMENT_YEARS and self.doc.leads_with_results)
        return undated and not baseline and \
            _GOAL_NEWS_RE.search(self.text, self.start, self.end) is None

    def data_year(self, v: Value) -> tuple[int | None, str | None]:
        """The year a statistic is of: the nearest year named before it in the sentence
        ("2023年末，…5.27人", "截至2022年底，…3.12人，…7.46张", "比2015年的2.1人、2.3人"),
        else one right after it in its clause, else the paragraph's year, else the year
        of the section heading ("一、2023年工作总结"), else the document's (a bulletin's
        title year, a five-year plan's base year)."""
        pair = self._parallel_pair_year(v)
        if pair is not None:
            return pair, "parallel pair"
        if self.doc.base_year is not None and any(
                _BASE_FIELD_RE.fullmatch(self.text, start, v.start) for start in
                (self.clause_of(v.start)[0], self.text.rfind("\n", 0, v.start) + 1)):
            # "基期值5.86张", a field line "基期值：4.92张": of the period's base year
            return self.doc.base_year, "base field"
        if self.text[v.start - 1:v.start] in ("由", "从") and (
                compared := [y for y in self.years if y.end <= v.start
                             and self._year_role(y) == "ref"]):
            # "…达到5.96张，较2020年的4.87张增加1.09张；每千人口执业（助理）医师由2.46人提高到
            # 2.93人": the changes after a comparison set out from the same year
            return compared[-1].year, "compared year"
        year = self._year_before(v)
        if year is not None and self.doc.doc_year is not None and year > self.doc.doc_year:
            year = None  # "到明年，…要达到92%，该县此前已实现…全覆盖": the goal's year
        last = _LAST_YEAR_RE.search(self.text, self.clause_of(v.start)[0], v.start) \
            or _LAST_YEAR_CLAUSE_RE.fullmatch(self.text, self.clause_of(v.start)[0], v.start)
        o = self.text.rfind("(", self.start, v.start)
        if last is None and o >= 0 and self.doc.depth[v.start] == 1 and self._aside_paragraph(o):
            # "（上年全市居民健康素养水平为24.3%，县域内就诊率85.9%。）": its opening 上年 dates it
            last = _LAST_YEAR_AT_RE.match(self.text, o + 1)
        if last is None:
            last = self._last_year_pair_before(v)
        if last and not any(y.start == last.start() for y in self.years):
            # "2023年，…就诊率为90.3%，上年为89.1%": the year before the one the text speaks
            # of (a 去年 the text's date made a year of its own is that year already)
            of = year if year is not None else self.doc.stat_year
            if of is None and self.doc.genre == "plan":
                of = self.doc.doc_year  # "（上年全市…为24.3%）" in a plan of 2024: 2023
            if of is None and self.doc.doc_year is not None \
                    and _MONTH_AS_OF_RE.search(self.text, self.start, v.start):
                of = self.doc.doc_year  # "截至10月底，…86.2%（上年同期84.9%）" in a dated report
            return (of - 1, "sentence") if of is not None else (None, None)
        if year is not None:
            return year, "sentence"
        clause_end = self.clause_of(v.start)[1]
        # "24.1%（2022年为21.6%）": a year that dates the value after it, not this one
        # ... nor a year compared with ("２５．４％，比2021年提高3.1个百分点")
        after = [y for y in self.years if v.end <= y.start < clause_end
                 and not _YEAR_OF_NEXT_RE.match(self.text, y.end)
                 and self._year_role(y) not in ("from", "ref")]
        if len(after) > 1 and (self.text[after[0].end:after[1].start] in _RANGE_JOINS or (
                after[0].end == after[1].start and self.text[after[1].start] in "至到")):
            # "由58.6%提高至64.1%（2018年至2021年）": the from-value is of the first year,
            # the value the range follows of the last
            if self.text[v.start - 1:v.start] in ("由", "从"):
                return after[0].year, "sentence"
            if self.text[v.end:after[0].start] in ("(", ""):
                return after[1].year, "sentence"
        if after:
            return after[0].year, "sentence"
        if self.doc.genre == "review" and self.text[v.start - 1:v.start] in ("由", "从"):
            # "十年来，…床位数从3.2张增至5.3张" looking back: where a change set out from, the
            # start of the period reviewed ("十三五"总结: 2015), else a year the text does not
            # name (not the year it reports; the base of a goal, "由2.3人提高到3.6人", stands
            # where the text's figures do)
            return (self.doc.base_year, "period base") if self.doc.base_year else (None, None)
        as_of = _MONTH_AS_OF_RE.search(self.text, self.start, v.start)
        if self.doc.doc_year is not None and as_of and as_of.group("m") \
                and self.doc.doc_month is not None and int(as_of.group("m")) > self.doc.doc_month:
            # "截至12月底，…44.2%" in a page of March 2024: the December before
            return self.doc.doc_year - 1, "reference date"
        if self.doc.doc_year is not None and (
                as_of
                or _NOW_LEAD_RE.match(self.text, self.start)
                or (self.doc.genre in ("news_of_plan", "plan") and self._said_now(v))):
            # "截至10月底" in a dated report; "…表示，目前全县…占比为79.5%" in dated news (a
            # review's 当前 stands where its figures do: 规划值…，当前…)
            return self.doc.doc_year, "reference date"
        paragraph = self.inherited if isinstance(self.inherited, int) else self.data_year_default
        d = self.doc
        if paragraph is not None and d.genre in ("work_report", "review") and d.doc_year \
                and paragraph >= d.doc_year and (d.doc_month or 12) <= 6:
            # "2024年2月2日在…会议上" over "过去一年，…达到88.9%": a report early in a year
            # has no figures of that year to report
            paragraph = None
        order = [(paragraph, "paragraph"), (self.section_year, "section"),
                 (self.doc.stat_year, "document")]
        if any(y.end <= v.start for y in self.years):
            # the sentence's own year dates another value ("由2017年的5.72张增加到6.03张"):
            # the section's or the document's year, before the paragraph's
            order = order[1:] + order[:1]
        if d.doc_year is not None:  # a figure reported is of no year after the text's own
            order = [(y, src) for y, src in order if y is None or y <= d.doc_year]
        if d.doc_year is not None and _COMPARED_AFTER_RE.match(self.text, v.end):
            # "…达到16.9%，较上年提高2.3个百分点" in a page of 2023-12-28: that year's figure;
            # early in a year, the year before's
            order.append((d.doc_year if (d.doc_month or 0) > 6 else d.doc_year - 1,
                          "reference date"))
        return next(((y, src) for y, src in order if y is not None), (None, None))

    def _last_year_pair_before(self, v: Value) -> re.Match[str] | None:
        """The 上年 of the first of the pairs before a from-value with no year of its own, in
        the same sentence ("床位数由上年的6.45张增加到6.81张，医师数由2.58人提高到2.76人，
        护士数由2.89人…"): the pairs that follow set out from the same year (the 上年
        match, else None)."""
        text = self.text
        if text[v.start - 1:v.start] not in ("由", "从"):
            return None
        c0 = self.clause_of(v.start)[0]
        if any(c0 <= y.start < v.start for y in self.years):
            return None
        k = c0
        while (k := max(text.rfind("由", self.start, k), text.rfind("从", self.start, k))) >= 0:
            if (last := _LAST_YEAR_AT_RE.match(text, k + 1)) is not None:
                return last
            if _YEAR_AT_RE.match(text, k + 1) or not any(x.start == k + 1 for x in self.values):
                return None  # a pair of its own year, or no pair ("由市卫健委…")
        return None

    def _parallel_pair_year(self, v: Value) -> int | None:
        """A 由X…到Y pair with no years of its own after one with them ("床位数由2015年的
        6.4张提高到2020年的7.9张，医师数由1.9人增加到2.6人。床医比由1:0.30提高到1:0.33"):
        its from-value is of the earlier pair's first year, its to-value of its last (when
        the earlier pair names one; else the to-value is dated as any other value)."""
        text = self.text
        from_value = text[v.start - 1:v.start] in ("由", "从")
        to_value = not from_value and _PAIR_TO_RE.search(text, max(self.start, v.start - 4),
                                                          v.start) is not None
        if not (from_value or to_value):
            return None
        c0 = self.clause_of(v.start)[0]
        if to_value:  # the to-value of a pair whose from-value has no year
            k = max(text.rfind("由", c0, v.start), text.rfind("从", c0, v.start))
            if k < 0 or _YEAR_AT_RE.match(text, k + 1) or not any(
                    x.start == k + 1 for x in self.values):
                return None
        elif any(y.end <= v.start and y.start >= c0 for y in self.years):
            return None
        para = text.rfind("\n", 0, self.start) + 1
        pairs = list(_DATED_PAIR_RE.finditer(text, para, c0))
        if not pairs:
            return None
        last = pairs[-1]
        if not from_value:
            # "由2015年的5.86张增加到6.95张": no to-year
            return int(last.group(3)) if last.group(3) else None
        # "由“十二五”末的3.86张提高到4.72张；…医师由1.72人提高到2.21人": 1.72 is of 2015
        return int(last.group(1)) if last.group(1) else FIVE_YEAR_PLANS[last.group(2)]

    def _year_before(self, v: Value) -> int | None:
        """The nearest year before ``v`` that dates it.  A year heading a run of values
        ("2015年的2.1人、2.3人") dates each of them; a 由/从/比 year with other values
        between ("由2017年的5.72张增加到6.03张") dates only its own, and the search goes
        on further back; any other year ("2022年末，…") dates the rest of the sentence."""
        base = self.text[v.start - 1:v.start] in ("由", "从")
        for y in reversed([y for y in self.years if y.end <= v.start]):
            if self._year_role(y) == "event":
                continue
            if base and y.kind == "period" and self.text.endswith(("时期", "期间"), y.start, y.end):
                return y.year - 5  # "“十三五”时期，…由2.86人提高到3.12人": from 2015 to 2020
            if base and y.kind in ("to", "period") and self._year_role(y) == "target":
                return None  # "到2025年，…由2.9人提高到3.3人": the deadline is not 2.9's year
            if _GOAL_YEAR_RE.match(self.text, y.end) or (
                    _YEAR_INTENT_RE.match(self.text, y.end) and self._clause_break(y.end, v.start)):
                # "已提前完成2025年目标（7.5张）；…医师达到3.12人", "…确定的2024年目标；家庭
                # 医生签约率38.9%", "…，2024年将提高到82%以上，全人群签约率41.6%": a goal's
                # year dates no figure reported after its clause
                continue
            between = [x for x in self.values if y.end <= x.start < v.start]
            if not between:
                return y.year
            if _YEAR_OF_NEXT_RE.match(self.text, y.end) and self._clause_break(y.end, v.start):
                continue  # "…医师2.21人，2021年为2.12人；…护士2.86人": that year's value only
            if _RUN_RE.fullmatch(self.text, y.end, v.start) is not None:
                return y.year
            if self._year_role(y) not in NOT_DATING:
                return y.year
        return None

    def _said_now(self, v: Value) -> bool:
        """A 目前 before the value in its sentence, no year named between them: "目前全市…
        仅为0.28张，…已有19家设立老年医学科，占比为73.1%" (both of the date the page has)."""
        nows = [m.end() for m in _NOW_RE.finditer(self.text, self.start, v.start)]
        return bool(nows) and not any(nows[-1] <= y.start < v.start for y in self.years)

    def _clause_break(self, start: int, end: int) -> bool:
        """A clause ends between ``start`` and ``end``."""
        return any(start <= c1 <= end for _, c1 in self.clauses)

    def statistic(self, v: Value, subject: str, verb: str | None, seg_start: int,
                  of_year: int | None = None) -> None:
        """Keep a reported value (an observation) with the year it is of (``of_year`` when
        the reading paired it with its year)."""
        c0 = self.clause_of(v.start)[0]
        if states_a_goal(self.text, c0, v.start, v.end) \
                or goal_against_result(self.text, c0, v.start, v.end) \
                or recalls_a_goal(self.text, self.start, v.start):
            # "提高到20%的目标" is a goal, "突破3人大关" a threshold, "目标2.5人，完成2.42人"
            # a reviewed goal: no actual
            return
        if self._another_place(v):
            return  # "杭州市、宁波市重点人群签约率已超过90%": not this place's actual
        if held_over_years(self.text, c0, v.start):
            return
        field = _GOAL_FIELD_RE.match(self.text, self.text.rfind("\n", 0, v.start) + 1)
        if field is not None and field.end() == v.start:
            return
        if _INLINE_GOAL_FIELD_RE.fullmatch(self.text, c0, v.start):
            return  # "…：基期值5.86张，目标值7.0张，…": the goal field of the item
        year, source = (of_year, "sentence") if of_year is not None else self.data_year(v)
        if year is not None and self.doc.last_actual_year is not None \
                and year > self.doc.last_actual_year:
            return  # a value of a year after the text was written is a goal, never an actual
        t = self.make(v, subject, verb, "statistic", seg_start=seg_start, year=year,
                      use_year=True)
        t.year_source = source if t.target_year is not None else None
        t.statistic = True
        # "全年下沉医务人员236人次": the year's total is the per-year count of that year
        t.annual = t.annual or "全年" in self.text[self.clause_of(v.start)[0]:v.start] \
            or subject.startswith("全年")  # "全年下沉医务人员：638人次"
        # "其中2021年下沉医务人员326人次": person-times counted in one year are its total
        # (not "三年累计…936人次", "截至2023年底累计…")
        t.annual = t.annual or (t.target_year is not None and not self.doc.part_year
                                and one_years_flow(self.text, self.start,
                                                   self.clause_of(v.start)[0], v.start, v.unit))
        self.stats.append((v, t))
        self._remember_standard(t.indicator_text)

    def in_target_context(self, v: Value) -> bool:
        year, _, source = self.year_for(v)
        if year is not None and source not in DOCUMENT_YEARS:
            return True
        if year is not None and self.goal_section and self.doc.states_plan_goals:
            return True  # "第二章 发展目标 … 每千人口康复床位数0.35张": the plan's goals
        if year is not None and self.doc.restates_plan:
            return True  # a reading of a plan (一图读懂: "床人比\n1:1.5") restates its goals
        if year is not None and source == "plan period" and self.doc.genre == "news_of_plan" \
                and not self.doc.leads_with_results:
            return True  # news of a plan lists its goals ("医师2.9人、注册护士3.6人")
        return _ASPIRE_RE.search(self.text, self.start, v.start) is not None

    def make(
        self,
        v: Value,
        subject: str,
        verb: str | None,
        method: str,
        *,
        is_change: bool = False,
        seg_start: int | None = None,
        year: int | None = None,
        use_year: bool = False,
        comparator: str | None = None,
    ) -> Target | None:
        seg_start = self.clause_of(v.start)[0] if seg_start is None else seg_start
        seg = self.text[seg_start:v.start]
        subject = _strip_subject(subject)
        if (base := _BASE_AFTER_RE.match(self.text, v.end)) and not _POP_PREFIX_RE.search(subject):
            subject = base.group(1) + subject  # "床位数5.86张（每千人口）": per 1,000 people
        elif v.value >= 100 and v.unit in _COUNT_UNITS \
                and (pop := _POP_PREFIX_RE.match(subject)) \
                and not _POP_PREFIX_RE.search(self.text, self.clause_of(v.start)[0], v.start):
            # "每千人口…床位数8.12张。其中：\n中医类医院床位数2874张", "…康复床位数达到0.3张；城市
            # 医务人员下沉基层不少于600人次": hundreds counted are no rate; a base carried from
            # the measure before (not said in their clause) is not theirs
            subject = subject[pop.end():]
        if not self.item_name and _ITEM_FIELD_RE.fullmatch(subject) \
                and (inline := _INLINE_ITEM_RE.match(self.text, self.start)) is not None:
            subject = inline.group("name")  # "…床位数：基期值5.86张，目标值7.0张，2022年完成6.41张"
        elif self.item_name and _ITEM_FIELD_RE.fullmatch(subject):
            # "1.每千人口…床位数。2015年为4.86张，规划目标6.0张，2020年达到6.32张", "（一）每千人口
            # …床位数" then "基期值：5.46张": the values of the item its name opened
            subject = self.item_name
        if v.unit == "%" and _A_SHARE_OF_B_RE.fullmatch(subject) \
                and not _SHARE_OR_RATE_RE.search(subject.split("占", 1)[0]):
            subject += "的比例"  # "基层门急诊人次占县域内门急诊人次的64.2%": A's share of B
        if (whole := self._public_whole(v)) is not None:
            # "每千人口中医类医院床位数1.26张（公立1.09张）": the public hospitals' beds
            named = _strip_subject(self.text[self.clause_of(whole.start)[0]:whole.start])
            subject = named if "公立" in named else _PUBLIC_OF_RE.sub(r"公立\1", named, count=1)
        if v.unit == "%" and self.text[v.start - 1:v.start] == "(" \
                and (count := _COUNT_REACHING_RE.fullmatch(subject)):
            # "36个达到基本标准（80.0%）": the share of the institutions that reach it
            subject = f"达到{count.group('standard')}的占比"
        elif v.unit == "%" and not subject and "标准" in self.last_subject \
                and self._share_aside(v) and self.text[v.start - 1:v.start] == "(":
            # "达到基本标准的164个（86.8%）": the share of the count the bracket follows
            subject = _COUNT_LEAD_RE.sub("", self.last_subject) + "的占比"
        if subject.endswith("达标率") and "标准" not in subject and (
                named := ([*_STANDARD_RE.finditer(self.text, self.start, v.start)] or [None])[-1]):
            # "…力争达到国家医疗服务能力推荐标准，全市县级综合医院达标率达到80%": the
            # standard the sentence named is the one met
            subject = f"{subject[:-3]}达到{named.group(0)}的比例"
        if (subject.endswith("达标率") or subject.endswith(("标准占比", "标准的占比", "标准比例",
                                                         "标准的比例", "标准的机构占比"))) \
                and "标准" in subject and not INSTITUTION_RE.search(subject) \
                and (insts := [*INSTITUTION_RE.finditer(self.text, self.start, v.start)]):
            # "今年乡镇卫生院达到推荐标准的占比提高到40%，基本标准达标率达到100%": the
            # institutions the sentence named reach it ("持续推进“优质服务基层行”，推荐标准
            # 占比达到45%": those of the programme)
            subject = insts[-1].group(0) + subject
        # only the value's own words make it annual: an inherited subject
        # ("健康素养水平每年提高1个百分点，到2025年达到45%") does not
        annual = bool(_ANNUAL_RE.search(seg)) or self.text.startswith("/年", v.end)
        source = "sentence" if use_year else None
        if not use_year:
            year, _, source = self.year_for(v)
        if annual:
            year, source = None, None
        elif v.unit in ("人次", "万人次") and (
                _ONE_YEAR_RE.search(self.text, self.start, v.start)
                or (self.doc.one_year_plan
                    and (source in DOCUMENT_YEARS or year == self.doc.plan_end_year))
                # "2024年，全市…主要预期目标是：…下沉基层不少于600人次": a sentence opening on
                # the one year its goals are of (not 到2025年: a total up to then)
                or (year is not None and not self.doc.part_year
                    and (opens := _OPENING_YEAR_RE.match(self.text, self.start))
                    and int(opens.group(1)) == year)):
            # "今年…选派医务人员下沉乡镇卫生院不少于300人次", or a count undated or dated
            # by its own year in a year's work plan ("2024年，县级医院下沉…不少于90人次" in
            # 2024年工作要点): the per-year count of that year (its year kept)
            annual = True
        aspir = _ASPIRE_RE.search(self.text, self.start, v.start) is not None  # (no slice)
        maintain = bool(_MAINTAIN_RE.search(seg)) or verb in ("保持在", "稳定在", "维持在", "保持")
        cmp_ = comparator or _comparator(verb, v)
        kind = "change" if (is_change or v.unit == "百分点") else "level"
        nt = self.doc.nt
        if self._quote is None:  # (one quote for every record of the sentence)
            self._quote = nt.raw_span(self.start, self.end)
        q0, q1 = self._quote
        r0, r1 = nt.raw_span(v.start, v.end)
        return Target(
            indicator_id=None,
            indicator_text=subject,
            value=v.value,
            value_high=v.value_high,
            unit=v.unit,
            comparator=cmp_,
            aspirational=aspir,
            maintain=maintain,
            target_year=year,
            annual=annual,
            kind=kind,
            method=method,
            match_note="",
            year_source=source,
            quote=nt.raw[q0:q1],
            char_start=q0,
            char_end=q1,
            value_text=nt.raw[r0:r1],
            value_start=r0,
            value_end=r1,
        )

    def emit(self, v: Value, t: Target | None) -> None:
        self.handled.add(v.start)
        self.value_ends.append(v.end)
        if t is not None:
            self.results.append((v, t))
            if t.indicator_text:
                self.last_subject = t.indicator_text
                self._remember_standard(t.indicator_text)

    def _remember_standard(self, subject: str) -> None:
        """Keep a share of institutions reaching a standard ("达到推荐标准的乡镇卫生院
        占比") as the document's last such measure."""
        head = _PREDICATE_START_RE.search(subject)
        if head and "标准" in subject[head.start():] and _SHARE_TAIL_RE.search(subject) \
                and INSTITUTION_RE.search(subject):
            self.doc.standard_subject = subject

    # -- value filters --------------------------------------------------------------
    def _restates_clause(self, v: Value) -> bool:
        """``全部达到推荐标准（100%）``: the parenthesis holds nothing but the value."""
        text = self.text
        return (
            self.doc.depth[v.start] == 1 and v.start > 0 and text[v.start - 1] == "("
            and text[v.end:v.end + 1] == ")" and v.unit == "%"
        )

    def _bracketed_goal(self, v: Value) -> bool:
        """``县域内就诊率（力争达到92%）``: the goal of the name before it, in brackets."""
        text = self.text
        if self.doc.depth[v.start] != 1:
            return False
        o = text.rfind("(", self.start, v.start)
        return (o > 0 and "\u4e00" <= text[o - 1] <= "\u9fff"
                and _BRACKET_GOAL_RE.fullmatch(text, o + 1, v.start) is not None
                and _BRACKET_END_RE.match(text, v.end) is not None)

    def in_speech(self, v: Value) -> bool:
        """Inside quoted speech and nothing else (no bracket, no title 《…》)."""
        d = self.doc
        if d.qdepth[v.start] != 1 or d.depth[v.start] or not d.speech:
            return False
        i = bisect_right(d.speech, (v.start, len(d.text))) - 1
        return i >= 0 and d.speech[i][0] < v.start < d.speech[i][1] and "《" not in \
            d.text[d.speech[i][0]:v.start]

    def speaks_forward(self, v: Value) -> bool:
        """Quoted speech that commits the speaker's body ("“今年，县医院将选派…不少于300
        人次”"): a 将/要/力争 before the value, in a text that is not a report."""
        if not self.in_speech(v) or self.doc.genre in ("bulletin", "review", "work_report"):
            return False
        d = self.doc
        i = bisect_right(d.speech, (v.start, len(d.text))) - 1
        # (up to the value's end: words commit in themselves, "所有县都要建成…")
        if _SPEECH_FORWARD_RE.search(d.text, d.speech[i][0], v.end) is not None:
            return True
        # this year's figure said early in the year is its goal ("“今年全市…预约诊疗比例达到
        # 百分之六十五”" in January), not so far (今年以来)
        return d.doc_month is not None and d.doc_month <= 6 \
            and _THIS_YEAR_AHEAD_RE.search(d.text, d.speech[i][0], v.end) is not None

    def _dates_an_aside(self, y: YearMention) -> bool:
        """"（2022年为76.5%）", "90%（2023年）": the year dates the aside's own value, or the
        value the parenthesis follows, only."""
        return y.start > 0 and self.text[y.start - 1] == "(" and (
            _ASIDE_RE.match(self.text, y.start) is not None or self.text.startswith(")", y.end))

    def in_dated_aside(self, v: Value) -> bool:
        """A value in a parenthesis that dates it: "签约率达到80%以上（2022年为76.5%）",
        "比上年（5.31张）"."""
        d = self.doc
        if d.depth[v.start] != 1 or d.qdepth[v.start]:
            return False
        o = self.text.rfind("(", self.start, v.start)
        if o >= 0 and self._aside_paragraph(o):
            return True  # "（上年全市居民健康素养水平为24.3%，县域内就诊率85.9%。）" on a line
        # (each of the years listed: "23.2%（2022年21.5%，2021年19.4%）")
        item = max(o, self.text.rfind(",", o + 1, v.start), self.text.rfind(";", o + 1, v.start))
        return o >= 0 and (_ASIDE_RE.fullmatch(self.text, item + 1, v.start) is not None or (
            # "5.62张，比上年（5.31张）增加0.31张", "较2020年（6.45张）": the value compared
            # with, in brackets
            o == v.start - 1 and _THAN_LAST_YEAR_RE.search(self.text, self.start, o) is not None))

    def _aside_paragraph(self, o: int) -> bool:
        """A bracket opening its line and closing at its end, on the past (上年/去年/YYYY年
        first): a paragraph set aside, each of its figures reported."""
        line_start = self.text.rfind("\n", 0, o) + 1
        end = self.text.find("\n", o)
        line = self.text[o:len(self.text) if end < 0 else end].rstrip()
        return not self.text[line_start:o].strip() and line.endswith((")", ")。")) \
            and _ASIDE_DATE_START_RE.match(self.text, o + 1) is not None

    def spaced_after(self, v: Value) -> bool:
        """In the raw text, a run of two or more spaces right after the value: items laid
        out on one line ("医护比  1:1.25      床医比  1:0.49"), which the normalised text
        joins ("…1:1.25床医比…"); the value ends there."""
        nt = self.doc.nt
        if v.end >= len(nt.index):
            return False
        gap = nt.raw[nt.index[v.end - 1] + 1:nt.index[v.end]]
        before = self.text[max(0, v.start - 3):v.start].rstrip(" ")[-1:]
        if _CLOCK_RE.fullmatch(v.text) and (before == "日" or before.isdigit()):
            return False  # a page's time of day: "2022年5月12日 10:21　来源：…", "20231120 07:56"
        # (one full-width space is as wide: "床医比1:0.34　医护比1:1.30"; tabs are a table's)
        return (len(gap) >= 2 or gap == "\u3000") and not gap.strip(" \t\u3000")

    def public_aside(self, v: Value) -> bool:
        """The public institutions' part in brackets after the whole's figure ("每千人口中医类
        医院床位数1.26张（公立1.09张）", "…1.42张（其中公立1.35张）")."""
        return self._public_whole(v) is not None

    def _public_whole(self, v: Value) -> Value | None:
        """The whole's figure a public part in brackets follows (see ``public_aside``)."""
        if self.doc.depth[v.start] != 1:
            return None  # (no bracket around the value, as most: no look back for one)
        o = self.text.rfind("(", self.start, v.start)
        if o <= 0 or _PUBLIC_ASIDE_RE.fullmatch(self.text, o, v.start) is None:
            return None
        return next((x for x in self.values if x.end == o and x.unit == "张"), None)

    def _share_aside(self, v: Value) -> bool:
        """The share a bracket gives after a count ("17个达到基本标准（占85%）"), or a group's
        rate after the whole's ("签约率43.5%（重点人群81.2%）"): a clause of its own, see
        ``split_clauses``."""
        if v.unit == "%" and self.text[v.start - 1:v.start] == "(" \
                and self.text.startswith(")", v.end) \
                and any(x.end == v.start - 1 and x.unit in INSTITUTION_COUNTS for x in self.values):
            return True  # "达到基本标准的164个（86.8%）": the bracket holds the count's share
        c0 = self.clause_of(v.start)[0]
        return self.text[c0 - 1:c0] == "(" and (self.text.startswith("占", c0)
                                                  or GROUP_RE.match(self.text, c0))

    def plausible(self, v: Value) -> bool:
        d = self.doc
        if d.qdepth[v.start] > 0 or (d.depth[v.start] > 0 and not self._restates_clause(v)
                                     and not self._bracketed_goal(v)
                                     and not self._share_aside(v)
                                     and not self.public_aside(v)):
            return False
        prev = self.text[v.start - 1] if v.start > 0 else ""
        # 每千人口 / 第3 / 前五名 are denominators, ordinals and ranks ("近90%" is fine)
        if prev in ("每", "第", "前", "后", "/", ".") and v.kind != "percent_cn" \
                and self.text[v.start - 2:v.start] not in ("当前", "目前"):
            return False
        if prev.isascii() and prev.isalpha():
            return False
        if v.kind == "chinese" and v.value == 1 and not v.suffix_cmp:
            left = self.text[max(self.start, v.start - 4):v.start]
            if not _ONE_COUNTED_RE.search(left):
                return False
        return True
