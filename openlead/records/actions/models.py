"""Writes of the stored linkage models (issue 17, "models that last")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.records.models import LinkageModel


@dataclass(frozen=True)
class TrainedModel:
    """What one training run leaves: Splink's settings and what the run saw."""

    source: str
    settings: dict[str, Any]
    people: int
    records: int
    pairs_scored: int
    match_rate: float
    weight_histogram: list[tuple[float, int]]


def do_store_linkage_model(program: Any, trained: TrainedModel, *, acting: Actor) -> LinkageModel:
    """Keep (or replace, on retraining) the program's model for one source."""
    with transaction.atomic():
        stored, created = LinkageModel.objects.update_or_create(
            program=program,
            source=trained.source,
            defaults={
                "settings": trained.settings,
                "trained_at": timezone.now(),
                "people": trained.people,
                "records": trained.records,
                "pairs_scored": trained.pairs_scored,
                "match_rate": trained.match_rate,
                "weight_histogram": [[b, n] for b, n in trained.weight_histogram],
            },
        )
        acting.audit(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="linkage model training",
            detail={
                "program_id": program.pk,
                "source": trained.source,
                "people": trained.people,
                "records": trained.records,
                "pairs_scored": trained.pairs_scored,
            },
        )
    return stored
