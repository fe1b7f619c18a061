"""Actors and items for the prosecutor's tests (made through the real actions)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from tests.conftest import World


def acting_as(world: World, username: str) -> Actor:
    """The user acting through their first membership, as a web request would."""
    user = world.users[username]
    membership = user.memberships.select_related("program", "organization").first()
    return Actor.of(user, membership.role, membership.program_id, chosen=membership)


def reviewed_referral(world: World) -> Any:
    """An arrest sent to the prosecutor for review at screening (as Santa Fe's protocol
    does for every arrest; the test program screens with Seattle's, so the mark is set)."""
    from openlead.referrals.models import Referral
    from tests.referrals.helpers import make_referral

    referral = make_referral(world)
    Referral.objects.filter(pk=referral.pk).update(prosecutor_review_at=timezone.now())
    referral.refresh_from_db()
    return referral


def own_case(world: World) -> Any:
    """erin's office's pending case on "own" (TC-OWN-1, from build_world)."""
    from openlead.legal.models import LegalCase

    return LegalCase.objects.get(case_number="TC-OWN-1")
