"""Extract quantitative targets from the text of a policy document.

The extractor reads sentence by sentence.  In each sentence it finds the
value-shaped spans (:mod:`analysis.extract.numbers`), decides for each one whether it
is a *target* (and not a baseline, a statistic, a qualifier such as
``辖区人口30万以上的``, a name in quotes or a document number), works out what
it measures (the indicator phrase), the comparator, the target year, and maps
the phrase to the codebook.  Rules describe the language of Chinese plans,
not any particular document:

* ``X达到V`` / ``X不低于V`` / ``X控制在V以内`` - subject, comparator verb, value;
* ``X、Y分别达到V、W`` - ``分别`` lists, with a shared prefix (``每千人口``)
  and a shared tail (``床位``) distributed over the items, per-item
  comparators, and one subject paired with several years;
* ``50%以上的县级医院达到…`` - a percentage before its subject;
* ``建成30个市级重点实验室`` - counts after a creation verb;
* ``由X提高到Y`` - only Y is a target; ``截至2023年``/``现有``/``已`` mark
  statistics; ``每年`` marks an annual target (no target year).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.extract.codebook import Codebook, Match
from analysis.extract.context import (
    DocContext,
    Places,
    doc_date_guess,
    places_of,
    review_flags,
    section_for,
    section_outlook,
    section_paths,
    speaking_level,
)
from analysis.extract.genre import DocumentKind, document_kind, head_plan_year, relative_years
from analysis.extract.numbers import Value, YearMention, find_values, find_years
from analysis.extract.segment import (
    Heading,
    Note,
    bracket_pairs,
    enclosure,
    find_headings,
    find_responsibility_notes,
    split_clauses,
    split_sentences,
)
from analysis.extract.statistics import (
    ACHIEVED,
    BASE,
    CHANGE_ALT,
    CHANGE_VERBS,
    PAST,
    statistic_reason,
)
from analysis.extract.tables import read_tables
from analysis.extract.target import Target
from analysis.extract.words import commitment_positions, find_commitment
from analysis.ingest.textnorm import NormText, normalize

EXTRACTOR_VERSION = "1.0.0"


# --- vocabulary -----------------------------------------------------------------

# Comparator verbs directly before a value, with the comparator they imply.
_VERB_CMP: list[tuple[str, str]] = [
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("不下于", ">="), ("至少", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不大于", "<="), ("不多于", "<="),
    ("超过", ">"), ("高于", ">"), ("大于", ">"), ("多于", ">"), ("突破", ">"), ("逾", ">"),
    ("低于", "<"), ("少于", "<"), ("小于", "<"),
    ("控制在", "<="),
    ("提高到", "="), ("提高至", "="), ("提升到", "="), ("提升至", "="),
    ("增加到", "="), ("增加至", "="), ("增长到", "="), ("增长至", "="),
    ("上升到", "="), ("上升至", "="), ("扩大到", "="), ("扩大至", "="),
    ("降低到", "<="), ("降低至", "<="), ("下降到", "<="), ("下降至", "<="),
    ("降到", "<="), ("降至", "<="), ("减少到", "<="), ("减少至", "<="),
    ("缩短到", "<="), ("缩短至", "<="), ("压缩到", "<="), ("压缩至", "<="),
    ("增至", "="), ("升至", "="), ("提至", "="), ("提高为", "="), ("提升为", "="),
    ("增加为", "="), ("降为", "<="), ("下降为", "<="), ("减至", "<="),
    ("保持在", "="), ("稳定在", "="), ("维持在", "="), ("保持", "="),
    ("达到", "="), ("达", "="), ("为", "="), ("是", "="), ("占", "="), ("在", "="),
    ("约", "≈"), ("近", "≈"), ("力争", "="), ("争取", "="),
]
_VERB_ALT = "|".join(re.escape(v) for v, _ in sorted(_VERB_CMP, key=lambda x: -len(x[0])))
_VERB_CMP_MAP = dict(_VERB_CMP)
_CHANGE_VERBS = CHANGE_VERBS
_CHANGE_ALT = CHANGE_ALT
_ADVERBS = (
    r"(?:均|分别|平均|总体|整体|累计|稳步|逐步|进一步|全部|总数|总量|再|新|共|要|将|应|需|可|能|至少)"
)
_VERB_TAIL_RE = re.compile(
    rf"(?P<verb>{_VERB_ALT}|{_CHANGE_ALT})(?P<adv>{_ADVERBS}*)"
    r"(?P<year>(?:19|20)\d{2}年(?:底|末)?的?)?$"
)
# Verbs that create or select countable things: 建成30个…, 遴选20名…
_CREATE_VERBS = (
    "建成", "建设", "建立", "打造", "培育", "创建", "争创", "新建", "新增", "遴选", "引进",
    "培养", "招聘", "招收", "设置", "设立", "组建", "开设", "认定", "确定", "评选", "推进",
    "完成", "支持", "扶持", "改造", "储备", "选派", "派驻", "下沉", "培训", "入选", "增设",
    "配备", "配置", "扩建", "申报", "获批", "建有", "均有", "至少有", "达标", "提供",
    "举办", "布局", "规划", "实施", "开展", "孵化", "创成", "晋升", "通过",
)
_CREATE_ALT = "|".join(sorted(_CREATE_VERBS, key=len, reverse=True))
_CREATE_TAIL_RE = re.compile(rf"(?:{_CREATE_ALT})(?:{_ADVERBS}|以上|个)*$")
_COUNT_UNITS = {
    "个", "家", "所", "项", "名", "人", "支", "批", "处", "条", "种", "座", "台", "套", "间",
    "人次", "万人", "万人次", "万名", "张", "万张", "例", "次", "分钟", "公里", "小时",
}
# After a value, words that start an adverbial rather than the value's noun.
_ADVERBIAL_AFTER = re.compile(r"到|赴|前往|进驻|深入|用于|参加|开展|在|以上(?:到|赴)")
_ASPIRE_RE = re.compile(r"力争|争取|努力|力求|力促|争创")
_MAINTAIN_RE = re.compile(r"保持|维持|稳定在|持续保持|巩固")
_ANNUAL_RE = re.compile(r"每年|年均|每一年|每年度|逐年|年度内|每两年|每三年")
_PCT_SUBJECT_LEAD = re.compile(
    r"(?:^|[、,;和及与]|力争|争取|确保|使|推动|实现|有|促进|引导|推进|支持|鼓励)$"
)
_PREDICATE_RE = re.compile(
    r"达到|实现|建成|设立|设置|开展|具备|完成|通过|配备|建有|开设|覆盖|纳入|提供|参与|参加"
)
_LEADING_FILLER = re.compile(
    r"^(?:[、,;和及与并且同时其中另外此外]|以及|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|"
    r"\d{1,2}[.、](?!\d)|[①-⑳]|[一二三四五六七八九十]是|[-—•●▲◆■]+|(?:到|至|在|于)(?=\d|[“\"]?十)|全市|全县|全区|全省|全旗|全盟|全州|"
    r"全国|我市|本市|我县|我区|我省|力争|争取|确保|要|将|使|推动|实现|基本|全面|进一步|"
    r"逐步|稳步|持续|努力|总体|平均|均|分别|累计|整体|各地|目标|主要目标|是|为|今年|明年|本年度?|"
    r"(?:较|比|与|同)?(?:19|20)\d{2}年(?:底|末)?(?:之?前|以前|相比)?|"
    r"(?:较|比)?[“\"]?十[三四五六]五[”\"]?(?:期末|末期|末|时期末))+"
)
_TRAILING_FILLER = re.compile(
    r"(?:(?<![年人平])均|分别|总体|整体|力争|争取|要|将|应|需|能|可|稳步|逐步|进一步|全部|每年|"
    r"基本|持续|努力|总数|达|[,、。;:的])+$"
)
_POP_PREFIX_RE = re.compile(
    r"每(?:千|万|十万|百|10万)(?:名)?(?:常住|户籍|服务)?(?:人口|居民|人)"
)
_TAIL_SUFFIXES = (
    "签约率", "覆盖率", "就诊率", "床位数", "病床数", "床位", "病床", "占比", "比例", "比重",
    "水平", "数", "率", "比",
)
_PREDICATE_START_RE = re.compile(r"达到|实现|建成|设立|设置|具备|开设")
_BULLET_RE = re.compile(
    r"(?P<dash>[-—•●▲◆■□☆★]+)|[①-⑳]|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|"
    r"\d{1,2}[.、](?!\d)|[一二三四五六七八九十]是"
)
_GENERIC_MEASURE_RE = re.compile(r"(?:其)?(?:建成率|覆盖率|达标率|占比|比例|比重|完成率)")
_SUBJECT_NOUN_RE = re.compile(
    r"医院|卫生院|中心|机构|人口|人群|居民|医生|医师|护士|床|人员|科室|县|市|区"
)
# "二级以上公立综合医院", "三级甲等": a grade naming hospitals, not a value
_HOSPITAL_GRADE = re.compile(
    r"(?:及|或)?(?:以上)?(?:的)?(?:公立|综合|医院|甲等|乙等|医疗机构|中医)"
)
# A population base that holds the counted resource: "每千人口拥有", "每万名居民有"
_HOLDS_RE = re.compile(
    r"(?P<base>每(?:千|万|十万|百)(?:名)?(?:常住|户籍|服务)?(?:人口|居民|人))"
    r"(?:拥有|有|配备|配置|达到|达)(?:合格的)?$"
)
_BOUNDARY_AFTER = set("、,;。和及与或)]”’\n:!?")


@dataclass
class _Doc:
    """Per-document state shared by the sentence-level rules."""

    nt: NormText
    doc_year: int | None
    doc_month: int | None
    level: str | None
    first_target_year: int | None
    plan_end_year: int | None
    other_places: Places | None
    values: list[Value]
    years: list[YearMention]
    depth: list[int]
    qdepth: list[int]
    headings: list[Heading]
    notes: list[Note]
    masked: list[tuple[int, int]]
    word_hits: list[int] = dataclasses.field(default_factory=list)  # words commitments

    @property
    def text(self) -> str:
        return self.nt.text


# --- helpers ----------------------------------------------------------------------


def _strip_subject(s: str) -> str:
    prev = None
    s = s.strip()
    while s != prev:
        prev = s
        s = _LEADING_FILLER.sub("", s)
        s = _TRAILING_FILLER.sub("", s)
        s = s.strip(" ,;、:")
    return s


def _verb_before(left: str) -> tuple[str | None, int, bool]:
    """Comparator verb at the end of ``left``: (verb, start index in left, is_change)."""
    m = _VERB_TAIL_RE.search(left)
    if not m:
        return None, len(left), False
    verb = m.group("verb")
    if verb in _CHANGE_VERBS:
        return verb, m.start(), True
    # "为"/"是"/"在"/"占"/"约" are only comparators when they stand alone (not 成为, 作为, 存在)
    if verb in ("为", "是", "在", "占", "约", "近", "达") and m.start() > 0:
        prev = left[m.start() - 1]
        if verb == "为" and prev in "成作认视称因行分更较":
            return None, len(left), False
        if verb == "在" and prev in "存现正实所内外":
            return None, len(left), False
        if verb == "近" and prev in "接最就附邻临":
            return None, len(left), False
        if verb == "达" and prev in "到表传送下抵通发":
            return None, len(left), False
    return verb, m.start(), False


def _comparator(verb: str | None, v: Value) -> str:
    if v.suffix_cmp:
        return v.suffix_cmp
    if verb and verb in _VERB_CMP_MAP:
        return _VERB_CMP_MAP[verb]
    return "="


# "实现床位数达到6张的目标": the value ends where 的目标 starts
_GOAL_AFTER = re.compile(r"的(?:发展|规划|预期)?(?:目标|要求)")


def _is_boundary_after(text: str, pos: int, end: int) -> bool:
    return (pos >= end or text[pos] in _BOUNDARY_AFTER or text.startswith("以上", pos)
            or bool(_GOAL_AFTER.match(text, pos)))


def _in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _list_items(subject: str, n: int) -> list[str] | None:
    """Split a 分别 subject into ``n`` items, trying 、 first and then 和/及/与."""
    for pattern in (r"、", r"以及|[、和及与]", r"以及|[、和及与,]"):
        items = [x for x in re.split(pattern, subject) if x]
        if len(items) == n:
            return items
    return None


def _shared_head_prefix(first: str, item: str) -> str:
    """Prefix of ``first`` that a bare conjunct ``item`` omits.

    In ``卫生院达到基本标准和推荐标准的比例`` the second item ``推荐标准…``
    shares its head word ``标准`` with the end of the first; the first item's
    text before its own conjunct (``卫生院达到``) is the shared prefix.
    """
    if _SUBJECT_NOUN_RE.search(item):
        return ""
    for size in range(min(6, len(first)), 1, -1):
        head = first[-size:]
        pos = item.find(head)
        if pos >= 0:
            conj = pos + size
            prefix = first[: len(first) - conj] if len(first) > conj else ""
            # only a subject with its verb is shared ("卫生院达到…"), never a word fragment
            return prefix if _PREDICATE_START_RE.search(prefix) else ""
    return ""


_MODIFIER_RE = re.compile(r"^(?P<mod>(?:达到|实现|设立|设置|建成|开设|具备)[^的]{2,30}的)")


_MEASURE_TAIL_RE = re.compile(r"(?:占比|比例|比重)$")


def _parallel_subject(previous: str, current: str) -> str:
    """A verb-initial ``current`` rebuilt on the subject it runs parallel to.

    ``全地区达到基本标准的乡镇卫生院占比`` + ``达到推荐标准的占比`` ->
    ``全地区达到推荐标准的乡镇卫生院占比``; ``乡镇卫生院达到基本标准`` +
    ``达到推荐标准`` -> ``乡镇卫生院达到推荐标准``.  "" when there is nothing to borrow.
    """
    head = _PREDICATE_START_RE.search(previous)
    if not head:
        return ""
    before, after = previous[: head.start()], previous[head.start():]
    noun = ""
    k = after.find("的")
    measure = _MEASURE_TAIL_RE.search(current)
    if k >= 0 and measure:
        noun = _MEASURE_TAIL_RE.sub("", after[k + 1:])
    if not (before or noun):
        return ""
    return before + _MEASURE_TAIL_RE.sub("", current) + noun + (measure.group(0) if measure else "")


def _shared_modifier(previous: str, subject: str) -> str:
    """The "达到…标准的" that qualifies the previous subject, when this subject (a bare
    "县级中医医院占比") is its parallel: same kind of head noun, no modifier or verb of its own."""
    m = _MODIFIER_RE.match(previous)
    if not m or not subject or "的" in subject or _PREDICATE_START_RE.search(subject):
        return ""
    return m.group("mod") if _SUBJECT_NOUN_RE.search(subject) else ""


def _distribute(items: list[str]) -> list[str]:
    """Share a leading prefix and a trailing measure over list items."""
    if not items:
        return items
    out = list(items)
    m = _POP_PREFIX_RE.search(out[0])
    if m:
        prefix = out[0][: m.end()]
        out = [out[0]] + [x if _POP_PREFIX_RE.search(x) else prefix + x for x in out[1:]]
    out = [out[0]] + [(_shared_head_prefix(out[0], x) or _shared_modifier(out[0], x)) + x
                      for x in out[1:]]
    last = out[-1]
    pm = _PREDICATE_START_RE.search(last)
    tail = ""
    if pm and pm.start() > 0:
        tail = last[pm.start():]
    else:
        for suf in sorted(_TAIL_SUFFIXES, key=len, reverse=True):
            if last.endswith(suf):
                tail = suf
                break
    if tail:
        out = [
            x if (x.endswith(_TAIL_SUFFIXES) or _PREDICATE_START_RE.search(x)) else x + tail
            for x in out[:-1]
        ] + [last]
    return out


# --- the extractor ----------------------------------------------------------------


class _SentenceReader:
    """Applies the target rules to one sentence."""

    def __init__(self, doc: _Doc, start: int, end: int, inherited: int | str | None = None,
                 review: bool = False, inherited_subject: str = "") -> None:
        self.doc = doc
        self.inherited = inherited  # a year, PAST, or None
        self.review = review  # the sentence sits in a 发展现状/完成情况 section
        self.start = start
        self.end = end
        self.text = doc.text
        self.values = [
            v for v in doc.values if start <= v.start < end and not _in_spans(v.start, doc.masked)
        ]
        self.years = [y for y in doc.years if start <= y.start < end]
        self.clauses = split_clauses(self.text, start, end, doc.depth)
        self.results: list[tuple[Value, Target]] = []
        self.stats: list[tuple[Value, Target]] = []  # reported values (observations)
        self.data_year_default: int | None = None  # the paragraph's last year, for statistics
        self.handled: set[int] = set()
        self.value_ends: list[int] = []  # ends of values already read (targets or baselines)
        self.last_subject = ""
        # "床位6.8张（2020年）。到2025年，力争达到7.5张": the paragraph's last subject
        self.inherited_subject = inherited_subject

    # -- context ------------------------------------------------------------------
    def clause_of(self, pos: int) -> tuple[int, int]:
        for c in self.clauses:
            if c[0] <= pos < c[1]:
                return c
        return (self.start, self.end)

    def _year_role(self, y: YearMention) -> str:
        before = self.text[max(self.start, y.start - 2):y.start]
        if before.endswith(("由", "从")) or before[-1:] in ("由", "从"):
            return "from"
        if before.endswith(("比", "较", "与", "同")) or before.endswith("相比"):
            return "ref"
        if y.kind == "as_of" or self._before_issue(y, strict=y.kind in ("to", "period")):
            return "baseline"
        return "target"

    def _before_issue(self, y: YearMention, strict: bool) -> bool:
        """A year the plan looks back on: before the issue year (or the issue year itself,
        late in that year: a December plan's "2024年，全市…" reports that year)."""
        doc_year, month = self.doc.doc_year, self.doc.doc_month
        if doc_year is None:
            first = self.doc.first_target_year
            return first is not None and not strict and y.year < first
        if y.year < doc_year:
            return True
        return not strict and y.year == doc_year and (month is None or month > 9)

    def year_for(self, v: Value) -> tuple[int | None, bool, str | None]:
        """(target year, is_baseline, where the year came from) for a value.

        Sources: "sentence" (a year mention around the value), "paragraph" (the
        year that opened the paragraph), "plan period" (the end of the period in
        the plan's title, for a target stated with no year at all).
        """
        before = [y for y in self.years if y.end <= v.start]
        roles = [(y, self._year_role(y)) for y in before]
        roles = [(y, r) for y, r in roles if r not in ("from", "ref")]
        if roles and roles[-1][1] == "baseline":
            return None, True, None
        targets = [y for y, r in roles if r == "target"]
        clause = self.clause_of(v.start)
        after = [
            y for y in self.years
            if y.start >= v.end and y.start < clause[1] and self._year_role(y) == "target"
        ]
        if self.review and not any(y.kind in ("to", "period") for y in targets + after):
            # in a 发展现状/工作完成情况 section only an explicit 到YYYY年 makes a target
            return None, True, None
        if targets:
            return targets[-1].year, False, "sentence"
        if after:
            return after[0].year, False, "sentence"
        if any(self._year_role(y) == "baseline" and self.text[v.end:y.start] in ("(", "")
               for y in self.years):
            return None, True, None  # "床位6.8张（2020年）": a value dated in the past
        if [y for y in self.years if self._year_role(y) in ("target", "baseline")]:
            return None, False, None
        # "到2027年，…。全市每千人口床位数…": the paragraph's opening year carries over;
        # after "2024年，全市…" the paragraph goes on reporting the past
        if self.inherited == PAST:
            return None, True, None
        if isinstance(self.inherited, int):
            return self.inherited, False, "paragraph"
        if self.doc.plan_end_year is not None:
            return self.doc.plan_end_year, False, "plan period"
        return None, False, None

    def year_context(self) -> int | str | None:
        """The year this sentence passes on to the next one in its paragraph.

        The last target year it mentions; PAST when it only speaks of the past;
        None when it mentions no year (inheritance continues).
        """
        roles = [(y, self._year_role(y)) for y in self.years]
        roles = [(y, r) for y, r in roles if r in ("target", "baseline")]
        if not roles:
            return None
        targets = [y for y, r in roles if r == "target"]
        return targets[-1].year if targets else PAST

    def statistic_reason(self, v: Value, seg_start: int) -> str | None:
        """A baseline, an achieved value, or another scope's goal (省定目标…全省…)."""
        c0, c1 = self.clause_of(v.start)
        return statistic_reason(self.text, self.start, (c0, c1), max(c0, seg_start), v,
                                self.doc.level, self.doc.other_places)

    def data_year(self, v: Value) -> tuple[int | None, str | None]:
        """The year a statistic is of: the last year named before it in the sentence
        ("2023年末，…5.27人", "由2018年6.03张"), else one right after it in its clause,
        else the paragraph's year."""
        # a year with another value between it and this one belongs to that value
        # ("由2017年的5.72张增加到6.03张": 6.03 is not of 2017)
        before = [y for y in self.years if y.end <= v.start
                  and self.text[max(self.start, y.start - 1):y.start] not in ("比", "较")
                  and not any(y.end <= x.start < v.start for x in self.values)]
        if before:
            return before[-1].year, "sentence"
        clause_end = self.clause_of(v.start)[1]
        after = [y for y in self.years if v.end <= y.start < clause_end]
        if after:
            return after[0].year, "sentence"
        if isinstance(self.inherited, int):
            return self.inherited, "paragraph"
        if self.data_year_default is not None:
            return self.data_year_default, "paragraph"
        return None, None

    def statistic(self, v: Value, subject: str, verb: str | None, seg_start: int) -> None:
        """Keep a reported value (an observation) with the year it is of."""
        year, source = self.data_year(v)
        t = self.make(v, subject, verb, "statistic", seg_start=seg_start, year=year,
                      use_year=True)
        t.year_source = source if t.target_year is not None else None
        t.statistic = True
        self.stats.append((v, t))

    def in_target_context(self, v: Value) -> bool:
        year, _, source = self.year_for(v)
        if year is not None and source != "plan period":
            return True
        return bool(_ASPIRE_RE.search(self.text[self.start:v.start]))

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
        # only the value's own words make it annual: an inherited subject
        # ("健康素养水平每年提高1个百分点，到2025年达到45%") does not
        annual = bool(_ANNUAL_RE.search(seg))
        source = "sentence" if use_year else None
        if not use_year:
            year, _, source = self.year_for(v)
        if annual:
            year, source = None, None
        aspir = bool(_ASPIRE_RE.search(self.text[self.start:v.start]))
        maintain = bool(_MAINTAIN_RE.search(seg)) or verb in ("保持在", "稳定在", "维持在", "保持")
        cmp_ = comparator or _comparator(verb, v)
        kind = "change" if (is_change or v.unit == "百分点") else "level"
        nt = self.doc.nt
        q0, q1 = nt.raw_span(self.start, self.end)
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

    # -- value filters --------------------------------------------------------------
    def _restates_clause(self, v: Value) -> bool:
        """``全部达到推荐标准（100%）``: the parenthesis holds nothing but the value."""
        text = self.text
        return (
            self.doc.depth[v.start] == 1 and v.start > 0 and text[v.start - 1] == "("
            and text[v.end:v.end + 1] == ")" and v.unit == "%"
        )

    def plausible(self, v: Value) -> bool:
        d = self.doc
        if d.qdepth[v.start] > 0 or (d.depth[v.start] > 0 and not self._restates_clause(v)):
            return False
        prev = self.text[v.start - 1] if v.start > 0 else ""
        # 每千人口 / 第3 / 前五名 are denominators, ordinals and ranks ("近90%" is fine)
        if prev in ("每", "第", "前", "后", "/", ".") and v.kind != "percent_cn":
            return False
        if prev.isascii() and prev.isalpha():
            return False
        if v.kind == "chinese" and v.value == 1 and not v.suffix_cmp:
            left = self.text[max(self.start, v.start - 4):v.start]
            if not re.search(r"至少|不少于|各|每个|均有|确定|建成|建设|设置|设立", left):
                return False
        return True

    # -- rules ------------------------------------------------------------------------
    def read(self) -> list[tuple[Value, Target]]:
        hits = self.doc.word_hits
        i = bisect_left(hits, self.start)
        words = i < len(hits) and hits[i] < self.end
        for c0, c1 in self.clauses:
            k = self.text.find("分别", c0, c1)
            if k >= 0 and self.doc.qdepth[k] == 0:
                self.read_list(c0, c1, k)
            for v in self.values:
                if c0 <= v.start < c1 and v.start not in self.handled and self.plausible(v):
                    self.read_value(v)
            if words:
                self.read_words(c0, c1)
        self.results.sort(key=lambda vt: vt[0].start)
        return self.results

    def read_words(self, c0: int, c1: int) -> None:
        """A commitment in words (see :mod:`analysis.extract.words`): 100 %."""
        if any(c0 <= v.start < c1 and v.unit != "" and not _HOSPITAL_GRADE.match(self.text, v.end)
               for v in self.values):
            return
        found = find_commitment(self.text, c0, c1)
        if found is None or self.doc.qdepth[found.start] or self.doc.depth[found.start]:
            return
        v = Value(found.start, found.end, 100.0, None, "%", None, "words",
                  self.text[found.start:found.end], found.end)
        _, baseline, _ = self.year_for(v)
        if baseline or not self.in_target_context(v) or self.statistic_reason(v, c0):
            return
        t = self.make(v, found.phrase, None, "words", seg_start=c0)
        t.in_words = True
        self.emit(v, t)

    def read_list(self, c0: int, c1: int, k: int) -> None:
        """``X、Y分别达到V、W``: pair items with values (or years with values)."""
        text = self.text
        pos = k + 2
        chosen: list[tuple[Value, str | None]] = []
        for v in self.values:
            if v.start < pos:
                continue
            gap = text[pos:v.start]
            sep = r"(?:[、,和及与]|以及)?" if chosen else ""
            m = re.fullmatch(rf"{sep}(?P<verb>{_VERB_ALT})?(?:{_ADVERBS})*", gap)
            if not m or (not chosen and not m.group("verb")):
                break
            if not self.plausible(v) or not _is_boundary_after(text, v.end, self.end):
                break  # "…和35%，15岁以上人群…": a qualifier, not another list value
            chosen.append((v, m.group("verb") or (chosen[-1][1] if chosen else None)))
            pos = v.end
        if not chosen:
            return
        subject_raw = text[c0:k]
        subject = _strip_subject(subject_raw)
        if not subject:
            prev = [c for c in self.clauses if c[1] <= c0]
            subject = _strip_subject(text[prev[-1][0]:prev[-1][1]]) if prev else ""
        n = len(chosen)
        listed = self._listed_years(k)
        if n > 1 and len(listed) == n and listed[0].start >= c0:
            # "签约率到2027年和2030年分别达到55%和65%": one subject, one value per year
            subject = _strip_subject(text[c0:listed[0].start] + text[listed[-1].end:k])
            for (v, verb), y in zip(chosen, listed, strict=True):
                self.emit(v, self.make(v, subject, verb, "list_years", seg_start=c0,
                                       year=y.year, use_year=True))
            return
        items = _list_items(subject, n) if subject else None
        earlier = [t.indicator_text for _, t in self.results if t.indicator_text]
        if not subject and len(earlier) >= n:
            # "…床位数达7.8张，医师数达3.5人；到2030年，分别达到8.2张和3.8人"
            items = earlier[-n:]
        if items is not None:
            items = _distribute(items)
            for (v, verb), item in zip(chosen, items, strict=True):
                self.emit(v, self.make(v, item, verb, "list", seg_start=c0))
            return
        if n > 1 and len(listed) == n:
            for (v, verb), y in zip(chosen, listed, strict=True):
                self.emit(v, self.make(v, subject, verb, "list_years", seg_start=c0,
                                       year=y.year, use_year=True))
            return
        for v, verb in chosen:
            self.emit(v, self.make(v, subject, verb, "list_unpaired", seg_start=c0))

    def _listed_years(self, k: int) -> list[YearMention]:
        """Target years written as one list before position k (到2025年、2030年)."""
        run: list[YearMention] = []
        for y in self.years:
            if y.end > k or self._year_role(y) != "target":
                continue
            if y.start > 0 and self.text[y.start - 1] == "到" and run:
                y = YearMention(y.start - 1, y.end, y.year, y.kind)
            gap = self.text[run[-1].end:y.start] if run else ""
            run = [*run, y] if run and re.fullmatch(r"[、,和及与]|以及", gap) else [y]
        return run

    def read_value(self, v: Value) -> None:
        text = self.text
        c0, c1 = self.clause_of(v.start)
        prev_ends = [e for e in self.value_ends if c0 <= e <= v.start]
        seg_start = max([c0, *prev_ends])
        left = text[seg_start:v.start]
        verb, vpos, is_change = _verb_before(left)
        if v.unit == "" and v.kind not in ("ratio",):
            # a bare number is a target only right after a verb and before a boundary
            if verb is None or is_change or not _is_boundary_after(text, v.end, c1):
                return
            if v.kind == "chinese" or v.num_end != v.end:
                return
        _, baseline, _ = self.year_for(v)
        reason = None if baseline else self.statistic_reason(v, seg_start)
        if baseline or reason is not None:
            # not a target, but its subject names what a later "提高到…" refers to
            self.handled.add(v.start)
            self.value_ends.append(v.end)
            subject = _strip_subject(re.split(r"由|从", left[:vpos])[0])
            if subject:
                self.last_subject = subject
            if baseline or reason in (ACHIEVED, BASE):
                self.statistic(v, subject or self.last_subject, verb, seg_start)
            return
        if self._restates_clause(v):
            subject = text[seg_start:v.start - 1]
            self.emit(v, self.make(v, subject, None, "parenthetical", seg_start=seg_start))
            return
        boundary = _is_boundary_after(text, v.end, c1)
        if v.unit == "级":
            self.read_level(v, left, verb, vpos, seg_start, boundary)
            return
        # "每年下派医务人员不少于60人次到乡镇卫生院…": a comparator, then where they go
        adverbial = bool(verb and verb in _VERB_CMP_MAP and not is_change
                         and _ADVERBIAL_AFTER.match(text, v.end))
        if boundary or adverbial or text.startswith("(", v.end):
            self.read_subject_value(v, left, verb, vpos, is_change, seg_start)
        else:
            self.read_value_before_noun(v, left, verb, seg_start, c1)

    def read_level(self, v: Value, left: str, verb: str | None, vpos: int, seg_start: int,
                   boundary: bool) -> None:
        """Grades (四级): only ``…水平达到四级(以上)``; 三级医院 is a hospital grade."""
        if verb is None:
            return
        subject = left[:vpos]
        if not boundary and not (
            self.text.startswith("水平", v.end) and re.search(r"水平|等级|级别", subject)
        ):
            return
        self.emit(v, self.make(v, subject or self.last_subject, verb, "verb", seg_start=seg_start))

    def read_subject_value(self, v: Value, left: str, verb: str | None, vpos: int,
                           is_change: bool, seg_start: int) -> None:
        """``X达到V`` (or ``X V以上`` with no verb)."""
        subject = left[:vpos] if verb else left
        if verb is None and not v.suffix_cmp:
            create = re.search(rf"(?:{_CREATE_ALT})", self.text[self.clause_of(v.start)[0]:v.start])
            if not (self.in_target_context(v) or create) or not v.unit:
                # not a target ("床位6.8张（2020年）"), but a later "达到7.5张" may mean it
                self.last_subject = _strip_subject(subject) or self.last_subject
                return
            method = "context"
        else:
            method = "verb" if verb else "suffix"
        if _GENERIC_MEASURE_RE.fullmatch(_strip_subject(subject)):
            # "…个县全部建成紧密型县域医共体，建成率达到100%"
            c0, _ = self.clause_of(v.start)
            prev = [c for c in self.clauses if c[1] <= c0]
            if prev:
                subject = self.text[prev[-1][0]:prev[-1][1]] + _strip_subject(subject)
        elif not _strip_subject(subject):
            subject = (self.last_subject or self._previous_clause_subject(v)
                       or self.inherited_subject)
        elif (_PREDICATE_START_RE.match(_strip_subject(subject))
              and not _SUBJECT_NOUN_RE.search(_strip_subject(subject))
              and (parallel := _parallel_subject(self._antecedent(v), _strip_subject(subject)))):
            # "卫生院达到基本标准的比例达到100%，达到推荐标准的比例达到40%"
            subject = parallel
        elif (modifier := _shared_modifier(self.last_subject, _strip_subject(subject))):
            # "达到推荐标准的县级综合医院占比达到85%、县级中医医院占比达到70%"
            subject = modifier + _strip_subject(subject)
        elif is_change:
            pass
        elif not _POP_PREFIX_RE.search(subject) and not re.search(r"[比率]", subject):
            # "每千人口执业医师数达到3.3人、注册护士数达到4.0人": the base carries over
            m = _POP_PREFIX_RE.search(self.last_subject)
            if m:
                subject = m.group(0) + _strip_subject(subject)
        self.emit(v, self.make(v, subject, verb, method, is_change=is_change,
                               seg_start=seg_start))

    def _antecedent(self, v: Value) -> str:
        """The subject a verb-initial phrase ("达到推荐标准的占比") continues: the last
        subject of this sentence, else a value-free clause before it, else the
        paragraph's (or list's) last subject."""
        return self.last_subject or self._previous_clause_subject(v) or self.inherited_subject

    def _previous_clause_subject(self, v: Value) -> str:
        c0, _ = self.clause_of(v.start)
        prev = [c for c in self.clauses if c[1] <= c0]
        if not prev:
            return ""
        p0, p1 = prev[-1]
        if any(p0 <= x.start < p1 and (x.unit or x.kind == "ratio") for x in self.values):
            return ""  # a clause with its own value has its own subject ("4." is no value)
        return _strip_subject(self.text[p0:p1])

    def read_value_before_noun(self, v: Value, left: str, verb: str | None, seg_start: int,
                               c1: int) -> None:
        """``50%以上的县级医院达到…`` or ``建成30个市级重点实验室``."""
        text = self.text
        nxt = [x.start for x in self.values if v.end <= x.start < c1 and x.unit != "级"]
        stop = min([c1, *nxt])
        noun = text[v.end:stop]
        noun = re.sub(r"^的", "", noun).rstrip("、和及与。;")
        held = _HOLDS_RE.search(left)
        if held and v.unit in ("名", "人", "张"):
            # "每万名居民拥有5名合格的全科医生": the base, the count, then what is counted
            resource = re.split(r"[、,;和及与]", noun, maxsplit=1)[0]
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
            if _PREDICATE_START_RE.match(phrase):
                # "70%的乡镇卫生院达到基本标准，力争20%达到推荐标准"
                phrase = _parallel_subject(self._antecedent(v), phrase) or phrase
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
        noun = re.split(r"[、,;]", noun, maxsplit=1)[0]
        self.emit(v, self.make(v, verb_text + noun, None, "count", seg_start=seg_start))

    def _continues_count_list(self, v: Value, left: str) -> bool:
        """``建成12个…、7个…``: a count right after a list separator following a count target."""
        if not re.fullmatch(r"[、和及与]|以及", left.strip()):
            return False
        return any(t.method == "count" and val.end <= v.start for val, t in self.results)


def _responsible_for(doc: _Doc, sent_end: int) -> str | None:
    heading_starts = [h.start for h in doc.headings]
    for note in doc.notes:
        if note.start < sent_end - 1:
            continue
        if note.start - sent_end > 3000:
            return None
        if any(sent_end <= hs < note.start for hs in heading_starts):
            return None
        return note.units
    return None


@dataclass
class Extraction:
    """What one document yields: targets, statistics (observations) and what kind of
    document it is (genre and reference date, each with how it was inferred)."""

    targets: list[Target]
    statistics: list[Target]
    kind: DocumentKind


def extract_targets(raw: str, context: DocContext | int | str | None = None) -> list[Target]:
    """Every quantitative target in ``raw``, in document order, not yet mapped.

    ``context`` (see DocContext; a bare year or ISO date is accepted) tells
    statistic years from target years; the issue date is guessed from the
    signing date or 文号 when not given.
    """
    return extract_document(raw, context).targets


def _document_kind(text: str, ctx: DocContext) -> DocumentKind:
    given = ctx.reference_date or ctx.issued_on
    source = "manifest" if ctx.reference_date else "issue date"
    return document_kind(text, ctx.title, genre=ctx.genre, reference=given,
                         reference_source=source, signed=doc_date_guess(text))


def _year_month(date: str | None) -> tuple[int | None, int | None]:
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?", date or "")
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def extract_document(raw: str, context: DocContext | int | str | None = None) -> Extraction:
    """Targets and statistics of one document, with its genre and reference date.

    Passes: normalise -> document context (genre, reference date, plan period,
    sections) -> sentences (values, years, subjects) and tables -> target or
    statistic.  A bulletin or a review yields statistics only; a work report
    yields targets only in its forward-looking sections (工作安排, 工作计划).
    """
    ctx = DocContext.of(context)

    nt = normalize(raw)
    text = nt.text
    kind = _document_kind(text, ctx)
    pairs = bracket_pairs(text)
    depth, qdepth = enclosure(text, pairs)
    headings = find_headings(text)
    # a title year (2024年工作要点) says which year the text is about, not when it speaks
    dated = kind.reference_date if kind.reference_date_source != "title year" else None
    guessed = ctx.year_month if ctx.issued_on else _year_month(dated)
    table_targets, masked = read_tables(nt, guessed[0])
    years = find_years(text)
    if kind.reference_year is not None:  # 今年 / 明年 in a dated news report or work plan
        years = sorted(years + relative_years(text, kind.reference_year), key=lambda y: y.start)
    to_years = [y.year for y in years if y.kind in ("to", "period")]
    doc = _Doc(
        nt=nt,
        doc_year=guessed[0],
        doc_month=guessed[1],
        level=ctx.level or speaking_level(text),
        plan_end_year=ctx.plan_end_year or head_plan_year(text),
        other_places=places_of(ctx),
        first_target_year=min(to_years) if to_years else None,
        values=find_values(text),
        years=years,
        depth=depth,
        qdepth=qdepth,
        headings=headings,
        notes=find_responsibility_notes(nt, pairs),
        masked=masked,
        word_hits=commitment_positions(text),
    )
    found: list[Target] = []
    stats: list[Target] = []
    para_year: int | str | None = None
    para_data_year: int | None = None  # the last year the paragraph named, of any role
    para_subject = ""
    list_mode = False
    review = review_flags(headings)
    heading_starts = [h.start for h in headings]
    for s0, s1 in split_sentences(text, depth):
        if s0 == 0 or text[s0 - 1] == "\n":
            # A new paragraph starts without an inherited year, unless it is an item of a
            # list the previous paragraph introduced ("到2025年，…：" then "——…；" lines).
            bullet = _BULLET_RE.match(text, s0)
            if text[:s0].rstrip("\n")[-1:] == ":":
                list_mode = True
            elif not bullet:
                list_mode = False
            if not (list_mode or (bullet and bullet.group("dash"))):
                para_year = None
                para_data_year = None
            if not list_mode:
                para_subject = ""
        if _in_spans(s0, masked) and _in_spans(s1 - 1, masked):
            continue
        in_review = review[bisect_right(heading_starts, s0) - 1] if heading_starts else False
        reader = _SentenceReader(doc, s0, s1, para_year, in_review and s0 >= heading_starts[0],
                                 para_subject)
        reader.data_year_default = para_data_year
        for _, t in reader.read():
            t.responsible = _responsible_for(doc, s1)
            found.append(t)
        stats.extend(t for _, t in reader.stats)
        context = reader.year_context()
        if context is not None:
            para_year = context
        para_subject = reader.last_subject or para_subject
        if reader.years:
            para_data_year = reader.years[-1].year
    found.extend(table_targets)
    found.sort(key=lambda t: (t.char_start, t.value_start))
    starts = [h.start for h in headings]
    paths = section_paths(headings)
    for t in found + stats:
        t.section, t.section_path = section_for(paths, starts, _norm_pos(nt, t.char_start))
    found, reported = _by_genre(found, kind, nt, headings)
    stats = sorted(stats + reported, key=lambda t: (t.char_start, t.value_start))
    if kind.genre == "bulletin" and kind.title_year is not None:
        for t in stats:  # 《2023年…统计公报》: its undated numbers are of 2023
            if t.target_year is None:
                t.target_year, t.year_source = kind.title_year, "title year"
    return Extraction(found, stats, kind)


def _by_genre(found: list[Target], kind: DocumentKind, nt: NormText,
              headings: list[Heading]) -> tuple[list[Target], list[Target]]:
    """(targets, statistics): a bulletin's or a review's numbers are all statistics, a work
    report's too except under a forward-looking heading (2024年工作安排)."""
    if kind.yields_targets:
        return found, []
    outlook = section_outlook(headings)
    starts = [h.start for h in headings]
    keep, reported = [], []
    for t in found:
        i = bisect_right(starts, _norm_pos(nt, t.value_start)) - 1
        if kind.genre == "work_report" and i >= 0 and outlook[i] is False:
            keep.append(t)
            continue
        t.statistic = True
        if t.year_source not in ("sentence", "paragraph", "table"):
            t.target_year = t.year_source = None
        reported.append(t)
    return keep, reported


def _norm_pos(nt: NormText, raw_pos: int) -> int:
    return bisect_right(nt.index, raw_pos) - 1 if nt.index else 0


_UNMAPPABLE = {"list_unpaired": "分别 list: items and values do not pair"}
_RATE_NAME = re.compile(r"(?:率|占比|比例|比重)$")


def _lost_percent(t: Target) -> bool:
    """A bare number between 0 and 100 stated for a rate (its name ends in 率/占比/比例)."""
    return t.unit == "" and 0 < t.value <= 100 and bool(_RATE_NAME.search(t.indicator_text))


def assign_indicators(targets: Iterable[Target], codebook: Codebook) -> list[Target]:
    """Map each target's indicator phrase to a codebook id (in place; returns the list).

    Kept apart from extraction so that a codebook change re-maps cached
    extractions without re-reading the documents.  Changes (``提高5个百分点``)
    and unpaired 分别 lists stay unmapped: their number is not the indicator's level.
    """
    out = list(targets)
    for t in out:
        if t.value_written is None:  # first mapping: remember the number as written
            t.value_written, t.value_high_written = t.value, t.value_high
        t.value, t.value_high = t.value_written, t.value_high_written
        t.value_std = t.value_std_high = None
        if t.kind != "level":
            t.indicator_id, t.match_note = None, "change, not a level"
        elif t.method in _UNMAPPABLE:
            t.indicator_id, t.match_note = None, _UNMAPPABLE[t.method]
        elif not t.indicator_text:
            t.indicator_id, t.match_note = None, "no indicator phrase"
        else:
            m = codebook.match(t.indicator_text, t.unit, t.value, t.annual)
            if m.indicator_id is None and _lost_percent(t):
                # "分别达到50 及以上和90 及以上": a rate whose % sign the PDF lost
                m = codebook.match(t.indicator_text, "%", t.value, t.annual)
                if m.indicator_id:
                    t.unit = "%"
                    m = Match(m.indicator_id, f"{m.alias} (% sign lost)", m.reason, m.scale)
            t.indicator_id = m.indicator_id
            t.match_note = m.alias if m.indicator_id else m.reason
            if m.indicator_id:
                # the value in the indicator's unit: 每万人口床位数75张 is 7.5 per 1,000
                t.value = t.value_std = round(t.value * m.scale, 9)
                if t.value_high is not None:
                    t.value_high = t.value_std_high = round(t.value_high * m.scale, 9)
                if m.scale != 1.0:
                    t.match_note += f" (per-population base converted, x{m.scale:g})"
    return out


def extract_and_map(
    raw: str, codebook: Codebook, context: DocContext | int | str | None = None
) -> list[Target]:
    """Extraction followed by indicator mapping: what the store holds for a document."""
    return assign_indicators(extract_targets(raw, context), codebook)
