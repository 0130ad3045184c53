"""The site's words in each edition (Chinese pages are Chinese throughout): the ``site``,
``site_figure`` and ``genre`` kinds of data/raw/labels.csv, then the shared words."""

from __future__ import annotations

from analysis.outputs import labels


def figure_caption(stem: str, lang: str) -> str:
    """A chart's title from its file name (``05_cities_beds`` -> the beds family title)."""
    name = stem.split("_", 1)[1] if stem[:2].isdigit() and "_" in stem else stem
    if name.startswith("cities_"):
        return labels.group_title(name.removeprefix("cities_"), lang)
    if labels.has(name, labels.SITE_FIGURE):
        return labels.text(name, lang, labels.SITE_FIGURE)
    return name.replace("_", " ")  # a chart the site has no caption for yet


def ui(key: str, lang: str, **values: object) -> str:
    """A UI string of the edition, formatted."""
    text = labels.text(key, lang, labels.SITE)
    return text.format(**values) if values else text


def genre(value: object, lang: str) -> str:
    """A document's genre (documents.genre) in the edition's language ('' for none)."""
    if not isinstance(value, str) or not value:
        return ""
    return labels.text(value, lang, labels.GENRE)


def verdict(value: object, lang: str) -> str:
    """A comparison verdict in the edition's language (the shared words of every output)."""
    return labels.word(value, lang) if isinstance(value, str) else ""


def status(value: object, lang: str, other_year: object = None, other_value: object = None,
           unit: object = None) -> str:
    """A coverage status in the edition's language ('set for another year (2025: 60%)')."""
    if not isinstance(value, str):
        return ""
    return labels.status_text(value, lang, other_year, other_value, unit)
