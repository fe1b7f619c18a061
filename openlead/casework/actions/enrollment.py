"""Enrollment: enroll, reassign, mark inactive, reactivate, exit.

The referrals app calls `do_enroll` when an intake is completed. The status changes are
a state machine under a row lock: the enrollment is locked, re-read and compared with
the one the change was decided on before the write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Role
from openlead.casework.actions._common import record, refuse, require_seen, today
from openlead.casework.codes import DESTINATION_LABELS, ENROLLMENT_LABELS
from openlead.casework.models import (
    Enrollment,
    EnrollmentEvent,
    EnrollmentEventKind,
    EnrollmentState,
    InactiveReason,
)
from openlead.casework.queries.records import (
    current_enrollment,
    enrollment_shown,
    move_refusal,
    user_name,
)
from openlead.people.models import EnrollmentStatus, Person

PERSON_STATUS = {
    EnrollmentState.ACTIVE: EnrollmentStatus.ACTIVE,
    EnrollmentState.INACTIVE: EnrollmentStatus.INACTIVE,
    EnrollmentState.EXITED: EnrollmentStatus.EXITED,
}
GROUPS = [FieldGroup.ENROLLMENT_STATUS]


def _sync_and_record(enrollment: Enrollment, acting: Actor, action: str, **detail: Any) -> None:
    """After every enrollment write: the person follows it (Person.status and
    Person.case_manager feed the access layer's own-caseload scope), and one audit event."""
    person = enrollment.person
    person.status = PERSON_STATUS[EnrollmentState(enrollment.status)]
    person.case_manager_id = enrollment.case_manager_id
    person.save(update_fields=["status", "case_manager", "updated_at"])
    record(acting, person, action, GROUPS, enrollment=enrollment.public_id, **detail)


def _event(enrollment: Enrollment, kind: str, on: dt.date, acting: Actor, **fields: Any) -> None:
    EnrollmentEvent.objects.create(
        enrollment=enrollment, kind=kind, on=on, by_id=acting.who.actor_id, **fields
    )


def _locked(enrollment: Enrollment) -> Enrollment:
    """Person first, then the enrollment: the order do_enroll takes, so no two enrollment
    writers can deadlock (each one also updates the person in _sync_and_record)."""
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


def _require_open(enrollment: Enrollment) -> None:
    if enrollment.status == EnrollmentState.EXITED:
        raise ValidationError(
            {"status": "This enrollment has ended; enroll the person again instead."}
        )


def _open_locked(enrollment: Enrollment, attempted: dict[str, str]) -> Enrollment:
    current = _locked(enrollment)
    _require_unmoved(enrollment, current, attempted)
    _require_open(current)
    return current


def do_enroll(
    person: Person, *, case_manager: Any, acting: Actor, started_on: dt.date | None = None
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
                return do_reassign(open_one, case_manager=case_manager, acting=acting)
            return open_one
        on = today(started_on, person.program)
        enrollment = Enrollment.objects.create(
            person=person,
            program_id=person.program_id,
            case_manager=case_manager,
            started_on=on,
            status=EnrollmentState.ACTIVE,
        )
        _event(enrollment, EnrollmentEventKind.ENROLLED, on, acting, to_manager=case_manager)
        _sync_and_record(
            enrollment, acting, AuditAction.CREATE, re_enrollment=person.enrollments.count() > 1
        )
    return enrollment


def may_reassign(acting: Actor) -> bool:
    """Staff need the supervise capability; system jobs (no account) run trusted code paths."""
    return acting.is_system or acting.can(Capability.SUPERVISE)


def do_reassign(
    enrollment: Enrollment, *, case_manager: Any, acting: Actor, on: dt.date | None = None
) -> Enrollment:
    """State machine, row lock; every change of case manager comes here."""
    if not may_reassign(acting):
        raise PermissionDenied("Only a supervisor changes a participant's case manager.")
    with transaction.atomic():
        current = _open_locked(enrollment, {"Case manager": user_name(case_manager)})
        previous = current.case_manager
        current.case_manager = case_manager
        current.save(update_fields=["case_manager"])
        _event(
            current,
            EnrollmentEventKind.REASSIGNED,
            today(on, current.program),
            acting,
            from_manager=previous,
            to_manager=case_manager,
        )
        _sync_and_record(
            current,
            acting,
            AuditAction.UPDATE,
            case_manager=[getattr(previous, "pk", None), case_manager.pk],
        )
    return current


def _change_state(
    enrollment: Enrollment,
    state: EnrollmentState,
    kind: EnrollmentEventKind,
    *,
    acting: Actor,
    on: dt.date | None,
    fields: dict[str, Any],
    label: str = "",
    **detail: Any,
) -> Enrollment:
    """The three status changes: lock, re-check, set the state and its fields, one event
    (`label` is a reason or destination label, never free text), the person, the audit."""
    with transaction.atomic():
        current = _open_locked(enrollment, {"Enrollment": state.label})
        old = current.status
        current.status = state
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=["status", *fields])
        _event(current, kind, today(on, current.program), acting, detail=label)
        _sync_and_record(
            current, acting, AuditAction.UPDATE, status=[old, current.status], **detail
        )
    return current


def do_mark_inactive(
    enrollment: Enrollment, *, reason: InactiveReason, acting: Actor, on: dt.date | None = None
) -> Enrollment:
    if reason.program_id != enrollment.program_id:
        raise ValidationError({"reason": "Choose one of this program's reasons."})
    return _change_state(
        enrollment,
        EnrollmentState.INACTIVE,
        EnrollmentEventKind.INACTIVE,
        acting=acting,
        on=on,
        fields={"inactive_reason": reason, "inactive_since": today(on, enrollment.program)},
        label=reason.label,
        reason=reason.code,
    )


def do_reactivate(
    enrollment: Enrollment, *, acting: Actor, on: dt.date | None = None
) -> Enrollment:
    return _change_state(
        enrollment,
        EnrollmentState.ACTIVE,
        EnrollmentEventKind.REACTIVATED,
        acting=acting,
        on=on,
        fields={"inactive_reason": None, "inactive_since": None},
    )


def do_exit(
    enrollment: Enrollment, *, destination: int, acting: Actor, on: dt.date | None = None
) -> Enrollment:
    """An exit records where the person went (HMIS 3.12), never a judgement."""
    if destination not in DESTINATION_LABELS:
        raise ValidationError({"destination": "Choose a destination from the HMIS 3.12 list."})
    return _change_state(
        enrollment,
        EnrollmentState.EXITED,
        EnrollmentEventKind.EXITED,
        acting=acting,
        on=on,
        fields={"exit_destination": destination, "exited_on": today(on, enrollment.program)},
        label=DESTINATION_LABELS[destination],
        destination=destination,
    )


def check_change_enrollment(
    person: Person,
    *,
    acting: Actor,
    change: str,
    case_manager: Any = None,
    reason: InactiveReason | None = None,
    destination: int | None = None,
    seen: str = "",
) -> Enrollment:
    """The enrollment form's one change, decided on the state the page showed (`seen`).

    A change of case manager is a supervisor's, whichever change asks for it (refused and
    audited first); then a change that makes no sense from the status is a field error."""
    enrollment = current_enrollment(person)
    moves_manager = bool(
        enrollment is not None and case_manager and case_manager != enrollment.case_manager
    )
    if change == "reassign" or (change == "enroll" and moves_manager):
        if not acting.can(Capability.SUPERVISE):
            raise refuse(acting, purpose="change case manager", person_ref=person.public_id)
    if enrollment is not None:
        attempted = {"Change": ENROLLMENT_LABELS.get(change, change)}
        require_seen(seen, enrollment.status, enrollment_shown(enrollment), attempted)
    refusal = move_refusal(enrollment, change)
    if refusal:
        raise ValidationError({"action": refusal})
    if enrollment is None:
        if case_manager is None and acting.role != Role.CASE_MANAGER:
            # A supervisor enrolling someone names the case manager; never themselves by default.
            raise ValidationError({"case_manager": "Choose the case manager."})
        return do_enroll(person, case_manager=case_manager or acting.user, acting=acting)
    if change == "inactive":
        if reason is None:
            raise ValidationError({"reason": "Choose one of this program's reasons."})
        return do_mark_inactive(enrollment, reason=reason, acting=acting)
    if change == "reactivate":
        return do_reactivate(enrollment, acting=acting)
    if change == "exit":
        return do_exit(enrollment, destination=destination or 0, acting=acting)
    return _check_reassign(enrollment, case_manager, acting=acting)


def _check_reassign(enrollment: Enrollment, case_manager: Any, *, acting: Actor) -> Enrollment:
    if case_manager is None:
        raise ValidationError({"case_manager": "Choose the new case manager."})
    if case_manager == enrollment.case_manager:
        raise ValidationError(
            {"case_manager": "This is already their case manager: choose another one."}
        )
    if not case_manager.memberships.filter(
        program_id=enrollment.program_id, role="case_manager", active=True
    ).exists():
        raise ValidationError({"case_manager": "Choose a case manager of this program."})
    return do_reassign(enrollment, case_manager=case_manager, acting=acting)
