"""The home page and the health check: the two pages that belong to no one app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access.helpers import current_actor


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(
        request,
        "home.html",
        {"actor": actor, "rule": actor.rule, "program": actor.membership.program},
    )
