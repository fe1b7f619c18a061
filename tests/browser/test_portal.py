"""The participant's own door on a phone (390x844), in English and in Spanish, with axe at
each step: a case manager makes a code, the participant signs up with it, sees who read
her record, revokes a release and asks for her record to be deleted (issue 14)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from tests.browser.axe import check, require_axe
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
PASSPHRASE = "blue kettle sings loudly tonight"


def _said(language: str, text: str, **values: str) -> str:
    """What the page says in this language (the catalog's own translation)."""
    with translation.override(language):
        return translation.gettext(text) % values if values else translation.gettext(text)


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_it_enrols_shows_who_read_revokes_and_asks_deletion_on_a_phone(
    world: World, live_server: Any, page: Any, browser: Any, locale: str
) -> None:
    from openlead.people.models import ConsentRelease
    from openlead.retention.models import DeletionRequest

    require_axe()
    lang, problems = locale[:2], []
    person = world.people["revoked"]  # ivan's participant, with no portal account yet
    log_in(page, live_server, "ivan", PASSWORD)
    page.goto(f"{live_server.url}/people/{person.public_id}/casework/")
    page.click("#portal button[type=submit]")
    page.wait_for_load_state()
    code = CODE.search(page.inner_text("main"))
    assert code, page.inner_text("main")
    page.screenshot(path=f"/tmp/shots-portal/b1-code-{lang}.png", full_page=True)

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale=locale, bypass_csp=True
    )
    me = phone.new_page()
    me.goto(f"{live_server.url}/me/enrol/")
    problems += check(me, f"enrol [{lang}]")
    me.fill("#id_code", code.group(0))
    me.fill("#id_username", "rosa")
    me.fill("#id_passphrase", PASSPHRASE)
    me.fill("#id_passphrase_again", PASSPHRASE)
    me.click("main button[type=submit]")
    me.wait_for_url(f"{live_server.url}/me/")
    signed_up = _said(lang, "You are signed up. Your username is %(name)s.", name="rosa")
    assert signed_up in me.inner_text("main")
    assert me.evaluate("document.documentElement.lang") == lang
    problems += check(me, f"home [{lang}]")
    me.screenshot(path=f"/tmp/shots-portal/b2-home-{lang}.png", full_page=True)

    me.goto(f"{live_server.url}/me/who-read/")
    text = me.inner_text("main")
    with translation.override(lang):
        case_manager = str(translation.pgettext("role", "Case manager"))
    assert f"{case_manager}, Test cm" in text and _said(lang, "You") in text
    problems += check(me, f"who read [{lang}]")
    me.screenshot(path=f"/tmp/shots-portal/b3-who-read-{lang}.png", full_page=True)

    release = ConsentRelease.objects.create(
        person=person,
        recipient_organization=world.orgs["defender"],
        field_groups=["legal"],
        starts_on=world.consents["own-police"].starts_on,
    )
    me.goto(f"{live_server.url}/me/releases/")
    me.click(f"#release-{release.public_id} button[type=submit]")
    me.wait_for_load_state()
    assert _said(lang, "Done. This release is stopped from now on.") in me.inner_text("main")
    problems += check(me, f"release revoked [{lang}]")
    me.screenshot(path=f"/tmp/shots-portal/b4-revoked-{lang}.png", full_page=True)
    release.refresh_from_db()
    assert release.revoked_at is not None

    me.goto(f"{live_server.url}/me/delete/")
    problems += check(me, f"deletion request [{lang}]")
    me.check("#id_confirm")
    me.click("main button[type=submit]")
    me.wait_for_load_state()
    got = _said(lang, "We got your request. Your case manager will talk with you.")
    assert got in me.inner_text("main")
    me.screenshot(path=f"/tmp/shots-portal/b5-deletion-{lang}.png", full_page=True)
    row = DeletionRequest.objects.get(person=person)
    assert (row.source, row.status) == ("participant", "requested")

    assert me.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert problems == []
    phone.close()
