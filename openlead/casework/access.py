"""How casework views reach a participant: the access layer's scope, groups and audit.

Out of scope (or missing) -> the same audited 404 as everywhere (`refuse_missing`); in
scope but the role does not read (or write) the field group -> audited 403. A successful
read writes one READ event (`audited_read`); a write leaves the audit event to the
action it calls. Built on openlead.access.getters; only the casework-specific parts
(the field group per page, the caseload rule) live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from openlead.access.acting import Actor, current_actor
from openlead.access.getters import refuse_missing
from openlead.access.helpers import refuse_denied, scoped_people, visible_groups
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup, Scope
from openlead.people.models import Person

M = TypeVar("M", bound=models.Model)


@contextmanager
def audited_read(
    actor: Actor, person: Person | None, groups: Iterable[str], *, purpose: str
) -> Iterator[None]:
    """The READ event and the reads under it, in one transaction: if the audit write
    fails, nothing is shown."""
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id if person is not None else "",
            groups=sorted(groups),
            purpose=purpose,
        )
        yield


def casework_person(
    request: HttpRequest, public_id: str, *, group: FieldGroup, purpose: str, write: bool = False
) -> tuple[Actor, Person, frozenset[FieldGroup]]:
    """Scope, then the field group; returns the groups this actor may read for the person."""
    actor = current_actor(request)
    person = (
        scoped_people(actor)
        .filter(public_id=public_id)
        # The program's casework settings: their choices_stamp keys the forms' lists
        # (casework.choices).
        .select_related("program__casework_settings", "case_manager")
        .first()
    )
    if person is None:
        raise refuse_missing(actor, public_id, purpose, "No such person.")
    groups = visible_groups(actor, person)
    if group not in groups or (write and group not in actor.rule.write):
        raise refuse_denied(
            actor,
            purpose=purpose,
            person_ref=person.public_id,
            groups=[group],
            action=AuditAction.UPDATE if write else AuditAction.READ,
        )
    return actor, person, groups


def child(actor: Actor, rows: QuerySet[M], public_id: str, *, purpose: str) -> M:
    """A contact, goal, link or funds entry under a person already authorised: the row, or
    the same audited 404 as for a person."""
    found = rows.filter(public_id=public_id).first()
    if found is None:
        raise refuse_missing(actor, public_id, purpose, "No such record.")
    return found


def require_caseload(request: HttpRequest, *, purpose: str) -> Actor:
    """A caseload is for roles that read casework notes over their own caseload or program."""
    actor = current_actor(request)
    if FieldGroup.CASEWORK_NOTES not in actor.rule.read or actor.rule.scope not in (
        Scope.OWN_CASELOAD,
        Scope.PROGRAM,
    ):
        raise refuse_denied(actor, purpose=purpose, action=AuditAction.LIST)
    return actor
