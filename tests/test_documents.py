"""Reading documents: encodings, bad files, metadata from the manifest or the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.converters import DocumentError, convert, decode_text
from analysis.ingest.documents import infer_metadata, load_manifest, resolve_metadata

RAW = Path(__file__).parents[1] / "data" / "raw"
SAMPLE = "烟台市人民政府办公室\n关于印发烟台市卫生健康事业发展规划的通知\n烟政办发〔2023〕12号\n到2025年，每千人口床位数达到7.5张。\n2023年8月15日\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_decodes_published_encodings(tmp_path, encoding):
    f = tmp_path / f"plan-{encoding}.txt"
    f.write_bytes(SAMPLE.encode(encoding))
    converted = convert(f)
    assert converted.text == SAMPLE


def test_utf16_without_bom():
    text, enc = decode_text(SAMPLE.encode("utf-16-le"), "x.txt")
    assert text == SAMPLE and enc == "utf-16-le"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
    ],
)
def test_bad_files_are_refused_with_reason(tmp_path, data, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(DocumentError, match=reason) as info:
        convert(f)
    assert "bad.txt" in str(info.value)


def test_unknown_suffix_is_refused(tmp_path):
    f = tmp_path / "plan.xyz"
    f.write_text("到2025年", encoding="utf-8")
    with pytest.raises(DocumentError, match="unsupported file type"):
        convert(f)


def test_infer_metadata_from_text():
    meta = infer_metadata(SAMPLE, "yantai.txt", {"烟台市": ("municipal", "山东省")})
    assert (meta.region, meta.level, meta.province) == ("烟台市", "municipal", "山东省")
    assert meta.issuer == "烟台市人民政府办公室"
    assert meta.doc_number == "烟政办发〔2023〕12号"
    assert meta.issued_on == "2023-08-15"
    assert meta.title == "烟台市卫生健康事业发展规划"
    assert set(meta.inferred) >= {"region", "doc_number", "issued_on", "title"}


@pytest.mark.parametrize(
    ("name", "region", "doc_number", "issued_on"),
    [
        ("000_294c8626ef5e9e40.txt", "东营市", "东政办字〔2024〕34号", "2024-12-24"),
        ("001_d17e37a731a8482e.txt", "赤峰市", "赤政办发〔2024〕38号", "2024-07-26"),
        ("002_6cb58e01d0044c6b.txt", "威海市", "威政办字〔2024〕42号", "2024-11-13"),
        ("004_aff3bbae5feb8a33.txt", "聊城市", None, "2022-04-05"),
    ],
)
def test_infer_metadata_on_seeds(name, region, doc_number, issued_on):
    text = (RAW / "policies" / name).read_text(encoding="utf-8")
    meta = infer_metadata(text, name)
    assert (meta.region, meta.doc_number, meta.issued_on) == (region, doc_number, issued_on)


def test_cited_document_number_is_not_taken_as_own():
    text = "为贯彻落实《山东省…的通知》（鲁政办字〔2023〕202号）精神，制定本方案。"
    assert infer_metadata(text, "x.txt").doc_number is None


def test_manifest_wins_and_gaps_are_inferred(tmp_path):
    manifest = tmp_path / "documents.csv"
    manifest.write_text("file_name,region,title\nyantai.txt,烟台市,给定标题\n", encoding="utf-8")
    rows = load_manifest(manifest)
    meta = resolve_metadata(SAMPLE, "yantai.txt", rows)
    assert meta.title == "给定标题" and meta.region == "烟台市"
    assert meta.doc_number == "烟政办发〔2023〕12号"
    assert "doc_number" in meta.inferred and "title" not in meta.inferred


def test_seed_manifest_covers_seeds():
    rows = load_manifest(RAW / "documents.csv")
    names = {p.name for p in (RAW / "policies").iterdir()}
    assert names <= set(rows)
    assert rows["003_f5e3e538f4366acb.txt"].level == "national"


def test_known_region_names_win_over_the_suffix_pattern():
    from analysis.ingest.documents import region_of_issuer

    assert region_of_issuer("德州市人民政府办公室") == ("德州市", "municipal")
    assert region_of_issuer("马鞍山市人民政府", ["鞍山市", "马鞍山市"]) == ("马鞍山市", "municipal")
    assert region_of_issuer("延边朝鲜族自治州人民政府", ["延边朝鲜族自治州"])[0] == "延边朝鲜族自治州"


@pytest.mark.parametrize(("head", "issuer"), [
    ("江北市卫生健康局关于印发江北市护理事业发展实施方案（2022—2025年）的通知\n江卫〔2022〕3号\n",
     "江北市卫生健康局"),
    ("南岭县卫生健康局\n关于印发2024年基层卫生工作要点的通知\n", "南岭县卫生健康局"),
    # a sentence that opens with a body is no issuer line
    ("江北市卫生健康局关于加强护理工作取得明显成效。\n", None),
    # a letterhead: the body, then 文件
    ("都江堰市人民政府文件\n都府发〔2022〕9号\n都江堰市“十四五”卫生健康发展规划\n",
     "都江堰市人民政府"),
])
def test_issuer_opening_its_notice_title(head, issuer):
    from analysis.ingest.documents import infer_issuer

    assert infer_issuer(head) == issuer


@pytest.mark.parametrize(("head", "title"), [
    ("某县“十三五”卫生健康事业发展规划实施情况总结\n\n2021年3月\n\n“十三五”以来，全县…。\n"
     "四、下一步打算\n在《某县“十四五”卫生健康事业发展规划》中进一步明确目标。\n",
     "某县“十三五”卫生健康事业发展规划实施情况总结"),
    ("某市卫生健康委员会\n某市2023年卫生健康事业发展统计公报\n", "某市2023年卫生健康事业发展统计公报"),
    # a breadcrumb or the site's columns above the title are the page's chrome
    ("首页>政务公开>统计信息>统计公报\n某市2023年卫生健康事业发展统计公报\n",
     "某市2023年卫生健康事业发展统计公报"),
    ("当前位置：首页>>数据发布>>统计简报\n某市2023年卫生健康统计简报\n", "某市2023年卫生健康统计简报"),
    ("某区人民政府  政务公开  规划计划\n某区卫生健康事业发展“十四五”规划\n",
     "某区卫生健康事业发展“十四五”规划"),
    # a notice issuing a plan names the plan, not itself
    ("某市人民政府办公室关于印发某市护理事业发展实施方案的通知\n", "某市护理事业发展实施方案"),
])
def test_a_reports_own_title_line_is_its_title(head, title):
    from analysis.ingest.documents import infer_title

    assert infer_title(head) == title


@pytest.mark.parametrize(("issuer", "expected"), [
    ("南京市江宁区卫生健康委员会", ("江宁区", "county")),
    ("赤峰市宁城县人民政府办公室", ("宁城县", "county")),
    ("楚雄彝族自治州禄丰市人民政府", ("禄丰市", "county")),
    ("南京市卫生健康委员会", ("南京市", "municipal")),
    ("南京市人民政府办公厅", ("南京市", "municipal")),
])
def test_the_county_or_district_under_a_known_city_is_the_issuers_place(issuer, expected):
    """A district's body named with its city ("南京市江宁区卫生健康委员会") issues for the
    district: its targets are the district's, not the city's."""
    from analysis.ingest.documents import region_of_issuer

    known = ["南京市", "赤峰市", "楚雄彝族自治州"]
    assert region_of_issuer(issuer, known) == expected


@pytest.mark.parametrize(("head", "region", "level", "province"), [
    # a county-level city is no prefecture: a county, in its province
    ("盘州市卫生健康局\n盘州市2023年卫生健康工作总结\n", "盘州市", "county", "贵州省"),
    ("平阴县人民政府办公室\n关于印发平阴县卫生健康事业发展规划的通知\n", "平阴县", "county", "山东省"),
    ("伊金霍洛旗卫生健康委员会\n伊金霍洛旗2023年卫生健康事业发展情况\n", "伊金霍洛旗", "county",
     "内蒙古自治区"),
    # a name three provinces share: the province the text names, else none
    ("鼓楼区卫生健康局\n福建省福州市鼓楼区2023年卫生健康工作要点\n", "鼓楼区", "county", "福建省"),
    ("鼓楼区卫生健康局\n鼓楼区2023年卫生健康工作要点\n", "鼓楼区", "county", None),
    # a prefecture stays one
    ("东营市人民政府办公室\n关于进一步完善医疗卫生服务体系的实施意见\n", "东营市", "municipal", "山东省"),
])
def test_a_countys_level_and_province_from_the_division_table(head, region, level, province):
    from analysis import paths
    from analysis.ingest.documents import load_regions

    meta = infer_metadata(head + "到2025年，全县每千人口医疗卫生机构床位数达到6.2张。\n", "x.txt",
                          load_regions(paths.RAW / "regions.csv"))
    assert (meta.region, meta.level, meta.province) == (region, level, province)


def test_the_division_table_is_read_from_the_installed_package():
    from analysis.ingest.gazetteer import counties, table_path

    assert table_path().name == "adcodes.csv"
    table = counties()
    assert len(table) > 2800  # every county-level name of the country
    (pingyin,) = table["平阴县"]
    assert (pingyin.province, pingyin.city) == ("山东省", "济南市")
    assert {c.province for c in table["鼓楼区"]} == {"江苏省", "福建省", "河南省"}
    assert table["仙桃市"][0].city is None  # a county-level city under its province


@pytest.mark.parametrize(("head", "expected"), [
    ("德宏网 > 新闻 > 县市新闻\n芒市“十四五”卫生健康发展规划出炉 到2025年每千人口床位数达7.5张\n",
     ("芒市", "county", "云南省")),
    ("莒县2023年卫生健康资源及医疗服务情况\n一、机构和床位\n", ("莒县", "county", "山东省")),
    ("东营市召开2024年卫生健康工作会议\n", ("东营市", "municipal", "山东省")),
    ("山东省卫生健康事业发展统计公报\n", ("山东省", "provincial", "山东省")),
    # a short name is not read (渭南 could be a part of another name); nor the country
    ("渭南印发加快推进康复医疗工作实施方案\n", (None, None, None)),
    ("全国卫生健康事业发展统计公报\n", (None, None, None)),
])
def test_a_document_without_issuer_is_placed_by_its_headline(head, expected):
    from analysis import paths
    from analysis.ingest.documents import load_regions, placed_by_headline

    regions = load_regions(paths.RAW / "regions.csv")
    text = head + "到2025年，全市每千人口医疗卫生机构床位数达到7.5张。\n"
    meta = infer_metadata(text, "x.txt", regions)
    assert meta.region is None  # what the extraction and a written manifest see
    placed = placed_by_headline(meta, text, regions)
    assert (placed.region, placed.level, placed.province) == expected
    if expected[0]:
        assert {"region", "level", "province"} <= set(placed.inferred)
    # an issuer's place stays as it was
    issued = infer_metadata("莒县卫生健康局\n" + text, "x.txt", regions)
    assert placed_by_headline(issued, "莒县卫生健康局\n" + text, regions) is issued


def _issued_on_line_by_line(text: str) -> str | None:
    """The signing date read as the rule says, one line at a time (what
    ``infer_issued_on`` finds in one scan of the text)."""
    import re

    date = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
    alone, anywhere = [], []
    for line in text.split("\n"):
        for m in date.finditer(line):
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                iso = f"{y:04d}-{mo:02d}-{d:02d}"
                anywhere.append(iso)
                if re.sub(r"\s+", "", line) == re.sub(r"\s+", "", m.group(0)):
                    alone.append(iso)
    return alone[-1] if alone else (anywhere[-1] if anywhere else None)


@pytest.mark.parametrize("text, expected", [
    ("关于…的通知\n正文2023年5月1日印发。\n某市人民政府\n2024年 6月 3日\n", "2024-06-03"),
    ("2024年6月3日起施行，2025年13月1日", "2024-06-03"),  # no 13th month
    ("落款\n2024年\n6月3日\n", None),  # a date broken across lines is no date
    ("\u3000\u30002024 年 12 月 31 日\u3000\r\n附件", "2024-12-31"),
    ("", None),
])
def test_issued_on_is_the_last_date_alone_on_its_line(text, expected):
    from analysis.ingest.documents import infer_issued_on

    assert infer_issued_on(text) == expected == _issued_on_line_by_line(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["2024年6月3日", "2023 年 1 月 31 日", "2022年13月1日", "1999年",
                                 "12月", "日", "\n", " ", "\u3000", "\r", "印发", "。", "1", "0"]),
                max_size=30))
def test_issued_on_in_one_scan_as_line_by_line(pieces):
    from analysis.ingest.documents import infer_issued_on

    text = "".join(pieces)
    assert infer_issued_on(text) == _issued_on_line_by_line(text)
