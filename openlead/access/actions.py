"""Writes to program settings and to one's own account; each audited (accounts managed by
others are in access.account_actions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome, User


def do_update_program(*, who: audit.Who, form: Any, request_id: str = "") -> Any:
    """Save a validated ProgramSettingsForm, auditing the old and new values."""
    program = form.instance
    changed = {
        name: [str(form.initial.get(name)), str(form.cleaned_data[name])]
        for name in form.changed_data
    }
    with transaction.atomic():
        program = form.save()
        audit.record(
            who,
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            request_id=request_id,
            detail={"program_settings": changed},
        )
    return program


def do_change_own_password(
    request: HttpRequest, new_password: str, *, request_id: str = "", client: str = ""
) -> User:
    """Sets the logged-in user's password (the form has validated it), audited.

    The session hash covers the password hash, so every other session of this user ends
    at its next request; update_session_auth_hash keeps this one (ASVS 7.4, CJIS AU-2).
    """
    user = request.user
    assert isinstance(user, User)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(
            audit.Who(user.pk, user.get_username(), "", None),
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="password changed by its owner",
            request_id=request_id,
            path=request.path,
            client=client,
        )
    update_session_auth_hash(request, user)
    return user
