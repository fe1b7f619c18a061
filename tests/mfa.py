"""Completing the second factor in tests, honestly (issue 12: tests keep MFA on).

`client.force_login` is wrapped (tests/conftest.py) so every test login also holds a
confirmed TOTP device and a session that django-otp counts as verified. The browser
helper types a real code computed from the device key, like a phone would.
"""

from __future__ import annotations

import time
from typing import Any

TEST_DEVICE = "test authenticator"


def device_for(user: Any) -> Any:
    """The user's confirmed TOTP device, made on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TEST_DEVICE, confirmed=True)


def mark_session_verified(client: Any, user: Any) -> None:
    """What access.stepup.mark_verified writes, without a request to hand.

    django_otp.login needs a request, and force_login has none; the session keys it
    writes are django-otp's `otp_device_id` (the device's persistent id, which
    OTPMiddleware checks against the user and `confirmed` at every request) and our
    step-up timestamp. A device that is later deleted (MFA reset) unverifies the session.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from openlead.access.stepup import VERIFIED_AT_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session[VERIFIED_AT_KEY] = int(time.time())
    session.save()


def code_for(device: Any, *, offset: int = 0) -> str:
    """A code the device accepts now: the current step, or a later one within tolerance
    when the current one was already used (django-otp refuses a replayed step)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = totp.t()
        step = max(now + offset, device.last_t + 1)
        if step <= now + device.tolerance:
            totp.time = device.t0 + (step - device.drift) * device.step
            return f"{totp.token():0{device.digits}d}"
        time.sleep(1)  # every step in the window was used: wait for the next one


def wrong_code_for(device: Any) -> str:
    """Six digits that no step in the device's window accepts."""
    window = {code_for(device, offset=o) for o in range(-device.tolerance, device.tolerance + 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in window)


def wait_out_throttle(device: Any) -> None:
    """Move the last failure back, as if the user waited the throttling delay out."""
    import datetime as dt

    device.refresh_from_db()
    if device.throttling_failure_timestamp is not None:
        device.throttling_failure_timestamp -= dt.timedelta(minutes=30)
        device.save(update_fields=["throttling_failure_timestamp"])


def log_in_with_mfa(client: Any, user: Any, password: str) -> None:
    """The real login page, then the real verify page with a code from the user's device."""
    from django.urls import reverse

    response = client.post(
        reverse("login"), {"username": user.get_username(), "password": password}
    )
    assert response.status_code == 302, "the password was refused"
    code = code_for(device_for(user))
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
