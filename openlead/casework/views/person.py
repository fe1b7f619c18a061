"""The participant's casework page and the writes it posts: contacts, assessments, the
monthly status, enrollment, plan goals and appointments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.roles import FieldGroup
from openlead.casework import actions, queries
from openlead.casework import forms as f
from openlead.casework.access import audited_read, casework_person
from openlead.casework.views._common import (
    cleaned,
    person_post,
    render_person,
    save_or_show,
)
from openlead.programs.dates import program_today

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
    form = f.QuickContactForm(request.POST if writing else None, first=queries.first_day(p))
    fields = ("occurred_at", "kind", "duration_minutes", "location", "services", "note")
    return save_or_show(
        request,
        actor,
        p,
        groups,
        form,
        lambda: actions.check_record_contact(p, acting=actor, **cleaned(form, fields)),
        saved="Contact saved.",
        template="casework/contact_form.html",
        purpose="record contact",
    )


@login_required
def assessment_new(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="assessment", write=writing
    )
    template = queries.current_template(p.program)
    show_health = G.HEALTH in groups and (not writing or G.HEALTH in actor.rule.write)
    initial = queries.prefill_snapshot(p, program_today().replace(day=1))
    kind = "reassessment" if p.assessments.exists() else "intake"
    form = f.AssessmentForm(
        request.POST if writing else None,
        template=template,
        show_health=show_health,
        initial={**initial, "kind": kind},
        first=queries.first_day(p),
    )

    def answers() -> actions.AssessmentAnswers:
        return actions.AssessmentAnswers(
            kind=form.cleaned_data["kind"],
            assessed_on=form.cleaned_data["assessed_on"],
            statuses=form.statuses(),
            notes=form.notes(),
            facts=form.facts(),
        )

    return save_or_show(
        request,
        actor,
        p,
        groups,
        form,
        lambda: actions.check_record_assessment(p, template, answers(), acting=actor),
        saved="Assessment saved.",
        template="casework/assessment_form.html",
        purpose="assessment",
        context={"template": template},
    )


def _month_param(request: HttpRequest, first: dt.date) -> dt.date | None:
    """The month asked for in the link, if it is one a status may describe (an old or
    future month would pre-fill a form that cannot be saved)."""
    try:
        month = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return None
    return None if queries.month_problem(month, first=first, today=program_today()) else month


@login_required
def snapshot(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    purpose = "monthly status"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=writing
    )
    first = queries.first_month(p)
    if writing:
        form = f.SnapshotForm(request.POST, first=first)
        return save_or_show(
            request,
            actor,
            p,
            groups,
            form,
            lambda: actions.check_record_snapshot(
                p, month=form.cleaned_data["month"], values=form.facts(), acting=actor
            ),
            saved=lambda: f"Status for {form.cleaned_data['month']:%B %Y} saved.",
            template="casework/snapshot_form.html",
            purpose=purpose,
            context={"sources": []},
        )
    month = _month_param(request, first) or max(queries.previous_month(program_today()), first)
    with audited_read(actor, p, [G.CASEWORK_NOTES], purpose=purpose):
        values = queries.prefill_snapshot(p, month)
        name = queries.person_title(p, groups)
    sources = values.pop("sources")
    form = f.SnapshotForm(initial={**values, "month": month}, first=first)
    context = {"form": form, "person": p, "name": name, "sources": sources}
    return render(request, "casework/snapshot_form.html", context)


# What the enrollment box says after each change.
ENROLLMENT_SAVED = {
    "inactive": "Marked inactive.",
    "reactivate": "Active again.",
    "exit": "Exit saved.",
    "reassign": "Case manager changed.",
    "enroll": "Enrolled again.",
}


@login_required
@require_POST
def enrollment(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.ENROLLMENT_STATUS, purpose="enrollment status")
    moves = queries.enrollment_moves(
        queries.current_enrollment(post.person), supervise=actions.may_reassign(post.actor)
    )
    return post.run(
        f.EnrollmentForm(request.POST, program=post.person.program, moves=moves),
        "enrollment",
        ENROLLMENT_SAVED.get(str(request.POST.get("action")), "Enrollment saved."),
        actions.check_change_enrollment,
        fields=("case_manager", "reason", "destination", "seen"),
        mapped={"change": "action"},
    )


@login_required
@require_POST
def goal_add(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="add goal")
    return post.run(
        f.GoalForm(request.POST),
        "goal",
        "Plan goal added.",
        actions.check_add_goal,
        fields=("domain", "words", "steps"),
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="goal status")
    return post.run(
        f.GoalStatusForm(request.POST),
        "goal_status",
        "Goal status saved.",
        actions.check_set_goal_status,
        fields=("status", "seen"),
        child=(post.person.goals.all(), "goal"),
    )


@login_required
@require_POST
def appointment_add(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="add appointment")
    return post.run(
        f.AppointmentForm(request.POST, program=post.person.program),
        "appointment",
        "Appointment saved.",
        actions.check_add_appointment,
        fields=("starts_at", "kind", "provider", "note"),
    )
