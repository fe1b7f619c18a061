"""The two pages of no one app: the health check and the home page (openlead/views.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_answers_the_health_check_without_a_login(client: Any) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok" and response["Content-Type"].startswith("text/plain")


def test_it_shows_a_signed_out_visitor_the_public_home_page(world: World, client: Any) -> None:
    # Issue 14: `/` was a redirect to the login page; now it says what the program is and
    # links to each program's self-referral page and to staff sign-in, with no program data
    # beyond the public door's settings.
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("self_referral", args=[world.programs["demo"].slug])}"' in page
    assert f'href="{reverse("login")}"' in page
    assert "Intake window" not in page and "Your role" not in page


def test_it_still_sends_visitors_to_the_login_page_from_signed_in_pages(client: Any) -> None:
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_shows_home_in_the_chosen_programs_name(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert world.programs["demo"].name in response.content.decode()
