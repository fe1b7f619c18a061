"""Setting a safety flag in tests, as the case manager would."""

from __future__ import annotations

from typing import Any

from openlead.access.acting import Actor
from openlead.access.models import SafetyFlag
from openlead.casework.actions.safety import check_set_safety_flag
from tests.conftest import World


def flag(world: World, key: str = "own", by: str = "alice", note: str = "") -> SafetyFlag:
    person = world.people[key]
    acting = Actor.of(world.users[by], _role(world, by), person.program_id)
    return check_set_safety_flag(person, acting=acting, kind="dv", note=note)


def actor(world: World, username: str) -> Actor:
    user = world.users[username]
    membership = user.memberships.get()
    return Actor.of(user, membership.role, membership.program_id, chosen=membership)


def _role(world: World, username: str) -> Any:
    return world.users[username].memberships.get().role
