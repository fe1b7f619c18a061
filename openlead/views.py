"""The home page and the health check: the two pages that belong to no one app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openlead.access.helpers import current_actor
from openlead.referrals.clock import program_protocol
from openlead.referrals.public import self_door_programs


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed out: a short public page (what the program is, each program's self-referral
    page, staff sign-in; issue 14). Signed in: the person's program and role."""
    if not request.user.is_authenticated:
        return render(request, "public_home.html", {"programs": self_door_programs()})
    return _signed_in_home(request)


def _signed_in_home(request: HttpRequest) -> HttpResponse:
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
