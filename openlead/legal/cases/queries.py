"""Reads of cases: the cases an actor may see, and whether they are on a case's side.

A case is `legal` data about one participant, so an actor sees it only when the person is
in their scope (openlead.access.justice_scope for the justice roles) and the `legal`
group is open to them for that person (a release, for the prosecutor and the defender).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from openlead.access.acting import Actor
from openlead.access.helpers import groups_by_person, scoped_people, visible_groups
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Role
from openlead.legal.models import OPEN_CASE_STATUSES, CourtDate, LegalCase
from openlead.people import vault
from openlead.people.models import Person


def case_scope(actor: Actor) -> QuerySet[LegalCase]:
    """Cases on people in the actor's scope (the legal group is checked per person)."""
    return (
        LegalCase.objects.filter(
            program_id=actor.program_id, person__in=scoped_people(actor).values("pk")
        )
        .select_related("person", "prosecutor_office", "defender_office", "defender")
        .prefetch_related("charges", "court_dates")
    )


def reads_legal(actor: Actor, person: Person) -> bool:
    return FieldGroup.LEGAL in visible_groups(actor, person)


def legal_cases_for(actor: Actor) -> list[LegalCase]:
    """The cases this actor may read, newest first (the person's legal group open); the
    releases of all their people in one query (access.helpers.groups_by_person)."""
    cases = list(case_scope(actor)[:200])
    groups = groups_by_person(actor, {c.person_id: c.person for c in cases}.values())
    return [c for c in cases if FieldGroup.LEGAL in groups[c.person_id]]


def on_side(actor: Actor, case: LegalCase) -> bool:
    """May the actor write on this case (cases.actions' own-side rule)?"""
    if not actor.can(Capability.ENTER_LEGAL_CASES):
        return False
    office = actor.membership.organization_id
    if actor.role == Role.PROSECUTOR:
        return case.prosecutor_office_id == office
    return case.defender_office_id == office or case.defender_id == actor.user.pk


def person_label(actor: Actor, person: Person) -> str:
    """The person's name to those who read identity, otherwise their pseudonymous id."""
    if FieldGroup.IDENTITY in visible_groups(actor, person):
        return vault.shown_name(person, vault.data_key(person.public_id))
    return f"Participant {person.public_id}"


def person_labels(actor: Actor, people: Iterable[Person]) -> dict[int, str]:
    """`person_label` for a list's people: one release query and one key-store query."""
    chosen = {p.pk: p for p in people}
    groups = groups_by_person(actor, chosen.values())
    labels = {pk: f"Participant {p.public_id}" for pk, p in chosen.items()}
    named = [p for p in chosen.values() if FieldGroup.IDENTITY in groups[p.pk]]
    keys = vault.data_keys([p.public_id for p in named])
    for person in named:
        if person.public_id in keys:  # a shredded person keeps the pseudonymous label
            labels[person.pk] = vault.shown_name(person, keys[person.public_id])
    return labels


@dataclass(frozen=True)
class CourtDateRow:
    """One upcoming court date as the care team's page shows it."""

    at: dt.datetime
    kind: str
    location: str
    case_number: str
    jurisdiction: str
    charges: list[str]


def upcoming_court_dates(person: Person, now: dt.datetime, limit: int = 10) -> list[CourtDateRow]:
    """The person's court dates from now on, on open cases, soonest first (two queries).

    The caller has already decided the reader may see the `legal` group for this person."""
    dates = (
        CourtDate.objects.filter(
            case__person=person, case__status__in=OPEN_CASE_STATUSES, at__gte=now
        )
        .select_related("case")
        .prefetch_related("case__charges")
        .order_by("at", "pk")[:limit]
    )
    return [
        CourtDateRow(
            d.at,
            d.get_kind_display(),
            d.location,
            d.case.case_number,
            d.case.jurisdiction,
            [c.label for c in d.case.charges.all()],
        )
        for d in dates
    ]
