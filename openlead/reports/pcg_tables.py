"""A table of the policy group's report: the counts, and what may be published of them.

The counts never leave this module unsuppressed: pages and downloads read `Published`,
where every small count and its complements are None (openlead.evaluation.suppression).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openlead.evaluation.suppression import SMALL_CELL, Suppressed, suppress

HIDDEN = "hidden"  # what a page shows for a suppressed count


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    counts_what: str  # one sentence for the page and the docs: what a cell counts
    row_labels: list[str]
    col_labels: list[str]
    counts: list[list[int]] = field(repr=False)

    def publish(self) -> Published:
        return Published(self, suppress(self.counts))


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    total: str


def _show(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


@dataclass(frozen=True)
class Published:
    table: Table = field(repr=False)
    shown: Suppressed

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def counts_what(self) -> str:
        return self.table.counts_what

    @property
    def col_labels(self) -> list[str]:
        return self.table.col_labels

    @property
    def has_margins(self) -> bool:
        return bool(self.shown.row_totals)

    @property
    def rows(self) -> list[Row]:
        totals = self.shown.row_totals or (None,) * len(self.shown.cells)
        return [
            Row(label, [_show(v) for v in cells], _show(total))
            for label, cells, total in zip(
                self.table.row_labels, self.shown.cells, totals, strict=True
            )
        ]

    @property
    def col_totals(self) -> list[str]:
        return [_show(v) for v in self.shown.col_totals]

    @property
    def grand(self) -> str:
        return _show(self.shown.grand)

    @property
    def hidden(self) -> int:
        return self.shown.hidden

    def series(self) -> list[tuple[str, int | None]]:
        """(row label, its published total) for a bar chart: the row total of a table with
        margins, else the one column."""
        if self.has_margins:
            values = list(self.shown.row_totals)
        else:
            values = [cells[0] for cells in self.shown.cells]
        return list(zip(self.table.row_labels, values, strict=True))


SUPPRESSION_RULE = (
    f"Counts from 1 to {SMALL_CELL - 1} are hidden, and so are other counts chosen so that "
    "no hidden count can be worked out from the totals shown (complementary suppression, "
    "checked exactly). Zero is shown."
)
