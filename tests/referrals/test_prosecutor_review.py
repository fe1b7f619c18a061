"""Screening puts an arrest referral before the prosecutor where the protocol says the
prosecutor reviews every arrest (Santa Fe), and picks the protocol version by date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.programs.models import Program
from openlead.referrals import actions
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import ELIGIBLE_ARREST, make_referral

pytestmark = pytest.mark.django_db(databases="__all__")

SANTA_FE_ARREST: dict[str, Any] = {**ELIGIBLE_ARREST, "age": 30, "drug_form": "other"}
# Verified a month ago: inside the 24 months social contact needs (3.1), whatever today is.
RECENT = (dt.date.today() - dt.timedelta(days=30)).isoformat()
SOCIAL = {
    **SANTA_FE_ARREST,
    "verified_activity": [{"source": "records", "date": RECENT, "in_area": True}],
    "capacity_available": True,
}


def use_protocol(world: World, name: str, protocol_id: str, version: str = "") -> Program:
    Program.objects.filter(pk=world.programs[name].pk).update(
        protocol_id=protocol_id, protocol_version=version
    )
    world.programs[name].refresh_from_db()
    return world.programs[name]


def test_it_leaves_a_seattle_arrest_to_the_lapse_of_its_window(world: World) -> None:
    referral = make_referral(world)  # seattle-lead: prosecutor_review = "lapsed"

    assert referral.status == Status.AWAITING_INTAKE
    assert referral.prosecutor_review_at is None


def test_it_leaves_a_santa_fe_social_contact_referral_alone(world: World) -> None:
    use_protocol(world, "demo", "santa-fe-lead")

    referral = make_referral(world, door="social_contact", facts=SOCIAL)

    assert referral.outcome == "eligible" and referral.prosecutor_review_at is None


def test_it_leaves_an_unscreened_arrest_alone(world: World) -> None:
    use_protocol(world, "demo", "")

    referral = make_referral(world, facts=SANTA_FE_ARREST)

    assert referral.status == Status.RECEIVED and referral.prosecutor_review_at is None


def test_it_puts_every_santa_fe_arrest_before_the_prosecutor_at_screening(world: World) -> None:
    use_protocol(world, "demo", "santa-fe-lead")
    at = timezone.now() - dt.timedelta(minutes=5)

    referral = make_referral(world, facts=SANTA_FE_ARREST, at=at)

    referral.refresh_from_db()
    assert referral.outcome == "eligible" and referral.status == Status.AWAITING_INTAKE
    assert referral.prosecutor_review_at == at == referral.screened_at


def test_it_puts_an_ineligible_santa_fe_arrest_before_the_prosecutor_too(world: World) -> None:
    use_protocol(world, "demo", "santa-fe-lead")

    referral = make_referral(world, facts={**SANTA_FE_ARREST, "age": 17})

    assert referral.outcome == "ineligible" and referral.prosecutor_review_at is not None


def test_it_sets_review_when_a_waiting_arrest_is_screened_later(world: World) -> None:
    use_protocol(world, "demo", "")
    referral = make_referral(world, facts=SANTA_FE_ARREST)
    use_protocol(world, "demo", "santa-fe-lead")
    now = timezone.now()

    actions.do_screen_referral(referral, acting=Actor.system("test"), now=now)

    referral.refresh_from_db()
    assert referral.status != Status.RECEIVED and referral.prosecutor_review_at == now


COMMUNITY_311 = {"conduct": ["community_concern"], "exploits_minors": False, "amenable": True}


def test_it_screens_with_the_version_in_force_on_the_referral_date(world: World) -> None:
    use_protocol(world, "other", "atlanta-pad")
    in_2019 = dt.datetime(2019, 6, 3, 15, tzinfo=dt.UTC)

    before = make_referral(
        world, by="carol", door="community", facts=COMMUNITY_311, program="other", at=in_2019
    )
    today = make_referral(world, by="carol", door="community", facts=COMMUNITY_311, program="other")

    assert (before.protocol_version, before.outcome) == ("2017.1", "ineligible")
    assert (today.protocol_version, today.outcome) == ("2021.1", "eligible")


def test_it_screens_with_the_version_a_program_pinned(world: World) -> None:
    use_protocol(world, "other", "atlanta-pad", version="2017.1")

    referral = make_referral(
        world, by="carol", door="community", facts=COMMUNITY_311, program="other"
    )

    assert (referral.protocol_version, referral.outcome) == ("2017.1", "ineligible")
