"""Every API error as an RFC 9457 problem document (application/problem+json).

DRF's own exceptions keep their status; the actions' Django ValidationError is a 400 with
the reasons beside each field (`errors`), a refused status change (TransitionRefused) and
a stale write are 409, as on the pages. Anything else is left to Django (a 500 is a bug,
and the fuzzing battery fails on it)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from openlead.access.conflicts import EditConflict
from openlead.referrals.actions import TransitionRefused

CONTENT_TYPE = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The resource changed since you read it: read it again (new ETag)."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag you read, so a stale write is refused."
    default_code = "precondition_required"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The upload is too large."
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The change conflicts with the resource's current state."
    default_code = "conflict"


class KeyReused(exceptions.APIException):
    status_code = 422
    default_detail = "This Idempotency-Key was already used with a different request body."
    default_code = "idempotency_key_reused"


def problem(status: int, detail: str = "", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": HTTPStatus(status).phrase}
    body["status"] = status
    if detail:
        body["detail"] = detail
    return {**body, **extra}


def _field_errors(detail: Any) -> dict[str, list[str]]:
    """DRF's nested error detail flattened to field -> messages ("answers.name" style)."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            for inner, messages in _field_errors(value).items():
                key = name if inner == "" else f"{name}.{inner}"
                flat.setdefault(key, []).extend(messages)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return {"": [str(d) for d in detail]}
        flat = {}
        for index, value in enumerate(detail):
            for inner, messages in _field_errors(value).items():
                flat.setdefault(f"{index}.{inner}".rstrip("."), []).extend(messages)
        return flat
    return {"": [str(detail)]}


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("" if k == "__all__" else k): list(v) for k, v in exc.message_dict.items()}
    return {"": list(exc.messages)}


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, (TransitionRefused, EditConflict)):  # EditConflict is a ValidationError
        return Conflict(getattr(exc, "message_text", "") or str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_django_errors(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _translate(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    status = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = {(k or "non_field_errors"): v for k, v in _field_errors(exc.detail).items()}
        body = problem(status, "The request has invalid fields: see errors.", errors=errors)
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        body = problem(status, str(detail))
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = str(exc.auth_header)
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait) + 1)
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPE)


@csrf_exempt  # it changes nothing; a CSRF refusal here would be an HTML page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/ path no route matches: a problem document too, never the HTML 404 page."""
    return JsonResponse(problem(404, "No such API path."), status=404, content_type=CONTENT_TYPE)
