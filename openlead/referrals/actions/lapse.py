"""The lapse: an arrest referral whose intake window closed goes back to the prosecutor.

`openlead referrals lapse` runs `lapse_due` from cron or a systemd timer (docs/operations.md);
pages never lapse anything, they show a passed deadline as returned (queries.shown_status),
and a move that comes before the job (a decision in openlead.legal, intake, a hand-off,
a close) lapses the referral first (`lapse_if_due`), so it acts on what the page showed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from openlead.access.acting import Actor
from openlead.referrals.actions.common import (
    TransitionRefused,
    locked,
    moment,
    record_move,
    require_move,
    system_actor,
)
from openlead.referrals.clock import is_lapsed, lapse_doors
from openlead.referrals.models import Referral, Status


def lapse_locked(current: Referral, *, acting: Actor, now: dt.datetime) -> Referral:
    """Return a referral already locked in the caller's transaction (TransitionRefused if
    its window is open or its door does not go back to the prosecutor)."""
    require_move(current, Status.RETURNED, "returned to the prosecutor")
    if current.door not in lapse_doors(current.program):
        raise TransitionRefused(
            "Only an arrest referral goes back to the prosecutor when its window lapses."
        )
    if current.intake_deadline is None or current.intake_deadline >= now:
        raise TransitionRefused("The intake window is still open.")
    current.status, current.returned_at = Status.RETURNED, now
    current.save(update_fields=["status", "returned_at", "updated_at"])
    record_move(
        acting,
        current,
        "returned to the prosecutor",
        deadline=current.intake_deadline.isoformat(),
    )
    return current


def lapse_if_due(current: Referral, now: dt.datetime) -> None:
    """Return a locked referral whose window passed before the job ran, so every move
    sees the status the pages show (the lapse job is the actor of that event; if the
    move is then refused, the caller's transaction undoes the lapse too)."""
    if is_lapsed(current, now):
        lapse_locked(current, acting=system_actor(current.program_id), now=now)


def do_lapse_referral(
    referral: Referral, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """The intake window closed without intake: the arrest goes back to the prosecutor."""
    with transaction.atomic():
        return lapse_locked(locked(referral), acting=acting, now=moment(now))


def lapse_due(*, now: dt.datetime | None = None, program_id: int | None = None) -> int:
    """Return every lapsed arrest referral to the prosecutor; safe to run again (cron).

    Each is returned by the lapse job acting in the referral's own program."""
    at = moment(now)
    due = Referral.objects.filter(
        status=Status.AWAITING_INTAKE, intake_deadline__lt=at
    ).select_related("program")
    if program_id is not None:
        due = due.filter(program_id=program_id)
    done = 0
    for referral in due:
        if referral.door in lapse_doors(referral.program):
            try:
                do_lapse_referral(referral, acting=system_actor(referral.program_id), now=at)
                done += 1
            except TransitionRefused:
                continue  # another worker got there first
    return done
