"""The program admin's page for the accountability view: publish it or keep it to staff,
and upload the population table. Both writes need a fresh second factor (step-up)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied, require
from openlead.access.policy import Capability
from openlead.access.stepup import step_up_required
from openlead.accountability import actions, queries
from openlead.accountability.forms import PopulationForm, PublicationForm
from openlead.accountability.groups import GROUP_LABELS, POPULATION_GROUPS

PURPOSE = "accountability settings"
PAGE = "accountability/settings.html"


def _admin(request: HttpRequest) -> Actor:
    """A program admin: account managers (MANAGE_USERS) who also see the policy group's
    report, which leaves out the system administrator."""
    actor = require(request, Capability.MANAGE_USERS, purpose=PURPOSE)
    if not actor.can(Capability.SEE_PCG_REPORT):
        raise refuse_denied(actor, PURPOSE)
    return actor


def _posted(request: HttpRequest) -> bool:
    return request.method == "POST"


def _save(
    request: HttpRequest, actor: Actor, which: str, form: PublicationForm | PopulationForm
) -> HttpResponse | None:
    program = actor.membership.program
    if which == "publication" and isinstance(form, PublicationForm) and form.is_valid():
        public = bool(form.cleaned_data["public"])
        actions.do_set_publication(program, public=public, acting=actor)
        messages.success(
            request, "The page is now public." if public else "The page is now for staff only."
        )
        return redirect("accountability_settings")
    if which == "population" and isinstance(form, PopulationForm) and form.is_valid():
        data = form.cleaned_data
        actions.do_upload_population(
            program,
            area=data["area"],
            source=data["source"],
            year=data["year"],
            counts=form.counts,
            file_name=data["file"].name[:300],
            acting=actor,
        )
        messages.success(request, "Population table saved; the page now uses it.")
        return redirect("accountability_settings")
    return None


@login_required
@require_http_methods(["GET", "POST"])
@step_up_required(when=_posted)
def accountability_settings(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    program = actor.membership.program
    which = request.POST.get("form", "")
    publication = PublicationForm(
        request.POST if which == "publication" else None,
        initial={"public": "1" if queries.is_public(program) else "0"},
    )
    population = PopulationForm(
        request.POST if which == "population" else None,
        request.FILES if which == "population" else None,
    )
    if _posted(request):
        done = _save(request, actor, which, publication if which == "publication" else population)
        if done is not None:
            return done
    table = queries.current_population(program)
    context = {
        "program": program,
        "publication": publication,
        "population": population,
        "public": queries.is_public(program),
        "table": table,
        "rows": [
            (GROUP_LABELS[g], (table.counts if table else {}).get(g)) for g in POPULATION_GROUPS
        ],
    }
    return render(request, PAGE, context, status=400 if _posted(request) else 200)
