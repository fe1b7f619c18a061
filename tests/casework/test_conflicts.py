"""Enrollment, links and goals: a change of case manager is a reassignment, and a change
decided on a state that has moved gets the 409 page instead of overwriting it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditEvent
from openlead.casework import actions
from openlead.casework.models import Enrollment, EnrollmentEvent, Goal, ServiceLink
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, name: str = "casework_enrollment") -> str:
    return reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})


def _manager(cw: Casework) -> Any:
    person = cw.world.people["own"]
    person.refresh_from_db()
    return person.case_manager


def test_it_refuses_a_case_manager_reassigning_through_enroll(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw), {"action": "enroll", "case_manager": "ivan"})
    assert response.status_code == 403
    assert _manager(cw) == cw.world.users["alice"]
    assert (
        Enrollment.objects.get(pk=cw.enrollments["own"].pk).case_manager == cw.world.users["alice"]
    )
    denied = AuditEvent.objects.filter(
        actor_username="alice", outcome="denied", purpose="change case manager"
    )
    assert denied.count() == 1
    with pytest.raises(PermissionDenied):
        actions.do_reassign(
            cw.enrollments["own"],
            case_manager=cw.world.users["ivan"],
            acting=cw.acting_for("alice"),
        )
    with pytest.raises(PermissionDenied):  # the referrals path (intake complete) too
        actions.do_enroll(
            cw.world.people["own"],
            case_manager=cw.world.users["ivan"],
            acting=cw.acting_for("alice"),
        )
    assert _manager(cw) == cw.world.users["alice"]


def test_it_refuses_enroll_again_while_enrolled_with_a_field_error(
    cw: Casework, client: Any
) -> None:
    for username in ("alice", "bob"):
        client.force_login(cw.world.users[username])
        response = client.post(_url(cw), {"action": "enroll"})
        assert response.status_code == 400
        assert "This person is already enrolled; choose another change." in (
            response.content.decode()
        )
    assert Enrollment.objects.filter(person=cw.world.people["own"]).count() == 1


def test_it_refuses_a_supervisor_enroll_again_while_enrolled_and_keeps_the_manager(
    cw: Casework, client: Any
) -> None:
    """Issue 11: "Enroll again" while active was accepted (as a hidden reassignment); a
    change of case manager is now only "Change case manager"."""
    client.force_login(cw.world.users["bob"])
    response = client.post(_url(cw), {"action": "enroll", "case_manager": "ivan"})
    assert response.status_code == 400
    assert "This person is already enrolled; choose another change." in response.content.decode()
    assert _manager(cw) == cw.world.users["alice"]
    assert list(
        EnrollmentEvent.objects.filter(enrollment=cw.enrollments["own"]).values_list(
            "kind", flat=True
        )
    ) == ["enrolled"]
    assert Enrollment.objects.filter(person=cw.world.people["own"]).count() == 1
    response = client.post(_url(cw), {"action": "reassign", "case_manager": "ivan"})
    assert response.status_code == 302
    assert _manager(cw) == cw.world.users["ivan"]


def test_it_shows_a_409_when_the_enrollment_moved_since_the_page_was_shown(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw), {"action": "reactivate", "seen": "inactive"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this first" in page and "<td>Active again</td>" in page
    assert Enrollment.objects.filter(person=cw.world.people["own"], status="active").count() == 1


def test_it_raises_stale_write_for_an_enrollment_change_on_a_moved_row(cw: Casework) -> None:
    stale = Enrollment.objects.get(pk=cw.enrollments["own"].pk)
    actions.do_reassign(
        cw.enrollments["own"], case_manager=cw.world.users["ivan"], acting=cw.acting_for("bob")
    )
    with pytest.raises(StaleWrite) as raised:
        actions.do_exit(stale, destination=435, acting=cw.acting_for("alice"))
    ivan = cw.world.users["ivan"]
    assert raised.value.current["Case manager"] == (ivan.get_full_name() or ivan.username)
    assert raised.value.attempted["Enrollment"] == "Exited"
    assert Enrollment.objects.get(pk=stale.pk).status == "active"


def test_it_shows_a_409_for_a_link_moved_by_someone_else(cw: Casework, client: Any) -> None:
    link = actions.check_send_link(cw.world.people["own"], cw.providers["moud"], acting=cw.acting)
    ServiceLink.objects.filter(pk=link.pk).update(state="sent")
    stale = ServiceLink.objects.get(pk=link.pk)
    actions.do_move_link(stale, state="accepted", acting=cw.acting_for("ivan"))
    with pytest.raises(StaleWrite):
        actions.do_move_link(stale, state="declined", acting=cw.acting_for("alice"))
    client.force_login(cw.world.users["alice"])
    data = {"link": link.public_id, "state": "declined", "seen": "sent"}
    response = client.post(_url(cw, "casework_link_state"), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "<td>Accepted</td>" in page and "<td>Declined</td>" in page
    assert ServiceLink.objects.get(pk=link.pk).state == "accepted"


def test_it_shows_a_409_for_a_goal_changed_by_someone_else(cw: Casework, client: Any) -> None:
    goal = actions.check_add_goal(
        cw.world.people["own"], acting=cw.acting, domain="housing", words="A home"
    )
    stale = Goal.objects.get(pk=goal.pk)
    actions.do_set_goal_status(goal, status="achieved", acting=cw.acting_for("ivan"))
    with pytest.raises(StaleWrite):
        actions.do_set_goal_status(stale, status="set_aside", acting=cw.acting_for("alice"))
    client.force_login(cw.world.users["alice"])
    data = {"goal": goal.public_id, "status": "set_aside", "seen": "open"}
    response = client.post(_url(cw, "casework_goal_status"), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "<td>Achieved</td>" in page and "<td>Set aside</td>" in page
    assert Goal.objects.get(pk=goal.pk).status == "achieved"
