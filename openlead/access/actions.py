"""Writes to users and memberships; each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome


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
