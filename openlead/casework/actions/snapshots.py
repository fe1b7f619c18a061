"""The monthly status snapshot: one per person and month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import program_day, record
from openlead.casework.codes import (
    INCOME_SOURCES,
    INSURANCE_SOURCES,
    LIVING_SITUATIONS,
    EmploymentStage,
    YesNo,
)
from openlead.casework.models import SNAPSHOT_FACTS, StatusSnapshot
from openlead.casework.queries.records import first_month, month_problem
from openlead.people.models import Person

_CODES: dict[str, set[Any]] = {
    "living_situation": {code for code, _ in LIVING_SITUATIONS},
    "employment_stage": set(EmploymentStage.values),
    "income_any": set(YesNo.values),
    "insurance_any": set(YesNo.values),
}
_SOURCES = {
    "income_sources": {code for code, _ in INCOME_SOURCES},
    "insurance_sources": {code for code, _ in INSURANCE_SOURCES},
}


def check_record_snapshot(
    person: Person, *, month: dt.date, values: dict[str, Any], acting: Actor
) -> StatusSnapshot:
    """The month has begun and the person was with the program in it; each fact is a code
    from its list (a CLI or API caller gets the sentences the form shows)."""
    errors: dict[str, str] = {}
    problem = month_problem(month, first=first_month(person), today=program_day(person.program))
    if problem:
        errors["month"] = problem
    for name, allowed in _CODES.items():
        if values.get(name) not in allowed:
            errors[name] = "Choose an answer from the list."
    for name, allowed in _SOURCES.items():
        if not set(values.get(name) or []) <= allowed:
            errors[name] = "Choose sources from the list."
    if errors:
        raise ValidationError(errors)
    return do_record_snapshot(person, month=month, values=values, acting=acting)


def do_record_snapshot(
    person: Person, *, month: dt.date, values: dict[str, Any], acting: Actor
) -> StatusSnapshot:
    """Recording a month again corrects that month's values."""
    month = month.replace(day=1)
    fields = {k: values[k] for k in SNAPSHOT_FACTS}
    with transaction.atomic():
        snapshot, created = StatusSnapshot.objects.update_or_create(
            person=person,
            month=month,
            defaults={
                **fields,
                "recorded_by_id": acting.who.actor_id,
                "recorded_at": timezone.now(),
            },
        )
        record(
            acting,
            person,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            [FieldGroup.CASEWORK_NOTES],
            snapshot=month.isoformat(),
        )
    return snapshot
