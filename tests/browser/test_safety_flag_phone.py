"""A case manager on a phone sets a safety flag: choose the risk, one tap, a success message;
an outreach worker then sees the person without their address, and nothing says why."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.access.models import SafetyFlag
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_sets_the_flag_with_one_tap_at_phone_width(
    live_world: World, live_server: Any, page: Any
) -> None:
    person = live_world.people["own"]
    address = next(c for c in live_world.canaries if c.startswith("CANARY-own-address"))
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/people/{person.public_id}/casework/")
    page.select_option("#id_kind", "trafficking")
    button = page.locator("#safety button:has-text('Set safety flag')")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a big touch target
    button.click()
    page.wait_for_selector("text=Safety flag set")
    assert SafetyFlag.objects.get().kind == "trafficking"
    assert page.locator("#safety .badge-safety").inner_text() == "Safety flag: Trafficking"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.csp_errors == []
    page.context.clear_cookies()
    log_in(page, live_server, "otto", PASSWORD)
    page.goto(f"{live_server.url}/people/{person.public_id}/")
    body = page.content()
    assert address not in body and "afety flag" not in body
