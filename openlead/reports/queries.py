"""Reads of the reports app: a program's evaluation runs."""

from __future__ import annotations

from openlead.access.acting import Actor
from openlead.reports.models import EvaluationRun

LIST_LIMIT = 50


def recent_runs(actor: Actor) -> list[EvaluationRun]:
    """The program's latest runs, newest first."""
    return list(
        EvaluationRun.objects.filter(program_id=actor.program_id)
        .select_related("started_by")
        .order_by("-started_at", "-pk")[:LIST_LIMIT]
    )


def run_for(actor: Actor, run_id: str) -> EvaluationRun | None:
    """The actor's program's run with this id (None for another program's or a missing one)."""
    return EvaluationRun.objects.filter(public_id=run_id, program_id=actor.program_id).first()
