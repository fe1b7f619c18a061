"""The work group's "no contact in 30 days" agenda section: casework data, so casework
contributes it to legal's registry (openlead.legal.owg.registry) from CaseworkConfig.ready;
legal never imports casework (the golden-rule contract). The section is gated on the
casework-notes group, so only the care team is offered it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from openlead.access.roles import FieldGroup
from openlead.casework.queries.records import program_zone
from openlead.legal.models import AgendaSection
from openlead.legal.owg.registry import Section, Window, register
from openlead.people.models import EnrollmentStatus

QUIET_DAYS = 30


def no_contact(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    """Active participants whose last contact is over 30 days before the anchor (or none)."""
    cutoff = window.anchor - dt.timedelta(days=QUIET_DAYS)
    quiet = (
        people.filter(status=EnrollmentStatus.ACTIVE)
        .annotate(last=Max("contacts__occurred_at"))
        .order_by("last", "pk")
    )
    zone = program_zone(window.program)
    for person in quiet:
        last = person.last
        if last is None:
            yield person, "No contact recorded"
        elif last < cutoff:
            yield person, f"Last contact {timezone.localtime(last, zone):%-d %b %Y}"


def register_sections() -> None:
    register(
        Section(
            AgendaSection.NO_CONTACT,
            FieldGroup.CASEWORK_NOTES,
            no_contact,
            whole_section_gated=True,
        )
    )
