"""What every referral move shares: the row lock, the status machine's refusal, the event.

openlead.legal's prosecutor decision moves referrals with these too, so a move there is
locked, checked and audited exactly as the moves here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.referrals.models import TRANSITIONS, Referral, Status

SYSTEM_NAME = "openlead-referrals"  # the audit's name for the lapse job


class TransitionRefused(Exception):
    """A status change the machine does not allow; the message says why in plain words."""


def system_actor(program_id: int | None) -> Actor:
    """The lapse job, acting in one program."""
    return Actor.system(SYSTEM_NAME, program_id)


def locked(referral: Referral) -> Referral:
    """The referral's row, locked for this transaction (two writers cannot both move it)."""
    return (
        Referral.objects.select_for_update().select_related("person", "program").get(pk=referral.pk)
    )


def require_move(referral: Referral, to: Status, doing: str) -> None:
    if to not in TRANSITIONS[referral.status]:
        label = Status(referral.status).label
        raise TransitionRefused(f"This referral is “{label}”, so it cannot be {doing}.")


def moment(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def record_move(acting: Actor, referral: Referral, verb: str, **detail: Any) -> None:
    """The audit event of one move: the referral, its new status and what the move adds."""
    acting.audit(
        action=AuditAction.UPDATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=referral.person.public_id,
        groups=[FieldGroup.ENROLLMENT_STATUS],
        purpose=f"referral {verb}",
        detail={"referral": referral.public_id, "status": referral.status, **detail},
    )
