"""Whether a program's accountability page is public, and the population it is read against.

Aggregates only: nothing here names or counts a person. The rows are written by
openlead.accountability.actions (audited, with a fresh second factor).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Publication(models.Model):
    """One row a program: is /p/<slug>/accountability/ open to anyone? Off until an admin
    turns it on (no row means unpublished)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="accountability"
    )
    public = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"accountability page of program {self.program_id} ({self.public})"


class PopulationTable(models.Model):
    """The residents of the program's area by race and ethnicity (census counts), as the
    program uploaded them (docs/accountability.md). The newest upload is the one used;
    older ones stay so a published rate can be traced to the table behind it."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=200)  # e.g. "King County, WA"
    source = models.CharField(max_length=300)  # e.g. "Census 2020 DHC, table P9"
    year = models.PositiveSmallIntegerField()
    counts = models.JSONField(default=dict)  # group code (RACE_GROUPS) -> residents
    file_name = models.CharField(max_length=300)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        # queries.current_population reads the program's newest table.
        indexes = [models.Index(fields=["program", "-uploaded_at"])]

    def __str__(self) -> str:
        return f"population table {self.pk} of program {self.program_id}"
