"""Small-cell suppression with complementary suppression, checked exactly (pure: no Django).

A table of counts is published with its row totals, column totals and grand total. A
count from 1 to 10 is hidden (primary suppression). Zero is shown: it says nobody, and
hiding zeros would make the complements below much larger. Hiding one cell is not
enough when its row total is shown, since the total minus the shown cells gives it back;
so every line (a row, a column, the row totals, the column totals) whose sum is shown and
that hides exactly one item hides a second one, its smallest other shown item (a nonzero
one if there is one), until nothing changes.

That rule is necessary but not sufficient: a hidden cell can still be the unique solution
of the published totals taken together (two hidden rectangles joined by one cell). So the
result is then checked exactly: an item is recoverable when its vector (over the table's
cells) lies in the span of the published facts' vectors, tested with rational arithmetic.
Any recoverable hidden item gets one more complement in one of its lines, and the check
runs again. This protects against exact recovery only, not against bounds (an attacker
still knows a hidden count is not negative).

Tables with one row or one column publish only the grand total besides the cells (row or
column totals would repeat the cells or the grand total).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["SMALL_CELL", "Suppressed", "recoverable", "suppress"]

SMALL_CELL = 11  # counts from 1 to SMALL_CELL - 1 are hidden

Key = tuple[str, int, int]  # ("cell", i, j), ("row", i, 0), ("col", j, 0), ("grand", 0, 0)
GRAND: Key = ("grand", 0, 0)


@dataclass(frozen=True)
class Suppressed:
    """A table as published: None where a count is hidden."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]  # empty when the table has one row or one column
    col_totals: tuple[int | None, ...]
    grand: int | None
    primary: int  # items hidden because they are small
    complementary: int  # items hidden so that the small ones cannot be worked out

    @property
    def hidden(self) -> int:
        return self.primary + self.complementary


class _Layout:
    """The items of an R x C table, their values, their vectors and their lines."""

    def __init__(self, table: Sequence[Sequence[int]]) -> None:
        self.rows = len(table)
        self.cols = len(table[0]) if table else 0
        if any(len(r) != self.cols for r in table) or any(v < 0 for r in table for v in r):
            raise ValueError("a table is a non-empty rectangle of counts >= 0")
        self.table = table
        self.margins = self.rows > 1 and self.cols > 1

    def value(self, key: Key) -> int:
        kind, i, j = key
        if kind == "cell":
            return self.table[i][j]
        if kind == "row":
            return sum(self.table[i])
        if kind == "col":
            return sum(r[i] for r in self.table)
        return sum(map(sum, self.table))

    def keys(self) -> list[Key]:
        found: list[Key] = [("cell", i, j) for i in range(self.rows) for j in range(self.cols)]
        if self.margins:
            found += [("row", i, 0) for i in range(self.rows)]
            found += [("col", j, 0) for j in range(self.cols)]
        return [*found, GRAND]

    def vector(self, key: Key) -> list[Fraction]:
        kind, i, j = key
        width = self.cols

        def on(r: int, c: int) -> bool:
            if kind == "cell":
                return (r, c) == (i, j)
            if kind == "row":
                return r == i
            if kind == "col":
                return c == i
            return True

        return [Fraction(1 if on(r, c) else 0) for r in range(self.rows) for c in range(width)]

    def lines(self) -> list[tuple[list[Key], Key]]:
        """(items, the item that is their sum) for every published sum."""
        rows = [[("cell", i, j) for j in range(self.cols)] for i in range(self.rows)]
        cols = [[("cell", i, j) for i in range(self.rows)] for j in range(self.cols)]
        if not self.margins:
            flat = [k for r in rows for k in r]
            return [(flat, GRAND)]
        found: list[tuple[list[Key], Key]] = [(r, ("row", i, 0)) for i, r in enumerate(rows)]
        found += [(c, ("col", j, 0)) for j, c in enumerate(cols)]
        found.append(([("row", i, 0) for i in range(self.rows)], GRAND))
        found.append(([("col", j, 0) for j in range(self.cols)], GRAND))
        return found


class _Span:
    """An echelon basis over the rationals: is a vector a combination of those added?"""

    def __init__(self) -> None:
        self.basis: dict[int, list[Fraction]] = {}  # pivot column -> row with 1 there

    def reduce(self, vector: Sequence[Fraction]) -> list[Fraction]:
        v = list(vector)
        for pivot, row in self.basis.items():
            if v[pivot]:
                factor = v[pivot]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    def add(self, vector: Sequence[Fraction]) -> None:
        v = self.reduce(vector)
        pivot = next((k for k, a in enumerate(v) if a), None)
        if pivot is None:
            return
        v = [a / v[pivot] for a in v]
        for other, row in self.basis.items():  # keep the basis fully reduced
            if row[pivot]:
                self.basis[other] = [a - row[pivot] * b for a, b in zip(row, v, strict=True)]
        self.basis[pivot] = v

    def contains(self, vector: Sequence[Fraction]) -> bool:
        return not any(self.reduce(vector))


def recoverable(layout_table: Sequence[Sequence[int]], hidden: Iterable[Key]) -> set[Key]:
    """The hidden items whose exact value follows from the published ones."""
    layout = _Layout(layout_table)
    hidden_set = set(hidden)
    span = _Span()
    for key in layout.keys():
        if key not in hidden_set:
            span.add(layout.vector(key))
    return {key for key in hidden_set if span.contains(layout.vector(key))}


def _smallest(layout: _Layout, candidates: Iterable[Key]) -> Key | None:
    """The complement to hide: the smallest shown count, preferring a nonzero one (hiding
    a zero protects little, since the rule that hides only 1-10 is public)."""
    ranked = sorted(candidates, key=lambda k: (layout.value(k) == 0, layout.value(k), k))
    return ranked[0] if ranked else None


def _complete_lines(layout: _Layout, hidden: set[Key]) -> None:
    """Hide a second item in every line with a shown sum and one hidden item, to a fixed point."""
    changed = True
    while changed:
        changed = False
        for items, total in layout.lines():
            if total in hidden or sum(k in hidden for k in items) != 1:
                continue
            pick = _smallest(layout, (k for k in items if k not in hidden))
            if pick is not None:
                hidden.add(pick)
                changed = True


def _complement_for(layout: _Layout, hidden: set[Key], leaked: Key) -> Key | None:
    """One more item to hide for a recoverable one: in a line through it, else anywhere."""
    for items, total in layout.lines():
        if leaked in items or leaked == total:
            pick = _smallest(layout, (k for k in [*items, total] if k not in hidden))
            if pick is not None:
                return pick
    return _smallest(layout, (k for k in layout.keys() if k not in hidden))


def _hide(layout: _Layout) -> tuple[set[Key], int]:
    hidden = {k for k in layout.keys() if 0 < layout.value(k) < SMALL_CELL}
    primary = len(hidden)
    while True:
        _complete_lines(layout, hidden)
        leaks = recoverable(layout.table, hidden) if hidden else set()
        if not leaks:
            return hidden, primary
        pick = _complement_for(layout, hidden, min(leaks))
        if pick is None:  # everything is hidden already
            return hidden, primary
        hidden.add(pick)


def suppress(table: Sequence[Sequence[int]]) -> Suppressed:
    """The table as it may be published, with small counts and their complements hidden."""
    layout = _Layout(table)
    hidden, primary = _hide(layout)

    def shown(key: Key) -> int | None:
        return None if key in hidden else layout.value(key)

    cells = tuple(
        tuple(shown(("cell", i, j)) for j in range(layout.cols)) for i in range(layout.rows)
    )
    rows = tuple(shown(("row", i, 0)) for i in range(layout.rows)) if layout.margins else ()
    cols = tuple(shown(("col", j, 0)) for j in range(layout.cols)) if layout.margins else ()
    return Suppressed(cells, rows, cols, shown(GRAND), primary, len(hidden) - primary)
