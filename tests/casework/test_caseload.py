"""My caseload and the supervisor dashboard (caseload limits, people not seen, funds against budget)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.casework import actions, queries
from openlead.casework.models import Contact
from tests.casework.conftest import Casework, street_contact


@pytest.mark.parametrize(
    ("counts", "average_warns", "max_warns"),
    [
        ([20] * 10, False, False),  # average exactly 20: within the standard
        ([20] * 9 + [21], True, False),  # 20.1
        ([25, 15], False, False),  # one worker at 25: at the maximum, not over it
        ([26, 14], False, True),  # one worker at 26
        ([], False, False),
    ],
)
def test_it_warns_only_past_the_configured_thresholds(
    counts: list[int], average_warns: bool, max_warns: bool
) -> None:
    _, average_over, any_over = queries.caseload_warnings(counts, 20, 25)
    assert (average_over, any_over) == (average_warns, max_warns)


pytestmark_db = pytest.mark.django_db(databases="__all__")


@pytestmark_db
@pytest.mark.parametrize(
    "username", ["alice", "otto", "dave", "erin", "frank", "gina", "una", "hank"]
)
def test_it_shows_the_supervisor_dashboard_to_supervisors_only(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert client.get(reverse("casework_supervisor")).status_code == 403
    assert AuditEvent.objects.filter(actor_username=username, outcome="denied").exists()


@pytestmark_db
@pytest.mark.parametrize("username", ["otto", "dave", "erin", "frank", "gina", "una", "hank"])
def test_it_shows_my_caseload_only_to_case_work_roles(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert client.get(reverse("casework_caseload")).status_code == 403


@pytestmark_db
def test_it_lists_my_caseload_with_last_contact_goals_and_overdue_status(
    cw: Casework, client: Any
) -> None:
    person = cw.world.people["own"]
    street_contact(cw, person, days_ago=3)
    actions.do_add_goal(
        person,
        acting=cw.acting,
        domain="housing",
        words="a room",
        steps="",
        on=dt.date.today(),
    )
    rows = queries.caseload_rows(cw.world.programs["demo"].pk, cw.world.users["alice"])
    assert [(r.person, r.days_since, r.open_goals) for r in rows] == [(person, 3, 1)]
    assert rows[0].snapshot_overdue == queries.latest_due_month(dt.date.today(), 10)
    client.force_login(cw.world.users["alice"])
    page = client.get(reverse("casework_caseload")).content.decode()
    assert "3 days ago" in page and "Monthly status due:" in page
    assert cw.world.people["same"].public_id not in page  # ivan's, not alice's
    event = AuditEvent.objects.filter(purpose="my caseload").last()
    assert event is not None and event.detail["people"] == [person.public_id]


def _set_limits(cw: Casework, average: int, most: int) -> Any:
    program = cw.world.programs["demo"]
    program.caseload_average_limit, program.caseload_max = average, most
    program.save(update_fields=["caseload_average_limit", "caseload_max"])
    return program


@pytestmark_db
def test_it_warns_on_the_dashboard_at_the_programs_limits(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["bob"])
    _set_limits(cw, 2, 2)  # alice 1, ivan 2: average 1.5, nobody over 2
    page = client.get(reverse("casework_supervisor")).content.decode()
    assert "warn-average" not in page and "warn-max" not in page
    _set_limits(cw, 1, 1)  # average 1.5 > 1; ivan 2 > 1
    page = client.get(reverse("casework_supervisor")).content.decode()
    assert "warn-average" in page and "warn-max" in page


@pytestmark_db
def test_it_lists_participants_not_seen_in_30_days(cw: Casework) -> None:
    seen, quiet = cw.world.people["own"], cw.world.people["same"]
    actions.do_record_contact(
        seen,
        acting=cw.acting,
        kind="office",
        duration_minutes=20,
        location="office",
        services=[],
        note="",
        occurred_at=timezone.now() - dt.timedelta(days=29),
    )
    actions.do_record_contact(
        quiet,
        acting=cw.acting,
        kind="office",
        duration_minutes=20,
        location="office",
        services=[],
        note="",
        occurred_at=timezone.now() - dt.timedelta(days=31),
    )
    board = queries.supervisor_dashboard(cw.world.programs["demo"])
    listed = [p for p, _ in board.no_contact]
    assert quiet in listed and seen not in listed
    assert cw.world.people["revoked"] in listed  # never contacted at all
    assert cw.world.people["other"] not in listed  # another program
    assert Contact.objects.count() == 2
