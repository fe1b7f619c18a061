"""The flexible-funds ledger: request -> approval (above the program's threshold) -> paid.

Append-only: entries are never deleted, and a paid amount is corrected by a reversing
entry, so the books always add up to what was actually spent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import rule_for
from openlead.access.roles import FieldGroup
from openlead.casework.models import (
    CaseworkSettings,
    FundsBudget,
    FundsCategory,
    FundsEntry,
    FundsStatus,
    PayeeType,
)
from openlead.people import vault
from openlead.people.models import Person
from openlead.programs.models import Program

MAX_REQUEST_CENTS = 10_000_00  # a typo guard, not a policy: $10,000


def settings_for(program: Program | int) -> CaseworkSettings:
    program_id = program if isinstance(program, int) else program.pk
    return CaseworkSettings.objects.get_or_create(program_id=program_id)[0]


def _record(
    who: audit.Who, entry: FundsEntry, action: str, request_id: str, **detail: object
) -> None:
    audit.record(
        who,
        action=action,
        outcome=AuditOutcome.ALLOWED,
        person_ref=entry.person.public_id if entry.person else "",
        groups=[FieldGroup.FUNDS],
        request_id=request_id,
        detail={"funds_entry": entry.public_id, **detail},
    )


def _can_supervise(who: audit.Who) -> bool:
    return bool(who.role) and rule_for(who.role).can_supervise


def check_request_funds(
    person: Person,
    *,
    who: audit.Who,
    requested_by: Any,
    category: str,
    payee_type: str,
    amount_cents: int,
    purpose: str = "",
    request_id: str = "",
) -> FundsEntry:
    errors: dict[str, str] = {}
    if category not in FundsCategory.values:
        errors["category"] = "Choose a category."
    if payee_type not in PayeeType.values:
        errors["payee_type"] = "Choose who is paid."
    if not 0 < amount_cents <= MAX_REQUEST_CENTS:
        errors["amount"] = "Give an amount above zero and at most $10,000."
    if len(purpose) > 1000:
        errors["purpose"] = "Keep the purpose short."
    if errors:
        raise ValidationError(errors)
    return do_request_funds(
        person,
        who=who,
        requested_by=requested_by,
        category=category,
        payee_type=payee_type,
        amount_cents=amount_cents,
        purpose=purpose.strip(),
        request_id=request_id,
    )


def do_request_funds(
    person: Person,
    *,
    who: audit.Who,
    requested_by: Any,
    category: str,
    payee_type: str,
    amount_cents: int,
    purpose: str,
    request_id: str = "",
) -> FundsEntry:
    """At or below the program's threshold a request is approved at once; above it waits for a supervisor."""
    threshold = settings_for(person.program_id).funds_approval_threshold_cents
    entry = FundsEntry(
        program_id=person.program_id,
        person=person,
        category=category,
        payee_type=payee_type,
        amount_cents=amount_cents,
        requested_by=requested_by,
    )
    if amount_cents <= threshold:
        entry.status, entry.approved_by = FundsStatus.APPROVED, requested_by
    if purpose:
        entry.purpose = vault.seal_text(
            vault.data_key(person.public_id),
            purpose,
            "casework.fundsentry",
            entry.public_id,
            "purpose",
        )
    with transaction.atomic():
        entry.save(force_insert=True)
        _record(
            who,
            entry,
            AuditAction.CREATE,
            request_id,
            amount_cents=amount_cents,
            status=entry.status,
        )
    return entry


def needs_approval(entry: FundsEntry) -> bool:
    return entry.status == FundsStatus.REQUESTED


def do_decide_funds(
    entry: FundsEntry, *, approve: bool, who: audit.Who, approver: Any, request_id: str = ""
) -> FundsEntry:
    if not _can_supervise(who):
        raise PermissionDenied("Only a supervisor approves flexible funds above the threshold.")
    if entry.status != FundsStatus.REQUESTED:
        raise ValidationError({"status": "This request has already been decided."})
    with transaction.atomic():
        entry.status = FundsStatus.APPROVED if approve else FundsStatus.NOT_APPROVED
        entry.approved_by = approver
        entry.save(update_fields=["status", "approved_by"])
        _record(
            who, entry, AuditAction.UPDATE, request_id, status=[FundsStatus.REQUESTED, entry.status]
        )
    return entry


def do_pay_funds(
    entry: FundsEntry,
    *,
    who: audit.Who,
    paid_by: Any,
    paid_on: dt.date | None = None,
    request_id: str = "",
) -> FundsEntry:
    if entry.status != FundsStatus.APPROVED:
        raise ValidationError({"status": "Only an approved request can be paid."})
    with transaction.atomic():
        entry.status, entry.paid_by, entry.paid_on = (
            FundsStatus.PAID,
            paid_by,
            paid_on or timezone.localdate(),
        )
        entry.save(update_fields=["status", "paid_by", "paid_on"])
        _record(
            who,
            entry,
            AuditAction.UPDATE,
            request_id,
            status=[FundsStatus.APPROVED, FundsStatus.PAID],
        )
    return entry


def do_reverse_funds(
    entry: FundsEntry,
    *,
    who: audit.Who,
    by: Any,
    on: dt.date | None = None,
    request_id: str = "",
) -> FundsEntry:
    """Correct a paid entry: a new paid entry of the opposite amount, linked to the original."""
    if entry.status != FundsStatus.PAID or entry.reverses_id is not None:
        raise ValidationError({"status": "Only a paid, original entry can be reversed."})
    if FundsEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"status": "This entry has already been reversed."})
    with transaction.atomic():
        reversal = FundsEntry.objects.create(
            program_id=entry.program_id,
            person=entry.person,
            category=entry.category,
            payee_type=entry.payee_type,
            amount_cents=-entry.amount_cents,
            status=FundsStatus.PAID,
            reverses=entry,
            requested_by=by,
            approved_by=by,
            paid_by=by,
            paid_on=on or timezone.localdate(),
        )
        _record(
            who,
            reversal,
            AuditAction.CREATE,
            request_id,
            reverses=entry.public_id,
            amount_cents=reversal.amount_cents,
        )
    return reversal


def open_purpose(entry: FundsEntry, dek: bytes) -> str:
    return vault.open_text(dek, entry.purpose, "casework.fundsentry", entry.public_id, "purpose")


@dataclass
class Spend:
    budget_cents: int
    spent_cents: int
    by_month: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    pending_cents: int = 0

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.spent_cents

    @property
    def share_spent(self) -> float:
        return self.spent_cents / self.budget_cents if self.budget_cents else 0.0


def budget_spend(program_id: int, today: dt.date | None = None) -> Spend:
    """Paid spend (reversals included) within the budget period covering `today`."""
    today = today or timezone.localdate()
    budget = FundsBudget.objects.filter(
        program_id=program_id, starts_on__lte=today, ends_on__gte=today
    ).first()
    start, end = (
        (budget.starts_on, budget.ends_on)
        if budget
        else (today.replace(month=1, day=1), today.replace(month=12, day=31))
    )
    paid = FundsEntry.objects.filter(
        program_id=program_id, status=FundsStatus.PAID, paid_on__range=(start, end)
    )
    by_month: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    for paid_on, category, cents in paid.values_list("paid_on", "category", "amount_cents"):
        by_month[f"{paid_on:%Y-%m}"] += cents
        by_category[category] += cents
    pending = FundsEntry.objects.filter(
        program_id=program_id, status__in=[FundsStatus.REQUESTED, FundsStatus.APPROVED]
    )
    return Spend(
        budget_cents=budget.amount_cents if budget else 0,
        spent_cents=sum(by_month.values()),
        by_month=dict(sorted(by_month.items())),
        by_category={c: by_category[c] for c in FundsCategory.values if c in by_category},
        pending_cents=pending.aggregate(total=Sum("amount_cents"))["total"] or 0,
    )


def dollars(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"
