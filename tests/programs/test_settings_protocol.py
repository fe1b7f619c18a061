"""Program settings offer only installed protocols and their versions (issue 11): screening
always uses the version in force, which the home page shows, and a program whose stored
protocol is gone gets a clear page, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.programs.forms import installed_protocols
from openlead.programs.models import Program
from tests.conftest import World
from tests.programs.helpers import settings_post
from tests.referrals.helpers import ELIGIBLE_ARREST

pytestmark = pytest.mark.django_db(databases="__all__")


def _stored(world: World) -> Program:
    return Program.objects.get(pk=world.programs["demo"].pk)


def test_it_refuses_a_protocol_that_is_not_installed(world: World, login: Any) -> None:
    response = login("ada").post(
        reverse("program_settings"), settings_post(protocol_id="no-such-lead")
    )
    assert response.status_code == 400
    assert "Choose one of the installed protocols." in response.content.decode()
    assert _stored(world).protocol_id == "seattle-lead"


def test_it_refuses_a_version_the_protocol_does_not_have(world: World, login: Any) -> None:
    for version in ("2011.1", "2014.1"):  # unknown; Santa Fe's, not Seattle's
        response = login("ada").post(
            reverse("program_settings"), settings_post(protocol_version=version)
        )
        assert response.status_code == 400
        assert response.content.decode().count("Choose a version of the chosen protocol.") == 1
    assert _stored(world).protocol_version == "2020.1"


def test_it_offers_installed_protocols_by_name_and_saves_one(world: World, login: Any) -> None:
    client = login("ada")
    page = client.get(reverse("program_settings")).content.decode()
    for protocol in installed_protocols():
        assert f'<option value="{protocol.id}"' in page and protocol.name in page
    assert "The version in force today" in page
    response = client.post(
        reverse("program_settings"),
        settings_post(protocol_id="santa-fe-lead", protocol_version="2014.1"),
    )
    assert response.status_code == 302
    assert (_stored(world).protocol_id, _stored(world).protocol_version) == (
        "santa-fe-lead",
        "2014.1",
    )


def test_it_shows_on_the_home_page_the_version_screening_uses(world: World, login: Any) -> None:
    Program.objects.filter(pk=world.programs["demo"].pk).update(protocol_version="2011.1")
    page = login("alice").get(reverse("home")).content.decode()
    assert "Seattle LEAD (Let Everyone Advance with Dignity), version 2020.1" in page
    assert "2011.1" not in page
    form = login("ada").get(reverse("program_settings")).content.decode()
    assert '<option value="" selected>The version in force today</option>' in form


def test_it_gives_a_clear_page_when_the_stored_protocol_is_gone(
    world: World, login: Any, client: Any
) -> None:
    Program.objects.filter(pk=world.programs["demo"].pk).update(protocol_id="retired-lead")
    assert "no longer installed" in login("alice").get(reverse("home")).content.decode()
    assert login("alice").get(reverse("referral_list")).status_code == 200
    response = login("dave").get(reverse("referral_new", args=["arrest"]))
    assert response.status_code == 409
    assert "Screening is not set up" in response.content.decode()
    posted = login("dave").post(reverse("referral_new", args=["arrest"]), ELIGIBLE_ARREST)
    assert posted.status_code == 409
    client.logout()
    slug = world.programs["demo"].slug
    assert client.get(reverse("self_referral", args=[slug])).status_code == 200
