"""The people pages: the list and the identifier search, a person's page, a new note,
revoking a release, and the record's access history (the edit pages of the person
record are in identity_views.py).

Thin views: the first line authorises and fetches through openlead.access (projected and
audited), then a form, then one action from people.actions or an audited query.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access import queries as access_queries
from openlead.access.acting import Actor
from openlead.access.helpers import (
    PersonRecord,
    current_actor,
    get_person_for,
    list_people_for,
    require_person_scope,
    require_search,
    search_people_for,
)
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.people import actions
from openlead.people.forms import NoteForm, SearchForm
from openlead.people.identity_views import person_cards
from openlead.people.queries import consent_of


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
    return render(request, "people/people_list.html", context)


def _people_search(request: HttpRequest) -> HttpResponse:
    actor = require_search(request, purpose="people search")
    form = SearchForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "rows": [], "actor": actor, "searching": True}
        return render(request, "people/people_list.html", context, status=400)
    actor, rows = search_people_for(request, form.query(), purpose="people search")
    context = {"form": form, "rows": rows, "actor": actor, "searching": True}
    return render(request, "people/people_list.html", context)


def _writable(actor: Actor) -> frozenset[str]:
    return frozenset(g.value for g in actor.rule.write)


@login_required
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    record = get_person_for(request, public_id, purpose="person page")
    actor = current_actor(request)
    writable = _writable(actor)
    form = NoteForm(writable=writable) if writable else None
    return render(request, "people/person_detail.html", _detail_context(record, actor, form))


def _detail_context(record: PersonRecord, actor: Actor, form: NoteForm | None) -> dict[str, Any]:
    return {
        "record": record,
        "note_form": form,
        "actor": actor,
        "groups": FieldGroup,
        "cards": person_cards(record, _writable(actor)),
    }


@login_required
@require_POST
def add_note(request: HttpRequest, public_id: str) -> HttpResponse:
    group = request.POST.get("field_group", "")
    write_group = FieldGroup(group) if group in FieldGroup.values else FieldGroup.CASEWORK_NOTES
    record = get_person_for(request, public_id, purpose="add note", write_group=write_group)
    actor = current_actor(request)
    writable = _writable(actor)
    form = NoteForm(request.POST, writable=writable)
    if form.is_valid():
        try:
            actions.check_add_note(
                record.person,
                form.cleaned_data["field_group"],
                form.cleaned_data["text"],
                acting=actor,
                writable=writable,
            )
            return redirect("person_detail", public_id=public_id)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
    context = _detail_context(record, actor, form)
    return render(request, "people/person_detail.html", context, status=400)


@login_required
@require_POST
def revoke_consent(request: HttpRequest, public_id: str, consent_id: str) -> HttpResponse:
    record = get_person_for(
        request, public_id, purpose="revoke consent", write_group=FieldGroup.LEGAL
    )
    consent = consent_of(record.person, consent_id)
    if consent is None:
        return render(request, "404.html", status=404)
    actions.do_revoke_consent(consent, acting=current_actor(request))
    return redirect("person_detail", public_id=public_id)


def _is_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


@login_required
@require_GET
@step_up_required(when=_is_csv)  # an export of participant data (issue 12): fresh MFA first
def access_history(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, person = require_person_scope(request, public_id, purpose="access history")
    export = _is_csv(request)
    rows = access_queries.access_history(actor, person.public_id, export=export)
    columns = access_queries.HISTORY_COLUMNS
    if export:
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="access-history-{person.public_id}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(columns)
        writer.writerows(rows)
        return response
    context = {"person": person, "rows": rows, "columns": columns}
    return render(request, "people/access_history.html", context)
