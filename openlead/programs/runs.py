"""Background runs a program starts from the web app (record linkage, evaluation).

The shared part of `records.LinkageRun` and `evaluation_runs.EvaluationRun`: the fields
a status page reads, the progress writes the working process makes, and the detached
`python -m openlead ...` process that does the work, so no web worker waits on it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETE = "complete", "Complete"
    STOPPED = "stopped", "Stopped"


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class BackgroundRun(models.Model):
    """One run of a program's long work; its process reports progress into the row."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_role = models.CharField(max_length=32, blank=True)  # for the run's audit events
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    step = models.CharField(max_length=120, blank=True)
    fraction = models.FloatField(default=0.0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # heartbeat: a silent run is stale
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)

    def leftovers(self) -> list[Path]:
        """Working files of the run's process that must not outlive it (none by default).

        A killed process cannot clean up after itself, so the stale-run sweep deletes them.
        """
        return []


def do_start_run(run: BackgroundRun, *, who: Any, purpose: str, busy: str, **detail: Any) -> None:
    """Saves the new `run` and audits it, unless a run of its program is queued or running
    (ValidationError(busy)); two requests at once are settled by the partial unique index."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from openlead.access import audit
    from openlead.access.models import AuditAction, AuditOutcome

    same_program = type(run).objects.filter(program_id=run.program_id)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if same_program.filter(status__in=ACTIVE_RUN_STATUSES).exists():
                raise ValidationError(busy)
            run.save()
            audit.record(
                who,
                action=AuditAction.CREATE,
                outcome=AuditOutcome.ALLOWED,
                purpose=purpose,
                detail={"run": run.public_id, "program_id": run.program_id, **detail},
            )
    except IntegrityError:
        raise ValidationError(busy) from None


def stop_stale_runs(model: type[BackgroundRun], program: Any, after: dt.timedelta, why: str) -> int:
    """Marks stopped the program's runs silent for `after` (their process is gone) and
    deletes what those processes left on disk. Returns how many runs it stopped."""
    import shutil

    from django.db import transaction

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


def spawn_run_process(run: BackgroundRun, args: list[str], what: str) -> None:
    """`python -m openlead ARGS` detached from the web worker; a failed start stops the run."""
    import subprocess
    import sys
    import threading

    try:
        # stderr stays the server's, so a failed run's traceback lands in the service log.
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [sys.executable, "-m", "openlead", *args],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
    except OSError as exc:
        do_stop_run(run, f"The {what} process could not start ({exc.strerror}).")
        return
    # Reap the child when it ends, so finished runs leave no zombie process behind.
    threading.Thread(target=process.wait, daemon=True).start()
