"""A participant's pending cases (LegalCase), their charges and their court dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    FILED = "filed", "Filed"
    ABEYANCE = "abeyance", "Held in abeyance while in LEAD"
    DECLINED = "declined", "Declined"
    DISMISSED = "dismissed", "Dismissed"
    RESOLVED = "resolved", "Resolved"


# A case "names the person" for the prosecutor's scope while it is one of these
# (openlead.access.justice_scope reads these values; tests/legal/test_models.py pins them).
OPEN_CASE_STATUSES = (CaseStatus.PENDING, CaseStatus.FILED, CaseStatus.ABEYANCE)


class CaseSource(models.TextChoices):
    ENTERED = "entered", "Entered by hand"
    IMPORT = "import", "From a justice-record import (an accepted link)"


class LegalCase(models.Model):
    """One court case against one participant, in one jurisdiction.

    Court case numbers are public court records; what is sensitive is that this person is
    in LEAD, so every read goes through the access layer under the `legal` field group."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="legal_cases"
    )
    jurisdiction = models.CharField(max_length=120)
    case_number = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.PENDING)
    # The offices and people on each side; the scope of prosecutors and defenders follows
    # these (openlead.access.justice_scope).
    prosecutor_office = models.ForeignKey(
        "programs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prosecutor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    defender_office = models.ForeignKey(
        "programs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    defender = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="defended_cases"
    )
    source = models.CharField(max_length=8, choices=CaseSource.choices, default=CaseSource.ENTERED)
    # The justice record (an accepted link) this case came from, when it came from one.
    justice_record = models.ForeignKey(
        "records.JusticeRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_on = models.DateField()
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "jurisdiction", "case_number"], name="one_case_per_number"
            )
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "prosecutor_office", "status"]),
            models.Index(fields=["program", "defender"]),
        ]

    def __str__(self) -> str:
        return f"Case {self.public_id}"  # never a name or a number: str() reaches logs


class ChargeLevel(models.TextChoices):
    FELONY = "felony", "Felony"
    GROSS_MISDEMEANOR = "gross_misdemeanor", "Gross misdemeanor"
    MISDEMEANOR = "misdemeanor", "Misdemeanor"
    OTHER = "other", "Other or not given"


class Charge(models.Model):
    """One count: a statute code (RCW-style, say "69.50.4013") and its human label."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="charges")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=ChargeLevel.choices, default=ChargeLevel.OTHER)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"charge {self.code}"


class CourtDateKind(models.TextChoices):
    ARRAIGNMENT = "arraignment", "Arraignment"
    PRETRIAL = "pretrial", "Pretrial hearing"
    HEARING = "hearing", "Hearing"
    TRIAL = "trial", "Trial"
    SENTENCING = "sentencing", "Sentencing"
    REVIEW = "review", "Review hearing"
    OTHER = "other", "Other"


class CourtDate(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="court_dates")
    at = models.DateTimeField()
    kind = models.CharField(
        max_length=12, choices=CourtDateKind.choices, default=CourtDateKind.HEARING
    )
    location = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"court date {self.at:%Y-%m-%d}"
