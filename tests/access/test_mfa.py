"""Enrolment at first login, recovery codes, and verifying with TOTP or a recovery code."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openlead.access.mfa import secret_text
from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.mfa import code_for, device_for, wait_out_throttle, wrong_code_for

pytestmark = pytest.mark.django_db(databases="__all__")

ENROL, CODES, VERIFY = "mfa_enrol", "mfa_recovery_codes", "mfa_verify"


def _enrol(client: Any) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator for the logged-in user; returns it and the codes shown."""
    client.get(reverse(ENROL))
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse(ENROL), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse(CODES)
    page = client.get(reverse(CODES)).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    return device, codes


def _events(action: str, username: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, actor_username=username))


def test_it_refuses_a_wrong_enrolment_code_beside_the_field(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    page = client.get(reverse(ENROL)).content.decode()
    device = TOTPDevice.objects.get(user=world.users["alice"])
    assert 'src="data:image/svg+xml' in page and secret_text(device) in page
    response = client.post(reverse(ENROL), {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert 'class="error" role="alert">That code did not work' in response.content.decode()
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert client.get(reverse("home")).status_code == 302
    assert len(_events("mfa_failed", "alice")) == 1
    assert client.post(reverse(ENROL), {"code": ""}).status_code == 200  # empty: a field error


def test_it_shows_the_same_secret_until_enrolment_is_confirmed(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    first = client.get(reverse(ENROL)).content.decode()
    second = client.get(reverse(ENROL)).content.decode()
    device = TOTPDevice.objects.get(user=world.users["alice"])
    assert secret_text(device) in first and secret_text(device) in second
    assert TOTPDevice.objects.filter(user=world.users["alice"]).count() == 1


def test_it_confirms_the_right_code_and_shows_ten_recovery_codes_once(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    device, codes = _enrol(client)
    stored = set(
        StaticToken.objects.filter(device__user=world.users["alice"]).values_list(
            "token", flat=True
        )
    )
    assert len(codes) == 10 and set(codes) == stored
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert (
        client.get(reverse("password_change")).status_code == 200
    )  # verified by the enrolment itself
    assert client.post(reverse(CODES)).status_code == 302  # "I have saved them"
    again = client.get(reverse(CODES)).content.decode()
    assert [c for c in codes if c in again] == []
    enrolled = _events("mfa_enrol", "alice")
    assert len(enrolled) == 1 and enrolled[0].detail == {"recovery_codes": 10}
    dumped = " ".join(str(e.__dict__) for e in AuditEvent.objects.all())
    secret = secret_text(device).replace(" ", "")
    assert [c for c in codes if c in dumped] == [] and secret not in dumped.replace(" ", "")
    assert device.key not in dumped


def test_it_accepts_each_recovery_code_once(world: World, client: Any, password_only: Any) -> None:
    password_only("alice")
    _, codes = _enrol(client)
    password_only("alice")
    typed = codes[0][:4] + "-" + codes[0][4:].upper()  # as people type them
    response = client.post(reverse(VERIFY), {"code": typed, "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert StaticToken.objects.filter(device__user=world.users["alice"]).count() == 9
    used = _events("mfa_recovery", "alice")
    assert len(used) == 1 and used[0].detail["recovery_codes_left"] == 9
    password_only("alice")
    device = world.users["alice"].staticdevice_set.get()
    wait_out_throttle(device)
    again = client.post(reverse(VERIFY), {"code": codes[0]})
    assert again.status_code == 200 and "That code did not work" in again.content.decode()
    assert client.get(reverse("home")).status_code == 302
    wait_out_throttle(device)
    assert client.post(reverse(VERIFY), {"code": codes[1]}).status_code == 302
    assert client.get(reverse("password_change")).status_code == 200


def test_it_verifies_with_a_totp_code_and_refuses_its_replay(
    world: World, client: Any, password_only: Any
) -> None:
    device = device_for(world.users["bob"])
    password_only("bob")
    assert client.get(reverse("home")).status_code == 302
    code = code_for(device)
    before = client.session.session_key
    response = client.post(reverse(VERIFY), {"code": code, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session.session_key != before  # a new session id once verified
    assert client.get(reverse("password_change")).status_code == 200
    assert len(_events("mfa_verify", "bob")) == 1
    password_only("bob")
    replay = client.post(reverse(VERIFY), {"code": code})
    assert replay.status_code == 200 and "That code did not work" in replay.content.decode()
    assert client.get(reverse("home")).status_code == 302
    failed = _events("mfa_failed", "bob")
    assert len(failed) == 1 and failed[0].detail == {"method": "totp", "step": "sign-in"}


def test_it_throttles_wrong_codes_as_django_otp_does(
    world: World, client: Any, password_only: Any
) -> None:
    device = device_for(world.users["bob"])
    password_only("bob")
    assert client.post(reverse(VERIFY), {"code": wrong_code_for(device)}).status_code == 200
    throttled = client.post(reverse(VERIFY), {"code": code_for(device)})
    assert "Too many wrong codes. Wait" in throttled.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get(reverse("home")).status_code == 302
    wait_out_throttle(device)
    assert client.post(reverse(VERIFY), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert len(_events("mfa_failed", "bob")) == 2


@pytest.mark.parametrize(
    ("next_url", "lands"),
    [
        ("/people/", "/people/"),
        ("https://evil.example/", "/"),
        ("//evil.example/people/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_it_follows_next_only_to_a_path_on_this_site(
    world: World, client: Any, password_only: Any, next_url: str, lands: str
) -> None:
    device = device_for(world.users["bob"])
    password_only("bob")
    response = client.post(reverse(VERIFY), {"code": code_for(device), "next": next_url})
    assert response.status_code == 302 and response["Location"] == lands
