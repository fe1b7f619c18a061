"""Every casework GET page for the canary scans (tests/access/test_canaries.py and ours)."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import World

PERSON_PAGES = [
    "casework_person",
    "casework_contact_new",
    "casework_assessment_new",
    "casework_snapshot",
    "casework_appointment_form",
    "casework_goal_form",
    "casework_funds_form",
]


def casework_pages(world: World) -> list[str]:
    urls = [
        reverse("casework_caseload"),
        reverse("casework_supervisor"),
        reverse("casework_settings"),
    ]
    for person in world.people.values():
        urls.extend(reverse(name, kwargs={"public_id": person.public_id}) for name in PERSON_PAGES)
    return urls
