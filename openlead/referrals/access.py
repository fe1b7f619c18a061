"""Who may see and move which referrals, on top of openlead.access (the policy table).

Referral pages read through here. The person's field groups still come from the
access layer (`scoped_people`, `visible_groups`); this module adds the referral's own
relations: the referrer, the prosecutor's lapsed arrests, the operational workgroup.
Each request writes exactly one audit event, refusals included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from openlead.access.helpers import (
    Actor,
    PageNumber,
    audit_request,
    current_actor,
    page_of,
    scoped_people,
    visible_groups,
)
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Scope
from openlead.referrals.models import Door, Outcome, Referral, Status

# The door each capability opens (the policy table says who holds which).
DOOR_CAPABILITIES: dict[str, Capability] = {
    Door.ARREST: Capability.REFER_BY_ARREST,
    Door.SOCIAL_CONTACT: Capability.REFER_BY_SOCIAL_CONTACT,
    Door.COMMUNITY: Capability.REFER_COMMUNITY,
    Door.SELF: Capability.RECORD_SELF_REFERRAL,
}
# The referrer sees the screening they just made (outcome and reasons) for one shift.
RESULT_VISIBLE = dt.timedelta(hours=12)

CONTACT_ANSWERS = ("reach", "best_time")  # answers in the CONTACT group, not the screening
# Actions on one referral: name -> who may ask (the status machine decides the rest).
ACTIONS = ("handoff", "intake", "close", "accept", "decision")


def refer_doors(actor: Actor) -> frozenset[str]:
    return frozenset(door for door, cap in DOOR_CAPABILITIES.items() if actor.can(cap))


def sees_workgroup(actor: Actor) -> bool:
    """The operational workgroup: every referral's status and the intake clock."""
    return actor.can(Capability.SEE_INTAKE_CLOCK)


def referral_scope(actor: Actor) -> QuerySet[Referral]:
    """Referrals this membership may see at all; programs are always isolated."""
    referrals = Referral.objects.filter(program_id=actor.program_id)
    if actor.rule.scope == Scope.REFERRED:
        return referrals.filter(referrer=actor.user)
    if actor.can(Capability.PROSECUTOR_DECISION):
        return referrals.filter(returned_at__isnull=False)
    if sees_workgroup(actor):
        return referrals
    return referrals.none()


def can_list(actor: Actor) -> bool:
    return (
        actor.rule.scope == Scope.REFERRED
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


def officer_status(referral: Referral) -> str:
    """What a referrer sees: received, enrolled or not enrolled (never casework)."""
    if referral.status == Status.INTAKE_COMPLETE:
        return "Enrolled"
    closed = {
        Status.DECLINED,
        Status.WITHDRAWN,
        Status.RETURNED,
        Status.CHARGES_FILED,
        Status.NOT_FILED,
    }
    if referral.status in closed or referral.outcome == Outcome.INELIGIBLE:
        return "Not enrolled"
    return "Received"


def refuse(request: HttpRequest, actor: Actor, *, purpose: str, not_found: str = "") -> Exception:
    """Audit a refusal and return the exception to raise (404 for ids, else 403)."""
    outcome = AuditOutcome.NOT_FOUND if not_found else AuditOutcome.DENIED
    with transaction.atomic():
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=outcome,
            purpose=purpose,
            detail={"requested": not_found[:40]} if not_found else {},
        )
    return Http404("No such referral.") if not_found else PermissionDenied()


def require_actor(request: HttpRequest, check: Any, *, purpose: str) -> Actor:
    """The actor, or an audited 403 unless `check(actor)` holds."""
    actor = current_actor(request)
    if not check(actor):
        raise refuse(request, actor, purpose=purpose)
    return actor


@dataclass
class ReferralPage:
    """One referral projected down to what one actor may see."""

    referral: Referral
    actor: Actor
    groups: frozenset[FieldGroup]
    name: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    decision: dict[str, Any] | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    report_number: str = ""
    allowed: frozenset[str] = frozenset()

    @property
    def sees_screening(self) -> bool:
        return FieldGroup.REFERRAL in self.groups

    @property
    def officer_status(self) -> str:
        return officer_status(self.referral)

    @property
    def is_referrer_view(self) -> bool:
        return self.actor.rule.scope == Scope.REFERRED


def _referral_groups(actor: Actor, referral: Referral, now: dt.datetime) -> frozenset[FieldGroup]:
    person = referral.person
    groups = {FieldGroup.ENROLLMENT_STATUS}
    if scoped_people(actor).filter(pk=person.pk).exists():
        seen = visible_groups(actor, person)
        groups |= seen & {FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.REFERRAL}
    if referral.referrer_id == actor.user.pk and now - referral.referred_at < RESULT_VISIBLE:
        groups.add(FieldGroup.REFERRAL)  # the referrer's own screening, shown back to them
    return frozenset(groups)


def get_referral_for(
    request: HttpRequest, public_id: str, *, purpose: str, action: str = ""
) -> tuple[Actor, Referral]:
    """For writes: the referral if in scope (404, audited) and the action allowed (403, audited).

    The action itself writes the audit event for the change.
    """
    actor = current_actor(request)
    referral = (
        referral_scope(actor)
        .filter(public_id=public_id)
        .select_related("person", "program")
        .first()
    )
    if referral is None:
        raise refuse(request, actor, purpose=purpose, not_found=public_id)
    if action and not may(actor, action, referral):
        with transaction.atomic():
            audit_request(
                request,
                actor,
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=referral.person.public_id,
                purpose=purpose,
                detail={"referral": referral.public_id},
            )
        raise PermissionDenied
    return actor, referral


def read_referral_for(request: HttpRequest, public_id: str, *, purpose: str) -> ReferralPage:
    """One referral for the requesting user, projected and audited (404 outside scope)."""
    from openlead.people import vault
    from openlead.referrals.actions import open_screening

    actor, referral = get_referral_for(request, public_id, purpose=purpose)
    groups = _referral_groups(actor, referral, timezone.now())
    page = ReferralPage(
        referral=referral,
        actor=actor,
        groups=groups,
        allowed=frozenset(a for a in ACTIONS if may(actor, a, referral)),
    )
    shown = sorted(groups)
    with transaction.atomic():
        needs_key = groups & {
            FieldGroup.IDENTITY,
            FieldGroup.CONTACT,
            FieldGroup.REFERRAL,
        } or actor.can(Capability.PROSECUTOR_DECISION)
        screening = open_screening(referral) if needs_key else None
        if screening is not None:
            # The report number names the arrest the prosecutor decides on; nothing else is shown.
            page.report_number = str(screening.answers.get("report_number", ""))
            if FieldGroup.REFERRAL in groups:
                page.facts, page.decision, page.answers = (
                    screening.facts,
                    screening.decision,
                    screening.answers,
                )
            elif FieldGroup.CONTACT in groups:
                # Outreach reads contact: how to reach the person, never the screening.
                page.answers = {k: v for k, v in screening.answers.items() if k in CONTACT_ANSWERS}
        if FieldGroup.IDENTITY in groups:
            dek = vault.data_key(referral.person.public_id)
            person = referral.person
            page.name = vault.get_person_field(person, dek, "legal_name") or vault.get_person_field(
                person, dek, "aliases"
            )
        audit_request(
            request,
            actor,
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=referral.person.public_id,
            groups=shown,
            purpose=purpose,
            detail={"referral": referral.public_id, "report_number": bool(page.report_number)},
        )
    return page


@dataclass
class ReferralRow:
    referral: Referral
    name: str = ""
    clock: str = ""

    @property
    def officer_status(self) -> str:
        return officer_status(self.referral)


def list_referrals_for(
    request: HttpRequest,
    referrals: QuerySet[Referral],
    actor: Actor,
    *,
    purpose: str,
    clock: Any = None,
    page: PageNumber = 1,
) -> tuple[list[ReferralRow], Page[Any]]:
    """One page (LIST_LIMIT) of rows of plaintext columns, and names where the policy shows
    names; one audit event naming only the referrals on this page."""
    from openlead.people import vault

    shown = page_of(referrals.select_related("person", "program", "handed_off_to"), page)
    chosen = list(shown.object_list)
    named = set()
    show_names = (
        FieldGroup.IDENTITY in actor.rule.read
        and FieldGroup.IDENTITY not in actor.rule.roi_required
    )
    if show_names:
        named = set(
            scoped_people(actor)
            .filter(pk__in=[r.person_id for r in chosen])
            .values_list("pk", flat=True)
        )
    rows = []
    with transaction.atomic():
        groups = [FieldGroup.ENROLLMENT_STATUS] + ([FieldGroup.IDENTITY] if named else [])
        audit_request(
            request,
            actor,
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            groups=groups,
            purpose=purpose,
            detail={"referrals": [r.public_id for r in chosen]},
        )
        for referral in chosen:
            name = ""
            if referral.person_id in named:
                person = referral.person
                dek = vault.data_key(person.public_id)
                name = vault.get_person_field(person, dek, "legal_name") or vault.get_person_field(
                    person, dek, "aliases"
                )
            rows.append(ReferralRow(referral, name, clock(referral) if clock else ""))
    return rows, shown
