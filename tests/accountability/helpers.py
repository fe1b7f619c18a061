"""Fake referrals for the accountability tests: chosen doors, groups, officers and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.access.roles import Role
from openlead.people.models import Person
from openlead.referrals.models import Referral

SYSTEM = Actor.system("test")


def officers(world: Any, n: int) -> list[Any]:
    made = []
    for i in range(n):
        user = User.objects.filter(username=f"officer{i:02d}").first()
        if user is None:
            user = User.objects.create_user(username=f"officer{i:02d}", password="x-x-x-x-x-x")
            Membership.objects.create(
                user=user,
                program=world.programs["demo"],
                organization=world.orgs["police"],
                role=Role.POLICE_OFFICER,
            )
        made.append(user)
    return made


def refer(
    world: Any,
    *,
    door: str,
    day: dt.date,
    flags: tuple[str, ...] = (),
    officer: Any = None,
) -> Referral:
    """A referral row and its person, written directly: a fixture, not the app's path."""
    program = world.programs["demo"]
    at = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(program.time_zone))
    person = Person.objects.create(program=program, referred_at=at, **dict.fromkeys(flags, True))
    return Referral.objects.create(
        program=program, person=person, door=door, referred_at=at, referrer=officer
    )


def refer_many(world: Any, n: int, **kwargs: Any) -> None:
    for _ in range(n):
        refer(world, **kwargs)
