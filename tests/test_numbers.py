"""Value shapes: units, comparators, ratios, ranges, Chinese numerals, years."""

from __future__ import annotations

import pytest

from analysis.extract.numbers import chinese_to_number, find_values, find_years


def _one(text):
    (v,) = find_values(text)
    return v


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "cmp_"),
    [
        ("7.55张", 7.55, None, "张", None),
        ("90%以上", 90, None, "%", ">="),
        ("1:0.55", 0.55, None, "ratio", None),
        ("2:1", 0.5, None, "ratio", None),
        ("2-3处", 2, 3, "处", None),
        ("1至2所", 1, 2, "所", None),
        ("四级(含)以上", 4, None, "级", ">="),
        ("两个", 2, None, "个", None),
        ("三十万人", 300000, None, "人", None),
        ("百分之九十左右", 90, None, "%", "≈"),
        ("640张床位以上", 640, None, "张", ">="),
        ("12/10万以下", 12, None, "/10万", "<="),
        ("5‰以内", 5, None, "‰", "<="),
        ("300人次", 300, None, "人次", None),
        ("5个百分点", 5, None, "百分点", None),
    ],
)
def test_value_shapes(text, value, high, unit, cmp_):
    v = _one(text)
    assert (v.value, v.value_high, v.unit, v.suffix_cmp) == (value, high, unit, cmp_)
    assert text.startswith(v.text)


def test_years_and_denominators_are_not_values():
    assert find_values("到2025年") == []
    assert [v.value for v in find_values("每千人口") ] == []


def test_idioms_are_not_numbers():
    assert find_values("建设一批精品中医馆") == []
    assert chinese_to_number("两") == 2
    assert chinese_to_number("十二") == 12


@pytest.mark.parametrize(
    ("text", "year", "kind"),
    [
        ("到2025年，", 2025, "to"),
        ("2025年底前，", 2025, "to"),
        ("2025年底，", 2025, "deadline"),
        ("截至2023年底，", 2023, "as_of"),
        ("2020年全市", 2020, "bare"),
        ("到“十四五”末，", 2025, "period"),
        ("十五五期末", 2030, "period"),
        ("于2022年6月底前", 2022, "to"),
    ],
)
def test_year_mentions(text, year, kind):
    (y,) = find_years(text)
    assert (y.year, y.kind) == (year, kind)


def test_a_share_in_words_then_its_exact_figure_in_brackets_is_the_figure():
    from analysis.extract.numbers import find_values

    text = "重点人群签约率八成以上(80.4%),老年人健康管理率达到七成(70%)"
    values = find_values(text)
    assert [(v.value, v.unit, v.suffix_cmp, v.text) for v in values] == [
        (80.4, "%", ">=", "八成以上(80.4%)"), (70.0, "%", None, "七成(70%)")]


@pytest.mark.parametrize("text, value, unit", [
    ("全年下沉医务人员12000余人次。", 12000, "人次"),
    ("培训300多名乡村医生", 300, "名"),
    ("共有医疗卫生机构1200余家", 1200, "家"),
    ("服务群众30余万人次", 300000, "人次"),
])
def test_more_than_a_count_余_多(text, value, unit):
    """"12000余人次", "300多名": more than the number, counted in the unit after 余/多."""
    (v,) = find_values(text)
    assert (v.value, v.unit, v.suffix_cmp) == (value, unit, ">")
    assert text[v.start:v.end] == v.text


def test_余_多_before_no_count_unit_is_not_read_as_more_than():
    """"10多年来", "5.46张" keep their reading: 余/多 only before a unit of people or places."""
    (years,) = find_values("10多年来")
    assert (years.value, years.unit, years.suffix_cmp) == (10, "", None)
    (beds,) = find_values("床位数5.46张")
    assert beds.suffix_cmp is None
