"""An evaluator runs the outcome evaluation on a phone and reads the summary."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.reports.helpers import seed_evaluable

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__"), pytest.mark.slow]


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    seed_evaluable(world.programs["demo"], world=world, n_people=60)
    return world


def test_it_runs_the_evaluation_and_shows_the_summary(
    live_world: World, live_server: Any, page: Any
) -> None:
    from openlead.reports.models import EvaluationRun

    log_in(page, live_server, "gina", PASSWORD)
    page.click("text=Outcome evaluation")
    expect(
        page.locator("text=The evaluation has not been run from the web app yet.")
    ).to_have_count(1)
    page.click("button:has-text('Run the evaluation now')")
    # The test settings run the work inline, so the status page shows the finished run.
    expect(page.locator("h1")).to_have_text("Evaluation run")
    expect(page.locator(".badge")).to_have_text("Complete")
    run = EvaluationRun.objects.get()
    summary = page.locator("ul.summary").inner_text()
    assert run.summary and all(sentence in summary for sentence in run.summary)
    assert page.locator("table.estimates tbody tr").count() > 0
    expect(page.locator("text=Report (report.html)")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    with page.expect_download() as download:
        page.click("text=Report (report.html)")
    assert download.value.suggested_filename == f"evaluation-{run.public_id}-report.html"
    page.click("text=Back to the evaluation runs")
    expect(page.locator(".evaluation-runs a")).to_have_text("Complete")
    assert page.csp_errors == []
