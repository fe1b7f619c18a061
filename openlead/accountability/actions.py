"""Writes of the accountability page: publish or unpublish it, upload a population table.

Both are program-admin writes behind a fresh second factor (the views), each in one
transaction with one audit event that says what changed, never a person.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.accountability.models import PopulationTable, Publication
from openlead.programs.models import Program

PUBLISH_PURPOSE = "publish accountability page"
UPLOAD_PURPOSE = "upload population table"


def do_set_publication(program: Program, *, public: bool, acting: Actor) -> Publication:
    """Make the page public (anyone, no login) or keep it to staff."""
    with transaction.atomic():
        row, _ = Publication.objects.select_for_update().get_or_create(program=program)
        before = row.public
        row.public = public
        row.changed_at = timezone.now()
        row.changed_by = acting.user
        row.save(update_fields=["public", "changed_at", "changed_by"])
        acting.audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose=PUBLISH_PURPOSE,
            detail={"accountability_public": [before, public], "program": program.slug},
        )
    return row


def do_upload_population(
    program: Program,
    *,
    area: str,
    source: str,
    year: int,
    counts: dict[str, int],
    file_name: str,
    acting: Actor,
) -> PopulationTable:
    """Store a validated table (population.read_population); the newest one is used."""
    with transaction.atomic():
        table = PopulationTable.objects.create(
            program=program,
            area=area,
            source=source,
            year=year,
            counts=counts,
            file_name=file_name,
            uploaded_by=acting.user,
        )
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            purpose=UPLOAD_PURPOSE,
            detail={
                "population_table": table.pk,
                "area": area,
                "year": year,
                "residents": sum(counts.values()),
            },
        )
    return table
