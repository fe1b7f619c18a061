"""The case manager's caseload and the supervisor's dashboard: one audited list each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from openlead.access.getters import audited_list
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework import queries
from openlead.casework.access import require_caseload
from openlead.casework.caseload_forms import SORT_SUMMARY, CaseloadForm, describe, filter_query

G = FieldGroup


@login_required
@require_http_methods(["GET", "POST"])
def caseload(request: HttpRequest) -> HttpResponse:
    """GET: filters and sort from the query string (codes only). POST: the same plus a
    name search, so the name is never in a URL; a search writes nothing, so its results
    are shown in the response (a POST without a name redirects to the GET)."""
    purpose = "my caseload"
    actor = require_caseload(request, purpose=purpose)
    names = G.IDENTITY in actor.rule.read
    posted = request.method == "POST"
    data = request.POST if posted else request.GET.copy()
    if not posted:
        data.pop("q", None)  # a name in the URL is ignored, never searched for
    form = CaseloadForm(data, names=names)
    valid = form.is_valid()
    filters = form.filters()
    if posted and valid and not filters.name:
        query = urlencode(filter_query(filters))
        return redirect(reverse("casework_caseload") + (f"?{query}" if query else ""))
    groups = [G.ENROLLMENT_STATUS, G.CASEWORK_NOTES, G.IDENTITY]
    action = AuditAction.SEARCH if filters.name else AuditAction.LIST
    with audited_list(request, purpose=purpose, groups=groups, action=action) as listing:
        listing.detail.update(filters.audit_detail())
        shown = queries.caseload_page(
            actor.program_id,
            actor.user,
            show_names=names,
            page=data.get("page"),
            filters=filters,
        )
        listing.shown(r.person.public_id for r in shown.rows)
    context = {
        "rows": shown.rows,
        "page": shown.page,
        "total": shown.total,
        "filters": filters,
        "form": form,
        "query": urlencode(filter_query(filters)),
        "sort_label": SORT_SUMMARY.get(filters.sort, ""),
        "described": describe(filters),
        "actor": actor,
    }
    return render(request, "casework/caseload.html", context, status=200 if valid else 400)


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
