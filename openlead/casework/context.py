"""Builds the participant's casework page from records the caller has already authorised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openlead.access.helpers import Actor
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework import forms as f
from openlead.casework.actions import may_reassign
from openlead.casework.codes import HEALTH_DOMAINS, Domain, DomainStatus, label_of, labels_of
from openlead.casework.form_pages import FORM_PAGES
from openlead.casework.models import (
    SERVICES,
    AppointmentStatus,
    Assessment,
    Enrollment,
    FundsStatus,
    GoalStatus,
    LinkState,
)
from openlead.casework.panels import panels_for
from openlead.casework.queries import (
    NEXT_STATES,
    current_enrollment,
    dollars,
    enrollment_moves,
    open_appointment_note,
    open_assessment,
    open_contact_note,
    open_goal,
    open_override_reason,
    open_purpose,
    settings_for,
)
from openlead.casework.queries.safety import safety_context
from openlead.casework.safety_forms import SafetyFlagForm
from openlead.legal.cases.queries import upcoming_court_dates
from openlead.legal.defense import queries as defense
from openlead.legal.defense.forms import DefenseNoteForm
from openlead.people import vault
from openlead.people.models import Person


def link_moves(state: str) -> list[tuple[str, str]]:
    """A link's next states with their labels, for its buttons."""
    return [(s, label_of(LinkState, s)) for s in NEXT_STATES.get(state, ())]


def assessment_rows(
    assessment: Assessment, dek: bytes, *, health: bool
) -> list[tuple[str, str, str]]:
    """(domain, status, note) in labels, for every domain of the assessment's template the
    reader may see: a domain with no answer reads "Not assessed", never "No need"."""
    answered = open_assessment(assessment, dek, health=health)["domains"]
    shown = [
        d
        for d in Domain
        if d.value in assessment.template.domains and (health or d not in HEALTH_DOMAINS)
    ]
    shown += [Domain(d) for d in answered if d in Domain.values and Domain(d) not in shown]
    rows = []
    for domain in shown:
        answer = answered.get(domain.value) or {}
        status = answer.get("status", DomainStatus.NOT_ASSESSED)
        rows.append((domain.label, label_of(DomainStatus, status), answer.get("note", "")))
    return rows


def person_page(
    actor: Actor, person: Person, groups: frozenset[FieldGroup], forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    dek = vault.data_key(person.public_id)
    forms = forms or {}
    enrollment = current_enrollment(person)
    moves = enrollment_moves(enrollment, supervise=may_reassign(actor))
    failed = next(iter(forms.items()), ("", None))  # the form that did not save, if any
    ctx: dict[str, Any] = {
        "person": person,
        "actor": actor,
        "groups": groups,
        "can_supervise": actor.rule.has(Capability.SUPERVISE),
        "can_write": FieldGroup.CASEWORK_NOTES in actor.rule.write,
        "name": vault.shown_name(person, dek) if FieldGroup.IDENTITY in groups else "",
        "enrollment": enrollment,
        "moves": moves,
        "enrollments": Enrollment.objects.filter(person=person).prefetch_related(
            "events__to_manager", "events__from_manager"
        ),
        "contacts": [
            (c, open_contact_note(c, dek), labels_of(SERVICES, c.services))
            for c in person.contacts.select_related("author")[:20]
        ],
        "goals": [
            (g, *open_goal(g, dek), list(g.events.all()))
            for g in person.goals.prefetch_related("events")
        ],
        "assessments": [
            (a, assessment_rows(a, dek, health=FieldGroup.HEALTH in groups))
            for a in person.assessments.select_related("template")[:5]
        ],
        "links": [
            (lk, link_moves(lk.state), open_override_reason(lk, dek))
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
        # The longer forms load when opened (casework.form_pages): built here only when
        # one did not save and comes back with its errors.
        "form_pages": FORM_PAGES,
        "appointment_form": forms.get("appointment"),
        "goal_form": forms.get("goal"),
        "enrollment_form": forms.get("enrollment")
        or f.EnrollmentForm(program=person.program, moves=moves),
        "link_form": forms.get("link") or f.LinkForm(program=person.program),
        "failed_key": failed[0],
        "failed_form": failed[1],
        "goal_statuses": GoalStatus.choices,
        "show_funds": FieldGroup.FUNDS in groups,
        # The defense's note channel (openlead.legal.defense): casework reads legal, never
        # the reverse.
        "defense_thread": defense.thread_for(actor, person),
        "defense_open": defense.channel_open(actor, person),
        "defense_form": DefenseNoteForm(),
        # Court dates are `legal`: shown only while the reader's groups include it.
        "court_dates": upcoming_court_dates(person, timezone.now())
        if FieldGroup.LEGAL in groups
        else None,
        # Apps above casework (the participant portal) add their own sections.
        "panels": panels_for(actor, person),
    }
    if FieldGroup.FUNDS in groups:
        threshold = settings_for(person.program_id).funds_approval_threshold_cents
        entries = person.funds_entries.select_related(
            "requested_by", "reverses", "first_approved_by"
        )
        ctx.update(
            {
                "funds": [(e, dollars(e.amount_cents), open_purpose(e, dek)) for e in entries],
                "funds_form": forms.get("funds"),
                "threshold": dollars(threshold),
                "paid_status": FundsStatus.PAID,
                "requested_status": FundsStatus.REQUESTED,
                "approved_status": FundsStatus.APPROVED,
            }
        )
    ctx.update(safety_context(actor, person, dek, forms.get("safety") or SafetyFlagForm()))
    return ctx
