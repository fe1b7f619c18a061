"""The participant's own pages (openlead/portal) with axe-core on a 390 x 844 phone, in
English and Spanish (issue 14): WCAG 2.2 AA, 0 serious or critical findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.browser.axe import check
from tests.browser.test_accessibility import _fits, _phone, _visit
from tests.conftest import World, build_world
from tests.portal.helpers import PASSPHRASE, issue_code

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
PAGES = [
    ("/me/", "home"),
    ("/me/releases/", "releases"),
    ("/me/disclosures/", "disclosures"),
    ("/me/who-read/", "who read"),
    ("/me/notes/", "notes"),
    ("/me/correction/", "correction"),
    ("/me/delete/", "delete"),
    ("/me/safety/", "safety"),
]


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture(params=["en-US", "es-MX"])
def portal_page(request: Any, browser: Any) -> Iterator[Any]:
    yield from _phone(browser, request.param)


def test_it_finds_no_serious_barrier_on_the_participants_pages(
    live_world: World, live_server: Any, portal_page: Any
) -> None:
    page, base, problems = portal_page, live_server.url, []
    lang = page.evaluate("navigator.language")[:2]
    code = issue_code(Client(), live_world)
    _visit(page, f"{base}/me/signin/", f"portal sign in [{lang}]", problems)
    _visit(page, f"{base}/me/enrol/", f"portal enrol [{lang}]", problems)
    page.click("main button[type=submit]")  # sent empty: the errors beside the fields
    problems += check(page, f"portal enrol errors [{lang}]")
    page.fill("#id_code", code)
    page.fill("#id_username", "rosa")
    page.fill("#id_passphrase", PASSPHRASE)
    page.fill("#id_passphrase_again", PASSPHRASE)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/me/")
    assert page.evaluate("document.documentElement.lang") == lang
    for path, name in PAGES:
        _visit(page, base + path, f"portal {name} [{lang}]", problems)
        _fits(page, f"portal {name} [{lang}]", problems)
    # The download is an attachment, which a page cannot open: check the file's own HTML.
    saved = page.request.get(f"{base}/me/download/html/")
    assert saved.ok and "attachment" in saved.headers.get("content-disposition", "")
    page.set_content(saved.text())
    problems += check(page, f"portal download [{lang}]")
    assert problems == []
