"""The second factor: TOTP enrolment, verification (TOTP or recovery code), and reset.

django-otp does the cryptography, the replay guard (`last_t`) and the throttling; this
module decides which device a typed code is for and writes the audit events. Audit
events name the method and the outcome, never a code or a secret.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.core import checks
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def mfa_enforced() -> bool:
    """False only when the deployment set OPENLEAD_MFA_INSECURE_DISABLED."""
    return not settings.OPENLEAD_MFA_INSECURE_DISABLED


def check_mfa_on(**kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy` warns while the second factor is off (CJIS IA-2, ASVS 6.3.3)."""
    if mfa_enforced():
        return []
    return [
        checks.Warning(
            "OPENLEAD_MFA_INSECURE_DISABLED is on: staff sign in with a password alone.",
            hint="Unset it; see docs/configuration.md.",
            id="openlead.W001",
        )
    ]


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """An SVG QR code as a data: URI, which the CSP's img-src allows (no inline markup)."""
    uri: str = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return uri


def normalise(code: str) -> str:
    """People type codes with spaces or dashes, and recovery codes in any case."""
    return "".join(code.split()).replace("-", "").lower()


@dataclass(frozen=True)
class Verified:
    device: Device | None
    method: str  # "totp" or "recovery_code"
    error: str = ""


WRONG = "That code did not work. Check it and try again; each code works only once."


def _throttled(device: Device) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    until = (data or {}).get("locked_until")
    wait = math.ceil((until - timezone.now()).total_seconds()) if until else 1
    return f"Too many wrong codes. Wait {max(wait, 1)} seconds and try again."


def code_error(user: Any, device: Device | None, code: str) -> str:
    """Empty when `code` verifies on `device`, else why not (django-otp throttles, blocks replay)."""
    if device is None:
        return WRONG
    throttled = _throttled(device)
    if throttled:
        return throttled
    ok = verify_token(user, device.persistent_id, code)
    return "" if ok is not None else WRONG
