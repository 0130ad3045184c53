"""Shared by the rule tests: read one text as a document, keep what maps to an indicator."""

from __future__ import annotations

from analysis.extract.codebook import Codebook
from analysis.extract.rules import DocContext, assign_indicators, extract_document


def read(codebook: Codebook, text: str, ctx: DocContext | None = None):
    """(the document's reading, mapped targets, mapped statistics)."""
    found = extract_document(text, ctx if ctx is not None else DocContext())
    targets = [t for t in assign_indicators(found.targets, codebook) if t.indicator_id]
    stats = [t for t in assign_indicators(found.statistics, codebook) if t.indicator_id]
    return found, targets, stats


def keys(rows) -> list[tuple[str, float, int | None]]:
    """(indicator, value, year) of each row, in reading order."""
    return [(t.indicator_id, t.value, t.target_year) for t in rows]
