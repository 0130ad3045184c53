"""One look for every chart: theme, colour-blind-safe city colours, labels, footnotes.

Figures, notebooks and the Excel workbook all take their colours from here, so
a city has the same colour everywhere a reader meets it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from analysis.outputs import labels

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

# Colours for verdicts and coverage cells (not city colours: these encode a category).
MORE_COLOR = "#0072B2"
LESS_COLOR = "#D55E00"
EQUAL_COLOR = "#7F7F7F"
SET_COLOR = "#009E73"
GOAL_UNSET_COLOR = "#E69F00"
UNSET_COLOR = "#EDEDED"
MEDIAN_COLOR = "#CC79A7"


def label(key: str, lang: str = "zh") -> str:
    """A UI label in the chosen language (``labels.label``; the key itself when unknown)."""
    return labels.label(key, lang)


def short_name(indicator: Mapping[str, object] | None, lang: str = "zh",
               indicator_id: str = "") -> str:
    """The codebook's short name for charts (``labels.indicator_name``)."""
    return labels.indicator_name(indicator, lang, indicator_id)


def unit_label(unit: str | None, lang: str = "zh") -> str:
    """The codebook unit as written in an axis title ('' when unknown)."""
    return labels.unit_label(unit, lang)


def group_title(group: str, lang: str = "zh") -> str:
    """The title of a chart group's figure (the group name when none is written)."""
    return labels.group_title(group, lang)


def chart_groups(indicators: Iterable[Mapping[str, object]]) -> dict[str, list[str]]:
    """Chart group -> indicator ids, from the codebook's chart_group/chart_order columns.

    Groups appear in codebook order; inside a group, by chart_order then codebook
    order.  An indicator without a chart group is drawn with its family, so a new
    codebook row always gets a chart panel.
    """
    members: dict[str, list[tuple[float, int, str]]] = {}
    for pos, row in enumerate(indicators):
        group = row.get("chart_group") or row.get("family") or "other"
        order = row.get("chart_order")
        key = float(order) if isinstance(order, int | float) and order == order else 1e9
        members.setdefault(str(group), []).append((key, pos, str(row.get("indicator_id")
                                                                 or row.get("id"))))
    return {g: [i for _, _, i in sorted(m)] for g, m in members.items()}


def city_color(region: str, registry: Sequence[str] = ()) -> str:
    """A region's colour, fixed by the region table, not by which cities a store holds.

    ``registry`` is the region table (``regions.csv``) in file order: a region's
    colour is the palette entry at its row number, so neighbouring rows (the
    cities of one province) differ, and adding or removing cities from the store
    changes no colour.  A region the table does not list gets a stable hash of
    its name.  Two cities may share a colour (12 colours); charts label every bar
    with the city's name, so the colour is never the only key.
    """
    try:
        index = list(registry).index(region)
    except ValueError:
        index = int.from_bytes(hashlib.sha256(region.encode("utf-8")).digest()[:4], "big")
    return CITY_PALETTE[index % len(CITY_PALETTE)]


def city_colors(regions: Iterable[str], registry: Sequence[str] = ()) -> dict[str, str]:
    """``city_color`` for each region (one region's colour never depends on the others)."""
    position = {r: i for i, r in enumerate(registry)}
    out = {}
    for r in sorted({r for r in regions if r}):
        out[r] = (CITY_PALETTE[position[r] % len(CITY_PALETTE)] if r in position
                  else city_color(r))
    return out


def apply_theme() -> str:
    """Seaborn theme + CJK font + deterministic SVG output; returns the font family.

    Matplotlib and seaborn are imported here, not with the module: the workbook and the
    site take their colours and labels from this module and draw no chart with them
    (importing both was 0.65 s of every ``excel`` run)."""
    import matplotlib as mpl
    import seaborn as sns

    from analysis.outputs.fonts import use_cjk_font

    family = use_cjk_font()
    sns.set_theme(style="whitegrid", context="notebook", font=family,
                  rc={"axes.unicode_minus": False})
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["svg.hashsalt"] = "health-targets"  # stable element ids in SVG files
    mpl.rcParams["savefig.dpi"] = DPI
    mpl.rcParams["figure.dpi"] = 100
    return family
