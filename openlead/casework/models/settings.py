"""Per-program casework settings and the program's inactive reasons."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


def new_choices_stamp() -> str:
    return secrets.token_hex(8)


class OverBudgetRule(models.TextChoices):
    REFUSE = "refuse", "Refuse the approval"
    SECOND_APPROVER = "second_approver", "Needs a second supervisor's approval"


class CaseworkSettings(models.Model):
    """Per-program casework settings (site settings in docs/casework.md).

    `version` is the optimistic lock of the settings form (actions.settings.do_update_settings).
    The row is also locked by actions.funds.do_decide_funds, so approvals in one program are
    serialised and two cannot both pass the budget check.

    `choices_stamp` names the current state of the program's choice lists (providers,
    inactive reasons): casework.choices reuses the lists it built while the stamp is the
    same, and casework.receivers gives the row a new one whenever a provider or a reason
    of the program is saved or deleted. Random, not a counter, so a program made again
    after a rolled-back one (the same id) never matches lists built for the old one.
    """

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="casework_settings"
    )
    funds_approval_threshold_cents = models.PositiveIntegerField(default=10_000)
    no_contact_warning_days = models.PositiveIntegerField(default=30)
    snapshot_due_day = models.PositiveSmallIntegerField(
        default=10, help_text="Day of the month after which last month's snapshot is overdue"
    )
    over_budget_rule = models.CharField(
        max_length=16, choices=OverBudgetRule.choices, default=OverBudgetRule.REFUSE
    )
    version = models.PositiveIntegerField(default=1)
    choices_stamp = models.CharField(max_length=16, default=new_choices_stamp, editable=False)

    def __str__(self) -> str:
        return f"CaseworkSettings {self.pk}"


class InactiveReason(models.Model):
    """Why someone is inactive: configurable per program (unreachable for N days, in custody, ...)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="inactive_reasons"
    )
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    unreachable_days = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="one_inactive_reason_code")
        ]

    def __str__(self) -> str:
        return self.label
