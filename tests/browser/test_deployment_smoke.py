"""The deployment, tested (issue 15, part 4): `openlead serve` with production settings
(not DEBUG, not demo; secrets from the environment) on PostgreSQL, behind the shipped
nginx TLS config on loopback. Sign in with the second factor, take one referral through
to the hand-off, and check the security headers and cookies as the browser got them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.ops.helpers import ROOT, child_env, db_url
from tests.ops.proxy import self_signed, start_proxy

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="production runs PostgreSQL"),
]


@dataclass(frozen=True)
class Site:
    url: str  # what log_in calls live_server.url
    plain_port: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[Any], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} stopped: {process.communicate()[1]!r}")
        try:
            # The Host the proxy sends: gunicorn answers only OPENLEAD_ALLOWED_HOSTS.
            request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
            urllib.request.urlopen(request, timeout=2)  # noqa: S310  (loopback)
            return
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{url} answered {exc.code}") from None
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    world = build_world()
    # The suite hashes with MD5 for speed; production accepts Argon2 and PBKDF2 only.
    hasher = Argon2PasswordHasher()
    for user in world.users.values():
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
    return world


@pytest.fixture
def site(live_world: World, tmp_path: Path) -> Iterator[Site]:
    if shutil.which("nginx") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the deployment smoke test: install nginx (.ci/run does)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    upstream = _free_port()
    cert, key = self_signed(tmp_path)
    proxy, listen = start_proxy(tmp_path, upstream=upstream, cert=cert, key=key)
    env = child_env(
        db_url("default"),
        db_url("keys"),
        {
            "OPENLEAD_ALLOWED_HOSTS": "localhost",
            "OPENLEAD_CSRF_TRUSTED_ORIGINS": f"https://localhost:{listen}",
            "OPENLEAD_TRUSTED_PROXY_HOPS": "1",
            "OPENLEAD_DATA_DIR": str(tmp_path / "data"),
        },
    )
    for name in ("DEBUG", "OPENLEAD_SECURE_COOKIES", "OPENLEAD_MFA_INSECURE_DISABLED"):
        env.pop(name, None)  # production defaults: Secure cookies, HSTS, MFA on
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "openlead", "serve", "--no-migrate", "--bind"]
        + [f"127.0.0.1:{upstream}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(f"http://127.0.0.1:{upstream}/healthz", gunicorn)
        yield Site(f"https://localhost:{listen}", listen + 1)
    finally:
        _stop(proxy)
        _stop(gunicorn)


def _check_headers(headers: dict[str, str]) -> None:
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "includesubdomains" in headers["strict-transport-security"].lower()
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_production_behind_the_tls_proxy_takes_a_referral_with_mfa(
    site: Site, browser: Any
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, ignore_https_errors=True
    )
    page = context.new_page()
    try:
        first = page.goto(f"{site.url}/login/")
        assert first is not None and first.status == 200
        _check_headers(first.headers)
        log_in(page, site, "dave", PASSWORD)
        assert page.url == f"{site.url}/", page.url  # past the second factor, home
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["__Host-openlead-session"]["secure"]
        assert cookies["__Host-openlead-session"]["httpOnly"]
        page.goto(f"{site.url}/referrals/new/arrest/")
        page.fill("#id_name", "Fake Person Smoke")
        page.fill("#id_report_number", "26-1515")
        page.check("#id_conduct_0")
        page.fill("#id_drug_grams", "1.2")
        page.check("#id_amenable_0")
        page.check("input[name=applies][value=none]")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.click("button:has-text('Screen and save the referral')")
        _check_headers(posted.value.headers)
        expect(page.locator(".messages")).to_contain_text("Referral saved and screened: Eligible")
        page.select_option("#id_worker", label="Otto")
        page.click("button:has-text('Handed off to outreach worker')")
        expect(page.locator(".messages")).to_contain_text("Hand-off recorded")
        expect(page.locator("dl.facts")).to_contain_text("Handed off")
        shown = page.goto(page.url)
        assert shown is not None
        _check_headers(shown.headers)
        assert "no-store" in shown.headers["cache-control"]
    finally:
        context.close()
    # Plain HTTP on the proxy only redirects to HTTPS.
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener = urllib.request.build_opener(_NoRedirect())
        opener.open(f"http://127.0.0.1:{site.plain_port}/login/", timeout=5)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


def test_the_audit_records_the_client_from_the_proxy(site: Site, browser: Any) -> None:
    from openlead.access.models import AuditEvent

    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    try:
        log_in(page, site, "bob", PASSWORD)
        page.goto(f"{site.url}/people/")
    finally:
        context.close()
    clients = set(AuditEvent.objects.filter(actor_username="bob").values_list("client", flat=True))
    assert clients == {"127.0.0.1"}, clients


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
