"""Writes of the duplicate candidates among a program's people: found, and decided."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.records.models import DuplicatePair, DuplicateStatus

DECISIONS = {"same": DuplicateStatus.SAME, "different": DuplicateStatus.DIFFERENT}
PURPOSE = "duplicate review"


@dataclass(frozen=True)
class DuplicateProposal:
    left_id: int  # the lower primary key
    right_id: int
    probability: float
    band: str
    weights: dict[str, Any]


@dataclass(frozen=True)
class DuplicateCounts:
    found: int  # pairs at or above the review threshold
    new: int  # of them, never proposed before


def do_store_duplicate_pairs(
    program: Any, proposals: list[DuplicateProposal], *, acting: Actor
) -> DuplicateCounts:
    """Store pairs never proposed before; a decided pair (either way) stays as it is."""
    with transaction.atomic():
        known = set(
            DuplicatePair.objects.filter(program=program).values_list("left_id", "right_id")
        )
        fresh = [p for p in proposals if (p.left_id, p.right_id) not in known]
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(
                    program=program,
                    left_id=p.left_id,
                    right_id=p.right_id,
                    probability=p.probability,
                    band=p.band,
                    weights=p.weights,
                )
                for p in fresh
            ],
            ignore_conflicts=True,
        )
        acting.audit(
            action=AuditAction.CREATE if fresh else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY],
            purpose="duplicate candidates",
            detail={"program_id": program.pk, "found": len(proposals), "new": len(fresh)},
        )
    return DuplicateCounts(len(proposals), len(fresh))


def check_decide_duplicate(pair: DuplicatePair, decision: str, *, acting: Actor) -> DuplicatePair:
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose same person or not the same person."})
    if pair.status != DuplicateStatus.PENDING:
        raise ValidationError({"decision": "Someone has already decided this pair."})
    return do_decide_duplicate(pair, DECISIONS[decision], acting=acting)


def do_decide_duplicate(pair: DuplicatePair, status: str, *, acting: Actor) -> DuplicatePair:
    """Record the decision; "same person" then goes on to the merge (people.merge)."""
    with transaction.atomic():
        changed = DuplicatePair.objects.filter(pk=pair.pk, status=DuplicateStatus.PENDING).update(
            status=status, decided_by=acting.user, decided_at=timezone.now()
        )
        if not changed:
            raise ValidationError({"decision": "Someone has already decided this pair."})
        pair.refresh_from_db()
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=pair.left.public_id,
            groups=[FieldGroup.IDENTITY],
            purpose=PURPOSE,
            detail=pair_detail(pair, decision=status),
        )
    return pair


def do_refuse_duplicate_decision(pair: DuplicatePair, reasons: list[str], *, acting: Actor) -> None:
    with transaction.atomic():
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            person_ref=pair.left.public_id,
            purpose=PURPOSE,
            detail=pair_detail(pair, reason="; ".join(reasons)[:200]),
        )


def pair_detail(pair: DuplicatePair, **extra: Any) -> dict[str, Any]:
    """Ids only, never identity values."""
    return {
        "pair": pair.public_id,
        "person": pair.left.public_id,
        "other_person": pair.right.public_id,
        **extra,
    }
