"""Builds the participant's casework page from records the caller has already authorised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openlead.access.helpers import Actor
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework import forms as f
from openlead.casework.models import AppointmentStatus, Enrollment, FundsStatus, GoalStatus
from openlead.casework.queries import (
    NEXT_STATES,
    current_enrollment,
    dollars,
    open_appointment_note,
    open_assessment,
    open_contact_note,
    open_goal,
    open_override_reason,
    open_purpose,
    settings_for,
)
from openlead.people import vault
from openlead.people.models import Person


def person_page(
    actor: Actor, person: Person, groups: frozenset[FieldGroup], forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    dek = vault.data_key(person.public_id)
    forms = forms or {}
    ctx: dict[str, Any] = {
        "person": person,
        "actor": actor,
        "groups": groups,
        "can_supervise": actor.rule.has(Capability.SUPERVISE),
        "can_write": FieldGroup.CASEWORK_NOTES in actor.rule.write,
        "name": vault.get_person_field(person, dek, "legal_name")
        if FieldGroup.IDENTITY in groups
        else "",
        "enrollment": current_enrollment(person),
        "enrollments": Enrollment.objects.filter(person=person).prefetch_related(
            "events__to_manager", "events__from_manager"
        ),
        "contacts": [
            (c, open_contact_note(c, dek)) for c in person.contacts.select_related("author")[:20]
        ],
        "goals": [
            (g, *open_goal(g, dek), list(g.events.all()))
            for g in person.goals.prefetch_related("events")
        ],
        "assessments": [
            (a, open_assessment(a, dek, health=FieldGroup.HEALTH in groups))
            for a in person.assessments.select_related("template")[:5]
        ],
        "links": [
            (lk, NEXT_STATES.get(lk.state, ()), open_override_reason(lk, dek))
            for lk in person.service_links.select_related("provider", "override_by")
        ],
        "snapshots": list(person.status_snapshots.all()[:12]),
        "appointments": [
            (a, open_appointment_note(a, dek))
            for a in person.appointments.filter(
                status=AppointmentStatus.PLANNED,
                starts_at__gte=timezone.now() - dt.timedelta(hours=12),
            ).select_related("provider")[:10]
        ],
        "appointment_form": forms.get("appointment")
        or f.AppointmentForm(program_id=person.program_id),
        "enrollment_form": forms.get("enrollment")
        or f.EnrollmentForm(program_id=person.program_id),
        "goal_form": forms.get("goal") or f.GoalForm(),
        "link_form": forms.get("link") or f.LinkForm(program_id=person.program_id),
        "errors": forms.get("errors", []),
        "goal_statuses": GoalStatus.choices,
        "show_funds": FieldGroup.FUNDS in groups,
    }
    if FieldGroup.FUNDS in groups:
        threshold = settings_for(person.program_id).funds_approval_threshold_cents
        entries = person.funds_entries.select_related(
            "requested_by", "reverses", "first_approved_by"
        )
        ctx.update(
            {
                "funds": [(e, dollars(e.amount_cents), open_purpose(e, dek)) for e in entries],
                "funds_form": forms.get("funds") or f.FundsForm(),
                "threshold": dollars(threshold),
                "paid_status": FundsStatus.PAID,
                "requested_status": FundsStatus.REQUESTED,
                "approved_status": FundsStatus.APPROVED,
            }
        )
    return ctx
