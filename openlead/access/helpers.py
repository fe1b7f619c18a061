"""The only way views and APIs read participant data.

Each helper resolves the user's membership, applies the policy table, projects the
record down to the permitted field groups, and writes exactly one audit event in the
same transaction as the read. Outside the user's scope the answer is the same 404 as
for an id that does not exist; a read-only user asking to write gets 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from openlead.access.acting import (
    Actor,
    anonymous_actor,
    chosen_membership,
    current_actor,
    memberships_of,
    request_memberships,
)
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.projection import PersonRecord, PersonRow, list_rows, project
from openlead.access.roles import FieldGroup, Scope
from openlead.people.models import ConsentRelease, Person
from openlead.people.vault import identifier_index, name_dob_index

__all__ = [
    "Actor",
    "PersonRecord",
    "PersonRow",
    "chosen_membership",
    "current_actor",
    "memberships_of",
    "request_memberships",
]

LIST_LIMIT = 25  # anti-exfiltration: lists and searches never return more than this


def audit_request(request: HttpRequest, actor: Actor | None, **kwargs: Any) -> None:
    """One audit event for this request, by this actor (anonymous when None)."""
    (actor or anonymous_actor(request)).audit(**kwargs)


def scoped_people(actor: Actor) -> QuerySet[Person]:
    """People this membership may see at all; programs are always isolated. A record merged
    into another (people.merge) is a tombstone: no scope covers it."""
    people = Person.objects.filter(program_id=actor.program_id, merged_into__isnull=True)
    scope = actor.rule.scope
    if scope == Scope.PROGRAM:
        return people
    if scope == Scope.OWN_CASELOAD:
        return people.filter(case_manager=actor.user)
    if scope == Scope.REFERRED:
        return people.filter(referred_by=actor.user)
    return people.none()


def active_consents(person: Person, actor: Actor, today: dt.date) -> list[ConsentRelease]:
    recipient = Q(recipient_organization_id=actor.membership.organization_id) | Q(
        recipient_role=actor.role
    )
    # The same rule as ConsentRelease.is_active, as one query.
    unexpired = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    return list(
        person.consents.filter(recipient, unexpired, revoked_at__isnull=True, starts_on__lte=today)
    )


def visible_groups(actor: Actor, person: Person) -> frozenset[FieldGroup]:
    return groups_and_releases(actor, person)[0]


def groups_and_releases(actor: Actor, person: Person) -> tuple[frozenset[FieldGroup], list[str]]:
    """The groups this actor may read, and the releases (public ids) that opened gated ones:
    the accounting of disclosures (42 CFR 2.24) names the release behind each gated read."""
    groups = set(actor.rule.read)
    gated = groups & actor.rule.roi_required
    used: list[str] = []
    if gated:
        today = timezone.localdate()
        covered: set[str] = set()
        for consent in active_consents(person, actor, today):
            covered.update(consent.field_groups)
            if any(g.value in consent.field_groups for g in gated):
                used.append(consent.public_id)
        groups -= {g for g in gated if g.value not in covered}
    return frozenset(FieldGroup(g) for g in groups), sorted(used)


def refuse_not_found(
    actor: Actor, requested: str, purpose: str, message: str = "No such person."
) -> Http404:
    """Audit a lookup that found nothing in the actor's scope; returns the 404 to raise.

    Out-of-scope and missing ids get the same answer, so the 404 says nothing about
    whether the id exists elsewhere."""
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.NOT_FOUND,
            purpose=purpose,
            detail={"requested": str(requested)[:40]},
        )
    return Http404(message)


def refuse_denied(
    actor: Actor,
    purpose: str,
    action: str = AuditAction.READ,
    *,
    person_ref: str = "",
    groups: Iterable[str] = (),
) -> PermissionDenied:
    """Audit a refusal of this actor's role (its own transaction); returns the 403 to raise."""
    with transaction.atomic():
        actor.audit(
            action=action,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            person_ref=person_ref,
            groups=sorted(groups),
        )
    return PermissionDenied()


def get_person_for(
    request: HttpRequest,
    public_id: str,
    *,
    purpose: str,
    write_group: FieldGroup | None = None,
) -> PersonRecord:
    """Fetch one person for the requesting user, projected and audited (404/403 otherwise)."""
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).select_related("case_manager").first()
    if person is None:
        raise refuse_not_found(actor, public_id, purpose)
    if write_group is not None and write_group not in actor.rule.write:
        with transaction.atomic():
            actor.audit(
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=person.public_id,
                groups=[write_group],
                purpose=purpose,
            )
        raise PermissionDenied
    groups, releases = groups_and_releases(actor, person)
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=sorted(groups),
            purpose=purpose,
            # The releases that opened a gated group (none: the detail stays empty).
            detail={"consents": releases} if releases else {},
        )
        record = project(person, groups, actor.rule.write)
    return record


def require_person_scope(
    request: HttpRequest, public_id: str, *, purpose: str
) -> tuple[Actor, Person]:
    """For pages about a person that show no field groups (access history): scope only."""
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).first()
    if person is None or not actor.rule.has(Capability.SEE_ACCESS_HISTORY):
        raise refuse_not_found(actor, public_id, purpose)
    return actor, person


def require(request: HttpRequest, capability: Capability, *, purpose: str) -> Actor:
    """The actor, if their role holds the capability; otherwise 403, audited."""
    actor = current_actor(request)
    if not actor.can(capability):
        raise refuse_denied(actor, purpose)
    return actor


PageNumber = int | str | None  # as typed in ?page=; Paginator.get_page copes with bad ones


def page_of(items: Any, raw: PageNumber) -> Page[Any]:
    """One page of LIST_LIMIT items; a bad or out-of-range `?page=` gives page 1 or the last."""
    return Paginator(items, LIST_LIMIT).get_page(raw)  # an empty list is one empty page


@dataclass(frozen=True)
class PeopleQuery:
    """An identifier search: at least two identifiers, or a name plus date of birth."""

    identifiers: dict[str, str] = field(default_factory=dict)
    legal_name: str = ""
    date_of_birth: str = ""

    @property
    def kind(self) -> str:
        """What the audit records about the query: which keys, never their values."""
        parts = list(self.identifiers)
        if self.legal_name and self.date_of_birth:
            parts.append("name+dob")
        return "+".join(parts)


def require_search(request: HttpRequest, *, purpose: str) -> Actor:
    """The actor if they may search people at all (403, audited, otherwise)."""
    actor = current_actor(request)
    if actor.rule.scope == Scope.NONE or not actor.rule.has(Capability.SEARCH_PEOPLE):
        raise refuse_denied(actor, purpose, AuditAction.SEARCH)
    return actor


def _matching(people: QuerySet[Person], query: PeopleQuery) -> QuerySet[Person]:
    # One filter() per identifier: each is its own join, so all must match (AND). The HMAC
    # covers the system as well as the value, so the indexed token alone is the match.
    for system, value in query.identifiers.items():
        people = people.filter(identifiers__blind_index=identifier_index(system, value))
    if query.legal_name and query.date_of_birth:
        people = people.filter(name_dob_index=name_dob_index(query.legal_name, query.date_of_birth))
    return people


def _shows_names(actor: Actor) -> bool:
    return (
        FieldGroup.IDENTITY in actor.rule.read
        and FieldGroup.IDENTITY not in actor.rule.roi_required
    )


def _audited_rows(
    actor: Actor, chosen: list[Person], *, purpose: str, query: str
) -> list[PersonRow]:
    with transaction.atomic():
        show_names = _shows_names(actor)
        groups = [FieldGroup.ENROLLMENT_STATUS] + ([FieldGroup.IDENTITY] if show_names else [])
        actor.audit(
            action=AuditAction.SEARCH if query else AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            groups=groups,
            purpose=purpose,
            detail={"people": [p.public_id for p in chosen], "query": query},
        )
        return list_rows(chosen, show_names=show_names)


def list_people_for(
    request: HttpRequest, *, purpose: str, page: PageNumber = 1
) -> tuple[Actor, list[PersonRow], Page[Any]]:
    """One page (LIST_LIMIT) of the user's people; one audit event naming only those shown."""
    actor = current_actor(request)
    if actor.rule.scope == Scope.NONE:
        raise refuse_denied(actor, purpose, AuditAction.LIST)
    people = scoped_people(actor).select_related("case_manager").order_by("-referred_at", "-pk")
    shown = page_of(people, page)
    rows = _audited_rows(actor, list(shown.object_list), purpose=purpose, query="")
    return actor, rows, shown


def search_people_for(
    request: HttpRequest, query: PeopleQuery, *, purpose: str
) -> tuple[Actor, list[PersonRow]]:
    """People matching every part of `query` (at most LIST_LIMIT), as an indexed equality."""
    actor = require_search(request, purpose=purpose)
    people = _matching(scoped_people(actor), query).select_related("case_manager")
    chosen = list(people.order_by("-referred_at", "-pk").distinct()[:LIST_LIMIT])
    rows = _audited_rows(actor, chosen, purpose=purpose, query=query.kind)
    return actor, rows
