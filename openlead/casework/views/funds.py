"""Flexible funds from the person page: a request, and the decisions on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from openlead.access.roles import FieldGroup
from openlead.casework import actions
from openlead.casework import forms as f
from openlead.casework.views._common import person_post

G = FieldGroup


@login_required
@require_POST
def funds_request(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.FUNDS, purpose="flexible funds request")
    form = f.FundsForm(request.POST)
    if not form.is_valid():
        return post.rejected(form, "funds")
    d = form.cleaned_data
    return post.submit(
        form,
        "funds",
        "Funds requested.",
        actions.check_request_funds,
        post.person,
        category=d["category"],
        payee_type=d["payee_type"],
        amount_cents=form.amount_cents(),
        purpose=d["purpose"],
    )


@login_required
@require_POST
def funds_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.FUNDS, purpose="flexible funds decision")
    form = f.FundsDecisionForm(request.POST)
    if not form.is_valid():
        return post.rejected(form, "funds_decision")
    d = form.cleaned_data
    entry = post.child(post.person.funds_entries.all(), d["entry"])
    return post.submit(
        form,
        "funds_decision",
        "Funds decision saved.",
        actions.check_decide_funds,
        entry,
        decision=d["decision"],
        seen=d.get("seen", ""),
    )
