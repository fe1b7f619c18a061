"""Small helpers for the person-record tests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.people import vault
from openlead.people.models import Person
from tests.conftest import World


def url(world: World, name: str, key: str = "own") -> str:
    return reverse(name, kwargs={"public_id": world.people[key].public_id})


def stored(world: World, key: str, column: str) -> str:
    person = Person.objects.get(pk=world.people[key].pk)
    return vault.get_person_field(person, vault.data_key(person.public_id), column)


def identity_post(**overrides: Any) -> dict[str, Any]:
    """A valid identity form for the seeded person, whose stored DOB is not a date."""
    data = {
        "legal_name": "Rowan Example",
        "preferred_name": "Ro",
        "aliases": "Red\nRo-Ro",
        "date_of_birth": "1985-03-02",
        "dob_data_quality": "1",
    }
    data.update(overrides)
    return data


def update_events(person: Person) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            person_ref=person.public_id, action="update", outcome="allowed"
        ).order_by("seq")
    )
