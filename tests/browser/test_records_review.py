"""The linkage review queue as a supervisor uses it, on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.records.helpers import make_link

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    make_link(world, "pending", "own")
    return world


def test_it_lets_a_supervisor_compare_and_reject_a_pair(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "bob", PASSWORD)
    page.click("text=Record links to review")
    page.click(".cards li a")
    expect(page.locator("h1")).to_have_text("Same person?")
    table = page.locator("table.compare").inner_text()
    assert "Fakename" in table and "WA90000001" in table
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.click("button:has-text('Not the same person')")
    expect(page.locator("text=Nothing waiting for review.")).to_have_count(1)
    assert page.csp_errors == []
