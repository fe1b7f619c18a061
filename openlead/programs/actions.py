"""Program writes: each runs in a transaction, takes one `acting` actor and is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.programs.models import Program
from openlead.programs.signals import program_created


def do_create_program(
    *,
    acting: Actor,
    name: str,
    slug: str,
    time_zone: str = "America/Los_Angeles",
    protocol_id: str = "",
    protocol_version: str = "",
    **fields: Any,
) -> Program:
    """A new program, with whatever the apps above it seed for it (`program_created`), so
    no page has to create a program's rows on a read."""
    with transaction.atomic():
        program = Program.objects.create(
            name=name,
            slug=slug,
            time_zone=time_zone,
            protocol_id=protocol_id,
            protocol_version=protocol_version,
            **fields,
        )
        program_created.send(sender=Program, program=program, acting=acting)
        acting.in_program(program.pk).audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="create program",
            detail={"program": program.slug},
        )
    return program
