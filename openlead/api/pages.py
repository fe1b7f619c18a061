"""The program admin's token page (issue 15): issue a token (the secret is shown once, on
the answer to the POST) and revoke one; both need a fresh second factor, like the other
sensitive admin actions. And /api/docs/: the operations of the OpenAPI document as a plain
page (no script, nothing from a CDN, so the app's CSP holds)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from drf_spectacular.generators import SchemaGenerator

from openlead.access.getters import audited_list, refuse_missing
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.stepup import step_up_required
from openlead.api import actions
from openlead.api.forms import TokenForm
from openlead.api.models import ApiToken

PURPOSE = "API tokens"


def _posting(request: HttpRequest) -> bool:
    return request.method == "POST"


@login_required
@require_http_methods(["GET", "POST"])
@step_up_required(when=_posting)
def tokens(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.MANAGE_API_TOKENS, purpose=PURPOSE)
    form = TokenForm(request.POST or None, program_id=actor.program_id)
    secret = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = actions.check_create_token(
                name=data["name"],
                membership=data["membership"],
                scopes=list(data["scopes"]),
                days=data["days"],
                acting=actor,
            )
        except ValidationError as error:
            for name, reasons in error.message_dict.items():
                form.add_error(name if name in form.fields else None, reasons)
        else:
            messages.success(
                request, f"Token “{token.name}” issued. Copy it now: it is shown only once."
            )
            form = TokenForm(program_id=actor.program_id)
    with audited_list(request, purpose=PURPOSE, action=AuditAction.READ, people=False) as shown:
        rows = list(
            ApiToken.objects.filter(program_id=actor.program_id).select_related(
                "membership__user", "created_by"
            )[:50]
        )
        shown.detail["tokens"] = [t.public_id for t in rows]
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "tokens": rows, "secret": secret}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
@step_up_required
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    purpose = "revoke API token"
    actor = require(request, Capability.MANAGE_API_TOKENS, purpose=purpose)
    token = ApiToken.objects.filter(program_id=actor.program_id, public_id=token_id).first()
    if token is None:
        raise refuse_missing(actor, token_id, purpose, "No such token.")
    actions.do_revoke_token(token, acting=actor)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens")


def _operations() -> list[dict[str, Any]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "tag": (op.get("tags") or [""])[0],
                }
            )
    return rows


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """Public like the schema itself: it names operations, never data."""
    return render(request, "api/docs.html", {"operations": _operations()})
