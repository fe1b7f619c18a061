"""The participant's sign-in rule: slow, never locked.

A lockout is a tool for whoever wants to keep a person from their own record (anyone who
knows the username can trigger it), so there is none: after FAILURES_BEFORE_SLOWING wrong
passphrases within WINDOW, the account takes one try per SLOW_SECONDS until the window
passes. Each sign-in and each failure is audited (openlead.access.signals and
portal.actions). The decoy PIN is checked before the passphrase (a PIN is short and all
digits; a passphrase never is: the password validators refuse it).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from django.contrib.auth.hashers import check_password
from django.utils import timezone

from openlead.portal.models import PortalAccount, SignInFailure

WINDOW = dt.timedelta(minutes=15)
FAILURES_BEFORE_SLOWING = 10
SLOW_SECONDS = 60


class Outcome(Enum):
    SIGNED_IN = "signed_in"
    DECOY = "decoy"
    WRONG = "wrong"
    WAIT = "wait"


def account_named(username: str) -> PortalAccount | None:
    if not username or len(username) > 150:
        return None
    return (
        PortalAccount.objects.filter(user__username=username)
        .select_related("user", "person")
        .first()
    )


def wait_seconds(account: PortalAccount, *, now: dt.datetime | None = None) -> int:
    """Seconds before this account may try again (0: now)."""
    moment = now or timezone.now()
    recent = SignInFailure.objects.filter(account=account, at__gt=moment - WINDOW)
    if recent.count() < FAILURES_BEFORE_SLOWING:
        return 0
    last = recent.order_by("-at").values_list("at", flat=True).first()
    assert last is not None  # the count above found at least one
    return max(0, SLOW_SECONDS - int((moment - last).total_seconds()))


def decide(account: PortalAccount, typed: str) -> Outcome:
    """What a typed secret does for this account (the wait is checked first, by the caller)."""
    if account.decoy_pin_hash and check_password(typed, account.decoy_pin_hash):
        return Outcome.DECOY
    user = account.user
    if user.is_active and user.has_usable_password() and user.check_password(typed):
        return Outcome.SIGNED_IN
    return Outcome.WRONG
