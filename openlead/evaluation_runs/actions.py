"""Writes of the evaluation_runs app: start, report, finish, stop and launch a run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome
from openlead.evaluation_runs.models import ACTIVE_RUN_STATUSES, EvaluationRun, RunStatus

BUSY = "An evaluation run for this program is already queued or running; wait for it to finish."
# A run that has not reported for this long was killed (its process is gone). Longer than
# linkage's: one design on a large program can fit models for over an hour.
STALE_RUN_AFTER = dt.timedelta(hours=6)


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
    _stop_stale_runs(program)
    try:
        with transaction.atomic():
            if EvaluationRun.objects.filter(
                program=program, status__in=ACTIVE_RUN_STATUSES
            ).exists():
                raise ValidationError(BUSY)
            run = EvaluationRun(
                program=program,
                started_by=user,
                started_role=role,
                designs=",".join(designs),
                follow_up_end=follow_up_end,
            )
            run.output_dir = str(Path(settings.OPENLEAD_EVALUATION_DIR) / run.public_id)
            run.save()
            audit.record(
                who,
                action=AuditAction.CREATE,
                outcome=AuditOutcome.ALLOWED,
                purpose="start evaluation run",
                detail={
                    "run": run.public_id,
                    "program_id": program.pk,
                    "designs": run.designs,
                    "follow_up_end": follow_up_end.isoformat() if follow_up_end else None,
                },
            )
    except IntegrityError:  # two requests at once: the partial unique constraint decides
        raise ValidationError(BUSY) from None
    return run


def _stop_stale_runs(program: Any) -> None:
    silent_since = timezone.now() - STALE_RUN_AFTER
    EvaluationRun.objects.filter(
        program=program, status__in=ACTIVE_RUN_STATUSES, updated_at__lt=silent_since
    ).update(
        status=RunStatus.STOPPED,
        reason="No progress for six hours: the evaluation process was probably stopped.",
        finished_at=timezone.now(),
    )


def do_report_evaluation_run(run: EvaluationRun, step: str, fraction: float) -> None:
    """Progress from the running process; autocommitted so the status page sees it at once."""
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        step=step[:120],
        fraction=max(0.0, min(1.0, fraction)),
        updated_at=timezone.now(),
    )


def do_count_evaluation_run(run: EvaluationRun, counts: dict[str, int]) -> None:
    """The extract's sizes (people in each group, events): counts only, never rows."""
    EvaluationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **counts)


def do_finish_evaluation_run(run: EvaluationRun, summary: list[str]) -> None:
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.COMPLETE,
        step="done",
        fraction=1.0,
        summary=summary,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def do_stop_evaluation_run(run: EvaluationRun, reason: str) -> None:
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.STOPPED,
        reason=reason[:500],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def do_launch_evaluation_run(run: EvaluationRun) -> None:
    """Start the run's work: a detached `openlead evaluate-program --run` process, so no web
    worker waits on the model fits; or, with OPENLEAD_EVALUATION_RUNNER = "inline" (tests,
    where an in-memory database cannot be shared with another process), the same work here
    with one job (no forked workers inside a web process)."""
    if getattr(settings, "OPENLEAD_EVALUATION_RUNNER", "subprocess") == "inline":
        from openlead.evaluation_runs.running import execute_evaluation_run

        execute_evaluation_run(run.public_id, jobs=1)
        return
    transaction.on_commit(lambda: _spawn_evaluation_process(run))


def _spawn_evaluation_process(run: EvaluationRun) -> None:
    import subprocess
    import sys
    import threading

    args = [sys.executable, "-m", "openlead", "evaluate-program", "--run", run.public_id]
    try:
        # stderr stays the server's, so a failed run's traceback lands in the service log.
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            args, start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
    except OSError as exc:
        do_stop_evaluation_run(run, f"The evaluation process could not start ({exc.strerror}).")
        return
    # Reap the child when it ends, so finished runs leave no zombie process behind.
    threading.Thread(target=process.wait, daemon=True).start()
