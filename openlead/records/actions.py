"""Writes of the records app: link proposals from a linkage run, and review decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.records.models import LinkBand, LinkStatus, PersonRecordLink

DECISIONS = {"accept": LinkStatus.ACCEPTED, "reject": LinkStatus.REJECTED}


@dataclass(frozen=True)
class Proposal:
    person_id: int
    record_id: int
    probability: float
    band: str  # auto_accept | review


@dataclass(frozen=True)
class ProposalCounts:
    auto_accepted: int
    queued: int
    already_known: int


def do_store_proposals(
    proposals: list[Proposal], *, who: audit.Who, program_id: int, purpose: str = "record linkage"
) -> ProposalCounts:
    """Attach auto-accepted pairs, queue review pairs; pairs seen before (even rejected) stay as they are."""
    now = timezone.now()
    with transaction.atomic():
        known = set(
            PersonRecordLink.objects.filter(
                person_id__in={p.person_id for p in proposals}
            ).values_list("person_id", "record_id")
        )
        fresh = [p for p in proposals if (p.person_id, p.record_id) not in known]
        links = [
            PersonRecordLink(
                person_id=p.person_id,
                record_id=p.record_id,
                probability=p.probability,
                band=p.band,
                status=LinkStatus.ACCEPTED
                if p.band == LinkBand.AUTO_ACCEPT
                else LinkStatus.PENDING,
                decided_at=now if p.band == LinkBand.AUTO_ACCEPT else None,
            )
            for p in fresh
        ]
        PersonRecordLink.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
        counts = ProposalCounts(
            auto_accepted=sum(1 for p in fresh if p.band == LinkBand.AUTO_ACCEPT),
            queued=sum(1 for p in fresh if p.band != LinkBand.AUTO_ACCEPT),
            already_known=len(proposals) - len(fresh),
        )
        audit.record(
            who,
            action=AuditAction.CREATE if fresh else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL],
            purpose=purpose,
            detail={
                "program_id": program_id,
                "auto_accepted": counts.auto_accepted,
                "queued": counts.queued,
                "already_known": counts.already_known,
            },
        )
    return counts


def check_decide_link(
    link: PersonRecordLink, decision: str, *, who: audit.Who, user: Any, request_id: str = ""
) -> PersonRecordLink:
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose accept or reject."})
    if link.status != LinkStatus.PENDING:
        raise ValidationError({"decision": "Someone has already decided this pair."})
    return do_decide_link(link, DECISIONS[decision], who=who, user=user, request_id=request_id)


def do_decide_link(
    link: PersonRecordLink, status: str, *, who: audit.Who, user: Any, request_id: str = ""
) -> PersonRecordLink:
    with transaction.atomic():
        # Only a pending pair changes: two reviewers deciding at once cannot both win.
        changed = PersonRecordLink.objects.filter(pk=link.pk, status=LinkStatus.PENDING).update(
            status=status, decided_by=user, decided_at=timezone.now()
        )
        if not changed:
            raise ValidationError({"decision": "Someone has already decided this pair."})
        link.refresh_from_db()
        audit.record(
            who,
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=link.person.public_id,
            groups=[FieldGroup.LEGAL],
            purpose="record link review",
            request_id=request_id,
            detail={"link": link.public_id, "decision": status, "record": link.record.public_id},
        )
    return link
