"""The shared part of `records.LinkageRun` and `reports.EvaluationRun`: the fields a status
page reads and the working process reports into."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

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
