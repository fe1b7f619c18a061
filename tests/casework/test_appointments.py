"""Upcoming appointments: on the participant's page and as "next appointment" on Caseload today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.casework import actions, queries
from openlead.casework.models import Appointment
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, key: str = "own") -> str:
    return reverse("casework_appointment_add", kwargs={"public_id": cw.world.people[key].public_id})


def _when(days: int) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("username", "status"),
    [("dave", 403), ("erin", 403), ("otto", 403), ("carol", 404), ("gina", 404), ("hank", 404)],
)
def test_it_refuses_roles_outside_the_care_team(
    cw: Casework, client: Any, username: str, status: int
) -> None:
    client.force_login(cw.world.users[username])
    assert client.post(_url(cw), {"starts_at": _when(2), "kind": "court"}).status_code == status
    assert not Appointment.objects.exists()


def test_it_adds_an_appointment_with_an_encrypted_note(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    note = cw.canary("appointment")
    assert (
        client.post(_url(cw), {"starts_at": _when(-3), "kind": "court"}).status_code == 400
    )  # in the past
    data = {
        "starts_at": _when(2),
        "kind": "provider",
        "provider": cw.providers["moud"].public_id,
        "note": note,
    }
    assert client.post(_url(cw), data).status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.provider == cw.providers["moud"] and note.encode() not in bytes(
        appointment.note
    )
    page = client.get(
        reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    )
    assert note in page.content.decode()


def test_it_shows_the_next_planned_appointment_on_the_caseload(cw: Casework) -> None:
    person, now = cw.world.people["own"], timezone.now()
    for days in (9, 2):
        actions.do_add_appointment(
            person,
            acting=cw.acting,
            starts_at=now + dt.timedelta(days=days),
            kind="court",
            provider=None,
            note="",
        )
    actions.do_add_appointment(
        person,
        acting=cw.acting,
        starts_at=now - dt.timedelta(hours=3),
        kind="court",
        provider=None,
        note="",
    )  # already past
    rows = queries.caseload_rows(cw.world.programs["demo"].pk, cw.world.users["alice"])
    assert rows[0].next_appointment is not None
    assert abs(rows[0].next_appointment - (now + dt.timedelta(days=2))) < dt.timedelta(seconds=1)
