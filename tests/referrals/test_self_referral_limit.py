"""The public self-referral limit counts accepted submissions per real client, and lets
a shelter's shared connection through (issue 12, point 2)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral, SelfReferralHit
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

SELF_POST = {"name": "Sunny", "reach": "555-0142", "best_time": "Mornings at the library"}
PROXY = "10.0.0.2"


def _url(world: World) -> str:
    return reverse("self_referral", args=[world.programs["demo"].slug])


def test_it_refuses_the_thirty_first_accepted_submission_in_an_hour(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        assert client.post(_url(world), SELF_POST).status_code == 302
    assert client.post(_url(world), SELF_POST).status_code == 429
    assert Referral.objects.count() == SelfReferralHit.objects.count() == 30


def test_it_does_not_count_invalid_posts(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(40):
        assert client.post(_url(world), {"name": "", "reach": ""}).status_code == 400
    assert SelfReferralHit.objects.count() == 0
    assert client.post(_url(world), SELF_POST).status_code == 302
    assert SelfReferralHit.objects.count() == 1


@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_lets_the_sixth_person_behind_one_shelter_address_through(world: World) -> None:
    shelter = "198.51.100.50"
    for person in range(6):
        visitor = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=shelter)
        post = {**SELF_POST, "name": f"Fake Visitor {person}"}
        assert visitor.post(_url(world), post).status_code == 302, person
    assert Referral.objects.count() == 6


@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1, OPENLEAD_SELF_REFERRAL_LIMIT=2)
def test_it_counts_each_real_client_behind_the_proxy_apart(world: World) -> None:
    def visitor(address: str) -> Client:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    for _ in range(2):
        assert visitor("198.51.100.50").post(_url(world), SELF_POST).status_code == 302
    assert visitor("198.51.100.50").post(_url(world), SELF_POST).status_code == 429
    assert visitor("198.51.100.51").post(_url(world), SELF_POST).status_code == 302
    # A forged header cannot reset the count: the proxy appends the real address last.
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.50")
    assert forged.post(_url(world), SELF_POST).status_code == 429


@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_keeps_no_address_of_a_self_referrer(world: World) -> None:
    before = AuditEvent.objects.count()
    Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.50").post(_url(world), SELF_POST)
    events = AuditEvent.objects.filter(seq__gt=before)
    assert events.count() >= 1
    assert set(events.values_list("client", flat=True)) == {""}
    assert "198.51.100.50" not in str(list(events.values_list("detail", flat=True)))
    assert not SelfReferralHit.objects.filter(client_hash__contains="198.51").exists()
