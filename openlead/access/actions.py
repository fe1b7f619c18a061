"""Writes to program settings and to one's own account; each audited (accounts managed by
others are in access.account_actions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from openlead.access import audit
from openlead.access.conflicts import EditConflict
from openlead.access.models import AuditAction, AuditOutcome, User


def _shown(form: Any, values: Any) -> dict[str, str]:
    """Label -> value of each settings field, for the 409 page (program settings hold no PII)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return {str(form.fields[name].label): str(get(name)) for name in form.Meta.fields}


def do_update_program(*, who: audit.Who, form: Any, request_id: str = "") -> Any:
    """Save a validated ProgramSettingsForm, auditing the old and new values.

    Edit form, optimistic version: the row is written only if it still has the version the
    form was loaded with; 0 rows updated means someone else saved first (EditConflict).
    """
    program = form.instance
    model = type(program)  # access sits below programs: no import of the model
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    version = form.cleaned_data["version"]
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=program.pk)
        changed = {
            name: [str(getattr(stored, name)), str(value)]
            for name, value in values.items()
            if getattr(stored, name) != value
        }
        updated = model._default_manager.filter(pk=program.pk, version=version).update(
            **values, version=F("version") + 1
        )
        if not updated:
            raise EditConflict(
                "Someone else saved these program settings after you opened them.",
                current=_shown(form, stored),
                attempted=_shown(form, values),
                current_version=stored.version,
            )
        audit.record(
            who,
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            request_id=request_id,
            detail={"program_settings": changed, "version": version + 1},
        )
    program.refresh_from_db()
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
