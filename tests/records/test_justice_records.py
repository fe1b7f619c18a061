"""Linked justice records: the care team sees them; police, prosecutor and defender never do."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.records.helpers import make_link

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(world: World, key: str) -> str:
    return reverse("justice_records", kwargs={"public_id": world.people[key].public_id})


@pytest.mark.parametrize("username", ["dave", "erin", "frank"])
def test_it_never_shows_justice_records_to_enforcement_or_defence_even_under_an_roi(
    world: World, client: Any, username: str
) -> None:
    make_link(world, "accepted", "own", status="accepted")
    client.force_login(world.users[username])
    response = client.get(_url(world, "own"))  # "own" gave these three an active ROI on legal
    assert response.status_code == 403
    assert "JUSTICE-RECORD-" not in response.content.decode()
    event = AuditEvent.objects.last()
    assert (event.outcome, event.person_ref) == ("denied", world.people["own"].public_id)


def test_it_gives_out_of_scope_people_the_same_404(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    assert client.get(_url(world, "same")).status_code == 404
    missing = reverse("justice_records", kwargs={"public_id": "doesNotExist123"})
    assert client.get(missing).status_code == 404


def test_it_shows_accepted_links_to_the_case_manager_only(world: World, client: Any) -> None:
    accepted = make_link(world, "accepted", "own", status="accepted")
    pending = make_link(world, "pending", "own")
    client.force_login(world.users["alice"])
    page = client.get(_url(world, "own")).content.decode()
    assert accepted.record.raw_text in page
    assert pending.record.raw_text not in page
    assert "Fakename" not in page  # the record's identity is not shown here
    event = AuditEvent.objects.last()
    assert (event.action, event.field_groups, event.outcome) == ("read", ["legal"], "allowed")


def test_it_refuses_the_outreach_worker(world: World, client: Any) -> None:
    client.force_login(world.users["otto"])
    assert client.get(_url(world, "own")).status_code == 403


def test_it_feeds_only_accepted_events_without_identity_to_the_extract(world: World) -> None:
    from openlead.records.queries import linked_events

    make_link(world, "accepted", "own", status="accepted")
    make_link(world, "pending", "own")
    make_link(world, "other", "other", status="accepted")
    events = linked_events(world.programs["demo"].pk)
    assert [(e.person_ref, e.kind) for e in events] == [(world.people["own"].public_id, "arrest")]
    assert "Fakename" not in repr(events)
