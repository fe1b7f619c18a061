"""Per-program casework settings: thresholds, inactive reasons, providers, budget, templates.

Each write is audited as an ADMIN event naming what changed (never participant data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from openlead.access.acting import Actor
from openlead.access.conflicts import EditConflict
from openlead.access.models import AuditAction, AuditOutcome
from openlead.casework.codes import Domain
from openlead.casework.defaults import TEMPLATE_NAME
from openlead.casework.models import (
    AssessmentTemplate,
    CaseworkSettings,
    FundsBudget,
    InactiveReason,
    OverBudgetRule,
    Provider,
)
from openlead.casework.models.settings import new_choices_stamp
from openlead.casework.queries.funds import settings_for
from openlead.casework.queries.settings import latest_template, shown_settings
from openlead.programs.models import Organization, OrganizationKind, Program


def _record(acting: Actor, **detail: object) -> None:
    acting.audit(
        action=AuditAction.ADMIN,
        outcome=AuditOutcome.ALLOWED,
        purpose="casework settings",
        detail=dict(detail),
    )


def do_update_settings(
    program: Program,
    *,
    acting: Actor,
    threshold_cents: int,
    no_contact_days: int,
    due_day: int,
    version: int,
    over_budget_rule: str = "",
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
        _record(acting, settings=[old, list(values.values())], version=version + 1)
    settings.refresh_from_db()
    return settings


def do_add_provider(
    program: Program, *, acting: Actor, name: str, kind: str, organization_name: str
) -> Provider:
    with transaction.atomic():
        org, _ = Organization.objects.get_or_create(
            name=organization_name.strip() or name.strip(),
            defaults={"kind": OrganizationKind.COMMUNITY},
        )
        provider = Provider.objects.create(
            program=program, organization=org, name=name.strip(), kind=kind
        )
        _record(acting, provider=provider.public_id, organization=org.pk)
    return provider


def do_add_inactive_reason(
    program: Program, *, acting: Actor, label: str, unreachable_days: int | None
) -> InactiveReason:
    code = slugify(label)[:40] or "reason"
    if InactiveReason.objects.filter(program=program, code=code).exists():
        raise ValidationError({"label": "This program already has that reason."})
    with transaction.atomic():
        reason = InactiveReason.objects.create(
            program=program, code=code, label=label.strip(), unreachable_days=unreachable_days
        )
        _record(acting, inactive_reason=code)
    return reason


def do_set_budget(
    program: Program, *, acting: Actor, starts_on: dt.date, ends_on: dt.date, amount_cents: int
) -> FundsBudget:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The budget period must end after it starts."})
    with transaction.atomic():
        budget, _ = FundsBudget.objects.update_or_create(
            program=program,
            starts_on=starts_on,
            defaults={"ends_on": ends_on, "amount_cents": amount_cents},
        )
        _record(acting, budget=[starts_on.isoformat(), ends_on.isoformat(), amount_cents])
    return budget


def do_new_template_version(
    program: Program, *, acting: Actor, domains: list[str]
) -> AssessmentTemplate:
    """A new version; assessments already made keep the version they used."""
    if not domains or set(domains) - set(Domain.values):
        raise ValidationError({"domains": "Choose at least one domain."})
    with transaction.atomic():
        latest = latest_template(program)
        name = latest.name if latest else TEMPLATE_NAME
        template = AssessmentTemplate.objects.create(
            program=program,
            name=name,
            version=(latest.version + 1) if latest else 1,
            domains=[d for d in Domain.values if d in domains],
        )
        _record(acting, template=f"{name} v{template.version}")
    return template


def do_renew_choices_stamp(program_id: int) -> None:
    """A new choices stamp for the program (casework.choices): every worker builds its
    provider and reason lists again at its next page. Called inside the change's own
    transaction (casework.receivers), so no worker sees the stamp without the new rows.
    Bookkeeping of the program's settings, not participant data: the change that causes
    it carries the audit event."""
    CaseworkSettings.objects.filter(program_id=program_id).update(choices_stamp=new_choices_stamp())
