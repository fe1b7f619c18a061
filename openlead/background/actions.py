"""Writes of a background run: start (audited), progress, finish, stop, and the stale sweep."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.background.models import ACTIVE_RUN_STATUSES, BackgroundRun, RunStatus


def run_actor(run: BackgroundRun) -> Actor:
    """Who a run's process acts as in the audit log: whoever started it, in that role."""
    user = run.started_by
    return Actor(
        user,
        run.started_role,
        run.program_id,
        username=user.get_username() if user else "",
    )


def do_start_run(
    run: BackgroundRun, *, acting: Actor, purpose: str, busy: str, **detail: Any
) -> None:
    """Saves the new `run` and audits it, unless a run of its program is queued or running
    (ValidationError(busy)); two requests at once are settled by the partial unique index."""
    same_program = type(run).objects.filter(program_id=run.program_id)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if same_program.filter(status__in=ACTIVE_RUN_STATUSES).exists():
                raise ValidationError(busy)
            run.save()
            acting.audit(
                action=AuditAction.CREATE,
                outcome=AuditOutcome.ALLOWED,
                purpose=purpose,
                detail={"run": run.public_id, "program_id": run.program_id, **detail},
            )
    except IntegrityError:
        raise ValidationError(busy) from None


def do_stop_stale_runs(
    model: type[BackgroundRun], program: Any, after: dt.timedelta, why: str
) -> int:
    """Marks stopped the program's runs silent for `after` (their process is gone) and
    deletes what those processes left on disk. Returns how many runs it stopped."""
    with transaction.atomic():
        stale = list(
            model.objects.select_for_update().filter(  # type: ignore[attr-defined]
                program=program,
                status__in=ACTIVE_RUN_STATUSES,
                updated_at__lt=timezone.now() - after,
            )
        )
        model.objects.filter(pk__in=[r.pk for r in stale]).update(  # type: ignore[attr-defined]
            status=RunStatus.STOPPED, reason=why, finished_at=timezone.now()
        )
    for run in stale:
        for path in run.leftovers():
            # A SIGKILLed evaluation leaves its row-level extract: it must not stay.
            shutil.rmtree(path, ignore_errors=True)
    return len(stale)


def do_report_run(run: BackgroundRun, step: str, fraction: float) -> None:
    """Progress from the running process; autocommitted so the status page sees it at once."""
    type(run).objects.filter(pk=run.pk).update(  # type: ignore[attr-defined]
        status=RunStatus.RUNNING,
        step=step[:120],
        fraction=max(0.0, min(1.0, fraction)),
        updated_at=timezone.now(),
    )


def do_finish_run(run: BackgroundRun, **results: Any) -> None:
    """Complete, with the run's own result fields (counts, summary)."""
    now = timezone.now()
    type(run).objects.filter(pk=run.pk).update(  # type: ignore[attr-defined]
        status=RunStatus.COMPLETE,
        step="done",
        fraction=1.0,
        finished_at=now,
        updated_at=now,
        **results,
    )


def do_stop_run(run: BackgroundRun, reason: str) -> None:
    """Stopped, with a reason for the status page (never data values)."""
    # Each run model declares `reason` with its own length (the base cannot name it).
    field = type(run)._meta.get_field("reason")  # type: ignore[misc]
    limit = field.max_length or len(reason)
    now = timezone.now()
    type(run).objects.filter(pk=run.pk).update(  # type: ignore[attr-defined]
        status=RunStatus.STOPPED, reason=reason[:limit], finished_at=now, updated_at=now
    )
