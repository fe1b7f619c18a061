"""Contacts: the case manager's record of meeting the participant (note encrypted)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import (
    NOTE_MAX_CHARS,
    date_errors,
    program_zone,
    seal_and_record,
)
from openlead.casework.models import SERVICES, Contact, ContactKind, LocationCategory
from openlead.people.models import Person


def check_record_contact(
    person: Person,
    *,
    acting: Actor,
    occurred_at: dt.datetime | None = None,
    kind: str = ContactKind.STREET,
    duration_minutes: int = 10,
    location: str = LocationCategory.STREET,
    services: list[str] | None = None,
    note: str = "",
) -> Contact:
    errors: dict[str, str] = {}
    if kind not in ContactKind.values:
        errors["kind"] = "Choose a kind of contact."
    if location not in LocationCategory.values:
        errors["location"] = "Choose a kind of place."
    if not 0 < duration_minutes <= 24 * 60:
        errors["duration_minutes"] = "Give the minutes spent (1 to 1440)."
    if set(services or []) - {code for code, _ in SERVICES}:
        errors["services"] = "Choose services from the list."
    if len(note) > NOTE_MAX_CHARS:
        errors["note"] = f"Keep a note under {NOTE_MAX_CHARS} characters."
    if occurred_at:
        if timezone.is_naive(occurred_at):  # a CLI caller's wall-clock time is the program's
            occurred_at = timezone.make_aware(occurred_at, program_zone(person.program))
        errors.update(_time_errors(person, occurred_at))
    if errors:
        raise ValidationError(errors)
    return do_record_contact(
        person,
        acting=acting,
        occurred_at=occurred_at or timezone.now(),
        kind=kind,
        duration_minutes=duration_minutes,
        location=location,
        services=services or [],
        note=note.strip(),
    )


# A phone's clock may run a little ahead of the server's: five minutes are not "the future".
CLOCK_SLACK = dt.timedelta(minutes=5)


def future_problem(occurred_at: dt.datetime) -> str:
    if occurred_at > timezone.now() + CLOCK_SLACK:
        return "A contact cannot be in the future: leave the time empty for now."
    return ""


def _time_errors(person: Person, occurred_at: dt.datetime) -> dict[str, str]:
    """Not in the future, not before 1900, the day counted on the program's wall clock
    (a contact at 23:30 in Los Angeles is already tomorrow in UTC, and still today)."""
    if future_problem(occurred_at):
        return {"occurred_at": future_problem(occurred_at)}
    day = timezone.localtime(occurred_at, program_zone(person.program)).date()
    return date_errors("occurred_at", day, person=person)


def do_record_contact(
    person: Person,
    *,
    acting: Actor,
    occurred_at: dt.datetime,
    kind: str,
    duration_minutes: int,
    location: str,
    services: list[str],
    note: str,
) -> Contact:
    contact = Contact(
        person=person,
        occurred_at=occurred_at,
        kind=kind,
        duration_minutes=duration_minutes,
        location=location,
        services=sorted(set(services)),
        author=acting.user,
    )
    return seal_and_record(
        acting,
        contact,
        person=person,
        texts={"note": note} if note else {},
        action=AuditAction.CREATE,
        groups=[FieldGroup.CASEWORK_NOTES],
        contact=contact.public_id,
    )
