"""What the casework views share: the person page, the form pages (save or show again),
re-rendering with errors, validating and submitting a write from the person page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.conflicts import EditConflict, conflict_response
from openlead.access.roles import FieldGroup
from openlead.casework.access import audited_read, casework_person, child
from openlead.casework.context import person_page
from openlead.casework.queries import person_title
from openlead.people.models import Person

G = FieldGroup
M = TypeVar("M", bound=models.Model)
# An action keyword's value from a valid form: a cleaned field of another name, or a
# function of the form (a value the form computes, such as cents from dollars).
Source = str | Callable[[Any], object]
# What the person page's READ event names: the groups it may decrypt.
# LEGAL: the court dates (openlead.legal) shown where the reader may see them.
PAGE_GROUPS = frozenset({G.CASEWORK_NOTES, G.HEALTH, G.FUNDS, G.IDENTITY, G.LEGAL})


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


def save_or_show(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[FieldGroup],
    form: forms.Form,
    write: Callable[[], object],
    *,
    saved: str | Callable[[], str],
    template: str,
    purpose: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page about one person (contact, assessment, monthly status). On a POST of a
    valid form, `write()` (it reads the cleaned form) and back to the person page with
    `saved` (or what it returns); a refusal puts its errors on the form. Otherwise the
    page, a 400 after a POST."""
    writing = request.method == "POST"
    if writing and form.is_valid():
        try:
            write()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, saved() if callable(saved) else saved)
            return redirect("casework_person", public_id=person.public_id)
    return render_form_page(
        request,
        actor,
        person,
        groups,
        template,
        {"form": form, **(context or {})},
        purpose=purpose,
        status=400 if writing else 200,
    )


def cleaned(form: forms.Form, names: Sequence[str]) -> dict[str, Any]:
    """The named cleaned fields of a valid form, as an action's keywords of the same names."""
    return {name: form.cleaned_data[name] for name in names}


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    # An action may refuse with a plain message (no field): it goes on top of the form;
    # message_dict on such an error raised AttributeError, a 500.
    found: dict[str | None, list[str]] = {None: exc.messages}
    if hasattr(exc, "error_dict"):
        found = {name: list(reasons) for name, reasons in exc.message_dict.items()}
    for name, messages_ in found.items():
        form.add_error(name if name in form.fields else None, messages_)


@dataclass(frozen=True)
class PersonPost:
    """A write posted from the person page: who posts, about whom, to what end."""

    request: HttpRequest
    actor: Actor
    person: Person
    groups: frozenset[FieldGroup]
    purpose: str

    def child(self, rows: QuerySet[M], public_id: str) -> M:
        """A row under this person (goal, link, funds entry), or the audited 404."""
        return child(self.actor, rows, public_id, purpose=self.purpose)

    def rejected(self, form: forms.Form, key: str) -> HttpResponse:
        """The person page again, as a 400, with the failed form's summary and its errors
        beside its fields where the form is; the summary takes the focus, so the page
        opens there and not 4,000 px above it (issue 11)."""
        return render_person(
            self.request,
            self.actor,
            self.person,
            self.groups,
            purpose=self.purpose,
            forms={key: form},
            status=400,
        )

    def submit(
        self,
        form: forms.Form,
        key: str,
        saved: str,
        write: Callable[..., object],
        target: object,
        /,
        **values: Any,
    ) -> HttpResponse:
        """`write(target, acting=..., **values)` (a check_ or do_ action), then back to the
        person page with `saved`; a conflict is the 409 page, a refusal the form again."""
        try:
            write(target, acting=self.actor, **values)
        except EditConflict as conflict:
            return conflict_response(
                self.request,
                conflict,
                who=self.actor.who,
                back_url=reverse("casework_person", kwargs={"public_id": self.person.public_id}),
                purpose=self.purpose,
                person_ref=self.person.public_id,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.rejected(form, key)
        messages.success(self.request, saved)
        return redirect("casework_person", public_id=self.person.public_id)

    def run(
        self,
        form: forms.Form,
        key: str,
        saved: str,
        write: Callable[..., object],
        /,
        *,
        fields: Sequence[str] = (),
        mapped: Mapping[str, Source] | None = None,
        child: tuple[QuerySet[Any], str] | None = None,
    ) -> HttpResponse:
        """Validate the bound form, then `submit`. The action's keywords are the cleaned
        `fields` (same names) and `mapped` (keyword -> field name or function of the form);
        its target is the person, or with `child` = (rows, field) the row of `rows` whose
        public id the form's `field` names (the audited 404 if it is not this person's)."""
        if not form.is_valid():
            return self.rejected(form, key)
        data = form.cleaned_data
        values = cleaned(form, fields)
        for name, source in (mapped or {}).items():
            values[name] = source(form) if callable(source) else data[source]
        target = self.person if child is None else self.child(child[0], data[child[1]])
        return self.submit(form, key, saved, write, target, **values)


def person_post(
    request: HttpRequest, public_id: str, *, group: FieldGroup, purpose: str
) -> PersonPost:
    """Authorise a write about one person (404 out of scope, 403 without the group)."""
    actor, person, groups = casework_person(
        request, public_id, group=group, purpose=purpose, write=True
    )
    return PersonPost(request, actor, person, groups, purpose)
