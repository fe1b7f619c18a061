"""Horizontal bar charts as inline SVG, drawn from published figures only.

Like reports.pcg_svg, hand-written so the CSP needs no 'unsafe-inline': no <style>
element and no style attributes; colour and type come from classes in site.css
(.ac-chart). A hidden figure is drawn as no bar with the word for "hidden", so a chart
never shows more than its table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 90
CHAR_WIDTH = 7.2  # a generous average at the chart's 13px, so a label is never cut off
BAR_WIDTH = 170
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: hidden or not known
    text: str  # what is written after the bar: the figure, or why there is none


def bar_chart(title: str, bars: list[Bar], tone: str = "") -> SafeString:
    top = max((b.value for b in bars if b.value is not None), default=0) or 1
    label_width = max([LABEL_WIDTH] + [round(len(b.label) * CHAR_WIDTH) + 12 for b in bars])
    width = label_width + BAR_WIDTH + 70
    height = ROW_HEIGHT * len(bars) + 8
    kind = f"ac-bar {tone}".strip()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ac-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW_HEIGHT
        text_y = y + ROW_HEIGHT // 2 + 5
        parts.append(
            f'<text class="ac-label" x="{label_width - 8}" y="{text_y}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
        )
        length = 0 if bar.value is None else round(BAR_WIDTH * bar.value / top)
        if length:
            parts.append(
                f'<rect class="{kind}" x="{label_width}" y="{y + 3}" width="{length}" '
                f'height="{ROW_HEIGHT - 6}"></rect>'
            )
        parts.append(
            f'<text class="ac-value" x="{label_width + length + 6}" y="{text_y}">'
            f"{escape(bar.text)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every label and text is escaped above)
