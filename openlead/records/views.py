"""Thin views: the linkage review queue, linkage runs, import batches, and a participant's
justice records.

Justice records never reach police, prosecutors or defenders through openlead (they hold
their own systems), whatever an ROI says: `Capability.READ_JUSTICE_RECORDS` is the explicit allowlist.
Comparison-group people (not participants) appear only here, to link reviewers, and only
with the side-by-side fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.helpers import (
    Actor,
    audit_request,
    current_actor,
    page_of,
    refuse_not_found,
    require,
    scoped_people,
    visible_groups,
)
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people.models import Person
from openlead.records import actions
from openlead.records.identity import comparison_identity, person_identity, record_identity
from openlead.records.models import (
    ImportBatch,
    ImportRowError,
    LinkageRun,
    LinkStatus,
    PersonRecordLink,
)

BATCH_LIMIT = 25
# The page is a summary; the full list is the CSV report the import command writes.
ROW_ERROR_LIMIT = 200
SIDE_BY_SIDE = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("state_id", "State id"),
    ("booking_number", "Booking number"),
]


def _refuse(request: HttpRequest, actor: Actor, outcome: str, purpose: str, **kw: Any) -> None:
    with transaction.atomic():
        audit_request(
            request, actor, action=AuditAction.READ, outcome=outcome, purpose=purpose, **kw
        )


def _link_for(
    request: HttpRequest, link_id: str, *, purpose: str
) -> tuple[Actor, PersonRecordLink]:
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    link = (
        _program_links(actor)
        .filter(public_id=link_id)
        .select_related("person", "comparison", "record")
        .first()
    )
    if link is None:
        raise refuse_not_found(request, actor, link_id, purpose, "No such link.")
    return actor, link


def _program_links(actor: Actor) -> Any:
    """Links of the actor's program, on either side (participant or comparison person)."""
    return PersonRecordLink.objects.filter(
        Q(person__program_id=actor.program_id) | Q(comparison__program_id=actor.program_id)
    )


def _person_ref(link: PersonRecordLink) -> str:
    return link.person.public_id if link.person else ""  # comparison people are not persons


def _link_detail(link: PersonRecordLink, **extra: Any) -> dict[str, Any]:
    detail = {"link": link.public_id, "record": link.record.public_id, **extra}
    if link.comparison:
        detail["comparison"] = link.comparison.public_id
    return detail


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    purpose = "record link review queue"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    pending = (
        _program_links(actor)
        .filter(status=LinkStatus.PENDING)
        .select_related("person", "comparison", "record")
    )
    page = page_of(pending.order_by("-probability", "pk"), request.GET.get("page"))
    links = list(page.object_list)
    latest = LinkageRun.objects.filter(program_id=actor.program_id).order_by("-started_at").first()
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.LEGAL],
            purpose=purpose,
            detail={"links": [link.public_id for link in links]},
        )
    return render(
        request,
        "records/review_queue.html",
        {
            "links": links,
            "page": page,
            "total": page.paginator.count,
            "latest_run": latest,
            "show_imports": actor.rule.has(Capability.SEE_IMPORTS),
        },
    )


@login_required
@require_GET
def review_link(request: HttpRequest, link_id: str) -> HttpResponse:
    purpose = "record link review"
    actor, link = _link_for(request, link_id, purpose=purpose)
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=_person_ref(link),
            groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL],
            purpose=purpose,
            detail=_link_detail(link),
        )
        if link.comparison:
            left = comparison_identity(link.comparison)
        else:
            assert link.person is not None  # the check constraint: one side is set
            left = person_identity(link.person)
        right = record_identity(link.record)
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
            audit_request(
                request,
                actor,
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=_person_ref(link),
                purpose="record link decision",
                detail=_link_detail(link, reason="; ".join(exc.messages)[:200]),
            )
        return render(
            request, "records/decided.html", {"link": link, "errors": exc.messages}, status=409
        )
    return redirect("link_review_queue")


@login_required
@require_POST
def start_linkage_run(request: HttpRequest) -> HttpResponse:
    """ "Run linkage now": one run per program at a time; the work runs in its own process."""
    purpose = "start record linkage"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    try:
        run = actions.check_start_linkage_run(
            actor.membership.program, who=actor.who, user=request.user, role=actor.role
        )
    except ValidationError as exc:
        with transaction.atomic():
            audit_request(
                request,
                actor,
                action=AuditAction.CREATE,
                outcome=AuditOutcome.DENIED,
                purpose=purpose,
                detail={"reason": "a run is already queued or running"},
            )
        return render(request, "records/decided.html", {"errors": exc.messages}, status=409)
    actions.do_launch_linkage_run(run)
    return redirect("linkage_run", run_id=run.public_id)


@login_required
@require_GET
def linkage_run(request: HttpRequest, run_id: str) -> HttpResponse:
    """A run's status; the page reloads itself (meta refresh, no script) while it runs."""
    purpose = "record linkage status"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    run = LinkageRun.objects.filter(public_id=run_id, program_id=actor.program_id).first()
    if run is None:
        raise refuse_not_found(request, actor, run_id, purpose, "No such linkage run.")
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose=purpose,
            detail={"run": run.public_id, "status": run.status},
        )
    return render(request, "records/linkage_run.html", {"run": run})


def _program_batches(actor: Actor) -> Any:
    """The actor's program's batches, plus those imported without --program: those feed
    every program's linkage, so every program's import staff may follow them."""
    return ImportBatch.objects.filter(Q(program_id=actor.program_id) | Q(program__isnull=True))


@login_required
@require_GET
def import_batches(request: HttpRequest) -> HttpResponse:
    """The latest batches; the page reloads itself (meta refresh, no script) while one runs."""
    purpose = "justice records import status"
    actor = require(request, Capability.SEE_IMPORTS, purpose=purpose)
    batches = list(_program_batches(actor).order_by("-started_at", "-pk")[:BATCH_LIMIT])
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose=purpose,
            detail={"batches": [batch.public_id for batch in batches]},
        )
    running = any(batch.running for batch in batches)
    return render(request, "records/import_batches.html", {"batches": batches, "running": running})


@login_required
@require_GET
def import_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    """One batch's facts and its rejected rows (row, column, reason; never the value)."""
    purpose = "justice records import report"
    actor = require(request, Capability.SEE_IMPORTS, purpose=purpose)
    batch = _program_batches(actor).filter(public_id=batch_id).select_related("program").first()
    if batch is None:
        raise refuse_not_found(request, actor, batch_id, purpose, "No such import batch.")
    row_errors = ImportRowError.objects.filter(batch=batch).order_by("row_number", "column")
    rejected = list(row_errors[:ROW_ERROR_LIMIT])
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose=purpose,
            detail={"batch": batch.public_id, "status": batch.status},
        )
    context = {"batch": batch, "rejected": rejected, "rejected_total": row_errors.count()}
    return render(request, "records/import_batch.html", context)


@login_required
@require_GET
def justice_records(request: HttpRequest, public_id: str) -> HttpResponse:
    """A participant's linked justice records: care team only, under the LEGAL group."""
    purpose = "justice records"
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).first()
    if person is None:
        raise refuse_not_found(request, actor, public_id, purpose, "No such person.")
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
        audit_request(
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
    if not actor.can(Capability.READ_JUSTICE_RECORDS):
        return False
    return FieldGroup.LEGAL in visible_groups(actor, person)
