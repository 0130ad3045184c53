"""Small inline SVG bar charts: drawn in the page, no script, no image file per city."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.outputs.labels import fmt_number
from analysis.outputs.site.html import Markup, el, join
from analysis.outputs.style import LESS_COLOR, MORE_COLOR, NATIONAL_COLOR

ROW = 22
LABEL_W = 230
BAR_W = 420
VALUE_W = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    title: str = ""


def ratio_chart(bars: list[Bar], caption: str, reference: float = 1.0) -> Markup:
    """Horizontal bars of a ratio with a line at ``reference`` (1 = equal to the goal).

    Bars above the reference are blue, below orange (the figures' verdict colours).
    """
    if not bars:
        return Markup("")
    top = max(max(b.value for b in bars), reference) * 1.1
    scale = BAR_W / top if top > 0 else 0
    height = ROW * len(bars) + 24
    width = LABEL_W + BAR_W + VALUE_W
    items = []
    for i, bar in enumerate(bars):
        y = i * ROW + 4
        color = MORE_COLOR if bar.value >= reference else LESS_COLOR
        w = max(bar.value * scale, 1)
        items.append(el("g",
                        el("title", bar.title or f"{bar.label}: {fmt_number(bar.value)}"),
                        el("text", bar.label, x=LABEL_W - 8, y=y + 14, text_anchor="end"),
                        el("rect", x=LABEL_W, y=y + 2, width=f"{w:.1f}", height=ROW - 6,
                           fill=color),
                        el("text", fmt_number(bar.value), x=f"{LABEL_W + w + 4:.1f}",
                           y=y + 14)))
    x_ref = LABEL_W + reference * scale
    line = el("line", x1=f"{x_ref:.1f}", x2=f"{x_ref:.1f}", y1=0, y2=ROW * len(bars) + 6,
              stroke=NATIONAL_COLOR, stroke_width=1.5, stroke_dasharray="4 3")
    ref_label = el("text", fmt_number(reference), x=f"{x_ref:.1f}", y=ROW * len(bars) + 20,
                   text_anchor="middle")
    svg = el("svg", join(items), line, ref_label, xmlns="http://www.w3.org/2000/svg",
             viewBox=f"0 0 {width} {height}", width=width, height=height, role="img",
             aria_label=caption, font_size=13, class_="chart")
    return el("figure", svg, el("figcaption", caption))
