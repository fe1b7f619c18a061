"""Justice-record import batches: upload, status and rejected rows (row, column, reason;
never the value), as on the records pages (records.queries.program_batches under
SEE_IMPORTS); an upload is imported by records.actions.imports, as the CLI imports a file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.access.getters import audited_list
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.api import serializers as s
from openlead.api.etags import with_etag
from openlead.api.idempotency import idempotent_create
from openlead.api.models import Scope
from openlead.api.problems import PayloadTooLarge
from openlead.api.views._common import IDEMPOTENCY, ApiView
from openlead.records import queries
from openlead.records.actions.imports import check_import_upload
from openlead.records.models import ImportBatch, ImportRowError


def batch_body(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.public_id,
        "source": batch.source,
        "status": batch.status,
        "rows_seen": batch.rows_seen,
        "rows_imported": batch.rows_imported,
        "rows_skipped_existing": batch.rows_skipped_existing,
        "errors": batch.errors,
        "started_at": batch.started_at,
        "finished_at": batch.finished_at,
    }


# An upload is imported while the caller waits, in one transaction: larger extracts go
# through `openlead import justice`, which commits chunk by chunk and resumes.
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


def max_upload() -> int:
    return int(getattr(settings, "OPENLEAD_API_MAX_IMPORT_BYTES", DEFAULT_MAX_UPLOAD))


class Batches(ApiView):
    read_scope = Scope.IMPORTS_READ
    write_scope = Scope.IMPORTS_WRITE

    @extend_schema(responses=s.BatchSerializer(many=True), operation_id="import_batches_list")
    def get(self, request: Request) -> Response:
        purpose = "justice records import status via the API"
        actor = require(request, Capability.SEE_IMPORTS, purpose=purpose)
        batches = queries.program_batches(actor).order_by("-started_at", "-pk")
        with audited_list(request, purpose=purpose, action=AuditAction.READ, people=False) as shown:
            page = self.paginate_queryset(batches)
            assert page is not None
            shown.detail["batches"] = [b.public_id for b in page]
        return self.get_paginated_response([batch_body(b) for b in page])

    def get_parsers(self) -> list[Any]:
        # Uploads are multipart only; a JSON body answers 415 (a list has no file in it).
        if self.request is not None and self.request.method == "POST":
            return [MultiPartParser()]
        return super().get_parsers()

    @extend_schema(
        request={"multipart/form-data": s.UploadSerializer},
        responses={201: s.BatchSerializer},
        parameters=[IDEMPOTENCY],
        operation_id="import_batches_create",
    )
    def post(self, request: Request) -> Response:
        purpose = "justice records import upload via the API"
        actor = require(request, Capability.SEE_IMPORTS, purpose=purpose)
        given = s.UploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        if upload.size > max_upload():
            raise PayloadTooLarge(f"The file is larger than {max_upload()} bytes.")

        def create() -> str:
            batch = check_import_upload(
                upload.chunks(),
                file_name=upload.name or "",
                mapping_name=given.validated_data["mapping"],
                source=given.validated_data["source"],
                acting=actor,
            )
            return str(batch.public_id)

        def show(batch_id: str) -> Response:
            batch = _batch(request, batch_id, purpose)
            return Response(s.BatchSerializer(batch_body(batch)).data)

        response = idempotent_create(request, create, show)
        response["Location"] = f"/api/v1/imports/{response.data['id']}/"
        return response


def _batch(request: Request, batch_id: str, purpose: str) -> ImportBatch:
    require(request, Capability.SEE_IMPORTS, purpose=purpose)
    batch = queries.batch_for(request, batch_id, purpose)
    return batch


class BatchDetail(ApiView):
    read_scope = Scope.IMPORTS_READ

    @extend_schema(responses=s.BatchSerializer, operation_id="import_batches_retrieve")
    def get(self, request: Request, batch_id: str) -> Response:
        batch = _batch(request, batch_id, "justice records import report via the API")
        body = batch_body(batch)
        return with_etag(Response(s.BatchSerializer(body).data), body)


class RejectedRows(ApiView):
    read_scope = Scope.IMPORTS_READ

    @extend_schema(
        responses=s.RejectedRowSerializer(many=True), operation_id="import_batches_rejected_rows"
    )
    def get(self, request: Request, batch_id: str) -> Response:
        batch = _batch(request, batch_id, "justice records rejected rows via the API")
        rows = ImportRowError.objects.filter(batch=batch).order_by("row_number", "column", "pk")
        page = self.paginate_queryset(rows)
        assert page is not None
        body = [{"row": r.row_number, "column": r.column, "reason": r.reason} for r in page]
        return self.get_paginated_response(body)
