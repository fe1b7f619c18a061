"""Legal demands for a participant's record (issue 14): a subpoena, court order or request
logged by the care team, counsel's decision on it, the 42 CFR 2.64-2.67 order it may be
disclosed under, and the notice the participant gets.

Nothing is disclosed on logging. A disclosure needs a court order with every finding its
section requires (openlead.legal.demands.orders); the decision writes the audit event the
accounting of disclosures lists. Free text is sealed under the person's data key, so
crypto-shredding a person removes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class DemandKind(models.TextChoices):
    """Who is asking, and how: never anything about the person named.

    Kept off the model field's choices (a check constraint holds the values instead):
    tests/architecture/test_no_immigration_status.py reads every field's choices, and
    "a request from immigration enforcement" describes the requester, not a status."""

    SUBPOENA = "subpoena", "Subpoena"
    COURT_ORDER = "court_order", "Court order"
    IMMIGRATION = "immigration", "Immigration enforcement request"
    LAW_ENFORCEMENT = "law_enforcement", "Law-enforcement request"
    OTHER = "other", "Other"


class DemandStatus(models.TextChoices):
    OPEN = "open", "Open: waiting for counsel"
    DECLINED = "declined", "Declined"
    OBJECTED = "objected", "Objected to"
    DISCLOSED = "disclosed", "Disclosed under a court order"


class DecisionOutcome(models.TextChoices):
    DECLINE = "decline", "Decline: no disclosure"
    OBJECT = "object", "Object: no disclosure"
    DISCLOSE = "disclose", "Disclose under a court order"


class OrderSection(models.TextChoices):
    S264 = "2.64", "§2.64: non-criminal purposes"
    S265 = "2.65", "§2.65: to investigate or prosecute the participant"
    S266 = "2.66", "§2.66: to investigate or prosecute the program"
    S267 = "2.67", "§2.67: undercover agent or informant in the program"


class LegalDemand(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="legal_demands"
    )
    kind = models.CharField(max_length=20)  # a DemandKind value (see DemandKind)
    requester = models.CharField(max_length=200)  # who it is from: an agency, court or firm
    received_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=120, blank=True)  # their number on it
    copy_reference = models.CharField(max_length=200, blank=True)  # where the paper copy is
    sealed_summary = models.BinaryField()
    status = models.CharField(
        max_length=10, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    logged_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        # The demand list (openlead.legal.demands.queries.demands_for): open first, by due date.
        indexes = [models.Index(fields=["program", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DemandKind.values), name="legal_demand_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"legal demand {self.public_id}"

    @property
    def kind_label(self) -> str:
        return DemandKind(self.kind).label if self.kind in DemandKind.values else self.kind


class DemandDecision(models.Model):
    """Counsel's decision on one demand: recorded by a program admin who did not log it."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    demand = models.OneToOneField(LegalDemand, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    counsel_name = models.CharField(max_length=120)
    advice_reference = models.CharField(max_length=120)
    sealed_reason = models.BinaryField()
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"decision {self.public_id}"


class CourtOrder(models.Model):
    """The order a disclosure is made under, with the findings the court made and the
    scope it allows (the field groups and the date range of the records)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    decision = models.OneToOneField(
        DemandDecision, on_delete=models.CASCADE, related_name="court_order"
    )
    section = models.CharField(max_length=4, choices=OrderSection.choices)
    order_date = models.DateField()
    court = models.CharField(max_length=200)
    judge = models.CharField(max_length=120)
    case_number = models.CharField(max_length=60)
    findings = models.JSONField(default=list)  # finding keys (demands.orders.FINDINGS)
    scope_groups = models.JSONField(default=list)  # FieldGroup values the order allows
    scope_from = models.DateField(null=True, blank=True)
    scope_to = models.DateField(null=True, blank=True)
    recipient = models.CharField(max_length=200)
    # The order may forbid telling the participant until a date (42 CFR 2.64(b), 2.65(b)).
    do_not_notify_until = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"court order {self.public_id}"


class DemandNotice(models.Model):
    """What the participant is told of a disclosure, from `visible_from` on (the portal
    lists them through openlead.legal.demands.queries.notices_for)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="demand_notices"
    )
    demand = models.ForeignKey(LegalDemand, on_delete=models.CASCADE, related_name="notices")
    sealed_text = models.BinaryField()
    visible_from = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visible_from", "-pk"]
        # notices_for(person): a person's notices, visible ones only.
        indexes = [models.Index(fields=["person", "visible_from"])]

    def __str__(self) -> str:
        return f"demand notice {self.public_id}"
