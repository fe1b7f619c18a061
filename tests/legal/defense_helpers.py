"""Shared by the defender's tests: actors as the web sees them, cases and court dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.legal.models import Charge, CourtDate, LegalCase
from tests.conftest import World


def acting(world: World, username: str) -> Actor:
    """The persona acting through its one membership (the scope reads its office)."""
    membership = world.users[username].memberships.get()
    return Actor.of(
        world.users[username], membership.role, membership.program_id, chosen=membership
    )


def frank_case(world: World, key: str, *, days_ahead: int = 5) -> LegalCase:
    """A case with frank as counsel, one charge and a court date `days_ahead` from now."""
    person = world.people[key]
    case = LegalCase.objects.create(
        program=person.program,
        person=person,
        jurisdiction="Test County District Court",
        case_number=f"TC-{key.upper()}-D",
        defender_office=world.orgs["defender"],
        defender=world.users["frank"],
        opened_on=dt.date(2026, 11, 3),
    )
    Charge.objects.create(
        case=case, code="69.50.4013", label="Possession of a controlled substance"
    )
    CourtDate.objects.create(
        case=case, at=timezone.now() + dt.timedelta(days=days_ahead), kind="arraignment"
    )
    return case
