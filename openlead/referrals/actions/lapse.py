"""The lapse: an arrest referral whose intake window closed goes back to the prosecutor.

`openlead referrals lapse` runs `lapse_due` from cron or a systemd timer (docs/operations.md);
pages never lapse anything, they show a passed deadline as returned (queries.shown_status),
and a move that comes before the job (a decision in openlead.legal, intake, a hand-off,
a close) lapses the referral first (`lapse_if_due`), so it acts on what the page showed.

Where the protocol says `on_lapse = "automatic_filing"`, the lapse also files the charges:
the referral moves on to charges filed and a LegalDecision of kind auto_file (decided by
nobody; the audit names the actor of the lapse) puts it on the prosecutor's notice.
legal sits beside referrals and imports it, so the row is made through the app registry,
not an import (the acyclic contract in .importlinter).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction

from openlead.access.acting import Actor
from openlead.programs.models import Program
from openlead.referrals.actions.common import (
    TransitionRefused,
    locked,
    moment,
    record_move,
    require_move,
    system_actor,
)
from openlead.referrals.clock import is_lapsed, lapse_doors, program_protocol
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
    if files_automatically(current):
        file_automatically(current, acting=acting, now=now)
    return current


def files_automatically(referral: Referral) -> bool:
    """The protocol in force on the referral's day files a lapsed arrest by itself."""
    on = referral.referred_at.date() if referral.referred_at else None
    return protocol_files_automatically(referral.program, on)


def protocol_files_automatically(program: Program, on: dt.date | None) -> bool:
    protocol = program_protocol(program, on)
    return protocol is not None and protocol.intake.on_lapse == "automatic_filing"


def file_automatically(current: Referral, *, acting: Actor, now: dt.datetime) -> None:
    """Returned -> charges filed, with the auto_file decision row and its audit event."""
    require_move(current, Status.CHARGES_FILED, "filed automatically")
    current.status, current.closed_at = Status.CHARGES_FILED, now
    current.prosecutor_decision, current.prosecutor_decided_at = "file", now
    current.save(
        update_fields=[
            "status",
            "closed_at",
            "prosecutor_decision",
            "prosecutor_decided_at",
            "updated_at",
        ]
    )
    decision = apps.get_model("legal", "LegalDecision").objects.create(
        program_id=current.program_id,
        person_id=current.person_id,
        referral=current,
        kind="auto_file",
        decided_by=None,
        decided_at=now,
    )
    record_move(acting, current, "filed automatically", decision=decision.public_id)


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
