"""Per-program casework settings: thresholds, inactive reasons, providers, budget, templates.

Each write is audited as an ADMIN event naming what changed (never participant data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome
from openlead.casework.codes import Domain
from openlead.casework.ledger import settings_for
from openlead.casework.models import (
    AssessmentTemplate,
    CaseworkSettings,
    FundsBudget,
    InactiveReason,
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


def do_update_settings(
    program: Program,
    *,
    who: audit.Who,
    threshold_cents: int,
    no_contact_days: int,
    due_day: int,
    request_id: str = "",
) -> CaseworkSettings:
    settings = settings_for(program)
    with transaction.atomic():
        old = [
            settings.funds_approval_threshold_cents,
            settings.no_contact_warning_days,
            settings.snapshot_due_day,
        ]
        settings.funds_approval_threshold_cents = threshold_cents
        settings.no_contact_warning_days = no_contact_days
        settings.snapshot_due_day = due_day
        settings.save(
            update_fields=[
                "funds_approval_threshold_cents",
                "no_contact_warning_days",
                "snapshot_due_day",
            ]
        )
        _record(who, request_id, settings=[old, [threshold_cents, no_contact_days, due_day]])
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
