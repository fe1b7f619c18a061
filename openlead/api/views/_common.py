"""What every API view shares: authentication, scope checks, the problem schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.api.auth import HasScope
from openlead.api.idempotency import HEADER
from openlead.api.pagination import ApiPagination

# Public ids are token_urlsafe(12): 16 characters; the path says so, so the document
# tells clients (and the fuzzer) what an id looks like.
PUBLIC_ID = r"[A-Za-z0-9_-]{1,24}"

IDEMPOTENCY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique key per create; a retry with the same key and body returns the "
    "same resource, created once.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from the resource's GET; a stale one answers 412.",
)


class ApiView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, HasScope]
    pagination_class: type[ApiPagination] | None = ApiPagination
    read_scope: str | None = None
    write_scope: str | None = None

    def paged(self, rows: list[Any], serialize: Any) -> Response:
        """One page of already-fetched rows (the access layer's query chose and audited them)."""
        page = self.paginate_queryset(rows)
        assert page is not None
        return self.get_paginated_response([serialize(r) for r in page])


def query_page(request: Request) -> str:
    return str(request.query_params.get("page", "1"))
