"""The flexible-funds ledger: request -> approval (above the program's threshold) -> paid.

Append-only: entries are never deleted, and a paid amount is corrected by a reversing
entry, so the books always add up to what was actually spent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import (
    program_day,
    record,
    refuse,
    require_seen,
    seal_and_record,
)
from openlead.casework.codes import DECISION_LABELS
from openlead.casework.models import (
    CaseworkSettings,
    FundsCategory,
    FundsEntry,
    FundsStatus,
    OverBudgetRule,
    PayeeType,
)
from openlead.casework.queries.funds import dollars, over_budget, shown
from openlead.casework.queries.records import user_name
from openlead.people.models import Person

MAX_REQUEST_CENTS = 10_000_00  # a typo guard, not a policy: $10,000
GROUPS = [FieldGroup.FUNDS]


def _record(acting: Actor, entry: FundsEntry, action: str, **detail: Any) -> None:
    record(acting, entry.person, action, GROUPS, funds_entry=entry.public_id, **detail)


def check_request_funds(
    person: Person,
    *,
    acting: Actor,
    category: str,
    payee_type: str,
    amount_cents: int,
    purpose: str = "",
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
        acting=acting,
        category=category,
        payee_type=payee_type,
        amount_cents=amount_cents,
        purpose=purpose.strip(),
    )


def _lock_program_settings(program_id: int) -> CaseworkSettings:
    return CaseworkSettings.objects.select_for_update().get(program_id=program_id)


def do_request_funds(
    person: Person,
    *,
    acting: Actor,
    category: str,
    payee_type: str,
    amount_cents: int,
    purpose: str,
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
        requested_by=acting.user,
    )
    with transaction.atomic():
        threshold = _lock_program_settings(person.program_id).funds_approval_threshold_cents
        if amount_cents <= threshold and over_budget(person.program_id, amount_cents) is None:
            entry.status, entry.approved_by = FundsStatus.APPROVED, acting.user
        return seal_and_record(
            acting,
            entry,
            person=person,
            texts={"purpose": purpose} if purpose else {},
            action=AuditAction.CREATE,
            groups=GROUPS,
            funds_entry=entry.public_id,
            amount_cents=amount_cents,
            status=entry.status,
        )


class _Refusal(Exception):
    """A decision refused on the locked state; audited as denied after the rollback."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message, self.reason = message, reason


def _deny(acting: Actor, entry: FundsEntry, reason: str) -> None:
    with transaction.atomic():
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            person_ref=entry.person.public_id if entry.person else "",
            groups=GROUPS,
            purpose="flexible funds decision",
            detail={"funds_entry": entry.public_id, "refused": reason},
        )


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


def do_decide_funds(entry: FundsEntry, *, approve: bool, acting: Actor) -> FundsEntry:
    """Approve or decline a request above the threshold.

    State machine, row lock: the program's settings row then the entry are locked (always
    in that order), re-read and checked, so two supervisors cannot both decide, and two
    approvals cannot both pass the budget check. No one approves their own request; over
    the budget the program's rule refuses or waits for a second, different supervisor.
    """
    approver = acting.user
    if not acting.can(Capability.SUPERVISE):
        raise PermissionDenied("Only a supervisor approves flexible funds above the threshold.")
    if approve and approver is not None and entry.requested_by_id == approver.pk:
        _deny(acting, entry, "self-approval")
        raise ValidationError(
            {"decision": "You asked for these funds, so another supervisor decides on them."}
        )
    attempted = {
        "Status": FundsStatus.APPROVED.label if approve else FundsStatus.NOT_APPROVED.label,
        "Decided by": user_name(approver),
    }
    try:
        with transaction.atomic():
            rule = _lock_program_settings(entry.program_id).over_budget_rule
            current = _locked(entry)
            _require_unmoved(entry, current, attempted)
            if current.status != FundsStatus.REQUESTED:
                raise ValidationError({"status": "This request has already been decided."})
            return _decide_locked(current, approve, rule, acting)
    except _Refusal as refusal:
        _deny(acting, entry, refusal.reason)
        raise ValidationError({"decision": refusal.message}) from None


def _decide_locked(entry: FundsEntry, approve: bool, rule: str, acting: Actor) -> FundsEntry:
    approver, first = acting.user, entry.first_approved_by_id
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
        _record(acting, entry, AuditAction.UPDATE, first_approval=True, over_budget=over)
        return entry
    entry.status = FundsStatus.APPROVED if approve else FundsStatus.NOT_APPROVED
    entry.approved_by = approver
    entry.save(update_fields=["status", "approved_by"])
    _record(acting, entry, AuditAction.UPDATE, status=[FundsStatus.REQUESTED, entry.status])
    return entry


def do_pay_funds(entry: FundsEntry, *, acting: Actor, paid_on: dt.date | None = None) -> FundsEntry:
    """State machine, row lock: approved -> paid once, checked on the locked row."""
    with transaction.atomic():
        current = _locked(entry)
        if current.status != entry.status:
            raise StaleWrite(
                "Someone else changed this request while you were looking at it.",
                current=shown(current),
                attempted={"Status": FundsStatus.PAID.label, "Paid": user_name(acting.user)},
            )
        if current.status != FundsStatus.APPROVED:
            raise ValidationError({"status": "Only an approved request can be paid."})
        current.status, current.paid_by, current.paid_on = (
            FundsStatus.PAID,
            acting.user,
            paid_on or program_day(current.program),
        )
        current.save(update_fields=["status", "paid_by", "paid_on"])
        _record(
            acting, current, AuditAction.UPDATE, status=[FundsStatus.APPROVED, FundsStatus.PAID]
        )
    return current


def do_reverse_funds(entry: FundsEntry, *, acting: Actor, on: dt.date | None = None) -> FundsEntry:
    """Correct a paid entry: a new paid entry of the opposite amount, linked to the original.

    State machine, row lock: the original is locked before looking for a reversal, so two
    supervisors reversing at once make one reversal and one StaleWrite (not a 500 from the
    one-to-one constraint).
    """
    by = acting.user
    if entry.status != FundsStatus.PAID or entry.reverses_id is not None:
        raise ValidationError({"status": "Only a paid, original entry can be reversed."})
    with transaction.atomic():
        current = _locked(entry)
        if FundsEntry.objects.filter(reverses=current).exists():
            raise StaleWrite(
                "This entry has already been reversed.",
                current={**shown(current), "Reversed": "yes"},
                attempted={"Reversed": f"yes, by {user_name(by)}" if by else "yes"},
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
            paid_on=on or program_day(current.program),
        )
        _record(
            acting,
            reversal,
            AuditAction.CREATE,
            reverses=current.public_id,
            amount_cents=reversal.amount_cents,
        )
    return reversal


def check_decide_funds(
    entry: FundsEntry, *, decision: str, acting: Actor, seen: str = ""
) -> FundsEntry:
    """The person page's funds decision, on the state the page showed (`seen`); every
    decision but paying needs a supervisor."""
    attempted = {"Decision": DECISION_LABELS.get(decision, decision)}
    require_seen(seen, entry.status, shown(entry), attempted)
    if decision != "pay" and not acting.can(Capability.SUPERVISE):
        person_ref = entry.person.public_id if entry.person else ""
        raise refuse(acting, purpose="flexible funds decision", person_ref=person_ref)
    if decision in ("approve", "decline"):
        return do_decide_funds(entry, approve=decision == "approve", acting=acting)
    if decision == "pay":
        return do_pay_funds(entry, acting=acting)
    return do_reverse_funds(entry, acting=acting)
