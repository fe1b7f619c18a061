"""Ending a user's sessions: every device's session stops working at its next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")
# A signed-in page: `/` is a public page for a signed-out visitor (issue 14).
SIGNED_IN = "/account/password/"


def test_it_ends_every_session_of_the_user_and_no_one_elses(world: World) -> None:
    from openlead.access.actions.sessions import end_sessions_of

    phone, laptop, other = Client(), Client(), Client()
    phone.force_login(world.users["alice"])
    laptop.force_login(world.users["alice"])
    other.force_login(world.users["bob"])
    assert phone.get(SIGNED_IN).status_code == laptop.get(SIGNED_IN).status_code == 200

    end_sessions_of(world.users["alice"])

    for client in (phone, laptop):
        response: Any = client.get(SIGNED_IN)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert other.get(SIGNED_IN).status_code == 200


def test_a_new_login_after_the_end_works(world: World) -> None:
    from openlead.access.actions.sessions import end_sessions_of

    end_sessions_of(world.users["alice"])
    client = Client()
    client.force_login(world.users["alice"])
    assert client.get(SIGNED_IN).status_code == 200
