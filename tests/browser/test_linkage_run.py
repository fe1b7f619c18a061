"""A supervisor runs linkage from the review queue on a phone and reads the counts."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.records.helpers import seed_linkable

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__"), pytest.mark.slow]


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    seed_linkable(world.programs["demo"], n_people=20)
    return world


def test_it_runs_linkage_and_shows_the_counts(
    live_world: World, live_server: Any, page: Any
) -> None:
    from openlead.records.models import LinkageRun

    log_in(page, live_server, "bob", PASSWORD)
    page.click("text=Record links to review")
    expect(page.locator("text=Linkage has not been run from the web app yet.")).to_have_count(1)
    page.click("button:has-text('Run linkage now')")
    # The test settings run the work inline, so the status page shows the finished run.
    expect(page.locator("h1")).to_have_text("Record linkage")
    expect(page.locator(".badge")).to_have_text("Complete")
    run = LinkageRun.objects.get()
    counts = page.locator("dl").inner_text()
    assert f"Participants\n{run.participants}" in counts and run.participants >= 10  # + world
    assert f"Comparison people\n{run.comparison_people}" in counts and run.comparison_people == 10
    assert f"Linked automatically\n{run.auto_accepted}" in counts
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.click("text=Back to the review queue")
    expect(page.get_by_role("link", name="Complete")).to_have_count(1)
    assert page.csp_errors == []
