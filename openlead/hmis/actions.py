"""The HMIS project settings' one write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.hmis.models import HmisProject

FIELDS = (
    "coc_organization",
    "coc_code",
    "geocode",
    "project_type",
    "operating_start",
    "funder",
    "other_funder",
    "grant_id",
    "state",
    "zip_code",
)


def check_set_hmis_project(program: Any, *, acting: Actor, values: dict[str, Any]) -> HmisProject:
    """The settings form's save: only a program admin (EXPORT_HMIS) sets them."""
    if not (acting.is_system or acting.can(Capability.EXPORT_HMIS)):
        raise PermissionDenied
    return do_set_hmis_project(program, acting=acting, **values)


def do_set_hmis_project(program: Any, *, acting: Actor, **values: Any) -> HmisProject:
    """Create or change the program's HMIS project settings (audited: old and new codes)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not an HMIS project setting: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        found = HmisProject.objects.select_for_update().filter(program=program).first()
        before = {name: str(getattr(found, name)) for name in values} if found else {}
        project = found or HmisProject(program=program)
        for name, value in values.items():
            setattr(project, name, value)
        project.updated_by = acting.user
        project.full_clean(exclude=["program"])
        project.save()
        acting.audit(
            action=AuditAction.UPDATE if found else AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="HMIS project settings",
            detail={
                "program_id": program.pk,
                "before": before,
                "after": {name: str(getattr(project, name)) for name in values},
            },
        )
    return project
