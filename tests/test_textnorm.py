"""Normalisation keeps a faithful map back to raw offsets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.extract.numbers import find_values
from analysis.ingest.textnorm import normalize


def test_full_width_folded_and_offsets_mapped():
    raw = "医护比达到１：１.２，签约率６０％"
    nt = normalize(raw)
    assert nt.text == "医护比达到1:1.2,签约率60%"
    i = nt.text.index("1:1.2")
    a, b = nt.raw_span(i, i + 5)
    assert raw[a:b] == "１：１.２"


def test_pdf_line_breaks_inside_words_are_removed():
    raw = "到 2025年，每千人口医疗卫生机构床位\n\n数达到 7.5张，其中康复床位分别达\n\n到 0.42张。"
    nt = normalize(raw)
    assert nt.text == "到2025年,每千人口医疗卫生机构床位数达到7.5张,其中康复床位分别达到0.42张。"
    j = nt.text.index("7.5张")
    assert raw[nt.raw_start(j):nt.raw_end(j + 4)] == "7.5张"


def test_paragraph_breaks_kept_after_headings_and_full_stops():
    raw = "一、总体要求\n\n坚持人民至上。\n\n（一）目标\n到2025年，达到。"
    nt = normalize(raw)
    assert nt.text == "一、总体要求\n坚持人民至上。\n(一)目标\n到2025年,达到。"


def test_numbers_on_separate_lines_are_not_merged():
    assert normalize("6.5\n7.5").text == "6.5 7.5"


def test_page_numbers_are_dropped():
    raw = "每万人口全科医生和公\n\n— 1 —\n\n 共卫生 人员数分别达到 4.2人、9人"
    assert normalize(raw).text == "每万人口全科医生和公共卫生人员数分别达到4.2人、9人"


def test_wrapped_pdf_line_ending_in_full_stop_continues_paragraph():
    body = "\n".join(["这是一行很长的政策文本内容用于模拟版面宽度的断行情况" + str(i % 10) for i in range(8)])
    raw = body + "\n到2027年，目标基本实现。这是一行很长的政策文本内容用于模\n拟版面宽度断行。"
    nt = normalize(raw)
    assert "实现。这是" in nt.text


_WEB_PLAN = (
    "某县卫生健康委员会2024年工作要点\n\n"
    "2024年是实施“十四五”规划的关键之年。全县卫生健康工作以推进健康建设为统领，深化改革。\n\n"
    + "".join(f"{n}、推进第{n}项重点工作\n全年县域内就诊率力争达到{80 + k}%，做好各项服务工作，"
              "确保目标按期完成。\n\n" for k, n in enumerate("一二三四五六"))
    + "某县卫生健康委员会\n2024年2月22日\n")


def test_short_headings_and_a_signature_are_no_page_width():
    """A web page's headings alone on their lines, its issuer and date end open as a PDF's
    wrapped lines do: not evidence of wrapping, so the title stays a line of its own."""
    text = normalize(_WEB_PLAN).text
    assert text.startswith("某县卫生健康委员会2024年工作要点\n2024年是实施")



# a statistics page whose table rows (open-ended) outnumber its prose: a "wrapped" layout
_TABLE_PAGE = ("某市卫生资源情况（2021—2023年）\n{dated}\n表1　卫生资源主要指标\n"
               "指标\t2021年\t2022年\t2023年\n"
               + "".join(f"每千人口第{i}项指标数（张）\t5.7{i}\t5.9{i}\t6.2{i}\n" for i in range(8))
               + "近三年，全市新增床位约560张。\n")


@pytest.mark.parametrize("dated", ["某市卫生健康局　2024年4月", "（某市卫生健康委员会　2024年6月）",
                                   "2024年4月"])
def test_a_date_line_after_its_issuer_stays_a_line_of_its_own(dated):
    """"胶州市卫生健康局　2024年4月" under a title dates the page, as a bare date line does:
    never joined to the title (whose year span would then hide it)."""
    lines = normalize(_TABLE_PAGE.format(dated=dated)).text.split("\n")
    assert lines[0] == "某市卫生资源情况(2021-2023年)"
    assert lines[1] == dated.replace("　", "").replace("（", "(").replace("）", ")")


def test_a_pdf_wrapped_at_its_page_width_is_still_joined_between_headings():
    body = "\n".join(["这是一行很长的政策文本内容用于模拟版面宽度的断行情况" + str(i % 10) for i in range(8)])
    raw = "一、总体要求\n" + body + "\n二、主要目标\n到2027年，目标基本实现。这是一行很长的政策文本内容用于模\n拟版面宽度断行。"
    assert "实现。这是" in normalize(raw).text


@given(st.text(alphabet=st.sampled_from(list("到2025年，床位数达到7.5张 \n\u3000１：％一、（）。")), max_size=80))
def test_index_maps_every_normalised_char_to_raw(raw):
    nt = normalize(raw)
    assert len(nt.index) == len(nt.text)
    assert list(nt.index) == sorted(set(nt.index))
    for ch, i in zip(nt.text, nt.index, strict=True):
        assert 0 <= i < len(raw)
        if ch not in "\n ":
            # folded characters are full-width or Chinese; the one ASCII exception is a
            # full stop that ends a Chinese sentence ("一." -> "一。")
            assert ch == raw[i] or ord(raw[i]) >= 0x2000 or (raw[i], ch) == (".", "。")


def test_bare_page_number_next_to_a_form_feed_is_dropped():
    raw = "水平每年提高1\n\n2\n \f\n个百分点以上，到2025年达到45%。"
    assert normalize(raw).text == "水平每年提高1个百分点以上,到2025年达到45%。"


def test_one_paragraph_per_line_keeps_every_line_break():
    raw = "\n".join(["烟台市人民政府办公室", "关于印发烟台市卫生健康事业发展规划的通知",
                     "到2025年，全市每千人口床位数达到7.5张。", "这是第二段落的内容，到此结束。",
                     "这是第三段落的内容，到此结束。", "这是第四段落的内容，到此结束。"])
    assert normalize(raw).text.split("\n")[:2] == ["烟台市人民政府办公室",
                                                   "关于印发烟台市卫生健康事业发展规划的通知"]


def test_decimal_broken_across_lines_is_rejoined():
    assert normalize("床位数达到0.\n75张；").text == "床位数达到0.75张;"


def test_web_page_lines_keep_short_title_lines_but_join_cut_sentences():
    lines = ["宜良县卫生健康事业发展“十四五”规划", "第一章　发展现状",
             "　　——家庭医生。全人群家庭医生签约率达到42%，重点人群家庭医生签约",
             "率达到86%，签约居民续约率达到75%。"] + [
        "这是一段足够长的网页正文段落，用来让版面被识别为一段一行的网页文本。"] * 6
    text = normalize("\n".join(lines)).text
    assert text.startswith("宜良县卫生健康事业发展“十四五”规划\n第一章")
    assert "重点人群家庭医生签约率达到86%" in text


def test_ratio_broken_across_lines_is_rejoined():
    body = "\n".join(["这是一行很长的政策文本内容用于模拟版面宽度的断行情况" + str(i % 10) for i in range(8)])
    assert "医护比达到1:1.2," in normalize(body + "\n医护比达到1：\n\n1.2，床人比").text


# --- traditional characters and pinyin glosses (text from reprint sites) -------------

def test_traditional_text_is_read_as_simplified_and_raw_kept():
    raw = "到2025年，每千常住人口醫療衛生機構床位數達到6.2張"
    nt = normalize(raw)
    assert nt.text == "到2025年,每千常住人口医疗卫生机构床位数达到6.2张"
    i = nt.text.index("床位数")
    a, b = nt.raw_span(i, i + 3)
    assert raw[a:b] == "床位數"


def test_pinyin_glosses_are_dropped_with_offsets_kept():
    raw = "縣域內(nèi)就診率達(dá)到92%，每萬(wàn)人口全科醫生3.5人"
    nt = normalize(raw)
    assert nt.text == "县域内就诊率达到92%,每万人口全科医生3.5人"
    i = nt.text.index("内就诊")
    a, b = nt.raw_span(i, i + 3)
    assert raw[a:b] == "內(nèi)就診"


def test_gloss_inside_a_number_and_cut_off_at_the_end():
    assert normalize("全國(guó)共有床位957.0萬(wàn)張").text == "全国共有床位957.0万张"
    assert normalize("社會(huì)服務機構3.2萬(wà").text == "社会服务机构3.2万"


def test_brackets_that_are_not_glosses_stay():
    assert normalize("见附件(a)和(PDF)版").text == "见附件(a)和(PDF)版"
    assert normalize("指标(2)说明").text == "指标(2)说明"


_TRAD = "醫衛數萬務國個發進機構據業達標級現鄉規網統執點學設計術經會關實區預鎮農護張診縣內療師"
_GLOSS = ["(yī)", "(wèi)", "(shù)", "(wàn)", "(guó)", "(jī)", "(nèi)", "(zhí)"]
trad_text = st.lists(
    st.one_of(st.sampled_from(_TRAD), st.sampled_from(_GLOSS), st.sampled_from("0123456789.%，,、。 \n"),
              st.sampled_from(["\n\n", "（", "）", "１", "：", "人口", "达到"])),
    max_size=60,
).map("".join)


@given(trad_text)
def test_every_normalised_character_maps_back_to_its_raw_character(raw):
    """Property: each normalised character is the simplified, folded form of the raw
    character it points to (or a space/newline standing for raw whitespace or a gloss)."""
    from analysis.ingest.textnorm import fold_char, to_simplified

    nt = normalize(raw)
    assert len(nt.index) == len(nt.text)
    assert list(nt.index) == sorted(set(nt.index))
    for ch, at in zip(nt.text, nt.index, strict=True):
        # "2。85人": a full stop typed for a point; "稳定在85%.": a point typed for a full stop
        if ch in " \n" or (ch, raw[at]) in ((".", "。"), ("。", ".")):
            continue
        assert ch == to_simplified(fold_char(raw[at]))
    for i in range(len(nt.text)):
        for j in range(i + 1, min(len(nt.text), i + 6) + 1):
            a, b = nt.raw_span(i, j)
            # (a thousands separator is dropped only where the whole number is in view)
            # (a full stop typed as a decimal point is read so only with the digit after it)
            assert to_simplified(re.sub(r"[ \n,]", "", nt.text[i:j]).replace("。", ".")) == \
                to_simplified(re.sub(r"[ \n,]", "", normalize(raw[a:b]).text).replace("。", "."))


@pytest.mark.parametrize(("raw", "text", "value"), [
    ("每年下沉医务人员不少于1 200人次", "每年下沉医务人员不少于1200人次", 1200),
    ("全市注册护士达到12,400名", "全市注册护士达到12400名", 12400),
    ("实有床位3 050 张", "实有床位3050张", 3050),
])
def test_digits_grouped_by_thousands_before_a_unit_are_one_number(raw, text, value):
    nt = normalize(raw)
    assert nt.text == text
    v = find_values(nt.text)[0]
    assert v.value == value
    a, b = nt.raw_span(v.start, v.num_end)
    assert raw[a:b].replace(" ", "").replace(",", "") == str(value)


@pytest.mark.parametrize(("raw", "values"), [
    ("分别为7.5 8.2张", [7.5, 8.2]),       # a table's cells
    ("共有3 5个", [3, 5]),                 # two digits before the space: no thousands group
    ("达到90%,1 20人次", [90, 1, 20]),     # two digits after it
])
def test_numbers_not_grouped_by_thousands_stay_apart(raw, values):
    assert [v.value for v in find_values(normalize(raw).text)] == values


@pytest.mark.parametrize(("raw", "lines"), [
    # a picture's text: each name, then its value alone on the next line
    ("一、床位资源\n每千人口医疗卫生机构床位数\n5.2张\n每千人口康复床位数\n0.3张\n",
     ["一、床位资源", "每千人口医疗卫生机构床位数5.2张", "每千人口康复床位数0.3张"]),
    ("床人比\n1:1.5\n县域内就诊率\n90%以上\n医共体建设\n全覆盖\n",
     ["床人比1:1.5", "县域内就诊率90%以上", "医共体建设全覆盖"]),
])
def test_a_value_alone_on_its_line_ends_its_cell(raw, lines):
    nt = normalize(raw)
    assert nt.text.strip("\n").split("\n") == lines
    for line in lines:  # offsets still point at the raw characters
        start = nt.text.index(line)
        assert nt.raw[nt.raw_start(start)] == line[0]


def test_a_number_broken_across_lines_still_joins():
    # a PDF wrap inside a sentence: the value line has words after it, or no unit
    assert "达到7.5张" in normalize("每千人口床位数达到\n7.5张，每千人口执业医师达到3.2人。\n").text
    assert "达到7.5张" in normalize("每千人口床位数达到7.5\n张，每千人口执业医师达到3.2人。\n").text


@pytest.mark.parametrize(("raw", "normal"), [
    ("重点人群签约率稳定在85%.下一步", "重点人群签约率稳定在85%。下一步"),
    ("明显增加.市级医院", "明显增加。市级医院"),
    ("达到7.5张", "达到7.5张"),  # a decimal point stays
    ("详见www.example.gov.cn", "详见www.example.gov.cn"),  # a web address stays
    ("（见附件）.", "(见附件)。"),
])
def test_an_ascii_full_stop_ending_a_chinese_sentence(raw, normal):
    nt = normalize(raw)
    assert nt.text == normal and len(nt.text) == len(raw)  # one character for one


def test_a_sentence_ended_by_an_ascii_full_stop_gives_its_last_target(extract):
    text = "据介绍,明年,全市预约诊疗比例力争达到70%,重点人群签约率稳定在85%.下一步将加强考核."
    assert [(t.indicator_id, t.value, t.target_year) for t in extract(text, "2023-11-24")
            ] == [("appointment_rate", 70.0, 2024), ("family_doctor_signing_rate_key", 85.0, 2024)]


@pytest.mark.parametrize(("raw", "normal"), [
    ("每千人口医疗卫生机构床位数7.4 1张。", "每千人口医疗卫生机构床位数7.41张。"),
    ("居民健康素养水平23.6 5%。", "居民健康素养水平23.65%。"),
    ("7.5 8.2", "7.5 8.2"),  # two values of a table row stay apart
    ("指标 7.4 10张", "指标7.4 10张"),  # a number of its own after the space stays apart
])
def test_a_decimal_split_by_a_pdf_text_layer_is_one_number(raw, normal):
    nt = normalize(raw)
    assert nt.text == normal
    value = normal.find("7.41") if "7.41" in normal else -1
    if value >= 0:  # the joined number still maps to the raw characters
        assert nt.raw[nt.raw_start(value):nt.raw_end(value + 4)] == "7.4 1"


def test_a_share_whose_whole_part_a_pdf_split():
    nt = normalize("全人群家庭医生签约率3 5.2%，重点人群签约率71.6%。")
    assert nt.text == "全人群家庭医生签约率35.2%,重点人群签约率71.6%。"
    assert normalize("序号 3 5.2%").text == "序号3 5.2%"  # a number of its own stays apart


def test_a_share_split_after_the_verb_that_gives_it():
    """"比例达到 8 5%": a PDF's space inside a share's whole part, right after its verb."""
    nt = normalize("基本标准的比例达到 8 5%，推荐标准的比例为3 5%。")
    assert nt.text == "基本标准的比例达到85%,推荐标准的比例为35%。"
    assert nt.raw[nt.index[nt.text.index("85%")]] == "8"
    assert normalize("序号 8 5%").text == "序号8 5%"  # a row's number and its cell


def test_a_share_or_a_count_split_after_the_verb_ending_in_yu_or_zai():
    """"不低于6 5%", "稳定在4 5%", "不少于 1 5 0 人次": a PDF's spaces inside the value its
    verb gives; each joined character still maps to its raw one."""
    nt = normalize("基层门急诊人次占比不低于6 5%，签约率稳定在4 5%，每年下沉不少于 1 5 0 人次。")
    assert nt.text == "基层门急诊人次占比不低于65%,签约率稳定在45%,每年下沉不少于150人次。"
    at = nt.text.index("150")
    assert nt.raw[nt.raw_start(at):nt.raw_end(at + 3)] == "1 5 0"
    assert normalize("位于 2 3 号楼").text == "位于2 3号楼"  # no count after a verb


def test_raw_lines_keep_the_raw_layout_the_normalised_text_joins():
    raw = "安顺新闻网\n\n西秀区：今年签约率要达82%\n２０２４-03-22　來源：某網\n正文。"
    nt = normalize(raw)
    assert nt.text.startswith("安顺新闻网西秀区")  # joined to the line before
    lines = nt.raw_lines(raw.index("正文"))
    assert lines == ["安顺新闻网", "", "西秀区:今年签约率要达82%", "2024-03-22来源:某网"]
    assert nt.raw_lines(0) == []


def test_a_number_ending_a_line_before_an_indented_one_ends_its_paragraph():
    raw = "　　全年诊疗人次648.3万人次。预约诊疗率62.4\n　　全区签约覆盖率38.7%。\n"
    assert "62.4\n全区" in normalize(raw).text
    # a number broken across lines, or a line that does not open indented, runs on
    assert "达到62.4%" in normalize("　　全区预约诊疗率达到62.\n4%，签约覆盖率38.7%。\n").text
    assert "62.4与上年" in normalize("　　预约诊疗率62.4\n与上年持平，签约覆盖率38.7%。\n").text


def test_a_number_ending_a_line_before_one_that_opens_a_sentence_ends_its_paragraph():
    raw = "四、健康素养\n全县居民健康素养水平达到19.8\n全省居民健康素养水平为30.3%。\n"
    assert "19.8\n全省" in normalize(raw).text
    # a unit or a suffix on the next line goes on with the number
    assert "达到19.8%" in normalize("全县居民健康素养水平达到19.8\n%，较上年提高。\n").text


def test_a_pages_dateline_is_a_line_of_its_own():
    raw = "某县召开卫生健康工作会议\n2024-02-20 来源：某日报\n会议透露，今年全县县域内就诊率要达到90%。\n"
    text = normalize(raw).text
    assert "来源:某日报\n会议透露" in text


def test_a_decimal_broken_across_lines_with_its_unit_and_sentence_going_on():
    raw = "2022年，全市每千人口执业（助理）医师数3.8\n6人，每万人口全科医生数3.41人。\n"
    assert "医师数3.86人" in normalize(raw).text
    # cells of a table, one per line, stay apart
    assert "7.5 8.2" in normalize("床位数\n7.5\n8.2\n").text.replace("\n", " ")


@pytest.mark.parametrize(("raw", "text"), [
    ("到二〇二五年，床位数达到7张", "到2025年,床位数达到7张"),
    ("二○二三年七月十日", "2023年七月十日"),  # (○, the circle, written for 〇)
    ("到二零三零年", "到2030年"),
    ("第二〇二五号", "第二〇二五号"),  # no 年: not a year
    ("一二三四年", "一二三四年"),  # no zero in its second place: not a year
])
def test_a_year_in_chinese_digits_reads_as_digits(raw, text):
    """"二〇二五年" is 2025年, digit for digit (the offsets hold): the years of a text written
    in Chinese digits date its goals as Arabic ones do."""
    nt = normalize(raw)
    assert nt.text == text
    assert len(nt.text) == len(nt.index)
    if "2" in nt.text:
        k = nt.text.index("2")
        assert raw[nt.raw_start(k)] in "二"


def test_an_explainers_label_lines_and_cells_keep_their_lines():
    """An explainer (一图读懂) flattened into lines: a 【…】 label alone on its line is a block
    title; a value that lost its unit but kept its bound ("92以上") ends its cell; an aside
    of lines of its own ("（2020年：" / "…5.9张）") ends at its closing bracket.  Names and
    their values are still joined, a line each."""
    raw = ("【一张蓝图】\n建成健康某市\n【主要指标】\n县域内就诊率\n92以上\n床位数\n6.8张\n"
           "（2020年：\n床位数 5.9张）\n全科医生数\n4.5人\n")
    assert normalize(raw).text.split("\n") == [
        "【一张蓝图】", "建成健康某市", "【主要指标】", "县域内就诊率92以上", "床位数6.8张",
        "(2020年:", "床位数5.9张)", "全科医生数4.5人"]


def test_a_label_in_brackets_inside_a_line_is_no_heading():
    """Only a label alone on its line is a block title: 【打印】【关闭】 chrome and a label
    opening a paragraph are not."""
    from analysis.ingest.textnorm import HEADING_RE

    assert HEADING_RE.match("【“十三五”成就】")
    assert not HEADING_RE.match("【打印】【关闭】")
    assert not HEADING_RE.match("【权威发布】某市印发卫生健康规划")
