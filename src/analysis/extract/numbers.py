"""Find numeric values (with unit and trailing comparator) in normalised text.

Policy plans write numbers in many ways: ``7.55张``, ``90%以上``,
``1:0.55`` (ratios), ``2-3处`` (ranges), ``四级`` and ``两个`` (Chinese
numerals), ``百分之九十``, ``10/10万``.  This module only recognises the
*shape* of a value; whether it is a target is decided by :mod:`analysis.extract.rules`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

# Units after a number, longest first.  Canonical form on the right.
_UNITS: list[tuple[str, str]] = [
    ("个百分点", "百分点"),
    ("百分点", "百分点"),
    ("万人次", "万人次"),
    ("张床位", "张"),
    ("张病床", "张"),
    ("张床", "张"),
    ("平方米", "平方米"),
    ("万平方米", "万平方米"),
    ("人次", "人次"),
    ("万人", "万人"),
    ("万元", "万元"),
    ("亿元", "亿元"),
    ("万张", "万张"),
    ("万名", "万名"),
    ("万家", "万家"),
    ("分钟", "分钟"),
    ("小时", "小时"),
    ("公里", "公里"),
    ("千米", "公里"),
    ("张/千人口", "张/千人"),
    ("张/千人", "张/千人"),
    ("人/千人口", "人/千人"),
    ("人/千人", "人/千人"),
    ("人/万人口", "人/万人"),
    ("人/万人", "人/万人"),
    ("名/万人", "名/万人"),
    ("/10万", "/10万"),
    ("/十万", "/10万"),
    ("/100000", "/10万"),
    ("/万", "/万"),
    ("/千", "‰"),
    ("%", "%"),
    ("％", "%"),
    ("‰", "‰"),
    ("张", "张"),
    ("人", "人"),
    ("名", "名"),
    ("个", "个"),
    ("项", "项"),
    ("级", "级"),
    ("处", "处"),
    ("家", "家"),
    ("所", "所"),
    ("支", "支"),
    ("批", "批"),
    ("条", "条"),
    ("种", "种"),
    ("座", "座"),
    ("台", "台"),
    ("套", "套"),
    ("辆", "辆"),
    ("间", "间"),
    ("例", "例"),
    ("次", "次"),
    ("倍", "倍"),
    ("岁", "岁"),
    ("天", "天"),
    ("元", "元"),
    ("床", "张"),
    ("万", "万"),
    ("亿", "亿"),
]
# "1万人次" is 10,000 人次: these units carry a multiplier into the base unit.
_TEN_THOUSANDS = {"万人次": "人次", "万人": "人", "万张": "张", "万名": "名", "万家": "家"}
_UNIT_ALT = "|".join(re.escape(u) for u, _ in sorted(_UNITS, key=lambda x: -len(x[0])))
_UNIT_CANON = dict(_UNITS)

# Trailing comparators written after the unit.
_SUFFIXES: list[tuple[str, str]] = [
    ("(含)以上", ">="),
    ("以上(含)", ">="),
    ("及以上", ">="),
    ("或以上", ">="),
    ("以上", ">="),
    ("(含)以下", "<="),
    ("以下(含)", "<="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("左右", "≈"),
    ("上下", "≈"),
]
_SUFFIX_ALT = "|".join(re.escape(s) for s, _ in _SUFFIXES)
_SUFFIX_CMP = dict(_SUFFIXES)

_ARABIC = r"\d+(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUM = rf"[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?"


def _leading(first: str, pattern: str) -> re.Pattern[str]:
    """``pattern``, whose match starts with a character of class ``first``, compiled with a
    lookahead for that class in front: the same matches, but the engine skips to candidate
    characters in C instead of trying a leading lookbehind at every character of the text
    (find_values' passes over a document take about half the time)."""
    return re.compile(f"(?={first}){pattern}")


_RATIO_RANGE_RE = _leading(
    r"\d",
    rf"(?<![\d.])({_ARABIC}) ?: ?({_ARABIC}) ?(?:~|-|至|—) ?(?:({_ARABIC}) ?: ?)?({_ARABIC})"
    r"(?![\d.])"
)
_RATIO_RE = _leading(r"\d", rf"(?<![\d.])({_ARABIC}) ?: ?({_ARABIC})(?![\d.])")
_RANGE_RE = _leading(
    r"\d",
    rf"(?<![\d.])({_ARABIC}) ?(%|{_UNIT_ALT})? ?(?:-|~|至) ?({_ARABIC}) ?({_UNIT_ALT})"
)
_PCT_CN_RE = re.compile(rf"百分之({_CN_NUM}|{_ARABIC})")
# 六成 = 60 %: a Chinese digit before 成 that is no word (成立, 成为, 一成不变, 统一成…)
_TENTHS_RE = _leading(
    "[一二三四五六七八九]",
    r"(?<![第每统唯])([一二三四五六七八九])成(?![立员为本果效绩功熟型长都不就])")
# "12000余人次", "300多名": more than the number, of people or places counted
_MORE_THAN = r"(?:[余多](?=万?人次|万人|万名|人|名|家|所|个|张|项|台|例))?"
_ARABIC_RE = _leading(r"\d", rf"(?<![\d.])({_ARABIC})(?![\d.]*\d) ?{_MORE_THAN}({_UNIT_ALT})?")
_CN_RE = _leading(f"[{_CN_DIGITS}]", rf"(?<![第每周星])({_CN_NUM})({_UNIT_ALT})")
_SUFFIX_RE = re.compile(rf" ?({_SUFFIX_ALT})")
# Where a number starts: a digit with no digit or point before it.  Every match of the
# patterns above that open on (?<![\d.])\d (ratios, ranges, numbers) starts at one: one scan
# finds them for all four passes (see _matches_at).
_NUMBER_START_RE = _leading(r"\d", r"(?<![\d.])\d")
# the characters after a number that a ratio (its colon) or a range (its joiners) needs
_RATIO_MARKS = ":"
_RANGE_MARKS = "-~至"
_TENTHS_WORD_RE = re.compile("成")  # (a literal: the engine finds it fast)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2}) ?年")

# Chinese-numeral words that are idioms, not quantities ("一批", "一体化").
_CN_IDIOM_NEXT = ("批", "些", "流", "体", "站", "网", "码", "系列", "把手", "件事", "张网", "张图")


# Value, YearMention, Heading and Note are made by the tens of thousands per corpus (61
# values a plan): hashable like frozen dataclasses, but not frozen, whose __init__ sets each
# field through object.__setattr__ (1.9 µs a Value instead of 0.4 µs). Nothing changes one
# once made: a changed value is a new one (dataclasses.replace).
@dataclass(unsafe_hash=True)
class Value:
    """A number as written, with its unit and an optional trailing comparator."""

    start: int  # span of number + unit + suffix in normalised text
    end: int
    value: float
    value_high: float | None
    unit: str  # canonical unit ("%", "张", "级", "ratio", "" when none)
    suffix_cmp: str | None  # comparator from 以上/以下/左右...
    kind: str  # "number" | "ratio" | "range" | "chinese" | "percent_cn"
    text: str
    num_end: int  # end of the numeric part (before the unit)


_SINGLE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "百": 100}


def chinese_to_number(text: str) -> float | None:
    """Convert a Chinese numeral (四, 两, 三十, 十二, 三点五) to a number, or None."""
    if text in _SINGLE_DIGITS:  # 四级, 两个: the common case, without importing cn2an
        return float(_SINGLE_DIGITS[text])
    import cn2an  # imported on first use: it is slow to import

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def _suffix_at(text: str, pos: int) -> tuple[str | None, int]:
    m = _SUFFIX_RE.match(text, pos)
    if not m:
        return None, pos
    return _SUFFIX_CMP[m.group(1)], m.end()


class _Taken:
    """Characters already inside a found value: one byte per character, so a candidate's
    overlap test is one C-level ``find`` instead of a scan of every span found so far."""

    def __init__(self, n: int) -> None:
        self.mask = bytearray(n + 1)

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) >= 0


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]
                ) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` gives (left to right, non-overlapping) when every
    match of the pattern is non-empty and starts at one of the sorted ``starts``: the
    pattern is tried at those positions only, not at every character of the text."""
    match, pos = pattern.match, 0
    for start in starts:
        if start >= pos and (m := match(text, start)) is not None:
            yield m
            pos = m.end()


_start = re.Match.start  # (mapped over a finditer: no Python frame per match)


def _starts_before(text: str, numbers: list[int], marks: str) -> list[int]:
    """The sorted number starts (of ``numbers``) that a match of a pattern opening on a
    number, then a unit or not, then one of ``marks`` (a ratio's colon, a range's joiner)
    can begin at: for each mark, the last number start before it - between a number's
    start and its mark there is no other start but one of a unit holding digits (/10万,
    /100000), which follows a "/": then the start before that one too."""
    out: set[int] = set()
    for mark in marks:
        # (one literal scan a mark: the regex engine skips to a literal far faster than
        # it tests each character against a class)
        for m in re.finditer(re.escape(mark), text):
            k = bisect_left(numbers, m.start()) - 1
            if k >= 0:
                out.add(numbers[k])
                if k > 0 and text[numbers[k] - 1] == "/":
                    out.add(numbers[k - 1])
    return sorted(out)


def _is_year(text: str, start: int, end: int) -> bool:
    # (a match at ``start`` has its year, group 1, start there: only a look-behind is before)
    return _YEAR_RE.match(text, start) is not None


def find_values(text: str) -> list[Value]:
    """All value-shaped spans in ``text``, left to right, non-overlapping."""
    found: list[Value] = []
    taken = _Taken(len(text))
    _overlaps = taken.overlaps

    def add(v: Value) -> None:
        found.append(v)
        taken.add(v.start, v.end)

    numbers = list(map(_start, _NUMBER_START_RE.finditer(text)))
    # a ratio or a range is tried only at the numbers before a colon or a joiner (they are
    # few; numbers are many)
    ratios = _starts_before(text, numbers, _RATIO_MARKS)
    ranges = _starts_before(text, numbers, _RANGE_MARKS)
    for m in _matches_at(_RATIO_RANGE_RE, text, ratios):  # "1:1.4～1:1.6", "1:1.4-1.6"
        a, lo, hi = float(m.group(1)), float(m.group(2)), float(m.group(4))
        if a <= 0 or a > 10 or hi <= lo or (m.group(3) and float(m.group(3)) != a):
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, round(lo / a, 6), round(hi / a, 6), "ratio", cmp_, "range",
                  text[m.start():end], m.end()))

    for m in _matches_at(_RATIO_RE, text, ratios):
        if _overlaps(m.start(), m.end()):
            continue
        a, b = float(m.group(1)), float(m.group(2))
        if a <= 0 or a > 10 or b <= 0:
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, round(b / a, 6), None, "ratio", cmp_, "ratio",
                  text[m.start():end], m.end()))

    for m in _matches_at(_RANGE_RE, text, ranges):
        if _overlaps(m.start(), m.end()):
            continue
        lo, hi = float(m.group(1)), float(m.group(3))
        unit = _UNIT_CANON[m.group(4)]
        if m.group(2) and _UNIT_CANON.get(m.group(2), m.group(2)) != unit:
            continue
        if hi <= lo:
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, lo, hi, unit, cmp_, "range", text[m.start():end],
                  m.end(4) - len(m.group(4))))

    for m in _PCT_CN_RE.finditer(text):
        if _overlaps(m.start(), m.end()):
            continue
        raw = m.group(1)
        num = float(raw) if raw[0].isdigit() else chinese_to_number(raw)
        if num is None:
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, num, None, "%", cmp_, "percent_cn", text[m.start():end],
                  m.end()))

    # "稳定在六成以上": tenths, a percentage (a digit right before a 成)
    before_cheng = [m.start() - 1 for m in _TENTHS_WORD_RE.finditer(text, 1)]
    for m in _matches_at(_TENTHS_RE, text, before_cheng):
        if _overlaps(m.start(), m.end()):
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, 10.0 * _SINGLE_DIGITS[m.group(1)], None, "%", cmp_,
                  "percent_cn", text[m.start():end], m.end()))

    for m in _matches_at(_ARABIC_RE, text, numbers):
        start, stop = m.span()
        if _overlaps(start, stop) or _is_year(text, start, stop):
            continue
        unit = _UNIT_CANON.get(m.group(2) or "", "")
        number = float(m.group(1))
        if unit in _TEN_THOUSANDS:
            number, unit = round(number * 10000, 6), _TEN_THOUSANDS[unit]
        cmp_, end = _suffix_at(text, stop)
        if cmp_ is None and m.group(2) and text[m.start(2) - 1] in "余多":
            cmp_ = ">"  # "12000余人次": more than 12000
        add(Value(start, end, number, None, unit, cmp_, "number", text[start:end], m.end(1)))

    for m in _CN_RE.finditer(text):
        if _overlaps(m.start(), m.end()):
            continue
        word, unit_raw = m.group(1), m.group(2)
        if unit_raw in ("万", "亿"):
            continue
        if word.endswith(("万", "亿")) and len(word) == 1:
            continue
        after = text[m.end():m.end() + 3]
        if word in ("一", "两") and (unit_raw in ("批", "些") or after.startswith(_CN_IDIOM_NEXT)):
            continue
        if unit_raw in _CN_IDIOM_NEXT:
            continue
        num = chinese_to_number(word)
        if num is None:
            continue
        cmp_, end = _suffix_at(text, m.end())
        add(Value(m.start(), end, num, None, _UNIT_CANON[unit_raw], cmp_, "chinese",
                  text[m.start():end], m.end(1)))

    found.sort(key=lambda v: v.start)
    return _with_precise_figures(found, text)


def _with_precise_figures(found: list[Value], text: str) -> list[Value]:
    """"重点人群签约率八成以上（80.4%）": a share in words, then its exact figure in
    brackets, is one value, the exact figure (the words' comparator kept)."""
    out: list[Value] = []
    for v in found:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in ("percent_cn", "chinese") and prev.unit == v.unit \
                and v.kind == "number" and v.start == prev.end + 1 \
                and text[prev.end] == "(" and text[v.end:v.end + 1] == ")":
            out[-1] = Value(prev.start, v.end + 1, v.value, v.value_high, v.unit,
                            prev.suffix_cmp or v.suffix_cmp, "number",
                            text[prev.start:v.end + 1], v.num_end)
            continue
        out.append(v)
    return out


@dataclass(unsafe_hash=True)  # (made as often as values: see Value)
class YearMention:
    """A year expression such as 到2025年, 2025年底前, “十四五”末."""

    start: int
    end: int
    year: int
    kind: str  # "to" (到/至…), "deadline" (…前/底), "bare", "period" (十四五末)


FIVE_YEAR_PLANS = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025,
                   "十五五": 2030, "十六五": 2035}
_FIVE_YEAR_PLANS = FIVE_YEAR_PLANS
_PERIOD_RE = _leading(
    "[“\"'‘十]",
    r"[“\"'‘]?(十[一二三四五六]五)[”\"'’]?(?:规划)?(?:期末|末期|末|时期末|时期的?末|时期|期间)")
# a plan's name in a period's mention: the mention starts on its 十, or on a quote right before
_PLAN_NAME_RE = re.compile("十[一二三四五六]五")
_YEAR_EXPR_RE = _leading(
    "[到至在于截直预 12]",
    r"(?P<pre>到|至|在|于|截至|截止到|截止|直到|预计到)? ?"
    r"(?P<y>(?:19|20)\d{2}) ?年"
    r"(?P<post>(?:底|末|年底|年末)?(?:之?前|以前)?)"
)


_MONTH_AFTER_YEAR_RE = re.compile(r"\d{1,2}月(?:份)?(?:底|末)?(?:之?前|以前)?")
# The 年 of a year ("2025年", "2025 年"): every match of _YEAR_EXPR_RE holds one.  The pattern
# opens on the 年 (a literal the regex engine skips to) and looks behind for the digits.
_YEAR_CHAR_RE = re.compile(r"年(?<=(?:19|20)\d{2}年)|年(?<=(?:19|20)\d{2} 年)")
# the most characters of a _YEAR_EXPR_RE match before its year's digits: 截止到, 预计到 and a space
_YEAR_LEAD_MAX = 4


def _year_expr_starts(text: str) -> list[int]:
    """The sorted positions where a match of _YEAR_EXPR_RE can start: its year's digits end
    right before a 年 (or a space and a 年), and at most _YEAR_LEAD_MAX characters come
    before them in the match (see :func:`_matches_at`)."""
    starts: set[int] = set()
    for m in _YEAR_CHAR_RE.finditer(text):
        digits = m.start() - (4 if text[m.start() - 1] != " " else 5)
        starts.update(range(max(0, digits - _YEAR_LEAD_MAX), digits + 1))
    return sorted(starts)


def find_years(text: str) -> list[YearMention]:
    """Year expressions with their role; baselines (截至2023年) are kind "as_of"."""
    out: list[YearMention] = []
    for m in _matches_at(_YEAR_EXPR_RE, text, _year_expr_starts(text)):
        pre, post = m.group("pre") or "", m.group("post") or ""
        year = int(m.group("y"))
        # 2022年6月底前: the deadline marker follows the month (within 8 characters).
        month = _MONTH_AFTER_YEAR_RE.match(text, m.end(), m.end() + 8)
        end = month.end() if month else m.end()
        deadline = "前" in post or bool(month and "前" in month.group(0))
        if pre.startswith("截"):
            kind = "as_of"
        elif pre in ("到", "至", "直到", "预计到") or deadline:
            kind = "to"
        elif post:
            kind = "deadline"
        else:
            kind = "bare"
        out.append(YearMention(m.start(), end, year, kind))
    names = [m.start() for m in _PLAN_NAME_RE.finditer(text)]
    for m in _matches_at(_PERIOD_RE, text, [k for n in names for k in (n - 1, n) if k >= 0]):
        out.append(YearMention(m.start(), m.end(), _FIVE_YEAR_PLANS[m.group(1)], "period"))
    out.sort(key=lambda y: y.start)
    return out
