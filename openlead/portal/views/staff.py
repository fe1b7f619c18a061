"""The care team's side of the portal, on the participant's casework page: a one-time
enrolment code (shown once, on the page this POST renders) and marking a correction
request done. Both go through the casework scope (casework.access) and the capability."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openlead.access.helpers import refuse_denied
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework.access import casework_person, child
from openlead.portal import actions
from openlead.portal.models import CorrectionRequest


@login_required
@require_POST
def issue_code(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "portal enrolment code"
    actor, person, _groups = casework_person(
        request, public_id, group=FieldGroup.CASEWORK_NOTES, purpose=purpose, write=True
    )
    if not actor.can(Capability.MANAGE_PORTAL):
        raise refuse_denied(actor, purpose, person_ref=person.public_id)
    issued = actions.do_issue_enrolment_code(person, acting=actor)
    local = timezone.localtime(issued.expires_at)
    messages.success(request, _("Code made. Give it to the participant now: it is shown once."))
    context = {"person": person, "issued": issued, "expires": local}
    return render(request, "portal/code_issued.html", context)


@login_required
@require_POST
def correction_done(request: HttpRequest, public_id: str, correction_id: str) -> HttpResponse:
    purpose = "correction request done"
    actor, person, _groups = casework_person(
        request, public_id, group=FieldGroup.CASEWORK_NOTES, purpose=purpose, write=True
    )
    if not actor.can(Capability.MANAGE_PORTAL):
        raise refuse_denied(actor, purpose, person_ref=person.public_id)
    rows = CorrectionRequest.objects.filter(person=person)
    row = child(actor, rows, correction_id[:24], purpose=purpose)
    actions.do_mark_correction_done(row, acting=actor)
    messages.success(request, _("Correction request marked done."))
    return redirect("casework_person", public_id=person.public_id)
