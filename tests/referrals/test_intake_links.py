"""Every referral page and person page link to each other (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.referrals import actions
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def enrolled(world: World) -> Any:
    referral = make_referral(world, by="dave", name="Fake Linked Person")
    actions.check_complete_intake(
        referral, world.users["alice"].pk, acting=Actor.of(world.users["bob"])
    )
    return referral


def test_it_offers_the_officer_no_casework_link(world: World, login: Any, enrolled: Any) -> None:
    page = login("dave").get(reverse("referral_detail", args=[enrolled.public_id]))
    casework = reverse("casework_person", args=[enrolled.person.public_id])
    assert casework not in page.content.decode()


def test_it_offers_outreach_the_record_but_not_casework(
    world: World, login: Any, enrolled: Any
) -> None:
    body = login("otto").get(reverse("referral_detail", args=[enrolled.public_id])).content
    person = enrolled.person.public_id
    assert reverse("person_detail", args=[person]) in body.decode()
    assert reverse("casework_person", args=[person]) not in body.decode()


def test_it_links_the_referral_to_both_person_pages(
    world: World, login: Any, enrolled: Any
) -> None:
    body = login("alice").get(reverse("referral_detail", args=[enrolled.public_id])).content
    person = enrolled.person.public_id
    assert reverse("casework_person", args=[person]) in body.decode()
    assert reverse("person_detail", args=[person]) in body.decode()


@pytest.mark.parametrize("page", ["casework_person", "person_detail"])
def test_it_links_each_person_page_to_the_referral(
    world: World, login: Any, enrolled: Any, page: str
) -> None:
    response = login("alice").get(reverse(page, args=[enrolled.person.public_id]))
    assert response.status_code == 200
    assert reverse("referral_detail", args=[enrolled.public_id]) in response.content.decode()


def test_it_lists_no_referral_the_actor_cannot_open(world: World, login: Any) -> None:
    # Alice's own participant has no referral row: the block is absent, not empty.
    response = login("alice").get(reverse("person_detail", args=[world.people["own"].public_id]))
    assert "person-referrals" not in response.content.decode()
