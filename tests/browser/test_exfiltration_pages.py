"""The search form, the pager and the alerts page in Chromium: 0 CSP violations (issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_searches_by_post_with_two_identifiers_and_says_why_one_is_not_enough(
    live_world: World, live_server: Any, page: Any
) -> None:
    from tests.access.test_helpers import h_identifier

    marker = next(c for c in live_world.canaries if c.startswith("CANARY-own-stateid"))
    h_identifier(live_world.people["own"], "booking_number", "BK-55")
    log_in(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/people/")
    page.click("text=Search by identifier")  # the identifier boxes fold away on a phone
    page.fill("#id_state_id", marker)
    page.click("button:has-text('Search')")
    expect(page.locator(".error").first).to_contain_text("One identifier alone is not enough")
    page.fill("#id_state_id", marker)
    page.fill("#id_booking_number", "BK-55")
    page.click("button:has-text('Search')")
    expect(page.locator(".cards li")).to_have_count(1)
    assert marker not in page.url and "BK-55" not in page.url
    assert page.csp_errors == []


def test_it_shows_the_alerts_page_to_a_program_admin(
    live_world: World, live_server: Any, page: Any
) -> None:
    from openlead.access import audit

    alice = live_world.users["alice"]
    who = audit.Who(alice.pk, "alice", "case_manager", live_world.programs["demo"].pk)
    for i in range(61):
        audit.record(who, action="read", outcome="allowed", person_ref=f"p{i}")
    log_in(page, live_server, "ada", PASSWORD)
    page.click("text=Record-view alerts")
    expect(page.locator("h1")).to_have_text("Record-view alerts")
    expect(page.locator("tbody tr")).to_have_count(1)
    # When, Reason (the safety flag added its own reason), Account, ...
    expect(page.locator("tbody tr td").nth(1)).to_have_text("Many records opened")
    expect(page.locator("tbody tr td").nth(2)).to_have_text("alice")
    assert dt.date.today().isoformat()[:4] in page.locator("tbody tr td").first.inner_text()
    assert page.csp_errors == []
