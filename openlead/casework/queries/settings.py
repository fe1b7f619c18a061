"""Casework settings reads: the settings page's lists and the program's current template."""

from __future__ import annotations

from typing import Any

from openlead.casework.codes import Domain, labels_of
from openlead.casework.models import (
    AssessmentTemplate,
    CaseworkSettings,
    FundsBudget,
    InactiveReason,
    OverBudgetRule,
    Provider,
)
from openlead.casework.queries.funds import dollars, settings_for
from openlead.programs.models import Program


def current_template(program: Program) -> AssessmentTemplate:
    """The newest active template version; a program always has one (seeded with it)."""
    templates = AssessmentTemplate.objects.filter(program=program)
    chosen = templates.filter(active=True).order_by("-version", "-pk").first()
    chosen = chosen or templates.order_by("-version", "-pk").first()
    if chosen is None:
        raise AssessmentTemplate.DoesNotExist(
            f"Program {program.pk} has no assessment template: create programs with "
            "openlead.programs.actions.do_create_program."
        )
    return chosen


def latest_template(program: Program) -> AssessmentTemplate | None:
    return AssessmentTemplate.objects.filter(program=program).order_by("-version").first()


def shown_settings(s: CaseworkSettings) -> dict[str, str]:
    """Label -> value for the 409 page (settings, no participant data)."""
    return {
        "Funds approval threshold": dollars(s.funds_approval_threshold_cents),
        "Days without contact before a warning": str(s.no_contact_warning_days),
        "Monthly status due by day": str(s.snapshot_due_day),
        "Approvals above the budget": OverBudgetRule(s.over_budget_rule).label,
    }


def settings_initial(program: Program) -> dict[str, Any]:
    """The settings form's starting values, and the template form's domains."""
    s = settings_for(program)
    latest = latest_template(program)
    return {
        "settings": {
            "threshold": s.funds_approval_threshold_cents / 100,
            "no_contact_days": s.no_contact_warning_days,
            "due_day": s.snapshot_due_day,
            "over_budget": s.over_budget_rule,
            "version": s.version,
        },
        "template": {"domains": latest.domains if latest else []},
    }


def settings_lists(program: Program) -> dict[str, Any]:
    """What the settings page lists: providers, reasons, budgets and template versions."""
    return {
        "providers": Provider.objects.filter(program=program).select_related("organization"),
        "reasons": InactiveReason.objects.filter(program=program, active=True),
        "budgets": [
            (b, dollars(b.amount_cents)) for b in FundsBudget.objects.filter(program=program)
        ],
        "templates": [
            (t, labels_of(Domain, t.domains))
            for t in AssessmentTemplate.objects.filter(program=program).order_by("-version")
        ],
    }
