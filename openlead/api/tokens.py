"""Token secrets: 32 random bytes shown once, stored as a keyed SHA-256 (HMAC with the
site's secret key), so the digest alone neither calls the API nor reveals the secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX = "olt_"  # so a leaked token is recognisable in logs and secret scanners


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    key = f"openlead.api.token|{settings.SECRET_KEY}".encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()
