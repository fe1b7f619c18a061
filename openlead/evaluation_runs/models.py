"""An evaluation run: its progress, and where its aggregate outputs are on disk."""

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


class EvaluationRun(models.Model):
    """One evaluation started from the web app; `evaluate-program --run` reports into it.

    Holds counts and plain-language sentences only: never a row of the extract.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_role = models.CharField(max_length=32, blank=True)  # for the run's audit events
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    step = models.CharField(max_length=120, blank=True)
    fraction = models.FloatField(default=0.0)
    reason = models.CharField(max_length=500, blank=True)  # why it stopped; never data values
    designs = models.CharField(max_length=200, blank=True)  # registry names, comma-separated
    follow_up_end = models.DateField(null=True, blank=True)
    participants = models.PositiveIntegerField(default=0)
    comparison_people = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=list, blank=True)  # the designs' summary sentences
    output_dir = models.CharField(max_length=500)  # report.html, results.json, tables/
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # heartbeat: a silent run is stale
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two people pressing "Run the evaluation now" at once: the database lets one win.
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_evaluation_run_per_program",
            )
        ]
        # views.evaluation_runs lists the program's runs, newest first.
        indexes = [models.Index(fields=["program", "-started_at"])]

    def __str__(self) -> str:
        return f"evaluation run {self.public_id} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)

    @property
    def out(self) -> Path:
        return Path(self.output_dir)
