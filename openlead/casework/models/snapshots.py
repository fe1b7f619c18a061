"""The monthly status snapshot that feeds the evaluation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.casework.codes import LIVING_SITUATIONS, EmploymentStage, YesNo

USER = settings.AUTH_USER_MODEL

# The facts a snapshot records: the form, the pre-fill and the action all use this list.
SNAPSHOT_FACTS = (
    "living_situation",
    "employment_stage",
    "income_any",
    "income_sources",
    "insurance_any",
    "insurance_sources",
)


class StatusSnapshot(models.Model):
    """The monthly housing, employment, income and insurance status that feeds the evaluation."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="status_snapshots"
    )
    month = models.DateField(help_text="First day of the month described")
    living_situation = models.PositiveSmallIntegerField(choices=LIVING_SITUATIONS)
    employment_stage = models.CharField(max_length=16, choices=EmploymentStage.choices)
    income_any = models.PositiveSmallIntegerField(choices=YesNo.choices)
    income_sources = models.JSONField(default=list)
    insurance_any = models.PositiveSmallIntegerField(choices=YesNo.choices)
    insurance_sources = models.JSONField(default=list)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="one_snapshot_per_month")
        ]

    def __str__(self) -> str:
        return f"StatusSnapshot {self.pk}"
