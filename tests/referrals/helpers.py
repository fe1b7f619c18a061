"""Referrals made through the real actions, for the referral tests and the permission matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import World

# A typical eligible Seattle arrest: 1.2 g possession, nothing disqualifying.
ELIGIBLE_ARREST: dict[str, Any] = {
    "conduct": ["possession"],
    "drug_grams": 1.2,
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
    "convictions": [],
    "pending_specialty_court": False,
    "no_contact_order_with_participant": False,
}


def make_referral(
    world: World,
    *,
    by: str | None = "dave",
    door: str = "arrest",
    facts: dict[str, Any] | None = None,
    program: str = "demo",
    name: str = "Fake Person",
    at: dt.datetime | None = None,
    token: str | None = None,
    answers: dict[str, Any] | None = None,
) -> Any:
    from openlead.access.acting import Actor
    from openlead.referrals.actions import NewReferral, do_make_referral

    referrer = world.users[by] if by else None
    membership = referrer.memberships.first() if referrer else None
    data = NewReferral(
        program=world.programs[program],
        door=door,
        facts=dict(ELIGIBLE_ARREST if facts is None else facts),
        name=name,
        answers=answers or {},
        referrer=referrer,
        referrer_organization_id=membership.organization_id if membership else None,
        submit_token=token,
        referred_at=at,
    )
    program_id = world.programs[program].pk
    acting = Actor.of(referrer, "", program_id) if referrer else Actor.system("self", program_id)
    return do_make_referral(data, acting=acting)


def returned_referral(world: World, *, by: str = "dave") -> Any:
    """An arrest referral whose 30-day window lapsed: back with the prosecutor."""
    from django.utils import timezone

    from openlead.referrals.actions import lapse_due

    referral = make_referral(world, by=by, at=timezone.now() - dt.timedelta(days=40))
    lapse_due(program_id=referral.program_id)
    referral.refresh_from_db()
    return referral
