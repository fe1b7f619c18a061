"""The policy group report's counts on a seeded program (tests/reports/pcg_seed.py), raw and
as published."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openlead.reports import pcg_queries as q
from openlead.reports.pcg_quarters import Quarter, parse_quarter, quarters_of
from tests.reports.pcg_seed import LA, seed_program

pytestmark = pytest.mark.django_db(databases="__all__")

Q2 = Quarter(2026, 2)


@pytest.fixture
def seeded() -> Any:
    return seed_program()


def _cells(table: Any) -> dict[tuple[str, str], int]:
    return {
        (r, c): table.counts[i][j]
        for i, r in enumerate(table.row_labels)
        for j, c in enumerate(table.col_labels)
    }


def test_it_offers_the_quarters_from_the_program_s_start_to_now(seeded: Any) -> None:
    quarters = quarters_of(seeded.program, dt.date(2026, 8, 1))
    assert [x.code for x in quarters] == ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]
    assert quarters[1].label == "2026 Q2 (Apr–Jun)"
    assert parse_quarter("2026-Q2", quarters) == Q2
    for bad in ("2025-Q3", "2026-Q5", "2026Q2", "", None, "2026-Q2; drop"):
        assert parse_quarter(bad, quarters) is None


def test_it_offers_the_quarters_of_a_history_older_than_the_program_s_record(
    seeded: Any,
) -> None:
    from openlead.referrals.models import Referral

    person = seeded.people[0]
    Referral.objects.create(
        program=seeded.program,
        person=person,
        door="self",
        referred_at=dt.datetime(2024, 12, 31, 23, 30, tzinfo=LA),  # 1 Jan 2025 in UTC
    )
    quarters = quarters_of(seeded.program, dt.date(2026, 8, 1))
    assert quarters[-1].code == "2024-Q4"  # the program's clock, not UTC's
    assert len(quarters) == 8


def test_it_offers_the_quarters_of_people_brought_over_without_their_referrals(
    seeded: Any,
) -> None:
    from openlead.people.models import Person

    Person.objects.filter(pk=seeded.people[0].pk).update(
        referred_at=dt.datetime(2025, 3, 31, 23, 0, tzinfo=LA)  # 1 April in UTC
    )
    assert quarters_of(seeded.program, dt.date(2026, 8, 1))[-1].code == "2025-Q1"


def test_it_counts_referrals_by_door_and_agency_on_the_program_s_clock(seeded: Any) -> None:
    table = q.referrals_by_door_and_agency(seeded.program, Q2)
    cells = _cells(table)
    assert table.col_labels == [q.NO_AGENCY, "Quarterly outreach", "Quarterly police"]
    assert cells[("Arrest diversion", "Quarterly police")] == 13  # 30 June 23:30 is Q2
    assert cells[("Social contact referral", "Quarterly police")] == 3
    assert cells[("Community referral", "Quarterly outreach")] == 15
    assert cells[("Self-referral", q.NO_AGENCY)] == 2
    assert sum(map(sum, table.counts)) == 33  # 31 March 23:00 is Q1
    shown = table.publish()
    assert shown.grand == "33"
    # The 3 social-contact referrals hide the 13 arrests beside them in the police column
    # (its total, 16, is shown); the 2 self-referrals hide their row and column total, and
    # since 13 - 16 + 5 would give that column total back, the 15 beside it goes too.
    assert [r.cells for r in shown.rows] == [
        ["hidden", "0", "hidden"],
        ["hidden", "0", "hidden"],
        ["hidden", "hidden", "0"],
        ["hidden", "0", "0"],
    ]
    assert [r.total for r in shown.rows] == ["13", "hidden", "15", "hidden"]
    assert shown.col_totals == ["hidden", "hidden", "16"]


def test_it_counts_eligibility_and_intakes(seeded: Any) -> None:
    eligibility = _cells(q.eligibility_decisions(seeded.program, Q2))
    assert eligibility[("Eligible", "Arrest diversion")] == 13
    assert eligibility[("Not eligible", "Community referral")] == 2
    assert sum(eligibility.values()) == 33
    intakes = _cells(q.intakes_completed(seeded.program, Q2))
    assert intakes[("Arrest diversion", "By the deadline")] == 10
    assert intakes[("Arrest diversion", "After the deadline")] == 2
    assert sum(intakes.values()) == 12


def test_it_replays_enrollment_to_the_quarter_s_last_day(seeded: Any) -> None:
    status = q.status_at_quarter_end(seeded.program, Q2)
    assert status.counts == [[25], [3], [2]]  # the exit on 5 July is after the quarter
    published = status.publish()
    assert [r.cells for r in published.rows] == [["25"], ["hidden"], ["hidden"]]
    assert published.grand == "30"
    assert q.status_at_quarter_end(seeded.program, Quarter(2026, 1)).counts == [[0], [0], [0]]


def test_it_gives_caseloads_as_distributions(seeded: Any) -> None:
    managers, people = q.caseloads(seeded.program, Q2)
    assert managers.row_labels[1] == "6–10"
    assert [row[0] for row in managers.counts] == [0, 1, 0, 1, 0, 0]
    assert [row[0] for row in people.counts] == [0, 8, 0, 20, 0, 0]


def test_it_counts_prosecutor_decisions_on_referrals_and_cases(seeded: Any) -> None:
    cells = _cells(q.prosecutor_decisions(seeded.program, Q2))
    assert cells[("Decline to file", "On a referral")] == 12
    assert cells[("File charges", "On a referral")] == 2
    assert cells[("Hold in abeyance while the person is in LEAD", "On a pending case")] == 1
    assert sum(cells.values()) == 15


def test_it_compares_the_monthly_status_with_the_one_before_the_quarter(seeded: Any) -> None:
    table = q.status_changes(seeded.program, Q2)
    assert table.counts == [[12, 0, 0], [0, 12, 0], [12, 0, 0]]
    assert q.status_changes(seeded.program, Quarter(2026, 1)).counts == [[0, 0, 0]] * 3


def test_every_table_of_the_report_is_published_suppressed(seeded: Any) -> None:
    for table in q.report_tables(seeded.program, Q2):
        published = table.publish()
        values = [c for r in published.rows for c in r.cells]
        assert all(v == "hidden" or v == "0" or int(v) >= 11 for v in values), table.key
