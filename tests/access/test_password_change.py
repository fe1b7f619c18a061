"""Changing one's own password: validated, audited, and it ends the other sessions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")

NEW = "lantern orchard velvet compass"
URL = "/account/password/"


def _change(client: Client, old: str, new: str, again: str | None = None) -> Any:
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(URL, data)


def test_it_sends_anonymous_visitors_to_the_login_page(world: World) -> None:
    assert reverse("password_change") == URL
    response = Client().post(URL, {"old_password": PASSWORD})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_refuses_a_wrong_current_password_beside_the_field(world: World, login: Any) -> None:
    client = login("alice")
    response = _change(client, "not-my-password", NEW)
    page = response.content.decode()
    assert response.status_code == 400 and "Your old password was entered incorrectly" in page
    world.users["alice"].refresh_from_db()
    assert world.users["alice"].check_password(PASSWORD)


@pytest.mark.parametrize("new", ["Password1234!", "P@ssw0rd2024", "iloveyou12345"])
def test_it_refuses_breached_and_guessable_passwords(world: World, login: Any, new: str) -> None:
    client = login("alice")
    response = _change(client, PASSWORD, new)
    page = response.content.decode()
    assert response.status_code == 400
    assert "too easy to guess" in page or "leaked from other sites" in page
    assert not AuditEvent.objects.filter(purpose="password changed by its owner").exists()


def test_it_refuses_two_different_new_passwords(world: World, login: Any) -> None:
    response = _change(login("alice"), PASSWORD, NEW, NEW + " again")
    assert response.status_code == 400 and "didn" in response.content.decode()


def test_it_changes_the_password_and_ends_the_other_sessions(world: World) -> None:
    laptop, phone, colleague = Client(), Client(), Client()
    from tests.mfa import log_in_with_mfa

    for device, name in ((laptop, "alice"), (phone, "alice"), (colleague, "bob")):
        log_in_with_mfa(device, world.users[name], PASSWORD)
    assert laptop.get(URL).status_code == phone.get(reverse("password_change")).status_code == 200

    response = _change(laptop, PASSWORD, NEW)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert notes == ["Your password is changed. Your other sessions have ended."]
    assert laptop.get(reverse("password_change")).status_code == 200  # this session goes on
    ended = phone.get(URL)  # a signed-in page (`/` is public when signed out, issue 14)
    assert ended.status_code == 302 and "/login/" in ended["Location"]
    assert colleague.get(reverse("password_change")).status_code == 200
    world.users["alice"].refresh_from_db()
    assert world.users["alice"].check_password(NEW)
    event = AuditEvent.objects.get(purpose="password changed by its owner")
    assert (event.actor_username, event.action, event.outcome) == ("alice", "update", "allowed")
    assert NEW not in str(event.detail) and event.client == "127.0.0.1"
