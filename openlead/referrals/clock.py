"""The protocol in force and the intake clock: deadlines on the program's own calendar.

Both the actions (which set and check deadlines) and the pages (which show a referral as
lapsed once its deadline has passed, before `openlead referrals lapse` has run) read the
clock here, so the two never disagree about when a window closes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone

from openlead.eligibility import (
    Protocol,
    intake_deadline,
    pick_version,
    shipped_protocols,
    shipped_versions,
)
from openlead.eligibility.clock import zone
from openlead.programs.models import Program
from openlead.referrals.models import Door, Referral, Status


@lru_cache(maxsize=32)
def _versions(protocol_id: str) -> tuple[Protocol, ...]:
    return shipped_versions(protocol_id)


def program_protocol(program: Program, on: dt.date | None = None) -> Protocol | None:
    """The protocol version this program screens with on a day (its local today unless
    `on` is given, e.g. a referral's date): the version the program pinned, when that is
    installed, else the version in force that day. None when no protocol is set or the
    one set is no longer installed (screening waits on the no-protocol page, not a 500)."""
    if not program.protocol_id or program.protocol_id not in shipped_protocols():
        return None
    day = on or local_date(program, timezone.now())
    return pick_version(_versions(program.protocol_id), program.protocol_version, day)


def window_days(program: Program) -> int:
    """The program's own intake window; the protocol's when the program sets none (0)."""
    if program.intake_window_days:
        return int(program.intake_window_days)
    protocol = program_protocol(program)
    return protocol.intake.window_days if protocol else 30


def lapse_doors(program: Program) -> frozenset[str]:
    """Doors whose lapsed window goes back to the prosecutor (an arrest to file or not)."""
    protocol = program_protocol(program)
    return protocol.intake.doors if protocol else frozenset({Door.ARREST.value})


def deadline_for(program: Program, referred_at: dt.datetime) -> dt.datetime:
    return intake_deadline(referred_at, program.time_zone, window_days(program))


def local_date(program: Program, moment: dt.datetime) -> dt.date:
    return moment.astimezone(zone(program.time_zone)).date()


def end_of_local_day(program: Program, day: dt.date) -> dt.datetime:
    start = dt.datetime.combine(day, dt.time(12), tzinfo=zone(program.time_zone))
    return intake_deadline(start, program.time_zone, 0)


def is_lapsed(referral: Referral, now: dt.datetime) -> bool:
    """Awaiting intake past its deadline through a door that goes back to the prosecutor:
    `do_lapse_referral` would return it now (whether or not the job has run yet)."""
    return (
        referral.status == Status.AWAITING_INTAKE
        and referral.intake_deadline is not None
        and referral.intake_deadline < now
        and referral.door in lapse_doors(referral.program)
    )


def lapsed_in(program: Program, now: dt.datetime) -> Q:
    """`is_lapsed` as a filter over one program's referrals."""
    return Q(
        status=Status.AWAITING_INTAKE,
        intake_deadline__lt=now,
        door__in=sorted(lapse_doors(program)),
    )
