"""Legal demands on a 390 x 844 phone: the case manager logs a subpoena from the person's
page, and the program admin declines it on the refusal form; no sideways scrolling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_logs_a_subpoena_and_declines_it_on_a_phone(
    live_world: World, live_server: Any, page: Any
) -> None:
    own = live_world.people["own"].public_id
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/people/{own}/")
    page.click("text=Log a legal demand")
    expect(page.locator(".demand-rules")).to_contain_text("Do not confirm or deny")
    page.check("input[name=kind][value=subpoena]")
    page.fill("#id_requester", "Test Firm LLP")
    # Yesterday: the program's day (Los Angeles) may still be behind the server's.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.fill("#id_received_on", yesterday.isoformat())
    page.fill("#id_summary", "Asks for attendance records.")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    page.click("main button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Nothing has been disclosed.")
    demand_url = page.url
    page.context.clear_cookies()
    log_in(page, live_server, "ada", PASSWORD)
    page.goto(f"{demand_url}decide/")
    expect(page.locator("main")).to_contain_text("A subpoena alone never allows disclosure")
    assert page.locator("#id_section").count() == 0  # the refusal path: no order to fill in
    page.check("input[name=outcome][value=decline]")
    page.fill("#id_counsel_name", "Counsel Testlawyer")
    page.fill("#id_advice_reference", "ADV-1")
    page.fill("#id_reason", "A subpoena alone does not allow disclosure.")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    page.click("main button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Nothing was disclosed.")
    expect(page.locator("main")).to_contain_text("Declined")
    assert page.evaluate(SCROLL_WIDTH) <= 390
    assert page.csp_errors == []
