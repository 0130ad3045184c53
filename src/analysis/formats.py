"""Numbers, years, comparators, units and status words in Chinese and English.

The one table of words every output reads (``LABELS``, from ``data/raw/labels.csv``:
kind -> key -> (zh, en); ``word`` / ``text`` / ``bilingual`` read it, ``template``
fills a sentence's ``{name}`` placeholders), the units
(``data/raw/units.csv``: words and decimals) and the one number rule (``fmt_number``),
at the bottom of the package so that the comparison layer writes its findings
sentences with the same words and numbers as the figures, the workbook, the site and
the notebooks (``analysis.outputs.labels`` re-exports all of it with the chart texts).
A missing number is ``MISSING`` everywhere.
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
import sys
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from analysis import paths

LANGS = ("zh", "en")
MISSING = "–"  # a missing number, everywhere
ANNUAL = -1  # the sort key some outputs use for annual targets (no target year)

# The one table of words: data/raw/labels.csv (kind, key, zh, en), read once.  The coded
# values of the store (statuses, verdicts...) and the shared words below are the words
# every output and the comparison layer's findings share (``word``); each output has its
# own kind for the words only it says (a column header of the workbook, a chart's axis
# title, a line of the site), looked up first, then the shared words (``text``).  The
# build loads only the store's kinds into the store's ``labels`` table (``OUTPUT_KINDS``
# are words of the outputs, not codes of the store).
SHARED_KINDS = ("status", "verdict", "actual_verdict", "rank_status", "goal_match", "word")
CHART, CHART_GROUP, WORKBOOK, SITE, SITE_FIGURE, GENRE = (
    "chart", "chart_group", "workbook", "site", "site_figure", "genre")
OUTPUT_KINDS = ("word", CHART, CHART_GROUP, WORKBOOK, SITE, SITE_FIGURE, GENRE)
_LABEL_COLUMNS = ("kind", "key", "zh", "en")


class LabelsError(ValueError):
    """A bad row of labels.csv: the message names the file, the line and the reason."""


def load_labels(path: Path = paths.LABELS) -> dict[str, dict[str, tuple[str, str]]]:
    """labels.csv as kind -> key -> (zh, en); a duplicate or empty cell names file and line.

    Cells are kept as written (a leading space of an English suffix is meant), so a
    translator edits the one file and every output follows.
    """
    out: dict[str, dict[str, tuple[str, str]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != _LABEL_COLUMNS:
            raise LabelsError(f"{path}: needs the columns {list(_LABEL_COLUMNS)}, "
                              f"has {reader.fieldnames}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row or any(row[c] is None for c in _LABEL_COLUMNS):
                raise LabelsError(f"{where}: needs exactly 4 cells (kind,key,zh,en)")
            empty = [c for c in _LABEL_COLUMNS if not row[c].strip()]
            if empty:
                raise LabelsError(f"{where}: {', '.join(empty)} is empty "
                                  f"(kind {row['kind']!r}, key {row['key']!r})")
            table = out.setdefault(row["kind"], {})
            if row["key"] in table:
                raise LabelsError(f"{where}: {row['kind']}/{row['key']!r} appears twice")
            table[row["key"]] = (row["zh"], row["en"])
    return out


LABELS: dict[str, dict[str, tuple[str, str]]] = load_labels()


def _chain(kind: str) -> tuple[str, ...]:
    """The kinds a key of ``kind`` is looked up in: its own, then the shared words."""
    if kind in SHARED_KINDS:
        return SHARED_KINDS
    if kind not in LABELS:
        close = difflib.get_close_matches(kind, list(LABELS), n=3)
        raise KeyError(f"no kind {kind!r} in {paths.LABELS.name}; closest: {close}")
    return (kind, *SHARED_KINDS)


def has(key: str, kind: str = "word") -> bool:
    """Whether ``key`` has words (for a name the codebook may add without words yet)."""
    return any(key in LABELS.get(k, {}) for k in _chain(kind))


@functools.lru_cache(maxsize=1 << 14)
def pair(key: str, kind: str = "word") -> tuple[str, str]:
    """(zh, en) of ``key``: the ``kind``'s own row, else the shared words.

    A key without a row is a KeyError naming the closest keys: a mistyped key must not
    print itself on a chart or a page.  Remembered (the table is read once, at import):
    a national site asks for the same few hundred words half a million times.
    """
    chain = _chain(kind)
    for k in chain:
        found = LABELS.get(k, {}).get(key)
        if found is not None:
            return found
    known = sorted({key for k in chain for key in LABELS.get(k, {})})
    close = difflib.get_close_matches(str(key), known, n=3)
    raise KeyError(f"no label {key!r} of kind {kind!r} in {paths.LABELS.name}; "
                   f"closest: {close}")


def text(key: str, lang: str = "zh", kind: str = "word") -> str:
    """The words of ``key`` in ``lang`` (``kind``'s own row first, then the shared words)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return _pick(pair(key, kind), lang)


class _Strict(dict):
    """The values of a template; a placeholder without one is a KeyError naming the key."""

    def __init__(self, key: str, kind: str, values: Mapping[str, object]) -> None:
        super().__init__(values)
        self.key, self.kind = key, kind

    def __missing__(self, name: str) -> object:
        raise KeyError(f"template {self.kind}/{self.key!r} of {paths.LABELS.name} needs "
                       f"a value for {{{name}}}; given: {sorted(self)}")


def template(kind: str, key: str, lang: str = "zh", **values: object) -> str:
    """A templated sentence of ``kind``/``key`` in ``lang``, its ``{name}`` placeholders
    filled from ``values`` (``str.format`` syntax, so ``{n:,}`` works).

    A sentence with counts is one row of labels.csv like any word, so a translator edits
    both languages side by side; a placeholder without a value is a KeyError naming the
    key and the placeholder (never a sentence printed with a hole in it).
    """
    return text(key, lang, kind).format_map(_Strict(key, kind, values))


def bilingual(key: str, lang: str, kind: str = "word") -> str:
    """A header: Chinese over English for 'zh' (readers of both), English only for 'en'."""
    zh, en = pair(key, kind)
    return f"{zh}\n{en}" if lang == "zh" else en


_YEAR_WORDS = {1: "one year", 2: "two years", 3: "three years", 4: "four years",
               5: "five years", 6: "six years", 7: "seven years", 8: "eight years",
               9: "nine years", 10: "ten years"}
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "≈": "≈", "=": ""}

# Each codebook unit (English) as readers of each language write it, and the decimals a
# number in it shows: data/raw/units.csv, one row per unit (the fallback for a codebook
# row without unit_zh / unit_en; a unit without a row shows DEFAULT_DECIMALS).
DEFAULT_DECIMALS = 2
# A number with at most this many decimals is shown as written, never rounded to the
# unit's decimals: a target of 92.55% reads '92.55%', not '92.6%'.  Only a number with
# more decimals (a median, a gap in percent, a share) is rounded to its unit's decimals.
WRITTEN_DECIMALS = 2
_EPS = 1e-9  # float noise below this (relative) is not a decimal: 0.1 * 35 is 3.5


def _unit_table(path: Path) -> dict[str, tuple[str, str, int]]:
    """units.csv as unit -> (zh, en, decimals); a bad row names the file and line."""
    out: dict[str, tuple[str, str, int]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"unit", "zh", "en", "decimals"}
        if not need <= set(reader.fieldnames or ()):
            raise ValueError(f"{path}: needs the columns {sorted(need)}, "
                             f"has {reader.fieldnames}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            unit, places = (row["unit"] or "").strip(), (row["decimals"] or "").strip()
            if not unit:
                raise ValueError(f"{where}: a row without a unit")
            if unit in out:
                raise ValueError(f"{where}: unit {unit!r} is listed twice")
            if not places.isdigit():
                raise ValueError(f"{where}: decimals of {unit!r} must be a whole number "
                                 f">= 0, not {places!r}")
            out[unit] = (row["zh"], row["en"], int(places))
    return out


_UNIT_ROWS = _unit_table(paths.UNITS)
UNITS: dict[str, tuple[str, str]] = {u: (zh, en) for u, (zh, en, _) in _UNIT_ROWS.items()}
DECIMALS: dict[str, int] = {u: places for u, (_, _, places) in _UNIT_ROWS.items()}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def word(key: str, lang: str = "zh") -> str:
    """A shared word (a status, a verdict, 'annual'...) in ``lang``; KeyError if unknown."""
    return text(key, lang)


def missing(value: object) -> bool:
    """None, NaN, and pandas' NA and NaT (those only where pandas is loaded: a value can be
    neither without it, and the build never loads it)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def decimals(unit: object) -> int:
    """Decimals a computed number in ``unit`` is rounded to (units.csv; else the default)."""
    return DECIMALS.get(unit, DEFAULT_DECIMALS) if isinstance(unit, str) else DEFAULT_DECIMALS


def _as_written(v: float) -> Decimal | None:
    """``v`` as written when it has at most ``WRITTEN_DECIMALS`` decimals (float noise
    ignored: 7.55 - 7 is 0.55), else None (a computed number such as 58.823529)."""
    for places in range(WRITTEN_DECIMALS + 1):
        r = round(v, places)
        if abs(v - r) <= _EPS * max(1.0, abs(v)):
            return Decimal(repr(r))
    return None


def _rounded(value: object, unit: object, places: int | None) -> Decimal:
    """The number a reader sees: as written, else rounded half up to the unit's decimals.

    Half up (7.555 -> 7.56 at two decimals) because that is how a reader and Excel round;
    ``places`` overrides the rule where a layout has room for a fixed number of decimals.
    """
    v = float(value)  # type: ignore[arg-type]
    written = None if places is not None else _as_written(v)
    if written is not None:
        q = written
    else:
        digits = decimals(unit) if places is None else places
        q = Decimal(repr(v)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return Decimal(0) if q == 0 else q  # never '-0'


def _digits(q: Decimal) -> int:
    """Decimals of ``q`` once trailing zeros are dropped (7.50 -> 1, 90.0 -> 0)."""
    text = f"{q:f}"
    return len(text.partition(".")[2].rstrip("0")) if "." in text else 0


def shown_decimals(value: object, unit: object = None, places: int | None = None) -> int:
    """How many decimals ``fmt_number`` shows for ``value`` (Excel formats copy it)."""
    if missing(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        return 0
    return _digits(_rounded(value, unit, places))


def fmt_number(value: object, unit: object = None, places: int | None = None,
               signed: bool = False) -> str:
    """A number as every output shows it: 7.55, 92.5, 90, 1,200, 58.8; ``MISSING`` for none.

    The one rule: a number with at most two decimals is shown as written (a target keeps
    its precision); a longer one is rounded to its unit's decimals (units.csv: beds per
    1,000 -> 2, percent -> 1, counts -> 0); trailing zeros are dropped, thousands grouped.
    ``signed`` writes '+' before a positive number (gaps).  Text is returned unchanged
    (a cell already formatted, such as '≥90%').
    """
    if missing(value):
        return MISSING
    if isinstance(value, str):
        return value
    return _fmt_float(float(value), unit, places, signed)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1 << 16)
def _fmt_float(v: float, unit: object, places: int | None, signed: bool) -> str:
    """fmt_number of a number, remembered: a national site or workbook shows the same
    values (targets, goals) hundreds of thousands of times."""
    if not math.isfinite(v):
        return "∞" if v > 0 else "-∞"
    q = _rounded(v, unit, places)
    text = f"{q:,.{_digits(q)}f}"
    return f"+{text}" if signed and q > 0 else text


def fmt_percent(value: object, scale: float = 100.0, signed: bool = False) -> str:
    """A share or relative gap in percent (0.588235 -> '58.8%'; ``scale`` 1 for percents)."""
    if missing(value):
        return MISSING
    return fmt_number(float(value) * scale, "percent", signed=signed) + "%"  # type: ignore[arg-type]


def fmt_value(value: object, unit: object = None, comparator: object = None,
              value_high: object = None) -> str:
    """A target or goal as shown: '≥90%', '7.55', '2–3' (comparator ``=`` shown as nothing)."""
    if missing(value):
        return MISSING
    text = fmt_number(value, unit)
    if not missing(value_high) and float(value_high) != float(value):  # type: ignore[arg-type]
        text = f"{text}–{fmt_number(value_high, unit)}"
    if unit == "percent":
        text += "%"
    sign = COMPARATOR_SIGNS.get(comparator, "") if isinstance(comparator, str) else ""
    return sign + text


def fmt_year(year: object, lang: str = "zh") -> str:
    """'2025年' / '2025'; '每年' / 'annual' for a target without a year."""
    if missing(year) or int(year) == ANNUAL:  # type: ignore[call-overload]
        return word("annual", lang)
    return word("year", lang).format(year=int(year))  # type: ignore[call-overload]


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
