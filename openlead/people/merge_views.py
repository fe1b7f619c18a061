"""The merge pages: choose the other record, preview both side by side with a choice per
conflicting field, confirm; the result with "Undo merge" until the window ends.

Thin views: the first line authorises (MERGE_PEOPLE, audited 403) and fetches through
openlead.access (both records projected and audited; another program's or a merged id is
the same 404); one action from people.merge; post/redirect/get with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access.acting import Actor
from openlead.access.getters import get_for
from openlead.access.helpers import PersonRecord, get_person_for, require, scoped_people
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people import merge
from openlead.people.merge_forms import MergeChoiceForm, MergeStartForm
from openlead.people.models import PersonMerge


def name_of(record: PersonRecord) -> str:
    """The legal name, else the name a self-referrer gave, else the record id."""
    identity = record.fields.get(FieldGroup.IDENTITY, {})
    name = identity.get("Legal name") or identity.get("Aliases")
    return str(name) if name else f"Record {record.public_id}"


def _form_errors(form: MergeStartForm | MergeChoiceForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, reasons in error.message_dict.items():
            form.add_error(name if name in form.fields else None, reasons)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def merge_start(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = require(request, Capability.MERGE_PEOPLE, purpose="merge start")
    record = get_person_for(request, public_id, purpose="merge start")
    form = MergeStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        if other == public_id:
            form.add_error("other", "That is this record: give the other one's id.")
        elif not scoped_people(actor).filter(public_id=other).exists():
            form.add_error("other", "No record with that id in this program.")
        else:
            return redirect("merge_preview", public_id=public_id, other=other)
    status = 400 if form.is_bound else 200
    context = {"record": record, "name": name_of(record), "form": form}
    return render(request, "people/merge_start.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def merge_preview(request: HttpRequest, public_id: str, other: str) -> HttpResponse:
    actor = require(request, Capability.MERGE_PEOPLE, purpose="merge preview")
    keep = get_person_for(request, public_id, purpose="merge preview")
    gone = get_person_for(request, other, purpose="merge preview")
    conflicts = merge.conflicts(keep.person, gone.person) if keep.person != gone.person else []
    form = MergeChoiceForm(request.POST or None, conflicts=conflicts)
    if request.method == "POST" and form.is_valid():
        plan = merge.MergePlan(keep.person, gone.person, form.choices())
        try:
            done = merge.check_merge_people(plan, acting=actor)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            until = timezone.localtime(done.undo_until)
            moved = sum(done.counts.values())
            messages.success(
                request,
                f"Records merged: {moved} {'row' if moved == 1 else 'rows'} moved. "
                f"You can undo this until {until:%-d %b %Y}.",
            )
            return redirect("merge_result", merge_id=done.public_id)
    context = {
        "keep": keep,
        "gone": gone,
        "keep_name": name_of(keep),
        "gone_name": name_of(gone),
        "form": form,
        "groups": [FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.ENROLLMENT_STATUS],
        "window_days": merge.UNDO_WINDOW.days,
    }
    status = 400 if form.is_bound else 200
    return render(request, "people/merge_preview.html", context, status=status)


def _merges(actor: Actor) -> QuerySet[PersonMerge]:
    """Merges of the actor's program, for those who merge (others: the same 404)."""
    if not actor.can(Capability.MERGE_PEOPLE):
        return PersonMerge.objects.none()
    return PersonMerge.objects.filter(program_id=actor.program_id).select_related(
        "survivor", "absorbed", "merged_by", "undone_by"
    )


def _result(request: HttpRequest, found: PersonMerge, status: int = 200) -> HttpResponse:
    context = {
        "merge": found,
        "moved": merge.moved_summary(found),
        "undoable": found.undoable(timezone.now()),
        "window_days": merge.UNDO_WINDOW.days,
    }
    return render(request, "people/merge_result.html", context, status=status)


@login_required
@require_GET
def merge_result(request: HttpRequest, merge_id: str) -> HttpResponse:
    found = get_for(request, _merges, merge_id, purpose="merge result", message="No such merge.")
    return _result(request, found)


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: str) -> HttpResponse:
    found = get_for(request, _merges, merge_id, purpose="undo merge", message="No such merge.")
    actor = require(request, Capability.MERGE_PEOPLE, purpose="undo merge")
    try:
        merge.check_undo_merge(found, acting=actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _result(request, found, status=409)
    messages.success(request, "Merge undone: both records are back as they were.")
    return redirect("merge_result", merge_id=merge_id)
