"""The 409 page in a real browser: two administrators save the same settings form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture
def second_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    other = context.new_page()
    other.csp_errors = []
    other.on(
        "console",
        lambda msg: (
            other.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield other
    context.close()


def test_it_shows_the_second_saver_both_versions_and_lets_them_keep_theirs(
    live_world: World, live_server: Any, page: Any, second_page: Any
) -> None:
    from openlead.programs.models import Program

    for p in (page, second_page):
        log_in(p, live_server, "hank", PASSWORD)
        p.goto(f"{live_server.url}/program/settings/")
    page.fill("#id_intake_window_days", "21")
    page.click("button:has-text('Save settings')")
    expect(page.locator(".message-success")).to_have_text("Program settings saved.")
    second_page.fill("#id_intake_window_days", "45")
    second_page.click("button:has-text('Save settings')")
    expect(second_page.locator("h1")).to_have_text("Someone else changed this first")
    row = second_page.locator("tr", has_text="Intake window days")
    expect(row.locator("td")).to_have_text(["21", "45"])
    second_page.click("button:has-text('Save mine anyway')")
    expect(second_page.locator(".message-success")).to_have_text("Program settings saved.")
    program = Program.objects.get(pk=live_world.programs["demo"].pk)
    assert (program.intake_window_days, program.version) == (45, 3)
    assert page.csp_errors == [] and second_page.csp_errors == []
