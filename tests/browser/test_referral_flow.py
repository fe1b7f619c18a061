"""An officer's arrest diversion on a phone, as a new user would do it, in real Chromium."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

# What a typical eligible arrest takes: the door (one tap), then these answers, then submit.
TAPS = [
    "#id_conduct_0",  # possession
    "#id_amenable_0",  # yes
    "input[name=applies][value=none]",  # none of the exclusions, no past convictions
]
TYPED = {"#id_name": "Fake Person Three", "#id_report_number": "24-555", "#id_drug_grams": "1.2"}


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_takes_an_officer_from_arrest_to_hand_off(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "dave", PASSWORD)
    started = time.monotonic()
    page.click("text=New referral")
    page.click("text=Arrest diversion")
    # Questions that do not apply yet stay hidden: grams appear once possession is chosen.
    # (expect() waits for referrals.js to run; a bare is_hidden() raced the page load in CI.)
    expect(page.locator("#id_drug_grams")).to_be_hidden()
    expect(page.locator("#id_amenability_reason")).to_be_hidden()
    for selector in TAPS:
        page.check(selector)
    expect(page.locator("#id_drug_grams")).to_be_visible()
    for selector, text in TYPED.items():
        page.fill(selector, text)
    page.click("button:has-text('Screen and save the referral')")
    decision = page.locator(".decision")
    assert "Eligible" in decision.inner_text()
    assert (
        "1.1" in decision.inner_text() and "possession: eligible conduct" in decision.inner_text()
    )
    page.select_option("#id_worker", label="Otto")
    page.click("button:has-text('Handed off to outreach worker')")
    expect(page.locator("dl.facts")).to_contain_text("Handed off")
    machine_seconds = time.monotonic() - started
    assert machine_seconds < 30
    assert page.csp_errors == []
    # Screens: door, facts, decision; fields: 3 typed + 3 taps (+ 1 tap on the door, 1 on submit).
    assert len(TAPS) + len(TYPED) == 6


def test_it_shows_the_reason_when_the_amount_is_over_the_limit(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "dave", PASSWORD)
    page.goto(f"{live_server.url}/referrals/new/arrest/")
    page.fill("#id_name", "Fake Person Four")
    page.check("#id_conduct_0")
    page.fill("#id_drug_grams", "4")
    page.check("#id_amenable_1")  # no: the reason question appears
    expect(page.locator("#id_amenability_reason")).to_be_visible()
    page.fill("#id_amenability_reason", "says not today")
    page.click("button:has-text('Screen and save the referral')")
    text = page.locator(".decision").inner_text()
    assert "Not eligible" in text and "2.1" in text
