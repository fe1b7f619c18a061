"""The decision page after an officer's referral (issue 11): whom it concerns (to that
officer, for their shift only), the status after the hand-off, a message, links back; and
one set of status words in the officer's list and the care team's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral
from tests.conftest import World
from tests.referrals.helpers import make_referral
from tests.referrals.test_officer_flow import _post

pytestmark = pytest.mark.django_db(databases="__all__")

NAME = "Fake Person Decided"


def _detail(client: Any, referral: Referral) -> str:
    return str(client.get(reverse("referral_detail", args=[referral.public_id])).content.decode())


def test_it_hides_the_name_from_the_officer_after_the_shift(world: World, login: Any) -> None:
    old = make_referral(world, name=NAME, at=timezone.now() - dt.timedelta(hours=13))
    page = _detail(login("dave"), old)
    assert NAME not in page and f"Referral {old.public_id}" in page


def test_it_shows_the_name_to_no_other_referrer(world: World, login: Any) -> None:
    theirs = make_referral(world, by="cora", door="community", name=NAME)
    response = login("dave").get(reverse("referral_detail", args=[theirs.public_id]))
    assert response.status_code == 404 and NAME not in response.content.decode()


def test_it_shows_the_name_to_the_prosecutor_never_through_the_officers_rule(
    world: World, login: Any
) -> None:
    mine = make_referral(world, name=NAME)
    response = login("erin").get(reverse("referral_detail", args=[mine.public_id]))
    assert response.status_code == 404 and NAME not in response.content.decode()


def test_it_shows_the_officer_the_name_they_typed_during_their_shift(
    world: World, login: Any
) -> None:
    client = login("dave")
    response = _post(client, name=NAME)
    referral = Referral.objects.get()
    before = AuditEvent.objects.count()
    page = client.get(response["Location"]).content.decode()
    assert f"<h1>{NAME}</h1>" in page and referral.public_id in page
    assert "Referral saved and screened: Eligible." in page
    event = AuditEvent.objects.filter(seq__gt=before).get()
    assert "identity" in event.field_groups and event.person_ref == referral.person.public_id


def test_it_confirms_the_hand_off_shows_the_status_and_drops_the_form(
    world: World, login: Any
) -> None:
    client = login("dave")
    detail = _post(client, name=NAME)["Location"]
    referral = Referral.objects.get()
    assert "Handed off to outreach worker" in client.get(detail).content.decode()
    response = client.post(
        reverse("referral_handoff", args=[referral.public_id]), {"worker": world.users["otto"].pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Hand-off recorded." in page and "Awaiting intake" in page and "Received" not in page
    assert "Handed off to outreach worker" not in page and 'name="worker"' not in page
    assert f'href="{reverse("referral_start")}"' in page
    assert f'href="{reverse("referral_list")}"' in page and "My referrals" in page


def test_it_says_the_same_status_in_the_officers_list_and_the_care_teams(
    world: World, login: Any
) -> None:
    # Due within two days, so the intake clock lists it too.
    waiting = make_referral(world, name=NAME, at=timezone.now() - dt.timedelta(days=29))
    review = make_referral(world, name="Fake Person Review", facts={"conduct": ["possession"]})
    officer = login("dave").get(reverse("referral_list")).content.decode()
    team = login("alice").get(reverse("referral_list")).content.decode()
    clock = login("alice").get(reverse("referral_clock")).content.decode()
    for who, page in (("officer", officer), ("team", team), ("clock", clock)):
        assert '<span class="badge">Awaiting intake</span>' in page, who
    for page in (officer, team):
        assert '<span class="badge">Screened</span>' in page
        assert "· referred " in page and "· intake by " in page
    assert waiting.status == "awaiting_intake" and review.status == "screened"
