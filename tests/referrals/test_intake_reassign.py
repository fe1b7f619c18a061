"""Completing intake for someone already enrolled never moves them to another case manager
unless a supervisor does it: that would be a reassignment (issue 12, finding 6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.casework.actions import do_enroll
from openlead.referrals import actions
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _who(world: World, username: str, role: str) -> Actor:
    return Actor.of(world.users[username], role, world.programs["demo"].pk)


def _enrolled_with_alice(world: World) -> object:
    referral = make_referral(world)
    do_enroll(referral.person, case_manager=world.users["alice"], acting=Actor.system("fixture"))
    return referral


def test_it_refuses_a_case_manager_taking_over_through_intake(world: World) -> None:
    referral = _enrolled_with_alice(world)
    with pytest.raises(ValidationError, match="already enrolled with another case manager"):
        actions.check_complete_intake(
            referral, world.users["ivan"].pk, acting=_who(world, "ivan", "case_manager")
        )
    referral.refresh_from_db()
    referral.person.refresh_from_db()
    assert (referral.status, referral.person.case_manager) == (
        Status.AWAITING_INTAKE,
        world.users["alice"],
    )


def test_it_lets_a_supervisor_complete_intake_with_a_new_case_manager(world: World) -> None:
    referral = _enrolled_with_alice(world)
    actions.check_complete_intake(
        referral, world.users["ivan"].pk, acting=_who(world, "bob", "supervisor")
    )
    referral.refresh_from_db()
    referral.person.refresh_from_db()
    assert (referral.status, referral.person.case_manager) == (
        Status.INTAKE_COMPLETE,
        world.users["ivan"],
    )


def test_it_lets_the_same_case_manager_complete_intake(world: World) -> None:
    referral = _enrolled_with_alice(world)
    actions.check_complete_intake(
        referral, world.users["alice"].pk, acting=_who(world, "alice", "case_manager")
    )
    referral.refresh_from_db()
    assert referral.status == Status.INTAKE_COMPLETE
