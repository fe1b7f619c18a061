"""A participant with a safety flag still sees their own record, and reading it raises no
"safety flag" alert (the alert is for staff outside the care team)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access import safety
from openlead.access.models import AccessAlert
from tests.conftest import World
from tests.safety.helpers import actor, flag

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_counts_only_the_participant_of_the_record_as_their_own(world: World) -> None:
    from tests.conftest import _add_participant

    flag(world)
    person = world.people["own"]
    assert safety.in_care_team(actor(world, "pia"), person)
    _add_participant(world, "quinn", "same")
    assert not safety.in_care_team(actor(world, "quinn"), person)
    assert safety.hides_places(actor(world, "otto"), person)


def test_it_raises_no_alert_when_the_participant_reads_their_flagged_record(
    world: World, client: Any
) -> None:
    flag(world)
    client.force_login(world.users["pia"])
    for name in ("portal_home", "portal_notes", "portal_who_read"):
        assert client.get(reverse(name)).status_code == 200
    assert not AccessAlert.objects.filter(reason="safety_flag").exists()
    client.force_login(world.users["otto"])
    url = reverse("person_detail", kwargs={"public_id": world.people["own"].public_id})
    assert client.get(url).status_code == 200
    assert AccessAlert.objects.filter(reason="safety_flag").count() == 1
