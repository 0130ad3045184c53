"""Statistics versus targets: the words that make a number a report of the past.

Sentence shapes read as statistics, not targets:

* ``现有/目前/截至2023年/比上年/已达到 V`` - a current or achieved value;
* ``由X提高到Y`` / ``从X增长至Y`` - X is the value of the base year;
* ``全省…达到V`` in a city plan, ``省定目标…``, ``国家提出，到2035年…`` -
  another scope's goal quoted, not the document's own;
* ``成都市…控制在9.2张以内`` in a provincial plan, ``三明市…已达到93%`` - another
  place's number, a goal or an actual: neither a target nor a statistic of this document;
* ``规划确定的…目标为22%``, ``“…要达到90%”``, ``按照…六级要求`` - a goal or a standard
  in a report: no actual (:func:`states_a_goal`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import Protocol

from analysis.extract.numbers import Value

# Verbs of change: "提高5个百分点" is a change, not a level.
CHANGE_VERBS = ("提高", "提升", "增加", "增长", "上升", "下降", "降低", "减少", "缩短", "扩大",
                "优化")  # (a ratio's: "医护比由1:1.09优化至1:1.15")
CHANGE_ALT = "|".join(CHANGE_VERBS)
PAST = "past"

_STAT_RE = re.compile(
    r"现有|目前|当前|现状|基期|基数|截至|截止|上年|去年|同比|比上年|较上年|"
    r"已(?:经|达|有|建|实现|完成|覆盖|成为|开展|设|提|增|超|累计|连续|由|从)|现已|均已|全部已"
)
# Phrases that introduce another scope's goal, by the level of the document quoting it.
# (None: a national text quotes no scope above it)
_OTHER_SCOPE: dict[str, re.Pattern[str] | None] = {
    "national": None,
    "provincial": re.compile(r"全国|国家(?:要求|目标|规定)"),
    # ((?<!各)全区 written 全(?<!各全)区, [省市州] as three branches: each branch opens on a
    # character, which re skips ahead to; a lookbehind or a class first is tried everywhere)
    "municipal": re.compile(
        r"省定|全省|全(?<!各全)区|全国|国家(?:要求|目标|规定)|省级?(?:要求|目标|下达)"),
    # (an autonomous prefecture, a league, a prefecture: 全州, 全盟, 全地区 are above a county)
    "county": re.compile(r"省定|市定|全省|全市|全州|全盟|全地区|全国|国家(?:要求|目标|规定)"
                         r"|省级?(?:要求|目标|下达|提出)|市级?(?:要求|目标|下达|提出)"
                         r"|州级?(?:要求|目标|下达|提出)"),
}
# Another body's goal cited before a value: "国家提出，到2035年…", "自治区提出到2025年…",
# "国家规划提出…", "省卫生健康委印发的《…》要求…"
_BODY = (r"(?:卫生健康委员会|卫生健康委|卫健委|发展改革委|发改委|委|政府|层面|有关部门)?"
         # "国家卫生健康委等部门提出", "国家卫生健康委等十部门印发的《…》明确"
         r"(?:等(?:[\d一二三四五六七八九十]+个?)?(?:部门|部委))?")
_CITING = (r"(?:出台的|印发的)?(?:有关|相关)?"
           # (a plan named by its period: "国家“十四五”规划提出", "省“十四五”卫生健康规划明确")
           r"(?:[“\"‘]?十[一二三四五六]五[”\"’]?(?:卫生健康|医疗卫生|卫生)?)?"
           r"(?:《[^》]{1,40}》|规划|方案|文件|意见|纲要|通知|政策)?"
           r"(?:中|里)?(?:提出|要求|明确|确定|规定|部署)")
# (None: a national text cites no body above it)
_CITED_GOAL_RE: dict[str, re.Pattern[str] | None] = {
    "national": None,
    "provincial": re.compile(rf"(?:国家|中央|国务院|全国)级?{_BODY}{_CITING}"),
    "municipal": re.compile(rf"(?:国家|中央|国务院|全国|省|全省|自治区|全区)级?{_BODY}{_CITING}"),
    "county": re.compile(rf"(?:国家|中央|国务院|全国|省|全省|自治区|全区|市|全市|州|盟|地区)级?"
                         rf"{_BODY}{_CITING}"),
}
_NEIGHBOUR_RE = re.compile(
    r"(?:邻市|邻县|邻省|邻区|相邻的?(?:城市|县市|省份)|周边(?:城市|县市|省份|地市)|兄弟(?:城市|县市|省份)|"
    r"邻近的?|毗邻的?|"  # "邻近的寿光市则提出…目标为92%" (a branch a character opens)
    r"外省|外市|其他(?:城市|地市|省份))[^,;。]{0,12}?(?:提出|要求|明确|确定|规划|计划|目标)")
# The wholes above a document's level that a sentence may name once for several clauses,
# and its own whole that ends their run ("全市…，全县…")
_SENTENCE_SCOPE_RE = {
    "national": re.compile(r"(?!)"),
    "provincial": re.compile(r"全国"),
    "municipal": re.compile(r"全省|全国"),
    "county": re.compile(r"全省|全市|全州|全盟|全国"),
}
# ... named as the subject of its clause ("…，全市每千人口…", "到2025年全市…"), not as the
# measure of a comparison ("低于全省平均水平")
_SCOPE_OPENS_RE = re.compile(r"(?:^|[,，:：;；]|年|提出|明确|要求)$")
_OWN_WHOLE_RE = {
    "national": re.compile(r"全国|我国"),
    "provincial": re.compile(r"全省|我省|本省"),
    "municipal": re.compile(r"全市|我市|本市"),
    # (我区 in a county-level text is a district's own voice; an autonomous region it
    # names 自治区 or 全区)
    "county": re.compile(r"全县|我县|本县|全旗|我旗|本旗|我区|本区"),
}
_OWN_SCOPE = re.compile(r"全省|全市|全县|全区|全州|全盟|全旗|我省|我市|我县|我区|本省|本市|本县")
# Right after a value: a comparison with the year before ("达到39.06%，比上年提高3.03个百分点")
_STAT_AFTER_RE = re.compile(
    r"[^。;；\n]{0,3}?(?:比上年|较上年|同比|比上一年|较上一年|比去年|较去年)"
)
# "达到30%，较上年提高2个百分点以上": a change with a bound is a goal too, not a report
_BOUNDED_CHANGE_RE = re.compile(r"[^。;；\n,，]{0,12}?(?:以上|以内|左右|不少于|不低于|至少)")
# ... and so is one striven for ("力争达到35%，比上年提高1.4个百分点"): the rise it plans
_STRIVE_RE = re.compile(r"力争|争取|确保")
# "每千人口执业（助理）医师目标2.5人，完成2.42人": a reviewed plan's goal set against its
# result; the goal is the old plan's, neither this text's target nor an actual
# the result reached: "实际完成6.35张"; where it stands now: "规划目标值6.5张，当前5.97张"
RESULT_WORDS = r"(?:(?:实际|已)?(?:完成|实现)(?:值为|了)?|(?:当前|目前)(?:值)?为?)"
# (the result's year may come first: "…目标5.5张，2020年实际完成5.72张")
RESULT_YEAR = r"(?:(?:19|20)\d{2}年(?:底|末)?)?"
_RESULT_AFTER_RE = re.compile(rf"[,，]\s*{RESULT_YEAR}\s*{RESULT_WORDS}\s*\d")
# "…达到82.1%，均达到或超过下达的任务指标", "…，超额完成省定目标": a goal met (when no
# deadline or goal word before the value makes it one still to meet)
_MET_AFTER_RE = re.compile(
    r"[,，]\s*(?:均|已|都|全部|提前){0,2}(?:达到或超过|超额完成|提前完成|完成了?|超过了?|实现了?)"
    r"[^。;；\n,，]{0,20}?(?:目标|任务|指标|计划)"
)
# "目前，全市已有31所医院设立老年医学科，占比为68.9%": a sentence that opens on the present
# reports in every clause, unless a deadline or a goal word comes before the value
# "全县重点人群签约率为76.3%，力争2025年达到85%": an undated value stated with a copula,
# then a dated goal for the same measure in the next clause: where things stand now
_COPULA_END_RE = re.compile(r"(?:为|是)\s*$")
_DATED_GOAL_NEXT_RE = re.compile(
    r"(?:以上|左右)?\s*[,，]\s*(?:目标是|目标为|力争|争取|计划|预计|预期|拟|确保|将|要)?\s*"
    r"(?:在|到|至)?\s*(?:19|20)\d{2}\s*年(?:底|末)?(?:前)?\s*(?:要|将|力争|争取)?\s*"
    r"(?:达到|提高到|提升到|提高至|提升至|增至|升至|增加到|降至|降低到|下降到|控制在|超过|不低于|不少于)")
_ANY_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年|今年|去年|明年|上年|十[三四五六]五")
# (not 当前位置: a breadcrumb); "截至11月底，…" without a year: where things stand now
_PRESENT_LEAD_RE = re.compile(
    r"[\s“\"]*(?:目前|当前|现阶段|截[至止](?:目前|今年|年底|年末|\d{1,2}月))(?!位置)")
_AHEAD_RE = re.compile(r"(?:到|至)(?:19|20)\d{2}年|力争|争取|目标|下一步|今后|将")
# "市卫健委主任介绍，2023年，全市…达到7.48张": an official briefing the press on results,
# unless a word of intent or this/next year comes before the value
_BRIEFED_RE = re.compile(r"(?:介绍|通报|透露|了解到|获悉)[,，:：]")
_INTENT_RE = re.compile(r"要|确保|计划|今年|明年|明确|提出|规划|方案|[到至]“?十[三四五六]五")
_FROM_RE = re.compile(r"(?:由|从)[^,;]*$")
_TO_AFTER_RE = re.compile(rf"^[^,;]*?(?:(?:{CHANGE_ALT}|达)(?:到|至|为)|[增升提降减]至)")


# Words that make a number a goal, not an actual, in a text that reports: a goal recalled
# or proposed ("规划确定的…目标为22%", "超额完成规划目标(5.8张)", "目标设定为3.0人"), one
# stated with intent ("“到2023年，县域内就诊率要达到90%”"), or a standard aimed at
# ("按照…六级要求改造")
_GOAL_BEFORE_RE = re.compile(r"目标(?:值|任务)?(?:设定|确定|设置|调整|定)?(?:为|是)?[(:]?$")
_INTENT_BEFORE_RE = re.compile(
    # (the lookbehinds after the first character: a branch that opens on one is skipped to)
    r"力争|争取|确保|要(?<![主需重只]要)(?:达到|提高|提升|实现|控制)|将(?:达到|提高|提升|推动|推进|把)|"
    # (not the name of a plan: "三年行动计划确定的2024年目标", "年度工作计划")
    r"计(?<![动作度划]计)划(?!生育|免疫|确定|提出|中)|预计")
_GOAL_AFTER_RE = re.compile(
    r"(?:以上|以下|左右)?的?(?:规划|预期|年度|省定|市定)?(?:目标|任务|要求)|大关")


def states_a_goal(text: str, clause_start: int, start: int, end: int) -> bool:
    """True when the words around the value at ``text[start:end]`` make it a goal or a
    threshold, never an actual (see the shapes above); ``clause_start`` bounds the look
    back."""
    before = text[clause_start:start]
    return bool(_GOAL_BEFORE_RE.search(before) or _INTENT_BEFORE_RE.search(before)
                or _GOAL_AFTER_RE.match(text, end) or before.endswith("突破"))


# A reviewed plan's goal recalled in the words that set it ("规划提出到2020年每千人口床位数达到
# 6.5张、…", "《方案》明确，到2023年…"): goals up to a word of the result ("经评估", "实际")
_RECALLED_GOAL_RE = re.compile(
    r"(?:规划|方案|计划|意见|纲要)》?中?(?:提出|确定|明确|要求|设定)(?![的了])"
    # "规划目标每千人口医疗卫生机构床位数6.8张，2020年实际达到7.02张": opening its clause
    # (not "…完成规划目标(6.3张)的104%")
    r"|(?<=[。,，;；:：\n])(?:规划|方案)(?:确定的|提出的)?目标值?(?:为|是)?(?![的任(（])")
# (or a clause opening on a year: "…达到0.75张，2022年为0.61张", or a semicolon)
_RESULT_WORD_RE = re.compile(
    r"实际|完成|评估|截[至止]|已经|已|当前|目前|现为|[;；]|[,，]\s*(?:19|20)\d{2}年")
# the value a change starts from: "由2020年的84.6%提高到90%" is where things stood
_BASE_BEFORE_RE = re.compile(r"(?:由|从)(?:(?:19|20)\d{2}年(?:底|末)?的?)?$")


# "“十三五”规划确定的每千人口床位数5.5张、…健康素养水平18%等目标均已完成": the goals a
# plan set, named as its goals after them
_SET_BY_PLAN_RE = re.compile(r"(?:规划|方案|计划|纲要)》?(?:确定|提出|设定|明确)的")
_NAMED_GOALS_AFTER_RE = re.compile(r"[^。;；\n]*?等?(?:各项|主要)?(?:指标|目标)")


# the plans' names both patterns above hold (the first is tried at every character)
_PLAN_NAME_RE = re.compile(r"规划|方案|计划|意见|纲要")


def recalls_a_goal(text: str, sent_start: int, start: int) -> bool:
    """The value at ``start`` is in the goals a sentence recalls its plan setting (not the
    value the goal starts from)."""
    if _PLAN_NAME_RE.search(text, sent_start, start) is None:
        return False  # no plan named before the value (most sentences)
    said = [m for m in _RECALLED_GOAL_RE.finditer(text, sent_start, start)]
    if said and _RESULT_WORD_RE.search(text, said[-1].end(), start) is None \
            and _BASE_BEFORE_RE.search(text, said[-1].end(), start) is None:
        return True
    set_by = [m for m in _SET_BY_PLAN_RE.finditer(text, sent_start, start)]
    return bool(set_by) and _RESULT_WORD_RE.search(text, set_by[-1].end(), start) is None \
        and _NAMED_GOALS_AFTER_RE.match(text, start) is not None


def _in_quotes(text: str, pos: int) -> bool:
    """``pos`` is inside “…” (a name: “全国基层卫生健康综合试验区”)."""
    return text.rfind("“", 0, pos) > text.rfind("”", 0, pos)


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = deque(pattern.finditer(text), maxlen=1)  # (no list of them all: the last kept)
    return last[0] if last else None


def cited_goal_end(text: str, start: int, end: int, level: str | None) -> int | None:
    """Where the last citation of a higher body's goal in ``text[start:end]`` ends
    ("国家《“健康中国2030”规划纲要》提出，" in a city's text), or None."""
    cited = _CITED_GOAL_RE[level if level in _CITED_GOAL_RE else "municipal"]
    last = _last_match(cited, text[start:end]) if cited else None
    return start + last.end() if last else None


_GOAL_WORD_RE = re.compile(r"目标|规划值")


def goal_against_result(text: str, clause_start: int, start: int, end: int) -> bool:
    """A reviewed plan's goal set against its result ("…医师目标2.5人，完成2.42人",
    "规划目标为到2020年…达到6.0张，实际完成6.35张"): the goal is neither an actual nor a
    target of the text."""
    return _GOAL_WORD_RE.search(text, clause_start, start) is not None \
        and _RESULT_AFTER_RE.match(text, end) is not None


def intends(text: str, start: int, end: int) -> bool:
    """A word of intent (力争, 将把, 计划…) in ``text[start:end]``: what follows is aimed at."""
    return _INTENT_BEFORE_RE.search(text, start, end) is not None


class _OtherPlaces(Protocol):
    district: bool
    own: frozenset[str]

    def other_in(self, text: str) -> bool: ...

    def named(self, text: str, pos: int = 0, end: int | None = None
              ) -> Iterator[tuple[str, int]]: ...

    def own_again(self, text: str, pos: int, end: int) -> bool: ...

    def own_whole_again(self, text: str, pos: int, end: int) -> bool: ...


# "其中，瑞金市…", "其中，张江镇…", "其中杨村街道…": one of the document's places named as a
# part of it (not 其中县级医院)
_PART_PLACE_RE = re.compile(
    r"其中[,、]?(?![全本我各农]|城[市镇乡区])[\u4e00-\u9fff]{2,4}?(?:市|县|旗|镇|乡|街道)"
    r"(?![级域乡镇区直属内医])")


# "清徐县、阳曲县、娄烦县、古交市全部建成紧密型县域医共体": three or more parts listed, and
# all of them (全部/均/都): the whole they make up
_PARTS_ALL_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,6}?[县市区旗]、){2,}[\u4e00-\u9fff]{1,6}?[县市区旗]"
    r"[^,，;；。]{0,20}?(?:全部|均|都)")
_ALL_OF_THEM_RE = re.compile(r"全部|均|都")  # (what _PARTS_ALL_RE ends on)
# "温州市提出全市每千人口床位数达到7.3张": a named place states its goal; the 全市 after
# it is that place's whole.  Not when the text follows it ("按照温州市提出的要求，全市…",
# "根据…市要求，…"): then the goal is the document's own.
# a place's name, not after a word by which the text follows it ("按照温州市提出的…")
_NOT_FOLLOWING = r"(?<![按依根对落围])(?<!按照|依照|根据|对照|落实|围绕|结合)"
_PLACE = r"(?P<place>[\u4e00-\u9fff]{2,8}?(?:省|市|县|州|盟|旗|区))"
_STATING = (r"(?:人民政府|政府|卫生健康委员会|卫生健康委|卫健委|卫健局|卫生健康局|党委)?"
            # (its official speaking: "德阳市卫健委相关负责人提出")
            r"(?:(?:相关|有关)?(?:负责人|领导|主要负责同志))?"
            r"(?:此前|日前|近日|曾经?|也|还|则|已)?(?:提出|要求|明确|部署)(?!的)")
STATES_AFTER_RE = re.compile(_STATING)  # right after a place's name: it states a goal
_PLACE_STATES_RE = re.compile(
    _NOT_FOLLOWING + r"(?!按照|依照|根据|对照|落实|围绕|结合)" + _PLACE + _STATING)
# ... or a plan of a place, cited by its title, states it: "《随州市医疗卫生服务体系规划》
# 提出，到2025年全市…7.0张" in a county-level city's plan
_CITED_PLAN_STATES_RE = re.compile(
    r"《" + _PLACE + r"[^》\n]{2,60}》[^,，。;；]{0,4}?(?:中|里)?(?:提出|要求|明确)(?!的)")
# the document speaking for itself again after citing: "…，我市将…"
# ... or its plan named without brackets: "贵港市“十四五”规划提出，到2025年全市…6.5张"
_PLACE_PLAN_STATES_RE = re.compile(
    _NOT_FOLLOWING + _PLACE + r"[^,，。;；《》\n]{0,16}?"
    r"(?:规划|方案|意见|纲要|计划)(?:中|里)?(?:提出|要求|明确)(?!的)")
_MY_SCOPE_RE = re.compile(r"我省|我市|我县|我区|我州|我旗|本省|本市|本县|本区")
# ... or the goal a place set, named as such: "湘潭市确定的到2025年全市居民健康素养水平达到30%
# 的目标，湘乡市要力争提前一年实现"
_PLACE_SET_GOAL_RE = re.compile(
    _NOT_FOLLOWING + _PLACE
    + r"(?:人民政府|政府|卫生健康委员会|卫生健康委|卫健委)?(?:确定|提出|设定|制定)的")
_CLAUSE_BREAK_RE = re.compile(r"[,，;；。:：]")
# The verbs every match of the patterns above holds: the patterns open on lookbehinds and
# are tried at every character, these literals are scanned for in C.  Without one before
# the value (most sentences) none of the patterns can match there.
_STATES_VERB_RE = re.compile(r"提出|要求|明确|部署")  # _PLACE_STATES_RE and the plans'
_SETS_VERB_RE = re.compile(r"(?:确定|提出|设定|制定)的")  # _PLACE_SET_GOAL_RE


# the whole of an autonomous prefecture or a league: never a 市's own whole
_PREFECTURE_WHOLE_RE = re.compile(r"全州|全盟")


def _a_city(places: _OtherPlaces | None) -> bool:
    """The document's own place is a 市 (a prefecture-level or county-level city)."""
    own = [n for n in places.own if n != "全国"] if places is not None else []
    return any(n.endswith("市") for n in own) and not any(n.endswith(("州", "盟")) for n in own)


def _lower_body_states(text: str, sent_start: int, start: int) -> bool:
    """A county, district or banner states the goal in a city's (or a province's) text
    ("港北区提出今年…达到62%"): one of its parts, not the whole the text speaks for, even
    when the text names none of its own places."""
    if _STATES_VERB_RE.search(text, sent_start, start) is None:
        return False
    return any(m.group("place")[-1] in "县区旗" and not _MY_SCOPE_RE.search(text, m.end(), start)
               and not _OWN_SCOPE.search(text, m.end(), start)
               for m in _PLACE_STATES_RE.finditer(text, sent_start, start))


def another_place(text: str, sent_start: int, clause_start: int, start: int,
                  other_places: _OtherPlaces | None) -> bool:
    """The value at ``start`` is another place's: its clause, or its sentence, names
    another place before it and none of the document's own scope (全市, 我县…) nor its
    own name opening a clause after it; or a place named before it states the goal
    (温州市提出全市…); or its clause opens on one
    place of the document as a part (其中，瑞金市…).  Three or more places listed and all of
    them (清徐县、阳曲县、娄烦县、古交市全部建成…) are the whole they make up."""
    if any(";" not in text[m.end():start]
           for m in _PART_PLACE_RE.finditer(text, sent_start, start)):
        # "其中，瑞金市县域内就诊率达到93.5%": a part, not the whole (up to a semicolon:
        # "其中塘下镇…达94.0%；县域内基层门急诊人次占比68.3%" is the whole's again)
        return True
    if other_places is None:
        return False
    if other_places.district and _city_above_opens(text, clause_start, start):
        return True  # "全区…签约率41.2%，全市为40.5%" in a district's text: the city's
    end = min(len(text), start + 2)
    # (a list holds two 、 at least, and 全部, 均 or 都: without them, no pattern tried at
    # every character)
    if text.count("、", sent_start, end) >= 2 \
            and _ALL_OF_THEM_RE.search(text, sent_start, end) is not None \
            and (every := _PARTS_ALL_RE.search(text, sent_start, end)):
        # the parts listed one by one, every one of them: the sentence speaks of the whole
        sent_start, clause_start = max(sent_start, every.end()), max(clause_start, every.end())
    return _names_another(text, sent_start, clause_start, start, other_places) \
        or _another_states(text, sent_start, start, other_places)


def _names_another(text: str, sent_start: int, clause_start: int, start: int,
                   places: _OtherPlaces) -> bool:
    """The value's clause, or its sentence, names another place before it and none of the
    document's own scope (全市, 我县…) nor its own name opening a clause after it."""
    if next(places.named(text, min(clause_start, sent_start), start), None) is None:
        return False  # no place named before the value in the sentence (most), nor the clause
    return any((places.other_in(text[pos:start]) if pos == clause_start
                else _other_beside_institutions(text[pos:start], places))
               and not _OWN_SCOPE.search(text, pos, start)
               and not places.own_again(text, pos, start)
               for pos in (clause_start, sent_start))


# A hospital or a medical university a place names: "浙江省人民医院", "温州市中心医院"
_INSTITUTION_AFTER_RE = re.compile(
    r"(?:第[一二三四五六七八九十]{1,2})?(?:人民|中心|中医|中西医结合|妇幼保健|儿童|肿瘤)?医院"
    r"|医科大学|医学院")
# ... as the partner of the text's own (与浙江省人民医院合作, 依托温州医科大学…), not its subject
_PARTNER_BEFORE_RE = re.compile(r"(?:与|同|和|跟|联合|依托|对接|携手|借助|引进)$")


def _other_beside_institutions(segment: str, places: _OtherPlaces) -> bool:
    """Another place named in ``segment`` (a sentence up to a value in a later clause), not
    counting a place that only names a partner hospital or medical school: "推进县人民医院与
    浙江省人民医院紧密合作，…，年内县域内住院人次占比达到81%以上" speaks of the county's own
    whole.  A hospital that is the subject ("秦皇岛市第一医院与县医院建立…，已下派专家36人次")
    is its place's, and in the value's own clause the hospital's place always counts."""
    return any(name not in places.own
               and not (_INSTITUTION_AFTER_RE.match(segment, k + len(name))
                        and _PARTNER_BEFORE_RE.search(segment, max(0, k - 2), k))
               for name, k in places.named(segment))


def _another_states(text: str, sent_start: int, start: int, places: _OtherPlaces) -> bool:
    """A place named before the value states the goal (温州市提出全市…), its plan does
    (《随州市…规划》提出…), or the value is in the goal it set (湘潭市确定的…的目标)."""
    # (each pattern only where the verbs it holds stand before the value: see _STATES_VERB_RE)
    return (_STATES_VERB_RE.search(text, sent_start, start) is not None and any(
        places.other_in(m.group("place"))
        and not _MY_SCOPE_RE.search(text, m.end(), start)
        and not places.own_again(text, m.end(), start)
        and not places.own_whole_again(text, m.end(), start)
        for pattern in (_PLACE_STATES_RE, _CITED_PLAN_STATES_RE, _PLACE_PLAN_STATES_RE)
        for m in pattern.finditer(text, sent_start, start))) or (
        _SETS_VERB_RE.search(text, sent_start, start) is not None and any(
            # (the value inside the phrase of the goal set: no clause between them)
            places.other_in(m.group("place"))
            and not _CLAUSE_BREAK_RE.search(text, m.end(), start)
            for m in _PLACE_SET_GOAL_RE.finditer(text, sent_start, start)))


# The city's whole, and a district's, county's or banner's own after it
_CITY_WHOLE_RE = re.compile(r"全市|本市")
_DISTRICT_WHOLE_RE = re.compile(_OWN_WHOLE_RE["county"].pattern + "|全区")


def _city_above_opens(text: str, clause_start: int, start: int) -> bool:
    """The value's clause opens on 全市/本市 ("，全市为40.5%", "；全市居民…40.46%"), and no
    whole of the district's own follows it before the value: in a district's, county's or
    banner's text, the city above it."""
    m = _CITY_WHOLE_RE.match(text, clause_start)
    return m is not None and m.end() <= start \
        and _DISTRICT_WHOLE_RE.search(text, m.end(), start) is None


# Words that make a count a total over several years or up to a date, not one year's
_CUMULATIVE_RE = re.compile(
    r"累计|以来|期间|历年|[两三四五六七八九十]年|近?\d+年(?:来|间)|(?:19|20)\d{2}\s*年?\s*[-—–~至到]\s*(?:19|20)\d{2}|"
    r"[上下]半年|季度|\d{1,2}\s*[-—~至到]\s*\d{1,2}月|\d{1,2}月份?")


# A text about part of a year: "2024年上半年工作总结", "1-9月卫生健康统计快报"
_PART_YEAR_TITLE_RE = re.compile(r"上半年|前三季度|[一二三]季度|1\s*[-—至~]\s*\d{1,2}月")


def about_part_of_a_year(head: str) -> bool:
    """The title (the text's first lines) names part of a year: its counts are no year's."""
    return _PART_YEAR_TITLE_RE.search(head) is not None


# "连续五年保持在", "连续3年稳定在": a level held over several years
_YEARS_RUNNING_RE = re.compile(r"连续[2-9两二三四五六七八九十]+年(?:保持|稳定|维持)")


def held_over_years(text: str, clause_start: int, start: int) -> bool:
    """"全县县域内就诊率连续五年保持在90%以上": a floor held over years, no year's figure."""
    return _YEARS_RUNNING_RE.search(text, clause_start, start) is not None


_UP_TO_RE = re.compile(r"截[至止]")  # "截至2023年底": a total up to a date


def one_years_flow(text: str, sent_start: int, clause_start: int, start: int, unit: str) -> bool:
    """Person-times (人次) reported for one year are that year's total, an annual figure
    ("其中2021年下沉医务人员326人次"); not a total over years ("三年累计…936人次"), up to
    a date ("截至2023年底…") or over part of a year ("上半年下派专家坐诊1260人次")."""
    return unit == "人次" and not _CUMULATIVE_RE.search(text, clause_start, start) \
        and not _UP_TO_RE.search(text[sent_start:start])


ACHIEVED = "achieved"  # a reported value: kept as a statistic (observations)
BASE = "base value"  # the X of 由X提高到Y: kept as a statistic
QUOTED = "quoted"  # another scope's or place's goal: neither a target nor a statistic


def _one_item_of_a_list(before: str, start: int, end: int) -> bool:
    """The whole or the citing body is named inside one item of a list of tasks (…；落实省委
    省政府部署，全省县域内就诊率保持在90%以上；加快…，签约率达到45%): it is that item's, and
    the items after the next semicolon are the text's own; one that heads the list
    ("规划提出，到2025年，全市…；…") goes on through it."""
    return bool(_SEMICOLON_RE.search(before, 0, start)) and bool(
        _SEMICOLON_RE.search(before, end))


_SEMICOLON_RE = re.compile(r"[;；]")


def statistic_reason(text: str, sent_start: int, clause: tuple[int, int], seg_start: int,
                     v: Value, level: str | None, other_places: _OtherPlaces | None,
                     another: bool | None = None) -> str | None:
    """Why the value ``v`` is not a target of this document (ACHIEVED, BASE, QUOTED), or
    None; ``seg_start`` is where the value's own stretch of the clause begins; ``another``
    is :func:`another_place` of the value, when the caller knows it already."""
    c0, c1 = clause
    left = text[c0:v.start]
    seg = text[seg_start:v.start]
    before = text[sent_start:v.start]
    # "三明市…县域内就诊率已达到93%": another place's value, achieved or aimed at, is
    # neither this document's target nor its actual
    if another is None:
        another = another_place(text, sent_start, c0, v.start, other_places)
    if another:
        return QUOTED
    if _STAT_RE.search(seg) or (
            (after := _STAT_AFTER_RE.match(text, v.end))
            and not _BOUNDED_CHANGE_RE.match(text, after.end())
            and not _STRIVE_RE.search(seg)):
        return ACHIEVED
    known = level in _OTHER_SCOPE
    level = level if level in _OTHER_SCOPE else "municipal"
    other = _OTHER_SCOPE[level]
    if other and other.search(left):
        return QUOTED
    if level == "municipal" and _PREFECTURE_WHOLE_RE.search(left) and _a_city(other_places):
        return QUOTED  # "全州县域内就诊率要达到90%" in a 市's text: the prefecture above it
    if known and (last := _last_match(_SENTENCE_SCOPE_RE[level], before)) \
            and _SCOPE_OPENS_RE.search(before[:last.start()]) \
            and not _in_quotes(before, last.start()) \
            and not _OWN_WHOLE_RE[level].search(before, last.end()) \
            and not _one_item_of_a_list(before, last.start(), last.end()):
        # "规划提出，到2025年，全市…床位数达到7.4张，每千人口执业（助理）医师达到3.2人" in a
        # county's page: the whole the sentence named goes on for its later clauses
        return QUOTED
    cited = _CITED_GOAL_RE[level]
    if cited and (last := _last_match(cited, before)) \
            and not _one_item_of_a_list(before, last.start(), last.end()):
        # "按照省政府提出的要求，到2025年，全市…" is the city's own target; but in "市级方案
        # 明确，到2025年，全市…" (a county's text) the 全市 is the citing body's own whole
        body = last.group(0).lstrip("全")[:1]
        if not any(m.group(0) != "全" + body for m in _OWN_SCOPE.finditer(before, last.end())):
            return QUOTED
    # "邻市某某提出到2025年床位数达到8张": a neighbour's goal, named by its relation
    if (near := _NEIGHBOUR_RE.search(before)) and not _OWN_SCOPE.search(before, near.end()):
        return QUOTED
    if known and level in ("municipal", "provincial") and _lower_body_states(text, sent_start,
                                                                            v.start):
        return QUOTED
    if goal_against_result(text, c0, v.start, v.end):
        return QUOTED
    # 由X提高到Y: X is a baseline
    if _FROM_RE.search(left) and _TO_AFTER_RE.search(text[v.end:c1]):
        return BASE
    if _COPULA_END_RE.search(seg) and _DATED_GOAL_NEXT_RE.match(text, v.end) \
            and not _ANY_YEAR_RE.search(text, sent_start, v.start):
        return ACHIEVED  # "…签约率为76.3%，力争2025年达到85%": the present, then the goal
    if (_PRESENT_LEAD_RE.match(text, sent_start) or _MET_AFTER_RE.match(text, v.end)
            or ((briefed := _BRIEFED_RE.search(text, sent_start, v.start))
                and not _INTENT_RE.search(text, briefed.end(), v.start))) \
            and not _AHEAD_RE.search(text, sent_start, v.start):
        return ACHIEVED  # the whole sentence reports: opened on the present, briefed, met
    return None


def is_statistic(text: str, sent_start: int, clause: tuple[int, int], seg_start: int, v: Value,
                 level: str | None, other_places: _OtherPlaces | None) -> bool:
    """True when the value ``v`` reports (a baseline, an achieved value) or quotes another
    scope's goal."""
    return statistic_reason(text, sent_start, clause, seg_start, v, level,
                            other_places) is not None
