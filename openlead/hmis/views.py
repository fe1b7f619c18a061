"""The HMIS export page: the program's HMIS project settings and a period to download.

Only program admins (Capability.EXPORT_HMIS) reach it; the download is identified data
leaving the program, so it needs a fresh second factor, and each exported person gets an
audit event (export.run_export).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.access.stepup import step_up_required
from openlead.hmis.actions import check_set_hmis_project
from openlead.hmis.export import PURPOSE, run_export, zip_bytes
from openlead.hmis.forms import PeriodForm, SettingsForm
from openlead.hmis.models import HmisProject
from openlead.programs.dates import program_today


def _page(
    request: HttpRequest,
    project: HmisProject | None,
    form: PeriodForm,
    status: int,
    settings_form: SettingsForm | None = None,
) -> HttpResponse:
    settings_form = settings_form or SettingsForm(instance=project)
    context = {"project": project, "form": form, "settings_form": settings_form}
    return render(request, "hmis/export.html", context, status=status)


def _project(program_id: int | None) -> HmisProject | None:
    if program_id is None:
        return None
    found = HmisProject.objects.filter(program_id=program_id)
    return found.select_related("program", "coc_organization").first()


@login_required
@require_GET
def hmis_export_page(request: HttpRequest) -> HttpResponse:
    """The period form and the settings form."""
    actor = require(request, Capability.EXPORT_HMIS, purpose="HMIS export page")
    return _page(request, _project(actor.program_id), _period_form(), 200)


def _period_form() -> PeriodForm:
    today = program_today()
    return PeriodForm(initial={"start": today.replace(month=1, day=1), "end": today}, today=today)


@login_required
@require_POST
def hmis_settings(request: HttpRequest) -> HttpResponse:
    """Save the HMIS project settings; errors beside their fields, or back with a message."""
    actor = require(request, Capability.EXPORT_HMIS, purpose="HMIS project settings")
    project = _project(actor.program_id)
    form = SettingsForm(request.POST, instance=project)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            check_set_hmis_project(actor.membership.program, acting=actor, values=values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "HMIS project settings saved.")
            return redirect("hmis_export")
    # The form wrote its bad values into `project`: the summary above it reads the saved row.
    return _page(request, _project(actor.program_id), _period_form(), 400, settings_form=form)


@login_required
@require_POST
@step_up_required  # identified participant data leaving as a file: a fresh second factor
def hmis_export_download(request: HttpRequest) -> HttpResponse:
    """The zip of the CSV files for the period, or the form again with its errors."""
    actor = require(request, Capability.EXPORT_HMIS, purpose=PURPOSE)
    project = _project(actor.program_id)
    form = PeriodForm(request.POST, today=program_today())
    if project is None or not form.is_valid():
        if project is None:
            form.add_error(None, "This program has no HMIS project settings yet.")
        return _page(request, project, form, 400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    _result, texts = run_export(project, start, end, acting=actor)
    response = HttpResponse(zip_bytes(texts), content_type="application/zip")
    name = f"hmis-{project.program.slug}-{start:%Y%m%d}-{end:%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
