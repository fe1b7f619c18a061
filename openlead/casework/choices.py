"""The casework forms' per-program choice lists, built once per program and process.

The casework page and its forms offer the program's active providers (service link,
appointment) and its inactive reasons (enrollment). These change when a program admin
edits the directory, a few times a year, and are read on every casework page, so each
worker process keeps them per program with the program's `choices_stamp`
(CaseworkSettings) and builds them again only when the stamp has moved. The stamp comes
with the person's row (casework.access.casework_person selects it), so checking it costs
no query; casework.receivers gives the program a new stamp whenever one of its providers
or reasons is saved or deleted, which every worker sees at its next page.

The lists hold values and labels only, never model instances (they outlive requests).
The case managers' picker is not here: its labels carry each open caseload, which moves
with every enrollment, so it is read in the request that shows it (forms.program_managers).

Django's ModelChoiceIterator renders a ModelChoiceField with queryset.iterator(), which on
PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE) for a list of ten rows; the
fields here are given evaluated choices instead (`offer`), and `ListedChoiceIterator`
evaluates the queryset of any other ModelChoiceField in a single ordinary query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from openlead.casework.models import CaseworkSettings, InactiveReason, Provider
from openlead.programs.models import Program

Choice = tuple[Any, str]


@dataclass(frozen=True)
class ProgramChoices:
    stamp: str
    providers: tuple[Choice, ...]  # (public_id, name) of the active providers
    reasons: tuple[Choice, ...]  # (pk, label) of the active inactive reasons


# program id -> the lists last built for it in this process; one entry per program.
_BUILT: dict[int, ProgramChoices] = {}


def _stamp(program: Program) -> str:
    """The program's stamp from the row select_related brought, or read now; "" without
    a settings row (lists are then built for the request and not kept)."""
    try:
        settings: CaseworkSettings = program.casework_settings
    except CaseworkSettings.DoesNotExist:
        return ""
    return settings.choices_stamp


def _build(program_id: int, stamp: str) -> ProgramChoices:
    # The forms' own querysets (LinkForm, AppointmentForm, EnrollmentForm), in their order.
    providers = Provider.objects.filter(program_id=program_id, active=True)
    reasons = InactiveReason.objects.filter(program_id=program_id, active=True).order_by("pk")
    return ProgramChoices(
        stamp=stamp,
        providers=tuple((p.public_id, str(p)) for p in providers),
        reasons=tuple((r.pk, str(r)) for r in reasons),
    )


def program_choices(program: Program) -> ProgramChoices:
    """The program's lists: the ones built before while its stamp is unchanged."""
    stamp = _stamp(program)
    built = _BUILT.get(program.pk)
    if built is not None and stamp and built.stamp == stamp:
        return built
    built = _build(program.pk, stamp)
    if stamp:
        _BUILT[program.pk] = built
    return built


def offer(field: forms.Field, choices: Sequence[Choice]) -> None:
    """Give a ModelChoiceField evaluated choices to render (its empty label first); its
    queryset still validates what is posted."""
    model_field: Any = field
    head = [] if model_field.empty_label is None else [("", model_field.empty_label)]
    model_field.choices = [*head, *choices]


class ListedChoiceIterator(ModelChoiceIterator):
    """A ModelChoiceField's choices from its queryset evaluated in one plain query, not
    queryset.iterator() (a server-side cursor on PostgreSQL)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once and kept on this form's queryset
            yield self.choice(obj)
