"""A download of everything the portal holds about the participant: HTML or JSON, each
with the 42 CFR 2.32 redisclosure notice (the file may leave their hands), audited as an
export naming the groups it carries."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from openlead.access.models import AuditAction, AuditOutcome
from openlead.people import disclosure
from openlead.portal.access import own_record
from openlead.portal.bundle import bundle_of, exported_groups

FORMATS = {"html", "json"}


@login_required(login_url="portal_signin")
@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    actor, person = own_record(request, purpose="portal download", notes=True)
    if fmt not in FORMATS:
        raise Http404
    with transaction.atomic():
        data = bundle_of(actor, person)
        actor.audit(
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=exported_groups(person),
            purpose="portal download",
            detail={"format": fmt},
        )
    name = f"my-record-{person.public_id}.{fmt}"
    if fmt == "json":
        body = json.dumps({**data, "notice": disclosure.NOTICE_TEXT}, indent=2, default=str)
        response = HttpResponse(body, content_type="application/json")
    else:
        context = {"data": data, "paragraphs": disclosure.NOTICE_PARAGRAPHS}
        response = HttpResponse(render_to_string("portal/download.html", context, request))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
