"""Casework forms. Field-level validation here; rules that touch records live in actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from openlead.access.models import User
from openlead.casework.actions.contacts import future_problem
from openlead.casework.choices import ListedChoiceIterator, offer, program_choices
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
    Enrollment,
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
from openlead.casework.queries.records import OPEN_STATES, month_problem, record_date_problem
from openlead.programs.dates import (
    EARLIEST,
    PastDateField,
    program_today,
    window_problem,
)
from openlead.programs.models import Program

BIG = {"class": "big"}


class PersonPageForm(forms.Form):
    """A form on the long person page: its ids carry the form's name, so two forms never
    share one and the error summary's links land on this form's fields."""

    ids = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.ids}-%s")
        super().__init__(*args, **kwargs)


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
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Note (kept encrypted)",
    )

    def __init__(self, *args: Any, first: dt.date = EARLIEST, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first = first  # queries.first_day: the day the person came to the program

    def clean_occurred_at(self) -> dt.datetime | None:
        """Not before the person came to the program and not a later day, on the program's
        calendar (the request runs in its zone); the action checks the same for any caller."""
        when: dt.datetime | None = self.cleaned_data.get("occurred_at")
        if when is not None:
            day = timezone.localtime(when).date()
            problem = future_problem(when) or record_date_problem(
                day, first=self.first, today=program_today()
            )
            if problem:
                raise forms.ValidationError(problem, code="date_range")
        return when


class GoalForm(PersonPageForm):
    ids = "goal"
    domain = forms.ChoiceField(choices=Domain.choices, label="Domain")
    words = forms.CharField(
        label="Goal, in the participant's own words",
        error_messages={"required": "Write the goal as the participant says it."},
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


class LinkForm(PersonPageForm):
    ids = "link"
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        to_field_name="public_id",
        label="Provider",
        empty_label="Choose a provider",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider"]
        field.queryset = Provider.objects.filter(program=program, active=True)
        offer(field, program_choices(program).providers)


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


class FundsForm(PersonPageForm):
    ids = "funds"
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
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Purpose (encrypted)",
    )

    def amount_cents(self) -> int:
        return int((self.cleaned_data["amount"] * 100).to_integral_value())


class FundsDecisionForm(forms.Form):
    entry = forms.CharField(max_length=24)
    decision = forms.ChoiceField(choices=FUNDS_DECISIONS)
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False)


class ManagerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A case manager, by username, labelled with their open caseload so a supervisor sees
    who has room (the queryset is annotated with `open_caseload`). Read in the request
    that shows it, in one query without a server-side cursor (casework.choices)."""

    iterator = ListedChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        count = getattr(obj, "open_caseload", 0)
        return f"{name} ({count} participant{'' if count == 1 else 's'})"


def program_managers(program_id: int) -> Any:
    """The program's active case managers, each with the count of their open enrollments."""
    caseload = (
        Enrollment.objects.filter(
            case_manager=OuterRef("pk"), program_id=program_id, status__in=OPEN_STATES
        )
        .order_by()
        .values("case_manager")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        User.objects.filter(
            memberships__program_id=program_id,
            memberships__role="case_manager",
            memberships__active=True,
            is_active=True,
        )
        .distinct()
        .annotate(open_caseload=Coalesce(Subquery(caseload), 0))
        .order_by("username")
    )


class EnrollmentForm(PersonPageForm):
    """One enrollment change. `moves` are the changes that make sense from the current
    status (queries.enrollment_moves): the page offers only these, each with its own button
    and only the field it needs, so nothing is preselected (issue 11)."""

    ids = "enrollment"

    action = forms.ChoiceField(choices=ENROLLMENT_ACTIONS, label="Change")
    reason = forms.ModelChoiceField(
        queryset=InactiveReason.objects.none(), required=False, label="Reason"
    )
    destination = forms.TypedChoiceField(
        choices=[("", "—"), *DESTINATIONS],
        coerce=int,
        required=False,
        empty_value=None,
        label="Where they went (HMIS 3.12 destination)",
    )
    case_manager = ManagerChoiceField(
        queryset=User.objects.none(),
        required=False,
        to_field_name="username",
        label="New case manager",
        empty_label="Choose a case manager",
    )
    # The state the page showed: a change decided on a state that has moved is a 409.
    seen = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        program: Program,
        moves: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.moves = moves
        reason: Any = self.fields["reason"]
        reason.queryset = InactiveReason.objects.filter(program=program, active=True)
        offer(reason, program_choices(program).reasons)
        manager_field: Any = self.fields["case_manager"]
        manager_field.queryset = program_managers(program.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {"inactive": "reason", "exit": "destination", "reassign": "case_manager"}.get(
            data.get("action", "")
        )
        if needed and data.get(needed) in (None, "") and needed not in self.errors:
            self.add_error(needed, NEEDED[needed])
        return data


NEEDED = {
    "reason": "Choose why they are inactive.",
    "destination": "Choose where they went.",
    "case_manager": "Choose the new case manager.",
}


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
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, first: dt.date = EARLIEST, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first = first
        # The phone's month picker offers only the months that make sense.
        self.fields["month"].widget.attrs.update(
            {"min": f"{first:%Y-%m}", "max": f"{program_today():%Y-%m}"}
        )

    def clean_month(self) -> dt.date:
        month: dt.date = self.cleaned_data["month"].replace(day=1)
        problem = month_problem(month, first=self.first, today=program_today())
        if problem:
            raise forms.ValidationError(problem, code="date_range")
        return month


class AssessmentForm(StatusFactsMixin):
    kind = forms.ChoiceField(choices=AssessmentKind.choices)
    assessed_on = PastDateField(initial=program_today, label="Date")

    def __init__(
        self,
        *args: Any,
        template: AssessmentTemplate,
        show_health: bool,
        first: dt.date = EARLIEST,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.first = first  # queries.first_day: the day the person came to the program
        self.fields["assessed_on"].widget.attrs.update(
            {"min": first.isoformat(), "max": program_today().isoformat()}
        )
        self.domains = [
            Domain(d) for d in template.domains if show_health or d not in HEALTH_DOMAINS
        ]
        for domain in self.domains:
            self.fields[f"status_{domain.value}"] = forms.ChoiceField(
                choices=DomainStatus.choices,
                label=domain.label,
                initial=DomainStatus.NOT_ASSESSED,
            )
            self.fields[f"note_{domain.value}"] = forms.CharField(
                required=False,
                max_length=2000,
                label="Notes",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_assessed_on(self) -> dt.date:
        """PastDateField refused the future and 1900; nor before the person came."""
        day: dt.date = self.cleaned_data["assessed_on"]
        problem = record_date_problem(day, first=self.first, today=program_today())
        if problem:
            raise forms.ValidationError(problem, code="date_range")
        return day

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

    def clean(self) -> dict[str, Any]:
        """A budget period starts after 1900 and ends within ten years, after it starts."""
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        latest = program_today().replace(year=program_today().year + 10, month=1, day=1)
        for name, day in (("starts_on", start), ("ends_on", end)):
            problem = day and window_problem(day, start=EARLIEST, latest=latest)
            if problem:
                self.add_error(name, problem)
        if start and end and end < start and "ends_on" not in self.errors:
            self.add_error("ends_on", "The period ends before it starts.")
        return data


class TemplateForm(forms.Form):
    domains = forms.MultipleChoiceField(choices=Domain.choices, widget=forms.CheckboxSelectMultiple)


class AppointmentForm(PersonPageForm):
    ids = "appointment"
    starts_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    kind = forms.ChoiceField(choices=AppointmentKind.choices)
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        to_field_name="public_id",
        required=False,
        label="Provider (if any)",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (encrypted)",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider"]
        field.queryset = Provider.objects.filter(program=program, active=True)
        offer(field, program_choices(program).providers)
