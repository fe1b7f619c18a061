"""A case manager on a phone records a quick street contact: counted taps, no typing."""

from __future__ import annotations

import time
from typing import Any

import pytest

from openlead.casework.models import Contact
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_it_records_a_street_contact_in_three_taps_on_a_phone(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    taps, fields_filled = 0, 0
    started = time.monotonic()
    page.click("text=My caseload")
    taps += 1
    page.click(".cards li >> text=Quick contact")
    taps += 1
    save = page.locator("button.save")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300  # a big touch target
    assert page.locator("input[name=kind][value=street]").is_checked()
    assert page.locator("#id_duration_minutes").input_value() == "10"
    save.click()
    taps += 1
    page.wait_for_selector("#contacts")
    elapsed = time.monotonic() - started
    contact = Contact.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.location) == ("street", 10, "street")
    assert (taps, fields_filled) == (3, 0)
    assert elapsed < 30
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.csp_errors == []
    print(
        f"quick street contact: {taps} taps, {fields_filled} fields typed, {elapsed:.1f}s in the browser"
    )


def test_it_takes_a_note_and_a_service_with_two_more_taps_and_one_field(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/people/{live_world.people['own'].public_id}/contacts/new/")
    page.click("main summary")  # the first <summary> on a page is the menu's
    page.check("input[name=services][value=naloxone]")
    page.fill("#id_note", "Gave a kit; wants to talk about housing Friday.")
    page.click("button.save")
    page.wait_for_selector("#contacts")
    assert "Gave a kit; wants to talk about housing Friday." in page.content()
    assert Contact.objects.get().services == ["naloxone"]
    assert page.csp_errors == []
