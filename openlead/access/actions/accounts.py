"""Account lifecycle writes: create, grant (two-person rule), deactivate, reactivate,
password links, unlock. Each is audited as an ADMIN event, refusals included.

The rules of who may do what are in `openlead.access.grants`; this module applies them
and refuses with a sentence the account manager can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.actions.sessions import end_sessions_of
from openlead.access.grants import covers, grants_directly, may_approve, may_request
from openlead.access.models import (
    AccountToken,
    AuditAction,
    AuditOutcome,
    GrantStatus,
    Membership,
    RoleGrant,
    User,
)
from openlead.access.roles import Role

TOKEN_HOURS = 72  # long enough to reach a new worker over a weekend, short enough to die unused


@dataclass(frozen=True)
class Issued:
    """A set-password link's secret, shown once to the account manager to hand over."""

    user: User
    token: str
    expires_at: dt.datetime


def _audit(
    acting: Actor, step: str, user: User | None, denied: bool = False, **detail: Any
) -> None:
    acting.audit(
        action=AuditAction.ADMIN,
        outcome=AuditOutcome.DENIED if denied else AuditOutcome.ALLOWED,
        purpose=f"account: {step}",
        detail={"account": user.public_id if user else "", **detail},
    )


def _refuse(acting: Actor, step: str, user: User | None, message: str) -> NoReturn:
    """Audit the refusal in its own transaction (it must outlive the exception)."""
    with transaction.atomic():
        _audit(acting, step, user, denied=True, refused=message)
    raise PermissionDenied(message)


def covers_account(acting: Actor, user: User) -> bool:
    """Whether `acting` already reaches every data role `user` holds: the test for any new
    way into that account (password link, reactivation, MFA reset)."""
    held = Membership.objects.filter(user=user, active=True).values_list("role", "program_id")
    return covers(acting.role, acting.program_id, list(held))


def _require_covers(acting: Actor, user: User, step: str) -> None:
    if not covers_account(acting, user):
        _refuse(
            acting,
            step,
            user,
            "This account reads participant data: only a program admin of each of its "
            "programs can do that.",
        )


def _issue(user: User, created_by: User) -> Issued:
    AccountToken.objects.filter(user=user, used_at__isnull=True).delete()  # one live link
    token = secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(hours=TOKEN_HOURS)
    AccountToken.objects.create(
        user=user, token_hash=token_hash(token), created_by=created_by, expires_at=expires
    )
    return Issued(user, token, expires)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_create_account(
    *,
    acting: Actor,
    username: str,
    full_name: str,
    work_phone: str,
    organization: Any,
    role: str,
    reason: str,
) -> tuple[Issued, RoleGrant | None]:
    """A new account with no password (a one-time link instead) and, at once, a data-free
    role, or a pending grant of a data role for a second program admin to approve."""
    direct = grants_directly(acting.rule, role)
    if not direct and not may_request(acting.role, role):
        with transaction.atomic():
            _audit(acting, "create", None, denied=True, role=role, username=username)
        raise ValidationError(
            {"role": "Only a program admin can give a role that reads participant data."}
        )
    first, _, last = full_name.strip().partition(" ")
    with transaction.atomic():
        user = User(username=username, first_name=first, last_name=last, work_phone=work_phone)
        user.set_unusable_password()
        user.save(force_insert=True)
        grant = None
        if direct:
            Membership.objects.create(
                user=user, program_id=acting.program_id, organization=organization, role=role
            )
        else:
            grant = _new_grant(acting, user, role, organization, reason, None)
        issued = _issue(user, acting.user)
        _audit(acting, "create", user, role=role, pending=grant is not None)
    return issued, grant


def _new_grant(
    acting: Actor, user: User, role: str, organization: Any, reason: str, replaces: Any
) -> RoleGrant:
    return RoleGrant.objects.create(
        user=user,
        program_id=acting.program_id,
        organization=organization,
        role=role,
        replaces=replaces,
        reason=reason[:300],
        requested_by=acting.user,
    )


def check_request_grant(
    account: User,
    *,
    acting: Actor,
    role: str,
    organization: Any,
    reason: str,
    replaces: Membership | None = None,
) -> RoleGrant | Membership:
    """Another role for an existing account (or a role change when `replaces` is set)."""
    if replaces is not None and (replaces.user_id != account.pk or not replaces.active):
        raise ValidationError({"replaces": "Choose one of this account's current roles."})
    if account.pk == acting.user.pk:
        _refuse(acting, "grant", account, "Nobody can give themself a role.")
    if grants_directly(acting.rule, role) and replaces is None:
        with transaction.atomic():
            membership, _ = Membership.objects.update_or_create(
                user=account,
                program_id=acting.program_id,
                role=role,
                defaults={"organization": organization, "active": True},
            )
            _audit(acting, "grant", account, role=role)
        return membership
    if not may_request(acting.role, role):
        _refuse(
            acting,
            "grant",
            account,
            "Only a program admin can give a role that reads participant data.",
        )
    with transaction.atomic():
        grant = _new_grant(acting, account, role, organization, reason, replaces)
        _audit(acting, "grant requested", account, role=role, grant=grant.public_id)
    return grant


def do_decide_grant(grant: RoleGrant, *, acting: Actor, approve: bool, reason: str) -> RoleGrant:
    """The second program admin approves (the Membership starts) or refuses."""
    step = "grant approved" if approve else "grant refused"
    if not may_approve(acting.role) or grant.program_id != acting.program_id:
        _refuse(acting, step, grant.user, "Only a program admin approves roles.")
    if acting.user.pk in (grant.requested_by_id, grant.user_id):
        _refuse(
            acting,
            step,
            grant.user,
            "A second program admin must approve: not the one who asked, nor the account itself.",
        )
    with transaction.atomic():
        current = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        if current.status != GrantStatus.PENDING:
            raise ValidationError("This request has already been decided.")
        current.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
        current.decided_by, current.decided_at = acting.user, timezone.now()
        current.decision_reason = reason[:300]
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        issued = None
        if approve:
            _start_membership(current)
            issued = _reissue_if_held_elsewhere(current, acting)
        _audit(
            acting,
            step,
            current.user,
            role=current.role,
            grant=current.public_id,
            new_link=issued is not None,
        )
    current.issued = issued  # type: ignore[attr-defined]
    return current


def _reissue_if_held_elsewhere(grant: RoleGrant, acting: Actor) -> Issued | None:
    """Whoever issued the account's way in must already reach the new role's data.

    Otherwise a sysadmin could create an account, keep its link, and wait for a program
    admin to give it a data role: the password is reset and the approver hands over a
    fresh link instead.
    """
    latest = AccountToken.objects.filter(user=grant.user).order_by("-created_at").first()
    issuer = latest.created_by if latest else None
    trusted = (
        issuer is not None
        and Membership.objects.filter(
            user=issuer, program=grant.program, role=Role.PROGRAM_ADMIN, active=True
        ).exists()
    )
    if latest is None or trusted:
        return None
    grant.user.set_unusable_password()
    grant.user.save(update_fields=["password"])
    end_sessions_of(grant.user)
    return _issue(grant.user, acting.user)


def _start_membership(grant: RoleGrant) -> None:
    Membership.objects.update_or_create(
        user=grant.user,
        program=grant.program,
        role=grant.role,
        defaults={"organization": grant.organization, "active": True},
    )
    if grant.replaces is not None and grant.replaces.role != grant.role:
        Membership.objects.filter(pk=grant.replaces.pk).update(active=False)
        end_sessions_of(grant.user)  # a role change applies at once (ASVS 8.3.2)


def do_end_membership(membership: Membership, *, acting: Actor, reason: str) -> Membership:
    """Taking a role away is always allowed to an account manager of that program."""
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(active=False)
        end_sessions_of(membership.user)
        _audit(acting, "role ended", membership.user, role=membership.role, reason=reason)
    membership.active = False
    return membership


def do_deactivate_account(account: User, *, acting: Actor, reason: str) -> User:
    """Locks the account out at once, on every device (CJIS AC-2: within 30 minutes)."""
    if account.pk == acting.user.pk:
        _refuse(acting, "deactivate", account, "You cannot deactivate your own account.")
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(is_active=False)
        end_sessions_of(account)
        _audit(acting, "deactivate", account, reason=reason)
    account.refresh_from_db(fields=["is_active"])
    return account


def do_reactivate_account(account: User, *, acting: Actor, reason: str) -> User:
    _require_covers(acting, account, "reactivate")
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(is_active=True)
        _audit(acting, "reactivate", account, reason=reason)
    account.refresh_from_db(fields=["is_active"])
    return account


def do_reset_password(account: User, *, acting: Actor, reason: str) -> Issued:
    """The old password stops working, every session ends, and a one-time link is issued."""
    _require_covers(acting, account, "reset password")
    with transaction.atomic():
        account.set_unusable_password()
        account.save(update_fields=["password"])
        end_sessions_of(account)
        issued = _issue(account, acting.user)
        _audit(acting, "reset password", account, reason=reason)
    return issued


def do_unlock_account(account: User, *, acting: Actor, reason: str) -> None:
    """Release a lockout before it cools off; unlocking gives nobody a way in."""
    from axes.utils import reset  # axes' models: importable only once apps are loaded

    with transaction.atomic():
        cleared = reset(username=account.get_username())
        _audit(acting, "unlock", account, reason=reason, cleared=int(cleared or 0))


def live_token(token: str) -> AccountToken | None:
    found = (
        AccountToken.objects.filter(token_hash=token_hash(token), used_at__isnull=True)
        .select_related("user")
        .first()
    )
    if found is None or found.expires_at < timezone.now() or not found.user.is_active:
        return None
    return found


def do_set_password(found: AccountToken, password: str, *, acting: Actor) -> User:
    """The person sets their own password with the link; the link dies. `acting` is the
    link's account (the visitor holds its secret)."""
    user = found.user
    with transaction.atomic():
        updated = AccountToken.objects.filter(pk=found.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not updated:
            raise ValidationError("This link has already been used.")
        user.set_password(password)
        user.save(update_fields=["password"])
        end_sessions_of(user)
        acting.audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="account: password set with a one-time link",
            detail={"account": user.public_id},
        )
    return user


ROLE_CHOICES = [(r.value, r.label) for r in Role]
