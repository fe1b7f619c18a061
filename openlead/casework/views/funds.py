"""Flexible funds from the person page: a request, and the decisions on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from openlead.access.roles import FieldGroup
from openlead.casework import actions
from openlead.casework import forms as f
from openlead.casework.access import casework_person, child
from openlead.casework.views._common import rejected, submit

G = FieldGroup


@login_required
@require_POST
def funds_request(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "flexible funds request"
    actor, p, groups = casework_person(
        request, public_id, group=G.FUNDS, purpose=purpose, write=True
    )
    form = f.FundsForm(request.POST)
    if not form.is_valid():
        return rejected(request, actor, p, groups, form, purpose=purpose, key="funds")
    d = form.cleaned_data
    return submit(
        request,
        actor,
        p,
        groups,
        form,
        purpose=purpose,
        key="funds",
        saved="Funds requested.",
        write=actions.check_request_funds,
        target=p,
        values={
            "category": d["category"],
            "payee_type": d["payee_type"],
            "amount_cents": form.amount_cents(),
            "purpose": d["purpose"],
        },
    )


@login_required
@require_POST
def funds_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "flexible funds decision"
    actor, p, groups = casework_person(
        request, public_id, group=G.FUNDS, purpose=purpose, write=True
    )
    form = f.FundsDecisionForm(request.POST)
    if not form.is_valid():
        return rejected(request, actor, p, groups, form, purpose=purpose, key="funds_decision")
    d = form.cleaned_data
    return submit(
        request,
        actor,
        p,
        groups,
        form,
        purpose=purpose,
        key="funds_decision",
        saved="Funds decision saved.",
        write=actions.check_decide_funds,
        target=child(actor, p.funds_entries.all(), d["entry"], purpose=purpose),
        values={
            "decision": d["decision"],
            "seen": d.get("seen", ""),
        },
    )
