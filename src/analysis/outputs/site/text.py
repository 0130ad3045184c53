"""Document text with the extracted numbers marked at their stored offsets.

Two views of the same offsets: ``highlight_quote`` shows one sentence on one
line with its number in ``<mark>`` (city and indicator pages), and
``mark_text`` shows a whole document with every target and statistic in a
``<mark id=…>`` that the city pages link to.  Text is always escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.outputs.display import one_line
from analysis.outputs.site.html import Markup, el, esc, join


@dataclass(frozen=True)
class Span:
    """A stretch of the document to mark: [start, end) in document offsets."""

    start: int
    end: int
    anchor: str
    kind: str = "target"  # or "observation"
    title: str = ""


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def value_span(row: dict[str, object]) -> tuple[int, int] | None:
    """The number's offsets in the document (value_start/end), else the sentence's."""
    vs, ve = _int(row.get("value_start")), _int(row.get("value_end"))
    if vs is not None and ve is not None and ve > vs:
        return vs, ve
    cs, ce = _int(row.get("char_start")), _int(row.get("char_end"))
    if cs is not None and ce is not None and ce > cs:
        return cs, ce
    return None


def highlight_quote(row: dict[str, object]) -> Markup:
    """The sentence on one line, its number marked (offsets relative to ``char_start``)."""
    quote = str(row.get("quote") or "")
    start = _int(row.get("char_start"))
    span = value_span(row)
    if start is None or span is None:
        return esc(one_line(quote))
    lo, hi = span[0] - start, span[1] - start
    if not (0 <= lo < hi <= len(quote)):
        return esc(one_line(quote))
    return join([one_line(quote[:lo]), el("mark", one_line(quote[lo:hi])),
                 one_line(quote[hi:])])


def _groups(spans: list[Span], length: int) -> list[list[Span]]:
    """Spans clipped to the text and grouped where they overlap (one mark per group)."""
    clipped = sorted((Span(max(0, s.start), min(length, s.end), s.anchor, s.kind, s.title)
                      for s in spans if s.end > 0 and s.start < length and s.end > s.start),
                     key=lambda s: (s.start, -s.end, s.anchor))
    groups: list[list[Span]] = []
    end = -1
    for span in clipped:
        if groups and span.start < end:
            groups[-1].append(span)
            end = max(end, span.end)
        else:
            groups.append([span])
            end = span.end
    return groups


def mark_text(text: str, spans: list[Span]) -> Markup:
    """The whole text, escaped, with each span in a ``<mark id=anchor>``.

    Overlapping spans (two targets sharing one number) share one mark: the first
    span's anchor is the mark's id, the others are empty anchors inside it, so
    a link to any of them lands on the same highlighted number.
    """
    parts: list[object] = []
    pos = 0
    for group in _groups(spans, len(text)):
        start, end = group[0].start, max(s.end for s in group)
        parts.append(text[pos:start])
        first, rest = group[0], group[1:]
        inner = [el("span", class_="anchor", id=s.anchor) for s in rest]
        kinds = sorted({s.kind for s in group})
        title = " · ".join(dict.fromkeys(s.title for s in group if s.title))
        parts.append(el("mark", *inner, text[start:end], id=first.anchor,
                        class_=" ".join(kinds), title=title or None))
        pos = end
    parts.append(text[pos:])
    return join(parts)
