"""Community referrals (no police account) and the public self-referral page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral, SelfReferralHit, Status
from openlead.referrals.queries import open_screening
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

SELF_POST = {"name": "Sunny", "reach": "555-0142", "best_time": "Mornings at the library"}


def _self_url(world: World) -> str:
    return reverse("self_referral", args=[world.programs["demo"].slug])


def test_it_refuses_the_arrest_door_to_a_community_referrer(world: World, login: Any) -> None:
    assert login("cora").get(reverse("referral_new", args=["arrest"])).status_code == 403


def test_it_lets_a_community_referrer_refer_and_see_only_the_status(
    world: World, login: Any
) -> None:
    client = login("cora")
    form = client.get(reverse("referral_new", args=["community"])).context["form"]
    assert "report_number" not in form.fields and "drug_grams" not in form.fields
    response = client.post(
        reverse("referral_new", args=["community"]),
        {
            "submit_token": form.initial["submit_token"],
            "name": "Fake Person Two",
            "reach": "at the shelter",
            "conduct": ["prostitution"],
            "amenable": "yes",
            "applies": ["none"],
        },
    )
    referral = Referral.objects.get()
    assert (
        response.status_code == 302
        and referral.outcome == "needs_review"
        and referral.door == "community"
    )
    assert referral.person.referred_by == world.users["cora"]
    # Never asked for past convictions, the referral waits for the team to check them.
    assert "review" in client.get(reverse("referral_list")).content.decode().lower()
    # She referred this person, so the people list shows them, with the status only.
    person_page = client.get(
        reverse("person_detail", args=[referral.person.public_id])
    ).content.decode()
    assert "Referred" in person_page and "Fake Person Two" not in person_page


def test_it_needs_no_login_for_the_self_referral_page(world: World) -> None:
    response = Client().get(_self_url(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing you send here goes to the police" in page and "release of information" in page
    assert 'name="password"' not in page and "/login/" not in page


def test_it_creates_a_person_and_a_self_referral_that_needs_review(world: World) -> None:
    client = Client()
    before = AuditEvent.objects.count()
    response = client.post(_self_url(world), SELF_POST)
    assert response.status_code == 302
    assert "Thank you" in client.get(response["Location"]).content.decode()
    referral = Referral.objects.get()
    assert (referral.door, referral.status, referral.outcome) == (
        "self",
        Status.SCREENED,
        "needs_review",
    )
    assert referral.referrer is None and referral.person.referred_by is None
    screening = open_screening(referral)
    assert screening.facts == {"door": "self", "as_of": screening.facts["as_of"]}
    reference = screening.answers.pop("reference")
    assert screening.answers == {"reach": "555-0142", "best_time": "Mornings at the library"}
    assert len(reference) == 9 and reference[4] == "-"
    assert AuditEvent.objects.filter(seq__gt=before, purpose="referral made").count() == 1


def test_it_shows_the_outreach_worker_how_to_reach_a_self_referrer(
    world: World, login: Any
) -> None:
    Client().post(_self_url(world), SELF_POST)
    referral = Referral.objects.get()
    page = login("bob").get(reverse("referral_detail", args=[referral.public_id])).content.decode()
    assert "Sunny" in page and "Mornings at the library" in page


def test_it_shows_field_errors_without_saving(world: World) -> None:
    response = Client().post(_self_url(world), {"name": "", "reach": ""})
    assert response.status_code == 400 and Referral.objects.count() == 0


# The limit is 30 by default (a shelter's shared address); set to 5 here to keep it short.
@override_settings(OPENLEAD_SELF_REFERRAL_LIMIT=5)
def test_it_answers_the_sixth_submission_in_an_hour_with_a_kind_429(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post(_self_url(world), SELF_POST).status_code == 302
    sixth = client.post(_self_url(world), SELF_POST)
    assert sixth.status_code == 429 and "try again in an hour" in sixth.content.decode()
    assert Referral.objects.count() == 5
    assert Client(REMOTE_ADDR="203.0.113.10").post(_self_url(world), SELF_POST).status_code == 302
    assert not SelfReferralHit.objects.filter(client_hash__contains="203.0.113").exists()


def test_it_has_no_self_referral_page_where_the_protocol_has_no_self_door(world: World) -> None:
    program = world.programs["other"]
    program.protocol_id = "santa-fe-lead"
    program.save(update_fields=["protocol_id"])
    assert Client().get(reverse("self_referral", args=[program.slug])).status_code == 404
