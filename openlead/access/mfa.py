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
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, User
from openlead.access.sessions import end_sessions_of

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


def pending_totp(user: Any) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; the same secret on a reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


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


def _check(user: Any, device: Device | None, code: str) -> str:
    """Empty when `code` verifies on `device`, else why not (django-otp throttles, blocks replay)."""
    if device is None:
        return WRONG
    throttled = _throttled(device)
    if throttled:
        return throttled
    ok = verify_token(user, device.persistent_id, code)
    return "" if ok is not None else WRONG


def _audit(acting: Actor, action: str, outcome: str, **detail: Any) -> None:
    acting.audit(action=action, outcome=outcome, purpose=detail.pop("purpose", ""), detail=detail)


def do_confirm_enrolment(device: TOTPDevice, code: str, *, acting: Actor) -> tuple[list[str], str]:
    """Confirm a new TOTP device with a code from it: (fresh recovery codes, "") or ([], why)."""
    with transaction.atomic():
        error = _check(device.user, device, normalise(code))
        if error:
            _audit(acting, AuditAction.MFA_FAILED, AuditOutcome.DENIED, method="totp", step="enrol")
            return [], error
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(device.user)
        _audit(acting, AuditAction.MFA_ENROL, AuditOutcome.ALLOWED, recovery_codes=len(codes))
    return codes, ""


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def do_verify_mfa(code: str, *, acting: Actor, step: str) -> Verified:
    """Check the acting user's TOTP code (six digits) or else a recovery code; audited
    either way."""
    user = acting.user
    typed = normalise(code)
    if typed.isdigit() and len(typed) == 6:
        method, device = "totp", confirmed_totp(user)
    else:
        method, device = "recovery_code", StaticDevice.objects.filter(user=user).first()
    with transaction.atomic():
        error = _check(user, device, typed)
        if error:
            _audit(acting, AuditAction.MFA_FAILED, AuditOutcome.DENIED, method=method, step=step)
            return Verified(None, method, error)
        action = AuditAction.MFA_RECOVERY if method == "recovery_code" else AuditAction.MFA_VERIFY
        left = StaticToken.objects.filter(device__user=user).count()
        _audit(
            acting,
            action,
            AuditOutcome.ALLOWED,
            method=method,
            step=step,
            recovery_codes_left=left,
        )
    return Verified(device, method)


def do_reset_mfa(target: User, *, acting: Actor, reason: str) -> int:
    """Delete the user's devices and end their sessions: the next login enrols afresh."""
    with transaction.atomic():
        devices = [TOTPDevice.objects.filter(user=target), StaticDevice.objects.filter(user=target)]
        removed = sum(int(d.count()) for d in devices)
        for d in devices:
            d.delete()
        end_sessions_of(target)
        _audit(
            acting,
            AuditAction.MFA_RESET,
            AuditOutcome.ALLOWED,
            purpose="reset MFA",
            user=target.public_id,
            reason=reason,
            devices_removed=removed,
        )
    return removed


def refuse_mfa_reset(acting: Actor, target: User | None, *, covered: bool) -> None:
    """Audit a refused reset: no such account in the program (NOT_FOUND), or one the actor
    may not reset (DENIED; `covered=False` when it reads participant data the actor does
    not reach)."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.MFA_RESET,
            outcome=AuditOutcome.NOT_FOUND if target is None else AuditOutcome.DENIED,
            purpose="reset MFA",
            **({} if covered else {"detail": {"refused": "account reads participant data"}}),
        )
