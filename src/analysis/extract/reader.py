"""The sentence pass: each value of a sentence read as a target, a statistic or neither.

Per value (see :class:`_SentenceReader`): its clause, the comparator verb before it,
its year (sentence, paragraph, plan period; baselines and 由X…), whether it is a
statistic (:mod:`analysis.extract.statistics`), and which shape it is in:

* ``X达到V`` / ``X V以上`` (:meth:`read_subject_value`), verbless statements in a
  target context (``“十四五”末，每千人口执业医师3.6人``);
* ``X、Y分别达到V、W`` and ``到2025年和2030年分别…`` (:meth:`read_list`);
* ``50%以上的县级医院达到…``, ``建成30个…``, ``每万名居民拥有5名全科医生``
  (:meth:`read_value_before_noun`);
* ``电子病历应用水平达到四级`` (:meth:`read_level`);
* ``均设置老年医学科``, ``…全覆盖`` - commitments in words (:meth:`read_words`,
  :mod:`analysis.extract.words`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from itertools import pairwise

from analysis.extract.numbers import Value, YearMention, find_values
from analysis.extract.sentence import (
    _GOAL_NEWS_RE,
    COMPARED_ONLY_RE,
    DOCUMENT_YEARS,
    NOT_DATING,
    THAN_YEAR,
    _Sentence,
)
from analysis.extract.statistics import (
    ACHIEVED,
    BASE,
    CHANGE_ALT,
    QUOTED,
)
from analysis.extract.subjects import (
    _distribute,
    _is_boundary_after,
    _list_items,
    _parallel_subject,
    _shared_modifier,
    _strip_subject,
    _verb_before,
    carried_measure,
)
from analysis.extract.target import Target
from analysis.extract.vocabulary import (
    _ADVERBIAL_AFTER,
    _ADVERBS,
    _COUNT_UNITS,
    _CREATE_ALT,
    _CREATE_TAIL_RE,
    _GENERIC_MEASURE_RE,
    _HOLDS_RE,
    _HOSPITAL_GRADE,
    _PCT_SUBJECT_LEAD,
    _POP_PREFIX_RE,
    _PREDICATE_RE,
    _PREDICATE_START_RE,
    _SUBJECT_NOUN_RE,
    _VERB_ALT,
    _VERB_CMP_MAP,
    GROUP_RE,
    INSTITUTION_COUNTS,
    INSTITUTION_RE,
    LAST_YEAR,
    SENT_TO_AFTER,
)
from analysis.extract.words import WordsCommitment, find_commitment

# a share named by its word alone: "占比44%以上" after a count
_SHARE_WORD_RE = re.compile(r"占比|比例|比重")
# a service that covers a group named after it: "家庭医生签约服务覆盖|全人群45.6%、重点人群…"
_COVERS = ("覆盖", "覆盖了")
# a clause opening on the year a figure is compared with, its value in brackets: "，比2021年（"
_COMPARED_ASIDE_RE = re.compile(rf"[,，]?{THAN_YEAR}\(")
# a count's unit word written before its number in 万 ("门诊预约诊疗人次192.4万")
_COUNT_WORDS_BEFORE = ("人次", "人数", "次数")
# "…全部建成紧密型县域医共体，建成率达到100%": a rate restating the words just before
# (the whole clause before the figure: a short rate's name, "建成率达到", "覆盖率为"; not
# another measure's share, "全市二级及以上公立综合医院设置老年医学科的比例达到")
_RESTATED_RATE = r"\s*[^,，;。]{0,12}(?:率|比例|占比)(?:达到?|为)"
_RESTATED_RATE_RE = re.compile(_RESTATED_RATE + "?")  # (with its verb or without)
_RESTATED_RATE_VERB_RE = re.compile(_RESTATED_RATE)
_RATE_END_RE = re.compile(r"(?:率|占比|比例|比重|素养水平)(?:为|是|达到?|[:：])?\s*$")
# "全区8个社区卫生服务中心中": the institutions a share after it is taken among
_AMONG_RE = re.compile(r"\d+\s*(?:个|家|所)[^,，;；。]{2,30}中\s*[,，]?$")
# "全县乡镇卫生院要有六成达到…": the institutions that have a share doing what follows
_HAS_END_RE = re.compile(r"(?:要|将|应|须|需|力争|争取)?有$")


# a level's verb before its measure's name: "…全部达到电子病历系统应用水平|四级以上"
_VERB_THEN_LEVEL_RE = re.compile(
    r"(?P<verb>达到|提升到|提升至|提高到|提高至)(?P<measure>[^,，。;；\d]{2,16}?(?:应用水平|水平|等级))$")
_ALL_END_RE = re.compile(r"(?:均|全部|都)$")
# what a count reaches, after it: "9家|达到基本标准", "2家|达到国家推荐标准"
_STANDARD_REACHED_RE = re.compile(r"(?:已|均)?达到[^,，。;；\d]{0,16}?标准")
# what follows a base a goal builds on: "…在去年88.7%|的基础上达到90%"
_ON_BASIS_RE = re.compile(r"的?基础上[,，]?")
# What a figure is, after a dash: "——这是2020年全区居民健康素养水平", "——每千人口注册护士数"
_NAMED_AFTER_RE = re.compile(
    # (or a comma and 这是: "6.35张，这是2021年荔浦市每千人口医疗卫生机构床位数")
    r"\s*(?:(?:——|—|--)\s*(?:这是|即|为)?|[,，]\s*这是)(?:(?P<year>(?:19|20)\d{2})年(?:末|底)?)?"
    r"(?P<name>[^\d,，。;；:：!?！？\n]{4,30})(?=[,，。;；\n]|$)")


_ITEM_NUMBER_RE = re.compile(r"^\s*\d{1,2}[.、]\s*")


def _each_subject(text: str, c0: int, found: WordsCommitment) -> list[str]:
    """``县级综合医院和县中医院均达到推荐标准``: one phrase per subject of a commitment in
    words when its subject lists institutions (each names a noun); else the clause."""
    # (an item's number is no part of its first subject: "8. 旗人民医院、旗中医医院均已达到…")
    subject = _ITEM_NUMBER_RE.sub("", text[c0:found.start], count=1)
    predicate = text[found.start:found.end].lstrip("均全部一律") + text[found.end:c0 + len(
        found.phrase)]
    if _PREPOSITION_LEAD_RE.match(subject):
        return [found.phrase]  # "以市人民医院、市中医医院为龙头的两个医共体": not its subjects
    for n in (3, 2):
        items = _list_items(subject, n)
        if items and all(_SUBJECT_NOUN_RE.search(x) for x in items):
            return [x + predicate for x in items]
    return [found.phrase]


# Values of a list without 分别 run on with only a separator between them: "3.5人、4.2人"
_RUN_GAP_RE = re.compile(r"\s*(?:[、和及与]|以及)\s*")
# The verb (and adverbs) between the names of such a list and its values
_VERB_END_RE = re.compile(rf"(?:{_VERB_ALT})(?:{_ADVERBS})*$")
# A share of a whole named before the value: "占全省县(市、区)总数的62.0"
_SHARE_OF_RE = re.compile(r"占[^,;。]{1,20}?(?:总数|总量)?的(?:比例|比重)?(?:为|达到?)?$")
# ... the whole it names: "占门诊总人次的" (not a place's total: "占全省县(市、区)总数的")
_WHOLE_NAMED_RE = re.compile(
    r"占(?P<whole>[^,;。\d]{2,16}?(?:人次|人数))的(?:比例|比重)?(?:为|达到?)?")
# A count clause ending in its verb, its object left out: "已有11个县(市、区)建成"
_PREDICATE_END_RE = re.compile(rf"(?:{_PREDICATE_RE.pattern})$")
_OBJECT_RE = re.compile(r"[^,;。:、\d]{2,20}")
# The base a figure is compared with, in its year: "…，较2020年的5.87张增加…"
# or last year's value after this year's ("就诊率为90.3%，上年为89.1%")
# (two patterns, not one with a branch opening on ^: re would try that one at every position)
_COMPARED_BASE_RE = re.compile(
    rf"(?:较|比|与|同)(?:(?:19|20)\d{{2}}年(?:末|底)?|{LAST_YEAR})(?:基期|基数)?的$")
_LAST_YEAR_ALONE_RE = re.compile(rf"\(?{LAST_YEAR}(?:为|是)?$")  # (matched at the start)
# A place named as an item of a list: "沙坡头区", "中宁县", "沛县" (not 城区, 城市, 全县)
_PLACE_ITEM_RE = re.compile(
    r"(?![全本该我各])[\u4e00-\u9fff]{1,8}?(?:县|旗)|[\u4e00-\u9fff]{2,8}?(?:区|市)")
# A level averaged, with no verb: "电子病历系统应用水平平均3.8级", "…平均仅3级"
_LEVEL_AVERAGE_RE = re.compile(r"(?:水平|等级)(?P<avg>平均(?:等级|级别)?(?:仅|只)?)$")
# A name's dated aside opening right before its value: "…年末常住人口（2023年末"
_DATED_ASIDE_OPEN_RE = re.compile(r"(?<=.)\((?:19|20)\d{2}年(?:底|末)?(?:为|是)?$")
# The date opening an aside: "（2022年为…", "（上年…"
_ASIDE_DATE_RE = re.compile(rf"^\(?(?:(?:19|20)\d{{2}}年(?:底|末)?|{LAST_YEAR})")
# A measure of beds ending a subject, and a subject that names only a kind of institution
# A place alone, the scope of a figure after its name and a colon ("…：某县91.4%")
_PLACE_ONLY_RE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:县|市|区|旗)")
# "通过电子病历系统应用水平五级评审": an assessment passed, after a level
_ASSESSED_RE = re.compile(r"(?:的)?(?:评审|评价|评级|认证|评估|测评)")
# what a level (四级) is of: "电子病历系统应用水平", "互联互通标准化成熟度…等级"
_LEVEL_MEASURE_RE = re.compile(r"电子病历|互联互通|智慧服务|智慧管理|信息化")
# between a count and its share in one clause: "…6家、占比37.5%"
_COUNT_THEN_SHARE_RE = re.compile(r"[、,，]?\s*(?:占比|占|比例为?|比重为?)(?:为|达到?)?\s*")
# a subject opening on a preposition names no parallel subjects ("以…为龙头的…")
_PREPOSITION_LEAD_RE = re.compile(r"\s*(?:以|由|在|对|通过|依托|围绕)")
# "两家医院", "这两所医院", "上述3家医院": the hospitals just named, by their number
_THESE_HOSPITALS_RE = re.compile(
    r"\s*(?:这|上述|以上)?(?P<n>[两二三四2-4])(?:家|所|个)(?:县级)?(?:公立)?医院")
_SMALL_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "2": 2, "3": 3, "4": 4}
# a hospital named as one: "县人民医院", "区中医院", "县中医医院", "市第一人民医院"
_NAMED_HOSPITAL_RE = re.compile(r"[县区市](?:第[一二三]?)?(?:人民|中医|中西医结合)?医院")
# ... or any hospital of the place: "县中医院", "旗蒙医医院", "市第二人民医院"
_HOSPITAL_ITEM_RE = re.compile(r"[县区市旗][^、,，]{0,8}?院")
# "县域内就诊率86.3（注：单位为%）", "…占比66.4（%）", "医护比1.15（以医师为1）": a note
# naming the unit a bare number is in, or the term a ratio is taken against
_PERCENT_NOTE_RE = re.compile(r"\s*\((?:(?:(?:注[:：]?)?单位[为是:：]?\s*)?%|以[^()]{1,8}为1)\)")
# a ratio's name just before a bare number: "医护比1.15", "床医比为1.8"
_RATIO_NAME_END_RE = re.compile(r"(?:医护|床医|床护|医床|护床)比(?:例)?(?:为|是|达到?)?\s*$")
# the measure a level is of, up to its 水平/等级 ("电子病历系统应用水平", not its 提升)
_MEASURE_WORDS_RE = re.compile(r"[^,，;；。]*?(?:水平|等级|级别)(?:平均)?")
# The rest of what was just named: "其余机构全部达到基本标准"
_THE_REST_RE = re.compile(r"其余|其他|剩余")
# the goal a result met, named by its verb: "超额完成年初确定的90%目标", "完成省定的85%目标"
_MET_GOAL_LEAD_RE = re.compile(r"(?:超额|提前|全面)?(?:完成|实现)")
# a change right after the value compared with ("较上年80.1%提高2.6个百分点"): the value is
# the measure's own, of the year compared with
_CHANGE_NEXT_RE = re.compile(rf"(?:{CHANGE_ALT})")
# words that commit to a standard: "全部达到基本标准", "均达到国家推荐标准"
_STANDARD_WORDS_RE = re.compile(r"(?:全部|均|都)(?:要|将|已)?达到[^,，;；。]{0,16}标准")
# A clause naming a measure ("我市居民健康素养水平稳步提升"), not a date or institutions
_MEASURE_NAME_RE = re.compile(r"水平|率|人数|床位数|比例|占比|比重|[医护床]比")
# the verb and object a 分别 list of counts does ("分别下沉医务人员182人次、235人次")
_ACTION_RE = re.compile(r"[\u4e00-\u9fff()]{2,10}")
# a count's subject that is only its period: "全年不少于300人次"
_TIME_ONLY_RE = re.compile(r"全年|每年|年均")
# A standard's share named by the standard alone: "推荐标准占比", "基本标准的比例"
_STANDARD_SHARE_RE = re.compile(r"(?:推荐|基本)标准的?(?:占比|比例)")
# a name in Chinese before a value (not a date and a time)
_NAMED_RE = re.compile(r"[\u4e00-\u9fff]")
# "（张）：" right before a bare number: the unit its item's name gave
_UNIT_BEFORE_COLON_RE = re.compile(r"\((?:[^()]{1,8}[,、])?(?P<u>[^(),、]{1,4})\)\s*:\s*$")
# an item line naming a part of the one before: "其中公立中医类医院：1.03张", "其中：公立中医类
# 医院0.78张"
_PART_ITEM_RE = re.compile(r"其中(?:[^,，。;；:\n]{2,20}:|:[^,，。;；:\n\d]{2,20}(?=\d))")
# the national programme a standard belongs to, named like an institution
_PROGRAMME = "优质服务基层行"
# What a list's subject refers back to: "上述两项指标", "以上指标", "这两项"
_THE_ABOVE_RE = re.compile(r"(?:上述|以上|前述|这)(?P<n>[两二三四五])?(?:项|个)?(?:指标|目标)?")
# A commitment that names nothing but coverage ("到2025年实现全覆盖")
_BARE_COVERAGE_RE = re.compile(r"全覆盖")
# ... or the coverage of a whole ("实现县域全覆盖"): of what the clause before built
_SCOPE_COVERAGE_RE = re.compile(r"(?:实现|达到)?(?:县域|全县|全市|全区|全域|城乡|辖区)?内?全覆盖"
                                r"|覆盖(?:全部|所有)[县市区旗](?:\([^()]{0,8}\))?")
_BUILT_RE = re.compile(r"建成|组建|建立|成立")
# Genres whose numbers report: a verbless "X V单位" in them is a statistic
_REPORTING_GENRES = ("bulletin", "review", "work_report")
# The gap before a value of a 分别 list: (maybe a separator after the first,) its verb, adverbs
_FIRST_LIST_GAP_RE = re.compile(rf"(?P<verb>{_VERB_ALT})?(?:{_ADVERBS})*")
_NEXT_LIST_GAP_RE = re.compile(rf"(?:[、,和及与]|以及)?(?P<verb>{_VERB_ALT})?(?:{_ADVERBS})*")
# separators of a list: with a comma, without, either alone or padded with spaces
_LIST_SEP_RE = re.compile(r"[、,和及与]|以及")
_AND_SEP_RE = re.compile(r"[、和及与]|以及")
_SEP_CHAR_RE = re.compile(r"[、,和及与]")
_AND_CHAR_RE = re.compile(r"[、和及与]")
_SPACED_AND_CHAR_RE = re.compile(r"\s*[、和及与]\s*")
_LEADING_AMONG_RE = re.compile(r"^其中")
_LEADING_DE_RE = re.compile(r"^的")
_FROM_SPLIT_RE = re.compile(r"由|从")  # the subject before 由X提高到Y
_LEVEL_WORD_RE = re.compile(r"水平|等级|级别")
_AVERAGE_END_RE = re.compile(r"平均$")
_DIGIT_RE = re.compile(r"\d")
_THEN_SHARE_RE = re.compile(r"[,，]?\s*占")  # between a count and its share: "13个，占"
_CREATE_VERB_RE = re.compile(rf"(?:{_CREATE_ALT})")
_COMPARATOR_END_RE = re.compile(r"(?:不少于|不低于|至少|超过)$")
_SAID_END_RE = re.compile(r"(?:不少于|不低于|至少|超过|达到)$")
_INSTITUTION_OR_STANDARD_RE = re.compile(r"机构|标准")
_RESOURCE_CUT_RE = re.compile(r"[、,;和及与]")  # where the first resource named ends
_NOUN_CUT_RE = re.compile(r"[、,;]")  # where the first noun counted ends


class _SentenceReader(_Sentence):
    """Applies the target rules (the sentence shapes above) to one sentence."""

    # -- values by position ---------------------------------------------------------
    def _values_in(self, a: int, b: int | None = None) -> list[Value]:
        """The values starting in ``[a, b)`` (``b`` None: from ``a`` on): a bisect, not a
        scan of all the sentence's (their starts, sorted, see _Sentence)."""
        starts = self.value_starts
        return self.values[bisect_left(starts, a):None if b is None else bisect_left(starts, b)]

    # -- rules ------------------------------------------------------------------------
    def read(self) -> list[tuple[Value, Target]]:
        hits = self.doc.word_hits
        i = bisect_left(hits, self.start)
        words = i < len(hits) and hits[i] < self.end
        for c0, c1 in self.clauses:
            own = self._values_in(c0, c1)
            k = self.text.find("分别", c0, c1)
            if k >= 0 and self.doc.qdepth[k] == 0:
                self.read_list(c0, c1, k)
            elif len(own) > 1 and (k := self._names_before_a_value_run(c0, own)) is not None:
                self.read_list(c0, c1, k, pos=k, need_verb=False)
            for v in own:
                if v.start in self.handled:
                    continue
                if self.read_named_after(v):
                    continue
                # (the clauses are disjoint: c0 is the clause_of(v.start)'s start; the aside
                # ends on its bracket, a character looked at before the pattern is run)
                if self.text[v.start - 1:v.start] == "(" \
                        and _COMPARED_ASIDE_RE.fullmatch(self.text, c0, v.start):
                    # "…为23.9%，比2021年（21.7%）提高…": the figure of the year compared with
                    self.read_speech(v)
                elif self.plausible(v) or self.speaks_forward(v):
                    last = self.last_subject
                    self.read_value(v)
                    if self._share_aside(v) or self.public_aside(v):
                        # (the count's or the whole's measure goes on after it)
                        self.last_subject = last
                elif self.in_speech(v) or self.in_dated_aside(v):
                    self.read_speech(v)
            if words:
                self.read_words(c0, c1, own)
        self.results.sort(key=lambda vt: vt[0].start)
        return self.results

    def read_named_after(self, v: Value) -> bool:
        """A figure, a dash, then what it is ("0.27张——2023年末全区每千人口康复床位数",
        "26.4%——这是2020年全区居民健康素养水平"): a statistic of the name after the dash, of
        the year the name gives (else the text's); never a goal (a plan states its goals
        the other way round)."""
        if not v.unit or self.doc.depth[v.start] or self.doc.qdepth[v.start]:
            return False  # (before the pattern: most values fail here)
        m = _NAMED_AFTER_RE.match(self.text, v.end)
        if m is None:
            return False
        self.handled.add(v.start)
        self.value_ends.append(v.end)
        year = int(m.group("year")) if m.group("year") else None
        self.statistic(v, m.group("name"), None, v.start, of_year=year)
        return True

    def _restates(self, x: Value) -> bool:
        """The rate ``x`` restates a commitment in words before it ("…，建成率达到100%",
        "（占比100%）").  Without a verb ("…全部设立老年医学科，占比100%") only where the
        figure is read: in brackets, or in a text that reports; among goals the words are
        then the commitment."""
        bare_read = self.review or self.doc.genre in _REPORTING_GENRES or self.doc.depth[x.start]
        pattern = _RESTATED_RATE_RE if bare_read else _RESTATED_RATE_VERB_RE
        return pattern.fullmatch(self.text, self.clause_of(x.start)[0], x.start) is not None

    def read_words(self, c0: int, c1: int, own: list[Value]) -> None:
        """A commitment in words (see :mod:`analysis.extract.words`): 100 %; ``own`` are
        the values of the clause ``[c0, c1)``."""
        found = find_commitment(self.text, c0, c1)
        # a value of the clause makes it no commitment in words, except a count of the
        # places that all commit ("全县19所乡镇卫生院全部达到…") and a hospital grade
        if found is None or any(
                v.unit != "" and not _HOSPITAL_GRADE.match(self.text, v.end)
                and not (v.unit in _COUNT_UNITS and v.end <= found.start)
                for v in own):
            return
        v = Value(found.start, found.end, 100.0, None, "%", None, "words",
                  self.text[found.start:found.end], found.end)
        # quoted words count only as the speaker's own commitment ("“到明年底，全市所有县
        # （市、区）都要建成紧密型县域医共体”"), as a quoted number does
        if (self.doc.qdepth[found.start] and not self.speaks_forward(v)) \
                or self.doc.depth[found.start] or any(
                x.value == 100 and x.unit == "%" and x.start > found.end
                and self.clause_of(x.start)[0] <= c1 + 1
                and self._restates(x) for x in self.values):
            return  # "…全部建成紧密型县域医共体，建成率达到100%": the figure restates it
        _, baseline, source = self.year_for(v)
        reason = self.statistic_reason(v, c0)
        if found.done and reason is None:
            reason = ACHIEVED  # "全市8个县（市、区）均已建成紧密型县域医共体": done
        # in a plan, outside its look-back sections, the plan's horizon dates the words
        ahead = self.in_target_context(v) or (source in DOCUMENT_YEARS
                                              and self.doc.states_plan_goals)
        phrases = _each_subject(self.text, c0, found)
        if phrases == [found.phrase] and (built := self._coverage_of_built(c0, found)):
            phrases = [built]
        elif phrases == [found.phrase] and (named := self._of_those_named(c0, found)):
            phrases = [named]
        elif phrases == [found.phrase] and (each := self._these_hospitals(c0, found)):
            phrases = each
        if baseline or not ahead or reason:
            part = "其中" in self.text[self.start:v.start] and not _THE_REST_RE.match(self.text, c0)
            if reason in (None, ACHIEVED) and not part and (
                    baseline or self.review or self.doc.genre in _REPORTING_GENRES
                    or reason == ACHIEVED):
                # "全市紧密型县域医共体实现全覆盖" in a review of the year: an actual (a 其中
                # clause speaks of a part: "其中两县所有卫生院均达到…" is no share of the whole;
                # but "其中…15家，…，其余全部达到基本标准": the rest, so all of them)
                # (one actual for the clause, unless it names the hospitals just listed)
                hospitals = self._these_hospitals(c0, found) or (
                    # "县人民医院、县中医院均已达到…推荐标准" (in a bulletin or a review also
                    # without 已): each hospital's
                    (found.done or self.review or self.doc.genre in _REPORTING_GENRES)
                    and len(phrases) > 1 and all(_HOSPITAL_ITEM_RE.match(p) for p in phrases))
                for phrase in ([self._coverage_of_built(c0, found)
                                or self._of_those_named(c0, found) or found.phrase]
                               if not hospitals else phrases):
                    self.statistic(v, phrase, None, c0)
                    if self.stats and self.stats[-1][0] is v:
                        self.stats[-1][1].in_words = True
            return
        if phrases == [found.phrase] and _BARE_COVERAGE_RE.fullmatch(_strip_subject(found.phrase)):
            # "年内80%的县建成紧密型县域医共体，到2025年实现全覆盖": the coverage of what the
            # clause just before set a share of
            before = [(x, t) for x, t in self.results if x.end <= c0 and t.indicator_text]
            if before and before[-1][0].unit == "%" \
                    and self.clause_of(before[-1][0].start)[1] >= c0 - 1:
                phrases = [before[-1][1].indicator_text]
        for phrase in phrases:
            t = self.make(v, phrase, None, "words", seg_start=c0)
            t.in_words = True
            self.emit(v, t)

    def _coverage_of_built(self, c0: int, found: WordsCommitment) -> str:
        """"全县建成紧密型县域医共体1个，实现县域全覆盖": coverage of a whole, with nothing of
        its own, is of what the clause just before built (that clause and this one)."""
        before = [c for c in self.clauses if c[1] < c0]
        if not before or not _SCOPE_COVERAGE_RE.fullmatch(_strip_subject(found.phrase)):
            return ""
        p0, p1 = before[-1]
        if p1 < c0 - 1 or not _BUILT_RE.search(self.text, p0, p1):
            return ""
        return _strip_subject(self.text[p0:p1]) + "，" + _strip_subject(found.phrase)

    def _these_hospitals(self, c0: int, found: WordsCommitment) -> list[str]:
        """"县人民医院…，县中医医院…，两家医院均达到推荐标准": a commitment of the
        hospitals the sentence just named, one phrase for each."""
        m = _THESE_HOSPITALS_RE.match(self.text, c0)
        if m is None or m.end() > found.start:
            return []
        n = _SMALL_NUMBERS.get(m.group("n"), 0)
        named = [x.group(0) for x in _NAMED_HOSPITAL_RE.finditer(self.text, self.start, c0)]
        if n < 2 or len(named) < n:
            return []
        predicate = self.text[found.start:c0 + len(found.phrase)]
        return [name + predicate for name in named[-n:]]

    def _of_those_named(self, c0: int, found: WordsCommitment) -> str:
        """A commitment with no institutions of its own, of those the sentence named just
        before: the rest of them ("…基层医疗卫生机构占比不低于60%，其余机构全部达到基本
        标准"), or all of them when the words open the clause ("…达到推荐标准的乡镇卫生院
        占比38.1%，全部达到基本标准"); "" otherwise."""
        if INSTITUTION_RE.search(found.phrase) or not (
                _THE_REST_RE.match(self.text, c0)
                or (_STANDARD_WORDS_RE.match(self.text, found.start)
                    and not _strip_subject(self.text[c0:found.start]))):
            return ""
        named = [*INSTITUTION_RE.finditer(self.text, self.start, c0)]
        return named[-1].group(0) + found.phrase if named else ""

    def _names_before_a_value_run(self, c0: int, vals: list[Value]) -> int | None:
        """``每千人口执业医师、注册护士数3.5人、4.2人`` (a list without 分别): where the
        names end, when the clause's first values (``vals``, those of the clause opening
        at ``c0``) run on (``V、W``) and the words before them split into as many names."""
        n = 1
        for a, b in pairwise(vals):
            if not _RUN_GAP_RE.fullmatch(self.text, a.end, b.start):
                break
            n += 1
        if n < 2:
            return None
        lead = _VERB_END_RE.search(self.text, c0, vals[0].start)
        k = lead.start() if lead else vals[0].start
        subject = _strip_subject(self.text[c0:k])
        return k if subject and _list_items(subject, n) is not None else None

    def read_list(self, c0: int, c1: int, k: int, pos: int | None = None,
                  need_verb: bool = True) -> None:
        """``X、Y分别达到V、W``: pair items with values (or years with values); the
        list of :meth:`_names_before_a_value_run` has no 分别 and maybe no verb."""
        text = self.text
        pos = k + 2 if pos is None else pos
        chosen: list[tuple[Value, str | None]] = []
        action = ""  # "分别下沉医务人员182人次、235人次": what was done, counted per year
        for v in self._values_in(pos):
            if v.start < pos:  # (pos moves on past each value chosen)
                continue
            gap = text[pos:v.start]
            m = (_NEXT_LIST_GAP_RE if chosen else _FIRST_LIST_GAP_RE).fullmatch(gap)
            verb = m.group("verb") if m else None
            if not chosen and not m and v.unit in _COUNT_UNITS and _ACTION_RE.fullmatch(gap):
                action = gap
            elif not m or (need_verb and not chosen and not verb):
                break
            if not self.plausible(v) or not _is_boundary_after(text, v.end, self.end):
                break  # "…和35%，15岁以上人群…": a qualifier, not another list value
            chosen.append((v, verb or (chosen[-1][1] if chosen else None)))
            pos = v.end
        if not chosen:
            return
        subject_raw = text[c0:k]
        subject = _strip_subject(subject_raw)
        if not subject and text.startswith("分别占", k) \
                and (shares := self._shares_of_counts(c0, len(chosen))) is not None:
            # "其中达到基本标准的176个，达到推荐标准的52个，分别占80.7%、23.9%": each count's
            for (v, verb), share in zip(chosen, shares, strict=True):
                if not self._reported(v, share, verb, c0):
                    self.emit(v, self.make(v, share, verb, "list", seg_start=c0))
            return
        if not subject:
            prev = [c for c in self.clauses if c[1] <= c0]
            subject = _strip_subject(text[prev[-1][0]:prev[-1][1]]) if prev else ""
        n = len(chosen)
        reports = self.review or self.doc.genre in _REPORTING_GENRES
        reported = self._listed_years(k, None if reports else "baseline")
        if n > 1 and len(reported) == n and reported[0].start >= c0:
            # "县域内就诊率2021年、2022年分别为85.4%、86.9%": one measure, a value per year
            subject = _strip_subject(text[c0:reported[0].start] + text[reported[-1].end:k]
                                     + action)
            for (v, verb), y in zip(chosen, reported, strict=True):
                self.handled.add(v.start)
                self.value_ends.append(v.end)
                if not self._quoted(v, c0):
                    self.statistic(v, subject, verb, c0, of_year=y.year)
            return
        if action:
            return  # a count per item of a list ("两院分别下沉…120人次、80人次"): no share
        listed = self._listed_years(k)
        if n > 1 and len(listed) == n and listed[0].start >= c0:
            # "签约率到2027年和2030年分别达到55%和65%": one subject, one value per year
            subject = _strip_subject(text[c0:listed[0].start] + text[listed[-1].end:k])
            for (v, verb), y in zip(chosen, listed, strict=True):
                if not self._quoted(v, c0):
                    self.emit(v, self.make(v, subject, verb, "list_years", seg_start=c0,
                                           year=y.year, use_year=True))
            return
        above = _THE_ABOVE_RE.fullmatch(subject)
        anaphor = above is not None and _SMALL_NUMBERS.get(above.group("n") or "", n) == n
        items = _list_items(subject, n) if subject and not anaphor else None
        earlier = [t.indicator_text for _, t in self.results if t.indicator_text]
        if (not subject or anaphor) and len(earlier) >= n:
            # "…床位数达7.8张，医师数达3.5人；到2030年，分别达到8.2张和3.8人"; "…签约率达到
            # 40%、…签约率达到80%；到2025年，上述两项指标分别达到45%、85%"
            items = earlier[-n:]
        if items is not None and n > 1 and all(_PLACE_ITEM_RE.fullmatch(i) for i in items[:-1]) \
                and _PLACE_ITEM_RE.match(items[-1]):
            # "沙坡头区、中宁县、海原县县域内就诊率分别为91.2%、85.7%、82.7%": each place's
            # value, a part of the whole the text speaks for (as "其中，某县…" is)
            for v, _ in chosen:
                self.handled.add(v.start)
                self.value_ends.append(v.end)
            return
        if items is not None:
            items = _distribute(items)
            for (v, verb), item in zip(chosen, items, strict=True):
                if not self._reported(v, item, verb, c0):
                    self.emit(v, self.make(v, item, verb, "list", seg_start=c0))
            return
        if n > 1 and len(listed) == n:
            for (v, verb), y in zip(chosen, listed, strict=True):
                if not self._quoted(v, c0):
                    self.emit(v, self.make(v, subject, verb, "list_years", seg_start=c0,
                                           year=y.year, use_year=True))
            return
        for v, verb in chosen:
            if not self._quoted(v, c0):
                self.emit(v, self.make(v, subject, verb, "list_unpaired", seg_start=c0))

    def _shares_of_counts(self, c0: int, n: int) -> list[str] | None:
        """The subjects of the ``n`` counts the clauses right before ``c0`` give, one a
        clause ("达到服务能力基本标准的176个，达到推荐标准的52个"), as shares of them; None
        unless there are exactly such clauses."""
        before = [c for c in self.clauses if c[1] <= c0][-n:]
        if len(before) != n:
            return None
        shares = []
        for b0, b1 in before:
            counts = self._values_in(b0, b1)
            if len(counts) != 1 or counts[0].unit not in INSTITUTION_COUNTS:
                return None
            name = _strip_subject(_LEADING_AMONG_RE.sub("", self.text[b0:counts[0].start]))
            if not name:
                # "…中，9家达到基本标准，2家达到推荐标准，分别占…": the count first, what they
                # reach after it, of the institutions the sentence named
                name = _strip_subject(self.text[counts[0].end:b1])
                named = [*INSTITUTION_RE.finditer(self.text, self.start, b0)]
                if not _STANDARD_REACHED_RE.fullmatch(name) or not named:
                    return None
                name = named[-1].group(0) + name
            shares.append(name.rstrip("的") + "的占比")
        return shares

    def _quoted(self, v: Value, seg_start: int) -> bool:
        """A list value of another scope's or place's goal ("国家提出，到2022年和2030年，
        全国居民健康素养水平分别不低于22%和30%" in a county's plan): handled, neither a
        target nor a statistic.  Only when the document's level is known: an excerpt of
        unknown origin listing 全国's goals by year is likelier the nation's own text."""
        if self.doc.level is None or self.statistic_reason(v, seg_start) != QUOTED:
            return False
        self.handled.add(v.start)
        self.value_ends.append(v.end)
        return True

    def _reported(self, v: Value, subject: str, verb: str | None, seg_start: int) -> bool:
        """A list value that reports the past ("2020年，…医师、护士分别为2.98人、3.41人")
        or quotes another's goal: kept as a statistic (or dropped), never a target."""
        _, baseline, _ = self.year_for(v)
        reason = None if baseline else self.statistic_reason(v, seg_start)
        if not baseline and reason is None:
            return False
        self.handled.add(v.start)
        self.value_ends.append(v.end)
        if baseline or reason in (ACHIEVED, BASE):
            self.statistic(v, subject, verb, seg_start)
        return True

    def _listed_years(self, k: int, role: str | None = "target") -> list[YearMention]:
        """Years of ``role`` (None: any that dates) written as one list before position k
        (到2025年、2030年; 2021年、2022年 of a report)."""
        run: list[YearMention] = []
        for y in self.years:
            if y.end > k or (self._year_role(y) != role if role is not None
                             else self._year_role(y) in NOT_DATING):
                continue
            if y.start > 0 and self.text[y.start - 1] == "到" and run:
                y = YearMention(y.start - 1, y.end, y.year, y.kind)
            gap = self.text[run[-1].end:y.start] if run else ""
            run = [*run, y] if run and _LIST_SEP_RE.fullmatch(gap) else [y]
        return run

    def read_value(self, v: Value) -> None:
        text = self.text
        if v.unit == "" and v.kind == "number" and (unit := self._unit_named_before(v)):
            v = replace(v, unit=unit)  # "每千人口医疗卫生机构床位数（张）：6.27"
        if v.unit == "级" and (_HOSPITAL_GRADE.match(text, v.end)
                               or _ASSESSED_RE.match(text, v.end)):
            # "二级及以上公立医院", "三级医院11家": part of a name, no value; "通过电子病历系统
            # 应用水平五级评审": an assessment some passed, no level of all
            return
        c0, c1 = self.clause_of(v.start)
        prev_ends = [e for e in self.value_ends if c0 <= e <= v.start]
        seg_start = max([c0, *prev_ends])
        if seg_start > c0 and text[seg_start:seg_start + 1] == ")" \
                and (o := text.rfind("(", c0, seg_start)) > 0:
            # "5.62张，比上年（5.31张）增加0.31张": read on from before the aside read first
            seg_start = max([c0, *[e for e in prev_ends if e <= o]])
        left = text[seg_start:v.start]
        if seg_start > c0 and self.last_subject and (basis := _ON_BASIS_RE.match(left)):
            # "县域内就诊率在去年88.7%的基础上达到90%": the measure the base was of
            left = self.last_subject + left[basis.end():]
        if text[c0 - 1:c0] == ":" and _PLACE_ONLY_RE.fullmatch(_strip_subject(left)):
            # "县域内就诊率：某县91.4%": the name before the colon; the place is its scope
            left = self._previous_clause_subject(v) or left
        if (v.unit or v.kind == "ratio") \
                and (_COMPARED_BASE_RE.search(left) or _LAST_YEAR_ALONE_RE.match(left)) \
                and "分别" not in text[c0:v.start] \
                and text[v.end:v.end + 1] not in "、和及与" \
                and (compared := self.last_subject or self._subject_read_before(v)):
            # "床位数7.09张，较2020年的5.87张增加1.22张": what the figure is compared with,
            # the same measure in that year (a run pairs its own subjects: 、和及与)
            self.handled.add(v.start)
            self.value_ends.append(v.end)
            self.statistic(v, compared, None, seg_start)
            return
        verb, vpos, is_change = _verb_before(left)
        if v.unit == "" and v.kind not in ("ratio",):
            if verb is None and not _strip_subject(left) and text[c0 - 1:c0] == ":" \
                    and (named := self._previous_clause_subject(v)) \
                    and self._reports_lost_percent(v, named, c1):
                left = named  # "县域内就诊率：86.1（%）": the name before the colon
            if verb is None and self._reports_lost_percent(v, left, c1):
                # a bulletin's "县域内基层门急诊人次占比61.2 ，": a rate, its % lost by a PDF
                self.handled.add(v.start)
                self.value_ends.append(v.end)
                subject = self._share_subject(v, left) or self._carried_base(_strip_subject(left))
                self.statistic(v, subject, None, seg_start)
                return
            if self._share_lost_percent(v, left, verb):
                # "县级中医医院70 以上达到推荐标准": a share whose % sign a PDF lost; with
                # no subject of its own, of those the clause before committed ("县级综合
                # 医院全部达到基本标准，70 以上达到推荐标准")
                phrase = left + text[v.end:c1]
                if not _strip_subject(left):
                    phrase = _parallel_subject(self._antecedent(v), text[v.end:c1]) or phrase
                t = self.make(replace(v, unit="%"), phrase, None, "percent_predicate",
                              seg_start=seg_start)
                t.extra["percent_sign"] = "lost"
                self.emit(v, t)
                return
            if verb is None and self._goal_lost_percent(v, left, c1):
                # an explainer's cells "县域内就诊率" / "90以上", read as one line: a rate's
                # goal, its % sign lost (the bound kept)
                t = self.make(replace(v, unit="%"), left, None, "percent_predicate",
                              seg_start=seg_start)
                t.extra["percent_sign"] = "lost"
                self.emit(v, t)
                return
            # a bare number is a target only right after a verb and before a boundary
            if verb is None or is_change or not _is_boundary_after(text, v.end, c1):
                return
            if v.kind == "chinese":
                return
            if v.num_end != v.end and not (v.suffix_cmp and 0 < v.value <= 100
                                           and _RATE_END_RE.search(left[:vpos])):
                return  # "县域内就诊率达到90 以上": a rate whose % sign a PDF lost
        _, baseline, _ = self.year_for(v)
        reason = None if baseline else self.statistic_reason(v, seg_start)
        if baseline or reason is not None:
            # not a target, but its subject names what a later "提高到…" refers to
            self.handled.add(v.start)
            self.value_ends.append(v.end)
            subject = self._carried_base(_strip_subject(_FROM_SPLIT_RE.split(left[:vpos])[0]))
            if not subject and text[c0 - 1:c0] == ":":
                subject = self._previous_clause_subject(v)  # "健康素养水平：22.87%，较上年…"
            elif subject in ("有", "共有", "已有", "现有") and v.unit in _COUNT_UNITS:
                # "全市有14家乡镇卫生院达到推荐标准": what is counted follows the count
                subject = _strip_subject(_LEADING_DE_RE.sub("", text[v.end:c1]))
            if paired := self._respective_subject(v, c0):
                subject = paired
            elif counted := self._share_subject(v, left[:vpos]):
                subject = counted  # "达到基本标准的机构312个，占比73.1%"
            elif v.unit == "%" and (pm := _PREDICATE_RE.match(text, v.end)):
                # "二级及以上公立综合医院中已有41%设立老年医学科": the share does what follows
                subject = subject + text[pm.start():c1]
            elif subject and COMPARED_ONLY_RE.fullmatch(subject) \
                    and _CHANGE_NEXT_RE.match(text, v.end):
                # "…签约率82.7%，较上年80.1%提高2.6个百分点": the value compared with is the
                # measure's before it, of the year compared with
                subject = self.last_subject or self._previous_clause_subject(v)
            elif subject and not COMPARED_ONLY_RE.fullmatch(subject) \
                    and not _MET_GOAL_LEAD_RE.match(subject):
                # "…基本标准的…占比达到86.5%，达到推荐标准的占比…" (a change, "比上年提高2.4个
                # 百分点", names no measure: the one before it goes on; nor does the goal a
                # result met, "超额完成年初确定的90%目标": the measure before it goes on)
                subject = self._parallel(v, subject) or subject
                self.last_subject = subject
            if verb is None and _AND_CHAR_RE.fullmatch(left.strip()):
                # "增加0.6人和0.7人", "分别增加0.84张、0.57人、0.61人": a list goes on in
                # the verb of its first value
                is_change = self._list_changes(v, c0)
            if (baseline or reason in (ACHIEVED, BASE)) and not is_change \
                    and v.unit != "百分点":  # "增加0.6人" is a change, not a level
                # "我市居民健康素养水平稳步提升，2022年达到31.72%": a clause with a year and
                # a verb only reports on the measure the clause before named
                before = self._previous_clause_subject(v)
                measure = before if _MEASURE_NAME_RE.search(before) else ""
                self.statistic(v, subject or self.last_subject or measure, verb, seg_start)
            return
        if self._restates_clause(v):
            subject = text[seg_start:v.start - 1]
            self.emit(v, self.make(v, subject, None, "parenthetical", seg_start=seg_start))
            return
        boundary = _is_boundary_after(text, v.end, c1) or (
            _NAMED_RE.search(left) is not None  # (not a time: "2024-03-12 09:41  来源")
            and self.spaced_after(v))
        if v.unit == "级":
            if not is_change:  # ("较2020年提高1.1级": a change of level, no level)
                self.read_level(v, left, verb, vpos, seg_start, boundary)
            return
        # "每年下派医务人员不少于60人次到乡镇卫生院…": a comparator, then where they go
        adverbial = bool(verb and verb in _VERB_CMP_MAP and not is_change
                         and _ADVERBIAL_AFTER.match(text, v.end)) or (
            # "每年选派城市医院医务人员1000人次下沉基层": the count of those sent, then where to
            v.unit in ("人次", "名") and not is_change
            and SENT_TO_AFTER.match(text, v.end) is not None)
        if boundary or adverbial or text.startswith("(", v.end):
            self.read_subject_value(v, left, verb, vpos, is_change, seg_start)
        else:
            self.read_value_before_noun(v, left, verb, seg_start, c1)

    def _verb_carries(self, c0: int) -> bool:
        """``…床位数达到6.8张，中医类医院床位数0.9张``: a verbless clause right after a
        target read on its verb in the same sentence takes that verb."""
        if not self.results:
            return False
        v, last = self.results[-1]
        prev = [c for c in self.clauses if c[1] <= c0]
        return last.method == "verb" and bool(prev) and prev[-1][0] <= v.start < prev[-1][1]

    def _share_lost_percent(self, v: Value, left: str, verb: str | None) -> bool:
        """``县级中医医院70 以上达到推荐标准``: subject, a bare 0-100 number with 以上,
        then a predicate, in a target context."""
        named = _SUBJECT_NOUN_RE.search(left) is not None or (
            not _strip_subject(left) and _PREDICATE_START_RE.match(self.text, v.end) is not None
            and INSTITUTION_RE.search(self._antecedent(v)) is not None)
        return (verb is None and v.kind == "number" and bool(v.suffix_cmp)
                and 0 < v.value <= 100 and _PREDICATE_RE.match(self.text, v.end) is not None
                and named and self.in_target_context(v))

    def _goal_lost_percent(self, v: Value, left: str, c1: int) -> bool:
        """A verbless 0-100 number with its bound (以上, 左右) right after a rate's name, then
        nothing more in its clause, in a target context: "县域内就诊率90以上"."""
        return (v.kind == "number" and bool(v.suffix_cmp) and 0 < v.value <= 100
                and _RATE_END_RE.search(left) is not None and bool(_strip_subject(left))
                and _is_boundary_after(self.text, v.end, c1) and self.in_target_context(v))

    def _reports_lost_percent(self, v: Value, left: str, c1: int) -> bool:
        """A verbless bare number after a rate's name (or 占…总数的), in a text or a
        sentence that reports (截至2022年底，…)."""
        return (v.kind == "number" and v.num_end == v.end and 0 < v.value <= 100
                and (self.review or self.doc.genre in _REPORTING_GENRES or self.year_for(v)[1])
                and bool(_RATE_END_RE.search(left) or _SHARE_OF_RE.search(left)
                         or _RATIO_NAME_END_RE.search(left))
                and bool(_strip_subject(left))
                and (_is_boundary_after(self.text, v.end, c1)
                     or _PERCENT_NOTE_RE.match(self.text, v.end) is not None))

    def _unit_named_before(self, v: Value) -> str:
        """An item's unit in brackets after its name, then a colon and the bare number
        ("床位数（张）：6.27", "县域内就诊率（%）：84.8", "签约率（全人群，%）：36.9"): the
        number's unit."""
        m = _UNIT_BEFORE_COLON_RE.search(self.text, max(self.start, v.start - 20), v.start)
        if m is None:
            return ""
        if m.group("u") in ("%", "％"):
            return "%"
        found = find_values("1" + m.group("u"))
        # (not a unit with a multiplier: "（万人次）：286.4" is no 286.4 person-times)
        return found[0].unit if found and found[0].unit and found[0].value == 1 else ""

    def read_speech(self, v: Value) -> None:
        """A value inside quoted speech ("“‘十三五’末，我市千人床位数为6.3张。”") or a dated
        aside ("（2022年为76.5%）"): never a target (whose goal a speaker states is for the
        text around it to say), but a statistic when it reports the past."""
        c0, _ = self.clause_of(v.start)
        prev_ends = [e for e in self.value_ends if c0 <= e <= v.start]
        seg_start = max([c0, *prev_ends])
        left = self.text[seg_start:v.start]
        verb, vpos, is_change = _verb_before(left)
        if not v.unit or is_change or v.unit == "百分点":
            return
        _, baseline, _ = self.year_for(v)
        reason = None if baseline else self.statistic_reason(v, seg_start)
        # a bulletin's aside reports too, dated only by the year it names ("（2023年为24.8%）"),
        # as does a paragraph set aside on the past ("（上年全市…为24.3%，…85.9%。）")
        o = self.text.rfind("(", self.start, v.start)
        if baseline or reason in (ACHIEVED, BASE) or self.doc.genre == "bulletin" \
                or (o >= 0 and self._aside_paragraph(o)):
            self.handled.add(v.start)
            self.value_ends.append(v.end)
            said = _FROM_SPLIT_RE.split(left[:vpos] if verb else left)[0]
            if _COMPARED_ASIDE_RE.fullmatch(said):
                said = ""  # "，比上年（": the measure before
            said = _DATED_ASIDE_OPEN_RE.sub("", said)  # "…常住人口（2023年末": the name before
            subject = _strip_subject(_ASIDE_DATE_RE.sub("", said))
            self.statistic(v, self._carried_base(subject) or self.last_subject, verb, seg_start)
            # what the speaker reported is what a goal after it continues ("“去年…占比是
            # 58.7%，目标是到2025年提高到65%。”")
            self.last_subject = subject or self.last_subject

    def _subject_read_before(self, v: Value) -> str:
        """The measure of the figure this sentence read last before ``v``, when its subject
        came from a clause before ("居民健康素养水平稳步提升，2022年达到31.72%，较2019年的
        24.6%…")."""
        read = [(x.end, t.indicator_text) for x, t in self.results + self.stats if x.end <= v.start]
        return max(read)[1] if read else ""

    def read_level(self, v: Value, left: str, verb: str | None, vpos: int, seg_start: int,
                   boundary: bool) -> None:
        """Grades (四级): only ``…水平达到四级(以上)``; 三级医院 is a hospital grade."""
        if verb is None and (average := _LEVEL_AVERAGE_RE.search(left)):
            verb, vpos = "为", average.start("avg")  # "应用水平平均3.8级": 平均为3.8级
        if verb is None and (named := _VERB_THEN_LEVEL_RE.search(left)):
            # "二级及以上公立医疗机构全部达到电子病历系统应用水平四级以上": the verb, then
            # the measure's name, then its level
            left = _ALL_END_RE.sub("", left[:named.start()]) + named.group("measure")
            verb, vpos = named.group("verb"), len(left)
        if verb is None:
            return
        subject = left[:vpos]
        if not boundary and not (
            self.text.startswith("水平", v.end) and _LEVEL_WORD_RE.search(subject)
        ):
            return
        # "…水平今年达到4级，明年达到4.5级": a clause with only a time before its verb
        # goes on with the subject before it
        subject = subject if _strip_subject(subject) else self.last_subject
        measured = next((x for x in (self.last_subject, self._previous_clause_subject(v))
                         if _LEVEL_MEASURE_RE.search(x)), "")
        if not _LEVEL_MEASURE_RE.search(subject) and INSTITUTION_RE.search(subject) and measured:
            # "三级公立医院电子病历系统应用水平平均达到5级，二级及以上公立医院平均达到4.5级",
            # "推动电子病历系统应用水平提升，二级及以上公立医疗机构到2025年达到四级以上":
            # these institutions, the measure just named
            m = _LEVEL_MEASURE_RE.search(measured)
            measure = _MEASURE_WORDS_RE.match(measured, m.start())
            subject = (_AVERAGE_END_RE.sub("", _strip_subject(subject))
                       + (measure.group(0) if measure else measured[m.start():]))
        self.emit(v, self.make(v, subject, verb, "verb", seg_start=seg_start))

    def read_subject_value(self, v: Value, left: str, verb: str | None, vpos: int,
                           is_change: bool, seg_start: int) -> None:
        """``X达到V`` (or ``X V以上`` with no verb)."""
        subject = left[:vpos] if verb else left
        if _strip_subject(subject) == "签约率" \
                and "签约" in (before := self._previous_clause_subject(v)):
            # "推动医养结合机构与医疗机构签约合作，签约率达到100%": the rate of the signing
            # the clause before names (not always a family doctor's)
            subject = before + "签约率"
        if verb == "占" and v.unit == "%" and _strip_subject(subject) \
                and not _SHARE_WORD_RE.search(subject):
            subject = subject.rstrip("的") + "的占比"  # "其中达到推荐标准的占37.5%"
        elif verb == "占" and v.unit == "%" and self.last_subject \
                and not _DIGIT_RE.search(self.last_subject) and any(
                x.unit in _COUNT_UNITS and _THEN_SHARE_RE.fullmatch(self.text, x.end, v.start)
                for x in self.values):
            # "达到国家基本标准的乡镇卫生院：13个，占100%": the share of the count just given
            subject = self.last_subject.rstrip("的") + "的占比"
        if verb is None and not v.suffix_cmp:
            c0 = self.clause_of(v.start)[0]
            create = _CREATE_VERB_RE.search(self.text, c0, v.start)
            # "…床位数达到0.85张，其中公立…床位数0.7张": a sub-item of the target before it
            sub_item = self.text.startswith("其中", c0) and bool(self.results)
            if not (self.in_target_context(v) or create or sub_item or self._verb_carries(c0)) \
                    or not v.unit:
                # not a target ("床位6.8张（2020年）"), but a later "达到7.5张" may mean it
                if not _strip_subject(subject) and self.text[c0 - 1:c0] == ":":
                    subject = self._previous_clause_subject(v)  # "床位数：7.35张"
                    # "达到推荐标准的占比：23.1%" under "达到基本标准的乡镇卫生院占比：…"
                    subject = self._parallel(v, _strip_subject(subject)) or subject
                else:
                    subject = (self._share_subject(v, subject)  # "…118个，占比81.4%"
                               # "…推荐标准的…占比21.4%，达到基本标准的占比68.5%"
                               or self._parallel(v, _strip_subject(subject))
                               or subject)
                if v.unit and _strip_subject(subject) and (
                        self.review or self.doc.genre in _REPORTING_GENRES or (
                            # news of results: "截至年末，…医师2.48人、注册护士2.36人"
                            self.doc.genre == "news_of_plan"
                            and not _GOAL_NEWS_RE.search(self.text, self.start, self.end))):
                    # a bulletin's "每千人口拥有床位5.8张、执业(助理)医师2.4人": statistics
                    self.statistic(v, self._carried_base(_strip_subject(subject)), None,
                                   seg_start)
                    self.handled.add(v.start)
                    self.value_ends.append(v.end)
                self.last_subject = _strip_subject(subject) or self.last_subject
                return
            method = "context"
        else:
            method = "verb" if verb else "suffix"
        if _STANDARD_SHARE_RE.fullmatch(_strip_subject(subject)):
            # "2024年推荐标准占比要达到40%": the share of those reaching it, as 达到推荐标准的占比
            subject = "达到" + _strip_subject(subject)
        if paired := self._respective_subject(v, self.clause_of(v.start)[0]):
            # "医师数、护士数分别从…提高到3.5人和4.0人"
            subject = paired
        elif _GENERIC_MEASURE_RE.fullmatch(_strip_subject(subject)) \
                or _TIME_ONLY_RE.fullmatch(_strip_subject(subject)):
            c0, _ = self.clause_of(v.start)
            prev = [c for c in self.clauses if c[1] <= c0]
            if self._count_before_share(v) is not None:
                subject = self._share_of_counted(v, _strip_subject(subject)) or subject
            elif _SHARE_WORD_RE.fullmatch(_strip_subject(subject)) \
                    and (counted := self._share_of_counted(v, _strip_subject(subject))):
                # "其中达到推荐标准的不少于8个，占比44%以上": the share of the institutions
                # counted in the clause before
                subject = counted
            elif prev:
                # "…个县全部建成紧密型县域医共体，建成率达到100%"; "组织…医务人员下沉基层，
                # 全年不少于300人次": what the clause before did, so many times a year
                subject = self.text[prev[-1][0]:prev[-1][1]] + _strip_subject(subject)
        elif not _strip_subject(subject) and (counted := self._share_subject(v, subject)):
            subject = counted  # "达到基本标准的19个，占95.0%": the share of what was counted
        elif not _strip_subject(subject):
            subject = (self.last_subject or self._previous_clause_subject(v)
                       or self.inherited_subject)
        elif parallel := self._parallel(v, _strip_subject(subject)):
            # "卫生院达到基本标准的比例达到100%，达到推荐标准的比例达到40%"
            subject = parallel
        elif (modifier := _shared_modifier(self.last_subject, _strip_subject(subject))):
            # "达到推荐标准的县级综合医院占比达到85%、县级中医医院占比达到70%"
            subject = modifier + _strip_subject(subject)
        elif not is_change:
            # "每千人口执业医师数达到3.3人、注册护士数达到4.0人": the base carries over
            subject = self._carried_base(_strip_subject(subject))
        self.emit(v, self.make(v, subject, verb, method, is_change=is_change,
                               seg_start=seg_start))

    def _respective_subject(self, v: Value, c0: int) -> str:
        """``医师、护士数已达到2.8人、3.3人，分别比2016年的2.2人、2.6人增加…``: the i-th
        value of a run after 分别 is of the i-th of the statistics just stated."""
        k = self.text.rfind("分别", c0, v.start)
        if k < 0:
            return ""
        runs: list[list[Value]] = []
        for x in self.values:
            if not k < x.start < self.clause_of(v.start)[1]:
                continue
            if runs and _SEP_CHAR_RE.fullmatch(self.text, runs[-1][-1].end, x.start):
                runs[-1].append(x)
            else:
                runs.append([x])
        run = next((r for r in runs if v in r), [])
        if v not in run:
            return ""
        # "医师数、注册护士数分别从2020年的2.90人和3.34人…": the items before 分别
        items = _list_items(_strip_subject(self.text[c0:k]), len(run)) if len(run) > 1 else None
        if items:
            return _distribute(items)[run.index(v)]
        earlier = [t.indicator_text for _, t in self.stats + self.results
                   if t.value_start < self.doc.nt.raw_span(c0, c0 + 1)[0] and t.indicator_text]
        if len(earlier) < len(run):
            return ""
        subject = earlier[-len(run):][run.index(v)]
        # "…医师1305人、注册护士1421人，分别为每千人口2.73人、2.97人": the base before the run
        base = _POP_PREFIX_RE.search(self.text, k, run[0].start)
        if base and not _POP_PREFIX_RE.match(subject):
            subject = base.group(0) + subject
        return subject

    def _share_subject(self, v: Value, before: str) -> str:
        """The subject of a share named only as a share (占比, 比例, 占全省总数的) right
        after a count, or "" (see :meth:`_share_of_counted`)."""
        measure = _strip_subject(before)
        # "达到基本标准的19个，占95.0%": 占 alone after a count (its verb: nothing before it)
        alone = not measure and self.text[self.clause_of(v.start)[0]:v.start].strip() == "占"
        whole = _SHARE_OF_RE.fullmatch(before.strip())
        if not (_GENERIC_MEASURE_RE.fullmatch(measure) or whole or alone):
            return ""
        if whole and (named := _WHOLE_NAMED_RE.fullmatch(whole.group(0))):
            # "门诊预约就诊112.6万人次，占门诊总人次的68.4%": the count's share of that whole
            return self._share_of_counted(v, f"占{named.group('whole')}的比例")
        return self._share_of_counted(v, "占比")

    def _object_of(self, verb: str, before: int) -> str:
        """What ``verb`` last had for its object in the paragraph before ``before``
        ("规划目标为到2025年全部13个县建成紧密型县域医共体。…已有11个县建成": 紧密型县域
        医共体), or ""."""
        para = self.text.rfind("\n", 0, before) + 1
        k = self.text.rfind(verb, para, before)
        while k >= 0:
            m = _OBJECT_RE.match(self.text, k + len(verb))
            if m and m.group(0):
                return m.group(0)
            k = self.text.rfind(verb, para, k)
        return ""

    def _list_changes(self, v: Value, c0: int) -> bool:
        """Whether the run of values ``v`` ends (V、W、v) opened on a verb of change."""
        first = v
        while prev := [x for x in self.values
                       if c0 <= x.start and x.end < first.start
                       and _SPACED_AND_CHAR_RE.fullmatch(self.text, x.end, first.start)]:
            first = prev[-1]
        return first is not v and _verb_before(self.text[c0:first.start])[2]

    def _count_before_share(self, v: Value) -> Value | None:
        """The count the share ``v`` follows in its own clause ("其中达到推荐标准的不少于
        6家、占比37.5%"), or None."""
        c0, _ = self.clause_of(v.start)
        own = [x for x in self.values if c0 <= x.start and x.end < v.start
               and x.unit in _COUNT_UNITS
               and _COUNT_THEN_SHARE_RE.fullmatch(self.text, x.end, v.start)]
        return own[-1] if own else None

    def _a_count(self, x: Value) -> bool:
        """A count: a count's unit, or 万 after the count's unit word ("预约诊疗人次192.4万")."""
        return x.unit in _COUNT_UNITS or (x.unit == "万" and self.text.endswith(
            _COUNT_WORDS_BEFORE, 0, x.start))

    def _share_of_counted(self, v: Value, measure: str) -> str:
        """``达到基本标准的机构312个，占比73.1%``: a share right after a count is the share
        of what was counted (``已有62个县建成紧密型县域医共体，占…总数的62.0``).  When the
        count names no kind of institution (``机构``, or none: ``累计达到推荐标准的11个``),
        the paragraph's last named one is meant; when it leaves out the object of its verb
        (``已有11个县建成``), the verb's last object in the paragraph is."""
        c0, _ = self.clause_of(v.start)
        own = self._count_before_share(v)
        prev = [c for c in self.clauses if c[1] <= c0]
        if own is not None:
            p0, p1 = c0, own.end
        elif prev:
            p0, p1 = prev[-1]
        else:
            return ""
        counts = [x for x in self._values_in(p0, p1) if self._a_count(x)]
        if not counts:
            return ""
        pieces, pos = [], p0
        for x in counts:  # (without the comparator before a count: "不少于6家")
            pieces.append(_COMPARATOR_END_RE.sub("", self.text[pos:x.start]))
            pos = x.end
        phrase = _strip_subject("".join(pieces) + self.text[pos:p1])
        if (verb := _PREDICATE_END_RE.search(phrase)) is not None:
            phrase += self._object_of(verb.group(0), p0)  # "已有11个县建成，占比84.6%"
        if not INSTITUTION_RE.search(phrase) and _INSTITUTION_OR_STANDARD_RE.search(phrase):
            para = self.text.rfind("\n", 0, p0) + 1
            named = list(INSTITUTION_RE.finditer(self.text, para, p0))
            if named:
                phrase = named[-1].group(0) + phrase
        return phrase + measure

    def _parallel(self, v: Value, subject: str) -> str | None:
        """A subject that opens on its predicate ("达到推荐标准的占比"), or names a standard's
        share alone ("推荐标准占比"), read with the one it parallels ("达到基本标准的乡镇卫生院
        占比…"): "达到推荐标准的乡镇卫生院占比"; None when it is no such subject."""
        if _STANDARD_SHARE_RE.fullmatch(subject):
            subject = "达到" + subject
        if not _PREDICATE_START_RE.match(subject) or _SUBJECT_NOUN_RE.search(subject):
            return None
        return _parallel_subject(self._antecedent(v, subject), subject)

    def _carried_base(self, subject: str) -> str:
        """``注册护士`` after ``每千人口执业医师…``: the population base carries over (and
        the beds, after ``每千人口…床位数``, to a kind of hospital); to a line opening on
        其中, from the line before ("每千常住人口中医类医院床位数：1.12张" / "其中公立中医类
        医院：1.03张")."""
        last = self.last_subject or (
            self.inherited_subject if _PART_ITEM_RE.match(self.text, self.start) else "")
        if GROUP_RE.fullmatch(subject) and (group := GROUP_RE.search(last)):
            # "全人群家庭医生签约率为44.1%，重点人群为81.3%": the same measure, of that group
            # ("家庭医生签约率全人群40.6%，重点人群80.9%": the group before the measure)
            if group.end() == len(last) and not last[:group.start()].endswith(_COVERS):
                return subject + last[:group.start()]
            return last[:group.start()] + subject + last[group.end():]
        if GROUP_RE.fullmatch(subject) and last.endswith("率"):
            return subject + last  # "家庭医生签约率43.5%（重点人群81.2%）": that group's rate
        if (group := GROUP_RE.search(last)) and subject.endswith("率") and (
                (len(last) > group.end() and (subject.startswith(last[group.end():])
                                              or last.endswith(subject[:-1])))
                or (len(last) == group.end() and subject[:-1] in last)):
            # "重点人群签约6.9万人，签约率为92.6%": the rate of the group just counted (also
            # "65岁以上老年人、慢性病患者等重点人群签约15.3万人，签约率77.9%", "家庭医生签约服务
            # 覆盖重点人群4.1万人，签约率79.6%")
            return group.group(0) + subject
        return carried_measure(last, subject)

    def _antecedent(self, v: Value, current: str = "") -> str:
        """The subject a verb-initial phrase ("达到推荐标准的占比") continues: the last
        subject of this sentence, else a value-free clause before it, else the
        paragraph's (or list's) last subject; for a share reaching a standard, else the
        institutions the sentence named, else the last share of institutions reaching one
        the document gave (a plan's 年度安排 after its goals)."""
        before = self._previous_clause_subject(v)
        if _strip_subject(before) == _strip_subject(current):
            before = ""  # "达到推荐标准的占比：23.1%": the name before the colon is this one
        found = self.last_subject or before or self.inherited_subject
        share = "标准" in current and current.endswith(("占比", "比例", "比重"))
        # the institutions the sentence named (not the programme's name, 优质服务基层行)
        named = [m.group(0) for m in INSTITUTION_RE.finditer(self.text, self.start, v.start)
                 if m.group(0) != _PROGRAMME]
        if found and not (share and named and not any(
                m.group(0) != _PROGRAMME for m in INSTITUTION_RE.finditer(found))):
            return found
        if not share:
            return ""
        # "全县6家乡镇卫生院全部达到基本标准，其中2家…，达到推荐标准的占比33.3%": the
        # institutions the sentence named, else the document's last share of some
        return named[-1] + "达到" if named else self.doc.standard_subject

    def _previous_clause_subject(self, v: Value) -> str:
        c0, _ = self.clause_of(v.start)
        prev = [c for c in self.clauses if c[1] <= c0]
        if not prev:
            return ""
        p0, p1 = prev[-1]
        among = _AMONG_RE.search(self.text, p0, p1) is not None
        if any((x.unit or x.kind == "ratio")
               and not (x.unit == "级" and _HOSPITAL_GRADE.match(self.text, x.end))
               and not (among and x.unit in INSTITUTION_COUNTS)
               for x in self._values_in(p0, p1)):
            # a clause with its own value has its own subject ("4." is no value); not the
            # institutions a share is taken among ("全区8个社区卫生服务中心中，达到…的占比")
            return ""
        return _strip_subject(self.text[p0:p1])

    def read_value_before_noun(self, v: Value, left: str, verb: str | None, seg_start: int,
                               c1: int) -> None:
        """``50%以上的县级医院达到…`` or ``建成30个市级重点实验室``."""
        text = self.text
        nxt = [x.start for x in self._values_in(v.end, c1) if x.unit != "级"]
        stop = min([c1, *nxt])
        noun = text[v.end:stop]
        noun = _LEADING_DE_RE.sub("", noun).rstrip("、和及与。;")
        held = _HOLDS_RE.search(left)
        if held and v.unit in ("名", "人", "张"):
            # "每万名居民拥有5名合格的全科医生": the base, the count, then what is counted
            resource = _RESOURCE_CUT_RE.split(noun, maxsplit=1)[0]
            self.emit(v, self.make(v, held.group("base") + resource, None, "per_population",
                                   seg_start=seg_start))
            return
        if v.unit == "%":
            lead = _strip_subject(left) == "" or _PCT_SUBJECT_LEAD.search(left)
            predicate = _PREDICATE_RE.match(text, v.end)
            if not lead and predicate and verb is None:
                # "县级中医医院70%以上达到推荐标准": subject, share, predicate
                phrase = left + text[v.end:self.clause_of(v.start)[1]]
                self.emit(v, self.make(v, phrase, None, "percent_predicate", seg_start=seg_start))
                return
            if not lead or (verb and verb not in ("力争", "争取")):
                return
            phrase = noun
            owner = _HAS_END_RE.sub("", left)
            if _PREDICATE_START_RE.match(phrase) and owner != left \
                    and _SUBJECT_NOUN_RE.search(owner):
                # "全县15个乡镇卫生院要有六成达到推荐标准": the share of those it has
                phrase = _strip_subject(owner) + phrase
            elif _PREDICATE_START_RE.match(phrase):
                # "70%的乡镇卫生院达到基本标准，力争20%达到推荐标准"; "…全部县级中医医院
                # 达到基本标准，60%达到推荐标准": a value-free predicate just before is the
                # one this runs parallel to
                prev = self._previous_clause_subject(v)
                ante = prev if _PREDICATE_START_RE.search(prev) else self._antecedent(v, phrase)
                phrase = _parallel_subject(ante, phrase) or phrase
            if not _PREDICATE_RE.search(phrase):
                pm = _PREDICATE_RE.search(text, stop, self.end)
                if pm:
                    clause_end = self.clause_of(pm.start())[1]
                    phrase = noun + text[pm.start():clause_end]
            self.emit(v, self.make(v, phrase, None, "percent_subject", seg_start=seg_start))
            return
        if v.unit not in _COUNT_UNITS:
            return
        create = _CREATE_TAIL_RE.search(left)
        listed = self._continues_count_list(v, left)
        if not (create or listed):
            return
        verb_text = create.group(0) if create else ""
        noun = _NOUN_CUT_RE.split(noun, maxsplit=1)[0]
        said = _SAID_END_RE.search(verb_text)
        self.emit(v, self.make(v, verb_text + noun, said.group(0) if said else None, "count",
                               seg_start=seg_start))

    def _continues_count_list(self, v: Value, left: str) -> bool:
        """``建成12个…、7个…``: a count right after a list separator following a count target."""
        if not _AND_SEP_RE.fullmatch(left.strip()):
            return False
        return any(t.method == "count" and val.end <= v.start for val, t in self.results)
