"""The public door (issue 14, item 6): /refer/ and the login page lead to each program's
self-referral page, the thanks page gives a once-only reference, the program's phone,
hours and crisis lines, the limit counts accepted submissions per real client, and no
community or self referral asks for past convictions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.eligibility.vocabulary import CONVICTIONS_CHECK
from openlead.programs.models import Program
from openlead.referrals.models import Referral, SelfReferralHit
from openlead.referrals.queries import open_screening
from tests.conftest import World
from tests.programs.helpers import settings_post

pytestmark = pytest.mark.django_db(databases="__all__")

SELF_POST = {"name": "Sunny", "reach": "555-0142", "best_time": "Mornings at the library"}
INVALID_POST = {"name": "", "reach": ""}
CRISIS = "988 Suicide & Crisis Lifeline — 988\nTest City crisis line — (206) 555-0199"


def _self_url(world: World) -> str:
    return reverse("self_referral", args=[world.programs["demo"].slug])


def _thanks_url(world: World) -> str:
    return reverse("self_referral_thanks", args=[world.programs["demo"].slug])


def _set_door(program: Program) -> None:
    program.public_summary = "Help with housing, treatment and ID, on your terms."
    program.public_phone = "(206) 555-0142"
    program.public_hours = "Monday to Friday, 9 am to 5 pm"
    program.crisis_lines = CRISIS
    program.save()


# --- /refer/ and the login page ------------------------------------------------------------


def test_it_leaves_out_a_program_whose_protocol_has_no_self_door(world: World) -> None:
    demo = world.programs["demo"]
    demo.protocol_id, demo.protocol_version = "santa-fe-lead", ""  # police doors only
    demo.save()
    page = Client().get(reverse("self_referral_index")).content.decode()
    assert "Elsewhere LEAD" in page and "Test City LEAD" not in page
    assert Client().get(_self_url(world)).status_code == 404


def test_it_lists_each_program_that_takes_self_referrals_with_its_line(world: World) -> None:
    _set_door(world.programs["demo"])
    before = AuditEvent.objects.count()
    response = Client().get(reverse("self_referral_index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{_self_url(world)}"' in page and "Test City LEAD" in page
    assert "Help with housing, treatment and ID, on your terms." in page
    # A program with no protocol yet still hears a person (screening waits).
    assert 'href="/refer/elsewhere/"' in page
    assert AuditEvent.objects.count() == before  # program settings only: nothing audited


def test_it_links_the_login_page_to_each_self_referral_page(world: World) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{_self_url(world)}"' in page and "Refer yourself to Test City LEAD" in page
    assert f'href="{reverse("self_referral_index")}"' in page


def test_it_sends_a_signed_out_visitor_at_home_to_the_login_page_with_the_links(
    world: World,
) -> None:
    client = Client()
    response = client.get(reverse("home"), follow=True)
    assert f'href="{_self_url(world)}"' in response.content.decode()


# --- the thanks page -------------------------------------------------------------------------


def test_it_shows_the_reference_once_and_never_in_a_url(world: World) -> None:
    client = Client()
    response = client.post(_self_url(world), SELF_POST)
    assert response.status_code == 302 and response["Location"] == _thanks_url(world)
    referral = Referral.objects.get()
    page = client.get(response["Location"]).content.decode()
    code = open_screening(referral).answers["reference"]
    # The short code, not the referral's id (the staff URL), and never in the URL.
    assert code in page and code not in response["Location"] and referral.public_id not in page
    again = client.get(_thanks_url(world)).content.decode()
    assert code not in again and "Your reference" not in again
    assert code not in Client().get(_thanks_url(world)).content.decode()


def test_it_shows_no_phone_hours_or_crisis_lines_when_unset(world: World) -> None:
    client = Client()
    client.post(_self_url(world), SELF_POST)
    page = client.get(_thanks_url(world)).content.decode()
    assert "Your reference" in page
    assert "tel:" not in page and "If you need help right now" not in page


def test_it_shows_the_program_phone_hours_and_crisis_lines_when_set(world: World) -> None:
    _set_door(world.programs["demo"])
    client = Client()
    client.post(_self_url(world), SELF_POST)
    page = client.get(_thanks_url(world)).content.decode()
    assert "(206) 555-0142" in page and "Monday to Friday, 9 am to 5 pm" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page and 'href="tel:988"' in page
    assert "Test City crisis line" in page and "(206) 555-0199" in page


# --- the rate limit --------------------------------------------------------------------------


@override_settings(OPENLEAD_SELF_REFERRAL_LIMIT=5)
def test_it_accepts_a_valid_post_after_five_invalid_ones(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post(_self_url(world), INVALID_POST).status_code == 400
    assert SelfReferralHit.objects.count() == 0
    assert client.post(_self_url(world), SELF_POST).status_code == 302
    assert Referral.objects.count() == 1


@override_settings(OPENLEAD_SELF_REFERRAL_LIMIT=5)
def test_it_refuses_the_sixth_accepted_post_with_the_slow_down_page(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post(_self_url(world), SELF_POST).status_code == 302
    response = client.post(_self_url(world), SELF_POST)
    assert response.status_code == 429
    assert "Please try again in an hour" in response.content.decode()
    assert Referral.objects.count() == 5


@override_settings(OPENLEAD_SELF_REFERRAL_LIMIT=5)
def test_it_counts_two_addresses_apart(world: World) -> None:
    first, second = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        assert first.post(_self_url(world), SELF_POST).status_code == 302
    assert first.post(_self_url(world), SELF_POST).status_code == 429
    assert second.post(_self_url(world), SELF_POST).status_code == 302


@override_settings(OPENLEAD_SELF_REFERRAL_LIMIT=5, OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_counts_the_real_client_behind_the_trusted_proxy(world: World) -> None:
    proxy = "10.0.0.2"
    for _ in range(5):
        visitor = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert visitor.post(_self_url(world), SELF_POST).status_code == 302
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.post(_self_url(world), SELF_POST).status_code == 302
    again = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert again.post(_self_url(world), SELF_POST).status_code == 429


# --- no conviction codes at the community and self doors ---------------------------------


def test_it_never_asks_a_community_referrer_for_convictions(world: World, login: Any) -> None:
    page = login("cora").get(reverse("referral_new", args=["community"])).content.decode()
    assert 'name="conduct"' in page  # the form did render
    assert "conviction" not in page.lower() and CONVICTIONS_CHECK not in page
    assert "criminal" not in page.lower()


def test_it_never_asks_a_self_referrer_for_convictions(world: World) -> None:
    page = Client().get(_self_url(world)).content.decode()
    assert 'name="reach"' in page
    assert "conviction" not in page.lower() and "criminal" not in page.lower()


def test_it_still_asks_an_officer_for_convictions(world: World, login: Any) -> None:
    page = login("dave").get(reverse("referral_new", args=["arrest"])).content.decode()
    assert CONVICTIONS_CHECK in page and 'name="conviction_offense_0"' in page


# --- the program settings form -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("public_phone", "call us!", "Write a phone number with digits"),
        ("public_phone", "12", "Write a phone number with digits"),
        ("public_hours", "x" * 201, "at most 200 characters"),
        ("crisis_lines", "Just a label", "Line 1: write it as"),
        ("crisis_lines", "Helpline — none", "Line 1: the number is not a phone number."),
        ("crisis_lines", "\n".join(f"Line {n} — 988" for n in range(7)), "at most 6 crisis"),
    ],
)
def test_it_refuses_bad_public_door_settings_beside_the_field(
    world: World, login: Any, field: str, value: str, message: str
) -> None:
    client = login("ada")
    response = client.post(reverse("program_settings"), settings_post(**{field: value}))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert response.content.decode().count(message) == 1
    assert Program.objects.get(pk=world.programs["demo"].pk).version == 1


def test_it_saves_the_public_door_settings_and_audits_them(world: World, login: Any) -> None:
    client = login("ada")
    post = settings_post(
        public_summary="Help on your terms.",
        public_phone="(206) 555-0142",
        public_hours="Weekdays 9 to 5",
        crisis_lines="  988 Suicide & Crisis Lifeline — 988  \n\n",
    )
    assert client.post(reverse("program_settings"), post).status_code == 302
    demo = Program.objects.get(pk=world.programs["demo"].pk)
    assert (demo.public_phone, demo.public_hours) == ("(206) 555-0142", "Weekdays 9 to 5")
    assert demo.crisis_lines == "988 Suicide & Crisis Lifeline — 988"
    event = AuditEvent.objects.filter(detail__has_key="program_settings").latest("seq")
    assert "public_phone" in event.detail["program_settings"]
