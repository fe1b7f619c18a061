"""Thin views: the linkage review queue and a participant's linked justice records.

Justice records never reach police, prosecutors or defenders through openlead (they hold
their own systems), whatever an ROI says: `JUSTICE_READERS` is the explicit allowlist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access import audit
from openlead.access.helpers import (
    Actor,
    current_actor,
    require_rule,
    scoped_people,
    visible_groups,
)
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup, Role
from openlead.people.models import Person
from openlead.records import actions
from openlead.records.identity import person_identity, record_identity
from openlead.records.models import LinkStatus, PersonRecordLink

QUEUE_LIMIT = 25
JUSTICE_READERS = frozenset({Role.PROGRAM_ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER})
SIDE_BY_SIDE = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("state_id", "State id"),
    ("booking_number", "Booking number"),
]


def _audit(request: HttpRequest, actor: Actor, **kwargs: Any) -> None:
    audit.record(actor.who, request_id=request_id_of(request), path=request.path, **kwargs)


def _refuse(request: HttpRequest, actor: Actor, outcome: str, purpose: str, **kw: Any) -> None:
    with transaction.atomic():
        _audit(request, actor, action=AuditAction.READ, outcome=outcome, purpose=purpose, **kw)


def _link_for(
    request: HttpRequest, link_id: str, *, purpose: str
) -> tuple[Actor, PersonRecordLink]:
    actor = require_rule(request, "can_review_links", purpose=purpose)
    link = (
        PersonRecordLink.objects.filter(public_id=link_id, person__program_id=actor.program_id)
        .select_related("person", "record")
        .first()
    )
    if link is None:
        _refuse(request, actor, AuditOutcome.NOT_FOUND, purpose, detail={"requested": link_id[:40]})
        raise Http404("No such link.")
    return actor, link


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    purpose = "record link review queue"
    actor = require_rule(request, "can_review_links", purpose=purpose)
    pending = PersonRecordLink.objects.filter(
        status=LinkStatus.PENDING, person__program_id=actor.program_id
    ).select_related("person", "record")
    total = pending.count()
    links = list(pending.order_by("-probability", "pk")[:QUEUE_LIMIT])
    with transaction.atomic():
        _audit(
            request,
            actor,
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.LEGAL],
            purpose=purpose,
            detail={"links": [link.public_id for link in links]},
        )
    return render(request, "records/review_queue.html", {"links": links, "total": total})


@login_required
@require_GET
def review_link(request: HttpRequest, link_id: str) -> HttpResponse:
    purpose = "record link review"
    actor, link = _link_for(request, link_id, purpose=purpose)
    with transaction.atomic():
        _audit(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=link.person.public_id,
            groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL],
            purpose=purpose,
            detail={"link": link.public_id, "record": link.record.public_id},
        )
        left, right = person_identity(link.person), record_identity(link.record)
    rows = [(label, left.get(key, ""), right.get(key, "")) for key, label in SIDE_BY_SIDE]
    return render(request, "records/review_link.html", {"link": link, "rows": rows})


@login_required
@require_POST
def decide_link(request: HttpRequest, link_id: str) -> HttpResponse:
    actor, link = _link_for(request, link_id, purpose="record link decision")
    try:
        actions.check_decide_link(
            link,
            request.POST.get("decision", ""),
            who=actor.who,
            user=request.user,
            request_id=request_id_of(request),
        )
    except ValidationError as exc:
        with transaction.atomic():
            _audit(
                request,
                actor,
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=link.person.public_id,
                purpose="record link decision",
                detail={"link": link.public_id, "reason": "; ".join(exc.messages)[:200]},
            )
        return render(
            request, "records/decided.html", {"link": link, "errors": exc.messages}, status=409
        )
    return redirect("link_review_queue")


@login_required
@require_GET
def justice_records(request: HttpRequest, public_id: str) -> HttpResponse:
    """A participant's linked justice records: care team only, under the LEGAL group."""
    purpose = "justice records"
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).first()
    if person is None:
        _refuse(
            request, actor, AuditOutcome.NOT_FOUND, purpose, detail={"requested": public_id[:40]}
        )
        raise Http404("No such person.")
    if not _may_read_justice(actor, person):
        _refuse(
            request,
            actor,
            AuditOutcome.DENIED,
            purpose,
            person_ref=person.public_id,
            groups=[FieldGroup.LEGAL],
        )
        raise PermissionDenied
    links = list(
        PersonRecordLink.objects.filter(person=person, status=LinkStatus.ACCEPTED)
        .select_related("record")
        .order_by("-record__occurred_on", "pk")
    )
    with transaction.atomic():
        _audit(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.LEGAL],
            purpose=purpose,
            detail={"records": len(links)},
        )
    return render(request, "records/justice_records.html", {"person": person, "links": links})


def _may_read_justice(actor: Actor, person: Person) -> bool:
    # Explicit role allowlist first: no ROI can open this to enforcement or defence.
    if actor.role not in JUSTICE_READERS:
        return False
    return FieldGroup.LEGAL in visible_groups(actor, person)
