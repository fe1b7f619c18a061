"""Account management at desktop width, as the sysadmin and two program admins use it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, log_in
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    from openlead.access.models import Membership, User

    world = build_world()
    ada2 = User.objects.create_user(username="ada2", password=PASSWORD, first_name="Ada2")
    Membership.objects.create(
        user=ada2,
        program=world.programs["demo"],
        organization=world.orgs["cm"],
        role="program_admin",
    )
    return world


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    """A desktop-sized page that records CSP violations."""
    assert CHROMIUM
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()


def _log_out(page: Any) -> None:
    page.click("button:has-text('Log out')")
    expect(page.locator("#id_username")).to_be_visible()


def _add_account(page: Any, username: str, role_label: str, org: str) -> None:
    page.click("text=Users")
    page.fill("#id_username", username)
    page.fill("#id_full_name", "Quinn Case")
    page.select_option("#id_organization", label=org)
    if role_label:
        page.select_option("#id_role", label=role_label)
    page.fill("#id_reason", "starts on Monday")
    page.click("button:has-text('Add account')")


def test_it_walks_a_new_case_manager_through_two_admins_and_a_one_time_link(
    live_world: World, live_server: Any, desk: Any
) -> None:
    log_in(desk, live_server, "hank", PASSWORD)
    desk.click("text=Users")
    # expect() waits for the Users page to load; a bare read right after the click raced it
    # in CI and saw the previous page's (empty) option list.
    roles = desk.locator("#id_role option")
    expect(roles).to_have_text(["Choose a role", "System administrator"])  # nothing that reads data
    _log_out(desk)
    log_in(desk, live_server, "ada", PASSWORD)
    _add_account(desk, "quinn", "Case manager", "Test cm")
    expect(desk.locator(".messages li")).to_contain_text("waits for a second program admin")
    link = desk.locator(".onetime code").inner_text()
    desk.goto(desk.url)  # shown once
    expect(desk.locator(".onetime")).to_have_count(0)
    _log_out(desk)
    log_in(desk, live_server, "ada2", PASSWORD)
    desk.click("text=Users")
    desk.click("a:has-text('quinn')")
    desk.fill("input[id^=reason-]", "agreed at the team meeting")
    desk.click("button:has-text('Record decision')")
    expect(desk.locator(".messages li")).to_have_text("Request approved.")
    _log_out(desk)
    desk.goto(link)
    desk.fill("#id_new_password1", "quinn's own long passphrase")
    desk.fill("#id_new_password2", "quinn's own long passphrase")
    desk.click("button:has-text('Set password')")
    expect(desk.locator(".messages li")).to_contain_text("Password set")
    log_in(desk, live_server, "quinn", "quinn's own long passphrase")
    expect(desk.locator(".who")).to_contain_text("Case manager")
    desk.screenshot(path="/tmp/openlead-accounts-quinn.png")
    assert desk.csp_errors == []
