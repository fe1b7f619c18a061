"""The intake hand-off and intake itself: the outreach worker the referral goes to, and the
case manager the person is enrolled with when intake is complete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.policy import Capability
from openlead.access.roles import Role
from openlead.people.models import EnrollmentStatus, Person
from openlead.referrals.actions.common import (
    TransitionRefused,
    locked,
    moment,
    record_move,
    require_move,
)
from openlead.referrals.actions.lapse import lapse_if_due
from openlead.referrals.models import Outcome, Referral, Status
from openlead.referrals.queries import ON_CASELOAD, caseload_counts, staff_of, staff_pk
from openlead.referrals.signals import intake_completed


def check_record_handoff(
    referral: Referral, worker_id: Any, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    worker = (
        staff_of(referral.program, (Role.OUTREACH_WORKER, Role.CASE_MANAGER))
        .filter(pk=staff_pk(worker_id))
        .first()
    )
    if worker is None:
        raise ValidationError(
            {"worker": "Choose an outreach worker or case manager of this program."}
        )
    return do_record_handoff(referral, worker, acting=acting, now=now)


def do_record_handoff(
    referral: Referral, worker: Any, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """Log the hand-off to an outreach worker with its time (ideally within 30 minutes)."""
    with transaction.atomic():
        current = locked(referral)
        lapse_if_due(current, moment(now))
        if current.status not in (Status.SCREENED, Status.AWAITING_INTAKE):
            label = Status(current.status).label
            raise TransitionRefused(
                f"This referral is “{label}”, so a hand-off cannot be recorded."
            )
        if current.outcome == Outcome.INELIGIBLE:
            raise TransitionRefused(
                "This referral was screened not eligible, so there is no hand-off."
            )
        current.handed_off_at, current.handed_off_to = moment(now), worker
        current.save(update_fields=["handed_off_at", "handed_off_to", "updated_at"])
        minutes = int((current.handed_off_at - current.referred_at).total_seconds() // 60)
        record_move(
            acting, current, "handed off", worker=worker.username, minutes_after_referral=minutes
        )
    return current


def on_intake_complete(person: Person, case_manager: Any, *, acting: Actor) -> None:
    """Intake done: the person becomes an active participant with this case manager.

    The casework app enrolls them when it is installed (it answers `intake_completed`);
    otherwise the status and case manager are set here, so referrals work on their own.
    """
    answers = intake_completed.send(
        sender=Person, person=person, case_manager=case_manager, acting=acting
    )
    if any(enrolled for _, enrolled in answers):
        return
    person.status, person.case_manager = EnrollmentStatus.ACTIVE, case_manager
    person.save(update_fields=["status", "case_manager", "updated_at"])


def check_complete_intake(
    referral: Referral,
    case_manager_id: Any,
    *,
    acting: Actor,
    now: dt.datetime | None = None,
    over_maximum: bool = False,
) -> Referral:
    """Intake with the chosen case manager. One whose caseload is at or over the program's
    maximum needs `over_maximum` (the worker ticked "Assign anyway"): a refusal could leave
    a person with nobody before the intake deadline, so the choice stays human, but never
    silent (the audit event records it)."""
    manager = (
        staff_of(referral.program, (Role.CASE_MANAGER,))
        .filter(pk=staff_pk(case_manager_id))
        .first()
    )
    if manager is None:
        raise ValidationError({"case_manager": "Choose a case manager of this program."})
    load = caseload_counts(referral.program, [manager]).get(manager.pk, 0)
    maximum = referral.program.caseload_max
    if load >= maximum and not over_maximum and not _already_with(referral, manager):
        name = manager.get_full_name() or manager.username
        raise ValidationError(
            {
                "over_maximum": f"{name} already has {load} people, at or over the program’s "
                f"maximum of {maximum}. Choose someone else, or tick “Assign anyway”."
            }
        )
    if _moves_case_manager(referral.person, manager) and not _may_supervise(acting):
        # Completing intake for someone already enrolled with another worker would be a
        # reassignment, which needs a supervisor (casework.actions.do_reassign refuses too).
        raise ValidationError(
            {
                "case_manager": "This person is already enrolled with another case manager; "
                "choose that case manager, or ask a supervisor to change it."
            }
        )
    full = load >= maximum and not _already_with(referral, manager)
    return do_complete_intake(referral, manager, acting=acting, now=now, over_maximum=full)


def _already_with(referral: Referral, manager: Any) -> bool:
    """True when the person is already on this manager's caseload (no new load)."""
    person = referral.person
    return person.case_manager_id == manager.pk and person.status in ON_CASELOAD


def _moves_case_manager(person: Person, manager: Any) -> bool:
    enrolled = person.status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE)
    return enrolled and person.case_manager_id not in (None, manager.pk)


def _may_supervise(acting: Actor) -> bool:
    """As casework.actions.may_reassign: system jobs (no account) run trusted code paths."""
    return acting.is_system or acting.can(Capability.SUPERVISE)


def do_complete_intake(
    referral: Referral,
    case_manager: Any,
    *,
    acting: Actor,
    now: dt.datetime | None = None,
    over_maximum: bool = False,
) -> Referral:
    with transaction.atomic():
        current = locked(referral)
        lapse_if_due(current, moment(now))
        require_move(current, Status.INTAKE_COMPLETE, "marked intake complete")
        current.status, current.intake_completed_at = Status.INTAKE_COMPLETE, moment(now)
        current.closed_at = current.intake_completed_at
        current.save(update_fields=["status", "intake_completed_at", "closed_at", "updated_at"])
        on_intake_complete(current.person, case_manager, acting=acting)
        record_move(
            acting,
            current,
            "intake complete",
            case_manager=case_manager.username,
            over_maximum=over_maximum,
        )
    return current
