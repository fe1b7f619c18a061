"""The work group's pages. Each view's first line fetches through an access helper
(openlead.legal.owg.access, openlead.access.helpers); every write is an action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access.getters import refuse_missing
from openlead.access.helpers import require, scoped_people
from openlead.access.policy import Capability
from openlead.access.roles import Role
from openlead.legal.models import AgendaSection, MeetingStatus, OwgMeeting
from openlead.legal.owg import actions
from openlead.legal.owg.access import get_meeting_for, meetings_for
from openlead.legal.owg.agenda import ROW_CAP, build_agenda
from openlead.legal.owg.forms import MinuteForm, ScheduleForm

PURPOSE = "work group meeting"


def _roles_text(meeting: OwgMeeting) -> str:
    return ", ".join(Role(r).label for r in meeting.invited_roles if r in Role.values)


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.ATTEND_OWG, purpose=PURPOSE)
    now = timezone.now()
    rows = [(m, _roles_text(m)) for m in meetings_for(actor)]
    upcoming = [r for r in rows if r[0].status == MeetingStatus.SCHEDULED and r[0].starts_at >= now]
    past = [r for r in rows if r not in upcoming]
    upcoming.reverse()  # soonest first
    context = {"upcoming": upcoming, "past": past, "runs": actor.can(Capability.RUN_OWG)}
    return render(request, "legal/owg/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.RUN_OWG, purpose=PURPOSE)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = actions.NewMeeting(
                form.cleaned_data["starts_at"],
                form.cleaned_data["location"],
                list(form.cleaned_data["invited_roles"]),
            )
            try:
                meeting = actions.check_schedule_meeting(
                    actor.membership.program, data, acting=actor
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, "Meeting scheduled.")
                return redirect("owg_meeting", public_id=meeting.public_id)
        return render(request, "legal/owg/schedule.html", {"form": form}, status=400)
    return render(request, "legal/owg/schedule.html", {"form": form})


def _meeting_context(request: HttpRequest, public_id: str) -> dict[str, Any]:
    actor, meeting = get_meeting_for(request, public_id, purpose=PURPOSE)
    agenda = build_agenda(meeting, actor, purpose=PURPOSE)
    return {
        "actor": actor,
        "meeting": meeting,
        "agenda": agenda,
        "roles": _roles_text(meeting),
        "cap": ROW_CAP,
        "runs": actor.can(Capability.RUN_OWG) and meeting.status == MeetingStatus.SCHEDULED,
        "writes": actor.can(Capability.WRITE_MINUTES) and meeting.status != MeetingStatus.CANCELLED,
        "notice_groups": sorted(agenda.groups),
    }


@login_required
@require_GET
def meeting_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return render(request, "legal/owg/meeting.html", _meeting_context(request, public_id))


@login_required
@require_GET
def meeting_print(request: HttpRequest, public_id: str) -> HttpResponse:
    return render(request, "legal/owg/print.html", _meeting_context(request, public_id))


def _change(request: HttpRequest, public_id: str, change: Any, saved: str) -> HttpResponse:
    actor, meeting = get_meeting_for(
        request, public_id, purpose=PURPOSE, capability=Capability.RUN_OWG
    )
    try:
        change(meeting, acting=actor)
    except ValidationError as refused:
        context = _meeting_context(request, public_id)
        context["refusal"] = " ".join(refused.messages)
        return render(request, "legal/owg/meeting.html", context, status=400)
    messages.success(request, saved)
    return redirect("owg_meeting", public_id=meeting.public_id)


@login_required
@require_POST
def meeting_hold(request: HttpRequest, public_id: str) -> HttpResponse:
    return _change(request, public_id, actions.check_mark_held, "Meeting marked held.")


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    return _change(request, public_id, actions.check_cancel_meeting, "Meeting cancelled.")


@login_required
@require_http_methods(["GET", "POST"])
def minute_new(request: HttpRequest, public_id: str, person_id: str, section: str) -> HttpResponse:
    actor, meeting = get_meeting_for(
        request, public_id, purpose=PURPOSE, capability=Capability.WRITE_MINUTES
    )
    person = scoped_people(actor).filter(public_id=person_id).first()
    if person is None or section not in AgendaSection.values:
        raise refuse_missing(actor, person_id, PURPOSE)
    form = MinuteForm(request.POST or None)
    context = {
        "meeting": meeting,
        "person_ref": person.public_id,
        "section_label": AgendaSection(section).label,
        "form": form,
    }
    if request.method == "GET":
        return render(request, "legal/owg/minute.html", context)
    if form.is_valid():
        data = actions.NewMinute(section=section, **form.cleaned_data)
        try:
            actions.check_write_minute(meeting, person, data, acting=actor)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, "Minute saved.")
            return redirect("owg_meeting", public_id=meeting.public_id)
    return render(request, "legal/owg/minute.html", context, status=400)
