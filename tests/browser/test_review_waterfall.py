"""The review page at desktop width, as a supervisor decides a pair: the waterfall of match
weights and the highlighted letters that differ (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.axe import check, require_axe
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.records.helpers import FAKE_WEIGHTS, make_record

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    from openlead.people import vault
    from openlead.records.models import PersonRecordLink

    world = build_world()
    person = world.people["own"]
    dek = vault.data_key(person.public_id)
    vault.set_person_field(person, dek, "legal_name", "Jordan Fakename")
    vault.set_person_field(person, dek, "date_of_birth", "1988-05-14")
    person.save(update_fields=["legal_name", "date_of_birth"])
    # The record spells the surname with one letter less: Fakename / Fakenam.
    record = make_record(person.program, "EV-waterfall", last_name="Fakenam")
    PersonRecordLink.objects.create(
        person=person,
        record=record,
        probability=0.81,
        band="review",
        status="pending",
        weights=FAKE_WEIGHTS,
    )
    return world


def test_it_shows_the_waterfall_and_the_differing_letters(
    live_world: World, live_server: Any, desktop: Any
) -> None:
    page = desktop
    log_in(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/records/review/")
    page.click(".cards li a")
    expect(page.locator("h1")).to_have_text("Same person?")
    svg = page.locator("svg.waterfall")
    expect(svg).to_be_visible()
    # One bar per part of the score: prior, four fields, the names' frequency, the total.
    assert svg.locator("rect").count() == 7
    labels = svg.locator("text").all_text_contents()  # SVG text has no innerText
    assert "Last name: typo" in labels and "Score (match weight)" in labels
    assert "+9.1" in labels and "-2.0" in labels
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150
    # Positive bars green, negative red (the prior and the sex), the total blue.
    fills = svg.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))")
    assert fills.count("#b3261e") == 2 and fills[-1] == "#1f4e79"
    marks = page.locator("table.compare mark").all_inner_texts()
    assert marks, "no letter is highlighted"
    last_row = page.locator("table.compare tr", has_text="Last name")
    expect(last_row.locator("mark")).to_have_count(1)  # only the e the record lacks
    assert last_row.locator("mark").inner_text() == "e"
    expect(
        page.locator("table.compare tr", has_text="Date of birth").locator("mark")
    ).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-waterfall-desktop.png"), full_page=True)
    assert page.csp_errors == []
    assert _axe(page) == []


def _axe(page: Any) -> list[str]:
    """axe on the same page, in a context that lets its inline script run (the site's CSP
    refuses it, as it should; the CSP was checked above), signed in with the same cookies."""
    require_axe()
    browser = page.context.browser
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        context.add_cookies(page.context.cookies())
        other = context.new_page()
        other.goto(page.url)
        return check(other, "link review with waterfall (desktop)")
    finally:
        context.close()
