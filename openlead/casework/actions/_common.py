"""What every casework action shares: today's date, refusals, stale-write checks; the
audit event and the seal-save-record sequence come from people.actions, the one place
an encrypted note is written."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction

# Re-exported for the casework actions: the program's day and zone, and one
# seal-save-record sequence for every note.
from openlead.casework.queries.records import first_day, record_date_problem
from openlead.casework.queries.records import program_day as program_day
from openlead.casework.queries.records import program_zone as program_zone
from openlead.people.actions import NOTE_MAX_CHARS as NOTE_MAX_CHARS
from openlead.people.actions import record as record
from openlead.people.actions import seal_and_record as seal_and_record

M = TypeVar("M", bound=models.Model)


def today(on: dt.date | None, program: Any = None) -> dt.date:
    if on:
        return on
    return program_day(program) if program is not None else timezone.localdate()


def date_errors(field: str, value: dt.date | None, *, person: Any) -> dict[str, str]:
    """The casework date rule (queries.record_date_problem) as an action's field error: a
    CLI or API caller is refused with the sentence the form shows beside the field."""
    if value is None:
        return {}
    problem = record_date_problem(value, first=first_day(person), today=program_day(person.program))
    return {field: problem} if problem else {}


def refuse(acting: Actor, *, purpose: str, person_ref: str = "") -> PermissionDenied:
    """Audit a write the role may not make (its own transaction); returns the 403 to raise."""
    return refuse_denied(acting, purpose, AuditAction.UPDATE, person_ref=person_ref)


def require_seen(
    seen: str | None, state: str, current: dict[str, str], attempted: dict[str, str]
) -> None:
    """The page posts the state it showed; if the row has moved on since, that is a conflict."""
    if seen and seen != state:
        raise StaleWrite(
            "Someone else changed this while you were looking at it.",
            current=current,
            attempted=attempted,
        )
