"""A supervisor follows justice-record imports on a phone and reads a batch's rejected rows."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.records.helpers import make_batch

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    make_batch(world, "own")  # partial, one rejected row
    running = make_batch(world, "shared", status="running")
    # A long name with no spaces must wrap, not push the page sideways.
    running.file_name = "county_jail_bookings_full_extract_2026_11_27_statewide_v2.csv"
    running.save(update_fields=["file_name"])
    return world


def _assert_no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"


def test_it_shows_progress_and_a_batchs_rejected_rows_on_a_phone(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "bob", PASSWORD)
    page.click("text=Justice record imports")
    expect(page.locator("h1")).to_have_text("Justice record imports")
    expect(page.locator(".batches progress")).to_have_count(1)
    expect(page.locator(".batches .badge")).to_have_text(["Running", "Complete with row errors"])
    _assert_no_sideways_scroll(page)
    page.click("text=extract-own.csv")
    expect(page.locator("h1")).to_have_text("Import batch")
    rows = page.locator("table.rejected tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_have_text("7EventDatenot a date (expected MM/DD/YYYY)")
    _assert_no_sideways_scroll(page)
    assert page.csp_errors == []
