"""Per-program casework settings: thresholds, inactive reasons, providers, budget, templates.

Each write is audited as an ADMIN event naming what changed (never participant data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from openlead.access import audit
from openlead.access.conflicts import EditConflict
from openlead.access.models import AuditAction, AuditOutcome
from openlead.casework.codes import Domain
from openlead.casework.ledger import dollars, settings_for
from openlead.casework.models import (
    AssessmentTemplate,
    CaseworkSettings,
    FundsBudget,
    InactiveReason,
    OverBudgetRule,
    Provider,
)
from openlead.programs.models import Organization, OrganizationKind, Program


def _record(who: audit.Who, request_id: str, **detail: object) -> None:
    audit.record(
        who,
        action=AuditAction.ADMIN,
        outcome=AuditOutcome.ALLOWED,
        purpose="casework settings",
        request_id=request_id,
        detail=dict(detail),
    )


def shown_settings(s: CaseworkSettings) -> dict[str, str]:
    """Label -> value for the 409 page (settings, no participant data)."""
    return {
        "Funds approval threshold": dollars(s.funds_approval_threshold_cents),
        "Days without contact before a warning": str(s.no_contact_warning_days),
        "Monthly status due by day": str(s.snapshot_due_day),
        "Approvals above the budget": OverBudgetRule(s.over_budget_rule).label,
    }


def do_update_settings(
    program: Program,
    *,
    who: audit.Who,
    threshold_cents: int,
    no_contact_days: int,
    due_day: int,
    version: int,
    over_budget_rule: str = "",
    request_id: str = "",
) -> CaseworkSettings:
    """Edit form, optimistic version: saved only over the version the form was loaded with;
    0 rows updated means someone else saved first (EditConflict). An empty rule keeps it."""
    settings = settings_for(program)
    rule = over_budget_rule or settings.over_budget_rule
    if rule not in OverBudgetRule.values:
        raise ValidationError({"over_budget": "Choose what happens to approvals above the budget."})
    values = {
        "funds_approval_threshold_cents": threshold_cents,
        "no_contact_warning_days": no_contact_days,
        "snapshot_due_day": due_day,
        "over_budget_rule": rule,
    }
    with transaction.atomic():
        stored = CaseworkSettings.objects.select_for_update().get(pk=settings.pk)
        updated = CaseworkSettings.objects.filter(pk=settings.pk, version=version).update(
            **values, version=F("version") + 1
        )
        if not updated:
            raise EditConflict(
                "Someone else saved these casework settings after you opened them.",
                current=shown_settings(stored),
                attempted=shown_settings(CaseworkSettings(**values)),
                current_version=stored.version,
            )
        old = [getattr(stored, name) for name in values]
        _record(who, request_id, settings=[old, list(values.values())], version=version + 1)
    settings.refresh_from_db()
    return settings


def do_add_provider(
    program: Program,
    *,
    who: audit.Who,
    name: str,
    kind: str,
    organization_name: str,
    request_id: str = "",
) -> Provider:
    with transaction.atomic():
        org, _ = Organization.objects.get_or_create(
            name=organization_name.strip() or name.strip(),
            defaults={"kind": OrganizationKind.COMMUNITY},
        )
        provider = Provider.objects.create(
            program=program, organization=org, name=name.strip(), kind=kind
        )
        _record(who, request_id, provider=provider.public_id, organization=org.pk)
    return provider


def do_add_inactive_reason(
    program: Program,
    *,
    who: audit.Who,
    label: str,
    unreachable_days: int | None,
    request_id: str = "",
) -> InactiveReason:
    code = slugify(label)[:40] or "reason"
    if InactiveReason.objects.filter(program=program, code=code).exists():
        raise ValidationError({"label": "This program already has that reason."})
    with transaction.atomic():
        reason = InactiveReason.objects.create(
            program=program, code=code, label=label.strip(), unreachable_days=unreachable_days
        )
        _record(who, request_id, inactive_reason=code)
    return reason


def do_set_budget(
    program: Program,
    *,
    who: audit.Who,
    starts_on: dt.date,
    ends_on: dt.date,
    amount_cents: int,
    request_id: str = "",
) -> FundsBudget:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The budget period must end after it starts."})
    with transaction.atomic():
        budget, _ = FundsBudget.objects.update_or_create(
            program=program,
            starts_on=starts_on,
            defaults={"ends_on": ends_on, "amount_cents": amount_cents},
        )
        _record(who, request_id, budget=[starts_on.isoformat(), ends_on.isoformat(), amount_cents])
    return budget


def do_new_template_version(
    program: Program, *, who: audit.Who, domains: list[str], request_id: str = ""
) -> AssessmentTemplate:
    """A new version; assessments already made keep the version they used."""
    if not domains or set(domains) - set(Domain.values):
        raise ValidationError({"domains": "Choose at least one domain."})
    with transaction.atomic():
        latest = AssessmentTemplate.objects.filter(program=program).order_by("-version").first()
        name = latest.name if latest else "Psychosocial assessment"
        template = AssessmentTemplate.objects.create(
            program=program,
            name=name,
            version=(latest.version + 1) if latest else 1,
            domains=[d for d in Domain.values if d in domains],
        )
        _record(who, request_id, template=f"{name} v{template.version}")
    return template
