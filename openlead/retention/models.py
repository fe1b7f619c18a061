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
    # The approvers' roles: one of the two must be a program admin (retention.actions.approvals).
    first_approved_role = models.CharField(max_length=32, blank=True, default="")
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = _user_fk()
    second_approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_role = models.CharField(max_length=32, blank=True, default="")
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


class LegalHold(models.Model):
    """A hold on one person's record, or on the whole program (`person` empty): while it is
    in force neither the retention job nor a deletion request deletes what it covers.

    The reason and reference name a legal matter (a litigation hold notice, a records
    request), in clear because a program-wide hold has no person key; the form asks for no
    participant details. Lifting takes two different people (lift_requested_by, lifted_by)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    # PROTECT: a held person cannot be deleted even by a path that forgets to ask.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_ref = models.CharField(max_length=24, blank=True, default="")
    reason = models.CharField(max_length=300)
    reference = models.CharField(max_length=100)
    placed_by = _user_fk()
    placed_at = models.DateTimeField(default=timezone.now)
    lift_requested_by = _user_fk()
    lift_requested_at = models.DateTimeField(null=True, blank=True)
    lifted_by = _user_fk()
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # retention.holds.holds_on asks for a program's holds in force on every deletion.
            models.Index(fields=["program", "lifted_at"]),
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.public_id}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class RetentionSchedule(models.Model):
    """How long a program keeps each kind of record once it is no longer needed (defaults
    and the reasons for them in docs/retention.md)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="retention_schedule"
    )
    exited_years = models.PositiveSmallIntegerField(default=7)
    never_enrolled_months = models.PositiveSmallIntegerField(default=24)
    rejected_rows_days = models.PositiveSmallIntegerField(default=90)
    updated_by = _user_fk()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Retention schedule of program {self.program_id}"


class DeletionCause(models.TextChoices):
    REQUEST = "request", "Deletion request"
    RETENTION = "retention", "Retention schedule"


class DeletedTally(models.Model):
    """How many deleted participants each (quarter of first referral, door, cause) had:
    the evaluation's attrition, kept as counts (no ids, no dates finer than the quarter).
    The evaluation extract lists it (reports.extract, deleted.csv)."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    index_quarter = models.CharField(max_length=7, blank=True)  # "2026-Q2"; "" without a referral
    door = models.CharField(max_length=16, blank=True)
    cause = models.CharField(max_length=12, choices=DeletionCause.choices)
    people = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "index_quarter", "door", "cause"], name="one_tally_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"deleted {self.people} ({self.index_quarter} {self.door} {self.cause})"
