"""Numbers, years, comparators, units and status words in Chinese and English.

The one table of words every output shares (``TABLE``: key -> (zh, en)) and the
formatting of numbers and years, at the bottom of the package so that the
comparison layer writes its findings sentences with the same words and numbers
as the figures, the workbook and the notebooks (``analysis.outputs.labels``
re-exports all of it with the chart texts).  A missing number is ``MISSING``
everywhere.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis import paths

LANGS = ("zh", "en")
MISSING = "–"  # a missing number, everywhere
ANNUAL = -1  # the sort key some outputs use for annual targets (no target year)

# key -> (zh, en)
# The coded values of the store (statuses, verdicts, actual verdicts, ranking, goal match)
# come from data/raw/labels.csv, the table the build also loads into the store's `labels`:
# one source for what the store, the figures, the workbook, the site and the notebooks say.
_CODED_KINDS = ("status", "verdict", "actual_verdict", "rank_status", "goal_match")


def _coded_labels(path: Path = paths.LABELS) -> dict[str, tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["key"]: (r["zh"], r["en"]) for r in csv.DictReader(fh)
                if r["kind"] in _CODED_KINDS}


TABLE: dict[str, tuple[str, str]] = {
    **_coded_labels(),
    "meets_early": ("{ty}年目标对照{gy}年目标：提前{n}年达到", "{ty} target vs {gy} goal: "
                    "meets it {n_words} early"),
    "below_before": ("{ty}年目标对照{gy}年目标：低于该目标（早{n}年）", "{ty} target vs {gy} "
                     "goal: below it, {n_words} before its year"),
    "meets_late": ("{ty}年目标对照{gy}年目标：达到（晚{n}年）", "{ty} target vs {gy} goal: "
                   "meets it, {n_words} after its year"),
    "below_late": ("{ty}年目标对照{gy}年目标：{n}年后仍低于该目标", "{ty} target vs {gy} goal: "
                   "still below it {n_words} later"),
    "other_year_status": ("设定了{year}目标：{value}", "set for another year ({year}: {value})"),
    # words
    "annual": ("每年", "annual"),
    "year_suffix": ("年", ""),
    "national": ("国家", "national"),
    "provincial": ("省级", "provincial"),
    "national_goal": ("国家目标", "National goal"),
    "provincial_goal": ("省级目标", "Provincial goal"),
    "national_actual": ("全国现状", "National actual"),
}
_YEAR_WORDS = {1: "one year", 2: "two years", 3: "three years", 4: "four years",
               5: "five years", 6: "six years", 7: "seven years", 8: "eight years",
               9: "nine years", 10: "ten years"}
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "≈": "≈", "=": ""}

# The codebook's units (English) in each language: the fallback for a codebook row
# without unit_zh / unit_en.
UNITS: dict[str, tuple[str, str]] = {
    "beds per 1000 people": ("张/千人", "beds per 1,000 people"),
    "physicians per bed": ("医师数/床，即 1:x 中的 x", "physicians per bed, x in 1:x"),
    "nurses per physician": ("护士数/医师，即 1:x 中的 x", "nurses per physician, x in 1:x"),
    "staff per bed": ("卫生人员/床，即 1:x 中的 x", "staff per bed, x in 1:x"),
    "physicians per 1000 people": ("人/千人", "per 1,000 people"),
    "nurses per 1000 people": ("人/千人", "per 1,000 people"),
    "GPs per 10000 people": ("人/万人", "per 10,000 people"),
    "staff per 10000 people": ("人/万人", "per 10,000 people"),
    "percent": ("%", "%"),
    "level": ("级", "level, 0-8"),
    "person-visits per year": ("人次/年", "person-visits per year"),
    "years": ("岁", "years"),
    "per 100000 live births": ("/10万", "per 100,000 live births"),
    "per 1000 live births": ("‰", "per 1,000 live births"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def word(key: str, lang: str = "zh") -> str:
    """The word for ``key`` in ``lang`` (the key itself when the table lacks it)."""
    pair = TABLE.get(key)
    return _pick(pair, lang) if pair else key


def missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def fmt_number(value: object, digits: int = 2) -> str:
    """7.55, 90, 1,200, 0.42; ``MISSING`` for no number."""
    if missing(value):
        return MISSING
    v = float(value)  # type: ignore[arg-type]
    if abs(v) >= 100 or v == int(v):
        return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.1f}"
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def fmt_value(value: object, unit: object = None, comparator: object = None,
              value_high: object = None) -> str:
    """'≥90%', '7.55', '2–3': a value with its comparator (``=`` shown as nothing)."""
    text = fmt_number(value)
    if not missing(value_high) and value_high != value:
        text = f"{text}–{fmt_number(value_high)}"
    if unit == "percent" and text != MISSING:
        text += "%"
    sign = COMPARATOR_SIGNS.get(comparator, "") if isinstance(comparator, str) else ""
    return sign + text


def fmt_year(year: object, lang: str = "zh") -> str:
    """'2025年' / '2025'; '每年' / 'annual' for a target without a year."""
    if missing(year) or int(year) == ANNUAL:  # type: ignore[call-overload]
        return word("annual", lang)
    return f"{int(year)}{word('year_suffix', lang)}"  # type: ignore[call-overload]


def unit_label(unit: object, lang: str = "zh") -> str:
    """The codebook unit as a reader of ``lang`` writes it ('' when unknown)."""
    if not isinstance(unit, str) or not unit:
        return ""
    pair = UNITS.get(unit)
    return _pick(pair, lang) if pair else unit


def indicator_name(row: Mapping[str, object] | None, lang: str = "zh",
                   indicator_id: str = "") -> str:
    """The codebook's short name, else its full name, else the id."""
    row = row or {}
    for key in (f"short_name_{lang}", "name_zh" if lang == "zh" else "name_en"):
        value = row.get(key)
        if isinstance(value, str) and value:
            return value
    return str(row.get("indicator_id") or indicator_id)


def indicator_unit(row: Mapping[str, object] | None, lang: str = "zh") -> str:
    """The codebook's unit for readers of ``lang`` (unit_zh / unit_en), else ``unit_label``."""
    row = row or {}
    value = row.get(f"unit_{lang}")
    if isinstance(value, str) and value:
        return value
    return unit_label(row.get("unit"), lang)


def status_text(status: object, lang: str = "zh", other_year: object = None,
                other_value: object = None, unit: object = None) -> str:
    """A status as shown: 'set for another year (2025: 60%)' carries the year and value."""
    if missing(status):
        return MISSING
    if status == "set for another year" and not missing(other_year):
        return word("other_year_status", lang).format(
            year=fmt_year(other_year, lang), value=fmt_value(other_value, unit))
    return word(str(status), lang)


def goal_match_text(target_year: object, goal_year: object, verdict: object,
                    lang: str = "zh") -> str:
    """'2025 target vs 2030 goal: meets it five years early'; '' for a same-year goal."""
    if missing(target_year) or missing(goal_year) or int(target_year) == int(goal_year):  # type: ignore[call-overload]
        return ""
    ty, gy = int(target_year), int(goal_year)  # type: ignore[call-overload]
    meets = verdict in ("more ambitious", "equal")
    key = ("meets_early" if meets else "below_before") if gy > ty else (
        "meets_late" if meets else "below_late")
    n = abs(gy - ty)
    return word(key, lang).format(ty=ty, gy=gy, n=n, n_words=_YEAR_WORDS.get(n, f"{n} years"))
