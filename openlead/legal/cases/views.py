"""The case pages: the prosecutor's and defender's list of cases, a case with its charges
and court dates, entering a case from a person, and the writes posted from a case page.

Every read is scoped (the person in the actor's scope, the `legal` group open to them for
that person) and audited; a case outside it is the same audited 404 as a missing one.
A write off the actor's side is an audited 403; bad input is the page again, as a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import Actor, current_actor
from openlead.access.getters import audited_list, refuse_missing
from openlead.access.helpers import refuse_denied, scoped_people
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.legal.cases import actions
from openlead.legal.cases import forms as f
from openlead.legal.cases.queries import (
    case_scope,
    legal_cases_for,
    on_side,
    person_label,
    person_labels,
    reads_legal,
)
from openlead.legal.models import LegalCase

LEGAL = [FieldGroup.LEGAL.value]


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    with audited_list(
        request, purpose="legal case list", capability=Capability.ENTER_LEGAL_CASES, groups=LEGAL
    ) as listing:
        cases = legal_cases_for(listing.actor)[:50]
        listing.shown(sorted({c.person.public_id for c in cases}))
        labels = person_labels(listing.actor, [c.person for c in cases])
        rows = [(c, labels[c.person_id]) for c in cases]
    return render(request, "legal/cases/list.html", {"rows": rows})


def _case_for(request: HttpRequest, public_id: str, purpose: str) -> tuple[Actor, LegalCase]:
    """The case, if the actor may read it; otherwise the audited 404 (module docstring)."""
    actor = current_actor(request)
    case = None
    if actor.can(Capability.ENTER_LEGAL_CASES):
        case = case_scope(actor).filter(public_id=public_id).first()
    if case is None or not reads_legal(actor, case.person):
        raise refuse_missing(actor, public_id, purpose, "No such case.")
    return actor, case


def _audit_read(actor: Actor, case: LegalCase, purpose: str) -> None:
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=case.person.public_id,
            groups=LEGAL,
            purpose=purpose,
            detail={"case": case.public_id},
        )


def _case_page(
    request: HttpRequest,
    actor: Actor,
    case: LegalCase,
    *,
    failed: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    _audit_read(actor, case, "legal case page")
    failed = failed or {}
    defenders = [
        (m.user_id, f"{m.user.get_full_name() or m.user.username} ({m.organization.name})")
        for m in actions.defenders_of(case.program_id)
    ]
    context: dict[str, Any] = {
        "case": case,
        "person_name": person_label(actor, case.person),
        "charges": list(case.charges.all()),
        "court_dates": list(case.court_dates.all()),
        "can_write": on_side(actor, case),
        "charge_form": failed.get("charge") or f.ChargeForm(),
        "court_form": failed.get("court") or f.CourtDateForm(),
        "status_form": failed.get("status") or f.StatusForm(initial={"status": case.status}),
        "defender_form": failed.get("defender")
        or f.DefenderForm(defenders=defenders, initial={"defender": case.defender_id}),
        "failed": next(iter(failed.values()), None),
    }
    return render(request, "legal/cases/case.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, case = _case_for(request, public_id, "legal case page")
    return _case_page(request, actor, case)


@login_required
def case_new(request: HttpRequest, public_id: str) -> HttpResponse:
    """Enter a case for a person the actor can see (and whose legal group is open to them)."""
    actor = current_actor(request)
    purpose = "enter legal case"
    person = scoped_people(actor).filter(public_id=public_id).first()
    allowed = actor.can(Capability.ENTER_LEGAL_CASES)
    if person is None or not allowed or not reads_legal(actor, person):
        raise refuse_missing(actor, public_id, purpose)
    writing = request.method == "POST"
    form = f.CaseForm(request.POST if writing else None)
    if writing and form.is_valid():
        try:
            case = actions.check_enter_case(
                person, actions.NewCase(**form.cleaned_data), acting=actor
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Case entered.")
            return redirect("legal_case", public_id=case.public_id)
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=LEGAL,
            purpose=purpose,
        )
        name = person_label(actor, person)
    context = {"form": form, "person": person, "person_name": name}
    return render(request, "legal/cases/new.html", context, status=400 if writing else 200)


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, reasons in found.items():
        form.add_error(name if name in form.fields else None, reasons)


def _post(
    request: HttpRequest,
    public_id: str,
    key: str,
    make: Callable[[LegalCase], forms.Form],
    write: Callable[[Actor, LegalCase, dict[str, Any]], object],
    saved: str,
) -> HttpResponse:
    """A write posted from the case page: the form, the action, back to the case."""
    purpose = f"legal case {key}"
    actor, case = _case_for(request, public_id, purpose)
    form = make(case)
    if form.is_valid():
        try:
            write(actor, case, form.cleaned_data)
        except PermissionDenied as exc:
            ref = case.person.public_id
            raise refuse_denied(actor, purpose, AuditAction.UPDATE, person_ref=ref) from exc
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect("legal_case", public_id=case.public_id)
    return _case_page(request, actor, case, failed={key: form}, status=400)


@login_required
@require_POST
def charge_add(request: HttpRequest, public_id: str) -> HttpResponse:
    return _post(
        request,
        public_id,
        "charge",
        lambda case: f.ChargeForm(request.POST),
        lambda actor, case, d: actions.check_add_charge(
            case, d["code"], d.get("level", ""), acting=actor
        ),
        "Charge added.",
    )


@login_required
@require_POST
def court_date_add(request: HttpRequest, public_id: str) -> HttpResponse:
    return _post(
        request,
        public_id,
        "court",
        lambda case: f.CourtDateForm(request.POST),
        lambda actor, case, d: actions.check_add_court_date(
            case, d["at"], d["kind"], d.get("location", ""), acting=actor
        ),
        "Court date added.",
    )


@login_required
@require_POST
def court_date_cancel(request: HttpRequest, public_id: str, court_id: int) -> HttpResponse:
    purpose = "legal case cancel court date"
    actor, case = _case_for(request, public_id, purpose)
    court = case.court_dates.filter(pk=court_id).first()
    if court is None:
        raise refuse_missing(actor, str(court_id), purpose, "No such court date.")
    try:
        actions.check_cancel_court_date(court, acting=actor)
    except PermissionDenied as exc:
        ref = case.person.public_id
        raise refuse_denied(actor, purpose, AuditAction.DELETE, person_ref=ref) from exc
    messages.success(request, "Court date cancelled.")
    return redirect("legal_case", public_id=case.public_id)


@login_required
@require_POST
def status_change(request: HttpRequest, public_id: str) -> HttpResponse:
    return _post(
        request,
        public_id,
        "status",
        lambda case: f.StatusForm(request.POST),
        lambda actor, case, d: actions.check_change_status(case, d["status"], acting=actor),
        "Status changed.",
    )


@login_required
@require_POST
def defender_assign(request: HttpRequest, public_id: str) -> HttpResponse:
    def make(case: LegalCase) -> forms.Form:
        found = actions.defenders_of(case.program_id)
        return f.DefenderForm(request.POST, defenders=[(m.user_id, "") for m in found])

    return _post(
        request,
        public_id,
        "defender",
        make,
        lambda actor, case, d: actions.check_assign_defender(case, d["defender"], acting=actor),
        "Defender assigned.",
    )
