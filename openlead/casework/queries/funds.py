"""Flexible-funds reads: the program's settings row, budget spend, what an entry shows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from openlead.casework.codes import label_of
from openlead.casework.models import (
    CaseworkSettings,
    FundsBudget,
    FundsCategory,
    FundsEntry,
    FundsStatus,
)
from openlead.casework.queries.records import program_day, user_name
from openlead.people import vault
from openlead.programs.models import Program


def settings_for(program: Program | int) -> CaseworkSettings:
    """The program's row, seeded when the program was created (casework.receivers), and
    for programs older than that by migration 0003_seed_program_defaults."""
    program_id = program if isinstance(program, int) else program.pk
    try:
        return CaseworkSettings.objects.get(program_id=program_id)
    except CaseworkSettings.DoesNotExist:
        raise CaseworkSettings.DoesNotExist(
            f"Program {program_id} has no casework settings: create programs with "
            "openlead.programs.actions.do_create_program."
        ) from None


def dollars(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def shown(entry: FundsEntry) -> dict[str, str]:
    """What the person page already shows of an entry: for the 409 page."""
    values = {"Status": entry.get_status_display(), "Decided by": user_name(entry.approved_by)}
    if entry.first_approved_by_id:
        values["First approval"] = user_name(entry.first_approved_by)
    if entry.paid_by_id or entry.paid_on:
        values["Paid"] = f"{entry.paid_on or ''} {user_name(entry.paid_by)}".strip()
    return values


def open_purpose(entry: FundsEntry, dek: bytes) -> str:
    return vault.open_text(dek, entry.purpose, "casework.fundsentry", entry.public_id, "purpose")


def _budget_on(program_id: int, today: dt.date) -> FundsBudget | None:
    return FundsBudget.objects.filter(
        program_id=program_id, starts_on__lte=today, ends_on__gte=today
    ).first()


def _program_today(program_id: int) -> dt.date:
    """The program's day, also for an action run from the CLI (no request time zone)."""
    return program_day(Program.objects.only("time_zone").filter(pk=program_id).first())


def over_budget(program_id: int, amount_cents: int) -> tuple[int, int] | None:
    """(paid + approved + this, budget) when approving this would pass the budget, else None.

    A program without a budget for today's period has no cap. Callers hold the program's
    settings lock so the figure cannot move before their write.
    """
    today = _program_today(program_id)
    budget = _budget_on(program_id, today)
    if budget is None:
        return None
    approved = FundsEntry.objects.filter(program_id=program_id, status=FundsStatus.APPROVED)
    committed = (
        budget_spend(program_id, today).spent_cents
        + (approved.aggregate(total=Sum("amount_cents"))["total"] or 0)
        + amount_cents
    )
    return (committed, budget.amount_cents) if committed > budget.amount_cents else None


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
    today = today or _program_today(program_id)
    budget = _budget_on(program_id, today)
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


def _month_label(key: str) -> str:
    return dt.datetime.strptime(key, "%Y-%m").strftime("%B %Y")


def money_summary(spend: Spend) -> dict[str, object]:
    """The supervisor dashboard's funds panel, in dollars."""
    return {
        "budget": dollars(spend.budget_cents),
        "spent": dollars(spend.spent_cents),
        "remaining": dollars(spend.remaining_cents),
        "pending": dollars(spend.pending_cents),
        "share": round(100 * spend.share_spent),
        "over": spend.budget_cents and spend.spent_cents > spend.budget_cents,
        # Labels for the page, never the codes ("id_fees") or bare keys ("2026-02").
        "by_month": [(_month_label(m), dollars(c)) for m, c in spend.by_month.items()],
        "by_category": [
            (label_of(FundsCategory, c), dollars(v)) for c, v in spend.by_category.items()
        ],
    }
