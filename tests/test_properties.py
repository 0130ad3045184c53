"""Property tests: the value, year and target parsers on random Chinese-ish text.

Real plans arrive through PDF extraction and web pages with every kind of
debris (full-width digits, stray line breaks, half a table), so the parsers
must never crash, and every offset they report must point at exactly the
text they quote: a researcher checks a target by opening the document at
``char_start``.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.extract.numbers import find_values, find_years
from analysis.extract.rules import extract_targets
from analysis.ingest.converters import join_wrapped, table_lines

# Pieces of real target sentences, recombined at random.
TOKENS = [
    "到", "2025", "2035", "年", "年底前", "“十四五”末", "十四五", "每千人口", "每万人口", "床位数",
    "医疗卫生机构", "康复病床", "床医比", "医护比", "全科医生", "签约率", "县域内就诊率", "、", "，",
    "。", "；", "：", ":", "∶", "分别", "达到", "达", "以上", "以下", "左右", "不低于", "不超过",
    "控制在", "以内", "力争", "保持", "提高", "个百分点", "每年", "由", "提高到", "%", "％", "‰", "张",
    "人", "个", "项", "人次", "级", "处", "所", "四级", "两个", "百分之九十", "1", "0.55", "1.2", "7.55",
    "90", "2-3", "1:", "１", "２０２５", "．", ".", "-", "—", "～", "~", "(", ")", "（", "）", "《", "》",
    "\n", "\n\n", " ", "\u3000", "\t", "|", "| ", " | ", "一、", "（一）", "1.", "责任单位", "第3页",
    "— 3 —", "指标", "目标", "2020年", "基数", "≥", "≤", "〔2024〕34号", "和", "及", "的", "全市",
]

YEARS = ["", "到2025年，", "到 2025年，", "2025年底前，", "到“十四五”末，", "到2035年，", "每年", "力争",
         "到２０２５年", "2023年，"]
SUBJECTS = ["每千人口医疗卫生机构床位数", "床医比、医护比", "每万人口全科医生和公共卫生人员数",
            "家庭医生签约服务覆盖率", "县域内就诊率", "二级及以上公立医院电子病历应用水平", "康复病床",
            "心理健康素养水平", "", "全市"]
VERBS = ["达到", "分别达到", "达", "不低于", "提高到", "控制在", "保持在", "提高", "由", "为", ""]
NUMBERS = ["7.55", "0.85", "1:0.55", "1：1.2", "1∶1.2", "90", "2-3", "四", "两", "百分之九十", "１２",
           "4人、8.5", "100%、不低于70", "5个百分点", "0.42张和1.35"]
UNITS = ["张", "人", "%", "％", "个", "级", "处", "", "‰", "人次"]
SUFFIXES = ["", "以上", "以下", "左右", "以内", "（含）以上"]


@st.composite
def target_sentences(draw: st.DrawFn) -> str:
    """Sentences shaped like targets, so the rules (not just the tokeniser) are exercised."""
    clauses = draw(st.lists(
        st.tuples(*(st.sampled_from(x) for x in (YEARS, SUBJECTS, VERBS, NUMBERS, UNITS, SUFFIXES)))
        .map("".join), min_size=1, max_size=4,
    ))
    return draw(st.sampled_from(["、", "，", "；"])).join(clauses) + draw(st.sampled_from(["。", "", "\n"]))


@st.composite
def with_debris(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """Insert what PDF and web extraction leave behind: line breaks, spaces, page numbers."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\n", " ", "\n\n", "\u3000", "\n— 3 —\n", "|"])) + text[at:]
    return text


chinese_ish = with_debris(st.one_of(
    st.lists(st.one_of(target_sentences(), st.sampled_from(TOKENS)), max_size=8).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from("".join(TOKENS) + "零一二三四五六七八九十百千万"), max_size=120),
))

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(chinese_ish)
def test_find_values_spans_are_exact(text):
    previous_end = 0
    for v in find_values(text):
        assert 0 <= v.start < v.end <= len(text)
        assert v.text == text[v.start:v.end]
        assert v.start <= v.num_end <= v.end
        assert v.start >= previous_end, "values overlap"
        previous_end = v.end
        assert not math.isnan(v.value)
        assert v.value_high is None or v.value_high > v.value


@SETTINGS
@given(chinese_ish)
def test_find_years_spans_are_plausible_years(text):
    for y in find_years(text):
        assert 0 <= y.start < y.end <= len(text)
        assert 1900 <= y.year <= 2099
        assert str(y.year) in text[y.start:y.end] or y.kind == "period" or any(
            c in text[y.start:y.end] for c in "０１２３４５６７８９"
        )


@SETTINGS
@given(chinese_ish, st.one_of(st.none(), st.integers(2015, 2030)))
def test_extract_targets_quotes_equal_the_text_between_their_offsets(text, doc_year):
    for t in extract_targets(text, doc_year):
        assert 0 <= t.char_start <= t.char_end <= len(text)
        assert t.quote == text[t.char_start:t.char_end]
        assert 0 <= t.value_start <= t.value_end <= len(text)
        assert t.value_text == text[t.value_start:t.value_end]
        assert t.comparator in ("=", ">=", ">", "<=", "<", "≈")
        assert t.kind in ("level", "change")
        assert t.target_year is None or 1900 <= t.target_year <= 2099


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30))
def test_wrapped_lines_rejoin_to_the_paragraph(pieces):
    """Joining the lines a layout broke a Chinese paragraph into restores it exactly."""
    paragraph = "".join(p for p in pieces if p.strip()).replace(" ", "")
    cuts = sorted({len(paragraph) * k // 5 for k in range(1, 5)})
    lines = [paragraph[a:b] for a, b in zip([0, *cuts], [*cuts, len(paragraph)], strict=True)]
    joined = ""
    for line in lines:
        joined = join_wrapped(joined, line)
    if not any(c.isascii() and c.isalpha() for c in paragraph):
        assert joined == paragraph


@SETTINGS
@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from(TOKENS)), min_size=2, max_size=5),
                max_size=6))
def test_table_rows_never_merge_cells(rows):
    """Every pipe row has as many cells as its table row, whatever the cells contain."""
    for index, line in table_lines(rows, wrapped=True):
        if line.startswith("| "):
            assert line.count("|") == len(rows[index]) + 1
            assert "\n" not in line


@settings(max_examples=500)
@given(st.text(alphabet="ab.TXtxPDFpdf文 _-", min_size=1, max_size=12).filter(
    lambda n: n not in (".", "..")))
def test_doc_ids_split_a_name_as_pathlib_does(name):
    """build._doc_id takes stem and suffix by string methods, as pathlib does."""
    from pathlib import Path

    from analysis.build import _doc_id

    path = Path(name)
    suffix = path.suffix.lower()
    expected = path.stem if suffix in ("", ".txt") else f"{path.stem}_{suffix[1:]}"
    assert _doc_id(name) == expected
