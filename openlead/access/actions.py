"""Writes to users and memberships; each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome, Membership, User


def do_create_user(
    *,
    who: audit.Who,
    username: str,
    full_name: str,
    password: str,
    work_phone: str,
    program: Any,
    organization: Any,
    role: str,
    request_id: str = "",
) -> User:
    first, _, last = full_name.strip().partition(" ")
    with transaction.atomic():
        user = User(username=username, first_name=first, last_name=last, work_phone=work_phone)
        user.set_password(password)
        user.save(force_insert=True)
        Membership.objects.create(user=user, program=program, organization=organization, role=role)
        audit.record(
            who,
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            request_id=request_id,
            detail={"created_user": username, "role": role, "program": program.pk},
        )
    return user


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
