"""Assessments, made with the program's current template version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import seal_and_record
from openlead.casework.codes import HEALTH_DOMAINS, DomainStatus
from openlead.casework.models import Assessment, AssessmentKind, AssessmentTemplate
from openlead.people.models import Person


def check_record_assessment(
    person: Person,
    template: AssessmentTemplate,
    *,
    acting: Actor,
    kind: str,
    assessed_on: dt.date,
    statuses: dict[str, str],
    notes: dict[str, str],
    facts: dict[str, Any],
) -> Assessment:
    if template.program_id != person.program_id:
        raise ValidationError({"template": "Use one of this program's templates."})
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": "Choose intake or reassessment."})
    unknown = set(statuses) - set(template.domains)
    if unknown or not set(statuses.values()) <= set(DomainStatus.values):
        raise ValidationError(
            {"statuses": "Give a status from the list for the template's domains."}
        )
    return do_record_assessment(
        person,
        template,
        acting=acting,
        kind=kind,
        assessed_on=assessed_on,
        statuses=statuses,
        notes=notes,
        facts=facts,
    )


def do_record_assessment(
    person: Person,
    template: AssessmentTemplate,
    *,
    acting: Actor,
    kind: str,
    assessed_on: dt.date,
    statuses: dict[str, str],
    notes: dict[str, str],
    facts: dict[str, Any],
) -> Assessment:
    """Health and substance-use domains are sealed apart (HEALTH group, 42 CFR Part 2)."""
    answered = {d: {"status": s, "note": notes.get(d, "")} for d, s in statuses.items()}
    general = {d: a for d, a in answered.items() if d not in HEALTH_DOMAINS}
    health = {d: a for d, a in answered.items() if d in HEALTH_DOMAINS}
    assessment = Assessment(
        person=person, template=template, kind=kind, assessed_on=assessed_on, author=acting.user
    )
    return seal_and_record(
        acting,
        assessment,
        person=person,
        documents={
            "answers": {"domains": general, "facts": facts},
            "health_answers": {"domains": health},
        },
        action=AuditAction.CREATE,
        groups=[FieldGroup.CASEWORK_NOTES, FieldGroup.HEALTH],
        assessment=assessment.public_id,
        template=f"{template.name} v{template.version}",
    )
