"""Every casework write: validated (`check_`), in a transaction, audited (`do_`).

The referrals app calls `do_enroll` when an intake is completed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access import audit
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability, rule_for
from openlead.access.roles import FieldGroup
from openlead.casework.codes import HEALTH_DOMAINS, Domain, DomainStatus
from openlead.casework.models import (
    SERVICES,
    Appointment,
    AppointmentKind,
    Assessment,
    AssessmentKind,
    AssessmentTemplate,
    Contact,
    ContactKind,
    Enrollment,
    EnrollmentEvent,
    EnrollmentEventKind,
    EnrollmentState,
    Goal,
    GoalEvent,
    GoalStatus,
    InactiveReason,
    LocationCategory,
    StatusSnapshot,
)
from openlead.people import vault
from openlead.people.models import EnrollmentStatus, Person

NOTE_MAX_CHARS = 5000
OPEN_STATES = (EnrollmentState.ACTIVE, EnrollmentState.INACTIVE)
PERSON_STATUS = {
    EnrollmentState.ACTIVE: EnrollmentStatus.ACTIVE,
    EnrollmentState.INACTIVE: EnrollmentStatus.INACTIVE,
    EnrollmentState.EXITED: EnrollmentStatus.EXITED,
}


def _record(
    who: audit.Who, person: Person, action: str, groups: list[str], request_id: str, **detail: Any
) -> None:
    audit.record(
        who,
        action=action,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id,
        groups=groups,
        request_id=request_id,
        detail=detail,
    )


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


# ---- enrollment -------------------------------------------------------------------------


def current_enrollment(person: Person) -> Enrollment | None:
    return person.enrollments.filter(status__in=OPEN_STATES).select_related("case_manager").first()


def _sync_person(enrollment: Enrollment) -> None:
    """Person.status and Person.case_manager feed the access layer's own-caseload scope."""
    person = enrollment.person
    person.status = PERSON_STATUS[EnrollmentState(enrollment.status)]
    person.case_manager_id = enrollment.case_manager_id
    person.save(update_fields=["status", "case_manager", "updated_at"])


def _event(enrollment: Enrollment, kind: str, on: dt.date, who: audit.Who, **fields: Any) -> None:
    EnrollmentEvent.objects.create(
        enrollment=enrollment, kind=kind, on=on, by_id=who.actor_id, **fields
    )


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def enrollment_shown(enrollment: Enrollment) -> dict[str, str]:
    """What the casework page already shows of an enrollment: for the 409 page."""
    return {
        "Enrollment": enrollment.get_status_display(),
        "Case manager": _name(enrollment.case_manager),
    }


def _locked(enrollment: Enrollment) -> Enrollment:
    """Person first, then the enrollment: the order do_enroll takes, so no two enrollment
    writers can deadlock (each one also updates the person in _sync_person)."""
    Person.objects.select_for_update().filter(pk=enrollment.person_id).first()
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


def _require_unmoved(seen: Enrollment, current: Enrollment, attempted: dict[str, str]) -> None:
    """`seen` is the enrollment the change was decided on; under the lock it must still be so."""
    if (current.status, current.case_manager_id) != (seen.status, seen.case_manager_id):
        raise StaleWrite(
            "Someone else changed this enrollment while you were looking at it.",
            current=enrollment_shown(current),
            attempted={**enrollment_shown(seen), **attempted},
        )


def do_enroll(
    person: Person,
    *,
    case_manager: Any,
    who: audit.Who,
    started_on: dt.date | None = None,
    request_id: str = "",
) -> Enrollment:
    """Enroll (or re-enroll) a person with a case manager; an open enrollment is reused.

    Row lock on the person, so two enrollments cannot both find none open and both create
    one. Another case manager on an open enrollment is a reassignment (supervisors only).
    """
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        open_one = current_enrollment(person)
        if open_one is not None:
            if open_one.case_manager_id != getattr(case_manager, "pk", None):
                return do_reassign(
                    open_one, case_manager=case_manager, who=who, request_id=request_id
                )
            return open_one
        on = _today(started_on)
        enrollment = Enrollment.objects.create(
            person=person,
            program_id=person.program_id,
            case_manager=case_manager,
            started_on=on,
            status=EnrollmentState.ACTIVE,
        )
        _event(enrollment, EnrollmentEventKind.ENROLLED, on, who, to_manager=case_manager)
        _sync_person(enrollment)
        _record(
            who,
            person,
            AuditAction.CREATE,
            [FieldGroup.ENROLLMENT_STATUS],
            request_id,
            enrollment=enrollment.public_id,
            re_enrollment=person.enrollments.count() > 1,
        )
    return enrollment


def may_reassign(who: audit.Who) -> bool:
    """Staff need the supervise capability; system jobs (no actor) run trusted code paths."""
    return who.actor_id is None or bool(who.role and rule_for(who.role).has(Capability.SUPERVISE))


def do_reassign(
    enrollment: Enrollment,
    *,
    case_manager: Any,
    who: audit.Who,
    on: dt.date | None = None,
    request_id: str = "",
) -> Enrollment:
    """State machine, row lock; every change of case manager comes here."""
    if not may_reassign(who):
        raise PermissionDenied("Only a supervisor changes a participant's case manager.")
    with transaction.atomic():
        current = _locked(enrollment)
        _require_unmoved(enrollment, current, {"Case manager": _name(case_manager)})
        _require_open(current)
        previous = current.case_manager
        current.case_manager = case_manager
        current.save(update_fields=["case_manager"])
        _event(
            current,
            EnrollmentEventKind.REASSIGNED,
            _today(on),
            who,
            from_manager=previous,
            to_manager=case_manager,
        )
        _sync_person(current)
        _record(
            who,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.ENROLLMENT_STATUS],
            request_id,
            enrollment=current.public_id,
            case_manager=[getattr(previous, "pk", None), case_manager.pk],
        )
    return current


def _require_open(enrollment: Enrollment) -> None:
    if enrollment.status == EnrollmentState.EXITED:
        raise ValidationError(
            {"status": "This enrollment has ended; enroll the person again instead."}
        )


# The three status changes below are a state machine under a row lock: the enrollment is
# locked, re-read and compared with the one the change was decided on before the write.


def do_mark_inactive(
    enrollment: Enrollment,
    *,
    reason: InactiveReason,
    who: audit.Who,
    on: dt.date | None = None,
    request_id: str = "",
) -> Enrollment:
    if reason.program_id != enrollment.program_id:
        raise ValidationError({"reason": "Choose one of this program's reasons."})
    with transaction.atomic():
        current = _locked(enrollment)
        _require_unmoved(enrollment, current, {"Enrollment": EnrollmentState.INACTIVE.label})
        _require_open(current)
        old = current.status
        current.status, current.inactive_reason, current.inactive_since = (
            EnrollmentState.INACTIVE,
            reason,
            _today(on),
        )
        current.save(update_fields=["status", "inactive_reason", "inactive_since"])
        _event(current, EnrollmentEventKind.INACTIVE, _today(on), who, detail=reason.label)
        _sync_person(current)
        _record(
            who,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.ENROLLMENT_STATUS],
            request_id,
            enrollment=current.public_id,
            status=[old, current.status],
            reason=reason.code,
        )
    return current


def do_reactivate(
    enrollment: Enrollment, *, who: audit.Who, on: dt.date | None = None, request_id: str = ""
) -> Enrollment:
    with transaction.atomic():
        current = _locked(enrollment)
        _require_unmoved(enrollment, current, {"Enrollment": EnrollmentState.ACTIVE.label})
        _require_open(current)
        old = current.status
        current.status, current.inactive_reason, current.inactive_since = (
            EnrollmentState.ACTIVE,
            None,
            None,
        )
        current.save(update_fields=["status", "inactive_reason", "inactive_since"])
        _event(current, EnrollmentEventKind.REACTIVATED, _today(on), who)
        _sync_person(current)
        _record(
            who,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.ENROLLMENT_STATUS],
            request_id,
            enrollment=current.public_id,
            status=[old, current.status],
        )
    return current


def do_exit(
    enrollment: Enrollment,
    *,
    destination: int,
    who: audit.Who,
    on: dt.date | None = None,
    request_id: str = "",
) -> Enrollment:
    """An exit records where the person went (HMIS 3.12), never a judgement."""
    from openlead.casework.codes import Destination

    if destination not in Destination.values:
        raise ValidationError({"destination": "Choose a destination from the HMIS 3.12 list."})
    with transaction.atomic():
        current = _locked(enrollment)
        _require_unmoved(enrollment, current, {"Enrollment": EnrollmentState.EXITED.label})
        _require_open(current)
        old = current.status
        current.status, current.exit_destination, current.exited_on = (
            EnrollmentState.EXITED,
            destination,
            _today(on),
        )
        current.save(update_fields=["status", "exit_destination", "exited_on"])
        _event(
            current,
            EnrollmentEventKind.EXITED,
            _today(on),
            who,
            detail=Destination(destination).label,
        )
        _sync_person(current)
        _record(
            who,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.ENROLLMENT_STATUS],
            request_id,
            enrollment=current.public_id,
            status=[old, current.status],
            destination=destination,
        )
    return current


# ---- contacts ---------------------------------------------------------------------------


def check_record_contact(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    occurred_at: dt.datetime | None = None,
    kind: str = ContactKind.STREET,
    duration_minutes: int = 10,
    location: str = LocationCategory.STREET,
    services: list[str] | None = None,
    note: str = "",
    request_id: str = "",
) -> Contact:
    errors: dict[str, str] = {}
    if kind not in ContactKind.values:
        errors["kind"] = "Choose a kind of contact."
    if location not in LocationCategory.values:
        errors["location"] = "Choose a kind of place."
    if not 0 < duration_minutes <= 24 * 60:
        errors["duration_minutes"] = "Give the minutes spent (1 to 1440)."
    if set(services or []) - {code for code, _ in SERVICES}:
        errors["services"] = "Choose services from the list."
    if len(note) > NOTE_MAX_CHARS:
        errors["note"] = f"Keep a note under {NOTE_MAX_CHARS} characters."
    if occurred_at and occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors["occurred_at"] = "A contact cannot be in the future."
    if errors:
        raise ValidationError(errors)
    return do_record_contact(
        person,
        who=who,
        author=author,
        occurred_at=occurred_at or timezone.now(),
        kind=kind,
        duration_minutes=duration_minutes,
        location=location,
        services=services or [],
        note=note.strip(),
        request_id=request_id,
    )


def do_record_contact(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    occurred_at: dt.datetime,
    kind: str,
    duration_minutes: int,
    location: str,
    services: list[str],
    note: str,
    request_id: str = "",
) -> Contact:
    contact = Contact(
        person=person,
        occurred_at=occurred_at,
        kind=kind,
        duration_minutes=duration_minutes,
        location=location,
        services=sorted(set(services)),
        author=author,
    )
    if note:
        contact.note = vault.seal_text(
            vault.data_key(person.public_id), note, "casework.contact", contact.public_id, "note"
        )
    with transaction.atomic():
        contact.save(force_insert=True)
        _record(
            who,
            person,
            AuditAction.CREATE,
            [FieldGroup.CASEWORK_NOTES],
            request_id,
            contact=contact.public_id,
        )
    return contact


def open_contact_note(contact: Contact, dek: bytes) -> str:
    return vault.open_text(dek, contact.note, "casework.contact", contact.public_id, "note")


# ---- assessments ------------------------------------------------------------------------


def check_record_assessment(
    person: Person,
    template: AssessmentTemplate,
    *,
    who: audit.Who,
    author: Any,
    kind: str,
    assessed_on: dt.date,
    statuses: dict[str, str],
    notes: dict[str, str],
    facts: dict[str, Any],
    request_id: str = "",
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
        who=who,
        author=author,
        kind=kind,
        assessed_on=assessed_on,
        statuses=statuses,
        notes=notes,
        facts=facts,
        request_id=request_id,
    )


def do_record_assessment(
    person: Person,
    template: AssessmentTemplate,
    *,
    who: audit.Who,
    author: Any,
    kind: str,
    assessed_on: dt.date,
    statuses: dict[str, str],
    notes: dict[str, str],
    facts: dict[str, Any],
    request_id: str = "",
) -> Assessment:
    """Health and substance-use domains are sealed apart (HEALTH group, 42 CFR Part 2)."""
    dek = vault.data_key(person.public_id)
    general = {
        d: {"status": s, "note": notes.get(d, "")}
        for d, s in statuses.items()
        if d not in HEALTH_DOMAINS
    }
    health = {
        d: {"status": s, "note": notes.get(d, "")}
        for d, s in statuses.items()
        if d in HEALTH_DOMAINS
    }
    assessment = Assessment(
        person=person, template=template, kind=kind, assessed_on=assessed_on, author=author
    )
    assessment.answers = vault.seal_json(
        {"domains": general, "facts": facts},
        dek,
        ("casework.assessment", assessment.public_id, "answers"),
    )
    assessment.health_answers = vault.seal_json(
        {"domains": health}, dek, ("casework.assessment", assessment.public_id, "health_answers")
    )
    with transaction.atomic():
        assessment.save(force_insert=True)
        _record(
            who,
            person,
            AuditAction.CREATE,
            [FieldGroup.CASEWORK_NOTES, FieldGroup.HEALTH],
            request_id,
            assessment=assessment.public_id,
            template=f"{template.name} v{template.version}",
        )
    return assessment


def open_assessment(assessment: Assessment, dek: bytes, *, health: bool) -> dict[str, Any]:
    """Decrypted answers; the health domains only when the reader may see HEALTH."""
    ref = assessment.public_id
    answers: Any = (
        vault.open_json(assessment.answers, dek, ("casework.assessment", ref, "answers")) or {}
    )
    domains = dict(answers.get("domains", {}))
    if health:
        sealed: Any = vault.open_json(
            assessment.health_answers, dek, ("casework.assessment", ref, "health_answers")
        )
        domains.update((sealed or {}).get("domains", {}))
    ordered = {d.value: domains[d.value] for d in Domain if d.value in domains}
    return {"domains": ordered, "facts": answers.get("facts", {})}


# ---- plan goals -------------------------------------------------------------------------


def check_add_goal(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    domain: str,
    words: str,
    steps: str = "",
    on: dt.date | None = None,
    request_id: str = "",
) -> Goal:
    errors: dict[str, str] = {}
    if domain not in Domain.values:
        errors["domain"] = "Choose a domain."
    if not words.strip():
        errors["words"] = "Write the goal as the participant says it."
    elif len(words) > 1000 or len(steps) > NOTE_MAX_CHARS:
        errors["words"] = "Keep the goal shorter."
    if errors:
        raise ValidationError(errors)
    return do_add_goal(
        person,
        who=who,
        author=author,
        domain=domain,
        words=words.strip(),
        steps=steps.strip(),
        on=_today(on),
        request_id=request_id,
    )


def do_add_goal(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    domain: str,
    words: str,
    steps: str,
    on: dt.date,
    request_id: str = "",
) -> Goal:
    dek = vault.data_key(person.public_id)
    goal = Goal(person=person, domain=domain, opened_on=on, author=author)
    goal.words = vault.seal_text(dek, words, "casework.goal", goal.public_id, "words")
    goal.steps = vault.seal_text(dek, steps, "casework.goal", goal.public_id, "steps")
    with transaction.atomic():
        goal.save(force_insert=True)
        GoalEvent.objects.create(goal=goal, status=GoalStatus.OPEN, on=on, by_id=who.actor_id)
        _record(
            who,
            person,
            AuditAction.CREATE,
            [FieldGroup.CASEWORK_NOTES],
            request_id,
            goal=goal.public_id,
        )
    return goal


def do_set_goal_status(
    goal: Goal, *, status: str, who: audit.Who, on: dt.date | None = None, request_id: str = ""
) -> Goal:
    """State machine, row lock: the goal is locked and compared with the one decided on."""
    if status not in GoalStatus.values:
        raise ValidationError({"status": "Choose open, achieved or set aside."})
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk)
        if current.status != goal.status:
            raise StaleWrite(
                "Someone else changed this goal while you were looking at it.",
                current={"Goal status": current.get_status_display()},
                attempted={"Goal status": GoalStatus(status).label},
            )
        old = current.status
        current.status = status
        current.closed_on = None if status == GoalStatus.OPEN else _today(on)
        current.save(update_fields=["status", "closed_on"])
        GoalEvent.objects.create(goal=current, status=status, on=_today(on), by_id=who.actor_id)
        _record(
            who,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.CASEWORK_NOTES],
            request_id,
            goal=current.public_id,
            status=[old, status],
        )
    return current


def open_goal(goal: Goal, dek: bytes) -> tuple[str, str]:
    words = vault.open_text(dek, goal.words, "casework.goal", goal.public_id, "words")
    return words, vault.open_text(dek, goal.steps, "casework.goal", goal.public_id, "steps")


# ---- monthly status snapshots -----------------------------------------------------------


def do_record_snapshot(
    person: Person, *, month: dt.date, values: dict[str, Any], who: audit.Who, request_id: str = ""
) -> StatusSnapshot:
    """One snapshot per person and month; recording again corrects that month's values."""
    month = month.replace(day=1)
    fields = {
        k: values[k]
        for k in (
            "living_situation",
            "employment_stage",
            "income_any",
            "income_sources",
            "insurance_any",
            "insurance_sources",
        )
    }
    with transaction.atomic():
        snapshot, created = StatusSnapshot.objects.update_or_create(
            person=person,
            month=month,
            defaults={**fields, "recorded_by_id": who.actor_id, "recorded_at": timezone.now()},
        )
        _record(
            who,
            person,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            [FieldGroup.CASEWORK_NOTES],
            request_id,
            snapshot=month.isoformat(),
        )
    return snapshot


# ---- appointments -----------------------------------------------------------------------


def check_add_appointment(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    starts_at: dt.datetime,
    kind: str,
    provider: Any = None,
    note: str = "",
    request_id: str = "",
) -> Appointment:
    errors: dict[str, str] = {}
    if kind not in AppointmentKind.values:
        errors["kind"] = "Choose a kind of appointment."
    if starts_at < timezone.now() - dt.timedelta(days=1):
        errors["starts_at"] = "An upcoming appointment cannot be in the past."
    if provider is not None and provider.program_id != person.program_id:
        errors["provider"] = "Choose a provider from this program's directory."
    if len(note) > NOTE_MAX_CHARS:
        errors["note"] = f"Keep a note under {NOTE_MAX_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    return do_add_appointment(
        person,
        who=who,
        author=author,
        starts_at=starts_at,
        kind=kind,
        provider=provider,
        note=note.strip(),
        request_id=request_id,
    )


def do_add_appointment(
    person: Person,
    *,
    who: audit.Who,
    author: Any,
    starts_at: dt.datetime,
    kind: str,
    provider: Any,
    note: str,
    request_id: str = "",
) -> Appointment:
    appointment = Appointment(
        person=person, starts_at=starts_at, kind=kind, provider=provider, author=author
    )
    if note:
        appointment.note = vault.seal_text(
            vault.data_key(person.public_id),
            note,
            "casework.appointment",
            appointment.public_id,
            "note",
        )
    with transaction.atomic():
        appointment.save(force_insert=True)
        _record(
            who,
            person,
            AuditAction.CREATE,
            [FieldGroup.CASEWORK_NOTES],
            request_id,
            appointment=appointment.public_id,
        )
    return appointment


def open_appointment_note(appointment: Appointment, dek: bytes) -> str:
    return vault.open_text(
        dek, appointment.note, "casework.appointment", appointment.public_id, "note"
    )
