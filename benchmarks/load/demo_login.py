"""Sign a demo persona in over HTTP: password, then the TOTP code (RFC 6238) computed from
the published demo secret, as an authenticator app would. Demo mode only: no real secret
is ever known here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from typing import Any

DEMO_TOTP_SECRET = "OPENLEADDEMOONLYTOTPSECRETKEYABC"  # noqa: S105  (README.md; openlead.demo)
DEMO_PASSWORD = "openlead-demo-2026"  # noqa: S105  (README.md; demo mode only)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str = DEMO_TOTP_SECRET, at: float | None = None, step: int = 30) -> str:
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def csrf(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def log_in(session: Any, base: str, username: str) -> None:
    """`session` is a requests.Session (or locust's HttpSession)."""
    page = session.get(f"{base}/login/")
    session.post(
        f"{base}/login/",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": csrf(page.text),
        },
        headers={"Referer": f"{base}/login/"},
    )
    verify = session.get(f"{base}/account/mfa/verify/")
    done = session.post(
        f"{base}/account/mfa/verify/",
        data={"code": totp(), "csrfmiddlewaretoken": csrf(verify.text)},
        headers={"Referer": f"{base}/account/mfa/verify/"},
    )
    if "/account/mfa/verify/" in done.url or "/login/" in done.url:
        raise RuntimeError(f"{username} could not sign in (code refused or wrong password)")
