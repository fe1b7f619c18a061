"""Work-group meetings for the tests: one place that builds them, for the matrix, the
canary scan and the OWG tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup, Role
from openlead.legal.models import OwgMeeting
from openlead.legal.owg.actions import NewMinute, do_write_minute
from tests.conftest import World

ATTENDING = [
    Role.PROGRAM_ADMIN,
    Role.SUPERVISOR,
    Role.CASE_MANAGER,
    Role.POLICE_OFFICER,
    Role.PROSECUTOR,
    Role.DEFENDER,
]
CARE_TEAM = [Role.PROGRAM_ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER]


def make_meeting(
    world: World,
    *,
    program: str = "demo",
    roles: list[Role] | None = None,
    hours: float = 1,
    status: str = "scheduled",
) -> OwgMeeting:
    return OwgMeeting.objects.create(
        program=world.programs[program],
        starts_at=timezone.now() + dt.timedelta(hours=hours),
        location="Room 2",
        invited_roles=[r.value for r in (roles or ATTENDING)],
        status=status,
    )


def meeting_of(world: World, key: str) -> OwgMeeting:
    """One meeting per relation, made once per world: invited (every attending role),
    uninvited (the care team only), other (the other program)."""
    cache: dict[str, OwgMeeting] = world.__dict__.setdefault("owg_meetings", {})
    if key not in cache:
        if key == "uninvited":
            cache[key] = make_meeting(world, roles=CARE_TEAM)
        elif key == "other":
            cache[key] = make_meeting(world, program="other")
        else:
            cache[key] = make_meeting(world)
    return cache[key]


def write_minute(
    meeting: OwgMeeting, person: Any, group: FieldGroup, text: str, section: str = "court_dates"
) -> Any:
    author = person.case_manager
    acting = Actor.of(author, "case_manager", person.program_id)
    data = NewMinute(section=section, field_group=group.value, next_steps=text, who="Case manager")
    return do_write_minute(meeting, person, data, acting=acting)


def minuted_meeting(world: World) -> OwgMeeting:
    """A meeting every attending role is invited to, with a casework minute (a canary) on
    each demo person and a legal minute on "own"."""
    meeting = meeting_of(world, "scan")
    if not meeting.minutes.exists():
        for key in ("own", "same", "revoked"):
            marker = f"CANARY-{key}-owg-minute-{uuid.uuid4().hex[:12]}"
            world.canaries.append(marker)
            write_minute(meeting, world.people[key], FieldGroup.CASEWORK_NOTES, marker)
        write_minute(meeting, world.people["own"], FieldGroup.LEGAL, "Ask the court to reset.")
    return meeting
