"""The public door on a 390 x 844 phone: a signed-out visitor goes from the login page to
the program's self-referral form, sends it, and the thanks page gives the reference, the
program's phone and hours and the crisis lines, with no sideways scrolling."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    demo = world.programs["demo"]
    demo.public_phone = "(206) 555-0142"
    demo.public_hours = "Monday to Friday, 9 am to 5 pm"
    demo.crisis_lines = (
        "988 Suicide & Crisis Lifeline — 988\nTest City crisis line — (206) 555-0199"
    )
    demo.save()
    return world


def _no_sideways_scroll(page: Any, screen: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{screen} scrolls sideways at 390 px ({width} px wide)"


def test_it_takes_a_signed_out_visitor_from_login_to_the_thanks_page(
    live_world: World, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.wait_for_load_state()
    _no_sideways_scroll(page, "login")
    page.get_by_role("link", name="Refer yourself to Test City LEAD").click()
    expect(page).to_have_url(re.compile(r"/refer/test-city/$"))
    _no_sideways_scroll(page, "form")
    page.get_by_label("Your first name or a nickname").fill("Sunny")
    page.get_by_label(re.compile("One way to reach you")).fill("555-0142")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/refer/test-city/thanks/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Your reference")
    reference = page.locator(".public-reference").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", reference), reference
    expect(main).to_contain_text("(206) 555-0142")
    expect(main).to_contain_text("Monday to Friday, 9 am to 5 pm")
    expect(main).to_contain_text("988 Suicide & Crisis Lifeline")
    expect(main).to_contain_text("(206) 555-0199")
    _no_sideways_scroll(page, "thanks")
    assert not page.csp_errors  # type: ignore[attr-defined]
