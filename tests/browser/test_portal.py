"""The participant's own door on a phone (390x844): a case manager makes a code, the
participant signs up with it, sees who read her record and revokes a release."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
PASSPHRASE = "blue kettle sings loudly tonight"


def test_it_enrols_shows_who_read_and_revokes_on_a_phone(
    world: World, live_server: Any, page: Any, browser: Any
) -> None:
    from openlead.people.models import ConsentRelease

    person = world.people["revoked"]  # ivan's participant, with no portal account yet
    log_in(page, live_server, "ivan", PASSWORD)
    page.goto(f"{live_server.url}/people/{person.public_id}/casework/")
    page.click("#portal button[type=submit]")
    page.wait_for_load_state()
    code = CODE.search(page.inner_text("main"))
    assert code, page.inner_text("main")
    page.screenshot(path="/tmp/shots-portal/b1-code.png", full_page=True)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    me = phone.new_page()
    me.goto(f"{live_server.url}/me/enrol/")
    me.fill("#id_code", code.group(0))
    me.fill("#id_username", "rosa")
    me.fill("#id_passphrase", PASSPHRASE)
    me.fill("#id_passphrase_again", PASSPHRASE)
    me.click("main button[type=submit]")
    me.wait_for_url(f"{live_server.url}/me/")
    assert "Your username is rosa" in me.inner_text("main")
    me.screenshot(path="/tmp/shots-portal/b2-home.png", full_page=True)

    me.click("text=Who read my record")
    text = me.inner_text("main")
    assert "Case manager, Test cm" in text and "You" in text
    me.screenshot(path="/tmp/shots-portal/b3-who-read.png", full_page=True)

    release = ConsentRelease.objects.create(
        person=person,
        recipient_organization=world.orgs["defender"],
        field_groups=["legal"],
        starts_on=world.consents["own-police"].starts_on,
    )
    me.goto(f"{live_server.url}/me/releases/")
    me.click(f"#release-{release.public_id} button[type=submit]")
    me.wait_for_load_state()
    assert "This release is stopped" in me.inner_text("main")
    me.screenshot(path="/tmp/shots-portal/b4-revoked.png", full_page=True)
    width = me.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on a phone
    release.refresh_from_db()
    assert release.revoked_at is not None
    phone.close()
