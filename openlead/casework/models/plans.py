"""The individual intervention plan: goals in the participant's own words, and their events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id
from openlead.casework.codes import Domain

USER = settings.AUTH_USER_MODEL


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "achieved", "Achieved"
    SET_ASIDE = "set_aside", "Set aside"


class Goal(models.Model):
    """One goal of the individual intervention plan, in the participant's own words (encrypted)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    words = models.BinaryField()
    steps = models.BinaryField()
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"


class GoalEvent(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=GoalStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"GoalEvent {self.pk}"
