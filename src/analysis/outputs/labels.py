"""One labels and formatting module for every output (figures, Excel, notebooks).

Numbers, years, comparators, units, statuses and verdicts come from
``analysis.formats`` (one table, zh and en, shared with the comparison layer's
findings sentences) and are re-exported here; this module adds the chart texts
(axis titles, legends, notes) and the titles of the chart groups.  Indicator
names and units come from the codebook (``short_name_zh`` / ``short_name_en`` /
``unit_zh`` / ``unit_en`` columns of ``indicators.csv``), never from code.
"""

from __future__ import annotations

from analysis.formats import (  # noqa: F401  (re-exported: the outputs' one formatting API)
    ANNUAL,
    COMPARATOR_SIGNS,
    DECIMALS,
    DEFAULT_DECIMALS,
    LANGS,
    MISSING,
    TABLE,
    UNITS,
    decimals,
    fmt_number,
    fmt_percent,
    fmt_value,
    fmt_year,
    goal_match_text,
    indicator_name,
    indicator_unit,
    missing,
    shown_decimals,
    status_text,
    unit_label,
    word,
)

# Chart texts (axis titles, legends, notes), per language.
CHART_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "national_goal": "国家目标",
        "provincial_goal": "省级目标",
        "national_actual": "全国现状",
        "city": "城市",
        "target_year": "目标年份",
        "value": "目标值",
        "source": "来源",
        "built": "生成日期",
        "gap": "与国家目标差距",
        "more ambitious": "高于目标",
        "equal": "持平",
        "less ambitious": "低于目标",
        "no reference goal": "无参照目标",
        "not set by the city": "未设定",
        # figures
        "no_data": "无数据",
        "sources": "来源",
        "goal_sources": "参照目标",
        "actual_source": "全国现状",
        "and_more": "等共{n}份文件",
        "mapped": "已对应指标",
        "unmapped": "未对应指标",
        "n_targets": "目标条数",
        "set": "已设定",
        "not set; reference goal exists": "未设定（有参照目标）",
        "not set": "未设定",
        "share_setting": "设定该指标的城市占比",
        "target_axis": "目标值",
        "gap_axis": "与{scope}目标的差距（%，正值 = 更积极）",
        "national": "国家",
        "provincial": "省级",
        "ambition_axis": "雄心指数（城市目标 ÷ 国家目标，中位数；1 = 与国家目标持平）",
        "uptake_axis": "设定该目标的城市数",
        "median_all": "全部{n}个城市中位数",
        "shown_of": "显示{k}/{n}个城市",
        "rows_not_shown": "…… 其余{n}行未显示 ……",
        "province_unknown": "省份未知",
        "cities_suffix": "个城市",
        "comparable_n": "{n}项可比",
        "not_set_by_any": "无城市设定",
        "goal_label": "{scope}目标（{year}年）{value}",
        "actual_label": "全国现状（{year}年）",
        "annual": "每年",
        "built_label": "生成日期",
        "ambition_note": "雄心指数 = 各可比目标“城市目标 ÷ 国家目标”的中位数"
                         "（越低越好的指标取倒数）；可比目标不足3项的城市不排名",
    },
    "en": {
        "national_goal": "National goal",
        "provincial_goal": "Provincial goal",
        "national_actual": "National actual",
        "city": "City",
        "target_year": "Target year",
        "value": "Target",
        "source": "Source",
        "built": "Built",
        "gap": "Gap to national goal",
        "more ambitious": "More ambitious",
        "equal": "Equal",
        "less ambitious": "Less ambitious",
        "no reference goal": "No reference goal",
        "not set by the city": "Not set",
        # figures
        "no_data": "No data",
        "sources": "Sources",
        "goal_sources": "Goals",
        "actual_source": "National actual",
        "and_more": "and others ({n} documents)",
        "mapped": "Mapped to an indicator",
        "unmapped": "Not mapped",
        "n_targets": "Number of targets",
        "set": "Set",
        "not set; reference goal exists": "Not set (a reference goal exists)",
        "not set": "Not set",
        "share_setting": "Share of cities setting the indicator",
        "target_axis": "Target",
        "gap_axis": "Gap to the {scope} goal (%, positive = more ambitious)",
        "national": "national",
        "provincial": "provincial",
        "ambition_axis": "Ambition score (city target ÷ national goal, median; 1 = equal)",
        "uptake_axis": "Cities setting a target for the goal",
        "median_all": "Median of all {n} cities",
        "shown_of": "{k} of {n} cities shown",
        "rows_not_shown": "… {n} more rows not shown …",
        "province_unknown": "Province unknown",
        "cities_suffix": " cities",
        "comparable_n": "{n} comparable",
        "not_set_by_any": "set by no city",
        "goal_label": "{scope} goal ({year}) {value}",
        "actual_label": "National actual ({year})",
        "annual": "per year",
        "built_label": "Built",
        "ambition_note": "Ambition score = median of city target ÷ national goal over comparable "
                         "targets (inverted for lower-is-better ones); cities with fewer than 3 "
                         "comparable targets are not ranked",
    },
}


# Titles of the charts that draw an indicator group side by side (the codebook's
# chart_group column says which indicators each group holds); a group without a title
# here is titled by its name.
GROUP_TITLES: dict[str, dict[str, str]] = {
    "zh": {
        "beds": "床位：每千人口床位数（全部 / 中医 / 康复）",
        "staffing_ratios": "人员配比：床医比、医护比、床人比",
        "workforce_density": "卫生人力密度",
        "family_doctor": "家庭医生签约",
        "county_care": "县域医疗服务",
        "digital": "信息化：电子病历与预约诊疗",
        "service_standards": "服务能力达标",
        "population_health": "居民健康",
    },
    "en": {
        "beds": "Beds per 1,000 people (all / TCM / rehabilitation)",
        "staffing_ratios": "Staffing ratios: physicians per bed, nurses per physician",
        "workforce_density": "Health-workforce density",
        "family_doctor": "Family-doctor signing rates",
        "county_care": "County-level care",
        "digital": "Digital health: EMR level and appointments",
        "service_standards": "Service-capability standards",
        "population_health": "Population health",
    },
}

def label(key: str, lang: str = "zh") -> str:
    """The label of ``key`` in ``lang`` (the key itself when the table lacks it)."""
    if key in TABLE:
        return word(key, lang)
    return CHART_LABELS.get(lang, CHART_LABELS["en"]).get(key, key)


def group_title(group: str, lang: str = "zh") -> str:
    """The title of a chart group's figure (the group name when none is written)."""
    return GROUP_TITLES.get(lang, GROUP_TITLES["en"]).get(group, group)


