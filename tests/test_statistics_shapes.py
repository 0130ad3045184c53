"""Sentence shapes of statistics in bulletins, work reports and reviews (issue 12, item 4:
every recognised statistic goes to ``observations`` with its data year, quote and offsets).

Each shape is tested on our own varied sentences; none is copied from a corpus.
"""

from __future__ import annotations

from reading import keys, read


def _keys(rows):
    return sorted(keys(rows))


def _quoted(stats, indicator: str, value: float):
    """The one statistic of ``indicator`` with ``value``."""
    found = [t for t in stats if t.indicator_id == indicator and t.value == value]
    assert len(found) == 1, found
    return found[0]


# --- bulletin items, one per line -------------------------------------------------------

def test_bulletin_items_one_per_line_with_a_colon(codebook):
    # short open lines look like a wrapped PDF: the items must not run into each other
    text = ("某县卫生健康委员会\n某县2021年卫生健康统计简报\n主要数据如下：\n一、卫生资源\n"
            "医疗卫生机构：512个\n编制床位：3600张\n每千人口床位数：6.02张\n"
            "每千人口注册护士：2.95人\n二级及以上公立医院预约诊疗率：48.6%\n医护比：1:1.12\n"
            "二、基层服务\n全年下沉医务人员：215人次\n县域内就诊率：90.4%\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [
        ("appointment_rate", 48.6, 2021), ("beds_per_1000", 6.02, 2021),
        ("county_visit_rate", 90.4, 2021), ("nurses_per_1000", 2.95, 2021),
        ("physician_nurse_ratio", 1.12, 2021), ("staff_sent_down_per_year", 215.0, 2021)]
    nurses = _quoted(stats, "nurses_per_1000", 2.95)
    assert nurses.quote == "每千人口注册护士：2.95人"
    assert text[nurses.value_start:nurses.value_end] == "2.95人"
    assert text[nurses.char_start:nurses.char_end] == nurses.quote


def test_bulletin_items_one_per_line_without_a_colon(codebook):
    text = ("某市2020年卫生事业发展统计公报\n发布日期：2021-05-11\n"
            "每千人口执业(助理)医师数2.71人\n每万人口全科医生数2.4人\n"
            "居民健康素养水平19.8%\n")
    _, targets, stats = read(codebook, text)
    assert targets == []
    assert _keys(stats) == [("gp_per_10000", 2.4, 2020), ("health_literacy_rate", 19.8, 2020),
                            ("physicians_per_1000", 2.71, 2020)]
    gp = _quoted(stats, "gp_per_10000", 2.4)
    assert gp.quote == "每万人口全科医生数2.4人"


def test_item_lines_stay_apart_but_a_wrapped_sentence_still_joins():
    from analysis.ingest.textnorm import normalize

    wrapped = ("全市卫生健康事业稳步发展，医疗卫生资源总量持续增加，每千人口\n"
               "医疗卫生机构床位数达到6.3张，每千人口执业医师数达到2.8人，卫生\n"
               "人才队伍不断壮大，基层服务能力明显提升，群众就医更加便捷可及。\n"
               "县域内就诊率：88.2%\n每万人口全科医生3.1人\n婴儿死亡率：3.5‰\n")
    text = normalize(wrapped).text
    assert "每千人口医疗卫生机构床位数" in text and "卫生人才" in text
    assert text.endswith("县域内就诊率:88.2%\n每万人口全科医生3.1人\n婴儿死亡率:3.5‰")
