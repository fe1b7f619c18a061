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
    return post.run(
        f.FundsForm(request.POST),
        "funds",
        "Funds requested.",
        actions.check_request_funds,
        fields=("category", "payee_type", "purpose"),
        mapped={"amount_cents": f.FundsForm.amount_cents},
    )


@login_required
@require_POST
def funds_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.FUNDS, purpose="flexible funds decision")
    return post.run(
        f.FundsDecisionForm(request.POST),
        "funds_decision",
        "Funds decision saved.",
        actions.check_decide_funds,
        fields=("decision", "seen"),
        child=(post.person.funds_entries.all(), "entry"),
    )
