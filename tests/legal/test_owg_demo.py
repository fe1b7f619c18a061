"""The demo's work group: a held meeting with minutes in both groups, a scheduled one whose
agenda has rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.demo import seed_demo
from openlead.legal.models import MinuteEntry, OwgMeeting

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_a_held_and_a_scheduled_meeting(client: Any) -> None:
    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    held = OwgMeeting.objects.get(program=program, status="held")
    upcoming = OwgMeeting.objects.get(program=program, status="scheduled")
    groups = set(MinuteEntry.objects.filter(meeting=held).values_list("field_group", flat=True))
    assert groups == {"legal", "casework_notes"}
    client.force_login(program.memberships.get(role="supervisor").user)
    page = client.get(reverse("owg_meeting", args=[upcoming.public_id])).content.decode()
    assert page.count("</tr>") - page.count("</thead>") >= 3  # agenda rows, not headers
    past = client.get(reverse("owg_meeting", args=[held.public_id])).content.decode()
    assert "worked out again" in past
