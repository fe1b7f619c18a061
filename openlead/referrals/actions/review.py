"""Review: a screened referral (one that needs review, say) sent on to intake."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from openlead.access.acting import Actor
from openlead.referrals.actions.common import TransitionRefused, locked, record_move
from openlead.referrals.clock import deadline_for
from openlead.referrals.models import Outcome, Referral, Status


def do_accept_for_intake(
    referral: Referral, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """A reviewer sends a screened referral to intake; the window counts from the referral."""
    with transaction.atomic():
        current = locked(referral)
        if current.status != Status.SCREENED:
            label = Status(current.status).label
            raise TransitionRefused(f"This referral is “{label}”, so it cannot be sent to intake.")
        if current.outcome == Outcome.INELIGIBLE:
            raise TransitionRefused(
                "This referral was screened not eligible, so it cannot go to intake."
            )
        current.status = Status.AWAITING_INTAKE
        current.intake_deadline = deadline_for(current.program, current.referred_at)
        current.save(update_fields=["status", "intake_deadline", "updated_at"])
        record_move(acting, current, "sent to intake", deadline=current.intake_deadline.isoformat())
    return current
