"""The mapping pass: an indicator phrase (with its unit and value) to a codebook id.

Kept apart from extraction so that a codebook change re-maps stored extractions
without re-reading documents.  Changes (``提高5个百分点``) and unpaired lists stay
unmapped; a rate whose % sign a PDF lost (``分别达到50 及以上``) is read as percent.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from analysis.extract.codebook import Codebook, Match
from analysis.extract.context import (
    DocContext,
)
from analysis.extract.document import (
    extract_targets,
)
from analysis.extract.target import Target
from analysis.extract.vocabulary import INSTITUTION_RE

_UNMAPPABLE = {"list_unpaired": "分别 list: items and values do not pair"}
_RATE_NAME = re.compile(r"(?:率|占比|比例|比重|素养水平)$")


def _lost_percent(t: Target) -> bool:
    """A bare number between 0 and 100 stated for a rate (its name ends in 率/占比/比例)."""
    return t.unit == "" and 0 < t.value <= 100 and bool(_RATE_NAME.search(t.indicator_text))


# A ratio named by two roles ("医护比": nurses per physician) written the other way round
# ("护医比1.25:1"): the same pair, read from the other side
_ROLE_PAIR_RE = re.compile(r"([医护床])([医护床人])比|(医师|护士|床位)与(医师|护士|床位)之?比")
_RATIO_TEXT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[:∶]\s*(\d+(?:\.\d+)?)")


def _reversed_ratio(t: Target, codebook: Codebook) -> Match | None:
    """The match of a role-pair ratio written in the reverse order, its value turned
    round ("护医比1.25:1" is 医护比 1:1.25)."""
    if t.unit != "ratio" or t.value_high is not None:
        return None  # (most targets: no search)
    m = _ROLE_PAIR_RE.search(t.indicator_text)
    written = _RATIO_TEXT_RE.search(t.value_text or "")
    if m is None or written is None:
        return None
    a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    if a == b:
        return None
    swapped = f"{b}{a}比" if m.group(1) else f"{b}与{a}之比"
    text = t.indicator_text[:m.start()] + swapped + t.indicator_text[m.end():]
    x, y = float(written.group(1)), float(written.group(2))
    if y == 0:
        return None
    value = round(x / y, 6)
    match = codebook.match(text, "ratio", value, t.annual)
    if match.indicator_id is None:
        return None
    t.value = value
    note = f"{match.alias} (written {t.indicator_text[m.start():m.end()]})"
    return Match(match.indicator_id, note, match.reason, match.scale)


# A county-level city (溧阳市, 瑞丽市) names its county hospitals after itself: its 市人民医院
# and 市中医医院 are the 县级综合医院 and 县级中医医院 of a county
_CITY_HOSPITAL_RE = re.compile(r"市(?=(?:人民|中医)医院|中医院)")
# a county's general and TCM hospitals named together: "县人民医院、县中医医院"
_BOTH_COUNTY_HOSPITALS_RE = re.compile(
    r"([县区旗市])人民医院(?:、|和|与|及)\1?中医(?:医)?院")


def county_level_city(region: str | None, level: str | None, level_given: bool,
                      listed: Collection[str]) -> bool:
    """Whether a document's place is a county-level city: a 市 of level county, or, its
    level read from the text alone, a 市 the region table does not list (the table lists
    every prefecture-level city; 溧阳市 is not one of them)."""
    if not region or not region.endswith("市") or (region in listed and level != "county"):
        return False
    return level == "county" or (not level_given and bool(listed))


def _match(t: Target, codebook: Codebook, county_city: bool) -> Match:
    """The codebook's match of the phrase as written; in a county-level city's text, of
    its 市人民医院 / 市中医医院 read as the county's hospitals."""
    m = codebook.match(t.indicator_text, t.unit, t.value, t.annual)
    # (a substring test before the pattern, which opens on a class: most phrases are unmapped
    # and name no 人民医院)
    if m.indicator_id is None and "人民医院" in t.indicator_text \
            and (pair := _BOTH_COUNTY_HOSPITALS_RE.search(t.indicator_text)):
        # "县人民医院、县中医医院电子病历系统应用水平均达到三级": the county's general and TCM
        # hospitals both, its public hospitals as a whole (one hospital's level is not)
        whole = codebook.match(t.indicator_text[:pair.start()] + "县级公立医院"
                               + t.indicator_text[pair.end():], t.unit, t.value, t.annual)
        if whole.indicator_id is not None:
            return Match(whole.indicator_id, f"{whole.alias} (the county's two public hospitals)",
                         whole.reason, whole.scale)
    if m.indicator_id is None and county_city and _CITY_HOSPITAL_RE.search(t.indicator_text):
        county = codebook.match(_CITY_HOSPITAL_RE.sub("县", t.indicator_text), t.unit,
                                t.value, t.annual)
        if county.indicator_id is not None:
            return Match(county.indicator_id,
                         f"{county.alias} (a county-level city's 市…医院)", county.reason,
                         county.scale)
    return m


# an institution named alone: "县级中医医院", "县中医医院", "乡镇卫生院"
_INSTITUTION_ALONE_RE = re.compile(rf"(?:[县市区]级?)?(?:{INSTITUTION_RE.pattern})")


def _measure_for_another_institution(t: Target, before: Target | None,
                                     codebook: Codebook) -> Match | None:
    """"县级综合医院达到…推荐标准的比例达到100%，县级中医医院力争达到70%": a value whose
    phrase is only an institution takes the measure of the sentence's value before it, for
    that institution - when the codebook has an indicator of its own for it (a 中医医院's
    share of 老年医学科, read as the 综合医院' indicator, would be another population's)."""
    if before is None or before.indicator_id is None or before.kind != "level" \
            or (before.char_start, before.char_end) != (t.char_start, t.char_end) \
            or not _INSTITUTION_ALONE_RE.fullmatch(t.indicator_text):
        return None
    named = INSTITUTION_RE.search(before.indicator_text)
    if named is None:
        return None
    phrase = t.indicator_text + before.indicator_text[named.end():]
    m = codebook.match(phrase, t.unit, t.value, t.annual)
    if m.indicator_id is None or m.indicator_id == before.indicator_id:
        return None
    return Match(m.indicator_id, f"{m.alias} (the measure before it, for {t.indicator_text})",
                 m.reason, m.scale)


def assign_indicators(targets: Iterable[Target], codebook: Codebook,
                      county_city: bool = False) -> list[Target]:
    """Map each target's indicator phrase to a codebook id (in place; returns the list).

    Kept apart from extraction so that a codebook change re-maps cached
    extractions without re-reading the documents.  Changes (``提高5个百分点``)
    and unpaired 分别 lists stay unmapped: their number is not the indicator's level.
    ``county_city``: the targets are of a county-level city's document
    (:func:`county_level_city`).
    """
    out = list(targets)
    before: Target | None = None
    for t in out:
        if t.value_written is None:  # first mapping: remember the number as written
            t.value_written, t.value_high_written = t.value, t.value_high
        t.value, t.value_high = t.value_written, t.value_high_written
        t.value_std = t.value_std_high = None
        if t.kind != "level":
            t.indicator_id, t.match_note = None, "change, not a level"
        elif t.method in _UNMAPPABLE:
            t.indicator_id, t.match_note = None, _UNMAPPABLE[t.method]
        elif not t.indicator_text:
            t.indicator_id, t.match_note = None, "no indicator phrase"
        else:
            m = _match(t, codebook, county_city)
            if m.indicator_id is None and (turned := _reversed_ratio(t, codebook)):
                m = turned
            if m.indicator_id is None and (
                    other := _measure_for_another_institution(t, before, codebook)):
                m = other
            if m.indicator_id is None and _lost_percent(t):
                # "分别达到50 及以上和90 及以上": a rate whose % sign the PDF lost
                m = codebook.match(t.indicator_text, "%", t.value, t.annual)
                if m.indicator_id:
                    t.unit = "%"
                    m = Match(m.indicator_id, f"{m.alias} (% sign lost)", m.reason, m.scale)
            if m.indicator_id and t.extra.get("percent_sign") == "lost":
                # "县级中医医院70 以上达到推荐标准": read as % by the sentence pass
                m = Match(m.indicator_id, f"{m.alias} (% sign lost)", m.reason, m.scale)
            t.indicator_id = m.indicator_id
            t.match_note = m.alias if m.indicator_id else m.reason
            if m.indicator_id:
                # the value in the indicator's unit: 每万人口床位数75张 is 7.5 per 1,000
                t.value = t.value_std = round(t.value * m.scale, 9)
                if t.value_high is not None:
                    t.value_high = t.value_std_high = round(t.value_high * m.scale, 9)
                if m.scale != 1.0:
                    t.match_note += f" (per-population base converted, x{m.scale:g})"
        before = t
    return out


def date_restated(statistics: list[Target]) -> list[Target]:
    """An undated statistic that restates a dated one of the same document (same
    indicator, same value: "截至2022年底，…医师数2.9人" then "…由2.9人提高到3.3人") is that
    fact, of that year; with two candidate years it stays undated.  In place; mapped
    statistics of one document."""
    years: dict[tuple[str, float], set[int]] = {}
    for t in statistics:
        if t.indicator_id and t.target_year is not None:
            years.setdefault((t.indicator_id, t.value), set()).add(t.target_year)
    for t in statistics:
        known = years.get((t.indicator_id or "", t.value), set())
        if t.indicator_id and t.target_year is None and len(known) == 1:
            t.target_year, t.year_source = next(iter(known)), "same value dated in the document"
    return statistics


def extract_and_map(
    raw: str, codebook: Codebook, context: DocContext | int | str | None = None
) -> list[Target]:
    """Extraction followed by indicator mapping: what the store holds for a document."""
    return assign_indicators(extract_targets(raw, context), codebook)
