"""Labels of the workbook: key -> (Chinese, English), one table for every sheet."""

from __future__ import annotations

# --- labels -----------------------------------------------------------------------------

# key -> (Chinese, English).  Headers are "中文\nEnglish" for lang='zh', English for 'en'.
TEXT: dict[str, tuple[str, str]] = {
    # sheets
    "sheet_summary": ("概览", "Summary"),
    "sheet_province": ("分省", "By province"),
    "sheet_unset": ("未设定目标", "Goals not set"),
    "sheet_charts": ("图表", "Charts"),
    "sheet_figures": ("图片", "Figures"),
    "sheet_documents": ("文件", "Documents"),
    "sheet_sources": ("来源", "Sources"),
    "sheet_codebook": ("指标说明", "Codebook"),
    # columns
    "city": ("城市", "City"),
    "province": ("省份", "Province"),
    "indicator": ("指标", "Indicator"),
    "indicator_id": ("指标ID", "Indicator id"),
    "unit": ("单位", "Unit"),
    "year": ("目标年份", "Target year"),
    "comparator": ("比较符", "Comparator"),
    "target": ("城市目标", "City target"),
    "national_goal": ("国家目标", "National goal"),
    "provincial_goal": ("省级目标", "Provincial goal"),
    "gap_abs": ("差距", "Gap"),
    "gap_rel": ("相对差距", "Rel. gap"),
    "vs_national": ("对照国家", "vs national"),
    "vs_provincial": ("对照省级", "vs provincial"),
    "meets": ("是否达标", "Meets goal?"),
    "national_actual": ("全国现状", "National actual"),
    "actual_year": ("现状年份", "Actual year"),
    "ref_target": ("目标来源", "Target ref"),
    "ref_national": ("国家来源", "Nat. ref"),
    "ref_provincial": ("省级来源", "Prov. ref"),
    "ref_actual": ("现状来源", "Actual ref"),
    "note": ("备注", "Note"),
    "city_set_years": ("城市设定的年份", "Years the city set"),
    "ref": ("来源编号", "Ref"),
    "kind": ("类型", "Kind"),
    "region_scope": ("地区/范围", "Region / scope"),
    "value": ("数值", "Value"),
    "value_text": ("原文数值", "Value as written"),
    "doc_title": ("文件标题", "Document title"),
    "doc_number": ("文号", "Document number"),
    "issued_on": ("发布日期", "Issued on"),
    "quote": ("原文摘录", "Exact quote / excerpt"),
    "char_start": ("起始位置", "char_start"),
    "char_end": ("结束位置", "char_end"),
    "record_id": ("记录ID", "target_id / goal_id"),
    "verified": ("已核实", "Verified"),
    "curated": ("人工校订", "Curated"),
    "curated_yes": ("人工校订", "curated by hand"),
    "level": ("级别", "Level"),
    "n_targets": ("目标数", "Targets"),
    "n_documents": ("文件数", "Documents"),
    "n_cities": ("城市数", "Cities"),
    "n_setting": ("设定该指标的城市数", "Cities setting it"),
    "median": ("中位数", "Median"),
    "min": ("最小值", "Min"),
    "max": ("最大值", "Max"),
    "n_meeting": ("不低于国家目标的城市数", "Cities at least national goal"),
    "n_more": ("高于", "More ambitious"),
    "n_equal": ("持平", "Equal"),
    "n_less": ("低于", "Less ambitious"),
    "n_not_set": ("未设定", "Not set"),
    "n_other_year": ("设定了其他年份", "Set for another year"),
    "n_not_addressed": ("未涉及", "Not addressed"),
    "n_not_applicable": ("不适用", "Not applicable"),
    "cities_below": ("低于国家目标的城市", "Cities below the national goal"),
    "n_comparable": ("可比指标数", "Comparable indicators"),
    "n_at_least": ("不低于国家目标", "At least as ambitious"),
    "share": ("占比", "Share"),
    "score": ("雄心指数（r 的中位数）", "Ambition score (median r)"),
    "rank": ("排名", "Rank"),
    "rank_status": ("是否排名", "Ranked?"),
    "status": ("城市响应", "City's response"),
    "core": ("核心指标", "Core"),
    "family": ("领域", "Family"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "direction": ("方向", "Direction"),
    "value_convention": ("数值约定", "Value convention"),
    "value_type": ("数值类型", "Value type"),
    "definition": ("定义", "Definition"),
    "finding": ("发现", "Finding"),
    "item": ("项目", "Item"),
    "figure": ("图", "Figure"),
    # values
    "meets_yes": ("达到", "meets"),
    "meets_no": ("未达到", "falls short"),
    "meets_unset": ("未设定", "not set"),
    "meets_nogoal": ("无参照", "no goal"),
    "higher": ("越高越好", "higher is better"),
    "lower": ("越低越好", "lower is better"),
    "annual": ("每年", "annual"),
    "kind_target": ("城市目标", "city target"),
    "kind_national": ("国家目标", "national goal"),
    "kind_provincial": ("省级目标", "provincial goal"),
    "kind_actual": ("全国现状", "national actual"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "unknown_province": ("（未知省份）", "(province unknown)"),
    # summary
    "title": ("城市卫生健康规划目标对照简报", "Health-system targets: city briefing"),
    "covers": ("内容", "Covers"),
    "covers_text": (
        "各城市实施方案中的量化目标，与国家及省级目标对照（方向已校正）",
        "Quantitative targets in city implementation plans, compared with national "
        "and provincial goals (direction-aware)"),
    "built_on": ("数据生成日期", "Store built on"),
    "store_source": ("数据来源", "Built from"),
    "reference_goals": ("参照目标", "Reference goals"),
    "listed_cities": ("列出的城市", "Cities listed"),
    "how_to_read": ("阅读说明", "How to read"),
    "family_sheets": ("指标领域表", "Family sheets"),
    "how_to_read_text": (
        "百分比以数值存储（90 即 90%）；1:x 比值存为 x；差距为正表示城市目标高于参照目标"
        "（越低越好的指标已反向）。各表中的“来源”编号对应“来源”表中的原文与字符位置。",
        "Percentages are stored as numbers (90 = 90%); 1:x ratios as x. A positive gap "
        "means the city is more ambitious (sign flipped for lower-is-better indicators). "
        "Each Ref points to a row of the Sources sheet with the exact quote and offsets."),
    "findings": ("主要发现", "Key findings"),
    "headline": ("核心指标一览（城市目标值）", "Headline: core indicators (city targets)"),
    "headline_note": (
        "绿色：不低于同年国家目标；红色：低于国家目标。",
        "Green: at least the national goal for that year; red: below it."),
    "vs_goals_table": ("与国家目标对照", "Cities against the national goals"),
    "ambition_table": ("雄心指数（与国家目标相比）", "Ambition index (against national goals)"),
    "documents_used": ("使用的文件", "Documents used"),
    "documents_by_province": ("文件（按省份）", "Documents by province"),
    "no_targets": ("存储中没有城市目标。", "The store holds no city targets."),
    "charts_title": ("各指标城市目标对比（原生Excel图表，可编辑）",
                     "Cities per indicator (native, editable Excel charts)"),
    "charts_note": (
        "柱：城市目标；黑线：国家目标；灰色短横：省级目标；菱形：全国现状（最新年份）。"
        "图表数据即左侧表格。",
        "Bars: city targets; black line: national goal; grey dash: provincial goal; "
        "diamond: latest national actual. Each chart reads the table on its left."),
    "no_charts": ("没有可绘制的城市目标。", "No city target to chart."),
    "figures_title": ("静态图（来自 make figures）", "Static figures (from make figures)"),
    "unset_title": ("城市未设定的国家/省级目标（目标年份不早于城市首份文件）",
                    "National / provincial goals a city did not set (goal year not before "
                    "the city's first plan)"),
    "province_title": ("分省汇总（由各城市目标计算，原文见“来源”表）",
                       "By province (computed from the city targets; quotes on Sources)"),
    "sources_title": ("来源：工作簿中每个数值的原文出处", "Sources: where every number comes from"),
    "codebook_title": ("指标说明", "Codebook"),
    "documents_title": ("文件清单", "Documents"),
    "family_title": ("城市目标与国家、省级目标对照（差距 = 城市目标 − 国家目标，+ 表示要求更高，"
                     "越低越好的指标已反向；“来源”编号见来源表）",
                     "City targets against national and provincial goals (gap = city - national "
                     "goal, + = more ambitious, sign flipped for lower-is-better indicators; "
                     "refs point to the Sources sheet)"),
}

FAMILY_NAMES: dict[str, tuple[str, str]] = {
    "resources": ("资源配置", "Resources"),
    "workforce": ("卫生人力", "Workforce"),
    "tiered_care": ("分级诊疗", "Tiered care"),
    "family_doctor": ("家庭医生", "Family doctors"),
    "primary_care": ("基层医疗", "Primary care"),
    "hospitals": ("医院能力", "Hospitals"),
    "digital": ("数字健康", "Digital health"),
    "population_health": ("人群健康", "Population health"),
    "": ("其他", "Other"),
}

def label(key: str, lang: str) -> str:
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def bilingual(key: str, lang: str) -> str:
    """A header cell: Chinese over English for 'zh', English only for 'en'."""
    zh, en = TEXT[key]
    return f"{zh}\n{en}" if lang == "zh" else en


