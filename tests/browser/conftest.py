"""Browser tests: Playwright driving Debian's chromium against Django's live server.

Locally they skip when chromium is absent; under CI (CI=true) a missing browser is an
error, so CI can never pass with them skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium (.ci/run does)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page that records CSP violations and console errors."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.csp_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )  # type: ignore[attr-defined]
    yield page
    context.close()


def log_in(page: Any, live_server: Any, username: str, password: str) -> None:
    """Password, then the current TOTP code from the user's device (MFA stays on)."""
    from openlead.access.models import User
    from tests.mfa import code_for, device_for

    user = User.objects.filter(username=username).first()
    device = device_for(user) if user else None
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if device is None or "/account/mfa/verify/" not in page.url:
        return  # a refused login stays on the login page, which the caller checks
    page.fill("#id_code", code_for(device))
    page.click("main button[type=submit]")


@pytest.fixture
def live_world(transactional_db: Any) -> Any:
    """The shared world with its casework, committed for the live server (a module may
    define its own live_world instead)."""
    from tests.casework.conftest import build_casework
    from tests.conftest import build_world

    world = build_world()
    build_casework(world)
    return world
