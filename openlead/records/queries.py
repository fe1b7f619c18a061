"""Read-side queries other apps use (the evaluation extract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openlead.records.models import LinkStatus, PersonRecordLink


@dataclass(frozen=True)
class LinkedEvent:
    person_ref: str  # the participant's public id: the extract hashes it
    kind: str
    occurred_on: dt.date
    ended_on: dt.date | None
    severity: str


def linked_events(program_id: int) -> list[LinkedEvent]:
    """Accepted justice events of a program's participants, with no identity fields.

    For the de-identified evaluation extract only: the caller hashes `person_ref`,
    suppresses small cells and audits the export.
    """
    links = (
        PersonRecordLink.objects.filter(person__program_id=program_id, status=LinkStatus.ACCEPTED)
        .select_related("person", "record")
        .order_by("person_id", "record__occurred_on", "pk")
    )
    return [
        LinkedEvent(
            link.person.public_id if link.person else "",
            link.record.kind,
            link.record.occurred_on,
            link.record.ended_on,
            link.record.severity,
        )
        for link in links
    ]
