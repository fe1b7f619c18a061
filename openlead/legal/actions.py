"""The prosecutor's decision on a lapsed arrest referral: file, decline or extend.

A decision is never blocked by the timer: when the window has passed but the lapse job
(`openlead referrals lapse`) has not marked the referral yet, the decision returns it
first, in the same transaction, with the lapse job as the actor of that event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.referrals.actions import TransitionRefused
from openlead.referrals.actions.common import locked, moment, record_move, require_move
from openlead.referrals.actions.lapse import lapse_if_due
from openlead.referrals.clock import end_of_local_day, local_date
from openlead.referrals.models import ProsecutorDecision, Referral, Status

TARGET = {
    ProsecutorDecision.FILE: Status.CHARGES_FILED,
    ProsecutorDecision.DECLINE: Status.NOT_FILED,
    ProsecutorDecision.EXTEND: Status.AWAITING_INTAKE,
}


@dataclass(frozen=True)
class Decision:
    """The decision as posted: file, decline, or extend the window to `new_deadline` (the
    new last day for intake, given only with extend). check_ validates it, do_ records it."""

    choice: str
    new_deadline: dt.date | None = None


def check_record_prosecutor_decision(
    referral: Referral, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    at = moment(now)
    if decided.choice not in ProsecutorDecision.values:
        raise ValidationError({"decision": "Choose file, decline or extend."})
    if decided.choice == ProsecutorDecision.EXTEND:
        if decided.new_deadline is None:
            raise ValidationError({"new_deadline": "Give the new last day for intake."})
        if decided.new_deadline <= local_date(referral.program, at):
            raise ValidationError({"new_deadline": "The new last day must be after today."})
    return do_record_prosecutor_decision(referral, decided, acting=acting, now=at)


def do_record_prosecutor_decision(
    referral: Referral, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    at = moment(now)
    decision, new_deadline = decided.choice, decided.new_deadline
    target = TARGET[ProsecutorDecision(decision)]
    with transaction.atomic():
        current = locked(referral)
        lapse_if_due(current, at)
        if current.status != Status.RETURNED:
            label = Status(current.status).label
            raise TransitionRefused(
                f"This referral is “{label}”; the prosecutor decides only on a lapsed window."
            )
        require_move(current, target, "decided on")
        current.status, current.prosecutor_decision, current.prosecutor_decided_at = (
            target,
            decision,
            at,
        )
        fields = ["status", "prosecutor_decision", "prosecutor_decided_at", "updated_at"]
        if target == Status.AWAITING_INTAKE and new_deadline is not None:
            current.intake_deadline = end_of_local_day(current.program, new_deadline)
            fields.append("intake_deadline")
        else:
            current.closed_at = at
            fields.append("closed_at")
        current.save(update_fields=fields)
        record_move(
            acting,
            current,
            f"prosecutor decision: {decision}",
            deadline=current.intake_deadline.isoformat() if current.intake_deadline else "",
        )
    return current
