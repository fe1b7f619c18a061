"""Issuing and revoking API tokens: in a transaction, audited, by one acting actor."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, Membership
from openlead.access.roles import Role
from openlead.api.models import ApiToken, IdempotentWrite, Scope
from openlead.api.tokens import digest, new_secret

MAX_DAYS = 365
# A token never acts as a role that manages accounts or tokens, nor as a participant.
NOT_FOR_TOKENS = frozenset({Role.PROGRAM_ADMIN, Role.SYSADMIN, Role.PARTICIPANT})


def check_create_token(
    *, name: str, membership: Membership, scopes: list[str], days: int, acting: Actor
) -> tuple[ApiToken, str]:
    errors: dict[str, str] = {}
    if not name.strip() or len(name) > 80:
        errors["name"] = "Name the integration (up to 80 characters)."
    if membership.program_id != acting.program_id or not membership.active:
        errors["membership"] = "Choose an active account of this program."
    elif membership.role in NOT_FOR_TOKENS:
        errors["membership"] = "A token cannot act as an administrator or a participant."
    if not scopes or set(scopes) - set(Scope.values):
        errors["scopes"] = "Choose at least one scope from the list."
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"Give 1 to {MAX_DAYS} days."
    if errors:
        raise ValidationError(errors)
    return do_create_token(
        name=name.strip(), membership=membership, scopes=scopes, days=days, acting=acting
    )


def do_create_token(
    *, name: str, membership: Membership, scopes: list[str], days: int, acting: Actor
) -> tuple[ApiToken, str]:
    """The token and its secret: the only time the secret exists outside the caller."""
    secret = new_secret()
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            program_id=acting.program_id,
            membership=membership,
            scopes=sorted(set(scopes)),
            digest=digest(secret),
            prefix=secret[:10],
            created_by=acting.user,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="API token issued",
            detail={
                "token": token.public_id,
                "acts_as": membership.user.public_id,
                "role": membership.role,
                "scopes": token.scopes,
                "days": days,
            },
        )
    return token, secret


def do_revoke_token(token: ApiToken, *, acting: Actor) -> ApiToken:
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            current.save(update_fields=["revoked_at"])
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="API token revoked",
            detail={"token": current.public_id},
        )
    return current


# The admin's list shows when a token was last used to the minute; writing the row on every
# call would make one integration's concurrent calls queue on that row's lock.
USE_NOTED_EVERY = dt.timedelta(minutes=1)


def do_note_token_use(token: ApiToken, now: dt.datetime) -> None:
    """When the token was last used, for the admin's list. Bookkeeping of the token itself,
    not participant data: each call's own reads and writes carry the audit events."""
    if token.last_used_at is not None and now - token.last_used_at < USE_NOTED_EVERY:
        return
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def do_keep_answer(*, owner: str, key: str, fingerprint: str, made: str) -> None:
    """The created resource's id under its Idempotency-Key, in the create's transaction
    (openlead.api.idempotency): a unique (owner, key) lets one of two racing creates win."""
    IdempotentWrite.objects.create(
        owner=owner, key=key, fingerprint=fingerprint, status=201, body={"id": made}
    )
