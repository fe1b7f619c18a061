"""The legal-demand pages: the list, logging a demand from a person, one demand, counsel's
decision and the printable court-ordered disclosure.

Each view's first line goes through the access layer (`require`, `audited_list`,
`get_demand_for`); every write is an action. Bad input is the page again as a 400, with
the errors beside their fields.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openlead.access.getters import audited_list, get_for
from openlead.access.helpers import require, scoped_people
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.legal.cases.queries import person_label
from openlead.legal.demands import actions, orders, queries
from openlead.legal.demands.forms import DecisionForm, DemandForm
from openlead.legal.models import DemandStatus

LEGAL = [FieldGroup.LEGAL.value]
NAME = [FieldGroup.IDENTITY.value, FieldGroup.LEGAL.value]


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, reasons in found.items():
        form.add_error(name if name in form.fields else None, reasons)


@login_required
@require_GET
def demand_list(request: HttpRequest) -> HttpResponse:
    with audited_list(
        request, purpose="legal demand list", capability=Capability.LOG_LEGAL_DEMANDS, groups=NAME
    ) as listing:
        demands = queries.demands_for(listing.actor)
        listing.shown(sorted({d.person.public_id for d in demands}))
        rows = [(d, person_label(listing.actor, d.person)) for d in demands]
    context = {"rows": rows, "today": timezone.localdate()}  # the program's day
    return render(request, "legal/demands/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def demand_new(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "log legal demand"
    actor = require(request, Capability.LOG_LEGAL_DEMANDS, purpose=purpose)
    # The audited getter: the page's READ of the person's name, or the audited 404.
    person = get_for(request, scoped_people, public_id, purpose=purpose, groups=NAME)
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand = actions.check_log_demand(
                person, actions.NewDemand(**form.cleaned_data), acting=actor
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Demand logged. Nothing has been disclosed.")
            return redirect("legal_demand", public_id=demand.public_id)
    context = {"form": form, "person": person, "person_name": person_label(actor, person)}
    status = 400 if request.method == "POST" else 200
    return render(request, "legal/demands/new.html", context, status=status)


@login_required
@require_GET
def demand_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, demand = queries.get_demand_for(
        request, public_id, purpose="legal demand page", capability=Capability.LOG_LEGAL_DEMANDS
    )
    context = {
        "opened": queries.open_demand(demand),
        "demand": demand,
        "person_name": person_label(actor, demand.person),
        "decides": actor.can(Capability.DECIDE_LEGAL_DEMANDS),
        "logged_it": demand.logged_by_id == actor.user.pk,
        "is_open": demand.status == DemandStatus.OPEN,
        "disclosed": demand.status == DemandStatus.DISCLOSED,
    }
    return render(request, "legal/demands/demand.html", context)


def _posting(request: HttpRequest) -> bool:
    return request.method == "POST"


@login_required
@require_http_methods(["GET", "POST"])
@step_up_required(when=_posting)  # a decision may send records out: a fresh second factor
def demand_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "legal demand decision"
    actor, demand = queries.get_demand_for(
        request, public_id, purpose=purpose, capability=Capability.DECIDE_LEGAL_DEMANDS
    )
    writing = request.method == "POST"
    if writing:
        actions.check_may_decide(demand, acting=actor)
    refusal = orders.disclosure_refusal(demand.kind)
    initial = {"recipient": demand.requester}
    form = DecisionForm(request.POST or None, initial=initial, refusal=refusal)
    if writing and form.is_valid():
        try:
            actions.check_decide_demand(demand, form.decision(), acting=actor)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _saved(demand.status))
            return redirect("legal_demand", public_id=demand.public_id)
    context = {
        "form": form,
        "demand": demand,
        "person_name": person_label(actor, demand.person),
        "logged_it": demand.logged_by_id == actor.user.pk,
        "is_open": demand.status == DemandStatus.OPEN,
        "refusal": refusal,
        "required": [(s, [orders.SHORT[k] for k in keys]) for s, keys in orders.REQUIRED.items()],
    }
    return render(request, "legal/demands/decide.html", context, status=400 if writing else 200)


def _saved(status: str) -> str:
    if status == DemandStatus.DISCLOSED:
        return (
            "Decision recorded: disclosed under the court order. The participant's notice is set."
        )
    return "Decision recorded. Nothing was disclosed."


@login_required
@require_GET
@step_up_required  # participant data leaving the program: a fresh second factor
def demand_disclosure(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "court-ordered disclosure document"
    actor, demand = queries.get_demand_for(
        request,
        public_id,
        purpose=purpose,
        capability=Capability.DECIDE_LEGAL_DEMANDS,
        status=DemandStatus.DISCLOSED,
    )
    shown = queries.disclosure_for(actor, demand)
    context = {"doc": shown, "demand": demand, "actor": actor}
    return render(request, "legal/demands/disclosure.html", context)
