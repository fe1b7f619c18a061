"""MFA reset by a program admin (or the sysadmin): devices deleted, sessions ended, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.mfa import device_for

pytestmark = pytest.mark.django_db(databases="__all__")

REASON = "Lost phone; confirmed by a call to her desk phone."


def _url(world: World, username: str) -> str:
    return reverse("mfa_reset", args=[world.users[username].public_id])


def _devices(world: World, username: str) -> int:
    user = world.users[username]
    return (
        TOTPDevice.objects.filter(user=user).count()
        + StaticDevice.objects.filter(user=user).count()
    )


@pytest.mark.parametrize("username", ["alice", "bob", "dave", "una"])
def test_it_refuses_roles_that_do_not_manage_users(
    world: World, client: Any, username: str
) -> None:
    device_for(world.users["ivan"])
    client.force_login(world.users[username])
    assert client.get(_url(world, "ivan")).status_code == 403
    assert client.post(_url(world, "ivan"), {"reason": REASON}).status_code == 403
    assert _devices(world, "ivan") == 1
    assert not AuditEvent.objects.filter(action="mfa_reset", outcome="allowed").exists()


def test_it_refuses_another_program_and_one_s_own_reset(world: World, client: Any) -> None:
    client.force_login(world.users["ada"])
    assert client.post(_url(world, "carol"), {"reason": REASON}).status_code == 404
    missing = reverse("mfa_reset", args=["noSuchUser1234"])
    assert client.post(missing, {"reason": REASON}).status_code == 404
    assert client.post(_url(world, "ada"), {"reason": REASON}).status_code == 403
    assert _devices(world, "ada") == 1
    refused = AuditEvent.objects.filter(action="mfa_reset", actor_username="ada")
    assert sorted(refused.values_list("outcome", flat=True)) == ["denied", "not_found", "not_found"]


def test_it_needs_a_reason(world: World, client: Any) -> None:
    device_for(world.users["alice"])
    client.force_login(world.users["ada"])
    response = client.post(_url(world, "alice"), {"reason": ""})
    assert (
        response.status_code == 200
        and 'role="alert">This field is required' in response.content.decode()
    )
    assert _devices(world, "alice") == 1


def test_it_refuses_the_sysadmin_a_reset_of_a_data_account(world: World, client: Any) -> None:
    """Merged with the accounts work: resetting a case manager's second factor is a new way
    into an account that reads participant data, so only a program admin may (grants.covers)."""
    device_for(world.users["alice"])
    client.force_login(world.users["hank"])
    assert client.post(_url(world, "alice"), {"reason": REASON}).status_code == 403
    assert _devices(world, "alice") == 1
    assert AuditEvent.objects.filter(action="mfa_reset", outcome="denied").count() == 1


@pytest.mark.parametrize("admin", ["ada"])
def test_it_resets_ends_the_sessions_and_forces_a_new_enrolment(
    world: World, client: Any, password_only: Any, admin: str
) -> None:
    phone = Client()
    phone.force_login(world.users["alice"])
    assert phone.get(reverse("password_change")).status_code == 200
    client.force_login(world.users[admin])
    assert "Reset and sign them out" in client.get(_url(world, "alice")).content.decode()
    response = client.post(_url(world, "alice"), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == _url(world, "alice")
    assert _devices(world, "alice") == 0
    ended = phone.get(reverse("password_change"))  # `/` is public when signed out (issue 14)
    assert ended.status_code == 302 and ended["Location"].startswith(reverse("login"))
    event = AuditEvent.objects.get(action="mfa_reset", outcome="allowed")
    assert (event.actor_username, event.detail) == (
        admin,
        {"user": world.users["alice"].public_id, "reason": REASON, "devices_removed": 1},
    )
    password_only("alice")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_enrol")


def test_it_asks_the_admin_for_a_fresh_code_first(world: World, client: Any) -> None:
    import time

    from openlead.access.stepup import VERIFIED_AT_KEY

    device_for(world.users["alice"])
    client.force_login(world.users["ada"])
    session = client.session
    session[VERIFIED_AT_KEY] = int(time.time()) - 15 * 60
    session.save()
    response = client.post(_url(world, "alice"), {"reason": REASON})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_step_up"))
    assert _devices(world, "alice") == 1
