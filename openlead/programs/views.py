"""The program settings page (account managers of the program)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access.conflicts import EditConflict, conflict_response, form_values
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.programs.actions import do_update_program
from openlead.programs.forms import ProgramSettingsForm


@login_required
def program_settings(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.MANAGE_USERS, purpose="program settings")
    form = ProgramSettingsForm(request.POST or None, instance=actor.membership.program)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_program(acting=actor, form=form)
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict,
                who=actor.who,
                back_url=reverse("program_settings"),
                purpose="program settings",
                resubmit=form_values(request),
            )
        messages.success(request, "Program settings saved.")
        return redirect("home")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "programs/program_settings.html", {"form": form}, status=status)
