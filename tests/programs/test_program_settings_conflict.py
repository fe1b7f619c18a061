"""Program settings: a stale version is a 409 showing both versions, never a silent overwrite."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.programs.models import Program
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


def _hidden(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_it_refuses_a_post_without_a_version(world: World, client: Any) -> None:
    client.force_login(world.users["hank"])
    data = _data(time_zone="America/Denver")
    del data["version"]
    response = client.post(reverse("program_settings"), data)
    assert response.status_code == 400
    assert "This page is out of date: reload it and save again." in response.content.decode()
    assert Program.objects.get(pk=world.programs["demo"].pk).time_zone == "America/Los_Angeles"


def test_it_shows_a_409_with_both_versions_and_saves_mine_on_request(
    world: World, client: Any
) -> None:
    client.force_login(world.users["hank"])
    page = client.get(reverse("program_settings")).content.decode()
    assert 'name="version" value="1"' in page
    first = client.post(reverse("program_settings"), _data(time_zone="America/Denver"))
    assert first.status_code == 302
    stale = client.post(reverse("program_settings"), _data(time_zone="America/Chicago"))
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this first" in body
    assert "<td>America/Denver</td>" in body and "<td>America/Chicago</td>" in body
    assert Program.objects.get(pk=world.programs["demo"].pk).time_zone == "America/Denver"
    assert AuditEvent.objects.filter(purpose__startswith="program settings: someone").count() == 1
    resubmit = _hidden(body)
    assert (resubmit["version"], resubmit["time_zone"]) == ("2", "America/Chicago")
    assert client.post(reverse("program_settings"), resubmit).status_code == 302
    program = Program.objects.get(pk=world.programs["demo"].pk)
    assert (program.time_zone, program.version) == ("America/Chicago", 3)
