"""Thin views: authorise through openlead.access, call an action or query, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access import audit
from openlead.access.actions import do_update_program
from openlead.access.conflicts import EditConflict, conflict_response, form_values
from openlead.access.helpers import (
    current_actor,
    get_person_for,
    list_people_for,
    memberships_of,
    require,
    require_person_scope,
    require_search,
    search_people_for,
)
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditEvent, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.people import actions
from openlead.web.forms import NoteForm, ProgramSettingsForm, SearchForm

HISTORY_COLUMNS = ["When (UTC)", "Who", "Role", "Action", "Field groups", "Outcome", "Purpose"]


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(
        request,
        "web/home.html",
        {"actor": actor, "rule": actor.rule, "program": actor.membership.program},
    )


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    chosen = memberships_of(request.user).filter(pk=request.POST.get("membership", "0")).first()
    if chosen is None:
        raise PermissionDenied
    request.session["membership_id"] = chosen.pk
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def people_list(request: HttpRequest) -> HttpResponse:
    """GET: one page of the user's people. POST: an identifier search (see SearchForm)."""
    if request.method == "POST":
        return _people_search(request)
    actor, rows, page = list_people_for(
        request, purpose="people list", page=request.GET.get("page")
    )
    context = {"form": SearchForm(), "rows": rows, "page": page, "actor": actor}
    return render(request, "web/people_list.html", context)


def _people_search(request: HttpRequest) -> HttpResponse:
    actor = require_search(request, purpose="people search")
    form = SearchForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "rows": [], "actor": actor, "searching": True}
        return render(request, "web/people_list.html", context, status=400)
    actor, rows = search_people_for(request, form.query(), purpose="people search")
    context = {"form": form, "rows": rows, "actor": actor, "searching": True}
    return render(request, "web/people_list.html", context)


@login_required
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    record = get_person_for(request, public_id, purpose="person page")
    actor = current_actor(request)
    writable = frozenset(g.value for g in actor.rule.write)
    form = NoteForm(writable=writable) if writable else None
    return render(
        request,
        "web/person_detail.html",
        {"record": record, "note_form": form, "actor": actor, "groups": FieldGroup},
    )


@login_required
@require_POST
def add_note(request: HttpRequest, public_id: str) -> HttpResponse:
    group = request.POST.get("field_group", "")
    write_group = FieldGroup(group) if group in FieldGroup.values else FieldGroup.CASEWORK_NOTES
    record = get_person_for(request, public_id, purpose="add note", write_group=write_group)
    actor = current_actor(request)
    writable = frozenset(g.value for g in actor.rule.write)
    form = NoteForm(request.POST, writable=writable)
    if form.is_valid():
        try:
            actions.check_add_note(
                record.person,
                form.cleaned_data["field_group"],
                form.cleaned_data["text"],
                who=actor.who,
                author=request.user,
                writable=writable,
                request_id=request_id_of(request),
            )
            return redirect("person_detail", public_id=public_id)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
    context = {"record": record, "note_form": form, "actor": actor, "groups": FieldGroup}
    return render(request, "web/person_detail.html", context, status=400)


@login_required
@require_POST
def revoke_consent(request: HttpRequest, public_id: str, consent_id: str) -> HttpResponse:
    record = get_person_for(
        request, public_id, purpose="revoke consent", write_group=FieldGroup.LEGAL
    )
    consent = record.person.consents.filter(public_id=consent_id).first()
    if consent is None:
        return render(request, "404.html", status=404)
    actions.do_revoke_consent(
        consent, who=current_actor(request).who, request_id=request_id_of(request)
    )
    return redirect("person_detail", public_id=public_id)


def _history_rows(person_ref: str) -> list[list[str]]:
    events = AuditEvent.objects.filter(person_ref=person_ref).order_by("-seq")[:1000]
    return [
        [
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username,
            e.role,
            e.get_action_display(),
            ", ".join(e.field_groups),
            e.get_outcome_display(),
            e.purpose,
        ]
        for e in events
    ]


def _is_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


@login_required
@require_GET
@step_up_required(when=_is_csv)  # an export of participant data (issue 12): fresh MFA first
def access_history(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, person = require_person_scope(request, public_id, purpose="access history")
    export = _is_csv(request)
    with transaction.atomic():
        audit.record(
            actor.who,
            action=AuditAction.EXPORT if export else AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            purpose="access history",
            request_id=request_id_of(request),
            path=request.path,
        )
        rows = _history_rows(person.public_id)
    if export:
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="access-history-{person.public_id}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(HISTORY_COLUMNS)
        writer.writerows(rows)
        return response
    return render(
        request,
        "web/access_history.html",
        {"person": person, "rows": rows, "columns": HISTORY_COLUMNS},
    )


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SEE_ACCESS_HISTORY, purpose="audit log")
    with transaction.atomic():
        audit.record(
            actor.who,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose="audit log",
            request_id=request_id_of(request),
            path=request.path,
        )
        events = list(AuditEvent.objects.filter(program_id=actor.program_id).order_by("-seq")[:200])
    return render(request, "web/audit_log.html", {"events": events})


@login_required
def program_settings(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.MANAGE_USERS, purpose="program settings")
    form = ProgramSettingsForm(request.POST or None, instance=actor.membership.program)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_program(who=actor.who, form=form, request_id=request_id_of(request))
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict,
                who=actor.who,
                back_url=reverse("program_settings"),
                purpose="program settings",
                resubmit=form_values(request),
            )
        messages.success(request, "Program settings saved.")
        return redirect("home")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "web/program_settings.html", {"form": form}, status=status)
