"""Thin views: deletion requests and their approval, legal holds, the retention schedule.

Each starts with `require` (403, audited, without the capability) and reaches a person or
a row through the audited getters (the same 404 for out of scope and missing); approving
a deletion and lifting a hold need a fresh second factor (step_up_required)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openlead.access.acting import Actor
from openlead.access.getters import audited_list, get_for
from openlead.access.helpers import get_person_for, require
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.retention import queries
from openlead.retention.actions import holds as hold_actions
from openlead.retention.actions import requests as request_actions
from openlead.retention.actions.approvals import (
    approval_problem,
    do_approve_deletion,
    do_decline_deletion,
)
from openlead.retention.actions.schedule import Periods, do_set_schedule, schedule_of
from openlead.retention.forms import DecideForm, DeletionRequestForm, HoldForm, ScheduleForm
from openlead.retention.holds import holds_in_force
from openlead.retention.models import DeletionRequest, DeletionSource, LegalHold

LIST_LIMIT = 100  # the newest requests or holds a page shows


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    for name, problems in exc.message_dict.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@login_required
@require_http_methods(["GET", "POST"])
def person_deletion(request: HttpRequest, public_id: str) -> HttpResponse:
    """The care team asks for a participant's record to be deleted."""
    purpose = "deletion request"
    actor = require(request, Capability.REQUEST_DELETION, purpose=purpose)
    record = get_person_for(request, public_id, purpose=purpose)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_actions.do_request_deletion(
                record.person, acting=actor, source=DeletionSource.STAFF,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Deletion requested: two approvers will review it.")
            return redirect("person_detail", public_id=public_id)
    context = {
        "record": record,
        "form": form,
        "open": request_actions.open_request(record.person),
    }
    status = 400 if form.errors else 200
    return render(request, "retention/person_deletion.html", context, status=status)


@login_required
def deletion_requests(request: HttpRequest) -> HttpResponse:
    purpose = "deletion requests"
    actor = require(request, Capability.APPROVE_DELETIONS, purpose=purpose)
    with audited_list(request, purpose=purpose, groups=[FieldGroup.IDENTITY]) as listing:
        found = list(queries.requests_for(actor.program_id)[:LIST_LIMIT])
        rows = queries.request_rows(found)
        listing.shown(r.request.person_ref for r in rows if r.name)
    problems = [
        approval_problem(r.request, actor) if r.request.status == "requested" else "" for r in rows
    ]
    context = {"rows": list(zip(rows, problems, strict=True))}
    return render(request, "retention/deletion_requests.html", context)


def _scoped_requests(actor: Actor) -> Any:
    return DeletionRequest.objects.filter(program_id=actor.program_id)


@login_required
@require_POST
@step_up_required
def deletion_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "deletion decision"
    actor = require(request, Capability.APPROVE_DELETIONS, purpose=purpose)
    found = get_for(
        request, _scoped_requests, public_id, purpose=purpose, message="No such request."
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect("deletion_requests")
    try:
        if form.cleaned_data["decision"] == "approve":
            done = do_approve_deletion(found, acting=actor)
        else:
            done = do_decline_deletion(found, acting=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("deletion_requests")
    messages.success(request, _decided(done))
    return redirect("deletion_requests")


def _decided(done: DeletionRequest) -> str:
    if done.status == "carried_out":
        return "Approved and carried out: the record is deleted and its key destroyed."
    if done.waiting_for:
        return f"Approved. It waits: {done.waiting_for}"
    if done.status == "declined":
        return "Request declined: the record is kept."
    return "First approval recorded: a second approver must approve it too."


@login_required
def legal_holds(request: HttpRequest) -> HttpResponse:
    purpose = "legal holds"
    actor = require(request, Capability.PLACE_LEGAL_HOLDS, purpose=purpose)
    return _holds_page(request, actor, HoldForm(), purpose)


def _holds_page(request: HttpRequest, actor: Actor, form: HoldForm, purpose: str) -> HttpResponse:
    with audited_list(request, purpose=purpose, people=False) as listing:
        holds = list(
            LegalHold.objects.filter(program_id=actor.program_id)
            .select_related("placed_by", "lift_requested_by", "lifted_by")
            .order_by("lifted_at", "-placed_at")[:LIST_LIMIT]
        )
        listing.detail = {"holds": len(holds)}
    context = {"holds": holds, "form": form, "me": request.user.pk}
    return render(
        request, "retention/legal_holds.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def legal_hold_place(request: HttpRequest) -> HttpResponse:
    """A hold on the whole program."""
    purpose = "legal holds"
    actor = require(request, Capability.PLACE_LEGAL_HOLDS, purpose=purpose)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            hold_actions.do_place_hold(None, acting=actor, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Legal hold placed on the whole program: nothing is deleted.")
            return redirect("legal_holds")
    return _holds_page(request, actor, form, purpose)


@login_required
@require_http_methods(["GET", "POST"])
def person_hold(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "legal hold"
    actor = require(request, Capability.PLACE_LEGAL_HOLDS, purpose=purpose)
    record = get_person_for(request, public_id, purpose=purpose)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hold_actions.do_place_hold(record.person, acting=actor, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Legal hold placed: this record will not be deleted.")
            return redirect("person_detail", public_id=public_id)
    held = holds_in_force(actor.program_id).filter(person=record.person)
    context = {"record": record, "form": form, "held": list(held)}
    return render(
        request, "retention/person_hold.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
@step_up_required
def legal_hold_lift(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "lift legal hold"
    actor = require(request, Capability.PLACE_LEGAL_HOLDS, purpose=purpose)
    scoped = lambda a: LegalHold.objects.filter(program_id=a.program_id)  # noqa: E731
    hold = get_for(request, scoped, public_id, purpose=purpose, message="No such hold.")
    try:
        done = hold_actions.do_lift_hold(hold, acting=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("legal_holds")
    if done.in_force:
        messages.success(request, "Asked to lift the hold: a second person must confirm.")
    else:
        messages.success(request, "Legal hold lifted.")
    return redirect("legal_holds")


@login_required
@require_http_methods(["GET", "POST"])
def retention_schedule(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SET_RETENTION, purpose="retention schedule")
    schedule = schedule_of(actor.program_id)
    initial = {name: getattr(schedule, name) for name in ScheduleForm.base_fields}
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_set_schedule(Periods(**form.cleaned_data), acting=actor)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Retention schedule saved.")
            return redirect("retention_schedule")
    context = {"form": form, "schedule": schedule}
    return render(request, "retention/schedule.html", context, status=400 if form.errors else 200)
