"""The audited getter and the audited list: how every view starts.

`get_for` is the first line of every view that takes an id, as healthchecks' views start
with `_get_check_for_user`: it scopes the queryset to the actor, fetches one object by
its public id, and writes the read event in the same transaction. A missing id, an id
outside the actor's scope and a role without the capability all get the same audited
404, so the answer never says whether the id exists. `audited_list` does the same for
list pages: one event naming exactly the rows the page showed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from openlead.access.acting import Actor, current_actor
from openlead.access.helpers import refuse_denied, refuse_not_found, scoped_people

__all__ = ["refuse_denied", "refuse_missing", "get_for", "audited_list", "in_scope"]
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.people.models import Person

M = TypeVar("M", bound=models.Model)
Source = QuerySet[M] | Callable[[Actor], QuerySet[M]]


def in_scope(actor: Actor, queryset: QuerySet[M]) -> QuerySet[M]:
    """The default scope: people through the policy's scope, and rows about a person
    through that person; anything else only within the actor's program."""
    model = queryset.model
    if model is Person:
        return queryset.filter(pk__in=scoped_people(actor).values("pk"))
    names = {f.name for f in model._meta.get_fields()}
    if "person" in names:
        return queryset.filter(person__in=scoped_people(actor).values("pk"))
    if "program" in names:
        return queryset.filter(program_id=actor.program_id)
    raise TypeError(f"{model.__name__} has no scope: pass a scoping function to get_for")


def person_ref_of(obj: models.Model) -> str:
    if isinstance(obj, Person):
        return obj.public_id
    person = getattr(obj, "person", None)
    return person.public_id if isinstance(person, Person) else ""


# The one audited not-found refusal, under the name the getters' callers use.
refuse_missing = refuse_not_found


def get_for(
    request: HttpRequest,
    source: Source[M],
    public_id: str,
    *,
    purpose: str,
    capability: Capability | None = None,
    groups: Iterable[str] = (),
    message: str = "Not found.",
    lookup: str = "public_id",
    detail: Callable[[M], dict[str, Any]] | None = None,
) -> M:
    """The object with this public id, if the actor may see it; otherwise the audited 404.

    `source` is a queryset (scoped here by `in_scope`) or a function that returns the
    actor's scoped queryset (an app's own scope, such as the referrals an actor sees).
    `detail` gives the read event's detail from the object (ids and statuses, no values)."""
    actor = current_actor(request)
    if capability is not None and not actor.can(capability):
        raise refuse_missing(actor, public_id, purpose, message)
    queryset = source(actor) if callable(source) else in_scope(actor, source)
    with transaction.atomic():
        obj = queryset.filter(**{lookup: public_id}).first()
        if obj is not None:
            actor.audit(
                action=AuditAction.READ,
                outcome=AuditOutcome.ALLOWED,
                person_ref=person_ref_of(obj),
                groups=sorted(groups),
                purpose=purpose,
                detail=detail(obj) if detail is not None else None,
            )
    if obj is None:
        # Outside the read's transaction: raising inside it would roll back the refusal.
        raise refuse_missing(actor, public_id, purpose, message)
    return obj


@dataclass
class Listing:
    """What one list page showed: the audit event written on leaving names these rows."""

    actor: Actor
    groups: list[str] = field(default_factory=list)
    names_people: bool = True  # False for lists of things (batches, runs): detail only
    people: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def scope(self, queryset: QuerySet[M]) -> QuerySet[M]:
        return in_scope(self.actor, queryset)

    def shown(self, people: Iterable[str]) -> None:
        self.people.extend(people)


@contextmanager
def audited_list(
    request: HttpRequest,
    *,
    purpose: str,
    capability: Capability | None = None,
    groups: Iterable[str] = (),
    action: str = AuditAction.LIST,
    people: bool = True,
) -> Iterator[Listing]:
    """A list page's reads and its one audit event, in one transaction (403, audited,
    without the capability). If the audit write fails, nothing is shown. With
    `people=False` (a list of batches or runs, not of people) the event's detail is only
    what the page put in `listing.detail`."""
    actor = current_actor(request)
    if capability is not None and not actor.can(capability):
        with transaction.atomic():
            actor.audit(action=action, outcome=AuditOutcome.DENIED, purpose=purpose)
        raise PermissionDenied
    listing = Listing(actor, groups=sorted(groups), names_people=people)
    with transaction.atomic():
        yield listing
        actor.audit(
            action=action,
            outcome=AuditOutcome.ALLOWED,
            groups=listing.groups,
            purpose=purpose,
            detail={"people": listing.people, **listing.detail}
            if listing.names_people
            else listing.detail,
        )
