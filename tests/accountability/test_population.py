"""Reading the population table upload: every problem named by file, row and column."""

from __future__ import annotations

import pytest

from openlead.accountability.groups import POPULATION_GROUPS
from openlead.accountability.population import read_population

GOOD = "group,residents\n" + "".join(f"{g},{1000 + i}\n" for i, g in enumerate(POPULATION_GROUPS))


def test_it_reads_a_table_with_every_group() -> None:
    counts, problems = read_population(GOOD.encode())
    assert problems == [] and counts["white"] == 1006 and set(counts) == set(POPULATION_GROUPS)


def test_it_takes_thousands_separators_and_a_byte_order_mark() -> None:
    text = GOOD.replace("white,1006", 'white,"12,345"')
    counts, problems = read_population(("\ufeff" + text).encode())
    assert problems == [] and counts["white"] == 12345


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # why: a wrong header is reported at row 1, naming the column
        ("group,people\nwhite,3\n", "pop.csv, row 1, column 'residents': missing column"),
        (
            GOOD.replace("asian,1001", "asain,1001"),
            "pop.csv, row 3, column 'group': not one of the groups, got 'asain'",
        ),
        (
            GOOD.replace("white,1006", "white,lots"),
            "pop.csv, row 8, column 'residents': not a whole number of people, got 'lots'",
        ),
        (
            GOOD.replace("white,1006", "white,-5"),
            "pop.csv, row 8, column 'residents': not a whole number of people, got '-5'",
        ),
        (GOOD + "white,7\n", "pop.csv, row 10, column 'group': 'white' is given twice"),
        (GOOD.replace("multiple,1007\n", ""), "pop.csv: no row for multiple"),
    ],
)
def test_it_names_the_row_and_column_of_each_problem(text: str, expected: str) -> None:
    counts, problems = read_population(text.encode())
    assert counts == {}
    assert expected in [p.text("pop.csv") for p in problems]


def test_it_refuses_a_file_that_is_not_utf8_text() -> None:
    counts, problems = read_population(b"\xff\xfe\x00g\x00r")
    assert (
        counts == {}
        and problems[0].text("x.csv") == "x.csv: not UTF-8 text; save it as CSV (UTF-8)"
    )
