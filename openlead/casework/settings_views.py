"""The casework settings page for supervisors and program admins (no participant data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access import audit
from openlead.access.conflicts import EditConflict, conflict_response, form_values
from openlead.access.helpers import require
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.casework import forms as f
from openlead.casework import program_actions as pa
from openlead.casework.defaults import ensure_program_defaults
from openlead.casework.ledger import dollars, settings_for
from openlead.casework.models import AssessmentTemplate, FundsBudget, InactiveReason, Provider
from openlead.programs.models import Program


def _cents(value: Any) -> int:
    return int((value * 100).to_integral_value())


def _apply(kind: str, program: Program, who: audit.Who, d: dict[str, Any], rid: str) -> None:
    actions: dict[str, Callable[[], object]] = {
        "settings": lambda: pa.do_update_settings(
            program,
            who=who,
            threshold_cents=_cents(d["threshold"]),
            no_contact_days=d["no_contact_days"],
            due_day=d["due_day"],
            over_budget_rule=d["over_budget"],
            version=d["version"],
            request_id=rid,
        ),
        "provider": lambda: pa.do_add_provider(
            program,
            who=who,
            name=d["name"],
            kind=d["kind"],
            organization_name=d["organization_name"],
            request_id=rid,
        ),
        "reason": lambda: pa.do_add_inactive_reason(
            program,
            who=who,
            label=d["label"],
            unreachable_days=d["unreachable_days"],
            request_id=rid,
        ),
        "budget": lambda: pa.do_set_budget(
            program,
            who=who,
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            amount_cents=_cents(d["amount"]),
            request_id=rid,
        ),
        "template": lambda: pa.do_new_template_version(
            program, who=who, domains=d["domains"], request_id=rid
        ),
    }
    actions[kind]()


FORMS: dict[str, type[Any]] = {
    "settings": f.CaseworkSettingsForm,
    "provider": f.ProviderForm,
    "reason": f.InactiveReasonForm,
    "budget": f.BudgetForm,
    "template": f.TemplateForm,
}


def _unbound(program: Program) -> dict[str, Any]:
    s = settings_for(program)
    initial = {
        "threshold": s.funds_approval_threshold_cents / 100,
        "no_contact_days": s.no_contact_warning_days,
        "due_day": s.snapshot_due_day,
        "over_budget": s.over_budget_rule,
        "version": s.version,
    }
    latest = AssessmentTemplate.objects.filter(program=program).order_by("-version").first()
    return {
        "settings_form": f.CaseworkSettingsForm(initial=initial),
        "provider_form": f.ProviderForm(),
        "reason_form": f.InactiveReasonForm(),
        "budget_form": f.BudgetForm(),
        "template_form": f.TemplateForm(initial={"domains": latest.domains if latest else []}),
    }


@login_required
def casework_settings(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SUPERVISE, purpose="casework settings")
    program = actor.membership.program
    rid = str(getattr(request, "request_id", ""))
    errors: list[str] = []
    if request.method == "POST":
        kind = request.POST.get("form", "")
        form = FORMS[kind](request.POST) if kind in FORMS else None
        if form is not None and form.is_valid():
            try:
                _apply(kind, program, actor.who, form.cleaned_data, rid)
                messages.success(request, "Casework settings saved.")
                return redirect("casework_settings")
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    who=actor.who,
                    back_url=reverse("casework_settings"),
                    purpose="casework settings",
                    resubmit=form_values(request),
                )
            except ValidationError as exc:
                errors = [str(m) for m in exc.messages]
        else:
            errors = [
                f"{n}: {e}"
                for n, es in (form.errors.items() if form is not None else [])
                for e in es
            ] or ["Choose a settings form."]
    with transaction.atomic():
        audit.record(
            actor.who,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose="casework settings",
            request_id=rid,
            path=request.path,
        )
        ensure_program_defaults(program)
        context = {
            **_unbound(program),
            "program": program,
            "errors": errors,
            "providers": Provider.objects.filter(program=program).select_related("organization"),
            "reasons": InactiveReason.objects.filter(program=program, active=True),
            "budgets": [
                (b, dollars(b.amount_cents)) for b in FundsBudget.objects.filter(program=program)
            ],
            "templates": AssessmentTemplate.objects.filter(program=program).order_by("-version"),
        }
    return render(request, "casework/settings.html", context, status=400 if errors else 200)
