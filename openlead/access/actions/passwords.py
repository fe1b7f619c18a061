"""Writes to one's own account, audited (accounts managed by others are in
access.actions.accounts; program settings in programs.actions)."""

from __future__ import annotations

from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, User


def do_change_own_password(new_password: str, *, acting: Actor) -> User:
    """Sets the acting user's password (the form has validated it), audited.

    The session hash covers the password hash, so every other session of this user ends
    at its next request; the view keeps its own with update_session_auth_hash (ASVS 7.4,
    CJIS AU-2).
    """
    user = acting.user
    assert isinstance(user, User)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="password changed by its owner",
        )
    return user
