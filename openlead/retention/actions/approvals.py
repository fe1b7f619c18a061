"""Two approvals carry a deletion request out; either approver may decline it.

The rule (docs/retention.md): two different people, each with APPROVE_DELETIONS and a
fresh second factor (the view's step_up_required), at least one of them a program admin;
the requester never counts. After the second approval the request is carried out at once,
unless a legal hold covers the person: then it waits, says why, and the nightly retention
job carries it out once the hold is lifted (actions.run)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import Role
from openlead.retention.actions.shred import do_shred_people
from openlead.retention.holds import hold_on, why_held
from openlead.retention.models import DeletionRequest, DeletionStatus

PURPOSE = "deletion request"


def _audit(acting: Actor, request: DeletionRequest, event: str, **detail: object) -> None:
    acting.audit(
        action=AuditAction.UPDATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=request.person_ref,
        purpose=PURPOSE,
        detail={"event": event, "request": request.public_id, **detail},
    )


def _require_approver(acting: Actor, request: DeletionRequest) -> None:
    if not acting.can(Capability.APPROVE_DELETIONS):
        raise refuse_denied(acting, PURPOSE, AuditAction.UPDATE, person_ref=request.person_ref)


def approval_problem(request: DeletionRequest, acting: Actor) -> str:
    """Why this actor's approval cannot count ("" when it can)."""
    if request.status != DeletionStatus.REQUESTED:
        return "This request is no longer waiting for approval."
    user_id = acting.user.pk if acting.user is not None else None
    if user_id is None or user_id == request.requested_by_id:
        return "The person who asked for a deletion cannot approve it."
    if user_id == request.first_approved_by_id:
        return "You have approved this request already: a second person must approve it."
    admins = {request.first_approved_role, acting.role} & {Role.PROGRAM_ADMIN.value}
    if request.first_approved_by_id is not None and not admins:
        return "One of the two approvals must be a program admin's."
    return ""


def do_approve_deletion(request: DeletionRequest, *, acting: Actor) -> DeletionRequest:
    _require_approver(acting, request)
    problem = approval_problem(request, acting)
    if problem:
        raise ValidationError(problem)
    now = timezone.now()
    with transaction.atomic():
        if request.first_approved_by_id is None:
            request.first_approved_by, request.first_approved_at = acting.user, now
            request.first_approved_role = acting.role
            request.save(update_fields=["first_approved_by", "first_approved_at",
                                        "first_approved_role", "updated_at"])  # fmt: skip
            _audit(acting, request, "deletion_first_approval")
            return request
        request.second_approved_by, request.second_approved_at = acting.user, now
        request.second_approved_role, request.status = acting.role, DeletionStatus.APPROVED
        request.save(update_fields=["second_approved_by", "second_approved_at",
                                    "second_approved_role", "status", "updated_at"])  # fmt: skip
        _audit(acting, request, "deletion_approved")
        return do_carry_out_deletion(request, acting=acting)


def do_carry_out_deletion(request: DeletionRequest, *, acting: Actor) -> DeletionRequest:
    """Delete the person of an approved request, or record why it waits (a legal hold)."""
    if request.status != DeletionStatus.APPROVED:
        raise ValidationError("Only an approved request is carried out.")
    with transaction.atomic():
        person = request.person
        hold = hold_on(person) if person is not None else None
        if hold is not None:
            request.waiting_for = why_held(hold)
            request.save(update_fields=["waiting_for", "updated_at"])
            _audit(acting, request, "deletion_waits_for_hold", hold=hold.public_id)
            return request
        if person is not None:
            do_shred_people([person], acting=acting, purpose=PURPOSE)
        # The shred closes the person's open requests; one whose person was already gone
        # (the retention job got there first) is closed here.
        DeletionRequest.objects.filter(pk=request.pk, status=DeletionStatus.APPROVED).update(
            status=DeletionStatus.CARRIED_OUT, carried_out_at=timezone.now(), waiting_for=""
        )
        request.refresh_from_db()
        _audit(acting, request, "deletion_carried_out")
    return request


def do_decline_deletion(request: DeletionRequest, *, acting: Actor) -> DeletionRequest:
    _require_approver(acting, request)
    if request.status not in (DeletionStatus.REQUESTED, DeletionStatus.APPROVED):
        raise ValidationError("This request is closed already.")
    with transaction.atomic():
        request.status, request.waiting_for = DeletionStatus.DECLINED, ""
        request.declined_by, request.declined_at = acting.user, timezone.now()
        request.save(update_fields=["status", "waiting_for", "declined_by", "declined_at",
                                    "updated_at"])  # fmt: skip
        _audit(acting, request, "deletion_declined")
    return request
