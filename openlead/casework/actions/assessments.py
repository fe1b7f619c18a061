"""Assessments, made with the program's current template version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import date_errors, seal_and_record
from openlead.casework.codes import HEALTH_DOMAINS, DomainStatus
from openlead.casework.models import Assessment, AssessmentKind, AssessmentTemplate
from openlead.people.models import Person


@dataclass(frozen=True)
class AssessmentAnswers:
    """What one assessment records: the check_ and do_ actions take the same answers."""

    kind: str
    assessed_on: dt.date
    statuses: dict[str, str]  # domain -> DomainStatus
    notes: dict[str, str]  # domain -> note (only the domains with one)
    facts: dict[str, Any]  # the status facts (living situation, employment, ...)


def check_record_assessment(
    person: Person, template: AssessmentTemplate, answers: AssessmentAnswers, *, acting: Actor
) -> Assessment:
    if template.program_id != person.program_id:
        raise ValidationError({"template": "Use one of this program's templates."})
    if answers.kind not in AssessmentKind.values:
        raise ValidationError({"kind": "Choose intake or reassessment."})
    dated = date_errors("assessed_on", answers.assessed_on, person=person)
    if dated:
        raise ValidationError(dated)
    statuses = answers.statuses
    unknown = set(statuses) - set(template.domains)
    if unknown or not set(statuses.values()) <= set(DomainStatus.values):
        raise ValidationError(
            {"statuses": "Give a status from the list for the template's domains."}
        )
    return do_record_assessment(person, template, answers, acting=acting)


def do_record_assessment(
    person: Person, template: AssessmentTemplate, answers: AssessmentAnswers, *, acting: Actor
) -> Assessment:
    """Health and substance-use domains are sealed apart (HEALTH group, 42 CFR Part 2).

    A domain left "not assessed" (and without a note) is not stored: every reader finds it
    missing, as it is, and never counts it as "no need"."""
    notes = answers.notes
    answered = {
        d: {"status": s, "note": notes.get(d, "")}
        for d, s in answers.statuses.items()
        if s != DomainStatus.NOT_ASSESSED or notes.get(d)
    }
    general = {d: a for d, a in answered.items() if d not in HEALTH_DOMAINS}
    health = {d: a for d, a in answered.items() if d in HEALTH_DOMAINS}
    assessment = Assessment(
        person=person,
        template=template,
        kind=answers.kind,
        assessed_on=answers.assessed_on,
        author=acting.user,
    )
    return seal_and_record(
        acting,
        assessment,
        person=person,
        documents={
            "answers": {"domains": general, "facts": answers.facts},
            "health_answers": {"domains": health},
        },
        action=AuditAction.CREATE,
        groups=[FieldGroup.CASEWORK_NOTES, FieldGroup.HEALTH],
        assessment=assessment.public_id,
        template=f"{template.name} v{template.version}",
    )
