"""Complementary suppression across tables that share their totals.

The page shows three tables of the same referrals: by door, by race and ethnicity, and by
whether there was a current charge. Each quarter's column total is the same number in all
three, so a total hidden in one table and shown in another is not hidden at all, and the
three tables' cells are tied together by "the columns add up to the same total". Hiding
each table on its own (openlead.evaluation.suppression) is therefore not enough: here the
check runs on all of them at once. An item is recoverable when its vector lies in the
span of every published item's vector and of the known ties (column j of table A minus
column j of table B is zero), tested exactly with the same rational span as the single
table check. Any recoverable hidden item gets one more complement, and the check runs
again, until nothing hidden can be worked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

# The single-table layout and the exact span check, reused rather than copied (the pure
# package's private helpers, read-only here).
from openlead.evaluation.suppression import SMALL_CELL, Suppressed, suppress
from openlead.evaluation.suppression import _Layout as Layout
from openlead.evaluation.suppression import _Span as Span

Key = tuple[str, int, int]
GRAND: Key = ("grand", 0, 0)
Tagged = tuple[int, Key]  # (which table, which item)


def _hidden_of(layout: Layout, shown: Suppressed) -> set[Key]:
    hidden = {k for k in layout.keys() if k[0] == "cell" and shown.cells[k[1]][k[2]] is None}
    if layout.margins:
        hidden |= {("row", i, 0) for i, v in enumerate(shown.row_totals) if v is None}
        hidden |= {("col", j, 0) for j, v in enumerate(shown.col_totals) if v is None}
    return hidden | ({GRAND} if shown.grand is None else set())


class _Joint:
    """The tables' items as vectors over all their cells, side by side."""

    def __init__(self, layouts: list[Layout]) -> None:
        self.layouts = layouts
        self.offsets = [0]
        for layout in layouts:
            self.offsets.append(self.offsets[-1] + layout.rows * layout.cols)

    def vector(self, table: int, key: Key) -> list[Fraction]:
        full = [Fraction(0)] * self.offsets[-1]
        part = self.layouts[table].vector(key)
        full[self.offsets[table] : self.offsets[table] + len(part)] = part
        return full

    def ties(self) -> list[list[Fraction]]:
        """Column j of the first table minus column j of each other: zero, and known."""
        found = []
        for t in range(1, len(self.layouts)):
            for j in range(self.layouts[0].cols):
                a, b = self.vector(0, ("col", j, 0)), self.vector(t, ("col", j, 0))
                found.append([x - y for x, y in zip(a, b, strict=True)])
        return found

    def recoverable(self, hidden: list[set[Key]]) -> set[Tagged]:
        span = Span()
        for vector in self.ties():
            span.add(vector)
        for t, layout in enumerate(self.layouts):
            for key in layout.keys():
                if key not in hidden[t]:
                    span.add(self.vector(t, key))
        return {
            (t, k)
            for t, keys in enumerate(hidden)
            for k in keys
            if span.contains(self.vector(t, k))
        }


def _shared(key: Key) -> bool:
    return key[0] == "col" or key == GRAND


def _spread(layouts: list[Layout], hidden: list[set[Key]]) -> None:
    """A column total or grand total hidden in one table is hidden in all of them."""
    shared = {k for keys in hidden for k in keys if _shared(k)}
    for t, layout in enumerate(layouts):
        hidden[t] |= {k for k in shared if k in layout.keys()}


def _complement(layout: Layout, hidden: set[Key], leaked: Key) -> Key | None:
    """The smallest shown item on a line through the leaked one (a nonzero one first),
    else the smallest shown item of the table."""
    near = [
        k
        for items, total in layout.lines()
        if leaked in items or leaked == total
        for k in [*items, total]
    ]
    for pool in (near, layout.keys()):
        ranked = sorted(
            (k for k in pool if k not in hidden),
            key=lambda k: (layout.value(k) == 0, layout.value(k), k),
        )
        if ranked:
            return ranked[0]
    return None


def _published(layout: Layout, hidden: set[Key]) -> Suppressed:
    def shown(key: Key) -> int | None:
        return None if key in hidden else layout.value(key)

    cells = tuple(
        tuple(shown(("cell", i, j)) for j in range(layout.cols)) for i in range(layout.rows)
    )
    rows = tuple(shown(("row", i, 0)) for i in range(layout.rows)) if layout.margins else ()
    cols = tuple(shown(("col", j, 0)) for j in range(layout.cols)) if layout.margins else ()
    primary = sum(1 for k in layout.keys() if 0 < layout.value(k) < SMALL_CELL)
    return Suppressed(cells, rows, cols, shown(GRAND), primary, len(hidden) - primary)


def suppress_linked(tables: Sequence[Sequence[Sequence[int]]]) -> list[Suppressed]:
    """Each table as it may be published, when all of them are published together and
    every one's column totals are the same counts."""
    layouts = [Layout(t) for t in tables]
    sums = {tuple(layout.value(("col", j, 0)) for j in range(layout.cols)) for layout in layouts}
    if len(sums) > 1:
        raise ValueError("linked tables must have the same column totals")
    hidden = [_hidden_of(layout, suppress(t)) for layout, t in zip(layouts, tables, strict=True)]
    joint = _Joint(layouts)
    while True:
        _spread(layouts, hidden)
        leaks = joint.recoverable(hidden)
        if not leaks:
            break
        table, key = min(leaks)
        pick = _complement(layouts[table], hidden[table], key)
        if pick is None:  # everything in that table is hidden: hide more in another
            others = [(t, _complement(layouts[t], hidden[t], GRAND)) for t in range(len(layouts))]
            found = [(t, k) for t, k in others if k is not None]
            if not found:
                break
            table, pick = found[0]
        hidden[table].add(pick)
    return [_published(layout, keys) for layout, keys in zip(layouts, hidden, strict=True)]
