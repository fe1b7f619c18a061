"""The home page and the health check: the two pages that belong to no one app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access.helpers import current_actor
from openlead.referrals.clock import program_protocol


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    program = actor.membership.program
    return render(
        request,
        "home.html",
        {
            "actor": actor,
            "rule": actor.rule,
            "program": program,
            # What screening uses (referrals.clock), never the stored setting's wording:
            # the home page once said 2011.1 while screening ran 2020.1.
            "protocol": program_protocol(program),
        },
    )
