"""An evaluation run: its progress, and where its aggregate outputs are on disk."""

from __future__ import annotations

from pathlib import Path

from django.db import models

from openlead.access.immutable import ImmutableModelMixin
from openlead.background.models import BackgroundRun

EXTRACT_DIR = "extract"  # the run's de-identified extract, inside its output directory


class EvaluationRun(BackgroundRun):
    """One evaluation started from the web app; `evaluate-program --run` reports into it.

    Holds counts and plain-language sentences only: never a row of the extract.
    """

    reason = models.CharField(max_length=500, blank=True)  # why it stopped; never data values
    designs = models.CharField(max_length=200, blank=True)  # registry names, comma-separated
    follow_up_end = models.DateField(null=True, blank=True)
    participants = models.PositiveIntegerField(default=0)
    comparison_people = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=list, blank=True)  # the designs' summary sentences
    output_dir = models.CharField(max_length=500)  # report.html, results.json, tables/

    class Meta:
        constraints = [
            # Two people pressing "Run the evaluation now" at once: the database lets one win.
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_evaluation_run_per_program",
            )
        ]
        # queries.recent_runs lists the program's runs, newest first.
        indexes = [models.Index(fields=["program", "-started_at"])]

    def __str__(self) -> str:
        return f"evaluation run {self.public_id} ({self.status})"

    @property
    def out(self) -> Path:
        return Path(self.output_dir)

    @property
    def extract_dir(self) -> Path:
        """Row-level data: evaluation_worker.py deletes it when the run ends, whatever happens."""
        return self.out / EXTRACT_DIR

    def leftovers(self) -> list[Path]:
        # For the run whose process was killed before it could delete its extract.
        return [self.extract_dir] if self.output_dir else []


class PcgRetained(ImmutableModelMixin):
    """What deleted people added to one table of one quarter of the policy group's report,
    kept as counts (never rows, never ids) so past quarters read the same after a deletion.

    `cells` is a list of [row label, column label, count]; a count may be negative (a
    deletion can move a case manager down a caseload band). Written by
    reports.actions.keep_pcg_counts, added back by pcg_retained.with_retained."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    quarter = models.CharField(max_length=7)  # Quarter.code, "2026-Q3"
    table = models.CharField(max_length=40)  # Table.key
    cells = models.JSONField(default=list)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # pcg_retained.with_retained reads one program's quarter on every report.
            models.Index(fields=["program", "quarter"]),
        ]

    def __str__(self) -> str:
        return f"retained counts {self.quarter} {self.table}"
