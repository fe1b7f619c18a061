"""The audit log and the record-view alerts pages (auditors and program admins).

Thin views: `require` (audited 403), then one audited query from access.queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access import queries
from openlead.access.helpers import require
from openlead.access.policy import Capability


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SEE_ACCESS_HISTORY, purpose="audit log")
    events = queries.audit_log(actor)
    return render(request, "access/audit_log.html", {"events": events})


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SEE_ALERTS, purpose="record-view alerts")
    page = queries.alerts_page(actor, request.GET.get("page"))
    context = {"alerts": page.object_list, "page": page, "program": actor.membership.program}
    return render(request, "access/alerts.html", context)
