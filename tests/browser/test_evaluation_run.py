"""An evaluator runs the outcome evaluation on a phone and reads the summary."""

from __future__ import annotations

import os
from pathlib import Path
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


SHOTS = Path(os.environ.get("OPENLEAD_SHOTS", "/tmp/openlead-shots"))


def _no_sideways_scroll(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways at {width}px ({scroll}px)"


def test_it_runs_the_evaluation_and_shows_the_summary(
    live_world: World, live_server: Any, page: Any
) -> None:
    from openlead.reports.models import EvaluationRun

    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server, "gina", PASSWORD)
    page.click("text=Outcome evaluation")
    expect(
        page.locator("text=The evaluation has not been run from the web app yet.")
    ).to_have_count(1)
    page.click("button:has-text('Run the evaluation now')", timeout=300_000)
    # The test settings run the work inline, so the status page shows the finished run.
    expect(page.locator("h1")).to_have_text("Evaluation run")
    expect(page.locator(".badge")).to_have_text("Complete")
    run = EvaluationRun.objects.get()
    summary = page.locator("ul.summary").inner_text()
    assert run.summary and all(sentence in summary for sentence in run.summary)
    rows = page.locator("table.headline a[href^='#estimate-']")
    assert rows.count() > 0
    _no_sideways_scroll(page, 390)
    # The plots are drawn inside the page, within the phone's width, with their colours.
    plot = page.locator("svg.plot").first
    expect(plot).to_be_visible()
    box = plot.bounding_box()
    assert box is not None and 250 < box["width"] <= 390 and box["height"] > 100
    assert page.locator("svg.plot [fill]").count() > 0
    page.screenshot(path=str(SHOTS / "evaluation-run-390.png"), full_page=True)
    # An estimate's details are behind its link: closed until it is followed, then open.
    first = rows.first.get_attribute("href")
    assert first and page.locator(f"details:has({first})").get_attribute("open") is None
    rows.first.click()
    detail = page.locator(".estimate-detail :target")
    expect(detail).to_be_visible()
    expect(detail.locator("dt", has_text="Estimand")).to_have_count(1)
    page.click("text=Read the full report (report.html)")
    expect(page.locator("h1").first).to_be_visible()
    # The report's own <style> applies under its hash-only policy (body max-width 72rem).
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "1152px"
    assert page.locator("svg").count() > 0
    page.screenshot(path=str(SHOTS / "evaluation-report-390.png"))
    page.go_back()
    with page.expect_download() as download:
        page.click("text=Download the report (report.html)")
    assert download.value.suggested_filename == f"evaluation-{run.public_id}-report.html"
    page.click("text=Back to the evaluation runs")
    expect(page.locator(".evaluation-runs a")).to_have_text("Complete")
    assert page.csp_errors == []


def test_it_shows_the_results_at_desktop_width(
    live_world: World, live_server: Any, browser: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    errors: list[str] = []
    desk.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)
    log_in(desk, live_server, "gina", PASSWORD)
    desk.click("text=Outcome evaluation")
    desk.click("button:has-text('Run the evaluation now')", timeout=300_000)
    expect(desk.locator(".badge")).to_have_text("Complete")
    expect(desk.locator("svg.plot").first).to_be_visible()
    _no_sideways_scroll(desk, 1280)
    desk.screenshot(path=str(SHOTS / "evaluation-run-desktop.png"), full_page=True)
    desk.click("text=Read the full report (report.html)")
    assert desk.locator("svg").count() > 0
    desk.screenshot(path=str(SHOTS / "evaluation-report-desktop.png"), full_page=True)
    assert errors == []
    context.close()
