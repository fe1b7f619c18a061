"""The casework settings page for supervisors and program admins (no participant data)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.conflicts import EditConflict, conflict_response, form_values
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.casework import actions, queries
from openlead.casework import forms as f
from openlead.casework.access import audited_read
from openlead.casework.views._common import add_errors
from openlead.programs.models import Program

PURPOSE = "casework settings"
FORMS: dict[str, type[forms.Form]] = {
    "settings": f.CaseworkSettingsForm,
    "provider": f.ProviderForm,
    "reason": f.InactiveReasonForm,
    "budget": f.BudgetForm,
    "template": f.TemplateForm,
}


def _cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _save(kind: str, program: Program, acting: Actor, d: dict[str, Any]) -> None:
    """The one settings action the posted form names."""
    if kind == "settings":
        actions.do_update_settings(
            program,
            acting=acting,
            threshold_cents=_cents(d["threshold"]),
            no_contact_days=d["no_contact_days"],
            due_day=d["due_day"],
            over_budget_rule=d["over_budget"],
            version=d["version"],
        )
    elif kind == "provider":
        actions.do_add_provider(
            program,
            acting=acting,
            name=d["name"],
            kind=d["kind"],
            organization_name=d["organization_name"],
        )
    elif kind == "reason":
        actions.do_add_inactive_reason(
            program, acting=acting, label=d["label"], unreachable_days=d["unreachable_days"]
        )
    elif kind == "budget":
        actions.do_set_budget(
            program,
            acting=acting,
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            amount_cents=_cents(d["amount"]),
        )
    else:
        actions.do_new_template_version(program, acting=acting, domains=d["domains"])


def _page(
    request: HttpRequest,
    actor: Actor,
    program: Program,
    failed: tuple[str, forms.Form] | None = None,
    problem: str = "",
) -> HttpResponse:
    """The page; after a POST that did not save, a 400 with the failed form (its summary on
    top, each error beside its field) in place of the empty one, and the focus on it."""
    with audited_read(actor, None, [], purpose=PURPOSE):
        initial = queries.settings_initial(program)
        context: dict[str, Any] = {
            "settings_form": f.CaseworkSettingsForm(initial=initial["settings"]),
            "provider_form": f.ProviderForm(),
            "reason_form": f.InactiveReasonForm(),
            "budget_form": f.BudgetForm(),
            "template_form": f.TemplateForm(initial=initial["template"]),
            "program": program,
            "failed_key": failed[0] if failed else "",
            "problem": problem,
            **queries.settings_lists(program),
        }
        if failed:
            context[f"{failed[0]}_form"] = failed[1]
        status = 400 if failed or problem else 200
        response = render(request, "casework/settings.html", context, status=status)
    return response


@login_required
def casework_settings(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SUPERVISE, purpose=PURPOSE)
    program = actor.membership.program
    if request.method != "POST":
        return _page(request, actor, program)
    kind = request.POST.get("form", "")
    if kind not in FORMS:
        return _page(request, actor, program, problem="Choose a settings form.")
    form = FORMS[kind](request.POST)
    if not form.is_valid():
        return _page(request, actor, program, (kind, form))
    try:
        _save(kind, program, actor, form.cleaned_data)
    except EditConflict as conflict:
        return conflict_response(
            request,
            conflict,
            who=actor.who,
            back_url=reverse("casework_settings"),
            purpose=PURPOSE,
            resubmit=form_values(request),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _page(request, actor, program, (kind, form))
    messages.success(request, SAVED[kind])
    return redirect("casework_settings")


SAVED = {
    "settings": "Casework settings saved.",
    "provider": "Provider added.",
    "reason": "Reason added.",
    "budget": "Budget saved.",
    "template": "New assessment template version saved.",
}
