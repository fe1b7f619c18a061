"""WCAG 2.2 AA with axe-core (issue 14): the public pages in English and Spanish, and the
field roles' pages on a 390 x 844 phone, with 0 serious or critical findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.browser.axe import check, require_axe
from tests.browser.conftest import log_in
from tests.casework.conftest import build_casework
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    build_casework(world)
    demo = world.programs["demo"]
    demo.public_summary = "Help with housing, treatment and ID, on your terms."
    demo.public_phone = "(206) 555-0142"
    demo.public_hours = "Monday to Friday, 9 am to 5 pm"
    demo.crisis_lines = "988 Suicide & Crisis Lifeline — 988"
    demo.save()
    return world


def _phone(browser: Any, locale: str) -> Iterator[Any]:
    # bypass_csp: axe is injected as an inline script, which the site's CSP refuses (as it
    # should); the CSP itself is checked by the other browser tests.
    require_axe()
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale=locale,
        bypass_csp=True,
    )
    yield context.new_page()
    context.close()


@pytest.fixture(params=["en-US", "es-MX"])
def public_page(request: Any, browser: Any) -> Iterator[Any]:
    yield from _phone(browser, request.param)


@pytest.fixture
def field_page(browser: Any) -> Iterator[Any]:
    yield from _phone(browser, "en-US")


def _visit(page: Any, url: str, name: str, problems: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state()
    problems += check(page, name)


def _fits(page: Any, name: str, problems: list[str]) -> None:
    """Spanish runs longer than English: no page may scroll sideways on the phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        problems.append(f"{name}: scrolls sideways at 390 px ({width} px wide)")


def test_it_finds_no_serious_barrier_on_the_public_pages(
    live_world: World, live_server: Any, public_page: Any, settings: Any
) -> None:
    page, base, problems = public_page, live_server.url, []
    lang = page.evaluate("navigator.language")[:2]
    slug = live_world.programs["demo"].slug
    for path, name in [
        ("/no-such-page/", "404"),
        ("/", "home"),
        ("/login/", "login"),
        ("/refer/", "refer"),
        (f"/refer/{slug}/", "self-referral form"),
    ]:
        _visit(page, base + path, f"{name} [{lang}]", problems)
        _fits(page, f"{name} [{lang}]", problems)
    assert page.evaluate("document.documentElement.lang") == lang
    page.click("main button[type=submit]")  # the form, sent empty
    problems += check(page, f"self-referral errors [{lang}]")
    page.fill("#id_name", "Sunny")
    page.fill("#id_reach", "555-0142")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/refer/{slug}/thanks/")
    assert page.locator(".public-reference").is_visible()
    problems += check(page, f"thanks [{lang}]")
    _fits(page, f"thanks [{lang}]", problems)
    settings.OPENLEAD_SELF_REFERRAL_LIMIT = 0
    _visit(page, f"{base}/refer/{slug}/", f"self-referral form [{lang}]", problems)
    page.fill("#id_name", "Sunny")
    page.fill("#id_reach", "555-0142")
    page.click("main button[type=submit]")
    assert page.inner_text("h1") in ("We already have your messages", "Ya tenemos sus mensajes")
    problems += check(page, f"slow down [{lang}]")
    _error_pages(page, base, lang, problems)
    assert problems == []


def _error_pages(page: Any, base: str, lang: str, problems: list[str]) -> None:
    page.goto(f"{base}/login/")
    page.context.clear_cookies()  # the CSRF cookie is gone: the post is refused
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("h1") in (
        "This form could not be sent",
        "No se pudo enviar este formulario",
    )
    problems += check(page, f"csrf failure [{lang}]")
    with translation.override(lang):
        broken = render_to_string("500.html")
    page.set_content(broken)  # keeps the page's address, so site.css still loads
    problems += check(page, f"500 [{lang}]")


def test_it_finds_a_known_barrier_so_a_pass_means_something(
    live_world: World, live_server: Any, field_page: Any
) -> None:
    field_page.goto(f"{live_server.url}/refer/")
    field_page.set_content(
        '<html><body><main><img src="x.png"><input id="q">'
        '<p style="color:#ccc;background:#fff">Pale text</p></main></body></html>'
    )
    found = " ".join(check(field_page, "known barriers"))
    assert "image-alt" in found and "label" in found and "color-contrast" in found
    assert "html-has-lang" in found


def _menu_pages(page: Any, base: str, who: str, problems: list[str]) -> None:
    """The role's home page and every page of its menu."""
    _visit(page, f"{base}/", f"{who} home", problems)
    links = page.eval_on_selector_all(
        ".menu-home a", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    for label, href in links:
        if href.rstrip("/") != base:
            _visit(page, href, f"{who} {label}", problems)


def test_it_finds_no_serious_barrier_on_the_case_managers_phone(
    live_world: World, live_server: Any, field_page: Any
) -> None:
    page, base, problems = field_page, live_server.url, []
    log_in(page, live_server, "alice", PASSWORD)
    _menu_pages(page, base, "alice", problems)
    own = live_world.people["own"].public_id
    _visit(page, f"{base}/people/{own}/casework/", "alice casework page", problems)
    _visit(page, f"{base}/people/{own}/contacts/new/", "alice new contact", problems)
    _visit(page, f"{base}/people/{own}/", "alice person page", problems)
    assert problems == []


def test_it_finds_no_serious_barrier_on_the_officers_phone(
    live_world: World, live_server: Any, field_page: Any
) -> None:
    page, base, problems = field_page, live_server.url, []
    log_in(page, live_server, "dave", PASSWORD)
    _menu_pages(page, base, "dave", problems)
    _visit(page, f"{base}/referrals/new/arrest/", "dave arrest referral form", problems)
    page.click("main button[type=submit]")  # sent empty: the errors beside the fields
    problems += check(page, "dave arrest referral errors")
    _visit(page, f"{base}/referrals/new/social_contact/", "dave social contact form", problems)
    _visit(page, f"{base}/casework/", "dave 403", problems)
    assert problems == []


def test_it_finds_no_serious_barrier_on_the_outreach_workers_phone(
    live_world: World, live_server: Any, field_page: Any
) -> None:
    page, base, problems = field_page, live_server.url, []
    log_in(page, live_server, "otto", PASSWORD)
    _menu_pages(page, base, "otto", problems)
    _visit(page, f"{base}/referrals/new/", "otto new referral", problems)
    assert problems == []


def test_it_switches_language_from_the_header_without_javascript(
    live_world: World, live_server: Any, browser: Any
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="en-US"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/refer/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_url(f"{live_server.url}/refer/")  # back where the person was
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.inner_text("h1") == "Pida ayuda"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/refer/")
    assert page.inner_text("h1") == "Refer yourself"
    context.close()
