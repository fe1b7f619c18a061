"""Reads of the reports app: a program's evaluation runs."""

from __future__ import annotations

from django.db.models import QuerySet

from openlead.access.acting import Actor
from openlead.reports.models import EvaluationRun

LIST_LIMIT = 50


def program_runs(actor: Actor) -> QuerySet[EvaluationRun]:
    return EvaluationRun.objects.filter(program_id=actor.program_id)


def recent_runs(actor: Actor) -> list[EvaluationRun]:
    """The program's latest runs, newest first."""
    runs = program_runs(actor).select_related("started_by").order_by("-started_at", "-pk")
    return list(runs[:LIST_LIMIT])


def run_for(actor: Actor, run_id: str) -> EvaluationRun | None:
    """The actor's program's run with this id (None for another program's or a missing one)."""
    return program_runs(actor).filter(public_id=run_id).first()
