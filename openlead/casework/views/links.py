"""Service links from the person page: send, move on, and the supervisor's consent override."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from openlead.access.acting import current_actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.casework import actions
from openlead.casework import forms as f
from openlead.casework.access import casework_person
from openlead.casework.views._common import person_post

G = FieldGroup


@login_required
@require_POST
def link_send(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="service link")
    return post.run(
        f.LinkForm(request.POST, program=post.person.program),
        "link",
        "Service link made.",
        actions.check_send_link,
        fields=("provider",),
    )


@login_required
@require_POST
def link_state(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose="service link state")
    return post.run(
        f.LinkStateForm(request.POST),
        "link_state",
        "Service link updated.",
        actions.check_move_link,
        fields=("state", "seen"),
        child=(post.person.service_links.all(), "link"),
    )


@login_required
@require_POST
@step_up_required  # sending without consent (issue 12): a fresh second factor first
def link_override(request: HttpRequest, public_id: str) -> HttpResponse:
    """Sending without consent: supervisors only; a case manager's attempt is refused and audited."""
    purpose = "consent override"
    if not current_actor(request).can(Capability.SUPERVISE):
        actor, _, _ = casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
        )
        raise refuse_denied(
            actor,
            purpose=purpose,
            action=AuditAction.UPDATE,
            person_ref=public_id[:24],
            groups=[G.CASEWORK_NOTES],
        )
    post = person_post(request, public_id, group=G.CASEWORK_NOTES, purpose=purpose)
    return post.run(
        f.LinkOverrideForm(request.POST),
        "override",
        "Service link sent without consent.",
        actions.do_override_link,
        fields=("reason",),
        child=(post.person.service_links.all(), "link"),
    )
