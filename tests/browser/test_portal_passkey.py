"""A participant's passkey on a phone (390x844), through Chromium's virtual authenticator
(DevTools WebAuthn domain): she adds a passkey after signing in with her passphrase,
signs out, signs in with the passkey alone; after her case manager issues a new code
(lost access) the passkey no longer opens her pages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
PASSPHRASE = "blue kettle sings loudly tonight"
SHOTS = "/tmp/shots-passkey"
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def _issue_code(staff: Any, live_server: Any, public_id: str) -> str:
    staff.goto(f"{live_server.url}/people/{public_id}/casework/")
    staff.click("#portal button[type=submit]")
    staff.wait_for_load_state()
    code = CODE.search(staff.inner_text("main"))
    assert code, staff.inner_text("main")
    return code.group(0)


def _enrol(me: Any, live_server: Any, code: str) -> None:
    me.goto(f"{live_server.url}/me/enrol/")
    me.fill("#id_code", code)
    me.fill("#id_username", "rosa")
    me.fill("#id_passphrase", PASSPHRASE)
    me.fill("#id_passphrase_again", PASSPHRASE)
    me.click("main button[type=submit]")
    me.wait_for_url(f"{live_server.url}/me/")


def _passkey_sign_in(me: Any, live_server: Any) -> None:
    me.goto(f"{live_server.url}/me/signin/")
    me.click("text=Sign in with a passkey")


def test_it_registers_signs_in_with_and_reissue_kills_a_passkey(
    world: World, live_server: Any, page: Any, browser: Any
) -> None:
    from openlead.access.models import AuditEvent
    from openlead.portal.models import PortalPasskey

    person = world.people["revoked"]  # ivan's participant, with no portal account yet
    log_in(page, live_server, "ivan", PASSWORD)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    me = phone.new_page()
    console: list[str] = []
    me.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    cdp = phone.new_cdp_session(me)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    _enrol(me, live_server, _issue_code(page, live_server, person.public_id))

    me.click("#passkeys button[data-passkey-start]")
    me.wait_for_selector("text=You can now sign in with your phone's screen lock")
    assert PortalPasskey.objects.filter(account__person=person).count() == 1
    assert "Phone passkey, added" in me.inner_text("#passkeys")
    me.screenshot(path=f"{SHOTS}/p1-home-passkey.png", full_page=True)
    assert me.evaluate("document.documentElement.scrollWidth") <= 390

    me.click("header button[type=submit]")  # sign out
    me.wait_for_url(re.compile(r".*/me/signin/"))
    me.screenshot(path=f"{SHOTS}/p2-signin.png", full_page=True)
    _passkey_sign_in(me, live_server)
    me.wait_for_url(f"{live_server.url}/me/")
    assert "My pages" in me.inner_text("main")
    key = PortalPasskey.objects.get(account__person=person)
    assert key.last_used_at is not None
    assert AuditEvent.objects.filter(purpose="portal passkey sign-in").count() == 1
    assert [c for c in console if "Content Security Policy" in c] == []

    me.click("header button[type=submit]")
    me.wait_for_url(re.compile(r".*/me/signin/"))
    fresh = _issue_code(page, live_server, person.public_id)  # lost access: a new code
    assert not PortalPasskey.objects.filter(account__person=person).exists()
    _passkey_sign_in(me, live_server)
    me.wait_for_selector("text=This passkey does not work here")
    assert me.url.endswith("/me/signin/")
    me.screenshot(path=f"{SHOTS}/p3-signin-refused.png", full_page=True)
    phone.close()

    # A browser without WebAuthn: no button, and the page says the passphrase is enough.
    old = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    old.add_init_script("delete window.PublicKeyCredential;")
    me = old.new_page()
    _enrol(me, live_server, fresh)
    assert not me.is_visible("#passkeys button[data-passkey-start]")
    assert "cannot make a passkey" in me.inner_text("#passkeys")
    assert "no passkey yet" in me.inner_text("#passkeys")
    me.screenshot(path=f"{SHOTS}/p4-home-no-webauthn.png", full_page=True)
    old.close()
