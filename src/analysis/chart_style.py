"""One look for every chart: theme, colour-blind-safe city colours, labels, footnotes.

Figures, notebooks and the Excel workbook all take their colours from here, so
a city has the same colour everywhere a reader meets it.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import seaborn as sns

from analysis.fonts import use_cjk_font

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
    },
}


def label(key: str, lang: str = "zh") -> str:
    """A UI label in the chosen language (the key itself when unknown)."""
    return LABELS.get(lang, LABELS["en"]).get(key, key)


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
