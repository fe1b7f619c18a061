"""Demo work-group meetings: one held two weeks ago with minutes in both field groups, one
scheduled next week whose agenda is worked out live from the demo's records (court dates
appear once the cases demo has made some)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership
from openlead.access.roles import FieldGroup, Role
from openlead.legal.models import AgendaSection, MeetingStatus, OwgMeeting
from openlead.legal.owg.actions import (
    NewMeeting,
    NewMinute,
    do_schedule_meeting,
    do_set_status,
    do_write_minute,
)
from openlead.people.models import EnrollmentStatus, Person
from openlead.programs.models import Program

INVITED: list[str] = [
    r.value
    for r in (
        Role.PROGRAM_ADMIN,
        Role.SUPERVISOR,
        Role.CASE_MANAGER,
        Role.POLICE_OFFICER,
        Role.PROSECUTOR,
        Role.DEFENDER,
    )
]
# (section, field group, next step, who, days after the meeting): fake, generic steps.
STEPS = [
    (
        AgendaSection.COURT_DATES,
        FieldGroup.LEGAL,
        "Ask for the hearing to be reset.",
        "Defender",
        7,
    ),
    (
        AgendaSection.NEW_CHARGES,
        FieldGroup.LEGAL,
        "Hold the new case in abeyance.",
        "Prosecutor",
        14,
    ),
    (
        AgendaSection.NO_CONTACT,
        FieldGroup.CASEWORK_NOTES,
        "Look at the drop-in on Friday.",
        "Outreach",
        3,
    ),
    (AgendaSection.NEW_REFERRALS, FieldGroup.CASEWORK_NOTES, "Book the intake.", "Case manager", 5),
    (AgendaSection.LAPSING, FieldGroup.LEGAL, "Ask for a 7-day extension.", "Case manager", 2),
]


def _at_ten(program: Program, days: int) -> dt.datetime:
    """10:00 on the program's wall clock, `days` from today."""
    import zoneinfo

    zone = zoneinfo.ZoneInfo(program.time_zone)
    day = timezone.localdate(timezone=zone) + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(10), tzinfo=zone)


def _runner(program: Program) -> Actor:
    member = (
        Membership.objects.filter(program=program, role__in=[Role.SUPERVISOR, Role.PROGRAM_ADMIN])
        .select_related("user")
        .first()
    )
    if member is None:
        return Actor.system("openlead-demo", program.pk)
    return Actor.of(member.user, member.role, program.pk, chosen=member)


def seed_owg_demo(program: Program, *, seed: int) -> None:
    rng = random.Random(seed)
    acting = _runner(program)
    held = do_schedule_meeting(
        program, NewMeeting(_at_ten(program, -14), "Program office, room 2", INVITED), acting=acting
    )
    ended = held.starts_at + dt.timedelta(hours=1)
    do_set_status(held, MeetingStatus.HELD, acting=acting, now=ended)
    do_schedule_meeting(
        program, NewMeeting(_at_ten(program, 7), "Program office, room 2", INVITED), acting=acting
    )
    _minutes(program, held, rng)


def _minutes(program: Program, meeting: OwgMeeting, rng: random.Random) -> None:
    people = list(
        Person.objects.filter(
            program=program, status=EnrollmentStatus.ACTIVE, case_manager__isnull=False
        ).select_related("case_manager")[:40]
    )
    for (section, group, text, who, days), person in zip(
        STEPS, rng.sample(people, min(len(people), len(STEPS))), strict=False
    ):
        author = Actor.of(person.case_manager, Role.CASE_MANAGER, program.pk)
        data = NewMinute(
            section=section.value,
            field_group=group.value,
            next_steps=text,
            who=who,
            by_when=(meeting.starts_at + dt.timedelta(days=days)).date(),
        )
        do_write_minute(meeting, person, data, acting=author)
