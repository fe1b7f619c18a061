"""Human labels for the access vocabulary on pages (issue 11: the audit log showed
`case_manager` and `enrollment_status`)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from openlead.access.roles import FieldGroup, Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """A stored role code in words; an unknown or empty one as stored (the system has none)."""
    return str(Role(code).label) if code in Role.values else code or "System"


@register.filter
def group_labels(codes: Iterable[str]) -> str:
    return ", ".join(
        str(FieldGroup(c).label) if c in FieldGroup.values else str(c) for c in codes or ()
    )
