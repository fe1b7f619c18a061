"""Canary scan with a flagged person: "own" (alice's caseload) has a safety flag, and
their address and "how to reach them" (unique CANARY markers), safety and casework notes,
a contact at a shelter and an appointment never reach any page of anyone outside the
care team (alice, bob, ada); the care team still sees them (the control)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.casework import actions
from openlead.legal.models import CourtDate, LegalCase
from openlead.people.identity_actions import do_update_contact
from tests.access.test_canaries import _pages
from tests.conftest import World
from tests.legal.owg_helpers import minuted_meeting
from tests.safety.helpers import actor, flag

pytestmark = pytest.mark.django_db(databases="__all__")

OUTSIDE = ["otto", "ivan", "dave", "erin", "frank", "carol", "gina", "una", "hank", "cora"]


def _places(world: World) -> list[str]:
    """The flagged person's places: markers that only the care team may ever be shown."""
    person, alice = world.people["own"], actor(world, "alice")
    reach = "CANARY-own-reach-0a1b2c3d"
    do_update_contact(person, {"contact_notes": reach}, acting=alice)
    note = "CANARY-own-appointment-9f8e7d6c"
    actions.check_add_appointment(
        person,
        acting=alice,
        starts_at=timezone.now() + dt.timedelta(days=3),
        kind="provider",
        note=note,
    )
    visit = "CANARY-own-shelter-visit-5e4d3c2b"
    actions.check_record_contact(
        person,
        acting=alice,
        occurred_at=timezone.now(),
        kind="street",
        duration_minutes=10,
        location="shelter",
        services=[],
        note=visit,
    )
    court = "CANARY-own-court-room-77aa88bb"
    case = LegalCase.objects.filter(person=person).first()
    assert case is not None
    CourtDate.objects.create(case=case, at=timezone.now() + dt.timedelta(days=4), location=court)
    minuted_meeting(world)
    prefixes = ("CANARY-own-address", "CANARY-own-safety", "CANARY-own-casework_notes")
    return [reach, note, visit, *[c for c in world.canaries if c.startswith(prefixes)]]


def _scan(world: World, client: Any, username: str, urls: list[str]) -> str:
    client.force_login(world.users[username])
    bodies = []
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies.append(body.decode())
    return "\n".join(bodies)


@pytest.mark.parametrize("username", OUTSIDE)
def test_it_shows_a_flagged_persons_places_to_nobody_outside_the_care_team(
    world: World, client: Any, caplog: pytest.LogCaptureFixture, username: str
) -> None:
    caplog.set_level(logging.DEBUG)
    places = _places(world)
    flag(world)
    pages = _scan(world, client, username, _pages(world))
    assert [c for c in places if c in pages] == []
    assert [c for c in places if c in caplog.text] == []


def test_it_keeps_the_court_room_out_of_the_work_group_agenda_outside_the_care_team(
    world: World, client: Any
) -> None:
    _places(world)
    meeting = minuted_meeting(world)
    url = reverse("owg_meeting", kwargs={"public_id": meeting.public_id})
    client.force_login(world.users["erin"])
    assert "CANARY-own-court-room" in client.get(url).content.decode()  # the control
    flag(world)
    assert "CANARY-own-court-room" not in client.get(url).content.decode()
    client.force_login(world.users["bob"])
    assert "CANARY-own-court-room" in client.get(url).content.decode()


def test_it_still_shows_the_care_team_the_places(world: World, client: Any) -> None:
    places = _places(world)
    flag(world)
    urls = _pages(world)
    for username in ("alice", "bob"):
        pages = _scan(world, client, username, urls)
        assert [c for c in places if c not in pages] == []
