"""Thin views: evaluation runs of the program, their status, and their aggregate outputs.

Only roles with `Capability.RUN_EVALUATIONS` (evaluator, program admin) reach these pages, and
they show counts, estimates and sentences only: never a row about a person.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.helpers import Actor, audit_request, refuse_not_found, require
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.evaluation.cli import DESIGN_NAMES  # the design registry, without pandas
from openlead.evaluation_runs import actions
from openlead.evaluation_runs.forms import StartRunForm
from openlead.evaluation_runs.models import EvaluationRun
from openlead.evaluation_runs.results import REPORT, RESULTS, counts, read_results
from openlead.programs.runs import RunStatus

CAPABILITY = Capability.RUN_EVALUATIONS
LIST_LIMIT = 50


def _run_for(request: HttpRequest, run_id: str, *, purpose: str) -> tuple[Actor, EvaluationRun]:
    """The actor's program's run, or 404 (audited) for another program's or a missing one."""
    actor = require(request, CAPABILITY, purpose=purpose)
    run = EvaluationRun.objects.filter(public_id=run_id, program_id=actor.program_id).first()
    if run is None:
        raise refuse_not_found(request, actor, run_id, purpose, "No such evaluation run.")
    return actor, run


def _list_page(request: HttpRequest, actor: Actor, form: StartRunForm, status: int) -> HttpResponse:
    runs = list(
        EvaluationRun.objects.filter(program_id=actor.program_id)
        .select_related("started_by")
        .order_by("-started_at", "-pk")[:LIST_LIMIT]
    )
    context = {"runs": runs, "form": form, "busy": any(r.active for r in runs)}
    return render(request, "evaluation_runs/runs.html", context, status=status)


@login_required
@require_GET
def evaluation_runs(request: HttpRequest) -> HttpResponse:
    """The program's runs, newest first, and the form that starts one."""
    purpose = "evaluation runs"
    actor = require(request, CAPABILITY, purpose=purpose)
    audit_request(
        request, actor, action=AuditAction.READ, outcome=AuditOutcome.ALLOWED, purpose=purpose
    )
    return _list_page(request, actor, StartRunForm(), 200)


@login_required
@require_POST
def start_evaluation_run(request: HttpRequest) -> HttpResponse:
    """ "Run the evaluation now": every design, one run per program at a time, in its own process."""
    purpose = "start evaluation run"
    actor = require(request, CAPABILITY, purpose=purpose)
    form = StartRunForm(request.POST)
    if not form.is_valid():
        audit_request(
            request,
            actor,
            action=AuditAction.CREATE,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            detail={"reason": "invalid form", "fields": sorted(form.errors)},
        )
        return _list_page(request, actor, form, 400)
    try:
        run = actions.check_start_evaluation_run(
            actor.membership.program,
            who=actor.who,
            user=request.user,
            role=actor.role,
            designs=list(DESIGN_NAMES),
            follow_up_end=form.cleaned_data["follow_up_end"],
        )
    except ValidationError as exc:
        audit_request(
            request,
            actor,
            action=AuditAction.CREATE,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            detail={"reason": "a run is already queued or running"},
        )
        form.add_error(None, exc.messages[0])
        return _list_page(request, actor, form, 409)
    actions.do_launch_evaluation_run(run)
    return redirect("evaluation_run", run_id=run.public_id)


@login_required
@require_GET
def evaluation_run(request: HttpRequest, run_id: str) -> HttpResponse:
    """A run's status; the page reloads itself (meta refresh, no script) while it runs."""
    purpose = "evaluation run status"
    actor, run = _run_for(request, run_id, purpose=purpose)
    audit_request(
        request,
        actor,
        action=AuditAction.READ,
        outcome=AuditOutcome.ALLOWED,
        purpose=purpose,
        detail={"run": run.public_id, "status": run.status},
    )
    results = read_results(run) if run.status == RunStatus.COMPLETE else None
    context = {"run": run, "counts": counts(run), "results": results}
    return render(request, "evaluation_runs/run.html", context)


def _download(request: HttpRequest, run_id: str, name: str, content_type: str) -> HttpResponseBase:
    purpose = f"evaluation {name} download"
    actor, run = _run_for(request, run_id, purpose=purpose)
    path = run.out / name
    if run.status != RunStatus.COMPLETE or not path.is_file():
        audit_request(
            request,
            actor,
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.NOT_FOUND,
            purpose=purpose,
            detail={"run": run.public_id, "status": run.status},
        )
        raise Http404("This run has no such output.")
    audit_request(
        request,
        actor,
        action=AuditAction.EXPORT,
        outcome=AuditOutcome.ALLOWED,
        purpose=purpose,
        detail={"run": run.public_id, "file": name},
    )
    # An attachment, not a page: the report's inline <style> would break the app's CSP.
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"evaluation-{run.public_id}-{name}",
        content_type=content_type,
    )


@login_required
@require_GET
def download_report(request: HttpRequest, run_id: str) -> HttpResponseBase:
    return _download(request, run_id, REPORT, "text/html; charset=utf-8")


@login_required
@require_GET
def download_results(request: HttpRequest, run_id: str) -> HttpResponseBase:
    return _download(request, run_id, RESULTS, "application/json")
