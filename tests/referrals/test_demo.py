"""The demo program shows every door and status of the referral app."""

from __future__ import annotations

import pytest

from openlead.referrals.demo import seed_referrals_demo
from openlead.referrals.models import Referral, Status
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_referrals_through_every_door_and_a_lapsed_arrest(world: World) -> None:
    program = world.programs["demo"]
    seed_referrals_demo(program, password="demo-password-1234")
    referrals = Referral.objects.filter(program=program)
    assert {r.door for r in referrals} == {"arrest", "community", "self"}
    statuses = {r.status for r in referrals}
    assert {Status.RETURNED, Status.AWAITING_INTAKE, Status.SCREENED} <= statuses
    assert referrals.filter(handed_off_at__isnull=False).count() == 1
    assert referrals.filter(outcome="ineligible").count() == 1
