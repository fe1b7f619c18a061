"""Issue 16, in Chromium at phone width: the casework page's longer forms load when their
<details> opens (static/openlead/lazy-forms.js, no inline script), save through the same
write with its success message, and without JavaScript the link goes to the form's page."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.casework.models import Appointment, Goal
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_it_loads_a_form_when_its_section_opens_and_saves_it(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    person_url = f"{live_server.url}/people/{live_world.people['own'].public_id}/casework/"
    page.goto(person_url)
    assert page.locator("#goal-form").count() == 0  # not rendered with the page
    page.click("#plan summary:has-text('Add a goal')")
    page.wait_for_selector("#goal-form #goal-words")
    page.select_option("#goal-domain", "housing")
    page.fill("#goal-words", "A room of my own")
    page.click("#goal-form button[type=submit]")
    page.wait_for_selector(".messages >> text=Plan goal added.")
    assert page.url == person_url
    assert Goal.objects.get().domain == "housing"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.csp_errors == []


def test_it_shows_a_form_that_did_not_save_open_with_its_errors(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/people/{live_world.people['own'].public_id}/casework/")
    page.click("#appointments summary:has-text('Add an appointment')")
    page.wait_for_selector("#appointment-form")
    page.click("#appointment-form button[type=submit]")  # no time given
    page.wait_for_selector("#appointment-starts_at-error")
    assert page.locator("#appointments details[open] #appointment-form").count() == 1
    assert not Appointment.objects.exists()
    assert page.csp_errors == []


def test_it_goes_to_the_forms_own_page_without_javascript(
    browser: Any, live_world: World, live_server: Any
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, "alice", PASSWORD)
        own = live_world.people["own"].public_id
        page.goto(f"{live_server.url}/people/{own}/casework/")
        page.click("#plan summary:has-text('Add a goal')")
        page.click("text=Open the goal form")
        assert page.url == f"{live_server.url}/people/{own}/goals/new/"
        page.fill("#goal-words", "Get my ID back")
        page.click("#goal-form button[type=submit]")
        page.wait_for_selector(".messages >> text=Plan goal added.")
        assert Goal.objects.get().domain  # the first domain, as a browser sends a <select>
        page.goto(f"{live_server.url}/people/{own}/goals/new/")
        page.click("text=Back to casework")
        assert page.url == f"{live_server.url}/people/{own}/casework/#plan"
    finally:
        context.close()
