"""The spine UI as people use it, in a real browser on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_lets_a_case_manager_find_a_participant_and_add_a_note(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    page.click("text=Find a person")
    page.click(f"a[href='/people/{live_world.people['own'].public_id}/']")
    expect(page.locator("h1")).to_contain_text("CANARY-own-name")
    page.click("button:has-text('Save note')")  # empty: the form must say why
    assert page.locator(".error").first.inner_text() == "Write the note before saving."
    page.fill("#id_text", "Met at the library; wants help with ID.")
    page.click("button:has-text('Save note')")
    expect(page.locator("text=Met at the library; wants help with ID.")).to_have_count(1)
    assert page.csp_errors == []


def test_it_shows_an_officer_only_the_status_of_their_referrals(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "dave", PASSWORD)
    page.click("text=People I referred")
    cards = page.locator(".cards li")
    expect(cards).to_have_count(2)
    cards.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("Referral")
    body = page.content()
    assert "Enrollment status" in body and "Active" in body
    assert not [c for c in live_world.canaries if c in body]
    assert page.csp_errors == []


def test_it_shows_one_message_for_bad_passwords_and_unknown_users(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", "wrong-password-123")
    known = page.locator("[role=alert]").inner_text()
    log_in(page, live_server, "nobody-here", "wrong-password-123")
    assert page.locator("[role=alert]").inner_text() == known
