"""ETag on a single resource's GET and If-Match on its update (412 when stale)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from openlead.api.problems import PreconditionFailed, PreconditionRequired


def etag_of(state: Any) -> str:
    """A strong validator over the state an update is decided on (not the whole body, so
    a display-only change does not refuse a write)."""
    text = json.dumps(state, sort_keys=True, default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def with_etag(response: Response, state: Any) -> Response:
    response["ETag"] = etag_of(state)
    return response


def require_match(request: Request, state: Any) -> None:
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired()
    wanted = etag_of(state)
    if sent != "*" and wanted not in [t.strip() for t in sent.split(",")]:
        raise PreconditionFailed()
