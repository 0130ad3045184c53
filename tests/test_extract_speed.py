"""The fast paths of the extraction give what the general forms they replace give."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from analysis.extract import context, document, tables
from analysis.extract import numbers as nb
from analysis.extract.segment import Heading

# place names sharing first characters and prefixes of one another (a name that is the start
# of a longer one: 南, 南京, 南京市; 州 after a people's name)
_NAMES = ["南京", "南京市", "南宁", "南宁市", "南昌县", "宁波", "宁波市", "北京市", "北海",
          "京山", "京山市", "海南省", "海口", "德宏州", "德阳", "江西省", "西安"]
_PLACE_ALPHABET = st.sampled_from(sorted({*"".join(_NAMES), *"全市县区的，。 1"}))


@given(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=12, unique=True),
       st.text(_PLACE_ALPHABET, max_size=60))
def test_name_trie_is_the_longest_first_alternation(names: list[str], text: str):
    trie, alternation = re.compile(context.name_trie(names)), \
        re.compile(context.longest_first(names))
    for pos in (0, 3):
        assert [m.span() for m in trie.finditer(text, pos)] == \
            [m.span() for m in alternation.finditer(text, pos)]


_YEAR_ALPHABET = st.sampled_from(
    [*"到至在于截止直预计 年底末前之以月份0123456789，。",
     "2025", "2025年", "19", "20", "截止到", "预计到", "截至", "直到"])


@given(st.lists(_YEAR_ALPHABET, max_size=40).map("".join))
def test_year_expressions_found_from_their_year_character(text: str):
    # (the pieces make years with leads, spaces and digits around them: "截止到 2025 年底前")
    fast = nb._matches_at(nb._YEAR_EXPR_RE, text, nb._year_expr_starts(text))
    assert [m.span() for m in fast] == [m.span() for m in nb._YEAR_EXPR_RE.finditer(text)]


def test_year_expressions_with_the_longest_lead():
    for text in ("截止到 2025 年底前", "预计到2030年，", "1截止到 2025年", "2025 2025年"):
        fast = nb._matches_at(nb._YEAR_EXPR_RE, text, nb._year_expr_starts(text))
        assert [m.span() for m in fast] == [m.span() for m in nb._YEAR_EXPR_RE.finditer(text)]


def _heading_years_by_path(headings: list[Heading]) -> list[int | None]:
    """The form _heading_years replaced: the path of headings as a dict by level, rebuilt
    for each heading, its deepest dated level read."""
    out: list[int | None] = []
    path: dict[int, int | None] = {}
    for h in headings:
        path = {lvl: y for lvl, y in path.items() if lvl < h.level}
        m = document._HEADING_YEAR_RE.search(h.text)
        path[h.level] = (int(m.group(1)) if m.group(1) else document._FIVE_YEAR_END[m.group(2)]) \
            if m else None
        dated = [path[k] for k in sorted(path) if path[k] is not None]
        out.append(dated[-1] if dated else None)
    return out


_HEADING_TEXTS = st.sampled_from(
    ["一、总体要求", "一、2023年工作总结", "（一）“十三五”时期主要成就", "1.床位", "二、2024年工作安排",
     "比2021年提高", "第三章 十四五", "（二）2022年—2025年"])


@given(st.lists(st.tuples(st.integers(0, 4), _HEADING_TEXTS), max_size=12))
def test_heading_years_by_a_stack_are_those_by_the_path(items: list[tuple[int, str]]):
    headings = [Heading(k, k + 1, level, text) for k, (level, text) in enumerate(items)]
    assert document._heading_years(headings) == _heading_years_by_path(headings)


def test_tables_traditional_hint_is_the_class():
    hint = re.compile("[" + tables._TRADITIONAL_HINTS + "]")
    for raw in ("指標名稱|單位", "指标名称|单位", "", "預", "床位数達到"):
        assert any(ch in raw for ch in tables._TRADITIONAL_HINTS) == (hint.search(raw) is not None)


_DISTRICT_BODY_GENERAL = re.compile(
    r"[\u4e00-\u9fff]{2,4}(?<!自治)区(?:人民政府|政府|卫生健康局|卫健局|卫生健康委|卫健委|印发|出台)")
_BODY_ALPHABET = st.sampled_from(
    ["区", "自治", "自治区", "高淳", "某", "人民政府", "政府", "卫健委", "印发", "出台", "卫生健康局",
     "a", "1", "，", "\n", " "])


@given(st.lists(_BODY_ALPHABET, max_size=20).map("".join))
def test_district_body_found_from_its_district_character(text: str):
    # the pattern opening on 区 (its characters before looked behind at) finds a district's
    # body where the general form, a run of characters before 区, finds one
    assert bool(context._DISTRICT_BODY_RE.search(text)) == \
        bool(_DISTRICT_BODY_GENERAL.search(text))


def test_voice_words_found_as_often_as_counted():
    words = [w for _, ws in (*context._VOICE, context._DISTRICT_VOICE) for w in ws]
    # no word's end is another's beginning, so one scan finds each as str.count does
    assert not [(a, b) for a in words for b in words
                for i in range(1, len(a)) if b.startswith(a[i:]) or a[i:].startswith(b)]
    text = "全市我市全区，全地区本县全国我国全市；全省全市区我区本区全州全盟"
    found = Counter(context._VOICE_WORDS_RE.findall(text))
    assert {w: found[w] for w in words} == {w: text.count(w) for w in words}


@given(st.lists(st.sampled_from(["全", "我", "本", "国", "省", "市", "州", "盟", "地", "区", "县",
                                 "，"]), max_size=30).map("".join))
def test_speaking_level_counts_every_voice_word(text: str):
    # the level counted word by word with str.count, as before the one-scan count
    district = "自治区" not in text and context._DISTRICT_BODY_RE.search(text)
    voice = (*context._VOICE, context._DISTRICT_VOICE) if district else context._VOICE
    n, level = max((sum(text.count(w) for w in ws), lvl) for lvl, ws in voice)
    assert context.speaking_level(text, []) == (level if n >= 2 else None)
