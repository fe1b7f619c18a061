"""What the casework views share: the person page, re-rendering with errors, submitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.conflicts import EditConflict, conflict_response
from openlead.access.roles import FieldGroup
from openlead.casework.access import audited_read
from openlead.casework.context import person_page
from openlead.casework.queries import person_title
from openlead.people.models import Person

G = FieldGroup
# What the person page's READ event names: the groups it may decrypt.
PAGE_GROUPS = frozenset({G.CASEWORK_NOTES, G.HEALTH, G.FUNDS, G.IDENTITY})


def render_person(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[FieldGroup],
    *,
    purpose: str,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    with audited_read(actor, person, groups & PAGE_GROUPS, purpose=purpose):
        context = person_page(actor, person, groups, forms)
    return render(request, "casework/person.html", context, status=status)


def render_form_page(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[FieldGroup],
    template: str,
    context: dict[str, Any],
    *,
    purpose: str,
    status: int = 200,
) -> HttpResponse:
    """A form page about one person (contact, assessment, monthly status): audited read."""
    with audited_read(actor, person, [G.CASEWORK_NOTES], purpose=purpose):
        name = person_title(person, groups)
    return render(request, template, {**context, "person": person, "name": name}, status=status)


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    for name, messages_ in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def rejected(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[FieldGroup],
    form: forms.Form,
    *,
    purpose: str,
    key: str,
) -> HttpResponse:
    """The person page again, with the form's field errors, as a 400."""
    errors = [
        f"{form.fields[n].label or n}: {e}" if n in form.fields else str(e)
        for n, es in form.errors.items()
        for e in es
    ]
    return render_person(
        request,
        actor,
        person,
        groups,
        purpose=purpose,
        forms={key: form, "errors": errors},
        status=400,
    )


def submit(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[FieldGroup],
    form: forms.Form,
    *,
    purpose: str,
    key: str,
    saved: str,
    write: Callable[..., object],
    target: object,
    values: dict[str, Any],
) -> HttpResponse:
    """Call `write(target, acting=actor, **values)` (a check_ or do_ action), then back to
    the person page with a message; a conflict is the 409 page, a refusal the form again."""
    try:
        write(target, acting=actor, **values)
    except EditConflict as conflict:
        return conflict_response(
            request,
            conflict,
            who=actor.who,
            back_url=reverse("casework_person", kwargs={"public_id": person.public_id}),
            purpose=purpose,
            person_ref=person.public_id,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return rejected(request, actor, person, groups, form, purpose=purpose, key=key)
    messages.success(request, saved)
    return redirect("casework_person", public_id=person.public_id)
