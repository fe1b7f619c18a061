"""Writes of the evaluation_runs app: start, report, finish, stop and launch a run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openlead.access import audit
from openlead.evaluation_runs.models import EvaluationRun
from openlead.programs.runs import do_start_run, spawn_run_process, stop_stale_runs

BUSY = "An evaluation run for this program is already queued or running; wait for it to finish."
# A run that has not reported for this long was killed (its process is gone). Longer than
# linkage's: one design on a large program can fit models for over an hour.
STALE_RUN_AFTER = dt.timedelta(hours=6)
STALE_REASON = "No progress for six hours: the evaluation process was probably stopped."


def check_start_evaluation_run(
    program: Any,
    *,
    who: audit.Who,
    user: Any,
    role: str,
    designs: list[str],
    follow_up_end: dt.date | None = None,
) -> EvaluationRun:
    """Refuses a second run while one for the program is queued or running."""
    stop_stale_runs(EvaluationRun, program, STALE_RUN_AFTER, STALE_REASON)
    run = EvaluationRun(
        program=program,
        started_by=user,
        started_role=role,
        designs=",".join(designs),
        follow_up_end=follow_up_end,
    )
    run.output_dir = str(Path(settings.OPENLEAD_EVALUATION_DIR) / run.public_id)
    do_start_run(
        run,
        who=who,
        purpose="start evaluation run",
        busy=BUSY,
        designs=run.designs,
        follow_up_end=follow_up_end.isoformat() if follow_up_end else None,
    )
    return run


def do_count_evaluation_run(run: EvaluationRun, counts: dict[str, int]) -> None:
    """The extract's sizes (people in each group, events): counts only, never rows."""
    EvaluationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **counts)


def do_launch_evaluation_run(run: EvaluationRun) -> None:
    """Start the run's work: a detached `openlead evaluate-program --run` process, so no web
    worker waits on the model fits; or, with OPENLEAD_EVALUATION_RUNNER = "inline" (tests,
    where an in-memory database cannot be shared with another process), the same work here
    with one job (no forked workers inside a web process)."""
    if getattr(settings, "OPENLEAD_EVALUATION_RUNNER", "subprocess") == "inline":
        from openlead.evaluation_runs.running import execute_evaluation_run

        execute_evaluation_run(run.public_id, jobs=1)
        return
    args = ["evaluate-program", "--run", run.public_id]
    transaction.on_commit(lambda: spawn_run_process(run, args, "evaluation"))
