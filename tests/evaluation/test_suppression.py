"""Small-cell suppression (openlead.evaluation.suppression): known truths and a property test
that no hidden count can be worked out from what is published."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openlead.evaluation.suppression import GRAND, SMALL_CELL, recoverable, suppress


def _hidden_keys(result: object, rows: int, cols: int) -> set[tuple[str, int, int]]:
    from openlead.evaluation.suppression import Suppressed

    assert isinstance(result, Suppressed)
    keys = {("cell", i, j) for i in range(rows) for j in range(cols) if result.cells[i][j] is None}
    keys |= {("row", i, 0) for i, v in enumerate(result.row_totals) if v is None}
    keys |= {("col", j, 0) for j, v in enumerate(result.col_totals) if v is None}
    return keys | ({GRAND} if result.grand is None else set())


def test_it_leaves_a_table_without_small_counts_alone() -> None:
    result = suppress([[12, 30], [0, 40]])
    assert result.cells == ((12, 30), (0, 40))
    assert result.row_totals == (42, 40)
    assert result.col_totals == (12, 70)
    assert result.grand == 82
    assert result.hidden == 0


def test_it_does_not_hide_a_zero() -> None:
    assert suppress([[0], [25], [30]]).cells == ((0,), (25,), (30,))


def test_it_hides_the_smallest_other_count_of_a_list_with_a_total() -> None:
    # Naively hiding only the 5 leaks it: 55 - 20 - 30 = 5.
    assert recoverable([[5], [20], [30]], {("cell", 0, 0)}) == {("cell", 0, 0)}
    result = suppress([[5], [20], [30]])
    assert result.cells == ((None,), (None,), (30,))
    assert result.grand == 55
    assert (result.primary, result.complementary) == (1, 1)


def test_it_hides_a_single_small_total_with_its_only_cell() -> None:
    result = suppress([[4]])
    assert result.cells == ((None,),)
    assert result.grand is None


def test_naive_suppression_of_a_two_by_two_table_leaks_and_complements_close_it() -> None:
    table = [[5, 20], [30, 40]]
    assert recoverable(table, {("cell", 0, 0)}) == {("cell", 0, 0)}
    result = suppress(table)
    # Row 0 needs a second hidden cell (20), column 0 too (30), then row 1 (40).
    assert result.cells == ((None, None), (None, None))
    assert result.row_totals == (25, 70)
    assert result.col_totals == (35, 60)
    assert result.grand == 95
    assert (result.primary, result.complementary) == (1, 3)


def test_it_finds_the_bridge_between_two_hidden_rectangles() -> None:
    # Every row and column hides 0 or at least 2 cells, yet the cell joining the two
    # rectangles is the total of one side minus its other cells: the line rule misses it.
    table = [[12, 13, 20, 20], [14, 15, 16, 20], [20, 20, 17, 18], [20, 20, 19, 21]]
    square = {("cell", 0, 0), ("cell", 0, 1), ("cell", 1, 0), ("cell", 1, 1)}
    other = {("cell", 2, 2), ("cell", 2, 3), ("cell", 3, 2), ("cell", 3, 3)}
    bridge = ("cell", 1, 2)
    assert recoverable(table, square | other | {bridge}) == {bridge}
    assert recoverable(table, square | other) == set()


def test_it_hides_a_small_row_total_and_a_second_one() -> None:
    table = [[3, 4], [20, 30], [25, 40]]
    result = suppress(table)
    assert result.row_totals[0] is None  # 7 people
    assert sum(v is None for v in result.row_totals) >= 2
    assert recoverable(table, _hidden_keys(result, 3, 2)) == set()


counts = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 60))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 4))
    return [[draw(counts) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_hidden_count_follows_from_what_is_published(table: list[list[int]]) -> None:
    result = suppress(table)
    rows, cols = len(table), len(table[0])
    hidden = _hidden_keys(result, rows, cols)
    assert recoverable(table, hidden) == set()
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            shown = result.cells[i][j]
            assert shown in (None, value)
            assert not (0 < (shown or 0) < SMALL_CELL)
    assert result.grand in (None, sum(map(sum, table)))
    assert len(hidden) == result.hidden
