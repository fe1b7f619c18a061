"""The prosecutor's reads: the queue's sections, their cases, and the decisions on one item.

Scope stays one definition: referrals come from referrals.access.referral_scope (the
prosecutor's desk), cases from the people the access layer opens (scoped_people, which
applies access.justice_scope), narrowed to cases of the prosecutor's own office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from openlead.access.acting import Actor
from openlead.access.helpers import scoped_people
from openlead.access.policy import Capability
from openlead.legal.models import CaseStatus, DecisionKind, LegalCase, LegalDecision
from openlead.people import vault
from openlead.people.models import Person
from openlead.referrals.access import referral_scope
from openlead.referrals.clock import lapsed_in
from openlead.referrals.models import Referral, Status

NOTICE_DAYS = 14  # how long an automatic filing stays on the queue's notice


def prosecutor_cases(actor: Actor) -> QuerySet[LegalCase]:
    """Cases of the prosecutor's office about people their scope opens."""
    if not actor.can(Capability.PROSECUTOR_DECISION):
        return LegalCase.objects.none()
    return LegalCase.objects.filter(
        program_id=actor.program_id,
        prosecutor_office_id=actor.membership.organization_id,
        person__in=scoped_people(actor).values("pk"),
    )


def lapsed_intakes(actor: Actor, now: dt.datetime) -> QuerySet[Referral]:
    """Returned arrests, and ones whose window passed before the lapse job marked them."""
    lapsed = Q(status=Status.RETURNED) | lapsed_in(actor.membership.program, now)
    return referral_scope(actor).filter(lapsed).order_by("intake_deadline", "pk")


def arrests_to_review(actor: Actor, now: dt.datetime) -> QuerySet[Referral]:
    """Arrests sent for review at screening (Santa Fe) with no decision yet."""
    return (
        referral_scope(actor)
        .filter(
            prosecutor_review_at__isnull=False,
            prosecutor_decision="",
            status__in=(Status.SCREENED, Status.AWAITING_INTAKE),
        )
        .exclude(lapsed_in(actor.membership.program, now))
        .order_by("prosecutor_review_at", "pk")
    )


def new_charges(actor: Actor) -> QuerySet[LegalCase]:
    """Pending cases of the office that nobody has decided yet."""
    return (
        prosecutor_cases(actor)
        .filter(status=CaseStatus.PENDING, decisions__isnull=True)
        .prefetch_related("charges")
        .order_by("opened_on", "pk")
    )


def automatic_filings(actor: Actor, now: dt.datetime) -> QuerySet[LegalDecision]:
    """The notice: arrests the lapse job filed in the last NOTICE_DAYS days."""
    return (
        LegalDecision.objects.filter(
            program_id=actor.program_id,
            kind=DecisionKind.AUTOMATIC_FILING,
            decided_at__gte=now - dt.timedelta(days=NOTICE_DAYS),
            referral__in=referral_scope(actor).values("pk"),
        )
        .select_related("referral")
        .order_by("-decided_at", "-pk")
    )


@dataclass(frozen=True)
class ShownDecision:
    """One earlier decision as the item page shows it (the reason opened for the page)."""

    kind_label: str
    decided_at: dt.datetime
    by: str
    reason: str
    consent_label: str
    extended_to: dt.date | None


def decisions_shown(rows: QuerySet[LegalDecision], person: Person) -> list[ShownDecision]:
    """Earlier decisions with their reasons, opened under the person's data key."""
    chosen = list(rows.select_related("decided_by"))
    dek = vault.data_key(person.public_id) if chosen else b""
    return [_shown(row, dek) for row in chosen]


def _shown(row: LegalDecision, dek: bytes) -> ShownDecision:
    user = row.decided_by
    by = (user.get_full_name() or user.get_username()) if user is not None else "Automatic"
    reason = vault.open_text(
        dek, row.sealed_reason, "legal.legaldecision", row.public_id, "sealed_reason"
    )
    return ShownDecision(
        kind_label=row.get_kind_display(),
        decided_at=row.decided_at,
        by=by,
        reason=reason,
        consent_label=row.get_victim_consent_display() if row.victim_consent else "",
        extended_to=row.extended_to,
    )
