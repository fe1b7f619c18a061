"""The participant's deletion request, carried out by openlead.retention (its own
approvals, holds and crypto-shredding): the portal only asks, as the participant."""

from __future__ import annotations

from openlead.access.acting import Actor
from openlead.people.models import Person
from openlead.retention.actions import request_deletion as retention_request
from openlead.retention.actions.requests import open_request
from openlead.retention.models import DeletionSource


def request_deletion(person: Person, *, acting: Actor, reason: str) -> None:
    retention_request(person, acting=acting, source=DeletionSource.PARTICIPANT, reason=reason)


def deletion_requested(person: Person) -> bool:
    return open_request(person) is not None
