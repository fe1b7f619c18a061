"""Evaluation runs for evaluators: status and counts (small cells hidden, as on the page),
and the run's de-identified results.json (reports.actions.check_export_run_output)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.access.getters import audited_list, refuse_missing
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.api import serializers as s
from openlead.api.etags import with_etag
from openlead.api.models import Scope
from openlead.api.views._common import ApiView
from openlead.reports import actions, queries
from openlead.reports.models import EvaluationRun
from openlead.reports.results import RESULTS, counts

CAPABILITY = Capability.RUN_EVALUATIONS


def run_body(run: EvaluationRun) -> dict[str, Any]:
    finished = run.updated_at if run.status in ("complete", "failed", "stopped") else None
    return {
        "id": run.public_id,
        "status": run.status,
        "designs": run.designs,
        "started_at": run.started_at,
        "finished_at": finished,
        "counts": counts(run),
    }


class Runs(ApiView):
    read_scope = Scope.EVALUATION_READ

    @extend_schema(responses=s.RunSerializer(many=True), operation_id="evaluation_runs_list")
    def get(self, request: Request) -> Response:
        purpose = "evaluation runs via the API"
        actor = require(request, CAPABILITY, purpose=purpose)
        runs = queries.program_runs(actor).order_by("-started_at", "-pk")
        with audited_list(request, purpose=purpose, action=AuditAction.READ, people=False) as shown:
            page = self.paginate_queryset(runs)
            assert page is not None
            shown.detail["runs"] = [r.public_id for r in page]
        return self.get_paginated_response([run_body(r) for r in page])


class RunDetail(ApiView):
    read_scope = Scope.EVALUATION_READ

    @extend_schema(responses=s.RunSerializer, operation_id="evaluation_runs_retrieve")
    def get(self, request: Request, run_id: str) -> Response:
        purpose = "evaluation run status via the API"
        require(request, CAPABILITY, purpose=purpose)
        run = queries.audited_run(request, run_id, purpose)
        body = run_body(run)
        return with_etag(Response(s.RunSerializer(body).data), body)


class RunResults(ApiView):
    """The run's results.json: aggregate, small-cell-suppressed outputs of the extract."""

    read_scope = Scope.EVALUATION_READ

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="results.json")},
        operation_id="evaluation_runs_results",
    )
    def get(self, request: Request, run_id: str) -> FileResponse:
        purpose = f"evaluation {RESULTS} download via the API"
        actor = require(request, CAPABILITY, purpose=purpose)
        run = queries.run_for(actor, run_id)
        if run is None:
            raise refuse_missing(actor, run_id, purpose, "No such evaluation run.")
        path = actions.check_export_run_output(run, RESULTS, acting=actor)
        if path is None:
            raise Http404("This run has no results yet.")
        return FileResponse(path.open("rb"), content_type="application/json")
