"""Logged-in clients without typing codes: a session made the way the suite's logins are
(django.test.Client.force_login, then tests.mfa.mark_session_verified: django-otp's device
key and the step-up time), so the driver never fights TOTP and every request still
passes the real MFA gate, session limits and access policy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from tests.mfa import mark_session_verified


def login_cookies(user: Any) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    mark_session_verified(client, user)
    name = settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}
