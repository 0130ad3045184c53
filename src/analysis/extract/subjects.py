"""Linking a value to its subject: the indicator phrase before (or around) a value.

Shapes handled:

* ``X达到V`` - the comparator verb at the end of the text before the value
  (:func:`_verb_before`), the subject stripped of filler (:func:`_strip_subject`);
* ``X、Y分别达到V、W`` - list items split on 、/和/及 (:func:`_list_items`), a
  shared population base (``每千人口执业医师、注册护士``) and a shared tail
  (``床位``) distributed over the items (:func:`_distribute`);
* ``卫生院达到基本标准和推荐标准的比例`` - a bare conjunct borrowing its head
  (:func:`_shared_head_prefix`);
* ``…占比达到100%，达到推荐标准的占比达到40%`` - a verb-initial subject rebuilt on
  its antecedent (:func:`_parallel_subject`, :func:`_shared_modifier`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from analysis.extract.numbers import Value
from analysis.extract.statistics import RESULT_WORDS, RESULT_YEAR
from analysis.extract.vocabulary import (
    _BEDS_TAIL_RE,
    _BOUNDARY_AFTER,
    _CHANGE_ALT,
    _CHANGE_VERBS,
    _LEADING_FILLER,
    _POP_PREFIX_RE,
    _PREDICATE_START_RE,
    _SUBJECT_NOUN_RE,
    _TAIL_SUFFIXES,
    _TRAILING_FILLER,
    _VERB_CMP_MAP,
    _VERB_TAIL_RE,
    INSTITUTION_RE,
)

# --- helpers ----------------------------------------------------------------------


# pure, and called again and again on the same few phrases (a subject is stripped by
# every rule that looks at it): the answer is remembered
@lru_cache(maxsize=8192)
def _strip_subject(s: str) -> str:
    prev = None
    s = s.strip()
    while s != prev:
        prev = s
        s = _LEADING_FILLER.sub("", s)
        s = _TRAILING_FILLER.sub("", s)
        s = s.strip(" ,;、:")
    return s


# "提升二级以上医院预约诊疗率至65%": a change verb, its object, then 至/到 the level
_SPLIT_TO_RE = re.compile(
    rf"^[^,，;；。]*?(?:{_CHANGE_ALT}|控制|压缩)[^,，;；。]{{2,30}}?(?<![截直甚乃以])(?:至|到)$")


# "…目标2.5人，完成2.42人": the result set against a goal, a clause of its own
_RESULT_CLAUSE_RE = re.compile(rf"\s*{RESULT_YEAR}\s*{RESULT_WORDS}\s*$")


@lru_cache(maxsize=8192)  # (pure, its answer immutable: the same phrases come back)
def _verb_before(left: str) -> tuple[str | None, int, bool]:
    """Comparator verb at the end of ``left``: (verb, start index in left, is_change)."""
    m = _VERB_TAIL_RE.search(left)
    if not m and _RESULT_CLAUSE_RE.fullmatch(left):
        return left.strip(), 0, False
    if not m:
        if _SPLIT_TO_RE.search(left):
            return left[-1], len(left) - 1, False  # the level it is raised to
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
        if verb == "约" and prev in "签节制预公":
            return None, len(left), False  # "重点人群签约12.06万人": 签约 signs, no "about"
    return verb, m.start(), False


def _comparator(verb: str | None, v: Value) -> str:
    if v.suffix_cmp:
        return v.suffix_cmp
    if verb and verb in _VERB_CMP_MAP:
        return _VERB_CMP_MAP[verb]
    return "="


# "实现床位数达到6张的目标": the value ends where 的目标 starts
_GOAL_AFTER = re.compile(r"的(?:发展|规划|预期)?(?:目标|要求)|/年")  # (300人次/年: per year)


def _is_boundary_after(text: str, pos: int, end: int) -> bool:
    return (pos >= end or text[pos] in _BOUNDARY_AFTER or text.startswith("以上", pos)
            or bool(_GOAL_AFTER.match(text, pos)))


def _in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


_BRACKETED_RE = re.compile(r"\([^()]*\)")
# where a 分别 subject may be cut, tried in turn: 、 alone; then 和/及/与 too; then a comma too
# (each branch opens on its own character, not a class: re skips ahead to those)
_LIST_CUT_RES = tuple(re.compile(p) for p in (
    r"、", r"以及|、|和|与|及(?!以[上下])", r"以及|、|和|与|,|及(?!以[上下])"))


def _list_items(subject: str, n: int) -> list[str] | None:
    """Split a 分别 subject into ``n`` items, trying 、 first and then 和/及/与; never inside
    brackets ("12个县（市、区）" is one item) nor at the 及 of 二级及以上 (one grade and
    those above it)."""
    items = _list_items_of(subject, n)
    return list(items) if items is not None else None  # (a list of its own to the caller)


@lru_cache(maxsize=4096)  # (pure; a clause's subject is split for n=3, then n=2, again)
def _list_items_of(subject: str, n: int) -> tuple[str, ...] | None:
    masked = _BRACKETED_RE.sub(lambda m: "\0" * len(m.group(0)), subject) \
        if "(" in subject else subject  # (no bracket, nothing to mask)
    for pattern in _LIST_CUT_RES:
        cuts = [m.span() for m in pattern.finditer(masked)]
        if len(cuts) + 1 < n:
            continue
        bounds = [0, *[x for span in cuts for x in span], len(subject)]
        items = [subject[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
        items = [x for x in items if x]
        if len(items) == n:
            return tuple(items)
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
        # "全市乡镇卫生院和社区卫生服务中心中，达到基本标准的占71.4%": a share among those named
        if previous.endswith("中") and _SUBJECT_NOUN_RE.search(previous[:-1]) \
                and _PREDICATE_START_RE.match(current):
            return previous[:-1] + current
        return ""
    before, after = previous[: head.start()], previous[head.start():]
    noun = ""
    k = after.find("的")
    # (a share's parallel may leave its measure out: "…达到推荐标准的…占比达到40%以上，达到
    # 基本标准的达到95%")
    measure = _MEASURE_TAIL_RE.search(current) or (
        current.endswith("标准") and _MEASURE_TAIL_RE.search(previous))
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
    return m.group("mod") if INSTITUTION_RE.search(subject) else ""


# the shared measures a last item may end on, the longest tried first
_TAIL_SUFFIXES_LONGEST_FIRST = tuple(sorted(_TAIL_SUFFIXES, key=len, reverse=True))


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
        for suf in _TAIL_SUFFIXES_LONGEST_FIRST:
            if last.endswith(suf):
                tail = suf
                break
    if tail:
        out = [
            x if (x.endswith(_TAIL_SUFFIXES) or _PREDICATE_START_RE.search(x)) else x + tail
            for x in out[:-1]
        ] + [last]
    return out


# a subject naming only a kind of institution ("公立中医类医院")
_INSTITUTION_END_RE = re.compile(r"(?:医院|卫生院|机构|中心)$")
_BASE_AFTER_RE = re.compile(rf"(?:{_POP_PREFIX_RE.pattern})$")


# a share of visits or stays that names no area ("住院人次占比", "基层门急诊人次占比")
_VISIT_SHARE_RE = re.compile(r"(?:基层)?(?:门急诊|门诊|住院)人次占比")
# a rate, a share or a level: no population base carries over to it
_RATE_OR_LEVEL_RE = re.compile(r"[比率占]|水平")


def carried_measure(last: str, subject: str) -> str:
    """``subject`` read with the measure ``last`` named just before: ``注册护士`` after
    ``每千人口执业医师…`` takes the population base, ``公立中医类医院`` after ``每千人口中医类
    医院床位数`` the beds too (a sentence's parts, a table's 其中 rows, an item line's);
    ``住院人次占比`` after ``县域内…`` the county's area."""
    if "县域" in last and _VISIT_SHARE_RE.fullmatch(subject):
        return "县域内" + subject  # "县域内就诊率稳定在90%以上，…住院人次占比不低于75%"
    if _POP_PREFIX_RE.fullmatch(subject) and last:
        # "执业(助理)医师1034人，每千人口3.31人" (a base the count took from a measure
        # before it, "每千人口床位数6.45张；在岗执业（助理）医师558人，每千人口2.64人", is the
        # rate's, not the count's)
        return subject + _POP_PREFIX_RE.sub("", last, count=1)
    # "每千人口中医类医院床位数0.71张，其中公立中医类医院0.66张": the beds carry over too
    if (beds := _BEDS_TAIL_RE.search(last)) and "床" not in subject:
        if (base := _BASE_AFTER_RE.search(subject)) \
                and _INSTITUTION_END_RE.search(subject, 0, base.start()):
            # "…，其中公立中医类医院每千人口0.97张": the base written after the hospitals
            return base.group(0) + subject[:base.start()] + beds.group(0)
        if _INSTITUTION_END_RE.search(subject):
            subject += beds.group(0)
    if not subject or _POP_PREFIX_RE.search(subject) or _RATE_OR_LEVEL_RE.search(subject):
        return subject  # a rate, a share or a level has no population base
    m = _POP_PREFIX_RE.search(last)
    return m.group(0) + subject if m else subject
