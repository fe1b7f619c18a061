"""The defender on a 390 x 844 phone: the client list, a client's page, a note to the care
team, and no sideways scrolling on any of them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.legal.defense_helpers import frank_case

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    frank_case(world, "own")
    return world


def test_it_takes_the_defender_from_the_client_list_to_a_sent_note(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "frank", PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/")
    page.locator("nav.site-menu a", has_text="Clients").first.click()
    expect(page).to_have_url(f"{live_server.url}/defense/clients/")
    rows = page.locator(".defense-clients > li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("next court date")
    expect(rows.first).to_contain_text("Arraignment")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    rows.first.locator("a").click()
    own = live_world.people["own"].public_id
    expect(page).to_have_url(f"{live_server.url}/defense/clients/{own}/")
    expect(page.locator("#cases")).to_contain_text("Possession of a controlled substance")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    page.fill("#id_text", "The arraignment moved to Tuesday; can you remind them?")
    page.click("button:has-text('Send the note')")
    expect(page.locator(".messages")).to_contain_text("Note sent to the care team.")
    expect(page.locator(".defense-thread")).to_contain_text("moved to Tuesday")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    assert page.csp_errors == []
