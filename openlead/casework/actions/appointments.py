"""Upcoming appointments the case manager may go to with the participant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import NOTE_MAX_CHARS, program_zone, seal_and_record
from openlead.casework.models import Appointment, AppointmentKind
from openlead.people.models import Person

# Court dates and benefit reviews are booked months ahead, never years: a later date is a typo.
APPOINTMENT_HORIZON = dt.timedelta(days=2 * 366)


def check_add_appointment(
    person: Person,
    *,
    acting: Actor,
    starts_at: dt.datetime,
    kind: str,
    provider: Any = None,
    note: str = "",
) -> Appointment:
    errors: dict[str, str] = {}
    if kind not in AppointmentKind.values:
        errors["kind"] = "Choose a kind of appointment."
    if timezone.is_naive(starts_at):  # a CLI caller's wall-clock time is the program's
        starts_at = timezone.make_aware(starts_at, program_zone(person.program))
    if starts_at < timezone.now() - dt.timedelta(days=1):
        errors["starts_at"] = "An upcoming appointment cannot be in the past."
    elif starts_at > timezone.now() + APPOINTMENT_HORIZON:
        errors["starts_at"] = "That is more than two years ahead: check the year."
    if provider is not None and provider.program_id != person.program_id:
        errors["provider"] = "Choose a provider from this program's directory."
    if len(note) > NOTE_MAX_CHARS:
        errors["note"] = f"Keep a note under {NOTE_MAX_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    return do_add_appointment(
        person, acting=acting, starts_at=starts_at, kind=kind, provider=provider, note=note.strip()
    )


def do_add_appointment(
    person: Person,
    *,
    acting: Actor,
    starts_at: dt.datetime,
    kind: str,
    provider: Any,
    note: str,
) -> Appointment:
    appointment = Appointment(
        person=person, starts_at=starts_at, kind=kind, provider=provider, author=acting.user
    )
    return seal_and_record(
        acting,
        appointment,
        person=person,
        texts={"note": note} if note else {},
        action=AuditAction.CREATE,
        groups=[FieldGroup.CASEWORK_NOTES],
        appointment=appointment.public_id,
    )
