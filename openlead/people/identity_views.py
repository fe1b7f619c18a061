"""The person record's edit pages (issue 11): identity, contact, demographics, identifiers.

Each part is its own small form at its own URL. The first line fetches the person through
`get_person_for(..., write_group=...)`: outside the actor's scope the same audited 404,
a role that may not write the part's field group an audited 403. A valid form runs one
action from people.identity_actions, then post/redirect/get with a message naming what
was saved; an invalid one is shown again (400) with each error beside its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.views.decorators.http import require_http_methods

from openlead.access.acting import Actor
from openlead.access.helpers import PersonRecord, current_actor, get_person_for
from openlead.access.roles import FieldGroup as G
from openlead.people import identity_actions
from openlead.people.forms import (
    ContactForm,
    DemographicsForm,
    IdentifiersForm,
    IdentityForm,
    PartForm,
)
from openlead.people.models import DobDataQuality, Person, RaceNone, person_field_label


def _identity_initial(values: dict[str, Any]) -> dict[str, Any]:
    try:
        dob: dt.date | None = dt.date.fromisoformat(values["date_of_birth"])
    except ValueError:
        dob = None  # empty, or an old import's text: shown on the page, entered again here
    quality = values["dob_data_quality"]
    if quality is None:
        quality = DobDataQuality.FULL if dob else DobDataQuality.NOT_COLLECTED
    return {**values, "date_of_birth": dob, "dob_data_quality": quality}


def _demographics_initial(values: dict[str, Any]) -> dict[str, Any]:
    # No race and no reason stored reads "Data not collected" on the page: start there too.
    if not values["race"] and values["race_none"] is None:
        return {**values, "race_none": RaceNone.NOT_COLLECTED}
    return dict(values)


@dataclass(frozen=True)
class Part:
    name: str
    group: G
    title: str
    form: Callable[..., PartForm]
    action: Callable[..., list[str]]
    initial: Callable[[dict[str, Any]], dict[str, Any]] = dict
    anchor: str = ""
    intro: str = ""


PARTS = {
    "identity": Part(
        "identity",
        G.IDENTITY,
        "Identity",
        IdentityForm,
        identity_actions.do_update_identity,
        _identity_initial,
        "identity",
    ),
    "contact": Part(
        "contact",
        G.CONTACT,
        "Contact",
        ContactForm,
        identity_actions.do_update_contact,
        anchor="contact",
    ),
    "demographics": Part(
        "demographics",
        G.DEMOGRAPHICS,
        "Demographics",
        DemographicsForm,
        identity_actions.do_update_demographics,
        _demographics_initial,
        anchor="demographics",
        intro="Asked as HUD's HMIS FY2026 data standards ask them. \"Client doesn't know\" "
        'and "Client prefers not to answer" are answers too.',
    ),
    "identifiers": Part(
        "identifiers",
        G.IDENTITY,
        "Identifiers",
        IdentifiersForm,
        identity_actions.check_set_identifiers,
        lambda values: dict(values["identifiers"]),
        "identity",
        "Fill in a box to add or change an identifier; empty it to remove it.",
    ),
}
EDIT_LINKS = {  # the card's group -> its edit pages (url name, link text)
    G.IDENTITY: [
        ("person_identity_edit", "Edit identity"),
        ("person_identifiers_edit", "Edit identifiers"),
    ],
    G.CONTACT: [("person_contact_edit", "Edit contact")],
    G.DEMOGRAPHICS: [("person_demographics_edit", "Edit demographics")],
}


def person_cards(record: PersonRecord, writable: frozenset[str]) -> list[dict[str, Any]]:
    """The person page's cards: each field group with its label and, where the actor
    may write the group, its edit links."""
    cards = []
    for group, values in record.fields.items():
        links = [
            (reverse(name, args=[record.public_id]), text)
            for name, text in EDIT_LINKS.get(G(group), [])
            if group in writable
        ]
        cards.append({"id": group, "title": G(group).label, "values": values, "links": links})
    return cards


def saved_message(names: list[str]) -> str:
    if not names:
        return "Nothing was changed."
    if "date_of_birth" in names:  # its quality goes with it: "Date of birth saved."
        names = [n for n in names if n != "dob_data_quality"]
    labels = list(dict.fromkeys(person_field_label(n) for n in names))
    text = get_text_list([labels[0], *[label.lower() for label in labels[1:]]], "and")
    return f"{text} saved."


def _make_form(part: Part, person: Person, data: Any, initial: dict[str, Any]) -> PartForm:
    if part.form is IdentityForm:
        return IdentityForm(data, initial=initial, minimum_age=person.program.minimum_age)
    return part.form(data, initial=initial)


def _save(part: Part, form: PartForm, person: Person, actor: Actor) -> list[str] | None:
    try:
        return part.action(person, form.changes(), acting=actor)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return None


def _edit(request: HttpRequest, public_id: str, part: Part) -> HttpResponse:
    record = get_person_for(request, public_id, purpose=f"edit {part.name}", write_group=part.group)
    if part.group not in record.groups:  # a writer always reads its group; never assume it
        raise PermissionDenied
    actor = current_actor(request)
    data = request.POST if request.method == "POST" else None
    form = _make_form(part, record.person, data, part.initial(record.values[part.group]))
    if part.group == G.CONTACT:
        # A flagged person's places are not in the projection (access.safety): the form
        # neither shows them nor can post them, so they are never blanked or overwritten.
        for name in set(form.fields) - set(record.values[G.CONTACT]):
            del form.fields[name]
    if data is not None and form.is_valid():
        names = _save(part, form, record.person, actor)
        if names is not None:
            messages.success(request, saved_message(names))
            url = reverse("person_detail", args=[record.public_id])
            return redirect(f"{url}#{part.anchor or part.name}")
    context = {"record": record, "form": form, "part": part}
    status = 400 if data is not None else 200
    return render(request, "people/person_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit_identity(request: HttpRequest, public_id: str) -> HttpResponse:
    return _edit(request, public_id, PARTS["identity"])


@login_required
@require_http_methods(["GET", "POST"])
def edit_contact(request: HttpRequest, public_id: str) -> HttpResponse:
    return _edit(request, public_id, PARTS["contact"])


@login_required
@require_http_methods(["GET", "POST"])
def edit_demographics(request: HttpRequest, public_id: str) -> HttpResponse:
    return _edit(request, public_id, PARTS["demographics"])


@login_required
@require_http_methods(["GET", "POST"])
def edit_identifiers(request: HttpRequest, public_id: str) -> HttpResponse:
    return _edit(request, public_id, PARTS["identifiers"])
