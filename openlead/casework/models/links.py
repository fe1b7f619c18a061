"""The provider directory and consent-gated service links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class ProviderKind(models.TextChoices):
    HOUSING = "housing", "Housing"
    MOUD = "moud", "Medication for opioid use disorder (MOUD)"
    DETOX = "detox", "Detox"
    MENTAL_HEALTH = "mental_health", "Mental health"
    BENEFITS = "benefits", "Benefits office"
    ID = "id", "ID documents"
    JOB_TRAINING = "job_training", "Job training"
    LEGAL_AID = "legal_aid", "Legal aid"


class Provider(models.Model):
    """The program's directory of outside providers; consent is checked against `organization`."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="providers"
    )
    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ProviderKind.choices)
    phone = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class LinkState(models.TextChoices):
    BLOCKED = "blocked", "Waiting for consent"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    CONNECTED = "connected", "Connected"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


class ServiceLink(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="service_links"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="links")
    state = models.CharField(max_length=12, choices=LinkState.choices)
    # SET_NULL, not PROTECT: crypto-shredding a person deletes their consents; the link's history stays.
    consent = models.ForeignKey(
        "people.ConsentRelease", null=True, blank=True, on_delete=models.SET_NULL
    )
    override_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.BinaryField(null=True)  # encrypted
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"ServiceLink {self.public_id}"


class ServiceLinkEvent(models.Model):
    link = models.ForeignKey(ServiceLink, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=12, choices=LinkState.choices)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"ServiceLinkEvent {self.pk}"
