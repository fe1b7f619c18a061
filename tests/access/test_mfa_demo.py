"""The demo keeps MFA on: a published TOTP secret for each persona, and `openlead demo-code`."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from openlead.cli import main
from openlead.demo import DEMO_TOTP_SECRET, demo_totp_key, give_demo_devices
from tests.conftest import World
from tests.mfa import device_for

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_gives_each_persona_the_published_secret_once(world: World) -> None:
    own = device_for(world.users["bob"])  # bob already set up his own app
    # 12 of the 13 users have a persona's name (not una; ada is the demo's program admin
    # since the accounts work); bob keeps his own app.
    assert give_demo_devices() == 11
    assert give_demo_devices() == 0
    demo = TOTPDevice.objects.filter(key=demo_totp_key(), confirmed=True)
    assert set(demo.values_list("user__username", flat=True)) == {
        "alice",
        "ivan",
        "carol",
        "dave",
        "erin",
        "frank",
        "gina",
        "hank",
        "ada",
        "otto",
        "cora",
    }
    assert TOTPDevice.objects.get(user=world.users["bob"]).key == own.key
    assert len(DEMO_TOTP_SECRET) == 32  # 20 bytes of base32, as authenticator apps expect


def test_it_refuses_demo_code_outside_demo_mode(world: World) -> None:
    give_demo_devices()
    with override_settings(OPENLEAD_DEMO=False, DEBUG=True):
        result = CliRunner().invoke(main, ["demo-code", "alice"])
    assert result.exit_code == 2 and "OPENLEAD_DEMO=1" in result.output


@pytest.mark.parametrize("username", ["nobody", "bob"])
def test_it_refuses_demo_code_for_unknown_users_and_own_devices(
    world: World, username: str
) -> None:
    device_for(world.users["bob"])
    give_demo_devices()
    with override_settings(OPENLEAD_DEMO=True):
        result = CliRunner().invoke(main, ["demo-code", username])
    assert result.exit_code == 2 and repr(username) in result.output


def test_it_prints_a_code_the_persona_s_device_accepts(world: World) -> None:
    give_demo_devices()
    with override_settings(OPENLEAD_DEMO=True):
        result = CliRunner().invoke(main, ["demo-code", "dave"])
    assert result.exit_code == 0, result.output
    code = result.output.strip()
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user=world.users["dave"])
    assert device.verify_token(code) is True
    assert device.verify_token(code) is False  # and only once


def test_the_seeded_demo_asks_every_persona_for_the_published_code(client: Any) -> None:
    from django.urls import reverse

    from openlead.access.models import User
    from openlead.demo import PERSONAS, seed_demo
    from tests.mfa import code_for

    seed_demo(n_people=30, seed=5, password="demo-password-1234")
    usernames = {p[0] for p in PERSONAS} | {"otto", "cora"}
    demo = TOTPDevice.objects.filter(key=demo_totp_key(), confirmed=True)
    assert set(demo.values_list("user__username", flat=True)) == usernames
    # 13 personas with the demo secret, plus nora, whose role waits for the second program
    # admin's approval: she has no persona name, so never the published secret; and the
    # participant pia (openlead.portal), who signs in with no second factor at all.
    # The demo's referring officers (reports.demo, accountability.demo) are names in the
    # data only: no usable password and no second factor, so nobody signs in as them.
    officers = User.objects.filter(username__regex=r"^(demo-)?officer")
    assert len(usernames) == 13 and User.objects.exclude(pk__in=officers).count() == 15
    assert officers.exists() and not any(u.has_usable_password() for u in officers)
    assert not TOTPDevice.objects.filter(user__in=officers).exists()
    assert not demo.filter(user__username="nora").exists()
    assert not TOTPDevice.objects.filter(user__username="pia").exists()
    form = {"username": "alice", "password": "demo-password-1234"}
    assert client.post(reverse("login"), form).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("mfa_verify") + "?next=%2F"
    code = code_for(demo.get(user__username="alice"))
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("password_change")).status_code == 200
