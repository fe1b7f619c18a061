"""Reads about one person that the people pages need beyond the projected record."""

from __future__ import annotations

from openlead.people.models import ConsentRelease, Person


def consent_of(person: Person, consent_id: str) -> ConsentRelease | None:
    """One of this person's releases by its public id (None: not theirs, or no such id)."""
    return person.consents.filter(public_id=consent_id).first()
