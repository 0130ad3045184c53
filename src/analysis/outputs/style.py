"""One look for every chart: theme, colour-blind-safe city colours, labels, footnotes.

Figures, notebooks and the Excel workbook all take their colours from here, so
a city has the same colour everywhere a reader meets it.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import seaborn as sns

from analysis.outputs.fonts import use_cjk_font

# Okabe–Ito, the usual colour-blind-safe qualitative palette (black left out: it is
# reserved for reference lines), then the seaborn "colorblind" colours not already in it.
CITY_PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
    "#949494", "#CA9161", "#FBAFE4", "#029E73", "#ECE133",
)
NATIONAL_COLOR = "#000000"  # national goal lines
PROVINCIAL_COLOR = "#555555"  # provincial goal lines (dashed)
ACTUAL_COLOR = "#7F7F7F"  # latest national actual (marker)
DPI = 150

LABELS: dict[str, dict[str, str]] = {
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
        "ambition_axis": "雄心指数（城市目标 ÷ 国家目标，均值；1 = 与国家目标持平）",
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
        "ambition_note": "雄心指数 = 各可比指标“城市目标 ÷ 国家目标”的均值（越低越好的指标取倒数）",
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
        "ambition_axis": "Ambition score (city target ÷ national goal, mean; 1 = equal)",
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
        "ambition_note": "Ambition score = mean of city target ÷ national goal over comparable "
                         "indicators (inverted for lower-is-better ones)",
    },
}

# Short indicator names for axes and panel titles (the codebook's names are long).
SHORT_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "beds_per_1000": "每千人口床位数",
        "tcm_beds_per_1000": "每千人口中医床位数",
        "public_tcm_beds_per_1000": "每千人口公立中医床位数",
        "rehab_beds_per_1000": "每千人口康复床位数",
        "bed_physician_ratio": "床医比",
        "physician_nurse_ratio": "医护比",
        "bed_staff_ratio": "床人比",
        "physicians_per_1000": "每千人口执业（助理）医师数",
        "nurses_per_1000": "每千人口注册护士数",
        "gp_per_10000": "每万人口全科医生数",
        "public_health_staff_per_10000": "每万人口公共卫生人员数",
        "tcm_physicians_per_1000": "每千人口中医医师数",
        "county_visit_rate": "县域内就诊率",
        "county_primary_visit_share": "基层门急诊人次占比",
        "county_inpatient_share": "县域内住院人次占比",
        "county_medical_community_coverage": "紧密型医共体覆盖率",
        "family_doctor_signing_rate": "家庭医生签约率（全人群）",
        "family_doctor_signing_rate_key": "家庭医生签约率（重点人群）",
        "primary_recommended_standard_share": "基层机构达推荐标准占比",
        "primary_basic_standard_share": "基层机构达基本标准占比",
        "county_hospital_recommended_standard_share": "县级综合医院达推荐标准占比",
        "county_tcm_hospital_recommended_standard_share": "县级中医医院达推荐标准占比",
        "geriatrics_department_share": "设老年医学科的医院占比",
        "emr_level": "电子病历应用水平",
        "appointment_rate": "预约诊疗比例",
        "health_literacy_rate": "居民健康素养水平",
        "staff_sent_down_per_year": "每年下沉医务人员人次",
        "life_expectancy": "人均预期寿命",
        "maternal_mortality_rate": "孕产妇死亡率",
        "infant_mortality_rate": "婴儿死亡率",
        "under5_mortality_rate": "5岁以下儿童死亡率",
    },
    "en": {
        "beds_per_1000": "Beds per 1,000",
        "tcm_beds_per_1000": "TCM beds per 1,000",
        "public_tcm_beds_per_1000": "Public TCM beds per 1,000",
        "rehab_beds_per_1000": "Rehabilitation beds per 1,000",
        "bed_physician_ratio": "Physicians per bed",
        "physician_nurse_ratio": "Nurses per physician",
        "bed_staff_ratio": "Staff per bed",
        "physicians_per_1000": "Physicians per 1,000",
        "nurses_per_1000": "Nurses per 1,000",
        "gp_per_10000": "GPs per 10,000",
        "public_health_staff_per_10000": "Public-health staff per 10,000",
        "tcm_physicians_per_1000": "TCM physicians per 1,000",
        "county_visit_rate": "Treated within the county",
        "county_primary_visit_share": "Primary-care share of visits",
        "county_inpatient_share": "Inpatients kept in the county",
        "county_medical_community_coverage": "County medical communities",
        "family_doctor_signing_rate": "Family-doctor signing (all)",
        "family_doctor_signing_rate_key": "Family-doctor signing (key groups)",
        "primary_recommended_standard_share": "Primary care at recommended standard",
        "primary_basic_standard_share": "Primary care at basic standard",
        "county_hospital_recommended_standard_share": "County hospitals at recommended standard",
        "county_tcm_hospital_recommended_standard_share": "County TCM hospitals at standard",
        "geriatrics_department_share": "Hospitals with geriatrics dept.",
        "emr_level": "EMR adoption level",
        "appointment_rate": "Visits by appointment",
        "health_literacy_rate": "Health literacy",
        "staff_sent_down_per_year": "Staff sent down per year",
        "life_expectancy": "Life expectancy",
        "maternal_mortality_rate": "Maternal mortality",
        "infant_mortality_rate": "Infant mortality",
        "under5_mortality_rate": "Under-5 mortality",
    },
}

# The codebook's units (English) as axis-title units in each language.
UNITS: dict[str, dict[str, str]] = {
    "zh": {
        "beds per 1000 people": "张/千人",
        "physicians per bed": "医师数/床，即 1:x 中的 x",
        "nurses per physician": "护士数/医师，即 1:x 中的 x",
        "staff per bed": "卫生人员/床，即 1:x 中的 x",
        "physicians per 1000 people": "人/千人",
        "nurses per 1000 people": "人/千人",
        "GPs per 10000 people": "人/万人",
        "staff per 10000 people": "人/万人",
        "percent": "%",
        "level": "级",
        "person-visits per year": "人次/年",
        "years": "岁",
        "per 100000 live births": "/10万",
        "per 1000 live births": "‰",
    },
    "en": {
        "beds per 1000 people": "beds per 1,000 people",
        "physicians per bed": "physicians per bed, x in 1:x",
        "nurses per physician": "nurses per physician, x in 1:x",
        "staff per bed": "staff per bed, x in 1:x",
        "physicians per 1000 people": "per 1,000 people",
        "nurses per 1000 people": "per 1,000 people",
        "GPs per 10000 people": "per 10,000 people",
        "staff per 10000 people": "per 10,000 people",
        "percent": "%",
        "level": "level, 0-8",
        "person-visits per year": "person-visits per year",
        "years": "years",
        "per 100000 live births": "per 100,000 live births",
        "per 1000 live births": "per 1,000 live births",
    },
}

# Indicator groups drawn side by side, one figure each (figure name -> indicator ids).
FAMILY_GROUPS: dict[str, tuple[str, ...]] = {
    "beds": ("beds_per_1000", "tcm_beds_per_1000", "public_tcm_beds_per_1000",
             "rehab_beds_per_1000"),
    "staffing_ratios": ("bed_physician_ratio", "physician_nurse_ratio", "bed_staff_ratio"),
    "workforce_density": ("physicians_per_1000", "nurses_per_1000", "gp_per_10000",
                          "public_health_staff_per_10000", "tcm_physicians_per_1000"),
    "family_doctor": ("family_doctor_signing_rate", "family_doctor_signing_rate_key"),
    "county_care": ("county_visit_rate", "county_primary_visit_share", "county_inpatient_share",
                    "county_medical_community_coverage", "staff_sent_down_per_year"),
    "digital": ("emr_level", "appointment_rate"),
    "service_standards": ("primary_recommended_standard_share", "primary_basic_standard_share",
                          "county_hospital_recommended_standard_share",
                          "county_tcm_hospital_recommended_standard_share",
                          "geriatrics_department_share"),
    "population_health": ("health_literacy_rate", "life_expectancy", "maternal_mortality_rate",
                          "infant_mortality_rate", "under5_mortality_rate"),
}
FAMILY_TITLES: dict[str, dict[str, str]] = {
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
# Colours for verdicts and coverage cells (not city colours: these encode a category).
MORE_COLOR = "#0072B2"
LESS_COLOR = "#D55E00"
EQUAL_COLOR = "#7F7F7F"
SET_COLOR = "#009E73"
GOAL_UNSET_COLOR = "#E69F00"
UNSET_COLOR = "#EDEDED"
MEDIAN_COLOR = "#CC79A7"


def label(key: str, lang: str = "zh") -> str:
    """A UI label in the chosen language (the key itself when unknown)."""
    return LABELS.get(lang, LABELS["en"]).get(key, key)


def short_name(indicator_id: str, lang: str = "zh", fallback: str | None = None) -> str:
    """A short indicator name for charts; ``fallback`` (the codebook name) or the id otherwise."""
    names = SHORT_NAMES.get(lang, SHORT_NAMES["en"])
    return names.get(indicator_id) or fallback or indicator_id


def unit_label(unit: str | None, lang: str = "zh") -> str:
    """The codebook unit as written in an axis title ('' when unknown)."""
    if not unit or not isinstance(unit, str):
        return ""
    return UNITS.get(lang, UNITS["en"]).get(unit, unit)


def city_colors(regions: Iterable[str]) -> dict[str, str]:
    """A fixed colour per region: the sorted region list indexes the palette.

    Pass the full list of regions of the store (not just those in one chart)
    so a city keeps its colour across charts.
    """
    ordered = sorted({r for r in regions if r})
    return {r: CITY_PALETTE[i % len(CITY_PALETTE)] for i, r in enumerate(ordered)}


def apply_theme() -> str:
    """Seaborn theme + CJK font + deterministic SVG output; returns the font family."""
    family = use_cjk_font()
    sns.set_theme(style="whitegrid", context="notebook", font=family,
                  rc={"axes.unicode_minus": False})
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["svg.hashsalt"] = "health-targets"  # stable element ids in SVG files
    mpl.rcParams["savefig.dpi"] = DPI
    mpl.rcParams["figure.dpi"] = 100
    return family
