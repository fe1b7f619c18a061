"""The program's retention schedule: read with defaults, changed with limits."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.retention.models import RetentionSchedule

# (lowest, highest) each setting accepts; the defaults are the model's (docs/retention.md).
LIMITS = {
    "exited_years": (1, 30),
    "never_enrolled_months": (1, 120),
    "rejected_rows_days": (7, 3650),
}


@dataclass(frozen=True)
class Periods:
    exited_years: int
    never_enrolled_months: int
    rejected_rows_days: int


def schedule_of(program_id: int) -> RetentionSchedule:
    """The stored schedule, or an unsaved one holding the defaults."""
    found = RetentionSchedule.objects.filter(program_id=program_id).first()
    return found if found is not None else RetentionSchedule(program_id=program_id)


def period_errors(periods: Periods) -> dict[str, str]:
    errors = {}
    for name, (low, high) in LIMITS.items():
        value = getattr(periods, name)
        if not low <= value <= high:
            errors[name] = f"Choose a number from {low} to {high}."
    return errors


def do_set_schedule(periods: Periods, *, acting: Actor) -> RetentionSchedule:
    if not acting.can(Capability.SET_RETENTION):
        raise refuse_denied(acting, "retention schedule", AuditAction.UPDATE)
    errors = period_errors(periods)
    if errors:
        raise ValidationError(errors)
    schedule = schedule_of(acting.program_id)
    old = {name: getattr(schedule, name) for name in LIMITS}
    new = {name: getattr(periods, name) for name in LIMITS}
    with transaction.atomic():
        for name, value in new.items():
            setattr(schedule, name, value)
        schedule.updated_by = acting.user
        if schedule.pk is None:
            schedule.save(force_insert=True)
        else:
            schedule.save(update_fields=[*LIMITS, "updated_by", "updated_at"])
        acting.audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="retention schedule",
            detail={"event": "retention_schedule_set", "old": old, "new": new},
        )
    return schedule
