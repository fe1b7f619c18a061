"""The membership in effect is looked up once per request, however many parts ask."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _membership_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('FROM "access_membership"' in q["sql"] for q in captured.captured_queries)


def test_it_chooses_the_membership_once_for_middleware_view_and_template(
    world: World, login: Any
) -> None:
    # The time zone, the view, the header and the switch menu share one query (was five).
    assert _membership_queries(login("alice"), "/") == 1


def test_it_keeps_the_choice_made_on_the_home_page(world: World, login: Any) -> None:
    from openlead.access.helpers import chosen_membership
    from openlead.access.models import Membership

    client = login("bob")
    second = Membership.objects.create(
        user=world.users["bob"],
        program=world.programs["other"],
        organization=world.orgs["cm2"],
        role="supervisor",
    )
    client.post("/switch/", {"membership": second.pk})
    response = client.get("/")
    assert response.context["current_membership"] == second
    assert chosen_membership(response.wsgi_request) == second
    assert "Elsewhere LEAD" in response.content.decode()
