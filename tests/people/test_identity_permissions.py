"""Who may save each part of the person record: every role, posted (the permission matrix
GETs the same pages). Refusals write nothing; a writer sending nothing gets the form back."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.access.models import AuditEvent
from openlead.people.models import PersonChange
from tests.conftest import World
from tests.people.helpers import url
from tests.people.matrix import expect_edit

pytestmark = pytest.mark.django_db(databases="__all__")

USERS = ["alice", "bob", "ada", "otto", "dave", "erin", "frank", "gina", "una", "hank"]
USERS += ["carol", "cora", None]
# Wrong for every part (too long, not a phone, no sex chosen): a writer gets 400.
BAD = {"legal_name": "x" * 151, "phone": "call me!", "state_id": "x" * 65}
PARTS = {
    "person_identity_edit": "identity",
    "person_contact_edit": "contact",
    "person_demographics_edit": "demographics",
    "person_identifiers_edit": "identifiers",
}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_it_refuses_a_post_from_anyone_the_policy_does_not_let_write(
    world: World, client: Any, name: str
) -> None:
    expect = expect_edit(PARTS[name], ok=400)  # a writer's empty post: the form, with errors
    wrong = []
    for user in USERS:
        for rel in ("own", "same", "other"):
            client.logout()
            if user:
                client.force_login(world.users[user])
            status = client.post(url(world, name, rel), BAD).status_code
            if expect(user, rel) != status:
                wrong.append(f"{name} {user} {rel}: {status} != {expect(user, rel)}")
    assert wrong == []
    assert not PersonChange.objects.exists()


def test_it_audits_a_refused_write(world: World, client: Any) -> None:
    client.force_login(world.users["dave"])
    assert client.post(url(world, "person_identity_edit"), {}).status_code == 403
    event = AuditEvent.objects.filter(actor_username="dave", outcome="denied").last()
    assert event is not None and event.field_groups == ["identity"]


def test_it_lets_outreach_edit_contact_but_not_identity(world: World, client: Any) -> None:
    client.force_login(world.users["otto"])
    assert client.get(url(world, "person_contact_edit", "same")).status_code == 200
    assert client.get(url(world, "person_identity_edit", "same")).status_code == 403
    response = client.post(url(world, "person_contact_edit", "same"), {"phone": "555 0101"})
    assert response.status_code == 302
    assert PersonChange.objects.get().field_name == "phone"


@pytest.mark.parametrize("value", ["", "x" * 5000, "<script>alert(1)</script>", "-1", "1e99"])
def test_it_answers_garbage_with_a_form_never_a_500(world: World, client: Any, value: str) -> None:
    client.force_login(world.users["alice"])
    names = ["legal_name", "preferred_name", "aliases", "date_of_birth", "dob_data_quality"]
    names += ["phone", "email", "address", "contact_notes", "race", "race_none", "sex"]
    names += ["state_id", "hmis"]
    data = {n: value for n in names} | {f"initial-{n}": value for n in names}
    for name in PARTS:
        status = client.post(url(world, name), data).status_code
        assert status in {302, 400}, (name, value, status)
    assert "<script>" not in client.get(url(world, "person_detail")).content.decode()
