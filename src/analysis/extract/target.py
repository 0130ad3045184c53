"""The extracted target (or statistic): one record shared by sentence rules and tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Target:
    """One quantitative target, traceable to its sentence in the raw text."""

    indicator_id: str | None
    indicator_text: str
    value: float
    value_high: float | None
    unit: str
    comparator: str
    aspirational: bool
    maintain: bool
    target_year: int | None
    annual: bool
    kind: str  # "level" (a level to reach) or "change" (a rise/fall by an amount)
    method: str
    match_note: str
    # "sentence", "paragraph", "section", "plan period", "plan deadline", "table",
    # "title year" or None
    year_source: str | None
    quote: str
    char_start: int
    char_end: int
    value_text: str
    value_start: int
    value_end: int
    section: str = ""
    section_path: str = ""
    responsible: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # the value in the indicator's canonical unit (set by assign_indicators; equals
    # value once mapped) and the number as written, before any unit conversion
    value_std: float | None = None
    value_std_high: float | None = None
    value_written: float | None = None
    value_high_written: float | None = None
    # a commitment written in words ("均设置老年医学科" -> 100 %)
    in_words: bool = False
    # a reported value (bulletin, review, 由X…, 截至…): an observation, not a target;
    # target_year then holds the year the value is of
    statistic: bool = False
