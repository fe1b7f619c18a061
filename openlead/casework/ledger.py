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
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability, rule_for
from openlead.access.roles import FieldGroup
from openlead.casework.models import (
    CaseworkSettings,
    FundsBudget,
    FundsCategory,
    FundsEntry,
    FundsStatus,
    OverBudgetRule,
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
    return bool(who.role) and rule_for(who.role).has(Capability.SUPERVISE)


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
    """At or below the program's threshold a request is approved at once; above it waits for a supervisor.

    An at-once approval that would pass the budget waits for a supervisor too. The settings
    row is locked (as in do_decide_funds) so concurrent requests cannot both fit the budget.
    """
    entry = FundsEntry(
        program_id=person.program_id,
        person=person,
        category=category,
        payee_type=payee_type,
        amount_cents=amount_cents,
        requested_by=requested_by,
    )
    if purpose:
        entry.purpose = vault.seal_text(
            vault.data_key(person.public_id),
            purpose,
            "casework.fundsentry",
            entry.public_id,
            "purpose",
        )
    with transaction.atomic():
        threshold = _lock_program_settings(person.program_id).funds_approval_threshold_cents
        if amount_cents <= threshold and over_budget(person.program_id, amount_cents) is None:
            entry.status, entry.approved_by = FundsStatus.APPROVED, requested_by
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


class _Refusal(Exception):
    """A decision refused on the locked state; audited as denied after the rollback."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message, self.reason = message, reason


def _deny(who: audit.Who, entry: FundsEntry, request_id: str, reason: str) -> None:
    with transaction.atomic():
        audit.record(
            who,
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            person_ref=entry.person.public_id if entry.person else "",
            groups=[FieldGroup.FUNDS],
            purpose="flexible funds decision",
            request_id=request_id,
            detail={"funds_entry": entry.public_id, "refused": reason},
        )


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def shown(entry: FundsEntry) -> dict[str, str]:
    """What the person page already shows of an entry: for the 409 page."""
    values = {"Status": entry.get_status_display(), "Decided by": _name(entry.approved_by)}
    if entry.first_approved_by_id:
        values["First approval"] = _name(entry.first_approved_by)
    if entry.paid_by_id or entry.paid_on:
        values["Paid"] = f"{entry.paid_on or ''} {_name(entry.paid_by)}".strip()
    return values


def _locked(entry: FundsEntry) -> FundsEntry:
    return FundsEntry.objects.select_for_update().get(pk=entry.pk)


def _require_unmoved(seen: FundsEntry, current: FundsEntry, attempted: dict[str, str]) -> None:
    """`seen` is the entry the decision was made on; under the lock it must still be so."""
    if (current.status, current.first_approved_by_id) != (seen.status, seen.first_approved_by_id):
        raise StaleWrite(
            "Someone else decided this request while you were looking at it.",
            current=shown(current),
            attempted=attempted,
        )


def _lock_program_settings(program_id: int) -> CaseworkSettings:
    settings_for(program_id)  # the row must exist before it can be locked
    return CaseworkSettings.objects.select_for_update().get(program_id=program_id)


def over_budget(program_id: int, amount_cents: int) -> tuple[int, int] | None:
    """(paid + approved + this, budget) when approving this would pass the budget, else None.

    A program without a budget for today's period has no cap. Callers hold the program's
    settings lock so the figure cannot move before their write.
    """
    today = timezone.localdate()
    budget = FundsBudget.objects.filter(
        program_id=program_id, starts_on__lte=today, ends_on__gte=today
    ).first()
    if budget is None:
        return None
    approved = FundsEntry.objects.filter(program_id=program_id, status=FundsStatus.APPROVED)
    committed = (
        budget_spend(program_id, today).spent_cents
        + (approved.aggregate(total=Sum("amount_cents"))["total"] or 0)
        + amount_cents
    )
    return (committed, budget.amount_cents) if committed > budget.amount_cents else None


def do_decide_funds(
    entry: FundsEntry, *, approve: bool, who: audit.Who, approver: Any, request_id: str = ""
) -> FundsEntry:
    """Approve or decline a request above the threshold.

    State machine, row lock: the program's settings row then the entry are locked (always
    in that order), re-read and checked, so two supervisors cannot both decide, and two
    approvals cannot both pass the budget check. No one approves their own request; over
    the budget the program's rule refuses or waits for a second, different supervisor.
    """
    if not _can_supervise(who):
        raise PermissionDenied("Only a supervisor approves flexible funds above the threshold.")
    if approve and approver is not None and entry.requested_by_id == approver.pk:
        _deny(who, entry, request_id, "self-approval")
        raise ValidationError(
            {"decision": "You asked for these funds, so another supervisor decides on them."}
        )
    attempted = {
        "Status": FundsStatus.APPROVED.label if approve else FundsStatus.NOT_APPROVED.label,
        "Decided by": _name(approver),
    }
    try:
        with transaction.atomic():
            rule = _lock_program_settings(entry.program_id).over_budget_rule
            current = _locked(entry)
            _require_unmoved(entry, current, attempted)
            if current.status != FundsStatus.REQUESTED:
                raise ValidationError({"status": "This request has already been decided."})
            return _decide_locked(current, approve, rule, who, approver, request_id)
    except _Refusal as refusal:
        _deny(who, entry, request_id, refusal.reason)
        raise ValidationError({"decision": refusal.message}) from None


def _decide_locked(
    entry: FundsEntry, approve: bool, rule: str, who: audit.Who, approver: Any, request_id: str
) -> FundsEntry:
    first = entry.first_approved_by_id
    over = over_budget(entry.program_id, entry.amount_cents) if approve else None
    if approve and first is not None and approver is not None and first == approver.pk:
        raise _Refusal(
            "You have already approved this; a different supervisor gives the second approval.",
            "second approval by the same supervisor",
        )
    if over and rule == OverBudgetRule.REFUSE:
        raise _Refusal(
            f"Approving this would take spend to {dollars(over[0])}, "
            f"above the budget of {dollars(over[1])}.",
            "over budget",
        )
    if over and first is None:
        entry.first_approved_by = approver
        entry.save(update_fields=["first_approved_by"])
        _record(who, entry, AuditAction.UPDATE, request_id, first_approval=True, over_budget=over)
        return entry
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
    """State machine, row lock: approved -> paid once, checked on the locked row."""
    with transaction.atomic():
        current = _locked(entry)
        if current.status != entry.status:
            raise StaleWrite(
                "Someone else changed this request while you were looking at it.",
                current=shown(current),
                attempted={"Status": FundsStatus.PAID.label, "Paid": _name(paid_by)},
            )
        if current.status != FundsStatus.APPROVED:
            raise ValidationError({"status": "Only an approved request can be paid."})
        current.status, current.paid_by, current.paid_on = (
            FundsStatus.PAID,
            paid_by,
            paid_on or timezone.localdate(),
        )
        current.save(update_fields=["status", "paid_by", "paid_on"])
        _record(
            who,
            current,
            AuditAction.UPDATE,
            request_id,
            status=[FundsStatus.APPROVED, FundsStatus.PAID],
        )
    return current


def do_reverse_funds(
    entry: FundsEntry,
    *,
    who: audit.Who,
    by: Any,
    on: dt.date | None = None,
    request_id: str = "",
) -> FundsEntry:
    """Correct a paid entry: a new paid entry of the opposite amount, linked to the original.

    State machine, row lock: the original is locked before looking for a reversal, so two
    supervisors reversing at once make one reversal and one StaleWrite (not a 500 from the
    one-to-one constraint).
    """
    if entry.status != FundsStatus.PAID or entry.reverses_id is not None:
        raise ValidationError({"status": "Only a paid, original entry can be reversed."})
    with transaction.atomic():
        current = _locked(entry)
        if FundsEntry.objects.filter(reverses=current).exists():
            raise StaleWrite(
                "This entry has already been reversed.",
                current={**shown(current), "Reversed": "yes"},
                attempted={"Reversed": f"yes, by {_name(by)}" if by else "yes"},
            )
        reversal = FundsEntry.objects.create(
            program_id=current.program_id,
            person=current.person,
            category=current.category,
            payee_type=current.payee_type,
            amount_cents=-current.amount_cents,
            status=FundsStatus.PAID,
            reverses=current,
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
            reverses=current.public_id,
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
