"""Failed logins: what the audit and axes keep of the typed username, and the softer
per-network throttle that sits beside axes' per-username lockout.

A password typed into the username box must not be kept in the audit log forever, so a
username that matches no account is kept only as a keyed hash (HMAC-SHA256 under the
blind-index key with its own label): repeated tries of one name still line up, the name
itself cannot be read back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openlead.access.clientip import address_hash, client_address
from openlead.access.models import LoginFailure, User

THROTTLE_PERIOD = dt.timedelta(minutes=15)
UNKNOWN_PREFIX = "unknown-account:"


def username_hash(typed: str) -> str:
    """HMAC of a typed username, under a label no other blind index uses."""
    message = f"openlead.login-username|{typed}".encode()
    return hmac.new(settings.OPENLEAD_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


def known_username(typed: str) -> str | None:
    """The typed username if it names an account (the same exact match Django's login uses)."""
    return typed if typed and User.objects.filter(username=typed).exists() else None


def recorded_username(typed: str) -> str:
    """What axes and the audit keep: the username of an account, or a hash of anything else."""
    return known_username(typed) or UNKNOWN_PREFIX + username_hash(typed)[:40]


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: axes locks and stores this instead of the raw typed text."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username") if request is not None else None
    return recorded_username(str(typed or "")[:150])


def _client_hash(request: HttpRequest) -> str:
    return address_hash("login-failure", client_address(request))


def check_login_throttle(request: HttpRequest, *, now: dt.datetime | None = None) -> int:
    """Minutes this network must wait before the next try (0: go ahead).

    Softer than the lockout on purpose: it slows a spray of guesses from one network
    without locking any account, so a shared shelter or office connection never locks
    out a worker whose own password is right.
    """
    moment = now or timezone.now()
    recent = LoginFailure.objects.filter(
        client_hash=_client_hash(request), at__gt=moment - THROTTLE_PERIOD
    )
    if recent.count() < settings.OPENLEAD_LOGIN_ADDRESS_FAILURES:
        return 0
    oldest = recent.order_by("at").values_list("at", flat=True).first()
    assert oldest is not None  # the count above found at least one
    return max(1, math.ceil((oldest + THROTTLE_PERIOD - moment).total_seconds() / 60))


def do_count_login_failure(request: HttpRequest, *, now: dt.datetime | None = None) -> None:
    """One more failure from this network (its keyed hash), and yesterday's rows go."""
    moment = now or timezone.now()
    with transaction.atomic():
        LoginFailure.objects.filter(at__lt=moment - dt.timedelta(days=1)).delete()
        LoginFailure.objects.create(client_hash=_client_hash(request), at=moment)
