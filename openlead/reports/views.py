"""Thin views: evaluation runs of the program, their status, and their aggregate outputs.

Only roles with `Capability.RUN_EVALUATIONS` (evaluator, program admin) reach these pages, and
they show counts, estimates and sentences only: never a row about a person.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import Actor
from openlead.access.getters import audited_list, refuse_missing
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.background.models import RunStatus
from openlead.evaluation.cli import DESIGN_NAMES  # the design registry, without pandas
from openlead.reports import actions, queries
from openlead.reports.forms import StartRunForm
from openlead.reports.models import EvaluationRun
from openlead.reports.report_page import page_markup, report_policy
from openlead.reports.results import REPORT, RESULTS, counts, read_results

CAPABILITY = Capability.RUN_EVALUATIONS


def _list_page(
    request: HttpRequest, runs: list[EvaluationRun], form: StartRunForm, status: int
) -> HttpResponse:
    context = {"runs": runs, "form": form, "busy": any(r.active for r in runs)}
    return render(request, "evaluation_runs/runs.html", context, status=status)


@login_required
@require_GET
def evaluation_runs(request: HttpRequest) -> HttpResponse:
    """The program's runs, newest first, and the form that starts one."""
    purpose = "evaluation runs"
    actor = require(request, CAPABILITY, purpose=purpose)
    with audited_list(request, purpose=purpose, action=AuditAction.READ, people=False):
        runs = queries.recent_runs(actor)
    return _list_page(request, runs, StartRunForm(data_start=queries.data_starts(actor)), 200)


@login_required
@require_POST
def start_evaluation_run(request: HttpRequest) -> HttpResponse:
    """ "Run the evaluation now": every design, one run per program at a time, in its own process."""
    actor = require(request, CAPABILITY, purpose=actions.PURPOSE)
    form = StartRunForm(request.POST, data_start=queries.data_starts(actor))
    if not form.is_valid():
        actions.do_refuse_evaluation_run(actor, "invalid form", fields=sorted(form.errors))
        return _list_page(request, queries.recent_runs(actor), form, 400)
    try:
        run = actions.check_start_evaluation_run(
            actor.membership.program,
            acting=actor,
            designs=list(DESIGN_NAMES),
            follow_up_end=form.cleaned_data["follow_up_end"],
        )
    except ValidationError as exc:
        actions.do_refuse_evaluation_run(actor, "a run is already queued or running")
        form.add_error(None, exc.messages[0])
        return _list_page(request, queries.recent_runs(actor), form, 409)
    actions.do_launch_evaluation_run(run)
    return redirect("evaluation_run", run_id=run.public_id)


@login_required
@require_GET
def evaluation_run(request: HttpRequest, run_id: str) -> HttpResponse:
    """A run's status; the page reloads itself (meta refresh, no script) while it runs."""
    purpose = "evaluation run status"
    require(request, CAPABILITY, purpose=purpose)
    run = queries.audited_run(request, run_id, purpose)
    results = read_results(run) if run.status == RunStatus.COMPLETE else None
    context = {"run": run, "counts": counts(run), "results": results}
    return render(request, "evaluation_runs/run.html", context)


def _output(request: HttpRequest, run_id: str, name: str, *, viewing: bool = False) -> Any:
    purpose = f"evaluation {name} {'view' if viewing else 'download'}"
    actor: Actor = require(request, CAPABILITY, purpose=purpose)
    run = queries.run_for(actor, run_id)
    if run is None:
        raise refuse_missing(actor, run_id, purpose, "No such evaluation run.")
    path = actions.check_export_run_output(run, name, acting=actor, viewing=viewing)
    if path is None:
        raise Http404("This run has no such output.")
    return run, path


def _download(request: HttpRequest, run_id: str, name: str, content_type: str) -> HttpResponseBase:
    run, path = _output(request, run_id, name)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"evaluation-{run.public_id}-{name}",
        content_type=content_type,
    )


@login_required
@require_GET
def download_report(request: HttpRequest, run_id: str) -> HttpResponseBase:
    """report.html in the browser, under a CSP that allows only its own <style> blocks'
    hashes; ?download=1 saves it as a file instead."""
    if request.GET.get("download") == "1":
        return _download(request, run_id, REPORT, "text/html; charset=utf-8")
    _run, path = _output(request, run_id, REPORT, viewing=True)
    markup = page_markup(path.read_text(encoding="utf-8"))
    response = HttpResponse(markup, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = report_policy(markup)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def download_results(request: HttpRequest, run_id: str) -> HttpResponseBase:
    return _download(request, run_id, RESULTS, "application/json")
