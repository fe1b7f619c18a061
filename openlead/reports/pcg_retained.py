"""The deleted people's share of the policy group's report, kept as counts (issue 14).

A deletion (openlead.retention) must not change a published quarter: before the rows go,
reports.actions.keep_pcg_counts computes every quarter's tables, and after they go it
stores the difference per cell (models.PcgRetained). `with_retained` adds it back. Cells
are keyed by their labels, not positions: the referrals table's agency columns come from
the rows, so a deleted person's agency may no longer be among them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from openlead.programs.models import Program
from openlead.reports.models import PcgRetained
from openlead.reports.pcg_quarters import Quarter
from openlead.reports.pcg_tables import Table

PLACEHOLDER = "Any agency"  # the referrals table's one column when it has no agency
Cells = Counter[tuple[str, str]]


def cells_of(table: Table) -> Cells:
    cells: Cells = Counter()
    for row, counts in zip(table.row_labels, table.counts, strict=True):
        for col, n in zip(table.col_labels, counts, strict=True):
            cells[(row, col)] += n
    return cells


def difference(before: Table, after: Table) -> list[list[object]]:
    """[row, col, n] for every cell the deletion changed."""
    gone = cells_of(before)
    gone.subtract(cells_of(after))
    return [[row, col, n] for (row, col), n in sorted(gone.items()) if n]


def _labels(current: list[str], extra: list[str]) -> list[str]:
    return current + [label for label in dict.fromkeys(extra) if label not in current]


def add_cells(table: Table, kept: Cells) -> Table:
    if not kept:
        return table
    cells = cells_of(table)
    cells.update(kept)
    rows = _labels(table.row_labels, [r for r, _ in kept])
    cols = _labels(table.col_labels, [c for _, c in kept])
    if PLACEHOLDER in cols and len(cols) > 1 and not any(cells[(r, PLACEHOLDER)] for r in rows):
        cols.remove(PLACEHOLDER)
    counts = [[cells[(r, c)] for c in cols] for r in rows]
    return replace(table, row_labels=rows, col_labels=cols, counts=counts)


def retained(program: Program, quarter: Quarter) -> dict[str, Cells]:
    kept: dict[str, Cells] = {}
    rows = PcgRetained.objects.filter(program=program, quarter=quarter.code).order_by("pk")
    for row in rows:
        cells = kept.setdefault(row.table, Counter())
        for r, c, n in row.cells:
            cells[(str(r), str(c))] += int(n)
    return kept


def with_retained(program: Program, quarter: Quarter, tables: list[Table]) -> list[Table]:
    kept = retained(program, quarter)
    return [add_cells(table, kept.get(table.key, Counter())) for table in tables]
