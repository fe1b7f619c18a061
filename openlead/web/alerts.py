"""The record-view alerts page: which accounts opened unusually many records (program admins)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access.helpers import audit_request, page_of, require
from openlead.access.models import AccessAlert, AuditAction, AuditOutcome
from openlead.access.policy import Capability


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SEE_ALERTS, purpose="record-view alerts")
    program = actor.membership.program
    page = page_of(
        AccessAlert.objects.filter(program=program).order_by("-at", "-pk"), request.GET.get("page")
    )
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            purpose="record-view alerts",
            detail={"alerts": [a.public_id for a in page.object_list]},
        )
    context = {"alerts": page.object_list, "page": page, "program": program}
    return render(request, "web/alerts.html", context)
