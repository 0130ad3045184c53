"""The indicator codebook: ids, names, units and the phrases that recognise them.

The codebook lives in ``data/raw/indicators.csv`` so that researchers can add
an indicator or an alias without touching code.  Alias syntax:

* ``|`` separates alternatives;
* ``…`` (U+2026) is a gap of up to 60 characters that does not cross a clause
  boundary (``每千…人口…床位`` matches ``每千常住人口医疗卫生机构床位``);
* ``exclude`` lists phrases that veto the indicator (``心理健康素养`` must not
  map to ``健康素养``);
* ``resource`` (per-population indicators) lists what is counted
  (``执业(助理)医师|执业医生|医生``); each is composed with the population base
  into an alias (``每千人口…执业医生``).  The base itself is a grammar
  (:func:`canonical_base`): 每千/千人/千人口/千人均/每千常住人口拥有/每万名居民/万人…
  all read as 每千人口 or 每万人口, so ``千人医生数`` or ``每万人全科医生数`` are
  recognised without listing every variant.

Among the indicators whose aliases match, the one whose matching alias has
the most literal characters wins; a tie between different ids is treated as
ambiguous and left unmapped, because a wrong id is worse than none.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

GAP = "…"
_GAP_RE = r"[^,;。:\n]{0,60}?"
NO_UNIT = "none"

REQUIRED_COLUMNS = (
    "id",
    "family",
    "name_zh",
    "name_en",
    "unit",
    "direction",
    "aliases",
)


class CodebookError(ValueError):
    """The codebook file is malformed (missing column, duplicate id, bad pattern)."""


@dataclass(frozen=True)
class Alias:
    """One alternative of an alias pattern, compiled when first tried."""

    pattern: str
    source: str  # the regular expression: escaped literals joined by the gap
    literal_len: int

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: a phrase reaches an alias only when its indicator's
        literals are found (``Indicator._any_alias``), so an incremental build that maps
        one document's phrases compiles a few aliases instead of all 244 (60 ms)."""
        return re.compile(self.source)

    @cached_property
    def _parts(self) -> tuple[str, ...]:
        """The literals between the gaps: each must be in a phrase the alias is found in."""
        return tuple(p for p in self.pattern.split(GAP) if p)

    def found_in(self, phrase: str) -> bool:
        """Whether ``self.regex`` finds the alias in ``phrase``: substring tests first, the
        regex (compiled on first use) only when every literal is there and a gap joins them
        (a gapless alias's regex is its escaped literal: its search is the substring test)."""
        if not all(p in phrase for p in self._parts):
            return False
        return GAP not in self.pattern or self.regex.search(phrase) is not None


def compile_alias(pattern: str) -> Alias:
    """Read ``每千…人口…床位`` as a regex and its specificity score.

    The parts are escaped literals, so the regex always compiles."""
    parts = [p for p in pattern.split(GAP)]
    if not any(parts):
        raise CodebookError(f"empty alias pattern {pattern!r}")
    regex = _GAP_RE.join(re.escape(p) for p in parts)
    return Alias(pattern, regex, sum(len(p) for p in parts))


def _split_alternatives(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


@dataclass(frozen=True)
class Indicator:
    """A codebook row."""

    id: str
    family: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    core: bool = True
    value_convention: str = ""
    value_type: str = ""
    per_population: int | None = None
    period: str = ""  # "annual": only targets stated per year (每年) map here
    accept_units: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    definition: str = ""
    # How outputs show it: short names for axes and panels, the chart that draws it
    # (indicators sharing a chart_group are drawn side by side) and its place there.
    short_name_zh: str = ""
    short_name_en: str = ""
    chart_group: str = ""
    chart_order: int | None = None
    unit_zh: str = ""
    unit_en: str = ""
    aliases: tuple[Alias, ...] = field(default=(), repr=False)
    exclude: tuple[str, ...] = ()

    def best_alias(self, phrase: str, veto_in: str | None = None) -> Alias | None:
        """The most specific alias found in ``phrase`` (None when vetoed or absent).

        ``veto_in`` is the text checked against the vetoes (default: the phrase).
        """
        if self._any_alias.search(phrase) is None:
            return None  # (most phrases name none of an indicator's aliases)
        if any(x in (phrase if veto_in is None else veto_in) for x in self.exclude):
            return None
        hits = [a for a in self.aliases if a.found_in(phrase)]
        return max(hits, key=lambda a: a.literal_len) if hits else None

    @cached_property
    def _any_alias(self) -> re.Pattern[str]:
        """The longest literal of each alias, as one alternation: a phrase holding none of
        them names none of the aliases, and most phrases, for most indicators, do not, so
        they cost one search instead of one per alias (the codebook's matching was a
        seventh of a build on real text).  Literals compile in microseconds; an
        alternation of the whole aliases would cost an incremental build 0.1 s."""
        literals = {max(a.pattern.split(GAP), key=len) for a in self.aliases}
        return re.compile("|".join(map(re.escape, sorted(literals))) or "(?!)")

    def accepts(self, unit: str, value: float, annual: bool = False) -> bool:
        """Unit, period and plausibility checks: a per-1000 value of 500 is not a rate."""
        if self.period == "annual" and not annual:
            return False
        if self.accept_units:
            key = unit or NO_UNIT
            if key not in self.accept_units:
                return False
        if self.min_value is not None and value < self.min_value:
            return False
        return not (self.max_value is not None and value > self.max_value)


@dataclass(frozen=True)
class Match:
    """Result of mapping an indicator phrase.

    ``scale`` converts the value as written into the indicator's canonical unit
    (0.1 for a bed count stated per 10,000 people when the indicator is per 1,000).
    """

    indicator_id: str | None
    alias: str | None
    reason: str  # "matched", "no alias", "ambiguous", "unit, period or range"
    scale: float = 1.0


# Population bases written in indicator phrases: 每千人口, 每万常住人口, 每十万人, 每百名居民.
_BASE_RE = re.compile(r"每(千|万|十万|10万|百|百万)(?:名)?(?:常住|户籍|服务)?(?:人口|居民|人)")
_BASE_VALUE = {"百": 100, "千": 1000, "万": 10000, "十万": 100000, "10万": 100000, "百万": 1000000}
_BASE_TEXT = {100: "每百人口", 1000: "每千人口", 10000: "每万人口", 100000: "每十万人口"}


_PAREN_NOTE_RE = re.compile(r"[(（][^()（）]*[)）]")
# The population base as people write it, short or long: 每千常住人口(拥有), 千人口, 千人,
# 千人均, 每万名居民, 万人 - one grammar, read as the canonical 每千人口 / 每万人口 before the
# aliases are tried.  Not a base: 万人次 (a count of visits), 3万人 (a number of people).
_BASE_GRAMMAR_RE = re.compile(
    r"(?<![\d.一二三四五六七八九十百两几数近约超逾])每?(?P<n>千|万|十万|百)(?:名)?"
    r"(?:常住|户籍|服务)?(?:人口|居民|人均|人)(?!次|以上|左右|规模)(?:拥有|有|配备)?"
)
_BASE_WORD = {"千": "每千人口", "万": "每万人口", "十万": "每十万人口", "百": "每百人口"}
# "执业医生数达到每千人口3人": a base written after the verb belongs before the noun
_BASE_AFTER_RE = re.compile(
    r"^(?P<noun>[^每]{2,20}?)(?:达到|达|为)?(?P<base>每(?:千|万|十万|百)人口)$"
)


def canonical_base(phrase: str) -> str:
    """The phrase with its population base written the canonical way
    (``千人均医疗机构床位数`` -> ``每千人口医疗机构床位数``)."""
    out = _BASE_GRAMMAR_RE.sub(lambda m: _BASE_WORD[m.group("n")], phrase)
    m = _BASE_AFTER_RE.match(out)
    return m.group("base") + m.group("noun") if m else out


_UNIT_BASE = re.compile(r"^(张|人|名)/(千|万)人$")


def _restated(phrase: str, unit: str) -> tuple[str, str]:
    """The phrase with its population base canonical, and the unit without a base (the
    base then goes into the phrase: "床位数7.8张/千人")."""
    restated = canonical_base(phrase)
    base = _UNIT_BASE.match(unit)
    if base:
        unit = base.group(1)
        if population_base(restated) is None:
            restated = _BASE_TEXT[_BASE_VALUE[base.group(2)]] + restated
    return restated, unit


def population_base(phrase: str) -> tuple[int, re.Match[str]] | None:
    """The population base a phrase is stated per (1000 for 每千人口), with its match."""
    m = _BASE_RE.search(phrase)
    return (_BASE_VALUE[m.group(1)], m) if m else None


def _float_or_none(cell: str | None) -> float | None:
    cell = (cell or "").strip()
    return float(cell) if cell else None


def _row_to_indicator(row: dict[str, str], where: str) -> Indicator:
    for col in REQUIRED_COLUMNS:
        if not (row.get(col) or "").strip():
            raise CodebookError(f"{where}: column {col!r} is empty")
    try:
        aliases = [compile_alias(a) for a in _split_alternatives(row["aliases"])]
        per_pop = (row.get("per_population") or "").strip()
        base = _BASE_TEXT.get(int(per_pop)) if per_pop else None
        resources = _split_alternatives(row.get("resource"))
        if resources and base is None:
            raise CodebookError(f"{where}: resource given without a per_population base")
        aliases += [compile_alias(f"{base}{GAP}{r}") for r in resources]
        # The Chinese name is always an alias of itself.
        aliases.append(compile_alias(row["name_zh"].strip()))
        return Indicator(
            id=row["id"].strip(),
            family=row["family"].strip(),
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            unit=row["unit"].strip(),
            direction=row["direction"].strip(),
            core=(row.get("core") or "1").strip() not in ("0", "false", "no"),
            value_convention=(row.get("value_convention") or "").strip(),
            value_type=(row.get("value_type") or "").strip(),
            per_population=int(per_pop) if per_pop else None,
            period=(row.get("period") or "").strip(),
            accept_units=tuple(_split_alternatives(row.get("accept_units"))),
            min_value=_float_or_none(row.get("min_value")),
            max_value=_float_or_none(row.get("max_value")),
            definition=(row.get("definition") or "").strip(),
            short_name_zh=(row.get("short_name_zh") or "").strip(),
            short_name_en=(row.get("short_name_en") or "").strip(),
            chart_group=(row.get("chart_group") or "").strip(),
            chart_order=int(order) if (order := (row.get("chart_order") or "").strip()) else None,
            unit_zh=(row.get("unit_zh") or "").strip(),
            unit_en=(row.get("unit_en") or "").strip(),
            aliases=tuple(aliases),
            exclude=tuple(_split_alternatives(row.get("exclude"))),
        )
    except (ValueError, re.error) as exc:
        raise CodebookError(f"{where}: {exc}") from exc


class Codebook:
    """All indicators, with phrase matching."""

    def __init__(self, indicators: Iterable[Indicator], fingerprint: str = "") -> None:
        self.indicators: tuple[Indicator, ...] = tuple(indicators)
        self.by_id = {i.id: i for i in self.indicators}
        if len(self.by_id) != len(self.indicators):
            raise CodebookError("duplicate indicator id in codebook")
        self.fingerprint = fingerprint
        self._memo: dict[tuple[str, str, float, bool], Match] = {}
        # the indicators whose aliases a phrase names: a function of the phrase alone (the
        # value, its unit and period only filter them), and a corpus repeats its phrases
        # with many values (7,053 targets of 300 plans: 762 keys above, 160 phrases)
        self._hits_memo: dict[str, tuple[tuple[int, Indicator, Alias, float], ...]] = {}
        self._restated_memo: dict[tuple[str, str], tuple[str, str]] = {}

    @classmethod
    def load(cls, path: Path) -> Codebook:
        """Read the CSV codebook; errors name the file and the row."""
        data = Path(path).read_bytes()
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(text.splitlines()))
        if not rows:
            raise CodebookError(f"{path}: no indicators")
        missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
        if missing:
            raise CodebookError(f"{path}: missing columns {missing}")
        inds = [_row_to_indicator(r, f"{path}:{n + 2}") for n, r in enumerate(rows)]
        return cls(inds, fingerprint=hashlib.sha256(data).hexdigest()[:16])

    def _named(self, phrase: str) -> tuple[tuple[int, Indicator, Alias, float], ...]:
        """The indicators an (already restated) phrase names, each with its most specific
        alias and the value scale."""
        # Parenthesised notes are read last: "县级医院（含中医院）" is a county hospital,
        # "床位数（含康复床位）" still all beds; but "县级中医（藏医）医院" needs its note
        # removed to read as 县…中医医院, and a note can name the indicator itself.
        bare = _PAREN_NOTE_RE.sub("", phrase)
        hits = self._hits(bare, bare)
        if not hits and bare != phrase:
            hits = self._hits(phrase, bare)
        return tuple(hits)

    def _hits(self, phrase: str, veto_in: str) -> list[tuple[int, Indicator, Alias, float]]:
        hits = []
        # the phrases depend on the indicator only through its population base: restated
        # once per base, not once per indicator
        by_base: dict[int | None, tuple[tuple[str, float], str]] = {}
        for ind in self.indicators:
            if (restated_for := by_base.get(ind.per_population)) is None:
                restated_for = by_base[ind.per_population] = (
                    self._phrase_for(ind, phrase), self._phrase_for(ind, veto_in)[0])
            (restated, scale), veto = restated_for
            alias = ind.best_alias(restated, veto)
            if alias is not None:
                hits.append((alias.literal_len, ind, alias, scale))
        return hits

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.by_id

    def _phrase_for(self, ind: Indicator, phrase: str) -> tuple[str, float]:
        """The phrase restated per the indicator's population base, and the value scale.

        ``每万人口床位数75张`` is the same quantity as ``每千人口床位数7.5张``:
        for a per-1000 indicator the phrase is read as per 1000 and the value
        scaled by 0.1, so documents that use different bases compare.
        """
        base = population_base(phrase) if ind.per_population else None
        if base is None or base[0] == ind.per_population or ind.per_population not in _BASE_TEXT:
            return phrase, 1.0
        written, m = base
        restated = phrase[: m.start()] + _BASE_TEXT[ind.per_population] + phrase[m.end():]
        return restated, ind.per_population / written

    def match(self, phrase: str, unit: str, value: float, annual: bool = False) -> Match:
        """Map an indicator phrase (with the value's unit) to an id, or explain why not.

        Memoised: a national corpus repeats the same phrases thousands of times.
        """
        key = (phrase, unit, value, annual)
        cached = self._memo.get(key)
        if cached is None:
            restated = self._restated_memo.get((phrase, unit))
            if restated is None:
                restated = self._restated_memo[phrase, unit] = _restated(phrase, unit)
            cached = self._memo[key] = self._match(*restated, value, annual)
        return cached

    def _match(self, phrase: str, unit: str, value: float, annual: bool) -> Match:
        hits = self._hits_memo.get(phrase)
        if hits is None:
            hits = self._hits_memo[phrase] = self._named(phrase)
        if not hits:
            return Match(None, None, "no alias")
        fitting = [h for h in hits if h[1].accepts(unit, value * h[3], annual)]
        if not fitting:
            return Match(None, None, "unit, period or range")
        fitting.sort(key=lambda h: -h[0])
        best = fitting[0]
        if len(fitting) > 1 and fitting[1][0] == best[0] and fitting[1][1].id != best[1].id:
            return Match(None, None, "ambiguous")
        return Match(best[1].id, best[2].pattern, "matched", best[3])
