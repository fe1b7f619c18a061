"""The participant's sign-in: audited, slowed after many failures but never locked, no
second factor, the decoy PIN, and the staff login page refusing participant accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditAction, AuditEvent
from openlead.portal.models import PortalAccount
from tests.conftest import PASSWORD, World
from tests.portal.helpers import sign_in

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_a_wrong_passphrase_and_audits_it(world: World, client: Any) -> None:
    response = sign_in(client, "pia", "not my passphrase at all")
    assert response.status_code == 400 and "do not match" in response.content.decode()
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="pia")
    assert failed.count() == 1
    assert "not my passphrase" not in str(failed.get().detail)
    assert client.get(reverse("portal_home")).status_code == 302


def test_it_refuses_an_unknown_username_alike(world: World, client: Any) -> None:
    response = sign_in(client, "nobody-here", PASSWORD)
    assert response.status_code == 400 and "do not match" in response.content.decode()


def test_it_signs_in_without_a_second_factor_and_audits_it(world: World, client: Any) -> None:
    response = sign_in(client, "pia", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("portal_home")
    assert client.get(reverse("portal_home")).status_code == 200  # no MFA detour
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_username="pia").exists()


def test_it_slows_but_never_locks_after_many_failures(world: World, client: Any) -> None:
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for _ in range(10):
            assert sign_in(client, "pia", "wrong words again here").status_code == 400
        slowed = sign_in(client, "pia", PASSWORD)
        assert slowed.status_code == 429 and "not locked" in slowed.content.decode()
    with time_machine.travel(now + dt.timedelta(seconds=61), tick=False):
        assert sign_in(client, "pia", PASSWORD).status_code == 302  # one try a minute


def test_it_is_never_locked_by_axes_through_the_staff_login(world: World, client: Any) -> None:
    for _ in range(12):
        client.post(reverse("login"), {"username": "pia", "password": "wrong password here"})
    assert sign_in(client, "pia", PASSWORD).status_code == 302


def test_it_refuses_a_participant_at_the_staff_login_like_a_wrong_password(
    world: World, client: Any
) -> None:
    right = client.post(reverse("login"), {"username": "pia", "password": PASSWORD})
    wrong = client.post(reverse("login"), {"username": "pia", "password": "wrong password"})
    assert right.status_code == wrong.status_code == 200
    assert "did not work" in right.content.decode()
    assert not client.session.get("_auth_user_id")


def test_it_shows_the_decoy_screen_for_the_decoy_pin(world: World, client: Any) -> None:
    client.force_login(world.users["pia"])
    saved = client.post(reverse("portal_safety"), {"pin": "4821"}, follow=True)
    assert "decoy PIN is set" in saved.content.decode()
    account = PortalAccount.objects.get(user=world.users["pia"])
    assert account.decoy_pin_hash and "4821" not in account.decoy_pin_hash
    client.logout()
    decoy = sign_in(client, "pia", "4821")
    body = decoy.content.decode()
    assert decoy.status_code == 200 and "Community library card" in body
    assert "My pages" not in body and "record" not in body.lower() and "Sign out" not in body
    assert client.get(reverse("portal_home")).status_code == 302  # not signed in
    quiet = AuditEvent.objects.filter(purpose="portal decoy")
    assert quiet.count() == 1 and quiet.get().person_ref == ""


def test_it_refuses_a_decoy_pin_that_is_not_numbers(world: World, client: Any) -> None:
    client.force_login(world.users["pia"])
    response = client.post(reverse("portal_safety"), {"pin": "abcd"})
    assert response.status_code == 400 and 'id="id_pin-error"' in response.content.decode()
