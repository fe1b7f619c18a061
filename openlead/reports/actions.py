"""Writes of the reports app: start, count and launch an evaluation run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.background.actions import do_start_run, do_stop_stale_runs
from openlead.background.models import RunStatus
from openlead.background.process import launch_run
from openlead.programs.models import Program
from openlead.reports.models import EvaluationRun, PcgRetained
from openlead.reports.pcg_quarters import program_zone, quarters_of
from openlead.reports.pcg_queries import live_tables
from openlead.reports.pcg_retained import difference

BUSY = "An evaluation run for this program is already queued or running; wait for it to finish."
# A run that has not reported for this long was killed (its process is gone). Longer than
# linkage's: one design on a large program can fit models for over an hour.
STALE_RUN_AFTER = dt.timedelta(hours=6)
STALE_REASON = "No progress for six hours: the evaluation process was probably stopped."
PURPOSE = "start evaluation run"


def check_start_evaluation_run(
    program: Any,
    *,
    acting: Actor,
    designs: list[str],
    follow_up_end: dt.date | None = None,
) -> EvaluationRun:
    """Refuses a second run while one for the program is queued or running."""
    do_stop_stale_runs(EvaluationRun, program, STALE_RUN_AFTER, STALE_REASON)
    run = EvaluationRun(
        program=program,
        started_by=acting.user,
        started_role=acting.role,
        designs=",".join(designs),
        follow_up_end=follow_up_end,
    )
    run.output_dir = str(Path(settings.OPENLEAD_EVALUATION_DIR) / run.public_id)
    do_start_run(
        run,
        acting=acting,
        purpose=PURPOSE,
        busy=BUSY,
        designs=run.designs,
        follow_up_end=follow_up_end.isoformat() if follow_up_end else None,
    )
    return run


def do_refuse_evaluation_run(acting: Actor, reason: str, **detail: Any) -> None:
    """The audited refusal of a start (an invalid form, or a run already under way)."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.DENIED,
            purpose=PURPOSE,
            detail={"reason": reason, **detail},
        )


def do_count_evaluation_run(run: EvaluationRun, counts: dict[str, int]) -> None:
    """The extract's sizes (people in each group, events): counts only, never rows."""
    EvaluationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **counts)


def do_launch_evaluation_run(run: EvaluationRun) -> None:
    """Start the run's work: a detached `openlead evaluate-program --run` process, so no web
    worker waits on the model fits; inline (tests), the same work here with one job (no
    forked workers inside a web process)."""
    launch_run(
        run,
        args=["evaluate-program", "--run", run.public_id],
        what="evaluation",
        runner_setting="OPENLEAD_EVALUATION_RUNNER",
        worker="openlead.reports.evaluation_worker:execute_in_web_process",
    )


def check_export_run_output(
    run: EvaluationRun, name: str, *, acting: Actor, viewing: bool = False
) -> Path | None:
    """The run's aggregate output file `name`, audited as an export (a read when viewed in
    the browser); None (audited as not found) while the run is not complete or the file
    is gone."""
    path = run.out / name
    found = run.status == RunStatus.COMPLETE and path.is_file()
    with transaction.atomic():
        acting.audit(
            action=AuditAction.READ if viewing else AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED if found else AuditOutcome.NOT_FOUND,
            purpose=f"evaluation {name} {'view' if viewing else 'download'}",
            detail={"run": run.public_id, "file": name}
            if found
            else {"run": run.public_id, "status": run.status},
        )
    return path if found else None


@contextmanager
def keep_pcg_counts(program: Program) -> Iterator[None]:
    """Around a deletion (retention.signals.people_deleting): every quarter's tables before
    and after, and the difference kept as counts (models.PcgRetained)."""
    today = timezone.localdate(timezone=program_zone(program))
    quarters = quarters_of(program, today)
    before = {q: live_tables(program, q) for q in quarters}
    yield
    for quarter, tables in before.items():
        after = {t.key: t for t in live_tables(program, quarter)}
        for table in tables:
            cells = difference(table, after[table.key])
            if cells:
                PcgRetained.objects.create(
                    program=program, quarter=quarter.code, table=table.key, cells=cells
                )


def keep_pcg_counts_on_deletion(sender: Any, *, program: Program, **_: Any) -> Any:
    """The receiver of retention.signals.people_deleting (connected in apps.py)."""
    return keep_pcg_counts(program)
