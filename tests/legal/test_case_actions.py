"""Actions on cases: refusals first (capability, side, input), then the writes and their audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent, Membership
from openlead.legal.cases import actions as a
from openlead.legal.models import CaseStatus, LegalCase
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def actor(world: World, name: str) -> Actor:
    user = world.users[name]
    membership = Membership.objects.get(user=user)
    return Actor.of(user, membership.role, membership.program_id, chosen=membership)


def erin_case(world: World) -> LegalCase:
    return LegalCase.objects.get(case_number="TC-OWN-1")


def new(number: str = "25-1-00001-1", jurisdiction: str = "Test County") -> a.NewCase:
    return a.NewCase(jurisdiction, number, dt.date(2026, 11, 20))


def test_roles_without_the_capability_cannot_enter_a_case(world: World) -> None:
    for name in ("alice", "bob", "dave", "gina"):
        with pytest.raises(PermissionDenied):
            a.check_enter_case(world.people["own"], new(), acting=actor(world, name))
    assert LegalCase.objects.count() == 1


def test_no_case_on_a_person_of_another_program(world: World) -> None:
    with pytest.raises(PermissionDenied):
        a.check_enter_case(world.people["other"], new(), acting=actor(world, "erin"))


@pytest.mark.parametrize("number", ["", "x" * 61, "25/1 001", "case;drop"])
def test_a_bad_case_number_is_a_field_error(world: World, number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        a.check_enter_case(world.people["own"], new(number), acting=actor(world, "erin"))
    assert "case_number" in caught.value.message_dict


def test_a_duplicate_case_number_is_a_field_error_not_an_integrity_error(world: World) -> None:
    duplicate = a.NewCase("Test County District Court", "TC-OWN-1", dt.date(2026, 11, 2))
    with pytest.raises(ValidationError) as caught:
        a.check_enter_case(world.people["own"], duplicate, acting=actor(world, "erin"))
    assert caught.value.message_dict["case_number"] == [a.DUPLICATE]


def test_entering_sets_the_actors_side_and_audits(world: World) -> None:
    case = a.check_enter_case(world.people["own"], new(), acting=actor(world, "erin"))
    assert case.prosecutor_office == world.orgs["prosecutor"]
    assert case.defender_office is None and case.status == CaseStatus.PENDING
    event = AuditEvent.objects.filter(purpose="legal case entered").latest("pk")
    assert event.person_ref == world.people["own"].public_id
    assert event.detail["case"] == case.public_id
    assert "25-1-00001-1" not in str(event.detail)  # ids, never the number

    defended = a.check_enter_case(world.people["own"], new("D-2"), acting=actor(world, "frank"))
    assert defended.defender == world.users["frank"]
    assert defended.defender_office == world.orgs["defender"]
    assert defended.prosecutor_office is None


def test_writes_on_a_case_need_the_actors_side(world: World) -> None:
    case = erin_case(world)  # the prosecutor's office's; frank is not on it
    with pytest.raises(PermissionDenied):
        a.check_add_charge(case, "69.50.4013", acting=actor(world, "frank"))
    with pytest.raises(PermissionDenied):
        a.check_change_status(case, CaseStatus.FILED, acting=actor(world, "alice"))
    assert case.charges.count() == 0


def test_a_charge_gets_its_label_and_an_unknown_code_is_kept(world: World) -> None:
    erin, case = actor(world, "erin"), erin_case(world)
    with pytest.raises(ValidationError) as caught:
        a.check_add_charge(case, "no code!", acting=erin)
    assert "code" in caught.value.message_dict
    known = a.check_add_charge(case, "RCW 69.50.4013", acting=erin)
    assert known.code == "69.50.4013"
    assert known.label == "Possession of a controlled substance"
    unknown = a.check_add_charge(case, "12.34.567", acting=erin)
    assert (unknown.code, unknown.label, unknown.level) == (
        "12.34.567",
        "Charge 12.34.567",
        "other",
    )


def test_court_dates_are_refused_outside_a_sane_range(world: World) -> None:
    erin, case = actor(world, "erin"), erin_case(world)
    now = dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC)
    for at in (dt.datetime(1999, 12, 31, tzinfo=dt.UTC), now + dt.timedelta(days=3 * 366)):
        with pytest.raises(ValidationError) as caught:
            a.check_add_court_date(case, at, "hearing", acting=erin, now=now)
        assert "at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        a.check_add_court_date(case, now, "party", acting=erin, now=now)
    assert "kind" in caught.value.message_dict
    court = a.check_add_court_date(case, now, "arraignment", "Room 3", acting=erin, now=now)
    assert list(case.court_dates.all()) == [court]
    a.check_cancel_court_date(court, acting=erin)
    assert case.court_dates.count() == 0
    assert AuditEvent.objects.filter(purpose="court date cancelled").count() == 1


def test_status_changes_refuse_the_same_or_an_unknown_status(world: World) -> None:
    erin, case = actor(world, "erin"), erin_case(world)
    for status in ("pending", "failed"):
        with pytest.raises(ValidationError):
            a.check_change_status(case, status, acting=erin)
    a.check_change_status(case, CaseStatus.ABEYANCE, acting=erin)
    case.refresh_from_db()
    assert case.status == CaseStatus.ABEYANCE
    event = AuditEvent.objects.filter(purpose="case status changed").latest("pk")
    assert event.detail["was"] == "pending"


def test_only_a_defender_of_the_program_can_be_assigned(world: World) -> None:
    erin, case = actor(world, "erin"), erin_case(world)
    for name in ("alice", "erin", "carol"):
        with pytest.raises(ValidationError):
            a.check_assign_defender(case, world.users[name].pk, acting=erin)
    a.check_assign_defender(case, world.users["frank"].pk, acting=erin)
    case.refresh_from_db()
    assert case.defender == world.users["frank"]
    assert case.defender_office == world.orgs["defender"]
