"""Words of the workbook: the ``workbook`` kind of data/raw/labels.csv (then the shared
words), read through the one table of ``analysis.formats``; family names stay here."""

from __future__ import annotations

from analysis.formats import WORKBOOK, template
from analysis.formats import bilingual as _bilingual
from analysis.formats import text as _text

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
    """A workbook word in ``lang`` (KeyError naming the closest keys when unknown)."""
    return _text(key, lang, WORKBOOK)


def sentence(key: str, lang: str, **values: object) -> str:
    """A workbook sentence of labels.csv with its ``{name}`` placeholders filled."""
    return template(WORKBOOK, key, lang, **values)


def bilingual(key: str, lang: str) -> str:
    """A header cell: Chinese over English for 'zh', English only for 'en'."""
    return _bilingual(key, lang, WORKBOOK)

