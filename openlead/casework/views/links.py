"""Service links from the person page: send, move on, and the supervisor's consent override."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from openlead.access.acting import current_actor
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.casework import actions
from openlead.casework import forms as f
from openlead.casework.access import casework_person, child, deny
from openlead.casework.views._common import rejected, submit

G = FieldGroup


@login_required
@require_POST
def link_send(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "service link"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
    )
    form = f.LinkForm(request.POST, program_id=p.program_id)
    if not form.is_valid():
        return rejected(request, actor, p, groups, form, purpose=purpose, key="link")
    return submit(
        request,
        actor,
        p,
        groups,
        form,
        purpose=purpose,
        key="link",
        saved="Service link made.",
        write=actions.check_send_link,
        target=p,
        values={
            "provider": form.cleaned_data["provider"],
        },
    )


@login_required
@require_POST
def link_state(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "service link state"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
    )
    form = f.LinkStateForm(request.POST)
    if not form.is_valid():
        return rejected(request, actor, p, groups, form, purpose=purpose, key="link_state")
    d = form.cleaned_data
    return submit(
        request,
        actor,
        p,
        groups,
        form,
        purpose=purpose,
        key="link_state",
        saved="Service link updated.",
        write=actions.check_move_link,
        target=child(actor, p.service_links.all(), d["link"], purpose=purpose),
        values={
            "state": d["state"],
            "seen": d.get("seen", ""),
        },
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
        raise deny(
            actor,
            purpose=purpose,
            action=AuditAction.UPDATE,
            person_ref=public_id[:24],
            groups=[G.CASEWORK_NOTES],
        )
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
    )
    form = f.LinkOverrideForm(request.POST)
    if not form.is_valid():
        return rejected(request, actor, p, groups, form, purpose=purpose, key="override")
    d = form.cleaned_data
    return submit(
        request,
        actor,
        p,
        groups,
        form,
        purpose=purpose,
        key="override",
        saved="Service link sent without consent.",
        write=actions.do_override_link,
        target=child(actor, p.service_links.all(), d["link"], purpose=purpose),
        values={
            "reason": d["reason"],
        },
    )
