"""The prosecutor's decision on an arrest referral: on a lapsed window (file, decline,
hold in abeyance, extend) or, where the protocol has the prosecutor review every arrest,
before intake (file, decline, hold in abeyance).

A decision is never blocked by the timer: when the window has passed but the lapse job
(`openlead referrals lapse`) has not marked the referral yet, the decision returns it
first, in the same transaction, with the lapse job as the actor of that event.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_not_found
from openlead.legal.actions._common import (
    Decision,
    check_decision,
    require_prosecutor,
    write_decision,
)
from openlead.legal.models import DecisionKind
from openlead.referrals.access import referral_scope
from openlead.referrals.actions import TransitionRefused
from openlead.referrals.actions.common import locked, moment, record_move, require_move
from openlead.referrals.actions.lapse import lapse_if_due
from openlead.referrals.clock import deadline_for, end_of_local_day, is_lapsed, local_date
from openlead.referrals.models import Referral, Status

LAPSED_KINDS = (
    DecisionKind.FILE.value,
    DecisionKind.DECLINE.value,
    DecisionKind.ABEYANCE.value,
    DecisionKind.EXTEND.value,
)
REVIEW_KINDS = LAPSED_KINDS[:3]  # before intake there is no window to extend
CLOSING = {DecisionKind.FILE: Status.CHARGES_FILED, DecisionKind.DECLINE: Status.NOT_FILED}


def under_review(referral: Referral) -> bool:
    """Sent to the prosecutor at screening (Santa Fe) and not decided yet."""
    return (
        referral.prosecutor_review_at is not None
        and not referral.prosecutor_decision
        and referral.status in (Status.SCREENED, Status.AWAITING_INTAKE)
    )


def referral_kinds(referral: Referral, now: dt.datetime) -> tuple[str, ...]:
    """The decisions open on this referral now (none: it is decided, or not the
    prosecutor's to decide)."""
    if referral.status == Status.RETURNED or is_lapsed(referral, now):
        return LAPSED_KINDS
    return REVIEW_KINDS if under_review(referral) else ()


def refusal(referral: Referral) -> str:
    """Why no decision is open, in words a person can act on."""
    if referral.prosecutor_decision and referral.prosecutor_decided_at is not None:
        label = DecisionKind(referral.prosecutor_decision).label
        day = local_date(referral.program, referral.prosecutor_decided_at)
        return f"This referral was already decided ({label}, {day:%-d %B %Y}); nothing was changed."
    label = Status(referral.status).label
    return (
        f"This referral is “{label}”; the prosecutor decides only on a lapsed window "
        "or an arrest sent for review."
    )


def check_record_prosecutor_decision(
    referral: Referral, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """Refusals first (role 403, scope 404, nothing to decide), then the input."""
    at = moment(now)
    require_prosecutor(acting, person_ref=referral.person.public_id)
    if not referral_scope(acting).filter(pk=referral.pk).exists():
        raise refuse_not_found(
            acting, referral.public_id, "prosecutor decision", "No such referral."
        )
    referral.refresh_from_db()  # decide on what is stored now, not on a page's copy
    kinds = referral_kinds(referral, at)
    if not kinds:
        raise TransitionRefused(refusal(referral))
    check_decision(decided, kinds, program=referral.program, now=at)
    return do_record_prosecutor_decision(referral, decided, acting=acting, now=at)


def do_record_prosecutor_decision(
    referral: Referral, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    at = moment(now)
    with transaction.atomic():
        current = locked(referral)
        lapse_if_due(current, at)
        if decided.choice not in referral_kinds(current, at):
            raise TransitionRefused(refusal(current))
        fields = _apply(current, decided, at)
        current.save(update_fields=fields)
        record_move(
            acting,
            current,
            f"prosecutor decision: {decided.choice}",
            deadline=current.intake_deadline.isoformat() if current.intake_deadline else "",
        )
        write_decision(acting, decided, person=current.person, at=at, referral=current)
    return current


def _apply(current: Referral, decided: Decision, at: dt.datetime) -> list[str]:
    """Move the locked referral as the decision says; the fields to save."""
    choice = DecisionKind(decided.choice)
    fields = ["prosecutor_decision", "prosecutor_decided_at", "updated_at"]
    current.prosecutor_decision, current.prosecutor_decided_at = choice.value, at
    if choice in CLOSING:
        require_move(current, CLOSING[choice], "decided on")
        current.status, current.closed_at = CLOSING[choice], at
        return [*fields, "status", "closed_at"]
    if current.status != Status.RETURNED:
        return fields  # abeyance under review: the referral goes on to intake as it was
    require_move(current, Status.AWAITING_INTAKE, "decided on")
    current.status = Status.AWAITING_INTAKE
    if choice == DecisionKind.EXTEND and decided.new_deadline is not None:
        current.intake_deadline = end_of_local_day(current.program, decided.new_deadline)
    else:
        # Abeyance of a lapsed arrest: the person gets a fresh window to come into LEAD.
        current.intake_deadline = deadline_for(current.program, at)
    return [*fields, "status", "intake_deadline"]
