"""Contacts and upcoming appointments; notes are ciphertexts under the person's data key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class ContactKind(models.TextChoices):
    STREET = "street", "Street outreach"
    OFFICE = "office", "Office"
    PHONE = "phone", "Phone or text"
    ACCOMPANIMENT = "accompaniment", "Went with them to an appointment"
    CUSTODY = "custody", "In-custody visit"


class LocationCategory(models.TextChoices):
    """Deliberately coarse: exact places are never recorded by default."""

    STREET = "street", "Street or public space"
    OFFICE = "office", "Program office"
    SHELTER = "shelter", "Shelter or housing site"
    SERVICE = "service", "Service provider or clinic"
    CUSTODY = "custody", "Jail or court"
    REMOTE = "remote", "Remote (phone or text)"
    OTHER = "other", "Other"


SERVICES = [
    ("check_in", "Check-in"),
    ("harm_reduction", "Harm-reduction supplies"),
    ("naloxone", "Naloxone"),
    ("food", "Food or water"),
    ("transport", "Transport"),
    ("housing", "Housing help"),
    ("benefits", "Benefits help"),
    ("id", "ID documents"),
    ("health", "Health or treatment link"),
    ("legal", "Legal coordination"),
    ("funds", "Flexible funds"),
]


class Contact(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=ContactKind.choices, default=ContactKind.STREET)
    duration_minutes = models.PositiveSmallIntegerField(default=10)
    location = models.CharField(
        max_length=12, choices=LocationCategory.choices, default=LocationCategory.STREET
    )
    services = models.JSONField(default=list)
    note = models.BinaryField(null=True)  # encrypted
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["person", "occurred_at"])
        ]  # queries.caseload_page, queries.supervisor_dashboard

    def __str__(self) -> str:
        return f"Contact {self.public_id}"


class AppointmentKind(models.TextChoices):
    PROVIDER = "provider", "Appointment with a provider"
    COURT = "court", "Court date"
    BENEFITS = "benefits", "Benefits or ID office"
    MEETING = "meeting", "Meeting with the case manager"
    OTHER = "other", "Other"


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HAPPENED = "happened", "Happened"
    CANCELLED = "cancelled", "Cancelled or moved"


class Appointment(models.Model):
    """An upcoming appointment the case manager may go to with the participant."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=AppointmentKind.choices)
    provider = models.ForeignKey(
        "Provider", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.BinaryField(null=True)  # encrypted
    status = models.CharField(
        max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["person", "status", "starts_at"])]  # queries.caseload_page

    def __str__(self) -> str:
        return f"Appointment {self.public_id}"
