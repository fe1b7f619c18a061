"""The flexible-funds budget and its append-only ledger (a correction is a reversing entry)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.immutable import ImmutableModelMixin
from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class FundsCategory(models.TextChoices):
    MOTEL = "motel", "Motel"
    RENT = "rent", "Rent"
    FOOD = "food", "Food"
    TRANSPORT = "transport", "Transport"
    PHONE = "phone", "Phone"
    ID_FEES = "id_fees", "ID fees"
    OTHER = "other", "Other"


class PayeeType(models.TextChoices):
    VENDOR = "vendor", "Vendor (motel, landlord, store)"
    AGENCY = "agency", "Government agency"
    PARTICIPANT = "participant", "Participant (gift card or cash)"
    OTHER = "other", "Other"


class FundsStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    NOT_APPROVED = "not_approved", "Not approved"


class LedgerDeleteError(Exception):
    """The ledger is append-only: correct it with a reversing entry."""


class AppendOnlyQuerySet(models.QuerySet["FundsEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerDeleteError(
            "the flexible-funds ledger keeps every entry; add a reversing entry instead"
        )


class FundsBudget(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="funds_budgets"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    amount_cents = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"FundsBudget {self.pk}"


class FundsEntry(ImmutableModelMixin):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="funds_entries"
    )
    # SET_NULL: deleting (crypto-shredding) a person keeps the books whole; amounts stay, purpose
    # ciphertexts become unreadable with the destroyed key.
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="funds_entries"
    )
    category = models.CharField(max_length=12, choices=FundsCategory.choices)
    payee_type = models.CharField(max_length=12, choices=PayeeType.choices)
    amount_cents = models.BigIntegerField()  # negative only on reversing entries
    status = models.CharField(
        max_length=14, choices=FundsStatus.choices, default=FundsStatus.REQUESTED
    )
    purpose = models.BinaryField(null=True)  # encrypted
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Over budget with the second-approver rule: the first supervisor's approval, while the
    # entry stays requested until a different supervisor approves too.
    first_approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    paid_on = models.DateField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    # An entry's money facts never change; only its approval and payment move forward.
    MUTABLE_FIELDS = frozenset({"status", "approved_by", "first_approved_by", "paid_by", "paid_on"})

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["program", "status", "paid_on"])]  # queries.budget_spend

    def __str__(self) -> str:
        return f"FundsEntry {self.public_id}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerDeleteError(
            "the flexible-funds ledger keeps every entry; add a reversing entry instead"
        )
