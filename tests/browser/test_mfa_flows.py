"""MFA in a real browser at phone width: enrol at first login, verify, reset; 0 CSP errors."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def _phone_code(secret_text: str) -> str:
    """What an authenticator app shows for the secret typed in from the page."""
    from django_otp.oath import TOTP

    key = base64.b32decode(
        secret_text.replace(" ", "") + "=" * (-len(secret_text.replace(" ", "")) % 8)
    )
    return f"{TOTP(key).token():06d}"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_it_enrols_at_first_login_and_verifies_at_the_next(
    live_world: World, live_server: Any, page: Any
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.mfa import wrong_code_for

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/mfa/enrol/")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 100  # the data: SVG loads
    _shot(page, "mfa-enrol.png")
    device = TOTPDevice.objects.get(user=live_world.users["alice"])
    page.fill("#id_code", wrong_code_for(device))
    page.click("main button[type=submit]")
    assert "That code did not work" in page.inner_text("[role=alert]")
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # as if the user waited a second
    device.save(update_fields=["throttling_failure_timestamp"])
    page.fill("#id_code", _phone_code(page.inner_text("code.secret")))
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/mfa/recovery-codes/")
    codes = page.locator("ol.codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    _shot(page, "mfa-recovery-codes.png")
    page.click("text=I have saved them, continue")
    page.wait_for_url(f"{live_server.url}/")
    assert "Recovery codes saved" in page.inner_text(".messages")
    page.click("header button[type=submit]")  # log out
    page.wait_for_url("**/login/")
    log_in(page, live_server, "alice", PASSWORD)  # types the app's next code (tests/mfa.py)
    page.wait_for_url(f"{live_server.url}/")
    assert page.csp_errors == []


def test_it_shows_the_verify_step_up_and_reset_pages_without_csp_errors(
    live_world: World, live_server: Any, page: Any
) -> None:
    from tests.mfa import code_for, device_for

    device_for(live_world.users["alice"])
    device = device_for(live_world.users["ada"])
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/mfa/verify/**")
    _shot(page, "mfa-verify.png")
    page.fill("#id_code", code_for(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/account/mfa/step-up/?next=/")
    _shot(page, "mfa-step-up.png")
    page.goto(f"{live_server.url}/users/{live_world.users['alice'].public_id}/mfa-reset/")
    page.fill("#id_reason", "Lost phone; confirmed by a call to her desk.")
    page.click("main button[type=submit]")
    assert "MFA reset for alice" in page.inner_text(".messages")
    _shot(page, "mfa-reset.png")
    assert page.csp_errors == []
