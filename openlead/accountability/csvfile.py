"""The page's figures as one CSV: the same cells as the page (page.sections), by section,
line and quarter, with "hidden" for a suppressed figure. English codes and labels, so a
download reads the same whatever the page's language."""

from __future__ import annotations

import csv
import io

from django.utils import translation

from openlead.accountability import page
from openlead.accountability.figures import Figures

HEADER = ("section", "line", "label", "quarter", "kind", "value")


def rows(figures: Figures) -> list[tuple[str, ...]]:
    with translation.override("en"):
        found: list[tuple[str, ...]] = []
        quarters = [q.code for q in figures.quarters] + [page.YEAR]
        for section in page.sections(figures):
            for line in section.lines:
                for quarter, cell in zip(quarters, line.cells, strict=True):
                    found.append((section.key, line.code, line.label, quarter, cell.kind, cell.csv))
    return found


def render(figures: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(figures))
    return out.getvalue()
