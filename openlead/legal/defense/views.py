"""The defender's pages: the client list (their landing page), one client, and the note
channel's write (the defender from the client page, the care team from the casework
person page's included form)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import Actor, current_actor
from openlead.access.getters import audited_list, refuse_missing
from openlead.access.helpers import get_person_for, page_of, scoped_people
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.legal.defense import queries as q
from openlead.legal.defense.actions import PURPOSE, check_write_defense_note, refuse_write
from openlead.legal.defense.forms import DefenseNoteForm
from openlead.people.models import Person


@login_required
@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    with audited_list(
        request, purpose="defense clients", capability=Capability.DEFEND_CLIENTS
    ) as listing:
        page = page_of(q.clients_of(listing.actor), request.GET.get("page"))
        rows = q.client_rows(listing.actor, list(page.object_list), now)
        listing.shown(r.public_id for r in rows)
        # The event names the groups some row showed (a name is identity, cases legal).
        listing.groups = sorted({g for r in rows for g in r.groups})
    return render(request, "legal/defense/clients.html", {"rows": rows, "page": page})


def _client_context(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """The client page's reads: the person through the access layer (its audited read),
    then their cases, court dates, releases to this office and the note thread."""
    actor = current_actor(request)
    if not actor.can(Capability.DEFEND_CLIENTS):
        raise refuse_missing(actor, public_id, "defense client", "No such person.")
    record = get_person_for(request, public_id, purpose="defense client")
    person = record.person
    cases = q.cases_seen(actor, person, record.groups).prefetch_related("charges", "court_dates")
    return {
        "record": record,
        "person": person,
        "name": record.display_name if FieldGroup.IDENTITY in record.groups else "",
        "cases": list(cases),
        "next_court": q.next_court_date(cases, timezone.now()),
        "releases": q.releases_for_defense(actor, person),
        "channel_open": q.channel_open(actor, person),
        "thread": q.thread_for(actor, person),
    }


@login_required
@require_GET
def client_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    context = _client_context(request, public_id)
    context["form"] = DefenseNoteForm()
    return render(request, "legal/defense/client.html", context)


def _person_for_note(actor: Actor, public_id: str) -> Person:
    person = scoped_people(actor).filter(public_id=public_id).select_related("program").first()
    if person is None:
        raise refuse_missing(actor, public_id, PURPOSE, "No such person.")
    return person


def _back(actor: Actor, person: Person) -> str:
    if q.is_defender(actor):
        return reverse("defense_client", kwargs={"public_id": person.public_id})
    return reverse("casework_person", kwargs={"public_id": person.public_id}) + "#defense-notes"


def _show_again(request: HttpRequest, actor: Actor, person: Person, form: Any) -> HttpResponse:
    """The form again with its error beside the field (400): the defender's client page,
    or for the care team a page of its own (legal never renders casework's page)."""
    if q.is_defender(actor):
        context = {**_client_context(request, person.public_id), "form": form}
        return render(request, "legal/defense/client.html", context, status=400)
    context = {"form": form, "person": person, "back": _back(actor, person)}
    return render(request, "legal/defense/note_form.html", context, status=400)


@login_required
@require_POST
def note_new(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = _person_for_note(actor, public_id)
    if not q.channel_open(actor, person):
        raise refuse_write(actor, person)
    form = DefenseNoteForm(request.POST)
    if not form.is_valid():
        return _show_again(request, actor, person, form)
    try:
        check_write_defense_note(person, form.cleaned_data["text"], acting=actor)
    except ValidationError as exc:
        form.add_error("text", exc.message_dict.get("text", exc.messages))
        return _show_again(request, actor, person, form)
    side = "the care team" if q.is_defender(actor) else "the defense"
    messages.success(request, f"Note sent to {side}.")
    return redirect(_back(actor, person))
