"""The safety flag: who may set and remove it, and what it hides from whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import (
    AccessAlert,
    AlertReason,
    AuditAction,
    AuditEvent,
    SafetyFlag,
)
from openlead.people import vault
from openlead.people.matching import candidates_for
from tests.conftest import World
from tests.safety.helpers import actor, flag

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(world: World, key: str = "own") -> str:
    return reverse("casework_safety_flag", kwargs={"public_id": world.people[key].public_id})


def _page(world: World, name: str, key: str = "own") -> str:
    return reverse(name, kwargs={"public_id": world.people[key].public_id})


def _canary(world: World, prefix: str) -> str:
    return next(c for c in world.canaries if c.startswith(prefix))


@pytest.mark.parametrize(
    ("username", "status"),
    [("otto", 403), ("dave", 403), ("erin", 403), ("frank", 403), ("ivan", 404)]
    + [("carol", 404), ("gina", 404), ("hank", 404), ("cora", 404)],
)
def test_it_refuses_to_set_the_flag_outside_the_care_team(
    world: World, client: Any, username: str, status: int
) -> None:
    client.force_login(world.users[username])
    response = client.post(_url(world), {"step": "set", "kind": "dv"})
    assert response.status_code == status
    assert not SafetyFlag.objects.exists()


def test_it_puts_errors_beside_the_field(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    no_kind = client.post(_url(world), {"step": "set", "kind": ""})
    assert no_kind.status_code == 400 and "Choose what the risk is." in no_kind.content.decode()
    long_note = client.post(_url(world), {"step": "set", "kind": "dv", "note": "x" * 1001})
    assert long_note.status_code == 400 and 'id="id_note-error"' in long_note.content.decode()
    bad_step = client.post(_url(world), {"step": "nonsense"})
    assert bad_step.status_code == 400
    assert not SafetyFlag.objects.exists()


def test_it_sets_the_flag_in_one_tap_with_a_sealed_note(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    note = "CANARY-safety-note-0001"
    response = client.post(_url(world), {"step": "set", "kind": "stalking", "note": note})
    assert response.status_code == 302
    saved = SafetyFlag.objects.get()
    assert saved.set_by == world.users["alice"] and saved.kind == "stalking"
    assert note.encode() not in bytes(saved.note)
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, purpose="safety flag").get()
    assert event.person_ref == world.people["own"].public_id
    page = client.get(response["Location"]).content.decode()
    assert "Safety flag set" in page  # the success message
    assert "Safety flag: Stalking" in page and note in page
    again = client.post(_url(world), {"step": "set", "kind": "dv"})
    assert again.status_code == 400 and "already has a safety flag" in again.content.decode()


def test_it_takes_two_people_to_remove_the_flag(world: World, client: Any) -> None:
    flag(world)
    client.force_login(world.users["bob"])
    assert client.post(_url(world), {"step": "confirm"}).status_code == 400  # not asked yet
    client.force_login(world.users["alice"])
    assert client.post(_url(world), {"step": "ask"}).status_code == 302
    assert client.post(_url(world), {"step": "confirm"}).status_code == 403  # not a supervisor
    client.force_login(world.users["otto"])
    assert client.post(_url(world), {"step": "confirm"}).status_code == 403
    assert SafetyFlag.objects.get().removed_at is None
    client.force_login(world.users["bob"])
    response = client.post(_url(world), {"step": "confirm"})
    assert response.status_code == 302
    removed = SafetyFlag.objects.get()
    assert removed.removed_by == world.users["bob"]
    assert removed.removal_asked_by == world.users["alice"]
    steps = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, purpose="safety flag", outcome="allowed"
    )
    assert sorted(e.detail["step"] for e in steps) == ["removal asked", "removal confirmed"]


def test_it_refuses_the_asker_as_the_second_person(world: World, client: Any) -> None:
    flag(world)
    client.force_login(world.users["bob"])
    assert client.post(_url(world), {"step": "ask"}).status_code == 302
    same = client.post(_url(world), {"step": "confirm"})
    assert same.status_code == 400 and "second person" in same.content.decode()
    client.force_login(world.users["ada"])
    assert client.post(_url(world), {"step": "confirm"}).status_code == 302
    assert SafetyFlag.objects.get().removed_by == world.users["ada"]


def test_it_hides_the_places_from_outreach_and_says_nothing_of_why(
    world: World, client: Any
) -> None:
    address, safety_note = _canary(world, "CANARY-own-address"), _canary(world, "CANARY-own-safety")
    phone = _canary(world, "CANARY-own-phone")
    client.force_login(world.users["otto"])
    before = client.get(_page(world, "person_detail")).content.decode()
    assert address in before and safety_note in before  # the control
    flag(world)
    after = client.get(_page(world, "person_detail")).content.decode()
    assert address not in after and safety_note not in after
    assert phone in after  # still a way to reach them
    assert "safety" not in after.lower().replace("safety and location", "")


def test_it_shows_the_care_team_the_places_and_the_badge(world: World, client: Any) -> None:
    address = _canary(world, "CANARY-own-address")
    flag(world)
    for username in ("alice", "bob", "ada"):
        client.force_login(world.users[username])
        page = client.get(_page(world, "person_detail")).content.decode()
        assert address in page and "Safety flag: Domestic violence" in page
    client.force_login(world.users["alice"])
    caseload = client.get(reverse("casework_caseload")).content.decode()
    assert "Safety: care team only" in caseload


def test_it_keeps_outreach_from_seeing_or_blanking_the_hidden_address(
    world: World, client: Any
) -> None:
    address = _canary(world, "CANARY-own-address")
    flag(world)
    client.force_login(world.users["otto"])
    form = client.get(_page(world, "person_contact_edit")).content.decode()
    assert 'name="address"' not in form and address not in form
    posted = {"phone": "555-0199", "address": "", "initial-address": address}
    assert client.post(_page(world, "person_contact_edit"), posted).status_code == 302
    person = world.people["own"]
    person.refresh_from_db()
    dek = vault.data_key(person.public_id)
    assert vault.get_person_field(person, dek, "address") == address
    assert vault.get_person_field(person, dek, "phone") == "555-0199"


def test_it_alerts_the_program_admin_once_when_someone_outside_opens_the_person(
    world: World, client: Any
) -> None:
    flag(world)
    for username in ("alice", "bob"):  # the care team raises nothing
        client.force_login(world.users[username])
        client.get(_page(world, "person_detail"))
    assert not AccessAlert.objects.exists()
    client.force_login(world.users["otto"])
    client.get(_page(world, "person_detail"))
    client.get(_page(world, "person_detail"))
    alert = AccessAlert.objects.get()
    assert alert.reason == AlertReason.SAFETY_FLAG and alert.actor_username == "otto"
    assert alert.person_ref == world.people["own"].public_id
    client.force_login(world.users["dave"])
    client.get(_page(world, "person_detail"))
    assert AccessAlert.objects.filter(actor_username="dave").count() == 1
    client.force_login(world.users["ada"])
    alerts = client.get(reverse("alert_list")).content.decode()
    assert "Safety flag" in alerts and "otto" in alerts


def test_it_leaves_the_flagged_person_out_of_duplicates_outside_the_care_team(
    world: World,
) -> None:
    from tests.referrals.helpers import make_referral

    known = _canary(world, "CANARY-own-name")
    twin = make_referral(world, by="cora", door="community", name=known)
    own = world.people["own"].public_id
    assert own in [
        c.row.public_id for c in candidates_for(actor(world, "otto"), twin.person, purpose="t")
    ]
    flag(world)
    outside = candidates_for(actor(world, "otto"), twin.person, purpose="t")
    inside = candidates_for(actor(world, "bob"), twin.person, purpose="t")
    assert own not in [c.row.public_id for c in outside]
    assert own in [c.row.public_id for c in inside]


def test_it_hides_the_places_on_the_referral_page_outside_the_care_team(
    world: World, client: Any
) -> None:
    from openlead.people.identity_actions import do_update_contact
    from tests.referrals.helpers import make_referral

    reach = "CANARY-referral-reach-1a2b3c"
    referral = make_referral(world, by="cora", door="community", answers={"reach": reach})
    address = "CANARY-referral-address-4d5e6f"
    do_update_contact(referral.person, {"address": address}, acting=actor(world, "bob"))
    url = reverse("referral_detail", args=[referral.public_id])
    client.force_login(world.users["otto"])
    before = client.get(url).content.decode()
    assert address in before and reach in before  # the control: outreach reads contact
    world.people["referred"] = referral.person
    flag(world, "referred", by="bob")
    after = client.get(url).content.decode()
    assert address not in after and reach not in after
    client.force_login(world.users["bob"])
    assert address in client.get(url).content.decode()
