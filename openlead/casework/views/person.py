"""The participant's casework page and the writes it posts: contacts, assessments, the
monthly status, enrollment, plan goals and appointments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openlead.access.roles import FieldGroup
from openlead.casework import actions, queries
from openlead.casework import forms as f
from openlead.casework.access import audited_read, casework_person
from openlead.casework.views._common import (
    add_errors,
    person_post,
    render_form_page,
    render_person,
)

G = FieldGroup


@login_required
@require_GET
def person(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="casework page"
    )
    return render_person(request, actor, p, groups, purpose="casework page")


@login_required
def contact_new(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="record contact", write=writing
    )
    form = f.QuickContactForm(request.POST if writing else None)
    if writing and form.is_valid():
        d = form.cleaned_data
        try:
            actions.check_record_contact(
                p,
                acting=actor,
                occurred_at=d["occurred_at"],
                kind=d["kind"],
                duration_minutes=d["duration_minutes"],
                location=d["location"],
                services=d["services"],
                note=d["note"],
            )
            messages.success(request, "Contact recorded.")
            return redirect("casework_person", public_id=public_id)
        except ValidationError as exc:
            add_errors(form, exc)
    return render_form_page(
        request,
        actor,
        p,
        groups,
        "casework/contact_form.html",
        {"form": form},
        purpose="record contact",
        status=400 if writing else 200,
    )


@login_required
def assessment_new(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="assessment", write=writing
    )
    template = queries.current_template(p.program)
    show_health = G.HEALTH in groups and (not writing or G.HEALTH in actor.rule.write)
    initial = queries.prefill_snapshot(p, timezone.localdate().replace(day=1))
    kind = "reassessment" if p.assessments.exists() else "intake"
    form = f.AssessmentForm(
        request.POST if writing else None,
        template=template,
        show_health=show_health,
        initial={**initial, "kind": kind},
    )
    if writing and form.is_valid():
        try:
            actions.check_record_assessment(
                p,
                template,
                acting=actor,
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                statuses=form.statuses(),
                notes=form.notes(),
                facts=form.facts(),
            )
            messages.success(request, "Assessment saved.")
            return redirect("casework_person", public_id=public_id)
        except ValidationError as exc:
            add_errors(form, exc)
    return render_form_page(
        request,
        actor,
        p,
        groups,
        "casework/assessment_form.html",
        {"form": form, "template": template},
        purpose="assessment",
        status=400 if writing else 200,
    )


def _month_param(request: HttpRequest) -> dt.date | None:
    try:
        return dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return None


@login_required
def snapshot(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    purpose = "monthly status"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=writing
    )
    if writing:
        form = f.SnapshotForm(request.POST)
        if form.is_valid():
            actions.do_record_snapshot(
                p, month=form.cleaned_data["month"], values=form.facts(), acting=actor
            )
            messages.success(request, "Monthly status saved.")
            return redirect("casework_person", public_id=public_id)
        context = {"form": form, "sources": []}
        return render_form_page(
            request,
            actor,
            p,
            groups,
            "casework/snapshot_form.html",
            context,
            purpose=purpose,
            status=400,
        )
    month = _month_param(request) or queries.previous_month(timezone.localdate())
    with audited_read(actor, p, [G.CASEWORK_NOTES], purpose=purpose):
        values = queries.prefill_snapshot(p, month)
        name = queries.person_title(p, groups)
    sources = values.pop("sources")
    form = f.SnapshotForm(initial={**values, "month": month.strftime("%Y-%m")})
    context = {"form": form, "person": p, "name": name, "sources": sources}
    return render(request, "casework/snapshot_form.html", context)


@login_required
@require_POST
def enrollment(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.ENROLLMENT_STATUS, purpose="enrollment status")
    form = f.EnrollmentForm(request.POST, program_id=post.person.program_id)
    if not form.is_valid():
        return post.rejected(form, "enrollment")
    d = form.cleaned_data
    return post.submit(
        form,
        "enrollment",
        "Enrollment updated.",
        actions.check_change_enrollment,
        post.person,
        change=d["action"],
        case_manager=d["case_manager"],
        reason=d["reason"],
        destination=d["destination"],
        seen=d.get("seen", ""),
    )


@login_required
@require_POST
def goal_add(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="add goal")
    form = f.GoalForm(request.POST)
    if not form.is_valid():
        return post.rejected(form, "goal")
    d = form.cleaned_data
    return post.submit(
        form,
        "goal",
        "Goal added.",
        actions.check_add_goal,
        post.person,
        domain=d["domain"],
        words=d["words"],
        steps=d["steps"],
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="goal status")
    form = f.GoalStatusForm(request.POST)
    if not form.is_valid():
        return post.rejected(form, "goal_status")
    d = form.cleaned_data
    goal = post.child(post.person.goals.all(), d["goal"])
    return post.submit(
        form,
        "goal_status",
        "Goal updated.",
        actions.check_set_goal_status,
        goal,
        status=d["status"],
        seen=d.get("seen", ""),
    )


@login_required
@require_POST
def appointment_add(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="add appointment")
    form = f.AppointmentForm(request.POST, program_id=post.person.program_id)
    if not form.is_valid():
        return post.rejected(form, "appointment")
    d = form.cleaned_data
    return post.submit(
        form,
        "appointment",
        "Appointment added.",
        actions.check_add_appointment,
        post.person,
        starts_at=d["starts_at"],
        kind=d["kind"],
        provider=d["provider"],
        note=d["note"],
    )
