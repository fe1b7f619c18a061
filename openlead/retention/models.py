"""Deletion requests, the per-program retention schedule and legal holds.

A request keeps the person's public id (`person_ref`) after the person is gone, so the
audit and the request history still say which record was deleted, never whose. The
request's reason is encrypted under the person's data key (like every free text about a
participant), so carrying the request out shreds its reason too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id


class DeletionSource(models.TextChoices):
    PARTICIPANT = "participant", "The participant asked"
    STAFF = "staff", "Staff asked"


class DeletionStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    APPROVED = "approved", "Approved"
    CARRIED_OUT = "carried_out", "Carried out"
    DECLINED = "declined", "Declined"


def _user_fk() -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class DeletionRequest(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="deletion_requests"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
    )
    person_ref = models.CharField(max_length=24)  # kept after the person is deleted
    source = models.CharField(max_length=12, choices=DeletionSource.choices)
    requested_by = _user_fk()
    reason = models.BinaryField(null=True)  # sealed under the person's data key
    status = models.CharField(
        max_length=12, choices=DeletionStatus.choices, default=DeletionStatus.REQUESTED
    )
    first_approved_by = _user_fk()
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = _user_fk()
    second_approved_at = models.DateTimeField(null=True, blank=True)
    declined_by = _user_fk()
    declined_at = models.DateTimeField(null=True, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)
    # Why an approved request has not been carried out yet (a legal hold), shown on the list.
    waiting_for = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # retention.queries.requests_for lists one program's requests by status.
            models.Index(fields=["program", "status"]),
        ]

    def __str__(self) -> str:
        return f"Deletion request {self.public_id}"  # never a name or the reason
