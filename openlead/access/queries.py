"""Reads of the access app's own records (the audit log, record-view alerts, accounts),
each list audited in the same transaction as the read.

`audited_page` is the one way a paged list that is not of people writes its event: the
page is read, then the event naming its rows, in one transaction (if the audit write
fails, nothing is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Q, QuerySet

from openlead.access.acting import Actor
from openlead.access.helpers import PageNumber, page_of
from openlead.access.models import (
    AccessAlert,
    AuditAction,
    AuditEvent,
    AuditOutcome,
    GrantStatus,
    Membership,
    RoleGrant,
    User,
)

AUDIT_LOG_LIMIT = 200  # the audit log page shows the latest events; the full log is the CLI's
HISTORY_LIMIT = 1000  # a person's access history, newest first
HISTORY_COLUMNS = ["When (UTC)", "Who", "Role", "Action", "Field groups", "Outcome", "Purpose"]


def audited_page(
    acting: Actor,
    items: QuerySet[Any],
    raw_page: PageNumber,
    *,
    purpose: str,
    detail: Callable[[list[Any]], dict[str, Any]],
    action: str = AuditAction.READ,
    groups: list[str] | None = None,
) -> Page[Any]:
    """One page of `items` and its one audit event, whose detail names the rows shown."""
    with transaction.atomic():
        page = page_of(items, raw_page)
        rows = list(page.object_list)
        acting.audit(
            action=action,
            outcome=AuditOutcome.ALLOWED,
            groups=groups or [],
            purpose=purpose,
            detail=detail(rows),
        )
    return page


def alerts_page(acting: Actor, raw_page: PageNumber) -> Page[AccessAlert]:
    """The program's record-view alerts, newest first (program admins)."""
    alerts = AccessAlert.objects.filter(program_id=acting.program_id).order_by("-at", "-pk")
    return audited_page(
        acting,
        alerts,
        raw_page,
        purpose="record-view alerts",
        detail=lambda shown: {"alerts": [a.public_id for a in shown]},
    )


def audit_log(acting: Actor) -> list[AuditEvent]:
    """The program's latest audit events; reading them is itself an audited read."""
    with transaction.atomic():
        acting.audit(action=AuditAction.READ, outcome=AuditOutcome.ALLOWED, purpose="audit log")
        events = AuditEvent.objects.filter(program_id=acting.program_id).order_by("-seq")
        return list(events[:AUDIT_LOG_LIMIT])


def access_history(acting: Actor, person_ref: str, *, export: bool) -> list[list[str]]:
    """Who read this person's record, as table rows; audited as a read, or as an export
    when the rows leave as a file."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.EXPORT if export else AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person_ref,
            purpose="access history",
        )
        events = AuditEvent.objects.filter(person_ref=person_ref).order_by("-seq")
        return [_history_row(e) for e in events[:HISTORY_LIMIT]]


def _history_row(e: AuditEvent) -> list[str]:
    return [
        e.at.strftime("%Y-%m-%d %H:%M:%S"),
        e.actor_username,
        e.role,
        e.get_action_display(),
        ", ".join(e.field_groups),
        e.get_outcome_display(),
        e.purpose,
    ]


# ---- account pages (no participant data: accounts, roles and role requests) -------------


def accounts_in_program(program_id: int) -> QuerySet[User]:
    """Accounts an account manager of this program looks after: a role or a pending grant here."""
    return User.objects.filter(
        Q(memberships__program_id=program_id) | Q(grants__program_id=program_id)
    ).distinct()


def account_in_program(program_id: int, public_id: str) -> User | None:
    return accounts_in_program(program_id).filter(public_id=public_id).first()


def pending_grants(program_id: int) -> QuerySet[RoleGrant]:
    pending = RoleGrant.objects.filter(program_id=program_id, status=GrantStatus.PENDING)
    return pending.select_related("user", "requested_by", "organization")


def grant_in_program(program_id: int, grant_id: str) -> RoleGrant | None:
    return RoleGrant.objects.filter(public_id=grant_id, program_id=program_id).first()


def grants_of(user: User, limit: int = 20) -> list[RoleGrant]:
    grants = RoleGrant.objects.filter(user=user).select_related(
        "requested_by", "decided_by", "organization"
    )
    return list(grants[:limit])


def active_memberships(user: User, program_id: int | None = None) -> QuerySet[Membership]:
    """The account's active roles (in one program when given)."""
    held = Membership.objects.filter(user=user, active=True)
    if program_id is not None:
        held = held.filter(program_id=program_id)
    return held.select_related("program", "organization")
