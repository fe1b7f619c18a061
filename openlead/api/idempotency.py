"""Idempotency-Key on every create: the first answer is kept per token (or session user)
and key; a retry with the same body gets the same resource, created once; the same key
with another body is a 422. Only the created resource's id is kept, never its content:
a replay reads the resource again through the same audited getter, under today's policy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.api.actions import do_keep_answer
from openlead.api.auth import token_of
from openlead.api.models import IdempotentWrite
from openlead.api.problems import KeyReused

HEADER = "Idempotency-Key"
MAX_KEY = 200


def _owner(request: Request) -> str:
    token = token_of(request)
    return f"token:{token.public_id}" if token is not None else f"user:{request.user.public_id}"


def _plain(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": digest.hexdigest()}
    return value


def fingerprint(request: Request) -> str:
    data = request.data
    items = (
        {k: [_plain(v) for v in data.getlist(k)] for k in data}
        if hasattr(data, "getlist")
        else data
    )
    text = json.dumps([request.method, request.path, items], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def key_of(request: Request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if not key or len(key) > MAX_KEY:
        raise exceptions.ValidationError(
            {HEADER: [f"Send an {HEADER} header (1 to 200 characters)."]}
        )
    return key


def idempotent_create(
    request: Request,
    create: Callable[[], str],
    show: Callable[[str], Response],
) -> Response:
    """Run `create` (it returns the new resource's public id) once per key; answer 201 with
    `show(id)`, or on a replay `show(id)` again with Idempotent-Replayed: true."""
    key, owner, printed = key_of(request), _owner(request), fingerprint(request)
    earlier = IdempotentWrite.objects.filter(owner=owner, key=key).first()
    if earlier is None:
        try:
            with transaction.atomic():
                made = create()
                do_keep_answer(owner=owner, key=key, fingerprint=printed, made=made)
            return _answer(show(made), 201, replayed=False)
        except IntegrityError:
            earlier = IdempotentWrite.objects.filter(owner=owner, key=key).first()
            if earlier is None:
                raise
    if earlier.fingerprint != printed:
        raise KeyReused()
    return _answer(show(str(earlier.body["id"])), 201, replayed=True)


def _answer(response: Response, status: int, *, replayed: bool) -> Response:
    response.status_code = status
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response
