"""What the reviewer sees of a proposed link's score: a waterfall of match weights, and
the characters that differ between the two sides (Myers / Myer).

The weights are the ones stored with the link (openlead.linkage.explain.pair_weights):
levels and numbers, no values. Drawn by hand as inline SVG with presentation attributes
only, like the PCG charts, because the app's CSP refuses style attributes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openlead.linkage.words import level_words

FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "dob": "Date of birth",
    "sex": "Sex",
    "state_id": "State id",
    "booking_number": "Booking number",
    "middle_name": "Middle name",
    "address": "Address",
    "phone": "Phone",
    "aliases": "Other names",
}
LABEL_WIDTH = 300
BAR_AREA = 320
ROW = 26
AGREES, DISAGREES, TOTAL = "#2e7d32", "#b3261e", "#1f4e79"


@dataclass(frozen=True)
class Bar:
    label: str
    weight: float
    total: bool = False


def bars(weights: dict[str, Any]) -> list[Bar]:
    """The waterfall's rows, in the order the score is built: prior, fields, frequency."""
    if not weights:
        return []
    rows = [Bar("Before comparing (how rare a true pair is)", float(weights["prior"]))]
    for name, field in weights["fields"].items():
        level = level_words(str(field["level"]))
        rows.append(Bar(f"{FIELD_LABELS.get(name, name)}: {level}", float(field["weight"])))
    if abs(float(weights.get("frequency", 0.0))) >= 0.05:
        rows.append(Bar("How common the names are", float(weights["frequency"])))
    rows.append(Bar("Score (match weight)", float(weights["total"]), total=True))
    return rows


def waterfall_svg(weights: dict[str, Any]) -> SafeString:
    """Each bar starts where the running score stands; the last is the total from 0."""
    rows = bars(weights)
    if not rows:
        return mark_safe("")  # noqa: S308  (empty)
    ends, running = [], 0.0
    for bar in rows:
        start = 0.0 if bar.total else running
        end = bar.weight if bar.total else running + bar.weight
        ends.append((start, end))
        running = end if not bar.total else running
    low = min(0.0, *(min(a, b) for a, b in ends))
    high = max(0.0, *(max(a, b) for a, b in ends))
    scale = BAR_AREA / ((high - low) or 1.0)
    width, height = LABEL_WIDTH + BAR_AREA + 70, ROW * len(rows) + 10
    zero = LABEL_WIDTH + (0 - low) * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="waterfall" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        "<title>How the score is made: each field's match weight, added up</title>",
        f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height}" stroke="#888"></line>',
    ]
    for i, (bar, (start, end)) in enumerate(zip(rows, ends, strict=True)):
        parts += _bar(i, bar, start, end, low, scale)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every label is escaped in _bar)


def _bar(i: int, bar: Bar, start: float, end: float, low: float, scale: float) -> list[str]:
    y = 5 + i * ROW
    text_y = y + ROW // 2 + 4
    x0 = LABEL_WIDTH + (min(start, end) - low) * scale
    length = max(abs(end - start) * scale, 1.0)
    colour = TOTAL if bar.total else (AGREES if bar.weight >= 0 else DISAGREES)
    return [
        f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" font-size="13" '
        f'fill="#222">{escape(bar.label)}</text>',
        f'<rect x="{x0:.1f}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}" '
        f'fill="{colour}"></rect>',
        f'<text x="{x0 + length + 4:.1f}" y="{text_y}" font-size="12" fill="#222">'
        f"{bar.weight:+.1f}</text>",
    ]


def differing(left: str, right: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both values as runs of (text, differs), compared without case: Myers vs MYER marks
    only the s. Values with little in common are marked whole (letter runs shared by
    chance would only be noise). Empty values give no runs."""
    matcher = difflib.SequenceMatcher(None, left.casefold(), right.casefold(), autojunk=False)
    if matcher.ratio() < 0.5:
        return ([(left, True)] if left else []), ([(right, True)] if right else [])
    a: list[tuple[str, bool]] = []
    b: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        if i2 > i1:
            a.append((left[i1:i2], not same))
        if j2 > j1:
            b.append((right[j1:j2], not same))
    return a, b


def side_by_side(
    left: dict[str, Any],
    right: dict[str, Any],
    fields: list[tuple[str, str]],
    weights: dict[str, Any],
    *,
    keep_empty: bool,
) -> dict[str, Any]:
    """What both review pages show of a pair (records/_compare.html, _why_score.html):
    rows of (label, marked left, marked right), the waterfall and its bars. A duplicate
    pair leaves out fields neither record has; a link review shows every row."""
    rows = []
    for key, label in fields:
        a, b = str(left.get(key, "") or ""), str(right.get(key, "") or "")
        if a or b or keep_empty:
            marked_a, marked_b = differing(a, b)
            rows.append({"label": label, "left": marked_a, "right": marked_b})
    return {"rows": rows, "waterfall": waterfall_svg(weights), "bars": bars(weights)}
