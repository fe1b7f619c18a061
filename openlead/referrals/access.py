"""Who may see and move which referrals, on top of openlead.access (the policy table).

The person's field groups still come from the access layer (`scoped_people`,
`visible_groups`); this module adds the referral's own relations: the referrer, the
prosecutor's lapsed arrests, the operational workgroup. Refusals are audited through
openlead.access (`refuse_missing`, `refuse_denied`), so a referral id outside scope gets
the same 404 as one that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openlead.access.acting import Actor, current_actor
from openlead.access.getters import refuse_denied, refuse_missing
from openlead.access.justice_scope import prosecutor_desk
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.referrals.models import Door, Referral

# The door each capability opens (the policy table says who holds which).
DOOR_CAPABILITIES: dict[str, Capability] = {
    Door.ARREST: Capability.REFER_BY_ARREST,
    Door.SOCIAL_CONTACT: Capability.REFER_BY_SOCIAL_CONTACT,
    Door.COMMUNITY: Capability.REFER_COMMUNITY,
    Door.SELF: Capability.RECORD_SELF_REFERRAL,
}
# Actions on one referral, as `may` names them (the status machine decides the rest).
ACTIONS = ("handoff", "intake", "close", "accept", "decision")
NOT_FOUND = "No such referral."


def refer_doors(actor: Actor) -> frozenset[str]:
    return frozenset(door for door, cap in DOOR_CAPABILITIES.items() if actor.can(cap))


def sees_workgroup(actor: Actor) -> bool:
    """The operational workgroup: every referral's status and the intake clock."""
    return actor.can(Capability.SEE_INTAKE_CLOCK)


def referral_scope(actor: Actor) -> QuerySet[Referral]:
    """Referrals this membership may see at all; programs are always isolated.

    The prosecutor sees the arrests on their desk (access.justice_scope.prosecutor_desk:
    returned, lapsed and not yet marked, shown as returned; or sent for review), the same
    set whose people their scope opens."""
    referrals = Referral.objects.filter(program_id=actor.program_id)
    if actor.rule.lists_own_referrals:
        return referrals.filter(referrer=actor.user)
    if actor.can(Capability.PROSECUTOR_DECISION):
        return referrals.filter(prosecutor_desk(timezone.now()))
    if sees_workgroup(actor):
        return referrals
    return referrals.none()


def can_list(actor: Actor) -> bool:
    return (
        actor.rule.lists_own_referrals
        or actor.can(Capability.PROSECUTOR_DECISION)
        or sees_workgroup(actor)
    )


def may(actor: Actor, action: str, referral: Referral) -> bool:
    is_referrer = referral.referrer_id == actor.user.pk
    if action == "handoff":
        return is_referrer or sees_workgroup(actor)
    if action == "intake":
        return actor.can(Capability.TAKE_INTAKE)
    if action == "close":
        return actor.can(Capability.TAKE_INTAKE) or is_referrer
    if action == "accept":
        return actor.can(Capability.ACCEPT_FOR_INTAKE)
    if action == "decision":
        return actor.can(Capability.PROSECUTOR_DECISION)
    return False


def require_listing(request: HttpRequest, *, purpose: str) -> Actor:
    """The actor, if they have a referral list at all (403, audited, otherwise)."""
    actor = current_actor(request)
    if not can_list(actor):
        raise refuse_denied(actor, purpose)
    return actor


def get_referral_for(
    request: HttpRequest, public_id: str, *, purpose: str, action: str = ""
) -> tuple[Actor, Referral]:
    """The referral if in scope (404, audited) and the action allowed (403, audited).

    For a write the action itself writes the audit event of the change; for a page,
    queries.read_referral_for writes the read."""
    actor = current_actor(request)
    referral = (
        referral_scope(actor)
        .filter(public_id=public_id)
        .select_related("person", "program")
        .first()
    )
    if referral is None:
        raise refuse_missing(actor, public_id, purpose, NOT_FOUND)
    if action and not may(actor, action, referral):
        with transaction.atomic():
            actor.audit(
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=referral.person.public_id,
                purpose=purpose,
                detail={"referral": referral.public_id},
            )
        raise PermissionDenied
    return actor, referral
