"""Thin views: the linkage review queue, linkage runs, import batches, and a participant's
justice records.

Justice records never reach police, prosecutors or defenders through openlead (they hold
their own systems), whatever an ROI says: `Capability.READ_JUSTICE_RECORDS` is the explicit allowlist.
Comparison-group people (not participants) appear only here, to link reviewers, and only
with the side-by-side fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import Actor
from openlead.access.getters import audited_list, get_for, refuse_missing
from openlead.access.helpers import current_actor, page_of, require, visible_groups
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people.models import Person
from openlead.records import actions, explain, queries
from openlead.records.models import LinkageRun, PersonRecordLink

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


def _run_detail(run: LinkageRun) -> dict[str, str]:
    return {"run": run.public_id, "status": run.status}


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    purpose = "record link review queue"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    with audited_list(request, purpose=purpose, groups=[FieldGroup.LEGAL], people=False) as shown:
        page = page_of(queries.pending_links(actor), request.GET.get("page"))
        links = list(page.object_list)
        shown.detail["links"] = [link.public_id for link in links]
    context = {
        "links": links,
        "page": page,
        "total": page.paginator.count,
        "latest_run": queries.latest_linkage_run(actor),
        "show_imports": actor.rule.has(Capability.SEE_IMPORTS),
        "show_duplicates": actor.rule.has(Capability.MERGE_PEOPLE),
    }
    return render(request, "records/review_queue.html", context)


@login_required
@require_GET
def review_link(request: HttpRequest, link_id: str) -> HttpResponse:
    purpose = "record link review"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    link: PersonRecordLink = get_for(
        request,
        queries.program_links,
        link_id,
        purpose=purpose,
        groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL],
        message="No such link.",
        detail=actions.link_detail,
    )
    left, right = queries.link_sides(link)
    context = {
        "link": link,
        **explain.side_by_side(left, right, SIDE_BY_SIDE, link.weights, keep_empty=True),
        "left_label": "Comparison group (not a participant)"
        if link.comparison_id
        else "Participant",
        "right_label": "Justice record",
        "left_to_review": queries.pending_links(actor).count(),
        "same_pair": queries.sibling_links(link).count(),
    }
    return render(request, "records/review_link.html", context)


@login_required
@require_POST
def decide_link(request: HttpRequest, link_id: str) -> HttpResponse:
    purpose = "record link decision"
    actor = require(request, Capability.REVIEW_LINKS, purpose=purpose)
    link = queries.link_for(actor, link_id)
    if link is None:
        raise refuse_missing(actor, link_id, purpose, "No such link.")
    try:
        actions.check_decide_link(link, request.POST.get("decision", ""), acting=actor)
    except ValidationError as exc:
        actions.do_refuse_link_decision(link, exc.messages, acting=actor)
        context = {"link": link, "errors": exc.messages}
        return render(request, "records/decided.html", context, status=409)
    return _next_pair(request, actor, link)


def _next_pair(request: HttpRequest, actor: Actor, decided: PersonRecordLink) -> HttpResponse:
    """After a decision the next pair opens, with a count of what is left."""
    pending = queries.pending_links(actor)
    left = pending.count()
    said = "Linked" if decided.status == "accepted" else "Marked as not the same person"
    if not left:
        messages.success(request, f"{said}. Every pair is reviewed.")
        return redirect("link_review_queue")
    word = "pair" if left == 1 else "pairs"
    messages.success(request, f"{said}. {left} {word} left to review.")
    following = pending.first()
    assert following is not None  # left > 0
    return redirect("link_review", link_id=following.public_id)


@login_required
@require_POST
def start_linkage_run(request: HttpRequest) -> HttpResponse:
    """ "Run linkage now": one run per program at a time; the work runs in its own process."""
    actor = require(request, Capability.REVIEW_LINKS, purpose=actions.START_PURPOSE)
    try:
        run = actions.check_start_linkage_run(
            actor.membership.program, acting=actor, retrain=request.POST.get("retrain") == "1"
        )
    except ValidationError as exc:
        actions.do_refuse_linkage_run(actor)
        return render(request, "records/decided.html", {"errors": exc.messages}, status=409)
    actions.do_launch_linkage_run(run)
    return redirect("linkage_run", run_id=run.public_id)


@login_required
@require_GET
def linkage_run(request: HttpRequest, run_id: str) -> HttpResponse:
    """A run's status; the page reloads itself (meta refresh, no script) while it runs."""
    purpose = "record linkage status"
    require(request, Capability.REVIEW_LINKS, purpose=purpose)
    run = get_for(
        request,
        queries.program_linkage_runs,
        run_id,
        purpose=purpose,
        message="No such linkage run.",
        detail=_run_detail,
    )
    return render(request, "records/linkage_run.html", {"run": run})


@login_required
@require_GET
def import_batches(request: HttpRequest) -> HttpResponse:
    """The latest batches; the page reloads itself (meta refresh, no script) while one runs."""
    purpose = "justice records import status"
    actor = require(request, Capability.SEE_IMPORTS, purpose=purpose)
    with audited_list(request, purpose=purpose, action=AuditAction.READ, people=False) as shown:
        batches = queries.latest_batches(actor, BATCH_LIMIT)
        shown.detail["batches"] = [batch.public_id for batch in batches]
    running = any(batch.running for batch in batches)
    return render(request, "records/import_batches.html", {"batches": batches, "running": running})


@login_required
@require_GET
def import_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    """One batch's facts and its rejected rows (row, column, reason; never the value)."""
    purpose = "justice records import report"
    require(request, Capability.SEE_IMPORTS, purpose=purpose)
    batch = queries.batch_for(request, batch_id, purpose)
    rejected, total = queries.rejected_rows(batch, ROW_ERROR_LIMIT)
    context = {"batch": batch, "rejected": rejected, "rejected_total": total}
    return render(request, "records/import_batch.html", context)


@login_required
@require_GET
def justice_records(request: HttpRequest, public_id: str) -> HttpResponse:
    """A participant's linked justice records: care team only, under the LEGAL group."""
    purpose = "justice records"
    actor = current_actor(request)
    person = queries.person_in_scope(actor, public_id)
    if person is None:
        raise refuse_missing(actor, public_id, purpose, "No such person.")
    if not _may_read_justice(actor, person):
        actions.do_refuse_justice_records(person, acting=actor, purpose=purpose)
        raise PermissionDenied
    links = queries.read_justice_records(actor, person, purpose)
    return render(request, "records/justice_records.html", {"person": person, "links": links})


def _may_read_justice(actor: Actor, person: Person) -> bool:
    # Explicit role allowlist first: no ROI can open this to enforcement or defence.
    if not actor.can(Capability.READ_JUSTICE_RECORDS):
        return False
    return FieldGroup.LEGAL in visible_groups(actor, person)
