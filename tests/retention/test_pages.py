"""The deletion, legal-hold and schedule pages: refusals first, then the two-person rules,
then success (with the record really gone)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import Membership, PersonKey, User
from openlead.access.roles import Role
from openlead.access.stepup import VERIFIED_AT_KEY
from openlead.people.models import Person
from openlead.retention.models import DeletionRequest, DeletionStatus, LegalHold, RetentionSchedule
from tests.conftest import World
from tests.retention.matrix import deletion_request

pytestmark = pytest.mark.django_db(databases="__all__")


def _decide(client: Any, row: DeletionRequest, decision: str = "approve") -> Any:
    url = reverse("deletion_decide", kwargs={"public_id": row.public_id})
    return client.post(url, {"decision": decision}, follow=True)


def _second_supervisor(world: World) -> User:
    user = User.objects.create_user(username="sam", password="x" * 20)
    Membership.objects.create(user=user, program=world.programs["demo"],
                              organization=world.orgs["cm"], role=Role.SUPERVISOR)  # fmt: skip
    return user


def test_it_refuses_a_deletion_request_outside_the_care_team_or_scope(
    world: World, login: Any
) -> None:
    own = world.people["own"].public_id
    assert login("otto").get(reverse("person_deletion", args=[own])).status_code == 403
    same = world.people["same"].public_id
    assert login("alice").get(reverse("person_deletion", args=[same])).status_code == 404


def test_it_shows_a_staff_reason_error_beside_the_field(world: World, login: Any) -> None:
    url = reverse("person_deletion", args=[world.people["own"].public_id])
    response = login("alice").post(url, {"reason": "   "})
    assert response.status_code == 400
    assert 'id="id_reason-error"' in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_it_records_a_staff_request_from_the_record_page(world: World, login: Any) -> None:
    url = reverse("person_deletion", args=[world.people["own"].public_id])
    response = login("alice").post(url, {"reason": "Asked at the drop-in centre."}, follow=True)
    assert "Deletion requested" in response.content.decode()
    row = DeletionRequest.objects.get()
    assert (row.source, row.status, row.requested_by) == (
        "staff",
        "requested",
        world.users["alice"],
    )


def test_it_never_counts_the_requester_or_the_same_approver_twice(world: World, login: Any) -> None:
    person = world.people["same"]
    from openlead.access.acting import Actor
    from openlead.retention.actions import request_deletion

    row = request_deletion(person, acting=Actor.of(world.users["ada"], "program_admin", person.program_id),
                           source="staff", reason="Duplicate record")  # fmt: skip
    page = _decide(login("ada"), row).content.decode()
    assert "cannot approve it" in page
    assert "First approval recorded" in _decide(login("bob"), row).content.decode()
    again = _decide(login("bob"), row).content.decode()
    assert "a second person must approve it" in again
    row.refresh_from_db()
    assert row.status == DeletionStatus.REQUESTED and row.first_approved_by == world.users["bob"]


def test_it_needs_a_program_admin_among_the_two_approvers(world: World, client: Any) -> None:
    row = deletion_request(world, "own")
    client.force_login(world.users["bob"])
    _decide(client, row)
    client.force_login(_second_supervisor(world))
    page = _decide(client, row).content.decode()
    assert "must be a program admin" in page
    assert Person.objects.filter(pk=world.people["own"].pk).exists()


def test_it_asks_for_a_fresh_second_factor_to_approve(world: World, client: Any) -> None:
    row = deletion_request(world, "own")
    client.force_login(world.users["ada"])
    session = client.session
    session[VERIFIED_AT_KEY] = int(time.time() - 3600)
    session.save()
    url = reverse("deletion_decide", kwargs={"public_id": row.public_id})
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_step_up"))
    row.refresh_from_db()
    assert row.first_approved_by is None


def test_it_carries_out_a_request_after_two_approvals(world: World, client: Any) -> None:
    person = world.people["own"]
    row = deletion_request(world, "own")
    client.force_login(world.users["bob"])
    assert "First approval recorded" in _decide(client, row).content.decode()
    client.force_login(world.users["ada"])
    listing = client.get(reverse("deletion_requests")).content.decode()
    assert "Asked at the drop-in centre." in listing  # the reason, opened for the approvers
    assert "record is deleted" in _decide(client, row).content.decode()
    row.refresh_from_db()
    assert row.status == DeletionStatus.CARRIED_OUT and row.person is None
    assert row.person_ref == person.public_id
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not PersonKey.objects.filter(person_ref=person.public_id).exists()
    page = client.get(reverse("deletion_requests")).content.decode()
    assert f"Deleted record <code>{person.public_id}</code>" in page


def test_it_declines_and_keeps_the_record(world: World, client: Any) -> None:
    row = deletion_request(world, "own")
    client.force_login(world.users["bob"])
    assert "Request declined" in _decide(client, row, "decline").content.decode()
    row.refresh_from_db()
    assert row.status == DeletionStatus.DECLINED
    assert Person.objects.filter(pk=world.people["own"].pk).exists()


def test_it_waits_for_a_legal_hold_and_says_why(world: World, client: Any) -> None:
    from openlead.access.acting import Actor
    from openlead.retention.actions.run import do_run_retention

    person = world.people["own"]
    client.force_login(world.users["bob"])
    hold_url = reverse("person_hold", args=[person.public_id])
    placed = client.post(
        hold_url, {"reason": "Civil claim", "reference": "CV-2026-14"}, follow=True
    )
    assert "Legal hold placed" in placed.content.decode()
    row = deletion_request(world, "own")
    _decide(client, row)
    client.force_login(world.users["ada"])
    page = _decide(client, row).content.decode()
    assert "CV-2026-14" in page and "until lifted" in page
    assert Person.objects.filter(pk=person.pk).exists()
    hold = LegalHold.objects.get()
    lift = reverse("legal_hold_lift", args=[hold.public_id])
    assert "second person must confirm" in client.post(lift, follow=True).content.decode()
    assert "already" in client.post(lift, follow=True).content.decode()
    client.force_login(world.users["bob"])
    assert "Legal hold lifted" in client.post(lift, follow=True).content.decode()
    do_run_retention(person.program, acting=Actor.system("test", person.program_id), apply=True)
    row.refresh_from_db()
    assert row.status == DeletionStatus.CARRIED_OUT
    assert not Person.objects.filter(pk=person.pk).exists()


def test_it_refuses_a_program_hold_without_a_reference(world: World, login: Any) -> None:
    response = login("ada").post(reverse("legal_hold_place"), {"reason": "Audit", "reference": ""})
    assert response.status_code == 400
    assert 'id="id_reference-error"' in response.content.decode()
    ok = login("ada").post(reverse("legal_hold_place"), {"reason": "Audit", "reference": "SAO-1"})
    assert ok.status_code == 302 and LegalHold.objects.get().person is None


def test_it_refuses_the_schedule_to_everyone_but_the_program_admin(
    world: World, login: Any
) -> None:
    for user in ("bob", "hank", "alice"):
        assert login(user).get(reverse("retention_schedule")).status_code == 403


@pytest.mark.parametrize(
    "field,value",
    [("exited_years", "0"), ("exited_years", "31"), ("never_enrolled_months", "abc"),
     ("rejected_rows_days", "6"), ("rejected_rows_days", "99999999999")],
)  # fmt: skip
def test_it_rejects_out_of_range_periods_beside_the_field(
    world: World, login: Any, field: str, value: str
) -> None:
    data = {"exited_years": "7", "never_enrolled_months": "24", "rejected_rows_days": "90"}
    response = login("ada").post(reverse("retention_schedule"), {**data, field: value})
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not RetentionSchedule.objects.exists()


def test_it_saves_the_schedule(world: World, login: Any) -> None:
    data = {"exited_years": "10", "never_enrolled_months": "12", "rejected_rows_days": "30"}
    response = login("ada").post(reverse("retention_schedule"), data, follow=True)
    assert "Retention schedule saved" in response.content.decode()
    saved = RetentionSchedule.objects.get(program=world.programs["demo"])
    assert (saved.exited_years, saved.never_enrolled_months, saved.rejected_rows_days) == (
        10,
        12,
        30,
    )


def test_it_links_the_schedule_from_program_settings_only_for_the_program_admin(
    world: World, login: Any
) -> None:
    schedule = reverse("retention_schedule")
    assert schedule in login("ada").get(reverse("program_settings")).content.decode()
    assert schedule not in login("hank").get(reverse("program_settings")).content.decode()
