"""The monthly status snapshot: one per person and month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import record
from openlead.casework.models import SNAPSHOT_FACTS, StatusSnapshot
from openlead.people.models import Person


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
