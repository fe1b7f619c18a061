"""Reads of legal demands: the demands an actor may see, one demand with its sealed text
opened, the court-ordered disclosure document, and the participant's notices.

A demand is `legal` data about one participant: the care team sees the demands on people
in its scope. The disclosure document reads the person through the access layer's
projection with the order's field groups only, and is audited as an export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.getters import refuse_missing
from openlead.access.helpers import require, scoped_people
from openlead.access.models import AuditAction, AuditEvent, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.projection import project
from openlead.access.roles import FieldGroup as G
from openlead.legal.models import CourtOrder, DemandNotice, DemandStatus, LegalCase, LegalDemand
from openlead.people import disclosure, vault
from openlead.people.models import Person
from openlead.programs.dates import program_day

NOT_FOUND = "No such demand."
LEGAL = [G.LEGAL.value]
LIST_LIMIT = 100


def demand_scope(actor: Actor) -> QuerySet[LegalDemand]:
    """Demands in the actor's program on people in the actor's scope."""
    return LegalDemand.objects.filter(
        program_id=actor.program_id, person__in=scoped_people(actor).values("pk")
    ).select_related("person", "logged_by", "decision", "decision__court_order")


def demands_for(actor: Actor) -> list[LegalDemand]:
    """Open demands first (soonest due first, undated last), then decided ones, newest first."""
    open_first = Case(
        When(status=DemandStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = demand_scope(actor).annotate(open_first=open_first)
    ordered = rows.order_by("open_first", "due_on", "-received_on", "-pk")
    # Undated open demands after dated ones: SQLite and PostgreSQL disagree on NULLs.
    found = list(ordered[:LIST_LIMIT])
    return sorted(found, key=lambda d: (d.status != DemandStatus.OPEN, d.due_on is None))


def get_demand_for(
    request: HttpRequest,
    public_id: str,
    *,
    purpose: str,
    capability: Capability,
    status: str | None = None,
) -> tuple[Actor, LegalDemand]:
    """The demand, audited; a role without the capability gets the audited 403 first, and
    an id outside the actor's scope (or not in `status`) the same audited 404 as a
    missing one."""
    actor = require(request, capability, purpose=purpose)
    found = demand_scope(actor).filter(public_id=public_id)
    demand = (found.filter(status=status) if status else found).first()
    if demand is None:
        raise refuse_missing(actor, public_id, purpose, NOT_FOUND)
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=demand.person.public_id,
            groups=LEGAL,
            purpose=purpose,
            detail={"demand": demand.public_id},
        )
    return actor, demand


def _open(dek: bytes, row: Any, column: str) -> str:
    return vault.open_text(dek, getattr(row, column), row._meta.label_lower, row.public_id, column)


@dataclass(frozen=True)
class OpenedDemand:
    demand: LegalDemand
    summary: str
    reason: str
    order: CourtOrder | None


def open_demand(demand: LegalDemand) -> OpenedDemand:
    dek = vault.data_key(demand.person.public_id)
    decision = getattr(demand, "decision", None)
    reason = _open(dek, decision, "sealed_reason") if decision is not None else ""
    order = getattr(decision, "court_order", None) if decision is not None else None
    return OpenedDemand(demand, _open(dek, demand, "sealed_summary"), reason, order)


@dataclass
class Disclosure:
    """The record as the order scopes it: each allowed group's fields and entries."""

    demand: LegalDemand
    order: CourtOrder
    groups: list[str]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    cases: list[LegalCase] = field(default_factory=list)

    @property
    def group_labels(self) -> list[str]:
        return [disclosure.group_label(g) for g in self.groups]


def _in_range(at: dt.date, order: CourtOrder) -> bool:
    return (order.scope_from is None or at >= order.scope_from) and (
        order.scope_to is None or at <= order.scope_to
    )


def disclosure_for(actor: Actor, demand: LegalDemand) -> Disclosure:
    """The disclosure under the demand's order, from the order's groups only (and only
    those the actor's role reads), entries within its date range; audited as an export."""
    order = demand.decision.court_order
    allowed = {G(g) for g in order.scope_groups if g in G.values} & set(actor.rule.read)
    person: Person = demand.person
    with transaction.atomic():
        actor.audit(
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=sorted(g.value for g in allowed),
            purpose="court-ordered disclosure document",
            detail={"demand": demand.public_id, "court_order": order.public_id},
        )
        projected = project(person, frozenset(allowed))
    shown = Disclosure(demand, order, sorted(g.value for g in allowed))
    shown.fields = {disclosure.group_label(g): f for g, f in projected.fields.items()}
    for group, entries in projected.notes.items():
        kept = [e for e in entries if _in_range(timezone.localdate(e["at"]), order)]
        label = disclosure.group_label(group)
        shown.notes[label] = [{"at": e["at"], "text": e["text"]} for e in kept]
    if G.LEGAL in allowed:
        cases = LegalCase.objects.filter(person=person).prefetch_related("charges")
        shown.cases = [c for c in cases.order_by("opened_on") if _in_range(c.opened_on, order)]
    return shown


@dataclass(frozen=True)
class Notice:
    text: str
    visible_from: dt.date


def notices_for(person: Person, *, today: dt.date | None = None) -> list[Notice]:
    """The participant's notices of court-ordered disclosures that may be shown today
    (never before the order's "do not notify until" date). The caller (the portal) has
    authorised and audits the page that shows them."""
    on = today or program_day(person.program)
    rows = DemandNotice.objects.filter(person=person, visible_from__lte=on)
    if not rows:
        return []
    dek = vault.data_key(person.public_id)
    return [Notice(_open(dek, n, "sealed_text"), n.visible_from) for n in rows]


def untold_demands(person: Person, *, today: dt.date | None = None) -> set[str]:
    """The person's demands the participant may not be told of yet: no notice, or one an
    order holds back ("do not notify until"). The portal leaves their disclosures out of
    its accounting until then (portal.views, portal.bundle)."""
    on = today or program_day(person.program)
    told = DemandNotice.objects.filter(person=person, visible_from__lte=on)
    shown = set(told.values_list("demand__public_id", flat=True))
    return (
        set(LegalDemand.objects.filter(person=person).values_list("public_id", flat=True)) - shown
    )


def withheld_from_participant(person: Person) -> Callable[[AuditEvent], bool]:
    """For casework.queries.consents.accounting: hide the untold demands' events."""
    untold = untold_demands(person)
    return lambda event: str((event.detail or {}).get("demand", "")) in untold
