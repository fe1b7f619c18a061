"""Horizontal bar charts as inline SVG, drawn on the server from published counts only.

Hand-written rather than matplotlib's SVG: that one carries a <style> element and style
attributes, which the app's CSP (style-src 'self') refuses. Here everything is a
presentation attribute or a class from site.css. A hidden count is drawn as no bar with
the word "hidden", so the chart never shows more than the table.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openlead.reports.pcg_tables import HIDDEN

LABEL_WIDTH = 240  # the least room for the labels
CHAR_WIDTH = 7.5  # a generous average at font-size 13, so a long label is never cut off
BAR_WIDTH = 300
ROW_HEIGHT = 26


def bar_chart(title: str, series: list[tuple[str, int | None]]) -> SafeString:
    """One bar per (label, count); None is a hidden count."""
    top = max((v for _, v in series if v is not None), default=0) or 1
    height = ROW_HEIGHT * len(series) + 8
    label_width = max([LABEL_WIDTH] + [round(len(label) * CHAR_WIDTH) + 16 for label, _ in series])
    width = label_width + BAR_WIDTH + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pcg-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(series):
        y = 4 + i * ROW_HEIGHT
        text_y = y + ROW_HEIGHT // 2 + 5
        parts.append(
            f'<text x="{label_width - 8}" y="{text_y}" text-anchor="end" '
            f'font-size="13" fill="#222">{escape(label)}</text>'
        )
        length = 0 if value is None else round(BAR_WIDTH * value / top)
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{length}" '
                f'height="{ROW_HEIGHT - 6}" fill="#2f6f8f"></rect>'
            )
        shown = HIDDEN if value is None else str(value)
        parts.append(
            f'<text x="{label_width + length + 6}" y="{text_y}" font-size="13" '
            f'fill="#222">{shown}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every label is escaped above)
