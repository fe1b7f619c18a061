"""How casework views reach a participant: the access layer's scope, groups and audit.

Out of scope (or missing) -> the same audited 404 as everywhere; in scope but the role
does not read (or write) the field group -> audited 403. A successful read writes one
READ event; a write leaves the audit event to the action it calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from openlead.access.helpers import (
    Actor,
    audit_request,
    current_actor,
    refuse_not_found,
    scoped_people,
    visible_groups,
)
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people.models import Person


def deny(
    request: HttpRequest,
    actor: Actor,
    *,
    purpose: str,
    person_ref: str = "",
    groups: Iterable[str] = (),
    action: str = AuditAction.READ,
) -> PermissionDenied:
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=action,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            person_ref=person_ref,
            groups=sorted(groups),
        )
    return PermissionDenied()


def audit_read(
    request: HttpRequest, actor: Actor, person: Person, groups: Iterable[str], *, purpose: str
) -> None:
    audit_request(
        request,
        actor,
        action=AuditAction.READ,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id,
        groups=sorted(groups),
        purpose=purpose,
    )


def casework_person(
    request: HttpRequest, public_id: str, *, group: FieldGroup, purpose: str, write: bool = False
) -> tuple[Actor, Person, frozenset[FieldGroup]]:
    """Scope, then the field group; returns the groups this actor may read for the person."""
    actor = current_actor(request)
    person = (
        scoped_people(actor)
        .filter(public_id=public_id)
        .select_related("program", "case_manager")
        .first()
    )
    if person is None:
        raise refuse_not_found(request, actor, public_id, purpose)
    groups = visible_groups(actor, person)
    if group not in groups or (write and group not in actor.rule.write):
        raise deny(
            request,
            actor,
            purpose=purpose,
            person_ref=person.public_id,
            groups=[group],
            action=AuditAction.UPDATE if write else AuditAction.READ,
        )
    return actor, person, groups


def require_supervisor(
    request: HttpRequest, actor: Actor, *, purpose: str, person_ref: str = ""
) -> None:
    if not actor.rule.has(Capability.SUPERVISE):
        raise deny(
            request, actor, purpose=purpose, person_ref=person_ref, action=AuditAction.UPDATE
        )
