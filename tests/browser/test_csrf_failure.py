"""The CSRF failure page in real Chromium: 0 Content Security Policy violations."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_it_shows_the_csrf_failure_page_without_csp_violations(
    live_world: World, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    # The CSRF cookie is gone (expired, blocked): the form's token no longer matches.
    page.context.clear_cookies()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit]")
    assert posted.value.status == 403
    page.wait_for_load_state("load")
    # Django's default page would be refused here: its <style> is inline.
    assert page.csp_errors == []  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("This form could not be sent")
    stylesheet = page.evaluate("getComputedStyle(document.querySelector('header.top')).display")
    assert stylesheet != "inline"  # site.css loaded (a header is inline without it)
    page.click("text=Back to the start")
    # The start is the signed-out home page (issue 14), which leads on to staff log in.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Staff log in")).to_be_visible()
    assert page.csp_errors == []  # type: ignore[attr-defined]
