"""One labels and formatting module for every output (figures, Excel, notebooks).

Numbers, years, comparators, units, statuses and verdicts come from
``analysis.formats`` (one table, zh and en, shared with the comparison layer's
findings sentences) and are re-exported here with the one table of words
(``data/raw/labels.csv``: the chart, workbook and site words are kinds of it); this
module adds the chart lookups (``label``, ``group_title``).  Indicator
names and units come from the codebook (``short_name_zh`` / ``short_name_en`` /
``unit_zh`` / ``unit_en`` columns of ``indicators.csv``), never from code.
"""

from __future__ import annotations

from analysis.formats import (  # noqa: F401  (re-exported: the outputs' one formatting API)
    ANNUAL,
    CHART,
    CHART_GROUP,
    COMPARATOR_SIGNS,
    DECIMALS,
    DEFAULT_DECIMALS,
    GENRE,
    LABELS,
    LANGS,
    MISSING,
    SITE,
    SITE_FIGURE,
    UNITS,
    WORKBOOK,
    bilingual,
    decimals,
    fmt_number,
    fmt_percent,
    fmt_value,
    fmt_year,
    goal_match_text,
    has,
    indicator_name,
    indicator_unit,
    missing,
    pair,
    shown_decimals,
    status_text,
    template,
    text,
    unit_label,
    word,
)


def label(key: str, lang: str = "zh") -> str:
    """A chart's words (axis title, legend, note) or a shared word; KeyError if unknown."""
    return text(key, lang, CHART)


def sentence(key: str, lang: str = "zh", **values: object) -> str:
    """A chart's templated sentence (a subtitle with counts, a footnote part) in ``lang``."""
    return template(CHART, key, lang, **values)


def group_title(group: str, lang: str = "zh") -> str:
    """The title of a chart group's figure: its ``chart_group`` row of labels.csv, else
    the group's name (the codebook may name a new group before anyone titles it)."""
    return text(group, lang, CHART_GROUP) if has(group, CHART_GROUP) else group
