"""The words of Chinese plan sentences that the rules read: comparator verbs (达到, 不低于,
控制在…), verbs of change (提高, 下降), creation verbs with counts (建成30个…), adverbs
(均, 分别, 逐步), aspiration (力争), maintenance (保持), annual (每年), leading and
trailing filler around a subject (到2025年, 全市, 力争 … 均, 达), population-base
prefixes (每千人口) and list bullets.  Compiled once; shared by the passes."""

from __future__ import annotations

import re

from analysis.extract.statistics import (
    CHANGE_ALT,
    CHANGE_VERBS,
)

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
    ("优化到", "="), ("优化至", "="),  # a ratio's change: "医护比由1:1.09优化至1:1.15"
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
    r"(?P<year>(?:(?:19|20)\d{2}年|今年|明年|去年)(?:底|末)?的?)?$"
)
# Verbs that create or select countable things: 建成30个…, 遴选20名…
_CREATE_VERBS = (
    "建成", "建设", "建立", "打造", "培育", "创建", "争创", "新建", "新增", "遴选", "引进",
    "培养", "招聘", "招收", "设置", "设立", "组建", "开设", "认定", "确定", "评选", "推进",
    "完成", "支持", "扶持", "改造", "储备", "选派", "派出", "下派", "派遣", "派驻", "下沉", "安排",
    "培训", "入选", "增设", "配备", "配置", "扩建", "申报", "获批", "建有", "均有", "至少有",
    "达标", "提供", "举办", "布局", "规划", "实施", "开展", "孵化", "创成", "晋升", "通过",
)
_CREATE_ALT = "|".join(sorted(_CREATE_VERBS, key=len, reverse=True))
# "建成30个…", "每年选派不少于300人次…": a creating verb, then a comparator at most
_CREATE_TAIL_RE = re.compile(
    rf"(?:{_CREATE_ALT})(?:{_ADVERBS}|以上|个)*(?:不少于|不低于|至少|超过|达到)?$")
_COUNT_UNITS = {
    "个", "家", "所", "项", "名", "人", "支", "批", "处", "条", "种", "座", "台", "套", "间",
    "人次", "万人", "万人次", "万名", "张", "万张", "例", "次", "分钟", "公里", "小时",
}
# After a value, words that start an adverbial rather than the value's noun.
_ADVERBIAL_AFTER = re.compile(r"到|赴|前往|进驻|深入|用于|参加|开展|在|以上(?:到|赴)")
# After a count of people sent, where they go: "…医务人员1000人次下沉基层", "420人次驻乡驻村"
SENT_TO_AFTER = re.compile(r"(?:以上)?(?:下沉|下派|派驻|驻|到|赴|深入)(?:到|至)?"
                           r"(?:基层|乡|镇|村|社区|县|医共体|卫生院|一线)")
_ASPIRE_RE = re.compile(r"力争|争取|努力|力求|力促|争创")
_MAINTAIN_RE = re.compile(r"保持|维持|稳定在|持续保持|巩固")
_ANNUAL_RE = re.compile(r"每年|年均|每一年|每年度|逐年|年度内|每两年|每三年")
# Last year, as a report names the year before the one it is of ("上年为89.1%", "（上年5.12张）")
LAST_YEAR = r"(?:上年|去年|上一年)(?:同期)?"
# 今年 of the year ahead, not of the year so far ("今年以来", "今年上半年", "今年前三季度")
NOT_SO_FAR = r"(?!以来|上半年|前|[1-9一二三]季度)"
THIS_YEAR_AHEAD = rf"今年{NOT_SO_FAR}"
_PCT_SUBJECT_LEAD = re.compile(
    r"(?:^|[、,;和及与]|力争|争取|确保|使|推动|实现|有|促进|引导|推进|支持|鼓励)$"
)
_PREDICATE_RE = re.compile(
    r"达到|实现|建成|设立|设置|开展|具备|完成|通过|配备|建有|开设|覆盖|纳入|提供|参与|参加"
)
_LEADING_FILLER = re.compile(
    r"^(?:[、,;和及与并]|并且|同时|其中|另外|此外|以及|\(\d{1,2}\)|\((?:19|20)\d{2}年\)|\([一二三四五六七八九十]{1,3}\)|"
    r"\d{1,2}[.、](?!\d)|[①-⑳]|[一二三四五六七八九十]是|[-—•●▲◆■]+|(?:到|至|在|于)(?=\d|[“\"]?十|今年|明年)|全市|全县|全区|全省|全旗|全盟|全州|"
    r"全国|我市|本市|我县|我区|我省|力争|争取|确保|要|将|使|推动|实现|基本(?!标准)|全面|进一步|"
    r"逐步|稳步|持续|努力|总体|平均|均|分别|累计|整体|各地|(?:规划|预期|主要)?目标值?|规划值|当前|目前|是|为|(?:今年|明年)(?:年?[底末])?(?:之?前)?|本年度?|年内|年底前|"
    r"实际|"  # "规划目标6.5张，2020年实际达到6.83张": the actual, of the measure just named
    # "2012年这一数字仅为3.12张": the measure just named
    r"(?:这一|这个|该)(?:数字|数据|指标)(?:仅|只)?|"
    # "…占比为58.7%，计划到2025年提高到65%": an intent before a date (not 计划免疫)
    r"(?:计划|预计|预期|拟|力求)(?=到|至|在|于|今年|明年|(?:19|20)\d{2})|"
    r"(?:较|比|与|同)?(?:19|20)\d{2}年(?:底|末)?(?:之?前|以前|相比)?|"
    r"(?:较|比)?[“\"]?十[三四五六]五[”\"]?(?:期末|末期|末|时期末))+"
)
_TRAILING_FILLER = re.compile(
    # (均 is an adverb after 水平: "电子病历应用水平均达到三级"; not in 人均, 平均, 年均)
    r"(?:(?:(?<![年人平])|(?<=水平))均|分别|总体|整体|力争|争取|要|将|应|需|能|可|稳步|逐步|进一步|全部|每年|"
    r"基本|持续|努力|总数|达|已经|已|[,、。;:的])+$"
)
# beds at the end of a measure: "每千人口医疗卫生机构床位数"
_BEDS_TAIL_RE = re.compile(r"床位数?$")
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
# A measure of something named just before ("…全部建成医共体，建成率达到100%"; "新增12家
# 乡镇卫生院达到推荐标准，推荐标准机构占比达到38%": the 机构 are those just named)
_GENERIC_MEASURE_RE = re.compile(
    r"(?:其)?(?:设置|设立|开设|建成|建设|覆盖|达标)?(?:建成率|覆盖率|达标率|占比|比例|比重|完成率)"
    r"|(?:达到)?(?:基本|推荐)标准(?:的)?机构(?:数)?(?:占比|比例|比重)")
_SUBJECT_NOUN_RE = re.compile(
    r"医院|卫生院|中心|机构|人口|人群|居民|医生|医师|护士|床|人员|科室|县|市|区"
)
# the institutions a standard is reached by ("县级中医医院", "乡镇卫生院"), not 县域内…人次;
# the specific names first, so that a match is the whole name
INSTITUTION_RE = re.compile(
    r"优质服务基层行|乡镇卫生院|(?:苏木)?(?:乡|镇)卫生院|社区卫生服务中心|基层医疗(?:卫生)?机构|县级(?:综合|中医)?医院|"
    r"县医院|中医医院|医院|卫生室|医疗(?:卫生)?机构")
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


# the people a rate is of: "全人群家庭医生签约率…，重点人群为81.3%", "签约率43.5%（重点人群81.2%）"
GROUPS = r"重点人群|全人群|常住人口|户籍人口|脱贫人口"
GROUP_RE = re.compile(GROUPS)
# The units that count institutions ("17个达到基本标准", "两家医院"): a share may follow
INSTITUTION_COUNTS = ("个", "家", "所")
