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


def test_it_sends_visitors_to_the_login_page_from_home(client: Any) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_shows_home_in_the_chosen_programs_name(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert world.programs["demo"].name in response.content.decode()
