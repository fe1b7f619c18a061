"""Enrollments and their status changes (rows, never overwrites of history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id
from openlead.casework.codes import DESTINATIONS
from openlead.casework.models.settings import InactiveReason

USER = settings.AUTH_USER_MODEL


class EnrollmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    EXITED = "exited", "Exited"


class Enrollment(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="enrollments"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        max_length=12, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE
    )
    case_manager = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    started_on = models.DateField()
    inactive_reason = models.ForeignKey(
        InactiveReason, null=True, blank=True, on_delete=models.PROTECT
    )
    inactive_since = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    exit_destination = models.PositiveSmallIntegerField(choices=DESTINATIONS, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["program", "status", "case_manager"])
        ]  # queries.supervisor_dashboard counts

    def __str__(self) -> str:
        return f"Enrollment {self.public_id}"


class EnrollmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    REASSIGNED = "reassigned", "Case manager changed"
    INACTIVE = "inactive", "Marked inactive"
    REACTIVATED = "reactivated", "Active again"
    EXITED = "exited", "Exited"


class EnrollmentEvent(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EnrollmentEventKind.choices)
    on = models.DateField()
    from_manager = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    to_manager = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(
        max_length=200, blank=True
    )  # reason label or destination label, never free text
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"EnrollmentEvent {self.pk}"
