"""The second factor's writes: enrolment, recovery codes, verification and reset.

Each is audited with the method and the outcome, never a code or a secret; the reads
(which device a code is for, throttling, the QR code) are in `openlead.access.mfa`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openlead.access.acting import Actor
from openlead.access.actions.sessions import end_sessions_of
from openlead.access.mfa import (
    RECOVERY_CODES,
    RECOVERY_NAME,
    TOTP_NAME,
    Verified,
    code_error,
    confirmed_totp,
    normalise,
)
from openlead.access.models import AuditAction, AuditOutcome, User


def pending_totp(user: Any) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; the same secret on a reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _audit(acting: Actor, action: str, outcome: str, **detail: Any) -> None:
    acting.audit(action=action, outcome=outcome, purpose=detail.pop("purpose", ""), detail=detail)


def do_confirm_enrolment(device: TOTPDevice, code: str, *, acting: Actor) -> tuple[list[str], str]:
    """Confirm a new TOTP device with a code from it: (fresh recovery codes, "") or ([], why)."""
    with transaction.atomic():
        error = code_error(device.user, device, normalise(code))
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
        error = code_error(user, device, typed)
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
