"""The case manager's caseload and the supervisor's dashboard: one audited list each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access.getters import audited_list
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework import queries
from openlead.casework.access import require_caseload

G = FieldGroup


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    purpose = "my caseload"
    actor = require_caseload(request, purpose=purpose)
    groups = [G.ENROLLMENT_STATUS, G.CASEWORK_NOTES, G.IDENTITY]
    with audited_list(request, purpose=purpose, groups=groups) as listing:
        rows, page = queries.caseload_page(
            actor.program_id,
            actor.user,
            show_names=G.IDENTITY in actor.rule.read,
            page=request.GET.get("page"),
        )
        listing.shown(r.person.public_id for r in rows)
    return render(request, "casework/caseload.html", {"rows": rows, "actor": actor, "page": page})


@login_required
@require_GET
def supervisor(request: HttpRequest) -> HttpResponse:
    purpose = "supervisor dashboard"
    actor = require(request, Capability.SUPERVISE, purpose=purpose)
    program = actor.membership.program
    with audited_list(request, purpose=purpose, groups=[G.ENROLLMENT_STATUS, G.FUNDS]) as listing:
        board = queries.supervisor_dashboard(program, page=request.GET.get("page"))
        spend = queries.budget_spend(program.pk)
        listing.shown(p.public_id for p, _ in board.no_contact)
    context = {"board": board, "money": queries.money_summary(spend), "program": program}
    return render(request, "casework/supervisor.html", context)
