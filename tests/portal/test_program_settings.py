"""The program's portal settings on the program settings page: staff names in "who read
my record" (default off) and the note groups the portal shows (default casework only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Test City LEAD",
        "time_zone": "America/Los_Angeles",
        "protocol_id": "",
        "protocol_version": "",
        "intake_window_days": 30,
        "caseload_average_limit": 20,
        "caseload_max": 25,
        "version": 1,
    }
    return {**data, **changes}


def test_it_defaults_to_no_names_and_casework_notes_only(world: World) -> None:
    program = world.programs["demo"]
    assert program.portal_shows_staff_names is False
    assert program.portal_note_groups == ["casework_notes"]


def test_it_refuses_a_group_that_is_not_a_note_group(world: World, login: Any) -> None:
    client = login("ada")
    response = client.post(reverse("program_settings"), _data(portal_note_groups=["identity"]))
    assert response.status_code == 400
    assert "Choose groups from the list." in response.content.decode()


def test_it_saves_the_portal_settings(world: World, login: Any) -> None:
    client = login("ada")
    page = client.get(reverse("program_settings")).content.decode()
    assert "Show staff names to participants" in page
    data = _data(portal_shows_staff_names="on", portal_note_groups=["casework_notes", "health"])
    response = client.post(reverse("program_settings"), data)
    assert response.status_code == 302
    program = world.programs["demo"]
    program.refresh_from_db()
    assert program.portal_shows_staff_names is True
    assert program.portal_note_groups == ["casework_notes", "health"]
