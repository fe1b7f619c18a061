"""Casework forms. Field-level validation here; rules that touch records live in actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from openlead.access.models import User
from openlead.casework.codes import (
    DESTINATIONS,
    ENROLLMENT_ACTIONS,
    FUNDS_DECISIONS,
    HEALTH_DOMAINS,
    INCOME_SOURCES,
    INSURANCE_SOURCES,
    LIVING_SITUATIONS,
    Domain,
    DomainStatus,
    EmploymentStage,
    YesNo,
)
from openlead.casework.models import (
    SERVICES,
    SNAPSHOT_FACTS,
    AppointmentKind,
    AssessmentKind,
    AssessmentTemplate,
    ContactKind,
    FundsCategory,
    GoalStatus,
    InactiveReason,
    LinkState,
    LocationCategory,
    OverBudgetRule,
    PayeeType,
    Provider,
    ProviderKind,
)

BIG = {"class": "big"}


class QuickContactForm(forms.Form):
    """Phone-first: every field has a default, so a street contact is one tap on Save."""

    kind = forms.ChoiceField(
        choices=ContactKind.choices, initial=ContactKind.STREET, widget=forms.RadioSelect(attrs=BIG)
    )
    duration_minutes = forms.IntegerField(
        min_value=1,
        max_value=1440,
        initial=10,
        label="Minutes",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **BIG}),
    )
    location = forms.ChoiceField(
        choices=LocationCategory.choices, initial=LocationCategory.STREET, label="Kind of place"
    )
    services = forms.MultipleChoiceField(
        choices=SERVICES, required=False, widget=forms.CheckboxSelectMultiple(attrs=BIG)
    )
    occurred_at = forms.DateTimeField(
        required=False,
        label="When (leave empty for now)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(choices=Domain.choices)
    words = forms.CharField(
        label="Goal, in the participant's own words",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    steps = forms.CharField(
        label="Steps", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalStatusForm(forms.Form):
    goal = forms.CharField(max_length=24)
    status = forms.ChoiceField(choices=GoalStatus.choices)
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False)


class LinkForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), to_field_name="public_id")

    def __init__(self, *args: Any, program_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider"]
        field.queryset = Provider.objects.filter(program_id=program_id, active=True)


class LinkStateForm(forms.Form):
    link = forms.CharField(max_length=24)
    state = forms.ChoiceField(choices=[c for c in LinkState.choices if c[0] != LinkState.BLOCKED])
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False)


class LinkOverrideForm(forms.Form):
    link = forms.CharField(max_length=24)
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why this cannot wait for the participant's consent",
    )


class FundsForm(forms.Form):
    category = forms.ChoiceField(choices=FundsCategory.choices)
    payee_type = forms.ChoiceField(choices=PayeeType.choices, label="Paid to")
    amount = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        label="Amount ($)",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    purpose = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def amount_cents(self) -> int:
        return int((self.cleaned_data["amount"] * 100).to_integral_value())


class FundsDecisionForm(forms.Form):
    entry = forms.CharField(max_length=24)
    decision = forms.ChoiceField(choices=FUNDS_DECISIONS)
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False)


class EnrollmentForm(forms.Form):
    action = forms.ChoiceField(choices=ENROLLMENT_ACTIONS)
    reason = forms.ModelChoiceField(
        queryset=InactiveReason.objects.none(), required=False, label="Reason"
    )
    destination = forms.TypedChoiceField(
        choices=[("", "—"), *DESTINATIONS],
        coerce=int,
        required=False,
        empty_value=None,
        label="Destination (HMIS 3.12)",
    )
    case_manager = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, to_field_name="username"
    )
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False)

    def __init__(self, *args: Any, program_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason: Any = self.fields["reason"]
        reason.queryset = InactiveReason.objects.filter(program_id=program_id, active=True)
        managers = User.objects.filter(
            memberships__program_id=program_id,
            memberships__role="case_manager",
            memberships__active=True,
            is_active=True,
        ).order_by("username")
        manager_field: Any = self.fields["case_manager"]
        manager_field.queryset = managers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {"inactive": "reason", "exit": "destination", "reassign": "case_manager"}.get(
            data.get("action", "")
        )
        if needed and data.get(needed) in (None, ""):
            self.add_error(needed, "This is needed for that change.")
        return data


class StatusFactsMixin(forms.Form):
    living_situation = forms.TypedChoiceField(
        choices=LIVING_SITUATIONS, coerce=int, label="Living situation (HMIS 3.917)"
    )
    employment_stage = forms.ChoiceField(choices=EmploymentStage.choices, label="Employment")
    income_any = forms.TypedChoiceField(
        choices=YesNo.choices, coerce=int, label="Income or benefits"
    )
    income_sources = forms.MultipleChoiceField(
        choices=INCOME_SOURCES, required=False, widget=forms.CheckboxSelectMultiple
    )
    insurance_any = forms.TypedChoiceField(
        choices=YesNo.choices, coerce=int, label="Health insurance"
    )
    insurance_sources = forms.MultipleChoiceField(
        choices=INSURANCE_SOURCES, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for flag, sources in (
            ("income_any", "income_sources"),
            ("insurance_any", "insurance_sources"),
        ):
            if data.get(sources) and data.get(flag) != YesNo.YES:
                self.add_error(flag, "Sources are given: answer Yes, or clear the sources.")
        return data

    def facts(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in SNAPSHOT_FACTS}


class SnapshotForm(StatusFactsMixin):
    month = forms.DateField(
        widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"]
    )


class AssessmentForm(StatusFactsMixin):
    kind = forms.ChoiceField(choices=AssessmentKind.choices)
    assessed_on = forms.DateField(
        initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, template: AssessmentTemplate, show_health: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domains = [
            Domain(d) for d in template.domains if show_health or d not in HEALTH_DOMAINS
        ]
        for domain in self.domains:
            self.fields[f"status_{domain.value}"] = forms.ChoiceField(
                choices=DomainStatus.choices, label=domain.label, initial=DomainStatus.NO_NEED
            )
            self.fields[f"note_{domain.value}"] = forms.CharField(
                required=False,
                max_length=2000,
                label="Notes",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def domain_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"status_{d.value}"], self[f"note_{d.value}"]) for d in self.domains]

    def statuses(self) -> dict[str, str]:
        return {d.value: self.cleaned_data[f"status_{d.value}"] for d in self.domains}

    def notes(self) -> dict[str, str]:
        return {
            d.value: self.cleaned_data[f"note_{d.value}"].strip()
            for d in self.domains
            if self.cleaned_data[f"note_{d.value}"].strip()
        }


class CaseworkSettingsForm(forms.Form):
    threshold = forms.DecimalField(
        min_value=Decimal("0"), max_digits=9, decimal_places=2, label="Funds approval threshold ($)"
    )
    no_contact_days = forms.IntegerField(
        min_value=1, max_value=365, label="Days without contact before a warning"
    )
    due_day = forms.IntegerField(min_value=1, max_value=28, label="Monthly status due by day")
    over_budget = forms.ChoiceField(
        choices=OverBudgetRule.choices,
        required=False,
        label="An approval that would pass the budget",
    )
    # The version the page was loaded with (actions.settings.do_update_settings).
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date: reload it and save again."},
    )


class ProviderForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=ProviderKind.choices)
    organization_name = forms.CharField(
        max_length=200, required=False, label="Organization named in releases (if not the same)"
    )


class InactiveReasonForm(forms.Form):
    label = forms.CharField(max_length=120)
    unreachable_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        label="Days unreachable (if that is the reason)",
    )


class BudgetForm(forms.Form):
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        min_value=Decimal("0"), max_digits=12, decimal_places=2, label="Amount ($)"
    )


class TemplateForm(forms.Form):
    domains = forms.MultipleChoiceField(choices=Domain.choices, widget=forms.CheckboxSelectMultiple)


class AppointmentForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    kind = forms.ChoiceField(choices=AppointmentKind.choices)
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(), to_field_name="public_id", required=False
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (encrypted)",
    )

    def __init__(self, *args: Any, program_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider"]
        field.queryset = Provider.objects.filter(program_id=program_id, active=True)
