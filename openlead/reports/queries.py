"""Reads of the reports app: a program's evaluation runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Min, QuerySet
from django.http import HttpRequest

from openlead.access.acting import Actor
from openlead.access.getters import get_for
from openlead.people.models import Person
from openlead.records.identity import LINKED_STATUSES
from openlead.referrals.models import Referral
from openlead.reports.models import EvaluationRun

LIST_LIMIT = 50


def program_runs(actor: Actor) -> QuerySet[EvaluationRun]:
    return EvaluationRun.objects.filter(program_id=actor.program_id)


def recent_runs(actor: Actor) -> list[EvaluationRun]:
    """The program's latest runs, newest first."""
    runs = program_runs(actor).select_related("started_by").order_by("-started_at", "-pk")
    return list(runs[:LIST_LIMIT])


def audited_run(request: HttpRequest, run_id: str, purpose: str) -> EvaluationRun:
    """One run through the audited getter: the run page and the API read it alike."""
    run: EvaluationRun = get_for(
        request,
        program_runs,
        run_id,
        purpose=purpose,
        message="No such evaluation run.",
        detail=lambda r: {"run": r.public_id, "status": r.status},
    )
    return run


def run_for(actor: Actor, run_id: str) -> EvaluationRun | None:
    """The actor's program's run with this id (None for another program's or a missing one)."""
    return program_runs(actor).filter(public_id=run_id).first()


def data_starts(actor: Actor) -> dt.date | None:
    """The day the program's evaluation data starts: its first participant's first referral
    (a date, no row about anyone), in the program's time zone; None with no participant."""
    program = actor.membership.program
    people = Person.objects.filter(program=program, status__in=LINKED_STATUSES)
    starts = [
        people.aggregate(first=Min("referred_at"))["first"],
        Referral.objects.filter(person__in=people).aggregate(first=Min("referred_at"))["first"],
    ]
    known: list[dt.datetime] = [s for s in starts if s is not None]
    if not known:
        return None
    first: dt.date = min(known).astimezone(ZoneInfo(program.time_zone)).date()
    return first
