"""The prosecutor's decisions, one row each, on a referral (review, lapse) or on a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.immutable import ImmutableModelMixin
from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class DecisionKind(models.TextChoices):
    FILE = "file", "File charges"
    DECLINE = "decline", "Decline to file"
    ABEYANCE = "abeyance", "Hold in abeyance while the person is in LEAD"
    EXTEND = "extend", "Extend the intake window"
    AUTOMATIC_FILING = "auto_file", "Filed automatically when the window lapsed"


class VictimConsent(models.TextChoices):
    """Where a protocol asks for the victim's or complainant's consent, its answer is a fact."""

    NOT_ASKED = "", "Not asked (the protocol does not ask for it)"
    GIVEN = "given", "The victim or complainant consents"
    REFUSED = "refused", "The victim or complainant does not consent"
    NO_VICTIM = "no_victim", "There is no identified victim or complainant"


class LegalDecision(ImmutableModelMixin, models.Model):
    """Append-only: a later decision is a new row, so the history of a case stays whole.

    The reason is sealed under the person's data key (it is about their case)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="legal_decisions"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_decisions",
    )
    case = models.ForeignKey(
        "legal.LegalCase",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    sealed_reason = models.BinaryField(null=True)
    extended_to = models.DateField(null=True, blank=True)
    victim_consent = models.CharField(
        max_length=10, choices=VictimConsent.choices, blank=True, default=""
    )
    # Null for the automatic filing job (its audit event names the system actor).
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["program", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(referral__isnull=False) | models.Q(case__isnull=False),
                name="decision_is_about_something",
            )
        ]

    def __str__(self) -> str:
        return f"decision {self.public_id} ({self.kind})"
